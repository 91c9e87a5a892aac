// libFuzzer target: the BGCP frame decoder and the board's command handling must accept
// any bytes without crashing. Invariants: a frame that decodes re-encodes to the same bytes
// and decodes to itself; the board simulator never emits a frame it cannot decode.
#include <cstdint>
#include <cstdlib>
#include <span>
#include <vector>

#include "bordergate/firmware_host/board_simulator.h"
#include "bordergate/firmware_host/frame_codec.h"

using namespace bordergate::firmware_host;

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
  return 0;
}
