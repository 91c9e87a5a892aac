// The officer screen: draws a LaneController's model with Dear ImGui and returns what the
// officer asked for. It never changes the controller itself (applyOfficerActions does).
//
// Contract: call drawOfficerScreen once per frame between RenderTarget::beginFrame() and
// endFrame(), from the UI thread. The returned actions are applied after drawing, so one
// frame always shows one consistent model.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "bordergate/kiosk_ui/lane_controller.h"
#include "bordergate/kiosk_ui/translations.h"
#include "fonts_theme.h"
#include "text_draw.h"

struct SDL_Renderer;
struct SDL_Texture;

namespace bordergate::kiosk_app {

// One officer request from the screen.
struct UiAction {
  enum class Kind {
    SignIn, Lock, Admit, Refer, Refuse, AcknowledgeNotice, ProtectionRequest,
    CloseControl, MarkReturned, ManualPassage, Activity,
  };
  Kind kind = Kind::Activity;
  std::string caseId;   // board actions; ProtectionRequest for a held case
  std::string ground;   // Refuse, CloseControl(Refused)
  std::string badge, pin;
  kiosk_ui::ControlOutcome outcome = kiosk_ui::ControlOutcome::Released;
  bool passed = false;  // ManualPassage: the traveller went through by hand
};

// The screen's own state between frames (selection, text fields, textures). Owned by the app.
struct OfficerUi {
  BidiText text;
  SDL_Texture* camera = nullptr;  // streaming texture of the live frame (owned)
  int cameraW = 0, cameraH = 0;
  std::uint64_t cameraSequence = ~0ull;
  // The held person highlighted on the board, by case id ("" = nobody). F5-F9 act on this
  // case only. It follows the case, not the row: when the case closes the highlight is
  // cleared, never moved onto the next person (review 7 Dec 2026: F8 pressed twice released
  // two people), and an overdue case elsewhere on the board does not take it over.
  std::string selectedCaseId;
  bool choosingGround = false;         // ground chooser for the traveller at the lane
  bool choosingControlGround = false;  // ground chooser for the selected held case
  std::array<char, 32> badge{};
  std::array<char, 32> pin{};
  int noticeLanguage = 0;              // index into the translation languages
  // The recommendation's reasons scroll in their own region. PgUp/PgDn ask for a page
  // (-1/+1, applied on the next frame); the draw records how many reasons are wholly or
  // partly out of view above and below, for the "N more reasons below" marker (and tests).
  int reasonsPageRequest = 0;
  int reasonsAbove = 0, reasonsBelow = 0;
  std::optional<kiosk_ui::MonoTime> reasonsOf;  // the recommendation scrolled; a new one starts at the top
  std::string message;                 // last action result for the operator
  // The status bar is one row, most urgent items first; where they do not all fit, the last
  // shown is cut with "...". The draw records how many items it showed, whether any was cut or
  // left out, and the right edge of the rightmost text (tests: nothing off the screen's edge).
  int statusShown = 0;
  std::vector<std::string> statusTexts;  // the items shown, in their order (as cut)
  std::vector<unsigned> statusColours;   // and their colours (colours::red() ...)
  bool statusCut = false;
  float statusRight = 0;

  OfficerUi() = default;
  OfficerUi(const OfficerUi&) = delete;
  OfficerUi& operator=(const OfficerUi&) = delete;
  ~OfficerUi();
};

std::vector<UiAction> drawOfficerScreen(const kiosk_ui::LaneController& lane, const kiosk_ui::Translations& tr,
                                        const Fonts& fonts, SDL_Renderer* renderer, OfficerUi& ui,
                                        kiosk_ui::MonoTime now, kiosk_ui::WallTime wallNow);

// What the control board and the four-hour alarm say about held person `c` (the `index`-th
// row, 0-based): who (the person's name) and the details line (nationality, document number
// and why held, with the articles). Personal data only for a role that may view it
// (Permission::ViewPersonalData): on a locked lane or to a technician, "Held person N" and a
// line saying why it is hidden; the board's times and marks show to everyone (Art. 6(5)).
struct HeldPersonText {
  std::string who, details;
};
HeldPersonText heldPersonText(const kiosk_ui::LaneController& lane, const kiosk_ui::ControlCase& c, int index);

// Applies the actions in order; records the last error (or confirmation) in ui.message.
void applyOfficerActions(kiosk_ui::LaneController& lane, const std::vector<UiAction>& actions, OfficerUi& ui);

}  // namespace bordergate::kiosk_app
