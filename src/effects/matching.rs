//! Greedy nearest-neighbour matching on a score with MatchIt's semantics
//! (`matchit(method = "nearest")`), and the ATT on the matched data.
//!
//! # Semantics
//!
//! These follow MatchIt's nearest-neighbour routine (`R/matchit2nearest.R`,
//! `src/nn_matchC_vec.cpp`, `find_control_vec` in `src/internal.cpp`, the weights in
//! `src/weights_matrixC.cpp` and the normalisation in `R/matchit.R`), with the documented
//! tie rule of its distance-matrix routine:
//!
//! - **Distance**: |s_t − s_c| on the score as given (MatchIt's default is the propensity
//!   score on the probability scale).
//! - **Order** in which treated units choose: [`MatchOrder::Largest`] (decreasing score,
//!   MatchIt's default for the ATT), `Smallest`, `Data` or `Random`. Equal scores keep the
//!   data order (earlier row first).
//! - **Ties**: among equally distant available controls the one with the lowest row wins.
//! - **Caliper**: `caliper` × sd(score), sd the sample SD (n − 1) over all units, treated and
//!   control. A control at exactly the caliper is within reach. A treated unit whose nearest
//!   available control is farther stays unmatched; earlier treated units can use up controls.
//! - **Without replacement, ratio k**: k *rounds*. In round r every treated unit still in
//!   play, in the processing order, takes the nearest available control; a unit that finds
//!   none (all used, or none within the caliper) drops out for good. So with k = 2 every
//!   treated unit gets a first control before any gets a second. A treated unit unmatched in
//!   round 1 stays unmatched; one that runs dry later keeps the controls it has.
//! - **With replacement**: each treated unit takes its k nearest controls (by distance, then
//!   row), within the caliper; the order does not matter (MatchIt sets `m.order = "data"`,
//!   and so do we: the sets come in data order).
//! - **Exact strata**: a treated unit is matched only to controls with the same code.
//! - **Weights** (ATT): a matched treated unit weighs 1, an unmatched one 0. A control gets
//!   Σ over its matched sets of 1/(number of controls in the set); then the positive control
//!   weights are rescaled to sum to the number of distinct controls used (MatchIt's
//!   `.make_sum_to_n` by group). 1:1 without replacement gives every matched control 1;
//!   with replacement a control used u times gets u · (controls used)/(matched treated).
//! - **Subclass**: without replacement each matched set is one subclass; with replacement
//!   there are none (as MatchIt). Here subclass j is `sets[j]` (processing order); MatchIt
//!   numbers subclasses by the treated unit's row instead, so compare memberships, not labels.
//!
//! MatchIt 4.5.1's fast propensity-score routine truncated distances to integers (it took
//! the lower neighbour when a closer higher one was free, and ignored the caliper); these
//! semantics are the correct ones, as in later MatchIt releases and its distance-matrix
//! routine. Among exactly equal distances MatchIt's fast routine does not promise the
//! lowest row; here it is guaranteed.
//!
//! # Speed
//!
//! No distance matrix: controls are sorted by (stratum, score, row) once; each treated unit
//! finds its place by binary search, and the nearest *available* control on each side by
//! union–find skip pointers ("next free to the left/right"), so matching is
//! O(n log n) overall.

use super::ols::{wls, ClusterAdjust, ClusterDf, Covariance};
use crate::error::{Error, Result};
use rand::seq::SliceRandom;
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use serde::Serialize;

/// The order in which treated units choose their controls.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum MatchOrder {
    /// Decreasing score (MatchIt's `m.order = "largest"`, its default for the ATT).
    #[default]
    Largest,
    /// Increasing score (`"smallest"`).
    Smallest,
    /// Data order (`"data"`).
    Data,
    /// A random permutation from [`NearestNeighbour::seed`] (`"random"`). It is our own
    /// seeded ChaCha8 shuffle: the same seed gives the same matches in this crate, but it
    /// cannot reproduce R's `set.seed()` + `sample()`.
    Random,
}

