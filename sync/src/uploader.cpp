// Outbox upload into PostgreSQL with libpq: COPY into a temporary table, then one idempotent
// INSERT ... SELECT ... ON CONFLICT (event_id) DO NOTHING, COMMIT, and only then acknowledge.
#include "bordergate/sync/uploader.h"

#include <memory>

#include "bordergate/sync/state_store.h"
#include "pg.h"

namespace bordergate::sync {

namespace {
using pg::Conn;
using pg::exec;
using pg::Res;

// PostgreSQL COPY text format: backslash, tab, newline and carriage return are escaped.
void appendCopyField(std::string& out, const std::string& s) {
  for (char ch : s) {
    switch (ch) {
      case '\\': out += "\\\\"; break;
      case '\t': out += "\\t"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      default: out += ch;
    }
  }
}
}  // namespace

Result<UploadReport> uploadOutbox(StateStore& store, const UploadOptions& o) {
  if (o.batchSize == 0) return fail(ErrorCode::InvalidArgument, "upload batch size must be at least 1");
  Conn conn(PQconnectdb(o.conninfo.c_str()), PQfinish);
  if (!conn || PQstatus(conn.get()) != CONNECTION_OK)
    return fail(ErrorCode::Io, "cannot connect to the centre: " + (conn ? pg::errorOf(conn.get()) : std::string("out of memory")) +
                                   " (events stay queued; retry later)");
  if (o.requireTls && !PQsslInUse(conn.get()))
    return fail(ErrorCode::InvalidArgument, "the centre connection is not TLS; use sslmode=verify-full with sslcert/sslkey (personal data is never sent in clear)");
  if (auto r = exec(conn.get(),
                    "CREATE TEMP TABLE upload_batch(event_id uuid, kiosk_id text, kind text, occurred_at timestamptz, payload jsonb) "
                    "ON COMMIT DELETE ROWS",
                    PGRES_COMMAND_OK);
      !r)
    return tl::unexpected(r.error());

  UploadReport rep;
  for (;;) {
    if (o.maxBatches && rep.batches >= o.maxBatches) break;
    auto batch = store.pendingOutbox(o.batchSize);
    if (!batch) return tl::unexpected(batch.error());
    if (batch->empty()) break;
    std::string data;
    data.reserve(batch->size() * 512);
    std::vector<std::string> ids;
    ids.reserve(batch->size());
    for (const auto& e : *batch) {
      appendCopyField(data, e.eventId);
      data += '\t';
      appendCopyField(data, store.kioskId());
      data += '\t';
      appendCopyField(data, e.kind);
      data += '\t';
      appendCopyField(data, e.occurredAt);
      data += '\t';
      appendCopyField(data, e.payload);
      data += '\n';
      ids.push_back(e.eventId);
    }
    if (auto r = exec(conn.get(), "BEGIN", PGRES_COMMAND_OK); !r) return tl::unexpected(r.error());
    if (auto r = exec(conn.get(), "COPY upload_batch FROM STDIN", PGRES_COPY_IN); !r) return tl::unexpected(r.error());
    if (PQputCopyData(conn.get(), data.data(), static_cast<int>(data.size())) != 1 || PQputCopyEnd(conn.get(), nullptr) != 1)
      return fail(ErrorCode::Io, "centre: sending the batch failed: " + pg::errorOf(conn.get()));
    {
      Res r(PQgetResult(conn.get()), PQclear);
      if (!r || PQresultStatus(r.get()) != PGRES_COMMAND_OK)
        return fail(PQstatus(conn.get()) != CONNECTION_OK ? ErrorCode::Io : ErrorCode::Internal, "centre rejected the batch: " + pg::errorOf(conn.get()));
      while (PGresult* extra = PQgetResult(conn.get())) PQclear(extra);
    }
    auto ins = exec(conn.get(),
                    "INSERT INTO events(event_id, kiosk_id, kind, occurred_at, payload) "
                    "SELECT event_id, kiosk_id, kind, occurred_at, payload FROM upload_batch ON CONFLICT (event_id) DO NOTHING",
                    PGRES_COMMAND_OK);
    if (!ins) return tl::unexpected(ins.error());
    const std::size_t inserted = static_cast<std::size_t>(std::stoull(PQcmdTuples(ins->get())));
    // Only a successful COMMIT makes the events the centre's; if the connection drops here the
    // outcome is unknown, the rows stay pending and the next upload's ON CONFLICT absorbs them.
    if (auto r = exec(conn.get(), "COMMIT", PGRES_COMMAND_OK); !r) return tl::unexpected(r.error());
    auto acked = store.markAcknowledged(ids);
    if (!acked) return tl::unexpected(acked.error());
    rep.sent += ids.size();
    rep.inserted += inserted;
    rep.duplicates += ids.size() - inserted;
    ++rep.batches;
  }
  auto remaining = store.pendingCount();
  if (remaining) rep.remaining = *remaining;
  return rep;
}

Result<std::size_t> countCentreEvents(const std::string& conninfo, const std::vector<std::string>& ids) {
  Conn conn(PQconnectdb(conninfo.c_str()), PQfinish);
  if (!conn || PQstatus(conn.get()) != CONNECTION_OK)
    return fail(ErrorCode::Io, "cannot connect to the centre: " + (conn ? pg::errorOf(conn.get()) : std::string("out of memory")));
  std::size_t found = 0;
  constexpr std::size_t kChunk = 10000;
  for (std::size_t start = 0; start < ids.size(); start += kChunk) {
    std::string arr = "{";
    for (std::size_t i = start; i < std::min(ids.size(), start + kChunk); ++i) {
      if (ids[i].find_first_not_of("0123456789abcdef-") != std::string::npos) return fail(ErrorCode::InvalidArgument, "not an event id: " + ids[i]);
      arr += (i == start ? "" : ",") + ids[i];
    }
    arr += "}";
    const char* params[] = {arr.c_str()};
    Res r(PQexecParams(conn.get(), "SELECT count(event_id) FROM events WHERE event_id = ANY($1::uuid[])", 1, nullptr, params, nullptr,
                       nullptr, 0),
          PQclear);
    if (!r || PQresultStatus(r.get()) != PGRES_TUPLES_OK) return fail(ErrorCode::Io, "centre: " + pg::errorOf(conn.get()));
    found += static_cast<std::size_t>(std::stoull(PQgetvalue(r.get(), 0, 0)));
  }
  return found;
}

}  // namespace bordergate::sync
