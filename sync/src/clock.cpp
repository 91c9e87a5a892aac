// ISO 8601 UTC timestamps and durations (see bordergate/sync/clock.h).
#include "bordergate/sync/clock.h"

#include <charconv>
#include <ctime>

#include "bordergate/core/date.h"

namespace bordergate::sync {

std::string formatIsoUtc(TimePoint t) {
  const std::time_t tt = Clock::to_time_t(t);
  std::tm tm{};
  gmtime_r(&tt, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

namespace {
bool num(std::string_view s, int& out) {
  if (s.empty()) return false;
  for (char c : s) if (c < '0' || c > '9') return false;
  return std::from_chars(s.data(), s.data() + s.size(), out).ec == std::errc();
}
}  // namespace

std::optional<TimePoint> parseIsoUtc(std::string_view text) {
  if (text.size() < 10) return std::nullopt;
  const auto date = Date::parseIso(text.substr(0, 10));
  if (!date) return std::nullopt;
  int h = 0, m = 0, s = 0;
  if (text.size() > 10) {
    std::string_view rest = text.substr(10);
    if (!rest.empty() && rest.back() == 'Z') rest.remove_suffix(1);
    if (rest.size() != 9 || rest[0] != 'T' || rest[3] != ':' || rest[6] != ':') return std::nullopt;
    if (!num(rest.substr(1, 2), h) || !num(rest.substr(4, 2), m) || !num(rest.substr(7, 2), s)) return std::nullopt;
    if (h > 23 || m > 59 || s > 60) return std::nullopt;
  }
  const auto secs = date->toDays() * 86400 + h * 3600 + m * 60 + s;
  // TimePoint counts nanoseconds in 64 bits (libstdc++ system_clock): about 1677-2262. A
  // time outside that range would overflow (undefined behaviour, found by fuzz_sync_metadata
  // with an "expires" in the year 189 and 4052), so it is not a time we can represent.
  constexpr auto kMin = std::chrono::duration_cast<Seconds>(TimePoint::min().time_since_epoch()).count() + 1;
  constexpr auto kMax = std::chrono::duration_cast<Seconds>(TimePoint::max().time_since_epoch()).count() - 1;
  if (secs < kMin || secs > kMax) return std::nullopt;
  return TimePoint(Seconds(secs));
}

std::optional<Seconds> parseDuration(std::string_view text) {
  if (text.size() < 2) return std::nullopt;
  int n = 0;
  if (!num(text.substr(0, text.size() - 1), n) || n <= 0) return std::nullopt;
  switch (text.back()) {
    case 's': return Seconds(n);
    case 'm': return Seconds(std::int64_t{n} * 60);
    case 'h': return Seconds(std::int64_t{n} * 3600);
    case 'd': return Seconds(std::int64_t{n} * 86400);
    default: return std::nullopt;
  }
}

}  // namespace bordergate::sync
