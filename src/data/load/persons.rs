//! The persons table.

use super::super::issues::{IssueKind, LoadNote, ValidationReport};
use super::super::read::{parse_date, parse_number_with, DecimalMark};
use super::super::tables::*;
use super::super::Expected;
use super::codes::parse_sex;
use super::row::{cell, Check, Columns, RowState};
use super::RawSource;
use std::collections::HashMap;

pub(super) const PERSON_COLS: [&str; 5] =
    ["person_id", "birth_date", "birth_year", "sex", "district"];

pub(super) fn parse_persons(src: &RawSource, c: &mut Check, rep: &mut ValidationReport) -> Persons {
    let cols = Columns {
        raw: &src.table,
        map: &src.columns,
    };
    let Some([id]) = cols.required(["person_id"], c, rep) else {
        return Persons::default();
    };
    let birth_date = cols.optional("birth_date", c, rep);
    let birth_year = cols.optional("birth_year", c, rep);
    let sex = cols.optional("sex", c, rep);
    let district = cols.optional("district", c, rep);
    // Free covariates: numeric where every non-empty value is a number.
    let mut covariate_names = Vec::new();
    let mut covariate_cols = Vec::new();
    let mut date_names = Vec::new();
    let mut date_cols = Vec::new();
    for ci in cols.free(&PERSON_COLS) {
        let cells = &src.table.cells[ci];
        let name = &src.table.columns[ci];
        let mark = DecimalMark::detect(cells.iter());
        if cells
            .iter()
            .all(|v| v.is_empty() || parse_number_with(v, mark).is_some())
        {
            covariate_names.push(name.clone());
            covariate_cols.push((cells, mark));
        } else {
            let (file, column) = (src.table.source.clone(), name.clone());
            let dates = cells
                .iter()
                .all(|v| v.is_empty() || parse_date(v).is_some());
            if dates {
                date_names.push(name.clone());
                date_cols.push(cells);
            }
            rep.notes.push(if dates {
                LoadNote::DateColumn { file, column }
            } else {
                LoadNote::TextColumn { file, column }
            });
        }
    }
    let mut seen: HashMap<String, usize> = HashMap::new();
    let mut rows = Vec::with_capacity(src.table.n_rows());
    for i in 0..src.table.n_rows() {
        let mut st = RowState::new(&src.table, i);
        let pid = st.required_text(id.r(), i, c, rep);
        if let Some(p) = &pid {
            if let Some(first) = seen.get(p) {
                st.flag(
                    c,
                    rep,
                    IssueKind::DuplicateId,
                    &id.name,
                    p,
                    Expected::UniqueId { first_row: *first },
                    true,
                );
            }
        }
        let bd = birth_date
            .as_ref()
            .and_then(|col| st.date(col.r(), i, false, false, c, rep));
        let by = match (&birth_year, bd) {
            (_, Some(d)) => Some(chrono::Datelike::year(&d)),
            (Some(col), None) => st.number(col.r(), i, false, c, rep).and_then(|y| {
                if y.fract() == 0.0 && (1900.0..=2100.0).contains(&y) {
                    Some(y as i32)
                } else {
                    st.flag(
                        c,
                        rep,
                        IssueKind::Unparseable,
                        &col.name,
                        &col.cells[i],
                        Expected::Year,
                        false,
                    );
                    None
                }
            }),
            _ => None,
        };
        let sx = cell(&sex, i).and_then(|v| {
            let s = parse_sex(v);
            if s.is_none() {
                let name = &sex.as_ref().expect("a cell came from it").name;
                st.flag(
                    c,
                    rep,
                    IssueKind::UnknownCode,
                    name,
                    v,
                    Expected::SexCode,
                    false,
                );
            }
            s
        });
        let covariates: Vec<Option<f64>> = covariate_cols
            .iter()
            .map(|(cells, mark)| parse_number_with(&cells[i], *mark))
            .collect();
        let dates: Vec<Option<chrono::NaiveDate>> = date_cols
            .iter()
            .map(|cells| parse_date(&cells[i]))
            .collect();
        let row = st.row;
        if st.finish(c) {
            let pid = pid.expect("kept rows have an id");
            seen.insert(pid.clone(), row);
            rows.push(Person {
                person_id: pid,
                birth_date: bd,
                birth_year: by,
                sex: sx,
                district: cell(&district, i).map(str::to_string),
                covariates,
                dates,
                row,
            });
        }
    }
    Persons {
        covariate_names,
        date_names,
        rows,
    }
}
