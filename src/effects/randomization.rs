//! Randomization inference for designs where a few units (districts) start a measure at
//! different times: the start dates are dealt out again among the units, the estimate is
//! recomputed for each deal, and the p-value is the share of deals that give an estimate at
//! least as far from 0 as the one observed.
//!
//! With only a handful of treated units per start date, the analytic errors of the
//! staggered and event-study designs are far too small (the variance of the treated units
//! is estimated from two or three of them), and their pre-trend tests reject far too often:
//! on the simulated municipality (12 districts, three waves of two), the event study's
//! cluster-robust F test rejected parallel trends that held by construction in 17 of 30
//! simulations at 5 %. Dealing the start dates out again needs no variance estimate: if the
//! measure did nothing and it could as well have started in any other districts, every deal
//! is as likely as the one observed.

use crate::error::{Error, Result};
use rand::seq::SliceRandom;
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use serde::Serialize;

/// A randomization (permutation) test: the observed statistics, their p-values from the
/// deals of the start dates, and how many deals there were.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RandomizationInference {
    /// The observed effect statistic (the design's overall estimate).
    pub statistic: f64,
    /// Its two-sided p-value: the share of deals with |statistic| at least the observed.
    pub p_value: f64,
    /// What the pre-trend statistic is (`None`: no period before any start).
    pub pretrend_definition: Option<String>,
    /// The observed pre-trend statistic.
    pub pretrend_statistic: Option<f64>,
    /// Its p-value: the share of deals with a pre-trend statistic at least the observed.
    pub pretrend_p_value: Option<f64>,
    /// Deals used (those that could be estimated).
    pub permutations: usize,
    /// Every possible deal was used (an exact test), else a seeded random sample of them.
    pub exhaustive: bool,
    /// How many distinct deals there are: n! / Π n_g! for the units' start dates.
    pub assignments: f64,
    /// Deals that could not be estimated and are left out.
    pub failed: usize,
    /// The seed of the sampled deals.
    pub seed: u64,
}

impl RandomizationInference {
    /// The warning when some deals could not be estimated (`None`: all could).
    pub fn failed_warning(&self) -> Option<String> {
        (self.failed > 0).then(|| {
            format!(
                "{} of {} deals of the start dates could not be estimated and are left out of \
                 the randomization test",
                self.failed,
                self.failed + self.permutations
            )
        })
    }
}

/// The units of a panel in order of first appearance, each unit's value of `cohort` on its
/// first row, and each row's unit.
pub(crate) fn units_of(id: &[String], cohort: &[f64]) -> (Vec<f64>, Vec<usize>) {
    let mut index: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    let mut cohorts = Vec::new();
    let row_unit = id
        .iter()
        .zip(cohort)
        .map(|(u, &g)| {
            *index.entry(u.as_str()).or_insert_with(|| {
                cohorts.push(g);
                cohorts.len() - 1
            })
        })
        .collect();
    (cohorts, row_unit)
}

/// Checks the number of deals asked for.
pub(crate) fn check_permutations(b: Option<usize>) -> Result<()> {
    match b {
        Some(b) if b < 19 => Err(Error::parameter(
            "permutations",
            format!(
                "needs at least 19 deals of the start dates (for p-values down to 0.05), not {b}"
            ),
        )),
        _ => Ok(()),
    }
}

/// The number of distinct deals of `cohorts` among the units: n! / Π n_g!, as a float
/// (it can be astronomically large).
pub(crate) fn count_assignments(cohorts: &[f64]) -> f64 {
    let mut sorted = cohorts.to_vec();
    sorted.sort_by(f64::total_cmp);
    // log n! − Σ log n_g!
    let ln_fact = |k: usize| (1..=k).map(|i| (i as f64).ln()).sum::<f64>();
    let mut ln = ln_fact(sorted.len());
    let mut i = 0;
    while i < sorted.len() {
        let j = (i..sorted.len())
            .find(|&j| sorted[j] != sorted[i])
            .unwrap_or(sorted.len());
        ln -= ln_fact(j - i);
        i = j;
    }
    ln.exp().round()
}

