//! The clinic's clock: time zone, open hours, holidays and response targets; when a message is due and how overdue it is.
//!
//! Pure: the current instant is always passed in. Instants are Unix seconds
//! internally; a [`Calendar`] turns the clinic's weekly hours into open
//! spans in UTC with running totals, so that due and overdue cost a binary
//! search each however far apart the instants are.

use std::collections::BTreeSet;

use chrono::{DateTime, Datelike, Days, LocalResult, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Timelike};
use chrono_tz::Tz;

use super::urgency::Level;

/// Open from `start` to `end`, in minutes after local midnight (`end` may be 1440, "24:00").
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct OpenSpan {
    pub start: u16,
    pub end: u16,
}

/// How long the clinic allows before a first response.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    /// Due the moment it arrives, whatever the hour.
    OnArrival,
    /// This much open time after the clock starts.
    BusinessMinutes(u32),
    /// This much wall-clock time after arrival.
    WallMinutes(u32),
    /// By the close of the Nth business day after the one the clock starts on.
    BusinessDays(u32),
}

/// The longest target accepted: longer ones are mistakes, and they would
/// make the calendar reach years ahead.
const MAX_TARGET_DAYS: u32 = 60;

/// The response target for each urgency level.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Targets {
    /// Messages with no red flag.
    pub routine: Target,
    pub urgent: Target,
    pub emergent: Target,
}

impl Targets {
    pub fn of(&self, level: Option<Level>) -> Target {
        match level {
            None => self.routine,
            Some(Level::Urgent) => self.urgent,
            Some(Level::Emergent) => self.emergent,
        }
    }
}

/// The clinic's calendar and targets, as configured.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Clinic {
    pub time_zone: Tz,
    /// Open spans per weekday, Monday first, sorted and not overlapping.
    pub week: [Vec<OpenSpan>; 7],
    pub holidays: BTreeSet<NaiveDate>,
    pub targets: Targets,
}

impl Clinic {
    /// A clinic from checked parts; refuses a week with no open hours at all,
    /// in which no business time would ever pass.
    pub fn new(
        time_zone: Tz,
        week: [Vec<OpenSpan>; 7],
        holidays: BTreeSet<NaiveDate>,
        targets: Targets,
    ) -> Result<Clinic, String> {
        if week.iter().all(Vec::is_empty) {
            return Err("the clinic has no open hours on any day of the week".into());
        }
        Ok(Clinic { time_zone, week, holidays, targets })
    }

    /// The open spans of one local date, in UTC seconds, in order and not
    /// overlapping. A boundary that does not exist (a daylight-saving gap)
    /// moves to the end of the gap; one that happens twice is the earlier
    /// for an opening and the later for a closing.
    pub fn open_on(&self, date: NaiveDate) -> Vec<(i64, i64)> {
        if self.holidays.contains(&date) {
            return Vec::new();
        }
        let mut spans: Vec<(i64, i64)> = Vec::new();
        for span in &self.week[date.weekday().num_days_from_monday() as usize] {
            let start = self.local_seconds(date, span.start, Boundary::Opening);
            let end = self.local_seconds(date, span.end, Boundary::Closing);
            let start = spans.last().map_or(start, |&(_, previous_end)| start.max(previous_end));
            if start < end {
                spans.push((start, end));
            }
        }
        spans
    }

    /// The instant of `minutes` after local midnight on `date`.
    fn local_seconds(&self, date: NaiveDate, minutes: u16, boundary: Boundary) -> i64 {
        let (date, minutes) = if minutes >= 1440 { (date.succ_opt().unwrap_or(date), 0) } else { (date, minutes) };
        let time =
            NaiveTime::from_hms_opt(u32::from(minutes / 60), u32::from(minutes % 60), 0).unwrap_or(NaiveTime::MIN);
        local_instant(self.time_zone, date.and_time(time), boundary)
    }

    /// An instant in the clinic's time zone.
    pub fn local(&self, at: i64) -> DateTime<Tz> {
        DateTime::from_timestamp(at, 0).unwrap_or_default().with_timezone(&self.time_zone)
    }

