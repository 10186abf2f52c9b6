//! Ordinary least squares with classical, heteroskedasticity-robust (HC0–HC3) and
//! cluster-robust standard errors.
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
    /// Degrees of freedom of the t tests.
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
    /// Number of clusters, for cluster-robust fits.
    pub n_clusters: Option<usize>,
    /// The confidence level.
    pub ci_level: f64,
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
/// columns that are collinear (named).
///
/// # References
/// White (1980); MacKinnon & White (1985); Cameron & Miller (2015). Matches R's `lm` with
/// `sandwich::vcovHC` and `sandwich::vcovCL`, and `lmtest::coeftest`.
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
    if weights.len() != y.len() {
        return Err(Error::parameter(
            "weights",
            format!("has {} values for {} rows", weights.len(), y.len()),
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
    least_squares(columns, y, Some(weights), cov, ci_level)
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
    if !(ci_level > 0.0 && ci_level < 1.0) {
        return Err(Error::parameter(
            "ci_level",
            format!("must lie in (0, 1), not {ci_level}"),
        ));
    }
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
    let mut n_clusters = None;
    let mut df = nf - kf;
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
            if clusters.len() != n {
                return Err(Error::parameter(
                    "clusters",
                    format!("has {} labels for {n} rows", clusters.len()),
                ));
            }
            let mut sums: BTreeMap<&str, Vec<f64>> = BTreeMap::new();
            for (i, g) in clusters.iter().enumerate() {
                let u = sums.entry(g.as_str()).or_insert_with(|| vec![0.0; k]);
                for (p, up) in u.iter_mut().enumerate() {
                    *up += x(i, p) * e[i];
                }
            }
            let g = sums.len();
            if g < 2 {
                return Err(Error::analysis(
                    "cluster-robust errors need at least 2 clusters",
                ));
            }
            let mut meat = vec![vec![0.0; k]; k];
            for u in sums.values() {
                for p in 0..k {
                    for q in 0..k {
                        meat[p][q] += u[p] * u[q];
                    }
                }
            }
            let gf = g as f64;
            let c = match adjust {
                ClusterAdjust::Stata => gf / (gf - 1.0) * (nf - 1.0) / (nf - kf),
                ClusterAdjust::G => gf / (gf - 1.0),
                ClusterAdjust::None => 1.0,
            };
            n_clusters = Some(g);
            if *cdf == ClusterDf::ClustersMinusOne {
                df = gf - 1.0;
            }
            scaled(sandwich_of(&bread, &meat), c)
        }
    };
    let q = t_quantile(0.5 + ci_level / 2.0, df);
    let coefficients = (0..k)
        .map(|j| {
            let se = vcov[j][j].sqrt();
            let t = beta[j] / se;
            Coefficient {
                term: columns[j].0.to_string(),
                coef: beta[j],
                std_error: se,
                t,
                p_value: t_p_two_sided(t, df),
                ci: [beta[j] - q * se, beta[j] + q * se],
            }
        })
        .collect();
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
        residuals: match &root_w {
            Some(r) => e.iter().zip(r).map(|(e, r)| e / r).collect(),
            None => e,
        },
        n_clusters,
        ci_level,
    })
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
