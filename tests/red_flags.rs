//! Red-flag detection end to end: `inbasket scan`, rule files, and assessments kept with the queue.

mod common;

use std::os::unix::fs::PermissionsExt;

use common::{Sandbox, feed, feeder, stderr, stdout};
use inbasket::store::schema;

fn scan(sandbox: &Sandbox, args: &[&str], input: &[u8]) -> std::process::Output {
    sandbox.inbasket().arg("scan").args(args).write_stdin(input.to_vec()).output().unwrap()
}

#[test]
fn scan_prints_one_json_object_per_line_in_input_order() {
    let sandbox = Sandbox::new();
    let out = scan(&sandbox, &["--format", "json"], b"I have chest pain today\n\nno chest pain anymore\r\n");
    assert!(out.status.success(), "{}", stderr(&out));
    let lines: Vec<serde_json::Value> = stdout(&out).lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(lines.len(), 3);
    assert_eq!(lines[0]["line"], 1);
    assert_eq!(lines[0]["level"], "emergent");
    let hit = &lines[0]["hits"][0];
    assert_eq!(
        (hit["text"].as_str(), hit["category"].as_str(), hit["level"].as_str(), hit["context"].as_str()),
        (Some("chest pain"), Some("cardiac"), Some("emergent"), Some("affirmed"))
    );
    assert_eq!((hit["start"].as_u64(), hit["end"].as_u64()), (Some(7), Some(17)));
    assert_eq!(lines[1]["level"], serde_json::Value::Null);
    assert_eq!(lines[1]["hits"].as_array().map(Vec::len), Some(0));
    assert_eq!(lines[2]["level"], serde_json::Value::Null);
    assert_eq!(lines[2]["hits"][0]["context"], "negated", "non-affirmed hits are kept");
}

#[test]
fn scan_reads_a_file_or_the_whole_input_as_one_message() {
    let sandbox = Sandbox::new();
    let file = sandbox.path("messages.txt");
    std::fs::write(&file, "my chest\npain is back\n").unwrap();
    let lines = sandbox.inbasket().args(["scan", "--format", "json"]).arg(&file).output().unwrap();
    assert_eq!(stdout(&lines).lines().count(), 2);
    let whole = sandbox.inbasket().args(["scan", "--whole", "--format", "json"]).arg(&file).output().unwrap();
    let record: serde_json::Value = serde_json::from_str(stdout(&whole).trim()).unwrap();
    assert_eq!(record["level"], "emergent", "a phrase across a line break matches");
    assert_eq!(record["hits"][0]["text"], "chest\npain");
}

#[test]
fn scan_text_output_is_sanitized() {
    let sandbox = Sandbox::new();
    let out = scan(&sandbox, &[], "chest\u{1b}[31m pain and chest pain\n".as_bytes());
    let text = stdout(&out);
    assert!(!text.contains('\u{1b}'), "{text:?}");
    assert!(text.starts_with("1: emergent ("), "{text}");
    assert!(text.contains("\"chest␛[31m pain\""), "the escape is shown, not sent: {text}");
    assert!(text.contains("emergent  affirmed      cardiac"), "{text}");
}

#[test]
fn junk_input_is_scanned_without_a_crash() {
    let sandbox = Sandbox::new();
    let mut junk: Vec<u8> = (0..=255u8).cycle().take(200_000).collect();
    junk.extend_from_slice("\u{202e}chest pain 😀 ألم في الصدر\n".as_bytes());
    junk.extend_from_slice(b"\xff\xfe chest pain \xc3\n");
    let out = scan(&sandbox, &["--format", "json"], &junk);
    assert!(out.status.success(), "{}", stderr(&out));
    let last: serde_json::Value = serde_json::from_str(stdout(&out).lines().last().unwrap()).unwrap();
    assert_eq!(last["level"], "emergent");
    // Spans are byte offsets into the text as read, with U+FFFD for bad bytes.
    assert_eq!(last["hits"][0]["start"], 7);
}

#[test]
fn ten_megabytes_without_a_newline_are_scanned() {
    let sandbox = Sandbox::new();
    let mut text = "I feel fine, just a question about my refill. ".repeat(220_000);
    text.push_str("Now I have chest pain");
    let out = scan(&sandbox, &["--format", "json"], text.as_bytes());
    assert!(out.status.success());
    let record: serde_json::Value = serde_json::from_str(stdout(&out).trim()).unwrap();
    assert_eq!(record["level"], "emergent");
}

