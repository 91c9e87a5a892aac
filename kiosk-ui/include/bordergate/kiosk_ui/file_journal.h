// FileJournal: an append-only, fsync'd, hash-chained event log in one file, owned by
// kiosk-ui. INTERIM adapter of the EventJournal port: the real one is sync/'s state database
// + outbox (SQLite). It stays useful afterwards as the local tamper-evident audit trail.
//
// Format: one JSON object per line (UTF-8), keys in this order:
//   {"seq":N,"wall_ms":T,"type":"...","lane":"...","officer":"...","data":{...},
//    "prev":"<hex sha256 of the previous line's record>","hash":"<hex sha256>"}
// hash = SHA-256 over the exact bytes of the line without its ",\"hash\":...}" tail, i.e.
// over the record including `prev`; the first record's prev is 64 zeros. Changing, removing,
// inserting or reordering any record breaks the chain from that record on.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "bordergate/core/result.h"
#include "bordergate/kiosk_ui/ports.h"

namespace bordergate::kiosk_ui {

struct JournalEntry {
  std::uint64_t seq = 0;
  std::int64_t wallMs = 0;  // milliseconds since 1970-01-01 UTC
  JournalRecord record;
  std::string prevHash;
  std::string hash;
};

// What verifying a journal file found.
struct JournalVerification {
  std::size_t records = 0;
  bool tornTail = false;  // the last line was cut short by a crash (it was never acknowledged)
  std::string lastHash;
};

// Verifies the whole chain of a journal file. Integrity error naming the first bad line
// (line number, seq) when a record was modified, removed, inserted or reordered; InvalidData
// when a line is not a journal record; NotFound when the file does not exist.
Result<JournalVerification> verifyJournal(const std::filesystem::path& path);

class FileJournal final : public EventJournal {
 public:
  // Opens (creating if needed) and verifies the journal. A torn last line (crash during a
  // write, so never acknowledged) is cut off; any other damage is an Integrity error and the
  // journal is not opened: the audit trail must be looked at by a person.
  static Result<std::unique_ptr<FileJournal>> open(const std::filesystem::path& path);
  ~FileJournal() override;
  FileJournal(const FileJournal&) = delete;
  FileJournal& operator=(const FileJournal&) = delete;

  // Appends one record and fsyncs before returning.
  Result<void> append(const JournalRecord& record, WallTime at) override;
  Result<std::vector<OpenControlCase>> openControlCases() override;
  Result<std::vector<UnrecordedCrossing>> admittedWithoutCrossing() override;

  const std::vector<JournalEntry>& entries() const { return entries_; }
  const std::filesystem::path& path() const { return path_; }
  bool recoveredTornTail() const { return recoveredTornTail_; }

 private:
  FileJournal() = default;
  std::filesystem::path path_;
  int fd_ = -1;
  std::vector<JournalEntry> entries_;
  std::string lastHash_;
  bool recoveredTornTail_ = false;
};

// A record of this type voids the earlier record whose seq is in its field "void_seq": that
// record's action was NOT completed (e.g. the state database refused it after the audit
// line was written, see kiosk_adapters::StateJournal). The chain keeps both lines;
// openControlCases() ignores voided records.
inline constexpr const char* kJournalVoidType = "journal.void";

// Reasons travel through the journal as fields reason.N.code / .article / .message.
void appendReasonFields(JournalRecord& record, const std::vector<Reason>& reasons);
std::vector<Reason> reasonsFromFields(const JournalRecord& record);

}  // namespace bordergate::kiosk_ui
