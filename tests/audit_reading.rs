//! Reading the audit's records: every way of reading a queue (all the messages from before the period or only those that can count, one thread or two, a queue that takes writes or a read-only one) gives the figures of reading everything, and two readers see one moment while another program writes.

mod common;

use std::os::unix::fs::PermissionsExt;
use std::sync::atomic::{AtomicBool, Ordering};

use chrono::{DateTime, NaiveDate, Utc};
use common::{Sandbox, feed, feeder};
use inbasket::domain::action;
use inbasket::domain::audit::{self, Audit};
use inbasket::domain::clock::{Clinic, day_start_of};
use inbasket::domain::message::MessageId;
use inbasket::store::{AuditReading, Creation, NewAction, NewRating, Queue, RecordError};

/// A small deterministic generator.
struct Lcg(u64);

impl Lcg {
    fn below(&mut self, n: u64) -> u64 {
        self.0 = self.0.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 33) % n
    }
}

fn utc(text: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(text).unwrap().with_timezone(&Utc)
}

fn date(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
}

/// Records on a seeded queue what a busy fortnight holds beyond the seed: late entries, several
/// records in one second, reopenings, urgency reviews, undos and records put right, messages a
/// feeder added that are not yet assessed, one with a time nobody can read, and stress ratings.
fn worked_queue(sandbox: &Sandbox) -> std::path::PathBuf {
    let db = sandbox.seeded("q.db", 3000);
    let mut queue = Queue::open(&db, Creation::Never).unwrap();
    let now = utc("2026-11-30T00:00:00Z");
    let kinds: Vec<&'static action::ActionKind> = action::DEFAULT_ACTIONS.iter().collect();
    let mut random = Lcg(11);
    let mut recorded: Vec<(String, i64)> = Vec::new();
    let mut stored = 0;
    for n in 0..500 {
        let (message, kind, corrects) = if !recorded.is_empty() && random.below(5) == 0 {
            let (uid, message) = recorded[random.below(recorded.len() as u64) as usize].clone();
            let kind = if random.below(2) == 0 {
                action::find(action::UNDO).unwrap()
            } else {
                kinds[random.below(7) as usize]
            };
            (message, kind, Some(uid))
        } else {
            (random.below(3000) as i64 + 1, kinds[random.below(11) as usize], None)
        };
        // Somewhere in the fortnight, often in the same second as the record before.
        let at = utc("2026-11-09T12:00:00Z") + chrono::Duration::minutes(random.below(20 * 24 * 60) as i64);
        let record = NewAction {
            uid: format!("w{n}"),
            message: MessageId(message),
            kind,
            note: None,
            nurse: "RN Ames".into(),
            occurred_at: at,
            corrects,
            reply: None,
        };
        for twice in 0..=random.below(2) {
            let record = NewAction { uid: format!("{}-{twice}", record.uid), ..record.clone() };
            match queue.record_action(&record, now) {
                Ok(_) => {
                    stored += 1;
                    recorded.push((record.uid.clone(), message));
                }
                // Taking back what was already taken back, say: refused, and nothing written.
                Err(RecordError::Store(err)) => panic!("{err}"),
                Err(_) => {}
            }
        }
    }
    assert!(stored > 400, "{stored} records stored");
    for (n, (day, rating)) in [("2026-11-16", 4), ("2026-11-18", 7), ("2026-11-18", 9)].into_iter().enumerate() {
        let rating =
            NewRating { uid: format!("s{n}"), nurse: format!("RN {n}"), shift_date: date(day), rating, note: None };
        queue.record_rating(&rating, now).unwrap();
    }
    drop(queue);
    let conn = feeder(&db);
    feed(&conn, "late-1", "2026-11-17T15:00:00Z", "Ann Lee", "not assessed yet");
    feed(&conn, "late-2", "2026-11-20T23:30:00Z", "Bo Chan", "not assessed yet either");
    feed(&conn, "unreadable", "last Tuesday", "Cy Park", "a time nobody can read");
    db
}

