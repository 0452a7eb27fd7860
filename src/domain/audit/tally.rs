//! Messages added up, one at a time, into a period's running sums: what each day received, resolved and did, which messages were open and overdue at each close, and how long first responses took. Two tallies of the same period add up, so batches can be tallied apart.

use chrono::{Days, NaiveDate};

use super::{AuditAction, AuditMessage, Figures, RecordBatch};
use crate::domain::action::{self, ActionKind, Entry};
use crate::domain::clock::{Calendar, Clinic};

/// The period's clinic days: where each starts and when it closes, and
/// which day or close an instant comes to, in a step or two (a clinic day
/// is 23 to 25 hours long) rather than a search.
#[derive(Debug)]
pub(super) struct Period {
    pub dates: Vec<NaiveDate>,
    /// The moment the audit is made: records of a later time have not happened yet.
    pub as_of: i64,
    /// Each day's start, then the end of the last.
    starts: Vec<i64>,
    /// Each day's close: the end of its last open span, or its end when the
    /// clinic was closed all day; never later than the audit's moment.
    closes: Vec<i64>,
}

impl Period {
    pub fn new(clinic: &Clinic, from: NaiveDate, to: NaiveDate, as_of: i64) -> Period {
        let dates: Vec<NaiveDate> = from.iter_days().take_while(|d| *d <= to).collect();
        let midnight = |date: NaiveDate| crate::domain::clock::day_start_of(clinic.time_zone, date);
        let mut starts: Vec<i64> = dates.iter().map(|&date| midnight(date)).collect();
        let mut closes = Vec::with_capacity(dates.len());
        for (i, &date) in dates.iter().enumerate() {
            let end = date.checked_add_days(Days::new(1)).map_or(starts[i] + 86_400, midnight);
            closes.push(clinic.open_on(date).last().map_or(end, |&(_, close)| close).min(as_of));
            if i + 1 == dates.len() {
                starts.push(end);
            }
        }
        Period { dates, as_of, starts, closes }
    }

    /// How many of `edges` (sorted) come before `at` (or at it too, when
    /// `inclusive`), trying `guess` and the place after it before searching.
    fn place(edges: &[i64], at: i64, guess: usize, inclusive: bool) -> usize {
        let before = |edge: i64| if inclusive { edge <= at } else { edge < at };
        let fits = |i: usize| (i == 0 || before(edges[i - 1])) && (i == edges.len() || !before(edges[i]));
        let guess = guess.min(edges.len());
        if fits(guess) {
            guess
        } else if guess < edges.len() && fits(guess + 1) {
            guess + 1
        } else {
            edges.partition_point(|&edge| before(edge))
        }
    }

    /// The day `at` would fall on if every day were 24 hours long.
    fn guess(&self, at: i64) -> usize {
        let first = self.starts.first().copied().unwrap_or(at);
        usize::try_from(at.saturating_sub(first) / 86_400).unwrap_or(0)
    }

    /// The day `at` falls on, if it falls in the period.
    pub fn day_of(&self, at: i64) -> Option<usize> {
        let started = Period::place(&self.starts, at, self.guess(at).saturating_add(1), true);
        (started >= 1 && started < self.starts.len()).then(|| started - 1)
    }

    /// How many of the days' closes come before `at`: the first close at or after it.
    pub fn closes_before(&self, at: i64) -> usize {
        Period::place(&self.closes, at, self.guess(at), false)
    }
}

/// The running sums of a period's days.
#[derive(Debug)]
pub(super) struct Tally {
    /// The counts of each day (received, after hours, urgent, false alarms, resolved).
    pub days: Vec<Figures>,
    /// Seconds to first response, wall clock and business, per day received.
    pub response_seconds: Vec<Vec<i64>>,
    pub business_seconds: Vec<Vec<i64>>,
    /// Per day received: first responses by the due time, and those after it (or missing past it).
    pub target: Vec<(u64, u64)>,
    /// Standing actions per day by kind: a column for each kind met, in the order met.
    pub kinds: Vec<(&'static ActionKind, Vec<u64>)>,
    /// Open and overdue at each close: +1 where an interval starts, -1 after it ends.
    pub open_diff: Vec<i64>,
    pub overdue_diff: Vec<i64>,
}

impl Tally {
    pub fn new(period: &Period) -> Tally {
        let n = period.dates.len();
        Tally {
            days: period.dates.iter().map(|&date| Figures { date: Some(date), ..Figures::default() }).collect(),
            response_seconds: vec![Vec::new(); n],
            business_seconds: vec![Vec::new(); n],
            target: vec![(0, 0); n],
            kinds: Vec::new(),
            open_diff: vec![0; n + 1],
            overdue_diff: vec![0; n + 1],
        }
    }

    /// Tallies every message of `batch`.
    pub fn of(batch: &RecordBatch, period: &Period, clinic: &Clinic) -> Tally {
        let mut tally = Tally::new(period);
        let mut calendar = Calendar::new(clinic);
        let (mut corrected, mut standing) = (Vec::new(), Vec::new());
        for message in &batch.messages {
            standing_at(batch.actions_of(message), period.as_of, &mut corrected, &mut standing);
            tally.add(message, &standing, period, &mut calendar);
        }
        tally
    }

