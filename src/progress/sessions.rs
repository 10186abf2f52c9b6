//! Session by session (FIT): each person's scores by session number, the mean per
//! session, and the change from the first to the last session.

use super::followup::Observation;
use super::rci::ChangeClass;
use crate::effects::{PrePost, PrePostFit};
use crate::error::Result;
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};

/// The mean score at one session number.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct SessionMean {
    /// The session number.
    pub session: u32,
    /// Persons with a score at it.
    pub n: usize,
    /// Their mean.
    pub mean: f64,
}

/// A group's scores session by session.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SessionSummary {
    /// Persons with at least one scored session.
    pub n_persons: usize,
    /// Persons with at least two (a first and a last).
    pub n_two_or_more: usize,
    /// Observations without a session number (not used here).
    pub without_session: usize,
    /// The mean per session number, in order.
    pub sessions: Vec<SessionMean>,
    /// First to last session among those with two or more (`None` with fewer than 2).
    pub first_to_last: Option<PrePostFit>,
    /// Reliable-change classes of first to last (empty without a classifier).
    pub classes: BTreeMap<ChangeClass, usize>,
    /// Each person's (session, score), in session order.
    #[serde(skip)]
    pub people: Vec<Vec<(u32, f64)>>,
}

/// Summarises scores by session number. A person's repeated session number keeps the
/// first-dated score.
///
/// ```
/// use chrono::NaiveDate;
/// use indsats::progress::{by_session, Observation};
/// let d = NaiveDate::from_ymd_opt(2023, 1, 1).unwrap();
/// let o = |p: &str, s, v| Observation { person_id: p.into(), date: d, value: v, session: Some(s) };
/// let s = by_session(&[o("A", 1, 20.0), o("A", 2, 26.0), o("B", 1, 22.0), o("B", 3, 30.0)], None).unwrap();
/// assert_eq!(s.sessions[0].mean, 21.0);
/// assert_eq!(s.first_to_last.unwrap().mean_change, 7.0);
/// ```
///
/// # Errors
/// None in practice (the paired comparison's errors are not reachable with finite scores).
pub fn by_session(
    observations: &[Observation],
    classify: Option<&dyn Fn(f64, f64) -> ChangeClass>,
) -> Result<SessionSummary> {
    let mut per_person: HashMap<&str, BTreeMap<u32, (chrono::NaiveDate, f64)>> = HashMap::new();
    let mut without_session = 0;
    for o in observations.iter().filter(|o| o.value.is_finite()) {
        let Some(s) = o.session else {
            without_session += 1;
            continue;
        };
        let e = per_person
            .entry(o.person_id.as_str())
            .or_default()
            .entry(s)
            .or_insert((o.date, o.value));
        if o.date < e.0 {
            *e = (o.date, o.value);
        }
    }
    let mut ids: Vec<&str> = per_person.keys().copied().collect();
    ids.sort_unstable();
    let people: Vec<Vec<(u32, f64)>> = ids
        .iter()
        .map(|id| per_person[id].iter().map(|(s, (_, v))| (*s, *v)).collect())
        .collect();
    let mut by_number: BTreeMap<u32, (usize, f64)> = BTreeMap::new();
    for p in &people {
        for (s, v) in p {
            let e = by_number.entry(*s).or_insert((0, 0.0));
            e.0 += 1;
            e.1 += v;
        }
    }
    let (mut first, mut last) = (Vec::new(), Vec::new());
    for p in people.iter().filter(|p| p.len() >= 2) {
        first.push(p[0].1);
        last.push(p[p.len() - 1].1);
    }
    let mut classes = BTreeMap::new();
    if let Some(classify) = classify {
        for (a, b) in first.iter().zip(&last) {
            *classes.entry(classify(*a, *b)).or_insert(0) += 1;
        }
    }
    Ok(SessionSummary {
        n_persons: people.len(),
        n_two_or_more: first.len(),
        without_session,
        sessions: by_number
            .into_iter()
            .map(|(session, (n, s))| SessionMean {
                session,
                n,
                mean: s / n as f64,
            })
            .collect(),
        first_to_last: (first.len() >= 2)
            .then(|| PrePost::default().fit(&first, &last))
            .transpose()?,
        classes,
        people,
    })
}
