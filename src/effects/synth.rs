//! Synthetic control: one treated unit (our municipality) against a weighted average of
//! untreated units (the donors) that follows it before the treatment.
//!
//! ```text
//! predictors   X1 (k), X0 (k × J): the mean of a variable over chosen pre-treatment
//!              periods, per unit; each row divided by its sample SD (ddof = 1) across the
//!              treated unit and the donors
//! weights      W(V) = argmin (X1 − X0 W)' diag(V) (X1 − X0 W)  s.t. W ≥ 0, Σ W = 1
//! predictor V  V ≥ 0, Σ V = 1: equal, given, or
//!              argmin_V  mean over the optimisation periods t of (Z1_t − Z0_t W(V))²
//! path         synthetic_t = Σ_j W_j Z_jt,  gap_t = Z1_t − synthetic_t
//! effect       ATT = mean of gap_t over the post-treatment periods
//! fit          RMSPE_pre = √(mean of gap_t² before), RMSPE_post likewise after,
//!              ratio = RMSPE_post / RMSPE_pre
//! inference    each donor in turn as the treated unit (its pool: the other donors);
//!              p = #{units with ratio ≥ the treated unit's} / #units (treated included);
//!              placebos with an undefined ratio (a perfect pre-treatment fit) or a
//!              pre-RMSPE above k × the treated unit's (optional) are left out
//! ```
//!
//! The weight problem is a convex QP on the simplex, solved exactly by an active-set
//! method (Newton steps on the current face), not by a general-purpose optimiser with a
//! tolerance. V is found by a derivative-free search, Nelder–Mead on V = |x| / Σ|x| (as
//! R's Synth and pysyncon), from equal V and from Synth's regression-based start; the
//! better answer is kept. The search is deterministic but, like every implementation's,
//! not guaranteed to find the global minimum: V (and then W) may differ from another
//! program's while fitting as well.
//!
//! ```
//! use indsats::effects::{SynthPanel, SyntheticControl, VWeights};
//! // three donors over four years; the treated unit is the mean of the first two before
//! // 2003, then drops by 2
//! let units = ["a", "a", "a", "a", "d1", "d1", "d1", "d1", "d2", "d2", "d2", "d2",
//!              "d3", "d3", "d3", "d3"].map(String::from).to_vec();
//! let time = [2000, 2001, 2002, 2003].repeat(4);
//! let y = vec![2.0, 3.0, 3.0, 2.0,  1.0, 2.0, 2.0, 4.0,  3.0, 4.0, 4.0, 4.0,
//!              9.0, 9.0, 8.0, 9.0];
//! let panel = SynthPanel::from_long(&units, &time, vec![("y".into(), y)]).unwrap();
//! let fit = SyntheticControl::new("y", "a", 2003).v(VWeights::Equal).fit(&panel).unwrap();
//! assert!((fit.weights[0].weight - 0.5).abs() < 1e-12 && (fit.estimate + 2.0).abs() < 1e-12);
//! ```
//!
//! # Errors
//! Fewer than 2 donors, fewer than 2 pre-treatment periods or no post-treatment period, a
//! panel that is not balanced (naming the unit and its missing periods), a duplicated
//! unit and period, a value that is not finite, an unknown unit, variable or period, a
//! predictor period after the treatment.
//!
//! # References
//! Abadie, Diamond & Hainmueller (2010), *Synthetic control methods for comparative case
//! studies*, JASA 105(490); Abadie & Gardeazabal (2003). Matches R's `Synth::synth` and
//! pysyncon's `Synth().fit` (predictors with `predictors_op = "mean"` and
//! `special_predictors`, scaling by the SD over all units, `custom_V` or Nelder–Mead V).

use super::synth_solve::{nelder_mead, simplex_qp, symmetric_eigen, SimplexLsq};
use crate::error::{Error, Result};
use rayon::prelude::*;
use serde::Serialize;
use std::collections::HashMap;

/// A balanced panel in long form: every unit observed in every period, each variable a
/// number in every cell.
#[derive(Debug, Clone, PartialEq)]
pub struct SynthPanel {
    units: Vec<String>,
    times: Vec<i64>,
    /// Each variable as `value[unit * times + time]`.
    columns: Vec<(String, Vec<f64>)>,
}

