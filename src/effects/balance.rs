//! Covariate balance before and after matching or weighting: standardised mean
//! differences, variance ratios, eCDF differences, pair distances, effective sample
//! sizes, common support of a score and a summary of the weights.

pub use super::estimand::Estimand;
use crate::error::{Error, Result};
use serde::Serialize;

/// A treated row and the control rows it was matched to (0-based rows).
pub type PairRows = (usize, Vec<usize>);

/// √ε: below this a spread counts as none (MatchIt's `sqrt(.Machine$double.eps)`).
const NO_SPREAD: f64 = 1.490_116_119_384_765_6e-8;

/// Covariate balance between treated and controls: configure, then [`Balance::table`]
/// for one sample or [`Balance::summary`] for before and after adjustment.
///
/// ```text
/// weights w (1 for everyone before adjustment); per group g: m_g = Σ w x / Σ w
/// s (from the unadjusted sample, the same before and after):
///   continuous: v_g = Σ(x − x̄_g)²/(n_g − 1);  binary 0/1: v_g = p_g(1 − p_g), no n − 1
///   ATT: s = √v_treated;  ATC: s = √v_control;  ATE: s = √((v_treated + v_control)/2)
///   if s < √ε: the pooled within-group SD, √(Σ_g Σ(x − x̄_g)²/(n − 2)) (binary:
///   √(Σ_g n_g p_g(1 − p_g)/n))
/// std_mean_diff = (m_treated − m_control)/s
/// var_ratio = wv_treated/wv_control (continuous only), wv_g with u = w/Σ_g w:
///   wv_g = Σ u (x − m_g)² / (1 − Σ u²)           (reliability weights, as cov.wt)
/// eCDF: F_g(t) = Σ_{x ≤ t} u;  ecdf_mean = mean over the distinct values t of all rows
///   of |F_treated(t) − F_control(t)|;  ecdf_max = the largest (Kolmogorov–Smirnov);
///   binary: both = |m_treated − m_control|
/// std_pair_dist = mean over matched (treated, control) pairs of |x_t − x_c| / s
/// ESS_g = (Σ w)²/Σ w²
/// ```
///
/// ```
/// use indsats::effects::{Balance, Estimand};
/// let x = vec![1.0, 2.0, 3.0, 2.0, 3.0, 4.0];
/// let treated = [true, true, true, false, false, false];
/// let table = Balance::new(Estimand::Att)
///     .table(&[("age", x)], &treated, None, None)
///     .unwrap();
/// let row = table.row("age").unwrap();
/// // means 2 and 3, treated SD 1
/// assert_eq!(row.std_mean_diff, Some(-1.0));
/// assert_eq!(row.var_ratio, Some(1.0));
/// ```
///
/// A covariate that takes one value for everyone has `std_mean_diff` 0, no variance
/// ratio, eCDF differences 0 and a warning; one that is constant within each group but
/// differs between them (it separates the groups) has no `std_mean_diff` and a warning.
/// No statistic is ever NaN: what cannot be computed is `None`.
///
/// # Errors
/// No covariates; a covariate, the weights or the discarded flags of another length than
/// `treated`; a value or weight that is not finite, or a negative weight (named by
/// covariate and row, 1-based); a group with no units or with no positive weight; a pair
/// whose rows are out of range or in the wrong group; a threshold or variance-ratio
/// bounds outside their domain.
///
/// # References
/// Stuart (2010), *Matching methods for causal inference*, Statist. Sci. 25(1); Austin
/// (2009), *Balance diagnostics for comparing the distribution of baseline covariates*,
/// Statist. Med. 28. Matches `summary(m, standardize = TRUE, pair.dist = TRUE)` of R's
/// MatchIt (`bal1var`, `wvar`, `qqsum`, `nn`) and cobalt's `bal.tab` (`col_w_smd`,
/// `col_w_vr`, `col_w_ks`) with continuous SMDs for binary covariates. Unlike MatchIt,
/// a mean difference below √ε is still divided by s (MatchIt reports it raw).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Balance {
    estimand: Estimand,
    threshold: f64,
    variance_ratio: [f64; 2],
    extreme_weight: f64,
}

impl Default for Balance {
    fn default() -> Self {
        Balance::new(Estimand::Att)
    }
}

