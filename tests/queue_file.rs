//! The queue database as a file: creation, modes, pragmas, the feeder contract and bad input.

mod common;

use std::fs;
use std::os::unix::fs::PermissionsExt;

use common::{Sandbox, bytes, feed, feeder, stderr, stdout};
use inbasket::store::{Creation, Queue, StoreError, schema};

#[test]
fn a_new_queue_is_private_and_in_wal_mode() {
    let sandbox = Sandbox::new();
    let db = sandbox.path("q.db");
    let queue = Queue::open(&db, Creation::File).expect("create queue");
    // A write makes SQLite create the -wal and -shm files.
    let conn = feeder(&db);
    feed(&conn, "s1", "2026-11-23T14:05:00Z", "Ann Lee", "hello");
    for suffix in ["", "-wal", "-shm"] {
        let file = format!("{}{suffix}", db.display());
        let mode = fs::metadata(&file).expect(&file).permissions().mode() & 0o777;
        assert_eq!(mode, 0o600, "{file} has mode {mode:o}");
    }
    let journal: String = conn.query_row("PRAGMA journal_mode", [], |r| r.get(0)).unwrap();
    assert_eq!(journal, "wal");
    assert_eq!(queue.schema_version().unwrap(), schema::LATEST_VERSION);
    let strict: i64 = conn
        .query_row(
            "SELECT count(*) FROM pragma_table_list WHERE name IN ('message', 'triage_action') AND strict",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(strict, 2, "both tables are STRICT");
}

#[test]
fn the_default_location_is_created_but_a_mistyped_directory_is_not() {
    let sandbox = Sandbox::new();
    let default = sandbox.path("data/inbasket/inbasket.db");
    Queue::open(&default, Creation::FileAndDirectories).expect("default location created");
    assert!(default.exists());
    let mode = fs::metadata(sandbox.path("data/inbasket")).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o700);

    let missing = sandbox.path("no/such/dir/q.db");
    let err = Queue::open(&missing, Creation::File).unwrap_err();
    assert!(matches!(err, StoreError::MissingDirectory { .. }));
    assert!(!sandbox.path("no").exists(), "nothing created");
}

#[test]
fn a_feeder_insert_from_another_connection_shows_up_in_list() {
    let sandbox = Sandbox::new();
    let db = sandbox.seeded("q.db", 50);
    let conn = feeder(&db);
    assert_eq!(feed(&conn, "portal-778812", "2026-11-23T14:55:00-05:00", "Rosa Diaz", "my chest feels tight"), 1);
    let out = sandbox.inbasket().args(["list", "--format", "json", "--db"]).arg(&db).output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    // The patient's chest feels tight: inbasket assesses the new row and puts it on top.
    let first = stdout(&out).lines().next().expect("rows").to_string();
    let row: serde_json::Value = serde_json::from_str(&first).unwrap();
    assert_eq!(row["source_id"], "portal-778812");
    assert_eq!(row["patient_name"], "Rosa Diaz");
    assert_eq!(row["status"], "open");
    assert_eq!(row["level"], "emergent");
    assert_eq!(row["received_at"], "2026-11-23T14:55:00-05:00");
    assert_eq!(stdout(&out).lines().count(), 51 - closed_count(&db));
}

#[test]
fn a_redelivered_message_is_ignored() {
    let sandbox = Sandbox::new();
    let db = sandbox.path("q.db");
    Queue::open(&db, Creation::File).unwrap();
    let conn = feeder(&db);
    assert_eq!(feed(&conn, "dup-1", "2026-11-23T14:05:00Z", "Ann Lee", "first"), 1);
    assert_eq!(feed(&conn, "dup-1", "2026-11-23T14:05:00Z", "Ann Lee", "again"), 0);
    let body: String = conn.query_row("SELECT body FROM message WHERE source_id = 'dup-1'", [], |r| r.get(0)).unwrap();
    assert_eq!(body, "first");
}

