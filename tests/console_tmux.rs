//! The real console in a real terminal (tmux): it draws the queue, moves, quits,
//! follows a feeder's inserts, and always gives the terminal back (quit, panic, SIGTERM).

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use common::{Sandbox, feed, feeder};

/// A tmux server of the test's own, with one pane running a script.
struct Tmux {
    socket: PathBuf,
}

impl Tmux {
    /// Starts `script` (sh) in a 120×35 pane.
    fn start(sandbox: &Sandbox, script: &str) -> Tmux {
        // A server of its own each time: a server just told to exit may still hold the last socket.
        static STARTED: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
        let n = STARTED.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let tmux = Tmux { socket: sandbox.path(&format!("tmux-{n}.sock")) };
        let status = tmux
            .cmd()
            .args(["new-session", "-d", "-s", "t", "-x", "120", "-y", "35", "sh", "-c", script])
            .status()
            .expect("tmux must be installed (.ci/run installs it)");
        assert!(status.success(), "tmux new-session failed");
        tmux
    }

    fn cmd(&self) -> Command {
        let mut cmd = Command::new("tmux");
        cmd.arg("-S").arg(&self.socket).arg("-f").arg("/dev/null");
        cmd
    }

    fn screen(&self) -> String {
        let out = self.cmd().args(["capture-pane", "-p", "-t", "t"]).output().expect("capture-pane");
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// The pane's visible screen plus everything scrolled off it.
    fn scrollback(&self) -> String {
        let out = self.cmd().args(["capture-pane", "-p", "-S", "-", "-t", "t"]).output().expect("capture-pane");
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    fn keys(&self, keys: &[&str]) {
        let status = self.cmd().args(["send-keys", "-t", "t"]).args(keys).status().expect("send-keys");
        assert!(status.success());
    }

    /// The console's process: the child of the pane's shell running inbasket.
    fn console_pid(&self) -> u32 {
        let shell: u32 = self.format("#{pane_pid}").parse().expect("pane pid");
        children(shell).into_iter().find(|pid| command_line(*pid).contains("inbasket")).expect("console pid")
    }

    fn format(&self, format: &str) -> String {
        let out = self.cmd().args(["display-message", "-p", "-t", "t", format]).output().expect("display");
        String::from_utf8_lossy(&out.stdout).trim().to_string()
    }

    /// Waits up to 15 s for the screen to satisfy `done`; returns the screen.
    fn wait_for(&self, what: &str, done: impl Fn(&str) -> bool) -> String {
        self.wait_up_to(15, what, done)
    }

    fn wait_up_to(&self, seconds: u64, what: &str, done: impl Fn(&str) -> bool) -> String {
        let deadline = Instant::now() + Duration::from_secs(seconds);
        loop {
            let screen = self.screen();
            if done(&screen) {
                return screen;
            }
            assert!(Instant::now() < deadline, "timed out waiting for {what}; screen:\n{screen}");
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = self.cmd().arg("kill-server").status();
    }
}

/// A script that records the terminal settings, runs the console, says how it
/// ended and whether the settings came back, then waits to be inspected.
fn script(sandbox: &Sandbox, db: &Path, extra_env: &str) -> String {
    let bin = env!("CARGO_BIN_EXE_inbasket");
    format!(
        "before=$(stty -g); env -i PATH=\"$PATH\" HOME={home} XDG_DATA_HOME={data} XDG_CONFIG_HOME={config} \
         TERM=xterm-256color {extra_env} {bin} --db {db} --nurse 'RN Ames' 2>{err}; code=$?; \
         if [ \"$(stty -g)\" = \"$before\" ]; then same=yes; else same=no; fi; \
         echo \"EXITED $code TERMINAL-RESTORED $same\"; sleep 60",
        home = sandbox.path("home").display(),
        data = sandbox.path("data").display(),
        config = sandbox.path("config").display(),
        db = db.display(),
        err = sandbox.path("stderr.txt").display(),
    )
}

/// The patient on the row marked as selected.
fn selected_line(screen: &str) -> String {
    screen.lines().find(|line| line.contains('▶')).unwrap_or_default().to_string()
}

/// A message that sorts to the top (emergent, with more red flags than any
/// synthetic message) and carries a marker no other text has.
const MARKER: &str = "ZEBRA7731";

fn add_marked_message(db: &Path) {
    feed(
        &feeder(db),
        "marked-1",
        "2026-11-23T14:00:00Z",
        "Mara Kell",
        &format!(
            "my chest feels tight {MARKER}, I cant breathe, I passed out, slurred speech, coughing up blood, \
             throat is swelling, took too many pills, hit my head"
        ),
    );
}

#[test]
fn the_console_shows_the_queue_moves_and_quits_leaving_a_clean_terminal() {
    let sandbox = Sandbox::new();
    let db = sandbox.seeded("q.db", 600);
    add_marked_message(&db);
    let tmux = Tmux::start(&sandbox, &script(&sandbox, &db, ""));
    // The whole first frame: a capture can land while it is still being drawn.
    let screen =
        tmux.wait_for("the queue", |s| s.contains("Queue · open") && s.contains("Patient") && s.contains("? help"));
    assert!(screen.contains(MARKER), "the marked message is on screen:\n{screen}");
    assert!(screen.contains("RN Ames"), "the nurse is shown:\n{screen}");
    assert_eq!(tmux.format("#{alternate_on}"), "1", "the console uses the alternate screen");
    let first = selected_line(&screen);
    assert!(!first.is_empty(), "a row is selected:\n{screen}");

    tmux.keys(&["j", "j"]);
    let moved = tmux.wait_for("the selection to move", |s| selected_line(s) != first);
    tmux.keys(&["k", "k"]);
    tmux.wait_for("the selection to come back", |s| selected_line(s) == first);
    assert_ne!(selected_line(&moved), first);

    tmux.keys(&["q"]);
    // Quitting asks for the shift's stress rating; Esc skips it and quits.
    tmux.wait_for("the stress question", |s| s.contains("How stressful was this shift"));
    tmux.keys(&["Escape"]);
    let after = tmux.wait_for("exit", |s| s.contains("EXITED"));
    assert!(after.contains("EXITED 0 TERMINAL-RESTORED yes"), "{after}");
    assert_eq!(tmux.format("#{alternate_on}"), "0");
    assert!(!tmux.scrollback().contains(MARKER), "no message text is left in the scrollback");
}

#[test]
fn search_help_and_views_work_in_a_real_terminal() {
    let sandbox = Sandbox::new();
    let db = sandbox.seeded("q.db", 300);
    feed(&feeder(&db), "portal-z", "2026-11-23T14:59:00Z", "Zed Quuxley", "question about my forms");
    let tmux = Tmux::start(&sandbox, &script(&sandbox, &db, ""));
    tmux.wait_for("the queue", |s| s.contains("Queue · open") && s.contains("? help"));
    tmux.keys(&["/", "q", "u", "u", "x", "Enter"]);
    let found = tmux.wait_for("the search", |s| s.contains("“quux”") && selected_line(s).contains("Zed Quuxley"));
    assert!(found.contains("1 found") || found.contains("1 message"), "{found}");
    tmux.keys(&["Escape"]);
    tmux.wait_for("the search cleared", |s| !s.contains("“quux”"));
    tmux.keys(&["?"]);
    let help = tmux.wait_for("help", |s| s.contains("search patient, subject and text"));
    assert!(help.contains("next message") && help.contains("Ctrl-C always quits"), "{help}");
    tmux.keys(&["x"]);
    tmux.wait_for("help closed", |s| !s.contains("Ctrl-C always quits"));
    tmux.keys(&["3"]);
    tmux.wait_for("the overdue view", |s| s.contains("Queue · overdue"));
    tmux.keys(&["Tab"]);
    tmux.wait_for("the message pane active", |s| s.contains("Message · ↑↓ scroll · Esc back"));
    tmux.keys(&["Escape"]);
    tmux.wait_for("back on the queue", |s| s.contains("Message · Tab"));
    tmux.keys(&["q"]);
    // Quitting asks for the shift's stress rating; Esc skips it and quits.
    tmux.wait_for("the stress question", |s| s.contains("How stressful was this shift"));
    tmux.keys(&["Escape"]);
    let after = tmux.wait_for("exit", |s| s.contains("EXITED"));
    assert!(after.contains("EXITED 0 TERMINAL-RESTORED yes"), "{after}");
    assert!(!tmux.scrollback().contains("Quuxley"), "no patient name is left in the scrollback");
}

#[test]
fn an_action_and_the_shift_rating_are_recorded_in_a_real_terminal() {
    let sandbox = Sandbox::new();
    let db = sandbox.seeded("q.db", 200);
    let tmux = Tmux::start(&sandbox, &script(&sandbox, &db, ""));
    tmux.wait_for("the queue", |s| s.contains("Queue · open") && s.contains("? help"));
    tmux.keys(&["Enter"]);
    tmux.wait_for("the action dialog", |s| s.contains("Record an action"));
    tmux.keys(&["r", "s", "e", "n", "t", "Space", "i", "n", "f", "o", "Tab"]);
    tmux.wait_for("the reply template", |s| s.contains("urgent-concern (Tab: next"));
    tmux.keys(&["Tab", "Enter"]);
    tmux.wait_for("the confirmation", |s| s.contains("✓ Saved: replied in portal"));
    tmux.keys(&["q"]);
    tmux.wait_for("the stress question", |s| s.contains("How stressful was this shift"));
    tmux.keys(&["4", "Enter"]);
    let after = tmux.wait_for("exit", |s| s.contains("EXITED"));
    assert!(after.contains("EXITED 0 TERMINAL-RESTORED yes"), "{after}");
    let conn = feeder(&db);
    let (action, nurse, note): (String, String, Option<String>) = conn
        .query_row("SELECT action, nurse, note FROM triage_action ORDER BY seq DESC LIMIT 1", [], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?))
        })
        .unwrap();
    assert_eq!((action.as_str(), nurse.as_str(), note.as_deref()), ("replied", "RN Ames", Some("sent info")));
    let template: String = conn.query_row("SELECT template FROM reply", [], |r| r.get(0)).unwrap();
    assert_eq!(template, "refill-received");
    let (rating, rater): (i64, String) =
        conn.query_row("SELECT rating, nurse FROM stress_rating", [], |r| Ok((r.get(0)?, r.get(1)?))).unwrap();
    assert_eq!((rating, rater.as_str()), (4, "RN Ames"));
    let check = sandbox.inbasket().args(["check", "--db"]).arg(&db).output().unwrap();
    assert!(check.status.success(), "{}", String::from_utf8_lossy(&check.stdout));
}

