//! Parsing, dispatch and exit codes. Each subcommand is one file with its help text,
//! its Args struct and `run()`.

mod datasets;
mod economics;
mod estimate;
mod output;
mod progress;
mod report;
mod score;
mod simulate;
mod staircase;
mod survival;
mod validate;

use clap::{Parser, Subcommand};
use indsats::Lang;
use std::process::ExitCode;

/// indsats: do the municipality's social interventions work, and what do they cost?
#[derive(Debug, Parser)]
#[command(name = "indsats", version, about, long_about = None, propagate_version = true)]
#[command(after_help = "Start with:  indsats report --example --out rapport\n\
Then open rapport/report.html in a browser.")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Write the evaluation report (HTML, Markdown, JSON) for the council's theme meeting
    Report(report::Args),
    /// Check data files or a plan's data, naming every problem by file, row and column
    Validate(validate::Args),
    /// Score questionnaires (SDQ, ORS/CORS, SRS/CSRS, WHO-5, or an instrument file)
    Score(score::Args),
    /// Follow each person from a baseline to follow-ups: change, reliable change, attrition
    Progress(progress::Args),
    /// Estimate an effect: pre/post, ANCOVA, risks, matching, weighting, doubly robust
    Estimate(estimate::Args),
    /// Survival of spells: Kaplan–Meier, Cox regression, competing exits
    Survival(survival::Args),
    /// The staircase: transitions between steps, step-down rates, the placement mix
    Staircase(staircase::Args),
    /// Economics: a social-investment business case (net, break-even, NPV, sensitivity)
    Economics(economics::Args),
    /// Write a synthetic municipality (all tables and the true effects) to a folder
    Simulate(simulate::Args),
    /// List or export the bundled datasets
    Datasets(datasets::Args),
}

/// `--lang`.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum LangArg {
    /// Danish
    Da,
    /// English
    En,
}

impl From<LangArg> for Lang {
    fn from(l: LangArg) -> Lang {
        match l {
            LangArg::Da => Lang::Da,
            LangArg::En => Lang::En,
        }
    }
}

/// How the process ends, as the CLI contract fixes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    /// 0: success.
    Success = 0,
    /// 1: the analysis could not be done (bad data, no convergence); the message says why.
    Failure = 1,
    /// 2: bad usage.
    Usage = 2,
}

/// A subcommand's failure.
#[derive(Debug)]
pub enum CliError {
    /// Bad usage: exit 2.
    Usage(String),
    /// The work could not be done: exit 1.
    Failure(indsats::Error),
    /// Validation found problems (already printed): exit 1 without a further message.
    Problems,
    /// stdout was closed by the reader (e.g. `| head`): exit 0.
    BrokenPipe,
}

impl From<indsats::Error> for CliError {
    fn from(e: indsats::Error) -> Self {
        match e.kind() {
            indsats::ErrorKind::Io { source, .. }
                if source.kind() == std::io::ErrorKind::BrokenPipe =>
            {
                CliError::BrokenPipe
            }
            _ => CliError::Failure(e),
        }
    }
}

/// Runs the CLI and turns the result into an exit code.
pub fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let code = if e.use_stderr() {
                Exit::Usage
            } else {
                Exit::Success
            };
            let _ = e.print();
            return ExitCode::from(code as u8);
        }
    };
    let result = match cli.command {
        Command::Report(a) => report::run(a),
        Command::Validate(a) => validate::run(a),
        Command::Score(a) => score::run(a),
        Command::Progress(a) => progress::run(a),
        Command::Estimate(a) => estimate::run(a),
        Command::Survival(a) => survival::run(a),
        Command::Staircase(a) => staircase::run(a),
        Command::Economics(a) => economics::run(a),
        Command::Simulate(a) => simulate::run(a),
        Command::Datasets(a) => datasets::run(a),
    };
    let exit = match result {
        Ok(()) | Err(CliError::BrokenPipe) => Exit::Success,
        Err(CliError::Problems) => Exit::Failure,
        Err(CliError::Usage(m)) => {
            eprintln!("indsats: error: {}", indsats::data::redact(&m));
            Exit::Usage
        }
        Err(CliError::Failure(e)) => {
            eprintln!("indsats: error: {}", indsats::data::redact(&e.to_string()));
            Exit::Failure
        }
    };
    ExitCode::from(exit as u8)
}
