//! The console's state and `update(Action)`: no drawing, no SQL. The event loop
//! feeds it data it asks for (`wants_rows`, `wants_message`).

use chrono::{DateTime, Utc};

use super::action::Action;
use super::keymap::KeyMap;
use super::record::{self, ActionDialog, Pending, Recent, StressDialog};
use crate::domain::clock;
use crate::domain::message::{Message, MessageId, QueueFilter, QueueRow};
use crate::store::{QueueCounts, Scope};

/// Rows loaded beyond the screen above and below, so small moves need no query.
const MARGIN: u64 = 64;

/// A range of queue positions the app wants loaded: `start..start + len`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowRequest {
    pub scope: Scope,
    pub start: u64,
    pub len: u64,
    /// How many messages the scope holds, as far as the app knows.
    pub total: u64,
}

/// What the keyboard is typing into, if anything.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    /// Keys are commands.
    Commands,
    /// A search being typed.
    Search(String),
    /// The nurse's name, before anything else.
    SignIn(String),
    /// Recording an action on a message.
    Action(ActionDialog),
    /// Rating the shift's stress.
    Stress(StressDialog),
}

/// Which pane the movement keys move.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pane {
    Queue,
    Message,
}

/// The most characters a search or a name can hold.
const MAX_TYPED: usize = 200;

/// Everything the console shows, and nothing it cannot show.
#[derive(Debug, Clone)]
pub struct App {
    pub now: DateTime<Utc>,
    /// The clinic's time zone: every time on screen is shown in it.
    pub time_zone: chrono_tz::Tz,
    pub nurse: Option<String>,
    /// The queue file's name, for the status line.
    pub queue_name: String,
    /// Why nothing can be recorded, when the queue is read-only.
    pub read_only: Option<String>,
    pub filter: QueueFilter,
    pub counts: QueueCounts,
    /// Position of the selected message in the filtered queue.
    pub selected: u64,
    /// Position of the first row on screen.
    pub top: u64,
    /// Rows on screen in the queue pane.
    pub queue_rows: u16,
    /// Loaded rows, starting at queue position `window_start`.
    pub window_start: u64,
    pub window: Vec<QueueRow>,
    /// The selected message in full, once loaded.
    pub message: Option<Message>,
    /// First line of the message text on screen.
    pub text_scroll: u16,
    pub use_color: bool,
    pub should_quit: bool,
    pub input: Input,
    /// The search in force, narrowing the queue to its matches.
    pub search: Option<String>,
    pub focus: Pane,
    pub show_help: bool,
    /// The counts need reading again (the search changed).
    pub counts_stale: bool,
    /// The keys, with the clinic's overrides.
    pub keys: KeyMap,
    /// A record waiting to be stored by the event loop.
    pub pending: Option<Pending>,
    /// One line for the nurse: what was saved, or why not.
    pub notice: Option<String>,
    /// The last action recorded, for undo.
    pub recent: Option<Recent>,
    /// The nurse's own latest ratings, newest first (shift date, rating).
    pub ratings: Vec<(String, u8)>,
    /// Reply templates by name, and the clinic's name and phone to fill them in.
    pub templates: Vec<(String, String)>,
    /// A message to find again after the view changed under it (a search set or cleared).
    pub refind: Option<MessageId>,
    /// A record is waiting for a busy queue: `q` does not leave until it is stored.
    pub still_saving: bool,
    /// The daily audit is on screen; `dashboard` holds it once worked out.
    pub show_dashboard: bool,
    pub dashboard: Option<crate::domain::audit::Audit>,
    pub clinic_name: String,
    pub clinic_phone: String,
}