    /// The clinic's local date at an instant.
    pub fn local_date(&self, at: i64) -> NaiveDate {
        self.local(at).date_naive()
    }

    /// Reads a message's `received_at`: RFC 3339 as the feeder contract says;
    /// a date and time without an offset as clinic local time (marked); a
    /// time after `now` as `now` (marked); anything else as `now` (marked
    /// unreadable), so the message is due at once rather than lost.
    pub fn read_received(&self, text: Option<&str>, now: i64) -> Received {
        let (at, note) = match text.map(str::trim).and_then(|t| self.parse_received(t)) {
            Some((at, local)) => (at, local.then_some(TimeNote::AssumedLocal)),
            None => (now, Some(TimeNote::Unreadable)),
        };
        if at > now { Received { at: now, note: Some(TimeNote::Future) } } else { Received { at, note } }
    }

    /// A received time and whether it was read as clinic time; `None` when
    /// it is not a time, or not one between 1970 and 2200 (a year 0001 or
    /// +262142 is a feeder's placeholder, not a time a patient wrote).
    fn parse_received(&self, text: &str) -> Option<(i64, bool)> {
        let (at, local) = match DateTime::parse_from_rfc3339(text) {
            Ok(at) => (at.timestamp(), false),
            Err(_) => {
                const LOCAL: [&str; 4] =
                    ["%Y-%m-%dT%H:%M:%S%.f", "%Y-%m-%d %H:%M:%S%.f", "%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"];
                let local = LOCAL.iter().find_map(|format| NaiveDateTime::parse_from_str(text, format).ok())?;
                if !(1970..2200).contains(&local.year()) {
                    return None;
                }
                (local_instant(self.time_zone, local, Boundary::Opening), true)
            }
        };
        (EARLIEST..LATEST).contains(&at).then_some((at, local))
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Boundary {
    Opening,
    Closing,
}

/// A local time as an instant: in a daylight-saving gap, the end of the gap;
/// a time that happens twice, the earlier for an opening, the later for a closing.
fn local_instant(tz: Tz, local: NaiveDateTime, boundary: Boundary) -> i64 {
    match tz.from_local_datetime(&local) {
        LocalResult::Single(at) => at.timestamp(),
        LocalResult::Ambiguous(early, late) => match boundary {
            Boundary::Opening => early.timestamp(),
            Boundary::Closing => late.timestamp(),
        },
        LocalResult::None => {
            // Gaps are whole minutes and shorter than a day: the first local
            // minute after it is the gap's end.
            let mut probe = local;
            for _ in 0..1440 {
                // At the very end of the calendar's range there is no next minute.
                let Some(next) = probe.checked_add_signed(chrono::Duration::minutes(1)) else { break };
                probe = next;
                let probe_minute = probe.with_second(0).and_then(|p| p.with_nanosecond(0)).unwrap_or(probe);
                if let Some(at) = tz.from_local_datetime(&probe_minute).earliest() {
                    return at.timestamp();
                }
            }
            local.and_utc().timestamp()
        }
    }
}

/// How a message's received time was read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimeNote {
    /// No offset given: read as clinic local time.
    AssumedLocal,
    /// Later than now: taken as now.
    Future,
    /// Not a time at all: taken as now, so the message is due at once.
    Unreadable,
}

impl TimeNote {
    pub fn as_str(self) -> &'static str {
        match self {
            TimeNote::AssumedLocal => "no offset, read as clinic time",
            TimeNote::Future => "in the future, taken as now",
            TimeNote::Unreadable => "unreadable, taken as now",
        }
    }

    /// The short machine-readable name.
    pub fn key(self) -> &'static str {
        match self {
            TimeNote::AssumedLocal => "assumed_local",
            TimeNote::Future => "future",
            TimeNote::Unreadable => "unreadable",
        }
    }
}

/// A received time as the clock uses it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Received {
    /// Unix seconds.
    pub at: i64,
    pub note: Option<TimeNote>,
}

