//! Baselines and follow-ups: for each person, the assessment that starts the trajectory and
//! those at 6, 12, 24 months, and what a group's changes add up to.

use super::rci::ChangeClass;
use crate::effects::{PrePost, PrePostFit, TwoGroup, TwoGroupFit};
use crate::error::{Error, Result};
use chrono::{Months, NaiveDate};
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};

/// One scored observation of one scale for one person.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Observation {
    /// The person.
    pub person_id: String,
    /// When it was taken.
    pub date: NaiveDate,
    /// The score.
    pub value: f64,
    /// The session number (FIT), where the assessment has one.
    pub session: Option<u32>,
}

/// Where baselines and follow-ups are looked for.
///
/// - baseline: the last observation from `baseline_days` before the start up to and
///   including the start day (or up to `baseline_days_after` after it, for intake
///   assessments made in the first weeks of a measure; default 0);
/// - follow-up at k months: the observation nearest to start + k months within
///   ± `tolerance_months` (the earlier of two equally near), and after the baseline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Windows {
    baseline_days: u32,
    baseline_days_after: u32,
    months: Vec<u32>,
    tolerance_months: u32,
}

impl Default for Windows {
    fn default() -> Self {
        Windows {
            baseline_days: 92,
            baseline_days_after: 0,
            months: vec![6, 12, 24],
            tolerance_months: 2,
        }
    }
}

impl Windows {
    /// Follow-up windows in months after the start (default 6, 12, 24), with a tolerance.
    ///
    /// # Errors
    /// No windows, a window of 0, windows not increasing, or a tolerance so wide that
    /// two windows overlap.
    pub fn new(months: Vec<u32>, tolerance_months: u32) -> Result<Windows> {
        if months.is_empty() || months.contains(&0) || months.windows(2).any(|w| w[0] >= w[1]) {
            return Err(Error::parameter(
                "windows_months",
                format!("must be increasing months above 0, not {months:?}"),
            ));
        }
        if months
            .windows(2)
            .any(|w| w[1] - w[0] <= 2 * tolerance_months)
            || tolerance_months >= months[0]
        {
            return Err(Error::parameter(
                "tolerance_months",
                format!("{tolerance_months} makes the windows {months:?} overlap each other or the start"),
            ));
        }
        Ok(Windows {
            months,
            tolerance_months,
            ..Windows::default()
        })
    }

    /// How many days before the start a baseline may lie (default 92).
    pub fn baseline_days(mut self, days: u32) -> Self {
        self.baseline_days = days;
        self
    }

    /// How many days after the start an intake assessment may still be the baseline
    /// (default 0: the baseline lies before or at the start).
    pub fn baseline_days_after(mut self, days: u32) -> Self {
        self.baseline_days_after = days;
        self
    }

    /// Days before the start a baseline may lie.
    pub fn baseline_days_before(&self) -> u32 {
        self.baseline_days
    }

    /// Days after the start an intake assessment may still be the baseline.
    pub fn baseline_days_after_start(&self) -> u32 {
        self.baseline_days_after
    }

    /// Months either side of a window.
    pub fn tolerance_months(&self) -> u32 {
        self.tolerance_months
    }

    /// The windows in months.
    pub fn months(&self) -> &[u32] {
        &self.months
    }
}

/// A dated score.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Point {
    /// When.
    pub date: NaiveDate,
    /// The score.
    pub value: f64,
}

/// One person's baseline and follow-ups.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Trajectory {
    /// The person.
    pub person_id: String,
    /// The start of the measure followed.
    pub start: NaiveDate,
    /// The baseline, if one lies in the window.
    pub baseline: Option<Point>,
    /// One entry per window of [`Windows::months`].
    pub follow_ups: Vec<Option<Point>>,
}

