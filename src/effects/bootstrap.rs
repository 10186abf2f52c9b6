//! The nonparametric bootstrap for any estimator: seeded, parallel, and the same numbers
//! on any number of threads.

use super::dist::{normal, quantile7};
use crate::error::{Error, Result};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rayon::prelude::*;
use serde::Serialize;
use statrs::distribution::ContinuousCDF;

/// A bootstrap: configure, then [`Bootstrap::run`] with the statistic to resample.
///
/// ```text
/// replicate r (r = 0 … B−1): draw n row indices with replacement (within each stratum when
/// strata are given, so each group keeps its size) from the ChaCha8 stream (seed, r);
/// θ*_r = statistic(rows)
/// SE = sd(θ*) (n − 1);  percentile interval: type-7 quantiles of θ* at α/2, 1 − α/2;
/// normal interval: θ̂ ± z·SE
/// ```
///
/// Each replicate draws from its own stream, so the result does not depend on how rayon
/// splits the work. Replicates whose statistic fails (e.g. a resample with no treated unit
/// left after a caliper) are counted in `failed` and left out, never silently.
///
/// ```
/// use indsats::effects::Bootstrap;
/// let y = [1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0];
/// let mean = |rows: &[usize]| Ok(rows.iter().map(|&i| y[i]).sum::<f64>() / rows.len() as f64);
/// let a = Bootstrap::new(500).seed(7).run(y.len(), None, 4.5, mean).unwrap();
/// let b = Bootstrap::new(500).seed(7).run(y.len(), None, 4.5, mean).unwrap();
/// assert_eq!(a, b);
/// // the SE of a mean of 1…8 is about sd·√((n − 1)/n)/√n = 0.81
/// assert!(a.std_error > 0.65 && a.std_error < 0.95);
/// ```
///
/// # Errors
/// Fewer than 2 replicates, a level outside (0, 1), strata of the wrong length, or fewer
/// than 2 replicates that succeed.
///
/// # References
/// Efron & Tibshirani (1993), *An Introduction to the Bootstrap*, ch. 6 and 13.
#[derive(Debug, Clone, PartialEq)]
pub struct Bootstrap {
    replicates: usize,
    seed: u64,
    ci_level: f64,
    progress: bool,
}

/// Bootstrap results.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BootstrapResult {
    /// The estimate on the original data.
    pub estimate: f64,
    /// Replicates asked for.
    pub replicates: usize,
    /// Replicates whose statistic could not be computed.
    pub failed: usize,
    /// The seed.
    pub seed: u64,
    /// Bootstrap standard error.
    pub std_error: f64,
    /// Percentile interval.
    pub percentile_ci: [f64; 2],
    /// Normal interval, estimate ± z·SE.
    pub normal_ci: [f64; 2],
    /// The level of both intervals.
    pub ci_level: f64,
    /// Mean of the replicates minus the estimate.
    pub bias: f64,
}

impl Bootstrap {
    /// `replicates` resamples, seed 1, 95 % intervals, no progress bar.
    pub fn new(replicates: usize) -> Bootstrap {
        Bootstrap {
            replicates,
            seed: 1,
            ci_level: 0.95,
            progress: false,
        }
    }

    /// The seed.
    pub fn seed(mut self, seed: u64) -> Self {
        self.seed = seed;
        self
    }

    /// The confidence level (default 0.95).
    pub fn ci_level(mut self, level: f64) -> Self {
        self.ci_level = level;
        self
    }

    /// Shows a progress bar on stderr when it is a terminal.
    pub fn progress(mut self, yes: bool) -> Self {
        self.progress = yes;
        self
    }

    /// Checks the settings.
    ///
    /// # Errors
    /// See [`Bootstrap`].
    pub fn check(&self) -> Result<()> {
        if self.replicates < 2 {
            return Err(Error::parameter(
                "bootstrap",
                format!("needs at least 2 replicates, not {}", self.replicates),
            ));
        }
        super::dist::check_ci_level(self.ci_level)?;
        Ok(())
    }

    /// The rows of replicate `r`.
    fn resample(&self, r: usize, n: usize, strata: Option<&[Vec<usize>]>) -> Vec<usize> {
        let mut rng = ChaCha8Rng::seed_from_u64(self.seed);
        rng.set_stream(r as u64);
        match strata {
            None => (0..n).map(|_| rng.random_range(0..n)).collect(),
            Some(groups) => groups
                .iter()
                .flat_map(|g| {
                    (0..g.len())
                        .map(|_| g[rng.random_range(0..g.len())])
                        .collect::<Vec<_>>()
                })
                .collect(),
        }
    }

    /// Resamples the `n` rows (within `strata` if given: one label per row) and applies
    /// `statistic` to each resample's row indices; `estimate` is the statistic on the
    /// original data.
    ///
    /// # Errors
    /// See [`Bootstrap`].
    pub fn run<F>(
        &self,
        n: usize,
        strata: Option<&[u32]>,
        estimate: f64,
        statistic: F,
    ) -> Result<BootstrapResult>
    where
        F: Fn(&[usize]) -> Result<f64> + Sync,
    {
        let values = self.replicates(n, strata, statistic)?;
        self.summarise(estimate, &values)
    }

