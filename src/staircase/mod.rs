//! The intervention staircase (indsatstrappe): its configuration, and counts on it.
//!
//! - [`Staircase`]: levels, their order, the measures on each, placements and residential care
//! - [`population`]: persons on each step at year ends and during each year
//! - [`SpellParams`]: episodes joined into spells (a whole placement, or a stay on one step)
//! - [`transitions`]: moves between steps, and their rates per person-year
//! - [`StepDownParams`]: step-down, step-up and breakdown within 6, 12, 24 months
//! - [`ages`]: age at first measure and at first placement
//! - [`PlacementMixParams`], [`mix_from_shares`]: the placement mix against a target share of
//!   residential care

mod ages;
mod config;
mod mix;
mod population;
mod spells;
mod stepdown;
mod transitions;

pub use ages::{ages, AgeSummary, Ages};
pub use config::{Account, Level, Measure, Staircase};
pub use mix::{mix_from_shares, MixBy, MixType, PlacementMix, PlacementMixParams, RoundedMix};
pub use population::{population, Population, PopulationYear};
pub use spells::{Spell, SpellCounts, SpellKind, SpellParams, Spells, ZeroLength};
pub use stepdown::{
    ExitShare, StepDown, StepDownGroup, StepDownParams, StepDownWindow, TimeToStepDown,
};
pub use transitions::{transitions, LevelTime, Move, Transitions};
