//! Age at first measure and at first placement.
//!
//! # Definitions
//! ```text
//! first measure:   a person's earliest episode start on any level of the staircase
//! first placement: a person's earliest episode start on a placement level
//! age (years)      = (first start - birth_date) in days / 365.25
//!                    where only birth_year is known, birth_date = 1 July of that year
//! mean, median and quartiles (type 7, as R's quantile()) over persons with an age;
//! persons with no birth date or year, or with no row in persons, are counted apart, as
//! are first starts before birth (prenatal measures)
//! ```
//! Episodes whose level the staircase does not know, or that start after the cut-off, are
//! not used. The data's first measure is the first in the extract: a person whose earlier
//! measures ended before the extract begins looks older at "first" measure than they were.
//!
//! # Example
//! ```
//! use chrono::NaiveDate;
//! use indsats::data::{Episode, Person, Persons};
//! use indsats::staircase::{ages, Staircase};
//!
//! let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
//! let person = |id: &str, born| Person {
//!     person_id: id.into(), birth_date: Some(born), birth_year: None, sex: None,
//!     district: None, covariates: vec![], dates: vec![], row: 2,
//! };
//! let ep = |id: &str, measure: &str, level: &str, start| Episode {
//!     person_id: id.into(), measure: measure.into(), level: level.into(),
//!     legal_basis: None, provider: None, start_date: start, end_date: None,
//!     end_reason: None, daily_cost: None, monthly_cost: None, row: 2,
//! };
//! let persons = Persons {
//!     rows: vec![person("a", d(2010, 1, 1)), person("b", d(2012, 1, 1))],
//!     ..Persons::default()
//! };
//! let episodes = vec![
//!     ep("a", "familiebehandling", "home", d(2016, 1, 1)),
//!     ep("a", "plejefamilie", "foster", d(2020, 1, 1)),
//!     ep("b", "familiebehandling", "home", d(2020, 1, 1)),
//! ];
//! let a = ages(&episodes, &persons, &Staircase::danish_default(), d(2024, 12, 31));
//! assert_eq!(a.first_measure.with_age, 2);
//! assert_eq!(a.first_placement.with_age, 1);
//! // a was 3652 days old at the placement: 10 years less 0.5 day
//! assert!((a.first_placement.mean.unwrap() - 3652.0 / 365.25).abs() < 1e-12);
//! ```

use super::Staircase;
use crate::data::{Episode, Persons};
use crate::effects::quantile7;
use chrono::NaiveDate;
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};

/// Ages at first measure and at first placement.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Ages {
    /// Age at the first measure of any kind.
    pub first_measure: AgeSummary,
    /// Age at the first placement.
    pub first_placement: AgeSummary,
}

/// Ages in years of one group of persons.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AgeSummary {
    /// Persons with such a first start.
    pub persons: usize,
    /// Of these, with an age.
    pub with_age: usize,
    /// With no birth date or year (or no row in persons).
    pub without_birth_date: usize,
    /// Of those with an age, aged from the birth year alone (born 1 July assumed).
    pub birth_year_only: usize,
    /// First start before birth (not in the summary).
    pub before_birth: usize,
    /// Mean age.
    pub mean: Option<f64>,
    /// Median age.
    pub median: Option<f64>,
    /// First quartile.
    pub q1: Option<f64>,
    /// Third quartile.
    pub q3: Option<f64>,
    /// Youngest.
    pub min: Option<f64>,
    /// Oldest.
    pub max: Option<f64>,
}

/// Ages at first measure and first placement; see the module docs.
pub fn ages(
    episodes: &[Episode],
    persons: &Persons,
    staircase: &Staircase,
    cutoff: NaiveDate,
) -> Ages {
    let mut first_measure: BTreeMap<&str, NaiveDate> = BTreeMap::new();
    let mut first_placement: BTreeMap<&str, NaiveDate> = BTreeMap::new();
    for e in episodes.iter().filter(|e| e.start_date <= cutoff) {
        let Some(level) = staircase.level(&e.level) else {
            continue;
        };
        let m = first_measure.entry(&e.person_id).or_insert(e.start_date);
        *m = (*m).min(e.start_date);
        if level.placement {
            let p = first_placement.entry(&e.person_id).or_insert(e.start_date);
            *p = (*p).min(e.start_date);
        }
    }
    let born: HashMap<&str, (NaiveDate, bool)> = persons
        .rows
        .iter()
        .filter_map(|p| {
            let b = match (p.birth_date, p.birth_year) {
                (Some(d), _) => Some((d, false)),
                (None, Some(y)) => NaiveDate::from_ymd_opt(y, 7, 1).map(|d| (d, true)),
                (None, None) => None,
            };
            b.map(|b| (p.person_id.as_str(), b))
        })
        .collect();
    Ages {
        first_measure: summarise(&first_measure, &born),
        first_placement: summarise(&first_placement, &born),
    }
}

fn summarise(
    first: &BTreeMap<&str, NaiveDate>,
    born: &HashMap<&str, (NaiveDate, bool)>,
) -> AgeSummary {
    let (mut without, mut year_only, mut before) = (0, 0, 0);
    let mut ages: Vec<f64> = Vec::new();
    for (id, start) in first {
        let Some(&(b, approx)) = born.get(id) else {
            without += 1;
            continue;
        };
        let days = (*start - b).num_days();
        if days < 0 {
            before += 1;
            continue;
        }
        year_only += usize::from(approx);
        ages.push(days as f64 / 365.25);
    }
    ages.sort_by(f64::total_cmp);
    let q = |p: f64| (!ages.is_empty()).then(|| quantile7(&ages, p));
    AgeSummary {
        persons: first.len(),
        with_age: ages.len(),
        without_birth_date: without,
        birth_year_only: year_only,
        before_birth: before,
        mean: (!ages.is_empty()).then(|| ages.iter().sum::<f64>() / ages.len() as f64),
        median: q(0.5),
        q1: q(0.25),
        q3: q(0.75),
        min: ages.first().copied(),
        max: ages.last().copied(),
    }
}