    /// Adds one message, given the actions that stand on it in the order they happened.
    fn add(
        &mut self,
        message: &AuditMessage,
        standing: &[(&'static ActionKind, i64)],
        period: &Period,
        calendar: &mut Calendar<'_>,
    ) {
        let mut first_response = None;
        let mut open_since = Some(message.arrived);
        let mut judged_urgent = None;
        for &(kind, at) in standing {
            if kind.is_response && first_response.is_none() {
                first_response = Some(at);
            }
            if kind.resolves {
                if let Some(since) = open_since.take() {
                    count_interval(&mut self.open_diff, period, since, Some(at.max(since)));
                    if let Some(d) = period.day_of(at) {
                        self.days[d].resolved += 1;
                    }
                }
            } else if kind.name == "reopened" && open_since.is_none() {
                open_since = Some(at);
            }
            match kind.name {
                "confirm-urgent" | "mark-urgent" => judged_urgent = Some(true),
                "not-urgent" => judged_urgent = Some(false),
                _ => {}
            }
            if let Some(d) = period.day_of(at) {
                self.kind_days(kind, period)[d] += 1;
            }
        }
        if let Some(since) = open_since {
            count_interval(&mut self.open_diff, period, since, None);
        }
        // Overdue at a close strictly after the due time (due at 17:00 is not late at 17:00).
        count_interval(&mut self.overdue_diff, period, (message.due + 1).max(message.arrived), first_response);
        let Some(d) = period.day_of(message.arrived) else { return };
        let day = &mut self.days[d];
        day.received += 1;
        if calendar.next_opening(message.arrived) != message.arrived {
            day.received_after_hours += 1;
        }
        if message.flagged.is_some() {
            day.urgent_flagged += 1;
            if judged_urgent == Some(false) {
                day.false_alarms += 1;
            }
        }
        if judged_urgent == Some(true) {
            day.urgent_confirmed += 1;
        }
        match first_response {
            Some(first) => {
                self.response_seconds[d].push((first - message.arrived).max(0));
                self.business_seconds[d].push(calendar.business_between(message.arrived, first));
                if first <= message.due {
                    self.target[d].0 += 1;
                } else {
                    self.target[d].1 += 1;
                }
            }
            None if message.due < period.as_of => self.target[d].1 += 1,
            None => {}
        }
    }

    /// The day-by-day counts of `kind`, made when first met.
    fn kind_days(&mut self, kind: &'static ActionKind, period: &Period) -> &mut Vec<u64> {
        let column = match self.kinds.iter().position(|(known, _)| std::ptr::eq(*known, kind)) {
            Some(column) => column,
            None => {
                self.kinds.push((kind, vec![0; period.dates.len()]));
                self.kinds.len() - 1
            }
        };
        &mut self.kinds[column].1
    }

    /// Adds another tally of the same period to this one.
    pub fn merge(&mut self, other: Tally, period: &Period) {
        for (day, theirs) in self.days.iter_mut().zip(&other.days) {
            day.add_counts(theirs);
        }
        for (mine, theirs) in self.response_seconds.iter_mut().zip(other.response_seconds) {
            mine.extend(theirs);
        }
        for (mine, theirs) in self.business_seconds.iter_mut().zip(other.business_seconds) {
            mine.extend(theirs);
        }
        for (mine, theirs) in self.target.iter_mut().zip(other.target) {
            *mine = (mine.0 + theirs.0, mine.1 + theirs.1);
        }
        for (kind, counts) in other.kinds {
            for (mine, theirs) in self.kind_days(kind, period).iter_mut().zip(counts) {
                *mine += theirs;
            }
        }
        for (mine, theirs) in self.open_diff.iter_mut().zip(other.open_diff) {
            *mine += theirs;
        }
        for (mine, theirs) in self.overdue_diff.iter_mut().zip(other.overdue_diff) {
            *mine += theirs;
        }
    }
}

/// Counts an interval [since, until) (until `None`: still going) at each close it holds.
fn count_interval(diff: &mut [i64], period: &Period, since: i64, until: Option<i64>) {
    let first = period.closes_before(since);
    let last = until.map_or(period.dates.len(), |until| period.closes_before(until));
    if first < last {
        diff[first] += 1;
        diff[last] -= 1;
    }
}

/// The actions of one message that stand at `as_of`, in the order they
/// happened (ties in the order given), into `standing`: of those recorded
/// as happening by then (a correction made later has not happened yet), the
/// ones [`action::effective`] keeps. `corrected` is scratch.
fn standing_at(
    actions: &[AuditAction],
    as_of: i64,
    corrected: &mut Vec<i64>,
    standing: &mut Vec<(&'static ActionKind, i64)>,
) {
    let happened = actions.iter().filter(|a| a.at <= as_of).map(|a| Entry {
        uid: a.seq,
        kind: a.kind,
        at: a.at,
        corrects: a.corrects,
    });
    action::effective_into(happened, corrected, standing);
    if !standing.is_sorted_by_key(|&(_, at)| at) {
        standing.sort_by_key(|&(_, at)| at);
    }
}
