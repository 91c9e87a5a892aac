// The traveller self-check: only "proceed" or "see an officer", no reasons, data cleared.
#include <catch2/catch.hpp>

#include "bordergate/kiosk_ui/traveller_self_check.h"
#include "test_support.h"

using namespace bordergate::kiosk_ui;
using namespace bordergate::kiosk_ui::testing;
using namespace std::chrono_literals;

namespace {
struct TravellerRig {
  ManualClock clock;
  ReplayDocumentSource documents;
  DocumentCheckDecisionService decisions;
  FailingJournal journal;
  TravellerSelfCheck check;
  explicit TravellerRig(std::vector<std::pair<std::string, std::string>> texts)
      : documents(LaneRig::makeSource(std::move(texts))), check({}, documents, decisions, journal, clock) {}
  void place() {
    documents.placeNow();
    check.tick();
  }
};

// A camera that tells when a document lies in view (CameraDocumentSource does), over the
// replay's reads.
struct InViewSource final : DocumentSource {
  ReplayDocumentSource& replay;
  bool inView = false;
  explicit InViewSource(ReplayDocumentSource& r) : replay(r) {}
  std::optional<DocumentRead> poll(MonoTime now) override { return replay.poll(now); }
  std::optional<bordergate::Frame> liveFrame(MonoTime now) override { return replay.liveFrame(now); }
  std::vector<std::string> liveHints(MonoTime) override {
    return {inView ? "hint.blur" : "hint.place_document"};
  }
  bool documentInView(MonoTime) override { return inView; }
};

// Everything the view could put on screen, as one string.
std::string flatten(const TravellerView& v) {
  std::string s = std::to_string(static_cast<int>(v.screen)) + "|" + v.language;
  for (const auto& h : v.hintKeys) s += "|" + h;
  return s;
}
}  // namespace

TEST_CASE("the traveller starts with 'place your passport face down'") {
  TravellerRig rig({{"a", admitText()}});
  rig.check.tick();
  CHECK(rig.check.view().screen == TravellerScreen::PlaceDocument);
  CHECK(rig.check.view().hintKeys == std::vector<std::string>{"hint.place_document"});
}

TEST_CASE("a clean document lets the traveller proceed to transfer") {
  TravellerRig rig({{"a", admitText()}});
  CHECK(rig.check.checksCompleted() == 0);
  rig.place();
  CHECK(rig.check.view().screen == TravellerScreen::Proceed);
  CHECK(rig.check.checksCompleted() == 1);
  REQUIRE(rig.journal.records.size() == 1);
  CHECK(*rig.journal.records[0].field("outcome") == "proceed");
}

TEST_CASE("refuse, refer and unreadable all show only 'please see an officer', never the reason") {
  TravellerRig rig({{"refuse", refuseText()}, {"refer", referText()}, {"junk", "NOT AN MRZ\n"}});
  for (int i = 0; i < 3; ++i) {
    rig.place();
    const auto v = rig.check.view();
    CHECK(v.screen == TravellerScreen::SeeOfficer);
    const auto flat = flatten(v);
    for (const char* secret : {"EXPIRED", "BROKEN", "DOC_", "MRZ_", "Art", "ban", "B1234567", "C1234567"})
      CHECK(flat.find(secret) == std::string::npos);
    rig.clock.advance(5s);
    rig.check.tick();
  }
  // The reasons are journaled for the officers.
  REQUIRE(rig.journal.records.size() == 3);
  CHECK(*rig.journal.records[0].field("reason.0.code") == "DOC_EXPIRED");
}

TEST_CASE("personal data is cleared from the model a few seconds after the result") {
  TravellerRig rig({{"a", admitText()}});
  rig.place();
  CHECK(rig.check.holdsPersonalData());
  rig.clock.advance(4s);
  rig.check.tick();
  CHECK(rig.check.holdsPersonalData());
  rig.clock.advance(1s);
  rig.check.tick();
  CHECK_FALSE(rig.check.holdsPersonalData());
  CHECK(rig.check.view().screen == TravellerScreen::PlaceDocument);
}

