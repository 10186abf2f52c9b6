//! A district × half-year panel from a municipality's data, for the staggered design:
//! when a measure is rolled out district by district, the districts are the units.

use super::staggered::StaggeredPanel;
use crate::data::Dataset;
use crate::error::{Error, Result};
use chrono::{Datelike, NaiveDate};
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};

/// What the district panel measures in each district and half-year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DistrictOutcome {
    /// Kroner booked in the ledger on the district's children in the half-year, per child
    /// living in the district (all accounts with a person, the programme's own per-child
    /// line included).
    #[default]
    CostPerChild,
    /// Share of the district's children with any cost booked in the half-year.
    ShareWithCost,
}

/// How to build the panel: when the measure started in which district, and the outcome.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct DistrictPanelSpec {
    /// (district, first day of the measure there). Districts not named are never treated.
    pub starts: Vec<(String, NaiveDate)>,
    /// The outcome.
    pub outcome: DistrictOutcome,
}

/// The panel and what went into it.
#[derive(Debug, Clone, PartialEq)]
pub struct DistrictPanel {
    /// One row per district and half-year; `time` numbers the half-years from 1 (the
    /// first half of the data's first year), `cohort` is the half-year holding the
    /// district's start (0: never).
    pub panel: StaggeredPanel,
    /// The label of half-year k (`"2018H1"`) at index k − 1.
    pub periods: Vec<String>,
    /// Children (0–17 at the half-year's middle, 1 April or 1 October) per row.
    pub children: Vec<usize>,
    /// Kroner in the ledger without a person or with a person of no known district: not
    /// in any district's outcome.
    pub unattributed_cost: f64,
}

fn half_year(d: NaiveDate, first_year: i32) -> i64 {
    i64::from(d.year() - first_year) * 2 + i64::from(d.month() > 6) + 1
}

/// Builds the district × half-year panel of `spec.outcome` from `data`.
///
/// ```text
/// period k = 2·(year − first year) + 1{month > 6} + 1, from the data's start to its cutoff
/// children_dk = persons of district d aged 0–17 on 1 April (H1) or 1 October (H2)
/// cost per child_dk = Σ ledger amounts of d's persons in k / children_dk
/// cohort_d = the half-year holding d's start (a start inside a half-year makes that
///   half-year the first treated one, partly treated)
/// ```
///
/// A row with no children has no outcome and is left out (so that district is left out of
/// the staggered estimate as unbalanced, with a warning).
///
/// ```
/// use indsats::effects::{district_panel, DistrictPanelSpec, StaggeredDid};
/// let data = indsats::datasets::example().unwrap();
/// let d = |s: &str| chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
/// let spec = DistrictPanelSpec {
///     starts: vec![("D03".into(), d("2018-01-01")), ("D05".into(), d("2018-01-01"))],
///     ..Default::default()
/// };
/// let p = district_panel(&data, &spec).unwrap();
/// assert_eq!(p.periods[6], "2018H1");
/// let fit = StaggeredDid::new().fit(&p.panel).unwrap();
/// assert_eq!(fit.n.units, 12);
/// ```
///
/// # Errors
/// A district in `starts` that no person lives in, or named twice; no person with a
/// district and a birth date.
pub fn district_panel(data: &Dataset, spec: &DistrictPanelSpec) -> Result<DistrictPanel> {
    let first_year = data.start.year();
    let last = half_year(data.cutoff, first_year);
    let mut district_of: HashMap<&str, &str> = HashMap::new();
    let mut districts: BTreeMap<&str, ()> = BTreeMap::new();
    for p in &data.persons.rows {
        if let Some(d) = p.district.as_deref() {
            district_of.insert(p.person_id.as_str(), d);
            districts.insert(d, ());
        }
    }
    if districts.is_empty() {
        return Err(Error::analysis(
            "no person has a district; a district panel needs the persons' district column",
        ));
    }
    let mut cohort: HashMap<&str, i64> = HashMap::new();
    for (d, start) in &spec.starts {
        if !districts.contains_key(d.as_str()) {
            return Err(Error::parameter(
                "starts",
                format!(
                    "district \"{d}\" has no persons; the districts are {}",
                    districts.keys().copied().collect::<Vec<_>>().join(", ")
                ),
            ));
        }
        if cohort
            .insert(d.as_str(), half_year(*start, first_year))
            .is_some()
        {
            return Err(Error::parameter(
                "starts",
                format!("district \"{d}\" is named twice"),
            ));
        }
    }
    let index: HashMap<&str, usize> = districts.keys().enumerate().map(|(i, d)| (*d, i)).collect();
    let nd = districts.len();
    let nk = last.max(1) as usize;
    let mut children = vec![vec![0usize; nk]; nd];
    for p in &data.persons.rows {
        let (Some(d), Some(born)) = (p.district.as_deref(), p.birth_date) else {
            continue;
        };
        // the 18th birthday; 1 March for a child born on 29 February
        let adult = born
            .with_year(born.year() + 18)
            .or_else(|| NaiveDate::from_ymd_opt(born.year() + 18, 3, 1))
            .unwrap_or(NaiveDate::MAX);
        for (k, count) in children[index[d]].iter_mut().enumerate() {
            let year = first_year + (k / 2) as i32;
            let mid = NaiveDate::from_ymd_opt(year, if k % 2 == 0 { 4 } else { 10 }, 1)
                .expect("a valid date");
            if born <= mid && mid < adult {
                *count += 1;
            }
        }
    }
    let mut cost = vec![vec![0.0; nk]; nd];
    let mut persons_with_cost: Vec<Vec<std::collections::HashSet<&str>>> =
        vec![vec![Default::default(); nk]; nd];
    let mut unattributed = 0.0;
    for c in &data.costs.rows {
        let k = half_year(c.month.first_day(), first_year);
        if k < 1 || k > nk as i64 {
            continue;
        }
        match c
            .person_id
            .as_deref()
            .and_then(|p| district_of.get(p).map(|d| (p, d)))
        {
            Some((p, d)) => {
                cost[index[d]][k as usize - 1] += c.amount;
                persons_with_cost[index[d]][k as usize - 1].insert(p);
            }
            None => unattributed += c.amount,
        }
    }
    let mut panel = StaggeredPanel {
        outcome: match spec.outcome {
            DistrictOutcome::CostPerChild => "cost_per_child".into(),
            DistrictOutcome::ShareWithCost => "share_with_cost".into(),
        },
        ..Default::default()
    };
    let mut kids = Vec::new();
    for (d, &i) in &index {
        for k in 0..nk {
            let n = children[i][k];
            if n == 0 {
                panel.excluded += 1;
                continue;
            }
            panel.id.push((*d).to_string());
            panel.time.push((k + 1) as f64);
            panel
                .cohort
                .push(cohort.get(d).copied().unwrap_or(0) as f64);
            panel.y.push(match spec.outcome {
                DistrictOutcome::CostPerChild => cost[i][k] / n as f64,
                DistrictOutcome::ShareWithCost => persons_with_cost[i][k].len() as f64 / n as f64,
            });
            kids.push(n);
        }
    }
    if panel.excluded > 0 {
        panel.warnings.push(format!(
            "{} district half-years without children have no outcome and were left out",
            panel.excluded
        ));
    }
    Ok(DistrictPanel {
        panel,
        periods: (0..nk)
            .map(|k| format!("{}H{}", first_year + (k / 2) as i32, k % 2 + 1))
            .collect(),
        children: kids,
        unattributed_cost: unattributed,
    })
}
