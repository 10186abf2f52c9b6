//! `indsats survival cox`: Cox regression of a spell's hazard on covariates, as R's
//! `coxph`.

use crate::cli::output::{csv_field, csv_number, json, Format, Output};
use crate::cli::CliError;
use indsats::data::{self, Frame, Role, Wanted};
use indsats::survival::{
    ChiSquareTest, Cox, CoxCoefficient, CoxData, CoxFit, CoxTests, StratumCount, Ties, ZphTest,
    ZphTransform,
};
use indsats::{Error, ErrorKind, Lang};
use serde::Serialize;
use std::fmt::Write as _;

/// Cox regression: hazard ratios with their tests, concordance and the
/// proportional-hazards check, as R's coxph.
///
/// One row per spell (--time, --event), or several rows per person with --entry for
/// covariates that change over time ((entry, time] intervals, as Surv(start, stop, event)).
/// Rows with an empty cell in a named column are left out and counted.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:\n  \
indsats survival cox --data spells.csv --time days --event ended --covariates age,program\n  \
indsats survival cox --data spells.csv --time days --event ended --covariates age,program --strata district --zph\n  \
indsats survival cox --data rows.csv --entry start --time stop --event broke_down --covariates enrolled --cluster person_id --format json")]
pub struct Args {
    // boxed: the survival subcommands' Args live in one enum
    #[command(flatten)]
    flags: Box<Flags>,
}

