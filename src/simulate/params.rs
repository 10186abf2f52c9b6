//! The simulation's parameters: configure with builder setters, then check.

use super::municipality::Municipality;
use crate::error::{Error, Result};
use chrono::{Datelike, NaiveDate};
use serde::Serialize;

/// One district's start of the early-intervention programme.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct ProgrammeRollout {
    /// The district, numbered from 1 (district 3 is written `D03` in the data).
    pub district: usize,
    /// The first day children in the district can be enrolled.
    #[serde(serialize_with = "super::iso::date")]
    pub start: NaiveDate,
}

impl ProgrammeRollout {
    /// A district and its start date.
    pub fn new(district: usize, start: NaiveDate) -> ProgrammeRollout {
        ProgrammeRollout { district, start }
    }
}

/// Parameters of the synthetic municipality, unchecked.
///
/// Build from [`SimulationParams::default`] with the setters, then call
/// [`SimulationParams::check`] (or [`simulate`](super::simulate), which checks first).
/// Every field is described in the [module docs](crate::simulate).
///
/// ```
/// use indsats::simulate::SimulationParams;
/// let checked = SimulationParams::default().persons(500).seed(7).check().unwrap();
/// assert_eq!(checked.persons(), 500);
/// let err = SimulationParams::default().districts(1).check().unwrap_err();
/// assert!(err.to_string().starts_with("districts:"));
/// ```
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SimulationParams {
    persons: usize,
    seed: u64,
    districts: usize,
    #[serde(serialize_with = "super::iso::date")]
    start: NaiveDate,
    #[serde(serialize_with = "super::iso::date")]
    cutoff: NaiveDate,
    programme: Vec<ProgrammeRollout>,
    programme_reach: f64,
    programme_selection: f64,
    programme_months: u32,
    programme_cost_per_year: f64,
    step_down_hazard_ratio: f64,
    placement_end_hazard_ratio: f64,
    sdq_effect: f64,
    panel_municipalities: usize,
    panel_years: usize,
    panel_effect: f64,
    panel_treatment_year: Option<i32>,
}

fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("a valid constant date")
}

impl Default for SimulationParams {
    /// 3,000 persons, seed 2024, 12 districts, 2015-01-01 to 2024-12-31, the programme in
    /// three waves of two districts each (3 and 5 from 2018-01-01, 8 and 10 from
    /// 2019-08-01, 7 and 12 from 2021-08-01), step-down hazard ratio 1.5, placement-end hazard ratio 1.3, SDQ effect
    /// −2.0 points, programme cost 12,000 kr per child-year for 12 months, a panel of 40
    /// municipalities over 15 years with an effect of −1,500 kr per child.
    fn default() -> Self {
        SimulationParams {
            persons: 3000,
            seed: 2024,
            districts: 12,
            start: ymd(2015, 1, 1),
            cutoff: ymd(2024, 12, 31),
            programme: vec![
                ProgrammeRollout::new(3, ymd(2018, 1, 1)),
                ProgrammeRollout::new(5, ymd(2018, 1, 1)),
                ProgrammeRollout::new(8, ymd(2019, 8, 1)),
                ProgrammeRollout::new(10, ymd(2019, 8, 1)),
                ProgrammeRollout::new(7, ymd(2021, 8, 1)),
                ProgrammeRollout::new(12, ymd(2021, 8, 1)),
            ],
            programme_reach: 0.15,
            programme_selection: 1.0,
            programme_months: 12,
            programme_cost_per_year: 12_000.0,
            step_down_hazard_ratio: 1.5,
            placement_end_hazard_ratio: 1.3,
            sdq_effect: -2.0,
            panel_municipalities: 40,
            panel_years: 15,
            panel_effect: -1_500.0,
            panel_treatment_year: None,
        }
    }
}

impl SimulationParams {
    /// Number of persons in the persons table (default 3,000).
    pub fn persons(mut self, n: usize) -> Self {
        self.persons = n;
        self
    }

