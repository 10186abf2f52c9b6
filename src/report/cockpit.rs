//! The cockpit rendered: its tables with small counts suppressed, two charts, and the
//! words, as one [`CockpitReport`] value written as `cockpit.html` (self-contained),
//! `cockpit.xlsx` (one sheet per table, see [`CockpitReport::to_xlsx`]) and
//! `cockpit.json`.
//!
//! # Suppression
//! ```text
//! counts of persons or episodes from 1 to threshold − 1 are hidden ("<5"); where cells
//! add up to a shown total (starts and stops per month, citizens per cost band, citizens
//! per age group) one more cell is hidden ("x") so the first cannot be worked out
//! (summary::suppress); active cases and cases per measure are each shown against a
//! total of distinct persons, which is not their sum, so the primary rule applies alone
//! (as in the council report). Amounts are never hidden; an amount resting on 1 to
//! threshold − 1 persons is marked "*" in the HTML and "few_persons" in the JSON.
//! ```
//!
//! # cockpit.json
//! ```text
//! {"title", "lang", "source": "ledger"|"episodes", "cutoff", "first_month", "last_month",
//!  "year", "small_cell_threshold", "software", "n": {...CockpitN}, "warnings": [...],
//!  "about": [{"term", "text"}],
//!  "sheets": [{"sheet": "Månedligt forbrug", "table": TABLE}],      TABLE as summary::Table
//!  "charts": [{"id", "title", "x_label", "y_label", "caption", "categories", "series"}]}
//! ```

use super::charts::{self, escape, ChartText, Series};
use super::format as fmt;
use super::html::{table_html, CSS};
use super::{Chart, ChartSeries};
use crate::data::YearMonth;
use crate::economics::{Cockpit, CockpitN};
use crate::error::{Error, Result};
use crate::summary::{
    is_small, suppress, Amount, Cell, Column, ColumnKind, CostSource, Count, Line, Share, Table,
};
use crate::Lang;
use chrono::NaiveDate;
use serde::Serialize;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// Words of the cockpit, Danish and English side by side.
#[derive(Debug, Clone, Copy)]
enum T {
    Title,
    Intro,
    SourceLedger,
    SourceEpisodes,
    Month,
    Year,
    Months,
    Measure,
    Total,
    TotalDistinct,
    SheetMonthly,
    SheetAverage,
    SheetCases,
    SheetFlow,
    SheetDistribution,
    SheetBands,
    SheetAges,
    SheetAbout,
    TitleMonthly,
    TitleAverage,
    TitleCases,
    TitleFlow,
    TitleDistribution,
    TitleBands,
    TitleAges,
    Starts,
    Stops,
    StartsTotal,
    StopsTotal,
    Cases,
    CaseShare,
    Amount,
    AmountShare,
    Citizens,
    AgeGroup,
    Band,
    BandOpen,
    Years,
    UnknownAge,
    NoPerson,
    NoteSmall,
    NoteSecondary,
    NoteFew,
    NoteCases,
    NoteAverage,
    NoteBandsNegative,
    NoteAgeOn,
    NoteCaseShare,
    ChartSpendTitle,
    ChartSpendX,
    ChartSpendY,
    ChartSpendCaption,
    ChartCasesTitle,
    ChartCasesY,
    ChartCasesCaption,
    Others,
    AboutSource,
    AboutPeriod,
    AboutCutoff,
    AboutYear,
    AboutSuppression,
    AboutSuppressionText,
    AboutLedgerRows,
    AboutLedgerUsed,
    AboutAfterCutoff,
    AboutWithoutPerson,
    AboutExcludedLedger,
    AboutExcludedEpisodes,
    AboutExcludedPersons,
    AboutEpisodesNoRate,
    AboutNoAge,
    AboutTotals,
    AboutTotalsText,
    AboutSoftware,
    Warnings,
    DataAsOf,
    Definitions,
}

