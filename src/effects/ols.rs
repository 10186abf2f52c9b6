//! Ordinary and weighted least squares with classical, heteroskedasticity-robust (HC0–HC3),
//! cluster-robust (one-way, multi-way and Bell–McCaffrey's CR2) and Newey–West (HAC)
//! standard errors, and Satterthwaite degrees of freedom per coefficient.
// Matrix code reads best with explicit indices.
#![allow(clippy::needless_range_loop)]

use super::dist::{t_p_two_sided, t_quantile};
use crate::error::{Error, Result};
use serde::Serialize;
use std::collections::BTreeMap;

/// How the covariance of the coefficients is estimated.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum Covariance {
    /// σ²(X'X)⁻¹, as R's `vcov(lm)`.
    Classical,
    /// White's sandwich, as `sandwich::vcovHC(type = "HC0")`.
    Hc0,
    /// HC0 · n/(n − k).
    Hc1,
    /// Residuals scaled by 1/(1 − h_i).
    Hc2,
    /// Residuals scaled by 1/(1 − h_i)².
    Hc3,
    /// Cluster-robust by the group of each row (any labels), with a small-sample factor.
    Cluster {
        /// The cluster of each row.
        clusters: Vec<String>,
        /// The small-sample factor.
        adjust: ClusterAdjust,
        /// Degrees of freedom for t tests and intervals.
        df: ClusterDf,
    },
    /// Bell and McCaffrey's bias-reduced cluster-robust covariance (CR2), as
    /// `clubSandwich::vcovCR(type = "CR2")` with its default working model for `lm`: the
    /// identity (homoskedastic, independent errors), also under weights. Singular adjustment
    /// blocks get a pseudo-inverse square root, as clubSandwich does, with a warning.
    Cr2 {
        /// The cluster of each row.
        clusters: Vec<String>,
        /// Degrees of freedom for t tests and intervals: [`ClusterDf::Satterthwaite`] for
        /// `clubSandwich::coef_test(test = "Satterthwaite")`.
        df: ClusterDf,
    },
    /// Multi-way cluster-robust covariance (Cameron, Gelbach & Miller 2011), as
    /// `sandwich::vcovCL(cluster = ~a + b, cadjust = TRUE, multi0 = FALSE)`: the sum over
    /// every non-empty set of dimensions of (−1)^(size+1) times the one-way meat by their
    /// intersection, each with its own G/(G − 1). The result need not be positive
    /// semi-definite; as sandwich (`fix = FALSE`) it is not repaired, but a warning says so,
    /// and a negative variance is an error.
    MultiCluster {
        /// The clusters of each row, one label vector per dimension.
        dims: Vec<Vec<String>>,
        /// The small-sample factor: G/(G − 1) per (intersected) dimension, and (n − 1)/(n − k)
        /// once for [`ClusterAdjust::Stata`] (sandwich's `type = "HC1"`).
        adjust: ClusterAdjust,
        /// Degrees of freedom: n − k, or the smallest number of clusters over the dimensions
        /// less one; Satterthwaite is not defined here.
        df: ClusterDf,
    },
    /// Newey and West's heteroskedasticity- and autocorrelation-consistent (HAC)
    /// covariance with Bartlett weights and no prewhitening, as statsmodels'
    /// `cov_type="HAC"` (`"hac-panel"` with `panels`) and `sandwich::NeweyWest(prewhite =
    /// FALSE)`. Rows must be in time order (within each panel). Degrees of freedom n − k.
    NeweyWest {
        /// The largest lag L with weight; lag l has weight 1 − l/(L + 1). Must be less than
        /// the number of rows (of every panel).
        lags: usize,
        /// Multiply by n/(n − k): statsmodels' `use_correction=True`, sandwich's
        /// `adjust = TRUE`.
        correction: bool,
        /// Independent series by label (stacked panels): lagged products are taken only
        /// between rows of the same panel, in row order; `None` is one series.
        panels: Option<Vec<String>>,
    },
}

/// The small-sample factor of a cluster-robust covariance.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ClusterAdjust {
    /// G/(G − 1) · (n − 1)/(n − k): Stata's `vce(cluster)`, `sandwich::vcovCL(type = "HC1")`,
    /// estimatr's "stata" (CR1).
    Stata,
    /// G/(G − 1) only: `sandwich::vcovCL(type = "HC0", cadjust = TRUE)`.
    G,
    /// None (CR0 without adjustment).
    None,
}

/// Degrees of freedom for cluster-robust inference.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ClusterDf {
    /// n − k, as `lmtest::coeftest` uses for `lm`.
    Residual,
    /// G − 1, as Stata and estimatr use.
    ClustersMinusOne,
    /// Satterthwaite's approximation per coefficient under the working model of independent
    /// errors with equal variance, as `clubSandwich::coef_test(test = "Satterthwaite")`;
    /// each coefficient carries its own in [`Coefficient::df`].
    Satterthwaite,
}

/// One coefficient with its inference.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Coefficient {
    /// The term.
    pub term: String,
    /// The estimate.
    pub coef: f64,
    /// Its standard error.
    pub std_error: f64,
    /// t statistic.
    pub t: f64,
    /// Two-sided p-value.
    pub p_value: f64,
    /// Confidence interval.
    pub ci: [f64; 2],
    /// This coefficient's own degrees of freedom (Satterthwaite), used for its t test and
    /// interval; `None` when it uses the fit's common [`OlsFit::df`].
    #[serde(skip_serializing_if = "Option::is_none")]
    pub df: Option<f64>,
}

