//! `indsats staircase transitions|stepdown|mix`: moves between steps, step-down within
//! 6, 12 and 24 months, and the placement mix against a target.

use super::output::{csv_field, csv_number, json, Format, Output};
use super::{CliError, LangArg};
use indsats::data::{self, Dataset, IssueKind, LoadOptions, RawSource, TableKind};
use indsats::staircase::{
    ages, population, transitions, Ages, ExitShare, LevelTime, MixBy, Move, PlacementMix,
    PlacementMixParams, SpellCounts, SpellKind, SpellParams, Staircase, StepDownGroup,
    StepDownParams, Transitions,
};
use indsats::Lang;
use serde::Serialize;
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::PathBuf;

/// The staircase from the episodes table: transitions between steps, step-down rates and
/// the placement mix.
///
/// Episodes of one child that follow each other (within --gap-days) or overlap are joined
/// into spells: a stay on one step, or a whole placement (foster care and residential care
/// in a row are one placement). Where steps overlap the higher step counts. Spells still
/// running at the cut-off are censored there.
///
/// transitions: moves from each step to the next (or "ended"), their rate per person-year
/// on the step, exits by end reason, persons on each step at each year end, and with
/// --persons the age at first measure and first placement.
/// stepdown: for the spells on each step, and for whole placements, the share that stepped
/// down (and up, and broke down) within each window among spells old enough for it, and
/// the Aalen–Johansen cumulative incidence with other exits competing.
/// mix: the children placed on --date by placement type, and the residential share against
/// --target.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:\n  \
indsats staircase transitions --data episodes.csv --cutoff 2024-12-31\n  \
indsats staircase transitions --data episodes.csv --persons persons.csv --by-year --format json\n  \
indsats staircase stepdown --data episodes.csv --cutoff 2024-12-31 --windows 6,12,24\n  \
indsats staircase mix --data episodes.csv --date 2024-12-31 --target 0.25\n  \
indsats staircase transitions --data Udtraek.xlsx:Foranstaltninger \\\n      --columns person_id=Barn-ID,measure=Foranstaltning,start_date=Startdato,end_date=Slutdato")]
pub struct Args {
    /// What to compute
    #[arg(value_enum)]
    what: What,
    /// The episodes table (CSV, Parquet or FILE.xlsx[:Sheet])
    #[arg(long)]
    data: String,
    /// Column names in the episodes file for indsats' names: person_id=Barn,start_date=Startdato
    #[arg(long, value_delimiter = ',')]
    columns: Vec<String>,
    /// The persons table, for ages (transitions); episodes of persons not in it are left out
    #[arg(long)]
    persons: Option<String>,
    /// The data's cut-off (extraction) date (default: the latest date in the data)
    #[arg(long)]
    cutoff: Option<String>,
    /// Days from one episode's end to the next one's start that still continue a stay
    #[arg(long, default_value_t = 1)]
    gap_days: u32,
    /// A staircase file replacing the default Danish staircase
    #[arg(long)]
    staircase: Option<PathBuf>,
    /// transitions: count per calendar year
    #[arg(long)]
    by_year: bool,
    /// stepdown: windows in months
    #[arg(long, value_delimiter = ',', value_name = "MONTHS")]
    windows: Vec<u32>,
    /// mix: the date to count placed children on (default: the cut-off)
    #[arg(long)]
    date: Option<String>,
    /// mix: the target share of residential care (0.25 = 75 % family-based)
    #[arg(long)]
    target: Option<f64>,
    /// mix: placement types by measure or by level
    #[arg(long, value_enum)]
    by: Option<ByArg>,
    /// Output format
    #[arg(long, value_enum, default_value_t)]
    format: Format,
    /// Write the result here instead of stdout
    #[arg(long)]
    out: Option<PathBuf>,
    /// Language of the table format
    #[arg(long, value_enum, default_value = "da")]
    lang: LangArg,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum What {
    Transitions,
    Stepdown,
    Mix,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum ByArg {
    Measure,
    Level,
}

fn usage(m: impl Into<String>) -> CliError {
    CliError::Usage(m.into())
}

/// Raw flags become checked parameters before any data are read.
struct Checked {
    spells: SpellParams,
    stepdown: StepDownParams,
    cutoff: Option<chrono::NaiveDate>,
    date: Option<chrono::NaiveDate>,
    target: f64,
    by: MixBy,
    columns: BTreeMap<String, String>,
    staircase: Staircase,
}

fn check(a: &Args) -> Result<Checked, CliError> {
    let name = match a.what {
        What::Transitions => "transitions",
        What::Stepdown => "stepdown",
        What::Mix => "mix",
    };
    let only = [
        ("--by-year", a.by_year, What::Transitions),
        ("--persons", a.persons.is_some(), What::Transitions),
        ("--windows", !a.windows.is_empty(), What::Stepdown),
        ("--date", a.date.is_some(), What::Mix),
        ("--target", a.target.is_some(), What::Mix),
        ("--by", a.by.is_some(), What::Mix),
    ];
    if let Some((flag, _, what)) = only.iter().find(|(_, set, w)| *set && *w != a.what) {
        let owner = format!("{what:?}").to_lowercase();
        return Err(usage(format!(
            "{flag} belongs to staircase {owner}, not {name}"
        )));
    }
    let date = |flag: &str, v: &Option<String>| {
        v.as_deref()
            .map(|s| data::parse_date(s).ok_or_else(|| usage(format!("{flag}: {s} is not a date"))))
            .transpose()
    };
    let spells = SpellParams::new(SpellKind::Step).gap_days(a.gap_days);
    spells.check().map_err(|e| usage(format!("--{e}")))?;
    let mut stepdown = StepDownParams::new();
    if !a.windows.is_empty() {
        stepdown = stepdown.windows(a.windows.clone());
    }
    stepdown.check().map_err(|e| usage(format!("--{e}")))?;
    let target = a.target.unwrap_or(0.25);
    let by = match a.by {
        Some(ByArg::Level) => MixBy::Level,
        _ => MixBy::Measure,
    };
    let cutoff = date("--cutoff", &a.cutoff)?;
    let on = date("--date", &a.date)?;
    // The mix's own check owns the target's range.
    PlacementMixParams::new(on.unwrap_or(chrono::NaiveDate::MIN))
        .target(target)
        .check()
        .map_err(|e| usage(format!("--{e}")))?;
    let mut columns = BTreeMap::new();
    for pair in &a.columns {
        let (k, v) = pair
            .split_once('=')
            .ok_or_else(|| usage(format!("--columns: \"{pair}\" is not NAME=FILE_COLUMN")))?;
        columns.insert(k.trim().to_string(), v.trim().to_string());
    }
    let staircase = match &a.staircase {
        Some(s) => {
            let text = std::fs::read_to_string(s).map_err(|e| indsats::Error::io(s, e))?;
            Staircase::from_toml_str(&text, &s.display().to_string())?
        }
        None => Staircase::danish_default(),
    };
    Ok(Checked {
        spells,
        stepdown,
        cutoff,
        date: on,
        target,
        by,
        columns,
        staircase,
    })
}

/// Rows read and used, as every JSON result carries them.
#[derive(Debug, Serialize)]
struct N {
    rows_read: usize,
    rows_used: usize,
    rows_excluded: usize,
    /// Rows excluded, by the first problem that excluded them.
    excluded: BTreeMap<&'static str, usize>,
    /// Problems found in rows that were kept (e.g. overlapping placements).
    kept_with_problems: BTreeMap<&'static str, usize>,
    persons_rows_read: Option<usize>,
    persons_rows_used: Option<usize>,
}

struct Loaded {
    dataset: Dataset,
    cutoff: chrono::NaiveDate,
    n: N,
    warnings: Vec<String>,
}

fn load(a: &Args, c: &Checked) -> Result<Loaded, CliError> {
    let mut raws = BTreeMap::new();
    raws.insert(
        TableKind::Episodes,
        RawSource {
            table: data::read_table(&a.data)?,
            columns: c.columns.clone(),
        },
    );
    if let Some(p) = &a.persons {
        // The persons table by indsats' column names (person_id, birth_date).
        raws.insert(
            TableKind::Persons,
            RawSource {
                table: data::read_table(p)?,
                columns: BTreeMap::new(),
            },
        );
    }
    let opts = LoadOptions {
        staircase: c.staircase.clone(),
        cutoff: c.cutoff,
        ..LoadOptions::default()
    };
    let today = opts.today;
    let dataset = data::from_raw(raws, &opts)?;
    data::require_tables(&dataset, &[TableKind::Episodes])?;
    let mut warnings = Vec::new();
    let cutoff = match c.cutoff {
        Some(d) => d,
        None => {
            let latest = dataset
                .episodes
                .rows
                .iter()
                .flat_map(|e| std::iter::once(e.start_date).chain(e.end_date))
                .filter(|d| *d <= today)
                .max()
                .ok_or_else(|| {
                    indsats::Error::analysis(format!(
                        "{}: no episode with a usable date, so there is nothing to count",
                        data::redact(&a.data)
                    ))
                })?;
            warnings.push(format!(
                "no --cutoff given: the cut-off is the latest date in the data, {latest}; give --cutoff with the extraction date"
            ));
            latest
        }
    };
    let rep = &dataset.validation;
    let t = rep
        .table(TableKind::Episodes)
        .expect("the episodes table was given");
    for table in &rep.tables {
        if table.rows_excluded() > 0 {
            let why: Vec<String> = table
                .excluded
                .iter()
                .map(|(k, n)| format!("{n} {}", k.code()))
                .collect();
            warnings.push(format!(
                "{}: {} of {} rows left out by validation ({}); run indsats validate to see them",
                table.file,
                table.rows_excluded(),
                table.rows_read,
                why.join(", ")
            ));
        }
    }
    let all = rep.counts.get(&TableKind::Episodes);
    let kept_with_problems: BTreeMap<&'static str, usize> = all
        .map(|m| {
            m.iter()
                .filter_map(|(k, n)| {
                    let kept = n - t.excluded.get(k).copied().unwrap_or(0);
                    (kept > 0).then_some((k.code(), kept))
                })
                .collect()
        })
        .unwrap_or_default();
    if let Some(n) = all.and_then(|m| m.get(&IssueKind::OverlappingEpisodes)) {
        warnings.push(format!(
            "{n} placement episode(s) overlap another placement of the same child; kept, the higher step counts while they overlap"
        ));
    }
    let persons = a
        .persons
        .as_ref()
        .and_then(|_| rep.table(TableKind::Persons));
    let n = N {
        rows_read: t.rows_read,
        rows_used: t.rows_used,
        rows_excluded: t.rows_excluded(),
        excluded: t.excluded.iter().map(|(k, n)| (k.code(), *n)).collect(),
        kept_with_problems,
        persons_rows_read: persons.map(|p| p.rows_read),
        persons_rows_used: persons.map(|p| p.rows_used),
    };
    Ok(Loaded {
        dataset,
        cutoff,
        n,
        warnings,
    })
}

/// Runs the subcommand.
pub fn run(args: Args) -> Result<(), CliError> {
    let c = check(&args)?;
    let l = load(&args, &c)?;
    let lang: Lang = args.lang.into();
    let text = match args.what {
        What::Transitions => transitions_out(&args, &c, l, lang)?,
        What::Stepdown => stepdown_out(&args, &c, l, lang)?,
        What::Mix => mix_out(&args, &c, l, lang)?,
    };
    Output::new(args.out.as_deref()).write(&text)
}

// ---------------------------------------------------------------- transitions

#[derive(Serialize)]
struct YearEnd {
    year: i32,
    counting_date: chrono::NaiveDate,
    complete: bool,
    on_date: BTreeMap<String, usize>,
    on_date_total: usize,
    placed_on_date: usize,
    residential_on_date: usize,
}

#[derive(Serialize)]
struct TransitionsJson<'a> {
    command: &'static str,
    cutoff: chrono::NaiveDate,
    gap_days: u32,
    by_year: bool,
    levels: &'a [String],
    moves: &'a [Move],
    time: &'a [LevelTime],
    population: Vec<YearEnd>,
    ages: Option<Ages>,
    spells: &'a SpellCounts,
    n: N,
    warnings: Vec<String>,
}

fn transitions_out(a: &Args, c: &Checked, l: Loaded, lang: Lang) -> Result<String, CliError> {
    let d = &l.dataset;
    let spells = c.spells.fit(&d.episodes.rows, &d.staircase, l.cutoff)?;
    let t = transitions(&spells, a.by_year)?;
    let pop = population(&d.episodes.rows, &d.staircase, d.start, l.cutoff);
    let years = pop
        .years
        .iter()
        .map(|y| YearEnd {
            year: y.year,
            counting_date: y.counting_date,
            complete: y.complete,
            on_date: pop.levels.iter().cloned().zip(y.on_date.clone()).collect(),
            on_date_total: y.on_date_total,
            placed_on_date: y.placed_on_date,
            residential_on_date: y.residential_on_date,
        })
        .collect();
    let ages = a
        .persons
        .as_ref()
        .map(|_| ages(&d.episodes.rows, &d.persons, &d.staircase, l.cutoff));
    let mut warnings = l.warnings;
    warnings.extend(spells.warnings.iter().cloned());
    let out = TransitionsJson {
        command: "transitions",
        cutoff: l.cutoff,
        gap_days: spells.gap_days,
        by_year: a.by_year,
        levels: &t.levels,
        moves: &t.moves,
        time: &t.time,
        population: years,
        ages,
        spells: &spells.counts,
        n: l.n,
        warnings,
    };
    Ok(match a.format {
        Format::Json => json(&out)?,
        Format::Csv => transitions_csv(&t),
        Format::Table => transitions_table(&out, &t, &d.staircase, lang),
    })
}

fn transitions_csv(t: &Transitions) -> String {
    let mut s = String::from("year,from,to,count,person_years,rate_per_person_year\n");
    for m in &t.moves {
        let py = t
            .time
            .iter()
            .find(|x| x.level == m.from && x.year == m.year)
            .map(|x| x.person_years);
        let _ = writeln!(
            s,
            "{},{},{},{},{},{}",
            m.year.map(|y| y.to_string()).unwrap_or_default(),
            csv_field(&m.from),
            csv_field(&m.to),
            m.count,
            csv_number(py),
            csv_number(m.rate_per_person_year)
        );
    }
    s
}

fn dec(v: Option<f64>, digits: usize, lang: Lang) -> String {
    match v {
        Some(v) if v.is_finite() => {
            let s = format!("{v:.digits$}");
            match lang {
                Lang::Da => s.replace('.', ","),
                Lang::En => s,
            }
        }
        _ => "–".into(),
    }
}

fn level_name(s: &Staircase, id: &str, lang: Lang) -> String {
    if id == Move::ENDED {
        return match lang {
            Lang::Da => "afsluttet".into(),
            Lang::En => "ended".into(),
        };
    }
    s.level_name(id, lang)
}

fn notes(s: &mut String, warnings: &[String], lang: Lang) {
    for w in warnings {
        let _ = writeln!(
            s,
            "{}: {w}",
            if lang == Lang::Da { "bemærk" } else { "note" }
        );
    }
}

fn transitions_table(
    out: &TransitionsJson<'_>,
    t: &Transitions,
    st: &Staircase,
    lang: Lang,
) -> String {
    let da = lang == Lang::Da;
    let mut s = String::new();
    let _ = writeln!(
        s,
        "{} {} ({} {} {})\n",
        if da {
            "Overgange mellem trin til og med"
        } else {
            "Moves between steps up to"
        },
        out.cutoff,
        if da {
            "ophold samlet med"
        } else {
            "stays joined within"
        },
        out.gap_days,
        if da { "dag(e)" } else { "day(s)" }
    );
    let h = if da {
        ["år", "fra", "til", "antal", "pr. personår"]
    } else {
        ["year", "from", "to", "moves", "per person-year"]
    };
    let _ = writeln!(
        s,
        "{:<6} {:<36} {:<36} {:>6} {:>15}",
        h[0], h[1], h[2], h[3], h[4]
    );
    for m in &t.moves {
        let _ = writeln!(
            s,
            "{:<6} {:<36} {:<36} {:>6} {:>15}",
            m.year.map(|y| y.to_string()).unwrap_or_else(|| "–".into()),
            level_name(st, &m.from, lang),
            level_name(st, &m.to, lang),
            m.count,
            dec(m.rate_per_person_year, 3, lang)
        );
    }
    let h = if da {
        [
            "trin",
            "ophold",
            "personer",
            "personår",
            "afsluttet",
            "i gang",
        ]
    } else {
        [
            "step",
            "stays",
            "persons",
            "person-years",
            "ended",
            "running",
        ]
    };
    let _ = writeln!(
        s,
        "\n{:<6} {:<36} {:>7} {:>8} {:>12} {:>9} {:>7}",
        if da { "år" } else { "year" },
        h[0],
        h[1],
        h[2],
        h[3],
        h[4],
        h[5]
    );
    for x in t.time.iter().filter(|x| x.spells > 0) {
        let _ = writeln!(
            s,
            "{:<6} {:<36} {:>7} {:>8} {:>12} {:>9} {:>7}",
            x.year.map(|y| y.to_string()).unwrap_or_else(|| "–".into()),
            level_name(st, &x.level, lang),
            x.spells,
            x.persons,
            dec(Some(x.person_years), 1, lang),
            x.exits,
            x.censored
        );
    }
    if let Some(last) = out.population.last() {
        let _ = writeln!(
            s,
            "\n{} {}: {} ({} {}, {} {})",
            if da {
                "Personer på trappen"
            } else {
                "Persons on the staircase on"
            },
            last.counting_date,
            last.on_date_total,
            last.placed_on_date,
            if da { "anbragt" } else { "placed" },
            last.residential_on_date,
            if da {
                "på døgninstitution/opholdssted"
            } else {
                "in residential care"
            }
        );
    }
    if let Some(a) = &out.ages {
        for (label, g) in [
            (
                if da {
                    "Alder ved første foranstaltning"
                } else {
                    "Age at first measure"
                },
                &a.first_measure,
            ),
            (
                if da {
                    "Alder ved første anbringelse"
                } else {
                    "Age at first placement"
                },
                &a.first_placement,
            ),
        ] {
            let _ = writeln!(
                s,
                "{label}: {} {} {}, median {} ({} {}), n = {}",
                if da { "gennemsnit" } else { "mean" },
                dec(g.mean, 1, lang),
                if da { "år" } else { "years" },
                dec(g.median, 1, lang),
                if da { "kvartiler" } else { "quartiles" },
                format_args!("{}–{}", dec(g.q1, 1, lang), dec(g.q3, 1, lang)),
                g.with_age
            );
        }
    }
    s.push('\n');
    notes(&mut s, &out.warnings, lang);
    s
}

// ---------------------------------------------------------------- stepdown

#[derive(Serialize)]
struct GroupJson<'a> {
    kind: SpellKind,
    #[serde(flatten)]
    group: &'a StepDownGroup,
}

