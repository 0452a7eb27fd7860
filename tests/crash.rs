//! Killing inbasket (SIGKILL) at random moments while it records actions loses nothing it confirmed and never breaks the chain.
//!
//! `INBASKET_CRASH_ROUNDS` sets how many recordings to attempt (default 40)
//! and `INBASKET_CRASH_WINDOW_US` the longest wait before the kill (default:
//! twice as long as one recording takes); `scripts/crash-test.sh` runs many
//! more on a release build.

mod common;

use std::process::Stdio;
use std::time::Duration;

use common::{Sandbox, feeder, stdout};

/// A small deterministic generator for the kill delays.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        self.0 >> 33
    }
}

#[test]
fn every_confirmed_action_survives_a_kill_and_check_passes() {
    let setting = |name: &str, default: u64| std::env::var(name).ok().and_then(|n| n.parse().ok()).unwrap_or(default);
    let sandbox = Sandbox::new();
    let db = sandbox.seeded("q.db", 300);
    let act = |uid: &str, message: &str, action: &str| {
        std::process::Command::new(env!("CARGO_BIN_EXE_inbasket"))
            .env_clear()
            .env("HOME", sandbox.path("home"))
            .env("XDG_CONFIG_HOME", sandbox.path("config"))
            .args(["act", "--nurse", "RN Crash", "--uid", uid, "--db"])
            .arg(&db)
            .args([message, action])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("start inbasket")
    };
    // The kills must land both before and after confirmation: by default the
    // window is twice as long as one recording takes on this machine, now.
    let started = std::time::Instant::now();
    assert!(act("crash-timing", "1", "called").wait().expect("wait").success());
    let twice = u64::try_from(started.elapsed().as_micros() * 2).unwrap_or(u64::MAX);
    let (rounds, window) = (setting("INBASKET_CRASH_ROUNDS", 40), setting("INBASKET_CRASH_WINDOW_US", twice).max(1));
    let actions = ["called", "replied", "reopened", "confirm-urgent", "routed-staff"];
    let mut random = Lcg(7);
    let (mut confirmed, mut killed) = (Vec::new(), 0u64);
    for round in 0..rounds {
        let uid = format!("crash-{round}");
        let message = (random.next() % 300 + 1).to_string();
        let action = actions[(random.next() % actions.len() as u64) as usize];
        let child = act(&uid, &message, action);
        // Somewhere between at once and after it has long finished.
        std::thread::sleep(Duration::from_micros(random.next() % window));
        // The kill(1) an operator would use.
        let _ = std::process::Command::new("kill").args(["-KILL", &child.id().to_string()]).status();
        let output = child.wait_with_output().expect("wait");
        if output.status.success() && stdout(&output).contains(&format!(" as {uid};")) {
            confirmed.push(uid);
        } else {
            killed += 1;
        }
    }
    let conn = feeder(&db);
    for uid in &confirmed {
        let there: bool = conn
            .query_row("SELECT EXISTS (SELECT 1 FROM triage_action WHERE uid = ?1)", [uid], |row| row.get(0))
            .unwrap();
        assert!(there, "{uid} was confirmed but is not in the queue");
    }
    let check = sandbox.inbasket().args(["check", "--db"]).arg(&db).output().unwrap();
    assert!(check.status.success(), "{}", stdout(&check));
    eprintln!(
        "crash test: {rounds} recordings, {killed} killed before confirming, {} confirmed and found",
        confirmed.len()
    );
    assert!(killed > 0 && !confirmed.is_empty(), "the kills must land both before and after confirmation");
}
