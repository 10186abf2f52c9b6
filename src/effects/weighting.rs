//! Weighting by the propensity score: inverse probability weighting (IPW) for the ATE,
//! ATT and ATC, and the doubly robust augmented IPW (AIPW) estimator.
//!
//! Both take the propensity score e_i = P(treated | covariates) as given (fit it with
//! [`propensity_scores`](super::propensity_scores)); they do not re-estimate it.

use super::dist::{normal, normal_p_two_sided, quantile7};
use super::estimand::Estimand;
use super::ols::{ols, wls, Covariance, OlsFit};
use crate::error::{Error, Result};
use serde::Serialize;
use statrs::distribution::ContinuousCDF;

/// What to do with propensity scores near 0 or 1, whose weights are extreme.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum WeightLimit {
    /// Use every unit with its weight.
    #[default]
    None,
    /// Drop units whose score lies outside [α, 1 − α] (Crump et al. 2009 suggest α = 0.1).
    /// The estimand then refers to the units kept; the dropped are counted.
    Trim {
        /// α.
        alpha: f64,
    },
    /// Cap the weights at their `quantile` (e.g. 0.99; R's type-7 quantile), taken over
    /// the weights that vary: all units for the ATE, the comparison group for the ATT, the
    /// treated for the ATC (as `WeightIt::trim(at = q)`).
    Truncate {
        /// The quantile in (0.5, 1).
        quantile: f64,
    },
}

/// Inverse probability weighting: configure, then [`Ipw::fit`].
///
/// ```text
/// ATE: w = t/e + (1 − t)/(1 − e)      ATT: w = t + (1 − t)·e/(1 − e)
/// ATC: w = t·(1 − e)/e + (1 − t)
/// stabilised (ATE): treated × P(t = 1), controls × P(t = 0)
/// estimate = coefficient of t in lm(y ~ t, weights = w)
///          = Σ_t w y / Σ_t w − Σ_c w y / Σ_c w   (Hájek)
/// SE: sandwich on that fit (default HC0, as sandwich::vcovHC(type = "HC0")), weights
/// taken as known; t distribution on n − 2 df
/// ```
///
/// Stabilising rescales the weights within each group, which changes neither the Hájek
/// estimate nor its sandwich SE; it makes the weights easier to read (they average one).
///
/// ```
/// use indsats::effects::{Estimand, Ipw};
/// // With a constant score, IPW is the plain difference in means.
/// let e = [0.5; 4];
/// let t = [true, true, false, false];
/// let fit = Ipw::new(Estimand::Ate).fit(&e, &t, &[3.0, 5.0, 1.0, 2.0]).unwrap();
/// assert!((fit.estimate - 2.5).abs() < 1e-12);
/// ```
///
/// # Errors
/// Lengths that differ, a score not strictly between 0 and 1, an outcome that is not
/// finite, no treated or no control unit (also after trimming), a bad trimming value.
///
/// # References
/// Hirano, Imbens & Ridder (2003); Crump, Hotz, Imbens & Mitnik (2009). Matches
/// `lm(y ~ treat, weights = w)` with `sandwich::vcovHC` in R.
#[derive(Debug, Clone, PartialEq)]
pub struct Ipw {
    estimand: Estimand,
    stabilise: bool,
    limit: WeightLimit,
    covariance: Covariance,
    ci_level: f64,
}

/// A weighted estimate of an effect.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct WeightedEffect {
    /// "ipw".
    pub method: &'static str,
    /// The estimand.
    pub estimand: Estimand,
    /// The effect.
    pub estimate: f64,
    /// Its standard error.
    pub std_error: f64,
    /// t statistic.
    pub t: f64,
    /// Degrees of freedom.
    pub df: f64,
    /// Two-sided p-value.
    pub p_value: f64,
    /// Confidence interval.
    pub ci: [f64; 2],
    /// Its level.
    pub ci_level: f64,
    /// The weighted mean outcome of the treated.
    pub mean_treated: f64,
    /// The weighted mean outcome of the comparison group.
    pub mean_control: f64,
    /// The weight of each row (0 for a row trimmed away).
    pub weights: Vec<f64>,
    /// Counts.
    pub n: WeightedCounts,
    /// The weights at a glance.
    pub weight_summary: GroupWeights,
    /// Warnings for the reader.
    pub warnings: Vec<String>,
}