/// Balance of one covariate in one sample.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BalanceRow {
    /// The covariate's name.
    pub covariate: String,
    /// Whether every value is 0 or 1.
    pub binary: bool,
    /// (Weighted) mean among the treated.
    pub means_treated: f64,
    /// (Weighted) mean among the controls.
    pub means_control: f64,
    /// (m_treated − m_control)/s (`None` when the covariate separates the groups).
    pub std_mean_diff: Option<f64>,
    /// Weighted variance of the treated over that of the controls (`None` for binary
    /// covariates, a group with fewer than two positive weights, or no spread among the
    /// controls).
    pub var_ratio: Option<f64>,
    /// Mean absolute difference of the (weighted) eCDFs over the covariate's values.
    pub ecdf_mean: f64,
    /// Largest absolute difference of the (weighted) eCDFs.
    pub ecdf_max: f64,
    /// Mean absolute within-pair difference over s (`None` without pairs, or when the
    /// covariate separates the groups).
    pub std_pair_dist: Option<f64>,
    /// s: the standardising SD from the unadjusted sample (`None` when there is no
    /// spread).
    pub sd_denominator: Option<f64>,
}

/// Balance of every covariate in one sample (before adjustment, or after it).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BalanceTable {
    /// Whose spread standardises the differences.
    pub estimand: Estimand,
    /// Whether the sample is weighted or matched (`false`: before adjustment).
    pub adjusted: bool,
    /// One row per covariate, in the order given.
    pub rows: Vec<BalanceRow>,
    /// Covariates whose statistics are degenerate (constant, or separating the groups).
    pub warnings: Vec<String>,
}

impl BalanceTable {
    /// The row of a covariate.
    pub fn row(&self, covariate: &str) -> Option<&BalanceRow> {
        self.rows.iter().find(|r| r.covariate == covariate)
    }
}

/// Sample sizes of one group, as the rows of MatchIt's sample-size table.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct GroupSizes {
    /// Effective size of the unadjusted sample (its units are unweighted: = `all`).
    pub all_ess: f64,
    /// Units in the group.
    pub all: usize,
    /// Effective size after matching or weighting, (Σw)²/Σw².
    pub adjusted_ess: f64,
    /// Units with a positive weight (MatchIt's "Matched").
    pub adjusted: usize,
    /// Units with weight zero that were not discarded.
    pub unmatched: usize,
    /// Units discarded before matching (e.g. outside common support).
    pub discarded: usize,
}

/// Sample sizes per group.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct SampleSizes {
    /// The treated.
    pub treated: GroupSizes,
    /// The controls.
    pub control: GroupSizes,
}

/// How the weights of one group are spread: a few large weights mean the estimate leans
/// on a few people.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct WeightSummary {
    /// Weights given.
    pub n: usize,
    /// Weights above zero.
    pub positive: usize,
    /// The smallest positive weight.
    pub min: f64,
    /// The largest weight.
    pub max: f64,
    /// `max / min`.
    pub max_over_min: f64,
    /// Share of the total weight on the largest 1 % of the positive weights (at least
    /// one weight).
    pub top_1pct_share: f64,
    /// The threshold counted against.
    pub threshold: f64,
    /// Weights above the threshold.
    pub above_threshold: usize,
    /// The effective sample size, (Σw)²/Σw².
    pub ess: f64,
}

/// Balance before and after matching or weighting, the sample sizes, the weights and
/// what the reader should know.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BalanceSummary {
    /// Whose spread standardises the differences.
    pub estimand: Estimand,
    /// The unadjusted sample.
    pub before: BalanceTable,
    /// The matched or weighted sample.
    pub after: BalanceTable,
    /// Sample sizes per group.
    pub sample_sizes: SampleSizes,
    /// The treated's weights (threshold: `extreme_weight` × their mean positive weight).
    pub weights_treated: WeightSummary,
    /// The controls' weights (threshold as for the treated).
    pub weights_control: WeightSummary,
    /// |std_mean_diff| after adjustment above this is flagged.
    pub threshold: f64,
    /// A variance ratio after adjustment outside this range is flagged.
    pub variance_ratio_bounds: [f64; 2],
    /// Imbalance after adjustment, extreme weights and degenerate covariates, each
    /// naming the covariate or group.
    pub warnings: Vec<String>,
}

impl Balance {
    /// Balance for `estimand`, with the defaults: |SMD| threshold 0.1, variance ratios
    /// within [0.5, 2], extreme weights above 10 times the group's mean weight.
    pub fn new(estimand: Estimand) -> Self {
        Balance {
            estimand,
            threshold: 0.1,
            variance_ratio: [0.5, 2.0],
            extreme_weight: 10.0,
        }
    }

    /// Sets the estimand.
    pub fn estimand(mut self, estimand: Estimand) -> Self {
        self.estimand = estimand;
        self
    }

