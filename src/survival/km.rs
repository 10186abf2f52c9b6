//! Kaplan–Meier curves with Greenwood errors, confidence limits, quantiles, the
//! restricted mean, and the log-rank test — as R's `survfit`, `quantile.survfit`,
//! `summary.survfit` and `survdiff` compute them.

use crate::error::{Error, Result};
use serde::Serialize;
use statrs::distribution::{ChiSquared, ContinuousCDF, Normal};
use std::collections::HashMap;

/// R's `sqrt(.Machine$double.eps)`: the tolerance of `aeqSurv`, `quantile.survfit` and
/// `survmean`.
const TOL: f64 = 1.490_116_119_384_765_6e-8;

/// The most groups a log-rank test is computed for (its variance matrix is groups²).
const MAX_GROUPS: usize = 1000;

/// The scale on which the pointwise confidence limits of S(t) are made.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ConfType {
    /// exp(log S ± z·se), the upper limit capped at 1: R's default.
    #[default]
    Log,
    /// S^exp(±z·se/log S): always inside (0, 1); none where S is 0 or 1.
    LogLog,
    /// S ± z·S·se, clipped to [0, 1].
    Plain,
}

/// Kaplan–Meier estimation: configure, then [`KaplanMeier::fit`] (one curve) or
/// [`KaplanMeier::fit_groups`] (one curve per group and the log-rank test).
///
/// ```text
/// at each distinct time t_i (event or censoring): n_i at risk (time ≥ t_i), d_i events,
/// c_i censorings (someone censored at t_i is at risk at t_i)
/// S(t)      = Π_{t_i ≤ t} (n_i − d_i)/n_i
/// se_log(t) = √ Σ_{t_i ≤ t} d_i/(n_i (n_i − d_i))        Greenwood, SE of −log S (∞ once S = 0)
/// SE of S   = S(t)·se_log(t)                               what summary(survfit) prints
/// H(t)      = Σ d_i/n_i,   se_H(t) = √ Σ d_i/n_i²          Nelson–Aalen
/// CI (log)      exp(log S ∓ z·se_log), upper capped at 1;  z = Φ⁻¹(1 − (1 − level)/2)
/// CI (log-log)  exp(−exp(log(−log S) ∓ z·se_log/log S))
/// CI (plain)    S ∓ z·S·se_log, clipped to [0, 1]
/// quantile p   the first time S ≤ 1 − p; if S = 1 − p (within √eps) on a flat stretch,
///              the midpoint of that stretch; the CI limits the same rule on the lower and
///              upper curves
/// RMST(τ)   = ∫_0^τ S(t) dt,
///              se² = Σ_{t_i ≤ τ} A_i² d_i/(n_i (n_i − d_i)),  A_i = ∫_{t_i}^τ S(t) dt
/// ```
/// Times closer than √eps (absolutely, or relative to the mean distinct time) are taken
/// as one, as R's `aeqSurv` (`timefix = TRUE`).
///
/// ```
/// use indsats::survival::{ConfType, KaplanMeier};
/// // three spells: an event at 1, a censoring at 2, an event at 3
/// let fit = KaplanMeier::default()
///     .conf_type(ConfType::Log)
///     .tau(Some(3.0))
///     .fit(&[1.0, 2.0, 3.0], &[true, false, true])
///     .unwrap();
/// assert_eq!(fit.table.len(), 3);
/// assert_eq!(fit.table[1].n_risk, 2); // censored at 2: still at risk at 2
/// assert!((fit.table[0].survival - 2.0 / 3.0).abs() < 1e-15);
/// assert_eq!(fit.table[2].survival, 0.0);
/// assert_eq!(fit.table[2].std_error, None); // 0 × ∞: no such number
/// assert_eq!(fit.median, Some(3.0));
/// let rmst = fit.rmst.unwrap(); // 1 + 2 × 2/3
/// assert!((rmst.estimate - 7.0 / 3.0).abs() < 1e-15);
/// ```
///
/// # Errors
/// No observations; `time` and `event` of different lengths; a time that is negative or
/// not finite (named by its position); a confidence level outside (0, 1); a `tau` that is
/// not positive and finite.
///
/// # References
/// Kaplan and Meier (1958), *JASA* 53:457–481; Greenwood (1926); Klein and Moeschberger
/// (2003), *Survival Analysis*, §4.2–4.5. Matches R's survival 3.5 `survfit(Surv(time,
/// status) ~ 1, conf.type = …)`, `quantile(fit)`, `print(fit)` (median) and
/// `summary(fit, rmean = tau)`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct KaplanMeier {
    conf_type: ConfType,
    ci_level: f64,
    tau: Option<f64>,
}

impl Default for KaplanMeier {
    fn default() -> Self {
        KaplanMeier {
            conf_type: ConfType::Log,
            ci_level: 0.95,
            tau: None,
        }
    }
}