#[test]
fn a_file_that_is_not_sqlite_is_refused_and_left_alone() {
    let sandbox = Sandbox::new();
    let notes = sandbox.path("notes.txt");
    fs::write(&notes, "Shift notes: call Mrs. K back about her refill.\n").unwrap();
    let before = bytes(&notes);
    let out = sandbox.inbasket().args(["list", "--db"]).arg(&notes).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("notes.txt' is not an inbasket database"), "{err}");
    assert_eq!(bytes(&notes), before);
    assert!(!sandbox.path("notes.txt-wal").exists());
}

#[test]
fn another_programs_sqlite_database_is_refused_and_left_alone() {
    let sandbox = Sandbox::new();
    let other = sandbox.path("other.db");
    let conn = rusqlite::Connection::open(&other).unwrap();
    conn.execute_batch("CREATE TABLE recipes (name TEXT); INSERT INTO recipes VALUES ('soup');").unwrap();
    drop(conn);
    let before = bytes(&other);
    let out = sandbox.inbasket().args(["check", "--db"]).arg(&other).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("is not an inbasket database (it is an SQLite database of another program)"));
    assert_eq!(bytes(&other), before);
}

#[test]
fn a_queue_from_a_newer_inbasket_is_refused_untouched() {
    let sandbox = Sandbox::new();
    let db = sandbox.seeded("q.db", 10);
    let future = schema::LATEST_VERSION + 5;
    let conn = feeder(&db);
    conn.execute_batch(&format!("PRAGMA user_version = {future}; PRAGMA wal_checkpoint(TRUNCATE);")).unwrap();
    drop(conn);
    let before = bytes(&db);
    let out = sandbox.inbasket().args(["list", "--db"]).arg(&db).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.contains(&format!("schema version {future}, newer than this inbasket knows ({})", schema::LATEST_VERSION)),
        "{err}"
    );
    assert_eq!(err.lines().count(), 1);
    assert_eq!(bytes(&db), before);
}

#[test]
fn a_missing_directory_gets_a_clear_error() {
    let sandbox = Sandbox::new();
    let missing = sandbox.path("nowhere/q.db");
    let out = sandbox.inbasket().args(["seed", "--count", "1", "--db"]).arg(&missing).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(err.starts_with("error: cannot open queue '"), "{err}");
    assert!(err.contains("nowhere' does not exist"), "{err}");
    let listed = sandbox.inbasket().args(["list", "--db"]).arg(&missing).output().unwrap();
    assert_eq!(stderr(&listed).trim(), format!("error: there is no queue at '{}'", missing.display()));
    assert!(!sandbox.path("nowhere").exists());
}

#[test]
fn a_read_only_queue_can_be_read_but_refuses_writes() {
    let sandbox = Sandbox::new();
    let db = sandbox.seeded("q.db", 30);
    fs::set_permissions(&db, fs::Permissions::from_mode(0o400)).unwrap();
    let queue = Queue::open(&db, Creation::File).expect("opens read-only");
    assert_eq!(queue.read_only_reason(), Some("the file's permissions allow no writing"));
    assert!(matches!(queue.ensure_writable(), Err(StoreError::ReadOnly { .. })));

    let listed = sandbox.inbasket().args(["list", "--filter", "all", "--db"]).arg(&db).output().unwrap();
    assert!(listed.status.success(), "{}", stderr(&listed));
    assert_eq!(stdout(&listed).lines().count(), 31, "header and 30 rows");

    let before = bytes(&db);
    let seeded = sandbox.inbasket().args(["seed", "--count", "5", "--seed", "9", "--db"]).arg(&db).output().unwrap();
    assert_eq!(seeded.status.code(), Some(1));
    assert!(
        stderr(&seeded).contains("is read-only (the file's permissions allow no writing): nothing can be recorded")
    );
    assert_eq!(bytes(&db), before);
}

