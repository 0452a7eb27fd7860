//! Tests for the synthetic message generator.

use super::content::{self, RED_FLAGS, TOPICS};
use super::*;
use chrono::{Datelike, TimeDelta, TimeZone, Timelike, Weekday};
use std::collections::{HashMap, HashSet};

/// Whether an action resolves a message, by the domain's own list.
fn resolves(action: &str) -> bool {
    crate::domain::action::find(action).is_some_and(|kind| kind.resolves)
}

const ACTIONS: [&str; 7] =
    ["replied", "called", "routed-provider", "routed-staff", "redirected-urgent", "same-day", "no-reply-needed"];
const CATEGORIES: [&str; 7] =
    ["medical question", "refill", "appointment", "test result", "forms", "billing", "referral"];

/// Wednesday 2026-03-11, 14:30 Eastern (UTC-5), with a fractional second.
fn wednesday_afternoon() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, 11, 19, 30, 0).unwrap() + TimeDelta::milliseconds(250)
}

fn plan(count: u64, seed: u64, days: u32) -> SeedPlan {
    SeedPlan { count, seed, days, now: wednesday_afternoon() }
}

fn is_open(message: &SyntheticMessage) -> bool {
    !message.triage.iter().any(|a| resolves(a.action))
}

/// Lower case, letters and digits only, single spaces: how the tests compare text.
fn normalize(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut space = true;
    for c in text.chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() {
            out.push(c);
            space = false;
        } else if c.is_whitespace() && !space {
            out.push(' ');
            space = true;
        }
    }
    out.trim_end().to_string()
}

fn all_cores() -> Vec<String> {
    RED_FLAGS.iter().flat_map(|r| r.cores.iter().map(|c| normalize(c))).collect()
}

/// Builds messages through the internal path, which also reports placed red flags.
fn build_all(plan: &SeedPlan) -> Vec<Built> {
    let generator = Generator::new(plan);
    generator.arrival_times(plan.count).into_iter().zip(0u64..).map(|(t, i)| generator.build(i, t)).collect()
}

fn eastern_naive(t: DateTime<Utc>) -> chrono::NaiveDateTime {
    (t + TimeDelta::hours(-5)).naive_utc()
}

#[test]
fn same_plan_gives_identical_messages() {
    let first: Vec<_> = generate(&plan(500, 7, 14)).collect();
    let second: Vec<_> = generate(&plan(500, 7, 14)).collect();
    assert_eq!(first.len(), 500);
    assert_eq!(first, second);
}

#[test]
fn different_seed_gives_different_messages() {
    let first: Vec<_> = generate(&plan(500, 7, 14)).collect();
    let second: Vec<_> = generate(&plan(500, 8, 14)).collect();
    assert_ne!(first, second);
    let bodies: HashSet<_> = first.iter().map(|m| &m.body).collect();
    let shared = second.iter().filter(|m| bodies.contains(&m.body)).count();
    assert!(shared < 100, "{shared} identical bodies across seeds");
}

#[test]
fn yields_exactly_count_messages() {
    for count in [0, 1, 2, 49, 1234] {
        assert_eq!(generate(&plan(count, 3, 14)).count() as u64, count);
    }
}

#[test]
fn received_times_fall_in_window_and_never_go_back() {
    for (days, count) in [(1, 300), (3, 500), (14, 2000), (90, 2000)] {
        let p = plan(count, 11, days);
        let earliest = p.now - TimeDelta::days(i64::from(days));
        let mut previous = None;
        for m in generate(&p) {
            assert!(m.received_at <= p.now, "{} after now", m.received_at);
            assert!(m.received_at > earliest, "{} before window", m.received_at);
            if let Some(previous) = previous {
                assert!(m.received_at >= previous);
            }
            previous = Some(m.received_at);
        }
    }
}

#[test]
fn zero_days_is_treated_as_one() {
    let p = plan(200, 5, 0);
    let earliest = p.now - TimeDelta::days(1);
    assert!(generate(&p).all(|m| m.received_at > earliest && m.received_at <= p.now));
}

