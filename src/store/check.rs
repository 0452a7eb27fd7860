//! `inbasket check`: the file's integrity, its foreign keys, its schema version and the audit trail's hash chain.

use super::chain::{self, ActionLink};
use super::read::text;
use super::{Queue, Result, schema};

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
        self.check_chain(&mut report)?;
        Ok(report)
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
            expected_prev = hash;
        }
        report.passed.push(format!("audit trail: {count} triage actions, hash chain intact"));
        Ok(())
    }
}
