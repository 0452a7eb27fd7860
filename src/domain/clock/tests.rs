//! The clinic clock against the rules in words, daylight-saving days, and a plain day-by-day reference.

use super::*;
use proptest::prelude::*;

const NEW_YORK: Tz = chrono_tz::America::New_York;

fn at(text: &str) -> i64 {
    DateTime::parse_from_rfc3339(text).unwrap_or_else(|err| panic!("{text}: {err}")).timestamp()
}

fn text(at: i64) -> String {
    DateTime::from_timestamp(at, 0).unwrap().with_timezone(&NEW_YORK).to_rfc3339()
}

fn weekdays(hours: &str) -> [Vec<OpenSpan>; 7] {
    let open = parse_open_hours(hours).unwrap();
    [open.clone(), open.clone(), open.clone(), open.clone(), open, Vec::new(), Vec::new()]
}

fn targets() -> Targets {
    Targets { routine: Target::BusinessDays(1), urgent: Target::BusinessMinutes(60), emergent: Target::OnArrival }
}

/// New York, Monday to Friday 08:00–17:00, Thanksgiving and Christmas 2026 closed.
fn clinic() -> Clinic {
    let holidays = ["2026-11-26", "2026-12-25"].iter().map(|d| parse_date(d).unwrap()).collect();
    Clinic::new(NEW_YORK, weekdays("08:00-17:00"), holidays, targets()).unwrap()
}

/// Open every day of the week with these hours.
fn every_day(tz: Tz, hours: &str) -> Clinic {
    let open = parse_open_hours(hours).unwrap();
    let week = [open.clone(), open.clone(), open.clone(), open.clone(), open.clone(), open.clone(), open];
    Clinic::new(tz, week, BTreeSet::new(), targets()).unwrap()
}

fn due(clinic: &Clinic, received: &str, level: Option<Level>) -> String {
    text(Calendar::new(clinic).due_at(at(received), level))
}

#[test]
fn a_routine_message_is_due_at_the_close_of_the_next_business_day() {
    let clinic = clinic();
    // Monday 10:00 and the Sunday evening before both start the clock on Monday.
    assert_eq!(due(&clinic, "2026-11-23T10:00:00-05:00", None), "2026-11-24T17:00:00-05:00");
    assert_eq!(due(&clinic, "2026-11-22T20:00:00-05:00", None), "2026-11-24T17:00:00-05:00");
    // After Monday's close the clock starts Tuesday.
    assert_eq!(due(&clinic, "2026-11-23T17:30:00-05:00", None), "2026-11-25T17:00:00-05:00");
    // Exactly at the close is after hours.
    assert_eq!(due(&clinic, "2026-11-23T17:00:00-05:00", None), "2026-11-25T17:00:00-05:00");
    // Wednesday before Thanksgiving: Thursday is a holiday, so Friday.
    assert_eq!(due(&clinic, "2026-11-25T10:00:00-05:00", None), "2026-11-27T17:00:00-05:00");
    // Received on the holiday itself: the clock starts Friday, due Monday.
    assert_eq!(due(&clinic, "2026-11-26T09:00:00-05:00", None), "2026-11-30T17:00:00-05:00");
}

#[test]
fn an_urgent_message_is_due_after_one_hour_of_open_time() {
    let clinic = clinic();
    let urgent = Some(Level::Urgent);
    assert_eq!(due(&clinic, "2026-11-23T16:30:00-05:00", urgent), "2026-11-24T08:30:00-05:00");
    assert_eq!(due(&clinic, "2026-11-23T10:15:00-05:00", urgent), "2026-11-23T11:15:00-05:00");
    // Met exactly at the close: due at the close, not at the next opening.
    assert_eq!(due(&clinic, "2026-11-23T16:00:00-05:00", urgent), "2026-11-23T17:00:00-05:00");
    // Friday evening: Monday 09:00.
    assert_eq!(due(&clinic, "2026-11-27T19:00:00-05:00", urgent), "2026-11-30T09:00:00-05:00");
    // Over a holiday: Wednesday 16:30 runs into Friday morning.
    assert_eq!(due(&clinic, "2026-11-25T16:30:00-05:00", urgent), "2026-11-27T08:30:00-05:00");
}

#[test]
fn an_emergent_message_is_due_on_arrival_whatever_the_hour() {
    let clinic = clinic();
    let emergent = Some(Level::Emergent);
    assert_eq!(due(&clinic, "2026-11-22T03:12:00-05:00", emergent), "2026-11-22T03:12:00-05:00");
    assert_eq!(due(&clinic, "2026-11-26T12:00:00-05:00", emergent), "2026-11-26T12:00:00-05:00");
}

