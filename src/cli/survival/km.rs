//! `indsats survival km`: Kaplan–Meier curves, medians, restricted means and the
//! log-rank test.

use crate::cli::output::{csv_field, csv_number, json, Format, Output};
use crate::cli::CliError;
use indsats::data::{self, Missing, Role, Wanted};
use indsats::survival::{ConfType, KaplanMeier, KmCurve, KmGroups, LogRank};
use indsats::{ErrorKind, Lang};
use serde::Serialize;
use std::fmt::Write as _;

/// Kaplan–Meier curves as R's survfit: the table of every distinct time with Greenwood
/// standard errors and confidence limits, the median and quartiles with their limits, the
/// restricted mean survival time (RMST), and with --group the log-rank test (survdiff),
/// stratified with --strata.
///
/// --event is 1 (or ja/yes) for a spell that ended in the event, 0 for one that was
/// censored (still running, or followed no further). A row with an empty cell in a column
/// used is left out and counted.
///
/// --tau sets the horizon of the RMST; without it the horizon is the largest time at
/// which every group still has someone at risk (the smallest of the groups' last times,
/// as survRM2's rmst2), and a warning says so.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:\n  \
indsats survival km --data spells.csv --time days --event ended\n  \
indsats survival km --data spells.csv --time days --event ended --group measure --tau 365\n  \
indsats survival km --data spells.csv --time days --event ended --group measure --strata district --format json")]
pub struct Args {
    /// The data (CSV, Parquet or FILE.xlsx[:Sheet]), one row per spell
    #[arg(long)]
    data: String,
    /// The time column: the length of each spell (0 or more)
    #[arg(long, value_name = "COL")]
    time: String,
    /// The event column: 1 = the spell ended in the event, 0 = censored
    #[arg(long, value_name = "COL")]
    event: String,
    /// One curve per value of this column, and the log-rank test between them
    #[arg(long, value_name = "COL")]
    group: Option<String>,
    /// Stratify the log-rank test by this column (needs --group)
    #[arg(long, value_name = "COL")]
    strata: Option<String>,
    /// The scale of the confidence limits (R's conf.type)
    #[arg(long, value_enum, default_value = "log")]
    conf_type: ConfTypeArg,
    /// The horizon of the restricted mean survival time
    #[arg(long, value_name = "T", allow_negative_numbers = true)]
    tau: Option<f64>,
    /// Confidence level
    #[arg(long, default_value_t = 0.95)]
    ci_level: f64,
    #[command(flatten)]
    common: crate::cli::output::Common,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum ConfTypeArg {
    Log,
    LogLog,
    Plain,
}

impl From<ConfTypeArg> for ConfType {
    fn from(c: ConfTypeArg) -> ConfType {
        match c {
            ConfTypeArg::Log => ConfType::Log,
            ConfTypeArg::LogLog => ConfType::LogLog,
            ConfTypeArg::Plain => ConfType::Plain,
        }
    }
}

fn usage(m: impl Into<String>) -> CliError {
    CliError::Usage(m.into())
}

/// The flags as a checked configuration, before any data are read.
fn params(a: &Args) -> Result<KaplanMeier, CliError> {
    if a.strata.is_some() && a.group.is_none() {
        return Err(usage(
            "--strata stratifies the log-rank test between groups: it needs --group",
        ));
    }
    let mut named: Vec<(&str, &str)> = vec![("--time", &a.time), ("--event", &a.event)];
    named.extend(a.group.as_deref().map(|g| ("--group", g)));
    named.extend(a.strata.as_deref().map(|s| ("--strata", s)));
    for (i, (flag, col)) in named.iter().enumerate() {
        if let Some((other, _)) = named[..i].iter().find(|(_, c)| c == col) {
            return Err(usage(format!(
                "column \"{col}\" is named by both {other} and {flag}"
            )));
        }
    }
    let km = KaplanMeier::default()
        .conf_type(a.conf_type.into())
        .ci_level(a.ci_level)
        .tau(a.tau);
    km.check()
        .map_err(|e| usage(format!("--{}", e.to_string().replace('_', "-"))))?;
    Ok(km)
}

#[derive(Serialize)]
struct Counts<'a> {
    read: usize,
    used: usize,
    excluded: usize,
    missing: &'a [Missing],
}

#[derive(Serialize)]
struct Json<'a> {
    groups: &'a [KmCurve],
    #[serde(skip_serializing_if = "Option::is_none")]
    logrank: Option<&'a LogRank>,
    n: Counts<'a>,
    time: &'a str,
    event: &'a str,
    group: Option<&'a str>,
    strata: Option<&'a str>,
    conf_type: ConfType,
    ci_level: f64,
    warnings: &'a [String],
}

