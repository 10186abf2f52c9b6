//! Economics: what interventions cost and what they save, as municipalities compute it.

mod rate_card;

pub use rate_card::{Participant, ParticipantPayment, RateCard, RateCardPayments};
