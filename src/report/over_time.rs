//! The section on the effect over time: did the course of a monthly series change when the
//! intervention began? Each `[[effect_over_time]]` block of the plan names its design and
//! makes one section: the interrupted time series on the ledger's kroner per month here,
//! the synthetic control on a yearly panel of municipalities in `over_time_synth`, the
//! staggered difference-in-differences and the event study on a yearly panel of districts
//! in `over_time_staggered` and `over_time_event_study`.
//!
//! ```text
//! series:  y_m = Σ ledger kroner booked in month m (all measures, or those named),
//!          m = first ledger month … last month fully booked by the cut-off (a month the
//!          cut-off ends before its last day is left out); no month is skipped
//! fit:     Its::new(index of the interruption month).seasonal(period or none)
//!              .hac_lags(plan's or the default) — normal inference, no correction
//! shown:   level_change, slope_change, time (the pre-trend), post_slope, effect_at_end,
//!          each with its 95 % CI; the path (measured, fitted, counterfactual)
//! ```

use super::build::Ctx;
use super::charts::{ChartText, Series as ChartLine};
use super::charts_its::its_chart;
use super::format as fmt;
use super::text::{month_name, Key};
use super::{Block, Definition, Section};
use crate::data::{Dataset, YearMonth};
use crate::effects::{Its, ItsFit, Series};
use crate::error::Result;
use crate::plan::{EffectOverTimeSection, InterventionSection, TimeDesign, TimeSeriesKind};
use crate::summary::{Amount, AmountUnit, Cell, Column, ColumnKind, CostSource, Spending, Table};
use chrono::Datelike;

/// A lag-1 residual correlation below this (in size) is called weak.
const WEAK_AUTOCORRELATION: f64 = 0.2;
/// At or above this it is called strong (as [`crate::effects::Its`] warns).
const STRONG_AUTOCORRELATION: f64 = 0.5;

/// The monthly series the section follows: months, kroner, and the persons behind each
/// month (for the small-cell mark on amounts).
struct Monthly {
    months: Vec<YearMonth>,
    kroner: Vec<f64>,
    /// At least this many distinct persons stand behind each month's amount.
    persons: Vec<usize>,
}

/// The section, and its lead for "in brief" (when there is one).
pub(super) fn over_time_section(
    ctx: &Ctx,
    data: &Dataset,
    sp: &Spending,
    plan: &EffectOverTimeSection,
    intervention: Option<&InterventionSection>,
    same_design_before: usize,
) -> Result<Option<(Section, Option<String>)>> {
    let suffix = if same_design_before == 0 {
        String::new()
    } else {
        format!("_{}", same_design_before + 1)
    };
    match plan.design {
        TimeDesign::Its => its_section(ctx, data, sp, plan, intervention).map(|(mut s, lead)| {
            // a second block of the same design: its section, chart and table ids differ
            if !suffix.is_empty() {
                let dashed = suffix.replace('_', "-");
                s.id.push_str(&suffix);
                for b in &mut s.blocks {
                    match b {
                        Block::Chart(c) => {
                            let (old, new) = (c.id.clone(), format!("{}{dashed}", c.id));
                            c.svg = c
                                .svg
                                .replace(&format!("\"{old}"), &format!("\"{new}"))
                                .replace(&format!("#{old}"), &format!("#{new}"));
                            c.id = new;
                            if let Some(t) = &mut c.data_table {
                                t.push_str(&dashed);
                            }
                        }
                        Block::Table(t) => t.id.push_str(&dashed),
                        _ => {}
                    }
                }
            }
            Some((s, lead))
        }),
        TimeDesign::Synth => super::over_time_synth::synth_section(
            ctx,
            plan,
            intervention,
            &format!("effect_over_time_synth{suffix}"),
        )
        .map(Some),
        TimeDesign::StaggeredDid => super::over_time_staggered::staggered_section(
            ctx,
            plan,
            intervention,
            &format!("effect_over_time_staggered_did{suffix}"),
        )
        .map(Some),
        TimeDesign::EventStudy => super::over_time_event_study::event_study_section(
            ctx,
            plan,
            intervention,
            &format!("effect_over_time_event_study{suffix}"),
        )
        .map(Some),
    }
}

fn month_words(ctx: &Ctx, m: YearMonth) -> String {
    ctx.f(
        Key::MonthSingle,
        &[
            ("month", month_name(m.month, ctx.lang).into()),
            ("year", m.year.to_string()),
        ],
    )
}

fn section(ctx: &Ctx, blocks: Vec<Block>) -> Section {
    Section {
        id: "effect_over_time".into(),
        heading: ctx.s(Key::SecOverTime),
        blocks,
    }
}

