//! From a dataset's assessments to scored observations of one scale.

use super::followup::Observation;
use crate::data::Dataset;
use crate::error::Result;
use crate::instruments::Instrument;
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};

/// How a dataset's assessments of one instrument turned into observations of one scale.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct ScoredCounts {
    /// Assessments of the instrument (and informant, when one was asked for).
    pub assessments: usize,
    /// Those with a score on the scale.
    pub scored: usize,
    /// Those without, by reason code (`too_few_items`, `components_missing`, …, or
    /// `rejected` when an answer broke the instrument's rules).
    pub unscored: BTreeMap<String, usize>,
}

/// Scores every assessment of `instrument` (by one `informant`, or all) in `data` and
/// returns the scores on `scale`, with counts of what could not be scored and why.
/// Age for age-specific forms and norms comes from the persons table's birth date.
///
/// # Errors
/// A scale the instrument does not have.
pub fn observations(
    data: &Dataset,
    instrument: &Instrument,
    scale: &str,
    informant: Option<&str>,
) -> Result<(Vec<Observation>, ScoredCounts)> {
    if !instrument.scales().iter().any(|s| s.id() == scale) {
        let known: Vec<&str> = instrument.scales().iter().map(|s| s.id()).collect();
        return Err(crate::Error::parameter(
            "scale",
            format!(
                "{} has no scale \"{scale}\" (it has: {})",
                instrument.id(),
                known.join(", ")
            ),
        ));
    }
    let informant = informant.map(crate::data::normalise_informant);
    let births: HashMap<&str, chrono::NaiveDate> = data
        .persons
        .rows
        .iter()
        .filter_map(|p| p.birth_date.map(|d| (p.person_id.as_str(), d)))
        .collect();
    // The instrument's items among the table's columns.
    let columns: Vec<(usize, &str)> = data
        .assessments
        .item_names
        .iter()
        .enumerate()
        .filter(|(_, name)| instrument.item_range(name).is_some())
        .map(|(i, name)| (i, name.as_str()))
        .collect();
    let mut counts = ScoredCounts::default();
    let mut out = Vec::new();
    for a in &data.assessments.rows {
        if !a.instrument.eq_ignore_ascii_case(instrument.id()) {
            continue;
        }
        if informant.is_some() && a.informant != informant {
            continue;
        }
        counts.assessments += 1;
        let mut r = instrument.responses();
        for &(i, name) in &columns {
            r.set(name, a.items[i])?;
        }
        if let Some(inf) = &a.informant {
            r = r.informant(inf);
        }
        if let Some(age) = births
            .get(a.person_id.as_str())
            .and_then(|b| crate::data::completed_years(*b, a.date))
        {
            r = r.age(age);
        }
        match r.score() {
            Ok(scores) => match scores.value(scale) {
                Some(value) => {
                    counts.scored += 1;
                    out.push(Observation {
                        person_id: a.person_id.clone(),
                        date: a.date,
                        value,
                        session: a.session,
                    });
                }
                None => {
                    let reason = scores.unscored(scale).map_or("not_scored", |u| u.code());
                    *counts.unscored.entry(reason.to_string()).or_insert(0) += 1;
                }
            },
            Err(_) => *counts.unscored.entry("rejected".to_string()).or_insert(0) += 1,
        }
    }
    Ok((out, counts))
}
