//! Economics: what interventions cost and what they save, as municipalities compute it.

mod concentration;
mod rate_card;

pub use concentration::{Concentration, ConcentrationParams, LorenzPoint, TopShare};
pub use rate_card::{Participant, ParticipantPayment, RateCard, RateCardPayments};
