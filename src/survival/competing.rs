//! Competing exits: the Aalen–Johansen cumulative incidence of each way a spell ends, with
//! survfit's infinitesimal-jackknife errors, and the crude share a municipality quotes.

use crate::error::{Error, Result};
use serde::Serialize;
use statrs::distribution::{ContinuousCDF, Normal};

/// The Aalen–Johansen cumulative incidence of competing exits: configure, then
/// [`CumulativeIncidence::fit`] (one curve) or [`CumulativeIncidence::fit_by_group`].
///
/// A placement ends in one of several ways (home, a step down, a step up, a breakdown, aged
/// out) or is still running at the cut-off (censored). The cumulative incidence of a cause
/// at `t` is the probability of having left by that cause by `t`; with the probability of
/// still being in the spell they add up to 1 at every `t`.
///
/// ```text
/// At each distinct time t with n spells at risk (time ≥ t), d_k exits by cause k,
/// d = Σ_k d_k, and c censored:
///   S(t)   = S(t−) · (1 − d/n)                  p_initial: still in the spell
///   F_k(t) = F_k(t−) + S(t−) · d_k/n             cif: left by cause k by t
/// Exits by two causes at the same t are both processed at t.
///
/// Standard errors: the infinitesimal jackknife (survfit's robust variance, one row per
/// spell). Spell i's influence U_i = (U_i0, U_i1, …, U_iK) starts at 0; at each t with d > 0
///   U_i0 ← U_i0 · (1 − d/n)            − S(t−) · (dN_i(t)  − Y_i(t) · d/n)   / n
///   U_ik ← U_ik + U_i0 · d_k/n          + S(t−) · (dN_ik(t) − Y_i(t) · d_k/n) / n
/// (U_i0 on the right is its value before the step; Y_i(t) = 1 while spell i is at risk,
/// dN_ik(t) = 1 when it ends by cause k at t, dN_i = Σ_k dN_ik), and se = √(Σ_i U_i²).
///
/// Log interval: exp(log p ± z · se/p), z = Φ⁻¹((1 + level)/2), the upper limit capped at
/// 1; none where p = 0.
/// Restricted mean time in each state up to τ: ∫₀^τ p(t) dt of the step function, for
/// the initial state and each cause (they add up to τ).
/// ```
///
/// Every spell still at risk has the same influence, and a spell's influence after it
/// has ended changes by the same linear map as every other's; so the fit carries that
/// common vector and the sum of the ended spells' outer products U_iᵀU_i, which is exact
/// and costs O(n log n + T·K²) for n spells, T distinct times and K causes.
///
/// ```
/// use indsats::survival::CumulativeIncidence;
/// let time = [2.0, 3.0, 3.0, 5.0, 8.0];
/// let exit = [Some("home"), Some("home"), Some("breakdown"), None, Some("breakdown")]
///     .map(|e| e.map(String::from));
/// let fit = CumulativeIncidence::default().tau(6.0).fit(&time, &exit).unwrap();
/// assert_eq!(fit.causes, ["breakdown", "home"]);
/// // at t = 3, four spells at risk, one ends home and one breaks down
/// let row = &fit.table[1];
/// assert_eq!((row.time, row.n_risk, row.n_event.clone()), (3.0, 4, vec![1, 1]));
/// assert!((row.p_initial - 0.4).abs() < 1e-12);
/// assert!((row.cif[1] - 0.4).abs() < 1e-12); // home: 1/5 + 4/5 · 1/4
/// let s = row.p_initial + row.cif.iter().sum::<f64>();
/// assert!((s - 1.0).abs() < 1e-12);
/// // time in the spell up to t = 6: 2 · 1 + 1 · 0.8 + 3 · 0.4
/// assert!((fit.rmean.initial - 4.0).abs() < 1e-12);
/// ```
///
/// # Errors
/// A level outside (0, 1); a τ that is not a positive number; a list of causes that is
/// empty, repeats a label or holds an empty one ([`CumulativeIncidence::check`]). From the
/// fits: slices of unequal length, a time that is negative or not finite, an exit with an
/// empty label, an exit not among the causes listed (naming it and its row: the 1-based
/// position in the slices), no spells at all.
///
/// # References
/// Aalen and Johansen (1978), *An empirical transition matrix for non-homogeneous Markov
/// chains based on censored observations*, Scand. J. Statist. 5:141–150. Matches R's
/// survival 3.5 `survfit(Surv(time, state) ~ group, id = id)` (multi-state, first factor
/// level = censored): `pstate`, `std.err` (infinitesimal jackknife), `lower`/`upper` with
/// `conf.type = "log"`, and `summary(fit, rmean = tau)$table[, "rmean"]`.
#[derive(Debug, Clone, PartialEq)]
pub struct CumulativeIncidence {
    ci_level: f64,
    causes: Option<Vec<String>>,
    tau: Option<f64>,
}

