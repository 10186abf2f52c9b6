//! Survival: how long placements and steps last, and how they end — as R's survival
//! package computes it.
//!
//! - [`KaplanMeier`]: Kaplan–Meier curves with Greenwood errors, confidence limits
//!   (log, log-log, plain), quantiles, RMST, and the log-rank test, stratified or not
//!   (`survfit`, `quantile.survfit`, `survdiff`).
//! - `cox`: Cox regression with Efron or Breslow ties, strata, robust errors, tests,
//!   concordance and the proportional-hazards check (`coxph`, `cox.zph`).
//! - [`CumulativeIncidence`]: Aalen–Johansen cumulative incidence of competing exits, with
//!   survfit's infinitesimal-jackknife errors, log intervals and restricted mean times in
//!   each state; [`crude_share`], the share a municipality quotes, and why it differs.
//! - [`at_risk`]: episodes as counting-process rows with participation as a time-varying
//!   covariate, for a Cox model of an exit.

mod at_risk;
mod competing;
mod km;

pub use at_risk::{at_risk, AtRisk, AtRiskSpec};
pub use competing::{
    crude_share, CifFit, CifGroup, CifRow, CrudeShare, CumulativeIncidence, RestrictedMean,
};
pub use km::{
    logrank, ConfType, KaplanMeier, KmCurve, KmFit, KmGroups, KmRow, LogRank, LogRankGroup,
    Quantile, Rmst,
};
