//! Terminal setup and restore (on quit, error, panic, SIGTERM and SIGHUP), and the event loop.

use std::io;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, mpsc};
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use ratatui::DefaultTerminal;
use ratatui::crossterm::event::{self, Event, KeyEventKind};

use super::action::Action;
use super::app::{App, Input};
use super::record::Pending;
use super::{keymap, view};
use crate::domain::assessment::Assessing;
use crate::domain::audit::Audit;
use crate::domain::clock::Clinic;
use crate::domain::urgency::Rules;
use crate::store::{NewAction, NewRating, Queue, RecordError, Recorded, Reply, StoreError};

/// How often the console looks for another program's writes, and lets time pass.
const POLL: Duration = Duration::from_millis(250);

#[derive(Debug, thiserror::Error)]
pub enum ConsoleError {
    #[error("terminal: {0}")]
    Terminal(#[from] io::Error),
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Restores the terminal when dropped, whatever path leaves the console.
struct Restore;

impl Drop for Restore {
    fn drop(&mut self) {
        // Nothing useful can be done if the terminal is already gone.
        let _ = ratatui::try_restore();
    }
}

/// How long the event loop has to notice a stop signal before the process leaves without it.
const STOP_GRACE: Duration = Duration::from_secs(1);

/// Stops the console on SIGTERM, SIGHUP (the terminal closed), SIGINT and
/// SIGQUIT: the flag ends the event loop, which restores the terminal. When
/// the terminal is gone, reading input can hang, so if the loop has not
/// ended within a second the process restores what it can and exits.
fn watch_signals(stop: Arc<AtomicBool>) -> io::Result<()> {
    use signal_hook::consts::{SIGHUP, SIGINT, SIGQUIT, SIGTERM};
    let mut signals = signal_hook::iterator::Signals::new([SIGTERM, SIGHUP, SIGINT, SIGQUIT])?;
    std::thread::Builder::new().name("signals".into()).spawn(move || {
        if let Some(signal) = signals.forever().next() {
            stop.store(true, Ordering::Relaxed);
            std::thread::sleep(STOP_GRACE);
            let _ = ratatui::try_restore();
            std::process::exit(128 + signal);
        }
    })?;
    Ok(())
}

/// Runs the console until the nurse quits or a signal asks it to stop.
pub fn run(queue: &mut Queue, mut app: App, rules: &Rules, clinic: &Clinic) -> Result<(), ConsoleError> {
    let stop = Arc::new(AtomicBool::new(false));
    watch_signals(Arc::clone(&stop))?;
    // Installs a panic hook that restores the terminal before the panic is reported.
    let mut terminal = ratatui::try_init()?;
    let _restore = Restore;
    leave_the_screen_to_the_console_when_the_audit_fails();
    let mut assessing = Assessing::new(rules, clinic, Utc::now().timestamp());
    event_loop(&mut terminal, queue, &mut app, &mut assessing, &stop)
}

fn event_loop(
    terminal: &mut DefaultTerminal,
    queue: &mut Queue,
    app: &mut App,
    assessing: &mut Assessing<'_>,
    stop: &AtomicBool,
) -> Result<(), ConsoleError> {
    let mut seen_version = queue.data_version()?;
    app.counts = queue.counts(&app.scope())?;
    resize(terminal, app)?;
    let mut last_poll = Instant::now();
    let mut dirty = true;
    let mut timings = super::timings::Timings::from_env();
    let mut answering: Option<(Instant, &'static str)> = None;
    let mut saving = Saving::default();
    let mut audit = AuditJob::default();
    while !app.should_quit && !stop.load(Ordering::Relaxed) {
        if audit.follow(queue, app, assessing.clinic()) {
            dirty = true;
        }
        if saving.load_ratings(queue, app)? || saving.save(queue, app)? {
            refresh(queue, app)?;
            dirty = true;
        }
        if dirty {
            fetch(queue, app)?;
            terminal.draw(|frame| view::render(app, frame))?;
            timings.frame(answering.take());
            dirty = false;
            panic_if_asked();
        }
        // While the audit is being worked out, look for it often, so it shows as soon as it is ready.
        let wait = if audit.running() { AUDIT_POLL } else { POLL.saturating_sub(last_poll.elapsed()) };
        if event::poll(wait)? {
            match event::read()? {
                Event::Key(key) if key.kind == KeyEventKind::Press => {
                    let action = match app.input {
                        _ if app.show_help || app.show_dashboard => Some(keymap::closing_action(key)),
                        Input::Commands => app.keys.action_for(key),
                        _ => keymap::typing_action(key),
                    };
                    if let Some(action) = action {
                        answering = Some((Instant::now(), super::timings::kind(action)));
                        app.update(action);
                        if app.counts_stale {
                            app.counts_stale = false;
                            app.counts = match queue.counts(&app.scope()) {
                                Ok(counts) => counts,
                                // A search the index cannot run is dropped, not the console.
                                Err(_) if app.search.is_some() => {
                                    app.update(Action::Cancel);
                                    app.notice = Some("That search could not be run; the search is cleared.".into());
                                    queue.counts(&app.scope())?
                                }
                                Err(err) => return Err(err.into()),
                            };
                        }
                        if let Some(id) = app.refind.take() {
                            fetch(queue, app)?;
                            if let Some(position) = queue.position_of(&app.scope(), id)? {
                                app.follow(position);
                            }
                        }
                        // Stored before the screen says so.
                        if saving.save(queue, app)? {
                            refresh(queue, app)?;
                        }
                        dirty = true;
                    }
                }
                Event::Resize(..) => {
                    resize(terminal, app)?;
                    dirty = true;
                }
                _ => {}
            }
        }
        if last_poll.elapsed() >= POLL {
            last_poll = Instant::now();
            let version = queue.data_version()?;
            if version != seen_version {
                seen_version = version;
                if queue.read_only_reason().is_none() {
                    // A feeder's new rows: assess them before showing them.
                    assessing.now = Utc::now().timestamp();
                    while queue.assess_pending(assessing, 2_000)? > 0 {}
                }
                refresh(queue, app)?;
                dirty = true;
            }
            let now = Utc::now();
            if now.timestamp() / 60 != app.now.timestamp() / 60 {
                // A new minute: overdue times move on, and messages fall due.
                app.update(Action::Tick(now));
                refresh(queue, app)?;
                dirty = true;
            }
        }
    }
    Ok(())
}

/// The daily audit of the last 14 clinic days as of `now`, today so far included.
pub fn dashboard(queue: &Queue, now: DateTime<Utc>, clinic: &Clinic) -> Result<Audit, StoreError> {
    let now = now.timestamp();
    let today = clinic.local_date(now);
    let from = today.checked_sub_days(chrono::Days::new(13)).unwrap_or(today);
    let since = crate::domain::clock::day_start_of(clinic.time_zone, from);
    let records = queue.audit_data(since, now + 1, now)?;
    Ok(crate::domain::audit::audit(&records, clinic, from, today, now))
}

/// How often the event loop looks for the audit while it is being worked out.
const AUDIT_POLL: Duration = Duration::from_millis(20);

/// The dashboard's audit, worked out on a thread of its own with its own
/// connection, so that a long history never holds up the screen: the nurse
/// can close the dashboard and go on working while it runs. One at a time:
/// opened again while one runs, the dashboard shows that one's answer.
#[derive(Default)]
struct AuditJob {
    answer: Option<mpsc::Receiver<Result<Audit, String>>>,
}

impl AuditJob {
    fn running(&self) -> bool {
        self.answer.is_some()
    }

    /// Starts the audit when the dashboard wants one, and hands it over when
    /// it is ready; true when the screen changed. An answer nobody waits for
    /// any longer (the dashboard was closed) is dropped.
    fn follow(&mut self, queue: &Queue, app: &mut App, clinic: &Clinic) -> bool {
        let wanted = app.show_dashboard && app.dashboard.is_none();
        let Some(answer) = &self.answer else {
            if wanted {
                self.answer = Some(start_audit(queue.path().to_path_buf(), app.now, clinic.clone()));
            }
            return false;
        };
        let result = match answer.try_recv() {
            Ok(result) => result,
            Err(mpsc::TryRecvError::Empty) => return false,
            Err(mpsc::TryRecvError::Disconnected) => Err("the audit stopped before it was done".into()),
        };
        self.answer = None;
        if !wanted {
            // The dashboard was closed meanwhile; opened again, it is worked out afresh.
            return false;
        }
        match result {
            Ok(audit) => app.dashboard = Some(audit),
            Err(why) => {
                app.show_dashboard = false;
                app.notice = Some(format!("The daily audit could not be worked out: {why}"));
            }
        }
        true
    }
}

/// Works out the dashboard's audit on a new thread, reading the queue at `path` through a connection of its own.
fn start_audit(path: std::path::PathBuf, now: DateTime<Utc>, clinic: Clinic) -> mpsc::Receiver<Result<Audit, String>> {
    let (tell, answer) = mpsc::channel();
    let work = move || {
        audit_test_hooks();
        let audit = Queue::open(&path, crate::store::Creation::Never).and_then(|queue| dashboard(&queue, now, &clinic));
        // The console may have stopped waiting: then nobody hears it.
        let _ = tell.send(audit.map_err(|err| err.to_string()));
    };
    if let Err(err) = std::thread::Builder::new().name(crate::domain::audit::THREAD.into()).spawn(work) {
        let (tell, answer) = mpsc::channel();
        let _ = tell.send(Err(format!("no thread for it ({err})")));
        return answer;
    }
    answer
}

/// The panic hook that restores the terminal (ratatui's) runs for a panic on
/// any thread. A panic while the audit is worked out beside the console must
/// not take the screen from it: the console says the audit stopped instead.
fn leave_the_screen_to_the_console_when_the_audit_fails() {
    let restore = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        if std::thread::current().name() != Some(crate::domain::audit::THREAD) {
            restore(info);
        }
    }));
}