impl T {
    fn get(self, lang: Lang) -> &'static str {
        let (da, en) = match self {
            T::Title => ("Økonomisk cockpit: udsatte børn og unge", "Economic cockpit: children and young people at risk"),
            T::Intro => ("Cockpittet viser forbrug, aktive sager og tilgang og afgang måned for måned pr. indsats, årets fordeling på indsatser, borgere fordelt på årlige udgifter og forbrug fordelt på alder. Det samme findes som regneark (cockpit.xlsx) med ét ark pr. tabel.", "The cockpit shows spending, active cases and starts and stops month by month per measure, the year's distribution over measures, citizens by annual cost and spending by age. The same is in the workbook (cockpit.xlsx), one sheet per table."),
            T::SourceLedger => ("Beløbene er summen af posteringerne i udgiftsregnskabet (costs).", "The amounts are the sums of the lines of the cost ledger (costs)."),
            T::SourceEpisodes => ("Der er intet udgiftsregnskab, så beløbene er beregnet af indsatsernes takster gange dage.", "There is no cost ledger, so the amounts are the measures' rates times days."),
            T::Month => ("Måned", "Month"),
            T::Year => ("År", "Year"),
            T::Months => ("Måneder", "Months"),
            T::Measure => ("Indsats", "Measure"),
            T::Total => ("I alt", "Total"),
            T::TotalDistinct => ("I alt (hver person én gang)", "Total (each person once)"),
            T::SheetMonthly => ("Månedligt forbrug", "Monthly spending"),
            T::SheetAverage => ("Gennemsnit pr. måned", "Average per month"),
            T::SheetCases => ("Aktive sager", "Active cases"),
            T::SheetFlow => ("Tilgang og afgang", "Starts and stops"),
            T::SheetDistribution => ("Fordeling", "Distribution"),
            T::SheetBands => ("Omkostningsgrupper", "Cost bands"),
            T::SheetAges => ("Aldersgrupper", "Age groups"),
            T::SheetAbout => ("Om data", "About the data"),
            T::TitleMonthly => ("Forbrug pr. måned fordelt på indsatser (kr.)", "Spending per month by measure (DKK)"),
            T::TitleAverage => ("Gennemsnitligt forbrug pr. måned i hvert år (kr.)", "Average spending per month in each year (DKK)"),
            T::TitleCases => ("Aktive sager (personer) pr. måned fordelt på indsatser", "Active cases (persons) per month by measure"),
            T::TitleFlow => ("Påbegyndte (tilgang) og afsluttede (afgang) indsatser pr. måned", "Measures started and ended per month"),
            T::TitleDistribution => ("Fordeling på indsatser i {year}: sager og udgifter", "Distribution over measures in {year}: cases and spending"),
            T::TitleBands => ("Borgere fordelt på årlige udgifter", "Citizens by annual cost"),
            T::TitleAges => ("Forbrug fordelt på aldersgrupper i {year}", "Spending by age group in {year}"),
            T::Starts => ("tilgang", "started"),
            T::Stops => ("afgang", "ended"),
            T::StartsTotal => ("Tilgang i alt", "Started, total"),
            T::StopsTotal => ("Afgang i alt", "Ended, total"),
            T::Cases => ("Sager (personer)", "Cases (persons)"),
            T::CaseShare => ("Andel af sager", "Share of cases"),
            T::Amount => ("Udgift (kr.)", "Spending (DKK)"),
            T::AmountShare => ("Andel af udgift", "Share of spending"),
            T::Citizens => ("Borgere", "Citizens"),
            T::AgeGroup => ("Aldersgruppe", "Age group"),
            T::Band => ("Årlig udgift", "Annual cost"),
            T::BandOpen => ("{lo} og derover", "{lo} and more"),
            T::Years => ("år", "years"),
            T::UnknownAge => ("Ukendt alder", "Age unknown"),
            T::NoPerson => ("Posteringer uden person", "Ledger lines without a person"),
            T::NoteSmall => ("<{t}: færre end {t} personer vises ikke.", "<{t}: fewer than {t} persons are not shown."),
            T::NoteSecondary => ("x: skjult, så et tal under {t} ikke kan regnes ud fra totalen.", "x: hidden so that a number below {t} cannot be worked out from the total."),
            T::NoteFew => ("*: beløbet vedrører færre end {t} personer.", "*: the amount concerns fewer than {t} persons."),
            T::NoteCases => ("En person med flere indsatser tælles under hver af dem, men kun én gang i »i alt«.", "A person with several measures counts under each, but once in the total."),
            T::NoteAverage => ("Gennemsnit = årets forbrug delt med antal måneder med data det år.", "Average = the year's spending divided by the months with data that year."),
            T::NoteBandsNegative => ("{year}: {n} borgere med større refusioner end udgifter er udeladt.", "{year}: {n} citizens with refunds larger than their costs are left out."),
            T::NoteAgeOn => ("Alder den {date}. Borgere uden fødselsdato eller fødselsår står under »ukendt alder«.", "Age on {date}. Citizens without a birth date or year are under \"age unknown\"."),
            T::NoteCaseShare => ("Andel af sager = indsatsens sager delt med summen af sager på alle indsatser.", "Share of cases = the measure's cases divided by the sum of cases over all measures."),
            T::ChartSpendTitle => ("Forbrug pr. måned fordelt på indsatser", "Spending per month by measure"),
            T::ChartSpendX => ("Måned", "Month"),
            T::ChartSpendY => ("Forbrug ({unit})", "Spending ({unit})"),
            T::ChartSpendCaption => ("Forbrug pr. måned fra {from} til {to}, de {k} største indsatser og resten samlet. {n} personer havde en indsats i {year}.", "Spending per month from {from} to {to}, the {k} largest measures and the rest together. {n} persons had a measure in {year}."),
            T::ChartCasesTitle => ("Aktive sager pr. måned", "Active cases per month"),
            T::ChartCasesY => ("Personer", "Persons"),
            T::ChartCasesCaption => ("Personer med en aktiv indsats pr. måned fra {from} til {to}, de {k} største indsatser og alle i alt. Tal under {t} er ikke tegnet.", "Persons with an active measure per month from {from} to {to}, the {k} largest measures and everyone together. Numbers below {t} are not drawn."),
            T::Others => ("Øvrige indsatser", "Other measures"),
            T::AboutSource => ("Kilde", "Source"),
            T::AboutPeriod => ("Periode", "Period"),
            T::AboutCutoff => ("Opgørelsesdato (cut-off)", "Cut-off date"),
            T::AboutYear => ("År for fordeling og aldersgrupper", "Year of the distribution and age groups"),
            T::AboutSuppression => ("Diskretionering", "Suppression"),
            T::AboutSuppressionText => ("Antal personer (eller indsatser) fra 1 til {t1} vises som »<{t}«; hvor tal summer til en total, skjules endnu et tal (»x«). Beløb vises altid.", "Counts of persons (or measures) from 1 to {t1} are shown as \"<{t}\"; where numbers add up to a total, one more is hidden (\"x\"). Amounts are always shown."),
            T::AboutLedgerRows => ("Rækker i udgiftsregnskabet", "Ledger rows"),
            T::AboutLedgerUsed => ("Heraf brugt", "Of which used"),
            T::AboutAfterCutoff => ("Rækker efter opgørelsesmåneden (udeladt)", "Rows after the cut-off month (left out)"),
            T::AboutWithoutPerson => ("Rækker uden person (ikke i omkostningsgrupper)", "Rows without a person (not in the cost bands)"),
            T::AboutExcludedLedger => ("Rækker i udgiftsregnskabet udeladt ved validering", "Ledger rows left out by validation"),
            T::AboutExcludedEpisodes => ("Indsatser udeladt ved validering", "Episodes left out by validation"),
            T::AboutExcludedPersons => ("Personer udeladt ved validering", "Persons left out by validation"),
            T::AboutEpisodesNoRate => ("Indsatser uden takst (beregnet forbrug 0)", "Episodes without a rate (spending 0)"),
            T::AboutNoAge => ("Borgere med udgift uden kendt alder", "Citizens with spending and no known age"),
            T::AboutTotals => ("Totaler", "Totals"),
            T::AboutTotalsText => ("Totalrækker og -kolonner med beløb er Excel-formler (SUM) med den beregnede værdi gemt. Totaler af antal er antal personer beregnet før diskretionering, ikke summer af de viste tal.", "Total rows and columns of amounts are Excel formulas (SUM) with the computed value stored. Totals of counts are counts of persons computed before suppression, not sums of the cells shown."),
            T::AboutSoftware => ("Program", "Software"),
            T::Warnings => ("Vær opmærksom på", "Please note"),
            T::DataAsOf => ("Data pr. {date}", "Data as of {date}"),
            T::Definitions => ("Om data", "About the data"),
        };
        match lang {
            Lang::Da => da,
            Lang::En => en,
        }
    }

    fn fill(self, lang: Lang, args: &[(&str, String)]) -> String {
        super::text::fill(self.get(lang), args)
    }
}

