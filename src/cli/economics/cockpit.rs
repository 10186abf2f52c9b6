//! `indsats economics cockpit`: the monthly economic steering panel as HTML, Excel and JSON.

use crate::cli::{CliError, LangArg};
use indsats::economics::CockpitParams;
use indsats::plan::Plan;
use indsats::report::build_cockpit;
use std::path::PathBuf;

/// The monthly economic cockpit: spending, cases, starts and stops per month and measure.
///
/// From the plan's data (or the bundled example): spending per month per measure (the cost
/// ledger, else the episodes' rates), each year's average month, active cases per month,
/// measures started and ended per month, the distribution over measures in --year (cases
/// and spending, with shares), citizens by annual cost band and spending by age group.
/// Counts of 1 to N−1 persons (--small-cell, default the plan's or 5) are hidden in every
/// output. Writes DIR/cockpit.html (self-contained), DIR/cockpit.xlsx (one sheet per
/// table, totals as Excel formulas with their values stored, an "Om data" sheet) and
/// DIR/cockpit.json, in Danish unless --lang en.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:\n  \
indsats economics cockpit --example --out cockpit\n  \
indsats economics cockpit --plan plan.toml --out cockpit --year 2024 --lang en --small-cell 3")]
pub struct CockpitArgs {
    /// The evaluation plan (TOML) naming the data
    #[arg(long, required_unless_present = "example", conflicts_with = "example")]
    plan: Option<PathBuf>,
    /// Use the bundled example municipality
    #[arg(long)]
    example: bool,
    /// Folder to write cockpit.html, cockpit.xlsx and cockpit.json into
    #[arg(long, value_name = "DIR")]
    out: PathBuf,
    /// The year of the distribution and age groups (default: the latest in the data)
    #[arg(long, value_name = "Y")]
    year: Option<i32>,
    /// Language of the text (default: the plan's, else Danish)
    #[arg(long, value_enum)]
    lang: Option<LangArg>,
    /// Hide counts of 1 to N−1 persons (default: the plan's, else 5; 1 hides nothing)
    #[arg(long, value_name = "N")]
    small_cell: Option<usize>,
}

pub(super) fn run(a: CockpitArgs) -> Result<(), CliError> {
    let (plan, data) = if a.example {
        let plan = indsats::datasets::example_plan();
        let data = indsats::datasets::example_dataset(&plan.load_options()?)?;
        (plan, data)
    } else {
        let path = a
            .plan
            .as_ref()
            .expect("clap requires --plan without --example");
        let plan = Plan::from_file(path)?;
        let data = indsats::data::load(&plan.sources(), &plan.load_options()?)?;
        (plan, data)
    };
    let threshold = a.small_cell.unwrap_or(plan.report.small_cell_threshold);
    if threshold == 0 {
        return Err(CliError::Usage(
            "--small-cell must be at least 1 (1 hides nothing); got 0".into(),
        ));
    }
    let lang = a.lang.map_or(plan.report.lang, Into::into);
    let mut params = CockpitParams::new().small_cell_threshold(threshold);
    if let Some(y) = a.year {
        params = params.year(y);
    }
    for t in &data.validation.tables {
        if t.rows_excluded() > 0 {
            eprintln!(
                "indsats: {}: {} of {} rows left out (see the sheet \"Om data\")",
                t.file,
                t.rows_excluded(),
                t.rows_read
            );
        }
    }
    let cockpit = params.fit(&data)?;
    let report = build_cockpit(&cockpit, lang)?;
    for f in report.write_dir(&a.out)? {
        eprintln!("indsats: wrote {}", f.display());
    }
    Ok(())
}
