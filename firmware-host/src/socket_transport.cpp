// Stream-socket transport and the real-time board simulator thread behind a socketpair.
#include "bordergate/firmware_host/socket_transport.h"

#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace bordergate::firmware_host {

SocketTransport::SocketTransport(int fd, std::string name) : fd_(fd), name_(std::move(name)) {}

SocketTransport::~SocketTransport() {
  if (fd_ >= 0) ::close(fd_);
}

Result<void> SocketTransport::send(std::span<const std::uint8_t> bytes) {
  std::size_t done = 0;
  while (done < bytes.size()) {
    // MSG_NOSIGNAL: a vanished peer is an error value, not a SIGPIPE.
    const ssize_t n = ::send(fd_, bytes.data() + done, bytes.size() - done, MSG_NOSIGNAL);
    if (n < 0) {
      if (errno == EINTR) continue;
      return fail(ErrorCode::Io, name_ + ": write failed: " + std::strerror(errno));
    }
    done += static_cast<std::size_t>(n);
  }
  return {};
}

Result<std::vector<std::uint8_t>> SocketTransport::receive(std::chrono::milliseconds timeout) {
  pollfd p{fd_, POLLIN, 0};
  const int r = ::poll(&p, 1, static_cast<int>(std::max<std::int64_t>(0, timeout.count())));
  if (r < 0 && errno != EINTR) return fail(ErrorCode::Io, name_ + ": poll failed: " + std::strerror(errno));
  if (r <= 0) return std::vector<std::uint8_t>{};
  std::vector<std::uint8_t> buf(4096);
  const ssize_t n = ::recv(fd_, buf.data(), buf.size(), 0);
  if (n == 0) return fail(ErrorCode::Io, name_ + ": the board side closed the connection");
  if (n < 0) return fail(ErrorCode::Io, name_ + ": read failed: " + std::strerror(errno));
  buf.resize(static_cast<std::size_t>(n));
  return buf;
}

BoardSimulatorThread::BoardSimulatorThread(BoardConfig config) : config_(config) {}

BoardSimulatorThread::~BoardSimulatorThread() { stop(); }

Result<std::unique_ptr<Transport>> BoardSimulatorThread::start() {
  if (thread_.joinable()) return fail(ErrorCode::InvalidArgument, "board simulator thread already running");
  int sv[2];
  if (::socketpair(AF_UNIX, SOCK_STREAM, 0, sv) != 0) return fail(ErrorCode::Io, std::string("socketpair failed: ") + std::strerror(errno));
  board_ = std::make_unique<BoardSimulator>(config_, std::chrono::steady_clock::now());
  stop_ = false;
  fd_ = sv[1];
  thread_ = std::thread([this] { run(fd_); });
  return std::unique_ptr<Transport>(new SocketTransport(sv[0], "simulator (socketpair)"));
}

void BoardSimulatorThread::run(int fd) {
  std::vector<std::uint8_t> buf(4096);
  while (!stop_) {
    Clock::TimePoint wake;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      wake = board_->nextWakeup();
    }
    const auto now = std::chrono::steady_clock::now();
    // Sleep until the board's next timer or incoming bytes; at most 10 ms so stop() is prompt.
    auto waitMs = std::chrono::ceil<std::chrono::milliseconds>(std::max(wake - now, Clock::TimePoint::duration::zero())).count();
    pollfd p{fd, POLLIN, 0};
    const int r = ::poll(&p, 1, static_cast<int>(std::min<std::int64_t>(waitMs, 10)));
    std::lock_guard<std::mutex> lock(mutex_);
    const auto t = std::chrono::steady_clock::now();
    if (r > 0) {
      const ssize_t n = ::recv(fd, buf.data(), buf.size(), 0);
      if (n <= 0) break;  // host closed its end
      board_->receive(std::span(buf.data(), static_cast<std::size_t>(n)), t);
    }
    board_->tick(t);
    auto out = board_->takeOutput();
    std::size_t done = 0;
    while (done < out.size()) {
      const ssize_t n = ::send(fd, out.data() + done, out.size() - done, MSG_NOSIGNAL);
      if (n <= 0) break;
      done += static_cast<std::size_t>(n);
    }
  }
}

void BoardSimulatorThread::stop() {
  stop_ = true;
  if (thread_.joinable()) thread_.join();
  if (fd_ >= 0) ::close(fd_);
  fd_ = -1;
}

void BoardSimulatorThread::withBoard(const std::function<void(BoardSimulator&)>& fn) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (board_) fn(*board_);
}

}  // namespace bordergate::firmware_host