#[test]
fn actions_come_after_receipt_in_order_and_not_after_now() {
    let p = plan(3000, 21, 14);
    for m in generate(&p) {
        let mut previous = m.received_at;
        for a in &m.triage {
            assert!(ACTIONS.contains(&a.action), "unknown action {}", a.action);
            assert!(content::NURSES.contains(&a.nurse));
            assert!(a.occurred_at > m.received_at, "{}: action before receipt", m.source_id);
            assert!(a.occurred_at >= previous, "{}: actions out of order", m.source_id);
            assert!(a.occurred_at <= p.now, "{}: action after now", m.source_id);
            if let Some(note) = &a.note {
                assert!(!note.is_empty());
            }
            previous = a.occurred_at;
        }
        assert!(m.triage.len() <= 2);
    }
}

#[test]
fn source_ids_are_unique_and_well_formed() {
    let messages: Vec<_> = generate(&plan(5000, 99, 14)).collect();
    let ids: HashSet<_> = messages.iter().map(|m| m.source_id.as_str()).collect();
    assert_eq!(ids.len(), messages.len());
    assert_eq!(messages[0].source_id, "demo-99-00000000");
    assert_eq!(messages[4999].source_id, "demo-99-00004999");
}

#[test]
fn fields_look_like_portal_data() {
    let messages: Vec<_> = generate(&plan(5000, 4, 14)).collect();
    let mut seen_categories = HashSet::new();
    for m in &messages {
        assert!(CATEGORIES.contains(&m.category.as_str()), "{}", m.category);
        seen_categories.insert(m.category.as_str());
        assert!(!m.body.trim().is_empty());
        assert!(!m.body.contains('{') && !m.body.contains('}'), "unfilled slot: {}", m.body);
        assert!(!m.subject.contains('{'), "unfilled slot: {}", m.subject);
        assert_eq!(m.patient_mrn.len(), 10);
        assert!(m.patient_mrn.starts_with("MRN"));
        assert!(m.patient_mrn[3..].bytes().all(|b| b.is_ascii_digit()));
        assert_eq!(m.patient_name.split(' ').count(), 2, "{}", m.patient_name);
    }
    assert_eq!(seen_categories.len(), 7);
}

#[test]
fn patients_write_more_than_once_and_keep_their_mrn() {
    let messages: Vec<_> = generate(&plan(6000, 12, 14)).collect();
    let mut names: HashMap<&str, &str> = HashMap::new();
    for m in &messages {
        let name = names.entry(m.patient_mrn.as_str()).or_insert(m.patient_name.as_str());
        assert_eq!(*name, m.patient_name, "MRN {} changed name", m.patient_mrn);
    }
    // Pool of count/6 patients, some writing often.
    assert!(names.len() < 1000, "{} distinct patients", names.len());
    assert!(names.len() > 500, "{} distinct patients", names.len());
}

#[test]
fn names_include_accents_and_other_scripts() {
    let messages: Vec<_> = generate(&plan(30_000, 1, 30)).collect();
    assert!(messages.iter().any(|m| !m.patient_name.is_ascii()));
    assert!(messages.iter().any(|m| m.patient_name.chars().any(|c| ('\u{4E00}'..='\u{9FFF}').contains(&c))));
}

#[test]
fn red_flags_are_about_four_percent_and_mostly_stated() {
    let built = build_all(&plan(5000, 2024, 14));
    let flagged: Vec<_> = built.iter().filter_map(|b| b.red_flag.as_ref()).collect();
    let share = flagged.len() as f64 / built.len() as f64;
    assert!((0.02..=0.06).contains(&share), "red-flag share {share}");
    let affirmed = flagged.iter().filter(|f| f.form == Form::Affirmed).count() as f64;
    let negated = flagged.iter().filter(|f| f.form == Form::Negated).count() as f64;
    let hypothetical = flagged.iter().filter(|f| f.form == Form::Hypothetical).count() as f64;
    let total = flagged.len() as f64;
    assert!((0.35..=0.65).contains(&(affirmed / total)), "affirmed {affirmed}/{total}");
    assert!((0.12..=0.38).contains(&(negated / total)), "negated {negated}/{total}");
    assert!((0.12..=0.38).contains(&(hypothetical / total)), "hypothetical {hypothetical}/{total}");
    let kinds: HashSet<_> = flagged.iter().map(|f| f.kind).collect();
    assert!(kinds.len() >= 8, "only {kinds:?}");
}