/// Greedy nearest-neighbour matching on a score: configure, [`check`](Self::check), then
/// [`fit`](Self::fit).
///
/// ```text
/// d(t, c) = |s_t − s_c|
/// caliper (raw) = caliper · sd(s),  sd over all units with n − 1
/// for round r = 1..k (without replacement), for each treated t in order:
///     c* = argmin over available controls in t's stratum of (d(t, c), row c)
///     if d(t, c*) ≤ caliper: match t–c*, c* is no longer available; else t drops out
/// with replacement: each t takes its k smallest (d(t, c), row c) with d ≤ caliper
/// weights: treated matched 1; control w_c = Σ_sets 1/|controls in set|,
///          then w_c ← w_c · (controls used) / Σ w
/// ```
///
/// ```
/// use indsats::effects::NearestNeighbour;
/// // the treated unit at 0.5 takes the control at 0.51, not the one at 0.1
/// let m = NearestNeighbour::default()
///     .fit(&[0.5, 0.1, 0.51], &[true, false, false], None)
///     .unwrap();
/// assert_eq!(m.sets[0].treated, 0);
/// assert_eq!(m.sets[0].controls, vec![2]);
/// assert_eq!(m.weights, vec![1.0, 0.0, 1.0]);
/// ```
///
/// # Errors
/// A ratio of 0; a caliper that is negative or not finite; inputs of different lengths; a
/// score that is not finite; no treated or no control units; a caliper (or exact strata)
/// that leaves no treated unit matched.
///
/// # References
/// Rubin (1973); Austin (2011) for the 0.2 SD caliper of the logit; Ho, Imai, King & Stuart
/// (2011). Matches R's `MatchIt::matchit(method = "nearest", estimand = "ATT")` (see the
/// module docs for the exact semantics).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct NearestNeighbour {
    ratio: usize,
    caliper: Option<f64>,
    replace: bool,
    order: MatchOrder,
    seed: u64,
}

impl Default for NearestNeighbour {
    fn default() -> Self {
        NearestNeighbour {
            ratio: 1,
            caliper: None,
            replace: false,
            order: MatchOrder::Largest,
            seed: 0,
        }
    }
}

/// One treated unit and its controls (row indices, 0-based).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MatchedSet {
    /// The treated unit's row.
    pub treated: usize,
    /// Its controls' rows, in the order they were taken (nearest first).
    pub controls: Vec<usize>,
}

/// The result of a matching: the sets, MatchIt's weights and subclasses, and counts.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Matching {
    /// The matched sets in processing order (data order with replacement); unmatched
    /// treated units have none.
    pub sets: Vec<MatchedSet>,
    /// MatchIt's ATT weight per row (0 for rows not in the matched data).
    pub weights: Vec<f64>,
    /// Per row, the index in [`sets`](Self::sets) of its set; `None` for rows not matched
    /// and for every row when matching with replacement (as MatchIt).
    pub subclass: Vec<Option<usize>>,
    /// Treated units in the data.
    pub n_treated: usize,
    /// Control units in the data.
    pub n_control: usize,
    /// Treated units with at least one control.
    pub matched_treated: usize,
    /// Distinct controls used.
    pub controls_used: usize,
    /// Treated units left without a control.
    pub unmatched_treated: usize,
    /// The caliper on the score's own scale (caliper × sd of the score), if one was set.
    pub caliper_raw: Option<f64>,
    /// What the reader should know: units left unmatched and why, sets short of the ratio.
    pub warnings: Vec<String>,
}

/// The standard error of the matched ATT.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum MatchedSe {
    /// Cluster by subclass without replacement, HC3 with replacement.
    #[default]
    Auto,
    /// Cluster-robust by subclass (pair), `sandwich::vcovCL(fit, cluster = ~subclass)`:
    /// HC1 with G/(G − 1)·(n − 1)/(n − k), t on the residual df. Needs matching without
    /// replacement.
    ClusterSubclass,
    /// `sandwich::vcovHC(fit, type = "HC3")` on the matched data.
    Hc3,
    /// `sandwich::vcovHC(fit, type = "HC1")` on the matched data.
    Hc1,
}

