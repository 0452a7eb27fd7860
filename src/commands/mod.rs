//! The command-line subcommands' work, apart from argument parsing (in `main.rs`).

pub mod check;
pub mod list;
pub mod seed;

/// A command's failure, as the one line the binary prints after `error: `.
#[derive(Debug, thiserror::Error)]
pub enum CommandError {
    #[error(transparent)]
    Store(#[from] crate::store::StoreError),
    #[error("{0}")]
    Usage(String),
    #[error("cannot write output: {0}")]
    Output(#[from] std::io::Error),
}
