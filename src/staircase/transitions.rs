//! Transitions: how often children move from one step of the staircase to another, and how
//! fast, per person-year on the step they move from.
//!
//! # Definitions
//! ```text
//! from Step spells (see SpellParams):
//! move            = a Step spell that ended (not censored): from its level to its to_level,
//!                   or to "ended" when no step follows within the gap tolerance
//! person_years[l] = sum over spells on level l of duration_days / 365.25
//!                   (censored spells count up to the cut-off)
//! rate(l -> m)    = moves(l -> m) / person_years[l]           (per person-year; null at 0)
//! by year:          days are split at 31 December; a move counts in the year of the
//!                   spell's last day, its rate over that year's person-years on l
//! ```
//! The exits of each level are also counted by recorded end reason; a superseded spell
//! (a higher step began while the episode ran) is counted apart, not as an end reason.
//!
//! # Example
//! ```
//! use chrono::NaiveDate;
//! use indsats::data::{EndReason, Episode};
//! use indsats::staircase::{transitions, Move, SpellKind, SpellParams, Staircase};
//!
//! let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
//! let ep = |id: &str, measure: &str, level: &str, start, end, reason| Episode {
//!     person_id: id.into(), measure: measure.into(), level: level.into(),
//!     legal_basis: None, provider: None, start_date: start, end_date: end,
//!     end_reason: reason, daily_cost: None, monthly_cost: None, row: 2,
//! };
//! // a: a year in residential care (2021), then foster care to the cut-off;
//! // b: a year in residential care (2022), then home.
//! let episodes = vec![
//!     ep("a", "opholdssted", "residential", d(2021, 1, 1), Some(d(2021, 12, 31)),
//!        Some(EndReason::StepDown)),
//!     ep("a", "plejefamilie", "foster", d(2022, 1, 1), None, None),
//!     ep("b", "opholdssted", "residential", d(2022, 1, 1), Some(d(2022, 12, 31)),
//!        Some(EndReason::Home)),
//! ];
//! let spells = SpellParams::new(SpellKind::Step)
//!     .fit(&episodes, &Staircase::danish_default(), d(2022, 12, 31))?;
//! let t = transitions(&spells, false)?;
//! let to_foster = t.moves.iter().find(|m| m.to == "foster").unwrap();
//! assert_eq!((to_foster.from.as_str(), to_foster.count), ("residential", 1));
//! // 365 + 365 days in residential care = 730 / 365.25 person-years
//! assert!((to_foster.rate_per_person_year.unwrap() - 365.25 / 730.0).abs() < 1e-12);
//! assert!(t.moves.iter().any(|m| m.to == Move::ENDED && m.count == 1));
//! # Ok::<(), indsats::Error>(())
//! ```
//!
//! # Errors
//! Spells that are not Step spells.

use super::{SpellKind, Spells};
use crate::data::EndReason;
use crate::error::{Error, Result};
use chrono::{Datelike, NaiveDate};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

/// Days in a person-year.
const YEAR_DAYS: f64 = 365.25;

/// Moves between steps and time on each step.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Transitions {
    /// Level ids from the least to the most intrusive.
    pub levels: Vec<String>,
    /// The cut-off.
    pub cutoff: NaiveDate,
    /// The gap tolerance the spells were joined with.
    pub gap_days: u32,
    /// Whether counts are per calendar year.
    pub by_year: bool,
    /// Moves with a count above 0, by year, from-level and to-level (staircase order,
    /// "ended" last).
    pub moves: Vec<Move>,
    /// Time on each level (every level, every year when by year).
    pub time: Vec<LevelTime>,
}

/// Moves from one step to another (or off the staircase).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Move {
    /// The level moved from.
    pub from: String,
    /// The level moved to, or [`Move::ENDED`].
    pub to: String,
    /// The calendar year of the move (by year only).
    pub year: Option<i32>,
    /// Number of moves.
    pub count: usize,
    /// Moves per person-year on the from-level; `None` with no person-time.
    pub rate_per_person_year: Option<f64>,
}

impl Move {
    /// The destination of a spell after which no step follows within the gap tolerance.
    pub const ENDED: &'static str = "ended";
}

/// Time at risk on one level (in one year).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LevelTime {
    /// The level.
    pub level: String,
    /// The calendar year (by year only).
    pub year: Option<i32>,
    /// Spells with at least one day on the level (in the year).
    pub spells: usize,
    /// Distinct persons among them.
    pub persons: usize,
    /// Days on the level / 365.25.
    pub person_years: f64,
    /// Spells that ended (in the year): moves from the level.
    pub exits: usize,
    /// Spells running at the cut-off (counted in the cut-off year).
    pub censored: usize,
    /// Exits by recorded end reason (every reason, zeros included).
    pub exits_by_reason: BTreeMap<EndReason, usize>,
    /// Exits with no reason recorded (not superseded).
    pub exits_without_reason: usize,
    /// Exits because a higher step began while the episode ran.
    pub superseded: usize,
}