#[derive(Serialize)]
struct StepDownJson<'a> {
    command: &'static str,
    cutoff: chrono::NaiveDate,
    gap_days: u32,
    windows_months: &'a [u32],
    groups: Vec<GroupJson<'a>>,
    spells: BTreeMap<&'static str, &'a SpellCounts>,
    n: N,
    warnings: Vec<String>,
}

fn stepdown_out(a: &Args, c: &Checked, l: Loaded, lang: Lang) -> Result<String, CliError> {
    let d = &l.dataset;
    let steps = c.spells.fit(&d.episodes.rows, &d.staircase, l.cutoff)?;
    let placements = SpellParams::new(SpellKind::Placement)
        .gap_days(a.gap_days)
        .fit(&d.episodes.rows, &d.staircase, l.cutoff)?;
    let by_step = c.stepdown.fit(&steps)?;
    let by_placement = c.stepdown.fit(&placements)?;
    let mut warnings = l.warnings;
    warnings.extend(steps.warnings.iter().cloned());
    let groups: Vec<GroupJson<'_>> = by_step
        .groups
        .iter()
        .map(|g| GroupJson {
            kind: SpellKind::Step,
            group: g,
        })
        .chain(by_placement.groups.iter().map(|g| GroupJson {
            kind: SpellKind::Placement,
            group: g,
        }))
        .collect();
    let out = StepDownJson {
        command: "stepdown",
        cutoff: l.cutoff,
        gap_days: a.gap_days,
        windows_months: &by_step.windows_months,
        groups,
        spells: BTreeMap::from([("step", &steps.counts), ("placement", &placements.counts)]),
        n: l.n,
        warnings,
    };
    Ok(match a.format {
        Format::Json => json(&out)?,
        Format::Csv => stepdown_csv(&out),
        Format::Table => stepdown_table(&out, &d.staircase, lang),
    })
}

