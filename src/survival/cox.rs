//! Cox proportional hazards regression as R's `coxph` (survival 3.5), with robust errors,
//! the likelihood-ratio, Wald and score tests, concordance, the baseline hazard and the
//! proportional-hazards check of `cox.zph`.
// Matrix code reads best with explicit indices.
#![allow(clippy::needless_range_loop)]

mod concordance;
mod layout;
mod ldl;
mod residuals;
mod riskset;
mod zph;

use crate::error::{Error, Result};
use layout::Layout;
use ldl::{Ldl, TOLER_CHOL};
use riskset::{evaluate, Work};
use serde::{Deserialize, Serialize};
use statrs::distribution::{ChiSquared, ContinuousCDF, Normal};

/// How tied event times enter the partial likelihood.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Ties {
    /// Efron's approximation, R's default: the d tied events leave the risk set in d
    /// equal steps.
    #[default]
    Efron,
    /// Breslow's: every tied event sees the full risk set.
    Breslow,
}

impl Ties {
    /// `"efron"` or `"breslow"`.
    pub fn as_str(self) -> &'static str {
        match self {
            Ties::Efron => "efron",
            Ties::Breslow => "breslow",
        }
    }
}

/// The transform of time in the proportional-hazards check (`cox.zph`'s `transform`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ZphTransform {
    /// 1 − the Kaplan–Meier estimate just before t (all rows, strata pooled); R's default.
    #[default]
    Km,
    /// The rank of t among all rows' times (ties averaged).
    Rank,
    /// t itself.
    Identity,
    /// log t.
    Log,
}

impl ZphTransform {
    /// `"km"`, `"rank"`, `"identity"` or `"log"`, as cox.zph names them.
    pub fn as_str(self) -> &'static str {
        match self {
            ZphTransform::Km => "km",
            ZphTransform::Rank => "rank",
            ZphTransform::Identity => "identity",
            ZphTransform::Log => "log",
        }
    }
}

/// Cox proportional hazards regression: configure, check, then [`Cox::fit`].
///
/// ```text
/// h_i(t) = h_0s(t) exp(x_i'β)                 (s = the row's stratum)
/// log L(β) = Σ_t [ Σ_(i∈D_t) x_i'β − Σ_(l=0)^(d−1) log(S0(t) − (l/d) D0(t)) ]   (Efron)
///            S0 = Σ_(i at risk at t) exp(x_i'β),  D0 = the same over the d events at t
///            (Breslow: log S0 for every l);  at risk at t: entry < t ≤ exit
/// Newton–Raphson from β = 0 with step-halving while log L falls, until
///            |1 − log L_old / log L_new| ≤ eps   (coxph.control's eps)
/// Var(β) = I(β̂)⁻¹;  robust: D'D, D = (score residuals summed by cluster)·I⁻¹, no n/(n−1)
/// HR = exp(β);  CI = exp(β ± z_(1−α/2) SE) with the robust SE when there are clusters
/// LR = 2(log L(β̂) − log L(0));  Wald = β'V⁻¹β;  score = U(0)'I(0)⁻¹U(0)  (log-rank)
/// ```
///
/// Covariates are centred and scaled for the iterations, as coxph does; coefficients are
/// reported in the covariates' own units. Rows are sorted once (by stratum and exit
/// time); each iteration is one pass for the risk-set sums and one parallel pass for
/// the information, O(n k²).
///
/// ```
/// use indsats::survival::{Cox, CoxData};
/// // three people: x = 1 dies at t = 1, x = 0 dies at t = 2, x = 1 censored at t = 3.
/// // L(β) = e^β/(2e^β + 1) · 1/(1 + e^β) is largest where e^β = 1/√2.
/// let (time, event) = ([1.0, 2.0, 3.0], [1.0, 1.0, 0.0]);
/// let covariates = [("x", vec![1.0, 0.0, 1.0])];
/// let fit = Cox::default().fit(&CoxData::new(&time, &event, &covariates))?;
/// let x = fit.coef("x").unwrap();
/// assert!((x.coef + 0.5 * 2f64.ln()).abs() < 1e-8);
/// assert!((x.hazard_ratio - 0.5f64.sqrt()).abs() < 1e-8);
/// // both risk sets then have the variance √2/(3 + 2√2) of x
/// let info = 2.0 * 2f64.sqrt() / (3.0 + 2.0 * 2f64.sqrt());
/// assert!((x.std_error - info.sqrt().recip()).abs() < 1e-8);
/// assert_eq!((fit.n, fit.events), (3, 2));
/// # Ok::<(), indsats::Error>(())
/// ```
///
/// # Errors
/// Parameters out of range ([`Cox::check`]); columns of different lengths; a time, entry
/// or covariate that is not finite, a negative time, an entry not before its exit, an
/// event other than 0 or 1 (each with its row); no rows, no covariates, two covariates
/// of the same name; no events at all; a covariate that is constant, that does not vary
/// within the risk sets (e.g. constant within every stratum), or that is a linear
/// combination of those before it (named); robust errors on entry/exit rows without
/// cluster labels; a fit that does not converge in `max_iter` iterations. A coefficient
/// that runs to infinity (monotone likelihood, as when one group of a binary covariate
/// has no events) is not an error: the fit carries a warning naming the covariate, as
/// coxph does — also when it ran out of iterations only because the log-likelihood
/// creeps towards a supremum of 0 (then `converged` is false). A stratum without events
/// is a warning.
///
/// # References
/// Cox (1972), Regression models and life-tables, JRSS B 34:187–220; Efron (1977), The
/// efficiency of Cox's likelihood function for censored data, JASA 72:557–565; Lin & Wei
/// (1989), The robust inference for the Cox proportional hazards model, JASA
/// 84:1074–1078; Therneau & Grambsch (2000), *Modeling Survival Data*, ch. 3, 6, 7.
/// Matches R's `coxph(Surv(time, status) ~ ..., ties =, robust = TRUE / cluster =)`,
/// `summary.coxph`, `basehaz(fit, centered = FALSE)`, and `cox.zph(fit)`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Cox {
    ties: Ties,
    max_iter: usize,
    eps: f64,
    ci_level: f64,
    robust: bool,
    zph: Option<ZphTransform>,
}

