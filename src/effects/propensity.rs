//! Logistic regression by iteratively reweighted least squares, as R's
//! `glm(family = binomial)`, and propensity scores from it.
// Matrix code reads best with explicit indices.
#![allow(clippy::needless_range_loop)]

use super::dist::normal_p_two_sided;
use crate::error::{Error, Result};
use serde::Serialize;

/// Logistic regression: configure, check, then [`Logit::fit`].
///
/// ```text
/// P(y_i = 1) = μ_i = 1/(1 + e^(−η_i)),  η_i = x_i'β
/// start:  μ_i = (w_i y_i + ½)/(w_i + 1)  (glm's mustart),  η_i = log(μ_i/(1 − μ_i))
/// repeat: W_i = w_i μ_i(1 − μ_i),  z_i = η_i + (y_i − μ_i)/(μ_i(1 − μ_i))
///         β = (X'WX)⁻¹X'Wz  (Cholesky of the k × k cross-product, columns standardised)
///         D = −2 Σ w_i [y_i log μ_i + (1 − y_i) log(1 − μ_i)]
///         halve the step towards the previous β while D increases
/// until   |D − D_old|/(|D| + 0.1) < tolerance  (glm.control's epsilon)
/// Var(β) = (X'WX)⁻¹ with W of the last iteration;  z = β/SE;  p = 2Φ(−|z|)
/// AIC = D + 2k;  null deviance: μ = Σw_i y_i/Σw_i with an intercept, ½ without
/// ```
///
/// Columns follow [`ols`](super::ols): `columns[j]` is term j for every row, and the
/// caller includes an `(Intercept)` column of ones for a model with an intercept.
///
/// ```
/// use indsats::effects::Logit;
/// // one binary covariate: the coefficient is the log odds ratio of the 2×2 table
/// // x = 0: 1 of 4 have y = 1 (odds 1/3);  x = 1: 3 of 4 (odds 3)
/// let x = vec![0.0, 0.0, 0.0, 0.0, 1.0, 1.0, 1.0, 1.0];
/// let y = [1.0, 0.0, 0.0, 0.0, 1.0, 1.0, 1.0, 0.0];
/// let fit = Logit::default().fit(&[("(Intercept)", vec![1.0; 8]), ("x", x)], &y)?;
/// assert!((fit.coef("x").unwrap().coef - 9f64.ln()).abs() < 1e-10);
/// assert!((fit.coef("(Intercept)").unwrap().coef - (1.0f64 / 3.0).ln()).abs() < 1e-10);
/// // Wald SE of a log odds ratio, √(1/a + 1/b + 1/c + 1/d), as glm reports it: from the
/// // weights of the last iteration, a step short of the limit
/// let se = (1.0 + 1.0 / 3.0 + 1.0 / 3.0 + 1.0f64).sqrt();
/// assert!((fit.coef("x").unwrap().std_error - se).abs() < 1e-5);
/// # Ok::<(), indsats::Error>(())
/// ```
///
/// # Errors
/// Parameters out of range ([`Logit::check`]); columns and outcome of different lengths; a
/// value that is not finite; an outcome other than 0 or 1 (the row and value are named),
/// or one without both values; no more rows than terms; a constant covariate beside the
/// intercept, or one that is a linear combination of those before it (named);
/// separation — a covariate, or a combination of them, that splits the 0s from the 1s so
/// that no finite estimate exists (the covariate is named, with the values that separate);
/// and a fit that does not converge in `max_iter` iterations.
///
/// # References
/// McCullagh & Nelder (1989), *Generalized Linear Models*, 2nd ed., ch. 2 and 4; Albert &
/// Anderson (1984), On the existence of maximum likelihood estimates in logistic
/// regression models, Biometrika 71:1–10. Matches R's `glm(y ~ ..., family = binomial)`
/// (`glm.fit` with `glm.control()`) and `summary.glm`; the step-halving on an increasing
/// deviance is `glm2::glm.fit2`'s (R's `glm.fit` halves only a non-finite deviance).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Logit {
    max_iter: usize,
    tolerance: f64,
}

impl Default for Logit {
    fn default() -> Self {
        Logit {
            max_iter: 25,
            tolerance: 1e-8,
        }
    }
}

