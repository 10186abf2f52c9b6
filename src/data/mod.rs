//! The municipal data model: five tables, their readers, validation and the identifier guard.
//!
//! The schemas (names, types, required or optional, meaning) are documented in
//! `datasets/DICTIONARY.md` and summarised in [`schema`].

mod expected;
mod frame;
mod ident;
mod issues;
mod load;
mod raw;
mod read;
pub mod schema;
mod tables;

pub use expected::{Expected, ValueKind};
pub use frame::{frame, Frame, Missing, Role, Wanted};
pub use ident::{
    check_table, contains_cpr_like, guard_table, hmac_sha256, is_cpr_like, redact, GuardAction,
    GuardOutcome, GuardedColumn, PseudonymKey, MIN_KEY_BYTES,
};
pub use issues::{Issue, IssueKind, LoadNote, TableCount, ValidationReport, EXAMPLES_PER_KIND};
pub use load::{
    from_raw, load, normalise_informant, parse_end_reason, parse_outcome_value, parse_provider,
    parse_sex, require_tables, LoadOptions, RawSource, Sources, TableSource,
};
pub use raw::{RawTable, TextColumn};
pub use read::{
    parse_date, parse_month, parse_number, parse_number_with, read_table, read_table_from_bytes,
    write_csv, write_csv_to, DecimalMark, FileKind,
};
pub use tables::{
    completed_years, Assessment, Assessments, CostEntry, Costs, EndReason, Episode, Episodes,
    Outcome, Outcomes, Person, Persons, Provider, Sex, TableKind, YearMonth,
};

use crate::staircase::Staircase;
use chrono::NaiveDate;

/// A municipality's data, read, typed and validated: what every analysis starts from.
#[derive(Debug, Clone)]
pub struct Dataset {
    /// Persons.
    pub persons: Persons,
    /// Episodes (measures and placements).
    pub episodes: Episodes,
    /// Assessments, wide.
    pub assessments: Assessments,
    /// The monthly ledger.
    pub costs: Costs,
    /// Outcomes.
    pub outcomes: Outcomes,
    /// The staircase the episodes were checked against.
    pub staircase: Staircase,
    /// The first day the data cover: counts per year start with its year, since
    /// episodes that ended before it are not in the extract.
    pub start: NaiveDate,
    /// The data's cut-off (extraction) date: ongoing episodes are censored here and later
    /// dates are flagged.
    pub cutoff: NaiveDate,
    /// What validation found, and rows used and excluded per table.
    pub validation: ValidationReport,
}
