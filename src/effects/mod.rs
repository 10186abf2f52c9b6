//! Effects: did the measure change the outcome? One file per estimator.
//!
//! - [`PrePost`]: one group measured twice — mean change with its paired t interval,
//!   the Wilcoxon signed-rank test, and paired effect sizes (as R's `t.test(paired = TRUE)`
//!   and `wilcox.test(paired = TRUE, exact = FALSE, correct = TRUE)`).
//! - [`ols`]: least squares with classical, HC0–HC3 and cluster-robust errors (as R's
//!   `lm` with `sandwich`).
//! - [`TwoGroup`]: two independent groups — Welch's and Student's t, Mann–Whitney,
//!   Cohen's d, Hedges' g and Glass's Δ.

mod dist;
mod ols;
mod prepost;
mod propensity;
mod twogroup;

pub use ols::{ols, wls, ClusterAdjust, ClusterDf, Coefficient, Covariance, OlsFit};
pub use prepost::{EffectSizes, PairedT, PrePost, PrePostFit, Wilcoxon};
pub use propensity::{propensity_scores, Logit, LogitCoefficient, LogitFit};
pub use twogroup::{MannWhitney, TTest, TwoGroup, TwoGroupFit};
