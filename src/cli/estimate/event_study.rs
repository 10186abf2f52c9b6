//! `indsats estimate event-study`: the event study by two-way fixed effects.

use super::super::output::{csv_field, csv_number, Common, Format, Output};
use super::super::CliError;
use super::did::{
    check_columns, load_panel, p_is, se_text, write_counts, PanelColumns, SmallSampleArg,
};
use super::{dec, p_text};
use indsats::data::Role;
use indsats::effects::{EventStudy, EventStudyFit};
use indsats::report::charts::ChartText;
use indsats::report::charts_time::{event_study_plot, EventPoint};
use indsats::Lang;
use std::fmt::Write as _;
use std::path::PathBuf;

/// The event study by two-way fixed effects: unit and period effects and one dummy per
/// period since the start of treatment.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Each unit's cohort is its first treated period (0 = never treated). \
For every relative time e = time − cohort except the reference (default −1) a dummy is 1 in \
the rows of treated units at that e; never-treated units have all dummies 0. --bin-min L pools \
every e ≤ L into one coefficient (reported at e = L), --bin-max L every e ≥ L. Standard \
errors are cluster-robust by unit with G − 1 degrees of freedom (--small-sample as for \
estimate did; crv1 counts every unit and period dummy in K). `pretrend` is the joint Wald \
test that all pre-period coefficients (e < 0) are 0: statistic W ~ χ²(df), and F = W/df on \
(df, G − 1). `estimate` is the mean of the coefficients from e = 0 on, or null without any. \
With effects that differ between cohorts, these coefficients mix cohorts with weights that \
can be negative: compare with estimate staggered-did.

Examples:
  indsats estimate event-study --data panel.csv --id kommune --time aar --cohort start_aar --outcome y
  indsats estimate event-study --data panel.csv --id id --time t --cohort g --outcome y --bin-min -4 --bin-max 3 --chart es.svg
  indsats estimate event-study --data panel.csv --id id --time t --cohort g --outcome y --small-sample slopes --format json"
)]
pub struct Args {
    /// The data (CSV, Parquet or FILE.xlsx[:Sheet]), one row per unit and period
    #[arg(long)]
    data: String,
    /// The unit column
    #[arg(long, value_name = "COL")]
    id: String,
    /// The period column (whole numbers)
    #[arg(long, value_name = "COL")]
    time: String,
    /// The first treated period of each unit, 0 for never treated
    #[arg(long, value_name = "COL")]
    cohort: String,
    /// The outcome column
    #[arg(long, value_name = "COL")]
    outcome: String,
    /// Time-varying covariates (comma-separated numeric columns)
    #[arg(long, value_delimiter = ',', value_name = "A,B")]
    covariates: Vec<String>,
    /// Cluster by this column instead of the unit
    #[arg(long, value_name = "COL")]
    cluster: Option<String>,
    /// The reference relative time (its coefficient is fixed at 0)
    #[arg(long, default_value_t = -1, allow_hyphen_values = true)]
    reference: i64,
    /// Pool every relative time at or below L
    #[arg(long, value_name = "L", allow_hyphen_values = true)]
    bin_min: Option<i64>,
    /// Pool every relative time at or above L
    #[arg(long, value_name = "L", allow_hyphen_values = true)]
    bin_max: Option<i64>,
    /// The small-sample factor of the cluster-robust errors
    #[arg(long, value_enum, default_value = "crv1")]
    small_sample: SmallSampleArg,
    /// Confidence level
    #[arg(long, default_value_t = 0.95)]
    ci_level: f64,
    /// Randomization test: deal the cohorts out again among the units up to N times (every
    /// distinct deal when there are no more) and give the p-values of the post-period mean
    /// and of the pre-trend test; for few treated clusters, where the cluster-robust errors
    /// are too small
    #[arg(long, value_name = "N")]
    permutations: Option<usize>,
    /// Seed of sampled deals
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Also write the event-study plot (SVG) here
    #[arg(long, value_name = "FILE.svg")]
    chart: Option<PathBuf>,
    #[command(flatten)]
    common: Common,
}

