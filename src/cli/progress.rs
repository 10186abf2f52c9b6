//! `indsats progress`: how each person changed from a baseline, and the group summary.

use super::output::{csv_field, csv_number, json, Format, Output};
use super::{CliError, LangArg};
use indsats::data::{self, RawSource, TableKind, TextColumn};
use indsats::instruments;
use indsats::progress::{
    observations, summarise, trajectories, ChangeClass, ScoredCounts, WindowSummary, Windows,
};
use indsats::{ErrorKind, Lang};
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;
use std::path::PathBuf;

/// Follow each person from a baseline to follow-ups at 6, 12 and 24 months: mean change
/// with its confidence interval, paired effect sizes, who changed reliably, and who was
/// lost to follow-up.
///
/// The start of each person's trajectory is the start of their first measure (with
/// --episodes), or else their first assessment. The baseline is the last assessment up to
/// the start (within --baseline-days); a follow-up is the assessment nearest to start + k
/// months within ± --tolerance months.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:\n  \
indsats progress --data sdq.csv --instrument sdq --id person_id --date date --informant parent\n  \
indsats progress --data ors.csv --instrument ors --id barn --date dato --format json\n  \
indsats progress --data assessments.csv --instrument sdq --id person_id --date date \\\n      --episodes episodes.csv --persons persons.csv --scale total_difficulties")]
pub struct Args {
    /// The assessments (wide or long; CSV, Parquet or FILE.xlsx[:Sheet])
    #[arg(long)]
    data: String,
    /// The instrument: sdq, ors, cors, srs, csrs, who5, or INSTRUMENT.toml
    #[arg(long)]
    instrument: String,
    /// The id column
    #[arg(long, value_name = "COL", default_value = "person_id")]
    id: String,
    /// The date column
    #[arg(long, value_name = "COL", default_value = "date")]
    date: String,
    /// Only assessments by this informant (parent, teacher, self)
    #[arg(long)]
    informant: Option<String>,
    /// Only these scales (default: every scale of the instrument)
    #[arg(long, value_delimiter = ',')]
    scale: Vec<String>,
    /// An episodes file: each person's trajectory starts at their first measure
    #[arg(long)]
    episodes: Option<String>,
    /// A persons file, for ages (age-specific forms and norms)
    #[arg(long)]
    persons: Option<String>,
    /// Follow-up windows in months
    #[arg(long, value_delimiter = ',', default_value = "6,12,24")]
    windows: Vec<u32>,
    /// How many months either side of a window a follow-up may fall
    #[arg(long, default_value_t = 2)]
    tolerance: u32,
    /// How many days before the start a baseline may lie
    #[arg(long, default_value_t = 92)]
    baseline_days: u32,
    /// How many days after the start an intake assessment may still be the baseline
    #[arg(long, default_value_t = 0)]
    baseline_days_after: u32,
    /// The change rule to class reliable change by (default: the instrument's default)
    #[arg(long, value_name = "ID")]
    change_rule: Option<String>,
    /// The clinical cut-off: a reliable improvement from its clinical to its functional
    /// side is "recovered" (Jacobson and Truax); a score at the cut-off is functional
    #[arg(long)]
    cutoff: Option<f64>,
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

#[derive(Serialize)]
struct ScaleResult {
    scale: String,
    change_rule: Option<String>,
    scored: ScoredCounts,
    windows: Vec<WindowSummary>,
}

#[derive(Serialize)]
struct Json {
    instrument: String,
    informant: Option<String>,
    start: &'static str,
    windows_months: Vec<u32>,
    tolerance_months: u32,
    scales: Vec<ScaleResult>,
    n: BTreeMap<&'static str, usize>,
    warnings: Vec<String>,
}

/// Runs the subcommand.
pub fn run(args: Args) -> Result<(), CliError> {
    let instrument = instruments::resolve(&args.instrument)?;
    let windows = Windows::new(args.windows.clone(), args.tolerance)
        .map_err(|e| CliError::Usage(e.to_string()))?
        .baseline_days(args.baseline_days)
        .baseline_days_after(args.baseline_days_after);
    for s in &args.scale {
        if !instrument.scales().iter().any(|x| x.id() == s) {
            let known: Vec<&str> = instrument.scales().iter().map(|x| x.id()).collect();
            return Err(CliError::Usage(format!(
                "--scale: {} has no scale \"{s}\" (it has: {})",
                instrument.id(),
                known.join(", ")
            )));
        }
    }
    // The assessments, with indsats' names for the id and date columns; a file of one
    // instrument needs no instrument column.
    let mut table = data::read_table(&args.data)?;
    if table.column_index("instrument").is_none() {
        let n = table.n_rows();
        table.columns.push("instrument".into());
        table
            .cells
            .push(std::iter::repeat_n(instrument.id(), n).collect::<TextColumn>());
    }
    let mut raws = BTreeMap::new();
    let columns = BTreeMap::from([
        ("person_id".to_string(), args.id.clone()),
        ("date".to_string(), args.date.clone()),
    ]);
    raws.insert(TableKind::Assessments, RawSource { table, columns });
    for (kind, file) in [
        (TableKind::Episodes, &args.episodes),
        (TableKind::Persons, &args.persons),
    ] {
        if let Some(f) = file {
            raws.insert(
                kind,
                RawSource {
                    table: data::read_table(f)?,
                    columns: BTreeMap::from([("person_id".to_string(), args.id.clone())]),
                },
            );
        }
    }
    let dataset = data::from_raw(raws, &data::LoadOptions::default())?;
    // A bad answer, an unreadable date or a missing column stops here, naming the place,
    // as `indsats score` does: a trajectory must not quietly lose its assessments.
    if let Some(i) = dataset
        .validation
        .examples
        .iter()
        .find(|i| i.table == TableKind::Assessments && i.excluded)
    {
        let value = i
            .value
            .as_deref()
            .map(|v| format!("{v:?}: "))
            .unwrap_or_default();
        let message = format!("{value}expected {}", i.expected);
        return Err(CliError::Failure(match (i.row, &i.column) {
            (Some(row), Some(column)) => indsats::Error::new(ErrorKind::Cell {
                file: i.file.clone(),
                row,
                column: column.clone(),
                message,
            }),
            _ => indsats::Error::format(
                i.file.clone(),
                format!(
                    "column \"{}\": {message}",
                    i.column.clone().unwrap_or_default()
                ),
            ),
        }));
    }
    let mut warnings: Vec<String> = Vec::new();
    for t in &dataset.validation.tables {
        if t.rows_excluded() > 0 {
            warnings.push(format!(
                "{}: {} of {} rows left out by validation (run indsats validate to see them)",
                t.file,
                t.rows_excluded(),
                t.rows_read
            ));
        }
    }

    let scales: Vec<String> = if args.scale.is_empty() {
        instrument
            .scales()
            .iter()
            .map(|s| s.id().to_string())
            .collect()
    } else {
        args.scale.clone()
    };
    // Each person's start: first measure, or first assessment of this instrument.
    let first_episode: HashMap<&str, chrono::NaiveDate> =
        dataset
            .episodes
            .rows
            .iter()
            .fold(HashMap::new(), |mut m, e| {
                let d = m.entry(e.person_id.as_str()).or_insert(e.start_date);
                *d = (*d).min(e.start_date);
                m
            });
    let mut results = Vec::new();
    for scale in &scales {
        let (obs, scored) = observations(&dataset, &instrument, scale, args.informant.as_deref())?;
        let mut starts: BTreeMap<String, chrono::NaiveDate> = BTreeMap::new();
        for o in &obs {
            let start = if args.episodes.is_some() {
                match first_episode.get(o.person_id.as_str()) {
                    Some(d) => *d,
                    None => continue,
                }
            } else {
                o.date
            };
            let e = starts.entry(o.person_id.clone()).or_insert(start);
            *e = (*e).min(start);
        }
        let starts: Vec<(String, chrono::NaiveDate)> = starts.into_iter().collect();
        let t = trajectories(&starts, &obs, &windows);
        let rule = instrument.change_rule(
            scale,
            args.informant.as_deref(),
            args.change_rule.as_deref(),
        );
        let classify =
            |a: f64, b: f64| -> ChangeClass { rule.expect("checked").classify(a, b, args.cutoff) };
        let summary = summarise(
            &t,
            &windows,
            rule.map(|_| &classify as &dyn Fn(f64, f64) -> ChangeClass),
        )?;
        results.push(ScaleResult {
            scale: scale.clone(),
            change_rule: rule.map(|r| r.id().to_string()),
            scored,
            windows: summary,
        });
    }
    if args.change_rule.is_some() && results.iter().all(|r| r.change_rule.is_none()) {
        return Err(CliError::Usage(format!(
            "--change-rule: {} has no rule of that name for these scales",
            instrument.id()
        )));
    }
    let n = BTreeMap::from([
        (
            "rows_read",
            dataset
                .validation
                .table(TableKind::Assessments)
                .map_or(0, |t| t.rows_read),
        ),
        (
            "rows_used",
            dataset
                .validation
                .table(TableKind::Assessments)
                .map_or(0, |t| t.rows_used),
        ),
        (
            "rows_excluded",
            dataset
                .validation
                .table(TableKind::Assessments)
                .map_or(0, |t| t.rows_excluded()),
        ),
    ]);
    let out = Json {
        instrument: instrument.id().to_string(),
        informant: args.informant.as_deref().map(data::normalise_informant),
        start: if args.episodes.is_some() {
            "first_measure"
        } else {
            "first_assessment"
        },
        windows_months: args.windows.clone(),
        tolerance_months: args.tolerance,
        scales: results,
        n,
        warnings,
    };
    let text = match args.format {
        Format::Json => json(&out)?,
        Format::Csv => to_csv(&out),
        Format::Table => to_table(&out, args.lang.into()),
    };
    Output::new(args.out.as_deref()).write(&text)
}

fn to_csv(out: &Json) -> String {
    let mut s = String::from(
        "scale,months,n_started,n_baseline,n_followed,n_lost,mean_change,ci_low,ci_high,p_value,d_z,d_av,recovered,improved,unchanged,deteriorated\n",
    );
    for r in &out.scales {
        for w in &r.windows {
            let c = w.change.as_ref();
            let class = |k: ChangeClass| {
                if r.change_rule.is_some() {
                    w.classes.get(&k).copied().unwrap_or(0).to_string()
                } else {
                    String::new()
                }
            };
            let _ = writeln!(
                s,
                "{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{}",
                csv_field(&r.scale),
                w.months,
                w.n_started,
                w.n_baseline,
                w.n_followed,
                w.n_lost,
                csv_number(c.map(|c| c.mean_change)),
                csv_number(c.and_then(|c| c.ci).map(|ci| ci[0])),
                csv_number(c.and_then(|c| c.ci).map(|ci| ci[1])),
                csv_number(c.and_then(|c| c.paired_t).map(|t| t.p_value)),
                csv_number(c.and_then(|c| c.effect_sizes.d_z)),
                csv_number(c.and_then(|c| c.effect_sizes.d_av)),
                class(ChangeClass::Recovered),
                class(ChangeClass::Improved),
                class(ChangeClass::Unchanged),
                class(ChangeClass::Deteriorated),
            );
        }
    }
    s
}

fn to_table(out: &Json, lang: Lang) -> String {
    let da = lang == Lang::Da;
    let mut s = String::new();
    let head = if da {
        [
            "skala", "mdr.", "baseline", "fulgt", "tabt", "ændring", "95 % KI", "d_z", "bedre",
            "uændret", "værre",
        ]
    } else {
        [
            "scale",
            "months",
            "baseline",
            "followed",
            "lost",
            "change",
            "95% CI",
            "d_z",
            "better",
            "unchanged",
            "worse",
        ]
    };
    let _ = writeln!(
        s,
        "{:<20} {:>5} {:>9} {:>6} {:>5} {:>8} {:>18} {:>6} {:>6} {:>8} {:>6}",
        head[0],
        head[1],
        head[2],
        head[3],
        head[4],
        head[5],
        head[6],
        head[7],
        head[8],
        head[9],
        head[10]
    );
    let f = |v: Option<f64>, d: usize| v.map_or("-".to_string(), |x| format!("{x:.d$}"));
    for r in &out.scales {
        for w in &r.windows {
            let c = w.change.as_ref();
            let ci = c.and_then(|c| c.ci).map_or("-".to_string(), |ci| {
                format!("[{:.2}; {:.2}]", ci[0], ci[1])
            });
            let cls = |k: &[ChangeClass]| {
                if r.change_rule.is_none() {
                    "-".to_string()
                } else {
                    k.iter()
                        .map(|k| w.classes.get(k).copied().unwrap_or(0))
                        .sum::<usize>()
                        .to_string()
                }
            };
            let _ = writeln!(
                s,
                "{:<20} {:>5} {:>9} {:>6} {:>5} {:>8} {:>18} {:>6} {:>6} {:>8} {:>6}",
                r.scale,
                w.months,
                w.n_baseline,
                w.n_followed,
                w.n_lost,
                f(c.map(|c| c.mean_change), 2),
                ci,
                f(c.and_then(|c| c.effect_sizes.d_z), 2),
                cls(&[ChangeClass::Recovered, ChangeClass::Improved]),
                cls(&[ChangeClass::Unchanged]),
                cls(&[ChangeClass::Deteriorated]),
            );
        }
    }
    for w in &out.warnings {
        let _ = writeln!(s, "{}: {w}", if da { "bemærk" } else { "note" });
    }
    s
}