    /// The seed of every random draw (default 2024).
    pub fn seed(mut self, seed: u64) -> Self {
        self.seed = seed;
        self
    }

    /// Number of districts, named `D01`, `D02`, … (default 12; 2 to 50 are accepted).
    pub fn districts(mut self, n: usize) -> Self {
        self.districts = n;
        self
    }

    /// First day of the observation window (default 2015-01-01).
    pub fn start(mut self, date: NaiveDate) -> Self {
        self.start = date;
        self
    }

    /// The data's extraction date: nothing in the data lies after it (default 2024-12-31).
    pub fn cutoff(mut self, date: NaiveDate) -> Self {
        self.cutoff = date;
        self
    }

    /// The programme's rollout: which districts get it and from when. An empty list means
    /// no programme.
    pub fn programme(mut self, rollout: Vec<ProgrammeRollout>) -> Self {
        self.programme = rollout;
        self
    }

    /// Enrolment probability of a child at risk 0.1 in a programme district (default 0.15).
    pub fn programme_reach(mut self, p: f64) -> Self {
        self.programme_reach = p;
        self
    }

    /// How strongly enrolment follows risk: the slope of logit(enrolment) on logit(risk)
    /// (default 1.0; 0 enrols at random, so naive comparisons are unbiased).
    pub fn programme_selection(mut self, slope: f64) -> Self {
        self.programme_selection = slope;
        self
    }

    /// Months the programme runs (and costs) per enrolled child (default 12).
    pub fn programme_months(mut self, months: u32) -> Self {
        self.programme_months = months;
        self
    }

    /// The programme's own cost per enrolled child-year, kroner (default 12,000).
    pub fn programme_cost_per_year(mut self, kr: f64) -> Self {
        self.programme_cost_per_year = kr;
        self
    }

    /// True hazard ratio of stepping down from a non-placement level for enrolled children
    /// (default 1.5).
    pub fn step_down_hazard_ratio(mut self, hr: f64) -> Self {
        self.step_down_hazard_ratio = hr;
        self
    }

    /// True hazard ratio of leaving placement for enrolled children (default 1.3).
    pub fn placement_end_hazard_ratio(mut self, hr: f64) -> Self {
        self.placement_end_hazard_ratio = hr;
        self
    }

    /// True effect of the programme on the change in SDQ total difficulties from enrolment
    /// to 12 months later, in points (default −2.0).
    pub fn sdq_effect(mut self, points: f64) -> Self {
        self.sdq_effect = points;
        self
    }

    /// Municipalities in the synthetic-control panel, ours included (default 40).
    pub fn panel_municipalities(mut self, n: usize) -> Self {
        self.panel_municipalities = n;
        self
    }

    /// Years in the panel, ending in the cutoff's year (default 15).
    pub fn panel_years(mut self, n: usize) -> Self {
        self.panel_years = n;
        self
    }

    /// Planted effect on our municipality's spending per child, kroner per year, from the
    /// treatment year on (default −1,500).
    pub fn panel_effect(mut self, kr: f64) -> Self {
        self.panel_effect = kr;
        self
    }

    /// The panel's treatment year (default: the year of the programme's first start, or
    /// the middle of the panel when there is no programme).
    pub fn panel_treatment_year(mut self, year: i32) -> Self {
        self.panel_treatment_year = Some(year);
        self
    }

