//! The monthly ledger and the outcomes table.

use super::super::issues::{IssueKind, ValidationReport};
use super::super::read::parse_month;
use super::super::tables::*;
use super::super::{Expected, ValueKind};
use super::codes::parse_outcome_value;
use super::row::{cell, Check, Columns, RowState};
use super::RawSource;
use std::collections::HashSet;

pub(super) fn parse_costs(
    src: &RawSource,
    known: Option<&HashSet<String>>,
    c: &mut Check,
    rep: &mut ValidationReport,
) -> Costs {
    let cols = Columns {
        raw: &src.table,
        map: &src.columns,
    };
    let Some([month, measure, amount]) = cols.required(["month", "measure", "amount"], c, rep)
    else {
        return Costs::default();
    };
    let person = cols.optional("person_id", c, rep);
    let mut rows = Vec::with_capacity(src.table.n_rows());
    for i in 0..src.table.n_rows() {
        let mut st = RowState::new(&src.table, i);
        let mv = &month.cells[i];
        let m = if mv.is_empty() {
            st.missing(month.r(), ValueKind::Month, c, rep);
            None
        } else {
            let m = parse_month(mv).map(|(year, month)| YearMonth { year, month });
            if m.is_none() {
                st.flag(
                    c,
                    rep,
                    IssueKind::Unparseable,
                    &month.name,
                    mv,
                    Expected::Month,
                    true,
                );
            }
            m
        };
        let me = st.required_text(measure.r(), i, c, rep);
        let pid = cell(&person, i).map(str::to_string);
        if let (Some(id), Some(col)) = (&pid, &person) {
            st.check_known(col.r(), id, known, false, c, rep);
        }
        let a = st.number(amount.r(), i, true, c, rep);
        if a.is_some_and(|a| a < 0.0) {
            st.flag(
                c,
                rep,
                IssueKind::NegativeCost,
                &amount.name,
                &amount.cells[i],
                Expected::NonNegativeAmount,
                false,
            );
        }
        let row = st.row;
        if st.finish(c) {
            rows.push(CostEntry {
                month: m.expect("kept"),
                measure: me.expect("kept"),
                person_id: pid,
                amount: a.expect("kept"),
                row,
            });
        }
    }
    Costs { rows }
}

pub(super) fn parse_outcomes(
    src: &RawSource,
    known: Option<&HashSet<String>>,
    c: &mut Check,
    rep: &mut ValidationReport,
) -> Outcomes {
    let cols = Columns {
        raw: &src.table,
        map: &src.columns,
    };
    let Some([id, date, outcome, value]) =
        cols.required(["person_id", "date", "outcome", "value"], c, rep)
    else {
        return Outcomes::default();
    };
    let mut rows = Vec::with_capacity(src.table.n_rows());
    for i in 0..src.table.n_rows() {
        let mut st = RowState::new(&src.table, i);
        let pid = st.person(id.r(), i, known, true, c, rep);
        let d = st.date(date.r(), i, true, true, c, rep);
        let o = st.required_text(outcome.r(), i, c, rep);
        let vv = &value.cells[i];
        let v = if vv.is_empty() {
            st.missing(value.r(), ValueKind::Text, c, rep);
            None
        } else {
            let v = parse_outcome_value(vv);
            if v.is_none() {
                st.flag(
                    c,
                    rep,
                    IssueKind::Unparseable,
                    &value.name,
                    vv,
                    Expected::OutcomeValue,
                    true,
                );
            }
            v
        };
        let row = st.row;
        if st.finish(c) {
            rows.push(Outcome {
                person_id: pid.expect("kept"),
                date: d.expect("kept"),
                outcome: o.expect("kept"),
                value: v.expect("kept"),
                row,
            });
        }
    }
    Outcomes { rows }
}
