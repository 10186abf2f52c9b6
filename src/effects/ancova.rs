//! Two groups with a baseline: the baseline-adjusted comparison (ANCOVA) by least squares.

use super::estimand::Estimand;
use super::ols::{ols, Coefficient, Covariance, OlsFit};
use crate::error::{Error, Result};
use serde::Serialize;

/// ANCOVA: the outcome regressed on the treatment, the baseline and further covariates;
/// configure, then [`Ancova::fit`].
///
/// ```text
/// y_i = β0 + τ·t_i + γ·baseline_i + δ'x_i + ε_i,   estimate = τ̂
/// standard errors: classical, HC0–HC3 or cluster-robust (see Covariance)
/// unadjusted = mean(y | t = 1) − mean(y | t = 0)
/// ```
///
/// Adjusting for the baseline removes the part of the difference that the groups brought
/// with them, as far as the baseline and covariates capture it, and narrows the interval.
/// With randomisation τ̂ estimates the average effect; without it, only if no confounder is
/// left out.
///
/// ```
/// use indsats::effects::{Ancova, Covariance};
/// // y = baseline + 2t: the adjusted effect is 2 although the groups differ at baseline.
/// let baseline = [1.0, 2.0, 3.0, 5.0, 6.0, 8.0];
/// let t = [false, false, false, true, true, true];
/// let y: Vec<f64> = baseline.iter().zip(&t).map(|(b, t)| b + if *t { 2.0 } else { 0.0 } + 0.0).collect();
/// let fit = Ancova::default().fit(&y, &t, Some(&baseline), &[]).unwrap();
/// assert!((fit.estimate - 2.0).abs() < 1e-12);
/// assert!(fit.unadjusted > 6.0);
/// ```
///
/// # Errors
/// Lengths that differ, a value that is not finite, no treated or no comparison unit, a
/// covariate that is constant or collinear (named), too few rows.
///
/// # References
/// Senn (2006), "Change from baseline and analysis of covariance revisited"; matches
/// `lm(y ~ treat + baseline + x)` in R with `sandwich`/`lmtest`.
#[derive(Debug, Clone, PartialEq)]
pub struct Ancova {
    covariance: Covariance,
    ci_level: f64,
}

impl Default for Ancova {
    fn default() -> Self {
        Ancova {
            covariance: Covariance::Classical,
            ci_level: 0.95,
        }
    }
}

/// A baseline-adjusted comparison.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AncovaFit {
    /// "ancova".
    pub method: &'static str,
    /// ATE (conditional on the covariates).
    pub estimand: Estimand,
    /// The adjusted difference τ̂.
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
    /// The unadjusted difference in mean outcome.
    pub unadjusted: f64,
    /// Every coefficient of the model.
    pub coefficients: Vec<Coefficient>,
    /// R².
    pub r_squared: f64,
    /// Treated rows.
    pub n_treated: usize,
    /// Comparison rows.
    pub n_control: usize,
    /// Clusters, for cluster-robust errors.
    pub n_clusters: Option<usize>,
}

impl Ancova {
    /// The covariance of the coefficients (default classical).
    pub fn covariance(mut self, cov: Covariance) -> Self {
        self.covariance = cov;
        self
    }

    /// The confidence level (default 0.95).
    pub fn ci_level(mut self, level: f64) -> Self {
        self.ci_level = level;
        self
    }

    /// Fits `y` on the treatment, the baseline (if any) and the covariates.
    ///
    /// # Errors
    /// See [`Ancova`].
    pub fn fit(
        &self,
        y: &[f64],
        treated: &[bool],
        baseline: Option<&[f64]>,
        covariates: &[(&str, Vec<f64>)],
    ) -> Result<AncovaFit> {
        let n = y.len();
        if treated.len() != n || baseline.is_some_and(|b| b.len() != n) {
            return Err(Error::parameter(
                "data",
                "outcome, treatment and baseline differ in length",
            ));
        }
        let n1 = treated.iter().filter(|t| **t).count();
        if n1 == 0 || n1 == n {
            return Err(Error::analysis(format!(
                "a comparison needs treated and comparison units; found {n1} treated and {} in the comparison group",
                n - n1
            )));
        }
        let mut design: Vec<(&str, Vec<f64>)> = vec![
            ("(Intercept)", vec![1.0; n]),
            (
                "treat",
                treated.iter().map(|t| f64::from(u8::from(*t))).collect(),
            ),
        ];
        if let Some(b) = baseline {
            design.push(("baseline", b.to_vec()));
        }
        design.extend(covariates.iter().cloned());
        let fit: OlsFit = ols(&design, y, &self.covariance, self.ci_level)?;
        let b = fit.coef("treat").expect("the design has treat").clone();
        let mean = |want: bool| {
            let (s, c) = y
                .iter()
                .zip(treated)
                .filter(|(_, t)| **t == want)
                .fold((0.0, 0usize), |(s, c), (y, _)| (s + y, c + 1));
            s / c as f64
        };
        Ok(AncovaFit {
            method: "ancova",
            estimand: Estimand::Ate,
            estimate: b.coef,
            std_error: b.std_error,
            t: b.t,
            df: fit.df,
            p_value: b.p_value,
            ci: b.ci,
            ci_level: self.ci_level,
            unadjusted: mean(true) - mean(false),
            coefficients: fit.coefficients,
            r_squared: fit.r_squared,
            n_treated: n1,
            n_control: n - n1,
            n_clusters: fit.n_clusters,
        })
    }
}
