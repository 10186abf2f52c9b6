//! The economics section: what the intervention cost, what it saved on other measures,
//! the business case year by year, and how concentrated the municipality's costs are.
//!
//! Computing is left to [`crate::economics`]: the cost effect ([`CostEffect`]), the
//! business case ([`BusinessCase`]), costs per person and year ([`CostParams`]) and the
//! concentration ([`ConcentrationParams`]). This file only chooses what to show and words
//! it.

use super::build::Ctx;
use super::charts::{self, ChartText, Series};
use super::format as fmt;
use super::text::Key;
use super::{Block, Definition, Section};
use crate::data::{Dataset, EndReason};
use crate::economics::{
    BusinessCase, BusinessCaseFit, Concentration, ConcentrationParams, CostDesign, CostEffect,
    CostEffectFit, CostEffectSpec, CostParams, CostPerOutcome, Periods, PersonWindow, Refunds,
    SensitivityInput, UnknownMeasures,
};
use crate::error::Result;
use crate::plan::{Comparison, Design, EconomicsSection, EffectSection, InterventionSection};
use crate::summary::{Amount, Cell, Column, ColumnKind, Count, Share, Table};
use chrono::Datelike;

/// The economics section, when the plan has `[economics]`, `[effect]` and
/// `[intervention]` with a participant column.
pub(super) fn economics_section(
    ctx: &Ctx,
    data: &Dataset,
    econ: &EconomicsSection,
    effect: &EffectSection,
    intervention: &InterventionSection,
) -> Result<Option<Section>> {
    let (Some(participant_column), Some(start_column)) = (
        intervention.participant_column.clone(),
        effect.participant_start_column.clone(),
    ) else {
        return Ok(None);
    };
    let spec = CostEffectSpec {
        participant_column,
        start_column,
        programme_account: econ.programme_account.clone(),
        programme_districts: if intervention.comparison == Comparison::OtherDistricts {
            intervention.districts.clone()
        } else {
            Vec::new()
        },
        covariates: econ
            .covariates
            .clone()
            .unwrap_or_else(|| effect.covariates.clone()),
        end_column: None,
        end_age: None,
        infer_moves: true,
    };
    // The report shows what the data hold: refunds are netted and unknown measures kept
    // (validation has already listed them), as the spending section does.
    let costs = CostParams::new()
        .refunds(Refunds::Net)
        .unknown_measures(UnknownMeasures::Keep);
    let mut blocks = Vec::new();
    let name = intervention.name.clone();
    let fit = CostEffect::new(spec)
        .costs(costs.clone())
        .design(if effect.design == Design::DoublyRobust {
            CostDesign::DoublyRobust
        } else {
            CostDesign::Weighting
        })
        .replicates(econ.bootstrap)
        .seed(econ.seed)
        .fit(data);
    match fit {
        Ok(fit) if fit.n.used_participants >= ctx.t && fit.n.used_comparison >= ctx.t => {
            let case = BusinessCase::new()
                .discount_rate(econ.discount_rate)
                .sensitivity(econ.sensitivity)
                .fit(&fit.business_years())?;
            blocks.push(Block::Paragraph {
                text: lead(ctx, &name, &fit, &case),
            });
            blocks.push(Block::Table(business_table(ctx, &case)));
            blocks.push(cumulative_chart(ctx, &name, &case)?);
            if !case.sensitivity.is_empty() {
                blocks.push(tornado_chart(ctx, econ, &case)?);
            }
            blocks.push(Block::Paragraph {
                text: counts_text(ctx, &fit),
            });
            if !fit.warnings.is_empty() {
                blocks.push(Block::List {
                    items: fit.warnings.clone(),
                });
            }
        }
        Ok(fit) => blocks.push(Block::Paragraph {
            text: ctx.f(
                Key::EcTooFew,
                &[
                    ("intervention", name.clone()),
                    ("t", ctx.t.to_string()),
                    (
                        "participants",
                        fmt::count(
                            Count::primary(fit.n.used_participants, ctx.t),
                            ctx.t,
                            ctx.lang,
                        ),
                    ),
                ],
            ),
        }),
        Err(e) => blocks.push(Block::Paragraph {
            text: ctx.f(Key::EcFailed, &[("reason", e.to_string())]),
        }),
    }
    if let Some(outcome) = &econ.outcome {
        blocks.extend(cost_per_outcome_blocks(
            ctx,
            data,
            econ,
            &costs,
            intervention,
            effect,
            outcome,
        ));
    }
    blocks.extend(concentration_blocks(ctx, data, econ, &costs)?);
    blocks.push(Block::Definitions {
        items: definitions(ctx, econ),
    });
    Ok(Some(Section {
        id: "economics".into(),
        heading: ctx.s(Key::SecEconomics),
        blocks,
    }))
}

