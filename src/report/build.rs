//! Builds the [`Report`] value: computes, suppresses, and writes every sentence.

use super::charts::{self, ChartText, Series};
use super::format as fmt;
use super::text::{self, fill, Key};
use super::{
    Block, Chart, ChartSeries, Definition, KeyFigures, Report, ReportN, ReportOptions, Section,
    SpendingFigure,
};
use crate::data::{Dataset, EndReason, TableKind, YearMonth};
use crate::error::Result;
use crate::staircase::{population, Population, Staircase};
use crate::summary::{
    is_small, spending, suppress, suppress_keeping, Amount, AmountUnit, Cell, Column, ColumnKind,
    CostSource, Count, Line, Share, Spending, Table,
};
use crate::Lang;
use chrono::{Datelike, NaiveDate};

/// How many examples per problem and table the report shows.
const EXAMPLES_SHOWN: usize = 5;
/// How many months the monthly table shows.
const MONTHS_IN_TABLE: usize = 12;
/// How many months the monthly chart shows at most.
const MONTHS_IN_CHART: usize = 60;
/// How many measures the monthly chart shows before adding the rest together.
const MEASURES_IN_CHART: usize = 5;

/// Language, threshold and staircase: what every sentence needs.
pub(super) struct Ctx<'a> {
    pub(super) lang: Lang,
    pub(super) t: usize,
    pub(super) staircase: &'a Staircase,
}

impl Ctx<'_> {
    pub(super) fn s(&self, k: Key) -> String {
        k.get(self.lang).to_string()
    }

    pub(super) fn f(&self, k: Key, args: &[(&str, String)]) -> String {
        fill(k.get(self.lang), args)
    }

    fn date(&self, d: NaiveDate) -> String {
        fmt::date(d, self.lang)
    }

    pub(super) fn words(&self, c: Count) -> String {
        fmt::count_words(c, self.t, self.lang)
    }

    fn level(&self, id: &str) -> String {
        self.staircase.level_name(id, self.lang)
    }

    fn measure(&self, id: &str) -> String {
        self.staircase.measure_name(id, self.lang)
    }

    pub(super) fn t_args(&self) -> Vec<(&'static str, String)> {
        vec![
            ("t", self.t.to_string()),
            ("t1", (self.t.saturating_sub(1)).to_string()),
        ]
    }

    /// "a, b og c", each name with a lower-case first letter.
    pub(super) fn list(&self, names: &[String]) -> String {
        self.joined(names, Key::And)
    }

    /// "a, b eller c", each name with a lower-case first letter.
    fn alternatives(&self, names: &[String]) -> String {
        self.joined(names, Key::Or)
    }

    fn joined(&self, names: &[String], conjunction: Key) -> String {
        let names: Vec<String> = names.iter().map(|n| lower_first(n)).collect();
        match names.len() {
            0 => String::new(),
            1 => names[0].clone(),
            n => format!(
                "{} {} {}",
                names[..n - 1].join(", "),
                self.s(conjunction),
                names[n - 1]
            ),
        }
    }

    /// A month range in words: "januar–juni 2025", or "2025" for a whole year.
    fn period(&self, from: YearMonth, to: YearMonth) -> String {
        if from.month == 1 && to.month == 12 && from.year == to.year {
            return from.year.to_string();
        }
        if from == to {
            return self.f(
                Key::MonthSingle,
                &[
                    ("month", text::month_name(from.month, self.lang).into()),
                    ("year", from.year.to_string()),
                ],
            );
        }
        if from.year == to.year {
            return self.f(
                Key::MonthRange,
                &[
                    ("from", text::month_name(from.month, self.lang).into()),
                    ("to", text::month_name(to.month, self.lang).into()),
                    ("year", to.year.to_string()),
                ],
            );
        }
        format!(
            "{}–{}",
            fmt::month_short(from, self.lang),
            fmt::month_short(to, self.lang)
        )
    }

    /// Adds the notes on suppression marks that the table uses.
    pub(super) fn suppression_notes(&self, table: &mut Table) {
        if table.has_suppressed(false) {
            table.notes.push(self.f(Key::NoteSmall, &self.t_args()));
        }
        if table.has_suppressed(true) {
            table.notes.push(self.f(Key::NoteSecondary, &self.t_args()));
        }
        if table
            .rows
            .iter()
            .flat_map(|r| &r.cells)
            .any(|c| matches!(c, Cell::Share(Share::Suppressed)))
        {
            table.notes.push(self.s(Key::NoteShareHidden));
        }
        if table.has_few_persons() {
            table
                .notes
                .push(self.f(Key::NoteFewPersons, &self.t_args()));
        }
    }
}

fn lower_first(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_lowercase().chain(c).collect(),
        None => String::new(),
    }
}

/// One year of the staircase after suppression.
struct StairYear {
    year: i32,
    counting_date: NaiveDate,
    complete: bool,
    levels: Vec<Count>,
    total: Count,
    placed: Count,
    family: Count,
    residential: Count,
    during: Count,
}

/// Suppresses one year's counts on the staircase: levels, total, placed, family-based,
/// residential, audited together (they add up in four ways).
fn staircase_years(pop: &Population, staircase: &Staircase, t: usize) -> Vec<StairYear> {
    let levels = staircase.levels();
    let k = levels.len();
    let placement: Vec<usize> = (0..k).filter(|&i| levels[i].placement).collect();
    let residential: Vec<usize> = (0..k).filter(|&i| levels[i].residential).collect();
    let family: Vec<usize> = (0..k)
        .filter(|&i| levels[i].placement && !levels[i].residential)
        .collect();
    let (total, placed, fam, res) = (k, k + 1, k + 2, k + 3);
    let mut lines = vec![Line {
        parts: (0..k).collect(),
        total,
    }];
    for (parts, total) in [(&placement, placed), (&family, fam), (&residential, res)] {
        if !parts.is_empty() {
            lines.push(Line {
                parts: parts.clone(),
                total,
            });
        }
    }
    if !family.is_empty() && !residential.is_empty() {
        lines.push(Line {
            parts: vec![fam, res],
            total: placed,
        });
    }
    pop.years
        .iter()
        .map(|y| {
            let mut values = y.on_date.clone();
            values.extend([
                y.on_date_total,
                y.placed_on_date,
                y.placed_on_date - y.residential_on_date,
                y.residential_on_date,
            ]);
            let s = suppress(&values, &lines, t);
            let c = |i: usize| Count::new(values[i], s[i]);
            StairYear {
                year: y.year,
                counting_date: y.counting_date,
                complete: y.complete,
                levels: (0..k).map(c).collect(),
                total: c(total),
                placed: c(placed),
                family: c(fam),
                residential: c(res),
                during: Count::primary(y.during_year_total, t),
            }
        })
        .collect()
}

/// A years × columns matrix of counts with a total column and a total row, suppressed
/// together. `rows[y][c]` are the parts; the totals are added here.
struct Grid {
    cells: Vec<Vec<Count>>,
}

