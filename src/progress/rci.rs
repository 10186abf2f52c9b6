//! Jacobson & Truax (1991): reliable and clinically significant change.

use crate::error::{Error, Result};
use serde::{Deserialize, Serialize};

/// Which way is better on a scale.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    /// Higher scores are better (WHO-5, ORS).
    HigherIsBetter,
    /// Lower scores are better (SDQ difficulties).
    LowerIsBetter,
}

impl Direction {
    /// +1 when higher is better, −1 when lower is better.
    pub fn sign(self) -> f64 {
        match self {
            Direction::HigherIsBetter => 1.0,
            Direction::LowerIsBetter => -1.0,
        }
    }
}

/// The reliable change of a scale: the measurement error of a difference of two scores.
///
/// ```text
/// SE = s · √(1 − r);   S_diff = √2 · SE;   RCI = (post − pre) / S_diff
/// reliable when |RCI| > z (1.96); minimum reliable change = z · S_diff points
/// ```
///
/// ```
/// use indsats::progress::{Direction, ReliableChange};
/// // CASES.md case 9: s = 6, r = 0.80
/// let rc = ReliableChange::new(6.0, 0.80, Direction::LowerIsBetter).unwrap();
/// assert!((rc.s_diff() - 3.7947331922).abs() < 1e-9);
/// assert!((rc.minimum_change() - 7.4376770567).abs() < 1e-9);
/// ```
///
/// # Errors
/// An SD that is not positive, a reliability outside [0, 1), a critical value that is not
/// positive.
///
/// # References
/// Jacobson, N. S. & Truax, P. (1991), J. Consult. Clin. Psychol. 59(1), 12–19; as R's
/// `clinicalsignificance` package computes it (`calc_rci_jt`, `calc_cutoff`,
/// `calc_categories`).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct ReliableChange {
    sd: f64,
    reliability: f64,
    critical: f64,
    direction: Direction,
}

impl ReliableChange {
    /// From the SD of pre scores (or a normative SD), the reliability and the direction;
    /// the critical value is 1.96 (p < .05, two-sided).
    ///
    /// # Errors
    /// See [`ReliableChange`].
    pub fn new(sd: f64, reliability: f64, direction: Direction) -> Result<ReliableChange> {
        ReliableChange {
            sd,
            reliability,
            critical: 1.96,
            direction,
        }
        .checked()
    }

    /// Sets the critical value of |RCI|.
    ///
    /// # Errors
    /// A value that is not positive.
    pub fn critical(mut self, z: f64) -> Result<ReliableChange> {
        self.critical = z;
        self.checked()
    }

    fn checked(self) -> Result<ReliableChange> {
        if !(self.sd > 0.0 && self.sd.is_finite()) {
            return Err(Error::parameter(
                "sd",
                format!("must be a positive number, not {}", self.sd),
            ));
        }
        if !(0.0..1.0).contains(&self.reliability) {
            return Err(Error::parameter(
                "reliability",
                format!("must lie in [0, 1), not {}", self.reliability),
            ));
        }
        if !(self.critical > 0.0 && self.critical.is_finite()) {
            return Err(Error::parameter(
                "critical",
                format!("must be a positive number, not {}", self.critical),
            ));
        }
        Ok(self)
    }

    /// Standard error of measurement, s·√(1 − r).
    pub fn se(&self) -> f64 {
        self.sd * (1.0 - self.reliability).sqrt()
    }

    /// Standard error of a difference, √2 · SE.
    pub fn s_diff(&self) -> f64 {
        (2.0 * self.se() * self.se()).sqrt()
    }

    /// The smallest change in points that is reliable.
    pub fn minimum_change(&self) -> f64 {
        self.critical * self.s_diff()
    }

    /// The reliable change index of a pre and post score.
    pub fn rci(&self, pre: f64, post: f64) -> f64 {
        (post - pre) / self.s_diff()
    }

    /// Which way is better.
    pub fn direction(&self) -> Direction {
        self.direction
    }
}

/// How the clinical cut-off is drawn between the clinical and the functional population.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CutoffCriterion {
    /// More than 2 SD beyond the clinical mean, in the healthy direction.
    A,
    /// Within 2 SD of the functional mean.
    B,
    /// Nearer the functional than the clinical mean: (s1·M0 + s0·M1)/(s1 + s0). The one to
    /// use when functional norms exist.
    C,
}

