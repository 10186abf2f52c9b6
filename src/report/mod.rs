//! The report for the council's theme meeting (temamøde): one [`Report`] value, written
//! as `report.html` (self-contained: inline CSS and SVG, nothing fetched), `report.md`
//! and `report.json`.
//!
//! [`build_report`] computes everything (through [`crate::staircase::population`] and
//! [`crate::summary::spending`]), suppresses small counts, and writes every sentence; the
//! writers only format. The same data and options give byte-identical files: the only
//! dates in the output are the data's cut-off and [`ReportOptions::report_date`].
//!
//! # Sections
//! 1. `summary` — Kort fortalt: persons on the staircase now and a year earlier, the
//!    placement mix, measures started and ended, spending this year against last
//! 2. `staircase` — persons per level per year (table, stacked bars), placements
//! 3. `flow` — measures started (by level) and ended (by reason) per year (tables, bars)
//! 4. `spending` — per year and per month by measure, persons per measure (tables, lines)
//! 5. `data` — rows read, used and left out per table, problems per kind, first examples
//! 6. `method` — definitions, the staircase used, cut-off, software
//!
//! # report.json
//! ```text
//! {"title", "municipality", "meeting", "lang": "da"|"en", "cutoff": "2024-12-31",
//!  "report_date": "2025-03-01"|null, "generated_by", "software": "indsats 0.1.0",
//!  "small_cell_threshold": 5,
//!  "n": {"persons", "episodes", "costs", "assessments", "outcomes", "problems",
//!        "rows_excluded", "tables": [{"table", "file", "rows_read", "rows_used",
//!        "excluded": {"end_before_start": 2, ...}}]},
//!  "key_figures": {"year", "counting_date", "previous_counting_date",
//!        "persons_on_staircase": CELL, "persons_on_staircase_previous": CELL,
//!        "placed": CELL, "family_based": CELL, "residential": CELL,
//!        "family_based_share": CELL, "residential_share": CELL,
//!        "starts": CELL, "ends": CELL, "cost_source": "ledger"|"episodes",
//!        "spending": {"from": "2024-01", "to": "2024-12", "amount": 0.0,
//!                     "previous_amount": 0.0|null, "change": 0.0|null}|null},
//!  "warnings": ["..."],
//!  "sections": [{"id", "heading", "blocks": [
//!        {"type": "paragraph", "text"}, {"type": "list", "items": [...]},
//!        {"type": "table", "id", "title", "columns", "rows", "notes"},
//!        {"type": "chart", "id", "title", "x_label", "y_label", "caption",
//!         "data_table": "staircase_on_date"|null, "categories": ["2023", ...],
//!         "series": [{"name", "values": [12.0, null, ...]}]},
//!        {"type": "definitions", "items": [{"term", "text"}]}]}]}
//! ```
//! CELL is a table cell as in [`crate::summary::Table`]: `{"value": 12}`, or
//! `{"value": null, "suppressed": true}` for 1 to threshold − 1 persons (with
//! `"secondary": true` when hidden to protect another cell); a value that does not exist
//! is `{"value": null}`. Numbers are plain JSON numbers, never NaN. Counts in `n` count
//! rows in files, not persons, and are never suppressed.

mod build;
pub mod charts;
pub mod charts_economics;
pub mod charts_its;
pub mod charts_projection;
pub mod charts_synth;
pub mod charts_time;
mod cockpit;
mod cockpit_xlsx;
mod economics;
mod effects;
mod format;
mod html;
mod markdown;
mod over_time;
mod over_time_event_study;
mod over_time_staggered;
mod over_time_synth;
mod placements;
mod progression;
mod text;

pub use build::build_report;
pub use cockpit::{
    build_cockpit, AboutItem, CockpitReport, CockpitSheet, RenderedN, RenderedYearCount,
};

use crate::data::{TableCount, YearMonth};
use crate::error::{Error, Result};
use crate::summary::{CostSource, Count, Share, Table, DEFAULT_THRESHOLD};
use crate::Lang;
use chrono::NaiveDate;
use serde::{Serialize, Serializer};
use std::path::{Path, PathBuf};