/// Lets the end-to-end tests hold the audit back, to show the console answers
/// keys while it is worked out, or make it panic. Debug builds only.
fn audit_test_hooks() {
    #[cfg(debug_assertions)]
    {
        if let Some(millis) = std::env::var("INBASKET_TEST_AUDIT_DELAY_MS").ok().and_then(|v| v.parse().ok()) {
            std::thread::sleep(Duration::from_millis(millis));
        }
        if std::env::var_os("INBASKET_TEST_AUDIT_PANIC").is_some() {
            panic!("deliberate panic in the audit for testing (INBASKET_TEST_AUDIT_PANIC)");
        }
    }
}

/// Stores what the nurse recorded: each record is committed before the
/// screen confirms it; a busy queue keeps it and tries again with the same
/// uid, so it is stored once; any other failure reopens its dialog.
#[derive(Default)]
pub struct Saving {
    /// A record tried and waiting for the queue, with its uid.
    waiting: Option<(Pending, String)>,
    /// The nurse whose ratings are loaded.
    ratings_of: Option<String>,
}

impl Saving {
    /// Loads the signed-in nurse's own ratings once; true when it did.
    pub fn load_ratings(&mut self, queue: &Queue, app: &mut App) -> Result<bool, ConsoleError> {
        let Some(nurse) = app.nurse.clone() else { return Ok(false) };
        if self.ratings_of.as_deref() == Some(nurse.as_str()) {
            return Ok(false);
        }
        app.ratings = queue.own_ratings(&nurse, 14)?.into_iter().map(|r| (r.shift_date, r.rating)).collect();
        self.ratings_of = Some(nurse);
        Ok(true)
    }

