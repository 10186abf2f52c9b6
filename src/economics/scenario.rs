//! A cohort scenario: the savings when a measure moves people down one cost state.

use crate::error::{Error, Result};
use serde::Serialize;

/// A cohort state-transition scenario: configure, then [`Scenario::fit`].
///
/// States are ordered from the cheapest (index 0) to the dearest, each with an annual cost
/// and an initial cohort. At the start of year 1 the intervention moves a share of each
/// state but the cheapest down one state. Each year after year 1, a share of the remaining
/// successes relapse to their original state for good, and a share of everyone left moves
/// out of the municipality, taking their cost and saving with them (in both paths).
///
/// ```text
/// n_s              the initial cohort in state s, c_s its annual cost
/// k_s              = share · n_s  for s ≥ 1 (moved from s to s − 1)
/// q_t              = ((1 − relapse)(1 − migration))^(t − 1)   (successes remaining)
/// cost without_t   = (1 − migration)^(t − 1) · Σ_s n_s c_s
/// saving_t         = q_t · Σ_{s ≥ 1} k_s (c_s − c_{s−1})
/// cost with_t      = cost without_t − saving_t
/// total saving     = Σ_{t=1..horizon} saving_t
/// ```
///
/// ```
/// use indsats::economics::Scenario;
/// let fit = Scenario::new(vec![0.0, 100.0], vec![10.0, 10.0])
///     .share_moved_down(0.5)
///     .relapse(0.5)
///     .horizon(2)
///     .fit()
///     .unwrap();
/// assert_eq!(fit.saving, vec![500.0, 250.0]);
/// assert_eq!(fit.total_saving, 750.0);
/// ```
///
/// # Errors
/// No states; costs and cohorts of different lengths; a cost or cohort that is not finite,
/// or a negative cohort; a share, relapse or migration outside [0, 1]; a horizon of 0.
///
/// # References
/// The Housing First savings scenario ("Scenarieregning for besparelse på socialområdet
/// som følge af Housing First", with the quintile costs of VIVE 2020), reproduced in
/// `tests/reference/seeds/housing_first_scenario.json`.
#[derive(Debug, Clone, PartialEq)]
pub struct Scenario {
    costs: Vec<f64>,
    cohort: Vec<f64>,
    share_moved_down: f64,
    relapse: f64,
    migration: f64,
    horizon: usize,
}

/// The scenario year by year (year 1 first).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ScenarioFit {
    /// The years, 1 to the horizon.
    pub years: Vec<usize>,
    /// Participants still in the municipality.
    pub participants: Vec<f64>,
    /// Successes still one state down.
    pub successes: Vec<f64>,
    /// The cohort's cost without the intervention.
    pub cost_without: Vec<f64>,
    /// The cohort's cost with the intervention.
    pub cost_with: Vec<f64>,
    /// The saving (cost without − cost with).
    pub saving: Vec<f64>,
    /// The saving over the horizon.
    pub total_saving: f64,
    /// Warnings for the reader.
    pub warnings: Vec<String>,
}

impl Scenario {
    /// States with their annual `costs` (cheapest first) and the initial `cohort` in each;
    /// nobody moved, no relapse or migration, a horizon of 5 years.
    pub fn new(costs: Vec<f64>, cohort: Vec<f64>) -> Self {
        Scenario {
            costs,
            cohort,
            share_moved_down: 0.0,
            relapse: 0.0,
            migration: 0.0,
            horizon: 5,
        }
    }

    /// The share of each state (but the cheapest) the intervention moves down one state.
    pub fn share_moved_down(mut self, share: f64) -> Self {
        self.share_moved_down = share;
        self
    }

    /// The share of remaining successes that return to their original state each year after
    /// year 1.
    pub fn relapse(mut self, share: f64) -> Self {
        self.relapse = share;
        self
    }

    /// The share of remaining participants who move out each year after year 1.
    pub fn migration(mut self, share: f64) -> Self {
        self.migration = share;
        self
    }

