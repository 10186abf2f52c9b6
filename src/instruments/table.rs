//! Scoring a file: wide input (one column per item) or long input (`item` and `value`
//! columns, grouped by id, date, informant and session), with the place of every bad value.

use super::definition::AgeRange;
use super::instrument::Instrument;
use super::score::{score, Context, Input, Invalid, ScoreNote, ScoreOptions, Scores, Unscored};
use crate::data::completed_years;
use crate::data::{
    parse_date, parse_number, parse_number_with, parse_sex, DecimalMark, RawTable, TextColumn,
};
use crate::error::{Error, ErrorKind, Result};
use crate::Lang;
use chrono::NaiveDate;
use serde::ser::SerializeMap;
use serde::{Serialize, Serializer};
use std::collections::{BTreeMap, HashMap};

/// The roles of the columns other than items, by their default names; map other names onto
/// them with [`TableOptions::columns`].
pub const COLUMN_ROLES: [&str; 11] = [
    "person_id",
    "date",
    "informant",
    "instrument",
    "session",
    "version",
    "age",
    "birth_date",
    "sex",
    "item",
    "value",
];

/// How to read a file for scoring.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TableOptions {
    /// The id column; `person_id` when absent (and the file row numbers when the file has
    /// no `person_id` column either).
    pub id: Option<String>,
    /// The informant of rows without one (no `informant` column, or an empty cell).
    pub informant: Option<String>,
    /// Item id (or a scale's `given_as`) → its column in the file, or its name in the
    /// `item` column of long input: `sdq1 → q1`.
    pub items: BTreeMap<String, String>,
    /// Other columns (`date`, `informant`, `instrument`, `session`, `version`, `age`,
    /// `birth_date`, `sex`, `item`, `value`) → their names in the file.
    pub columns: BTreeMap<String, String>,
    /// Scoring options.
    pub score: ScoreOptions,
}

impl TableOptions {
    /// Checks the options against an instrument.
    ///
    /// # Errors
    /// [`ErrorKind::InvalidParameter`](crate::ErrorKind::InvalidParameter) for an `items`
    /// key that is not an item, a `columns` key that is not one of the column roles, or an
    /// unknown norm system.
    pub fn check(&self, ins: &Instrument) -> Result<()> {
        for k in self.items.keys() {
            let given = ins.scales.iter().any(|s| {
                s.given_as
                    .as_deref()
                    .is_some_and(|g| g.eq_ignore_ascii_case(k))
            });
            if ins.item_index(k).is_none() && !given {
                return Err(Error::parameter(
                    "items",
                    format!("\"{k}\" is not an item of {}", ins.id()),
                ));
            }
        }
        for k in self.columns.keys() {
            if !COLUMN_ROLES.contains(&k.as_str()) {
                return Err(Error::parameter(
                    "columns",
                    format!("\"{k}\" is not one of {}", COLUMN_ROLES.join(", ")),
                ));
            }
        }
        self.score.check(ins)
    }
}

/// Whether the file had one column per item or `item`/`value` rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Layout {
    /// One row per response set, one column per item.
    Wide,
    /// One row per answer: `item` and `value` columns.
    Long,
}

/// One scored response set and where it came from.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ScoredRow {
    /// The id (or the row number when the file has no id column).
    pub id: String,
    /// The file row (the first row of the group for long input), as a spreadsheet shows it.
    pub row: usize,
    /// The date, if the file has a `date` column.
    pub date: Option<NaiveDate>,
    /// The session, if the file has a `session` column.
    pub session: Option<String>,
    /// Age in completed years, if known.
    pub age: Option<u32>,
    /// The scores.
    pub scores: Scores,
}

/// Counts in a scored file.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct ScoreCounts {
    /// Data rows in the file.
    pub rows_read: usize,
    /// Rows skipped because their `instrument` names another instrument.
    pub rows_other_instrument: usize,
    /// Response sets scored (rows for wide input, groups for long input).
    pub response_sets: usize,
    /// Response sets with every scale scored.
    pub complete: usize,
    /// Response sets with a score, per scale.
    pub scored: Counts,
    /// Response sets without a score, per scale and reason.
    pub unscorable: ScaleCounts,
    /// Response sets without bands (no norms for their form, age and sex).
    pub not_banded: usize,
    /// Response sets without an age, scored on the default form.
    pub age_unknown: usize,
    /// Response sets with an age outside their form's range.
    pub age_outside: usize,
}