/// One coefficient of a logistic regression with its Wald inference.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LogitCoefficient {
    /// The term.
    pub term: String,
    /// The estimate on the log-odds scale.
    pub coef: f64,
    /// Its standard error, from the inverse Fisher information.
    pub std_error: f64,
    /// Wald z = coef/SE.
    pub z: f64,
    /// Two-sided p-value from the standard normal.
    pub p_value: f64,
}

/// A fitted logistic regression.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LogitFit {
    /// Coefficients in design order.
    pub coefficients: Vec<LogitCoefficient>,
    /// The covariance matrix of the coefficients, rows and columns in design order.
    pub vcov: Vec<Vec<f64>>,
    /// Fitted probabilities P(y = 1) per row (the propensity scores).
    pub fitted: Vec<f64>,
    /// The linear predictor (log odds) per row.
    pub linear_predictor: Vec<f64>,
    /// Residual deviance.
    pub deviance: f64,
    /// Deviance of the intercept-only model (of μ = ½ without an intercept).
    pub null_deviance: f64,
    /// Akaike's information criterion, D + 2k.
    pub aic: f64,
    /// IRLS iterations used.
    pub iterations: usize,
    /// Whether the deviance converged (always true in a returned fit).
    pub converged: bool,
    /// Rows.
    pub n: usize,
}

impl LogitFit {
    /// A coefficient by term.
    pub fn coef(&self, term: &str) -> Option<&LogitCoefficient> {
        self.coefficients.iter().find(|c| c.term == term)
    }
}

/// Propensity scores: the logistic regression of a 0/1 treatment on covariates with an
/// intercept, as `fitted(glm(treat ~ x1 + ... + xk, family = binomial))` (MatchIt's
/// `distance = "glm"`).
///
/// ```text
/// e_i = P(treated | x_i) = 1/(1 + exp(−(β₀ + x_i'β)))   (see Logit)
/// ```
///
/// ```
/// use indsats::effects::propensity_scores;
/// let treat = [1.0, 0.0, 0.0, 0.0, 1.0, 1.0, 1.0, 0.0];
/// let x = vec![0.0, 0.0, 0.0, 0.0, 1.0, 1.0, 1.0, 1.0];
/// let fit = propensity_scores(&treat, &[("x", x)])?;
/// // with one binary covariate the score is the share treated in each cell
/// assert!((fit.fitted[0] - 0.25).abs() < 1e-10);
/// assert!((fit.fitted[4] - 0.75).abs() < 1e-10);
/// # Ok::<(), indsats::Error>(())
/// ```
///
/// # Errors
/// A treatment value other than 0 or 1 (named with its row), no treated or no control
/// units, and every error of [`Logit::fit`] — in particular a covariate that separates the
/// treated from the controls, which is named.
///
/// # References
/// Rosenbaum & Rubin (1983), The central role of the propensity score in observational
/// studies for causal effects, Biometrika 70:41–55. Matches R's `glm(family = binomial)`.
pub fn propensity_scores(treatment: &[f64], covariates: &[(&str, Vec<f64>)]) -> Result<LogitFit> {
    let ones = vec![1.0; treatment.len()];
    let mut names = vec!["(Intercept)"];
    let mut cols: Vec<&[f64]> = vec![&ones];
    for (name, col) in covariates {
        names.push(name);
        cols.push(col);
    }
    Logit::default().fit_design(&names, &cols, treatment, None, &Response::TREATMENT)
}

impl Logit {
    /// Sets the most IRLS iterations (default 25, as `glm.control`).
    pub fn max_iter(mut self, max_iter: usize) -> Self {
        self.max_iter = max_iter;
        self
    }

    /// Sets the convergence tolerance on the relative change in deviance,
    /// |D − D_old|/(|D| + 0.1) (default 1e-8, as `glm.control`'s `epsilon`).
    pub fn tolerance(mut self, tolerance: f64) -> Self {
        self.tolerance = tolerance;
        self
    }

    /// Checks the parameters.
    ///
    /// # Errors
    /// `max_iter` of 0, or a tolerance that is not a positive finite number.
    pub fn check(&self) -> Result<()> {
        if self.max_iter == 0 {
            return Err(Error::parameter("max_iter", "must be at least 1"));
        }
        if !(self.tolerance.is_finite() && self.tolerance > 0.0) {
            return Err(Error::parameter(
                "tolerance",
                format!("must be a positive finite number, not {}", self.tolerance),
            ));
        }
        Ok(())
    }

