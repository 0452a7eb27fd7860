//! `inbasket check`: the file's integrity, its foreign keys, its schema version and the audit trail's hash chain.

use chrono::DateTime;
use rusqlite::OptionalExtension;

use super::chain::{self, ActionLink};
use super::read::text;
use super::write::utc_text_of;
use super::{Queue, Result, schema};
use crate::domain::action;

/// The triggers that keep the triage actions append-only.
const GUARDS: [&str; 3] = ["triage_action_no_update", "triage_action_no_delete", "triage_action_no_replace"];

/// The triggers that keep the stress ratings append-only (schema 3 on).
const RATING_GUARDS: [&str; 8] = [
    "stress_rating_no_update",
    "stress_rating_no_delete",
    "stress_rating_no_replace",
    "reply_no_update",
    "reply_no_delete",
    "reply_no_replace",
    "reply_sent_no_update",
    "reply_sent_no_delete",
];

fn parse_utc(text: &str) -> Option<i64> {
    DateTime::parse_from_rfc3339(text).ok().map(|at| at.timestamp())
}

/// One thing found wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding(pub String);

/// What `check` looked at and what it found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckReport {
    /// Lines describing what was checked and found in order.
    pub passed: Vec<String>,
    pub problems: Vec<Finding>,
}

impl CheckReport {
    pub fn is_ok(&self) -> bool {
        self.problems.is_empty()
    }
}

impl Queue {
    /// Runs every check; reads only.
    pub fn check(&self) -> Result<CheckReport> {
        let mut report = CheckReport { passed: Vec::new(), problems: Vec::new() };
        self.check_integrity(&mut report)?;
        self.check_foreign_keys(&mut report)?;
        self.check_schema(&mut report)?;
        self.check_guards(&mut report)?;
        self.check_chain(&mut report)?;
        self.check_cached_state(&mut report)?;
        self.check_tally(&mut report)?;
        self.check_ratings(&mut report)?;
        self.check_replies(&mut report)?;
        Ok(report)
    }

    /// Recomputes the stress ratings' chain and names the first row that does not match.
    fn check_ratings(&self, report: &mut CheckReport) -> Result<()> {
        let sql = "SELECT seq, prev_hash, hash, uid, nurse, shift_date, rating, note, recorded_at, corrects
                   FROM stress_rating ORDER BY seq";
        self.check_side_chain(report, sql, "stress ratings", ("rating", "ratings"), |row, prev| {
            let t = |i| text(row, i).map(Option::unwrap_or_default);
            let (uid, nurse, shift_date, recorded_at) = (t(3)?, t(4)?, t(5)?, t(8)?);
            let (note, corrects) = (text(row, 7)?, text(row, 9)?);
            let link = chain::RatingLink {
                uid: &uid,
                nurse: &nurse,
                shift_date: &shift_date,
                rating: row.get(6)?,
                note: note.as_deref(),
                recorded_at: &recorded_at,
                corrects: corrects.as_deref(),
            };
            Ok(chain::rating_hash(prev, &link))
        })
    }

    /// Recomputes the outbox's chain and names the first reply that does not match.
    fn check_replies(&self, report: &mut CheckReport) -> Result<()> {
        let sql = "SELECT seq, prev_hash, hash, uid, action_uid, message_id, template, body, created_at
                   FROM reply ORDER BY seq";
        self.check_side_chain(report, sql, "outbox", ("reply", "replies"), |row, prev| {
            let t = |i| text(row, i).map(Option::unwrap_or_default);
            let (uid, action_uid, body, created_at) = (t(3)?, t(4)?, t(7)?, t(8)?);
            let template = text(row, 6)?;
            let link = chain::ReplyLink {
                uid: &uid,
                action_uid: &action_uid,
                message_id: row.get(5)?,
                template: template.as_deref(),
                body: &body,
                created_at: &created_at,
            };
            Ok(chain::reply_hash(prev, &link))
        })
    }

