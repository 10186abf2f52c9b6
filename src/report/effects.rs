//! The effect section: did the intervention change the children's scores, compared with
//! children like them? The plan's design leads; the other designs stand beside it.

use super::build::Ctx;
use super::charts::{self, ChartText, Series};
use super::format as fmt;
use super::text::Key;
use super::{Block, Definition, Section};
use crate::data::Dataset;
use crate::effects::{
    cohort, CohortCounts, CohortSpec, Covariance, EffectEstimate, Estimand, MatchedStudy,
    NearestNeighbour, Study, WeightLimit, DISTANCE,
};
use crate::error::Result;
use crate::instruments;
use crate::plan::{Comparison, Design, EffectSection, InterventionSection};
use crate::progress::Windows;
use crate::summary::{suppress, Cell, Column, ColumnKind, Count, Line, Table};

/// The |SMD| above which a covariate counts as unbalanced.
const SMD_THRESHOLD: f64 = 0.1;

fn design_key(d: Design) -> Key {
    match d {
        Design::Prepost => Key::EfPrepost,
        Design::Ancova => Key::EfAncova,
        Design::Matching => Key::EfMatching,
        Design::Weighting => Key::EfWeighting,
        Design::DoublyRobust => Key::EfDoublyRobust,
    }
}

/// The rows of the comparison table: every design, the plan's first.
fn designs(main: Design) -> Vec<Design> {
    let mut v = vec![main];
    for d in [
        Design::Ancova,
        Design::Matching,
        Design::Weighting,
        Design::DoublyRobust,
        Design::Prepost,
    ] {
        if d != main {
            v.push(d);
        }
    }
    v
}

fn matcher(e: &EffectSection) -> NearestNeighbour {
    NearestNeighbour::default()
        .caliper(e.caliper)
        .ratio(e.ratio)
        .replace(e.replace)
}

fn limit(e: &EffectSection) -> WeightLimit {
    e.trim
        .map_or(WeightLimit::None, |alpha| WeightLimit::Trim { alpha })
}

/// Runs one design; matching also returns what the charts need.
fn run(
    study: &Study,
    design: Design,
    e: &EffectSection,
) -> Result<(EffectEstimate, Option<MatchedStudy>)> {
    Ok(match design {
        Design::Prepost => {
            let mut s = study.subset(
                &(0..study.y.len())
                    .filter(|&i| study.treated[i])
                    .collect::<Vec<_>>(),
            );
            s.warnings.clear();
            (s.prepost()?, None)
        }
        Design::Ancova => (study.ancova(Covariance::Hc3)?, None),
        Design::Matching => {
            let m = study.psm(&matcher(e))?;
            (m.estimate.clone(), Some(m))
        }
        Design::Weighting => (
            study
                .ipw(Estimand::Att, false, limit(e), Covariance::Hc0)?
                .0,
            None,
        ),
        Design::DoublyRobust => (study.aipw(Estimand::Att, limit(e))?, None),
    })
}

