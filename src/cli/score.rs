//! `indsats score`: score questionnaires in a file.

use super::output::{csv_field, json, Format, Output};
use super::{CliError, LangArg};
use indsats::data::{self, PseudonymKey};
use indsats::instruments::{
    self, AgePolicy, Instrument, Layout, ScoreCounts, ScoreOptions, ScoredTable, TableOptions,
    Unscored,
};
use indsats::{ErrorKind, Lang};
use serde::ser::SerializeMap;
use serde::{Serialize, Serializer};
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::PathBuf;

/// Score questionnaires: one score per scale, with bands, for every response set in a file.
///
/// The input is wide (one column per item: sdq1 … sdq25, sdq_impact_*; ors1 … ors4;
/// srs1 … srs4; who5_1 … who5_5) or long (item and value columns). An answer outside an
/// item's allowed answers, or text in an item column, stops with the file, row, column and
/// value; an empty cell is a missing answer. A scale that cannot be scored under its
/// missing-item rule is left empty, and the reason is counted in the warnings.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:\n  \
indsats score sdq --data sdq.csv --informant parent\n  \
indsats score sdq --data sdq.csv --format csv --out sdq_scores.csv\n  \
indsats score sdq --data sdq.xlsx:Forældre --informant parent --id barn --items sdq1=q1,sdq2=q2\n  \
indsats score ors --data fit_long.csv --format json\n  \
indsats score trivsel.toml --data trivsel.csv\n  \
indsats score sdq --definition > my_sdq.toml\n\n\
Columns used when present: person_id (or --id), date, informant, instrument (rows for other \
instruments are skipped), session, version (the form used, e.g. P2-4), age (completed years) \
or birth_date with date, sex. Without an age, each response set is scored on its informant's \
default form and its norms, with a warning.")]
pub struct Args {
    /// The instrument: sdq, ors, cors, srs, csrs, who5, or an instrument file INSTRUMENT.toml
    instrument: String,
    /// The responses (CSV, Parquet, or FILE.xlsx[:Sheet])
    #[arg(long, required_unless_present = "definition")]
    data: Option<String>,
    /// Print the instrument's definition (TOML, to copy and edit) instead of scoring
    #[arg(long, conflicts_with = "data")]
    definition: bool,
    /// Who answered, for rows without an informant column or value: parent, teacher or self
    #[arg(long)]
    informant: Option<String>,
    /// The id column (default person_id; the row number when the file has none)
    #[arg(long, value_name = "COL")]
    id: Option<String>,
    /// Item columns by their names in the file (long input: by their item names): sdq1=q1,sdq2=q2
    #[arg(long, value_delimiter = ',', value_name = "ITEM=COL")]
    items: Vec<String>,
    /// Other columns by their names in the file: date=dato,birth_date=fødselsdato,age=alder
    #[arg(long, value_delimiter = ',', value_name = "ROLE=COL")]
    columns: Vec<String>,
    /// Band with this norm system only (SDQ: uk4 or uk3; WHO-5: who5 or etf)
    #[arg(long, value_name = "SYSTEM")]
    norms: Option<String>,
    /// An age outside every form's ages: warn and score on the default form, or stop
    #[arg(long, value_enum)]
    age_outside: Option<AgeOutside>,
    /// Key file: pseudonymise CPR-like identifiers instead of refusing them
    #[arg(long, value_name = "KEYFILE")]
    pseudonymise: Option<PathBuf>,
    /// Output format
    #[arg(long, value_enum, default_value_t)]
    format: Format,
    /// Write the result here instead of stdout
    #[arg(long)]
    out: Option<PathBuf>,
    /// Language of the table format (JSON and CSV keep codes and English)
    #[arg(long, value_enum, default_value = "da")]
    lang: LangArg,
}

/// `--age-outside`.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
enum AgeOutside {
    /// Score on the informant's default form and warn
    Warn,
    /// Stop with the row
    Error,
}

