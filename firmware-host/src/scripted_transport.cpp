// Scripted conversation transport (tests): exact bytes out -> canned bytes or an error back.
#include "bordergate/firmware_host/scripted_transport.h"

#include <cstdio>

namespace bordergate::firmware_host {
namespace {
std::vector<std::uint8_t> encoded(const Frame& f) {
  auto b = encodeFrame(f);
  return b ? *b : std::vector<std::uint8_t>{};
}
std::string hex(std::span<const std::uint8_t> b) {
  std::string s;
  char buf[4];
  for (auto x : b) {
    std::snprintf(buf, sizeof buf, "%02x", x);
    s += buf;
  }
  return s;
}
}  // namespace

void ScriptedTransport::expect(const Frame& frameOut, std::vector<std::uint8_t> reply) {
  steps_.push_back({encoded(frameOut), std::move(reply), std::nullopt});
}
void ScriptedTransport::expect(const Frame& frameOut, const Frame& reply) { expect(frameOut, encoded(reply)); }
void ScriptedTransport::expectError(const Frame& frameOut, Error error) { steps_.push_back({encoded(frameOut), {}, std::move(error)}); }

Result<void> ScriptedTransport::send(std::span<const std::uint8_t> bytes) {
  const std::vector<std::uint8_t> got(bytes.begin(), bytes.end());
  if (!steps_.empty() && got == steps_.front().out) {
    Step s = std::move(steps_.front());
    steps_.pop_front();
    if (s.error) return tl::unexpected(*s.error);
    pending_.insert(pending_.end(), s.reply.begin(), s.reply.end());
    return {};
  }
  // Unscripted heartbeats are fine; anything else is a deviation from the script.
  if (!got.empty() && got.back() == 0) {
    if (auto f = decodeFrame(std::span(got).first(got.size() - 1)); f && f->messageType() == MessageType::Heartbeat) {
      ++heartbeats_;
      return {};
    }
  }
  if (mismatch_.empty())
    mismatch_ = "host sent " + hex(got) + (steps_.empty() ? std::string(" after the script ended") : ", script expected " + hex(steps_.front().out));
  return fail(ErrorCode::Internal, "scripted transport: " + mismatch_);
}

Result<std::vector<std::uint8_t>> ScriptedTransport::receive(std::chrono::milliseconds timeout) {
  if (pending_.empty()) {
    clock_.advance(timeout);
    return std::vector<std::uint8_t>{};
  }
  std::vector<std::uint8_t> out;
  out.swap(pending_);
  return out;
}

}  // namespace bordergate::firmware_host