/// The effect section, when the plan has an `[effect]` and an `[intervention]`.
pub(super) fn effect_section(
    ctx: &Ctx,
    data: &Dataset,
    effect: &EffectSection,
    intervention: &InterventionSection,
    windows: &Windows,
) -> Result<Option<Section>> {
    let Some(participant_column) = intervention.participant_column.clone() else {
        return Ok(None);
    };
    let Some(instrument) = instruments::builtin(&effect.instrument) else {
        return Ok(None);
    };
    let comparison_districts: Vec<String> = match intervention.comparison {
        Comparison::OtherDistricts if !intervention.districts.is_empty() => {
            let mut all: Vec<String> = data
                .persons
                .rows
                .iter()
                .filter_map(|p| p.district.clone())
                .filter(|d| !intervention.districts.contains(d))
                .collect();
            all.sort();
            all.dedup();
            all
        }
        _ => Vec::new(),
    };
    let spec = CohortSpec {
        participant_column,
        participant_start_column: effect.participant_start_column.clone(),
        comparison_districts,
        instrument: effect.instrument.clone(),
        scale: effect.scale.clone(),
        informant: effect.informant.clone(),
        months: effect.months,
        windows: windows.clone(),
        covariates: effect.covariates.clone(),
    };
    let (study, counts) = cohort(data, &spec)?;
    let scale = super::progression::scale_name(ctx, instrument, &effect.scale);
    let name = intervention.name.clone();
    let months = effect.months.to_string();
    let design_name = |d: Design| ctx.s(design_key(d));
    let mut covariate_names = vec![ctx.s(Key::EfBaselineName)];
    covariate_names.extend(effect.covariates.iter().cloned());
    let mut blocks = vec![Block::Paragraph {
        text: ctx.f(
            Key::EfIntro,
            &[
                ("scale", scale.to_lowercase()),
                ("months", months.clone()),
                ("intervention", name.clone()),
                ("design", design_name(effect.design).to_lowercase()),
            ],
        ),
    }];
    let enough = counts.participants_used >= ctx.t
        && (effect.design == Design::Prepost || counts.comparison_used >= ctx.t);
    if !enough {
        blocks.push(Block::Paragraph {
            text: ctx.f(
                Key::EfTooFew,
                &[("months", months.clone()), ("t", ctx.t.to_string())],
            ),
        });
        blocks.push(Block::Table(counts_table(ctx, &counts)));
        return Ok(Some(section(ctx, blocks)));
    }
    let dec = |v: f64| fmt::decimal(v, 1, ctx.lang);
    // Every design, the plan's first.
    let mut rows: Vec<(Design, Result<EffectEstimate>)> = Vec::new();
    let mut matched: Option<MatchedStudy> = None;
    let mut main_balance: Option<EffectEstimate> = None;
    for d in designs(effect.design) {
        let r = run(&study, d, effect).map(|(est, m)| {
            if m.is_some() && d == effect.design {
                matched = m;
            }
            est
        });
        if d == effect.design {
            if let Ok(e) = &r {
                main_balance = Some(e.clone());
            }
        }
        rows.push((d, r));
    }
    let naive = {
        let mut s = study.clone();
        s.baseline = None;
        s.covariates.clear();
        s.ancova(Covariance::Hc3).ok()
    };
    // The lead.
    match &rows[0].1 {
        Ok(e) => {
            let ci = e.ci.unwrap_or([f64::NAN, f64::NAN]);
            let lead = if effect.design == Design::Prepost {
                ctx.f(
                    Key::EfLeadPrepost,
                    &[
                        ("months", months.clone()),
                        ("intervention", name.clone()),
                        ("scale", scale.to_lowercase()),
                        ("change", dec(e.estimate)),
                        ("lo", dec(ci[0])),
                        ("hi", dec(ci[1])),
                    ],
                )
            } else {
                ctx.f(
                    Key::EfLead,
                    &[
                        ("months", months.clone()),
                        ("intervention", name.clone()),
                        ("amount", dec(e.estimate.abs())),
                        (
                            "direction",
                            ctx.s(if e.estimate < 0.0 {
                                Key::EfLower
                            } else {
                                Key::EfHigher
                            }),
                        ),
                        ("scale", scale.to_lowercase()),
                        ("design", design_name(effect.design).to_lowercase()),
                        ("lo", dec(ci[0])),
                        ("hi", dec(ci[1])),
                    ],
                )
            };
            let sure = ctx.s(if ci[0] > 0.0 || ci[1] < 0.0 {
                Key::EfSure
            } else {
                Key::EfUnsure
            });
            blocks.push(super::progression::lead_paragraph(
                ctx,
                instrument,
                &effect.scale,
                &scale,
                format!("{lead} {sure}"),
            ));
        }
        Err(err) => blocks.push(Block::Paragraph {
            text: ctx.f(
                Key::EfFailed,
                &[
                    ("design", design_name(effect.design).to_lowercase()),
                    ("reason", err.to_string()),
                ],
            ),
        }),
    }
    // What the design can and cannot show.
    let can = match effect.design {
        Design::Prepost => Key::EfCanPrepost,
        Design::Ancova => Key::EfCanAncova,
        Design::Matching => Key::EfCanMatching,
        Design::Weighting => Key::EfCanWeighting,
        Design::DoublyRobust => Key::EfCanDoublyRobust,
    };
    blocks.push(Block::Paragraph {
        text: ctx.f(can, &[("covariates", ctx.list(&covariate_names))]),
    });

    // The table of designs.
    let mut table = Table::new(
        "effect-designs",
        ctx.s(Key::EfTableTitle),
        vec![
            Column::new("design", ctx.s(Key::EfColDesign), ColumnKind::Text),
            Column::new("estimate", ctx.s(Key::EfColEstimate), ColumnKind::Text),
            Column::new("ci", ctx.s(Key::EfColCi), ColumnKind::Text),
            Column::new("treated", ctx.s(Key::EfColTreated), ColumnKind::Count),
            Column::new("control", ctx.s(Key::EfColComparison), ColumnKind::Count),
        ],
    );
    let ci_text = |e: &EffectEstimate| {
        e.ci.map_or("–".to_string(), |c| {
            format!("{} {} {}", dec(c[0]), ctx.s(Key::RangeTo), dec(c[1]))
        })
    };
    let count = |n: usize| Cell::Count(Count::primary(n, ctx.t));
    for (k, (d, r)) in rows.iter().enumerate() {
        let label = if k == 0 {
            ctx.f(Key::EfMain, &[("design", design_name(*d))])
        } else {
            design_name(*d)
        };
        match r {
            Ok(e) if e.n.used_treated >= ctx.t => table.push(
                k == 0,
                vec![
                    Cell::text(label),
                    Cell::text(dec(e.estimate)),
                    Cell::text(ci_text(e)),
                    count(e.n.used_treated),
                    if *d == Design::Prepost {
                        Cell::Empty
                    } else {
                        count(e.n.used_control)
                    },
                ],
            ),
            _ => table.push(
                false,
                vec![
                    Cell::text(label),
                    Cell::text("–"),
                    Cell::text("–"),
                    Cell::Empty,
                    Cell::Empty,
                ],
            ),
        }
    }
    if let Some(n) = &naive {
        table.push(
            false,
            vec![
                Cell::text(ctx.s(Key::EfNaive)),
                Cell::text(dec(n.estimate)),
                Cell::text(ci_text(n)),
                count(n.n.used_treated),
                count(n.n.used_control),
            ],
        );
    }
    table
        .notes
        .push(ctx.f(Key::EfTableNote, &[("months", months.clone())]));
    ctx.suppression_notes(&mut table);
    blocks.push(Block::Table(table));
    if let (Some(n), Ok(m)) = (&naive, &rows[0].1) {
        if effect.design != Design::Prepost && (n.estimate - m.estimate).abs() >= 0.5 {
            blocks.push(Block::Paragraph {
                text: ctx.f(
                    Key::EfNaiveNote,
                    &[("naive", dec(n.estimate)), ("main", dec(m.estimate))],
                ),
            });
        }
    }

    // Balance: a love plot for the plan's design (matching or weighting), and the overlap.
    if let Some(e) = main_balance.filter(|e| !e.balance.is_empty()) {
        let lines: Vec<_> = e
            .balance
            .iter()
            .filter(|l| l.covariate != DISTANCE)
            .collect();
        let names: Vec<String> = lines
            .iter()
            .map(|l| {
                if l.covariate == "baseline" {
                    ctx.s(Key::EfBaselineName)
                } else {
                    l.covariate.clone()
                }
            })
            .collect();
        let before: Vec<Option<f64>> = lines.iter().map(|l| l.smd_before.map(f64::abs)).collect();
        let after: Vec<Option<f64>> = lines.iter().map(|l| l.smd_after.map(f64::abs)).collect();
        let threshold = fmt::decimal(SMD_THRESHOLD, 1, ctx.lang);
        let text = ChartText {
            title: ctx.f(
                Key::EfLoveTitle,
                &[("design", design_name(effect.design).to_lowercase())],
            ),
            x_label: ctx.s(Key::EfLoveX),
            y_label: ctx.s(Key::EfLoveY),
            description: ctx.f(
                Key::EfLoveCaption,
                &[
                    ("threshold", threshold.clone()),
                    ("n", ctx.words(Count::primary(e.n.used_treated, ctx.t))),
                ],
            ),
        };
        let (b, a, th) = (
            ctx.s(Key::EfBefore),
            ctx.s(Key::EfAfter),
            ctx.s(Key::EfThreshold),
        );
        let svg = charts::love_plot(
            "chart-effect-balance",
            &text,
            &names,
            &before,
            &after,
            SMD_THRESHOLD,
            [&b, &a, &th],
            &|v| fmt::decimal(v, 2, ctx.lang),
        )?;
        blocks.push(Block::Chart(super::build::chart(
            "chart-effect-balance",
            text,
            None,
            names.clone(),
            vec![
                Series {
                    name: b.clone(),
                    values: before.clone(),
                },
                Series {
                    name: a.clone(),
                    values: after.clone(),
                },
            ],
            svg,
        )));
        let unbalanced: Vec<String> = names
            .iter()
            .zip(&after)
            .filter(|(_, a)| a.is_some_and(|a| a > SMD_THRESHOLD))
            .map(|(n, _)| n.clone())
            .collect();
        if !unbalanced.is_empty() {
            blocks.push(Block::Paragraph {
                text: ctx.f(
                    Key::EfImbalance,
                    &[
                        ("design", design_name(effect.design).to_lowercase()),
                        ("threshold", threshold),
                        ("covariates", ctx.list(&unbalanced)),
                    ],
                ),
            });
        }
    }
    if let Some(m) = &matched {
        let h = &m.support.histogram;
        let (dt, dc) = h.densities();
        let text = ChartText {
            title: ctx.s(Key::EfOverlapTitle),
            x_label: ctx.s(Key::EfOverlapX),
            y_label: ctx.s(Key::EfOverlapY),
            description: ctx.f(
                Key::EfOverlapCaption,
                &[(
                    "n",
                    ctx.words(Count::primary(
                        m.estimate.n.treated + m.estimate.n.control,
                        ctx.t,
                    )),
                )],
            ),
        };
        let labels = [ctx.s(Key::EfColTreated), ctx.s(Key::EfColComparison)];
        let svg = charts::overlap(
            "chart-effect-overlap",
            &text,
            &h.edges,
            &dt,
            &dc,
            [&labels[0], &labels[1]],
            &|v| fmt::decimal(v, 1, ctx.lang),
            &|v| fmt::decimal(v, 1, ctx.lang),
        )?;
        let categories = h
            .edges
            .windows(2)
            .map(|w| {
                format!(
                    "{}–{}",
                    fmt::decimal(w[0], 2, ctx.lang),
                    fmt::decimal(w[1], 2, ctx.lang)
                )
            })
            .collect();
        blocks.push(Block::Chart(super::build::chart(
            "chart-effect-overlap",
            text,
            None,
            categories,
            vec![
                Series {
                    name: labels[0].clone(),
                    values: dt.iter().map(|v| Some(*v)).collect(),
                },
                Series {
                    name: labels[1].clone(),
                    values: dc.iter().map(|v| Some(*v)).collect(),
                },
            ],
            svg,
        )));
    }
    blocks.push(Block::Table(counts_table(ctx, &counts)));
    blocks.push(Block::Definitions {
        items: vec![
            Definition {
                term: ctx.s(Key::EfDefPs),
                text: ctx.s(Key::EfDefPsText),
            },
            Definition {
                term: ctx.s(Key::EfDefSmd),
                text: ctx.s(Key::EfDefSmdText),
            },
            Definition {
                term: ctx.s(Key::EfDefMatching),
                text: ctx.f(
                    Key::EfDefMatchingText,
                    &[
                        (
                            "caliper",
                            effect
                                .caliper
                                .map_or("–".into(), |c| fmt::decimal(c, 2, ctx.lang)),
                        ),
                        (
                            "replacement",
                            ctx.s(if effect.replace {
                                Key::EfReplace
                            } else {
                                Key::EfNoReplace
                            }),
                        ),
                        (
                            "se",
                            ctx.s(if effect.replace {
                                Key::EfSeHc3
                            } else {
                                Key::EfSeCluster
                            }),
                        ),
                    ],
                ),
            },
            Definition {
                term: ctx.s(Key::EfDefWeighting),
                text: ctx.s(Key::EfDefWeightingText),
            },
        ],
    });
    Ok(Some(section(ctx, blocks)))
}

