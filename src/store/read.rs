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
    /// Open, past due and waiting for a first response.
    pub overdue: u64,
    pub resolved_today: u64,
    pub resolved: u64,
    /// Messages the search matches under the scope's filter, when searching.
    pub matches: Option<u64>,
}

impl QueueCounts {
    pub fn total(&self) -> u64 {
        self.open + self.resolved
    }

    /// How many messages `filter` shows (the matches, when searching).
    pub fn of(&self, filter: QueueFilter) -> u64 {
        if let Some(matches) = self.matches {
            return matches;
        }
        match filter {
            QueueFilter::Open => self.open,
            QueueFilter::Urgent => self.urgent,
            QueueFilter::Overdue => self.overdue,
            QueueFilter::ResolvedToday => self.resolved_today,
            QueueFilter::Resolved => self.resolved,
            QueueFilter::All => self.total(),
        }
    }
}

/// Which messages a read covers, and the instants "overdue" and "today" are measured from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scope {
    pub filter: QueueFilter,
    /// Unix seconds: a waiting message due before this is overdue.
    pub now: i64,
    /// Unix seconds of the clinic's last local midnight, where "resolved today" starts.
    pub day_start: i64,
    /// What the nurse searched for (patient, subject and body), when searching.
    pub search: Option<String>,
}

impl Scope {
    /// `filter` at the start of time, without a search: for filters that need no clock.
    pub fn of(filter: QueueFilter) -> Scope {
        Scope { filter, now: 0, day_start: 0, search: None }
    }

    /// The search as an FTS5 query: every word typed, each as a prefix, all
    /// required. `None` when nothing searchable was typed.
    fn text_query(&self) -> Option<String> {
        let words: Vec<String> = search_words(self.search.as_deref()?)
            .into_iter()
            // A single letter matches itself only: as a prefix it would match half the queue.
            .map(|word| if word.chars().count() == 1 { format!("\"{word}\"") } else { format!("\"{word}\"*") })
            .collect();
        (!words.is_empty()).then(|| words.join(" "))
    }

    /// The `WHERE` expression for this scope, columns prefixed with `table`
    /// ("m." or ""); a search is the named parameter `:search`.
    fn condition(&self, table: &str) -> String {
        let t = table;
        let mut sql = match self.filter {
            QueueFilter::Open => format!("{t}status = 'open'"),
            // Literals, so the planner can use the indexes' ranges.
            QueueFilter::Urgent => format!("{t}status = 'open' AND {t}urgency_score >= {URGENT_SCORE}"),
            QueueFilter::Overdue => {
                format!("{t}status = 'open' AND {t}first_response_at IS NULL AND {t}due_epoch < {}", self.now)
            }
            QueueFilter::ResolvedToday => {
                let since = super::write::utc_text_of(Some(self.day_start)).unwrap_or_default();
                format!("{t}status = 'resolved' AND {t}resolved_at >= '{since}'")
            }
            QueueFilter::Resolved => format!("{t}status = 'resolved'"),
            QueueFilter::All => "1".to_string(),
        };
        if self.text_query().is_some() {
            sql.push_str(&format!(" AND {t}id IN (SELECT rowid FROM message_text WHERE message_text MATCH :search)"));
        }
        sql
    }

