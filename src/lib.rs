//! # indsats
//!
//! Tells Danish municipalities whether their social interventions work and what they cost.
//!
//! indsats reads a municipality's own exports (persons, episodes of measures and
//! placements, assessments, the monthly cost ledger, outcomes), checks them, and turns
//! them into a report for the council's theme meeting (temamøde).
//!
//! ## Module map
//! - [`data`]: the five tables, readers (CSV, Parquet, Excel), validation, the identifier guard
//! - [`staircase`]: the intervention staircase as configuration, and counts on it
//! - [`simulate`]: the synthetic municipality and its known truths
//! - [`plan`]: the evaluation plan (TOML) that drives a report
//! - [`summary`]: results as data
//! - [`report`]: HTML, Markdown and JSON writers, charts, Danish and English text
//! - [`error`]: the crate's one error type

pub mod data;
pub mod error;
pub mod instruments;
pub mod plan;
pub mod report;
pub mod staircase;
pub mod summary;

pub use error::{Error, ErrorKind, Result};

use serde::{Deserialize, Serialize};

/// The language of text meant for people.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    /// Danish, the default.
    #[default]
    Da,
    /// English.
    En,
}
