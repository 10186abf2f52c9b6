//! From raw tables to typed, validated tables.
//!
//! Every problem is recorded in the [`ValidationReport`] with file, row, column, value and
//! what was expected. A row that an analysis cannot use is excluded and counted under the
//! first problem that excluded it; a row with a problem that leaves it usable (an overlap,
//! a date after the cut-off, a negative ledger amount) is kept and the problem recorded.
//!
//! | table | problem | the row is |
//! |---|---|---|
//! | any | required column missing | excluded (all rows) |
//! | any | required value empty or unreadable | excluded |
//! | persons | `person_id` seen before | excluded (the later row) |
//! | persons | `sex` not a known code, `birth_date` unreadable | kept, value empty |
//! | episodes | end before start | excluded |
//! | episodes | measure unknown to the staircase and no known level | excluded |
//! | episodes | measure unknown, level known; or level disagrees with the measure's | kept, on the staircase's level |
//! | episodes | person not in persons | excluded |
//! | episodes | the same person, measure, start and end twice | excluded (the later row) |
//! | episodes | two placements of one person overlap | kept |
//! | episodes | negative daily or monthly cost | kept, cost empty |
//! | episodes | `end_reason`, `provider` not a known code | kept, value empty |
//! | assessments | item answer unreadable or out of the instrument's range | excluded |
//! | assessments, outcomes | person not in persons | excluded |
//! | costs | negative amount (a refund or correction) | kept |
//! | costs | person not in persons | kept (the money was spent) |
//! | any | a date after the cut-off | kept |

mod assessments;
mod codes;
mod episodes;
mod ledger;
mod persons;
mod row;

pub use codes::{
    normalise_informant, parse_end_reason, parse_outcome_value, parse_provider, parse_sex,
};

use super::ident::{guard_table, GuardAction, PseudonymKey};
use super::issues::{IssueKind, LoadNote, TableCount, ValidationReport};
use super::read::read_table;
use super::tables::*;
use super::{Dataset, RawTable};
use crate::error::{Error, Result};
use crate::staircase::Staircase;
use assessments::parse_assessments;
use chrono::NaiveDate;
use episodes::{check_overlaps, parse_episodes};
use ledger::{parse_costs, parse_outcomes};
use persons::parse_persons;
use row::Check;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashSet};

/// Where one table comes from, and how its columns are named there.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TableSource {
    /// The file (`FILE.csv`, `FILE.parquet`, `FILE.xlsx` or `FILE.xlsx:Sheet`).
    pub file: String,
    /// The file's name for each of indsats' column names, e.g. `person_id = "CPR"`,
    /// `start_date = "Startdato"`. Columns not named here are looked up by indsats' name.
    #[serde(default)]
    pub columns: BTreeMap<String, String>,
}

/// The files of a dataset; every table is optional, but analyses need their tables.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Sources {
    /// Persons.
    pub persons: Option<TableSource>,
    /// Episodes.
    pub episodes: Option<TableSource>,
    /// Assessments.
    pub assessments: Option<TableSource>,
    /// The monthly ledger.
    pub costs: Option<TableSource>,
    /// Outcomes.
    pub outcomes: Option<TableSource>,
}

impl Sources {
    /// The source of one table.
    pub fn get(&self, table: TableKind) -> Option<&TableSource> {
        match table {
            TableKind::Persons => self.persons.as_ref(),
            TableKind::Episodes => self.episodes.as_ref(),
            TableKind::Assessments => self.assessments.as_ref(),
            TableKind::Costs => self.costs.as_ref(),
            TableKind::Outcomes => self.outcomes.as_ref(),
        }
    }

    /// Sets the source of one table.
    pub fn set(&mut self, table: TableKind, source: TableSource) {
        let slot = match table {
            TableKind::Persons => &mut self.persons,
            TableKind::Episodes => &mut self.episodes,
            TableKind::Assessments => &mut self.assessments,
            TableKind::Costs => &mut self.costs,
            TableKind::Outcomes => &mut self.outcomes,
        };
        *slot = Some(source);
    }
}

