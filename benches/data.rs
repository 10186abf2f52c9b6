//! Reading and validating data, and simulating a municipality.
//!
//! Run with `cargo bench --bench data`. The example dataset is read from the bundled
//! bytes, so the numbers measure parsing and validation, not the disk.

use criterion::{criterion_group, criterion_main, Criterion};
use std::hint::black_box;

fn read_and_validate(c: &mut Criterion) {
    let opts = indsats::datasets::example_plan()
        .load_options()
        .expect("the example plan loads");
    c.bench_function(
        "load the example municipality (read, type, validate)",
        |b| b.iter(|| black_box(indsats::datasets::example_dataset(&opts).expect("valid"))),
    );
}

fn simulate(c: &mut Criterion) {
    let params = indsats::simulate::SimulationParams::default().persons(10_000);
    let mut g = c.benchmark_group("simulate");
    g.sample_size(10);
    g.bench_function("10,000 persons", |b| {
        b.iter(|| black_box(indsats::simulate::simulate(&params).expect("valid params")))
    });
    g.finish();
}

criterion_group!(benches, read_and_validate, simulate);
criterion_main!(benches);
