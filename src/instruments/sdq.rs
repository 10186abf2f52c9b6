//! SDQ-specific scores beyond the questionnaire format: the Added Value score.

use super::score::Scores;
use crate::error::{Error, Result};
use serde::Serialize;

/// The SDQ Added Value score (Ford et al. 2009): how much more a child's parent-rated total
/// difficulties fell than predicted from the first assessment.
///
/// ```text
/// predicted T2 = 2.3 + 0.8 · T1 total + 0.2 · T1 impact − 0.3 · T1 emotional
/// added value  = predicted T2 − T2 total                    (positive: better than predicted)
/// computed in integer tenths: AV10 = 23 + 8·T1total + 2·T1impact − 3·T1emotional − 10·T2total
/// effect size  = added value / 5                            (the SD Youthinmind gives)
/// ```
/// For one child the 95 % interval is about ±10 points: report it as a group mean (about ±1
/// for n = 100). It was derived in high-risk children and overstates benefit in low-risk ones.
///
/// # Example (CASES.md case 10)
/// ```
/// use indsats::instruments::AddedValue;
/// let av = AddedValue::new(Some(12.0), Some(0.0), Some(2.0), Some(13.0))?.unwrap();
/// assert_eq!(av.tenths(), -17);
/// assert_eq!(av.value(), -1.7); // not −1.6999999999999975
/// assert_eq!(av.effect_size(), -0.34);
/// assert!(AddedValue::new(Some(20.0), None, Some(6.0), Some(14.0))?.is_none());
/// # Ok::<(), indsats::Error>(())
/// ```
///
/// # Errors
/// [`ErrorKind::InvalidParameter`](crate::ErrorKind::InvalidParameter) for a score that is
/// not a whole number in its range (totals 0–40, impact and emotional 0–10).
///
/// # References
/// Ford T, Hutchings J, Bywater T, Goodman A, Goodman R (2009). Strengths and Difficulties
/// Questionnaire Added Value Scores: evaluating effectiveness in child mental health
/// interventions. *Br J Psychiatry* 194:552–558. sdqinfo.com/e10.html.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct AddedValue {
    tenths: i32,
}

impl AddedValue {
    /// From the four scores; `None` when any is missing (all four are required).
    pub fn new(
        t1_total: Option<f64>,
        t1_impact: Option<f64>,
        t1_emotional: Option<f64>,
        t2_total: Option<f64>,
    ) -> Result<Option<AddedValue>> {
        let whole = |name: &str, x: Option<f64>, max: f64| -> Result<Option<i32>> {
            match x {
                None => Ok(None),
                Some(v) if v.fract() == 0.0 && (0.0..=max).contains(&v) => Ok(Some(v as i32)),
                Some(v) => Err(Error::parameter(
                    name,
                    format!("{v} is not a whole number from 0 to {max}"),
                )),
            }
        };
        let (a, b, c, d) = (
            whole("t1_total", t1_total, 40.0)?,
            whole("t1_impact", t1_impact, 10.0)?,
            whole("t1_emotional", t1_emotional, 10.0)?,
            whole("t2_total", t2_total, 40.0)?,
        );
        Ok(match (a, b, c, d) {
            (Some(t1), Some(i), Some(e), Some(t2)) => Some(AddedValue {
                tenths: 23 + 8 * t1 + 2 * i - 3 * e - 10 * t2,
            }),
            _ => None,
        })
    }

    /// From two parent SDQ scorings, first and follow-up.
    ///
    /// # Errors
    /// When either is not an SDQ parent form.
    pub fn from_scores(t1: &Scores, t2: &Scores) -> Result<Option<AddedValue>> {
        for s in [t1, t2] {
            if s.instrument != "sdq" || s.informant.as_deref() != Some("parent") {
                return Err(Error::parameter(
                    "added value",
                    format!(
                        "is defined for the parent SDQ, not {} {}",
                        s.instrument,
                        s.informant.as_deref().unwrap_or("(informant unknown)")
                    ),
                ));
            }
        }
        AddedValue::new(
            t1.value("total_difficulties"),
            t1.value("impact"),
            t1.value("emotional"),
            t2.value("total_difficulties"),
        )
    }

    /// The score in tenths of a point, exactly.
    pub fn tenths(&self) -> i32 {
        self.tenths
    }

    /// The score in points.
    pub fn value(&self) -> f64 {
        self.tenths as f64 / 10.0
    }

    /// The score divided by 5, the SD Youthinmind gives.
    pub fn effect_size(&self) -> f64 {
        self.tenths as f64 / 50.0
    }
}