/// One row of the curve: one distinct time.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct KmRow {
    /// The time.
    pub time: f64,
    /// At risk just before it (time ≥ this time).
    pub n_risk: usize,
    /// Events at it.
    pub n_event: usize,
    /// Censorings at it.
    pub n_censor: usize,
    /// S(t), the Kaplan–Meier estimate.
    pub survival: f64,
    /// Greenwood standard error of S(t) (S × `std_err_cumhaz`); `None` once S = 0.
    pub std_error: Option<f64>,
    /// Greenwood standard error of −log S(t) (R's `survfit()$std.err`); `None` (infinite)
    /// once S = 0.
    pub std_err_cumhaz: Option<f64>,
    /// Nelson–Aalen cumulative hazard.
    pub cumhaz: f64,
    /// Its standard error.
    pub std_chaz: f64,
    /// Pointwise confidence limits of S(t); `None` where the transform has none (S = 0;
    /// S = 1 for log-log).
    pub ci: [Option<f64>; 2],
}

/// A quantile of the survival time: the time by which a share `p` has had the event.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Quantile {
    /// The share (0.5 for the median).
    pub p: f64,
    /// The time; `None` when the curve never gets down to 1 − p.
    pub time: Option<f64>,
    /// Confidence limits from the pointwise limits of S; `None` where that curve never
    /// gets down to 1 − p.
    pub ci: [Option<f64>; 2],
}

/// The restricted mean survival time up to `tau`.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Rmst {
    /// The horizon.
    pub tau: f64,
    /// The area under S on [0, tau].
    pub estimate: f64,
    /// Its standard error (R's `se(rmean)`).
    pub std_error: f64,
}

/// A fitted Kaplan–Meier curve with its inference.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct KmFit {
    /// Observations.
    pub n: usize,
    /// Events.
    pub events: usize,
    /// The median as `print(survfit)` gives it; `None` when S stays above 0.5.
    pub median: Option<f64>,
    /// Its confidence limits (from the lower and upper curves).
    pub median_ci: [Option<f64>; 2],
    /// The quartiles 0.25, 0.5, 0.75 as `quantile(survfit)` gives them. They differ from
    /// `median` only when the curve ends on a flat stretch at exactly 0.5: R's quantile
    /// then takes the midpoint to the last time, R's print the start of the stretch.
    pub quantiles: Vec<Quantile>,
    /// The restricted mean, when a horizon was set.
    pub rmst: Option<Rmst>,
    /// The scale of the confidence limits.
    pub conf_type: ConfType,
    /// Their level.
    pub ci_level: f64,
    /// One row per distinct time, censor-only times included (as R's survfit object).
    pub table: Vec<KmRow>,
    /// What the reader should know.
    pub warnings: Vec<String>,
}

/// One group's curve.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct KmCurve {
    /// The group's label (`"all"` for an ungrouped curve).
    pub group: String,
    /// The curve.
    #[serde(flatten)]
    pub fit: KmFit,
}

/// One group in the log-rank test.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LogRankGroup {
    /// The label.
    pub group: String,
    /// Observations.
    pub n: usize,
    /// Observed events, O.
    pub observed: usize,
    /// Expected events under equal hazards, E (summed over strata).
    pub expected: f64,
    /// The variance of O − E (the diagonal of survdiff's `var`).
    pub variance: f64,
}

/// The log-rank test (`survdiff`, rho = 0), stratified or not.
///
/// ```text
/// at each event time t (within a stratum): n at risk, d events; n_g, d_g in group g
/// E_g += d·n_g/n;   V_gh += d(n − d)/(n(n − 1)) · n_g (δ_gh − n_h/n)
/// O − E and V are summed over strata; groups with E = 0 are dropped, and of the rest the
/// first; χ² = (O − E)ᵀ V⁻¹ (O − E) on (groups with E > 0) − 1 degrees of freedom
/// ```
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LogRank {
    /// Per group, in the curves' order.
    pub groups: Vec<LogRankGroup>,
    /// The statistic; `None` when fewer than two groups have expected events or the
    /// variance is singular.
    pub chisq: Option<f64>,
    /// Degrees of freedom.
    pub df: usize,
    /// P(χ²_df ≥ chisq).
    pub p_value: Option<f64>,
    /// Strata the test was summed over (1 when not stratified).
    pub strata: usize,
}

/// Curves by group, with the log-rank test.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct KmGroups {
    /// One curve per group, labels sorted (as numbers when every label is one).
    pub groups: Vec<KmCurve>,
    /// The test of equal curves; `None` with one group.
    pub logrank: Option<LogRank>,
    /// What the reader should know about the comparison (each curve has its own too).
    pub warnings: Vec<String>,
}

