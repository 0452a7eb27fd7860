//! The queue's schema and its forward migrations, versioned by `PRAGMA user_version`.

/// Marks a database as an inbasket queue (`PRAGMA application_id`, "INBX").
pub const APPLICATION_ID: i64 = 0x494E_4258;

/// Migrations in order; migration `i` takes the schema from version `i` to `i + 1`.
pub const MIGRATIONS: &[&str] = &[V1, V2, V3, V4];

/// The schema version this build writes and understands.
pub const LATEST_VERSION: i64 = MIGRATIONS.len() as i64;

/// Version 1: the feeder's `message` table (the eight contract columns plus
/// inbasket's own), and the append-only, hash-chained `triage_action` trail.
const V1: &str = r#"
CREATE TABLE message (
    id                INTEGER PRIMARY KEY,
    -- The feeder contract: these eight columns, filled by one plain INSERT.
    -- A re-delivered source_id is ignored rather than refused.
    source_id         TEXT UNIQUE ON CONFLICT IGNORE,
    received_at       TEXT,
    patient_name      TEXT NOT NULL,
    patient_mrn       TEXT,
    sender            TEXT,
    subject           TEXT,
    body              TEXT NOT NULL,
    category          TEXT,
    -- inbasket's own columns. received_epoch is computed by SQLite from the
    -- feeder's text so that offsets sort correctly (strftime, not unixepoch,
    -- so a feeder's older SQLite can evaluate it); the state columns are a
    -- cache of the message's triage actions, written in the same transaction.
    received_epoch    INTEGER GENERATED ALWAYS AS (CAST(strftime('%s', received_at) AS INTEGER)) VIRTUAL,
    status            TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'resolved')),
    first_response_at TEXT,
    resolved_at       TEXT
) STRICT;

CREATE INDEX message_by_status ON message (status, received_epoch, id);
CREATE INDEX message_by_received ON message (received_epoch, id);

CREATE TABLE triage_action (
    seq          INTEGER PRIMARY KEY,
    uid          TEXT NOT NULL UNIQUE,
    message_id   INTEGER NOT NULL REFERENCES message (id),
    action       TEXT NOT NULL,
    note         TEXT,
    nurse        TEXT NOT NULL,
    occurred_at  TEXT NOT NULL,
    recorded_at  TEXT NOT NULL,
    corrects     TEXT REFERENCES triage_action (uid),
    prev_hash    TEXT NOT NULL,
    hash         TEXT NOT NULL
) STRICT;

CREATE INDEX triage_action_by_message ON triage_action (message_id, occurred_at);

CREATE TRIGGER triage_action_no_update BEFORE UPDATE ON triage_action
BEGIN
    SELECT RAISE(ABORT, 'triage actions are append-only: record a correction instead');
END;

-- Refuses a row that would replace another (INSERT OR REPLACE), even from
-- a connection that left recursive_triggers off.
CREATE TRIGGER triage_action_no_replace BEFORE INSERT ON triage_action
WHEN EXISTS (SELECT 1 FROM triage_action WHERE uid = NEW.uid OR seq = NEW.seq)
BEGIN
    SELECT RAISE(ABORT, 'triage actions are append-only: this record is already there');
END;

CREATE TRIGGER triage_action_no_delete BEFORE DELETE ON triage_action
BEGIN
    SELECT RAISE(ABORT, 'triage actions are append-only: record a correction instead');
END;
"#;

/// Version 2: each message's red-flag assessment (level, ordering score and
/// hits, with the fingerprint of the rules that made it), the queue ordered
/// most urgent first, and inbasket's own settings.
const V2: &str = r#"
ALTER TABLE message ADD COLUMN urgency_level TEXT CHECK (urgency_level IN ('urgent', 'emergent'));
ALTER TABLE message ADD COLUMN urgency_score INTEGER NOT NULL DEFAULT 0;
ALTER TABLE message ADD COLUMN urgency_hits TEXT;
-- NULL until assessed; a feeder's new rows are found through the partial index.
ALTER TABLE message ADD COLUMN urgency_rules TEXT;

DROP INDEX message_by_status;
DROP INDEX message_by_received;
CREATE INDEX message_queue ON message (status, urgency_score DESC, received_epoch, id);
CREATE INDEX message_all ON message (urgency_score DESC, received_epoch, id);
CREATE INDEX message_unassessed ON message (id) WHERE urgency_rules IS NULL;

