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

-- Crossings as the list builder exports them (crossings.csv of the next list version closes
-- the 90/180-day loop across kiosks).
CREATE OR REPLACE VIEW crossings_export AS
  SELECT payload->>'issuing_state'   AS issuing_state,
         payload->>'document_number' AS document_number,
         payload->>'nationality'     AS nationality,
         payload->>'birth_date'      AS birth_date,
         payload->>'direction'       AS direction,
         occurred_at
    FROM events WHERE kind = 'crossing';

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