impl KmGroups {
    /// The largest time at which every group still has someone at risk: the smallest of
    /// the groups' last times (the default horizon of survRM2's `rmst2`).
    pub fn common_tau(&self) -> Option<f64> {
        self.groups
            .iter()
            .filter_map(|c| c.fit.table.last().map(|r| r.time))
            .min_by(f64::total_cmp)
    }

    /// Sets every curve's restricted mean to the one at `tau`.
    ///
    /// # Errors
    /// A `tau` that is not positive and finite.
    pub fn set_rmst(&mut self, tau: f64) -> Result<()> {
        check_tau(tau)?;
        for c in &mut self.groups {
            let (rmst, warning) = c.fit.rmst_with_note(tau);
            c.fit.rmst = Some(rmst);
            c.fit.warnings.extend(warning);
        }
        Ok(())
    }
}

impl KmFit {
    /// The restricted mean survival time up to `tau` (see [`KaplanMeier`]); beyond the
    /// last time the curve is carried forward flat.
    ///
    /// # Errors
    /// A `tau` that is not positive and finite.
    pub fn rmst_at(&self, tau: f64) -> Result<Rmst> {
        check_tau(tau)?;
        Ok(self.rmst_with_note(tau).0)
    }

    fn rmst_with_note(&self, tau: f64) -> (Rmst, Option<String>) {
        let rmst = rmst(&self.table, tau);
        let last = self.table.last().expect("a fit has a row");
        let note = (tau > last.time && last.survival > 0.0).then(|| {
            format!(
                "the restricted mean runs to {tau}, past the last time {}: the curve is \
                 carried forward flat at {:.4} from there",
                last.time, last.survival
            )
        });
        (rmst, note)
    }
}

fn check_tau(tau: f64) -> Result<()> {
    if tau.is_finite() && tau > 0.0 {
        Ok(())
    } else {
        Err(Error::parameter(
            "tau",
            format!("must be a positive number, not {tau}"),
        ))
    }
}

/// One observation, sorted by time.
#[derive(Debug, Clone, Copy)]
struct Obs {
    time: f64,
    event: bool,
    group: u32,
    stratum: u32,
}

impl KaplanMeier {
    /// Sets the scale of the confidence limits (default [`ConfType::Log`], as R).
    pub fn conf_type(mut self, conf_type: ConfType) -> Self {
        self.conf_type = conf_type;
        self
    }

    /// Sets the confidence level (default 0.95).
    pub fn ci_level(mut self, level: f64) -> Self {
        self.ci_level = level;
        self
    }

    /// Sets the horizon of the restricted mean (default none: no RMST).
    pub fn tau(mut self, tau: Option<f64>) -> Self {
        self.tau = tau;
        self
    }

    /// Checks the parameters.
    ///
    /// # Errors
    /// A level outside (0, 1); a `tau` that is not positive and finite.
    pub fn check(&self) -> Result<()> {
        if !(self.ci_level > 0.0 && self.ci_level < 1.0) {
            return Err(Error::parameter(
                "ci_level",
                format!("must lie in (0, 1), not {}", self.ci_level),
            ));
        }
        if let Some(tau) = self.tau {
            check_tau(tau)?;
        }
        Ok(())
    }

    /// Fits one curve to spells of length `time[i]` ending in an event when `event[i]`.
    ///
    /// # Errors
    /// See [`KaplanMeier`].
    pub fn fit(&self, time: &[f64], event: &[bool]) -> Result<KmFit> {
        self.check()?;
        let obs = sorted_obs(time, event, None, None)?;
        Ok(self.curve(&obs))
    }

    /// Fits one curve per group (labels sorted: as numbers when every label is a number,
    /// else as text) and the log-rank test of their equality. With one group there is no
    /// test, and a warning says so.
    ///
    /// ```
    /// use indsats::survival::KaplanMeier;
    /// let time = [1.0, 2.0, 3.0, 4.0];
    /// let event = [true, true, true, true];
    /// let group = ["b", "a", "b", "a"];
    /// let by = KaplanMeier::default().fit_groups(&time, &event, &group).unwrap();
    /// assert_eq!(by.groups[0].group, "a");
    /// let lr = by.logrank.unwrap();
    /// // a's share of those at risk at each death: 2/4, 2/3, 1/2, 1/1
    /// assert!((lr.groups[0].expected - (0.5 + 2.0 / 3.0 + 0.5 + 1.0)).abs() < 1e-12);
    /// assert_eq!(lr.groups[0].observed, 2);
    /// ```
    ///
    /// # Errors
    /// As [`KaplanMeier::fit`]; `group` of another length; more than 1,000 groups.
    pub fn fit_groups<S: AsRef<str>>(
        &self,
        time: &[f64],
        event: &[bool],
        group: &[S],
    ) -> Result<KmGroups> {
        self.grouped(time, event, group, None::<&[S]>)
    }