    /// Sets the |SMD| above which a covariate is flagged after adjustment (default 0.1).
    pub fn threshold(mut self, threshold: f64) -> Self {
        self.threshold = threshold;
        self
    }

    /// Sets the range a variance ratio after adjustment should lie in (default
    /// [0.5, 2]).
    pub fn variance_ratio_bounds(mut self, low: f64, high: f64) -> Self {
        self.variance_ratio = [low, high];
        self
    }

    /// Sets how many times its group's mean positive weight a weight may be before it
    /// counts as extreme (default 10).
    pub fn extreme_weight(mut self, times_mean: f64) -> Self {
        self.extreme_weight = times_mean;
        self
    }

    fn check(&self) -> Result<()> {
        if !(self.threshold.is_finite() && self.threshold > 0.0) {
            return Err(Error::parameter(
                "threshold",
                format!("must be a positive number, not {}", self.threshold),
            ));
        }
        let [lo, hi] = self.variance_ratio;
        if !(lo.is_finite() && hi.is_finite() && lo > 0.0 && lo < hi) {
            return Err(Error::parameter(
                "variance_ratio_bounds",
                format!("need 0 < low < high, not [{lo}, {hi}]"),
            ));
        }
        if !(self.extreme_weight.is_finite() && self.extreme_weight > 1.0) {
            return Err(Error::parameter(
                "extreme_weight",
                format!("must be a number above 1, not {}", self.extreme_weight),
            ));
        }
        Ok(())
    }

    /// Balance in one sample: unadjusted with `weights = None`, else weighted (matching
    /// weights, or inverse probability weights). With `pairs`, also the standardised
    /// pair distance.
    ///
    /// # Errors
    /// See [`Balance`].
    pub fn table(
        &self,
        covariates: &[(&str, Vec<f64>)],
        treated: &[bool],
        weights: Option<&[f64]>,
        pairs: Option<&[PairRows]>,
    ) -> Result<BalanceTable> {
        self.check()?;
        let groups = Groups::new(covariates, treated)?;
        if let Some(w) = weights {
            check_weights(w, treated)?;
        }
        if let Some(p) = pairs {
            check_pairs(p, treated)?;
        }
        Ok(self.table_checked(covariates, &groups, weights, pairs))
    }

    fn table_checked(
        &self,
        covariates: &[(&str, Vec<f64>)],
        groups: &Groups,
        weights: Option<&[f64]>,
        pairs: Option<&[PairRows]>,
    ) -> BalanceTable {
        let ones;
        let w = match weights {
            Some(w) => w,
            None => {
                ones = vec![1.0; groups.treated.len()];
                &ones
            }
        };
        let mut rows = Vec::with_capacity(covariates.len());
        let mut warnings = Vec::new();
        for (name, x) in covariates {
            let (row, warning) = self.row(name, x, groups, w, pairs);
            rows.push(row);
            warnings.extend(warning);
        }
        BalanceTable {
            estimand: self.estimand,
            adjusted: weights.is_some(),
            rows,
            warnings,
        }
    }

