//! The synthetic control design of the section on the effect over time: our municipality
//! against a weighted mix of other municipalities on a yearly panel
//! (`[[effect_over_time]] design = "synth"`).
//!
//! ```text
//! panel:   the plan's file, read as the [data] files are; unit, time (whole numbers),
//!          outcome and predictor columns; rows with an empty cell left out (counted)
//! fit:     SyntheticControl::new(outcome, treated_unit, treatment_time)
//!            .predictors(outcome in each pre year + each predictor's pre-period mean)
//!            .placebos(true) — V optimised (as `indsats estimate synth`)
//! shown:   ATT (mean post gap), the placebo rank x of y with p = x / y, pre-RMSPE
//!          against the treated unit's mean outcome before, the largest donor weights
//!          (rounded), the path and gap charts, the path table
//! ```

use super::build::Ctx;
use super::charts::{ChartText, Series as ChartLine};
use super::charts_synth::{synth_gaps, synth_path, SynthLabels};
use super::format as fmt;
use super::over_time::failed_block;
use super::text::Key;
use super::{Block, Definition, Section};
use crate::data::{self, Role, Wanted};
use crate::effects::{Predictor, SynthFit, SynthPanel, SyntheticControl};
use crate::error::{Error, Result};
use crate::plan::{EffectOverTimeSection, InterventionSection};
use crate::summary::{Cell, Column, ColumnKind, Table};

/// A pre-treatment RMSPE below this share of the outcome's level is a close fit.
const GOOD_FIT: f64 = 0.02;
/// Below this, a reasonable one; above, a poor one.
const FAIR_FIT: f64 = 0.05;
/// A placebo p-value at or below this is called rare.
const RARE: f64 = 0.1;
/// Donors named in the text: at most this many, each with a weight of at least
/// [`MIN_WEIGHT`].
const TOP_DONORS: usize = 5;
const MIN_WEIGHT: f64 = 0.005;

/// A key the synthetic control needs (a plan checks it; options built by hand may lack it).
fn needed<T>(v: Option<T>, key: &str) -> Result<T> {
    v.ok_or_else(|| {
        Error::parameter(
            format!("effect_over_time.{key}"),
            "is needed by design = \"synth\"",
        )
    })
}

/// The panel and how many rows were left out.
fn read_panel(plan: &EffectOverTimeSection) -> Result<(SynthPanel, usize)> {
    let file = &needed(plan.panel.as_ref(), "panel")?.file;
    let outcome = needed(plan.outcome.as_deref(), "outcome")?;
    let table = crate::datasets::read_table(file)?;
    let (unit, time) = (plan.unit_column(), plan.time_column());
    let mut wanted = vec![
        Wanted {
            name: unit,
            role: Role::Label,
        },
        Wanted {
            name: time,
            role: Role::Number,
        },
        Wanted {
            name: outcome,
            role: Role::Number,
        },
    ];
    wanted.extend(plan.predictors.iter().map(|p| Wanted {
        name: p,
        role: Role::Number,
    }));
    let frame = data::frame(&table, &wanted)?;
    let units = frame.label(unit).unwrap_or_default().to_vec();
    let mut times = Vec::with_capacity(units.len());
    for (r, t) in frame.number(time).unwrap_or_default().iter().enumerate() {
        if t.fract() != 0.0 || t.abs() > 1e15 {
            return Err(Error::format(
                &frame.source,
                format!(
                    "row {}, column \"{time}\": {t} is not a whole-number period",
                    frame.file_rows[r]
                ),
            ));
        }
        times.push(*t as i64);
    }
    let mut columns = vec![(
        outcome.to_string(),
        frame.number(outcome).unwrap_or_default().to_vec(),
    )];
    for p in &plan.predictors {
        columns.push((p.clone(), frame.number(p).unwrap_or_default().to_vec()));
    }
    let panel = SynthPanel::from_long(&units, &times, columns)
        .map_err(|e| Error::analysis(format!("{}: {e}", frame.source)))?;
    Ok((panel, frame.n_excluded()))
}

/// The fit the section shows.
fn fit(plan: &EffectOverTimeSection, panel: &SynthPanel) -> Result<SynthFit> {
    let outcome = needed(plan.outcome.clone(), "outcome")?;
    let t0 = needed(plan.treatment_time, "treatment_time")?;
    let pre: Vec<i64> = panel.times().iter().copied().filter(|t| *t < t0).collect();
    let mut predictors: Vec<Predictor> = plan
        .predictors
        .iter()
        .map(|p| Predictor::mean(p.clone(), pre.clone()))
        .collect();
    predictors.extend(pre.iter().map(|t| Predictor::mean(outcome.clone(), [*t])));
    let spec = SyntheticControl::new(
        outcome,
        needed(plan.treated_unit.clone(), "treated_unit")?,
        t0,
    )
    .predictors(predictors)
    .placebos(true);
    spec.check()?;
    spec.fit(panel)
}