impl Default for Cox {
    fn default() -> Self {
        Cox {
            ties: Ties::Efron,
            max_iter: 20,
            eps: 1e-9,
            ci_level: 0.95,
            robust: false,
            zph: None,
        }
    }
}

/// The data of a Cox model: exit time and event per row, covariates, and optionally
/// entry times (counting-process rows), strata and clusters.
///
/// Several rows per person with `(entry, exit]` intervals give time-varying covariates:
/// a child enrolled in a programme from day 90 has one row (0, 90] with `enrolled = 0`
/// and one (90, exit] with `enrolled = 1`, the event on the last row only.
#[derive(Debug, Clone, Copy)]
pub struct CoxData<'a> {
    time: &'a [f64],
    event: &'a [f64],
    covariates: &'a [(&'a str, Vec<f64>)],
    entry: Option<&'a [f64]>,
    strata: Option<&'a [String]>,
    cluster: Option<&'a [String]>,
}

impl<'a> CoxData<'a> {
    /// Right-censored data: the exit time (≥ 0) and the event (1 = happened, 0 =
    /// censored) per row, and the covariates as (name, column) in the model's order.
    pub fn new(time: &'a [f64], event: &'a [f64], covariates: &'a [(&'a str, Vec<f64>)]) -> Self {
        CoxData {
            time,
            event,
            covariates,
            entry: None,
            strata: None,
            cluster: None,
        }
    }

    /// Entry times: each row is at risk on (entry, exit], as `Surv(entry, time, event)`.
    pub fn entry(mut self, entry: &'a [f64]) -> Self {
        self.entry = Some(entry);
        self
    }

    /// Strata: a baseline hazard of its own for each label, as `+ strata(s)`.
    pub fn strata(mut self, labels: &'a [String]) -> Self {
        self.strata = Some(labels);
        self
    }

    /// Clusters (e.g. the person): robust standard errors summing score residuals within
    /// each, as `cluster = id`.
    pub fn cluster(mut self, labels: &'a [String]) -> Self {
        self.cluster = Some(labels);
        self
    }
}