fn stepdown_csv(out: &StepDownJson<'_>) -> String {
    let mut s = String::from(
        "kind,group,months,eligible,too_recent,step_down,step_down_share,step_down_cif,step_up,step_up_share,step_up_cif,breakdown,breakdown_share,breakdown_cif\n",
    );
    let cell = |x: &ExitShare| {
        format!(
            "{},{},{}",
            x.events,
            csv_number(x.share),
            csv_number(x.cumulative_incidence)
        )
    };
    for g in &out.groups {
        for w in &g.group.windows {
            let kind = match g.kind {
                SpellKind::Step => "step",
                SpellKind::Placement => "placement",
            };
            let _ = writeln!(
                s,
                "{kind},{},{},{},{},{},{},{}",
                csv_field(&g.group.group),
                w.months,
                w.eligible,
                w.too_recent,
                cell(&w.step_down),
                cell(&w.step_up),
                cell(&w.breakdown)
            );
        }
    }
    s
}

fn stepdown_table(out: &StepDownJson<'_>, st: &Staircase, lang: Lang) -> String {
    let da = lang == Lang::Da;
    let mut s = String::new();
    let _ = writeln!(
        s,
        "{} {}\n",
        if da {
            "Nedtrapning inden for vinduet, ophold startet mindst så længe før"
        } else {
            "Step-down within the window, stays started at least that long before"
        },
        out.cutoff
    );
    let h = if da {
        [
            "trin",
            "mdr.",
            "med",
            "for nye",
            "ned",
            "andel",
            "kum. inc.",
            "op",
            "sammenbrud",
        ]
    } else {
        [
            "step",
            "months",
            "counted",
            "too new",
            "down",
            "share",
            "cum. inc.",
            "up",
            "breakdown",
        ]
    };
    let _ = writeln!(
        s,
        "{:<36} {:>5} {:>7} {:>8} {:>5} {:>7} {:>9} {:>5} {:>10}",
        h[0], h[1], h[2], h[3], h[4], h[5], h[6], h[7], h[8]
    );
    let pct = |v: Option<f64>| dec(v.map(|x| x * 100.0), 0, lang) + " %";
    for g in out.groups.iter().filter(|g| g.group.spells > 0) {
        let name = match g.kind {
            SpellKind::Step => st.level_name(&g.group.group, lang),
            SpellKind::Placement => if da {
                "Anbringelser i alt"
            } else {
                "All placements"
            }
            .to_string(),
        };
        for w in &g.group.windows {
            let _ = writeln!(
                s,
                "{:<36} {:>5} {:>7} {:>8} {:>5} {:>7} {:>9} {:>5} {:>10}",
                name,
                w.months,
                w.eligible,
                w.too_recent,
                w.step_down.events,
                pct(w.step_down.share),
                pct(w.step_down.cumulative_incidence),
                w.step_up.events,
                w.breakdown.events
            );
        }
    }
    s.push('\n');
    for g in out.groups.iter().filter(|g| g.group.spells > 0) {
        let t = &g.group.time_to_step_down;
        if t.stepped_down == 0 {
            continue;
        }
        let name = match g.kind {
            SpellKind::Step => st.level_name(&g.group.group, lang),
            SpellKind::Placement => if da {
                "anbringelser i alt"
            } else {
                "all placements"
            }
            .into(),
        };
        let _ = writeln!(
            s,
            "{}: {name}: {} {} ({} {} {}; {} {}, {} {})",
            if da {
                "Tid til første nedtrapning, median"
            } else {
                "Time to first step-down, median"
            },
            dec(t.median_days, 0, lang),
            if da { "dage" } else { "days" },
            t.stepped_down,
            if da { "af" } else { "of" },
            t.first_spells,
            t.censored,
            if da { "stadig i gang" } else { "still running" },
            t.other_exit,
            if da {
                "afsluttet på anden vis"
            } else {
                "ended otherwise"
            }
        );
    }
    notes(&mut s, &out.warnings, lang);
    s
}

