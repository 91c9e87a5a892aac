// The comprehensive-control board: four-hour countdown, marks, checkpoints, restart, wall jumps.
#include <catch2/catch.hpp>

#include "bordergate/kiosk_ui/control_board.h"
#include "test_support.h"

using namespace bordergate::kiosk_ui;
using namespace std::chrono_literals;

namespace {
OpenControlCase someCase(const std::string& id, WallTime started) {
  OpenControlCase c;
  c.caseId = id;
  c.personLabel = "DOE, JANE";
  c.startedWall = started;
  return c;
}
}  // namespace

TEST_CASE("control marks follow the default policy: amber 3 h, red 3 h 45, overdue 4 h") {
  ControlBoard b;
  const MonoTime t0{std::chrono::hours(1)};
  REQUIRE(b.start(someCase("c1", WallTime{}), t0));
  const auto& c = b.cases().front();
  CHECK(c.mark(t0 + 2h + 59min, b.policy()) == ControlMark::Running);
  CHECK(c.mark(t0 + 3h, b.policy()) == ControlMark::Amber);
  CHECK(c.mark(t0 + 3h + 44min, b.policy()) == ControlMark::Amber);
  CHECK(c.mark(t0 + 3h + 45min, b.policy()) == ControlMark::Red);
  CHECK(c.mark(t0 + 4h - 1ms, b.policy()) == ControlMark::Red);
  CHECK(c.mark(t0 + 4h, b.policy()) == ControlMark::Overdue);
  CHECK(c.remaining(t0 + 3h + 59min, b.policy()) == 1min);
  CHECK(c.remaining(t0 + 5h, b.policy()) == 0ms);
  CHECK(b.firstOverdue(t0 + 4h) != nullptr);
  CHECK(b.firstOverdue(t0 + 3h) == nullptr);
}

TEST_CASE("control marks are configurable and validated") {
  ControlPolicy p;
  p.amberAt = 1h;
  p.redAt = 2h;
  CHECK(p.validate());
  p.redAt = 5h;  // after the four-hour limit
  CHECK_FALSE(p.validate());
  p.redAt = 30min;  // before amber
  CHECK_FALSE(p.validate());
}

TEST_CASE("advance reports each mark once and checkpoints every interval") {
  ControlBoard b;
  const MonoTime t0{std::chrono::hours(1)};
  REQUIRE(b.start(someCase("c1", WallTime{}), t0));
  auto ev = b.advance(t0 + 4min);
  CHECK(ev.empty());
  ev = b.advance(t0 + 5min);
  REQUIRE(ev.size() == 1);
  CHECK(ev[0].mark == ControlMark::Running);
  CHECK(ev[0].elapsed == 5min);
  ev = b.advance(t0 + 3h + 1s);
  REQUIRE(ev.size() == 1);
  CHECK(ev[0].mark == ControlMark::Amber);
  CHECK(b.advance(t0 + 3h + 2s).empty());
  ev = b.advance(t0 + 4h);
  REQUIRE(ev.size() == 1);
  CHECK(ev[0].mark == ControlMark::Overdue);
}

TEST_CASE("a running timer ignores wall-clock jumps") {
  ControlBoard b;
  ManualClock clock;
  REQUIRE(b.start(someCase("c1", clock.wall()), clock.monotonic()));
  clock.advance(1h);
  clock.jumpWall(-std::chrono::milliseconds(std::chrono::hours(10)));  // clock set back 10 h
  CHECK(b.cases().front().elapsed(clock.monotonic()) == 1h);
  clock.jumpWall(std::chrono::milliseconds(std::chrono::hours(30)));  // and forward 30 h
  CHECK(b.cases().front().elapsed(clock.monotonic()) == 1h);
  CHECK(b.cases().front().mark(clock.monotonic(), b.policy()) == ControlMark::Running);
}

TEST_CASE("restore after restart counts from the persisted wall-clock start") {
  ControlBoard b;
  const WallTime started{std::chrono::hours(1000)};
  auto c = someCase("c1", started);
  b.restore({c}, started + 3h + 50min, MonoTime{std::chrono::hours(2)});
  REQUIRE(b.cases().size() == 1);
  CHECK(b.cases().front().elapsed(MonoTime{std::chrono::hours(2)}) == 3h + 50min);
  CHECK(b.cases().front().mark(MonoTime{std::chrono::hours(2)} + 10min, b.policy()) == ControlMark::Overdue);
}

TEST_CASE("restore never counts less than the last journaled checkpoint (wall clock set back while down)") {
  ControlBoard b;
  const WallTime started{std::chrono::hours(1000)};
  auto c = someCase("c1", started);
  c.lastCheckpoint = 2h;
  b.restore({c}, started + 30min, MonoTime{});  // wall clock now says only 30 min passed
  CHECK(b.cases().front().elapsed(MonoTime{}) == 2h);
}

TEST_CASE("a clock set back since the journal's newest record is noticed, and the hold lasts at least until that record") {
  ControlBoard b;
  const WallTime started{std::chrono::hours(1000)};
  auto c = someCase("c1", started);
  c.lastCheckpoint = 3h;                          // the last checkpoint before the crash
  c.lastRecordWall = started + 3h + 4min;         // the newest record of the journal
  b.restore({c}, started + 5min, MonoTime{});     // a clock set back by almost 3 hours
  const auto& r = b.cases().front();
  CHECK(r.elapsed(MonoTime{}) == 3h + 4min);
  CHECK(r.clockSetBack == 2h + 59min);
  // A clock that is not behind the newest record: nothing to say.
  ControlBoard ok;
  c.lastRecordWall = started + 3h + 4min;
  ok.restore({c}, started + 3h + 50min, MonoTime{});
  CHECK(ok.cases().front().clockSetBack == 0ms);
  CHECK(ok.cases().front().elapsed(MonoTime{}) == 3h + 50min);
}

TEST_CASE("formatHms shows hours, minutes and seconds") {
  CHECK(formatHms(3h + 59min + 12s) == "3:59:12");
  CHECK(formatHms(-5s) == "0:00:00");
}
