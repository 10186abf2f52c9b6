//! The two-way fixed-effects event study of the section on the effect over time, on the
//! yearly district panel of the staggered design (`[[effect_over_time]] design =
//! "event_study"`).
//!
//! ```text
//! panel:   as design = "staggered_did" (over_time_staggered::read_panel): unit, time,
//!          cohort (first treated period, 0 never) and outcome; rows with an empty cell
//!          left out (counted)
//! fit:     EventStudy::new().reference(plan's, default −1).bin_min(..).bin_max(..)
//!            — CR1 cluster-robust by district, as `indsats estimate event-study`
//! shown:   the mean of the coefficients from the start (e ≥ 0) with its 95 % CI, the
//!          cohorts, the joint F test of the years before (p on G − 1 df), every
//!          coefficient with its CI as chart and table, the fit's warnings
//! numbers: decimals as the staggered section, from the mean's SE
//! ```

use super::build::Ctx;
use super::charts::{ChartText, Series as ChartLine};
use super::charts_time::{event_study_plot, EventPoint};
use super::format as fmt;
use super::over_time::failed_block;
use super::over_time_staggered::{
    capital, cohorts_paragraph, effect_decimals, p_text, read_panel, ri_definition,
    ri_pre_paragraph, sure_sentence, Values,
};
use super::text::Key;
use super::{Block, Definition, Section};
use crate::effects::{EventStudy, Panel};
use crate::error::{Error, Result};
use crate::plan::{EffectOverTimeSection, InterventionSection};
use crate::summary::{Cell, Column, ColumnKind, Table};

/// A pre-trend p-value below this is a sign of different trends before the start.
const PRETREND_ALPHA: f64 = 0.05;

