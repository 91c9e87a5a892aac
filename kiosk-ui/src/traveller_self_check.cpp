// The traveller self-check model; see traveller_self_check.h.
#include "bordergate/kiosk_ui/traveller_self_check.h"

#include <algorithm>

#include "bordergate/kiosk_ui/file_journal.h"

namespace bordergate::kiosk_ui {

TravellerSelfCheck::TravellerSelfCheck(TravellerConfig config, DocumentSource& documents, DecisionService& decisions,
                                       EventJournal& journal, const Clock& clock)
    : config_(std::move(config)), documents_(documents), decisions_(decisions), journal_(journal), clock_(clock),
      language_(config_.defaultLanguage), lastTouch_(clock.monotonic()) {}

void TravellerSelfCheck::clear() {
  read_.reset();
  screen_ = TravellerScreen::PlaceDocument;
}

void TravellerSelfCheck::tick() {
  const auto now = clock_.monotonic();
  if ((screen_ == TravellerScreen::Proceed || screen_ == TravellerScreen::SeeOfficer) &&
      now - resultAt_ >= config_.resultShownFor)
    clear();
  if (now - lastTouch_ >= config_.idleReset && screen_ == TravellerScreen::PlaceDocument)
    language_ = config_.defaultLanguage;
  // A result on screen is polled through too: a new document replaces it at once, so the next
  // traveller never sees the previous one's result (review 7 Dec 2026: an entry-ban traveller
  // saw the previous person's green "Proceed to transfer" for ~3 s while their passport
  // waited for the 5 s to run out).
  bool showingResult = screen_ == TravellerScreen::Proceed || screen_ == TravellerScreen::SeeOfficer;
  // The next traveller's document in view, not yet delivered (a camera takes up to 2.5 s to
  // accept or give up on one): their predecessor's result goes at once, and the screen asks them
  // to hold still while it reads (a review: the old green "Proceed" stayed up to 2.5 s).
  if (showingResult) {
    if (!documents_.documentInView(now)) {
      resultDocumentLeft_ = true;
    } else if (resultDocumentLeft_) {
      clear();
      showingResult = false;
    }
  }
  if (screen_ == TravellerScreen::PlaceDocument || showingResult) {
    if (screen_ == TravellerScreen::PlaceDocument) hints_ = documents_.liveHints(now);
    if (auto r = documents_.poll(now)) {
      clear();
      read_ = std::move(*r);
      screen_ = TravellerScreen::Reading;
      hints_ = read_->qualityHints;
      lastTouch_ = now;
    }
  }
  if (screen_ == TravellerScreen::Reading && read_) {
    const auto today = Date::fromDays(std::chrono::duration_cast<std::chrono::days>(clock_.wall().time_since_epoch()).count());
    auto rec = decisions_.recommend(*read_, today);
    // Only an explicit "proceed" from the engine on a valid MRZ lets the traveller go on;
    // every other case (refer, refuse, engine error, bad read) sends them to an officer.
    const bool proceed = rec && read_->record.valid() && rec->travellerOutcome == TravellerOutcome::Proceed &&
                         rec->verdict == Verdict::Admit;
    screen_ = proceed ? TravellerScreen::Proceed : TravellerScreen::SeeOfficer;
    resultAt_ = now;
    resultDocumentLeft_ = false;
    ++checks_;
    // The reasons go to the journal for officers, never to the view.
    JournalRecord j{"traveller.check", config_.lane, "",
                    {{"document_number", read_->record.documentNumber},
                     {"nationality", read_->record.nationality},
                     {"outcome", proceed ? "proceed" : "see_officer"}}};
    if (rec) {
      j.fields.emplace_back("list_version", rec->listVersion);
      appendReasonFields(j, rec->reasons);
    }
    else
      j.fields.emplace_back("error", rec.error().message);
    if (!journal_.append(j, clock_.wall())) screen_ = TravellerScreen::SeeOfficer;  // not recorded: never "proceed"
    hints_.clear();
  }
}

Result<void> TravellerSelfCheck::setLanguage(const std::string& lang, const std::vector<std::string>& offered) {
  if (std::find(offered.begin(), offered.end(), lang) == offered.end())
    return fail(ErrorCode::InvalidArgument, "language " + lang + " is not offered");
  language_ = lang;
  lastTouch_ = clock_.monotonic();
  return {};
}

void TravellerSelfCheck::input(TravellerInput in) {
  lastTouch_ = clock_.monotonic();
  if (in == TravellerInput::Done && (screen_ == TravellerScreen::Proceed || screen_ == TravellerScreen::SeeOfficer)) clear();
}

TravellerView TravellerSelfCheck::view() const { return {screen_, hints_, language_}; }

}  // namespace bordergate::kiosk_ui
