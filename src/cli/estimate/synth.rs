//! `indsats estimate synth`: synthetic control for one treated unit (our municipality)
//! against a weighted average of the others, with placebos in space for a p-value.

use crate::cli::output::{csv_number, json, Format, Output};
use crate::cli::CliError;
use indsats::data::{self, Role, Wanted};
use indsats::effects::{Predictor, SynthFit, SynthPanel, SyntheticControl, VWeights};
use indsats::Lang;
use std::fmt::Write as _;

/// Synthetic control (Abadie, Diamond & Hainmueller 2010; as R's Synth and pysyncon).
#[derive(Debug, clap::Args)]
#[command(
    after_help = "The data: one row per unit and period (a balanced panel).\n\
Predictors: the outcome in each pre-treatment period (or averaged over the groups of\n\
--predictor-periods), and the --predictors columns averaged over --covariate-periods\n\
(default: every pre-treatment period). V is optimised to fit the pre-treatment outcome\n\
unless --v equal. --placebos runs every donor as if treated; p_value is the rank of the\n\
treated unit's post/pre RMSPE ratio among all units.\n\n\
Examples:\n  \
indsats estimate synth --data municipality_panel.csv --unit municipality --time year \\\n    \
--outcome spending_per_child --treated-unit synthby --treatment-time 2018 --placebos\n  \
indsats estimate synth --data panel.csv --unit unit --time year --outcome y --treated-unit muni_01 \\\n    \
--treatment-time 2010 --predictors x1,x2 --predictor-periods 2000-2002,2003-2005,2006-2009 --format json"
)]
pub struct Args {
    /// The panel (CSV, Parquet or FILE.xlsx[:Sheet]), one row per unit and period
    #[arg(long)]
    data: String,
    /// The unit column (e.g. municipality)
    #[arg(long, value_name = "COL")]
    unit: String,
    /// The period column (whole numbers, e.g. year)
    #[arg(long, value_name = "COL")]
    time: String,
    /// The outcome column
    #[arg(long, value_name = "COL")]
    outcome: String,
    /// The treated unit, as written in the unit column
    #[arg(long, value_name = "NAME")]
    treated_unit: String,
    /// The first treated period
    #[arg(long, value_name = "T")]
    treatment_time: i64,
    /// Covariate columns, each averaged over --covariate-periods
    #[arg(long, value_delimiter = ',', value_name = "A,B")]
    predictors: Vec<String>,
    /// Periods the covariates are averaged over (e.g. 2005-2009; default all before T)
    #[arg(long, value_name = "A-B")]
    covariate_periods: Option<String>,
    /// Outcome predictors: the outcome averaged over each group (e.g. 2010-2012,2013-2015,2016);
    /// default: the outcome in each pre-treatment period
    #[arg(long, value_delimiter = ',', value_name = "A-B,C-D")]
    predictor_periods: Vec<String>,
    /// How the predictors are weighted
    #[arg(long, value_enum, default_value = "optimised")]
    v: VArg,
    /// Run each donor as if treated (placebos in space) for a rank p-value
    #[arg(long)]
    placebos: bool,
    /// Leave placebos with a pre-treatment RMSPE above K times the treated unit's out of the
    /// p-value
    #[arg(long, value_name = "K", requires = "placebos")]
    placebo_cutoff: Option<f64>,
    #[command(flatten)]
    common: crate::cli::output::Common,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum VArg {
    Equal,
    #[value(alias = "optimized")]
    Optimised,
}

fn usage(m: impl Into<String>) -> CliError {
    CliError::Usage(m.into())
}

/// `2005-2009` → 2005..=2009; `2005` → [2005].
fn periods(flag: &str, s: &str) -> Result<Vec<i64>, CliError> {
    let bad = || {
        usage(format!(
            "{flag}: \"{s}\" is not a period or a range A-B of periods"
        ))
    };
    let s = s.trim();
    let (a, b) = match s.get(1..).and_then(|rest| rest.find('-')).map(|i| i + 1) {
        Some(i) => (&s[..i], &s[i + 1..]),
        None => (s, s),
    };
    let a: i64 = a.trim().parse().map_err(|_| bad())?;
    let b: i64 = b.trim().parse().map_err(|_| bad())?;
    if b < a {
        return Err(usage(format!("{flag}: the range \"{s}\" runs backwards")));
    }
    Ok((a..=b).collect())
}

/// Runs the subcommand.
pub fn run(a: Args) -> Result<(), CliError> {
    let mut named = vec![
        ("--unit", &a.unit),
        ("--time", &a.time),
        ("--outcome", &a.outcome),
    ];
    named.extend(a.predictors.iter().map(|p| ("--predictors", p)));
    for (i, (flag, col)) in named.iter().enumerate() {
        if let Some((other, _)) = named[..i].iter().find(|(_, c)| c == col) {
            return Err(usage(format!(
                "column \"{col}\" is named by both {other} and {flag}"
            )));
        }
    }
    if a.covariate_periods.is_some() && a.predictors.is_empty() {
        return Err(usage("--covariate-periods needs --predictors"));
    }
    let cov_periods = a
        .covariate_periods
        .as_deref()
        .map(|s| periods("--covariate-periods", s))
        .transpose()?;
    let groups: Vec<Vec<i64>> = a
        .predictor_periods
        .iter()
        .map(|s| periods("--predictor-periods", s))
        .collect::<Result<_, _>>()?;
    let spec = SyntheticControl::new(a.outcome.clone(), a.treated_unit.clone(), a.treatment_time)
        .v(match a.v {
            VArg::Equal => VWeights::Equal,
            VArg::Optimised => VWeights::Optimised,
        })
        .placebos(a.placebos)
        .placebo_cutoff(a.placebo_cutoff);
    spec.check().map_err(|e| usage(format!("--{e}")))?;

    let (table, guard_notes) = a.common.read_guarded(&a.data)?;
    let mut wanted = vec![
        Wanted {
            name: &a.unit,
            role: Role::Label,
        },
        Wanted {
            name: &a.time,
            role: Role::Number,
        },
        Wanted {
            name: &a.outcome,
            role: Role::Number,
        },
    ];
    wanted.extend(a.predictors.iter().map(|p| Wanted {
        name: p,
        role: Role::Number,
    }));
    let frame = data::frame(&table, &wanted)?;
    let units = frame.label(&a.unit).expect("read").to_vec();
    let mut time = Vec::with_capacity(units.len());
    for (r, t) in frame.number(&a.time).expect("read").iter().enumerate() {
        if t.fract() != 0.0 || t.abs() > 1e15 {
            return Err(CliError::Failure(indsats::Error::format(
                &frame.source,
                format!(
                    "row {}, column \"{}\": {t} is not a whole-number period",
                    frame.file_rows[r], a.time
                ),
            )));
        }
        time.push(*t as i64);
    }
    let mut columns = vec![(
        a.outcome.clone(),
        frame.number(&a.outcome).expect("read").to_vec(),
    )];
    for p in &a.predictors {
        columns.push((p.clone(), frame.number(p).expect("read").to_vec()));
    }
    let panel = SynthPanel::from_long(&units, &time, columns).map_err(|e| {
        if frame.n_excluded() > 0 {
            CliError::Failure(indsats::Error::analysis(format!(
                "{}: {e} ({} rows with an empty cell were left out first)",
                frame.source,
                frame.n_excluded()
            )))
        } else {
            CliError::Failure(indsats::Error::analysis(format!("{}: {e}", frame.source)))
        }
    })?;
    let pre: Vec<i64> = panel
        .times()
        .iter()
        .copied()
        .filter(|t| *t < a.treatment_time)
        .collect();
    let mut predictors: Vec<Predictor> = a
        .predictors
        .iter()
        .map(|p| {
            Predictor::mean(
                p.clone(),
                cov_periods.clone().unwrap_or_else(|| pre.clone()),
            )
        })
        .collect();
    if groups.is_empty() {
        predictors.extend(pre.iter().map(|t| Predictor::mean(a.outcome.clone(), [*t])));
    } else {
        predictors.extend(
            groups
                .into_iter()
                .map(|g| Predictor::mean(a.outcome.clone(), g)),
        );
    }
    let spec = spec.predictors(predictors);
    let mut fit = spec.fit(&panel)?;
    fit.n.excluded = frame.n_excluded();
    let mut warnings: Vec<String> = guard_notes
        .into_iter()
        .chain(frame.missing_warnings())
        .collect();
    warnings.append(&mut fit.warnings);
    fit.warnings = warnings;
    let text = match a.common.format {
        Format::Json => json(&fit)?,
        Format::Csv => to_csv(&fit),
        Format::Table => to_table(&fit, a.common.lang.into()),
    };
    Output::new(a.common.out.as_deref()).write(&text)
}

/// The path, one row per period.
fn to_csv(f: &SynthFit) -> String {
    let mut s = String::from("time,treated,synthetic,gap,post\n");
    for p in &f.path {
        let _ = writeln!(
            s,
            "{},{},{},{},{}",
            p.time,
            csv_number(Some(p.treated)),
            csv_number(Some(p.synthetic)),
            csv_number(Some(p.gap)),
            u8::from(p.time >= f.treatment_time)
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

fn to_table(f: &SynthFit, lang: Lang) -> String {
    let da = lang == Lang::Da;
    let t = |d: &'static str, e: &'static str| if da { d } else { e };
    let mut s = String::new();
    let _ = writeln!(
        s,
        "{} ({}): {} {} {} {}",
        t("Syntetisk kontrol", "Synthetic control"),
        f.outcome,
        f.treated_unit,
        t("fra", "from"),
        f.treatment_time,
        t("og frem", "on")
    );
    let _ = writeln!(
        s,
        "  {:<34}{}",
        t("effekt (gns. forskel efter)", "effect (mean gap after)"),
        dec(f.estimate, 3, lang)
    );
    let p = match f.p_value {
        Some(p) => dec(p, 3, lang),
        None => t("– (kør med --placebos)", "– (run with --placebos)").into(),
    };
    let _ = writeln!(s, "  {:<34}{p}", t("p (placebo-rang)", "p (placebo rank)"));
    let _ = writeln!(
        s,
        "  {:<34}{} / {}  ({} {})",
        t("RMSPE (før / efter)", "RMSPE (pre / post)"),
        dec(f.rmspe.pre, 3, lang),
        dec(f.rmspe.post, 3, lang),
        t("forhold", "ratio"),
        f.rmspe.ratio.map_or("–".into(), |r| dec(r, 2, lang))
    );
    let _ = writeln!(
        s,
        "  {:<34}{} {} / {} {}",
        t("perioder", "periods"),
        f.n.pre_periods,
        t("før", "before"),
        f.n.post_periods,
        t("efter", "after")
    );
    let _ = writeln!(
        s,
        "  {:<34}{} {} {}",
        t("donorer", "donors"),
        f.n.used_control,
        t("med vægt af", "with weight of"),
        f.n.control
    );
    let _ = writeln!(
        s,
        "\n  {:<28}{:>10}",
        t("donor", "donor"),
        t("vægt", "weight")
    );
    let mut weights: Vec<_> = f.weights.iter().filter(|w| w.weight > 0.0).collect();
    weights.sort_by(|a, b| b.weight.total_cmp(&a.weight));
    for w in weights {
        let _ = writeln!(s, "  {:<28}{:>10}", w.unit, dec(w.weight, 3, lang));
    }
    let _ = writeln!(
        s,
        "\n  {:<28}{:>12}{:>12}{:>12}{:>8}",
        t("prædiktor", "predictor"),
        t("behandlet", "treated"),
        t("syntetisk", "synthetic"),
        t("donorgns.", "donor mean"),
        "V"
    );
    for (b, v) in f.balance.iter().zip(&f.v) {
        let _ = writeln!(
            s,
            "  {:<28}{:>12}{:>12}{:>12}{:>8}",
            b.covariate,
            dec(b.treated, 2, lang),
            dec(b.synthetic, 2, lang),
            dec(b.donor_mean, 2, lang),
            dec(v.v, 3, lang)
        );
    }
    let _ = writeln!(
        s,
        "\n  {:<8}{:>14}{:>14}{:>14}",
        t("periode", "period"),
        t("behandlet", "treated"),
        t("syntetisk", "synthetic"),
        t("forskel", "gap")
    );
    for p in &f.path {
        let _ = writeln!(
            s,
            "  {:<8}{:>14}{:>14}{:>14}{}",
            p.time,
            dec(p.treated, 2, lang),
            dec(p.synthetic, 2, lang),
            dec(p.gap, 2, lang),
            if p.time == f.treatment_time {
                t("  ← indsats", "  ← treatment")
            } else {
                ""
            }
        );
    }
    if !f.placebos.is_empty() {
        let _ = writeln!(
            s,
            "\n  {:<28}{:>12}{:>12}{:>10}",
            "placebo",
            t("RMSPE før", "RMSPE pre"),
            t("RMSPE efter", "RMSPE post"),
            t("forhold", "ratio")
        );
        for p in &f.placebos {
            let _ = writeln!(
                s,
                "  {:<28}{:>12}{:>12}{:>10}{}",
                p.unit,
                dec(p.pre_rmspe, 2, lang),
                dec(p.post_rmspe, 2, lang),
                p.ratio.map_or("–".into(), |r| dec(r, 2, lang)),
                if p.included {
                    ""
                } else {
                    t("  (udeladt)", "  (left out)")
                }
            );
        }
    }
    for w in &f.warnings {
        let _ = writeln!(s, "{}: {w}", t("advarsel", "warning"));
    }
    s
}
