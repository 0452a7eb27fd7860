//! Recording what the nurse does: one triage action (or a correction of one) per `BEGIN IMMEDIATE` transaction, chained, with the message's state derived again.

use chrono::{DateTime, Utc};
use rusqlite::{OptionalExtension, Transaction};

use super::chain::{self, ActionLink};
use super::read::text;
use super::write::{utc_text, utc_text_of};
use super::{Queue, Result, StoreError};
use crate::domain::action::{self, ActionKind, Entry};
use crate::domain::message::MessageId;

/// A triage action to record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewAction {
    /// Made by the caller before the first try, so that a retry after a
    /// crash or a busy database can never record the action twice.
    pub uid: String,
    pub message: MessageId,
    pub kind: &'static ActionKind,
    pub note: Option<String>,
    pub nurse: String,
    /// When it happened: now, or earlier for a late entry; never later than now.
    pub occurred_at: DateTime<Utc>,
    /// The uid of the record this one corrects (takes back), if any.
    pub corrects: Option<String>,
    /// A reply to the patient, put in the outbox with the action.
    pub reply: Option<Reply>,
}

/// A reply for the outbox.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reply {
    /// The template it was made from, if any.
    pub template: Option<String>,
    pub body: String,
}

/// What a message key names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MessageMatch {
    One(MessageId),
    None,
    /// A number that is one message's id and another's source id.
    Ambiguous {
        id: MessageId,
        by_source: MessageId,
    },
}

/// What recording did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Recorded {
    /// Stored now; the message's state after it.
    Stored { seq: i64, resolved: bool },
    /// An action with this uid is already stored (a retry): nothing was added.
    AlreadyThere,
}

