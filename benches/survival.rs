//! Kaplan–Meier and Cox regression (Efron, six covariates) at 100,000 and 1,000,000 spells.
#![allow(missing_docs)] // criterion_group! defines undocumented functions
//!
//! Run with `cargo bench --bench survival`. The spells are generated in the process with the
//! shape of `benches/peers/gen_data.py episodes` (x1, x2 ~ N(0, 1), x3 ~ Bernoulli(0.4),
//! x4 ~ U(0, 1), x5 ~ Poisson(2); treat by a logistic model; Weibull event times with shape
//! 1.3 and a median near two years, treat's log hazard ratio −0.35; uniform censoring
//! between 30 and 1,800 days; times in whole days, so heavily tied). The draws come from a
//! seeded ChaCha8 generator, not numpy's: alike in law, not the file's rows. The
//! whole-process comparison with R's survival and lifelines is `benches/peers/survival.sh`.

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion};
use indsats::survival::{Cox, CoxData, KaplanMeier};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rand_distr::{Bernoulli, Distribution, Normal, Poisson};
use std::hint::black_box;

const SIZES: [usize; 2] = [100_000, 1_000_000];

struct Spells {
    time: Vec<f64>,
    event: Vec<f64>,
    covariates: Vec<(&'static str, Vec<f64>)>,
}

fn spells(n: usize, seed: u64) -> Spells {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let normal = Normal::new(0.0, 1.0).expect("valid");
    let bern = Bernoulli::new(0.4).expect("valid");
    let pois = Poisson::new(2.0).expect("valid");
    let mut x: Vec<Vec<f64>> = (0..6).map(|_| Vec::with_capacity(n)).collect();
    let (mut time, mut event) = (Vec::with_capacity(n), Vec::with_capacity(n));
    for _ in 0..n {
        let x1: f64 = normal.sample(&mut rng);
        let x2: f64 = normal.sample(&mut rng);
        let x3 = f64::from(u8::from(bern.sample(&mut rng)));
        let x4: f64 = rng.random();
        let x5: f64 = pois.sample(&mut rng);
        let p = 1.0 / (1.0 + (-(-0.5 + 0.4 * x1 - 0.3 * x2)).exp());
        let treat = f64::from(u8::from(rng.random::<f64>() < p));
        let lp = 0.3 * x1 - 0.2 * x2 + 0.4 * x3 - 0.5 * x4 + 0.1 * x5 - 0.35 * treat;
        let u: f64 = rng.random::<f64>().max(f64::MIN_POSITIVE);
        let t_event = 700.0 * (-u.ln() / lp.exp()).powf(1.0 / 1.3);
        let t_cens = 30.0 + 1770.0 * rng.random::<f64>();
        time.push(t_event.min(t_cens).ceil().clamp(1.0, 3650.0));
        event.push(f64::from(u8::from(t_event <= t_cens)));
        for (col, v) in x.iter_mut().zip([x1, x2, x3, x4, x5, treat]) {
            col.push(v);
        }
    }
    Spells {
        time,
        event,
        covariates: ["x1", "x2", "x3", "x4", "x5", "treat"]
            .into_iter()
            .zip(x)
            .collect(),
    }
}

fn survival(c: &mut Criterion) {
    let mut g = c.benchmark_group("survival");
    g.sample_size(10);
    for n in SIZES {
        let s = spells(n, 1);
        let ended: Vec<bool> = s.event.iter().map(|e| *e == 1.0).collect();
        let treat: Vec<String> = s.covariates[5].1.iter().map(|t| t.to_string()).collect();
        g.bench_with_input(
            BenchmarkId::new("kaplan-meier by treat + log-rank", n),
            &n,
            |b, _| {
                b.iter(|| {
                    black_box(
                        KaplanMeier::default()
                            .fit_groups(&s.time, &ended, &treat)
                            .expect("fits"),
                    )
                })
            },
        );
        g.bench_with_input(
            BenchmarkId::new("cox efron, 6 covariates", n),
            &n,
            |b, _| {
                b.iter(|| {
                    black_box(
                        Cox::default()
                            .fit(&CoxData::new(&s.time, &s.event, &s.covariates))
                            .expect("fits"),
                    )
                })
            },
        );
    }
    g.finish();
}

criterion_group!(benches, survival);
criterion_main!(benches);