#[test]
fn a_body_that_is_not_utf8_is_listed_and_shown_with_replacement_characters() {
    let sandbox = Sandbox::new();
    let db = sandbox.path("q.db");
    let queue = Queue::open(&db, Creation::File).unwrap();
    let conn = feeder(&db);
    conn.execute(
        "INSERT INTO message (source_id, received_at, patient_name, subject, body)
         VALUES ('bad-1', '2026-11-23T14:05:00Z', CAST(X'4AF36E6173' AS TEXT), CAST(X'726566696C6CFF' AS TEXT),
                 CAST(X'6D79206865616420FE68757274730A' AS TEXT))",
        [],
    )
    .unwrap();
    let out = sandbox.inbasket().args(["list", "--format", "json", "--db"]).arg(&db).output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let row: serde_json::Value = serde_json::from_str(stdout(&out).trim()).unwrap();
    assert_eq!(row["patient_name"], "J\u{fffd}nas");
    assert_eq!(row["subject"], "refill\u{fffd}");

    let text = sandbox.inbasket().args(["list", "--db"]).arg(&db).output().unwrap();
    assert!(stdout(&text).contains("J\u{fffd}nas"));

    let id = inbasket::domain::message::MessageId(1);
    let message = queue.message(id).unwrap().expect("message");
    assert_eq!(message.body, "my head \u{fffd}hurts\n");
}

#[test]
fn triage_actions_cannot_be_updated_deleted_or_replaced() {
    let sandbox = Sandbox::new();
    let db = sandbox.seeded("q.db", 200);
    let conn = feeder(&db);
    let refused = |sql: &str| {
        let err = conn.execute_batch(sql).expect_err(sql);
        assert!(err.to_string().contains("append-only"), "{sql}: {err}");
    };
    refused("UPDATE triage_action SET note = 'changed' WHERE seq = 1");
    refused("DELETE FROM triage_action WHERE seq = 1");
    refused(
        "INSERT OR REPLACE INTO triage_action (seq, uid, message_id, action, nurse, occurred_at, recorded_at, prev_hash, hash)
         SELECT seq, uid, message_id, 'replied', 'someone', occurred_at, recorded_at, prev_hash, hash FROM triage_action WHERE seq = 1",
    );
}

#[test]
fn check_passes_on_a_sound_queue_and_names_an_altered_action() {
    let sandbox = Sandbox::new();
    let db = sandbox.seeded("q.db", 300);
    let ok = sandbox.inbasket().args(["check", "--db"]).arg(&db).output().unwrap();
    assert!(ok.status.success(), "{}", stdout(&ok));
    let report = stdout(&ok);
    assert!(report.contains("integrity: ok"));
    assert!(report.contains("foreign keys: ok"));
    assert!(report.contains(&format!("schema: version {} (current)", schema::LATEST_VERSION)));
    assert!(report.contains("hash chain intact"));

    // Someone with a second tool drops the guard and edits a record.
    let conn = feeder(&db);
    conn.execute_batch(
        "DROP TRIGGER triage_action_no_update;
         UPDATE triage_action SET nurse = 'someone else' WHERE seq = 5;",
    )
    .unwrap();
    drop(conn);
    let bad = sandbox.inbasket().args(["check", "--db"]).arg(&db).output().unwrap();
    assert_eq!(bad.status.code(), Some(1));
    assert!(stdout(&bad).contains("PROBLEM audit trail: triage action 5 was altered"), "{}", stdout(&bad));
}

fn closed_count(db: &std::path::Path) -> usize {
    let n: i64 =
        feeder(db).query_row("SELECT count(*) FROM message WHERE status = 'resolved'", [], |r| r.get(0)).unwrap();
    n as usize
}

