//! The incremental cost-effectiveness ratio of a programme against a comparison group,
//! with the bootstrap cost-effectiveness plane, the acceptability curve and the net
//! monetary benefit.

use super::cost_outcome::Uncertain;
use crate::effects::{jackknife_influence, ols, Bootstrap, Covariance, OlsFit};
use crate::error::{Error, Result};
use rayon::prelude::*;
use serde::Serialize;
use statrs::distribution::{ContinuousCDF, Normal};

/// The incremental cost-effectiveness ratio (ICER) between a programme and a comparison
/// group, with a bootstrap that resamples persons within each arm (as R's
/// `boot(strata = arm)`).
///
/// ```text
/// ΔC = mean(cost | programme) − mean(cost | comparison)        (kr. per person)
/// ΔE = mean(effect | programme) − mean(effect | comparison)    (outcome units per person)
/// ICER = ΔC / ΔE                (kr. per extra unit of effect; undefined when ΔE = 0)
/// NMB(λ) = λ·ΔE − ΔC            (net monetary benefit at willingness to pay λ per unit)
/// CEAC(λ) = #{r : λ·ΔE*_r − ΔC*_r > 0} / #replicates   (the acceptability curve)
/// quadrant of (ΔE*, ΔC*): NE more effective, costs more (a trade-off); SE more effective,
///   costs less (dominant); NW less effective, costs more (dominated); SW less effective,
///   costs less; a replicate with ΔE* = 0 or ΔC* = 0 lies on an axis
/// Fieller (normal, analytic variances):
///   v_E = s²_E1/n1 + s²_E0/n0,  v_C = s²_C1/n1 + s²_C0/n0,  c = s_CE1/n1 + s_CE0/n0
///   with z = Φ⁻¹(1 − α/2), the ICERs R with (ΔC − R·ΔE)² ≤ z²(v_C − 2R·c + R²·v_E):
///   A = ΔE² − z²v_E,  B = ΔE·ΔC − z²c,  D = ΔC² − z²v_C
///   R = (B ± √(B² − A·D)) / A   — bounded only when A > 0 (ΔE differs from 0 at the level)
/// ```
///
/// The ICER's percentile interval is taken over replicates with ΔE* ≠ 0; when ΔE's
/// interval includes 0 the replicates straddle two quadrants and that interval means
/// nothing, which the warnings say. The acceptability curve and the net monetary benefit
/// stay meaningful: they are the figures to read then.
///
/// ```
/// use indsats::economics::Icer;
/// // programme: costs 10, 12 and effects 1, 1; comparison: costs 4, 6 and effects 0, 1
/// let treated = [true, true, false, false];
/// let cost = [10.0, 12.0, 4.0, 6.0];
/// let effect = [1.0, 1.0, 0.0, 1.0];
/// let fit = Icer::new().replicates(200).wtp(vec![0.0, 20.0]).fit(&treated, &cost, &effect).unwrap();
/// assert_eq!(fit.delta_cost.estimate, Some(6.0));
/// assert_eq!(fit.delta_effect.estimate, Some(0.5));
/// assert_eq!(fit.icer.estimate, Some(12.0)); // 12 kr. per extra unit of effect
/// assert_eq!(fit.acceptability[1].nmb.estimate, Some(4.0)); // 20·0.5 − 6
/// ```
///
/// # Errors
/// Fewer than 2 replicates, a level outside (0, 1), a willingness to pay that is negative
/// or not finite; columns of different lengths, fewer than 2 persons in an arm, a cost or
/// effect that is not finite; fewer than 2 replicates that could be computed.
///
/// # References
/// Briggs, Wonderling & Mooney (1997), Pulling cost-effectiveness analysis up by its
/// bootstraps, *Health Economics* 6, 327–340; Fenwick, Claxton & Sculpher (2001),
/// Representing uncertainty: the role of cost-effectiveness acceptability curves, *Health
/// Economics* 10, 779–787; Willan & O'Brien (1996), Confidence intervals for
/// cost-effectiveness ratios: an application of Fieller's theorem, *Health Economics* 5,
/// 297–305. Peer: R's `boot::boot(d, stat, R, strata = d$arm)` with `boot.ci`.
#[derive(Debug, Clone, PartialEq)]
pub struct Icer {
    replicates: usize,
    seed: u64,
    ci_level: f64,
    wtp: Vec<f64>,
    bca: bool,
}