/// The lead: what the programme cost, what it changed, and whether it pays for itself.
fn lead(ctx: &Ctx, name: &str, fit: &CostEffectFit, case: &BusinessCaseFit) -> String {
    let l = ctx.lang;
    let first = fit.years.first().map_or(0, |y| y.year);
    let last = fit.years.last().map_or(0, |y| y.year);
    let programme_total: f64 = case.investment.iter().sum();
    let e = fit.estimate;
    let mut text = ctx.f(
        Key::EcLead,
        &[
            ("intervention", name.to_string()),
            ("total", fmt::kroner_short(programme_total, l)),
            ("from", first.to_string()),
            ("to", last.to_string()),
            (
                "per_year",
                fmt::kroner(fit.programme_cost_per_child_year, l),
            ),
            ("amount", fmt::kroner(e.abs(), l)),
            (
                "direction",
                ctx.s(if e < 0.0 { Key::EcLess } else { Key::EcMore }),
            ),
            ("lo", fmt::kroner(fit.ci[0], l)),
            ("hi", fmt::kroner(fit.ci[1], l)),
        ],
    );
    text.push(' ');
    text.push_str(&ctx.s(if fit.ci[1] < 0.0 {
        Key::EcSureSaving
    } else if fit.ci[0] > 0.0 {
        Key::EcSureCost
    } else {
        Key::EcUnsure
    }));
    text.push(' ');
    let net = fit.total_effect.estimate;
    text.push_str(&ctx.f(
        if net > 0.0 {
            Key::EcNetCost
        } else {
            Key::EcNetSaving
        },
        &[("net", fmt::kroner(net.abs(), l))],
    ));
    text.push(' ');
    let unsure = fit.ci[0] <= 0.0 && fit.ci[1] >= 0.0;
    text.push_str(&match case.break_even_year {
        Some(y) if unsure => ctx.f(Key::EcBreakEvenUnsure, &[("year", y.to_string())]),
        Some(y) => ctx.f(Key::EcBreakEven, &[("year", y.to_string())]),
        None => ctx.f(
            Key::EcNoBreakEven,
            &[
                ("to", last.to_string()),
                ("npv", fmt::kroner_short(case.npv, l)),
                ("rate", fmt::percent(case.discount_rate, l)),
            ],
        ),
    });
    text
}

/// Kroner as a table amount (the amounts here rest on all participants, not on few).
fn amount(v: f64) -> Cell {
    Cell::Amount(Amount {
        value: v,
        few_persons: false,
    })
}

fn business_table(ctx: &Ctx, case: &BusinessCaseFit) -> Table {
    let columns = vec![
        Column::new("year", ctx.s(Key::Year), ColumnKind::Text),
        Column::new(
            "investment",
            ctx.s(Key::EcColInvestment),
            ColumnKind::Amount,
        ),
        Column::new(
            "gross_savings",
            ctx.s(Key::EcColSavings),
            ColumnKind::Amount,
        ),
        Column::new("net", ctx.s(Key::EcColNet), ColumnKind::Amount),
        Column::new(
            "cumulative_net",
            ctx.s(Key::EcColCumulative),
            ColumnKind::Amount,
        ),
    ];
    let mut table = Table::new("business_case", ctx.s(Key::EcTblBusiness), columns);
    for (i, y) in case.years.iter().enumerate() {
        table.push(
            false,
            vec![
                Cell::text(y.to_string()),
                amount(case.investment[i]),
                amount(case.gross_savings[i]),
                amount(case.net[i]),
                amount(case.cumulative_net[i]),
            ],
        );
    }
    let sum = |v: &[f64]| v.iter().sum::<f64>();
    table.push(
        true,
        vec![
            Cell::text(ctx.s(Key::Total)),
            amount(sum(&case.investment)),
            amount(sum(&case.gross_savings)),
            amount(sum(&case.net)),
            Cell::Empty,
        ],
    );
    table.notes.push(ctx.s(Key::EcNoteSavings));
    table.notes.push(ctx.f(
        Key::EcNoteNpv,
        &[
            ("npv", fmt::kroner(case.npv, ctx.lang)),
            ("rate", fmt::percent(case.discount_rate, ctx.lang)),
        ],
    ));
    table
}