/// One sheet of the workbook: its name and its table.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CockpitSheet {
    /// The sheet name (at most 31 characters).
    pub sheet: String,
    /// The table.
    pub table: Table,
}

/// A term and its value, for "Om data".
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AboutItem {
    /// The term.
    pub term: String,
    /// Its value as text.
    pub text: String,
    /// Its value as a number, where it is a count.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub count: Option<usize>,
}

/// [`CockpitN`] as shown: rows as they are; the two counts of citizens suppressed.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RenderedN {
    /// Ledger rows given.
    pub ledger_rows: usize,
    /// Of them, in the cockpit's months.
    pub ledger_rows_used: usize,
    /// Booked after the cut-off month, left out.
    pub ledger_rows_after_cutoff: usize,
    /// Their kroner.
    pub ledger_amount_after_cutoff: f64,
    /// Used, but naming no person.
    pub ledger_rows_without_person: usize,
    /// Left out by validation.
    pub ledger_rows_excluded_by_validation: usize,
    /// Episode rows given.
    pub episodes: usize,
    /// Episodes active in the period with no rate (episodes source).
    pub episodes_without_rate: usize,
    /// Left out by validation.
    pub episodes_excluded_by_validation: usize,
    /// Person rows given.
    pub persons: usize,
    /// Left out by validation.
    pub persons_excluded_by_validation: usize,
    /// Citizens with spending in the year whose age is unknown (a count cell).
    pub persons_without_age: Cell,
    /// Per year: citizens left out of the cost bands, their year's cost being negative.
    pub negative_annual_costs: Vec<RenderedYearCount>,
}

/// A count of citizens in one year, as shown.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RenderedYearCount {
    /// The year.
    pub year: i32,
    /// The count cell.
    pub count: Cell,
}

impl RenderedN {
    fn new(n: &CockpitN, threshold: usize) -> RenderedN {
        let cell = |v: usize| Cell::Count(Count::primary(v, threshold));
        RenderedN {
            ledger_rows: n.ledger_rows,
            ledger_rows_used: n.ledger_rows_used,
            ledger_rows_after_cutoff: n.ledger_rows_after_cutoff,
            ledger_amount_after_cutoff: n.ledger_amount_after_cutoff,
            ledger_rows_without_person: n.ledger_rows_without_person,
            ledger_rows_excluded_by_validation: n.ledger_rows_excluded_by_validation,
            episodes: n.episodes,
            episodes_without_rate: n.episodes_without_rate,
            episodes_excluded_by_validation: n.episodes_excluded_by_validation,
            persons: n.persons,
            persons_excluded_by_validation: n.persons_excluded_by_validation,
            persons_without_age: cell(n.persons_without_age),
            negative_annual_costs: n
                .negative_annual_costs
                .iter()
                .map(|y| RenderedYearCount {
                    year: y.year,
                    count: cell(y.count),
                })
                .collect(),
        }
    }
}

/// The cockpit as it is shown: suppressed tables, charts and words.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CockpitReport {
    /// The title.
    pub title: String,
    /// The language.
    pub lang: Lang,
    /// Where the amounts come from.
    pub source: CostSource,
    /// The cut-off date.
    pub cutoff: NaiveDate,
    /// First month.
    pub first_month: YearMonth,
    /// Last month.
    pub last_month: YearMonth,
    /// The year of the distribution and age groups.
    pub year: i32,
    /// The small-cell threshold.
    pub small_cell_threshold: usize,
    /// The software and its version.
    pub software: String,
    /// Rows behind it (counts of citizens suppressed as the tables' are).
    pub n: RenderedN,
    /// What a reader should know.
    pub warnings: Vec<String>,
    /// Source, period, cut-off, suppression rule, rows left out.
    pub about: Vec<AboutItem>,
    /// The tables, one per sheet, in order.
    pub sheets: Vec<CockpitSheet>,
    /// The charts.
    pub charts: Vec<Chart>,
}

