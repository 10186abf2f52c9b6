//! The synthetic municipality and its known truths.

mod assess;
mod catalogue;
mod iso;
mod ledger;
mod municipality;
mod outcomes;
mod panel;
mod params;
mod person;
mod truth;
mod util;
mod write;

pub use ledger::{ACCOUNT_ADMINISTRATION, ACCOUNT_PROGRAMME};
pub use municipality::{Municipality, FILES, PERSON_COVARIATES};
pub use panel::{DonorWeight, PanelRow, TREATED_MUNICIPALITY};
pub use params::{CheckedParams, ProgrammeRollout, SimulationParams};
pub use truth::{
    Counterfactual, Effects, PanelTruth, ProgrammeTruth, RolloutTruth, SampleTruth, TrueEffect,
    Truth, YearEffect,
};

use crate::error::Result;

/// Checks the params, then simulates the municipality.
///
/// # Errors
/// [`crate::ErrorKind::InvalidParameter`] naming the first parameter out of its domain.
pub fn simulate(params: &SimulationParams) -> Result<Municipality> {
    Ok(params.clone().check()?.simulate())
}