/// Counts by name, in first-seen order (serialised as a JSON object).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Counts(pub Vec<(String, usize)>);

impl Counts {
    fn add(&mut self, key: &str) {
        match self.0.iter_mut().find(|(k, _)| k == key) {
            Some((_, n)) => *n += 1,
            None => self.0.push((key.to_string(), 1)),
        }
    }
    /// The count for a key (0 when absent).
    pub fn get(&self, key: &str) -> usize {
        self.0.iter().find(|(k, _)| k == key).map_or(0, |(_, n)| *n)
    }
}

impl Serialize for Counts {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(self.0.len()))?;
        for (k, v) in &self.0 {
            m.serialize_entry(k, v)?;
        }
        m.end()
    }
}

/// Counts by scale and reason, scales in the instrument's order.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ScaleCounts(pub Vec<(String, Counts)>);

impl ScaleCounts {
    fn add(&mut self, scale: &str, reason: &str) {
        match self.0.iter_mut().find(|(k, _)| k == scale) {
            Some((_, c)) => c.add(reason),
            None => {
                let mut c = Counts::default();
                c.add(reason);
                self.0.push((scale.to_string(), c));
            }
        }
    }
    /// The count for a scale and reason (0 when absent).
    pub fn get(&self, scale: &str, reason: &str) -> usize {
        self.0
            .iter()
            .find(|(k, _)| k == scale)
            .map_or(0, |(_, c)| c.get(reason))
    }
}

impl Serialize for ScaleCounts {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(self.0.len()))?;
        for (k, v) in &self.0 {
            m.serialize_entry(k, v)?;
        }
        m.end()
    }
}

/// Something the reader of a scored file should know, in Danish and English.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Warning {
    /// A code (`unscorable`, `age_unknown`, `age_outside`, `no_norms`, `unverified_norms`,
    /// `no_id`, `nothing_scored`).
    pub code: &'static str,
    /// How many response sets it concerns.
    pub count: usize,
    /// The first rows it concerns (file rows).
    pub rows: Vec<usize>,
    en: String,
    da: String,
}

impl Warning {
    /// The warning in words.
    pub fn text(&self, lang: Lang) -> &str {
        match lang {
            Lang::Da => &self.da,
            Lang::En => &self.en,
        }
    }
}

/// A scored file.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ScoredTable {
    /// Instrument id.
    pub instrument: String,
    /// The file as the user named it.
    pub file: String,
    /// Wide or long.
    pub layout: Layout,
    /// The id column's name (`row` when the file has none).
    pub id_column: String,
    /// One entry per response set, in file order.
    pub rows: Vec<ScoredRow>,
    /// Counts.
    pub n: ScoreCounts,
    /// What the reader should know.
    pub warnings: Vec<Warning>,
}

/// Read access to a table's cells; the one place that knows how `RawTable` stores them
/// (through its public `column()`, so a change of representation changes only this).
struct Cells<'a> {
    cols: Vec<Option<&'a TextColumn>>,
}

impl<'a> Cells<'a> {
    fn new(t: &'a RawTable) -> Cells<'a> {
        Cells {
            cols: t.columns.iter().map(|name| t.column(name)).collect(),
        }
    }
    fn get(&self, col: usize, row: usize) -> &'a str {
        self.cols[col].and_then(|c| c.get(row)).unwrap_or("")
    }
    fn column(&self, col: usize) -> impl Iterator<Item = &'a str> + 'a {
        self.cols[col].into_iter().flat_map(|c| c.iter())
    }
}

/// The meta columns found in the file.
struct Meta {
    id: Option<usize>,
    date: Option<usize>,
    informant: Option<usize>,
    instrument: Option<usize>,
    session: Option<usize>,
    version: Option<usize>,
    age: Option<usize>,
    birth_date: Option<usize>,
    sex: Option<usize>,
}

fn cell_error(t: &RawTable, row: usize, col: usize, message: String) -> Error {
    Error::new(ErrorKind::Cell {
        file: t.source.clone(),
        row: t.file_row(row),
        column: t.columns[col].clone(),
        message,
    })
}

fn missing_column(t: &RawTable, column: &str) -> Error {
    Error::new(ErrorKind::MissingColumn {
        file: t.source.clone(),
        column: column.to_string(),
        found: t.columns.clone(),
    })
}

