//! Spells: episodes of one person joined into stays — a whole placement, or a stay on one
//! step of the staircase.
//!
//! A case system records one row per granted measure. A child who moves from a foster
//! family to a residential home has two rows but one placement; a child whose family
//! treatment is re-granted the day after it ran out has two rows but one stay on the
//! home-based step. Spells join such rows, so that durations, exits and moves are counted
//! once per stay.
//!
//! # Definitions
//! ```text
//! an episode covers the days start_date ..= end, end = end_date (its last day), or the
//!     cut-off while ongoing; an end_date after the cut-off is a planned end: the episode is
//!     ongoing at the cut-off
//! join:  episodes (sorted by start) belong to one stay while
//!            next.start_date - stay.end <= gap_days          (days; default 1)
//!        so with gap_days = 1 an episode starting the day after the previous one's last day
//!        continues it; days inside a joined gap belong to the stay
//! Placement spell: joins every episode on a placement level, whatever the measure or level
//! Step spell:      joins the episodes on one level into stays; where stays on different
//!                  levels overlap, the HIGHER-ranked level wins on the overlapping days (as
//!                  in staircase::population). A lower stay overlapped by a higher one is cut:
//!                  the part before ends "superseded" (no episode ended; to_level is the
//!                  higher level), and a part after the higher stay is a new Step spell
//! duration_days = end - start + 1 (end = the cut-off for a censored spell), so a spell from
//!                 1 January to 31 December 2020 lasts 366 days
//! censored      = the spell runs on at the cut-off (end = None, exit_reason = None)
//! exit_reason   = end_reason of the spell's last episode (latest end, then latest start,
//!                 then file order); None while censored, when unrecorded or superseded
//! from_level    = the Step spell's level; for a Placement spell the last episode's level
//! to_level      = where the person went: the level of the next Step spell starting within
//!                 gap_days after the end (Step), or of the person's highest-ranked episode
//!                 active on the first day within gap_days after the end (Placement);
//!                 None when nothing follows (e.g. home, or out of the data)
//! ```
//!
//! Episodes whose level the staircase does not know, that start after the cut-off, or that
//! end before they start (validation already excludes these: `end_before_start`) are left
//! out and counted. Zero-length episodes (end_date = start_date) are kept as one-day stays
//! by default ([`ZeroLength::Keep`]) and counted; [`ZeroLength::Drop`] leaves them out.
//!
//! # Example
//! ```
//! use chrono::NaiveDate;
//! use indsats::data::{EndReason, Episode};
//! use indsats::staircase::{SpellKind, SpellParams, Staircase};
//!
//! let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
//! let ep = |measure: &str, level: &str, start, end, reason| Episode {
//!     person_id: "a".into(), measure: measure.into(), level: level.into(),
//!     legal_basis: None, provider: None, start_date: start, end_date: end,
//!     end_reason: reason, daily_cost: None, monthly_cost: None, row: 2,
//! };
//! let episodes = vec![
//!     ep("plejefamilie", "foster", d(2022, 1, 1), Some(d(2022, 6, 30)), Some(EndReason::StepUp)),
//!     ep("opholdssted", "residential", d(2022, 7, 1), None, None),
//! ];
//! let s = Staircase::danish_default();
//! let cutoff = d(2023, 12, 31);
//! // one placement, still running at the cut-off
//! let placements = SpellParams::new(SpellKind::Placement).fit(&episodes, &s, cutoff)?;
//! assert_eq!(placements.spells.len(), 1);
//! assert!(placements.spells[0].censored);
//! assert_eq!(placements.spells[0].duration_days, 730);
//! // two steps: foster care, then residential care
//! let steps = SpellParams::new(SpellKind::Step).fit(&episodes, &s, cutoff)?;
//! assert_eq!(steps.spells.len(), 2);
//! assert_eq!(steps.spells[0].exit_reason, Some(EndReason::StepUp));
//! assert_eq!(steps.spells[0].to_level.as_deref(), Some("residential"));
//! # Ok::<(), indsats::Error>(())
//! ```
//!
//! # Errors
//! [`SpellParams::check`]: `gap_days` outside 1 ..= 365.