impl Default for Icer {
    fn default() -> Self {
        Icer::new()
    }
}

/// Where a point of the cost-effectiveness plane lies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Quadrant {
    /// More effective and more costly: a trade-off, judged by the ICER.
    NorthEast,
    /// Less effective and more costly: dominated.
    NorthWest,
    /// More effective and less costly: dominant.
    SouthEast,
    /// Less effective and less costly.
    SouthWest,
    /// ΔE = 0 or ΔC = 0.
    OnAxis,
}

impl Quadrant {
    /// The quadrant of (ΔE, ΔC).
    pub fn of(delta_effect: f64, delta_cost: f64) -> Quadrant {
        match (delta_effect, delta_cost) {
            (e, c) if e > 0.0 && c > 0.0 => Quadrant::NorthEast,
            (e, c) if e < 0.0 && c > 0.0 => Quadrant::NorthWest,
            (e, c) if e > 0.0 && c < 0.0 => Quadrant::SouthEast,
            (e, c) if e < 0.0 && c < 0.0 => Quadrant::SouthWest,
            _ => Quadrant::OnAxis,
        }
    }
}

/// Replicates per quadrant of the cost-effectiveness plane.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Default)]
pub struct QuadrantCounts {
    /// More effective, more costly.
    pub north_east: usize,
    /// Less effective, more costly (dominated).
    pub north_west: usize,
    /// More effective, less costly (dominant).
    pub south_east: usize,
    /// Less effective, less costly.
    pub south_west: usize,
    /// On an axis.
    pub on_axis: usize,
}

/// One bootstrap replicate on the cost-effectiveness plane.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct PlanePoint {
    /// ΔE* (outcome units per person).
    pub delta_effect: f64,
    /// ΔC* (kr. per person).
    pub delta_cost: f64,
}

/// One willingness to pay: the acceptability curve's height and the net monetary benefit.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct WtpPoint {
    /// λ, kr. per unit of effect.
    pub wtp: f64,
    /// Share of replicates with λΔE* − ΔC* > 0.
    pub probability_cost_effective: f64,
    /// λΔE − ΔC (kr. per person) with its bootstrap intervals.
    pub nmb: Uncertain,
}

/// The fitted ICER.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct IcerFit {
    /// Persons in the programme.
    pub n_programme: usize,
    /// Persons in the comparison group.
    pub n_comparison: usize,
    /// Mean cost per person, [programme, comparison].
    pub mean_cost: [f64; 2],
    /// Mean effect per person, [programme, comparison].
    pub mean_effect: [f64; 2],
    /// ΔC.
    pub delta_cost: Uncertain,
    /// ΔE.
    pub delta_effect: Uncertain,
    /// ΔC / ΔE.
    pub icer: Uncertain,
    /// The quadrant of the point estimate.
    pub quadrant: Quadrant,
    /// Fieller's interval for the ICER, when bounded.
    pub fieller_ci: Option<[f64; 2]>,
    /// Replicates per quadrant.
    pub quadrants: QuadrantCounts,
    /// The acceptability curve and the net monetary benefit, one point per λ.
    pub acceptability: Vec<WtpPoint>,
    /// The replicates (ΔE*, ΔC*), in replicate order (not in JSON: it is long).
    #[serde(skip)]
    pub plane: Vec<PlanePoint>,
    /// The covariates ΔC and ΔE are adjusted for (empty: plain differences in means).
    pub adjusted_for: Vec<String>,
    /// Replicates asked for.
    pub replicates: usize,
    /// The seed.
    pub seed: u64,
    /// The level of every interval.
    pub ci_level: f64,
    /// What a reader should know.
    pub warnings: Vec<String>,
}

/// Sums per arm of a resample: n, Σc, Σe for the programme, then the comparison.
type ArmSums = [[f64; 3]; 2];

