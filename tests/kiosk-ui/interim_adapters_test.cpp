// Interim adapters: the replay source and the document-only decision service.
#include <catch2/catch.hpp>

#include "bordergate/mrz/parser.h"
#include "test_support.h"

using namespace bordergate::kiosk_ui;
using namespace bordergate::kiosk_ui::testing;
using namespace std::chrono_literals;

TEST_CASE("the replay source reads the shipped specimens and delivers them on its interval") {
  ReplayOptions o;
  o.interval = 1000ms;
  o.frameWidth = 1280;
  o.frameHeight = 720;
  auto src = ReplayDocumentSource::fromDirectories({std::filesystem::path(BORDERGATE_SOURCE_DIR) / "images/specimens"}, o);
  REQUIRE(src);
  CHECK(src->documentCount() == 7);
  const MonoTime t0{std::chrono::hours(1)};
  CHECK_FALSE(src->poll(t0));
  auto r = src->poll(t0 + 250ms);
  REQUIRE(r);
  CHECK(r->record.valid());
  CHECK(r->placedAt == t0 + 250ms);
  REQUIRE(r->frame);
  CHECK(r->frame->width == 1280);
  CHECK(r->frame->height == 720);
  CHECK_FALSE(src->poll(t0 + 1249ms));
  CHECK(src->poll(t0 + 1250ms));
  auto f = src->liveFrame(t0 + 2s);
  REQUIRE(f);
  CHECK(f->pixels->size() == 1280u * 720u);
}

TEST_CASE("the replay source reports an empty folder") {
  TempDir dir;
  auto src = ReplayDocumentSource::fromDirectories({dir.path});
  REQUIRE_FALSE(src);
  CHECK(src.error().message.find(dir.path.string()) != std::string::npos);
}

TEST_CASE("the interim decision service checks the document only, and says so") {
  DocumentCheckDecisionService s;
  auto read = [](const std::string& text) {
    DocumentRead r;
    bordergate::mrz::ParseOptions po;
    po.today = testToday();
    r.record = bordergate::mrz::parse(text, po);
    return r;
  };
  auto admit = s.recommend(read(admitText()), testToday());
  REQUIRE(admit);
  CHECK(admit->verdict == Verdict::Admit);
  CHECK(admit->travellerOutcome == TravellerOutcome::Proceed);
  CHECK(admit->reasons.back().code == "INTERIM_NO_LIST");
  auto refuse = s.recommend(read(refuseText()), testToday());
  CHECK(refuse->verdict == Verdict::Refuse);
  CHECK(refuse->travellerOutcome == TravellerOutcome::SeeOfficer);
  auto refer = s.recommend(read(referText()), testToday());
  CHECK(refer->verdict == Verdict::Refer);
  CHECK(refer->reasons[0].code == "MRZ_INVALID");
  auto soon = s.recommend(read(td3("SOON", "D1234567", testToday().addDays(30).iso())), testToday());
  CHECK(soon->verdict == Verdict::Refer);
  CHECK(soon->reasons[0].article == "Law 6458 Art. 7(1)(b)");
  auto junk = s.recommend(read("HELLO"), testToday());
  CHECK(junk->verdict == Verdict::Refer);
}
