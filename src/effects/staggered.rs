//! Staggered adoption: group-time average treatment effects as Callaway and Sant'Anna
//! (2021), their aggregations, the multiplier bootstrap and a check of the two-way
//! fixed-effects estimate against them.

use super::dist::{check_ci_level, normal, normal_p_two_sided};
use super::randomization::RandomizationInference;
use crate::error::{Error, Result};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rayon::prelude::*;
use serde::Serialize;
use statrs::distribution::{ChiSquared, ContinuousCDF};
use std::collections::{BTreeMap, HashMap};

/// Which units serve as the comparison for a cohort.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub enum ControlGroup {
    /// Units never treated (cohort 0), as R did's `control_group = "nevertreated"`.
    #[default]
    #[serde(rename = "never")]
    NeverTreated,
    /// Units never treated or not yet treated, as R did's `"notyettreated"`: for the cell
    /// (g, t) the units with cohort 0 or with a cohort later than t (later than the later
    /// of t and the base period; with the varying base period used here that is t), other
    /// than g itself.
    #[serde(rename = "not-yet")]
    NotYetTreated,
}

impl ControlGroup {
    /// The name used in JSON and on the command line.
    pub fn name(self) -> &'static str {
        match self {
            ControlGroup::NeverTreated => "never",
            ControlGroup::NotYetTreated => "not-yet",
        }
    }
}

/// A long panel: one row per unit and period.
///
/// `cohort` holds the unit's first treated period, 0 for a unit never treated; it must be
/// the same on all of a unit's rows. Periods and cohorts are integers on the same scale
/// (years, or half-years numbered 1, 2, …).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct StaggeredPanel {
    /// The outcome's name.
    pub outcome: String,
    /// The unit of each row.
    pub id: Vec<String>,
    /// The period of each row.
    pub time: Vec<f64>,
    /// The unit's first treated period (0: never treated).
    pub cohort: Vec<f64>,
    /// The outcome.
    pub y: Vec<f64>,
    /// The row of each row as the user's file numbers it (header = row 1), for messages;
    /// `None`: rows are numbered 1, 2, … in the order given.
    pub rows: Option<Vec<usize>>,
    /// Rows already left out before (e.g. an empty cell), counted in `n.excluded`.
    pub excluded: usize,
    /// Warnings carried from reading the data.
    pub warnings: Vec<String>,
}

/// Callaway and Sant'Anna's estimator: configure, then [`StaggeredDid::fit`].
///
/// ```text
/// cells: every cohort g × every period t but the first; base period b = the last period
///   before g when t ≥ g (long differences), else the period before t (varying base)
/// ATT(g,t) = mean_{G=g}(Y_t − Y_b) − mean_{C}(Y_t − Y_b)
/// influence function (n units): IF_i = n(ΔY_i − mean_g)/n_g in g, −n(ΔY_i − mean_C)/n_C in C
/// SE = sqrt(mean(IF²)/n); CI = ATT ± z·SE
/// aggregations with p_g = n_g/n (all units): simple Σ_{t≥g} p_g ATT / Σ p_g; dynamic
///   ATT(e) over t − g = e, overall = mean over e ≥ 0; group (mean over t ≥ g per g, then
///   p-weighted); calendar (p-weighted per t, then the mean); aggregate IFs include the
///   estimation of the weights (did's `wif`)
/// pre-test: W = n·a'V⁻¹a over the cells with t < g, V = IF'IF/n, χ²(#cells)
/// multiplier bootstrap: Rademacher v_i per replicate, R*_k = Σ v_i IF_ik/√n;
///   SE = IQR(R*_k)/(z_.75 − z_.25)/√n; uniform band: the 1 − α quantile (type 1) of
///   max_k |R*_k|/σ_k
/// ```
///
/// ```
/// use indsats::effects::{StaggeredPanel, StaggeredDid};
/// // two units in cohort 2, two never treated, periods 1 and 2
/// let p = StaggeredPanel {
///     outcome: "y".into(),
///     id: ["a", "a", "b", "b", "c", "c", "d", "d"].map(String::from).to_vec(),
///     time: vec![1.0, 2.0, 1.0, 2.0, 1.0, 2.0, 1.0, 2.0],
///     cohort: vec![2.0, 2.0, 2.0, 2.0, 0.0, 0.0, 0.0, 0.0],
///     y: vec![1.0, 4.0, 2.0, 4.0, 1.0, 2.0, 3.0, 3.0],
///     ..Default::default()
/// };
/// let fit = StaggeredDid::new().fit(&p).unwrap();
/// // (3 + 2)/2 − (1 + 0)/2 = 2
/// assert!((fit.estimate - 2.0).abs() < 1e-12);
/// assert_eq!(fit.att_gt.len(), 1);
/// ```
///
/// The data are prepared as `did::pre_process_did` does (`allow_unbalanced_panel = FALSE`):
/// units not observed in every period are left out (counted, and the first few named in a
/// warning); units treated in the first period have no period before treatment and are
/// left out; units first treated after the last period count as never treated; with no
/// never-treated unit, the not-yet-treated comparison drops the periods from the last
/// cohort's start on and uses that cohort only as a comparison (the never-treated
/// comparison is then an error suggesting not-yet). A cell without comparison units is
/// left out with a warning. A cohort of one unit (or a cell with one comparison unit) gets
/// a warning: the analytic standard error then leaves out that unit's own variation.
///
/// # Errors
/// Columns of different lengths; a period or cohort that is not a whole number; a cohort
/// that differs between a unit's rows; the same unit twice in a period (naming the rows);
/// no never-treated unit under [`ControlGroup::NeverTreated`]; nothing left to estimate
/// (fewer than two periods, no cohort with a period before its start); a bad level or
/// fewer than 2 bootstrap replicates.
///
/// # References
/// Callaway, B. & Sant'Anna, P. H. C. (2021). Difference-in-differences with multiple time
/// periods. *Journal of Econometrics* 225(2), 200–230. Matches R's `did::att_gt` (and its
/// Python port `csdid`) with `base_period = "varying"`, no covariates, `anticipation = 0`,
/// `bstrap = FALSE`, and `did::aggte` for the aggregations; the bootstrap follows `did`'s
/// `mboot`. de Chaisemartin, C. & D'Haultfœuille, X. (2020). Two-way fixed effects
/// estimators with heterogeneous treatment effects. *American Economic Review* 110(9).
#[derive(Debug, Clone, PartialEq)]
pub struct StaggeredDid {
    control: ControlGroup,
    ci_level: f64,
    bootstrap: Option<usize>,
    seed: u64,
    permutations: Option<usize>,
    /// Whether to fit the TWFE comparison (off inside the randomization test's deals).
    with_twfe: bool,
}

