// Fonts and the high-contrast theme.
#include "fonts_theme.h"

#include <imgui.h>

namespace bordergate::kiosk_app {
namespace {

// Latin + Latin Extended (Turkish ğ ı ş İ), Greek/Cyrillic, general punctuation, check marks,
// Arabic, Arabic Presentation Forms A and B (what FriBidi's shaping produces).
const ImWchar kRanges[] = {
    0x0020, 0x024F, 0x0370, 0x04FF, 0x0600, 0x06FF, 0x2000, 0x206F, 0x2190, 0x22FF, 0x25A0, 0x25FF,  // arrows, maths, geometric shapes (the reasons marker)
    0x2600, 0x26FF, 0x2700, 0x27BF, 0xFB50, 0xFDFF, 0xFE70, 0xFEFF, 0,
};

}  // namespace

Result<Fonts> loadFonts(const std::filesystem::path& dir) {
  const auto sans = dir / "DejaVuSans.ttf", bold = dir / "DejaVuSans-Bold.ttf", mono = dir / "DejaVuSansMono.ttf";
  for (const auto& p : {sans, bold, mono})
    if (!std::filesystem::exists(p))
      return fail(ErrorCode::NotFound, "font " + p.string() + " is missing: apt-get install fonts-dejavu-core");
  ImGuiIO& io = ImGui::GetIO();
  ImFontConfig cfg;
  cfg.OversampleH = 1;  // keeps the atlas small; text is large enough not to need it
  cfg.OversampleV = 1;
  Fonts f;
  f.body = io.Fonts->AddFontFromFileTTF(sans.c_str(), 24.0f, &cfg, kRanges);
  f.large = io.Fonts->AddFontFromFileTTF(bold.c_str(), 40.0f, &cfg, kRanges);
  f.huge = io.Fonts->AddFontFromFileTTF(bold.c_str(), 64.0f, &cfg, kRanges);
  f.mono = io.Fonts->AddFontFromFileTTF(mono.c_str(), 24.0f, &cfg, kRanges);
  if (!f.body || !f.large || !f.huge || !f.mono) return fail(ErrorCode::InvalidData, "cannot load the DejaVu fonts");
  if (!io.Fonts->Build()) return fail(ErrorCode::Internal, "cannot build the font atlas");
  return f;
}

void applyHighContrastTheme() {
  ImGuiStyle& s = ImGui::GetStyle();
  ImGui::StyleColorsDark(&s);
  s.WindowRounding = 0;
  s.FrameRounding = 4;
  s.WindowBorderSize = 2;
  s.FrameBorderSize = 2;
  s.FramePadding = ImVec2(12, 8);
  s.ItemSpacing = ImVec2(14, 10);
  s.CellPadding = ImVec2(10, 6);
  auto* c = s.Colors;
  c[ImGuiCol_WindowBg] = ImVec4(0, 0, 0, 1);
  c[ImGuiCol_ChildBg] = ImVec4(0.06f, 0.06f, 0.08f, 1);
  c[ImGuiCol_PopupBg] = ImVec4(0.05f, 0.05f, 0.05f, 1);
  c[ImGuiCol_Text] = ImVec4(1, 1, 1, 1);
  c[ImGuiCol_TextDisabled] = ImVec4(0.75f, 0.75f, 0.75f, 1);
  c[ImGuiCol_Border] = ImVec4(0.85f, 0.85f, 0.85f, 1);
  c[ImGuiCol_FrameBg] = ImVec4(0.12f, 0.12f, 0.14f, 1);
  c[ImGuiCol_Button] = ImVec4(0.10f, 0.20f, 0.45f, 1);
  c[ImGuiCol_ButtonHovered] = ImVec4(0.15f, 0.30f, 0.65f, 1);
  c[ImGuiCol_ButtonActive] = ImVec4(0.20f, 0.40f, 0.85f, 1);
  c[ImGuiCol_Header] = ImVec4(0.15f, 0.30f, 0.65f, 1);
  c[ImGuiCol_TableHeaderBg] = ImVec4(0.15f, 0.15f, 0.20f, 1);
  c[ImGuiCol_TableRowBgAlt] = ImVec4(0.08f, 0.08f, 0.10f, 1);
  c[ImGuiCol_ModalWindowDimBg] = ImVec4(0, 0, 0, 0.75f);
}

namespace colours {
unsigned admit() { return IM_COL32(0, 200, 80, 255); }
unsigned refer() { return IM_COL32(255, 176, 0, 255); }
unsigned refuse() { return IM_COL32(230, 30, 30, 255); }
unsigned amber() { return IM_COL32(255, 176, 0, 255); }
unsigned red() { return IM_COL32(255, 45, 45, 255); }
unsigned text() { return IM_COL32(255, 255, 255, 255); }
unsigned dimText() { return IM_COL32(200, 200, 200, 255); }
unsigned panel() { return IM_COL32(16, 16, 20, 255); }
}  // namespace colours

}  // namespace bordergate::kiosk_app
