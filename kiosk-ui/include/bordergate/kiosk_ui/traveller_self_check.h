// TravellerSelfCheck: the airport-transit self-check screen's model. Deliberately separate
// from LaneController: it has no officer functions at all, and its view carries no reason,
// list hit, article or name — only which of four screens to show, hint keys and a language.
#pragma once

#include <chrono>
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "bordergate/kiosk_ui/ports.h"

namespace bordergate::kiosk_ui {

enum class TravellerScreen {
  PlaceDocument,  // "place your passport face down" + live hints
  Reading,        // a document is on the reader, result pending
  Proceed,        // "Proceed to transfer"
  SeeOfficer,     // "Please see an officer" — for every refer, refuse, error or unreadable MRZ
};

// Everything the traveller screen may draw. Nothing personal, nothing about the reason.
struct TravellerView {
  TravellerScreen screen = TravellerScreen::PlaceDocument;
  std::vector<std::string> hintKeys;  // translation keys
  std::string language;
};

struct TravellerConfig {
  std::string lane = "TRANSIT-1";
  std::string defaultLanguage = "en";
  // How long a result stays on screen before the model forgets the read (issue 7: "no
  // personal data left on screen after a few seconds"). Project default. A new document
  // replaces it sooner: the next traveller's read clears it at once.
  std::chrono::seconds resultShownFor{5};
  // Back to the default language after this long without a touch (project default).
  std::chrono::seconds idleReset{30};
};

// Touch/keys the traveller screen accepts. There is no input that reaches officer functions.
enum class TravellerInput { Touch, Done };

class TravellerSelfCheck {
 public:
  TravellerSelfCheck(TravellerConfig config, DocumentSource& documents, DecisionService& decisions,
                     EventJournal& journal, const Clock& clock);

  void tick();
  // InvalidArgument for a language that is not offered; the view keeps its language.
  Result<void> setLanguage(const std::string& lang, const std::vector<std::string>& offered);
  void input(TravellerInput in);

  TravellerView view() const;
  // True while the model still holds the document read (cleared resultShownFor after the
  // result appeared, or on Done).
  bool holdsPersonalData() const { return read_.has_value(); }
  // How many checks reached a result screen since construction (for the app's --documents N).
  std::size_t checksCompleted() const { return checks_; }

 private:
  void clear();
  TravellerConfig config_;
  DocumentSource& documents_;
  DecisionService& decisions_;
  EventJournal& journal_;
  const Clock& clock_;
  std::string language_;
  TravellerScreen screen_ = TravellerScreen::PlaceDocument;
  std::optional<DocumentRead> read_;
  std::vector<std::string> hints_;
  MonoTime resultAt_{};
  bool resultDocumentLeft_ = false;  // the document of the result on screen left the camera
  MonoTime lastTouch_{};
  std::size_t checks_ = 0;
};

}  // namespace bordergate::kiosk_ui
