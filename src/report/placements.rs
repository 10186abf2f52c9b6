//! The placements section: how long placements last, how they end, how many move down the
//! staircase, and the placement mix against its target.

use super::build::Ctx;
use super::charts::{self, ChartText, Series};
use super::format as fmt;
use super::text::{self, Key};
use super::{Block, Section};
use crate::data::{Dataset, EndReason};
use crate::error::Result;
use crate::plan::{EffectSection, InterventionSection};
use crate::staircase::{
    transitions, Move, PlacementMixParams, SpellKind, SpellParams, StepDownParams,
};
use crate::summary::{suppress_keeping, Cell, Column, ColumnKind, Count, Line, Share, Table};
use crate::survival::{
    at_risk, AtRiskSpec, CifFit, Cox, CoxData, CumulativeIncidence, KaplanMeier,
};

/// The months at which the exits are shown.
const MONTHS: [u32; 3] = [6, 12, 24];
/// The months of the stacked chart.
const CHART_MONTHS: [u32; 6] = [6, 12, 18, 24, 30, 36];
/// The target share of residential placements (75 % family-based, as the national aim).
const TARGET_RESIDENTIAL: f64 = 0.25;

fn days(months: u32) -> f64 {
    f64::from(months) * 365.25 / 12.0
}

/// The exits in the order they are shown.
const EXITS: [EndReason; 7] = [
    EndReason::Home,
    EndReason::StepDown,
    EndReason::StepUp,
    EndReason::Breakdown,
    EndReason::AgedOut,
    EndReason::Moved,
    EndReason::Other,
];

fn label(r: EndReason) -> String {
    format!("{r:?}")
}

/// A CIF cell: the share with its interval, or hidden when fewer than `t` such exits had
/// happened by then (the share would give away a small count).
fn cif_cell(ctx: &Ctx, fit: &CifFit, k: usize, at: f64) -> Cell {
    let events: usize = fit
        .table
        .iter()
        .take_while(|r| r.time <= at)
        .map(|r| r.n_event[k])
        .sum();
    let Some(row) = fit.at(at) else {
        return Cell::text(fmt::percent(0.0, ctx.lang));
    };
    if events > 0 && events < ctx.t {
        return Cell::Share(Share::Suppressed);
    }
    let ci = row.ci[k].map_or(String::new(), |c| {
        format!(
            " ({}–{})",
            fmt::decimal(c[0] * 100.0, 0, ctx.lang),
            fmt::decimal(c[1] * 100.0, 0, ctx.lang)
        )
    });
    Cell::text(format!("{}{ci}", fmt::percent(row.cif[k], ctx.lang)))
}