/// Kroner for a sentence, with a sign: `+1,2 mio. kr.`, `-350.000 kr.`.
fn signed(ctx: &Ctx, v: f64) -> String {
    let s = fmt::kroner_short(v, ctx.lang);
    if v > 0.0 && !s.starts_with('-') && s.chars().any(|c| c.is_ascii_digit() && c != '0') {
        format!("+{s}")
    } else {
        s
    }
}

fn its_section(
    ctx: &Ctx,
    data: &Dataset,
    sp: &Spending,
    plan: &EffectOverTimeSection,
    intervention: Option<&InterventionSection>,
) -> Result<(Section, Option<String>)> {
    let name = intervention.map_or_else(|| ctx.s(Key::OtTheIntervention), |i| i.name.clone());
    let mut blocks = Vec::new();
    match plan.series {
        TimeSeriesKind::Spending => {}
    }
    if sp.source != CostSource::Ledger || sp.months.is_empty() {
        blocks.push(Block::Paragraph {
            text: ctx.s(Key::OtNoLedger),
        });
        return Ok((section(ctx, blocks), None));
    }
    // The measures asked for, as the spending table names them.
    let canonical = |name: &str| -> String {
        let name = name.trim();
        data.staircase
            .measure(name)
            .map(|m| m.id.clone())
            .or_else(|| data.staircase.account(name).map(|a| a.id.clone()))
            .unwrap_or_else(|| name.to_string())
    };
    let mut columns = Vec::new();
    let mut missing = Vec::new();
    for m in &plan.measures {
        let id = canonical(m);
        match sp.measures.iter().position(|x| *x == id) {
            Some(j) => columns.push(j),
            None => missing.push(m.clone()),
        }
    }
    if !plan.measures.is_empty() && columns.is_empty() {
        blocks.push(Block::Paragraph {
            text: ctx.f(Key::OtNoMeasure, &[("measures", ctx.list(&plan.measures))]),
        });
        return Ok((section(ctx, blocks), None));
    }
    // The months fully booked: the cut-off month only when the cut-off is its last day.
    let cutoff = data.cutoff;
    let cutoff_month = YearMonth::of(cutoff);
    let cutoff_complete = cutoff
        .succ_opt()
        .is_none_or(|d| d.month() != cutoff.month());
    let mut partial = None;
    let mut series = Monthly {
        months: Vec::new(),
        kroner: Vec::new(),
        persons: Vec::new(),
    };
    for ms in &sp.months {
        if ms.month == cutoff_month && !cutoff_complete {
            partial = Some(ms.month);
            continue;
        }
        series.months.push(ms.month);
        if plan.measures.is_empty() {
            series.kroner.push(ms.total);
            series.persons.push(ms.cases_total);
        } else {
            series
                .kroner
                .push(columns.iter().map(|&j| ms.amounts[j]).sum());
            series
                .persons
                .push(columns.iter().map(|&j| ms.cases[j]).max().unwrap_or(0));
        }
    }
    let interruption = plan
        .interruption_month(intervention)
        .unwrap_or(series.months.first().copied().unwrap_or(cutoff_month));
    let words = |m: YearMonth| month_words(ctx, m);
    let series_words = if plan.measures.is_empty() {
        ctx.s(Key::OtSeriesAll)
    } else {
        let names: Vec<String> = columns
            .iter()
            .map(|&j| data.staircase.measure_name(&sp.measures[j], ctx.lang))
            .collect();
        ctx.f(Key::OtSeriesSome, &[("measures", ctx.list(&names))])
    };
    if let (Some(first), Some(last)) = (series.months.first(), series.months.last()) {
        blocks.push(Block::Paragraph {
            text: ctx.f(
                Key::OtIntro,
                &[
                    ("series", series_words.clone()),
                    ("from", words(*first)),
                    ("to", words(*last)),
                    ("intervention", name.clone()),
                    ("interruption", words(interruption)),
                ],
            ),
        });
    }
    let mut notes = Vec::new();
    if let Some(m) = partial {
        notes.push(ctx.f(
            Key::OtPartialMonth,
            &[("month", words(m)), ("date", fmt::date(cutoff, ctx.lang))],
        ));
    }
    if !missing.is_empty() {
        notes.push(ctx.f(
            Key::OtWarnMissingMeasure,
            &[("measures", ctx.list(&missing))],
        ));
    }
    // Enough months on each side? Say so in words rather than fail.
    let pre = series.months.iter().filter(|m| **m < interruption).count();
    let post = series.months.len() - pre;
    if pre < 3 || post < 3 {
        blocks.push(Block::Paragraph {
            text: ctx.f(
                Key::OtTooShort,
                &[
                    ("pre", pre.to_string()),
                    ("post", post.to_string()),
                    ("interruption", words(interruption)),
                ],
            ),
        });
        push_notes(ctx, &mut blocks, &notes);
        return Ok((section(ctx, blocks), None));
    }
    let unit_million = series.kroner.iter().fold(0.0f64, |a, v| a.max(v.abs())) >= 1e6;
    let outcome = ctx.f(
        Key::OtOutcome,
        &[(
            "unit",
            ctx.s(if unit_million {
                Key::OtUnitMillion
            } else {
                Key::OtUnitKroner
            }),
        )],
    );
    let labels: Vec<String> = series.months.iter().map(ToString::to_string).collect();
    let label_refs: Vec<&str> = labels.iter().map(String::as_str).collect();
    let fitted =
        Series::months(outcome.clone(), &label_refs, series.kroner.clone()).and_then(|s| {
            let t = s.time_of(&interruption.to_string())?;
            Its::new(t)
                .seasonal((plan.seasonal >= 2).then_some(plan.seasonal))
                .hac_lags(plan.hac_lags)
                .fit(&s)
        });
    let fit = match fitted {
        Ok(fit) => fit,
        Err(e) => {
            blocks.push(failed_block(ctx, &e));
            push_notes(ctx, &mut blocks, &notes);
            return Ok((section(ctx, blocks), None));
        }
    };
    let end = *series.months.last().expect("months on both sides");
    let coef = |term: &str| fit.coef(term).map(|c| (c.coef, c.ci));
    let contrast = |name: &str| fit.contrast(name).map(|c| (c.estimate, c.ci));
    let (Some(level), Some(slope), Some(pre_slope), Some(post_slope), Some(at_end)) = (
        coef("level_change"),
        coef("slope_change"),
        coef("time"),
        contrast("post_slope"),
        contrast("effect_at_end"),
    ) else {
        return Err(crate::error::Error::analysis(
            "the interrupted time series lacks a term it always has",
        ));
    };
    let k = |v: f64| signed(ctx, v);
    let excludes_zero = |ci: [f64; 2]| ci[0] > 0.0 || ci[1] < 0.0;
    let lead = ctx.f(
        Key::OtLead,
        &[
            ("interruption", words(interruption)),
            ("level", k(level.0)),
            ("level_lo", k(level.1[0])),
            ("level_hi", k(level.1[1])),
            ("slope", k(slope.0)),
            ("slope_lo", k(slope.1[0])),
            ("slope_hi", k(slope.1[1])),
            ("end", words(end)),
            ("effect", fmt::kroner_short(at_end.0.abs(), ctx.lang)),
            (
                "direction",
                ctx.s(if at_end.0 < 0.0 {
                    Key::OtLower
                } else {
                    Key::OtHigher
                }),
            ),
            ("effect_lo", k(at_end.1[0])),
            ("effect_hi", k(at_end.1[1])),
        ],
    );
    let sure = if excludes_zero(at_end.1) {
        ctx.f(
            Key::OtSureEnd,
            &[("end", words(end)), ("intervention", name.clone())],
        )
    } else if excludes_zero(level.1) || excludes_zero(slope.1) {
        ctx.f(Key::OtUnsureEnd, &[("end", words(end))])
    } else {
        ctx.f(Key::OtUnsureAll, &[("interruption", words(interruption))])
    };
    let caution = fit
        .diagnostics
        .residual_lag1_autocorrelation
        .is_some_and(|r| r.abs() >= STRONG_AUTOCORRELATION);
    let lead = if caution {
        format!("{lead} {sure} {}", ctx.s(Key::OtLeadCaution))
    } else {
        format!("{lead} {sure}")
    };
    blocks.push(Block::Paragraph { text: lead.clone() });
    // What the design can and cannot show.
    blocks.push(Block::Paragraph {
        text: ctx.f(
            Key::OtCanIts,
            &[
                ("interruption", words(interruption)),
                (
                    "seasons",
                    if fit.seasonal.is_some() {
                        ctx.s(Key::OtCanSeasons)
                    } else {
                        String::new()
                    },
                ),
            ],
        ),
    });
    // The districts started at different times: say what a single interruption means.
    if let Some(i) = intervention {
        let starts: Vec<YearMonth> = i.start_dates.values().map(|d| YearMonth::of(*d)).collect();
        if let (Some(first), Some(last)) = (starts.iter().min(), starts.iter().max()) {
            if first != last && *first == interruption {
                blocks.push(Block::Paragraph {
                    text: ctx.f(
                        Key::OtStaggered,
                        &[
                            ("intervention", name.clone()),
                            ("first", words(*first)),
                            ("last", words(*last)),
                        ],
                    ),
                });
            }
        }
    }
    // The chart and the table of its numbers.
    let scale = if unit_million { 1e6 } else { 1.0 };
    let drawn = scaled(&fit, scale);
    let chart_text = super::charts_its::its_chart_text(&drawn, ctx.lang);
    let svg = its_chart("chart-effect-over-time", &drawn, ctx.lang)?;
    let categories: Vec<String> = fit
        .counterfactual
        .iter()
        .map(|p| {
            series
                .months
                .get((p.time - 1) as usize)
                .map_or_else(|| p.label.clone(), |m| fmt::month_short(*m, ctx.lang))
        })
        .collect();
    let last_pre = fit.counterfactual.iter().rposition(|p| !p.post);
    let lines = vec![
        ChartLine {
            name: ctx.s(Key::OtObserved),
            values: drawn
                .counterfactual
                .iter()
                .map(|p| Some(p.observed))
                .collect(),
        },
        ChartLine {
            name: ctx.s(Key::OtFitted),
            values: drawn
                .counterfactual
                .iter()
                .map(|p| Some(p.fitted))
                .collect(),
        },
        ChartLine {
            name: ctx.s(Key::OtCounterfactual),
            values: drawn
                .counterfactual
                .iter()
                .enumerate()
                .map(|(i, p)| (p.post || Some(i) == last_pre).then_some(p.counterfactual))
                .collect(),
        },
    ];
    blocks.push(Block::Chart(super::build::chart(
        "chart-effect-over-time",
        ChartText {
            title: chart_text.title,
            x_label: chart_text.x_label,
            y_label: chart_text.y_label,
            description: chart_text.description,
        },
        Some("effect-over-time-path"),
        categories,
        lines,
        svg,
    )));
    blocks.push(Block::Table(path_table(ctx, &fit, &series, interruption)));
    // The coefficients.
    let mut table = Table::new(
        "effect-over-time",
        ctx.f(Key::OtTableTitle, &[("interruption", words(interruption))]),
        vec![
            Column::new("quantity", ctx.s(Key::OtColQuantity), ColumnKind::Text),
            Column::new("estimate", ctx.s(Key::OtColEstimate), ColumnKind::Text),
            Column::new("ci", ctx.s(Key::OtColCi), ColumnKind::Text),
        ],
    );
    let kr = |v: f64| fmt::kroner(v, ctx.lang);
    for (label, (estimate, ci)) in [
        (ctx.s(Key::OtRowPreSlope), pre_slope),
        (
            ctx.f(Key::OtRowLevel, &[("interruption", words(interruption))]),
            level,
        ),
        (ctx.s(Key::OtRowSlope), slope),
        (ctx.s(Key::OtRowPostSlope), post_slope),
        (ctx.f(Key::OtRowEnd, &[("end", words(end))]), at_end),
    ] {
        table.push(
            false,
            vec![
                Cell::text(label),
                Cell::text(kr(estimate)),
                Cell::text(format!(
                    "{} {} {}",
                    kr(ci[0]),
                    ctx.s(Key::RangeTo),
                    kr(ci[1])
                )),
            ],
        );
    }
    table.notes.push(ctx.f(
        Key::OtTableNote,
        &[
            ("n", fit.n.treated.to_string()),
            ("pre", fit.n.pre.to_string()),
            ("post", fit.n.post.to_string()),
            ("interruption", words(interruption)),
            (
                "seasons",
                if fit.seasonal.is_some() {
                    ctx.s(Key::OtTableSeasons)
                } else {
                    String::new()
                },
            ),
            ("lags", fit.hac.lags.to_string()),
        ],
    ));
    blocks.push(Block::Table(table));
    // Residual autocorrelation in plain words.
    let d = &fit.diagnostics;
    let diag = match (d.residual_lag1_autocorrelation, d.durbin_watson) {
        (Some(r), Some(dw)) => {
            let key = if r.abs() < WEAK_AUTOCORRELATION {
                Key::OtDiagWeak
            } else if r.abs() < STRONG_AUTOCORRELATION {
                Key::OtDiagModerate
            } else {
                Key::OtDiagStrong
            };
            ctx.f(
                key,
                &[
                    ("r", fmt::decimal(r, 2, ctx.lang)),
                    ("dw", fmt::decimal(dw, 2, ctx.lang)),
                ],
            )
        }
        _ => ctx.s(Key::OtDiagExact),
    };
    blocks.push(Block::Paragraph { text: diag });
    // Warnings, in the report's language.
    let mut warnings = Vec::new();
    for (n, side) in [(fit.n.pre, Key::OtBefore), (fit.n.post, Key::OtFromOn)] {
        if n < 8 {
            warnings.push(ctx.f(
                Key::OtWarnShort,
                &[
                    ("n", n.to_string()),
                    ("side", ctx.s(side)),
                    ("interruption", words(interruption)),
                ],
            ));
        }
    }
    if d.residual_lag1_autocorrelation.is_none() {
        warnings.push(ctx.s(Key::OtWarnExact));
    } else if d
        .residual_lag1_autocorrelation
        .is_some_and(|r| r.abs() >= STRONG_AUTOCORRELATION)
    {
        warnings.push(ctx.s(Key::OtWarnAutocorr));
    }
    warnings.extend(notes);
    push_notes(ctx, &mut blocks, &warnings);
    blocks.push(Block::Definitions {
        items: vec![
            Definition {
                term: ctx.s(Key::OtDefIts),
                text: ctx.s(Key::OtDefItsText),
            },
            Definition {
                term: ctx.s(Key::OtDefCounterfactual),
                text: ctx.s(Key::OtDefCounterfactualText),
            },
            Definition {
                term: ctx.s(Key::OtDefNeweyWest),
                text: ctx.f(
                    Key::OtDefNeweyWestText,
                    &[("lags", fit.hac.lags.to_string())],
                ),
            },
        ],
    });
    Ok((section(ctx, blocks), Some(lead)))
}