fn pairs(flag: &str, list: &[String]) -> Result<BTreeMap<String, String>, CliError> {
    let mut m = BTreeMap::new();
    for pair in list {
        let (k, v) = pair
            .split_once('=')
            .ok_or_else(|| CliError::Usage(format!("{flag}: \"{pair}\" is not NAME=COLUMN")))?;
        let (k, v) = (k.trim(), v.trim());
        if k.is_empty() || v.is_empty() {
            return Err(CliError::Usage(format!(
                "{flag}: \"{pair}\" is not NAME=COLUMN"
            )));
        }
        m.insert(k.to_string(), v.to_string());
    }
    Ok(m)
}

/// Runs the subcommand.
pub fn run(args: Args) -> Result<(), CliError> {
    let items = pairs("--items", &args.items)?;
    let columns = pairs("--columns", &args.columns)?;
    let ins = instruments::resolve(&args.instrument)?;
    if args.definition {
        let text = match instruments::builtin_toml(&args.instrument) {
            Some(t) => t.to_string(),
            None => std::fs::read_to_string(&args.instrument)
                .map_err(|e| indsats::Error::io(&args.instrument, e))?,
        };
        return Output::new(args.out.as_deref()).write(&text);
    }
    let data_file = args.data.clone().expect("clap requires --data");
    let opts = TableOptions {
        id: args.id.clone(),
        informant: args.informant.clone(),
        items,
        columns,
        score: ScoreOptions {
            norms: args.norms.clone(),
            age_outside: args.age_outside.map(|a| match a {
                AgeOutside::Warn => AgePolicy::Warn,
                AgeOutside::Error => AgePolicy::Error,
            }),
        },
    };
    opts.check(&ins).map_err(|e| match e.kind() {
        ErrorKind::InvalidParameter { name, message } => {
            CliError::Usage(format!("--{name}: {message}"))
        }
        _ => CliError::Failure(e),
    })?;
    let informants: Vec<&str> = {
        let mut v: Vec<&str> = ins
            .versions()
            .iter()
            .filter_map(|v| v.informant())
            .collect();
        v.dedup();
        v
    };
    if let Some(i) = &args.informant {
        let n = data::normalise_informant(i);
        if !informants.is_empty()
            && ins.versions().iter().all(|v| v.informant().is_some())
            && !informants.contains(&n.as_str())
        {
            return Err(CliError::Usage(format!(
                "--informant: {} has no form for \"{i}\" (it has: {})",
                ins.id(),
                informants.join(", ")
            )));
        }
    }

    let table = data::read_table(&data_file)?;
    let key = match &args.pseudonymise {
        Some(k) => Some(PseudonymKey::from_file(k)?),
        None => None,
    };
    let guarded = data::guard_table(&table, key.as_ref())?;
    for note in &guarded.notes {
        eprintln!("indsats: {note}");
    }
    let table = guarded.table.unwrap_or(table);

    let informant_col = opts
        .columns
        .get("informant")
        .map(String::as_str)
        .unwrap_or("informant");
    let needs_informant = ins.versions().iter().all(|v| v.informant().is_some());
    if needs_informant && args.informant.is_none() && table.column_index(informant_col).is_none() {
        return Err(CliError::Usage(format!(
            "{} needs the informant to choose the form: give --informant {} or an informant column",
            ins.id(),
            informants.join("|")
        )));
    }

    let scored = instruments::score_table(&ins, &table, &opts)?;
    let lang: Lang = args.lang.into();
    let text = match args.format {
        Format::Json => json(&to_json(&ins, &scored))?,
        Format::Csv => {
            for w in &scored.warnings {
                eprintln!("indsats: warning: {}", w.text(Lang::En));
            }
            to_csv(&ins, &scored)
        }
        Format::Table => to_table(&ins, &scored, lang),
    };
    Output::new(args.out.as_deref()).write(&text)
}

/// A JSON object whose keys keep the instrument's scale order.
struct Ordered<'a, T>(Vec<(&'a str, T)>);

impl<T: Serialize> Serialize for Ordered<'_, T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(self.0.len()))?;
        for (k, v) in &self.0 {
            m.serialize_entry(k, v)?;
        }
        m.end()
    }
}

#[derive(Serialize)]
struct Json<'a> {
    instrument: &'a str,
    name: &'a str,
    file: &'a str,
    layout: Layout,
    id_column: &'a str,
    scales: Vec<&'a str>,
    scores: Vec<JsonRow<'a>>,
    n: &'a ScoreCounts,
    warnings: Vec<&'a str>,
}

