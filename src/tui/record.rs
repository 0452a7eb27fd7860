//! The dialogs that record the nurse's work: a triage action with its note, undo, and the end-of-shift stress rating.

use chrono::{DateTime, Utc};

use crate::domain::action::{self, ActionKind};
use crate::domain::message::MessageId;

/// Each action's letter in the action dialog, and the name of its direct
/// key (Alt and the letter) in the key map.
pub const ACTION_LETTERS: &[(&str, char, &str)] = &[
    ("replied", 'r', "record-replied"),
    ("called", 'c', "record-called"),
    ("routed-provider", 'p', "record-routed-provider"),
    ("routed-staff", 's', "record-routed-staff"),
    ("redirected-urgent", 'e', "record-redirected-urgent"),
    ("same-day", 'd', "record-same-day"),
    ("no-reply-needed", 'n', "record-no-reply-needed"),
    ("reopened", 'o', "record-reopened"),
    ("confirm-urgent", 'y', "record-confirm-urgent"),
    ("not-urgent", 'x', "record-not-urgent"),
    ("mark-urgent", 'm', "record-mark-urgent"),
];

/// The actions the dialog offers, in its order, with their letters: the
/// defaults, then the clinic's own (with the letter its config gives, or none).
pub fn choices() -> impl Iterator<Item = (&'static ActionKind, Option<char>)> {
    let defaults = ACTION_LETTERS.iter().filter_map(|&(name, letter, _)| Some((action::find(name)?, Some(letter))));
    let clinic = action::all()
        .filter(|kind| kind.name != action::UNDO && !ACTION_LETTERS.iter().any(|&(name, ..)| name == kind.name))
        .map(|kind| (kind, kind.letter));
    defaults.chain(clinic)
}

/// How long after recording an action the nurse can take it back with one key.
pub const UNDO_SECONDS: i64 = 30;

/// The action dialog: first the action, then an optional note.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActionDialog {
    pub message: MessageId,
    /// The row the cursor is on while choosing.
    pub cursor: usize,
    /// Once chosen, the note is being typed.
    pub chosen: Option<&'static ActionKind>,
    pub note: String,
    /// The reply template chosen (Tab cycles through them), by index.
    pub template: Option<usize>,
    /// How long ago it happened, for a late entry (↓ earlier, ↑ later, in steps of 5 minutes).
    pub minutes_ago: u32,
    /// The reply as the nurse edited it (`None`: the template as filled in).
    pub reply: Option<String>,
    /// Keys go to the reply text (Ctrl-E switches), not the note.
    pub editing_reply: bool,
}

/// A late entry goes back at most this far from the console (`inbasket act --at` goes further).
pub const MAX_MINUTES_AGO: u32 = 24 * 60;

/// The stress dialog: a rating from 0 to 10 and an optional note.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StressDialog {
    pub rating: Option<u8>,
    /// Typing the note (after the rating).
    pub on_note: bool,
    pub note: String,
    /// Asked for on the way out: saving or skipping it quits.
    pub quitting: bool,
}

/// A record the app asks the event loop to store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Pending {
    Action {
        message: MessageId,
        kind: &'static ActionKind,
        note: Option<String>,
        corrects: Option<String>,
        /// A filled-in reply for the outbox: (template name, text).
        reply: Option<(String, String)>,
        /// It happened this long before it was recorded (a late entry).
        minutes_ago: u32,
    },
    Rating {
        rating: u8,
        note: Option<String>,
        quitting: bool,
    },
}

/// The last action recorded, which one key can take back for a while.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recent {
    pub uid: String,
    pub message: MessageId,
    pub label: &'static str,
    pub at: DateTime<Utc>,
}