impl Default for StaggeredDid {
    fn default() -> Self {
        StaggeredDid::new()
    }
}

/// One group-time effect.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GroupTime {
    /// The cohort g (first treated period).
    pub cohort: i64,
    /// The period t.
    pub time: i64,
    /// The base period the change is taken from.
    pub base_period: i64,
    /// ATT(g, t).
    pub att: f64,
    /// Analytic standard error.
    pub std_error: f64,
    /// Pointwise confidence interval.
    pub ci: [f64; 2],
    /// Units in the cohort.
    pub n_treated: usize,
    /// Comparison units of this cell.
    pub n_control: usize,
    /// Multiplier-bootstrap standard error (with `bootstrap`).
    pub bootstrap_std_error: Option<f64>,
    /// Simultaneous band over all cells (with `bootstrap`).
    pub uniform_ci: Option<[f64; 2]>,
}

/// One event time of the event study (the dynamic aggregation).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StaggeredEvent {
    /// e = t − g.
    pub relative_time: i64,
    /// ATT(e).
    pub att: f64,
    /// Analytic standard error (with the weights' estimation).
    pub std_error: f64,
    /// Pointwise confidence interval.
    pub ci: [f64; 2],
    /// Multiplier-bootstrap standard error (with `bootstrap`).
    pub bootstrap_std_error: Option<f64>,
    /// Simultaneous band over all event times (with `bootstrap`).
    pub uniform_ci: Option<[f64; 2]>,
}

/// An overall effect.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct AggregateOverall {
    /// The effect.
    pub att: f64,
    /// Analytic standard error.
    pub std_error: f64,
    /// Confidence interval.
    pub ci: [f64; 2],
    /// Multiplier-bootstrap standard error (with `bootstrap`).
    pub bootstrap_std_error: Option<f64>,
}

/// One row of an aggregation: `at` is the event time (dynamic), the cohort (group) or the
/// period (calendar).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct AggregateRow {
    /// Event time, cohort or period.
    pub at: i64,
    /// The effect.
    pub att: f64,
    /// Analytic standard error.
    pub std_error: f64,
    /// Pointwise confidence interval.
    pub ci: [f64; 2],
}

/// An aggregation with its rows.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Aggregation {
    /// The overall effect.
    pub overall: AggregateOverall,
    /// By event time, cohort or period.
    pub by: Vec<AggregateRow>,
}

/// The four aggregations of `did::aggte`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Aggregations {
    /// Weighted mean of all post-treatment cells.
    pub simple: AggregateOverall,
    /// By event time; overall = mean over e ≥ 0.
    pub dynamic: Aggregation,
    /// By cohort; overall weighted by cohort size.
    pub group: Aggregation,
    /// By period; overall = mean over periods.
    pub calendar: Aggregation,
}

/// The Wald pre-test that every pre-treatment ATT(g, t) is 0.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct WaldPretest {
    /// W.
    pub statistic: f64,
    /// Degrees of freedom (pre-treatment cells).
    pub df: usize,
    /// P(χ²_df > W).
    pub p_value: f64,
}

/// The static two-way fixed-effects estimate, for comparison.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TwfeCheck {
    /// β of y on unit and period effects and the treatment dummy.
    pub estimate: f64,
    /// Cluster-robust (by unit) standard error, G/(G − 1) small-sample factor.
    pub std_error: f64,
    /// Treated unit-periods.
    pub treated_cells: usize,
    /// Treated unit-periods whose weight in β is negative (de Chaisemartin and
    /// D'Haultfœuille).
    pub negative_weight_cells: usize,
    /// The sum of those negative weights (all weights sum to 1).
    pub negative_weight_sum: f64,
    /// Whether β lies outside the confidence interval of the simple ATT.
    pub outside_ci: bool,
}

/// The multiplier bootstrap's settings and critical values.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MultiplierBootstrap {
    /// Replicates.
    pub replicates: usize,
    /// The seed.
    pub seed: u64,
    /// The multiplier distribution.
    pub weights: String,
    /// Critical value of the uniform band over the group-time cells.
    pub att_gt_critical_value: Option<f64>,
    /// Critical value of the uniform band over the event times.
    pub event_study_critical_value: Option<f64>,
}

/// Units and rows in and out.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StaggeredCounts {
    /// Units in a treated cohort that is estimated.
    pub treated: usize,
    /// Never-treated units.
    pub control: usize,
    /// Treated units in at least one cell.
    pub used_treated: usize,
    /// Units that served as a comparison in at least one cell.
    pub used_control: usize,
    /// Rows left out, all reasons.
    pub excluded: usize,
    /// Units used.
    pub units: usize,
    /// Periods used.
    pub periods: usize,
    /// Rows used.
    pub rows: usize,
    /// Units left out because a period is missing (did: converting to a balanced panel).
    pub excluded_unbalanced_units: usize,
    /// Units left out because they were treated in the first period.
    pub excluded_first_period_units: usize,
    /// Rows left out before (empty cells) and for periods without a comparison.
    pub excluded_other_rows: usize,
}

/// A fitted staggered difference-in-differences.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StaggeredFit {
    /// "staggered-did".
    pub method: String,
    /// "ATT".
    pub estimand: String,
    /// The outcome's name.
    pub outcome: String,
    /// The simple overall ATT.
    pub estimate: f64,
    /// Its analytic standard error.
    pub std_error: Option<f64>,
    /// Its confidence interval.
    pub ci: Option<[f64; 2]>,
    /// The level.
    pub ci_level: f64,
    /// Two-sided p-value (normal).
    pub p_value: Option<f64>,
    /// How the standard error was computed.
    pub std_error_method: String,
    /// The comparison group.
    pub control_group: ControlGroup,
    /// Units and rows.
    pub n: StaggeredCounts,
    /// Group-time effects.
    pub att_gt: Vec<GroupTime>,
    /// The dynamic aggregation by event time.
    pub event_study: Vec<StaggeredEvent>,
    /// simple, dynamic, group, calendar.
    pub aggregations: Aggregations,
    /// The Wald pre-test (`None`: no pre-treatment cell, or V singular).
    pub pretest: Option<WaldPretest>,
    /// The two-way fixed-effects comparison (`None`: no treatment variation left).
    pub twfe: Option<TwfeCheck>,
    /// The bootstrap (when asked for).
    pub bootstrap: Option<MultiplierBootstrap>,
    /// The randomization test (when asked for with [`StaggeredDid::permutations`]).
    pub randomization: Option<RandomizationInference>,
    /// What the reader should know.
    pub warnings: Vec<String>,
}

