//! The progression section: change from baseline per instrument, reliable change, and
//! attrition, for the children and young people who received a measure.

use super::build::Ctx;
use super::charts::{self, ChartText, Series};
use super::format as fmt;
use super::text::Key;
use super::{Block, Section};
use crate::data::Dataset;
use crate::error::Result;
use crate::instruments::{self, ChangeRule, Instrument};
use crate::progress::{
    by_session, observations, summarise, trajectories, ChangeClass, Direction, SessionSummary,
    Trajectory, WindowSummary, Windows,
};
use crate::summary::{suppress, Cell, Column, ColumnKind, Count, Line, Table};
use std::collections::HashMap;

/// The instruments the report follows, with the scale and informant it shows.
const FOLLOWED: [(&str, &str, Option<&str>); 3] = [
    ("sdq", "total_difficulties", Some("parent")),
    ("ors", "total", None),
    ("who5", "percentage", None),
];

/// The section, or `None` when no assessment of a followed instrument has a baseline.
pub(super) fn progression_section(
    ctx: &Ctx,
    data: &Dataset,
    windows: &Windows,
) -> Result<Option<Section>> {
    let mut first_start: HashMap<&str, chrono::NaiveDate> = HashMap::new();
    for e in &data.episodes.rows {
        let d = first_start
            .entry(e.person_id.as_str())
            .or_insert(e.start_date);
        *d = (*d).min(e.start_date);
    }
    let mut starts: Vec<(String, chrono::NaiveDate)> = first_start
        .iter()
        .map(|(p, d)| (p.to_string(), *d))
        .collect();
    starts.sort();
    let months: Vec<String> = windows.months().iter().map(|m| m.to_string()).collect();
    let mut blocks = vec![Block::Paragraph {
        text: ctx.f(Key::PrIntro, &[("windows", ctx.list(&months))]),
    }];
    let mut any = false;
    for (id, scale, informant) in FOLLOWED {
        let Some(instrument) = instruments::builtin(id) else {
            continue;
        };
        let (obs, _) = observations(data, instrument, scale, informant)?;
        if obs.is_empty() {
            continue;
        }
        let rule = instrument.change_rule(scale, informant, None);
        let cutoff = clinical_cutoff(instrument, scale, informant);
        let classify = |a: f64, b: f64| rule.expect("checked").classify(a, b, cutoff);
        if id == "ors" {
            // FIT is measured at every session: follow it session by session.
            let s = by_session(
                &obs,
                rule.map(|_| &classify as &dyn Fn(f64, f64) -> ChangeClass),
            )?;
            if s.n_persons > 0 {
                any = true;
                blocks.extend(session_blocks(ctx, instrument, scale, informant, rule, &s)?);
            }
            continue;
        }
        let t = trajectories(&starts, &obs, windows);
        let summary = summarise(
            &t,
            windows,
            rule.map(|_| &classify as &dyn Fn(f64, f64) -> ChangeClass),
        )?;
        if summary.first().is_none_or(|s| s.n_baseline == 0) {
            continue;
        }
        any = true;
        blocks.extend(instrument_blocks(
            ctx, instrument, scale, informant, rule, &t, &summary, windows,
        )?);
    }
    Ok(any.then(|| Section {
        id: "progress".into(),
        heading: ctx.s(Key::SecProgress),
        blocks,
    }))
}

