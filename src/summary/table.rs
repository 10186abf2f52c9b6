//! A table for reports: typed columns, cells that already carry their suppression, so
//! that renderers only format.
//!
//! # JSON shape
//! ```text
//! {"id": "staircase_on_date", "title": "...", "columns": [{"key": "year", "label": "År", "kind": "text"}, ...],
//!  "rows": [{"total": false, "cells": [CELL, ...]}], "notes": ["..."],
//!  "amount_unit": "kroner"|"thousands"}       how amounts are shown; CELL values are kroner
//! CELL:  {"value": "2024"}                          text
//!        {"value": 12}                              count or integer
//!        {"value": null, "suppressed": true}        count of 1 to threshold-1 persons
//!        {"value": null, "suppressed": true, "secondary": true}
//!                                                   count hidden so another cannot be worked out
//!        {"value": 1234567.5}                       amount in kroner
//!        {"value": 1234567.5, "few_persons": true}  amount that rests on 1 to threshold-1 persons
//!        {"value": 0.25}                            share, a fraction in [0, 1]
//!        {"value": null}                            no value (empty, or a share of nothing)
//! ```
//! Every table's first column is the row header.

use super::suppress::Suppression;
use serde::ser::SerializeMap;
use serde::{Serialize, Serializer};

/// What a column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ColumnKind {
    /// Text (row headers, names, codes).
    Text,
    /// Counts of persons (or of episodes, each of which belongs to one person): suppressed
    /// when small.
    Count,
    /// Counts of records (rows in a file), not of persons: never suppressed.
    Integer,
    /// Amounts in kroner.
    Amount,
    /// Shares, as fractions.
    Share,
}

/// A column.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Column {
    /// A stable key for scripts (a level id, a year, `total`).
    pub key: String,
    /// The heading shown to people.
    pub label: String,
    /// What the column holds.
    pub kind: ColumnKind,
}

/// A count of persons as it may be shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Count {
    /// Shown as is.
    Shown(usize),
    /// Hidden: 1 to threshold − 1 (`secondary: false`), or hidden to protect another cell.
    Suppressed {
        /// Hidden to protect another cell (the value itself may be large).
        secondary: bool,
    },
}

impl Count {
    /// Applies a suppression decision to a raw count.
    pub fn new(value: usize, suppression: Suppression) -> Count {
        match suppression {
            Suppression::Shown => Count::Shown(value),
            Suppression::Primary => Count::Suppressed { secondary: false },
            Suppression::Secondary => Count::Suppressed { secondary: true },
        }
    }

    /// A single count with the primary rule only (for counts outside any additive table).
    pub fn primary(value: usize, threshold: usize) -> Count {
        if super::suppress::is_small(value, threshold) {
            Count::Suppressed { secondary: false }
        } else {
            Count::Shown(value)
        }
    }

    /// The value, if shown.
    pub fn shown(self) -> Option<usize> {
        match self {
            Count::Shown(v) => Some(v),
            Count::Suppressed { .. } => None,
        }
    }
}

/// An amount in kroner.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Amount {
    /// Kroner; always finite.
    pub value: f64,
    /// The amount rests on 1 to threshold − 1 persons.
    pub few_persons: bool,
}

/// A share (fraction), which is hidden when its numerator or denominator is.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Share {
    /// A fraction in [0, 1].
    Shown(f64),
    /// Hidden because a count it is made from is hidden.
    Suppressed,
    /// No denominator (0 of 0).
    Undefined,
}

impl Share {
    /// `numerator / denominator` from two counts as shown.
    pub fn of(numerator: Count, denominator: Count) -> Share {
        match (numerator.shown(), denominator.shown()) {
            (_, Some(0)) => Share::Undefined,
            (Some(n), Some(d)) => Share::Shown(n as f64 / d as f64),
            _ => Share::Suppressed,
        }
    }

    /// The fraction, if shown.
    pub fn shown(self) -> Option<f64> {
        match self {
            Share::Shown(v) => Some(v),
            _ => None,
        }
    }
}

/// One cell.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    /// Text.
    Text(String),
    /// A count of persons.
    Count(Count),
    /// A count of records.
    Integer(i64),
    /// An amount.
    Amount(Amount),
    /// A share.
    Share(Share),
    /// Nothing.
    Empty,
}

impl Cell {
    /// A text cell.
    pub fn text(s: impl Into<String>) -> Cell {
        Cell::Text(s.into())
    }
}

impl Serialize for Cell {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut m = serializer.serialize_map(None)?;
        match self {
            Cell::Text(t) => m.serialize_entry("value", t)?,
            Cell::Count(Count::Shown(v)) => m.serialize_entry("value", v)?,
            Cell::Count(Count::Suppressed { secondary }) => {
                m.serialize_entry("value", &())?;
                m.serialize_entry("suppressed", &true)?;
                if *secondary {
                    m.serialize_entry("secondary", &true)?;
                }
            }
            Cell::Integer(v) => m.serialize_entry("value", v)?,
            Cell::Amount(a) => {
                m.serialize_entry("value", &finite(a.value))?;
                if a.few_persons {
                    m.serialize_entry("few_persons", &true)?;
                }
            }
            Cell::Share(Share::Shown(v)) => m.serialize_entry("value", &finite(*v))?,
            Cell::Share(Share::Suppressed) => {
                m.serialize_entry("value", &())?;
                m.serialize_entry("suppressed", &true)?;
            }
            Cell::Share(Share::Undefined) | Cell::Empty => m.serialize_entry("value", &())?,
        }
        m.end()
    }
}