/// The unit for amounts that run into millions.
fn scale_of(max_abs: f64) -> (f64, Key) {
    if max_abs >= 1e6 {
        (1e6, Key::UnitMillion)
    } else if max_abs >= 1e4 {
        (1e3, Key::UnitThousand)
    } else {
        (1.0, Key::UnitKroner)
    }
}

fn cumulative_chart(ctx: &Ctx, name: &str, case: &BusinessCaseFit) -> Result<Block> {
    let max = case
        .net
        .iter()
        .chain(&case.cumulative_net)
        .fold(0.0_f64, |m, v| m.max(v.abs()));
    let (scale, unit) = scale_of(max);
    let years: Vec<String> = case.years.iter().map(ToString::to_string).collect();
    let net: Vec<f64> = case.net.iter().map(|v| v / scale).collect();
    let cumulative: Vec<f64> = case.cumulative_net.iter().map(|v| v / scale).collect();
    let text = ChartText {
        title: ctx.f(Key::EcChartNetTitle, &[("intervention", name.to_string())]),
        x_label: ctx.s(Key::Year),
        y_label: ctx.f(Key::EcChartNetY, &[("unit", ctx.s(unit))]),
        description: ctx.f(
            Key::EcChartNetCaption,
            &[
                ("from", years.first().cloned().unwrap_or_default()),
                ("to", years.last().cloned().unwrap_or_default()),
            ],
        ),
    };
    let labels = [ctx.s(Key::EcColNet), ctx.s(Key::EcColCumulative)];
    let lang = ctx.lang;
    let decimals = usize::from(scale == 1e6);
    let y_fmt = move |v: f64| fmt::decimal(v, decimals, lang);
    let svg = charts::cumulative_net(
        "chart-business-case",
        &text,
        &years,
        &net,
        &cumulative,
        [&labels[0], &labels[1]],
        &y_fmt,
    )?;
    Ok(Block::Chart(super::build::chart(
        "chart-business-case",
        text,
        Some("business_case"),
        years,
        vec![
            Series {
                name: labels[0].clone(),
                values: net.into_iter().map(Some).collect(),
            },
            Series {
                name: labels[1].clone(),
                values: cumulative.into_iter().map(Some).collect(),
            },
        ],
        svg,
    )))
}

