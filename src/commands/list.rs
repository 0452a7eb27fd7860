//! `inbasket list`: the queue as the console orders it, with due and overdue times, as text or JSON.

use std::io::Write;

use serde::Serialize;
use unicode_width::UnicodeWidthStr;

use super::CommandError;
use crate::domain::clock::{self, Calendar, Clinic, TimeNote, Timing};
use crate::domain::message::{QueueFilter, QueueRow};
use crate::sanitize;
use crate::store::{Queue, Scope};

/// How `list` prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Text,
    Json,
}

/// Which messages `list` prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Selection {
    /// A queue filter, as stored.
    Filter(QueueFilter),
    /// Open messages past due and still waiting for a first response.
    Overdue,
}

#[derive(Serialize)]
struct JsonRow<'a> {
    id: i64,
    source_id: Option<&'a str>,
    received_at: Option<&'a str>,
    /// How `received_at` was read when it was not RFC 3339 with an offset in the past.
    received_note: Option<&'static str>,
    patient_name: &'a str,
    subject: Option<&'a str>,
    category: Option<&'a str>,
    status: &'static str,
    /// "emergent", "urgent", or null.
    level: Option<&'static str>,
    /// Orders the queue: level first, then how many red flags and how heavy.
    score: u32,
    /// RFC 3339 in the clinic's time zone.
    due_at: String,
    /// Wall-clock minutes past due; 0 before it is due; null once it has had its first response.
    overdue_minutes: Option<i64>,
    /// The same in business (open) minutes.
    overdue_business_minutes: Option<i64>,
}

/// When `list` is evaluated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Instant {
    /// Now: the arrival and due times kept with each message are used.
    Now(i64),
    /// Another instant (Unix seconds): every time is worked out afresh as of
    /// then, with the first responses recorded by then.
    AsOf(i64),
}

/// Prints up to `limit` messages (all when `None`) of `selection`, in queue
/// order, with due and overdue times at `at`.
pub fn run(
    queue: &Queue,
    selection: Selection,
    format: Format,
    limit: Option<u64>,
    clinic: &Clinic,
    at: Instant,
    out: &mut dyn Write,
) -> Result<(), CommandError> {
    let now = match at {
        Instant::Now(now) | Instant::AsOf(now) => now,
    };
    if format == Format::Text {
        writeln!(
            out,
            "{:>8}  {:<8}  {:<21}  {:<20}  {:<9}  {:<8}  {:<24}  SUBJECT",
            "ID", "URGENCY", "RECEIVED", "DUE", "OVERDUE", "STATUS", "PATIENT"
        )?;
    }
    let mut calendar = Calendar::new(clinic);
    let mut notes_seen: Vec<TimeNote> = Vec::new();
    let mut written: std::io::Result<()> = Ok(());
    let mut left = limit.unwrap_or(u64::MAX);
    let filter = match selection {
        Selection::Filter(filter) => filter,
        Selection::Overdue => QueueFilter::Open,
    };
    // The overdue selection is a subset of the open queue, so the store's
    // limit cannot be used; stop once `limit` rows are printed instead.
    let store_limit = match selection {
        Selection::Filter(_) => left,
        Selection::Overdue => u64::MAX,
    };
    if left > 0 {
        let scope = Scope { filter, now, day_start: clock::day_start(clinic.time_zone, now), search: None };
        queue.each_in_queue(&scope, store_limit, &mut |row| {
            // As things stood at `now`: a first response recorded later had not happened yet.
            let responded = row.first_response_epoch.is_some_and(|at| at <= now);
            let mut timing = calendar.timing(row.received_at.as_deref(), row.level, responded, now);
            if let (Instant::Now(_), Some(due), Some(arrived)) = (at, row.due_epoch, row.received_epoch) {
                // The times the console shows: worked out when the message was first assessed.
                timing.received.at = arrived;
                timing.due = due;
                timing.overdue = if responded { None } else { calendar.overdue(due, now) };
            }
            if selection == Selection::Overdue && timing.overdue.is_none() {
                return true;
            }
            if let Some(note) = timing.received.note
                && !notes_seen.contains(&note)
            {
                notes_seen.push(note);
            }
            written = match format {
                Format::Text => write_text(out, row, &timing, clinic),
                Format::Json => super::write_json_line(out, &json_row(row, &timing, clinic)),
            };
            left -= 1;
            written.is_ok() && left > 0
        })?;
    }
    written?;
    if format == Format::Text {
        for note in notes_seen {
            writeln!(out, "{} received time {}", mark(Some(note)), note.as_str())?;
        }
    }
    out.flush()?;
    Ok(())
}