#[test]
fn a_wall_clock_target_counts_every_hour() {
    let mut clinic = clinic();
    clinic.targets.routine = parse_target("4 hours").unwrap();
    assert_eq!(due(&clinic, "2026-11-22T22:00:00-05:00", None), "2026-11-23T02:00:00-05:00");
}

#[test]
fn lunch_breaks_are_not_business_time() {
    let mut clinic = Clinic::new(NEW_YORK, weekdays("08:00-12:00, 13:00-17:00"), BTreeSet::new(), targets()).unwrap();
    clinic.targets.urgent = parse_target("90 business minutes").unwrap();
    assert_eq!(due(&clinic, "2026-11-23T11:30:00-05:00", Some(Level::Urgent)), "2026-11-23T14:00:00-05:00");
    let mut calendar = Calendar::new(&clinic);
    assert_eq!(calendar.business_between(at("2026-11-23T07:00:00-05:00"), at("2026-11-24T07:00:00-05:00")), 8 * 3600);
}

#[test]
fn overdue_is_wall_and_business_time_past_due() {
    let clinic = clinic();
    let mut calendar = Calendar::new(&clinic);
    let due = calendar.due_at(at("2026-11-20T10:00:00-05:00"), None); // Friday → Monday 17:00
    assert_eq!(text(due), "2026-11-23T17:00:00-05:00");
    assert_eq!(calendar.overdue(due, at("2026-11-23T16:59:00-05:00")), None);
    assert_eq!(calendar.overdue(due, due), None);
    let overdue = calendar.overdue(due, at("2026-11-24T09:30:00-05:00")).unwrap();
    assert_eq!(overdue.wall, 16 * 3600 + 30 * 60);
    assert_eq!(overdue.business, 90 * 60);
    // Across Thanksgiving: Wednesday, the holiday, Friday.
    let overdue = calendar.overdue(due, at("2026-11-27T17:00:00-05:00")).unwrap();
    assert_eq!(overdue.business, 3 * 9 * 3600);
}

#[test]
fn spring_forward_2026_03_08_has_no_0230() {
    // Open all day Sunday: the day has 23 hours.
    let clinic = every_day(NEW_YORK, "00:00-24:00");
    let mut calendar = Calendar::new(&clinic);
    assert_eq!(calendar.business_between(at("2026-03-08T00:00:00-05:00"), at("2026-03-09T00:00:00-04:00")), 23 * 3600);
    // An opening at 02:30 that day opens when the gap ends, at 03:00 EDT.
    let clinic = every_day(NEW_YORK, "02:30-05:00");
    assert_eq!(
        clinic.open_on(parse_date("2026-03-08").unwrap()),
        [(at("2026-03-08T03:00:00-04:00"), at("2026-03-08T05:00:00-04:00"))]
    );
    // A received time of 02:30 without an offset is read as the end of the gap, and marked.
    let received = clinic.read_received(Some("2026-03-08T02:30:00"), at("2026-03-09T00:00:00Z"));
    assert_eq!(received, Received { at: at("2026-03-08T03:00:00-04:00"), note: Some(TimeNote::AssumedLocal) });
    // An urgent message from the Friday before is due Monday 08:30 EDT, 12:30 UTC.
    let clinic = self::clinic();
    assert_eq!(due(&clinic, "2026-03-06T16:30:00-05:00", Some(Level::Urgent)), "2026-03-09T08:30:00-04:00");
    let mut calendar = Calendar::new(&clinic);
    assert_eq!(calendar.business_between(at("2026-03-06T16:00:00-05:00"), at("2026-03-09T09:00:00-04:00")), 2 * 3600);
}

