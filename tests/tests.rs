//! The one integration-test binary; each module is one area.

/// The identifier guard: CPR-like values, scanning, refusal, pseudonyms.
mod ident;
