//! Spending per month and per year by measure, with the number of active cases.
//!
//! # Definitions
//! ```text
//! source:        the cost ledger (costs) when it has rows, else the episodes' rates
//! ledger:        amount[month][measure] = sum of the ledger lines booked that month on that
//!                measure (refunds, negative, included); months = first ... last ledger
//!                month, not after the cut-off month; lines after it are left out and counted
//! episodes:      amount[month][measure] = sum over the measure's episodes of
//!                  daily_cost * (days active in the month)                   or, without a daily rate,
//!                  monthly_cost * (days active in the month) / (days in the month)
//!                an episode is active from start_date to end_date (its last day), an
//!                ongoing one to the cut-off; months = first start month ... cut-off month
//! cases[month][measure]:
//!                distinct persons with an episode of the measure active on at least one
//!                day of the month (up to the cut-off); with the ledger as source, also any
//!                person the ledger names on a line of that month and measure
//! year:          sums of its months; cases = distinct persons over its months
//! measure:       the staircase's id when the name is a known id or alias (case-insensitive),
//!                else the name as written; ordered as the staircase lists them, unknown
//!                names after, alphabetically
//! ```
//! Only presentation is left to the report: which rows to show and how to round.

use crate::data::{CostEntry, Episode, YearMonth};
use crate::staircase::Staircase;
use chrono::NaiveDate;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

/// Where the amounts come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CostSource {
    /// The monthly cost ledger.
    Ledger,
    /// The episodes' daily or monthly rates times the days active.
    Episodes,
}

/// One month.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MonthSpending {
    /// The month.
    pub month: YearMonth,
    /// Kroner per measure, in the order of [`Spending::measures`].
    pub amounts: Vec<f64>,
    /// Kroner, all measures.
    pub total: f64,
    /// Active cases (distinct persons) per measure.
    pub cases: Vec<usize>,
    /// Distinct persons with any measure.
    pub cases_total: usize,
}

/// One calendar year (or the part of it the data covers).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct YearSpending {
    /// The year.
    pub year: i32,
    /// First month covered.
    pub first_month: YearMonth,
    /// Last month covered.
    pub last_month: YearMonth,
    /// Kroner per measure.
    pub amounts: Vec<f64>,
    /// Kroner, all measures.
    pub total: f64,
    /// Distinct persons per measure over the year.
    pub cases: Vec<usize>,
    /// Distinct persons with any measure over the year.
    pub cases_total: usize,
}

impl YearSpending {
    /// Whether all twelve months are covered.
    pub fn complete(&self) -> bool {
        self.first_month.month == 1 && self.last_month.month == 12
    }
}

/// Spending per month and year by measure; see the module docs for the definitions.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Spending {
    /// Where the amounts come from.
    pub source: CostSource,
    /// Measure ids, in column order.
    pub measures: Vec<String>,
    /// Months, oldest first, without gaps.
    pub months: Vec<MonthSpending>,
    /// Years, oldest first.
    pub years: Vec<YearSpending>,
    /// Measures that the staircase does not know (kept under their own name).
    pub unknown_measures: Vec<String>,
    /// Episodes source: episodes active in the period that have neither a daily nor a
    /// monthly rate, so add nothing.
    pub episodes_without_rate: usize,
    /// Ledger source: lines booked after the cut-off month, left out.
    pub ledger_rows_after_cutoff: usize,
    /// Ledger source: their kroner.
    pub ledger_amount_after_cutoff: f64,
}

impl Spending {
    /// The month, if covered.
    pub fn month(&self, month: YearMonth) -> Option<&MonthSpending> {
        self.months.iter().find(|m| m.month == month)
    }

    /// The year, if covered.
    pub fn year(&self, year: i32) -> Option<&YearSpending> {
        self.years.iter().find(|y| y.year == year)
    }

    /// Kroner, all measures, from `from` to `to` (both included); `None` unless every
    /// month in between is covered.
    pub fn period_total(&self, from: YearMonth, to: YearMonth) -> Option<f64> {
        let mut total = 0.0;
        let mut m = from;
        while m <= to {
            total += self.month(m)?.total;
            m = m.next();
        }
        Some(total)
    }
}

/// The month range, both ends included.
fn months_between(from: YearMonth, to: YearMonth) -> Vec<YearMonth> {
    let mut out = Vec::new();
    let mut m = from;
    while m <= to {
        out.push(m);
        m = m.next();
    }
    out
}

