//! Step-down: how many stays on a step end by stepping down (nedtrapning) within 6, 12 and
//! 24 months — and how many step up or break down instead.
//!
//! # Definitions
//! ```text
//! window of k months: from the start to the same day k calendar months later (the
//!     anniversary; chrono's month arithmetic, so 31 August + 6 months = 28/29 February)
//! a spell is eligible for the window when the whole window lies up to the cut-off:
//!     anniversary - 1 day <= cutoff
//! a spell that started later is too recent, and is counted, not used
//! exit within the window: the spell ended (not censored) with its last day before the
//!     anniversary
//! exits by cause:  step_down = recorded end reason step_down
//!                  step_up   = recorded step_up, or superseded (a higher step began while
//!                              the episode ran)
//!                  breakdown = recorded breakdown
//!                  any other exit (home, moved, aged_out, other, no reason) competes
//! crude share(cause, k) = eligible spells exiting by the cause within w / eligible spells
//!                        (what municipal documents quote)
//! cumulative incidence (Aalen–Johansen, one cause, every other exit competing):
//!     on the scale of duration_days, read at w = k × 365.25 / 12 days (6 months = 182.625)
//!     CIF(w) = sum over exit times t <= w of S(t-) × d_cause(t) / n(t)
//!     S(t)   = product over exit times u <= t of (1 - d_all(u) / n(u))   (Kaplan–Meier of
//!              any exit); n(t) = spells with duration_days >= t (a spell censored at t is
//!              still at risk at t); every spell is used, censored ones up to the cut-off
//!     None when follow-up ends before w with spells still unresolved
//! time to first step-down: each person's first spell in the group; the median and
//!     quartiles (type 7) of duration_days among those that ended by stepping down
//! groups: one per level for Step spells; one ("placement") for Placement spells
//! ```
//! The crude share uses only spells old enough for the window; the cumulative incidence
//! uses every spell, so the two differ where recent spells exit differently. The crude
//! median time to step-down leaves out spells still running and those ending otherwise,
//! so it is shorter than the time a child can expect to wait: read it with the counts of
//! censored and other exits beside it.
//!
//! The cumulative incidence here is kept small on purpose; the competing-risks estimator
//! of `indsats::survival` (with standard errors) is meant to replace it.
//!
//! # Example
//! ```
//! use chrono::{Months, NaiveDate};
//! use indsats::data::{EndReason, Episode};
//! use indsats::staircase::{SpellKind, SpellParams, Staircase, StepDownParams};
//!
//! let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
//! let ep = |id: &str, start, end, reason| Episode {
//!     person_id: id.into(), measure: "opholdssted".into(), level: "residential".into(),
//!     legal_basis: None, provider: None, start_date: start, end_date: end,
//!     end_reason: reason, daily_cost: None, monthly_cost: None, row: 2,
//! };
//! let episodes = vec![
//!     ep("a", d(2022, 1, 1), Some(d(2022, 3, 31)), Some(EndReason::StepDown)), // 90 days
//!     ep("b", d(2022, 1, 1), Some(d(2022, 12, 31)), Some(EndReason::Home)),
//!     ep("c", d(2023, 11, 1), None, None), // too recent for 6 months
//! ];
//! let spells = SpellParams::new(SpellKind::Step)
//!     .fit(&episodes, &Staircase::danish_default(), d(2023, 12, 31))?;
//! let sd = StepDownParams::new().windows(vec![6]).fit(&spells)?;
//! let residential = sd.groups.iter().find(|g| g.group == "residential").unwrap();
//! let w6 = &residential.windows[0];
//! assert_eq!((w6.eligible, w6.too_recent, w6.step_down.events), (2, 1, 1));
//! assert_eq!(w6.step_down.share, Some(0.5));
//! # Ok::<(), indsats::Error>(())
//! ```
//!
//! # Errors
//! [`StepDownParams::check`]: no windows, a window of 0 or above 240 months, a window
//! given twice.
//!
//! # References
//! Aalen, O. O. and Johansen, S. (1978). An empirical transition matrix for
//! non-homogeneous Markov chains based on censored observations. *Scandinavian Journal of
//! Statistics* 5, 141–150. The estimate matches R's `survfit(Surv(time, factor(cause)) ~ 1)`
//! (package survival) for the cause's column.