    /// Checks every parameter without consuming the params.
    ///
    /// # Errors
    /// [`crate::ErrorKind::InvalidParameter`] naming the first parameter out of its domain.
    pub fn check_ref(&self) -> Result<()> {
        let p = self;
        if p.persons == 0 || p.persons > 50_000_000 {
            return Err(Error::parameter(
                "persons",
                format!("must be between 1 and 50000000, got {}", p.persons),
            ));
        }
        if !(2..=50).contains(&p.districts) {
            return Err(Error::parameter(
                "districts",
                format!(
                    "must be between 2 and 50 (10 to 15 is typical), got {}",
                    p.districts
                ),
            ));
        }
        if p.start.year() < 1950 {
            return Err(Error::parameter(
                "start",
                format!("must be 1950 or later, got {}", p.start),
            ));
        }
        if p.cutoff.year() > 2200 {
            return Err(Error::parameter(
                "cutoff",
                format!("must be 2200 or earlier, got {}", p.cutoff),
            ));
        }
        if (p.cutoff - p.start).num_days() < 365 {
            return Err(Error::parameter(
                "cutoff",
                format!(
                    "must be at least a year after start ({}), got {}",
                    p.start, p.cutoff
                ),
            ));
        }
        let mut seen = vec![false; p.districts + 1];
        for r in &p.programme {
            if r.district == 0 || r.district > p.districts {
                return Err(Error::parameter(
                    "programme",
                    format!(
                        "district {} does not exist (districts are 1 to {})",
                        r.district, p.districts
                    ),
                ));
            }
            if std::mem::replace(&mut seen[r.district], true) {
                return Err(Error::parameter(
                    "programme",
                    format!("district {} is listed twice", r.district),
                ));
            }
            if r.start < p.start || r.start > p.cutoff {
                return Err(Error::parameter(
                    "programme",
                    format!(
                        "district {} starts {}, outside the window {} to {}",
                        r.district, r.start, p.start, p.cutoff
                    ),
                ));
            }
        }
        if p.programme.len() == p.districts {
            return Err(Error::parameter(
                "programme",
                "every district is in the programme: leave at least one as a comparison",
            ));
        }
        if !(p.programme_reach > 0.0 && p.programme_reach < 1.0) {
            return Err(Error::parameter(
                "programme_reach",
                format!(
                    "must be a probability strictly between 0 and 1, got {}",
                    p.programme_reach
                ),
            ));
        }
        if !(p.programme_selection.is_finite() && (0.0..=10.0).contains(&p.programme_selection)) {
            return Err(Error::parameter(
                "programme_selection",
                format!("must be between 0 and 10, got {}", p.programme_selection),
            ));
        }
        if !(1..=120).contains(&p.programme_months) {
            return Err(Error::parameter(
                "programme_months",
                format!("must be between 1 and 120, got {}", p.programme_months),
            ));
        }
        if !(p.programme_cost_per_year.is_finite() && p.programme_cost_per_year >= 0.0) {
            return Err(Error::parameter(
                "programme_cost_per_year",
                format!(
                    "must be a non-negative amount, got {}",
                    p.programme_cost_per_year
                ),
            ));
        }
        for (name, hr) in [
            ("step_down_hazard_ratio", p.step_down_hazard_ratio),
            ("placement_end_hazard_ratio", p.placement_end_hazard_ratio),
        ] {
            if !(hr.is_finite() && (0.05..=20.0).contains(&hr)) {
                return Err(Error::parameter(
                    name,
                    format!("must be between 0.05 and 20, got {hr}"),
                ));
            }
        }
        if !(p.sdq_effect.is_finite() && (-20.0..=20.0).contains(&p.sdq_effect)) {
            return Err(Error::parameter(
                "sdq_effect",
                format!("must be between -20 and 20 points, got {}", p.sdq_effect),
            ));
        }
        if !(5..=500).contains(&p.panel_municipalities) {
            return Err(Error::parameter(
                "panel_municipalities",
                format!("must be between 5 and 500, got {}", p.panel_municipalities),
            ));
        }
        if !(5..=60).contains(&p.panel_years) {
            return Err(Error::parameter(
                "panel_years",
                format!("must be between 5 and 60, got {}", p.panel_years),
            ));
        }
        if !p.panel_effect.is_finite() || p.panel_effect.abs() > 1e6 {
            return Err(Error::parameter(
                "panel_effect",
                format!(
                    "must be a finite amount below 1000000 in size, got {}",
                    p.panel_effect
                ),
            ));
        }
        let (first, last) = panel_year_range(p);
        let year = treatment_year(p);
        if year < first + 3 || year > last {
            return Err(Error::parameter(
                "panel_treatment_year",
                format!(
                    "{year} leaves too few years: the panel runs {first} to {last} and needs at \
                     least 3 years before treatment and 1 after"
                ),
            ));
        }
        Ok(())
    }