    /// The years modelled (default 5).
    pub fn horizon(mut self, years: usize) -> Self {
        self.horizon = years;
        self
    }

    /// Checks the settings.
    ///
    /// # Errors
    /// See [`Scenario`].
    pub fn check(&self) -> Result<()> {
        if self.costs.is_empty() {
            return Err(Error::parameter(
                "costs",
                "a scenario needs at least one state",
            ));
        }
        if self.costs.len() != self.cohort.len() {
            return Err(Error::parameter(
                "cohort",
                format!(
                    "{} states have costs but {} have a cohort",
                    self.costs.len(),
                    self.cohort.len()
                ),
            ));
        }
        for (s, (c, n)) in self.costs.iter().zip(&self.cohort).enumerate() {
            if !c.is_finite() {
                return Err(Error::parameter(
                    "costs",
                    format!("state {} costs {c}", s + 1),
                ));
            }
            if !(n.is_finite() && *n >= 0.0) {
                return Err(Error::parameter(
                    "cohort",
                    format!("state {} has {n} people", s + 1),
                ));
            }
        }
        for (name, v) in [
            ("share_moved_down", self.share_moved_down),
            ("relapse", self.relapse),
            ("migration", self.migration),
        ] {
            if !(0.0..=1.0).contains(&v) {
                return Err(Error::parameter(
                    name,
                    format!("must lie in [0, 1], not {v}"),
                ));
            }
        }
        if self.horizon == 0 {
            return Err(Error::parameter("horizon", "must be at least 1 year"));
        }
        Ok(())
    }

    /// Runs the scenario against the path without the intervention.
    ///
    /// # Errors
    /// See [`Scenario`].
    pub fn fit(&self) -> Result<ScenarioFit> {
        self.check()?;
        let mut warnings = Vec::new();
        if self.costs.windows(2).any(|w| w[1] < w[0]) {
            warnings.push(
                "the states' costs do not increase: a move down one state costs more somewhere"
                    .to_string(),
            );
        }
        let moved: Vec<f64> = self
            .cohort
            .iter()
            .enumerate()
            .map(|(s, n)| {
                if s == 0 {
                    0.0
                } else {
                    self.share_moved_down * n
                }
            })
            .collect();
        let n_moved: f64 = moved.iter().sum();
        let saving_year1: f64 = moved
            .iter()
            .enumerate()
            .skip(1)
            .map(|(s, k)| k * (self.costs[s] - self.costs[s - 1]))
            .sum();
        let n0: f64 = self.cohort.iter().sum();
        let cost0: f64 = self
            .cohort
            .iter()
            .zip(&self.costs)
            .map(|(n, c)| n * c)
            .sum();
        let stay = 1.0 - self.migration;
        let keep = (1.0 - self.relapse) * stay;
        let mut fit = ScenarioFit {
            years: (1..=self.horizon).collect(),
            participants: Vec::with_capacity(self.horizon),
            successes: Vec::with_capacity(self.horizon),
            cost_without: Vec::with_capacity(self.horizon),
            cost_with: Vec::with_capacity(self.horizon),
            saving: Vec::with_capacity(self.horizon),
            total_saving: 0.0,
            warnings: Vec::new(),
        };
        // Year by year, multiplying, so each year's figure is the previous one's times the
        // yearly factor (as the spreadsheets the seed cases come from compute it).
        let (mut n, mut k, mut without, mut saving) = (n0, n_moved, cost0, saving_year1);
        for t in 1..=self.horizon {
            if t > 1 {
                n *= stay;
                k *= keep;
                without *= stay;
                saving *= keep;
            }
            fit.participants.push(n);
            fit.successes.push(k);
            fit.cost_without.push(without);
            fit.cost_with.push(without - saving);
            fit.saving.push(saving);
        }
        fit.total_saving = fit.saving.iter().sum();
        fit.warnings = warnings;
        Ok(fit)
    }
}