fn grid(rows: &[Vec<usize>], t: usize, keep_grand_total: bool) -> Grid {
    let ny = rows.len();
    let nc = rows.first().map_or(0, |r| r.len());
    let w = nc + 1;
    let mut values = vec![0usize; (ny + 1) * w];
    for (y, r) in rows.iter().enumerate() {
        for (c, &v) in r.iter().enumerate() {
            values[y * w + c] = v;
            values[y * w + nc] += v;
            values[ny * w + c] += v;
            values[ny * w + nc] += v;
        }
    }
    let mut lines = Vec::new();
    for y in 0..=ny {
        lines.push(Line {
            parts: (0..nc).map(|c| y * w + c).collect(),
            total: y * w + nc,
        });
    }
    for c in 0..=nc {
        lines.push(Line {
            parts: (0..ny).map(|y| y * w + c).collect(),
            total: ny * w + c,
        });
    }
    let keep: Vec<usize> = if keep_grand_total {
        vec![ny * w + nc]
    } else {
        Vec::new()
    };
    let s = suppress_keeping(&values, &lines, t, &keep);
    Grid {
        cells: (0..=ny)
            .map(|y| {
                (0..w)
                    .map(|c| Count::new(values[y * w + c], s[y * w + c]))
                    .collect()
            })
            .collect(),
    }
}

fn count_columns(first: Column, rest: impl IntoIterator<Item = (String, String)>) -> Vec<Column> {
    std::iter::once(first)
        .chain(
            rest.into_iter()
                .map(|(k, l)| Column::new(k, l, ColumnKind::Count)),
        )
        .collect()
}

/// Builds the report: counts, suppresses, writes every sentence and draws every chart.
///
/// # Example
/// ```
/// use chrono::NaiveDate;
/// use indsats::data::{Dataset, Episode, Episodes, ValidationReport};
/// use indsats::report::{build_report, ReportOptions};
/// use indsats::staircase::Staircase;
/// use indsats::Lang;
///
/// let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
/// let episodes = (0..12)
///     .map(|i| Episode {
///         person_id: format!("p{i}"), measure: "plejefamilie".into(), level: "foster".into(),
///         legal_basis: None, provider: None, start_date: d(2023, 1, 1), end_date: None,
///         end_reason: None, daily_cost: Some(1000.0), monthly_cost: None, row: i + 2,
///     })
///     .collect();
/// let data = Dataset {
///     persons: Default::default(), episodes: Episodes { rows: episodes },
///     assessments: Default::default(), costs: Default::default(), outcomes: Default::default(),
///     staircase: Staircase::danish_default(), start: d(2015, 1, 1), cutoff: d(2024, 12, 31),
///     validation: ValidationReport::default(),
/// };
/// let report = build_report(&data, &ReportOptions::new(Lang::Da)).unwrap();
/// assert_eq!(report.key_figures.persons_on_staircase.unwrap().shown(), Some(12));
/// assert!(report.to_html().contains("<html lang=\"da\">"));
/// ```
///
/// # Errors
/// Options that do not pass [`ReportOptions::check`]; a chart that cannot be drawn.
pub fn build_report(data: &Dataset, opts: &ReportOptions) -> Result<Report> {
    opts.check()?;
    let ctx = Ctx {
        lang: opts.lang,
        t: opts.small_cell_threshold,
        staircase: &data.staircase,
    };
    let pop = population(
        &data.episodes.rows,
        &data.staircase,
        data.start,
        data.cutoff,
    );
    let sp = spending(
        &data.episodes.rows,
        &data.costs.rows,
        &data.staircase,
        data.start,
        data.cutoff,
    );
    let stair = staircase_years(&pop, &data.staircase, ctx.t);

    let years: Vec<i32> = pop.years.iter().map(|y| y.year).collect();
    let starts = grid(
        &pop.years
            .iter()
            .map(|y| y.starts.clone())
            .collect::<Vec<_>>(),
        ctx.t,
        true,
    );
    let ends = grid(
        &pop.years
            .iter()
            .map(|y| {
                let mut r: Vec<usize> =
                    EndReason::ALL.iter().map(|r| y.ends_by_reason[r]).collect();
                r.push(y.ends_without_reason);
                r
            })
            .collect::<Vec<_>>(),
        ctx.t,
        false,
    );

    let key_figures = key_figures(&stair, &starts, &ends, &sp, data.cutoff);
    let notes = calculation_notes(&ctx, &pop, &sp);
    let mut warnings = Vec::new();
    if pop.years.is_empty() {
        warnings.push(ctx.s(Key::WarnNoEpisodes));
    } else if sp.source == CostSource::Episodes {
        warnings.push(ctx.s(Key::WarnEpisodesSource));
    }
    if let Some(last) = stair.last().filter(|y| !y.complete) {
        warnings.push(ctx.f(
            Key::WarnPartialYear,
            &[
                ("year", last.year.to_string()),
                ("date", ctx.date(last.counting_date)),
            ],
        ));
    }
    if !data.validation.is_clean() {
        warnings.push(ctx.f(
            Key::WarnProblems,
            &[("n", fmt::integer(data.validation.total() as i64, ctx.lang))],
        ));
    }
    warnings.extend(notes.iter().cloned());

    let sections = vec![
        summary_section(&ctx, &key_figures, &stair),
        staircase_section(&ctx, &stair, &years)?,
        flow_section(&ctx, &years, &starts, &ends)?,
        spending_section(&ctx, &sp)?,
    ];
    let mut sections = sections;
    let programme = opts
        .intervention
        .as_ref()
        .map(|i| (i, opts.effect.as_ref()));
    if let Some(s) = super::placements::placements_section(&ctx, data, programme)? {
        sections.push(s);
    }
    if let Some(s) = super::progression::progression_section(&ctx, data, &opts.follow_up)? {
        sections.push(s);
    }
    if let (Some(e), Some(i)) = (&opts.effect, &opts.intervention) {
        if let Some(s) = super::effects::effect_section(&ctx, data, e, i, &opts.follow_up)? {
            // The council member reads "in brief" first: the effect's lead goes there too.
            if let (Some(Block::Paragraph { text }), Some(summary)) =
                (s.blocks.get(1), sections.first_mut())
            {
                summary.blocks.push(Block::Paragraph { text: text.clone() });
            }
            sections.push(s);
        }
    }
    for (k, o) in opts.effect_over_time.iter().enumerate() {
        if let Some((s, lead)) = super::over_time::over_time_section(
            &ctx,
            data,
            &sp,
            o,
            opts.intervention.as_ref(),
            opts.effect_over_time[..k]
                .iter()
                .filter(|p| p.design == o.design)
                .count(),
        )? {
            // "In brief" carries this lead too.
            if let (Some(text), Some(summary)) = (lead, sections.first_mut()) {
                summary.blocks.push(Block::Paragraph { text });
            }
            sections.push(s);
        }
    }
    if let (Some(econ), Some(e), Some(i)) = (&opts.economics, &opts.effect, &opts.intervention) {
        if let Some(s) = super::economics::economics_section(&ctx, data, econ, e, i)? {
            // The lead's first sentences go to "in brief" as well.
            if let (Some(Block::Paragraph { text }), Some(summary)) =
                (s.blocks.first(), sections.first_mut())
            {
                summary.blocks.push(Block::Paragraph { text: text.clone() });
            }
            sections.push(s);
        }
    }
    sections.extend([
        data_section(&ctx, data, &notes),
        method_section(&ctx, data, opts, sp.source),
    ]);

    let n = ReportN {
        persons: data.persons.rows.len(),
        episodes: data.episodes.rows.len(),
        costs: data.costs.rows.len(),
        assessments: data.assessments.rows.len(),
        outcomes: data.outcomes.rows.len(),
        problems: data.validation.total(),
        rows_excluded: data
            .validation
            .tables
            .iter()
            .map(|t| t.rows_excluded())
            .sum(),
        tables: data.validation.tables.clone(),
    };
    let title = if opts.title.trim().is_empty() {
        ctx.s(Key::DefaultTitle)
    } else {
        opts.title.clone()
    };
    Ok(Report {
        title,
        municipality: opts.municipality.clone(),
        meeting: opts.meeting.clone(),
        lang: opts.lang,
        cutoff: data.cutoff,
        report_date: opts.report_date,
        generated_by: opts.generated_by.clone(),
        software: software(),
        small_cell_threshold: opts.small_cell_threshold,
        n,
        key_figures,
        warnings,
        sections,
    })
}

