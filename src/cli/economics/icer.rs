//! `indsats economics icer`: the incremental cost-effectiveness ratio, the acceptability
//! curve and the net monetary benefit.

use super::cost_per_outcome::{csv_uncertain, distinct, num, read_frame, with_ci, Counts};
use crate::cli::output::{csv_number, json, Format, Output};
use crate::cli::CliError;
use indsats::economics::{Icer, IcerFit, Quadrant};
use indsats::Lang;
use serde::Serialize;
use std::fmt::Write as _;
use std::path::PathBuf;

/// The incremental cost-effectiveness ratio (ICER) of a programme against a comparison
/// group, with the acceptability curve and the net monetary benefit.
///
/// One row per person: the arm (1 = programme, 0 = comparison; ja/nej also read), the cost
/// (kr.) and the effect (an outcome achieved 1/0, or a score). ΔC and ΔE are the
/// differences in mean cost and mean effect, programme minus comparison; the ICER = ΔC/ΔE
/// is the extra cost per extra unit of effect. The bootstrap resamples persons within each
/// arm (--bootstrap replicates, --seed); each replicate (ΔE*, ΔC*) is a point on the
/// cost-effectiveness plane (--plane writes them). For each willingness to pay λ (kr. per
/// unit of effect) the acceptability curve gives the share of replicates where the
/// programme is worth its cost (λΔE* − ΔC* > 0) and the net monetary benefit λΔE − ΔC with
/// its interval. Without --wtp or --wtp-max the grid runs from 0 to twice the ICER in 20
/// steps, rounded up to a round number (0 alone when the ICER is not positive). When ΔE's interval includes 0, the
/// ICER's interval means nothing: the warnings say so, and the acceptability curve is the
/// figure to read. Fieller's interval is given when it is bounded. With --covariates, ΔC and
/// ΔE are the programme's coefficients in least-squares regressions of cost and effect on
/// the programme and the covariates.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:\n  \
indsats economics icer --data persons.csv --treatment programme --cost cost --effect in_work\n  \
indsats economics icer --data persons.csv --treatment programme --cost cost --effect in_work --wtp 0,50000,100000,200000 --format json\n  \
indsats economics icer --data persons.csv --treatment programme --cost cost --effect in_work --covariates age,baseline\n  \
indsats economics icer --data persons.csv --treatment programme --cost cost --effect in_work --wtp-max 300000 --wtp-steps 30 --bootstrap 5000 --plane plane.csv --charts charts")]
pub struct IcerArgs {
    /// The persons (CSV, Parquet or FILE.xlsx[:Sheet]), one row per person
    #[arg(long)]
    data: String,
    /// The arm column: 1 = programme, 0 = comparison (ja/nej also read)
    #[arg(long, value_name = "COL")]
    treatment: String,
    /// The cost column (kr. per person)
    #[arg(long, value_name = "COL")]
    cost: String,
    /// The effect column (1/0 outcome achieved, or a score)
    #[arg(long, value_name = "COL")]
    effect: String,
    /// Adjust ΔC and ΔE for these numeric columns (least squares, refitted in each
    /// replicate)
    #[arg(long, value_delimiter = ',', value_name = "A,B")]
    covariates: Vec<String>,
    /// Willingness to pay per unit of effect, kr. (comma-separated)
    #[arg(
        long,
        value_delimiter = ',',
        value_name = "L1,L2,...",
        conflicts_with = "wtp_max"
    )]
    wtp: Vec<f64>,
    /// The largest willingness to pay of an even grid from 0
    #[arg(long, value_name = "X")]
    wtp_max: Option<f64>,
    /// Steps of the grid up to --wtp-max
    #[arg(long, value_name = "N", default_value_t = 20, requires = "wtp_max")]
    wtp_steps: usize,
    /// Bootstrap replicates
    #[arg(long, value_name = "B", default_value_t = 2000)]
    bootstrap: usize,
    /// Seed for the bootstrap
    #[arg(long, value_name = "S", default_value_t = 1)]
    seed: u64,
    /// Confidence level
    #[arg(long, default_value_t = 0.95)]
    ci_level: f64,
    /// Write the replicates (ΔE*, ΔC*) of the cost-effectiveness plane here (CSV)
    #[arg(long, value_name = "FILE.csv")]
    plane: Option<PathBuf>,
    /// Draw the cost-effectiveness plane and the acceptability curve into this folder
    /// (ce_plane.svg, acceptability.svg)
    #[arg(long, value_name = "DIR")]
    charts: Option<PathBuf>,
    #[command(flatten)]
    common: crate::cli::output::Common,
}

