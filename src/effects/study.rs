//! A study: one outcome, a treatment indicator, a baseline and covariates — and every
//! design of this module run on it, each giving an [`EffectEstimate`] in the CLI
//! contract's shape. The CLI and the report both go through here.

use super::ancova::Ancova;
use super::balance::{common_support, Balance, BalanceSummary, CommonSupport, PairRows};
use super::bootstrap::{Bootstrap, BootstrapResult};
use super::estimand::Estimand;
use super::matching::{MatchedSe, Matching, NearestNeighbour};
use super::ols::{ClusterAdjust, ClusterDf, Covariance};
use super::prepost::{EffectSizes, PrePost, Wilcoxon};
use super::propensity::{propensity_scores, LogitFit};
use super::risk::{Contrast, RiskComparison};
use super::weighting::{Aipw, GroupWeights, Ipw, WeightLimit};
use crate::error::{Error, Result};
use serde::Serialize;
use std::fmt::Write as _;

/// The data of a comparison, row by row (rows with a missing value already left out and
/// counted in `excluded`).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Study {
    /// The outcome's name.
    pub outcome: String,
    /// The outcome.
    pub y: Vec<f64>,
    /// Treated (true) or comparison.
    pub treated: Vec<bool>,
    /// The baseline measure of the outcome, if any, with its name.
    pub baseline: Option<(String, Vec<f64>)>,
    /// Covariates, by name.
    pub covariates: Vec<(String, Vec<f64>)>,
    /// Cluster of each row (cluster-robust errors), if any.
    pub clusters: Option<Vec<String>>,
    /// Exact-matching stratum of each row (matching only within equal codes), if any.
    pub exact: Option<Vec<u32>>,
    /// Rows left out before the study (missing values).
    pub excluded: usize,
    /// Warnings carried from reading the data.
    pub warnings: Vec<String>,
    /// The confidence level.
    pub ci_level: f64,
}

/// Units in and out, as the CLI contract names them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct EstimateCounts {
    /// Treated units given.
    pub treated: usize,
    /// Comparison units given.
    pub control: usize,
    /// Treated units the estimate rests on.
    pub used_treated: usize,
    /// Comparison units the estimate rests on.
    pub used_control: usize,
    /// Rows left out: missing values, trimming, no match.
    pub excluded: usize,
}

/// Balance of one covariate before and after adjustment (standardised mean differences).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BalanceLine {
    /// The covariate.
    pub covariate: String,
    /// SMD before.
    pub smd_before: Option<f64>,
    /// SMD after.
    pub smd_after: Option<f64>,
}

/// One effect estimate, in the CLI contract's shape (`indsats estimate ... --format json`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EffectEstimate {
    /// The design: prepost, ancova, risk, psm, ipw, aipw.
    pub method: String,
    /// ATT, ATE, ATC, or "change" for one group measured twice.
    pub estimand: String,
    /// The outcome's name.
    pub outcome: String,
    /// The effect.
    pub estimate: f64,
    /// Its standard error (`None` where none exists).
    pub std_error: Option<f64>,
    /// Confidence interval.
    pub ci: Option<[f64; 2]>,
    /// Its level.
    pub ci_level: f64,
    /// Two-sided p-value.
    pub p_value: Option<f64>,
    /// How the standard error was computed, in words.
    pub std_error_method: String,
    /// Units in and out.
    pub n: EstimateCounts,
    /// Covariate balance (matching and weighting).
    pub balance: Vec<BalanceLine>,
    /// What the reader should know.
    pub warnings: Vec<String>,
    /// Method-specific details.
    #[serde(flatten)]
    pub details: Details,
    /// Bootstrap results, when asked for.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bootstrap: Option<BootstrapResult>,
}

/// Where the treated and comparison groups' propensity scores overlap.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct SupportSummary {
    /// Lowest and highest score among the treated.
    pub treated_range: [f64; 2],
    /// Lowest and highest score in the comparison group.
    pub control_range: [f64; 2],
    /// The interval both groups cover (`None`: no overlap at all).
    pub overlap: Option<[f64; 2]>,
    /// Treated units outside it.
    pub treated_outside: usize,
    /// Comparison units outside it.
    pub control_outside: usize,
}

