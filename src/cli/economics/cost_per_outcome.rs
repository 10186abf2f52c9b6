//! `indsats economics cost-per-outcome`: total cost / outcomes achieved, with bootstrap
//! intervals.

use crate::cli::output::{csv_field, csv_number, json, Format, Output};
use crate::cli::CliError;
use indsats::data::{self, Frame, Missing, RawTable, Role, Wanted};
use indsats::economics::{CostPerOutcome, CostPerOutcomeFit, Uncertain};
use indsats::{ErrorKind, Lang};
use serde::Serialize;
use std::fmt::Write as _;

/// Cost per outcome achieved: total cost / outcomes, with bootstrap intervals.
///
/// One row per person: the cost (kr.) and the outcome achieved (1/0, ja/nej, or a count of
/// outcomes). The cost per outcome is the total cost divided by the number of outcomes;
/// the outcome rate is outcomes per person and the mean cost is kr. per person. Each gets
/// a bootstrap standard error, a percentile interval and a BCa interval from resampling
/// persons (--bootstrap replicates, --seed). A resample without any outcome has no cost
/// per outcome: it is counted as undefined and reported, never averaged in. With --group,
/// each group gets its own figures after those for everyone. Rows with an empty cell in a
/// named column are left out and counted.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:\n  \
indsats economics cost-per-outcome --data persons.csv --cost cost --outcome in_work\n  \
indsats economics cost-per-outcome --data persons.csv --cost cost --outcome in_work --group district --bootstrap 5000 --seed 7 --format json")]
pub struct CostPerOutcomeArgs {
    /// The persons (CSV, Parquet or FILE.xlsx[:Sheet]), one row per person
    #[arg(long)]
    data: String,
    /// The cost column (kr. per person)
    #[arg(long, value_name = "COL")]
    cost: String,
    /// The outcome column: 1/0 (ja/nej) achieved, or a count of outcomes
    #[arg(long, value_name = "COL")]
    outcome: String,
    /// Figures per group of this column, after those for everyone
    #[arg(long, value_name = "COL")]
    group: Option<String>,
    /// Bootstrap replicates
    #[arg(long, value_name = "B", default_value_t = 2000)]
    bootstrap: usize,
    /// Seed for the bootstrap
    #[arg(long, value_name = "S", default_value_t = 1)]
    seed: u64,
    /// Confidence level
    #[arg(long, default_value_t = 0.95)]
    ci_level: f64,
    #[command(flatten)]
    common: crate::cli::output::Common,
}

/// Rows read, used and left out, and why.
#[derive(Debug, Serialize)]
pub(super) struct Counts {
    pub rows_read: usize,
    pub rows_used: usize,
    pub excluded: usize,
    /// Rows left out because a named column was empty, per column.
    pub excluded_because_empty: Vec<Missing>,
}

impl Counts {
    pub(super) fn of(frame: &Frame) -> Counts {
        Counts {
            rows_read: frame.n_read,
            rows_used: frame.n_used(),
            excluded: frame.n_excluded(),
            excluded_because_empty: frame.missing.clone(),
        }
    }
}

#[derive(Debug, Serialize)]
struct Report<'a> {
    #[serde(flatten)]
    fit: &'a CostPerOutcomeFit,
    n: Counts,
}

/// Reads an outcome or effect column as numbers, or, when a cell says ja/nej, as 0/1.
pub(super) fn read_frame(
    table: &RawTable,
    numbers: &[&str],
    flexible: &str,
    indicators: &[&str],
    labels: &[&str],
) -> Result<Frame, CliError> {
    let build = |flex_role: Role| {
        let mut w: Vec<Wanted> = Vec::new();
        for n in numbers {
            w.push(Wanted {
                name: n,
                role: Role::Number,
            });
        }
        w.push(Wanted {
            name: flexible,
            role: flex_role,
        });
        for n in indicators {
            w.push(Wanted {
                name: n,
                role: Role::Indicator,
            });
        }
        for n in labels {
            w.push(Wanted {
                name: n,
                role: Role::Label,
            });
        }
        data::frame(table, &w)
    };
    match build(Role::Number) {
        Ok(f) => Ok(f),
        Err(e) => {
            let flexible_cell =
                matches!(e.kind(), ErrorKind::Cell { column, .. } if column == flexible);
            if flexible_cell {
                // ja/nej in the outcome: read it as an indicator; if that fails too, the
                // number's message is the clearer one.
                build(Role::Indicator).map_err(|_| e.into())
            } else {
                Err(e.into())
            }
        }
    }
}

