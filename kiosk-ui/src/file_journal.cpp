// FileJournal: append-only, fsync'd, SHA-256 hash-chained log (interim EventJournal adapter).
#include "bordergate/kiosk_ui/file_journal.h"

#include <fcntl.h>
#include <sodium.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <map>
#include <sstream>

#include <nlohmann/json.hpp>

namespace bordergate::kiosk_ui {
namespace {

using Json = nlohmann::ordered_json;
const std::string kGenesis(64, '0');

std::string sha256Hex(const std::string& bytes) {
  unsigned char out[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(out, reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size());
  static const char* hex = "0123456789abcdef";
  std::string s;
  for (unsigned char b : out) {
    s += hex[b >> 4];
    s += hex[b & 15];
  }
  return s;
}

// The record part of a line (everything the hash covers), without the closing brace.
std::string recordPrefix(const JournalEntry& e) {
  Json j;
  j["seq"] = e.seq;
  j["wall_ms"] = e.wallMs;
  j["type"] = e.record.type;
  j["lane"] = e.record.lane;
  j["officer"] = e.record.officer;
  Json data = Json::object();
  for (const auto& [k, v] : e.record.fields) data[k] = v;
  j["data"] = data;
  j["prev"] = e.prevHash;
  std::string s = j.dump(-1, ' ', false, Json::error_handler_t::replace);
  s.pop_back();  // drop '}'
  return s;
}

Result<JournalEntry> parseLine(const std::string& line, std::size_t lineNo) {
  auto where = "journal line " + std::to_string(lineNo);
  Json j = Json::parse(line, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return fail(ErrorCode::InvalidData, where + " is not JSON");
  try {
    JournalEntry e;
    e.seq = j.at("seq").get<std::uint64_t>();
    e.wallMs = j.at("wall_ms").get<std::int64_t>();
    e.record.type = j.at("type").get<std::string>();
    e.record.lane = j.at("lane").get<std::string>();
    e.record.officer = j.at("officer").get<std::string>();
    for (const auto& [k, v] : j.at("data").items()) e.record.fields.emplace_back(k, v.get<std::string>());
    e.prevHash = j.at("prev").get<std::string>();
    e.hash = j.at("hash").get<std::string>();
    return e;
  } catch (const std::exception& ex) {
    return fail(ErrorCode::InvalidData, where + " is not a journal record: " + ex.what());
  }
}

struct Loaded {
  std::vector<JournalEntry> entries;
  JournalVerification verification;
  std::size_t goodBytes = 0;  // file length up to the end of the last complete line
};

Result<Loaded> loadAndVerify(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return fail(ErrorCode::NotFound, "journal " + path.string() + " cannot be opened");
  std::stringstream ss;
  ss << in.rdbuf();
  const std::string all = ss.str();
  Loaded out;
  std::string prev = kGenesis;
  std::size_t pos = 0, lineNo = 0;
  while (pos < all.size()) {
    auto nl = all.find('\n', pos);
    if (nl == std::string::npos) {
      // A last line without '\n' was being written when the process died; append() reports
      // success only after the newline and fsync, so this record was never acknowledged.
      out.verification.tornTail = true;
      break;
    }
    std::string line = all.substr(pos, nl - pos);
    ++lineNo;
    auto e = parseLine(line, lineNo);
    if (!e) return tl::unexpected(e.error());
    const std::string prefix = recordPrefix(*e);
    if (e->prevHash != prev || e->seq != lineNo || sha256Hex(prefix) != e->hash ||
        line != prefix + ",\"hash\":\"" + e->hash + "\"}")
      return fail(ErrorCode::Integrity, "journal " + path.string() + ": hash chain broken at line " +
                                            std::to_string(lineNo) + " (seq " + std::to_string(e->seq) +
                                            "): a record was modified, removed, inserted or reordered");
    prev = e->hash;
    out.entries.push_back(std::move(*e));
    pos = nl + 1;
    out.goodBytes = pos;
  }
  out.verification.records = out.entries.size();
  out.verification.lastHash = prev;
  return out;
}

}  // namespace

Result<JournalVerification> verifyJournal(const std::filesystem::path& path) {
  auto l = loadAndVerify(path);
  if (!l) return tl::unexpected(l.error());
  return l->verification;
}

Result<std::unique_ptr<FileJournal>> FileJournal::open(const std::filesystem::path& path) {
  if (sodium_init() < 0) return fail(ErrorCode::Internal, "libsodium failed to initialise");
  std::error_code ec;
  if (path.has_parent_path()) std::filesystem::create_directories(path.parent_path(), ec);
  const bool existed = std::filesystem::exists(path, ec);
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
  if (fd < 0) return fail(ErrorCode::Io, "cannot open journal " + path.string() + ": " + std::strerror(errno));
  if (!existed) {
    // A new file is durable only once its directory entry is: fsync the directory too.
    const auto dir = path.has_parent_path() ? path.parent_path() : std::filesystem::path(".");
    int dfd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dfd >= 0) {
      (void)::fsync(dfd);
      ::close(dfd);
    }
  }
  auto loaded = loadAndVerify(path);
  if (!loaded) {
    ::close(fd);
    return tl::unexpected(loaded.error());
  }
  std::unique_ptr<FileJournal> j(new FileJournal());
  j->path_ = path;
  j->fd_ = fd;
  j->entries_ = std::move(loaded->entries);
  j->lastHash_ = loaded->verification.lastHash;
  if (loaded->verification.tornTail) {
    if (::ftruncate(fd, static_cast<off_t>(loaded->goodBytes)) != 0 || ::fsync(fd) != 0)
      return fail(ErrorCode::Io, "cannot cut the torn last line of journal " + path.string() + ": " + std::strerror(errno));
    j->recoveredTornTail_ = true;
  }
  return j;
}

FileJournal::~FileJournal() {
  if (fd_ >= 0) ::close(fd_);
}

Result<void> FileJournal::append(const JournalRecord& record, WallTime at) {
  JournalEntry e;
  e.seq = entries_.size() + 1;
  e.wallMs = std::chrono::duration_cast<std::chrono::milliseconds>(at.time_since_epoch()).count();
  e.record = record;
  e.prevHash = lastHash_;
  const std::string prefix = recordPrefix(e);
  e.hash = sha256Hex(prefix);
  const std::string line = prefix + ",\"hash\":\"" + e.hash + "\"}\n";
  // On failure the file is cut back to where it was, so that a half-written or unsynced line
  // cannot stay in the file while the in-memory chain goes on without it (that would break
  // the chain at the next open).
  const off_t before = ::lseek(fd_, 0, SEEK_END);
  auto undo = [&] {
    if (before >= 0) (void)::ftruncate(fd_, before);
  };
  std::size_t done = 0;
  while (done < line.size()) {
    ssize_t n = ::write(fd_, line.data() + done, line.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      const int err = errno;
      undo();
      return fail(ErrorCode::Io, "cannot write journal " + path_.string() + ": " + std::strerror(err) +
                                     " — the action was NOT recorded; free disk space or call a technician");
    }
    done += static_cast<std::size_t>(n);
  }
  if (::fsync(fd_) != 0) {
    const int err = errno;
    undo();
    return fail(ErrorCode::Io, "cannot fsync journal " + path_.string() + ": " + std::strerror(err) +
                                   " — the action was NOT recorded; call a technician");
  }
  lastHash_ = e.hash;
  entries_.push_back(std::move(e));
  return {};
}

void appendReasonFields(JournalRecord& record, const std::vector<Reason>& reasons) {
  for (std::size_t i = 0; i < reasons.size(); ++i) {
    const std::string p = "reason." + std::to_string(i) + ".";
    record.fields.emplace_back(p + "code", reasons[i].code);
    record.fields.emplace_back(p + "article", reasons[i].article);
    record.fields.emplace_back(p + "message", reasons[i].message);
  }
}

std::vector<Reason> reasonsFromFields(const JournalRecord& record) {
  std::vector<Reason> out;
  for (std::size_t i = 0;; ++i) {
    const std::string p = "reason." + std::to_string(i) + ".";
    const auto* code = record.field(p + "code");
    if (!code) break;
    const auto* art = record.field(p + "article");
    const auto* msg = record.field(p + "message");
    out.push_back({*code, art ? *art : "", msg ? *msg : ""});
  }
  return out;
}

namespace {

// The seqs of records voided by a later "journal.void" (their action was not completed, see
// kJournalVoidType).
Result<std::vector<std::uint64_t>> voidedSeqs(const std::vector<JournalEntry>& entries) {
  std::vector<std::uint64_t> voided;
  for (const auto& e : entries)
    if (e.record.type == kJournalVoidType)
      if (const auto* v = e.record.field("void_seq")) {
        try {
          voided.push_back(std::stoull(*v));
        } catch (const std::exception&) {
          return fail(ErrorCode::InvalidData, "journal seq " + std::to_string(e.seq) + ": bad void_seq");
        }
      }
  return voided;
}

// The fields of a control.start that a crossing needs (OpenControlCase::crossingFields).
std::vector<std::pair<std::string, std::string>> crossingFieldsOf(const JournalRecord& start) {
  std::vector<std::pair<std::string, std::string>> out;
  for (const char* key : {"document_number", "document_code", "issuing_state", "nationality", "birth_date", "surname",
                          "given_names", "list_version"})
    if (const auto* v = start.field(key)) out.emplace_back(key, *v);
  return out;
}

}  // namespace

Result<std::vector<UnrecordedCrossing>> FileJournal::admittedWithoutCrossing() {
  auto voided = voidedSeqs(entries_);
  if (!voided) return tl::unexpected(voided.error());
  std::map<std::string, std::vector<std::pair<std::string, std::string>>> started;
  std::vector<UnrecordedCrossing> pending;
  for (const auto& e : entries_) {
    if (std::find(voided->begin(), voided->end(), e.seq) != voided->end()) continue;
    const auto* id = e.record.field("case");
    if (!id) continue;
    if (e.record.type == "control.start") {
      started[*id] = crossingFieldsOf(e.record);
    } else if (e.record.type == "control.close") {
      const auto* follows = e.record.field("crossing");
      if (follows && *follows == "follows")
        pending.push_back({*id, WallTime{std::chrono::milliseconds(e.wallMs)}, e.record.officer, started[*id]});
    } else if (e.record.type == "crossing") {
      pending.erase(std::remove_if(pending.begin(), pending.end(), [&](const UnrecordedCrossing& u) { return u.caseId == *id; }),
                    pending.end());
    }
  }
  return pending;
}

Result<std::vector<OpenControlCase>> FileJournal::openControlCases() {
  // Voided records do not count: a control that was never started is not on the board.
  auto voidedOr = voidedSeqs(entries_);
  if (!voidedOr) return tl::unexpected(voidedOr.error());
  const std::vector<std::uint64_t>& voided = *voidedOr;
  std::map<std::string, OpenControlCase> open;
  std::vector<std::string> order;
  for (const auto& e : entries_) {
    if (std::find(voided.begin(), voided.end(), e.seq) != voided.end()) continue;
    const auto* id = e.record.field("case");
    if (!id) continue;
    if (e.record.type == "control.start") {
      OpenControlCase c;
      c.caseId = *id;
      if (const auto* v = e.record.field("person")) c.personLabel = *v;
      if (const auto* v = e.record.field("document_number")) c.documentNumber = *v;
      if (const auto* v = e.record.field("nationality")) c.nationality = *v;
      const auto* started = e.record.field("started_ms");
      long long ms = e.wallMs;
      if (started) {
        try {
          ms = std::stoll(*started);
        } catch (const std::exception&) {
          return fail(ErrorCode::InvalidData, "journal seq " + std::to_string(e.seq) + ": bad started_ms");
        }
      }
      c.startedWall = WallTime{std::chrono::milliseconds(ms)};
      c.reasons = reasonsFromFields(e.record);
      // Unknown (a record from before the field existed) counts as held over a refusal: the
      // safe side, a supervisor can still admit.
      const auto* recommended = e.record.field("recommended");
      c.heldOverRefusal = !recommended || *recommended == "REFUSE";
      c.crossingFields = crossingFieldsOf(e.record);
      if (std::find(order.begin(), order.end(), *id) == order.end()) order.push_back(*id);
      open[*id] = std::move(c);
    } else if (e.record.type == "control.checkpoint" || e.record.type == "control.mark") {
      auto it = open.find(*id);
      const auto* el = e.record.field("elapsed_ms");
      if (it != open.end() && el) {
        try {
          it->second.lastCheckpoint = std::max(it->second.lastCheckpoint, std::chrono::milliseconds(std::stoll(*el)));
        } catch (const std::exception&) {
          return fail(ErrorCode::InvalidData, "journal seq " + std::to_string(e.seq) + ": bad elapsed_ms");
        }
      }
    } else if (e.record.type == "control.close") {
      open.erase(*id);
    }
  }
  long long newest = 0;
  for (const auto& e : entries_) newest = std::max(newest, static_cast<long long>(e.wallMs));
  std::vector<OpenControlCase> out;
  for (const auto& id : order)
    if (auto it = open.find(id); it != open.end()) {
      it->second.lastRecordWall = WallTime{std::chrono::milliseconds(newest)};
      out.push_back(it->second);
    }
  return out;
}

}  // namespace bordergate::kiosk_ui
