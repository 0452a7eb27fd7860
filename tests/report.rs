//! `inbasket report`: the audit of a queue recorded through the real commands, in every format, with its numbers worked out by hand.

mod common;

use std::path::{Path, PathBuf};

use common::{Sandbox, feed, feeder, stderr, stdout};
use serde_json::Value;

/// Sunday 22 and Monday 23 November 2026 in New York.
fn queue(sandbox: &Sandbox) -> PathBuf {
    let db = sandbox.path("q.db");
    inbasket::store::Queue::open(&db, inbasket::store::Creation::File).unwrap();
    let conn = feeder(&db);
    // A: Monday 10:00 EST, answered 11:30.
    feed(&conn, "a", "2026-11-23T15:00:00Z", "Ann Lee", "Can I get a refill of my lisinopril?");
    // B: Sunday 20:00 EST, after hours; called Monday 08:30, replied 09:00.
    feed(&conn, "b", "2026-11-23T01:00:00Z", "Bo Chan", "Question about my appointment");
    drop(conn);
    for (message, action, at) in [
        ("a", "replied", "2026-11-23T16:30:00Z"),
        ("b", "called", "2026-11-23T13:30:00Z"),
        ("b", "replied", "2026-11-23T14:00:00Z"),
    ] {
        let out = sandbox
            .inbasket()
            .args(["act", "--nurse", "RN Ames", "--at", at, "--db"])
            .arg(&db)
            .args([message, action])
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", stderr(&out));
    }
    let out = sandbox
        .inbasket()
        .args(["stress", "--nurse", "RN Ames", "--date", "2026-11-23", "4", "--db"])
        .arg(&db)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    db
}

fn report(sandbox: &Sandbox, db: &Path, args: &[&str]) -> std::process::Output {
    sandbox
        .inbasket()
        .args(["report", "--from", "2026-11-22", "--to", "2026-11-23", "--now", "2026-11-24T05:00:00Z", "--db"])
        .arg(db)
        .args(args)
        .output()
        .unwrap()
}

