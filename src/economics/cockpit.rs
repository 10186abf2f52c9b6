//! The cockpit: the monthly economic steering panel (økonomisk styringsværktøj) a
//! municipality such as Varde keeps in a spreadsheet, computed from the ledger.
//!
//! # Definitions
//! ```text
//! amount[month][measure], cases[month][measure], source, measures, months:
//!                  as summary::spending (the ledger when it has rows, else the episodes'
//!                  rates; months = first ... last month, not after the cut-off month)
//! average[year][measure] = Σ_{months m of the year covered} amount[m][measure]
//!                          / (number of months of the year covered)
//! starts[month][measure] = #{ episodes of the measure with start_date in the month,
//!                            start_date <= cut-off }
//! stops[month][measure]  = #{ episodes of the measure with end_date in the month,
//!                            end_date <= cut-off }       (ongoing episodes never stop)
//! distribution (year Y, per measure):
//!     cases       = distinct persons with the measure in Y   (as summary::spending's years)
//!     case_share  = cases / Σ_measures cases                   (a person with two measures
//!                                                               counts in both)
//!     amount      = Σ_{months of Y} amount[m][measure]
//!     amount_share= amount / Σ_measures amount                 (null when that is 0)
//! annual cost of a citizen in year Y:
//!     ledger:   Σ of the ledger lines naming the person, booked in Y (up to the cut-off);
//!               lines naming no person cannot be attributed and are counted
//!     episodes: the person's episodes' rates times days active in Y (summary::spending
//!               on the person's episodes)
//! cost bands (every year): citizens with a cost line in Y, by annual cost, with
//!     economics::cost_bands and the edges given (default 0, 100 000, 250 000, 500 000,
//!     1 000 000, 2 000 000 kr.); a citizen whose refunds make the year's cost negative is
//!     left out and counted
//! age groups (year Y): age in whole years on the last day Y covers (31 December, or the
//!     cut-off); spending per group with economics::spend_by_group; groups from the age
//!     edges (default 0, 7, 13, 18, 23: 0-6, 7-12, 13-17, 18-22, 23+), then "unknown_age"
//!     (no birth date or year) and "no_person" (ledger lines naming no person), each only
//!     when it has spending
//! ```
//! The result keeps every count as it is; suppressing small counts (fewer than the
//! threshold, default 5) is done by the renderings ([`crate::report::build_cockpit`]),
//! which mark the cells they hide.
//!
//! # Example
//! ```
//! use indsats::economics::CockpitParams;
//! let data = indsats::datasets::example().unwrap();
//! let c = CockpitParams::new().year(2024).fit(&data).unwrap();
//! let dec = indsats::data::YearMonth { year: 2024, month: 12 };
//! let ledger: f64 = data.costs.rows.iter().filter(|r| r.month == dec).map(|r| r.amount).sum();
//! assert!((c.month(dec).unwrap().total - ledger).abs() < 0.005);
//! assert!(c.month(indsats::data::YearMonth { year: 2031, month: 1 }).is_err());
//! ```
//!
//! # Errors
//! A small-cell threshold of 0; cost-band edges that are not finite and strictly
//! increasing; age edges that do not start at 0 or do not increase; a year the data do not
//! cover; no spending at all (empty ledger and no episode up to the cut-off). The
//! accessors name a month outside the data and an unknown measure.
//!
//! # References
//! Varde Kommune's monthly steering panel for specialised children's services (the
//! spreadsheet this reproduces); the bands and shares as in `cost_bands` and
//! `spend_by_group`.

use super::tables::{cost_bands, spend_by_group, CostBandTable};
use crate::data::{CostEntry, Dataset, Episode, Person, TableKind, YearMonth};
use crate::error::{Error, Result};
use crate::staircase::Staircase;
use crate::summary::{spending, CostSource, DEFAULT_THRESHOLD};
use chrono::{Datelike, NaiveDate};
use serde::Serialize;
use std::collections::BTreeMap;

