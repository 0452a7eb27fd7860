//! Reads what the daily message audit needs: every message received before a given instant, with its actions, and the standing stress ratings.

use chrono::NaiveDate;

use super::read::text;
use super::{Queue, Result};
use crate::domain::action;
use crate::domain::audit::{AuditAction, AuditMessage, AuditRating};
use crate::domain::urgency::Level;

/// Message ids below this are looked up in a table (4 bytes each, at most 256 MB).
const DENSE_IDS: usize = 64 * 1024 * 1024;

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
                "SELECT id, coalesce(arrived_epoch, received_epoch) AS arrived, due_epoch, urgency_level
                 FROM message INDEXED BY message_audit
                 WHERE (arrived_epoch < ?1 OR (arrived_epoch IS NULL AND received_epoch < ?1))
                   AND (arrived_epoch >= ?2 OR arrived_epoch IS NULL OR status = 'open' OR resolved_at IS NULL
                        OR resolved_at >= ?3
                        OR EXISTS (SELECT 1 FROM triage_action a WHERE a.message_id = message.id AND a.occurred_at >= ?3))",
            )
            .map_err(sql)?;
        let mut messages = Vec::new();
        // Where each message id is in `messages`: a table for the small, dense ids, a map for any other.
        let mut slot: Vec<u32> = Vec::new();
        let mut sparse: std::collections::HashMap<i64, u32> = std::collections::HashMap::new();
        let mut rows = stmt.query(rusqlite::params![until, since, since_text]).map_err(sql)?;
        while let Some(row) = rows.next().map_err(sql)? {
            let read = || -> rusqlite::Result<(i64, i64, Option<i64>, Option<String>)> {
                Ok((row.get(0)?, row.get(1)?, row.get(2)?, text(row, 3)?))
            };
            let (id, arrived, due, level) = read().map_err(sql)?;
            let position = u32::try_from(messages.len()).unwrap_or(u32::MAX);
            match usize::try_from(id) {
                // The feeder contract leaves ids to SQLite: small and dense. A stray huge one goes to the map.
                Ok(index) if index < DENSE_IDS => {
                    if index >= slot.len() {
                        slot.resize(index + 1, u32::MAX);
                    }
                    slot[index] = position;
                }
                _ => {
                    sparse.insert(id, position);
                }
            }
            messages.push(AuditMessage {
                arrived,
                // Not yet assessed: due on arrival, so it is never counted as on time by mistake.
                due: due.unwrap_or(arrived),
                flagged: level.as_deref().and_then(Level::parse),
                actions: Vec::new(),
            });
        }
        // Every action, its time as SQLite reads it; a uid only where a
        // correction names it (the rest need none).
        let mut stmt = self
            .conn
            .prepare(
                "SELECT message_id, action, unixepoch(occurred_at),
                        CASE WHEN uid IN (SELECT corrects FROM triage_action WHERE corrects IS NOT NULL) THEN uid END,
                        corrects
                 FROM triage_action",
            )
            .map_err(sql)?;
        let mut rows = stmt.query([]).map_err(sql)?;
        let mut kind_cache: Option<(String, &'static action::ActionKind)> = None;
        while let Some(row) = rows.next().map_err(sql)? {
            let message_id: i64 = row.get(0).map_err(sql)?;
            let found = usize::try_from(message_id).ok().and_then(|i| slot.get(i)).copied().filter(|&p| p != u32::MAX);
            let position = match found.or_else(|| sparse.get(&message_id).copied()) {
                Some(position) => position as usize,
                None => continue,
            };
            let Some(at) = row.get::<_, Option<i64>>(2).map_err(sql)? else { continue };
            let name = row.get_ref(1).map_err(sql)?;
            let name = name.as_str().unwrap_or_default();
            let kind = match &kind_cache {
                Some((cached, kind)) if cached == name => *kind,
                _ => {
                    let Some(kind) = action::find(name) else { continue };
                    kind_cache = Some((name.to_string(), kind));
                    kind
                }
            };
            let uid = text(row, 3).map_err(sql)?.unwrap_or_default();
            let corrects = text(row, 4).map_err(sql)?;
            messages[position].actions.push(AuditAction { uid, kind, at, corrects });
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