/// One coefficient with its inference, as a row of `summary.coxph`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CoxCoefficient {
    /// The covariate.
    pub term: String,
    /// The log hazard ratio per unit of the covariate.
    pub coef: f64,
    /// The model-based standard error, from the inverse information.
    pub std_error: f64,
    /// The robust (sandwich) standard error, when there are clusters.
    pub robust_std_error: Option<f64>,
    /// exp(coef).
    pub hazard_ratio: f64,
    /// The confidence interval of the hazard ratio (from the robust SE when there is one);
    /// an end beyond the range of f64 is infinite (null in JSON).
    pub ci: [f64; 2],
    /// coef / SE (the robust SE when there is one, as summary.coxph).
    pub z: f64,
    /// Two-sided p-value of z from the standard normal.
    pub p_value: f64,
}

/// A chi-square test.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct ChiSquareTest {
    /// The statistic.
    pub statistic: f64,
    /// Degrees of freedom.
    pub df: usize,
    /// P(χ²_df > statistic).
    pub p_value: f64,
}

/// The global tests that all coefficients are 0.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct CoxTests {
    /// 2(log L(β̂) − log L(0)).
    pub likelihood_ratio: ChiSquareTest,
    /// β̂'V⁻¹β̂ with the model-based variance.
    pub wald: ChiSquareTest,
    /// The score test at β = 0 (the log-rank test for one binary covariate).
    pub score: ChiSquareTest,
    /// β̂'V⁻¹β̂ with the robust variance, when there are clusters (summary.coxph's "Wald
    /// test" then).
    pub robust_wald: Option<ChiSquareTest>,
    /// The robust score test at β = 0, when there are clusters (summary.coxph's "Robust").
    pub robust_score: Option<ChiSquareTest>,
}

/// Harrell's concordance as coxph reports it.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Concordance {
    /// (concordant + tied_x/2)/(concordant + discordant + tied_x); `None` when no pair
    /// is comparable.
    pub concordance: Option<f64>,
    /// Its infinitesimal-jackknife standard error (by cluster when there are clusters).
    pub std_error: Option<f64>,
    /// Comparable pairs where the one with the higher risk score has the event first.
    pub concordant: u64,
    /// Comparable pairs ordered the other way.
    pub discordant: u64,
    /// Comparable pairs tied on the risk score.
    pub tied_x: u64,
    /// Pairs of events at the same time (left out), not tied on the risk score.
    pub tied_y: u64,
    /// Pairs of events at the same time and with the same risk score.
    pub tied_xy: u64,
}

/// The cumulative baseline hazard of one stratum at covariates = 0, at every distinct
/// exit time (as `basehaz(fit, centered = FALSE)`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BaselineHazard {
    /// The stratum, when the fit is stratified.
    pub stratum: Option<String>,
    /// Distinct exit times, ascending.
    pub time: Vec<f64>,
    /// Λ_0(t): Efron increments after an Efron fit, Breslow's after a Breslow fit.
    pub cumulative_hazard: Vec<f64>,
}

/// Rows and events in one stratum.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StratumCount {
    /// The label.
    pub stratum: String,
    /// Rows.
    pub n: usize,
    /// Events.
    pub events: usize,
}

/// One line of the proportional-hazards check.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ZphTest {
    /// The covariate, or `GLOBAL`.
    pub term: String,
    /// The score statistic.
    pub chisq: f64,
    /// Degrees of freedom.
    pub df: usize,
    /// P(χ²_df > chisq).
    pub p_value: f64,
}

/// Scaled Schoenfeld residuals, one row per event in stratum and time order: if the
/// hazards are proportional they scatter around β̂ with no trend in time.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ScaledSchoenfeld {
    /// The event's time.
    pub time: Vec<f64>,
    /// Its transformed time g(t) (uncentred).
    pub transformed_time: Vec<f64>,
    /// Its stratum, when the fit is stratified.
    pub stratum: Option<Vec<String>>,
    /// Per event, per covariate (None for a covariate constant in the event's stratum).
    pub values: Vec<Vec<Option<f64>>>,
}

/// The proportional-hazards check, as `cox.zph(fit, transform)`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Zph {
    /// The transform of time.
    pub transform: ZphTransform,
    /// One score test per covariate (1 df).
    pub terms: Vec<ZphTest>,
    /// The joint test (k df).
    pub global: ZphTest,
    /// The residuals to plot.
    pub residuals: ScaledSchoenfeld,
}