/// The audit of `from..=to` as of `as_of`, read `how` (`None`: everything, one thread).
fn audit_of(
    queue: &Queue,
    clinic: &Clinic,
    (from, to): (&str, &str),
    as_of: &str,
    how: Option<AuditReading>,
) -> (Audit, usize) {
    let (from, to, as_of) = (date(from), date(to), utc(as_of).timestamp());
    let until = day_start_of(clinic.time_zone, to.succ_opt().unwrap()).min(as_of);
    let records = match how {
        Some(how) => queue.audit_data_by(day_start_of(clinic.time_zone, from), until, as_of, how).unwrap(),
        None => queue
            .audit_data_by(i64::MIN, until, as_of, AuditReading { few_earlier: u64::MAX, in_parallel: false })
            .unwrap(),
    };
    (audit::audit(&records, clinic, from, to, as_of), records.message_count())
}

#[test]
fn every_way_of_reading_gives_the_figures_of_reading_everything() {
    let sandbox = Sandbox::new();
    let db = worked_queue(&sandbox);
    let queue = Queue::open(&db, Creation::Never).unwrap();
    let clinic = inbasket::config::Config::default().clinic;
    let ways = [
        AuditReading::default(),
        AuditReading { few_earlier: 0, in_parallel: false },
        AuditReading { few_earlier: 0, in_parallel: true },
        AuditReading { few_earlier: u64::MAX, in_parallel: true },
    ];
    let periods = [
        (("2026-11-10", "2026-11-16"), "2026-11-17T05:00:00Z"),
        (("2026-11-16", "2026-11-22"), "2026-11-30T00:00:00Z"),
        (("2026-11-20", "2026-11-20"), "2026-11-20T18:00:00Z"),
        (("2026-11-18", "2026-11-19"), "2026-11-19T02:00:00Z"),
        (("2026-11-23", "2026-11-29"), "2026-11-23T15:00:00Z"),
        (("2026-10-01", "2026-10-07"), "2026-11-30T00:00:00Z"),
        // A report as of a moment before its period: messages resolved after that moment were open then.
        (("2026-11-20", "2026-11-21"), "2026-11-19T12:00:00Z"),
    ];
    for (period, as_of) in periods {
        let (everything, all) = audit_of(&queue, &clinic, period, as_of, None);
        for how in ways {
            let (read, count) = audit_of(&queue, &clinic, period, as_of, Some(how));
            assert_eq!(read, everything, "{period:?} as of {as_of}, read {how:?}");
            if how.few_earlier == 0 && period.0 > "2026-11-12" {
                assert!(count < all, "{period:?}: only the messages that can count are read ({count} of {all})");
            }
        }
        if period.0 == "2026-11-16" {
            // The figures are not all nothing: the comparison above compared something.
            let total = &everything.total;
            assert!(total.received > 1000 && total.resolved > 0 && total.urgent_confirmed > 0, "{total:?}");
            assert!(!total.actions.contains_key("undo") && total.actions.contains_key("reopened"), "{total:?}");
            assert_eq!(total.stress_n, 3);
        }
    }
}

#[test]
fn a_read_only_queue_reads_in_one_part_with_the_same_figures() {
    let sandbox = Sandbox::new();
    let db = worked_queue(&sandbox);
    let clinic = inbasket::config::Config::default().clinic;
    let period = ("2026-11-16", "2026-11-22");
    let writable = Queue::open(&db, Creation::Never).unwrap();
    let (expected, _) = audit_of(&writable, &clinic, period, "2026-11-30T00:00:00Z", Some(AuditReading::default()));
    drop(writable);
    std::fs::set_permissions(&db, std::fs::Permissions::from_mode(0o400)).unwrap();
    let read_only = Queue::open(&db, Creation::Never).unwrap();
    assert!(read_only.read_only_reason().is_some());
    let records = read_only.audit_data(
        day_start_of(clinic.time_zone, date(period.0)),
        utc("2026-11-23T05:00:00Z").timestamp(),
        utc("2026-11-30T00:00:00Z").timestamp(),
    );
    // Two readers would give two batches; the messages from before the period are few here, so one reader gives one.
    assert_eq!(records.unwrap().batches.len(), 1, "one reader");
    let (found, _) = audit_of(&read_only, &clinic, period, "2026-11-30T00:00:00Z", Some(AuditReading::default()));
    assert_eq!(found, expected);
}

