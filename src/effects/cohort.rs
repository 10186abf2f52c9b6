//! From a municipality's data to a [`Study`]: participants and a comparison group, each
//! followed from their own start to a questionnaire score some months later.

use super::study::Study;
use crate::data::{Dataset, Sex};
use crate::error::{Error, Result};
use crate::instruments;
use crate::progress::{observations, trajectories, Windows};
use chrono::NaiveDate;
use serde::Serialize;
use std::collections::HashMap;

/// What to compare: who took part, from when, on which score, with which covariates.
///
/// Participants are the persons whose `participant_column` (a persons covariate) is 1;
/// each starts at their `participant_start_column` date (a persons date column) when it is
/// given, else at the start of their first measure. The comparison group is everyone else
/// with a measure (only those in `comparison_districts` when it is not empty), each from
/// the start of their first measure. The baseline is the score at the start (within the
/// windows' baseline days), the outcome the score `months` later (± the tolerance).
#[derive(Debug, Clone, PartialEq)]
pub struct CohortSpec {
    /// The persons covariate (0/1) that marks participants.
    pub participant_column: String,
    /// The persons date column with each participant's start, if any.
    pub participant_start_column: Option<String>,
    /// Districts the comparison group is drawn from (empty: all non-participants).
    pub comparison_districts: Vec<String>,
    /// The instrument (e.g. `sdq`).
    pub instrument: String,
    /// Its scale (e.g. `total_difficulties`).
    pub scale: String,
    /// The informant (e.g. `parent`), or all.
    pub informant: Option<String>,
    /// Months from the start to the outcome.
    pub months: u32,
    /// Baseline and tolerance rules.
    pub windows: Windows,
    /// Covariates: persons covariates by name, and `age` (at the start, years) and
    /// `female` (0/1), which indsats derives.
    pub covariates: Vec<String>,
}

/// Who made it into the study, and who did not and why.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Default)]
pub struct CohortCounts {
    /// Participants with a start.
    pub participants: usize,
    /// Participants with a baseline score.
    pub participants_baseline: usize,
    /// Participants with a baseline and an outcome.
    pub participants_followed: usize,
    /// Participants in the study (covariates complete).
    pub participants_used: usize,
    /// Comparison persons with a start.
    pub comparison: usize,
    /// … with a baseline score.
    pub comparison_baseline: usize,
    /// … with a baseline and an outcome.
    pub comparison_followed: usize,
    /// … in the study.
    pub comparison_used: usize,
}