#[derive(Serialize)]
struct JsonRow<'a> {
    id: &'a str,
    row: usize,
    date: Option<String>,
    session: Option<&'a str>,
    informant: Option<&'a str>,
    version: &'a str,
    age: Option<u32>,
    norms: Option<&'a str>,
    scores: Ordered<'a, Option<f64>>,
    bands: Ordered<'a, Option<&'a str>>,
    unscored: Ordered<'a, &'a Unscored>,
    flags: &'a [String],
}

fn banded(ins: &Instrument) -> Vec<usize> {
    (0..ins.scales().len())
        .filter(|&k| ins.has_bands(k))
        .collect()
}

fn to_json<'a>(ins: &'a Instrument, t: &'a ScoredTable) -> Json<'a> {
    let banded = banded(ins);
    Json {
        instrument: ins.id(),
        name: ins.name(),
        file: &t.file,
        layout: t.layout,
        id_column: &t.id_column,
        scales: ins.scales().iter().map(|s| s.id()).collect(),
        scores: t
            .rows
            .iter()
            .map(|r| JsonRow {
                id: &r.id,
                row: r.row,
                date: r.date.map(|d| d.to_string()),
                session: r.session.as_deref(),
                informant: r.scores.informant.as_deref(),
                version: &r.scores.version,
                age: r.age,
                norms: r.scores.norms.as_ref().map(|n| n.system.as_str()),
                scores: Ordered(
                    r.scores
                        .scales
                        .iter()
                        .map(|s| (s.scale.as_str(), s.value))
                        .collect(),
                ),
                bands: Ordered(
                    banded
                        .iter()
                        .map(|&k| {
                            let s = &r.scores.scales[k];
                            (s.scale.as_str(), s.band.as_deref())
                        })
                        .collect(),
                ),
                unscored: Ordered(
                    r.scores
                        .scales
                        .iter()
                        .filter_map(|s| s.unscored.as_ref().map(|u| (s.scale.as_str(), u)))
                        .collect(),
                ),
                flags: &r.scores.flags,
            })
            .collect(),
        n: &t.n,
        warnings: t.warnings.iter().map(|w| w.text(Lang::En)).collect(),
    }
}

/// The id column, each scale, a `*_band` column per banded scale, and `flags` when the
/// instrument has flags.
fn to_csv(ins: &Instrument, t: &ScoredTable) -> String {
    let banded = banded(ins);
    let mut header: Vec<String> = vec![csv_field(&t.id_column)];
    header.extend(ins.scales().iter().map(|s| csv_field(s.id())));
    header.extend(
        banded
            .iter()
            .map(|&k| csv_field(&format!("{}_band", ins.scales()[k].id()))),
    );
    let flags = !ins.flags().is_empty();
    if flags {
        header.push("flags".into());
    }
    let mut s = header.join(",");
    s.push('\n');
    for r in &t.rows {
        let mut row: Vec<String> = vec![csv_field(&r.id)];
        row.extend(r.scores.scales.iter().map(|x| x.value_text()));
        row.extend(
            banded
                .iter()
                .map(|&k| csv_field(r.scores.scales[k].band.as_deref().unwrap_or(""))),
        );
        if flags {
            row.push(csv_field(&r.scores.flags.join(";")));
        }
        s.push_str(&row.join(","));
        s.push('\n');
    }
    s
}

struct Words {
    file: &'static str,
    wide: &'static str,
    long: &'static str,
    sets: &'static str,
    complete: &'static str,
    other: &'static str,
    date: &'static str,
    session: &'static str,
    form: &'static str,
    flags: &'static str,
    bands: &'static str,
    norms: &'static str,
    note: &'static str,
}

const DA: Words = Words {
    file: "fil",
    wide: "bred",
    long: "lang",
    sets: "besvarelser",
    complete: "fuldt scoret",
    other: "rækker for andre instrumenter sprunget over",
    date: "dato",
    session: "session",
    form: "skema",
    flags: "flag",
    bands: "bånd",
    norms: "normer",
    note: "bemærk",
};