fn tornado_chart(ctx: &Ctx, econ: &EconomicsSection, case: &BusinessCaseFit) -> Result<Block> {
    let max = case
        .sensitivity
        .iter()
        .flat_map(|s| [s.npv_low_input, s.npv_high_input])
        .chain([case.npv])
        .fold(0.0_f64, |m, v| m.max(v.abs()));
    let (scale, unit) = scale_of(max);
    let rows: Vec<(String, f64, f64)> = case
        .sensitivity
        .iter()
        .map(|s| {
            let key = match s.assumption {
                SensitivityInput::Investment => Key::EcColInvestment,
                SensitivityInput::GrossSavings => Key::EcColSavings,
                SensitivityInput::DiscountRate => Key::EcDiscountRate,
            };
            (
                ctx.s(key),
                s.npv_low_input / scale,
                s.npv_high_input / scale,
            )
        })
        .collect();
    let change = {
        let pct = 100.0 * econ.sensitivity;
        let decimals = if (pct - pct.round()).abs() < 1e-9 {
            0
        } else {
            1
        };
        match ctx.lang {
            crate::Lang::Da => format!("{} %", fmt::decimal(pct, decimals, ctx.lang)),
            crate::Lang::En => format!("{}%", fmt::decimal(pct, decimals, ctx.lang)),
        }
    };
    let text = ChartText {
        title: ctx.s(Key::EcChartTornadoTitle),
        x_label: ctx.f(Key::EcChartTornadoX, &[("unit", ctx.s(unit))]),
        y_label: String::new(),
        description: ctx.f(
            Key::EcChartTornadoCaption,
            &[
                ("change", change.clone()),
                ("npv", fmt::kroner_short(case.npv, ctx.lang)),
            ],
        ),
    };
    let low = format!("−{change}");
    let high = format!("+{change}");
    let lang = ctx.lang;
    let decimals = usize::from(scale == 1e6);
    let x_fmt = move |v: f64| fmt::decimal(v, decimals, lang);
    let svg = charts::tornado(
        "chart-tornado",
        &text,
        &rows,
        case.npv / scale,
        [&low, &high],
        &x_fmt,
    )?;
    let categories: Vec<String> = rows.iter().map(|r| r.0.clone()).collect();
    Ok(Block::Chart(super::build::chart(
        "chart-tornado",
        text,
        None,
        categories,
        vec![
            Series {
                name: low,
                values: rows.iter().map(|r| Some(r.1)).collect(),
            },
            Series {
                name: high,
                values: rows.iter().map(|r| Some(r.2)).collect(),
            },
        ],
        svg,
    )))
}

/// The programme's cost per outcome among its participants: each participant from their
/// start to the cut-off, the programme account's cost over that time against the outcomes
/// in it. A paragraph, or nothing to say when there are too few outcomes to show.
#[allow(clippy::too_many_arguments)]
fn cost_per_outcome_blocks(
    ctx: &Ctx,
    data: &Dataset,
    econ: &EconomicsSection,
    costs: &CostParams,
    intervention: &InterventionSection,
    effect: &EffectSection,
    outcome: &str,
) -> Vec<Block> {
    let fail = |reason: String| {
        vec![Block::Paragraph {
            text: ctx.f(Key::EcCpoFailed, &[("reason", reason)]),
        }]
    };
    let persons = &data.persons;
    let (Some(pc), Some(sc)) = (
        intervention
            .participant_column
            .as_ref()
            .and_then(|c| persons.covariate_names.iter().position(|n| n == c)),
        effect
            .participant_start_column
            .as_ref()
            .and_then(|c| persons.date_names.iter().position(|n| n == c)),
    ) else {
        return fail(ctx.s(Key::EcCpoNoColumns));
    };
    let cutoff = data.cutoff;
    let marked = persons
        .rows
        .iter()
        .filter(|p| p.covariates[pc] == Some(1.0))
        .count();
    let windows: Vec<PersonWindow> = persons
        .rows
        .iter()
        .filter(|p| p.covariates[pc] == Some(1.0))
        .filter_map(|p| {
            let start = p.dates[sc]?;
            (start <= cutoff).then(|| PersonWindow {
                person_id: p.person_id.clone(),
                from: start,
                to: cutoff,
            })
        })
        .collect();
    // Participants without a start date up to the cut-off have no time to count costs and
    // outcomes in: said, not dropped unseen.
    let left_out = marked - windows.len();
    if windows.is_empty() {
        return Vec::new();
    }
    let fit = match costs
        .clone()
        .periods(Periods::Windows(windows.clone()))
        .fit(data)
    {
        Ok(f) => f,
        Err(e) => return fail(e.to_string()),
    };
    let cost: Vec<f64> = windows
        .iter()
        .map(|w| {
            fit.person(&w.person_id)
                .filter_map(|r| r.by_measure.get(&econ.programme_account))
                .sum()
        })
        .collect();
    let achieved: Vec<f64> = windows
        .iter()
        .map(|w| {
            let inside = |d: chrono::NaiveDate| d >= w.from && d <= w.to;
            if outcome == "step_down" {
                data.episodes
                    .rows
                    .iter()
                    .filter(|e| e.person_id == w.person_id)
                    .filter(|e| e.end_reason == Some(EndReason::StepDown))
                    .filter(|e| e.end_date.is_some_and(inside))
                    .filter(|e| data.staircase.level(&e.level).is_some_and(|l| !l.placement))
                    .count() as f64
            } else {
                let got = data.outcomes.rows.iter().any(|o| {
                    o.person_id == w.person_id
                        && o.outcome == outcome
                        && o.value == 1.0
                        && inside(o.date)
                });
                f64::from(u8::from(got))
            }
        })
        .collect();
    let total_outcomes: f64 = achieved.iter().sum();
    let name = outcome_name(ctx, outcome);
    if (total_outcomes as usize) < ctx.t {
        return vec![Block::Paragraph {
            text: ctx.f(
                Key::EcCpoTooFew,
                &[("outcome", name), ("t", ctx.t.to_string())],
            ),
        }];
    }
    let est = match CostPerOutcome::new()
        .replicates(econ.bootstrap)
        .seed(econ.seed)
        .bca(false)
        .fit(&cost, &achieved, None)
    {
        Ok(f) => f,
        Err(e) => return fail(e.to_string()),
    };
    let all = &est.groups[0];
    let (Some(value), Some(ci)) = (all.cost_per_outcome.estimate, all.cost_per_outcome.ci) else {
        return fail(ctx.s(Key::EcCpoUndefined));
    };
    let l = ctx.lang;
    let mut text = ctx.f(
        Key::EcCpoLead,
        &[
            ("intervention", intervention.name.clone()),
            ("value", fmt::kroner(value, l)),
            ("outcome", name),
            ("outcomes", fmt::integer(total_outcomes as i64, l)),
            (
                "participants",
                fmt::count(Count::primary(all.n, ctx.t), ctx.t, l),
            ),
            ("total", fmt::kroner_short(all.total_cost, l)),
            ("lo", fmt::kroner(ci[0], l)),
            ("hi", fmt::kroner(ci[1], l)),
        ],
    );
    if left_out > 0 {
        text.push(' ');
        text.push_str(&ctx.f(
            Key::EcCpoLeftOut,
            &[("n", fmt::count(Count::primary(left_out, ctx.t), ctx.t, l))],
        ));
    }
    vec![Block::Paragraph { text }]
}

