// Uplink: the state store (records + outbox in one transaction, acknowledgement, retention)
// and the upload into a real PostgreSQL over TLS with client certificates.
#include <catch2/catch.hpp>
#include <signal.h>
#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include <random>
#include <set>
#include <thread>

#include "bordergate/sync/state_store.h"
#include "bordergate/sync/uploader.h"
#include "fixtures.h"

using namespace bordergate::sync;
using namespace bordergate::sync::test;


TEST_CASE("every record is written together with its outbox and audit rows") {
  TempDir d;
  auto s = StateStore::open(d / "state.db", {"kiosk_a", true});
  REQUIRE(s);
  const auto ids = recordMixed(*s, 40);
  CHECK(std::set<std::string>(ids.begin(), ids.end()).size() == 40);
  CHECK(ids[0].size() == 36);
  CHECK(ids[0][14] == '7');  // UUID version 7
  CHECK(*s->pendingCount() == 40);
  CHECK(count(d / "state.db", "SELECT count(*) FROM crossings") == 10);
  CHECK(count(d / "state.db", "SELECT count(*) FROM audit") == 40);
  CHECK(count(d / "state.db", "SELECT count(*) FROM pragma_journal_mode WHERE journal_mode = 'wal'") == 1);
  auto pending = s->pendingOutbox(5);
  REQUIRE(pending);
  REQUIRE(pending->size() == 5);
  CHECK(pending->front().eventId == ids[0]);
  CHECK(pending->front().payload.find("\"document_number\":\"C01X10000\"") != std::string::npos);
}

TEST_CASE("the state store refuses a record it cannot interpret and a foreign kiosk id") {
  TempDir d;
  auto s = StateStore::open(d / "state.db", {"kiosk_a", true});
  REQUIRE(s);
  auto bad = crossing(1);
  bad.direction = "sideways";
  CHECK(!s->recordCrossing(bad));
  bad = crossing(1);
  bad.occurredAt = "yesterday";
  CHECK(!s->recordCrossing(bad));
  CHECK(*s->pendingCount() == 0);
  CHECK(!StateStore::open(d / "state.db", {"kiosk_b", true}));
  auto again = StateStore::open(d / "state.db");
  REQUIRE(again);
  CHECK(again->kioskId() == "kiosk_a");
}

TEST_CASE("acknowledgement is idempotent and retention purges only acknowledged personal data") {
  TempDir d;
  auto s = StateStore::open(d / "state.db", {"kiosk_a", true});
  REQUIRE(s);
  const auto ids = recordMixed(*s, 8);
  CHECK(*s->markAcknowledged({ids[0], ids[1], "no-such-id"}) == 2);
  CHECK(*s->markAcknowledged({ids[0]}) == 0);
  CHECK(*s->pendingCount() == 6);
  // Nothing acknowledged before the epoch.
  CHECK(*s->purgeAcknowledged(TimePoint{}) == 0);
  CHECK(*s->purgeAcknowledged(Clock::now() + Seconds(10)) == 2);
  CHECK(count(d / "state.db", "SELECT count(*) FROM crossings") == 1);  // crossing 4 is unacknowledged
  CHECK(count(d / "state.db", "SELECT count(*) FROM decisions") == 1);
  CHECK(count(d / "state.db", "SELECT count(*) FROM audit WHERE purged_at IS NOT NULL AND length(payload_sha256) = 64") == 2);
  CHECK(count(d / "state.db", "SELECT count(*) FROM audit") == 8);
  CHECK(*s->pendingCount() == 6);
}

TEST_CASE("upload into PostgreSQL over TLS is exactly-once even when acknowledgements are lost") {
  PgCluster pg;
  if (!pg.available()) skipTest("PostgreSQL server binaries not installed");
  TempDir d;
  auto s = StateStore::open(d / "state.db", {"kiosk_test", true});
  REQUIRE(s);
  const auto ids = recordMixed(*s, 250);
  UploadOptions uo;
  uo.conninfo = pg.conninfo();
  uo.batchSize = 100;
  auto r = uploadOutbox(*s, uo);
  REQUIRE(r);
  CHECK(r->sent == 250);
  CHECK(r->inserted == 250);
  CHECK(r->remaining == 0);
  CHECK(pg.scalar("SELECT count(*) FROM events") == "250");
  CHECK(pg.scalar("SELECT count(DISTINCT uploaded_by) || uploaded_by FROM events GROUP BY uploaded_by") == "1kiosk_test");
  CHECK(pg.scalar("SELECT payload->>'note' FROM events WHERE kind = 'officer_action' LIMIT 1") == "note\twith\\tab\nand newline");

  // Lose the acknowledgement of 100 events (as if the kiosk died between COMMIT and marking):
  // they are sent again and absorbed by ON CONFLICT DO NOTHING.
  sqlite3* db = nullptr;
  sqlite3_open((d / "state.db").c_str(), &db);
  sqlite3_exec(db, "UPDATE outbox SET acked_at = NULL WHERE seq <= 100", nullptr, nullptr, nullptr);
  sqlite3_close(db);
  recordMixed(*s, 20);
  auto again = uploadOutbox(*s, uo);
  REQUIRE(again);
  CHECK(again->sent == 120);
  CHECK(again->duplicates == 100);
  CHECK(again->inserted == 20);
  CHECK(pg.scalar("SELECT count(*) FROM events") == "270");

  // Plain TCP is refused by the server (pg_hba: hostssl only) and by the client.
  uo.conninfo = pg.conninfo() + " sslmode=disable";
  recordMixed(*s, 1);
  auto plain = uploadOutbox(*s, uo);
  REQUIRE(!plain);
  CHECK(*s->pendingCount() == 1);
}

TEST_CASE("upload to an unreachable centre fails cleanly and keeps every event queued") {
  TempDir d;
  auto s = StateStore::open(d / "state.db", {"kiosk_test", true});
  REQUIRE(s);
  recordMixed(*s, 10);
  UploadOptions uo;
  uo.conninfo = "host=127.0.0.1 port=" + std::to_string(freeTcpPort()) + " dbname=bordergate connect_timeout=2";
  auto r = uploadOutbox(*s, uo);
  REQUIRE(!r);
  CHECK(r.error().code == bordergate::ErrorCode::Io);
  CHECK(*s->pendingCount() == 10);
}

