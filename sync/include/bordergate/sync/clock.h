// Wall-clock helpers shared by the sync API and the CLI: ISO 8601 UTC timestamps and
// human durations ("90s", "15m", "24h", "7d").
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace bordergate::sync {

using Clock = std::chrono::system_clock;
using TimePoint = Clock::time_point;
using Seconds = std::chrono::seconds;

// "YYYY-MM-DDTHH:MM:SSZ" (whole seconds, UTC).
std::string formatIsoUtc(TimePoint t);
// Accepts "YYYY-MM-DDTHH:MM:SSZ", "YYYY-MM-DDTHH:MM:SS" (taken as UTC) and "YYYY-MM-DD"
// (midnight UTC). nullopt for anything else, an impossible date/time, or a time TimePoint
// cannot hold (before 1677 or after 2262 with libstdc++'s nanosecond system_clock).
std::optional<TimePoint> parseIsoUtc(std::string_view text);
// A positive integer followed by s, m, h or d. nullopt otherwise.
std::optional<Seconds> parseDuration(std::string_view text);

}  // namespace bordergate::sync
