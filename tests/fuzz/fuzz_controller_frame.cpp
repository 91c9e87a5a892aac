// libFuzzer target: the BGCP frame decoder and the board's command handling must accept
// any bytes without crashing. Invariants: a frame that decodes re-encodes to the same bytes
// and decodes to itself; the board simulator never emits a frame it cannot decode.
#include <cstdint>
#include <cstdlib>
#include <span>
#include <vector>

#include "bordergate/firmware_host/board_simulator.h"
#include "bordergate/firmware_host/controller_client.h"
#include "bordergate/firmware_host/frame_codec.h"

using namespace bordergate::firmware_host;

namespace {
// Hands the host whatever the "board" said, once; swallows what the host sends.
class FeedTransport final : public Transport {
 public:
  FeedTransport(ManualClock& clock, std::vector<std::uint8_t> bytes) : clock_(clock), bytes_(std::move(bytes)) {}
  bordergate::Result<void> send(std::span<const std::uint8_t>) override { return {}; }
  bordergate::Result<std::vector<std::uint8_t>> receive(std::chrono::milliseconds timeout) override {
    clock_.advance(timeout);
    std::vector<std::uint8_t> out;
    out.swap(bytes_);
    return out;
  }
  std::string describe() const override { return "fuzz"; }

 private:
  ManualClock& clock_;
  std::vector<std::uint8_t> bytes_;
};
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::span<const std::uint8_t> in(data, size);
  // 1. Raw decoder on one frame body.
  auto f = decodeFrame(in);
  if (f) {
    auto again = encodeFrame(*f);
    if (!again) std::abort();
    auto back = decodeFrame(std::span(*again).first(again->size() - 1));
    if (!back || !(*back == *f)) std::abort();
  }
  // 2. The stream reader on arbitrary chunking.
  FrameReader reader;
  std::vector<Frame> frames;
  reader.feed(in.first(size / 2), frames);
  reader.feed(in.subspan(size / 2), frames);
  // 3. The input as valid frames for the board: [type, len, payload...]* after a HELLO,
  //    so the fuzzer reaches the command parsers behind the CRC.
  BoardSimulator board;
  auto t = Clock::TimePoint{};
  Frame hello;
  hello.type = static_cast<std::uint8_t>(MessageType::Hello);
  hello.seq = 1;
  hello.payload = {1, 1};
  board.receive(*encodeFrame(hello), t);
  std::uint16_t seq = 1;
  for (std::size_t i = 0; i + 1 < size;) {
    Frame c;
    c.type = data[i];
    const std::size_t n = std::min<std::size_t>(data[i + 1], size - i - 2);
    c.payload.assign(data + i + 2, data + i + 2 + n);
    c.seq = (seq = nextSeq(seq));
    i += 2 + n;
    board.receive(*encodeFrame(c), t);
    t += std::chrono::milliseconds(7);
    board.tick(t);
  }
  FrameReader out;
  std::vector<Frame> replies;
  out.feed(board.takeOutput(), replies);
  if (out.stats().rejected != 0) std::abort();
  // 4. The host parsing the input as board output: raw, then as valid frames [type, len, ...]
  //    (heartbeats, events, stray ACKs). The gate state must stay one of the four values.
  std::vector<std::uint8_t> asFrames;
  for (std::size_t i = 0; i + 1 < size;) {
    Frame e;
    e.type = data[i];
    const std::size_t n = std::min<std::size_t>(data[i + 1], size - i - 2);
    e.payload.assign(data + i + 2, data + i + 2 + n);
    e.seq = static_cast<std::uint16_t>(i);
    i += 2 + n;
    auto b = *encodeFrame(e);
    asFrames.insert(asFrames.end(), b.begin(), b.end());
  }
  {
    ManualClock clock;
    std::vector<std::uint8_t> raw(in.begin(), in.end());
    raw.push_back(0);  // end the raw part, so the frames after it decode
    raw.insert(raw.end(), asFrames.begin(), asFrames.end());
    FeedTransport feed(clock, std::move(raw));
    ControllerClient client(feed, clock, std::uint16_t{0});
    client.poll(std::chrono::milliseconds(30));
    const auto g = client.gateState();
    if (g != GateState::Unknown && g != GateState::Open && g != GateState::Closed && g != GateState::FailSafe) std::abort();
    (void)client.takeEvents();
  }
  return 0;
}