#[allow(clippy::too_many_arguments)]
fn instrument_blocks(
    ctx: &Ctx,
    instrument: &Instrument,
    scale: &str,
    informant: Option<&str>,
    rule: Option<&ChangeRule>,
    t: &[Trajectory],
    summary: &[WindowSummary],
    windows: &Windows,
) -> Result<Vec<Block>> {
    let name = instrument.id().to_uppercase();
    let scale_name = scale_name(ctx, instrument, scale);
    let dec = |v: f64| fmt::decimal(v, 1, ctx.lang);
    let mut blocks = Vec::new();
    let n_baseline = Count::primary(summary[0].n_baseline, ctx.t);
    // The lead: the first window with a mean change to show.
    let shown = summary
        .iter()
        .find(|s| s.n_followed >= ctx.t && s.change.as_ref().is_some_and(|c| c.ci.is_some()));
    let lead = match shown {
        Some(s) => {
            let c = s.change.as_ref().expect("found");
            let ci = c.ci.expect("found");
            ctx.f(
                Key::PrLead,
                &[
                    ("instrument", name.clone()),
                    ("n", ctx.words(n_baseline)),
                    ("months", s.months.to_string()),
                    ("followed", ctx.words(Count::primary(s.n_followed, ctx.t))),
                    ("scale", scale_name.to_lowercase()),
                    ("change", dec(c.mean_change)),
                    ("lo", dec(ci[0])),
                    ("hi", dec(ci[1])),
                ],
            )
        }
        None => ctx.f(
            Key::PrLeadFew,
            &[("instrument", name.clone()), ("n", ctx.words(n_baseline))],
        ),
    };
    blocks.push(lead_paragraph(ctx, instrument, scale, &scale_name, lead));

    // The table, one row per window.
    let mut columns = vec![
        Column::new("months", ctx.s(Key::PrColMonths), ColumnKind::Text),
        Column::new("baseline", ctx.s(Key::PrColBaseline), ColumnKind::Count),
        Column::new("followed", ctx.s(Key::PrColFollowed), ColumnKind::Count),
        Column::new("lost", ctx.s(Key::PrColLost), ColumnKind::Count),
        Column::new("change", ctx.s(Key::PrColChange), ColumnKind::Text),
        Column::new("ci", ctx.s(Key::PrColCi), ColumnKind::Text),
    ];
    if rule.is_some() {
        columns.extend(class_columns(ctx, false));
    }
    let mut table = Table::new(
        format!("progress-{}", instrument.id()),
        ctx.f(Key::PrTableTitle, &[("instrument", name.clone())]),
        columns,
    );
    for s in summary {
        let big = s.n_followed >= ctx.t;
        let c = s.change.as_ref().filter(|_| big);
        let k = |ks: &[ChangeClass]| {
            ks.iter()
                .map(|k| s.classes.get(k).copied().unwrap_or(0))
                .sum::<usize>()
        };
        // baseline = followed + lost; followed = better + unchanged + worse (with a rule)
        let mut values = vec![s.n_baseline, s.n_followed, s.n_lost];
        let mut lines = vec![Line {
            parts: vec![1, 2],
            total: 0,
        }];
        if rule.is_some() {
            values.extend([
                k(&[ChangeClass::Recovered, ChangeClass::Improved]),
                k(&[ChangeClass::Unchanged]),
                k(&[ChangeClass::Deteriorated]),
            ]);
            lines.push(Line {
                parts: vec![3, 4, 5],
                total: 1,
            });
        }
        let mut counts = suppressed(&values, &lines, ctx.t).into_iter();
        let mut cells = vec![Cell::text(s.months.to_string())];
        cells.extend(counts.by_ref().take(3));
        cells.extend(change_cells(ctx, c));
        cells.extend(counts);
        table.push(false, cells);
    }
    table_notes(ctx, &mut table, rule);

    // The chart: the mean at baseline and each window; individual lines when enough.
    let with_baseline: Vec<&Trajectory> = t.iter().filter(|t| t.baseline.is_some()).collect();
    let mut xs = vec![0.0];
    let mut means = vec![mean(
        with_baseline
            .iter()
            .map(|t| t.baseline.expect("filtered").value),
    )];
    // The bold line is the baseline mean plus each window's mean paired change, so it
    // agrees with the table (the followed are not the same persons at every window).
    for (w, s) in summary.iter().enumerate() {
        if let Some(c) = s.change.as_ref().filter(|_| s.n_followed >= ctx.t) {
            xs.push(f64::from(windows.months()[w]));
            means.push(means[0] + c.mean_change);
        }
    }
    let people: Vec<Vec<(f64, f64)>> = if with_baseline.len() >= ctx.t {
        with_baseline
            .iter()
            .map(|t| {
                std::iter::once((0.0, t.baseline.expect("filtered").value))
                    .chain(
                        t.follow_ups
                            .iter()
                            .zip(windows.months())
                            .filter_map(|(p, m)| p.map(|p| (f64::from(*m), p.value))),
                    )
                    .collect()
            })
            .collect()
    } else {
        Vec::new()
    };
    let (lo, hi) = instrument_range(instrument, scale, &people, &means);
    let text = ChartText {
        title: ctx.f(Key::PrChartTitle, &[("instrument", name.clone())]),
        x_label: ctx.s(Key::PrChartX),
        y_label: ctx.f(Key::PrChartY, &[("scale", scale_name.clone())]),
        description: ctx.f(
            Key::PrChartCaption,
            &[("t", ctx.t.to_string()), ("n", ctx.words(n_baseline))],
        ),
    };
    let mean_series = Series {
        name: ctx.s(Key::PrChartMean),
        values: means.iter().map(|m| Some(*m)).collect(),
    };
    let last = f64::from(*windows.months().last().expect("windows are not empty"));
    let svg = charts::trajectories(
        &format!("chart-progress-{}", instrument.id()),
        &text,
        (0.0, last),
        (lo, hi),
        &people,
        &mean_series,
        &xs,
        &bands(ctx, instrument, scale, informant, hi),
        &ctx.s(Key::PrChartPeople),
        &|v| format!("{v:.0}"),
        &|v| fmt::decimal(v, 0, ctx.lang),
    )?;
    let categories = xs.iter().map(|x| format!("{x:.0}")).collect();
    blocks.push(Block::Chart(super::build::chart(
        &format!("chart-progress-{}", instrument.id()),
        text,
        Some(&table.id),
        categories,
        vec![mean_series],
        svg,
    )));
    blocks.push(Block::Table(table));

    // Attrition: at the first window with a comparison.
    if let Some((s, a)) = summary.iter().find_map(|s| {
        s.attrition
            .as_ref()
            .filter(|_| s.n_lost >= ctx.t && s.n_followed >= ctx.t)
            .map(|a| (s, a))
    }) {
        if let Some(w) = a.welch {
            blocks.push(Block::Paragraph {
                text: ctx.f(
                    Key::PrAttrition,
                    &[
                        ("months", s.months.to_string()),
                        ("diff", dec(-a.difference)),
                        (
                            "p",
                            if w.p_value < 0.001 {
                                format!("< {}", fmt::decimal(0.001, 3, ctx.lang))
                            } else {
                                format!("= {}", fmt::decimal(w.p_value, 3, ctx.lang))
                            },
                        ),
                    ],
                ),
            });
        }
    }
    Ok(blocks)
}