// ---------------------------------------------------------------- mix

#[derive(Serialize)]
struct MixJson<'a> {
    command: &'static str,
    cutoff: chrono::NaiveDate,
    #[serde(flatten)]
    mix: &'a PlacementMix,
    n: N,
}

fn mix_out(a: &Args, c: &Checked, l: Loaded, lang: Lang) -> Result<String, CliError> {
    let d = &l.dataset;
    let on = c.date.unwrap_or(l.cutoff);
    let mut mix = PlacementMixParams::new(on).target(c.target).by(c.by).fit(
        &d.episodes.rows,
        &d.staircase,
        l.cutoff,
    )?;
    let mut warnings = l.warnings;
    warnings.append(&mut mix.warnings);
    mix.warnings = warnings;
    let out = MixJson {
        command: "mix",
        cutoff: l.cutoff,
        mix: &mix,
        n: l.n,
    };
    Ok(match a.format {
        Format::Json => json(&out)?,
        Format::Csv => mix_csv(&mix),
        Format::Table => mix_table(&mix, &d.staircase, lang),
    })
}

fn mix_csv(m: &PlacementMix) -> String {
    let mut s = String::from("type,level,residential,count,share,percent_rounded\n");
    for t in &m.types {
        let _ = writeln!(
            s,
            "{},{},{},{},{},{}",
            csv_field(&t.type_id),
            csv_field(&t.level),
            t.residential,
            t.count.map(|c| c.to_string()).unwrap_or_default(),
            csv_number(Some(t.share)),
            t.percent_rounded
        );
    }
    s
}