    /// Checks every parameter and returns the checked params.
    ///
    /// # Errors
    /// [`crate::ErrorKind::InvalidParameter`] naming the first parameter out of its domain.
    pub fn check(self) -> Result<CheckedParams> {
        self.check_ref()?;
        Ok(CheckedParams(self))
    }
}

/// First and last year of the panel.
pub(crate) fn panel_year_range(p: &SimulationParams) -> (i32, i32) {
    let last = p.cutoff.year();
    (last - p.panel_years as i32 + 1, last)
}

/// The panel's treatment year.
pub(crate) fn treatment_year(p: &SimulationParams) -> i32 {
    let (first, last) = panel_year_range(p);
    p.panel_treatment_year
        .or_else(|| p.programme.iter().map(|r| r.start.year()).min())
        .unwrap_or((first + last + 1) / 2)
}

/// Parameters that passed [`SimulationParams::check`].
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(transparent)]
pub struct CheckedParams(SimulationParams);

impl CheckedParams {
    /// Runs the simulation.
    pub fn simulate(&self) -> Municipality {
        super::municipality::run(self)
    }

    /// The unchecked params these came from.
    pub fn params(&self) -> &SimulationParams {
        &self.0
    }

    /// Number of persons.
    pub fn persons(&self) -> usize {
        self.0.persons
    }
    /// The seed.
    pub fn seed(&self) -> u64 {
        self.0.seed
    }
    /// Number of districts.
    pub fn districts(&self) -> usize {
        self.0.districts
    }
    /// First day of the observation window.
    pub fn start(&self) -> NaiveDate {
        self.0.start
    }
    /// The cutoff (extraction) date.
    pub fn cutoff(&self) -> NaiveDate {
        self.0.cutoff
    }
    /// The programme's rollout.
    pub fn programme(&self) -> &[ProgrammeRollout] {
        &self.0.programme
    }
    /// Enrolment probability at risk 0.1.
    pub fn programme_reach(&self) -> f64 {
        self.0.programme_reach
    }
    /// Slope of logit(enrolment) on logit(risk).
    pub fn programme_selection(&self) -> f64 {
        self.0.programme_selection
    }
    /// Months the programme runs per child.
    pub fn programme_months(&self) -> u32 {
        self.0.programme_months
    }
    /// The programme's cost per enrolled child-year.
    pub fn programme_cost_per_year(&self) -> f64 {
        self.0.programme_cost_per_year
    }
    /// True step-down hazard ratio.
    pub fn step_down_hazard_ratio(&self) -> f64 {
        self.0.step_down_hazard_ratio
    }
    /// True placement-end hazard ratio.
    pub fn placement_end_hazard_ratio(&self) -> f64 {
        self.0.placement_end_hazard_ratio
    }
    /// True SDQ effect at 12 months.
    pub fn sdq_effect(&self) -> f64 {
        self.0.sdq_effect
    }
    /// Municipalities in the panel.
    pub fn panel_municipalities(&self) -> usize {
        self.0.panel_municipalities
    }
    /// Years in the panel.
    pub fn panel_years(&self) -> usize {
        self.0.panel_years
    }
    /// Planted panel effect per child.
    pub fn panel_effect(&self) -> f64 {
        self.0.panel_effect
    }
    /// The panel's first and last year.
    pub fn panel_year_range(&self) -> (i32, i32) {
        panel_year_range(&self.0)
    }
    /// The panel's treatment year.
    pub fn panel_treatment_year(&self) -> i32 {
        treatment_year(&self.0)
    }
}