/// Each flag names its own column.
pub(super) fn distinct(named: &[(&str, &str)]) -> Result<(), CliError> {
    for (i, (flag, col)) in named.iter().enumerate() {
        if let Some((other, _)) = named[..i].iter().find(|(_, c)| c == col) {
            return Err(CliError::Usage(format!(
                "column \"{col}\" is named by both {other} and {flag}"
            )));
        }
    }
    Ok(())
}

pub(super) fn run(a: CostPerOutcomeArgs) -> Result<(), CliError> {
    let params = CostPerOutcome::new()
        .replicates(a.bootstrap)
        .seed(a.seed)
        .ci_level(a.ci_level);
    params
        .check()
        .map_err(|e| CliError::Usage(format!("--{e}")))?;
    let mut named = vec![
        ("--cost", a.cost.as_str()),
        ("--outcome", a.outcome.as_str()),
    ];
    named.extend(a.group.as_deref().map(|g| ("--group", g)));
    distinct(&named)?;
    let (table, guard_notes) = a.common.read_guarded(&a.data)?;
    let labels: Vec<&str> = a.group.as_deref().into_iter().collect();
    let frame = read_frame(&table, &[&a.cost], &a.outcome, &[], &labels)?;
    if frame.n_used() == 0 {
        return Err(CliError::Failure(indsats::Error::analysis(format!(
            "{}: no row has both a cost and an outcome",
            frame.source
        ))));
    }
    let cost = frame.number(&a.cost).expect("read");
    let outcome = frame.number(&a.outcome).expect("read");
    if let Some(i) = outcome.iter().position(|y| *y < 0.0) {
        return Err(CliError::Failure(indsats::Error::new(ErrorKind::Cell {
            file: frame.source.clone(),
            row: frame.file_rows[i],
            column: a.outcome.clone(),
            message: format!(
                "{}: an outcome is 0, 1 or a count of outcomes, not negative",
                outcome[i]
            ),
        })));
    }
    let groups = a.group.as_deref().map(|g| frame.label(g).expect("read"));
    let mut fit = params.fit(cost, outcome, groups)?;
    let mut warnings = guard_notes;
    warnings.extend(frame.missing_warnings());
    warnings.append(&mut fit.warnings);
    fit.warnings = warnings;
    let lang: Lang = a.common.lang.into();
    let text = match a.common.format {
        Format::Json => json(&Report {
            fit: &fit,
            n: Counts::of(&frame),
        })?,
        Format::Csv => to_csv(&fit),
        Format::Table => to_table(&fit, &frame, lang),
    };
    Output::new(a.common.out.as_deref()).write(&text)
}

/// One CSV row of an [`Uncertain`]: estimate, SE, interval, BCa interval, undefined.
pub(super) fn csv_uncertain(u: &Uncertain) -> String {
    let ci = |c: Option<[f64; 2]>, k: usize| csv_number(c.map(|c| c[k]));
    format!(
        "{},{},{},{},{},{},{}",
        csv_number(u.estimate),
        csv_number(u.std_error),
        ci(u.ci, 0),
        ci(u.ci, 1),
        ci(u.bca_ci, 0),
        ci(u.bca_ci, 1),
        u.undefined_replicates
    )
}