use super::{Spell, SpellKind, Spells};
use crate::data::EndReason;
use crate::effects::quantile7;
use crate::error::{Error, Result};
use crate::survival::{CifFit, CumulativeIncidence};
use chrono::{Months, NaiveDate};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

/// Step-down windows: configure, check, then fit.
#[derive(Debug, Clone, PartialEq)]
pub struct StepDownParams {
    windows: Vec<u32>,
}

/// Step-down, step-up and breakdown per group of spells.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StepDown {
    /// The kind of spells counted.
    pub kind: SpellKind,
    /// The cut-off.
    pub cutoff: NaiveDate,
    /// The windows in months.
    pub windows_months: Vec<u32>,
    /// One group per level (Step spells, staircase order) or one for placements.
    pub groups: Vec<StepDownGroup>,
}

/// One group's (level's) spells.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StepDownGroup {
    /// The level id, or `placement`.
    pub group: String,
    /// Spells in the group.
    pub spells: usize,
    /// Distinct persons.
    pub persons: usize,
    /// Spells running at the cut-off.
    pub censored: usize,
    /// One entry per window.
    pub windows: Vec<StepDownWindow>,
    /// Time to the first step-down.
    pub time_to_step_down: TimeToStepDown,
}

/// One window.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StepDownWindow {
    /// The window in months.
    pub months: u32,
    /// The time the cumulative incidence is read at: months × 365.25 / 12 days.
    pub days: f64,
    /// Spells whose whole window lies before the cut-off.
    pub eligible: usize,
    /// Spells that started too recently to count.
    pub too_recent: usize,
    /// Stepped down.
    pub step_down: ExitShare,
    /// Stepped up (recorded, or superseded by a higher step).
    pub step_up: ExitShare,
    /// Broke down.
    pub breakdown: ExitShare,
}

/// Exits of one cause within a window.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ExitShare {
    /// Eligible spells exiting by the cause within the window.
    pub events: usize,
    /// `events / eligible`; `None` with no eligible spell.
    pub share: Option<f64>,
    /// Aalen–Johansen cumulative incidence at the window (every spell, other exits
    /// competing; [`crate::survival::CumulativeIncidence`]); `None` when follow-up ends
    /// before the window with spells unresolved.
    pub cumulative_incidence: Option<f64>,
    /// Its standard error (survfit's infinitesimal jackknife).
    pub cumulative_incidence_se: Option<f64>,
    /// Its confidence interval (log scale, 95 %).
    pub cumulative_incidence_ci: Option<[f64; 2]>,
}

/// Time from the start of each person's first spell in the group to its step-down.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TimeToStepDown {
    /// Persons (first spells).
    pub first_spells: usize,
    /// Of these, ended by stepping down.
    pub stepped_down: usize,
    /// Still running at the cut-off (not in the median).
    pub censored: usize,
    /// Ended otherwise (not in the median).
    pub other_exit: usize,
    /// Median days among those that stepped down (crude: see the module docs).
    pub median_days: Option<f64>,
    /// First quartile (type 7).
    pub q1_days: Option<f64>,
    /// Third quartile (type 7).
    pub q3_days: Option<f64>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Cause {
    StepDown,
    StepUp,
    Breakdown,
    Other,
}

fn cause(s: &Spell) -> Option<Cause> {
    if s.censored {
        return None;
    }
    Some(match (s.superseded, s.exit_reason) {
        (true, _) | (false, Some(EndReason::StepUp)) => Cause::StepUp,
        (false, Some(EndReason::StepDown)) => Cause::StepDown,
        (false, Some(EndReason::Breakdown)) => Cause::Breakdown,
        _ => Cause::Other,
    })
}

impl Default for StepDownParams {
    fn default() -> Self {
        StepDownParams::new()
    }
}

impl StepDownParams {
    /// Windows of 6, 12 and 24 months.
    pub fn new() -> Self {
        StepDownParams {
            windows: vec![6, 12, 24],
        }
    }

