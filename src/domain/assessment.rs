//! What inbasket works out once for every message and keeps with it: its red flags and when it is due.

use sha2::{Digest, Sha256};

use super::clock::{Calendar, Clinic};
use super::red_flags::{self, MessageFlags};
use super::urgency::{Assessor, Level, Rules};

/// Assesses messages with one rule set on one clinic clock. A stored
/// assessment carries [`Assessing::fingerprint`], so a change to either the
/// rules or the clock has every message assessed again.
pub struct Assessing<'a> {
    assessor: Assessor<'a>,
    calendar: Calendar<'a>,
    fingerprint: String,
    /// The instant (Unix seconds) a received time in the future or
    /// unreadable is taken as: when the message is first assessed.
    pub now: i64,
}

impl<'a> Assessing<'a> {
    pub fn new(rules: &'a Rules, clinic: &'a Clinic, now: i64) -> Assessing<'a> {
        let clock: String =
            Sha256::digest(format!("{clinic:?}").as_bytes())[..8].iter().map(|b| format!("{b:02x}")).collect();
        Assessing {
            assessor: Assessor::new(rules),
            calendar: Calendar::new(clinic),
            fingerprint: format!("{}+{clock}", rules.fingerprint),
            now,
        }
    }

    /// Names the rules and the clock an assessment was made with.
    pub fn fingerprint(&self) -> &str {
        &self.fingerprint
    }

    pub fn assessor(&mut self) -> &mut Assessor<'a> {
        &mut self.assessor
    }

    /// A message's red flags and due time (Unix seconds).
    pub fn assess(&mut self, received_at: Option<&str>, subject: Option<&str>, body: &str) -> (MessageFlags, i64) {
        let flags = red_flags::assess_message(&mut self.assessor, subject, body);
        let due = self.due(received_at, flags.level);
        (flags, due)
    }

    /// When a message received at `received_at` with `level` is due (Unix seconds).
    pub fn due(&mut self, received_at: Option<&str>, level: Option<Level>) -> i64 {
        let received = self.calendar.clinic().read_received(received_at, self.now);
        self.calendar.due_at(received.at, level)
    }
}
