-- The centre's PostgreSQL schema for kiosk uploads (docs/sync.md, "Uplink"). Idempotent:
-- safe to run again on an existing database.
CREATE TABLE IF NOT EXISTS events (
  event_id    uuid        PRIMARY KEY,          -- client-generated UUIDv7: the idempotency key
  kiosk_id    text        NOT NULL,
  kind        text        NOT NULL CHECK (kind IN ('crossing', 'decision', 'officer_action', 'timer_event')),
  occurred_at timestamptz NOT NULL,
  payload     jsonb       NOT NULL,
  uploaded_by text        NOT NULL DEFAULT session_user,  -- the TLS client certificate's name; kiosks cannot set it
  received_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS events_kiosk_time ON events (kiosk_id, occurred_at);
CREATE INDEX IF NOT EXISTS events_kind_time ON events (kind, occurred_at);

-- The centre's half of the 90/180 loop (docs/sync.md, "Closing the 90/180 loop"):
-- `bordergate centre export-crossings` reads this view and writes crossings.csv for the next
-- list version. Data minimisation: only what the 90/180 rule matches on and counts, with the
-- document number and nationality normalised as the list stores them (no '<' fillers or
-- spaces, upper case). Dropped and re-created so that re-running this file on a database
-- made by an older version (a wider view) works; the grant below is re-applied.
DROP VIEW IF EXISTS crossings_export;
CREATE VIEW crossings_export AS
  SELECT event_id,
         upper(translate(payload->>'document_number', '< ', '')) AS document_number,
         upper(translate(payload->>'nationality', '< ', ''))     AS nationality,
         payload->>'direction'                                  AS direction,
         occurred_at
    FROM events WHERE kind = 'crossing';

-- The exporter may read that view and nothing else (not events, not other kinds).
DO $$ BEGIN
  CREATE ROLE bordergate_export NOLOGIN;
EXCEPTION WHEN duplicate_object THEN NULL;
END $$;
GRANT USAGE ON SCHEMA public TO bordergate_export;
GRANT SELECT ON crossings_export TO bordergate_export;

-- Kiosks log in with a client certificate whose CN is their role name (pg_hba "cert").
-- They may only insert: no reads of other kiosks' data, no updates, no deletes.
DO $$ BEGIN
  CREATE ROLE bordergate_kiosk NOLOGIN;
EXCEPTION WHEN duplicate_object THEN NULL;
END $$;
GRANT USAGE ON SCHEMA public TO bordergate_kiosk;
GRANT INSERT (event_id, kiosk_id, kind, occurred_at, payload) ON events TO bordergate_kiosk;
-- ON CONFLICT (event_id) needs SELECT on the conflict column (PostgreSQL docs, INSERT,
-- "Privileges"); event ids are random UUIDs and reveal nothing about travellers.
GRANT SELECT (event_id) ON events TO bordergate_kiosk;