/// An outcome's name in words: the known ones translated, others as written.
fn outcome_name(ctx: &Ctx, outcome: &str) -> String {
    match outcome {
        "step_down" => ctx.s(Key::EcOutStepDown),
        "leaving_exam" => ctx.s(Key::EcOutLeavingExam),
        "youth_education" => ctx.s(Key::EcOutYouthEducation),
        "self_supporting" => ctx.s(Key::EcOutSelfSupporting),
        other => other.replace('_', " "),
    }
}

/// Who is in the estimate and who was left out, and why.
fn counts_text(ctx: &Ctx, fit: &CostEffectFit) -> String {
    let c = |v: usize| fmt::count(Count::primary(v, ctx.t), ctx.t, ctx.lang);
    let mut text = ctx.f(
        Key::EcCounts,
        &[
            ("participants", c(fit.n.used_participants)),
            ("comparison", c(fit.n.used_comparison)),
            ("child_years", fmt::decimal(fit.child_years, 0, ctx.lang)),
            ("replicates", fit.replicates.to_string()),
        ],
    );
    let reasons: Vec<String> = fit
        .n
        .excluded
        .iter()
        .filter(|(_, n)| **n > 0)
        .map(|(reason, n)| {
            let key = match reason.as_str() {
                "no_start_date" => Key::EcExNoStart,
                "start_outside_data" => Key::EcExStartOutside,
                "left_before_start" => Key::EcExLeft,
                "no_birth_date" => Key::EcExNoBirth,
                "no_eligible_start" => Key::EcExNoEligible,
                "missing_covariate" => Key::EcExMissing,
                "in_programme_district" => Key::EcExDistrict,
                _ => Key::EcExOther,
            };
            ctx.f(key, &[("n", c(*n)), ("reason", reason.clone())])
        })
        .collect();
    if !reasons.is_empty() {
        text.push(' ');
        text.push_str(&ctx.f(Key::EcExcluded, &[("list", ctx.list(&reasons))]));
    }
    text
}