impl SynthPanel {
    /// Builds the panel from rows: `unit[i]`, `time[i]` and each column's `values[i]`.
    /// Units keep the order they first appear in; periods are sorted.
    ///
    /// # Errors
    /// Columns of different lengths, no rows, a value that is not finite, a unit with two
    /// rows for one period, a unit missing periods that others have (named, with the
    /// periods).
    pub fn from_long(
        unit: &[String],
        time: &[i64],
        columns: Vec<(String, Vec<f64>)>,
    ) -> Result<SynthPanel> {
        let n = unit.len();
        if time.len() != n || columns.iter().any(|(_, v)| v.len() != n) {
            return Err(Error::analysis(
                "panel: the unit, time and value columns differ in length",
            ));
        }
        if n == 0 {
            return Err(Error::analysis("panel: no rows"));
        }
        let mut units: Vec<String> = Vec::new();
        let mut unit_index: HashMap<&str, usize> = HashMap::new();
        for u in unit {
            if !unit_index.contains_key(u.as_str()) {
                unit_index.insert(u, units.len());
                units.push(u.clone());
            }
        }
        let mut times: Vec<i64> = time.to_vec();
        times.sort_unstable();
        times.dedup();
        let t_index: HashMap<i64, usize> = times.iter().enumerate().map(|(i, t)| (*t, i)).collect();
        let nt = times.len();
        let mut row_of = vec![usize::MAX; units.len() * nt];
        for (r, (u, t)) in unit.iter().zip(time).enumerate() {
            let cell = unit_index[u.as_str()] * nt + t_index[t];
            if row_of[cell] != usize::MAX {
                return Err(Error::analysis(format!(
                    "panel: unit \"{u}\" has more than one row for period {t}"
                )));
            }
            row_of[cell] = r;
        }
        let gaps: Vec<(usize, Vec<i64>)> = (0..units.len())
            .filter_map(|u| {
                let missing: Vec<i64> = (0..nt)
                    .filter(|&t| row_of[u * nt + t] == usize::MAX)
                    .map(|t| times[t])
                    .collect();
                (!missing.is_empty()).then_some((u, missing))
            })
            .collect();
        if let Some((u, missing)) = gaps.first() {
            let list: Vec<String> = missing.iter().map(i64::to_string).collect();
            let others = if gaps.len() > 1 {
                format!(" (and {} other units have gaps)", gaps.len() - 1)
            } else {
                String::new()
            };
            return Err(Error::analysis(format!(
                "panel is unbalanced: unit \"{}\" has no row for {} of the periods {}–{}: {}{others}; \
                 synthetic control needs every unit in every period",
                units[*u],
                missing.len(),
                times[0],
                times[nt - 1],
                list.join(", ")
            )));
        }
        let mut out = Vec::with_capacity(columns.len());
        for (name, values) in columns {
            if let Some(r) = values.iter().position(|v| !v.is_finite()) {
                return Err(Error::analysis(format!(
                    "panel: column \"{name}\" is not a finite number for unit \"{}\" in period {}",
                    unit[r], time[r]
                )));
            }
            out.push((name, row_of.iter().map(|&r| values[r]).collect()));
        }
        Ok(SynthPanel {
            units,
            times,
            columns: out,
        })
    }

    /// The units, in the order they first appeared.
    pub fn units(&self) -> &[String] {
        &self.units
    }

    /// The periods, sorted.
    pub fn times(&self) -> &[i64] {
        &self.times
    }

    fn column(&self, name: &str) -> Result<&[f64]> {
        self.columns
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_slice())
            .ok_or_else(|| {
                let have: Vec<&str> = self.columns.iter().map(|(n, _)| n.as_str()).collect();
                Error::parameter(
                    name,
                    format!("is not a column of the panel (it has {})", have.join(", ")),
                )
            })
    }

    fn time_index(&self, t: i64) -> Result<usize> {
        self.times.binary_search(&t).map_err(|_| {
            Error::parameter(
                "periods",
                format!(
                    "{t} is not a period of the panel ({}–{})",
                    self.times[0],
                    self.times[self.times.len() - 1]
                ),
            )
        })
    }
}

/// One predictor: the mean of a variable over some pre-treatment periods (pysyncon's
/// `predictors` with `predictors_op = "mean"`, or a `special_predictors` entry).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Predictor {
    /// The variable (a column of the panel; the outcome too).
    pub variable: String,
    /// The periods it is averaged over.
    pub periods: Vec<i64>,
}

impl Predictor {
    /// The mean of `variable` over `periods`.
    pub fn mean(variable: impl Into<String>, periods: impl IntoIterator<Item = i64>) -> Self {
        Predictor {
            variable: variable.into(),
            periods: periods.into_iter().collect(),
        }
    }

    /// Its name in tables: `x1 2005–2009`, `y 2003`, `y 2000, 2004`.
    pub fn label(&self) -> String {
        let p = &self.periods;
        let contiguous = p.windows(2).all(|w| w[1] == w[0] + 1);
        match p.len() {
            0 => self.variable.clone(),
            1 => format!("{} {}", self.variable, p[0]),
            _ if contiguous => format!("{} {}–{}", self.variable, p[0], p[p.len() - 1]),
            _ => {
                let list: Vec<String> = p.iter().map(i64::to_string).collect();
                format!("{} {}", self.variable, list.join(", "))
            }
        }
    }
}

/// How the predictors are weighted (V).
#[derive(Debug, Clone, PartialEq, Default)]
pub enum VWeights {
    /// 1/k each (pysyncon's `custom_V = np.full(k, 1/k)`).
    Equal,
    /// Chosen to minimise the pre-treatment outcome MSPE (the standard synthetic control).
    #[default]
    Optimised,
    /// Given (non-negative, normalised to sum 1).
    Custom(Vec<f64>),
}