/// The FIT part: session by session, and first to latest session.
fn session_blocks(
    ctx: &Ctx,
    instrument: &Instrument,
    scale: &str,
    informant: Option<&str>,
    rule: Option<&ChangeRule>,
    s: &SessionSummary,
) -> Result<Vec<Block>> {
    let name = instrument.id().to_uppercase();
    let scale_name = scale_name(ctx, instrument, scale);
    let dec = |v: f64| fmt::decimal(v, 1, ctx.lang);
    let mut blocks = Vec::new();
    let change = s
        .first_to_last
        .as_ref()
        .filter(|c| c.n >= ctx.t && c.ci.is_some());
    let lead = match change {
        Some(c) => {
            let ci = c.ci.expect("filtered");
            ctx.f(
                Key::PrSessLead,
                &[
                    ("instrument", name.clone()),
                    ("n", ctx.words(Count::primary(s.n_two_or_more, ctx.t))),
                    ("scale", scale_name.to_lowercase()),
                    ("change", dec(c.mean_change)),
                    ("lo", dec(ci[0])),
                    ("hi", dec(ci[1])),
                ],
            )
        }
        None => ctx.f(Key::PrSessLeadFew, &[("instrument", name.clone())]),
    };
    blocks.push(lead_paragraph(ctx, instrument, scale, &scale_name, lead));

    let shown: Vec<_> = s.sessions.iter().filter(|m| m.n >= ctx.t).collect();
    let xs: Vec<f64> = shown.iter().map(|m| f64::from(m.session)).collect();
    let last = xs.last().copied().unwrap_or(1.0).max(2.0);
    let people: Vec<Vec<(f64, f64)>> = if s.n_persons >= ctx.t {
        s.people
            .iter()
            .map(|p| {
                p.iter()
                    .filter(|(k, _)| f64::from(*k) <= last)
                    .map(|(k, v)| (f64::from(*k), *v))
                    .collect()
            })
            .collect()
    } else {
        Vec::new()
    };
    let means = Series {
        name: ctx.s(Key::PrChartMean),
        values: shown.iter().map(|m| Some(m.mean)).collect(),
    };
    let (lo, hi) = instrument_range(instrument, scale, &people, &[]);
    let text = ChartText {
        title: ctx.f(Key::PrSessChartTitle, &[("instrument", name.clone())]),
        x_label: ctx.s(Key::PrSessChartX),
        y_label: ctx.f(Key::PrChartY, &[("scale", scale_name.clone())]),
        description: ctx.f(
            Key::PrSessCaption,
            &[
                ("t", ctx.t.to_string()),
                ("n", ctx.words(Count::primary(s.n_persons, ctx.t))),
            ],
        ),
    };
    let id = format!("chart-progress-{}", instrument.id());
    let svg = charts::trajectories(
        &id,
        &text,
        (1.0, last),
        (lo, hi),
        &people,
        &means,
        &xs,
        &bands(ctx, instrument, scale, informant, hi),
        &ctx.s(Key::PrChartPeople),
        &|v| format!("{v:.0}"),
        &|v| fmt::decimal(v, 0, ctx.lang),
    )?;

    let mut columns = vec![
        Column::new("persons", ctx.s(Key::PrColPersons), ColumnKind::Count),
        Column::new("two", ctx.s(Key::PrColTwo), ColumnKind::Count),
        Column::new("change", ctx.s(Key::PrColChange), ColumnKind::Text),
        Column::new("ci", ctx.s(Key::PrColCi), ColumnKind::Text),
    ];
    if rule.is_some() {
        columns.extend(class_columns(ctx, true));
    }
    let mut table = Table::new(
        format!("progress-{}", instrument.id()),
        ctx.f(Key::PrSessTableTitle, &[("instrument", name.clone())]),
        columns,
    );
    let k = |ks: &[ChangeClass]| {
        ks.iter()
            .map(|k| s.classes.get(k).copied().unwrap_or(0))
            .sum::<usize>()
    };
    // at least two sessions = better + unchanged + worse (with a rule)
    let mut values = vec![s.n_persons, s.n_two_or_more];
    let mut lines = Vec::new();
    if rule.is_some() {
        values.extend([
            k(&[ChangeClass::Recovered, ChangeClass::Improved]),
            k(&[ChangeClass::Recovered]),
            k(&[ChangeClass::Unchanged]),
            k(&[ChangeClass::Deteriorated]),
        ]);
        lines.push(Line {
            parts: vec![2, 4, 5],
            total: 1,
        });
    }
    let mut counts = suppressed(&values, &lines, ctx.t).into_iter();
    let mut cells: Vec<Cell> = counts.by_ref().take(2).collect();
    cells.extend(change_cells(ctx, change));
    cells.extend(counts);
    table.push(false, cells);
    table_notes(ctx, &mut table, rule);
    let categories = xs.iter().map(|x| format!("{x:.0}")).collect();
    blocks.push(Block::Chart(super::build::chart(
        &id,
        text,
        Some(&table.id),
        categories,
        vec![means],
        svg,
    )));
    blocks.push(Block::Table(table));
    Ok(blocks)
}