#[test]
fn two_readers_see_one_moment_while_another_program_writes() {
    let sandbox = Sandbox::new();
    let db = sandbox.seeded("q.db", 200);
    let clinic = inbasket::config::Config::default().clinic;
    // Monday and Tuesday: the two readers split the two days between them.
    let (monday, tuesday) = (date("2026-11-30"), date("2026-12-01"));
    let since = day_start_of(clinic.time_zone, monday);
    let until = day_start_of(clinic.time_zone, tuesday.succ_opt().unwrap());
    let queue = Queue::open(&db, Creation::Never).unwrap();
    // Monday's and Tuesday's messages received, and whether two readers read them.
    let read = |queue: &Queue| {
        let records = queue.audit_data(since, until, until).unwrap();
        let audit = audit::audit(&records, &clinic, monday, tuesday, until);
        (audit.days[0].received, audit.days[1].received, records.batches.len() == 2)
    };
    assert_eq!(read(&queue), (0, 0, true));
    let stop = AtomicBool::new(false);
    let (reads, pairs) = std::thread::scope(|scope| {
        let writer = scope.spawn(|| {
            // Another program, far busier than any clinic's feeder: each of
            // its commits adds a message on Monday and one on Tuesday.
            let conn = feeder(&db);
            let mut pairs = 0u64;
            while !stop.load(Ordering::Relaxed) {
                conn.execute_batch("BEGIN IMMEDIATE").unwrap();
                for (day, arrived) in [("mon", since + 3600 * 12), ("tue", since + 86_400 + 3600 * 12)] {
                    conn.execute(
                        "INSERT INTO message (source_id, received_at, patient_name, body, arrived_epoch, due_epoch)
                         VALUES (?1, '2026-11-30T17:00:00Z', 'Dee Pair', 'a pair', ?2, ?2)",
                        rusqlite::params![format!("{day}-{pairs}"), arrived],
                    )
                    .unwrap();
                }
                conn.execute_batch("COMMIT").unwrap();
                pairs += 1;
                // A thousand pairs a second at most.
                std::thread::sleep(std::time::Duration::from_millis(1));
            }
            pairs
        });
        // Read first, judge after: a failed check must not leave the writer running.
        let reads: Vec<(u64, u64, bool)> = (0..150).map(|_| read(&queue)).collect();
        stop.store(true, Ordering::Relaxed);
        (reads, writer.join().unwrap())
    });
    for &(mon, tue, _) in &reads {
        assert_eq!(mon, tue, "both days read at the same moment");
    }
    let in_two = reads.iter().filter(|&&(_, _, two)| two).count();
    assert!(in_two > 75, "most reads were made by two readers ({in_two} of 150)");
    assert!(pairs > 20 && reads.iter().any(|&(mon, _, _)| mon > 0), "the writer wrote meanwhile ({pairs} commits)");
    assert_eq!(read(&queue), (pairs, pairs, true));
}