/// A sheet name Excel accepts: no `[]:*?/\`, at most 31 characters.
pub(super) fn sheet_name(name: &str) -> String {
    name.chars()
        .map(|c| if "[]:*?/\\".contains(c) { '-' } else { c })
        .take(31)
        .collect()
}

/// The name of the "Om data" sheet.
pub(super) fn about_sheet(lang: Lang) -> String {
    sheet_name(T::SheetAbout.get(lang))
}

/// Renders a cockpit: suppresses small counts, writes the words and draws the charts.
///
/// ```
/// use indsats::economics::CockpitParams;
/// use indsats::report::build_cockpit;
/// let data = indsats::datasets::example().unwrap();
/// let r = build_cockpit(&CockpitParams::new().fit(&data).unwrap(), indsats::Lang::Da).unwrap();
/// assert_eq!(r.sheets[0].sheet, "Månedligt forbrug");
/// assert!(r.to_html().contains("<svg"));
/// assert_eq!(&r.to_xlsx().unwrap()[..2], b"PK"); // a zip, as every .xlsx
/// ```
///
/// # Errors
/// A threshold of 0; a chart that cannot be drawn.
pub fn build_cockpit(c: &Cockpit, lang: Lang) -> Result<CockpitReport> {
    let t = c.small_cell_threshold;
    if t == 0 {
        return Err(Error::parameter(
            "small_cell_threshold",
            "must be at least 1 (1 shows every count); got 0",
        ));
    }
    let s = |k: T| k.get(lang).to_string();
    let targs = || {
        vec![
            ("t", t.to_string()),
            ("t1", t.saturating_sub(1).to_string()),
        ]
    };
    let name = |j: usize| match lang {
        Lang::Da => c.measure_names[j].da.clone(),
        Lang::En => c.measure_names[j].en.clone(),
    };
    let k = c.measures.len();
    let amount = |value: f64, persons: usize| {
        Cell::Amount(Amount {
            value,
            few_persons: is_small(persons, t),
        })
    };
    let notes = |table: &mut Table| {
        if table.has_suppressed(false) {
            table.notes.push(T::NoteSmall.fill(lang, &targs()));
        }
        if table.has_suppressed(true) {
            table.notes.push(T::NoteSecondary.fill(lang, &targs()));
        }
        if table.has_few_persons() {
            table.notes.push(T::NoteFew.fill(lang, &targs()));
        }
    };
    let measure_columns = |kind: ColumnKind| -> Vec<Column> {
        (0..k)
            .map(|j| Column::new(c.measures[j].clone(), name(j), kind))
            .collect()
    };
    let mut sheets = Vec::new();

    // 1. spending per month
    let mut columns = vec![Column::new("month", s(T::Month), ColumnKind::Text)];
    columns.extend(measure_columns(ColumnKind::Amount));
    columns.push(Column::new("total", s(T::Total), ColumnKind::Amount));
    let mut table = Table::new("monthly_spending", s(T::TitleMonthly), columns);
    for m in &c.months {
        let mut cells = vec![Cell::text(m.month.to_string())];
        cells.extend((0..k).map(|j| amount(m.amounts[j], m.cases[j])));
        cells.push(amount(m.total, m.cases_total));
        table.push(false, cells);
    }
    let mut cells = vec![Cell::text(s(T::Total))];
    cells.extend((0..k).map(|j| amount(c.months.iter().map(|m| m.amounts[j]).sum(), t)));
    cells.push(amount(c.months.iter().map(|m| m.total).sum(), t));
    table.push(true, cells);
    notes(&mut table);
    sheets.push((T::SheetMonthly, table));

    // 2. average month per year
    let mut columns = vec![
        Column::new("year", s(T::Year), ColumnKind::Text),
        Column::new("months", s(T::Months), ColumnKind::Integer),
    ];
    columns.extend(measure_columns(ColumnKind::Amount));
    columns.push(Column::new("total", s(T::Total), ColumnKind::Amount));
    let mut table = Table::new("monthly_average", s(T::TitleAverage), columns);
    for a in &c.averages {
        let mut cells = vec![
            Cell::text(a.year.to_string()),
            Cell::Integer(a.months as i64),
        ];
        cells.extend(a.amounts.iter().map(|&v| amount(v, t)));
        cells.push(amount(a.total, t));
        table.push(false, cells);
    }
    table.notes.push(s(T::NoteAverage));
    sheets.push((T::SheetAverage, table));

    // 3. active cases
    let mut columns = vec![Column::new("month", s(T::Month), ColumnKind::Text)];
    columns.extend(measure_columns(ColumnKind::Count));
    columns.push(Column::new("total", s(T::TotalDistinct), ColumnKind::Count));
    let mut table = Table::new("active_cases", s(T::TitleCases), columns);
    for m in &c.months {
        let mut cells = vec![Cell::text(m.month.to_string())];
        cells.extend((0..k).map(|j| Cell::Count(Count::primary(m.cases[j], t))));
        cells.push(Cell::Count(Count::primary(m.cases_total, t)));
        table.push(false, cells);
    }
    table.notes.push(s(T::NoteCases));
    notes(&mut table);
    sheets.push((T::SheetCases, table));

    // 4. starts and stops
    let mut columns = vec![Column::new("month", s(T::Month), ColumnKind::Text)];
    for (prefix, word, total_key, total_label) in [
        ("start", T::Starts, "starts_total", T::StartsTotal),
        ("stop", T::Stops, "stops_total", T::StopsTotal),
    ] {
        columns.extend((0..k).map(|j| {
            Column::new(
                format!("{prefix}_{}", c.measures[j]),
                format!("{}: {}", name(j), s(word)),
                ColumnKind::Count,
            )
        }));
        columns.push(Column::new(total_key, s(total_label), ColumnKind::Count));
    }
    let mut table = Table::new("starts_stops", s(T::TitleFlow), columns);
    let lines = [
        Line {
            parts: (0..k).collect(),
            total: k,
        },
        Line {
            parts: (k + 1..2 * k + 1).collect(),
            total: 2 * k + 1,
        },
    ];
    for m in &c.months {
        let mut values = m.starts.clone();
        values.push(m.starts_total);
        values.extend(&m.stops);
        values.push(m.stops_total);
        let sup = suppress(&values, &lines, t);
        let mut cells = vec![Cell::text(m.month.to_string())];
        cells.extend(
            values
                .iter()
                .zip(&sup)
                .map(|(&v, &s)| Cell::Count(Count::new(v, s))),
        );
        table.push(false, cells);
    }
    notes(&mut table);
    sheets.push((T::SheetFlow, table));

    // 5. distribution in the year
    let d = &c.distribution;
    let columns = vec![
        Column::new("measure", s(T::Measure), ColumnKind::Text),
        Column::new("cases", s(T::Cases), ColumnKind::Count),
        Column::new("case_share", s(T::CaseShare), ColumnKind::Share),
        Column::new("amount", s(T::Amount), ColumnKind::Amount),
        Column::new("amount_share", s(T::AmountShare), ColumnKind::Share),
    ];
    let year_args = [("year", d.year.to_string())];
    let mut table = Table::new(
        "distribution",
        T::TitleDistribution.fill(lang, &year_args),
        columns,
    );
    let share = |v: Option<f64>| Cell::Share(v.map_or(Share::Undefined, Share::Shown));
    for (j, r) in d.rows.iter().enumerate() {
        let cases = Count::primary(r.cases, t);
        table.push(
            false,
            vec![
                Cell::text(name(j)),
                Cell::Count(cases),
                if cases.shown().is_some() {
                    share(r.case_share)
                } else {
                    Cell::Share(Share::Suppressed)
                },
                amount(r.amount, r.cases),
                share(r.amount_share),
            ],
        );
    }
    table.push(
        true,
        vec![
            Cell::text(s(T::TotalDistinct)),
            Cell::Count(Count::primary(d.cases_total, t)),
            share((d.cases_sum > 0).then_some(1.0)),
            amount(d.amount_total, d.cases_total),
            share((d.amount_total != 0.0).then_some(1.0)),
        ],
    );
    table.notes.push(s(T::NoteCases));
    table.notes.push(s(T::NoteCaseShare));
    notes(&mut table);
    sheets.push((T::SheetDistribution, table));

    // 6. cost bands
    if let Some(b) = &c.cost_bands {
        let mut columns = vec![Column::new("band", s(T::Band), ColumnKind::Text)];
        columns.extend(
            b.years
                .iter()
                .map(|y| Column::new(y.to_string(), y.to_string(), ColumnKind::Count)),
        );
        let mut table = Table::new("cost_bands", s(T::TitleBands), columns);
        // values column by column: the bands, then the total
        let rows = b.bands.len() + 1;
        let mut values = Vec::new();
        let mut lines = Vec::new();
        for (y, _) in b.years.iter().enumerate() {
            let base = values.len();
            values.extend(b.bands.iter().map(|band| band.counts[y] as usize));
            values.push(b.totals[y] as usize);
            lines.push(Line {
                parts: (base..base + rows - 1).collect(),
                total: base + rows - 1,
            });
        }
        let sup = suppress(&values, &lines, t);
        for r in 0..rows {
            let label = match b.bands.get(r) {
                Some(band) => match band.upper {
                    // 0–100.000 kr. / DKK 0–100,000
                    Some(hi) => fmt::kroner(0.0, lang).replacen(
                        '0',
                        &format!(
                            "{}–{}",
                            fmt::decimal(band.lower, 0, lang),
                            fmt::decimal(hi, 0, lang)
                        ),
                        1,
                    ),
                    None => T::BandOpen.fill(lang, &[("lo", fmt::kroner(band.lower, lang))]),
                },
                None => s(T::Total),
            };
            let mut cells = vec![Cell::text(label)];
            cells.extend(
                (0..b.years.len())
                    .map(|y| Cell::Count(Count::new(values[y * rows + r], sup[y * rows + r]))),
            );
            table.push(r == rows - 1, cells);
        }
        for n in &c.n.negative_annual_costs {
            table.notes.push(T::NoteBandsNegative.fill(
                lang,
                &[
                    ("year", n.year.to_string()),
                    ("n", fmt::count(Count::primary(n.count, t), t, lang)),
                ],
            ));
        }
        notes(&mut table);
        sheets.push((T::SheetBands, table));
    }

    // 7. age groups
    if let Some(a) = &c.age_groups {
        let columns = vec![
            Column::new("age_group", s(T::AgeGroup), ColumnKind::Text),
            Column::new("citizens", s(T::Citizens), ColumnKind::Count),
            Column::new("amount", s(T::Amount), ColumnKind::Amount),
            Column::new("share", s(T::AmountShare), ColumnKind::Share),
        ];
        let mut table = Table::new(
            "age_groups",
            T::TitleAges.fill(lang, &[("year", a.year.to_string())]),
            columns,
        );
        // persons per group (no_person has none) add up to the total
        let with: Vec<usize> = (0..a.groups.len())
            .filter(|&g| a.groups[g].persons.is_some())
            .collect();
        let mut values: Vec<usize> = with
            .iter()
            .map(|&g| a.groups[g].persons.unwrap_or(0))
            .collect();
        values.push(a.persons_total);
        let sup = suppress(
            &values,
            &[Line {
                parts: (0..with.len()).collect(),
                total: with.len(),
            }],
            t,
        );
        for (g, group) in a.groups.iter().enumerate() {
            let label = match group.group.as_str() {
                "unknown_age" => s(T::UnknownAge),
                "no_person" => s(T::NoPerson),
                other => format!("{} {}", other.replace('-', "–"), s(T::Years)),
            };
            let persons = with
                .iter()
                .position(|&w| w == g)
                .map_or(Cell::Empty, |i| Cell::Count(Count::new(values[i], sup[i])));
            table.push(
                false,
                vec![
                    Cell::text(label),
                    persons,
                    amount(group.spend, group.persons.unwrap_or(t)),
                    Cell::Share(Share::Shown(group.share)),
                ],
            );
        }
        let last = values.len() - 1;
        table.push(
            true,
            vec![
                Cell::text(s(T::Total)),
                Cell::Count(Count::new(values[last], sup[last])),
                amount(a.total, a.persons_total),
                Cell::Share(Share::Shown(1.0)),
            ],
        );
        table
            .notes
            .push(T::NoteAgeOn.fill(lang, &[("date", fmt::date(a.age_on, lang))]));
        notes(&mut table);
        sheets.push((T::SheetAges, table));
    }

    let sheets: Vec<CockpitSheet> = sheets
        .into_iter()
        .map(|(k, table)| CockpitSheet {
            sheet: sheet_name(k.get(lang)),
            table,
        })
        .collect();

    // about the data
    let n = &c.n;
    let count = |term: T, v: usize| AboutItem {
        term: s(term),
        text: fmt::integer(v as i64, lang),
        count: Some(v),
    };
    let mut about = vec![
        AboutItem {
            term: s(T::AboutSource),
            text: s(match c.source {
                CostSource::Ledger => T::SourceLedger,
                CostSource::Episodes => T::SourceEpisodes,
            }),
            count: None,
        },
        AboutItem {
            term: s(T::AboutPeriod),
            text: format!("{} – {}", c.first_month, c.last_month),
            count: None,
        },
        AboutItem {
            term: s(T::AboutCutoff),
            text: c.cutoff.to_string(),
            count: None,
        },
        AboutItem {
            term: s(T::AboutYear),
            text: c.year.to_string(),
            count: None,
        },
        AboutItem {
            term: s(T::AboutSuppression),
            text: T::AboutSuppressionText.fill(lang, &targs()),
            count: None,
        },
        AboutItem {
            term: s(T::AboutTotals),
            text: s(T::AboutTotalsText),
            count: None,
        },
    ];
    if c.source == CostSource::Ledger {
        about.push(count(T::AboutLedgerRows, n.ledger_rows));
        about.push(count(T::AboutLedgerUsed, n.ledger_rows_used));
        about.push(count(T::AboutAfterCutoff, n.ledger_rows_after_cutoff));
        about.push(count(T::AboutWithoutPerson, n.ledger_rows_without_person));
    } else {
        about.push(count(T::AboutEpisodesNoRate, n.episodes_without_rate));
    }
    about.push(count(
        T::AboutExcludedLedger,
        n.ledger_rows_excluded_by_validation,
    ));
    about.push(count(
        T::AboutExcludedEpisodes,
        n.episodes_excluded_by_validation,
    ));
    about.push(count(
        T::AboutExcludedPersons,
        n.persons_excluded_by_validation,
    ));
    // a count of citizens: hidden when small
    about.push(match Count::primary(n.persons_without_age, t) {
        Count::Shown(v) => count(T::AboutNoAge, v),
        hidden => AboutItem {
            term: s(T::AboutNoAge),
            text: fmt::count(hidden, t, lang),
            count: None,
        },
    });
    let software = format!("indsats {}", env!("CARGO_PKG_VERSION"));
    about.push(AboutItem {
        term: s(T::AboutSoftware),
        text: software.clone(),
        count: None,
    });

    let charts = cockpit_charts(c, lang)?;
    Ok(CockpitReport {
        title: s(T::Title),
        lang,
        source: c.source,
        cutoff: c.cutoff,
        first_month: c.first_month,
        last_month: c.last_month,
        year: c.year,
        small_cell_threshold: t,
        software,
        n: RenderedN::new(&c.n, t),
        warnings: c.warnings.clone(),
        about,
        sheets,
        charts,
    })
}

