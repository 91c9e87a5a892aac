// Network faults over real HTTP on 127.0.0.1: a slow server, a stall mid-download, a
// connection cut short, garbage, server errors and an older repository. Every fault gives a
// clear error and leaves the active list untouched.
#include <catch2/catch.hpp>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <mutex>
#include <thread>

#include "bordergate/sync/list_store.h"
#include "bordergate/sync/syncer.h"
#include "fixtures.h"

using namespace bordergate::sync;
using namespace bordergate::sync::test;
namespace fs = std::filesystem;

namespace {

enum class Fault { None, Slow, StallTargets, CutTargets, Garbage, ServerError };

// A minimal HTTP/1.0 file server on 127.0.0.1 with injectable faults. Test-only.
class FaultyServer {
 public:
  FaultyServer(std::string root, Fault fault, int port = 0) : root_(std::move(root)), fault_(fault) {
    fd_ = socket(AF_INET, SOCK_STREAM, 0);
    int one = 1;
    setsockopt(fd_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    a.sin_port = htons(static_cast<std::uint16_t>(port));
    REQUIRE(bind(fd_, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0);
    socklen_t len = sizeof a;
    getsockname(fd_, reinterpret_cast<sockaddr*>(&a), &len);
    port_ = ntohs(a.sin_port);
    listen(fd_, 16);
    acceptor_ = std::thread([this] { loop(); });
  }
  ~FaultyServer() {
    stop_ = true;
    acceptor_.join();
    std::lock_guard<std::mutex> g(m_);
    for (auto& t : workers_) t.join();
    close(fd_);
  }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }
  void setRoot(std::string r) {
    std::lock_guard<std::mutex> g(m_);
    root_ = std::move(r);
  }

 private:
  void loop() {
    while (!stop_) {
      pollfd p{fd_, POLLIN, 0};
      if (poll(&p, 1, 50) <= 0) continue;
      const int c = accept(fd_, nullptr, nullptr);
      if (c < 0) continue;
      std::lock_guard<std::mutex> g(m_);
      workers_.emplace_back([this, c] { serve(c); });
    }
  }
  void sendAll(int c, const std::string& s) {
    std::size_t off = 0;
    while (off < s.size()) {
      const ssize_t n = send(c, s.data() + off, s.size() - off, MSG_NOSIGNAL);
      if (n <= 0) return;
      off += static_cast<std::size_t>(n);
    }
  }
  void serve(int c) {
    std::string req;
    char buf[2048];
    while (req.find("\r\n\r\n") == std::string::npos) {
      const ssize_t n = recv(c, buf, sizeof buf, 0);
      if (n <= 0) break;
      req.append(buf, static_cast<std::size_t>(n));
    }
    const auto sp1 = req.find(' '), sp2 = req.find(' ', sp1 + 1);
    const std::string name = sp1 == std::string::npos ? "" : req.substr(sp1 + 2, sp2 - sp1 - 2);
    std::string root;
    {
      std::lock_guard<std::mutex> g(m_);
      root = root_;
    }
    const bool isTarget = name.find(".zst") != std::string::npos;
    if (fault_ == Fault::ServerError) {
      sendAll(c, "HTTP/1.0 503 Service Unavailable\r\nContent-Length: 0\r\n\r\n");
    } else if (name.find("..") != std::string::npos || !fs::exists(root + "/" + name)) {
      sendAll(c, "HTTP/1.0 404 Not Found\r\nContent-Length: 0\r\n\r\n");
    } else {
      std::string body = readText(root + "/" + name);
      if (fault_ == Fault::Garbage) body = std::string(body.size(), '\x7f') + "<html>proxy error</html>";
      const std::string head = "HTTP/1.0 200 OK\r\nContent-Length: " + std::to_string(body.size()) + "\r\n\r\n";
      if (fault_ == Fault::Slow) {
        sendAll(c, head);
        for (std::size_t off = 0; off < body.size(); off += 4096) {
          sendAll(c, body.substr(off, 4096));
          std::this_thread::sleep_for(std::chrono::milliseconds(20));
        }
      } else if (isTarget && (fault_ == Fault::StallTargets || fault_ == Fault::CutTargets)) {
        sendAll(c, head + body.substr(0, body.size() / 2));
        if (fault_ == Fault::StallTargets)
          for (int i = 0; i < 40 && !stop_; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(50));
      } else {
        sendAll(c, head + body);
      }
    }
    close(c);
  }

  std::string root_;
  Fault fault_;
  int fd_ = -1;
  int port_ = 0;
  std::atomic<bool> stop_{false};
  std::thread acceptor_;
  std::mutex m_;
  std::vector<std::thread> workers_;
};

struct Repo : TwoVersionRepo {
  Repo() : TwoVersionRepo(syntheticRows(20000, 1, 2), syntheticRows(20000, 2, 3)) {}
  SyncOptions options(const std::string& url) const {
    SyncOptions o;
    o.repoUrl = url;
    o.stateDir = state;
    o.connectTimeoutSeconds = 2;
    o.stallTimeoutSeconds = 1;
    o.now = [] { return *parseIsoUtc("2025-01-02T01:00:00Z"); };
    return o;
  }
  void expectUnchanged() const {
    ListStore s(state);
    CHECK(*s.version() == 1);
    CHECK(readRows(*s.activePath()) == rows1);
  }
};

}  // namespace

TEST_CASE("a healthy HTTP repository syncs (delta over http://)") {
  Repo r;
  FaultyServer server(r.repo, Fault::None);
  auto res = Syncer(r.options(server.url())).syncOnce();
  REQUIRE(res);
  CHECK(res->action == SyncAction::AppliedDelta);
  CHECK(*ListStore(r.state).version() == 2);
}

TEST_CASE("a slow but progressing server still completes") {
  Repo r;
  FaultyServer server(r.repo, Fault::Slow);
  SyncOptions o = r.options(server.url());
  o.preferSnapshot = true;  // the larger download
  auto res = Syncer(o).syncOnce();
  REQUIRE(res);
  CHECK(*ListStore(r.state).version() == 2);
}

TEST_CASE("a download stalling mid-way is aborted as a transient network error") {
  Repo r;
  FaultyServer server(r.repo, Fault::StallTargets);
  auto res = Syncer(r.options(server.url())).syncOnce();
  REQUIRE(!res);
  CHECK(res.error().kind == SyncFailure::Network);
  CHECK(res.error().transient());
  r.expectUnchanged();
}

TEST_CASE("a connection cut short mid-download is refused") {
  Repo r;
  FaultyServer server(r.repo, Fault::CutTargets);
  auto res = Syncer(r.options(server.url())).syncOnce();
  REQUIRE(!res);
  CHECK((res.error().kind == SyncFailure::Network || res.error().kind == SyncFailure::HashMismatch));
  r.expectUnchanged();
}

TEST_CASE("garbage from the server is refused as invalid metadata") {
  Repo r;
  FaultyServer server(r.repo, Fault::Garbage);
  auto res = Syncer(r.options(server.url())).syncOnce();
  REQUIRE(!res);
  CHECK(res.error().kind == SyncFailure::InvalidMetadata);
  r.expectUnchanged();
}

TEST_CASE("server errors are transient and retried with backoff, then succeed when the server recovers") {
  Repo r;
  {
    FaultyServer server(r.repo, Fault::ServerError);
    auto res = Syncer(r.options(server.url())).syncOnce();
    REQUIRE(!res);
    CHECK(res.error().kind == SyncFailure::Network);
    r.expectUnchanged();
  }
  // Down for the first two attempts, up from the third: the backoff loop gets there.
  std::unique_ptr<FaultyServer> server;
  const int port = freeTcpPort();
  int sleeps = 0;
  RetryPolicy rp;
  rp.maxAttempts = 5;
  auto res = Syncer(r.options("http://127.0.0.1:" + std::to_string(port))).syncWithRetry(rp, [&](std::chrono::milliseconds) {
    if (++sleeps == 2) server = std::make_unique<FaultyServer>(r.repo, Fault::None, port);
  });
  INFO((res ? "" : res.error().describe()));
  REQUIRE(res);
  CHECK(sleeps == 2);
  CHECK(*ListStore(r.state).version() == 2);
}

TEST_CASE("a server returning an older repository is refused as a rollback") {
  Repo r;
  FaultyServer server(r.repo, Fault::None);
  REQUIRE(Syncer(r.options(server.url())).syncOnce());
  server.setRoot(r.dir / "repo-v1");
  auto res = Syncer(r.options(server.url())).syncOnce();
  REQUIRE(!res);
  CHECK(res.error().kind == SyncFailure::Rollback);
  CHECK(*ListStore(r.state).version() == 2);
}
