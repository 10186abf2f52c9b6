//! The placement mix: how the children placed on a date are spread over placement types,
//! and the share in residential care against the council's target.
//!
//! Councils set a target such as "75 % of placements family-based", i.e. at most 25 % in
//! residential care (opholdssted, døgninstitution), and follow the share on a date.
//!
//! # Definitions
//! ```text
//! placed on date d:  children with an episode on a placement level active on d
//!                    (start_date <= d <= end_date, or ongoing); a child with several such
//!                    episodes counts once, on the highest-ranked level's (then the latest
//!                    started) episode, and is counted in `overlapping`
//! type:              the measure (MixBy::Measure, the default) or the level (MixBy::Level)
//! share[type]        = children of the type / children placed
//! residential_share  = sum of share over types on a residential level
//! other_share        = 1 - residential_share          (family-based and other placements)
//! gap_points         = (residential_share - target) × 100   (percentage points; > 0 above)
//! rounded:           the figures as municipal documents compute them: each type's share
//!                    rounded to a whole percent (half up), the residential percent the SUM
//!                    of the rounded residential types, the other percent 100 minus it, the
//!                    gap the residential percent minus the target in percent
//! ```
//! The rounded figures can differ from the exact ones by a point or two: rounding each type
//! first is how a document quoting 16 % and 13 % arrives at 29 %, though 9 of 32 children is
//! 28.1 %. [`PlacementMix::rounded`] reproduces the document; the exact shares are beside it.
//!
//! # Example
//! The Hørsholm figures, from the shares as the document states them
//! (`tests/reference/seeds/hoersholm_placement_mix.json`):
//! ```
//! use indsats::staircase::{mix_from_shares, Staircase};
//!
//! let shares = [
//!     ("eget_vaerelse", 0.13), ("kost_efterskole", 0.16), ("plejefamilie", 0.38),
//!     ("netvaerkspleje", 0.06), ("opholdssted", 0.16), ("doegninstitution", 0.13),
//! ];
//! let mix = mix_from_shares(&shares, &Staircase::danish_default(), 0.25)?;
//! assert_eq!(mix.rounded.residential_share, 0.29);
//! assert_eq!(mix.rounded.other_share, 0.71);
//! assert_eq!(mix.rounded.gap_points, 4.0);
//! # Ok::<(), indsats::Error>(())
//! ```
//!
//! # Errors
//! [`PlacementMixParams::check`]: a target outside [0, 1]. [`PlacementMixParams::fit`]: a
//! date after the cut-off. [`mix_from_shares`]: a type that is neither a measure nor a level
//! of the staircase, or not a placement; a share outside [0, 1]; shares that do not sum to
//! about 1 (0.9 to 1.1).

use super::Staircase;
use crate::data::Episode;
use crate::error::{Error, Result};
use chrono::NaiveDate;
use serde::Serialize;
use std::collections::BTreeMap;

/// What a placement type is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum MixBy {
    /// The measure (plejefamilie, opholdssted, …), as documents list placement types.
    #[default]
    Measure,
    /// The staircase level (foster, residential, …).
    Level,
}

/// The placement mix on a date: configure, check, then fit.
#[derive(Debug, Clone, PartialEq)]
pub struct PlacementMixParams {
    date: NaiveDate,
    target: f64,
    by: MixBy,
}

/// The placement mix against a target share of residential care.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PlacementMix {
    /// The date counted (`None` when the mix was given as shares).
    pub date: Option<NaiveDate>,
    /// Types are measures or levels.
    pub by: MixBy,
    /// Children placed on the date (`None` when given as shares).
    pub n_placed: Option<usize>,
    /// Children with more than one placement episode active on the date (counted once).
    pub overlapping: usize,
    /// One entry per type, in staircase order.
    pub types: Vec<MixType>,
    /// Share of the placed in residential care.
    pub residential_share: f64,
    /// 1 − the residential share.
    pub other_share: f64,
    /// The target share of residential care.
    pub target_residential_share: f64,
    /// (residential share − target) × 100: percentage points above (> 0) or below target.
    pub gap_points: f64,
    /// The figures as documents compute them from shares rounded to whole percents.
    pub rounded: RoundedMix,
    /// What a reader should know.
    pub warnings: Vec<String>,
}

