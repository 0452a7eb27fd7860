//! `inbasket scan`: red-flag detection on text from a file or standard input, one message per line.

use std::io::{BufRead, Write};

use serde::Serialize;

use super::CommandError;
use crate::domain::urgency::{Assessment, Assessor, Rules};
use crate::sanitize;

/// How `scan` prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Text,
    Json,
}

#[derive(Serialize)]
struct JsonLine<'a> {
    line: u64,
    level: Option<&'static str>,
    score: u32,
    hits: Vec<JsonHit<'a>>,
}

#[derive(Serialize)]
struct JsonHit<'a> {
    text: &'a str,
    category: &'a str,
    level: &'static str,
    context: &'static str,
    counts: bool,
    weight: u32,
    start: usize,
    end: usize,
}

/// What a scan found, for the summary line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ScanSummary {
    pub messages: u64,
    pub flagged: u64,
}

/// Scans `input`: each line is a message, or with `whole` the entire input is
/// one. Bytes that are not UTF-8 are read as U+FFFD; spans are byte offsets
/// into the text so read.
pub fn run(
    rules: &Rules,
    input: &mut dyn BufRead,
    input_name: &str,
    whole: bool,
    format: Format,
    out: &mut dyn Write,
) -> Result<ScanSummary, CommandError> {
    let mut assessor = Assessor::new(rules);
    let mut summary = ScanSummary::default();
    let mut buffer = Vec::new();
    let mut line_number: u64 = 0;
    loop {
        buffer.clear();
        let read = if whole { input.read_to_end(&mut buffer) } else { input.read_until(b'\n', &mut buffer) }
            .map_err(|source| CommandError::Input { what: input_name.to_string(), source })?;
        if read == 0 && (line_number > 0 || !whole) {
            break;
        }
        line_number += 1;
        if !whole {
            strip_line_end(&mut buffer);
        }
        let text = String::from_utf8_lossy(&buffer);
        let assessment = assessor.assess(&text);
        summary.messages += 1;
        if assessment.level.is_some() {
            summary.flagged += 1;
        }
        match format {
            Format::Json => write_json(out, rules, line_number, &text, &assessment)?,
            Format::Text => write_text(out, rules, line_number, &text, &assessment)?,
        }
        if whole {
            break;
        }
    }
    out.flush()?;
    Ok(summary)
}

fn strip_line_end(buffer: &mut Vec<u8>) {
    if buffer.last() == Some(&b'\n') {
        buffer.pop();
        if buffer.last() == Some(&b'\r') {
            buffer.pop();
        }
    }
}

fn write_json(out: &mut dyn Write, rules: &Rules, line: u64, text: &str, a: &Assessment) -> std::io::Result<()> {
    let hits = a
        .hits
        .iter()
        .map(|hit| JsonHit {
            text: &text[hit.start..hit.end],
            category: &rules.categories[usize::from(hit.category)].name,
            level: hit.level.as_str(),
            context: hit.context.as_str(),
            counts: hit.counts,
            weight: hit.weight,
            start: hit.start,
            end: hit.end,
        })
        .collect();
    let record = JsonLine { line, level: a.level.map(|l| l.as_str()), score: a.score, hits };
    super::write_json_line(out, &record)
}

/// One line per message, then one indented line per hit; the matched text is sanitized.
fn write_text(out: &mut dyn Write, rules: &Rules, line: u64, text: &str, a: &Assessment) -> std::io::Result<()> {
    let level = a.level.map_or("-", |l| l.as_str());
    writeln!(out, "{line}: {level} ({} hit{})", a.hits.len(), if a.hits.len() == 1 { "" } else { "s" })?;
    for hit in &a.hits {
        writeln!(
            out,
            "    {:<9} {:<13} {:<18} {}..{}  \"{}\"",
            hit.level.as_str(),
            hit.context.as_str(),
            rules.categories[usize::from(hit.category)].name,
            hit.start,
            hit.end,
            sanitize::line(&text[hit.start..hit.end])
        )?;
    }
    Ok(())
}
