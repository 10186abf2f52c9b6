//! Binary outcomes in two groups: risk difference, risk ratio and odds ratio.

use super::dist::{normal, normal_p_two_sided};
use crate::error::{Error, Result};
use serde::Serialize;
use statrs::distribution::ContinuousCDF;

/// Two groups with a yes/no outcome (e.g. "stepped down within 12 months"): configure,
/// then [`RiskComparison::fit`] on the counts.
///
/// ```text
/// p1 = a/n1, p0 = c/n0
/// risk difference  RD = p1 − p0,  SE = √(p1(1 − p1)/n1 + p0(1 − p0)/n0)   (Wald)
/// risk ratio       RR = p1/p0,    SE(log RR) = √(1/a − 1/n1 + 1/c − 1/n0)  (Katz)
/// odds ratio       OR = a·d/(b·c), SE(log OR) = √(1/a + 1/b + 1/c + 1/d)   (Woolf)
/// intervals: estimate ± z·SE (RD), exp(log ± z·SE) (RR, OR); p-values from the same z
/// ```
///
/// A ratio or its interval that does not exist (a zero count) is `None`, with a warning;
/// no continuity correction is applied.
///
/// ```
/// use indsats::effects::RiskComparison;
/// let fit = RiskComparison::default().fit(30, 100, 20, 100).unwrap();
/// assert!((fit.risk_difference.estimate - 0.10).abs() < 1e-12);
/// assert!((fit.risk_ratio.unwrap().estimate - 1.5).abs() < 1e-12);
/// ```
///
/// # Errors
/// A group with no units, more events than units, a level outside (0, 1).
///
/// # References
/// Agresti (2013), *Categorical Data Analysis*, §3.1; Katz et al. (1978). Matches
/// `epitools::riskratio.wald` and `oddsratio.wald` in R.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RiskComparison {
    ci_level: f64,
}

impl Default for RiskComparison {
    fn default() -> Self {
        RiskComparison { ci_level: 0.95 }
    }
}

/// One contrast with its normal interval.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Contrast {
    /// The estimate (RD, or the ratio itself).
    pub estimate: f64,
    /// Standard error (of the log for ratios).
    pub std_error: f64,
    /// Confidence interval.
    pub ci: [f64; 2],
    /// Two-sided p-value against no difference.
    pub p_value: f64,
}

/// A comparison of two risks.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RiskFit {
    /// Events among the treated.
    pub events_treated: u64,
    /// Treated units.
    pub n_treated: u64,
    /// Events in the comparison group.
    pub events_control: u64,
    /// Comparison units.
    pub n_control: u64,
    /// Risk among the treated.
    pub risk_treated: f64,
    /// Risk in the comparison group.
    pub risk_control: f64,
    /// Risk difference (treated − comparison).
    pub risk_difference: Contrast,
    /// Risk ratio, where it exists.
    pub risk_ratio: Option<Contrast>,
    /// Odds ratio, where it exists.
    pub odds_ratio: Option<Contrast>,
    /// The confidence level.
    pub ci_level: f64,
    /// Warnings for the reader.
    pub warnings: Vec<String>,
}

impl RiskComparison {
    /// The confidence level (default 0.95).
    pub fn ci_level(mut self, level: f64) -> Self {
        self.ci_level = level;
        self
    }

    /// Compares `a` events of `n1` treated with `c` events of `n0` in the comparison group.
    ///
    /// # Errors
    /// See [`RiskComparison`].
    pub fn fit(&self, a: u64, n1: u64, c: u64, n0: u64) -> Result<RiskFit> {
        super::dist::check_ci_level(self.ci_level)?;
        if n1 == 0 || n0 == 0 {
            return Err(Error::analysis(format!(
                "a comparison of risks needs units in both groups; found {n1} treated and {n0} in the comparison group"
            )));
        }
        if a > n1 || c > n0 {
            return Err(Error::parameter(
                "events",
                format!("more events than units ({a} of {n1}, {c} of {n0})"),
            ));
        }
        let z = normal().inverse_cdf(0.5 + self.ci_level / 2.0);
        let (af, n1f, cf, n0f) = (a as f64, n1 as f64, c as f64, n0 as f64);
        let (p1, p0) = (af / n1f, cf / n0f);
        let mut warnings = Vec::new();
        let rd = p1 - p0;
        let se_rd = (p1 * (1.0 - p1) / n1f + p0 * (1.0 - p0) / n0f).sqrt();
        let risk_difference = Contrast {
            estimate: rd,
            std_error: se_rd,
            ci: [rd - z * se_rd, rd + z * se_rd],
            p_value: if se_rd > 0.0 {
                normal_p_two_sided(rd / se_rd)
            } else {
                f64::NAN
            },
        };
        if se_rd <= 0.0 || se_rd.is_nan() {
            warnings.push(
                "every unit in both groups has the same outcome: the risk difference has no standard error"
                    .to_string(),
            );
        }
        let ratio = |log: f64, se: f64| Contrast {
            estimate: log.exp(),
            std_error: se,
            ci: [(log - z * se).exp(), (log + z * se).exp()],
            p_value: normal_p_two_sided(log / se),
        };
        let risk_ratio = if a > 0 && c > 0 {
            let se = (1.0 / af - 1.0 / n1f + 1.0 / cf - 1.0 / n0f).sqrt();
            (se > 0.0).then(|| ratio((p1 / p0).ln(), se))
        } else {
            None
        };
        if risk_ratio.is_none() {
            warnings.push(
                "the risk ratio is not given: a group has no events, or everyone has one"
                    .to_string(),
            );
        }
        let (b, d) = (n1f - af, n0f - cf);
        let odds_ratio = (a > 0 && c > 0 && b > 0.0 && d > 0.0).then(|| {
            let se = (1.0 / af + 1.0 / b + 1.0 / cf + 1.0 / d).sqrt();
            ratio((af * d / (b * cf)).ln(), se)
        });
        if odds_ratio.is_none() {
            warnings
                .push("the odds ratio is not given: a cell of the 2×2 table is empty".to_string());
        }
        Ok(RiskFit {
            events_treated: a,
            n_treated: n1,
            events_control: c,
            n_control: n0,
            risk_treated: p1,
            risk_control: p0,
            risk_difference,
            risk_ratio,
            odds_ratio,
            ci_level: self.ci_level,
            warnings,
        })
    }

    /// Counts the events in 0/1 outcomes of two groups and compares them.
    ///
    /// # Errors
    /// An outcome other than 0 or 1 (its row, 1-based), and see [`RiskComparison::fit`].
    pub fn fit_outcomes(&self, y: &[f64], treated: &[bool]) -> Result<RiskFit> {
        if y.len() != treated.len() {
            return Err(Error::parameter(
                "data",
                "outcome and treatment differ in length",
            ));
        }
        let (mut a, mut n1, mut c, mut n0) = (0, 0, 0, 0);
        for (i, (v, t)) in y.iter().zip(treated).enumerate() {
            let event = match *v {
                1.0 => 1,
                0.0 => 0,
                v => {
                    return Err(Error::parameter(
                        "outcome",
                        format!("row {} is {v}; a risk needs outcomes coded 0 or 1", i + 1),
                    ))
                }
            };
            if *t {
                a += event;
                n1 += 1;
            } else {
                c += event;
                n0 += 1;
            }
        }
        self.fit(a, n1, c, n0)
    }
}
