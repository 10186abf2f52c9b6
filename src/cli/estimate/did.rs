//! `indsats estimate did`: the 2×2 difference in differences on a long panel.

use super::super::output::{csv_field, csv_number, Common, Format, Output};
use super::super::CliError;
use super::{dec, p_text};
use indsats::data::{self, Frame, Role, Wanted};
use indsats::effects::{Bootstrap, Did, DidFit, Excluded, Panel, Post, SmallSample};
use indsats::Lang;
use std::fmt::Write as _;

/// The 2×2 difference in differences: outcome on group, post and their product by least
/// squares, cluster-robust by unit.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "The estimate is the coefficient of treated × post; with no covariates it \
equals the difference in the four cell means, which are reported too. Standard errors are \
cluster-robust by unit (or --cluster) with G − 1 degrees of freedom; --small-sample chooses \
the factor: crv1 = G/(G−1)·(N−1)/(N−K) with K every column (statsmodels, Stata, R's vcovCL \
HC1), g-only = G/(G−1), slopes = K counts only the slopes (the same as crv1 here: nothing is \
absorbed). Two rows for one unit and period are an error; an unbalanced panel is used as it \
is and reported.

Examples:
  indsats estimate did --data panel.csv --id kommune --time aar --treatment indsats --post-from 2021 --outcome y
  indsats estimate did --data two_years.csv --id id --time year --treatment group --outcome score
  indsats estimate did --data p.xlsx --id id --time t --treatment g --post post --outcome y --covariates age --small-sample g-only --format json"
)]
pub struct Args {
    /// The data (CSV, Parquet or FILE.xlsx[:Sheet]), one row per unit and period
    #[arg(long)]
    data: String,
    /// The unit column
    #[arg(long, value_name = "COL")]
    id: String,
    /// The period column (numbers)
    #[arg(long, value_name = "COL")]
    time: String,
    /// The 0/1 group column: 1 for units that receive the measure (the same in every row of a unit)
    #[arg(long, value_name = "COL")]
    treatment: String,
    /// A 0/1 column: 1 for rows after the start
    #[arg(long, value_name = "COL", conflicts_with = "post_from")]
    post: Option<String>,
    /// Rows with time ≥ T are after the start (without --post or --post-from the panel must
    /// have exactly two periods; the later is after)
    #[arg(long, value_name = "T")]
    post_from: Option<f64>,
    /// The outcome column
    #[arg(long, value_name = "COL")]
    outcome: String,
    /// Time-varying covariates (comma-separated numeric columns)
    #[arg(long, value_delimiter = ',', value_name = "A,B")]
    covariates: Vec<String>,
    /// Cluster by this column instead of the unit
    #[arg(long, value_name = "COL")]
    cluster: Option<String>,
    /// The small-sample factor of the cluster-robust errors
    #[arg(long, value_enum, default_value = "crv1")]
    small_sample: SmallSampleArg,
    /// The estimand: a difference in differences estimates the effect on the treated (att)
    #[arg(long, value_enum, default_value = "att")]
    estimand: EstimandArg,
    /// Cluster bootstrap: resample whole units (or --cluster groups) B times, within the
    /// two groups, and refit
    #[arg(long, value_name = "B")]
    bootstrap: Option<usize>,
    /// Seed for the bootstrap
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Confidence level
    #[arg(long, default_value_t = 0.95)]
    ci_level: f64,
    #[command(flatten)]
    common: Common,
}

/// `--estimand` (the contract's flag; only att applies).
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum EstimandArg {
    Ate,
    Att,
    Atc,
}

/// `--small-sample`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(super) enum SmallSampleArg {
    /// G/(G−1)·(N−1)/(N−K), K = every column of the dummy design
    Crv1,
    /// G/(G−1)
    GOnly,
    /// G/(G−1)·(N−1)/(N−K), K = the slopes only
    Slopes,
}

