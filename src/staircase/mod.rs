//! The intervention staircase (indsatstrappe): its configuration, and counts on it.

mod config;

pub use config::{Level, Measure, Staircase};