impl App {
    /// A console for `nurse`; without one, it starts by asking her name.
    pub fn new(now: DateTime<Utc>, queue_name: String, nurse: Option<String>, read_only: Option<String>) -> App {
        let nurse_missing = nurse.is_none();
        App {
            now,
            time_zone: chrono_tz::America::New_York,
            nurse,
            queue_name,
            read_only,
            filter: QueueFilter::Open,
            counts: QueueCounts::default(),
            selected: 0,
            top: 0,
            queue_rows: 10,
            window_start: 0,
            window: Vec::new(),
            message: None,
            text_scroll: 0,
            use_color: true,
            should_quit: false,
            input: if nurse_missing { Input::SignIn(String::new()) } else { Input::Commands },
            search: None,
            focus: Pane::Queue,
            show_help: false,
            counts_stale: false,
            keys: KeyMap::default(),
            pending: None,
            notice: None,
            recent: None,
            ratings: Vec::new(),
            templates: crate::domain::templates::SHIPPED.iter().map(|(n, t)| (n.to_string(), t.to_string())).collect(),
            clinic_name: "your care team".into(),
            clinic_phone: "the clinic's main number".into(),
            refind: None,
            show_dashboard: false,
            dashboard: None,
            still_saving: false,
        }
    }

    /// How many messages the current filter holds.
    pub fn filtered_len(&self) -> u64 {
        self.counts.of(self.filter)
    }

    /// What the queue pane shows: the filter, at this minute, in the clinic's day.
    pub fn scope(&self) -> Scope {
        let now = self.now.timestamp();
        let day_start = clock::day_start(self.time_zone, now);
        Scope { filter: self.filter, now, day_start, search: self.search.clone() }
    }

    /// The loaded row at queue position `position`, if loaded.
    pub fn row_at(&self, position: u64) -> Option<&QueueRow> {
        let offset = position.checked_sub(self.window_start)?;
        self.window.get(usize::try_from(offset).ok()?)
    }

    pub fn selected_row(&self) -> Option<&QueueRow> {
        self.row_at(self.selected)
    }

    pub fn update(&mut self, action: Action) {
        let page = u64::from(self.queue_rows.max(1));
        if !matches!(action, Action::Tick(_) | Action::Resize { .. }) {
            // A notice lasts until the next key.
            self.notice = None;
        }
        if self.typing(action) {
            return;
        }
        if self.show_help && !matches!(action, Action::QuitNow | Action::Tick(_) | Action::Resize { .. }) {
            // Help covers the screen: any key closes it.
            self.show_help = false;
            return;
        }
        if self.show_dashboard && !matches!(action, Action::QuitNow | Action::Tick(_) | Action::Resize { .. }) {
            self.show_dashboard = false;
            return;
        }
        let on_message = self.focus == Pane::Message;
        match action {
            Action::Up if on_message => self.text_scroll = self.text_scroll.saturating_sub(1),
            Action::Down if on_message => self.text_scroll = self.text_scroll.saturating_add(1),
            Action::First if on_message => self.text_scroll = 0,
            Action::Up | Action::PreviousMatch => self.select(self.selected.saturating_sub(1)),
            Action::Down | Action::NextMatch => self.select(self.selected.saturating_add(1)),
            Action::PageUp => self.select(self.selected.saturating_sub(page)),
            Action::PageDown => self.select(self.selected.saturating_add(page)),
            Action::First => self.select(0),
            Action::Last => self.select(u64::MAX),
            Action::ScrollTextUp => self.text_scroll = self.text_scroll.saturating_sub(page as u16),
            Action::ScrollTextDown => self.text_scroll = self.text_scroll.saturating_add(page as u16),
            Action::NextFilter => {
                let next = match self.filter {
                    QueueFilter::Open => QueueFilter::Urgent,
                    QueueFilter::Urgent => QueueFilter::Overdue,
                    QueueFilter::Overdue => QueueFilter::ResolvedToday,
                    QueueFilter::ResolvedToday | QueueFilter::Resolved => QueueFilter::All,
                    QueueFilter::All => QueueFilter::Open,
                };
                self.show(next);
            }
            Action::Show(filter) => self.show(filter),
            Action::SwitchPane => {
                self.focus = match self.focus {
                    Pane::Queue => Pane::Message,
                    Pane::Message => Pane::Queue,
                }
            }
            Action::StartSearch => self.input = Input::Search(self.search.clone().unwrap_or_default()),
            Action::Help => self.show_help = true,
            Action::Dashboard => {
                // Worked out afresh each time it is opened.
                self.show_dashboard = true;
                self.dashboard = None;
            }
            Action::OpenActions | Action::RecordAction(_) => {
                let Some(message) = self.selected_row().map(|row| row.id) else {
                    self.notice = Some("No message selected.".into());
                    return;
                };
                let chosen = match action {
                    Action::RecordAction(kind) => Some(kind),
                    _ => None,
                };
                self.input = Input::Action(ActionDialog {
                    message,
                    cursor: 0,
                    chosen,
                    note: String::new(),
                    template: None,
                    minutes_ago: 0,
                    reply: None,
                    editing_reply: false,
                });
            }
            Action::Undo => match self.recent.take() {
                Some(recent) if (self.now - recent.at).num_seconds() <= record::UNDO_SECONDS => {
                    let undo = crate::domain::action::find(crate::domain::action::UNDO);
                    if let Some(kind) = undo {
                        self.pending = Some(Pending::Action {
                            message: recent.message,
                            kind,
                            note: None,
                            corrects: Some(recent.uid),
                            reply: None,
                            minutes_ago: 0,
                        });
                    }
                }
                _ => {
                    self.notice =
                        Some(format!("Nothing to undo (an action can be taken back for {} s).", record::UNDO_SECONDS))
                }
            },
            Action::RateStress => self.open_stress(false),
            Action::QuitNow => self.should_quit = true,
            Action::Cancel => {
                if self.focus == Pane::Message {
                    self.focus = Pane::Queue;
                } else if self.search.is_some() {
                    self.set_search(None);
                }
            }
            Action::Type(_) | Action::Erase | Action::Submit | Action::EditReply => {}
            Action::Quit if self.still_saving => {
                self.notice = Some("Still saving a record: wait for ✓ Saved (Ctrl-C leaves without it).".into());
            }
            Action::Quit if !self.rated_today() && self.nurse.is_some() && self.read_only.is_none() => {
                self.open_stress(true);
            }
            Action::Quit => self.should_quit = true,
            Action::Tick(now) => self.now = now,
            Action::Resize { queue_rows } => {
                self.queue_rows = queue_rows.max(1);
                self.select(self.selected);
            }
        }
    }