/// The ATT on the matched data, with its inference.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MatchedEffect {
    /// Weighted mean of y among matched treated − weighted mean among matched controls.
    pub estimate: f64,
    /// Its standard error.
    pub std_error: f64,
    /// t statistic.
    pub t: f64,
    /// Degrees of freedom of the t distribution (matched rows − 2).
    pub df: f64,
    /// Two-sided p-value.
    pub p_value: f64,
    /// Confidence interval.
    pub ci: [f64; 2],
    /// Its level.
    pub ci_level: f64,
    /// Rows in the matched data (weight > 0).
    pub n_matched_rows: usize,
    /// Clusters (subclasses), for the cluster-robust error.
    pub n_clusters: Option<usize>,
    /// The standard error used (never [`MatchedSe::Auto`]).
    pub se_method: MatchedSe,
}

/// Why a treated unit has no control.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Unmatched {
    NoStratum,
    UsedUp,
    Caliper,
}

impl NearestNeighbour {
    /// Controls per treated unit (default 1).
    pub fn ratio(mut self, k: usize) -> Self {
        self.ratio = k;
        self
    }

    /// A caliper in standard deviations of the score (sample SD over all units), or `None`
    /// (the default) for no caliper.
    pub fn caliper(mut self, caliper: Option<f64>) -> Self {
        self.caliper = caliper;
        self
    }

    /// Whether a control may be used by several treated units (default false).
    pub fn replace(mut self, replace: bool) -> Self {
        self.replace = replace;
        self
    }

    /// The order in which treated units choose (default [`MatchOrder::Largest`]).
    pub fn order(mut self, order: MatchOrder) -> Self {
        self.order = order;
        self
    }

    /// The seed of the permutation for [`MatchOrder::Random`] (default 0).
    pub fn seed(mut self, seed: u64) -> Self {
        self.seed = seed;
        self
    }

    /// Checks the parameters.
    ///
    /// # Errors
    /// A ratio of 0, or a caliper that is negative or not finite.
    pub fn check(&self) -> Result<()> {
        if self.ratio == 0 {
            return Err(Error::parameter(
                "ratio",
                "must be at least 1 control per treated unit, not 0",
            ));
        }
        if let Some(c) = self.caliper {
            if !(c.is_finite() && c >= 0.0) {
                return Err(Error::parameter(
                    "caliper",
                    format!("must be a finite number of SDs, 0 or more, not {c}"),
                ));
            }
        }
        Ok(())
    }

