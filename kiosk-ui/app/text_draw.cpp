// Bidi-aware text drawing for Dear ImGui.
#include "text_draw.h"

#include <imgui.h>

#include <vector>

#include "bordergate/kiosk_ui/bidi.h"

namespace bordergate::kiosk_app {

const std::string& BidiText::visual(const std::string& logical, bool rtl) {
  auto key = std::make_pair(logical, rtl);
  auto it = cache_.find(key);
  if (it == cache_.end()) {
    if (cache_.size() > 4096) cache_.clear();  // strings change rarely; bound the cache anyway
    it = cache_.emplace(key, kiosk_ui::visualLine(logical, rtl)).first;
  }
  return it->second;
}

namespace {

std::vector<std::string> splitWords(const std::string& logical) {
  std::vector<std::string> words;
  std::string w;
  for (char c : logical) {
    if (c == ' ') {
      if (!w.empty()) words.push_back(w);
      w.clear();
    } else {
      w += c;
    }
  }
  if (!w.empty()) words.push_back(w);
  return words;
}

}  // namespace

std::vector<std::string> BidiText::wrap(const std::string& logical, bool rtl, float width) {
  // Wrapping works on logical words; each line is measured in its visual (shaped) form.
  std::vector<std::string> lines;
  std::string line;
  for (const auto& word : splitWords(logical)) {
    std::string tryLine = line.empty() ? word : line + " " + word;
    if (!line.empty() && ImGui::CalcTextSize(visual(tryLine, rtl).c_str()).x > width) {
      lines.push_back(line);
      line = word;
    } else {
      line = tryLine;
    }
  }
  if (!line.empty()) lines.push_back(line);
  return lines;
}

void BidiText::paragraph(const std::string& logical, bool rtl, float width, ImFont* font, unsigned colour) {
  ImGui::PushFont(font);
  const float x0 = ImGui::GetCursorPosX();
  for (const auto& l : wrap(logical, rtl, width)) {
    const std::string& v = visual(l, rtl);
    if (rtl) ImGui::SetCursorPosX(x0 + width - ImGui::CalcTextSize(v.c_str()).x);
    ImGui::PushStyleColor(ImGuiCol_Text, colour);
    ImGui::TextUnformatted(v.c_str());
    ImGui::PopStyleColor();
    ImGui::SetCursorPosX(x0);
  }
  ImGui::PopFont();
}

void BidiText::centred(const std::string& logical, bool rtl, float width, ImFont* font, unsigned colour) {
  ImGui::PushFont(font);
  const float x0 = ImGui::GetCursorPosX();
  for (const auto& l : wrap(logical, rtl, width)) {
    const std::string& v = visual(l, rtl);
    const float tw = ImGui::CalcTextSize(v.c_str()).x;
    ImGui::SetCursorPosX(x0 + (width > tw ? (width - tw) / 2 : 0));
    ImGui::PushStyleColor(ImGuiCol_Text, colour);
    ImGui::TextUnformatted(v.c_str());
    ImGui::PopStyleColor();
    ImGui::SetCursorPosX(x0);
  }
  ImGui::PopFont();
}

}  // namespace bordergate::kiosk_app