fn mix_table(m: &PlacementMix, st: &Staircase, lang: Lang) -> String {
    let da = lang == Lang::Da;
    let mut s = String::new();
    let _ = writeln!(
        s,
        "{} {}: {}\n",
        if da {
            "Anbragte børn"
        } else {
            "Children placed on"
        },
        m.date.map(|d| d.to_string()).unwrap_or_default(),
        m.n_placed.unwrap_or(0)
    );
    for t in &m.types {
        let name = match m.by {
            MixBy::Measure => st.measure_name(&t.type_id, lang),
            MixBy::Level => st.level_name(&t.type_id, lang),
        };
        let _ = writeln!(
            s,
            "  {:<40} {:>5} {:>5} %{}",
            name,
            t.count.unwrap_or(0),
            t.percent_rounded,
            if t.residential {
                if da {
                    "  (døgn)"
                } else {
                    "  (residential)"
                }
            } else {
                ""
            }
        );
    }
    let _ = writeln!(
        s,
        "\n{}: {} % ({} {} %), {}: {} %",
        if da {
            "Døgninstitution og opholdssted"
        } else {
            "Residential care"
        },
        dec(Some(m.residential_share * 100.0), 1, lang),
        if da {
            "afrundede andele lagt sammen"
        } else {
            "rounded shares added"
        },
        m.rounded.residential_percent,
        if da { "mål" } else { "target" },
        dec(Some(m.target_residential_share * 100.0), 0, lang),
    );
    let _ = writeln!(
        s,
        "{}: {} {}",
        if da {
            "Afstand til målet"
        } else {
            "Gap to the target"
        },
        dec(Some(m.gap_points), 1, lang),
        if da {
            "procentpoint"
        } else {
            "percentage points"
        },
    );
    s.push('\n');
    notes(&mut s, &m.warnings, lang);
    s
}