    /// Matches the treated rows to control rows on `score`, within equal `exact` codes if
    /// given (one code per row).
    ///
    /// # Errors
    /// See [`NearestNeighbour`].
    pub fn fit(&self, score: &[f64], treated: &[bool], exact: Option<&[u32]>) -> Result<Matching> {
        self.check()?;
        let n = score.len();
        if treated.len() != n {
            return Err(Error::parameter(
                "treated",
                format!("has {} values but score has {n}", treated.len()),
            ));
        }
        if let Some(e) = exact {
            if e.len() != n {
                return Err(Error::parameter(
                    "exact",
                    format!("has {} codes but score has {n}", e.len()),
                ));
            }
        }
        if let Some(i) = score.iter().position(|s| !s.is_finite()) {
            return Err(Error::parameter(
                "score",
                format!("row {} is {}, not a finite number", i + 1, score[i]),
            ));
        }
        // + 0.0 turns −0 into 0, so sorting and equality agree.
        let s: Vec<f64> = score.iter().map(|v| v + 0.0).collect();
        let n_treated = treated.iter().filter(|t| **t).count();
        let n_control = n - n_treated;
        if n_treated == 0 {
            return Err(Error::analysis("no treated units to match"));
        }
        if n_control == 0 {
            return Err(Error::analysis("no control units to match"));
        }
        let caliper_raw = self.caliper.map(|c| c * sample_sd(&s));

        let pool = Pool::new(&s, treated, exact);
        let code = |i: usize| exact.map_or(0, |e| e[i]);
        let mut order: Vec<usize> = (0..n).filter(|&i| treated[i]).collect();
        match (self.replace, self.order) {
            (true, _) | (false, MatchOrder::Data) => {}
            (false, MatchOrder::Largest) => {
                order.sort_by(|&a, &b| s[b].total_cmp(&s[a]).then(a.cmp(&b)))
            }
            (false, MatchOrder::Smallest) => {
                order.sort_by(|&a, &b| s[a].total_cmp(&s[b]).then(a.cmp(&b)))
            }
            (false, MatchOrder::Random) => {
                order.shuffle(&mut ChaCha8Rng::seed_from_u64(self.seed));
            }
        }
        let ranges: Vec<Option<(usize, usize)>> =
            order.iter().map(|&t| pool.stratum(code(t))).collect();
        let within = |d: f64| caliper_raw.is_none_or(|c| d <= c);

        let mut taken: Vec<Vec<usize>> = vec![Vec::new(); order.len()];
        let mut why: Vec<Option<Unmatched>> = vec![None; order.len()];
        if self.replace {
            let mut found = Vec::new();
            for (ti, &t) in order.iter().enumerate() {
                let Some((a, b)) = ranges[ti] else {
                    why[ti] = Some(Unmatched::NoStratum);
                    continue;
                };
                pool.k_nearest(a, b, s[t], self.ratio, caliper_raw, &mut found);
                if found.is_empty() {
                    why[ti] = Some(Unmatched::Caliper);
                }
                taken[ti].extend(found.iter().map(|&p| pool.row[p]));
            }
        } else {
            let mut free = Free::new(pool.row.len());
            let mut active: Vec<bool> = vec![true; order.len()];
            for round in 0..self.ratio {
                for (ti, &t) in order.iter().enumerate() {
                    if !active[ti] {
                        continue;
                    }
                    let reason = match ranges[ti] {
                        None => Some(Unmatched::NoStratum),
                        Some((a, b)) => match pool.nearest_free(&mut free, a, b, s[t]) {
                            None => Some(Unmatched::UsedUp),
                            Some((d, _)) if !within(d) => Some(Unmatched::Caliper),
                            Some((_, pos)) => {
                                free.take(pos);
                                taken[ti].push(pool.row[pos]);
                                None
                            }
                        },
                    };
                    if let Some(r) = reason {
                        active[ti] = false;
                        if round == 0 {
                            why[ti] = Some(r);
                        }
                    }
                }
            }
        }

        let mut sets = Vec::new();
        let mut weights = vec![0.0; n];
        let mut subclass = vec![None; n];
        for (ti, controls) in taken.into_iter().enumerate() {
            if controls.is_empty() {
                continue;
            }
            let t = order[ti];
            weights[t] = 1.0;
            let share = 1.0 / controls.len() as f64;
            for &c in &controls {
                weights[c] += share;
            }
            if !self.replace {
                subclass[t] = Some(sets.len());
                for &c in &controls {
                    subclass[c] = Some(sets.len());
                }
            }
            sets.push(MatchedSet {
                treated: t,
                controls,
            });
        }
        let used: Vec<usize> = (0..n)
            .filter(|&i| !treated[i] && weights[i] > 0.0)
            .collect();
        let total: f64 = used.iter().map(|&i| weights[i]).sum();
        let controls_used = used.len();
        for &i in &used {
            // R: length(in_i) * x[in_i] / sum(x[in_i])
            weights[i] = controls_used as f64 * weights[i] / total;
        }

        let matched_treated = sets.len();
        let count = |r: Unmatched| why.iter().filter(|w| **w == Some(r)).count();
        let (no_stratum, used_up, beyond) = (
            count(Unmatched::NoStratum),
            count(Unmatched::UsedUp),
            count(Unmatched::Caliper),
        );
        let caliper_text = || {
            format!(
                "{} SD ({} on the score)",
                self.caliper.unwrap_or(0.0),
                significant(caliper_raw.unwrap_or(0.0))
            )
        };
        if matched_treated == 0 {
            return Err(if beyond > 0 {
                Error::analysis(format!(
                    "caliper {} leaves no treated unit with a control within reach; widen it",
                    caliper_text()
                ))
            } else {
                Error::analysis(
                    "no treated unit has a control unit in its exact stratum; no matches",
                )
            });
        }
        let mut warnings = Vec::new();
        if no_stratum > 0 {
            warnings.push(format!(
                "{no_stratum} of {n_treated} treated units have no control unit in their exact \
                 stratum and were left unmatched"
            ));
        }
        if used_up > 0 {
            let place = if exact.is_some() {
                " in their exact stratum"
            } else {
                ""
            };
            warnings.push(format!(
                "{used_up} of {n_treated} treated units were left unmatched: every control \
                 unit{place} was already taken ({n_control} controls, matching without \
                 replacement)"
            ));
        }
        if beyond > 0 {
            warnings.push(format!(
                "the caliper {} left {beyond} of {n_treated} treated units unmatched",
                caliper_text()
            ));
        }
        if self.ratio > 1 {
            let short = sets
                .iter()
                .filter(|s| s.controls.len() < self.ratio)
                .count();
            if short > 0 {
                warnings.push(format!(
                    "{short} of {matched_treated} matched treated units got fewer than {} \
                     controls",
                    self.ratio
                ));
            }
        }
        Ok(Matching {
            sets,
            weights,
            subclass,
            n_treated,
            n_control,
            matched_treated,
            controls_used,
            unmatched_treated: n_treated - matched_treated,
            caliper_raw,
            warnings,
        })
    }
}

