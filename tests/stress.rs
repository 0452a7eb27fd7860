//! `inbasket stress`: end-of-shift ratings, append-only on their own chain, corrections as new rows.

mod common;

use std::path::Path;

use common::{Sandbox, feeder, stderr, stdout};

fn stress(sandbox: &Sandbox, db: &Path, nurse: &str, args: &[&str]) -> std::process::Output {
    sandbox.inbasket().args(["stress", "--nurse", nurse, "--db"]).arg(db).args(args).output().unwrap()
}

fn rows(db: &Path) -> Vec<(String, String, i64, Option<String>)> {
    let conn = feeder(db);
    let mut stmt = conn.prepare("SELECT nurse, shift_date, rating, corrects FROM stress_rating ORDER BY seq").unwrap();
    stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap()
}

#[test]
fn a_rating_is_kept_and_rating_the_shift_again_corrects_it() {
    let sandbox = Sandbox::new();
    let db = sandbox.seeded("q.db", 10);
    let out = stress(&sandbox, &db, "RN Ames", &["4", "--date", "2026-11-23", "--note", "busy Monday"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(stdout(&out).trim(), "recorded stress 4/10 for RN Ames, shift of 2026-11-23");
    let out = stress(&sandbox, &db, "RN Ames", &["6", "--date", "2026-11-23"]);
    assert!(stdout(&out).contains("replaces the earlier rating of that shift"), "{}", stdout(&out));
    assert!(stress(&sandbox, &db, "RN Bell", &["2", "--date", "2026-11-23"]).status.success());
    let rows = rows(&db);
    assert_eq!(rows.len(), 3);
    assert_eq!((rows[1].2, rows[1].3.is_some()), (6, true), "the correction names the first");
    assert_eq!(rows[2].3, None, "another nurse's rating corrects nothing");
    let queue = inbasket::store::Queue::open(&db, inbasket::store::Creation::Never).unwrap();
    let own = queue.own_ratings("RN Ames", 14).unwrap();
    assert_eq!(own.iter().map(|r| (r.shift_date.as_str(), r.rating)).collect::<Vec<_>>(), [("2026-11-23", 6)]);
    let out = sandbox.inbasket().args(["check", "--db"]).arg(&db).output().unwrap();
    assert!(
        out.status.success() && stdout(&out).contains("stress ratings: 3 ratings, hash chain intact"),
        "{}",
        stdout(&out)
    );
}

#[test]
fn bad_ratings_are_one_line_and_write_nothing() {
    let sandbox = Sandbox::new();
    let db = sandbox.seeded("q.db", 5);
    for (args, problem) in [
        (vec!["11"], "a whole number from 0 (no stress) to 10 (the worst stress imaginable), not '11'"),
        (vec!["-1"], "not '-1'"),
        (vec!["calm"], "not 'calm'"),
        (vec!["5", "--date", "2999-01-01"], "has not happened yet"),
        (vec!["5", "--date", "Monday"], "'Monday' is not a date"),
    ] {
        let out = stress(&sandbox, &db, "RN Ames", &args);
        assert_eq!(out.status.code(), Some(1), "{args:?}: {}", stderr(&out));
        assert_eq!(stderr(&out).lines().count(), 1, "{}", stderr(&out));
        assert!(stderr(&out).contains(problem), "{args:?}: {}", stderr(&out));
    }
    assert!(rows(&db).is_empty());
}

#[test]
fn ratings_cannot_be_changed_and_an_edit_is_caught() {
    let sandbox = Sandbox::new();
    let db = sandbox.seeded("q.db", 5);
    assert!(stress(&sandbox, &db, "RN Ames", &["3"]).status.success());
    assert!(stress(&sandbox, &db, "RN Ames", &["5", "--date", "2026-11-20"]).status.success());
    let conn = feeder(&db);
    assert!(conn.execute("UPDATE stress_rating SET rating = 0", []).is_err());
    assert!(conn.execute("DELETE FROM stress_rating", []).is_err());
    assert!(
        conn.execute(
            "INSERT OR REPLACE INTO stress_rating (seq, uid, nurse, shift_date, rating, recorded_at, prev_hash, hash)
             VALUES (1, 'x', 'RN Ames', '2026-11-20', 0, 'now', '', '')",
            []
        )
        .is_err()
    );
    conn.execute_batch("DROP TRIGGER stress_rating_no_update; UPDATE stress_rating SET rating = 0 WHERE seq = 1;")
        .unwrap();
    let out = sandbox.inbasket().args(["check", "--db"]).arg(&db).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let text = stdout(&out);
    assert!(
        text.contains("stress_rating_no_update") && text.contains("stress ratings: rating 1 was altered"),
        "{text}"
    );
}