    fn row(
        &self,
        name: &str,
        x: &[f64],
        groups: &Groups,
        w: &[f64],
        pairs: Option<&[PairRows]>,
    ) -> (BalanceRow, Option<String>) {
        let binary = x.iter().all(|&v| v == 0.0 || v == 1.0);
        let (lo, hi) = x
            .iter()
            .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), &v| {
                (a.min(v), b.max(v))
            });
        let constant = lo == hi;
        let (i1, i0) = (&groups.i1, &groups.i0);
        let m1 = weighted_mean(x, w, i1);
        let m0 = weighted_mean(x, w, i0);
        let diff = m1 - m0;
        let s = sd_denominator(x, i1, i0, binary, self.estimand);
        let pair_dist = pairs.and_then(|p| mean_pair_distance(x, p));
        let mut warning = None;
        let (smd, std_pair_dist) = if constant {
            warning = Some(format!(
                "covariate \"{name}\" takes one value ({lo}) for everyone: it cannot be \
                 unbalanced and says nothing about balance"
            ));
            (Some(0.0), pair_dist.map(|_| 0.0))
        } else if let Some(s) = s {
            (Some(diff / s), pair_dist.map(|d| d / s))
        } else {
            warning = Some(format!(
                "covariate \"{name}\" has no spread within either group but differs between \
                 them: it separates treated from controls, so no standardised difference"
            ));
            (None, None)
        };
        let var_ratio = if binary || constant {
            None
        } else {
            match (
                weighted_variance(x, w, i1, false),
                weighted_variance(x, w, i0, false),
            ) {
                (Some(v1), Some(v0)) if v0 > 0.0 => Some(v1 / v0),
                _ => None,
            }
        };
        let (ecdf_mean, ecdf_max) = if constant {
            (0.0, 0.0)
        } else if binary {
            (diff.abs(), diff.abs())
        } else {
            ecdf_differences(x, &groups.treated, w)
        };
        (
            BalanceRow {
                covariate: name.to_string(),
                binary,
                means_treated: m1,
                means_control: m0,
                std_mean_diff: smd,
                var_ratio,
                ecdf_mean,
                ecdf_max,
                std_pair_dist,
                sd_denominator: s,
            },
            warning,
        )
    }

    /// Balance before adjustment (unweighted) and after it (`weights`: matching weights,
    /// 0 for unmatched units, or inverse probability weights), with the sample sizes, a
    /// summary of the weights per group and warnings: |SMD| after adjustment above the
    /// threshold, a variance ratio after adjustment outside its bounds, extreme weights.
    /// `pairs` gives the pair distances; `discarded` marks units dropped before
    /// matching (they count as discarded, not unmatched, and should have weight 0).
    ///
    /// # Errors
    /// See [`Balance`].
    pub fn summary(
        &self,
        covariates: &[(&str, Vec<f64>)],
        treated: &[bool],
        weights: &[f64],
        pairs: Option<&[PairRows]>,
        discarded: Option<&[bool]>,
    ) -> Result<BalanceSummary> {
        self.check()?;
        let groups = Groups::new(covariates, treated)?;
        check_weights(weights, treated)?;
        if let Some(p) = pairs {
            check_pairs(p, treated)?;
        }
        if let Some(d) = discarded {
            if d.len() != treated.len() {
                return Err(Error::parameter(
                    "discarded",
                    format!("has {} rows, treated has {}", d.len(), treated.len()),
                ));
            }
        }
        let before = self.table_checked(covariates, &groups, None, None);
        let after = self.table_checked(covariates, &groups, Some(weights), pairs);

        let sizes = |idx: &[usize]| {
            let w: Vec<f64> = idx.iter().map(|&i| weights[i]).collect();
            let gone = |i: usize| discarded.is_some_and(|d| d[i]);
            GroupSizes {
                all_ess: idx.len() as f64,
                all: idx.len(),
                adjusted_ess: effective_sample_size(&w),
                adjusted: w.iter().filter(|&&v| v > 0.0).count(),
                unmatched: idx
                    .iter()
                    .filter(|&&i| weights[i] == 0.0 && !gone(i))
                    .count(),
                discarded: idx.iter().filter(|&&i| gone(i)).count(),
            }
        };
        let sample_sizes = SampleSizes {
            treated: sizes(&groups.i1),
            control: sizes(&groups.i0),
        };
        let summarise = |idx: &[usize]| {
            let w: Vec<f64> = idx.iter().map(|&i| weights[i]).collect();
            let positive: Vec<f64> = w.iter().copied().filter(|&v| v > 0.0).collect();
            let mean = positive.iter().sum::<f64>() / positive.len() as f64;
            weight_summary(&w, self.extreme_weight * mean)
        };
        let weights_treated = summarise(&groups.i1)?;
        let weights_control = summarise(&groups.i0)?;

        let mut warnings: Vec<String> = before.warnings.clone();
        for w in &after.warnings {
            if !warnings.contains(w) {
                warnings.push(w.clone());
            }
        }
        let [lo, hi] = self.variance_ratio;
        for r in &after.rows {
            if let Some(d) = r.std_mean_diff.filter(|d| d.abs() > self.threshold) {
                warnings.push(format!(
                    "covariate \"{}\": standardised mean difference {d:.3} after adjustment \
                     exceeds {}",
                    r.covariate, self.threshold
                ));
            }
            if let Some(v) = r.var_ratio.filter(|v| *v < lo || *v > hi) {
                warnings.push(format!(
                    "covariate \"{}\": variance ratio {v:.3} after adjustment lies outside \
                     [{lo}, {hi}]",
                    r.covariate
                ));
            }
        }
        for (group, s) in [
            ("treated", &weights_treated),
            ("controls", &weights_control),
        ] {
            if s.above_threshold > 0 {
                warnings.push(format!(
                    "{group}: {} weight(s) above {} times the group's mean weight (largest \
                     {:.3}); the largest 1 % of weights carry {:.1} % of the weight, so the \
                     estimate leans on few people",
                    s.above_threshold,
                    self.extreme_weight,
                    s.max,
                    100.0 * s.top_1pct_share
                ));
            }
        }
        Ok(BalanceSummary {
            estimand: self.estimand,
            before,
            after,
            sample_sizes,
            weights_treated,
            weights_control,
            threshold: self.threshold,
            variance_ratio_bounds: self.variance_ratio,
            warnings,
        })
    }
}