impl Icer {
    /// 2000 replicates, seed 1, 95 % intervals, BCa intervals, and λ = 0 only.
    pub fn new() -> Icer {
        Icer {
            replicates: 2000,
            seed: 1,
            ci_level: 0.95,
            wtp: vec![0.0],
            bca: true,
        }
    }

    /// Bootstrap replicates.
    pub fn replicates(mut self, b: usize) -> Self {
        self.replicates = b;
        self
    }

    /// The seed.
    pub fn seed(mut self, seed: u64) -> Self {
        self.seed = seed;
        self
    }

    /// The confidence level.
    pub fn ci_level(mut self, level: f64) -> Self {
        self.ci_level = level;
        self
    }

    /// The willingness-to-pay grid λ (kr. per unit of effect) for the acceptability curve
    /// and the net monetary benefit.
    pub fn wtp(mut self, grid: Vec<f64>) -> Self {
        self.wtp = grid;
        self
    }

    /// An even grid 0, max/steps, …, max (`steps` + 1 points).
    pub fn wtp_grid(max: f64, steps: usize) -> Vec<f64> {
        (0..=steps)
            .map(|k| max * k as f64 / steps.max(1) as f64)
            .collect()
    }

    /// Whether to compute BCa intervals (default yes).
    pub fn bca(mut self, yes: bool) -> Self {
        self.bca = yes;
        self
    }

    fn bootstrap(&self) -> Bootstrap {
        Bootstrap::new(self.replicates)
            .seed(self.seed)
            .ci_level(self.ci_level)
    }

    /// Checks the settings.
    ///
    /// # Errors
    /// See [`Icer`].
    pub fn check(&self) -> Result<()> {
        self.bootstrap().check()?;
        if self.wtp.is_empty() {
            return Err(Error::parameter(
                "wtp",
                "needs at least one willingness to pay",
            ));
        }
        if let Some(l) = self.wtp.iter().find(|l| !(l.is_finite() && **l >= 0.0)) {
            return Err(Error::parameter(
                "wtp",
                format!("must be finite and at least 0, not {l}"),
            ));
        }
        Ok(())
    }

    /// Estimates from per-person arm (`true` = programme), cost and effect.
    ///
    /// # Errors
    /// See [`Icer`].
    pub fn fit(&self, programme: &[bool], cost: &[f64], effect: &[f64]) -> Result<IcerFit> {
        self.fit_adjusted(programme, cost, effect, &[])
    }

