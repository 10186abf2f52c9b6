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

use super::ident::{guard_table, PseudonymKey};
use super::issues::{Issue, IssueKind, TableCount, ValidationReport};
use super::read::{parse_date, parse_month, parse_number_with, read_table, DecimalMark};
use super::tables::*;
use super::{Dataset, RawTable};
use crate::error::{Error, Result};
use crate::instruments::builtin_item_range;
use crate::staircase::Staircase;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap, HashSet};

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
        if let Some(table) = outcome.table {
            raw.table = table;
        }
        rep.warnings.extend(outcome.notes);
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
    let cutoff_text = if opts.cutoff.is_some() {
        "the data's cut-off date"
    } else {
        "today"
    };

    // Dates after the cut-off.
    let future = |c: &mut Check, rep: &mut ValidationReport, row: usize, col: &str, d: String| {
        c.issue(
            rep,
            IssueKind::FutureDate,
            Some(row),
            Some(col),
            Some(&d),
            format!("a date on or before {cutoff_text} ({cutoff})"),
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
    rep.examples
        .sort_by(|a, b| (a.table, a.row, a.kind).cmp(&(b.table, b.row, b.kind)));

    Ok(Dataset {
        persons,
        episodes,
        assessments,
        costs,
        outcomes,
        staircase: opts.staircase.clone(),
        cutoff,
        validation: rep,
    })
}

/// Bookkeeping for one table: its file, and the rows excluded per kind.
struct Check {
    table: TableKind,
    file: String,
    rows_read: usize,
    excluded: BTreeMap<IssueKind, usize>,
}

impl Check {
    fn new(table: TableKind, raw: &RawTable) -> Check {
        Check {
            table,
            file: raw.source.clone(),
            rows_read: raw.n_rows(),
            excluded: BTreeMap::new(),
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn issue(
        &mut self,
        rep: &mut ValidationReport,
        kind: IssueKind,
        row: Option<usize>,
        column: Option<&str>,
        value: Option<&str>,
        expected: String,
        excluded: bool,
    ) {
        rep.push(Issue {
            table: self.table,
            file: self.file.clone(),
            kind,
            row,
            column: column.map(str::to_string),
            value: value.map(super::ident::redact),
            expected,
            excluded,
        });
    }

    fn exclude(&mut self, kind: IssueKind) {
        *self.excluded.entry(kind).or_insert(0) += 1;
    }
}

/// The columns of one table, resolved against the mapping.
struct Columns<'a> {
    raw: &'a RawTable,
    map: &'a BTreeMap<String, String>,
}

impl<'a> Columns<'a> {
    /// The file's name for indsats' column `name`.
    fn file_name(&self, name: &str) -> String {
        self.map
            .get(name)
            .cloned()
            .unwrap_or_else(|| name.to_string())
    }

    /// The column's cells, if present. A column that the mapping names but the file
    /// lacks is a problem even when optional.
    fn optional(&self, name: &str, c: &mut Check, rep: &mut ValidationReport) -> Option<Col<'a>> {
        let file_name = self.file_name(name);
        match self.raw.column_index(&file_name) {
            Some(i) => Some(Col::new(self.raw, i)),
            None => {
                if self.map.contains_key(name) {
                    c.issue(
                        rep,
                        IssueKind::MissingColumn,
                        None,
                        Some(&file_name),
                        None,
                        format!(
                            "the column that the plan maps to \"{name}\" (the file has: {})",
                            self.raw.columns.join(", ")
                        ),
                        false,
                    );
                }
                None
            }
        }
    }

    /// The required columns; `None` (and every row excluded) when one is missing.
    fn required<const N: usize>(
        &self,
        names: [&str; N],
        c: &mut Check,
        rep: &mut ValidationReport,
    ) -> Option<[Col<'a>; N]> {
        let mut missing = false;
        let mut out = Vec::with_capacity(N);
        for name in names {
            let file_name = self.file_name(name);
            match self.raw.column_index(&file_name) {
                Some(i) => out.push(Col::new(self.raw, i)),
                None => {
                    missing = true;
                    let how = if self.map.contains_key(name) {
                        format!("the column that the plan maps to \"{name}\"")
                    } else {
                        format!("a column \"{name}\" (or map the file's name for it in the plan)")
                    };
                    c.issue(
                        rep,
                        IssueKind::MissingColumn,
                        None,
                        Some(&file_name),
                        None,
                        format!("{how}; the file has: {}", self.raw.columns.join(", ")),
                        true,
                    );
                }
            }
        }
        if missing {
            let n = self.raw.n_rows();
            if n > 0 {
                *c.excluded.entry(IssueKind::MissingColumn).or_insert(0) += n;
            }
            return None;
        }
        out.try_into().ok()
    }

    /// Names of the file's columns that no canonical or mapped name claims.
    fn free(&self, canonical: &[&str]) -> Vec<usize> {
        let claimed: HashSet<String> = canonical
            .iter()
            .map(|n| self.file_name(n).to_lowercase())
            .collect();
        (0..self.raw.columns.len())
            .filter(|&i| !claimed.contains(&self.raw.columns[i].to_lowercase()))
            .collect()
    }
}

#[derive(Clone, Copy)]
struct ColRef<'a> {
    name: &'a str,
    cells: &'a [String],
    mark: DecimalMark,
}