    /// Tries the waiting or pending record; true when one was stored.
    pub fn save(&mut self, queue: &mut Queue, app: &mut App) -> Result<bool, ConsoleError> {
        let saved = self.try_save(queue, app);
        app.still_saving = self.waiting.is_some();
        saved
    }

    fn try_save(&mut self, queue: &mut Queue, app: &mut App) -> Result<bool, ConsoleError> {
        let (pending, uid) = match (self.waiting.take(), app.pending.take()) {
            (Some(waiting), later) => {
                app.pending = later;
                waiting
            }
            (None, Some(pending)) => (pending, new_uid()),
            (None, None) => return Ok(false),
        };
        let Some(nurse) = app.nurse.clone() else { return Ok(false) };
        let now = Utc::now();
        let result = match &pending {
            Pending::Action { message, kind, note, corrects, reply, minutes_ago } => {
                let action = NewAction {
                    uid: uid.clone(),
                    message: *message,
                    kind,
                    note: note.clone(),
                    nurse,
                    occurred_at: now - chrono::Duration::minutes(i64::from(*minutes_ago)),
                    corrects: corrects.clone(),
                    reply: reply.clone().map(|(template, body)| Reply { template: Some(template), body }),
                };
                match queue.record_action(&action, now) {
                    Ok(Recorded::Stored { resolved, .. }) => {
                        app.action_saved(uid, kind, *message, resolved);
                        return Ok(true);
                    }
                    Ok(Recorded::AlreadyThere) => {
                        app.action_saved(uid, kind, *message, false);
                        return Ok(true);
                    }
                    Err(RecordError::Store(err)) => Err(err),
                    Err(refused) => {
                        app.save_failed(pending, refused.to_string());
                        return Ok(false);
                    }
                }
            }
            Pending::Rating { rating, note, quitting } => {
                // The shift the console is showing (its clock moves with the real one).
                let shift_date = crate::domain::clock::local_date_in(app.time_zone, app.now.timestamp());
                let new = NewRating { uid: uid.clone(), nurse, shift_date, rating: *rating, note: note.clone() };
                match queue.record_rating(&new, now) {
                    Ok(_) => {
                        app.rating_saved(shift_date.format("%Y-%m-%d").to_string(), *rating, *quitting);
                        return Ok(true);
                    }
                    Err(err) => Err(err),
                }
            }
        };
        match result {
            Err(err) if err.is_busy() => {
                app.saving();
                self.waiting = Some((pending, uid));
            }
            Err(err) => app.save_failed(pending, err.to_string()),
            Ok(()) => {}
        }
        Ok(false)
    }
}

