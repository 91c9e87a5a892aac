// Transport over a connected stream socket (socketpair(2), a UNIX socket, a pty), and a
// board simulator running in real time on its own thread behind such a socket: the same
// protocol bytes as USB, across a real OS boundary, on the real clock.
#pragma once

#include <atomic>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>

#include "bordergate/firmware_host/board_simulator.h"
#include "bordergate/firmware_host/transport.h"

namespace bordergate::firmware_host {

// Owns `fd` (closed on destruction). Io errors when the peer has gone (EOF, EPIPE).
class SocketTransport final : public Transport {
 public:
  SocketTransport(int fd, std::string name);
  ~SocketTransport() override;
  SocketTransport(const SocketTransport&) = delete;
  SocketTransport& operator=(const SocketTransport&) = delete;
  Result<void> send(std::span<const std::uint8_t> bytes) override;
  Result<std::vector<std::uint8_t>> receive(std::chrono::milliseconds timeout) override;
  std::string describe() const override { return name_; }

 private:
  int fd_;
  std::string name_;
};

// A BoardSimulator served on a thread over a socketpair, timed by the steady clock.
// start() returns the host's end. withBoard() runs `fn` on the board under the thread's
// lock (to inspect state or poke sensors). stop() (also in the destructor) joins the thread.
class BoardSimulatorThread {
 public:
  explicit BoardSimulatorThread(BoardConfig config = {});
  ~BoardSimulatorThread();
  BoardSimulatorThread(const BoardSimulatorThread&) = delete;
  BoardSimulatorThread& operator=(const BoardSimulatorThread&) = delete;

  Result<std::unique_ptr<Transport>> start();
  void stop();
  void withBoard(const std::function<void(BoardSimulator&)>& fn);

 private:
  void run(int fd);
  BoardConfig config_;
  std::mutex mutex_;
  std::unique_ptr<BoardSimulator> board_;
  std::atomic<bool> stop_{false};
  std::thread thread_;
  int fd_ = -1;
};

}  // namespace bordergate::firmware_host
