// Right-to-left text for renderers that only draw left to right (Dear ImGui): Unicode bidi
// reordering and Arabic joining/shaping into presentation forms (GNU FriBidi).
#pragma once

#include <string>
#include <string_view>

namespace bordergate::kiosk_ui {

// Converts one line of UTF-8 text in logical order into visual order, with Arabic letters
// replaced by their contextual presentation forms (U+FB50..U+FDFF, U+FE70..U+FEFF) and
// lam-alef ligatures, ready to be drawn glyph by glyph from left to right. `rtlParagraph`
// sets the base direction (true for an Arabic screen). Text without right-to-left characters
// comes back unchanged. Arabic vowel marks (harakat U+064B..U+065F, U+0670) are dropped: a
// renderer that draws glyph by glyph cannot place combining marks, and Arabic is normally
// written without them. Invalid UTF-8 bytes become U+FFFD. Never throws.
std::string visualLine(std::string_view logicalUtf8, bool rtlParagraph);

}  // namespace bordergate::kiosk_ui