impl CutoffCriterion {
    /// The cut-off from the clinical population's mean and SD `(m1, s1)` and the functional
    /// population's `(m0, s0)` (not needed for criterion a).
    ///
    /// ```
    /// use indsats::progress::{CutoffCriterion, Direction};
    /// let lower = Direction::LowerIsBetter;
    /// let c = CutoffCriterion::C.cutoff((18.0, 6.0), Some((8.0, 5.0)), lower).unwrap();
    /// assert!((c - 138.0 / 11.0).abs() < 1e-12);
    /// assert_eq!(CutoffCriterion::A.cutoff((18.0, 6.0), None, lower).unwrap(), 6.0);
    /// assert_eq!(CutoffCriterion::B.cutoff((18.0, 6.0), Some((8.0, 5.0)), lower).unwrap(), 18.0);
    /// ```
    ///
    /// # Errors
    /// A functional population missing for b or c, or an SD that is not positive.
    pub fn cutoff(
        self,
        clinical: (f64, f64),
        functional: Option<(f64, f64)>,
        direction: Direction,
    ) -> Result<f64> {
        let (m1, s1) = clinical;
        if s1.is_nan() || s1 <= 0.0 {
            return Err(Error::parameter(
                "clinical SD",
                format!("must be positive, not {s1}"),
            ));
        }
        let sign = direction.sign();
        let need = || {
            functional.filter(|(_, s0)| *s0 > 0.0).ok_or_else(|| {
                Error::parameter(
                    "functional",
                    "criteria b and c need the functional population's mean and a positive SD",
                )
            })
        };
        Ok(match self {
            CutoffCriterion::A => m1 + sign * 2.0 * s1,
            CutoffCriterion::B => {
                let (m0, s0) = need()?;
                m0 - sign * 2.0 * s0
            }
            CutoffCriterion::C => {
                let (m0, s0) = need()?;
                (s1 * m0 + s0 * m1) / (s1 + s0)
            }
        })
    }
}

/// Jacobson & Truax's four classes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ChangeClass {
    /// Reliable improvement from the clinical to the functional side of the cut-off.
    Recovered,
    /// Reliable improvement, not recovered.
    Improved,
    /// No reliable change.
    Unchanged,
    /// Reliable change for the worse.
    Deteriorated,
}

/// One person's change, classified.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Classification {
    /// post − pre.
    pub change: f64,
    /// The reliable change index.
    pub rci: f64,
    /// Whether |RCI| exceeds the critical value.
    pub reliable: bool,
    /// Whether pre lies on the clinical side of the cut-off (`None` without a cut-off).
    pub clinical_pre: Option<bool>,
    /// Whether post lies on the functional side of the cut-off (`None` without a cut-off).
    pub functional_post: Option<bool>,
    /// The class.
    pub class: ChangeClass,
}

/// Classifies a change from `pre` to `post`. A score exactly at the cut-off counts as
/// functional; without a cut-off no one is recovered, and reliable improvement is
/// "improved".
///
/// ```
/// use indsats::progress::{classify, ChangeClass, Direction, ReliableChange};
/// let rc = ReliableChange::new(6.0, 0.80, Direction::LowerIsBetter).unwrap();
/// let c = classify(&rc, Some(138.0 / 11.0), 20.0, 11.0);
/// assert_eq!(c.class, ChangeClass::Recovered);
/// assert!((c.rci + 2.3717082451).abs() < 1e-9);
/// ```
pub fn classify(rc: &ReliableChange, cutoff: Option<f64>, pre: f64, post: f64) -> Classification {
    let rci = rc.rci(pre, post);
    let reliable = rci.abs() > rc.critical;
    let healthy = rc.direction.sign() * rci > 0.0;
    // Functional side: at or past the cut-off in the healthy direction.
    let functional = |x: f64, c: f64| rc.direction.sign() * (x - c) >= 0.0;
    let clinical_pre = cutoff.map(|c| !functional(pre, c));
    let functional_post = cutoff.map(|c| functional(post, c));
    let class = match (reliable, healthy) {
        (false, _) => ChangeClass::Unchanged,
        (true, false) => ChangeClass::Deteriorated,
        (true, true) if clinical_pre == Some(true) && functional_post == Some(true) => {
            ChangeClass::Recovered
        }
        (true, true) => ChangeClass::Improved,
    };
    Classification {
        change: post - pre,
        rci,
        reliable,
        clinical_pre,
        functional_post,
        class,
    }
}
