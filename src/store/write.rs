//! Writes: messages arriving in bulk (demo data, imports) with their past actions,
//! each batch one `BEGIN IMMEDIATE` transaction that keeps the hash chain and the
//! cached message state in step.

use chrono::{DateTime, SecondsFormat, Utc};
use rusqlite::{OptionalExtension, Transaction, TransactionBehavior};

use super::chain::{self, ActionLink};
use super::{Queue, Result};
use crate::domain::action::{self, ActionKind};

/// A message as a feeder would insert it: the eight contract columns.
#[derive(Debug, Clone, PartialEq)]
pub struct IncomingMessage {
    pub source_id: String,
    pub received_at: DateTime<Utc>,
    pub patient_name: String,
    pub patient_mrn: Option<String>,
    pub sender: Option<String>,
    pub subject: Option<String>,
    pub body: String,
    pub category: Option<String>,
}

/// An action already taken on an arriving message (demo data, a migration
/// from another system). Its unique id is derived from the message's
/// `source_id` and its position, so loading the same data twice records it once.
#[derive(Debug, Clone, PartialEq)]
pub struct PastAction {
    pub kind: &'static ActionKind,
    pub occurred_at: DateTime<Utc>,
    pub nurse: String,
    pub note: Option<String>,
}

/// A message and what has already been done with it.
#[derive(Debug, Clone, PartialEq)]
pub struct Arrival {
    pub message: IncomingMessage,
    pub actions: Vec<PastAction>,
}

/// What a batch did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct BatchOutcome {
    pub inserted: u64,
    /// Messages whose `source_id` was already in the queue (re-delivery).
    pub already_present: u64,
    pub actions: u64,
}

impl std::ops::AddAssign for BatchOutcome {
    fn add_assign(&mut self, other: BatchOutcome) {
        self.inserted += other.inserted;
        self.already_present += other.already_present;
        self.actions += other.actions;
    }
}

/// RFC 3339 in UTC to the second, the form every inbasket timestamp is stored in.
pub fn utc_text(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Secs, true)
}

impl Queue {
    /// Adds a batch of arriving messages and their past actions in one
    /// transaction: all of it is stored, or none.
    pub fn add_arrivals(&mut self, batch: &[Arrival]) -> Result<BatchOutcome> {
        self.ensure_writable()?;
        let path = self.path.clone();
        let sql = |source| super::StoreError::Sql { path: path.clone(), source };
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate).map_err(sql)?;
        let outcome = add_arrivals_in(&tx, batch).map_err(sql)?;
        tx.commit().map_err(sql)?;
        Ok(outcome)
    }
}

fn add_arrivals_in(tx: &Transaction<'_>, batch: &[Arrival]) -> rusqlite::Result<BatchOutcome> {
    let mut outcome = BatchOutcome::default();
    let mut prev_hash = last_hash(tx)?;
    let mut insert_message = tx.prepare_cached(
        "INSERT INTO message (source_id, received_at, patient_name, patient_mrn, sender, subject, body, category,
                              status, first_response_at, resolved_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
    )?;
    let mut insert_action = tx.prepare_cached(
        "INSERT INTO triage_action (uid, message_id, action, note, nurse, occurred_at, recorded_at, corrects,
                                    prev_hash, hash)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, NULL, ?8, ?9)",
    )?;
    for arrival in batch {
        let message = &arrival.message;
        let state = action::derive_state(arrival.actions.iter().map(|a| (a.kind, a.occurred_at.timestamp())));
        let stamp = |secs: Option<i64>| secs.and_then(|s| DateTime::from_timestamp(s, 0)).map(utc_text);
        let changed = insert_message.execute(rusqlite::params![
            message.source_id,
            utc_text(message.received_at),
            message.patient_name,
            message.patient_mrn,
            message.sender,
            message.subject,
            message.body,
            message.category,
            if state.resolved { "resolved" } else { "open" },
            stamp(state.first_response_at),
            stamp(state.resolved_at),
        ])?;
        if changed == 0 {
            outcome.already_present += 1;
            continue;
        }
        outcome.inserted += 1;
        let message_id = tx.last_insert_rowid();
        for (position, past) in arrival.actions.iter().enumerate() {
            let uid = format!("{}#{}", message.source_id, position + 1);
            let occurred_at = utc_text(past.occurred_at);
            let link = ActionLink {
                uid: &uid,
                message_id,
                action: past.kind.name,
                note: past.note.as_deref(),
                nurse: &past.nurse,
                occurred_at: &occurred_at,
                // Entered as part of the data, at the time it happened.
                recorded_at: &occurred_at,
                corrects: None,
            };
            let hash = chain::link_hash(&prev_hash, &link);
            insert_action.execute(rusqlite::params![
                uid,
                message_id,
                past.kind.name,
                past.note,
                past.nurse,
                occurred_at,
                occurred_at,
                prev_hash,
                hash,
            ])?;
            prev_hash = hash;
            outcome.actions += 1;
        }
    }
    Ok(outcome)
}

/// The hash the next triage action chains to.
fn last_hash(tx: &Transaction<'_>) -> rusqlite::Result<String> {
    let last: Option<String> =
        tx.query_row("SELECT hash FROM triage_action ORDER BY seq DESC LIMIT 1", [], |row| row.get(0)).optional()?;
    Ok(last.unwrap_or_else(|| chain::GENESIS.to_string()))
}