fn software() -> String {
    format!("indsats {}", env!("CARGO_PKG_VERSION"))
}

fn key_figures(
    stair: &[StairYear],
    starts: &Grid,
    ends: &Grid,
    sp: &Spending,
    cutoff: NaiveDate,
) -> KeyFigures {
    let last = stair.last();
    let prev = stair.len().checked_sub(2).map(|i| &stair[i]);
    let ny = stair.len();
    let latest_total = |g: &Grid| -> Option<Count> {
        ny.checked_sub(1)
            .and_then(|y| g.cells.get(y))
            .and_then(|r| r.last())
            .copied()
    };
    KeyFigures {
        year: last.map(|y| y.year),
        counting_date: last.map(|y| y.counting_date),
        previous_counting_date: prev.map(|y| y.counting_date),
        persons_on_staircase: last.map(|y| y.total),
        persons_on_staircase_previous: prev.map(|y| y.total),
        placed: last.map(|y| y.placed),
        family_based: last.map(|y| y.family),
        residential: last.map(|y| y.residential),
        family_based_share: last.map(|y| Share::of(y.family, y.placed)),
        residential_share: last.map(|y| Share::of(y.residential, y.placed)),
        starts: latest_total(starts),
        ends: latest_total(ends),
        cost_source: sp.source,
        spending: spending_figure(sp, cutoff),
    }
}

/// This year's spending up to the last complete month, against the same months a year
/// earlier.
fn spending_figure(sp: &Spending, cutoff: NaiveDate) -> Option<SpendingFigure> {
    let last_data = sp.months.last()?.month;
    let cutoff_month = YearMonth::of(cutoff);
    let month_complete = cutoff
        .succ_opt()
        .is_none_or(|d| d.month() != cutoff.month());
    let last_complete = if month_complete {
        cutoff_month
    } else {
        // the month before the cut-off month
        let first = cutoff_month.first_day().pred_opt()?;
        YearMonth::of(first)
    };
    let to = last_data.min(last_complete);
    let year = sp.year(to.year)?;
    let from = year.first_month;
    let amount = sp.period_total(from, to)?;
    let previous_amount = sp.period_total(
        YearMonth {
            year: from.year - 1,
            month: from.month,
        },
        YearMonth {
            year: to.year - 1,
            month: to.month,
        },
    );
    let change = previous_amount
        .filter(|p| *p != 0.0)
        .map(|p| (amount - p) / p.abs());
    Some(SpendingFigure {
        from,
        to,
        amount,
        previous_amount,
        change,
    })
}

fn summary_section(ctx: &Ctx, k: &KeyFigures, stair: &[StairYear]) -> Section {
    let mut items = Vec::new();
    let (Some(date), Some(n)) = (k.counting_date, k.persons_on_staircase) else {
        return Section {
            id: "summary".into(),
            heading: ctx.s(Key::SecSummary),
            blocks: vec![Block::Paragraph {
                text: ctx.s(Key::KfNoData),
            }],
        };
    };
    match (k.persons_on_staircase_previous, k.previous_counting_date) {
        (Some(prev), Some(prev_date)) => items.push(ctx.f(
            Key::KfPersonsCompare,
            &[
                ("date", ctx.date(date)),
                ("n", ctx.words(n)),
                ("prev", ctx.words(prev)),
                ("prev_date", ctx.date(prev_date)),
            ],
        )),
        _ => items.push(ctx.f(
            Key::KfPersons,
            &[("date", ctx.date(date)), ("n", ctx.words(n))],
        )),
    }

    let levels = ctx.staircase.levels();
    let family_levels: Vec<String> = levels
        .iter()
        .filter(|l| l.placement && !l.residential)
        .map(|l| ctx.level(&l.id))
        .collect();
    let res_levels: Vec<String> = levels
        .iter()
        .filter(|l| l.residential)
        .map(|l| ctx.level(&l.id))
        .collect();
    if let Some(placed) = k.placed {
        if placed == Count::Shown(0) {
            items.push(ctx.s(Key::KfNoPlaced));
        } else if !family_levels.is_empty() && !res_levels.is_empty() {
            let shares = (
                k.family_based_share.and_then(Share::shown),
                k.residential_share.and_then(Share::shown),
            );
            if let (Some(fs), Some(rs)) = shares {
                let mut s = ctx.f(
                    Key::KfPlaced,
                    &[
                        ("placed", ctx.words(placed)),
                        ("family_share", fmt::percent(fs, ctx.lang)),
                        ("family_levels", ctx.alternatives(&family_levels)),
                        ("res_share", fmt::percent(rs, ctx.lang)),
                        ("res_levels", ctx.alternatives(&res_levels)),
                    ],
                );
                let prev_share = stair
                    .len()
                    .checked_sub(2)
                    .and_then(|i| Share::of(stair[i].residential, stair[i].placed).shown());
                if let Some(p) = prev_share {
                    s.push(' ');
                    s.push_str(&ctx.f(
                        Key::KfPlacedCompare,
                        &[
                            ("res_levels", ctx.alternatives(&res_levels)),
                            ("prev_share", fmt::percent(p, ctx.lang)),
                        ],
                    ));
                }
                items.push(s);
            } else {
                items.push(ctx.f(Key::KfPlacedHidden, &[("placed", ctx.words(placed))]));
            }
        }
    }

    if let (Some(year), Some(starts), Some(ends)) = (k.year, k.starts, k.ends) {
        let last = stair.last().expect("a year exists");
        let period = if last.complete {
            year.to_string()
        } else {
            ctx.f(
                Key::PeriodUpTo,
                &[
                    ("year", year.to_string()),
                    ("date", ctx.date(last.counting_date)),
                ],
            )
        };
        items.push(ctx.f(
            Key::KfFlow,
            &[
                ("period", period),
                ("starts", ctx.words(starts)),
                ("ends", ctx.words(ends)),
            ],
        ));
    }

    if let Some(sf) = &k.spending {
        let period = ctx.period(sf.from, sf.to);
        let amount = fmt::kroner_short(sf.amount, ctx.lang);
        match (sf.previous_amount, sf.change) {
            (Some(prev), Some(change)) => {
                let prev_period = ctx.period(
                    YearMonth {
                        year: sf.from.year - 1,
                        month: sf.from.month,
                    },
                    YearMonth {
                        year: sf.to.year - 1,
                        month: sf.to.month,
                    },
                );
                items.push(ctx.f(
                    Key::KfSpending,
                    &[
                        ("amount", amount),
                        ("period", period),
                        ("prev_amount", fmt::kroner_short(prev, ctx.lang)),
                        ("prev_period", prev_period),
                        ("change", fmt::percent_change(change, ctx.lang)),
                    ],
                ));
            }
            _ => items.push(ctx.f(
                Key::KfSpendingOnly,
                &[("amount", amount), ("period", period)],
            )),
        }
        if k.cost_source == CostSource::Episodes {
            items.push(ctx.s(Key::KfSourceEpisodes));
        }
    }
    Section {
        id: "summary".into(),
        heading: ctx.s(Key::SecSummary),
        blocks: vec![Block::List { items }],
    }
}