/// The flags of `survival cox`.
#[derive(Debug, clap::Args)]
struct Flags {
    /// The data (CSV, Parquet or FILE.xlsx[:Sheet])
    #[arg(long)]
    data: String,
    /// The exit time of each row (e.g. days since the spell began; ≥ 0)
    #[arg(long, value_name = "COL")]
    time: String,
    /// The event column: 1 = the event happened at --time, 0 = censored (ja/nej also read)
    #[arg(long, value_name = "COL")]
    event: String,
    /// Covariates (comma-separated numeric or 0/1 columns)
    #[arg(long, value_delimiter = ',', value_name = "A,B", required = true)]
    covariates: Vec<String>,
    /// How tied event times are handled
    #[arg(long, value_enum, default_value = "efron")]
    ties: TiesArg,
    /// A baseline hazard of its own for each value of this column
    #[arg(long, value_name = "COL")]
    strata: Option<String>,
    /// Robust standard errors by this column (e.g. the person)
    #[arg(long, value_name = "COL")]
    cluster: Option<String>,
    /// Entry time of each row: the row is at risk on (entry, time]
    #[arg(long, value_name = "COL")]
    entry: Option<String>,
    /// Robust standard errors with each row its own cluster (one row per person)
    #[arg(long)]
    robust: bool,
    /// The proportional-hazards check (cox.zph), with this transform of time
    #[arg(long, value_enum, num_args = 0..=1, default_missing_value = "km", value_name = "TRANSFORM")]
    zph: Option<TransformArg>,
    /// Confidence level of the hazard-ratio intervals
    #[arg(long, default_value_t = 0.95)]
    ci_level: f64,
    #[command(flatten)]
    common: crate::cli::output::Common,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum TiesArg {
    Efron,
    Breslow,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum TransformArg {
    Km,
    Rank,
    Identity,
    Log,
}

fn usage(m: impl Into<String>) -> CliError {
    CliError::Usage(m.into())
}

/// Checks the flags (a clash is bad usage, before any data are read) and turns them into
/// the model as the library takes it.
fn check(a: &Flags) -> Result<Cox, CliError> {
    let mut named: Vec<(&str, &str)> = vec![("--time", &a.time), ("--event", &a.event)];
    named.extend(a.entry.as_deref().map(|e| ("--entry", e)));
    named.extend(a.covariates.iter().map(|c| ("--covariates", c.as_str())));
    named.extend(a.strata.as_deref().map(|s| ("--strata", s)));
    named.extend(a.cluster.as_deref().map(|c| ("--cluster", c)));
    for (i, (flag, col)) in named.iter().enumerate() {
        if col.is_empty() {
            return Err(usage(format!("{flag} names an empty column")));
        }
        // strata and clusters are both labels, and may be the same column
        let clash = named[..i]
            .iter()
            .find(|(other, c)| c == col && !matches!((*other, *flag), ("--strata", "--cluster")));
        if let Some((other, _)) = clash {
            return Err(usage(if other == flag {
                format!("{flag} names \"{col}\" twice")
            } else {
                format!("column \"{col}\" is named by both {other} and {flag}")
            }));
        }
    }
    if a.robust && a.entry.is_some() && a.cluster.is_none() {
        return Err(usage(
            "--robust with --entry needs --cluster COL (the person): with several rows per \
             person, a row is not an independent unit",
        ));
    }
    let mut cox = Cox::default()
        .ties(match a.ties {
            TiesArg::Efron => Ties::Efron,
            TiesArg::Breslow => Ties::Breslow,
        })
        .ci_level(a.ci_level)
        .robust(a.robust);
    if let Some(t) = a.zph {
        cox = cox.zph(match t {
            TransformArg::Km => ZphTransform::Km,
            TransformArg::Rank => ZphTransform::Rank,
            TransformArg::Identity => ZphTransform::Identity,
            TransformArg::Log => ZphTransform::Log,
        });
    }
    cox.check()
        .map_err(|e| usage(format!("--{}", e.to_string().replace('_', "-"))))?;
    Ok(cox)
}

/// The columns, read; rows with an empty cell left out.
fn load(a: &Flags) -> Result<(Frame, Vec<String>), CliError> {
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
    if let Some(e) = &a.entry {
        wanted.push(Wanted {
            name: e,
            role: Role::Number,
        });
    }
    for c in &a.covariates {
        wanted.push(Wanted {
            name: c,
            role: Role::Number,
        });
    }
    for c in a.strata.iter().chain(&a.cluster) {
        wanted.push(Wanted {
            name: c,
            role: Role::Label,
        });
    }
    let frame = data::frame(&table, &wanted)?;
    let mut notes = guard_notes;
    notes.extend(frame.missing_warnings());
    Ok((frame, notes))
}

/// Times and entries checked here, where the file's row and column can be named.
fn check_times(a: &Flags, f: &Frame) -> Result<(), CliError> {
    let cell = |i: usize, column: &str, message: String| {
        CliError::Failure(Error::new(ErrorKind::Cell {
            file: f.source.clone(),
            row: f.file_rows[i],
            column: column.to_string(),
            message,
        }))
    };
    let time = f.number(&a.time).expect("read");
    if let Some(i) = time.iter().position(|t| *t < 0.0) {
        return Err(cell(
            i,
            &a.time,
            format!("{}: a time must not be negative", time[i]),
        ));
    }
    if let Some(e) = &a.entry {
        let entry = f.number(e).expect("read");
        if let Some(i) = entry.iter().position(|t| *t < 0.0) {
            return Err(cell(
                i,
                e,
                format!("{}: a time must not be negative", entry[i]),
            ));
        }
        if let Some(i) = entry.iter().zip(time).position(|(a, t)| a >= t) {
            return Err(cell(
                i,
                e,
                format!(
                    "entry {} is not before the exit {} in column \"{}\": a row covers \
                     (entry, exit]",
                    entry[i], time[i], a.time
                ),
            ));
        }
    }
    Ok(())
}

/// The JSON result: the contract's keys, then the rest of the fit.
#[derive(Debug, Serialize)]
struct Report<'a> {
    coefficients: &'a [CoxCoefficient],
    loglik: [f64; 2],
    concordance: Option<f64>,
    concordance_std_error: Option<f64>,
    n: usize,
    n_excluded: usize,
    events: usize,
    ties: Ties,
    ci_level: f64,
    n_clusters: Option<usize>,
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    strata: &'a [StratumCount],
    iterations: usize,
    converged: bool,
    tests: &'a CoxTests,
    #[serde(skip_serializing_if = "Option::is_none")]
    zph: Option<ZphReport<'a>>,
    warnings: Vec<String>,
}

/// The proportional-hazards tests (the residuals stay in the library's result).
#[derive(Debug, Serialize)]
struct ZphReport<'a> {
    transform: ZphTransform,
    terms: &'a [ZphTest],
    global: &'a ZphTest,
}