/// How to read and check a dataset.
#[derive(Debug, Clone)]
pub struct LoadOptions {
    /// The staircase episodes are checked against.
    pub staircase: Staircase,
    /// The data's cut-off (extraction) date. When `None`, the last start, assessment,
    /// outcome or ledger date in the data is used, but never later than `today`.
    pub cutoff: Option<NaiveDate>,
    /// The first day the data cover. When `None`: the first ledger month, or without a
    /// ledger the first episode start.
    pub start: Option<NaiveDate>,
    /// Today's date, for the future-date check when no cut-off is given.
    pub today: NaiveDate,
    /// Key for pseudonymising CPR-like identifiers; without it they are refused.
    pub key: Option<PseudonymKey>,
}

impl Default for LoadOptions {
    fn default() -> Self {
        LoadOptions {
            staircase: Staircase::danish_default(),
            cutoff: None,
            start: None,
            today: chrono::Local::now().date_naive(),
            key: None,
        }
    }
}

/// A table as read, with the column names it uses.
#[derive(Debug, Clone)]
pub struct RawSource {
    /// The table as read.
    pub table: RawTable,
    /// indsats' column name → the file's column name.
    pub columns: BTreeMap<String, String>,
}

/// Reads every table in `sources`, refuses or pseudonymises CPR-like identifiers, and
/// types and validates the tables.
///
/// # Errors
/// A file that cannot be read, a CPR-like column without a key. Problems with rows are
/// not errors: they are in [`Dataset::validation`].
pub fn load(sources: &Sources, opts: &LoadOptions) -> Result<Dataset> {
    let mut raws: BTreeMap<TableKind, RawSource> = BTreeMap::new();
    for kind in TableKind::ALL {
        if let Some(src) = sources.get(kind) {
            let table = read_table(&src.file)?;
            raws.insert(
                kind,
                RawSource {
                    table,
                    columns: src.columns.clone(),
                },
            );
        }
    }
    from_raw(raws, opts)
}