/// What the report is for and how to write it.
#[derive(Debug, Clone, PartialEq)]
pub struct ReportOptions {
    /// The title; empty for the default in the report's language.
    pub title: String,
    /// The municipality, e.g. `Hørsholm Kommune`.
    pub municipality: String,
    /// The meeting, e.g. `Temamøde 2025`.
    pub meeting: String,
    /// The language of all text.
    pub lang: Lang,
    /// Counts of persons from 1 to this − 1 are not shown (default 5). Must be at least 1;
    /// 1 turns suppression off.
    pub small_cell_threshold: usize,
    /// Who or what made the report (a unit, a person); shown in the appendix.
    pub generated_by: String,
    /// The report's date, if it should carry one (no clock is read).
    pub report_date: Option<NaiveDate>,
    /// Where baselines and follow-ups are looked for in the progression section.
    pub follow_up: crate::progress::Windows,
    /// The effect evaluation, when the plan asks for one.
    pub effect: Option<crate::plan::EffectSection>,
    /// The intervention evaluated, when the plan names one.
    pub intervention: Option<crate::plan::InterventionSection>,
    /// The economics of the intervention, when the plan asks for them.
    pub economics: Option<crate::plan::EconomicsSection>,
    /// The evaluations over time the plan asks for (panel files resolved against the
    /// plan's folder), one section each.
    pub effect_over_time: Vec<crate::plan::EffectOverTimeSection>,
}

impl Default for ReportOptions {
    fn default() -> Self {
        ReportOptions {
            title: String::new(),
            municipality: String::new(),
            meeting: String::new(),
            lang: Lang::Da,
            small_cell_threshold: DEFAULT_THRESHOLD,
            generated_by: String::new(),
            report_date: None,
            follow_up: crate::progress::Windows::default(),
            effect: None,
            intervention: None,
            economics: None,
            effect_over_time: Vec::new(),
        }
    }
}

impl ReportOptions {
    /// Options in this language, with every other option at its default.
    pub fn new(lang: Lang) -> ReportOptions {
        ReportOptions {
            lang,
            ..ReportOptions::default()
        }
    }

    /// The options a plan's `[report]` section asks for.
    pub fn from_plan(plan: &crate::plan::Plan) -> ReportOptions {
        let r = &plan.report;
        ReportOptions {
            title: r.title.clone(),
            municipality: r.municipality.clone(),
            meeting: r.meeting.clone().unwrap_or_default(),
            lang: r.lang,
            small_cell_threshold: r.small_cell_threshold,
            follow_up: plan.follow_up.windows(),
            effect: plan.effect.clone(),
            intervention: plan.intervention.clone(),
            economics: plan.economics.clone(),
            effect_over_time: plan
                .effect_over_time
                .iter()
                .map(|o| {
                    let mut o = o.clone();
                    if let Some(p) = &mut o.panel {
                        p.file = plan.resolve(&p.file);
                    }
                    o
                })
                .collect(),
            ..ReportOptions::default()
        }
    }

    /// Sets the title.
    pub fn title(mut self, title: impl Into<String>) -> Self {
        self.title = title.into();
        self
    }

    /// Sets the municipality.
    pub fn municipality(mut self, municipality: impl Into<String>) -> Self {
        self.municipality = municipality.into();
        self
    }

    /// Sets the meeting.
    pub fn meeting(mut self, meeting: impl Into<String>) -> Self {
        self.meeting = meeting.into();
        self
    }

    /// Sets the small-cell threshold.
    pub fn small_cell_threshold(mut self, threshold: usize) -> Self {
        self.small_cell_threshold = threshold;
        self
    }

    /// Sets who made the report.
    pub fn generated_by(mut self, by: impl Into<String>) -> Self {
        self.generated_by = by.into();
        self
    }

    /// Sets the report's date.
    pub fn report_date(mut self, date: NaiveDate) -> Self {
        self.report_date = Some(date);
        self
    }

    /// Checks the options.
    ///
    /// # Errors
    /// A small-cell threshold of 0.
    pub fn check(&self) -> Result<()> {
        if self.small_cell_threshold == 0 {
            return Err(Error::parameter(
                "small_cell_threshold",
                "must be at least 1 (1 shows every count); got 0",
            ));
        }
        Ok(())
    }
}