/// The prepared problem for one treated unit and its donors: the predictors (unscaled and
/// their scaling SDs) and the outcome paths. Public so that researchers can solve for the
/// weights under their own V or evaluate given weights.
#[derive(Debug, Clone, PartialEq)]
pub struct SynthProblem {
    /// The predictors' labels.
    pub predictors: Vec<String>,
    /// The treated unit.
    pub treated: String,
    /// The donors.
    pub donors: Vec<String>,
    /// The treated unit's predictors (k), unscaled.
    pub x1: Vec<f64>,
    /// The donors' predictors, one row per predictor (k × J), unscaled.
    pub x0: Vec<Vec<f64>>,
    /// Each predictor's sample SD (ddof = 1) over the treated unit and the donors, which
    /// divides it before the weights are fitted (1 where the SD is 0).
    pub scale: Vec<f64>,
    /// Every period.
    pub times: Vec<i64>,
    /// The treated unit's outcome in every period.
    pub z1: Vec<f64>,
    /// The donors' outcomes, one row per donor (J × periods).
    pub z0: Vec<Vec<f64>>,
    /// Positions (in `times`) of the periods whose MSPE V minimises.
    pub optimise: Vec<usize>,
    /// Positions of the periods before the treatment.
    pub pre: Vec<usize>,
    /// Positions of the periods from the treatment on.
    pub post: Vec<usize>,
}

impl SynthProblem {
    fn k(&self) -> usize {
        self.x1.len()
    }

    fn scaled(&self) -> (Vec<f64>, Vec<Vec<f64>>) {
        let x1 = self
            .x1
            .iter()
            .zip(&self.scale)
            .map(|(x, s)| x / s)
            .collect();
        let x0 = self
            .x0
            .iter()
            .zip(&self.scale)
            .map(|(row, s)| row.iter().map(|x| x / s).collect())
            .collect();
        (x1, x0)
    }

    fn qp(&self, v: &[f64]) -> super::synth_solve::QpSolution {
        self.qp_from(v, None)
    }

    fn qp_from(&self, v: &[f64], start: Option<&[f64]>) -> super::synth_solve::QpSolution {
        let (x1, x0) = self.scaled();
        simplex_qp(&SimplexLsq { a: &x0, b: &x1, v }, start)
    }

    /// The donor weights for predictor weights `v` (k, non-negative): the exact minimiser
    /// of (X1 − X0 W)' diag(v) (X1 − X0 W) over W ≥ 0, ΣW = 1, on the scaled predictors.
    pub fn weights(&self, v: &[f64]) -> Vec<f64> {
        self.qp(v).w
    }

    /// (X1 − X0 W)' diag(v) (X1 − X0 W) on the scaled predictors (pysyncon's
    /// `predictor_loss_scaled`).
    pub fn predictor_loss(&self, w: &[f64], v: &[f64]) -> f64 {
        let (x1, x0) = self.scaled();
        (0..self.k())
            .map(|i| {
                let d = x1[i] - x0[i].iter().zip(w).map(|(x, w)| x * w).sum::<f64>();
                v[i] * d * d
            })
            .sum()
    }

    /// The synthetic unit's outcome in every period, Σ_j W_j Z_jt.
    pub fn synthetic(&self, w: &[f64]) -> Vec<f64> {
        (0..self.times.len())
            .map(|t| self.z0.iter().zip(w).map(|(z, w)| z[t] * w).sum())
            .collect()
    }

    /// The mean squared gap over the optimisation periods (R Synth's `loss.v`, pysyncon's
    /// `loss_V`).
    pub fn outcome_loss(&self, w: &[f64]) -> f64 {
        let s = self.synthetic(w);
        mean_square(self.optimise.iter().map(|&t| self.z1[t] - s[t]))
    }

    /// V chosen to minimise [`SynthProblem::outcome_loss`]: Nelder–Mead on V = |x|/Σ|x|
    /// from equal V and from R Synth's regression-based start (the diagonal of B B' for
    /// the least-squares coefficients B of the optimisation-period outcomes on the scaled
    /// predictors, normalised), each restarted until it no longer improves; the best wins
    /// (the first on a tie).
    pub fn optimise_v(&self) -> Vec<f64> {
        let k = self.k();
        if k == 1 {
            return vec![1.0];
        }
        // each solve starts from the last answer (V moves little between evaluations)
        let last = std::cell::RefCell::new(None::<Vec<f64>>);
        let objective = |x: &[f64]| {
            let v = normalise_abs(x);
            match v {
                Some(v) => {
                    let w = self.qp_from(&v, last.borrow().as_deref()).w;
                    let loss = self.outcome_loss(&w);
                    *last.borrow_mut() = Some(w);
                    loss
                }
                None => f64::INFINITY,
            }
        };
        let mut starts = vec![vec![1.0 / k as f64; k]];
        starts.extend(self.regression_start());
        let max_evals = 1500 + 200 * k;
        let mut best: Option<(Vec<f64>, f64)> = None;
        for s in &starts {
            *last.borrow_mut() = None;
            let (x, f) = nelder_mead(&objective, s, max_evals);
            if best.as_ref().is_none_or(|b| f < b.1) {
                best = Some((x, f));
            }
        }
        let (x, _) = best.expect("at least one start");
        normalise_abs(&x).unwrap_or_else(|| vec![1.0 / k as f64; k])
    }