/// Balance in one sample with the default thresholds: a shorthand for
/// [`Balance::new`]`(estimand)`[`.table`](Balance::table)`(…)`.
///
/// ```
/// use indsats::effects::{balance, Estimand};
/// let t = balance(&[("x", vec![0.0, 1.0, 0.0, 0.0])], &[true, true, false, false],
///                 None, Estimand::Att, None).unwrap();
/// // binary: s = √(p(1 − p)) = 0.5 with p = 0.5 among the treated
/// assert_eq!(t.rows[0].std_mean_diff, Some(1.0));
/// ```
///
/// # Errors
/// See [`Balance`].
pub fn balance(
    covariates: &[(&str, Vec<f64>)],
    treated: &[bool],
    weights: Option<&[f64]>,
    estimand: Estimand,
    pairs: Option<&[PairRows]>,
) -> Result<BalanceTable> {
    Balance::new(estimand).table(covariates, treated, weights, pairs)
}

/// The effective sample size of weights, as MatchIt's and cobalt's `ESS`.
///
/// ```text
/// ESS = (Σ w)² / Σ w²
/// ```
///
/// ```
/// use indsats::effects::effective_sample_size;
/// assert_eq!(effective_sample_size(&[2.0; 5]), 5.0);
/// assert_eq!(effective_sample_size(&[1.0, 0.0, 1.0, 2.0]), 16.0 / 6.0);
/// ```
///
/// Zero for no weights or all-zero weights (never NaN).
///
/// # References
/// Kish (1965), *Survey Sampling*; MatchIt's and cobalt's `ESS()`.
pub fn effective_sample_size(weights: &[f64]) -> f64 {
    let s: f64 = weights.iter().sum();
    let s2: f64 = weights.iter().map(|w| w * w).sum();
    if s2 > 0.0 {
        s * s / s2
    } else {
        0.0
    }
}

/// How weights are spread: smallest and largest positive weight, their ratio, the share
/// of the total on the largest 1 %, how many exceed `threshold`, and the ESS.
///
/// ```text
/// k = max(1, ⌈positive/100⌉);  top_1pct_share = (sum of the k largest) / Σ w
/// above_threshold = #{w > threshold};  ESS = (Σ w)²/Σ w²
/// ```
///
/// ```
/// use indsats::effects::weight_summary;
/// let s = weight_summary(&[1.0, 1.0, 0.0, 8.0], 5.0).unwrap();
/// assert_eq!((s.min, s.max, s.max_over_min), (1.0, 8.0, 8.0));
/// assert_eq!((s.positive, s.above_threshold), (3, 1));
/// assert_eq!(s.top_1pct_share, 0.8);
/// ```
///
/// # Errors
/// A weight that is negative or not finite (named by row, 1-based), no positive weight,
/// or a threshold that is not a number.
///
/// # References
/// Cole & Hernán (2008), *Constructing inverse probability weights for marginal
/// structural models*, Am. J. Epidemiol. 168(6) — check the weights' spread.
pub fn weight_summary(weights: &[f64], threshold: f64) -> Result<WeightSummary> {
    if threshold.is_nan() {
        return Err(Error::parameter("threshold", "is not a number"));
    }
    for (i, &w) in weights.iter().enumerate() {
        if !(w.is_finite() && w >= 0.0) {
            return Err(Error::parameter(
                "weights",
                format!("row {}: {w} is not a finite number ≥ 0", i + 1),
            ));
        }
    }
    let mut positive: Vec<f64> = weights.iter().copied().filter(|&w| w > 0.0).collect();
    if positive.is_empty() {
        return Err(Error::analysis("no weight is above zero"));
    }
    positive.sort_by(|a, b| b.total_cmp(a));
    let total: f64 = positive.iter().sum();
    let k = positive.len().div_ceil(100).max(1);
    let (min, max) = (positive[positive.len() - 1], positive[0]);
    Ok(WeightSummary {
        n: weights.len(),
        positive: positive.len(),
        min,
        max,
        max_over_min: max / min,
        top_1pct_share: positive[..k].iter().sum::<f64>() / total,
        threshold,
        above_threshold: positive.iter().filter(|&&w| w > threshold).count(),
        ess: effective_sample_size(weights),
    })
}

