//! Reliable (or meaningful) change thresholds on an instrument's scales.
//!
//! Two kinds of threshold exist in practice (SPEC §1.10, §2.4, §3.3, §4), and several
//! conventions per instrument, so each is a named [`ChangeRule`] in the instrument's file:
//!
//! ```text
//! points             reliable if |post − pre| ≥ threshold        (e.g. ORS 5, WHO-5 10 %-points)
//! Jacobson–Truax     S_diff  = SD · √(2 (1 − r)),  RCI = (post − pre) / S_diff
//!                    reliable if |RCI| > z (1.96), i.e. |post − pre| > z · S_diff
//! ```
//! The scale's direction turns a reliable change into an improvement or a deterioration;
//! with a clinical cut-off, a reliable improvement from the clinical to the functional side
//! is a recovery. Jacobson–Truax rules are [`progress::ReliableChange`] values, so the
//! instrument's thresholds and the progression module's classes are one computation.

use super::definition::{Compare, HigherIs, Status};
use super::exact::Exact;
use crate::progress::{self, ChangeClass, Direction, ReliableChange};
use serde::Serialize;

/// How a rule measures change.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(tag = "method", rename_all = "snake_case")]
pub enum ChangeMethod {
    /// A published threshold in score points.
    Points {
        /// The threshold.
        threshold: f64,
    },
    /// Jacobson–Truax from an SD and a reliability (and a critical value, 1.96).
    JacobsonTruax {
        /// The reliable change parameters.
        rc: ReliableChange,
    },
}

/// A named change threshold for one scale (and optionally one informant).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ChangeRule {
    pub(crate) id: String,
    scale: String,
    #[serde(skip)]
    pub(crate) scale_index: usize,
    direction: Direction,
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
        higher_is: HigherIs,
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
            direction: higher_is.direction(),
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
    /// Which way is better on the scale.
    pub fn direction(&self) -> Direction {
        self.direction
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
    /// The Jacobson–Truax parameters, for [`progress::classify`]; `None` for a points rule.
    pub fn reliable_change(&self) -> Option<ReliableChange> {
        match self.method {
            ChangeMethod::Points { .. } => None,
            ChangeMethod::JacobsonTruax { rc } => Some(rc),
        }
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
    ///
    /// ```
    /// let sdq = indsats::instruments::builtin("sdq").unwrap();
    /// let peer = sdq.change_rule("peer", Some("self"), Some("cyp-iapt-2015")).unwrap();
    /// assert_eq!(peer.threshold(), 5.0);
    /// ```
    pub fn threshold(&self) -> f64 {
        match self.method {
            ChangeMethod::Points { threshold } => threshold,
            ChangeMethod::JacobsonTruax { rc } => rc.minimum_change(),
        }
    }

    /// The reliable change index for Jacobson–Truax rules; `None` for points thresholds.
    pub fn rci(&self, pre: f64, post: f64) -> Option<f64> {
        self.reliable_change().map(|rc| rc.rci(pre, post))
    }

    /// Whether `pre → post` is a reliable change, and with a clinical cut-off whether it is
    /// a recovery: [`ChangeClass::Recovered`] (reliable improvement from the clinical side
    /// to the functional side, a score at the cut-off counting as functional),
    /// [`ChangeClass::Improved`], [`ChangeClass::Unchanged`] or
    /// [`ChangeClass::Deteriorated`].
    ///
    /// ```text
    /// points            reliable if |post − pre| ≥ threshold (> with compare = "more_than"),
    ///                   compared exactly on the decimal values
    /// Jacobson–Truax    progress::classify: reliable if |RCI| > z
    /// ```
    ///
    /// ```
    /// use indsats::instruments::builtin;
    /// use indsats::progress::ChangeClass;
    /// let cors = builtin("cors").unwrap();
    /// // CASES 8c: 30.0 → 24.0 is reliable with the developers' 5, not with CYP-IAPT's 10
    /// let miller = cors.change_rule("total", None, Some("miller2003")).unwrap();
    /// assert_eq!(miller.classify(30.0, 24.0, Some(32.0)), ChangeClass::Deteriorated);
    /// let iapt = cors.change_rule("total", None, Some("cyp-iapt-2015")).unwrap();
    /// assert_eq!(iapt.classify(30.0, 24.0, Some(32.0)), ChangeClass::Unchanged);
    /// // CASES 8d: 24.9 → 25.0 crosses the adult cut-off but is not reliable
    /// let ors = builtin("ors").unwrap().change_rule("total", None, None).unwrap();
    /// assert_eq!(ors.classify(24.9, 25.0, Some(25.0)), ChangeClass::Unchanged);
    /// ```
    ///
    /// # References
    /// Jacobson & Truax (1991); points conventions as SPEC §1.10, §2.4, §3.3 cite them.
    pub fn classify(&self, pre: f64, post: f64, cutoff: Option<f64>) -> ChangeClass {
        let threshold = match self.method {
            ChangeMethod::JacobsonTruax { rc } => {
                return progress::classify(&rc, cutoff, pre, post).class
            }
            ChangeMethod::Points { threshold } => threshold,
        };
        let sign = match self.direction {
            Direction::HigherIsBetter => 1,
            Direction::LowerIsBetter => -1,
        };
        let exact = (
            Exact::from_f64(pre),
            Exact::from_f64(post),
            Exact::from_f64(threshold),
            cutoff.map(Exact::from_f64),
        );
        let (reliable, healthy, clinical_pre, functional_post) = match exact {
            (Some(a), Some(b), Some(t), c) if c.is_none_or(|c| c.is_some()) => {
                let d = b - a;
                let reliable = match self.compare {
                    Compare::AtLeast => d.abs() >= t,
                    Compare::MoreThan => d.abs() > t,
                };
                let healthy = (sign > 0 && d > Exact::ZERO) || (sign < 0 && d < Exact::ZERO);
                let functional = |x: Exact, c: Exact| if sign > 0 { x >= c } else { x <= c };
                let c = c.flatten();
                (
                    reliable,
                    healthy,
                    c.map(|c| !functional(a, c)),
                    c.map(|c| functional(b, c)),
                )
            }
            _ => {
                let d = post - pre;
                let reliable = match self.compare {
                    Compare::AtLeast => d.abs() >= threshold,
                    Compare::MoreThan => d.abs() > threshold,
                };
                let s = sign as f64;
                let functional = |x: f64, c: f64| s * (x - c) >= 0.0;
                (
                    reliable,
                    s * d > 0.0,
                    cutoff.map(|c| !functional(pre, c)),
                    cutoff.map(|c| functional(post, c)),
                )
            }
        };
        match (reliable, healthy) {
            (false, _) => ChangeClass::Unchanged,
            (true, false) => ChangeClass::Deteriorated,
            (true, true) if clinical_pre == Some(true) && functional_post == Some(true) => {
                ChangeClass::Recovered
            }
            (true, true) => ChangeClass::Improved,
        }
    }
}