/// Units in and out of a weighted analysis.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct WeightedCounts {
    /// Treated units given.
    pub treated: usize,
    /// Comparison units given.
    pub control: usize,
    /// Treated units used.
    pub used_treated: usize,
    /// Comparison units used.
    pub used_control: usize,
    /// Units dropped by trimming.
    pub excluded: usize,
}

/// The weights of each group at a glance.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct GroupWeights {
    /// Effective sample size of the treated, (Σw)²/Σw².
    pub ess_treated: f64,
    /// Effective sample size of the comparison group.
    pub ess_control: f64,
    /// Largest weight among the treated.
    pub max_treated: f64,
    /// Largest weight in the comparison group.
    pub max_control: f64,
    /// Weights capped by truncation.
    pub truncated: usize,
}

impl Ipw {
    /// IPW for `estimand`: unstabilised, no limit, HC0 errors, 95 % intervals.
    pub fn new(estimand: Estimand) -> Ipw {
        Ipw {
            estimand,
            stabilise: false,
            limit: WeightLimit::None,
            covariance: Covariance::Hc0,
            ci_level: 0.95,
        }
    }

    /// Stabilised weights (ATE: × the share treated / not treated).
    pub fn stabilise(mut self, yes: bool) -> Self {
        self.stabilise = yes;
        self
    }

    /// Trimming or truncation of extreme weights.
    pub fn limit(mut self, limit: WeightLimit) -> Self {
        self.limit = limit;
        self
    }

    /// The covariance of the weighted fit (default HC0; clusters for grouped data).
    pub fn covariance(mut self, cov: Covariance) -> Self {
        self.covariance = cov;
        self
    }

    /// The confidence level (default 0.95).
    pub fn ci_level(mut self, level: f64) -> Self {
        self.ci_level = level;
        self
    }

    /// Checks the settings.
    ///
    /// # Errors
    /// A level outside (0, 1) or a limit outside its range.
    pub fn check(&self) -> Result<()> {
        super::dist::check_ci_level(self.ci_level)?;
        check_limit(self.limit)
    }

    /// The weights of each unit, before any limit, for the estimand.
    pub fn raw_weights(&self, score: &[f64], treated: &[bool]) -> Vec<f64> {
        let n = treated.len() as f64;
        let p1 = treated.iter().filter(|t| **t).count() as f64 / n;
        score
            .iter()
            .zip(treated)
            .map(|(&e, &t)| {
                let w = match (self.estimand, t) {
                    (Estimand::Ate, true) => 1.0 / e,
                    (Estimand::Ate, false) => 1.0 / (1.0 - e),
                    (Estimand::Att, true) => 1.0,
                    (Estimand::Att, false) => e / (1.0 - e),
                    (Estimand::Atc, true) => (1.0 - e) / e,
                    (Estimand::Atc, false) => 1.0,
                };
                match (self.stabilise, self.estimand, t) {
                    (true, Estimand::Ate, true) => w * p1,
                    (true, Estimand::Ate, false) => w * (1.0 - p1),
                    _ => w,
                }
            })
            .collect()
    }

    /// Estimates the effect.
    ///
    /// # Errors
    /// See [`Ipw`].
    pub fn fit(&self, score: &[f64], treated: &[bool], y: &[f64]) -> Result<WeightedEffect> {
        self.check()?;
        check_inputs(score, treated, y)?;
        let mut weights = self.raw_weights(score, treated);
        let keep = kept(score, self.limit);
        let mut truncated = 0;
        if let WeightLimit::Truncate { quantile } = self.limit {
            truncated = truncate(&mut weights, treated, self.estimand, quantile);
        }
        for (w, k) in weights.iter_mut().zip(&keep) {
            if !k {
                *w = 0.0;
            }
        }
        let counts = counts(treated, &keep)?;
        let rows: Vec<usize> = (0..y.len()).filter(|&i| keep[i]).collect();
        let design = [
            ("(Intercept)", vec![1.0; rows.len()]),
            (
                "treat",
                rows.iter()
                    .map(|&i| f64::from(u8::from(treated[i])))
                    .collect(),
            ),
        ];
        let yy: Vec<f64> = rows.iter().map(|&i| y[i]).collect();
        let ww: Vec<f64> = rows.iter().map(|&i| weights[i]).collect();
        let cov = subset_covariance(&self.covariance, &rows);
        let fit = wls(&design, &yy, &ww, &cov, self.ci_level)?;
        let b = fit.coef("treat").expect("the design has treat").clone();
        let intercept = fit.coef("(Intercept)").expect("intercept").coef;
        let summary = weight_summary(&weights, treated, truncated);
        let mut warnings = limit_warnings(score, treated, &keep, &summary, &counts);
        if counts.excluded > 0 {
            warnings.push(format!(
                "{} units with a propensity score outside the trimming bounds were left out; the estimate refers to the units kept",
                counts.excluded
            ));
        }
        Ok(WeightedEffect {
            method: "ipw",
            estimand: self.estimand,
            estimate: b.coef,
            std_error: b.std_error,
            t: b.t,
            df: fit.df,
            p_value: b.p_value,
            ci: b.ci,
            ci_level: self.ci_level,
            mean_treated: intercept + b.coef,
            mean_control: intercept,
            weights,
            n: counts,
            weight_summary: summary,
            warnings,
        })
    }
}

