//! One group measured twice: mean change, the paired t interval, the Wilcoxon
//! signed-rank test and paired effect sizes.

use super::dist::{normal_p_two_sided, t_p_two_sided, t_quantile};
use crate::error::{Error, Result};
use serde::Serialize;

/// Pre/post in one group: configure, then [`PrePost::fit`].
///
/// ```text
/// d_i = post_i − pre_i;   mean change = mean(d);   SE = sd(d)/√n;   t = mean/SE on n − 1 df
/// CI = mean ± t_{(1+level)/2, n−1} · SE
/// d_z = mean(d)/sd(d);   d_av = mean(d)/((sd(pre) + sd(post))/2)
/// d_rm = mean(d)/√(sd_pre² + sd_post² − 2 r sd_pre sd_post) · √(2(1 − r))   (Lakens 2013)
/// g_av = d_av · (1 − 3/(4(n − 1) − 1))
/// Wilcoxon: zeros dropped; V = Σ ranks of positive d (average ranks for ties);
/// z = (V − n(n+1)/4 − ½·sign(V − n(n+1)/4)) / σ,  σ² = n(n+1)(2n+1)/24 − Σ(t³ − t)/48
/// ```
///
/// ```
/// use indsats::effects::PrePost;
/// let pre = [10.0, 12.0, 9.0, 14.0];
/// let post = [12.0, 15.0, 9.0, 18.0];
/// let fit = PrePost::default().fit(&pre, &post).unwrap();
/// assert_eq!(fit.mean_change, 2.25);
/// assert_eq!(fit.n, 4);
/// assert_eq!(fit.wilcoxon.as_ref().unwrap().n_zero, 1);
/// ```
///
/// # Errors
/// Fewer than two pairs, unequal lengths, a value that is not finite, or a level outside
/// (0, 1).
///
/// # References
/// Lakens (2013), *Calculating and reporting effect sizes*, Front. Psychol. 4:863. Matches
/// R's `t.test(post, pre, paired = TRUE)` and `wilcox.test(post, pre, paired = TRUE,
/// exact = FALSE, correct = TRUE)`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PrePost {
    ci_level: f64,
}

impl Default for PrePost {
    fn default() -> Self {
        PrePost { ci_level: 0.95 }
    }
}

/// The paired t-test of the mean change.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct PairedT {
    /// t statistic.
    pub t: f64,
    /// Degrees of freedom, n − 1.
    pub df: f64,
    /// Two-sided p-value.
    pub p_value: f64,
}

/// Paired effect sizes (all SDs are n − 1 sample SDs).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct EffectSizes {
    /// Mean change over the SD of the changes.
    pub d_z: Option<f64>,
    /// Mean change over the average of the pre and post SDs.
    pub d_av: Option<f64>,
    /// Lakens' d_rm, corrected for the pre/post correlation.
    pub d_rm: Option<f64>,
    /// Hedges' small-sample correction of d_av.
    pub g_av: Option<f64>,
}

/// The Wilcoxon signed-rank test, normal approximation with continuity correction.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Wilcoxon {
    /// V: the sum of the ranks of the positive changes.
    pub statistic: f64,
    /// The standardised statistic.
    pub z: f64,
    /// SD of V under the null, corrected for ties.
    pub sigma: f64,
    /// Two-sided p-value.
    pub p_value: f64,
    /// Pairs with a change other than zero (those ranked).
    pub n_nonzero: usize,
    /// Pairs with no change (dropped, as R does).
    pub n_zero: usize,
    /// Groups of tied absolute changes.
    pub n_tie_groups: usize,
}

/// A fitted pre/post comparison.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PrePostFit {
    /// Pairs used.
    pub n: usize,
    /// Mean before.
    pub mean_pre: f64,
    /// Mean after.
    pub mean_post: f64,
    /// SD before.
    pub sd_pre: f64,
    /// SD after.
    pub sd_post: f64,
    /// Correlation of pre and post (`None` when an SD is zero).
    pub correlation: Option<f64>,
    /// Mean of post − pre.
    pub mean_change: f64,
    /// SD of post − pre.
    pub sd_change: f64,
    /// Standard error of the mean change.
    pub std_error: f64,
    /// Confidence interval of the mean change (`None` when every change is the same).
    pub ci: Option<[f64; 2]>,
    /// Its level.
    pub ci_level: f64,
    /// The paired t-test (`None` when every change is the same).
    pub paired_t: Option<PairedT>,
    /// Effect sizes.
    pub effect_sizes: EffectSizes,
    /// The signed-rank test (`None` when every change is zero).
    pub wilcoxon: Option<Wilcoxon>,
    /// What the reader should know.
    pub warnings: Vec<String>,
}

fn mean(x: &[f64]) -> f64 {
    x.iter().sum::<f64>() / x.len() as f64
}

fn sd(x: &[f64], m: f64) -> f64 {
    (x.iter().map(|v| (v - m) * (v - m)).sum::<f64>() / (x.len() - 1) as f64).sqrt()
}

fn ratio(a: f64, b: f64) -> Option<f64> {
    (b > 0.0 && b.is_finite()).then(|| a / b)
}

impl PrePost {
    /// Sets the confidence level (default 0.95).
    pub fn ci_level(mut self, level: f64) -> Self {
        self.ci_level = level;
        self
    }

