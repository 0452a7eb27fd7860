//! The audit on small hand-built weeks, every expected number worked out by hand in the comments.

use super::*;
use crate::domain::clock::{Calendar, Clinic, OpenSpan, Target, Targets, parse_date};
use chrono::DateTime;
use std::collections::BTreeSet;

fn at(text: &str) -> i64 {
    DateTime::parse_from_rfc3339(text).unwrap().timestamp()
}

fn date(text: &str) -> NaiveDate {
    parse_date(text).unwrap()
}

/// New York, weekdays 08:00-17:00, Thanksgiving closed.
fn clinic() -> Clinic {
    let open = vec![OpenSpan { start: 480, end: 1020 }];
    let week = [open.clone(), open.clone(), open.clone(), open.clone(), open, Vec::new(), Vec::new()];
    let targets =
        Targets { routine: Target::BusinessDays(1), urgent: Target::BusinessMinutes(60), emergent: Target::OnArrival };
    Clinic::new(chrono_tz::America::New_York, week, BTreeSet::from([date("2026-11-26")]), targets).unwrap()
}

/// A record's place in the trail, made from a short name ("e1") so that corrections can name it.
fn seq(uid: &str) -> i64 {
    uid.bytes().fold(0, |seq, byte| seq * 256 + i64::from(byte))
}

fn act(uid: &str, name: &str, when: &str, corrects: Option<&str>) -> AuditAction {
    AuditAction {
        seq: seq(uid),
        kind: crate::domain::action::find(name).unwrap(),
        at: at(when),
        corrects: corrects.map(seq),
    }
}

/// A message as the store gives it: arrival, due time, flag and actions.
type Given = (i64, i64, Option<Level>, Vec<AuditAction>);

fn message(arrived: &str, flagged: Option<Level>, calendar: &mut Calendar<'_>, actions: Vec<AuditAction>) -> Given {
    let arrived = at(arrived);
    (arrived, calendar.due_at(arrived, flagged), flagged, actions)
}

fn records(messages: &[Given], ratings: &[AuditRating]) -> AuditRecords {
    let mut batch = RecordBatch::default();
    for (arrived, due, flagged, actions) in messages {
        batch.push(*arrived, *due, *flagged, actions.iter().copied());
    }
    AuditRecords { batches: vec![batch], ratings: ratings.to_vec() }
}

