//! Progression: how each child or adult changed from a baseline, and whether the change
//! is reliable and clinically significant.
//!
//! - [`ReliableChange`] and [`classify`]: Jacobson & Truax (1991) reliable change and
//!   clinical significance, each person classed as recovered, improved, unchanged or
//!   deteriorated.
//! - [`trajectories`] and [`summarise`]: baselines and follow-ups at 6, 12, 24 months, the
//!   group's mean change with paired effect sizes, the reliable-change breakdown, and
//!   attrition (whether those lost to follow-up differed at baseline).
//! - [`by_session`]: FIT scores session by session, and first to last session.
//! - [`observations`]: a dataset's assessments of one instrument, scored, as observations
//!   of one scale, with counts of what could not be scored and why.

mod followup;
mod rci;
mod scored;
mod sessions;

pub use followup::{
    summarise, trajectories, Observation, Point, Trajectory, WindowSummary, Windows,
};
pub use scored::{observations, ScoredCounts};
pub use sessions::{by_session, SessionMean, SessionSummary};

pub use rci::{classify, ChangeClass, Classification, CutoffCriterion, Direction, ReliableChange};