fn staircase_section(ctx: &Ctx, stair: &[StairYear], years: &[i32]) -> Result<Section> {
    let mut blocks = Vec::new();
    let Some(last) = stair.last() else {
        blocks.push(Block::Paragraph {
            text: ctx.s(Key::KfNoData),
        });
        return Ok(Section {
            id: "staircase".into(),
            heading: ctx.s(Key::SecStaircase),
            blocks,
        });
    };
    let date_args = [
        ("year", last.year.to_string()),
        ("date", ctx.date(last.counting_date)),
    ];
    blocks.push(Block::Paragraph {
        text: ctx.f(Key::StaircaseIntro, &date_args),
    });
    let levels = ctx.staircase.levels();

    // chart: stacked bars of the shown counts
    let categories: Vec<String> = years.iter().map(|y| y.to_string()).collect();
    let mut series: Vec<Series> = levels
        .iter()
        .enumerate()
        .map(|(i, l)| Series {
            name: ctx.level(&l.id),
            values: stair
                .iter()
                .map(|y| y.levels[i].shown().map(|v| v as f64))
                .collect(),
        })
        .collect();
    // what the hidden levels add up to, which the table gives away anyway (total minus
    // the shown levels), so that each bar is as high as its total
    let hidden: Vec<Option<f64>> = stair
        .iter()
        .map(|y| {
            let shown: usize = y.levels.iter().filter_map(|c| c.shown()).sum();
            y.total
                .shown()
                .map(|t| (t - shown) as f64)
                .filter(|&h| h > 0.0)
        })
        .collect();
    let has_hidden = hidden.iter().any(Option::is_some);
    if has_hidden {
        series.push(Series {
            name: ctx.s(Key::HiddenPart),
            values: hidden,
        });
    }
    let mut caption_args = date_args.to_vec();
    caption_args.push(("n", fmt::count(last.total, ctx.t, ctx.lang)));
    caption_args.extend(ctx.t_args());
    let chart_text = ChartText {
        title: ctx.s(Key::ChartStaircaseTitle),
        x_label: ctx.s(Key::ChartStaircaseX),
        y_label: ctx.s(Key::ChartStaircaseY),
        description: ctx.f(Key::ChartStaircaseCaption, &caption_args),
    };
    let lang = ctx.lang;
    let y_fmt = move |v: f64| fmt::decimal(v, if v.fract().abs() < 1e-9 { 0 } else { 1 }, lang);
    let svg = charts::stacked_bars(
        "chart-staircase",
        &chart_text,
        &categories,
        &series,
        has_hidden,
        &y_fmt,
    )?;
    blocks.push(Block::Chart(chart(
        "chart-staircase",
        chart_text,
        Some("staircase_on_date"),
        categories,
        series,
        svg,
    )));

    // table: persons per level
    let mut table = Table::new(
        "staircase_on_date",
        ctx.s(Key::TblStaircase),
        count_columns(
            Column::new("year", ctx.s(Key::Year), ColumnKind::Text),
            levels
                .iter()
                .map(|l| (l.id.clone(), ctx.level(&l.id)))
                .chain([
                    ("total".to_string(), ctx.s(Key::Total)),
                    ("during_year".into(), ctx.s(Key::ColDuringYear)),
                ]),
        ),
    );
    for y in stair {
        let mut cells = vec![Cell::text(y.year.to_string())];
        cells.extend(y.levels.iter().map(|&c| Cell::Count(c)));
        cells.push(Cell::Count(y.total));
        cells.push(Cell::Count(y.during));
        table.push(false, cells);
    }
    table.notes.push(ctx.f(Key::NoteCountingDate, &date_args));
    table.notes.push(ctx.s(Key::NoteDuringYear));
    ctx.suppression_notes(&mut table);
    blocks.push(Block::Table(table));

    // table: placements
    if levels.iter().any(|l| l.placement) {
        let mut table = Table::new(
            "placements",
            ctx.s(Key::TblPlacements),
            vec![
                Column::new("year", ctx.s(Key::Year), ColumnKind::Text),
                Column::new("placed", ctx.s(Key::ColPlaced), ColumnKind::Count),
                Column::new("family_based", ctx.s(Key::ColFamily), ColumnKind::Count),
                Column::new("residential", ctx.s(Key::ColResidential), ColumnKind::Count),
                Column::new(
                    "family_based_share",
                    ctx.s(Key::ColFamilyShare),
                    ColumnKind::Share,
                ),
                Column::new(
                    "residential_share",
                    ctx.s(Key::ColResidentialShare),
                    ColumnKind::Share,
                ),
            ],
        );
        for y in stair {
            table.push(
                false,
                vec![
                    Cell::text(y.year.to_string()),
                    Cell::Count(y.placed),
                    Cell::Count(y.family),
                    Cell::Count(y.residential),
                    Cell::Share(Share::of(y.family, y.placed)),
                    Cell::Share(Share::of(y.residential, y.placed)),
                ],
            );
        }
        let names = |f: &dyn Fn(&crate::staircase::Level) -> bool| -> Vec<String> {
            levels
                .iter()
                .filter(|l| f(l))
                .map(|l| ctx.level(&l.id))
                .collect()
        };
        table.notes.push(ctx.f(
            Key::NotePlacements,
            &[
                (
                    "family_levels",
                    ctx.list(&names(&|l| l.placement && !l.residential)),
                ),
                ("res_levels", ctx.list(&names(&|l| l.residential))),
            ],
        ));
        table.notes.push(ctx.f(Key::NoteCountingDate, &date_args));
        ctx.suppression_notes(&mut table);
        blocks.push(Block::Table(table));
    }
    Ok(Section {
        id: "staircase".into(),
        heading: ctx.s(Key::SecStaircase),
        blocks,
    })
}