    /// Whether the nurse has rated today's shift (clinic date).
    pub fn rated_today(&self) -> bool {
        let today = clock::local_date_in(self.time_zone, self.now.timestamp()).format("%Y-%m-%d").to_string();
        self.ratings.first().is_some_and(|(date, _)| *date == today)
    }

    fn open_stress(&mut self, quitting: bool) {
        self.input = Input::Stress(StressDialog { rating: None, on_note: false, note: String::new(), quitting });
    }

    /// A key in the action or stress dialog.
    fn in_dialog(&mut self, action: Action) {
        if action == Action::EditReply {
            self.toggle_reply_editing();
            return;
        }
        match (&mut self.input, action) {
            (_, Action::Tick(now)) => self.now = now,
            (_, Action::Resize { queue_rows }) => {
                self.queue_rows = queue_rows.max(1);
                self.select(self.selected);
            }
            // Choosing the action: its letter, or the cursor and Enter.
            (Input::Action(dialog), _) if dialog.chosen.is_none() => {
                let count = record::choices().count();
                match action {
                    Action::Up => dialog.cursor = dialog.cursor.saturating_sub(1),
                    Action::Down => dialog.cursor = (dialog.cursor + 1).min(count.saturating_sub(1)),
                    Action::Type(c) => {
                        dialog.chosen = record::choices()
                            .find(|&(_, letter)| letter == Some(c.to_ascii_lowercase()))
                            .map(|(k, _)| k)
                    }
                    Action::Submit => dialog.chosen = record::choices().nth(dialog.cursor).map(|(kind, _)| kind),
                    Action::Cancel | Action::Quit => self.input = Input::Commands,
                    _ => {}
                }
            }
            // The reply being edited: text, line breaks, Backspace; Esc or Ctrl-E back to the note.
            (Input::Action(dialog), _) if dialog.editing_reply => {
                let reply = dialog.reply.get_or_insert_with(String::new);
                match action {
                    Action::Type(c) if reply.chars().count() < 20_000 => reply.push(c),
                    Action::Submit => reply.push('\n'),
                    Action::Erase => {
                        reply.pop();
                    }
                    Action::Cancel => dialog.editing_reply = false,
                    _ => {}
                }
            }
            // The note; Enter records.
            (Input::Action(dialog), _) => match action {
                Action::Type(c) if dialog.note.chars().count() < 2_000 => dialog.note.push(c),
                Action::Erase => {
                    dialog.note.pop();
                }
                Action::Down => dialog.minutes_ago = (dialog.minutes_ago + 5).min(record::MAX_MINUTES_AGO),
                Action::Up => dialog.minutes_ago = dialog.minutes_ago.saturating_sub(5),
                Action::SwitchPane => {
                    let count = self.templates.len();
                    dialog.template = match dialog.template {
                        None if count > 0 => Some(0),
                        Some(i) if i + 1 < count => Some(i + 1),
                        _ => None,
                    };
                    dialog.reply = None;
                }
                Action::Submit => {
                    let note = dialog.note.trim().to_string();
                    let (message, chosen, template) = (dialog.message, dialog.chosen, dialog.template);
                    let minutes_ago = dialog.minutes_ago;
                    let edited = dialog.reply.take();
                    // The nurse's edit, when she made one.
                    let reply = template
                        .and_then(|i| self.reply_text(i, message))
                        .map(|(name, filled)| (name, edited.unwrap_or(filled)));
                    if let Some(kind) = chosen {
                        self.pending = Some(Pending::Action {
                            message,
                            kind,
                            note: (!note.is_empty()).then_some(note),
                            corrects: None,
                            reply,
                            minutes_ago,
                        });
                    }
                    self.input = Input::Commands;
                }
                Action::Cancel => dialog.chosen = None,
                _ => {}
            },
            (Input::Stress(dialog), _) => match action {
                Action::Type(c) if !dialog.on_note && c.is_ascii_digit() => {
                    // "1" then "0" is ten; any other digit starts again.
                    let digit = c as u8 - b'0';
                    dialog.rating = match dialog.rating {
                        Some(1) if digit == 0 => Some(10),
                        _ => Some(digit),
                    };
                }
                Action::Type(c) if dialog.on_note && dialog.note.chars().count() < 2_000 => dialog.note.push(c),
                Action::Erase if dialog.on_note => {
                    dialog.note.pop();
                }
                Action::Erase => dialog.rating = None,
                Action::Down | Action::SwitchPane if dialog.rating.is_some() => dialog.on_note = true,
                Action::Up => dialog.on_note = false,
                Action::Submit => {
                    if let Some(rating) = dialog.rating {
                        let note = dialog.note.trim().to_string();
                        self.pending = Some(Pending::Rating {
                            rating,
                            note: (!note.is_empty()).then_some(note),
                            quitting: dialog.quitting,
                        });
                        self.input = Input::Commands;
                    } else if dialog.quitting {
                        self.should_quit = true;
                    }
                }
                // Skipping never blocks leaving.
                Action::Cancel | Action::Quit => {
                    if dialog.quitting {
                        self.should_quit = true;
                    }
                    self.input = Input::Commands;
                }
                _ => {}
            },
            _ => {}
        }
    }