/// A fitted linear model.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OlsFit {
    /// Coefficients in design order.
    pub coefficients: Vec<Coefficient>,
    /// The covariance matrix, rows and columns in design order.
    pub vcov: Vec<Vec<f64>>,
    /// Observations.
    pub n: usize,
    /// Parameters.
    pub k: usize,
    /// Degrees of freedom of the t tests; with Satterthwaite degrees of freedom, where each
    /// coefficient has its own in [`Coefficient::df`], the residual n − k.
    pub df: f64,
    /// Residual standard error √(RSS/(n − k)).
    pub sigma: f64,
    /// R².
    pub r_squared: f64,
    /// Adjusted R².
    pub adj_r_squared: f64,
    /// The overall F statistic (classical; `None` without an intercept or other terms).
    pub f_statistic: Option<f64>,
    /// Leverage h_i of each row.
    pub leverage: Vec<f64>,
    /// Residuals.
    pub residuals: Vec<f64>,
    /// Number of clusters, for cluster-robust fits (multi-way: the smallest over dimensions).
    pub n_clusters: Option<usize>,
    /// The confidence level.
    pub ci_level: f64,
    /// What the reader should know: singular CR2 adjustment blocks, a multi-way covariance
    /// that is not positive semi-definite.
    pub warnings: Vec<String>,
}

impl OlsFit {
    /// A coefficient by term.
    pub fn coef(&self, term: &str) -> Option<&Coefficient> {
        self.coefficients.iter().find(|c| c.term == term)
    }
}

/// Least squares of `y` on the columns of a design (`columns[j][i]` is term j at row i;
/// include an `(Intercept)` column of ones for a model with an intercept).
///
/// ```text
/// β = (X'X)⁻¹X'y by Householder QR;  B = (X'X)⁻¹;  e = y − Xβ;  h_i = x_i' B x_i
/// HC0 = B (Σ e_i² x_i x_i') B;  HC1 = n/(n − k)·HC0;  HC2: e_i²/(1 − h_i);  HC3: e_i²/(1 − h_i)²
/// cluster: B (Σ_g u_g u_g') B · c,  u_g = Σ_{i∈g} x_i e_i,  c = G/(G−1)·(n−1)/(n−k) (Stata)
/// multi-way: Σ_{S ⊆ dims, S ≠ ∅} (−1)^{|S|+1} · G_S/(G_S−1) · B (Σ_{g ∈ ∩S} u_g u_g') B
///            · (n−1)/(n−k)   (Stata/HC1; each intersection S has its own G_S)
/// CR2:     B (Σ_g X_g' W_g A_g e_g e_g' A_g W_g X_g) B,  A_g = G_g^{+½},
///          G_g = Var(e_g) under e ~ (0, I) = I − H_gg − H_gg' + X_g B X'W²X B X_g',
///          H_gg = X_g B X_g' W_g  (unweighted: G_g = I − H_gg); eigenvalues ≤ 1e-12 → 0
/// Satterthwaite: the coefficient's variance is a quadratic form e'Qe, e ~ N(0, I) under the
///          working model; df = 2 E[·]² / Var[·] = (tr Q)² / tr Q²
/// Newey–West: B S B,  S = Σ_{l=0..L} w_l Σ_t (u_t u_{t−l}' + u_{t−l} u_t')  (l = 0 once),
///          u_t = x_t e_t,  w_l = 1 − l/(L + 1),  t within a panel;  · n/(n − k) if corrected
/// ```
///
/// ```
/// use indsats::effects::{ols, Covariance};
/// // y = 1 + 2x exactly: the fit is exact, the residuals zero
/// let fit = ols(&[("(Intercept)", vec![1.0; 3]), ("x", vec![0.0, 1.0, 2.0])], &[1.0, 3.0, 5.0],
///               &Covariance::Classical, 0.95).unwrap();
/// assert!((fit.coef("x").unwrap().coef - 2.0).abs() < 1e-12);
/// ```
///
/// # Errors
/// Rows that disagree in length, fewer rows than terms, a value that is not finite, or
/// columns that are collinear (named). For cluster-robust covariances: a label vector whose
/// length is not the number of rows, fewer than 2 clusters, a negative variance (multi-way),
/// or Satterthwaite degrees of freedom that do not exist for a term (named). For
/// Newey–West: as many lags as time points (or more) in a series.
///
/// # References
/// White (1980); MacKinnon & White (1985); Bell & McCaffrey (2002); Cameron, Gelbach &
/// Miller (2011); Cameron & Miller (2015); Pustejovsky & Tipton (2018); Newey & West (1987).
/// Matches R's `lm` with
/// `sandwich::vcovHC` and `sandwich::vcovCL` (also multi-way), `lmtest::coeftest`, and
/// `clubSandwich::vcovCR(type = "CR2")` with `clubSandwich::coef_test(test = "Satterthwaite")`;
/// statsmodels' `OLS.fit(cov_type="HAC")` (and `"hac-panel"`) for Newey–West.
pub fn ols(
    columns: &[(&str, Vec<f64>)],
    y: &[f64],
    cov: &Covariance,
    ci_level: f64,
) -> Result<OlsFit> {
    least_squares(columns, y, None, cov, ci_level)
}

