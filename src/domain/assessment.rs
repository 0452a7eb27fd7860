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

    /// The clinic whose clock the due times are on.
    pub fn clinic(&self) -> &'a Clinic {
        self.calendar.clinic()
    }

    pub fn assessor(&mut self) -> &mut Assessor<'a> {
        &mut self.assessor
    }

    /// A message's red flags, and when it arrived and is due.
    pub fn assess(&mut self, received_at: Option<&str>, subject: Option<&str>, body: &str) -> Assessed {
        let flags = red_flags::assess_message(&mut self.assessor, subject, body);
        let (arrived, due) = self.timing(received_at, flags.level);
        Assessed { flags, arrived, due }
    }

    /// When a message received at `received_at` with `level` arrived, as the
    /// clinic's clock reads it, and when it is due (Unix seconds).
    pub fn timing(&mut self, received_at: Option<&str>, level: Option<Level>) -> (i64, i64) {
        let received = self.calendar.clinic().read_received(received_at, self.now);
        (received.at, self.calendar.due_of(received, level))
    }
}

/// What is kept with a message once it is assessed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Assessed {
    pub flags: MessageFlags,
    /// Unix seconds.
    pub arrived: i64,
    /// Unix seconds.
    pub due: i64,
}