/// The panel after the checks: units × periods.
struct Prepared {
    units: Vec<String>,
    /// Cohort of each unit (0 never).
    g: Vec<i64>,
    periods: Vec<i64>,
    /// y[unit][period].
    y: Vec<Vec<f64>>,
    cohorts: Vec<i64>,
    warnings: Vec<String>,
    excluded_unbalanced: usize,
    excluded_first: usize,
    excluded_rows: usize,
    excluded_other_rows: usize,
}

const MAX_NAMED: usize = 5;

fn name_some(ids: &[&str]) -> String {
    let mut s = ids
        .iter()
        .take(MAX_NAMED)
        .map(|i| format!("\"{i}\""))
        .collect::<Vec<_>>()
        .join(", ");
    if ids.len() > MAX_NAMED {
        s.push_str(&format!(" and {} more", ids.len() - MAX_NAMED));
    }
    s
}

fn whole(v: f64) -> Option<i64> {
    (v.is_finite() && v.fract() == 0.0 && v.abs() < 1e15).then_some(v as i64)
}

impl StaggeredDid {
    /// Never-treated comparison, 95 % intervals, no bootstrap, seed 1.
    pub fn new() -> StaggeredDid {
        StaggeredDid {
            control: ControlGroup::NeverTreated,
            ci_level: 0.95,
            bootstrap: None,
            seed: 1,
            permutations: None,
            with_twfe: true,
        }
    }

    /// The comparison group.
    pub fn control(mut self, control: ControlGroup) -> Self {
        self.control = control;
        self
    }

    /// The confidence level (default 0.95).
    pub fn ci_level(mut self, level: f64) -> Self {
        self.ci_level = level;
        self
    }

    /// Adds a multiplier bootstrap with this many replicates (`None`: none).
    pub fn bootstrap(mut self, replicates: Option<usize>) -> Self {
        self.bootstrap = replicates;
        self
    }

    /// The seed of the bootstrap and of the sampled deals of the randomization test.
    pub fn seed(mut self, seed: u64) -> Self {
        self.seed = seed;
        self
    }

    /// Adds a randomization test ([`RandomizationInference`]): the units' first treated
    /// periods are dealt out again among the units (each cohort keeping its number of
    /// units) up to this many times — every distinct deal when there are no more — and the
    /// simple ATT and the pre-trend statistic are recomputed for each (`None`: no test).
    ///
    /// ```text
    /// effect statistic: |simple ATT|
    /// pre-trend statistic: Σ_{e < 0} (θ_e / se_e)² over the dynamic aggregation's
    ///   pre-treatment event times (analytic se)
    /// p = #{deals with a statistic ≥ the observed} / #deals   (every deal, the observed among them)
    ///   or (1 + #{…}) / (1 + B)                               (B sampled deals)
    /// ```
    ///
    /// With few treated units per cohort the analytic errors and the Wald pre-test are
    /// unreliable (they estimate a cohort's variance from its few units); the deals need
    /// no variance. The test assumes that the cohorts could as well have fallen on any
    /// units (MacKinnon & Webb 2020).
    pub fn permutations(mut self, deals: Option<usize>) -> Self {
        self.permutations = deals;
        self
    }

    /// Checks the settings.
    ///
    /// # Errors
    /// A level outside (0, 1); fewer than 2 bootstrap replicates; fewer than 19 deals.
    pub fn check(&self) -> Result<()> {
        check_ci_level(self.ci_level)?;
        super::randomization::check_permutations(self.permutations)?;
        if let Some(b) = self.bootstrap {
            if b < 2 {
                return Err(Error::parameter(
                    "bootstrap",
                    format!("needs at least 2 replicates, not {b}"),
                ));
            }
        }
        Ok(())
    }