/// Runs the subcommand.
pub fn run(args: Args) -> Result<(), CliError> {
    let a = *args.flags;
    let cox = check(&a)?;
    let (frame, mut warnings) = load(&a)?;
    check_times(&a, &frame)?;
    let covariates: Vec<(&str, Vec<f64>)> = a
        .covariates
        .iter()
        .map(|c| (c.as_str(), frame.number(c).expect("read").to_vec()))
        .collect();
    let time = frame.number(&a.time).expect("read");
    let event = frame.number(&a.event).expect("read");
    let mut d = CoxData::new(time, event, &covariates);
    if let Some(e) = &a.entry {
        d = d.entry(frame.number(e).expect("read"));
    }
    if let Some(s) = &a.strata {
        d = d.strata(frame.label(s).expect("read"));
    }
    if let Some(c) = &a.cluster {
        d = d.cluster(frame.label(c).expect("read"));
    }
    let fit = cox.fit(&d)?;
    warnings.extend(fit.warnings.iter().cloned());
    let report = Report {
        coefficients: &fit.coefficients,
        loglik: fit.loglik,
        concordance: fit.concordance.concordance,
        concordance_std_error: fit.concordance.std_error,
        n: fit.n,
        n_excluded: frame.n_excluded(),
        events: fit.events,
        ties: fit.ties,
        ci_level: fit.ci_level,
        n_clusters: fit.n_clusters,
        strata: &fit.strata,
        iterations: fit.iterations,
        converged: fit.converged,
        tests: &fit.tests,
        zph: fit.zph.as_ref().map(|z| ZphReport {
            transform: z.transform,
            terms: &z.terms,
            global: &z.global,
        }),
        warnings,
    };
    let text = match a.common.format {
        Format::Json => json(&report)?,
        Format::Csv => to_csv(&fit),
        Format::Table => to_table(&report, &fit, a.common.lang.into()),
    };
    Output::new(a.common.out.as_deref()).write(&text)
}

