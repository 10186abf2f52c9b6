//! `indsats survival cif`: how spells end — the cumulative incidence of each competing
//! exit (Aalen–Johansen), as R's multi-state `survfit`.

use crate::cli::output::{csv_field, csv_number, json, Format, Output};
use crate::cli::CliError;
use indsats::data::{self, Missing, RawTable, Role, Wanted};
use indsats::survival::{CifFit, CifGroup, CumulativeIncidence};
use indsats::{Error, ErrorKind, Lang};
use serde::Serialize;
use std::collections::BTreeMap;
use std::fmt::Write as _;

/// Cumulative incidence of competing exits (Aalen–Johansen), as R's
/// `survfit(Surv(time, exit) ~ group, id = id)`.
///
/// One row per spell: --time holds its length, --event how it ended (a label such as home,
/// step_down, breakdown). An empty cell, `censor`, `censored` or `0` means the spell was
/// still running at the cut-off (censored); `NA` or `.` means the exit is unknown and the
/// row is left out (counted in the warnings). For each distinct time: spells at risk,
/// exits per cause, censorings, the probability of still being in the spell, the
/// cumulative incidence of each cause with its infinitesimal-jackknife standard error and
/// log-scale interval, and the restricted mean time in each state up to --tau (default:
/// the last time). --format csv writes the curves, one row per time and state; json
/// writes everything.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:\n  \
indsats survival cif --data spells.csv --time months --event end_reason\n  \
indsats survival cif --data spells.csv --time months --event end_reason --group district --tau 24\n  \
indsats survival cif --data spells.csv --time months --event end_reason --causes home,step_down,step_up,breakdown --format json")]
pub struct Args {
    /// The data (CSV, Parquet or FILE.xlsx[:Sheet]), one row per spell
    #[arg(long)]
    data: String,
    /// The spell's length (a number, not negative)
    #[arg(long, value_name = "COL")]
    time: String,
    /// How the spell ended (a label; empty, censor, censored or 0 = still running)
    #[arg(long, value_name = "COL")]
    event: String,
    /// One curve per value of this column
    #[arg(long, value_name = "COL")]
    group: Option<String>,
    /// The causes in the order to report them; an exit not listed is an error
    /// (default: every exit seen, sorted)
    #[arg(long, value_delimiter = ',', value_name = "A,B,C")]
    causes: Vec<String>,
    /// Horizon of the restricted mean time in each state (default: the last time)
    #[arg(long, value_name = "T", allow_negative_numbers = true)]
    tau: Option<f64>,
    /// Confidence level
    #[arg(long, default_value_t = 0.95, allow_negative_numbers = true)]
    ci_level: f64,
    #[command(flatten)]
    common: crate::cli::output::Common,
}

/// Event cells that mean the spell is still running.
const CENSORED: [&str; 4] = ["", "censor", "censored", "0"];
/// Event cells that mean the exit is unknown: the row is left out.
const UNKNOWN: [&str; 3] = ["NA", "na", "."];

fn usage(m: impl Into<String>) -> CliError {
    CliError::Usage(m.into())
}

fn is_censored(cell: &str) -> bool {
    CENSORED.iter().any(|c| cell.eq_ignore_ascii_case(c))
}

/// Raw flags to checked parameters: every problem is bad usage, found before any data
/// are read.
fn params(a: &Args) -> Result<CumulativeIncidence, CliError> {
    if a.time == a.event {
        return Err(usage(format!(
            "--time and --event both name column \"{}\"",
            a.time
        )));
    }
    if let Some(g) = &a.group {
        if *g == a.time || *g == a.event {
            return Err(usage(format!(
                "--group names column \"{g}\", which is already --time or --event"
            )));
        }
    }
    if let Some(c) = a.causes.iter().find(|c| !c.is_empty() && is_censored(c)) {
        return Err(usage(format!(
            "--causes: \"{c}\" marks a censored spell and cannot be a cause"
        )));
    }
    let mut p = CumulativeIncidence::default().ci_level(a.ci_level);
    if !a.causes.is_empty() {
        p = p.causes(a.causes.clone());
    }
    if let Some(tau) = a.tau {
        p = p.tau(tau);
    }
    p.check().map_err(|e| match e.kind() {
        ErrorKind::InvalidParameter { name, message } => {
            usage(format!("--{}: {message}", name.replace('_', "-")))
        }
        _ => usage(e.to_string()),
    })?;
    Ok(p)
}