    /// Starts or stops editing the reply of the action dialog (when a template is chosen).
    fn toggle_reply_editing(&mut self) {
        let Input::Action(dialog) = &self.input else { return };
        let (Some(index), Some(_)) = (dialog.template, dialog.chosen) else { return };
        let filled = match dialog.reply {
            Some(_) => None,
            None => self.reply_text(index, dialog.message).map(|(_, text)| text),
        };
        if let Input::Action(dialog) = &mut self.input {
            if let Some(text) = filled {
                dialog.reply = Some(text);
            }
            dialog.editing_reply = !dialog.editing_reply;
        }
    }

    /// Template `index` filled in for `message`: (name, text).
    pub fn reply_text(&self, index: usize, message: MessageId) -> Option<(String, String)> {
        use crate::domain::templates;
        let (name, text) = self.templates.get(index)?;
        let patient = self.window.iter().find(|row| row.id == message).map_or("", |row| row.patient_name.as_str());
        let values = templates::Values {
            patient_first_name: templates::first_name(patient),
            clinic_name: self.clinic_name.clone(),
            clinic_phone: self.clinic_phone.clone(),
            nurse_name: self.nurse.clone().unwrap_or_default(),
        };
        Some((name.clone(), templates::render(text, &values)))
    }

    /// The event loop stored the pending action as `uid`.
    pub fn action_saved(
        &mut self,
        uid: String,
        kind: &'static crate::domain::action::ActionKind,
        message: MessageId,
        resolved: bool,
    ) {
        let state = if resolved { "resolved" } else { "open" };
        if kind.name == crate::domain::action::UNDO {
            self.notice = Some(format!("Taken back; the message is {state}."));
            self.recent = None;
        } else {
            self.notice = Some(format!(
                "✓ Saved: {} — the message is {state}. U undoes it for {} s.",
                kind.label,
                record::UNDO_SECONDS
            ));
            self.recent = Some(Recent { uid, message, label: kind.label, at: self.now });
        }
    }