/// Measures drawn one by one; the rest are drawn together.
const MEASURES_IN_CHART: usize = 6;

/// Spending (stacked bars) and active cases (lines) over the chosen year's months and
/// the year before.
fn cockpit_charts(c: &Cockpit, lang: Lang) -> Result<Vec<Chart>> {
    let t = c.small_cell_threshold;
    let s = |k: T| k.get(lang).to_string();
    let name = |j: usize| match lang {
        Lang::Da => c.measure_names[j].da.clone(),
        Lang::En => c.measure_names[j].en.clone(),
    };
    let end = c
        .months
        .iter()
        .rposition(|m| m.month.year == c.year)
        .expect("the year is covered");
    let begin = c
        .months
        .iter()
        .position(|m| m.month.year >= c.year - 1)
        .expect("the year is covered");
    let months = &c.months[begin..=end];
    // a label every third month (January, April, July, October) keeps them apart
    let categories: Vec<String> = months
        .iter()
        .map(|m| {
            if (m.month.month - 1) % 3 == 0 {
                fmt::month_short(m.month, lang)
            } else {
                String::new()
            }
        })
        .collect();
    let (first, last) = (months[0].month, months[months.len() - 1].month);
    let k = c.measures.len();
    let by = |f: &dyn Fn(usize) -> f64| {
        let mut order: Vec<usize> = (0..k).collect();
        let sums: Vec<f64> = (0..k).map(f).collect();
        order.sort_by(|&a, &b| sums[b].total_cmp(&sums[a]).then(a.cmp(&b)));
        order
    };
    let mut out = Vec::new();

    // spending
    let order = by(&|j| months.iter().map(|m| m.amounts[j]).sum());
    let top: Vec<usize> = order.iter().copied().take(MEASURES_IN_CHART).collect();
    let rest: Vec<usize> = order.iter().copied().skip(MEASURES_IN_CHART).collect();
    let max = months.iter().map(|m| m.total).fold(0.0, f64::max);
    let (scale, unit) = match (max, lang) {
        (m, Lang::Da) if m >= 1e6 => (1e6, "mio. kr."),
        (m, Lang::En) if m >= 1e6 => (1e6, "DKK million"),
        (m, Lang::Da) if m >= 1e4 => (1e3, "1.000 kr."),
        (m, Lang::En) if m >= 1e4 => (1e3, "DKK thousand"),
        (_, Lang::Da) => (1.0, "kr."),
        (_, Lang::En) => (1.0, "DKK"),
    };
    // stacked from the largest at the bottom; the rest on top
    let mut series: Vec<Series> = top
        .iter()
        .map(|&j| Series {
            name: name(j),
            values: months
                .iter()
                .map(|m| Some(m.amounts[j].max(0.0) / scale))
                .collect(),
        })
        .collect();
    if !rest.is_empty() {
        series.push(Series {
            name: s(T::Others),
            values: months
                .iter()
                .map(|m| Some(rest.iter().map(|&j| m.amounts[j].max(0.0)).sum::<f64>() / scale))
                .collect(),
        });
    }
    let year_cases = c
        .averages
        .iter()
        .position(|a| a.year == c.year)
        .map(|_| c.distribution.cases_total)
        .unwrap_or(0);
    let text = ChartText {
        title: s(T::ChartSpendTitle),
        x_label: s(T::ChartSpendX),
        y_label: T::ChartSpendY.fill(lang, &[("unit", unit.to_string())]),
        description: T::ChartSpendCaption.fill(
            lang,
            &[
                ("from", fmt::month_short(first, lang)),
                ("to", fmt::month_short(last, lang)),
                ("k", top.len().to_string()),
                ("n", fmt::count(Count::primary(year_cases, t), t, lang)),
                ("year", c.year.to_string()),
            ],
        ),
    };
    let y_fmt = move |v: f64| fmt::decimal(v, if scale == 1e6 { 1 } else { 0 }, lang);
    let svg = charts::stacked_bars(
        "chart-cockpit-spending",
        &text,
        &categories,
        &series,
        false,
        &y_fmt,
    )?;
    out.push(chart_of(
        "chart-cockpit-spending",
        text,
        &categories,
        &series,
        svg,
    ));

    // active cases
    let order = by(&|j| months.iter().map(|m| m.cases[j] as f64).sum());
    let top: Vec<usize> = order.iter().copied().take(MEASURES_IN_CHART - 1).collect();
    let shown = |v: usize| Count::primary(v, t).shown().map(|v| v as f64);
    let mut series: Vec<Series> = vec![Series {
        name: s(T::TotalDistinct),
        values: months.iter().map(|m| shown(m.cases_total)).collect(),
    }];
    series.extend(top.iter().map(|&j| Series {
        name: name(j),
        values: months.iter().map(|m| shown(m.cases[j])).collect(),
    }));
    let mut args = vec![
        ("from", fmt::month_short(first, lang)),
        ("to", fmt::month_short(last, lang)),
        ("k", top.len().to_string()),
    ];
    args.push(("t", t.to_string()));
    let text = ChartText {
        title: s(T::ChartCasesTitle),
        x_label: s(T::ChartSpendX),
        y_label: s(T::ChartCasesY),
        description: T::ChartCasesCaption.fill(lang, &args),
    };
    let y_fmt = move |v: f64| fmt::decimal(v, 0, lang);
    let svg = charts::lines("chart-cockpit-cases", &text, &categories, &series, &y_fmt)?;
    out.push(chart_of(
        "chart-cockpit-cases",
        text,
        &categories,
        &series,
        svg,
    ));
    Ok(out)
}