impl Default for CumulativeIncidence {
    fn default() -> Self {
        CumulativeIncidence {
            ci_level: 0.95,
            causes: None,
            tau: None,
        }
    }
}

/// One distinct time of a [`CifFit`]: counts, state probabilities, their errors and
/// intervals. Per-cause vectors follow [`CifFit::causes`].
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CifRow {
    /// The time.
    pub time: f64,
    /// Spells at risk just before it (time ≥ this time).
    pub n_risk: usize,
    /// Exits at this time, per cause.
    pub n_event: Vec<usize>,
    /// Spells censored at this time.
    pub n_censor: usize,
    /// Probability of still being in the spell (R's `(s0)` state).
    pub p_initial: f64,
    /// Its standard error.
    pub std_error_initial: f64,
    /// Its interval (`None` where the probability is 0).
    pub ci_initial: Option<[f64; 2]>,
    /// Cumulative incidence per cause.
    pub cif: Vec<f64>,
    /// Their standard errors.
    pub std_error: Vec<f64>,
    /// Their intervals (`None` where the incidence is 0).
    pub ci: Vec<Option<[f64; 2]>>,
}

/// The restricted mean time in each state up to `tau`: how much of the first `tau` time
/// units a spell spends, on average, still running and after each kind of exit.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RestrictedMean {
    /// The horizon.
    pub tau: f64,
    /// Mean time still in the spell (for a spell, the restricted mean duration).
    pub initial: f64,
    /// Mean time after an exit by each cause, in the order of [`CifFit::causes`].
    pub causes: Vec<f64>,
}

/// A fitted cumulative incidence curve.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CifFit {
    /// The causes, in the order of every per-cause vector.
    pub causes: Vec<String>,
    /// Spells.
    pub n: usize,
    /// Exits per cause.
    pub n_events: Vec<usize>,
    /// Spells censored.
    pub n_censored: usize,
    /// One row per distinct time (censorings only included).
    pub table: Vec<CifRow>,
    /// Restricted mean time in each state.
    pub rmean: RestrictedMean,
    /// The level of the intervals.
    pub ci_level: f64,
    /// The scale of the intervals: `"log"`, R's default for multi-state curves.
    pub ci_type: &'static str,
    /// The kind of standard error: `"infinitesimal jackknife"`.
    pub std_error_method: &'static str,
    /// What the reader should know.
    pub warnings: Vec<String>,
}

/// One group's curve from [`CumulativeIncidence::fit_by_group`].
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CifGroup {
    /// The group's label.
    pub group: String,
    /// Its curve.
    pub fit: CifFit,
}

impl CumulativeIncidence {
    /// The defaults: level 0.95, causes sorted by label, τ = the last time.
    pub fn new() -> Self {
        Self::default()
    }

    /// Sets the confidence level (default 0.95).
    pub fn ci_level(mut self, level: f64) -> Self {
        self.ci_level = level;
        self
    }

    /// Fixes the causes and their order (default: every exit seen, sorted by label). An
    /// exit not listed is an error; a cause listed but never seen has incidence 0.
    pub fn causes(mut self, causes: Vec<String>) -> Self {
        self.causes = Some(causes);
        self
    }

    /// Sets the horizon of the restricted mean times (default: the last time in the data;
    /// for a grouped fit the last over all groups, as R's `rmean = "common"`).
    pub fn tau(mut self, tau: f64) -> Self {
        self.tau = Some(tau);
        self
    }

    /// Checks the parameters.
    ///
    /// # Errors
    /// A level outside (0, 1), a τ that is not a positive number, a list of causes that is
    /// empty, repeats a label or holds an empty one.
    pub fn check(&self) -> Result<()> {
        if !(self.ci_level > 0.0 && self.ci_level < 1.0) {
            return Err(Error::parameter(
                "ci_level",
                format!("must lie in (0, 1), not {}", self.ci_level),
            ));
        }
        if let Some(tau) = self.tau {
            if !(tau.is_finite() && tau > 0.0) {
                return Err(Error::parameter(
                    "tau",
                    format!("must be a positive number, not {tau}"),
                ));
            }
        }
        if let Some(causes) = &self.causes {
            if causes.is_empty() {
                return Err(Error::parameter("causes", "must name at least one cause"));
            }
            for (i, c) in causes.iter().enumerate() {
                if c.is_empty() {
                    return Err(Error::parameter("causes", "a cause has an empty label"));
                }
                if causes[..i].contains(c) {
                    return Err(Error::parameter(
                        "causes",
                        format!("\"{c}\" is listed twice"),
                    ));
                }
            }
        }
        Ok(())
    }

