//! The daily message audit: every number defined once, here, from plain data (no I/O), for the report and its exports.
//!
//! A clinic day is a local date in the clinic's time zone. Its close is the
//! end of its last open span, or its midnight when the clinic was closed all
//! day; for the day still running, the instant the audit is made.

use std::collections::BTreeMap;

use chrono::NaiveDate;

use super::action::ActionKind;
use super::clock::Clinic;
use super::urgency::Level;
use tally::{Period, Tally};

mod tally;

/// What an audit is worked out from: the messages with their recorded
/// actions, in one batch or several (tallied side by side), and the
/// standing stress ratings.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AuditRecords {
    pub batches: Vec<RecordBatch>,
    pub ratings: Vec<AuditRating>,
}

impl AuditRecords {
    /// How many messages there are in all.
    pub fn message_count(&self) -> usize {
        self.batches.iter().map(|batch| batch.messages.len()).sum()
    }
}

/// Messages, each with its actions; the actions are kept together in one
/// list, so a year of them is two allocations, not a million.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RecordBatch {
    pub messages: Vec<AuditMessage>,
    /// Every message's actions, each message's together (see [`AuditMessage::actions`]).
    pub actions: Vec<AuditAction>,
}

impl RecordBatch {
    /// Adds a message with its actions.
    pub fn push(
        &mut self,
        arrived: i64,
        due: i64,
        flagged: Option<Level>,
        actions: impl IntoIterator<Item = AuditAction>,
    ) {
        let start = self.actions.len();
        self.actions.extend(actions);
        self.messages.push(AuditMessage { arrived, due, flagged, actions: start..self.actions.len() });
    }

    /// The actions recorded on `message`.
    pub fn actions_of(&self, message: &AuditMessage) -> &[AuditAction] {
        self.actions.get(message.actions.clone()).unwrap_or_default()
    }
}

/// A message as the audit needs it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditMessage {
    /// When it arrived on the clinic's clock (Unix seconds).
    pub arrived: i64,
    /// When it was due (Unix seconds).
    pub due: i64,
    /// The level the rules flagged it at.
    pub flagged: Option<Level>,
    /// Where its actions are in [`RecordBatch::actions`], corrections
    /// included, in the order they were recorded or the order they happened
    /// (ties in the order recorded).
    pub actions: std::ops::Range<usize>,
}

/// One recorded action.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AuditAction {
    /// Its place in the audit trail: what a correction names it by.
    pub seq: i64,
    pub kind: &'static ActionKind,
    /// When it happened (Unix seconds).
    pub at: i64,
    /// The record it corrects (takes back or puts right), by its `seq`.
    pub corrects: Option<i64>,
}

/// A standing stress rating (not corrected by a later one).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditRating {
    pub date: NaiveDate,
    pub rating: u8,
    /// Whose: used only for the per-nurse figures a report gives when asked.
    pub nurse: String,
}

/// One nurse's stress over a period: the mean of her ratings and how many.
#[derive(Debug, Clone, PartialEq)]
pub struct NurseStress {
    pub nurse: String,
    pub mean: f64,
    pub n: u64,
}

/// Each nurse's stress over `from..=to`, by name.
pub fn stress_by_nurse(ratings: &[AuditRating], from: NaiveDate, to: NaiveDate) -> Vec<NurseStress> {
    let mut by: BTreeMap<&str, (f64, u64)> = BTreeMap::new();
    for r in ratings.iter().filter(|r| r.date >= from && r.date <= to) {
        let entry = by.entry(&r.nurse).or_insert((0.0, 0));
        entry.0 += f64::from(r.rating);
        entry.1 += 1;
    }
    by.into_iter().map(|(nurse, (sum, n))| NurseStress { nurse: nurse.to_string(), mean: sum / n as f64, n }).collect()
}

/// The figures of one clinic day, or of a whole period (`date` is `None`).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Figures {
    pub date: Option<NaiveDate>,
    pub received: u64,
    /// Received while the clinic was closed.
    pub received_after_hours: u64,
    /// Received and flagged emergent or urgent by the rules.
    pub urgent_flagged: u64,
    /// Received and judged urgent by the nurse (confirmed, or marked urgent when the rules missed it).
    pub urgent_confirmed: u64,
    /// Received, flagged by the rules, and overruled by the nurse.
    pub false_alarms: u64,
    /// Messages that became resolved that day.
    pub resolved: u64,
    /// Messages open at the day's close, whenever received.
    pub unresolved_at_close: u64,
    /// Open at the close, past due, and still waiting for a first response.
    pub overdue_at_close: u64,
    /// Minutes from receipt to first response, for messages received that day that have one.
    pub first_response_median_min: Option<f64>,
    pub first_response_p90_min: Option<f64>,
    /// The same in business (open) minutes.
    pub first_response_business_median_min: Option<f64>,
    /// Of messages received that day whose target has been met or missed: the share met.
    pub within_target_pct: Option<f64>,
    /// Actions that happened that day, by name (corrected ones and undos left out).
    pub actions: BTreeMap<&'static str, u64>,
    pub stress_mean: Option<f64>,
    pub stress_n: u64,
}