CREATE TABLE setting (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) STRICT;
"#;

/// Version 3: when each message arrived and is due (worked out with its red
/// flags, on the clinic's clock, so the assessment is redone when either
/// changes), the queue ordered by arrival on that clock, the
/// messages waiting for a first response by due time, resolved messages by
/// when, and a full-text index of patient, subject and body for search. The
/// index is kept by inbasket, not by triggers, so a feeder's INSERT never
/// needs SQLite's FTS5.
const V3: &str = r#"
ALTER TABLE message ADD COLUMN due_epoch INTEGER;
-- received_at as the clinic's clock reads it (an offset-less time is clinic
-- time; a time in the future, or none, is when inbasket first saw it): the
-- queue's order, so that it agrees with every due time.
ALTER TABLE message ADD COLUMN arrived_epoch INTEGER;
DROP INDEX message_queue;
DROP INDEX message_all;
CREATE INDEX message_queue ON message (status, urgency_score DESC, arrived_epoch, id);
CREATE INDEX message_all ON message (urgency_score DESC, arrived_epoch, id);
CREATE INDEX message_waiting ON message (due_epoch, id) WHERE status = 'open' AND first_response_at IS NULL;
CREATE INDEX message_resolved ON message (resolved_at, id) WHERE status = 'resolved';

CREATE VIRTUAL TABLE message_text USING fts5 (
    patient_name, subject, body,
    content = 'message', content_rowid = 'id',
    tokenize = 'unicode61 remove_diacritics 2',
    -- Searches are words (as prefixes), never phrases: positions are not kept.
    detail = none
);
INSERT INTO message_text (rowid, patient_name, subject, body) SELECT id, patient_name, subject, body FROM message;
INSERT INTO setting (key, value)
    VALUES ('text_indexed_through', CAST((SELECT coalesce(max(id), 0) FROM message) AS TEXT))
    ON CONFLICT (key) DO UPDATE SET value = excluded.value;

-- How many messages are open and resolved, kept by triggers (a feeder's
-- INSERT included) so that the console never counts a million rows.
CREATE TABLE message_tally (
    status TEXT PRIMARY KEY,
    n      INTEGER NOT NULL
) STRICT;
INSERT INTO message_tally (status, n) VALUES ('open', 0), ('resolved', 0);
UPDATE message_tally SET n = (SELECT count(*) FROM message m WHERE m.status = message_tally.status);
-- A re-delivered message is ignored even when a feeder writes INSERT OR
-- REPLACE, which would otherwise delete the message (and orphan its record).
CREATE TRIGGER message_redelivered BEFORE INSERT ON message
WHEN EXISTS (SELECT 1 FROM message WHERE source_id = NEW.source_id)
BEGIN
    SELECT RAISE(IGNORE);
END;
CREATE TRIGGER message_tally_insert AFTER INSERT ON message
BEGIN
    UPDATE message_tally SET n = n + 1 WHERE status = NEW.status;
END;
CREATE TRIGGER message_tally_delete AFTER DELETE ON message
BEGIN
    UPDATE message_tally SET n = n - 1 WHERE status = OLD.status;
END;
CREATE TRIGGER message_tally_status AFTER UPDATE OF status ON message WHEN OLD.status IS NOT NEW.status
BEGIN
    UPDATE message_tally SET n = n - 1 WHERE status = OLD.status;
    UPDATE message_tally SET n = n + 1 WHERE status = NEW.status;
END;

-- End-of-shift stress self-ratings (0-10), one chain of their own,
-- append-only like the triage actions. A correction is a new row.
CREATE TABLE stress_rating (
    seq         INTEGER PRIMARY KEY,
    uid         TEXT NOT NULL UNIQUE,
    nurse       TEXT NOT NULL,
    shift_date  TEXT NOT NULL,
    rating      INTEGER NOT NULL CHECK (rating BETWEEN 0 AND 10),
    note        TEXT,
    recorded_at TEXT NOT NULL,
    corrects    TEXT REFERENCES stress_rating (uid),
    prev_hash   TEXT NOT NULL,
    hash        TEXT NOT NULL
) STRICT;
CREATE INDEX stress_rating_by_nurse ON stress_rating (nurse, shift_date);
CREATE TRIGGER stress_rating_no_update BEFORE UPDATE ON stress_rating
BEGIN
    SELECT RAISE(ABORT, 'stress ratings are append-only: record a correction instead');