/// Weighted least squares: as [`ols`] with a positive weight per row, as R's
/// `lm(weights = w)` with `sandwich`.
///
/// ```text
/// β = (X'WX)⁻¹X'Wy;  the sandwich's scores are w_i e_i x_i;  leverage of W^½X
/// ```
///
/// Residuals in the result are y − Xβ (unweighted, as R's `residuals(lm)`); σ, R² and the
/// F statistic are weighted as `summary.lm` computes them.
///
/// [`Covariance::Cr2`] and Satterthwaite degrees of freedom follow clubSandwich for a
/// weighted `lm`: the working model stays independent errors with equal variance (the
/// weights are not taken as inverse variances; `vcovCR(inverse_var = FALSE)`, its default
/// when `lm` has weights), so A_g = G_g^{+½} with G_g the covariance of the cluster's
/// residuals y − Xβ under that model.
///
/// ```
/// use indsats::effects::{wls, Covariance};
/// // weight 2 on a row is the same as the row twice
/// let x = vec![0.0, 1.0, 2.0];
/// let w = wls(&[("(Intercept)", vec![1.0; 3]), ("x", x)], &[1.0, 2.0, 4.0], &[1.0, 2.0, 1.0],
///             &Covariance::Classical, 0.95).unwrap();
/// assert!((w.coef("x").unwrap().coef - 1.5).abs() < 1e-12);
/// ```
///
/// # Errors
/// As [`ols`], and a weight that is not a positive finite number.
pub fn wls(
    columns: &[(&str, Vec<f64>)],
    y: &[f64],
    weights: &[f64],
    cov: &Covariance,
    ci_level: f64,
) -> Result<OlsFit> {
    check_weights(weights, y.len())?;
    least_squares(columns, y, Some(weights), cov, ci_level)
}

/// Checks prior weights: one per row, each positive and finite.
pub(crate) fn check_weights(weights: &[f64], n: usize) -> Result<()> {
    if weights.len() != n {
        return Err(Error::parameter(
            "weights",
            format!("has {} values for {n} rows", weights.len()),
        ));
    }
    if let Some(i) = weights.iter().position(|w| !(w.is_finite() && *w > 0.0)) {
        return Err(Error::parameter(
            "weights",
            format!(
                "must be positive finite numbers; row {} has {}",
                i + 1,
                weights[i]
            ),
        ));
    }
    Ok(())
}

