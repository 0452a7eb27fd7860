//! `inbasket stress`: the nurse's end-of-shift stress self-rating from the command line.

use std::io::Write;

use chrono::{DateTime, NaiveDate, Utc};

use super::CommandError;
use crate::domain::clock::Clinic;
use crate::store::{NewRating, Queue, RatingOutcome};

/// Reads a rating as typed: a whole number from 0 to 10.
pub fn parse_rating(text: &str) -> Result<u8, CommandError> {
    text.trim().parse::<u8>().ok().filter(|r| *r <= 10).ok_or_else(|| {
        CommandError::Usage(format!(
            "the stress rating is a whole number from 0 (no stress) to 10 (the worst stress imaginable), not '{text}'"
        ))
    })
}

/// A rating as asked for on the command line.
#[derive(Debug, Clone)]
pub struct Request {
    pub nurse: String,
    pub rating: u8,
    pub note: Option<String>,
    /// The shift's date as typed (YYYY-MM-DD); today in clinic time when `None`.
    pub date: Option<String>,
}

/// Records the rating for the nurse's shift, and says so. A second rating
/// of a shift corrects the first.
pub fn run(
    queue: &mut Queue,
    clinic: &Clinic,
    request: Request,
    now: DateTime<Utc>,
    out: &mut dyn Write,
) -> Result<(), CommandError> {
    let Request { nurse, rating, note, date } = request;
    let date = date.as_deref();
    let today = clinic.local_date(now.timestamp());
    let shift_date = match date {
        None => today,
        Some(text) => NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d")
            .map_err(|_| CommandError::Usage(format!("'{text}' is not a date (use YYYY-MM-DD)")))?,
    };
    if shift_date > today {
        return Err(CommandError::Usage(format!("the shift of {shift_date} has not happened yet")));
    }
    let uid = format!("stress-{:x}-{:x}", now.timestamp_nanos_opt().unwrap_or_default(), std::process::id());
    let new = NewRating { uid, nurse: nurse.clone(), shift_date, rating, note: note.filter(|n| !n.trim().is_empty()) };
    let outcome = queue.record_rating(&new, now)?;
    let replaces = match outcome {
        RatingOutcome::Stored { corrected: Some(_) } => " (it replaces the earlier rating of that shift)",
        _ => "",
    };
    writeln!(out, "recorded stress {rating}/10 for {nurse}, shift of {shift_date}{replaces}")?;
    Ok(())
}