pub(super) fn chart(
    id: &str,
    text: ChartText,
    data_table: Option<&str>,
    categories: Vec<String>,
    series: Vec<Series>,
    svg: String,
) -> Chart {
    Chart {
        id: id.into(),
        title: text.title,
        x_label: text.x_label,
        y_label: text.y_label,
        caption: text.description,
        data_table: data_table.map(String::from),
        categories,
        series: series
            .into_iter()
            .map(|s| ChartSeries {
                name: s.name,
                values: s.values,
            })
            .collect(),
        svg,
    }
}

fn flow_section(ctx: &Ctx, years: &[i32], starts: &Grid, ends: &Grid) -> Result<Section> {
    let mut blocks = Vec::new();
    if years.is_empty() {
        blocks.push(Block::Paragraph {
            text: ctx.s(Key::KfNoData),
        });
        return Ok(Section {
            id: "flow".into(),
            heading: ctx.s(Key::SecFlow),
            blocks,
        });
    }
    blocks.push(Block::Paragraph {
        text: ctx.s(Key::FlowIntro),
    });
    let ny = years.len();
    let start_totals: Vec<Count> = (0..ny)
        .map(|y| *starts.cells[y].last().expect("total column"))
        .collect();
    let end_totals: Vec<Count> = (0..ny)
        .map(|y| *ends.cells[y].last().expect("total column"))
        .collect();

    let categories: Vec<String> = years.iter().map(|y| y.to_string()).collect();
    let as_f64 = |c: &[Count]| {
        c.iter()
            .map(|c| c.shown().map(|v| v as f64))
            .collect::<Vec<_>>()
    };
    let series = vec![
        Series {
            name: ctx.s(Key::ColStarts),
            values: as_f64(&start_totals),
        },
        Series {
            name: ctx.s(Key::ColEnds),
            values: as_f64(&end_totals),
        },
    ];
    let labels: Vec<Vec<String>> = [&start_totals, &end_totals]
        .iter()
        .map(|cs| cs.iter().map(|&c| fmt::count(c, ctx.t, ctx.lang)).collect())
        .collect();
    let mut caption_args = vec![
        (
            "starts",
            fmt::count(
                *starts.cells[ny].last().expect("grand total"),
                ctx.t,
                ctx.lang,
            ),
        ),
        (
            "ends",
            fmt::count(
                *ends.cells[ny].last().expect("grand total"),
                ctx.t,
                ctx.lang,
            ),
        ),
    ];
    caption_args.extend(ctx.t_args());
    let text = ChartText {
        title: ctx.s(Key::ChartFlowTitle),
        x_label: ctx.s(Key::ChartFlowX),
        y_label: ctx.s(Key::ChartFlowY),
        description: ctx.f(Key::ChartFlowCaption, &caption_args),
    };
    let lang = ctx.lang;
    let y_fmt = move |v: f64| fmt::decimal(v, if v.fract().abs() < 1e-9 { 0 } else { 1 }, lang);
    let svg = charts::grouped_bars("chart-flow", &text, &categories, &series, &labels, &y_fmt)?;
    blocks.push(Block::Chart(chart(
        "chart-flow",
        text,
        Some("starts_by_level"),
        categories,
        series,
        svg,
    )));

    let levels = ctx.staircase.levels();
    let mut table = Table::new(
        "starts_by_level",
        ctx.s(Key::TblStarts),
        count_columns(
            Column::new("year", ctx.s(Key::Year), ColumnKind::Text),
            levels
                .iter()
                .map(|l| (l.id.clone(), ctx.level(&l.id)))
                .chain([("total".to_string(), ctx.s(Key::Total))]),
        ),
    );
    push_grid(&mut table, ctx, years, starts);
    ctx.suppression_notes(&mut table);
    blocks.push(Block::Table(table));

    let mut reasons: Vec<(String, String)> = EndReason::ALL
        .iter()
        .map(|&r| {
            (
                r.code().to_string(),
                text::end_reason(Some(r)).get(ctx.lang).into(),
            )
        })
        .collect();
    reasons.push(("not_recorded".into(), ctx.s(Key::ReasonUnrecorded)));
    reasons.push(("total".into(), ctx.s(Key::Total)));
    let mut table = Table::new(
        "ends_by_reason",
        ctx.s(Key::TblEnds),
        count_columns(
            Column::new("year", ctx.s(Key::Year), ColumnKind::Text),
            reasons,
        ),
    );
    push_grid(&mut table, ctx, years, ends);
    table.notes.push(ctx.s(Key::NoteEnds));
    ctx.suppression_notes(&mut table);
    blocks.push(Block::Table(table));
    Ok(Section {
        id: "flow".into(),
        heading: ctx.s(Key::SecFlow),
        blocks,
    })
}

fn push_grid(table: &mut Table, ctx: &Ctx, years: &[i32], g: &Grid) {
    for (i, row) in g.cells.iter().enumerate() {
        let label = years
            .get(i)
            .map_or_else(|| ctx.s(Key::Total), |y| y.to_string());
        let mut cells = vec![Cell::text(label)];
        cells.extend(row.iter().map(|&c| Cell::Count(c)));
        table.push(i == years.len(), cells);
    }
}