impl From<SmallSampleArg> for SmallSample {
    fn from(s: SmallSampleArg) -> SmallSample {
        match s {
            SmallSampleArg::Crv1 => SmallSample::Crv1,
            SmallSampleArg::GOnly => SmallSample::GOnly,
            SmallSampleArg::Slopes => SmallSample::Slopes,
        }
    }
}

/// The columns of a panel command.
pub(super) struct PanelColumns<'a> {
    pub id: &'a str,
    pub time: &'a str,
    pub outcome: &'a str,
    pub covariates: &'a [String],
    pub cluster: Option<&'a str>,
    /// Further number or indicator columns (treatment, post, cohort).
    pub extra: Vec<(&'static str, &'a str, Role)>,
}

/// Each column plays one part.
pub(super) fn check_columns(c: &PanelColumns) -> Result<(), CliError> {
    let mut named: Vec<(&str, &str)> =
        vec![("--id", c.id), ("--time", c.time), ("--outcome", c.outcome)];
    named.extend(c.extra.iter().map(|(flag, col, _)| (*flag, *col)));
    named.extend(c.covariates.iter().map(|v| ("--covariates", v.as_str())));
    for (i, (flag, col)) in named.iter().enumerate() {
        if let Some((other, _)) = named[..i].iter().find(|(_, c)| c == col) {
            return Err(CliError::Usage(if other == flag {
                format!("{flag} names \"{col}\" twice")
            } else {
                format!("column \"{col}\" is named by both {other} and {flag}")
            }));
        }
    }
    Ok(())
}

/// Reads the panel's columns: rows with an empty cell are left out and counted by column.
pub(super) fn load_panel(
    common: &Common,
    data_spec: &str,
    c: &PanelColumns,
) -> Result<(Panel, Frame), CliError> {
    let (table, notes) = common.read_guarded(data_spec)?;
    let mut wanted = vec![
        Wanted {
            name: c.id,
            role: Role::Label,
        },
        Wanted {
            name: c.time,
            role: Role::Number,
        },
        Wanted {
            name: c.outcome,
            role: Role::Number,
        },
    ];
    for (_, col, role) in &c.extra {
        wanted.push(Wanted {
            name: col,
            role: *role,
        });
    }
    for v in c.covariates {
        wanted.push(Wanted {
            name: v,
            role: Role::Number,
        });
    }
    if let Some(cl) = c.cluster {
        if !wanted.iter().any(|w| w.name == cl) {
            wanted.push(Wanted {
                name: cl,
                role: Role::Label,
            });
        }
    }
    let frame = data::frame(&table, &wanted)?;
    let number = |name: &str| frame.number(name).expect("read").to_vec();
    let clusters = c.cluster.map(|cl| match frame.label(cl) {
        Some(v) => v.to_vec(),
        None => number(cl).iter().map(f64::to_string).collect(),
    });
    let panel = Panel {
        outcome: c.outcome.to_string(),
        id: frame.label(c.id).expect("read").to_vec(),
        time: number(c.time),
        y: number(c.outcome),
        covariates: c
            .covariates
            .iter()
            .map(|v| (v.clone(), number(v)))
            .collect(),
        clusters,
        file_rows: Some(frame.file_rows.clone()),
        excluded: frame
            .missing
            .iter()
            .map(|m| Excluded {
                reason: format!("column \"{}\" is empty", m.column),
                rows: m.rows,
            })
            .collect(),
        warnings: notes.into_iter().chain(frame.missing_warnings()).collect(),
    };
    Ok((panel, frame))
}

