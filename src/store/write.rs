//! Writes: messages arriving in bulk (demo data, imports) with their past actions,
//! each batch one `BEGIN IMMEDIATE` transaction that keeps the hash chain and the
//! cached message state in step.

use chrono::{DateTime, SecondsFormat, Utc};
use rusqlite::{OptionalExtension, Transaction, TransactionBehavior};

use super::chain::{self, ActionLink};
use super::read::text;
use super::{Queue, Result, flags};
use crate::domain::action::{self, ActionKind};
use crate::domain::assessment::{Assessed, Assessing};
use crate::domain::red_flags::{self, MessageFlags};
use crate::domain::urgency::Assessor;

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

/// A message, what has already been done with it, and its red flags.
#[derive(Debug, Clone, PartialEq)]
pub struct Arrival {
    pub message: IncomingMessage,
    pub actions: Vec<PastAction>,
    pub flags: MessageFlags,
}

impl Arrival {
    /// An arrival with its red flags assessed by `assessor`.
    pub fn assessed(message: IncomingMessage, actions: Vec<PastAction>, assessor: &mut Assessor<'_>) -> Arrival {
        let flags = red_flags::assess_message(assessor, message.subject.as_deref(), &message.body);
        Arrival { message, actions, flags }
    }
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

/// Messages marked for a fresh assessment per transaction when the rules change.
const RESET_SLICE: i64 = 20_000;

/// The stored text of an optional Unix second (`None` stays `None`).
pub(super) fn utc_text_of(secs: Option<i64>) -> Option<String> {
    secs.and_then(|s| DateTime::from_timestamp(s, 0)).map(utc_text)
}

/// RFC 3339 in UTC to the second, the form every inbasket timestamp is stored in.
pub fn utc_text(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Secs, true)
}

impl Queue {
    /// Adds a batch of arriving messages, their past actions and red flags in
    /// one transaction: all of it is stored, or none, with each message's due
    /// time and its text indexed for search. The flags must come from
    /// `assessing`'s rules; call [`Queue::assess_all`] with the same
    /// `assessing` first, so the whole queue is assessed alike.
    pub fn add_arrivals(&mut self, batch: &[Arrival], assessing: &mut Assessing<'_>) -> Result<BatchOutcome> {
        self.write(|tx| {
            let outcome = add_arrivals_in(tx, batch, assessing)?;
            index_new_text(tx)?;
            Ok(outcome)
        })
    }

    /// Runs `work` in one `BEGIN IMMEDIATE` transaction, committed only if it succeeds.
    pub(super) fn write<T>(&mut self, work: impl FnOnce(&Transaction<'_>) -> rusqlite::Result<T>) -> Result<T> {
        self.ensure_writable()?;
        let path = self.path.clone();
        let sql = |source| super::StoreError::Sql { path: path.clone(), source };
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate).map_err(sql)?;
        let result = work(&tx).map_err(sql)?;
        tx.commit().map_err(sql)?;
        Ok(result)
    }

    /// Assesses up to `limit` messages not yet assessed with these rules and
    /// this clock (a feeder's new rows): red flags and due time, and new
    /// messages' text indexed for search. Returns how many it assessed. One
    /// transaction.
    pub fn assess_pending(&mut self, assessing: &mut Assessing<'_>, limit: usize) -> Result<usize> {
        self.write(|tx| {
            let assessed = assess_pending_in(tx, assessing, limit)?;
            index_new_text(tx)?;
            Ok(assessed)
        })
    }

    /// Brings every message's assessment up to date with `assessing`'s rules
    /// and clock: when either differs from those the queue was last assessed
    /// with, every message is assessed again; otherwise only new ones are.
    /// `progress` hears (done, total) after each batch. A read-only queue is
    /// left as it is.
    pub fn assess_all(&mut self, assessing: &mut Assessing<'_>, progress: &mut dyn FnMut(u64, u64)) -> Result<u64> {
        if self.read_only.is_some() {
            return Ok(0);
        }
        let fingerprint = assessing.fingerprint().to_string();
        let path = self.path.clone();
        let sql = |source| super::StoreError::Sql { path: path.clone(), source };
        let current: Option<String> = self
            .conn
            .query_row("SELECT value FROM setting WHERE key = 'assessed_with'", [], |row| row.get(0))
            .optional()
            .map_err(sql)?;
        if current.as_deref() != Some(fingerprint.as_str()) {
            // Mark every message for a fresh assessment, a slice of ids per
            // transaction so that neither memory nor the log grows with the
            // queue; the new fingerprint is written last, so an interrupted
            // pass starts again.
            // Slices of existing ids, so that a stray huge id costs one slice, not a walk to it.
            let mut low = i64::MIN;
            loop {
                let end: Option<i64> = self
                    .conn
                    .query_row(
                        "SELECT id FROM message WHERE id >= ?1 ORDER BY id LIMIT 1 OFFSET ?2",
                        rusqlite::params![low, RESET_SLICE - 1],
                        |row| row.get(0),
                    )
                    .optional()
                    .map_err(sql)?;
                let high = end.unwrap_or(i64::MAX);
                let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate).map_err(sql)?;
                tx.execute(
                    "UPDATE message SET urgency_rules = NULL
                     WHERE id BETWEEN ?1 AND ?2 AND urgency_rules IS NOT NULL AND urgency_rules IS NOT ?3",
                    rusqlite::params![low, high, fingerprint],
                )
                .map_err(sql)?;
                tx.commit().map_err(sql)?;
                match end {
                    Some(end) if end < i64::MAX => low = end + 1,
                    _ => break,
                }
            }
            let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate).map_err(sql)?;
            tx.execute(
                "INSERT INTO setting (key, value) VALUES ('assessed_with', ?1)
                 ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                [&fingerprint],
            )
            .map_err(sql)?;
            tx.commit().map_err(sql)?;
        }
        let total: i64 = self
            .conn
            .query_row("SELECT count(*) FROM message WHERE urgency_rules IS NULL", [], |row| row.get(0))
            .map_err(sql)?;
        let total = total.max(0) as u64;
        let mut done: u64 = 0;
        loop {
            let n = self.assess_pending(assessing, 5_000)?;
            if n == 0 {
                break;
            }
            done += n as u64;
            progress(done, total.max(done));
        }
        Ok(done)
    }
}