fn last_day(m: YearMonth) -> NaiveDate {
    m.next().first_day().pred_opt().expect("valid date")
}

/// Computes spending per month and year; see the module docs.
pub fn spending(
    episodes: &[Episode],
    costs: &[CostEntry],
    staircase: &Staircase,
    start: NaiveDate,
    cutoff: NaiveDate,
) -> Spending {
    let source = if costs.is_empty() {
        CostSource::Episodes
    } else {
        CostSource::Ledger
    };
    let cutoff_month = YearMonth::of(cutoff);
    let canonical = |name: &str| -> String {
        let name = name.trim();
        staircase
            .measure(name)
            .map(|m| m.id.clone())
            .or_else(|| staircase.account(name).map(|a| a.id.clone()))
            .unwrap_or_else(|| name.to_string())
    };

    // active spells of episodes, capped at the cut-off
    struct Spell<'a> {
        person: &'a str,
        measure: String,
        start: NaiveDate,
        end: NaiveDate,
        daily: Option<f64>,
        monthly: Option<f64>,
    }
    let spells: Vec<Spell> = episodes
        .iter()
        .filter(|e| e.start_date <= cutoff)
        .map(|e| Spell {
            person: &e.person_id,
            measure: canonical(&e.measure),
            start: e.start_date,
            end: e.end_date.map_or(cutoff, |d| d.min(cutoff)),
            daily: e.daily_cost.filter(|v| v.is_finite()),
            monthly: e.monthly_cost.filter(|v| v.is_finite()),
        })
        .filter(|s| s.end >= s.start)
        .collect();

    let (first, last) = match source {
        CostSource::Ledger => {
            let first = costs.iter().map(|c| c.month).min();
            let last = costs
                .iter()
                .map(|c| c.month)
                .filter(|&m| m <= cutoff_month)
                .max();
            (first, last)
        }
        CostSource::Episodes => (
            spells
                .iter()
                .map(|s| YearMonth::of(s.start))
                .min()
                .map(|m| m.max(YearMonth::of(start))),
            Some(cutoff_month),
        ),
    };
    let months = match (first, last) {
        (Some(f), Some(l)) if f <= l => months_between(f, l),
        _ => Vec::new(),
    };
    let index: BTreeMap<YearMonth, usize> =
        months.iter().enumerate().map(|(i, &m)| (m, i)).collect();

    // per (month, measure): kroner and persons
    let mut amount: BTreeMap<(usize, String), f64> = BTreeMap::new();
    let mut persons: BTreeMap<(usize, String), BTreeSet<&str>> = BTreeMap::new();
    let mut without_rate = 0;
    let (mut rows_after, mut amount_after) = (0, 0.0);

    for s in &spells {
        let mut counted_rate = false;
        let mut active_in_range = false;
        for m in months_between(YearMonth::of(s.start), YearMonth::of(s.end)) {
            let Some(&i) = index.get(&m) else { continue };
            active_in_range = true;
            persons
                .entry((i, s.measure.clone()))
                .or_default()
                .insert(s.person);
            if source == CostSource::Episodes {
                let from = s.start.max(m.first_day());
                let to = s.end.min(last_day(m));
                let days = (to - from).num_days() + 1;
                let kroner = match (s.daily, s.monthly) {
                    (Some(d), _) => Some(d * days as f64),
                    (None, Some(mo)) => Some(mo * days as f64 / m.days() as f64),
                    (None, None) => None,
                };
                if let Some(k) = kroner {
                    counted_rate = true;
                    *amount.entry((i, s.measure.clone())).or_insert(0.0) += k;
                }
            }
        }
        if source == CostSource::Episodes && active_in_range && !counted_rate {
            without_rate += 1;
        }
    }
    if source == CostSource::Ledger {
        for c in costs {
            if c.month > cutoff_month {
                rows_after += 1;
                amount_after += c.amount;
                continue;
            }
            let Some(&i) = index.get(&c.month) else {
                continue;
            };
            let key = (i, canonical(&c.measure));
            if c.amount.is_finite() {
                *amount.entry(key.clone()).or_insert(0.0) += c.amount;
            }
            if let Some(p) = c.person_id.as_deref() {
                persons.entry(key).or_default().insert(p);
            }
        }
    }

    // measures in staircase order, unknown ones after, alphabetically
    let mut names: BTreeSet<String> = amount.keys().map(|(_, m)| m.clone()).collect();
    names.extend(persons.keys().map(|(_, m)| m.clone()));
    let order = |m: &String| {
        staircase
            .measures()
            .iter()
            .position(|x| &x.id == m)
            .unwrap_or(usize::MAX)
    };
    let mut measures: Vec<String> = names.into_iter().collect();
    measures.sort_by(|a, b| order(a).cmp(&order(b)).then_with(|| a.cmp(b)));
    let unknown_measures: Vec<String> = measures
        .iter()
        .filter(|m| staircase.measure(m).is_none() && staircase.account(m).is_none())
        .cloned()
        .collect();

    let empty = BTreeSet::new();
    let month_rows: Vec<MonthSpending> = months
        .iter()
        .enumerate()
        .map(|(i, &month)| {
            let amounts: Vec<f64> = measures
                .iter()
                .map(|m| amount.get(&(i, m.clone())).copied().unwrap_or(0.0))
                .collect();
            let sets: Vec<&BTreeSet<&str>> = measures
                .iter()
                .map(|m| persons.get(&(i, m.clone())).unwrap_or(&empty))
                .collect();
            let all: BTreeSet<&str> = sets.iter().flat_map(|s| s.iter().copied()).collect();
            MonthSpending {
                month,
                total: amounts.iter().sum(),
                amounts,
                cases: sets.iter().map(|s| s.len()).collect(),
                cases_total: all.len(),
            }
        })
        .collect();

    let mut years: Vec<YearSpending> = Vec::new();
    let mut year_sets: Vec<Vec<BTreeSet<&str>>> = Vec::new();
    for (i, ms) in month_rows.iter().enumerate() {
        if years.last().is_none_or(|y| y.year != ms.month.year) {
            years.push(YearSpending {
                year: ms.month.year,
                first_month: ms.month,
                last_month: ms.month,
                amounts: vec![0.0; measures.len()],
                total: 0.0,
                cases: vec![0; measures.len()],
                cases_total: 0,
            });
            year_sets.push(vec![BTreeSet::new(); measures.len()]);
        }
        let y = years.last_mut().expect("pushed above");
        let sets = year_sets.last_mut().expect("pushed above");
        y.last_month = ms.month;
        for (j, m) in measures.iter().enumerate() {
            y.amounts[j] += ms.amounts[j];
            if let Some(p) = persons.get(&(i, m.clone())) {
                sets[j].extend(p.iter().copied());
            }
        }
        y.total += ms.total;
    }
    for (y, sets) in years.iter_mut().zip(&year_sets) {
        y.cases = sets.iter().map(|s| s.len()).collect();
        y.cases_total = sets.iter().flatten().collect::<BTreeSet<_>>().len();
    }

    Spending {
        source,
        measures,
        months: month_rows,
        years,
        unknown_measures,
        episodes_without_rate: without_rate,
        ledger_rows_after_cutoff: rows_after,
        ledger_amount_after_cutoff: amount_after,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn ep(
        id: &str,
        measure: &str,
        start: NaiveDate,
        end: Option<NaiveDate>,
        daily: Option<f64>,
        monthly: Option<f64>,
    ) -> Episode {
        Episode {
            person_id: id.into(),
            measure: measure.into(),
            level: String::new(),
            legal_basis: None,
            provider: None,
            start_date: start,
            end_date: end,
            end_reason: None,
            daily_cost: daily,
            monthly_cost: monthly,
            row: 2,
        }
    }

    fn ym(year: i32, month: u32) -> YearMonth {
        YearMonth { year, month }
    }

    #[test]
    fn daily_rates_times_days_active_in_each_month() {
        // 1000 kr./day from 30 Jan to 2 Feb: 2 days in January, 2 in February
        let eps = vec![ep(
            "a",
            "plejefamilie",
            d(2024, 1, 30),
            Some(d(2024, 2, 2)),
            Some(1000.0),
            None,
        )];
        let s = spending(
            &eps,
            &[],
            &Staircase::danish_default(),
            NaiveDate::MIN,
            d(2024, 2, 29),
        );
        assert_eq!(s.source, CostSource::Episodes);
        assert_eq!(s.measures, vec!["plejefamilie"]);
        assert_eq!(s.months.len(), 2);
        assert_eq!(s.months[0].amounts, vec![2000.0]);
        assert_eq!(s.months[1].amounts, vec![2000.0]);
        assert_eq!(s.months[1].cases, vec![1]);
        assert_eq!(s.years[0].total, 4000.0);
        assert_eq!(s.years[0].cases, vec![1]);
        assert!(!s.years[0].complete());
    }

    #[test]
    fn monthly_rates_are_prorated_by_days_and_ongoing_episodes_run_to_the_cutoff() {
        // 31_000 kr./month from 17 March (15 of 31 days), ongoing, cut-off 15 April (15 of 30 days)
        let eps = vec![ep(
            "a",
            "Familiebehandling",
            d(2024, 3, 17),
            None,
            None,
            Some(31_000.0),
        )];
        let s = spending(
            &eps,
            &[],
            &Staircase::danish_default(),
            NaiveDate::MIN,
            d(2024, 4, 15),
        );
        assert_eq!(s.measures, vec!["familiebehandling"]);
        assert_eq!(s.month(ym(2024, 3)).unwrap().total, 15_000.0);
        assert_eq!(s.month(ym(2024, 4)).unwrap().total, 31_000.0 * 15.0 / 30.0);
        assert_eq!(
            s.period_total(ym(2024, 3), ym(2024, 4)),
            Some(15_000.0 + 15_500.0)
        );
        assert_eq!(s.period_total(ym(2024, 1), ym(2024, 4)), None);
    }

    #[test]
    fn the_ledger_wins_when_it_has_rows_and_cases_come_from_episodes_and_ledger() {
        let eps = vec![
            ep("a", "plejefamilie", d(2024, 1, 1), None, Some(999.0), None),
            ep(
                "b",
                "plejefamilie",
                d(2024, 1, 1),
                Some(d(2024, 1, 31)),
                Some(999.0),
                None,
            ),
        ];
        let cost = |m: u32, measure: &str, person: Option<&str>, amount: f64| CostEntry {
            month: ym(2024, m),
            measure: measure.into(),
            person_id: person.map(String::from),
            amount,
            row: 2,
        };
        let costs = vec![
            cost(1, "plejefamilie", None, 50_000.0),
            cost(2, "plejefamilie", Some("c"), 30_000.0),
            cost(2, "Diverse", None, 1_000.0),
            cost(4, "plejefamilie", None, 7.0), // after the cut-off month
        ];
        let s = spending(
            &eps,
            &costs,
            &Staircase::danish_default(),
            NaiveDate::MIN,
            d(2024, 2, 29),
        );
        assert_eq!(s.source, CostSource::Ledger);
        assert_eq!(s.measures, vec!["plejefamilie", "Diverse"]);
        assert_eq!(s.unknown_measures, vec!["Diverse"]);
        assert_eq!(s.months[0].amounts, vec![50_000.0, 0.0]);
        assert_eq!(s.months[0].cases, vec![2, 0]);
        assert_eq!(s.months[1].amounts, vec![30_000.0, 1_000.0]);
        // a (episode) and c (ledger) in February
        assert_eq!(s.months[1].cases, vec![2, 0]);
        assert_eq!(s.years[0].cases, vec![3, 0]);
        assert_eq!(s.years[0].cases_total, 3);
        assert_eq!(s.ledger_rows_after_cutoff, 1);
        assert_eq!(s.ledger_amount_after_cutoff, 7.0);
    }

    #[test]
    fn episodes_without_any_rate_are_counted() {
        let eps = vec![ep("a", "plejefamilie", d(2024, 1, 1), None, None, None)];
        let s = spending(
            &eps,
            &[],
            &Staircase::danish_default(),
            NaiveDate::MIN,
            d(2024, 3, 31),
        );
        assert_eq!(s.episodes_without_rate, 1);
        assert_eq!(s.months.len(), 3);
        assert_eq!(s.months[2].total, 0.0);
        assert_eq!(s.months[2].cases, vec![1]);
    }

    #[test]
    fn no_data_gives_no_months() {
        let s = spending(
            &[],
            &[],
            &Staircase::danish_default(),
            NaiveDate::MIN,
            d(2024, 3, 31),
        );
        assert!(s.months.is_empty() && s.years.is_empty() && s.measures.is_empty());
    }
}