fn least_squares(
    columns: &[(&str, Vec<f64>)],
    y: &[f64],
    weights: Option<&[f64]>,
    cov: &Covariance,
    ci_level: f64,
) -> Result<OlsFit> {
    let n = y.len();
    let k = columns.len();
    super::dist::check_ci_level(ci_level)?;
    if let Some((name, _)) = columns.iter().find(|(_, c)| c.len() != n) {
        return Err(Error::parameter(
            *name,
            format!("has a different number of rows than the outcome ({n})"),
        ));
    }
    if k == 0 || n <= k {
        return Err(Error::analysis(format!(
            "a regression with {k} terms needs more than {k} rows, found {n}"
        )));
    }
    if y.iter()
        .chain(columns.iter().flat_map(|(_, c)| c))
        .any(|v| !v.is_finite())
    {
        return Err(Error::parameter(
            "data",
            "holds a value that is not a finite number",
        ));
    }
    let has_intercept = columns.iter().any(|(_, c)| c.iter().all(|v| *v == 1.0));
    // With weights, everything below works on W^½X and W^½y.
    let root_w: Option<Vec<f64>> = weights.map(|w| w.iter().map(|v| v.sqrt()).collect());
    let scaled_columns: Vec<Vec<f64>> = columns
        .iter()
        .map(|(_, c)| match &root_w {
            Some(r) => c.iter().zip(r).map(|(v, r)| v * r).collect(),
            None => c.clone(),
        })
        .collect();
    let y_orig = y;
    let y_scaled: Vec<f64> = match &root_w {
        Some(r) => y.iter().zip(r).map(|(v, r)| v * r).collect(),
        None => y.to_vec(),
    };
    let y = &y_scaled[..];
    // Householder QR of X (n × k), column-major copy.
    let mut a: Vec<Vec<f64>> = scaled_columns.clone();
    let mut qty = y.to_vec();
    let mut vs: Vec<Vec<f64>> = Vec::with_capacity(k);
    let scale = a
        .iter()
        .map(|c| c.iter().map(|v| v * v).sum::<f64>().sqrt())
        .fold(0.0, f64::max);
    for j in 0..k {
        let norm = a[j][j..].iter().map(|v| v * v).sum::<f64>().sqrt();
        if norm <= 1e-10 * scale.max(1.0) {
            return Err(Error::analysis(format!(
                "term \"{}\" is collinear with the terms before it (or constant zero); drop it",
                columns[j].0
            )));
        }
        let alpha = if a[j][j] > 0.0 { -norm } else { norm };
        let mut v: Vec<f64> = a[j][j..].to_vec();
        v[0] -= alpha;
        let vnorm2: f64 = v.iter().map(|x| x * x).sum();
        let apply = |col: &mut [f64], v: &[f64]| {
            let dot: f64 = col.iter().zip(v).map(|(c, v)| c * v).sum();
            let f = 2.0 * dot / vnorm2;
            for (c, v) in col.iter_mut().zip(v) {
                *c -= f * v;
            }
        };
        for col in a.iter_mut().skip(j) {
            apply(&mut col[j..], &v);
        }
        apply(&mut qty[j..], &v);
        vs.push(v);
    }
    // R is a[j][i] for i ≤ j; solve Rβ = (Q'y)[..k].
    let r = |i: usize, j: usize| a[j][i];
    let mut beta = vec![0.0; k];
    for i in (0..k).rev() {
        let s: f64 = (i + 1..k).map(|j| r(i, j) * beta[j]).sum();
        beta[i] = (qty[i] - s) / r(i, i);
    }
    // R⁻¹ (upper triangular), then B = R⁻¹R⁻ᵀ.
    let mut rinv = vec![vec![0.0; k]; k];
    for j in 0..k {
        rinv[j][j] = 1.0 / r(j, j);
        for i in (0..j).rev() {
            let s: f64 = (i + 1..=j).map(|m| r(i, m) * rinv[m][j]).sum();
            rinv[i][j] = -s / r(i, i);
        }
    }
    let bread: Vec<Vec<f64>> = (0..k)
        .map(|i| {
            (0..k)
                .map(|j| (i.max(j)..k).map(|m| rinv[i][m] * rinv[j][m]).sum())
                .collect()
        })
        .collect();
    let x = |i: usize, j: usize| scaled_columns[j][i];
    let fitted: Vec<f64> = (0..n)
        .map(|i| (0..k).map(|j| x(i, j) * beta[j]).sum())
        .collect();
    // Residuals of the scaled problem, w_i^½ e_i: the sandwich's scores are these times x̃_i.
    let e: Vec<f64> = y.iter().zip(&fitted).map(|(y, f)| y - f).collect();
    let leverage: Vec<f64> = (0..n)
        .map(|i| {
            (0..k)
                .map(|p| (0..k).map(|q| x(i, p) * bread[p][q] * x(i, q)).sum::<f64>())
                .sum()
        })
        .collect();
    let (nf, kf) = (n as f64, k as f64);
    let rss: f64 = e.iter().map(|v| v * v).sum();
    let sigma2 = rss / (nf - kf);
    let ones = vec![1.0; n];
    let w = weights.unwrap_or(&ones);
    let ybar = y_orig.iter().zip(w).map(|(v, w)| v * w).sum::<f64>() / w.iter().sum::<f64>();
    let tss: f64 = if has_intercept {
        y_orig
            .iter()
            .zip(w)
            .map(|(v, w)| w * (v - ybar).powi(2))
            .sum()
    } else {
        y_orig.iter().zip(w).map(|(v, w)| w * v * v).sum()
    };
    let r_squared = 1.0 - rss / tss;
    let df_model = if has_intercept { kf - 1.0 } else { kf };
    let adj_r_squared =
        1.0 - (1.0 - r_squared) * (nf - if has_intercept { 1.0 } else { 0.0 }) / (nf - kf);
    let f_statistic = (df_model > 0.0).then(|| ((tss - rss) / df_model) / sigma2);

    let sandwich = |weights: &dyn Fn(usize) -> f64| -> Vec<Vec<f64>> {
        let mut meat = vec![vec![0.0; k]; k];
        for i in 0..n {
            let w = weights(i);
            for p in 0..k {
                for q in 0..k {
                    meat[p][q] += w * x(i, p) * x(i, q);
                }
            }
        }
        sandwich_of(&bread, &meat)
    };
    // The meat of one clustering: Σ_g u_g u_g', u_g = Σ_{i∈g} x̃_i ẽ_i (= w_i e_i x_i).
    let cluster_meat = |groups: &[Vec<usize>]| -> Vec<Vec<f64>> {
        let mut meat = vec![vec![0.0; k]; k];
        for rows in groups {
            let mut u = vec![0.0; k];
            for &i in rows {
                for (p, up) in u.iter_mut().enumerate() {
                    *up += x(i, p) * e[i];
                }
            }
            for p in 0..k {
                for q in 0..k {
                    meat[p][q] += u[p] * u[q];
                }
            }
        }
        meat
    };
    // Residuals on the original scale, y − Xβ.
    let raw_e: Vec<f64> = match &root_w {
        Some(r) => e.iter().zip(r).map(|(e, r)| e / r).collect(),
        None => e.clone(),
    };
    let working = || WorkingModel::new(columns, weights, &raw_e, &bread);
    let mut n_clusters = None;
    let mut df = nf - kf;
    let mut own_df: Option<Vec<f64>> = None;
    let mut warnings = Vec::new();
    let vcov: Vec<Vec<f64>> = match cov {
        Covariance::Classical => bread
            .iter()
            .map(|r| r.iter().map(|v| v * sigma2).collect())
            .collect(),
        Covariance::Hc0 => sandwich(&|i| e[i] * e[i]),
        Covariance::Hc1 => scaled(sandwich(&|i| e[i] * e[i]), nf / (nf - kf)),
        Covariance::Hc2 => sandwich(&|i| e[i] * e[i] / (1.0 - leverage[i])),
        Covariance::Hc3 => sandwich(&|i| e[i] * e[i] / (1.0 - leverage[i]).powi(2)),
        Covariance::Cluster {
            clusters,
            adjust,
            df: cdf,
        } => {
            let groups: Vec<Vec<usize>> = clusters_of("clusters", clusters, n)?
                .into_iter()
                .map(|(_, rows)| rows)
                .collect();
            let gf = groups.len() as f64;
            let c = match adjust {
                ClusterAdjust::Stata => gf / (gf - 1.0) * (nf - 1.0) / (nf - kf),
                ClusterAdjust::G => gf / (gf - 1.0),
                ClusterAdjust::None => 1.0,
            };
            n_clusters = Some(groups.len());
            match cdf {
                ClusterDf::Residual => {}
                ClusterDf::ClustersMinusOne => df = gf - 1.0,
                // A scalar factor on the meat cancels in Satterthwaite's ratio, so CR0, CR1
                // and CR1S share the df of the unadjusted estimating functions.
                ClusterDf::Satterthwaite => own_df = Some(working().satterthwaite(&groups, None)),
            }
            scaled(sandwich_of(&bread, &cluster_meat(&groups)), c)
        }
        Covariance::Cr2 { clusters, df: cdf } => {
            let labelled = clusters_of("clusters", clusters, n)?;
            let groups: Vec<Vec<usize>> = labelled.iter().map(|(_, r)| r.clone()).collect();
            let model = working();
            let adjustments = model.cr2_adjustments(&groups);
            for ((label, rows), a) in labelled.iter().zip(&adjustments) {
                if a.rank < rows.len() {
                    warnings.push(format!(
                        "cluster \"{label}\": its CR2 adjustment block has rank {} of {}, so \
                         its pseudo-inverse square root is used (as clubSandwich does)",
                        a.rank,
                        rows.len()
                    ));
                }
            }
            n_clusters = Some(groups.len());
            match cdf {
                ClusterDf::Residual => {}
                ClusterDf::ClustersMinusOne => df = groups.len() as f64 - 1.0,
                ClusterDf::Satterthwaite => {
                    own_df = Some(model.satterthwaite(&groups, Some(&adjustments)))
                }
            }
            model.cr2_vcov(&groups, &adjustments)
        }
        Covariance::MultiCluster {
            dims,
            adjust,
            df: cdf,
        } => {
            if dims.is_empty() {
                return Err(Error::parameter(
                    "dims",
                    "needs at least one clustering dimension",
                ));
            }
            if dims.len() > MAX_CLUSTER_DIMS {
                return Err(Error::parameter(
                    "dims",
                    format!(
                        "has {} clustering dimensions; at most {MAX_CLUSTER_DIMS} are supported \
                         (the meat has 2^d − 1 terms)",
                        dims.len()
                    ),
                ));
            }
            if *cdf == ClusterDf::Satterthwaite {
                return Err(Error::parameter(
                    "df",
                    "Satterthwaite degrees of freedom are not defined for multi-way \
                     clustering; use residual or clusters-minus-one",
                ));
            }
            // The cluster number of each row, per dimension.
            let mut index: Vec<Vec<usize>> = Vec::with_capacity(dims.len());
            for (d, labels) in dims.iter().enumerate() {
                let mut idx = vec![0; n];
                for (g, (_, rows)) in clusters_of(&format!("dims[{d}]"), labels, n)?
                    .iter()
                    .enumerate()
                {
                    for &i in rows {
                        idx[i] = g;
                    }
                }
                index.push(idx);
            }
            let sizes: Vec<usize> = index
                .iter()
                .map(|idx| idx.iter().max().map_or(0, |m| m + 1))
                .collect();
            let mut meat = vec![vec![0.0; k]; k];
            // Every non-empty set of dimensions, clustered by their intersection.
            for set in 1usize..(1 << dims.len()) {
                let mut by_key: BTreeMap<Vec<usize>, Vec<usize>> = BTreeMap::new();
                for i in 0..n {
                    let key = (0..dims.len())
                        .filter(|d| set >> d & 1 == 1)
                        .map(|d| index[d][i])
                        .collect();
                    by_key.entry(key).or_default().push(i);
                }
                let groups: Vec<Vec<usize>> = by_key.into_values().collect();
                // An intersection refines each dimension, so it has at least 2 clusters.
                let g = groups.len() as f64;
                let factor = match adjust {
                    ClusterAdjust::None => 1.0,
                    ClusterAdjust::Stata | ClusterAdjust::G => g / (g - 1.0),
                };
                let sign = if set.count_ones() % 2 == 1 { 1.0 } else { -1.0 };
                let m = cluster_meat(&groups);
                for p in 0..k {
                    for q in 0..k {
                        meat[p][q] += sign * factor * m[p][q];
                    }
                }
            }
            let c = match adjust {
                ClusterAdjust::Stata => (nf - 1.0) / (nf - kf),
                ClusterAdjust::G | ClusterAdjust::None => 1.0,
            };
            let g_min = sizes.iter().copied().min().unwrap_or(0);
            n_clusters = Some(g_min);
            if *cdf == ClusterDf::ClustersMinusOne {
                df = g_min as f64 - 1.0;
            }
            let v = scaled(sandwich_of(&bread, &meat), c);
            let (values, _) = symmetric_eigen(&v);
            let largest = values.iter().fold(0.0f64, |m, l| m.max(l.abs()));
            let smallest = values.iter().copied().fold(f64::INFINITY, f64::min);
            if smallest < -1e-12 * largest {
                warnings.push(format!(
                    "the multi-way cluster covariance is not positive semi-definite (smallest \
                     eigenvalue {smallest:e}); as sandwich::vcovCL, it is not repaired"
                ));
            }
            v
        }
        Covariance::NeweyWest {
            lags,
            correction,
            panels,
        } => {
            let groups = panels_of(panels.as_deref(), n)?;
            let shortest = groups.iter().map(|(_, r)| r.len()).min().unwrap_or(0);
            if *lags >= shortest {
                let which = match groups.iter().find(|(_, r)| r.len() == shortest) {
                    Some((Some(label), _)) => format!("series \"{label}\" has"),
                    _ => "the series has".to_string(),
                };
                return Err(Error::parameter(
                    "lags",
                    format!(
                        "must be less than the number of time points; {lags} lags but {which} \
                         {shortest} points"
                    ),
                ));
            }
            let mut meat = vec![vec![0.0; k]; k];
            for (_, rows) in &groups {
                for l in 0..=*lags {
                    let w = 1.0 - l as f64 / (*lags as f64 + 1.0);
                    for t in l..rows.len() {
                        let (i, j) = (rows[t], rows[t - l]);
                        let c = w * e[i] * e[j];
                        for p in 0..k {
                            for q in 0..k {
                                meat[p][q] += if l == 0 {
                                    c * x(i, p) * x(i, q)
                                } else {
                                    c * (x(i, p) * x(j, q) + x(j, p) * x(i, q))
                                };
                            }
                        }
                    }
                }
            }
            let v = sandwich_of(&bread, &meat);
            if *correction {
                scaled(v, nf / (nf - kf))
            } else {
                v
            }
        }
    };
    let mut coefficients = Vec::with_capacity(k);
    for j in 0..k {
        let term = columns[j].0;
        let var = vcov[j][j];
        if var.is_nan() || var < 0.0 {
            return Err(Error::analysis(format!(
                "the variance of term \"{term}\" is {var:e} under this covariance, so it has \
                 no standard error"
            )));
        }
        let own = own_df.as_ref().map(|d| d[j]);
        let dfj = own.unwrap_or(df);
        if !(dfj.is_finite() && dfj > 0.0) {
            return Err(Error::analysis(format!(
                "the Satterthwaite degrees of freedom of term \"{term}\" do not exist \
                 ({dfj}): its variance does not vary under the working model"
            )));
        }
        let q = t_quantile(0.5 + ci_level / 2.0, dfj);
        let se = var.sqrt();
        let t = beta[j] / se;
        coefficients.push(Coefficient {
            term: term.to_string(),
            coef: beta[j],
            std_error: se,
            t,
            p_value: t_p_two_sided(t, dfj),
            ci: [beta[j] - q * se, beta[j] + q * se],
            df: own,
        });
    }
    Ok(OlsFit {
        coefficients,
        vcov,
        n,
        k,
        df,
        sigma: sigma2.sqrt(),
        r_squared,
        adj_r_squared,
        f_statistic,
        leverage,
        residuals: raw_e,
        n_clusters,
        ci_level,
        warnings,
    })
}

