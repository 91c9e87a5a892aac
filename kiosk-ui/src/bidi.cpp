// Bidi reordering and Arabic shaping with GNU FriBidi.
#include "bordergate/kiosk_ui/bidi.h"

#include <fribidi.h>

#include <vector>

#include "bordergate/core/text.h"

namespace bordergate::kiosk_ui {

std::string visualLine(std::string_view logicalUtf8, bool rtlParagraph) {
  std::u32string logical;
  for (char32_t c : text::decodeUtf8(logicalUtf8))
    if (!((c >= 0x064B && c <= 0x065F) || c == 0x0670)) logical.push_back(c);  // see bidi.h: harakat
  bool hasRtl = rtlParagraph;
  for (char32_t c : logical)
    if ((c >= 0x0590 && c <= 0x08FF) || (c >= 0xFB1D && c <= 0xFEFC)) hasRtl = true;
  if (!hasRtl || logical.empty()) return std::string(logicalUtf8.empty() ? "" : text::encodeUtf8(logical));
  const auto n = static_cast<FriBidiStrIndex>(logical.size());
  std::vector<FriBidiChar> in(logical.begin(), logical.end()), out(logical.size() + 1);
  FriBidiParType base = rtlParagraph ? FRIBIDI_PAR_RTL : FRIBIDI_PAR_ON;
  // fribidi_log2vis applies FRIBIDI_FLAGS_DEFAULT | FRIBIDI_FLAGS_ARABIC: bidi (UAX #9),
  // mirroring, Arabic joining and shaping including lam-alef ligatures.
  if (!fribidi_log2vis(in.data(), n, &base, out.data(), nullptr, nullptr, nullptr))
    return text::encodeUtf8(logical);
  std::u32string visual;
  for (FriBidiStrIndex i = 0; i < n; ++i)
    if (out[static_cast<std::size_t>(i)] != 0xFEFF && out[static_cast<std::size_t>(i)] != 0x200F &&
        out[static_cast<std::size_t>(i)] != 0x200E)
      visual.push_back(static_cast<char32_t>(out[static_cast<std::size_t>(i)]));
  return text::encodeUtf8(visual);
}

}  // namespace bordergate::kiosk_ui