#[test]
fn check_finds_actions_cut_from_the_end_and_missing_guards() {
    let sandbox = Sandbox::new();
    let db = sandbox.seeded("q.db", 300);
    let ok = sandbox.inbasket().args(["check", "--db"]).arg(&db).output().unwrap();
    assert!(stdout(&ok).contains("append-only guards: in place"), "{}", stdout(&ok));
    assert!(stdout(&ok).contains("message state: all 300 messages agree with their actions"), "{}", stdout(&ok));

    let conn = feeder(&db);
    conn.execute_batch(
        "DROP TRIGGER triage_action_no_delete;
         DELETE FROM triage_action WHERE seq >= (SELECT max(seq) - 5 FROM triage_action);",
    )
    .unwrap();
    drop(conn);
    let bad = sandbox.inbasket().args(["check", "--db"]).arg(&db).output().unwrap();
    assert_eq!(bad.status.code(), Some(1));
    let report = stdout(&bad);
    assert!(report.contains("PROBLEM append-only guards: trigger 'triage_action_no_delete' is missing"), "{report}");
    assert!(report.contains("PROBLEM message state:"), "{report}");
}

#[test]
fn check_reports_an_old_schema_without_upgrading_it() {
    let sandbox = Sandbox::new();
    let db = sandbox.path("old.db");
    let conn = common::version_1_queue(&db);
    drop(conn);
    let out = sandbox.inbasket().args(["check", "--db"]).arg(&db).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(stdout(&out).contains("PROBLEM schema: version 1, this inbasket expects"), "{}", stdout(&out));
    let version: i64 = feeder(&db).query_row("PRAGMA user_version", [], |r| r.get(0)).unwrap();
    assert_eq!(version, 1, "check changed nothing");
}

#[test]
fn a_directory_or_an_empty_file_as_the_queue() {
    let sandbox = Sandbox::new();
    let dir = sandbox.path("adir");
    fs::create_dir(&dir).unwrap();
    let out = sandbox.inbasket().args(["list", "--db"]).arg(&dir).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("adir' is not an inbasket database (it is a directory)"), "{}", stderr(&out));

    // An empty file becomes a queue, private to its owner.
    let empty = sandbox.path("empty.db");
    fs::write(&empty, "").unwrap();
    fs::set_permissions(&empty, fs::Permissions::from_mode(0o644)).unwrap();
    Queue::open(&empty, Creation::File).expect("an empty file becomes a queue");
    assert_eq!(fs::metadata(&empty).unwrap().permissions().mode() & 0o777, 0o600);
}

#[test]
fn a_negative_schema_version_is_refused() {
    let sandbox = Sandbox::new();
    let db = sandbox.seeded("q.db", 3);
    feeder(&db).execute_batch("PRAGMA user_version = -3;").unwrap();
    let out = sandbox.inbasket().args(["list", "--db"]).arg(&db).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("is not an inbasket database"), "{}", stderr(&out));
}

#[test]
fn a_message_keeps_its_place_in_the_order_when_older_ones_arrive() {
    use inbasket::domain::message::{MessageId, QueueFilter};
    use inbasket::store::Scope;
    let sandbox = Sandbox::new();
    let db = sandbox.path("q.db");
    let mut queue = Queue::open(&db, Creation::File).unwrap();
    let conn = feeder(&db);
    for i in 0..10 {
        feed(&conn, &format!("n{i}"), &format!("2026-11-23T10:{i:02}:00Z"), "Pat", "refill please");
    }
    let rules = inbasket::domain::urgency::Rules::default_rules();
    let clinic = inbasket::config::Config::default().clinic;
    let mut assessor = inbasket::domain::assessment::Assessing::new(&rules, &clinic, 1_795_446_000);
    queue.assess_all(&mut assessor, &mut |_, _| {}).unwrap();
    let reading = MessageId(3);
    assert_eq!(queue.position_of(&Scope::of(QueueFilter::Open), reading).unwrap(), Some(2));
    // 300 older messages, an emergent one, and one with an unreadable time arrive.
    for i in 0..300 {
        feed(&conn, &format!("o{i}"), &format!("2026-11-22T{:02}:{:02}:00Z", i / 60, i % 60), "Old", "a question");
    }
    feed(&conn, "e1", "2026-11-23T11:00:00Z", "Em", "I have chest pain");
    feed(&conn, "u1", "yesterday at noon", "Unk", "a question");
    queue.assess_all(&mut assessor, &mut |_, _| {}).unwrap();
    let position = queue.position_of(&Scope::of(QueueFilter::Open), reading).unwrap().unwrap();
    // The unreadable time counts from when it was first seen (the assessment's now), after them all.
    assert_eq!(position, 1 + 300 + 2, "after the emergent, the older and two earlier ones");
    let page = queue.queue_page(&Scope::of(QueueFilter::Open), position, 1, None).unwrap();
    assert_eq!(page[0].id, reading);
    assert_eq!(queue.position_of(&Scope::of(QueueFilter::Urgent), reading).unwrap(), None);
    assert_eq!(queue.position_of(&Scope::of(QueueFilter::All), reading).unwrap(), Some(position));
}