/// The concentration of the last complete year's costs over persons (or the plan's year).
fn concentration_blocks(
    ctx: &Ctx,
    data: &Dataset,
    econ: &EconomicsSection,
    costs: &CostParams,
) -> Result<Vec<Block>> {
    let year = econ.concentration_year.unwrap_or_else(|| {
        let c = data.cutoff;
        if c.month() == 12 && c.day() == 31 {
            c.year()
        } else {
            c.year() - 1
        }
    });
    let (Some(from), Some(to)) = (
        chrono::NaiveDate::from_ymd_opt(year, 1, 1),
        chrono::NaiveDate::from_ymd_opt(year, 12, 31),
    ) else {
        return Ok(Vec::new());
    };
    let per_person = match costs
        .clone()
        .periods(Periods::Whole)
        .from(from)
        .to(to.min(data.cutoff))
        .fit(data)
    {
        Ok(p) => p,
        Err(e) => {
            return Ok(vec![Block::Paragraph {
                text: ctx.f(Key::EcConcFailed, &[("reason", e.to_string())]),
            }])
        }
    };
    let amounts: Vec<f64> = per_person
        .rows
        .iter()
        .map(|r| r.total)
        .filter(|v| *v > 0.0)
        .collect();
    // Persons whose refunds cancel their costs have no share to take.
    let not_positive = per_person.rows.len() - amounts.len();
    if amounts.len() < ctx.t.max(20) {
        return Ok(Vec::new());
    }
    let c = ConcentrationParams::default().fit(&amounts)?;
    let mut blocks = vec![Block::Paragraph {
        text: concentration_lead(ctx, year, &c),
    }];
    let points: Vec<(f64, f64)> = c
        .lorenz
        .iter()
        .map(|p| (100.0 * p.population_share, 100.0 * p.cost_share))
        .collect();
    let text = ChartText {
        title: ctx.s(Key::EcChartLorenzTitle),
        x_label: ctx.s(Key::EcChartLorenzX),
        y_label: ctx.s(Key::EcChartLorenzY),
        description: ctx.f(
            Key::EcChartLorenzCaption,
            &[
                ("year", year.to_string()),
                ("n", fmt::integer(c.n as i64, ctx.lang)),
                ("gini", fmt::decimal(c.gini, 2, ctx.lang)),
            ],
        ),
    };
    let labels = [ctx.s(Key::EcLorenzCurve), ctx.s(Key::EcLorenzEqual)];
    let svg = charts::lorenz("chart-lorenz", &text, &points, [&labels[0], &labels[1]])?;
    // The chart's table: the curve at every tenth of the persons.
    let categories: Vec<String> = (0..=10).map(|k| format!("{}", k * 10)).collect();
    let at = |x: f64| -> f64 {
        let i = points.partition_point(|p| p.0 < x).min(points.len() - 1);
        if i == 0 {
            return points[0].1;
        }
        let (a, b) = (points[i - 1], points[i]);
        if b.0 == a.0 {
            b.1
        } else {
            a.1 + (b.1 - a.1) * (x - a.0) / (b.0 - a.0)
        }
    };
    blocks.push(Block::Chart(super::build::chart(
        "chart-lorenz",
        text,
        Some("cost_concentration"),
        categories,
        vec![Series {
            name: labels[0].clone(),
            values: (0..=10).map(|k| Some(at(10.0 * k as f64))).collect(),
        }],
        svg,
    )));
    let mut table = concentration_table(ctx, year, &c);
    if not_positive > 0 {
        table.notes.push(ctx.f(
            Key::EcNoteNotPositive,
            &[(
                "n",
                fmt::count(Count::primary(not_positive, ctx.t), ctx.t, ctx.lang),
            )],
        ));
    }
    blocks.push(Block::Table(table));
    Ok(blocks)
}