#[test]
fn json_has_a_row_per_day_and_a_total_worked_out_by_hand() {
    let sandbox = Sandbox::new();
    let db = queue(&sandbox);
    let out = report(&sandbox, &db, &["--format", "json"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let json: Value = serde_json::from_str(&stdout(&out)).unwrap();
    let (sun, mon, total) = (&json["days"][0], &json["days"][1], &json["total"]);
    assert_eq!(sun["date"], "2026-11-22");
    // Sunday: B, after hours, still open at midnight; answered 12 h 30 min later, 30 open minutes.
    assert_eq!((sun["received"].as_u64(), sun["received_after_hours"].as_u64()), (Some(1), Some(1)));
    assert_eq!(sun["unresolved_at_close"], 1);
    assert_eq!(
        (sun["first_response_median_min"].as_f64(), sun["first_response_business_median_min"].as_f64()),
        (Some(750.0), Some(30.0))
    );
    assert_eq!(sun["within_target_pct"], 100.0);
    // Monday: A in 90 minutes; A and B resolved; nothing open at 17:00.
    assert_eq!(
        (mon["received"].as_u64(), mon["resolved"].as_u64(), mon["unresolved_at_close"].as_u64()),
        (Some(1), Some(2), Some(0))
    );
    assert_eq!(mon["first_response_median_min"], 90.0);
    assert_eq!(mon["actions"], serde_json::json!({"called": 1, "replied": 2}));
    assert_eq!((mon["stress_mean"].as_f64(), mon["stress_n"].as_u64()), (Some(4.0), Some(1)));
    assert_eq!(sun["stress_mean"], Value::Null);
    // The period: 90 and 750 minutes, median 420; both on time.
    assert_eq!((total["received"].as_u64(), total["first_response_median_min"].as_f64()), (Some(2), Some(420.0)));
    assert_eq!(total["within_target_pct"], 100.0);
}

#[test]
fn csv_and_text_give_the_same_days() {
    let sandbox = Sandbox::new();
    let db = queue(&sandbox);
    let csv = stdout(&report(&sandbox, &db, &["--format", "csv"]));
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines.len(), 4, "a header, two days and the total:\n{csv}");
    assert!(
        lines[0].starts_with("date,received,received_after_hours,urgent_flagged,")
            && lines[0].contains(",actions_replied,")
    );
    assert!(lines[1].starts_with("2026-11-22,1,1,0,0,0,0,1,0,750.0,750.0,30.0,100.0,,0,"), "{}", lines[1]);
    assert!(lines[3].starts_with("total,2,1,"), "{}", lines[3]);
    let text = stdout(&report(&sandbox, &db, &[]));
    assert!(
        text.starts_with("Daily message audit, 2026-11-22 to 2026-11-23 (clinic time; first responses in minutes)"),
        "{text}"
    );
    let monday = text.lines().find(|l| l.starts_with("2026-11-23")).unwrap();
    let cells: Vec<&str> = monday.split_whitespace().collect();
    // Date, then received 1, after hours 0, …, first response median 90, p90 90, business 90, on time 100%, stress 4.0 (1).
    assert_eq!(
        cells[1..],
        ["1", "0", "0", "0", "0", "2", "0", "0", "90", "90", "90", "100%", "4.0", "(1)"],
        "{monday}"
    );
    // --out writes the same to a file.
    let file = sandbox.path("audit.csv");
    let out = report(&sandbox, &db, &["--format", "csv", "--out", file.to_str().unwrap()]);
    assert!(out.status.success() && stdout(&out).is_empty());
    assert_eq!(std::fs::read_to_string(&file).unwrap(), csv);
}

#[test]
fn an_empty_period_says_so_and_bad_dates_are_one_line() {
    let sandbox = Sandbox::new();
    let db = queue(&sandbox);
    let out = sandbox
        .inbasket()
        .args(["report", "--from", "2026-10-01", "--to", "2026-10-03", "--db"])
        .arg(&db)
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(stdout(&out).contains("No messages were received in this period."), "{}", stdout(&out));
    for (args, problem) in [
        (["--from", "2026-11-31", "--to", "2026-12-01"], "'2026-11-31' is not a date"),
        (["--from", "2026-11-24", "--to", "2026-11-23"], "the period starts (2026-11-24) after it ends (2026-11-23)"),
    ] {
        let out = sandbox.inbasket().arg("report").args(args).arg("--db").arg(&db).output().unwrap();
        assert_eq!(out.status.code(), Some(1));
        assert_eq!(stderr(&out).lines().count(), 1);
        assert!(stderr(&out).contains(problem), "{}", stderr(&out));
    }
}

#[test]
fn a_baseline_and_a_pilot_side_by_side() {
    let sandbox = Sandbox::new();
    let db = queue(&sandbox);
    let run = |args: &[&str]| {
        sandbox
            .inbasket()
            .arg("report")
            .args(args)
            .args(["--now", "2026-11-24T05:00:00Z", "--db"])
            .arg(&db)
            .output()
            .unwrap()
    };
    // Baseline: Sunday (B, 750 min). Pilot: Monday (A, 90 min).
    let out = run(&["--baseline", "2026-11-22..2026-11-22", "--pilot", "2026-11-23..2026-11-23", "--format", "json"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let json: Value = serde_json::from_str(&stdout(&out)).unwrap();
    let measure = |key: &str| json["measures"].as_array().unwrap().iter().find(|m| m["key"] == key).unwrap().clone();
    let median = measure("first_response_median_min");
    assert_eq!(
        (median["baseline"].as_f64(), median["pilot"].as_f64(), median["change"].as_f64()),
        (Some(750.0), Some(90.0), Some(-660.0))
    );
    assert_eq!(median["improved"], true);
    let open = measure("unresolved_at_close_per_day");
    assert_eq!(
        (open["baseline"].as_f64(), open["pilot"].as_f64(), open["improved"].as_bool()),
        (Some(1.0), Some(0.0), Some(true))
    );
    assert_eq!(measure("received_per_day")["improved"], Value::Null);
    let text = stdout(&run(&["--baseline", "2026-11-22..2026-11-22", "--pilot", "2026-11-23..2026-11-23"]));
    assert!(text.starts_with("Baseline 2026-11-22 to 2026-11-22 against pilot 2026-11-23 to 2026-11-23"), "{text}");
    let line = text.lines().find(|l| l.starts_with("minutes to first response (median)")).unwrap();
    assert!(
        line.contains("750.0") && line.contains("90.0") && line.contains("-660.0") && line.ends_with("better"),
        "{line}"
    );
    // Overlapping periods, a bad period: one line, exit 1, no file written.
    let file = sandbox.path("cmp.csv");
    for (args, problem) in [
        (vec!["--baseline", "2026-11-01..2026-11-23", "--pilot", "2026-11-20..2026-11-30"], "overlap"),
        (vec!["--baseline", "2026-11-01", "--pilot", "2026-11-20..2026-11-30"], "is not a period"),
    ] {
        let mut args = args.clone();
        args.extend(["--out", file.to_str().unwrap()]);
        let out = run(&args);
        assert_eq!(out.status.code(), Some(1), "{args:?}");
        assert!(stderr(&out).contains(problem) && stderr(&out).lines().count() == 1, "{}", stderr(&out));
        assert!(!file.exists(), "nothing written");
    }
}

/// Headless Chromium on a page: its DOM after loading, and a screenshot.
fn chromium(sandbox: &Sandbox, page: &Path, args: &[&str]) -> std::process::Output {
    std::process::Command::new("chromium")
        .env("HOME", sandbox.path("chromium-home"))
        .args(["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-extensions"])
        .arg(format!("--user-data-dir={}", sandbox.path("chromium-profile").display()))
        .args(args)
        .arg(format!("file://{}", page.display()))
        .output()
        .expect("chromium is installed (.ci/run installs it)")
}

#[test]
fn the_html_report_renders_in_a_real_browser_with_its_numbers() {
    let sandbox = Sandbox::new();
    let db = queue(&sandbox);
    let page = sandbox.path("audit.html");
    let out = report(&sandbox, &db, &["--format", "html", "--out", page.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    let html = std::fs::read_to_string(&page).unwrap();
    // No network: the only address is the SVG namespace, one per chart.
    let namespace = "xmlns=\"http://www.w3.org/2000/svg\"";
    assert_eq!(html.matches("http").count(), html.matches(namespace).count(), "no network");
    assert_eq!(html.matches(namespace).count(), 4);
    assert!(!html.contains("<script") && !html.contains("src=\"http"), "self-contained");
    let dom = chromium(&sandbox, &page, &["--dump-dom"]);
    assert!(dom.status.success(), "{}", String::from_utf8_lossy(&dom.stderr));
    let dom = String::from_utf8_lossy(&dom.stdout).into_owned();
    assert!(dom.contains("<h1>Daily message audit, 2026-11-22 to 2026-11-23</h1>"), "{dom}");
    // Sunday's row and the total as the browser has them.
    assert!(dom.contains("<td>2026-11-22</td><td>1</td><td>1</td><td>0</td><td>0</td><td>0</td><td>0</td><td>1</td><td>0</td><td>750</td><td>750</td><td>30</td><td>100%</td>"), "{dom}");
    assert!(dom.contains("<td>Total</td><td>2</td>"), "{dom}");
    assert!(dom.contains("<td>4.0 (1)</td>"), "Monday's stress");
    assert_eq!(dom.matches("<svg").count(), 4, "four charts");
    let shot = sandbox.path("audit.png");
    let out = chromium(&sandbox, &page, &["--window-size=1200,1600", &format!("--screenshot={}", shot.display())]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let png = std::fs::read(&shot).unwrap();
    assert!(png.starts_with(b"\x89PNG") && png.len() > 10_000, "a rendered page, {} bytes", png.len());

    // With a baseline and a pilot, the comparison comes first.
    let page = sandbox.path("compare.html");
    let out = sandbox
        .inbasket()
        .args([
            "report",
            "--baseline",
            "2026-11-22..2026-11-22",
            "--pilot",
            "2026-11-23..2026-11-23",
            "--format",
            "html",
        ])
        .args(["--now", "2026-11-24T05:00:00Z", "--out", page.to_str().unwrap(), "--db"])
        .arg(&db)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let dom = String::from_utf8_lossy(&chromium(&sandbox, &page, &["--dump-dom"]).stdout).into_owned();
    assert!(dom.contains("Baseline 2026-11-22 to 2026-11-22 against pilot 2026-11-23 to 2026-11-23"), "{dom}");
    assert!(dom.contains("<td>minutes to first response (median)</td><td>750.0</td><td>90.0</td><td>-660.0</td><td class=\"better\">better</td>"), "{dom}");
}

#[test]
fn leaving_out_messages_settled_before_the_period_changes_no_number() {
    let sandbox = Sandbox::new();
    let db = sandbox.seeded("q.db", 3000);
    let queue = inbasket::store::Queue::open(&db, inbasket::store::Creation::Never).unwrap();
    let clinic = inbasket::config::Config::default().clinic;
    let date = |t: &str| chrono::NaiveDate::parse_from_str(t, "%Y-%m-%d").unwrap();
    let (from, to) = (date("2026-11-16"), date("2026-11-22"));
    let now = chrono::DateTime::parse_from_rfc3339("2026-11-23T15:00:00Z").unwrap().timestamp();
    let since = inbasket::domain::clock::day_start_of(clinic.time_zone, from);
    let until = inbasket::domain::clock::day_start_of(clinic.time_zone, date("2026-11-23"));
    // Without a threshold, the messages from before the period are found through the indexes.
    let selective = inbasket::store::AuditReading { few_earlier: 0, ..Default::default() };
    let audit_with = |since: i64| {
        let records = queue.audit_data_by(since, until, now, selective).unwrap();
        (inbasket::domain::audit::audit(&records, &clinic, from, to, now), records.message_count())
    };
    let (everything, all) = audit_with(0);
    let (needed, fewer) = audit_with(since);
    assert!(fewer < all, "messages settled before the period are left out ({fewer} of {all})");
    assert_eq!(needed, everything);
    assert!(everything.total.received > 0 && everything.days.iter().any(|d| d.unresolved_at_close > 0));
}

#[test]
fn stress_is_an_aggregate_unless_asked_per_nurse() {
    let sandbox = Sandbox::new();
    let db = queue(&sandbox);
    let out = sandbox
        .inbasket()
        .args(["stress", "--nurse", "RN Bell", "--date", "2026-11-22", "8", "--db"])
        .arg(&db)
        .output()
        .unwrap();
    assert!(out.status.success());
    let plain = stdout(&report(&sandbox, &db, &["--format", "json"]));
    assert!(!plain.contains("RN Ames") && !plain.contains("RN Bell") && !plain.contains("stress_by_nurse"), "{plain}");
    let json: Value =
        serde_json::from_str(&stdout(&report(&sandbox, &db, &["--format", "json", "--by-nurse"]))).unwrap();
    assert_eq!(
        json["stress_by_nurse"],
        serde_json::json!([{"nurse": "RN Ames", "mean": 4.0, "n": 1}, {"nurse": "RN Bell", "mean": 8.0, "n": 1}])
    );
    assert_eq!(json["total"]["stress_mean"], 6.0);
    let text = stdout(&report(&sandbox, &db, &["--by-nurse"]));
    assert!(text.contains("Stress by nurse") && text.contains("RN Bell") && text.contains("8.0  (1)"), "{text}");
    let csv = stdout(&report(&sandbox, &db, &["--format", "csv", "--by-nurse"]));
    assert!(csv.contains("\nnurse,stress_mean,stress_n\n\"RN Ames\",4.0,1\n\"RN Bell\",8.0,1\n"), "{csv}");
}

#[test]
fn a_message_with_a_huge_id_is_counted_without_a_huge_table() {
    let sandbox = Sandbox::new();
    let db = queue(&sandbox);
    feeder(&db)
        .execute(
            "INSERT INTO message (id, source_id, received_at, patient_name, body) \
             VALUES (9223372036854775807, 'huge', '2026-11-23T16:00:00Z', 'Cy Park', 'a question')",
            [],
        )
        .unwrap();
    let out = report(&sandbox, &db, &["--format", "json"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let json: Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(json["days"][1]["received"], 2);
}

#[test]
fn a_queue_from_schema_3_is_upgraded_and_reports_its_actions() {
    use inbasket::store::schema;
    let sandbox = Sandbox::new();
    let db = sandbox.path("v3.db");
    let conn = rusqlite::Connection::open(&db).unwrap();
    for migration in &schema::MIGRATIONS[..3] {
        conn.execute_batch(migration).unwrap();
    }
    conn.execute_batch(&format!("PRAGMA user_version = 3; PRAGMA application_id = {};", schema::APPLICATION_ID))
        .unwrap();
    // Monday 10:00 in New York; a call at 10:20, then a reply at 11:30 that resolves it.
    feed(&conn, "a", "2026-11-23T15:00:00Z", "Ann Lee", "Can I get a refill of my lisinopril?");
    for (seq, action, at) in [(1, "called", "2026-11-23T15:20:00Z"), (2, "replied", "2026-11-23T16:30:00Z")] {
        conn.execute(
            "INSERT INTO triage_action (seq, uid, message_id, action, nurse, occurred_at, recorded_at, prev_hash, hash)
             VALUES (?1, ?2, 1, ?3, 'RN Ames', ?4, ?4, 'x', 'y')",
            rusqlite::params![seq, format!("u{seq}"), action, at],
        )
        .unwrap();
    }
    conn.execute("UPDATE message SET status = 'resolved', resolved_at = '2026-11-23T16:30:00Z', first_response_at = '2026-11-23T15:20:00Z'", []).unwrap();
    drop(conn);
    let out = report(&sandbox, &db, &["--format", "json"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let json: Value = serde_json::from_str(&stdout(&out)).unwrap();
    let monday = &json["days"][1];
    assert_eq!((monday["received"].as_u64(), monday["resolved"].as_u64()), (Some(1), Some(1)));
    assert_eq!(monday["actions"], serde_json::json!({"called": 1, "replied": 1}));
    assert_eq!(monday["first_response_median_min"], 20.0);
    let conn = feeder(&db);
    let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0)).unwrap();
    assert_eq!(version, schema::LATEST_VERSION);
    let indexes: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_schema WHERE type = 'index' AND name LIKE 'triage_action_%' ORDER BY name")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(indexes, ["triage_action_audit", "triage_action_by_time", "triage_action_corrections"]);
}
