//! # indsats
//!
//! Tells Danish municipalities whether their social interventions work and what they cost.
//!
//! indsats reads a municipality's own exports (persons, episodes of measures and
//! placements, assessments, the monthly cost ledger, outcomes), checks them, and turns
//! them into a report for the council's theme meeting (temamøde).
//!
//! ## Quickstart
//!
//! The bundled example municipality (5,000 simulated children and young people) is read,
//! typed and validated like any municipality's exports:
//!
//! ```
//! use indsats::data::TableKind;
//!
//! let data = indsats::datasets::example()?;
//! assert!(data.validation.is_clean());
//! let episodes = data.validation.table(TableKind::Episodes).unwrap();
//! assert_eq!(episodes.rows_read, episodes.rows_used + episodes.rows_excluded());
//!
//! // Which step of the staircase is each measure on?
//! let foster = data.episodes.rows.iter().filter(|e| e.level == "foster").count();
//! assert!(foster > 0);
//! assert!(data.staircase.level("foster").unwrap().placement);
//! # Ok::<(), indsats::Error>(())
//! ```
//!
//! A municipality's own data come through an evaluation plan
//! ([`plan::Plan::from_file`], then [`data::load`]); a synthetic one with known true
//! effects from [`simulate::simulate`].
//!
//! ## Module map
//! - [`data`]: the five tables, readers (CSV, Parquet, Excel), validation, the identifier guard
//! - [`staircase`]: the intervention staircase as configuration, counts on it, spells,
//!   transitions, step-down rates and the placement mix
//! - [`simulate`]: the synthetic municipality and its known truths
//! - [`plan`]: the evaluation plan (TOML) that drives a report
//! - [`summary`]: results as data
//! - [`report`]: HTML, Markdown and JSON writers, charts, Danish and English text
//! - [`datasets`]: the bundled example municipality
//! - [`instruments`]: questionnaires as TOML definitions (SDQ, ORS/CORS, SRS/CSRS, WHO-5 and
//!   user-defined), exact scoring, bands and change thresholds
//! - [`progress`]: baselines, follow-ups, reliable change, group summaries, attrition
//! - [`effects`]: did a measure change the outcome (pre/post, ANCOVA, risks, propensity
//!   scores, matching as MatchIt, weighting, doubly robust, balance, bootstrap)
//! - [`economics`]: business cases, scenario models, rate cards, cost concentration and the
//!   cost tables of the municipal documents
//! - [`survival`]: how long placements last and how they end (Kaplan–Meier, Cox,
//!   Aalen–Johansen), as R's survival
//! - [`error`]: the crate's one error type

pub mod data;
pub mod datasets;
pub mod economics;
pub mod effects;
pub mod error;
pub mod instruments;
pub mod plan;
pub mod progress;
pub mod report;
pub mod simulate;
pub mod staircase;
pub mod summary;
pub mod survival;

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
