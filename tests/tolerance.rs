//! The tolerance policy: how close a computed number must be to a reference.
//!
//! Closed forms meet [`CLOSED_FORM`] relative; a quantity that loosens it says why where
//! it is checked. A failure prints the quantity, both numbers and the relative error.

/// Relative tolerance for closed-form results (the peers' CASE.md ask for 1e-10).
pub const CLOSED_FORM: f64 = 1e-10;

/// Asserts `actual` is within `rel` of `expected` (relative, or absolute below 1e-300).
#[track_caller]
pub fn assert_close(what: &str, actual: f64, expected: f64, rel: f64) {
    let err = (actual - expected).abs() / expected.abs().max(1e-300);
    assert!(
        err <= rel || actual == expected,
        "{what}: got {actual:e}, expected {expected:e} (relative error {err:e} > {rel:e})"
    );
}