/// What one row says about its response set (apart from the answers).
#[derive(Debug, Clone, Default)]
struct Head {
    id: String,
    date: Option<NaiveDate>,
    informant: Option<String>,
    session: Option<String>,
    version: Option<String>,
    age: Option<u32>,
    sex: Option<crate::data::Sex>,
}

struct Reader<'a> {
    t: &'a RawTable,
    c: Cells<'a>,
    m: Meta,
    opts: &'a TableOptions,
    sex_matters: bool,
}

impl Reader<'_> {
    fn head(&self, i: usize) -> Result<Head> {
        let c = &self.c;
        let text = |col: Option<usize>| col.map(|k| c.get(k, i)).filter(|s| !s.is_empty());
        let id = match self.m.id {
            Some(k) => {
                let v = c.get(k, i);
                if v.is_empty() {
                    return Err(cell_error(self.t, i, k, "the id is empty".into()));
                }
                v.to_string()
            }
            None => self.t.file_row(i).to_string(),
        };
        let date_of = |col: Option<usize>| -> Result<Option<NaiveDate>> {
            match (col, text(col)) {
                (Some(k), Some(v)) => parse_date(v).map(Some).ok_or_else(|| {
                    cell_error(
                        self.t,
                        i,
                        k,
                        format!("\"{v}\" is not a date (use 2021-03-31 or 31-03-2021)"),
                    )
                }),
                _ => Ok(None),
            }
        };
        let date = date_of(self.m.date)?;
        let informant = text(self.m.informant)
            .map(str::to_string)
            .or_else(|| self.opts.informant.clone());
        let age = match (self.m.age, text(self.m.age)) {
            (Some(k), Some(v)) => match parse_number(v) {
                Some(x) if (0.0..150.0).contains(&x) => Some(x.floor() as u32),
                _ => {
                    return Err(cell_error(
                        self.t,
                        i,
                        k,
                        format!("\"{v}\" is not an age in years"),
                    ))
                }
            },
            _ => {
                let birth = date_of(self.m.birth_date)?;
                match (birth, date) {
                    (Some(b), Some(d)) => Some(completed_years(b, d).ok_or_else(|| {
                        cell_error(
                            self.t,
                            i,
                            self.m.birth_date.expect("read above"),
                            format!("birth date {b} is after the date {d}"),
                        )
                    })?),
                    _ => None,
                }
            }
        };
        let sex = match (self.sex_matters, self.m.sex, text(self.m.sex)) {
            (true, Some(k), Some(v)) => Some(parse_sex(v).ok_or_else(|| {
                cell_error(
                    self.t,
                    i,
                    k,
                    format!("\"{v}\" is not a sex (f/m, pige/dreng)"),
                )
            })?),
            _ => None,
        };
        Ok(Head {
            id,
            date,
            informant,
            session: text(self.m.session).map(str::to_string),
            version: text(self.m.version).map(str::to_string),
            age,
            sex,
        })
    }

    /// Whether row `i` is for another instrument.
    fn other_instrument(&self, ins: &Instrument, i: usize) -> bool {
        self.m.instrument.is_some_and(|k| {
            let v = self.c.get(k, i);
            !v.is_empty() && !ins.is_named(v)
        })
    }
}