/// What each design adds to the common shape.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Details {
    /// Pre/post: effect sizes and the signed-rank test.
    PrePost {
        /// Mean before.
        mean_pre: f64,
        /// Mean after.
        mean_post: f64,
        /// d_z, d_av, d_rm, g_av.
        effect_sizes: EffectSizes,
        /// The signed-rank test.
        wilcoxon: Option<Wilcoxon>,
    },
    /// ANCOVA: the unadjusted difference and the model.
    Ancova {
        /// The unadjusted difference in means.
        unadjusted: f64,
        /// Every coefficient.
        coefficients: Vec<super::ols::Coefficient>,
        /// R².
        r_squared: f64,
    },
    /// Risks.
    Risk {
        /// Risk among the treated.
        risk_treated: f64,
        /// Risk in the comparison group.
        risk_control: f64,
        /// Risk ratio.
        risk_ratio: Option<Contrast>,
        /// Odds ratio.
        odds_ratio: Option<Contrast>,
    },
    /// Weighting.
    Weighting {
        /// Weighted mean outcome, treated.
        mean_treated: f64,
        /// Weighted mean outcome, comparison.
        mean_control: f64,
        /// The weights at a glance.
        weights: GroupWeights,
    },
    /// Matching.
    Matching {
        /// The caliper on the score's scale, if one was set.
        caliper_raw: Option<f64>,
        /// Treated units left without a match.
        unmatched_treated: usize,
        /// Rows in the matched data.
        matched_rows: usize,
        /// Effective sample size of the matched comparison group, (Σw)²/Σw².
        ess_control: f64,
        /// Where the two groups' scores overlap.
        common_support: SupportSummary,
    },
    /// Doubly robust.
    Aipw {
        /// The outcome-regression estimate.
        regression_adjustment: f64,
    },
    /// Nothing more.
    None {},
}

fn finite(v: f64) -> Option<f64> {
    v.is_finite().then_some(v)
}

impl Study {
    /// Checks lengths and that both groups are present.
    ///
    /// # Errors
    /// Columns of different lengths, no treated or no comparison unit, a level outside
    /// (0, 1).
    pub fn check(&self) -> Result<()> {
        let n = self.y.len();
        let bad = self.treated.len() != n
            || self.baseline.as_ref().is_some_and(|(_, b)| b.len() != n)
            || self.covariates.iter().any(|(_, c)| c.len() != n)
            || self.clusters.as_ref().is_some_and(|c| c.len() != n)
            || self.exact.as_ref().is_some_and(|c| c.len() != n);
        if bad {
            return Err(Error::parameter("study", "its columns differ in length"));
        }
        super::dist::check_ci_level(self.ci_level)?;
        Ok(())
    }

    fn check_groups(&self) -> Result<(usize, usize)> {
        let n1 = self.treated.iter().filter(|t| **t).count();
        let n0 = self.treated.len() - n1;
        if n1 == 0 || n0 == 0 {
            return Err(Error::analysis(format!(
                "the comparison needs treated and comparison units; the data have {n1} treated and {n0} in the comparison group"
            )));
        }
        Ok((n1, n0))
    }

    /// The study on a subset of rows (a bootstrap resample).
    pub fn subset(&self, rows: &[usize]) -> Study {
        let pick = |v: &[f64]| rows.iter().map(|&i| v[i]).collect::<Vec<_>>();
        Study {
            outcome: self.outcome.clone(),
            y: pick(&self.y),
            treated: rows.iter().map(|&i| self.treated[i]).collect(),
            baseline: self.baseline.as_ref().map(|(n, b)| (n.clone(), pick(b))),
            covariates: self
                .covariates
                .iter()
                .map(|(n, c)| (n.clone(), pick(c)))
                .collect(),
            clusters: self
                .clusters
                .as_ref()
                .map(|c| rows.iter().map(|&i| c[i].clone()).collect()),
            exact: self
                .exact
                .as_ref()
                .map(|c| rows.iter().map(|&i| c[i]).collect()),
            excluded: 0,
            warnings: Vec::new(),
            ci_level: self.ci_level,
        }
    }

    /// Covariates as the estimators take them.
    pub fn covariate_refs(&self) -> Vec<(&str, Vec<f64>)> {
        self.covariates
            .iter()
            .map(|(n, c)| (n.as_str(), c.clone()))
            .collect()
    }