#[test]
fn a_message_a_feeder_inserts_appears_while_the_console_is_open() {
    let sandbox = Sandbox::new();
    let db = sandbox.seeded("q.db", 300);
    let tmux = Tmux::start(&sandbox, &script(&sandbox, &db, ""));
    // The status line too: a capture can land before the whole first frame is drawn.
    let screen = tmux.wait_for("the queue and its counts", |s| s.contains("Queue · open") && open_count(s) > 0);
    let open_before = open_count(&screen);
    feed(&feeder(&db), "portal-1", "2026-11-23T14:59:00Z", "Quinn Feeder", "my chest feels tight");
    let started = Instant::now();
    let screen = tmux.wait_for("the new message", |s| open_count(s) == open_before + 1);
    assert!(started.elapsed() < Duration::from_secs(3), "appeared after {:?}", started.elapsed());
    // It says the patient's chest feels tight: assessed, and sorted to the top.
    tmux.keys(&["g"]);
    let top = tmux.wait_for("the new row on top", |s| selected_line(s).contains("Quinn Feeder"));
    assert!(selected_line(&top).contains("!! EMERGENT"), "{top}");
    drop(screen);
    tmux.keys(&["C-c"]);
    let after = tmux.wait_for("exit", |s| s.contains("EXITED"));
    assert!(after.contains("EXITED 0 TERMINAL-RESTORED yes"), "{after}");
}

