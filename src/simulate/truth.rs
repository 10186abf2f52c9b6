//! The known truths of a simulated municipality, which estimators are checked against.

use super::iso;
use super::panel::DonorWeight;
use super::params::SimulationParams;
use super::survey::SurveyTruth;
use chrono::NaiveDate;
use serde::Serialize;
use std::collections::BTreeMap;

/// Everything true about a simulated municipality: the parameters, the planted effects and
/// the realised sample truths. Written as `truth.json`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Truth {
    /// The seed.
    pub seed: u64,
    /// Persons simulated.
    pub persons: usize,
    /// First day of the observation window.
    #[serde(serialize_with = "iso::date")]
    pub start: NaiveDate,
    /// The cutoff (extraction) date.
    #[serde(serialize_with = "iso::date")]
    pub cutoff: NaiveDate,
    /// Every parameter as given.
    pub params: SimulationParams,
    /// The programme's rollout and who it reached.
    pub programme: ProgrammeTruth,
    /// The programme's true effects.
    pub effects: Effects,
    /// The coupled factual and counterfactual totals behind the realised effects.
    pub counterfactual: Counterfactual,
    /// The synthetic-control panel's truth.
    pub panel: PanelTruth,
    /// The school well-being survey's truth (the staggered design across districts).
    pub school_survey: SurveyTruth,
    /// Descriptive facts about the sample, for realism checks.
    pub sample: SampleTruth,
}

/// The programme's rollout and reach.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ProgrammeTruth {
    /// Districts and start dates, with the number enrolled in each.
    pub rollout: Vec<RolloutTruth>,
    /// How children were enrolled.
    pub enrolment: String,
    /// Children enrolled.
    pub participants: usize,
    /// Mean risk_score of enrolled children.
    pub mean_risk_participants: f64,
    /// Mean risk_score of persons in programme districts who were not enrolled.
    pub mean_risk_non_participants_in_programme_districts: f64,
    /// Mean risk_score of persons in districts without the programme.
    pub mean_risk_other_districts: f64,
}

/// One district's programme start.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RolloutTruth {
    /// District name as in persons.csv (`D03`).
    pub district: String,
    /// First day of enrolment.
    #[serde(serialize_with = "iso::date")]
    pub start: NaiveDate,
    /// Children enrolled in the district.
    pub participants: usize,
}

/// One true effect: the value estimators are compared with, and what it means.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TrueEffect {
    /// The true value: the model parameter where the effect is one, else the realised
    /// sample average treatment effect on the treated.
    pub value: f64,
    /// The realised effect in this sample where it can be computed (coupled
    /// counterfactual), else `null`.
    pub realised: Option<f64>,
    /// Number of units behind `realised`.
    pub n: Option<usize>,
    /// Unit of `value`.
    pub unit: String,
    /// What exactly the effect is.
    pub description: String,
}

/// The programme's true effects.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Effects {
    /// Hazard ratio of stepping down from a non-placement level.
    pub step_down_hazard_ratio: TrueEffect,
    /// Hazard ratio of leaving placement.
    pub placement_end_hazard_ratio: TrueEffect,
    /// Effect on the 12-month change in SDQ total difficulties (parent report).
    pub sdq_total_change_12m: TrueEffect,
    /// Effect on yearly cost per enrolled child (measures and programme).
    pub cost_per_child_year: TrueEffect,
    /// Effect on yearly cost of measures per enrolled child (gross savings, negative).
    pub measure_cost_per_child_year: TrueEffect,
    /// Effect on days in placement per enrolled child-year.
    pub placement_days_per_child_year: TrueEffect,
    /// Effect on the outcomes table (leaving exam, youth education, self-supporting): none.
    pub outcomes: TrueEffect,
}

/// Totals over enrolled children from enrolment to the end of observation, with the
/// programme (factual) and without it (counterfactual, same random numbers).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Counterfactual {
    /// Enrolled children.
    pub participants: usize,
    /// Child-years observed from enrolment to leaving or the cutoff.
    pub child_years: f64,
    /// Cost of measures, kroner, with the programme.
    pub measure_cost_factual: f64,
    /// Cost of measures, kroner, without it.
    pub measure_cost_counterfactual: f64,
    /// The programme's own per-child cost, kroner (unallocated coordination excluded).
    pub programme_cost: f64,
    /// Days in placement with the programme.
    pub placement_days_factual: f64,
    /// Days in placement without it.
    pub placement_days_counterfactual: f64,
    /// Step downs from non-placement levels with the programme.
    pub step_downs_factual: usize,
    /// Step downs from non-placement levels without it.
    pub step_downs_counterfactual: usize,
    /// Exits from placement (home, or a step down out of placement) with the programme.
    pub placement_exits_factual: usize,
    /// Exits from placement without it.
    pub placement_exits_counterfactual: usize,
    /// What the totals are.
    pub description: String,
}

/// The synthetic-control panel's truth.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PanelTruth {
    /// Our municipality's name in municipality_panel.csv.
    pub treated_municipality: String,
    /// First treated year.
    pub treatment_year: i32,
    /// Planted effect on spending per child, kroner per year, in every treated year.
    pub effect_per_child: f64,
    /// The planted effect by year (zero before the treatment year).
    pub effects_by_year: Vec<YearEffect>,
    /// The donors and weights our untreated series is built from.
    pub donor_weights: Vec<DonorWeight>,
    /// How the panel was made.
    pub description: String,
}

/// A planted effect in one year.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct YearEffect {
    /// The year.
    pub year: i32,
    /// The planted effect, kroner per child.
    pub effect: f64,
}

/// Descriptive facts about the simulated sample.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SampleTruth {
    /// Persons in persons.csv.
    pub persons: usize,
    /// Persons aged under 18 on some day they lived in the municipality in the window.
    pub children: usize,
    /// Persons with an episode in the window.
    pub with_episode: usize,
    /// Persons with a placement episode in the window.
    pub placed: usize,
    /// Share of children with an episode in the window.
    pub share_children_with_episode: f64,
    /// Share of children placed in the window.
    pub share_children_placed: f64,
    /// Share of placement days in the window spent in residential care.
    pub residential_share_of_placement_days: f64,
    /// Share of placement days in the window spent in kinship or foster care.
    pub family_share_of_placement_days: f64,
    /// Episodes in episodes.csv by level.
    pub episodes_by_level: BTreeMap<String, usize>,
    /// Mean daily cost by level, kroner.
    pub mean_daily_cost_by_level: BTreeMap<String, f64>,
    /// Ended episodes by end reason.
    pub episodes_by_end_reason: BTreeMap<String, usize>,
    /// Episodes ongoing at the cutoff.
    pub episodes_ongoing: usize,
}