/// The spells as read: durations, exits, groups, and what was left out.
struct Spells {
    source: String,
    time: Vec<f64>,
    exit: Vec<Option<String>>,
    group: Option<Vec<String>>,
    n_read: usize,
    missing: Vec<Missing>,
    notes: Vec<String>,
}

fn cell_error(table: &RawTable, r: usize, column: &str, message: String) -> CliError {
    CliError::Failure(Error::new(ErrorKind::Cell {
        file: table.source.clone(),
        row: table.file_row(r),
        column: column.to_string(),
        message,
    }))
}

fn load(a: &Args) -> Result<Spells, CliError> {
    let (table, guard_notes) = a.common.read_guarded(&a.data)?;
    let event = table.column_index(&a.event).ok_or_else(|| {
        Error::new(ErrorKind::MissingColumn {
            file: table.source.clone(),
            column: a.event.clone(),
            found: table.columns.clone(),
        })
    })?;
    // The event column is read here, not by `frame`: an empty exit is a censored spell,
    // not a missing value.
    let mut wanted = vec![Wanted {
        name: &a.time,
        role: Role::Number,
    }];
    if let Some(g) = &a.group {
        wanted.push(Wanted {
            name: g,
            role: Role::Label,
        });
    }
    let frame = data::frame(&table, &wanted)?;
    let times = frame.number(&a.time).expect("read");
    let groups = a.group.as_ref().map(|g| frame.label(g).expect("read"));
    let event_name = table.columns[event].clone();
    let mut spells = Spells {
        source: table.source.clone(),
        time: Vec::with_capacity(times.len()),
        exit: Vec::with_capacity(times.len()),
        group: groups.map(|_| Vec::with_capacity(times.len())),
        n_read: frame.n_read,
        missing: frame.missing.clone(),
        notes: guard_notes,
    };
    let mut unknown = 0;
    for (j, &file_row) in frame.file_rows.iter().enumerate() {
        let r = file_row - table.header_row - 1;
        let cell = table.cells[event].get(r).unwrap_or("").trim();
        if UNKNOWN.contains(&cell) {
            unknown += 1;
            continue;
        }
        let t = times[j];
        if t < 0.0 {
            return Err(cell_error(
                &table,
                r,
                &a.time,
                format!("{t}: a spell cannot last less than 0"),
            ));
        }
        let exit = if is_censored(cell) {
            None
        } else if data::is_cpr_like(cell) {
            return Err(CliError::Failure(Error::new(ErrorKind::CprLike {
                file: table.source.clone(),
                column: event_name,
                row: file_row,
            })));
        } else if !a.causes.is_empty() && !a.causes.iter().any(|c| c == cell) {
            return Err(cell_error(
                &table,
                r,
                &event_name,
                format!(
                    "exit \"{cell}\" is not among --causes ({})",
                    a.causes.join(", ")
                ),
            ));
        } else {
            Some(cell.to_string())
        };
        spells.time.push(t);
        spells.exit.push(exit);
        if let (Some(out), Some(g)) = (spells.group.as_mut(), groups) {
            out.push(g[j].clone());
        }
    }
    if unknown > 0 {
        spells.missing.push(Missing {
            column: event_name,
            rows: unknown,
        });
    }
    Ok(spells)
}

/// One curve, keyed by cause, as the contract's JSON has it.
#[derive(Serialize)]
struct GroupOut<'a> {
    group: &'a str,
    n: usize,
    n_censored: usize,
    n_events: BTreeMap<&'a str, usize>,
    causes: &'a [String],
    table: Vec<RowOut<'a>>,
    rmean: RmeanOut<'a>,
}

#[derive(Serialize)]
struct RowOut<'a> {
    time: f64,
    n_risk: usize,
    n_censor: usize,
    n_event: BTreeMap<&'a str, usize>,
    p_initial: f64,
    std_error_initial: f64,
    ci_initial: Option<[f64; 2]>,
    cif: BTreeMap<&'a str, f64>,
    std_error: BTreeMap<&'a str, f64>,
    ci: BTreeMap<&'a str, Option<[f64; 2]>>,
}

#[derive(Serialize)]
struct RmeanOut<'a> {
    tau: f64,
    initial: f64,
    causes: BTreeMap<&'a str, f64>,
}

#[derive(Serialize)]
struct Counts<'a> {
    read: usize,
    used: usize,
    excluded: usize,
    missing: &'a [Missing],
    censored: usize,
    events: BTreeMap<&'a str, usize>,
}