    /// R Synth's regression-based start for V (`None` when the regression cannot be
    /// fitted: as many predictors as units, or collinear predictors).
    fn regression_start(&self) -> Option<Vec<f64>> {
        let k = self.k();
        let units = self.donors.len() + 1;
        if units <= k + 1 {
            return None;
        }
        let (x1, x0) = self.scaled();
        // rows: the treated unit, then the donors; columns: 1, predictors
        let row = |u: usize, c: usize| -> f64 {
            match (u, c) {
                (_, 0) => 1.0,
                (0, c) => x1[c - 1],
                (u, c) => x0[c - 1][u - 1],
            }
        };
        let m = k + 1;
        let mut xtx = vec![0.0; m * m];
        for u in 0..units {
            for a in 0..m {
                for b in 0..m {
                    xtx[a * m + b] += row(u, a) * row(u, b);
                }
            }
        }
        let (vals, vecs) = symmetric_eigen(&xtx, m);
        let top = vals.iter().fold(0.0f64, |a, v| a.max(v.abs()));
        if vals.iter().any(|&v| v <= 1e-12 * top) {
            return None;
        }
        let z = |u: usize, t: usize| {
            if u == 0 {
                self.z1[t]
            } else {
                self.z0[u - 1][t]
            }
        };
        let mut sv = vec![0.0; k];
        for &t in &self.optimise {
            let xtz: Vec<f64> = (0..m)
                .map(|a| (0..units).map(|u| row(u, a) * z(u, t)).sum())
                .collect();
            // beta = (X'X)^{-1} X'z through the eigen-decomposition
            let mut beta = vec![0.0; m];
            for e in 0..m {
                let c: f64 = (0..m).map(|a| vecs[a * m + e] * xtz[a]).sum::<f64>() / vals[e];
                for a in 0..m {
                    beta[a] += c * vecs[a * m + e];
                }
            }
            for i in 0..k {
                sv[i] += beta[i + 1] * beta[i + 1];
            }
        }
        normalise_abs(&sv)
    }
}

fn normalise_abs(x: &[f64]) -> Option<Vec<f64>> {
    let s: f64 = x.iter().map(|v| v.abs()).sum();
    (s > 0.0 && s.is_finite()).then(|| x.iter().map(|v| v.abs() / s).collect())
}

fn mean_square(it: impl Iterator<Item = f64>) -> f64 {
    let (mut s, mut n) = (0.0, 0usize);
    for v in it {
        s += v * v;
        n += 1;
    }
    if n == 0 {
        0.0
    } else {
        s / n as f64
    }
}

/// Synthetic control's parameters: the outcome, the treated unit and the first treated
/// period, with builder setters; checked before fitting.
#[derive(Debug, Clone, PartialEq)]
pub struct SyntheticControl {
    outcome: String,
    treated: String,
    treatment_time: i64,
    predictors: Vec<Predictor>,
    optimise_periods: Option<Vec<i64>>,
    v: VWeights,
    placebos: bool,
    placebo_cutoff: Option<f64>,
}

/// A donor's weight.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct UnitWeight {
    /// The donor.
    pub unit: String,
    /// Its weight in the synthetic unit.
    pub weight: f64,
}

/// A predictor's weight in V.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PredictorWeight {
    /// The predictor's label.
    pub predictor: String,
    /// Its weight (the weights sum to 1).
    pub v: f64,
}

/// One predictor: the treated unit, its synthetic twin and the plain mean of the donors.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PredictorBalance {
    /// The predictor's label.
    pub covariate: String,
    /// The treated unit's value.
    pub treated: f64,
    /// The synthetic unit's value (Σ W_j X_j).
    pub synthetic: f64,
    /// The donors' unweighted mean.
    pub donor_mean: f64,
    /// (treated − donor mean) / the predictor's scaling SD: the standardised difference
    /// before weighting (the contract's balance key).
    pub smd_before: f64,
    /// (treated − synthetic) / the same SD: after weighting.
    pub smd_after: f64,
}

/// One period of the path.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PathPoint {
    /// The period.
    pub time: i64,
    /// The treated unit's outcome.
    pub treated: f64,
    /// The synthetic unit's outcome.
    pub synthetic: f64,
    /// treated − synthetic.
    pub gap: f64,
}

/// Root mean squared prediction errors before and after the treatment.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Rmspe {
    /// Before the treatment.
    pub pre: f64,
    /// From the treatment on.
    pub post: f64,
    /// post / pre (`None` when the fit before is perfect).
    pub ratio: Option<f64>,
}

/// A placebo: a donor treated as if it were the treated unit.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Placebo {
    /// The donor.
    pub unit: String,
    /// Its pre-treatment RMSPE.
    pub pre_rmspe: f64,
    /// Its post-treatment RMSPE.
    pub post_rmspe: f64,
    /// post / pre (`None` for a perfect pre-treatment fit).
    pub ratio: Option<f64>,
    /// Whether it counts in the p-value (it may be left out by the pre-RMSPE cut-off).
    pub included: bool,
    /// Its gaps, one per period of the path.
    pub gaps: Vec<f64>,
}

/// Units and periods.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct SynthCounts {
    /// Treated units (1).
    pub treated: usize,
    /// Donors in the pool.
    pub control: usize,
    /// Treated units used (1).
    pub used_treated: usize,
    /// Donors with a positive weight.
    pub used_control: usize,
    /// Rows left out before the panel was built (set by the caller, e.g. the CLI).
    pub excluded: usize,
    /// Periods before the treatment.
    pub pre_periods: usize,
    /// Periods from the treatment on.
    pub post_periods: usize,
}

