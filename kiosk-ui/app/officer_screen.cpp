// The officer screen (Dear ImGui): status bar, camera + parsed fields, recommendation,
// decision keys, the comprehensive-control board, sign-in, refusal notice, four-hour alarm.
#include "officer_screen.h"

#include <SDL.h>
#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <ctime>

namespace bordergate::kiosk_app {

using namespace kiosk_ui;

namespace {

ImVec4 toVec(unsigned c) { return ImGui::ColorConvertU32ToFloat4(c); }

void coloured(unsigned c, const std::string& s) {
  ImGui::PushStyleColor(ImGuiCol_Text, c);
  ImGui::TextUnformatted(s.c_str());
  ImGui::PopStyleColor();
}

const char* verdictKey(Verdict v) {
  switch (v) {
    case Verdict::Admit: return "officer.admit";
    case Verdict::Refer: return "officer.refer";
    case Verdict::Refuse: return "officer.refuse";
  }
  return "officer.refer";
}

unsigned verdictColour(Verdict v) {
  switch (v) {
    case Verdict::Admit: return colours::admit();
    case Verdict::Refer: return colours::refer();
    case Verdict::Refuse: return colours::refuse();
  }
  return colours::refer();
}

unsigned markColour(ControlMark m) {
  switch (m) {
    case ControlMark::Running: return colours::text();
    case ControlMark::Amber: return colours::amber();
    case ControlMark::Red:
    case ControlMark::Overdue: return colours::red();
  }
  return colours::text();
}

std::string utcClock(WallTime t) {
  const std::time_t tt = std::chrono::system_clock::to_time_t(t);
  std::tm tm{};
  gmtime_r(&tt, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%H:%M:%S UTC", &tm);
  return buf;
}

bool keyPressed(SDL_Scancode k) { return ImGui::IsKeyPressed(static_cast<int>(k), false); }

// Updates the streaming camera texture from a camera frame (only when a new frame arrived),
// scaled once here to the size it is shown at (nearest neighbour), so that the renderer copies
// it 1:1 every frame instead of scaling 1280x720 pixels each time (bench: kiosk --bench).
void uploadFrame(SDL_Renderer* r, OfficerUi& ui, const Frame& f, int outW, int outH) {
  if (f.empty() || outW <= 0 || outH <= 0) return;
  if (f.sequence == ui.cameraSequence && ui.cameraW == outW && ui.cameraH == outH) return;
  if (!ui.camera || ui.cameraW != outW || ui.cameraH != outH) {
    if (ui.camera) SDL_DestroyTexture(ui.camera);
    // XRGB (no alpha): the software renderer copies it without blending.
    ui.camera = SDL_CreateTexture(r, SDL_PIXELFORMAT_RGB888, SDL_TEXTUREACCESS_STREAMING, outW, outH);
    ui.cameraW = outW;
    ui.cameraH = outH;
    if (!ui.camera) return;
  }
  void* pixels = nullptr;
  int pitch = 0;
  if (SDL_LockTexture(ui.camera, nullptr, &pixels, &pitch) != 0) return;
  for (int y = 0; y < outH; ++y) {
    const std::uint8_t* src = f.row(static_cast<int>(static_cast<long long>(y) * f.height / outH));
    auto* dst = reinterpret_cast<std::uint32_t*>(static_cast<std::uint8_t*>(pixels) + static_cast<std::ptrdiff_t>(y) * pitch);
    for (int x = 0; x < outW; ++x) {
      const int sx = static_cast<int>(static_cast<long long>(x) * f.width / outW);
      if (f.format == PixelFormat::Gray8) {
        const std::uint32_t g = src[sx];
        dst[x] = 0xFF000000u | (g << 16) | (g << 8) | g;
      } else {
        dst[x] = 0xFF000000u | (std::uint32_t(src[3 * sx + 2]) << 16) | (std::uint32_t(src[3 * sx + 1]) << 8) | src[3 * sx];
      }
    }
  }
  SDL_UnlockTexture(ui.camera);
  ui.cameraSequence = f.sequence;
}

// One item of the status bar, in its colour.
struct StatusItem {
  std::string text;
  unsigned colour;
};

std::vector<StatusItem> statusItems(const LaneController& lane, WallTime wallNow) {
  std::vector<StatusItem> items;
  const auto st = lane.status();
  items.push_back({"Lane " + lane.config().lane + (lane.config().exitLane ? " (exit)" : "") + "  " + utcClock(wallNow), colours::text()});
  if (lane.locked())
    items.push_back({"LOCKED", colours::amber()});
  else
    items.push_back({lane.officer()->name + " (" + std::string(roleName(lane.officer()->role)) + ")", colours::text()});
  if (st.listVersion.empty())
    items.push_back({st.listMessage.empty() ? "List: NONE (interim checks)" : "List: NONE, no recommendations", colours::red()});
  else
    items.push_back({"List " + st.listVersion + (st.listAge ? " (" + std::to_string(st.listAge->count()) + " h)" : "") +
                         (st.listStale ? " STALE: everyone referred" : st.listWarning ? " OLD" : ""),
                     st.listStale ? colours::red() : st.listWarning ? colours::amber() : colours::text()});
  items.push_back({"Sync: " + (st.syncState.empty() ? std::string("-") : st.syncState) + ", outbox " +
                       std::to_string(st.outboxPending),
                   colours::text()});
  if (lane.unrecordedFacts() > 0)
    items.push_back({std::to_string(lane.unrecordedFacts()) +
                         " record(s) NOT SAVED, retrying: free disk space or call a technician",
                     colours::red()});
  const auto& gs = lane.gateStatus();
  items.push_back({gs.health.empty() ? "gate: ?" : gs.health, gs.healthy ? colours::text() : colours::red()});
  // A lane without its camera reads no document: red, like the gate's board offline.
  if (!st.deviceHealth.empty()) items.push_back({st.deviceHealth, st.devicesHealthy ? colours::text() : colours::red()});
  return items;
}

constexpr float kStatusBarHeight = 48, kStatusPadX = 8;
const char* const kStatusSeparator = "  |  ";

// One row, so the panels below keep their room at 1280x720 (a bar that wrapped onto two or
// three rows there cut off the refusal grounds and the expiry date, a review, 7 Dec 2026).
// What needs the officer comes first: red items (records not saved, the gate or board
// offline, no list or a stale one, the camera missing or failing), then amber (locked, an old list), then the rest in their
// order. An item that does not fit is cut with "..." and the items after it are left out, so
// what is cut is the least urgent.
void statusBar(const LaneController& lane, const Fonts& fonts, WallTime wallNow, float w, OfficerUi& ui) {
  auto items = statusItems(lane, wallNow);
  auto urgency = [](unsigned c) { return c == colours::red() ? 0 : c == colours::amber() ? 1 : 2; };
  std::stable_sort(items.begin(), items.end(),
                   [&](const StatusItem& a, const StatusItem& b) { return urgency(a.colour) < urgency(b.colour); });
  ImGui::SetNextWindowPos(ImVec2(0, 0));
  ImGui::SetNextWindowSize(ImVec2(w, kStatusBarHeight));
  ImGui::Begin("##status", nullptr, ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings);
  ImGui::PushFont(fonts.body);
  const float sepW = ImGui::CalcTextSize(kStatusSeparator).x, dotsW = ImGui::CalcTextSize("...").x;
  const float right = w - kStatusPadX;
  const float y = ImGui::GetCursorPosY();
  float x = kStatusPadX;
  ui.statusShown = 0;
  ui.statusTexts.clear();
  ui.statusColours.clear();
  ui.statusCut = false;
  ui.statusRight = 0;
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i > 0) {
      ImGui::SetCursorPos(ImVec2(x, y));
      coloured(colours::dimText(), kStatusSeparator);
      x += sepW;
    }
    // Room for this item and, when more follow, for the next separator and a "...".
    const float reserve = i + 1 < items.size() ? sepW + dotsW : 0;
    std::string text = items[i].text;
    if (x + ImGui::CalcTextSize(text.c_str()).x + reserve > right) {
      // Cut to what fits, marked with "..." (which says more is left out); nothing after it.
      while (!text.empty() && x + ImGui::CalcTextSize((text + "...").c_str()).x > right) {
        // One character: UTF-8 continuation bytes, then their lead byte (names like "Ayşe").
        while (text.size() > 1 && (static_cast<unsigned char>(text.back()) & 0xC0) == 0x80) text.pop_back();
        text.pop_back();
      }
      text += "...";
      ui.statusCut = true;
    }
    ImGui::SetCursorPos(ImVec2(x, y));
    coloured(items[i].colour, text);
    x += ImGui::CalcTextSize(text.c_str()).x;
    ui.statusRight = std::max(ui.statusRight, ImGui::GetItemRectMax().x);
    ++ui.statusShown;
    ui.statusTexts.push_back(text);
    ui.statusColours.push_back(items[i].colour);
    if (ui.statusCut) break;
  }
  if (ui.statusShown < static_cast<int>(items.size())) ui.statusCut = true;
  ImGui::PopFont();
  ImGui::End();
}

void cameraAndFields(const LaneController& lane, const Translations& tr, const Fonts& fonts, SDL_Renderer* r, OfficerUi& ui, float x, float y,
                     float w, float h) {
  ImGui::SetNextWindowPos(ImVec2(x, y));
  ImGui::SetNextWindowSize(ImVec2(w, h));
  ImGui::Begin("##document", nullptr, ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings);
  ImGui::PushFont(fonts.body);
  const auto& read = lane.currentRead();
  const bool mayView = lane.can(Permission::ViewPersonalData);  // false while locked
  const Frame* frame = nullptr;
  if (read && read->frame) frame = &*read->frame;
  else if (lane.liveFrame()) frame = &*lane.liveFrame();
  const float camW = std::floor(w * 0.78f), camH = std::floor(camW * 9.0f / 16.0f);
  const ImVec2 camPos = ImGui::GetCursorScreenPos();
  if (frame && mayView) {
    uploadFrame(r, ui, *frame, static_cast<int>(camW), static_cast<int>(camH));
    if (ui.camera) ImGui::Image(ui.camera, ImVec2(camW, camH));
    const float sx = camW / static_cast<float>(frame->width), sy = camH / static_cast<float>(frame->height);
    auto* dl = ImGui::GetWindowDrawList();
    if (read && read->mrzBox) {
      const auto& b = *read->mrzBox;
      dl->AddRect(ImVec2(camPos.x + b.x * sx, camPos.y + b.y * sy),
                  ImVec2(camPos.x + (b.x + b.width) * sx, camPos.y + (b.y + b.height) * sy),
                  read->record.valid() ? colours::admit() : colours::refuse(), 0, 0, 4.0f);
    }
    // The document photo area, cropped, beside the camera view.
    if (read && read->photoBox && ui.camera) {
      const auto& p = *read->photoBox;
      ImGui::SameLine();
      ImGui::BeginGroup();
      ImGui::TextUnformatted("Photo");
      const float pw = w - camW - 40, ph = pw * static_cast<float>(p.height) / static_cast<float>(std::max(1, p.width));
      ImGui::Image(ui.camera, ImVec2(pw, ph),
                   ImVec2(static_cast<float>(p.x) / frame->width, static_cast<float>(p.y) / frame->height),
                   ImVec2(static_cast<float>(p.x + p.width) / frame->width, static_cast<float>(p.y + p.height) / frame->height));
      ImGui::EndGroup();
    }
  } else {
    ImGui::Dummy(ImVec2(camW, camH));
    ImGui::GetWindowDrawList()->AddRect(camPos, ImVec2(camPos.x + camW, camPos.y + camH), colours::dimText());
  }
  ImGui::SetCursorScreenPos(ImVec2(camPos.x, camPos.y + camH + 8));
  if (!read) {
    coloured(colours::dimText(), "Waiting for a document.");
    for (const auto& hkey : lane.liveHints()) ImGui::TextWrapped("Traveller hint: %s", tr.text("en", hkey).c_str());
  } else if (!lane.can(Permission::ViewPersonalData)) {
    coloured(colours::dimText(), lane.locked() ? "Sign in to see the document." : "Personal data hidden for this role.");
  } else {
    const auto& rec = read->record;
    ImGui::PushFont(fonts.mono);
    for (const auto& l : read->mrzLines) ImGui::TextUnformatted(l.c_str());
    ImGui::PopFont();
    auto check = [&](const char* name) -> std::string {
      const auto* c = rec.check(name);
      if (!c) return "";
      return c->passed ? std::string(" \u2713") : std::string(" \u2717 (") + c->found + " \u2260 " + c->expected + ")";
    };
    auto checkColour = [&](const char* name) {
      const auto* c = rec.check(name);
      return !c ? colours::text() : c->passed ? colours::admit() : colours::refuse();
    };
    if (ImGui::BeginTable("fields", 3, ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH)) {
      ImGui::TableSetupColumn("field", ImGuiTableColumnFlags_WidthFixed, w * 0.22f);
      ImGui::TableSetupColumn("value", ImGuiTableColumnFlags_WidthStretch);
      ImGui::TableSetupColumn("check", ImGuiTableColumnFlags_WidthFixed, w * 0.22f);
      auto row = [&](const char* label, const std::string& value, const char* checkName) {
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        coloured(colours::dimText(), label);
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(value.c_str());
        ImGui::TableNextColumn();
        if (checkName) coloured(checkColour(checkName), check(checkName));
      };
      row("Document", rec.documentCode + " " + (rec.format ? std::string(mrz::formatName(*rec.format)) : "?") + "  issued by " + rec.issuingState, nullptr);
      row("Number", rec.documentNumber, "document_number");
      row("Surname", rec.surname, nullptr);
      row("Given names", rec.givenNames, nullptr);
      row("Nationality", rec.nationality, nullptr);
      row("Birth date", rec.birthDate.date() ? rec.birthDate.date()->iso() : rec.birthDate.raw, "birth_date");
      row("Sex", std::string(1, rec.sex), nullptr);
      row("Expiry date", rec.expiryDate.date() ? rec.expiryDate.date()->iso() : rec.expiryDate.raw, "expiry_date");
      if (rec.check("personal_number")) row("Personal no.", rec.personalNumber, "personal_number");
      if (rec.check("optional_data")) row("Optional data", rec.optionalData, "optional_data");
      if (rec.check("composite")) row("Composite", "", "composite");
      ImGui::EndTable();
    }
    for (const auto& hk : read->qualityHints) {
      ImGui::PushStyleColor(ImGuiCol_Text, toVec(colours::amber()));
      ImGui::TextWrapped("Read quality: %s", tr.text("en", hk).c_str());
      ImGui::PopStyleColor();
    }
    coloured(colours::dimText(), "Source: " + read->sourceLabel);
  }
  ImGui::PopFont();
  ImGui::End();
}

void recommendationPanel(const LaneController& lane, const Translations& tr, const Fonts& fonts, OfficerUi& ui, float x,
                         float y, float w, float h) {
  ImGui::SetNextWindowPos(ImVec2(x, y));
  ImGui::SetNextWindowSize(ImVec2(w, h));
  ImGui::Begin("##recommendation", nullptr, ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings);
  ImGui::PushFont(fonts.body);
  coloured(colours::dimText(), tr.text("en", "officer.recommendation"));
  // The key bar and the last message stand at the bottom, as high as their wrapped text: a
  // message longer than one line ran off the panel (review 7 Dec 2026).
  float footerTop = ui.choosingGround ? h - 200 : h - 96;
  if (!ui.message.empty()) {
    const float wrapW = w - 2 * ImGui::GetStyle().WindowPadding.x;
    footerTop -= ImGui::CalcTextSize(ui.message.c_str(), nullptr, false, wrapW).y - ImGui::GetTextLineHeight();
  }
  footerTop = std::max(footerTop, 150.0f);
  const auto& rec = lane.recommendation();
  if (lane.state() == LaneState::Idle) {
    ImGui::PushFont(fonts.large);
    coloured(colours::dimText(), "Waiting for the next traveller");
    ImGui::PopFont();
  } else if (lane.state() == LaneState::ManualPassage) {
    ImGui::PushFont(fonts.large);
    coloured(colours::amber(), "GATE DID NOT OPEN");
    ImGui::PopFont();
    // The gate's health here too, beside what it asks of the officer.
    ImGui::PushStyleColor(ImGuiCol_Text, toVec(colours::red()));
    ImGui::TextWrapped("%s", lane.gateStatus().health.c_str());
    ImGui::PopStyleColor();
    ImGui::TextWrapped("Admission recorded. Let the traveller through by hand, then:");
    ImGui::TextUnformatted("[Enter] passed by hand     [Esc] did not pass");
  } else if (lane.state() == LaneState::GateOpen) {
    ImGui::PushFont(fonts.huge);
    coloured(colours::admit(), "GATE OPEN");
    ImGui::PopFont();
  } else if (lane.locked()) {
    ImGui::PushFont(fonts.large);
    coloured(colours::amber(), "A traveller is waiting: sign in");
    ImGui::PopFont();
  } else if (rec && lane.can(Permission::ViewPersonalData)) {
    const unsigned c = verdictColour(rec->verdict);
    const ImVec2 p = ImGui::GetCursorScreenPos();
    // On a short panel (1280x720) a slimmer banner in the large font leaves the reasons room.
    const bool compact = h < 420;
    const float bannerH = compact ? 56 : 90;
    ImGui::GetWindowDrawList()->AddRectFilled(p, ImVec2(p.x + w - 30, p.y + bannerH), c);
    // The verdict in the largest font that fits the box.
    const std::string verdict = tr.text("en", verdictKey(rec->verdict));
    ImGui::PushFont(fonts.huge);
    const bool fits = !compact && ImGui::CalcTextSize(verdict.c_str()).x < w - 70;
    ImGui::PopFont();
    ImGui::PushFont(fonts.large);
    const bool fitsLarge = ImGui::CalcTextSize(verdict.c_str()).x < w - 70;  // else the body font (1280x720)
    ImGui::PopFont();
    ImGui::PushFont(fits ? fonts.huge : fitsLarge ? fonts.large : fonts.body);
    ImGui::SetCursorScreenPos(ImVec2(p.x + 16, p.y + (bannerH - ImGui::GetTextLineHeight()) / 2));
    coloured(IM_COL32(0, 0, 0, 255), verdict);
    ImGui::PopFont();
    ImGui::SetCursorScreenPos(ImVec2(p.x, p.y + bannerH + 10));
    // The engine may give several long reasons: they scroll in their own region so that they
    // never run under the key bar below. Most serious first (LaneController), PgUp/PgDn
    // scroll by a page, and a marker under the region says how many are out of view, so
    // that no reason is missed (review 7 Dec 2026: at 1280x720 a REFUSE showed DOC_EXPIRED
    // only, DOC_LOST_STOLEN and ENTRY_BAN out of view with no way to scroll by keyboard).
    const float markerH = ImGui::GetTextLineHeightWithSpacing();
    const float reasonsHeight = std::max(ImGui::GetTextLineHeightWithSpacing(), footerTop - ImGui::GetCursorPosY() - 8 - markerH);
    ImGui::BeginChild("##reasons", ImVec2(0, reasonsHeight), false);
    if (ui.reasonsOf != lane.recommendationReadyAt()) {
      ui.reasonsOf = lane.recommendationReadyAt();
      ImGui::SetScrollY(0);
      ui.reasonsPageRequest = 0;
    } else if (ui.reasonsPageRequest != 0) {
      const float page = std::max(ImGui::GetTextLineHeightWithSpacing(), ImGui::GetWindowHeight() - ImGui::GetTextLineHeightWithSpacing());
      ImGui::SetScrollY(std::clamp(ImGui::GetScrollY() + static_cast<float>(ui.reasonsPageRequest) * page, 0.0f, ImGui::GetScrollMaxY()));
      ui.reasonsPageRequest = 0;
    }
    const float viewTop = ImGui::GetWindowPos().y, viewBottom = viewTop + ImGui::GetWindowHeight();
    int above = 0, below = 0;
    for (const auto& reason : rec->reasons) {
      const float top = ImGui::GetCursorScreenPos().y;
      ImGui::Bullet();
      ImGui::PushStyleColor(ImGuiCol_Text, toVec(c));
      ImGui::TextWrapped("%s  %s", reason.code.c_str(), reason.article.c_str());
      ImGui::PopStyleColor();
      ImGui::Indent();
      ImGui::TextWrapped("%s", reason.message.c_str());
      ImGui::Unindent();
      // Counted by the heading: a reason whose code and article are not in view at all.
      if (top >= viewBottom - 1) ++below;
      else if (ImGui::GetItemRectMax().y <= viewTop + 1) ++above;
    }
    const bool moreBelow = ImGui::GetScrollY() < ImGui::GetScrollMaxY() - 0.5f;  // the visible one is cut
    if (rec->stayUntil) ImGui::Text("Stay permitted until %s", rec->stayUntil->iso().c_str());
    coloured(colours::dimText(), "List: " + rec->listVersion);
    ImGui::EndChild();
    ui.reasonsAbove = above;
    ui.reasonsBelow = below;
    const std::string up = above > 0 ? "   \u25b2 " + std::to_string(above) + " above  [PgUp]" : "";
    if (below > 0)
      coloured(colours::amber(), "\u25bc " + std::to_string(below) + (below == 1 ? " more reason below" : " more reasons below") +
                                     "  [PgDn]" + up);
    else if (moreBelow)
      coloured(colours::amber(), "\u25bc more below  [PgDn]" + up);
    else if (above > 0)
      coloured(colours::dimText(), "\u25b2 " + std::to_string(above) + (above == 1 ? " reason above" : " reasons above") + "  [PgUp]");
  } else if (lane.state() == LaneState::NoRecommendation) {
    ImGui::PushFont(fonts.large);
    coloured(colours::refer(), "NO RECOMMENDATION");
    ImGui::PopFont();
    ImGui::TextWrapped("%s", lane.recommendationError().c_str());
    ImGui::TextWrapped("Decide yourself: refer to comprehensive control, or call a supervisor to admit.");
  }
  // Keys: always visible, keyboard first.
  ImGui::SetCursorPosY(footerTop);
  ImGui::Separator();
  if (ui.choosingGround) {
    coloured(colours::refuse(), "Ground of refusal:  [1-4] choose   [Esc] cancel");
    int i = 1;
    for (const auto& g : refusalGrounds()) ImGui::Text("[%d] %s  (%s)", i++, g.code.c_str(), g.article.c_str());
  } else {
    // An exit lane refuses no one (LaneConfig::exitLane): no [F3].
    ImGui::TextWrapped("%s", lane.config().exitLane
                                 ? "[F1] Clear for exit   [F2] Hold for control   [F4] Protection request (Art. 65)   [F12] Lock"
                                 : "[F1] Admit   [F2] Refer to control   [F3] Refuse   [F4] Protection request (Art. 65)   [F12] Lock");
  }
  if (!ui.message.empty()) {
    // Wrapped: an action's message (what went wrong, what to do) must be read to its end.
    ImGui::PushStyleColor(ImGuiCol_Text, toVec(colours::amber()));
    ImGui::TextWrapped("%s", ui.message.c_str());
    ImGui::PopStyleColor();
  }
  ImGui::PopFont();
  ImGui::End();
}

void controlBoard(const LaneController& lane, const Translations& tr, const Fonts& fonts, OfficerUi& ui, MonoTime now,
                  float x, float y, float w, float h) {
  ImGui::SetNextWindowPos(ImVec2(x, y));
  ImGui::SetNextWindowSize(ImVec2(w, h));
  ImGui::Begin("##board", nullptr, ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings);
  ImGui::PushFont(fonts.body);
  coloured(colours::dimText(), tr.text("en", "officer.board"));
  const auto& cases = lane.board().cases();
  const auto& policy = lane.board().policy();
  if (cases.empty()) coloured(colours::dimText(), "Nobody held.");
  milliseconds setBack{0};
  for (const auto& c : cases) setBack = std::max(setBack, c.clockSetBack);
  if (setBack > milliseconds{0})
    coloured(colours::red(), "The kiosk clock went back " + formatHms(setBack) +
                                 " since the last record: times held may be LONGER than shown. Check each hold's start against a reliable clock.");
  if (!ui.selectedCaseId.empty() && !lane.board().find(ui.selectedCaseId)) ui.selectedCaseId.clear();  // closed
  // Many people held: the table scrolls in its own region (header kept) so that it never runs
  // under the key bar below; the selected row is scrolled into view.
  const float boardHeight = std::max(60.0f, h - 96 - ImGui::GetCursorPosY() - 8);
  if (!cases.empty() && ImGui::BeginTable("board", 4, ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_ScrollY,
                                          ImVec2(0, boardHeight))) {
    ImGui::TableSetupScrollFreeze(0, 1);
    // The time columns as wide as their widest content; the person, the document and why the
    // person is held share the rest (with a fixed-width document column and 580 px of fixed
    // columns, the person had no room at 1280x720).
    ImGui::PushFont(fonts.large);
    const float remainingW = ImGui::CalcTextSize("0:00:00").x + 12;
    ImGui::PopFont();
    ImGui::TableSetupColumn("Person, document, why held", ImGuiTableColumnFlags_WidthStretch);
    ImGui::TableSetupColumn("Held", ImGuiTableColumnFlags_WidthFixed, ImGui::CalcTextSize("0:00:00").x + 8);
    ImGui::TableSetupColumn("Remaining", ImGuiTableColumnFlags_WidthFixed, remainingW);
    ImGui::TableSetupColumn("Mark", ImGuiTableColumnFlags_WidthFixed, ImGui::CalcTextSize("overdue").x + 8);
    ImGui::TableHeadersRow();
    for (int i = 0; i < static_cast<int>(cases.size()); ++i) {
      const auto& c = cases[static_cast<std::size_t>(i)];
      const auto mark = c.mark(now, policy);
      ImGui::TableNextRow();
      const bool highlighted = c.record.caseId == ui.selectedCaseId;
      if (highlighted) ImGui::TableSetBgColor(ImGuiTableBgTarget_RowBg0, IM_COL32(30, 60, 130, 255));
      ImGui::TableNextColumn();
      const HeldPersonText text = heldPersonText(lane, c, i);
      const std::string person = (highlighted ? "> " : "  ") + text.who;
      ImGui::TextWrapped("%s", person.c_str());
      if (highlighted && !ImGui::IsItemVisible()) ImGui::SetScrollHereY(0.5f);
      // Why the person is held, with the articles: the officer closing the case needs them.
      ImGui::PushStyleColor(ImGuiCol_Text, toVec(c.record.heldOverRefusal ? colours::refuse() : colours::dimText()));
      ImGui::TextWrapped("  %s", text.details.c_str());
      ImGui::PopStyleColor();
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(formatHms(c.elapsed(now)).c_str());
      ImGui::TableNextColumn();
      ImGui::PushFont(fonts.large);
      // Rounded up: "0:00:00" only once the four hours are over.
      coloured(markColour(mark), formatHms(c.remaining(now, policy) + milliseconds(999)));
      ImGui::PopFont();
      ImGui::TableNextColumn();
      coloured(markColour(mark), std::string(controlMarkName(mark)));
    }
    ImGui::EndTable();
  }
  ImGui::SetCursorPosY(h - 96);
  ImGui::Separator();
  if (ui.choosingControlGround)
    coloured(colours::refuse(), "Refuse held person — ground: [1-4]   [Esc] cancel");
  else
    ImGui::TextWrapped("%s[Up/Down] select   %s   [F8] Release   [F9] Protection (Art. 65)",
                       !cases.empty() && ui.selectedCaseId.empty() ? "Nobody highlighted: " : "",
                       lane.config().exitLane ? "[F6] Clear for exit" : "[F5] Left & returned (Art. 6(5))   [F6] Admit   [F7] Refuse");
  ImGui::PopFont();
  ImGui::End();
}

// The alarm's height; drawOfficerScreen lays the other panels out around it.
constexpr float kOverdueAlarmHeight = 230;

void overdueAlarm(const LaneController& lane, const Fonts& fonts, const ControlCase& c, bool highlighted, MonoTime now, float W,
                  float y) {
  // 60 % of the screen, but at least 760 px (all of an 800-px screen): narrower, its text
  // wraps past its height.
  const float w = std::min(W - 20, std::max(W * 0.6f, 760.0f)), h = kOverdueAlarmHeight;
  ImGui::SetNextWindowPos(ImVec2((W - w) / 2, y));
  ImGui::SetNextWindowSize(ImVec2(w, h));
  ImGui::PushStyleColor(ImGuiCol_WindowBg, IM_COL32(90, 0, 0, 255));
  ImGui::PushStyleColor(ImGuiCol_Border, colours::red());
  // It never takes keyboard focus: appearing on a locked lane, it took the focus from the
  // sign-in fields and the badge and PIN typed went nowhere (review 7 Dec 2026). Its keys are
  // read by keyboard(), not by the window.
  ImGui::Begin("##overdue", nullptr,
               ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings |
                   ImGuiWindowFlags_NoFocusOnAppearing | ImGuiWindowFlags_NoNav);
  ImGui::PushFont(fonts.large);
  ImGui::TextWrapped("FOUR HOURS REACHED (Law 6458 Art. 6(5))");
  ImGui::PopFont();
  ImGui::PushFont(fonts.body);
  const auto& cases = lane.board().cases();
  const int index = static_cast<int>(std::find_if(cases.begin(), cases.end(), [&](const ControlCase& k) { return k.record.caseId == c.record.caseId; }) - cases.begin());
  const HeldPersonText text = heldPersonText(lane, c, index);
  ImGui::TextWrapped("%s  (%s)  held %s. The hold cannot continue: release the person or take a final decision now. "
                     "This event has been recorded in the audit trail.",
                     text.who.c_str(), text.details.c_str(), formatHms(c.elapsed(now)).c_str());
  ImGui::Spacing();
  // The keys act on the highlighted row: say whether this person is the one highlighted.
  ImGui::TextWrapped("%s   [F8] Release   %s   [F9] Protection request",
                     highlighted ? "Highlighted on the board:" : "Highlight this person on the board with [Up/Down], then",
                     lane.config().exitLane ? "[F6] Clear for exit" : "[F6] Admit   [F7] Refuse   [F5] Left & returned");
  if (lane.locked()) ImGui::TextUnformatted("Sign in first.");
  ImGui::PopFont();
  ImGui::End();
  ImGui::PopStyleColor(2);
}

// Centred in the rows [y0, y1) of the screen, at most 72 % of the screen high.
void refusalNotice(const LaneController& lane, const Translations& tr, const Fonts& fonts, OfficerUi& ui, float W, float H,
                   float y0, float y1) {
  const auto& n = *lane.notice();
  const float w = W * 0.7f, h = std::min(H * 0.72f, y1 - y0);
  ImGui::SetNextWindowPos(ImVec2((W - w) / 2, y0 + (y1 - y0 - h) / 2));
  ImGui::SetNextWindowSize(ImVec2(w, h));
  ImGui::PushStyleColor(ImGuiCol_WindowBg, IM_COL32(20, 20, 28, 255));
  ImGui::Begin("##notice", nullptr, ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings);
  ImGui::PushFont(fonts.large);
  coloured(colours::refuse(), tr.text("en", "notice.refusal_title"));
  ImGui::PopFont();
  ImGui::PushFont(fonts.body);
  ImGui::Text("%s   %s", n.person.c_str(), n.documentNumber.c_str());
  ImGui::TextWrapped("Ground: %s — %s (%s)", n.ground.code.c_str(), n.ground.label.c_str(), n.ground.article.c_str());
  ImGui::Separator();
  const auto& langs = tr.languages();
  ui.noticeLanguage = std::clamp(ui.noticeLanguage, 0, static_cast<int>(langs.size()) - 1);
  const std::string& lang = langs[static_cast<std::size_t>(ui.noticeLanguage)];
  ImGui::Text("Notice of rights (Law 6458 Art. 7(2)) — language: %s   [Tab] next language", lang.c_str());
  ImGui::PopFont();
  ui.text.paragraph(tr.text(lang, "notice.appeal"), tr.isRightToLeft(lang), w - 40, fonts.body, colours::text());
  ImGui::SetCursorPosY(h - 50);
  ImGui::PushFont(fonts.body);
  ImGui::TextUnformatted("[Enter] Notice handed over   [F4] Protection request (Art. 65)");
  ImGui::PopFont();
  ImGui::End();
  ImGui::PopStyleColor();
}

// Centred in the rows [y0, y1) of the screen.
void signInPanel(const Translations& tr, const Fonts& fonts, OfficerUi& ui, std::vector<UiAction>& out, float W, float y0,
                 float y1) {
  const float w = 620, h = 300;
  ImGui::SetNextWindowPos(ImVec2((W - w) / 2, y0 + std::max(0.0f, (y1 - y0 - h) / 2)));
  ImGui::SetNextWindowSize(ImVec2(w, h));
  ImGui::Begin("##signin", nullptr, ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings);
  ImGui::PushFont(fonts.large);
  coloured(colours::amber(), "Sign in");
  ImGui::PopFont();
  ImGui::PushFont(fonts.body);
  ImGui::TextWrapped("%s", tr.text("en", "officer.locked").c_str());
  // The typed badge and PIN must reach these fields whatever else appears or is clicked: if
  // another window has the focus, take it back, with the cursor in the badge field.
  if (ImGui::IsWindowAppearing() || !ImGui::IsWindowFocused(ImGuiFocusedFlags_RootAndChildWindows)) {
    ImGui::SetWindowFocus();
    ImGui::SetKeyboardFocusHere();
  }
  ImGui::InputText("Badge", ui.badge.data(), ui.badge.size(), ImGuiInputTextFlags_CharsDecimal | ImGuiInputTextFlags_CharsNoBlank);
  const bool enter = ImGui::InputText("PIN", ui.pin.data(), ui.pin.size(),
                                      ImGuiInputTextFlags_Password | ImGuiInputTextFlags_CharsDecimal | ImGuiInputTextFlags_EnterReturnsTrue);
  if (enter || ImGui::Button("Sign in [Enter]")) {
    UiAction a;
    a.kind = UiAction::Kind::SignIn;
    a.badge = ui.badge.data();
    a.pin = ui.pin.data();
    out.push_back(a);
    ui.pin.fill(0);
  }
  if (!ui.message.empty()) coloured(colours::amber(), ui.message);
  ImGui::PopFont();
  ImGui::End();
}

void keyboard(const LaneController& lane, OfficerUi& ui, std::vector<UiAction>& out) {
  if (lane.locked() || ImGui::GetIO().WantTextInput) return;
  auto push = [&](UiAction::Kind k) {
    UiAction a;
    a.kind = k;
    out.push_back(a);
  };
  const auto& cases = lane.board().cases();
  // Board actions act on the highlighted case and on nothing else (not on the overdue case
  // when another is highlighted, not on whoever moved into a closed case's row).
  const ControlCase* selected = ui.selectedCaseId.empty() ? nullptr : lane.board().find(ui.selectedCaseId);
  auto groundKey = [&]() -> int {
    for (int i = 0; i < 4; ++i)
      if (keyPressed(static_cast<SDL_Scancode>(SDL_SCANCODE_1 + i))) return i;
    return -1;
  };
  // Any key, character or click postpones the auto-lock.
  bool anyKey = false;
  for (bool down : ImGui::GetIO().KeysDown) anyKey = anyKey || down;
  if (anyKey || ImGui::GetIO().InputQueueCharacters.Size > 0 || ImGui::IsAnyMouseDown()) push(UiAction::Kind::Activity);
  if (ui.choosingGround || ui.choosingControlGround) {
    if (keyPressed(SDL_SCANCODE_ESCAPE)) ui.choosingGround = ui.choosingControlGround = false;
    const int g = groundKey();
    if (g >= 0 && g < static_cast<int>(refusalGrounds().size())) {
      UiAction a;
      a.ground = refusalGrounds()[static_cast<std::size_t>(g)].code;
      if (ui.choosingGround) {
        a.kind = UiAction::Kind::Refuse;
      } else if (selected) {
        a.kind = UiAction::Kind::CloseControl;
        a.outcome = ControlOutcome::Refused;
        a.caseId = selected->record.caseId;
      }
      out.push_back(a);
      ui.choosingGround = ui.choosingControlGround = false;
    }
    return;
  }
  if (lane.state() == LaneState::ManualPassage) {
    UiAction a;
    a.kind = UiAction::Kind::ManualPassage;
    a.passed = keyPressed(SDL_SCANCODE_RETURN) || keyPressed(SDL_SCANCODE_KP_ENTER);
    if (a.passed || keyPressed(SDL_SCANCODE_ESCAPE)) out.push_back(a);
  }
  if (lane.notice()) {
    if (keyPressed(SDL_SCANCODE_RETURN) || keyPressed(SDL_SCANCODE_KP_ENTER)) push(UiAction::Kind::AcknowledgeNotice);
    if (keyPressed(SDL_SCANCODE_TAB)) ++ui.noticeLanguage;
  }
  if (keyPressed(SDL_SCANCODE_F1)) push(UiAction::Kind::Admit);
  if (keyPressed(SDL_SCANCODE_F2)) push(UiAction::Kind::Refer);
  if (keyPressed(SDL_SCANCODE_F3)) {
    if (lane.config().exitLane) push(UiAction::Kind::Refuse);  // refused by the lane, which says why
    else ui.choosingGround = true;
  }
  if (keyPressed(SDL_SCANCODE_F4)) push(UiAction::Kind::ProtectionRequest);
  if (keyPressed(SDL_SCANCODE_F12)) push(UiAction::Kind::Lock);
  if (keyPressed(SDL_SCANCODE_PAGEDOWN)) ui.reasonsPageRequest = 1;
  if (keyPressed(SDL_SCANCODE_PAGEUP)) ui.reasonsPageRequest = -1;
  if (!cases.empty() && (keyPressed(SDL_SCANCODE_UP) || keyPressed(SDL_SCANCODE_DOWN))) {
    const int n = static_cast<int>(cases.size());
    int i = -1;
    for (int k = 0; k < n; ++k)
      if (cases[static_cast<std::size_t>(k)].record.caseId == ui.selectedCaseId) i = k;
    if (keyPressed(SDL_SCANCODE_UP)) i = i < 0 ? n - 1 : std::max(0, i - 1);
    else i = i < 0 ? 0 : std::min(n - 1, i + 1);
    ui.selectedCaseId = cases[static_cast<std::size_t>(i)].record.caseId;
  }
  const bool boardKey = keyPressed(SDL_SCANCODE_F5) || keyPressed(SDL_SCANCODE_F6) || keyPressed(SDL_SCANCODE_F7) ||
                        keyPressed(SDL_SCANCODE_F8) || keyPressed(SDL_SCANCODE_F9);
  if (boardKey && !selected)
    ui.message = cases.empty() ? "nobody is held" : "highlight a held person on the board first: [Up/Down]";
  if (keyPressed(SDL_SCANCODE_F7) && !selected && lane.config().exitLane)
    ui.message = "an exit lane refuses no one: Law 6458 refuses entry (Art. 7), not exit";
  if (selected) {
    UiAction a;
    a.caseId = selected->record.caseId;
    if (keyPressed(SDL_SCANCODE_F5)) {
      a.kind = UiAction::Kind::MarkReturned;
      out.push_back(a);
    }
    if (keyPressed(SDL_SCANCODE_F6)) {
      a.kind = UiAction::Kind::CloseControl;
      a.outcome = ControlOutcome::Admitted;
      out.push_back(a);
    }
    if (keyPressed(SDL_SCANCODE_F7)) {
      if (lane.config().exitLane) {
        a.kind = UiAction::Kind::CloseControl;  // refused by the lane, which says why
        a.outcome = ControlOutcome::Refused;
        out.push_back(a);
      } else {
        ui.choosingControlGround = true;
      }
    }
    if (keyPressed(SDL_SCANCODE_F8)) {
      a.kind = UiAction::Kind::CloseControl;
      a.outcome = ControlOutcome::Released;
      out.push_back(a);
    }
    if (keyPressed(SDL_SCANCODE_F9)) {
      a.kind = UiAction::Kind::ProtectionRequest;
      out.push_back(a);
    }
  }
}

}  // namespace