#[derive(Serialize)]
struct CifJson<'a> {
    method: &'static str,
    groups: Vec<GroupOut<'a>>,
    causes: &'a [String],
    ci_level: f64,
    ci_type: &'static str,
    std_error_method: &'static str,
    warnings: &'a [String],
    n: Counts<'a>,
}

fn keyed<'a, T: Copy>(causes: &'a [String], v: &[T]) -> BTreeMap<&'a str, T> {
    causes
        .iter()
        .map(String::as_str)
        .zip(v.iter().copied())
        .collect()
}

fn group_out<'a>(g: &'a CifGroup) -> GroupOut<'a> {
    let f = &g.fit;
    let c = f.causes.as_slice();
    GroupOut {
        group: &g.group,
        n: f.n,
        n_censored: f.n_censored,
        n_events: keyed(c, &f.n_events),
        causes: c,
        table: f
            .table
            .iter()
            .map(|r| RowOut {
                time: r.time,
                n_risk: r.n_risk,
                n_censor: r.n_censor,
                n_event: keyed(c, &r.n_event),
                p_initial: r.p_initial,
                std_error_initial: r.std_error_initial,
                ci_initial: r.ci_initial,
                cif: keyed(c, &r.cif),
                std_error: keyed(c, &r.std_error),
                ci: keyed(c, &r.ci),
            })
            .collect(),
        rmean: RmeanOut {
            tau: f.rmean.tau,
            initial: f.rmean.initial,
            causes: keyed(c, &f.rmean.causes),
        },
    }
}

/// Runs the subcommand.
pub fn run(mut a: Args) -> Result<(), CliError> {
    // `--causes home, step_down` as well as `home,step_down`
    for c in &mut a.causes {
        *c = c.trim().to_string();
    }
    let p = params(&a)?;
    let s = load(&a)?;
    if s.time.is_empty() {
        return Err(CliError::Failure(Error::analysis(format!(
            "{}: no spells left to analyse ({} rows read, all left out for empty cells)",
            s.source, s.n_read
        ))));
    }
    let groups = match &s.group {
        Some(g) => p.fit_by_group(&s.time, &s.exit, g)?,
        None => vec![CifGroup {
            group: "all".to_string(),
            fit: p.fit(&s.time, &s.exit)?,
        }],
    };
    let mut warnings = s.notes.clone();
    warnings.extend(s.missing.iter().map(|m| {
        format!(
            "{}: {} rows left out because column \"{}\" is {}",
            s.source,
            m.rows,
            m.column,
            if m.column == a.event {
                "NA or . (an unknown exit; leave it empty for a spell still running)"
            } else {
                "empty"
            }
        )
    }));
    for g in &groups {
        for w in &g.fit.warnings {
            warnings.push(if s.group.is_some() {
                format!("group \"{}\": {w}", g.group)
            } else {
                w.clone()
            });
        }
    }
    let causes = groups[0].fit.causes.clone();
    let text = match a.common.format {
        Format::Json => {
            let mut events = vec![0; causes.len()];
            for g in &groups {
                for (e, k) in events.iter_mut().zip(&g.fit.n_events) {
                    *e += k;
                }
            }
            let used = s.time.len();
            json(&CifJson {
                method: "aalen-johansen",
                groups: groups.iter().map(group_out).collect(),
                causes: &causes,
                ci_level: a.ci_level,
                ci_type: groups[0].fit.ci_type,
                std_error_method: groups[0].fit.std_error_method,
                warnings: &warnings,
                n: Counts {
                    read: s.n_read,
                    used,
                    excluded: s.n_read - used,
                    missing: &s.missing,
                    censored: s.exit.iter().filter(|e| e.is_none()).count(),
                    events: keyed(&causes, &events),
                },
            })?
        }
        Format::Csv => to_csv(&groups),
        Format::Table => to_table(&groups, &warnings, a.ci_level, a.common.lang.into()),
    };
    Output::new(a.common.out.as_deref()).write(&text)
}

