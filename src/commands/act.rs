//! `inbasket act`: records a triage action on a message from the command line, as the console does.

use std::io::Write;

use chrono::{DateTime, Utc};

use super::CommandError;
use crate::domain::action;
use crate::domain::templates;
use crate::store::{MessageMatch, NewAction, Queue, RecordError, Recorded, Reply};

/// What to record.
#[derive(Debug, Clone)]
pub struct Request {
    /// The message's id or source id.
    pub message: String,
    pub action: String,
    pub note: Option<String>,
    pub nurse: String,
    /// When it happened; `None` is now.
    pub at: Option<DateTime<Utc>>,
    pub corrects: Option<String>,
    /// The record's unique id; `None` makes one. A program that retries
    /// passes the same uid each time, so the action is recorded once.
    pub uid: Option<String>,
    /// A reply template to fill in and put in the outbox with the action.
    pub template: Option<String>,
}

/// What a reply template is filled in with, besides the message and the nurse.
#[derive(Debug, Clone, Default)]
pub struct ReplySettings {
    /// Every template by name (see `config::load_templates`).
    pub templates: Vec<(String, String)>,
    pub clinic_name: Option<String>,
    pub clinic_phone: Option<String>,
}

/// Prints every action: its short name, whether it resolves the message and
/// whether it counts as a response, and what it means; then the reply templates.
pub fn list(templates: &[(String, String)], out: &mut dyn Write) -> Result<(), CommandError> {
    writeln!(out, "{:<18}  {:<8}  {:<8}  MEANING", "ACTION", "RESOLVES", "RESPONSE")?;
    for kind in action::all() {
        let yes = |b: bool| if b { "yes" } else { "no" };
        writeln!(out, "{:<18}  {:<8}  {:<8}  {}", kind.name, yes(kind.resolves), yes(kind.is_response), kind.label)?;
    }
    writeln!(out)?;
    writeln!(out, "REPLY TEMPLATES (--template NAME)")?;
    for (name, text) in templates {
        let opening = text.lines().map(str::trim).find(|l| !l.is_empty() && !l.starts_with("Hello")).unwrap_or("");
        let opening: String = opening.chars().take(70).collect();
        writeln!(out, "{name:<24}  {opening}…")?;
    }
    Ok(())
}

/// Records the request at `now`, and says what was recorded.
pub fn run(
    queue: &mut Queue,
    request: &Request,
    replies: &ReplySettings,
    now: DateTime<Utc>,
    out: &mut dyn Write,
) -> Result<(), CommandError> {
    let kind = action::find(&request.action).ok_or_else(|| {
        CommandError::Usage(format!("unknown action '{}' ('inbasket act --list' shows them)", request.action))
    })?;
    let message = match queue.find_message(&request.message)? {
        MessageMatch::One(id) => id,
        MessageMatch::None => {
            return Err(CommandError::Usage(format!(
                "there is no message '{}' in '{}'",
                request.message,
                queue.path().display()
            )));
        }
        MessageMatch::Ambiguous { id, by_source } => {
            return Err(CommandError::Usage(format!(
                "'{key}' is message {} by id and message {} by source id: write id:{key} or source:{key}",
                id.0,
                by_source.0,
                key = request.message
            )));
        }
    };
    let reply = match &request.template {
        None => None,
        Some(name) => {
            let Some((_, text)) = replies.templates.iter().find(|(n, _)| n == name) else {
                let names: Vec<&str> = replies.templates.iter().map(|(n, _)| n.as_str()).collect();
                return Err(CommandError::Usage(format!(
                    "unknown template '{name}' (templates: {})",
                    names.join(", ")
                )));
            };
            let patient = queue.message(message)?.map(|m| m.row.patient_name).unwrap_or_default();
            let values = templates::Values {
                patient_first_name: templates::first_name(&patient),
                clinic_name: replies.clinic_name.clone().unwrap_or_else(|| "your care team".into()),
                clinic_phone: replies.clinic_phone.clone().unwrap_or_else(|| "the clinic's main number".into()),
                nurse_name: request.nurse.clone(),
            };
            Some(Reply { template: Some(name.clone()), body: templates::render(text, &values) })
        }
    };
    let uid = request.uid.clone().unwrap_or_else(|| new_uid(now));
    let action = NewAction {
        uid: uid.clone(),
        message,
        kind,
        note: request.note.clone().filter(|note| !note.trim().is_empty()),
        nurse: request.nurse.clone(),
        occurred_at: request.at.unwrap_or(now),
        corrects: request.corrects.clone(),
        reply,
    };
    match queue.record_action(&action, now) {
        Ok(Recorded::Stored { resolved, .. }) => {
            let state = if resolved { "resolved" } else { "open" };
            writeln!(out, "recorded {} on message {} as {uid}; the message is {state}", kind.name, message.0)?;
            if let Some(name) = &request.template {
                writeln!(out, "the '{name}' reply is in the outbox for the portal to send")?;
            }
            Ok(())
        }
        Ok(Recorded::AlreadyThere) => {
            writeln!(out, "{uid} is already recorded; nothing was added")?;
            Ok(())
        }
        Err(RecordError::Store(err)) => Err(err.into()),
        Err(refused) => Err(CommandError::Usage(format!("cannot record {}: {refused}", kind.name))),
    }
}

/// A record id unique to this moment and process: the clock to the
/// nanosecond, the process, and a counter.
fn new_uid(now: DateTime<Utc>) -> String {
    use std::sync::atomic::{AtomicU32, Ordering};
    static COUNTER: AtomicU32 = AtomicU32::new(0);
    let nanos = now.timestamp_nanos_opt().unwrap_or_default();
    let wall = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_nanos()).unwrap_or(0);
    format!("act-{nanos:x}-{wall:x}-{:x}-{}", std::process::id(), COUNTER.fetch_add(1, Ordering::Relaxed))
}
