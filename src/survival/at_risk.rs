//! Episodes as time at risk of an exit, with the intervention as a time-varying covariate:
//! the counting-process data (entry, exit] a Cox model of "does the intervention speed up
//! moves down the staircase?" needs.

use crate::data::{Dataset, EndReason};
use crate::error::{Error, Result};
use crate::staircase::Staircase;
use serde::Serialize;
use std::collections::HashMap;

/// Which episodes are at risk of which exit, and who took part from when.
#[derive(Debug, Clone, PartialEq)]
pub struct AtRiskSpec {
    /// The exit counted as the event (e.g. [`EndReason::StepDown`]); other exits censor.
    pub exit: EndReason,
    /// Only episodes on placement levels (true) or only on other levels (false).
    pub placement: bool,
    /// The persons covariate (0/1) that marks participants.
    pub participant_column: String,
    /// The persons date column with each participant's start; without it participation
    /// counts from the start of every episode (not time-varying).
    pub participant_start_column: Option<String>,
    /// Persons covariates to carry (numeric columns).
    pub covariates: Vec<String>,
}

/// Counting-process rows: one per episode, or two where participation starts during it.
#[derive(Debug, Clone, PartialEq, Serialize, Default)]
pub struct AtRisk {
    /// The person of each row (for cluster-robust errors).
    pub person: Vec<String>,
    /// Days since the episode's start at the row's entry.
    pub entry: Vec<f64>,
    /// Days since the episode's start at the row's exit.
    pub exit: Vec<f64>,
    /// Whether the row ends in the exit counted.
    pub event: Vec<bool>,
    /// `participant` (0/1, from the participant's start on), one 0/1 column per level but
    /// the first (`level_<id>`), then the persons covariates.
    pub covariates: Vec<(String, Vec<f64>)>,
    /// Episodes used.
    pub episodes: usize,
    /// Episodes left out because a covariate is missing.
    pub missing_covariate: usize,
    /// Episodes left out because they have no length (they end the day they start).
    pub zero_length: usize,
    /// Episodes left out because their person is not in the persons table.
    pub unknown_person: usize,
}

/// Builds the rows from a municipality's data: every episode on the chosen kind of level,
/// followed from its start to its end (or the cut-off: censored), the event being the
/// chosen exit.
///
/// ```text
/// participant(t) = 1 once t ≥ the participant's start (split the episode there), else 0
/// ```
///
/// # Errors
/// A participant, date or covariate column the persons table does not have (named, with
/// the columns it has).
pub fn at_risk(data: &Dataset, staircase: &Staircase, spec: &AtRiskSpec) -> Result<AtRisk> {
    let persons = &data.persons;
    let col = |name: &str, what: &str| {
        persons
            .covariate_names
            .iter()
            .position(|c| c == name)
            .ok_or_else(|| {
                Error::parameter(
                    what,
                    format!(
                        "the persons table has no numeric column \"{name}\" (it has: {})",
                        persons.covariate_names.join(", ")
                    ),
                )
            })
    };
    let part = col(&spec.participant_column, "participant_column")?;
    let covs: Vec<usize> = spec
        .covariates
        .iter()
        .map(|c| col(c, "covariates"))
        .collect::<Result<_>>()?;
    let start_col = match &spec.participant_start_column {
        None => None,
        Some(name) => Some(
            persons
                .date_names
                .iter()
                .position(|c| c == name)
                .ok_or_else(|| {
                    Error::parameter(
                        "participant_start_column",
                        format!(
                            "the persons table has no date column \"{name}\" (its date columns: {})",
                            persons.date_names.join(", ")
                        ),
                    )
                })?,
        ),
    };
    let by_id: HashMap<&str, usize> = persons
        .rows
        .iter()
        .enumerate()
        .map(|(i, p)| (p.person_id.as_str(), i))
        .collect();
    let levels: Vec<&str> = staircase
        .levels()
        .iter()
        .filter(|l| l.placement == spec.placement)
        .map(|l| l.id.as_str())
        .collect();
    let mut out = AtRisk {
        covariates: std::iter::once("participant".to_string())
            .chain(levels.iter().skip(1).map(|l| format!("level_{l}")))
            .chain(spec.covariates.iter().cloned())
            .map(|n| (n, Vec::new()))
            .collect(),
        ..AtRisk::default()
    };
    for e in &data.episodes.rows {
        let Some(li) = levels.iter().position(|l| *l == e.level) else {
            continue;
        };
        let Some(&pi) = by_id.get(e.person_id.as_str()) else {
            out.unknown_person += 1;
            continue;
        };
        let p = &persons.rows[pi];
        let values: Option<Vec<f64>> = covs.iter().map(|&j| p.covariates[j]).collect();
        let Some(values) = values else {
            out.missing_covariate += 1;
            continue;
        };
        let end = e.end_date.unwrap_or(data.cutoff).min(data.cutoff);
        let length = (end - e.start_date).num_days() as f64;
        if length <= 0.0 {
            out.zero_length += 1;
            continue;
        }
        let event = e.end_date.is_some_and(|d| d <= data.cutoff) && e.end_reason == Some(spec.exit);
        let participant = p.covariates[part] == Some(1.0);
        let joined = if participant {
            match start_col.and_then(|c| p.dates[c]) {
                Some(d) => (d - e.start_date).num_days().max(0) as f64,
                None => 0.0,
            }
        } else {
            f64::INFINITY
        };
        let mut push = |entry: f64, exit: f64, event: bool, on: bool| {
            out.person.push(e.person_id.clone());
            out.entry.push(entry);
            out.exit.push(exit);
            out.event.push(event);
            let mut row = vec![f64::from(u8::from(on))];
            row.extend((1..levels.len()).map(|k| f64::from(u8::from(k == li))));
            row.extend(values.iter().copied());
            for ((_, col), v) in out.covariates.iter_mut().zip(row) {
                col.push(v);
            }
        };
        if joined > 0.0 && joined < length {
            push(0.0, joined, false, false);
            push(joined, length, event, true);
        } else {
            push(0.0, length, event, joined == 0.0);
        }
        out.episodes += 1;
    }
    Ok(out)
}
