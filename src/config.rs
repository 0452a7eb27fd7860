//! The config file (TOML): who is signed in, which queue to open, and the clinic's clock, with clear errors for bad files.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::io;
use std::ops::Range;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use toml::Spanned;

use crate::domain::action::{self, ActionKind};
use crate::domain::clock::{self, Clinic, Targets};
use crate::domain::templates;
use crate::domain::urgency::{RuleError, Rules};
use crate::tui::keymap::KeyMap;

/// The clinic's clock as shipped: time zone, holidays, open hours, targets.
pub const CLINIC_DEFAULTS: &str = include_str!("../assets/clinic.toml");

/// How errors in [`CLINIC_DEFAULTS`] name it.
const DEFAULTS_NAME: &str = "built-in assets/clinic.toml";

/// Settings from the config file. Command-line flags and environment
/// variables take precedence over these.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Config {
    /// The nurse signed in when no `--nurse` or `INBASKET_NURSE` is given.
    pub nurse: Option<String>,
    /// The queue database when no `--db` or `INBASKET_DB` is given.
    pub db: Option<PathBuf>,
    /// The clinic's red-flag rule file when no `--rules` is given.
    pub rules: Option<PathBuf>,
    /// The clinic's clock: the file's settings over the shipped ones, checked.
    pub clinic: Clinic,
    /// The console's keys, with the file's `[keys]` added.
    pub keys: KeyMap,
    /// The clinic's name and phone number, for reply templates.
    pub clinic_name: Option<String>,
    pub clinic_phone: Option<String>,
    /// The clinic's own triage actions, beside the defaults.
    pub actions: Vec<ActionKind>,
    /// Where the clinic's own reply templates are: `templates/` beside the config file.
    pub templates_dir: Option<PathBuf>,
}

impl Default for Config {
    fn default() -> Config {
        Config {
            nurse: None,
            db: None,
            rules: None,
            clinic: built_in_clinic(),
            keys: KeyMap::default(),
            clinic_name: None,
            clinic_phone: None,
            actions: Vec::new(),
            templates_dir: None,
        }
    }
}

/// The config file as written.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    nurse: Option<String>,
    db: Option<PathBuf>,
    rules: Option<PathBuf>,
    clinic_name: Option<String>,
    clinic_phone: Option<String>,
    /// The clinic's IANA time zone.
    time_zone: Option<Spanned<String>>,
    /// Dates the clinic is closed all day (the whole list), quoted or as TOML dates.
    holidays: Option<Spanned<Vec<Spanned<DateText>>>>,
    /// Open hours per weekday (the whole week: a day left out is closed).
    open_hours: Option<Spanned<OpenHours>>,
    /// Response targets per level (each one left out keeps the shipped one).
    targets: Option<TargetSettings>,
    /// More keys for the console's actions: action name = a key or a list of keys.
    keys: Option<BTreeMap<String, Spanned<KeyList>>>,
    /// The clinic's own triage actions.
    #[serde(default)]
    actions: Vec<Spanned<ActionSettings>>,
}

/// One of the clinic's own triage actions, as the config file writes it.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct ActionSettings {
    name: String,
    label: String,
    #[serde(default)]
    resolves: bool,
    #[serde(default = "yes")]
    response: bool,
    /// Its letter in the console's action dialog.
    key: Option<String>,
}

fn yes() -> bool {
    true
}

/// A date written as text ("2026-12-25") or as a TOML date (2026-12-25).
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
enum DateText {
    Text(String),
    Date(toml::value::Datetime),
}