/// "Please note:" and the list, when there is anything to note.
fn push_notes(ctx: &Ctx, blocks: &mut Vec<Block>, notes: &[String]) {
    if notes.is_empty() {
        return;
    }
    blocks.push(Block::Paragraph {
        text: ctx.s(Key::OtWarningsLead),
    });
    blocks.push(Block::List {
        items: notes.to_vec(),
    });
}

/// The fit's path in the chart's unit (kroner / `scale`): presentation only.
fn scaled(fit: &ItsFit, scale: f64) -> ItsFit {
    let mut f = fit.clone();
    for p in &mut f.counterfactual {
        p.observed /= scale;
        p.fitted /= scale;
        p.counterfactual /= scale;
        p.effect = p.effect.map(|v| v / scale);
        p.control_observed = p.control_observed.map(|v| v / scale);
        p.control_fitted = p.control_fitted.map(|v| v / scale);
    }
    f
}

/// The numbers drawn: measured, fitted and counterfactual kroner per month.
fn path_table(ctx: &Ctx, fit: &ItsFit, series: &Monthly, interruption: YearMonth) -> Table {
    let mut table = Table::new(
        "effect-over-time-path",
        ctx.s(Key::OtPathTitle),
        vec![
            Column::new("month", ctx.s(Key::OtColMonth), ColumnKind::Text),
            Column::new("observed", ctx.s(Key::OtObserved), ColumnKind::Amount),
            Column::new("fitted", ctx.s(Key::OtFitted), ColumnKind::Amount),
            Column::new(
                "counterfactual",
                ctx.s(Key::OtCounterfactual),
                ColumnKind::Amount,
            ),
            Column::new("difference", ctx.s(Key::OtDifference), ColumnKind::Amount),
        ],
    );
    if series.kroner.iter().fold(0.0f64, |a, v| a.max(v.abs())) >= 1e6 {
        table.amount_unit = AmountUnit::Thousands;
        table.title = format!("{} ({})", table.title, ctx.s(Key::UnitThousand));
    }
    for (i, p) in fit.counterfactual.iter().enumerate() {
        let few = series.persons.get(i).is_some_and(|n| *n < ctx.t);
        let amount = |value: f64| {
            Cell::Amount(Amount {
                value,
                few_persons: few,
            })
        };
        let month = series
            .months
            .get(i)
            .map_or_else(|| p.label.clone(), |m| fmt::month_short(*m, ctx.lang));
        table.push(
            false,
            vec![
                Cell::text(month),
                amount(p.observed),
                amount(p.fitted),
                amount(p.counterfactual),
                p.effect.map_or(Cell::Empty, amount),
            ],
        );
    }
    table.notes.push(ctx.f(
        Key::OtPathNote,
        &[("interruption", month_words(ctx, interruption))],
    ));
    ctx.suppression_notes(&mut table);
    table
}

/// The paragraph an `[[effect_over_time]]` block shows when its design cannot be fitted:
/// the reason, in the fit's words.
pub(super) fn failed_block(ctx: &Ctx, e: &crate::Error) -> Block {
    Block::Paragraph {
        text: ctx.f(Key::OtFailed, &[("reason", e.to_string())]),
    }
}