const EN: Words = Words {
    file: "file",
    wide: "wide",
    long: "long",
    sets: "response sets",
    complete: "complete",
    other: "rows for other instruments skipped",
    date: "date",
    session: "session",
    form: "form",
    flags: "flags",
    bands: "bands",
    norms: "norms",
    note: "note",
};

fn to_table(ins: &Instrument, t: &ScoredTable, lang: Lang) -> String {
    let w = match lang {
        Lang::Da => &DA,
        Lang::En => &EN,
    };
    let mut s = String::new();
    let _ = writeln!(s, "{} – {}", ins.id(), ins.name());
    let layout = match t.layout {
        Layout::Wide => w.wide,
        Layout::Long => w.long,
    };
    let _ = write!(
        s,
        "{}: {} ({layout}); {} {}, {} {}",
        w.file, t.file, t.n.response_sets, w.sets, t.n.complete, w.complete
    );
    if t.n.rows_other_instrument > 0 {
        let _ = write!(s, "; {} {}", t.n.rows_other_instrument, w.other);
    }
    s.push_str("\n\n");

    let any_date = t.rows.iter().any(|r| r.date.is_some());
    let any_session = t.rows.iter().any(|r| r.session.is_some());
    let any_flags = !ins.flags().is_empty();
    let mut header: Vec<String> = vec![t.id_column.clone()];
    if any_date {
        header.push(w.date.into());
    }
    if any_session {
        header.push(w.session.into());
    }
    header.push(w.form.into());
    header.extend(ins.scales().iter().map(|x| x.id().to_string()));
    if any_flags {
        header.push(w.flags.into());
    }
    let mut rows: Vec<Vec<String>> = vec![header];
    let mut seen_bands: Vec<String> = Vec::new();
    let mut seen_norms: Vec<(String, String)> = Vec::new();
    for r in &t.rows {
        let mut row = vec![r.id.clone()];
        if any_date {
            row.push(r.date.map(|d| d.to_string()).unwrap_or_default());
        }
        if any_session {
            row.push(r.session.clone().unwrap_or_default());
        }
        row.push(r.scores.version.clone());
        for x in &r.scores.scales {
            let mut cell = match x.value {
                // at most two decimals for people; CSV and JSON keep full precision
                Some(v) => {
                    let exact = x.value_text();
                    match exact.split_once('.') {
                        Some((_, frac)) if frac.len() > 2 => format!("{v:.2}"),
                        _ => exact,
                    }
                }
                None => "–".to_string(),
            };
            if let Some(b) = &x.band {
                cell.push(' ');
                cell.push_str(&ins.band_short(b));
                if !seen_bands.contains(b) {
                    seen_bands.push(b.clone());
                }
            }
            row.push(cell);
        }
        if any_flags {
            row.push(r.scores.flags.join(", "));
        }
        if let Some(n) = &r.scores.norms {
            let pair = (n.system.clone(), n.population.clone());
            if !seen_norms.contains(&pair) {
                seen_norms.push(pair);
            }
        }
        rows.push(row);
    }
    let ncol = rows[0].len();
    let widths: Vec<usize> = (0..ncol)
        .map(|c| rows.iter().map(|r| r[c].chars().count()).max().unwrap_or(0))
        .collect();
    for r in &rows {
        let line: Vec<String> = r
            .iter()
            .zip(&widths)
            .map(|(cell, &wd)| format!("{cell}{}", " ".repeat(wd - cell.chars().count())))
            .collect();
        let _ = writeln!(s, "{}", line.join("  ").trim_end());
    }
    if !seen_bands.is_empty() {
        let legend: Vec<String> = seen_bands
            .iter()
            .map(|b| format!("{} = {}", ins.band_short(b), ins.band_label(b, lang)))
            .collect();
        let _ = writeln!(s, "\n{}: {}", w.bands, legend.join(", "));
    }
    for (system, population) in &seen_norms {
        let _ = writeln!(s, "{}: {system}: {population}", w.norms);
    }
    for warning in &t.warnings {
        let _ = writeln!(s, "{}: {}", w.note, warning.text(lang));
    }
    s
}