    /// As [`KaplanMeier::fit_groups`], with the log-rank test stratified by `strata`
    /// (`survdiff(Surv(time, status) ~ group + strata(s))`): O − E and its variance are
    /// summed over strata. The curves are each group's over all strata.
    ///
    /// # Errors
    /// As [`KaplanMeier::fit_groups`]; `strata` of another length.
    pub fn fit_stratified<S: AsRef<str>, T: AsRef<str>>(
        &self,
        time: &[f64],
        event: &[bool],
        group: &[S],
        strata: &[T],
    ) -> Result<KmGroups> {
        self.grouped(time, event, group, Some(strata))
    }

    fn grouped<S: AsRef<str>, T: AsRef<str>>(
        &self,
        time: &[f64],
        event: &[bool],
        group: &[S],
        strata: Option<&[T]>,
    ) -> Result<KmGroups> {
        self.check()?;
        let (labels, group_codes) = codes("group", group, time.len())?;
        if labels.len() > MAX_GROUPS {
            return Err(Error::analysis(format!(
                "the group column has {} different values; curves by group are for at most \
                 {MAX_GROUPS} groups (is it an identifier?)",
                labels.len()
            )));
        }
        let strata = strata.map(|s| codes("strata", s, time.len())).transpose()?;
        let obs = sorted_obs(
            time,
            event,
            Some(&group_codes),
            strata.as_ref().map(|s| s.1.as_slice()),
        )?;
        let mut warnings = Vec::new();
        // Stable bucketing by group keeps each group in time order: one sort in all.
        let (bounds, by_group) = bucket(&obs, labels.len(), |o| o.group);
        let groups: Vec<KmCurve> = labels
            .iter()
            .zip(bounds.windows(2))
            .map(|(label, w)| KmCurve {
                group: label.clone(),
                fit: self.curve(&by_group[w[0]..w[1]]),
            })
            .collect();
        let logrank = if labels.len() < 2 {
            warnings.push(format!(
                "the log-rank test needs at least two groups; every observation is in group \
                 \"{}\"",
                labels[0]
            ));
            None
        } else {
            let n_strata = strata.as_ref().map_or(1, |s| s.0.len());
            let lr = logrank_sorted(&obs, &labels, n_strata);
            if lr.chisq.is_none() {
                warnings.push(
                    "no log-rank statistic: fewer than two groups have expected events, or \
                     the variance is singular"
                        .to_string(),
                );
            }
            Some(lr)
        };
        Ok(KmGroups {
            groups,
            logrank,
            warnings,
        })
    }

    /// The curve of observations sorted by time.
    fn curve(&self, obs: &[Obs]) -> KmFit {
        let z = z_value(self.ci_level);
        let mut rows = Vec::new();
        let n = obs.len();
        let mut n_risk = n;
        let (mut km, mut v_log, mut nelson, mut v_chaz) = (1.0_f64, 0.0_f64, 0.0_f64, 0.0_f64);
        let mut i = 0;
        while i < n {
            let t = obs[i].time;
            let (mut d, mut c) = (0usize, 0usize);
            while i < n && obs[i].time == t {
                if obs[i].event {
                    d += 1;
                } else {
                    c += 1;
                }
                i += 1;
            }
            let (nr, df) = (n_risk as f64, d as f64);
            if d > 0 {
                nelson += df / nr;
                v_chaz += df / (nr * nr);
                km *= (nr - df) / nr;
                v_log += df / (nr * (nr - df)); // ∞ when everyone at risk has the event
            }
            let se_log = v_log.sqrt();
            let std_error = (se_log * km).is_finite().then_some(se_log * km);
            rows.push(KmRow {
                time: t,
                n_risk,
                n_event: d,
                n_censor: c,
                survival: km,
                std_error,
                std_err_cumhaz: se_log.is_finite().then_some(se_log),
                cumhaz: nelson,
                std_chaz: v_chaz.sqrt(),
                ci: conf_limits(self.conf_type, km, se_log, z),
            });
            n_risk -= d + c;
        }
        let events = rows.iter().map(|r| r.n_event).sum();
        let mut warnings = Vec::new();
        if events == 0 {
            warnings.push(
                "no events: the survival curve stays at 1 and there is no median".to_string(),
            );
        }
        let times: Vec<f64> = rows.iter().map(|r| r.time).collect();
        let surv: Vec<Option<f64>> = rows.iter().map(|r| Some(r.survival)).collect();
        let lower: Vec<Option<f64>> = rows.iter().map(|r| r.ci[0]).collect();
        let upper: Vec<Option<f64>> = rows.iter().map(|r| r.ci[1]).collect();
        let median = minmin(&surv, &times);
        let median_ci = [minmin(&lower, &times), minmin(&upper, &times)];
        let probs = [0.25, 0.5, 0.75];
        let q = doquant(&probs, &times, &surv);
        let ql = doquant(&probs, &times, &lower);
        let qu = doquant(&probs, &times, &upper);
        let quantiles = (0..probs.len())
            .map(|k| Quantile {
                p: probs[k],
                time: q[k],
                ci: [ql[k], qu[k]],
            })
            .collect();
        let mut fit = KmFit {
            n,
            events,
            median,
            median_ci,
            quantiles,
            rmst: None,
            conf_type: self.conf_type,
            ci_level: self.ci_level,
            table: rows,
            warnings,
        };
        if let Some(tau) = self.tau {
            let (r, note) = fit.rmst_with_note(tau);
            fit.rmst = Some(r);
            fit.warnings.extend(note);
        }
        fit
    }
}