/// A fitted Cox model.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CoxFit {
    /// Coefficients in the order given.
    pub coefficients: Vec<CoxCoefficient>,
    /// The model-based covariance matrix of the coefficients.
    pub vcov: Vec<Vec<f64>>,
    /// The robust covariance matrix, when there are clusters.
    pub vcov_robust: Option<Vec<Vec<f64>>>,
    /// The partial log-likelihood at β = 0 and at β̂ (R's `loglik`).
    pub loglik: [f64; 2],
    /// Likelihood-ratio, Wald and score tests.
    pub tests: CoxTests,
    /// Concordance of the linear predictor with the outcome.
    pub concordance: Concordance,
    /// Covariate means over all rows (R's `means`).
    pub means: Vec<f64>,
    /// Rows.
    pub n: usize,
    /// Events.
    pub events: usize,
    /// Clusters behind the robust errors (rows, with `robust` and no labels).
    pub n_clusters: Option<usize>,
    /// Rows and events per stratum, when stratified.
    pub strata: Vec<StratumCount>,
    /// Newton–Raphson iterations (R's `iter`).
    pub iterations: usize,
    /// Whether the log-likelihood converged; false only for a monotone likelihood that
    /// ran out of iterations (see the warnings).
    pub converged: bool,
    /// How ties were handled.
    pub ties: Ties,
    /// The level of the confidence intervals.
    pub ci_level: f64,
    /// The cumulative baseline hazard per stratum.
    pub baseline: Vec<BaselineHazard>,
    /// x_i'β̂ per row in the order given (uncentred).
    pub linear_predictor: Vec<f64>,
    /// The proportional-hazards check, when asked for.
    pub zph: Option<Zph>,
    /// What the reader should know: coefficients that may be infinite, strata without
    /// events.
    pub warnings: Vec<String>,
}

impl CoxFit {
    /// A coefficient by covariate name.
    pub fn coef(&self, term: &str) -> Option<&CoxCoefficient> {
        self.coefficients.iter().find(|c| c.term == term)
    }
}

/// P(χ²_df > x).
fn chisq_p(x: f64, df: usize) -> f64 {
    if df == 0 || x.is_nan() {
        return 1.0;
    }
    ChiSquared::new(df as f64)
        .map(|d| d.sf(x.max(0.0)))
        .unwrap_or(f64::NAN)
}

fn normal() -> Normal {
    Normal::new(0.0, 1.0).expect("the standard normal is valid")
}

impl Cox {
    /// Sets how ties are handled (default Efron, as coxph).
    pub fn ties(mut self, ties: Ties) -> Self {
        self.ties = ties;
        self
    }

    /// Sets the most Newton–Raphson iterations (default 20, coxph's `iter.max`).
    pub fn max_iter(mut self, max_iter: usize) -> Self {
        self.max_iter = max_iter;
        self
    }

    /// Sets the convergence criterion on the relative change in the log-likelihood,
    /// |1 − log L_old/log L_new| (default 1e-9, coxph's `eps`).
    pub fn eps(mut self, eps: f64) -> Self {
        self.eps = eps;
        self
    }

    /// Sets the confidence level of the hazard-ratio intervals (default 0.95).
    pub fn ci_level(mut self, level: f64) -> Self {
        self.ci_level = level;
        self
    }

    /// Asks for robust standard errors without cluster labels: each row is its own
    /// cluster (`robust = TRUE` with one row per person). With labels
    /// ([`CoxData::cluster`]) the errors are robust by cluster in any case.
    pub fn robust(mut self, robust: bool) -> Self {
        self.robust = robust;
        self
    }

    /// Asks for the proportional-hazards check with this transform of time.
    pub fn zph(mut self, transform: ZphTransform) -> Self {
        self.zph = Some(transform);
        self
    }

    /// Checks the parameters.
    ///
    /// # Errors
    /// `max_iter` of 0, an `eps` that is not a positive finite number, a confidence level
    /// outside (0, 1).
    pub fn check(&self) -> Result<()> {
        if self.max_iter == 0 {
            return Err(Error::parameter("max_iter", "must be at least 1"));
        }
        if !(self.eps.is_finite() && self.eps > 0.0) {
            return Err(Error::parameter(
                "eps",
                format!("must be a positive finite number, not {}", self.eps),
            ));
        }
        if !(self.ci_level > 0.0 && self.ci_level < 1.0) {
            return Err(Error::parameter(
                "ci_level",
                format!("must lie in (0, 1), not {}", self.ci_level),
            ));
        }
        Ok(())
    }

