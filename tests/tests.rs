//! The one integration-test binary; each module is one area.

/// The identifier guard: CPR-like values, scanning, refusal, pseudonyms.
mod ident;
/// File readers (CSV, Parquet, Excel) and number/date parsing.
mod read;
