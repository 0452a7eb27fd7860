//! The terminal front end: actions, a pure `App::update`, pure views, and the event loop.

pub mod action;
pub mod app;
pub mod keymap;
pub mod record;
pub mod terminal;
pub mod timings;
pub mod view;

use chrono::{DateTime, Utc};

use crate::domain::clock::Clinic;
use crate::domain::urgency::Rules;
use crate::store::Queue;
pub use terminal::ConsoleError;

/// The app as it starts on `queue`: honours `NO_COLOR`, names the queue by its file name.
pub fn initial_app(queue: &Queue, nurse: Option<String>, now: DateTime<Utc>) -> app::App {
    let name = queue
        .path()
        .file_name()
        .map_or_else(|| queue.path().display().to_string(), |name| name.to_string_lossy().into_owned());
    let mut app = app::App::new(now, crate::sanitize::line(&name), nurse, queue.read_only_reason().map(str::to_string));
    app.use_color = std::env::var_os("NO_COLOR").is_none_or(|value| value.is_empty());
    app
}

/// What the console takes from the config file.
pub struct Settings<'a> {
    pub clinic: &'a Clinic,
    pub keys: &'a keymap::KeyMap,
    /// Reply templates by name.
    pub templates: Vec<(String, String)>,
    pub clinic_name: Option<String>,
    pub clinic_phone: Option<String>,
}

/// Opens the console on `queue` until the nurse quits; messages a feeder adds
/// meanwhile are assessed with `rules`.
pub fn run(
    queue: &mut Queue,
    nurse: Option<String>,
    rules: &Rules,
    settings: Settings<'_>,
) -> Result<(), ConsoleError> {
    let mut app = initial_app(queue, nurse, Utc::now());
    app.time_zone = settings.clinic.time_zone;
    app.keys = settings.keys.clone();
    app.templates = settings.templates;
    if let Some(name) = settings.clinic_name {
        app.clinic_name = name;
    }
    if let Some(phone) = settings.clinic_phone {
        app.clinic_phone = phone;
    }
    terminal::run(queue, app, rules, settings.clinic)
}