impl Matching {
    /// The ATT on the matched data with the default standard error ([`MatchedSe::Auto`]):
    /// see [`att_with`](Self::att_with).
    ///
    /// # Errors
    /// See [`att_with`](Self::att_with).
    pub fn att(&self, y: &[f64], treated: &[bool], ci_level: f64) -> Result<MatchedEffect> {
        self.att_with(y, treated, MatchedSe::Auto, ci_level)
    }

    /// The ATT on the matched data: the weighted difference in means over the rows with a
    /// positive weight, as `lm(y ~ treat, data = match.data(m), weights = weights)`.
    ///
    /// ```text
    /// ATT = Σ_t w_i y_i / Σ_t w_i − Σ_c w_i y_i / Σ_c w_i   (= β_treat of the weighted fit)
    /// cluster by subclass: V = G/(G−1)·(n−1)/(n−2) · B (Σ_g u_g u_g') B,
    ///     u_g = Σ_{i∈g} w_i e_i x_i,  B = (X'WX)⁻¹,  t on n − 2 df
    /// HC3 / HC1: sandwich::vcovHC on the matched rows,  t on n − 2 df
    /// ```
    ///
    /// ```
    /// use indsats::effects::{MatchedSe, NearestNeighbour};
    /// let score = [0.9, 0.6, 0.3, 0.85, 0.62, 0.28, 0.1];
    /// let treated = [true, true, true, false, false, false, false];
    /// let y = [5.0, 4.0, 3.0, 3.5, 2.0, 2.5, 0.0];
    /// let m = NearestNeighbour::default().fit(&score, &treated, None).unwrap();
    /// let att = m.att(&y, &treated, 0.95).unwrap();
    /// // pairs (0, 3), (1, 4), (2, 5): (5 + 4 + 3)/3 − (3.5 + 2 + 2.5)/3
    /// assert!((att.estimate - 4.0 / 3.0).abs() < 1e-12);
    /// assert_eq!(att.se_method, MatchedSe::ClusterSubclass);
    /// assert_eq!(att.n_matched_rows, 6);
    /// ```
    ///
    /// # Errors
    /// `y` or `treated` of another length than the matching; `treated` that disagrees with
    /// the matched sets; a matched outcome that is not finite; [`MatchedSe::ClusterSubclass`]
    /// after matching with replacement; an outcome that is the same in every matched row;
    /// too few rows or subclasses for the standard error (no finite standard error).
    ///
    /// # References
    /// Ho, Imai, King & Stuart (2011); Abadie & Spiess (2022) for clustering on pairs.
    /// Matches `lm` on `MatchIt::match.data` with `sandwich::vcovCL(cluster = ~subclass)` or
    /// `sandwich::vcovHC`, and `lmtest::coeftest`/`coefci`.
    pub fn att_with(
        &self,
        y: &[f64],
        treated: &[bool],
        se: MatchedSe,
        ci_level: f64,
    ) -> Result<MatchedEffect> {
        let n = self.weights.len();
        for (name, len) in [("y", y.len()), ("treated", treated.len())] {
            if len != n {
                return Err(Error::parameter(
                    name,
                    format!("has {len} values but the matching has {n} rows"),
                ));
            }
        }
        for set in &self.sets {
            let bad = std::iter::once((set.treated, true))
                .chain(set.controls.iter().map(|&c| (c, false)))
                .find(|&(i, t)| treated[i] != t);
            if let Some((i, t)) = bad {
                return Err(Error::parameter(
                    "treated",
                    format!(
                        "row {} is {} but the matching has it as {}",
                        i + 1,
                        if t { "a control" } else { "treated" },
                        if t { "treated" } else { "a control" }
                    ),
                ));
            }
        }
        let rows: Vec<usize> = (0..n).filter(|&i| self.weights[i] > 0.0).collect();
        if let Some(&i) = rows.iter().find(|&&i| !y[i].is_finite()) {
            return Err(Error::parameter(
                "y",
                format!("row {} is {}, not a finite number", i + 1, y[i]),
            ));
        }
        if rows.iter().all(|&i| y[i] == y[rows[0]]) {
            return Err(Error::analysis(format!(
                "y is {} in every matched row; there is no effect to estimate and no standard \
                 error",
                y[rows[0]]
            )));
        }
        let without_replacement = self.subclass.iter().any(|s| s.is_some());
        let se_method = match se {
            MatchedSe::Auto if without_replacement => MatchedSe::ClusterSubclass,
            MatchedSe::Auto => MatchedSe::Hc3,
            MatchedSe::ClusterSubclass if !without_replacement => {
                return Err(Error::parameter(
                    "se",
                    "clustering by subclass needs matching without replacement; with \
                     replacement use Hc3 or Hc1",
                ))
            }
            other => other,
        };
        let cov = match se_method {
            MatchedSe::Hc1 => Covariance::Hc1,
            MatchedSe::Hc3 => Covariance::Hc3,
            _ => Covariance::Cluster {
                clusters: rows
                    .iter()
                    .map(|&i| self.subclass[i].map_or(String::new(), |s| s.to_string()))
                    .collect(),
                adjust: ClusterAdjust::Stata,
                df: ClusterDf::Residual,
            },
        };
        let design = [
            ("(Intercept)", vec![1.0; rows.len()]),
            (
                "treat",
                rows.iter()
                    .map(|&i| if treated[i] { 1.0 } else { 0.0 })
                    .collect(),
            ),
        ];
        let yy: Vec<f64> = rows.iter().map(|&i| y[i]).collect();
        let w: Vec<f64> = rows.iter().map(|&i| self.weights[i]).collect();
        let fit = wls(&design, &yy, &w, &cov, ci_level)?;
        let b = fit
            .coef("treat")
            .expect("the design has a treat column")
            .clone();
        if !(b.std_error.is_finite() && b.std_error > 0.0 && b.p_value.is_finite()) {
            return Err(Error::analysis(format!(
                "the matched ATT has no finite standard error ({} matched rows); a group may \
                 rest on a single row",
                rows.len()
            )));
        }
        Ok(MatchedEffect {
            estimate: b.coef,
            std_error: b.std_error,
            t: b.t,
            df: fit.df,
            p_value: b.p_value,
            ci: b.ci,
            ci_level,
            n_matched_rows: rows.len(),
            n_clusters: fit.n_clusters,
            se_method,
        })
    }
}

