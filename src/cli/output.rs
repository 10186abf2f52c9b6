//! Where results go (stdout or `--out`), and in which format.

use super::CliError;
use clap::ValueEnum;
use std::io::Write;
use std::path::{Path, PathBuf};

/// The flags every analysis subcommand shares: identifiers, format, destination, language.
#[derive(Debug, clap::Args)]
pub struct Common {
    /// Key file: pseudonymise CPR-like identifiers instead of refusing them
    #[arg(long, value_name = "KEYFILE")]
    pub pseudonymise: Option<PathBuf>,
    /// Output format
    #[arg(long, value_enum, default_value_t)]
    pub format: Format,
    /// Write the result here instead of stdout
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// Language of the table format
    #[arg(long, value_enum, default_value = "da")]
    pub lang: super::LangArg,
}

/// `--format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub enum Format {
    /// For people (the default).
    #[default]
    Table,
    /// One JSON object on stdout and nothing else there.
    Json,
    /// Comma-separated rows with a header.
    Csv,
}

impl Common {
    /// Reads a data file and guards every column of it, used or not, as every command that
    /// reads municipal data does: CPR-like values are refused, or pseudonymised with
    /// `--pseudonymise`. Returns the table and the guard's notes (for the warnings).
    pub fn read_guarded(
        &self,
        spec: &str,
    ) -> Result<(indsats::data::RawTable, Vec<String>), CliError> {
        let table = indsats::data::read_table(spec)?;
        let key = self
            .pseudonymise
            .as_deref()
            .map(indsats::data::PseudonymKey::from_file)
            .transpose()?;
        let guarded = indsats::data::guard_table(&table, key.as_ref())?;
        Ok((guarded.table.unwrap_or(table), guarded.notes))
    }
}

/// The destination of a result: stdout, or the file `--out` names.
pub struct Output {
    path: Option<PathBuf>,
}

impl Output {
    /// stdout when `path` is `None`.
    pub fn new(path: Option<&Path>) -> Output {
        Output {
            path: path.map(Path::to_path_buf),
        }
    }

    /// Writes `text` (which must never contain a CPR-like string: checked here).
    pub fn write(&self, text: &str) -> Result<(), CliError> {
        if indsats::data::contains_cpr_like(text) {
            return Err(CliError::Failure(indsats::Error::analysis(
                "refusing to write output that contains a CPR-like number",
            )));
        }
        match &self.path {
            Some(p) => {
                if let Some(dir) = p.parent().filter(|d| !d.as_os_str().is_empty()) {
                    std::fs::create_dir_all(dir).map_err(|e| indsats::Error::io(dir, e))?;
                }
                std::fs::write(p, text).map_err(|e| indsats::Error::io(p, e))?;
                Ok(())
            }
            None => {
                let mut out = std::io::stdout().lock();
                let r = out.write_all(text.as_bytes()).and_then(|_| out.flush());
                match r {
                    Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => {
                        Err(CliError::BrokenPipe)
                    }
                    Err(e) => Err(CliError::Failure(indsats::Error::io("<stdout>", e))),
                    Ok(()) => Ok(()),
                }
            }
        }
    }
}

/// JSON text of a value, with a trailing newline.
pub fn json<T: serde::Serialize>(value: &T) -> Result<String, CliError> {
    let mut s = serde_json::to_string_pretty(value).map_err(|e| {
        CliError::Failure(indsats::Error::analysis(format!(
            "could not write JSON: {e}"
        )))
    })?;
    s.push('\n');
    Ok(s)
}

/// One CSV field, quoted when it needs to be.
pub fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

/// A number for CSV at full precision, in exponent form where plain digits would run long
/// (`9.9e-165`, not 165 zeros); empty where there is none.
pub fn csv_number(v: Option<f64>) -> String {
    match v {
        Some(x) if x == 0.0 || (1e-5..1e16).contains(&x.abs()) => x.to_string(),
        Some(x) if x.is_finite() => format!("{x:e}"),
        _ => String::new(),
    }
}
