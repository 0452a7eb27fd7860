//! The config file (TOML): who is signed in and which queue to open, with clear errors for bad files.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::domain::urgency::{RuleError, Rules};

/// Settings from the config file. Command-line flags and environment
/// variables take precedence over these.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// The nurse signed in when no `--nurse` or `INBASKET_NURSE` is given.
    pub nurse: Option<String>,
    /// The queue database when no `--db` or `INBASKET_DB` is given.
    pub db: Option<PathBuf>,
    /// The clinic's red-flag rule file when no `--rules` is given.
    pub rules: Option<PathBuf>,
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
        match fs::read_to_string(path) {
            Ok(text) => Config::parse(path, &text),
            Err(err) if err.kind() == io::ErrorKind::NotFound && !required => Ok(Config::default()),
            Err(source) => Err(ConfigError::Read { path: path.to_path_buf(), source }),
        }
    }

    /// Parses config text; `path` is only used to name the file in errors.
    pub fn parse(path: &Path, text: &str) -> Result<Config, ConfigError> {
        toml::from_str(text).map_err(|err| {
            let line = err.span().map_or(1, |span| line_of(text, span.start));
            ConfigError::Invalid { path: path.to_path_buf(), line, message: first_line(err.message()) }
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
    fn a_missing_default_file_means_defaults_but_a_missing_named_file_is_an_error() {
        let missing = Path::new("/nonexistent/inbasket/config.toml");
        assert_eq!(Config::load(None, Some(missing)).unwrap(), Config::default());
        assert!(matches!(Config::load(Some(missing), None), Err(ConfigError::Read { .. })));
    }
}
