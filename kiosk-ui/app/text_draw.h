// Drawing text that may be right to left: logical UTF-8 in, shaped visual glyphs out, with
// wrapping and right alignment for RTL paragraphs. The shaping cache is owned by the caller
// (a member of the screen's UI state — never a static local).
#pragma once

#include <map>
#include <string>
#include <vector>

struct ImFont;

namespace bordergate::kiosk_app {

class BidiText {
 public:
  // The visual form of `logical` (cached).
  const std::string& visual(const std::string& logical, bool rtl);

  // Draws a wrapped paragraph at the cursor, `width` pixels wide, in `font` with `colour`;
  // RTL paragraphs are right-aligned and wrapped on their logical words. Advances the cursor.
  void paragraph(const std::string& logical, bool rtl, float width, ImFont* font, unsigned colour);
  // Centred in `width` from the cursor's x; wrapped on words when wider than `width`.
  void centred(const std::string& logical, bool rtl, float width, ImFont* font, unsigned colour);

 private:
  // Logical lines of at most `width` pixels in the current font (a longer single word
  // stays on its own line).
  std::vector<std::string> wrap(const std::string& logical, bool rtl, float width);
  std::map<std::pair<std::string, bool>, std::string> cache_;
};

}  // namespace bordergate::kiosk_app