    /// Fits the logistic regression of `y` (0 or 1 per row) on the columns of a design.
    ///
    /// # Errors
    /// See [`Logit`].
    pub fn fit(&self, columns: &[(&str, Vec<f64>)], y: &[f64]) -> Result<LogitFit> {
        let (names, cols) = split(columns);
        self.fit_design(&names, &cols, y, None, &Response::OUTCOME)
    }

    /// Fits with a prior weight per row, as `glm(weights = w)`: row i counts as w_i units.
    /// The AIC is D + 2k, R's value for whole-number weights.
    ///
    /// # Errors
    /// As [`Logit::fit`], and a weight that is not a positive finite number.
    pub fn fit_weighted(
        &self,
        columns: &[(&str, Vec<f64>)],
        y: &[f64],
        weights: &[f64],
    ) -> Result<LogitFit> {
        super::ols::check_weights(weights, y.len())?;
        let (names, cols) = split(columns);
        self.fit_design(&names, &cols, y, Some(weights), &Response::OUTCOME)
    }

    fn fit_design(
        &self,
        names: &[&str],
        cols: &[&[f64]],
        y: &[f64],
        weights: Option<&[f64]>,
        response: &Response,
    ) -> Result<LogitFit> {
        self.check()?;
        let design = Design::checked(names, cols, y, response)?;
        let n = y.len();
        let k = names.len();
        let weight = |i: usize| weights.map_or(1.0, |w| w[i]);

        // glm's start: mustart = (w y + ½)/(w + 1), η = logit(mustart), μ = linkinv(η).
        let mut eta: Vec<f64> = (0..n)
            .map(|i| {
                let m = (weight(i) * y[i] + 0.5) / (weight(i) + 1.0);
                (m / (1.0 - m)).ln()
            })
            .collect();
        let mut mu: Vec<f64> = eta.iter().map(|e| linkinv(*e)).collect();
        let mut dev_old = (0..n)
            .map(|i| dev_resid(y[i], mu[i], weight(i)))
            .sum::<f64>();
        let mut beta_old: Option<Vec<f64>> = None;
        let mut beta = vec![0.0; k];
        let mut step = Step::default();
        let mut info = Factor::default();
        let mut converged = false;
        let mut breakdown = false;
        let mut iterations = 0;
        let mut change = f64::NAN;
        for iter in 1..=self.max_iter {
            iterations = iter;
            let (xtwx, xtwz) = design.cross_products(&eta, &mu, y, weights);
            info = match Factor::new(xtwx, k) {
                Ok(f) => f,
                Err(j) if iter == 1 => return Err(design.collinear(j)),
                Err(_) => {
                    breakdown = true;
                    break;
                }
            };
            let mut next = info.solve(&xtwz);
            if next.iter().any(|b| !b.is_finite()) {
                breakdown = true;
                break;
            }
            let mut eval =
                design.evaluate(&next, beta_old.as_deref(), y, weights, &mut eta, &mut mu);
            let increased =
                |d: f64, old: f64| !d.is_finite() || (d - old) / (0.1 + d.abs()) >= self.tolerance;
            if let Some(old) = beta_old.as_deref() {
                // Step-halving while the deviance increases (glm2's glm.fit2).
                let mut halvings = 0;
                while increased(eval.deviance, dev_old) && halvings < self.max_iter {
                    halvings += 1;
                    for (b, o) in next.iter_mut().zip(old) {
                        *b = (*b + o) / 2.0;
                    }
                    eval = design.evaluate(&next, Some(old), y, weights, &mut eta, &mut mu);
                }
            }
            beta = next;
            step = eval;
            change = (step.deviance - dev_old).abs() / (step.deviance.abs() + 0.1);
            if change < self.tolerance {
                converged = true;
                break;
            }
            dev_old = step.deviance;
            beta_old = Some(beta.clone());
        }

        // Separation: fitted probabilities numerically 0 or 1 (glm's warning), or units
        // whose log odds still ran away from 0 in the last step. On an unbounded likelihood
        // the Newton step tends to one unit of η on those units, while near a maximum it
        // shrinks quadratically; one more step tells the two apart.
        let eps = 10.0 * f64::EPSILON;
        let boundary = mu.iter().filter(|m| **m > 1.0 - eps || **m < eps).count();
        let running = |s: &Step| {
            if converged {
                s.escaping
            } else {
                s.escaping_far
            }
        };
        if boundary > 0 || running(&step) > 0 {
            let (xtwx, xtwz) = design.cross_products(&eta, &mu, y, weights);
            let again = Factor::new(xtwx, k).ok().map(|f| {
                let next = f.solve(&xtwz);
                let (mut eta, mut mu) = (eta.clone(), mu.clone());
                let s = design.evaluate(&next, Some(&beta), y, weights, &mut eta, &mut mu);
                (next, s)
            });
            match again {
                Some((next, s)) if running(&s) > 0 => {
                    return Err(design.separated_jointly(&beta, &next, boundary.max(s.escaping)));
                }
                None => {
                    return Err(design.separated_jointly(
                        beta_old.as_deref().unwrap_or(&beta),
                        &beta,
                        boundary.max(step.escaping),
                    ));
                }
                Some(_) if boundary > 0 => {
                    let row = mu
                        .iter()
                        .position(|m| *m > 1.0 - eps || *m < eps)
                        .unwrap_or(0);
                    return Err(Error::analysis(format!(
                        "fitted probabilities are numerically 0 or 1 for {} (the first at row \
                         {}): the covariates all but decide the {}; drop or coarsen \
                         covariates, or restrict the sample to units that could be in either \
                         group",
                        units(boundary),
                        row + 1,
                        response.name
                    )));
                }
                Some(_) => {}
            }
        }
        if breakdown {
            return Err(Error::analysis(format!(
                "the logistic regression broke down at iteration {iterations}: the weighted \
                 cross-product of the covariates became singular"
            )));
        }
        if !converged {
            return Err(Error::analysis(format!(
                "the logistic regression did not converge in {} iterations (the deviance \
                 still changed by {change:.1e} relative); raise max_iter or check the covariates",
                self.max_iter
            )));
        }

        let (coef, vcov) = design.original_scale(&beta, &info.inverse());
        let coefficients = (0..k)
            .map(|j| {
                let se = vcov[j][j].sqrt();
                let z = coef[j] / se;
                LogitCoefficient {
                    term: names[j].to_string(),
                    coef: coef[j],
                    std_error: se,
                    z,
                    p_value: normal_p_two_sided(z),
                }
            })
            .collect();
        let null_mu = if design.intercept.is_some() {
            let (sw, swy) = (0..n).fold((0.0, 0.0), |(s, t), i| {
                (s + weight(i), t + weight(i) * y[i])
            });
            swy / sw
        } else {
            0.5
        };
        let null_deviance = (0..n).map(|i| dev_resid(y[i], null_mu, weight(i))).sum();
        Ok(LogitFit {
            coefficients,
            vcov,
            fitted: mu,
            linear_predictor: eta,
            deviance: step.deviance,
            null_deviance,
            aic: step.deviance + 2.0 * k as f64,
            iterations,
            converged,
            n,
        })
    }
}

