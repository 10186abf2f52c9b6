//! Effects: did the measure change the outcome? One file per estimator.
//!
//! - [`PrePost`]: one group measured twice — mean change with its paired t interval,
//!   the Wilcoxon signed-rank test, and paired effect sizes (as R's `t.test(paired = TRUE)`
//!   and `wilcox.test(paired = TRUE, exact = FALSE, correct = TRUE)`).
//! - [`ols`]: least squares with classical, HC0–HC3 and cluster-robust errors (as R's
//!   `lm` with `sandwich`).
//! - [`TwoGroup`]: two independent groups — Welch's and Student's t, Mann–Whitney,
//!   Cohen's d, Hedges' g and Glass's Δ.
//! - [`Balance`]: covariate balance before and after matching or weighting (as MatchIt's
//!   `summary()` and cobalt's `bal.tab`), effective sample sizes, the spread of weights
//!   and the common support of a score; [`Estimand`] says whom an effect is about.

mod balance;
mod dist;
mod ols;
mod prepost;
mod twogroup;

pub use balance::{
    balance, common_support, effective_sample_size, weight_summary, Balance, BalanceRow,
    BalanceSummary, BalanceTable, CommonSupport, Estimand, GroupSizes, Histogram, MatchedSet,
    SampleSizes, WeightSummary, SUPPORT_BINS,
};
pub use ols::{ols, wls, ClusterAdjust, ClusterDf, Coefficient, Covariance, OlsFit};
pub use prepost::{EffectSizes, PairedT, PrePost, PrePostFit, Wilcoxon};
pub use twogroup::{MannWhitney, TTest, TwoGroup, TwoGroupFit};