/// Runs `estimate did`.
pub fn run(a: Args) -> Result<(), CliError> {
    let mut extra = vec![("--treatment", a.treatment.as_str(), Role::Indicator)];
    if let Some(p) = &a.post {
        extra.push(("--post", p.as_str(), Role::Indicator));
    }
    let cols = PanelColumns {
        id: &a.id,
        time: &a.time,
        outcome: &a.outcome,
        covariates: &a.covariates,
        cluster: a.cluster.as_deref(),
        extra,
    };
    check_columns(&cols)?;
    if a.estimand != EstimandArg::Att {
        return Err(CliError::Usage(
            "a difference in differences estimates the effect on the treated: --estimand att"
                .into(),
        ));
    }
    if a.bootstrap.is_some_and(|b| b < 2) {
        return Err(CliError::Usage(
            "--bootstrap needs at least 2 replicates".into(),
        ));
    }
    let post_rule = match (&a.post, a.post_from) {
        (Some(_), _) => Post::Column(Vec::new()),
        (None, Some(t)) => Post::From(t),
        (None, None) => Post::LaterOfTwo,
    };
    let did = Did::new()
        .small_sample(a.small_sample.into())
        .ci_level(a.ci_level)
        .post(post_rule.clone());
    did.check().map_err(|e| CliError::Usage(e.to_string()))?;
    let (panel, frame) = load_panel(&a.common, &a.data, &cols)?;
    let treated = frame.number(&a.treatment).expect("read").to_vec();
    let did = match &a.post {
        Some(p) => did.post(Post::Column(frame.number(p).expect("read").to_vec())),
        None => did,
    };
    let mut fit = did.fit(&panel, &treated)?;
    if let Some(b) = a.bootstrap {
        let boot = Bootstrap::new(b)
            .seed(a.seed)
            .ci_level(a.ci_level)
            .progress(true);
        let result = did.bootstrap(&panel, &treated, &boot)?;
        if result.failed > 0 {
            fit.warnings.push(format!(
                "{} of {} bootstrap replicates could not be computed and were left out",
                result.failed, result.replicates
            ));
        }
        fit.bootstrap = Some(result);
    }
    let text = match a.common.format {
        Format::Json => super::estimate_json(&fit)?,
        Format::Csv => to_csv(&fit),
        Format::Table => to_table(&fit, a.common.lang.into()),
    };
    Output::new(a.common.out.as_deref()).write(&text)
}

fn to_csv(f: &DidFit) -> String {
    let mut s = String::from(
        "method,outcome,term,coef,std_error,ci_low,ci_high,ci_level,p_value,units,rows,clusters,excluded\n",
    );
    for c in &f.coefficients {
        let _ = writeln!(
            s,
            "{},{},{},{},{},{},{},{},{},{},{},{},{}",
            f.method,
            csv_field(&f.outcome),
            csv_field(&c.term),
            csv_number(Some(c.coef)),
            csv_number(Some(c.std_error)),
            csv_number(Some(c.ci[0])),
            csv_number(Some(c.ci[1])),
            f.ci_level,
            csv_number(Some(c.p_value)),
            f.n.units,
            f.n.rows,
            f.n.clusters,
            f.n.excluded
        );
    }
    s
}