/// A fitted synthetic control, in the CLI contract's estimate shape plus its own parts.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SynthFit {
    /// "synth".
    pub method: String,
    /// "ATT": the effect on the treated unit.
    pub estimand: String,
    /// The outcome's name.
    pub outcome: String,
    /// The mean gap over the post-treatment periods.
    pub estimate: f64,
    /// None: synthetic control has no standard error; see `p_value`.
    pub std_error: Option<f64>,
    /// None (no interval).
    pub ci: Option<[f64; 2]>,
    /// None (no interval).
    pub ci_level: Option<f64>,
    /// The placebo rank p-value, when placebos were run.
    pub p_value: Option<f64>,
    /// How the p-value was computed, in words.
    pub p_value_method: String,
    /// The treated unit.
    pub treated_unit: String,
    /// The first treated period.
    pub treatment_time: i64,
    /// Units and periods.
    pub n: SynthCounts,
    /// Every donor's weight, in the pool's order.
    pub weights: Vec<UnitWeight>,
    /// The predictor weights.
    pub v: Vec<PredictorWeight>,
    /// How V was chosen: "equal", "optimised" or "custom".
    pub v_method: String,
    /// The predictors: treated, synthetic, donor mean.
    pub balance: Vec<PredictorBalance>,
    /// Treated and synthetic in every period.
    pub path: Vec<PathPoint>,
    /// Pre and post RMSPE and their ratio.
    pub rmspe: Rmspe,
    /// The mean squared gap over the optimisation periods (the loss V minimises).
    pub mspe_optimised: f64,
    /// (X1 − X0 W)' V (X1 − X0 W) on the scaled predictors.
    pub predictor_loss: f64,
    /// Whether no other weights fit the predictors as well under this V.
    pub weights_unique: bool,
    /// The placebos (empty when not run).
    pub placebos: Vec<Placebo>,
    /// The cut-off: placebos with a pre-RMSPE above this multiple of the treated unit's are
    /// left out of the p-value.
    pub placebo_cutoff: Option<f64>,
    /// What the reader should know.
    pub warnings: Vec<String>,
}

/// The core of one fit (for the treated unit or a placebo).
struct Core {
    problem: SynthProblem,
    v: Vec<f64>,
    w: Vec<f64>,
    unique: bool,
    synthetic: Vec<f64>,
    gaps: Vec<f64>,
    rmspe: Rmspe,
}

impl SyntheticControl {
    /// The outcome column, the treated unit and the first treated period. Defaults: the
    /// predictors are the outcome in each pre-treatment period, V is optimised over all
    /// pre-treatment periods, no placebos.
    pub fn new(
        outcome: impl Into<String>,
        treated: impl Into<String>,
        treatment_time: i64,
    ) -> Self {
        SyntheticControl {
            outcome: outcome.into(),
            treated: treated.into(),
            treatment_time,
            predictors: Vec::new(),
            optimise_periods: None,
            v: VWeights::Optimised,
            placebos: false,
            placebo_cutoff: None,
        }
    }

    /// The predictors (empty: the outcome in each pre-treatment period).
    pub fn predictors(mut self, p: Vec<Predictor>) -> Self {
        self.predictors = p;
        self
    }

    /// The periods whose outcome MSPE V minimises (default: all before the treatment).
    pub fn optimise_periods(mut self, periods: Vec<i64>) -> Self {
        self.optimise_periods = Some(periods);
        self
    }

    /// How V is chosen.
    pub fn v(mut self, v: VWeights) -> Self {
        self.v = v;
        self
    }

    /// Run placebos in space (each donor as the treated unit) for a p-value.
    pub fn placebos(mut self, yes: bool) -> Self {
        self.placebos = yes;
        self
    }

    /// Leave placebos whose pre-RMSPE exceeds `k` times the treated unit's out of the
    /// p-value (Abadie et al. 2010 cut at 20, 5 and 2 times the MSPE, i.e. √20, √5 and √2
    /// times the RMSPE). `None`: keep all.
    pub fn placebo_cutoff(mut self, k: Option<f64>) -> Self {
        self.placebo_cutoff = k;
        self
    }

    /// Checks the parameters.
    ///
    /// # Errors
    /// A cut-off that is not a positive number, a custom V that is negative, not finite or
    /// all zero, a predictor without periods.
    pub fn check(&self) -> Result<()> {
        if let Some(k) = self.placebo_cutoff {
            if !(k.is_finite() && k > 0.0) {
                return Err(Error::parameter(
                    "placebo_cutoff",
                    format!("must be a positive number, not {k}"),
                ));
            }
        }
        if let VWeights::Custom(v) = &self.v {
            if v.iter().any(|x| !x.is_finite() || *x < 0.0) || v.iter().sum::<f64>() <= 0.0 {
                return Err(Error::parameter(
                    "v",
                    "custom V must be non-negative numbers, not all zero",
                ));
            }
        }
        if let Some(p) = self.predictors.iter().find(|p| p.periods.is_empty()) {
            return Err(Error::parameter(
                "predictors",
                format!("predictor \"{}\" has no periods", p.variable),
            ));
        }
        if self.optimise_periods.as_ref().is_some_and(Vec::is_empty) {
            return Err(Error::parameter("optimise_periods", "is empty"));
        }
        Ok(())
    }