    /// The replicates themselves, for a statistic of any type (several numbers from one
    /// resample, as a cost and an effect difference): replicate `r` is `Some(statistic)`,
    /// or `None` where the statistic failed. The resamples are those of [`Bootstrap::run`].
    ///
    /// # Errors
    /// The settings (see [`Bootstrap`]), strata of the wrong length.
    pub fn replicates<T, F>(
        &self,
        n: usize,
        strata: Option<&[u32]>,
        statistic: F,
    ) -> Result<Vec<Option<T>>>
    where
        T: Send,
        F: Fn(&[usize]) -> Result<T> + Sync,
    {
        self.check()?;
        let groups: Option<Vec<Vec<usize>>> = match strata {
            None => None,
            Some(s) if s.len() != n => {
                return Err(Error::parameter(
                    "strata",
                    format!("has {} labels for {n} rows", s.len()),
                ))
            }
            Some(s) => {
                let mut labels: Vec<u32> = s.to_vec();
                labels.sort_unstable();
                labels.dedup();
                Some(
                    labels
                        .iter()
                        .map(|l| (0..n).filter(|&i| s[i] == *l).collect())
                        .collect(),
                )
            }
        };
        let bar = self.progress.then(|| {
            let bar = indicatif::ProgressBar::with_draw_target(
                Some(self.replicates as u64),
                indicatif::ProgressDrawTarget::stderr(),
            );
            if let Ok(style) = indicatif::ProgressStyle::with_template(
                "bootstrap {bar:40} {pos}/{len} replicates ({eta} left)",
            ) {
                bar.set_style(style);
            }
            bar
        });
        let values: Vec<Option<T>> = (0..self.replicates)
            .into_par_iter()
            .map(|r| {
                let rows = self.resample(r, n, groups.as_deref());
                let v = statistic(&rows).ok();
                if let Some(b) = &bar {
                    b.inc(1);
                }
                v
            })
            .collect();
        if let Some(b) = bar {
            b.finish_and_clear();
        }
        Ok(values)
    }

    /// The standard error and intervals from replicate values (one per replicate asked
    /// for; `None` or a value that is not finite counts as failed).
    ///
    /// # Errors
    /// The settings (see [`Bootstrap`]), fewer than 2 replicates that succeeded.
    pub fn summarise(&self, estimate: f64, values: &[Option<f64>]) -> Result<BootstrapResult> {
        self.check()?;
        let mut ok: Vec<f64> = values
            .iter()
            .flatten()
            .copied()
            .filter(|v| v.is_finite())
            .collect();
        let failed = values.len() - ok.len();
        if ok.len() < 2 {
            return Err(Error::analysis(format!(
                "only {} of {} bootstrap replicates could be computed",
                ok.len(),
                values.len()
            )));
        }
        let m = ok.len() as f64;
        let mean = ok.iter().sum::<f64>() / m;
        let sd = (ok.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / (m - 1.0)).sqrt();
        ok.sort_by(f64::total_cmp);
        let alpha = 1.0 - self.ci_level;
        let z = normal().inverse_cdf(1.0 - alpha / 2.0);
        Ok(BootstrapResult {
            estimate,
            replicates: values.len(),
            failed,
            seed: self.seed,
            std_error: sd,
            percentile_ci: [
                quantile7(&ok, alpha / 2.0),
                quantile7(&ok, 1.0 - alpha / 2.0),
            ],
            normal_ci: [estimate - z * sd, estimate + z * sd],
            ci_level: self.ci_level,
            bias: mean - estimate,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_seed_gives_the_same_result_on_one_thread_and_many() {
        let y: Vec<f64> = (0..200).map(|i| ((i * 37) % 101) as f64).collect();
        let mean = |rows: &[usize]| Ok(rows.iter().map(|&i| y[i]).sum::<f64>() / rows.len() as f64);
        let many = Bootstrap::new(300)
            .seed(3)
            .run(200, None, 0.0, mean)
            .unwrap();
        let one = rayon::ThreadPoolBuilder::new()
            .num_threads(1)
            .build()
            .unwrap()
            .install(|| {
                Bootstrap::new(300)
                    .seed(3)
                    .run(200, None, 0.0, mean)
                    .unwrap()
            });
        assert_eq!(many, one);
        let other = Bootstrap::new(300)
            .seed(4)
            .run(200, None, 0.0, mean)
            .unwrap();
        assert_ne!(many.std_error, other.std_error);
    }

    #[test]
    fn the_se_of_a_mean_is_near_sd_over_root_n() {
        // sd of 0..99 is 29.01; SE of the mean ≈ 29.01·√(99/100)/10 ≈ 2.887
        let y: Vec<f64> = (0..100).map(f64::from).collect();
        let mean = |rows: &[usize]| Ok(rows.iter().map(|&i| y[i]).sum::<f64>() / rows.len() as f64);
        let r = Bootstrap::new(4000)
            .seed(11)
            .run(100, None, 49.5, mean)
            .unwrap();
        assert!((r.std_error - 2.887).abs() < 0.15, "{}", r.std_error);
        assert!(r.percentile_ci[0] < 49.5 && r.percentile_ci[1] > 49.5);
    }

    #[test]
    fn strata_keep_their_sizes_and_failures_are_counted() {
        let strata = [0, 0, 0, 1, 1];
        let r = Bootstrap::new(50)
            .seed(1)
            .run(5, Some(&strata), 0.0, |rows| {
                assert_eq!(rows.iter().filter(|&&i| i >= 3).count(), 2);
                if rows[0] == 0 {
                    Err(Error::analysis("no"))
                } else {
                    Ok(rows.iter().sum::<usize>() as f64)
                }
            })
            .unwrap();
        assert!(r.failed > 0 && r.failed < 50);
    }
}
