//! Reads what the daily message audit needs, as the queue stood at one moment: the messages that can count in a period, with their actions, and the standing stress ratings.
//!
//! The cost follows the period, not the queue's history: messages are found
//! by when they arrived, and the ones from before the period only when they
//! can still count in it (open at its start, resolved in it or later, or
//! acted on in it). Actions are read from an index that holds all the audit
//! needs of them, for the messages chosen only. On a queue that can take
//! writes, two threads read half the period each, on connections that see
//! the same moment.

use std::collections::HashMap;

use chrono::NaiveDate;
use rusqlite::types::ValueRef;
use rusqlite::{Connection, OpenFlags};

use super::{BUSY_TIMEOUT, Queue, Result};
use crate::domain::action::{self, ActionKind};
use crate::domain::audit::{AuditAction, AuditMessage, AuditRating, AuditRecords, RecordBatch};
use crate::domain::urgency::Level;

/// How the audit's records are read; the figures are the same every way.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AuditReading {
    /// When no more than this many messages arrived before the period, all of
    /// them are read (one that cannot count in the period counts for nothing);
    /// beyond it, the ones that can count are found through the indexes.
    pub few_earlier: u64,
    /// Two threads, each reading half the period, when the queue allows it.
    pub in_parallel: bool,
}

impl Default for AuditReading {
    fn default() -> AuditReading {
        AuditReading { few_earlier: 20_000, in_parallel: true }
    }
}

/// Message ids at most this far apart have their actions read in one range.
const RUN_GAP: i64 = 64;

/// One message as read, before its actions.
#[derive(Debug, Clone, Copy)]
struct Arrival {
    id: i64,
    arrived: i64,
    due: Option<i64>,
    flagged: Option<Level>,
}

/// The period being read for an audit made at `as_of`: messages that
/// arrived from `since` until `until`, and those from before `since` that
/// can count in it.
#[derive(Debug, Clone, Copy)]
struct Span {
    since: i64,
    until: i64,
    as_of: i64,
    few_earlier: u64,
}

impl Span {
    /// Messages from before the period arrived before this (its start, or its end when that comes first).
    fn before(&self) -> i64 {
        self.since.min(self.until)
    }

    /// [`Span::before`] as the queue stores times.
    fn before_text(&self) -> String {
        super::write::utc_text_of(Some(self.before())).unwrap_or_default()
    }

    /// A message from before the period that the queue holds as resolved
    /// before it counts only if acted on from `since` to this: the period's
    /// end, the moment included (a record made at the report's very second
    /// has happened); or no end when the queue holds records of later than
    /// `as_of`, for one of those may have put the message's state right
    /// after the audit's moment. Asked of the reader's own snapshot.
    fn acted_until(&self, conn: &Connection) -> rusqlite::Result<i64> {
        let latest: Option<i64> = conn.query_row(
            "SELECT max(CAST(strftime('%s', occurred_at) AS INTEGER)) FROM triage_action INDEXED BY triage_action_by_time",
            [],
            |row| row.get(0),
        )?;
        Ok(if latest.is_some_and(|latest| latest > self.as_of) { i64::MAX } else { self.until })
    }
}

/// What one reader read: its messages with their actions, and their ids in order.
struct Part {
    batch: RecordBatch,
    ids: Vec<i64>,
    /// The messages from before the period were too many to look at each,
    /// so those resolved before it and acted on in it (up to this; see
    /// [`Span::acted_until`]) are still to be found.
    acted_on_to_find: Option<i64>,
}

impl Queue {
    /// What an audit made at `as_of` of the time from `since` to `until`
    /// (Unix seconds; `until` no later than `as_of`) needs: every message
    /// that arrived before `until` and may count after `since`, with its
    /// recorded actions, and every standing stress rating, all as the queue
    /// stood at one moment. A message left out arrived before `since`, was
    /// resolved for the last time before it, and has no action from then
    /// until `until` (nor, when the queue holds records of later than
    /// `as_of`, from then on: one of those may have put its state right
    /// after the audit's moment): it counts on no day of the audit.
    pub fn audit_data(&self, since: i64, until: i64, as_of: i64) -> Result<AuditRecords> {
        self.audit_data_by(since, until, as_of, AuditReading::default())
    }