/// One row per group and quantity.
fn to_csv(f: &CostPerOutcomeFit) -> String {
    let mut s = String::from(
        "group,n,total_cost,outcomes,quantity,estimate,std_error,ci_lower,ci_upper,bca_lower,bca_upper,undefined_replicates\n",
    );
    for g in &f.groups {
        for (q, u) in [
            ("cost_per_outcome", &g.cost_per_outcome),
            ("outcome_rate", &g.outcome_rate),
            ("mean_cost", &g.mean_cost),
        ] {
            let _ = writeln!(
                s,
                "{},{},{},{},{q},{}",
                csv_field(&g.group),
                g.n,
                csv_number(Some(g.total_cost)),
                csv_number(Some(g.outcomes)),
                csv_uncertain(u)
            );
        }
    }
    s
}

/// A number for people: thousands separated (`.` in Danish, `,` in English), `decimals`
/// after the decimal mark (`,` in Danish); "–" when there is none.
pub(super) fn num(v: Option<f64>, decimals: usize, lang: Lang) -> String {
    v.map_or_else(|| "–".into(), |v| super::kroner::number(v, decimals, lang))
}

/// "estimate (lo – hi)".
pub(super) fn with_ci(u: &Uncertain, decimals: usize, lang: Lang) -> String {
    match u.ci {
        Some([lo, hi]) => format!(
            "{} ({} – {})",
            num(u.estimate, decimals, lang),
            num(Some(lo), decimals, lang),
            num(Some(hi), decimals, lang)
        ),
        None => num(u.estimate, decimals, lang),
    }
}

fn to_table(f: &CostPerOutcomeFit, frame: &Frame, lang: Lang) -> String {
    let da = lang == Lang::Da;
    let level = num(Some(f.ci_level * 100.0), 0, lang);
    let mut s = String::new();
    let head = if da {
        [
            "Gruppe",
            "Personer",
            "Udgift i alt, kr.",
            "Resultater",
            "Kr. pr. resultat",
            "Resultater pr. person",
            "Kr. pr. person",
        ]
    } else {
        [
            "Group",
            "Persons",
            "Total cost, kr.",
            "Outcomes",
            "Kr. per outcome",
            "Outcomes per person",
            "Kr. per person",
        ]
    };
    let _ = writeln!(
        s,
        "{:<12}{:>9}{:>18}{:>11}  {:<30}{:<24}{:<26}",
        head[0], head[1], head[2], head[3], head[4], head[5], head[6]
    );
    for g in &f.groups {
        let name = if g.group == "all" {
            if da { "Alle" } else { "All" }.to_string()
        } else {
            g.group.clone()
        };
        let _ = writeln!(
            s,
            "{:<12}{:>9}{:>18}{:>11}  {:<30}{:<24}{:<26}",
            name,
            g.n,
            num(Some(g.total_cost), 0, lang),
            num(Some(g.outcomes), 0, lang),
            with_ci(&g.cost_per_outcome, 0, lang),
            with_ci(&g.outcome_rate, 3, lang),
            with_ci(&g.mean_cost, 0, lang),
        );
    }
    let _ = writeln!(
        s,
        "\n{}",
        if da {
            format!(
                "{level} %-percentilintervaller fra {} bootstrap-genudtræk af personer (seed {}). Rækker læst: {}, brugt: {}, udeladt: {}.",
                f.replicates, f.seed, frame.n_read, frame.n_used(), frame.n_excluded()
            )
        } else {
            format!(
                "{level}% percentile intervals from {} bootstrap resamples of persons (seed {}). Rows read: {}, used: {}, left out: {}.",
                f.replicates, f.seed, frame.n_read, frame.n_used(), frame.n_excluded()
            )
        }
    );
    for w in &f.warnings {
        let _ = writeln!(s, "{}: {w}", if da { "Advarsel" } else { "Warning" });
    }
    // The last column is padded like the others; no trailing blanks.
    s.lines().map(|l| format!("{}\n", l.trim_end())).collect()
}