/// The default annual cost-band edges in kroner.
pub const DEFAULT_COST_BAND_EDGES: [f64; 6] = [
    0.0,
    100_000.0,
    250_000.0,
    500_000.0,
    1_000_000.0,
    2_000_000.0,
];

/// The default age edges: 0–6, 7–12, 13–17, 18–22, 23+.
pub const DEFAULT_AGE_EDGES: [u32; 5] = [0, 7, 13, 18, 23];

/// What the cockpit should show; checked before anything is computed.
#[derive(Debug, Clone, PartialEq)]
pub struct CockpitParams {
    year: Option<i32>,
    small_cell_threshold: usize,
    cost_band_edges: Vec<f64>,
    age_edges: Vec<u32>,
}

impl Default for CockpitParams {
    fn default() -> Self {
        CockpitParams {
            year: None,
            small_cell_threshold: DEFAULT_THRESHOLD,
            cost_band_edges: DEFAULT_COST_BAND_EDGES.to_vec(),
            age_edges: DEFAULT_AGE_EDGES.to_vec(),
        }
    }
}

impl CockpitParams {
    /// The defaults: the latest year, threshold 5, the default bands.
    pub fn new() -> CockpitParams {
        CockpitParams::default()
    }

    /// The year of the distribution and the age groups (default: the latest in the data).
    pub fn year(mut self, year: i32) -> Self {
        self.year = Some(year);
        self
    }

    /// Counts from 1 to this − 1 are hidden in the renderings (default 5; 1 hides nothing).
    pub fn small_cell_threshold(mut self, threshold: usize) -> Self {
        self.small_cell_threshold = threshold;
        self
    }

    /// The annual cost-band edges in kroner (lower edges; the last band is open).
    pub fn cost_band_edges(mut self, edges: Vec<f64>) -> Self {
        self.cost_band_edges = edges;
        self
    }

    /// The age edges in years (lower edges, starting at 0; the last group is open).
    pub fn age_edges(mut self, edges: Vec<u32>) -> Self {
        self.age_edges = edges;
        self
    }

    /// Checks the parameters.
    ///
    /// # Errors
    /// A threshold of 0; band edges empty, not finite or not strictly increasing; age
    /// edges empty, not starting at 0 or not strictly increasing.
    pub fn check(&self) -> Result<()> {
        if self.small_cell_threshold == 0 {
            return Err(Error::parameter(
                "small_cell_threshold",
                "must be at least 1 (1 shows every count); got 0",
            ));
        }
        let e = &self.cost_band_edges;
        if e.is_empty() || e.iter().any(|v| !v.is_finite()) || e.windows(2).any(|w| w[0] >= w[1]) {
            return Err(Error::parameter(
                "cost_band_edges",
                format!("band edges must be finite and strictly increasing; found {e:?}"),
            ));
        }
        let a = &self.age_edges;
        if a.first() != Some(&0) || a.windows(2).any(|w| w[0] >= w[1]) {
            return Err(Error::parameter(
                "age_edges",
                format!("age edges must start at 0 and increase; found {a:?}"),
            ));
        }
        Ok(())
    }

    /// The cockpit of a dataset (its episodes, ledger, persons, staircase, start and
    /// cut-off), with the rows validation left out counted.
    ///
    /// # Errors
    /// See the module docs.
    pub fn fit(&self, data: &Dataset) -> Result<Cockpit> {
        let mut c = self.fit_parts(
            &data.episodes.rows,
            &data.costs.rows,
            &data.persons.rows,
            &data.staircase,
            data.start,
            data.cutoff,
        )?;
        for t in &data.validation.tables {
            match t.table {
                TableKind::Costs => c.n.ledger_rows_excluded_by_validation = t.rows_excluded(),
                TableKind::Episodes => c.n.episodes_excluded_by_validation = t.rows_excluded(),
                TableKind::Persons => c.n.persons_excluded_by_validation = t.rows_excluded(),
                _ => {}
            }
        }
        Ok(c)
    }

