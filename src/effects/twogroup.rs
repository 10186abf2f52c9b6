//! Two independent groups: Welch's and Student's t, the Mann–Whitney test, and
//! standardised mean differences.

use super::dist::{normal_p_two_sided, t_p_two_sided, t_quantile};
use crate::error::{Error, Result};
use serde::Serialize;
use statrs::function::gamma::ln_gamma;

/// Two groups compared: configure, then [`TwoGroup::fit`] (difference = x − y).
///
/// ```text
/// Welch:   SE = √(s1²/n1 + s2²/n2),  df = SE⁴ / ((s1²/n1)²/(n1−1) + (s2²/n2)²/(n2−1))
/// Student: s_p² = ((n1−1)s1² + (n2−1)s2²)/(n1+n2−2),  SE = s_p √(1/n1 + 1/n2)
/// d = (m1 − m2)/s_p;  g = d·J,  J = Γ(df/2) / (√(df/2) Γ((df−1)/2)),  df = n1+n2−2
/// g (approximate) = d·(1 − 3/(4(n1+n2) − 9));  Glass's Δ = (m1 − m2)/s2
/// Mann–Whitney W = rank sum of x − n1(n1+1)/2, normal approximation with continuity and
/// tie correction
/// ```
///
/// ```
/// use indsats::effects::TwoGroup;
/// let fit = TwoGroup::default().fit(&[1.0, 2.0, 3.0], &[4.0, 5.0, 6.0, 7.0]).unwrap();
/// assert_eq!(fit.difference, -3.5);
/// assert_eq!(fit.mann_whitney.unwrap().statistic, 0.0);
/// ```
///
/// # Errors
/// A group with fewer than two values, a value that is not finite, a level outside (0, 1).
///
/// # References
/// Matches R's `t.test(x, y)`, `t.test(x, y, var.equal = TRUE)` and `wilcox.test(x, y,
/// exact = FALSE, correct = TRUE)`; Hedges & Olkin (1985) for J.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TwoGroup {
    ci_level: f64,
}

impl Default for TwoGroup {
    fn default() -> Self {
        TwoGroup { ci_level: 0.95 }
    }
}

/// A t-test of the difference in means.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct TTest {
    /// t statistic.
    pub t: f64,
    /// Degrees of freedom.
    pub df: f64,
    /// Two-sided p-value.
    pub p_value: f64,
    /// Standard error of the difference.
    pub std_error: f64,
    /// Confidence interval of the difference.
    pub ci: [f64; 2],
}

/// The Mann–Whitney (Wilcoxon rank-sum) test.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct MannWhitney {
    /// W as R reports it.
    pub statistic: f64,
    /// Two-sided p-value.
    pub p_value: f64,
}

/// Two groups compared.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TwoGroupFit {
    /// Sizes.
    pub n: [usize; 2],
    /// Means.
    pub mean: [f64; 2],
    /// SDs (n − 1).
    pub sd: [f64; 2],
    /// Mean of x − mean of y.
    pub difference: f64,
    /// The confidence level of the intervals.
    pub ci_level: f64,
    /// Welch's t-test (`None` when both groups have no spread).
    pub welch: Option<TTest>,
    /// Student's t-test (`None` when both groups have no spread).
    pub student: Option<TTest>,
    /// Cohen's d with the pooled SD.
    pub cohens_d: Option<f64>,
    /// Hedges' g with the exact J.
    pub hedges_g: Option<f64>,
    /// Hedges' g with the approximate J.
    pub hedges_g_approx: Option<f64>,
    /// Glass's Δ with y's SD.
    pub glass_delta: Option<f64>,
    /// The rank-sum test.
    pub mann_whitney: Option<MannWhitney>,
}

fn mean_sd(x: &[f64]) -> (f64, f64) {
    let m = x.iter().sum::<f64>() / x.len() as f64;
    let v = x.iter().map(|a| (a - m) * (a - m)).sum::<f64>() / (x.len() - 1) as f64;
    (m, v.sqrt())
}

impl TwoGroup {
    /// Sets the confidence level (default 0.95).
    pub fn ci_level(mut self, level: f64) -> Self {
        self.ci_level = level;
        self
    }