TEST_CASE("'done' clears at once, an unrecorded check never says proceed") {
  TravellerRig rig({{"a", admitText()}});
  rig.place();
  rig.check.input(TravellerInput::Done);
  CHECK_FALSE(rig.check.holdsPersonalData());
  rig.journal.failing = true;
  rig.clock.advance(5s);
  rig.place();
  CHECK(rig.check.view().screen == TravellerScreen::SeeOfficer);
}

TEST_CASE("the traveller switches language, idle resets it") {
  TravellerRig rig({{"a", admitText()}});
  const std::vector<std::string> offered{"tr", "en", "ar", "ru"};
  REQUIRE(rig.check.setLanguage("ar", offered));
  CHECK(rig.check.view().language == "ar");
  CHECK_FALSE(rig.check.setLanguage("xx", offered));
  CHECK(rig.check.view().language == "ar");
  rig.clock.advance(31s);
  rig.check.tick();
  CHECK(rig.check.view().language == "en");
}

TEST_CASE("the next traveller's document replaces the previous result at once, never showing it to them") {
  TravellerRig rig({{"admitted", admitText()}, {"refused", refuseText()}});
  rig.place();
  REQUIRE(rig.check.view().screen == TravellerScreen::Proceed);
  // The next traveller places their passport 2 s later, well within the 5 s the result stays.
  rig.clock.advance(2s);
  rig.place();
  CHECK(rig.check.view().screen == TravellerScreen::SeeOfficer);
  CHECK(rig.check.checksCompleted() == 2);
  REQUIRE(rig.journal.records.size() == 2);
  CHECK(*rig.journal.records[1].field("outcome") == "see_officer");
  // Their own result stays its full 5 s, counted from their check.
  rig.clock.advance(4s);
  rig.check.tick();
  CHECK(rig.check.view().screen == TravellerScreen::SeeOfficer);
  rig.clock.advance(1s);
  rig.check.tick();
  CHECK(rig.check.view().screen == TravellerScreen::PlaceDocument);
  CHECK_FALSE(rig.check.holdsPersonalData());
}

TEST_CASE("the previous result goes as soon as the next traveller's document is in view, before it is read") {
  TravellerRig rig({{"admitted", admitText()}, {"refused", refuseText()}});
  InViewSource camera(rig.documents);
  TravellerSelfCheck check({}, camera, rig.decisions, rig.journal, rig.clock);
  camera.inView = true;
  rig.documents.placeNow();
  check.tick();
  REQUIRE(check.view().screen == TravellerScreen::Proceed);
  // Still lying there, then picked up: the result stays for its owner.
  rig.clock.advance(1s);
  check.tick();
  CHECK(check.view().screen == TravellerScreen::Proceed);
  camera.inView = false;
  rig.clock.advance(1s);
  check.tick();
  CHECK(check.view().screen == TravellerScreen::Proceed);
  // The next traveller's passport is seen; the camera has not accepted it yet (up to 2.5 s).
  camera.inView = true;
  rig.clock.advance(500ms);
  check.tick();
  CHECK(check.view().screen == TravellerScreen::PlaceDocument);
  CHECK(check.view().hintKeys == std::vector<std::string>{"hint.blur"});
  CHECK_FALSE(check.holdsPersonalData());
  // Then it is delivered and checked on its own.
  rig.clock.advance(1s);
  rig.documents.placeNow();
  check.tick();
  CHECK(check.view().screen == TravellerScreen::SeeOfficer);
  CHECK(check.checksCompleted() == 2);
  // Their passport still lies there: their result stays.
  rig.clock.advance(1s);
  check.tick();
  CHECK(check.view().screen == TravellerScreen::SeeOfficer);
}