#[test]
fn red_flag_text_is_in_the_body_and_nowhere_else() {
    let cores = all_cores();
    let built = build_all(&plan(5000, 77, 14));
    let mut by_body = 0;
    for b in &built {
        let body = normalize(&b.message.body);
        let hit = cores.iter().any(|c| body.contains(c.as_str()));
        match &b.red_flag {
            Some(flag) => {
                assert!(body.contains(&normalize(&flag.sentence)), "missing: {}", b.message.body);
                assert!(hit, "no marker phrase in: {}", b.message.body);
                by_body += 1;
            }
            None => assert!(!hit, "ordinary message with red-flag words: {}", b.message.body),
        }
    }
    // Counted the way a reader would: by looking for the phrases in the bodies.
    let share = f64::from(by_body) / built.len() as f64;
    assert!((0.02..=0.06).contains(&share), "share {share}");
}

#[test]
fn stated_red_flags_mostly_keep_ordinary_subjects() {
    let cores = all_cores();
    let built = build_all(&plan(20_000, 5, 14));
    let affirmed: Vec<_> =
        built.iter().filter(|b| b.red_flag.as_ref().is_some_and(|f| f.form == Form::Affirmed)).collect();
    let named = affirmed
        .iter()
        .filter(|b| {
            let subject = normalize(&b.message.subject);
            cores.iter().any(|c| subject.contains(c.as_str())) || b.message.subject.contains("breath")
        })
        .count();
    assert!(named * 3 < affirmed.len(), "{named} of {} name it", affirmed.len());
    let not_medical = affirmed.iter().filter(|b| b.message.category != "medical question").count();
    assert!(not_medical > 0);
}

#[test]
fn every_red_flag_line_carries_a_marker_in_every_voice() {
    let generator = Generator::new(&plan(100, 1, 14));
    let mut rng = Rng::new(1);
    for flag in RED_FLAGS {
        let cores: Vec<_> = flag.cores.iter().map(|c| normalize(c)).collect();
        for line in flag.affirmed.iter().chain(flag.negated).chain(flag.hypothetical) {
            for number in 0..40 {
                let patient = generator.patient(number);
                for person in 0..3 {
                    let voice = test_voice(&patient, person);
                    let mut text = String::new();
                    fill(&mut text, line, &voice, &mut rng);
                    let text = normalize(&text);
                    assert!(cores.iter().any(|c| text.contains(c.as_str())), "{}: {text}", flag.kind);
                }
            }
        }
    }
}

fn test_voice(patient: &Patient, person: usize) -> Voice<'_> {
    let (relation, writer_relation) = patient.relations();
    Voice {
        patient,
        person,
        writer: if person == 0 { patient.person } else { patient.proxy },
        relation,
        writer_relation,
    }
}

#[test]
fn every_template_fills_without_leftover_slots() {
    let generator = Generator::new(&plan(100, 1, 14));
    let patient = generator.patient(3);
    let mut rng = Rng::new(9);
    let mut lists: Vec<&[&str]> = vec![
        content::VAGUE_SUBJECTS,
        content::GREETINGS,
        content::SIGN_OFFS,
        content::EXTRAS,
        content::PROXY_EXTRAS,
        content::PARENT_INTROS,
        content::CHILD_INTROS,
        content::SPOUSE_INTROS,
        content::TERSE_INTROS,
        content::ASKS,
        content::URGENT_ASKS,
        content::SIDE_EFFECTS,
    ];
    for topic in TOPICS {
        lists.extend([topic.subjects, topic.main, topic.terse, topic.more, topic.asks]);
        assert!(!topic.subjects.is_empty() && !topic.main.is_empty() && !topic.terse.is_empty());
        assert!(!topic.more.is_empty() && !topic.asks.is_empty());
    }
    for flag in RED_FLAGS {
        lists.extend([flag.affirmed, flag.negated, flag.hypothetical, flag.subjects]);
    }
    for list in lists {
        for template in list {
            for person in 0..3 {
                let mut text = String::new();
                fill(&mut text, template, &test_voice(&patient, person), &mut rng);
                assert!(!text.contains('{') && !text.contains('}'), "{template} -> {text}");
            }
        }
    }
}