/// The clinical cut-off of a scale whose norms have two bands (clinical and not, as
/// ORS's): where the second band starts. `None` for other scales.
fn clinical_cutoff(instrument: &Instrument, scale: &str, informant: Option<&str>) -> Option<f64> {
    let s = instrument.scale_index(scale)?;
    let bands = instrument
        .norms()
        .iter()
        .filter(|n| informant.is_none() || n.informant().is_none() || n.informant() == informant)
        .find_map(|n| n.bands_of(s))?;
    match bands {
        [_, second] => Some(second.min),
        _ => None,
    }
}

/// The instrument's bands for the scale (the first norm table for the informant that has
/// them), as shaded ranges: a band from its minimum up to the next band's start.
fn bands(
    ctx: &Ctx,
    instrument: &Instrument,
    scale: &str,
    informant: Option<&str>,
    top: f64,
) -> Vec<charts::Band> {
    let Some(s) = instrument.scale_index(scale) else {
        return Vec::new();
    };
    let table = instrument
        .norms()
        .iter()
        .filter(|n| informant.is_none() || n.informant().is_none() || n.informant() == informant)
        .find_map(|n| n.bands_of(s));
    table
        .unwrap_or(&[])
        .iter()
        .map(|b| charts::Band {
            name: upper_first(&instrument.band_label(&b.label, ctx.lang)),
            from: b.min,
            to: b.below.or(b.max.map(|m| m + 1.0)).unwrap_or(top).min(top),
        })
        .collect()
}

fn upper_first(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map_or(String::new(), |f| f.to_uppercase().chain(c).collect())
}