/// At most this many clustering dimensions (the multi-way meat has 2^d − 1 terms).
const MAX_CLUSTER_DIMS: usize = 8;

/// Eigenvalues of a CR2 block at or below this are taken as zero, as clubSandwich's
/// `matrix_power(tol = -12)`.
const CR2_EIGEN_TOL: f64 = 1e-12;

/// The rows of each cluster, in sorted label order; `name` names the labels in errors.
fn clusters_of<'a>(
    name: &str,
    labels: &'a [String],
    n: usize,
) -> Result<Vec<(&'a str, Vec<usize>)>> {
    if labels.len() != n {
        return Err(Error::parameter(
            name,
            format!("has {} labels for {n} rows", labels.len()),
        ));
    }
    let mut rows: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (i, g) in labels.iter().enumerate() {
        rows.entry(g.as_str()).or_default().push(i);
    }
    if rows.len() < 2 {
        return Err(Error::analysis(format!(
            "cluster-robust errors need at least 2 clusters; {name} has {}",
            rows.len()
        )));
    }
    Ok(rows.into_iter().collect())
}

/// The rows of each panel of a Newey–West covariance in row order (panels in sorted label
/// order), or all rows as one series.
fn panels_of(labels: Option<&[String]>, n: usize) -> Result<Vec<(Option<&str>, Vec<usize>)>> {
    let Some(labels) = labels else {
        return Ok(vec![(None, (0..n).collect())]);
    };
    if labels.len() != n {
        return Err(Error::parameter(
            "panels",
            format!("has {} labels for {n} rows", labels.len()),
        ));
    }
    let mut rows: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (i, g) in labels.iter().enumerate() {
        rows.entry(g.as_str()).or_default().push(i);
    }
    Ok(rows.into_iter().map(|(g, r)| (Some(g), r)).collect())
}

