//! Costs per person and period, from the monthly ledger or the episodes' rates, at current
//! or constant prices.

use super::prices::Prices;
use crate::data::{Dataset, TableKind, YearMonth};
use crate::error::{Error, Result};
use crate::staircase::Staircase;
use crate::summary::CostSource;
use chrono::NaiveDate;
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};

/// Days in a year of person-time, as the simulator's truth counts child-years.
pub const DAYS_PER_YEAR: f64 = 365.25;

/// The periods costs are summed over.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum Periods {
    /// One row per person and calendar year (the part of the year inside the range).
    #[default]
    Years,
    /// One row per person over the whole range.
    Whole,
    /// One row per given window (persons without costs get a row of zeros). Windows of
    /// one person must not share a month when the ledger is the source.
    Windows(Vec<PersonWindow>),
}

/// A person's own period, both days included.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PersonWindow {
    /// The person.
    pub person_id: String,
    /// First day.
    pub from: NaiveDate,
    /// Last day.
    pub to: NaiveDate,
}

/// What to do with negative ledger amounts or rates (refunds).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Refunds {
    /// Stop with an error naming the file, row, column and value.
    #[default]
    Error,
    /// Net them against the costs, and count them in the warnings.
    Net,
}

/// What to do with a measure that neither the staircase's measures nor its accounts know.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum UnknownMeasures {
    /// Stop with an error naming the row and the measure, suggesting close known names.
    #[default]
    Error,
    /// Keep it under its own name, with a warning.
    Keep,
}

/// Costs per person and period: configure, then [`CostParams::fit`] on a [`Dataset`].
///
/// ```text
/// ledger:    amount[person][period][measure] = Σ lines with that person_id whose month
///            overlaps the period (the ledger's resolution is the month: a period that
///            starts or ends inside a month takes the month's whole line)
///            × price factor(year of the month); lines without a person_id are
///            unallocated: summed and counted, never given to a person
///            coverage: first … last ledger month (not after the cut-off month)
/// episodes:  amount[person][period][measure] = Σ episodes, Σ months
///              daily_cost × days active in the month and period              or
///              monthly_cost × days active in the month and period / days in the month
///            × price factor(year of the month); an episode is active from start_date to
///            end_date (its last day), an ongoing one to the cut-off
///            coverage: the data's start … cut-off
/// days       = to − from + 1 of the period (inside the range)   (person-time)
/// person-years = days / 365.25;  cost per person-year = amount / person-years
/// price factor = 1 (current prices) or index[base] / index[year] (constant prices)
/// ```
/// Measures are named by the staircase's id when the name is a measure, an alias or an
/// account (case-insensitive), as [`crate::summary::spending`] names them.
///
/// ```
/// use indsats::economics::{CostParams, Periods};
/// use indsats::data::{CostEntry, YearMonth};
/// use indsats::simulate::{simulate, SimulationParams};
/// let mut data = simulate(&SimulationParams::default().persons(50)).unwrap().dataset();
/// data.costs.rows = vec![
///     CostEntry { month: YearMonth { year: 2019, month: 1 }, measure: "plejefamilie".into(),
///                 person_id: Some("A".into()), amount: 1000.0, row: 2 },
///     CostEntry { month: YearMonth { year: 2019, month: 2 }, measure: "administration".into(),
///                 person_id: None, amount: 50.0, row: 3 },
/// ];
/// let fit = CostParams::new().fit(&data).unwrap();
/// assert_eq!(fit.rows.len(), 1);
/// assert_eq!(fit.rows[0].total, 1000.0);
/// // January and February 2019 are covered: 59 days
/// assert_eq!(fit.rows[0].days, 59);
/// assert_eq!(fit.totals.unallocated_amount, 50.0);
/// ```
///
/// # Errors
/// Each names the place (file, row, column, value): a negative amount or rate (unless
/// refunds are netted); a measure the staircase does not know (unless kept), with the
/// close known names; a year the price index lacks for a month that has costs; a period
/// outside the source's coverage; a window that ends before it starts.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct CostParams {
    source: Option<CostSource>,
    periods: Periods,
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
    prices: Prices,
    refunds: Refunds,
    unknown: UnknownMeasures,
}

