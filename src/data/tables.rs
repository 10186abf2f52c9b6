//! The five tables of the municipal data model, as typed rows.
//!
//! Each table keeps, for every row, the row number it had in its file (the header is
//! row 1, as a spreadsheet shows it), so that every later message can point back to it.
//! The documented schemas (names, types, required or optional, meaning) are in
//! [`crate::data::schema`] and `datasets/DICTIONARY.md`.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::fmt;

/// The five tables.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TableKind {
    /// One row per child, young person or adult.
    Persons,
    /// One row per granted measure (foranstaltning) or placement.
    Episodes,
    /// One row per questionnaire filled in (wide) or per item answered (long).
    Assessments,
    /// The monthly ledger.
    Costs,
    /// One row per outcome observed for a person.
    Outcomes,
}

impl TableKind {
    /// All five, in the order the data model lists them.
    pub const ALL: [TableKind; 5] = [
        TableKind::Persons,
        TableKind::Episodes,
        TableKind::Assessments,
        TableKind::Costs,
        TableKind::Outcomes,
    ];

    /// The table's name as the CLI and plan spell it.
    pub fn name(self) -> &'static str {
        match self {
            TableKind::Persons => "persons",
            TableKind::Episodes => "episodes",
            TableKind::Assessments => "assessments",
            TableKind::Costs => "costs",
            TableKind::Outcomes => "outcomes",
        }
    }

    /// Parses a table name as the CLI and plan spell it.
    pub fn from_name(name: &str) -> Option<TableKind> {
        TableKind::ALL.into_iter().find(|t| t.name() == name)
    }
}

impl fmt::Display for TableKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A person's sex as registered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Sex {
    /// Girl or woman (`f`, `k`, `pige`, `kvinde`, `female`, `2`).
    Female,
    /// Boy or man (`m`, `d`, `dreng`, `mand`, `male`, `1`).
    Male,
}

/// A calendar month, as the ledger books it (`2021-03`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct YearMonth {
    /// The year.
    pub year: i32,
    /// The month, 1 to 12.
    pub month: u32,
}

impl YearMonth {
    /// The month that holds `date`.
    pub fn of(date: NaiveDate) -> YearMonth {
        use chrono::Datelike;
        YearMonth {
            year: date.year(),
            month: date.month(),
        }
    }

    /// The first day of the month.
    pub fn first_day(self) -> NaiveDate {
        NaiveDate::from_ymd_opt(self.year, self.month, 1).expect("a YearMonth holds a valid month")
    }

    /// The month after this one.
    pub fn next(self) -> YearMonth {
        if self.month == 12 {
            YearMonth {
                year: self.year + 1,
                month: 1,
            }
        } else {
            YearMonth {
                year: self.year,
                month: self.month + 1,
            }
        }
    }

    /// Number of days in the month.
    pub fn days(self) -> i64 {
        (self.next().first_day() - self.first_day()).num_days()
    }
}

impl fmt::Display for YearMonth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)
    }
}

impl Serialize for YearMonth {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// Why an episode ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EndReason {
    /// Returned home (hjemgivelse) or the measure ended with no further help.
    Home,
    /// Moved down the staircase to a less intrusive measure.
    StepDown,
    /// Moved up the staircase to a more intrusive measure.
    StepUp,
    /// The placement broke down (sammenbrud).
    Breakdown,
    /// Moved to another municipality (new handlekommune).
    Moved,
    /// Aged out (18, or 23 with efterværn).
    AgedOut,
    /// Any other reason.
    Other,
}

impl EndReason {
    /// All reasons in the contract's order.
    pub const ALL: [EndReason; 7] = [
        EndReason::Home,
        EndReason::StepDown,
        EndReason::StepUp,
        EndReason::Breakdown,
        EndReason::Moved,
        EndReason::AgedOut,
        EndReason::Other,
    ];

    /// The code as the data and the contract spell it.
    pub fn code(self) -> &'static str {
        match self {
            EndReason::Home => "home",
            EndReason::StepDown => "step_down",
            EndReason::StepUp => "step_up",
            EndReason::Breakdown => "breakdown",
            EndReason::Moved => "moved",
            EndReason::AgedOut => "aged_out",
            EndReason::Other => "other",
        }
    }
}

/// Who runs the measure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Provider {
    /// The municipality's own service (egen drift).
    Own,
    /// Bought from another municipality, region or private provider (ekstern).
    External,
}

