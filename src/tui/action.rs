//! Every intent the nurse can express at the keyboard, and the console's own events.

use chrono::{DateTime, Utc};

use crate::domain::action::ActionKind;
use crate::domain::message::QueueFilter;

/// One thing to do to the console's state. Keys map to these (see `keymap`);
/// the event loop adds `Tick` (time passes) and `Resize`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// Select the message above.
    Up,
    /// Select the message below.
    Down,
    /// Move the selection one screen up.
    PageUp,
    /// Move the selection one screen down.
    PageDown,
    /// Select the first message.
    First,
    /// Select the last message.
    Last,
    /// Scroll the message text up.
    ScrollTextUp,
    /// Scroll the message text down.
    ScrollTextDown,
    /// Show the next filter (open → urgent → overdue → resolved today → all).
    NextFilter,
    /// Show one filter.
    Show(QueueFilter),
    /// Move the keyboard between the queue and the message.
    SwitchPane,
    /// Start typing a search.
    StartSearch,
    /// The next message the search matches.
    NextMatch,
    /// The previous message the search matches.
    PreviousMatch,
    /// Show the keys.
    Help,
    /// Show the daily audit: today so far and the last 14 days.
    Dashboard,
    /// Close the innermost thing: help, the search being typed, the search, the message pane.
    Cancel,
    /// A character typed into a search or the sign-in.
    Type(char),
    /// Erase the last character typed.
    Erase,
    /// Switch between typing the note and editing the reply.
    EditReply,
    /// Finish what is being typed.
    Submit,
    /// Open the action dialog for the selected message.
    OpenActions,
    /// Record this action on the selected message (its note asked first).
    RecordAction(&'static ActionKind),
    /// Take back the action just recorded.
    Undo,
    /// Rate the shift's stress.
    RateStress,
    /// Leave the console (asking for the shift's stress rating first, if not given today).
    Quit,
    /// Leave the console now, whatever is open (Ctrl-C).
    QuitNow,
    /// The clock moved on.
    Tick(DateTime<Utc>),
    /// The terminal changed size; the queue shows this many rows now.
    Resize { queue_rows: u16 },
}