/// One person's costs in one period.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PersonPeriodCost {
    /// The person.
    pub person_id: String,
    /// The calendar year, for yearly periods.
    pub year: Option<i32>,
    /// First day of the period.
    pub from: NaiveDate,
    /// Last day of the period.
    pub to: NaiveDate,
    /// Days in the period (person-time).
    pub days: i64,
    /// Days / 365.25.
    pub person_years: f64,
    /// Kroner, all measures.
    pub total: f64,
    /// Kroner by measure.
    pub by_measure: BTreeMap<String, f64>,
    /// total / person_years (`None` for an empty period).
    pub cost_per_person_year: Option<f64>,
}

/// Totals over every row.
#[derive(Debug, Clone, PartialEq, Serialize, Default)]
pub struct CostTotals {
    /// Kroner allocated to persons.
    pub total: f64,
    /// By measure.
    pub by_measure: BTreeMap<String, f64>,
    /// Person-years over the rows.
    pub person_years: f64,
    /// Kroner on ledger lines without a person, in the range.
    pub unallocated_amount: f64,
    /// Those lines.
    pub unallocated_lines: usize,
    /// Unallocated kroner by account.
    pub unallocated_by_measure: BTreeMap<String, f64>,
}

/// Rows read, used, and left out by reason.
#[derive(Debug, Clone, PartialEq, Serialize, Default)]
pub struct CostCounts {
    /// Ledger lines or episodes read.
    pub rows_read: usize,
    /// Those that gave kroner to a person's period.
    pub rows_used: usize,
    /// Left out, by reason: `unallocated` (no person), `outside_period`, `after_cutoff`,
    /// `no_rate` (an episode without a rate), `person_without_window`.
    pub excluded: BTreeMap<String, usize>,
}

/// Costs per person and period; see [`CostParams`].
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PersonCosts {
    /// Where the amounts come from.
    pub source: CostSource,
    /// "current" or "constant YEAR prices (FILE)".
    pub prices: String,
    /// The price base year, for constant prices.
    pub base_year: Option<i32>,
    /// The range the periods lie in.
    pub from: NaiveDate,
    /// …
    pub to: NaiveDate,
    /// One row per person and period, by person then period.
    pub rows: Vec<PersonPeriodCost>,
    /// Totals.
    pub totals: CostTotals,
    /// Rows read, used, excluded.
    pub n: CostCounts,
    /// Refunds netted, unknown measures kept, …
    pub warnings: Vec<String>,
}

impl PersonCosts {
    /// The rows of one person.
    pub fn person<'a>(&'a self, id: &'a str) -> impl Iterator<Item = &'a PersonPeriodCost> {
        self.rows.iter().filter(move |r| r.person_id == id)
    }
}

fn last_day(m: YearMonth) -> NaiveDate {
    m.next().first_day().pred_opt().expect("valid date")
}

/// The file a table was read from, for messages.
pub(crate) fn table_file(data: &Dataset, kind: TableKind, default: &str) -> String {
    data.validation
        .tables
        .iter()
        .find(|t| t.table == kind)
        .map_or_else(|| default.to_string(), |t| t.file.clone())
}

/// Levenshtein distance, for suggestions.
fn distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            cur[j + 1] = (prev[j] + usize::from(ca != *cb))
                .min(prev[j + 1] + 1)
                .min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}

/// Names the staircase knows that are close to `name`.
fn suggestions(staircase: &Staircase, name: &str) -> Vec<String> {
    let lower = name.to_lowercase();
    let mut known: Vec<&str> = staircase.measures().iter().map(|m| m.id.as_str()).collect();
    known.extend(staircase.accounts().iter().map(|a| a.id.as_str()));
    let mut close: Vec<(usize, &str)> = known
        .into_iter()
        .filter_map(|k| {
            let d = distance(&lower, k);
            let near = d <= (k.chars().count() / 3).max(2)
                || (lower.len() >= 4 && (k.contains(&lower) || lower.contains(k)));
            near.then_some((d, k))
        })
        .collect();
    close.sort();
    close
        .into_iter()
        .take(3)
        .map(|(_, k)| k.to_string())
        .collect()
}

