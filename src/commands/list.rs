//! `inbasket list`: the queue as the console orders it, as text or JSON.

use std::io::Write;

use serde::Serialize;
use unicode_width::UnicodeWidthStr;

use super::CommandError;
use crate::domain::message::{QueueFilter, QueueRow};
use crate::sanitize;
use crate::store::Queue;

/// How `list` prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Text,
    Json,
}

#[derive(Serialize)]
struct JsonRow<'a> {
    id: i64,
    source_id: Option<&'a str>,
    received_at: Option<&'a str>,
    patient_name: &'a str,
    subject: Option<&'a str>,
    category: Option<&'a str>,
    status: &'static str,
    /// "emergent", "urgent", or null.
    level: Option<&'static str>,
    /// Orders the queue: level first, then how many red flags and how heavy.
    score: u32,
}

/// Prints up to `limit` messages (all when `None`) of `filter`, in queue order.
pub fn run(
    queue: &Queue,
    filter: QueueFilter,
    format: Format,
    limit: Option<u64>,
    out: &mut dyn Write,
) -> Result<(), CommandError> {
    if format == Format::Text {
        writeln!(
            out,
            "{:>8}  {:<8}  {:<17}  {:<8}  {:<24}  SUBJECT",
            "ID", "URGENCY", "RECEIVED (UTC)", "STATUS", "PATIENT"
        )?;
    }
    let mut written: std::io::Result<()> = Ok(());
    queue.each_in_queue(filter, limit.unwrap_or(u64::MAX), &mut |row| {
        written = match format {
            Format::Text => write_text(out, row),
            Format::Json => super::write_json_line(out, &json_row(row)),
        };
        written.is_ok()
    })?;
    written?;
    out.flush()?;
    Ok(())
}

fn json_row(row: &QueueRow) -> JsonRow<'_> {
    JsonRow {
        id: row.id.0,
        source_id: row.source_id.as_deref(),
        received_at: row.received_at.as_deref(),
        patient_name: &row.patient_name,
        subject: row.subject.as_deref(),
        category: row.category.as_deref(),
        status: row.status.as_str(),
        level: row.level.map(|level| level.as_str()),
        score: row.score,
    }
}

/// One aligned line; every field from the message goes through the sanitizer.
fn write_text(out: &mut dyn Write, row: &QueueRow) -> std::io::Result<()> {
    // UTC from the parsed time, so an offset is never cut off; the raw text only when it does not parse.
    let received = match row.received_epoch.and_then(|secs| chrono::DateTime::from_timestamp(secs, 0)) {
        Some(at) => at.format("%Y-%m-%d %H:%MZ").to_string(),
        None => sanitize::line(row.received_at.as_deref().unwrap_or("?")),
    };
    let patient = fit(&sanitize::line(&row.patient_name), 24);
    let subject = sanitize::line(row.subject_or_placeholder());
    let level = match (row.level, row.assessed) {
        (Some(level), _) => level.as_str(),
        (None, true) => "-",
        (None, false) => "?",
    };
    writeln!(
        out,
        "{:>8}  {:<8}  {}  {:<8}  {}  {}",
        row.id.0,
        level,
        fit(&received, 17),
        row.status.as_str(),
        patient,
        subject
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
