//! Persons on the staircase year by year: who is on which level, and how many measures
//! start and end.
//!
//! # Definitions
//! ```text
//! active on day d:        start_date <= d <= end,  end = min(end_date, cutoff),
//!                         an ongoing episode (no end_date) has end = cutoff
//! counting date of year y: 31 December y, or the cut-off date in the cut-off year
//! on_date[y][level]:      distinct persons whose HIGHEST-ranked level among their episodes
//!                         active on the counting date is `level` (each person once)
//! on_date_total[y]:       distinct persons with any episode active on the counting date
//!                         (= the sum of on_date[y][..])
//! during_year[y][level]:  distinct persons with an episode on `level` active on at least
//!                         one day of y (up to the cut-off); a person on two levels during
//!                         the year is counted on both, so these do not sum to the total
//! during_year_total[y]:   distinct persons with any episode active during y (each once)
//! starts[y][level]:       episodes on `level` whose start_date lies in y
//! ends[y][level]:         episodes on `level` whose end_date lies in y and not after the
//!                         cut-off (an end date after the cut-off is a planned end: the
//!                         episode is still ongoing at the cut-off)
//! ends_by_reason[y]:      the same ends by recorded end reason; ends_without_reason counts
//!                         ends with no reason recorded
//! years:                  first year any episode starts ... the cut-off year
//! ```
//! The end date is the episode's last day, so an episode that ends on 31 December is
//! counted on that year's counting date, and its end counts in that year.
//!
//! Episodes that start after the cut-off, or whose level the staircase does not know, are
//! left out and counted in [`Population::episodes_after_cutoff`] and
//! [`Population::episodes_unknown_level`]; nothing is dropped silently.
//!
//! # Example
//! ```
//! use chrono::NaiveDate;
//! use indsats::data::Episode;
//! use indsats::staircase::{population, Staircase};
//!
//! let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
//! let ep = |id: &str, measure: &str, level: &str, start, end| Episode {
//!     person_id: id.into(), measure: measure.into(), level: level.into(),
//!     legal_basis: None, provider: None, start_date: start, end_date: end,
//!     end_reason: None, daily_cost: None, monthly_cost: None, row: 2,
//! };
//! let episodes = vec![
//!     ep("a", "familiebehandling", "home", d(2023, 3, 1), None),
//!     ep("a", "plejefamilie", "foster", d(2023, 6, 1), Some(d(2023, 12, 31))),
//! ];
//! let s = Staircase::danish_default();
//! let pop = population(&episodes, &s, NaiveDate::MIN, d(2024, 6, 30));
//! assert_eq!(pop.years.len(), 2);
//! let y2023 = &pop.years[0];
//! // on 31 December 2023, person a is counted once, on the higher level (foster care)
//! assert_eq!(y2023.on_date_total, 1);
//! assert_eq!(y2023.on_date[s.level_position("foster").unwrap()], 1);
//! assert_eq!(y2023.on_date[s.level_position("home").unwrap()], 0);
//! ```

use super::Staircase;
use crate::data::{EndReason, Episode};
use chrono::{Datelike, NaiveDate};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

/// Counts on the staircase per calendar year; see the module docs for the definitions.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Population {
    /// Level ids from the least to the most intrusive; every per-level vector below is
    /// indexed in this order.
    pub levels: Vec<String>,
    /// The data's cut-off date.
    pub cutoff: NaiveDate,
    /// One entry per calendar year, oldest first.
    pub years: Vec<PopulationYear>,
    /// Episodes counted.
    pub episodes_used: usize,
    /// Episodes left out because they start after the cut-off.
    pub episodes_after_cutoff: usize,
    /// Episodes left out because their level is not on the staircase.
    pub episodes_unknown_level: usize,
    /// Episodes whose end date lies after the cut-off (counted as ongoing at the cut-off).
    pub episodes_ending_after_cutoff: usize,
}