    /// The prepared problem for `treated` against `donors`.
    ///
    /// # Errors
    /// As [`SyntheticControl::fit`].
    pub fn problem(
        &self,
        panel: &SynthPanel,
        treated: &str,
        donors: &[String],
    ) -> Result<SynthProblem> {
        let nt = panel.times.len();
        let unit_of = |name: &str| -> Result<usize> {
            panel.units.iter().position(|u| u == name).ok_or_else(|| {
                let shown: Vec<&str> = panel.units.iter().take(8).map(String::as_str).collect();
                Error::parameter(
                    "treated unit",
                    format!(
                        "\"{name}\" is not a unit of the panel (units: {}{})",
                        shown.join(", "),
                        if panel.units.len() > 8 { ", …" } else { "" }
                    ),
                )
            })
        };
        let t1 = unit_of(treated)?;
        let d: Vec<usize> = donors.iter().map(|u| unit_of(u)).collect::<Result<_>>()?;
        let pre: Vec<usize> = (0..nt)
            .filter(|&t| panel.times[t] < self.treatment_time)
            .collect();
        let post: Vec<usize> = (0..nt)
            .filter(|&t| panel.times[t] >= self.treatment_time)
            .collect();
        if pre.len() < 2 {
            return Err(Error::analysis(format!(
                "synthetic control needs at least 2 periods before the treatment time {}; the panel has {} ({}–{})",
                self.treatment_time,
                pre.len(),
                panel.times[0],
                panel.times[nt - 1]
            )));
        }
        if post.is_empty() {
            return Err(Error::analysis(format!(
                "the panel ends in {} before the treatment time {}: no period to estimate an effect in",
                panel.times[nt - 1],
                self.treatment_time
            )));
        }
        let outcome = panel.column(&self.outcome)?;
        let predictors = if self.predictors.is_empty() {
            pre.iter()
                .map(|&t| Predictor::mean(self.outcome.clone(), [panel.times[t]]))
                .collect()
        } else {
            self.predictors.clone()
        };
        let mut labels = Vec::with_capacity(predictors.len());
        let mut x1 = Vec::with_capacity(predictors.len());
        let mut x0 = Vec::with_capacity(predictors.len());
        let mut scale = Vec::with_capacity(predictors.len());
        for p in &predictors {
            let col = panel.column(&p.variable)?;
            let idx: Vec<usize> = p
                .periods
                .iter()
                .map(|&t| {
                    if t >= self.treatment_time {
                        return Err(Error::parameter(
                            "predictors",
                            format!(
                                "predictor \"{}\" uses period {t}, not before the treatment time {}",
                                p.variable, self.treatment_time
                            ),
                        ));
                    }
                    panel.time_index(t)
                })
                .collect::<Result<_>>()?;
            let mean_of =
                |u: usize| idx.iter().map(|&t| col[u * nt + t]).sum::<f64>() / idx.len() as f64;
            let a = mean_of(t1);
            let b: Vec<f64> = d.iter().map(|&u| mean_of(u)).collect();
            let all: Vec<f64> = std::iter::once(a).chain(b.iter().copied()).collect();
            let m = all.iter().sum::<f64>() / all.len() as f64;
            let var = all.iter().map(|x| (x - m) * (x - m)).sum::<f64>() / (all.len() - 1) as f64;
            let sd = var.sqrt();
            labels.push(p.label());
            x1.push(a);
            x0.push(b);
            scale.push(if sd > 0.0 && sd.is_finite() { sd } else { 1.0 });
        }
        let optimise = match &self.optimise_periods {
            None => pre.clone(),
            Some(ps) => ps
                .iter()
                .map(|&t| {
                    if t >= self.treatment_time {
                        return Err(Error::parameter(
                            "optimise_periods",
                            format!(
                                "{t} is not before the treatment time {}",
                                self.treatment_time
                            ),
                        ));
                    }
                    panel.time_index(t)
                })
                .collect::<Result<_>>()?,
        };
        Ok(SynthProblem {
            predictors: labels,
            treated: treated.to_string(),
            donors: donors.to_vec(),
            x1,
            x0,
            scale,
            times: panel.times.clone(),
            z1: (0..nt).map(|t| outcome[t1 * nt + t]).collect(),
            z0: d
                .iter()
                .map(|&u| (0..nt).map(|t| outcome[u * nt + t]).collect())
                .collect(),
            optimise,
            pre,
            post,
        })
    }