    /// The index a filter's rows are read through. Without statistics the
    /// planner would take the status index and sort; these partial indexes
    /// hold exactly the rows, in order.
    fn index(&self) -> &'static str {
        match self.filter {
            QueueFilter::Overdue => "INDEXED BY message_waiting",
            QueueFilter::ResolvedToday => "INDEXED BY message_resolved",
            _ => "",
        }
    }

    /// The order rows are shown in.
    fn order(&self) -> &'static str {
        match self.filter {
            QueueFilter::Overdue => "ORDER BY due_epoch, id",
            QueueFilter::ResolvedToday => "ORDER BY resolved_at DESC, id DESC",
            _ => QUEUE_ORDER,
        }
    }

    /// [`Scope::order`] backwards, for reading from the end.
    fn reversed_order(&self) -> &'static str {
        match self.filter {
            QueueFilter::Overdue => "ORDER BY due_epoch DESC, id DESC",
            QueueFilter::ResolvedToday => "ORDER BY resolved_at, id",
            // NULL arrivals come first going forward, so last going back.
            _ => "ORDER BY urgency_score, arrived_epoch DESC, id DESC",
        }
    }

    /// Rows of `m` that come before row `t` in [`Scope::order`].
    fn before(&self) -> &'static str {
        match self.filter {
            QueueFilter::Overdue => "(m.due_epoch < t.due_epoch OR (m.due_epoch = t.due_epoch AND m.id < t.id))",
            QueueFilter::ResolvedToday => {
                "(m.resolved_at > t.resolved_at OR (m.resolved_at = t.resolved_at AND m.id > t.id))"
            }
            // A higher score; or the same score and an earlier time (an
            // unreadable time sorts first); or the same score and time and a lower id.
            _ => {
                "(m.urgency_score > t.urgency_score
                  OR (m.urgency_score = t.urgency_score AND (
                      (m.arrived_epoch IS NULL AND t.arrived_epoch IS NOT NULL)
                      OR m.arrived_epoch < t.arrived_epoch
                      OR (m.arrived_epoch IS t.arrived_epoch AND m.id < t.id))))"
            }
        }
    }
}

const ROW_COLUMNS: &str = "id, source_id, received_at, coalesce(arrived_epoch, received_epoch), patient_name, subject, category, status, \
                           urgency_level, urgency_rules IS NOT NULL, urgency_score, \
                           CAST(strftime('%s', first_response_at) AS INTEGER), \
                           due_epoch";

/// Most urgent first (level, then how many red flags and how heavy), then
/// oldest first on the clinic's clock; a message not yet assessed sorts first, so it is seen.
const QUEUE_ORDER: &str = "ORDER BY urgency_score DESC, arrived_epoch, id";

/// The words of a search, split exactly where the search index splits text
/// (its tokenizer keeps letters, numbers and private-use characters; every
/// other character, combining marks included, separates words), so that no
/// typed word becomes a phrase, which the index cannot search.
pub fn search_words(typed: &str) -> Vec<String> {
    use unicode_general_category::{GeneralCategory as G, get_general_category};
    let keeps = |c: char| {
        matches!(
            get_general_category(c),
            G::UppercaseLetter
                | G::LowercaseLetter
                | G::TitlecaseLetter
                | G::ModifierLetter
                | G::OtherLetter
                | G::DecimalNumber
                | G::LetterNumber
                | G::OtherNumber
                | G::PrivateUse
        )
    };
    typed.split(|c: char| !keeps(c)).filter(|word| !word.is_empty()).map(str::to_string).collect()
}

/// Scores at or above this are urgent or emergent.
const URGENT_SCORE: i64 = LEVEL_STEP as i64;

impl Queue {
    /// How many messages are in each state; `scope` gives the instants for
    /// overdue and today, and the search whose matches are counted.
    pub fn counts(&self, scope: &Scope) -> Result<QueueCounts> {
        let count = |scope: &Scope| -> Result<u64> {
            let sql = format!("SELECT count(*) FROM message {} WHERE {}", scope.index(), scope.condition(""));
            let search = scope.text_query();
            let mut params: Vec<(&str, &dyn rusqlite::ToSql)> = Vec::new();
            if let Some(query) = &search {
                params.push((":search", query));
            }
            self.conn
                .prepare_cached(&sql)
                .and_then(|mut stmt| stmt.query_row(&params[..], |row| row.get::<_, i64>(0)))
                .map(|n| n.max(0) as u64)
                .map_err(|e| self.sql(e))
        };
        let plain = |filter| Scope { filter, search: None, ..scope.clone() };
        let tally = |status: &str| -> Result<u64> {
            self.conn
                .prepare_cached("SELECT n FROM message_tally WHERE status = ?1")
                .and_then(|mut stmt| stmt.query_row([status], |row| row.get::<_, i64>(0)))
                .map(|n| n.max(0) as u64)
                .map_err(|e| self.sql(e))
        };
        Ok(QueueCounts {
            open: tally("open")?,
            urgent: count(&plain(QueueFilter::Urgent))?,
            overdue: count(&plain(QueueFilter::Overdue))?,
            resolved_today: count(&plain(QueueFilter::ResolvedToday))?,
            // Kept by triggers: counting them would cost tens of milliseconds at a million.
            resolved: tally("resolved")?,
            matches: match scope.text_query() {
                Some(_) => Some(count(scope)?),
                None => None,
            },
        })
    }

