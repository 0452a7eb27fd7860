//! Reads for the console and the command line: a page of the queue, one message, counts.

use rusqlite::Row;
use rusqlite::types::ValueRef;

use super::{Queue, Result};
use crate::domain::message::{Message, MessageId, QueueFilter, QueueRow, Status};
use crate::domain::urgency::{LEVEL_STEP, Level};

/// How many messages are in each state.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct QueueCounts {
    pub open: u64,
    /// Open and flagged urgent or emergent.
    pub urgent: u64,
    pub resolved: u64,
}

impl QueueCounts {
    pub fn total(&self) -> u64 {
        self.open + self.resolved
    }

    pub fn of(&self, filter: QueueFilter) -> u64 {
        match filter {
            QueueFilter::Open => self.open,
            QueueFilter::Urgent => self.urgent,
            QueueFilter::Resolved => self.resolved,
            QueueFilter::All => self.total(),
        }
    }
}

const ROW_COLUMNS: &str = "id, source_id, received_at, received_epoch, patient_name, subject, category, status, \
                           urgency_level, urgency_rules IS NOT NULL, urgency_score, first_response_at IS NOT NULL";

/// Most urgent first (level, then how many red flags and how heavy), then
/// oldest first; a received time SQLite cannot read sorts first, so it is seen.
const QUEUE_ORDER: &str = "ORDER BY urgency_score DESC, received_epoch, id";

/// Scores at or above this are urgent or emergent.
const URGENT_SCORE: i64 = LEVEL_STEP as i64;

impl Queue {
    pub fn counts(&self) -> Result<QueueCounts> {
        let count = |status: &str| -> Result<u64> {
            self.conn
                .prepare_cached("SELECT count(*) FROM message WHERE status = ?1")
                .and_then(|mut stmt| stmt.query_row([status], |row| row.get::<_, i64>(0)))
                .map(|n| n.max(0) as u64)
                .map_err(|e| self.sql(e))
        };
        let urgent = self
            .conn
            .prepare_cached("SELECT count(*) FROM message WHERE status = 'open' AND urgency_score >= ?1")
            .and_then(|mut stmt| stmt.query_row([URGENT_SCORE], |row| row.get::<_, i64>(0)))
            .map_err(|e| self.sql(e))?;
        Ok(QueueCounts { open: count("open")?, urgent: urgent.max(0) as u64, resolved: count("resolved")? })
    }

    /// Up to `limit` messages of the queue in console order, skipping the first `offset`.
    pub fn queue_page(&self, filter: QueueFilter, offset: u64, limit: u64) -> Result<Vec<QueueRow>> {
        let sql =
            format!("SELECT {ROW_COLUMNS} FROM message {} {QUEUE_ORDER} LIMIT ?1 OFFSET ?2", condition(filter, ""));
        let clamp = |n: u64| i64::try_from(n).unwrap_or(i64::MAX);
        let mut stmt = self.conn.prepare_cached(&sql).map_err(|e| self.sql(e))?;
        let rows = stmt
            .query_map([clamp(limit), clamp(offset)], queue_row)
            .and_then(|rows| rows.collect::<rusqlite::Result<Vec<_>>>())
            .map_err(|e| self.sql(e))?;
        Ok(rows)
    }

    /// Calls `visit` with each message of the queue in console order, up to
    /// `limit`, streaming from one query; `visit` returns false to stop early.
    pub fn each_in_queue(
        &self,
        filter: QueueFilter,
        limit: u64,
        visit: &mut dyn FnMut(&QueueRow) -> bool,
    ) -> Result<()> {
        let sql = format!("SELECT {ROW_COLUMNS} FROM message {} {QUEUE_ORDER} LIMIT ?1", condition(filter, ""));
        let mut stmt = self.conn.prepare(&sql).map_err(|e| self.sql(e))?;
        let mut rows = stmt.query([i64::try_from(limit).unwrap_or(i64::MAX)]).map_err(|e| self.sql(e))?;
        while let Some(row) = rows.next().map_err(|e| self.sql(e))? {
            let row = queue_row(row).map_err(|e| self.sql(e))?;
            if !visit(&row) {
                break;
            }
        }
        Ok(())
    }

