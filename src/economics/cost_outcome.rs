//! Cost per outcome achieved, with bootstrap intervals from resampling persons.

use crate::effects::{bca_interval, jackknife_influence, Bootstrap};
use crate::error::{Error, Result};
use serde::Serialize;

/// An estimate with its bootstrap standard error and intervals. Every field that cannot
/// be computed is `None` (JSON `null`), never NaN; why is in the result's warnings.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Uncertain {
    /// The estimate on the data (`None` if it does not exist, e.g. no outcome achieved).
    pub estimate: Option<f64>,
    /// Standard deviation of the replicates that are defined.
    pub std_error: Option<f64>,
    /// Percentile interval: type-7 quantiles of the defined replicates.
    pub ci: Option<[f64; 2]>,
    /// BCa interval (as R's `boot.ci(type = "bca")` with jackknife influence values), if
    /// asked for and defined.
    pub bca_ci: Option<[f64; 2]>,
    /// Replicates where the quantity is undefined (a resample without any outcome, say):
    /// left out of the standard error and the intervals.
    pub undefined_replicates: usize,
}

impl Uncertain {
    /// An estimate that does not exist, and so has no interval.
    pub(super) fn none(undefined: usize) -> Uncertain {
        Uncertain {
            estimate: None,
            std_error: None,
            ci: None,
            bca_ci: None,
            undefined_replicates: undefined,
        }
    }

    /// Summarises replicate values (`None` or not finite: undefined). `influence` gives
    /// the jackknife influence values for a BCa interval; `what` names the quantity in
    /// warnings.
    pub(super) fn from_replicates(
        boot: &Bootstrap,
        level: f64,
        estimate: Option<f64>,
        values: &[Option<f64>],
        influence: Option<&[f64]>,
        what: &str,
        warnings: &mut Vec<String>,
    ) -> Uncertain {
        let values: Vec<Option<f64>> = values.iter().map(|v| v.filter(|x| x.is_finite())).collect();
        let undefined = values.iter().filter(|v| v.is_none()).count();
        let Some(est) = estimate else {
            return Uncertain::none(undefined);
        };
        match boot.summarise(est, &values) {
            Err(_) => {
                warnings.push(format!(
                    "{what}: only {} of {} bootstrap replicates are defined; no interval",
                    values.len() - undefined,
                    values.len()
                ));
                Uncertain {
                    estimate,
                    ..Uncertain::none(undefined)
                }
            }
            Ok(r) => {
                let bca_ci = influence.and_then(|l| {
                    let t: Vec<f64> = values.iter().flatten().copied().collect();
                    match bca_interval(est, &t, l, level) {
                        Ok(ci) => Some(ci),
                        Err(e) => {
                            warnings.push(format!("{what}: no BCa interval ({e})"));
                            None
                        }
                    }
                });
                Uncertain {
                    estimate,
                    std_error: Some(r.std_error),
                    ci: Some(r.percentile_ci),
                    bca_ci,
                    undefined_replicates: undefined,
                }
            }
        }
    }
}

/// Cost per outcome achieved: the total cost of the intervention divided by the number of
/// outcomes achieved, with the outcome rate and the mean cost per person, each with a
/// nonparametric bootstrap interval from resampling persons.
///
/// ```text
/// person i: cost c_i ≥ any, outcome y_i ≥ 0 (1/0 achieved, or a count)
/// cost per outcome  = Σ c_i / Σ y_i          (undefined when Σ y_i = 0)
/// outcome rate      = Σ y_i / n
/// mean cost         = Σ c_i / n
/// replicate r: n persons drawn with replacement (seeded ChaCha stream r, see Bootstrap);
///   a replicate with Σ y* = 0 has no cost per outcome: counted as undefined, left out
/// BCa: jackknife influence L_i = (n − 1)(θ̂ − θ̂_(−i)), θ̂_(−i) = (C − c_i)/(Y − y_i)
/// ```
///
/// With groups, each group gets its own estimates and bootstrap (persons resampled within
/// the group), after the result for everyone (`group` = `"all"`), whose resamples ignore
/// the groups.
///
/// ```
/// use indsats::economics::CostPerOutcome;
/// let cost = [100.0, 200.0, 300.0, 400.0];
/// let outcome = [1.0, 0.0, 1.0, 0.0];
/// let fit = CostPerOutcome::new().replicates(200).fit(&cost, &outcome, None).unwrap();
/// let all = &fit.groups[0];
/// assert_eq!(all.cost_per_outcome.estimate, Some(500.0)); // 1000 kr. / 2 outcomes
/// assert_eq!(all.outcome_rate.estimate, Some(0.5));
/// assert_eq!(all.mean_cost.estimate, Some(250.0));
/// // some resamples of four persons hold no outcome: counted, never NaN
/// assert!(all.cost_per_outcome.undefined_replicates > 0);
/// ```
///
/// # Errors
/// Fewer than 2 replicates, a level outside (0, 1); columns of different lengths, no
/// persons, a cost or outcome that is not finite, a negative outcome; groups of the wrong
/// length.
///
/// # References
/// Efron & Tibshirani (1993), *An Introduction to the Bootstrap*, ch. 13–14; R's
/// `boot::boot(data, function(d, i) sum(d$cost[i]) / sum(d$outcome[i]), R)` with
/// `boot.ci(type = c("perc", "bca"))`.
#[derive(Debug, Clone, PartialEq)]
pub struct CostPerOutcome {
    replicates: usize,
    seed: u64,
    ci_level: f64,
    bca: bool,
}