/// The log-rank test of `group` (stratified by `strata` when given), as R's `survdiff`
/// with rho = 0; see [`LogRank`]. Groups are ordered as [`KaplanMeier::fit_groups`]
/// orders them.
///
/// ```
/// use indsats::survival::logrank;
/// let time = [1.0, 2.0, 3.0, 4.0];
/// let event = [true; 4];
/// let lr = logrank(&time, &event, &["a", "a", "b", "b"], None::<&[&str]>).unwrap();
/// assert_eq!((lr.groups[0].observed, lr.df), (2, 1));
/// // a's share of those at risk at each death: 2/4, 1/3, then none
/// assert!((lr.groups[0].expected - (0.5 + 1.0 / 3.0)).abs() < 1e-12);
/// ```
///
/// # Errors
/// As [`KaplanMeier::fit_groups`]; fewer than two groups.
///
/// # References
/// Mantel (1966); Peto and Peto (1972). Matches R's survival 3.5 `survdiff(Surv(time,
/// status) ~ group [+ strata(s)])`.
pub fn logrank<S: AsRef<str>, T: AsRef<str>>(
    time: &[f64],
    event: &[bool],
    group: &[S],
    strata: Option<&[T]>,
) -> Result<LogRank> {
    let (labels, g) = codes("group", group, time.len())?;
    if labels.len() < 2 {
        return Err(Error::analysis(format!(
            "the log-rank test needs at least two groups, found {}",
            labels.len()
        )));
    }
    if labels.len() > MAX_GROUPS {
        return Err(Error::analysis(format!(
            "the log-rank test is for at most {MAX_GROUPS} groups, found {}",
            labels.len()
        )));
    }
    let strata = strata.map(|s| codes("strata", s, time.len())).transpose()?;
    let obs = sorted_obs(
        time,
        event,
        Some(&g),
        strata.as_ref().map(|s| s.1.as_slice()),
    )?;
    Ok(logrank_sorted(
        &obs,
        &labels,
        strata.as_ref().map_or(1, |s| s.0.len()),
    ))
}

/// Checks the data, sorts it by time (one sort) and merges times closer than √eps as R's
/// `aeqSurv` does.
fn sorted_obs(
    time: &[f64],
    event: &[bool],
    group: Option<&[u32]>,
    stratum: Option<&[u32]>,
) -> Result<Vec<Obs>> {
    if time.len() != event.len() {
        return Err(Error::parameter(
            "event",
            format!(
                "has {} values but time has {}: one per spell is needed",
                event.len(),
                time.len()
            ),
        ));
    }
    if time.is_empty() {
        return Err(Error::analysis(
            "no observations: a survival curve needs at least one spell",
        ));
    }
    if let Some(i) = time.iter().position(|t| !t.is_finite() || *t < 0.0) {
        let what = if time[i].is_finite() {
            "is negative: a spell cannot end before it starts"
        } else {
            "is not a finite number"
        };
        return Err(Error::parameter(
            "time",
            format!("value {} ({}) {what}", i + 1, time[i]),
        ));
    }
    let mut obs: Vec<Obs> = (0..time.len())
        .map(|i| Obs {
            time: time[i],
            event: event[i],
            group: group.map_or(0, |g| g[i]),
            stratum: stratum.map_or(0, |s| s[i]),
        })
        .collect();
    obs.sort_unstable_by(|a, b| a.time.total_cmp(&b.time));
    timefix(&mut obs);
    Ok(obs)
}

/// R's `aeqSurv`: consecutive distinct times that differ by at most √eps, absolutely or
/// relative to the mean of the distinct times, become the first of their run.
fn timefix(obs: &mut [Obs]) {
    let (mut sum, mut count, mut prev) = (0.0_f64, 0usize, f64::NAN);
    for o in obs.iter() {
        if o.time != prev {
            sum += o.time.abs();
            count += 1;
            prev = o.time;
        }
    }
    let mean = sum / count as f64;
    let (mut prev, mut cut) = (f64::NAN, f64::NAN);
    for o in obs.iter_mut() {
        let t = o.time;
        if t != prev {
            let dy = t - prev;
            let tied = dy <= TOL || dy / mean <= TOL; // false for the first (NaN)
            if !tied {
                cut = t;
            }
            prev = t;
        }
        o.time = cut;
    }
}

