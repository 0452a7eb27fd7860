//! A patient message as inbasket sees it, and its open/resolved state.

use std::fmt;

use super::red_flags::FlagHit;
use super::urgency::Level;

/// The queue's own row id for a message (not the feeder's `source_id`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct MessageId(pub i64);

impl fmt::Display for MessageId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

/// Whether a message still needs the nurse. Derived from its triage actions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Status {
    Open,
    Resolved,
}

impl Status {
    /// The word stored in the database and printed by `inbasket list`.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Open => "open",
            Status::Resolved => "resolved",
        }
    }

    pub fn parse(word: &str) -> Option<Status> {
        match word {
            "open" => Some(Status::Open),
            "resolved" => Some(Status::Resolved),
            _ => None,
        }
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One row of the queue: what a list or the console needs to show a message
/// in a line. Text fields are exactly as received (not yet sanitized for
/// display); invalid UTF-8 from a feeder has been replaced with U+FFFD.
#[derive(Debug, Clone, PartialEq)]
pub struct QueueRow {
    pub id: MessageId,
    pub source_id: Option<String>,
    /// As the feeder wrote it (RFC 3339 by contract, but not guaranteed).
    pub received_at: Option<String>,
    /// When it arrived (Unix seconds), as the clinic's clock reads
    /// `received_at` once the message is assessed; before that, as SQLite reads it.
    pub received_epoch: Option<i64>,
    pub patient_name: String,
    pub subject: Option<String>,
    pub category: Option<String>,
    pub status: Status,
    /// The red-flag level, once assessed (`None`: nothing that counts was found).
    pub level: Option<Level>,
    /// False until the message has been assessed with the current rules.
    pub assessed: bool,
    /// Orders the queue: level first, then how many red flags and how heavy.
    pub score: u32,
    /// When it had its first response (Unix seconds), if it has: from then on it is not overdue.
    pub first_response_epoch: Option<i64>,
    /// When it is due (Unix seconds), once assessed.
    pub due_epoch: Option<i64>,
}

impl QueueRow {
    /// The subject as the patient typed it, or `(no subject)` when blank.
    pub fn subject_or_placeholder(&self) -> &str {
        match self.subject.as_deref().map(str::trim) {
            Some(subject) if !subject.is_empty() => subject,
            _ => "(no subject)",
        }
    }
}

/// A whole message, for the message view.
#[derive(Debug, Clone, PartialEq)]
pub struct Message {
    pub row: QueueRow,
    pub patient_mrn: Option<String>,
    pub sender: Option<String>,
    pub body: String,
    /// RFC 3339 UTC of the first action that counts as a response, if any.
    pub first_response_at: Option<String>,
    pub resolved_at: Option<String>,
    /// Every red-flag hit in the subject and body, counting or not.
    pub flags: Vec<FlagHit>,
}

impl Message {
    /// True when someone other than the patient wrote the message (a proxy:
    /// parent, adult child, spouse). Compared loosely, as feeders differ in
    /// how they spell names.
    pub fn is_from_proxy(&self) -> bool {
        match self.sender.as_deref().map(str::trim) {
            None | Some("") => false,
            Some(sender) => !sender.eq_ignore_ascii_case(self.row.patient_name.trim()),
        }
    }
}

/// Which messages a list shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum QueueFilter {
    Open,
    /// Open messages flagged urgent or emergent.
    Urgent,
    /// Open messages past due and still waiting for a first response, most overdue first.
    Overdue,
    /// Messages resolved since the clinic's last midnight, latest first.
    ResolvedToday,
    Resolved,
    All,
}

impl QueueFilter {
    pub fn as_str(self) -> &'static str {
        match self {
            QueueFilter::Open => "open",
            QueueFilter::Urgent => "urgent",
            QueueFilter::Overdue => "overdue",
            QueueFilter::ResolvedToday => "resolved today",
            QueueFilter::Resolved => "resolved",
            QueueFilter::All => "all",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn message(patient: &str, sender: Option<&str>) -> Message {
        Message {
            row: QueueRow {
                id: MessageId(1),
                source_id: None,
                received_at: None,
                received_epoch: None,
                patient_name: patient.to_string(),
                subject: None,
                category: None,
                status: Status::Open,
                level: None,
                assessed: false,
                score: 0,
                first_response_epoch: None,
                due_epoch: None,
            },
            patient_mrn: None,
            sender: sender.map(str::to_string),
            body: String::new(),
            first_response_at: None,
            resolved_at: None,
            flags: Vec::new(),
        }
    }

    #[test]
    fn a_message_from_the_patient_is_not_from_a_proxy() {
        assert!(!message("Ann Lee", Some("ann lee")).is_from_proxy());
        assert!(!message("Ann Lee", None).is_from_proxy());
        assert!(!message("Ann Lee", Some("  ")).is_from_proxy());
    }

    #[test]
    fn a_message_from_a_daughter_is_from_a_proxy() {
        assert!(message("Ann Lee", Some("Mia Lee (daughter)")).is_from_proxy());
    }

    #[test]
    fn a_blank_subject_reads_as_no_subject() {
        let mut row = message("Ann Lee", None).row;
        assert_eq!(row.subject_or_placeholder(), "(no subject)");
        row.subject = Some("  ".into());
        assert_eq!(row.subject_or_placeholder(), "(no subject)");
        row.subject = Some("refill".into());
        assert_eq!(row.subject_or_placeholder(), "refill");
    }

    #[test]
    fn status_words_round_trip() {
        for status in [Status::Open, Status::Resolved] {
            assert_eq!(Status::parse(status.as_str()), Some(status));
        }
        assert_eq!(Status::parse("closed"), None);
    }
}