    /// Fits one curve: `time[i]` is spell i's duration, `cause[i]` how it ended (`None`:
    /// still running, censored).
    ///
    /// # Errors
    /// See [`CumulativeIncidence`].
    pub fn fit(&self, time: &[f64], cause: &[Option<String>]) -> Result<CifFit> {
        self.check()?;
        let (causes, codes) = self.code(time, cause)?;
        if time.is_empty() {
            return Err(Error::analysis(
                "no spells: a cumulative incidence needs at least one",
            ));
        }
        let rows: Vec<usize> = (0..time.len()).collect();
        let tau = self.tau.unwrap_or_else(|| last(time, &rows));
        Ok(self.fit_rows(time, &codes, &rows, &causes, tau))
    }

    /// Fits one curve per group label, with the same causes in each (every exit seen in
    /// any group, or those listed) and, by default, a common τ (the last time over all
    /// groups). Groups come sorted by label, numerically when every label is a number.
    ///
    /// # Errors
    /// See [`CumulativeIncidence`]; also a `group` of another length.
    pub fn fit_by_group(
        &self,
        time: &[f64],
        cause: &[Option<String>],
        group: &[String],
    ) -> Result<Vec<CifGroup>> {
        self.check()?;
        if group.len() != time.len() {
            return Err(Error::parameter(
                "group",
                format!("has {} values but time has {}", group.len(), time.len()),
            ));
        }
        let (causes, codes) = self.code(time, cause)?;
        if time.is_empty() {
            return Err(Error::analysis(
                "no spells: a cumulative incidence needs at least one",
            ));
        }
        let all: Vec<usize> = (0..time.len()).collect();
        let tau = self.tau.unwrap_or_else(|| last(time, &all));
        let mut labels: Vec<&str> = group.iter().map(String::as_str).collect();
        labels.sort_unstable();
        labels.dedup();
        let numeric: Option<Vec<f64>> = labels.iter().map(|l| l.parse::<f64>().ok()).collect();
        if let Some(values) = numeric.filter(|v| v.iter().all(|x| x.is_finite())) {
            let mut pairs: Vec<(f64, &str)> = values.into_iter().zip(labels).collect();
            pairs.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(b.1)));
            labels = pairs.into_iter().map(|(_, l)| l).collect();
        }
        Ok(labels
            .into_iter()
            .map(|label| {
                let rows: Vec<usize> = all.iter().copied().filter(|&i| group[i] == label).collect();
                CifGroup {
                    group: label.to_string(),
                    fit: self.fit_rows(time, &codes, &rows, &causes, tau),
                }
            })
            .collect())
    }

    /// Checks the data and codes each exit: `Some(k)` for cause k, `None` for censored.
    fn code(
        &self,
        time: &[f64],
        cause: &[Option<String>],
    ) -> Result<(Vec<String>, Vec<Option<usize>>)> {
        if cause.len() != time.len() {
            return Err(Error::parameter(
                "cause",
                format!("has {} values but time has {}", cause.len(), time.len()),
            ));
        }
        if let Some(i) = time.iter().position(|t| !(t.is_finite() && *t >= 0.0)) {
            return Err(Error::parameter(
                "time",
                format!(
                    "row {}: {} is not a duration (a finite number, not negative)",
                    i + 1,
                    time[i]
                ),
            ));
        }
        if let Some(i) = cause.iter().position(|c| c.as_deref() == Some("")) {
            return Err(Error::parameter(
                "cause",
                format!(
                    "row {}: an exit needs a label (a censored spell is None)",
                    i + 1
                ),
            ));
        }
        let causes = match &self.causes {
            Some(listed) => listed.clone(),
            None => {
                let mut seen: Vec<&str> = cause.iter().flatten().map(String::as_str).collect();
                seen.sort_unstable();
                seen.dedup();
                seen.into_iter().map(String::from).collect()
            }
        };
        let mut codes = Vec::with_capacity(cause.len());
        for (i, c) in cause.iter().enumerate() {
            codes.push(match c {
                None => None,
                Some(c) => match causes.iter().position(|k| k == c) {
                    Some(k) => Some(k),
                    None => {
                        return Err(Error::parameter(
                            "cause",
                            format!(
                                "row {}: exit \"{c}\" is not among the causes listed ({})",
                                i + 1,
                                causes.join(", ")
                            ),
                        ))
                    }
                },
            });
        }
        Ok((causes, codes))
    }

    /// The Aalen–Johansen fit on `rows` (not empty, checked).
    fn fit_rows(
        &self,
        time: &[f64],
        codes: &[Option<usize>],
        rows: &[usize],
        causes: &[String],
        tau: f64,
    ) -> CifFit {
        let k = causes.len();
        let m = k + 1; // states: 0 = still in the spell, 1 + j = ended by cause j
        let z = Normal::new(0.0, 1.0)
            .expect("the standard normal is valid")
            .inverse_cdf(0.5 + self.ci_level / 2.0);
        let mut order = rows.to_vec();
        order.sort_by(|&a, &b| time[a].total_cmp(&time[b]));

        // p: state probabilities; a: the influence every spell still at risk shares;
        // gram: Σ U_iᵀU_i over the spells that have ended (row-major, m × m).
        let mut p = vec![0.0; m];
        p[0] = 1.0;
        let mut a = vec![0.0; m];
        let mut gram = vec![0.0; m * m];
        let mut h = vec![0.0; m];
        let mut w = vec![0.0; m];
        let mut var = vec![0.0; m];
        let mut n_events = vec![0; k];
        let mut n_censored = 0;
        let mut table = Vec::new();
        let mut remaining = order.len();
        let mut i = 0;
        while i < order.len() {
            let t = time[order[i]];
            let mut d_k = vec![0usize; k];
            let mut c = 0;
            let start = i;
            while i < order.len() && time[order[i]] == t {
                match codes[order[i]] {
                    Some(j) => d_k[j] += 1,
                    None => c += 1,
                }
                i += 1;
            }
            let n = remaining;
            debug_assert_eq!(n, order.len() - start);
            let d: usize = d_k.iter().sum();
            let nf = n as f64;
            if d > 0 {
                let s = p[0]; // S(t−)
                h[0] = -(d as f64) / nf;
                for j in 0..k {
                    h[1 + j] = d_k[j] as f64 / nf;
                }
                // Ended spells: U ← U + U_0 · h, so Σ UᵀU ← G + g0ᵀh + hᵀg0 + G00 · hᵀh.
                let g0: Vec<f64> = gram[..m].to_vec();
                let g00 = g0[0];
                for r in 0..m {
                    for col in 0..m {
                        gram[r * m + col] += g0[r] * h[col] + h[r] * g0[col] + g00 * h[r] * h[col];
                    }
                }
                // Spells at risk: U ← U + U_0 · h − S(t−)/n · h.
                let shift = a[0] - s / nf;
                for (x, hx) in a.iter_mut().zip(&h) {
                    *x += shift * hx;
                }
                // Those that end here by cause j also get S(t−)/n · (e_j − e_0).
                for (j, &dj) in d_k.iter().enumerate() {
                    if dj == 0 {
                        continue;
                    }
                    w.copy_from_slice(&a);
                    w[0] -= s / nf;
                    w[1 + j] += s / nf;
                    add_outer(&mut gram, &w, dj as f64);
                }
                // The probabilities, from S(t−).
                for j in 0..k {
                    let step = s * h[1 + j];
                    p[0] -= step;
                    p[1 + j] += step;
                }
            }
            // Censored here: their influence is the at-risk one, fixed from now on.
            add_outer(&mut gram, &a, c as f64);
            remaining -= d + c;
            let still = remaining as f64;
            for (j, v) in var.iter_mut().enumerate() {
                *v = gram[j * m + j] + still * a[j] * a[j];
            }
            let se: Vec<f64> = var.iter().map(|v| v.max(0.0).sqrt()).collect();
            let ci: Vec<Option<[f64; 2]>> = p
                .iter()
                .zip(&se)
                .map(|(&p, &se)| log_ci(p, se, z))
                .collect();
            for (total, dj) in n_events.iter_mut().zip(&d_k) {
                *total += dj;
            }
            n_censored += c;
            table.push(CifRow {
                time: t,
                n_risk: n,
                n_event: d_k,
                n_censor: c,
                p_initial: p[0],
                std_error_initial: se[0],
                ci_initial: ci[0],
                cif: p[1..].to_vec(),
                std_error: se[1..].to_vec(),
                ci: ci[1..].to_vec(),
            });
        }
        let rmean = restricted_mean(&table, k, tau);
        let mut warnings = Vec::new();
        if n_events.iter().all(|&e| e == 0) {
            warnings.push(format!(
                "all {} spells are censored: no exits, so every cumulative incidence is 0",
                order.len()
            ));
        } else {
            for (name, &e) in causes.iter().zip(&n_events) {
                if e == 0 {
                    warnings.push(format!(
                        "cause \"{name}\" has no exits here: its cumulative incidence is 0"
                    ));
                }
            }
        }
        let zero = order.iter().filter(|&&r| time[r] == 0.0).count();
        if zero > 0 {
            warnings.push(format!(
                "{zero} spell(s) have length 0: they are at risk at time 0 and end there"
            ));
        }
        let end = table.last().map_or(0.0, |r| r.time);
        if tau > end {
            warnings.push(format!(
                "tau {tau} is beyond the last time {end}: the restricted means carry the last \
                 probabilities on to tau"
            ));
        }
        CifFit {
            causes: causes.to_vec(),
            n: order.len(),
            n_events,
            n_censored,
            table,
            rmean,
            ci_level: self.ci_level,
            ci_type: "log",
            std_error_method: "infinitesimal jackknife",
            warnings,
        }
    }
}