use super::Staircase;
use crate::data::{EndReason, Episode};
use crate::error::{Error, Result};
use chrono::{Days, NaiveDate};
use serde::Serialize;
use std::collections::BTreeMap;

/// Which stays a spell joins.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SpellKind {
    /// A whole out-of-home placement: every episode on a placement level joins, whatever
    /// the measure (a move from foster care to residential care stays one placement).
    Placement,
    /// A stay on one step (level) of the staircase.
    Step,
}

/// What to do with an episode that ends on the day it starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ZeroLength {
    /// Keep it as a one-day stay (the end date is the last day), and count it.
    #[default]
    Keep,
    /// Leave it out (a registration that was never in effect), and count it.
    Drop,
}

/// How spells are built: configure, check, then fit.
#[derive(Debug, Clone, PartialEq)]
pub struct SpellParams {
    kind: SpellKind,
    gap_days: u32,
    zero_length: ZeroLength,
}

/// One spell.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Spell {
    /// The person.
    pub person_id: String,
    /// Placement or step.
    pub kind: SpellKind,
    /// First day.
    pub start: NaiveDate,
    /// Last day; `None` while running at the cut-off (censored).
    pub end: Option<NaiveDate>,
    /// Days from `start` to `end` (or to the cut-off), both counted.
    pub duration_days: u32,
    /// Whether the spell runs on at the cut-off.
    pub censored: bool,
    /// The recorded end reason of the last episode; `None` while censored, when no reason
    /// was recorded, or when the spell was superseded.
    pub exit_reason: Option<EndReason>,
    /// A Step spell cut short because a higher-ranked level began while its episode ran.
    pub superseded: bool,
    /// The spell's level (Step), or the level the placement ended on (Placement).
    pub from_level: String,
    /// The level the person went to within the gap tolerance after the end, if any.
    pub to_level: Option<String>,
    /// Levels the spell passed through, in order (one for a Step spell).
    pub levels: Vec<String>,
    /// Measures of the episodes in the spell, in order of first start, each once.
    pub measures: Vec<String>,
    /// File rows (header = 1) of the episodes in the spell.
    pub rows: Vec<usize>,
}

impl Spell {
    /// The spell's last observed day: its end, or the cut-off while censored.
    pub fn last_day(&self) -> NaiveDate {
        self.end.unwrap_or_else(|| {
            self.start
                .checked_add_days(Days::new(u64::from(self.duration_days) - 1))
                .expect("a spell ends on a valid date")
        })
    }
}

/// What happened to the episodes given.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct SpellCounts {
    /// Episodes given.
    pub episodes: usize,
    /// Episodes joined into spells.
    pub episodes_used: usize,
    /// Episodes not on a placement level (Placement spells only; not an exclusion).
    pub episodes_not_placement: usize,
    /// Episodes left out: level not on the staircase.
    pub episodes_unknown_level: usize,
    /// Episodes left out: start after the cut-off.
    pub episodes_after_cutoff: usize,
    /// Episodes left out: end before start (validation excludes these already).
    pub episodes_end_before_start: usize,
    /// Episodes ending on the day they start (kept or left out as [`ZeroLength`] says).
    pub episodes_zero_length: usize,
    /// Episodes whose end date lies after the cut-off (counted as running at the cut-off).
    pub episodes_ending_after_cutoff: usize,
    /// Spells built.
    pub spells: usize,
    /// Of these, running at the cut-off.
    pub censored: usize,
    /// Of these, Step spells cut short by a higher level.
    pub superseded: usize,
    /// Distinct persons with a spell.
    pub persons: usize,
}

/// Spells with the rules that made them.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Spells {
    /// Placement or step.
    pub kind: SpellKind,
    /// The gap tolerance in days.
    pub gap_days: u32,
    /// What was done with zero-length episodes.
    pub zero_length: ZeroLength,
    /// The cut-off: running spells are censored here.
    pub cutoff: NaiveDate,
    /// Level ids from the least to the most intrusive.
    pub levels: Vec<String>,
    /// The spells, by person and start.
    pub spells: Vec<Spell>,
    /// Counts of what was used and left out.
    pub counts: SpellCounts,
    /// What a reader should know (episodes left out, zero-length episodes).
    pub warnings: Vec<String>,
}