fn to_table(f: &DidFit, lang: Lang) -> String {
    let da = lang == Lang::Da;
    let mut s = String::new();
    let _ = writeln!(
        s,
        "{}: {}",
        if da {
            "Forskel i forskelle (2×2)"
        } else {
            "Difference in differences (2×2)"
        },
        f.outcome
    );
    let level = dec(f.ci_level * 100.0, 0, lang);
    let to = if da { "til" } else { "to" };
    let _ = writeln!(
        s,
        "  {:<24}{}",
        if da { "estimat" } else { "estimate" },
        dec(f.estimate, 3, lang)
    );
    let _ = writeln!(
        s,
        "  {:<24}{}  ({})",
        if da { "standardfejl" } else { "standard error" },
        dec(f.std_error, 3, lang),
        se_text(f.small_sample, f.n.clusters, lang)
    );
    let _ = writeln!(
        s,
        "  {:<24}{} {to} {}",
        format!("{level} %-{}", if da { "KI" } else { "CI" }),
        dec(f.ci[0], 3, lang),
        dec(f.ci[1], 3, lang)
    );
    let _ = writeln!(s, "  {:<24}{}", "p", p_text(Some(f.p_value), lang));
    if let Some(b) = &f.bootstrap {
        let _ = writeln!(
            s,
            "  {:<24}{} {to} {} ({} {}, seed {})",
            if da { "bootstrap-KI" } else { "bootstrap CI" },
            dec(b.percentile_ci[0], 3, lang),
            dec(b.percentile_ci[1], 3, lang),
            b.replicates - b.failed,
            if da { "gentagelser" } else { "replicates" },
            b.seed
        );
    }
    let _ = writeln!(
        s,
        "\n  {:<24}{:>12}{:>12}{:>12}",
        if da { "gennemsnit" } else { "mean" },
        if da { "før" } else { "before" },
        if da { "efter" } else { "after" },
        if da { "ændring" } else { "change" }
    );
    for (name, pre, post) in [
        (
            if da { "behandlede" } else { "treated" },
            &f.cell_means[2],
            &f.cell_means[3],
        ),
        (
            if da { "sammenligning" } else { "comparison" },
            &f.cell_means[0],
            &f.cell_means[1],
        ),
    ] {
        let _ = writeln!(
            s,
            "  {:<24}{:>12}{:>12}{:>12}",
            name,
            dec(pre.mean, 3, lang),
            dec(post.mean, 3, lang),
            dec(post.mean - pre.mean, 3, lang)
        );
    }
    let _ = writeln!(
        s,
        "  {:<24}{:>36}",
        if da {
            "forskel i forskelle"
        } else {
            "difference in differences"
        },
        dec(f.did_of_means, 3, lang)
    );
    write_counts(&mut s, &f.n, lang);
    for w in &f.warnings {
        let _ = writeln!(s, "{}: {w}", if da { "advarsel" } else { "warning" });
    }
    s
}

/// Units, periods, rows and clusters, in words.
pub(super) fn write_counts(s: &mut String, n: &indsats::effects::PanelCounts, lang: Lang) {
    let da = lang == Lang::Da;
    let _ = writeln!(
        s,
        "\n  {:<24}{} {} / {} {}, {} {}, {} {}, {} {}{}",
        "data",
        n.treated,
        if da { "behandlede" } else { "treated" },
        n.control,
        if da { "sammenligning" } else { "comparison" },
        n.periods,
        if da { "perioder" } else { "periods" },
        n.rows,
        if da { "rækker" } else { "rows" },
        n.clusters,
        if da { "klynger" } else { "clusters" },
        if n.excluded > 0 {
            format!(
                ", {} {}",
                n.excluded,
                if da { "udeladt" } else { "left out" }
            )
        } else {
            String::new()
        }
    );
}

/// How the standard errors were computed, in the reader's language.
pub(super) fn se_text(small: SmallSample, clusters: usize, lang: Lang) -> String {
    let factor = match small {
        SmallSample::Crv1 => "G/(G-1)·(N-1)/(N-K)",
        SmallSample::GOnly => "G/(G-1)",
        SmallSample::Slopes => "G/(G-1)·(N-1)/(N-K)",
    };
    let k = match (small, lang) {
        (SmallSample::Crv1, Lang::Da) => ", K = alle designkolonner",
        (SmallSample::Crv1, Lang::En) => ", K = every design column",
        (SmallSample::Slopes, Lang::Da) => ", K = hældningskoefficienterne",
        (SmallSample::Slopes, Lang::En) => ", K = the slopes",
        _ => "",
    };
    match lang {
        Lang::Da => format!("klyngerobust, {clusters} klynger, faktor {factor}{k}, t med G-1 fg"),
        Lang::En => format!("cluster-robust, {clusters} clusters, factor {factor}{k}, t on G-1 df"),
    }
}

/// "p = 0,012" or "p < 0,001".
pub(super) fn p_is(p: f64, lang: Lang) -> String {
    let t = p_text(Some(p), lang);
    if t.starts_with('<') {
        format!("p {t}")
    } else {
        format!("p = {t}")
    }
}
