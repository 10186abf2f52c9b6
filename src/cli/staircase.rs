//! `indsats staircase transitions|stepdown|mix`.

use super::CliError;

/// (being built)
#[derive(Debug, clap::Args)]
pub struct Args {}

/// Runs the subcommand.
pub fn run(_args: Args) -> Result<(), CliError> {
    Err(CliError::Usage("indsats staircase is being built".into()))
}