    /// The windows in months.
    pub fn windows(mut self, months: Vec<u32>) -> Self {
        self.windows = months;
        self
    }

    /// Checks the parameters.
    ///
    /// # Errors
    /// No windows, a window of 0 or above 240 months, a window given twice.
    pub fn check(&self) -> Result<()> {
        if self.windows.is_empty() {
            return Err(Error::parameter("windows", "give at least one window"));
        }
        for (i, &w) in self.windows.iter().enumerate() {
            if !(1..=240).contains(&w) {
                return Err(Error::parameter(
                    "windows",
                    format!("a window must be 1 to 240 months, not {w}"),
                ));
            }
            if self.windows[..i].contains(&w) {
                return Err(Error::parameter(
                    "windows",
                    format!("{w} months is given twice"),
                ));
            }
        }
        Ok(())
    }

    /// Counts step-down, step-up and breakdown within each window.
    ///
    /// # Errors
    /// See [`StepDownParams::check`].
    pub fn fit(&self, spells: &Spells) -> Result<StepDown> {
        self.check()?;
        let mut groups: Vec<(String, Vec<&Spell>)> = match spells.kind {
            SpellKind::Step => spells.levels.iter().map(|l| (l.clone(), vec![])).collect(),
            SpellKind::Placement => vec![("placement".to_string(), vec![])],
        };
        for s in &spells.spells {
            let g = match spells.kind {
                SpellKind::Step => groups
                    .iter()
                    .position(|(l, _)| *l == s.from_level)
                    .expect("spells carry their staircase's levels"),
                SpellKind::Placement => 0,
            };
            groups[g].1.push(s);
        }
        let groups = groups
            .into_iter()
            .map(|(group, ss)| self.group(group, &ss, spells.cutoff))
            .collect();
        Ok(StepDown {
            kind: spells.kind,
            cutoff: spells.cutoff,
            windows_months: self.windows.clone(),
            groups,
        })
    }

    fn group(&self, group: String, spells: &[&Spell], cutoff: NaiveDate) -> StepDownGroup {
        let persons: BTreeSet<&str> = spells.iter().map(|s| s.person_id.as_str()).collect();
        let timed: Vec<(f64, Option<Cause>)> = spells
            .iter()
            .map(|s| (f64::from(s.duration_days), cause(s)))
            .collect();
        let aj = fit_exits(&timed);
        let windows = self
            .windows
            .iter()
            .map(|&months| {
                let days = f64::from(months) * 365.25 / 12.0;
                let anniversary = |s: &Spell| s.start.checked_add_months(Months::new(months));
                let eligible: Vec<&&Spell> = spells
                    .iter()
                    .filter(|s| {
                        anniversary(s).is_some_and(|a| a <= cutoff.succ_opt().unwrap_or(cutoff))
                    })
                    .collect();
                let share = |c: Cause| {
                    let ci = cumulative_incidence(&aj, &timed, c, days);
                    let events = eligible
                        .iter()
                        .filter(|s| {
                            cause(s) == Some(c)
                                && s.end.zip(anniversary(s)).is_some_and(|(e, a)| e < a)
                        })
                        .count();
                    ExitShare {
                        events,
                        share: (!eligible.is_empty())
                            .then(|| events as f64 / eligible.len() as f64),
                        cumulative_incidence: ci.map(|r| r.0),
                        cumulative_incidence_se: ci.map(|r| r.1),
                        cumulative_incidence_ci: ci.and_then(|r| r.2),
                    }
                };
                StepDownWindow {
                    months,
                    days,
                    eligible: eligible.len(),
                    too_recent: spells.len() - eligible.len(),
                    step_down: share(Cause::StepDown),
                    step_up: share(Cause::StepUp),
                    breakdown: share(Cause::Breakdown),
                }
            })
            .collect();
        // Each person's first spell in the group.
        let mut first: BTreeMap<&str, &Spell> = BTreeMap::new();
        for s in spells {
            let e = first.entry(&s.person_id).or_insert(s);
            if s.start < e.start {
                *e = s;
            }
        }
        let mut down: Vec<f64> = first
            .values()
            .filter(|s| cause(s) == Some(Cause::StepDown))
            .map(|s| f64::from(s.duration_days))
            .collect();
        down.sort_by(f64::total_cmp);
        let q = |p: f64| (!down.is_empty()).then(|| quantile7(&down, p));
        let censored_first = first.values().filter(|s| s.censored).count();
        let time_to_step_down = TimeToStepDown {
            first_spells: first.len(),
            stepped_down: down.len(),
            censored: censored_first,
            other_exit: first.len() - down.len() - censored_first,
            median_days: q(0.5),
            q1_days: q(0.25),
            q3_days: q(0.75),
        };
        StepDownGroup {
            group,
            spells: spells.len(),
            persons: persons.len(),
            censored: spells.iter().filter(|s| s.censored).count(),
            windows,
            time_to_step_down,
        }
    }
}

