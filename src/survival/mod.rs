//! Survival: how long placements and steps last, and how they end — as R's survival
//! package computes it.
//!
//! - [`KaplanMeier`]: Kaplan–Meier curves with Greenwood errors, confidence limits
//!   (log, log-log, plain), quantiles, RMST, and the log-rank test, stratified or not
//!   (`survfit`, `quantile.survfit`, `survdiff`).
//! - [`Cox`]: Cox regression with Efron or Breslow ties, strata, entry times
//!   (time-varying covariates), robust errors, tests, concordance, the baseline hazard and
//!   the proportional-hazards check (`coxph`, `basehaz`, `cox.zph`).
//! - [`CumulativeIncidence`]: Aalen–Johansen cumulative incidence of competing exits, with
//!   survfit's infinitesimal-jackknife errors, log intervals and restricted mean times in
//!   each state; [`crude_share`], the share a municipality quotes, and why it differs.
//! - [`at_risk`]: episodes as counting-process rows with participation as a time-varying
//!   covariate, for a Cox model of an exit.

mod at_risk;
mod competing;
mod cox;
mod km;

pub use at_risk::{at_risk, AtRisk, AtRiskSpec};
pub use competing::{
    crude_share, CifFit, CifGroup, CifRow, CrudeShare, CumulativeIncidence, RestrictedMean,
};
pub use cox::{
    BaselineHazard, ChiSquareTest, Concordance, Cox, CoxCoefficient, CoxData, CoxFit, CoxTests,
    ScaledSchoenfeld, StratumCount, Ties, Zph, ZphTest, ZphTransform,
};
pub use km::{
    logrank, ConfType, KaplanMeier, KmCurve, KmFit, KmGroups, KmRow, LogRank, LogRankGroup,
    Quantile, Rmst,
};