    fn prepare(&self, p: &StaggeredPanel) -> Result<Prepared> {
        let n = p.y.len();
        if p.id.len() != n || p.time.len() != n || p.cohort.len() != n {
            return Err(Error::parameter(
                "panel",
                format!(
                    "columns differ in length: id {}, time {}, cohort {}, outcome {}",
                    p.id.len(),
                    p.time.len(),
                    p.cohort.len(),
                    n
                ),
            ));
        }
        if p.rows.as_ref().is_some_and(|r| r.len() != n) {
            return Err(Error::parameter("panel", "rows has the wrong length"));
        }
        let row = |i: usize| p.rows.as_ref().map_or(i + 1, |r| r[i]);
        let mut time = Vec::with_capacity(n);
        let mut cohort = Vec::with_capacity(n);
        for i in 0..n {
            let t = whole(p.time[i]).ok_or_else(|| {
                Error::analysis(format!(
                    "row {}: period {} is not a whole number (periods must be integers: years, \
                     or half-years numbered 1, 2, …)",
                    row(i),
                    p.time[i]
                ))
            })?;
            let g = whole(p.cohort[i]).filter(|g| *g >= 0).ok_or_else(|| {
                Error::analysis(format!(
                    "row {}: cohort {} is not a whole number ≥ 0 (the first treated period, \
                     0 for never treated)",
                    row(i),
                    p.cohort[i]
                ))
            })?;
            if !p.y[i].is_finite() {
                return Err(Error::analysis(format!(
                    "row {}: outcome \"{}\" is {}, not a number",
                    row(i),
                    p.outcome,
                    p.y[i]
                )));
            }
            time.push(t);
            cohort.push(g);
        }
        // units in order of first appearance
        let mut index: HashMap<&str, usize> = HashMap::new();
        let mut units: Vec<&str> = Vec::new();
        let mut unit_of = Vec::with_capacity(n);
        for id in &p.id {
            let next = units.len();
            let u = *index.entry(id.as_str()).or_insert_with(|| {
                units.push(id.as_str());
                next
            });
            unit_of.push(u);
        }
        let mut g_of: Vec<Option<(i64, usize)>> = vec![None; units.len()];
        for i in 0..n {
            match g_of[unit_of[i]] {
                None => g_of[unit_of[i]] = Some((cohort[i], i)),
                Some((g, first)) if g != cohort[i] => {
                    return Err(Error::analysis(format!(
                        "unit \"{}\" has cohort {g} in row {} but {} in row {}; the cohort (first \
                         treated period) must be the same in all of a unit's rows",
                        p.id[i],
                        row(first),
                        cohort[i],
                        row(i)
                    )))
                }
                _ => {}
            }
        }
        let mut all_periods: Vec<i64> = time.clone();
        all_periods.sort_unstable();
        all_periods.dedup();
        let pidx: HashMap<i64, usize> = all_periods
            .iter()
            .enumerate()
            .map(|(k, t)| (*t, k))
            .collect();
        let mut cell: Vec<Vec<Option<usize>>> = vec![vec![None; all_periods.len()]; units.len()];
        for i in 0..n {
            let slot = &mut cell[unit_of[i]][pidx[&time[i]]];
            if let Some(first) = *slot {
                return Err(Error::analysis(format!(
                    "unit \"{}\" appears twice in period {}: rows {} and {}; a panel has one row \
                     per unit and period",
                    p.id[i],
                    time[i],
                    row(first),
                    row(i)
                )));
            }
            *slot = Some(i);
        }
        let mut warnings = p.warnings.clone();
        let mut excluded_rows = p.excluded;
        // did (allow_unbalanced_panel = FALSE) keeps only units seen in every period
        let unbalanced: Vec<usize> = (0..units.len())
            .filter(|&u| cell[u].iter().any(Option::is_none))
            .collect();
        if !unbalanced.is_empty() {
            let names: Vec<&str> = unbalanced.iter().map(|&u| units[u]).collect();
            let rows_out: usize = unbalanced
                .iter()
                .map(|&u| cell[u].iter().flatten().count())
                .sum();
            warnings.push(format!(
                "{} units are not observed in all {} periods and were left out ({rows_out} rows), \
                 as R's did does for a balanced panel: {}",
                unbalanced.len(),
                all_periods.len(),
                name_some(&names)
            ));
        }
        let balanced: Vec<usize> = (0..units.len())
            .filter(|&u| cell[u].iter().all(Option::is_some))
            .collect();
        if balanced.is_empty() {
            return Err(Error::analysis(
                "no unit is observed in every period; the estimator needs a balanced panel",
            ));
        }
        let first = all_periods[0];
        let last = *all_periods.last().expect("not empty");
        // treated in the first period: no pre-period, dropped as did does
        let mut first_treated: BTreeMap<i64, usize> = BTreeMap::new();
        let mut late: BTreeMap<i64, usize> = BTreeMap::new();
        let mut kept: Vec<usize> = Vec::new();
        let mut g: Vec<i64> = Vec::new();
        for &u in &balanced {
            let gu = g_of[u].expect("every unit has a row").0;
            if gu > 0 && gu <= first {
                *first_treated.entry(gu).or_default() += 1;
                continue;
            }
            kept.push(u);
            if gu > last {
                *late.entry(gu).or_default() += 1;
                g.push(0);
            } else {
                g.push(gu);
            }
        }
        let excluded_first: usize = first_treated.values().sum();
        if excluded_first > 0 {
            warnings.push(format!(
                "{excluded_first} units treated in the first period ({first}) have no period \
                 before treatment and were left out (cohorts {}), as R's did does",
                first_treated
                    .keys()
                    .map(i64::to_string)
                    .collect::<Vec<_>>()
                    .join(", ")
            ));
        }
        if !late.is_empty() {
            warnings.push(format!(
                "{} units first treated after the last period ({last}) are counted as never \
                 treated (cohorts {}), as R's did does",
                late.values().sum::<usize>(),
                late.keys()
                    .map(i64::to_string)
                    .collect::<Vec<_>>()
                    .join(", ")
            ));
        }
        if kept.is_empty() {
            return Err(Error::analysis(
                "every unit was treated in the first period; no cohort has a period before \
                 treatment",
            ));
        }
        let mut periods = all_periods.clone();
        let mut cohorts: Vec<i64> = g.iter().copied().filter(|&c| c > 0).collect();
        cohorts.sort_unstable();
        cohorts.dedup();
        if cohorts.is_empty() {
            return Err(Error::analysis(
                "no unit is treated during the panel's periods (every cohort is 0 or later than \
                 the last period); there is no effect to estimate — are the cohorts on the same \
                 scale as the periods (e.g. both years, or both numbered half-years)?",
            ));
        }
        let has_never = g.contains(&0);
        if !has_never {
            match self.control {
                ControlGroup::NeverTreated => {
                    return Err(Error::analysis(format!(
                        "no never-treated unit (cohort 0) is left to compare with; every unit is \
                         treated by period {} — use the not-yet-treated units as the comparison \
                         (--control not-yet)",
                        cohorts.last().expect("not empty")
                    )))
                }
                ControlGroup::NotYetTreated => {
                    // as did: periods from the last cohort's start on have no comparison;
                    // the last cohort serves only as a comparison
                    let latest = *cohorts.last().expect("not empty");
                    let dropped = periods.iter().filter(|&&t| t >= latest).count();
                    periods.retain(|&t| t < latest);
                    cohorts.pop();
                    warnings.push(format!(
                        "no never-treated unit: periods from {latest} on ({dropped}) have no \
                         comparison and were left out, and cohort {latest} serves only as a \
                         comparison, as R's did does"
                    ));
                    excluded_rows += dropped * kept.len();
                    if periods.len() < 2 || cohorts.is_empty() {
                        return Err(Error::analysis(format!(
                            "no never-treated unit, and before the last cohort ({latest}) too \
                             few periods or cohorts are left to estimate anything"
                        )));
                    }
                }
            }
        }
        if periods.len() < 2 {
            return Err(Error::analysis(
                "the panel has one period; the estimator needs at least two",
            ));
        }
        let y: Vec<Vec<f64>> = kept
            .iter()
            .map(|&u| {
                periods
                    .iter()
                    .map(|t| p.y[cell[u][pidx[t]].expect("balanced")])
                    .collect()
            })
            .collect();
        let excluded_unbalanced = unbalanced.len();
        let unbalanced_rows: usize = unbalanced
            .iter()
            .map(|&u| cell[u].iter().flatten().count())
            .sum();
        let first_rows = excluded_first * all_periods.len();
        Ok(Prepared {
            units: kept.iter().map(|&u| units[u].to_string()).collect(),
            g,
            periods,
            y,
            cohorts,
            warnings,
            excluded_unbalanced,
            excluded_first,
            excluded_rows: excluded_rows + unbalanced_rows + first_rows,
            excluded_other_rows: excluded_rows,
        })
    }