impl Cause {
    const ALL: [Cause; 4] = [
        Cause::StepDown,
        Cause::StepUp,
        Cause::Breakdown,
        Cause::Other,
    ];

    fn label(self) -> &'static str {
        match self {
            Cause::StepDown => "step_down",
            Cause::StepUp => "step_up",
            Cause::Breakdown => "breakdown",
            Cause::Other => "other",
        }
    }
}

/// The Aalen–Johansen fit of every exit of a group's spells.
fn fit_exits(timed: &[(f64, Option<Cause>)]) -> Option<CifFit> {
    let time: Vec<f64> = timed.iter().map(|t| t.0).collect();
    let cause: Vec<Option<String>> = timed
        .iter()
        .map(|t| t.1.map(|c| c.label().to_string()))
        .collect();
    CumulativeIncidence::new()
        .causes(Cause::ALL.iter().map(|c| c.label().to_string()).collect())
        .fit(&time, &cause)
        .ok()
}

/// The cumulative incidence of `c` at `at` with its SE and interval; `None` when the last
/// observed time is before `at` and some spells are unresolved.
fn cumulative_incidence(
    aj: &Option<CifFit>,
    timed: &[(f64, Option<Cause>)],
    c: Cause,
    at: f64,
) -> Option<(f64, f64, Option<[f64; 2]>)> {
    let fit = aj.as_ref()?;
    let last = timed.iter().map(|t| t.0).fold(f64::NEG_INFINITY, f64::max);
    let k = fit.cause_index(c.label())?;
    let row = fit.at(at);
    let resolved = fit.table.last().is_some_and(|r| r.p_initial <= 0.0);
    if last < at && !resolved {
        return None;
    }
    Some(match row {
        Some(r) => (r.cif[k], r.std_error[k], r.ci[k]),
        None => (0.0, 0.0, None),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(timed: &[(f64, Option<Cause>)], c: Cause, t: f64) -> Option<f64> {
        let aj = fit_exits(timed);
        cumulative_incidence(&aj, timed, c, t).map(|r| (r.0 * 1e12).round() / 1e12)
    }

    #[test]
    fn aalen_johansen_by_hand_with_a_censored_spell_and_a_competing_exit() {
        // times: 10 step-down, 20 censored, 30 other, 40 step-down
        // t=10: n=4, CIF = 1/4, S = 3/4; t=30: n=2 (other), S = 3/8; t=40: n=1,
        // CIF = 1/4 + 3/8 = 5/8
        let timed = vec![
            (10.0, Some(Cause::StepDown)),
            (20.0, None),
            (30.0, Some(Cause::Other)),
            (40.0, Some(Cause::StepDown)),
        ];
        assert_eq!(at(&timed, Cause::StepDown, 15.0), Some(0.25));
        assert_eq!(at(&timed, Cause::StepDown, 40.0), Some(0.625));
        assert_eq!(at(&timed, Cause::Other, 40.0), Some(0.375));
        // follow-up ends at 40 with every spell resolved: known beyond
        assert_eq!(at(&timed, Cause::StepDown, 50.0), Some(0.625));
        // the last spell censored: unknown beyond it
        let timed = vec![(10.0, Some(Cause::StepDown)), (20.0, None)];
        assert_eq!(at(&timed, Cause::StepDown, 25.0), None);
        assert_eq!(at(&timed, Cause::StepDown, 20.0), Some(0.5));
    }
}
