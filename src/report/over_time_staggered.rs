//! The staggered difference-in-differences design of the section on the effect over time:
//! districts that started in different years against those not (yet) started, on a yearly
//! panel of districts (`[[effect_over_time]] design = "staggered_did"`).
//!
//! ```text
//! panel:   the plan's file, read as the [data] files are; unit (label), time and cohort
//!          (whole numbers; cohort = first treated period, 0 never) and outcome columns;
//!          rows with an empty cell left out (counted); a cohort that differs within a
//!          unit, or a unit twice in a year, refuses the report naming file, rows, values
//! fit:     StaggeredDid::new().control(never | not yet).bootstrap(Some(replicates))
//!            .seed(seed) — as `indsats estimate staggered-did`
//! shown:   the simple aggregation with its 95 % CI (the lead), the cohorts and their
//!          units, the Wald pre-test's p, the dynamic aggregation by years since the start
//!          (estimate, pointwise CI, simultaneous band) as chart and table, the TWFE
//!          estimate when it lies outside the CI, every fit warning in the report's language
//! numbers: decimals = clamp(−floor(log10 SE), 0, 4) from the simple ATT's SE (to the
//!          uncertainty's first digit: SE 0.012 → 2, 0.005 → 3, 350 → 0); 2 with no SE
//! ```

use super::build::Ctx;
use super::charts::{ChartText, Series as ChartLine};
use super::charts_time::{event_study_plot, EventPoint};
use super::format as fmt;
use super::over_time::failed_block;
use super::text::Key;
use super::{Block, Definition, Section};
use crate::data::{self, Role, Wanted};
use crate::effects::{StaggeredDid, StaggeredFit, StaggeredPanel};
use crate::error::{Error, Result};
use crate::plan::{EffectOverTimeSection, InterventionSection, StaggeredControl};
use crate::summary::{Cell, Column, ColumnKind, Table};
use std::collections::{BTreeMap, HashMap};

/// A pre-test p-value below this is a sign of different trends before the start (the
/// estimator's own warning uses 1 − level = 0.05).
const PRETEST_ALPHA: f64 = 0.05;
/// Below this many districts in the smallest start year, a pre-test that rejects is said
/// to be unreliable: the Wald test's covariance of the pre-start effects is estimated from
/// the few districts of each start year, and it finds differences too often. On 10 years
/// with start years 2018, 2020 and 2022 and no difference before the start (N(0, 0.03²)
/// noise, 200 panels), it rejected at 5 % in 99.5 % of panels with 3 districts per start
/// year (11 never), 88 % with 5 (25 never) and 24 % with 20 (100 never); csdid's and R
/// did's pre-test is the same statistic.
const FEW_FOR_PRETEST: usize = 30;

/// A key the design needs (a plan checks it; options built by hand may lack it).
fn needed<T>(v: Option<T>, key: &str) -> Result<T> {
    v.ok_or_else(|| {
        Error::parameter(
            format!("effect_over_time.{key}"),
            "is needed by design = \"staggered_did\"",
        )
    })
}

/// The panel as read: the estimator's input, its years, the rows left out for an empty
/// cell, and each unit's cohort.
pub(super) struct Read {
    pub(super) panel: StaggeredPanel,
    pub(super) years: Vec<i64>,
    pub(super) excluded: usize,
    pub(super) cohorts: BTreeMap<String, i64>,
}

/// A whole number, or an error naming file, row, column and value.
fn whole(v: f64, what: &str, source: &str, row: usize, column: &str) -> Result<i64> {
    if v.fract() != 0.0 || v.abs() > 1e15 {
        return Err(Error::format(
            source,
            format!("row {row}, column \"{column}\": {v} is not a whole-number {what}"),
        ));
    }
    Ok(v as i64)
}