    /// [`Queue::audit_data`], read the way `how` says (the tests read it every way and compare).
    pub fn audit_data_by(&self, since: i64, until: i64, as_of: i64, how: AuditReading) -> Result<AuditRecords> {
        let sql = |e| self.sql(e);
        let span = Span { since, until, as_of, few_earlier: how.few_earlier };
        let readers = if how.in_parallel && until > since { self.readers_at_one_moment().map_err(sql)? } else { None };
        let Some((first, second)) = readers else {
            // One reader: one read transaction, so messages, actions and ratings agree.
            let tx = self.conn.unchecked_transaction().map_err(sql)?;
            let part = read_part(&tx, since, until.max(since), Some(span)).map_err(sql)?;
            let mut batches = vec![];
            if let Some(acted_until) = part.acted_on_to_find {
                batches.push(read_acted_on(&tx, span, acted_until, &[&part.ids]).map_err(sql)?);
            }
            batches.push(part.batch);
            let ratings = read_ratings(&tx).map_err(sql)?;
            tx.commit().map_err(sql)?;
            return Ok(AuditRecords { batches, ratings });
        };
        // Halfway, reckoned wide: the two ends may be as far apart as an i64 goes.
        let middle = ((i128::from(since) + i128::from(until)) / 2) as i64;
        let (mine, theirs) = std::thread::scope(|scope| {
            let helper = std::thread::Builder::new()
                .name(crate::domain::audit::THREAD.into())
                .spawn_scoped(scope, move || read_part(&first, since, middle, None));
            let mine = read_part(&second, middle, until, Some(span));
            let theirs = match helper {
                // Reading holds no patient text; a panic there is a bug, reported as one.
                Ok(helper) => helper.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
                // No thread to be had: this reader reads that half too, at the same moment.
                Err(_) => read_part(&second, since, middle, None),
            };
            (mine, theirs)
        });
        let (mine, theirs) = (mine.map_err(sql)?, theirs.map_err(sql)?);
        let mut batches = vec![];
        if let Some(acted_until) = mine.acted_on_to_find {
            batches.push(read_acted_on(&second, span, acted_until, &[&theirs.ids, &mine.ids]).map_err(sql)?);
        }
        batches.push(theirs.batch);
        batches.push(mine.batch);
        let ratings = read_ratings(&second).map_err(sql)?;
        Ok(AuditRecords { batches, ratings })
    }

    /// Two read-only connections whose reads see the queue at the same
    /// moment: both start reading, and if another program committed while
    /// they did (the data version moved), they start again. None when the
    /// queue is read-only, or when other programs kept committing through
    /// every try (then one connection reads it all).
    fn readers_at_one_moment(&self) -> rusqlite::Result<Option<(Connection, Connection)>> {
        if self.read_only.is_some() || !self.conn.is_autocommit() {
            return Ok(None);
        }
        let open = || -> rusqlite::Result<Connection> {
            let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
            let conn = Connection::open_with_flags(&self.path, flags)?;
            conn.busy_timeout(BUSY_TIMEOUT)?;
            // Any sort or set SQLite builds stays in memory, never in /tmp.
            conn.execute_batch("PRAGMA temp_store = MEMORY;")?;
            Ok(conn)
        };
        // Only write-ahead logging lets readers read while a writer writes.
        let mode: String = self.conn.query_row("PRAGMA journal_mode", [], |row| row.get(0))?;
        if !mode.eq_ignore_ascii_case("wal") {
            return Ok(None);
        }
        let (first, second) = (open()?, open()?);
        let version = || self.conn.query_row("PRAGMA data_version", [], |row| row.get::<_, i64>(0));
        let begin = |conn: &Connection| -> rusqlite::Result<()> {
            conn.execute_batch("BEGIN")?;
            // The first read fixes what the transaction sees.
            conn.query_row("SELECT count(*) FROM setting", [], |_| Ok(()))
        };
        for _ in 0..SAME_MOMENT_TRIES {
            let before = version()?;
            let started = begin(&first).and_then(|()| begin(&second));
            let same = started.is_ok() && version()? == before;
            if same {
                return Ok(Some((first, second)));
            }
            for conn in [&first, &second] {
                if !conn.is_autocommit() {
                    conn.execute_batch("ROLLBACK")?;
                }
            }
            if let Err(err) = started
                && !is_busy(&err)
            {
                return Err(err);
            }
        }
        Ok(None)
    }
}

