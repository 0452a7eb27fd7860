//! Frame timings for the performance script: written to the file `INBASKET_TIMINGS` names, never to the terminal, and never any message text.

use std::fs::File;
use std::io::Write;
use std::sync::OnceLock;
use std::time::Instant;

use super::action::Action;
use crate::domain::message::QueueFilter;

static STARTED: OnceLock<Instant> = OnceLock::new();

/// Notes when the process started; call first thing in `main`.
pub fn mark_start() {
    STARTED.get_or_init(Instant::now);
}

/// Where timings go, if anywhere.
pub struct Timings {
    file: Option<File>,
    first_frame_done: bool,
}

impl Timings {
    /// Timings to the file `INBASKET_TIMINGS` names; nothing when it is unset or cannot be created.
    pub fn from_env() -> Timings {
        let file = std::env::var_os("INBASKET_TIMINGS").and_then(|path| File::create(path).ok());
        Timings { file, first_frame_done: false }
    }

    /// A frame was drawn; `key` is the key it answers and when it was read, if any.
    pub fn frame(&mut self, key: Option<(Instant, &'static str)>) {
        let Some(file) = &mut self.file else { return };
        if !self.first_frame_done {
            self.first_frame_done = true;
            if let Some(started) = STARTED.get() {
                let _ = writeln!(file, "first_frame_ms {:.2}", started.elapsed().as_secs_f64() * 1000.0);
            }
        }
        if let Some((read, kind)) = key {
            let _ = writeln!(file, "key_ms {:.3} {kind}", read.elapsed().as_secs_f64() * 1000.0);
        }
    }
}

/// The kind of key an action is, for timings: never the character typed.
pub fn kind(action: Action) -> &'static str {
    match action {
        Action::Up | Action::Down => "move-line",
        Action::PageUp | Action::PageDown => "move-page",
        Action::First | Action::Last => "move-end",
        Action::Show(QueueFilter::Open) => "view-open",
        Action::Show(QueueFilter::Urgent) => "view-urgent",
        Action::Show(QueueFilter::Overdue) => "view-overdue",
        Action::Show(QueueFilter::ResolvedToday) => "view-resolved-today",
        Action::Show(QueueFilter::All) => "view-all",
        Action::NextMatch | Action::PreviousMatch => "match",
        Action::ScrollTextUp | Action::ScrollTextDown => "scroll",
        Action::NextFilter | Action::Show(_) => "view-next",
        Action::StartSearch | Action::Type(_) | Action::Erase => "type",
        Action::Submit => "search",
        Action::Cancel => "cancel",
        _ => "other",
    }
}
