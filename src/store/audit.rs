//! Reads what the daily message audit needs: every message received before a given instant, with its actions, and the standing stress ratings.

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate};

use super::read::text;
use super::{Queue, Result};
use crate::domain::action;
use crate::domain::audit::{AuditAction, AuditMessage, AuditRating};
use crate::domain::urgency::Level;

impl Queue {
    /// What an audit from `since` to `until` (Unix seconds) needs: every
    /// message that arrived before `until` and may count after `since`, with
    /// its recorded actions, and every standing stress rating. A message
    /// left out arrived before `since`, was resolved for the last time before
    /// it, and has no action from then on: it counts on no day of the audit.
    pub fn audit_data(&self, since: i64, until: i64) -> Result<(Vec<AuditMessage>, Vec<AuditRating>)> {
        let sql = |e| self.sql(e);
        let since_text = super::write::utc_text_of(Some(since)).unwrap_or_default();
        let mut stmt = self
            .conn
            .prepare(
                "SELECT id, coalesce(arrived_epoch, received_epoch), due_epoch, urgency_level FROM message
                 WHERE coalesce(arrived_epoch, received_epoch) < ?1
                   AND (coalesce(arrived_epoch, received_epoch) >= ?2 OR status = 'open' OR resolved_at IS NULL
                        OR resolved_at >= ?3
                        OR EXISTS (SELECT 1 FROM triage_action a WHERE a.message_id = message.id AND a.occurred_at >= ?3))
                 ORDER BY id",
            )
            .map_err(sql)?;
        let mut messages = Vec::new();
        let mut index: HashMap<i64, usize> = HashMap::new();
        let mut rows = stmt.query(rusqlite::params![until, since, since_text]).map_err(sql)?;
        while let Some(row) = rows.next().map_err(sql)? {
            let read = || -> rusqlite::Result<(i64, i64, Option<i64>, Option<String>)> {
                Ok((row.get(0)?, row.get(1)?, row.get(2)?, text(row, 3)?))
            };
            let (id, arrived, due, level) = read().map_err(sql)?;
            index.insert(id, messages.len());
            messages.push(AuditMessage {
                arrived,
                // Not yet assessed: due on arrival, so it is never counted as on time by mistake.
                due: due.unwrap_or(arrived),
                flagged: level.as_deref().and_then(Level::parse),
                actions: Vec::new(),
            });
        }
        let mut stmt = self
            .conn
            .prepare("SELECT message_id, uid, action, occurred_at, corrects FROM triage_action ORDER BY seq")
            .map_err(sql)?;
        let mut rows = stmt.query([]).map_err(sql)?;
        while let Some(row) = rows.next().map_err(sql)? {
            let read = || -> rusqlite::Result<(i64, String, String, String, Option<String>)> {
                Ok((
                    row.get(0)?,
                    text(row, 1)?.unwrap_or_default(),
                    text(row, 2)?.unwrap_or_default(),
                    text(row, 3)?.unwrap_or_default(),
                    text(row, 4)?,
                ))
            };
            let (message_id, uid, name, occurred_at, corrects) = read().map_err(sql)?;
            let (Some(&i), Some(kind), Ok(at)) =
                (index.get(&message_id), action::find(&name), DateTime::parse_from_rfc3339(&occurred_at))
            else {
                continue;
            };
            messages[i].actions.push(AuditAction { uid, kind, at: at.timestamp(), corrects });
        }
        let mut stmt = self
            .conn
            .prepare(
                "SELECT shift_date, rating, nurse FROM stress_rating r
                 WHERE NOT EXISTS (SELECT 1 FROM stress_rating c WHERE c.corrects = r.uid)",
            )
            .map_err(sql)?;
        let ratings = stmt
            .query_map([], |row| {
                Ok((text(row, 0)?.unwrap_or_default(), row.get::<_, i64>(1)?, text(row, 2)?.unwrap_or_default()))
            })
            .and_then(|rows| rows.collect::<rusqlite::Result<Vec<_>>>())
            .map_err(sql)?
            .into_iter()
            .filter_map(|(date, rating, nurse)| {
                Some(AuditRating {
                    date: NaiveDate::parse_from_str(&date, "%Y-%m-%d").ok()?,
                    rating: u8::try_from(rating).ok()?,
                    nurse,
                })
            })
            .collect();
        Ok((messages, ratings))
    }
}
