//! Due and overdue end to end: `inbasket list` on a queue a feeder filled, on the clinic's clock.

mod common;

use std::path::PathBuf;

use common::{Sandbox, feed, feeder, stderr, stdout};
use serde_json::Value;

/// Tuesday 24 November 2026, 09:00 in New York.
const TUESDAY_0900: &str = "2026-11-24T14:00:00Z";

/// A queue with one message of each kind the clock treats differently.
fn queue(sandbox: &Sandbox) -> PathBuf {
    let db = sandbox.path("q.db");
    inbasket::store::Queue::open(&db, inbasket::store::Creation::File).unwrap();
    let conn = feeder(&db);
    // Monday 10:00 EST, nothing urgent.
    feed(&conn, "routine", "2026-11-23T15:00:00Z", "Ann Lee", "Can I get a refill of my lisinopril?");
    // Monday 16:30 EST, urgent: one business hour runs into Tuesday 08:30.
    feed(&conn, "urgent", "2026-11-23T21:30:00Z", "Bo Diaz", "I have had a fever of 103 since last night");
    // Sunday 03:12 EST, emergent: due on arrival.
    feed(&conn, "emergent", "2026-11-22T08:12:00Z", "Cy Park", "I have chest pain right now");
    // No offset: clinic time, Monday 09:05 EST.
    feed(&conn, "no-offset", "2026-11-23 09:05:00", "Di Wu", "Question about my bill");
    // Next week: taken as now.
    feed(&conn, "future", "2026-11-30T12:00:00Z", "Ed Roy", "Question about my appointment");
    // Not a time.
    feed(&conn, "junk", "last tuesday", "Flo Kim", "Question about my forms");
    db
}

fn list(sandbox: &Sandbox, db: &PathBuf, args: &[&str]) -> Vec<Value> {
    let out = sandbox.inbasket().arg("list").args(args).args(["--format", "json", "--db"]).arg(db).output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    stdout(&out).lines().map(|line| serde_json::from_str(line).unwrap()).collect()
}

fn by_source<'a>(rows: &'a [Value], source: &str) -> &'a Value {
    rows.iter().find(|row| row["source_id"] == source).unwrap_or_else(|| panic!("{source} listed"))
}

#[test]
fn every_open_message_has_its_due_time_and_overdue_minutes() {
    let sandbox = Sandbox::new();
    let db = queue(&sandbox);
    let rows = list(&sandbox, &db, &["--now", TUESDAY_0900]);
    let order: Vec<&str> = rows.iter().map(|row| row["source_id"].as_str().unwrap()).collect();
    // Emergent, urgent, then the rest oldest first on the clinic's clock (the
    // offset-less 09:05 is clinic time, before 10:00); a future or unreadable
    // time counts from when the queue first saw it.
    assert_eq!(order, ["emergent", "urgent", "no-offset", "routine", "future", "junk"]);

    let emergent = by_source(&rows, "emergent");
    assert_eq!(emergent["level"], "emergent");
    assert_eq!(emergent["due_at"], "2026-11-22T03:12:00-05:00");
    // Sunday 03:12 to Tuesday 09:00 is 53 h 48 min; open time in it is Monday 9 h and Tuesday 1 h.
    assert_eq!(emergent["overdue_minutes"], 53 * 60 + 48);
    assert_eq!(emergent["overdue_business_minutes"], 600);

    let urgent = by_source(&rows, "urgent");
    assert_eq!(
        (urgent["level"].as_str(), urgent["due_at"].as_str()),
        (Some("urgent"), Some("2026-11-24T08:30:00-05:00"))
    );
    assert_eq!((urgent["overdue_minutes"].as_i64(), urgent["overdue_business_minutes"].as_i64()), (Some(30), Some(30)));

    let routine = by_source(&rows, "routine");
    assert_eq!(routine["level"], Value::Null);
    assert_eq!(routine["due_at"], "2026-11-24T17:00:00-05:00");
    assert_eq!(routine["overdue_minutes"], 0);
    assert_eq!(routine["received_note"], Value::Null);

    let local = by_source(&rows, "no-offset");
    assert_eq!(local["received_note"], "assumed_local");
    assert_eq!(local["due_at"], "2026-11-24T17:00:00-05:00");

    // Taken as now (Tuesday 09:00): due at Wednesday's close.
    let future = by_source(&rows, "future");
    assert_eq!(future["received_note"], "future");
    assert_eq!(future["due_at"], "2026-11-25T17:00:00-05:00");
    let junk = by_source(&rows, "junk");
    assert_eq!(junk["received_note"], "unreadable");
    assert_eq!(junk["received_at"], "last tuesday");
    // Nobody can tell how long it has waited: due at once.
    assert_eq!(junk["due_at"], "2026-11-24T09:00:00-05:00");
}