/// Runs `inbasket` as the unprivileged user `nobody` (the tests run as root,
/// which file permissions do not stop).
fn as_nobody(sandbox: &Sandbox, args: &[&str]) -> std::process::Output {
    std::process::Command::new("setpriv")
        .args(["--reuid=65534", "--regid=65534", "--clear-groups", "--"])
        .arg(env!("CARGO_BIN_EXE_inbasket"))
        .args(args)
        .env_clear()
        .env("HOME", sandbox.path("home"))
        .env("XDG_DATA_HOME", sandbox.path("data"))
        .env("XDG_CONFIG_HOME", sandbox.path("config"))
        .output()
        .expect("setpriv (util-linux) runs a command as another user")
}

#[test]
fn a_queue_another_user_cannot_write_is_read_even_in_a_read_only_directory() {
    let sandbox = Sandbox::new();
    let db = sandbox.seeded("q.db", 40);
    fs::set_permissions(sandbox.dir.path(), fs::Permissions::from_mode(0o755)).unwrap();
    fs::set_permissions(&db, fs::Permissions::from_mode(0o644)).unwrap();
    let before = bytes(&db);
    let db_arg = db.to_str().unwrap();
    let listed = as_nobody(&sandbox, &["list", "--filter", "all", "--db", db_arg]);
    assert!(listed.status.success(), "{}", stderr(&listed));
    assert_eq!(stdout(&listed).lines().count(), 41);
    let seeded = as_nobody(&sandbox, &["seed", "--count", "1", "--db", db_arg]);
    assert_eq!(seeded.status.code(), Some(1));
    assert!(stderr(&seeded).contains("this user may not write to the file"), "{}", stderr(&seeded));
    let checked = as_nobody(&sandbox, &["check", "--db", db_arg]);
    assert!(checked.status.success(), "{}{}", stdout(&checked), stderr(&checked));
    assert_eq!(bytes(&db), before);
    assert!(!sandbox.path("q.db-shm").exists());
}

#[test]
fn check_reports_a_broken_reference() {
    let sandbox = Sandbox::new();
    let db = sandbox.seeded("q.db", 50);
    let conn = feeder(&db);
    // Another tool, with foreign keys off, removes a message that has actions.
    conn.execute_batch(
        "PRAGMA foreign_keys = OFF;
         DELETE FROM message WHERE id = (SELECT message_id FROM triage_action ORDER BY seq LIMIT 1);",
    )
    .unwrap();
    drop(conn);
    let out = sandbox.inbasket().args(["check", "--db"]).arg(&db).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(stdout(&out).contains("PROBLEM foreign keys: triage_action row"), "{}", stdout(&out));
}

mod views {
    use super::*;
    use inbasket::domain::assessment::Assessing;
    use inbasket::domain::message::{MessageId, QueueFilter};
    use inbasket::store::Scope;

    /// Monday 23 November 2026, 15:00 UTC (10:00 in New York).
    const NOW: i64 = 1_795_446_000;

    fn at(text: &str) -> i64 {
        chrono::DateTime::parse_from_rfc3339(text).unwrap().timestamp()
    }