END;
CREATE TRIGGER stress_rating_no_replace BEFORE INSERT ON stress_rating
WHEN EXISTS (SELECT 1 FROM stress_rating WHERE uid = NEW.uid OR seq = NEW.seq)
BEGIN
    SELECT RAISE(ABORT, 'stress ratings are append-only: this record is already there');
END;
CREATE TRIGGER stress_rating_no_delete BEFORE DELETE ON stress_rating
BEGIN
    SELECT RAISE(ABORT, 'stress ratings are append-only: record a correction instead');
END;

-- The outbox: replies to patients, each kept with the action that sent it,
-- on a chain of their own. The portal interface reads the replies with no
-- row in reply_sent, and marks one sent by appending to reply_sent.
CREATE TABLE reply (
    seq         INTEGER PRIMARY KEY,
    uid         TEXT NOT NULL UNIQUE,
    action_uid  TEXT NOT NULL REFERENCES triage_action (uid),
    message_id  INTEGER NOT NULL REFERENCES message (id),
    template    TEXT,
    body        TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    prev_hash   TEXT NOT NULL,
    hash        TEXT NOT NULL
) STRICT;
CREATE TABLE reply_sent (
    reply_uid   TEXT NOT NULL REFERENCES reply (uid),
    sent_at     TEXT NOT NULL,
    portal_ref  TEXT
) STRICT;
CREATE INDEX reply_sent_by_reply ON reply_sent (reply_uid);
-- What the portal sends: replies not yet sent whose action was not taken back.
CREATE VIEW reply_pending AS
    SELECT r.seq, r.uid, r.action_uid, r.message_id, r.template, r.body, r.created_at FROM reply r
    WHERE NOT EXISTS (SELECT 1 FROM reply_sent s WHERE s.reply_uid = r.uid)
      AND NOT EXISTS (SELECT 1 FROM triage_action c WHERE c.corrects = r.action_uid);
CREATE TRIGGER reply_no_update BEFORE UPDATE ON reply
BEGIN
    SELECT RAISE(ABORT, 'replies are append-only');
END;
CREATE TRIGGER reply_no_delete BEFORE DELETE ON reply
BEGIN
    SELECT RAISE(ABORT, 'replies are append-only');
END;
CREATE TRIGGER reply_no_replace BEFORE INSERT ON reply
WHEN EXISTS (SELECT 1 FROM reply WHERE uid = NEW.uid OR seq = NEW.seq)
BEGIN
    SELECT RAISE(ABORT, 'replies are append-only: this reply is already there');
END;
CREATE TRIGGER reply_sent_no_update BEFORE UPDATE ON reply_sent
BEGIN
    SELECT RAISE(ABORT, 'sent marks are append-only');
END;
CREATE TRIGGER reply_sent_no_delete BEFORE DELETE ON reply_sent
BEGIN
    SELECT RAISE(ABORT, 'sent marks are append-only');
END;

-- The daily audit reads every message's times and state, never its text.
CREATE INDEX message_audit ON message (arrived_epoch, id, due_epoch, urgency_level, status, resolved_at);
CREATE INDEX triage_action_corrections ON triage_action (corrects) WHERE corrects IS NOT NULL;

-- Every message is assessed again, now with its due time.
DELETE FROM setting WHERE key = 'rules_fingerprint';
"#;

/// Version 4: the daily audit reads each message's actions from an index
/// alone (message, time in Unix seconds, record order and action, never the
/// row with its note and hashes), finds the messages acted on in a period
/// through an index by time, and the ones resolved in it or later from the
/// index of resolved messages alone, so a report costs what its period
/// holds, not what the whole queue does. The first index also serves every
/// lookup of one message's actions, so the older one by message goes.
const V4: &str = r#"
DROP INDEX triage_action_by_message;
DROP INDEX message_resolved;
CREATE INDEX message_resolved ON message (resolved_at, id, arrived_epoch) WHERE status = 'resolved';
CREATE INDEX triage_action_audit
    ON triage_action (message_id, CAST(strftime('%s', occurred_at) AS INTEGER), seq, action);
CREATE INDEX triage_action_by_time
    ON triage_action (CAST(strftime('%s', occurred_at) AS INTEGER), message_id);
"#;