/// The doubly robust augmented IPW estimator: configure, then [`Aipw::fit`].
///
/// ```text
/// outcome models: lm(y ~ covariates) fitted on the treated (μ1) and on the controls (μ0),
/// predicted for every unit; e the propensity score
/// ATE: ψ_i = μ1_i − μ0_i + t_i(y_i − μ1_i)/e_i − (1 − t_i)(y_i − μ0_i)/(1 − e_i)
///      τ = mean(ψ);  SE = √(Σ(ψ_i − τ)²)/n
/// ATT: τ = Σ[t_i(y_i − μ0_i) − (1 − t_i)·e_i/(1 − e_i)·(y_i − μ0_i)] / Σt_i
///      φ_i = [t_i(y_i − μ0_i − τ) − (1 − t_i)·e_i/(1 − e_i)·(y_i − μ0_i)] / mean(t);
///      SE = √(Σφ_i²)/n
/// ATC: the mirror image of the ATT with μ1 and 1 − e.
/// interval and p-value: normal
/// ```
///
/// The estimate is consistent if either the propensity model or the outcome models are
/// right. The plug-in SEs treat e and μ as known; the bootstrap accounts for their
/// estimation.
///
/// ```
/// use indsats::effects::{Aipw, Estimand};
/// // y = 1 + x + 2t exactly: both outcome models are exact, so AIPW gives 2.
/// let x = vec![0.0, 1.0, 2.0, 3.0, 0.5, 1.5, 2.5, 3.5];
/// let t = [true, true, true, true, false, false, false, false];
/// let y: Vec<f64> = x.iter().zip(&t).map(|(x, t)| 1.0 + x + if *t { 2.0 } else { 0.0 }).collect();
/// let fit = Aipw::new(Estimand::Ate).fit(&[0.5; 8], &t, &y, &[("x", x)]).unwrap();
/// assert!((fit.estimate - 2.0).abs() < 1e-12);
/// ```
///
/// # Errors
/// As [`Ipw`], and an outcome model that cannot be fitted in one group (too few units, or
/// a covariate constant or collinear there — named).
///
/// # References
/// Robins, Rotnitzky & Zhao (1994); Glynn & Quinn (2010); Moodie et al. (2018) for the ATT.
#[derive(Debug, Clone, PartialEq)]
pub struct Aipw {
    estimand: Estimand,
    limit: WeightLimit,
    ci_level: f64,
}

/// A doubly robust estimate.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AipwFit {
    /// "aipw".
    pub method: &'static str,
    /// The estimand.
    pub estimand: Estimand,
    /// The effect.
    pub estimate: f64,
    /// Its influence-function standard error, √(Σφ²)/n.
    pub std_error: f64,
    /// z statistic.
    pub z: f64,
    /// Two-sided normal p-value.
    pub p_value: f64,
    /// Normal confidence interval.
    pub ci: [f64; 2],
    /// Its level.
    pub ci_level: f64,
    /// The outcome-regression (g-computation) estimate of the same estimand.
    pub regression_adjustment: f64,
    /// The outcome model fitted on the treated.
    pub outcome_model_treated: Vec<(String, f64)>,
    /// The outcome model fitted on the comparison group.
    pub outcome_model_control: Vec<(String, f64)>,
    /// Counts.
    pub n: WeightedCounts,
    /// Warnings for the reader.
    pub warnings: Vec<String>,
}

impl Aipw {
    /// AIPW for `estimand`, no limit, 95 % intervals.
    pub fn new(estimand: Estimand) -> Aipw {
        Aipw {
            estimand,
            limit: WeightLimit::None,
            ci_level: 0.95,
        }
    }

