// Stay counting of Law 6458 Art. 11(1): days present in any rolling window (see engine.h).
#include <algorithm>
#include <set>

#include "bordergate/rules/engine.h"

namespace bordergate::rules {

std::vector<Stay> staysFrom(std::vector<Crossing> crossings) {
  std::sort(crossings.begin(), crossings.end(), [](const Crossing& a, const Crossing& b) { return a.at < b.at; });
  std::vector<Stay> stays;
  for (const auto& c : crossings) {
    const Date d = dateOfTimestamp(c.at);
    if (c.direction == Direction::Entry) {
      // Two entries in a row: the exit between them was not recorded. Close the open stay
      // the day before the new entry rather than counting the gap as present... but never
      // before its own entry day.
      if (!stays.empty() && !stays.back().exit) stays.back().exit = std::max(stays.back().entry, d.addDays(-1));
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

int daysPresentInWindow(const std::vector<Stay>& stays, const Date& day, int periodDays) {
  const std::int64_t hi = day.toDays();
  const std::int64_t lo = hi - (periodDays - 1);
  // Overlapping stays (inconsistent history) must not count a day twice.
  std::set<std::int64_t> present;
  for (const auto& s : stays) {
    const std::int64_t a = std::max(lo, s.entry.toDays());
    const std::int64_t b = std::min(hi, s.exit ? s.exit->toDays() : hi);
    for (std::int64_t d = a; d <= b; ++d) present.insert(d);
  }
  return static_cast<int>(present.size());
}

std::optional<Date> stayLimitFrom(const std::vector<Stay>& earlier, const Date& entry, int maxDays, int periodDays) {
  // Walk forward from the entry day while every window ending on that day stays within the
  // limit. At most maxDays steps: each step adds one present day.
  std::vector<Stay> stays = earlier;
  stays.push_back(Stay{entry, entry});
  std::optional<Date> last;
  for (int i = 0; i < maxDays + 1; ++i) {
    const Date d = entry.addDays(i);
    stays.back().exit = d;
    if (daysPresentInWindow(stays, d, periodDays) > maxDays) break;
    last = d;
  }
  return last;
}

int ageOn(const Date& birth, const Date& day) {
  int age = day.year - birth.year;
  if (day.month < birth.month || (day.month == birth.month && day.day < birth.day)) --age;
  return age;
}

}  // namespace bordergate::rules