#[derive(Debug, Serialize)]
struct IcerCounts {
    #[serde(flatten)]
    rows: Counts,
    programme: usize,
    comparison: usize,
}

#[derive(Debug, Serialize)]
struct Report<'a> {
    #[serde(flatten)]
    fit: &'a IcerFit,
    n: IcerCounts,
}

const STEPS: usize = 20;

pub(super) fn run(a: IcerArgs) -> Result<(), CliError> {
    if a.wtp_steps == 0 {
        return Err(CliError::Usage("--wtp-steps must be at least 1".into()));
    }
    if let Some(m) = a.wtp_max.filter(|m| !(m.is_finite() && *m > 0.0)) {
        return Err(CliError::Usage(format!(
            "--wtp-max must be a positive number, not {m}"
        )));
    }
    let grid = match a.wtp_max {
        Some(m) => Some(Icer::wtp_grid(m, a.wtp_steps)),
        None if !a.wtp.is_empty() => Some(a.wtp.clone()),
        None => None,
    };
    let params = Icer::new()
        .replicates(a.bootstrap)
        .seed(a.seed)
        .ci_level(a.ci_level)
        .wtp(grid.clone().unwrap_or_else(|| vec![0.0]));
    params
        .check()
        .map_err(|e| CliError::Usage(format!("--{e}")))?;
    let mut named = vec![
        ("--treatment", a.treatment.as_str()),
        ("--cost", a.cost.as_str()),
        ("--effect", a.effect.as_str()),
    ];
    named.extend(a.covariates.iter().map(|c| ("--covariates", c.as_str())));
    distinct(&named)?;
    let (table, guard_notes) = a.common.read_guarded(&a.data)?;
    let mut numbers: Vec<&str> = vec![&a.cost];
    numbers.extend(a.covariates.iter().map(String::as_str));
    let frame = read_frame(&table, &numbers, &a.effect, &[&a.treatment], &[])?;
    let programme: Vec<bool> = frame
        .number(&a.treatment)
        .expect("read")
        .iter()
        .map(|t| *t == 1.0)
        .collect();
    let n1 = programme.iter().filter(|t| **t).count();
    let n0 = programme.len() - n1;
    if n1 < 2 || n0 < 2 {
        return Err(CliError::Failure(indsats::Error::analysis(format!(
            "{}: column \"{}\" has {n1} programme (1) and {n0} comparison (0) rows with a cost and an effect; the ICER needs at least 2 in each",
            frame.source, a.treatment
        ))));
    }
    let cost = frame.number(&a.cost).expect("read");
    let effect = frame.number(&a.effect).expect("read");
    let covariates: Vec<(&str, Vec<f64>)> = a
        .covariates
        .iter()
        .map(|c| (c.as_str(), frame.number(c).expect("read").to_vec()))
        .collect();
    let params = match grid {
        Some(_) => params,
        None => {
            // The default grid: 0 to twice the point ICER (the point estimate needs no
            // replicates worth the name).
            let point = Icer::new().replicates(2).bca(false).fit_adjusted(
                &programme,
                cost,
                effect,
                &covariates,
            )?;
            let g = match (point.icer.estimate, point.quadrant) {
                (Some(r), Quadrant::NorthEast) => Icer::wtp_grid(nice_ceiling(2.0 * r), STEPS),
                _ => vec![0.0],
            };
            params.wtp(g)
        }
    };
    let mut fit = params.fit_adjusted(&programme, cost, effect, &covariates)?;
    let mut warnings = guard_notes;
    warnings.extend(frame.missing_warnings());
    warnings.append(&mut fit.warnings);
    fit.warnings = warnings;
    if let Some(path) = &a.plane {
        Output::new(Some(path)).write(&plane_csv(&fit))?;
    }
    let lang: Lang = a.common.lang.into();
    if let Some(dir) = &a.charts {
        let unit = if lang == Lang::Da {
            "effektenhed"
        } else {
            "unit of effect"
        };
        let [plane, ceac] = indsats::report::charts_economics::icer_charts(&fit, unit, lang)?;
        Output::new(Some(&dir.join("ce_plane.svg"))).write(&plane)?;
        Output::new(Some(&dir.join("acceptability.svg"))).write(&ceac)?;
    }
    let text = match a.common.format {
        Format::Json => json(&Report {
            fit: &fit,
            n: IcerCounts {
                rows: Counts::of(&frame),
                programme: n1,
                comparison: n0,
            },
        })?,
        Format::Csv => to_csv(&fit),
        Format::Table => to_table(&fit, &Counts::of(&frame), lang),
    };
    Output::new(a.common.out.as_deref()).write(&text)
}

