//! `indsats estimate staggered-did`: group-time effects of a measure introduced at
//! different times (Callaway and Sant'Anna).

use crate::cli::output::{csv_field, csv_number, Format, Output};
use crate::cli::CliError;
use indsats::data::{self, Role, Wanted};
use indsats::effects::{ControlGroup, StaggeredDid, StaggeredFit, StaggeredPanel};
use indsats::Lang;
use std::fmt::Write as _;

/// Staggered difference-in-differences (Callaway & Sant'Anna 2021): the effect of a measure
/// that units (districts, schools, municipalities) took up at different times.
///
/// One row per unit and period. --cohort holds the unit's first treated period on the scale
/// of --time (0 for never treated); periods are whole numbers (years, or half-years numbered
/// 1, 2, …). Each cohort is compared with the never-treated units (--control never, the
/// default) or with the units not yet treated at the time (--control not-yet), period by
/// period: ATT(g,t) from the change since the last period before the cohort's start, and
/// the change from the period before for the periods before the start (the placebo
/// effects). These are aggregated as R's did::aggte does: `estimate` is the simple average
/// of the effects after the start, `event_study` the effect by time since the start.
/// Standard errors are analytic (influence functions, as did with bstrap = FALSE);
/// --bootstrap B adds the multiplier bootstrap (Rademacher weights, as did's mboot) with
/// simultaneous confidence bands. Units not seen in every period, and units treated in the
/// first period, are left out with a warning, as did does. The static two-way
/// fixed-effects estimate is computed for comparison; a warning says when it disagrees.
/// --format csv writes one row per group-time cell.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:\n  \
indsats estimate staggered-did --data panel.csv --id id --time period --cohort cohort --outcome y\n  \
indsats estimate staggered-did --data districts.csv --id district --time halfyear --cohort start --outcome cost --control not-yet --format json\n  \
indsats estimate staggered-did --data panel.csv --id id --time period --cohort cohort --outcome y --bootstrap 999 --seed 7 --lang en\n  \
indsats estimate staggered-did --data school_survey.csv --id district --time year --cohort first_treated --outcome wellbeing --permutations 999")]
pub struct Args {
    /// The panel (CSV, Parquet or FILE.xlsx[:Sheet]), one row per unit and period
    #[arg(long)]
    data: String,
    /// The unit column
    #[arg(long, value_name = "COL")]
    id: String,
    /// The period column (whole numbers)
    #[arg(long, value_name = "COL")]
    time: String,
    /// The first treated period of the unit (0 = never treated)
    #[arg(long, value_name = "COL")]
    cohort: String,
    /// The outcome column
    #[arg(long, value_name = "COL")]
    outcome: String,
    /// The comparison group
    #[arg(long, value_enum, default_value = "never")]
    control: ControlArg,
    /// Multiplier-bootstrap replicates for bootstrap errors and simultaneous bands
    #[arg(long, value_name = "B")]
    bootstrap: Option<usize>,
    /// Randomization test: deal the cohorts out again among the units up to N times (every
    /// distinct deal when there are no more) and give the p-values of the effect and of the
    /// pre-trend statistic; for few treated units per cohort, where the analytic errors are
    /// too small
    #[arg(long, value_name = "N")]
    permutations: Option<usize>,
    /// Seed of the bootstrap and of sampled deals
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Confidence level
    #[arg(long, default_value_t = 0.95)]
    ci_level: f64,
    #[command(flatten)]
    common: crate::cli::output::Common,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum ControlArg {
    Never,
    NotYet,
}

pub(super) fn run(a: Args) -> Result<(), CliError> {
    let est = StaggeredDid::new()
        .control(match a.control {
            ControlArg::Never => ControlGroup::NeverTreated,
            ControlArg::NotYet => ControlGroup::NotYetTreated,
        })
        .ci_level(a.ci_level)
        .bootstrap(a.bootstrap)
        .permutations(a.permutations)
        .seed(a.seed);
    est.check().map_err(|e| CliError::Usage(format!("--{e}")))?;
    let named = [
        ("--id", &a.id),
        ("--time", &a.time),
        ("--cohort", &a.cohort),
        ("--outcome", &a.outcome),
    ];
    for (i, (flag, col)) in named.iter().enumerate() {
        if let Some((other, _)) = named[..i].iter().find(|(_, c)| c == col) {
            return Err(CliError::Usage(format!(
                "column \"{col}\" is named by both {other} and {flag}"
            )));
        }
    }
    let (table, guard_notes) = a.common.read_guarded(&a.data)?;
    let wanted = [
        Wanted {
            name: &a.id,
            role: Role::Label,
        },
        Wanted {
            name: &a.time,
            role: Role::Number,
        },
        Wanted {
            name: &a.cohort,
            role: Role::Number,
        },
        Wanted {
            name: &a.outcome,
            role: Role::Number,
        },
    ];
    let frame = data::frame(&table, &wanted)?;
    let panel = StaggeredPanel {
        outcome: a.outcome.clone(),
        id: frame.label(&a.id).expect("read").to_vec(),
        time: frame.number(&a.time).expect("read").to_vec(),
        cohort: frame.number(&a.cohort).expect("read").to_vec(),
        y: frame.number(&a.outcome).expect("read").to_vec(),
        rows: Some(frame.file_rows.clone()),
        excluded: frame.n_excluded(),
        warnings: guard_notes
            .into_iter()
            .chain(frame.missing_warnings())
            .collect(),
    };
    let fit = est.fit(&panel).map_err(|e| {
        // name the file in analysis messages about rows
        match e.kind() {
            indsats::ErrorKind::Analysis { message } => CliError::Failure(
                indsats::Error::analysis(format!("{}: {message}", frame.source)),
            ),
            _ => CliError::Failure(e),
        }
    })?;
    let text = match a.common.format {
        Format::Json => super::estimate_json(&fit)?,
        Format::Csv => to_csv(&fit),
        Format::Table => to_table(&fit, a.common.lang.into()),
    };
    Output::new(a.common.out.as_deref()).write(&text)
}

/// One row per group-time cell.
fn to_csv(f: &StaggeredFit) -> String {
    let mut s = String::from(
        "outcome,cohort,time,base_period,att,std_error,ci_low,ci_high,ci_level,n_treated,n_control,bootstrap_std_error,uniform_ci_low,uniform_ci_high\n",
    );
    for c in &f.att_gt {
        let _ = writeln!(
            s,
            "{},{},{},{},{},{},{},{},{},{},{},{},{},{}",
            csv_field(&f.outcome),
            c.cohort,
            c.time,
            c.base_period,
            csv_number(Some(c.att)),
            csv_number(Some(c.std_error)),
            csv_number(Some(c.ci[0])),
            csv_number(Some(c.ci[1])),
            f.ci_level,
            c.n_treated,
            c.n_control,
            csv_number(c.bootstrap_std_error),
            csv_number(c.uniform_ci.map(|u| u[0])),
            csv_number(c.uniform_ci.map(|u| u[1])),
        );
    }
    s
}

fn dec(v: f64, digits: usize, lang: Lang) -> String {
    if !v.is_finite() {
        return "–".into();
    }
    let s = format!("{v:.digits$}");
    match lang {
        Lang::Da => s.replace('.', ",").replace('-', "−"),
        Lang::En => s,
    }
}

fn interval(c: [f64; 2], lang: Lang) -> String {
    format!("[{}; {}]", dec(c[0], 3, lang), dec(c[1], 3, lang))
}

fn to_table(f: &StaggeredFit, lang: Lang) -> String {
    let da = lang == Lang::Da;
    let mut s = String::new();
    let level = dec(f.ci_level * 100.0, 0, lang);
    let ki = if da { "KI" } else { "CI" };
    let _ = writeln!(
        s,
        "{} (Callaway & Sant'Anna): {}",
        if da {
            "Forskudt indførelse, difference-in-differences"
        } else {
            "Staggered difference-in-differences"
        },
        f.outcome
    );
    let _ = writeln!(
        s,
        "  {:<34}{}",
        if da { "sammenligning" } else { "comparison" },
        match (f.control_group, da) {
            (ControlGroup::NeverTreated, true) => "aldrig behandlede",
            (ControlGroup::NeverTreated, false) => "never treated",
            (ControlGroup::NotYetTreated, true) => "endnu ikke behandlede",
            (ControlGroup::NotYetTreated, false) => "not yet treated",
        }
    );
    let a = &f.aggregations;
    let rows = [
        (
            if da {
                "samlet effekt (simpel)"
            } else {
                "overall effect (simple)"
            },
            a.simple,
        ),
        (
            if da {
                "gns. efter start (dynamisk)"
            } else {
                "mean by event time"
            },
            a.dynamic.overall,
        ),
        (
            if da {
                "gns. over kohorter"
            } else {
                "mean over cohorts"
            },
            a.group.overall,
        ),
        (
            if da {
                "gns. over perioder"
            } else {
                "mean over periods"
            },
            a.calendar.overall,
        ),
    ];
    let _ = writeln!(
        s,
        "\n  {:<34}{:>10}{:>10}  {level} %-{ki}",
        "",
        if da { "estimat" } else { "estimate" },
        if da { "std.fejl" } else { "std. err." }
    );
    for (name, o) in rows {
        let _ = writeln!(
            s,
            "  {:<34}{:>10}{:>10}  {}",
            name,
            dec(o.att, 3, lang),
            dec(o.std_error, 3, lang),
            interval(o.ci, lang)
        );
    }
    if let Some(p) = f.p_value {
        let _ = writeln!(
            s,
            "  {:<34}{}",
            "p",
            if p < 0.001 {
                if da {
                    "< 0,001".into()
                } else {
                    "< 0.001".into()
                }
            } else {
                dec(p, 3, lang)
            }
        );
    }
    let _ = writeln!(
        s,
        "\n  {}",
        if da {
            "Effekt efter tid siden start (begivenhedsstudie)"
        } else {
            "Effect by time since start (event study)"
        }
    );
    let band = f.bootstrap.is_some();
    let _ = writeln!(
        s,
        "  {:>8}{:>10}{:>10}  {:<22}{}",
        "e",
        if da { "estimat" } else { "estimate" },
        if da { "std.fejl" } else { "std. err." },
        format!("{level} %-{ki}"),
        if band {
            if da {
                "samtidigt bånd"
            } else {
                "uniform band"
            }
        } else {
            ""
        }
    );
    for e in &f.event_study {
        let _ = writeln!(
            s,
            "  {:>8}{:>10}{:>10}  {:<22}{}",
            e.relative_time,
            dec(e.att, 3, lang),
            dec(e.std_error, 3, lang),
            interval(e.ci, lang),
            e.uniform_ci.map_or(String::new(), |u| interval(u, lang))
        );
    }
    if let Some(p) = &f.pretest {
        let _ = writeln!(
            s,
            "\n  {:<34}W = {}, df = {}, p = {}",
            if da {
                "test af før-effekter = 0"
            } else {
                "pre-trend test (all = 0)"
            },
            dec(p.statistic, 2, lang),
            p.df,
            dec(p.p_value, 3, lang)
        );
    }
    if let Some(ri) = &f.randomization {
        s.push_str(&super::randomization_lines(ri, lang));
    }
    if let Some(t) = &f.twfe {
        let _ = writeln!(
            s,
            "  {:<34}{} ({} {})",
            if da {
                "TWFE-estimat (til sammenligning)"
            } else {
                "TWFE estimate (comparison)"
            },
            dec(t.estimate, 3, lang),
            dec(t.std_error, 3, lang),
            if da { "std.fejl" } else { "std. err." }
        );
    }
    if let Some(b) = &f.bootstrap {
        let _ = writeln!(
            s,
            "  {:<34}{} {}, seed {}",
            "bootstrap",
            b.replicates,
            if da {
                "gentagelser (Rademacher)"
            } else {
                "replicates (Rademacher)"
            },
            b.seed
        );
    }
    let _ = writeln!(
        s,
        "  {:<34}{} / {} / {}  ({} {})",
        if da {
            "enheder (beh./sml./perioder)"
        } else {
            "units (treat./comp./periods)"
        },
        f.n.treated,
        f.n.control,
        f.n.periods,
        f.n.excluded,
        if da {
            "rækker udeladt"
        } else {
            "rows left out"
        }
    );
    for w in &f.warnings {
        let _ = writeln!(s, "{}: {w}", if da { "advarsel" } else { "warning" });
    }
    s
}