#[test]
fn about_a_tenth_are_written_by_family() {
    let messages: Vec<_> = generate(&plan(5000, 31, 14)).collect();
    let proxies: Vec<_> = messages.iter().filter(|m| m.sender != m.patient_name).collect();
    let share = proxies.len() as f64 / messages.len() as f64;
    assert!((0.07..=0.13).contains(&share), "proxy share {share}");
    let relations = ["(mother)", "(father)", "(daughter)", "(son)", "(wife)", "(husband)"];
    for m in &proxies {
        assert!(relations.iter().any(|r| m.sender.ends_with(r)), "{}", m.sender);
        let body = m.body.to_lowercase();
        let first = m.patient_name.split(' ').next().unwrap_or_default().to_lowercase();
        let says_who = body.contains(&first)
            || ["my mom", "my dad", "my wife", "my husband", "my son", "my daughter"].iter().any(|r| body.contains(r));
        assert!(says_who, "proxy message does not say who it is about: {}", m.body);
    }
    let kinds: HashSet<_> = proxies.iter().filter_map(|m| m.sender.rsplit('(').next()).collect();
    assert!(kinds.len() >= 5, "{kinds:?}");
}

#[test]
fn weekdays_and_daytime_are_busier() {
    let p = plan(40_000, 8, 28);
    let mut by_weekday = [0u32; 7];
    let mut by_hour = [0u32; 24];
    let mut monday_morning = 0;
    let mut other_weekday_mornings = [0u32; 4];
    for m in generate(&p) {
        let local = eastern_naive(m.received_at);
        let weekday = local.weekday().num_days_from_monday() as usize;
        let hour = local.hour() as usize;
        by_weekday[weekday] += 1;
        by_hour[hour] += 1;
        if (8..12).contains(&hour) {
            if local.weekday() == Weekday::Mon {
                monday_morning += 1;
            } else if weekday < 5 {
                other_weekday_mornings[weekday - 1] += 1;
            }
        }
    }
    // 28 days: each weekday appears four times.
    let weekday_rate = by_weekday[..5].iter().sum::<u32>() as f64 / 5.0;
    let weekend_rate = by_weekday[5..].iter().sum::<u32>() as f64 / 2.0;
    let ratio = weekend_rate / weekday_rate;
    assert!((0.3..=0.45).contains(&ratio), "weekend/weekday {ratio}");
    let day_rate = by_hour[10..16].iter().sum::<u32>() as f64 / 6.0;
    let night_rate = by_hour[1..5].iter().sum::<u32>() as f64 / 4.0;
    assert!(day_rate > 5.0 * night_rate, "day {day_rate} night {night_rate}");
    let daytime: u32 = by_hour[8..20].iter().sum();
    assert!(f64::from(daytime) / 40_000.0 > 0.7);
    assert!(
        other_weekday_mornings.iter().all(|&n| monday_morning > n),
        "{monday_morning} vs {other_weekday_mornings:?}"
    );
    // Minutes and seconds are spread out.
    let minutes: HashSet<_> = generate(&plan(2000, 8, 14)).map(|m| m.received_at.minute()).collect();
    assert_eq!(minutes.len(), 60);
}

#[test]
fn old_messages_are_worked_and_recent_ones_wait() {
    let p = plan(2000, 1, 14);
    let messages: Vec<_> = generate(&p).collect();
    let old: Vec<_> = messages.iter().filter(|m| p.now - m.received_at > TimeDelta::days(3)).collect();
    let old_open = old.iter().filter(|m| is_open(m)).count() as f64 / old.len() as f64;
    assert!(old_open < 0.06, "old open share {old_open}");
    assert!(old.iter().any(|m| m.triage.len() == 2));
    assert!(old.iter().any(|m| m.triage.len() == 1));
    let recent: Vec<_> = messages.iter().filter(|m| p.now - m.received_at < TimeDelta::hours(3)).collect();
    let recent_open = recent.iter().filter(|m| is_open(m)).count();
    assert!(recent_open * 2 > recent.len(), "{recent_open} of {} recent open", recent.len());
    let backlog = messages.iter().filter(|m| is_open(m)).count();
    assert!((30..=150).contains(&backlog), "backlog {backlog}");
}

#[test]
fn backlog_stays_reasonable_on_a_monday_morning() {
    // Monday 09:00 Eastern, after a weekend.
    let now = Utc.with_ymd_and_hms(2026, 3, 9, 14, 0, 0).unwrap();
    let p = SeedPlan { count: 2000, seed: 6, days: 14, now };
    let backlog = generate(&p).filter(is_open).count();
    assert!((30..=200).contains(&backlog), "backlog {backlog}");
}

