//! Shared helpers for the integration tests: a sandboxed `inbasket` command and temp queues.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use tempfile::TempDir;

/// The fixed "now" the tests seed at.
pub const NOW: &str = "2026-11-23T15:00:00Z";

/// A temp directory that holds the queue, the home, the data and config dirs.
pub struct Sandbox {
    pub dir: TempDir,
}

impl Sandbox {
    pub fn new() -> Sandbox {
        Sandbox { dir: tempfile::tempdir().expect("temp dir") }
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// `inbasket` with a clean environment: its home, data and config dirs in the sandbox.
    pub fn inbasket(&self) -> Command {
        let mut cmd = Command::cargo_bin("inbasket").expect("binary built");
        cmd.env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("HOME", self.path("home"))
            .env("XDG_DATA_HOME", self.path("data"))
            .env("XDG_CONFIG_HOME", self.path("config"))
            .env("NO_COLOR", "1");
        cmd
    }

    /// Seeds `name` with `count` messages at the fixed now; returns its path.
    pub fn seeded(&self, name: &str, count: u64) -> PathBuf {
        let db = self.path(name);
        self.inbasket()
            .args(["seed", "--count", &count.to_string(), "--seed", "7", "--days", "14", "--now", NOW])
            .arg("--db")
            .arg(&db)
            .assert()
            .success();
        db
    }
}

/// A second connection, as the clinic's inbound interface would open one.
pub fn feeder(db: &Path) -> rusqlite::Connection {
    let conn = rusqlite::Connection::open(db).expect("feeder opens the queue");
    conn.busy_timeout(std::time::Duration::from_secs(5)).expect("busy timeout");
    conn
}

/// Inserts one message through the feeder contract: one plain INSERT.
pub fn feed(conn: &rusqlite::Connection, source_id: &str, received_at: &str, patient: &str, body: &str) -> usize {
    conn.execute(
        "INSERT INTO message (source_id, received_at, patient_name, patient_mrn, sender, subject, body, category)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        rusqlite::params![source_id, received_at, patient, "MRN0000001", patient, "question", body, "medical question"],
    )
    .expect("feeder insert")
}

/// The file's bytes, to prove a refused open left it untouched.
pub fn bytes(path: &Path) -> Vec<u8> {
    std::fs::read(path).expect("read file")
}

pub fn stdout(output: &std::process::Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

pub fn stderr(output: &std::process::Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// A queue file at schema version 1, as an earlier inbasket left it; returns a connection to it.
pub fn version_1_queue(path: &Path) -> rusqlite::Connection {
    use inbasket::store::schema;
    let conn = rusqlite::Connection::open(path).expect("create file");
    conn.execute_batch(schema::MIGRATIONS[0]).expect("version 1 schema");
    conn.execute_batch(&format!("PRAGMA user_version = 1; PRAGMA application_id = {};", schema::APPLICATION_ID))
        .expect("version 1 marks");
    conn
}

/// Loads what the console's app asks for, the way the event loop does.
pub fn fetch(queue: &inbasket::store::Queue, app: &mut inbasket::tui::app::App) {
    use inbasket::tui::action::Action;
    app.counts = queue.counts(&app.scope()).expect("counts");
    app.counts_stale = false;
    app.update(Action::Resize { queue_rows: app.queue_rows });
    if let Some(request) = app.wants_rows() {
        let rows = queue.queue_page(&request.scope, request.start, request.len, Some(request.total)).expect("rows");
        app.load_rows(request, rows);
    }
    if let Some(id) = app.wants_message() {
        app.load_message(queue.message(id).expect("message"));
    }
}

/// The screen as lines of cell symbols, after the app is sized to it and fed.
pub fn draw(app: &mut inbasket::tui::app::App, queue: &inbasket::store::Queue, width: u16, height: u16) -> Vec<String> {
    use inbasket::tui::{action::Action, view};
    let area = ratatui::layout::Rect::new(0, 0, width, height);
    app.update(Action::Resize { queue_rows: view::queue_rows(area) });
    fetch(queue, app);
    let mut terminal = ratatui::Terminal::new(ratatui::backend::TestBackend::new(width, height)).expect("terminal");
    terminal.draw(|frame| view::render(app, frame)).expect("draw");
    let buffer = terminal.backend().buffer().clone();
    (0..height).map(|y| (0..width).map(|x| buffer[(x, y)].symbol().to_string()).collect::<String>()).collect()
}
