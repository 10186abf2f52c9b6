//! `indsats datasets`: the bundled datasets.

use super::output::Output;
use super::CliError;
use std::fmt::Write as _;
use std::path::PathBuf;

/// List or export the bundled datasets.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  indsats datasets list\n  indsats datasets export example --out data"
)]
pub struct Args {
    #[command(subcommand)]
    command: Sub,
}

#[derive(Debug, clap::Subcommand)]
enum Sub {
    /// List the bundled datasets
    List,
    /// Write a bundled dataset's files into a folder
    Export {
        /// The dataset's name
        name: String,
        /// Folder to write into
        #[arg(long)]
        out: PathBuf,
    },
}

/// Runs the subcommand.
pub fn run(args: Args) -> Result<(), CliError> {
    match args.command {
        Sub::List => {
            let mut s = String::new();
            for d in indsats::datasets::list() {
                let _ = writeln!(s, "{:<10} {}", d.name, d.description);
                for (file, bytes) in d.files {
                    let _ = writeln!(s, "           {file} ({} kB)", bytes.len().div_ceil(1024));
                }
            }
            Output::new(None).write(&s)
        }
        Sub::Export { name, out } => {
            let d = indsats::datasets::get(&name).ok_or_else(|| {
                let names: Vec<&str> = indsats::datasets::list().iter().map(|d| d.name).collect();
                CliError::Usage(format!(
                    "no bundled dataset \"{name}\" (there is: {})",
                    names.join(", ")
                ))
            })?;
            for f in d.export(&out)? {
                eprintln!("indsats: wrote {}", f.display());
            }
            Ok(())
        }
    }
}
