//! One error type for the crate.
//!
//! Every message names the offending value and its place where there is one:
//! `episodes.csv: column "slutdato" row 1042: 2019-02-30 is not a date`.
//! Messages are lowercase and carry no trailing period. A value that looks like
//! a CPR number is never put into a message.

use std::fmt;
use std::path::PathBuf;

/// The result type of every fallible function in indsats.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// What went wrong; see [`Error::kind`].
#[derive(Debug)]
#[non_exhaustive]
pub enum ErrorKind {
    /// A file could not be opened, read or written.
    Io {
        /// The file or directory.
        path: PathBuf,
        /// The operating system's error.
        source: std::io::Error,
    },
    /// A file could be opened but not read as the format its extension says.
    Format {
        /// The file as the user named it.
        file: String,
        /// What was wrong.
        message: String,
    },
    /// A required column is absent.
    MissingColumn {
        /// The file as the user named it.
        file: String,
        /// The column's name in the file (after mapping).
        column: String,
        /// The columns the file does have.
        found: Vec<String>,
    },
    /// One cell could not be used.
    Cell {
        /// The file as the user named it.
        file: String,
        /// The row as a spreadsheet shows it: the header is row 1.
        row: usize,
        /// The column's name in the file.
        column: String,
        /// What the value was and what was expected.
        message: String,
    },
    /// A column holds identifiers that look like CPR numbers.
    CprLike {
        /// The file as the user named it.
        file: String,
        /// The column's name in the file.
        column: String,
        /// The first row where one was seen (the value itself is never shown).
        row: usize,
    },
    /// The evaluation plan is not valid.
    Plan {
        /// The plan file.
        file: String,
        /// What was wrong, naming the key.
        message: String,
    },
    /// A parameter or option is out of its domain.
    InvalidParameter {
        /// The parameter's name.
        name: String,
        /// What was wrong and what is allowed.
        message: String,
    },
    /// Data passed validation but an analysis cannot be done on it.
    Analysis {
        /// Why not.
        message: String,
    },
    /// Validation found problems (the caller has the full list).
    ValidationFailed {
        /// How many problems.
        problems: usize,
    },
}

/// The crate's error: an [`ErrorKind`] boxed to keep `Result` small.
#[derive(Debug)]
pub struct Error {
    kind: Box<ErrorKind>,
}

impl Error {
    /// Makes an error of this kind.
    pub fn new(kind: ErrorKind) -> Self {
        Error {
            kind: Box::new(kind),
        }
    }

    /// What went wrong.
    pub fn kind(&self) -> &ErrorKind {
        &self.kind
    }

    /// An I/O error on `path`.
    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Error::new(ErrorKind::Io {
            path: path.into(),
            source,
        })
    }

    /// A file that is not of the format expected.
    pub fn format(file: impl Into<String>, message: impl Into<String>) -> Self {
        Error::new(ErrorKind::Format {
            file: file.into(),
            message: message.into(),
        })
    }

    /// A plan error naming its key.
    pub fn plan(file: impl Into<String>, message: impl Into<String>) -> Self {
        Error::new(ErrorKind::Plan {
            file: file.into(),
            message: message.into(),
        })
    }

    /// A parameter outside its domain.
    pub fn parameter(name: impl Into<String>, message: impl Into<String>) -> Self {
        Error::new(ErrorKind::InvalidParameter {
            name: name.into(),
            message: message.into(),
        })
    }

    /// An analysis that cannot be done on the data.
    pub fn analysis(message: impl Into<String>) -> Self {
        Error::new(ErrorKind::Analysis {
            message: message.into(),
        })
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &*self.kind {
            ErrorKind::Io { path, source } => write!(f, "{}: {}", path.display(), source),
            ErrorKind::Format { file, message } => write!(f, "{file}: {message}"),
            ErrorKind::MissingColumn { file, column, found } => write!(
                f,
                "{file}: required column \"{column}\" is missing (the file has: {})",
                found.join(", ")
            ),
            ErrorKind::Cell { file, row, column, message } => {
                write!(f, "{file}: column \"{column}\" row {row}: {message}")
            }
            ErrorKind::CprLike { file, column, row } => write!(
                f,
                "{file}: column \"{column}\" holds values that look like CPR numbers (first at row {row}); \
                 indsats refuses them: pseudonymise the column with a key file \
                 (plan [identifiers] key_file, or --pseudonymise KEYFILE)"
            ),
            ErrorKind::Plan { file, message } => write!(f, "plan {file}: {message}"),
            ErrorKind::InvalidParameter { name, message } => write!(f, "{name}: {message}"),
            ErrorKind::Analysis { message } => write!(f, "{message}"),
            ErrorKind::ValidationFailed { problems } => {
                write!(f, "validation found {problems} problem(s)")
            }
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match &*self.kind {
            ErrorKind::Io { source, .. } => Some(source),
            _ => None,
        }
    }
}

impl From<ErrorKind> for Error {
    fn from(kind: ErrorKind) -> Self {
        Error::new(kind)
    }
}
