//! The episodes table: measures on the staircase, and overlapping placements.

use super::super::issues::{IssueKind, ValidationReport};
use super::super::tables::*;
use super::super::Expected;
use super::codes::{parse_end_reason, parse_provider};
use super::row::{cell, Check, Col, Columns, RowState};
use super::RawSource;
use crate::staircase::Staircase;
use chrono::NaiveDate;
use std::collections::{HashMap, HashSet};

pub(super) fn parse_episodes(
    src: &RawSource,
    stairs: &Staircase,
    known: Option<&HashSet<String>>,
    c: &mut Check,
    rep: &mut ValidationReport,
) -> Episodes {
    let cols = Columns {
        raw: &src.table,
        map: &src.columns,
    };
    let Some([id, measure, start]) = cols.required(["person_id", "measure", "start_date"], c, rep)
    else {
        return Episodes::default();
    };
    let level = cols.optional("level", c, rep);
    let end = cols.optional("end_date", c, rep);
    let reason = cols.optional("end_reason", c, rep);
    let daily = cols.optional("daily_cost", c, rep);
    let monthly = cols.optional("monthly_cost", c, rep);
    let basis = cols.optional("legal_basis", c, rep);
    let provider = cols.optional("provider", c, rep);
    let mut seen: HashMap<(String, String, NaiveDate, Option<NaiveDate>), usize> = HashMap::new();
    let mut rows = Vec::with_capacity(src.table.n_rows());
    for i in 0..src.table.n_rows() {
        let mut st = RowState::new(&src.table, i);
        let pid = st.person(id.r(), i, known, true, c, rep);
        let m = st.required_text(measure.r(), i, c, rep);
        let s = st.date(start.r(), i, true, true, c, rep);
        let e = end
            .as_ref()
            .and_then(|col| st.date(col.r(), i, false, true, c, rep));
        if let (Some(s), Some(e), Some(col)) = (s, e, &end) {
            if e < s {
                st.flag(
                    c,
                    rep,
                    IssueKind::EndBeforeStart,
                    &col.name,
                    &col.cells[i],
                    Expected::EndAfterStart { start: s },
                    true,
                );
            }
        }
        // The level: the staircase's level for the measure; a given level is checked
        // against it, and used only when the measure is unknown.
        let given = cell(&level, i);
        let mut lvl: Option<String> = None;
        if let Some(m) = &m {
            let known_measure = stairs.measure(m);
            let given_level = given.and_then(|g| stairs.level(g));
            if let (Some(g), None) = (given, given_level) {
                let col = &level.as_ref().expect("a cell came from it").name;
                let names: Vec<&str> = stairs.levels().iter().map(|l| l.id.as_str()).collect();
                st.flag(
                    c,
                    rep,
                    IssueKind::UnknownLevel,
                    col,
                    g,
                    Expected::Level {
                        levels: names.iter().map(|s| s.to_string()).collect(),
                    },
                    known_measure.is_none(),
                );
            }
            match (known_measure, given_level) {
                (Some(km), gl) => {
                    if let Some(gl) = gl.filter(|gl| !gl.id.eq_ignore_ascii_case(&km.level)) {
                        let col = &level.as_ref().expect("a level was given").name;
                        st.flag(
                            c,
                            rep,
                            IssueKind::UnknownLevel,
                            col,
                            &gl.id,
                            Expected::LevelOfMeasure {
                                level: km.level.clone(),
                                measure: km.id.clone(),
                            },
                            false,
                        );
                    }
                    lvl = stairs.level(&km.level).map(|l| l.id.clone());
                }
                (None, Some(gl)) => {
                    st.flag(
                        c,
                        rep,
                        IssueKind::UnknownMeasure,
                        &measure.name,
                        m,
                        Expected::MeasureKeptOnLevel {
                            level: gl.id.clone(),
                        },
                        false,
                    );
                    lvl = Some(gl.id.clone());
                }
                (None, None) => {
                    if given.is_none() {
                        st.flag(
                            c,
                            rep,
                            IssueKind::UnknownMeasure,
                            &measure.name,
                            m,
                            Expected::Measure,
                            true,
                        );
                    }
                }
            }
        }
        let mut cost = |col: &Option<Col<'_>>, st: &mut RowState| {
            col.as_ref().and_then(|col| {
                st.number(col.r(), i, false, c, rep).and_then(|x| {
                    if x < 0.0 {
                        st.flag(
                            c,
                            rep,
                            IssueKind::NegativeCost,
                            &col.name,
                            &col.cells[i],
                            Expected::NonNegativeCost,
                            false,
                        );
                        None
                    } else {
                        Some(x)
                    }
                })
            })
        };
        let daily_cost = cost(&daily, &mut st);
        let monthly_cost = cost(&monthly, &mut st);
        let end_reason = cell(&reason, i).and_then(|v| {
            let r = parse_end_reason(v);
            if r.is_none() {
                let name = &reason.as_ref().expect("a cell came from it").name;
                st.flag(
                    c,
                    rep,
                    IssueKind::UnknownCode,
                    name,
                    v,
                    Expected::EndReasonCode,
                    false,
                );
            }
            r
        });
        let prov = cell(&provider, i).and_then(|v| {
            let p = parse_provider(v);
            if p.is_none() {
                let name = &provider.as_ref().expect("a cell came from it").name;
                st.flag(
                    c,
                    rep,
                    IssueKind::UnknownCode,
                    name,
                    v,
                    Expected::ProviderCode,
                    false,
                );
            }
            p
        });
        if let (Some(p), Some(m), Some(s)) = (&pid, &m, s) {
            if st.excluded_by.is_none() {
                let key = (p.clone(), m.to_lowercase(), s, e);
                if let Some(first) = seen.get(&key) {
                    st.flag(
                        c,
                        rep,
                        IssueKind::DuplicateId,
                        &measure.name,
                        m,
                        Expected::UniqueEpisode { first_row: *first },
                        true,
                    );
                }
            }
        }
        let row = st.row;
        if st.finish(c) {
            let (pid, m, s) = (pid.expect("kept"), m.expect("kept"), s.expect("kept"));
            seen.insert((pid.clone(), m.to_lowercase(), s, e), row);
            let measure_id = stairs.measure(&m).map(|km| km.id.clone()).unwrap_or(m);
            rows.push(Episode {
                person_id: pid,
                measure: measure_id,
                level: lvl.expect("kept rows have a level"),
                legal_basis: cell(&basis, i).map(str::to_string),
                provider: prov,
                start_date: s,
                end_date: e,
                end_reason,
                daily_cost,
                monthly_cost,
                row,
            });
        }
    }
    Episodes { rows }
}

