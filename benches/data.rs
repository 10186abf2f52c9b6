//! Reading and validating data, and simulating a municipality.
#![allow(missing_docs)] // criterion_group! defines undocumented functions
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

fn read_csv(c: &mut Criterion) {
    use std::fmt::Write;
    // A Danish export: semicolons, decimal commas, quoted fields; 200,000 rows x 10 columns.
    let mut text = String::from(
        "person_id;measure;level;start_date;end_date;end_reason;daily_cost;district;sex;note\n",
    );
    for i in 0..200_000 {
        writeln!(
            text,
            "P{i:07};plejefamilie;foster;2021-03-31;31-12-2022;home;1.234,50;Nord;f;\"a; b\""
        )
        .unwrap();
    }
    let bytes = text.into_bytes();
    let mut g = c.benchmark_group("read");
    g.sample_size(10);
    g.throughput(criterion::Throughput::Bytes(bytes.len() as u64));
    g.bench_function("CSV, 200,000 rows x 10 columns", |b| {
        b.iter(|| {
            black_box(
                indsats::data::read_table_from_bytes("big.csv", bytes.clone()).expect("valid CSV"),
            )
        })
    });
    g.finish();
}

criterion_group!(benches, read_and_validate, read_csv, simulate);
criterion_main!(benches);