fn json_row<'a>(row: &'a QueueRow, timing: &Timing, clinic: &Clinic) -> JsonRow<'a> {
    let minutes = |seconds: i64| seconds / 60;
    let (overdue, overdue_business) = match (timing.responded, timing.overdue) {
        (true, _) => (None, None),
        (false, None) => (Some(0), Some(0)),
        // Rounded up, so a message a few seconds overdue never reads as not yet due.
        (false, Some(late)) => (Some(minutes(late.wall + 59)), Some(minutes(late.business + 59))),
    };
    JsonRow {
        id: row.id.0,
        source_id: row.source_id.as_deref(),
        received_at: row.received_at.as_deref(),
        received_note: timing.received.note.map(TimeNote::key),
        patient_name: &row.patient_name,
        subject: row.subject.as_deref(),
        category: row.category.as_deref(),
        status: row.status.as_str(),
        level: row.level.map(|level| level.as_str()),
        score: row.score,
        due_at: clinic.local(timing.due).to_rfc3339(),
        overdue_minutes: overdue,
        overdue_business_minutes: overdue_business,
    }
}

/// The mark after a received time read in a way the nurse should know about.
fn mark(note: Option<TimeNote>) -> &'static str {
    match note {
        None => " ",
        Some(TimeNote::AssumedLocal) => "~",
        Some(TimeNote::Future) => "^",
        Some(TimeNote::Unreadable) => "?",
    }
}

/// One aligned line; every field from the message goes through the sanitizer.
fn write_text(out: &mut dyn Write, row: &QueueRow, timing: &Timing, clinic: &Clinic) -> std::io::Result<()> {
    let local = |at: i64| clinic.local(at).format("%Y-%m-%d %H:%M %Z").to_string();
    // The raw text only when it could not be read as a time at all.
    let received = match timing.received.note {
        Some(TimeNote::Unreadable) => sanitize::line(row.received_at.as_deref().unwrap_or("(none)")),
        _ => local(timing.received.at),
    };
    let received = format!("{}{}", fit(&received, 20), mark(timing.received.note));
    let overdue = match (timing.responded, timing.overdue) {
        (true, _) => "answered".to_string(),
        (false, None) => "-".to_string(),
        (false, Some(late)) => clock::span_text(late.wall),
    };
    let level = match (row.level, row.assessed) {
        (Some(level), _) => level.as_str(),
        (None, true) => "-",
        (None, false) => "?",
    };
    writeln!(
        out,
        "{:>8}  {:<8}  {}  {}  {:<9}  {:<8}  {}  {}",
        row.id.0,
        level,
        received,
        fit(&local(timing.due), 20),
        overdue,
        row.status.as_str(),
        fit(&sanitize::line(&row.patient_name), 24),
        sanitize::line(row.subject_or_placeholder())
    )
}

/// Cuts or pads `text` to exactly `width` terminal columns.
fn fit(text: &str, width: usize) -> String {
    let mut out = String::new();
    let mut used = 0;
    for ch in text.chars() {
        let w = unicode_width::UnicodeWidthChar::width(ch).unwrap_or(0);
        if used + w > width {
            break;
        }
        out.push(ch);
        used += w;
    }
    // Characters that combine (emoji modifiers, ligatures) make the string's width differ from the sum.
    let used = out.width();
    if used < width {
        out.push_str(&" ".repeat(width - used));
    }
    out
}