/// How many times two readers try to start at the same moment.
const SAME_MOMENT_TRIES: usize = 10;

fn is_busy(err: &rusqlite::Error) -> bool {
    matches!(err.sqlite_error_code(), Some(rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked))
}

/// The messages that arrived from `from` until `to`, and with `earlier`
/// those not yet assessed and those from before the period that can count
/// in it, each with its actions.
fn read_part(conn: &Connection, from: i64, to: i64, earlier: Option<Span>) -> rusqlite::Result<Part> {
    let mut arrivals = Vec::new();
    if from < to {
        read_arrivals(
            conn,
            "SELECT id, arrived_epoch, due_epoch, urgency_level FROM message INDEXED BY message_audit
             WHERE arrived_epoch >= ?1 AND arrived_epoch < ?2",
            (from, to),
            &mut arrivals,
        )?;
    }
    let acted_on_to_find = match earlier {
        Some(span) => read_earlier(conn, span, &mut arrivals)?,
        None => None,
    };
    // Nearly in order already (ids are given as messages arrive): a stable sort merges the runs.
    arrivals.sort_by_key(|a| a.id);
    arrivals.dedup_by_key(|a| a.id);
    let batch = read_actions(conn, &arrivals)?;
    Ok(Part { batch, ids: arrivals.iter().map(|a| a.id).collect(), acted_on_to_find })
}

/// Adds the messages `sql` selects (id, arrival, due time, level) to `out`.
fn read_arrivals(
    conn: &Connection,
    sql: &str,
    params: impl rusqlite::Params,
    out: &mut Vec<Arrival>,
) -> rusqlite::Result<()> {
    let mut stmt = conn.prepare_cached(sql)?;
    let mut rows = stmt.query(params)?;
    while let Some(row) = rows.next()? {
        // Four columns, as the statements here are written: read without rusqlite's checks of each.
        let (ValueRef::Integer(id), ValueRef::Integer(arrived)) = (row.get_ref_unwrap(0), row.get_ref_unwrap(1)) else {
            continue;
        };
        let due = integer(row.get_ref_unwrap(2));
        let flagged = match row.get_ref_unwrap(3) {
            ValueRef::Text(text) => std::str::from_utf8(text).ok().and_then(Level::parse),
            _ => None,
        };
        out.push(Arrival { id, arrived, due, flagged });
    }
    Ok(())
}

