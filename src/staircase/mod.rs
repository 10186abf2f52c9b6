//! The intervention staircase (indsatstrappe): its configuration, and counts on it.

mod config;
mod population;

pub use config::{Account, Level, Measure, Staircase};
pub use population::{population, Population, PopulationYear};