/// A CR2 adjustment matrix A_g = G_g^{+½} and the rank of G_g.
struct Adjustment {
    a: Vec<Vec<f64>>,
    rank: usize,
}

/// A fitted design on its original scale with the working model clubSandwich uses for `lm`,
/// weighted or not: errors independent with equal variance, e ~ (0, I).
struct WorkingModel<'a> {
    /// x_i, by row.
    x: Vec<Vec<f64>>,
    /// B x_i, by row.
    bx: Vec<Vec<f64>>,
    /// Z x_i with Z = B X'W²X B, the covariance of β under the working model; `None`
    /// without weights, where Z = B.
    zx: Option<Vec<Vec<f64>>>,
    /// X'W²X (X'X without weights).
    omega: Vec<Vec<f64>>,
    /// The weight of each row (ones without weights).
    w: Vec<f64>,
    /// Residuals y − Xβ.
    e: &'a [f64],
    /// B = (X'WX)⁻¹.
    bread: &'a [Vec<f64>],
}

impl<'a> WorkingModel<'a> {
    fn new(
        columns: &[(&str, Vec<f64>)],
        weights: Option<&[f64]>,
        e: &'a [f64],
        bread: &'a [Vec<f64>],
    ) -> Self {
        let (n, k) = (e.len(), bread.len());
        let x: Vec<Vec<f64>> = (0..n)
            .map(|i| columns.iter().map(|(_, c)| c[i]).collect())
            .collect();
        let bx: Vec<Vec<f64>> = x.iter().map(|xi| mat_vec(bread, xi)).collect();
        let w: Vec<f64> = weights.map_or_else(|| vec![1.0; n], <[f64]>::to_vec);
        let mut omega = vec![vec![0.0; k]; k];
        for (xi, wi) in x.iter().zip(&w) {
            for p in 0..k {
                for q in 0..k {
                    omega[p][q] += wi * wi * xi[p] * xi[q];
                }
            }
        }
        let zx = weights.map(|_| {
            let z = sandwich_of(bread, &omega);
            x.iter().map(|xi| mat_vec(&z, xi)).collect()
        });
        WorkingModel {
            x,
            bx,
            zx,
            omega,
            w,
            e,
            bread,
        }
    }