#[test]
fn three_days_worked_out_by_hand() {
    let clinic = clinic();
    let mut calendar = Calendar::new(&clinic);
    let cal = &mut calendar;
    let messages = vec![
        // A: Monday 10:00, answered 11:30 (90 min, all open time), resolved.
        message("2026-11-23T10:00:00-05:00", None, cal, vec![act("a1", "replied", "2026-11-23T11:30:00-05:00", None)]),
        // B: Sunday 20:00 (after hours); a call Monday 08:30, a reply 09:00.
        message(
            "2026-11-22T20:00:00-05:00",
            None,
            cal,
            vec![
                act("b1", "called", "2026-11-23T08:30:00-05:00", None),
                act("b2", "replied", "2026-11-23T09:00:00-05:00", None),
            ],
        ),
        // C: Monday 16:30, urgent by the rules, overruled at 16:45; never answered (due Tuesday 08:30).
        message(
            "2026-11-23T16:30:00-05:00",
            Some(Level::Urgent),
            cal,
            vec![act("c1", "not-urgent", "2026-11-23T16:45:00-05:00", None)],
        ),
        // D: Monday 12:00, emergent (due on arrival); redirected 12:05 (5 min late), confirmed, reopened 13:00.
        message(
            "2026-11-23T12:00:00-05:00",
            Some(Level::Emergent),
            cal,
            vec![
                act("d1", "redirected-urgent", "2026-11-23T12:05:00-05:00", None),
                act("d2", "confirm-urgent", "2026-11-23T12:06:00-05:00", None),
                act("d3", "reopened", "2026-11-23T13:00:00-05:00", None),
            ],
        ),
        // E: Tuesday 09:00; a mistaken "no reply needed" at 09:10 taken back; replied 09:20, entered late.
        message(
            "2026-11-24T09:00:00-05:00",
            None,
            cal,
            vec![
                act("e1", "no-reply-needed", "2026-11-24T09:10:00-05:00", None),
                act("e2", "undo", "2026-11-24T09:15:00-05:00", Some("e1")),
                act("e3", "replied", "2026-11-24T09:20:00-05:00", None),
            ],
        ),
    ];
    let ratings = [
        AuditRating { date: date("2026-11-23"), rating: 4, nurse: "RN Ames".into() },
        AuditRating { date: date("2026-11-24"), rating: 6, nurse: "RN Bell".into() },
        AuditRating { date: date("2026-11-25"), rating: 9, nurse: "RN Ames".into() },
    ];
    let as_of = at("2026-11-24T18:00:00-05:00");
    let audit = audit(&records(&messages, &ratings), &clinic, date("2026-11-22"), date("2026-11-24"), as_of);
    let [sun, mon, tue] = [&audit.days[0], &audit.days[1], &audit.days[2]];

    // Sunday: B only, after hours. Closed all day, so its close is midnight: B still open.
    assert_eq!((sun.received, sun.received_after_hours, sun.resolved), (1, 1, 0));
    assert_eq!((sun.unresolved_at_close, sun.overdue_at_close), (1, 0));
    // B: 12 h 30 min on the wall, 30 min of open time (Monday 08:00-08:30); answered before its due time.
    assert_eq!(sun.first_response_median_min, Some(750.0));
    assert_eq!(sun.first_response_business_median_min, Some(30.0));
    assert_eq!(sun.within_target_pct, Some(100.0));
    assert!(sun.actions.is_empty() && sun.stress_n == 0 && sun.stress_mean.is_none());

    // Monday: A, C and D; C and D flagged, D confirmed, C overruled.
    assert_eq!((mon.received, mon.received_after_hours), (3, 0));
    assert_eq!((mon.urgent_flagged, mon.urgent_confirmed, mon.false_alarms), (2, 1, 1));
    // Resolved that day: A, B and D (D reopened later still counts its resolution).
    assert_eq!(mon.resolved, 3);
    // At 17:00: C never answered and D reopened are open; neither is overdue yet (C is due Tuesday, D answered).
    assert_eq!((mon.unresolved_at_close, mon.overdue_at_close), (2, 0));
    // First responses of Monday's messages: A 90, D 5 (C none): median 47.5, 90th percentile 90.
    assert_eq!(mon.first_response_median_min, Some(47.5));
    assert_eq!(mon.first_response_p90_min, Some(90.0));
    assert_eq!(mon.first_response_business_median_min, Some(47.5));
    // A met its target; D was 5 min late; C is past due unanswered: 1 of 3.
    assert_eq!(mon.within_target_pct.map(|p| (p * 100.0).round() / 100.0), Some(33.33));
    let monday_actions: Vec<(&str, u64)> = mon.actions.iter().map(|(k, v)| (*k, *v)).collect();
    assert_eq!(
        monday_actions,
        [
            ("called", 1),
            ("confirm-urgent", 1),
            ("not-urgent", 1),
            ("redirected-urgent", 1),
            ("reopened", 1),
            ("replied", 2)
        ]
    );
    assert_eq!((mon.stress_mean, mon.stress_n), (Some(4.0), 1));

    // Tuesday: E, answered in 20 min; the undone record does not count.
    assert_eq!((tue.received, tue.resolved), (1, 1));
    assert_eq!(tue.first_response_median_min, Some(20.0));
    assert_eq!(tue.actions.iter().map(|(k, v)| (*k, *v)).collect::<Vec<_>>(), [("replied", 1)]);
    // At 17:00: C and D open; C past due (08:30) and unanswered.
    assert_eq!((tue.unresolved_at_close, tue.overdue_at_close), (2, 1));
    assert_eq!(tue.within_target_pct, Some(100.0));

    // The period: sums, medians over every message, the last day's close, ratings in the period only.
    let t = &audit.total;
    assert_eq!((t.received, t.received_after_hours, t.resolved), (5, 1, 4));
    assert_eq!((t.urgent_flagged, t.urgent_confirmed, t.false_alarms), (2, 1, 1));
    assert_eq!((t.unresolved_at_close, t.overdue_at_close), (2, 1));
    // 5, 20, 90, 750: median 55, p90 750; business 5, 20, 30, 90: median 25.
    assert_eq!((t.first_response_median_min, t.first_response_p90_min), (Some(55.0), Some(750.0)));
    assert_eq!(t.first_response_business_median_min, Some(25.0));
    // Met: A, B, E; missed: C, D.
    assert_eq!(t.within_target_pct, Some(60.0));
    assert_eq!((t.stress_mean, t.stress_n), (Some(5.0), 2));
    assert_eq!(t.actions.get("replied"), Some(&3));
    // Per nurse, only when asked: the period's ratings by name.
    let by = stress_by_nurse(&ratings, date("2026-11-22"), date("2026-11-24"));
    assert_eq!(
        by,
        [
            NurseStress { nurse: "RN Ames".into(), mean: 4.0, n: 1 },
            NurseStress { nurse: "RN Bell".into(), mean: 6.0, n: 1 }
        ]
    );
}