    /// Trimming (truncation is not offered: it would break the estimator's balance).
    pub fn limit(mut self, limit: WeightLimit) -> Self {
        self.limit = limit;
        self
    }

    /// The confidence level (default 0.95).
    pub fn ci_level(mut self, level: f64) -> Self {
        self.ci_level = level;
        self
    }

    /// Checks the settings.
    ///
    /// # Errors
    /// A level outside (0, 1), a bad trimming bound, or truncation.
    pub fn check(&self) -> Result<()> {
        super::dist::check_ci_level(self.ci_level)?;
        if matches!(self.limit, WeightLimit::Truncate { .. }) {
            return Err(Error::parameter(
                "limit",
                "AIPW takes trimming (--trim), not truncation of weights",
            ));
        }
        check_limit(self.limit)
    }

    /// Estimates the effect with outcome models on `covariates` (an intercept is added).
    ///
    /// # Errors
    /// See [`Aipw`].
    pub fn fit(
        &self,
        score: &[f64],
        treated: &[bool],
        y: &[f64],
        covariates: &[(&str, Vec<f64>)],
    ) -> Result<AipwFit> {
        self.check()?;
        check_inputs(score, treated, y)?;
        let n_all = y.len();
        if let Some((name, _)) = covariates.iter().find(|(_, c)| c.len() != n_all) {
            return Err(Error::parameter(
                *name,
                format!("has a different number of rows than the outcome ({n_all})"),
            ));
        }
        let keep = kept(score, self.limit);
        let counts = counts(treated, &keep)?;
        let rows: Vec<usize> = (0..n_all).filter(|&i| keep[i]).collect();
        let arm = |want: bool| -> Result<(OlsFit, Vec<f64>)> {
            let idx: Vec<usize> = rows
                .iter()
                .copied()
                .filter(|&i| treated[i] == want)
                .collect();
            let mut design: Vec<(&str, Vec<f64>)> = vec![("(Intercept)", vec![1.0; idx.len()])];
            for (name, c) in covariates {
                design.push((name, idx.iter().map(|&i| c[i]).collect()));
            }
            let yy: Vec<f64> = idx.iter().map(|&i| y[i]).collect();
            let group = if want { "treated" } else { "comparison" };
            let fit = ols(&design, &yy, &Covariance::Classical, 0.95).map_err(|e| {
                Error::analysis(format!("the outcome model in the {group} group: {e}"))
            })?;
            let beta: Vec<f64> = fit.coefficients.iter().map(|c| c.coef).collect();
            let pred = rows
                .iter()
                .map(|&i| {
                    beta[0]
                        + covariates
                            .iter()
                            .zip(&beta[1..])
                            .map(|((_, c), b)| c[i] * b)
                            .sum::<f64>()
                })
                .collect();
            Ok((fit, pred))
        };
        let (fit1, mu1) = arm(true)?;
        let (fit0, mu0) = arm(false)?;
        let n = rows.len() as f64;
        let t: Vec<f64> = rows
            .iter()
            .map(|&i| f64::from(u8::from(treated[i])))
            .collect();
        let e: Vec<f64> = rows.iter().map(|&i| score[i]).collect();
        let yy: Vec<f64> = rows.iter().map(|&i| y[i]).collect();
        let m = rows.len();
        let (estimate, phi, ra) = match self.estimand {
            Estimand::Ate => {
                let psi: Vec<f64> = (0..m)
                    .map(|i| {
                        mu1[i] - mu0[i] + t[i] * (yy[i] - mu1[i]) / e[i]
                            - (1.0 - t[i]) * (yy[i] - mu0[i]) / (1.0 - e[i])
                    })
                    .collect();
                let est = psi.iter().sum::<f64>() / n;
                let ra = (0..m).map(|i| mu1[i] - mu0[i]).sum::<f64>() / n;
                (est, psi.iter().map(|p| p - est).collect::<Vec<_>>(), ra)
            }
            Estimand::Att => {
                let n1: f64 = t.iter().sum();
                let odds = |i: usize| e[i] / (1.0 - e[i]);
                let est = (0..m)
                    .map(|i| t[i] * (yy[i] - mu0[i]) - (1.0 - t[i]) * odds(i) * (yy[i] - mu0[i]))
                    .sum::<f64>()
                    / n1;
                let share = n1 / n;
                let phi = (0..m)
                    .map(|i| {
                        (t[i] * (yy[i] - mu0[i] - est) - (1.0 - t[i]) * odds(i) * (yy[i] - mu0[i]))
                            / share
                    })
                    .collect();
                let ra = (0..m).map(|i| t[i] * (yy[i] - mu0[i])).sum::<f64>() / n1;
                (est, phi, ra)
            }
            Estimand::Atc => {
                let n0: f64 = t.iter().map(|t| 1.0 - t).sum();
                let odds = |i: usize| (1.0 - e[i]) / e[i];
                let est = (0..m)
                    .map(|i| (1.0 - t[i]) * (mu1[i] - yy[i]) + t[i] * odds(i) * (yy[i] - mu1[i]))
                    .sum::<f64>()
                    / n0;
                let share = n0 / n;
                let phi = (0..m)
                    .map(|i| {
                        ((1.0 - t[i]) * (mu1[i] - yy[i] - est) + t[i] * odds(i) * (yy[i] - mu1[i]))
                            / share
                    })
                    .collect();
                let ra = (0..m).map(|i| (1.0 - t[i]) * (mu1[i] - yy[i])).sum::<f64>() / n0;
                (est, phi, ra)
            }
        };
        let se = phi.iter().map(|p| p * p).sum::<f64>().sqrt() / n;
        let z = estimate / se;
        let q = normal().inverse_cdf(0.5 + self.ci_level / 2.0);
        let mut warnings = Vec::new();
        if se <= 0.0 || se.is_nan() {
            warnings.push("the influence-function standard error is zero: the outcome is fitted exactly, so no interval can be given".to_string());
        }
        let all_w = Ipw::new(self.estimand).raw_weights(score, treated);
        let kept_w: Vec<f64> = all_w
            .iter()
            .zip(&keep)
            .map(|(w, k)| if *k { *w } else { 0.0 })
            .collect();
        let summary = weight_summary(&kept_w, treated, 0);
        warnings.extend(limit_warnings(score, treated, &keep, &summary, &counts));
        let named = |fit: &OlsFit| {
            fit.coefficients
                .iter()
                .map(|c| (c.term.clone(), c.coef))
                .collect()
        };
        let finite = |v: f64| if v.is_finite() { v } else { f64::NAN };
        Ok(AipwFit {
            method: "aipw",
            estimand: self.estimand,
            estimate,
            std_error: se,
            z: finite(z),
            p_value: if se > 0.0 {
                normal_p_two_sided(z)
            } else {
                f64::NAN
            },
            ci: [estimate - q * se, estimate + q * se],
            ci_level: self.ci_level,
            regression_adjustment: ra,
            outcome_model_treated: named(&fit1),
            outcome_model_control: named(&fit0),
            n: counts,
            warnings,
        })
    }
}