/// Builds the study: one row per person with a baseline and an outcome.
///
/// # Errors
/// An unknown instrument or scale, a participant or date column the persons table does
/// not have (naming the columns it has), a covariate it does not have.
pub fn cohort(data: &Dataset, spec: &CohortSpec) -> Result<(Study, CohortCounts)> {
    let persons = &data.persons;
    let col = |name: &str| persons.covariate_names.iter().position(|c| c == name);
    let part = col(&spec.participant_column).ok_or_else(|| {
        Error::parameter(
            "participant_column",
            format!(
                "the persons table has no numeric column \"{}\" (it has: {})",
                spec.participant_column,
                persons.covariate_names.join(", ")
            ),
        )
    })?;
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
    enum Cov {
        Age,
        Female,
        Column(usize),
    }
    let covs: Vec<Cov> = spec
        .covariates
        .iter()
        .map(|c| match c.as_str() {
            "age" => Ok(Cov::Age),
            "female" => Ok(Cov::Female),
            name => col(name).map(Cov::Column).ok_or_else(|| {
                Error::parameter(
                    "covariates",
                    format!(
                        "\"{name}\" is not a numeric column of the persons table (it has: {}; indsats also derives age and female)",
                        persons.covariate_names.join(", ")
                    ),
                )
            }),
        })
        .collect::<Result<_>>()?;
    let instrument = instruments::resolve(&spec.instrument)?;
    let mut first_start: HashMap<&str, NaiveDate> = HashMap::new();
    for e in &data.episodes.rows {
        let d = first_start
            .entry(e.person_id.as_str())
            .or_insert(e.start_date);
        *d = (*d).min(e.start_date);
    }
    // (person index, start, participant)
    let mut starts: Vec<(usize, NaiveDate, bool)> = Vec::new();
    for (i, p) in persons.rows.iter().enumerate() {
        let is_part = p.covariates[part] == Some(1.0);
        let own = start_col.and_then(|c| p.dates[c]);
        let first = first_start.get(p.person_id.as_str()).copied();
        let start = if is_part { own.or(first) } else { first };
        let in_comparison = is_part
            || spec.comparison_districts.is_empty()
            || p.district
                .as_ref()
                .is_some_and(|d| spec.comparison_districts.contains(d));
        if let (Some(s), true) = (start, in_comparison) {
            starts.push((i, s, is_part));
        }
    }
    let windows = Windows::new(vec![spec.months], spec.windows.tolerance_months())?
        .baseline_days(spec.windows.baseline_days_before())
        .baseline_days_after(spec.windows.baseline_days_after_start());
    let (obs, _) = observations(data, &instrument, &spec.scale, spec.informant.as_deref())?;
    let named: Vec<(String, NaiveDate)> = starts
        .iter()
        .map(|(i, s, _)| (persons.rows[*i].person_id.clone(), *s))
        .collect();
    let traj = trajectories(&named, &obs, &windows);
    let by_id: HashMap<&str, usize> = traj
        .iter()
        .enumerate()
        .map(|(k, t)| (t.person_id.as_str(), k))
        .collect();
    let mut counts = CohortCounts::default();
    let mut study = Study {
        outcome: format!("{}_{}_{}m", spec.instrument, spec.scale, spec.months),
        baseline: Some(("baseline".into(), Vec::new())),
        covariates: spec
            .covariates
            .iter()
            .map(|c| (c.clone(), Vec::new()))
            .collect(),
        ci_level: 0.95,
        ..Study::default()
    };
    let mut missing_cov = 0;
    for (i, start, is_part) in &starts {
        let p = &persons.rows[*i];
        let bump = |a: &mut usize, b: &mut usize| {
            if *is_part {
                *a += 1
            } else {
                *b += 1
            }
        };
        bump(&mut counts.participants, &mut counts.comparison);
        let Some(t) = by_id.get(p.person_id.as_str()).map(|&k| &traj[k]) else {
            continue;
        };
        let Some(base) = t.baseline else { continue };
        bump(
            &mut counts.participants_baseline,
            &mut counts.comparison_baseline,
        );
        let Some(Some(follow)) = t.follow_ups.first() else {
            continue;
        };
        bump(
            &mut counts.participants_followed,
            &mut counts.comparison_followed,
        );
        let values: Option<Vec<f64>> = covs
            .iter()
            .map(|c| match c {
                Cov::Age => p
                    .birth_date
                    .map(|b| (*start - b).num_days() as f64 / 365.25),
                Cov::Female => p.sex.map(|s| f64::from(u8::from(s == Sex::Female))),
                Cov::Column(j) => p.covariates[*j],
            })
            .collect();
        let Some(values) = values else {
            missing_cov += 1;
            continue;
        };
        bump(&mut counts.participants_used, &mut counts.comparison_used);
        study.y.push(follow.value);
        study.treated.push(*is_part);
        if let Some((_, b)) = study.baseline.as_mut() {
            b.push(base.value);
        }
        for ((_, col), v) in study.covariates.iter_mut().zip(values) {
            col.push(v);
        }
    }
    study.excluded =
        counts.participants + counts.comparison - counts.participants_used - counts.comparison_used;
    if missing_cov > 0 {
        study.warnings.push(format!(
            "{missing_cov} persons with a baseline and an outcome were left out because a covariate is missing"
        ));
    }
    Ok((study, counts))
}