#[test]
fn a_daylight_saving_day_has_its_25_hours() {
    let clinic = clinic();
    let mut calendar = Calendar::new(&clinic);
    let cal = &mut calendar;
    let messages = vec![
        message("2026-11-01T01:30:00-04:00", None, cal, Vec::new()), // the first 01:30
        message("2026-11-01T01:30:00-05:00", None, cal, Vec::new()), // the second
        message("2026-11-01T23:30:00-05:00", None, cal, Vec::new()),
        message("2026-11-02T00:30:00-05:00", None, cal, Vec::new()), // Monday
    ];
    let audit = audit(
        &records(&messages, &[]),
        &clinic,
        date("2026-11-01"),
        date("2026-11-02"),
        at("2026-11-03T00:00:00-05:00"),
    );
    assert_eq!((audit.days[0].received, audit.days[1].received), (3, 1));
    assert_eq!(audit.days[0].received_after_hours, 3);
}

#[test]
fn an_empty_period_has_no_messages_and_no_division_by_zero() {
    let clinic = clinic();
    let audit =
        audit(&AuditRecords::default(), &clinic, date("2026-11-23"), date("2026-11-27"), at("2026-11-28T00:00:00Z"));
    assert_eq!(audit.days.len(), 5);
    assert_eq!(audit.total.received, 0);
    assert!(audit.total.within_target_pct.is_none() && audit.total.first_response_median_min.is_none());
    assert!(audit.total.stress_mean.is_none());
}

#[test]
fn a_pilot_is_compared_with_its_baseline_measure_by_measure() {
    let day = |date: &str, received, unresolved, stress: Option<f64>| Figures {
        date: Some(super::super::clock::parse_date(date).unwrap()),
        received,
        unresolved_at_close: unresolved,
        stress_mean: stress,
        ..Figures::default()
    };
    let baseline = Audit {
        days: vec![day("2026-01-05", 40, 30, None), day("2026-01-06", 50, 20, None)],
        total: Figures {
            first_response_median_min: Some(600.0),
            within_target_pct: Some(70.0),
            stress_mean: Some(7.0),
            ..Figures::default()
        },
    };
    let pilot = Audit {
        days: vec![day("2026-03-02", 45, 5, None), day("2026-03-03", 45, 7, None), day("2026-03-04", 45, 6, None)],
        total: Figures {
            first_response_median_min: Some(90.0),
            within_target_pct: Some(95.0),
            stress_mean: Some(7.0),
            ..Figures::default()
        },
    };
    let changes = compare(&baseline, &pilot);
    let get = |key: &str| changes.iter().find(|c| c.key == key).unwrap().clone();
    // 45 a day both times: no direction for volume.
    let received = get("received_per_day");
    assert_eq!(
        (received.baseline, received.pilot, received.change, received.improved),
        (Some(45.0), Some(45.0), Some(0.0), None)
    );
    // 25 a day open at close before, 6 after: better.
    let open = get("unresolved_at_close_per_day");
    assert_eq!((open.baseline, open.pilot, open.improved), (Some(25.0), Some(6.0), Some(true)));
    assert_eq!(get("first_response_median_min").improved, Some(true));
    assert_eq!(get("within_target_pct").change, Some(25.0));
    assert_eq!(get("within_target_pct").improved, Some(true));
    // The same stress: no change either way.
    assert_eq!(get("stress_mean").improved, None);
    // A measure with no value in one period has no change.
    assert_eq!(get("first_response_p90_min").change, None);
}