    /// The cockpit from the tables themselves.
    ///
    /// # Errors
    /// See the module docs.
    pub fn fit_parts(
        &self,
        episodes: &[Episode],
        costs: &[CostEntry],
        persons: &[Person],
        staircase: &Staircase,
        start: NaiveDate,
        cutoff: NaiveDate,
    ) -> Result<Cockpit> {
        self.check()?;
        let sp = spending(episodes, costs, staircase, start, cutoff);
        if sp.months.is_empty() || sp.measures.is_empty() {
            return Err(Error::analysis(if costs.is_empty() {
                "no spending to show: the ledger is empty and no episode is active up to the cut-off"
                    .to_string()
            } else {
                format!(
                    "no spending to show: all {} ledger lines are booked after the cut-off month {}",
                    costs.len(),
                    YearMonth::of(cutoff)
                )
            }));
        }
        let first = sp.months[0].month;
        let last = sp.months[sp.months.len() - 1].month;
        let year = match self.year {
            Some(y) if sp.year(y).is_none() => {
                return Err(Error::parameter(
                    "year",
                    format!("year {y} is outside the data, which cover {first} to {last}"),
                ))
            }
            Some(y) => y,
            None => last.year,
        };
        let canonical = |name: &str| -> String {
            let name = name.trim();
            staircase
                .measure(name)
                .map(|m| m.id.clone())
                .or_else(|| staircase.account(name).map(|a| a.id.clone()))
                .unwrap_or_else(|| name.to_string())
        };
        let col: BTreeMap<&str, usize> = sp
            .measures
            .iter()
            .enumerate()
            .map(|(j, m)| (m.as_str(), j))
            .collect();
        let row: BTreeMap<YearMonth, usize> = sp
            .months
            .iter()
            .enumerate()
            .map(|(i, m)| (m.month, i))
            .collect();
        let k = sp.measures.len();

        // starts and stops
        let mut starts = vec![vec![0usize; k]; sp.months.len()];
        let mut stops = vec![vec![0usize; k]; sp.months.len()];
        for e in episodes.iter().filter(|e| e.start_date <= cutoff) {
            let m = canonical(&e.measure);
            let Some(&j) = col.get(m.as_str()) else {
                continue;
            };
            if let Some(&i) = row.get(&YearMonth::of(e.start_date)) {
                starts[i][j] += 1;
            }
            if let Some(end) = e.end_date.filter(|&d| d <= cutoff) {
                if let Some(&i) = row.get(&YearMonth::of(end)) {
                    stops[i][j] += 1;
                }
            }
        }
        let months: Vec<CockpitMonth> = sp
            .months
            .iter()
            .enumerate()
            .map(|(i, m)| CockpitMonth {
                month: m.month,
                amounts: m.amounts.clone(),
                total: m.total,
                cases: m.cases.clone(),
                cases_total: m.cases_total,
                starts_total: starts[i].iter().sum(),
                stops_total: stops[i].iter().sum(),
                starts: std::mem::take(&mut starts[i]),
                stops: std::mem::take(&mut stops[i]),
            })
            .collect();

        let averages: Vec<YearAverage> = sp
            .years
            .iter()
            .map(|y| {
                let n = months.iter().filter(|m| m.month.year == y.year).count();
                let amounts: Vec<f64> = y.amounts.iter().map(|a| a / n as f64).collect();
                YearAverage {
                    year: y.year,
                    first_month: y.first_month,
                    last_month: y.last_month,
                    months: n,
                    total: y.total / n as f64,
                    amounts,
                }
            })
            .collect();

        let ys = sp.year(year).expect("checked above");
        let cases_sum: usize = ys.cases.iter().sum();
        let distribution = Distribution {
            year,
            first_month: ys.first_month,
            last_month: ys.last_month,
            rows: sp
                .measures
                .iter()
                .enumerate()
                .map(|(j, m)| MeasureShare {
                    measure: m.clone(),
                    cases: ys.cases[j],
                    case_share: (cases_sum > 0).then(|| ys.cases[j] as f64 / cases_sum as f64),
                    amount: ys.amounts[j],
                    amount_share: (ys.total != 0.0).then(|| ys.amounts[j] / ys.total),
                })
                .collect(),
            cases_total: ys.cases_total,
            cases_sum,
            amount_total: ys.total,
        };

        // per person, per year: kroner; and kroner no person can carry
        let mut per_person: BTreeMap<(&str, i32), f64> = BTreeMap::new();
        let mut no_person: BTreeMap<i32, f64> = BTreeMap::new();
        let mut ledger_rows_used = 0;
        let mut ledger_rows_without_person = 0;
        match sp.source {
            CostSource::Ledger => {
                for c in costs.iter().filter(|c| row.contains_key(&c.month)) {
                    ledger_rows_used += 1;
                    let amount = if c.amount.is_finite() { c.amount } else { 0.0 };
                    match c.person_id.as_deref() {
                        Some(p) => {
                            *per_person.entry((p, c.month.year)).or_insert(0.0) += amount;
                        }
                        None => {
                            ledger_rows_without_person += 1;
                            *no_person.entry(c.month.year).or_insert(0.0) += amount;
                        }
                    }
                }
            }
            CostSource::Episodes => {
                let mut by_person: BTreeMap<&str, Vec<Episode>> = BTreeMap::new();
                for e in episodes {
                    by_person
                        .entry(e.person_id.as_str())
                        .or_default()
                        .push(e.clone());
                }
                for (p, eps) in &by_person {
                    let s = spending(eps, &[], staircase, start, cutoff);
                    // the years the person had a measure active (the months run to the cut-off)
                    for y in s.years.iter().filter(|y| y.cases_total > 0) {
                        *per_person.entry((p, y.year)).or_insert(0.0) += y.total;
                    }
                }
            }
        }

        // cost bands, every year
        let mut band_years: Vec<(i32, Vec<f64>)> = Vec::new();
        let mut negative_annual_costs: Vec<YearCount> = Vec::new();
        for y in &sp.years {
            let mut v: Vec<f64> = per_person
                .iter()
                .filter(|((_, yr), _)| *yr == y.year)
                .map(|(_, &a)| a)
                .collect();
            let before = v.len();
            v.retain(|&a| a >= 0.0);
            if v.len() < before {
                negative_annual_costs.push(YearCount {
                    year: y.year,
                    count: before - v.len(),
                });
            }
            if !v.is_empty() {
                band_years.push((y.year, v));
            }
        }
        let mut warnings = Vec::new();
        let bands = if band_years.is_empty() {
            warnings.push(
                "no ledger line names a person, so citizens cannot be counted by cost band"
                    .to_string(),
            );
            None
        } else {
            Some(cost_bands(&self.cost_band_edges, &band_years)?)
        };
        for n in &negative_annual_costs {
            warnings.push(format!(
                "{}: citizens with refunds larger than their costs are left out of the cost bands (counted in n.negative_annual_costs)",
                n.year
            ));
        }

        // age groups, the chosen year
        let age_on = NaiveDate::from_ymd_opt(year, 12, 31)
            .expect("a valid date")
            .min(cutoff);
        let birth: BTreeMap<&str, &Person> =
            persons.iter().map(|p| (p.person_id.as_str(), p)).collect();
        let labels: Vec<String> = self
            .age_edges
            .iter()
            .enumerate()
            .map(|(i, &lo)| match self.age_edges.get(i + 1) {
                Some(&hi) => format!("{lo}-{}", hi - 1),
                None => format!("{lo}+"),
            })
            .collect();
        let mut group_spend = vec![0.0; labels.len() + 2];
        let mut group_persons = vec![0usize; labels.len() + 2];
        let (unknown, nobody) = (labels.len(), labels.len() + 1);
        for ((p, _), &a) in per_person.iter().filter(|((_, yr), _)| *yr == year) {
            let age = birth.get(p).and_then(|p| age_at(p, age_on));
            let g = match age {
                Some(age) => self.age_edges.partition_point(|&e| (e as i64) <= age) - 1,
                None => unknown,
            };
            group_spend[g] += a;
            group_persons[g] += 1;
        }
        group_spend[nobody] = no_person.get(&year).copied().unwrap_or(0.0);
        let mut names = labels.clone();
        names.push("unknown_age".into());
        names.push("no_person".into());
        let keep: Vec<usize> = (0..names.len())
            .filter(|&g| g < unknown || group_spend[g] != 0.0 || group_persons[g] > 0)
            .collect();
        let input: Vec<(String, f64)> = keep
            .iter()
            .map(|&g| (names[g].clone(), group_spend[g]))
            .collect();
        let age_groups = match spend_by_group(&input) {
            Ok(s) => Some(AgeGroups {
                year,
                age_on,
                groups: s
                    .groups
                    .into_iter()
                    .zip(&keep)
                    .map(|(g, &i)| AgeGroup {
                        group: g.group,
                        persons: (i != nobody).then_some(group_persons[i]),
                        spend: g.spend,
                        share: g.share,
                    })
                    .collect(),
                persons_total: group_persons[..nobody].iter().sum(),
                total: s.total,
            }),
            Err(e) => {
                warnings.push(format!("{year}: no spending by age group: {e}"));
                None
            }
        };

        let n = CockpitN {
            ledger_rows: costs.len(),
            ledger_rows_used,
            ledger_rows_after_cutoff: sp.ledger_rows_after_cutoff,
            ledger_amount_after_cutoff: sp.ledger_amount_after_cutoff,
            ledger_rows_without_person,
            ledger_rows_excluded_by_validation: 0,
            episodes: episodes.len(),
            episodes_without_rate: sp.episodes_without_rate,
            episodes_excluded_by_validation: 0,
            persons: persons.len(),
            persons_without_age: group_persons[unknown],
            persons_excluded_by_validation: 0,
            negative_annual_costs,
        };
        if sp.ledger_rows_after_cutoff > 0 {
            warnings.push(format!(
                "{} ledger lines booked after the cut-off month are left out",
                sp.ledger_rows_after_cutoff
            ));
        }
        if !sp.unknown_measures.is_empty() {
            warnings.push(format!(
                "measures the staircase does not know are kept under their own name: {}",
                sp.unknown_measures.join(", ")
            ));
        }
        Ok(Cockpit {
            source: sp.source,
            start,
            cutoff,
            first_month: first,
            last_month: last,
            year,
            small_cell_threshold: self.small_cell_threshold,
            measure_names: sp
                .measures
                .iter()
                .map(|m| MeasureName {
                    da: staircase.measure_name(m, crate::Lang::Da),
                    en: staircase.measure_name(m, crate::Lang::En),
                })
                .collect(),
            measures: sp.measures,
            months,
            averages,
            distribution,
            cost_band_edges: self.cost_band_edges.clone(),
            cost_bands: bands,
            age_edges: self.age_edges.clone(),
            age_groups,
            n,
            warnings,
        })
    }
}

