// `bordergate bench sync`: delta apply time under concurrent checks, upload throughput into
// PostgreSQL, and a simulated fleet ingest with loss/duplicate accounting (issue #5 targets).
#ifdef HAVE_BORDERGATE_SYNC
#include <signal.h>
#include <sqlite3.h>
#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <mutex>
#include <random>
#include <thread>

#include "bordergate/sync/keys.h"
#include "bordergate/sync/list_store.h"
#include "bordergate/sync/publish.h"
#include "bordergate/sync/state_store.h"
#include "bordergate/sync/syncer.h"
#include "bordergate/sync/uploader.h"
#include "command.h"
#include "json_out.h"

namespace bordergate::cli {
namespace {
namespace fs = std::filesystem;
using SteadyClock = std::chrono::steady_clock;

double secondsSince(SteadyClock::time_point t0) { return std::chrono::duration<double>(SteadyClock::now() - t0).count(); }

// A synthetic list: `rows` checks keyed by document, `changed` of them altered by `seed`.
bool writeBenchList(const std::string& path, int version, int rows, int changedEvery, int seed) {
  fs::remove(path);
  sqlite3* db = nullptr;
  if (sqlite3_open(path.c_str(), &db) != SQLITE_OK) return false;
  sqlite3_exec(db,
               "PRAGMA journal_mode=DELETE; BEGIN;"
               "CREATE TABLE list_meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);"
               "CREATE TABLE entry_bans(document_key TEXT PRIMARY KEY, nationality TEXT NOT NULL, status TEXT NOT NULL, until TEXT);",
               nullptr, nullptr, nullptr);
  const std::string meta = "INSERT INTO list_meta VALUES ('version','" + std::to_string(version) +
                           "'),('built_at','2025-01-0" + std::to_string(version) + "T00:00:00Z'),('schema','bench-1')";
  sqlite3_exec(db, meta.c_str(), nullptr, nullptr, nullptr);
  sqlite3_stmt* st = nullptr;
  sqlite3_prepare_v2(db, "INSERT INTO entry_bans VALUES (?1, ?2, ?3, ?4)", -1, &st, nullptr);
  char key[32], until[32];
  for (int i = 0; i < rows; ++i) {
    std::snprintf(key, sizeof key, "P%09d", i);
    const bool changed = changedEvery > 0 && i % changedEvery == 0;
    std::snprintf(until, sizeof until, "20%02d-01-01", changed ? 26 + seed % 10 : 25);
    sqlite3_bind_text(st, 1, key, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 2, i % 3 ? "SYR" : "AFG", -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, changed ? "lifted" : "banned", -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 4, until, -1, SQLITE_TRANSIENT);
    sqlite3_step(st);
    sqlite3_reset(st);
  }
  sqlite3_finalize(st);
  const bool ok = sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr) == SQLITE_OK;
  sqlite3_close(db);
  return ok;
}

struct Percentiles {
  double median = 0, p95 = 0, p99 = 0, max = 0;
  std::size_t n = 0;
};
Percentiles percentiles(std::vector<double> v) {
  Percentiles p;
  if (v.empty()) return p;
  std::sort(v.begin(), v.end());
  auto at = [&](double q) { return v[std::min(v.size() - 1, static_cast<std::size_t>(q * static_cast<double>(v.size())))]; };
  p.median = at(0.5);
  p.p95 = at(0.95);
  p.p99 = at(0.99);
  p.max = v.back();
  p.n = v.size();
  return p;
}

// The reader process: one indexed lookup per millisecond against the active list, reopening
// when `current` moves (as a kiosk would). Writes "start_us latency_us" lines to `out`.
[[noreturn]] void readerProcess(const std::string& stateDir, int rows, FILE* out, int stopFd) {
  sync::ListStore store(stateDir);
  std::string path;
  sqlite3* db = nullptr;
  sqlite3_stmt* st = nullptr;
  std::mt19937 rng(7);
  const auto epoch = SteadyClock::now();
  char key[32];
  for (;;) {
    char c;
    if (read(stopFd, &c, 1) >= 0) break;  // non-blocking: any byte or EOF stops us
    if (errno != EAGAIN) break;
    const auto t0 = SteadyClock::now();
    auto p = store.activePath();
    if (p && *p != path) {
      sqlite3_finalize(st);
      sqlite3_close(db);
      path = *p;
      sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr);
      sqlite3_prepare_v2(db, "SELECT status, until FROM entry_bans WHERE document_key = ?1", -1, &st, nullptr);
    }
    std::snprintf(key, sizeof key, "P%09d", std::uniform_int_distribution<int>(0, rows - 1)(rng));
    sqlite3_bind_text(st, 1, key, -1, SQLITE_TRANSIENT);
    while (sqlite3_step(st) == SQLITE_ROW) {
    }
    sqlite3_reset(st);
    const auto t1 = SteadyClock::now();
    std::fprintf(out, "%lld %lld\n", static_cast<long long>(std::chrono::duration_cast<std::chrono::microseconds>(t0 - epoch).count()),
                 static_cast<long long>(std::chrono::duration_cast<std::chrono::microseconds>(t1 - t0).count()));
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  std::fflush(out);
  _exit(0);
}

int benchDelta(const std::string& dir, int rows, int changed, Json& out, std::ostream& err) {
  const int every = std::max(1, rows / std::max(1, changed));
  fs::create_directories(dir);
  auto key = sync::generateKeyPair(dir + "/bench");
  if (!key) {
    err << key.error().message << "\n";
    return 2;
  }
  auto t0 = SteadyClock::now();
  if (!writeBenchList(dir + "/v1.db", 1, rows, 0, 1) || !writeBenchList(dir + "/v2.db", 2, rows, every, 2)) {
    err << "cannot write the benchmark lists in " << dir << "\n";
    return 2;
  }
  const double buildSeconds = secondsSince(t0);
  sync::PublishOptions po;
  po.signingKeyPath = key->secretPath;
  po.repoDir = dir + "/repo";
  po.listPath = dir + "/v1.db";
  po.timestampExpiresIn = sync::Seconds(86400 * 3650);
  po.targetsExpiresIn = po.rootExpiresIn = po.timestampExpiresIn;
  po.now = *sync::parseIsoUtc("2025-01-01T00:00:00Z");
  if (auto p = sync::publishList(po); !p) {
    err << p.error().message << "\n";
    return 1;
  }
  sync::SyncOptions so;
  so.repoUrl = "file://" + po.repoDir;
  so.stateDir = dir + "/kiosk";
  so.initialRootPath = po.repoDir + "/root.json";
  if (auto s = sync::Syncer(so).syncOnce(); !s) {
    err << s.error().describe() << "\n";
    return 1;
  }
  po.listPath = dir + "/v2.db";
  po.previousPaths = {dir + "/v1.db"};
  po.now = *sync::parseIsoUtc("2025-01-02T00:00:00Z");
  t0 = SteadyClock::now();
  auto pub = sync::publishList(po);
  if (!pub) {
    err << pub.error().message << "\n";
    return 1;
  }
  const double publishSeconds = secondsSince(t0);
  std::uint64_t deltaBytes = 0, deltaRaw = 0;
  for (const auto& f : pub->files)
    if (f.kind == "delta") { deltaBytes = f.length; deltaRaw = f.rawLength; }

  // Reader process, started before and stopped after the apply.
  int stopPipe[2];
  if (pipe(stopPipe) != 0) return 2;
  const std::string latFile = dir + "/latencies.txt";
  std::cout.flush();
  const pid_t reader = fork();
  if (reader == 0) {
    close(stopPipe[1]);
    fcntl(stopPipe[0], F_SETFL, O_NONBLOCK);
    FILE* f = std::fopen(latFile.c_str(), "w");
    readerProcess(so.stateDir, rows, f, stopPipe[0]);
  }
  close(stopPipe[0]);
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  const auto epochGuess = SteadyClock::now();
  t0 = SteadyClock::now();
  auto applied = sync::Syncer(so).syncOnce();
  const double applySeconds = secondsSince(t0);
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  close(stopPipe[1]);
  int status = 0;
  waitpid(reader, &status, 0);
  if (!applied) {
    err << "delta apply failed: " << applied.error().describe() << "\n";
    return 1;
  }
  // Split the reader's samples into "during the apply" and the rest, by its clock: the reader
  // started ~500 ms before the apply; we find the window from the sample timestamps.
  (void)epochGuess;
  std::vector<std::pair<long long, long long>> samples;
  if (FILE* f = std::fopen(latFile.c_str(), "r")) {
    long long a, b;
    while (std::fscanf(f, "%lld %lld", &a, &b) == 2) samples.emplace_back(a, b);
    std::fclose(f);
  }
  std::vector<double> during, all;
  const long long first = samples.empty() ? 0 : samples.front().first;
  // The apply started 500 ms after the reader's first sample (+ fork time, a few ms).
  const long long applyStart = first + 500000, applyEnd = applyStart + static_cast<long long>(applySeconds * 1e6);
  for (auto [t, lat] : samples) {
    all.push_back(static_cast<double>(lat) / 1000.0);
    if (t >= applyStart && t <= applyEnd) during.push_back(static_cast<double>(lat) / 1000.0);
  }
  const auto pd = percentiles(during), pa = percentiles(all);
  out["delta"] = Json{{"rows", rows},
                      {"changed_rows", (rows + every - 1) / every},
                      {"build_lists_s", buildSeconds},
                      {"publish_s", publishSeconds},
                      {"delta_bytes", deltaBytes},
                      {"delta_raw_bytes", deltaRaw},
                      {"action", sync::syncActionName(applied->action)},
                      {"apply_s", applySeconds},
                      {"apply_target_s", 5.0},
                      {"checks_during_apply", pd.n},
                      {"check_ms_during_apply", {{"median", pd.median}, {"p95", pd.p95}, {"p99", pd.p99}, {"max", pd.max}}},
                      {"check_p99_target_ms", 20.0},
                      {"checks_total", pa.n},
                      {"check_ms_overall", {{"median", pa.median}, {"p99", pa.p99}, {"max", pa.max}}}};
  return 0;
}

sync::CrossingRecord benchCrossing(int i) {
  sync::CrossingRecord c;
  c.lane = "L" + std::to_string(i % 4);
  c.direction = i % 2 ? "entry" : "exit";
  c.documentType = "P";
  c.issuingState = "TUR";
  c.documentNumber = "U" + std::to_string(10000000 + i);
  c.nationality = "TUR";
  c.birthDate = "1985-05-05";
  c.surname = "YILMAZ";
  c.givenNames = "AYSE";
  c.listVersion = 2;
  return c;
}

int benchUpload(const std::string& dir, const std::string& conninfo, int events, Json& out, std::ostream& err) {
  auto store = sync::StateStore::open(dir + "/upload.db", {"bench_upload", false});
  if (!store) {
    err << store.error().message << "\n";
    return 2;
  }
  std::vector<std::string> ids;
  auto t0 = SteadyClock::now();
  for (int i = 0; i < events; ++i) {
    auto id = store->recordCrossing(benchCrossing(i));
    if (!id) {
      err << id.error().message << "\n";
      return 1;
    }
    ids.push_back(*id);
  }
  const double recordSeconds = secondsSince(t0);
  sync::UploadOptions uo;
  uo.conninfo = conninfo;
  t0 = SteadyClock::now();
  auto r = sync::uploadOutbox(*store, uo);
  const double uploadSeconds = secondsSince(t0);
  if (!r) {
    err << "upload failed: " << r.error().message << "\n";
    return 1;
  }
  auto found = sync::countCentreEvents(conninfo, ids);
  out["upload"] = Json{{"events", events},
                       {"record_s", recordSeconds},
                       {"upload_s", uploadSeconds},
                       {"events_per_s", static_cast<double>(r->sent) / uploadSeconds},
                       {"target_events_per_s", 5000},
                       {"at_centre", found ? Json(*found) : Json(found.error().message)}};
  return 0;
}

int benchFleet(const std::string& dir, const std::string& conninfo, int kiosks, int perKiosk, int workers, Json& out, std::ostream& err) {
  std::atomic<int> next{0};
  std::atomic<std::size_t> sent{0}, inserted{0}, duplicates{0};
  std::mutex m;
  std::vector<std::string> allIds;
  std::string firstError;
  std::atomic<double> recordSeconds{0};
  const std::string run = std::to_string(::getpid());
  const auto t0 = SteadyClock::now();
  auto worker = [&] {
    for (int k; (k = next++) < kiosks && firstError.empty();) {
      const std::string path = dir + "/kiosk-" + std::to_string(k) + ".db";
      std::vector<std::string> ids;
      {
        auto s = sync::StateStore::open(path, {"bench_" + run + "_" + std::to_string(k), false});
        if (!s) { std::lock_guard<std::mutex> g(m); firstError = s.error().message; return; }
        const auto r0 = SteadyClock::now();
        for (int i = 0; i < perKiosk; ++i) {
          Result<std::string> id = i % 4 == 0   ? s->recordCrossing(benchCrossing(i))
                                   : i % 4 == 1 ? s->recordDecision({ids.empty() ? "" : ids.back(), "", "admit", {}, 2})
                                   : i % 4 == 2 ? s->recordTimerEvent({"", "L1", "gate_open", "start", 0})
                                                : s->recordOfficerAction({"", "", "officer-1", "supervise", ""});
          if (!id) { std::lock_guard<std::mutex> g(m); firstError = id.error().message; return; }
          ids.push_back(*id);
        }
        double prev = recordSeconds.load();
        while (!recordSeconds.compare_exchange_weak(prev, prev + secondsSince(r0))) {}
      }
      // One kiosk in ten "loses" its acknowledgements: its pre-upload state is restored and
      // uploaded again, so every one of its events reaches the centre twice.
      const bool replay = k % 10 == 0;
      if (replay) fs::copy_file(path, path + ".backup", fs::copy_options::overwrite_existing);
      for (const std::string& p : replay ? std::vector<std::string>{path, path + ".backup"} : std::vector<std::string>{path}) {
        auto s = sync::StateStore::open(p);
        if (!s) { std::lock_guard<std::mutex> g(m); firstError = s.error().message; return; }
        sync::UploadOptions uo;
        uo.conninfo = conninfo;
        auto r = sync::uploadOutbox(*s, uo);
        if (!r) { std::lock_guard<std::mutex> g(m); firstError = r.error().message; return; }
        sent += r->sent;
        inserted += r->inserted;
        duplicates += r->duplicates;
      }
      fs::remove(path);
      fs::remove(path + ".backup");
      std::lock_guard<std::mutex> g(m);
      allIds.insert(allIds.end(), ids.begin(), ids.end());
    }
  };
  std::vector<std::thread> pool;
  for (int w = 0; w < workers; ++w) pool.emplace_back(worker);
  for (auto& t : pool) t.join();
  const double total = secondsSince(t0);
  if (!firstError.empty()) {
    err << "fleet ingest failed: " << firstError << "\n";
    return 1;
  }
  auto found = sync::countCentreEvents(conninfo, allIds);
  const std::size_t expected = static_cast<std::size_t>(kiosks) * static_cast<std::size_t>(perKiosk);
  out["fleet"] = Json{{"kiosks", kiosks},
                      {"events_per_kiosk", perKiosk},
                      {"parallel_uploaders", workers},
                      {"events", expected},
                      {"wall_s", total},
                      {"record_s_summed_over_workers", recordSeconds.load()},
                      {"sent_including_replays", sent.load()},
                      {"inserted", inserted.load()},
                      {"duplicates_absorbed", duplicates.load()},
                      {"at_centre", found ? Json(*found) : Json(found.error().message)},
                      {"lost", found ? Json(static_cast<long long>(expected) - static_cast<long long>(*found)) : Json(nullptr)},
                      {"duplicated_at_centre", static_cast<long long>(inserted.load()) - static_cast<long long>(expected)}};
  return found && *found == expected && inserted.load() == expected ? 0 : 1;
}

int runBenchSync(const std::vector<std::string>& args, Io& io) {
  const char* name = "bench sync";
  Options opt(args, {"rows", "changed", "centre", "events", "kiosks", "events-per-kiosk", "workers", "dir"}, {"skip-delta"});
  if (!opt.ok()) return usageError(io, name, opt.error());
  int rows = 200000, changed = 100000, events = 50000, kiosks = 1000, perKiosk = 1000, workers = 4;
  try {
    rows = std::stoi(opt.get("rows", "200000"));
    changed = std::stoi(opt.get("changed", "100000"));
    events = std::stoi(opt.get("events", "50000"));
    kiosks = std::stoi(opt.get("kiosks", "1000"));
    perKiosk = std::stoi(opt.get("events-per-kiosk", "1000"));
    workers = std::stoi(opt.get("workers", "4"));
  } catch (...) {
    return usageError(io, name, "numeric options must be integers");
  }
  if (rows <= 0 || changed <= 0 || changed > rows || workers <= 0) return usageError(io, name, "need 0 < --changed <= --rows and --workers > 0");
  std::string dir = opt.get("dir");
  std::string tmpl = (fs::temp_directory_path() / "bg-bench-sync-XXXXXX").string();
  if (dir.empty()) {
    if (!mkdtemp(tmpl.data())) return usageError(io, name, "cannot create a temporary directory");
    dir = tmpl;
  }
  Json out;
  int rc = 0;
  if (!opt.has("skip-delta")) rc = std::max(rc, benchDelta(dir + "/delta", rows, changed, out, io.err));
  if (opt.has("centre")) {
    fs::create_directories(dir + "/up");
    rc = std::max(rc, benchUpload(dir + "/up", opt.get("centre"), events, out, io.err));
    if (kiosks > 0) rc = std::max(rc, benchFleet(dir + "/up", opt.get("centre"), kiosks, perKiosk, workers, out, io.err));
  } else {
    out["upload"] = "skipped: pass --centre CONNINFO (scripts/bench-sync starts a throwaway PostgreSQL)";
  }
  if (opt.get("dir").empty()) fs::remove_all(dir);
  io.out << out.dump(2) << "\n";
  return rc;
}

const CommandRegistration reg({"bench sync",
                               "bench sync [--rows 200000 --changed 100000] [--centre CONNINFO --events 50000 --kiosks 1000 "
                               "--events-per-kiosk 1000 --workers 4]   delta apply + upload benchmarks",
                               runBenchSync});

}  // namespace
}  // namespace bordergate::cli
#endif