fn finite(v: f64) -> Option<f64> {
    v.is_finite().then_some(v)
}

/// How a table shows its amounts (the data are always kroner).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum AmountUnit {
    /// Whole kroner: `1.234.567 kr.`
    #[default]
    Kroner,
    /// Thousands of kroner, rounded: `1.235` with the unit in the title.
    Thousands,
}

/// One row; the first cell is the row header.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Row {
    /// A total (or subtotal) row, shown in bold.
    pub total: bool,
    /// Cells, one per column.
    pub cells: Vec<Cell>,
}

/// A table of results for a report.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Table {
    /// A stable id for scripts and anchors.
    pub id: String,
    /// The title shown above the table.
    pub title: String,
    /// Columns; the first is the row header.
    pub columns: Vec<Column>,
    /// Rows.
    pub rows: Vec<Row>,
    /// Notes under the table (definitions, the suppression marks used).
    pub notes: Vec<String>,
    /// How amounts are shown; amount cells hold kroner either way.
    pub amount_unit: AmountUnit,
}

impl Table {
    /// An empty table with these columns.
    pub fn new(id: impl Into<String>, title: impl Into<String>, columns: Vec<Column>) -> Table {
        Table {
            id: id.into(),
            title: title.into(),
            columns,
            rows: Vec::new(),
            notes: Vec::new(),
            amount_unit: AmountUnit::Kroner,
        }
    }

    /// Adds a row.
    ///
    /// # Panics
    /// If the row does not have one cell per column (a bug in the caller).
    pub fn push(&mut self, total: bool, cells: Vec<Cell>) {
        assert_eq!(
            cells.len(),
            self.columns.len(),
            "table {}: row has the wrong number of cells",
            self.id
        );
        self.rows.push(Row { total, cells });
    }

    /// Whether any count is suppressed, primary or secondary.
    pub fn has_suppressed(&self, secondary: bool) -> bool {
        self.cells().any(
            |c| matches!(c, Cell::Count(Count::Suppressed { secondary: s }) if *s == secondary),
        ) || (!secondary
            && self
                .cells()
                .any(|c| matches!(c, Cell::Share(Share::Suppressed))))
    }

    /// Whether any amount rests on few persons.
    pub fn has_few_persons(&self) -> bool {
        self.cells()
            .any(|c| matches!(c, Cell::Amount(a) if a.few_persons))
    }

    fn cells(&self) -> impl Iterator<Item = &Cell> {
        self.rows.iter().flat_map(|r| r.cells.iter())
    }
}

impl Column {
    /// A column.
    pub fn new(key: impl Into<String>, label: impl Into<String>, kind: ColumnKind) -> Column {
        Column {
            key: key.into(),
            label: label.into(),
            kind,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_serialise_to_the_documented_shape() {
        let j = |c: Cell| serde_json::to_string(&c).unwrap();
        assert_eq!(j(Cell::text("a")), r#"{"value":"a"}"#);
        assert_eq!(j(Cell::Count(Count::Shown(12))), r#"{"value":12}"#);
        assert_eq!(
            j(Cell::Count(Count::Suppressed { secondary: false })),
            r#"{"value":null,"suppressed":true}"#
        );
        assert_eq!(
            j(Cell::Count(Count::Suppressed { secondary: true })),
            r#"{"value":null,"suppressed":true,"secondary":true}"#
        );
        assert_eq!(
            j(Cell::Amount(Amount {
                value: 2.5,
                few_persons: true
            })),
            r#"{"value":2.5,"few_persons":true}"#
        );
        assert_eq!(
            j(Cell::Amount(Amount {
                value: f64::NAN,
                few_persons: false
            })),
            r#"{"value":null}"#
        );
        assert_eq!(j(Cell::Share(Share::Shown(0.25))), r#"{"value":0.25}"#);
        assert_eq!(
            j(Cell::Share(Share::Suppressed)),
            r#"{"value":null,"suppressed":true}"#
        );
        assert_eq!(j(Cell::Share(Share::Undefined)), r#"{"value":null}"#);
    }

    #[test]
    fn a_share_of_a_hidden_count_is_hidden() {
        let hidden = Count::Suppressed { secondary: false };
        assert_eq!(Share::of(hidden, Count::Shown(40)), Share::Suppressed);
        assert_eq!(
            Share::of(Count::Shown(10), Count::Shown(40)),
            Share::Shown(0.25)
        );
        assert_eq!(
            Share::of(Count::Shown(0), Count::Shown(0)),
            Share::Undefined
        );
    }
}
