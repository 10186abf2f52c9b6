//! Results as data: spending per month and year, report tables with typed columns, and
//! small-cell suppression.
//!
//! Everything a report shows is computed here (or in the analysis modules); the
//! renderers in [`crate::report`] only format.

mod spending;
mod suppress;
mod table;

pub use spending::{spending, CostSource, MonthSpending, Spending, YearSpending};
pub use suppress::{is_small, suppress, suppress_keeping, Line, Suppression, DEFAULT_THRESHOLD};
pub use table::{Amount, AmountUnit, Cell, Column, ColumnKind, Count, Row, Share, Table};