/// Completed years of age on `at` for a person born on `birth` (`None` before the birth).
/// A 29 February birthday is reached on 1 March in other years.
///
/// ```
/// use chrono::NaiveDate;
/// use indsats::data::completed_years;
/// let d = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
/// assert_eq!(completed_years(d(2010, 3, 2), d(2020, 3, 1)), Some(9));
/// assert_eq!(completed_years(d(2010, 3, 2), d(2020, 3, 2)), Some(10));
/// assert_eq!(completed_years(d(2012, 2, 29), d(2013, 2, 28)), Some(0));
/// assert_eq!(completed_years(d(2020, 1, 1), d(2019, 1, 1)), None);
/// ```
pub fn completed_years(birth: NaiveDate, at: NaiveDate) -> Option<u32> {
    use chrono::Datelike;
    if at < birth {
        return None;
    }
    let mut y = at.year() - birth.year();
    if (at.month(), at.day()) < (birth.month(), birth.day()) {
        y -= 1;
    }
    u32::try_from(y).ok()
}

/// One person.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Person {
    /// Pseudonymous identifier.
    pub person_id: String,
    /// Date of birth, where known.
    pub birth_date: Option<NaiveDate>,
    /// Year of birth: from `birth_date` when that is given, else from `birth_year`.
    pub birth_year: Option<i32>,
    /// Sex, where registered.
    pub sex: Option<Sex>,
    /// District, school or unit.
    pub district: Option<String>,
    /// Free covariates, in the order of [`Persons::covariate_names`]; `None` is missing.
    pub covariates: Vec<Option<f64>>,
    /// Free date columns (e.g. when the person joined a programme), in the order of
    /// [`Persons::date_names`]; `None` is missing.
    pub dates: Vec<Option<NaiveDate>>,
    /// Row in the file (header = 1).
    pub row: usize,
}

/// The persons table.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Persons {
    /// Names of the free covariate columns.
    pub covariate_names: Vec<String>,
    /// Names of the free date columns.
    pub date_names: Vec<String>,
    /// The rows that passed validation.
    pub rows: Vec<Person>,
}

/// One granted measure or placement.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Episode {
    /// The person.
    pub person_id: String,
    /// The measure, as the staircase configuration names it (e.g. `familiebehandling`).
    pub measure: String,
    /// The staircase level's id (given, or looked up from the measure).
    pub level: String,
    /// Legal basis, e.g. `§52 stk. 3 nr. 7`.
    pub legal_basis: Option<String>,
    /// Own or external provider.
    pub provider: Option<Provider>,
    /// First day.
    pub start_date: NaiveDate,
    /// Last day; `None` while ongoing.
    pub end_date: Option<NaiveDate>,
    /// Why it ended; `None` while ongoing or unrecorded.
    pub end_reason: Option<EndReason>,
    /// Cost per day (kroner).
    pub daily_cost: Option<f64>,
    /// Cost per month (kroner), where the system books monthly rates instead.
    pub monthly_cost: Option<f64>,
    /// Row in the file (header = 1).
    pub row: usize,
}

/// The episodes table.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Episodes {
    /// The rows that passed validation.
    pub rows: Vec<Episode>,
}

/// One questionnaire filled in by one informant at one time.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Assessment {
    /// The person assessed.
    pub person_id: String,
    /// Date filled in.
    pub date: NaiveDate,
    /// Instrument, e.g. `sdq`, `ors`, `srs`, `who5`.
    pub instrument: String,
    /// Informant, e.g. `parent`, `teacher`, `self`.
    pub informant: Option<String>,
    /// Session number (FIT).
    pub session: Option<u32>,
    /// Item responses in the order of [`Assessments::item_names`]; `None` is unanswered.
    pub items: Vec<Option<f64>>,
    /// Row in the file (header = 1); for long input, the first row of the group.
    pub row: usize,
}

/// The assessments table, always held wide.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Assessments {
    /// Item column names (e.g. `sdq1` … `sdq25`, `ors1` … `ors4`).
    pub item_names: Vec<String>,
    /// The rows that passed validation.
    pub rows: Vec<Assessment>,
}

/// One ledger line.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CostEntry {
    /// Month booked.
    pub month: YearMonth,
    /// Measure or account.
    pub measure: String,
    /// The person, where the ledger knows it.
    pub person_id: Option<String>,
    /// Amount in kroner (negative amounts are refunds and are flagged).
    pub amount: f64,
    /// Row in the file (header = 1).
    pub row: usize,
}

/// The monthly ledger.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Costs {
    /// The rows that passed validation.
    pub rows: Vec<CostEntry>,
}

/// One observed outcome.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Outcome {
    /// The person.
    pub person_id: String,
    /// Date observed.
    pub date: NaiveDate,
    /// Name of the outcome, e.g. `leaving_exam`, `youth_education`, `self_supporting`.
    pub outcome: String,
    /// Value: 1/0 for yes/no outcomes, else the measured value.
    pub value: f64,
    /// Row in the file (header = 1).
    pub row: usize,
}

/// The outcomes table.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Outcomes {
    /// The rows that passed validation.
    pub rows: Vec<Outcome>,
}