#[test]
fn the_few_and_the_many_earlier_messages_are_chosen_alike() {
    let sandbox = Sandbox::new();
    let db = sandbox.seeded("q.db", 400);
    let clinic = inbasket::config::Config::default().clinic;
    let conn = feeder(&db);
    let since_text = "2026-11-23T05:00:00Z";
    let settled = |n: i64| -> i64 {
        conn.query_row(
            "SELECT id FROM message WHERE status = 'resolved' AND resolved_at < ?1 ORDER BY id LIMIT 1 OFFSET ?2",
            rusqlite::params![since_text, n],
            |r| r.get(0),
        )
        .unwrap()
    };
    let (called_at_now, unknown, reopened) = (settled(0), settled(1), settled(2));
    // Resolved, as far as the queue knows, by an action this inbasket does not know.
    conn.execute(
        "INSERT INTO triage_action (uid, message_id, action, nurse, occurred_at, recorded_at, prev_hash, hash)
         VALUES ('letter', ?1, 'sent-letter', 'RN Ames', '2026-11-20T15:00:00Z', '2026-11-20T15:00:00Z', 'x', 'y')",
        [unknown],
    )
    .unwrap();
    drop(conn);
    let mut queue = Queue::open(&db, Creation::Never).unwrap();
    let now = utc("2026-11-23T15:00:00Z");
    let call = NewAction {
        uid: "call-at-now".into(),
        message: MessageId(called_at_now),
        kind: action::find("called").unwrap(),
        note: None,
        nurse: "RN Ames".into(),
        occurred_at: now,
        corrects: None,
        reply: None,
    };
    queue.record_action(&call, now).unwrap();
    // Reopened on Saturday; the reopening taken back at 14:00 today, after a report's moment of noon.
    let reopen = NewAction {
        uid: "reopen".into(),
        message: MessageId(reopened),
        kind: action::find("reopened").unwrap(),
        occurred_at: utc("2026-11-21T15:00:00Z"),
        ..call.clone()
    };
    queue.record_action(&reopen, now).unwrap();
    let undo = NewAction {
        uid: "undo-reopen".into(),
        kind: action::find(action::UNDO).unwrap(),
        occurred_at: utc("2026-11-23T14:00:00Z"),
        corrects: Some("reopen".into()),
        ..reopen.clone()
    };
    queue.record_action(&undo, now).unwrap();
    // At noon the reopening stood: the message was open, whatever the queue holds now.
    let noon = ("2026-11-23", "2026-11-23");
    let (everything, _) = audit_of(&queue, &clinic, noon, "2026-11-23T12:00:00Z", None);
    let ways = [
        AuditReading { few_earlier: 0, in_parallel: false },
        AuditReading { few_earlier: 0, in_parallel: true },
        AuditReading { few_earlier: u64::MAX, in_parallel: false },
        AuditReading { few_earlier: u64::MAX, in_parallel: true },
    ];
    // Today, as of now: a call made this very second, on a message settled last week, counts.
    let calls_today: i64 = feeder(&db)
        .query_row(
            "SELECT count(*) FROM triage_action WHERE action = 'called' AND occurred_at >= ?1 AND occurred_at <= ?2",
            [since_text, "2026-11-23T15:00:00Z"],
            |r| r.get(0),
        )
        .unwrap();
    for how in ways {
        let (today, _) = audit_of(&queue, &clinic, ("2026-11-23", "2026-11-23"), "2026-11-23T15:00:00Z", Some(how));
        assert_eq!(today.total.actions.get("called").copied().unwrap_or(0), calls_today as u64, "{how:?}");
    }
    // A period that starts after the report's moment, and the one with the unknown action in it.
    for how in ways {
        let (read, _) = audit_of(&queue, &clinic, noon, "2026-11-23T12:00:00Z", Some(how));
        assert_eq!(read, everything, "{how:?}");
    }
    for (period, as_of) in
        [(("2026-11-20", "2026-11-21"), "2026-11-19T12:00:00Z"), (("2026-11-21", "2026-11-23"), "2026-11-23T15:00:00Z")]
    {
        let audits: Vec<Audit> =
            ways.iter().map(|&how| audit_of(&queue, &clinic, period, as_of, Some(how)).0).collect();
        for (audit, how) in audits.iter().zip(ways) {
            assert_eq!(audit, &audits[0], "{period:?} as of {as_of}, read {how:?}");
        }
    }
}