/// Each person's trajectory from their start date (one start per person).
///
/// ```
/// use chrono::NaiveDate;
/// use indsats::progress::{trajectories, Observation, Windows};
/// let d = |y, m, dd| NaiveDate::from_ymd_opt(y, m, dd).unwrap();
/// let obs = |date, value| Observation { person_id: "A".into(), date, value, session: None };
/// let t = trajectories(
///     &[("A".to_string(), d(2022, 1, 10))],
///     &[obs(d(2021, 12, 1), 20.0), obs(d(2022, 1, 10), 19.0), obs(d(2022, 7, 20), 15.0)],
///     &Windows::default(),
/// );
/// assert_eq!(t[0].baseline.unwrap().value, 19.0);
/// assert_eq!(t[0].follow_ups[0].unwrap().value, 15.0);
/// assert_eq!(t[0].follow_ups[1], None);
/// ```
pub fn trajectories(
    starts: &[(String, NaiveDate)],
    observations: &[Observation],
    windows: &Windows,
) -> Vec<Trajectory> {
    let mut by_person: HashMap<&str, Vec<Point>> = HashMap::new();
    for o in observations.iter().filter(|o| o.value.is_finite()) {
        by_person
            .entry(o.person_id.as_str())
            .or_default()
            .push(Point {
                date: o.date,
                value: o.value,
            });
    }
    for points in by_person.values_mut() {
        points.sort_by_key(|p| p.date);
    }
    let empty = Vec::new();
    starts
        .iter()
        .map(|(person, start)| {
            let points = by_person.get(person.as_str()).unwrap_or(&empty);
            // Saturating: a window wider than the calendar simply reaches its end.
            let days = |n: u32| chrono::Days::new(u64::from(n));
            let from = start
                .checked_sub_days(days(windows.baseline_days))
                .unwrap_or(NaiveDate::MIN);
            let until = start
                .checked_add_days(days(windows.baseline_days_after))
                .unwrap_or(NaiveDate::MAX);
            let baseline = points
                .iter()
                .rev()
                .find(|p| p.date <= until && p.date >= from)
                .copied();
            let follow_ups = windows
                .months
                .iter()
                .map(|&k| {
                    let baseline = baseline?;
                    let target = start.checked_add_months(Months::new(k))?;
                    let lo = target.checked_sub_months(Months::new(windows.tolerance_months))?;
                    let hi = target.checked_add_months(Months::new(windows.tolerance_months))?;
                    points
                        .iter()
                        .filter(|p| p.date >= lo && p.date <= hi && p.date > baseline.date)
                        .min_by_key(|p| ((p.date - target).num_days().abs(), p.date))
                        .copied()
                })
                .collect();
            Trajectory {
                person_id: person.clone(),
                start: *start,
                baseline,
                follow_ups,
            }
        })
        .collect()
}

/// What a group's trajectories add up to at one follow-up window.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct WindowSummary {
    /// Months after the start.
    pub months: u32,
    /// Persons with a start.
    pub n_started: usize,
    /// Persons with a baseline.
    pub n_baseline: usize,
    /// Persons with a baseline and this follow-up.
    pub n_followed: usize,
    /// Persons with a baseline but no follow-up here (attrition).
    pub n_lost: usize,
    /// The change from baseline among the followed (`None` with fewer than 2).
    pub change: Option<PrePostFit>,
    /// Reliable-change classes among the followed (empty without a reliable-change rule).
    pub classes: BTreeMap<ChangeClass, usize>,
    /// The same as shares of the followed.
    pub class_shares: BTreeMap<ChangeClass, f64>,
    /// Baseline scores of the followed against the lost (`None` with fewer than 2 in
    /// either): whether the follow-up sample differs from the baseline sample.
    pub attrition: Option<TwoGroupFit>,
}

/// Summarises trajectories window by window: mean change with its interval and paired
/// effect sizes, the reliable-change classes (from `classify(pre, post)`, e.g. a
/// Jacobson–Truax rule or an instrument's [`ChangeRule`](crate::instruments::ChangeRule)),
/// and attrition.
///
/// # Errors
/// Trajectories with a different number of windows than `windows`.
pub fn summarise(
    trajectories: &[Trajectory],
    windows: &Windows,
    classify: Option<&dyn Fn(f64, f64) -> ChangeClass>,
) -> Result<Vec<WindowSummary>> {
    if trajectories
        .iter()
        .any(|t| t.follow_ups.len() != windows.months.len())
    {
        return Err(Error::parameter(
            "trajectories",
            "were made with other windows",
        ));
    }
    let with_baseline: Vec<&Trajectory> = trajectories
        .iter()
        .filter(|t| t.baseline.is_some())
        .collect();
    windows
        .months
        .iter()
        .enumerate()
        .map(|(w, &months)| {
            let (mut pre, mut post, mut lost) = (Vec::new(), Vec::new(), Vec::new());
            for t in &with_baseline {
                let b = t.baseline.expect("filtered").value;
                match t.follow_ups[w] {
                    Some(f) => {
                        pre.push(b);
                        post.push(f.value);
                    }
                    None => lost.push(b),
                }
            }
            let mut classes = BTreeMap::new();
            if let Some(classify) = classify {
                for (a, b) in pre.iter().zip(&post) {
                    *classes.entry(classify(*a, *b)).or_insert(0) += 1;
                }
            }
            let class_shares = classes
                .iter()
                .map(|(k, n)| (*k, *n as f64 / pre.len() as f64))
                .collect();
            Ok(WindowSummary {
                months,
                class_shares,
                n_started: trajectories.len(),
                n_baseline: with_baseline.len(),
                n_followed: pre.len(),
                n_lost: lost.len(),
                change: (pre.len() >= 2)
                    .then(|| PrePost::default().fit(&pre, &post))
                    .transpose()?,
                classes,
                attrition: (pre.len() >= 2 && lost.len() >= 2)
                    .then(|| TwoGroup::default().fit(&pre, &lost))
                    .transpose()?,
            })
        })
        .collect()
}
