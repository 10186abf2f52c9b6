//! Economics: what interventions cost and what they save, as municipalities compute it.
//!
//! - [`BusinessCase`]: investment, gross savings, net, cumulative net, break-even year, NPV
//!   at the Ministry of Finance's socio-economic rate, and one-way sensitivity.
//! - [`Scenario`]: a cohort state-transition model of the savings when people step down.
//! - [`RateCard`]: outcome payments by milestone, per participant and in total.
//! - [`ConcentrationParams`]: the Lorenz curve, the top 1/5/10 % shares of cost, the Gini.
//! - [`cost_bands`], [`spend_by_group`], [`unit_cost_comparison`]: the tables the documents
//!   show.
//! - [`CostParams`]: costs per person and period from the ledger or the episodes, at
//!   current or constant prices ([`PriceIndex`]), with unallocated lines reported.
//! - [`CostEffect`]: the programme's effect on cost per child-year against a weighted
//!   comparison group, and the years for the business case.

mod business_case;
mod concentration;
mod rate_card;
mod scenario;
mod tables;

pub use business_case::{
    BusinessCase, BusinessCaseFit, BusinessYear, Extension, Sensitivity, SensitivityInput,
    MINISTRY_OF_FINANCE_DISCOUNT_RATE,
};
pub use concentration::{Concentration, ConcentrationParams, LorenzPoint, TopShare};
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