impl CifFit {
    /// The position of a cause in every per-cause vector.
    pub fn cause_index(&self, cause: &str) -> Option<usize> {
        self.causes.iter().position(|c| c == cause)
    }

    /// The row in force at `t`: the last distinct time ≤ `t` (`None` before the first,
    /// where every spell is still running).
    pub fn at(&self, t: f64) -> Option<&CifRow> {
        let i = self.table.partition_point(|r| r.time <= t);
        i.checked_sub(1).map(|i| &self.table[i])
    }

    /// The restricted mean time in each state up to `tau` (see [`CumulativeIncidence`]).
    ///
    /// # Errors
    /// A `tau` that is not a positive number.
    pub fn restricted_mean(&self, tau: f64) -> Result<RestrictedMean> {
        if !(tau.is_finite() && tau > 0.0) {
            return Err(Error::parameter(
                "tau",
                format!("must be a positive number, not {tau}"),
            ));
        }
        Ok(restricted_mean(&self.table, self.causes.len(), tau))
    }
}

/// The last time among `rows` (at least one).
fn last(time: &[f64], rows: &[usize]) -> f64 {
    rows.iter()
        .map(|&i| time[i])
        .fold(f64::NEG_INFINITY, f64::max)
}

/// `gram += weight · w wᵀ`.
fn add_outer(gram: &mut [f64], w: &[f64], weight: f64) {
    if weight == 0.0 {
        return;
    }
    let m = w.len();
    for r in 0..m {
        for c in 0..m {
            gram[r * m + c] += weight * w[r] * w[c];
        }
    }
}