#[test]
fn fall_back_2026_11_01_has_0130_twice() {
    let clinic = every_day(NEW_YORK, "00:00-24:00");
    let mut calendar = Calendar::new(&clinic);
    assert_eq!(calendar.business_between(at("2026-11-01T00:00:00-04:00"), at("2026-11-02T00:00:00-05:00")), 25 * 3600);
    // Open 01:30–03:00: from the first 01:30 (EDT) to 03:00 EST, two and a half hours.
    let clinic = every_day(NEW_YORK, "01:30-03:00");
    let day = parse_date("2026-11-01").unwrap();
    assert_eq!(clinic.open_on(day), [(at("2026-11-01T01:30:00-04:00"), at("2026-11-01T03:00:00-05:00"))]);
    // Two spans meeting at 01:30 do not overlap.
    let clinic = every_day(NEW_YORK, "00:00-01:30, 01:30-03:00");
    let spans = clinic.open_on(day);
    assert_eq!(spans.iter().map(|(s, e)| e - s).sum::<i64>(), 4 * 3600);
    assert!(spans.windows(2).all(|w| w[0].1 <= w[1].0));
    // Open until 01:30: until the second one, two and a half hours after midnight.
    let clinic = every_day(NEW_YORK, "00:00-01:30");
    assert_eq!(clinic.open_on(day), [(at("2026-11-01T00:00:00-04:00"), at("2026-11-01T01:30:00-05:00"))]);
    // 01:30 without an offset is the first 01:30.
    let received = clinic.read_received(Some("2026-11-01 01:30"), at("2026-11-02T00:00:00Z"));
    assert_eq!(received, Received { at: at("2026-11-01T01:30:00-04:00"), note: Some(TimeNote::AssumedLocal) });
    // A routine message of Friday 30 October is due Monday 2 November at close, in EST.
    assert_eq!(due(&self::clinic(), "2026-10-30T12:00:00-04:00", None), "2026-11-02T17:00:00-05:00");
}

#[test]
fn a_midnight_that_happens_twice_is_counted_once() {
    // Havana falls back from 01:00 to 00:00 on 2026-11-01: Saturday's 24:00
    // closing is the second midnight, Sunday's 00:00 opening the first.
    let clinic = every_day(chrono_tz::America::Havana, "00:00-24:00");
    let mut calendar = Calendar::new(&clinic);
    let (from, to) = (at("2026-10-31T00:00:00-04:00"), at("2026-11-02T00:00:00-05:00"));
    assert_eq!(calendar.business_between(from, to), 49 * 3600);
    assert_eq!(calendar.business_between(from, to), to - from);
}

#[test]
fn received_times_are_read_and_marked() {
    let clinic = clinic();
    let now = at("2026-11-23T15:00:00Z");
    let exact = clinic.read_received(Some("2026-11-23T14:05:00Z"), now);
    assert_eq!(exact, Received { at: at("2026-11-23T14:05:00Z"), note: None });
    let offset = clinic.read_received(Some("2026-11-23T09:05:00-05:00"), now);
    assert_eq!(offset, Received { at: at("2026-11-23T14:05:00Z"), note: None });
    let local = clinic.read_received(Some("2026-11-23T09:05:00"), now);
    assert_eq!(local, Received { at: at("2026-11-23T14:05:00Z"), note: Some(TimeNote::AssumedLocal) });
    let future = clinic.read_received(Some("2026-11-24T09:05:00Z"), now);
    assert_eq!(future, Received { at: now, note: Some(TimeNote::Future) });
    for junk in [None, Some(""), Some("yesterday"), Some("2026-13-45T99:00:00Z")] {
        assert_eq!(clinic.read_received(junk, now), Received { at: now, note: Some(TimeNote::Unreadable) }, "{junk:?}");
    }
}

#[test]
fn settings_are_checked() {
    assert!(parse_time_zone("America/Chicago").is_ok());
    assert_eq!(
        parse_time_zone("America/Nowhere").unwrap_err(),
        "unknown time zone 'America/Nowhere' (use an IANA name such as America/New_York or America/Chicago)"
    );
    assert_eq!(parse_open_hours("closed").unwrap(), []);
    assert_eq!(parse_open_hours("08:00-24:00").unwrap(), [OpenSpan { start: 480, end: 1440 }]);
    assert_eq!(
        parse_open_hours("08:00-25:00").unwrap_err(),
        "'25:00' is not a time of day (use HH:MM, from 00:00 to 24:00)"
    );
    assert!(parse_open_hours("8:60-17:00").is_err());
    assert!(parse_open_hours("24:00-24:00").is_err());
    assert_eq!(parse_open_hours("17:00-08:00").unwrap_err(), "open hours '17:00-08:00' close before they open");
    assert_eq!(
        parse_open_hours("08:00-12:00,11:00-13:00").unwrap_err(),
        "open hours 08:00-12:00 and 11:00-13:00 overlap"
    );
    assert_eq!(
        parse_open_hours("13:00-17:00, 08:00-12:00").unwrap(),
        [OpenSpan { start: 480, end: 720 }, OpenSpan { start: 780, end: 1020 }]
    );
    assert_eq!(parse_target("on arrival"), Ok(Target::OnArrival));
    assert_eq!(parse_target("1 business hour"), Ok(Target::BusinessMinutes(60)));
    assert_eq!(parse_target("90  Business Minutes"), Ok(Target::BusinessMinutes(90)));
    assert_eq!(parse_target("4 hours"), Ok(Target::WallMinutes(240)));
    assert_eq!(parse_target("next business day"), Ok(Target::BusinessDays(1)));
    assert_eq!(parse_target("3 business days"), Ok(Target::BusinessDays(3)));
    assert!(parse_target("soon").is_err());
    assert!(parse_target("-1 hours").is_err());
    assert_eq!(
        parse_target("400 business days").unwrap_err(),
        "response target '400 business days' is longer than 60 days"
    );
    assert_eq!(
        parse_date("2026-02-30").unwrap_err(),
        "'2026-02-30' is not a date (use YYYY-MM-DD, such as 2026-12-25)"
    );
    let closed = Clinic::new(NEW_YORK, Default::default(), BTreeSet::new(), targets());
    assert_eq!(closed.unwrap_err(), "the clinic has no open hours on any day of the week");
}