impl Figures {
    /// Adds another's counts of messages (received, after hours, urgent, false alarms, resolved) to these.
    fn add_counts(&mut self, other: &Figures) {
        self.received += other.received;
        self.received_after_hours += other.received_after_hours;
        self.urgent_flagged += other.urgent_flagged;
        self.urgent_confirmed += other.urgent_confirmed;
        self.false_alarms += other.false_alarms;
        self.resolved += other.resolved;
    }
}

/// The audit of a period: a row per day and a total.
#[derive(Debug, Clone, PartialEq)]
pub struct Audit {
    pub days: Vec<Figures>,
    pub total: Figures,
}

/// The name of the threads that read and tally an audit (the console's panic hook knows it).
pub const THREAD: &str = "audit";

/// The audit of the clinic days `from..=to`, made at `as_of` (Unix seconds).
/// Batches are tallied side by side, one thread each.
pub fn audit(records: &AuditRecords, clinic: &Clinic, from: NaiveDate, to: NaiveDate, as_of: i64) -> Audit {
    let period = Period::new(clinic, from, to, as_of);
    let mut tallies = match records.batches.as_slice() {
        [] => Vec::new(),
        [batch] => vec![Tally::of(batch, &period, clinic)],
        batches => std::thread::scope(|scope| {
            let period = &period;
            let running: Vec<_> = batches
                .iter()
                .map(|batch| {
                    let thread = std::thread::Builder::new().name(THREAD.into());
                    (batch, thread.spawn_scoped(scope, move || Tally::of(batch, period, clinic)))
                })
                .collect();
            running
                .into_iter()
                .map(|(batch, tally)| match tally {
                    Ok(tally) => tally.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
                    // No thread to be had: tallied here instead.
                    Err(_) => Tally::of(batch, period, clinic),
                })
                .collect()
        }),
    }
    .into_iter();
    let mut tally = tallies.next().unwrap_or_else(|| Tally::new(&period));
    for other in tallies {
        tally.merge(other, &period);
    }
    finish(tally, &period, &records.ratings, from, to)
}

/// The figures of each day and of the period, from its running sums.
fn finish(tally: Tally, period: &Period, ratings: &[AuditRating], from: NaiveDate, to: NaiveDate) -> Audit {
    let Tally { mut days, mut response_seconds, mut business_seconds, target, kinds, open_diff, overdue_diff } = tally;
    debug_assert_eq!(days.len(), period.dates.len());
    let (mut open_now, mut overdue_now) = (0i64, 0i64);
    for (i, day) in days.iter_mut().enumerate() {
        open_now += open_diff[i];
        overdue_now += overdue_diff[i];
        day.unresolved_at_close = open_now.max(0) as u64;
        day.overdue_at_close = overdue_now.max(0) as u64;
        for (kind, counts) in &kinds {
            if counts[i] > 0 {
                day.actions.insert(kind.name, counts[i]);
            }
        }
        day.first_response_median_min = median_minutes(&mut response_seconds[i]);
        day.first_response_p90_min = percentile_minutes(&mut response_seconds[i], 0.9);
        day.first_response_business_median_min = median_minutes(&mut business_seconds[i]);
        day.within_target_pct = share(target[i]);
        let day_ratings: Vec<f64> =
            ratings.iter().filter(|r| Some(r.date) == day.date).map(|r| f64::from(r.rating)).collect();
        day.stress_n = day_ratings.len() as u64;
        day.stress_mean = mean(&day_ratings);
    }
    let mut total = Figures::default();
    for day in &days {
        total.add_counts(day);
        for (name, n) in &day.actions {
            *total.actions.entry(name).or_insert(0) += n;
        }
    }
    if let Some(last) = days.last() {
        total.unresolved_at_close = last.unresolved_at_close;
        total.overdue_at_close = last.overdue_at_close;
    }
    let mut all_seconds: Vec<i64> = response_seconds.concat();
    let mut all_business: Vec<i64> = business_seconds.concat();
    total.first_response_median_min = median_minutes(&mut all_seconds);
    total.first_response_p90_min = percentile_minutes(&mut all_seconds, 0.9);
    total.first_response_business_median_min = median_minutes(&mut all_business);
    total.within_target_pct = share(target.iter().fold((0, 0), |(m, x), &(a, b)| (m + a, x + b)));
    let in_period: Vec<f64> =
        ratings.iter().filter(|r| r.date >= from && r.date <= to).map(|r| f64::from(r.rating)).collect();
    total.stress_n = in_period.len() as u64;
    total.stress_mean = mean(&in_period);
    Audit { days, total }
}