/// Why an action cannot be recorded.
#[derive(Debug, thiserror::Error)]
pub enum RecordError {
    #[error("there is no message {0}")]
    UnknownMessage(i64),
    #[error("the late-entry time {0} is in the future")]
    Future(String),
    #[error("the nurse's name is empty")]
    NoNurse,
    #[error("there is no record {0} on this message to correct")]
    NothingToCorrect(String),
    #[error("record {0} is already corrected")]
    AlreadyCorrected(String),
    #[error("record {0} is itself an undo; record the action again instead")]
    CorrectsAnUndo(String),
    #[error("an undo must name the record it takes back")]
    UndoWithoutTarget,
    #[error("a reply goes to the patient only with an action that answers them, not with {0}")]
    ReplyWithoutResponse(&'static str),
    #[error("the message has an action named '{0}' that this inbasket does not know (is the clinic's config missing?)")]
    UnknownAction(String),
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl Queue {
    /// Records `action` at `now` (the real clock, kept as `recorded_at`):
    /// appended to the audit trail with its link in the hash chain, and the
    /// message's status, first response and resolution derived again from
    /// every action that stands, all in one transaction. Recording the same
    /// uid again adds nothing.
    pub fn record_action(&mut self, action: &NewAction, now: DateTime<Utc>) -> Result<Recorded, RecordError> {
        if action.nurse.trim().is_empty() {
            return Err(RecordError::NoNurse);
        }
        if action.occurred_at > now {
            return Err(RecordError::Future(utc_text(action.occurred_at)));
        }
        if action.kind.name == action::UNDO && action.corrects.is_none() {
            return Err(RecordError::UndoWithoutTarget);
        }
        if action.reply.is_some() && !action.kind.is_response {
            return Err(RecordError::ReplyWithoutResponse(action.kind.name));
        }
        let mut refusal = None;
        let outcome = self.write(|tx| {
            match record_in(tx, action, now)? {
                Ok(recorded) => Ok(Some(recorded)),
                Err(why) => {
                    // Nothing was written: the transaction is rolled back.
                    refusal = Some(why);
                    Ok(None)
                }
            }
        })?;
        match (outcome, refusal) {
            (Some(recorded), _) => Ok(recorded),
            (None, Some(why)) => Err(why),
            (None, None) => Ok(Recorded::AlreadyThere),
        }
    }

    /// The messages `key` can name: by id (`id:N`, or a number) and by
    /// source id (`source:X`, or the text). Two different messages mean the
    /// caller must say which.
    pub fn find_message(&self, key: &str) -> Result<MessageMatch> {
        let (by_id, by_source) = match (key.strip_prefix("id:"), key.strip_prefix("source:")) {
            (Some(id), _) => (id.trim().parse::<i64>().ok(), None),
            (_, Some(source)) => (None, Some(source)),
            _ => (key.trim().parse::<i64>().ok(), Some(key)),
        };
        let id = match by_id {
            Some(id) => self
                .conn
                .query_row("SELECT id FROM message WHERE id = ?1", [id], |row| row.get::<_, i64>(0))
                .optional()
                .map_err(|e| self.sql(e))?,
            None => None,
        };
        let source = match by_source {
            Some(source) => self
                .conn
                .query_row("SELECT id FROM message WHERE source_id = ?1", [source], |row| row.get::<_, i64>(0))
                .optional()
                .map_err(|e| self.sql(e))?,
            None => None,
        };
        Ok(match (id, source) {
            (Some(a), Some(b)) if a != b => MessageMatch::Ambiguous { id: MessageId(a), by_source: MessageId(b) },
            (Some(found), _) | (None, Some(found)) => MessageMatch::One(MessageId(found)),
            (None, None) => MessageMatch::None,
        })
    }
}

/// The whole of recording, inside the write transaction. The outer
/// `Result` is SQLite's; the inner one a refusal that writes nothing.
fn record_in(
    tx: &Transaction<'_>,
    action: &NewAction,
    now: DateTime<Utc>,
) -> rusqlite::Result<std::result::Result<Recorded, RecordError>> {
    let exists: bool =
        tx.query_row("SELECT EXISTS (SELECT 1 FROM triage_action WHERE uid = ?1)", [&action.uid], |row| row.get(0))?;
    if exists {
        return Ok(Ok(Recorded::AlreadyThere));
    }
    let message_id = action.message.0;
    let known: bool =
        tx.query_row("SELECT EXISTS (SELECT 1 FROM message WHERE id = ?1)", [message_id], |row| row.get(0))?;
    if !known {
        return Ok(Err(RecordError::UnknownMessage(message_id)));
    }
    let mut entries = match message_entries(tx, message_id)? {
        Ok(entries) => entries,
        // Its state cannot be worked out without that action's meaning.
        Err(unknown) => return Ok(Err(RecordError::UnknownAction(unknown))),
    };
    if let Some(target) = &action.corrects {
        match entries.iter().find(|(uid, ..)| uid == target) {
            None => return Ok(Err(RecordError::NothingToCorrect(target.clone()))),
            Some((_, kind, ..)) if kind.name == action::UNDO => {
                return Ok(Err(RecordError::CorrectsAnUndo(target.clone())));
            }
            Some(_) if entries.iter().any(|(.., corrects)| corrects.as_deref() == Some(target)) => {
                return Ok(Err(RecordError::AlreadyCorrected(target.clone())));
            }
            Some(_) => {}
        }
    }
    let prev_hash: String = tx
        .query_row("SELECT hash FROM triage_action ORDER BY seq DESC LIMIT 1", [], |row| row.get(0))
        .optional()?
        .unwrap_or_else(|| chain::GENESIS.to_string());
    let occurred_at = utc_text(action.occurred_at);
    let recorded_at = utc_text(now);
    let link = ActionLink {
        uid: &action.uid,
        message_id,
        action: action.kind.name,
        note: action.note.as_deref(),
        nurse: &action.nurse,
        occurred_at: &occurred_at,
        recorded_at: &recorded_at,
        corrects: action.corrects.as_deref(),
    };
    let hash = chain::link_hash(&prev_hash, &link);
    tx.prepare_cached(
        "INSERT INTO triage_action (uid, message_id, action, note, nurse, occurred_at, recorded_at, corrects,
                                    prev_hash, hash)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
    )?
    .execute(rusqlite::params![
        action.uid,
        message_id,
        action.kind.name,
        action.note,
        action.nurse,
        occurred_at,
        recorded_at,
        action.corrects,
        prev_hash,
        hash
    ])?;
    let seq = tx.last_insert_rowid();
    if let Some(reply) = &action.reply {
        add_reply(tx, action, reply, message_id, &recorded_at)?;
    }
    entries.push((action.uid.clone(), action.kind, action.occurred_at.timestamp(), action.corrects.clone()));
    let standing: Vec<Entry<&str>> = entries
        .iter()
        .map(|(uid, kind, at, corrects)| Entry { uid: uid.as_str(), kind, at: *at, corrects: corrects.as_deref() })
        .collect();
    let state = action::derive_state(action::effective(&standing));
    tx.prepare_cached("UPDATE message SET status = ?2, first_response_at = ?3, resolved_at = ?4 WHERE id = ?1")?
        .execute(rusqlite::params![
            message_id,
            if state.resolved { "resolved" } else { "open" },
            utc_text_of(state.first_response_at),
            utc_text_of(state.resolved_at)
        ])?;
    Ok(Ok(Recorded::Stored { seq, resolved: state.resolved }))
}

/// Puts a reply in the outbox, chained after the last one.
fn add_reply(
    tx: &Transaction<'_>,
    action: &NewAction,
    reply: &Reply,
    message_id: i64,
    created_at: &str,
) -> rusqlite::Result<()> {
    let prev_hash: String = tx
        .query_row("SELECT hash FROM reply ORDER BY seq DESC LIMIT 1", [], |row| row.get(0))
        .optional()?
        .unwrap_or_else(|| chain::GENESIS.to_string());
    let uid = format!("{}-reply", action.uid);
    let link = chain::ReplyLink {
        uid: &uid,
        action_uid: &action.uid,
        message_id,
        template: reply.template.as_deref(),
        body: &reply.body,
        created_at,
    };
    let hash = chain::reply_hash(&prev_hash, &link);
    tx.execute(
        "INSERT INTO reply (uid, action_uid, message_id, template, body, created_at, prev_hash, hash)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        rusqlite::params![uid, action.uid, message_id, reply.template, reply.body, created_at, prev_hash, hash],
    )?;
    Ok(())
}

type StoredEntry = (String, &'static ActionKind, i64, Option<String>);

/// A message's recorded actions, or the first name this inbasket does not know.
fn message_entries(tx: &Transaction<'_>, message_id: i64) -> rusqlite::Result<Result<Vec<StoredEntry>, String>> {
    let mut stmt = tx.prepare_cached(
        "SELECT uid, action, occurred_at, corrects FROM triage_action WHERE message_id = ?1 ORDER BY seq",
    )?;
    let rows = stmt.query_map([message_id], |row| {
        Ok((text(row, 0)?.unwrap_or_default(), text(row, 1)?.unwrap_or_default(), text(row, 2)?, text(row, 3)?))
    })?;
    let mut entries = Vec::new();
    for row in rows {
        let (uid, name, occurred_at, corrects) = row?;
        let at = occurred_at.as_deref().and_then(|t| DateTime::parse_from_rfc3339(t).ok()).map(|t| t.timestamp());
        let Some(kind) = action::find(&name) else { return Ok(Err(name)) };
        if let Some(at) = at {
            entries.push((uid, kind, at, corrects));
        }
    }
    Ok(Ok(entries))
}