    /// Where message `id` stands in the queue under `filter` (0 is the top),
    /// or `None` when the filter does not show it.
    pub fn position_of(&self, filter: QueueFilter, id: MessageId) -> Result<Option<u64>> {
        // Rows before it in QUEUE_ORDER: a higher score; or the same score and
        // an earlier time (an unreadable time sorts first); or the same score
        // and time and a lower id.
        let sql = format!(
            "SELECT (SELECT count(*) FROM message m {filter_m} {and} (
                        m.urgency_score > t.urgency_score
                        OR (m.urgency_score = t.urgency_score AND (
                            (m.received_epoch IS NULL AND t.received_epoch IS NOT NULL)
                            OR m.received_epoch < t.received_epoch
                            OR (m.received_epoch IS t.received_epoch AND m.id < t.id)))))
             FROM message t WHERE t.id = ?1 {t_filter}",
            filter_m = condition(filter, "m."),
            and = if filter == QueueFilter::All { "WHERE" } else { "AND" },
            t_filter = condition(filter, "t.").replacen("WHERE", "AND", 1),
        );
        let mut stmt = self.conn.prepare_cached(&sql).map_err(|e| self.sql(e))?;
        let mut rows = stmt.query([id.0]).map_err(|e| self.sql(e))?;
        match rows.next().map_err(|e| self.sql(e))? {
            Some(row) => Ok(Some(row.get::<_, i64>(0).map_err(|e| self.sql(e))?.max(0) as u64)),
            None => Ok(None),
        }
    }

    /// One message in full, or `None` when there is no such id.
    pub fn message(&self, id: MessageId) -> Result<Option<Message>> {
        let sql = format!(
            "SELECT {ROW_COLUMNS}, patient_mrn, sender, body, first_response_at, resolved_at, urgency_hits
             FROM message WHERE id = ?1"
        );
        let mut stmt = self.conn.prepare_cached(&sql).map_err(|e| self.sql(e))?;
        let mut rows = stmt.query([id.0]).map_err(|e| self.sql(e))?;
        let Some(row) = rows.next().map_err(|e| self.sql(e))? else {
            return Ok(None);
        };
        let read = || -> rusqlite::Result<Message> {
            Ok(Message {
                row: queue_row(row)?,
                patient_mrn: text(row, 12)?,
                sender: text(row, 13)?,
                body: text(row, 14)?.unwrap_or_default(),
                first_response_at: text(row, 15)?,
                resolved_at: text(row, 16)?,
                flags: super::flags::from_json(text(row, 17)?.as_deref()),
            })
        };
        read().map(Some).map_err(|e| self.sql(e))
    }
}

/// The `WHERE` clause of a filter, its columns prefixed with `table` ("m." or "").
fn condition(filter: QueueFilter, table: &str) -> String {
    match filter {
        QueueFilter::Open => format!("WHERE {table}status = 'open'"),
        // A literal, so the planner can use the queue index's score range.
        QueueFilter::Urgent => format!("WHERE {table}status = 'open' AND {table}urgency_score >= {URGENT_SCORE}"),
        QueueFilter::Resolved => format!("WHERE {table}status = 'resolved'"),
        QueueFilter::All => String::new(),
    }
}

fn queue_row(row: &Row<'_>) -> rusqlite::Result<QueueRow> {
    let status_word = text(row, 7)?.unwrap_or_default();
    Ok(QueueRow {
        id: MessageId(row.get(0)?),
        source_id: text(row, 1)?,
        received_at: text(row, 2)?,
        received_epoch: row.get(3)?,
        patient_name: text(row, 4)?.unwrap_or_default(),
        subject: text(row, 5)?,
        category: text(row, 6)?,
        // The CHECK constraint admits only these two words.
        status: Status::parse(&status_word).unwrap_or(Status::Open),
        level: text(row, 8)?.as_deref().and_then(Level::parse),
        assessed: row.get(9)?,
        score: u32::try_from(row.get::<_, i64>(10)?).unwrap_or(0),
        responded: row.get(11)?,
    })
}

/// Reads a text column as stored, replacing invalid UTF-8 (a feeder's
/// mistake) with U+FFFD instead of failing or skipping the row.
pub(super) fn text(row: &Row<'_>, index: usize) -> rusqlite::Result<Option<String>> {
    Ok(match row.get_ref(index)? {
        ValueRef::Null => None,
        ValueRef::Text(bytes) | ValueRef::Blob(bytes) => Some(String::from_utf8_lossy(bytes).into_owned()),
        ValueRef::Integer(n) => Some(n.to_string()),
        ValueRef::Real(x) => Some(x.to_string()),
    })
}