/// A top share is shown only when it rests on at least the small-count threshold of
/// persons: the cost of two named-by-rank children is their cost.
fn shown_share(ctx: &Ctx, persons: f64, share: f64) -> Option<f64> {
    (persons >= ctx.t as f64).then_some(share)
}

fn concentration_lead(ctx: &Ctx, year: i32, c: &Concentration) -> String {
    let pct = |s: Option<f64>| {
        s.map_or_else(
            || ctx.f(Key::FewerThan, &[("t", ctx.t.to_string())]),
            |v| fmt::percent(v, ctx.lang),
        )
    };
    let top = |f: f64| {
        c.top_shares
            .iter()
            .find(|s| (s.fraction - f).abs() < 1e-12)
            .and_then(|s| shown_share(ctx, s.persons, s.share))
    };
    let key = if top(0.01).is_some() {
        Key::EcConcLead
    } else {
        Key::EcConcLeadNoTop1
    };
    ctx.f(
        key,
        &[
            ("year", year.to_string()),
            ("n", fmt::integer(c.n as i64, ctx.lang)),
            ("total", fmt::kroner_short(c.total, ctx.lang)),
            ("top1", pct(top(0.01))),
            ("top10", pct(top(0.10))),
            ("gini", fmt::decimal(c.gini, 2, ctx.lang)),
        ],
    )
}

fn concentration_table(ctx: &Ctx, year: i32, c: &Concentration) -> Table {
    let columns = vec![
        Column::new("group", ctx.s(Key::EcColGroup), ColumnKind::Text),
        Column::new("persons", ctx.s(Key::EcColPersons), ColumnKind::Count),
        Column::new("share", ctx.s(Key::EcColShare), ColumnKind::Share),
    ];
    let mut table = Table::new(
        "cost_concentration",
        ctx.f(Key::EcTblConcentration, &[("year", year.to_string())]),
        columns,
    );
    for s in &c.top_shares {
        let persons = s.persons.floor() as usize;
        let shown = shown_share(ctx, s.persons, s.share);
        table.push(
            false,
            vec![
                Cell::text(ctx.f(
                    Key::EcTopGroup,
                    &[("pct", fmt::decimal(100.0 * s.fraction, 0, ctx.lang))],
                )),
                Cell::Count(Count::primary(persons, ctx.t)),
                Cell::Share(shown.map_or(Share::Suppressed, Share::Shown)),
            ],
        );
    }
    table.push(
        true,
        vec![
            Cell::text(ctx.s(Key::Total)),
            Cell::Count(Count::primary(c.n, ctx.t)),
            Cell::Share(Share::Shown(1.0)),
        ],
    );
    table.notes.push(ctx.f(
        Key::EcNoteGini,
        &[("gini", fmt::decimal(c.gini, 3, ctx.lang))],
    ));
    // The persons column counts whole persons; the share takes the fractional one in.
    table.notes.push(ctx.s(Key::EcNoteTopShare));
    ctx.suppression_notes(&mut table);
    table
}

fn definitions(ctx: &Ctx, econ: &EconomicsSection) -> Vec<Definition> {
    let d = |term: Key, text: String| Definition {
        term: ctx.s(term),
        text,
    };
    vec![
        d(
            Key::EcColInvestment,
            ctx.f(
                Key::EcDefInvestment,
                &[("account", econ.programme_account.clone())],
            ),
        ),
        d(Key::EcColSavings, ctx.s(Key::EcDefSavings)),
        d(Key::EcColNet, ctx.s(Key::EcDefNet)),
        d(Key::EcNpv, {
            let mut t = ctx.f(
                Key::EcDefNpv,
                &[("rate", fmt::percent(econ.discount_rate, ctx.lang))],
            );
            if econ.discount_rate == crate::economics::MINISTRY_OF_FINANCE_DISCOUNT_RATE {
                t.push(' ');
                t.push_str(&ctx.s(Key::EcDefNpvMof));
            }
            t
        }),
        d(Key::EcGini, ctx.s(Key::EcDefGini)),
    ]
}