/// One placement type.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MixType {
    /// The measure or level id.
    #[serde(rename = "type")]
    pub type_id: String,
    /// Its level.
    pub level: String,
    /// Whether its level is residential care.
    pub residential: bool,
    /// Children of the type (`None` when given as shares).
    pub count: Option<usize>,
    /// Its share of the placed.
    pub share: f64,
    /// The share as a whole percent, rounded half up.
    pub percent_rounded: u32,
}

/// The mix from shares rounded to whole percents, as documents compute it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RoundedMix {
    /// Sum of the residential types' rounded percents.
    pub residential_percent: u32,
    /// 100 − the residential percent.
    pub other_percent: i64,
    /// The residential percent / 100.
    pub residential_share: f64,
    /// The other percent / 100.
    pub other_share: f64,
    /// Residential percent − target × 100.
    pub gap_points: f64,
}

impl PlacementMixParams {
    /// The mix on `date` against a target of 25 % residential care, types by measure.
    pub fn new(date: NaiveDate) -> Self {
        PlacementMixParams {
            date,
            target: 0.25,
            by: MixBy::Measure,
        }
    }

    /// The target share of residential care (default 0.25: 75 % family-based).
    pub fn target(mut self, share: f64) -> Self {
        self.target = share;
        self
    }

    /// Types by measure (default) or by level.
    pub fn by(mut self, by: MixBy) -> Self {
        self.by = by;
        self
    }

    /// Checks the parameters.
    ///
    /// # Errors
    /// A target outside [0, 1].
    pub fn check(&self) -> Result<()> {
        check_target(self.target)
    }

    /// Counts the children placed on the date in `episodes`.
    ///
    /// # Errors
    /// See [`PlacementMixParams::check`]; a date after the cut-off (who is placed then is
    /// not in the data); no child placed on the date.
    pub fn fit(
        &self,
        episodes: &[Episode],
        staircase: &Staircase,
        cutoff: NaiveDate,
    ) -> Result<PlacementMix> {
        self.check()?;
        if self.date > cutoff {
            return Err(Error::parameter(
                "date",
                format!(
                    "{} is after the data's cut-off {cutoff}: who is placed then is not in the data",
                    self.date
                ),
            ));
        }
        // Per child: (level position, start, row, episode) of the placement that counts.
        let mut chosen: BTreeMap<&str, (usize, NaiveDate, usize, &Episode)> = BTreeMap::new();
        let mut overlapping: BTreeMap<&str, usize> = BTreeMap::new();
        for e in episodes {
            let Some(pos) = staircase.level_position(&e.level) else {
                continue;
            };
            let active = e.start_date <= self.date && e.end_date.is_none_or(|end| end >= self.date);
            if !(staircase.levels()[pos].placement && active) {
                continue;
            }
            *overlapping.entry(&e.person_id).or_insert(0) += 1;
            let key = (pos, e.start_date, e.row, e);
            let c = chosen.entry(&e.person_id).or_insert(key);
            if (key.0, key.1, key.2) > (c.0, c.1, c.2) {
                *c = key;
            }
        }
        let n = chosen.len();
        if n == 0 {
            return Err(Error::analysis(format!(
                "no child is placed on {}, so there is no placement mix",
                self.date
            )));
        }
        // (type, its level) -> children; an unknown measure kept on a known level keeps it.
        let mut counts: BTreeMap<(String, String), usize> = BTreeMap::new();
        for (pos, _, _, e) in chosen.values() {
            let level = staircase.levels()[*pos].id.clone();
            let id = match self.by {
                MixBy::Measure => e.measure.clone(),
                MixBy::Level => level.clone(),
            };
            *counts.entry((id, level)).or_insert(0) += 1;
        }
        let mut types: Vec<MixType> = counts
            .into_iter()
            .map(|((id, level), count)| MixType {
                type_id: id,
                residential: staircase.level(&level).is_some_and(|l| l.residential),
                level,
                count: Some(count),
                share: count as f64 / n as f64,
                // round(100 × count / n) half up, in integers
                percent_rounded: u32::try_from((200 * count + n) / (2 * n)).expect("a percent"),
            })
            .collect();
        sort_types(&mut types, staircase);
        let overlapping = overlapping.values().filter(|k| **k > 1).count();
        let mut warnings = Vec::new();
        if overlapping > 0 {
            warnings.push(format!(
                "{overlapping} child(ren) had more than one placement on {}; each is counted once, on the highest step",
                self.date
            ));
        }
        Ok(assemble(
            Some(self.date),
            self.by,
            Some(n),
            overlapping,
            types,
            self.target,
            warnings,
        ))
    }
}

