//! `indsats survival cox`.

use crate::cli::CliError;

/// (being built)
#[derive(Debug, clap::Args)]
pub struct Args {}

/// Runs the subcommand.
pub fn run(_args: Args) -> Result<(), CliError> {
    Err(CliError::Usage(
        "indsats survival cox is being built".into(),
    ))
}
