//! Reliable (or meaningful) change thresholds on an instrument's scales.
//!
//! Two kinds of threshold exist in practice (SPEC §1.10, §2.4, §3.3, §4), and several
//! conventions per instrument, so each is a named [`ChangeRule`] in the instrument's file:
//!
//! ```text
//! points             reliable if |post − pre| ≥ threshold        (e.g. ORS 5, WHO-5 10 %-points)
//! Jacobson–Truax     SE      = SD · √(1 − r)
//!                    S_diff  = √2 · SE = SD · √(2 (1 − r))
//!                    RCI     = (post − pre) / S_diff
//!                    reliable if |RCI| > z (1.96), i.e. |post − pre| > z · S_diff
//! ```
//! The scale's direction (higher is better or worse) turns a reliable change into an
//! improvement or a deterioration. Classifying people as recovered needs clinical cut-offs
//! as well; that is the progression module's work, which builds on these rules.

use super::definition::{Compare, Direction, Status};
use super::exact::Exact;
use crate::error::{Error, Result};
use serde::Serialize;

/// Jacobson & Truax (1991) reliable change from a standard deviation and a reliability.
///
/// ```text
/// SE = SD · √(1 − r);  S_diff = √2 · SE;  RCI = (post − pre) / S_diff
/// ```
///
/// # Example (CASES.md case 9)
/// ```
/// use indsats::instruments::JacobsonTruax;
/// let jt = JacobsonTruax::new(6.0, 0.80)?;
/// assert!((jt.standard_error() - 2.6833).abs() < 5e-5);
/// assert!((jt.s_diff() - 3.7947).abs() < 5e-5);
/// assert!((jt.threshold(1.96) - 7.4377).abs() < 5e-5);
/// assert!((jt.rci(20.0, 11.0) + 2.3717).abs() < 5e-5);
/// # Ok::<(), indsats::Error>(())
/// ```
///
/// # Errors
/// [`ErrorKind::InvalidParameter`](crate::ErrorKind::InvalidParameter) for an SD that is
/// not above 0, or a reliability outside [0, 1).
///
/// # References
/// Jacobson NS, Truax P (1991). Clinical significance: a statistical approach to defining
/// meaningful change in psychotherapy research. *J Consult Clin Psychol* 59(1):12–19.
/// Matches `clinicalsignificance` (CRAN) `calc_rci_jt` and `suddengains::define_crit1_cutoff`.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct JacobsonTruax {
    sd: f64,
    reliability: f64,
}

impl JacobsonTruax {
    /// Checks and builds the parameters.
    pub fn new(sd: f64, reliability: f64) -> Result<JacobsonTruax> {
        if !(sd.is_finite() && sd > 0.0) {
            return Err(Error::parameter("sd", format!("{sd} must be above 0")));
        }
        if !(0.0..1.0).contains(&reliability) {
            return Err(Error::parameter(
                "reliability",
                format!("{reliability} must be at least 0 and below 1"),
            ));
        }
        Ok(JacobsonTruax { sd, reliability })
    }
    /// The standard deviation.
    pub fn sd(&self) -> f64 {
        self.sd
    }
    /// The reliability.
    pub fn reliability(&self) -> f64 {
        self.reliability
    }
    /// Standard error of measurement: `SD · √(1 − r)`.
    pub fn standard_error(&self) -> f64 {
        self.sd * (1.0 - self.reliability).sqrt()
    }
    /// Standard error of a difference: `√2 · SE`.
    pub fn s_diff(&self) -> f64 {
        (2.0 * (1.0 - self.reliability)).sqrt() * self.sd
    }
    /// The smallest reliable change in points: `z · S_diff`.
    pub fn threshold(&self, z: f64) -> f64 {
        z * self.s_diff()
    }
    /// The reliable change index `(post − pre) / S_diff`.
    pub fn rci(&self, pre: f64, post: f64) -> f64 {
        (post - pre) / self.s_diff()
    }
}

/// How a rule measures change.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(tag = "method", rename_all = "snake_case")]
pub enum ChangeMethod {
    /// A published threshold in score points.
    Points {
        /// The threshold.
        threshold: f64,
    },
    /// Jacobson–Truax from an SD and a reliability, with critical value `z`.
    JacobsonTruax {
        /// SD and reliability.
        jt: JacobsonTruax,
        /// Critical value (1.96).
        z: f64,
    },
}

/// What a change amounts to under a rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ChangeClass {
    /// A reliable change in the good direction.
    Improved,
    /// A reliable change in the harmful direction.
    Deteriorated,
    /// No reliable change.
    Unchanged,
}

/// A named change threshold for one scale (and optionally one informant).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ChangeRule {
    pub(crate) id: String,
    scale: String,
    #[serde(skip)]
    pub(crate) scale_index: usize,
    higher_is: Direction,
    pub(crate) informant: Option<String>,
    versions: Vec<String>,
    method: ChangeMethod,
    compare: Compare,
    pub(crate) default: bool,
    status: Option<Status>,
    source: Option<String>,
}

