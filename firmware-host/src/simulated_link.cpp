// In-process link between the host library and the board simulator, with fault injection.
#include "bordergate/firmware_host/simulated_link.h"

#include <algorithm>

namespace bordergate::firmware_host {

SimulatedLink::SimulatedLink(BoardSimulator& board, ManualClock& clock, std::uint64_t seed)
    : board_(board), clock_(clock), rng_(seed) {}

void SimulatedLink::setFaults(const FaultConfig& toBoard, const FaultConfig& toHost) {
  toBoard_ = toBoard;
  toHost_ = toHost;
}

bool SimulatedLink::roll(double p) {
  if (p <= 0) return false;
  // 53-bit uniform in [0,1): identical sequence for a seed on every platform.
  const double u = static_cast<double>(rng_() >> 11) * (1.0 / 9007199254740992.0);
  return u < p;
}

void SimulatedLink::schedule(std::vector<std::uint8_t> frame, bool toBoard, std::chrono::microseconds extra) {
  inFlight_.push_back(InFlight{clock_.now() + latency_ + extra, order_++, toBoard, std::move(frame)});
}

void SimulatedLink::inject(std::span<const std::uint8_t> bytes, bool toBoard) {
  const FaultConfig& fc = toBoard ? toBoard_ : toHost_;
  FaultStats& st = toBoard ? toBoardStats_ : toHostStats_;
  std::size_t start = 0;
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    if (bytes[i] != 0) continue;
    std::vector<std::uint8_t> frame(bytes.begin() + static_cast<std::ptrdiff_t>(start), bytes.begin() + static_cast<std::ptrdiff_t>(i) + 1);
    start = i + 1;
    ++st.frames;
    if (roll(fc.drop)) {
      ++st.dropped;
      continue;
    }
    if (!toBoard && dropToHost_) {
      if (auto f = decodeFrame(std::span<const std::uint8_t>(frame).first(frame.size() - 1)); f && dropToHost_(*f)) {
        ++st.dropped;
        continue;
      }
    }
    if (frame.size() > 1 && roll(fc.corrupt)) {
      ++st.corrupted;
      const std::size_t at = static_cast<std::size_t>(rng_() % (frame.size() - 1));  // never the delimiter
      frame[at] ^= static_cast<std::uint8_t>(1u << (rng_() % 8));
    }
    std::chrono::microseconds extra{0};
    if (roll(fc.delay)) {
      ++st.delayed;
      const auto maxUs = std::chrono::duration_cast<std::chrono::microseconds>(fc.maxDelay).count();
      extra = std::chrono::microseconds(1000 + static_cast<std::int64_t>(rng_() % static_cast<std::uint64_t>(std::max<std::int64_t>(1, maxUs - 999))));
    }
    if (roll(fc.duplicate)) {
      ++st.duplicated;
      schedule(frame, toBoard, extra + std::chrono::microseconds(static_cast<std::int64_t>(rng_() % 2000)));
    }
    schedule(std::move(frame), toBoard, extra);
  }
  // A trailing partial frame (no delimiter yet) travels unfaulted.
  if (start < bytes.size()) schedule(std::vector<std::uint8_t>(bytes.begin() + static_cast<std::ptrdiff_t>(start), bytes.end()), toBoard, {});
}

Result<void> SimulatedLink::send(std::span<const std::uint8_t> bytes) {
  if (unplugged_) return fail(ErrorCode::Io, "simulated board unplugged: plug the cable back in");
  inject(bytes, true);
  return {};
}

void SimulatedLink::settle() {
  for (;;) {
    const auto now = clock_.now();
    // Deliver everything due, in (time, send order).
    std::sort(inFlight_.begin(), inFlight_.end(), [](const InFlight& a, const InFlight& b) {
      return a.at != b.at ? a.at < b.at : a.order < b.order;
    });
    std::size_t n = 0;
    while (n < inFlight_.size() && inFlight_[n].at <= now) ++n;
    std::vector<InFlight> due(std::make_move_iterator(inFlight_.begin()), std::make_move_iterator(inFlight_.begin() + static_cast<std::ptrdiff_t>(n)));
    inFlight_.erase(inFlight_.begin(), inFlight_.begin() + static_cast<std::ptrdiff_t>(n));
    for (auto& d : due) {
      if (d.toBoard) board_.receive(d.bytes, now);
      else if (!unplugged_) hostInbox_.insert(hostInbox_.end(), d.bytes.begin(), d.bytes.end());
    }
    board_.tick(now);
    auto out = board_.takeOutput();
    if (!out.empty()) inject(out, false);
    if (due.empty()) return;
  }
}

Clock::TimePoint SimulatedLink::nextEvent() const {
  Clock::TimePoint t = board_.nextWakeup();
  for (const auto& f : inFlight_) t = std::min(t, f.at);
  return t;
}

Result<std::vector<std::uint8_t>> SimulatedLink::receive(std::chrono::milliseconds timeout) {
  if (unplugged_) {
    run(timeout);  // the world goes on while the cable is out
    return fail(ErrorCode::Io, "simulated board unplugged: plug the cable back in");
  }
  const auto deadline = clock_.now() + timeout;
  for (;;) {
    settle();
    if (!hostInbox_.empty()) {
      std::vector<std::uint8_t> out;
      out.swap(hostInbox_);
      return out;
    }
    if (clock_.now() >= deadline) return std::vector<std::uint8_t>{};
    clock_.advanceTo(std::min(deadline, nextEvent()));
  }
}

void SimulatedLink::run(std::chrono::milliseconds d) {
  const auto deadline = clock_.now() + d;
  for (;;) {
    settle();
    if (clock_.now() >= deadline) return;
    clock_.advanceTo(std::min(deadline, nextEvent()));
  }
}

}  // namespace bordergate::firmware_host