/// One calendar year's counts.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PopulationYear {
    /// The calendar year.
    pub year: i32,
    /// 31 December, or the cut-off date in the cut-off year.
    pub counting_date: NaiveDate,
    /// Whether the year ends before the cut-off (false for the cut-off year unless the
    /// cut-off is 31 December).
    pub complete: bool,
    /// Distinct persons per level on the counting date, each on their highest level.
    pub on_date: Vec<usize>,
    /// Distinct persons on the staircase on the counting date.
    pub on_date_total: usize,
    /// Of [`PopulationYear::on_date_total`], persons whose highest level is a placement.
    pub placed_on_date: usize,
    /// Of the placed, persons whose highest level is residential care.
    pub residential_on_date: usize,
    /// Distinct persons per level at any time during the year (a person may count on
    /// several levels).
    pub during_year: Vec<usize>,
    /// Distinct persons on the staircase at any time during the year.
    pub during_year_total: usize,
    /// Episodes starting in the year, per level.
    pub starts: Vec<usize>,
    /// Episodes ending in the year (not after the cut-off), per level.
    pub ends: Vec<usize>,
    /// Ends by recorded reason (every reason present, zeros included).
    pub ends_by_reason: BTreeMap<EndReason, usize>,
    /// Ends with no reason recorded.
    pub ends_without_reason: usize,
}

impl PopulationYear {
    /// Episodes starting in the year, all levels.
    pub fn starts_total(&self) -> usize {
        self.starts.iter().sum()
    }

    /// Episodes ending in the year, all levels.
    pub fn ends_total(&self) -> usize {
        self.ends.iter().sum()
    }
}

impl Population {
    /// The year's counts, if the year is in range.
    pub fn year(&self, year: i32) -> Option<&PopulationYear> {
        self.years.iter().find(|y| y.year == year)
    }

    /// The last year (the cut-off year), if there is any episode.
    pub fn latest(&self) -> Option<&PopulationYear> {
        self.years.last()
    }
}

/// One episode reduced to what counting needs.
struct Spell {
    level: usize,
    start: NaiveDate,
    /// Last active day, capped at the cut-off.
    end: NaiveDate,
    /// The recorded end, if it is not after the cut-off.
    ended: Option<(NaiveDate, Option<EndReason>)>,
}

/// Counts persons on the staircase per calendar year; see the module docs.
///
/// Episode levels are matched to the staircase case-insensitively. Persons are told
/// apart by `person_id`.
pub fn population(
    episodes: &[Episode],
    staircase: &Staircase,
    start: NaiveDate,
    cutoff: NaiveDate,
) -> Population {
    let levels: Vec<String> = staircase.levels().iter().map(|l| l.id.clone()).collect();
    let placement: Vec<bool> = staircase.levels().iter().map(|l| l.placement).collect();
    let residential: Vec<bool> = staircase.levels().iter().map(|l| l.residential).collect();
    let k = levels.len();

    let mut by_person: BTreeMap<&str, Vec<Spell>> = BTreeMap::new();
    let (mut used, mut after_cutoff, mut unknown_level, mut ending_after) = (0, 0, 0, 0);
    for e in episodes {
        let Some(level) = staircase.level_position(&e.level) else {
            unknown_level += 1;
            continue;
        };
        if e.start_date > cutoff {
            after_cutoff += 1;
            continue;
        }
        let ended = match e.end_date {
            Some(end) if end <= cutoff => Some((end, e.end_reason)),
            Some(_) => {
                ending_after += 1;
                None
            }
            None => None,
        };
        let end = e.end_date.map_or(cutoff, |d| d.min(cutoff));
        used += 1;
        by_person
            .entry(e.person_id.as_str())
            .or_default()
            .push(Spell {
                level,
                start: e.start_date,
                end,
                ended,
            });
    }

    // Years before the data's start are not counted: episodes that ended before it are
    // missing from the extract, so those years would be undercounted.
    let first_year = by_person
        .values()
        .flatten()
        .map(|s| s.start.year())
        .min()
        .map(|y| y.max(start.year()));
    let mut years = Vec::new();
    if let Some(first_year) = first_year {
        for year in first_year..=cutoff.year() {
            years.push(count_year(
                year,
                cutoff,
                &by_person,
                k,
                &placement,
                &residential,
            ));
        }
    }
    Population {
        levels,
        cutoff,
        years,
        episodes_used: used,
        episodes_after_cutoff: after_cutoff,
        episodes_unknown_level: unknown_level,
        episodes_ending_after_cutoff: ending_after,
    }
}

