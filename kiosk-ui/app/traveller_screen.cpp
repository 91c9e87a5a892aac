// The traveller self-check screen (Dear ImGui).
#include "traveller_screen.h"

#include <SDL.h>
#include <imgui.h>

namespace bordergate::kiosk_app {

using namespace kiosk_ui;

std::vector<TravellerUiAction> drawTravellerScreen(const TravellerView& view, const Translations& tr, const Fonts& fonts,
                                                   TravellerUi& ui) {
  std::vector<TravellerUiAction> out;
  const ImVec2 d = ImGui::GetIO().DisplaySize;
  const std::string& lang = view.language;
  const bool rtl = tr.isRightToLeft(lang);
  unsigned band = IM_COL32(0, 0, 0, 255);
  std::string headline, detail;
  switch (view.screen) {
    case TravellerScreen::PlaceDocument:
      headline = tr.text(lang, "traveller.place_document");
      break;
    case TravellerScreen::Reading:
      headline = tr.text(lang, "traveller.reading");
      band = IM_COL32(10, 40, 90, 255);
      break;
    case TravellerScreen::Proceed:
      headline = tr.text(lang, "traveller.proceed");
      detail = tr.text(lang, "traveller.take_document");
      band = IM_COL32(0, 110, 50, 255);
      break;
    case TravellerScreen::SeeOfficer:
      // Calm blue, never red: the screen must not suggest why (no tipping off).
      headline = tr.text(lang, "traveller.see_officer");
      detail = tr.text(lang, "traveller.see_officer_detail");
      band = IM_COL32(20, 60, 140, 255);
      break;
  }
  ImGui::SetNextWindowPos(ImVec2(0, 0));
  ImGui::SetNextWindowSize(d);
  ImGui::PushStyleColor(ImGuiCol_WindowBg, band);
  ImGui::Begin("##traveller", nullptr, ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings);
  const float margin = d.x * 0.06f, width = d.x - 2 * margin;
  ImGui::SetCursorPos(ImVec2(margin, d.y * 0.06f));
  ui.text.centred(tr.text(lang, "traveller.title"), rtl, width, fonts.large, IM_COL32(220, 220, 220, 255));
  // A simple pictogram: the passport, face down, on the reader glass.
  if (view.screen == TravellerScreen::PlaceDocument || view.screen == TravellerScreen::Reading) {
    auto* dl = ImGui::GetWindowDrawList();
    const float cx = d.x / 2, cy = d.y * 0.32f, rw = d.x * 0.13f, rh = rw * 0.7f;
    dl->AddRectFilled(ImVec2(cx - rw * 1.2f, cy - rh * 0.9f), ImVec2(cx + rw * 1.2f, cy + rh * 0.9f), IM_COL32(60, 60, 70, 255), 12);
    dl->AddRectFilled(ImVec2(cx - rw, cy - rh * 0.7f), ImVec2(cx + rw, cy + rh * 0.7f), IM_COL32(120, 20, 40, 255), 8);
    dl->AddRect(ImVec2(cx - rw, cy - rh * 0.7f), ImVec2(cx + rw, cy + rh * 0.7f), IM_COL32(255, 255, 255, 255), 8, 0, 4);
  } else {
    auto* dl = ImGui::GetWindowDrawList();
    const float cx = d.x / 2, cy = d.y * 0.32f, r = d.y * 0.11f;
    dl->AddCircle(ImVec2(cx, cy), r, IM_COL32(255, 255, 255, 255), 64, 10);
    if (view.screen == TravellerScreen::Proceed) {
      dl->AddLine(ImVec2(cx - r * 0.5f, cy), ImVec2(cx + r * 0.5f, cy), IM_COL32(255, 255, 255, 255), 12);
      dl->AddTriangleFilled(ImVec2(cx + r * 0.65f, cy), ImVec2(cx + r * 0.2f, cy - r * 0.4f), ImVec2(cx + r * 0.2f, cy + r * 0.4f),
                            IM_COL32(255, 255, 255, 255));
    } else {  // a person pictogram: "see an officer"
      dl->AddCircleFilled(ImVec2(cx, cy - r * 0.35f), r * 0.22f, IM_COL32(255, 255, 255, 255));
      dl->AddRectFilled(ImVec2(cx - r * 0.3f, cy - r * 0.05f), ImVec2(cx + r * 0.3f, cy + r * 0.55f), IM_COL32(255, 255, 255, 255), 8);
    }
  }
  ImGui::SetCursorPos(ImVec2(margin, d.y * 0.52f));
  ui.text.centred(headline, rtl, width, fonts.huge, IM_COL32(255, 255, 255, 255));
  ImGui::SetCursorPosX(margin);
  ImGui::Dummy(ImVec2(0, 12));
  if (!detail.empty()) {
    ImGui::SetCursorPosX(margin);
    ui.text.centred(detail, rtl, width, fonts.large, IM_COL32(255, 255, 255, 255));
  }
  for (const auto& h : view.hintKeys) {
    ImGui::SetCursorPosX(margin);
    ui.text.centred(tr.text(lang, h), rtl, width, fonts.large, IM_COL32(255, 210, 90, 255));
  }
  // Language buttons, each in its own language, keys 1-4.
  const auto& langs = tr.languages();
  const float bw = 260, bh = 80, total = langs.size() * bw + (langs.size() - 1) * 24;
  ImGui::SetCursorPos(ImVec2((d.x - total) / 2, d.y - bh - d.y * 0.06f));
  ImGui::PushFont(fonts.large);
  for (std::size_t i = 0; i < langs.size(); ++i) {
    if (i) ImGui::SameLine(0, 24);
    const bool current = langs[i] == lang;
    ImGui::PushStyleColor(ImGuiCol_Button, current ? IM_COL32(255, 255, 255, 255) : IM_COL32(0, 0, 0, 200));
    ImGui::PushStyleColor(ImGuiCol_Text, current ? IM_COL32(0, 0, 0, 255) : IM_COL32(255, 255, 255, 255));
    const std::string label = ui.text.visual(tr.nativeName(langs[i]), tr.isRightToLeft(langs[i])) + "##" + langs[i];
    const bool clicked = ImGui::Button(label.c_str(), ImVec2(bw, bh));
    ImGui::PopStyleColor(2);
    if (clicked || ImGui::IsKeyPressed(static_cast<int>(SDL_SCANCODE_1 + i), false))
      out.push_back({TravellerUiAction::Kind::SetLanguage, langs[i]});
  }
  ImGui::PopFont();
  if (ImGui::IsMouseClicked(0)) out.push_back({TravellerUiAction::Kind::Touch, ""});
  if (ImGui::IsKeyPressed(static_cast<int>(SDL_SCANCODE_RETURN), false)) out.push_back({TravellerUiAction::Kind::Done, ""});
  ImGui::End();
  ImGui::PopStyleColor();
  return out;
}

void applyTravellerActions(TravellerSelfCheck& check, const Translations& tr, const std::vector<TravellerUiAction>& actions) {
  for (const auto& a : actions) {
    switch (a.kind) {
      case TravellerUiAction::Kind::SetLanguage: (void)check.setLanguage(a.language, tr.languages()); break;
      case TravellerUiAction::Kind::Touch: check.input(TravellerInput::Touch); break;
      case TravellerUiAction::Kind::Done: check.input(TravellerInput::Done); break;
    }
  }
}

}  // namespace bordergate::kiosk_app