fn check_limit(limit: WeightLimit) -> Result<()> {
    match limit {
        WeightLimit::None => Ok(()),
        WeightLimit::Trim { alpha } if alpha > 0.0 && alpha < 0.5 => Ok(()),
        WeightLimit::Trim { alpha } => Err(Error::parameter(
            "trim",
            format!("must lie in (0, 0.5), not {alpha}"),
        )),
        WeightLimit::Truncate { quantile } if quantile > 0.5 && quantile < 1.0 => Ok(()),
        WeightLimit::Truncate { quantile } => Err(Error::parameter(
            "truncate",
            format!("must be a quantile in (0.5, 1), not {quantile}"),
        )),
    }
}

fn check_inputs(score: &[f64], treated: &[bool], y: &[f64]) -> Result<()> {
    let n = y.len();
    if score.len() != n || treated.len() != n {
        return Err(Error::parameter(
            "data",
            format!(
                "score, treatment and outcome differ in length ({}, {}, {n})",
                score.len(),
                treated.len()
            ),
        ));
    }
    if let Some(i) = score.iter().position(|e| !(*e > 0.0 && *e < 1.0)) {
        return Err(Error::analysis(format!(
            "the propensity score of row {} is {}; weighting needs scores strictly between 0 and 1",
            i + 1,
            score[i]
        )));
    }
    if let Some(i) = y.iter().position(|v| !v.is_finite()) {
        return Err(Error::parameter(
            "outcome",
            format!("row {} is not a finite number", i + 1),
        ));
    }
    Ok(())
}

fn kept(score: &[f64], limit: WeightLimit) -> Vec<bool> {
    match limit {
        WeightLimit::Trim { alpha } => score
            .iter()
            .map(|e| *e >= alpha && *e <= 1.0 - alpha)
            .collect(),
        _ => vec![true; score.len()],
    }
}

