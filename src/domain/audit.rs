//! The daily message audit: every number defined once, here, from plain data (no I/O), for the report and its exports.
//!
//! A clinic day is a local date in the clinic's time zone. Its close is the
//! end of its last open span, or its midnight when the clinic was closed all
//! day; for the day still running, the instant the audit is made.

use std::collections::BTreeMap;

use chrono::{Days, NaiveDate};

use super::action::{self, ActionKind, Entry};
use super::clock::Calendar;
use super::urgency::Level;

/// A message as the audit needs it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditMessage {
    /// When it arrived on the clinic's clock (Unix seconds).
    pub arrived: i64,
    /// When it was due (Unix seconds).
    pub due: i64,
    /// The level the rules flagged it at.
    pub flagged: Option<Level>,
    /// Every action recorded on it, corrections included.
    pub actions: Vec<AuditAction>,
}

/// One recorded action.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditAction {
    pub uid: String,
    pub kind: &'static ActionKind,
    /// When it happened (Unix seconds).
    pub at: i64,
    pub corrects: Option<String>,
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

/// The audit of a period: a row per day and a total.
#[derive(Debug, Clone, PartialEq)]
pub struct Audit {
    pub days: Vec<Figures>,
    pub total: Figures,
}

/// What one message's actions come to.
struct Story {
    first_response: Option<i64>,
    /// Instants it became resolved.
    resolutions: Vec<i64>,
    /// When it was open: [from, until) with `None` for still open.
    open: Vec<(i64, Option<i64>)>,
    /// The nurse's last urgency review: Some(true) urgent, Some(false) overruled.
    judged_urgent: Option<bool>,
    /// The actions that stand, with when they happened.
    standing: Vec<(&'static ActionKind, i64)>,
}

/// What `message`'s actions had come to at `as_of` (a record of a later time had not happened yet).
fn story(message: &AuditMessage, as_of: i64) -> Story {
    let entries: Vec<Entry<'_>> = message
        .actions
        .iter()
        .filter(|a| a.at <= as_of)
        .map(|a| Entry { uid: &a.uid, kind: a.kind, at: a.at, corrects: a.corrects.as_deref() })
        .collect();
    let mut standing = action::effective(&entries);
    standing.sort_by_key(|&(_, at)| at);
    let mut first_response = None;
    let mut resolutions = Vec::new();
    let mut open = Vec::new();
    let mut open_since = Some(message.arrived);
    let mut judged_urgent = None;
    for &(kind, at) in &standing {
        if kind.is_response && first_response.is_none() {
            first_response = Some(at);
        }
        if kind.resolves {
            if let Some(since) = open_since.take() {
                open.push((since, Some(at.max(since))));
                resolutions.push(at);
            }
        } else if kind.name == "reopened" && open_since.is_none() {
            open_since = Some(at);
        }
        match kind.name {
            "confirm-urgent" | "mark-urgent" => judged_urgent = Some(true),
            "not-urgent" => judged_urgent = Some(false),
            _ => {}
        }
    }
    if let Some(since) = open_since {
        open.push((since, None));
    }
    Story { first_response, resolutions, open, judged_urgent, standing }
}

/// The audit of the clinic days `from..=to`, made at `as_of` (Unix seconds).
pub fn audit(
    messages: &[AuditMessage],
    ratings: &[AuditRating],
    calendar: &mut Calendar<'_>,
    from: NaiveDate,
    to: NaiveDate,
    as_of: i64,
) -> Audit {
    let clinic = calendar.clinic();
    let dates: Vec<NaiveDate> = from.iter_days().take_while(|d| *d <= to).collect();
    let midnight = |date: NaiveDate| super::clock::day_start_of(clinic.time_zone, date);
    // Each day: its start, its end, and its close (never later than the audit).
    let bounds: Vec<(i64, i64, i64)> = dates
        .iter()
        .map(|&date| {
            let start = midnight(date);
            let end = date.checked_add_days(Days::new(1)).map_or(start + 86_400, midnight);
            let close = clinic.open_on(date).last().map_or(end, |&(_, close)| close).min(as_of);
            (start, end, close)
        })
        .collect();
    let mut days: Vec<Figures> = dates.iter().map(|&date| Figures { date: Some(date), ..Figures::default() }).collect();
    let day_of = |at: i64| bounds.partition_point(|&(_, end, _)| end <= at);
    let mut response_minutes: Vec<Vec<f64>> = vec![Vec::new(); dates.len()];
    let mut business_minutes: Vec<Vec<f64>> = vec![Vec::new(); dates.len()];
    let mut target: Vec<(u64, u64)> = vec![(0, 0); dates.len()];
    // Open and overdue at each close: +1 where an interval starts, -1 after it ends.
    let mut open_diff = vec![0i64; dates.len() + 1];
    let mut overdue_diff = vec![0i64; dates.len() + 1];
    let closes: Vec<i64> = bounds.iter().map(|&(_, _, close)| close).collect();
    let count_interval = |diff: &mut Vec<i64>, since: i64, until: Option<i64>| {
        // The closes c with since <= c < until.
        let first = closes.partition_point(|&c| c < since);
        let last = until.map_or(closes.len(), |until| closes.partition_point(|&c| c < until));
        if first < last {
            diff[first] += 1;
            diff[last] -= 1;
        }
    };
    for message in messages {
        let story = story(message, as_of);
        for &(since, until) in &story.open {
            count_interval(&mut open_diff, since, until);
        }
        // Overdue at a close strictly after the due time (due at 17:00 is not late at 17:00).
        count_interval(&mut overdue_diff, (message.due + 1).max(message.arrived), story.first_response);
        for &at in &story.resolutions {
            let d = day_of(at);
            if d < days.len() && at >= bounds[d].0 {
                days[d].resolved += 1;
            }
        }
        for &(kind, at) in &story.standing {
            let d = day_of(at);
            if d < days.len() && at >= bounds[d].0 {
                *days[d].actions.entry(kind.name).or_insert(0) += 1;
            }
        }
        let d = day_of(message.arrived);
        if d >= days.len() || message.arrived < bounds[d].0 {
            continue;
        }
        let day = &mut days[d];
        day.received += 1;
        if calendar.next_opening(message.arrived) != message.arrived {
            day.received_after_hours += 1;
        }
        if message.flagged.is_some() {
            day.urgent_flagged += 1;
            if story.judged_urgent == Some(false) {
                day.false_alarms += 1;
            }
        }
        if story.judged_urgent == Some(true) {
            day.urgent_confirmed += 1;
        }
        match story.first_response {
            Some(first) => {
                response_minutes[d].push((first - message.arrived).max(0) as f64 / 60.0);
                business_minutes[d].push(calendar.business_between(message.arrived, first) as f64 / 60.0);
                if first <= message.due {
                    target[d].0 += 1;
                } else {
                    target[d].1 += 1;
                }
            }
            None if message.due < as_of => target[d].1 += 1,
            None => {}
        }
    }
    let (mut open_now, mut overdue_now) = (0i64, 0i64);
    for (i, day) in days.iter_mut().enumerate() {
        open_now += open_diff[i];
        overdue_now += overdue_diff[i];
        day.unresolved_at_close = open_now.max(0) as u64;
        day.overdue_at_close = overdue_now.max(0) as u64;
        day.first_response_median_min = median(&mut response_minutes[i]);
        day.first_response_p90_min = percentile(&mut response_minutes[i], 0.9);
        day.first_response_business_median_min = median(&mut business_minutes[i]);
        day.within_target_pct = share(target[i]);
        let day_ratings: Vec<f64> =
            ratings.iter().filter(|r| Some(r.date) == day.date).map(|r| f64::from(r.rating)).collect();
        day.stress_n = day_ratings.len() as u64;
        day.stress_mean = mean(&day_ratings);
    }
    let mut total = Figures::default();
    for day in &days {
        total.received += day.received;
        total.received_after_hours += day.received_after_hours;
        total.urgent_flagged += day.urgent_flagged;
        total.urgent_confirmed += day.urgent_confirmed;
        total.false_alarms += day.false_alarms;
        total.resolved += day.resolved;
        for (name, n) in &day.actions {
            *total.actions.entry(name).or_insert(0) += n;
        }
    }
    if let Some(last) = days.last() {
        total.unresolved_at_close = last.unresolved_at_close;
        total.overdue_at_close = last.overdue_at_close;
    }
    let mut all_minutes: Vec<f64> = response_minutes.concat();
    let mut all_business: Vec<f64> = business_minutes.concat();
    total.first_response_median_min = median(&mut all_minutes);
    total.first_response_p90_min = percentile(&mut all_minutes, 0.9);
    total.first_response_business_median_min = median(&mut all_business);
    total.within_target_pct = share(target.iter().fold((0, 0), |(m, x), &(a, b)| (m + a, x + b)));
    let period: Vec<f64> =
        ratings.iter().filter(|r| r.date >= from && r.date <= to).map(|r| f64::from(r.rating)).collect();
    total.stress_n = period.len() as u64;
    total.stress_mean = mean(&period);
    Audit { days, total }
}

/// The median: the middle value, or the mean of the two middle values.
fn median(values: &mut [f64]) -> Option<f64> {
    if values.is_empty() {
        return None;
    }
    values.sort_by(f64::total_cmp);
    let mid = values.len() / 2;
    Some(if values.len() % 2 == 1 { values[mid] } else { (values[mid - 1] + values[mid]) / 2.0 })
}

/// The nearest-rank percentile `q` (0 to 1) of `values`; `None` when there are none.
fn percentile(values: &mut [f64], q: f64) -> Option<f64> {
    if values.is_empty() {
        return None;
    }
    values.sort_by(f64::total_cmp);
    let rank = (q * values.len() as f64).ceil().max(1.0) as usize;
    Some(values[rank.min(values.len()) - 1])
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