/// exp(log p ± z · se/p), the upper limit capped at 1; `None` where p = 0.
fn log_ci(p: f64, se: f64, z: f64) -> Option<[f64; 2]> {
    if p <= 0.0 {
        return None;
    }
    let half = z * se / p;
    Some([(p.ln() - half).exp(), (p.ln() + half).exp().min(1.0)])
}

/// Area under each state's step function from 0 to `tau`.
fn restricted_mean(table: &[CifRow], k: usize, tau: f64) -> RestrictedMean {
    let mut area = vec![0.0; k + 1];
    let mut from = 0.0_f64;
    let mut p: Vec<f64> = std::iter::once(1.0).chain(vec![0.0; k]).collect();
    for row in table {
        if row.time >= tau {
            break;
        }
        let width = row.time - from;
        for (x, q) in area.iter_mut().zip(&p) {
            *x += width * q;
        }
        from = row.time;
        p[0] = row.p_initial;
        p[1..].copy_from_slice(&row.cif);
    }
    let width = tau - from;
    for (x, q) in area.iter_mut().zip(&p) {
        *x += width * q;
    }
    RestrictedMean {
        tau,
        initial: area[0],
        causes: area[1..].to_vec(),
    }
}

/// The crude share a municipality quotes: of the spells that started at least `horizon`
/// before the cut-off (`follow_up ≥ horizon`), the share that ended by `cause` within
/// `horizon`.
///
/// ```text
/// eligible = { i : follow_up_i ≥ horizon }
/// share    = #{ i ∈ eligible : cause_i = cause and time_i ≤ horizon } / #eligible
/// ```
///
/// It differs from the cumulative incidence F(horizon) because of censoring. The spells
/// that started less than `horizon` before the cut-off are dropped altogether, so the
/// share speaks only of older cohorts (if practice has changed, it describes the past),
/// and rests on fewer spells. Among the eligible, a spell that left observation early for
/// another reason than the cut-off (moved away, records closed: censored with
/// `time < horizon`) is counted as not having ended by `cause`, which pulls the share
/// down. The Aalen–Johansen estimate uses every spell for as long as it was watched and,
/// when censoring is unrelated to how a spell would have ended, estimates the probability
/// itself. With no early censoring the two agree for the eligible cohorts.
///
/// `time[i]` and `cause[i]` as for [`CumulativeIncidence::fit`]; `follow_up[i]` is the
/// time from spell i's start to the cut-off (in the same unit), at least `time[i]`.
///
/// ```
/// use indsats::survival::crude_share;
/// let time = [3.0, 14.0, 5.0, 2.0];
/// let exit = [Some("home"), Some("home"), None, None].map(|e| e.map(String::from));
/// let follow_up = [30.0, 20.0, 5.0, 24.0]; // the third started 5 months before the cut-off
/// let s = crude_share(&time, &exit, &follow_up, "home", 12.0).unwrap();
/// assert_eq!((s.eligible, s.events, s.too_recent, s.censored_early), (3, 1, 1, 1));
/// assert_eq!(s.share, Some(1.0 / 3.0));
/// ```
///
/// # Errors
/// Slices of unequal length, a time or follow-up that is negative or not finite, a time
/// longer than its follow-up (naming the row, 1-based), a horizon that is not a positive
/// number.
pub fn crude_share(
    time: &[f64],
    cause: &[Option<String>],
    follow_up: &[f64],
    of: &str,
    horizon: f64,
) -> Result<CrudeShare> {
    if !(horizon.is_finite() && horizon > 0.0) {
        return Err(Error::parameter(
            "horizon",
            format!("must be a positive number, not {horizon}"),
        ));
    }
    for (name, len) in [("cause", cause.len()), ("follow_up", follow_up.len())] {
        if len != time.len() {
            return Err(Error::parameter(
                name,
                format!("has {len} values but time has {}", time.len()),
            ));
        }
    }
    let (mut eligible, mut events, mut too_recent, mut censored_early) = (0, 0, 0, 0);
    for (i, ((&t, c), &f)) in time.iter().zip(cause).zip(follow_up).enumerate() {
        let row = i + 1;
        if !(t.is_finite() && t >= 0.0) {
            return Err(Error::parameter(
                "time",
                format!("row {row}: {t} is not a duration (a finite number, not negative)"),
            ));
        }
        if !(f.is_finite() && f >= 0.0) {
            return Err(Error::parameter(
                "follow_up",
                format!("row {row}: {f} is not a duration (a finite number, not negative)"),
            ));
        }
        if t > f {
            return Err(Error::parameter(
                "follow_up",
                format!("row {row}: the spell lasted {t}, longer than its follow-up {f}"),
            ));
        }
        if f < horizon {
            too_recent += 1;
            continue;
        }
        eligible += 1;
        match c {
            Some(c) if c == of && t <= horizon => events += 1,
            None if t < horizon => censored_early += 1,
            _ => {}
        }
    }
    Ok(CrudeShare {
        cause: of.to_string(),
        horizon,
        eligible,
        events,
        share: (eligible > 0).then(|| events as f64 / eligible as f64),
        too_recent,
        censored_early,
    })
}

/// The result of [`crude_share`].
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CrudeShare {
    /// The cause counted.
    pub cause: String,
    /// The horizon.
    pub horizon: f64,
    /// Spells that started at least `horizon` before the cut-off.
    pub eligible: usize,
    /// Of those, the ones that ended by the cause within the horizon.
    pub events: usize,
    /// `events / eligible` (`None` when no spell is eligible).
    pub share: Option<f64>,
    /// Spells left out because they started less than `horizon` before the cut-off.
    pub too_recent: usize,
    /// Eligible spells censored before the horizon (counted as not ending by the cause).
    pub censored_early: usize,
}
