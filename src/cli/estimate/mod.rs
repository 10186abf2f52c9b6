//! `indsats estimate`: did the measure change the outcome? One group before and after,
//! two groups with a baseline, matching and weighting on the propensity score.

mod its;
mod staggered;
mod synth;

use super::output::{csv_number, json, Format, Output};
use super::CliError;
use indsats::data::{self, Frame, Role, Wanted};
use indsats::effects::{
    Aipw, Bootstrap, Covariance, EffectEstimate, Estimand, Ipw, MatchOrder, NearestNeighbour,
    Study, WeightLimit,
};
use indsats::Lang;
use std::fmt::Write as _;
use std::path::PathBuf;

mod did;
mod event_study;

/// Estimate an effect with its uncertainty: one subcommand per design.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    command: Command,
}

/// The designs. The cross-sectional ones (one row per person) share [`CrossArgs`]; the
/// designs over time have their own flags, each in its own file.
#[derive(Debug, clap::Subcommand)]
enum Command {
    /// One group measured twice (--baseline, --outcome): mean change, paired t, Wilcoxon,
    /// d_z and d_av
    Prepost(CrossArgs),
    /// Outcome on treatment, baseline and covariates by least squares (ANCOVA)
    Ancova(CrossArgs),
    /// A 0/1 outcome in two groups: risk difference, risk ratio, odds ratio
    Risk(CrossArgs),
    /// Propensity-score matching as R's MatchIt (nearest neighbour, ATT)
    Psm(CrossArgs),
    /// Inverse probability weighting on the propensity score
    Ipw(CrossArgs),
    /// The doubly robust estimator (augmented IPW)
    Aipw(CrossArgs),
    /// Interrupted time series: level and slope change with Newey–West errors
    Its(its::Args),
    // The help text is staggered::Args' doc comment (summary, then the long text).
    StaggeredDid(staggered::Args),
    /// Synthetic control: one treated unit against a weighted average of the others over
    /// time, with placebos in space
    Synth(synth::Args),
    /// Difference in differences on a panel (2×2: group × before/after), cluster-robust
    Did(did::Args),
    /// Event study by two-way fixed effects, with a pre-trend test
    EventStudy(event_study::Args),
}

/// Runs the subcommand.
pub fn run(args: Args) -> Result<(), CliError> {
    let (method, mut a) = match args.command {
        Command::Prepost(a) => (Method::Prepost, a),
        Command::Ancova(a) => (Method::Ancova, a),
        Command::Risk(a) => (Method::Risk, a),
        Command::Psm(a) => (Method::Psm, a),
        Command::Ipw(a) => (Method::Ipw, a),
        Command::Aipw(a) => (Method::Aipw, a),
        Command::Its(a) => return its::run(a),
        Command::StaggeredDid(a) => return staggered::run(a),
        Command::Synth(a) => return synth::run(a),
        Command::Did(a) => return did::run(a),
        Command::EventStudy(a) => return event_study::run(a),
    };
    a.method = method;
    run_cross(a)
}

/// The contract's estimate JSON for a design over time: the fit's own keys, and an empty
/// `balance` where the design has no covariate balance (the contract gives every `estimate`
/// result the key).
pub(super) fn estimate_json<T: serde::Serialize>(fit: &T) -> Result<String, CliError> {
    let mut v = serde_json::to_value(fit).map_err(|e| {
        CliError::Failure(indsats::Error::analysis(format!(
            "could not write JSON: {e}"
        )))
    })?;
    if let Some(o) = v.as_object_mut() {
        o.entry("balance")
            .or_insert_with(|| serde_json::Value::Array(Vec::new()));
    }
    json(&v)
}

