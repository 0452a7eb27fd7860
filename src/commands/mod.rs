//! The command-line subcommands' work, apart from argument parsing (in `main.rs`).

pub mod check;
pub mod list;
pub mod scan;
pub mod seed;

/// A command's failure, as the one line the binary prints after `error: `.
#[derive(Debug, thiserror::Error)]
pub enum CommandError {
    #[error(transparent)]
    Store(#[from] crate::store::StoreError),
    #[error(transparent)]
    Config(#[from] crate::config::ConfigError),
    #[error("{0}")]
    Usage(String),
    #[error("cannot write output: {0}")]
    Output(#[from] std::io::Error),
}

/// Brings the queue's red-flag assessments up to date with `rules` (new
/// messages from a feeder; every message when the rules changed), with a
/// progress bar on a terminal when there is much to do. A read-only queue is
/// left as it is.
pub fn assess_with_progress(
    queue: &mut crate::store::Queue,
    rules: &crate::domain::urgency::Rules,
) -> Result<u64, CommandError> {
    use std::io::IsTerminal;
    let mut assessor = crate::domain::urgency::Assessor::new(rules);
    let bar = indicatif::ProgressBar::hidden();
    let on_terminal = std::io::stderr().is_terminal();
    let done = queue.assess_all(&mut assessor, &mut |done, total| {
        if on_terminal && total >= 20_000 && bar.is_hidden() {
            bar.set_draw_target(indicatif::ProgressDrawTarget::stderr());
            bar.set_length(total);
            if let Ok(style) =
                indicatif::ProgressStyle::with_template("checking red flags {bar:40} {human_pos}/{human_len} messages")
            {
                bar.set_style(style);
            }
        }
        bar.set_position(done);
    })?;
    bar.finish_and_clear();
    Ok(done)
}
