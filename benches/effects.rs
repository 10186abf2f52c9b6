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
//!
//! The designs over time and the economics bootstrap have their own data, generated in the
//! process with the laws of `gen_data.py staggered`, `synth`, `its` and `icer` (ChaCha8 draws,
//! so alike in law, not the files' rows): `staggered did` (20,000 units × 10 periods,
//! cohorts 3, 5, 7, 9 and never treated; never-treated controls, analytic SEs, all
//! aggregations, the pre-test and the TWFE check), `synth` (60 units × 25 years, 5
//! predictors, V equal, with the 59 placebos), `its` (100,000 points, Newey–West with the
//! default lags) and `icer` (10,000 persons, 20,000 bootstrap replicates, BCa, 5 willingness-
//! to-pay values). Their whole-process comparisons are `benches/peers/designs.sh`.

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion};
use indsats::economics::Icer;
use indsats::effects::{
    propensity_scores, Covariance, Estimand, Its, NearestNeighbour, Predictor, Series,
    StaggeredDid, StaggeredPanel, Study, SynthPanel, SyntheticControl, VWeights, WeightLimit,
};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rand_distr::Gamma;
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

/// A balanced panel of `n` units × 10 periods as `gen_data.py staggered`: cohorts 3, 5, 7, 9
/// and never treated, a fifth each; y = unit effect + period effect + ATT_g(e) + N(0, 0.6²).
fn staggered_panel(n: usize, seed: u64) -> StaggeredPanel {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let cohorts = [0.0, 3.0, 5.0, 7.0, 9.0];
    let (shift, base, slope) = (
        [0.0, 0.5, 0.2, -0.3, 0.1],
        [0.0, 1.0, 0.8, 1.5, 0.6],
        [0.0, 0.15, 0.25, 0.1, 0.3],
    );
    let noise = Normal::new(0.0, 0.6).expect("valid");
    let mut p = StaggeredPanel {
        outcome: "y".into(),
        ..StaggeredPanel::default()
    };
    for i in 0..n {
        let k = rng.random_range(0..cohorts.len());
        let alpha: f64 = StandardNormal.sample(&mut rng);
        for t in 1..=10 {
            let t = f64::from(t);
            let lambda = 0.25 * t + if t as i64 % 2 == 0 { 0.1 } else { -0.1 };
            let e = t - cohorts[k];
            let att = if k > 0 && e >= 0.0 {
                base[k] + slope[k] * e
            } else {
                0.0
            };
            p.id.push(format!("{}", i + 1));
            p.time.push(t);
            p.cohort.push(cohorts[k]);
            p.y.push(round4(
                alpha + shift[k] + lambda + att + noise.sample(&mut rng),
            ));
        }
    }
    p
}

fn staggered_did(c: &mut Criterion) {
    let mut g = c.benchmark_group("staggered did");
    g.sample_size(20);
    let panel = staggered_panel(20_000, 1);
    let did = StaggeredDid::new();
    g.bench_function(
        "never-treated controls, analytic SEs, 20,000 units × 10 periods",
        |b| b.iter(|| black_box(did.fit(&panel).expect("fits"))),
    );
    // a municipality's districts: 12 units, two in each of three cohorts, the randomization
    // test's 999 deals (of 83,160)
    let mut districts = staggered_panel(12, 2);
    for (i, g) in districts.cohort.iter_mut().enumerate() {
        *g = [3.0, 3.0, 5.0, 5.0, 7.0, 7.0][..]
            .get(i / 10)
            .copied()
            .unwrap_or(0.0);
    }
    let ri = StaggeredDid::new().permutations(Some(999));
    g.bench_function(
        "randomization test, 999 deals, 12 districts × 10 periods",
        |b| b.iter(|| black_box(ri.fit(&districts).expect("fits"))),
    );
    g.finish();
}

