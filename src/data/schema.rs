//! The documented schemas of the five tables: column names, types, whether required,
//! and meaning. `indsats validate --table NAME` and the data templates use these names;
//! a plan maps a municipality's own names onto them. `datasets/DICTIONARY.md` is the
//! same text for people (a test keeps the two in step).

use super::tables::TableKind;
use serde::Serialize;

/// The type a column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ColumnType {
    /// Free text or a code.
    Text,
    /// A date: ISO `2021-03-31`, or Danish `31-03-2021`, `31.03.2021`.
    Date,
    /// A month: `2021-03`.
    Month,
    /// A whole number.
    Integer,
    /// A number; decimal point or decimal comma (`1234,50`, `1.234,50`).
    Number,
    /// One of a fixed set of codes.
    Code,
}

/// One column of a table.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct ColumnSpec {
    /// indsats' name for it.
    pub name: &'static str,
    /// What it holds.
    pub kind: ColumnType,
    /// Whether every row must have it.
    pub required: bool,
    /// What it means.
    pub meaning: &'static str,
}

const fn col(
    name: &'static str,
    kind: ColumnType,
    required: bool,
    meaning: &'static str,
) -> ColumnSpec {
    ColumnSpec {
        name,
        kind,
        required,
        meaning,
    }
}

use ColumnType::*;

const PERSONS: &[ColumnSpec] = &[
    col(
        "person_id",
        Text,
        true,
        "pseudonymous identifier, unique; never a CPR number",
    ),
    col(
        "birth_date",
        Date,
        false,
        "date of birth (or give birth_year)",
    ),
    col(
        "birth_year",
        Integer,
        false,
        "year of birth, where the date is not exported",
    ),
    col("sex", Code, false, "m/f (also d/p, dreng/pige, 1/2)"),
    col("district", Text, false, "school district, school or unit"),
];

const EPISODES: &[ColumnSpec] = &[
    col("person_id", Text, true, "the person"),
    col(
        "measure",
        Text,
        true,
        "the granted measure (foranstaltning), as the staircase names it",
    ),
    col(
        "level",
        Code,
        false,
        "staircase level; looked up from the measure when absent",
    ),
    col(
        "legal_basis",
        Text,
        false,
        "legal basis, e.g. §52 stk. 3 nr. 7",
    ),
    col("provider", Code, false, "own (egen drift) or external"),
    col("start_date", Date, true, "first day"),
    col("end_date", Date, false, "last day; empty while ongoing"),
    col(
        "end_reason",
        Code,
        false,
        "home, step_down, step_up, breakdown, moved, aged_out, other",
    ),
    col(
        "daily_cost",
        Number,
        false,
        "cost per day in kroner (takst pr. døgn)",
    ),
    col(
        "monthly_cost",
        Number,
        false,
        "cost per month in kroner, where rates are monthly",
    ),
];

const ASSESSMENTS: &[ColumnSpec] = &[
    col("person_id", Text, true, "the person assessed"),
    col("date", Date, true, "date filled in"),
    col(
        "instrument",
        Code,
        true,
        "sdq, ors, cors, srs, csrs, who5, or a user-defined instrument",
    ),
    col(
        "informant",
        Code,
        false,
        "parent, teacher or self (forælder, lærer/pædagog, selv)",
    ),
    col("session", Integer, false, "session number (FIT)"),
    col(
        "item",
        Text,
        false,
        "long layout: the item's name (sdq1, ors2, …)",
    ),
    col("value", Number, false, "long layout: the answer"),
];

const COSTS: &[ColumnSpec] = &[
    col("month", Month, true, "month booked, 2021-03"),
    col("measure", Text, true, "measure or account"),
    col(
        "person_id",
        Text,
        false,
        "the person, where the ledger knows it",
    ),
    col("amount", Number, true, "amount in kroner"),
];

const OUTCOMES: &[ColumnSpec] = &[
    col("person_id", Text, true, "the person"),
    col("date", Date, true, "date observed"),
    col(
        "outcome",
        Text,
        true,
        "name, e.g. leaving_exam, youth_education, self_supporting",
    ),
    col(
        "value",
        Number,
        true,
        "1/0 (or ja/nej) for yes/no outcomes, else the value",
    ),
];

/// The named columns of a table. Persons also take free covariates (any other column
/// that holds numbers); wide assessments take item columns (`sdq1` … `sdq25`,
/// `sdq_impact_*`, `ors1` … `ors4`, `srs1` … `srs4`, `who5_1` … `who5_5`).
///
/// ```
/// use indsats::data::{schema, TableKind};
/// let required: Vec<&str> = schema::columns(TableKind::Episodes)
///     .iter().filter(|c| c.required).map(|c| c.name).collect();
/// assert_eq!(required, ["person_id", "measure", "start_date"]);
/// ```
pub fn columns(table: TableKind) -> &'static [ColumnSpec] {
    match table {
        TableKind::Persons => PERSONS,
        TableKind::Episodes => EPISODES,
        TableKind::Assessments => ASSESSMENTS,
        TableKind::Costs => COSTS,
        TableKind::Outcomes => OUTCOMES,
    }
}