/// Counts of rows behind the report (rows in files, not persons: never suppressed).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReportN {
    /// Persons rows used.
    pub persons: usize,
    /// Episode rows used.
    pub episodes: usize,
    /// Ledger rows used.
    pub costs: usize,
    /// Assessment rows used.
    pub assessments: usize,
    /// Outcome rows used.
    pub outcomes: usize,
    /// Problems found by validation.
    pub problems: usize,
    /// Rows left out by validation, all tables.
    pub rows_excluded: usize,
    /// Per table: rows read, used, and left out by reason.
    pub tables: Vec<TableCount>,
}

/// The spending comparison of the summary.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SpendingFigure {
    /// First month of the period.
    pub from: YearMonth,
    /// Last month of the period.
    pub to: YearMonth,
    /// Kroner in the period.
    pub amount: f64,
    /// Kroner in the same months a year earlier, if the data cover them.
    pub previous_amount: Option<f64>,
    /// Relative change, (amount − previous) / previous, if defined.
    pub change: Option<f64>,
}

/// The numbers behind "Kort fortalt".
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct KeyFigures {
    /// The latest year (the cut-off year).
    pub year: Option<i32>,
    /// Its counting date.
    pub counting_date: Option<NaiveDate>,
    /// The counting date a year earlier (31 December of the year before).
    pub previous_counting_date: Option<NaiveDate>,
    /// Persons on the staircase on the counting date.
    #[serde(serialize_with = "ser_count")]
    pub persons_on_staircase: Option<Count>,
    /// The same a year earlier.
    #[serde(serialize_with = "ser_count")]
    pub persons_on_staircase_previous: Option<Count>,
    /// Of them, placed out of home.
    #[serde(serialize_with = "ser_count")]
    pub placed: Option<Count>,
    /// Of the placed, in family-based and other non-residential care.
    #[serde(serialize_with = "ser_count")]
    pub family_based: Option<Count>,
    /// Of the placed, in residential care.
    #[serde(serialize_with = "ser_count")]
    pub residential: Option<Count>,
    /// family_based / placed.
    #[serde(serialize_with = "ser_share")]
    pub family_based_share: Option<Share>,
    /// residential / placed.
    #[serde(serialize_with = "ser_share")]
    pub residential_share: Option<Share>,
    /// Measures started in the latest year.
    #[serde(serialize_with = "ser_count")]
    pub starts: Option<Count>,
    /// Measures ended in the latest year.
    #[serde(serialize_with = "ser_count")]
    pub ends: Option<Count>,
    /// Where spending comes from.
    pub cost_source: CostSource,
    /// Spending this year against the same months last year.
    pub spending: Option<SpendingFigure>,
}

fn ser_count<S: Serializer>(c: &Option<Count>, s: S) -> std::result::Result<S::Ok, S::Error> {
    use crate::summary::Cell;
    c.map_or(Cell::Empty, Cell::Count).serialize(s)
}

fn ser_share<S: Serializer>(c: &Option<Share>, s: S) -> std::result::Result<S::Ok, S::Error> {
    use crate::summary::Cell;
    c.map_or(Cell::Empty, Cell::Share).serialize(s)
}

/// A chart: its words, the table that holds its numbers, and the SVG.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Chart {
    /// A stable id.
    pub id: String,
    /// What it shows.
    pub title: String,
    /// The x axis with its unit.
    pub x_label: String,
    /// The y axis with its unit.
    pub y_label: String,
    /// The caption, with n.
    pub caption: String,
    /// The id of the table in the same section that holds the numbers drawn, if one does.
    pub data_table: Option<String>,
    /// The categories along the x axis, as labelled.
    pub categories: Vec<String>,
    /// The values drawn: one series per legend entry, one value per category, in the
    /// y axis' unit; `null` where a count is suppressed.
    pub series: Vec<ChartSeries>,
    /// The SVG (not in report.json).
    #[serde(skip)]
    pub svg: String,
}

/// One series of a chart.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ChartSeries {
    /// The legend text.
    pub name: String,
    /// One value per category; `None` is not drawn.
    pub values: Vec<Option<f64>>,
}

/// A term and its definition.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Definition {
    /// The term.
    pub term: String,
    /// What it means here.
    pub text: String,
}

