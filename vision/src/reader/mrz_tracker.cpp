// MrzTracker: per-position voting across frames (see mrz_tracker.h).
#include "bordergate/vision/mrz_tracker.h"

#include <array>
#include <map>

#include "bordergate/mrz/parser.h"

namespace bordergate::vision {

TrackedMrz MrzTracker::add(const MrzRead& read) {
  TrackedMrz out;
  out.quality = read.quality;
  if (read.found() && !read.chars.empty()) {
    history_.push_back({read.chars, read.valid()});
    while (history_.size() > options_.window) history_.pop_front();
  }
  if (history_.empty()) return out;
  out.found = true;
  // Vote among reads with the layout of the most recent one (same line count and length).
  const auto& latest = history_.back().chars;
  auto sameLayout = [&](const Entry& e) {
    if (e.chars.size() != latest.size()) return false;
    for (std::size_t i = 0; i < latest.size(); ++i)
      if (e.chars[i].size() != latest[i].size()) return false;
    return true;
  };
  std::vector<std::string> voted;
  for (std::size_t li = 0; li < latest.size(); ++li) {
    std::string line;
    for (std::size_t pos = 0; pos < latest[li].size(); ++pos) {
      std::array<double, 128> score{};
      for (const auto& e : history_)
        if (sameLayout(e)) {
          const MrzChar& c = e.chars[li][pos];
          // A confident read counts more; every read counts a little so ties break by count.
          score[static_cast<unsigned char>(c.value) & 127] += 0.25 + c.confidence;
        }
      std::size_t bestC = '<';
      for (std::size_t c = 0; c < score.size(); ++c)
        if (score[c] > score[bestC]) bestC = c;
      line += static_cast<char>(bestC);
    }
    voted.push_back(line);
  }
  int agreeing = 0;
  bool anyValid = false;
  for (const auto& e : history_) {
    if (!sameLayout(e)) continue;
    bool same = true;
    for (std::size_t li = 0; li < voted.size() && same; ++li)
      for (std::size_t pos = 0; pos < voted[li].size(); ++pos)
        if (e.chars[li][pos].value != voted[li][pos]) {
          same = false;
          break;
        }
    if (same) {
      ++agreeing;
      anyValid = anyValid || e.valid;
    }
  }
  out.lines = voted;
  out.agreeing = agreeing;
  out.record = mrz::parseLines(voted);
  // Accepted: the voted text parses valid, and either a single read of exactly this text was
  // Valid on its own, or enough independent frames reproduced it.
  out.valid = out.record.valid() && (anyValid || agreeing >= options_.agreeFrames);
  return out;
}

}  // namespace bordergate::vision
