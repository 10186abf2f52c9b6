//! Bookkeeping shared by the table parsers: columns by indsats' names, one row's
//! problems, and the exclusion counts.

use super::super::issues::{Issue, IssueKind, ValidationReport};
use super::super::read::{parse_date, parse_number_with, DecimalMark};
use super::super::tables::TableKind;
use super::super::{Expected, ValueKind};
use super::super::{RawTable, TextColumn};
use chrono::NaiveDate;
use std::collections::{BTreeMap, HashSet};

/// Bookkeeping for one table: its file, and the rows excluded per kind.
pub(super) struct Check {
    pub(super) table: TableKind,
    pub(super) file: String,
    pub(super) rows_read: usize,
    pub(super) excluded: BTreeMap<IssueKind, usize>,
}

impl Check {
    pub(super) fn new(table: TableKind, raw: &RawTable) -> Check {
        Check {
            table,
            file: raw.source.clone(),
            rows_read: raw.n_rows(),
            excluded: BTreeMap::new(),
        }
    }

    #[allow(clippy::too_many_arguments)]
    pub(super) fn issue(
        &mut self,
        rep: &mut ValidationReport,
        kind: IssueKind,
        row: Option<usize>,
        column: Option<&str>,
        value: Option<&str>,
        expected: Expected,
        excluded: bool,
    ) {
        rep.push(Issue {
            table: self.table,
            file: self.file.clone(),
            kind,
            row,
            column: column.map(str::to_string),
            value: value.map(crate::data::redact),
            expected,
            excluded,
        });
    }

    pub(super) fn exclude(&mut self, kind: IssueKind) {
        *self.excluded.entry(kind).or_insert(0) += 1;
    }
}

/// The columns of one table, resolved against the mapping.
pub(super) struct Columns<'a> {
    pub(super) raw: &'a RawTable,
    pub(super) map: &'a BTreeMap<String, String>,
}

impl<'a> Columns<'a> {
    /// The file's name for indsats' column `name`.
    pub(super) fn file_name(&self, name: &str) -> String {
        self.map
            .get(name)
            .cloned()
            .unwrap_or_else(|| name.to_string())
    }

    /// The column's cells, if present. A column that the mapping names but the file
    /// lacks is a problem even when optional.
    pub(super) fn optional(
        &self,
        name: &str,
        c: &mut Check,
        rep: &mut ValidationReport,
    ) -> Option<Col<'a>> {
        let file_name = self.file_name(name);
        match self.raw.column_index(&file_name) {
            Some(i) => Some(Col::new(self.raw, i)),
            None => {
                if self.map.contains_key(name) {
                    c.issue(
                        rep,
                        IssueKind::MissingColumn,
                        None,
                        Some(&file_name),
                        None,
                        Expected::Column {
                            name: name.to_string(),
                            mapped: true,
                            found: self.raw.columns.clone(),
                        },
                        false,
                    );
                }
                None
            }
        }
    }

    /// The required columns; `None` (and every row excluded) when one is missing.
    pub(super) fn required<const N: usize>(
        &self,
        names: [&str; N],
        c: &mut Check,
        rep: &mut ValidationReport,
    ) -> Option<[Col<'a>; N]> {
        let mut missing = false;
        let mut out = Vec::with_capacity(N);
        for name in names {
            let file_name = self.file_name(name);
            match self.raw.column_index(&file_name) {
                Some(i) => out.push(Col::new(self.raw, i)),
                None => {
                    missing = true;
                    c.issue(
                        rep,
                        IssueKind::MissingColumn,
                        None,
                        Some(&file_name),
                        None,
                        Expected::Column {
                            name: name.to_string(),
                            mapped: self.map.contains_key(name),
                            found: self.raw.columns.clone(),
                        },
                        true,
                    );
                }
            }
        }
        if missing {
            let n = self.raw.n_rows();
            if n > 0 {
                *c.excluded.entry(IssueKind::MissingColumn).or_insert(0) += n;
            }
            return None;
        }
        out.try_into().ok()
    }

    /// Names of the file's columns that no canonical or mapped name claims.
    pub(super) fn free(&self, canonical: &[&str]) -> Vec<usize> {
        let claimed: HashSet<String> = canonical
            .iter()
            .map(|n| self.file_name(n).to_lowercase())
            .collect();
        (0..self.raw.columns.len())
            .filter(|&i| !claimed.contains(&self.raw.columns[i].to_lowercase()))
            .collect()
    }
}

#[derive(Clone, Copy)]
pub(super) struct ColRef<'a> {
    pub(super) name: &'a str,
    pub(super) cells: &'a TextColumn,
    pub(super) mark: DecimalMark,
}

/// A column of the file, with its decimal mark: a column where any value has a decimal
/// comma is read the Danish way throughout (`1.234` is then 1234).
pub(super) struct Col<'a> {
    pub(super) name: String,
    pub(super) cells: &'a TextColumn,
    pub(super) mark: DecimalMark,
}