    /// Fits the model.
    ///
    /// # Errors
    /// See [`Cox`].
    pub fn fit(&self, data: &CoxData<'_>) -> Result<CoxFit> {
        self.check()?;
        let l = Layout::new(data, self.robust)?;
        let k = l.k;
        let counting = l.entry.is_some();
        let mut work = Work::new(&l);

        // β = 0: the null log-likelihood and the score test
        let mut beta = vec![0.0; k];
        let first = evaluate(&l, &beta, self.ties, &mut work);
        let factor0 = Ldl::new(&first.imat, k, TOLER_CHOL);
        if factor0.rank < k {
            return Err(redundant(&l, &first.imat, &factor0));
        }
        let score0 = l.clusters.as_ref().map(|c| residuals::meat(&l, &work, c));
        let mut step = first.u.clone();
        factor0.solve(&mut step);
        let score_stat: f64 = step.iter().zip(&first.u).map(|(a, b)| a * b).sum();
        let loglik0 = first.loglik;

        // Newton–Raphson with step-halving, as coxfit6/agfit4
        let mut best = loglik0;
        let mut gain = f64::INFINITY; // the last accepted rise in log L
        let mut newbeta: Vec<f64> = beta.iter().zip(&step).map(|(b, s)| b + s).collect();
        let mut halving = 0usize;
        let mut last = None;
        let mut change = f64::NAN;
        let mut iterations = 0;
        for iter in 1..=self.max_iter {
            iterations = iter;
            let e = evaluate(&l, &newbeta, self.ties, &mut work);
            let factor = Ldl::new(&e.imat, k, TOLER_CHOL);
            change = (1.0 - best / e.loglik).abs();
            if e.finite && change <= self.eps && (!counting || halving == 0) {
                last = Some((e, factor));
                break;
            }
            if !e.finite || e.loglik < best {
                halving += 1;
                let h = halving as f64;
                for (nb, b) in newbeta.iter_mut().zip(&beta) {
                    *nb = (*nb + h * b) / (h + 1.0);
                }
            } else {
                halving = 0;
                gain = e.loglik - best;
                best = e.loglik;
                let mut s = e.u.clone();
                factor.solve(&mut s);
                beta.clone_from(&newbeta);
                for (nb, s) in newbeta.iter_mut().zip(&s) {
                    *nb += s;
                }
            }
        }
        let converged = last.is_some();
        let (fin, factor, beta_s) = match last {
            Some((e, f)) => (e, f, newbeta.clone()),
            // out of iterations: back to the best β, as coxfit6 does
            None => {
                let e = evaluate(&l, &beta, self.ties, &mut work);
                let f = Ldl::new(&e.imat, k, TOLER_CHOL);
                (e, f, beta.clone())
            }
        };
        if factor.rank < k {
            let j = factor.dropped()[0];
            return Err(Error::analysis(format!(
                "the information about covariate \"{}\" vanished as the model was fitted: its \
                 coefficient runs to infinity (monotone likelihood); drop or coarsen it",
                l.names[j]
            )));
        }
        let v_s = factor.inverse();

        // back to the covariates' units: β = β̃·scale, V = S Ṽ S
        let coef: Vec<f64> = (0..k).map(|j| beta_s[j] * l.scale[j]).collect();
        let unscale = |m: &[f64]| -> Vec<Vec<f64>> {
            (0..k)
                .map(|a| {
                    (0..k)
                        .map(|b| m[a * k + b] * l.scale[a] * l.scale[b])
                        .collect()
                })
                .collect()
        };
        let vcov = unscale(&v_s);

        // Coefficients the likelihood no longer pins down: the next Newton step is still
        // large beside the coefficient (coxph's rule for "Loglik converged before variable
        // j; coefficient may be infinite"; agreg.fit's for entry/exit rows).
        let mut next = fin.u.clone();
        factor.solve(&mut next);
        let tol_inf = self.eps.sqrt();
        let infinite: Vec<usize> = (0..k)
            .filter(|&j| {
                let s = (next[j] * l.scale[j]).abs();
                !fin.u[j].is_finite()
                    || if counting {
                        s > tol_inf * (1.0 + coef[j].abs())
                    } else {
                        s > self.eps && s > tol_inf * coef[j].abs()
                    }
            })
            .collect();
        // Out of iterations is an error, unless it is that same monotone likelihood: a
        // coefficient running off while log L only creeps up towards its supremum (which
        // the relative criterion never catches when the supremum is 0).
        let creeping = halving == 0 && gain <= tol_inf * best.abs().max(1.0);
        if !converged && (infinite.is_empty() || !creeping) {
            return Err(not_converged(&l, self.max_iter, change, &infinite));
        }
        let mut warnings: Vec<String> = infinite
            .iter()
            .map(|&j| {
                let name = &l.names[j];
                let what = if converged {
                    format!(
                        "the log-likelihood converged before the coefficient of \"{name}\" did \
                         (coxph: \"Loglik converged before variable {}\")",
                        j + 1
                    )
                } else {
                    format!(
                        "the coefficient of \"{name}\" was still running off after {} \
                         iterations while the log-likelihood barely rose (coxph: \"Ran out of \
                         iterations and did not converge\")",
                        self.max_iter
                    )
                };
                format!(
                    "{what}: it is probably infinite (monotone likelihood, as when one group \
                     has no events, or all of them); its hazard ratio, standard error and test \
                     are not to be trusted"
                )
            })
            .collect();
        for st in &l.strata {
            if st.events == 0 {
                warnings.push(format!(
                    "stratum \"{}\" has no events: its {} rows add nothing to the fit",
                    st.label.as_deref().unwrap_or(""),
                    st.rows.len()
                ));
            }
        }

        // robust variance and tests
        let quad = |m: &[f64], b: &[f64]| {
            let f = Ldl::new(m, k, TOLER_CHOL);
            (f.quadratic(b), f.rank)
        };
        let robust_s = l.clusters.as_ref().map(|c| {
            let (meat, _) = residuals::meat(&l, &work, c);
            sandwich(&v_s, &meat, k)
        });
        let robust_score = score0.map(|(meat0, u0)| {
            let (stat, df) = quad(&meat0, &u0);
            test(stat, df)
        });
        let (wald, wald_df) = quad(&v_s, &beta_s);
        let tests = CoxTests {
            likelihood_ratio: test(2.0 * (fin.loglik - loglik0), k),
            wald: test(wald, wald_df),
            score: test(score_stat, factor0.rank),
            robust_wald: robust_s.as_ref().map(|r| {
                let (stat, df) = quad(r, &beta_s);
                test(stat, df)
            }),
            robust_score,
        };
        let vcov_robust = robust_s.as_ref().map(|r| unscale(r));

        let z_q = normal().inverse_cdf(0.5 + self.ci_level / 2.0);
        let coefficients = (0..k)
            .map(|j| {
                let se = vcov[j][j].sqrt();
                let rse = vcov_robust.as_ref().map(|r| r[j][j].sqrt());
                let used = rse.unwrap_or(se);
                let z = coef[j] / used;
                CoxCoefficient {
                    term: l.names[j].clone(),
                    coef: coef[j],
                    std_error: se,
                    robust_std_error: rse,
                    hazard_ratio: coef[j].exp(),
                    ci: [(coef[j] - z_q * used).exp(), (coef[j] + z_q * used).exp()],
                    z,
                    p_value: 2.0 * normal().sf(z.abs()),
                }
            })
            .collect();

        // the linear predictor, concordance, baseline hazard, zph
        let cov = data.covariates;
        let linear_predictor: Vec<f64> = (0..l.n)
            .map(|i| {
                cov.iter()
                    .zip(&coef)
                    .map(|((_, c), b)| c[i] * b)
                    .sum::<f64>()
                    + 0.0
            })
            .collect();
        let lp_sorted: Vec<f64> = l.order.iter().map(|&i| linear_predictor[i]).collect();
        let concordance = concordance::concordance(&l, &lp_sorted);
        let baseline = baseline(&l, &work, &coef);
        let zph = match self.zph {
            Some(t) => Some(zph::zph(
                &zph::AtFit {
                    layout: &l,
                    work: &work,
                    imat: &fin.imat,
                    coef: &coef,
                },
                t,
            )?),
            None => None,
        };
        Ok(CoxFit {
            coefficients,
            vcov,
            vcov_robust,
            loglik: [loglik0, fin.loglik],
            tests,
            concordance,
            means: l.means.clone(),
            n: l.n,
            events: l.events,
            n_clusters: l.clusters.as_ref().map(|c| c.count),
            strata: l
                .strata
                .iter()
                .filter_map(|s| {
                    s.label.as_ref().map(|label| StratumCount {
                        stratum: label.clone(),
                        n: s.rows.len(),
                        events: s.events,
                    })
                })
                .collect(),
            iterations,
            converged,
            ties: self.ties,
            ci_level: self.ci_level,
            baseline,
            linear_predictor,
            zph,
            warnings,
        })
    }
}