/// Placement length by first placement type: Kaplan–Meier medians, curves and numbers at
/// risk.
fn length_blocks(ctx: &Ctx, placed: &[&crate::staircase::Spell]) -> Result<Vec<Block>> {
    let time: Vec<f64> = placed.iter().map(|s| f64::from(s.duration_days)).collect();
    let ended: Vec<bool> = placed.iter().map(|s| !s.censored).collect();
    let group: Vec<String> = placed
        .iter()
        .map(|s| s.levels.first().cloned().unwrap_or_default())
        .collect();
    let km = KaplanMeier::default().fit_groups(&time, &ended, &group)?;
    let months = |d: f64| fmt::decimal(d / (365.25 / 12.0), 1, ctx.lang);
    let mut table = Table::new(
        "placement-length",
        ctx.s(Key::PlLengthTitle),
        vec![
            Column::new("type", ctx.s(Key::PlColType), ColumnKind::Text),
            Column::new("placements", ctx.s(Key::PlColPlacements), ColumnKind::Count),
            Column::new("ended", ctx.s(Key::PlColEnded), ColumnKind::Count),
            Column::new("median", ctx.s(Key::PlColMedian), ColumnKind::Text),
            Column::new("ci", ctx.s(Key::PlColMedianCi), ColumnKind::Text),
        ],
    );
    let grid: Vec<u32> = (0..=36).step_by(3).collect();
    let mut series = Vec::new();
    let mut at_risk = Table::new(
        "placement-at-risk",
        ctx.s(Key::PlAtRiskTitle),
        std::iter::once(Column::new("type", ctx.s(Key::PlColType), ColumnKind::Text))
            .chain([0u32, 12, 24, 36].iter().map(|m| {
                Column::new(
                    format!("m{m}"),
                    ctx.f(Key::PlColMonths, &[("months", m.to_string())]),
                    ColumnKind::Count,
                )
            }))
            .collect(),
    );
    for c in &km.groups {
        if c.fit.n < ctx.t {
            continue;
        }
        let name = ctx.staircase.level_name(&c.group, ctx.lang);
        let dash = || "–".to_string();
        table.push(
            false,
            vec![
                Cell::text(name.clone()),
                Cell::Count(Count::primary(c.fit.n, ctx.t)),
                Cell::Count(Count::primary(c.fit.events, ctx.t)),
                Cell::text(c.fit.median.map_or_else(dash, months)),
                Cell::text(format!(
                    "{} {} {}",
                    c.fit.median_ci[0].map_or_else(dash, months),
                    ctx.s(Key::RangeTo),
                    c.fit.median_ci[1].map_or_else(dash, months)
                )),
            ],
        );
        // Curves only for groups large enough that a step is not one child's story.
        if c.fit.n < 4 * ctx.t {
            continue;
        }
        // S(t) on the grid, and the numbers still followed.
        let surv_at = |d: f64| {
            let i = c.fit.table.partition_point(|r| r.time <= d);
            if i == 0 {
                1.0
            } else {
                c.fit.table[i - 1].survival
            }
        };
        let last = c.fit.table.last().map_or(0.0, |r| r.time);
        series.push(Series {
            name: name.clone(),
            values: grid
                .iter()
                .map(|m| {
                    let d = days(*m);
                    (d <= last).then(|| surv_at(d) * 100.0)
                })
                .collect(),
        });
        let mut cells = vec![Cell::text(name)];
        for m in [0u32, 12, 24, 36] {
            let d = days(m);
            let n = time
                .iter()
                .zip(&group)
                .filter(|(t, g)| **g == c.group && **t >= d)
                .count();
            cells.push(Cell::Count(Count::primary(n, ctx.t)));
        }
        at_risk.push(false, cells);
    }
    if series.is_empty() {
        return Ok(Vec::new());
    }
    table.notes.push(ctx.s(Key::PlLengthNote));
    ctx.suppression_notes(&mut table);
    ctx.suppression_notes(&mut at_risk);
    let text = ChartText {
        title: ctx.s(Key::PlLengthChartTitle),
        x_label: ctx.s(Key::PlExitsChartX),
        y_label: ctx.s(Key::PlLengthChartY),
        description: ctx.f(
            Key::PlLengthChartCaption,
            &[
                ("n", ctx.words(Count::primary(placed.len(), ctx.t))),
                ("min", (4 * ctx.t).to_string()),
            ],
        ),
    };
    let categories: Vec<String> = grid.iter().map(|m| m.to_string()).collect();
    let svg = charts::lines(
        "chart-placement-length",
        &text,
        &categories,
        &series,
        &|v| fmt::decimal(v, 0, ctx.lang),
    )?;
    Ok(vec![
        Block::Table(table),
        Block::Chart(super::build::chart(
            "chart-placement-length",
            text,
            Some("placement-at-risk"),
            categories,
            series,
            svg,
        )),
        Block::Table(at_risk),
    ])
}