/// The scale's name in the report's language.
pub(super) fn scale_name(ctx: &Ctx, instrument: &Instrument, scale: &str) -> String {
    let def = instrument
        .scales()
        .iter()
        .find(|s| s.id() == scale)
        .expect("a scored scale");
    match ctx.lang {
        crate::Lang::Da => def.name_da().to_string(),
        crate::Lang::En => def.name().to_string(),
    }
}

/// The lead sentence and which way is better on the scale.
pub(super) fn lead_paragraph(
    ctx: &Ctx,
    instrument: &Instrument,
    scale: &str,
    scale_name: &str,
    lead: String,
) -> Block {
    let def = instrument
        .scales()
        .iter()
        .find(|s| s.id() == scale)
        .expect("a scored scale");
    let direction = match def.direction() {
        Direction::LowerIsBetter => Key::PrBetterIs,
        Direction::HigherIsBetter => Key::PrBetterIsHigher,
    };
    Block::Paragraph {
        text: format!(
            "{lead} {}",
            ctx.f(direction, &[("scale", scale_name.to_lowercase())])
        ),
    }
}

/// The mean change and its interval, or dashes where they are not shown.
fn change_cells(ctx: &Ctx, change: Option<&crate::effects::PrePostFit>) -> [Cell; 2] {
    let dec = |v: f64| fmt::decimal(v, 1, ctx.lang);
    [
        Cell::text(change.map_or("–".into(), |c| dec(c.mean_change))),
        Cell::text(change.and_then(|c| c.ci).map_or("–".into(), |ci| {
            format!("{} ; {}", dec(ci[0]), dec(ci[1]))
        })),
    ]
}

/// The notes under a progression table: the change rule, suppression, hidden means.
fn table_notes(ctx: &Ctx, table: &mut Table, rule: Option<&ChangeRule>) {
    if let Some(r) = rule {
        table.notes.push(ctx.f(
            Key::PrNoteRule,
            &[
                ("rule", r.id().to_string()),
                ("threshold", fmt::decimal(r.threshold(), 1, ctx.lang)),
            ],
        ));
    }
    ctx.suppression_notes(table);
    table.notes.push(ctx.f(Key::PrNoteSmall, &ctx.t_args()));
}

/// The reliable-change columns: better (and, with a clinical cut-off, of which
/// recovered), unchanged, worse.
fn class_columns(ctx: &Ctx, recovered: bool) -> Vec<Column> {
    let mut keys = vec![("better", Key::PrColBetter)];
    if recovered {
        keys.push(("recovered", Key::PrColRecovered));
    }
    keys.extend([("same", Key::PrColSame), ("worse", Key::PrColWorse)]);
    keys.into_iter()
        .map(|(id, k)| Column::new(id, ctx.s(k), ColumnKind::Count))
        .collect()
}

/// Count cells with the primary and secondary rule over the table's additive lines, so
/// that no small count can be worked out from the others.
fn suppressed(values: &[usize], lines: &[Line], t: usize) -> Vec<Cell> {
    suppress(values, lines, t)
        .into_iter()
        .zip(values)
        .map(|(s, v)| Cell::Count(Count::new(*v, s)))
        .collect()
}

fn mean(values: impl Iterator<Item = f64>) -> f64 {
    let (mut s, mut n) = (0.0, 0usize);
    for v in values {
        s += v;
        n += 1;
    }
    if n == 0 {
        f64::NAN
    } else {
        s / n as f64
    }
}

/// The y range: the scale's possible range when the instrument says it, else the data's.
fn instrument_range(
    instrument: &Instrument,
    scale: &str,
    people: &[Vec<(f64, f64)>],
    means: &[f64],
) -> (f64, f64) {
    let known = match (instrument.id(), scale) {
        ("sdq", "total_difficulties") => Some((0.0, 40.0)),
        ("ors", "total") => Some((0.0, 40.0)),
        ("who5", "percentage") => Some((0.0, 100.0)),
        _ => None,
    };
    known.unwrap_or_else(|| {
        let vals = people
            .iter()
            .flatten()
            .map(|p| p.1)
            .chain(means.iter().copied())
            .filter(|v| v.is_finite());
        let (lo, hi) = vals.fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), v| {
            (a.min(v), b.max(v))
        });
        if lo < hi {
            (lo, hi)
        } else {
            (0.0, 1.0)
        }
    })
}