fn test(statistic: f64, df: usize) -> ChiSquareTest {
    ChiSquareTest {
        statistic,
        df,
        p_value: chisq_p(statistic, df),
    }
}

/// V M V (k × k).
fn sandwich(v: &[f64], meat: &[f64], k: usize) -> Vec<f64> {
    let mut vm = vec![0.0; k * k];
    for a in 0..k {
        for b in 0..k {
            vm[a * k + b] = (0..k).map(|c| v[a * k + c] * meat[c * k + b]).sum();
        }
    }
    let mut out = vec![0.0; k * k];
    for a in 0..k {
        for b in 0..k {
            out[a * k + b] = (0..k).map(|c| vm[a * k + c] * v[c * k + b]).sum();
        }
    }
    out
}

/// The error for an information matrix that is singular at β = 0.
fn redundant(l: &Layout, imat: &[f64], f: &Ldl) -> Error {
    let k = l.k;
    let j = f.dropped()[0];
    let top = (0..k).map(|a| imat[a * k + a]).fold(0.0, f64::max);
    let name = &l.names[j];
    if imat[j * k + j].is_nan() || imat[j * k + j] <= TOLER_CHOL * top {
        let within = if l.strata.len() > 1 {
            "within every stratum, or "
        } else {
            ""
        };
        return Error::analysis(format!(
            "covariate \"{name}\" does not vary within the risk sets at the event times (it is \
             constant {within}varies only among rows not at risk when events happen): it \
             carries no information about the hazard; drop it"
        ));
    }
    let before: Vec<String> = (0..j)
        .filter(|a| !f.dropped().contains(a))
        .map(|a| format!("\"{}\"", l.names[a]))
        .collect();
    Error::analysis(format!(
        "covariate \"{name}\" is a linear combination of the covariates before it ({}) within \
         the risk sets; drop it",
        before.join(", ")
    ))
}