/// A histogram of a score per group on shared bins.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Histogram {
    /// Bin edges, increasing; bin i is `[edges[i], edges[i + 1])`, the last one closed.
    pub edges: Vec<f64>,
    /// Treated per bin.
    pub treated: Vec<usize>,
    /// Controls per bin.
    pub control: Vec<usize>,
}

impl Histogram {
    /// Densities per bin (count / (group size × bin width)), treated then controls: each
    /// group's bars have area 1.
    pub fn densities(&self) -> (Vec<f64>, Vec<f64>) {
        let dens = |counts: &[usize]| {
            let n: usize = counts.iter().sum();
            counts
                .iter()
                .zip(self.edges.windows(2))
                .map(|(&c, e)| {
                    if n == 0 {
                        0.0
                    } else {
                        c as f64 / (n as f64 * (e[1] - e[0]))
                    }
                })
                .collect()
        };
        (dens(&self.treated), dens(&self.control))
    }
}

/// Where the treated's and controls' scores (e.g. propensity scores) overlap.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CommonSupport {
    /// Smallest and largest score among the treated.
    pub treated_range: [f64; 2],
    /// Smallest and largest score among the controls.
    pub control_range: [f64; 2],
    /// [larger minimum, smaller maximum] (`None` when the ranges do not meet).
    pub overlap: Option<[f64; 2]>,
    /// Treated outside the overlap (all of them when there is none).
    pub treated_outside: usize,
    /// Controls outside the overlap (all of them when there is none).
    pub control_outside: usize,
    /// Counts per group in 20 equal bins from the smallest to the largest score.
    pub histogram: Histogram,
}

/// Bins in [`common_support`]'s histogram.
pub const SUPPORT_BINS: usize = 20;

/// The common support of a score: each group's range, their overlap, who lies outside
/// it (MatchIt's `discard = "both"` would drop them), and a histogram for the overlap
/// chart.
///
/// ```text
/// overlap = [max(min_t, min_c), min(max_t, max_c)], empty when the first exceeds the second
/// outside = score < overlap low or score > overlap high
/// bins: 20 of equal width from min to max of all scores
/// ```
///
/// ```
/// use indsats::effects::common_support;
/// let cs = common_support(&[0.2, 0.5, 0.9, 0.1, 0.3, 0.6],
///                         &[true, true, true, false, false, false]).unwrap();
/// assert_eq!(cs.overlap, Some([0.2, 0.6]));
/// assert_eq!((cs.treated_outside, cs.control_outside), (1, 1));
/// assert_eq!(cs.histogram.treated.iter().sum::<usize>(), 3);
/// ```
///
/// # Errors
/// Lengths that differ, a score that is not finite (named by row), a group with no units.
///
/// # References
/// Dehejia & Wahba (1999); MatchIt's `discard = "both"`; cobalt's `bal.plot(which =
/// "both")` for the mirrored histogram.
pub fn common_support(score: &[f64], treated: &[bool]) -> Result<CommonSupport> {
    if score.len() != treated.len() {
        return Err(Error::parameter(
            "score",
            format!("has {} rows, treated has {}", score.len(), treated.len()),
        ));
    }
    if let Some(i) = score.iter().position(|s| !s.is_finite()) {
        return Err(Error::parameter(
            "score",
            format!("row {}: {} is not a finite number", i + 1, score[i]),
        ));
    }
    let range = |group: bool| {
        score
            .iter()
            .zip(treated)
            .filter(|(_, &t)| t == group)
            .fold([f64::INFINITY, f64::NEG_INFINITY], |[a, b], (&s, _)| {
                [a.min(s), b.max(s)]
            })
    };
    let (rt, rc) = (range(true), range(false));
    for (r, name) in [(rt, "treated"), (rc, "control")] {
        if r[0] > r[1] {
            return Err(Error::analysis(format!("the {name} group has no units")));
        }
    }
    let (lo, hi) = (rt[0].max(rc[0]), rt[1].min(rc[1]));
    let overlap = (lo <= hi).then_some([lo, hi]);
    let outside = |group: bool| {
        score
            .iter()
            .zip(treated)
            .filter(|(&s, &t)| t == group && overlap.is_none_or(|[a, b]| s < a || s > b))
            .count()
    };
    let (min, max) = (rt[0].min(rc[0]), rt[1].max(rc[1]));
    let edges: Vec<f64> = if min < max {
        (0..=SUPPORT_BINS)
            .map(|i| {
                if i == SUPPORT_BINS {
                    max
                } else {
                    min + (max - min) * i as f64 / SUPPORT_BINS as f64
                }
            })
            .collect()
    } else {
        vec![min - 0.5, max + 0.5]
    };
    let bins = edges.len() - 1;
    let mut histogram = Histogram {
        treated: vec![0; bins],
        control: vec![0; bins],
        edges,
    };
    for (&s, &t) in score.iter().zip(treated) {
        let b = histogram
            .edges
            .partition_point(|&e| e <= s)
            .saturating_sub(1)
            .min(bins - 1);
        if t {
            histogram.treated[b] += 1;
        } else {
            histogram.control[b] += 1;
        }
    }
    Ok(CommonSupport {
        treated_range: rt,
        control_range: rc,
        overlap,
        treated_outside: outside(true),
        control_outside: outside(false),
        histogram,
    })
}

