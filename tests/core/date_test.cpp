// Civil date arithmetic.
#include <catch2/catch.hpp>

#include "bordergate/core/date.h"

using bordergate::Date;

TEST_CASE("days round-trip across eras and leap years", "[date]") {
  for (std::int64_t d = -800000; d <= 800000; d += 997) REQUIRE(Date::fromDays(d).toDays() == d);
  CHECK(Date{1970, 1, 1}.toDays() == 0);
  CHECK(Date{2000, 3, 1}.toDays() - Date{2000, 2, 28}.toDays() == 2);  // 2000 is a leap year
  CHECK(Date{1900, 3, 1}.toDays() - Date{1900, 2, 28}.toDays() == 1);  // 1900 is not
}

TEST_CASE("ISO parsing accepts only real days", "[date]") {
  CHECK(Date::parseIso("2024-02-29") == Date{2024, 2, 29});
  CHECK_FALSE(Date::parseIso("2023-02-29"));
  CHECK_FALSE(Date::parseIso("2023-13-01"));
  CHECK_FALSE(Date::parseIso("2023-1-01"));
  CHECK_FALSE(Date::parseIso("20230101"));
  CHECK_FALSE(Date::parseIso(""));
  CHECK(Date{2026, 11, 23}.iso() == "2026-11-23");
}

TEST_CASE("addYears clamps 29 February", "[date]") {
  CHECK(Date{2024, 2, 29}.addYears(1) == Date{2025, 2, 28});
  CHECK(Date{2024, 2, 29}.addYears(4) == Date{2028, 2, 29});
}