/// The deals to use: every distinct one (in lexicographic order of the cohort values,
/// unit by unit) when there are at most `max`, else `max` seeded random shuffles.
pub(crate) fn assignments(cohorts: &[f64], max: usize, seed: u64) -> (Vec<Vec<f64>>, bool, f64) {
    let total = count_assignments(cohorts);
    if total <= max as f64 {
        let mut a = cohorts.to_vec();
        a.sort_by(f64::total_cmp);
        let mut out = vec![a.clone()];
        while next_permutation(&mut a) {
            out.push(a.clone());
        }
        (out, true, total)
    } else {
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        let out = (0..max)
            .map(|_| {
                let mut a = cohorts.to_vec();
                a.shuffle(&mut rng);
                a
            })
            .collect();
        (out, false, total)
    }
}

/// The next permutation in lexicographic order of a multiset (false after the last).
fn next_permutation(a: &mut [f64]) -> bool {
    let n = a.len();
    if n < 2 {
        return false;
    }
    let mut i = n - 1;
    while i > 0 && a[i - 1] >= a[i] {
        i -= 1;
    }
    if i == 0 {
        return false;
    }
    let mut j = n - 1;
    while a[j] <= a[i - 1] {
        j -= 1;
    }
    a.swap(i - 1, j);
    a[i..].reverse();
    true
}

/// The p-value of `observed` among the deals' statistics: exhaustive, the share of all
/// deals (the observed one among them) at least as large; sampled, (1 + #at least) /
/// (1 + B). Values within 1e-10 (relative) of the observed count as equal.
pub(crate) fn p_value(observed: f64, draws: &[f64], exhaustive: bool) -> f64 {
    let tol = 1e-10 * observed.abs().max(1e-300);
    let at_least = draws.iter().filter(|&&d| d >= observed - tol).count() as f64;
    if exhaustive {
        at_least / draws.len() as f64
    } else {
        (1.0 + at_least) / (1.0 + draws.len() as f64)
    }
}

/// Runs `stat` on each deal in parallel (results in the deals' order, so the same on any
/// number of threads) and makes the test. `stat` gives the effect statistic and the
/// pre-trend statistic of a panel whose units have the given start dates, or `None` when
/// the deal cannot be estimated.
pub(crate) fn permutation_test(
    cohorts: &[f64],
    max: usize,
    seed: u64,
    observed: (f64, Option<f64>),
    pretrend_definition: &str,
    stat: impl Fn(&[f64]) -> Option<(f64, Option<f64>)> + Sync,
) -> RandomizationInference {
    use rayon::prelude::*;
    let (deals, exhaustive, total) = assignments(cohorts, max, seed);
    let results: Vec<Option<(f64, Option<f64>)>> = deals.par_iter().map(|d| stat(d)).collect();
    let ok: Vec<(f64, Option<f64>)> = results.iter().flatten().copied().collect();
    let failed = results.len() - ok.len();
    let effect: Vec<f64> = ok.iter().map(|r| r.0.abs()).collect();
    let p = p_value(observed.0.abs(), &effect, exhaustive);
    let (pre_stat, pre_p) = match observed.1 {
        Some(o) => {
            let pre: Vec<f64> = ok.iter().filter_map(|r| r.1).collect();
            (
                Some(o),
                (!pre.is_empty()).then(|| p_value(o, &pre, exhaustive)),
            )
        }
        None => (None, None),
    };
    RandomizationInference {
        statistic: observed.0,
        p_value: p,
        pretrend_definition: pre_stat.map(|_| pretrend_definition.to_string()),
        pretrend_statistic: pre_stat,
        pretrend_p_value: pre_p,
        permutations: ok.len(),
        exhaustive,
        assignments: total,
        failed,
        seed,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_distinct_deal_once() {
        let c = [0.0, 0.0, 3.0, 3.0, 5.0];
        // 5! / (2! 2! 1!) = 30
        assert_eq!(count_assignments(&c), 30.0);
        let (deals, exhaustive, total) = assignments(&c, 30, 1);
        assert!(exhaustive);
        assert_eq!(total, 30.0);
        let mut seen = std::collections::BTreeSet::new();
        for d in &deals {
            let key: Vec<i64> = d.iter().map(|v| *v as i64).collect();
            assert!(seen.insert(key));
        }
        assert_eq!(seen.len(), 30);
        let (deals, exhaustive, _) = assignments(&c, 29, 1);
        assert!(!exhaustive);
        assert_eq!(deals.len(), 29);
    }

    #[test]
    fn p_values_count_the_observed_and_ties() {
        assert_eq!(p_value(2.0, &[1.0, 2.0, 3.0, 0.5], true), 0.5);
        assert_eq!(p_value(2.0, &[1.0, 2.0, 3.0, 0.5], false), 3.0 / 5.0);
    }
}
