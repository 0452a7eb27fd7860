//! The command-line subcommands' work, apart from argument parsing (in `main.rs`).

pub mod act;
pub mod check;
pub mod list;
pub mod report;
pub mod report_html;
pub mod scan;
pub mod seed;
pub mod stress;

/// A command's failure, as the one line the binary prints after `error: `.
#[derive(Debug, thiserror::Error)]
pub enum CommandError {
    #[error(transparent)]
    Store(#[from] crate::store::StoreError),
    #[error(transparent)]
    Config(#[from] crate::config::ConfigError),
    #[error("{0}")]
    Usage(String),
    #[error("cannot write output: {0}")]
    Output(#[from] std::io::Error),
    #[error("cannot read {what}: {source}")]
    Input { what: String, source: std::io::Error },
}

/// Writes `value` as one line of JSON in which every character that could act
/// on a terminal (controls, bidi overrides, invisible characters) is escaped as
/// `\uXXXX`: the data stay exact, and printing them is harmless.
pub fn write_json_line(out: &mut dyn std::io::Write, value: &impl serde::Serialize) -> std::io::Result<()> {
    let json = serde_json::to_string(value).map_err(std::io::Error::from)?;
    let mut safe = String::with_capacity(json.len());
    for ch in json.chars() {
        if crate::sanitize::is_unsafe(ch) {
            let mut units = [0u16; 2];
            for unit in ch.encode_utf16(&mut units) {
                safe.push_str(&format!("\\u{unit:04x}"));
            }
        } else {
            safe.push(ch);
        }
    }
    safe.push('\n');
    out.write_all(safe.as_bytes())
}

/// True when the error is only that the reader went away (`inbasket list | head`).
pub fn is_broken_pipe(err: &CommandError) -> bool {
    matches!(err, CommandError::Output(io) if io.kind() == std::io::ErrorKind::BrokenPipe)
}

/// Brings the queue's assessments (red flags and due times) up to date
/// with `rules` and `clinic`'s clock (new messages from a feeder; every
/// message when the rules or the clock changed), with a
/// progress bar on a terminal when there is much to do. A read-only queue is
/// left as it is.
pub fn assess_with_progress(
    queue: &mut crate::store::Queue,
    rules: &crate::domain::urgency::Rules,
    clinic: &crate::domain::clock::Clinic,
) -> Result<u64, CommandError> {
    use std::io::IsTerminal;
    let now = chrono::Utc::now().timestamp();
    let mut assessor = crate::domain::assessment::Assessing::new(rules, clinic, now);
    let bar = indicatif::ProgressBar::hidden();
    let on_terminal = std::io::stderr().is_terminal();
    let done = queue.assess_all(&mut assessor, &mut |done, total| {
        if on_terminal && total >= 20_000 && bar.is_hidden() {
            bar.set_draw_target(indicatif::ProgressDrawTarget::stderr());
            bar.set_length(total);
            if let Ok(style) =
                indicatif::ProgressStyle::with_template("checking red flags {bar:40} {human_pos}/{human_len} messages")
            {
                bar.set_style(style);
            }
        }
        bar.set_position(done);
    })?;
    bar.finish_and_clear();
    Ok(done)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_output_escapes_what_a_terminal_would_act_on() {
        let mut out = Vec::new();
        write_json_line(&mut out, &serde_json::json!({"name": "Eve\u{202e}\u{9b}\u{1b}[2J\u{e0041}ok"})).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert_eq!(text, "{\"name\":\"Eve\\u202e\\u009b\\u001b[2J\\udb40\\udc41ok\"}\n");
        let back: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(back["name"], "Eve\u{202e}\u{9b}\u{1b}[2J\u{e0041}ok", "the data stay exact");
    }
}
