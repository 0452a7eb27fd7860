//! The command line: help, version, seed, list and its bad input.

mod common;

use common::{NOW, Sandbox, stderr, stdout};

#[test]
fn every_command_has_help_and_there_is_a_version() {
    let sandbox = Sandbox::new();
    let version = sandbox.inbasket().arg("--version").output().unwrap();
    assert_eq!(stdout(&version).trim(), format!("inbasket {}", env!("CARGO_PKG_VERSION")));
    for (args, expect) in [
        (vec!["--help"], "--demo"),
        (vec!["seed", "--help"], "--count <N>"),
        (vec!["list", "--help"], "--filter <FILTER>"),
        (vec!["check", "--help"], "hash chain"),
        (vec!["scan", "--help"], "--whole"),
    ] {
        let out = sandbox.inbasket().args(&args).output().unwrap();
        assert!(out.status.success(), "{args:?}");
        assert!(stdout(&out).contains(expect), "{args:?}: {}", stdout(&out));
    }
}

#[test]
fn seeding_is_deterministic_for_a_seed_and_a_now() {
    let sandbox = Sandbox::new();
    let a = sandbox.seeded("a.db", 400);
    let b = sandbox.seeded("b.db", 400);
    let list = |db: &std::path::Path| {
        let out =
            sandbox.inbasket().args(["list", "--filter", "all", "--format", "json", "--db"]).arg(db).output().unwrap();
        assert!(out.status.success());
        stdout(&out)
    };
    let (first, second) = (list(&a), list(&b));
    assert_eq!(first.lines().count(), 400);
    assert_eq!(first, second);

    let other = sandbox.path("c.db");
    sandbox
        .inbasket()
        .args(["seed", "--count", "400", "--seed", "8", "--now", NOW, "--db"])
        .arg(&other)
        .assert()
        .success();
    assert_ne!(list(&other), first, "another seed gives other messages");
}

#[test]
fn seeding_twice_with_the_same_seed_adds_nothing() {
    let sandbox = Sandbox::new();
    let db = sandbox.seeded("q.db", 100);
    let again = sandbox
        .inbasket()
        .args(["seed", "--count", "100", "--seed", "7", "--days", "14", "--now", NOW, "--db"])
        .arg(&db)
        .output()
        .unwrap();
    assert!(again.status.success());
    assert!(stdout(&again).contains("0 messages added, 100 already there, 0 triage actions"), "{}", stdout(&again));
}

