//! Due and overdue for a million messages on the shipped clinic clock (New York, weekdays, federal holidays).

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use inbasket::config::Config;
use inbasket::domain::clock::Calendar;
use inbasket::domain::urgency::Level;

const MESSAGES: i64 = 1_000_000;
/// 2026-11-23T15:00:00Z, a Monday.
const NOW: i64 = 1_795_446_000;

/// Arrivals spread over the 30 days before now, a few in a hundred urgent or emergent.
fn arrivals() -> Vec<(i64, Option<Level>)> {
    let span = 30 * 86_400;
    (0..MESSAGES)
        .map(|i| {
            let at = NOW - span + i * span / MESSAGES;
            let level = match i % 100 {
                0 => Some(Level::Emergent),
                1..=4 => Some(Level::Urgent),
                _ => None,
            };
            (at, level)
        })
        .collect()
}

fn clock(c: &mut Criterion) {
    let clinic = Config::default().clinic;
    let arrivals = arrivals();
    let texts: Vec<String> = arrivals
        .iter()
        .map(|&(at, _)| chrono::DateTime::from_timestamp(at, 0).unwrap_or_default().to_rfc3339())
        .collect();
    let mut group = c.benchmark_group("clock");
    group.sample_size(10);
    group.bench_function("due and overdue, 1,000,000 messages", |b| {
        b.iter(|| {
            let mut calendar = Calendar::new(&clinic);
            let mut overdue = 0i64;
            for &(at, level) in &arrivals {
                let due = calendar.due_at(black_box(at), level);
                if let Some(late) = calendar.overdue(due, NOW) {
                    overdue += late.business;
                }
            }
            overdue
        })
    });
    group.bench_function("received_at read, due and overdue, 1,000,000 messages", |b| {
        b.iter(|| {
            let mut calendar = Calendar::new(&clinic);
            let mut overdue = 0usize;
            for (text, &(_, level)) in texts.iter().zip(&arrivals) {
                if calendar.timing(Some(black_box(text)), level, false, NOW).overdue.is_some() {
                    overdue += 1;
                }
            }
            overdue
        })
    });
    group.finish();
}

criterion_group!(benches, clock);
criterion_main!(benches);