/// How far past due, in wall-clock and in business (open) seconds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Overdue {
    pub wall: i64,
    pub business: i64,
}

/// When a message came and is due, and how overdue it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Timing {
    pub received: Received,
    /// Unix seconds.
    pub due: i64,
    /// `None` when not past due, or when it has had its first response.
    pub overdue: Option<Overdue>,
    pub responded: bool,
}

/// The earliest and latest instants the calendar covers: 1970 to 2200.
/// Instants outside are taken as these bounds.
const EARLIEST: i64 = 0;
const LATEST: i64 = 7_258_118_400; // 2200-01-01T00:00:00Z

/// The clinic's open spans in UTC over a run of local dates, with running
/// totals of open time. Grows to cover whatever it is asked about.
#[derive(Debug, Clone)]
pub struct Calendar<'c> {
    clinic: &'c Clinic,
    /// Local dates covered: `first..end`.
    first: NaiveDate,
    end: NaiveDate,
    spans: Vec<Span>,
    /// Business days (local dates with open time) in order: each one's closing instant.
    closes: Vec<i64>,
    /// Instants from `covered.0` up to `covered.1` need no growth: checked
    /// without reading a date in the time zone, which is the costly part.
    covered: (i64, i64),
    /// How many times the spans were worked out (they should rarely need to be).
    builds: u32,
}

#[derive(Debug, Clone, Copy)]
struct Span {
    start: i64,
    end: i64,
    /// Open seconds in the calendar before this span.
    before: i64,
    /// Index of its business day in `closes`.
    day: u32,
}

impl<'c> Calendar<'c> {
    pub fn new(clinic: &'c Clinic) -> Calendar<'c> {
        let epoch = NaiveDate::from_ymd_opt(1970, 1, 1).unwrap_or_default();
        Calendar { clinic, first: epoch, end: epoch, spans: Vec::new(), closes: Vec::new(), covered: (1, 0), builds: 0 }
    }

    pub fn clinic(&self) -> &'c Clinic {
        self.clinic
    }

    /// When a message that arrived at `received` with `level` is due.
    pub fn due_at(&mut self, received: i64, level: Option<Level>) -> i64 {
        let received = received.clamp(EARLIEST, LATEST);
        match self.clinic.targets.of(level) {
            Target::OnArrival => received,
            Target::WallMinutes(minutes) => received + i64::from(minutes) * 60,
            Target::BusinessMinutes(minutes) => {
                let start = self.next_opening(received);
                self.add_business(start, i64::from(minutes) * 60)
            }
            Target::BusinessDays(days) => {
                let start = self.next_opening(received);
                let Some(i) = self.span_at_or_after(start) else { return LATEST };
                let day = self.spans[i].day as usize + days as usize;
                while day >= self.closes.len() {
                    if !self.grow_forward() {
                        return LATEST;
                    }
                }
                self.closes[day]
            }
        }
    }

    /// A message's received time as read, when it is due, and how overdue
    /// it is at `now`: only while it waits for its first response.
    pub fn timing(&mut self, received_at: Option<&str>, level: Option<Level>, responded: bool, now: i64) -> Timing {
        let received = self.clinic.read_received(received_at, now);
        let due = self.due_of(received, level);
        let overdue = if responded { None } else { self.overdue(due, now) };
        Timing { received, due, overdue, responded }
    }

    /// When a message received as read is due: an unreadable time is due at
    /// once, since nobody can tell how long it has waited.
    pub fn due_of(&mut self, received: Received, level: Option<Level>) -> i64 {
        match received.note {
            Some(TimeNote::Unreadable) => received.at,
            _ => self.due_at(received.at, level),
        }
    }

    /// How far past `due` it is at `now`, or `None` when it is not past due.
    pub fn overdue(&mut self, due: i64, now: i64) -> Option<Overdue> {
        (now > due).then(|| Overdue { wall: now - due, business: self.business_between(due, now) })
    }