fn chart_of(
    id: &str,
    text: ChartText,
    categories: &[String],
    series: &[Series],
    svg: String,
) -> Chart {
    Chart {
        id: id.into(),
        title: text.title,
        x_label: text.x_label,
        y_label: text.y_label,
        caption: text.description,
        data_table: None,
        categories: categories.to_vec(),
        series: series
            .iter()
            .map(|s| ChartSeries {
                name: s.name.clone(),
                values: s.values.clone(),
            })
            .collect(),
        svg,
    }
}

impl CockpitReport {
    /// The sheet with this name.
    pub fn sheet(&self, name: &str) -> Option<&CockpitSheet> {
        self.sheets.iter().find(|s| s.sheet == name)
    }

    /// The table with this id.
    pub fn table(&self, id: &str) -> Option<&Table> {
        self.sheets.iter().map(|s| &s.table).find(|t| t.id == id)
    }

    /// The cockpit as one self-contained HTML page (the report's style; no scripts,
    /// fonts or images fetched).
    pub fn to_html(&self) -> String {
        let lang = self.lang;
        let mut h = String::new();
        let code = match lang {
            Lang::Da => "da",
            Lang::En => "en",
        };
        let _ = writeln!(
            h,
            "<!DOCTYPE html>\n<html lang=\"{code}\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{}</title>\n<style>\n{CSS}th[scope=\"row\"] {{ white-space: nowrap; }}\n</style>\n</head>\n<body>\n<header>",
            escape(&self.title)
        );
        let _ = writeln!(h, "<h1>{}</h1>", escape(&self.title));
        let _ = writeln!(
            h,
            "<p class=\"meta\">{} · {} – {}</p>\n</header>\n<main>\n<section id=\"cockpit\">",
            escape(&T::DataAsOf.fill(lang, &[("date", fmt::date(self.cutoff, lang))])),
            escape(&fmt::month_short(self.first_month, lang)),
            escape(&fmt::month_short(self.last_month, lang)),
        );
        let _ = writeln!(h, "<p>{}</p>", escape(T::Intro.get(lang)));
        if !self.warnings.is_empty() {
            let _ = writeln!(
                h,
                "<aside class=\"warnings\" role=\"note\">\n<h3>{}</h3>\n<ul>",
                escape(T::Warnings.get(lang))
            );
            for w in &self.warnings {
                let _ = writeln!(h, "<li>{}</li>", escape(w));
            }
            let _ = writeln!(h, "</ul>\n</aside>");
        }
        for (i, c) in self.charts.iter().enumerate() {
            let _ = writeln!(
                h,
                "<figure id=\"{}\">\n{}<figcaption><strong>{} {}: {}.</strong> {}</figcaption>\n</figure>",
                escape(&c.id),
                c.svg,
                match lang {
                    Lang::Da => "Figur",
                    Lang::En => "Figure",
                },
                i + 1,
                escape(&c.title),
                escape(&c.caption)
            );
        }
        let _ = writeln!(h, "</section>");
        for s in &self.sheets {
            let _ = writeln!(
                h,
                "<section id=\"s-{id}\" aria-labelledby=\"h-{id}\">\n<h2 id=\"h-{id}\">{}</h2>",
                escape(&s.sheet),
                id = escape(&s.table.id)
            );
            table_html(&mut h, &s.table, self.small_cell_threshold, lang);
            let _ = writeln!(h, "</section>");
        }
        let _ = writeln!(
            h,
            "<section id=\"about\" aria-labelledby=\"h-about\">\n<h2 id=\"h-about\">{}</h2>\n<dl>",
            escape(T::Definitions.get(lang))
        );
        for a in &self.about {
            let _ = writeln!(
                h,
                "<dt>{}</dt>\n<dd>{}</dd>",
                escape(&a.term),
                escape(&a.text)
            );
        }
        let _ = writeln!(
            h,
            "</dl>\n</section>\n</main>\n<footer>\n<p>{}</p>\n</footer>\n</body>\n</html>",
            escape(&self.software)
        );
        h
    }