/// Runs the subcommand.
pub fn run(a: Args) -> Result<(), CliError> {
    let km = params(&a)?;
    let (table, guard_notes) = a.common.read_guarded(&a.data)?;
    let mut wanted = vec![
        Wanted {
            name: &a.time,
            role: Role::Number,
        },
        Wanted {
            name: &a.event,
            role: Role::Indicator,
        },
    ];
    for c in a.group.iter().chain(&a.strata) {
        wanted.push(Wanted {
            name: c,
            role: Role::Label,
        });
    }
    let frame = data::frame(&table, &wanted)?;
    let time = frame.number(&a.time).expect("read");
    if let Some(i) = time.iter().position(|t| *t < 0.0) {
        return Err(CliError::Failure(indsats::Error::new(ErrorKind::Cell {
            file: frame.source.clone(),
            row: frame.file_rows[i],
            column: a.time.clone(),
            message: format!(
                "{} is negative: a spell cannot end before it starts",
                time[i]
            ),
        })));
    }
    if time.is_empty() {
        return Err(CliError::Failure(indsats::Error::analysis(format!(
            "{}: no rows with both \"{}\" and \"{}\" to fit a curve to",
            frame.source, a.time, a.event
        ))));
    }
    let event: Vec<bool> = frame
        .number(&a.event)
        .expect("read")
        .iter()
        .map(|v| *v == 1.0)
        .collect();
    let mut fit = match (&a.group, &a.strata) {
        (Some(g), None) => km.fit_groups(time, &event, frame.label(g).expect("read"))?,
        (Some(g), Some(s)) => km.fit_stratified(
            time,
            &event,
            frame.label(g).expect("read"),
            frame.label(s).expect("read"),
        )?,
        _ => KmGroups {
            groups: vec![KmCurve {
                group: "all".into(),
                fit: km.fit(time, &event)?,
            }],
            logrank: None,
            warnings: Vec::new(),
        },
    };
    let mut warnings: Vec<String> = guard_notes
        .into_iter()
        .chain(frame.missing_warnings())
        .collect();
    if a.tau.is_none() {
        match fit.common_tau().filter(|t| *t > 0.0) {
            Some(tau) => {
                fit.set_rmst(tau)?;
                warnings.push(if a.group.is_some() {
                    format!(
                        "the restricted mean runs to {tau}, the largest time at which every \
                         group still has someone at risk; choose the horizon with --tau"
                    )
                } else {
                    format!(
                        "the restricted mean runs to {tau}, the last time; choose the \
                         horizon with --tau"
                    )
                });
            }
            None => warnings.push("no restricted mean: every time is 0".into()),
        }
    }
    for c in &fit.groups {
        for w in &c.fit.warnings {
            warnings.push(if a.group.is_some() {
                format!("group \"{}\": {w}", c.group)
            } else {
                w.clone()
            });
        }
    }
    warnings.extend(fit.warnings.iter().cloned());
    let text = match a.common.format {
        Format::Json => json(&Json {
            groups: &fit.groups,
            logrank: fit.logrank.as_ref(),
            n: Counts {
                read: frame.n_read,
                used: frame.n_used(),
                excluded: frame.n_excluded(),
                missing: &frame.missing,
            },
            time: &a.time,
            event: &a.event,
            group: a.group.as_deref(),
            strata: a.strata.as_deref(),
            conf_type: a.conf_type.into(),
            ci_level: a.ci_level,
            warnings: &warnings,
        })?,
        Format::Csv => to_csv(&fit),
        Format::Table => to_table(
            &a,
            &fit,
            &warnings,
            frame.n_excluded(),
            a.common.lang.into(),
        ),
    };
    Output::new(a.common.out.as_deref()).write(&text)
}

fn to_csv(fit: &KmGroups) -> String {
    let mut s = String::from(
        "group,time,n_risk,n_event,n_censor,survival,std_error,ci_low,ci_high,std_err_cumhaz,cumhaz,std_chaz\n",
    );
    for c in &fit.groups {
        let group = csv_field(&c.group);
        for r in &c.fit.table {
            let _ = writeln!(
                s,
                "{group},{},{},{},{},{},{},{},{},{},{},{}",
                csv_number(Some(r.time)),
                r.n_risk,
                r.n_event,
                r.n_censor,
                csv_number(Some(r.survival)),
                csv_number(r.std_error),
                csv_number(r.ci[0]),
                csv_number(r.ci[1]),
                csv_number(r.std_err_cumhaz),
                csv_number(Some(r.cumhaz)),
                csv_number(Some(r.std_chaz)),
            );
        }
    }
    s
}

/// A number for people with `digits` decimals, Danish comma.
fn fixed(v: f64, digits: usize, lang: Lang) -> String {
    let s = format!("{v:.digits$}");
    match lang {
        Lang::Da => s.replace('.', ","),
        Lang::En => s,
    }
}

