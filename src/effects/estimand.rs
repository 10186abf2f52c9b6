//! The estimand: whose average effect an estimate stands for.

use serde::{Deserialize, Serialize};
use std::fmt;

/// Whose average effect is estimated.
///
/// - ATT: the average effect on those who received the measure (the treated) — what
///   matching estimates, and what a council usually asks: "did it help those we gave it to?"
/// - ATE: the average effect had everyone in the population received it.
/// - ATC: the average effect had the comparison group received it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
pub enum Estimand {
    /// Average treatment effect on the treated.
    #[default]
    #[serde(rename = "ATT")]
    Att,
    /// Average treatment effect in the population.
    #[serde(rename = "ATE")]
    Ate,
    /// Average treatment effect on the controls.
    #[serde(rename = "ATC")]
    Atc,
}

impl fmt::Display for Estimand {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Estimand::Att => "ATT",
            Estimand::Ate => "ATE",
            Estimand::Atc => "ATC",
        })
    }
}