#[test]
fn the_audit_is_as_of_its_moment_and_overdue_comes_after_the_due_time() {
    let clinic = clinic();
    let mut calendar = Calendar::new(&clinic);
    let cal = &mut calendar;
    // Monday 14:00, due Tuesday 17:00; the reply is entered as happening Tuesday 10:00.
    let answered =
        message("2026-11-23T14:00:00-05:00", None, cal, vec![act("r", "replied", "2026-11-24T10:00:00-05:00", None)]);
    // Monday 15:00, due Tuesday 17:00, never answered.
    let waiting = message("2026-11-23T15:00:00-05:00", None, cal, Vec::new());
    let messages = [answered, waiting];
    // As of Monday 16:00 the reply had not happened: nothing answered, nothing yet late.
    let monday = audit(
        &records(&messages, &[]),
        &clinic,
        date("2026-11-23"),
        date("2026-11-23"),
        at("2026-11-23T16:00:00-05:00"),
    );
    let day = &monday.days[0];
    assert_eq!((day.received, day.unresolved_at_close, day.resolved), (2, 2, 0));
    assert_eq!((day.first_response_median_min, day.within_target_pct), (None, None));
    // As of Wednesday: due Tuesday 17:00 is not late at Tuesday's 17:00 close, late at Wednesday's.
    let later = audit(
        &records(&messages, &[]),
        &clinic,
        date("2026-11-24"),
        date("2026-11-25"),
        at("2026-11-25T18:00:00-05:00"),
    );
    assert_eq!((later.days[0].overdue_at_close, later.days[1].overdue_at_close), (0, 1));
    assert_eq!(later.days[0].resolved, 1);
}