    /// Estimates every ATT(g, t), the aggregations, the pre-test, the TWFE comparison and,
    /// if asked, the multiplier bootstrap.
    ///
    /// # Errors
    /// See [`StaggeredDid`].
    pub fn fit(&self, panel: &StaggeredPanel) -> Result<StaggeredFit> {
        self.check()?;
        let prep = self.prepare(panel)?;
        let mut warnings = prep.warnings.clone();
        let n = prep.units.len();
        let nf = n as f64;
        let z = normal().inverse_cdf(1.0 - (1.0 - self.ci_level) / 2.0);
        let ci = |att: f64, se: f64| [att - z * se, att + z * se];
        let se_of = |f: &[f64]| (f.iter().map(|v| v * v).sum::<f64>() / nf / nf).sqrt();

        // group-time cells
        let mut cells: Vec<GroupTime> = Vec::new();
        let mut ifs: Vec<Vec<f64>> = Vec::new();
        let mut used_treated = vec![false; n];
        let mut used_control = vec![false; n];
        let mut empty_cells: Vec<String> = Vec::new();
        for &gc in &prep.cohorts {
            let pret = prep
                .periods
                .iter()
                .rposition(|&t| t < gc)
                .expect("cohorts start after the first period");
            for ti in 1..prep.periods.len() {
                let t = prep.periods[ti];
                let base = if t >= gc { pret } else { ti - 1 };
                let treated: Vec<usize> = (0..n).filter(|&i| prep.g[i] == gc).collect();
                let control: Vec<usize> = (0..n)
                    .filter(|&i| match self.control {
                        ControlGroup::NeverTreated => prep.g[i] == 0,
                        ControlGroup::NotYetTreated => {
                            prep.g[i] == 0 || (prep.g[i] > t && prep.g[i] != gc)
                        }
                    })
                    .collect();
                if treated.is_empty() || control.is_empty() {
                    empty_cells.push(format!("({gc}, {t})"));
                    continue;
                }
                let dy = |i: usize| prep.y[i][ti] - prep.y[i][base];
                let mean = |s: &[usize]| s.iter().map(|&i| dy(i)).sum::<f64>() / s.len() as f64;
                let (m1, m0) = (mean(&treated), mean(&control));
                let (n1, n0) = (treated.len() as f64, control.len() as f64);
                let mut inf = vec![0.0; n];
                for &i in &treated {
                    inf[i] = nf * (dy(i) - m1) / n1;
                    used_treated[i] = true;
                }
                for &i in &control {
                    inf[i] = -nf * (dy(i) - m0) / n0;
                    used_control[i] = true;
                }
                let att = m1 - m0;
                let se = se_of(&inf);
                cells.push(GroupTime {
                    cohort: gc,
                    time: t,
                    base_period: prep.periods[base],
                    att,
                    std_error: se,
                    ci: ci(att, se),
                    n_treated: treated.len(),
                    n_control: control.len(),
                    bootstrap_std_error: None,
                    uniform_ci: None,
                });
                ifs.push(inf);
            }
        }
        if !empty_cells.is_empty() {
            warnings.push(format!(
                "{} group-time cells have no comparison unit and are left out: {}",
                empty_cells.len(),
                empty_cells.join(", ")
            ));
        }
        let single: Vec<String> = prep
            .cohorts
            .iter()
            .filter(|&&c| prep.g.iter().filter(|&&g| g == c).count() == 1)
            .map(i64::to_string)
            .collect();
        let thin: Vec<String> = cells
            .iter()
            .filter(|c| c.n_control == 1)
            .map(|c| format!("({}, {})", c.cohort, c.time))
            .collect();
        if !thin.is_empty() {
            warnings.push(format!(
                "{} group-time cells have a single comparison unit ({}): their standard errors \
                 leave out that unit's own variation and are too small",
                thin.len(),
                name_some(&thin.iter().map(String::as_str).collect::<Vec<_>>()).replace('"', "")
            ));
        }
        if !single.is_empty() {
            warnings.push(format!(
                "cohorts {} have one unit each: the analytic standard errors leave out that \
                 unit's own variation and understate the uncertainty, so the intervals are too \
                 narrow (with so few treated units, read the estimates as descriptive)",
                single.join(", ")
            ));
        }
        let post: Vec<usize> = (0..cells.len())
            .filter(|&k| cells[k].time >= cells[k].cohort)
            .collect();
        if post.is_empty() {
            return Err(Error::analysis(
                "no cohort has a period after its start with a comparison unit; there is no \
                 effect to estimate",
            ));
        }

        // aggregation weights: share of all units in each cell's cohort
        let share: HashMap<i64, f64> = prep
            .cohorts
            .iter()
            .map(|&c| (c, prep.g.iter().filter(|&&g| g == c).count() as f64 / nf))
            .collect();
        let pg: Vec<f64> = cells.iter().map(|c| share[&c.cohort]).collect();
        let cell_group: Vec<i64> = cells.iter().map(|c| c.cohort).collect();
        let atts: Vec<f64> = cells.iter().map(|c| c.att).collect();
        let agg = Agg {
            ifs: &ifs,
            atts: &atts,
            pg: &pg,
            group: &cell_group,
            unit_g: &prep.g,
        };

        let (simple_att, simple_if) = agg.weighted(&post, true);
        let overall = |att: f64, inf: &[f64]| {
            let se = se_of(inf);
            AggregateOverall {
                att,
                std_error: se,
                ci: ci(att, se),
                bootstrap_std_error: None,
            }
        };
        let simple = overall(simple_att, &simple_if);

        // dynamic
        let mut es: Vec<i64> = cells.iter().map(|c| c.time - c.cohort).collect();
        es.sort_unstable();
        es.dedup();
        let mut dyn_rows = Vec::new();
        let mut dyn_ifs = Vec::new();
        for &e in &es {
            let keep: Vec<usize> = (0..cells.len())
                .filter(|&k| cells[k].time - cells[k].cohort == e)
                .collect();
            let (att, inf) = agg.weighted(&keep, true);
            let se = se_of(&inf);
            dyn_rows.push(AggregateRow {
                at: e,
                att,
                std_error: se,
                ci: ci(att, se),
            });
            dyn_ifs.push(inf);
        }
        let nonneg: Vec<usize> = (0..es.len()).filter(|&k| es[k] >= 0).collect();
        let (dyn_att, dyn_if) = mean_of(&dyn_rows, &dyn_ifs, &nonneg, n);
        let dynamic = Aggregation {
            overall: overall(dyn_att, &dyn_if),
            by: dyn_rows,
        };

        // group
        let mut grp_rows = Vec::new();
        let mut grp_ifs = Vec::new();
        for &gc in &prep.cohorts {
            let keep: Vec<usize> = post
                .iter()
                .copied()
                .filter(|&k| cells[k].cohort == gc)
                .collect();
            if keep.is_empty() {
                continue;
            }
            let (att, inf) = agg.weighted(&keep, false);
            let se = se_of(&inf);
            grp_rows.push(AggregateRow {
                at: gc,
                att,
                std_error: se,
                ci: ci(att, se),
            });
            grp_ifs.push(inf);
        }
        let (grp_att, grp_if) = {
            let gatts: Vec<f64> = grp_rows.iter().map(|r| r.att).collect();
            let gp: Vec<f64> = grp_rows.iter().map(|r| share[&r.at]).collect();
            let gg: Vec<i64> = grp_rows.iter().map(|r| r.at).collect();
            let a2 = Agg {
                ifs: &grp_ifs,
                atts: &gatts,
                pg: &gp,
                group: &gg,
                unit_g: &prep.g,
            };
            a2.weighted(&(0..grp_rows.len()).collect::<Vec<_>>(), true)
        };
        let group = Aggregation {
            overall: overall(grp_att, &grp_if),
            by: grp_rows,
        };

        // calendar
        let first_g = *prep.cohorts.first().expect("not empty");
        let mut cal_rows = Vec::new();
        let mut cal_ifs = Vec::new();
        for &t in prep.periods.iter().filter(|&&t| t >= first_g) {
            let keep: Vec<usize> = post
                .iter()
                .copied()
                .filter(|&k| cells[k].time == t)
                .collect();
            if keep.is_empty() {
                continue;
            }
            let (att, inf) = agg.weighted(&keep, true);
            let se = se_of(&inf);
            cal_rows.push(AggregateRow {
                at: t,
                att,
                std_error: se,
                ci: ci(att, se),
            });
            cal_ifs.push(inf);
        }
        let all_cal: Vec<usize> = (0..cal_rows.len()).collect();
        let (cal_att, cal_if) = mean_of(&cal_rows, &cal_ifs, &all_cal, n);
        let calendar = Aggregation {
            overall: overall(cal_att, &cal_if),
            by: cal_rows,
        };

        // pre-test
        let pre: Vec<usize> = (0..cells.len())
            .filter(|&k| cells[k].time < cells[k].cohort)
            .collect();
        let pretest = if pre.is_empty() {
            None
        } else {
            let q = pre.len();
            let mut v = vec![vec![0.0; q]; q];
            for a in 0..q {
                for b in 0..=a {
                    let s = ifs[pre[a]]
                        .iter()
                        .zip(&ifs[pre[b]])
                        .map(|(x, y)| x * y)
                        .sum::<f64>()
                        / nf;
                    v[a][b] = s;
                    v[b][a] = s;
                }
            }
            let a: Vec<f64> = pre.iter().map(|&k| cells[k].att).collect();
            match solve_spd(&v, &a) {
                Some(x) => {
                    let w = nf * a.iter().zip(&x).map(|(p, q)| p * q).sum::<f64>();
                    let chi = ChiSquared::new(q as f64).expect("df > 0");
                    Some(WaldPretest {
                        statistic: w,
                        df: q,
                        p_value: chi.sf(w),
                    })
                }
                None => {
                    warnings.push(
                        "the pre-test is not given: the covariance of the pre-treatment effects \
                         is singular"
                            .into(),
                    );
                    None
                }
            }
        };
        if let Some(pt) = &pretest {
            if pt.p_value < 1.0 - self.ci_level {
                warnings.push(format!(
                    "the pre-treatment effects differ from 0 (Wald test p = {:.4}): the \
                     parallel-trends assumption is in doubt",
                    pt.p_value
                ));
            }
        }

        let simple_ci = simple.ci;
        let twfe = if self.with_twfe {
            twfe_check(&prep, simple_ci)
        } else {
            None
        };
        if let Some(tw) = &twfe {
            if tw.outside_ci {
                warnings.push(format!(
                    "the two-way fixed-effects estimate ({:.4}) lies outside the {:.0} % \
                     confidence interval of the Callaway–Sant'Anna estimate ({:.4} to {:.4}): the \
                     effect probably differs between cohorts or over time, which the TWFE \
                     regression weighs badly ({} of {} treated unit-periods get a negative \
                     weight); report the Callaway–Sant'Anna estimate",
                    tw.estimate,
                    self.ci_level * 100.0,
                    simple_ci[0],
                    simple_ci[1],
                    tw.negative_weight_cells,
                    tw.treated_cells
                ));
            }
        }

        let mut fit = StaggeredFit {
            method: "staggered-did".into(),
            estimand: "ATT".into(),
            outcome: panel.outcome.clone(),
            estimate: simple.att,
            std_error: finite(simple.std_error),
            ci: (simple.ci[0].is_finite() && simple.ci[1].is_finite()).then_some(simple.ci),
            ci_level: self.ci_level,
            p_value: finite(normal_p_two_sided(simple.att / simple.std_error)),
            std_error_method: "analytic influence function (Callaway & Sant'Anna)".into(),
            control_group: self.control,
            n: StaggeredCounts {
                treated: prep
                    .g
                    .iter()
                    .filter(|&&g| prep.cohorts.contains(&g))
                    .count(),
                control: prep.g.iter().filter(|&&g| g == 0).count(),
                used_treated: used_treated.iter().filter(|&&u| u).count(),
                used_control: used_control.iter().filter(|&&u| u).count(),
                excluded: prep.excluded_rows,
                units: n,
                periods: prep.periods.len(),
                rows: n * prep.periods.len(),
                excluded_unbalanced_units: prep.excluded_unbalanced,
                excluded_first_period_units: prep.excluded_first,
                excluded_other_rows: prep.excluded_other_rows,
            },
            event_study: dynamic
                .by
                .iter()
                .map(|r| StaggeredEvent {
                    relative_time: r.at,
                    att: r.att,
                    std_error: r.std_error,
                    ci: r.ci,
                    bootstrap_std_error: None,
                    uniform_ci: None,
                })
                .collect(),
            att_gt: cells,
            aggregations: Aggregations {
                simple,
                dynamic,
                group,
                calendar,
            },
            pretest,
            twfe,
            bootstrap: None,
            randomization: None,
            warnings,
        };
        if let Some(b) = self.bootstrap {
            let extra = [&simple_if, &dyn_if, &grp_if, &cal_if];
            self.run_bootstrap(&mut fit, b, &ifs, &dyn_ifs, &extra, n);
        }
        if let Some(b) = self.permutations {
            let inner = StaggeredDid {
                bootstrap: None,
                permutations: None,
                with_twfe: false,
                ..self.clone()
            };
            let (cohorts, row_unit) = super::randomization::units_of(&panel.id, &panel.cohort);
            let ri = super::randomization::permutation_test(
                &cohorts,
                b,
                self.seed,
                (fit.estimate, pretrend_statistic(&fit)),
                "the sum over the pre-treatment event times of (estimate / standard error)²",
                |deal| {
                    let mut p = panel.clone();
                    p.cohort = row_unit.iter().map(|&u| deal[u]).collect();
                    let f = inner.fit(&p).ok()?;
                    f.estimate
                        .is_finite()
                        .then(|| (f.estimate, pretrend_statistic(&f)))
                },
            );
            fit.warnings.extend(ri.failed_warning());
            fit.randomization = Some(ri);
        }
        Ok(fit)
    }