    fn cluster_covariance(&self, otherwise: Covariance) -> (Covariance, String) {
        match &self.clusters {
            Some(c) => (
                Covariance::Cluster {
                    clusters: c.clone(),
                    adjust: ClusterAdjust::Stata,
                    df: ClusterDf::Residual,
                },
                "cluster-robust CR1, as sandwich::vcovCL type HC1".to_string(),
            ),
            None => {
                let name = match otherwise {
                    Covariance::Classical => "classical",
                    Covariance::Hc0 => "heteroskedasticity-robust HC0",
                    Covariance::Hc1 => "heteroskedasticity-robust HC1",
                    Covariance::Hc2 => "heteroskedasticity-robust HC2",
                    Covariance::Hc3 => "heteroskedasticity-robust HC3",
                    Covariance::Cr2 { .. } => "cluster-robust CR2 (Bell–McCaffrey)",
                    _ => "cluster-robust",
                };
                (otherwise, name.to_string())
            }
        }
    }

    /// The estimate in the contract's shape: the study's outcome, level and warnings, and
    /// no `NaN` (a number that does not exist is `None`).
    fn finish(&self, d: Draft<'_>) -> EffectEstimate {
        let mut warnings = self.warnings.clone();
        warnings.extend(d.warnings.iter().cloned());
        EffectEstimate {
            method: d.method.to_string(),
            estimand: d.estimand,
            outcome: self.outcome.clone(),
            estimate: d.estimate,
            std_error: finite(d.std_error),
            ci: d.ci.filter(|c| c[0].is_finite() && c[1].is_finite()),
            ci_level: self.ci_level,
            p_value: d.p_value.and_then(finite),
            std_error_method: d.std_error_method,
            n: d.n,
            balance: Vec::new(),
            warnings,
            details: d.details,
            bootstrap: None,
        }
    }

    fn counts(&self, used_treated: usize, used_control: usize) -> EstimateCounts {
        let n1 = self.treated.iter().filter(|t| **t).count();
        let n0 = self.treated.len() - n1;
        EstimateCounts {
            treated: n1,
            control: n0,
            used_treated,
            used_control,
            excluded: self.excluded + (n1 - used_treated) + (n0 - used_control),
        }
    }

    /// One group measured twice: the baseline against the outcome of every row (the
    /// treatment column is not used; all rows count as treated).
    ///
    /// # Errors
    /// No baseline, and see [`PrePost`].
    pub fn prepost(&self) -> Result<EffectEstimate> {
        self.check()?;
        let (_, pre) = self.baseline.as_ref().ok_or_else(|| {
            Error::parameter("baseline", "pre/post needs a baseline column (--baseline)")
        })?;
        let fit = PrePost::default()
            .ci_level(self.ci_level)
            .fit(pre, &self.y)?;
        let n = self.y.len();
        let extra = fit.warnings.clone();
        Ok(self.finish(Draft {
            method: "prepost",
            estimand: "change".into(),
            estimate: fit.mean_change,
            std_error: fit.std_error,
            ci: fit.ci,
            p_value: fit.paired_t.map(|t| t.p_value),
            std_error_method: "paired t".into(),
            n: EstimateCounts {
                treated: n,
                control: 0,
                used_treated: n,
                used_control: 0,
                excluded: self.excluded,
            },
            warnings: &extra,
            details: Details::PrePost {
                mean_pre: fit.mean_pre,
                mean_post: fit.mean_post,
                effect_sizes: fit.effect_sizes,
                wilcoxon: fit.wilcoxon,
            },
        }))
    }

    /// The baseline-adjusted comparison (classical errors, or cluster-robust with clusters).
    ///
    /// # Errors
    /// See [`Ancova`].
    pub fn ancova(&self, cov: Covariance) -> Result<EffectEstimate> {
        self.check()?;
        let (n1, n0) = self.check_groups()?;
        let (cov, se_name) = self.cluster_covariance(cov);
        let fit = Ancova::default()
            .covariance(cov)
            .ci_level(self.ci_level)
            .fit(
                &self.y,
                &self.treated,
                self.baseline.as_ref().map(|(_, b)| b.as_slice()),
                &self.covariate_refs(),
            )?;
        Ok(self.finish(Draft {
            method: "ancova",
            estimand: Estimand::Ate.to_string(),
            estimate: fit.estimate,
            std_error: fit.std_error,
            ci: Some(fit.ci),
            p_value: Some(fit.p_value),
            std_error_method: se_name,
            n: self.counts(n1, n0),
            warnings: &[],
            details: Details::Ancova {
                unadjusted: fit.unadjusted,
                coefficients: fit.coefficients,
                r_squared: fit.r_squared,
            },
        }))
    }