/// Labels to codes 0.. in sorted order (as numbers when every label is one).
fn codes<S: AsRef<str>>(what: &str, labels: &[S], n: usize) -> Result<(Vec<String>, Vec<u32>)> {
    if labels.len() != n {
        return Err(Error::parameter(
            what,
            format!("has {} values but time has {n}", labels.len()),
        ));
    }
    let mut seen: HashMap<&str, u32> = HashMap::new();
    let raw: Vec<u32> = labels
        .iter()
        .map(|l| {
            let next = seen.len() as u32;
            *seen.entry(l.as_ref()).or_insert(next)
        })
        .collect();
    let mut distinct: Vec<(&str, u32)> = seen.into_iter().collect();
    let numbers: Option<Vec<f64>> = distinct
        .iter()
        .map(|(s, _)| s.trim().parse::<f64>().ok().filter(|x| !x.is_nan()))
        .collect();
    if numbers.is_some() {
        distinct.sort_by(|a, b| {
            let (x, y) = (a.0.trim().parse::<f64>(), b.0.trim().parse::<f64>());
            x.expect("a number")
                .total_cmp(&y.expect("a number"))
                .then_with(|| a.0.cmp(b.0))
        });
    } else {
        distinct.sort_by(|a, b| a.0.cmp(b.0));
    }
    let mut remap = vec![0u32; distinct.len()];
    for (k, (_, code)) in distinct.iter().enumerate() {
        remap[*code as usize] = k as u32;
    }
    let sorted = distinct.iter().map(|(s, _)| s.to_string()).collect();
    Ok((sorted, raw.into_iter().map(|c| remap[c as usize]).collect()))
}

/// `obs` stably reordered by `key` (0..k), so each bucket stays in time order, with the
/// bounds: bucket j is `bounds[j]..bounds[j + 1]` of the reordered observations.
fn bucket(obs: &[Obs], k: usize, key: impl Fn(&Obs) -> u32) -> (Vec<usize>, Vec<Obs>) {
    let mut bounds = vec![0usize; k + 1];
    for o in obs {
        bounds[key(o) as usize + 1] += 1;
    }
    for j in 0..k {
        bounds[j + 1] += bounds[j];
    }
    let mut next = bounds.clone();
    let mut out = obs.to_vec();
    for o in obs {
        let b = key(o) as usize;
        out[next[b]] = *o;
        next[b] += 1;
    }
    (bounds, out)
}

/// z = Φ⁻¹(1 − (1 − level)/2). statrs' inverse is good to ~1e-16 here (its CDF only to
/// ~1e-10, so a Newton step on it would make z worse).
fn z_value(level: f64) -> f64 {
    Normal::new(0.0, 1.0)
        .expect("the standard normal is valid")
        .inverse_cdf(1.0 - (1.0 - level) / 2.0)
}

/// R's `survfit_confint` for a KM curve (`logse = TRUE`, `ulimit = TRUE`).
fn conf_limits(conf: ConfType, s: f64, se: f64, z: f64) -> [Option<f64>; 2] {
    let finite = |x: f64| x.is_finite().then_some(x);
    match conf {
        ConfType::Log => {
            if s == 0.0 {
                return [None, None];
            }
            let se2 = z * se;
            [
                finite((s.ln() - se2).exp()),
                finite((s.ln() + se2).exp().min(1.0)),
            ]
        }
        ConfType::LogLog => {
            if s == 0.0 || s == 1.0 {
                return [None, None];
            }
            let se2 = z * se / s.ln();
            let ll = (-s.ln()).ln();
            [
                finite((-(ll - se2).exp()).exp()),
                finite((-(ll + se2).exp()).exp()),
            ]
        }
        ConfType::Plain => {
            let se2 = se * s * z;
            if !se2.is_finite() {
                return [None, None];
            }
            [Some((s - se2).max(0.0)), Some((s + se2).min(1.0))]
        }
    }
}

/// `survmean`'s `minmin`: the first time the curve is below 0.5 + tol; when it is 0.5
/// there and drops later, the midpoint to the time of that drop.
fn minmin(y: &[Option<f64>], x: &[f64]) -> Option<f64> {
    let mut kept = y
        .iter()
        .zip(x)
        .filter_map(|(y, x)| y.filter(|v| *v < 0.5 + TOL).map(|v| (v, *x)));
    let (y1, x1) = kept.next()?;
    if (y1 - 0.5).abs() < TOL {
        if let Some((_, x2)) = kept.find(|(v, _)| *v < y1) {
            return Some((x1 + x2) / 2.0);
        }
    }
    Some(x1)
}

