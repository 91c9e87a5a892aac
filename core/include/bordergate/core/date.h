// Civil (proleptic Gregorian) dates without time zones: document dates, visa periods and
// the day counting of Law 6458 Art. 11(1) (90 days in any 180) all work in whole days.
#pragma once

#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace bordergate {

struct Date {
  int year = 1970;
  int month = 1;  // 1..12
  int day = 1;    // 1..31

  auto operator<=>(const Date&) const = default;

  // Days since 1970-01-01 (negative before). Valid for any year in [-32767, 32767].
  std::int64_t toDays() const;
  static Date fromDays(std::int64_t days);

  Date addDays(std::int64_t n) const { return fromDays(toDays() + n); }
  // Same day n years later; 29 Feb becomes 28 Feb in a non-leap year.
  Date addYears(int n) const;

  // "YYYY-MM-DD"
  std::string iso() const;
  // Parses exactly "YYYY-MM-DD" and checks the day exists. nullopt otherwise.
  static std::optional<Date> parseIso(std::string_view text);
  // True if year/month/day name a real calendar day.
  static bool isValid(int year, int month, int day);
};

// Number of days from a to b (b - a); negative if b is before a.
inline std::int64_t daysBetween(const Date& a, const Date& b) { return b.toDays() - a.toDays(); }

// Today's date in UTC from the system clock.
Date todayUtc();

}  // namespace bordergate