pub(super) fn read_panel(plan: &EffectOverTimeSection) -> Result<Read> {
    let file = &needed(plan.panel.as_ref(), "panel")?.file;
    let outcome = needed(plan.outcome.as_deref(), "outcome")?;
    let table = crate::datasets::read_table(file)?;
    let (unit, time, cohort) = (plan.unit_column(), plan.time_column(), plan.cohort_column());
    let wanted = [
        Wanted {
            name: unit,
            role: Role::Label,
        },
        Wanted {
            name: time,
            role: Role::Number,
        },
        Wanted {
            name: cohort,
            role: Role::Number,
        },
        Wanted {
            name: outcome,
            role: Role::Number,
        },
    ];
    let frame = data::frame(&table, &wanted)?;
    let src = frame.source.clone();
    let units = frame.label(unit).unwrap_or_default().to_vec();
    let times_raw = frame.number(time).unwrap_or_default();
    let cohorts_raw = frame.number(cohort).unwrap_or_default();
    let mut times = Vec::with_capacity(units.len());
    let mut first_of: HashMap<&str, (i64, usize)> = HashMap::new();
    let mut seen: HashMap<(&str, i64), usize> = HashMap::new();
    let mut cohorts = BTreeMap::new();
    for r in 0..units.len() {
        let row = frame.file_rows[r];
        let t = whole(times_raw[r], "period", &src, row, time)?;
        let g = whole(cohorts_raw[r], "first treated period", &src, row, cohort)?;
        if g < 0 {
            return Err(Error::format(
                &src,
                format!(
                    "row {row}, column \"{cohort}\": {g} is not a first treated period (a year, \
                     or 0 for never treated)"
                ),
            ));
        }
        let u = units[r].as_str();
        match first_of.get(u) {
            Some(&(g0, row0)) if g0 != g => {
                return Err(Error::format(
                    &src,
                    format!(
                        "column \"{cohort}\": {unit} \"{u}\" has {g0} in row {row0} but {g} in row \
                         {row}; the first treated period must be the same in all of a {unit}'s rows"
                    ),
                ))
            }
            Some(_) => {}
            None => {
                first_of.insert(u, (g, row));
                cohorts.insert(u.to_string(), g);
            }
        }
        if let Some(row0) = seen.insert((u, t), row) {
            return Err(Error::format(
                &src,
                format!(
                    "{unit} \"{u}\" appears twice in {time} {t}: rows {row0} and {row}; the panel \
                     has one row per {unit} and {time}"
                ),
            ));
        }
        times.push(t);
    }
    let mut years = times.clone();
    years.sort_unstable();
    years.dedup();
    let excluded = frame.n_excluded();
    let panel = StaggeredPanel {
        outcome: outcome.to_string(),
        id: units,
        time: times.iter().map(|t| *t as f64).collect(),
        cohort: cohorts_raw.to_vec(),
        y: frame.number(outcome).unwrap_or_default().to_vec(),
        rows: Some(frame.file_rows.clone()),
        excluded,
        warnings: Vec::new(),
    };
    Ok(Read {
        panel,
        years,
        excluded,
        cohorts,
    })
}

/// The decimals the section writes effects with: to the standard error's first digit
/// (`0.012` → 2, `0.005` → 3), between 0 and 4; 2 without one.
pub(super) fn effect_decimals(std_error: Option<f64>) -> usize {
    match std_error {
        Some(se) if se.is_finite() && se > 0.0 => (-se.log10().floor()).clamp(0.0, 4.0) as usize,
        _ => 2,
    }
}

/// A p-value: three decimals, `< 0,001` below that.
pub(super) fn p_text(p: f64, lang: crate::Lang) -> String {
    if p < 0.001 {
        format!("< {}", fmt::decimal(0.001, 3, lang))
    } else {
        fmt::decimal(p, 3, lang)
    }
}

/// How the section writes the outcome's values.
pub(super) struct Values<'a> {
    pub(super) decimals: usize,
    pub(super) unit: Option<&'a str>,
    pub(super) lang: crate::Lang,
}

impl Values<'_> {
    pub(super) fn number(&self, v: f64) -> String {
        fmt::decimal(v, self.decimals, self.lang)
    }

    pub(super) fn words(&self, v: f64) -> String {
        match self.unit {
            Some(u) => format!("{} {u}", self.number(v)),
            None => self.number(v),
        }
    }

    pub(super) fn range(&self, ctx: &Ctx, ci: [f64; 2]) -> String {
        format!(
            "{} {} {}",
            self.number(ci[0]),
            ctx.s(Key::RangeTo),
            self.number(ci[1])
        )
    }
}

