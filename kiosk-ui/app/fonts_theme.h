// Fonts (DejaVu Sans from Debian fonts-dejavu-core: Latin incl. Turkish, Cyrillic, Arabic with
// its presentation forms) and the high-contrast theme, readable at arm's length.
#pragma once

#include <filesystem>

#include "bordergate/core/result.h"

struct ImFont;

namespace bordergate::kiosk_app {

struct Fonts {
  ImFont* body = nullptr;    // 24 px: fields, reasons, board
  ImFont* large = nullptr;   // 40 px: headings, countdowns
  ImFont* huge = nullptr;    // 64 px: the recommendation, traveller messages
  ImFont* mono = nullptr;    // 24 px DejaVu Sans Mono: MRZ lines
};

// Where DejaVu lives on Debian.
inline const std::filesystem::path kDejaVuDir = "/usr/share/fonts/truetype/dejavu";

// Loads the fonts into the current ImGui context's atlas. NotFound naming the file and the
// package (fonts-dejavu-core) when a font is missing. Call before the first frame.
Result<Fonts> loadFonts(const std::filesystem::path& dir = kDejaVuDir);

// Black background, white text, saturated status colours, thick borders, large spacing.
void applyHighContrastTheme();

// Status colours of the theme (RGBA packed as ImU32).
namespace colours {
unsigned admit();   // green
unsigned refer();   // amber
unsigned refuse();  // red
unsigned amber();
unsigned red();
unsigned text();
unsigned dimText();
unsigned panel();
}  // namespace colours

}  // namespace bordergate::kiosk_app