    /// The event loop stored the pending rating.
    pub fn rating_saved(&mut self, date: String, rating: u8, quitting: bool) {
        self.ratings.retain(|(d, _)| *d != date);
        self.ratings.insert(0, (date, rating));
        self.notice = Some(format!("✓ Saved: stress {rating}/10 for today's shift."));
        if quitting {
            self.should_quit = true;
        }
    }

    /// The database is busy: the record waits and is tried again.
    pub fn saving(&mut self) {
        self.notice = Some("Saving… (the queue is busy; nothing is lost)".into());
    }

    /// The record could not be saved: say why, and open its dialog again with what was typed.
    pub fn save_failed(&mut self, pending: Pending, why: String) {
        self.notice = Some(format!("Not saved: {why}"));
        match pending {
            Pending::Action { message, kind, note, corrects: None, reply, minutes_ago } => {
                let template = reply.as_ref().and_then(|(name, _)| self.templates.iter().position(|(n, _)| n == name));
                let note = note.unwrap_or_default();
                let edited = reply.map(|(_, text)| text);
                self.input = Input::Action(ActionDialog {
                    message,
                    cursor: 0,
                    chosen: Some(kind),
                    note,
                    template,
                    minutes_ago,
                    reply: edited,
                    editing_reply: false,
                });
            }
            Pending::Action { .. } => {}
            Pending::Rating { rating, note, quitting } => {
                self.input = Input::Stress(StressDialog {
                    rating: Some(rating),
                    on_note: false,
                    note: note.unwrap_or_default(),
                    quitting,
                });
            }
        }
    }

    /// Handles `action` when the nurse is typing; false when keys are commands.
    fn typing(&mut self, action: Action) -> bool {
        if action == Action::QuitNow {
            self.should_quit = true;
            return true;
        }
        if let Input::Action(_) | Input::Stress(_) = self.input {
            self.in_dialog(action);
            return true;
        }
        let text = match &mut self.input {
            Input::Commands => return false,
            Input::Search(text) | Input::SignIn(text) => text,
            Input::Action(_) | Input::Stress(_) => return true,
        };
        match action {
            Action::Type(c) if text.chars().count() < MAX_TYPED => text.push(c),
            Action::Erase => {
                text.pop();
            }
            Action::Submit => match std::mem::replace(&mut self.input, Input::Commands) {
                Input::Search(text) => {
                    // Text with no word to search for ("!!!") is no search.
                    let text = text.trim().to_string();
                    let searchable = !crate::store::search_words(&text).is_empty();
                    self.set_search(searchable.then_some(text));
                }
                Input::SignIn(name) => {
                    let name = name.trim().to_string();
                    // A name must show: invisible characters alone are no name.
                    if crate::sanitize::line(&name).trim().is_empty() {
                        self.input = Input::SignIn(name);
                    } else {
                        self.nurse = Some(name);
                    }
                }
                Input::Commands | Input::Action(_) | Input::Stress(_) => {}
            },
            Action::Cancel => {
                // Without a name there is nothing beneath the sign-in to go back to.
                if matches!(self.input, Input::SignIn(_)) {
                    self.should_quit = true;
                }
                self.input = Input::Commands;
            }
            Action::Quit => self.should_quit = true,
            Action::Tick(now) => self.now = now,
            Action::Resize { queue_rows } => {
                self.queue_rows = queue_rows.max(1);
                self.select(self.selected);
            }
            _ => {}
        }
        true
    }

