//! End-of-shift stress self-ratings: recorded append-only on their own hash chain, a later rating for the same shift correcting the earlier.

use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::OptionalExtension;

use super::chain::{self, RatingLink};
use super::write::utc_text;
use super::{Queue, Result};

/// A nurse's rating of one shift.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewRating {
    pub uid: String,
    pub nurse: String,
    /// The shift's date in the clinic's time zone.
    pub shift_date: NaiveDate,
    /// 0 (no stress) to 10 (the worst stress imaginable).
    pub rating: u8,
    pub note: Option<String>,
}

/// What recording a rating did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RatingOutcome {
    /// Stored; `corrected` names the earlier rating of the same shift it replaces.
    Stored { corrected: Option<String> },
    /// A rating with this uid is already stored (a retry).
    AlreadyThere,
}

/// One stored rating, for the nurse's own trend.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rating {
    pub shift_date: String,
    pub rating: u8,
}

impl Queue {
    /// Records `rating` at `now`. A rating for a shift already rated by the
    /// same nurse corrects it (a new row that names the one before).
    pub fn record_rating(&mut self, rating: &NewRating, now: DateTime<Utc>) -> Result<RatingOutcome> {
        self.write(|tx| {
            let exists: bool = tx
                .query_row("SELECT EXISTS (SELECT 1 FROM stress_rating WHERE uid = ?1)", [&rating.uid], |r| r.get(0))?;
            if exists {
                return Ok(RatingOutcome::AlreadyThere);
            }
            let shift_date = rating.shift_date.format("%Y-%m-%d").to_string();
            let corrected: Option<String> = tx
                .query_row(
                    "SELECT uid FROM stress_rating WHERE nurse = ?1 AND shift_date = ?2 ORDER BY seq DESC LIMIT 1",
                    [&rating.nurse, &shift_date],
                    |row| row.get(0),
                )
                .optional()?;
            let prev_hash: String = tx
                .query_row("SELECT hash FROM stress_rating ORDER BY seq DESC LIMIT 1", [], |row| row.get(0))
                .optional()?
                .unwrap_or_else(|| chain::GENESIS.to_string());
            let recorded_at = utc_text(now);
            let link = RatingLink {
                uid: &rating.uid,
                nurse: &rating.nurse,
                shift_date: &shift_date,
                rating: i64::from(rating.rating),
                note: rating.note.as_deref(),
                recorded_at: &recorded_at,
                corrects: corrected.as_deref(),
            };
            let hash = chain::rating_hash(&prev_hash, &link);
            tx.execute(
                "INSERT INTO stress_rating (uid, nurse, shift_date, rating, note, recorded_at, corrects, prev_hash, hash)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
                rusqlite::params![
                    rating.uid,
                    rating.nurse,
                    shift_date,
                    rating.rating,
                    rating.note,
                    recorded_at,
                    corrected,
                    prev_hash,
                    hash
                ],
            )?;
            Ok(RatingOutcome::Stored { corrected })
        })
    }

    /// A nurse's own latest `limit` shifts' ratings, newest first (a corrected rating gives way to its correction).
    pub fn own_ratings(&self, nurse: &str, limit: u32) -> Result<Vec<Rating>> {
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT shift_date, rating FROM stress_rating r
                 WHERE nurse = ?1 AND NOT EXISTS (SELECT 1 FROM stress_rating c WHERE c.corrects = r.uid)
                 ORDER BY shift_date DESC LIMIT ?2",
            )
            .map_err(|e| self.sql(e))?;
        stmt.query_map(rusqlite::params![nurse, limit], |row| {
            Ok(Rating { shift_date: row.get(0)?, rating: u8::try_from(row.get::<_, i64>(1)?).unwrap_or(0) })
        })
        .and_then(|rows| rows.collect())
        .map_err(|e| self.sql(e))
    }
}