fn spending_section(ctx: &Ctx, sp: &Spending) -> Result<Section> {
    let mut blocks = Vec::new();
    let heading = ctx.s(Key::SecSpending);
    if sp.months.is_empty() || sp.measures.is_empty() {
        blocks.push(Block::Paragraph {
            text: ctx.s(Key::NoSpending),
        });
        return Ok(Section {
            id: "spending".into(),
            heading,
            blocks,
        });
    }
    blocks.push(Block::Paragraph {
        text: ctx.s(match sp.source {
            CostSource::Ledger => Key::SpendingIntroLedger,
            CostSource::Episodes => Key::SpendingIntroEpisodes,
        }),
    });
    let t = ctx.t;
    let amount = |value: f64, persons: usize| {
        Cell::Amount(Amount {
            value,
            few_persons: is_small(persons, t),
        })
    };

    // chart: the largest measures per month, the rest added together
    let start = sp.months.len().saturating_sub(MONTHS_IN_CHART);
    let months = &sp.months[start..];
    let mut order: Vec<usize> = (0..sp.measures.len()).collect();
    let sums: Vec<f64> = (0..sp.measures.len())
        .map(|j| months.iter().map(|m| m.amounts[j]).sum())
        .collect();
    order.sort_by(|&a, &b| sums[b].total_cmp(&sums[a]).then(a.cmp(&b)));
    let top: Vec<usize> = order.iter().copied().take(MEASURES_IN_CHART).collect();
    let rest: Vec<usize> = order.iter().copied().skip(MEASURES_IN_CHART).collect();
    let max = months
        .iter()
        .flat_map(|m| m.amounts.iter().copied())
        .fold(0.0, f64::max);
    let others_max = months
        .iter()
        .map(|m| rest.iter().map(|&j| m.amounts[j]).sum::<f64>())
        .fold(0.0, f64::max);
    let (scale, unit) = match max.max(others_max) {
        m if m >= 1e6 => (1e6, Key::UnitMillion),
        m if m >= 1e4 => (1e3, Key::UnitThousand),
        _ => (1.0, Key::UnitKroner),
    };
    let mut series: Vec<Series> = top
        .iter()
        .map(|&j| Series {
            name: ctx.measure(&sp.measures[j]),
            values: months.iter().map(|m| Some(m.amounts[j] / scale)).collect(),
        })
        .collect();
    if !rest.is_empty() {
        series.push(Series {
            name: ctx.s(Key::OtherMeasures),
            values: months
                .iter()
                .map(|m| Some(rest.iter().map(|&j| m.amounts[j]).sum::<f64>() / scale))
                .collect(),
        });
    }
    let every = if months.len() <= 13 {
        1
    } else if months.len() <= 30 {
        3
    } else {
        12
    };
    let on_step = |m: YearMonth| (m.month - 1) % every == 0;
    // the first month is labelled too, unless a regular label follows too closely
    let next_step = months
        .iter()
        .position(|m| on_step(m.month))
        .unwrap_or(months.len());
    let label_first = next_step == 0 || next_step > (every as usize / 2).max(1);
    let categories: Vec<String> = months
        .iter()
        .enumerate()
        .map(|(i, m)| {
            if on_step(m.month) || (i == 0 && label_first) {
                fmt::month_short(m.month, ctx.lang)
            } else {
                String::new()
            }
        })
        .collect();
    let (first, last) = (months[0].month, months[months.len() - 1].month);
    let latest_year = sp.years.last().expect("months exist");
    let mut caption_args = vec![
        ("k", top.len().to_string()),
        ("from", fmt::month_short(first, ctx.lang)),
        ("to", fmt::month_short(last, ctx.lang)),
        (
            "n",
            fmt::count(Count::primary(latest_year.cases_total, t), t, ctx.lang),
        ),
        ("year", latest_year.year.to_string()),
    ];
    caption_args.extend(ctx.t_args());
    let text = ChartText {
        title: ctx.s(Key::ChartSpendingTitle),
        x_label: ctx.s(Key::ChartSpendingX),
        y_label: ctx.f(Key::ChartSpendingY, &[("unit", ctx.s(unit))]),
        description: ctx.f(
            if rest.is_empty() {
                Key::ChartSpendingCaptionAll
            } else {
                Key::ChartSpendingCaption
            },
            &caption_args,
        ),
    };
    let lang = ctx.lang;
    let y_fmt = move |v: f64| fmt::decimal(v, if scale == 1e6 { 1 } else { 0 }, lang);
    let svg = charts::lines("chart-spending", &text, &categories, &series, &y_fmt)?;
    blocks.push(Block::Chart(chart(
        "chart-spending",
        text,
        None,
        categories,
        series,
        svg,
    )));

    // table: spending per year by measure
    let year_label = |y: &crate::summary::YearSpending| {
        if y.complete() {
            y.year.to_string()
        } else {
            format!(
                "{} ({}–{})",
                y.year,
                text::month_abbr(y.first_month.month, ctx.lang),
                text::month_abbr(y.last_month.month, ctx.lang)
            )
        }
    };
    let mut columns = vec![Column::new(
        "measure",
        ctx.s(Key::ColName),
        ColumnKind::Text,
    )];
    columns.extend(
        sp.years
            .iter()
            .map(|y| Column::new(y.year.to_string(), year_label(y), ColumnKind::Amount)),
    );
    let mut table = Table::new(
        "spending_by_year",
        ctx.s(Key::TblSpendingYear),
        columns.clone(),
    );
    in_thousands(ctx, &mut table, sp.years.iter().map(|y| y.total));
    for (j, m) in sp.measures.iter().enumerate() {
        let mut cells = vec![Cell::text(ctx.measure(m))];
        cells.extend(sp.years.iter().map(|y| amount(y.amounts[j], y.cases[j])));
        table.push(false, cells);
    }
    let mut cells = vec![Cell::text(ctx.s(Key::Total))];
    cells.extend(sp.years.iter().map(|y| amount(y.total, y.cases_total)));
    table.push(true, cells);
    for y in sp.years.iter().filter(|y| !y.complete()) {
        table.notes.push(ctx.f(
            Key::NotePartialYear,
            &[
                ("year", y.year.to_string()),
                ("period", ctx.period(y.first_month, y.last_month)),
            ],
        ));
    }
    ctx.suppression_notes(&mut table);
    blocks.push(Block::Table(table));

    // table: persons per year by measure
    for c in columns.iter_mut().skip(1) {
        c.kind = ColumnKind::Count;
    }
    let mut table = Table::new("cases_by_year", ctx.s(Key::TblCasesYear), columns);
    for (j, m) in sp.measures.iter().enumerate() {
        let mut cells = vec![Cell::text(ctx.measure(m))];
        cells.extend(
            sp.years
                .iter()
                .map(|y| Cell::Count(Count::primary(y.cases[j], t))),
        );
        table.push(false, cells);
    }
    let mut cells = vec![Cell::text(ctx.s(Key::TotalDistinct))];
    cells.extend(
        sp.years
            .iter()
            .map(|y| Cell::Count(Count::primary(y.cases_total, t))),
    );
    table.push(true, cells);
    table.notes.push(ctx.s(Key::NoteCases));
    ctx.suppression_notes(&mut table);
    blocks.push(Block::Table(table));

    // table: the last months by measure
    let recent = &sp.months[sp.months.len().saturating_sub(MONTHS_IN_TABLE)..];
    let mut columns = vec![Column::new(
        "measure",
        ctx.s(Key::ColName),
        ColumnKind::Text,
    )];
    columns.extend(recent.iter().map(|m| {
        Column::new(
            m.month.to_string(),
            fmt::month_short(m.month, ctx.lang),
            ColumnKind::Amount,
        )
    }));
    let mut table = Table::new(
        "spending_by_month",
        ctx.f(Key::TblSpendingMonth, &[("n", recent.len().to_string())]),
        columns,
    );
    in_thousands(ctx, &mut table, recent.iter().map(|m| m.total));
    for (j, m) in sp.measures.iter().enumerate() {
        let mut cells = vec![Cell::text(ctx.measure(m))];
        cells.extend(recent.iter().map(|ms| amount(ms.amounts[j], ms.cases[j])));
        table.push(false, cells);
    }
    let mut cells = vec![Cell::text(ctx.s(Key::Total))];
    cells.extend(recent.iter().map(|ms| amount(ms.total, ms.cases_total)));
    table.push(true, cells);
    ctx.suppression_notes(&mut table);
    blocks.push(Block::Table(table));
    Ok(Section {
        id: "spending".into(),
        heading,
        blocks,
    })
}

