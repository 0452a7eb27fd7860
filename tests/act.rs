//! `inbasket act`: recording triage actions from the command line into the append-only, hash-chained trail.

mod common;

use std::path::Path;

use common::{Sandbox, feed, feeder, stderr, stdout};

fn queue(sandbox: &Sandbox) -> std::path::PathBuf {
    let db = sandbox.path("q.db");
    inbasket::store::Queue::open(&db, inbasket::store::Creation::File).unwrap();
    let conn = feeder(&db);
    feed(&conn, "portal-1", "2026-11-23T15:00:00Z", "Ann Lee", "Can I get a refill of my lisinopril?");
    feed(&conn, "portal-2", "2026-11-23T16:00:00Z", "Bo Chan", "I have had a fever of 103 since last night");
    db
}

fn act(sandbox: &Sandbox, db: &Path, args: &[&str]) -> std::process::Output {
    sandbox.inbasket().args(["act", "--nurse", "RN Ames", "--db"]).arg(db).args(args).output().unwrap()
}

/// (status, first_response_at, resolved_at) of a message.
fn state(db: &Path, source: &str) -> (String, Option<String>, Option<String>) {
    feeder(db)
        .query_row("SELECT status, first_response_at, resolved_at FROM message WHERE source_id = ?1", [source], |row| {
            Ok((row.get(0)?, row.get(1)?, row.get(2)?))
        })
        .unwrap()
}

fn actions(db: &Path) -> Vec<(String, String, String, Option<String>, String)> {
    let conn = feeder(db);
    let mut stmt =
        conn.prepare("SELECT uid, action, nurse, note, occurred_at FROM triage_action ORDER BY seq").unwrap();
    stmt.query_map([], |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?, row.get(4)?)))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap()
}

fn check_passes(sandbox: &Sandbox, db: &Path) {
    let out = sandbox.inbasket().args(["check", "--db"]).arg(db).output().unwrap();
    assert!(out.status.success(), "{}", stdout(&out));
}

#[test]
fn a_reply_answers_and_resolves_the_message() {
    let sandbox = Sandbox::new();
    let db = queue(&sandbox);
    let out = act(&sandbox, &db, &["portal-1", "replied", "--note", "refill sent to pharmacy"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).starts_with("recorded replied on message 1 as act-"), "{}", stdout(&out));
    assert!(stdout(&out).trim_end().ends_with("the message is resolved"));
    let (status, first, resolved) = state(&db, "portal-1");
    assert_eq!(status, "resolved");
    assert!(first.is_some() && first == resolved);
    let rows = actions(&db);
    assert_eq!(rows.len(), 1);
    assert_eq!((rows[0].1.as_str(), rows[0].2.as_str()), ("replied", "RN Ames"));
    assert_eq!(rows[0].3.as_deref(), Some("refill sent to pharmacy"));
    check_passes(&sandbox, &db);
}

#[test]
fn a_call_answers_without_resolving_and_a_late_entry_lands_where_it_happened() {
    let sandbox = Sandbox::new();
    let db = queue(&sandbox);
    assert!(act(&sandbox, &db, &["2", "routed-provider"]).status.success());
    // The call happened before the routing; entered late.
    assert!(act(&sandbox, &db, &["2", "called", "--at", "2026-11-23T16:30:00Z"]).status.success());
    let (status, first, resolved) = state(&db, "portal-2");
    assert_eq!(status, "resolved");
    assert_eq!(first.as_deref(), Some("2026-11-23T16:30:00Z"), "the first response is the call");
    assert_ne!(first, resolved);
    check_passes(&sandbox, &db);
}