    /// Compares x with y.
    ///
    /// # Errors
    /// See [`TwoGroup`].
    pub fn fit(&self, x: &[f64], y: &[f64]) -> Result<TwoGroupFit> {
        super::dist::check_ci_level(self.ci_level)?;
        for (name, g) in [("x", x), ("y", y)] {
            if g.len() < 2 {
                return Err(Error::analysis(format!(
                    "group {name} needs at least 2 values, found {}",
                    g.len()
                )));
            }
            if g.iter().any(|v| !v.is_finite()) {
                return Err(Error::parameter(
                    name,
                    "holds a value that is not a finite number",
                ));
            }
        }
        let (n1, n2) = (x.len() as f64, y.len() as f64);
        let ((m1, s1), (m2, s2)) = (mean_sd(x), mean_sd(y));
        let diff = m1 - m2;
        let q = |df: f64| t_quantile(0.5 + self.ci_level / 2.0, df);
        let test = |se: f64, df: f64| {
            (se > 0.0).then(|| {
                let t = diff / se;
                let h = q(df) * se;
                TTest {
                    t,
                    df,
                    p_value: t_p_two_sided(t, df),
                    std_error: se,
                    ci: [diff - h, diff + h],
                }
            })
        };
        let (v1, v2) = (s1 * s1 / n1, s2 * s2 / n2);
        let se_w = (v1 + v2).sqrt();
        let df_w = (v1 + v2).powi(2) / (v1 * v1 / (n1 - 1.0) + v2 * v2 / (n2 - 1.0));
        let df_s = n1 + n2 - 2.0;
        let sp = (((n1 - 1.0) * s1 * s1 + (n2 - 1.0) * s2 * s2) / df_s).sqrt();
        let se_s = sp * (1.0 / n1 + 1.0 / n2).sqrt();
        let cohens_d = (sp > 0.0).then(|| diff / sp);
        let j = (ln_gamma(df_s / 2.0) - ln_gamma((df_s - 1.0) / 2.0)).exp() / (df_s / 2.0).sqrt();
        Ok(TwoGroupFit {
            n: [x.len(), y.len()],
            mean: [m1, m2],
            sd: [s1, s2],
            difference: diff,
            ci_level: self.ci_level,
            welch: test(se_w, df_w),
            student: test(se_s, df_s),
            cohens_d,
            hedges_g: cohens_d.map(|d| d * j),
            hedges_g_approx: cohens_d.map(|d| d * (1.0 - 3.0 / (4.0 * (n1 + n2) - 9.0))),
            glass_delta: (s2 > 0.0).then(|| diff / s2),
            mann_whitney: rank_sum(x, y),
        })
    }
}

/// The rank-sum test; `None` when every value is tied (no spread to rank).
fn rank_sum(x: &[f64], y: &[f64]) -> Option<MannWhitney> {
    let mut all: Vec<(f64, bool)> = x
        .iter()
        .map(|&v| (v, true))
        .chain(y.iter().map(|&v| (v, false)))
        .collect();
    all.sort_by(|a, b| a.0.total_cmp(&b.0));
    let n = all.len();
    let (mut rank_x, mut ties) = (0.0, 0.0);
    let mut i = 0;
    while i < n {
        let mut j = i;
        while j + 1 < n && all[j + 1].0 == all[i].0 {
            j += 1;
        }
        let t = (j - i + 1) as f64;
        let rank = (i + j + 2) as f64 / 2.0;
        rank_x += rank * all[i..=j].iter().filter(|a| a.1).count() as f64;
        ties += t * t * t - t;
        i = j + 1;
    }
    let (n1, n2) = (x.len() as f64, y.len() as f64);
    let w = rank_x - n1 * (n1 + 1.0) / 2.0;
    let nn = n1 + n2;
    let sigma = (n1 * n2 / 12.0 * ((nn + 1.0) - ties / (nn * (nn - 1.0)))).sqrt();
    if sigma.is_nan() || sigma <= 0.0 {
        return None;
    }
    let z0 = w - n1 * n2 / 2.0;
    let correction = if z0 == 0.0 { 0.0 } else { 0.5 * z0.signum() };
    Some(MannWhitney {
        statistic: w,
        p_value: normal_p_two_sided((z0 - correction) / sigma),
    })
}
