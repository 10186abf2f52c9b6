//! Economics: what interventions cost and what they save, as municipalities compute it.
//!
//! - [`BusinessCase`]: investment, gross savings, net, cumulative net, break-even year, NPV
//!   at the Ministry of Finance's socio-economic rate, and one-way sensitivity.
//! - [`Scenario`]: a cohort state-transition model of the savings when people step down.
//! - [`RateCard`]: outcome payments by milestone, per participant and in total.
//! - [`ConcentrationParams`]: the Lorenz curve, the top 1/5/10 % shares of cost, the Gini.
//! - [`Projection`]: spending projected to a target year, linear or log-linear, with
//!   confidence and prediction intervals as R's `predict.lm`, also per child.
//! - [`CostPerOutcome`]: total cost / outcomes achieved, the outcome rate and the mean cost,
//!   with percentile and BCa bootstrap intervals.
//! - [`Icer`]: the incremental cost-effectiveness ratio, the bootstrap cost-effectiveness
//!   plane, the acceptability curve, the net monetary benefit and Fieller's interval.
//! - [`cost_bands`], [`spend_by_group`], [`unit_cost_comparison`]: the tables the documents
//!   show.
//! - [`CockpitParams`]: the monthly steering panel (cockpit): spending, averages, cases,
//!   starts and stops per month and measure, the year's distribution, cost and age bands.
//! - [`CostParams`]: costs per person and period from the ledger or the episodes, at
//!   current or constant prices ([`PriceIndex`]), with unallocated lines reported.
//! - [`CostEffect`]: the programme's effect on cost per child-year against a weighted
//!   comparison group, and the years for the business case.

mod business_case;
mod cockpit;
mod concentration;
mod cost_outcome;
mod icer;
mod projection;
mod rate_card;
mod scenario;
mod tables;

pub use business_case::{
    BusinessCase, BusinessCaseFit, BusinessYear, Extension, Sensitivity, SensitivityInput,
    MINISTRY_OF_FINANCE_DISCOUNT_RATE,
};
pub use cockpit::{
    AgeGroup, AgeGroups, Cockpit, CockpitMonth, CockpitN, CockpitParams, Distribution, MeasureName,
    MeasureShare, YearAverage, YearCount, DEFAULT_AGE_EDGES, DEFAULT_COST_BAND_EDGES,
};
pub use concentration::{Concentration, ConcentrationParams, LorenzPoint, TopShare};
pub use cost_outcome::{CostPerOutcome, CostPerOutcomeFit, CostPerOutcomeGroup, Uncertain};
pub use icer::{Icer, IcerFit, PlanePoint, Quadrant, QuadrantCounts, WtpPoint};
pub use projection::{
    yearly_totals, BackTransform, Band, ExcludedYear, ProjectedYear, Projection, ProjectionCounts,
    ProjectionFit, ProjectionModel, YearTotal, DEFAULT_YEARS_AHEAD,
};
pub use rate_card::{Participant, ParticipantPayment, RateCard, RateCardPayments};
pub use scenario::{Scenario, ScenarioFit};
pub use tables::{
    cost_bands, spend_by_group, spend_from_shares, unit_cost_comparison, CostBand, CostBandTable,
    GroupSpend, SpendByGroup, UnitCostComparison,
};
mod costs;
mod prices;
pub use costs::{
    CostCounts, CostParams, CostTotals, Periods, PersonCosts, PersonPeriodCost, PersonWindow,
    Refunds, UnknownMeasures, DAYS_PER_YEAR,
};
pub use prices::{PriceIndex, Prices};
mod cost_effect;
pub use cost_effect::{
    CostDesign, CostEffect, CostEffectCounts, CostEffectFit, CostEffectSpec, CostEffectYear,
    CostEstimate,
};
