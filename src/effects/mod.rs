//! Effects: did the measure change the outcome? One file per estimator.
//!
//! - [`PrePost`]: one group measured twice — mean change with its paired t interval,
//!   the Wilcoxon signed-rank test, and paired effect sizes (as R's `t.test(paired = TRUE)`
//!   and `wilcox.test(paired = TRUE, exact = FALSE, correct = TRUE)`).
//! - [`ols`]: least squares with classical, HC0–HC3 and cluster-robust errors (as R's
//!   `lm` with `sandwich`).
//! - [`TwoGroup`]: two independent groups — Welch's and Student's t, Mann–Whitney,
//!   Cohen's d, Hedges' g and Glass's Δ.
//! - [`Ancova`]: two groups with a baseline, by least squares.
//! - [`RiskComparison`]: yes/no outcomes as risk difference, risk ratio and odds ratio.
//! - [`cohort`]: participants and a comparison group from a municipality's data, each
//!   followed from their own start to a score some months later.
//! - [`Bootstrap`]: seeded, parallel resampling for any of them.
//! - [`Ipw`], [`Aipw`]: weighting by the propensity score, and the doubly robust
//!   estimator.
//! - [`NearestNeighbour`]: greedy nearest-neighbour matching on a propensity score with
//!   MatchIt's semantics (ratio, caliper, replacement, exact strata), and the matched ATT
//!   with pair-clustered or HC3 errors ([`Matching::att`]).
//! - [`Did`], [`EventStudy`]: difference in differences on a panel — the 2×2 design with
//!   its cell means, and the event study by two-way fixed effects with a pre-trend test,
//!   cluster-robust with an explicit small-sample convention ([`SmallSample`]).

//! - [`Logit`], [`propensity_scores`]: logistic regression by IRLS (as R's `glm`), with
//!   separation and collinearity named by covariate.
//! - [`Balance`]: covariate balance before and after matching or weighting (as MatchIt's
//!   `summary()` and cobalt's `bal.tab`), effective sample sizes, the spread of weights
//!   and the common support of a score.
//! - [`Its`]: interrupted time series by segmented regression with Newey–West errors (as
//!   statsmodels' `cov_type="HAC"`), optionally seasonal or against a comparison series.
//! - [`StaggeredDid`]: staggered adoption — Callaway & Sant'Anna's group-time effects,
//!   their aggregations, the multiplier bootstrap and a TWFE check (as R's `did`);
//!   [`district_panel`] builds a district × half-year panel from a municipality's data.
//! - [`SyntheticControl`]: one treated unit against a weighted average of donors over
//!   time (Abadie, Diamond & Hainmueller 2010; R's Synth, pysyncon), with placebos in
//!   space for a rank p-value.

mod ancova;
mod balance;
mod bca;
mod bootstrap;
mod cohort;
mod did;
mod dist;
mod district;
mod estimand;
mod its;
mod matching;
mod ols;
mod prepost;
mod propensity;
mod randomization;
mod risk;
mod staggered;
mod study;
mod synth;
mod synth_solve;
mod twogroup;
mod weighting;

pub use ancova::{Ancova, AncovaFit};
pub use balance::{
    balance, common_support, effective_sample_size, weight_summary, Balance, BalanceRow,
    BalanceSummary, BalanceTable, CommonSupport, GroupSizes, Histogram, PairRows, SampleSizes,
    WeightSummary, SUPPORT_BINS,
};
pub use bca::{bca_interval, jackknife_influence};
pub use bootstrap::{Bootstrap, BootstrapResult};
pub use cohort::{cohort, CohortCounts, CohortSpec};
pub use did::{
    relative_time_term, CellMean, CohortCount, Did, DidFit, EventStudy, EventStudyFit, EventTime,
    Excluded, Panel, PanelCounts, Post, Pretrend, SmallSample, FEW_CLUSTERS,
};
pub(crate) use dist::quantile7;
pub(crate) use dist::{check_ci_level, t_quantile};
pub use district::{district_panel, DistrictOutcome, DistrictPanel, DistrictPanelSpec};
pub use estimand::Estimand;
pub use its::{
    default_hac_lags, Contrast as ItsContrast, Diagnostics as ItsDiagnostics, HacSpec, Inference,
    Interruption, Its, ItsCoefficient, ItsCounts, ItsFit, PathPoint as ItsPathPoint, Seasonal,
    Series, TimeScale,
};
pub use matching::{MatchOrder, MatchedEffect, MatchedSe, MatchedSet, Matching, NearestNeighbour};
pub use ols::{ols, wls, ClusterAdjust, ClusterDf, Coefficient, Covariance, OlsFit};
pub use prepost::{EffectSizes, PairedT, PrePost, PrePostFit, Wilcoxon};
pub use propensity::{propensity_scores, Logit, LogitCoefficient, LogitFit};
pub use randomization::RandomizationInference;
pub use risk::{Contrast, RiskComparison, RiskFit};
pub use staggered::{
    AggregateOverall, AggregateRow, Aggregation, Aggregations, ControlGroup, GroupTime,
    MultiplierBootstrap, StaggeredCounts, StaggeredDid, StaggeredEvent, StaggeredFit,
    StaggeredPanel, TwfeCheck, WaldPretest,
};
pub use study::{
    BalanceLine, Details, EffectEstimate, EstimateCounts, MatchedStudy, Study, SupportSummary,
    DISTANCE,
};
pub use synth::{
    PathPoint as SynthPathPoint, Placebo, Predictor, PredictorBalance, PredictorWeight, Rmspe,
    SynthCounts, SynthFit, SynthPanel, SynthProblem, SyntheticControl, UnitWeight, VWeights,
};
pub use twogroup::{MannWhitney, TTest, TwoGroup, TwoGroupFit};
pub use weighting::{
    Aipw, AipwFit, GroupWeights, Ipw, WeightLimit, WeightedCounts, WeightedEffect,
};