/// `quantile.survfit`'s `doquant` for one curve `s` (survival or a confidence limit) at
/// `times`, with the origin 0.
fn doquant(probs: &[f64], times: &[f64], s: &[Option<f64>]) -> Vec<Option<f64>> {
    let mut x = Vec::with_capacity(times.len() + 1);
    let mut y = Vec::with_capacity(times.len() + 1);
    x.push(0.0);
    y.push(Some(0.0));
    x.extend_from_slice(times);
    y.extend(s.iter().map(|v| v.map(|v| 1.0 - v)));
    findq(&x, &y, probs)
}

/// R's `findq` on the distribution curve `y` (= 1 − S, `None` for NA) at times `x`.
fn findq(x: &[f64], y: &[Option<f64>], probs: &[f64]) -> Vec<Option<f64>> {
    let max_y = y
        .iter()
        .flatten()
        .copied()
        .fold(f64::NEG_INFINITY, f64::max);
    let min_p = probs.iter().copied().fold(f64::INFINITY, f64::min);
    if max_y < min_p {
        return vec![None; probs.len()];
    }
    let xmax = *x.last().expect("the origin is there");
    // duplicated(y): keep the first of each value (NA counts as a value).
    let monotone = y
        .iter()
        .flatten()
        .zip(y.iter().flatten().skip(1))
        .all(|(a, b)| a <= b);
    let mut seen = std::collections::HashSet::new();
    let (mut xs, mut ys) = (Vec::with_capacity(x.len()), Vec::with_capacity(x.len()));
    let (mut last, mut seen_na) = (None::<f64>, false);
    for (xi, yi) in x.iter().zip(y) {
        let dup = match yi {
            None => std::mem::replace(&mut seen_na, true),
            Some(v) if monotone => last == Some(*v),
            Some(v) => !seen.insert((*v + 0.0).to_bits()),
        };
        if let Some(v) = yi {
            last = Some(*v);
        }
        if !dup {
            xs.push(*xi);
            ys.push(*yi);
        }
    }
    let n = ys.len();
    probs
        .iter()
        .map(|&p| {
            let i1 = approx_index(&ys, TOL, p);
            let i2 = approx_index(&ys, -TOL, p);
            let mut q = match (i1, i2) {
                (Some(a), Some(b)) => Some((xs[a] + xs[b]) / 2.0),
                _ => None,
            };
            if p == 0.0 {
                q = Some(xs[0]);
            }
            if let Some(yn) = ys[n - 1] {
                if (p - yn).abs() < TOL {
                    q = i1.map(|a| (xs[a] + xmax) / 2.0);
                }
            }
            q
        })
        .collect()
}

/// `approx(y + shift, 1:n, p, method = "constant", f = 1)$y`, truncated as R subscripts:
/// the position of the smallest knot ≥ p (knots tied after the shift average their
/// positions); `None` outside the knots' range.
fn approx_index(ys: &[Option<f64>], shift: f64, p: f64) -> Option<usize> {
    let (mut lo, mut hi) = (f64::INFINITY, f64::NEG_INFINITY);
    let mut best = f64::INFINITY;
    for v in ys.iter().flatten() {
        let a = v + shift;
        lo = lo.min(a);
        hi = hi.max(a);
        if a >= p && a < best {
            best = a;
        }
    }
    if p < lo || p > hi || !best.is_finite() {
        return None;
    }
    let (mut sum, mut count) = (0usize, 0usize);
    for (i, v) in ys.iter().enumerate() {
        if let Some(v) = v {
            if v + shift == best {
                sum += i;
                count += 1;
            }
        }
    }
    Some(sum / count)
}

/// `survmean`'s restricted mean and its standard error at `tau` (start time 0).
fn rmst(table: &[KmRow], tau: f64) -> Rmst {
    let keep = table.partition_point(|r| r.time <= tau);
    // rectangles: [0, t_1] at S = 1, then [t_i, t_{i+1}] at S(t_i), the last to tau.
    let (mut area, mut prev_t, mut prev_s) = (0.0, 0.0, 1.0);
    let mut rects = Vec::with_capacity(keep + 1);
    for r in &table[..keep] {
        rects.push((r.time - prev_t) * prev_s);
        prev_t = r.time;
        prev_s = r.survival;
    }
    rects.push((tau - prev_t) * prev_s);
    for a in &rects {
        area += a;
    }
    // Σ_j hh_j (area after t_j)², hh = d/(n(n − d)), 0 where n = d.
    let (mut after, mut var) = (0.0, 0.0);
    for j in (0..keep).rev() {
        after += rects[j + 1];
        let r = &table[j];
        let (n, d) = (r.n_risk as f64, r.n_event as f64);
        let hh = if r.n_risk == r.n_event {
            0.0
        } else {
            d / (n * (n - d))
        };
        var += after * after * hh;
    }
    Rmst {
        tau,
        estimate: area,
        std_error: var.sqrt(),
    }
}

