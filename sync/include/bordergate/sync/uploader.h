// Uplink: drains the kiosk outbox into the centre's PostgreSQL over TLS with a client
// certificate. Exactly-once at the centre: INSERT ... ON CONFLICT (event_id) DO NOTHING in a
// transaction that COMMITs before the kiosk marks the rows acknowledged (docs/sync.md).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "bordergate/core/result.h"

namespace bordergate::sync {

class StateStore;

struct UploadOptions {
  // libpq connection string, e.g. "host=centre.example dbname=bordergate user=kiosk_0042
  // sslmode=verify-full sslrootcert=ca.crt sslcert=kiosk.crt sslkey=kiosk.key".
  std::string conninfo;
  // Events per transaction. 1,000 keeps a batch under ~1 MB and reached > 5,000 events/s on
  // the dev machine (bench sync).
  std::size_t batchSize = 1000;
  // Refuse to send personal data over a connection that is not TLS (libpq PQsslInUse).
  bool requireTls = true;
  // Stop after this many batches (0 = until the outbox is empty).
  std::size_t maxBatches = 0;
};

struct UploadReport {
  std::size_t sent = 0;        // events sent and committed by the centre
  std::size_t inserted = 0;    // of which new at the centre
  std::size_t duplicates = 0;  // already there (an earlier upload committed but was not acknowledged)
  std::size_t batches = 0;
  std::int64_t remaining = 0;  // still pending locally
};

// Errors: Io (cannot connect / connection lost: retry later, nothing is lost),
// InvalidArgument (bad conninfo, no TLS while required), Internal (centre rejected the data).
Result<UploadReport> uploadOutbox(StateStore& store, const UploadOptions& options);

// Reconciliation: how many of `eventIds` the centre holds (needs only the kiosk role's
// SELECT on events.event_id). Used by audits and `bordergate bench sync`.
Result<std::size_t> countCentreEvents(const std::string& conninfo, const std::vector<std::string>& eventIds);

}  // namespace bordergate::sync