/// A record id unique to this console: the clock to the nanosecond, the process and a counter.
fn new_uid() -> String {
    use std::sync::atomic::{AtomicU32, Ordering};
    static COUNTER: AtomicU32 = AtomicU32::new(0);
    let nanos = Utc::now().timestamp_nanos_opt().unwrap_or_default();
    format!("console-{nanos:x}-{:x}-{}", std::process::id(), COUNTER.fetch_add(1, Ordering::Relaxed))
}

fn resize(terminal: &mut DefaultTerminal, app: &mut App) -> Result<(), ConsoleError> {
    let size = terminal.size()?;
    let area = ratatui::layout::Rect::new(0, 0, size.width, size.height);
    app.update(Action::Resize { queue_rows: view::queue_rows(area) });
    Ok(())
}

/// Loads whatever the app says it is missing.
fn fetch(queue: &Queue, app: &mut App) -> Result<(), ConsoleError> {
    if let Some(request) = app.wants_rows() {
        let rows = queue.queue_page(&request.scope, request.start, request.len, Some(request.total))?;
        app.load_rows(request, rows);
    }
    if let Some(id) = app.wants_message() {
        app.load_message(queue.message(id)?);
    }
    Ok(())
}

/// Another program changed the queue: reload counts and rows, keep the
/// nurse on the message she was reading.
fn refresh(queue: &Queue, app: &mut App) -> Result<(), ConsoleError> {
    let reading = app.selected_row().map(|row| row.id);
    app.queue_changed(queue.counts(&app.scope())?);
    app.invalidate_rows();
    fetch(queue, app)?;
    if let Some(id) = reading {
        if let Some(position) = queue.position_of(&app.scope(), id)? {
            app.follow(position);
        }
        fetch(queue, app)?;
    }
    Ok(())
}

/// Lets the end-to-end tests prove the terminal survives a panic. Debug builds only.
fn panic_if_asked() {
    #[cfg(debug_assertions)]
    if std::env::var_os("INBASKET_TEST_PANIC").is_some() {
        panic!("deliberate panic for testing (INBASKET_TEST_PANIC)");
    }
}