/// One row per group, time and state (`(initial)` = still in the spell, then each cause).
fn to_csv(groups: &[CifGroup]) -> String {
    let mut s = String::from(
        "group,time,n_risk,n_censor,state,n_event,probability,std_error,ci_low,ci_high\n",
    );
    for g in groups {
        let group = csv_field(&g.group);
        for r in &g.fit.table {
            let mut line = |state: &str, n_event: String, p: f64, se: f64, ci: Option<[f64; 2]>| {
                let _ = writeln!(
                    s,
                    "{group},{},{},{},{},{n_event},{},{},{},{}",
                    csv_number(Some(r.time)),
                    r.n_risk,
                    r.n_censor,
                    csv_field(state),
                    csv_number(Some(p)),
                    csv_number(Some(se)),
                    csv_number(ci.map(|c| c[0])),
                    csv_number(ci.map(|c| c[1])),
                );
            };
            line(
                "(initial)",
                String::new(),
                r.p_initial,
                r.std_error_initial,
                r.ci_initial,
            );
            for (j, cause) in g.fit.causes.iter().enumerate() {
                line(
                    cause,
                    r.n_event[j].to_string(),
                    r.cif[j],
                    r.std_error[j],
                    r.ci[j],
                );
            }
        }
    }
    s
}

fn dec(v: f64, digits: usize, lang: Lang) -> String {
    let s = format!("{v:.digits$}");
    match lang {
        Lang::Da => s.replace('.', ","),
        Lang::En => s,
    }
}

/// A time as it was given: whole numbers without decimals.
fn time_text(t: f64, lang: Lang) -> String {
    if t.fract() == 0.0 && t.abs() < 1e15 {
        format!("{t:.0}")
    } else {
        dec(t, 2, lang)
    }
}

fn to_table(groups: &[CifGroup], warnings: &[String], level: f64, lang: Lang) -> String {
    let da = lang == Lang::Da;
    let mut s = String::new();
    let pct = dec(level * 100.0, 0, lang);
    let cell = |p: f64, ci: Option<[f64; 2]>| match ci {
        Some(c) => format!(
            "{} ({}–{})",
            dec(p, 3, lang),
            dec(c[0], 3, lang),
            dec(c[1], 3, lang)
        ),
        None => dec(p, 3, lang),
    };
    for (gi, g) in groups.iter().enumerate() {
        let f: &CifFit = &g.fit;
        if gi > 0 {
            s.push('\n');
        }
        let _ = writeln!(
            s,
            "{}: {} {}, n = {} ({} {})",
            if da {
                "Kumulativ incidens af afslutninger (Aalen–Johansen)"
            } else {
                "Cumulative incidence of exits (Aalen–Johansen)"
            },
            if da { "gruppe" } else { "group" },
            g.group,
            f.n,
            f.n_censored,
            if da { "censureret" } else { "censored" }
        );
        let _ = writeln!(
            s,
            "  {} {pct} %-{}",
            if da {
                "sandsynlighed med"
            } else {
                "probability with"
            },
            if da { "KI" } else { "CI" }
        );
        let mut header = format!(
            "  {:>9} {:>9} {:>9} {:>9}  {:<24}",
            if da { "tid" } else { "time" },
            if da { "i risiko" } else { "at risk" },
            if da { "afsluttet" } else { "exits" },
            if da { "censur." } else { "censored" },
            if da { "i forløb" } else { "in spell" },
        );
        for c in &f.causes {
            let _ = write!(header, "{c:<24}");
        }
        let _ = writeln!(s, "{}", header.trim_end());
        for r in &f.table {
            let mut line = format!(
                "  {:>9} {:>9} {:>9} {:>9}  {:<24}",
                time_text(r.time, lang),
                r.n_risk,
                r.n_event.iter().sum::<usize>(),
                r.n_censor,
                cell(r.p_initial, r.ci_initial)
            );
            for (p, ci) in r.cif.iter().zip(&r.ci) {
                let _ = write!(line, "{:<24}", cell(*p, *ci));
            }
            let _ = writeln!(s, "{}", line.trim_end());
        }
        let m = &f.rmean;
        let mut parts = vec![format!(
            "{} {}",
            if da { "i forløb" } else { "in spell" },
            dec(m.initial, 2, lang)
        )];
        for (c, v) in f.causes.iter().zip(&m.causes) {
            parts.push(format!("{c} {}", dec(*v, 2, lang)));
        }
        let _ = writeln!(
            s,
            "  {} {}: {}",
            if da {
                "gennemsnitlig tid i hver tilstand op til"
            } else {
                "mean time in each state up to"
            },
            time_text(m.tau, lang),
            parts.join("; ")
        );
    }
    for w in warnings {
        let _ = writeln!(s, "{}: {w}", if da { "advarsel" } else { "warning" });
    }
    s
}