impl ChangeRule {
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn new(
        id: String,
        scale: String,
        scale_index: usize,
        higher_is: Direction,
        informant: Option<String>,
        versions: Vec<String>,
        method: ChangeMethod,
        compare: Option<Compare>,
        default: bool,
        status: Option<Status>,
        source: Option<String>,
    ) -> ChangeRule {
        let compare = compare.unwrap_or(match method {
            ChangeMethod::Points { .. } => Compare::AtLeast,
            ChangeMethod::JacobsonTruax { .. } => Compare::MoreThan,
        });
        ChangeRule {
            id,
            scale,
            scale_index,
            higher_is,
            informant,
            versions,
            method,
            compare,
            default,
            status,
            source,
        }
    }

    /// The convention's name (`cyp-iapt-2015`).
    pub fn id(&self) -> &str {
        &self.id
    }
    /// The scale.
    pub fn scale(&self) -> &str {
        &self.scale
    }
    /// The informant it is for (`None`: all).
    pub fn informant(&self) -> Option<&str> {
        self.informant.as_deref()
    }
    /// The forms it is for (empty: all).
    pub fn versions(&self) -> &[String] {
        &self.versions
    }
    /// Points or Jacobson–Truax.
    pub fn method(&self) -> ChangeMethod {
        self.method
    }
    /// Whether the threshold itself counts as reliable.
    pub fn compare(&self) -> Compare {
        self.compare
    }
    /// Whether it is the scale's default convention.
    pub fn is_default(&self) -> bool {
        self.default
    }
    /// Verification status.
    pub fn status(&self) -> Option<Status> {
        self.status
    }
    /// Source.
    pub fn source(&self) -> Option<&str> {
        self.source.as_deref()
    }

    /// The smallest reliable change in points: the published threshold, or
    /// `z · SD · √(2 (1 − r))`.
    pub fn threshold(&self) -> f64 {
        match self.method {
            ChangeMethod::Points { threshold } => threshold,
            ChangeMethod::JacobsonTruax { jt, z } => jt.threshold(z),
        }
    }

    /// The reliable change index for Jacobson–Truax rules; `None` for points thresholds.
    pub fn rci(&self, pre: f64, post: f64) -> Option<f64> {
        match self.method {
            ChangeMethod::Points { .. } => None,
            ChangeMethod::JacobsonTruax { jt, .. } => Some(jt.rci(pre, post)),
        }
    }

    /// Whether `pre → post` is a reliable improvement, a reliable deterioration, or neither.
    ///
    /// Points thresholds compare exactly on the decimal values (25.0 − 24.9 is 0.1, not
    /// 0.10000000000000142), so a change equal to the threshold is decided by the rule's
    /// [`Compare`], never by rounding error.
    ///
    /// ```
    /// use indsats::instruments::{builtin, ChangeClass};
    /// let cors = builtin("cors").unwrap();
    /// // CASES 8c: 30.0 → 24.0 is reliable with the developers' 5, not with CYP-IAPT's 10
    /// let miller = cors.change_rule("total", None, Some("miller2003")).unwrap();
    /// assert_eq!(miller.classify(30.0, 24.0), ChangeClass::Deteriorated);
    /// let iapt = cors.change_rule("total", None, Some("cyp-iapt-2015")).unwrap();
    /// assert_eq!(iapt.classify(30.0, 24.0), ChangeClass::Unchanged);
    /// ```
    pub fn classify(&self, pre: f64, post: f64) -> ChangeClass {
        let diff = post - pre;
        let reliable = match self.method {
            ChangeMethod::Points { threshold } => {
                match (
                    Exact::from_f64(pre),
                    Exact::from_f64(post),
                    Exact::from_f64(threshold),
                ) {
                    (Some(a), Some(b), Some(t)) => {
                        let d = (b - a).abs();
                        match self.compare {
                            Compare::AtLeast => d >= t,
                            Compare::MoreThan => d > t,
                        }
                    }
                    _ => match self.compare {
                        Compare::AtLeast => diff.abs() >= threshold,
                        Compare::MoreThan => diff.abs() > threshold,
                    },
                }
            }
            ChangeMethod::JacobsonTruax { jt, z } => {
                let r = jt.rci(pre, post).abs();
                match self.compare {
                    Compare::AtLeast => r >= z,
                    Compare::MoreThan => r > z,
                }
            }
        };
        if !reliable || diff == 0.0 {
            return ChangeClass::Unchanged;
        }
        let up = diff > 0.0;
        match (up, self.higher_is) {
            (true, Direction::Better) | (false, Direction::Worse) => ChangeClass::Improved,
            _ => ChangeClass::Deteriorated,
        }
    }
}