    fn core(&self, problem: SynthProblem) -> Result<Core> {
        let k = problem.x1.len();
        let v = match &self.v {
            VWeights::Equal => vec![1.0 / k as f64; k],
            VWeights::Custom(v) => {
                if v.len() != k {
                    return Err(Error::parameter(
                        "v",
                        format!("custom V has {} values for {k} predictors", v.len()),
                    ));
                }
                normalise_abs(v).expect("checked")
            }
            VWeights::Optimised => problem.optimise_v(),
        };
        let sol = problem.qp(&v);
        let synthetic = problem.synthetic(&sol.w);
        let gaps: Vec<f64> = problem
            .z1
            .iter()
            .zip(&synthetic)
            .map(|(a, b)| a - b)
            .collect();
        let pre = mean_square(problem.pre.iter().map(|&t| gaps[t])).sqrt();
        let post = mean_square(problem.post.iter().map(|&t| gaps[t])).sqrt();
        // a pre-RMSPE at rounding level (relative to the outcome's size) is a perfect fit
        let size = mean_square(problem.pre.iter().map(|&t| problem.z1[t])).sqrt();
        let perfect = pre <= PERFECT_FIT * size.max(f64::MIN_POSITIVE);
        Ok(Core {
            problem,
            v,
            w: sol.w,
            unique: sol.unique,
            synthetic,
            gaps,
            rmspe: Rmspe {
                pre,
                post,
                ratio: (!perfect).then(|| post / pre),
            },
        })
    }

