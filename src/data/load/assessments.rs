//! The assessments table, wide or long (item/value rows pivoted to wide).

use super::super::issues::{IssueKind, ValidationReport};
use super::super::read::{parse_number_with, DecimalMark};
use super::super::tables::*;
use super::super::Expected;
use super::codes::normalise_informant;
use super::row::{cell, Check, Col, ColRef, Columns, RowState};
use super::RawSource;
use crate::instruments::builtin_item_range;
use chrono::NaiveDate;
use std::collections::{HashMap, HashSet};

pub(super) const ASSESSMENT_COLS: [&str; 7] = [
    "person_id",
    "date",
    "instrument",
    "informant",
    "session",
    "item",
    "value",
];

pub(super) fn parse_assessments(
    src: &RawSource,
    known: Option<&HashSet<String>>,
    c: &mut Check,
    rep: &mut ValidationReport,
) -> Assessments {
    let cols = Columns {
        raw: &src.table,
        map: &src.columns,
    };
    let Some([id, date, instrument]) = cols.required(["person_id", "date", "instrument"], c, rep)
    else {
        return Assessments::default();
    };
    let informant = cols.optional("informant", c, rep);
    let session = cols.optional("session", c, rep);
    let has_long = cols.raw.column_index(&cols.file_name("item")).is_some()
        && cols.raw.column_index(&cols.file_name("value")).is_some();
    let n = src.table.n_rows();

    let head = Head {
        known,
        id: id.r(),
        date: date.r(),
        instrument: instrument.r(),
        informant: &informant,
        session: &session,
    };

    if has_long {
        let [item, value] = cols
            .required(
                ["item", "value"],
                &mut Check::new(TableKind::Assessments, &src.table),
                rep,
            )
            .expect("both columns were found above");
        let mut item_names: Vec<String> = Vec::new();
        let mut item_pos: HashMap<String, usize> = HashMap::new();
        let mut groups: Vec<LongGroup> = Vec::new();
        let mut group_of: HashMap<HeadKey, usize> = HashMap::new();
        for i in 0..n {
            let mut st = RowState::new(&src.table, i);
            let (pid, d, ins, inf, ses) = head.read(i, &mut st, c, rep);
            let it = st
                .required_text(item.r(), i, c, rep)
                .map(|s| s.to_lowercase());
            let v = st.number(value.r(), i, false, c, rep);
            if let (Some(ins), Some(it), Some(v)) = (&ins, &it, v) {
                if let Some(r) = builtin_item_range(ins, it).filter(|r| !r.contains(v)) {
                    let expected = r.expected(it);
                    st.flag(
                        c,
                        rep,
                        IssueKind::ItemOutOfRange,
                        &value.name,
                        &value.cells[i],
                        expected,
                        true,
                    );
                }
            }
            let (Some(pid), Some(d), Some(ins), Some(it)) = (pid, d, ins, it) else {
                st.finish(c);
                continue;
            };
            let row = st.row;
            let key: HeadKey = (pid, d, ins, inf, ses);
            let g = *group_of.entry(key.clone()).or_insert_with(|| {
                groups.push(LongGroup {
                    key,
                    first_row: row,
                    answers: Vec::new(),
                    rows_kept: 0,
                    failed: None,
                });
                groups.len() - 1
            });
            let pos = *item_pos.entry(it.clone()).or_insert_with(|| {
                item_names.push(it.clone());
                item_names.len() - 1
            });
            if groups[g].answers.iter().any(|&(p, _)| p == pos) {
                let expected = Expected::OneAnswerPerItem;
                st.flag(
                    c,
                    rep,
                    IssueKind::DuplicateId,
                    &item.name,
                    &it,
                    expected,
                    true,
                );
            }
            let group = &mut groups[g];
            match st.excluded_by {
                Some(kind) => {
                    group.failed.get_or_insert(kind);
                }
                None => {
                    group.rows_kept += 1;
                    if let Some(v) = v {
                        group.answers.push((pos, v));
                    }
                }
            }
            st.finish(c);
        }
        // A questionnaire with an excluded answer is excluded whole: its other rows are
        // counted under the reason its first excluded row had.
        let mut rows = Vec::with_capacity(groups.len());
        for g in groups {
            if let Some(kind) = g.failed {
                if g.rows_kept > 0 {
                    *c.excluded.entry(kind).or_insert(0) += g.rows_kept;
                }
                continue;
            }
            let mut items = vec![None; item_names.len()];
            for (p, v) in g.answers {
                items[p] = Some(v);
            }
            let (person_id, date, instrument, informant, session) = g.key;
            rows.push(Assessment {
                person_id,
                date,
                instrument,
                informant,
                session,
                items,
                row: g.first_row,
            });
        }
        return Assessments { item_names, rows };
    }

    let item_cols: Vec<usize> = cols.free(&ASSESSMENT_COLS);
    let item_names: Vec<String> = item_cols
        .iter()
        .map(|&ci| src.table.columns[ci].to_lowercase())
        .collect();
    let item_marks: Vec<DecimalMark> = item_cols
        .iter()
        .map(|&ci| DecimalMark::detect(src.table.cells[ci].iter()))
        .collect();
    let mut rows = Vec::with_capacity(n);
    for i in 0..n {
        let mut st = RowState::new(&src.table, i);
        let (pid, d, ins, inf, ses) = head.read(i, &mut st, c, rep);
        let mut items = Vec::with_capacity(item_cols.len());
        for (k, &ci) in item_cols.iter().enumerate() {
            let v = &src.table.cells[ci][i];
            let name = &src.table.columns[ci];
            if v.is_empty() {
                items.push(None);
                continue;
            }
            match parse_number_with(v, item_marks[k]) {
                None => {
                    st.flag(
                        c,
                        rep,
                        IssueKind::Unparseable,
                        name,
                        v,
                        Expected::ItemNumber,
                        true,
                    );
                    items.push(None);
                }
                Some(x) => {
                    if let Some(r) = ins
                        .as_deref()
                        .and_then(|ins| builtin_item_range(ins, &item_names[k]))
                    {
                        if !r.contains(x) {
                            st.flag(
                                c,
                                rep,
                                IssueKind::ItemOutOfRange,
                                name,
                                v,
                                r.expected(&item_names[k]),
                                true,
                            );
                        }
                    }
                    items.push(Some(x));
                }
            }
        }
        let row = st.row;
        if st.finish(c) {
            rows.push(Assessment {
                person_id: pid.expect("kept"),
                date: d.expect("kept"),
                instrument: ins.expect("kept"),
                informant: inf,
                session: ses,
                items,
                row,
            });
        }
    }
    Assessments { item_names, rows }
}