impl SpellParams {
    /// Spells of this kind, joined with a gap tolerance of 1 day, keeping zero-length
    /// episodes.
    pub fn new(kind: SpellKind) -> Self {
        SpellParams {
            kind,
            gap_days: 1,
            zero_length: ZeroLength::Keep,
        }
    }

    /// The largest number of days from one episode's end date to the next one's start
    /// date for them to be one stay (default 1: the next day continues the stay).
    pub fn gap_days(mut self, days: u32) -> Self {
        self.gap_days = days;
        self
    }

    /// What to do with episodes that end on the day they start (default keep).
    pub fn zero_length(mut self, rule: ZeroLength) -> Self {
        self.zero_length = rule;
        self
    }

    /// Checks the parameters.
    ///
    /// # Errors
    /// `gap_days` of 0 (an episode starting the day after another ended would start a
    /// new stay) or above 365.
    pub fn check(&self) -> Result<()> {
        if !(1..=365).contains(&self.gap_days) {
            return Err(Error::parameter(
                "gap_days",
                format!(
                    "must be 1 (the next day continues a stay) to 365 days, not {}",
                    self.gap_days
                ),
            ));
        }
        Ok(())
    }

    /// Builds the spells of `episodes` on `staircase`, censoring at `cutoff`.
    ///
    /// # Errors
    /// See [`SpellParams::check`].
    pub fn fit(
        &self,
        episodes: &[Episode],
        staircase: &Staircase,
        cutoff: NaiveDate,
    ) -> Result<Spells> {
        self.check()?;
        let mut counts = SpellCounts {
            episodes: episodes.len(),
            ..SpellCounts::default()
        };
        // Usable episodes per person.
        let mut by_person: BTreeMap<&str, Vec<Ep<'_>>> = BTreeMap::new();
        for e in episodes {
            let Some(level) = staircase.level_position(&e.level) else {
                counts.episodes_unknown_level += 1;
                continue;
            };
            if e.end_date.is_some_and(|end| end < e.start_date) {
                counts.episodes_end_before_start += 1;
                continue;
            }
            if e.start_date > cutoff {
                counts.episodes_after_cutoff += 1;
                continue;
            }
            if e.end_date == Some(e.start_date) {
                counts.episodes_zero_length += 1;
                if self.zero_length == ZeroLength::Drop {
                    continue;
                }
            }
            let running = match e.end_date {
                None => true,
                Some(end) if end > cutoff => {
                    counts.episodes_ending_after_cutoff += 1;
                    true
                }
                Some(_) => false,
            };
            by_person.entry(&e.person_id).or_default().push(Ep {
                e,
                level,
                start: e.start_date,
                end: if running {
                    cutoff
                } else {
                    e.end_date.expect("ended")
                },
                running,
            });
        }
        let levels = staircase.levels();
        let placement: Vec<bool> = levels.iter().map(|l| l.placement).collect();
        let mut spells = Vec::new();
        for (person, mut eps) in by_person {
            eps.sort_by_key(|x| (x.start, x.end, x.e.row));
            let before = spells.len();
            match self.kind {
                SpellKind::Placement => {
                    let (on, off): (Vec<&Ep<'_>>, Vec<&Ep<'_>>) =
                        eps.iter().partition(|x| placement[x.level]);
                    counts.episodes_not_placement += off.len();
                    counts.episodes_used += on.len();
                    for stay in join(&on, self.gap_days) {
                        spells.push(self.placement_spell(person, &stay, &eps, levels, cutoff));
                    }
                }
                SpellKind::Step => {
                    counts.episodes_used += eps.len();
                    let mut per_level: BTreeMap<usize, Vec<&Ep<'_>>> = BTreeMap::new();
                    for x in &eps {
                        per_level.entry(x.level).or_default().push(x);
                    }
                    let stays: Vec<Stay<'_, '_>> = per_level
                        .values()
                        .flat_map(|v| join(v, self.gap_days))
                        .collect();
                    spells.extend(self.step_spells(person, &stays, levels, cutoff));
                }
            }
            if spells.len() > before {
                counts.persons += 1;
            }
        }
        counts.spells = spells.len();
        counts.censored = spells.iter().filter(|s| s.censored).count();
        counts.superseded = spells.iter().filter(|s| s.superseded).count();
        let mut warnings = Vec::new();
        let left_out = [
            (
                counts.episodes_unknown_level,
                "on a level the staircase does not know",
            ),
            (counts.episodes_after_cutoff, "starting after the cut-off"),
            (counts.episodes_end_before_start, "ending before they start"),
        ];
        for (n, why) in left_out {
            if n > 0 {
                warnings.push(format!("{n} episode(s) {why} were left out"));
            }
        }
        if counts.episodes_zero_length > 0 {
            warnings.push(match self.zero_length {
                ZeroLength::Keep => format!(
                    "{} episode(s) end on the day they start; kept as one-day stays",
                    counts.episodes_zero_length
                ),
                ZeroLength::Drop => format!(
                    "{} episode(s) end on the day they start and were left out",
                    counts.episodes_zero_length
                ),
            });
        }
        Ok(Spells {
            kind: self.kind,
            gap_days: self.gap_days,
            zero_length: self.zero_length,
            cutoff,
            levels: levels.iter().map(|l| l.id.clone()).collect(),
            spells,
            counts,
            warnings,
        })
    }