fn to_csv(fit: &CoxFit) -> String {
    let mut s = String::from(
        "term,coef,std_error,robust_std_error,hazard_ratio,ci_low,ci_high,ci_level,z,p_value\n",
    );
    for c in &fit.coefficients {
        let _ = writeln!(
            s,
            "{},{},{},{},{},{},{},{},{},{}",
            csv_field(&c.term),
            csv_number(Some(c.coef)),
            csv_number(Some(c.std_error)),
            csv_number(c.robust_std_error),
            csv_number(Some(c.hazard_ratio)),
            csv_number(Some(c.ci[0])),
            csv_number(Some(c.ci[1])),
            fit.ci_level,
            csv_number(Some(c.z)),
            csv_number(Some(c.p_value)),
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
        Lang::Da => s.replace('.', ","),
        Lang::En => s,
    }
}

fn p_text(p: f64, lang: Lang) -> String {
    if p < 0.001 {
        match lang {
            Lang::Da => "< 0,001".into(),
            Lang::En => "< 0.001".into(),
        }
    } else {
        dec(p, 3, lang)
    }
}

fn to_table(r: &Report<'_>, fit: &CoxFit, lang: Lang) -> String {
    let da = lang == Lang::Da;
    let mut s = String::new();
    let _ = writeln!(
        s,
        "{} ({}): {} {}, {} {}, {} {}",
        if da {
            "Cox-regression"
        } else {
            "Cox regression"
        },
        r.ties.as_str(),
        r.n,
        if da { "rækker" } else { "rows" },
        r.events,
        if da { "hændelser" } else { "events" },
        r.n_excluded,
        if da { "udeladt" } else { "left out" }
    );
    let level = dec(r.ci_level * 100.0, 0, lang);
    let ci_head = format!("{level} %-{}", if da { "KI" } else { "CI" });
    let _ = writeln!(
        s,
        "\n  {:<16}{:>9}  {:<22}{:>10}{:>10}{:>11}{:>9}{:>9}",
        if da { "kovariat" } else { "covariate" },
        "HR",
        ci_head,
        "coef",
        "SE",
        "robust SE",
        "z",
        "p"
    );
    for c in r.coefficients {
        let ci = format!(
            "{} {} {}",
            dec(c.ci[0], 3, lang),
            if da { "til" } else { "to" },
            dec(c.ci[1], 3, lang)
        );
        let _ = writeln!(
            s,
            "  {:<16}{:>9}  {:<22}{:>10}{:>10}{:>11}{:>9}{:>9}",
            c.term,
            dec(c.hazard_ratio, 3, lang),
            ci,
            dec(c.coef, 4, lang),
            dec(c.std_error, 4, lang),
            c.robust_std_error.map_or("–".into(), |v| dec(v, 4, lang)),
            dec(c.z, 2, lang),
            p_text(c.p_value, lang)
        );
    }
    let _ = writeln!(
        s,
        "\n  {:<30}{} ({}), {} (model)",
        "log-likelihood",
        dec(r.loglik[0], 3, lang),
        if da { "nulmodel" } else { "null model" },
        dec(r.loglik[1], 3, lang),
    );
    let test = |name: &str, t: &ChiSquareTest| {
        format!(
            "  {:<30}{} {} {} {}, p {}\n",
            name,
            dec(t.statistic, 2, lang),
            if da { "på" } else { "on" },
            t.df,
            if da { "fg" } else { "df" },
            p_text(t.p_value, lang)
        )
    };
    let t = r.tests;
    s += &test(
        if da {
            "likelihood-ratio-test"
        } else {
            "likelihood-ratio test"
        },
        &t.likelihood_ratio,
    );
    s += &test(if da { "Wald-test" } else { "Wald test" }, &t.wald);
    s += &test(
        if da {
            "score-test (log-rank)"
        } else {
            "score (log-rank) test"
        },
        &t.score,
    );
    if let Some(w) = &t.robust_wald {
        s += &test(
            if da {
                "robust Wald-test"
            } else {
                "robust Wald test"
            },
            w,
        );
    }
    if let Some(w) = &t.robust_score {
        s += &test(
            if da {
                "robust score-test"
            } else {
                "robust score test"
            },
            w,
        );
    }
    if let (Some(c), Some(se)) = (r.concordance, r.concordance_std_error) {
        let _ = writeln!(
            s,
            "  {:<30}{} (SE {})",
            if da { "konkordans" } else { "concordance" },
            dec(c, 3, lang),
            dec(se, 3, lang)
        );
    }
    if let Some(z) = &fit.zph {
        let _ = writeln!(
            s,
            "\n  {} (cox.zph, {} {}):",
            if da {
                "proportionale hazards"
            } else {
                "proportional hazards"
            },
            if da { "transformation" } else { "transform" },
            z.transform.as_str()
        );
        for t in z.terms.iter().chain([&z.global]) {
            let _ = writeln!(
                s,
                "  {:<16}{:>9} {:>3} {}  p {}",
                t.term,
                dec(t.chisq, 2, lang),
                t.df,
                if da { "fg" } else { "df" },
                p_text(t.p_value, lang)
            );
        }
    }
    for w in &r.warnings {
        let _ = writeln!(s, "{}: {w}", if da { "advarsel" } else { "warning" });
    }
    s
}