    /// As [`Icer::fit`], with ΔC and ΔE adjusted for covariates: each is the programme's
    /// coefficient in a least-squares regression (as R's `lm`) on an intercept, the
    /// programme indicator and the covariates, refitted in every bootstrap replicate and
    /// for every leave-one-out jackknife estimate (so BCa costs n regressions; turn it off
    /// with [`Icer::bca`] for large data). With no covariates it is [`Icer::fit`].
    ///
    /// ```text
    /// cost_i   = a_C + ΔC·programme_i + x_i'b_C + e_C,i
    /// effect_i = a_E + ΔE·programme_i + x_i'b_E + e_E,i
    /// Fieller: v_C, v_E the classical variances of ΔC and ΔE, c = σ_CE·(X'X)⁻¹ at ΔC's term,
    ///          σ_CE = Σ e_C,i e_E,i / (n − k) (the two regressions share X)
    /// ```
    ///
    /// # Errors
    /// As [`Icer::fit`]; a covariate of another length or with a value that is not finite;
    /// covariates that are collinear with the programme or each other (named by `ols`).
    pub fn fit_adjusted(
        &self,
        programme: &[bool],
        cost: &[f64],
        effect: &[f64],
        covariates: &[(&str, Vec<f64>)],
    ) -> Result<IcerFit> {
        self.check()?;
        let n = programme.len();
        if cost.len() != n || effect.len() != n {
            return Err(Error::parameter(
                "cost",
                format!(
                    "{n} arms, {} costs and {} effects: one of each per person",
                    cost.len(),
                    effect.len()
                ),
            ));
        }
        if let Some(i) = cost.iter().position(|c| !c.is_finite()) {
            return Err(Error::parameter(
                "cost",
                format!("person {} has cost {}", i + 1, cost[i]),
            ));
        }
        if let Some(i) = effect.iter().position(|e| !e.is_finite()) {
            return Err(Error::parameter(
                "effect",
                format!("person {} has effect {}", i + 1, effect[i]),
            ));
        }
        let n1 = programme.iter().filter(|t| **t).count();
        let n0 = n - n1;
        if n1 < 2 || n0 < 2 {
            return Err(Error::analysis(format!(
                "the ICER needs at least 2 persons in each arm; the programme has {n1} and the comparison {n0}"
            )));
        }
        let sums = |rows: &mut dyn Iterator<Item = usize>| -> ArmSums {
            let mut s = [[0.0; 3]; 2];
            for i in rows {
                let a = usize::from(!programme[i]);
                s[a][0] += 1.0;
                s[a][1] += cost[i];
                s[a][2] += effect[i];
            }
            s
        };
        let full = sums(&mut (0..n));
        let diffs = |s: &ArmSums| -> (f64, f64) {
            (
                s[0][1] / s[0][0] - s[1][1] / s[1][0],
                s[0][2] / s[0][0] - s[1][2] / s[1][0],
            )
        };
        for (name, x) in covariates {
            if x.len() != n {
                return Err(Error::parameter(
                    *name,
                    format!("has {} values for {n} persons", x.len()),
                ));
            }
            if let Some(i) = x.iter().position(|v| !v.is_finite()) {
                return Err(Error::parameter(
                    *name,
                    format!("person {} has {}", i + 1, x[i]),
                ));
            }
        }
        let adjusted = !covariates.is_empty();
        // The two regressions on the rows given (repeats allowed, as a resample's).
        let regress = |rows: &[usize]| -> Result<(OlsFit, OlsFit)> {
            let mut cols: Vec<(&str, Vec<f64>)> = vec![
                ("(Intercept)", vec![1.0; rows.len()]),
                (
                    "programme",
                    rows.iter()
                        .map(|&i| f64::from(u8::from(programme[i])))
                        .collect(),
                ),
            ];
            for (name, x) in covariates {
                cols.push((name, rows.iter().map(|&i| x[i]).collect()));
            }
            let yc: Vec<f64> = rows.iter().map(|&i| cost[i]).collect();
            let ye: Vec<f64> = rows.iter().map(|&i| effect[i]).collect();
            Ok((
                ols(&cols, &yc, &Covariance::Classical, self.ci_level)?,
                ols(&cols, &ye, &Covariance::Classical, self.ci_level)?,
            ))
        };
        let estimate = |rows: &[usize]| -> Result<(f64, f64)> {
            if adjusted {
                let (c, e) = regress(rows)?;
                Ok((c.coefficients[1].coef, e.coefficients[1].coef))
            } else {
                Ok(diffs(&sums(&mut rows.iter().copied())))
            }
        };
        let everyone: Vec<usize> = (0..n).collect();
        let full_fits = if adjusted {
            Some(regress(&everyone)?)
        } else {
            None
        };
        let (dc, de) = estimate(&everyone)?;
        let strata: Vec<u32> = programme.iter().map(|t| u32::from(!*t)).collect();
        let boot = self.bootstrap();
        let reps: Vec<Option<(f64, f64)>> = boot.replicates(n, Some(&strata), estimate)?;
        let mut warnings = Vec::new();
        let failed = reps.iter().filter(|r| r.is_none()).count();
        if failed > 0 {
            warnings.push(format!(
                "{failed} of {} bootstrap replicates could not be fitted (covariates collinear in the resample) and are left out",
                self.replicates
            ));
        }
        let plane: Vec<PlanePoint> = reps
            .iter()
            .flatten()
            .map(|&(c, e)| PlanePoint {
                delta_effect: e,
                delta_cost: c,
            })
            .collect();
        if plane.len() < 2 {
            return Err(Error::analysis(format!(
                "only {} of {} bootstrap replicates could be computed",
                plane.len(),
                self.replicates
            )));
        }
        let mut quadrants = QuadrantCounts::default();
        for p in &plane {
            match Quadrant::of(p.delta_effect, p.delta_cost) {
                Quadrant::NorthEast => quadrants.north_east += 1,
                Quadrant::NorthWest => quadrants.north_west += 1,
                Quadrant::SouthEast => quadrants.south_east += 1,
                Quadrant::SouthWest => quadrants.south_west += 1,
                Quadrant::OnAxis => quadrants.on_axis += 1,
            }
        }
        // Leave-one-out (ΔC, ΔE) for the jackknife, stratified by arm as boot's usual.jack.
        let loo: Vec<(f64, f64)> = if !self.bca {
            Vec::new()
        } else if adjusted {
            (0..n)
                .into_par_iter()
                .map(|i| {
                    let rows: Vec<usize> = (0..n).filter(|&j| j != i).collect();
                    estimate(&rows).unwrap_or((f64::NAN, f64::NAN))
                })
                .collect()
        } else {
            (0..n)
                .map(|i| {
                    let mut s = full;
                    let a = usize::from(!programme[i]);
                    s[a][0] -= 1.0;
                    s[a][1] -= cost[i];
                    s[a][2] -= effect[i];
                    diffs(&s)
                })
                .collect()
        };
        let influence = |est: f64, f: &dyn Fn(f64, f64) -> f64| -> Option<Vec<f64>> {
            if !self.bca {
                return None;
            }
            let t: Vec<f64> = loo.iter().map(|&(c, e)| f(c, e)).collect();
            if !t.iter().all(|v| v.is_finite()) {
                return None;
            }
            jackknife_influence(est, &t, Some(&strata)).ok()
        };
        let level = self.ci_level;
        let summary = |est: Option<f64>,
                       f: &dyn Fn(f64, f64) -> Option<f64>,
                       what: &str,
                       warnings: &mut Vec<String>|
         -> Uncertain {
            let values: Vec<Option<f64>> =
                reps.iter().map(|r| r.and_then(|(c, e)| f(c, e))).collect();
            let l = est.and_then(|e| influence(e, &|c, d| f(c, d).unwrap_or(f64::NAN)));
            Uncertain::from_replicates(&boot, level, est, &values, l.as_deref(), what, warnings)
        };
        let delta_cost = summary(Some(dc), &|c, _| Some(c), "cost difference", &mut warnings);
        let delta_effect = summary(
            Some(de),
            &|_, e| Some(e),
            "effect difference",
            &mut warnings,
        );
        let ratio = |c: f64, e: f64| (e != 0.0).then(|| c / e);
        let icer_est = ratio(dc, de);
        if icer_est.is_none() {
            warnings.push(
                "the effect difference is 0, so there is no ICER; read the net monetary benefit"
                    .into(),
            );
        }
        let icer = summary(icer_est, &ratio, "ICER", &mut warnings);
        if icer_est.is_some() && icer.undefined_replicates > 0 {
            warnings.push(format!(
                "{} of {} bootstrap replicates had an effect difference of 0 and no ICER",
                icer.undefined_replicates, self.replicates
            ));
        }
        if let Some([lo, hi]) = delta_effect.ci {
            if lo <= 0.0 && hi >= 0.0 {
                warnings.push(format!(
                    "the {}% interval of the effect difference includes 0, so the ICER's interval is not meaningful \
                     (the replicates fall on both sides of the cost axis); read the acceptability curve and the net monetary benefit",
                    level * 100.0
                ));
            }
        }
        let quadrant = Quadrant::of(de, dc);
        match quadrant {
            Quadrant::SouthEast => warnings.push(
                "the programme is more effective and costs less (dominant); the ICER is negative and is not read as a price"
                    .into(),
            ),
            Quadrant::NorthWest => warnings.push(
                "the programme is less effective and costs more (dominated); the ICER is negative and is not read as a price"
                    .into(),
            ),
            Quadrant::SouthWest => warnings.push(
                "the programme is less effective and costs less; the ICER is the saving per unit of effect given up"
                    .into(),
            ),
            _ => {}
        }
        let fieller_ci = match &full_fits {
            None => self.fieller(programme, cost, effect, dc, de),
            Some((c, e)) => {
                // Classical variances of the programme's coefficients, and their covariance
                // across the two regressions on the same design.
                let (sc, se) = (c.coefficients[1].std_error, e.coefficients[1].std_error);
                let k = c.k as f64;
                let s_ce = c
                    .residuals
                    .iter()
                    .zip(&e.residuals)
                    .map(|(a, b)| a * b)
                    .sum::<f64>()
                    / (n as f64 - k);
                let xtx_inv = sc * sc / (c.sigma * c.sigma);
                self.fieller_from([sc * sc, se * se, s_ce * xtx_inv], dc, de)
            }
        };
        if fieller_ci.is_none() && icer_est.is_some() {
            warnings.push(
                "Fieller's interval for the ICER is unbounded: the effect difference is not distinguishable from 0"
                    .into(),
            );
        }
        let m = plane.len() as f64;
        let acceptability = self
            .wtp
            .iter()
            .map(|&l| {
                let wins = plane
                    .iter()
                    .filter(|p| l * p.delta_effect - p.delta_cost > 0.0)
                    .count();
                let nmb = summary(
                    Some(l * de - dc),
                    &|c, e| Some(l * e - c),
                    &format!("net monetary benefit at {l} kr."),
                    &mut warnings,
                );
                WtpPoint {
                    wtp: l,
                    probability_cost_effective: wins as f64 / m,
                    nmb,
                }
            })
            .collect();
        Ok(IcerFit {
            n_programme: n1,
            n_comparison: n0,
            mean_cost: [full[0][1] / full[0][0], full[1][1] / full[1][0]],
            mean_effect: [full[0][2] / full[0][0], full[1][2] / full[1][0]],
            delta_cost,
            delta_effect,
            icer,
            quadrant,
            fieller_ci,
            quadrants,
            acceptability,
            plane,
            adjusted_for: covariates.iter().map(|(n, _)| n.to_string()).collect(),
            replicates: self.replicates,
            seed: self.seed,
            ci_level: self.ci_level,
            warnings,
        })
    }