#[test]
fn a_bad_rule_file_is_refused_naming_the_file_and_line() {
    let sandbox = Sandbox::new();
    let rules = sandbox.path("clinic-rules.toml");
    std::fs::write(&rules, "[[category]]\nname = \"cardiac\"\nlevel = \"emergent\"\npatterns = ['(chest']\n").unwrap();
    let out = scan(&sandbox, &["--rules", rules.to_str().unwrap()], b"chest pain\n");
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("clinic-rules.toml' line 4: pattern '(chest' does not compile"), "{err}");
    assert!(stdout(&out).is_empty(), "nothing scanned with a half-loaded rule set");
}

#[test]
fn a_clinic_rule_file_replaces_the_shipped_rules() {
    let sandbox = Sandbox::new();
    let rules = sandbox.path("rules.toml");
    std::fs::write(&rules, "[[category]]\nname = \"refills\"\nlevel = \"urgent\"\nphrases = [\"out of insulin\"]\n")
        .unwrap();
    let out =
        scan(&sandbox, &["--rules", rules.to_str().unwrap(), "--format", "json"], b"chest pain. I am OUT of insulin\n");
    let record: serde_json::Value = serde_json::from_str(stdout(&out).trim()).unwrap();
    assert_eq!(record["level"], "urgent");
    assert_eq!(record["hits"].as_array().map(Vec::len), Some(1), "only the clinic's phrases");
    assert_eq!(record["hits"][0]["category"], "refills");
}

fn levels(sandbox: &Sandbox, db: &std::path::Path, rules: Option<&std::path::Path>) -> Vec<serde_json::Value> {
    let mut cmd = sandbox.inbasket();
    cmd.args(["list", "--filter", "all", "--format", "json", "--db"]).arg(db);
    if let Some(rules) = rules {
        cmd.arg("--rules").arg(rules);
    }
    let out = cmd.output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    stdout(&out).lines().map(|l| serde_json::from_str(l).unwrap()).collect()
}

#[test]
fn changed_rules_mean_every_message_is_assessed_again() {
    let sandbox = Sandbox::new();
    let db = sandbox.seeded("q.db", 300);
    let flagged = |rows: &[serde_json::Value]| rows.iter().filter(|r| !r["level"].is_null()).count();
    let shipped = flagged(&levels(&sandbox, &db, None));
    assert!(shipped > 0);

    let rules = sandbox.path("rules.toml");
    std::fs::write(
        &rules,
        "[[category]]\nname = \"refills\"\nlevel = \"urgent\"\nphrases = [\"refill\", \"refills\"]\n",
    )
    .unwrap();
    let clinic = levels(&sandbox, &db, Some(&rules));
    assert_ne!(flagged(&clinic), shipped);
    assert!(clinic.iter().filter(|r| !r["level"].is_null()).all(|r| r["level"] == "urgent"));

    assert_eq!(flagged(&levels(&sandbox, &db, None)), shipped, "back to the shipped rules");
}

#[test]
fn a_version_1_queue_is_migrated_and_its_messages_assessed() {
    let sandbox = Sandbox::new();
    let db = sandbox.path("old.db");
    let conn = common::version_1_queue(&db);
    feed(&conn, "old-1", "2026-11-20T09:00:00Z", "Ann Lee", "my chest feels tight");
    drop(conn);
    let rows = levels(&sandbox, &db, None);
    assert_eq!(rows[0]["level"], "emergent");
    let version: i64 = feeder(&db).query_row("PRAGMA user_version", [], |r| r.get(0)).unwrap();
    assert_eq!(version, schema::LATEST_VERSION);
}

#[test]
fn a_read_only_queue_lists_a_new_message_as_not_yet_checked() {
    let sandbox = Sandbox::new();
    let db = sandbox.seeded("q.db", 20);
    feed(&feeder(&db), "late-1", "2026-11-23T14:59:00Z", "Bo Chan", "chest pain");
    std::fs::set_permissions(&db, std::fs::Permissions::from_mode(0o444)).unwrap();
    let out = sandbox.inbasket().args(["list", "--db"]).arg(&db).output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let line = stdout(&out).lines().find(|l| l.contains("Bo Chan")).unwrap_or_default().to_string();
    assert!(line.contains(" ?  "), "{line}");
}

#[test]
fn scan_names_a_file_it_cannot_read() {
    let sandbox = Sandbox::new();
    let dir = sandbox.path("adir");
    std::fs::create_dir(&dir).unwrap();
    let out = sandbox.inbasket().arg("scan").arg(&dir).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).starts_with(&format!("error: cannot read '{}':", dir.display())), "{}", stderr(&out));
}
