//! `indsats validate`: check data files or a plan's data.

use super::output::{csv_field, json, Format, Output};
use super::{CliError, LangArg};
use indsats::data::{
    self, LoadOptions, PseudonymKey, Sources, TableKind, TableSource, ValidationReport,
};
use indsats::plan::Plan;
use indsats::Lang;
use serde::Serialize;
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::PathBuf;

/// Check data files, naming every problem by file, row, column and value.
///
/// Exits 0 when nothing is wrong and 1 when any problem is found; every problem is
/// counted per kind and the first examples of each are shown.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:\n  \
indsats validate --plan plan.toml\n  \
indsats validate --data episodes.csv --table episodes\n  \
indsats validate --data Udtraek.xlsx:Foranstaltninger --table episodes \\\n      --columns person_id=Barn-ID,measure=Foranstaltning,start_date=Startdato,end_date=Slutdato")]
pub struct Args {
    /// An evaluation plan: validate every table it names
    #[arg(long, conflicts_with_all = ["data", "table"], required_unless_present = "data")]
    plan: Option<PathBuf>,
    /// A data file (CSV, Parquet, or FILE.xlsx[:Sheet])
    #[arg(long, requires = "table")]
    data: Option<String>,
    /// Which table the file holds
    #[arg(long, value_parser = ["persons", "episodes", "assessments", "costs", "outcomes"])]
    table: Option<String>,
    /// Column names in the file for indsats' names: person_id=CPR,start_date=Startdato
    #[arg(long, value_delimiter = ',')]
    columns: Vec<String>,
    /// The data's cut-off date (later dates are flagged; default: the last date in the data)
    #[arg(long)]
    cutoff: Option<String>,
    /// Key file: pseudonymise CPR-like identifiers instead of refusing them
    #[arg(long, value_name = "KEYFILE")]
    pseudonymise: Option<PathBuf>,
    /// A staircase file replacing the default Danish staircase
    #[arg(long)]
    staircase: Option<PathBuf>,
    /// Output format
    #[arg(long, value_enum, default_value_t)]
    format: Format,
    /// Language of the table format (JSON and CSV keep codes and English)
    #[arg(long, value_enum, default_value = "da")]
    lang: LangArg,
    /// Write the result here instead of stdout
    #[arg(long)]
    out: Option<PathBuf>,
    /// How many examples of each kind of problem to show in the table format
    #[arg(long, default_value_t = 5)]
    examples: usize,
}

#[derive(Serialize)]
struct Json<'a> {
    ok: bool,
    cutoff: String,
    tables: &'a [data::TableCount],
    counts: BTreeMap<String, BTreeMap<&'static str, usize>>,
    problems: &'a [data::Issue],
    n: N,
    notes: &'a [data::LoadNote],
    warnings: Vec<String>,
}

#[derive(Serialize)]
struct N {
    rows_read: usize,
    rows_used: usize,
    rows_excluded: usize,
    problems: usize,
}

/// Runs the subcommand.
pub fn run(args: Args) -> Result<(), CliError> {
    let (sources, opts) = match &args.plan {
        Some(p) => {
            let plan = Plan::from_file(p)?;
            (plan.sources(), plan.load_options()?)
        }
        None => {
            let file = args
                .data
                .clone()
                .ok_or_else(|| CliError::Usage("give --plan or --data".into()))?;
            let table = args
                .table
                .as_deref()
                .and_then(TableKind::from_name)
                .expect("clap checks --table");
            let mut columns = BTreeMap::new();
            for pair in &args.columns {
                let (k, v) = pair.split_once('=').ok_or_else(|| {
                    CliError::Usage(format!("--columns: \"{pair}\" is not NAME=FILE_COLUMN"))
                })?;
                columns.insert(k.trim().to_string(), v.trim().to_string());
            }
            let mut sources = Sources::default();
            sources.set(table, TableSource { file, columns });
            let mut opts = LoadOptions::default();
            if let Some(s) = &args.staircase {
                let text = std::fs::read_to_string(s).map_err(|e| indsats::Error::io(s, e))?;
                opts.staircase =
                    indsats::staircase::Staircase::from_toml_str(&text, &s.display().to_string())?;
            }
            if let Some(k) = &args.pseudonymise {
                opts.key = Some(PseudonymKey::from_file(k)?);
            }
            (sources, opts)
        }
    };
    let mut opts = opts;
    if let Some(c) = &args.cutoff {
        opts.cutoff = Some(
            data::parse_date(c)
                .ok_or_else(|| CliError::Usage(format!("--cutoff: {c} is not a date")))?,
        );
    }
    let dataset = data::load(&sources, &opts)?;
    let rep = &dataset.validation;
    let out = Output::new(args.out.as_deref());
    let text = match args.format {
        Format::Json => json(&to_json(rep, &dataset.cutoff.to_string()))?,
        Format::Csv => to_csv(rep),
        Format::Table => to_table(
            rep,
            &dataset.cutoff.to_string(),
            args.examples,
            args.lang.into(),
        ),
    };
    out.write(&text)?;
    if rep.is_clean() {
        Ok(())
    } else {
        if args.format != Format::Table || args.out.is_some() {
            eprintln!("indsats: validation found {} problem(s)", rep.total());
        }
        Err(CliError::Problems)
    }
}

