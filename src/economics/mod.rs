//! Economics: what interventions cost and what they save, as municipalities compute it.

mod concentration;
mod rate_card;
mod tables;

pub use concentration::{Concentration, ConcentrationParams, LorenzPoint, TopShare};
pub use rate_card::{Participant, ParticipantPayment, RateCard, RateCardPayments};
pub use tables::{
    cost_bands, spend_by_group, spend_from_shares, unit_cost_comparison, CostBand, CostBandTable,
    GroupSpend, SpendByGroup, UnitCostComparison,
};