    /// Open seconds from `from` to `to` (zero when `to` is not after `from`).
    pub fn business_between(&mut self, from: i64, to: i64) -> i64 {
        let (from, to) = (from.clamp(EARLIEST, LATEST), to.clamp(EARLIEST, LATEST));
        if to <= from {
            return 0;
        }
        self.cover(from, to);
        self.open_before(to) - self.open_before(from)
    }

    /// The first instant at or after `at` when the clinic is open.
    pub fn next_opening(&mut self, at: i64) -> i64 {
        let at = at.clamp(EARLIEST, LATEST);
        match self.span_at_or_after(at) {
            Some(i) => at.max(self.spans[i].start),
            None => LATEST,
        }
    }

    /// The instant `seconds` of open time after `start` (an instant when the clinic is open).
    pub fn add_business(&mut self, start: i64, seconds: i64) -> i64 {
        let start = start.clamp(EARLIEST, LATEST);
        if seconds <= 0 {
            return start;
        }
        self.cover(start, start);
        let target = self.open_before(start) + seconds;
        loop {
            let total = self.spans.last().map_or(0, |s| s.before + (s.end - s.start));
            if target <= total && !self.spans.is_empty() {
                break;
            }
            if !self.grow_forward() {
                return LATEST;
            }
        }
        // The first span whose end reaches the target: a target met exactly
        // at a closing is due at that closing, not at the next opening.
        let i = self.spans.partition_point(|s| s.before + (s.end - s.start) < target);
        let span = self.spans[i];
        span.start + (target - span.before).max(0)
    }

    /// Index of the span that contains `at` or is the first after it.
    fn span_at_or_after(&mut self, at: i64) -> Option<usize> {
        self.cover(at, at);
        loop {
            let i = self.spans.partition_point(|s| s.end <= at);
            if i < self.spans.len() {
                return Some(i);
            }
            if !self.grow_forward() {
                return None;
            }
        }
    }

    /// Open seconds in the calendar before `at` (which it covers).
    fn open_before(&self, at: i64) -> i64 {
        let i = self.spans.partition_point(|s| s.end <= at);
        match self.spans.get(i) {
            Some(span) => span.before + (at - span.start).max(0),
            None => self.spans.last().map_or(0, |s| s.before + (s.end - s.start)),
        }
    }

    /// Makes the calendar cover the local dates of `from` and `to`, with a week to spare.
    fn cover(&mut self, from: i64, to: i64) {
        if self.covered.0 <= from && to < self.covered.1 {
            return;
        }
        let week = Days::new(7);
        // Never wider than the calendar's range, or a query at its edge would rebuild every time.
        let (low, high) =
            (self.clinic.local_date(EARLIEST), self.clinic.local_date(LATEST).succ_opt().unwrap_or(self.end));
        let want_first = self.clinic.local_date(from).checked_sub_days(week).unwrap_or(low).max(low);
        let want_end = self.clinic.local_date(to).checked_add_days(week).unwrap_or(high).min(high);
        if self.first == self.end {
            self.build(want_first, want_end.max(want_first));
            return;
        }
        if want_first < self.first || want_end > self.end {
            // Grow by at least a year at a time, so that a run of queries
            // spreading outwards rebuilds rarely.
            let year = Days::new(366);
            let first = if want_first < self.first {
                want_first.min(self.first.checked_sub_days(year).unwrap_or(want_first))
            } else {
                self.first
            };
            let end = if want_end > self.end {
                want_end.max(self.end.checked_add_days(year).unwrap_or(want_end))
            } else {
                self.end
            };
            self.build(first, end);
        }
    }

    /// Extends the calendar a year forward; false at the end of its range.
    fn grow_forward(&mut self) -> bool {
        let last = self.clinic.local_date(LATEST);
        if self.end > last {
            return false;
        }
        let end = self.end.checked_add_days(Days::new(366)).unwrap_or(last).min(last.succ_opt().unwrap_or(last));
        let first = self.first;
        self.build(first, end);
        true
    }