/// How the section writes the outcome's values: whole numbers when the treated unit's
/// level is 100 or more (else two decimals), with the plan's unit after them.
struct Values<'a> {
    decimals: usize,
    unit: Option<&'a str>,
    lang: crate::Lang,
}

impl Values<'_> {
    /// A number alone (tables).
    fn number(&self, v: f64) -> String {
        fmt::decimal(v, self.decimals, self.lang)
    }

    /// A number with its unit (sentences).
    fn words(&self, v: f64) -> String {
        match self.unit {
            Some(u) => format!("{} {u}", self.number(v)),
            None => self.number(v),
        }
    }
}

/// "A, B og C" with the names as written (proper nouns keep their capitals).
fn names(ctx: &Ctx, names: &[String]) -> String {
    match names {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} {} {last}", rest.join(", "), ctx.s(Key::And)),
    }
}

/// A weight as a whole percentage: `29 %`, `29%`.
fn whole_percent(w: f64, lang: crate::Lang) -> String {
    let n = fmt::decimal(w * 100.0, 0, lang);
    match lang {
        crate::Lang::Da => format!("{n} %"),
        crate::Lang::En => format!("{n}%"),
    }
}

/// A unit's name as the report writes it: as the data do, with a capital first letter
/// (municipalities' names are proper nouns; a code such as `synthby` reads as `Synthby`).
fn display(unit: &str) -> String {
    let mut c = unit.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

/// The section and its lead.
pub(super) fn synth_section(
    ctx: &Ctx,
    plan: &EffectOverTimeSection,
    intervention: Option<&InterventionSection>,
    id: &str,
) -> Result<(Section, Option<String>)> {
    let treated = display(needed(plan.treated_unit.as_deref(), "treated_unit")?);
    let outcome = plan.outcome_words(ctx.lang);
    let outcome = needed(outcome, "outcome")?;
    let t0 = needed(plan.treatment_time, "treatment_time")?;
    let name = intervention.map_or_else(|| ctx.s(Key::OtTheIntervention), |i| i.name.clone());
    let section = |blocks: Vec<Block>| Section {
        id: id.to_string(),
        heading: ctx.f(Key::SecOverTimeSynth, &[("unit", treated.clone())]),
        blocks,
    };
    let (panel, excluded) = read_panel(plan)?;
    let mut blocks = Vec::new();
    let fit = match fit(plan, &panel) {
        Ok(f) => f,
        Err(e) => {
            blocks.push(failed_block(ctx, &e));
            return Ok((section(blocks), None));
        }
    };
    let times = panel.times();
    let (first, last) = (times[0], times[times.len() - 1]);
    let time = t0.to_string();
    let level_all = fit.path.iter().fold(0.0f64, |a, p| a.max(p.treated.abs()));
    let val = Values {
        decimals: if level_all >= 100.0 { 0 } else { 2 },
        unit: plan.outcome_unit.as_deref(),
        lang: ctx.lang,
    };
    blocks.push(Block::Paragraph {
        text: ctx.f(
            Key::OsIntro,
            &[
                ("outcome", outcome.clone()),
                ("unit", treated.clone()),
                ("from", first.to_string()),
                ("to", last.to_string()),
                ("donors", fit.n.control.to_string()),
                ("time", time.clone()),
                ("intervention", name.clone()),
            ],
        ),
    });
    // The lead: the mean gap after, and its rank among the placebos.
    let mut lead = ctx.f(
        Key::OsLead,
        &[
            ("time", time.clone()),
            ("end", last.to_string()),
            ("outcome", outcome.clone()),
            ("unit", treated.clone()),
            ("att", val.words(fit.estimate.abs())),
            (
                "direction",
                ctx.s(if fit.estimate < 0.0 {
                    Key::OtLower
                } else {
                    Key::OtHigher
                }),
            ),
        ],
    );
    // The placebos ranked for the p-value (left out: a perfect fit before, or the
    // cut-off), as the library counts them.
    let included: Vec<_> = fit
        .placebos
        .iter()
        .filter(|p| p.included && p.ratio.is_some())
        .collect();
    let y = included.len() + 1;
    match (fit.p_value, fit.rmspe.ratio) {
        (_, None) => {
            lead.push(' ');
            lead.push_str(&ctx.f(
                Key::OsPerfect,
                &[("unit", treated.clone()), ("time", time.clone())],
            ));
        }
        (Some(p), Some(ratio)) if !included.is_empty() => {
            let x = 1 + included
                .iter()
                .filter(|q| q.ratio.is_some_and(|r| r >= ratio))
                .count();
            lead.push(' ');
            lead.push_str(&ctx.f(
                Key::OsRank,
                &[
                    ("x", x.to_string()),
                    ("y", y.to_string()),
                    ("unit", treated.clone()),
                    ("time", time.clone()),
                    ("p", fmt::decimal(p, 2, ctx.lang)),
                ],
            ));
            lead.push(' ');
            lead.push_str(&if p <= RARE {
                ctx.f(Key::OsRare, &[("intervention", name.clone())])
            } else {
                ctx.f(
                    Key::OsCommon,
                    &[("unit", treated.clone()), ("time", time.clone())],
                )
            });
        }
        _ => {
            lead.push(' ');
            lead.push_str(&ctx.s(Key::OsNoPlacebo));
        }
    }
    blocks.push(Block::Paragraph { text: lead.clone() });
    // The fit before: RMSPE against the treated unit's level before.
    let pre_values: Vec<f64> = fit
        .path
        .iter()
        .filter(|p| p.time < t0)
        .map(|p| p.treated)
        .collect();
    let level = pre_values.iter().sum::<f64>() / pre_values.len().max(1) as f64;
    let share = (level != 0.0).then(|| fit.rmspe.pre / level.abs());
    let mut fit_text = ctx.f(
        Key::OsFit,
        &[
            ("time", time.clone()),
            ("rmspe", val.words(fit.rmspe.pre)),
            ("unit", treated.clone()),
            (
                "share",
                share.map_or_else(|| "–".into(), |s| fmt::percent(s, ctx.lang)),
            ),
            ("level", val.words(level)),
        ],
    );
    let fit_key = match share {
        Some(s) if s < GOOD_FIT => Key::OsFitGood,
        Some(s) if s < FAIR_FIT => Key::OsFitFair,
        _ => Key::OsFitPoor,
    };
    fit_text.push(' ');
    fit_text.push_str(&ctx.f(fit_key, &[("unit", treated.clone())]));
    // The donors with the largest weights (municipalities, not persons: rounded only).
    let mut weights: Vec<_> = fit
        .weights
        .iter()
        .filter(|w| w.weight >= MIN_WEIGHT)
        .collect();
    weights.sort_by(|a, b| b.weight.total_cmp(&a.weight));
    let donors: Vec<String> = weights
        .iter()
        .take(TOP_DONORS)
        .map(|w| {
            ctx.f(
                Key::OsDonor,
                &[
                    ("unit", display(&w.unit)),
                    ("weight", whole_percent(w.weight, ctx.lang)),
                ],
            )
        })
        .collect();
    if !donors.is_empty() {
        fit_text.push(' ');
        fit_text.push_str(&ctx.f(Key::OsDonors, &[("list", names(ctx, &donors))]));
    }
    blocks.push(Block::Paragraph { text: fit_text });
    blocks.push(Block::Paragraph {
        text: ctx.f(
            Key::OsCan,
            &[("unit", treated.clone()), ("time", time.clone())],
        ),
    });
    // The charts.
    let years: Vec<i64> = fit.path.iter().map(|p| p.time).collect();
    let categories: Vec<String> = years.iter().map(ToString::to_string).collect();
    let caption = ctx.f(
        Key::OsCaption,
        &[
            ("unit", treated.clone()),
            ("donors", fit.n.control.to_string()),
            ("from", first.to_string()),
            ("to", last.to_string()),
        ],
    );
    let treatment = ctx.f(
        Key::OsTreatment,
        &[("intervention", name.clone()), ("time", time.clone())],
    );
    let lang = ctx.lang;
    let y_fmt = move |v: f64| {
        if v.abs() >= 100.0 {
            fmt::decimal(v, 0, lang)
        } else {
            fmt::decimal(v, 1, lang)
        }
    };
    let y_label = |label: String| match &plan.outcome_unit {
        Some(u) => format!("{label} ({u})"),
        None => label,
    };
    let treated_values: Vec<f64> = fit.path.iter().map(|p| p.treated).collect();
    let synthetic: Vec<f64> = fit.path.iter().map(|p| p.synthetic).collect();
    let gaps: Vec<f64> = fit.path.iter().map(|p| p.gap).collect();
    let path_text = ChartText {
        title: display(&ctx.f(
            Key::OsPathTitle,
            &[("outcome", outcome.clone()), ("unit", treated.clone())],
        )),
        x_label: ctx.s(Key::Year),
        y_label: y_label(display(&outcome)),
        description: caption.clone(),
    };
    let path_id = format!("chart-{id}-path").replace('_', "-");
    let path_table_id = format!("{id}-path").replace('_', "-");
    let svg = synth_path(
        &path_id,
        &path_text,
        &years,
        &treated_values,
        &synthetic,
        t0,
        &SynthLabels {
            treated: treated.clone(),
            other: ctx.s(Key::OsSynthetic),
            treatment: treatment.clone(),
        },
        &y_fmt,
    )?;
    blocks.push(Block::Chart(super::build::chart(
        &path_id,
        path_text,
        Some(&path_table_id),
        categories.clone(),
        vec![
            ChartLine {
                name: treated.clone(),
                values: treated_values.iter().map(|v| Some(*v)).collect(),
            },
            ChartLine {
                name: ctx.s(Key::OsSynthetic),
                values: synthetic.iter().map(|v| Some(*v)).collect(),
            },
        ],
        svg,
    )));
    let placebo_gaps: Vec<Vec<f64>> = included.iter().map(|p| p.gaps.clone()).collect();
    let gap_text = ChartText {
        title: ctx.f(Key::OsGapTitle, &[("unit", treated.clone())]),
        x_label: ctx.s(Key::Year),
        y_label: y_label(ctx.f(Key::OsGapLabel, &[("outcome", outcome.clone())])),
        description: caption,
    };
    let gap_id = format!("chart-{id}-gaps").replace('_', "-");
    let svg = synth_gaps(
        &gap_id,
        &gap_text,
        &years,
        &gaps,
        &placebo_gaps,
        t0,
        &SynthLabels {
            treated: treated.clone(),
            other: ctx.s(Key::OsPlacebos),
            treatment,
        },
        &y_fmt,
    )?;
    let mut gap_lines = vec![ChartLine {
        name: treated.clone(),
        values: gaps.iter().map(|v| Some(*v)).collect(),
    }];
    gap_lines.extend(included.iter().map(|p| ChartLine {
        name: display(&p.unit),
        values: p.gaps.iter().map(|v| Some(*v)).collect(),
    }));
    blocks.push(Block::Chart(super::build::chart(
        &gap_id, gap_text, None, categories, gap_lines, svg,
    )));
    // The table of the path.
    let mut table = Table::new(
        &path_table_id,
        ctx.f(
            Key::OsTableTitle,
            &[("unit", treated.clone()), ("outcome", outcome.clone())],
        ),
        vec![
            Column::new("year", ctx.s(Key::Year), ColumnKind::Text),
            Column::new("treated", treated.clone(), ColumnKind::Text),
            Column::new("synthetic", ctx.s(Key::OsColSynthetic), ColumnKind::Text),
            Column::new("difference", ctx.s(Key::OtDifference), ColumnKind::Text),
        ],
    );
    for p in &fit.path {
        table.push(
            false,
            vec![
                Cell::text(p.time.to_string()),
                Cell::text(val.number(p.treated)),
                Cell::text(val.number(p.synthetic)),
                Cell::text(val.number(p.gap)),
            ],
        );
    }
    table.notes.push(ctx.f(
        Key::OsTableNote,
        &[
            ("unit", treated.clone()),
            ("time", time.clone()),
            ("att", val.words(fit.estimate)),
        ],
    ));
    blocks.push(Block::Table(table));
    // Warnings, in the report's language.
    let mut warnings = Vec::new();
    if fit.n.pre_periods < 5 {
        warnings.push(ctx.f(
            Key::OsWarnFewPre,
            &[("n", fit.n.pre_periods.to_string()), ("time", time.clone())],
        ));
    }
    if !included.is_empty() && 1.0 / y as f64 > 0.05 {
        warnings.push(ctx.f(
            Key::OsWarnFewUnits,
            &[
                ("y", y.to_string()),
                ("min", fmt::decimal(1.0 / y as f64, 2, ctx.lang)),
            ],
        ));
    }
    let perfect = fit
        .placebos
        .iter()
        .filter(|p| p.included && p.ratio.is_none())
        .count();
    if perfect > 0 {
        warnings.push(ctx.f(
            Key::OsWarnPerfect,
            &[("n", perfect.to_string()), ("time", time.clone())],
        ));
    }
    if excluded > 0 {
        warnings.push(ctx.f(Key::OsWarnRows, &[("n", excluded.to_string())]));
    }
    if !warnings.is_empty() {
        blocks.push(Block::Paragraph {
            text: ctx.s(Key::OtWarningsLead),
        });
        blocks.push(Block::List { items: warnings });
    }
    let predictors = if plan.predictors.is_empty() {
        String::new()
    } else {
        ctx.f(
            Key::OsDefPredictors,
            &[("list", ctx.list(&plan.predictors))],
        )
    };
    blocks.push(Block::Definitions {
        items: vec![
            Definition {
                term: ctx.s(Key::OsDefSynth),
                text: ctx.f(Key::OsDefSynthText, &[("predictors", predictors)]),
            },
            Definition {
                term: ctx.s(Key::OsDefRmspe),
                text: ctx.s(Key::OsDefRmspeText),
            },
            Definition {
                term: ctx.s(Key::OsDefPlacebo),
                text: ctx.s(Key::OsDefPlaceboText),
            },
        ],
    });
    Ok((section(blocks), Some(lead)))
}