/// The rows of each group, checked against the covariates.
struct Groups {
    treated: Vec<bool>,
    i1: Vec<usize>,
    i0: Vec<usize>,
}

impl Groups {
    fn new(covariates: &[(&str, Vec<f64>)], treated: &[bool]) -> Result<Groups> {
        if covariates.is_empty() {
            return Err(Error::parameter("covariates", "none given"));
        }
        for (name, x) in covariates {
            if x.len() != treated.len() {
                return Err(Error::parameter(
                    *name,
                    format!("has {} rows, treated has {}", x.len(), treated.len()),
                ));
            }
            if let Some(i) = x.iter().position(|v| !v.is_finite()) {
                return Err(Error::parameter(
                    *name,
                    format!("row {}: {} is not a finite number", i + 1, x[i]),
                ));
            }
        }
        let i1: Vec<usize> = (0..treated.len()).filter(|&i| treated[i]).collect();
        let i0: Vec<usize> = (0..treated.len()).filter(|&i| !treated[i]).collect();
        for (idx, name) in [(&i1, "treated"), (&i0, "control")] {
            if idx.is_empty() {
                return Err(Error::analysis(format!("the {name} group has no units")));
            }
        }
        Ok(Groups {
            treated: treated.to_vec(),
            i1,
            i0,
        })
    }
}

fn check_weights(w: &[f64], treated: &[bool]) -> Result<()> {
    if w.len() != treated.len() {
        return Err(Error::parameter(
            "weights",
            format!("has {} rows, treated has {}", w.len(), treated.len()),
        ));
    }
    if let Some(i) = w.iter().position(|v| !(v.is_finite() && *v >= 0.0)) {
        return Err(Error::parameter(
            "weights",
            format!("row {}: {} is not a finite number ≥ 0", i + 1, w[i]),
        ));
    }
    for (group, name) in [(true, "treated"), (false, "control")] {
        if !w.iter().zip(treated).any(|(&v, &t)| t == group && v > 0.0) {
            return Err(Error::analysis(format!(
                "no unit in the {name} group has a positive weight"
            )));
        }
    }
    Ok(())
}

fn check_pairs(pairs: &[PairRows], treated: &[bool]) -> Result<()> {
    let n = treated.len();
    for (t, controls) in pairs {
        if *t >= n || !treated[*t] {
            return Err(Error::parameter(
                "pairs",
                format!("row {} is not a treated row of the {n}", t + 1),
            ));
        }
        if let Some(c) = controls.iter().find(|&&c| c >= n || treated[c]) {
            return Err(Error::parameter(
                "pairs",
                format!(
                    "treated row {}: row {} is not a control row of the {n}",
                    t + 1,
                    c + 1
                ),
            ));
        }
    }
    Ok(())
}

fn weighted_mean(x: &[f64], w: &[f64], idx: &[usize]) -> f64 {
    let sw: f64 = idx.iter().map(|&i| w[i]).sum();
    idx.iter().map(|&i| w[i] * x[i]).sum::<f64>() / sw
}

/// MatchIt's `wvar`: the reliability-weights variance (as `cov.wt`; p(1 − p) for
/// binary). `None` for a continuous variable with fewer than two positive weights.
///
/// Σu(x − m)²/(1 − Σu²) with u = w/Σw is written Σw(x − m)²/(Σw − Σw²/Σw), which is
/// exactly the n − 1 sample variance when the weights are equal.
fn weighted_variance(x: &[f64], w: &[f64], idx: &[usize], binary: bool) -> Option<f64> {
    let m = weighted_mean(x, w, idx);
    if binary {
        return Some(m * (1.0 - m));
    }
    if idx.iter().filter(|&&i| w[i] > 0.0).count() < 2 {
        return None;
    }
    let sw: f64 = idx.iter().map(|&i| w[i]).sum();
    let sw2: f64 = idx.iter().map(|&i| w[i] * w[i]).sum();
    let ss: f64 = idx.iter().map(|&i| w[i] * (x[i] - m) * (x[i] - m)).sum();
    Some(ss / (sw - sw2 / sw))
}