/// Counts moves between steps and the person-time on each step.
///
/// # Errors
/// `spells` are not [`SpellKind::Step`] spells.
pub fn transitions(spells: &Spells, by_year: bool) -> Result<Transitions> {
    if spells.kind != SpellKind::Step {
        return Err(Error::parameter(
            "spells",
            "transitions are counted on Step spells, not Placement spells",
        ));
    }
    let k = spells.levels.len();
    let pos = |id: &str| {
        spells
            .levels
            .iter()
            .position(|l| l == id)
            .expect("spells carry their staircase's levels")
    };
    let years: Vec<Option<i32>> = if by_year {
        match spells.spells.iter().map(|s| s.start.year()).min() {
            Some(first) => (first..=spells.cutoff.year()).map(Some).collect(),
            None => Vec::new(),
        }
    } else {
        vec![None]
    };
    let year_index = |y: i32| years.iter().position(|x| *x == Some(y));
    let blank = |level: usize, year: Option<i32>| LevelTime {
        level: spells.levels[level].clone(),
        year,
        spells: 0,
        persons: 0,
        person_years: 0.0,
        exits: 0,
        censored: 0,
        exits_by_reason: EndReason::ALL.iter().map(|&r| (r, 0)).collect(),
        exits_without_reason: 0,
        superseded: 0,
    };
    // time[year][level]
    let mut time: Vec<Vec<LevelTime>> = years
        .iter()
        .map(|&y| (0..k).map(|l| blank(l, y)).collect())
        .collect();
    let mut persons: Vec<Vec<BTreeSet<&str>>> = vec![vec![BTreeSet::new(); k]; years.len()];
    // (year slot, from, to: None = ended) -> count
    let mut moves: BTreeMap<(usize, usize, Option<usize>), usize> = BTreeMap::new();
    for s in &spells.spells {
        let l = pos(&s.from_level);
        let last = s.last_day();
        // Person-time, split by year when asked.
        for (slot, year) in years.iter().enumerate() {
            let days = match year {
                None => i64::from(s.duration_days),
                Some(y) => {
                    let jan1 = NaiveDate::from_ymd_opt(*y, 1, 1).expect("valid date");
                    let dec31 = NaiveDate::from_ymd_opt(*y, 12, 31).expect("valid date");
                    ((last.min(dec31) - s.start.max(jan1)).num_days() + 1).max(0)
                }
            };
            if days > 0 {
                let t = &mut time[slot][l];
                t.spells += 1;
                t.person_years += days as f64 / YEAR_DAYS;
                persons[slot][l].insert(&s.person_id);
            }
        }
        let slot = if by_year {
            year_index(last.year())
        } else {
            Some(0)
        };
        let Some(slot) = slot else { continue };
        let t = &mut time[slot][l];
        if s.censored {
            t.censored += 1;
            continue;
        }
        t.exits += 1;
        if s.superseded {
            t.superseded += 1;
        } else {
            match s.exit_reason {
                Some(r) => *t.exits_by_reason.entry(r).or_insert(0) += 1,
                None => t.exits_without_reason += 1,
            }
        }
        let to = s.to_level.as_deref().map(pos);
        *moves.entry((slot, l, to)).or_insert(0) += 1;
    }
    for (slot, row) in time.iter_mut().enumerate() {
        for (l, t) in row.iter_mut().enumerate() {
            t.persons = persons[slot][l].len();
        }
    }
    // "ended" (None) sorts after every level.
    let mut keyed: Vec<_> = moves.into_iter().collect();
    keyed.sort_by_key(|((slot, from, to), _)| (*slot, *from, to.is_none(), *to));
    let moves = keyed
        .into_iter()
        .map(|((slot, from, to), count)| {
            let py = time[slot][from].person_years;
            Move {
                from: spells.levels[from].clone(),
                to: to.map_or(Move::ENDED.to_string(), |t| spells.levels[t].clone()),
                year: years[slot],
                count,
                rate_per_person_year: (py > 0.0).then(|| count as f64 / py),
            }
        })
        .collect();
    Ok(Transitions {
        levels: spells.levels.clone(),
        cutoff: spells.cutoff,
        gap_days: spells.gap_days,
        by_year,
        moves,
        time: time.into_iter().flatten().collect(),
    })
}
