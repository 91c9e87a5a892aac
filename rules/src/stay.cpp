// Stay counting of Law 6458 Art. 11(1): days present in any rolling window (see engine.h).
#include <algorithm>

#include "bordergate/rules/engine.h"

namespace bordergate::rules {

std::vector<Stay> staysFrom(std::vector<Crossing> crossings) {
  std::sort(crossings.begin(), crossings.end(), [](const Crossing& a, const Crossing& b) { return a.at < b.at; });
  std::vector<Stay> stays;
  for (const auto& c : crossings) {
    const Date d = borderDayOf(c.at);
    if (c.direction == Direction::Entry) {
      // Two entries in a row: the exit between them was not recorded. Close the open stay
      // the day before the new entry, so that it does not run on into the new one (never
      // before its own entry day); the days up to then count as present, marked assumed.
      if (!stays.empty() && !stays.back().exit) {
        stays.back().exit = std::max(stays.back().entry, d.addDays(-1));
        stays.back().exitInferred = true;
      }
      stays.push_back(Stay{d, std::nullopt});
    } else if (c.direction == Direction::Exit) {
      if (!stays.empty() && !stays.back().exit) {
        stays.back().exit = d;
      } else {
        // An exit without a recorded entry: count the exit day only. The entry happened
        // before the history begins or was not synced; the officer sees NO_ENTRY_RECORD
        // when it matters (exit checks).
        stays.push_back(Stay{d, d});
      }
    }
  }
  return stays;
}

namespace {

// Marks the days of `stays` that fall in [lo, lo + present.size()) (overlapping stays count
// a day once). An open stay runs to the end of the range.
void markPresent(const std::vector<Stay>& stays, std::int64_t lo, std::vector<char>& present) {
  const std::int64_t hi = lo + static_cast<std::int64_t>(present.size()) - 1;
  for (const auto& s : stays) {
    const std::int64_t a = std::max(lo, s.entry.toDays());
    const std::int64_t b = std::min(hi, s.exit ? s.exit->toDays() : hi);
    for (std::int64_t d = a; d <= b; ++d) present[static_cast<std::size_t>(d - lo)] = 1;
  }
}

}  // namespace

int daysPresentInWindow(const std::vector<Stay>& stays, const Date& day, int periodDays) {
  if (periodDays <= 0) return 0;
  std::vector<char> present(static_cast<std::size_t>(periodDays), 0);
  markPresent(stays, day.toDays() - (periodDays - 1), present);
  return static_cast<int>(std::count(present.begin(), present.end(), 1));
}

std::optional<Date> stayLimitFrom(const std::vector<Stay>& earlier, const Date& entry, int maxDays, int periodDays) {
  if (maxDays <= 0 || periodDays <= 0) return std::nullopt;
  // Days [lo, entry) hold the earlier stays that can still be in a window; from the entry
  // day on the person is present every day. Walk forward while the window ending on each
  // day holds at most maxDays present days. Linear in period + maxDays.
  const std::int64_t e = entry.toDays();
  const std::int64_t lo = e - (periodDays - 1);
  std::vector<char> present(static_cast<std::size_t>(periodDays - 1 + maxDays + 1), 0);
  std::vector<Stay> before;
  for (const auto& s : earlier) {
    if (s.entry.toDays() >= e) continue;
    Stay c = s;
    if (!c.exit || c.exit->toDays() >= e) c.exit = entry.addDays(-1);
    before.push_back(c);
  }
  markPresent(before, lo, present);
  int inWindow = static_cast<int>(std::count(present.begin(), present.begin() + (periodDays - 1), 1));
  std::optional<Date> last;
  for (int i = 0; i <= maxDays; ++i) {
    const std::size_t idx = static_cast<std::size_t>(periodDays - 1 + i);
    present[idx] = 1;
    inWindow += 1;
    // The window ending on entry+i starts at index i.
    if (i > 0) inWindow -= present[static_cast<std::size_t>(i - 1)];
    if (inWindow > maxDays) break;
    last = entry.addDays(i);
  }
  return last;
}

int ageOn(const Date& birth, const Date& day) {
  int age = day.year - birth.year;
  if (day.month < birth.month || (day.month == birth.month && day.day < birth.day)) --age;
  return age;
}

}  // namespace bordergate::rules