    /// A_g = G_g^{+½} for each cluster, G_g = Var(e_g) under the working model:
    /// I − H_gg − H_gg' + X_g Z X_g' with H_gg = X_g B X_g' W_g (I − H_gg without weights).
    fn cr2_adjustments(&self, groups: &[Vec<usize>]) -> Vec<Adjustment> {
        groups
            .iter()
            .map(|rows| {
                let m = rows.len();
                let mut g = vec![vec![0.0; m]; m];
                for (a, &i) in rows.iter().enumerate() {
                    for (b, &j) in rows.iter().enumerate() {
                        let xbx = dot(&self.x[i], &self.bx[j]);
                        let v = match &self.zx {
                            None => -xbx,
                            Some(zx) => -xbx * (self.w[i] + self.w[j]) + dot(&self.x[i], &zx[j]),
                        };
                        g[a][b] = v + if a == b { 1.0 } else { 0.0 };
                    }
                }
                let (values, vectors) = symmetric_eigen(&g);
                let rank = values.iter().filter(|l| **l > CR2_EIGEN_TOL).count();
                let root: Vec<f64> = values
                    .iter()
                    .map(|l| {
                        if *l > CR2_EIGEN_TOL {
                            l.powf(-0.5)
                        } else {
                            0.0
                        }
                    })
                    .collect();
                let a = (0..m)
                    .map(|r| {
                        (0..m)
                            .map(|c| {
                                (0..m)
                                    .map(|s| vectors[r][s] * root[s] * vectors[c][s])
                                    .sum()
                            })
                            .collect()
                    })
                    .collect();
                Adjustment { a, rank }
            })
            .collect()
    }

    /// B (Σ_g X_g' W_g A_g e_g e_g' A_g W_g X_g) B.
    fn cr2_vcov(&self, groups: &[Vec<usize>], adjustments: &[Adjustment]) -> Vec<Vec<f64>> {
        let k = self.bread.len();
        let mut meat = vec![vec![0.0; k]; k];
        for (rows, adj) in groups.iter().zip(adjustments) {
            let e: Vec<f64> = rows.iter().map(|&i| self.e[i]).collect();
            let ae = mat_vec(&adj.a, &e);
            let mut u = vec![0.0; k];
            for (&i, v) in rows.iter().zip(&ae) {
                for p in 0..k {
                    u[p] += self.x[i][p] * self.w[i] * v;
                }
            }
            for p in 0..k {
                for q in 0..k {
                    meat[p][q] += u[p] * u[q];
                }
            }
        }
        sandwich_of(self.bread, &meat)
    }