impl DateText {
    fn text(&self) -> String {
        match self {
            DateText::Text(text) => text.clone(),
            DateText::Date(date) => date.to_string(),
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
enum KeyList {
    One(String),
    Many(Vec<String>),
}

impl KeyList {
    fn keys(&self) -> Vec<String> {
        match self {
            KeyList::One(key) => vec![key.clone()],
            KeyList::Many(keys) => keys.clone(),
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct OpenHours {
    monday: Option<Spanned<String>>,
    tuesday: Option<Spanned<String>>,
    wednesday: Option<Spanned<String>>,
    thursday: Option<Spanned<String>>,
    friday: Option<Spanned<String>>,
    saturday: Option<Spanned<String>>,
    sunday: Option<Spanned<String>>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct TargetSettings {
    routine: Option<Spanned<String>>,
    urgent: Option<Spanned<String>>,
    emergent: Option<Spanned<String>>,
}

/// A config text and the name to give it in errors.
#[derive(Clone, Copy)]
struct Source<'a> {
    path: &'a Path,
    text: &'a str,
}

impl Source<'_> {
    fn error(&self, span: Range<usize>, message: String) -> ConfigError {
        ConfigError::Invalid { path: self.path.to_path_buf(), line: line_of(self.text, span.start), message }
    }

    fn parse(&self) -> Result<File, ConfigError> {
        toml::from_str(self.text).map_err(|err| {
            let line = err.span().map_or(1, |span| line_of(self.text, span.start));
            ConfigError::Invalid { path: self.path.to_path_buf(), line, message: first_line(err.message()) }
        })
    }
}

/// The clinic's own actions, checked: a name of lower-case letters, digits
/// and hyphens that is not a default, a label, and a dialog letter no other
/// action has. Their text lives as long as the process.
fn actions_of(file: &File, source: Source<'_>) -> Result<Vec<ActionKind>, ConfigError> {
    let mut kinds: Vec<ActionKind> = Vec::new();
    for entry in &file.actions {
        let settings = entry.get_ref();
        let refuse = |message: String| source.error(entry.span(), message);
        action::check_name(&settings.name).map_err(refuse)?;
        if kinds.iter().any(|k| k.name == settings.name) {
            return Err(refuse(format!("action '{}' is defined twice", settings.name)));
        }
        if settings.label.trim().is_empty() {
            return Err(refuse(format!("action '{}' needs a label", settings.name)));
        }
        let letter = match settings.key.as_deref().map(str::trim) {
            None => None,
            Some(key) => {
                let mut chars = key.chars();
                match (chars.next(), chars.next()) {
                    (Some(c), None) if c.is_ascii_lowercase() => Some(c),
                    _ => {
                        return Err(refuse(format!(
                            "the dialog key of action '{}' must be one lower-case letter",
                            settings.name
                        )));
                    }
                }
            }
        };
        let taken =
            crate::tui::record::ACTION_LETTERS.iter().map(|&(_, l, _)| l).chain(kinds.iter().filter_map(|k| k.letter));
        if let Some(letter) = letter
            && taken.clone().any(|l| l == letter)
        {
            return Err(refuse(format!("the dialog key '{letter}' of action '{}' is already taken", settings.name)));
        }
        kinds.push(ActionKind {
            name: Box::leak(settings.name.clone().into_boxed_str()),
            label: Box::leak(settings.label.trim().to_string().into_boxed_str()),
            resolves: settings.resolves,
            is_response: settings.response || settings.resolves,
            letter,
        });
    }
    Ok(kinds)
}

/// The default keys with the file's `[keys]` added, each entry checked
/// in turn so a problem names its line.
fn keys_of(file: &File, source: Source<'_>) -> Result<KeyMap, ConfigError> {
    let mut overrides: Vec<(String, Vec<String>)> = Vec::new();
    for (name, keys) in file.keys.iter().flatten() {
        // The same key for two actions: which one wins would depend on the order of the names.
        for key in keys.get_ref().keys() {
            let parsed = crate::tui::keymap::parse_key(&key).map_err(|message| source.error(keys.span(), message))?;
            let other = overrides.iter().find(|(_, earlier)| {
                earlier.iter().any(|k| crate::tui::keymap::parse_key(k).is_ok_and(|k| k == parsed))
            });
            if let Some((other, _)) = other {
                return Err(
                    source.error(keys.span(), format!("'{key}' is given to both '{other}' and '{name}' in [keys]"))
                );
            }
        }
        overrides.push((name.clone(), keys.get_ref().keys()));
        KeyMap::with_overrides(&overrides).map_err(|message| source.error(keys.span(), message))?;
    }
    KeyMap::with_overrides(&overrides).map_err(|message| source.error(0..0, message))
}

/// The shipped clinic clock. Checked by a test; failing here would be a build defect.
fn built_in_clinic() -> Clinic {
    let source = Source { path: Path::new(DEFAULTS_NAME), text: CLINIC_DEFAULTS };
    source
        .parse()
        .and_then(|defaults| clinic_of(&defaults, source))
        .unwrap_or_else(|err| panic!("the shipped clinic settings are invalid: {err}"))
}

/// The clinic's clock from `config` (read from `source`), with the shipped
/// settings for whatever it leaves out. Each problem names the file and line
/// of the setting at fault.
fn clinic_of(config: &File, source: Source<'_>) -> Result<Clinic, ConfigError> {
    let shipped_source = Source { path: Path::new(DEFAULTS_NAME), text: CLINIC_DEFAULTS };
    let shipped = shipped_source.parse()?;
    // A setting from the file when it has one, else the shipped one, with where it came from.
    let pick = |own: Option<&Spanned<String>>, fallback: Option<&Spanned<String>>, name: &str| match (own, fallback) {
        (Some(value), _) => Ok((value.clone(), source)),
        (None, Some(value)) => Ok((value.clone(), shipped_source)),
        (None, None) => Err(source.error(0..0, format!("no {name} is set"))),
    };

    let (zone, from) = pick(config.time_zone.as_ref(), shipped.time_zone.as_ref(), "time_zone")?;
    let time_zone = clock::parse_time_zone(zone.get_ref()).map_err(|message| from.error(zone.span(), message))?;

    let (holidays, from) = match (&config.holidays, &shipped.holidays) {
        (Some(own), _) => (own, source),
        (None, Some(shipped)) => (shipped, shipped_source),
        (None, None) => return Err(source.error(0..0, "no holidays list is set".into())),
    };
    let holidays = holidays
        .get_ref()
        .iter()
        .map(|date| clock::parse_date(&date.get_ref().text()).map_err(|message| from.error(date.span(), message)))
        .collect::<Result<BTreeSet<_>, _>>()?;

    let (hours, from) = match (&config.open_hours, &shipped.open_hours) {
        (Some(own), _) => (own, source),
        (None, Some(shipped)) => (shipped, shipped_source),
        (None, None) => return Err(source.error(0..0, "no open_hours are set".into())),
    };
    let days = {
        let h = hours.get_ref();
        [&h.monday, &h.tuesday, &h.wednesday, &h.thursday, &h.friday, &h.saturday, &h.sunday]
    };
    let mut week: [Vec<clock::OpenSpan>; 7] = Default::default();
    for (spans, day) in week.iter_mut().zip(days) {
        if let Some(day) = day {
            *spans = clock::parse_open_hours(day.get_ref()).map_err(|message| from.error(day.span(), message))?;
        }
    }
    let week_span = hours.span();

    let own_targets = config.targets.as_ref();
    let shipped_targets = shipped.targets.as_ref();
    let target = |name: &str, own: Option<&Spanned<String>>, fallback: Option<&Spanned<String>>| {
        let (text, from) = pick(own, fallback, &format!("targets.{name}"))?;
        clock::parse_target(text.get_ref()).map_err(|message| from.error(text.span(), message))
    };
    let targets = Targets {
        routine: target(
            "routine",
            own_targets.and_then(|t| t.routine.as_ref()),
            shipped_targets.and_then(|t| t.routine.as_ref()),
        )?,
        urgent: target(
            "urgent",
            own_targets.and_then(|t| t.urgent.as_ref()),
            shipped_targets.and_then(|t| t.urgent.as_ref()),
        )?,
        emergent: target(
            "emergent",
            own_targets.and_then(|t| t.emergent.as_ref()),
            shipped_targets.and_then(|t| t.emergent.as_ref()),
        )?,
    };
    Clinic::new(time_zone, week, holidays, targets).map_err(|message| from.error(week_span, message))
}

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("cannot read config '{path}': {source}")]
    Read { path: PathBuf, source: io::Error },
    #[error("config '{path}' line {line}: {message}")]
    Invalid { path: PathBuf, line: usize, message: String },
    #[error("cannot read rules '{path}': {source}")]
    ReadRules { path: PathBuf, source: io::Error },
    #[error("rules '{path}' {source}")]
    InvalidRules { path: PathBuf, source: RuleError },
}

/// The reply templates: the shipped ones, then the clinic's `*.txt` files in
/// `dir` (one of the same name replaces the shipped one). A template with an
/// unknown placeholder is refused with its file and line.
pub fn load_templates(dir: Option<&Path>) -> Result<Vec<(String, String)>, ConfigError> {
    let mut templates: Vec<(String, String)> =
        templates::SHIPPED.iter().map(|(name, text)| (name.to_string(), text.to_string())).collect();
    let Some(dir) = dir else { return Ok(templates) };
    let entries = match fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(err) if err.kind() == io::ErrorKind::NotFound => return Ok(templates),
        Err(source) => return Err(ConfigError::Read { path: dir.to_path_buf(), source }),
    };
    let mut paths: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    paths.sort();
    for path in paths {
        let text = fs::read_to_string(&path).map_err(|source| ConfigError::Read { path: path.clone(), source })?;
        templates::check(&text).map_err(|(line, message)| ConfigError::Invalid {
            path: path.clone(),
            line,
            message,
        })?;
        let name = path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
        templates.retain(|(existing, _)| *existing != name);
        templates.push((name, text));
    }
    Ok(templates)
}

/// The red-flag rules: the file named, or the shipped rules. A file with
/// any problem is refused whole, never half-loaded.
pub fn load_rules(path: Option<&Path>) -> Result<Rules, ConfigError> {
    let Some(path) = path else {
        return Ok(Rules::default_rules());
    };
    let text =
        fs::read_to_string(path).map_err(|source| ConfigError::ReadRules { path: path.to_path_buf(), source })?;
    Rules::parse(&text).map_err(|source| ConfigError::InvalidRules { path: path.to_path_buf(), source })
}

impl Config {
    /// Loads the config: `explicit` must exist; without it, the default file
    /// is read if there is one, and an absent default file means defaults.
    pub fn load(explicit: Option<&Path>, default: Option<&Path>) -> Result<Config, ConfigError> {
        let (path, required) = match (explicit, default) {
            (Some(path), _) => (path, true),
            (None, Some(path)) => (path, false),
            (None, None) => return Ok(Config::default()),
        };
        let mut config = match fs::read_to_string(path) {
            Ok(text) => Config::parse(path, &text)?,
            Err(err) if err.kind() == io::ErrorKind::NotFound && !required => Config::default(),
            Err(source) => return Err(ConfigError::Read { path: path.to_path_buf(), source }),
        };
        config.templates_dir = path.parent().map(|dir| dir.join("templates"));
        Ok(config)
    }

    /// Parses config text; `path` is only used to name the file in errors.
    pub fn parse(path: &Path, text: &str) -> Result<Config, ConfigError> {
        let source = Source { path, text };
        let file = source.parse()?;
        let clinic = clinic_of(&file, source)?;
        let keys = keys_of(&file, source)?;
        let actions = actions_of(&file, source)?;
        Ok(Config {
            nurse: file.nurse,
            db: file.db,
            rules: file.rules,
            clinic,
            keys,
            clinic_name: file.clinic_name,
            clinic_phone: file.clinic_phone,
            actions,
            templates_dir: None,
        })
    }
}

fn line_of(text: &str, offset: usize) -> usize {
    text.as_bytes()[..offset.min(text.len())].iter().filter(|&&b| b == b'\n').count() + 1
}

fn first_line(message: &str) -> String {
    message.lines().next().unwrap_or(message).trim().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_config_names_the_nurse_and_the_queue() {
        let config = Config::parse(Path::new("c.toml"), "nurse = \"RN Ames\"\ndb = \"/q/inbasket.db\"\n").unwrap();
        assert_eq!(config.nurse.as_deref(), Some("RN Ames"));
        assert_eq!(config.db.as_deref(), Some(Path::new("/q/inbasket.db")));
    }

    #[test]
    fn a_bad_rule_file_is_named_with_its_line() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("rules.toml");
        fs::write(&path, "[[category]]\nname = \"x\"\nlevel = \"later\"\nphrases = [\"a\"]\n").unwrap();
        let err = load_rules(Some(&path)).unwrap_err().to_string();
        assert!(
            err.starts_with("rules '")
                && err.ends_with("rules.toml' line 3: unknown level 'later' (use emergent or urgent)"),
            "{err}"
        );
    }

    #[test]
    fn an_unknown_key_is_refused_with_its_line() {
        let err = Config::parse(Path::new("c.toml"), "nurse = \"A\"\nnruse = \"B\"\n").unwrap_err();
        let text = err.to_string();
        assert!(text.starts_with("config 'c.toml' line 2: unknown field `nruse`"), "{text}");
    }

    #[test]
    fn the_shipped_clinic_is_new_york_weekdays_with_federal_holidays() {
        let clinic = Config::default().clinic;
        assert_eq!(clinic.time_zone, chrono_tz::America::New_York);
        assert_eq!(clinic.week[0], [clock::OpenSpan { start: 8 * 60, end: 17 * 60 }]);
        assert!(clinic.week[5].is_empty() && clinic.week[6].is_empty());
        assert_eq!(clinic.holidays.len(), 44);
        assert!(clinic.holidays.contains(&clock::parse_date("2026-11-26").unwrap()));
        assert_eq!(clinic.targets.routine, clock::Target::BusinessDays(1));
        assert_eq!(clinic.targets.urgent, clock::Target::BusinessMinutes(60));
        assert_eq!(clinic.targets.emergent, clock::Target::OnArrival);
    }

    #[test]
    fn keys_are_added_from_the_file_and_bad_ones_named_with_their_line() {
        let text = "nurse = \"A\"\n\n[keys]\ndown = [\"ctrl-n\", \"x\"]\nshow-overdue = \"F5\"\n";
        let keys = Config::parse(Path::new("c.toml"), text).unwrap().keys;
        assert_eq!(keys.label(crate::tui::action::Action::Down), "j/↓/Ctrl-n/x");
        let refused = |text: &str| Config::parse(Path::new("c.toml"), text).unwrap_err().to_string();
        let err = refused("[keys]\ndown = \"x\"\njump = \"y\"\n");
        assert!(
            err.starts_with("config 'c.toml' line 3: unknown action 'jump' in [keys] (actions: down, up,"),
            "{err}"
        );
        assert_eq!(
            refused("[keys]\nquit = [\"q\", \"ctrl-c\"]\n"),
            "config 'c.toml' line 2: ctrl-c always quits and cannot be bound"
        );
        assert!(refused("[keys]\nup = \"shift-up\"\n").starts_with("config 'c.toml' line 2: 'shift-up' is not a key"));
        assert_eq!(
            refused("[keys]\ndown = \"x\"\nup = [\"y\", \"x\"]\n"),
            "config 'c.toml' line 3: 'x' is given to both 'down' and 'up' in [keys]"
        );
    }

    #[test]
    fn holidays_may_be_toml_dates() {
        let clinic = Config::parse(Path::new("c.toml"), "holidays = [2026-12-24, \"2026-12-25\"]\n").unwrap().clinic;
        assert_eq!(clinic.holidays.len(), 2);
    }

    #[test]
    fn clinic_settings_replace_the_shipped_ones() {
        let text = "time_zone = \"America/Chicago\"\nholidays = [\"2026-12-24\"]\n\n[open_hours]\nsaturday = \"09:00-12:00\"\n\n[targets]\nurgent = \"2 business hours\"\n";
        let clinic = Config::parse(Path::new("c.toml"), text).unwrap().clinic;
        assert_eq!(clinic.time_zone, chrono_tz::America::Chicago);
        assert_eq!(clinic.holidays.iter().map(ToString::to_string).collect::<Vec<_>>(), ["2026-12-24"]);
        // The week is the file's: only Saturday is open.
        assert!(clinic.week[0].is_empty());
        assert_eq!(clinic.week[5], [clock::OpenSpan { start: 9 * 60, end: 12 * 60 }]);
        // Targets the file leaves out stay as shipped.
        assert_eq!(clinic.targets.urgent, clock::Target::BusinessMinutes(120));
        assert_eq!(clinic.targets.routine, clock::Target::BusinessDays(1));
    }

    #[test]
    fn bad_clinic_settings_are_refused_with_their_line() {
        let refused = |text: &str| Config::parse(Path::new("c.toml"), text).unwrap_err().to_string();
        assert_eq!(
            refused("nurse = \"A\"\ntime_zone = \"Mars/Olympus\"\n"),
            "config 'c.toml' line 2: unknown time zone 'Mars/Olympus' (use an IANA name such as America/New_York or America/Chicago)"
        );
        assert_eq!(
            refused("[open_hours]\nmonday = \"08:00-17:00\"\ntuesday = \"08:00-25:00\"\n"),
            "config 'c.toml' line 3: '25:00' is not a time of day (use HH:MM, from 00:00 to 24:00)"
        );
        assert_eq!(
            refused("[open_hours]\nmonday = \"17:00-08:00\"\n"),
            "config 'c.toml' line 2: open hours '17:00-08:00' close before they open"
        );
        assert_eq!(
            refused("[open_hours]\n\nfriday = \"08:00-12:00, 11:30-17:00\"\n"),
            "config 'c.toml' line 3: open hours 08:00-12:00 and 11:30-17:00 overlap"
        );
        assert_eq!(
            refused("holidays = [\n  \"2026-12-25\",\n  \"2026-12-32\",\n]\n"),
            "config 'c.toml' line 3: '2026-12-32' is not a date (use YYYY-MM-DD, such as 2026-12-25)"
        );
        assert!(
            refused("[open_hours]\nmondy = \"08:00-17:00\"\n")
                .starts_with("config 'c.toml' line 2: unknown field `mondy`")
        );
        assert_eq!(
            refused("holidays = [2026-12-25, 2026-12-25T10:00:00]\n"),
            "config 'c.toml' line 1: '2026-12-25T10:00:00' is not a date (use YYYY-MM-DD, such as 2026-12-25)"
        );
        assert_eq!(
            refused("[open_hours]\nsunday = \"closed\"\n"),
            "config 'c.toml' line 1: the clinic has no open hours on any day of the week"
        );
        assert!(
            refused("[targets]\nurgent = \"soon\"\n")
                .starts_with("config 'c.toml' line 2: 'soon' is not a response target")
        );
    }

    #[test]
    fn a_missing_default_file_means_defaults_but_a_missing_named_file_is_an_error() {
        let missing = Path::new("/nonexistent/inbasket/config.toml");
        let loaded = Config::load(None, Some(missing)).unwrap();
        // Templates are looked for beside the config file, there or not.
        assert_eq!(loaded.templates_dir.as_deref(), Some(Path::new("/nonexistent/inbasket/templates")));
        assert_eq!(Config { templates_dir: None, ..loaded }, Config::default());
        assert!(matches!(Config::load(Some(missing), None), Err(ConfigError::Read { .. })));
    }
}