/// Scores every response set in a table.
///
/// The layout is told from the columns: wide when any item column (or a `given_as`
/// total) is present, long when there are `item` and `value` columns instead. Other
/// columns are used when present: `person_id` (or [`TableOptions::id`]), `date`,
/// `informant`, `instrument` (rows naming another instrument are skipped and counted; an
/// empty cell counts as this instrument),
/// `session`, `version` (the form used), `age` (completed years) or `birth_date` with
/// `date`, and `sex` (for sex-specific norms). Long input is grouped by id, date,
/// informant, session and version.
///
/// # Example
/// ```
/// use indsats::instruments::{builtin, score_table, TableOptions};
/// let csv = "person_id,informant,age,who5_1,who5_2,who5_3,who5_4,who5_5\n\
///            A,self,19,1,1,2,1,1\n\
///            B,self,20,3,2,4,2,2\n";
/// let table = indsats::data::read_table_from_bytes("who5.csv", csv.as_bytes().to_vec())?;
/// let scored = score_table(builtin("who5").unwrap(), &table, &TableOptions::default())?;
/// assert_eq!(scored.rows[0].scores.value("percentage"), Some(24.0));
/// assert_eq!(scored.rows[1].scores.band("raw"), Some("not_poor"));
/// # Ok::<(), indsats::Error>(())
/// ```
///
/// # Errors
/// [`ErrorKind::Cell`](crate::ErrorKind::Cell) naming the file, row, column and value for
/// an answer that is not a number or not an allowed answer (never turned into missing), an
/// answer to an item the form does not have, a total mixed with some of its items, a date
/// or age that does not parse, an empty id, an informant with no form, an unknown item name
/// or a repeated item in long input;
/// [`ErrorKind::MissingColumn`](crate::ErrorKind::MissingColumn) for a missing column of a
/// core item (supplement items may be absent) or a named id column that is not there;
/// [`ErrorKind::Format`](crate::ErrorKind::Format) when the file has neither item columns
/// nor `item` and `value` columns; and as [`TableOptions::check`].
pub fn score_table(ins: &Instrument, t: &RawTable, opts: &TableOptions) -> Result<ScoredTable> {
    opts.check(ins)?;
    let col_name = |role: &str| -> String {
        opts.columns
            .get(role)
            .cloned()
            .unwrap_or_else(|| role.to_string())
    };
    let find = |role: &str| t.column_index(&col_name(role));
    let id = match &opts.id {
        Some(c) => Some(t.column_index(c).ok_or_else(|| missing_column(t, c))?),
        None => find("person_id"),
    };
    let id_column = match (&opts.id, id) {
        (_, Some(k)) => t.columns[k].clone(),
        _ => "row".to_string(),
    };
    let m = Meta {
        id,
        date: find("date"),
        informant: find("informant"),
        instrument: find("instrument"),
        session: find("session"),
        version: find("version"),
        age: find("age"),
        birth_date: find("birth_date"),
        sex: find("sex"),
    };
    let sex_matters = ins.norms.iter().any(|n| n.sex.is_some());
    let r = Reader {
        t,
        c: Cells::new(t),
        m,
        opts,
        sex_matters,
    };

    let item_name = |id: &str| -> String {
        opts.items
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(id))
            .map(|(_, v)| v.clone())
            .unwrap_or_else(|| id.to_string())
    };
    let item_cols: Vec<Option<usize>> = ins
        .items
        .iter()
        .map(|it| t.column_index(&item_name(&it.id)))
        .collect();
    let given_cols: Vec<Option<usize>> = ins
        .scales
        .iter()
        .map(|s| {
            s.given_as
                .as_deref()
                .and_then(|g| t.column_index(&item_name(g)))
        })
        .collect();
    let wide = item_cols.iter().chain(&given_cols).any(Option::is_some);
    let long = find("item").zip(find("value"));

    let mut rows = Vec::new();
    let mut n = ScoreCounts {
        rows_read: t.n_rows(),
        ..ScoreCounts::default()
    };
    let layout;
    if wide {
        layout = Layout::Wide;
        // every core item needs its column, unless a scale it belongs to can be given as a total
        for (k, it) in ins.items.iter().enumerate() {
            if it.optional || item_cols[k].is_some() {
                continue;
            }
            let covered = ins.scales.iter().enumerate().any(|(s, sc)| {
                given_cols[s].is_some()
                    && matches!(&sc.parts, super::instrument::Parts::Items(v) if v.contains(&k))
            });
            if !covered {
                return Err(missing_column(t, &item_name(&it.id)));
            }
        }
        let marks: Vec<DecimalMark> = item_cols
            .iter()
            .chain(&given_cols)
            .map(|c| {
                c.map(|k| DecimalMark::detect(r.c.column(k)))
                    .unwrap_or_default()
            })
            .collect();
        for i in 0..t.n_rows() {
            if r.other_instrument(ins, i) {
                n.rows_other_instrument += 1;
                continue;
            }
            let head = r.head(i)?;
            let read = |col: Option<usize>, mark: DecimalMark, what: &str| -> Result<Option<f64>> {
                let Some(k) = col else { return Ok(None) };
                let v = r.c.get(k, i);
                if v.is_empty() {
                    return Ok(None);
                }
                parse_number_with(v, mark)
                    .map(Some)
                    .ok_or_else(|| cell_error(t, i, k, format!("\"{v}\" is not a number ({what})")))
            };
            let mut values = vec![None; ins.items.len()];
            for (k, it) in ins.items.iter().enumerate() {
                values[k] = read(
                    item_cols[k],
                    marks[k],
                    &format!("{} takes {}", it.id, it.describe()),
                )?;
            }
            let mut given = vec![None; ins.scales.len()];
            for (s, sc) in ins.scales.iter().enumerate() {
                given[s] = read(
                    given_cols[s],
                    marks[ins.items.len() + s],
                    &format!("the {} total", sc.id),
                )?;
            }
            let ctx = Context {
                informant: head.informant.clone(),
                age: head.age,
                sex: head.sex,
                version: head.version.clone(),
            };
            let scores = score(ins, &values, &given, &ctx, &opts.score).map_err(|e| {
                place_error(ins, &r, e, i, |input| match input {
                    Input::Item(k) => item_cols[k].map(|c| (i, c)),
                    Input::Given(s) => given_cols[s].map(|c| (i, c)),
                    _ => None,
                })
            })?;
            rows.push(ScoredRow {
                id: head.id,
                row: t.file_row(i),
                date: head.date,
                session: head.session,
                age: head.age,
                scores,
            });
        }
    } else if let Some((item_col, value_col)) = long {
        layout = Layout::Long;
        let mark = DecimalMark::detect(r.c.column(value_col));
        // the names long input may use: item ids (or their mapped names) and given totals
        let mut names: HashMap<String, Input> = HashMap::new();
        for (k, it) in ins.items.iter().enumerate() {
            names.insert(item_name(&it.id).to_lowercase(), Input::Item(k));
        }
        for (s, sc) in ins.scales.iter().enumerate() {
            if let Some(g) = &sc.given_as {
                names.insert(item_name(g).to_lowercase(), Input::Given(s));
            }
        }
        struct Group {
            head: Head,
            first: usize,
            values: Vec<Option<(f64, usize)>>,
            given: Vec<Option<(f64, usize)>>,
            seen: HashMap<Input, usize>,
        }
        type Key = (
            String,
            Option<NaiveDate>,
            Option<String>,
            Option<String>,
            Option<String>,
        );
        let mut groups: Vec<Group> = Vec::new();
        let mut index: HashMap<Key, usize> = HashMap::new();
        for i in 0..t.n_rows() {
            if r.other_instrument(ins, i) {
                n.rows_other_instrument += 1;
                continue;
            }
            let head = r.head(i)?;
            let name = r.c.get(item_col, i);
            if name.is_empty() {
                return Err(cell_error(t, i, item_col, "the item name is empty".into()));
            }
            let input = *names.get(&name.to_lowercase()).ok_or_else(|| {
                let mut known: Vec<String> = ins.items.iter().map(|it| item_name(&it.id)).collect();
                if known.len() > 8 {
                    let last = known.pop().unwrap_or_default();
                    known.truncate(3);
                    known.push(format!("… {last}"));
                }
                cell_error(
                    t,
                    i,
                    item_col,
                    format!(
                        "\"{name}\" is not an item of {} ({})",
                        ins.id(),
                        known.join(", ")
                    ),
                )
            })?;
            let v = r.c.get(value_col, i);
            let value = if v.is_empty() {
                None
            } else {
                let what = match input {
                    Input::Item(k) => {
                        format!("{} takes {}", ins.items[k].id, ins.items[k].describe())
                    }
                    _ => "a total".to_string(),
                };
                Some(parse_number_with(v, mark).ok_or_else(|| {
                    cell_error(t, i, value_col, format!("\"{v}\" is not a number ({what})"))
                })?)
            };
            let key: Key = (
                head.id.clone(),
                head.date,
                head.informant
                    .as_deref()
                    .map(crate::data::normalise_informant),
                head.session.clone(),
                head.version.as_deref().map(str::to_lowercase),
            );
            let g = *index.entry(key).or_insert_with(|| {
                groups.push(Group {
                    head: head.clone(),
                    first: i,
                    values: vec![None; ins.items.len()],
                    given: vec![None; ins.scales.len()],
                    seen: HashMap::new(),
                });
                groups.len() - 1
            });
            let group = &mut groups[g];
            if let Some(&prev) = group.seen.get(&input) {
                return Err(cell_error(
                    t,
                    i,
                    item_col,
                    format!(
                        "\"{name}\" is answered twice in one questionnaire (same id, date and informant; first at row {})",
                        t.file_row(prev)
                    ),
                ));
            }
            group.seen.insert(input, i);
            if group.head.age.is_none() {
                group.head.age = head.age;
            }
            if group.head.sex.is_none() {
                group.head.sex = head.sex;
            }
            if let Some(x) = value {
                match input {
                    Input::Item(k) => group.values[k] = Some((x, i)),
                    Input::Given(s) => group.given[s] = Some((x, i)),
                    _ => {}
                }
            }
        }
        for g in groups {
            let values: Vec<Option<f64>> = g.values.iter().map(|v| v.map(|x| x.0)).collect();
            let given: Vec<Option<f64>> = g.given.iter().map(|v| v.map(|x| x.0)).collect();
            let ctx = Context {
                informant: g.head.informant.clone(),
                age: g.head.age,
                sex: g.head.sex,
                version: g.head.version.clone(),
            };
            let scores = score(ins, &values, &given, &ctx, &opts.score).map_err(|e| {
                place_error(ins, &r, e, g.first, |input| match input {
                    Input::Item(k) => g.values[k].map(|(_, row)| (row, value_col)),
                    Input::Given(s) => g.given[s].map(|(_, row)| (row, value_col)),
                    _ => None,
                })
            })?;
            rows.push(ScoredRow {
                id: g.head.id,
                row: t.file_row(g.first),
                date: g.head.date,
                session: g.head.session,
                age: g.head.age,
                scores,
            });
        }
    } else {
        let first: Vec<String> = ins
            .core_items()
            .take(3)
            .map(|it| item_name(&it.id))
            .collect();
        return Err(Error::format(
            &t.source,
            format!(
                "no columns for {}'s items ({} …) and no item and value columns for long input; \
                 name the file's columns for the items with --items {}=COLUMN,…",
                ins.id(),
                first.join(", "),
                first.first().cloned().unwrap_or_default()
            ),
        ));
    }

    let warnings = summarise(ins, &rows, &mut n, r.m.id.is_none(), &r.m);
    Ok(ScoredTable {
        instrument: ins.id().to_string(),
        file: t.source.clone(),
        layout,
        id_column,
        rows,
        n,
        warnings,
    })
}