/// Types and validates tables already read (see [`load`]).
///
/// # Errors
/// A CPR-like column without a key.
pub fn from_raw(mut raws: BTreeMap<TableKind, RawSource>, opts: &LoadOptions) -> Result<Dataset> {
    let mut rep = ValidationReport::default();
    for raw in raws.values_mut() {
        let outcome = guard_table(&raw.table, opts.key.as_ref())?;
        let file = crate::data::redact(&raw.table.source);
        rep.notes.extend(outcome.columns.into_iter().map(|g| {
            let (file, column, values) = (file.clone(), crate::data::redact(&g.column), g.values);
            match g.action {
                GuardAction::Pseudonymised => LoadNote::Pseudonymised {
                    file,
                    column,
                    values,
                },
                GuardAction::Redacted => LoadNote::Redacted {
                    file,
                    column,
                    values,
                },
            }
        }));
        if let Some(table) = outcome.table {
            raw.table = table;
        }
    }
    let mut checks: BTreeMap<TableKind, Check> = BTreeMap::new();
    let take = |kind: TableKind| {
        raws.get(&kind).map(|r| {
            let check = Check::new(kind, &r.table);
            (r, check)
        })
    };
    let mut persons = Persons::default();
    if let Some((r, mut c)) = take(TableKind::Persons) {
        persons = parse_persons(r, &mut c, &mut rep);
        checks.insert(TableKind::Persons, c);
    }
    // Rows of persons not in the persons table are excluded (ledger lines are kept:
    // the money was spent); without a persons table nothing can be checked.
    let known_ids: Option<HashSet<String>> = checks
        .contains_key(&TableKind::Persons)
        .then(|| persons.rows.iter().map(|p| p.person_id.clone()).collect());
    let known = known_ids.as_ref();
    let mut episodes = Episodes::default();
    if let Some((r, mut c)) = take(TableKind::Episodes) {
        episodes = parse_episodes(r, &opts.staircase, known, &mut c, &mut rep);
        checks.insert(TableKind::Episodes, c);
    }
    let mut assessments = Assessments::default();
    if let Some((r, mut c)) = take(TableKind::Assessments) {
        assessments = parse_assessments(r, known, &mut c, &mut rep);
        checks.insert(TableKind::Assessments, c);
    }
    let mut costs = Costs::default();
    if let Some((r, mut c)) = take(TableKind::Costs) {
        costs = parse_costs(r, known, &mut c, &mut rep);
        checks.insert(TableKind::Costs, c);
    }
    let mut outcomes = Outcomes::default();
    if let Some((r, mut c)) = take(TableKind::Outcomes) {
        outcomes = parse_outcomes(r, known, &mut c, &mut rep);
        checks.insert(TableKind::Outcomes, c);
    }

    let cutoff = opts.cutoff.unwrap_or_else(|| {
        let last = episodes
            .rows
            .iter()
            .map(|e| e.start_date)
            .chain(assessments.rows.iter().map(|a| a.date))
            .chain(outcomes.rows.iter().map(|o| o.date))
            .chain(costs.rows.iter().map(|c| {
                c.month
                    .next()
                    .first_day()
                    .pred_opt()
                    .unwrap_or(c.month.first_day())
            }))
            .max()
            .unwrap_or(opts.today);
        last.min(opts.today)
    });

    // Dates after the cut-off.
    let future = |c: &mut Check, rep: &mut ValidationReport, row: usize, col: &str, d: String| {
        c.issue(
            rep,
            IssueKind::FutureDate,
            Some(row),
            Some(col),
            Some(&d),
            super::Expected::NotAfterCutoff {
                cutoff,
                given: opts.cutoff.is_some(),
            },
            false,
        );
    };
    if let Some(c) = checks.get_mut(&TableKind::Persons) {
        for p in persons
            .rows
            .iter()
            .filter(|p| p.birth_date.is_some_and(|d| d > cutoff))
        {
            future(
                c,
                &mut rep,
                p.row,
                "birth_date",
                p.birth_date.map(|d| d.to_string()).unwrap_or_default(),
            );
        }
    }
    if let Some(c) = checks.get_mut(&TableKind::Episodes) {
        for e in episodes.rows.iter().filter(|e| e.start_date > cutoff) {
            future(c, &mut rep, e.row, "start_date", e.start_date.to_string());
        }
    }
    if let Some(c) = checks.get_mut(&TableKind::Assessments) {
        for a in assessments.rows.iter().filter(|a| a.date > cutoff) {
            future(c, &mut rep, a.row, "date", a.date.to_string());
        }
    }
    if let Some(c) = checks.get_mut(&TableKind::Outcomes) {
        for o in outcomes.rows.iter().filter(|o| o.date > cutoff) {
            future(c, &mut rep, o.row, "date", o.date.to_string());
        }
    }
    if let Some(c) = checks.get_mut(&TableKind::Costs) {
        for e in costs.rows.iter().filter(|e| e.month.first_day() > cutoff) {
            future(c, &mut rep, e.row, "month", e.month.to_string());
        }
    }

    if let Some(c) = checks.get_mut(&TableKind::Episodes) {
        check_overlaps(&episodes, &opts.staircase, c, &mut rep);
    }

    // Rows used are the rows read less those excluded (in long assessments several rows
    // make one questionnaire, so this counts rows, not questionnaires).
    for (kind, c) in &checks {
        let excluded: usize = c.excluded.values().sum();
        rep.tables.push(TableCount {
            table: *kind,
            file: c.file.clone(),
            rows_read: c.rows_read,
            rows_used: c.rows_read.saturating_sub(excluded),
            excluded: c.excluded.clone(),
        });
    }
    rep.examples.sort_by_key(|a| (a.table, a.row, a.kind));

    let start = opts
        .start
        .or_else(|| costs.rows.iter().map(|c| c.month.first_day()).min())
        .or_else(|| episodes.rows.iter().map(|e| e.start_date).min())
        .unwrap_or(cutoff)
        .min(cutoff);
    Ok(Dataset {
        persons,
        episodes,
        assessments,
        costs,
        outcomes,
        staircase: opts.staircase.clone(),
        start,
        cutoff,
        validation: rep,
    })
}

/// Checks that a dataset's problems allow an analysis: every table it needs is present
/// and has its required columns.
///
/// # Errors
/// A needed table that was not given, or that lacks a required column.
pub fn require_tables(data: &Dataset, needed: &[TableKind]) -> Result<()> {
    for &t in needed {
        let Some(count) = data.validation.table(t) else {
            return Err(Error::analysis(format!(
                "this analysis needs the {t} table, and none was given"
            )));
        };
        if count.excluded.contains_key(&IssueKind::MissingColumn) {
            let cols: Vec<String> = data
                .validation
                .examples
                .iter()
                .filter(|i| i.table == t && i.kind == IssueKind::MissingColumn && i.excluded)
                .filter_map(|i| i.column.clone())
                .collect();
            return Err(Error::analysis(format!(
                "{}: the {t} table lacks required column(s) {}, so this analysis cannot use it",
                count.file,
                cols.join(", ")
            )));
        }
    }
    Ok(())
}