/// The measure's canonical name: the staircase's id, or `None` when unknown.
pub(crate) fn known_name(staircase: &Staircase, name: &str) -> Option<String> {
    let name = name.trim();
    staircase
        .measure(name)
        .map(|m| m.id.clone())
        .or_else(|| staircase.account(name).map(|a| a.id.clone()))
}

/// Resolves measure names under the rule, collecting the names kept.
pub(crate) struct Namer<'a> {
    staircase: &'a Staircase,
    rule: UnknownMeasures,
    file: String,
    pub(crate) kept: BTreeMap<String, usize>,
}

impl<'a> Namer<'a> {
    pub(crate) fn new(staircase: &'a Staircase, rule: UnknownMeasures, file: &str) -> Self {
        Namer {
            staircase,
            rule,
            file: file.to_string(),
            kept: BTreeMap::new(),
        }
    }

    pub(crate) fn name(&mut self, raw: &str, row: usize, column: &str) -> Result<String> {
        if let Some(id) = known_name(self.staircase, raw) {
            return Ok(id);
        }
        let raw = raw.trim();
        match self.rule {
            UnknownMeasures::Keep => {
                *self.kept.entry(raw.to_string()).or_default() += 1;
                Ok(raw.to_string())
            }
            UnknownMeasures::Error => {
                let close = suggestions(self.staircase, raw);
                let hint = if close.is_empty() {
                    String::new()
                } else {
                    format!("; did you mean {}?", close.join(", "))
                };
                Err(Error::format(
                    &self.file,
                    format!(
                        "row {row}, column {column}: unknown measure \"{raw}\" (neither a measure nor an account of the staircase{hint}); add it to the staircase's [[measure]] or [[account]], or keep unknown measures under their own name"
                    ),
                ))
            }
        }
    }

    pub(crate) fn warnings(&self, out: &mut Vec<String>) {
        for (name, n) in &self.kept {
            out.push(format!(
                "measure \"{name}\" is not on the staircase; kept under its own name ({n} rows in {})",
                self.file
            ));
        }
    }
}

/// A refund (negative amount): an error unless netted.
fn refund(
    rule: Refunds,
    file: &str,
    row: usize,
    column: &str,
    value: f64,
    netted: &mut usize,
) -> Result<()> {
    if value < 0.0 {
        match rule {
            Refunds::Error => {
                return Err(Error::format(
                    file,
                    format!(
                        "row {row}, column {column}: negative amount {value} (a refund); allow refunds to net them against the costs"
                    ),
                ))
            }
            Refunds::Net => *netted += 1,
        }
    }
    Ok(())
}

/// A running sum for one person's period.
#[derive(Debug, Clone)]
struct Acc {
    person: String,
    year: Option<i32>,
    from: NaiveDate,
    to: NaiveDate,
    by_measure: BTreeMap<String, f64>,
}

/// The periods of the range, and where a month of a person goes.
struct Slots<'a> {
    periods: &'a Periods,
    from: NaiveDate,
    to: NaiveDate,
    accs: Vec<Acc>,
    index: HashMap<(String, i32), usize>,
    given: HashMap<&'a str, Vec<usize>>,
}

impl<'a> Slots<'a> {
    fn new(periods: &'a Periods, from: NaiveDate, to: NaiveDate) -> Self {
        let mut s = Slots {
            periods,
            from,
            to,
            accs: Vec::new(),
            index: HashMap::new(),
            given: HashMap::new(),
        };
        if let Periods::Windows(ws) = periods {
            for w in ws {
                s.given
                    .entry(w.person_id.as_str())
                    .or_default()
                    .push(s.accs.len());
                s.accs.push(Acc {
                    person: w.person_id.clone(),
                    year: None,
                    from: w.from,
                    to: w.to,
                    by_measure: BTreeMap::new(),
                });
            }
        }
        s
    }