/// Runs `estimate event-study`.
pub fn run(a: Args) -> Result<(), CliError> {
    let cols = PanelColumns {
        id: &a.id,
        time: &a.time,
        outcome: &a.outcome,
        covariates: &a.covariates,
        cluster: a.cluster.as_deref(),
        extra: vec![("--cohort", a.cohort.as_str(), Role::Number)],
    };
    check_columns(&cols)?;
    let es = EventStudy::new()
        .reference(a.reference)
        .bin_min(a.bin_min)
        .bin_max(a.bin_max)
        .small_sample(a.small_sample.into())
        .ci_level(a.ci_level)
        .permutations(a.permutations)
        .seed(a.seed);
    es.check().map_err(|e| CliError::Usage(e.to_string()))?;
    let (panel, frame) = load_panel(&a.common, &a.data, &cols)?;
    let cohort = frame.number(&a.cohort).expect("read").to_vec();
    let fit = es.fit(&panel, &cohort)?;
    let lang: Lang = a.common.lang.into();
    if let Some(path) = &a.chart {
        Output::new(Some(path)).write(&chart(&fit, lang)?)?;
    }
    let text = match a.common.format {
        Format::Json => super::estimate_json(&fit)?,
        Format::Csv => to_csv(&fit),
        Format::Table => to_table(&fit, lang),
    };
    Output::new(a.common.out.as_deref()).write(&text)
}

/// The event-study plot of a fit, with its words in `lang`.
pub(super) fn chart(f: &EventStudyFit, lang: Lang) -> indsats::Result<String> {
    let da = lang == Lang::Da;
    let points: Vec<EventPoint> = f
        .event_study
        .iter()
        .map(|r| EventPoint {
            relative_time: r.relative_time,
            estimate: r.estimate,
            ci: r.ci,
            reference: r.reference,
            pooled: r.pooled,
        })
        .collect();
    let level = dec(f.ci_level * 100.0, 0, lang);
    let text = ChartText {
        title: if da {
            format!("Effekt på {} før og efter start", f.outcome)
        } else {
            format!("Effect on {} before and after the start", f.outcome)
        },
        x_label: if da {
            "Perioder siden start (0 = første periode med indsats)".into()
        } else {
            "Periods since the start (0 = first treated period)".into()
        },
        y_label: if da {
            format!("Forskel i {} mod periode {}", f.outcome, f.reference)
        } else {
            format!("Difference in {} from period {}", f.outcome, f.reference)
        },
        description: if da {
            format!(
                "{} behandlede og {} sammenligningsenheder, {} perioder, {} rækker",
                f.n.treated, f.n.control, f.n.periods, f.n.rows
            )
        } else {
            format!(
                "{} treated and {} comparison units, {} periods, {} rows",
                f.n.treated, f.n.control, f.n.periods, f.n.rows
            )
        },
    };
    let labels = if da {
        [
            format!("Estimat med {level} %-KI"),
            format!("Referenceperiode ({})", f.reference),
            "Start af indsatsen".to_string(),
        ]
    } else {
        [
            format!("Estimate with {level}% CI"),
            format!("Reference period ({})", f.reference),
            "Start of the measure".to_string(),
        ]
    };
    event_study_plot(
        "event-study",
        &text,
        &points,
        [&labels[0], &labels[1], &labels[2]],
        &|v| dec(v, 2, lang),
    )
}

fn to_csv(f: &EventStudyFit) -> String {
    let mut s = String::from(
        "outcome,relative_time,estimate,std_error,ci_low,ci_high,ci_level,p_value,reference,pooled,rows\n",
    );
    for r in &f.event_study {
        let _ = writeln!(
            s,
            "{},{},{},{},{},{},{},{},{},{},{}",
            csv_field(&f.outcome),
            r.relative_time,
            csv_number(Some(r.estimate)),
            csv_number(r.std_error),
            csv_number(r.ci.map(|c| c[0])),
            csv_number(r.ci.map(|c| c[1])),
            f.ci_level,
            csv_number(r.p_value),
            r.reference,
            r.pooled,
            r.rows
        );
    }
    s
}