    /// Narrows the queue to a search's matches, or back to the whole filter.
    fn set_search(&mut self, search: Option<String>) {
        if search != self.search {
            // Stay on the message being read when the new view holds it.
            self.refind = self.selected_row().map(|row| row.id);
            self.search = search;
            self.counts_stale = true;
            self.counts.matches = None;
            self.show(self.filter);
        }
    }

    /// Switches the queue pane to `filter`, from its top.
    fn show(&mut self, filter: QueueFilter) {
        self.filter = filter;
        if self.search.is_some() {
            // The matches are counted per view.
            self.counts_stale = true;
        }
        self.window.clear();
        self.top = 0;
        self.select(0);
    }

    /// Moves the selection, clamped to the queue, and keeps it on screen.
    fn select(&mut self, position: u64) {
        let previous = self.selected_row().map(|row| row.id);
        let last = self.filtered_len().saturating_sub(1);
        self.selected = position.min(last);
        let page = u64::from(self.queue_rows.max(1));
        if self.selected < self.top {
            self.top = self.selected;
        } else if self.selected >= self.top + page {
            self.top = self.selected + 1 - page;
        }
        if self.selected_row().map(|row| row.id) != previous || previous.is_none() {
            self.text_scroll = 0;
        }
    }

    /// The rows to load, when the screen shows rows that are not loaded.
    pub fn wants_rows(&self) -> Option<RowRequest> {
        let page = u64::from(self.queue_rows.max(1));
        let end = (self.top + page).min(self.filtered_len());
        let loaded_end = self.window_start + self.window.len() as u64;
        let covered = self.top >= self.window_start && end <= loaded_end;
        if covered && !(self.window.is_empty() && end > self.top) {
            return None;
        }
        let start = self.top.saturating_sub(MARGIN);
        Some(RowRequest { scope: self.scope(), start, len: page + 2 * MARGIN, total: self.filtered_len() })
    }

    /// Takes rows loaded for `request`. Rows for another filter are dropped.
    pub fn load_rows(&mut self, request: RowRequest, rows: Vec<QueueRow>) {
        if request.scope.filter != self.filter || request.scope.search != self.search {
            return;
        }
        self.window_start = request.start;
        self.window = rows;
    }

    /// The message to load in full, when the selected one is not loaded.
    pub fn wants_message(&self) -> Option<MessageId> {
        let id = self.selected_row()?.id;
        match &self.message {
            Some(message) if message.row.id == id => None,
            _ => Some(id),
        }
    }

    pub fn load_message(&mut self, message: Option<Message>) {
        self.message = message;
    }

    /// Takes fresh counts after the queue changed (another program wrote to
    /// it). The loaded rows are refreshed, and the selection follows the
    /// message the nurse was reading if it is still in view.
    pub fn queue_changed(&mut self, counts: QueueCounts) {
        self.counts = counts;
        self.select(self.selected);
    }

    /// After a reload, moves the selection to `position`, where the message
    /// the nurse was reading now stands (the event loop looks it up).
    pub fn follow(&mut self, position: u64) {
        if position != self.selected {
            self.select(position);
        }
    }