    /// The periods of `person` that overlap month `m`, with their first and last day in it.
    fn of(&mut self, person: &str, m: YearMonth) -> Vec<(usize, NaiveDate, NaiveDate)> {
        let (a, z) = (m.first_day(), last_day(m));
        match self.periods {
            Periods::Windows(_) => self
                .given
                .get(person)
                .map(|v| {
                    v.iter()
                        .filter_map(|&i| {
                            let acc = &self.accs[i];
                            let (f, t) = (acc.from.max(a), acc.to.min(z));
                            (f <= t).then_some((i, f, t))
                        })
                        .collect()
                })
                .unwrap_or_default(),
            Periods::Years | Periods::Whole => {
                let (f, t) = (self.from.max(a), self.to.min(z));
                if f > t {
                    return Vec::new();
                }
                let yearly = matches!(self.periods, Periods::Years);
                let key = (person.to_string(), if yearly { m.year } else { 0 });
                let i = match self.index.get(&key) {
                    Some(&i) => i,
                    None => {
                        let (pf, pt) = if yearly {
                            let y0 = NaiveDate::from_ymd_opt(m.year, 1, 1).expect("valid");
                            let y1 = NaiveDate::from_ymd_opt(m.year, 12, 31).expect("valid");
                            (self.from.max(y0), self.to.min(y1))
                        } else {
                            (self.from, self.to)
                        };
                        self.accs.push(Acc {
                            person: person.to_string(),
                            year: yearly.then_some(m.year),
                            from: pf,
                            to: pt,
                            by_measure: BTreeMap::new(),
                        });
                        self.index.insert(key, self.accs.len() - 1);
                        self.accs.len() - 1
                    }
                };
                vec![(i, f, t)]
            }
        }
    }

    fn has_person(&self, person: &str) -> bool {
        match self.periods {
            Periods::Windows(_) => self.given.contains_key(person),
            _ => true,
        }
    }
}

fn months_between(from: YearMonth, to: YearMonth) -> impl Iterator<Item = YearMonth> {
    std::iter::successors(Some(from), move |m| Some(m.next()).filter(|n| *n <= to))
        .filter(move |m| *m <= to)
}

impl CostParams {
    /// Ledger when it has rows (else episodes), person × calendar year over the source's
    /// coverage, current prices, refunds and unknown measures are errors.
    pub fn new() -> Self {
        Self::default()
    }

    /// The source (default: the ledger when it has rows, else the episodes).
    pub fn source(mut self, source: CostSource) -> Self {
        self.source = Some(source);
        self
    }

    /// The periods (default person × calendar year).
    pub fn periods(mut self, periods: Periods) -> Self {
        self.periods = periods;
        self
    }

    /// The first day of the range (default: the start of the source's coverage).
    pub fn from(mut self, from: NaiveDate) -> Self {
        self.from = Some(from);
        self
    }

    /// The last day of the range (default: the end of the source's coverage).
    pub fn to(mut self, to: NaiveDate) -> Self {
        self.to = Some(to);
        self
    }

    /// Current or constant prices.
    pub fn prices(mut self, prices: Prices) -> Self {
        self.prices = prices;
        self
    }

    /// Refunds: an error (default) or netted.
    pub fn refunds(mut self, refunds: Refunds) -> Self {
        self.refunds = refunds;
        self
    }

    /// Unknown measures: an error (default) or kept.
    pub fn unknown_measures(mut self, rule: UnknownMeasures) -> Self {
        self.unknown = rule;
        self
    }

    /// Checks the settings.
    ///
    /// # Errors
    /// A range or a window that ends before it starts.
    pub fn check(&self) -> Result<()> {
        if let (Some(f), Some(t)) = (self.from, self.to) {
            if t < f {
                return Err(Error::parameter(
                    "to",
                    format!("the period ends ({t}) before it starts ({f})"),
                ));
            }
        }
        if let Periods::Windows(ws) = &self.periods {
            if let Some(w) = ws.iter().find(|w| w.to < w.from) {
                return Err(Error::parameter(
                    "windows",
                    format!(
                        "person {}'s window ends ({}) before it starts ({})",
                        w.person_id, w.to, w.from
                    ),
                ));
            }
        }
        Ok(())
    }

