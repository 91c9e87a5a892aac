// ListWriter and ListReader over SQLite (see list_file.h). The only file that sees sqlite3.
#include "bordergate/rules/list_file.h"

#include <sodium.h>
#include <sqlite3.h>

#include <filesystem>
#include <map>

#include "bordergate/rules/name_match.h"

namespace bordergate::rules {
namespace {

constexpr const char* kSchemaSql = R"sql(
CREATE TABLE list_meta(key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE visa_regime(
  nationality TEXT NOT NULL, document_kind TEXT NOT NULL, valid_from TEXT NOT NULL,
  regime TEXT NOT NULL, max_days INTEGER, period_days INTEGER NOT NULL,
  airport_transit_visa INTEGER NOT NULL, valid_to TEXT NOT NULL, note TEXT NOT NULL,
  PRIMARY KEY(nationality, document_kind, valid_from)) WITHOUT ROWID;
CREATE TABLE visas(
  visa_id TEXT PRIMARY KEY, kind TEXT NOT NULL, document_number TEXT NOT NULL, nationality TEXT NOT NULL,
  valid_from TEXT NOT NULL, valid_to TEXT NOT NULL, max_days INTEGER, entries TEXT NOT NULL,
  purpose TEXT NOT NULL);
CREATE TABLE permits(
  permit_id TEXT PRIMARY KEY, kind TEXT NOT NULL, document_number TEXT NOT NULL, nationality TEXT NOT NULL,
  surname TEXT NOT NULL, given_names TEXT NOT NULL, birth_date TEXT NOT NULL,
  valid_from TEXT NOT NULL, valid_to TEXT NOT NULL);
CREATE TABLE entry_bans(
  ban_id TEXT PRIMARY KEY, surname TEXT NOT NULL, given_names TEXT NOT NULL, birth_date TEXT NOT NULL,
  nationality TEXT NOT NULL, sex TEXT NOT NULL, document_number TEXT NOT NULL, article TEXT NOT NULL,
  valid_from TEXT NOT NULL, valid_to TEXT NOT NULL, lifted_on TEXT NOT NULL,
  permit_entry_from TEXT NOT NULL, permit_entry_to TEXT NOT NULL);
CREATE TABLE ban_name_keys(block_key TEXT NOT NULL, ban_id TEXT NOT NULL, birth_date TEXT NOT NULL,
  PRIMARY KEY(block_key, ban_id)) WITHOUT ROWID;
CREATE TABLE lost_documents(doc_hash BLOB PRIMARY KEY, reported_on TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE prior_authorization(nationality TEXT NOT NULL, valid_from TEXT NOT NULL, valid_to TEXT NOT NULL,
  PRIMARY KEY(nationality, valid_from)) WITHOUT ROWID;
CREATE TABLE authorizations(document_number TEXT NOT NULL, nationality TEXT NOT NULL,
  valid_from TEXT NOT NULL, valid_to TEXT NOT NULL,
  PRIMARY KEY(document_number, nationality, valid_from)) WITHOUT ROWID;
CREATE TABLE crossings(document_number TEXT NOT NULL, nationality TEXT NOT NULL, at TEXT NOT NULL,
  direction TEXT NOT NULL, birth_date TEXT NOT NULL, port TEXT NOT NULL,
  PRIMARY KEY(document_number, nationality, at)) WITHOUT ROWID;
)sql";

// Secondary indexes, created after the bulk insert (faster than maintaining them row by row).
constexpr const char* kIndexSql = R"sql(
CREATE INDEX visas_by_document ON visas(document_number, nationality);
CREATE INDEX permits_by_document ON permits(document_number, nationality);
CREATE INDEX entry_bans_by_document ON entry_bans(document_number);
)sql";

std::string dateText(const std::optional<Date>& d) { return d ? d->iso() : std::string(); }
std::optional<Date> textDate(const std::string& s) { return s.empty() ? std::nullopt : Date::parseIso(s); }

bool ensureSodium() {
  static const bool ok = sodium_init() >= 0;
  return ok;
}

// RAII prepared statement with typed binds and column reads.
class Stmt {
 public:
  Stmt() = default;
  Stmt(sqlite3* db, const char* sql) { sqlite3_prepare_v3(db, sql, -1, SQLITE_PREPARE_PERSISTENT, &s_, nullptr); }
  ~Stmt() { sqlite3_finalize(s_); }
  Stmt(const Stmt&) = delete;
  Stmt& operator=(const Stmt&) = delete;
  Stmt(Stmt&& o) noexcept : s_(o.s_) { o.s_ = nullptr; }
  Stmt& operator=(Stmt&& o) noexcept { std::swap(s_, o.s_); return *this; }
  bool ok() const { return s_ != nullptr; }
  Stmt& reset() { sqlite3_reset(s_); sqlite3_clear_bindings(s_); next_ = 1; return *this; }
  Stmt& text(std::string_view v) { sqlite3_bind_text(s_, next_++, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT); return *this; }
  Stmt& blob(const void* p, int n) { sqlite3_bind_blob(s_, next_++, p, n, SQLITE_TRANSIENT); return *this; }
  Stmt& integer(std::optional<std::int64_t> v) {
    if (v) sqlite3_bind_int64(s_, next_++, *v); else sqlite3_bind_null(s_, next_++);
    return *this;
  }
  int step() { return sqlite3_step(s_); }
  std::string col(int i) const {
    const auto* p = sqlite3_column_text(s_, i);
    return p ? std::string(reinterpret_cast<const char*>(p), static_cast<std::size_t>(sqlite3_column_bytes(s_, i))) : std::string();
  }
  std::optional<int> colInt(int i) const {
    if (sqlite3_column_type(s_, i) == SQLITE_NULL) return std::nullopt;
    return sqlite3_column_int(s_, i);
  }