fn count_year(
    year: i32,
    cutoff: NaiveDate,
    by_person: &BTreeMap<&str, Vec<Spell>>,
    k: usize,
    placement: &[bool],
    residential: &[bool],
) -> PopulationYear {
    let jan1 = NaiveDate::from_ymd_opt(year, 1, 1).expect("valid date");
    let dec31 = NaiveDate::from_ymd_opt(year, 12, 31).expect("valid date");
    let counting_date = dec31.min(cutoff);
    let mut y = PopulationYear {
        year,
        counting_date,
        complete: dec31 <= cutoff,
        on_date: vec![0; k],
        on_date_total: 0,
        placed_on_date: 0,
        residential_on_date: 0,
        during_year: vec![0; k],
        during_year_total: 0,
        starts: vec![0; k],
        ends: vec![0; k],
        ends_by_reason: EndReason::ALL.iter().map(|&r| (r, 0)).collect(),
        ends_without_reason: 0,
    };
    for spells in by_person.values() {
        let highest = spells
            .iter()
            .filter(|s| s.start <= counting_date && s.end >= counting_date)
            .map(|s| s.level)
            .max();
        if let Some(level) = highest {
            y.on_date[level] += 1;
            y.on_date_total += 1;
            if placement[level] {
                y.placed_on_date += 1;
            }
            if residential[level] {
                y.residential_on_date += 1;
            }
        }
        let during: BTreeSet<usize> = spells
            .iter()
            .filter(|s| s.start <= counting_date && s.end >= jan1)
            .map(|s| s.level)
            .collect();
        if !during.is_empty() {
            y.during_year_total += 1;
        }
        for level in during {
            y.during_year[level] += 1;
        }
        for s in spells {
            if s.start.year() == year {
                y.starts[s.level] += 1;
            }
            if let Some((end, reason)) = s.ended {
                if end.year() == year {
                    y.ends[s.level] += 1;
                    match reason {
                        Some(r) => *y.ends_by_reason.entry(r).or_insert(0) += 1,
                        None => y.ends_without_reason += 1,
                    }
                }
            }
        }
    }
    y
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn ep(
        id: &str,
        level: &str,
        start: NaiveDate,
        end: Option<NaiveDate>,
        reason: Option<EndReason>,
    ) -> Episode {
        Episode {
            person_id: id.into(),
            measure: format!("m_{level}"),
            level: level.into(),
            legal_basis: None,
            provider: None,
            start_date: start,
            end_date: end,
            end_reason: reason,
            daily_cost: None,
            monthly_cost: None,
            row: 2,
        }
    }

    fn pos(level: &str) -> usize {
        Staircase::danish_default().level_position(level).unwrap()
    }

    #[test]
    fn two_persons_with_overlapping_measures_count_once_on_their_highest_level() {
        // a: home-based help all of 2023 and foster care from June (both active on 31/12);
        // b: early help Feb–Apr 2023 only.
        let eps = vec![
            ep("a", "home", d(2023, 1, 10), None, None),
            ep("a", "foster", d(2023, 6, 1), None, None),
            ep(
                "b",
                "early",
                d(2023, 2, 1),
                Some(d(2023, 4, 30)),
                Some(EndReason::Home),
            ),
        ];
        let pop = population(
            &eps,
            &Staircase::danish_default(),
            NaiveDate::MIN,
            d(2023, 12, 31),
        );
        assert_eq!(pop.years.len(), 1);
        let y = &pop.years[0];
        assert_eq!(y.counting_date, d(2023, 12, 31));
        assert!(y.complete);
        assert_eq!(y.on_date_total, 1);
        assert_eq!(y.on_date[pos("foster")], 1);
        assert_eq!(y.on_date[pos("home")], 0);
        assert_eq!(y.on_date.iter().sum::<usize>(), 1);
        assert_eq!(y.placed_on_date, 1);
        assert_eq!(y.residential_on_date, 0);
        // during the year: a on home and foster, b on early; 2 distinct persons
        assert_eq!(y.during_year[pos("home")], 1);
        assert_eq!(y.during_year[pos("foster")], 1);
        assert_eq!(y.during_year[pos("early")], 1);
        assert_eq!(y.during_year_total, 2);
        assert_eq!(y.starts_total(), 3);
        assert_eq!(y.ends_total(), 1);
        assert_eq!(y.ends_by_reason[&EndReason::Home], 1);
        assert_eq!(y.ends_without_reason, 0);
    }

    #[test]
    fn an_episode_ending_on_31_december_counts_that_day_and_ends_that_year() {
        let eps = vec![ep(
            "a",
            "residential",
            d(2022, 5, 1),
            Some(d(2022, 12, 31)),
            Some(EndReason::StepDown),
        )];
        let pop = population(
            &eps,
            &Staircase::danish_default(),
            NaiveDate::MIN,
            d(2023, 6, 30),
        );
        let y2022 = pop.year(2022).unwrap();
        assert_eq!(y2022.on_date[pos("residential")], 1);
        assert_eq!(y2022.residential_on_date, 1);
        assert_eq!(y2022.ends[pos("residential")], 1);
        assert_eq!(y2022.ends_by_reason[&EndReason::StepDown], 1);
        let y2023 = pop.year(2023).unwrap();
        assert_eq!(y2023.on_date_total, 0);
        assert_eq!(y2023.during_year_total, 0);
        assert_eq!(y2023.ends_total(), 0);
    }

    #[test]
    fn an_ongoing_episode_is_active_until_the_cutoff_and_the_cutoff_year_counts_on_the_cutoff() {
        let eps = vec![
            ep("a", "home", d(2021, 11, 1), None, None),
            // ends after the cut-off: still ongoing at the cut-off, its end not counted
            ep(
                "b",
                "kinship",
                d(2023, 1, 1),
                Some(d(2023, 9, 1)),
                Some(EndReason::Home),
            ),
            // starts after the cut-off: left out
            ep("c", "home", d(2023, 8, 1), None, None),
        ];
        let cutoff = d(2023, 6, 30);
        let pop = population(&eps, &Staircase::danish_default(), NaiveDate::MIN, cutoff);
        assert_eq!(
            pop.years.iter().map(|y| y.year).collect::<Vec<_>>(),
            vec![2021, 2022, 2023]
        );
        assert_eq!(pop.episodes_used, 2);
        assert_eq!(pop.episodes_after_cutoff, 1);
        assert_eq!(pop.episodes_ending_after_cutoff, 1);
        for y in &pop.years[..2] {
            assert_eq!(y.on_date[pos("home")], 1, "year {}", y.year);
        }
        let last = pop.latest().unwrap();
        assert_eq!(last.counting_date, cutoff);
        assert!(!last.complete);
        assert_eq!(last.on_date_total, 2);
        assert_eq!(last.on_date[pos("kinship")], 1);
        assert_eq!(last.placed_on_date, 1);
        assert_eq!(last.ends_total(), 0);
        assert_eq!(last.starts_total(), 1);
    }

    #[test]
    fn an_episode_ending_the_day_before_the_counting_date_is_not_counted_on_it() {
        let eps = vec![ep("a", "home", d(2022, 1, 1), Some(d(2022, 12, 30)), None)];
        let pop = population(
            &eps,
            &Staircase::danish_default(),
            NaiveDate::MIN,
            d(2022, 12, 31),
        );
        let y = &pop.years[0];
        assert_eq!(y.on_date_total, 0);
        assert_eq!(y.during_year_total, 1);
        assert_eq!(y.ends_without_reason, 1);
    }

    #[test]
    fn unknown_levels_are_counted_not_dropped_silently() {
        let eps = vec![
            ep("a", "moon", d(2022, 1, 1), None, None),
            ep("b", "HOME", d(2022, 1, 1), None, None),
        ];
        let pop = population(
            &eps,
            &Staircase::danish_default(),
            NaiveDate::MIN,
            d(2022, 12, 31),
        );
        assert_eq!(pop.episodes_unknown_level, 1);
        assert_eq!(pop.years[0].on_date[pos("home")], 1);
    }

    #[test]
    fn no_episodes_give_no_years() {
        let pop = population(
            &[],
            &Staircase::danish_default(),
            NaiveDate::MIN,
            d(2022, 12, 31),
        );
        assert!(pop.years.is_empty());
        assert!(pop.latest().is_none());
    }
}
