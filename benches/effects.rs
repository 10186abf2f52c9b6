//! Propensity scores, matching and weighting at 50,000 and 500,000 rows.
#![allow(missing_docs)] // criterion_group! defines undocumented functions
//!
//! Run with `cargo bench --bench effects`. The data are generated in the process with the
//! shape of `benches/peers/gen_data.py obs` (x1, x2 ~ N(0, 1), x3 ~ Bernoulli(0.4),
//! x4 ~ U(0, 1), x5 ~ Poisson(2), rounded as there; treat ~ Bernoulli(plogis(−1.2 + 0.6 x1
//! − 0.5 x2 + 0.7 x3 + 0.8 x4 − 0.15 x5)), about a third treated; y = 2 + x1 + 0.8 x2 +
//! 0.5 x3 + 1.5 x4 + 0.3 x5 + treat (1.5 + 0.5 x1) + N(0, 1)). The draws come from a seeded
//! ChaCha8 generator, not numpy's, so the rows are not the file's rows, only alike in law.
//! The whole-process comparison with R's MatchIt is `benches/peers/matchit.sh`.

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion};
use indsats::effects::{
    propensity_scores, Covariance, Estimand, NearestNeighbour, Study, WeightLimit,
};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rand_distr::{Bernoulli, Distribution, Normal, Poisson, StandardNormal};
use std::hint::black_box;
use std::sync::OnceLock;

const SIZES: [usize; 2] = [50_000, 500_000];

fn round4(v: f64) -> f64 {
    (v * 1e4).round() / 1e4
}

/// An observational study of `n` rows, as `gen_data.py obs n seed`.
fn obs(n: usize, seed: u64) -> Study {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let normal = Normal::new(0.0, 1.0).expect("valid");
    let bern = Bernoulli::new(0.4).expect("valid");
    let pois = Poisson::new(2.0).expect("valid");
    let x1: Vec<f64> = (0..n).map(|_| round4(normal.sample(&mut rng))).collect();
    let x2: Vec<f64> = (0..n).map(|_| round4(normal.sample(&mut rng))).collect();
    let x3: Vec<f64> = (0..n)
        .map(|_| f64::from(u8::from(bern.sample(&mut rng))))
        .collect();
    let x4: Vec<f64> = (0..n).map(|_| round4(rng.random::<f64>())).collect();
    let x5: Vec<f64> = (0..n).map(|_| pois.sample(&mut rng)).collect();
    let treated: Vec<bool> = (0..n)
        .map(|i| {
            let lp = -1.2 + 0.6 * x1[i] - 0.5 * x2[i] + 0.7 * x3[i] + 0.8 * x4[i] - 0.15 * x5[i];
            rng.random::<f64>() < 1.0 / (1.0 + (-lp).exp())
        })
        .collect();
    let y: Vec<f64> = (0..n)
        .map(|i| {
            let t = f64::from(u8::from(treated[i]));
            let e: f64 = StandardNormal.sample(&mut rng);
            round4(
                2.0 + x1[i]
                    + 0.8 * x2[i]
                    + 0.5 * x3[i]
                    + 1.5 * x4[i]
                    + 0.3 * x5[i]
                    + t * (1.5 + 0.5 * x1[i])
                    + e,
            )
        })
        .collect();
    Study {
        outcome: "y".into(),
        y,
        treated,
        covariates: vec![
            ("x1".into(), x1),
            ("x2".into(), x2),
            ("x3".into(), x3),
            ("x4".into(), x4),
            ("x5".into(), x5),
        ],
        ci_level: 0.95,
        ..Study::default()
    }
}

fn label(n: usize) -> String {
    format!("{},000 rows", n / 1000)
}

/// The data sets, generated once for all groups.
fn studies() -> &'static [(usize, Study)] {
    static STUDIES: OnceLock<Vec<(usize, Study)>> = OnceLock::new();
    STUDIES.get_or_init(|| SIZES.iter().map(|&n| (n, obs(n, 1))).collect())
}

fn sample_size(n: usize) -> usize {
    if n > 100_000 {
        10
    } else {
        20
    }
}

fn propensity(c: &mut Criterion) {
    let mut g = c.benchmark_group("propensity");
    for &(n, ref study) in studies() {
        g.sample_size(sample_size(n));
        let t: Vec<f64> = study
            .treated
            .iter()
            .map(|t| f64::from(u8::from(*t)))
            .collect();
        let x = study.covariate_refs();
        g.bench_function(
            BenchmarkId::new("logit IRLS, 5 covariates", label(n)),
            |b| b.iter(|| black_box(propensity_scores(&t, &x).expect("converges"))),
        );
    }
    g.finish();
}

fn matching(c: &mut Criterion) {
    let mut g = c.benchmark_group("matching");
    for &(n, ref study) in studies() {
        g.sample_size(sample_size(n));
        let score = study.propensity().expect("converges").fitted;
        let runs = [
            ("1:1 without replacement", NearestNeighbour::default()),
            (
                "1:1 caliper 0.2",
                NearestNeighbour::default().caliper(Some(0.2)),
            ),
            (
                "1:1 with replacement",
                NearestNeighbour::default().replace(true),
            ),
        ];
        for (name, matcher) in runs {
            g.bench_function(BenchmarkId::new(name, label(n)), |b| {
                b.iter(|| black_box(matcher.fit(&score, &study.treated, None).expect("matches")))
            });
        }
    }
    g.finish();
}

fn psm(c: &mut Criterion) {
    let mut g = c.benchmark_group("psm end to end");
    for &(n, ref study) in studies() {
        g.sample_size(sample_size(n));
        g.bench_function(
            BenchmarkId::new("score, 1:1 match, ATT, balance", label(n)),
            |b| b.iter(|| black_box(study.psm(&NearestNeighbour::default()).expect("fits"))),
        );
    }
    g.finish();
}

fn ipw(c: &mut Criterion) {
    let mut g = c.benchmark_group("ipw");
    for &(n, ref study) in studies() {
        g.sample_size(sample_size(n));
        g.bench_function(BenchmarkId::new("ATE, HC0, balance", label(n)), |b| {
            b.iter(|| {
                black_box(
                    study
                        .ipw(Estimand::Ate, false, WeightLimit::None, Covariance::Hc0)
                        .expect("fits"),
                )
            })
        });
    }
    g.finish();
}

fn aipw(c: &mut Criterion) {
    let mut g = c.benchmark_group("aipw");
    for &(n, ref study) in studies() {
        g.sample_size(sample_size(n));
        g.bench_function(BenchmarkId::new("ATE", label(n)), |b| {
            b.iter(|| black_box(study.aipw(Estimand::Ate, WeightLimit::None).expect("fits")))
        });
    }
    g.finish();
}

criterion_group!(benches, propensity, matching, psm, ipw, aipw);
criterion_main!(benches);