    fn assessed_queue(sandbox: &Sandbox) -> (Queue, rusqlite::Connection) {
        let db = sandbox.path("q.db");
        let mut queue = Queue::open(&db, Creation::File).unwrap();
        let conn = feeder(&db);
        // Due Friday 20 Nov 17:00 (routine, from Thursday), overdue by Monday.
        feed(&conn, "thu", "2026-11-19T15:00:00Z", "Ann Garcia", "Refill of my metformin please");
        // Emergent on Monday 09:00: due on arrival, overdue an hour later.
        feed(&conn, "emergent", "2026-11-23T14:00:00Z", "Bo Chan", "I have crushing chest pain");
        // Monday 09:30 routine: due Tuesday.
        feed(&conn, "mon", "2026-11-23T14:30:00Z", "Cy Garcia-Lopez", "Question about my appointment");
        // Wednesday before: due Thursday, answered already.
        feed(&conn, "wed", "2026-11-18T15:00:00Z", "Di Wu", "Is the clinic open Friday?");
        conn.execute("UPDATE message SET first_response_at = '2026-11-18T16:00:00Z' WHERE source_id = 'wed'", [])
            .unwrap();
        // Resolved this morning, and resolved last week.
        feed(&conn, "done-today", "2026-11-20T15:00:00Z", "Ed Roy", "Thanks for the call");
        feed(&conn, "done-before", "2026-11-16T15:00:00Z", "Flo Kim", "Got it");
        conn.execute_batch(
            "UPDATE message SET status = 'resolved', first_response_at = '2026-11-23T13:00:00Z',
                                resolved_at = '2026-11-23T13:00:00Z' WHERE source_id = 'done-today';
             UPDATE message SET status = 'resolved', first_response_at = '2026-11-17T13:00:00Z',
                                resolved_at = '2026-11-17T13:00:00Z' WHERE source_id = 'done-before';",
        )
        .unwrap();
        let rules = inbasket::domain::urgency::Rules::default_rules();
        let clinic = inbasket::config::Config::default().clinic;
        queue.assess_all(&mut Assessing::new(&rules, &clinic, NOW), &mut |_, _| {}).unwrap();
        (queue, conn)
    }

    fn scope(filter: QueueFilter, search: Option<&str>) -> Scope {
        // New York midnight of Monday 23 November.
        Scope { filter, now: NOW, day_start: at("2026-11-23T05:00:00Z"), search: search.map(str::to_string) }
    }

    fn sources(queue: &Queue, scope: &Scope) -> Vec<String> {
        let mut out = Vec::new();
        queue
            .each_in_queue(scope, u64::MAX, &mut |row| {
                out.push(row.source_id.clone().unwrap_or_default());
                true
            })
            .unwrap();
        out
    }

    #[test]
    fn a_page_read_from_the_end_is_the_same_page() {
        let sandbox = Sandbox::new();
        let db = sandbox.seeded("q.db", 400);
        feed(&feeder(&db), "late-1", "yesterday", "Pat", "no time");
        let mut queue = Queue::open(&db, Creation::Never).unwrap();
        let rules = inbasket::domain::urgency::Rules::default_rules();
        let clinic = inbasket::config::Config::default().clinic;
        queue.assess_pending(&mut Assessing::new(&rules, &clinic, NOW), 10).unwrap();
        // Not yet assessed: no arrival on the clinic's clock, so it sorts first.
        feed(&feeder(&db), "late-2", "2026-11-23T14:00:00Z", "Pat", "not assessed yet");
        for filter in
            [QueueFilter::Open, QueueFilter::Urgent, QueueFilter::Overdue, QueueFilter::ResolvedToday, QueueFilter::All]
        {
            let scope = Scope { filter, now: NOW + 86_400, day_start: NOW - 86_400, search: None };
            let total = queue.counts(&scope).unwrap().of(filter);
            let ids = |page: Vec<inbasket::domain::message::QueueRow>| page.iter().map(|r| r.id).collect::<Vec<_>>();
            for offset in (0..total + 2).step_by(7) {
                let forward = ids(queue.queue_page(&scope, offset, 9, None).unwrap());
                let backward = ids(queue.queue_page(&scope, offset, 9, Some(total)).unwrap());
                assert_eq!(forward, backward, "{filter:?} at {offset} of {total}");
            }
        }
    }

