//! `indsats survival km|cox|cif`: how long until something happens, and what happens.

mod cif;
mod cox;
mod km;

use super::CliError;

/// Survival analysis of spells: Kaplan–Meier, Cox regression, cumulative incidence.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, clap::Subcommand)]
enum Command {
    /// Kaplan–Meier curves with Greenwood errors, medians, RMST and the log-rank test
    Km(km::Args),
    /// Cox regression: hazard ratios with tests, concordance and the PH check
    Cox(cox::Args),
    /// Cumulative incidence of competing exits (Aalen–Johansen)
    Cif(cif::Args),
}

/// Runs the subcommand.
pub fn run(args: Args) -> Result<(), CliError> {
    match args.command {
        Command::Km(a) => km::run(a),
        Command::Cox(a) => cox::run(a),
        Command::Cif(a) => cif::run(a),
    }
}