    fn run_bootstrap(
        &self,
        fit: &mut StaggeredFit,
        replicates: usize,
        cell_ifs: &[Vec<f64>],
        dyn_ifs: &[Vec<f64>],
        overall_ifs: &[&Vec<f64>; 4],
        n: usize,
    ) {
        let cols: Vec<&[f64]> = cell_ifs
            .iter()
            .chain(dyn_ifs)
            .map(Vec::as_slice)
            .chain(overall_ifs.iter().map(|v| v.as_slice()))
            .collect();
        let mb = multiplier_bootstrap(&cols, n, replicates, self.seed);
        let alpha = 1.0 - self.ci_level;
        let nc = cell_ifs.len();
        let ne = dyn_ifs.len();
        let cell_idx: Vec<usize> = (0..nc).collect();
        let dyn_idx: Vec<usize> = (nc..nc + ne).collect();
        let crit_gt = mb.critical_value(&cell_idx, alpha);
        let crit_es = mb.critical_value(&dyn_idx, alpha);
        for (k, c) in fit.att_gt.iter_mut().enumerate() {
            c.bootstrap_std_error = mb.se[k];
            c.uniform_ci = match (mb.se[k], crit_gt) {
                (Some(s), Some(q)) => Some([c.att - q * s, c.att + q * s]),
                _ => None,
            };
        }
        for (k, e) in fit.event_study.iter_mut().enumerate() {
            let s = mb.se[nc + k];
            e.bootstrap_std_error = s;
            e.uniform_ci = match (s, crit_es) {
                (Some(s), Some(q)) => Some([e.att - q * s, e.att + q * s]),
                _ => None,
            };
        }
        let a = &mut fit.aggregations;
        a.simple.bootstrap_std_error = mb.se[nc + ne];
        a.dynamic.overall.bootstrap_std_error = mb.se[nc + ne + 1];
        a.group.overall.bootstrap_std_error = mb.se[nc + ne + 2];
        a.calendar.overall.bootstrap_std_error = mb.se[nc + ne + 3];
        fit.bootstrap = Some(MultiplierBootstrap {
            replicates,
            seed: self.seed,
            weights: "rademacher".into(),
            att_gt_critical_value: crit_gt,
            event_study_critical_value: crit_es,
        });
    }
}