fn counts(treated: &[bool], keep: &[bool]) -> Result<WeightedCounts> {
    let n1 = treated.iter().filter(|t| **t).count();
    let u1 = treated.iter().zip(keep).filter(|(t, k)| **t && **k).count();
    let u0 = treated
        .iter()
        .zip(keep)
        .filter(|(t, k)| !**t && **k)
        .count();
    let c = WeightedCounts {
        treated: n1,
        control: treated.len() - n1,
        used_treated: u1,
        used_control: u0,
        excluded: treated.len() - u1 - u0,
    };
    if c.treated == 0 || c.control == 0 {
        return Err(Error::analysis(format!(
            "weighting needs treated and comparison units; found {} treated and {} in the comparison group",
            c.treated, c.control
        )));
    }
    if u1 == 0 || u0 == 0 {
        return Err(Error::analysis(format!(
            "after trimming, {u1} treated and {u0} comparison units are left; loosen the trimming"
        )));
    }
    Ok(c)
}

fn truncate(weights: &mut [f64], treated: &[bool], estimand: Estimand, q: f64) -> usize {
    let varies = |t: bool| match estimand {
        Estimand::Ate => true,
        Estimand::Att => !t,
        Estimand::Atc => t,
    };
    let mut pool: Vec<f64> = weights
        .iter()
        .zip(treated)
        .filter(|(_, t)| varies(**t))
        .map(|(w, _)| *w)
        .collect();
    if pool.is_empty() {
        return 0;
    }
    pool.sort_by(f64::total_cmp);
    let cap = quantile7(&pool, q);
    let mut n = 0;
    for (w, t) in weights.iter_mut().zip(treated) {
        if varies(*t) && *w > cap {
            *w = cap;
            n += 1;
        }
    }
    n
}

fn ess(w: impl Iterator<Item = f64> + Clone) -> f64 {
    let s: f64 = w.clone().sum();
    let s2: f64 = w.map(|v| v * v).sum();
    if s2 > 0.0 {
        s * s / s2
    } else {
        0.0
    }
}

fn weight_summary(weights: &[f64], treated: &[bool], truncated: usize) -> GroupWeights {
    let group = |want: bool| {
        weights
            .iter()
            .zip(treated)
            .filter(move |(_, t)| **t == want)
            .map(|(w, _)| *w)
    };
    GroupWeights {
        ess_treated: ess(group(true)),
        ess_control: ess(group(false)),
        max_treated: group(true).fold(0.0, f64::max),
        max_control: group(false).fold(0.0, f64::max),
        truncated,
    }
}

/// Scores nearer 0 or 1 than this are flagged: their weights exceed 100.
const EXTREME_SCORE: f64 = 0.01;
/// A group whose effective sample size falls below this share of its size is flagged.
const LOW_ESS_SHARE: f64 = 0.5;

fn limit_warnings(
    score: &[f64],
    treated: &[bool],
    keep: &[bool],
    summary: &GroupWeights,
    counts: &WeightedCounts,
) -> Vec<String> {
    let mut w = Vec::new();
    let extreme = score
        .iter()
        .zip(keep)
        .filter(|(e, k)| **k && (**e < EXTREME_SCORE || **e > 1.0 - EXTREME_SCORE))
        .count();
    if extreme > 0 {
        w.push(format!(
            "{extreme} units have a propensity score below {EXTREME_SCORE} or above {}: their weights are extreme; consider trimming",
            1.0 - EXTREME_SCORE
        ));
    }
    let _ = treated;
    for (name, ess, used) in [
        ("treated", summary.ess_treated, counts.used_treated),
        ("comparison", summary.ess_control, counts.used_control),
    ] {
        if (ess) < LOW_ESS_SHARE * used as f64 {
            w.push(format!(
                "the weights leave the {name} group an effective sample size of {ess:.0} of {used} units: a few units carry much of the weight"
            ));
        }
    }
    w
}

/// Restricts a covariance's per-row data (cluster labels) to the rows kept.
pub(crate) fn subset_covariance(cov: &Covariance, rows: &[usize]) -> Covariance {
    match cov {
        Covariance::Cluster {
            clusters,
            adjust,
            df,
        } => Covariance::Cluster {
            clusters: rows.iter().map(|&i| clusters[i].clone()).collect(),
            adjust: *adjust,
            df: *df,
        },
        other => other.clone(),
    }
}
