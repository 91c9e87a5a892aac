// Art. 11(1) day counting: rolling 180-day windows, entry and exit days inclusive.
#include <catch2/catch.hpp>

#include "bordergate/rules/engine.h"
#include "test_support.h"

using namespace bordergate;
using namespace bordergate::rules;
using namespace bordergate::rules::test;

namespace {
Crossing cross(Direction dir, const std::string& day) { return Crossing{"ZZ1", "D", std::nullopt, dir, noon(day), "IST"}; }
}  // namespace

TEST_CASE("stay: entry and exit days both count") {
  const std::vector<Stay> stays{{d("2026-01-01"), d("2026-01-01")}};
  CHECK(daysPresentInWindow(stays, d("2026-01-10"), 180) == 1);
  const std::vector<Stay> two{{d("2026-01-01"), d("2026-01-10")}};
  CHECK(daysPresentInWindow(two, d("2026-01-10"), 180) == 10);
}

TEST_CASE("stay: the window is the 180 days ending on the day, both ends included") {
  const std::vector<Stay> stays{{d("2026-01-01"), d("2026-01-01")}};
  // 2026-06-29 is day 180 counting 2026-01-01 as day 1.
  CHECK(daysPresentInWindow(stays, d("2026-06-29"), 180) == 1);
  CHECK(daysPresentInWindow(stays, d("2026-06-30"), 180) == 0);
}

TEST_CASE("stay: pairs crossings into stays, a missed exit does not inflate the count") {
  auto stays = staysFrom({cross(Direction::Entry, "2026-01-01"), cross(Direction::Exit, "2026-01-05"),
                          cross(Direction::Entry, "2026-02-01"), cross(Direction::Entry, "2026-03-01")});
  REQUIRE(stays.size() == 3);
  CHECK(stays[0].exit == d("2026-01-05"));
  CHECK(stays[1].exit == d("2026-02-28"));
  CHECK_FALSE(stays[2].exit);
  auto lone = staysFrom({cross(Direction::Exit, "2026-01-05")});
  REQUIRE(lone.size() == 1);
  CHECK(lone[0].entry == d("2026-01-05"));
}

TEST_CASE("stay: a first entry may stay 90 days, entry day being day 1") {
  CHECK(stayLimitFrom({}, d("2026-01-01"), 90, 180) == d("2026-03-31"));  // 31+28+31 = 90 days
}

TEST_CASE("stay: earlier days in the window shorten the stay") {
  // 60 days present: 2026-01-01..2026-03-01.
  const std::vector<Stay> earlier{{d("2026-01-01"), d("2026-03-01")}};
  CHECK(daysPresentInWindow(earlier, d("2026-03-01"), 180) == 60);
  // Re-entering on 2026-04-01: 30 more days fit while the January days are in the window.
  CHECK(stayLimitFrom(earlier, d("2026-04-01"), 90, 180) == d("2026-04-30"));
}

TEST_CASE("stay: day 90 allowed, day 91 not") {
  const std::vector<Stay> earlier{{d("2026-01-01"), d("2026-03-30")}};  // 89 days
  CHECK(daysPresentInWindow(earlier, d("2026-03-30"), 180) == 89);
  CHECK(stayLimitFrom(earlier, d("2026-04-10"), 90, 180) == d("2026-04-10"));  // day 90 is the entry day itself
  const std::vector<Stay> full{{d("2026-01-01"), d("2026-03-31")}};  // 90 days
  CHECK_FALSE(stayLimitFrom(full, d("2026-04-10"), 90, 180));
}

TEST_CASE("stay: days leaving the window make room again") {
  const std::vector<Stay> full{{d("2026-01-01"), d("2026-03-31")}};  // 90 days
  // On 2026-06-29 the window starts 2026-01-01 (90 days in it); on 2026-06-30 Jan 1 has left it.
  CHECK_FALSE(stayLimitFrom(full, d("2026-06-29"), 90, 180));
  auto until = stayLimitFrom(full, d("2026-06-30"), 90, 180);
  REQUIRE(until);
  // Each further day frees one more January/February/March day: the stay can run on.
  CHECK(*until >= d("2026-06-30"));
}

TEST_CASE("stay: overlapping stays count a day once") {
  const std::vector<Stay> stays{{d("2026-01-01"), d("2026-01-10")}, {d("2026-01-05"), d("2026-01-12")}};
  CHECK(daysPresentInWindow(stays, d("2026-01-31"), 180) == 12);
}

TEST_CASE("stay: age in whole years") {
  CHECK(ageOn(d("2008-11-24"), d("2026-11-23")) == 17);
  CHECK(ageOn(d("2008-11-23"), d("2026-11-23")) == 18);
  CHECK(ageOn(d("2008-02-29"), d("2026-02-28")) == 17);
}