/// The placement mix from shares by type, as a document states them (`share` a fraction,
/// e.g. 0.13); each type is a measure or a level of `staircase`.
///
/// # Errors
/// See the module docs.
pub fn mix_from_shares(
    shares: &[(&str, f64)],
    staircase: &Staircase,
    target: f64,
) -> Result<PlacementMix> {
    check_target(target)?;
    let mut types = Vec::with_capacity(shares.len());
    let mut by = MixBy::Measure;
    for &(name, share) in shares {
        if !(0.0..=1.0).contains(&share) {
            return Err(Error::parameter(
                "shares",
                format!("the share of \"{name}\" must be a fraction from 0 to 1, not {share}"),
            ));
        }
        let (id, level) = if let Some(m) = staircase.measure(name) {
            (m.id.clone(), m.level.clone())
        } else if let Some(l) = staircase.level(name) {
            by = MixBy::Level;
            (l.id.clone(), l.id.clone())
        } else {
            return Err(Error::parameter(
                "shares",
                format!("\"{name}\" is neither a measure nor a level of the staircase"),
            ));
        };
        let lvl = staircase.level(&level).expect("a measure's level exists");
        if !lvl.placement {
            return Err(Error::parameter(
                "shares",
                format!("\"{name}\" is on level \"{level}\", which is not a placement"),
            ));
        }
        types.push(MixType {
            type_id: id,
            level,
            residential: lvl.residential,
            count: None,
            share,
            percent_rounded: (share * 100.0).round() as u32,
        });
    }
    let sum: f64 = types.iter().map(|t| t.share).sum();
    if !(0.9..=1.1).contains(&sum) {
        return Err(Error::parameter(
            "shares",
            format!("the shares sum to {sum}; they must be fractions summing to about 1"),
        ));
    }
    let mut warnings = Vec::new();
    if (sum - 1.0).abs() > 1e-9 {
        warnings.push(format!(
            "the shares sum to {}, not 1 (rounded shares); the other share is 1 minus the residential share",
            (sum * 1e6).round() / 1e6
        ));
    }
    sort_types(&mut types, staircase);
    Ok(assemble(None, by, None, 0, types, target, warnings))
}

fn check_target(target: f64) -> Result<()> {
    if !(0.0..=1.0).contains(&target) {
        return Err(Error::parameter(
            "target",
            format!("the target share of residential care must be from 0 to 1, not {target}"),
        ));
    }
    Ok(())
}

/// Staircase order: level rank, then the measure's place in the staircase, then name.
fn sort_types(types: &mut [MixType], staircase: &Staircase) {
    let measure_pos = |id: &str| {
        staircase
            .measures()
            .iter()
            .position(|m| m.id.eq_ignore_ascii_case(id))
            .unwrap_or(usize::MAX)
    };
    types.sort_by_key(|t| {
        (
            staircase.level_position(&t.level),
            measure_pos(&t.type_id),
            t.type_id.clone(),
        )
    });
}

fn assemble(
    date: Option<NaiveDate>,
    by: MixBy,
    n_placed: Option<usize>,
    overlapping: usize,
    types: Vec<MixType>,
    target: f64,
    warnings: Vec<String>,
) -> PlacementMix {
    let residential_share: f64 = types
        .iter()
        .filter(|t| t.residential)
        .map(|t| t.share)
        .sum();
    let residential_percent: u32 = types
        .iter()
        .filter(|t| t.residential)
        .map(|t| t.percent_rounded)
        .sum();
    let other_percent = 100 - i64::from(residential_percent);
    PlacementMix {
        date,
        by,
        n_placed,
        overlapping,
        types,
        residential_share,
        other_share: 1.0 - residential_share,
        target_residential_share: target,
        gap_points: (residential_share - target) * 100.0,
        rounded: RoundedMix {
            residential_percent,
            other_percent,
            residential_share: f64::from(residential_percent) / 100.0,
            other_share: other_percent as f64 / 100.0,
            gap_points: f64::from(residential_percent) - target * 100.0,
        },
        warnings,
    }
}