pub(super) type HeadKey = (String, NaiveDate, String, Option<String>, Option<u32>);

/// One questionnaire in long input: its answers, and whether a row of it was excluded.
pub(super) struct LongGroup {
    key: HeadKey,
    first_row: usize,
    answers: Vec<(usize, f64)>,
    rows_kept: usize,
    failed: Option<IssueKind>,
}

/// The columns that identify one questionnaire.
pub(super) struct Head<'a> {
    known: Option<&'a HashSet<String>>,
    id: ColRef<'a>,
    date: ColRef<'a>,
    instrument: ColRef<'a>,
    informant: &'a Option<Col<'a>>,
    session: &'a Option<Col<'a>>,
}

impl Head<'_> {
    #[allow(clippy::type_complexity)]
    pub(super) fn read(
        &self,
        i: usize,
        st: &mut RowState,
        c: &mut Check,
        rep: &mut ValidationReport,
    ) -> (
        Option<String>,
        Option<NaiveDate>,
        Option<String>,
        Option<String>,
        Option<u32>,
    ) {
        let pid = st.person(self.id, i, self.known, true, c, rep);
        let d = st.date(self.date, i, true, true, c, rep);
        let ins = st
            .required_text(self.instrument, i, c, rep)
            .map(|s| s.to_lowercase());
        let inf = cell(self.informant, i).map(normalise_informant);
        let ses = self.session.as_ref().and_then(|col| {
            st.number(col.r(), i, false, c, rep).and_then(|x| {
                if x.fract() == 0.0 && (0.0..=10_000.0).contains(&x) {
                    Some(x as u32)
                } else {
                    let expected = Expected::Session;
                    st.flag(
                        c,
                        rep,
                        IssueKind::Unparseable,
                        &col.name,
                        &col.cells[i],
                        expected,
                        false,
                    );
                    None
                }
            })
        });
        (pid, d, ins, inf, ses)
    }
}