OfficerUi::~OfficerUi() {
  if (camera) SDL_DestroyTexture(camera);
}

HeldPersonText heldPersonText(const LaneController& lane, const ControlCase& c, int index) {
  // Who is held and why is personal data (a review, 7 Dec 2026: names and document numbers
  // showed on a locked lane and to the technician role).
  if (lane.can(Permission::ViewPersonalData))
    return {c.record.personLabel, c.record.nationality + " " + c.record.documentNumber + "  " + holdSummary(c.record)};
  return {"Held person " + std::to_string(index + 1),
          lane.locked() ? "sign in to see who and why" : "personal data hidden for this role"};
}

std::vector<UiAction> drawOfficerScreen(const LaneController& lane, const Translations& tr, const Fonts& fonts,
                                        SDL_Renderer* renderer, OfficerUi& ui, MonoTime now, WallTime wallNow) {
  std::vector<UiAction> out;
  const ImVec2 d = ImGui::GetIO().DisplaySize;
  const float W = d.x, H = d.y, top = kStatusBarHeight, gap = 6;
  statusBar(lane, fonts, wallNow, W, ui);
  const float leftW = W * 0.5f;
  cameraAndFields(lane, tr, fonts, renderer, ui, 0, top + gap, leftW - gap, H - top - gap);
  const float recH = (H - top) * 0.5f;
  recommendationPanel(lane, tr, fonts, ui, leftW, top + gap, W - leftW, recH - gap);
  controlBoard(lane, tr, fonts, ui, now, leftW, top + recH + gap, W - leftW, H - top - recH - gap);
  // The four-hour alarm (Art. 6(5)) and the panels that ask for the officer (sign-in, the
  // refusal notice) never cover each other: with a case overdue the alarm stands just below
  // the status bar and they are laid out beneath it. Centred on top of each other, which one
  // showed depended on ImGui's focus order: the sign-in panel hid the alarm's text on a
  // locked lane (the normal state after the auto-lock), or the alarm hid the badge and PIN
  // fields needed to resolve it.
  float panelsTop = top;
  if (const auto* od = lane.overdueCase()) {
    overdueAlarm(lane, fonts, *od, od->record.caseId == ui.selectedCaseId, now, W, top + gap);
    panelsTop = top + gap + kOverdueAlarmHeight + gap;
  }
  if (lane.notice() && !lane.locked()) refusalNotice(lane, tr, fonts, ui, W, H, panelsTop, H);
  if (lane.locked()) signInPanel(tr, fonts, ui, out, W, panelsTop, H);
  keyboard(lane, ui, out);
  return out;
}