    #[test]
    fn each_message_keeps_its_due_time() {
        let sandbox = Sandbox::new();
        let (queue, _conn) = assessed_queue(&sandbox);
        let page = queue.queue_page(&scope(QueueFilter::All, None), 0, 10, None).unwrap();
        let due = |source: &str| page.iter().find(|r| r.source_id.as_deref() == Some(source)).unwrap().due_epoch;
        assert_eq!(due("thu"), Some(at("2026-11-20T17:00:00-05:00")));
        assert_eq!(due("emergent"), Some(at("2026-11-23T14:00:00Z")));
        assert_eq!(due("mon"), Some(at("2026-11-24T17:00:00-05:00")));
    }

    #[test]
    fn overdue_is_waiting_and_past_due_most_overdue_first() {
        let sandbox = Sandbox::new();
        let (queue, _conn) = assessed_queue(&sandbox);
        let overdue = scope(QueueFilter::Overdue, None);
        assert_eq!(sources(&queue, &overdue), ["thu", "emergent"]);
        let counts = queue.counts(&overdue).unwrap();
        assert_eq!((counts.open, counts.urgent, counts.overdue), (4, 1, 2));
        assert_eq!((counts.resolved_today, counts.resolved, counts.matches), (1, 2, None));
        let emergent = queue.queue_page(&overdue, 1, 1, None).unwrap()[0].id;
        assert_eq!(queue.position_of(&overdue, emergent).unwrap(), Some(1));
        assert_eq!(queue.position_of(&overdue, MessageId(3)).unwrap(), None, "not due yet");
        // An hour earlier the emergent message had only just arrived.
        let earlier = Scope { now: at("2026-11-23T14:00:00Z"), ..overdue };
        assert_eq!(sources(&queue, &earlier), ["thu"]);
    }

    #[test]
    fn resolved_today_starts_at_the_clinics_midnight() {
        let sandbox = Sandbox::new();
        let (queue, _conn) = assessed_queue(&sandbox);
        assert_eq!(sources(&queue, &scope(QueueFilter::ResolvedToday, None)), ["done-today"]);
        assert_eq!(sources(&queue, &scope(QueueFilter::Resolved, None)).len(), 2);
    }

    #[test]
    fn search_finds_words_and_prefixes_in_patient_subject_and_body() {
        let sandbox = Sandbox::new();
        let (mut queue, conn) = assessed_queue(&sandbox);
        let search = |queue: &Queue, filter, text: &str| sources(queue, &scope(filter, Some(text)));
        assert_eq!(search(&queue, QueueFilter::All, "garcia"), ["thu", "mon"]);
        assert_eq!(search(&queue, QueueFilter::All, "GARC"), ["thu", "mon"], "a prefix, in any case");
        assert_eq!(search(&queue, QueueFilter::All, "chest pain"), ["emergent"]);
        assert_eq!(search(&queue, QueueFilter::All, "pain chest"), ["emergent"], "every word, in any order");
        assert_eq!(search(&queue, QueueFilter::Overdue, "garcia"), ["thu"], "within the filter");
        // Punctuation and FTS syntax typed by the nurse is only text.
        for odd in ["\"", "chest*", "NEAR(chest pain)", "metformin OR", "-garcia", "^", "a:b"] {
            let _ = search(&queue, QueueFilter::All, odd);
        }
        assert_eq!(search(&queue, QueueFilter::All, "\"metformin*\""), ["thu"]);
        assert_eq!(search(&queue, QueueFilter::All, "metformin OR"), Vec::<String>::new(), "OR is a word to find");
        // Words in scripts with combining vowel signs split as the index splits them.
        feed(&conn, "hindi", "2026-11-23T14:40:00Z", "राहुल शर्मा", "सीने में दर्द");
        feed(&conn, "thai", "2026-11-23T14:41:00Z", "สมชาย ใจดี", "ปวดหัว");
        queue
            .assess_pending(
                &mut Assessing::new(
                    &inbasket::domain::urgency::Rules::default_rules(),
                    &inbasket::config::Config::default().clinic,
                    NOW,
                ),
                10,
            )
            .unwrap();
        assert_eq!(search(&queue, QueueFilter::All, "राहुल"), ["hindi"]);
        assert_eq!(search(&queue, QueueFilter::All, "सीने दर्द"), ["hindi"]);
        assert_eq!(search(&queue, QueueFilter::All, "ปวดหัว"), ["thai"]);
        // One letter is a whole word, never a prefix of half the queue.
        assert_eq!(search(&queue, QueueFilter::All, "m"), Vec::<String>::new());
        assert_eq!(queue.counts(&scope(QueueFilter::All, Some("garcia"))).unwrap().matches, Some(2));
        // A feeder's new message is found once it is assessed.
        feed(&conn, "new", "2026-11-23T14:50:00Z", "Gus Garcia", "Rash on my arm");
        let rules = inbasket::domain::urgency::Rules::default_rules();
        let clinic = inbasket::config::Config::default().clinic;
        queue.assess_pending(&mut Assessing::new(&rules, &clinic, NOW), 100).unwrap();
        assert_eq!(search(&queue, QueueFilter::All, "garcia"), ["thu", "mon", "new"]);
        assert_eq!(search(&queue, QueueFilter::All, "rash"), ["new"]);
    }
}

