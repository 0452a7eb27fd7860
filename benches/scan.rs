//! Red-flag scan throughput on synthetic message text (bytes of message body per second, one core).

use std::hint::black_box;

use chrono::DateTime;
use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use inbasket::domain::urgency::{Assessor, Rules};
use inbasket::seed::{self, SeedPlan};

fn bodies(count: u64) -> Vec<String> {
    let now = DateTime::parse_from_rfc3339("2026-11-23T15:00:00Z").map(|t| t.to_utc()).unwrap_or_default();
    let plan = SeedPlan { count, seed: 1, days: 30, now };
    seed::generate(&plan).map(|message| message.body).collect()
}

fn scan(c: &mut Criterion) {
    let rules = Rules::default_rules();
    let bodies = bodies(20_000);
    let bytes: usize = bodies.iter().map(String::len).sum();
    let mut group = c.benchmark_group("scan");
    group.throughput(Throughput::Bytes(bytes as u64));
    group.sample_size(20);
    group.bench_function("seeded message bodies", |b| {
        let mut assessor = Assessor::new(&rules);
        b.iter(|| {
            let mut flagged = 0usize;
            for body in &bodies {
                if assessor.assess(black_box(body)).level.is_some() {
                    flagged += 1;
                }
            }
            flagged
        })
    });
    group.finish();
}

criterion_group!(benches, scan);
criterion_main!(benches);
