//! `indsats economics scenario`: the savings of a cohort scenario, year by year.

use super::kroner::{kr, number};
use crate::cli::output::{csv_field, csv_number, json, Format, Output};
use crate::cli::CliError;
use indsats::economics::{Scenario, ScenarioFit};
use indsats::{Error, Lang};
use serde::{Deserialize, Serialize};
use std::fmt::Write as _;

/// The savings when a measure moves people down one cost state: a cohort scenario.
///
/// The scenario is a TOML file. States are listed cheapest first, each with its annual cost
/// per person and the people in it at the start. At the start of year 1 the measure moves
/// the share `moved_down` of every state but the cheapest one state down. Each year after
/// year 1, the share `relapse` of the remaining successes return to their original state
/// for good, and the share `out_migration` of everyone left moves out of the municipality,
/// taking cost and saving along. Shares are fractions (0.2 for 20 %).
///
/// The file's layout is shown below the options.
///
/// saving in year t = (successes remaining in year t) × (their state's cost − the cost one
/// state down); cost with = cost without − saving.
#[derive(Debug, clap::Args)]
#[command(after_help = "A scenario file:\n  \
name = \"Housing First\"     # optional, shown in the table\n  \
horizon = 5                # years\n  \
moved_down = 0.20\n  \
relapse = 0.10             # optional, default 0\n  \
out_migration = 0.06       # optional, default 0\n\n  \
[[states]]                 # cheapest first, one block per state\n  \
name = \"Gruppe 1\"\n  \
annual_cost = 0\n  \
people = 20\n\n  \
[[states]]\n  \
name = \"Gruppe 2\"\n  \
annual_cost = 2000\n  \
people = 20\n\n\
Examples:\n  \
indsats economics scenario --config housing_first.toml\n  \
indsats economics scenario --config housing_first.toml --format json")]
pub struct ScenarioArgs {
    /// The scenario (TOML): horizon, moved_down, relapse, out_migration and [[states]]
    #[arg(long, value_name = "FILE.toml")]
    config: std::path::PathBuf,
    #[command(flatten)]
    common: crate::cli::output::Common,
}

/// The scenario file.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Config {
    name: Option<String>,
    horizon: usize,
    moved_down: f64,
    #[serde(default)]
    relapse: f64,
    #[serde(default)]
    out_migration: f64,
    states: Vec<State>,
}

/// One cost state.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
struct State {
    name: String,
    annual_cost: f64,
    people: f64,
}

/// States and people.
#[derive(Debug, Serialize)]
struct Counts {
    states: usize,
    people: f64,
}

/// The JSON result: the assumptions, then the fit's fields and the counts.
#[derive(Debug, Serialize)]
struct Report<'a> {
    name: Option<&'a str>,
    states: &'a [State],
    moved_down: f64,
    relapse: f64,
    out_migration: f64,
    horizon: usize,
    #[serde(flatten)]
    fit: &'a ScenarioFit,
    n: Counts,
}

/// The line of the first `key =` in the TOML text (1-based), for messages.
fn line_of(text: &str, key: &str) -> Option<usize> {
    text.lines()
        .position(|l| {
            l.trim_start()
                .strip_prefix(key)
                .is_some_and(|r| r.trim_start().starts_with('='))
        })
        .map(|i| i + 1)
}