/// The smallest of 1, 2, 2.5, 5 times a power of ten at or above `x` (> 0), so the default
/// grid runs in round steps.
fn nice_ceiling(x: f64) -> f64 {
    let m = 10f64.powf(x.log10().floor());
    [1.0, 2.0, 2.5, 5.0, 10.0]
        .iter()
        .map(|f| f * m)
        .find(|v| *v >= x)
        .unwrap_or(10.0 * m)
}

fn quadrant_name(q: Quadrant) -> &'static str {
    match q {
        Quadrant::NorthEast => "north_east",
        Quadrant::NorthWest => "north_west",
        Quadrant::SouthEast => "south_east",
        Quadrant::SouthWest => "south_west",
        Quadrant::OnAxis => "on_axis",
    }
}

/// The plane: one row per replicate that could be computed.
fn plane_csv(f: &IcerFit) -> String {
    let mut s = String::from("replicate,delta_effect,delta_cost,quadrant\n");
    for (r, p) in f.plane.iter().enumerate() {
        let _ = writeln!(
            s,
            "{},{},{},{}",
            r + 1,
            csv_number(Some(p.delta_effect)),
            csv_number(Some(p.delta_cost)),
            quadrant_name(Quadrant::of(p.delta_effect, p.delta_cost))
        );
    }
    s
}

/// One row per quantity: ΔC, ΔE, the ICER, then the net monetary benefit per λ with the
/// acceptability curve's height.
fn to_csv(f: &IcerFit) -> String {
    let mut s = String::from(
        "quantity,wtp,estimate,std_error,ci_lower,ci_upper,bca_lower,bca_upper,undefined_replicates,probability_cost_effective\n",
    );
    for (q, u) in [
        ("delta_cost", &f.delta_cost),
        ("delta_effect", &f.delta_effect),
        ("icer", &f.icer),
    ] {
        let _ = writeln!(s, "{q},,{},", csv_uncertain(u));
    }
    for w in &f.acceptability {
        let _ = writeln!(
            s,
            "nmb,{},{},{}",
            csv_number(Some(w.wtp)),
            csv_uncertain(&w.nmb),
            csv_number(Some(w.probability_cost_effective))
        );
    }
    s
}