fn finite(v: f64) -> Option<f64> {
    v.is_finite().then_some(v)
}

/// Σ_{e < 0} (θ_e / se_e)² over the dynamic aggregation's pre-treatment event times with a
/// positive finite standard error (`None`: none).
fn pretrend_statistic(fit: &StaggeredFit) -> Option<f64> {
    let terms: Vec<f64> = fit
        .event_study
        .iter()
        .filter(|e| e.relative_time < 0 && e.std_error.is_finite() && e.std_error > 0.0)
        .map(|e| (e.att / e.std_error).powi(2))
        .collect();
    (!terms.is_empty()).then(|| terms.iter().sum())
}

/// Cell-level aggregation with did's weight-estimation term.
struct Agg<'a> {
    ifs: &'a [Vec<f64>],
    atts: &'a [f64],
    /// share of units in each item's cohort
    pg: &'a [f64],
    /// each item's cohort
    group: &'a [i64],
    /// each unit's cohort
    unit_g: &'a [i64],
}

impl Agg<'_> {
    /// Σ_k p_k ATT_k / Σ p_k over `keep`, and its influence function (with did's `wif` when
    /// `with_wif`).
    fn weighted(&self, keep: &[usize], with_wif: bool) -> (f64, Vec<f64>) {
        let n = self.unit_g.len();
        let sp: f64 = keep.iter().map(|&k| self.pg[k]).sum();
        let att: f64 = keep.iter().map(|&k| self.pg[k] * self.atts[k]).sum::<f64>() / sp;
        let mut inf = vec![0.0; n];
        for &k in keep {
            let w = self.pg[k] / sp;
            for (o, v) in inf.iter_mut().zip(&self.ifs[k]) {
                *o += w * v;
            }
        }
        if with_wif {
            // wif_ik = (1{G_i = g_k} − p_k)/Σp − (Σ_j (1{G_i = g_j} − p_j))·p_k/(Σp)²
            for (i, o) in inf.iter_mut().enumerate() {
                let gi = self.unit_g[i];
                let total: f64 = keep
                    .iter()
                    .map(|&j| f64::from(u8::from(gi == self.group[j])) - self.pg[j])
                    .sum();
                let mut add = 0.0;
                for &k in keep {
                    let ind = f64::from(u8::from(gi == self.group[k]));
                    let wif = (ind - self.pg[k]) / sp - total * self.pg[k] / (sp * sp);
                    add += wif * self.atts[k];
                }
                *o += add;
            }
        }
        (att, inf)
    }
}

/// Plain mean of the rows `keep` and of their influence functions.
fn mean_of(rows: &[AggregateRow], ifs: &[Vec<f64>], keep: &[usize], n: usize) -> (f64, Vec<f64>) {
    let m = keep.len() as f64;
    let att = keep.iter().map(|&k| rows[k].att).sum::<f64>() / m;
    let mut inf = vec![0.0; n];
    for &k in keep {
        for (o, v) in inf.iter_mut().zip(&ifs[k]) {
            *o += v / m;
        }
    }
    (att, inf)
}