#[test]
fn the_overdue_filter_lists_what_is_past_due_at_the_instant_asked() {
    let sandbox = Sandbox::new();
    let db = queue(&sandbox);
    let ids =
        |rows: Vec<Value>| rows.iter().map(|row| row["source_id"].as_str().unwrap().to_string()).collect::<Vec<_>>();
    assert_eq!(ids(list(&sandbox, &db, &["--filter", "overdue", "--now", TUESDAY_0900])), ["emergent", "urgent"]);
    // Wednesday 09:00: Monday's messages missed Tuesday's close. Thursday is Thanksgiving.
    let wednesday = list(&sandbox, &db, &["--filter", "overdue", "--now", "2026-11-25T14:00:00Z"]);
    assert_eq!(ids(wednesday.clone()), ["emergent", "urgent", "no-offset", "routine"]);
    // Tuesday 17:00 to Wednesday 09:00: 16 h on the wall, 1 h open.
    let routine = by_source(&wednesday, "routine");
    assert_eq!(
        (routine["overdue_minutes"].as_i64(), routine["overdue_business_minutes"].as_i64()),
        (Some(960), Some(60))
    );
    assert_eq!(
        ids(list(&sandbox, &db, &["--filter", "overdue", "--now", "2026-11-25T14:00:00Z", "--limit", "1"])),
        ["emergent"]
    );
}

#[test]
fn an_answered_message_is_no_longer_overdue() {
    let sandbox = Sandbox::new();
    let db = queue(&sandbox);
    // The first response as the audit trail caches it on the message (recording it is another command's work).
    let set = "UPDATE message SET first_response_at = '2026-11-22T09:00:00Z' WHERE source_id = 'emergent'";
    assert_eq!(feeder(&db).execute(set, []).unwrap(), 1);
    let rows = list(&sandbox, &db, &["--now", TUESDAY_0900]);
    let emergent = by_source(&rows, "emergent");
    assert_eq!(emergent["overdue_minutes"], Value::Null);
    let overdue = list(&sandbox, &db, &["--filter", "overdue", "--now", TUESDAY_0900]);
    assert!(overdue.iter().all(|row| row["source_id"] != "emergent"));
}

#[test]
fn the_clinic_time_zone_and_targets_come_from_the_config_file() {
    let sandbox = Sandbox::new();
    let db = queue(&sandbox);
    let config = sandbox.path("clinic.toml");
    std::fs::write(&config, "time_zone = \"America/Los_Angeles\"\n\n[targets]\nroutine = \"4 hours\"\n").unwrap();
    let rows = list(&sandbox, &db, &["--now", TUESDAY_0900, "--config", config.to_str().unwrap()]);
    // Wall-clock four hours after Monday 07:00 Pacific.
    assert_eq!(by_source(&rows, "routine")["due_at"], "2026-11-23T11:00:00-08:00");
    // The urgent message came at Monday 13:30 Pacific: due 14:30 the same day.
    assert_eq!(by_source(&rows, "urgent")["due_at"], "2026-11-23T14:30:00-08:00");
}

#[test]
fn text_shows_clinic_times_and_marks_odd_received_times() {
    let sandbox = Sandbox::new();
    let db = queue(&sandbox);
    let out = sandbox.inbasket().args(["list", "--now", TUESDAY_0900, "--db"]).arg(&db).output().unwrap();
    let text = stdout(&out);
    let line = |source: &str| text.lines().find(|l| l.contains(source)).unwrap_or_else(|| panic!("{source}\n{text}"));
    assert!(line("Cy Park").contains("2026-11-22 03:12 EST   2026-11-22 03:12 EST  2d 5h"), "{text}");
    assert!(line("Bo Diaz").contains("2026-11-24 08:30 EST  30m"), "{text}");
    assert!(line("Di Wu").contains("2026-11-23 09:05 EST~"), "{text}");
    assert!(line("Ed Roy").contains("2026-11-24 09:00 EST^"), "{text}");
    assert!(line("Flo Kim").contains("last tuesday"), "{text}");
    assert!(text.contains("~ received time no offset, read as clinic time"), "{text}");
}

#[test]
fn a_bad_clinic_setting_is_one_line_naming_the_file_and_line() {
    let sandbox = Sandbox::new();
    let db = queue(&sandbox);
    let before = common::bytes(&db);
    let config = sandbox.path("clinic.toml");
    for (text, line, problem) in [
        ("nurse = \"RN\"\ntime_zone = \"America/Gotham\"\n", 2, "unknown time zone 'America/Gotham'"),
        ("[open_hours]\nmonday = \"08:00-25:00\"\n", 2, "'25:00' is not a time of day"),
        ("[open_hours]\nmonday = \"08:00-12:00, 11:00-17:00\"\n", 2, "overlap"),
        ("[open_hours]\nmonday = \"17:00-08:00\"\n", 2, "close before they open"),
        ("holidays = [\n\"2026-11-26\",\n\"Thanksgiving\",\n]\n", 3, "'Thanksgiving' is not a date"),
    ] {
        std::fs::write(&config, text).unwrap();
        let out = sandbox.inbasket().args(["list", "--config"]).arg(&config).arg("--db").arg(&db).output().unwrap();
        assert_eq!(out.status.code(), Some(1));
        let err = stderr(&out);
        assert_eq!(err.lines().count(), 1, "{err}");
        let expected = format!("error: config '{}' line {line}: ", config.display());
        assert!(err.starts_with(&expected) && err.contains(problem), "{err}");
    }
    assert_eq!(common::bytes(&db), before, "the queue is untouched");
}
