// The list file: one SQLite database the kiosk decides on. ListWriter creates one (used by
// `bordergate list build` and by the large-list benchmark), ListReader opens one read-only.
//
// Layout (schema kListSchemaVersion; every table has an explicit PRIMARY KEY because the
// sync module ships deltas as SQLite session changesets, which need them):
//   list_meta(key PK, value)            version, built_at, schema, lost_document_key
//   visa_regime(nationality, document_kind, valid_from PK, ...)
//   visas(visa_id PK, ...), permits(permit_id PK, ...), entry_bans(ban_id PK, ...)
//   ban_name_keys(block_key, ban_id PK, birth_date)  blocking keys for name matching (name_match.h)
//   lost_documents(doc_hash PK, reported_on)   HMAC-SHA-256, never the plain number
//   prior_authorization(nationality, valid_from PK, valid_to)
//   authorizations(document_number, nationality, valid_from PK, valid_to)
//   crossings(document_number, nationality, at PK, direction, birth_date, port)
// Unset dates are stored as '' (not NULL: a NULL in a primary key would be invisible to
// changesets), so "valid_from <= day" holds for an open start.
//
// Lost documents are stored as HMAC-SHA-256(key, issuing_state "<" document_number), the
// key being list_meta.lost_document_key (32 random bytes, hex). Why a key in the same file:
// the kiosk must check offline, so it must hold the key; what the keyed hash buys is that
// the file is no plain register of document numbers (nothing to grep, copy or join with
// other data), and a dictionary of all document numbers must be computed again per key.
// It does NOT stop someone who holds the file from testing a number they already know.
// The key must stay the same between list versions (list build --hash-key-file) or every
// row changes and a sync delta becomes the whole table.
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "bordergate/core/result.h"
#include "bordergate/rules/list_types.h"

namespace bordergate::rules {

using HashKey = std::array<std::uint8_t, 32>;

// A fresh random key (libsodium randombytes).
HashKey randomHashKey();
// 64 hex digits -> key.
Result<HashKey> parseHashKey(std::string_view hex);
std::string hashKeyHex(const HashKey& key);

// Normalised document number for lookups: upper-case, '<' and spaces removed.
std::string normalizeDocumentNumber(std::string_view number);

struct ListMeta {
  std::int64_t version = 0;   // strictly increasing between published lists
  std::int64_t builtAt = 0;   // seconds since epoch, UTC
  HashKey lostDocumentKey{};
};

// Writes a new list. Everything happens in one transaction; nothing is visible in the file
// until commit(). Not thread-safe. The destructor rolls back if commit() was not called.
class ListWriter {
 public:
  // Creates the file at `path`, which must not exist yet.
  static Result<std::unique_ptr<ListWriter>> create(const std::string& path, const ListMeta& meta);
  ~ListWriter();
  ListWriter(const ListWriter&) = delete;
  ListWriter& operator=(const ListWriter&) = delete;

  Result<void> add(const RegimeRule& r);
  Result<void> add(const Visa& v);
  Result<void> add(const Permit& p);
  Result<void> add(const EntryBan& b);
  Result<void> addLostDocument(std::string_view issuingState, std::string_view documentNumber, const Date& reportedOn);
  Result<void> add(const PriorAuthorizationRule& r);
  Result<void> add(const Authorization& a);
  Result<void> add(const Crossing& c);

  // Writes list_meta, commits and closes the file.
  Result<void> commit();

  struct Impl;
 private:
  explicit ListWriter(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// A list opened read-only. Lookups return copies. Not thread-safe: one reader per thread.
// close() releases the file so that the kiosk can switch to a newer list (open the new
// file, then close the old reader); every lookup on a closed reader fails with NotFound.
class ListReader {
 public:
  // Opens read-only and checks list_meta (schema, version). Does not read the whole file.
  static Result<std::unique_ptr<ListReader>> open(const std::string& path);
  ~ListReader();
  ListReader(const ListReader&) = delete;
  ListReader& operator=(const ListReader&) = delete;

  void close();
  bool isOpen() const;
  const std::string& path() const;
  std::int64_t version() const;
  std::int64_t builtAt() const;  // seconds since epoch
  int schema() const;

  Result<std::vector<RegimeRule>> regimeRules(std::string_view nationality) const;
  Result<std::vector<Visa>> visasFor(std::string_view documentNumber, std::string_view nationality) const;
  Result<std::vector<Permit>> permitsFor(std::string_view documentNumber, std::string_view nationality) const;
  Result<std::vector<EntryBan>> bansByDocumentNumber(std::string_view documentNumber) const;
  // Bans sharing a blocking key (name_match.h). `birthFilter`, when given, sees each
  // candidate's birth date first; candidates it rejects are not read at all.
  Result<std::vector<EntryBan>> bansByBlockingKeys(
      const std::vector<std::string>& keys,
      const std::function<bool(const std::optional<Date>&)>& birthFilter = {}) const;
  // The day the document was reported lost or stolen, if it was.
  Result<std::optional<Date>> lostDocumentReportedOn(std::string_view issuingState, std::string_view documentNumber) const;
  Result<std::vector<PriorAuthorizationRule>> priorAuthorizationRules(std::string_view nationality) const;
  Result<std::vector<Authorization>> authorizationsFor(std::string_view documentNumber, std::string_view nationality) const;
  Result<std::vector<Crossing>> crossingsFor(std::string_view documentNumber, std::string_view nationality) const;

  struct Impl;
 private:
  explicit ListReader(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace bordergate::rules