    fn placement_spell(
        &self,
        person: &str,
        stay: &Stay<'_, '_>,
        all: &[Ep<'_>],
        levels: &[super::Level],
        cutoff: NaiveDate,
    ) -> Spell {
        let last = stay.last();
        let mut visited: Vec<String> = Vec::new();
        for x in &stay.eps {
            let id = &levels[x.level].id;
            if visited.last() != Some(id) {
                visited.push(id.clone());
            }
        }
        // Where the person went: the episode (outside this placement) first active within
        // the gap tolerance after the end; of several on that day, the highest-ranked.
        let to_level = (!stay.running)
            .then(|| {
                let first = stay.end.checked_add_days(Days::new(1))?;
                let last_day = stay
                    .end
                    .checked_add_days(Days::new(u64::from(self.gap_days)))?
                    .min(cutoff);
                all.iter()
                    .filter(|x| !stay.eps.iter().any(|y| std::ptr::eq(y.e, x.e)))
                    .filter(|x| x.start <= last_day && x.end >= first)
                    .map(|x| (x.start.max(first), std::cmp::Reverse(x.level)))
                    .min()
                    .map(|(_, std::cmp::Reverse(level))| levels[level].id.clone())
            })
            .flatten();
        make_spell(
            person,
            SpellKind::Placement,
            stay,
            stay.start,
            stay.end,
            cutoff,
            false,
            levels[last.level].id.clone(),
            to_level,
            visited,
            &stay.eps,
        )
    }

    /// Step spells of one person: the stays on each level, cut where a higher level wins.
    fn step_spells(
        &self,
        person: &str,
        stays: &[Stay<'_, '_>],
        levels: &[super::Level],
        cutoff: NaiveDate,
    ) -> Vec<Spell> {
        // Elementary intervals between every start and every day after an end.
        let mut bounds: Vec<NaiveDate> = stays
            .iter()
            .flat_map(|s| [s.start, s.end.succ_opt().unwrap_or(s.end)])
            .collect();
        bounds.sort();
        bounds.dedup();
        // (stay index, first day, last day) pieces, in time order.
        let mut pieces: Vec<(usize, NaiveDate, NaiveDate)> = Vec::new();
        for w in bounds.windows(2) {
            let (from, to) = (w[0], w[1].pred_opt().expect("after a start"));
            let top = stays
                .iter()
                .enumerate()
                .filter(|(_, s)| s.start <= from && s.end >= from)
                .max_by_key(|(_, s)| s.level)
                .map(|(i, _)| i);
            let Some(i) = top else { continue };
            match pieces.last_mut() {
                Some(p) if p.0 == i && p.2.succ_opt() == Some(from) => p.2 = to,
                _ => pieces.push((i, from, to)),
            }
        }
        let gap = Days::new(u64::from(self.gap_days));
        let mut out = Vec::with_capacity(pieces.len());
        for (k, &(i, from, to)) in pieces.iter().enumerate() {
            let stay = &stays[i];
            let superseded = to < stay.end;
            let censored = !superseded && stay.running;
            let to_level = (!censored)
                .then(|| {
                    let (j, next_from, _) = *pieces.get(k + 1)?;
                    let limit = to.checked_add_days(gap)?;
                    (next_from <= limit).then(|| levels[stays[j].level].id.clone())
                })
                .flatten();
            let eps: Vec<&Ep<'_>> = stay
                .eps
                .iter()
                .copied()
                .filter(|x| x.start <= to && x.end >= from)
                .collect();
            // Inside a joined gap no episode is active; the piece keeps the stay's episodes
            // on either side of it.
            let eps = if eps.is_empty() {
                stay.eps.clone()
            } else {
                eps
            };
            let id = levels[stay.level].id.clone();
            let piece = Stay {
                eps,
                level: stay.level,
                start: from,
                end: to,
                running: censored,
            };
            out.push(make_spell(
                person,
                SpellKind::Step,
                &piece,
                from,
                to,
                cutoff,
                superseded,
                id.clone(),
                to_level,
                vec![id],
                &piece.eps,
            ));
        }
        out
    }
}

/// An episode reduced to what joining needs.
#[derive(Debug)]
struct Ep<'a> {
    e: &'a Episode,
    level: usize,
    start: NaiveDate,
    /// Last day, the cut-off while running.
    end: NaiveDate,
    running: bool,
}

