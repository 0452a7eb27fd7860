//! The daily message audit over a year of a busy practice: a million seeded messages with their actions, reported as JSON, and its two halves (reading the queue, working out the figures).
//!
//! The queue is seeded once into `target/bench/year.db` (about a minute) and
//! kept for later runs; `INBASKET_BENCH_QUEUE` names another file and
//! `INBASKET_BENCH_COUNT` another size (a new file for each size).

use std::hint::black_box;
use std::path::PathBuf;

use chrono::{DateTime, NaiveDate, Utc};
use criterion::{Criterion, criterion_group, criterion_main};
use inbasket::commands::report::{self, Format};
use inbasket::config::Config;
use inbasket::domain::audit;
use inbasket::domain::clock::day_start_of;
use inbasket::domain::urgency::Rules;
use inbasket::seed::SeedPlan;
use inbasket::store::{AuditReading, Creation, Queue};

/// The moment the year is seeded up to, and the one it is reported at.
const SEEDED_AT: &str = "2026-11-23T15:00:00Z";
const REPORTED_AT: &str = "2026-11-23T22:00:00Z";

fn utc(text: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(text).map(|at| at.with_timezone(&Utc)).unwrap_or_default()
}

/// A queue with `count` messages over the 365 days before [`SEEDED_AT`], seeded if it is not there.
fn year_queue(count: u64) -> PathBuf {
    let path = std::env::var_os("INBASKET_BENCH_QUEUE").map(PathBuf::from).unwrap_or_else(|| {
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/bench").join(format!("year-{count}.db"))
    });
    if !path.exists() {
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).expect("bench directory");
        }
        eprintln!("seeding {count} messages into {} (once)", path.display());
        let mut queue = Queue::open(&path, Creation::File).expect("bench queue");
        let plan = SeedPlan { count, seed: 1, days: 365, now: utc(SEEDED_AT) };
        let clinic = Config::default().clinic;
        inbasket::commands::seed::fill(&mut queue, &plan, &Rules::default_rules(), &clinic, &mut |_| {})
            .expect("seeded");
    }
    path
}

fn report(c: &mut Criterion) {
    let count = std::env::var("INBASKET_BENCH_COUNT").ok().and_then(|n| n.parse().ok()).unwrap_or(1_000_000);
    let path = year_queue(count);
    let queue = Queue::open(&path, Creation::Never).expect("bench queue");
    let clinic = Config::default().clinic;
    let day = |text: &str| NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap_or_default();
    let (from, to) = (day("2025-11-24"), day("2026-11-23"));
    let now = utc(REPORTED_AT).timestamp();
    let since = day_start_of(clinic.time_zone, from);
    let until = day_start_of(clinic.time_zone, day("2026-11-24")).min(now);
    let mut group = c.benchmark_group("report");
    group.sample_size(10);
    group.bench_function(format!("a year, {count} messages, as JSON"), |b| {
        b.iter(|| {
            let mut out = Vec::new();
            report::run(&queue, &clinic, (from, to), now, Format::Json, false, &mut out).expect("report");
            black_box(out)
        })
    });
    group.bench_function(format!("a year, {count} messages: reading the queue"), |b| {
        b.iter(|| black_box(queue.audit_data(since, until, now).expect("read")))
    });
    group.bench_function(format!("a year, {count} messages: reading the queue on one reader"), |b| {
        let one = AuditReading { in_parallel: false, ..AuditReading::default() };
        b.iter(|| black_box(queue.audit_data_by(since, until, now, one).expect("read")))
    });
    let records = queue.audit_data(since, until, now).expect("read");
    group.bench_function(format!("a year, {count} messages: working out the figures"), |b| {
        b.iter(|| black_box(audit::audit(&records, &clinic, from, to, now)))
    });
    group.finish();
}

criterion_group!(benches, report);
criterion_main!(benches);