/// survdiff's sums over observations sorted by time, grouped by `group` and `stratum`.
fn logrank_sorted(obs: &[Obs], labels: &[String], n_strata: usize) -> LogRank {
    let k = labels.len();
    let mut n_g = vec![0usize; k];
    let mut observed = vec![0usize; k];
    for o in obs {
        n_g[o.group as usize] += 1;
        observed[o.group as usize] += usize::from(o.event);
    }
    let mut expected = vec![0.0_f64; k];
    let mut var = vec![0.0_f64; k * k];
    let mut risk = vec![0.0_f64; k];
    let mut leaving = vec![0usize; k];
    let (bounds, by_stratum) = bucket(obs, n_strata, |o| o.stratum);
    for w in bounds.windows(2) {
        let ids = &by_stratum[w[0]..w[1]];
        risk.iter_mut().for_each(|r| *r = 0.0);
        for o in ids {
            risk[o.group as usize] += 1.0;
        }
        let mut a = 0;
        while a < ids.len() {
            let t = ids[a].time;
            let mut b = a;
            let mut d = 0usize;
            while b < ids.len() && ids[b].time == t {
                let o = ids[b];
                leaving[o.group as usize] += 1;
                d += usize::from(o.event);
                b += 1;
            }
            if d > 0 {
                let n: f64 = risk.iter().sum();
                let df = d as f64;
                for g in 0..k {
                    expected[g] += df * risk[g] / n;
                }
                if n > 1.0 {
                    let temp = df * (n - df) / (n * (n - 1.0));
                    for j in 0..k {
                        if risk[j] == 0.0 {
                            continue;
                        }
                        let tmp = temp * risk[j];
                        var[j * k + j] += tmp;
                        for h in 0..k {
                            var[j * k + h] -= tmp * risk[h] / n;
                        }
                    }
                }
            }
            for g in 0..k {
                risk[g] -= leaving[g] as f64;
                leaving[g] = 0;
            }
            a = b;
        }
    }
    let used: Vec<usize> = (0..k).filter(|&g| expected[g] > 0.0).collect();
    let df = used.len().saturating_sub(1);
    let chisq = if used.len() < 2 {
        None
    } else {
        let m = used.len() - 1;
        let idx = &used[1..];
        let diff: Vec<f64> = idx
            .iter()
            .map(|&g| observed[g] as f64 - expected[g])
            .collect();
        let v: Vec<f64> = idx
            .iter()
            .flat_map(|&a| idx.iter().map(move |&b| (a, b)))
            .map(|(a, b)| var[a * k + b])
            .collect();
        solve_spd(v, m, &diff).map(|x| x.iter().zip(&diff).map(|(a, b)| a * b).sum())
    };
    let p_value = chisq.map(|c| ChiSquared::new(df as f64).expect("df ≥ 1").sf(c));
    LogRank {
        groups: (0..k)
            .map(|g| LogRankGroup {
                group: labels[g].clone(),
                n: n_g[g],
                observed: observed[g],
                expected: expected[g],
                variance: var[g * k + g],
            })
            .collect(),
        chisq,
        df,
        p_value,
        strata: n_strata,
    }
}

/// Solves V x = b for a symmetric positive definite V (m × m, row-major) by Cholesky;
/// `None` when V is not positive definite (numerically).
fn solve_spd(mut v: Vec<f64>, m: usize, b: &[f64]) -> Option<Vec<f64>> {
    let scale = (0..m).map(|i| v[i * m + i].abs()).fold(0.0, f64::max);
    for j in 0..m {
        let mut d = v[j * m + j];
        for p in 0..j {
            d -= v[j * m + p] * v[j * m + p];
        }
        if d.is_nan() || d <= 1e-10 * scale {
            return None;
        }
        let d = d.sqrt();
        v[j * m + j] = d;
        for i in j + 1..m {
            let mut s = v[i * m + j];
            for p in 0..j {
                s -= v[i * m + p] * v[j * m + p];
            }
            v[i * m + j] = s / d;
        }
    }
    let mut y = b.to_vec();
    for i in 0..m {
        for p in 0..i {
            y[i] -= v[i * m + p] * y[p];
        }
        y[i] /= v[i * m + i];
    }
    for i in (0..m).rev() {
        for p in i + 1..m {
            y[i] -= v[p * m + i] * y[p];
        }
        y[i] /= v[i * m + i];
    }
    Some(y)
}