    /// Forget loaded rows so the next frame reloads them.
    pub fn invalidate_rows(&mut self) {
        self.window.clear();
        self.message = None;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::message::Status;

    fn now() -> DateTime<Utc> {
        DateTime::from_timestamp(1_795_000_000, 0).unwrap()
    }

    fn row(id: i64) -> QueueRow {
        QueueRow {
            id: MessageId(id),
            source_id: None,
            received_at: None,
            received_epoch: Some(1_794_000_000 + id),
            patient_name: format!("Patient {id}"),
            subject: None,
            category: None,
            status: Status::Open,
            level: None,
            assessed: true,
            score: 0,
            first_response_epoch: None,
            due_epoch: None,
        }
    }

    /// An app over a queue of `n` open messages, with whatever it asks for loaded.
    fn app_with(n: u64, rows_on_screen: u16) -> App {
        let mut app = App::new(now(), "q.db".into(), Some("RN Test".into()), None);
        app.update(Action::Resize { queue_rows: rows_on_screen });
        app.queue_changed(QueueCounts { open: n, ..QueueCounts::default() });
        feed(&mut app, n);
        app
    }

    fn feed(app: &mut App, n: u64) {
        if let Some(request) = app.wants_rows() {
            let end = (request.start + request.len).min(n);
            let rows = (request.start..end).map(|p| row(p as i64 + 1)).collect();
            app.load_rows(request, rows);
        }
    }

    #[test]
    fn moving_down_past_the_screen_scrolls() {
        let mut app = app_with(100, 5);
        for _ in 0..7 {
            app.update(Action::Down);
            feed(&mut app, 100);
        }
        assert_eq!(app.selected, 7);
        assert_eq!(app.top, 3);
        assert_eq!(app.selected_row().map(|r| r.id), Some(MessageId(8)));
    }

    #[test]
    fn the_selection_stays_in_bounds() {
        let mut app = app_with(3, 5);
        app.update(Action::Up);
        assert_eq!(app.selected, 0);
        app.update(Action::Last);
        assert_eq!(app.selected, 2);
        app.update(Action::PageDown);
        assert_eq!(app.selected, 2);
    }

    #[test]
    fn an_empty_queue_selects_nothing() {
        let mut app = app_with(0, 5);
        app.update(Action::Down);
        assert_eq!(app.selected, 0);
        assert!(app.selected_row().is_none());
        assert!(app.wants_message().is_none());
    }

    #[test]
    fn jumping_to_the_end_asks_for_the_rows_there() {
        let mut app = app_with(1_000_000, 20);
        app.update(Action::Last);
        let request = app.wants_rows().expect("rows at the end");
        assert!(request.start <= 999_980 && request.start + request.len >= 1_000_000);
        feed(&mut app, 1_000_000);
        assert_eq!(app.selected_row().map(|r| r.id), Some(MessageId(1_000_000)));
        assert!(app.wants_rows().is_none());
    }

    #[test]
    fn a_new_message_does_not_move_the_selection_off_the_one_being_read() {
        let mut app = app_with(10, 5);
        app.update(Action::Down);
        app.update(Action::Down);
        let reading = app.selected_row().map(|r| r.id).unwrap();
        // An older message arrives late: everything shifts down by one.
        app.queue_changed(QueueCounts { open: 11, ..QueueCounts::default() });
        app.invalidate_rows();
        let request = app.wants_rows().unwrap();
        let mut rows = vec![row(0)];
        rows.extend((1..=10).map(row));
        app.load_rows(request, rows);
        app.follow(3); // where the store says it now is
        assert_eq!(app.selected_row().map(|r| r.id), Some(reading));
    }

    proptest::proptest! {
        #[test]
        fn selection_is_always_inside_the_queue(
            n in 0u64..500,
            rows in 1u16..60,
            moves in proptest::collection::vec(0u8..7, 0..80),
        ) {
            let mut app = app_with(n, rows);
            for m in moves {
                let action = [Action::Up, Action::Down, Action::PageUp, Action::PageDown,
                              Action::First, Action::Last, Action::NextFilter][usize::from(m)];
                app.update(action);
                let len = app.filtered_len();
                feed(&mut app, len);
                proptest::prop_assert!(app.selected <= app.filtered_len().saturating_sub(1));
                proptest::prop_assert!(app.top <= app.selected);
                proptest::prop_assert!(app.selected < app.top + u64::from(rows));
            }
        }
    }
}
