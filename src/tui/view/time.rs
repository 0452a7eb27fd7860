//! How times read on screen: ages like `3h 05m`, and received times.

use chrono::{DateTime, Utc};

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