impl Default for CostPerOutcome {
    fn default() -> Self {
        CostPerOutcome::new()
    }
}

/// The estimates for one group (or everyone).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CostPerOutcomeGroup {
    /// The group's label; `"all"` for everyone.
    pub group: String,
    /// Persons.
    pub n: usize,
    /// Σ cost (kr.).
    pub total_cost: f64,
    /// Σ outcome: outcomes achieved.
    pub outcomes: f64,
    /// Total cost / outcomes (kr. per outcome).
    pub cost_per_outcome: Uncertain,
    /// Outcomes per person.
    pub outcome_rate: Uncertain,
    /// Mean cost per person (kr.).
    pub mean_cost: Uncertain,
}

/// The fitted cost per outcome.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CostPerOutcomeFit {
    /// Everyone first, then each group in order of first appearance.
    pub groups: Vec<CostPerOutcomeGroup>,
    /// Bootstrap replicates per group.
    pub replicates: usize,
    /// The seed.
    pub seed: u64,
    /// The level of every interval.
    pub ci_level: f64,
    /// What a reader should know.
    pub warnings: Vec<String>,
}

impl CostPerOutcome {
    /// 2000 replicates, seed 1, 95 % intervals, with BCa intervals.
    pub fn new() -> CostPerOutcome {
        CostPerOutcome {
            replicates: 2000,
            seed: 1,
            ci_level: 0.95,
            bca: true,
        }
    }

    /// Bootstrap replicates.
    pub fn replicates(mut self, b: usize) -> Self {
        self.replicates = b;
        self
    }

    /// The seed.
    pub fn seed(mut self, seed: u64) -> Self {
        self.seed = seed;
        self
    }

    /// The confidence level.
    pub fn ci_level(mut self, level: f64) -> Self {
        self.ci_level = level;
        self
    }

    /// Whether to compute BCa intervals (default yes).
    pub fn bca(mut self, yes: bool) -> Self {
        self.bca = yes;
        self
    }

    fn bootstrap(&self) -> Bootstrap {
        Bootstrap::new(self.replicates)
            .seed(self.seed)
            .ci_level(self.ci_level)
    }

    /// Checks the settings.
    ///
    /// # Errors
    /// See [`CostPerOutcome`].
    pub fn check(&self) -> Result<()> {
        self.bootstrap().check()
    }

    /// Estimates from per-person costs and outcomes, optionally by group.
    ///
    /// # Errors
    /// See [`CostPerOutcome`].
    pub fn fit(
        &self,
        cost: &[f64],
        outcome: &[f64],
        groups: Option<&[String]>,
    ) -> Result<CostPerOutcomeFit> {
        self.check()?;
        let n = cost.len();
        if outcome.len() != n {
            return Err(Error::parameter(
                "outcome",
                format!("has {} values for {n} costs", outcome.len()),
            ));
        }
        if n == 0 {
            return Err(Error::analysis("no persons to compute a cost per outcome"));
        }
        if let Some(i) = cost.iter().position(|c| !c.is_finite()) {
            return Err(Error::parameter(
                "cost",
                format!("person {} has cost {}", i + 1, cost[i]),
            ));
        }
        if let Some(i) = outcome.iter().position(|y| !(y.is_finite() && *y >= 0.0)) {
            return Err(Error::parameter(
                "outcome",
                format!(
                    "person {} has outcome {}; outcomes achieved are 0, 1 or a count",
                    i + 1,
                    outcome[i]
                ),
            ));
        }
        if let Some(g) = groups {
            if g.len() != n {
                return Err(Error::parameter(
                    "groups",
                    format!("has {} labels for {n} persons", g.len()),
                ));
            }
        }
        let mut warnings = Vec::new();
        if let Some(i) = cost.iter().position(|c| *c < 0.0) {
            warnings.push(format!(
                "person {} has a negative cost ({}); it is counted as a saving",
                i + 1,
                cost[i]
            ));
        }
        let all: Vec<usize> = (0..n).collect();
        let mut out = vec![self.group("all", &all, cost, outcome, &mut warnings)?];
        if let Some(g) = groups {
            let mut labels: Vec<&String> = Vec::new();
            for l in g {
                if !labels.contains(&l) {
                    labels.push(l);
                }
            }
            for l in labels {
                let rows: Vec<usize> = (0..n).filter(|&i| &g[i] == l).collect();
                out.push(self.group(l, &rows, cost, outcome, &mut warnings)?);
            }
        }
        Ok(CostPerOutcomeFit {
            groups: out,
            replicates: self.replicates,
            seed: self.seed,
            ci_level: self.ci_level,
            warnings,
        })
    }