fn section(ctx: &Ctx, blocks: Vec<Block>) -> Section {
    Section {
        id: "effect".into(),
        heading: ctx.s(Key::SecEffect),
        blocks,
    }
}

/// Started, with a baseline, followed up, used — per group, suppressed together.
fn counts_table(ctx: &Ctx, c: &CohortCounts) -> Table {
    let mut table = Table::new(
        "effect-counts",
        ctx.s(Key::EfCountsTitle),
        vec![
            Column::new("group", ctx.s(Key::EfColGroup), ColumnKind::Text),
            Column::new("started", ctx.s(Key::EfColStarted), ColumnKind::Count),
            Column::new("baseline", ctx.s(Key::EfColBaseline), ColumnKind::Count),
            Column::new("followed", ctx.s(Key::EfColFollowed), ColumnKind::Count),
            Column::new("used", ctx.s(Key::EfColUsed), ColumnKind::Count),
        ],
    );
    for (label, values) in [
        (
            Key::EfColTreated,
            [
                c.participants,
                c.participants_baseline,
                c.participants_followed,
                c.participants_used,
            ],
        ),
        (
            Key::EfColComparison,
            [
                c.comparison,
                c.comparison_baseline,
                c.comparison_followed,
                c.comparison_used,
            ],
        ),
    ] {
        // The counts nest (started ⊇ baseline ⊇ followed ⊇ used): each difference is a
        // count of children too, so suppress with the steps as parts.
        let v = values.to_vec();
        let mut all = v.clone();
        all.extend([v[0] - v[1], v[1] - v[2], v[2] - v[3]]);
        let lines = [
            Line {
                parts: vec![1, 4],
                total: 0,
            },
            Line {
                parts: vec![2, 5],
                total: 1,
            },
            Line {
                parts: vec![3, 6],
                total: 2,
            },
        ];
        let s = suppress(&all, &lines, ctx.t);
        let mut cells = vec![Cell::text(ctx.s(label))];
        cells.extend((0..4).map(|i| Cell::Count(Count::new(all[i], s[i]))));
        table.push(false, cells);
    }
    table.notes.push(ctx.s(Key::EfCountsNote));
    ctx.suppression_notes(&mut table);
    table
}
