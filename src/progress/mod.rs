//! Progression: how each child or adult changed from a baseline, and whether the change
//! is reliable and clinically significant.
//!
//! - [`ReliableChange`] and [`classify`]: Jacobson & Truax (1991) reliable change and
//!   clinical significance, each person classed as recovered, improved, unchanged or
//!   deteriorated.

mod rci;

pub use rci::{classify, ChangeClass, Classification, CutoffCriterion, Direction, ReliableChange};