/// Shows a table's amounts in thousands of kroner when they run into millions, and says
/// so in the title.
fn in_thousands(ctx: &Ctx, table: &mut Table, totals: impl Iterator<Item = f64>) {
    if totals.fold(0.0, |m: f64, v| m.max(v.abs())) >= 1e6 {
        table.amount_unit = AmountUnit::Thousands;
        table.title = format!("{} ({})", table.title, ctx.s(Key::UnitThousand));
    }
}

fn calculation_notes(ctx: &Ctx, pop: &Population, sp: &Spending) -> Vec<String> {
    let n = |v: usize| fmt::integer(v as i64, ctx.lang);
    let mut notes = Vec::new();
    if pop.episodes_after_cutoff > 0 {
        notes.push(ctx.f(Key::NoteAfterCutoff, &[("n", n(pop.episodes_after_cutoff))]));
    }
    if pop.episodes_unknown_level > 0 {
        notes.push(ctx.f(
            Key::NoteUnknownLevel,
            &[("n", n(pop.episodes_unknown_level))],
        ));
    }
    if pop.episodes_ending_after_cutoff > 0 {
        notes.push(ctx.f(
            Key::NoteEndingAfterCutoff,
            &[("n", n(pop.episodes_ending_after_cutoff))],
        ));
    }
    if sp.episodes_without_rate > 0 {
        notes.push(ctx.f(Key::NoteWithoutRate, &[("n", n(sp.episodes_without_rate))]));
    }
    if sp.ledger_rows_after_cutoff > 0 {
        notes.push(ctx.f(
            Key::NoteLedgerAfter,
            &[
                ("n", n(sp.ledger_rows_after_cutoff)),
                (
                    "amount",
                    fmt::kroner(sp.ledger_amount_after_cutoff, ctx.lang),
                ),
            ],
        ));
    }
    if !sp.unknown_measures.is_empty() {
        notes.push(ctx.f(
            Key::NoteUnknownMeasures,
            &[("names", sp.unknown_measures.join(", "))],
        ));
    }
    notes
}

fn data_section(ctx: &Ctx, data: &Dataset, notes: &[String]) -> Section {
    let v = &data.validation;
    let mut blocks = vec![Block::Paragraph {
        text: ctx.s(Key::DataIntro),
    }];
    let table_name = |t: TableKind| text::table_kind(t).get(ctx.lang).to_string();

    let used = |t: TableKind| match t {
        TableKind::Persons => data.persons.rows.len(),
        TableKind::Episodes => data.episodes.rows.len(),
        TableKind::Assessments => data.assessments.rows.len(),
        TableKind::Costs => data.costs.rows.len(),
        TableKind::Outcomes => data.outcomes.rows.len(),
    };
    if v.tables.is_empty() {
        blocks.push(Block::Paragraph {
            text: ctx.s(Key::DataNoLoad),
        });
    }
    let mut rows = Table::new(
        "data_rows",
        ctx.s(Key::TblRows),
        vec![
            Column::new("table", ctx.s(Key::ColTable), ColumnKind::Text),
            Column::new("file", ctx.s(Key::ColFile), ColumnKind::Text),
            Column::new("rows_read", ctx.s(Key::ColRead), ColumnKind::Integer),
            Column::new("rows_used", ctx.s(Key::ColUsed), ColumnKind::Integer),
            Column::new(
                "rows_excluded",
                ctx.s(Key::ColExcluded),
                ColumnKind::Integer,
            ),
        ],
    );
    for kind in TableKind::ALL {
        match v.table(kind) {
            Some(tc) => rows.push(
                false,
                vec![
                    Cell::text(table_name(kind)),
                    Cell::text(tc.file.clone()),
                    Cell::Integer(tc.rows_read as i64),
                    Cell::Integer(tc.rows_used as i64),
                    Cell::Integer(tc.rows_excluded() as i64),
                ],
            ),
            None if used(kind) > 0 || v.tables.is_empty() => rows.push(
                false,
                vec![
                    Cell::text(table_name(kind)),
                    Cell::Empty,
                    Cell::Empty,
                    Cell::Integer(used(kind) as i64),
                    Cell::Empty,
                ],
            ),
            None => {}
        }
    }
    rows.notes.push(ctx.s(Key::NoteRecordCounts));
    blocks.push(Block::Table(rows));

    if v.is_clean() {
        blocks.push(Block::Paragraph {
            text: ctx.s(Key::DataClean),
        });
    } else {
        let mut problems = Table::new(
            "data_problems",
            ctx.s(Key::TblProblems),
            vec![
                Column::new("table", ctx.s(Key::ColTable), ColumnKind::Text),
                Column::new("problem", ctx.s(Key::ColProblem), ColumnKind::Text),
                Column::new("found", ctx.s(Key::ColFound), ColumnKind::Integer),
                Column::new(
                    "rows_excluded",
                    ctx.s(Key::ColRowsExcluded),
                    ColumnKind::Integer,
                ),
            ],
        );
        for (&table, kinds) in &v.counts {
            for (&kind, &found) in kinds {
                let excluded = v
                    .table(table)
                    .and_then(|t| t.excluded.get(&kind))
                    .copied()
                    .unwrap_or(0);
                problems.push(
                    false,
                    vec![
                        Cell::text(table_name(table)),
                        Cell::text(text::issue_kind(kind).get(ctx.lang)),
                        Cell::Integer(found as i64),
                        Cell::Integer(excluded as i64),
                    ],
                );
            }
        }
        blocks.push(Block::Table(problems));

        let mut examples = Table::new(
            "data_examples",
            ctx.s(Key::TblExamples),
            vec![
                Column::new("problem", ctx.s(Key::ColProblem), ColumnKind::Text),
                Column::new("file", ctx.s(Key::ColFile), ColumnKind::Text),
                Column::new("row", ctx.s(Key::ColRow), ColumnKind::Integer),
                Column::new("column", ctx.s(Key::ColColumn), ColumnKind::Text),
                Column::new("value", ctx.s(Key::ColValue), ColumnKind::Text),
                Column::new("expected", ctx.s(Key::ColExpected), ColumnKind::Text),
                Column::new("excluded", ctx.s(Key::ColExcluded), ColumnKind::Text),
            ],
        );
        for (&table, kinds) in &v.counts {
            for &kind in kinds.keys() {
                for issue in v
                    .examples
                    .iter()
                    .filter(|i| i.table == table && i.kind == kind)
                    .take(EXAMPLES_SHOWN)
                {
                    let opt = |s: &Option<String>| s.clone().map_or(Cell::Empty, Cell::Text);
                    examples.push(
                        false,
                        vec![
                            Cell::text(text::issue_kind(kind).get(ctx.lang)),
                            Cell::text(issue.file.clone()),
                            issue.row.map_or(Cell::Empty, |r| Cell::Integer(r as i64)),
                            opt(&issue.column),
                            opt(&issue.value),
                            Cell::text(issue.expected.text(ctx.lang)),
                            Cell::text(ctx.s(if issue.excluded { Key::Yes } else { Key::No })),
                        ],
                    );
                }
            }
        }
        examples
            .notes
            .push(ctx.f(Key::NoteExamples, &[("k", EXAMPLES_SHOWN.to_string())]));
        blocks.push(Block::Table(examples));
    }
    if !v.notes.is_empty() {
        blocks.push(Block::Paragraph {
            text: ctx.s(Key::DataReadNotes),
        });
        blocks.push(Block::List {
            items: v.notes.iter().map(|n| n.text(ctx.lang)).collect(),
        });
    }
    if !notes.is_empty() {
        blocks.push(Block::Paragraph {
            text: ctx.s(Key::DataNotes),
        });
        blocks.push(Block::List {
            items: notes.to_vec(),
        });
    }
    Section {
        id: "data".into(),
        heading: ctx.s(Key::SecData),
        blocks,
    }
}