impl<'a> Col<'a> {
    pub(super) fn new(raw: &'a RawTable, i: usize) -> Col<'a> {
        let cells = &raw.cells[i];
        Col {
            name: raw.columns[i].clone(),
            cells,
            mark: DecimalMark::detect(cells.iter()),
        }
    }

    pub(super) fn r(&'a self) -> ColRef<'a> {
        ColRef {
            name: &self.name,
            cells: self.cells,
            mark: self.mark,
        }
    }
}

/// A row's problems so far: the row is excluded once, under its first excluding problem.
pub(super) struct RowState {
    pub(super) row: usize,
    pub(super) excluded_by: Option<IssueKind>,
}

impl RowState {
    pub(super) fn new(table: &RawTable, i: usize) -> RowState {
        RowState {
            row: table.file_row(i),
            excluded_by: None,
        }
    }

    #[allow(clippy::too_many_arguments)]
    pub(super) fn flag(
        &mut self,
        c: &mut Check,
        rep: &mut ValidationReport,
        kind: IssueKind,
        column: &str,
        value: &str,
        expected: Expected,
        exclude: bool,
    ) {
        c.issue(
            rep,
            kind,
            Some(self.row),
            Some(column),
            Some(value),
            expected,
            exclude,
        );
        if exclude && self.excluded_by.is_none() {
            self.excluded_by = Some(kind);
        }
    }

    /// Ends the row: counts the exclusion, and says whether the row is kept.
    pub(super) fn finish(self, c: &mut Check) -> bool {
        match self.excluded_by {
            Some(kind) => {
                c.exclude(kind);
                false
            }
            None => true,
        }
    }

    pub(super) fn required_text(
        &mut self,
        col: ColRef<'_>,
        i: usize,
        c: &mut Check,
        rep: &mut ValidationReport,
    ) -> Option<String> {
        let v = &col.cells[i];
        if v.is_empty() {
            self.missing(col, ValueKind::Text, c, rep);
            None
        } else {
            Some(v.to_string())
        }
    }

    /// Flags an empty cell in a required column; the row is excluded.
    pub(super) fn missing(
        &mut self,
        col: ColRef<'_>,
        what: ValueKind,
        c: &mut Check,
        rep: &mut ValidationReport,
    ) {
        let expected = Expected::Required(what);
        self.flag(
            c,
            rep,
            IssueKind::MissingValue,
            col.name,
            "",
            expected,
            true,
        );
    }

    /// A required person id, checked against the persons table when there is one.
    pub(super) fn person(
        &mut self,
        col: ColRef<'_>,
        i: usize,
        known: Option<&HashSet<String>>,
        exclude: bool,
        c: &mut Check,
        rep: &mut ValidationReport,
    ) -> Option<String> {
        let id = self.required_text(col, i, c, rep)?;
        self.check_known(col, &id, known, exclude, c, rep);
        Some(id)
    }

    pub(super) fn check_known(
        &mut self,
        col: ColRef<'_>,
        id: &str,
        known: Option<&HashSet<String>>,
        exclude: bool,
        c: &mut Check,
        rep: &mut ValidationReport,
    ) {
        if known.is_some_and(|k| !k.contains(id)) {
            let expected = Expected::KnownPerson;
            self.flag(
                c,
                rep,
                IssueKind::UnknownPerson,
                col.name,
                id,
                expected,
                exclude,
            );
        }
    }

    /// A cell parsed by `parse`: an empty cell is a problem when `required`; an
    /// unreadable one is flagged and excludes the row when `exclude_unreadable` (else the
    /// value is left empty).
    #[allow(clippy::too_many_arguments)]
    fn parsed<T>(
        &mut self,
        col: ColRef<'_>,
        i: usize,
        required: bool,
        exclude_unreadable: bool,
        (kind, expected): (ValueKind, Expected),
        parse: impl Fn(&str) -> Option<T>,
        c: &mut Check,
        rep: &mut ValidationReport,
    ) -> Option<T> {
        let v = &col.cells[i];
        if v.is_empty() {
            if required {
                self.missing(col, kind, c, rep);
            }
            return None;
        }
        let x = parse(v);
        if x.is_none() {
            self.flag(
                c,
                rep,
                IssueKind::Unparseable,
                col.name,
                v,
                expected,
                exclude_unreadable,
            );
        }
        x
    }

    /// A date (see [`RowState::parsed`]).
    #[allow(clippy::too_many_arguments)]
    pub(super) fn date(
        &mut self,
        col: ColRef<'_>,
        i: usize,
        required: bool,
        exclude_unreadable: bool,
        c: &mut Check,
        rep: &mut ValidationReport,
    ) -> Option<NaiveDate> {
        self.parsed(
            col,
            i,
            required,
            exclude_unreadable,
            (ValueKind::Date, Expected::Date),
            parse_date,
            c,
            rep,
        )
    }

    /// A number read with the column's decimal mark; unreadable excludes the row only
    /// when the column is required.
    pub(super) fn number(
        &mut self,
        col: ColRef<'_>,
        i: usize,
        required: bool,
        c: &mut Check,
        rep: &mut ValidationReport,
    ) -> Option<f64> {
        let parse = |v: &str| parse_number_with(v, col.mark);
        self.parsed(
            col,
            i,
            required,
            required,
            (ValueKind::Number, Expected::Number),
            parse,
            c,
            rep,
        )
    }
}

pub(super) fn cell<'a>(col: &Option<Col<'a>>, i: usize) -> Option<&'a str> {
    col.as_ref().map(|c| &c.cells[i]).filter(|s| !s.is_empty())
}