fn to_json<'a>(rep: &'a ValidationReport, cutoff: &str) -> Json<'a> {
    let counts = rep
        .counts
        .iter()
        .map(|(t, m)| {
            (
                t.name().to_string(),
                m.iter().map(|(k, n)| (k.code(), *n)).collect(),
            )
        })
        .collect();
    let rows_read = rep.tables.iter().map(|t| t.rows_read).sum();
    let rows_used = rep.tables.iter().map(|t| t.rows_used).sum();
    Json {
        ok: rep.is_clean(),
        cutoff: cutoff.to_string(),
        tables: &rep.tables,
        counts,
        problems: &rep.examples,
        n: N {
            rows_read,
            rows_used,
            rows_excluded: rows_read - rows_used,
            problems: rep.total(),
        },
        notes: &rep.notes,
        warnings: rep.notes.iter().map(ToString::to_string).collect(),
    }
}

fn to_csv(rep: &ValidationReport) -> String {
    let mut s = String::from("table,file,kind,row,column,value,expected,excluded\n");
    for i in &rep.examples {
        let _ = writeln!(
            s,
            "{},{},{},{},{},{},{},{}",
            i.table,
            csv_field(&i.file),
            i.kind.code(),
            i.row.map(|r| r.to_string()).unwrap_or_default(),
            csv_field(i.column.as_deref().unwrap_or("")),
            csv_field(i.value.as_deref().unwrap_or("")),
            csv_field(&i.expected.to_string()),
            i.excluded
        );
    }
    s
}

/// The words of the table format, Danish and English side by side.
struct Words {
    cutoff: &'static str,
    header: [&'static str; 5],
    clean: &'static str,
    problems: &'static str,
    row: &'static str,
    column: &'static str,
    expected: &'static str,
    excluded: &'static str,
    kept: &'static str,
    more: &'static str,
    note: &'static str,
}

const DA: Words = Words {
    cutoff: "datoudtræk",
    header: ["tabel", "læst", "brugt", "udeladt", "fil"],
    clean: "ingen problemer fundet",
    problems: "problem(er)",
    row: "række",
    column: "kolonne",
    expected: "forventet",
    excluded: "rækken udeladt",
    kept: "rækken beholdt",
    more: "og {n} mere",
    note: "bemærk",
};

const EN: Words = Words {
    cutoff: "cut-off date",
    header: ["table", "read", "used", "excluded", "file"],
    clean: "no problems found",
    problems: "problem(s)",
    row: "row",
    column: "column",
    expected: "expected",
    excluded: "row excluded",
    kept: "row kept",
    more: "and {n} more",
    note: "note",
};

fn to_table(rep: &ValidationReport, cutoff: &str, examples: usize, lang: Lang) -> String {
    let w = match lang {
        Lang::Da => &DA,
        Lang::En => &EN,
    };
    let mut s = String::new();
    let _ = writeln!(s, "{}: {cutoff}\n", w.cutoff);
    let [h0, h1, h2, h3, h4] = w.header;
    let _ = writeln!(s, "{h0:<12} {h1:>10} {h2:>10} {h3:>10}  {h4}");
    for t in &rep.tables {
        let _ = writeln!(
            s,
            "{:<12} {:>10} {:>10} {:>10}  {}",
            t.table.name(),
            t.rows_read,
            t.rows_used,
            t.rows_excluded(),
            t.file
        );
    }
    if rep.is_clean() {
        let _ = writeln!(s, "\n{}", w.clean);
    } else {
        let _ = writeln!(s, "\n{} {}:", rep.total(), w.problems);
        for (table, kinds) in &rep.counts {
            for (kind, n) in kinds {
                let _ = writeln!(s, "\n{table}: {} ({n})", kind.code());
                for i in rep
                    .examples
                    .iter()
                    .filter(|i| i.table == *table && i.kind == *kind)
                    .take(examples)
                {
                    let (row, col) = (w.row, w.column);
                    let place = match (i.row, &i.column) {
                        (Some(r), Some(c)) => format!("{row} {r}, {col} \"{c}\""),
                        (None, Some(c)) => format!("{col} \"{c}\""),
                        (Some(r), None) => format!("{row} {r}"),
                        (None, None) => String::new(),
                    };
                    let value = i
                        .value
                        .as_deref()
                        .map(|v| format!(": {v:?}"))
                        .unwrap_or_default();
                    let action = if i.excluded { w.excluded } else { w.kept };
                    let _ = writeln!(
                        s,
                        "  {}: {place}{value}; {} {} ({action})",
                        i.file,
                        w.expected,
                        i.expected.text(lang)
                    );
                }
                if *n > examples {
                    let _ = writeln!(
                        s,
                        "  … {}",
                        w.more.replace("{n}", &(n - examples).to_string())
                    );
                }
            }
        }
    }
    for note in &rep.notes {
        let _ = writeln!(s, "{}: {}", w.note, note.text(lang));
    }
    s
}