/// Sample SD (n − 1), as R's `sd`, with the mean refined by a second pass.
fn sample_sd(x: &[f64]) -> f64 {
    let n = x.len() as f64;
    if x.len() < 2 {
        return 0.0;
    }
    let mut mean = x.iter().sum::<f64>() / n;
    mean += x.iter().map(|v| v - mean).sum::<f64>() / n;
    (x.iter().map(|v| (v - mean) * (v - mean)).sum::<f64>() / (n - 1.0)).sqrt()
}

/// A number with two significant digits, for messages.
fn significant(x: f64) -> String {
    if x == 0.0 || !x.is_finite() {
        return format!("{x}");
    }
    let e = x.abs().log10().floor() as i32;
    format!("{:.*}", (1 - e).max(0) as usize, x)
}

/// Controls sorted by (stratum code, score, row), with the runs of equal score.
struct Pool {
    score: Vec<f64>,
    row: Vec<usize>,
    run_start: Vec<usize>,
    run_end: Vec<usize>,
    /// (code, start, end) per stratum, by code.
    strata: Vec<(u32, usize, usize)>,
}

impl Pool {
    fn new(s: &[f64], treated: &[bool], exact: Option<&[u32]>) -> Pool {
        let code = |i: usize| exact.map_or(0, |e| e[i]);
        let mut rows: Vec<usize> = (0..s.len()).filter(|&i| !treated[i]).collect();
        rows.sort_unstable_by(|&a, &b| {
            code(a)
                .cmp(&code(b))
                .then(s[a].total_cmp(&s[b]))
                .then(a.cmp(&b))
        });
        let m = rows.len();
        let score: Vec<f64> = rows.iter().map(|&i| s[i]).collect();
        let mut strata: Vec<(u32, usize, usize)> = Vec::new();
        let mut run_start = vec![0; m];
        for p in 0..m {
            let c = code(rows[p]);
            let new_stratum = strata.last().is_none_or(|&(last, _, _)| last != c);
            if new_stratum {
                if let Some(last) = strata.last_mut() {
                    last.2 = p;
                }
                strata.push((c, p, m));
            }
            run_start[p] = if new_stratum || score[p] != score[p - 1] {
                p
            } else {
                run_start[p - 1]
            };
        }
        let mut run_end = vec![m; m];
        for p in (0..m).rev() {
            run_end[p] = if p + 1 < m && run_start[p + 1] == run_start[p] {
                run_end[p + 1]
            } else {
                p + 1
            };
        }
        Pool {
            score,
            row: rows,
            run_start,
            run_end,
            strata,
        }
    }

