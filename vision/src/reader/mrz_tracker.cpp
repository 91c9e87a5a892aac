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
    history_.push_back({read.chars, read.valid(), read.valid() || read.status == ReadStatus::Uncertain});
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
  // A Valid read stands on its own, as `bordergate read` reports it: it passed its check digits,
  // the confidence gate and the second OCR pass (decode.h). Otherwise reads of earlier frames
  // that failed their checks or the gate, still in the window, would outvote it position by
  // position (two unreadable frames against one valid one) and keep the right text waiting for
  // more frames (`bench tracker`, docs/vision.md "Twelfth round").
  const bool standsAlone = read.valid() && read.found() && !read.chars.empty();  // then `latest` is its chars
  std::vector<std::string> voted = standsAlone ? read.lines : std::vector<std::string>{};
  for (std::size_t li = 0; li < latest.size() && !standsAlone; ++li) {
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
  int agreeing = 0, competing = 0;
  bool anyValid = false;
  // Per position: some agreeing read's gate had no doubt about it (MrzChar::doubted).
  std::vector<std::vector<bool>> settled(voted.size());
  for (std::size_t li = 0; li < voted.size(); ++li) settled[li].assign(voted[li].size(), false);
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
      for (std::size_t li = 0; li < voted.size(); ++li)
        for (std::size_t pos = 0; pos < voted[li].size(); ++pos)
          if (!e.chars[li][pos].doubted) settled[li][pos] = true;
    } else if (e.passesChecks) {
      ++competing;
    }
  }
  // The latest frame shows another text that passes its check digits (another document put
  // down, or a competing reading of this one): no earlier read, Valid or not, is accepted over
  // it. Before, two Valid reads of A still in the window were accepted when a frame of B came
  // (a review's reproduction; the kiosk stops at the first acceptance and resets on another
  // text, so it was not affected: docs/vision.md, "Thirty-fifth round").
  const Entry& last = history_.back();
  bool latestCompetes = false;
  if (!standsAlone && last.passesChecks && sameLayout(last))
    for (std::size_t li = 0; li < voted.size() && !latestCompetes; ++li)
      for (std::size_t pos = 0; pos < voted[li].size(); ++pos)
        if (last.chars[li][pos].value != voted[li][pos]) {
          latestCompetes = true;
          break;
        }
  out.lines = voted;
  out.agreeing = agreeing;
  out.record = mrz::parseLines(voted);
  bool allSettled = true;
  for (const auto& line : settled)
    for (const bool s : line) allSettled = allSettled && s;
  // Accepted: the voted text parses valid, and either a single read of exactly this text was
  // Valid on its own, or enough frames reproduced it, every character was read without doubt
  // in at least one of them, and no read in the window passed its check digits with another
  // text. Frames of one document share what makes them hard (glare, blur, the same glyphs), so
  // their errors repeat (`bench tracker` on capture sequences, docs/vision.md "Twelfth round"):
  // the shipped model read held-out camera-easy TD1 2025's NIKOLAOS under a glare spot as
  // NIKOTTTTS in 4 frames running, each time doubting the T's (runner-ups 0.35-0.74), and a
  // weaker trial model read it NIKOTITITS, NIKOTTTITS, NIKOTTTTTS, ..., 3 of which agreed.
  // Agreement shows the frames err alike; it proves a character only where one read it surely.
  out.valid = out.record.valid() && !latestCompetes &&
              (anyValid || (agreeing >= options_.agreeFrames && competing == 0 && allSettled));
  return out;
}

}  // namespace bordergate::vision
