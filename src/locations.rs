//! Where the queue database and the config file live by default.

use std::env;
use std::path::PathBuf;

const APP: &str = "inbasket";

/// The data directory: `$XDG_DATA_HOME/inbasket` when set (on every
/// platform), else the platform's (e.g. `~/.local/share/inbasket`).
pub fn data_dir() -> Option<PathBuf> {
    from_xdg("XDG_DATA_HOME")
        .or_else(|| directories::ProjectDirs::from("", "", APP).map(|dirs| dirs.data_dir().to_path_buf()))
}

/// The config directory: `$XDG_CONFIG_HOME/inbasket` when set, else the platform's.
pub fn config_dir() -> Option<PathBuf> {
    from_xdg("XDG_CONFIG_HOME")
        .or_else(|| directories::ProjectDirs::from("", "", APP).map(|dirs| dirs.config_dir().to_path_buf()))
}

/// The default queue: `inbasket.db` in the data directory.
pub fn default_db() -> Option<PathBuf> {
    data_dir().map(|dir| dir.join("inbasket.db"))
}

/// The demo queue that `inbasket --demo` fills with synthetic messages.
pub fn demo_db() -> Option<PathBuf> {
    data_dir().map(|dir| dir.join("demo.db"))
}

/// The default config file: `config.toml` in the config directory.
pub fn default_config() -> Option<PathBuf> {
    config_dir().map(|dir| dir.join("config.toml"))
}

fn from_xdg(var: &str) -> Option<PathBuf> {
    // The XDG spec says relative paths are invalid and must be ignored.
    env::var_os(var).map(PathBuf::from).filter(|path| path.is_absolute()).map(|base| base.join(APP))
}