/// A time or level for people: at most `digits` decimals, trailing zeros dropped (52,5;
/// 103).
fn num(v: f64, digits: usize, lang: Lang) -> String {
    let s = fixed(v, digits, lang);
    if s.contains([',', '.']) {
        s.trim_end_matches('0')
            .trim_end_matches([',', '.'])
            .to_string()
    } else {
        s
    }
}

fn to_table(a: &Args, fit: &KmGroups, warnings: &[String], excluded: usize, lang: Lang) -> String {
    let da = lang == Lang::Da;
    let mut s = String::new();
    let level = num(a.ci_level * 100.0, 1, lang);
    let ci_word = if da { "KI" } else { "CI" };
    let to = if da { "til" } else { "to" };
    let not_reached = if da { "ikke nået" } else { "not reached" };
    let conf = match ConfType::from(a.conf_type) {
        ConfType::Log => "log",
        ConfType::LogLog => "log-log",
        ConfType::Plain => "plain",
    };
    let _ = write!(
        s,
        "Kaplan–Meier: {} \"{}\", {} \"{}\"",
        if da { "tid" } else { "time" },
        a.time,
        if da { "hændelse" } else { "event" },
        a.event
    );
    if let Some(g) = &a.group {
        let _ = write!(
            s,
            ", {} \"{g}\"",
            if da { "grupper efter" } else { "groups by" }
        );
    }
    let _ = writeln!(s, " ({level} %-{ci_word}, {conf})");
    let opt = |v: Option<f64>| v.map_or("–".to_string(), |v| num(v, 2, lang));
    let rows: Vec<[String; 5]> = fit
        .groups
        .iter()
        .map(|c| {
            let f = &c.fit;
            let median = match f.median {
                Some(m) => format!(
                    "{} ({} {to} {})",
                    num(m, 2, lang),
                    opt(f.median_ci[0]),
                    opt(f.median_ci[1])
                ),
                None => not_reached.to_string(),
            };
            let rmst = f.rmst.map_or("–".to_string(), |r| {
                format!(
                    "{} ({})",
                    fixed(r.estimate, 1, lang),
                    fixed(r.std_error, 1, lang)
                )
            });
            [
                c.group.clone(),
                f.n.to_string(),
                f.events.to_string(),
                median,
                rmst,
            ]
        })
        .collect();
    let tau = fit.groups[0]
        .fit
        .rmst
        .map_or(String::new(), |r| format!(" {to} {}", num(r.tau, 2, lang)));
    let head = [
        if da { "gruppe" } else { "group" }.to_string(),
        "n".to_string(),
        if da { "hændelser" } else { "events" }.to_string(),
        format!("median ({level} %-{ci_word})"),
        format!("RMST{tau} (SE)"),
    ];
    let width = |k: usize| {
        rows.iter()
            .map(|r| r[k].chars().count())
            .chain([head[k].chars().count()])
            .max()
            .unwrap_or(0)
    };
    let w: Vec<usize> = (0..5).map(width).collect();
    for r in std::iter::once(&head).chain(&rows) {
        let pad = |k: usize| " ".repeat(w[k] - r[k].chars().count());
        let _ = writeln!(
            s,
            "  {}{}  {}{}  {}{}  {}{}  {}",
            r[0],
            pad(0),
            pad(1),
            r[1],
            pad(2),
            r[2],
            r[3],
            pad(3),
            r[4]
        );
    }
    if let Some(lr) = &fit.logrank {
        let stat = match (lr.chisq, lr.p_value) {
            (Some(c), Some(p)) => {
                let p = if p < 0.001 {
                    format!("< {}", num(0.001, 3, lang))
                } else {
                    format!("= {}", fixed(p, 3, lang))
                };
                format!(
                    "χ² = {} {} {} {}, p {p}",
                    fixed(c, 3, lang),
                    if da { "med" } else { "on" },
                    lr.df,
                    match (da, lr.df == 1) {
                        (true, true) => "frihedsgrad",
                        (true, false) => "frihedsgrader",
                        (false, true) => "degree of freedom",
                        (false, false) => "degrees of freedom",
                    }
                )
            }
            _ => if da {
                "kan ikke beregnes"
            } else {
                "cannot be computed"
            }
            .to_string(),
        };
        let _ = write!(
            s,
            "{}: {stat}",
            if da { "Log-rank-test" } else { "Log-rank test" }
        );
        if let Some(st) = &a.strata {
            let _ = write!(
                s,
                " ({} \"{st}\", {} strata)",
                if da {
                    "stratificeret efter"
                } else {
                    "stratified by"
                },
                lr.strata
            );
        }
        let _ = writeln!(s);
    }
    if excluded > 0 {
        let _ = writeln!(
            s,
            "{excluded} {}",
            if da {
                "rækker udeladt (tomme celler)"
            } else {
                "rows left out (empty cells)"
            }
        );
    }
    for w in warnings {
        let _ = writeln!(s, "{}: {w}", if da { "advarsel" } else { "warning" });
    }
    s
}
