// The traveller self-check screen (airport transit): large, simple, four languages, Arabic
// right to left. Draws only a TravellerView, which by construction holds no personal data
// and no reason.
#pragma once

#include <string>
#include <vector>

#include "bordergate/kiosk_ui/traveller_self_check.h"
#include "bordergate/kiosk_ui/translations.h"
#include "fonts_theme.h"
#include "text_draw.h"

namespace bordergate::kiosk_app {

struct TravellerUiAction {
  enum class Kind { SetLanguage, Touch, Done };
  Kind kind = Kind::Touch;
  std::string language;
};

struct TravellerUi {
  BidiText text;
};

// Call once per frame between beginFrame() and endFrame().
std::vector<TravellerUiAction> drawTravellerScreen(const kiosk_ui::TravellerView& view, const kiosk_ui::Translations& tr,
                                                   const Fonts& fonts, TravellerUi& ui);

void applyTravellerActions(kiosk_ui::TravellerSelfCheck& check, const kiosk_ui::Translations& tr,
                           const std::vector<TravellerUiAction>& actions);

}  // namespace bordergate::kiosk_app