/// `n` units × 25 years (2000–2024) as `gen_data.py synth`: two common random-walk factors,
/// unit u001 treated from 2015.
fn synth_panel(n: usize, seed: u64) -> SynthPanel {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let years: Vec<i64> = (2000..2025).collect();
    let nt = years.len();
    let step = Normal::new(0.0, 0.3).expect("valid");
    let mut walk = [0.0f64; 2];
    let mut f = vec![[0.0f64; 2]; nt];
    for (k, fk) in f.iter_mut().enumerate() {
        for j in 0..2 {
            walk[j] += step.sample(&mut rng);
            fk[j] = walk[j] + 2.0 * k as f64 / 24.0;
        }
    }
    let (mut unit, mut time, mut y, mut x1, mut x2) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new(), Vec::new());
    for i in 0..n {
        let level = 10.0 + rng.sample::<f64, _>(StandardNormal);
        let load = [rng.random_range(0.2..1.5), rng.random_range(0.2..1.5)];
        for (k, &yr) in years.iter().enumerate() {
            let mut v = level + f[k][0] * load[0] + f[k][1] * load[1] + step.sample(&mut rng);
            if i == 0 && yr >= 2015 {
                v -= 1.0 + 0.5 * (yr - 2015) as f64;
            }
            unit.push(format!("u{:03}", i + 1));
            time.push(yr);
            y.push(round4(v));
            x1.push(round4(level + 0.2 * rng.sample::<f64, _>(StandardNormal)));
            x2.push(round4(load[0] + 0.1 * rng.sample::<f64, _>(StandardNormal)));
        }
    }
    SynthPanel::from_long(
        &unit,
        &time,
        vec![("y".into(), y), ("x1".into(), x1), ("x2".into(), x2)],
    )
    .expect("a balanced panel")
}

fn synth(c: &mut Criterion) {
    let mut g = c.benchmark_group("synth");
    g.sample_size(10);
    let panel = synth_panel(60, 1);
    let fit = SyntheticControl::new("y", "u001", 2015)
        .predictors(vec![
            Predictor::mean("x1", 2010..2015),
            Predictor::mean("x2", 2010..2015),
            Predictor::mean("y", 2000..2005),
            Predictor::mean("y", 2005..2010),
            Predictor::mean("y", 2010..2015),
        ])
        .v(VWeights::Equal)
        .placebos(true);
    g.bench_function("V equal, 59 placebos, 60 units × 25 years", |b| {
        b.iter(|| black_box(fit.fit(&panel).expect("fits")))
    });
    g.finish();
}

fn its(c: &mut Criterion) {
    let mut g = c.benchmark_group("its");
    g.sample_size(20);
    let n = 100_000usize;
    let mut rng = ChaCha8Rng::seed_from_u64(1);
    let t0 = (n / 2 + 1) as i64;
    let mut u = 0.0;
    let mut time = Vec::with_capacity(n);
    let mut y = Vec::with_capacity(n);
    for t in 1..=n as i64 {
        u = 0.5 * u + rng.sample::<f64, _>(StandardNormal);
        let post = t >= t0;
        let level = if post {
            2.0 + 0.001 * (t - t0 + 1) as f64
        } else {
            0.0
        };
        time.push(t);
        y.push(round4(10.0 + 0.002 * t as f64 + level + u));
    }
    let series = Series::new("y", time, y);
    let model = Its::new(t0);
    g.bench_function("Newey–West, default lags, 100,000 points", |b| {
        b.iter(|| black_box(model.fit(&series).expect("fits")))
    });
    g.finish();
}

fn icer(c: &mut Criterion) {
    let mut g = c.benchmark_group("icer");
    g.sample_size(10);
    let n = 10_000;
    let mut rng = ChaCha8Rng::seed_from_u64(1);
    let arm = Bernoulli::new(0.4).expect("valid");
    let programme: Vec<bool> = (0..n).map(|_| arm.sample(&mut rng)).collect();
    let cost: Vec<f64> = programme
        .iter()
        .map(|&p| {
            let mean = if p { 60_000.0 } else { 50_000.0 };
            let c: f64 = Gamma::new(4.0, mean / 4.0).expect("valid").sample(&mut rng);
            (c * 100.0).round() / 100.0
        })
        .collect();
    let effect: Vec<f64> = programme
        .iter()
        .map(|&p| f64::from(u8::from(rng.random::<f64>() < if p { 0.45 } else { 0.30 })))
        .collect();
    let model = Icer::new()
        .replicates(20_000)
        .wtp(vec![0.0, 25_000.0, 50_000.0, 100_000.0, 200_000.0]);
    g.bench_function("20,000 stratified replicates, BCa, 10,000 persons", |b| {
        b.iter(|| black_box(model.fit(&programme, &cost, &effect).expect("fits")))
    });
    g.finish();
}

criterion_group!(benches, propensity, matching, psm, ipw, aipw);
criterion_group!(over_time, staggered_did, synth, its, icer);
criterion_main!(benches, over_time);
