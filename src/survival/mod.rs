//! Survival: how long placements and steps last, and how they end — as R's survival
//! package computes it.
//!
//! - `km`: Kaplan–Meier with Greenwood errors, confidence bands, quantiles, RMST and the
//!   log-rank test (`survfit`, `survdiff`).
//! - [`Cox`]: Cox regression with Efron or Breslow ties, strata, entry times
//!   (time-varying covariates), robust errors, tests, concordance, the baseline hazard and
//!   the proportional-hazards check (`coxph`, `basehaz`, `cox.zph`).
//! - `competing`: Aalen–Johansen cumulative incidence of competing exits.

mod cox;

pub use cox::{
    BaselineHazard, ChiSquareTest, Concordance, Cox, CoxCoefficient, CoxData, CoxFit, CoxTests,
    ScaledSchoenfeld, StratumCount, Ties, Zph, ZphTest, ZphTransform,
};