    /// Walks a chain kept beside the audit trail (schema 3 on): `sql` reads
    /// `seq, prev_hash, hash` then the fields `hash_of` hashes after the
    /// stored previous hash. Reports the first row that does not follow.
    fn check_side_chain(
        &self,
        report: &mut CheckReport,
        sql: &str,
        what: &str,
        (row_name, rows_name): (&str, &str),
        hash_of: impl Fn(&rusqlite::Row<'_>, &str) -> rusqlite::Result<String>,
    ) -> Result<()> {
        if self.schema_version()? < 3 {
            return Ok(());
        }
        let mut stmt = self.conn.prepare(sql).map_err(|e| self.sql(e))?;
        let mut rows = stmt.query([]).map_err(|e| self.sql(e))?;
        let mut expected_prev = chain::GENESIS.to_string();
        let mut count = 0u64;
        let mut last = String::new();
        while let Some(row) = rows.next().map_err(|e| self.sql(e))? {
            let read = || -> rusqlite::Result<_> {
                let prev = text(row, 1)?.unwrap_or_default();
                Ok((row.get::<_, i64>(0)?, hash_of(row, &prev)?, prev, text(row, 2)?.unwrap_or_default()))
            };
            let (seq, computed, prev_hash, hash) = read().map_err(|e| self.sql(e))?;
            count += 1;
            if prev_hash != expected_prev || computed != hash {
                report.problems.push(Finding(format!(
                    "{what}: {row_name} {seq} was altered, removed or inserted after it was recorded"
                )));
                return Ok(());
            }
            last.clone_from(&hash);
            expected_prev = hash;
        }
        // The last link, to compare with an earlier report: records cut from the end show there.
        let head = last.get(..16).unwrap_or("none");
        let noun = if count == 1 { row_name } else { rows_name };
        report.passed.push(format!("{what}: {count} {noun}, hash chain intact, last link {head}"));
        Ok(())
    }

    /// The open and resolved counts the triggers keep must match the messages.
    fn check_tally(&self, report: &mut CheckReport) -> Result<()> {
        if self.schema_version()? < 3 {
            return Ok(());
        }
        let mut stmt = self
            .conn
            .prepare(
                "SELECT t.status, t.n, (SELECT count(*) FROM message m WHERE m.status = t.status)
                 FROM message_tally t ORDER BY t.status",
            )
            .map_err(|e| self.sql(e))?;
        let rows: Vec<(String, i64, i64)> = stmt
            .query_map([], |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)))
            .and_then(|rows| rows.collect())
            .map_err(|e| self.sql(e))?;
        let wrong: Vec<_> = rows.iter().filter(|(_, kept, actual)| kept != actual).collect();
        if wrong.is_empty() {
            report.passed.push("message counts: ok".into());
        }
        for (status, kept, actual) in wrong {
            report.problems.push(Finding(format!(
                "message counts: {kept} kept as {status}, {actual} are (the console's counts are wrong)"
            )));
        }
        Ok(())
    }

    /// The triggers that keep the audit trail append-only must all be there.
    fn check_guards(&self, report: &mut CheckReport) -> Result<()> {
        let mut missing = Vec::new();
        let ratings = if self.schema_version()? >= 3 { &RATING_GUARDS[..] } else { &[] };
        for &name in GUARDS.iter().chain(ratings) {
            let sql: Option<String> = self
                .conn
                .query_row("SELECT sql FROM sqlite_schema WHERE type = 'trigger' AND name = ?1", [name], |row| {
                    row.get(0)
                })
                .optional()
                .map_err(|e| self.sql(e))?;
            if !sql.is_some_and(|sql| sql.contains("RAISE(ABORT")) {
                missing.push(name);
            }
        }
        if missing.is_empty() {
            report.passed.push("append-only guards: in place".into());
        }
        for name in missing {
            report.problems.push(Finding(format!(
                "append-only guards: trigger '{name}' is missing or altered (records could be changed unseen)"
            )));
        }
        Ok(())
    }

    /// Each message's cached state (open or resolved, first response,
    /// resolution time) must be what its actions make it: a record removed
    /// from the end of the trail shows up here.
    fn check_cached_state(&self, report: &mut CheckReport) -> Result<()> {
        let mut messages = self
            .conn
            .prepare("SELECT id, status, first_response_at, resolved_at FROM message ORDER BY id")
            .map_err(|e| self.sql(e))?;
        let mut actions = self
            .conn
            .prepare(
                "SELECT message_id, action, occurred_at, uid, corrects FROM triage_action ORDER BY message_id, seq",
            )
            .map_err(|e| self.sql(e))?;
        let mut action_rows = actions.query([]).map_err(|e| self.sql(e))?;
        type Row = (i64, String, String, String, Option<String>);
        let next_action = |rows: &mut rusqlite::Rows<'_>| -> rusqlite::Result<Option<Row>> {
            Ok(match rows.next()? {
                Some(row) => Some((
                    row.get(0)?,
                    text(row, 1)?.unwrap_or_default(),
                    text(row, 2)?.unwrap_or_default(),
                    text(row, 3)?.unwrap_or_default(),
                    text(row, 4)?,
                )),
                None => None,
            })
        };
        let mut pending = next_action(&mut action_rows).map_err(|e| self.sql(e))?;
        let mut message_rows = messages.query([]).map_err(|e| self.sql(e))?;
        let mut wrong: Vec<i64> = Vec::new();
        let mut unknown_actions: u64 = 0;
        let mut checked: u64 = 0;
        while let Some(row) = message_rows.next().map_err(|e| self.sql(e))? {
            let read = || -> rusqlite::Result<_> {
                Ok((row.get::<_, i64>(0)?, text(row, 1)?.unwrap_or_default(), text(row, 2)?, text(row, 3)?))
            };
            let (id, status, first_response_at, resolved_at) = read().map_err(|e| self.sql(e))?;
            let mut recorded = Vec::new();
            while let Some(next) = pending.take() {
                if next.0 != id {
                    pending = Some(next);
                    break;
                }
                let (_, action_name, occurred_at, uid, corrects) = next;
                match (action::find(&action_name), parse_utc(&occurred_at)) {
                    (Some(kind), Some(at)) => recorded.push((uid, kind, at, corrects)),
                    _ => unknown_actions += 1,
                }
                pending = next_action(&mut action_rows).map_err(|e| self.sql(e))?;
            }
            let entries: Vec<action::Entry<&str>> = recorded
                .iter()
                .map(|(uid, kind, at, corrects)| action::Entry {
                    uid: uid.as_str(),
                    kind,
                    at: *at,
                    corrects: corrects.as_deref(),
                })
                .collect();
            let state = action::derive_state(action::effective(&entries));
            let expected_status = if state.resolved { "resolved" } else { "open" };
            if status != expected_status
                || first_response_at != utc_text_of(state.first_response_at)
                || resolved_at != utc_text_of(state.resolved_at)
            {
                wrong.push(id);
            }
            checked += 1;
        }
        if wrong.is_empty() && unknown_actions == 0 {
            report.passed.push(format!("message state: all {checked} messages agree with their actions"));
        }
        if let Some(first) = wrong.first() {
            report.problems.push(Finding(format!(
                "message state: {} message(s) disagree with their recorded actions, the first is message {first} \
                 (an action was removed, or the message edited)",
                wrong.len()
            )));
        }
        if unknown_actions > 0 {
            report.problems.push(Finding(format!(
                "audit trail: {unknown_actions} action(s) with an unknown name or an unreadable time"
            )));
        }
        Ok(())
    }

    fn check_integrity(&self, report: &mut CheckReport) -> Result<()> {
        let mut stmt = self.conn.prepare("PRAGMA integrity_check").map_err(|e| self.sql(e))?;
        let lines: Vec<String> = stmt
            .query_map([], |row| row.get::<_, String>(0))
            .and_then(|rows| rows.collect())
            .map_err(|e| self.sql(e))?;
        if lines == ["ok"] {
            report.passed.push("integrity: ok".into());
        } else {
            for line in lines {
                report.problems.push(Finding(format!("integrity: {line}")));
            }
        }
        Ok(())
    }

    fn check_foreign_keys(&self, report: &mut CheckReport) -> Result<()> {
        let mut stmt = self.conn.prepare("PRAGMA foreign_key_check").map_err(|e| self.sql(e))?;
        let broken: Vec<(String, i64, String)> = stmt
            .query_map([], |row| Ok((row.get(0)?, row.get::<_, Option<i64>>(1)?.unwrap_or(0), row.get(2)?)))
            .and_then(|rows| rows.collect())
            .map_err(|e| self.sql(e))?;
        if broken.is_empty() {
            report.passed.push("foreign keys: ok".into());
        }
        for (table, rowid, parent) in broken.iter().take(20) {
            report.problems.push(Finding(format!("foreign keys: {table} row {rowid} points to a missing {parent}")));
        }
        if broken.len() > 20 {
            report.problems.push(Finding(format!("foreign keys: {} more broken references", broken.len() - 20)));
        }
        Ok(())
    }

    fn check_schema(&self, report: &mut CheckReport) -> Result<()> {
        let version = self.schema_version()?;
        if version == schema::LATEST_VERSION {
            report.passed.push(format!("schema: version {version} (current)"));
        } else {
            report
                .problems
                .push(Finding(format!("schema: version {version}, this inbasket expects {}", schema::LATEST_VERSION)));
        }
        Ok(())
    }

    /// Recomputes every link of the triage-action chain and names the first
    /// row whose stored hash, or whose link to the row before, does not match.
    fn check_chain(&self, report: &mut CheckReport) -> Result<()> {
        let mut stmt = self
            .conn
            .prepare(
                "SELECT seq, uid, message_id, action, note, nurse, occurred_at, recorded_at, corrects, prev_hash, hash
                 FROM triage_action ORDER BY seq",
            )
            .map_err(|e| self.sql(e))?;
        let mut rows = stmt.query([]).map_err(|e| self.sql(e))?;
        let mut expected_prev = chain::GENESIS.to_string();
        let mut last_hash = String::new();
        let mut count: u64 = 0;
        while let Some(row) = rows.next().map_err(|e| self.sql(e))? {
            let read = || -> rusqlite::Result<_> {
                Ok((
                    row.get::<_, i64>(0)?,
                    text(row, 1)?.unwrap_or_default(),
                    row.get::<_, i64>(2)?,
                    text(row, 3)?.unwrap_or_default(),
                    text(row, 4)?,
                    text(row, 5)?.unwrap_or_default(),
                    text(row, 6)?.unwrap_or_default(),
                    text(row, 7)?.unwrap_or_default(),
                    text(row, 8)?,
                    text(row, 9)?.unwrap_or_default(),
                    text(row, 10)?.unwrap_or_default(),
                ))
            };
            let (seq, uid, message_id, action, note, nurse, occurred_at, recorded_at, corrects, prev_hash, hash) =
                read().map_err(|e| self.sql(e))?;
            count += 1;
            let link = ActionLink {
                uid: &uid,
                message_id,
                action: &action,
                note: note.as_deref(),
                nurse: &nurse,
                occurred_at: &occurred_at,
                recorded_at: &recorded_at,
                corrects: corrects.as_deref(),
            };
            if prev_hash != expected_prev {
                report.problems.push(Finding(format!(
                    "audit trail: triage action {seq} does not follow the one before it (a row was removed or inserted)"
                )));
                return Ok(());
            }
            if chain::link_hash(&prev_hash, &link) != hash {
                report.problems.push(Finding(format!(
                    "audit trail: triage action {seq} was altered after it was recorded (its hash does not match)"
                )));
                return Ok(());
            }
            last_hash.clone_from(&hash);
            expected_prev = hash;
        }
        // The head of the chain: compare it with an earlier report to see that nothing was cut from the end.
        let head = if last_hash.is_empty() { "none".to_string() } else { last_hash[..16].to_string() };
        report.passed.push(format!("audit trail: {count} triage actions, hash chain intact, last link {head}"));
        Ok(())
    }
}