    /// Satterthwaite degrees of freedom of each coefficient for the cluster-robust
    /// covariance with adjustments A_g (`None`: the identity; a scalar factor cancels).
    ///
    /// Coefficient t's variance is Σ_g (p_g'e_g)², p_g = A_g W_g X_g B c_t, and e = (I − H)ε
    /// with ε ~ N(0, I), so it is Σ_g (s_g'ε)² with s_g = p̂_g − W X z_g, z_g = B X_g' p_g.
    /// With Q_gh = s_g's_h = δ_gh p_g'p_g − f_g'z_h − z_g'f_h + z_g'Ω z_h, f_g = X_g' W_g p_g,
    /// Ω = X'W²X: df = 2 E² / Var = (tr Q)² / Σ Q_gh².
    fn satterthwaite(&self, groups: &[Vec<usize>], adjustments: Option<&[Adjustment]>) -> Vec<f64> {
        let k = self.bread.len();
        (0..k)
            .map(|t| {
                let mut pp = Vec::with_capacity(groups.len());
                let mut f = Vec::with_capacity(groups.len());
                let mut z = Vec::with_capacity(groups.len());
                for (g, rows) in groups.iter().enumerate() {
                    // (W_g X_g B c_t)_a = w_a (B x_a)_t
                    let q: Vec<f64> = rows.iter().map(|&i| self.w[i] * self.bx[i][t]).collect();
                    let p = match adjustments {
                        Some(adj) => mat_vec(&adj[g].a, &q),
                        None => q,
                    };
                    let mut fg = vec![0.0; k];
                    let mut xp = vec![0.0; k];
                    for (&i, pa) in rows.iter().zip(&p) {
                        for r in 0..k {
                            xp[r] += self.x[i][r] * pa;
                            fg[r] += self.x[i][r] * self.w[i] * pa;
                        }
                    }
                    pp.push(dot(&p, &p));
                    f.push(fg);
                    z.push(mat_vec(self.bread, &xp));
                }
                let oz: Vec<Vec<f64>> = z.iter().map(|zh| mat_vec(&self.omega, zh)).collect();
                let (mut trace, mut sum_sq) = (0.0, 0.0);
                for g in 0..groups.len() {
                    for h in 0..groups.len() {
                        let mut q = dot(&z[g], &oz[h]) - dot(&f[g], &z[h]) - dot(&z[g], &f[h]);
                        if g == h {
                            q += pp[g];
                            trace += q;
                        }
                        sum_sq += q * q;
                    }
                }
                trace * trace / sum_sq
            })
            .collect()
    }
}

fn dot(a: &[f64], b: &[f64]) -> f64 {
    a.iter().zip(b).map(|(a, b)| a * b).sum()
}

fn mat_vec(m: &[Vec<f64>], v: &[f64]) -> Vec<f64> {
    m.iter().map(|r| dot(r, v)).collect()
}

/// Eigenvalues and eigenvectors (the columns of the second matrix) of a symmetric matrix,
/// by cyclic Jacobi rotations: slow for big matrices, accurate to rounding for the small
/// blocks it is used on.
fn symmetric_eigen(m: &[Vec<f64>]) -> (Vec<f64>, Vec<Vec<f64>>) {
    let n = m.len();
    let mut a = m.to_vec();
    let mut v: Vec<Vec<f64>> = (0..n)
        .map(|i| (0..n).map(|j| if i == j { 1.0 } else { 0.0 }).collect())
        .collect();
    let norm2: f64 = a.iter().flatten().map(|x| x * x).sum();
    for _sweep in 0..100 {
        let off: f64 = (0..n)
            .flat_map(|p| (p + 1..n).map(move |q| (p, q)))
            .map(|(p, q)| a[p][q] * a[p][q])
            .sum();
        if off <= 1e-36 * norm2 {
            break;
        }
        for p in 0..n {
            for q in p + 1..n {
                let apq = a[p][q];
                if apq == 0.0 {
                    continue;
                }
                // The rotation that zeroes a[p][q] (Golub & Van Loan, Algorithm 8.4.1).
                let theta = (a[q][q] - a[p][p]) / (2.0 * apq);
                let t = theta.signum() / (theta.abs() + theta.hypot(1.0));
                let c = 1.0 / t.hypot(1.0);
                let s = t * c;
                for r in 0..n {
                    let (arp, arq) = (a[r][p], a[r][q]);
                    a[r][p] = c * arp - s * arq;
                    a[r][q] = s * arp + c * arq;
                }
                for r in 0..n {
                    let (apr, aqr) = (a[p][r], a[q][r]);
                    a[p][r] = c * apr - s * aqr;
                    a[q][r] = s * apr + c * aqr;
                }
                a[p][q] = 0.0;
                a[q][p] = 0.0;
                for row in v.iter_mut() {
                    let (vp, vq) = (row[p], row[q]);
                    row[p] = c * vp - s * vq;
                    row[q] = s * vp + c * vq;
                }
            }
        }
    }
    ((0..n).map(|i| a[i][i]).collect(), v)
}

fn sandwich_of(bread: &[Vec<f64>], meat: &[Vec<f64>]) -> Vec<Vec<f64>> {
    let k = bread.len();
    let bm: Vec<Vec<f64>> = (0..k)
        .map(|i| {
            (0..k)
                .map(|j| (0..k).map(|m| bread[i][m] * meat[m][j]).sum())
                .collect()
        })
        .collect();
    (0..k)
        .map(|i| {
            (0..k)
                .map(|j| (0..k).map(|m| bm[i][m] * bread[m][j]).sum())
                .collect()
        })
        .collect()
}

fn scaled(m: Vec<Vec<f64>>, c: f64) -> Vec<Vec<f64>> {
    m.into_iter()
        .map(|r| r.into_iter().map(|v| v * c).collect())
        .collect()
}
