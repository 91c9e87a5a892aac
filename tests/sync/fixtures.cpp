// Shared fixtures of the sync tests (see fixtures.h).
#include "fixtures.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <sqlite3.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "bordergate/sync/syncer.h"

namespace bordergate::sync::test {
namespace fs = std::filesystem;

TempDir::TempDir() {
  std::string tmpl = (fs::temp_directory_path() / "bg-sync-XXXXXX").string();
  if (!mkdtemp(tmpl.data())) throw std::runtime_error("mkdtemp failed");
  path_ = tmpl;
}
TempDir::~TempDir() {
  std::error_code ec;
  fs::remove_all(path_, ec);
}

namespace {
void check(int rc, sqlite3* db, const char* what) {
  if (rc != SQLITE_OK && rc != SQLITE_DONE && rc != SQLITE_ROW)
    throw std::runtime_error(std::string(what) + ": " + sqlite3_errmsg(db));
}
}  // namespace

void writeList(const std::string& path, std::int64_t version, const std::string& builtAt, const Rows& rows) {
  fs::remove(path);
  sqlite3* db = nullptr;
  check(sqlite3_open(path.c_str(), &db), db, "open");
  check(sqlite3_exec(db,
                     "PRAGMA journal_mode=DELETE; BEGIN;"
                     "CREATE TABLE list_meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);"
                     "CREATE TABLE visa_regime(nationality TEXT PRIMARY KEY, requirement TEXT NOT NULL);",
                     nullptr, nullptr, nullptr),
        db, "schema");
  sqlite3_stmt* m = nullptr;
  sqlite3_prepare_v2(db, "INSERT INTO list_meta VALUES (?1, ?2)", -1, &m, nullptr);
  for (auto [k, v] : std::vector<std::pair<std::string, std::string>>{{"version", std::to_string(version)}, {"built_at", builtAt}, {"schema", "1"}}) {
    sqlite3_bind_text(m, 1, k.c_str(), -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(m, 2, v.c_str(), -1, SQLITE_TRANSIENT);
    check(sqlite3_step(m), db, "meta");
    sqlite3_reset(m);
  }
  sqlite3_finalize(m);
  sqlite3_stmt* s = nullptr;
  sqlite3_prepare_v2(db, "INSERT INTO visa_regime VALUES (?1, ?2)", -1, &s, nullptr);
  for (const auto& [k, v] : rows) {
    sqlite3_bind_text(s, 1, k.c_str(), -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(s, 2, v.c_str(), -1, SQLITE_TRANSIENT);
    check(sqlite3_step(s), db, "row");
    sqlite3_reset(s);
  }
  sqlite3_finalize(s);
  check(sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr), db, "commit");
  sqlite3_close(db);
}

Rows syntheticRows(int n, int seed, int changeEvery) {
  Rows r;
  char key[16];
  for (int i = 0; i < n; ++i) {
    std::snprintf(key, sizeof key, "K%06d", i);
    r[key] = (changeEvery > 0 && i % changeEvery == 0) ? "value-" + std::to_string(seed) + "-" + std::to_string(i) : "base";
  }
  return r;
}

Rows readRows(const std::string& path) {
  sqlite3* db = nullptr;
  if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) throw std::runtime_error("cannot open " + path);
  sqlite3_stmt* s = nullptr;
  check(sqlite3_prepare_v2(db, "SELECT nationality, requirement FROM visa_regime", -1, &s, nullptr), db, "select");
  Rows r;
  while (sqlite3_step(s) == SQLITE_ROW)
    r[reinterpret_cast<const char*>(sqlite3_column_text(s, 0))] = reinterpret_cast<const char*>(sqlite3_column_text(s, 1));
  sqlite3_finalize(s);
  sqlite3_close(db);
  return r;
}

std::int64_t readVersion(const std::string& path) {
  sqlite3* db = nullptr;
  if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) throw std::runtime_error("cannot open " + path);
  sqlite3_stmt* s = nullptr;
  check(sqlite3_prepare_v2(db, "SELECT value FROM list_meta WHERE key='version'", -1, &s, nullptr), db, "select");
  std::int64_t v = -1;
  if (sqlite3_step(s) == SQLITE_ROW) v = sqlite3_column_int64(s, 0);
  sqlite3_finalize(s);
  sqlite3_close(db);
  return v;
}

std::vector<std::string> visaHistoryFiles() {
  std::vector<std::string> out;
  const fs::path dir = fs::path(BORDERGATE_SOURCE_DIR) / ".." / "shared" / "data" / "visa-regime-history";
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(dir, ec))
    if (e.path().extension() == ".csv") out.push_back(e.path().string());
  std::sort(out.begin(), out.end());
  return out;
}