void applyOfficerActions(LaneController& lane, const std::vector<UiAction>& actions, OfficerUi& ui) {
  for (const auto& a : actions) {
    Result<void> r;
    switch (a.kind) {
      case UiAction::Kind::SignIn: r = lane.signIn(a.badge, a.pin); break;
      case UiAction::Kind::Lock: lane.lock(); break;
      case UiAction::Kind::Admit: r = lane.admit(); break;
      case UiAction::Kind::Refer: r = lane.refer(); break;
      case UiAction::Kind::Refuse: r = lane.refuse(a.ground); break;
      case UiAction::Kind::AcknowledgeNotice: r = lane.acknowledgeNotice(); break;
      case UiAction::Kind::ProtectionRequest:
        r = lane.recordProtectionRequest(a.caseId.empty() ? std::nullopt : std::optional<std::string>(a.caseId));
        break;
      case UiAction::Kind::CloseControl: r = lane.closeControl(a.caseId, a.outcome, a.ground); break;
      case UiAction::Kind::MarkReturned: r = lane.markReturned(a.caseId); break;
      case UiAction::Kind::ManualPassage: r = lane.confirmManualPassage(a.passed); break;
      case UiAction::Kind::Activity: lane.noteActivity(); break;
    }
    if (a.kind != UiAction::Kind::Activity) ui.message = r ? "" : r.error().message;
  }
}

}  // namespace bordergate::kiosk_app