/// Episodes joined into one stay.
#[derive(Debug)]
struct Stay<'a, 'b> {
    eps: Vec<&'b Ep<'a>>,
    level: usize,
    start: NaiveDate,
    end: NaiveDate,
    running: bool,
}

impl Stay<'_, '_> {
    /// The last episode: latest end, then latest start, then file order.
    fn last(&self) -> &Ep<'_> {
        self.eps
            .iter()
            .max_by_key(|x| (x.end, x.start, x.e.row))
            .expect("a stay has an episode")
    }
}

/// Joins episodes sorted by start into stays by the gap rule.
fn join<'a, 'b>(eps: &[&'b Ep<'a>], gap_days: u32) -> Vec<Stay<'a, 'b>> {
    let mut stays: Vec<Stay<'a, 'b>> = Vec::new();
    for &x in eps {
        if let Some(s) = stays.last_mut() {
            if (x.start - s.end).num_days() <= i64::from(gap_days) {
                s.eps.push(x);
                if x.end > s.end || (x.end == s.end && x.running) {
                    s.end = x.end;
                    s.running = x.running;
                }
                continue;
            }
        }
        stays.push(Stay {
            eps: vec![x],
            level: x.level,
            start: x.start,
            end: x.end,
            running: x.running,
        });
    }
    stays
}

#[allow(clippy::too_many_arguments)]
fn make_spell(
    person: &str,
    kind: SpellKind,
    stay: &Stay<'_, '_>,
    start: NaiveDate,
    end: NaiveDate,
    cutoff: NaiveDate,
    superseded: bool,
    from_level: String,
    to_level: Option<String>,
    levels: Vec<String>,
    eps: &[&Ep<'_>],
) -> Spell {
    let censored = stay.running && !superseded;
    let last_day = if censored { cutoff } else { end };
    let mut measures: Vec<String> = Vec::new();
    for x in eps {
        if !measures.contains(&x.e.measure) {
            measures.push(x.e.measure.clone());
        }
    }
    let exit_reason = if censored || superseded {
        None
    } else {
        stay.last().e.end_reason
    };
    Spell {
        person_id: person.to_string(),
        kind,
        start,
        end: (!censored).then_some(end),
        duration_days: u32::try_from((last_day - start).num_days() + 1)
            .expect("a spell ends on or after its start"),
        censored,
        exit_reason,
        superseded,
        from_level,
        to_level,
        levels,
        measures,
        rows: eps.iter().map(|x| x.e.row).collect(),
    }
}