/// Clinics whose days are not all 24 hours: New York (both changes of
/// 2026), Lord Howe (half an hour), Havana (midnight happens twice), and one
/// open around the clock.
fn clinics() -> Vec<Clinic> {
    let targets =
        Targets { routine: Target::BusinessDays(1), urgent: Target::BusinessMinutes(60), emergent: Target::OnArrival };
    let week = |spans: &str| {
        let open = crate::domain::clock::parse_open_hours(spans).unwrap();
        [open.clone(), open.clone(), open.clone(), open.clone(), open, Vec::new(), Vec::new()]
    };
    let all_week = |spans: &str| {
        let open = crate::domain::clock::parse_open_hours(spans).unwrap();
        std::array::from_fn(|_| open.clone())
    };
    vec![
        clinic(),
        Clinic::new(chrono_tz::Australia::Lord_Howe, week("09:00-12:00, 13:00-17:30"), BTreeSet::new(), targets)
            .unwrap(),
        Clinic::new(chrono_tz::America::Havana, all_week("00:00-24:00"), BTreeSet::new(), targets).unwrap(),
        Clinic::new(chrono_tz::Asia::Kathmandu, all_week("07:00-19:00"), BTreeSet::new(), targets).unwrap(),
    ]
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(200))]

    /// The quick lookups of a day and of a close agree with a search of every day.
    #[test]
    fn the_day_and_close_of_an_instant_agree_with_a_plain_search(
        which in 0usize..4,
        first in 0u64..400,
        length in 0u64..60,
        as_of_hours in -48i64..2000,
        instants in proptest::collection::vec(-200_000i64..6_000_000, 1..40),
    ) {
        let clinic = &clinics()[which];
        let from = date("2026-01-01").checked_add_days(chrono::Days::new(first)).unwrap();
        let to = from.checked_add_days(chrono::Days::new(length)).unwrap();
        let start = crate::domain::clock::day_start_of(clinic.time_zone, from);
        let as_of = start + as_of_hours * 3600;
        let period = super::tally::Period::new(clinic, from, to, as_of);
        let days: Vec<NaiveDate> = from.iter_days().take_while(|d| *d <= to).collect();
        let bounds: Vec<(i64, i64)> = days
            .iter()
            .map(|&d| {
                let day_start = crate::domain::clock::day_start_of(clinic.time_zone, d);
                let next = crate::domain::clock::day_start_of(clinic.time_zone, d.succ_opt().unwrap());
                (day_start, next)
            })
            .collect();
        let closes: Vec<i64> = days
            .iter()
            .zip(&bounds)
            .map(|(&d, &(_, end))| clinic.open_on(d).last().map_or(end, |&(_, close)| close).min(as_of))
            .collect();
        for offset in instants {
            let at = start + offset;
            let day = bounds.iter().position(|&(s, e)| s <= at && at < e);
            proptest::prop_assert_eq!(period.day_of(at), day, "day of {}", at);
            proptest::prop_assert_eq!(period.closes_before(at), closes.iter().filter(|&&c| c < at).count(), "closes before {}", at);
        }
    }

    /// However the messages are split into batches (tallied on threads of
    /// their own), the audit is the one of them all together.
    #[test]
    fn batches_add_up_to_the_audit_of_them_all(
        messages in proptest::collection::vec(
            (0i64..10 * 86_400, proptest::option::of(0u8..2), proptest::collection::vec((0usize..12, 0i64..4 * 86_400, 0u8..4), 0..5)),
            0..60,
        ),
        cuts in proptest::collection::vec(0usize..60, 0..4),
        as_of_hours in 0i64..400,
    ) {
        let clinic = clinic();
        let mut calendar = Calendar::new(&clinic);
        let start = at("2026-11-16T00:00:00-05:00");
        let kinds = crate::domain::action::DEFAULT_ACTIONS;
        let mut seq = 0i64;
        let given: Vec<Given> = messages
            .iter()
            .map(|(arrival, level, actions)| {
                let arrived = start + arrival;
                let flagged = level.map(|l| if l == 0 { Level::Urgent } else { Level::Emergent });
                let first = seq + 1;
                let actions: Vec<AuditAction> = actions
                    .iter()
                    .map(|&(kind, after, correcting)| {
                        seq += 1;
                        // Now and then a record takes back or puts right an earlier one of its message.
                        let corrects = (correcting == 0 && seq > first).then_some(seq - 1);
                        AuditAction { seq, kind: &kinds[kind], at: arrived + after, corrects }
                    })
                    .collect();
                (arrived, calendar.due_at(arrived, flagged), flagged, actions)
            })
            .collect();
        let ratings = [AuditRating { date: date("2026-11-17"), rating: 5, nurse: "RN Ames".into() }];
        let (from, to, as_of) = (date("2026-11-16"), date("2026-11-27"), start + as_of_hours * 3600);
        let whole = audit(&records(&given, &ratings), &clinic, from, to, as_of);
        let mut edges: Vec<usize> = cuts.iter().map(|&c| c.min(given.len())).collect();
        edges.sort_unstable();
        let mut batches = Vec::new();
        let mut last = 0;
        for edge in edges.into_iter().chain([given.len()]) {
            batches.push(records(&given[last..edge], &[]).batches.remove(0));
            last = edge;
        }
        let split = audit(&AuditRecords { batches, ratings: ratings.to_vec() }, &clinic, from, to, as_of);
        proptest::prop_assert_eq!(split, whole);
    }
}