/// The standardising SD from the unadjusted sample (see [`Balance`]).
fn sd_denominator(
    x: &[f64],
    i1: &[usize],
    i0: &[usize],
    binary: bool,
    estimand: Estimand,
) -> Option<f64> {
    let ones = vec![1.0; x.len()];
    let v = |idx: &[usize]| weighted_variance(x, &ones, idx, binary).unwrap_or(f64::NAN);
    let s = match estimand {
        Estimand::Att => v(i1).sqrt(),
        Estimand::Atc => v(i0).sqrt(),
        Estimand::Ate => ((v(i1) + v(i0)) / 2.0).sqrt(),
    };
    let usable = |s: f64| s.is_finite() && s >= NO_SPREAD;
    if usable(s) {
        return Some(s);
    }
    // MatchIt's fallback: the pooled within-group SD, groups weighted by size
    let n = x.len() as f64;
    let pooled = if binary {
        [i1, i0]
            .iter()
            .map(|idx| {
                let s: f64 = idx.iter().map(|&i| x[i]).sum();
                s * (1.0 - s / idx.len() as f64) / n
            })
            .sum::<f64>()
    } else {
        [i1, i0]
            .iter()
            .map(|idx| {
                let m = idx.iter().map(|&i| x[i]).sum::<f64>() / idx.len() as f64;
                idx.iter().map(|&i| (x[i] - m) * (x[i] - m)).sum::<f64>()
            })
            .sum::<f64>()
            / (n - 2.0)
    }
    .sqrt();
    usable(pooled).then_some(pooled)
}

/// Mean and largest |F_treated − F_control| at the distinct values of `x` (all rows,
/// including those with weight 0), weights scaled to sum to 1 per group.
fn ecdf_differences(x: &[f64], treated: &[bool], w: &[f64]) -> (f64, f64) {
    let (mut s1, mut s0) = (0.0, 0.0);
    for (&wi, &t) in w.iter().zip(treated) {
        if t {
            s1 += wi;
        } else {
            s0 += wi;
        }
    }
    // Values and their signed steps sorted together (the order within a run of equal
    // values does not matter: the differences are read at the end of each run).
    let mut steps: Vec<(f64, f64)> = x
        .iter()
        .zip(treated)
        .zip(w)
        .map(|((&x, &t), &w)| (x, if t { w / s1 } else { -w / s0 }))
        .collect();
    steps.sort_unstable_by(|a, b| a.0.total_cmp(&b.0));
    let (mut cum, mut sum, mut max, mut count) = (0.0, 0.0, 0.0_f64, 0usize);
    for (k, &(xi, step)) in steps.iter().enumerate() {
        cum += step;
        if steps.get(k + 1).is_none_or(|next| next.0 != xi) {
            let d = cum.abs();
            sum += d;
            max = max.max(d);
            count += 1;
        }
    }
    (sum / count as f64, max)
}

/// Mean |x_t − x_c| over every (treated, control) pair (`None` with no pair).
fn mean_pair_distance(x: &[f64], pairs: &[PairRows]) -> Option<f64> {
    let (mut sum, mut count) = (0.0, 0usize);
    for (t, controls) in pairs {
        for &c in controls {
            sum += (x[*t] - x[c]).abs();
            count += 1;
        }
    }
    (count > 0).then(|| sum / count as f64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn estimand_prints_and_serialises_as_its_abbreviation() {
        assert_eq!(Estimand::Ate.to_string(), "ATE");
        assert_eq!(serde_json::to_string(&Estimand::Atc).unwrap(), "\"ATC\"");
        let e: Estimand = serde_json::from_str("\"ATT\"").unwrap();
        assert_eq!(e, Estimand::Att);
    }

    #[test]
    fn ecdf_differences_by_hand() {
        // treated at 1, 2; controls at 2, 3: F_t − F_c at 1, 2, 3 = 1/2, 1/2, 0
        let (m, mx) = ecdf_differences(
            &[1.0, 2.0, 2.0, 3.0],
            &[true, true, false, false],
            &[1.0; 4],
        );
        assert_eq!((m, mx), (1.0 / 3.0, 0.5));
    }
}