/// A column of the file, with its decimal mark: a column where any value has a decimal
/// comma is read the Danish way throughout (`1.234` is then 1234).
struct Col<'a> {
    name: String,
    cells: &'a [String],
    mark: DecimalMark,
}

impl<'a> Col<'a> {
    fn new(raw: &'a RawTable, i: usize) -> Col<'a> {
        let cells = &raw.cells[i];
        Col {
            name: raw.columns[i].clone(),
            cells,
            mark: DecimalMark::detect(cells.iter().map(String::as_str)),
        }
    }

    fn r(&'a self) -> ColRef<'a> {
        ColRef {
            name: &self.name,
            cells: self.cells,
            mark: self.mark,
        }
    }
}

/// A row's problems so far: the row is excluded once, under its first excluding problem.
struct RowState {
    row: usize,
    excluded_by: Option<IssueKind>,
}

impl RowState {
    fn new(table: &RawTable, i: usize) -> RowState {
        RowState {
            row: table.file_row(i),
            excluded_by: None,
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn flag(
        &mut self,
        c: &mut Check,
        rep: &mut ValidationReport,
        kind: IssueKind,
        column: &str,
        value: &str,
        expected: impl Into<String>,
        exclude: bool,
    ) {
        c.issue(
            rep,
            kind,
            Some(self.row),
            Some(column),
            Some(value),
            expected.into(),
            exclude,
        );
        if exclude && self.excluded_by.is_none() {
            self.excluded_by = Some(kind);
        }
    }

    /// Ends the row: counts the exclusion, and says whether the row is kept.
    fn finish(self, c: &mut Check) -> bool {
        match self.excluded_by {
            Some(kind) => {
                c.exclude(kind);
                false
            }
            None => true,
        }
    }

    fn required_text(
        &mut self,
        col: ColRef<'_>,
        i: usize,
        c: &mut Check,
        rep: &mut ValidationReport,
    ) -> Option<String> {
        let v = &col.cells[i];
        if v.is_empty() {
            self.flag(
                c,
                rep,
                IssueKind::MissingValue,
                col.name,
                "",
                "a value (this column is required)",
                true,
            );
            None
        } else {
            Some(v.clone())
        }
    }

    /// A required person id, checked against the persons table when there is one.
    fn person(
        &mut self,
        col: ColRef<'_>,
        i: usize,
        known: Option<&HashSet<String>>,
        exclude: bool,
        c: &mut Check,
        rep: &mut ValidationReport,
    ) -> Option<String> {
        let id = self.required_text(col, i, c, rep)?;
        self.check_known(col, &id, known, exclude, c, rep);
        Some(id)
    }

    fn check_known(
        &mut self,
        col: ColRef<'_>,
        id: &str,
        known: Option<&HashSet<String>>,
        exclude: bool,
        c: &mut Check,
        rep: &mut ValidationReport,
    ) {
        if known.is_some_and(|k| !k.contains(id)) {
            let expected = "a person_id that is in the persons table";
            self.flag(
                c,
                rep,
                IssueKind::UnknownPerson,
                col.name,
                id,
                expected,
                exclude,
            );
        }
    }

    /// A date: an empty cell is a problem when `required`; an unreadable one excludes
    /// the row when `exclude_unreadable` (else the value is left empty).
    #[allow(clippy::too_many_arguments)]
    fn date(
        &mut self,
        col: ColRef<'_>,
        i: usize,
        required: bool,
        exclude_unreadable: bool,
        c: &mut Check,
        rep: &mut ValidationReport,
    ) -> Option<NaiveDate> {
        let v = &col.cells[i];
        if v.is_empty() {
            if required {
                self.flag(
                    c,
                    rep,
                    IssueKind::MissingValue,
                    col.name,
                    "",
                    "a date (this column is required)",
                    true,
                );
            }
            return None;
        }
        let d = parse_date(v);
        if d.is_none() {
            self.flag(
                c,
                rep,
                IssueKind::Unparseable,
                col.name,
                v,
                "a date such as 2021-03-31, 31-03-2021 or 31.03.2021",
                exclude_unreadable,
            );
        }
        d
    }

    fn number(
        &mut self,
        col: ColRef<'_>,
        i: usize,
        required: bool,
        c: &mut Check,
        rep: &mut ValidationReport,
    ) -> Option<f64> {
        let v = &col.cells[i];
        if v.is_empty() {
            if required {
                self.flag(
                    c,
                    rep,
                    IssueKind::MissingValue,
                    col.name,
                    "",
                    "a number (this column is required)",
                    true,
                );
            }
            return None;
        }
        let x = parse_number_with(v, col.mark);
        if x.is_none() {
            self.flag(
                c,
                rep,
                IssueKind::Unparseable,
                col.name,
                v,
                "a number such as 1234,50 or 1234.50",
                required,
            );
        }
        x
    }
}

fn cell<'a>(col: &Option<Col<'a>>, i: usize) -> Option<&'a str> {
    col.as_ref()
        .map(|c| c.cells[i].as_str())
        .filter(|s| !s.is_empty())
}

/// Parses a person's sex from the codes Danish and English exports use.
pub fn parse_sex(s: &str) -> Option<Sex> {
    match s.trim().to_lowercase().as_str() {
        "m" | "male" | "mand" | "dreng" | "d" | "1" | "man" | "boy" => Some(Sex::Male),
        "f" | "k" | "female" | "kvinde" | "pige" | "p" | "2" | "woman" | "girl" => {
            Some(Sex::Female)
        }
        _ => None,
    }
}

/// Parses an end reason from its code or a Danish word for it.
pub fn parse_end_reason(s: &str) -> Option<EndReason> {
    let s = s.trim().to_lowercase().replace(['-', ' '], "_");
    Some(match s.as_str() {
        "home" | "hjem" | "hjemgivelse" | "hjemgivet" | "afsluttet" => EndReason::Home,
        "step_down" | "trin_ned" | "nedtrapning" | "nedtrappet" => EndReason::StepDown,
        "step_up" | "trin_op" | "optrapning" | "optrappet" => EndReason::StepUp,
        "breakdown" | "sammenbrud" => EndReason::Breakdown,
        "moved" | "fraflytning" | "fraflyttet" | "flyttet" => EndReason::Moved,
        "aged_out" | "aldersgrænse" | "alder" | "fyldt_18" | "fyldt_23" => EndReason::AgedOut,
        "other" | "andet" | "anden" => EndReason::Other,
        _ => return None,
    })
}

/// Parses a provider: own (egen drift) or external.
pub fn parse_provider(s: &str) -> Option<Provider> {
    match s.trim().to_lowercase().as_str() {
        "own" | "egen" | "egen drift" | "intern" | "kommunal" => Some(Provider::Own),
        "external" | "ekstern" | "privat" | "region" | "anden kommune" | "købt" => {
            Some(Provider::External)
        }
        _ => None,
    }
}

/// Normalises an informant: Danish words become `parent`, `teacher`, `self`.
pub fn normalise_informant(s: &str) -> String {
    let l = s.trim().to_lowercase();
    match l.as_str() {
        "forælder" | "foraelder" | "forældre" | "foraeldre" | "mor" | "far" | "p" => {
            "parent".into()
        }
        "lærer" | "laerer" | "pædagog" | "paedagog" | "t" => "teacher".into(),
        "selv" | "barn" | "ung" | "s" | "youth" => "self".into(),
        _ => l,
    }
}

/// Parses an outcome value: a number, or yes/no (ja/nej, true/false) as 1/0.
pub fn parse_outcome_value(s: &str) -> Option<f64> {
    match s.trim().to_lowercase().as_str() {
        "ja" | "yes" | "true" | "sand" | "j" | "y" => Some(1.0),
        "nej" | "no" | "false" | "falsk" | "n" => Some(0.0),
        other => super::read::parse_number(other),
    }
}

const PERSON_COLS: [&str; 5] = ["person_id", "birth_date", "birth_year", "sex", "district"];

fn parse_persons(src: &RawSource, c: &mut Check, rep: &mut ValidationReport) -> Persons {
    let cols = Columns {
        raw: &src.table,
        map: &src.columns,
    };
    let Some([id]) = cols.required(["person_id"], c, rep) else {
        return Persons::default();
    };
    let birth_date = cols.optional("birth_date", c, rep);
    let birth_year = cols.optional("birth_year", c, rep);
    let sex = cols.optional("sex", c, rep);
    let district = cols.optional("district", c, rep);
    // Free covariates: numeric where every non-empty value is a number.
    let mut covariate_names = Vec::new();
    let mut covariate_cols = Vec::new();
    for ci in cols.free(&PERSON_COLS) {
        let cells = &src.table.cells[ci];
        let name = &src.table.columns[ci];
        let mark = DecimalMark::detect(cells.iter().map(String::as_str));
        if cells
            .iter()
            .all(|v| v.is_empty() || parse_number_with(v, mark).is_some())
        {
            covariate_names.push(name.clone());
            covariate_cols.push((cells, mark));
        } else {
            rep.warnings.push(format!(
                "{}: column \"{name}\" holds text, so it is kept out of the numeric covariates",
                src.table.source
            ));
        }
    }
    let mut seen: HashMap<String, usize> = HashMap::new();
    let mut rows = Vec::with_capacity(src.table.n_rows());
    for i in 0..src.table.n_rows() {
        let mut st = RowState::new(&src.table, i);
        let pid = st.required_text(id.r(), i, c, rep);
        if let Some(p) = &pid {
            if let Some(first) = seen.get(p) {
                st.flag(
                    c,
                    rep,
                    IssueKind::DuplicateId,
                    &id.name,
                    p,
                    format!("a person_id not used before (also in row {first})"),
                    true,
                );
            }
        }
        let bd = birth_date
            .as_ref()
            .and_then(|col| st.date(col.r(), i, false, false, c, rep));
        let by = match (&birth_year, bd) {
            (_, Some(d)) => Some(chrono::Datelike::year(&d)),
            (Some(col), None) => st.number(col.r(), i, false, c, rep).and_then(|y| {
                if y.fract() == 0.0 && (1900.0..=2100.0).contains(&y) {
                    Some(y as i32)
                } else {
                    st.flag(
                        c,
                        rep,
                        IssueKind::Unparseable,
                        &col.name,
                        &col.cells[i],
                        "a year such as 2012",
                        false,
                    );
                    None
                }
            }),
            _ => None,
        };
        let sx = cell(&sex, i).and_then(|v| {
            let s = parse_sex(v);
            if s.is_none() {
                let name = &sex.as_ref().expect("a cell came from it").name;
                st.flag(
                    c,
                    rep,
                    IssueKind::UnknownCode,
                    name,
                    v,
                    "a sex code: m/f, d/p, dreng/pige, 1/2",
                    false,
                );
            }
            s
        });
        let covariates: Vec<Option<f64>> = covariate_cols
            .iter()
            .map(|(cells, mark)| parse_number_with(&cells[i], *mark))
            .collect();
        let row = st.row;
        if st.finish(c) {
            let pid = pid.expect("kept rows have an id");
            seen.insert(pid.clone(), row);
            rows.push(Person {
                person_id: pid,
                birth_date: bd,
                birth_year: by,
                sex: sx,
                district: cell(&district, i).map(str::to_string),
                covariates,
                row,
            });
        }
    }
    Persons {
        covariate_names,
        rows,
    }
}

fn parse_episodes(
    src: &RawSource,
    stairs: &Staircase,
    known: Option<&HashSet<String>>,
    c: &mut Check,
    rep: &mut ValidationReport,
) -> Episodes {
    let cols = Columns {
        raw: &src.table,
        map: &src.columns,
    };
    let Some([id, measure, start]) = cols.required(["person_id", "measure", "start_date"], c, rep)
    else {
        return Episodes::default();
    };
    let level = cols.optional("level", c, rep);
    let end = cols.optional("end_date", c, rep);
    let reason = cols.optional("end_reason", c, rep);
    let daily = cols.optional("daily_cost", c, rep);
    let monthly = cols.optional("monthly_cost", c, rep);
    let basis = cols.optional("legal_basis", c, rep);
    let provider = cols.optional("provider", c, rep);
    let mut seen: HashMap<(String, String, NaiveDate, Option<NaiveDate>), usize> = HashMap::new();
    let mut rows = Vec::with_capacity(src.table.n_rows());
    for i in 0..src.table.n_rows() {
        let mut st = RowState::new(&src.table, i);
        let pid = st.person(id.r(), i, known, true, c, rep);
        let m = st.required_text(measure.r(), i, c, rep);
        let s = st.date(start.r(), i, true, true, c, rep);
        let e = end
            .as_ref()
            .and_then(|col| st.date(col.r(), i, false, true, c, rep));
        if let (Some(s), Some(e), Some(col)) = (s, e, &end) {
            if e < s {
                st.flag(
                    c,
                    rep,
                    IssueKind::EndBeforeStart,
                    &col.name,
                    &col.cells[i],
                    format!("an end date on or after the start date {s}"),
                    true,
                );
            }
        }
        // The level: the staircase's level for the measure; a given level is checked
        // against it, and used only when the measure is unknown.
        let given = cell(&level, i);
        let mut lvl: Option<String> = None;
        if let Some(m) = &m {
            let known_measure = stairs.measure(m);
            let given_level = given.and_then(|g| stairs.level(g));
            if let (Some(g), None) = (given, given_level) {
                let col = &level.as_ref().expect("a cell came from it").name;
                let names: Vec<&str> = stairs.levels().iter().map(|l| l.id.as_str()).collect();
                st.flag(
                    c,
                    rep,
                    IssueKind::UnknownLevel,
                    col,
                    g,
                    format!("a staircase level: {}", names.join(", ")),
                    known_measure.is_none(),
                );
            }
            match (known_measure, given_level) {
                (Some(km), gl) => {
                    if let Some(gl) = gl.filter(|gl| !gl.id.eq_ignore_ascii_case(&km.level)) {
                        let col = &level.as_ref().expect("a level was given").name;
                        st.flag(
                            c,
                            rep,
                            IssueKind::UnknownLevel,
                            col,
                            &gl.id,
                            format!(
                                "level \"{}\", where the staircase puts measure \"{}\"",
                                km.level, km.id
                            ),
                            false,
                        );
                    }
                    lvl = stairs.level(&km.level).map(|l| l.id.clone());
                }
                (None, Some(gl)) => {
                    st.flag(
                        c,
                        rep,
                        IssueKind::UnknownMeasure,
                        &measure.name,
                        m,
                        format!(
                            "a measure of the staircase (kept on level \"{}\", as the row says)",
                            gl.id
                        ),
                        false,
                    );
                    lvl = Some(gl.id.clone());
                }
                (None, None) => {
                    if given.is_none() {
                        st.flag(
                            c,
                            rep,
                            IssueKind::UnknownMeasure,
                            &measure.name,
                            m,
                            "a measure of the staircase, or a level column that places it",
                            true,
                        );
                    }
                }
            }
        }
        let mut cost = |col: &Option<Col<'_>>, st: &mut RowState| {
            col.as_ref().and_then(|col| {
                st.number(col.r(), i, false, c, rep).and_then(|x| {
                    if x < 0.0 {
                        st.flag(
                            c,
                            rep,
                            IssueKind::NegativeCost,
                            &col.name,
                            &col.cells[i],
                            "a cost of 0 or more",
                            false,
                        );
                        None
                    } else {
                        Some(x)
                    }
                })
            })
        };
        let daily_cost = cost(&daily, &mut st);
        let monthly_cost = cost(&monthly, &mut st);
        let end_reason = cell(&reason, i).and_then(|v| {
            let r = parse_end_reason(v);
            if r.is_none() {
                let name = &reason.as_ref().expect("a cell came from it").name;
                st.flag(
                    c,
                    rep,
                    IssueKind::UnknownCode,
                    name,
                    v,
                    "an end reason: home, step_down, step_up, breakdown, moved, aged_out, other",
                    false,
                );
            }
            r
        });
        let prov = cell(&provider, i).and_then(|v| {
            let p = parse_provider(v);
            if p.is_none() {
                let name = &provider.as_ref().expect("a cell came from it").name;
                st.flag(
                    c,
                    rep,
                    IssueKind::UnknownCode,
                    name,
                    v,
                    "a provider: own or external",
                    false,
                );
            }
            p
        });
        if let (Some(p), Some(m), Some(s)) = (&pid, &m, s) {
            if st.excluded_by.is_none() {
                let key = (p.clone(), m.to_lowercase(), s, e);
                if let Some(first) = seen.get(&key) {
                    st.flag(
                        c,
                        rep,
                        IssueKind::DuplicateId,
                        &measure.name,
                        m,
                        format!("one row per episode (row {first} has the same person, measure, start and end)"),
                        true,
                    );
                }
            }
        }
        let row = st.row;
        if st.finish(c) {
            let (pid, m, s) = (pid.expect("kept"), m.expect("kept"), s.expect("kept"));
            seen.insert((pid.clone(), m.to_lowercase(), s, e), row);
            let measure_id = stairs.measure(&m).map(|km| km.id.clone()).unwrap_or(m);
            rows.push(Episode {
                person_id: pid,
                measure: measure_id,
                level: lvl.expect("kept rows have a level"),
                legal_basis: cell(&basis, i).map(str::to_string),
                provider: prov,
                start_date: s,
                end_date: e,
                end_reason,
                daily_cost,
                monthly_cost,
                row,
            });
        }
    }
    Episodes { rows }
}

/// Flags placement episodes of one person that overlap in time (kept, not excluded).
fn check_overlaps(
    episodes: &Episodes,
    stairs: &Staircase,
    c: &mut Check,
    rep: &mut ValidationReport,
) {
    let mut placements: Vec<&Episode> = episodes
        .rows
        .iter()
        .filter(|e| stairs.level(&e.level).is_some_and(|l| l.placement))
        .collect();
    placements.sort_by(|a, b| {
        (&a.person_id, a.start_date, a.row).cmp(&(&b.person_id, b.start_date, b.row))
    });
    let mut open: Option<&Episode> = None; // the placement reaching furthest so far, this person
    for e in placements {
        if let Some(o) = open.filter(|o| o.person_id == e.person_id) {
            if o.end_date.is_none_or(|end| end >= e.start_date) {
                let until = o.end_date.map_or("ongoing".to_string(), |d| d.to_string());
                c.issue(
                    rep,
                    IssueKind::OverlappingEpisodes,
                    Some(e.row),
                    Some("start_date"),
                    Some(&e.start_date.to_string()),
                    format!(
                        "one placement at a time: row {} ({}, {} to {until}) is still running",
                        o.row, o.measure, o.start_date
                    ),
                    false,
                );
            }
            let o_end = o.end_date.unwrap_or(NaiveDate::MAX);
            let e_end = e.end_date.unwrap_or(NaiveDate::MAX);
            if e_end > o_end {
                open = Some(e);
            }
        } else {
            open = Some(e);
        }
    }
}

const ASSESSMENT_COLS: [&str; 7] = [
    "person_id",
    "date",
    "instrument",
    "informant",
    "session",
    "item",
    "value",
];

fn parse_assessments(
    src: &RawSource,
    known: Option<&HashSet<String>>,
    c: &mut Check,
    rep: &mut ValidationReport,
) -> Assessments {
    let cols = Columns {
        raw: &src.table,
        map: &src.columns,
    };
    let Some([id, date, instrument]) = cols.required(["person_id", "date", "instrument"], c, rep)
    else {
        return Assessments::default();
    };
    let informant = cols.optional("informant", c, rep);
    let session = cols.optional("session", c, rep);
    let has_long = cols.raw.column_index(&cols.file_name("item")).is_some()
        && cols.raw.column_index(&cols.file_name("value")).is_some();
    let n = src.table.n_rows();

    let head = Head {
        known,
        id: id.r(),
        date: date.r(),
        instrument: instrument.r(),
        informant: &informant,
        session: &session,
    };

    if has_long {
        let [item, value] = cols
            .required(
                ["item", "value"],
                &mut Check::new(TableKind::Assessments, &src.table),
                rep,
            )
            .expect("both columns were found above");
        let mut item_names: Vec<String> = Vec::new();
        let mut item_pos: HashMap<String, usize> = HashMap::new();
        let mut groups: Vec<LongGroup> = Vec::new();
        let mut group_of: HashMap<HeadKey, usize> = HashMap::new();
        for i in 0..n {
            let mut st = RowState::new(&src.table, i);
            let (pid, d, ins, inf, ses) = head.read(i, &mut st, c, rep);
            let it = st
                .required_text(item.r(), i, c, rep)
                .map(|s| s.to_lowercase());
            let v = st.number(value.r(), i, false, c, rep);
            if let (Some(ins), Some(it), Some(v)) = (&ins, &it, v) {
                if let Some(r) = builtin_item_range(ins, it).filter(|r| !r.contains(v)) {
                    let expected = format!("for {it}: {}", r.describe());
                    st.flag(
                        c,
                        rep,
                        IssueKind::ItemOutOfRange,
                        &value.name,
                        &value.cells[i],
                        expected,
                        true,
                    );
                }
            }
            let (Some(pid), Some(d), Some(ins), Some(it)) = (pid, d, ins, it) else {
                st.finish(c);
                continue;
            };
            let row = st.row;
            let key: HeadKey = (pid, d, ins, inf, ses);
            let g = *group_of.entry(key.clone()).or_insert_with(|| {
                groups.push(LongGroup {
                    key,
                    first_row: row,
                    answers: Vec::new(),
                    rows_kept: 0,
                    failed: None,
                });
                groups.len() - 1
            });
            let pos = *item_pos.entry(it.clone()).or_insert_with(|| {
                item_names.push(it.clone());
                item_names.len() - 1
            });
            if groups[g].answers.iter().any(|&(p, _)| p == pos) {
                let expected =
                    "one answer per item per questionnaire (this item is answered twice)";
                st.flag(
                    c,
                    rep,
                    IssueKind::DuplicateId,
                    &item.name,
                    &it,
                    expected,
                    true,
                );
            }
            let group = &mut groups[g];
            match st.excluded_by {
                Some(kind) => {
                    group.failed.get_or_insert(kind);
                }
                None => {
                    group.rows_kept += 1;
                    if let Some(v) = v {
                        group.answers.push((pos, v));
                    }
                }
            }
            st.finish(c);
        }
        // A questionnaire with an excluded answer is excluded whole: its other rows are
        // counted under the reason its first excluded row had.
        let mut rows = Vec::with_capacity(groups.len());
        for g in groups {
            if let Some(kind) = g.failed {
                if g.rows_kept > 0 {
                    *c.excluded.entry(kind).or_insert(0) += g.rows_kept;
                }
                continue;
            }
            let mut items = vec![None; item_names.len()];
            for (p, v) in g.answers {
                items[p] = Some(v);
            }
            let (person_id, date, instrument, informant, session) = g.key;
            rows.push(Assessment {
                person_id,
                date,
                instrument,
                informant,
                session,
                items,
                row: g.first_row,
            });
        }
        return Assessments { item_names, rows };
    }

    let item_cols: Vec<usize> = cols.free(&ASSESSMENT_COLS);
    let item_names: Vec<String> = item_cols
        .iter()
        .map(|&ci| src.table.columns[ci].to_lowercase())
        .collect();
    let item_marks: Vec<DecimalMark> = item_cols
        .iter()
        .map(|&ci| DecimalMark::detect(src.table.cells[ci].iter().map(String::as_str)))
        .collect();
    let mut rows = Vec::with_capacity(n);
    for i in 0..n {
        let mut st = RowState::new(&src.table, i);
        let (pid, d, ins, inf, ses) = head.read(i, &mut st, c, rep);
        let mut items = Vec::with_capacity(item_cols.len());
        for (k, &ci) in item_cols.iter().enumerate() {
            let v = &src.table.cells[ci][i];
            let name = &src.table.columns[ci];
            if v.is_empty() {
                items.push(None);
                continue;
            }
            match parse_number_with(v, item_marks[k]) {
                None => {
                    st.flag(
                        c,
                        rep,
                        IssueKind::Unparseable,
                        name,
                        v,
                        "an item answer (a number), or an empty cell",
                        true,
                    );
                    items.push(None);
                }
                Some(x) => {
                    if let Some(r) = ins
                        .as_deref()
                        .and_then(|ins| builtin_item_range(ins, &item_names[k]))
                    {
                        if !r.contains(x) {
                            st.flag(
                                c,
                                rep,
                                IssueKind::ItemOutOfRange,
                                name,
                                v,
                                r.describe(),
                                true,
                            );
                        }
                    }
                    items.push(Some(x));
                }
            }
        }
        let row = st.row;
        if st.finish(c) {
            rows.push(Assessment {
                person_id: pid.expect("kept"),
                date: d.expect("kept"),
                instrument: ins.expect("kept"),
                informant: inf,
                session: ses,
                items,
                row,
            });
        }
    }
    Assessments { item_names, rows }
}

type HeadKey = (String, NaiveDate, String, Option<String>, Option<u32>);

/// One questionnaire in long input: its answers, and whether a row of it was excluded.
struct LongGroup {
    key: HeadKey,
    first_row: usize,
    answers: Vec<(usize, f64)>,
    rows_kept: usize,
    failed: Option<IssueKind>,
}

/// The columns that identify one questionnaire.
struct Head<'a> {
    known: Option<&'a HashSet<String>>,
    id: ColRef<'a>,
    date: ColRef<'a>,
    instrument: ColRef<'a>,
    informant: &'a Option<Col<'a>>,
    session: &'a Option<Col<'a>>,
}