    /// Rebuilds the spans for the local dates `first..end`, kept within the calendar's range.
    fn build(&mut self, first: NaiveDate, end: NaiveDate) {
        let low = self.clinic.local_date(EARLIEST);
        let high = self.clinic.local_date(LATEST).succ_opt().unwrap_or(end);
        let (first, end) = (first.clamp(low, high), end.clamp(low, high));
        self.first = first;
        self.end = end.max(first);
        self.spans.clear();
        self.closes.clear();
        self.builds += 1;
        // What `cover` asks for: a week either side of the instants' dates.
        let midnight = |date: Option<NaiveDate>| {
            date.map(|date| local_instant(self.clinic.time_zone, date.and_time(NaiveTime::MIN), Boundary::Opening))
        };
        let low = midnight(self.first.checked_add_days(Days::new(7)));
        let high = midnight(self.end.checked_sub_days(Days::new(6)));
        self.covered = match (low, high) {
            // At the ends of the range, everything beyond is covered as far as it ever will be.
            (Some(low), Some(high)) => (
                if first <= self.clinic.local_date(EARLIEST) { i64::MIN } else { low },
                if end > self.clinic.local_date(LATEST) { i64::MAX } else { high },
            ),
            _ => (1, 0),
        };
        let mut before = 0;
        let mut date = first;
        while date < end {
            let spans = self.clinic.open_on(date);
            if let Some(&(_, close)) = spans.last() {
                let day = self.closes.len() as u32;
                for (start, end) in spans {
                    // Local days never overlap in UTC, but a closing that
                    // happens twice may reach past the next day's opening.
                    let start = self.spans.last().map_or(start, |s: &Span| start.max(s.end));
                    if start < end {
                        self.spans.push(Span { start, end, before, day });
                        before += end - start;
                    }
                }
                self.closes.push(close);
            }
            let Some(next) = date.succ_opt() else { break };
            date = next;
        }
    }
}

/// The local date of `at` in `tz`.
pub fn local_date_in(tz: Tz, at: i64) -> NaiveDate {
    DateTime::from_timestamp(at, 0).unwrap_or_default().with_timezone(&tz).date_naive()
}

/// The instant a local date begins in `tz` (its first instant when midnight itself does not exist).
pub fn day_start_of(tz: Tz, date: NaiveDate) -> i64 {
    local_instant(tz, date.and_time(NaiveTime::MIN), Boundary::Opening)
}

/// The instant of the local midnight that starts the day of `at` in `tz`
/// (the first instant of the day when midnight itself does not exist).
pub fn day_start(tz: Tz, at: i64) -> i64 {
    let date = DateTime::from_timestamp(at, 0).unwrap_or_default().with_timezone(&tz).date_naive();
    local_instant(tz, date.and_time(NaiveTime::MIN), Boundary::Opening)
}

/// Parses a time zone name from the IANA database.
pub fn parse_time_zone(name: &str) -> Result<Tz, String> {
    name.trim().parse::<Tz>().map_err(|_| {
        format!("unknown time zone '{name}' (use an IANA name such as America/New_York or America/Chicago)")
    })
}

/// Parses one day's open hours: `"08:00-17:00"`, several spans separated by
/// commas (`"08:00-12:00, 13:00-17:00"`), or `"closed"` (or empty).
pub fn parse_open_hours(text: &str) -> Result<Vec<OpenSpan>, String> {
    let trimmed = text.trim();
    if trimmed.is_empty() || trimmed.eq_ignore_ascii_case("closed") {
        return Ok(Vec::new());
    }
    let mut spans = Vec::new();
    for part in trimmed.split(',') {
        let part = part.trim();
        if part.is_empty() {
            return Err(format!("open hours '{trimmed}' have an empty span between commas"));
        }
        let (start, end) =
            part.split_once('-').ok_or_else(|| format!("open hours '{part}' are not a span such as 08:00-17:00"))?;
        let (start, end) = (time_of_day(start.trim())?, time_of_day(end.trim())?);
        if start >= 1440 {
            return Err(format!("open hours '{part}' cannot open at 24:00"));
        }
        if end <= start {
            return Err(format!("open hours '{part}' close before they open"));
        }
        spans.push(OpenSpan { start, end });
    }
    spans.sort();
    for pair in spans.windows(2) {
        if pair[1].start < pair[0].end {
            return Err(format!(
                "open hours {}-{} and {}-{} overlap",
                clock_text(pair[0].start),
                clock_text(pair[0].end),
                clock_text(pair[1].start),
                clock_text(pair[1].end)
            ));
        }
    }
    Ok(spans)
}

