//! Serialising dates as ISO text (chrono's serde support is not enabled in this crate).

use chrono::NaiveDate;
use serde::Serializer;

/// Serialises a date as `2021-03-31`.
pub(crate) fn date<S: Serializer>(d: &NaiveDate, s: S) -> Result<S::Ok, S::Error> {
    s.collect_str(d)
}