/// Solves V x = a for a symmetric positive definite V by Cholesky; `None` when V is
/// (numerically) singular.
fn solve_spd(v: &[Vec<f64>], a: &[f64]) -> Option<Vec<f64>> {
    let q = a.len();
    let scale = (0..q).map(|i| v[i][i]).fold(0.0_f64, f64::max);
    if scale <= 0.0 || !scale.is_finite() {
        return None;
    }
    let mut l = vec![vec![0.0; q]; q];
    for i in 0..q {
        for j in 0..=i {
            let s: f64 = v[i][j] - (0..j).map(|k| l[i][k] * l[j][k]).sum::<f64>();
            if i == j {
                if s <= scale * 1e-12 {
                    return None;
                }
                l[i][i] = s.sqrt();
            } else {
                l[i][j] = s / l[j][j];
            }
        }
    }
    let mut y = vec![0.0; q];
    for i in 0..q {
        y[i] = (a[i] - (0..i).map(|k| l[i][k] * y[k]).sum::<f64>()) / l[i][i];
    }
    let mut x = vec![0.0; q];
    for i in (0..q).rev() {
        x[i] = (y[i] - (i + 1..q).map(|k| l[k][i] * x[k]).sum::<f64>()) / l[i][i];
    }
    Some(x)
}

/// The static TWFE regression by the within transformation on the balanced panel, its
/// cluster-robust SE and the de Chaisemartin–D'Haultfœuille weights.
fn twfe_check(prep: &Prepared, ci: [f64; 2]) -> Option<TwfeCheck> {
    let n = prep.units.len();
    let tn = prep.periods.len();
    let d: Vec<Vec<f64>> = (0..n)
        .map(|i| {
            prep.periods
                .iter()
                .map(|&t| f64::from(u8::from(prep.g[i] > 0 && t >= prep.g[i])))
                .collect()
        })
        .collect();
    let within = |x: &[Vec<f64>]| -> Vec<Vec<f64>> {
        let row: Vec<f64> = x
            .iter()
            .map(|r| r.iter().sum::<f64>() / tn as f64)
            .collect();
        let col: Vec<f64> = (0..tn)
            .map(|t| x.iter().map(|r| r[t]).sum::<f64>() / n as f64)
            .collect();
        let all = row.iter().sum::<f64>() / n as f64;
        x.iter()
            .enumerate()
            .map(|(i, r)| {
                r.iter()
                    .enumerate()
                    .map(|(t, v)| v - row[i] - col[t] + all)
                    .collect()
            })
            .collect()
    };
    let dt = within(&d);
    let yt = within(&prep.y);
    let sdd: f64 = dt.iter().flatten().map(|v| v * v).sum();
    if sdd <= 1e-12 * (n * tn) as f64 {
        return None;
    }
    let sdy: f64 = dt
        .iter()
        .flatten()
        .zip(yt.iter().flatten())
        .map(|(a, b)| a * b)
        .sum();
    let beta = sdy / sdd;
    let meat: f64 = (0..n)
        .map(|i| {
            (0..tn)
                .map(|t| dt[i][t] * (yt[i][t] - beta * dt[i][t]))
                .sum::<f64>()
                .powi(2)
        })
        .sum();
    let gf = n as f64 / (n as f64 - 1.0);
    let se = (gf * meat).sqrt() / sdd;
    // weights of the treated cells: d̃_it / Σ_{d=1} d̃
    let treated: Vec<f64> = (0..n)
        .flat_map(|i| (0..tn).map(move |t| (i, t)))
        .filter(|&(i, t)| d[i][t] == 1.0)
        .map(|(i, t)| dt[i][t])
        .collect();
    let total: f64 = treated.iter().sum();
    let neg: Vec<f64> = treated
        .iter()
        .map(|v| v / total)
        .filter(|w| *w < 0.0)
        .collect();
    Some(TwfeCheck {
        estimate: beta,
        std_error: se,
        treated_cells: treated.len(),
        negative_weight_cells: neg.len(),
        negative_weight_sum: neg.iter().sum(),
        outside_ci: beta < ci[0] || beta > ci[1],
    })
}

/// The multiplier bootstrap draws: `draws[r][k]` = Σ_i v_ri IF_ik / √n.
struct Multiplier {
    draws: Vec<Vec<f64>>,
    sigma: Vec<Option<f64>>,
    se: Vec<Option<f64>>,
}

/// R's type-1 quantile (inverse of the empirical CDF) of sorted data, with R's fuzz.
fn quantile1(sorted: &[f64], p: f64) -> f64 {
    let m = sorted.len();
    let np = m as f64 * p;
    let fuzz = 4.0 * f64::EPSILON;
    let j = (np + fuzz).floor() as usize;
    let k = if np > j as f64 + fuzz { j + 1 } else { j };
    sorted[k.clamp(1, m) - 1]
}

fn multiplier_bootstrap(cols: &[&[f64]], n: usize, replicates: usize, seed: u64) -> Multiplier {
    let root = (n as f64).sqrt();
    let draws: Vec<Vec<f64>> = (0..replicates)
        .into_par_iter()
        .map(|r| {
            let mut rng = ChaCha8Rng::seed_from_u64(seed);
            rng.set_stream(r as u64);
            let v: Vec<f64> = (0..n)
                .map(|_| if rng.random::<bool>() { 1.0 } else { -1.0 })
                .collect();
            cols.iter()
                .map(|c| c.iter().zip(&v).map(|(a, b)| a * b).sum::<f64>() / root)
                .collect()
        })
        .collect();
    let iqr_z = normal().inverse_cdf(0.75) - normal().inverse_cdf(0.25);
    let sigma: Vec<Option<f64>> = (0..cols.len())
        .map(|k| {
            let mut col: Vec<f64> = draws.iter().map(|d| d[k]).collect();
            col.sort_by(f64::total_cmp);
            let s = (quantile1(&col, 0.75) - quantile1(&col, 0.25)) / iqr_z;
            (s.is_finite() && s > f64::EPSILON.sqrt() * 10.0).then_some(s)
        })
        .collect();
    let se = sigma.iter().map(|s| s.map(|s| s / root)).collect();
    Multiplier { draws, sigma, se }
}

impl Multiplier {
    /// The sup-t critical value over the columns `idx`.
    fn critical_value(&self, idx: &[usize], alpha: f64) -> Option<f64> {
        let live: Vec<(usize, f64)> = idx
            .iter()
            .filter_map(|&k| self.sigma[k].map(|s| (k, s)))
            .collect();
        if live.is_empty() {
            return None;
        }
        let mut t: Vec<f64> = self
            .draws
            .iter()
            .map(|d| {
                live.iter()
                    .map(|&(k, s)| (d[k] / s).abs())
                    .fold(0.0_f64, f64::max)
            })
            .collect();
        t.sort_by(f64::total_cmp);
        Some(quantile1(&t, 1.0 - alpha))
    }
}
