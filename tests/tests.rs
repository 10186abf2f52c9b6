//! indsats's integration tests: one binary, one module per domain.

/// The synthetic municipality: determinism, data rules, parameter guard, realism, planted effects.
mod simulate;