    /// A yes/no outcome: the risk difference (treated − comparison) as the estimate, with
    /// the risk and odds ratios.
    ///
    /// # Errors
    /// An outcome other than 0/1, and see [`RiskComparison`].
    pub fn risk(&self) -> Result<EffectEstimate> {
        self.check()?;
        let (n1, n0) = self.check_groups()?;
        let fit = RiskComparison::default()
            .ci_level(self.ci_level)
            .fit_outcomes(&self.y, &self.treated)?;
        let extra = fit.warnings.clone();
        let rd = fit.risk_difference;
        Ok(self.finish(Draft {
            method: "risk",
            estimand: "risk difference".into(),
            estimate: rd.estimate,
            std_error: rd.std_error,
            ci: Some(rd.ci),
            p_value: Some(rd.p_value),
            std_error_method: "Wald".into(),
            n: self.counts(n1, n0),
            warnings: &extra,
            details: Details::Risk {
                risk_treated: fit.risk_treated,
                risk_control: fit.risk_control,
                risk_ratio: fit.risk_ratio,
                odds_ratio: fit.odds_ratio,
            },
        }))
    }

    /// Inverse probability weighting with the given propensity `score`.
    ///
    /// # Errors
    /// See [`Ipw`].
    pub fn ipw_with_score(
        &self,
        score: &[f64],
        estimand: Estimand,
        stabilise: bool,
        limit: WeightLimit,
        cov: Covariance,
    ) -> Result<(EffectEstimate, Vec<f64>)> {
        self.check()?;
        self.check_groups()?;
        let (cov, se_name) = self.cluster_covariance(cov);
        let fit = Ipw::new(estimand)
            .stabilise(stabilise)
            .limit(limit)
            .covariance(cov)
            .ci_level(self.ci_level)
            .fit(score, &self.treated, &self.y)?;
        let extra = fit.warnings.clone();
        let est = self.finish(Draft {
            method: "ipw",
            estimand: estimand.to_string(),
            estimate: fit.estimate,
            std_error: fit.std_error,
            ci: Some(fit.ci),
            p_value: Some(fit.p_value),
            std_error_method: format!("{se_name}, weights taken as known"),
            n: self.counts(fit.n.used_treated, fit.n.used_control),
            warnings: &extra,
            details: Details::Weighting {
                mean_treated: fit.mean_treated,
                mean_control: fit.mean_control,
                weights: fit.weight_summary,
            },
        });
        Ok((est, fit.weights))
    }

    /// The doubly robust estimator with the given propensity `score`; outcome models on the
    /// baseline (if any) and the covariates.
    ///
    /// # Errors
    /// See [`Aipw`].
    pub fn aipw_with_score(
        &self,
        score: &[f64],
        estimand: Estimand,
        limit: WeightLimit,
    ) -> Result<EffectEstimate> {
        self.check()?;
        self.check_groups()?;
        let mut x = self.covariate_refs();
        if let Some((name, b)) = &self.baseline {
            x.insert(0, (name.as_str(), b.clone()));
        }
        let fit = Aipw::new(estimand)
            .limit(limit)
            .ci_level(self.ci_level)
            .fit(score, &self.treated, &self.y, &x)?;
        let extra = fit.warnings.clone();
        Ok(self.finish(Draft {
            method: "aipw",
            estimand: estimand.to_string(),
            estimate: fit.estimate,
            std_error: fit.std_error,
            ci: Some(fit.ci),
            p_value: Some(fit.p_value),
            std_error_method: "influence function (plug-in, normal)".into(),
            n: self.counts(fit.n.used_treated, fit.n.used_control),
            warnings: &extra,
            details: Details::Aipw {
                regression_adjustment: fit.regression_adjustment,
            },
        }))
    }

    /// Bootstraps `run` (the whole design, re-run on each resample), resampling within
    /// the treated and the comparison group so each keeps its size.
    ///
    /// # Errors
    /// See [`Bootstrap`].
    pub fn bootstrap<F>(&self, boot: &Bootstrap, estimate: f64, run: F) -> Result<BootstrapResult>
    where
        F: Fn(&Study) -> Result<f64> + Sync,
    {
        let strata: Vec<u32> = self.treated.iter().map(|t| u32::from(*t)).collect();
        boot.run(self.y.len(), Some(&strata), estimate, |rows| {
            run(&self.subset(rows))
        })
    }
}