#[test]
fn undo_and_corrections_are_new_records_never_changes() {
    let sandbox = Sandbox::new();
    let db = queue(&sandbox);
    assert!(act(&sandbox, &db, &["portal-1", "replied", "--uid", "r-1"]).status.success());
    let out = act(&sandbox, &db, &["portal-1", "undo", "--corrects", "r-1"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains("the message is open"), "{}", stdout(&out));
    assert_eq!(state(&db, "portal-1"), ("open".into(), None, None));
    // A correction that names another action stands in its place.
    assert!(act(&sandbox, &db, &["portal-1", "replied", "--uid", "r-2"]).status.success());
    assert!(act(&sandbox, &db, &["portal-1", "called", "--corrects", "r-2"]).status.success());
    let (status, first, _) = state(&db, "portal-1");
    assert_eq!(status, "open");
    assert!(first.is_some());
    assert_eq!(actions(&db).len(), 4, "every record is kept");
    // A record is corrected once; an undo is not undone; an undo names its record.
    for (args, problem) in [
        (vec!["portal-1", "undo", "--corrects", "r-1"], "record r-1 is already corrected"),
        (vec!["portal-1", "undo", "--corrects", "nope"], "there is no record nope on this message to correct"),
        (vec!["portal-2", "undo", "--corrects", "r-2"], "there is no record r-2 on this message to correct"),
        (vec!["portal-1", "undo"], "an undo must name the record it takes back"),
    ] {
        let out = act(&sandbox, &db, &args);
        assert_eq!(out.status.code(), Some(1), "{args:?}");
        assert!(stderr(&out).contains(problem), "{args:?}: {}", stderr(&out));
    }
    assert_eq!(actions(&db).len(), 4, "refusals write nothing");
    check_passes(&sandbox, &db);
}

#[test]
fn a_retry_with_the_same_uid_records_once() {
    let sandbox = Sandbox::new();
    let db = queue(&sandbox);
    assert!(act(&sandbox, &db, &["portal-1", "called", "--uid", "client-7"]).status.success());
    let out = act(&sandbox, &db, &["portal-1", "called", "--uid", "client-7"]);
    assert!(out.status.success());
    assert_eq!(stdout(&out).trim(), "client-7 is already recorded; nothing was added");
    assert_eq!(actions(&db).len(), 1);
}

#[test]
fn bad_requests_are_one_line_exit_one_and_write_nothing() {
    let sandbox = Sandbox::new();
    let db = queue(&sandbox);
    let before = actions(&db);
    for (args, problem) in [
        (vec!["portal-9", "replied"], "there is no message 'portal-9'"),
        (vec!["portal-1", "answered"], "unknown action 'answered' ('inbasket act --list' shows them)"),
        (vec!["portal-1", "called", "--at", "2999-01-01T00:00:00Z"], "is in the future"),
        (vec!["portal-1", "called", "--at", "yesterday"], "is not an RFC 3339 time"),
    ] {
        let out = act(&sandbox, &db, &args);
        assert_eq!(out.status.code(), Some(if problem.contains("RFC 3339") { 2 } else { 1 }), "{args:?}");
        let err = stderr(&out);
        assert!(err.contains(problem), "{args:?}: {err}");
    }
    let out = sandbox.inbasket().args(["act", "--db"]).arg(&db).args(["portal-1", "called"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(stderr(&out).lines().count(), 1);
    assert!(stderr(&out).contains("act needs the nurse"), "{}", stderr(&out));
    assert_eq!(actions(&db), before);
}

#[test]
fn the_list_names_every_action_and_what_it_does() {
    let sandbox = Sandbox::new();
    let out = sandbox.inbasket().args(["act", "--list"]).output().unwrap();
    assert!(out.status.success());
    let text = stdout(&out);
    for name in [
        "replied",
        "called",
        "routed-provider",
        "routed-staff",
        "redirected-urgent",
        "same-day",
        "no-reply-needed",
        "reopened",
        "confirm-urgent",
        "not-urgent",
        "mark-urgent",
        "undo",
    ] {
        assert!(text.lines().any(|l| l.starts_with(&format!("{name} "))), "{name}:\n{text}");
    }
    let replied = text.lines().find(|l| l.starts_with("replied ")).unwrap();
    assert!(replied.contains("yes       yes"), "{replied}");
}

#[test]
fn check_catches_an_edited_record() {
    let sandbox = Sandbox::new();
    let db = queue(&sandbox);
    assert!(act(&sandbox, &db, &["portal-1", "replied"]).status.success());
    assert!(act(&sandbox, &db, &["portal-2", "called"]).status.success());
    let conn = feeder(&db);
    // The guard refuses the edit; someone drops it and edits anyway.
    assert!(conn.execute("UPDATE triage_action SET nurse = 'someone else' WHERE seq = 1", []).is_err());
    conn.execute_batch(
        "DROP TRIGGER triage_action_no_update; UPDATE triage_action SET nurse = 'someone else' WHERE seq = 1;",
    )
    .unwrap();
    let out = sandbox.inbasket().args(["check", "--db"]).arg(&db).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let text = stdout(&out);
    assert!(text.contains("triage_action_no_update") && text.contains("hash"), "{text}");
}

#[test]
fn a_template_reply_goes_to_the_outbox_which_the_portal_reads_and_marks_by_appending() {
    let sandbox = Sandbox::new();
    let db = queue(&sandbox);
    let config = sandbox.path("c.toml");
    std::fs::write(&config, "clinic_name = \"Maple Street Family Medicine\"\nclinic_phone = \"555-0100\"\n").unwrap();
    let out = sandbox
        .inbasket()
        .args(["act", "--nurse", "Dana Ames, RN", "--config"])
        .arg(&config)
        .arg("--db")
        .arg(&db)
        .args(["portal-2", "redirected-urgent", "--template", "urgent-concern", "--uid", "a-1"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains("the 'urgent-concern' reply is in the outbox"), "{}", stdout(&out));
    // The portal interface, from its own connection: the unsent replies.
    let portal = feeder(&db);
    let unsent = "SELECT uid, action_uid, message_id, body FROM reply_pending ORDER BY seq";
    let rows: Vec<(String, String, i64, String)> = portal
        .prepare(unsent)
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    assert_eq!(rows.len(), 1);
    let (uid, action_uid, message_id, body) = &rows[0];
    assert_eq!((action_uid.as_str(), *message_id), ("a-1", 2));
    assert!(body.starts_with("Hello Bo,"), "{body}");
    assert!(
        body.contains("call 911")
            && body.contains("555-0100")
            && body.contains("Dana Ames, RN, Maple Street Family Medicine")
    );
    // It marks the reply sent by appending; it cannot change or remove either.
    portal
        .execute(
            "INSERT INTO reply_sent (reply_uid, sent_at, portal_ref) VALUES (?1, '2026-11-25T16:00:00Z', 'P-9')",
            [uid],
        )
        .unwrap();
    let left: i64 = portal.query_row(&format!("SELECT count(*) FROM ({unsent})"), [], |r| r.get(0)).unwrap();
    assert_eq!(left, 0);
    assert!(portal.execute("UPDATE reply SET body = 'x'", []).is_err());
    assert!(portal.execute("DELETE FROM reply", []).is_err());
    assert!(portal.execute("UPDATE reply_sent SET portal_ref = 'x'", []).is_err());
    assert!(portal.execute("DELETE FROM reply_sent", []).is_err());
    let check = sandbox.inbasket().args(["check", "--db"]).arg(&db).output().unwrap();
    assert!(
        check.status.success() && stdout(&check).contains("outbox: 1 reply, hash chain intact, last link "),
        "{}",
        stdout(&check)
    );
    // A reply whose action is taken back is never sent.
    let reply = |message: &str, action: &str, uid: &str| {
        sandbox
            .inbasket()
            .args(["act", "--nurse", "RN Ames", "--db"])
            .arg(&db)
            .args([message, action, "--template", "refill-received", "--uid", uid])
            .output()
            .unwrap()
    };
    assert!(reply("portal-1", "replied", "a-2").status.success());
    assert_eq!(portal.query_row("SELECT count(*) FROM reply_pending", [], |r| r.get::<_, i64>(0)).unwrap(), 1);
    assert!(act(&sandbox, &db, &["portal-1", "undo", "--corrects", "a-2"]).status.success());
    assert_eq!(portal.query_row("SELECT count(*) FROM reply_pending", [], |r| r.get::<_, i64>(0)).unwrap(), 0);
    // A reply goes only with an action that answers the patient.
    let out = reply("portal-1", "confirm-urgent", "a-3");
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("a reply goes to the patient only with an action that answers them"),
        "{}",
        stderr(&out)
    );
    // An edit made after dropping the guard is caught.
    portal
        .execute_batch("DROP TRIGGER reply_no_update; UPDATE reply SET body = 'Please ignore' WHERE seq = 1;")
        .unwrap();
    let check = sandbox.inbasket().args(["check", "--db"]).arg(&db).output().unwrap();
    assert_eq!(check.status.code(), Some(1));
    assert!(stdout(&check).contains("outbox: reply 1 was altered"), "{}", stdout(&check));
}

#[test]
fn templates_are_checked_and_a_clinic_can_add_its_own() {
    let sandbox = Sandbox::new();
    let db = queue(&sandbox);
    let out = act(&sandbox, &db, &["portal-1", "replied", "--template", "thanks"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("unknown template 'thanks' (templates: urgent-concern, refill-received"),
        "{}",
        stderr(&out)
    );
    let dir = sandbox.path("config/inbasket/templates");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("thanks.txt"), "Thanks, {patient_first_name}!\n{nurse_name}\n").unwrap();
    let out = act(&sandbox, &db, &["portal-1", "replied", "--template", "thanks"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let body: String = feeder(&db).query_row("SELECT body FROM reply", [], |r| r.get(0)).unwrap();
    assert_eq!(body, "Thanks, Ann!\nRN Ames\n");
    std::fs::write(dir.join("bad.txt"), "Hi {patient_first_name},\ncall {clinic_fax}\n").unwrap();
    let out = act(&sandbox, &db, &["portal-1", "called"]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(err.contains("bad.txt' line 2: unknown placeholder '{clinic_fax}'"), "{err}");
}

#[test]
fn a_number_that_names_two_messages_must_say_which() {
    let sandbox = Sandbox::new();
    let db = queue(&sandbox);
    // A portal whose ids are numbers: source id "1" is message 3.
    feed(&feeder(&db), "1", "2026-11-23T17:00:00Z", "Cy Park", "question");
    let out = act(&sandbox, &db, &["1", "called"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("'1' is message 1 by id and message 3 by source id: write id:1 or source:1"),
        "{}",
        stderr(&out)
    );
    assert!(act(&sandbox, &db, &["source:1", "called"]).status.success());
    assert!(state(&db, "1").1.is_some());
    assert!(act(&sandbox, &db, &["id:1", "called"]).status.success());
    assert!(state(&db, "portal-1").1.is_some());
}

#[test]
fn a_clinic_adds_its_own_actions_in_the_config_file() {
    let sandbox = Sandbox::new();
    let db = queue(&sandbox);
    let config = sandbox.path("c.toml");
    std::fs::write(
        &config,
        "nurse = \"RN Ames\"\n\n[[actions]]\nname = \"sent-letter\"\nlabel = \"sent a letter\"\nresolves = true\nkey = \"l\"\n\n\
         [[actions]]\nname = \"left-voicemail\"\nlabel = \"left a voicemail\"\n",
    )
    .unwrap();
    let run = |args: &[&str]| {
        sandbox.inbasket().arg("--config").arg(&config).arg("--db").arg(&db).args(args).output().unwrap()
    };
    let list = stdout(&run(&["act", "--list"]));
    assert!(
        list.lines().any(|l| l.starts_with("sent-letter ") && l.contains("yes       yes       sent a letter")),
        "{list}"
    );
    assert!(list.lines().any(|l| l.starts_with("left-voicemail ") && l.contains("no        yes")), "{list}");
    assert!(run(&["act", "portal-1", "sent-letter"]).status.success());
    assert_eq!(state(&db, "portal-1").0, "resolved");
    assert!(run(&["act", "portal-2", "left-voicemail"]).status.success());
    let (status, first, _) = state(&db, "portal-2");
    assert!(status == "open" && first.is_some());
    let check = run(&["check"]);
    assert!(check.status.success(), "{}", stdout(&check));
    // Without the clinic's config, that message's actions cannot be read: nothing more is recorded on it.
    let out = sandbox
        .inbasket()
        .args(["act", "--nurse", "RN Ames", "--db"])
        .arg(&db)
        .args(["portal-1", "confirm-urgent"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("an action named 'sent-letter' that this inbasket does not know"),
        "{}",
        stderr(&out)
    );
    // Bad definitions are refused with the file and line.
    for (text, problem) in [
        ("[[actions]]\nname = \"replied\"\nlabel = \"x\"\n", "action 'replied' is already a default action"),
        ("[[actions]]\nname = \"Sent Letter\"\nlabel = \"x\"\n", "must be lower-case letters, digits and hyphens"),
        (
            "[[actions]]\nname = \"x\"\nlabel = \"x\"\nkey = \"r\"\n",
            "the dialog key 'r' of action 'x' is already taken",
        ),
        ("[[actions]]\nname = \"x\"\nlabel = \" \"\n", "action 'x' needs a label"),
    ] {
        std::fs::write(&config, text).unwrap();
        let out = run(&["act", "--list"]);
        assert_eq!(out.status.code(), Some(1));
        let err = stderr(&out);
        assert!(err.contains(" line ") && err.contains(problem), "{err}");
    }
}