/// The error for a fit that ran out of iterations, naming the covariates whose
/// coefficients were still moving.
fn not_converged(l: &Layout, max_iter: usize, change: f64, moving: &[usize]) -> Error {
    let hint = if moving.is_empty() {
        String::new()
    } else {
        let names: Vec<String> = moving
            .iter()
            .map(|&j| format!("\"{}\"", l.names[j]))
            .collect();
        format!(
            "; the coefficients of {} were still moving",
            names.join(", ")
        )
    };
    Error::analysis(format!(
        "the Cox model did not converge in {max_iter} iterations (the log-likelihood still \
         changed by {change:.1e} relative){hint}; raise max_iter or check the covariates"
    ))
}

/// Λ_0 at covariates = 0 per stratum, at every distinct exit time.
fn baseline(l: &Layout, w: &Work, coef: &[f64]) -> Vec<BaselineHazard> {
    // the risk scores were exp(x'β − m'β − shift): undo both
    let mb: f64 = l.means.iter().zip(coef).map(|(m, b)| m * b).sum();
    l.strata
        .iter()
        .enumerate()
        .map(|(si, st)| {
            let factor = (-mb - w.shift[si]).exp();
            let mut time = Vec::new();
            let mut cumulative_hazard = Vec::new();
            let mut cum = 0.0;
            let mut slot = st.base + 1;
            for p in st.rows.clone() {
                let t = l.stop[p];
                if time.last() == Some(&t) {
                    continue;
                }
                while slot <= st.top && l.slot_time[slot] <= t {
                    cum += w.alpha[slot] * factor;
                    slot += 1;
                }
                time.push(t);
                cumulative_hazard.push(cum);
            }
            BaselineHazard {
                stratum: st.label.clone(),
                time,
                cumulative_hazard,
            }
        })
        .collect()
}