    /// The cockpit as pretty-printed JSON (see the module docs).
    ///
    /// # Errors
    /// If serialisation fails (it does not: every number is finite or null).
    pub fn to_json(&self) -> Result<String> {
        let mut s = serde_json::to_string_pretty(self)
            .map_err(|e| Error::analysis(format!("could not write the cockpit as JSON: {e}")))?;
        s.push('\n');
        Ok(s)
    }

    /// Writes `cockpit.html`, `cockpit.xlsx` and `cockpit.json` into `dir` (made if
    /// missing) and returns their paths in that order.
    ///
    /// # Errors
    /// If the directory or a file cannot be written; if the HTML or JSON would contain a
    /// CPR-like number (nothing is written then).
    pub fn write_dir(&self, dir: impl AsRef<Path>) -> Result<Vec<PathBuf>> {
        let dir = dir.as_ref();
        let html = self.to_html();
        let json = self.to_json()?;
        for (name, text) in [("cockpit.html", &html), ("cockpit.json", &json)] {
            if crate::data::contains_cpr_like(text) {
                return Err(Error::analysis(format!(
                    "refusing to write {name}: it would contain a CPR-like number (pseudonymise the identifiers)"
                )));
            }
        }
        let xlsx = self.to_xlsx()?;
        std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
        let mut out = Vec::new();
        for (name, bytes) in [
            ("cockpit.html", html.into_bytes()),
            ("cockpit.xlsx", xlsx),
            ("cockpit.json", json.into_bytes()),
        ] {
            let path = dir.join(name);
            std::fs::write(&path, bytes).map_err(|e| Error::io(&path, e))?;
            out.push(path);
        }
        Ok(out)
    }
}