fn method_section(ctx: &Ctx, data: &Dataset, opts: &ReportOptions, source: CostSource) -> Section {
    let levels = ctx.staircase.levels();
    let names = |f: &dyn Fn(&crate::staircase::Level) -> bool| -> String {
        ctx.list(
            &levels
                .iter()
                .filter(|l| f(l))
                .map(|l| ctx.level(&l.id))
                .collect::<Vec<_>>(),
        )
    };
    let def = |term: Key, text: String| Definition {
        term: ctx.s(term),
        text,
    };
    let items = vec![
        def(
            Key::DefCountingDateTerm,
            ctx.f(Key::DefCountingDate, &[("date", ctx.date(data.cutoff))]),
        ),
        def(Key::DefHighestTerm, ctx.s(Key::DefHighest)),
        def(Key::DefDuringYearTerm, ctx.s(Key::DefDuringYear)),
        def(Key::DefFlowTerm, ctx.s(Key::DefFlow)),
        def(
            Key::DefPlacementTerm,
            ctx.f(
                Key::DefPlacement,
                &[
                    ("placement_levels", names(&|l| l.placement)),
                    ("res_levels", names(&|l| l.residential)),
                ],
            ),
        ),
        def(
            Key::DefCostTerm,
            ctx.s(match source {
                CostSource::Ledger => Key::DefCostLedger,
                CostSource::Episodes => Key::DefCostEpisodes,
            }),
        ),
        def(Key::DefCasesTerm, ctx.s(Key::DefCases)),
        def(
            Key::DefBaselineTerm,
            ctx.f(
                Key::DefBaseline,
                &[
                    ("before", opts.follow_up.baseline_days_before().to_string()),
                    (
                        "after",
                        opts.follow_up.baseline_days_after_start().to_string(),
                    ),
                    ("tolerance", opts.follow_up.tolerance_months().to_string()),
                    (
                        "windows",
                        ctx.list(
                            &opts
                                .follow_up
                                .months()
                                .iter()
                                .map(|m| m.to_string())
                                .collect::<Vec<_>>(),
                        ),
                    ),
                ],
            ),
        ),
        def(Key::DefReliableTerm, ctx.s(Key::DefReliable)),
        def(Key::DefAttritionTerm, ctx.s(Key::DefAttrition)),
        def(
            Key::DefSuppressionTerm,
            ctx.f(Key::DefSuppression, &ctx.t_args()),
        ),
    ];
    let mut blocks = vec![
        Block::Paragraph {
            text: ctx.s(Key::MethodIntro),
        },
        Block::Definitions { items },
    ];

    let yes_no = |b: bool| Cell::text(ctx.s(if b { Key::Yes } else { Key::No }));
    let mut table = Table::new(
        "levels",
        ctx.s(Key::TblLevels),
        vec![
            Column::new("rank", ctx.s(Key::ColRank), ColumnKind::Integer),
            Column::new("name", ctx.s(Key::ColName), ColumnKind::Text),
            Column::new("id", ctx.s(Key::ColCode), ColumnKind::Text),
            Column::new("placement", ctx.s(Key::ColPlacementFlag), ColumnKind::Text),
            Column::new(
                "residential",
                ctx.s(Key::ColResidentialFlag),
                ColumnKind::Text,
            ),
        ],
    );
    for l in levels {
        table.push(
            false,
            vec![
                Cell::Integer(i64::from(l.rank)),
                Cell::text(ctx.level(&l.id)),
                Cell::text(l.id.clone()),
                yes_no(l.placement),
                yes_no(l.residential),
            ],
        );
    }
    blocks.push(Block::Table(table));

    let mut table = Table::new(
        "measures",
        ctx.s(Key::TblMeasures),
        vec![
            Column::new("name", ctx.s(Key::ColName), ColumnKind::Text),
            Column::new("id", ctx.s(Key::ColCode), ColumnKind::Text),
            Column::new("level", ctx.s(Key::ColLevel), ColumnKind::Text),
            Column::new("legal_basis", ctx.s(Key::ColLegal), ColumnKind::Text),
        ],
    );
    for m in ctx.staircase.measures() {
        table.push(
            false,
            vec![
                Cell::text(ctx.measure(&m.id)),
                Cell::text(m.id.clone()),
                Cell::text(ctx.level(&m.level)),
                m.legal_basis.clone().map_or(Cell::Empty, Cell::Text),
            ],
        );
    }
    blocks.push(Block::Table(table));

    blocks.push(Block::Paragraph {
        text: ctx.f(Key::AboutCutoff, &[("date", ctx.date(data.cutoff))]),
    });
    let about = if opts.generated_by.trim().is_empty() {
        ctx.f(Key::AboutSoftware, &[("software", software())])
    } else {
        ctx.f(
            Key::AboutSoftwareBy,
            &[("software", software()), ("by", opts.generated_by.clone())],
        )
    };
    blocks.push(Block::Paragraph { text: about });
    Section {
        id: "method".into(),
        heading: ctx.s(Key::SecMethod),
        blocks,
    }
}