fn to_table(f: &EventStudyFit, lang: Lang) -> String {
    let da = lang == Lang::Da;
    let mut s = String::new();
    let level = dec(f.ci_level * 100.0, 0, lang);
    let to = if da { "til" } else { "to" };
    let df = if da { "fg" } else { "df" };
    let _ = writeln!(
        s,
        "{}: {}",
        if da {
            "Event study (to-vejs faste effekter)"
        } else {
            "Event study (two-way fixed effects)"
        },
        f.outcome
    );
    let _ = writeln!(
        s,
        "  {:>6}{:>12}{:>12}{:>26}{:>10}",
        "e",
        if da { "estimat" } else { "estimate" },
        if da { "std.fejl" } else { "std.error" },
        format!("{level} %-{}", if da { "KI" } else { "CI" }),
        "p"
    );
    for r in &f.event_study {
        let e = match (r.pooled, r.relative_time < f.reference) {
            (true, true) => format!("≤{}", r.relative_time),
            (true, false) => format!("≥{}", r.relative_time),
            _ => r.relative_time.to_string(),
        };
        if r.reference {
            let _ = writeln!(
                s,
                "  {:>6}{:>12}  ({})",
                e,
                dec(0.0, 3, lang),
                if da {
                    "referenceperiode"
                } else {
                    "reference period"
                }
            );
            continue;
        }
        let ci = r.ci.map_or("–".into(), |c| {
            format!("{} {to} {}", dec(c[0], 3, lang), dec(c[1], 3, lang))
        });
        let _ = writeln!(
            s,
            "  {:>6}{:>12}{:>12}{:>26}{:>10}",
            e,
            dec(r.estimate, 3, lang),
            r.std_error.map_or("–".into(), |v| dec(v, 3, lang)),
            ci,
            p_text(r.p_value, lang)
        );
    }
    let _ = writeln!(s);
    match (f.estimate, f.std_error, f.ci) {
        (Some(est), Some(se), Some(ci)) => {
            let _ = writeln!(
                s,
                "  {:<34}{} ({} {}; {level} %-{}: {} {to} {})",
                if da {
                    "gennemsnit efter start"
                } else {
                    "mean after the start"
                },
                dec(est, 3, lang),
                if da { "std.fejl" } else { "std.error" },
                dec(se, 3, lang),
                if da { "KI" } else { "CI" },
                dec(ci[0], 3, lang),
                dec(ci[1], 3, lang)
            );
        }
        _ => {
            let _ = writeln!(
                s,
                "  {:<34}–",
                if da {
                    "gennemsnit efter start"
                } else {
                    "mean after the start"
                }
            );
        }
    }
    if let Some(c) = &f.twfe_static {
        let _ = writeln!(
            s,
            "  {:<34}{} ({} {})",
            if da {
                "statisk TWFE (én dummy)"
            } else {
                "static TWFE (one dummy)"
            },
            dec(c.coef, 3, lang),
            if da { "std.fejl" } else { "std.error" },
            dec(c.std_error, 3, lang)
        );
    }
    if let Some(ri) = &f.randomization {
        s.push_str(&super::randomization_lines(ri, lang));
    }
    match &f.pretrend {
        Some(p) => {
            let _ = writeln!(
                s,
                "  {:<34}F = {} ({}, {} {df}), {}; χ² = {} ({} {df}), {}",
                if da {
                    "test af trend før start"
                } else {
                    "pre-trend test"
                },
                dec(p.f_statistic, 3, lang),
                p.df,
                p.df_denominator,
                p_is(p.f_p_value, lang),
                dec(p.statistic, 3, lang),
                p.df,
                p_is(p.p_value, lang)
            );
        }
        None => {
            let _ = writeln!(
                s,
                "  {:<34}–",
                if da {
                    "test af trend før start"
                } else {
                    "pre-trend test"
                }
            );
        }
    }
    let _ = writeln!(
        s,
        "  {:<34}{}",
        if da {
            "standardfejl"
        } else {
            "standard errors"
        },
        se_text(f.small_sample, f.n.clusters, lang)
    );
    write_counts(&mut s, &f.n, lang);
    for w in &f.warnings {
        let _ = writeln!(s, "{}: {w}", if da { "advarsel" } else { "warning" });
    }
    s
}