/// Turns an [`Invalid`] into an error at its row and column.
fn place_error(
    ins: &Instrument,
    r: &Reader<'_>,
    e: Invalid,
    row: usize,
    at: impl Fn(Input) -> Option<(usize, usize)>,
) -> Error {
    let t = r.t;
    let spot = match e.input {
        Input::Item(_) | Input::Given(_) => at(e.input),
        Input::Informant => r.m.informant.map(|c| (row, c)),
        Input::Age => r.m.age.or(r.m.birth_date).map(|c| (row, c)),
        Input::Version => r.m.version.map(|c| (row, c)),
    };
    match spot {
        Some((i, c)) => {
            // answers' messages name the value already; others get the cell's text
            let v = r.c.get(c, i);
            let message = match e.input {
                Input::Item(_) | Input::Given(_) => e.message,
                _ if v.is_empty() => e.message,
                _ => format!("\"{v}\": {}", e.message),
            };
            cell_error(t, i, c, message)
        }
        None => Error::format(
            &t.source,
            format!("row {}: {}", t.file_row(row), e.into_error(ins)),
        ),
    }
}

/// `row 6`, `rows 2, 6`, `rows 2, 6, …` (Danish: `række` for both).
fn rows_text(rows: &[usize], count: usize, lang: Lang) -> String {
    let list: Vec<String> = rows.iter().map(ToString::to_string).collect();
    let word = match (lang, count) {
        (Lang::Da, _) => "række",
        (Lang::En, 1) => "row",
        (Lang::En, _) => "rows",
    };
    if count > rows.len() {
        format!("{word} {}, …", list.join(", "))
    } else {
        format!("{word} {}", list.join(", "))
    }
}

