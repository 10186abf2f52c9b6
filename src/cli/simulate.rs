//! `indsats simulate`: a synthetic municipality with known true effects.

use super::CliError;
use indsats::simulate::{simulate, SimulationParams};
use std::path::PathBuf;
use std::time::Instant;

/// Write a synthetic municipality: persons, episodes, assessments, costs, outcomes, a
/// panel of municipalities, a yearly school well-being survey by district, and truth.json
/// with the true effects built in.
///
/// The same --persons and --seed always give the same files.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:\n  \
indsats simulate --out sim\n  \
indsats simulate --persons 1000000 --seed 7 --out sim-stor")]
pub struct Args {
    /// Number of children and young people
    #[arg(long, default_value_t = 3000)]
    persons: usize,
    /// Seed for every random draw
    #[arg(long, default_value_t = 2024)]
    seed: u64,
    /// Folder to write into
    #[arg(long)]
    out: PathBuf,
}

/// Runs the subcommand.
pub fn run(args: Args) -> Result<(), CliError> {
    let t = Instant::now();
    let params = SimulationParams::default()
        .persons(args.persons)
        .seed(args.seed);
    let m = simulate(&params)?;
    m.write_dir(&args.out)?;
    eprintln!(
        "indsats: wrote a municipality of {} persons, {} episodes, {} assessments and {} ledger lines to {} in {:.1} s",
        m.persons.rows.len(),
        m.episodes.rows.len(),
        m.assessments.rows.len(),
        m.costs.rows.len(),
        args.out.display(),
        t.elapsed().as_secs_f64()
    );
    Ok(())
}