/// Flags placement episodes of one person that overlap in time (kept, not excluded).
pub(super) fn check_overlaps(
    episodes: &Episodes,
    stairs: &Staircase,
    c: &mut Check,
    rep: &mut ValidationReport,
) {
    let mut placements: Vec<&Episode> = episodes
        .rows
        .iter()
        .filter(|e| stairs.level(&e.level).is_some_and(|l| l.placement))
        .collect();
    placements.sort_by(|a, b| {
        (&a.person_id, a.start_date, a.row).cmp(&(&b.person_id, b.start_date, b.row))
    });
    let mut open: Option<&Episode> = None; // the placement reaching furthest so far, this person
    for e in placements {
        if let Some(o) = open.filter(|o| o.person_id == e.person_id) {
            if o.end_date.is_none_or(|end| end >= e.start_date) {
                c.issue(
                    rep,
                    IssueKind::OverlappingEpisodes,
                    Some(e.row),
                    Some("start_date"),
                    Some(&e.start_date.to_string()),
                    Expected::OnePlacement {
                        row: o.row,
                        measure: o.measure.clone(),
                        start: o.start_date,
                        end: o.end_date,
                    },
                    false,
                );
            }
            let o_end = o.end_date.unwrap_or(NaiveDate::MAX);
            let e_end = e.end_date.unwrap_or(NaiveDate::MAX);
            if e_end > o_end {
                open = Some(e);
            }
        } else {
            open = Some(e);
        }
    }
}