/// The cross-sectional designs: one row per person.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:\n  \
indsats estimate prepost --data sdq.csv --baseline sdq_start --outcome sdq_12m\n  \
indsats estimate ancova --data d.csv --treatment program --outcome sdq_12m --baseline sdq_start --covariates age,sex\n  \
indsats estimate psm --data d.csv --treatment program --outcome y --covariates x1,x2,x3 --caliper 0.1 --matches pairs.csv\n  \
indsats estimate ipw --data d.csv --treatment program --outcome y --covariates x1,x2 --estimand ate --trim 0.05\n  \
indsats estimate aipw --data d.csv --treatment program --outcome y --covariates x1,x2 --bootstrap 999 --seed 1")]
pub struct CrossArgs {
    /// The design (set from the subcommand)
    #[arg(skip)]
    method: Method,
    /// The data (CSV, Parquet or FILE.xlsx[:Sheet]), one row per person
    #[arg(long)]
    data: String,
    /// The 0/1 treatment column (1 = received the measure; ja/nej also read)
    #[arg(long, value_name = "COL")]
    treatment: Option<String>,
    /// The outcome column
    #[arg(long, value_name = "COL")]
    outcome: String,
    /// The baseline measure of the outcome
    #[arg(long, value_name = "COL")]
    baseline: Option<String>,
    /// Covariates (comma-separated numeric or 0/1 columns)
    #[arg(long, value_delimiter = ',', value_name = "A,B,C")]
    covariates: Vec<String>,
    /// The id column (named in --matches and in messages)
    #[arg(long, value_name = "COL")]
    id: Option<String>,
    /// Cluster-robust standard errors by this column (ancova, ipw)
    #[arg(long, value_name = "COL")]
    cluster: Option<String>,
    /// The estimand (ipw, aipw; psm is always ATT)
    #[arg(long, value_enum)]
    estimand: Option<EstimandArg>,
    /// psm: controls per treated unit
    #[arg(long, default_value_t = 1)]
    ratio: usize,
    /// psm: the caliper in standard deviations of the propensity score
    #[arg(long)]
    caliper: Option<f64>,
    /// psm: match with replacement
    #[arg(long)]
    replace: bool,
    /// psm: the order treated units are matched in (as MatchIt's m.order)
    #[arg(long, value_enum, default_value = "largest")]
    order: OrderArg,
    /// psm: match only within equal values of these columns
    #[arg(long, value_delimiter = ',', value_name = "A,B")]
    exact: Vec<String>,
    /// psm: write the matched pairs (CSV) here
    #[arg(long, value_name = "FILE")]
    matches: Option<PathBuf>,
    /// ipw: stabilised weights
    #[arg(long)]
    stabilise: bool,
    /// ipw, aipw: leave out units with a propensity score outside [A, 1 − A]
    #[arg(long, value_name = "A")]
    trim: Option<f64>,
    /// ipw: cap the weights at this quantile (e.g. 0.99)
    #[arg(long, value_name = "Q")]
    truncate: Option<f64>,
    /// Standard errors (ancova default classical; ipw default hc0; cluster with --cluster)
    #[arg(long, value_enum)]
    se: Option<SeArg>,
    /// Bootstrap replicates for a bootstrap interval (the whole design is re-run on each)
    #[arg(long, value_name = "B")]
    bootstrap: Option<usize>,
    /// Seed for the bootstrap and for --order random
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Confidence level
    #[arg(long, default_value_t = 0.95)]
    ci_level: f64,
    #[command(flatten)]
    common: crate::cli::output::Common,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
enum Method {
    #[default]
    Prepost,
    Ancova,
    Risk,
    Psm,
    Ipw,
    Aipw,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum EstimandArg {
    Ate,
    Att,
    Atc,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum OrderArg {
    Largest,
    Smallest,
    Data,
    Random,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum SeArg {
    Classical,
    Hc0,
    Hc1,
    Hc2,
    Hc3,
}

impl From<SeArg> for Covariance {
    fn from(s: SeArg) -> Covariance {
        match s {
            SeArg::Classical => Covariance::Classical,
            SeArg::Hc0 => Covariance::Hc0,
            SeArg::Hc1 => Covariance::Hc1,
            SeArg::Hc2 => Covariance::Hc2,
            SeArg::Hc3 => Covariance::Hc3,
        }
    }
}

fn usage(m: impl Into<String>) -> CliError {
    CliError::Usage(m.into())
}

/// Flags that make no sense for the method are usage errors, not silently ignored.
fn check_flags(a: &CrossArgs) -> Result<(), CliError> {
    let m = a.method;
    let name = format!("{m:?}").to_lowercase();
    let needs_treatment = m != Method::Prepost;
    if needs_treatment && a.treatment.is_none() {
        return Err(usage(format!("estimate {name} needs --treatment COL")));
    }
    if m == Method::Prepost && a.baseline.is_none() {
        return Err(usage("estimate prepost needs --baseline COL"));
    }
    // One group measured twice has no treatment and nothing to adjust for; a risk
    // comparison is unadjusted. Read, these columns would only drop rows.
    let unused = match m {
        Method::Prepost => [
            ("--treatment", a.treatment.is_some()),
            ("--covariates", !a.covariates.is_empty()),
        ],
        Method::Risk => [
            ("--baseline", a.baseline.is_some()),
            ("--covariates", !a.covariates.is_empty()),
        ],
        _ => [("", false), ("", false)],
    };
    if let Some((flag, _)) = unused.iter().find(|(_, set)| *set) {
        return Err(usage(format!("{flag} does not apply to estimate {name}")));
    }
    check_columns(a)?;
    if matches!(m, Method::Psm | Method::Ipw | Method::Aipw) && a.covariates.is_empty() {
        return Err(usage(format!(
            "estimate {name} needs --covariates for the propensity score"
        )));
    }
    let psm_only = [
        ("--ratio", a.ratio != 1),
        ("--caliper", a.caliper.is_some()),
        ("--replace", a.replace),
        ("--order", a.order != OrderArg::Largest),
        ("--exact", !a.exact.is_empty()),
        ("--matches", a.matches.is_some()),
    ];
    if m != Method::Psm {
        if let Some((flag, _)) = psm_only.iter().find(|(_, set)| *set) {
            return Err(usage(format!("{flag} belongs to estimate psm, not {name}")));
        }
    }
    if m != Method::Ipw && (a.stabilise || a.truncate.is_some()) {
        return Err(usage(format!(
            "--stabilise and --truncate belong to estimate ipw, not {name}"
        )));
    }
    if a.trim.is_some() && !matches!(m, Method::Ipw | Method::Aipw) {
        return Err(usage(format!("--trim belongs to ipw and aipw, not {name}")));
    }
    if a.trim.is_some() && a.truncate.is_some() {
        return Err(usage("choose --trim or --truncate, not both"));
    }
    if a.estimand.is_some() && !matches!(m, Method::Ipw | Method::Aipw | Method::Psm) {
        return Err(usage(format!("--estimand does not apply to {name}")));
    }
    if m == Method::Psm && matches!(a.estimand, Some(EstimandArg::Ate | EstimandArg::Atc)) {
        return Err(usage(
            "matching estimates the ATT; use ipw or aipw for the ATE",
        ));
    }
    if a.cluster.is_some() && !matches!(m, Method::Ancova | Method::Ipw) {
        return Err(usage(format!(
            "--cluster applies to ancova and ipw, not {name}"
        )));
    }
    if a.se.is_some() && !matches!(m, Method::Ancova | Method::Ipw) {
        return Err(usage(format!("--se applies to ancova and ipw, not {name}")));
    }
    if a.se.is_some() && a.cluster.is_some() {
        return Err(usage("--se and --cluster: choose one"));
    }
    if a.ratio == 0 {
        return Err(usage("--ratio must be at least 1"));
    }
    if a.bootstrap.is_some_and(|b| b < 2) {
        return Err(usage("--bootstrap needs at least 2 replicates"));
    }
    if !(a.ci_level > 0.0 && a.ci_level < 1.0) {
        return Err(usage(format!(
            "--ci-level must lie in (0, 1), not {}",
            a.ci_level
        )));
    }
    // The estimators own their ranges (caliper, trim, truncate); asked here so a bad value
    // is bad usage, before any data are read.
    let checked = match m {
        Method::Psm => matcher(a).check(),
        Method::Ipw => Ipw::new(estimand(a, Estimand::Ate)).limit(limit(a)).check(),
        Method::Aipw => Aipw::new(estimand(a, Estimand::Ate))
            .limit(limit(a))
            .check(),
        _ => Ok(()),
    };
    checked.map_err(|e| usage(format!("--{e}")))
}

/// Each column plays one part: the outcome, the treatment, the baseline and the covariates
/// are different columns, each named once.
fn check_columns(a: &CrossArgs) -> Result<(), CliError> {
    let mut named: Vec<(&str, &str)> = vec![("--outcome", a.outcome.as_str())];
    named.extend(a.treatment.as_deref().map(|t| ("--treatment", t)));
    named.extend(a.baseline.as_deref().map(|b| ("--baseline", b)));
    named.extend(a.covariates.iter().map(|c| ("--covariates", c.as_str())));
    for (i, (flag, col)) in named.iter().enumerate() {
        if let Some((other, _)) = named[..i].iter().find(|(_, c)| c == col) {
            return Err(usage(if other == flag {
                format!("{flag} names \"{col}\" twice")
            } else {
                format!("column \"{col}\" is named by both {other} and {flag}")
            }));
        }
    }
    Ok(())
}

struct Loaded {
    study: Study,
    frame: Frame,
    ids: Option<Vec<String>>,
}

fn load(a: &CrossArgs) -> Result<Loaded, CliError> {
    let (table, guard_notes) = a.common.read_guarded(&a.data)?;
    let mut wanted: Vec<Wanted> = vec![Wanted {
        name: &a.outcome,
        role: Role::Number,
    }];
    if let Some(t) = &a.treatment {
        wanted.push(Wanted {
            name: t,
            role: Role::Indicator,
        });
    }
    if let Some(b) = &a.baseline {
        wanted.push(Wanted {
            name: b,
            role: Role::Number,
        });
    }
    for c in &a.covariates {
        wanted.push(Wanted {
            name: c,
            role: Role::Number,
        });
    }
    // Clusters, exact strata and ids are labels; a column already read as a number (exact
    // matching on a covariate, as MatchIt's `exact = ~x3` beside `x3` in the model) keeps
    // that reading and gives its values as labels (see `labels`).
    let numbers = wanted.len();
    let label_cols = a.cluster.iter().chain(&a.id).chain(&a.exact);
    for c in label_cols {
        if !wanted[..numbers].iter().any(|w| w.name == c) {
            wanted.push(Wanted {
                name: c,
                role: Role::Label,
            });
        }
    }
    // A column named twice in the same role is read once.
    let frame = data::frame(&table, &wanted)?;
    let y = frame.number(&a.outcome).expect("read").to_vec();
    let treated: Vec<bool> = match &a.treatment {
        Some(t) => frame
            .number(t)
            .expect("read")
            .iter()
            .map(|v| *v == 1.0)
            .collect(),
        None => vec![true; y.len()],
    };
    if let Some(t) = a.treatment.as_ref().filter(|_| a.method != Method::Prepost) {
        // Said here, naming the file and column, before any model meets one group only.
        let n1 = treated.iter().filter(|t| **t).count();
        if n1 == 0 || n1 == treated.len() {
            return Err(CliError::Failure(indsats::Error::analysis(format!(
                "{}: column \"{t}\" is {} in all {} rows used; the comparison needs treated (1) \
                 and comparison (0) units",
                frame.source,
                u8::from(n1 > 0),
                treated.len()
            ))));
        }
    }
    let strata: Vec<Vec<String>> = a.exact.iter().map(|e| labels(&frame, e)).collect();
    let exact = (!strata.is_empty()).then(|| {
        let mut codes: std::collections::HashMap<Vec<&str>, u32> = Default::default();
        (0..y.len())
            .map(|i| {
                let key: Vec<&str> = strata.iter().map(|s| s[i].as_str()).collect();
                let next = codes.len() as u32;
                *codes.entry(key).or_insert(next)
            })
            .collect()
    });
    let study = Study {
        outcome: a.outcome.clone(),
        y,
        treated,
        baseline: a
            .baseline
            .as_ref()
            .map(|b| (b.clone(), frame.number(b).expect("read").to_vec())),
        covariates: a
            .covariates
            .iter()
            .map(|c| (c.clone(), frame.number(c).expect("read").to_vec()))
            .collect(),
        clusters: a.cluster.as_ref().map(|c| labels(&frame, c)),
        exact,
        excluded: frame.n_excluded(),
        warnings: guard_notes
            .into_iter()
            .chain(frame.missing_warnings())
            .collect(),
        ci_level: a.ci_level,
    };
    let ids = a.id.as_ref().map(|c| labels(&frame, c));
    Ok(Loaded { study, frame, ids })
}

/// A column read by `load` as labels: a label column as it is, a number column's values as
/// text (equal numbers, equal labels).
fn labels(frame: &Frame, name: &str) -> Vec<String> {
    match frame.label(name) {
        Some(v) => v.to_vec(),
        None => frame
            .number(name)
            .expect("load reads every named column")
            .iter()
            .map(f64::to_string)
            .collect(),
    }
}

fn limit(a: &CrossArgs) -> WeightLimit {
    match (a.trim, a.truncate) {
        (Some(alpha), _) => WeightLimit::Trim { alpha },
        (_, Some(quantile)) => WeightLimit::Truncate { quantile },
        _ => WeightLimit::None,
    }
}

fn estimand(a: &CrossArgs, default: Estimand) -> Estimand {
    match a.estimand {
        Some(EstimandArg::Ate) => Estimand::Ate,
        Some(EstimandArg::Att) => Estimand::Att,
        Some(EstimandArg::Atc) => Estimand::Atc,
        None => default,
    }
}

fn matcher(a: &CrossArgs) -> NearestNeighbour {
    NearestNeighbour::default()
        .ratio(a.ratio)
        .caliper(a.caliper)
        .replace(a.replace)
        .order(match a.order {
            OrderArg::Largest => MatchOrder::Largest,
            OrderArg::Smallest => MatchOrder::Smallest,
            OrderArg::Data => MatchOrder::Data,
            OrderArg::Random => MatchOrder::Random,
        })
        .seed(a.seed)
}

/// Runs the design once on a study (also each bootstrap resample).
fn run_design(a: &CrossArgs, study: &Study) -> indsats::Result<EffectEstimate> {
    match a.method {
        Method::Prepost => study.prepost(),
        Method::Ancova => study.ancova(a.se.map_or(Covariance::Classical, Into::into)),
        Method::Risk => study.risk(),
        Method::Psm => Ok(study.psm(&matcher(a))?.estimate),
        Method::Ipw => study
            .ipw(
                estimand(a, Estimand::Ate),
                a.stabilise,
                limit(a),
                a.se.map_or(Covariance::Hc0, Into::into),
            )
            .map(|(e, _)| e),
        Method::Aipw => study.aipw(estimand(a, Estimand::Ate), limit(a)),
    }
}

/// Runs a cross-sectional design.
fn run_cross(a: CrossArgs) -> Result<(), CliError> {
    check_flags(&a)?;
    let loaded = load(&a)?;
    let study = &loaded.study;
    let mut est = if a.method == Method::Psm {
        let m = study.psm(&matcher(&a))?;
        if let Some(path) = &a.matches {
            let text = m.pairs_csv(&loaded.frame.file_rows, loaded.ids.as_deref());
            Output::new(Some(path)).write(&text)?;
        }
        m.estimate
    } else {
        run_design(&a, study)?
    };
    if let Some(b) = a.bootstrap {
        let boot = Bootstrap::new(b)
            .seed(a.seed)
            .ci_level(a.ci_level)
            .progress(true);
        let result = if a.method == Method::Prepost {
            // one group: resample rows as they are
            boot.run(study.y.len(), None, est.estimate, |rows| {
                study.subset(rows).prepost().map(|e| e.estimate)
            })?
        } else {
            study.bootstrap(&boot, est.estimate, |s| {
                run_design(&a, s).map(|e| e.estimate)
            })?
        };
        if result.failed > 0 {
            est.warnings.push(format!(
                "{} of {} bootstrap replicates could not be computed and were left out",
                result.failed, result.replicates
            ));
        }
        est.bootstrap = Some(result);
    }
    let text = match a.common.format {
        Format::Json => json(&est)?,
        Format::Csv => to_csv(&est),
        Format::Table => to_table(&est, a.common.lang.into()),
    };
    Output::new(a.common.out.as_deref()).write(&text)
}

fn to_csv(e: &EffectEstimate) -> String {
    let mut s = String::from(
        "method,estimand,outcome,estimate,std_error,ci_low,ci_high,ci_level,p_value,treated,control,used_treated,used_control,excluded\n",
    );
    let _ = writeln!(
        s,
        "{},{},{},{},{},{},{},{},{},{},{},{},{},{}",
        e.method,
        super::output::csv_field(&e.estimand),
        super::output::csv_field(&e.outcome),
        csv_number(Some(e.estimate)),
        csv_number(e.std_error),
        csv_number(e.ci.map(|c| c[0])),
        csv_number(e.ci.map(|c| c[1])),
        e.ci_level,
        csv_number(e.p_value),
        e.n.treated,
        e.n.control,
        e.n.used_treated,
        e.n.used_control,
        e.n.excluded
    );
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

/// The table lines of a randomization test (staggered DiD, event study).
pub(super) fn randomization_lines(
    ri: &indsats::effects::RandomizationInference,
    lang: Lang,
) -> String {
    let da = lang == Lang::Da;
    let mut s = String::new();
    let deals = if ri.exhaustive {
        if da {
            format!("alle {} fordelinger af startårene", ri.permutations)
        } else {
            format!("all {} deals of the start dates", ri.permutations)
        }
    } else if da {
        format!(
            "{} af {:.0} mulige fordelinger af startårene, seed {}",
            ri.permutations, ri.assignments, ri.seed
        )
    } else {
        format!(
            "{} of {:.0} possible deals of the start dates, seed {}",
            ri.permutations, ri.assignments, ri.seed
        )
    };
    let _ = writeln!(
        s,
        "  {:<34}p = {} ({deals})",
        if da {
            "randomiseringstest, effekt"
        } else {
            "randomization test, effect"
        },
        p_text(Some(ri.p_value), lang)
    );
    if let Some(p) = ri.pretrend_p_value {
        let _ = writeln!(
            s,
            "  {:<34}p = {}",
            if da {
                "randomiseringstest, før start"
            } else {
                "randomization test, pre-trend"
            },
            p_text(Some(p), lang)
        );
    }
    s
}

fn p_text(p: Option<f64>, lang: Lang) -> String {
    match p {
        None => "–".into(),
        Some(p) if p < 0.001 => match lang {
            Lang::Da => "< 0,001".into(),
            Lang::En => "< 0.001".into(),
        },
        Some(p) => dec(p, 3, lang),
    }
}

fn to_table(e: &EffectEstimate, lang: Lang) -> String {
    let da = lang == Lang::Da;
    let mut s = String::new();
    let level = dec(e.ci_level * 100.0, 0, lang);
    let ci = e.ci.map_or("–".to_string(), |c| {
        format!(
            "{} {} {}",
            dec(c[0], 3, lang),
            if da { "til" } else { "to" },
            dec(c[1], 3, lang)
        )
    });
    let _ = writeln!(
        s,
        "{} ({}, {}): {}",
        if da { "Effekt" } else { "Effect" },
        e.method,
        e.estimand,
        e.outcome
    );
    let _ = writeln!(
        s,
        "  {:<22}{}",
        if da { "estimat" } else { "estimate" },
        dec(e.estimate, 3, lang)
    );
    let _ = writeln!(
        s,
        "  {:<22}{}  ({})",
        if da { "standardfejl" } else { "standard error" },
        e.std_error.map_or("–".into(), |v| dec(v, 3, lang)),
        e.std_error_method
    );
    let _ = writeln!(
        s,
        "  {:<22}{ci}",
        format!("{level} %-{}", if da { "KI" } else { "CI" })
    );
    let _ = writeln!(s, "  {:<22}{}", "p", p_text(e.p_value, lang));
    if let Some(b) = &e.bootstrap {
        let _ = writeln!(
            s,
            "  {:<22}{} {} {} ({} {}, seed {})",
            if da { "bootstrap-KI" } else { "bootstrap CI" },
            dec(b.percentile_ci[0], 3, lang),
            if da { "til" } else { "to" },
            dec(b.percentile_ci[1], 3, lang),
            b.replicates - b.failed,
            if da { "gentagelser" } else { "replicates" },
            b.seed
        );
    }
    let _ = writeln!(
        s,
        "  {:<22}{} / {}  ({} {})",
        if da {
            "brugt (beh./sml.)"
        } else {
            "used (treat./comp.)"
        },
        e.n.used_treated,
        e.n.used_control,
        e.n.excluded,
        if da { "udeladt" } else { "left out" }
    );
    if !e.balance.is_empty() {
        let _ = writeln!(
            s,
            "\n  {:<20}{:>12}{:>12}",
            "balance (SMD)",
            if da { "før" } else { "before" },
            if da { "efter" } else { "after" }
        );
        for b in &e.balance {
            let f = |v: Option<f64>| v.map_or("–".into(), |v| dec(v, 3, lang));
            let _ = writeln!(
                s,
                "  {:<20}{:>12}{:>12}",
                b.covariate,
                f(b.smd_before),
                f(b.smd_after)
            );
        }
    }
    for w in &e.warnings {
        let _ = writeln!(s, "{}: {w}", if da { "advarsel" } else { "warning" });
    }
    s
}
