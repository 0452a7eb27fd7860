//! `inbasket check`: says whether the queue file is sound, and what is wrong if not.

use std::io::Write;

use super::CommandError;
use crate::store::Queue;

/// Prints the checks and their findings; returns whether everything passed.
pub fn run(queue: &Queue, out: &mut dyn Write) -> Result<bool, CommandError> {
    let report = queue.check()?;
    writeln!(out, "queue: {}", queue.path().display())?;
    for line in &report.passed {
        writeln!(out, "{line}")?;
    }
    for problem in &report.problems {
        writeln!(out, "PROBLEM {}", problem.0)?;
    }
    if report.is_ok() {
        writeln!(out, "all checks passed")?;
    } else {
        writeln!(out, "{} problem(s) found", report.problems.len())?;
    }
    Ok(report.is_ok())
}