    /// The positions [start, end) of a stratum's controls, if it has any.
    fn stratum(&self, code: u32) -> Option<(usize, usize)> {
        self.strata
            .binary_search_by_key(&code, |&(c, _, _)| c)
            .ok()
            .map(|k| (self.strata[k].1, self.strata[k].2))
    }

    /// The nearest available control in [a, b) to score `s`: (distance, position); among
    /// equal distances the lowest row.
    fn nearest_free(&self, free: &mut Free, a: usize, b: usize, s: f64) -> Option<(f64, usize)> {
        let p = a + self.score[a..b].partition_point(|&c| c < s);
        let mut best: Option<(f64, usize)> = None;
        let mut consider = |d: f64, pos: usize| {
            let better = match best {
                None => true,
                Some((bd, bp)) => d < bd || (d == bd && self.row[pos] < self.row[bp]),
            };
            if better {
                best = Some((d, pos));
            }
        };
        // Right: the first free at or after p is the first free of its run (all of its run
        // lies at or after p), so the lowest row there. Later runs at the same distance
        // (possible only through rounding) are looked at too.
        let mut k = free.next_right(p);
        if k < b {
            let d = self.score[k] - s;
            consider(d, k);
            loop {
                let next = free.next_right(self.run_end[k]);
                if next >= b || self.score[next] - s != d {
                    break;
                }
                consider(d, next);
                k = next;
            }
        }
        // Left: the nearest free below p is the last free of its run; the first free of
        // that run has the lowest row.
        if let Some(j) = free.next_left(p).filter(|&j| j >= a) {
            let d = s - self.score[j];
            consider(d, free.next_right(self.run_start[j]));
            let mut j = j;
            while let Some(k) = free.next_left(self.run_start[j]).filter(|&k| k >= a) {
                if s - self.score[k] != d {
                    break;
                }
                consider(d, free.next_right(self.run_start[k]));
                j = k;
            }
        }
        best
    }