    /// Fieller's interval (see [`Icer`]), `None` when unbounded.
    fn fieller(
        &self,
        programme: &[bool],
        cost: &[f64],
        effect: &[f64],
        dc: f64,
        de: f64,
    ) -> Option<[f64; 2]> {
        // Per arm: sample variances and covariance (n − 1), divided by the arm's size.
        let mut v = [0.0; 3]; // v_C, v_E, c
        for arm in [true, false] {
            let rows: Vec<usize> = (0..programme.len())
                .filter(|&i| programme[i] == arm)
                .collect();
            let k = rows.len() as f64;
            let mc = rows.iter().map(|&i| cost[i]).sum::<f64>() / k;
            let me = rows.iter().map(|&i| effect[i]).sum::<f64>() / k;
            let (mut scc, mut see, mut sce) = (0.0, 0.0, 0.0);
            for &i in &rows {
                let (a, b) = (cost[i] - mc, effect[i] - me);
                scc += a * a;
                see += b * b;
                sce += a * b;
            }
            v[0] += scc / (k - 1.0) / k;
            v[1] += see / (k - 1.0) / k;
            v[2] += sce / (k - 1.0) / k;
        }
        self.fieller_from(v, dc, de)
    }

    /// Fieller's interval from v_C, v_E and their covariance.
    fn fieller_from(&self, v: [f64; 3], dc: f64, de: f64) -> Option<[f64; 2]> {
        let z = Normal::new(0.0, 1.0)
            .ok()?
            .inverse_cdf(1.0 - (1.0 - self.ci_level) / 2.0);
        let z2 = z * z;
        let a = de * de - z2 * v[1];
        let b = de * dc - z2 * v[2];
        let d = dc * dc - z2 * v[0];
        let disc = b * b - a * d;
        if a <= 0.0 || disc < 0.0 {
            return None;
        }
        let r = disc.sqrt();
        let (x, y) = ((b - r) / a, (b + r) / a);
        Some([x.min(y), x.max(y)])
    }
}