    fn group(
        &self,
        label: &str,
        rows: &[usize],
        cost: &[f64],
        outcome: &[f64],
        warnings: &mut Vec<String>,
    ) -> Result<CostPerOutcomeGroup> {
        let c: Vec<f64> = rows.iter().map(|&i| cost[i]).collect();
        let y: Vec<f64> = rows.iter().map(|&i| outcome[i]).collect();
        let n = c.len();
        let nf = n as f64;
        let (sc, sy) = (c.iter().sum::<f64>(), y.iter().sum::<f64>());
        let ratio = (sy > 0.0).then(|| sc / sy);
        let boot = self.bootstrap();
        let sums = boot.replicates(n, None, |idx| {
            Ok(idx
                .iter()
                .fold((0.0, 0.0), |(a, b), &i| (a + c[i], b + y[i])))
        })?;
        let pick = |f: &dyn Fn(f64, f64) -> Option<f64>| -> Vec<Option<f64>> {
            sums.iter().map(|s| s.and_then(|(a, b)| f(a, b))).collect()
        };
        let ratio_r = pick(&|a, b| (b > 0.0).then(|| a / b));
        let rate_r = pick(&|_, b| Some(b / nf));
        let mean_r = pick(&|a, _| Some(a / nf));
        // Jackknife influence values, from the leave-one-out estimates in closed form.
        let jack = |est: f64, loo: &dyn Fn(usize) -> f64| -> Option<Vec<f64>> {
            if !self.bca || n < 2 {
                return None;
            }
            let t: Vec<f64> = (0..n).map(loo).collect();
            t.iter()
                .all(|v| v.is_finite())
                .then(|| jackknife_influence(est, &t, None).ok())
                .flatten()
        };
        let prefix = if label == "all" {
            String::new()
        } else {
            format!("group \"{label}\": ")
        };
        let level = self.ci_level;
        let cpo = match ratio {
            None => {
                warnings.push(format!(
                    "{prefix}no outcome was achieved among {n} persons, so there is no cost per outcome"
                ));
                Uncertain::none(ratio_r.iter().filter(|v| v.is_none()).count())
            }
            Some(est) => {
                let l = jack(est, &|i| (sc - c[i]) / (sy - y[i]));
                let u = Uncertain::from_replicates(
                    &boot,
                    level,
                    Some(est),
                    &ratio_r,
                    l.as_deref(),
                    &format!("{prefix}cost per outcome"),
                    warnings,
                );
                if u.undefined_replicates > 0 {
                    warnings.push(format!(
                        "{prefix}{} of {} bootstrap replicates had no outcome and no cost per outcome; \
                         the interval is from the other {}",
                        u.undefined_replicates,
                        self.replicates,
                        self.replicates - u.undefined_replicates
                    ));
                }
                if self.bca && l.is_none() && n >= 2 {
                    warnings.push(format!(
                        "{prefix}cost per outcome: no BCa interval (leaving out one person leaves no outcome)"
                    ));
                }
                u
            }
        };
        let rate = Uncertain::from_replicates(
            &boot,
            level,
            Some(sy / nf),
            &rate_r,
            jack(sy / nf, &|i| (sy - y[i]) / (nf - 1.0)).as_deref(),
            &format!("{prefix}outcome rate"),
            warnings,
        );
        let mean = Uncertain::from_replicates(
            &boot,
            level,
            Some(sc / nf),
            &mean_r,
            jack(sc / nf, &|i| (sc - c[i]) / (nf - 1.0)).as_deref(),
            &format!("{prefix}mean cost"),
            warnings,
        );
        Ok(CostPerOutcomeGroup {
            group: label.to_string(),
            n,
            total_cost: sc,
            outcomes: sy,
            cost_per_outcome: cpo,
            outcome_rate: rate,
            mean_cost: mean,
        })
    }
}
