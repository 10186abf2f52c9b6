//! `indsats report`: the evaluation report for the council's theme meeting.

use super::{CliError, LangArg};
use indsats::plan::Plan;
use indsats::report::{build_report, ReportOptions};
use std::path::PathBuf;

/// Write the evaluation report: report.html (self-contained, prints to PDF),
/// report.md and report.json, in Danish unless --lang en.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:\n  \
indsats report --example --out rapport\n  \
indsats report --plan plan.toml --out rapport --lang en")]
pub struct Args {
    /// The evaluation plan (TOML)
    #[arg(long, required_unless_present = "example", conflicts_with = "example")]
    plan: Option<PathBuf>,
    /// Use the bundled example municipality and plan
    #[arg(long)]
    example: bool,
    /// Folder to write the report into
    #[arg(long, default_value = "rapport")]
    out: PathBuf,
    /// Language of the text (default: the plan's, else Danish)
    #[arg(long, value_enum)]
    lang: Option<LangArg>,
}

/// Runs the subcommand.
pub fn run(args: Args) -> Result<(), CliError> {
    let (plan, dataset) = if args.example {
        let plan = indsats::datasets::example_plan();
        let data = indsats::datasets::example_dataset(&plan.load_options()?)?;
        (plan, data)
    } else {
        let path = args
            .plan
            .as_ref()
            .expect("clap requires --plan without --example");
        let plan = Plan::from_file(path)?;
        let data = indsats::data::load(&plan.sources(), &plan.load_options()?)?;
        (plan, data)
    };
    indsats::data::require_tables(&dataset, &[indsats::data::TableKind::Episodes])?;
    for t in &dataset.validation.tables {
        if t.rows_excluded() > 0 {
            eprintln!(
                "indsats: {}: {} of {} rows left out (see the report's data-quality section)",
                t.file,
                t.rows_excluded(),
                t.rows_read
            );
        }
    }
    let mut opts = ReportOptions::from_plan(&plan);
    if let Some(l) = args.lang {
        opts.lang = l.into();
    }
    let report = build_report(&dataset, &opts)?;
    let files = report.write_dir(&args.out)?;
    for f in files {
        eprintln!("indsats: wrote {}", f.display());
    }
    Ok(())
}