fn split<'a>(columns: &'a [(&'a str, Vec<f64>)]) -> (Vec<&'a str>, Vec<&'a [f64]>) {
    columns.iter().map(|(n, c)| (*n, c.as_slice())).unzip()
}

/// "1 unit", "2 units".
fn units(n: usize) -> String {
    if n == 1 {
        "1 unit".to_string()
    } else {
        format!("{n} units")
    }
}

/// How messages speak of the outcome.
struct Response {
    name: &'static str,
    one: &'static str,
    zero: &'static str,
    ones: &'static str,
    zeros: &'static str,
    no_ones: &'static str,
    no_zeros: &'static str,
}

impl Response {
    const TREATMENT: Response = Response {
        name: "treatment",
        one: "is treated",
        zero: "is a control",
        ones: "all treated",
        zeros: "all controls",
        no_ones: "no unit is treated",
        no_zeros: "no unit is a control",
    };
    const OUTCOME: Response = Response {
        name: "y",
        one: "has y = 1",
        zero: "has y = 0",
        ones: "all units with y = 1",
        zeros: "all units with y = 0",
        no_ones: "y has no 1s",
        no_zeros: "y has no 0s",
    };
}

/// R's `binomial()$linkinv` (C `logit_linkinv`): η beyond ±30 is held there.
fn linkinv(eta: f64) -> f64 {
    let t = if eta < -30.0 {
        f64::EPSILON
    } else if eta > 30.0 {
        1.0 / f64::EPSILON
    } else {
        eta.exp()
    };
    t / (1.0 + t)
}

/// R's `binomial()$mu.eta` (C `logit_mu_eta`).
fn mu_eta(eta: f64) -> f64 {
    if eta.abs() > 30.0 {
        f64::EPSILON
    } else {
        let e = eta.exp();
        e / ((1.0 + e) * (1.0 + e))
    }
}

/// R's `binomial()$dev.resids` for a 0/1 outcome.
fn dev_resid(y: f64, mu: f64, w: f64) -> f64 {
    if y == 1.0 {
        -2.0 * w * mu.ln()
    } else {
        -2.0 * w * (1.0 - mu).ln()
    }
}

/// What one IRLS update left behind.
#[derive(Debug, Default, Clone, Copy)]
struct Step {
    deviance: f64,
    /// Units whose log odds moved away from 0 by at least [`ESCAPE`] in the step.
    escaping: usize,
    /// Of those, units already beyond |η| = [`FAR`].
    escaping_far: usize,
}

/// A step of the linear predictor this large, outwards, at a settled deviance means the
/// likelihood has no maximum in that direction (a converged fit moves η by ~1e-6 or less).
const ESCAPE: f64 = 0.1;
/// |η| beyond which a fitted probability is within 0.7% of 0 or 1.
const FAR: f64 = 5.0;

/// The design: borrowed columns, standardised on the fly (centred when there is an
/// intercept) so that the k × k cross-product is well conditioned.
struct Design<'a> {
    names: &'a [&'a str],
    cols: &'a [&'a [f64]],
    /// x̃ = (x − centre)·scale.
    centre: Vec<f64>,
    scale: Vec<f64>,
    intercept: Option<usize>,
}