/// Participants against others on the preventive steps: a Cox model of stepping down, with
/// participation time-varying from each participant's start, adjusted for step and the
/// plan's persons covariates, errors robust by child.
fn programme_block(
    ctx: &Ctx,
    data: &Dataset,
    intervention: &InterventionSection,
    effect: Option<&EffectSection>,
) -> Result<Option<Block>> {
    let Some(column) = intervention.participant_column.clone() else {
        return Ok(None);
    };
    let covariates: Vec<String> = effect
        .map(|e| {
            e.covariates
                .iter()
                .filter(|c| data.persons.covariate_names.contains(c))
                .cloned()
                .collect()
        })
        .unwrap_or_default();
    let rows = at_risk(
        data,
        ctx.staircase,
        &AtRiskSpec {
            exit: EndReason::StepDown,
            placement: false,
            participant_column: column,
            participant_start_column: effect.and_then(|e| e.participant_start_column.clone()),
            covariates,
        },
    )?;
    let events = rows.event.iter().filter(|e| **e).count();
    let participants = rows.covariates[0].1.iter().filter(|v| **v == 1.0).count();
    if events < ctx.t || participants < ctx.t {
        return Ok(None);
    }
    let event: Vec<f64> = rows.event.iter().map(|e| f64::from(u8::from(*e))).collect();
    let x: Vec<(&str, Vec<f64>)> = rows
        .covariates
        .iter()
        .map(|(n, v)| (n.as_str(), v.clone()))
        .collect();
    let Ok(fit) = Cox::default().fit(
        &CoxData::new(&rows.exit, &event, &x)
            .entry(&rows.entry)
            .cluster(&rows.person),
    ) else {
        return Ok(None);
    };
    let Some(p) = fit.coef("participant") else {
        return Ok(None);
    };
    let dec = |v: f64| fmt::decimal(v, 2, ctx.lang);
    let sure = ctx.s(if p.ci[0] > 1.0 || p.ci[1] < 1.0 {
        Key::PlSureRatio
    } else {
        Key::PlUnsureRatio
    });
    Ok(Some(Block::Paragraph {
        text: ctx.f(
            Key::PlProgramme,
            &[
                ("intervention", intervention.name.clone()),
                (
                    "ratio",
                    ctx.f(
                        Key::PlProgrammeTimes,
                        &[("x", fmt::decimal(p.hazard_ratio, 1, ctx.lang))],
                    ),
                ),
                ("hr", dec(p.hazard_ratio)),
                ("lo", dec(p.ci[0])),
                ("hi", dec(p.ci[1])),
                ("n", ctx.words(Count::primary(rows.episodes, ctx.t))),
                ("sure", sure),
            ],
        ),
    }))
}

/// The heat map of moves between steps (counts under the threshold hidden).
fn moves_block(ctx: &Ctx, steps: &crate::staircase::Spells) -> Result<Option<Block>> {
    let t = transitions(steps, false)?;
    let levels: Vec<&str> = ctx
        .staircase
        .levels()
        .iter()
        .map(|l| l.id.as_str())
        .collect();
    let mut cols: Vec<&str> = levels.clone();
    cols.push(Move::ENDED);
    let count = |from: &str, to: &str| -> usize {
        t.moves
            .iter()
            .filter(|m| m.from == from && m.to == to)
            .map(|m| m.count)
            .sum()
    };
    let rows: Vec<&str> = levels
        .iter()
        .copied()
        .filter(|l| cols.iter().any(|c| count(l, c) > 0))
        .collect();
    let total: usize = rows
        .iter()
        .flat_map(|r| cols.iter().map(move |c| (*r, *c)))
        .map(|(r, c)| count(r, c))
        .sum();
    if rows.is_empty() || total < ctx.t {
        return Ok(None);
    }
    let values: Vec<Vec<Option<f64>>> = rows
        .iter()
        .map(|r| {
            cols.iter()
                .map(|c| {
                    let n = count(r, c);
                    (n == 0 || n >= ctx.t).then_some(n as f64)
                })
                .collect()
        })
        .collect();
    let name = |id: &str| {
        if id == Move::ENDED {
            ctx.s(Key::PlMovesEnded)
        } else {
            ctx.staircase.level_name(id, ctx.lang)
        }
    };
    let row_names: Vec<String> = rows.iter().map(|r| name(r)).collect();
    let col_names: Vec<String> = cols.iter().map(|c| name(c)).collect();
    let text = ChartText {
        title: ctx.s(Key::PlMovesTitle),
        x_label: ctx.s(Key::PlMovesX),
        y_label: ctx.s(Key::PlMovesY),
        description: ctx.f(
            Key::PlMovesCaption,
            &[
                ("t", ctx.t.to_string()),
                ("n", ctx.words(Count::primary(total, ctx.t))),
            ],
        ),
    };
    let svg = charts::heatmap(
        "chart-moves",
        &text,
        &row_names,
        &col_names,
        &values,
        &|v| fmt::decimal(v, 0, ctx.lang),
    )?;
    let series = row_names
        .iter()
        .zip(&values)
        .map(|(n, v)| Series {
            name: n.clone(),
            values: v.clone(),
        })
        .collect();
    Ok(Some(Block::Chart(super::build::chart(
        "chart-moves",
        text,
        None,
        col_names,
        series,
        svg,
    ))))
}