#[test]
fn the_kept_counts_follow_feeder_inserts_and_check_catches_a_wrong_one() {
    let sandbox = Sandbox::new();
    let db = sandbox.seeded("q.db", 200);
    let conn = feeder(&db);
    let tally = |status: &str| -> i64 {
        conn.query_row("SELECT n FROM message_tally WHERE status = ?1", [status], |row| row.get(0)).unwrap()
    };
    let actual = |status: &str| -> i64 {
        conn.query_row("SELECT count(*) FROM message WHERE status = ?1", [status], |row| row.get(0)).unwrap()
    };
    feed(&conn, "extra-1", "2026-11-23T14:00:00Z", "Pat", "a question");
    feed(&conn, "extra-1", "2026-11-23T14:00:00Z", "Pat", "a question"); // re-delivered: ignored
    assert_eq!((tally("open"), tally("resolved")), (actual("open"), actual("resolved")));
    assert_eq!(tally("open") + tally("resolved"), 201);
    let out = sandbox.inbasket().args(["check", "--db"]).arg(&db).output().unwrap();
    assert!(stdout(&out).contains("message counts: ok"), "{}", stdout(&out));
    conn.execute("UPDATE message_tally SET n = n + 5 WHERE status = 'open'", []).unwrap();
    let out = sandbox.inbasket().args(["check", "--db"]).arg(&db).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(stdout(&out).contains("message counts:") && stdout(&out).contains("kept as open"), "{}", stdout(&out));
}

#[test]
fn a_feeder_replace_of_a_delivered_message_is_ignored_and_the_counts_stay_right() {
    let sandbox = Sandbox::new();
    let db = sandbox.seeded("q.db", 20);
    let conn = feeder(&db);
    let (id, body): (i64, String) =
        conn.query_row("SELECT id, body FROM message ORDER BY id LIMIT 1", [], |r| Ok((r.get(0)?, r.get(1)?))).unwrap();
    let source: String = conn.query_row("SELECT source_id FROM message WHERE id = ?1", [id], |r| r.get(0)).unwrap();
    conn.execute(
        "INSERT OR REPLACE INTO message (source_id, received_at, patient_name, body) VALUES (?1, '2026-11-23T10:00:00Z', 'X', 'replaced')",
        [&source],
    )
    .unwrap();
    let kept: String = conn.query_row("SELECT body FROM message WHERE id = ?1", [id], |r| r.get(0)).unwrap();
    assert_eq!(kept, body, "the delivered message stays as it was");
    let out = sandbox.inbasket().args(["check", "--db"]).arg(&db).output().unwrap();
    assert!(out.status.success() && stdout(&out).contains("message counts: ok"), "{}", stdout(&out));
}