/// Rows per block of the cross-product sums (pairwise-style accumulation).
const BLOCK: usize = 1024;

impl<'a> Design<'a> {
    /// Checks the data and sets up the standardisation.
    fn checked(
        names: &'a [&'a str],
        cols: &'a [&'a [f64]],
        y: &[f64],
        response: &Response,
    ) -> Result<Self> {
        let n = y.len();
        let k = cols.len();
        if let Some(i) = y.iter().position(|v| !v.is_finite()) {
            return Err(Error::parameter(
                response.name,
                format!("row {} is {}, not a finite number", i + 1, y[i]),
            ));
        }
        if let Some(i) = y.iter().position(|v| *v != 0.0 && *v != 1.0) {
            return Err(Error::parameter(
                response.name,
                format!("row {} is {}; it must be coded 0 or 1", i + 1, y[i]),
            ));
        }
        let ones = y.iter().filter(|v| **v == 1.0).count();
        if ones == 0 || ones == n {
            let (lead, value) = if ones == 0 {
                (response.no_ones, 0)
            } else {
                (response.no_zeros, 1)
            };
            return Err(Error::analysis(format!(
                "{lead}: the {} is {value} in all {n} rows; a logistic model needs both 0s and 1s",
                response.name
            )));
        }
        if let Some(j) = cols.iter().position(|c| c.len() != n) {
            return Err(Error::parameter(
                names[j],
                format!(
                    "has {} rows but the {} has {n}",
                    cols[j].len(),
                    response.name
                ),
            ));
        }
        for (j, c) in cols.iter().enumerate() {
            if let Some(i) = c.iter().position(|v| !v.is_finite()) {
                return Err(Error::parameter(
                    names[j],
                    format!("row {} is {}, not a finite number", i + 1, c[i]),
                ));
            }
        }
        if k == 0 || n <= k {
            return Err(Error::analysis(format!(
                "a logistic regression with {k} terms needs more than {k} rows, found {n}"
            )));
        }
        let constant = |c: &[f64]| c.iter().all(|v| *v == c[0]);
        let intercept = cols.iter().position(|c| c.iter().all(|v| *v == 1.0));
        // Without an intercept, the first constant column plays its part.
        let stand_in = intercept.or_else(|| cols.iter().position(|c| constant(c) && c[0] != 0.0));
        for (j, c) in cols.iter().enumerate() {
            if Some(j) != stand_in && constant(c) {
                return Err(Error::analysis(format!(
                    "covariate \"{}\" is constant ({} in every row): it carries no information \
                     beside the intercept; drop it",
                    names[j], c[0]
                )));
            }
        }
        let nf = n as f64;
        let mut centre = vec![0.0; k];
        let mut scale = vec![1.0; k];
        for (j, c) in cols.iter().enumerate() {
            if Some(j) == intercept {
                continue;
            }
            let m = if intercept.is_some() {
                c.iter().sum::<f64>() / nf
            } else {
                0.0
            };
            let ss = c.iter().map(|v| (v - m) * (v - m)).sum::<f64>() / nf;
            centre[j] = m;
            scale[j] = 1.0 / ss.sqrt();
        }
        let design = Design {
            names,
            cols,
            centre,
            scale,
            intercept,
        };
        // A threshold on one covariate is a direction of the model only with an intercept;
        // without one, separation is left to the fit's own check.
        if stand_in.is_some() {
            for j in 0..k {
                if Some(j) != stand_in {
                    design.separates_alone(j, y, response)?;
                }
            }
        }
        Ok(design)
    }

    /// Whether covariate j on its own splits the 0s from the 1s: its ranges in the two
    /// groups do not overlap, or touch at one value (for a binary covariate: a cell of
    /// its 2 × 2 table with the outcome is empty).
    fn separates_alone(&self, j: usize, y: &[f64], r: &Response) -> Result<()> {
        let c = self.cols[j];
        let (mut lo1, mut hi1, mut lo0, mut hi0) = (
            f64::INFINITY,
            f64::NEG_INFINITY,
            f64::INFINITY,
            f64::NEG_INFINITY,
        );
        for (v, y) in c.iter().zip(y) {
            if *y == 1.0 {
                lo1 = lo1.min(*v);
                hi1 = hi1.max(*v);
            } else {
                lo0 = lo0.min(*v);
                hi0 = hi0.max(*v);
            }
        }
        let upward = hi0 <= lo1; // the 1s lie at or above the 0s
        let downward = hi1 <= lo0;
        if !(upward || downward) {
            return Ok(());
        }
        let name = self.names[j];
        let a = c[0];
        let b = c.iter().copied().find(|v| *v != a).unwrap_or(a);
        let binary = c.iter().all(|v| *v == a || *v == b);
        let detail = if binary {
            let (lo, hi) = if a < b { (a, b) } else { (b, a) };
            // The 1s at or above the 0s: every unit at `hi` has y = 1 (if the 0s stay at lo),
            // and every unit at `lo` has y = 0 (if the 1s stay at hi).
            let (top, bottom) = if upward {
                (r.one, r.zero)
            } else {
                (r.zero, r.one)
            };
            let top_pure = if upward { hi0 < hi } else { hi1 < hi };
            let bottom_pure = if upward { lo1 > lo } else { lo0 > lo };
            let mut parts = Vec::new();
            if top_pure {
                parts.push(format!("every unit with {name} = {hi} {top}"));
            }
            if bottom_pure {
                parts.push(format!("every unit with {name} = {lo} {bottom}"));
            }
            parts.join(" and ")
        } else if upward {
            if hi0 < lo1 {
                format!(
                    "{} have {name} above {hi0} and {} at or below it",
                    r.ones, r.zeros
                )
            } else {
                format!(
                    "{} have {name} of at least {lo1} and {} at most {hi0}",
                    r.ones, r.zeros
                )
            }
        } else if hi1 < lo0 {
            format!(
                "{} have {name} below {lo0} and {} at or above it",
                r.ones, r.zeros
            )
        } else {
            format!(
                "{} have {name} of at most {hi1} and {} at least {lo0}",
                r.ones, r.zeros
            )
        };
        let kind = if hi0 < lo1 || hi1 < lo0 {
            "completely"
        } else {
            "quasi-completely"
        };
        Err(Error::analysis(format!(
            "covariate \"{name}\" separates the groups {kind}: {detail}; the logistic model \
             has no finite estimate — drop or coarsen \"{name}\", or restrict the sample to \
             units that could be in either group"
        )))
    }

    fn collinear(&self, j: usize) -> Error {
        let before: Vec<String> = self.names[..j].iter().map(|n| format!("\"{n}\"")).collect();
        Error::analysis(format!(
            "covariate \"{}\" is a linear combination of the terms before it ({}); drop it",
            self.names[j],
            before.join(", ")
        ))
    }

    /// The error for separation that no single covariate explains: the covariates whose
    /// standardised coefficients moved most in the last step are the separating direction.
    fn separated_jointly(&self, before: &[f64], beta: &[f64], count: usize) -> Error {
        let growth: Vec<(usize, f64)> = (0..beta.len())
            .filter(|j| Some(*j) != self.intercept)
            .map(|j| (j, (beta[j] - before[j]).abs()))
            .collect();
        let top = growth.iter().map(|g| g.1).fold(0.0, f64::max);
        let mut leaders: Vec<(usize, f64)> =
            growth.into_iter().filter(|g| g.1 >= 0.25 * top).collect();
        leaders.sort_by(|a, b| b.1.total_cmp(&a.1));
        let listed: Vec<String> = leaders
            .iter()
            .map(|(j, _)| format!("\"{}\"", self.names[*j]))
            .collect();
        Error::analysis(format!(
            "the covariates together separate the groups (no single one does): fitted \
             probabilities run to 0 or 1 for {} and the coefficients of {} grow \
             without bound; the logistic model has no finite estimate — drop or combine \
             covariates, or restrict the sample to units that could be in either group",
            units(count),
            listed.join(", ")
        ))
    }

    fn row(&self, i: usize, x: &mut [f64]) {
        for j in 0..x.len() {
            x[j] = (self.cols[j][i] - self.centre[j]) * self.scale[j];
        }
    }

    /// X̃'WX̃ (upper triangle filled, k × k row-major) and X̃'Wz at the current η, μ.
    fn cross_products(
        &self,
        eta: &[f64],
        mu: &[f64],
        y: &[f64],
        weights: Option<&[f64]>,
    ) -> (Vec<f64>, Vec<f64>) {
        let k = self.cols.len();
        let n = y.len();
        let mut a = vec![0.0; k * k];
        let mut b = vec![0.0; k];
        let mut block_a = vec![0.0; k * k];
        let mut block_b = vec![0.0; k];
        let mut x = vec![0.0; k];
        for start in (0..n).step_by(BLOCK) {
            block_a.iter_mut().for_each(|v| *v = 0.0);
            block_b.iter_mut().for_each(|v| *v = 0.0);
            for i in start..(start + BLOCK).min(n) {
                let d = mu_eta(eta[i]);
                let var = mu[i] * (1.0 - mu[i]);
                let w = weights.map_or(1.0, |w| w[i]) * d * d / var;
                let z = eta[i] + (y[i] - mu[i]) / d;
                self.row(i, &mut x);
                for p in 0..k {
                    let wx = w * x[p];
                    block_b[p] += wx * z;
                    let row = &mut block_a[p * k..(p + 1) * k];
                    for q in p..k {
                        row[q] += wx * x[q];
                    }
                }
            }
            for (t, s) in a.iter_mut().zip(&block_a) {
                *t += s;
            }
            for (t, s) in b.iter_mut().zip(&block_b) {
                *t += s;
            }
        }
        for p in 0..k {
            for q in 0..p {
                a[p * k + q] = a[q * k + p];
            }
        }
        (a, b)
    }

    /// Sets η = X̃β and μ, and returns the deviance and how far units moved outwards from
    /// `before` (or from the start when there is none).
    fn evaluate(
        &self,
        beta: &[f64],
        before: Option<&[f64]>,
        y: &[f64],
        weights: Option<&[f64]>,
        eta: &mut [f64],
        mu: &mut [f64],
    ) -> Step {
        let k = beta.len();
        let delta: Option<Vec<f64>> =
            before.map(|b| beta.iter().zip(b).map(|(n, o)| n - o).collect());
        let mut x = vec![0.0; k];
        let mut step = Step::default();
        let mut block = 0.0;
        for i in 0..y.len() {
            self.row(i, &mut x);
            let e: f64 = x.iter().zip(beta).map(|(x, b)| x * b).sum();
            let moved = match &delta {
                Some(d) => x.iter().zip(d).map(|(x, d)| x * d).sum::<f64>(),
                None => e - eta[i],
            };
            if moved * e.signum() >= ESCAPE {
                step.escaping += 1;
                if e.abs() >= FAR {
                    step.escaping_far += 1;
                }
            }
            eta[i] = e;
            mu[i] = linkinv(e);
            block += dev_resid(y[i], mu[i], weights.map_or(1.0, |w| w[i]));
            if (i + 1) % BLOCK == 0 {
                step.deviance += block;
                block = 0.0;
            }
        }
        step.deviance += block;
        step
    }

    /// β and Var(β) on the columns as given, from those on the standardised columns:
    /// β = Tβ̃, V = TṼT' with T_jj = scale_j and T_(intercept, j) = −centre_j·scale_j.
    fn original_scale(&self, beta: &[f64], v: &[Vec<f64>]) -> (Vec<f64>, Vec<Vec<f64>>) {
        let k = beta.len();
        let mut t = vec![vec![0.0; k]; k];
        for j in 0..k {
            t[j][j] = self.scale[j];
            if let Some(c) = self.intercept {
                if c != j {
                    t[c][j] = -self.centre[j] * self.scale[j];
                }
            }
        }
        let coef = (0..k)
            .map(|i| (0..k).map(|j| t[i][j] * beta[j]).sum())
            .collect();
        let tv: Vec<Vec<f64>> = (0..k)
            .map(|i| {
                (0..k)
                    .map(|j| (0..k).map(|m| t[i][m] * v[m][j]).sum())
                    .collect()
            })
            .collect();
        let vcov = (0..k)
            .map(|i| {
                (0..k)
                    .map(|j| (0..k).map(|m| tv[i][m] * t[j][m]).sum())
                    .collect()
            })
            .collect();
        (coef, vcov)
    }
}

