//! `indsats economics cost-effect`: the programme's effect on cost per child-year.

use crate::cli::output::{json, Format, Output};
use crate::cli::CliError;
use indsats::economics::{
    CostDesign, CostEffect, CostEffectFit, CostEffectSpec, CostParams, PriceIndex, Prices, Refunds,
    UnknownMeasures,
};
use indsats::plan::Plan;
use indsats::Lang;
use std::fmt::Write as _;
use std::path::PathBuf;

/// The programme's effect on cost per child-year, and its own cost per child-year.
///
/// Participants (the plan's [intervention] participant_column, from [effect]
/// participant_start_column) are followed from their start to the cut-off (or
/// --end-column, a persons date column with the day they left); children in the other
/// districts get a start drawn from the participants' starts and are weighted by the
/// propensity score (ATT weights, the plan's [effect] covariates). The estimate is the
/// measure-cost effect per child-year (negative: the programme saves), with a bootstrap
/// SE and percentile interval; total_effect adds the programme's own account; years gives
/// programme spending and participant-years per year for the business case.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:\n  \
indsats economics cost-effect --example --format json\n  \
indsats economics cost-effect --plan plan.toml --account tidlig_indsats --replicates 500\n  \
indsats economics cost-effect --plan plan.toml --covariates 'logit(risk_score),age,female'")]
pub struct CostEffectArgs {
    /// The evaluation plan
    #[arg(long, required_unless_present = "example", conflicts_with = "example")]
    plan: Option<PathBuf>,
    /// Use the bundled example municipality and plan
    #[arg(long)]
    example: bool,
    /// The ledger account of the programme's own cost
    #[arg(long, default_value = "tidlig_indsats")]
    account: String,
    /// Propensity covariates instead of the plan's [effect] covariates: persons columns,
    /// logit(COLUMN), age, female (comma-separated)
    #[arg(long, value_delimiter = ',', value_name = "LIST")]
    covariates: Option<Vec<String>>,
    /// A persons date column with the last day each person lived in the municipality
    #[arg(long, value_name = "COLUMN")]
    end_column: Option<String>,
    /// Weighting, or doubly robust (weighting and a regression of cost per child-year)
    #[arg(long, value_enum, default_value_t = DesignArg::Weighting)]
    design: DesignArg,
    /// Bootstrap replicates
    #[arg(long, default_value_t = 200)]
    replicates: usize,
    /// Seed of the comparison starts and the bootstrap
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// A price index by year (CSV year,index or TOML [index]) for constant prices
    #[arg(long, value_name = "FILE", requires = "base_year")]
    price_index: Option<PathBuf>,
    /// The price index's base year
    #[arg(long, value_name = "YEAR")]
    base_year: Option<i32>,
    /// Net negative amounts (refunds) against the costs instead of stopping
    #[arg(long)]
    allow_refunds: bool,
    /// Keep measures the staircase does not know under their own name
    #[arg(long)]
    keep_unknown_measures: bool,
    #[command(flatten)]
    common: crate::cli::output::Common,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum DesignArg {
    /// ATT weights from the propensity score
    Weighting,
    /// ATT weights and an outcome regression
    DoublyRobust,
}

pub(super) fn run(a: CostEffectArgs) -> Result<(), CliError> {
    let (spec, data) = if a.example {
        let plan = indsats::datasets::example_plan();
        let data = indsats::datasets::example_dataset(&plan.load_options()?)?;
        (CostEffectSpec::example(), data)
    } else {
        let path = a
            .plan
            .as_ref()
            .expect("clap requires --plan without --example");
        let plan = Plan::from_file(path)?;
        let mut opts = plan.load_options()?;
        if let Some(p) = &a.common.pseudonymise {
            opts.key = Some(indsats::data::PseudonymKey::from_file(p)?);
        }
        let data = indsats::data::load(&plan.sources(), &opts)?;
        (CostEffectSpec::from_plan(&plan, &a.account)?, data)
    };
    let mut spec = spec;
    spec.programme_account = a.account.clone();
    spec.end_column = a.end_column.clone();
    if let Some(c) = &a.covariates {
        spec.covariates = c.iter().map(|s| s.trim().to_string()).collect();
    }
    let prices = match &a.price_index {
        None => Prices::Current,
        Some(p) => Prices::Constant(PriceIndex::from_file(p, a.base_year)?),
    };
    let costs = CostParams::new()
        .prices(prices)
        .refunds(if a.allow_refunds {
            Refunds::Net
        } else {
            Refunds::Error
        })
        .unknown_measures(if a.keep_unknown_measures {
            UnknownMeasures::Keep
        } else {
            UnknownMeasures::Error
        });
    let effect = CostEffect::new(spec)
        .design(match a.design {
            DesignArg::Weighting => CostDesign::Weighting,
            DesignArg::DoublyRobust => CostDesign::DoublyRobust,
        })
        .costs(costs)
        .replicates(a.replicates)
        .seed(a.seed);
    effect
        .check()
        .map_err(|e| CliError::Usage(format!("--{e}")))?;
    let fit = effect.fit(&data)?;
    let text = match a.common.format {
        Format::Json => json(&fit)?,
        Format::Csv => to_csv(&fit),
        Format::Table => to_table(&fit, a.common.lang.into()),
    };
    Output::new(a.common.out.as_deref()).write(&text)
}

/// One row per year: programme spending, participant-years, gross savings.
fn to_csv(f: &CostEffectFit) -> String {
    let mut s = String::from(
        "year,programme_spending,programme_unallocated,participant_years,gross_savings\n",
    );
    for y in &f.years {
        let _ = writeln!(
            s,
            "{},{},{},{},{}",
            y.year,
            y.programme_spending,
            y.programme_unallocated,
            y.participant_years,
            y.gross_savings
        );
    }
    s
}

fn to_table(f: &CostEffectFit, lang: Lang) -> String {
    let da = lang == Lang::Da;
    let level = (f.ci_level * 100.0).round();
    let mut s = String::new();
    let line = |s: &mut String, label: &str, v: f64, ci: Option<[f64; 2]>| {
        let _ = match ci {
            Some(c) => writeln!(s, "{label:<48} {v:>12.0}  [{:.0}; {:.0}]", c[0], c[1]),
            None => writeln!(s, "{label:<48} {v:>12.0}"),
        };
    };
    let _ = writeln!(
        s,
        "{} ({} {level:.0} %)",
        if da {
            "Programmets effekt på udgiften pr. barneår, kr."
        } else {
            "The programme's effect on cost per child-year, kr."
        },
        if da {
            "konfidensinterval"
        } else {
            "confidence interval"
        },
    );
    line(
        &mut s,
        if da {
            "Foranstaltninger (bruttobesparelse = −)"
        } else {
            "Measures (gross saving = −)"
        },
        f.estimate,
        Some(f.ci),
    );
    line(
        &mut s,
        if da {
            "Programmets egen udgift"
        } else {
            "The programme's own cost"
        },
        f.programme_cost_per_child_year,
        None,
    );
    line(
        &mut s,
        if da { "I alt" } else { "Total" },
        f.total_effect.estimate,
        Some(f.total_effect.ci),
    );
    let _ = writeln!(
        s,
        "{}: {} ({:.1} {}), {}: {}",
        if da { "Deltagere" } else { "Participants" },
        f.n.used_participants,
        f.child_years,
        if da { "barneår" } else { "child-years" },
        if da { "sammenligning" } else { "comparison" },
        f.n.used_comparison
    );
    for w in &f.warnings {
        let _ = writeln!(s, "! {w}");
    }
    s
}