/// The section and its lead.
pub(super) fn event_study_section(
    ctx: &Ctx,
    plan: &EffectOverTimeSection,
    intervention: Option<&InterventionSection>,
    id: &str,
) -> Result<(Section, Option<String>)> {
    let outcome = plan.outcome_words(ctx.lang).ok_or_else(|| {
        Error::parameter(
            "effect_over_time.outcome",
            "is needed by design = \"event_study\"",
        )
    })?;
    let name = intervention.map_or_else(|| ctx.s(Key::OtTheIntervention), |i| i.name.clone());
    let section = |blocks: Vec<Block>| Section {
        id: id.to_string(),
        heading: ctx.f(Key::SecOverTimeEventStudy, &[("outcome", outcome.clone())]),
        blocks,
    };
    let read = read_panel(plan)?;
    let panel = Panel {
        outcome: read.panel.outcome.clone(),
        id: read.panel.id.clone(),
        time: read.panel.time.clone(),
        y: read.panel.y.clone(),
        file_rows: read.panel.rows.clone(),
        ..Panel::default()
    };
    let reference = plan.reference_time();
    let spec = EventStudy::new()
        .reference(reference)
        .bin_min(plan.bin_min)
        .bin_max(plan.bin_max)
        .permutations(plan.randomization_deals())
        .seed(plan.bootstrap_seed());
    let mut blocks = Vec::new();
    let fit = match spec
        .check()
        .and_then(|()| spec.fit(&panel, &read.panel.cohort))
    {
        Ok(f) => f,
        Err(e) => {
            blocks.push(failed_block(ctx, &e));
            return Ok((section(blocks), None));
        }
    };
    let (first, last) = (read.years[0], read.years[read.years.len() - 1]);
    let val = Values {
        decimals: effect_decimals(fit.std_error),
        unit: plan.outcome_unit.as_deref(),
        lang: ctx.lang,
    };
    blocks.push(Block::Paragraph {
        text: ctx.f(
            Key::EsIntro,
            &[
                ("outcome", outcome.clone()),
                ("units", fit.n.units.to_string()),
                ("from", first.to_string()),
                ("to", last.to_string()),
                ("intervention", name.clone()),
                ("reference", reference.to_string()),
            ],
        ),
    });
    // The lead: the mean of the coefficients from the start.
    let lead = match (fit.estimate, fit.ci) {
        (Some(est), Some(ci)) => {
            let mut s = ctx.f(
                Key::EsLead,
                &[
                    ("outcome", outcome.clone()),
                    ("att", val.words(est.abs())),
                    (
                        "direction",
                        ctx.s(if est < 0.0 {
                            Key::OtLower
                        } else {
                            Key::OtHigher
                        }),
                    ),
                    ("intervention", name.clone()),
                    ("lo", val.number(ci[0])),
                    ("hi", val.number(ci[1])),
                ],
            );
            s.push(' ');
            s.push_str(&sure_sentence(ctx, ci, &name, &outcome));
            Some(s)
        }
        _ => None,
    };
    blocks.push(Block::Paragraph {
        text: lead.clone().unwrap_or_else(|| ctx.s(Key::EsNoPost)),
    });
    // Who started when.
    let started: Vec<(i64, usize)> = fit
        .cohorts
        .iter()
        .filter(|c| c.cohort > 0)
        .map(|c| (c.cohort, c.units))
        .collect();
    blocks.push(Block::Paragraph {
        text: cohorts_paragraph(ctx, &started, fit.n.control, &name),
    });
    // The years before the start: the randomization test when there is one (the cluster-
    // robust F test rejects far too often with few treated districts), else the F version
    // (G − 1 df).
    let ri_pre = fit
        .randomization
        .as_ref()
        .and_then(|ri| ri.pretrend_p_value);
    blocks.push(Block::Paragraph {
        text: match (&fit.pretrend, ri_pre) {
            (_, Some(p)) => ri_pre_paragraph(ctx, p),
            (Some(pt), None) => ctx.f(
                if pt.f_p_value < PRETREND_ALPHA {
                    Key::SdPreBad
                } else {
                    Key::SdPreOk
                },
                &[
                    ("outcome", outcome.clone()),
                    ("p", p_text(pt.f_p_value, ctx.lang)),
                ],
            ),
            (None, None) => ctx.s(Key::EsPreNone),
        },
    });
    blocks.push(Block::Paragraph {
        text: ctx.s(Key::EsCan),
    });
    // The chart and the table.
    let label = |e: &crate::effects::EventTime| match (e.pooled, e.relative_time < reference) {
        (true, true) => format!("≤{}", e.relative_time),
        (true, false) => format!("≥{}", e.relative_time),
        _ => e.relative_time.to_string(),
    };
    let finite = |c: [f64; 2]| c.iter().all(|v| v.is_finite());
    let points: Vec<EventPoint> = fit
        .event_study
        .iter()
        .filter(|e| e.estimate.is_finite())
        .map(|e| EventPoint {
            relative_time: e.relative_time,
            estimate: e.estimate,
            ci: e.ci.filter(|c| finite(*c)),
            reference: e.reference,
            pooled: e.pooled,
        })
        .collect();
    let y_label = {
        let l = ctx.f(Key::SdEffectLabel, &[("outcome", outcome.clone())]);
        match &plan.outcome_unit {
            Some(u) => format!("{l} ({u})"),
            None => l,
        }
    };
    let chart_text = ChartText {
        title: capital(&ctx.f(Key::SdChartTitle, &[("outcome", outcome.clone())])),
        x_label: ctx.s(Key::SdRelative),
        y_label,
        description: ctx.f(
            Key::SdCaption,
            &[
                ("units", fit.n.units.to_string()),
                ("treated", fit.n.treated.to_string()),
                ("from", first.to_string()),
                ("to", last.to_string()),
            ],
        ),
    };
    let chart_id = format!("chart-{id}").replace('_', "-");
    let table_id = id.replace('_', "-");
    let (lang, decimals) = (ctx.lang, val.decimals);
    let y_fmt = move |v: f64| fmt::decimal(v, decimals, lang);
    if !points.is_empty() {
        let (ci_label, ref_label, start) = (
            ctx.s(Key::SdLegendCi),
            ctx.s(Key::EsLegendRef),
            ctx.s(Key::SdLegendStart),
        );
        let svg = event_study_plot(
            &chart_id,
            &chart_text,
            &points,
            [&ci_label, &ref_label, &start],
            &y_fmt,
        )?;
        blocks.push(Block::Chart(super::build::chart(
            &chart_id,
            chart_text,
            Some(&table_id),
            fit.event_study
                .iter()
                .filter(|e| e.estimate.is_finite())
                .map(label)
                .collect(),
            vec![
                ChartLine {
                    name: ctx.s(Key::SdColEstimate),
                    values: points.iter().map(|p| Some(p.estimate)).collect(),
                },
                ChartLine {
                    name: ctx.s(Key::SdSeriesLow),
                    values: points.iter().map(|p| p.ci.map(|c| c[0])).collect(),
                },
                ChartLine {
                    name: ctx.s(Key::SdSeriesHigh),
                    values: points.iter().map(|p| p.ci.map(|c| c[1])).collect(),
                },
            ],
            svg,
        )));
    }
    let mut table = Table::new(
        &table_id,
        ctx.f(Key::SdTableTitle, &[("outcome", outcome.clone())]),
        vec![
            Column::new("relative_time", ctx.s(Key::SdRelative), ColumnKind::Text),
            Column::new("estimate", ctx.s(Key::SdColEstimate), ColumnKind::Text),
            Column::new("ci", ctx.s(Key::OtColCi), ColumnKind::Text),
            Column::new("rows", ctx.s(Key::EsColRows), ColumnKind::Text),
        ],
    );
    for e in &fit.event_study {
        table.push(
            false,
            vec![
                Cell::text(label(e)),
                Cell::text(val.number(e.estimate)),
                Cell::text(
                    e.ci.filter(|c| finite(*c))
                        .map_or_else(|| "–".into(), |c| val.range(ctx, c)),
                ),
                Cell::text(fmt::integer(e.rows as i64, ctx.lang)),
            ],
        );
    }
    let pooled = if fit.event_study.iter().any(|e| e.pooled) {
        ctx.s(Key::EsPooled)
    } else {
        String::new()
    };
    table.notes.push(ctx.f(
        Key::EsTableNote,
        &[
            ("reference", reference.to_string()),
            ("pooled", pooled),
            ("df", fmt::decimal(fit.df, 0, ctx.lang)),
        ],
    ));
    blocks.push(Block::Table(table));
    // Warnings: the fit's (those the section knows in the report's language; the one on
    // cohorts that start at different times is the paragraph above), and the rows left out.
    let mut warnings: Vec<String> = fit
        .warnings
        .iter()
        .filter(|w| !w.contains("cohorts start at different times"))
        .map(|w| {
            if w.contains("clusters: cluster-robust standard errors are unreliable") {
                ctx.f(Key::EsWarnClusters, &[("n", fit.n.clusters.to_string())])
            } else {
                ctx.f(Key::SdWarnOther, &[("text", w.clone())])
            }
        })
        .collect();
    if read.excluded > 0 {
        warnings.push(ctx.f(Key::OsWarnRows, &[("n", read.excluded.to_string())]));
    }
    if !warnings.is_empty() {
        blocks.push(Block::Paragraph {
            text: ctx.s(Key::OtWarningsLead),
        });
        blocks.push(Block::List { items: warnings });
    }
    let mut items = vec![Definition {
        term: ctx.s(Key::EsDef),
        text: ctx.s(Key::EsDefText),
    }];
    if let Some(ri) = &fit.randomization {
        items.push(ri_definition(ctx, ri, Key::EsDefRiText));
    }
    blocks.push(Block::Definitions { items });
    Ok((section(blocks), lead))
}