    /// Up to `limit` messages of the scope in its order, skipping the first
    /// `offset`. With the scope's `total`, a page in the second half is read
    /// from the end, so the last page of a million costs what the first does.
    pub fn queue_page(&self, scope: &Scope, offset: u64, limit: u64, total: Option<u64>) -> Result<Vec<QueueRow>> {
        let mut rows = Vec::new();
        match total {
            Some(total) if offset.saturating_mul(2) > total => {
                let end = offset.saturating_add(limit).min(total);
                self.each_with(scope, scope.reversed_order(), total - end, end.saturating_sub(offset), &mut |row| {
                    rows.push(row.clone());
                    true
                })?;
                rows.reverse();
            }
            _ => {
                self.each_from(scope, offset, limit, &mut |row| {
                    rows.push(row.clone());
                    true
                })?;
            }
        }
        Ok(rows)
    }

    /// Calls `visit` with each message of the scope in its order, up to
    /// `limit`, streaming from one query; `visit` returns false to stop early.
    pub fn each_in_queue(&self, scope: &Scope, limit: u64, visit: &mut dyn FnMut(&QueueRow) -> bool) -> Result<()> {
        self.each_from(scope, 0, limit, visit)
    }

    fn each_from(
        &self,
        scope: &Scope,
        offset: u64,
        limit: u64,
        visit: &mut dyn FnMut(&QueueRow) -> bool,
    ) -> Result<()> {
        self.each_with(scope, scope.order(), offset, limit, visit)
    }

    fn each_with(
        &self,
        scope: &Scope,
        order: &str,
        offset: u64,
        limit: u64,
        visit: &mut dyn FnMut(&QueueRow) -> bool,
    ) -> Result<()> {
        let sql = format!(
            "SELECT {ROW_COLUMNS} FROM message {} WHERE {} {order} LIMIT :limit OFFSET :offset",
            scope.index(),
            scope.condition(""),
        );
        let clamp = |n: u64| i64::try_from(n).unwrap_or(i64::MAX);
        let (limit, offset) = (clamp(limit), clamp(offset));
        let search = scope.text_query();
        let mut params: Vec<(&str, &dyn rusqlite::ToSql)> = vec![(":limit", &limit), (":offset", &offset)];
        if let Some(query) = &search {
            params.push((":search", query));
        }
        let mut stmt = self.conn.prepare_cached(&sql).map_err(|e| self.sql(e))?;
        let mut rows = stmt.query(&params[..]).map_err(|e| self.sql(e))?;
        while let Some(row) = rows.next().map_err(|e| self.sql(e))? {
            let row = queue_row(row).map_err(|e| self.sql(e))?;
            if !visit(&row) {
                break;
            }
        }
        Ok(())
    }

    /// Where message `id` stands in the scope (0 is the top), or `None` when
    /// the scope does not show it.
    pub fn position_of(&self, scope: &Scope, id: MessageId) -> Result<Option<u64>> {
        let sql = format!(
            "SELECT (SELECT count(*) FROM message m {} WHERE {} AND {})
             FROM message t WHERE t.id = :id AND {}",
            scope.index(),
            scope.condition("m."),
            scope.before(),
            scope.condition("t."),
        );
        let search = scope.text_query();
        let mut params: Vec<(&str, &dyn rusqlite::ToSql)> = vec![(":id", &id.0)];
        if let Some(query) = &search {
            params.push((":search", query));
        }
        let mut stmt = self.conn.prepare_cached(&sql).map_err(|e| self.sql(e))?;
        let mut rows = stmt.query(&params[..]).map_err(|e| self.sql(e))?;
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
                patient_mrn: text(row, 13)?,
                sender: text(row, 14)?,
                body: text(row, 15)?.unwrap_or_default(),
                first_response_at: text(row, 16)?,
                resolved_at: text(row, 17)?,
                flags: super::flags::from_json(text(row, 18)?.as_deref()),
            })
        };
        read().map(Some).map_err(|e| self.sql(e))
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
        first_response_epoch: row.get(11)?,
        due_epoch: row.get(12)?,
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