/// The messages not yet assessed (their arrival is when they were
/// received), and those from before the period that can count in it: open,
/// resolved in it or later (or with no time kept), or acted on in it (see
/// [`Span::acted_until`]). When they are few, each is looked at; otherwise
/// the open and the resolved are found through their indexes, and those
/// acted on are still to find, from the actions (returned: until when).
///
/// "Resolved in it or later" counts from the report's moment when that comes
/// before the period: a message resolved after that moment was still open
/// at it.
fn read_earlier(conn: &Connection, span: Span, out: &mut Vec<Arrival>) -> rusqlite::Result<Option<i64>> {
    read_arrivals(
        conn,
        "SELECT id, received_epoch, due_epoch, urgency_level FROM message INDEXED BY message_audit
         WHERE arrived_epoch IS NULL AND received_epoch < ?1",
        [span.until],
        out,
    )?;
    let limit = i64::try_from(span.few_earlier.saturating_add(1)).unwrap_or(i64::MAX);
    let counted: i64 = conn.query_row(
        "SELECT count(*) FROM (SELECT 1 FROM message INDEXED BY message_audit WHERE arrived_epoch < ?1 LIMIT ?2)",
        [span.before(), limit],
        |row| row.get(0),
    )?;
    let select = "SELECT id, arrived_epoch, due_epoch, urgency_level FROM message";
    let before_text = span.before_text();
    let acted_until = span.acted_until(conn)?;
    if counted < limit {
        // Few: each one looked at, from the index alone but for an action from the period on.
        read_arrivals(
            conn,
            &format!(
                "{select} INDEXED BY message_audit
                 WHERE arrived_epoch < ?1
                   AND (status = 'open' OR resolved_at IS NULL OR resolved_at >= ?2
                        OR EXISTS (SELECT 1 FROM triage_action a INDEXED BY triage_action_audit
                                   WHERE a.message_id = message.id
                                     AND CAST(strftime('%s', a.occurred_at) AS INTEGER) BETWEEN ?3 AND ?4))"
            ),
            rusqlite::params![span.before(), before_text, span.since, acted_until],
            out,
        )?;
        return Ok(None);
    }
    read_arrivals(
        conn,
        &format!("{select} INDEXED BY message_queue WHERE status = 'open' AND arrived_epoch < ?1"),
        [span.before()],
        out,
    )?;
    // Resolved for the last time in the period or later, or with no time kept.
    for kept in ["resolved_at >= ?2", "resolved_at IS NULL AND ?2 IS NOT NULL"] {
        read_arrivals(
            conn,
            &format!(
                "{select} INDEXED BY message_resolved WHERE status = 'resolved' AND {kept} AND arrived_epoch < ?1"
            ),
            rusqlite::params![span.before(), before_text],
            out,
        )?;
    }
    Ok(Some(acted_until))
}

/// The messages from before the period, resolved before it, with an action
/// from its start to `acted_until`: found from those actions, less the
/// messages already `chosen` (each list sorted), each with its actions.
fn read_acted_on(conn: &Connection, span: Span, acted_until: i64, chosen: &[&[i64]]) -> rusqlite::Result<RecordBatch> {
    let mut stmt = conn.prepare_cached(
        "SELECT message_id FROM triage_action INDEXED BY triage_action_by_time
         WHERE CAST(strftime('%s', occurred_at) AS INTEGER) BETWEEN ?1 AND ?2",
    )?;
    let mut acted_on: Vec<i64> =
        stmt.query_map([span.since, acted_until], |row| row.get(0))?.collect::<rusqlite::Result<_>>()?;
    acted_on.sort_unstable();
    acted_on.dedup();
    acted_on.retain(|id| chosen.iter().all(|ids| ids.binary_search(id).is_err()));
    let before_text = span.before_text();
    let mut arrivals = Vec::new();
    for id in acted_on {
        read_arrivals(
            conn,
            "SELECT id, arrived_epoch, due_epoch, urgency_level FROM message
             WHERE id = ?1 AND arrived_epoch < ?2 AND status = 'resolved' AND resolved_at < ?3",
            rusqlite::params![id, span.before(), before_text],
            &mut arrivals,
        )?;
    }
    read_actions(conn, &arrivals)
}