/// Age in whole years on `on`: from the birth date, else from the birth year (exact on
/// 31 December).
fn age_at(p: &Person, on: NaiveDate) -> Option<i64> {
    if let Some(b) = p.birth_date {
        return crate::data::completed_years(b, on).map(i64::from);
    }
    let y = p.birth_year?;
    let age = i64::from(on.year() - y) - i64::from(on.month() != 12 || on.day() != 31);
    (age >= 0).then_some(age)
}

/// One month of the cockpit.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CockpitMonth {
    /// The month.
    pub month: YearMonth,
    /// Kroner per measure, in the order of [`Cockpit::measures`].
    pub amounts: Vec<f64>,
    /// Kroner, all measures.
    pub total: f64,
    /// Active cases (distinct persons) per measure.
    pub cases: Vec<usize>,
    /// Distinct persons with any measure.
    pub cases_total: usize,
    /// Episodes started in the month, per measure.
    pub starts: Vec<usize>,
    /// Episodes ended in the month, per measure.
    pub stops: Vec<usize>,
    /// Episodes started, all measures.
    pub starts_total: usize,
    /// Episodes ended, all measures.
    pub stops_total: usize,
}

/// A year's average month.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct YearAverage {
    /// The year.
    pub year: i32,
    /// First month covered.
    pub first_month: YearMonth,
    /// Last month covered.
    pub last_month: YearMonth,
    /// Months covered (the divisor).
    pub months: usize,
    /// Kroner per month per measure.
    pub amounts: Vec<f64>,
    /// Kroner per month, all measures.
    pub total: f64,
}

