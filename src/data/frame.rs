//! An analysis frame: the numeric columns an estimator needs, read from any table, with
//! every excluded row counted.

use super::ident::is_cpr_like;
use super::raw::RawTable;
use super::read::{parse_number_with, DecimalMark};
use crate::error::{Error, ErrorKind, Result};
use rayon::prelude::*;
use serde::Serialize;

/// The role of a column in an analysis, which decides how its cells are read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// A number (`.` or `,` decimals, judged per column).
    Number,
    /// A 0/1 indicator: also `ja/nej`, `yes/no`, `true/false`, `j/n`, `y/n` (any case).
    Indicator,
    /// A label (a cluster, a stratum, an id): any text, kept as it is; a CPR-like value is
    /// refused.
    Label,
}

/// One requested column.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Wanted<'a> {
    /// The column's name in the file.
    pub name: &'a str,
    /// How to read it.
    pub role: Role,
}

/// Rows left out because a needed value was empty, per column.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Missing {
    /// The column (the first empty one in the row is blamed).
    pub column: String,
    /// Rows left out for it.
    pub rows: usize,
}

/// The columns of an analysis, on the rows where all of them have a value.
#[derive(Debug, Clone, PartialEq)]
pub struct Frame {
    /// The file as the user named it.
    pub source: String,
    /// Rows read.
    pub n_read: usize,
    /// The spreadsheet row of each kept row.
    pub file_rows: Vec<usize>,
    /// Number and indicator columns, by name, on the kept rows.
    pub numbers: Vec<(String, Vec<f64>)>,
    /// Label columns, by name, on the kept rows.
    pub labels: Vec<(String, Vec<String>)>,
    /// Rows left out, by the column that was empty.
    pub missing: Vec<Missing>,
}

impl Frame {
    /// A number or indicator column by name.
    pub fn number(&self, name: &str) -> Option<&[f64]> {
        self.numbers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_slice())
    }

    /// A label column by name.
    pub fn label(&self, name: &str) -> Option<&[String]> {
        self.labels
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_slice())
    }

    /// Rows kept.
    pub fn n_used(&self) -> usize {
        self.file_rows.len()
    }

    /// Rows left out.
    pub fn n_excluded(&self) -> usize {
        self.n_read - self.n_used()
    }

    /// Sentences for the warnings list: one per column that left rows out.
    pub fn missing_warnings(&self) -> Vec<String> {
        self.missing
            .iter()
            .map(|m| {
                format!(
                    "{}: {} rows left out because column \"{}\" is empty",
                    self.source, m.rows, m.column
                )
            })
            .collect()
    }
}

/// One column read.
enum Column {
    Number(String, Vec<f64>),
    Label(String, Vec<String>),
}

const EMPTY: [&str; 4] = ["", "NA", "na", "."];

fn indicator(s: &str) -> Option<f64> {
    match s.to_lowercase().as_str() {
        "1" | "1.0" | "ja" | "j" | "yes" | "y" | "true" | "sand" => Some(1.0),
        "0" | "0.0" | "nej" | "n" | "no" | "false" | "falsk" => Some(0.0),
        _ => None,
    }
}