Rows readVisaCsv(const std::string& path) {
  std::ifstream in(path);
  std::string line;
  Rows r;
  std::getline(in, line);  // header: nationality,requirement
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    const auto comma = line.find(',');
    if (comma == std::string::npos) continue;
    r[line.substr(0, comma)] = line.substr(comma + 1);
  }
  return r;
}

std::string bordergateBinary() { return std::string(BORDERGATE_BINARY_DIR) + "/bin/bordergate"; }

namespace {
std::vector<char*> argv(const std::vector<std::string>& args, std::string& bin) {
  std::vector<char*> v{bin.data()};
  for (const auto& a : args) v.push_back(const_cast<char*>(a.c_str()));
  v.push_back(nullptr);
  return v;
}
}  // namespace

int runBordergate(const std::vector<std::string>& args, std::string* out) {
  int pipefd[2];
  if (pipe(pipefd) != 0) return -1;
  std::string bin = bordergateBinary();
  auto av = argv(args, bin);
  const pid_t pid = fork();
  if (pid == 0) {
    dup2(pipefd[1], 1);
    const int devnull = open("/dev/null", O_WRONLY);
    dup2(devnull, 2);
    close(pipefd[0]);
    execv(bin.c_str(), av.data());
    _exit(127);
  }
  close(pipefd[1]);
  std::string text;
  char buf[4096];
  ssize_t n;
  while ((n = read(pipefd[0], buf, sizeof buf)) > 0) text.append(buf, static_cast<std::size_t>(n));
  close(pipefd[0]);
  int status = 0;
  waitpid(pid, &status, 0);
  if (out) *out = text;
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

pid_t spawnBordergate(const std::vector<std::string>& args) {
  std::string bin = bordergateBinary();
  auto av = argv(args, bin);
  const pid_t pid = fork();
  if (pid == 0) {
    const int devnull = open("/dev/null", O_WRONLY);
    dup2(devnull, 1);
    dup2(devnull, 2);
    execv(bin.c_str(), av.data());
    _exit(127);
  }
  return pid;
}

std::string readText(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}
void writeText(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
}
void flipByte(const std::string& path, std::size_t offset) {
  std::string s = readText(path);
  if (s.empty()) throw std::runtime_error("empty file " + path);
  const std::size_t at = offset ? offset % s.size() : s.size() / 2;
  s[at] = static_cast<char>(s[at] ^ 0x01);
  writeText(path, s);
}
void copyFile(const std::string& from, const std::string& to) {
  fs::copy_file(from, to, fs::copy_options::overwrite_existing);
}

std::string makeKey(const TempDir& dir, const std::string& name) {
  if (runBordergate({"keygen", "--out", dir / name}) != 0) throw std::runtime_error("keygen failed");
  return dir / (name + ".key");
}

void publish(const std::string& list, const std::vector<std::string>& previous, const std::string& key, const std::string& repo,
             const std::string& now, const std::string& extra) {
  std::vector<std::string> args{"list", "publish", "--list", list, "--key", key, "--out", repo, "--now", now};
  for (const auto& p : previous) {
    args.push_back("--previous");
    args.push_back(p);
  }
  if (!extra.empty()) {
    std::istringstream ss(extra);
    std::string w;
    while (ss >> w) args.push_back(w);
  }
  std::string out;
  if (runBordergate(args, &out) != 0) throw std::runtime_error("publish failed: " + out);
}

TwoVersionRepo::TwoVersionRepo(Rows v1Rows, Rows v2Rows) : rows1(std::move(v1Rows)), rows2(std::move(v2Rows)) {
  key = makeKey(dir, "k");
  repo = dir / "repo";
  state = dir / "state";
  writeList(dir / "v1.db", 1, "2025-01-01T00:00:00Z", rows1);
  writeList(dir / "v2.db", 2, "2025-01-02T00:00:00Z", rows2);
  publish(dir / "v1.db", {}, key, repo, "2025-01-01T00:00:00Z");
  SyncOptions o;
  o.repoUrl = "file://" + repo;
  o.stateDir = state;
  o.initialRootPath = repo + "/root.json";
  o.now = [] { return *parseIsoUtc("2025-01-01T01:00:00Z"); };
  auto first = Syncer(o).syncOnce();
  if (!first) throw std::runtime_error("first sync to v1 failed: " + first.error().describe());
  fs::copy(repo, dir / "repo-v1", fs::copy_options::recursive);
  publish(dir / "v2.db", {dir / "v1.db"}, key, repo, "2025-01-02T00:00:00Z");
}

void skipTest(const std::string& reason) {
  std::fprintf(stderr, "SKIP: %s\n", reason.c_str());
  std::fflush(nullptr);
  std::_Exit(77);
}

int freeTcpPort() {
  const int s = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  a.sin_port = 0;
  bind(s, reinterpret_cast<sockaddr*>(&a), sizeof a);
  socklen_t len = sizeof a;
  getsockname(s, reinterpret_cast<sockaddr*>(&a), &len);
  const int port = ntohs(a.sin_port);
  close(s);
  return port;
}

namespace {
std::string script() { return std::string(BORDERGATE_SOURCE_DIR) + "/tests/sync/pg_cluster.sh"; }
std::string shellQuote(const std::string& s) {
  std::string o = "'";
  for (char c : s) o += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return o + "'";
}
std::string runShell(const std::string& cmd, int* rc) {
  std::string out;
  FILE* p = popen(cmd.c_str(), "r");
  if (!p) {
    *rc = -1;
    return out;
  }
  char buf[4096];
  std::size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
  const int status = pclose(p);
  *rc = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return out;
}
}  // namespace

PgCluster::PgCluster(const std::vector<std::string>& kiosks) {
  port_ = freeTcpPort();
  std::string cmd = script() + " start " + shellQuote(dir_.path()) + " " + std::to_string(port_);
  for (const auto& k : kiosks) cmd += " " + k;
  int rc = 0;
  const std::string out = runShell(cmd + " 2>" + shellQuote(dir_ / "start.err"), &rc);
  if (rc != 0) {
    if (rc == 77) return;
    throw std::runtime_error("starting PostgreSQL failed: " + readText(dir_ / "start.err") + readText(dir_ / "log/server.log"));
  }
  std::istringstream ss(out);
  std::string line;
  while (std::getline(ss, line))
    if (!line.empty()) conninfo_.push_back(line);
}

PgCluster::~PgCluster() {
  int rc = 0;
  runShell(script() + " stop " + shellQuote(dir_.path()) + " 2>/dev/null", &rc);
}

std::string PgCluster::adminConninfo() const {
  return "host=" + dir_.path() + "/sock port=" + std::to_string(port_) + " user=postgres dbname=bordergate";
}

std::string PgCluster::scalar(const std::string& sql) const {
  int rc = 0;
  std::string out = runShell("psql " + shellQuote(adminConninfo()) + " -qAtc " + shellQuote(sql), &rc);
  while (!out.empty() && out.back() == '\n') out.pop_back();
  if (rc != 0) throw std::runtime_error("psql failed: " + sql);
  return out;
}

CrossingRecord crossing(int i) {
  CrossingRecord c;
  c.lane = "L1";
  c.direction = i % 2 ? "entry" : "exit";
  c.documentType = "P";
  c.issuingState = "D";
  c.documentNumber = "C01X" + std::to_string(10000 + i);
  c.nationality = "D";
  c.birthDate = "1980-01-01";
  c.surname = "MUSTERMANN";
  c.givenNames = "ERIKA";
  c.listVersion = 7;
  return c;
}

// Records n events of all four kinds; returns their ids.
std::vector<std::string> recordMixed(StateStore& s, int n) {
  std::vector<std::string> ids;
  for (int i = 0; i < n; ++i) {
    switch (i % 4) {
      case 0: ids.push_back(*s.recordCrossing(crossing(i))); break;
      case 1: ids.push_back(*s.recordDecision({ids.back(), "", "refer", {"LIST_STALE"}, 7})); break;
      case 2: ids.push_back(*s.recordOfficerAction({ids.back(), "", "officer-17", "manual_check", "note\twith\\tab\nand newline"})); break;
      default: ids.push_back(*s.recordTimerEvent({"", "L1", "gate_open", "stop", 1234})); break;
    }
  }
  return ids;
}

long long count(const std::string& dbPath, const std::string& sql) {
  sqlite3* db = nullptr;
  sqlite3_open_v2(dbPath.c_str(), &db, SQLITE_OPEN_READONLY, nullptr);
  sqlite3_stmt* st = nullptr;
  sqlite3_prepare_v2(db, sql.c_str(), -1, &st, nullptr);
  long long v = -1;
  if (sqlite3_step(st) == SQLITE_ROW) v = sqlite3_column_int64(st, 0);
  sqlite3_finalize(st);
  sqlite3_close(db);
  return v;
}
}  // namespace bordergate::sync::test