pub(super) fn run(a: ScenarioArgs) -> Result<(), CliError> {
    let file = a.config.display().to_string();
    let text = std::fs::read_to_string(&a.config).map_err(|e| Error::io(&a.config, e))?;
    let config: Config = toml::from_str(&text).map_err(|e| {
        let place = e
            .span()
            .map(|s| {
                let line = text[..s.start.min(text.len())].matches('\n').count() + 1;
                format!("line {line}: ")
            })
            .unwrap_or_default();
        Error::format(
            file.clone(),
            format!(
                "{place}{}",
                e.message().trim_end_matches('.').to_lowercase()
            ),
        )
    })?;
    let at = |key: &str| {
        line_of(&text, key)
            .map(|l| format!("line {l}: "))
            .unwrap_or_default()
    };
    for (key, v) in [
        ("moved_down", config.moved_down),
        ("relapse", config.relapse),
        ("out_migration", config.out_migration),
    ] {
        if !(0.0..=1.0).contains(&v) {
            let hint = if v > 1.0 && v <= 100.0 {
                format!(" (write {} for {v} %)", v / 100.0)
            } else {
                String::new()
            };
            return Err(Error::format(
                file,
                format!(
                    "{}{key} = {v} is not a share between 0 and 1{hint}",
                    at(key)
                ),
            )
            .into());
        }
    }
    if config.horizon == 0 {
        return Err(Error::format(
            file,
            format!("{}horizon must be at least 1 year", at("horizon")),
        )
        .into());
    }
    if config.states.is_empty() {
        return Err(Error::format(file, "no [[states]]: a scenario needs at least one").into());
    }
    for (i, s) in config.states.iter().enumerate() {
        if !s.annual_cost.is_finite() {
            return Err(Error::format(
                file,
                format!(
                    "state {} (\"{}\"): annual_cost {} is not an amount",
                    i + 1,
                    s.name,
                    s.annual_cost
                ),
            )
            .into());
        }
        if !(s.people.is_finite() && s.people >= 0.0) {
            return Err(Error::format(
                file,
                format!(
                    "state {} (\"{}\"): people = {} is not a number of people",
                    i + 1,
                    s.name,
                    s.people
                ),
            )
            .into());
        }
    }
    let fit = Scenario::new(
        config.states.iter().map(|s| s.annual_cost).collect(),
        config.states.iter().map(|s| s.people).collect(),
    )
    .share_moved_down(config.moved_down)
    .relapse(config.relapse)
    .migration(config.out_migration)
    .horizon(config.horizon)
    .fit()?;
    let lang: Lang = a.common.lang.into();
    let text = match a.common.format {
        Format::Json => json(&Report {
            name: config.name.as_deref(),
            states: &config.states,
            moved_down: config.moved_down,
            relapse: config.relapse,
            out_migration: config.out_migration,
            horizon: config.horizon,
            fit: &fit,
            n: Counts {
                states: config.states.len(),
                people: config.states.iter().map(|s| s.people).sum(),
            },
        })?,
        Format::Csv => to_csv(&fit),
        Format::Table => to_table(&config, &fit, lang),
    };
    Output::new(a.common.out.as_deref()).write(&text)
}

fn to_csv(f: &ScenarioFit) -> String {
    let mut s = String::from("year,participants,successes,cost_without,cost_with,saving\n");
    for t in 0..f.years.len() {
        let _ = writeln!(
            s,
            "{},{},{},{},{},{}",
            f.years[t],
            csv_number(Some(f.participants[t])),
            csv_number(Some(f.successes[t])),
            csv_number(Some(f.cost_without[t])),
            csv_number(Some(f.cost_with[t])),
            csv_number(Some(f.saving[t])),
        );
    }
    let _ = writeln!(
        s,
        "{},,,,,{}",
        csv_field("total"),
        csv_number(Some(f.total_saving))
    );
    s
}

fn to_table(c: &Config, f: &ScenarioFit, lang: Lang) -> String {
    let da = lang == Lang::Da;
    let mut s = String::new();
    if let Some(n) = &c.name {
        let _ = writeln!(s, "{n}");
    }
    let pct = |v: f64| number(v * 100.0, 1, lang);
    let _ = writeln!(
        s,
        "{}",
        if da {
            format!(
                "{} % rykker et trin ned i år 1; herefter årligt {} % tilbagefald og {} % fraflytning",
                pct(c.moved_down),
                pct(c.relapse),
                pct(c.out_migration)
            )
        } else {
            format!(
                "{} % move one state down in year 1; then each year {} % relapse and {} % move away",
                pct(c.moved_down),
                pct(c.relapse),
                pct(c.out_migration)
            )
        }
    );
    let head = if da {
        [
            "År",
            "Deltagere",
            "Succeser",
            "Udgift uden",
            "Udgift med",
            "Besparelse",
        ]
    } else {
        [
            "Year",
            "Participants",
            "Successes",
            "Cost without",
            "Cost with",
            "Saving",
        ]
    };
    let _ = writeln!(
        s,
        "{:<6}{:>14}{:>12}{:>16}{:>16}{:>16}",
        head[0], head[1], head[2], head[3], head[4], head[5]
    );
    for t in 0..f.years.len() {
        let _ = writeln!(
            s,
            "{:<6}{:>14}{:>12}{:>16}{:>16}{:>16}",
            f.years[t],
            number(f.participants[t], 1, lang),
            number(f.successes[t], 1, lang),
            kr(f.cost_without[t], lang),
            kr(f.cost_with[t], lang),
            kr(f.saving[t], lang)
        );
    }
    let _ = writeln!(
        s,
        "{} {} {}: {} kr.",
        if da { "Besparelse over" } else { "Saving over" },
        f.years.len(),
        if da { "år" } else { "years" },
        kr(f.total_saving, lang)
    );
    for w in &f.warnings {
        let _ = writeln!(s, "{}: {w}", if da { "Advarsel" } else { "Warning" });
    }
    s
}