/// Whether a share of `n` stays rests on between 1 and `t − 1` of them (roughly, for a
/// cumulative incidence): such a share would give a small count away.
fn few(share: f64, n: usize, t: usize) -> bool {
    let k = share * n as f64;
    k > 0.0 && k.round() < t as f64
}

/// The section, when the data hold enough placements.
pub(super) fn placements_section(
    ctx: &Ctx,
    data: &Dataset,
    programme: Option<(&InterventionSection, Option<&EffectSection>)>,
) -> Result<Option<Section>> {
    let spells = SpellParams::new(SpellKind::Placement).fit(
        &data.episodes.rows,
        ctx.staircase,
        data.cutoff,
    )?;
    let placed: Vec<_> = spells
        .spells
        .iter()
        .filter(|s| s.start >= data.start)
        .collect();
    if placed.len() < ctx.t {
        return Ok(None);
    }
    let mut blocks = vec![Block::Paragraph {
        text: ctx.f(Key::PlIntro, &[("date", fmt::date(data.cutoff, ctx.lang))]),
    }];
    blocks.extend(length_blocks(ctx, &placed)?);
    // Exits: Aalen–Johansen over the placements that started in the period.
    let time: Vec<f64> = placed.iter().map(|s| f64::from(s.duration_days)).collect();
    let cause: Vec<Option<String>> = placed
        .iter()
        .map(|s| (!s.censored).then(|| label(s.exit_reason.unwrap_or(EndReason::Other))))
        .collect();
    let fit = CumulativeIncidence::new()
        .causes(EXITS.iter().map(|r| label(*r)).collect())
        .fit(&time, &cause)?;
    let share_at = |r: EndReason, months: u32| -> String {
        let k = fit.cause_index(&label(r)).expect("every exit is a cause");
        match cif_cell(ctx, &fit, k, days(months)) {
            Cell::Text(t) => t.split(" (").next().unwrap_or("").to_string(),
            _ => format!("<{}", ctx.t),
        }
    };
    let ongoing = placed.iter().filter(|s| s.censored).count();
    blocks.push(Block::Paragraph {
        text: ctx.f(
            Key::PlLead,
            &[
                ("n", ctx.words(Count::primary(placed.len(), ctx.t))),
                ("start", fmt::date(data.start, ctx.lang)),
                ("ongoing", ctx.words(Count::primary(ongoing, ctx.t))),
                ("home", share_at(EndReason::Home, 12)),
                ("down", share_at(EndReason::StepDown, 12)),
            ],
        ),
    });
    let mut columns = vec![Column::new("exit", ctx.s(Key::PlColExit), ColumnKind::Text)];
    for m in MONTHS {
        columns.push(Column::new(
            format!("m{m}"),
            ctx.f(Key::PlColMonths, &[("months", m.to_string())]),
            ColumnKind::Text,
        ));
    }
    let mut table = Table::new("placement-exits", ctx.s(Key::PlExitsTitle), columns);
    for (k, r) in EXITS.iter().enumerate() {
        if fit.n_events[k] == 0 {
            continue;
        }
        let mut cells = vec![Cell::text(ctx.s(text::end_reason(Some(*r))))];
        cells.extend(MONTHS.iter().map(|m| cif_cell(ctx, &fit, k, days(*m))));
        table.push(false, cells);
    }
    table.notes.push(ctx.s(Key::PlExitsNote));
    ctx.suppression_notes(&mut table);
    // The stacked chart: each exit's CIF by month, the rest still placed.
    let shown: Vec<usize> = (0..EXITS.len())
        .filter(|&k| fit.n_events[k] >= ctx.t)
        .collect();
    let categories: Vec<String> = CHART_MONTHS.iter().map(|m| m.to_string()).collect();
    let mut series: Vec<Series> = shown
        .iter()
        .map(|&k| Series {
            name: ctx.s(text::end_reason(Some(EXITS[k]))),
            values: CHART_MONTHS
                .iter()
                .map(|m| Some(fit.at(days(*m)).map_or(0.0, |r| r.cif[k]) * 100.0))
                .collect(),
        })
        .collect();
    series.push(Series {
        name: ctx.s(Key::PlStillPlaced),
        values: CHART_MONTHS
            .iter()
            .map(|m| Some(fit.at(days(*m)).map_or(1.0, |r| r.p_initial) * 100.0))
            .collect(),
    });
    let chart_text = ChartText {
        title: ctx.s(Key::PlExitsChartTitle),
        x_label: ctx.s(Key::PlExitsChartX),
        y_label: ctx.s(Key::PlExitsChartY),
        description: ctx.f(
            Key::PlExitsChartCaption,
            &[("n", ctx.words(Count::primary(placed.len(), ctx.t)))],
        ),
    };
    let svg = charts::stacked_bars(
        "chart-placement-exits",
        &chart_text,
        &categories,
        &series,
        false,
        &|v| fmt::decimal(v, 0, ctx.lang),
    )?;
    blocks.push(Block::Chart(super::build::chart(
        "chart-placement-exits",
        chart_text,
        Some(&table.id),
        categories,
        series,
        svg,
    )));
    blocks.push(Block::Table(table));

    // Step-down within 12 months on each step.
    let steps =
        SpellParams::new(SpellKind::Step).fit(&data.episodes.rows, ctx.staircase, data.cutoff)?;
    let down = StepDownParams::new().windows(vec![12]).fit(&steps)?;
    let mut table = Table::new(
        "stepdown-12",
        ctx.s(Key::PlStepDownTitle),
        vec![
            Column::new("level", ctx.s(Key::PlColLevel), ColumnKind::Text),
            Column::new("spells", ctx.s(Key::PlColSpells), ColumnKind::Count),
            Column::new("eligible", ctx.s(Key::PlColEligible), ColumnKind::Count),
            Column::new("crude", ctx.s(Key::PlColCrude), ColumnKind::Text),
            Column::new("cif", ctx.s(Key::PlColCif), ColumnKind::Text),
        ],
    );
    for g in &down.groups {
        let Some(w) = g.windows.first() else { continue };
        if g.spells < ctx.t {
            continue;
        }
        let hidden = (w.step_down.events > 0 && w.step_down.events < ctx.t)
            || w.step_down
                .cumulative_incidence
                .is_some_and(|c| few(c, g.spells, ctx.t));
        let crude = match w.step_down.share {
            Some(s) if !hidden && w.eligible >= ctx.t => Cell::text(fmt::percent(s, ctx.lang)),
            _ => Cell::Share(Share::Suppressed),
        };
        let cif = match (w.step_down.cumulative_incidence, hidden) {
            (Some(c), false) => Cell::text(fmt::percent(c, ctx.lang)),
            _ => Cell::Share(Share::Suppressed),
        };
        table.push(
            false,
            vec![
                Cell::text(ctx.staircase.level_name(&g.group, ctx.lang)),
                Cell::Count(Count::primary(g.spells, ctx.t)),
                Cell::Count(Count::primary(w.eligible, ctx.t)),
                crude,
                cif,
            ],
        );
    }
    table.notes.push(ctx.s(Key::PlStepDownNote));
    ctx.suppression_notes(&mut table);
    blocks.push(Block::Table(table));
    blocks.extend(moves_block(ctx, &steps)?);
    // Breakdowns: a placement usually goes on after one (the child moves to another
    // foster family or institution), so they are counted on the stays on each step.
    let breakdowns: Vec<String> = down
        .groups
        .iter()
        .filter(|g| g.spells >= ctx.t && ctx.staircase.level(&g.group).is_some_and(|l| l.placement))
        .filter_map(|g| {
            let w = g.windows.first()?;
            let cif = w.breakdown.cumulative_incidence?;
            let share = if few(cif, g.spells, ctx.t) {
                format!("<{}", ctx.t)
            } else {
                fmt::percent(cif, ctx.lang)
            };
            Some(ctx.f(
                Key::PlBreakdownItem,
                &[
                    ("share", share),
                    (
                        "level",
                        ctx.staircase.level_name(&g.group, ctx.lang).to_lowercase(),
                    ),
                ],
            ))
        })
        .collect();
    if !breakdowns.is_empty() {
        blocks.push(Block::Paragraph {
            text: ctx.f(Key::PlBreakdown, &[("list", ctx.list(&breakdowns))]),
        });
    }

    if let Some((i, e)) = programme {
        if let Some(b) = programme_block(ctx, data, i, e)? {
            blocks.push(b);
        }
    }

    // The placement mix on the cut-off date against the target.
    let mix = PlacementMixParams::new(data.cutoff)
        .target(TARGET_RESIDENTIAL)
        .fit(&data.episodes.rows, ctx.staircase, data.cutoff)?;
    if let Some(n) = mix.n_placed.filter(|n| *n >= ctx.t) {
        let gap = mix.gap_points;
        let gap_text = ctx.f(
            if gap > 0.0 {
                Key::PlMixOver
            } else {
                Key::PlMixUnder
            },
            &[("points", fmt::decimal(gap.abs(), 1, ctx.lang))],
        );
        blocks.push(Block::Paragraph {
            text: ctx.f(
                Key::PlMixLead,
                &[
                    ("date", fmt::date(data.cutoff, ctx.lang)),
                    ("n", ctx.words(Count::primary(n, ctx.t))),
                    ("residential", fmt::percent(mix.residential_share, ctx.lang)),
                    ("target", fmt::percent(TARGET_RESIDENTIAL, ctx.lang)),
                    ("gap", gap_text),
                ],
            ),
        });
        let mut table = Table::new(
            "placement-mix",
            ctx.f(
                Key::PlMixTitle,
                &[("date", fmt::date(data.cutoff, ctx.lang))],
            ),
            vec![
                Column::new("type", ctx.s(Key::PlColType), ColumnKind::Text),
                Column::new("children", ctx.s(Key::PlColChildren), ColumnKind::Count),
                Column::new("share", ctx.s(Key::PlColShare), ColumnKind::Text),
            ],
        );
        // Counts suppressed together with the two totals the text gives away: all placed
        // children and (through the residential share) the residential ones.
        let k = mix.types.len();
        let mut values: Vec<usize> = mix.types.iter().map(|t| t.count.unwrap_or(0)).collect();
        let residential: Vec<usize> = (0..k).filter(|&i| mix.types[i].residential).collect();
        values.push(residential.iter().map(|&i| values[i]).sum());
        values.push(n);
        let others: Vec<usize> = (0..k)
            .filter(|&i| !mix.types[i].residential)
            .chain([k])
            .collect();
        let lines = [
            Line {
                parts: residential,
                total: k,
            },
            Line {
                parts: others,
                total: k + 1,
            },
        ];
        let hidden = suppress_keeping(&values, &lines, ctx.t, &[k, k + 1]);
        for (i, t) in mix.types.iter().enumerate() {
            let c = Count::new(values[i], hidden[i]);
            let share = if c.shown().is_some() {
                Cell::text(fmt::percent(t.share, ctx.lang))
            } else {
                Cell::Share(Share::Suppressed)
            };
            table.push(
                false,
                vec![
                    Cell::text(ctx.staircase.measure_name(&t.type_id, ctx.lang)),
                    Cell::Count(c),
                    share,
                ],
            );
        }
        ctx.suppression_notes(&mut table);
        blocks.push(Block::Table(table));
    }
    Ok(Some(Section {
        id: "placements".into(),
        heading: ctx.s(Key::SecPlacements),
        blocks,
    }))
}