/// The middle of durations in seconds, in minutes (the mean of the two
/// middle values when there is an even number), found without sorting them all.
fn median_minutes(seconds: &mut [i64]) -> Option<f64> {
    let n = seconds.len();
    if n == 0 {
        return None;
    }
    let (lower, middle, _) = seconds.select_nth_unstable(n / 2);
    let upper = *middle as f64 / 60.0;
    if n % 2 == 1 {
        return Some(upper);
    }
    let below = lower.iter().copied().max()? as f64 / 60.0;
    Some((below + upper) / 2.0)
}

/// The nearest-rank percentile `q` (0 to 1) of durations in seconds, in minutes.
fn percentile_minutes(seconds: &mut [i64], q: f64) -> Option<f64> {
    let n = seconds.len();
    if n == 0 {
        return None;
    }
    let rank = (q * n as f64).ceil().max(1.0) as usize;
    let (_, value, _) = seconds.select_nth_unstable(rank.min(n) - 1);
    Some(*value as f64 / 60.0)
}

fn share((met, missed): (u64, u64)) -> Option<f64> {
    let all = met + missed;
    (all > 0).then(|| 100.0 * met as f64 / all as f64)
}

fn mean(values: &[f64]) -> Option<f64> {
    (!values.is_empty()).then(|| values.iter().sum::<f64>() / values.len() as f64)
}

#[cfg(test)]
mod tests;

/// Which way a measure should move for the practice to be doing better.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Better {
    Lower,
    Higher,
    /// Neither: context, not a goal (how many messages came).
    Neither,
}

/// One measure of a baseline period against a pilot period.
#[derive(Debug, Clone, PartialEq)]
pub struct Change {
    pub key: &'static str,
    pub label: &'static str,
    pub baseline: Option<f64>,
    pub pilot: Option<f64>,
    /// Pilot minus baseline.
    pub change: Option<f64>,
    /// Whether it moved the right way (`None`: no direction, no change, or no value).
    pub improved: Option<bool>,
}

/// The measures a quality-improvement report compares: counts as a mean per
/// day (the periods may differ in length), times and shares over the period.
pub fn compare(baseline: &Audit, pilot: &Audit) -> Vec<Change> {
    type Measure = (&'static str, &'static str, Better, fn(&Audit) -> Option<f64>);
    let measures: [Measure; 10] = [
        ("received_per_day", "messages received per day", Better::Neither, |a| per_day(a, |f| f.received)),
        ("urgent_flagged_per_day", "urgent messages (flagged) per day", Better::Lower, |a| {
            per_day(a, |f| f.urgent_flagged)
        }),
        ("urgent_confirmed_per_day", "urgent messages (judged by the nurse) per day", Better::Lower, |a| {
            per_day(a, |f| f.urgent_confirmed)
        }),
        ("unresolved_at_close_per_day", "unresolved at close, mean per day", Better::Lower, |a| {
            per_day(a, |f| f.unresolved_at_close)
        }),
        ("overdue_at_close_per_day", "overdue at close, mean per day", Better::Lower, |a| {
            per_day(a, |f| f.overdue_at_close)
        }),
        ("first_response_median_min", "minutes to first response (median)", Better::Lower, |a| {
            a.total.first_response_median_min
        }),
        ("first_response_p90_min", "minutes to first response (90th percentile)", Better::Lower, |a| {
            a.total.first_response_p90_min
        }),
        ("first_response_business_median_min", "business minutes to first response (median)", Better::Lower, |a| {
            a.total.first_response_business_median_min
        }),
        ("within_target_pct", "answered within target (%)", Better::Higher, |a| a.total.within_target_pct),
        ("stress_mean", "nurse stress, mean of ratings (0-10)", Better::Lower, |a| a.total.stress_mean),
    ];
    measures
        .into_iter()
        .map(|(key, label, better, value)| {
            let (before, after) = (value(baseline), value(pilot));
            let change = before.zip(after).map(|(b, p)| p - b);
            let improved = match (better, change) {
                (Better::Neither, _) | (_, None) => None,
                (_, Some(c)) if c.abs() < 1e-9 => None,
                (Better::Lower, Some(c)) => Some(c < 0.0),
                (Better::Higher, Some(c)) => Some(c > 0.0),
            };
            Change { key, label, baseline: before, pilot: after, change, improved }
        })
        .collect()
}

/// A count's mean per day of the period.
fn per_day(audit: &Audit, count: fn(&Figures) -> u64) -> Option<f64> {
    (!audit.days.is_empty()).then(|| audit.days.iter().map(count).sum::<u64>() as f64 / audit.days.len() as f64)
}
