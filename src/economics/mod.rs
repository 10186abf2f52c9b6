//! Economics: what interventions cost and what they save, as municipalities compute it.
//!
//! - [`BusinessCase`]: investment, gross savings, net, cumulative net, break-even year, NPV
//!   at the Ministry of Finance's socio-economic rate, and one-way sensitivity.
//! - [`Scenario`]: a cohort state-transition model of the savings when people step down.
//! - [`RateCard`]: outcome payments by milestone, per participant and in total.
//! - [`ConcentrationParams`]: the Lorenz curve, the top 1/5/10 % shares of cost, the Gini.
//! - [`CostPerOutcome`]: total cost / outcomes achieved, the outcome rate and the mean cost,
//!   with percentile and BCa bootstrap intervals.
//! - [`Icer`]: the incremental cost-effectiveness ratio, the bootstrap cost-effectiveness
//!   plane, the acceptability curve, the net monetary benefit and Fieller's interval.
//! - [`cost_bands`], [`spend_by_group`], [`unit_cost_comparison`]: the tables the documents
//!   show.

mod business_case;
mod concentration;
mod cost_outcome;
mod icer;
mod rate_card;
mod scenario;
mod tables;

pub use business_case::{
    BusinessCase, BusinessCaseFit, BusinessYear, Extension, Sensitivity, SensitivityInput,
    MINISTRY_OF_FINANCE_DISCOUNT_RATE,
};
pub use concentration::{Concentration, ConcentrationParams, LorenzPoint, TopShare};
pub use cost_outcome::{CostPerOutcome, CostPerOutcomeFit, CostPerOutcomeGroup, Uncertain};
pub use icer::{Icer, IcerFit, PlanePoint, Quadrant, QuadrantCounts, WtpPoint};
pub use rate_card::{Participant, ParticipantPayment, RateCard, RateCardPayments};
pub use scenario::{Scenario, ScenarioFit};
pub use tables::{
    cost_bands, spend_by_group, spend_from_shares, unit_cost_comparison, CostBand, CostBandTable,
    GroupSpend, SpendByGroup, UnitCostComparison,
};
