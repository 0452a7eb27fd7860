//! `inbasket seed`: fills a queue with synthetic messages, in batches, with progress.

use std::io::{IsTerminal, Write};
use std::time::Instant;

use indicatif::{ProgressBar, ProgressStyle};

use super::CommandError;
use crate::domain::action;
use crate::domain::assessment::Assessing;
use crate::domain::clock::Clinic;
use crate::domain::urgency::{Assessor, Rules};
use crate::seed::{self, SeedPlan, SyntheticMessage};
use crate::store::{Arrival, BatchOutcome, IncomingMessage, PastAction, Queue};

/// Messages per transaction: large enough to be fast, small enough that an
/// interrupted seed keeps most of its work and the feeder is never blocked long.
const BATCH: usize = 10_000;

/// Seeds `queue` by `plan`; prints a progress bar on a terminal and a summary line.
pub fn run(
    queue: &mut Queue,
    plan: &SeedPlan,
    rules: &Rules,
    clinic: &Clinic,
    out: &mut dyn Write,
) -> Result<BatchOutcome, CommandError> {
    queue.ensure_writable()?;
    let started = Instant::now();
    let progress = if std::io::stderr().is_terminal() && plan.count >= 10_000 {
        let bar = ProgressBar::new(plan.count);
        bar.set_style(
            ProgressStyle::with_template("seeding {bar:40} {human_pos}/{human_len} messages, {eta} left")
                .unwrap_or_else(|_| ProgressStyle::default_bar()),
        );
        bar
    } else {
        ProgressBar::hidden()
    };
    let outcome = fill(queue, plan, rules, clinic, &mut |done| progress.set_position(done))?;
    progress.finish_and_clear();
    writeln!(
        out,
        "seeded '{}': {} messages added, {} already there, {} triage actions, in {:.1} s",
        queue.path().display(),
        outcome.inserted,
        outcome.already_present,
        outcome.actions,
        started.elapsed().as_secs_f64()
    )?;
    Ok(outcome)
}

/// Generates and stores the plan's messages, each assessed for red flags
/// with `rules` and given its due time on `clinic`'s clock, reporting how
/// many are done. Generating and assessing run on a second thread while the
/// batches before are written.
pub fn fill(
    queue: &mut Queue,
    plan: &SeedPlan,
    rules: &Rules,
    clinic: &Clinic,
    progress: &mut dyn FnMut(u64),
) -> Result<BatchOutcome, CommandError> {
    // Messages already there are brought up to these rules first, so that
    // every message in the queue is assessed by the same rules.
    let mut assessing = Assessing::new(rules, clinic, plan.now.timestamp());
    queue.assess_all(&mut assessing, &mut |_, _| {})?;
    let (sender, batches) = std::sync::mpsc::sync_channel::<Vec<Arrival>>(2);
    std::thread::scope(|scope| {
        scope.spawn(move || {
            let mut assessor = Assessor::new(rules);
            let mut batch = Vec::with_capacity(BATCH);
            for message in seed::generate(plan) {
                batch.push(arrival(message, &mut assessor));
                if batch.len() == BATCH
                    && sender.send(std::mem::replace(&mut batch, Vec::with_capacity(BATCH))).is_err()
                {
                    return; // the writer stopped (an error): stop generating
                }
            }
            if !batch.is_empty() {
                let _ = sender.send(batch);
            }
        });
        let mut total = BatchOutcome::default();
        let mut done: u64 = 0;
        // On an error the receiver is dropped here, which stops the generator.
        for batch in batches {
            total += queue.add_arrivals(&batch, &mut assessing)?;
            done += batch.len() as u64;
            progress(done);
        }
        Ok(total)
    })
}

fn arrival(message: SyntheticMessage, assessor: &mut Assessor<'_>) -> Arrival {
    let actions = message
        .triage
        .into_iter()
        .filter_map(|act| {
            Some(PastAction {
                kind: action::find(act.action)?,
                occurred_at: act.occurred_at,
                nurse: act.nurse.to_string(),
                note: act.note,
            })
        })
        .collect();
    Arrival::assessed(
        IncomingMessage {
            source_id: message.source_id,
            received_at: message.received_at,
            patient_name: message.patient_name,
            patient_mrn: Some(message.patient_mrn),
            sender: Some(message.sender),
            subject: Some(message.subject),
            body: message.body,
            category: Some(message.category),
        },
        actions,
        assessor,
    )
}

/// A few messages "just received" that show what the console is for: an
/// emergent message among routine ones, a red flag a patient denies, an infant
/// with a fever written by a parent. Added when the demo queue is created.
const DEMO_ARRIVALS: &[(&str, i64, &str, &str, &str, &str, &str)] = &[
    (
        "demo-fresh-1",
        4,
        "Rosa Delgado",
        "Rosa Delgado",
        "refill",
        "Hi, I need a refill on my lisinopril. Also my chest feels tight and I can't catch my breath since this \
         morning, is that from the new pill?",
        "refill",
    ),
    (
        "demo-fresh-2",
        11,
        "Walter Brooks",
        "Walter Brooks",
        "question about new pill",
        "No chest pain anymore since the new pill, thank you! Should I go to the ER if it comes back?",
        "medical question",
    ),
    (
        "demo-fresh-3",
        26,
        "Lily Tran",
        "Mai Tran (mother)",
        "Lily",
        "My 2 month old has a fever of 101.2 and she won't eat. What should I do?",
        "medical question",
    ),
];

/// Adds [`DEMO_ARRIVALS`], received minutes before `now`; adding them again adds nothing.
pub fn add_demo_arrivals(
    queue: &mut Queue,
    rules: &Rules,
    clinic: &Clinic,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<BatchOutcome, CommandError> {
    let mut assessor = Assessor::new(rules);
    let batch: Vec<Arrival> = DEMO_ARRIVALS
        .iter()
        .map(|&(source_id, minutes_ago, patient, sender, subject, body, category)| {
            let message = IncomingMessage {
                source_id: source_id.into(),
                received_at: now - chrono::Duration::minutes(minutes_ago),
                patient_name: patient.into(),
                patient_mrn: Some(format!("MRN{:07}", 9_000_000 + minutes_ago)),
                sender: Some(sender.into()),
                subject: Some(subject.into()),
                body: body.into(),
                category: Some(category.into()),
            };
            Arrival::assessed(message, Vec::new(), &mut assessor)
        })
        .collect();
    Ok(queue.add_arrivals(&batch, &mut Assessing::new(rules, clinic, now.timestamp()))?)
}