/// A matched comparison: the estimate with everything behind it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MatchedStudy {
    /// The estimate in the contract's shape (balance included).
    pub estimate: EffectEstimate,
    /// The matches.
    pub matching: Matching,
    /// The propensity score of each row.
    pub score: Vec<f64>,
    /// The propensity model.
    pub propensity_model: LogitFit,
    /// Balance before and after, as MatchIt's `summary()`.
    pub balance: BalanceSummary,
    /// Overlap of the scores.
    pub support: CommonSupport,
}

impl MatchedStudy {
    /// The matched pairs as CSV: one line per treated unit and control, with the rows as a
    /// spreadsheet shows them (`file_rows[i]` for row i) and the ids where given.
    pub fn pairs_csv(&self, file_rows: &[usize], ids: Option<&[String]>) -> String {
        let mut s = String::from(
            "set,treated_row,treated_id,control_row,control_id,treated_score,control_score,distance,control_weight\n",
        );
        let id = |i: usize| ids.map_or(String::new(), |v| csv_text(&v[i]));
        for (k, set) in self.matching.sets.iter().enumerate() {
            let t = set.treated;
            for &c in &set.controls {
                let _ = writeln!(
                    s,
                    "{},{},{},{},{},{},{},{},{}",
                    k + 1,
                    file_rows[t],
                    id(t),
                    file_rows[c],
                    id(c),
                    self.score[t],
                    self.score[c],
                    (self.score[t] - self.score[c]).abs(),
                    self.matching.weights[c]
                );
            }
        }
        s
    }
}

fn csv_text(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

/// The parts of an estimate that differ between designs.
struct Draft<'a> {
    method: &'a str,
    estimand: String,
    estimate: f64,
    std_error: f64,
    ci: Option<[f64; 2]>,
    p_value: Option<f64>,
    std_error_method: String,
    n: EstimateCounts,
    warnings: &'a [String],
    details: Details,
}

/// The name of the propensity score among the balance rows (MatchIt's `distance`).
pub const DISTANCE: &str = "distance";

fn balance_lines(summary: &BalanceSummary) -> Vec<BalanceLine> {
    summary
        .before
        .rows
        .iter()
        .zip(&summary.after.rows)
        .map(|(b, a)| BalanceLine {
            covariate: b.covariate.clone(),
            smd_before: b.std_mean_diff,
            smd_after: a.std_mean_diff,
        })
        .collect()
}

impl Study {
    /// The logistic propensity score on the covariates (and the baseline, if any).
    ///
    /// # Errors
    /// See [`propensity_scores`].
    pub fn propensity(&self) -> Result<LogitFit> {
        self.check()?;
        let t: Vec<f64> = self
            .treated
            .iter()
            .map(|t| f64::from(u8::from(*t)))
            .collect();
        propensity_scores(&t, &self.confounders())
    }

    /// The covariates the propensity score and balance use: the baseline first, then the
    /// covariates.
    pub fn confounders(&self) -> Vec<(&str, Vec<f64>)> {
        let mut x = self.covariate_refs();
        if let Some((name, b)) = &self.baseline {
            x.insert(0, (name.as_str(), b.clone()));
        }
        x
    }

    fn balance_with(
        &self,
        score: &[f64],
        weights: &[f64],
        estimand: Estimand,
        pairs: Option<&[PairRows]>,
    ) -> Result<BalanceSummary> {
        let mut x = self.confounders();
        x.push((DISTANCE, score.to_vec()));
        Balance::new(estimand).summary(&x, &self.treated, weights, pairs, None)
    }