fn assess_pending_in(tx: &Transaction<'_>, assessing: &mut Assessing<'_>, limit: usize) -> rusqlite::Result<usize> {
    let limit = i64::try_from(limit).unwrap_or(i64::MAX);
    let mut select = tx.prepare_cached(
        "SELECT id, received_at, subject, body FROM message WHERE urgency_rules IS NULL ORDER BY id LIMIT ?1",
    )?;
    type Pending = (i64, Option<String>, Option<String>, String);
    let pending: Vec<Pending> = select
        .query_map([limit], |row| Ok((row.get(0)?, text(row, 1)?, text(row, 2)?, text(row, 3)?.unwrap_or_default())))?
        .collect::<rusqlite::Result<_>>()?;
    let mut update = tx.prepare_cached(
        "UPDATE message SET urgency_level = ?2, urgency_score = ?3, urgency_hits = ?4, urgency_rules = ?5,
                            due_epoch = ?6, arrived_epoch = ?7
         WHERE id = ?1",
    )?;
    let fingerprint = assessing.fingerprint().to_string();
    for (id, received_at, subject, body) in &pending {
        let Assessed { flags, arrived, due } = assessing.assess(received_at.as_deref(), subject.as_deref(), body);
        update.execute(rusqlite::params![
            id,
            flags.level.map(|level| level.as_str()),
            flags.score,
            flags::to_json(&flags.hits),
            fingerprint,
            due,
            arrived
        ])?;
    }
    Ok(pending.len())
}

/// Adds the text of messages not yet in the search index (ids only grow:
/// the feeder contract never sets one).
fn index_new_text(tx: &Transaction<'_>) -> rusqlite::Result<()> {
    let through: i64 = tx
        .query_row("SELECT CAST(value AS INTEGER) FROM setting WHERE key = 'text_indexed_through'", [], |row| {
            row.get(0)
        })
        .optional()?
        .unwrap_or(0);
    let newest: i64 = tx.query_row("SELECT coalesce(max(id), 0) FROM message", [], |row| row.get(0))?;
    if newest <= through {
        return Ok(());
    }
    tx.prepare_cached(
        "INSERT INTO message_text (rowid, patient_name, subject, body)
         SELECT id, patient_name, subject, body FROM message WHERE id > ?1",
    )?
    .execute([through])?;
    tx.prepare_cached(
        "INSERT INTO setting (key, value) VALUES ('text_indexed_through', CAST(?1 AS TEXT))
         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
    )?
    .execute([newest])?;
    Ok(())
}

fn add_arrivals_in(
    tx: &Transaction<'_>,
    batch: &[Arrival],
    assessing: &mut Assessing<'_>,
) -> rusqlite::Result<BatchOutcome> {
    let fingerprint = assessing.fingerprint().to_string();
    let mut outcome = BatchOutcome::default();
    let mut prev_hash = last_hash(tx)?;
    let mut insert_message = tx.prepare_cached(
        "INSERT INTO message (source_id, received_at, patient_name, patient_mrn, sender, subject, body, category,
                              status, first_response_at, resolved_at,
                              urgency_level, urgency_score, urgency_hits, urgency_rules, due_epoch, arrived_epoch)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17)",
    )?;
    let mut insert_action = tx.prepare_cached(
        "INSERT INTO triage_action (uid, message_id, action, note, nurse, occurred_at, recorded_at, corrects,
                                    prev_hash, hash)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, NULL, ?8, ?9)",
    )?;
    for arrival in batch {
        let message = &arrival.message;
        let state = action::derive_state(arrival.actions.iter().map(|a| (a.kind, a.occurred_at.timestamp())));
        let MessageFlags { level, score, hits } = &arrival.flags;
        let received_at = utc_text(message.received_at);
        let (arrived, due) = assessing.timing(Some(&received_at), *level);
        let changed = insert_message.execute(rusqlite::params![
            message.source_id,
            received_at,
            message.patient_name,
            message.patient_mrn,
            message.sender,
            message.subject,
            message.body,
            message.category,
            if state.resolved { "resolved" } else { "open" },
            utc_text_of(state.first_response_at),
            utc_text_of(state.resolved_at),
            level.map(|level| level.as_str()),
            score,
            flags::to_json(hits),
            fingerprint,
            due,
            arrived,
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