    /// Fits the synthetic control, with placebos if asked.
    ///
    /// # Errors
    /// See the module documentation.
    pub fn fit(&self, panel: &SynthPanel) -> Result<SynthFit> {
        self.check()?;
        let donors: Vec<String> = panel
            .units
            .iter()
            .filter(|u| **u != self.treated)
            .cloned()
            .collect();
        if donors.len() == panel.units.len() {
            // names the unknown unit
            self.problem(panel, &self.treated, &donors)?;
        }
        if donors.len() < 2 {
            return Err(Error::analysis(format!(
                "synthetic control needs at least 2 donor units besides \"{}\"; the panel has {}",
                self.treated,
                donors.len()
            )));
        }
        let mut warnings = Vec::new();
        if donors.len() < 5 {
            warnings.push(format!(
                "only {} donor units: the synthetic unit has few to choose from, and placebos give p-values no smaller than 1/{}",
                donors.len(),
                donors.len() + 1
            ));
        }
        let problem = self.problem(panel, &self.treated, &donors)?;
        let c = self.core(problem)?;
        let pr = &c.problem;
        // the convex hull: can any weighted average of the donors match the predictors?
        let k = pr.x1.len();
        let equal = vec![1.0 / k as f64; k];
        let w_hull = pr.weights(&equal);
        let hull_gap = pr.predictor_loss(&w_hull, &equal);
        // outside by more than a tenth of a predictor SD (root mean square over the
        // predictors, equal V): a treated unit barely outside through noise is not flagged
        if hull_gap.sqrt() > HULL_TOLERANCE {
            let outside: Vec<String> = (0..k)
                .filter_map(|i| {
                    let lo = pr.x0[i].iter().copied().fold(f64::INFINITY, f64::min);
                    let hi = pr.x0[i].iter().copied().fold(f64::NEG_INFINITY, f64::max);
                    if pr.x1[i] > hi {
                        Some(format!("{} above every donor's", pr.predictors[i]))
                    } else if pr.x1[i] < lo {
                        Some(format!("{} below every donor's", pr.predictors[i]))
                    } else {
                        None
                    }
                })
                .collect();
            let pre_z: Vec<f64> = pr.pre.iter().map(|&t| pr.z1[t]).collect();
            let m = pre_z.iter().sum::<f64>() / pre_z.len() as f64;
            let sd = (pre_z.iter().map(|z| (z - m) * (z - m)).sum::<f64>()
                / (pre_z.len() - 1) as f64)
                .sqrt();
            let rel = if sd > 0.0 {
                format!(
                    ", {:.0} % of the standard deviation of \"{}\"'s own pre-treatment outcome ({})",
                    100.0 * c.rmspe.pre / sd,
                    self.treated,
                    sig(sd)
                )
            } else {
                String::new()
            };
            warnings.push(format!(
                "\"{}\"'s predictors lie outside the donors' convex hull{}: no weighted average of the donors matches them, so the synthetic unit cannot follow it closely; pre-treatment RMSPE {}{rel}",
                self.treated,
                if outside.is_empty() {
                    String::new()
                } else {
                    format!(" ({})", outside.join("; "))
                },
                sig(c.rmspe.pre)
            ));
        }
        if !c.unique {
            warnings.push(
                "the donor weights are not unique: other weights fit the predictors equally well under this V (donors that are alike, or more donors than predictors on the optimal face)"
                    .to_string(),
            );
        }
        let placebos = if self.placebos {
            let runs: Vec<Result<Core>> = donors
                .par_iter()
                .map(|d| {
                    let pool: Vec<String> = donors.iter().filter(|u| *u != d).cloned().collect();
                    self.core(self.problem(panel, d, &pool)?)
                })
                .collect();
            let mut out = Vec::with_capacity(runs.len());
            for (d, r) in donors.iter().zip(runs) {
                let r = r?;
                let included = match self.placebo_cutoff {
                    Some(k) => r.rmspe.pre <= k * c.rmspe.pre,
                    None => true,
                };
                out.push(Placebo {
                    unit: d.clone(),
                    pre_rmspe: r.rmspe.pre,
                    post_rmspe: r.rmspe.post,
                    ratio: r.rmspe.ratio,
                    included,
                    gaps: r.gaps,
                });
            }
            out
        } else {
            Vec::new()
        };
        let (p_value, p_value_method) = if self.placebos {
            match c.rmspe.ratio {
                Some(r0) => {
                    // a placebo fitted perfectly before has no ratio (post / 0): it is left
                    // out of the rank, as are those beyond the cut-off
                    let counted: Vec<&Placebo> = placebos
                        .iter()
                        .filter(|p| p.included && p.ratio.is_some())
                        .collect();
                    let perfect = placebos
                        .iter()
                        .filter(|p| p.included && p.ratio.is_none())
                        .count();
                    if perfect > 0 {
                        warnings.push(format!(
                            "{perfect} placebo unit(s) are fitted perfectly before the treatment (pre-treatment RMSPE 0): their RMSPE ratio is undefined and they are left out of the p-value; so many predictors for so few periods invite overfitting"
                        ));
                    }
                    let above = counted
                        .iter()
                        .filter(|p| p.ratio.is_some_and(|r| r >= r0))
                        .count();
                    let total = counted.len() + 1;
                    let left_out = placebos.iter().filter(|p| !p.included).count();
                    if left_out > 0 {
                        warnings.push(format!(
                            "{left_out} of {} placebos left out of the p-value: their pre-treatment RMSPE exceeds {} times \"{}\"'s",
                            placebos.len(),
                            self.placebo_cutoff.unwrap_or(f64::INFINITY),
                            self.treated
                        ));
                    }
                    (
                        Some((above + 1) as f64 / total as f64),
                        format!(
                            "placebo in space: rank of the post/pre RMSPE ratio among {total} units (the treated and {} placebos)",
                            counted.len()
                        ),
                    )
                }
                None => {
                    warnings.push(format!(
                        "\"{}\"'s pre-treatment fit is perfect (RMSPE 0): the RMSPE ratio and the placebo p-value are undefined",
                        self.treated
                    ));
                    (
                        None,
                        "none: the treated unit's RMSPE ratio is undefined".into(),
                    )
                }
            }
        } else {
            (None, "none: placebos not run".into())
        };
        let w = &c.w;
        let estimate = pr.post.iter().map(|&t| c.gaps[t]).sum::<f64>() / pr.post.len() as f64;
        Ok(SynthFit {
            method: "synth".into(),
            estimand: "ATT".into(),
            outcome: self.outcome.clone(),
            estimate,
            std_error: None,
            ci: None,
            ci_level: None,
            p_value,
            p_value_method,
            treated_unit: self.treated.clone(),
            treatment_time: self.treatment_time,
            n: SynthCounts {
                treated: 1,
                control: donors.len(),
                used_treated: 1,
                used_control: w.iter().filter(|x| **x > 0.0).count(),
                excluded: 0,
                pre_periods: pr.pre.len(),
                post_periods: pr.post.len(),
            },
            weights: donors
                .iter()
                .zip(w)
                .map(|(u, w)| UnitWeight {
                    unit: u.clone(),
                    weight: *w,
                })
                .collect(),
            v: pr
                .predictors
                .iter()
                .zip(&c.v)
                .map(|(p, v)| PredictorWeight {
                    predictor: p.clone(),
                    v: *v,
                })
                .collect(),
            v_method: match self.v {
                VWeights::Equal => "equal",
                VWeights::Optimised => "optimised",
                VWeights::Custom(_) => "custom",
            }
            .into(),
            balance: (0..k)
                .map(|i| {
                    let synthetic: f64 = pr.x0[i].iter().zip(w).map(|(x, w)| x * w).sum();
                    let donor_mean = pr.x0[i].iter().sum::<f64>() / pr.x0[i].len() as f64;
                    PredictorBalance {
                        covariate: pr.predictors[i].clone(),
                        treated: pr.x1[i],
                        synthetic,
                        donor_mean,
                        smd_before: (pr.x1[i] - donor_mean) / pr.scale[i],
                        smd_after: (pr.x1[i] - synthetic) / pr.scale[i],
                    }
                })
                .collect(),
            path: (0..pr.times.len())
                .map(|t| PathPoint {
                    time: pr.times[t],
                    treated: pr.z1[t],
                    synthetic: c.synthetic[t],
                    gap: c.gaps[t],
                })
                .collect(),
            rmspe: c.rmspe,
            mspe_optimised: pr.outcome_loss(w),
            predictor_loss: pr.predictor_loss(w, &c.v),
            weights_unique: c.unique,
            placebos,
            placebo_cutoff: self.placebo_cutoff,
            warnings,
        })
    }
}

/// How far (root mean square over the predictors, in SDs, under equal V) the treated
/// unit's predictors may lie from the donors' convex hull before a warning.
const HULL_TOLERANCE: f64 = 0.1;

/// A pre-treatment RMSPE below this fraction of the outcome's root mean square is a
/// perfect fit (rounding): its RMSPE ratio is undefined.
const PERFECT_FIT: f64 = 1e-9;

/// A number with 4 significant digits, for messages.
fn sig(v: f64) -> String {
    if v == 0.0 || !v.is_finite() {
        return format!("{v}");
    }
    let digits = (3 - v.abs().log10().floor() as i32).max(0) as usize;
    format!("{v:.digits$}")
}