#[test]
fn spans_read_as_the_nurse_says_them() {
    assert_eq!(span_text(45 * 60 + 59), "45m");
    assert_eq!(span_text(130 * 60), "2h 10m");
    assert_eq!(span_text(3 * 86_400 + 4 * 3600 + 5), "3d 4h");
    assert_eq!(span_text(-5), "0m");
}

#[test]
fn placeholder_and_extreme_received_times_are_unreadable_not_a_crash() {
    let clinic = clinic();
    let now = at("2026-11-23T15:00:00Z");
    for text in [
        "+262142-12-31T23:59:59",
        "+262142-12-31 23:59",
        "0001-01-01T00:00:00Z",
        "0001-01-01 00:00",
        "1969-12-31T23:59:59Z",
        "9999-12-31T23:59:59Z",
        "-0001-01-01 00:00",
    ] {
        let received = clinic.read_received(Some(text), now);
        assert_eq!(received.note, Some(TimeNote::Unreadable), "{text}");
        assert_eq!(received.at, now, "{text}");
    }
}

#[test]
fn queries_at_the_ends_of_the_range_do_not_rebuild_the_calendar() {
    let clinic = clinic();
    for edge in [EARLIEST, LATEST - 3600] {
        let mut calendar = Calendar::new(&clinic);
        for i in 0..200 {
            let due = calendar.due_at(edge + i, None);
            calendar.overdue(due, edge + 86_400);
        }
        assert!(calendar.builds <= 3, "{} builds at {}", calendar.builds, text(edge));
    }
}

#[test]
fn far_away_instants_are_held_to_the_calendar_range() {
    let clinic = clinic();
    let mut calendar = Calendar::new(&clinic);
    let due = calendar.due_at(i64::MIN, None);
    assert_eq!(due, at("1970-01-02T17:00:00-05:00"));
    assert_eq!(calendar.due_at(i64::MAX, None), LATEST);
    // 1970 to 2200 with no holidays before 2026: every weekday's nine hours, less the two shipped here.
    let weekdays = (0..(LATEST - EARLIEST) / 86_400)
        .filter(|d| chrono::Weekday::try_from(((d + 3) % 7) as u8).is_ok_and(|w| w.num_days_from_monday() < 5))
        .count() as i64;
    assert_eq!(calendar.business_between(i64::MIN, i64::MAX), (weekdays - 2) * 9 * 3600);
}

// ---- The plain reference: day by day, straight from the clinic's hours. ----

fn dates_around(clinic: &Clinic, from: i64, to: i64) -> impl Iterator<Item = NaiveDate> {
    let first = clinic.local_date(from).pred_opt().unwrap();
    let last = clinic.local_date(to).succ_opt().unwrap();
    first.iter_days().take_while(move |d| *d <= last)
}

fn reference_between(clinic: &Clinic, from: i64, to: i64) -> i64 {
    if to <= from {
        return 0;
    }
    let mut total = 0;
    for date in dates_around(clinic, from, to) {
        for (start, end) in clinic.open_on(date) {
            total += (end.min(to) - start.max(from)).max(0);
        }
    }
    total
}

fn reference_next_opening(clinic: &Clinic, at: i64) -> i64 {
    for date in dates_around(clinic, at, at + 40 * 86_400) {
        for (start, end) in clinic.open_on(date) {
            if end > at {
                return at.max(start);
            }
        }
    }
    panic!("no opening within 40 days of {}", text(at))
}