/// One measure's part of a year.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MeasureShare {
    /// The measure id.
    pub measure: String,
    /// Distinct persons with the measure in the year.
    pub cases: usize,
    /// cases / Σ cases over measures; `None` when nobody had any.
    pub case_share: Option<f64>,
    /// Kroner in the year.
    pub amount: f64,
    /// amount / Σ amounts; `None` when that is 0.
    pub amount_share: Option<f64>,
}

/// The distribution per measure in one year.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Distribution {
    /// The year.
    pub year: i32,
    /// First month covered.
    pub first_month: YearMonth,
    /// Last month covered.
    pub last_month: YearMonth,
    /// One row per measure.
    pub rows: Vec<MeasureShare>,
    /// Distinct persons with any measure.
    pub cases_total: usize,
    /// Σ cases over measures (the denominator of the case shares).
    pub cases_sum: usize,
    /// Kroner, all measures.
    pub amount_total: f64,
}

/// One age group's spending.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AgeGroup {
    /// `0-6`, …, `23+`, `unknown_age` or `no_person`.
    pub group: String,
    /// Citizens with spending in the year; `None` for `no_person`.
    pub persons: Option<usize>,
    /// Kroner.
    pub spend: f64,
    /// Share of the total (0 to 1).
    pub share: f64,
}