    /// Propensity-score matching (ATT): the logistic score, nearest-neighbour matching as
    /// MatchIt's `method = "nearest"`, the weighted difference in matched means with
    /// pair-clustered errors (HC3 with replacement), and balance before and after.
    ///
    /// # Errors
    /// See [`propensity_scores`], [`NearestNeighbour`] and [`Matching::att`].
    pub fn psm(&self, matcher: &NearestNeighbour) -> Result<MatchedStudy> {
        self.check()?;
        self.check_groups()?;
        let model = self.propensity()?;
        let score = model.fitted.clone();
        let matching = matcher.fit(&score, &self.treated, self.exact.as_deref())?;
        let att = matching.att(&self.y, &self.treated, self.ci_level)?;
        let pairs: Vec<PairRows> = matching
            .sets
            .iter()
            .map(|s| (s.treated, s.controls.clone()))
            .collect();
        let balance = self.balance_with(&score, &matching.weights, Estimand::Att, Some(&pairs))?;
        let support = common_support(&score, &self.treated)?;
        let mut extra = matching.warnings.clone();
        extra.extend(balance.warnings.iter().cloned());
        let se_method = match att.se_method {
            MatchedSe::Hc3 => "heteroskedasticity-robust HC3 on the matched data".to_string(),
            MatchedSe::Hc1 => "heteroskedasticity-robust HC1 on the matched data".to_string(),
            _ => "cluster-robust by matched set, as sandwich::vcovCL type HC1".to_string(),
        };
        let mut estimate = self.finish(Draft {
            method: "psm",
            estimand: Estimand::Att.to_string(),
            estimate: att.estimate,
            std_error: att.std_error,
            ci: Some(att.ci),
            p_value: Some(att.p_value),
            std_error_method: se_method,
            n: self.counts(matching.matched_treated, matching.controls_used),
            warnings: &extra,
            details: Details::Matching {
                caliper_raw: matching.caliper_raw,
                unmatched_treated: matching.unmatched_treated,
                matched_rows: att.n_matched_rows,
                ess_control: balance.sample_sizes.control.adjusted_ess,
                common_support: SupportSummary {
                    treated_range: support.treated_range,
                    control_range: support.control_range,
                    overlap: support.overlap,
                    treated_outside: support.treated_outside,
                    control_outside: support.control_outside,
                },
            },
        });
        estimate.balance = balance_lines(&balance);
        Ok(MatchedStudy {
            estimate,
            matching,
            score,
            propensity_model: model,
            balance,
            support,
        })
    }

    /// Inverse probability weighting on the logistic propensity score, with balance before
    /// and after weighting.
    ///
    /// # Errors
    /// See [`propensity_scores`] and [`Ipw`].
    pub fn ipw(
        &self,
        estimand: Estimand,
        stabilise: bool,
        limit: WeightLimit,
        cov: Covariance,
    ) -> Result<(EffectEstimate, Vec<f64>)> {
        let model = self.propensity()?;
        let (mut est, weights) =
            self.ipw_with_score(&model.fitted, estimand, stabilise, limit, cov)?;
        self.add_weighted_balance(&mut est, &model.fitted, &weights, estimand)?;
        Ok((est, weights))
    }

    /// Balance under the weights (units with weight 0, trimmed away, are left out).
    fn add_weighted_balance(
        &self,
        est: &mut EffectEstimate,
        score: &[f64],
        weights: &[f64],
        estimand: Estimand,
    ) -> Result<()> {
        let keep: Vec<usize> = (0..weights.len()).filter(|&i| weights[i] > 0.0).collect();
        let sub = self.subset(&keep);
        let score: Vec<f64> = keep.iter().map(|&i| score[i]).collect();
        let w: Vec<f64> = keep.iter().map(|&i| weights[i]).collect();
        let balance = sub.balance_with(&score, &w, estimand, None)?;
        est.balance = balance_lines(&balance);
        est.warnings.extend(balance.warnings.iter().cloned());
        Ok(())
    }

    /// The doubly robust estimator on the logistic propensity score; outcome models on the
    /// baseline and covariates.
    ///
    /// # Errors
    /// See [`propensity_scores`] and [`Aipw`].
    pub fn aipw(&self, estimand: Estimand, limit: WeightLimit) -> Result<EffectEstimate> {
        let model = self.propensity()?;
        let mut est = self.aipw_with_score(&model.fitted, estimand, limit)?;
        // The weighting half of the estimator: balance under its inverse probability weights.
        let mut weights = Ipw::new(estimand).raw_weights(&model.fitted, &self.treated);
        if let WeightLimit::Trim { alpha } = limit {
            for (w, e) in weights.iter_mut().zip(&model.fitted) {
                if *e < alpha || *e > 1.0 - alpha {
                    *w = 0.0;
                }
            }
        }
        self.add_weighted_balance(&mut est, &model.fitted, &weights, estimand)?;
        Ok(est)
    }
}