fn reference_due(clinic: &Clinic, received: i64, level: Option<Level>) -> i64 {
    match clinic.targets.of(level) {
        Target::OnArrival => received,
        Target::WallMinutes(m) => received + i64::from(m) * 60,
        Target::BusinessMinutes(m) => {
            let mut left = i64::from(m) * 60;
            let start = reference_next_opening(clinic, received);
            for date in dates_around(clinic, start, start + 40 * 86_400) {
                for (s, e) in clinic.open_on(date) {
                    let s = s.max(start);
                    if e <= s {
                        continue;
                    }
                    if e - s >= left {
                        return s + left;
                    }
                    left -= e - s;
                }
            }
            panic!("target not met within 40 days")
        }
        Target::BusinessDays(n) => {
            let start = reference_next_opening(clinic, received);
            let first = clinic.local_date(start);
            let mut business_days = first.iter_days().filter(|d| !clinic.open_on(*d).is_empty());
            let day = business_days.nth(n as usize).unwrap();
            clinic.open_on(day).last().unwrap().1
        }
    }
}

fn clinics() -> Vec<Clinic> {
    let mut lunch = Clinic::new(NEW_YORK, weekdays("07:30-12:00, 13:00-18:30"), BTreeSet::new(), targets()).unwrap();
    lunch.targets.routine = Target::BusinessDays(2);
    lunch.targets.urgent = Target::BusinessMinutes(150);
    lunch.holidays =
        ["2026-01-01", "2026-07-03", "2026-12-24", "2026-12-25"].iter().map(|d| parse_date(d).unwrap()).collect();
    // Lord Howe Island moves its clocks by half an hour at 02:00: open around it.
    let mut week = weekdays("00:00-02:30, 20:00-24:00");
    week[6] = parse_open_hours("00:00-24:00").unwrap();
    let mut lord_howe = Clinic::new(chrono_tz::Australia::Lord_Howe, week, BTreeSet::new(), targets()).unwrap();
    lord_howe.targets.routine = Target::WallMinutes(600);
    vec![clinic(), lunch, lord_howe, every_day(NEW_YORK, "00:00-24:00")]
}

fn instant() -> impl Strategy<Value = i64> {
    // 2025-06-01 to 2027-06-01, biased to whole quarter hours like real openings.
    (1_748_736_000i64..1_811_808_000).prop_flat_map(|t| prop_oneof![Just(t), Just(t - t % 900)])
}

fn level() -> impl Strategy<Value = Option<Level>> {
    prop_oneof![Just(None), Just(Some(Level::Urgent)), Just(Some(Level::Emergent))]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    #[test]
    fn the_calendar_agrees_with_the_day_by_day_reference(
        which in 0usize..4,
        queries in proptest::collection::vec((instant(), instant(), level()), 1..12),
    ) {
        let clinics = clinics();
        let clinic = &clinics[which];
        // One calendar for every query, so that it grows both ways between them.
        let mut calendar = Calendar::new(clinic);
        for (a, b, level) in queries {
            prop_assert_eq!(calendar.business_between(a, b), reference_between(clinic, a, b));
            prop_assert_eq!(calendar.next_opening(a), reference_next_opening(clinic, a));
            prop_assert_eq!(calendar.due_at(a, level), reference_due(clinic, a, level), "received {}", text(a));
        }
    }

    #[test]
    fn due_is_never_before_arrival_and_moves_with_it(which in 0usize..4, a in instant(), b in instant(), level in level()) {
        let clinics = clinics();
        let mut calendar = Calendar::new(&clinics[which]);
        let (early, late) = (a.min(b), a.max(b));
        let (due_early, due_late) = (calendar.due_at(early, level), calendar.due_at(late, level));
        prop_assert!(due_early >= early);
        prop_assert!(due_late >= late);
        prop_assert!(due_early <= due_late);
    }

    #[test]
    fn business_time_adds_up_and_is_never_negative(which in 0usize..4, a in instant(), b in instant(), c in instant()) {
        let clinics = clinics();
        let mut calendar = Calendar::new(&clinics[which]);
        let mut sorted = [a, b, c];
        sorted.sort();
        let [a, b, c] = sorted;
        prop_assert_eq!(calendar.business_between(a, c), calendar.business_between(a, b) + calendar.business_between(b, c));
        prop_assert_eq!(calendar.business_between(c, a), 0);
        prop_assert!(calendar.business_between(a, c) <= c - a);
    }
}