impl Head<'_> {
    #[allow(clippy::type_complexity)]
    fn read(
        &self,
        i: usize,
        st: &mut RowState,
        c: &mut Check,
        rep: &mut ValidationReport,
    ) -> (
        Option<String>,
        Option<NaiveDate>,
        Option<String>,
        Option<String>,
        Option<u32>,
    ) {
        let pid = st.person(self.id, i, self.known, true, c, rep);
        let d = st.date(self.date, i, true, true, c, rep);
        let ins = st
            .required_text(self.instrument, i, c, rep)
            .map(|s| s.to_lowercase());
        let inf = cell(self.informant, i).map(normalise_informant);
        let ses = self.session.as_ref().and_then(|col| {
            st.number(col.r(), i, false, c, rep).and_then(|x| {
                if x.fract() == 0.0 && (0.0..=10_000.0).contains(&x) {
                    Some(x as u32)
                } else {
                    let expected = "a session number 1, 2, 3, …";
                    st.flag(
                        c,
                        rep,
                        IssueKind::Unparseable,
                        &col.name,
                        &col.cells[i],
                        expected,
                        false,
                    );
                    None
                }
            })
        });
        (pid, d, ins, inf, ses)
    }
}

fn parse_costs(
    src: &RawSource,
    known: Option<&HashSet<String>>,
    c: &mut Check,
    rep: &mut ValidationReport,
) -> Costs {
    let cols = Columns {
        raw: &src.table,
        map: &src.columns,
    };
    let Some([month, measure, amount]) = cols.required(["month", "measure", "amount"], c, rep)
    else {
        return Costs::default();
    };
    let person = cols.optional("person_id", c, rep);
    let mut rows = Vec::with_capacity(src.table.n_rows());
    for i in 0..src.table.n_rows() {
        let mut st = RowState::new(&src.table, i);
        let mv = &month.cells[i];
        let m = if mv.is_empty() {
            st.flag(
                c,
                rep,
                IssueKind::MissingValue,
                &month.name,
                "",
                "a month (this column is required)",
                true,
            );
            None
        } else {
            let m = parse_month(mv).map(|(year, month)| YearMonth { year, month });
            if m.is_none() {
                st.flag(
                    c,
                    rep,
                    IssueKind::Unparseable,
                    &month.name,
                    mv,
                    "a month such as 2021-03",
                    true,
                );
            }
            m
        };
        let me = st.required_text(measure.r(), i, c, rep);
        let pid = cell(&person, i).map(str::to_string);
        if let (Some(id), Some(col)) = (&pid, &person) {
            st.check_known(col.r(), id, known, false, c, rep);
        }
        let a = st.number(amount.r(), i, true, c, rep);
        if let Some(a) = a.filter(|a| *a < 0.0) {
            st.flag(
                c,
                rep,
                IssueKind::NegativeCost,
                &amount.name,
                &amount.cells[i],
                format!("an amount of 0 or more (kept as {a}: a refund or correction?)"),
                false,
            );
        }
        let row = st.row;
        if st.finish(c) {
            rows.push(CostEntry {
                month: m.expect("kept"),
                measure: me.expect("kept"),
                person_id: pid,
                amount: a.expect("kept"),
                row,
            });
        }
    }
    Costs { rows }
}