const EXAMPLE_ROWS: usize = 5;

fn summarise(
    ins: &Instrument,
    rows: &[ScoredRow],
    n: &mut ScoreCounts,
    no_id: bool,
    m: &Meta,
) -> Vec<Warning> {
    let mut w = Vec::new();
    n.response_sets = rows.len();
    // per scale: (count, example rows, first reason)
    let mut unscored: Vec<(usize, Vec<usize>, Option<Unscored>)> =
        vec![(0, Vec::new(), None); ins.scales.len()];
    let mut age_unknown: (usize, Vec<usize>, Vec<String>) = (0, Vec::new(), Vec::new());
    let mut age_outside: (usize, Vec<usize>, Vec<(u32, String)>) = (0, Vec::new(), Vec::new());
    let mut no_norms: (usize, Vec<usize>, Vec<String>) = (0, Vec::new(), Vec::new());
    let mut unverified: Vec<(String, &'static str, usize, Vec<usize>)> = Vec::new();
    for sc in &ins.scales {
        n.scored.0.push((sc.id.clone(), 0));
    }
    for row in rows {
        let s = &row.scores;
        if s.scales.iter().all(|x| x.value.is_some()) {
            n.complete += 1;
        }
        for (k, x) in s.scales.iter().enumerate() {
            match &x.unscored {
                None => n.scored.0[k].1 += 1,
                Some(u) => {
                    n.unscorable.add(&x.scale, u.code());
                    let e = &mut unscored[k];
                    e.0 += 1;
                    if e.1.len() < EXAMPLE_ROWS {
                        e.1.push(row.row);
                    }
                    e.2.get_or_insert_with(|| u.clone());
                }
            }
        }
        for note in &s.notes {
            match note {
                ScoreNote::AgeUnknown { version } => {
                    n.age_unknown += 1;
                    age_unknown.0 += 1;
                    if age_unknown.1.len() < EXAMPLE_ROWS {
                        age_unknown.1.push(row.row);
                    }
                    if !age_unknown.2.contains(version) {
                        age_unknown.2.push(version.clone());
                    }
                }
                ScoreNote::AgeOutside { age, version } => {
                    n.age_outside += 1;
                    age_outside.0 += 1;
                    if age_outside.1.len() < EXAMPLE_ROWS {
                        age_outside.1.push(row.row);
                    }
                    let pair = (*age, version.clone());
                    if age_outside.2.len() < 3 && !age_outside.2.contains(&pair) {
                        age_outside.2.push(pair);
                    }
                }
                ScoreNote::NoNorms { version } => {
                    n.not_banded += 1;
                    no_norms.0 += 1;
                    if no_norms.1.len() < EXAMPLE_ROWS {
                        no_norms.1.push(row.row);
                    }
                    if !no_norms.2.contains(version) {
                        no_norms.2.push(version.clone());
                    }
                }
            }
        }
        if let Some(used) = &s.norms {
            let table = ins
                .norms
                .iter()
                .find(|t| t.population == used.population && t.system == used.system);
            if let Some(status) = table.and_then(|t| t.status) {
                let tag = match status {
                    super::definition::Status::V => continue,
                    super::definition::Status::P => "P",
                    super::definition::Status::U => "U",
                };
                match unverified.iter_mut().find(|u| u.0 == used.population) {
                    Some(u) => {
                        u.2 += 1;
                        if u.3.len() < EXAMPLE_ROWS {
                            u.3.push(row.row);
                        }
                    }
                    None => unverified.push((used.population.clone(), tag, 1, vec![row.row])),
                }
            }
        }
    }
    n.unscorable.0.sort_by_key(|(k, _)| ins.scale_index(k));
    if no_id {
        w.push(Warning {
            code: "no_id",
            count: rows.len(),
            rows: Vec::new(),
            en: "the file has no person_id column (or --id COL): response sets are named by their row numbers".into(),
            da: "filen har ingen person_id-kolonne (eller --id KOLONNE): besvarelserne er navngivet efter deres rækkenumre".into(),
        });
    }
    if rows.is_empty() {
        w.push(Warning {
            code: "nothing_scored",
            count: 0,
            rows: Vec::new(),
            en: format!("no response sets for {} in the file", ins.id()),
            da: format!("ingen besvarelser af {} i filen", ins.id()),
        });
    }
    for (k, (count, ex, reason)) in unscored.into_iter().enumerate() {
        let Some(reason) = reason else { continue };
        let id = &ins.scales[k].id;
        let (rows_en, rows_da) = (
            rows_text(&ex, count, Lang::En),
            rows_text(&ex, count, Lang::Da),
        );
        let (en, da) = match &reason {
            Unscored::TooFewItems {
                required, items, ..
            } if required == items => (
                format!("all {items} items must be answered"),
                format!("alle {items} spørgsmål skal være besvaret"),
            ),
            Unscored::TooFewItems {
                required, items, ..
            } => (
                format!("at least {required} of {items} items must be answered"),
                format!("mindst {required} af {items} spørgsmål skal være besvaret"),
            ),
            other => (other.text(Lang::En), other.text(Lang::Da)),
        };
        w.push(Warning {
            code: "unscorable",
            count,
            rows: ex,
            en: format!("{id}: {count} response set(s) not scored ({rows_en}): {en}"),
            da: format!("{id}: {count} besvarelse(r) ikke scoret ({rows_da}): {da}"),
        });
    }
    if age_unknown.0 > 0 {
        let why_en = if m.age.is_none() && (m.birth_date.is_none() || m.date.is_none()) {
            "the file has no age column (nor birth_date and date)"
        } else {
            "the age is empty"
        };
        let why_da = if m.age.is_none() && (m.birth_date.is_none() || m.date.is_none()) {
            "filen har ingen age-kolonne (og ikke både birth_date og date)"
        } else {
            "alderen mangler"
        };
        let forms = age_unknown.2.join(", ");
        let (rows_en, rows_da) = (
            rows_text(&age_unknown.1, age_unknown.0, Lang::En),
            rows_text(&age_unknown.1, age_unknown.0, Lang::Da),
        );
        w.push(Warning {
            code: "age_unknown",
            count: age_unknown.0,
            rows: age_unknown.1,
            en: format!(
                "{} response set(s) without an age ({rows_en}): {why_en}, so each was scored on its informant's default form ({forms}) and its norms",
                age_unknown.0
            ),
            da: format!(
                "{} besvarelse(r) uden alder ({rows_da}): {why_da}, så hver er scoret efter informantens standardskema ({forms}) og dets normer",
                age_unknown.0
            ),
        });
    }
    if age_outside.0 > 0 {
        let ex: Vec<String> = age_outside
            .2
            .iter()
            .map(|(a, v)| {
                let range = ins
                    .versions
                    .iter()
                    .find(|x| &x.id == v)
                    .and_then(|x| x.age)
                    .unwrap_or(AgeRange::default());
                format!("{a} on {v} ({range})")
            })
            .collect();
        let (rows_en, rows_da) = (
            rows_text(&age_outside.1, age_outside.0, Lang::En),
            rows_text(&age_outside.1, age_outside.0, Lang::Da),
        );
        w.push(Warning {
            code: "age_outside",
            count: age_outside.0,
            rows: age_outside.1,
            en: format!(
                "{} response set(s) with an age outside the form's ages ({rows_en}): age {}; scored on that form anyway",
                age_outside.0,
                ex.join(", age ")
            ),
            da: format!(
                "{} besvarelse(r) med en alder uden for skemaets aldersgruppe ({rows_da}): alder {}; scoret efter skemaet alligevel",
                age_outside.0,
                ex.join(", alder ")
            ),
        });
    }
    if no_norms.0 > 0 {
        let forms = no_norms.2.join(", ");
        let (rows_en, rows_da) = (
            rows_text(&no_norms.1, no_norms.0, Lang::En),
            rows_text(&no_norms.1, no_norms.0, Lang::Da),
        );
        w.push(Warning {
            code: "no_norms",
            count: no_norms.0,
            rows: no_norms.1,
            en: format!(
                "{} response set(s) have no bands ({rows_en}): no norms for form {forms} in the norm systems used",
                no_norms.0
            ),
            da: format!(
                "{} besvarelse(r) har ingen bånd ({rows_da}): ingen normer for skema {forms} i de anvendte normsystemer",
                no_norms.0
            ),
        });
    }
    for (population, tag, count, ex) in unverified {
        let (rows_en, rows_da) = (
            rows_text(&ex, count, Lang::En),
            rows_text(&ex, count, Lang::Da),
        );
        w.push(Warning {
            code: "unverified_norms",
            count,
            rows: ex,
            en: format!(
                "{count} response set(s) banded with norms marked [{tag}] ({rows_en}): {population}; check the cut-offs before relying on them"
            ),
            da: format!(
                "{count} besvarelse(r) er inddelt i bånd efter normer markeret [{tag}] ({rows_da}): {population}; kontrollér grænserne før brug"
            ),
        });
    }
    w
}