/// One block of a section.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Block {
    /// A paragraph.
    Paragraph {
        /// The text.
        text: String,
    },
    /// A bulleted list.
    List {
        /// The items.
        items: Vec<String>,
    },
    /// A table.
    Table(Table),
    /// A chart.
    Chart(Chart),
    /// A list of definitions.
    Definitions {
        /// The terms.
        items: Vec<Definition>,
    },
}

/// One section.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Section {
    /// A stable id (`summary`, `staircase`, `flow`, `spending`, `data`, `method`).
    pub id: String,
    /// The heading.
    pub heading: String,
    /// The content, in order.
    pub blocks: Vec<Block>,
}

/// The report as data: every number, sentence, table and chart, in order.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    /// The title.
    pub title: String,
    /// The municipality.
    pub municipality: String,
    /// The meeting.
    pub meeting: String,
    /// The language.
    pub lang: Lang,
    /// The data's cut-off date.
    pub cutoff: NaiveDate,
    /// The report's date, if given.
    pub report_date: Option<NaiveDate>,
    /// Who made it.
    pub generated_by: String,
    /// The software and its version.
    pub software: String,
    /// The small-cell threshold used.
    pub small_cell_threshold: usize,
    /// Rows behind the report.
    pub n: ReportN,
    /// The numbers behind the summary.
    pub key_figures: KeyFigures,
    /// What a reader should know before trusting the numbers.
    pub warnings: Vec<String>,
    /// The sections, in order.
    pub sections: Vec<Section>,
}

impl Report {
    /// The report as a self-contained HTML page.
    pub fn to_html(&self) -> String {
        html::render(self)
    }

    /// The report as Markdown (charts are referred to the HTML report).
    pub fn to_markdown(&self) -> String {
        markdown::render(self)
    }

    /// The report as pretty-printed JSON (see the module docs for the shape).
    ///
    /// # Errors
    /// If serialisation fails (it does not: every number is finite or null).
    pub fn to_json(&self) -> Result<String> {
        let mut s = serde_json::to_string_pretty(self)
            .map_err(|e| Error::analysis(format!("could not write the report as JSON: {e}")))?;
        s.push('\n');
        Ok(s)
    }

    /// The section with this id.
    pub fn section(&self, id: &str) -> Option<&Section> {
        self.sections.iter().find(|s| s.id == id)
    }

    /// Every table in the report, in order.
    pub fn tables(&self) -> impl Iterator<Item = &Table> {
        self.sections
            .iter()
            .flat_map(|s| &s.blocks)
            .filter_map(|b| match b {
                Block::Table(t) => Some(t),
                _ => None,
            })
    }

    /// Every chart in the report, in order.
    pub fn charts(&self) -> impl Iterator<Item = &Chart> {
        self.sections
            .iter()
            .flat_map(|s| &s.blocks)
            .filter_map(|b| match b {
                Block::Chart(c) => Some(c),
                _ => None,
            })
    }

    /// The table with this id.
    pub fn table(&self, id: &str) -> Option<&Table> {
        self.tables().find(|t| t.id == id)
    }

    /// Writes `report.html`, `report.md` and `report.json` into `dir` (made if missing)
    /// and returns their paths in that order.
    ///
    /// # Errors
    /// If the directory cannot be made or a file cannot be written; if any of the three
    /// would contain a CPR-like number (nothing is written then).
    pub fn write_dir(&self, dir: impl AsRef<Path>) -> Result<Vec<PathBuf>> {
        let dir = dir.as_ref();
        std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
        let files = [
            ("report.html", self.to_html()),
            ("report.md", self.to_markdown()),
            ("report.json", self.to_json()?),
        ];
        // The last line of defence: no output of indsats contains a CPR-like number.
        if let Some((name, _)) = files
            .iter()
            .find(|(_, text)| crate::data::contains_cpr_like(text))
        {
            return Err(Error::analysis(format!(
                "refusing to write {name}: it would contain a CPR-like number (pseudonymise the identifiers)"
            )));
        }
        let mut out = Vec::new();
        for (name, content) in files {
            let path = dir.join(name);
            std::fs::write(&path, content).map_err(|e| Error::io(&path, e))?;
            out.push(path);
        }
        Ok(out)
    }
}