/// Cholesky factor of a k × k cross-product, scaled to unit diagonal first
/// (A = D½ C D½, C = LL'), so that a pivot is 1 − R² of its column on those before it.
#[derive(Debug, Default, Clone)]
struct Factor {
    k: usize,
    /// 1/√A_jj.
    d: Vec<f64>,
    /// L, row-major lower triangle.
    l: Vec<f64>,
}

/// A pivot (1 − R² of a column on those before it) below this marks the column as a
/// linear combination of the ones before it.
const COLLINEAR: f64 = 1e-10;

impl Factor {
    /// Factors A, or returns the column whose pivot fails.
    fn new(a: Vec<f64>, k: usize) -> std::result::Result<Self, usize> {
        let mut d = vec![0.0; k];
        for j in 0..k {
            let v = a[j * k + j];
            if !(v > 0.0 && v.is_finite()) {
                return Err(j);
            }
            d[j] = 1.0 / v.sqrt();
        }
        let mut l = vec![0.0; k * k];
        for i in 0..k {
            for j in 0..=i {
                let mut s = a[i * k + j] * d[i] * d[j];
                for m in 0..j {
                    s -= l[i * k + m] * l[j * k + m];
                }
                if i == j {
                    if s.is_nan() || s <= COLLINEAR {
                        return Err(i);
                    }
                    l[i * k + i] = s.sqrt();
                } else {
                    l[i * k + j] = s / l[j * k + j];
                }
            }
        }
        Ok(Factor { k, d, l })
    }

    /// Solves A β = b.
    fn solve(&self, b: &[f64]) -> Vec<f64> {
        let k = self.k;
        let mut u: Vec<f64> = b.iter().zip(&self.d).map(|(b, d)| b * d).collect();
        for i in 0..k {
            for m in 0..i {
                u[i] -= self.l[i * k + m] * u[m];
            }
            u[i] /= self.l[i * k + i];
        }
        for i in (0..k).rev() {
            for m in i + 1..k {
                u[i] -= self.l[m * k + i] * u[m];
            }
            u[i] /= self.l[i * k + i];
        }
        u.iter().zip(&self.d).map(|(u, d)| u * d).collect()
    }

    /// A⁻¹.
    fn inverse(&self) -> Vec<Vec<f64>> {
        let k = self.k;
        let cols: Vec<Vec<f64>> = (0..k)
            .map(|j| {
                let mut e = vec![0.0; k];
                e[j] = 1.0;
                self.solve(&e)
            })
            .collect();
        // Symmetrise: column j of A⁻¹ is cols[j].
        (0..k)
            .map(|i| (0..k).map(|j| 0.5 * (cols[j][i] + cols[i][j])).collect())
            .collect()
    }
}