fn open_count(screen: &str) -> u64 {
    let status = screen.lines().rev().find(|line| line.contains(" open ")).unwrap_or_default();
    let after = status.split(" open ").nth(1).unwrap_or_default();
    after.split_whitespace().next().and_then(|n| n.parse().ok()).unwrap_or(0)
}

/// The deliberate panic exists in debug builds only.
#[cfg(debug_assertions)]
#[test]
fn a_panic_restores_the_terminal_and_leaks_no_message_text() {
    let sandbox = Sandbox::new();
    let db = sandbox.seeded("q.db", 50);
    add_marked_message(&db);
    let tmux = Tmux::start(&sandbox, &script(&sandbox, &db, "INBASKET_TEST_PANIC=1"));
    let after = tmux.wait_for("exit", |s| s.contains("EXITED"));
    assert!(after.contains("EXITED 101 TERMINAL-RESTORED yes"), "{after}");
    assert_eq!(tmux.format("#{alternate_on}"), "0");
    let stderr = std::fs::read_to_string(sandbox.path("stderr.txt")).unwrap();
    assert!(stderr.contains("deliberate panic for testing"), "{stderr}");
    assert!(!tmux.scrollback().contains(MARKER));
}

#[test]
fn closing_the_terminal_ends_the_console() {
    let sandbox = Sandbox::new();
    let db = sandbox.seeded("q.db", 50);
    let tmux = Tmux::start(&sandbox, &script(&sandbox, &db, ""));
    tmux.wait_for("the queue", |s| s.contains("Queue · open") && s.contains("? help"));
    let console = tmux.console_pid();
    let status = tmux.cmd().args(["kill-session", "-t", "t"]).status().unwrap();
    assert!(status.success());
    let deadline = Instant::now() + Duration::from_secs(5);
    while Path::new(&format!("/proc/{console}")).exists() {
        let state = std::fs::read_to_string(format!("/proc/{console}/stat")).unwrap_or_default();
        if state.split_whitespace().nth(2) == Some("Z") {
            break; // exited, waiting for its parent
        }
        assert!(Instant::now() < deadline, "the console is still running after its terminal closed");
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn sigterm_restores_the_terminal() {
    let sandbox = Sandbox::new();
    let db = sandbox.seeded("q.db", 50);
    let tmux = Tmux::start(&sandbox, &script(&sandbox, &db, ""));
    tmux.wait_for("the queue", |s| s.contains("Queue · open") && s.contains("? help"));
    let console = tmux.console_pid();
    let status = Command::new("kill").args(["-TERM", &console.to_string()]).status().unwrap();
    assert!(status.success());
    let after = tmux.wait_for("exit", |s| s.contains("EXITED"));
    assert!(after.contains("EXITED 0 TERMINAL-RESTORED yes"), "{after}");
    assert_eq!(tmux.format("#{alternate_on}"), "0");
}

/// Child processes of `pid`, from /proc (the `env` wrapper execs the console).
fn children(pid: u32) -> Vec<u32> {
    let path = format!("/proc/{pid}/task/{pid}/children");
    std::fs::read_to_string(path).unwrap_or_default().split_whitespace().filter_map(|p| p.parse().ok()).collect()
}

fn command_line(pid: u32) -> String {
    std::fs::read(format!("/proc/{pid}/cmdline")).map(|b| String::from_utf8_lossy(&b).into_owned()).unwrap_or_default()
}

#[test]
fn seeding_on_a_terminal_shows_progress() {
    let sandbox = Sandbox::new();
    let db = sandbox.path("big.db");
    let bin = env!("CARGO_BIN_EXE_inbasket");
    let script = format!(
        "{bin} seed --count 40000 --seed 3 --now 2026-11-23T15:00:00Z --db {db}; echo SEED-EXITED $?; sleep 60",
        db = db.display()
    );
    let tmux = Tmux::start(&sandbox, &script);
    let progress = tmux.wait_for("the progress bar", |s| s.contains("seeding") || s.contains("SEED-EXITED"));
    assert!(progress.contains("seeding") && progress.contains("/40,000 messages"), "{progress}");
    let done = tmux.wait_up_to(60, "the end", |s| s.contains("SEED-EXITED"));
    assert!(done.contains("40000 messages added"), "{done}");
    assert!(done.contains("SEED-EXITED 0"));
}

#[test]
fn the_demo_creates_a_queue_once_and_reopens_it() {
    let sandbox = Sandbox::new();
    let bin = env!("CARGO_BIN_EXE_inbasket");
    let run = format!(
        "env -i PATH=\"$PATH\" HOME={home} XDG_DATA_HOME={data} XDG_CONFIG_HOME={config} TERM=xterm-256color \
         {bin} --demo; echo DEMO-EXITED $?; sleep 60",
        home = sandbox.path("home").display(),
        data = sandbox.path("data").display(),
        config = sandbox.path("config").display(),
    );
    for round in 0..2 {
        let tmux = Tmux::start(&sandbox, &run);
        let screen = tmux.wait_up_to(60, "the demo queue", |s| {
            s.contains("Queue · open") && s.contains("Patient") && s.contains("? help")
        });
        assert!(screen.contains("Demo Nurse, RN"), "round {round}:\n{screen}");
        assert!(selected_line(&screen).contains("!! EMERGENT"), "an emergent message is on top:\n{screen}");
        tmux.keys(&["q"]);
        // Quitting asks for the shift's stress rating; Esc skips it and quits.
        tmux.wait_for("the stress question", |s| s.contains("How stressful was this shift"));
        tmux.keys(&["Escape"]);
        let after = tmux.wait_for("exit", |s| s.contains("DEMO-EXITED"));
        assert!(after.contains("DEMO-EXITED 0"), "{after}");
        drop(tmux);
        let demo = sandbox.path("data/inbasket/demo.db");
        let count: i64 = feeder(&demo).query_row("SELECT count(*) FROM message", [], |r| r.get(0)).unwrap();
        assert_eq!(count, 2003, "round {round}: the demo queue is filled once (2,000 seeded, 3 just arrived)");
    }
}

#[test]
fn the_dashboard_is_worked_out_while_the_console_keeps_answering() {
    let sandbox = Sandbox::new();
    let db = sandbox.seeded("q.db", 200);
    // The audit is held back 2 s (debug builds only), as a long history would hold it.
    let tmux = Tmux::start(&sandbox, &script(&sandbox, &db, "INBASKET_TEST_AUDIT_DELAY_MS=2000"));
    let first = tmux.wait_for("the queue", |s| s.contains("Queue · open") && s.contains("? help"));
    let first = selected_line(&first);
    tmux.keys(&["D"]);
    tmux.wait_for("the dashboard, working", |s| s.contains("Daily audit") && s.contains("Working out the audit"));
    // While it is worked out, a key closes it and the queue answers at once.
    let started = Instant::now();
    tmux.keys(&["j"]);
    tmux.wait_for("the dashboard closed", |s| !s.contains("Daily audit"));
    tmux.keys(&["j"]);
    tmux.wait_for("the selection to move", |s| selected_line(s) != first);
    assert!(started.elapsed() < Duration::from_millis(1500), "answered before the audit was done");
    tmux.keys(&["D"]);
    let audit = tmux.wait_for("the audit", |s| s.contains("Today so far ("));
    assert!(audit.contains("received · 14 days from"), "{audit}");
    tmux.keys(&["Escape"]);
    tmux.wait_for("the dashboard closed", |s| !s.contains("Daily audit"));
    tmux.keys(&["C-c"]);
    let after = tmux.wait_for("exit", |s| s.contains("EXITED"));
    assert!(after.contains("EXITED 0 TERMINAL-RESTORED yes"), "{after}");
}

#[test]
fn an_audit_that_fails_leaves_the_console_working() {
    let sandbox = Sandbox::new();
    let db = sandbox.seeded("q.db", 200);
    let tmux = Tmux::start(&sandbox, &script(&sandbox, &db, "INBASKET_TEST_AUDIT_PANIC=1"));
    let first = tmux.wait_for("the queue", |s| s.contains("Queue · open") && s.contains("? help"));
    let first = selected_line(&first);
    tmux.keys(&["D"]);
    let screen = tmux.wait_for("the notice", |s| s.contains("The daily audit could not be worked out"));
    assert!(screen.contains("Queue · open") && !screen.contains("panicked"), "{screen}");
    tmux.keys(&["j"]);
    tmux.wait_for("the selection to move", |s| selected_line(s) != first);
    tmux.keys(&["C-c"]);
    let after = tmux.wait_for("exit", |s| s.contains("EXITED"));
    assert!(after.contains("EXITED 0 TERMINAL-RESTORED yes"), "{after}");
    let stderr = std::fs::read_to_string(sandbox.path("stderr.txt")).unwrap_or_default();
    assert!(!stderr.contains("panicked"), "{stderr}");
}