#[test]
fn stated_red_flags_get_urgent_handling() {
    let p = plan(20_000, 13, 14);
    let built = build_all(&p);
    let worked: Vec<_> = built
        .iter()
        .filter(|b| b.red_flag.as_ref().is_some_and(|f| f.form == Form::Affirmed))
        .filter(|b| p.now - b.message.received_at > TimeDelta::days(3))
        .collect();
    assert!(!worked.is_empty());
    let urgent = worked
        .iter()
        .filter(|b| b.message.triage.iter().any(|a| matches!(a.action, "redirected-urgent" | "same-day")))
        .count();
    assert!(urgent * 10 >= worked.len() * 9, "{urgent} of {}", worked.len());
    let in_hours: Vec<_> = worked.iter().filter(|b| in_queue_hours(b.message.received_at.timestamp())).collect();
    let within_hour = in_hours
        .iter()
        .filter(|b| {
            b.message.triage.first().is_some_and(|a| a.occurred_at - b.message.received_at <= TimeDelta::hours(1))
        })
        .count();
    assert!(within_hour * 10 >= in_hours.len() * 9, "{within_hour} of {}", in_hours.len());
}

#[test]
fn messages_vary_in_length_and_style() {
    let messages: Vec<_> = generate(&plan(5000, 17, 14)).collect();
    assert!(messages.iter().any(|m| m.body.len() < 40));
    assert!(messages.iter().any(|m| m.body.len() > 500));
    assert!(messages.iter().any(|m| m.body.matches("\n\n").count() >= 3));
    assert!(messages.iter().any(|m| m.body.len() > 80 && !m.body.bytes().any(|b| b.is_ascii_uppercase())));
    assert!(messages.iter().any(|m| m.subject.is_empty() || m.subject == "(no subject)"));
    assert!(messages.iter().any(|m| m.subject == "hi" || m.subject == "question"));
    let typo = ["appointmnet", "perscription", "becuase", "tommorow", "pls", " u "];
    assert!(messages.iter().any(|m| typo.iter().any(|t| m.body.contains(t))));
    let lengths: HashSet<_> = messages.iter().map(|m| m.body.len() / 50).collect();
    assert!(lengths.len() > 8);
}

#[test]
fn resolves_everything_but_a_call() {
    for action in ACTIONS {
        assert_eq!(resolves(action), action != "called", "{action}");
    }
    assert!(!resolves("opened"));
    assert!(!resolves(""));
}

#[test]
fn queue_time_skips_closed_hours() {
    // Friday 16:30 Eastern plus one working hour: the weekend on-call window opens Saturday 10:00.
    let friday = Utc.with_ymd_and_hms(2026, 3, 13, 21, 30, 0).unwrap().timestamp();
    let expected = Utc.with_ymd_and_hms(2026, 3, 14, 15, 30, 0).unwrap().timestamp();
    assert_eq!(add_queue_time(friday, HOUR), expected);
    // Tuesday 03:00 Eastern waits for 08:00.
    let night = Utc.with_ymd_and_hms(2026, 3, 10, 8, 0, 0).unwrap().timestamp();
    assert_eq!(next_open(night), Utc.with_ymd_and_hms(2026, 3, 10, 13, 0, 0).unwrap().timestamp());
    assert!(in_queue_hours(Utc.with_ymd_and_hms(2026, 3, 10, 15, 0, 0).unwrap().timestamp()));
}

#[test]
fn punctuation_stripping_keeps_decimals() {
    assert_eq!(strip_punctuation("It's 100.8, I think. Ok."), "Its 100.8 I think Ok");
}

#[test]
fn typos_stay_before_the_mark_and_keep_valid_text() {
    let mut rng = Rng::new(5);
    for _ in 0..500 {
        let mut text = String::from("Zoë needs her appointment tomorrow because of José. KEEP THIS");
        let mut mark = text.find("KEEP").unwrap_or(0);
        add_typo(&mut text, &mut mark, &mut rng);
        assert_eq!(&text[mark..], "KEEP THIS");
    }
}

#[test]
fn mrns_do_not_collide_within_a_pool() {
    let generator = Generator::new(&plan(60_000, 3, 14));
    let mrns: HashSet<_> = (0..generator.pool).map(|n| generator.patient(n).mrn).collect();
    assert_eq!(mrns.len() as u64, generator.pool);
}

#[test]
fn numbers_are_padded_like_format() {
    for n in [0u64, 7, 12, 1234567, 99_999_999, 123_456_789, u64::MAX] {
        let mut padded = String::new();
        push_padded(&mut padded, n, 8);
        assert_eq!(padded, format!("{n:08}"));
    }
    assert_eq!(source_id(42, 5), "demo-42-00000005");
}