    /// The k nearest controls in [a, b) to `s` by (distance, row), within the caliper, into
    /// `out` as positions.
    fn k_nearest(
        &self,
        a: usize,
        b: usize,
        s: f64,
        k: usize,
        caliper: Option<f64>,
        out: &mut Vec<usize>,
    ) {
        out.clear();
        let p = a + self.score[a..b].partition_point(|&c| c < s);
        let (mut l, mut r) = (p, p);
        let mut found: Vec<(f64, usize)> = Vec::new();
        let mut last = f64::NEG_INFINITY;
        loop {
            let dl = (l > a).then(|| s - self.score[l - 1]);
            let dr = (r < b).then(|| self.score[r] - s);
            let (d, left) = match (dl, dr) {
                (None, None) => break,
                (Some(dl), Some(dr)) => (dl.min(dr), dl <= dr),
                (Some(dl), None) => (dl, true),
                (None, Some(dr)) => (dr, false),
            };
            if caliper.is_some_and(|c| d > c) || (found.len() >= k && d > last) {
                break;
            }
            last = d;
            // A whole run at once; its rows ascend, so its first k are its lowest rows.
            let (start, end) = if left {
                let start = self.run_start[l - 1];
                let run = (start, l);
                l = start;
                run
            } else {
                let end = self.run_end[r];
                let run = (r, end);
                r = end;
                run
            };
            found.extend((start..end.min(start + k)).map(|q| (d, q)));
        }
        found.sort_by(|x, y| x.0.total_cmp(&y.0).then(self.row[x.1].cmp(&self.row[y.1])));
        out.extend(found.iter().take(k).map(|&(_, q)| q));
    }
}

/// Skip pointers over sorted positions: "the next free position to the right / left",
/// union–find with path halving.
struct Free {
    /// right[i] leads to the first free position ≥ i; position m is a sentinel.
    right: Vec<usize>,
    /// left[i + 1] leads to the last free position ≤ i, shifted by one; 0 is a sentinel.
    left: Vec<usize>,
}

impl Free {
    fn new(m: usize) -> Free {
        Free {
            right: (0..=m).collect(),
            left: (0..=m).collect(),
        }
    }

    fn find(p: &mut [usize], mut i: usize) -> usize {
        while p[i] != i {
            let up = p[p[i]];
            p[i] = up;
            i = up;
        }
        i
    }

    /// The first free position ≥ i (m when none).
    fn next_right(&mut self, i: usize) -> usize {
        Self::find(&mut self.right, i)
    }

    /// The last free position < i.
    fn next_left(&mut self, i: usize) -> Option<usize> {
        Self::find(&mut self.left, i).checked_sub(1)
    }

    fn take(&mut self, i: usize) {
        self.right[i] = i + 1;
        self.left[i + 1] = i;
    }
}