/// The section and its lead.
pub(super) fn staggered_section(
    ctx: &Ctx,
    plan: &EffectOverTimeSection,
    intervention: Option<&InterventionSection>,
    id: &str,
) -> Result<(Section, Option<String>)> {
    let outcome = plan.outcome_words(ctx.lang);
    let outcome = needed(outcome, "outcome")?;
    let name = intervention.map_or_else(|| ctx.s(Key::OtTheIntervention), |i| i.name.clone());
    let section = |blocks: Vec<Block>| Section {
        id: id.to_string(),
        heading: ctx.f(Key::SecOverTimeStaggered, &[("outcome", outcome.clone())]),
        blocks,
    };
    let read = read_panel(plan)?;
    let mut blocks = Vec::new();
    let control = plan.control_units();
    let last_year = read.years.last().copied();
    // Under control = "never", a panel without a never-treated unit cannot be estimated:
    // say so in the report's language, with the plan's way out.
    let has_never = read
        .cohorts
        .values()
        .any(|&g| g == 0 || last_year.is_some_and(|l| g > l));
    if control == StaggeredControl::Never && !read.cohorts.is_empty() && !has_never {
        blocks.push(Block::Paragraph {
            text: ctx.f(Key::SdNoNever, &[("intervention", name.clone())]),
        });
        return Ok((section(blocks), None));
    }
    let spec = StaggeredDid::new()
        .control(control.group())
        .bootstrap(Some(plan.bootstrap_replicates()))
        .permutations(plan.randomization_deals())
        .seed(plan.bootstrap_seed());
    let fit = match spec.check().and_then(|()| spec.fit(&read.panel)) {
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
            Key::SdIntro,
            &[
                ("outcome", outcome.clone()),
                ("units", fit.n.units.to_string()),
                ("from", first.to_string()),
                ("to", last.to_string()),
                ("intervention", name.clone()),
                (
                    "comparison",
                    ctx.s(match control {
                        StaggeredControl::Never => Key::SdCompareNever,
                        StaggeredControl::NotYet => Key::SdCompareNotYet,
                    }),
                ),
            ],
        ),
    });
    // The lead: the simple aggregation and its interval.
    let single = single_cohorts(&fit);
    let direction = ctx.s(if fit.estimate < 0.0 {
        Key::OtLower
    } else {
        Key::OtHigher
    });
    let mut lead = match fit.ci {
        Some(ci) => {
            let mut s = ctx.f(
                Key::SdLead,
                &[
                    ("outcome", outcome.clone()),
                    ("att", val.words(fit.estimate.abs())),
                    ("direction", direction),
                    ("intervention", name.clone()),
                    ("lo", val.number(ci[0])),
                    ("hi", val.number(ci[1])),
                ],
            );
            s.push(' ');
            s.push_str(&sure_sentence(ctx, ci, &name, &outcome));
            s
        }
        None => ctx.f(
            Key::SdLeadNoCi,
            &[
                ("outcome", outcome.clone()),
                ("att", val.words(fit.estimate.abs())),
                ("direction", direction),
                ("intervention", name.clone()),
            ],
        ),
    };
    if !single.is_empty() {
        lead.push(' ');
        lead.push_str(&ctx.s(Key::SdLeadNarrow));
    }
    let by_cohort: Vec<(i64, usize)> = cohort_sizes(&fit).into_iter().collect();
    let smallest = by_cohort.iter().map(|c| c.1).min().unwrap_or_default();
    // "In brief" gets the lead with the deals' verdict in one sentence; the section the
    // deals in full.
    let mut brief = lead.clone();
    if let Some(ri) = &fit.randomization {
        brief.push(' ');
        brief.push_str(&ctx.f(
            if ri.p_value < PRETEST_ALPHA {
                Key::SdRiBriefRare
            } else {
                Key::SdRiBriefCommon
            },
            &[("p", p_text(ri.p_value, ctx.lang))],
        ));
        lead.push(' ');
        lead.push_str(&ctx.f(
            Key::SdRi,
            &[
                ("deals", deals_words(ctx, ri)),
                ("share", fmt::percent(ri.p_value, ctx.lang)),
                ("p", p_text(ri.p_value, ctx.lang)),
            ],
        ));
        lead.push(' ');
        lead.push_str(&ctx.s(if ri.p_value < PRETEST_ALPHA {
            Key::SdRiRare
        } else {
            Key::SdRiCommon
        }));
        if smallest < FEW_FOR_PRETEST && single.is_empty() {
            lead.push(' ');
            lead.push_str(&ctx.f(Key::SdRiFew, &[("n", smallest.to_string())]));
        }
    }
    blocks.push(Block::Paragraph { text: lead.clone() });
    // Who started when.
    blocks.push(Block::Paragraph {
        text: cohorts_paragraph(ctx, &by_cohort, fit.n.control, &name),
    });
    // The years before the start: the deals when there are any (with few districts the
    // Wald pre-test rejects far too often), else the Wald pre-test.
    let ri_pre = fit
        .randomization
        .as_ref()
        .and_then(|ri| ri.pretrend_p_value);
    blocks.push(Block::Paragraph {
        text: match (&fit.pretest, ri_pre) {
            (_, Some(p)) => ri_pre_paragraph(ctx, p),
            (Some(pt), None) => {
                let bad = pt.p_value < PRETEST_ALPHA;
                let mut s = ctx.f(
                    if bad { Key::SdPreBad } else { Key::SdPreOk },
                    &[
                        ("outcome", outcome.clone()),
                        ("p", p_text(pt.p_value, ctx.lang)),
                    ],
                );
                if bad && smallest < FEW_FOR_PRETEST {
                    s.push(' ');
                    s.push_str(&ctx.f(Key::SdPreFew, &[("n", smallest.to_string())]));
                }
                s
            }
            // pre-start cells exist, but their covariance is singular (too few units)
            (None, None) if fit.att_gt.iter().any(|c| c.time < c.cohort) => {
                ctx.s(Key::SdPreSingular)
            }
            (None, None) => ctx.s(Key::SdPreNone),
        },
    });
    // The simple comparison, when it disagrees.
    if let Some(tw) = fit.twfe.as_ref().filter(|t| t.outside_ci) {
        blocks.push(Block::Paragraph {
            text: ctx.f(
                Key::SdTwfe,
                &[
                    ("twfe", val.words(tw.estimate)),
                    ("negative", tw.negative_weight_cells.to_string()),
                    ("cells", tw.treated_cells.to_string()),
                ],
            ),
        });
    }
    blocks.push(Block::Paragraph {
        text: ctx.s(Key::SdCan),
    });
    // The chart and the table of the effect by years since the start.
    let banded = !fit.event_study.is_empty()
        && fit.event_study.iter().all(|e| {
            e.uniform_ci
                .is_some_and(|b| b.iter().all(|v| v.is_finite()))
        });
    let drawn: Vec<Option<[f64; 2]>> = fit
        .event_study
        .iter()
        .map(|e| {
            let c = if banded { e.uniform_ci } else { Some(e.ci) };
            c.filter(|c| c.iter().all(|v| v.is_finite()))
        })
        .collect();
    let points: Vec<EventPoint> = fit
        .event_study
        .iter()
        .zip(&drawn)
        .map(|(e, c)| EventPoint {
            relative_time: e.relative_time,
            estimate: e.att,
            ci: *c,
            reference: false,
            pooled: false,
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
    let chart_id = format!("chart-{id}-event").replace('_', "-");
    let table_id = format!("{id}-event").replace('_', "-");
    let lang = ctx.lang;
    let decimals = val.decimals;
    let y_fmt = move |v: f64| fmt::decimal(v, decimals, lang);
    let legend = ctx.s(if banded {
        Key::SdLegendBand
    } else {
        Key::SdLegendCi
    });
    let start = ctx.s(Key::SdLegendStart);
    if !points.is_empty() {
        let svg = event_study_plot(
            &chart_id,
            &chart_text,
            &points,
            [&legend, "", &start],
            &y_fmt,
        )?;
        let categories: Vec<String> = points.iter().map(|p| p.relative_time.to_string()).collect();
        blocks.push(Block::Chart(super::build::chart(
            &chart_id,
            chart_text,
            Some(&table_id),
            categories,
            vec![
                ChartLine {
                    name: ctx.s(Key::SdColEstimate),
                    values: points.iter().map(|p| Some(p.estimate)).collect(),
                },
                ChartLine {
                    name: ctx.s(Key::SdSeriesLow),
                    values: drawn.iter().map(|c| c.map(|c| c[0])).collect(),
                },
                ChartLine {
                    name: ctx.s(Key::SdSeriesHigh),
                    values: drawn.iter().map(|c| c.map(|c| c[1])).collect(),
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
            Column::new("band", ctx.s(Key::SdColBand), ColumnKind::Text),
        ],
    );
    let finite = |c: [f64; 2]| c.iter().all(|v| v.is_finite());
    for e in &fit.event_study {
        table.push(
            false,
            vec![
                Cell::text(e.relative_time.to_string()),
                Cell::text(val.number(e.att)),
                Cell::text(if finite(e.ci) {
                    val.range(ctx, e.ci)
                } else {
                    "–".into()
                }),
                Cell::text(
                    e.uniform_ci
                        .filter(|c| finite(*c))
                        .map_or_else(|| "–".into(), |c| val.range(ctx, c)),
                ),
            ],
        );
    }
    table.notes.push(ctx.s(Key::SdTableNote));
    blocks.push(Block::Table(table));
    // Warnings, in the report's language.
    let mut warnings: Vec<String> = fit
        .warnings
        .iter()
        .filter_map(|w| warning(ctx, &fit, &read, w))
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
    let mut items = vec![
        Definition {
            term: ctx.s(Key::SdDefDid),
            text: ctx.s(Key::SdDefDidText),
        },
        Definition {
            term: ctx.s(Key::SdDefPretest),
            text: ctx.s(Key::SdDefPretestText),
        },
    ];
    if let Some(b) = &fit.bootstrap {
        items.push(Definition {
            term: ctx.s(Key::SdDefBand),
            text: ctx.f(
                Key::SdDefBandText,
                &[
                    ("replicates", fmt::integer(b.replicates as i64, ctx.lang)),
                    ("seed", b.seed.to_string()),
                ],
            ),
        });
    }
    if let Some(ri) = &fit.randomization {
        items.push(ri_definition(ctx, ri, Key::SdDefRiText));
    }
    items.push(Definition {
        term: ctx.s(Key::SdDefTwfe),
        text: ctx.s(Key::SdDefTwfeText),
    });
    blocks.push(Block::Definitions { items });
    Ok((section(blocks), Some(brief)))
}

/// Whether an interval holds 0, in words: the difference is unlikely to be chance, or the
/// effect is uncertain.
pub(super) fn sure_sentence(ctx: &Ctx, ci: [f64; 2], name: &str, outcome: &str) -> String {
    if ci[0] > 0.0 || ci[1] < 0.0 {
        ctx.f(Key::SdSure, &[("intervention", name.to_string())])
    } else {
        ctx.f(
            Key::SdUnsure,
            &[
                ("intervention", name.to_string()),
                ("outcome", outcome.to_string()),
            ],
        )
    }
}

/// Who started when: the start years with their districts, and the districts that never
/// started.
pub(super) fn cohorts_paragraph(
    ctx: &Ctx,
    cohorts: &[(i64, usize)],
    never: usize,
    name: &str,
) -> String {
    let items: Vec<String> = cohorts
        .iter()
        .map(|(g, n)| {
            if *n == 1 {
                ctx.f(Key::SdCohortOne, &[("year", g.to_string())])
            } else {
                ctx.f(
                    Key::SdCohortMany,
                    &[("n", n.to_string()), ("year", g.to_string())],
                )
            }
        })
        .collect();
    let mut text = ctx.f(
        Key::SdCohorts,
        &[
            ("years", cohorts.len().to_string()),
            ("list", join(ctx, &items)),
        ],
    );
    text.push(' ');
    let name = name.to_string();
    text.push_str(&match never {
        0 => ctx.f(Key::SdNeverNone, &[("intervention", name)]),
        1 => ctx.f(Key::SdNeverOne, &[("intervention", name)]),
        n => ctx.f(
            Key::SdNever,
            &[("n", n.to_string()), ("intervention", name)],
        ),
    });
    text
}

/// The years before the start by the randomization test's pre-trend p-value.
pub(super) fn ri_pre_paragraph(ctx: &Ctx, p: f64) -> String {
    ctx.f(
        if p < PRETEST_ALPHA {
            Key::SdPreRiBad
        } else {
            Key::SdPreRiOk
        },
        &[
            ("share", fmt::percent(p, ctx.lang)),
            ("p", p_text(p, ctx.lang)),
        ],
    )
}

/// The methods' entry for a randomization test; `text` says what is recomputed.
pub(super) fn ri_definition(
    ctx: &Ctx,
    ri: &crate::effects::RandomizationInference,
    text: Key,
) -> Definition {
    let how = if ri.exhaustive {
        ctx.f(
            Key::SdDefRiAll,
            &[("n", fmt::integer(ri.permutations as i64, ctx.lang))],
        )
    } else {
        ctx.f(
            Key::SdDefRiSome,
            &[
                ("n", fmt::integer(ri.permutations as i64, ctx.lang)),
                ("seed", ri.seed.to_string()),
                ("total", fmt::integer(ri.assignments as i64, ctx.lang)),
            ],
        )
    };
    Definition {
        term: ctx.s(Key::SdDefRi),
        text: ctx.f(text, &[("deals", how)]),
    }
}

/// The deals of a randomization test in words: all of them, or how many of how many.
fn deals_words(ctx: &Ctx, ri: &crate::effects::RandomizationInference) -> String {
    if ri.exhaustive {
        ctx.f(
            Key::SdRiDealsAll,
            &[("n", fmt::integer(ri.permutations as i64, ctx.lang))],
        )
    } else {
        ctx.f(
            Key::SdRiDealsSome,
            &[
                ("n", fmt::integer(ri.permutations as i64, ctx.lang)),
                ("total", fmt::integer(ri.assignments as i64, ctx.lang)),
            ],
        )
    }
}

/// Units per estimated cohort, by cohort.
fn cohort_sizes(fit: &StaggeredFit) -> BTreeMap<i64, usize> {
    let mut out = BTreeMap::new();
    for c in &fit.att_gt {
        out.entry(c.cohort).or_insert(c.n_treated);
    }
    out
}

/// The cohorts of a single unit.
fn single_cohorts(fit: &StaggeredFit) -> Vec<i64> {
    cohort_sizes(fit)
        .into_iter()
        .filter(|(_, n)| *n == 1)
        .map(|(g, _)| g)
        .collect()
}

/// "a, b og c" as written (years and counts have no capitals to lower).
pub(super) fn join(ctx: &Ctx, items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} {} {last}", rest.join(", "), ctx.s(Key::And)),
    }
}

pub(super) fn capital(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

/// A warning of the fit in the report's language; `None` for those the section says in
/// its own paragraphs (the pre-test given or not, the TWFE comparison). A warning the section does not
/// know is shown as the estimator wrote it.
fn warning(ctx: &Ctx, fit: &StaggeredFit, read: &Read, w: &str) -> Option<String> {
    let first = read.years.first().copied().unwrap_or_default();
    let last = read.years.last().copied().unwrap_or_default();
    let leading_number = || {
        w.split_whitespace()
            .next()
            .and_then(|t| t.parse::<usize>().ok())
            .unwrap_or_default()
    };
    Some(if w.contains("are not observed in all") {
        ctx.f(
            Key::SdWarnUnbalanced,
            &[("n", fit.n.excluded_unbalanced_units.to_string())],
        )
    } else if w.contains("treated in the first period") {
        ctx.f(
            Key::SdWarnFirst,
            &[
                ("n", fit.n.excluded_first_period_units.to_string()),
                ("year", first.to_string()),
            ],
        )
    } else if w.contains("first treated after the last period") {
        let n = read.cohorts.values().filter(|&&g| g > last).count();
        ctx.f(
            Key::SdWarnLate,
            &[("n", n.to_string()), ("year", last.to_string())],
        )
    } else if w.contains("no never-treated unit: periods from") {
        let latest = read
            .cohorts
            .values()
            .copied()
            .filter(|&g| g > first && g <= last)
            .max()
            .unwrap_or_default();
        ctx.f(Key::SdWarnNoNever, &[("year", latest.to_string())])
    } else if w.contains("have no comparison unit") {
        ctx.f(Key::SdWarnEmpty, &[("n", leading_number().to_string())])
    } else if w.contains("have a single comparison unit") {
        let n = fit.att_gt.iter().filter(|c| c.n_control == 1).count();
        ctx.f(Key::SdWarnThin, &[("n", n.to_string())])
    } else if w.contains("have one unit each") {
        let years: Vec<String> = single_cohorts(fit).iter().map(i64::to_string).collect();
        let key = if years.len() == 1 {
            Key::SdWarnSingleOne
        } else {
            Key::SdWarnSingle
        };
        ctx.f(key, &[("list", join(ctx, &years))])
    } else if w.contains("pre-test is not given")
        || w.contains("pre-treatment effects differ from 0")
        || w.contains("two-way fixed-effects estimate")
    {
        return None;
    } else {
        ctx.f(Key::SdWarnOther, &[("text", w.to_string())])
    })
}