    /// Checks the parameters.
    ///
    /// # Errors
    /// A level outside (0, 1).
    pub fn check(&self) -> Result<()> {
        super::dist::check_ci_level(self.ci_level)?;
        Ok(())
    }

    /// Fits the comparison on pairs `(pre[i], post[i])`.
    ///
    /// # Errors
    /// See [`PrePost`].
    pub fn fit(&self, pre: &[f64], post: &[f64]) -> Result<PrePostFit> {
        self.check()?;
        if pre.len() != post.len() {
            return Err(Error::parameter(
                "post",
                format!(
                    "has {} values but pre has {}: pairs are needed",
                    post.len(),
                    pre.len()
                ),
            ));
        }
        if let Some(i) = pre.iter().chain(post).position(|v| !v.is_finite()) {
            return Err(Error::parameter(
                "pre/post",
                format!("value {} is not a finite number", i + 1),
            ));
        }
        let n = pre.len();
        if n < 2 {
            return Err(Error::analysis(format!(
                "a pre/post comparison needs at least 2 pairs, found {n}"
            )));
        }
        let d: Vec<f64> = pre.iter().zip(post).map(|(a, b)| b - a).collect();
        let (mean_pre, mean_post, mean_change) = (mean(pre), mean(post), mean(&d));
        let (sd_pre, sd_post, sd_change) =
            (sd(pre, mean_pre), sd(post, mean_post), sd(&d, mean_change));
        let covariance = pre
            .iter()
            .zip(post)
            .map(|(a, b)| (a - mean_pre) * (b - mean_post))
            .sum::<f64>()
            / (n - 1) as f64;
        let correlation = ratio(covariance, sd_pre * sd_post);
        let nf = n as f64;
        let std_error = sd_change / nf.sqrt();
        let df = nf - 1.0;
        let mut warnings = Vec::new();
        let (paired_t, ci) = if std_error > 0.0 {
            let t = mean_change / std_error;
            let q = t_quantile(0.5 + self.ci_level / 2.0, df);
            (
                Some(PairedT {
                    t,
                    df,
                    p_value: t_p_two_sided(t, df),
                }),
                Some([mean_change - q * std_error, mean_change + q * std_error]),
            )
        } else {
            warnings
                .push("every change is the same, so there is no t-test or interval".to_string());
            (None, None)
        };
        let d_av = ratio(mean_change, (sd_pre + sd_post) / 2.0);
        let d_rm = correlation.and_then(|r| {
            let s = (sd_pre * sd_pre + sd_post * sd_post - 2.0 * r * sd_pre * sd_post).sqrt();
            ratio(mean_change, s).map(|v| v * (2.0 * (1.0 - r)).sqrt())
        });
        let effect_sizes = EffectSizes {
            d_z: ratio(mean_change, sd_change),
            d_av,
            d_rm,
            g_av: d_av.map(|d| d * (1.0 - 3.0 / (4.0 * df - 1.0))),
        };
        let wilcoxon = signed_rank(&d);
        if wilcoxon.is_none() {
            warnings.push("every change is zero, so there is no signed-rank test".to_string());
        }
        Ok(PrePostFit {
            n,
            mean_pre,
            mean_post,
            sd_pre,
            sd_post,
            correlation,
            mean_change,
            sd_change,
            std_error,
            ci,
            ci_level: self.ci_level,
            paired_t,
            effect_sizes,
            wilcoxon,
            warnings,
        })
    }
}

/// The signed-rank test of changes `d`; `None` when all are zero.
fn signed_rank(d: &[f64]) -> Option<Wilcoxon> {
    let mut nz: Vec<f64> = d.iter().copied().filter(|v| *v != 0.0).collect();
    let n_zero = d.len() - nz.len();
    let n = nz.len();
    if n == 0 {
        return None;
    }
    nz.sort_by(|a, b| a.abs().total_cmp(&b.abs()));
    // Average ranks over ties of |d|.
    let (mut v, mut ties, mut tie_groups) = (0.0, 0.0, 0);
    let mut i = 0;
    while i < n {
        let mut j = i;
        while j + 1 < n && nz[j + 1].abs() == nz[i].abs() {
            j += 1;
        }
        let t = (j - i + 1) as f64;
        let rank = (i + j + 2) as f64 / 2.0;
        v += rank * nz[i..=j].iter().filter(|x| **x > 0.0).count() as f64;
        if t > 1.0 {
            ties += t * t * t - t;
            tie_groups += 1;
        }
        i = j + 1;
    }
    let nf = n as f64;
    let centre = nf * (nf + 1.0) / 4.0;
    let sigma = (nf * (nf + 1.0) * (2.0 * nf + 1.0) / 24.0 - ties / 48.0).sqrt();
    let diff = v - centre;
    // R: z − sign(z)·0.5, with sign(0) = 0 (Rust's signum(0.0) is 1).
    let correction = if diff == 0.0 {
        0.0
    } else {
        0.5 * diff.signum()
    };
    let z = (diff - correction) / sigma;
    Some(Wilcoxon {
        statistic: v,
        z,
        sigma,
        p_value: normal_p_two_sided(z),
        n_nonzero: n,
        n_zero,
        n_tie_groups: tie_groups,
    })
}
