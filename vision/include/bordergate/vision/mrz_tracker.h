// MrzTracker: combines reads of consecutive video frames of the same document, voting per
// character position, so a document is accepted as soon as enough frames agree (issue #3).
#pragma once

#include <cstddef>
#include <deque>
#include <string>
#include <vector>

#include "bordergate/vision/mrz_reader.h"

namespace bordergate::vision {

struct TrackerOptions {
  // Reads of the same layout that must reproduce the voted text exactly before an Uncertain
  // (single-frame-unproven) text is accepted. 3: two agreeing frames still leave a systematic
  // misread possible; three is the usual choice of MRZ SDKs. Frames of one document err alike,
  // so agreement alone is not enough (TrackedMrz::valid).
  int agreeFrames = 3;
  std::size_t window = 12;  // reads kept (about 0.5 s at 25 fps)
};

// The tracker's current verdict: zxing-like value.
struct TrackedMrz {
  bool found = false;              // any MRZ-like text seen in the window
  bool valid = false;              // accepted: the latest read is Valid (its text is taken as it
                                   // is), or the voted text parses valid and is a Valid read's, or
                                   // agreeFrames reads' that each character was read without doubt
                                   // in (MrzChar::doubted) in a window where no read passed its
                                   // check digits with another text; never while the latest
                                   // read passes its check digits with another text
  std::vector<std::string> lines;  // the latest read's text when it is Valid, else the voted text
  mrz::MrzRecord record;           // parse of `lines`
  int agreeing = 0;                // reads in the window equal to `lines`
  ReadQuality quality;             // of the latest read
};

// Not thread-safe; one per camera stream. Call reset() when the document leaves the view.
// Feed it distinct captures: the same still image read N times is not N observations (the
// reader is deterministic), so it would accept an Uncertain text it should not.
class MrzTracker {
 public:
  explicit MrzTracker(TrackerOptions options = {}) : options_(options) {}

  // Adds one frame's read and returns the verdict so far.
  TrackedMrz add(const MrzRead& read);
  void reset() { history_.clear(); }

 private:
  struct Entry {
    std::vector<std::vector<MrzChar>> chars;
    bool valid;
    bool passesChecks;  // Valid or Uncertain: its text passed every check digit
  };
  TrackerOptions options_;
  std::deque<Entry> history_;
};

}  // namespace bordergate::vision