fn parse_outcomes(
    src: &RawSource,
    known: Option<&HashSet<String>>,
    c: &mut Check,
    rep: &mut ValidationReport,
) -> Outcomes {
    let cols = Columns {
        raw: &src.table,
        map: &src.columns,
    };
    let Some([id, date, outcome, value]) =
        cols.required(["person_id", "date", "outcome", "value"], c, rep)
    else {
        return Outcomes::default();
    };
    let mut rows = Vec::with_capacity(src.table.n_rows());
    for i in 0..src.table.n_rows() {
        let mut st = RowState::new(&src.table, i);
        let pid = st.person(id.r(), i, known, true, c, rep);
        let d = st.date(date.r(), i, true, true, c, rep);
        let o = st.required_text(outcome.r(), i, c, rep);
        let vv = &value.cells[i];
        let v = if vv.is_empty() {
            st.flag(
                c,
                rep,
                IssueKind::MissingValue,
                &value.name,
                "",
                "a value (this column is required)",
                true,
            );
            None
        } else {
            let v = parse_outcome_value(vv);
            if v.is_none() {
                st.flag(
                    c,
                    rep,
                    IssueKind::Unparseable,
                    &value.name,
                    vv,
                    "a number, or ja/nej (yes/no)",
                    true,
                );
            }
            v
        };
        let row = st.row;
        if st.finish(c) {
            rows.push(Outcome {
                person_id: pid.expect("kept"),
                date: d.expect("kept"),
                outcome: o.expect("kept"),
                value: v.expect("kept"),
                row,
            });
        }
    }
    Outcomes { rows }
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