 private:
  sqlite3_stmt* s_ = nullptr;
  int next_ = 1;
};

Error dbError(sqlite3* db, const std::string& what) {
  return Error{ErrorCode::Io, what + ": " + (db ? sqlite3_errmsg(db) : "out of memory")};
}

std::array<std::uint8_t, 32> lostHash(const HashKey& key, std::string_view state, std::string_view number) {
  const std::string msg = std::string(state) + "<" + normalizeDocumentNumber(number);
  std::array<std::uint8_t, 32> out{};
  crypto_auth_hmacsha256(out.data(), reinterpret_cast<const unsigned char*>(msg.data()), msg.size(), key.data());
  return out;
}

}  // namespace

HashKey randomHashKey() {
  HashKey k{};
  ensureSodium();
  randombytes_buf(k.data(), k.size());
  return k;
}

Result<HashKey> parseHashKey(std::string_view hex) {
  HashKey k{};
  std::size_t len = 0;
  ensureSodium();
  if (hex.size() != 64 || sodium_hex2bin(k.data(), k.size(), hex.data(), hex.size(), nullptr, &len, nullptr) != 0 || len != 32)
    return fail(ErrorCode::InvalidData, "hash key must be 64 hexadecimal digits (32 bytes)");
  return k;
}

std::string hashKeyHex(const HashKey& key) {
  char buf[65];
  sodium_bin2hex(buf, sizeof buf, key.data(), key.size());
  return buf;
}

std::string normalizeDocumentNumber(std::string_view number) {
  std::string s;
  for (char c : number) {
    if (c == '<' || c == ' ') continue;
    s += (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c;
  }
  return s;
}

// ---------------------------------------------------------------- writer

struct ListWriter::Impl {
  sqlite3* db = nullptr;
  ListMeta meta;
  bool committed = false;
  Stmt regime, visa, permit, ban, banKey, lost, prior, auth, crossing;
  ~Impl() {
    // Statements must be finalised before the connection closes.
    regime = {}; visa = {}; permit = {}; ban = {}; banKey = {}; lost = {}; prior = {}; auth = {}; crossing = {};
    if (db && !committed) sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
    sqlite3_close(db);
  }
  Result<void> run(Stmt& s, const std::string& what) {
    if (s.step() != SQLITE_DONE) {
      std::string msg = sqlite3_errmsg(db);
      s.reset();
      if (sqlite3_extended_errcode(db) == SQLITE_CONSTRAINT_PRIMARYKEY)
        return fail(ErrorCode::InvalidData, "duplicate " + what + " (" + msg + ")");
      return fail(ErrorCode::Io, "cannot store " + what + ": " + msg);
    }
    s.reset();
    return {};
  }
};

ListWriter::ListWriter(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
ListWriter::~ListWriter() = default;

Result<std::unique_ptr<ListWriter>> ListWriter::create(const std::string& path, const ListMeta& meta) {
  std::error_code ec;
  if (std::filesystem::exists(path, ec)) return fail(ErrorCode::InvalidArgument, "list file " + path + " already exists");
  auto impl = std::make_unique<Impl>();
  impl->meta = meta;
  if (sqlite3_open_v2(path.c_str(), &impl->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr) != SQLITE_OK)
    return tl::unexpected(dbError(impl->db, "cannot create list file " + path));
  // The file is private until renamed into place, so durability during the build is not
  // needed; the final commit is still synced. Page size 4096 matches the kiosk's flash.
  const char* setup =
      "PRAGMA page_size=4096; PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; PRAGMA cache_size=-262144;"
      "BEGIN;";
  if (sqlite3_exec(impl->db, setup, nullptr, nullptr, nullptr) != SQLITE_OK ||
      sqlite3_exec(impl->db, kSchemaSql, nullptr, nullptr, nullptr) != SQLITE_OK)
    return tl::unexpected(dbError(impl->db, "cannot create the list schema in " + path));
  sqlite3* db = impl->db;
  impl->regime = Stmt(db, "INSERT INTO visa_regime VALUES(?,?,?,?,?,?,?,?,?)");
  impl->visa = Stmt(db, "INSERT INTO visas VALUES(?,?,?,?,?,?,?,?,?)");
  impl->permit = Stmt(db, "INSERT INTO permits VALUES(?,?,?,?,?,?,?,?,?)");
  impl->ban = Stmt(db, "INSERT INTO entry_bans VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?)");
  impl->banKey = Stmt(db, "INSERT OR IGNORE INTO ban_name_keys VALUES(?,?,?)");
  impl->lost = Stmt(db, "INSERT INTO lost_documents VALUES(?,?)");
  impl->prior = Stmt(db, "INSERT INTO prior_authorization VALUES(?,?,?)");
  impl->auth = Stmt(db, "INSERT INTO authorizations VALUES(?,?,?,?)");
  impl->crossing = Stmt(db, "INSERT INTO crossings VALUES(?,?,?,?,?,?)");
  for (Stmt* s : {&impl->regime, &impl->visa, &impl->permit, &impl->ban, &impl->banKey, &impl->lost, &impl->prior,
                  &impl->auth, &impl->crossing})
    if (!s->ok()) return tl::unexpected(dbError(db, "cannot prepare list statements"));
  return std::unique_ptr<ListWriter>(new ListWriter(std::move(impl)));
}

Result<void> ListWriter::add(const RegimeRule& r) {
  impl_->regime.text(r.nationality).text(toString(r.documentKind)).text(dateText(r.validity.from))
      .text(toString(r.regime)).integer(r.maxDays).integer(r.periodDays).integer(r.airportTransitVisa ? 1 : 0)
      .text(dateText(r.validity.to)).text(r.note);
  return impl_->run(impl_->regime, "visa regime rule");
}

Result<void> ListWriter::add(const Visa& v) {
  impl_->visa.text(v.visaId).text(toString(v.kind)).text(normalizeDocumentNumber(v.documentNumber)).text(v.nationality)
      .text(dateText(v.validity.from)).text(dateText(v.validity.to)).integer(v.maxDays)
      .text(v.multipleEntries ? "multiple" : "single").text(v.purpose);
  return impl_->run(impl_->visa, "visa_id " + v.visaId);
}

Result<void> ListWriter::add(const Permit& p) {
  impl_->permit.text(p.permitId).text(toString(p.kind)).text(normalizeDocumentNumber(p.documentNumber)).text(p.nationality)
      .text(p.surname).text(p.givenNames).text(dateText(p.birthDate)).text(dateText(p.validity.from))
      .text(dateText(p.validity.to));
  return impl_->run(impl_->permit, "permit_id " + p.permitId);
}

Result<void> ListWriter::add(const EntryBan& b) {
  impl_->ban.text(b.banId).text(b.surname).text(b.givenNames).text(dateText(b.birthDate)).text(b.nationality)
      .text(std::string(1, b.sex)).text(normalizeDocumentNumber(b.documentNumber)).text(b.article)
      .text(dateText(b.validity.from)).text(dateText(b.validity.to)).text(dateText(b.liftedOn))
      .text(dateText(b.permitEntry.from)).text(dateText(b.permitEntry.to));
  if (auto r = impl_->run(impl_->ban, "ban_id " + b.banId); !r) return r;
  const PersonName name{b.surname, b.givenNames, b.birthDate, b.nationality, b.sex, false};
  for (const auto& key : banBlockingKeys(name)) {
    impl_->banKey.text(key).text(b.banId).text(dateText(b.birthDate));
    if (auto r = impl_->run(impl_->banKey, "ban name key"); !r) return r;
  }
  return {};
}

Result<void> ListWriter::addLostDocument(std::string_view issuingState, std::string_view documentNumber, const Date& reportedOn) {
  const auto h = lostHash(impl_->meta.lostDocumentKey, issuingState, documentNumber);
  impl_->lost.blob(h.data(), static_cast<int>(h.size())).text(reportedOn.iso());
  return impl_->run(impl_->lost, "lost document " + std::string(issuingState) + " " + std::string(documentNumber));
}

Result<void> ListWriter::add(const PriorAuthorizationRule& r) {
  impl_->prior.text(r.nationality).text(dateText(r.validity.from)).text(dateText(r.validity.to));
  return impl_->run(impl_->prior, "prior authorization rule for " + r.nationality);
}

Result<void> ListWriter::add(const Authorization& a) {
  impl_->auth.text(normalizeDocumentNumber(a.documentNumber)).text(a.nationality).text(dateText(a.validity.from))
      .text(dateText(a.validity.to));
  return impl_->run(impl_->auth, "authorization for " + a.documentNumber);
}

Result<void> ListWriter::add(const Crossing& c) {
  impl_->crossing.text(normalizeDocumentNumber(c.documentNumber)).text(c.nationality).text(formatTimestamp(c.at))
      .text(toString(c.direction)).text(dateText(c.birthDate)).text(c.port);
  return impl_->run(impl_->crossing, "crossing of " + c.documentNumber + " at " + formatTimestamp(c.at));
}

Result<void> ListWriter::commit() {
  sqlite3* db = impl_->db;
  if (sqlite3_exec(db, kIndexSql, nullptr, nullptr, nullptr) != SQLITE_OK)
    return tl::unexpected(dbError(db, "cannot index the list"));
  Stmt meta(db, "INSERT INTO list_meta VALUES(?,?)");
  const std::pair<const char*, std::string> rows[] = {
      {"version", std::to_string(impl_->meta.version)},
      {"built_at", formatTimestamp(impl_->meta.builtAt)},
      {"schema", std::to_string(kListSchemaVersion)},
      {"lost_document_key", hashKeyHex(impl_->meta.lostDocumentKey)},
      {"lost_document_hash", "HMAC-SHA-256(key, ISSUING_STATE '<' DOCUMENT_NUMBER)"},
  };
  for (const auto& [k, v] : rows) {
    meta.text(k).text(v);
    if (auto r = impl_->run(meta, "list_meta"); !r) return r;
  }
  meta = {};
  if (sqlite3_exec(db, "COMMIT; PRAGMA synchronous=FULL; ANALYZE;", nullptr, nullptr, nullptr) != SQLITE_OK)
    return tl::unexpected(dbError(db, "cannot commit the list"));
  impl_->committed = true;
  return {};
}

// ---------------------------------------------------------------- reader

struct ListReader::Impl {
  sqlite3* db = nullptr;
  std::string path;
  std::int64_t version = 0, builtAt = 0;
  int schema = 0;
  HashKey key{};
  Stmt regime, visas, permits, bansByDoc, bansByKey, banById, lost, prior, auth, crossings;
  ~Impl() { closeDb(); }
  void closeDb() {
    regime = {}; visas = {}; permits = {}; bansByDoc = {}; bansByKey = {}; banById = {}; lost = {}; prior = {}; auth = {};
    crossings = {};
    sqlite3_close(db);
    db = nullptr;
  }
  Error closedError() const { return Error{ErrorCode::NotFound, "list " + path + " is closed"}; }
  Error stepError() const { return Error{ErrorCode::Io, "reading list " + path + " failed: " + sqlite3_errmsg(db)}; }
};

ListReader::ListReader(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
ListReader::~ListReader() = default;
void ListReader::close() { impl_->closeDb(); }
bool ListReader::isOpen() const { return impl_->db != nullptr; }
const std::string& ListReader::path() const { return impl_->path; }
std::int64_t ListReader::version() const { return impl_->version; }
std::int64_t ListReader::builtAt() const { return impl_->builtAt; }
int ListReader::schema() const { return impl_->schema; }

Result<std::unique_ptr<ListReader>> ListReader::open(const std::string& path) {
  auto impl = std::make_unique<Impl>();
  impl->path = path;
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec))
    return fail(ErrorCode::NotFound, "list file " + path + " does not exist; build one with `bordergate list build`");
  if (sqlite3_open_v2(path.c_str(), &impl->db, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, nullptr) != SQLITE_OK)
    return tl::unexpected(dbError(impl->db, "cannot open list file " + path));
  std::map<std::string, std::string> meta;
  {
    Stmt s(impl->db, "SELECT key, value FROM list_meta");
    if (!s.ok())
      return fail(ErrorCode::InvalidData, "list file " + path + " is not a bordergate list (no list_meta table: " +
                                              sqlite3_errmsg(impl->db) + ")");
    int rc;
    while ((rc = s.step()) == SQLITE_ROW) meta[s.col(0)] = s.col(1);
    if (rc != SQLITE_DONE) return tl::unexpected(dbError(impl->db, "cannot read list_meta of " + path));
  }
  try {
    impl->schema = std::stoi(meta.at("schema"));
    impl->version = std::stoll(meta.at("version"));
  } catch (const std::exception&) {
    return fail(ErrorCode::InvalidData, "list file " + path + " has no valid schema/version in list_meta; rebuild it");
  }
  if (impl->schema != kListSchemaVersion)
    return fail(ErrorCode::Unsupported, "list file " + path + " has schema " + std::to_string(impl->schema) +
                                            ", this program reads schema " + std::to_string(kListSchemaVersion) +
                                            "; rebuild the list with this version of bordergate");
  const auto built = parseTimestamp(meta["built_at"]);
  if (!built) return fail(ErrorCode::InvalidData, "list file " + path + " has no valid built_at in list_meta");
  impl->builtAt = *built;
  auto key = parseHashKey(meta["lost_document_key"]);
  if (!key) return fail(ErrorCode::InvalidData, "list file " + path + ": lost_document_key: " + key.error().message);
  impl->key = *key;
  sqlite3* db = impl->db;
  impl->regime = Stmt(db, "SELECT nationality, document_kind, valid_from, regime, max_days, period_days, "
                          "airport_transit_visa, valid_to, note FROM visa_regime WHERE nationality=?");
  impl->visas = Stmt(db, "SELECT visa_id, kind, document_number, nationality, valid_from, valid_to, max_days, entries, "
                         "purpose FROM visas WHERE document_number=? AND nationality=?");
  impl->permits = Stmt(db, "SELECT permit_id, kind, document_number, nationality, surname, given_names, birth_date, "
                           "valid_from, valid_to FROM permits WHERE document_number=? AND nationality=?");
  const char* banCols = "SELECT b.ban_id, b.surname, b.given_names, b.birth_date, b.nationality, b.sex, b.document_number, "
                        "b.article, b.valid_from, b.valid_to, b.lifted_on, b.permit_entry_from, b.permit_entry_to ";
  impl->bansByDoc = Stmt(db, (std::string(banCols) + "FROM entry_bans b WHERE b.document_number=?").c_str());
  impl->bansByKey = Stmt(db, "SELECT DISTINCT ban_id, birth_date FROM ban_name_keys "
                             "WHERE block_key IN (SELECT value FROM json_each(?))");
  impl->banById = Stmt(db, (std::string(banCols) + "FROM entry_bans b WHERE b.ban_id=?").c_str());
  impl->lost = Stmt(db, "SELECT reported_on FROM lost_documents WHERE doc_hash=?");
  impl->prior = Stmt(db, "SELECT nationality, valid_from, valid_to FROM prior_authorization WHERE nationality=?");
  impl->auth = Stmt(db, "SELECT document_number, nationality, valid_from, valid_to FROM authorizations "
                        "WHERE document_number=? AND nationality=?");
  impl->crossings = Stmt(db, "SELECT document_number, nationality, at, direction, birth_date, port FROM crossings "
                             "WHERE document_number=? AND nationality=? ORDER BY at");
  for (Stmt* s : {&impl->regime, &impl->visas, &impl->permits, &impl->bansByDoc, &impl->bansByKey, &impl->banById, &impl->lost,
                  &impl->prior, &impl->auth, &impl->crossings})
    if (!s->ok())
      return fail(ErrorCode::InvalidData, "list file " + path + " does not have the expected tables (" +
                                              sqlite3_errmsg(db) + "); rebuild it");
  return std::unique_ptr<ListReader>(new ListReader(std::move(impl)));
}

namespace {

// Runs a prepared lookup and converts each row with `row`; resets the statement after.
template <typename T, typename F>
Result<std::vector<T>> collect(const ListReader::Impl& impl, Stmt& s, F row) {
  std::vector<T> out;
  int rc;
  while ((rc = s.step()) == SQLITE_ROW) out.push_back(row(s));
  s.reset();
  if (rc != SQLITE_DONE) return tl::unexpected(impl.stepError());
  return out;
}

EntryBan banRow(const Stmt& s) {
  EntryBan b;
  b.banId = s.col(0);
  b.surname = s.col(1);
  b.givenNames = s.col(2);
  b.birthDate = textDate(s.col(3));
  b.nationality = s.col(4);
  const std::string sex = s.col(5);
  b.sex = sex.empty() ? 'X' : sex[0];
  b.documentNumber = s.col(6);
  b.article = s.col(7);
  b.validity = {textDate(s.col(8)), textDate(s.col(9))};
  b.liftedOn = textDate(s.col(10));
  b.permitEntry = {textDate(s.col(11)), textDate(s.col(12))};
  return b;
}

}  // namespace

Result<std::vector<RegimeRule>> ListReader::regimeRules(std::string_view nationality) const {
  if (!isOpen()) return tl::unexpected(impl_->closedError());
  impl_->regime.text(nationality);
  return collect<RegimeRule>(*impl_, impl_->regime, [](const Stmt& s) {
    RegimeRule r;
    r.nationality = s.col(0);
    r.documentKind = parseDocumentKind(s.col(1)).value_or(DocumentKind::Ordinary);
    r.validity.from = textDate(s.col(2));
    r.regime = parseRegime(s.col(3)).value_or(Regime::VisaRequired);
    r.maxDays = s.colInt(4);
    r.periodDays = s.colInt(5).value_or(180);
    r.airportTransitVisa = s.colInt(6).value_or(0) != 0;
    r.validity.to = textDate(s.col(7));
    r.note = s.col(8);
    return r;
  });
}

Result<std::vector<Visa>> ListReader::visasFor(std::string_view documentNumber, std::string_view nationality) const {
  if (!isOpen()) return tl::unexpected(impl_->closedError());
  impl_->visas.text(normalizeDocumentNumber(documentNumber)).text(nationality);
  return collect<Visa>(*impl_, impl_->visas, [](const Stmt& s) {
    Visa v;
    v.visaId = s.col(0);
    v.kind = parseVisaKind(s.col(1)).value_or(VisaKind::Sticker);
    v.documentNumber = s.col(2);
    v.nationality = s.col(3);
    v.validity = {textDate(s.col(4)), textDate(s.col(5))};
    v.maxDays = s.colInt(6);
    v.multipleEntries = s.col(7) == "multiple";
    v.purpose = s.col(8);
    return v;
  });
}

Result<std::vector<Permit>> ListReader::permitsFor(std::string_view documentNumber, std::string_view nationality) const {
  if (!isOpen()) return tl::unexpected(impl_->closedError());
  impl_->permits.text(normalizeDocumentNumber(documentNumber)).text(nationality);
  return collect<Permit>(*impl_, impl_->permits, [](const Stmt& s) {
    Permit p;
    p.permitId = s.col(0);
    p.kind = parsePermitKind(s.col(1)).value_or(PermitKind::Residence);
    p.documentNumber = s.col(2);
    p.nationality = s.col(3);
    p.surname = s.col(4);
    p.givenNames = s.col(5);
    p.birthDate = textDate(s.col(6));
    p.validity = {textDate(s.col(7)), textDate(s.col(8))};
    return p;
  });
}

Result<std::vector<EntryBan>> ListReader::bansByDocumentNumber(std::string_view documentNumber) const {
  if (!isOpen()) return tl::unexpected(impl_->closedError());
  const std::string n = normalizeDocumentNumber(documentNumber);
  if (n.empty()) return std::vector<EntryBan>{};
  impl_->bansByDoc.text(n);
  return collect<EntryBan>(*impl_, impl_->bansByDoc, banRow);
}

Result<std::vector<EntryBan>> ListReader::bansByBlockingKeys(const std::vector<std::string>& keys,
                                                             const std::function<bool(const std::optional<Date>&)>& birthFilter) const {
  if (!isOpen()) return tl::unexpected(impl_->closedError());
  if (keys.empty()) return std::vector<EntryBan>{};
  // Keys are A-Z, 0-9, '-', ':' and '?' only (name_match.cpp), so no JSON escaping is needed.
  std::string json = "[";
  for (std::size_t i = 0; i < keys.size(); ++i) json += (i ? ",\"" : "\"") + keys[i] + "\"";
  json += "]";
  // Step 1 reads only the key index (birth date included), step 2 fetches the ban rows
  // that pass the filter: most candidates are dropped without touching entry_bans.
  impl_->bansByKey.text(json);
  auto ids = collect<std::pair<std::string, std::optional<Date>>>(*impl_, impl_->bansByKey, [](const Stmt& s) {
    return std::make_pair(s.col(0), textDate(s.col(1)));
  });
  if (!ids) return tl::unexpected(ids.error());
  std::vector<EntryBan> out;
  for (const auto& [id, birth] : *ids) {
    if (birthFilter && !birthFilter(birth)) continue;
    impl_->banById.text(id);
    auto rows = collect<EntryBan>(*impl_, impl_->banById, banRow);
    if (!rows) return tl::unexpected(rows.error());
    for (auto& b : *rows) out.push_back(std::move(b));
  }
  return out;
}

Result<std::optional<Date>> ListReader::lostDocumentReportedOn(std::string_view issuingState, std::string_view documentNumber) const {
  if (!isOpen()) return tl::unexpected(impl_->closedError());
  const auto h = lostHash(impl_->key, issuingState, documentNumber);
  impl_->lost.blob(h.data(), static_cast<int>(h.size()));
  auto rows = collect<std::string>(*impl_, impl_->lost, [](const Stmt& s) { return s.col(0); });
  if (!rows) return tl::unexpected(rows.error());
  if (rows->empty()) return std::optional<Date>{};
  return textDate(rows->front());
}

Result<std::vector<PriorAuthorizationRule>> ListReader::priorAuthorizationRules(std::string_view nationality) const {
  if (!isOpen()) return tl::unexpected(impl_->closedError());
  impl_->prior.text(nationality);
  return collect<PriorAuthorizationRule>(*impl_, impl_->prior, [](const Stmt& s) {
    return PriorAuthorizationRule{s.col(0), {textDate(s.col(1)), textDate(s.col(2))}};
  });
}

Result<std::vector<Authorization>> ListReader::authorizationsFor(std::string_view documentNumber, std::string_view nationality) const {
  if (!isOpen()) return tl::unexpected(impl_->closedError());
  impl_->auth.text(normalizeDocumentNumber(documentNumber)).text(nationality);
  return collect<Authorization>(*impl_, impl_->auth, [](const Stmt& s) {
    return Authorization{s.col(0), s.col(1), {textDate(s.col(2)), textDate(s.col(3))}};
  });
}

Result<std::vector<Crossing>> ListReader::crossingsFor(std::string_view documentNumber, std::string_view nationality) const {
  if (!isOpen()) return tl::unexpected(impl_->closedError());
  impl_->crossings.text(normalizeDocumentNumber(documentNumber)).text(nationality);
  return collect<Crossing>(*impl_, impl_->crossings, [](const Stmt& s) {
    Crossing c;
    c.documentNumber = s.col(0);
    c.nationality = s.col(1);
    c.at = parseTimestamp(s.col(2)).value_or(0);
    c.direction = parseDirection(s.col(3)).value_or(Direction::Entry);
    c.birthDate = textDate(s.col(4));
    c.port = s.col(5);
    return c;
  });
}

}  // namespace bordergate::rules
