//! Survival: how long placements and steps last, and how they end — as R's survival
//! package computes it.
//!
//! - [`KaplanMeier`]: Kaplan–Meier curves with Greenwood errors, confidence limits
//!   (log, log-log, plain), quantiles, RMST, and the log-rank test, stratified or not
//!   (`survfit`, `quantile.survfit`, `survdiff`).
//! - `cox`: Cox regression with Efron or Breslow ties, strata, robust errors, tests,
//!   concordance and the proportional-hazards check (`coxph`, `cox.zph`).
//! - `competing`: Aalen–Johansen cumulative incidence of competing exits.

mod km;

pub use km::{
    logrank, ConfType, KaplanMeier, KmCurve, KmFit, KmGroups, KmRow, LogRank, LogRankGroup,
    Quantile, Rmst,
};