    /// The price factor for a year (1 at current prices).
    pub(crate) fn price_factor(&self, year: i32) -> Option<f64> {
        self.prices.factor(year)
    }

    /// The source used for `data`.
    pub fn source_for(&self, data: &Dataset) -> CostSource {
        self.source.unwrap_or(if data.costs.rows.is_empty() {
            CostSource::Episodes
        } else {
            CostSource::Ledger
        })
    }

    /// Computes the costs; see [`CostParams`].
    ///
    /// # Errors
    /// See [`CostParams`].
    pub fn fit(&self, data: &Dataset) -> Result<PersonCosts> {
        self.check()?;
        let source = self.source_for(data);
        let cutoff_month = YearMonth::of(data.cutoff);
        let (file, cov_from, cov_to, what) = match source {
            CostSource::Ledger => {
                let file = table_file(data, TableKind::Costs, "costs.csv");
                let first = data.costs.rows.iter().map(|c| c.month).min();
                let last = data
                    .costs
                    .rows
                    .iter()
                    .map(|c| c.month)
                    .filter(|&m| m <= cutoff_month)
                    .max();
                let (Some(f), Some(l)) = (first, last) else {
                    return Err(Error::analysis(format!(
                        "the ledger {file} has no lines up to the cut-off {}",
                        data.cutoff
                    )));
                };
                let what = format!("the ledger's coverage ({f} to {l}, {file})");
                (file, f.first_day(), last_day(l), what)
            }
            CostSource::Episodes => {
                let file = table_file(data, TableKind::Episodes, "episodes.csv");
                let what = format!(
                    "the episodes' coverage ({} to {}, {file})",
                    data.start, data.cutoff
                );
                (file, data.start, data.cutoff, what)
            }
        };
        let from = self.from.unwrap_or(cov_from);
        let to = self.to.unwrap_or(cov_to);
        let outside = |a: NaiveDate, b: NaiveDate, who: &str| -> Result<()> {
            if a < cov_from || b > cov_to {
                return Err(Error::analysis(format!(
                    "the requested period {a} to {b}{who} lies outside {what}"
                )));
            }
            Ok(())
        };
        outside(from, to, "")?;
        if let Periods::Windows(ws) = &self.periods {
            for w in ws {
                outside(w.from, w.to, &format!(" (person {})", w.person_id))?;
            }
        }
        let mut slots = Slots::new(&self.periods, from, to);
        let mut namer = Namer::new(&data.staircase, self.unknown, &file);
        let mut counts = CostCounts::default();
        let mut excl: BTreeMap<String, usize> = BTreeMap::new();
        let mut excluded = |why: &str| *excl.entry(why.to_string()).or_default() += 1;
        let mut totals = CostTotals::default();
        let mut refunds = 0usize;
        let mut used = 0usize;
        let range = (YearMonth::of(from), YearMonth::of(to));

        match source {
            CostSource::Ledger => {
                for c in &data.costs.rows {
                    refund(self.refunds, &file, c.row, "amount", c.amount, &mut refunds)?;
                    let measure = namer.name(&c.measure, c.row, "measure")?;
                    if c.month > cutoff_month {
                        excluded("after_cutoff");
                        continue;
                    }
                    if c.month < range.0 || c.month > range.1 {
                        excluded("outside_period");
                        continue;
                    }
                    let factor = self.prices.factor(c.month.year).ok_or_else(|| {
                        self.prices.missing(
                            c.month.year,
                            &format!("{file} row {}, month {}", c.row, c.month),
                        )
                    })?;
                    let amount = c.amount * factor;
                    let Some(person) = c.person_id.as_deref() else {
                        excluded("unallocated");
                        totals.unallocated_lines += 1;
                        totals.unallocated_amount += amount;
                        *totals.unallocated_by_measure.entry(measure).or_default() += amount;
                        continue;
                    };
                    if !slots.has_person(person) {
                        excluded("person_without_window");
                        continue;
                    }
                    let hits = slots.of(person, c.month);
                    if hits.is_empty() {
                        excluded("outside_period");
                        continue;
                    }
                    used += 1;
                    for (i, _, _) in hits {
                        *slots.accs[i].by_measure.entry(measure.clone()).or_default() += amount;
                    }
                }
                counts.rows_read = data.costs.rows.len();
            }
            CostSource::Episodes => {
                for e in &data.episodes.rows {
                    for (col, v) in [
                        ("daily_cost", e.daily_cost),
                        ("monthly_cost", e.monthly_cost),
                    ] {
                        if let Some(v) = v {
                            refund(self.refunds, &file, e.row, col, v, &mut refunds)?;
                        }
                    }
                    let measure = namer.name(&e.measure, e.row, "measure")?;
                    let a = e.start_date.max(from);
                    let z = e.end_date.unwrap_or(data.cutoff).min(data.cutoff).min(to);
                    if z < a {
                        excluded("outside_period");
                        continue;
                    }
                    let daily = e.daily_cost.filter(|v| v.is_finite());
                    let monthly = e.monthly_cost.filter(|v| v.is_finite());
                    if daily.is_none() && monthly.is_none() {
                        excluded("no_rate");
                        continue;
                    }
                    if !slots.has_person(&e.person_id) {
                        excluded("person_without_window");
                        continue;
                    }
                    let mut any = false;
                    for m in months_between(YearMonth::of(a), YearMonth::of(z)) {
                        for (i, f, t) in slots.of(&e.person_id, m) {
                            let (f, t) = (f.max(a), t.min(z));
                            if f > t {
                                continue;
                            }
                            let days = ((t - f).num_days() + 1) as f64;
                            let kroner = match (daily, monthly) {
                                (Some(d), _) => d * days,
                                (None, Some(mo)) => mo * days / m.days() as f64,
                                (None, None) => unreachable!("checked above"),
                            };
                            let factor = self.prices.factor(m.year).ok_or_else(|| {
                                self.prices
                                    .missing(m.year, &format!("{file} row {}, month {m}", e.row))
                            })?;
                            any = true;
                            *slots.accs[i].by_measure.entry(measure.clone()).or_default() +=
                                kroner * factor;
                        }
                    }
                    if any {
                        used += 1;
                    } else {
                        excluded("outside_period");
                    }
                }
                counts.rows_read = data.episodes.rows.len();
            }
        }
        counts.rows_used = used;
        counts.excluded = excl;

        let mut warnings = Vec::new();
        if refunds > 0 {
            warnings.push(format!(
                "{refunds} negative amounts (refunds) in {file} are netted against the costs"
            ));
        }
        namer.warnings(&mut warnings);
        if totals.unallocated_lines > 0 {
            warnings.push(format!(
                "{} ledger lines without a person ({:.2} kr.) are not allocated to anyone",
                totals.unallocated_lines, totals.unallocated_amount
            ));
        }

        let mut accs = slots.accs;
        if !matches!(self.periods, Periods::Windows(_)) {
            accs.sort_by(|a, b| a.person.cmp(&b.person).then(a.from.cmp(&b.from)));
        }
        let rows: Vec<PersonPeriodCost> = accs
            .into_iter()
            .map(|a| {
                let days = (a.to - a.from).num_days() + 1;
                let person_years = days as f64 / DAYS_PER_YEAR;
                let total: f64 = a.by_measure.values().sum();
                PersonPeriodCost {
                    person_id: a.person,
                    year: a.year,
                    from: a.from,
                    to: a.to,
                    days,
                    person_years,
                    total,
                    by_measure: a.by_measure,
                    cost_per_person_year: (days > 0).then(|| total / person_years),
                }
            })
            .collect();
        for r in &rows {
            totals.total += r.total;
            totals.person_years += r.person_years;
            for (m, v) in &r.by_measure {
                *totals.by_measure.entry(m.clone()).or_default() += v;
            }
        }
        Ok(PersonCosts {
            source,
            prices: self.prices.describe(),
            base_year: self.prices.base_year(),
            from,
            to,
            rows,
            totals,
            n: counts,
            warnings,
        })
    }
}