fn to_table(f: &IcerFit, n: &Counts, lang: Lang) -> String {
    let da = lang == Lang::Da;
    let level = num(Some(f.ci_level * 100.0), 0, lang);
    let mut s = String::new();
    let t = |d: &'static str, e: &'static str| if da { d } else { e };
    let _ = writeln!(
        s,
        "{:<44}{:>16}{:>16}",
        "",
        t("Programmet", "Programme"),
        t("Sammenligning", "Comparison")
    );
    let _ = writeln!(
        s,
        "{:<44}{:>16}{:>16}",
        t("Personer", "Persons"),
        f.n_programme,
        f.n_comparison
    );
    let _ = writeln!(
        s,
        "{:<44}{:>16}{:>16}",
        t("Gns. udgift pr. person, kr.", "Mean cost per person, kr."),
        num(Some(f.mean_cost[0]), 0, lang),
        num(Some(f.mean_cost[1]), 0, lang)
    );
    let _ = writeln!(
        s,
        "{:<44}{:>16}{:>16}\n",
        t("Gns. effekt pr. person", "Mean effect per person"),
        num(Some(f.mean_effect[0]), 3, lang),
        num(Some(f.mean_effect[1]), 3, lang)
    );
    let ci_head = if da {
        format!("({level} %-interval)")
    } else {
        format!("({level}% interval)")
    };
    if !f.adjusted_for.is_empty() {
        let _ = writeln!(
            s,
            "{} {}\n",
            t(
                "ΔC og ΔE er justeret (mindste kvadraters metode) for:",
                "ΔC and ΔE are adjusted (least squares) for:"
            ),
            f.adjusted_for.join(", ")
        );
    }
    let _ = writeln!(s, "{:<44}{ci_head}", "");
    let _ = writeln!(
        s,
        "{:<44}{}",
        t(
            "Merudgift pr. person (ΔC), kr.",
            "Extra cost per person (ΔC), kr."
        ),
        with_ci(&f.delta_cost, 0, lang)
    );
    let _ = writeln!(
        s,
        "{:<44}{}",
        t("Mereffekt pr. person (ΔE)", "Extra effect per person (ΔE)"),
        with_ci(&f.delta_effect, 3, lang)
    );
    let _ = writeln!(
        s,
        "{:<44}{}",
        t(
            "Kr. pr. ekstra effektenhed (ICER)",
            "Kr. per extra unit of effect (ICER)"
        ),
        with_ci(&f.icer, 0, lang)
    );
    if let Some([lo, hi]) = f.fieller_ci {
        let _ = writeln!(
            s,
            "{:<44}{} – {}",
            t("  Fiellers interval", "  Fieller's interval"),
            num(Some(lo), 0, lang),
            num(Some(hi), 0, lang)
        );
    }
    let m = f.plane.len().max(1) as f64;
    let pct = |k: usize| format!("{} %", num(Some(100.0 * k as f64 / m), 1, lang));
    let q = &f.quadrants;
    let _ = writeln!(
        s,
        "\n{}",
        t(
            "Genudtræk på omkostningseffektivitetsplanet:",
            "Replicates on the cost-effectiveness plane:"
        )
    );
    for (label, k) in [
        (
            t("  mere effekt, dyrere", "  more effect, costs more"),
            q.north_east,
        ),
        (
            t(
                "  mere effekt, billigere (dominerer)",
                "  more effect, costs less (dominant)",
            ),
            q.south_east,
        ),
        (
            t(
                "  mindre effekt, dyrere (domineret)",
                "  less effect, costs more (dominated)",
            ),
            q.north_west,
        ),
        (
            t("  mindre effekt, billigere", "  less effect, costs less"),
            q.south_west,
        ),
    ] {
        let _ = writeln!(s, "{label:<44}{:>10}", pct(k));
    }
    let _ = writeln!(
        s,
        "\n{:>18}{:>24}  {}",
        t("Betalingsvilje, kr.", "Willingness to pay, kr."),
        t("Sandsynlighed for at", "Probability worth"),
        t(
            "Nettogevinst pr. person, kr.",
            "Net monetary benefit per person, kr."
        )
    );
    let _ = writeln!(
        s,
        "{:>18}{:>24}",
        "",
        t("pengene er givet godt ud", "the cost")
    );
    for w in &f.acceptability {
        let _ = writeln!(
            s,
            "{:>18}{:>24}  {}",
            num(Some(w.wtp), 0, lang),
            format!(
                "{} %",
                num(Some(100.0 * w.probability_cost_effective), 1, lang)
            ),
            with_ci(&w.nmb, 0, lang)
        );
    }
    let _ = writeln!(
        s,
        "\n{}",
        if da {
            format!(
                "{level} %-percentilintervaller fra {} bootstrap-genudtræk inden for hver gruppe (seed {}). Rækker læst: {}, brugt: {}, udeladt: {}.",
                f.replicates, f.seed, n.rows_read, n.rows_used, n.excluded
            )
        } else {
            format!(
                "{level}% percentile intervals from {} bootstrap resamples within each arm (seed {}). Rows read: {}, used: {}, left out: {}.",
                f.replicates, f.seed, n.rows_read, n.rows_used, n.excluded
            )
        }
    );
    for w in &f.warnings {
        let _ = writeln!(s, "{}: {w}", t("Advarsel", "Warning"));
    }
    s
}
