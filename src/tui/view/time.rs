//! How times read on screen: ages like `3h 05m`, received and due times in the clinic's zone, overdue-by.

use chrono::{DateTime, Utc};
use chrono_tz::Tz;

use crate::domain::clock;
use crate::domain::message::{QueueRow, Status};

/// Where a message stands against its response target.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Due {
    /// Resolved, or not yet assessed: nothing to show.
    Nothing,
    /// It has had its first response.
    Answered,
    /// Due at this local time, later.
    At(String),
    /// Past due by this much (`None`: it fell due this minute).
    Overdue(Option<String>),
}

impl Due {
    /// The queue's short form: `due 17:00`, `⏰ 2h 10m overdue`.
    pub fn text(&self) -> String {
        match self {
            Due::Nothing => String::new(),
            Due::Answered => "answered".into(),
            Due::At(at) => format!("due {at}"),
            Due::Overdue(None) => "⏰ due now".into(),
            Due::Overdue(Some(by)) => format!("⏰ {by} overdue"),
        }
    }
}

/// A row's due state at `now`: the time alone when due today, the weekday too when later.
pub fn due(row: &QueueRow, now: DateTime<Utc>, zone: Tz) -> Due {
    let Some(due) = row.due_epoch else { return Due::Nothing };
    if row.status == Status::Resolved {
        return Due::Nothing;
    }
    if row.first_response_epoch.is_some() {
        return Due::Answered;
    }
    let now = now.timestamp();
    if now >= due {
        let late = now - due;
        return Due::Overdue((late >= 60).then(|| clock::span_text(late)));
    }
    let local = |at: i64| DateTime::from_timestamp(at, 0).unwrap_or_default().with_timezone(&zone);
    let (due_local, now_local) = (local(due), local(now));
    let format = if due_local.date_naive() == now_local.date_naive() { "%H:%M" } else { "%a %H:%M" };
    Due::At(due_local.format(format).to_string())
}

/// The due time in full, as `Tue 24 Nov 17:00 EST`.
pub fn due_at(due_epoch: i64, zone: Tz) -> String {
    DateTime::from_timestamp(due_epoch, 0)
        .unwrap_or_default()
        .with_timezone(&zone)
        .format("%a %d %b %H:%M %Z")
        .to_string()
}

/// The received time as the queue shows it beside the age: `09:05` today, `Mon 09:05` before.
pub fn received_short(received_epoch: Option<i64>, now: DateTime<Utc>, zone: Tz) -> String {
    let Some(at) = received_epoch.and_then(|secs| DateTime::from_timestamp(secs, 0)) else {
        return String::new();
    };
    let (at, today) = (at.with_timezone(&zone), now.with_timezone(&zone).date_naive());
    at.format(if at.date_naive() == today { "%H:%M" } else { "%a %H:%M" }).to_string()
}

/// A compact age: `now`, `12m`, `3h 05m`, `2d 4h`.
pub fn age(received_epoch: Option<i64>, now: DateTime<Utc>) -> String {
    let Some(received) = received_epoch else {
        return "?".into();
    };
    let minutes = (now.timestamp() - received).max(0) / 60;
    match minutes {
        0 => "now".into(),
        m if m < 60 => format!("{m}m"),
        m if m < 24 * 60 => format!("{}h {:02}m", m / 60, m % 60),
        m => format!("{}d {}h", m / (24 * 60), (m / 60) % 24),
    }
}

/// The received time in the clinic's zone, as `Mon 23 Nov 09:05 EST`, or
/// the feeder's text when it does not parse.
pub fn received(received_epoch: Option<i64>, raw: Option<&str>, zone: chrono_tz::Tz) -> String {
    match received_epoch.and_then(|secs| DateTime::from_timestamp(secs, 0)) {
        Some(at) => at.with_timezone(&zone).format("%a %d %b %H:%M %Z").to_string(),
        None => raw.map_or_else(|| "unknown".into(), crate::sanitize::line),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ages_read_as_a_nurse_would_say_them() {
        let now = DateTime::from_timestamp(100_000, 0).unwrap();
        assert_eq!(age(Some(100_000 - 30), now), "now");
        assert_eq!(age(Some(100_000 - 12 * 60), now), "12m");
        assert_eq!(age(Some(100_000 - (3 * 60 + 5) * 60), now), "3h 05m");
        assert_eq!(age(Some(100_000 - (52 * 60) * 60), now), "2d 4h");
        assert_eq!(age(None, now), "?");
    }
}