/// Spending by age group in one year.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AgeGroups {
    /// The year.
    pub year: i32,
    /// The day ages are taken on.
    pub age_on: NaiveDate,
    /// The groups, youngest first.
    pub groups: Vec<AgeGroup>,
    /// Citizens with spending in the year.
    pub persons_total: usize,
    /// Kroner, all groups.
    pub total: f64,
}

/// A count in one year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct YearCount {
    /// The year.
    pub year: i32,
    /// The count.
    pub count: usize,
}

/// A measure's name in both languages.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MeasureName {
    /// Danish.
    pub da: String,
    /// English.
    pub en: String,
}

/// Rows behind the cockpit (rows, not persons: never suppressed).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CockpitN {
    /// Ledger rows given.
    pub ledger_rows: usize,
    /// Of them, in the cockpit's months (ledger source; 0 otherwise).
    pub ledger_rows_used: usize,
    /// Booked after the cut-off month, left out.
    pub ledger_rows_after_cutoff: usize,
    /// Their kroner.
    pub ledger_amount_after_cutoff: f64,
    /// Used, but naming no person (not in the cost bands; their own age group).
    pub ledger_rows_without_person: usize,
    /// Left out by validation before the cockpit (with [`CockpitParams::fit`]).
    pub ledger_rows_excluded_by_validation: usize,
    /// Episode rows given.
    pub episodes: usize,
    /// Episodes active in the period with no rate (episodes source).
    pub episodes_without_rate: usize,
    /// Left out by validation.
    pub episodes_excluded_by_validation: usize,
    /// Person rows given.
    pub persons: usize,
    /// Citizens with spending in the year whose age is unknown.
    pub persons_without_age: usize,
    /// Left out by validation.
    pub persons_excluded_by_validation: usize,
    /// Per year: citizens left out of the cost bands because their year's cost is negative.
    pub negative_annual_costs: Vec<YearCount>,
}