#[test]
fn a_seeded_queue_has_an_open_backlog_and_a_triaged_past() {
    let sandbox = Sandbox::new();
    let db = sandbox.seeded("q.db", 2000);
    let count = |filter: &str| {
        let out = sandbox
            .inbasket()
            .args(["list", "--format", "json", "--filter", filter, "--db"])
            .arg(&db)
            .output()
            .unwrap();
        stdout(&out).lines().count()
    };
    let (open, resolved) = (count("open"), count("resolved"));
    assert_eq!(open + resolved, 2000);
    assert!((20..400).contains(&open), "open backlog {open}");
    let conn = common::feeder(&db);
    let actions: i64 = conn.query_row("SELECT count(*) FROM triage_action", [], |r| r.get(0)).unwrap();
    assert!(actions >= resolved as i64, "{actions} actions for {resolved} resolved messages");
    // Every resolved message has the action that resolved it, and the cache agrees.
    let orphans: i64 = conn
        .query_row(
            "SELECT count(*) FROM message m WHERE status = 'resolved'
               AND NOT EXISTS (SELECT 1 FROM triage_action a WHERE a.message_id = m.id)",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(orphans, 0);
}

#[test]
fn list_orders_most_urgent_then_oldest_first_and_limits() {
    let sandbox = Sandbox::new();
    let db = sandbox.seeded("q.db", 500);
    let out = sandbox
        .inbasket()
        .args(["list", "--filter", "all", "--format", "json", "--limit", "50", "--db"])
        .arg(&db)
        .output()
        .unwrap();
    let rows: Vec<serde_json::Value> = stdout(&out).lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(rows.len(), 50);
    // Highest score first (emergent, then urgent, then the rest), oldest first within a score.
    let keys: Vec<(i64, chrono::DateTime<chrono::FixedOffset>)> = rows
        .iter()
        .map(|r| {
            let received = chrono::DateTime::parse_from_rfc3339(r["received_at"].as_str().unwrap()).unwrap();
            (-r["score"].as_i64().unwrap(), received)
        })
        .collect();
    assert!(keys.windows(2).all(|w| w[0] <= w[1]), "{keys:?}");
    assert_eq!(rows[0]["level"], "emergent", "a 500-message queue has an emergent message on top");
    assert!(rows[49]["level"].is_null(), "and fewer than 50 flagged ones");
    for key in ["id", "source_id", "received_at", "patient_name", "subject", "status", "level", "score"] {
        assert!(rows[0].get(key).is_some(), "json has {key}");
    }
}

#[test]
fn list_text_is_aligned_and_sanitized() {
    let sandbox = Sandbox::new();
    let db = sandbox.path("q.db");
    inbasket::store::Queue::open(&db, inbasket::store::Creation::File).unwrap();
    let conn = common::feeder(&db);
    conn.execute(
        "INSERT INTO message (source_id, received_at, patient_name, subject, body)
         VALUES ('x', '2026-11-23T14:05:00Z', 'Eve\x1b[2JEvil', 'hi \u{202e}txt.exe', 'b')",
        [],
    )
    .unwrap();
    let out = sandbox.inbasket().args(["list", "--db"]).arg(&db).output().unwrap();
    let text = stdout(&out);
    assert!(!text.contains('\u{1b}') && !text.contains('\u{202e}'), "{text:?}");
    assert!(text.contains("Eve␛[2JEvil"), "{text}");
}

#[test]
fn the_urgent_filter_lists_only_open_flagged_messages() {
    let sandbox = Sandbox::new();
    let db = sandbox.seeded("q.db", 3000);
    common::feed(&common::feeder(&db), "new-1", "2026-11-23T14:58:00Z", "Ann Lee", "I have chest pain right now");
    let out =
        sandbox.inbasket().args(["list", "--filter", "urgent", "--format", "json", "--db"]).arg(&db).output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let rows: Vec<serde_json::Value> = stdout(&out).lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert!(rows.iter().any(|row| row["source_id"] == "new-1"), "the new emergent message is listed");
    for row in &rows {
        assert_eq!(row["status"], "open");
        assert!(matches!(row["level"].as_str(), Some("emergent" | "urgent")), "{row}");
    }
}

#[test]
fn seed_refuses_to_run_without_an_explicit_queue() {
    let sandbox = Sandbox::new();
    let out = sandbox.inbasket().args(["seed", "--count", "10"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("seed needs --db PATH"));
    assert!(!sandbox.path("data/inbasket/inbasket.db").exists());
}

#[test]
fn a_bad_config_file_is_named_with_its_line() {
    let sandbox = Sandbox::new();
    let config = sandbox.path("bad.toml");
    std::fs::write(&config, "nurse = \"RN Ames\"\ndb = 42\n").unwrap();
    let out = sandbox.inbasket().args(["list", "--config"]).arg(&config).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(err.contains("bad.toml' line 2:"), "{err}");
}

#[test]
fn the_console_without_a_terminal_says_to_use_list() {
    let sandbox = Sandbox::new();
    let db = sandbox.seeded("q.db", 5);
    let out = sandbox.inbasket().arg("--db").arg(&db).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("the console needs a terminal"));
    // Nothing is created or filled for a console that cannot start.
    let fresh = sandbox.path("fresh.db");
    let out = sandbox.inbasket().arg("--db").arg(&fresh).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(!fresh.exists());
    let demo = sandbox.inbasket().arg("--demo").output().unwrap();
    assert_eq!(demo.status.code(), Some(1));
    assert!(!sandbox.path("data/inbasket/demo.db").exists());
}

#[test]
fn without_db_the_default_queue_in_the_data_directory_is_used() {
    let sandbox = Sandbox::new();
    let default = sandbox.path("data/inbasket/inbasket.db");
    // Reading commands never create a queue.
    for command in ["list", "check"] {
        let out = sandbox.inbasket().arg(command).output().unwrap();
        assert_eq!(out.status.code(), Some(1), "{command}");
        assert_eq!(stderr(&out).trim(), format!("error: there is no queue at '{}'", default.display()));
    }
    assert!(!sandbox.path("data").exists());

    std::fs::create_dir_all(default.parent().unwrap()).unwrap();
    sandbox.inbasket().args(["seed", "--count", "3", "--now", NOW, "--db"]).arg(&default).assert().success();
    let out = sandbox.inbasket().args(["list", "--filter", "all"]).output().unwrap();
    assert_eq!(stdout(&out).lines().count(), 4, "header and three rows");

    // INBASKET_DB names another queue.
    let db = sandbox.seeded("env.db", 2);
    let out = sandbox.inbasket().env("INBASKET_DB", &db).args(["list", "--filter", "all"]).output().unwrap();
    assert_eq!(stdout(&out).lines().count(), 3);
}

#[test]
fn seed_never_takes_its_queue_from_the_environment() {
    let sandbox = Sandbox::new();
    let clinic = sandbox.seeded("clinic.db", 5);
    let before = common::bytes(&clinic);
    let out = sandbox.inbasket().env("INBASKET_DB", &clinic).args(["seed", "--count", "7"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("seed needs --db PATH on its command line"), "{}", stderr(&out));
    assert_eq!(common::bytes(&clinic), before);
}

#[test]
fn demo_cannot_be_combined_with_a_command() {
    let sandbox = Sandbox::new();
    let out = sandbox.inbasket().args(["--demo", "list"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("--demo opens the console"));
}

#[test]
fn the_config_file_can_name_the_queue() {
    let sandbox = Sandbox::new();
    let db = sandbox.seeded("configured.db", 4);
    std::fs::create_dir_all(sandbox.path("config/inbasket")).unwrap();
    std::fs::write(
        sandbox.path("config/inbasket/config.toml"),
        format!("nurse = \"RN Ames\"\ndb = \"{}\"\n", db.display()),
    )
    .unwrap();
    let out = sandbox.inbasket().args(["list", "--filter", "all"]).output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(stdout(&out).lines().count(), 5);
    assert!(!sandbox.path("data/inbasket/inbasket.db").exists(), "the default queue was not touched");
}