/// `HH:MM` from 00:00 to 24:00, as minutes after midnight.
fn time_of_day(text: &str) -> Result<u16, String> {
    let bad = || format!("'{text}' is not a time of day (use HH:MM, from 00:00 to 24:00)");
    let (hours, minutes) = text.split_once(':').ok_or_else(bad)?;
    let digits = |s: &str| !s.is_empty() && s.len() <= 2 && s.bytes().all(|b| b.is_ascii_digit());
    if !digits(hours) || minutes.len() != 2 || !digits(minutes) {
        return Err(bad());
    }
    let (hours, minutes): (u16, u16) = (hours.parse().map_err(|_| bad())?, minutes.parse().map_err(|_| bad())?);
    if hours > 24 || minutes > 59 || (hours == 24 && minutes > 0) {
        return Err(bad());
    }
    Ok(hours * 60 + minutes)
}

fn clock_text(minutes: u16) -> String {
    format!("{:02}:{:02}", minutes / 60, minutes % 60)
}

/// Parses a response target: `on arrival`, `N business hours`, `N business
/// minutes`, `N hours`, `N minutes` (wall clock), `next business day`, or
/// `N business days` (by the close of the Nth business day after the one
/// the clock starts on).
pub fn parse_target(text: &str) -> Result<Target, String> {
    let normal = text.split_whitespace().collect::<Vec<_>>().join(" ").to_ascii_lowercase();
    let bad = || {
        format!(
            "'{text}' is not a response target (use 'on arrival', 'N business hours', 'N business minutes', \
             'N hours', 'N minutes', 'next business day' or 'N business days')"
        )
    };
    let target = match normal.as_str() {
        "on arrival" | "immediately" => Target::OnArrival,
        "next business day" => Target::BusinessDays(1),
        _ => {
            let (count, unit) = normal.split_once(' ').ok_or_else(bad)?;
            let count: u32 = count.parse().map_err(|_| bad())?;
            match unit {
                "business hour" | "business hours" => Target::BusinessMinutes(count.checked_mul(60).ok_or_else(bad)?),
                "business minute" | "business minutes" => Target::BusinessMinutes(count),
                "hour" | "hours" => Target::WallMinutes(count.checked_mul(60).ok_or_else(bad)?),
                "minute" | "minutes" => Target::WallMinutes(count),
                "business day" | "business days" => Target::BusinessDays(count),
                _ => return Err(bad()),
            }
        }
    };
    let too_long = match target {
        Target::OnArrival => false,
        Target::BusinessMinutes(m) | Target::WallMinutes(m) => m > MAX_TARGET_DAYS * 1440,
        Target::BusinessDays(n) => n > MAX_TARGET_DAYS,
    };
    if too_long {
        return Err(format!("response target '{text}' is longer than {MAX_TARGET_DAYS} days"));
    }
    Ok(target)
}

/// Parses a holiday, `YYYY-MM-DD`.
pub fn parse_date(text: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d")
        .map_err(|_| format!("'{text}' is not a date (use YYYY-MM-DD, such as 2026-12-25)"))
}

/// A span of seconds as the nurse reads it: `45m`, `2h 10m`, `3d 4h`.
pub fn span_text(seconds: i64) -> String {
    let minutes = seconds.max(0) / 60;
    let (days, hours, minutes) = (minutes / 1440, minutes / 60 % 24, minutes % 60);
    match (days, hours) {
        (0, 0) => format!("{minutes}m"),
        (0, _) => format!("{hours}h {minutes}m"),
        _ => format!("{days}d {hours}h"),
    }
}

#[cfg(test)]
mod tests;