/// Reads the wanted columns of `table`. A row with an empty cell (empty, `NA` or `.`) in
/// any wanted column is left out and counted under the first such column; a cell that
/// holds something that is not of its role's kind is an error naming file, row and column.
///
/// ```
/// use indsats::data::{frame, RawTable, Role, Wanted};
/// // columns: t, then y
/// let t = RawTable::new("d.csv", ["t", "y"], vec![vec!["1", "nej", "0"], vec!["2,5", "", "1,0"]]);
/// let f = frame(&t, &[Wanted { name: "t", role: Role::Indicator }, Wanted { name: "y", role: Role::Number }]).unwrap();
/// assert_eq!(f.number("y").unwrap(), &[2.5, 1.0]);
/// assert_eq!((f.n_read, f.n_excluded(), f.file_rows.clone()), (3, 1, vec![2, 4]));
/// ```
///
/// # Errors
/// A wanted column that is missing (with the columns the file has), a cell that cannot be
/// read, a CPR-like label, the same column wanted twice in different roles.
pub fn frame(table: &RawTable, wanted: &[Wanted<'_>]) -> Result<Frame> {
    let mut idx = Vec::with_capacity(wanted.len());
    for w in wanted {
        let i = table.column_index(w.name).ok_or_else(|| {
            Error::new(ErrorKind::MissingColumn {
                file: table.source.clone(),
                column: w.name.to_string(),
                found: table.columns.clone(),
            })
        })?;
        if let Some(other) = wanted.iter().find(|o| o.name == w.name && o.role != w.role) {
            return Err(Error::parameter(
                other.name,
                "is named for two different roles",
            ));
        }
        idx.push(i);
    }
    let n = table.n_rows();
    let marks: Vec<DecimalMark> = idx
        .par_iter()
        .map(|&i| DecimalMark::detect(table.cells[i].iter()))
        .collect();
    let mut keep = vec![true; n];
    let mut missing: Vec<Missing> = Vec::new();
    for (r, kept) in keep.iter_mut().enumerate() {
        for (w, &i) in wanted.iter().zip(&idx) {
            let cell = table.cells[i].get(r).unwrap_or("").trim();
            if EMPTY.contains(&cell) {
                *kept = false;
                match missing.iter_mut().find(|m| m.column == w.name) {
                    Some(m) => m.rows += 1,
                    None => missing.push(Missing {
                        column: w.name.to_string(),
                        rows: 1,
                    }),
                }
                break;
            }
        }
    }
    let rows: Vec<usize> = (0..n).filter(|&r| keep[r]).collect();
    let cell_error = |r: usize, col: &str, message: String| {
        Error::new(ErrorKind::Cell {
            file: table.source.clone(),
            row: table.file_row(r),
            column: col.to_string(),
            message,
        })
    };
    // Each column once (a name wanted twice in one role is read once), columns in
    // parallel; the first error in column order is the one reported.
    let mut unique: Vec<(&Wanted<'_>, usize, DecimalMark)> = Vec::new();
    for ((w, &i), mark) in wanted.iter().zip(&idx).zip(&marks) {
        if !unique.iter().any(|(u, _, _)| u.name == w.name) {
            unique.push((w, i, *mark));
        }
    }
    let read_column = |&(w, i, mark): &(&Wanted<'_>, usize, DecimalMark)| -> Result<Column> {
        let col = &table.cells[i];
        let cpr = |r: usize| {
            Error::new(ErrorKind::CprLike {
                file: table.source.clone(),
                column: w.name.to_string(),
                row: table.file_row(r),
            })
        };
        match w.role {
            Role::Number | Role::Indicator => {
                let mut v = Vec::with_capacity(rows.len());
                for &r in &rows {
                    let cell = col.get(r).unwrap_or("").trim();
                    let x = if w.role == Role::Number {
                        parse_number_with(cell, mark).filter(|x| x.is_finite())
                    } else {
                        indicator(cell)
                    };
                    match x {
                        Some(x) => v.push(x),
                        None if is_cpr_like(cell) => return Err(cpr(r)),
                        None => {
                            let what = if w.role == Role::Number {
                                "expected a number"
                            } else {
                                "expected 0 or 1 (or ja/nej)"
                            };
                            return Err(cell_error(r, w.name, format!("\"{cell}\": {what}")));
                        }
                    }
                }
                Ok(Column::Number(w.name.to_string(), v))
            }
            Role::Label => {
                let mut v = Vec::with_capacity(rows.len());
                for &r in &rows {
                    let cell = col.get(r).unwrap_or("").trim();
                    if is_cpr_like(cell) {
                        return Err(cpr(r));
                    }
                    v.push(cell.to_string());
                }
                Ok(Column::Label(w.name.to_string(), v))
            }
        }
    };
    let columns: Vec<Result<Column>> = unique.par_iter().map(read_column).collect();
    let mut numbers = Vec::new();
    let mut labels = Vec::new();
    for c in columns {
        match c? {
            Column::Number(name, v) => numbers.push((name, v)),
            Column::Label(name, v) => labels.push((name, v)),
        }
    }
    Ok(Frame {
        source: table.source.clone(),
        n_read: n,
        file_rows: rows.iter().map(|&r| table.file_row(r)).collect(),
        numbers,
        labels,
        missing,
    })
}