/// The cockpit: every table of the steering panel, with true counts (see the module docs).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Cockpit {
    /// Where the amounts come from.
    pub source: CostSource,
    /// The first day the data cover.
    pub start: NaiveDate,
    /// The cut-off date.
    pub cutoff: NaiveDate,
    /// First month.
    pub first_month: YearMonth,
    /// Last month.
    pub last_month: YearMonth,
    /// The year of the distribution and the age groups.
    pub year: i32,
    /// Counts from 1 to this − 1 are hidden in the renderings.
    pub small_cell_threshold: usize,
    /// Measure ids, in column order (the staircase's order, unknown names after).
    pub measures: Vec<String>,
    /// Their names.
    pub measure_names: Vec<MeasureName>,
    /// Every month, oldest first, without gaps.
    pub months: Vec<CockpitMonth>,
    /// Each year's average month.
    pub averages: Vec<YearAverage>,
    /// Per measure in the chosen year.
    pub distribution: Distribution,
    /// The cost-band edges used.
    pub cost_band_edges: Vec<f64>,
    /// Citizens by annual cost band, every year with attributable costs.
    pub cost_bands: Option<CostBandTable>,
    /// The age edges used.
    pub age_edges: Vec<u32>,
    /// Spending by age group in the chosen year.
    pub age_groups: Option<AgeGroups>,
    /// Rows behind it.
    pub n: CockpitN,
    /// What a reader should know.
    pub warnings: Vec<String>,
}

impl Cockpit {
    /// The month.
    ///
    /// # Errors
    /// A month outside the data, naming the months covered.
    pub fn month(&self, month: YearMonth) -> Result<&CockpitMonth> {
        self.months
            .iter()
            .find(|m| m.month == month)
            .ok_or_else(|| {
                let what = match self.source {
                    CostSource::Ledger => "the ledger",
                    CostSource::Episodes => "the episodes",
                };
                Error::parameter(
                    "month",
                    format!(
                        "month {month} is outside {what}, which covers {} to {}",
                        self.first_month, self.last_month
                    ),
                )
            })
    }

    /// The column of a measure (its id, case-insensitive).
    ///
    /// # Errors
    /// An unknown measure, listing the known ones.
    pub fn measure_index(&self, measure: &str) -> Result<usize> {
        let m = measure.trim();
        self.measures
            .iter()
            .position(|x| x.eq_ignore_ascii_case(m))
            .ok_or_else(|| {
                Error::parameter(
                    "measure",
                    format!(
                        "unknown measure \"{measure}\"; the cockpit has {}",
                        self.measures.join(", ")
                    ),
                )
            })
    }

    /// Kroner for a measure in a month.
    ///
    /// # Errors
    /// A month outside the data or an unknown measure.
    pub fn amount(&self, month: YearMonth, measure: &str) -> Result<f64> {
        let j = self.measure_index(measure)?;
        Ok(self.month(month)?.amounts[j])
    }

    /// Active cases of a measure in a month.
    ///
    /// # Errors
    /// A month outside the data or an unknown measure.
    pub fn active_cases(&self, month: YearMonth, measure: &str) -> Result<usize> {
        let j = self.measure_index(measure)?;
        Ok(self.month(month)?.cases[j])
    }

    /// The average month of a year.
    ///
    /// # Errors
    /// A year outside the data.
    pub fn average(&self, year: i32) -> Result<&YearAverage> {
        self.averages
            .iter()
            .find(|a| a.year == year)
            .ok_or_else(|| {
                Error::parameter(
                    "year",
                    format!(
                        "year {year} is outside the data, which cover {} to {}",
                        self.first_month, self.last_month
                    ),
                )
            })
    }
}