/// The records of `arrivals` (sorted by id): each with its actions, read a
/// range of nearby ids at a time from the audit's index, in the order they
/// happened and then the order recorded.
fn read_actions(conn: &Connection, arrivals: &[Arrival]) -> rusqlite::Result<RecordBatch> {
    let corrections = read_corrections(conn)?;
    let mut records = RecordBatch {
        messages: Vec::with_capacity(arrivals.len()),
        actions: Vec::with_capacity(arrivals.len() + arrivals.len() / 8),
    };
    let mut stmt = conn.prepare_cached(
        "SELECT message_id, CAST(strftime('%s', occurred_at) AS INTEGER), seq, action
         FROM triage_action INDEXED BY triage_action_audit
         WHERE message_id BETWEEN ?1 AND ?2
         ORDER BY message_id, CAST(strftime('%s', occurred_at) AS INTEGER), seq",
    )?;
    let mut kinds = Kinds::default();
    let mut start = 0;
    while start < arrivals.len() {
        let mut end = start + 1;
        while end < arrivals.len() && arrivals[end].id.saturating_sub(arrivals[end - 1].id) <= RUN_GAP {
            end += 1;
        }
        let run = &arrivals[start..end];
        let mut rows = stmt.query([run[0].id, run[run.len() - 1].id])?;
        let mut next = 0;
        let mut first_action = records.actions.len();
        let finish = |records: &mut RecordBatch, arrival: &Arrival, first_action: &mut usize| {
            let actions = *first_action..records.actions.len();
            *first_action = actions.end;
            // Not yet assessed: due on arrival, so it is never counted as on time by mistake.
            let due = arrival.due.unwrap_or(arrival.arrived);
            records.messages.push(AuditMessage { arrived: arrival.arrived, due, flagged: arrival.flagged, actions });
        };
        while let Some(row) = rows.next()? {
            let Some(message_id) = integer(row.get_ref_unwrap(0)) else { continue };
            while next < run.len() && run[next].id < message_id {
                finish(&mut records, &run[next], &mut first_action);
                next += 1;
            }
            if next == run.len() || run[next].id != message_id {
                continue;
            }
            // A time SQLite cannot read, or an action this inbasket does not know, cannot be placed.
            let (Some(at), Some(seq)) = (integer(row.get_ref_unwrap(1)), integer(row.get_ref_unwrap(2))) else {
                continue;
            };
            let ValueRef::Text(name) = row.get_ref_unwrap(3) else { continue };
            let Some(kind) = kinds.find(name) else { continue };
            let corrects = if corrections.is_empty() { None } else { corrections.get(&seq).copied() };
            records.actions.push(AuditAction { seq, kind, at, corrects });
        }
        for arrival in &run[next..] {
            finish(&mut records, arrival, &mut first_action);
        }
        start = end;
    }
    Ok(records)
}

fn integer(value: ValueRef<'_>) -> Option<i64> {
    match value {
        ValueRef::Integer(n) => Some(n),
        _ => None,
    }
}

/// Each correction's record and the record it names, by their places in the trail.
fn read_corrections(conn: &Connection) -> rusqlite::Result<HashMap<i64, i64>> {
    let mut stmt = conn.prepare_cached(
        "SELECT c.seq, t.seq FROM triage_action c INDEXED BY triage_action_corrections
         JOIN triage_action t ON t.uid = c.corrects
         WHERE c.corrects IS NOT NULL",
    )?;
    stmt.query_map([], |row| Ok((row.get(0)?, row.get(1)?)))?.collect()
}

/// Action names as read, to their kinds: a few names, met a million times.
#[derive(Default)]
struct Kinds(Vec<(Vec<u8>, Option<&'static ActionKind>)>);

impl Kinds {
    fn find(&mut self, name: &[u8]) -> Option<&'static ActionKind> {
        if let Some((_, kind)) = self.0.iter().find(|(known, _)| known == name) {
            return *kind;
        }
        let kind = std::str::from_utf8(name).ok().and_then(action::find);
        self.0.push((name.to_vec(), kind));
        kind
    }
}

/// Every standing stress rating (none corrected by a later one).
fn read_ratings(conn: &Connection) -> rusqlite::Result<Vec<AuditRating>> {
    let mut stmt = conn.prepare_cached(
        "SELECT shift_date, rating, nurse FROM stress_rating r
         WHERE NOT EXISTS (SELECT 1 FROM stress_rating c WHERE c.corrects = r.uid)",
    )?;
    let rows = stmt.query_map([], |row| {
        Ok((super::read::text(row, 0)?.unwrap_or_default(), row.get::<_, i64>(1)?, super::read::text(row, 2)?))
    })?;
    let mut ratings = Vec::new();
    for row in rows {
        let (date, rating, nurse) = row?;
        let (Ok(date), Ok(rating)) = (NaiveDate::parse_from_str(&date, "%Y-%m-%d"), u8::try_from(rating)) else {
            continue;
        };
        ratings.push(AuditRating { date, rating, nurse: nurse.unwrap_or_default() });
    }
    Ok(ratings)
}
