//! `indsats economics concentration`: how concentrated costs are on few persons.

use super::kroner::{kr, number, percent};
use crate::cli::output::{csv_number, json, Format, Output};
use crate::cli::CliError;
use indsats::data::{self, RawTable};
use indsats::economics::{Concentration, ConcentrationParams, LorenzPoint, TopShare};
use indsats::{Error, ErrorKind, Lang};
use serde::Serialize;
use std::collections::BTreeMap;
use std::fmt::Write as _;

/// Cost concentration: the share of cost borne by the costliest 1, 5 and 10 % of persons, the
/// Lorenz curve and the Gini coefficient.
///
/// --data holds one row per person with its cost (--amount), or, with --id, several rows
/// per person that are added up. --from-ledger reads the monthly ledger (the `costs` table:
/// month, measure, person_id, amount) and adds each person's amounts up, optionally within
/// one --year; ledger rows without a person are left out and their kroner reported.
///
/// A top share p is the share of total cost borne by the p·n costliest persons; when p·n is
/// not whole, the next costliest person counts in part (the Lorenz curve read between its
/// points). The Gini is 2 Σ i·x_(i) / (n Σ x) − (n + 1)/n over the costs sorted ascending.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:\n  \
indsats economics concentration --data costs_per_person.csv --amount annual_cost\n  \
indsats economics concentration --data costs.csv --from-ledger --year 2023 --format json\n  \
indsats economics concentration --data payments.csv --amount beloeb --id borger --top 0.01,0.02,0.2")]
pub struct ConcentrationArgs {
    /// The costs (CSV, Parquet or FILE.xlsx[:Sheet])
    #[arg(long)]
    data: String,
    /// The column with the cost in kroner (default with --from-ledger: amount)
    #[arg(long, value_name = "COL")]
    amount: Option<String>,
    /// The column with the person: rows of the same person are added up
    #[arg(long, value_name = "COL")]
    id: Option<String>,
    /// The file is the monthly ledger (costs table): add it up per person_id
    #[arg(long)]
    from_ledger: bool,
    /// With --from-ledger: only the months of this year
    #[arg(long, value_name = "YEAR", requires = "from_ledger")]
    year: Option<i32>,
    /// The top fractions of persons to report
    #[arg(long, value_name = "P,P,...", value_delimiter = ',', default_values_t = [0.01, 0.05, 0.10])]
    top: Vec<f64>,
    #[command(flatten)]
    common: crate::cli::output::Common,
}

/// Rows and persons.
#[derive(Debug, Serialize)]
struct Counts {
    rows: usize,
    rows_excluded: usize,
    persons: usize,
}

/// The JSON result.
#[derive(Debug, Serialize)]
struct Report<'a> {
    total: f64,
    gini: f64,
    top_shares: &'a [TopShare],
    lorenz: &'a [LorenzPoint],
    n: Counts,
    warnings: Vec<String>,
}

fn cell_error(t: &RawTable, r: usize, column: &str, message: String) -> Error {
    Error::new(ErrorKind::Cell {
        file: t.source.clone(),
        row: t.file_row(r),
        column: column.to_string(),
        message,
    })
}

fn column<'t>(t: &'t RawTable, name: &str) -> Result<&'t data::TextColumn, Error> {
    t.column(name).ok_or_else(|| {
        Error::new(ErrorKind::MissingColumn {
            file: t.source.clone(),
            column: name.to_string(),
            found: t.columns.clone(),
        })
    })
}

pub(super) fn run(a: ConcentrationArgs) -> Result<(), CliError> {
    let params = ConcentrationParams::default().top_fractions(a.top.clone());
    params
        .check()
        .map_err(|e| CliError::Usage(format!("--top: {}", strip_name(&e.to_string()))))?;
    let amount_col = match (&a.amount, a.from_ledger) {
        (Some(c), _) => c.clone(),
        (None, true) => "amount".to_string(),
        (None, false) => {
            return Err(CliError::Usage(
                "--amount COL is needed (or --from-ledger for the costs table)".into(),
            ))
        }
    };
    let id_col = match (&a.id, a.from_ledger) {
        (Some(c), _) => Some(c.clone()),
        (None, true) => Some("person_id".to_string()),
        (None, false) => None,
    };
    let (t, mut warnings) = a.common.read_guarded(&a.data)?;
    let amounts = column(&t, &amount_col)?;
    let ids = id_col.as_deref().map(|c| column(&t, c)).transpose()?;
    let months = if a.from_ledger {
        Some(column(&t, "month")?)
    } else {
        None
    };
    let mut rows_excluded = 0;
    let mut unattributed = 0.0;
    let mut outside_year = 0;
    // Person → (total, first row); or, without --id, one cost per row.
    let mut per_person: BTreeMap<String, (f64, usize)> = BTreeMap::new();
    let mut costs_by_row = Vec::new();
    for r in 0..t.n_rows() {
        let text = amounts.get(r).unwrap_or("").trim();
        if let (Some(m), Some(year)) = (months, a.year) {
            let cell = m.get(r).unwrap_or("").trim();
            let (y, _) = data::parse_month(cell).ok_or_else(|| {
                cell_error(
                    &t,
                    r,
                    "month",
                    format!("\"{cell}\" is not a month (2021-03)"),
                )
            })?;
            if y != year {
                outside_year += 1;
                continue;
            }
        }
        if ["", "NA", "na", "."].contains(&text) {
            if ids.is_none() {
                return Err(cell_error(
                    &t,
                    r,
                    &amount_col,
                    "empty; every person needs a cost (write 0 for none)".into(),
                )
                .into());
            }
            rows_excluded += 1;
            continue;
        }
        let v = data::parse_number(text)
            .filter(|v| v.is_finite())
            .ok_or_else(|| {
                cell_error(&t, r, &amount_col, format!("\"{text}\" is not an amount"))
            })?;
        match ids {
            None => {
                if v < 0.0 {
                    return Err(cell_error(
                        &t,
                        r,
                        &amount_col,
                        format!("{v} is negative; a person's cost must be 0 or more"),
                    )
                    .into());
                }
                costs_by_row.push(v);
            }
            Some(col) => {
                let id = col.get(r).unwrap_or("").trim();
                if id.is_empty() {
                    if !a.from_ledger {
                        return Err(cell_error(
                            &t,
                            r,
                            id_col.as_deref().unwrap_or("id"),
                            "empty; every row needs a person".into(),
                        )
                        .into());
                    }
                    rows_excluded += 1;
                    unattributed += v;
                    continue;
                }
                per_person.entry(id.to_string()).or_insert((0.0, r)).0 += v;
            }
        }
    }
    if outside_year > 0 {
        warnings.push(format!(
            "{outside_year} ledger rows outside {} left out",
            a.year.unwrap_or_default()
        ));
    }
    if rows_excluded > 0 {
        warnings.push(if a.from_ledger {
            format!(
                "{rows_excluded} rows without a person or an amount left out ({} kr. not attributed to anyone)",
                number(unattributed, 2, Lang::En).replace(',', "")
            )
        } else {
            format!("{rows_excluded} rows without an amount left out")
        });
    }
    let costs: Vec<f64> = if ids.is_some() {
        if let Some((id, (v, r))) = per_person.iter().find(|(_, (v, _))| *v < 0.0) {
            return Err(cell_error(
                &t,
                *r,
                id_col.as_deref().unwrap_or("id"),
                format!("person \"{id}\" has a negative total cost ({v}); refunds exceed payments"),
            )
            .into());
        }
        per_person.values().map(|(v, _)| *v).collect()
    } else {
        costs_by_row
    };
    if costs.is_empty() {
        return Err(Error::analysis(format!("{}: no person with a cost", t.source)).into());
    }
    let c = params.fit(&costs)?;
    if c.n < 100 {
        warnings.push(format!(
            "only {} persons: the top 1 % is {} of a person",
            c.n,
            number(c.n as f64 * 0.01, 2, Lang::En)
        ));
    }
    let lang: Lang = a.common.lang.into();
    let text = match a.common.format {
        Format::Json => json(&Report {
            total: c.total,
            gini: c.gini,
            top_shares: &c.top_shares,
            lorenz: &c.lorenz,
            n: Counts {
                rows: t.n_rows(),
                rows_excluded: rows_excluded + outside_year,
                persons: c.n,
            },
            warnings,
        })?,
        Format::Csv => to_csv(&c),
        Format::Table => to_table(&c, &warnings, lang),
    };
    Output::new(a.common.out.as_deref()).write(&text)
}

/// The message of a parameter error without its "name: " prefix.
fn strip_name(m: &str) -> String {
    m.split_once(": ").map_or(m, |(_, r)| r).to_string()
}

/// One header: the top shares (`kind` top), the Gini, then the Lorenz points.
fn to_csv(c: &Concentration) -> String {
    let mut s = String::from("kind,population_share,cost_share\n");
    for t in &c.top_shares {
        let _ = writeln!(
            s,
            "top,{},{}",
            csv_number(Some(t.fraction)),
            csv_number(Some(t.share))
        );
    }
    let _ = writeln!(s, "gini,,{}", csv_number(Some(c.gini)));
    for p in &c.lorenz {
        let _ = writeln!(
            s,
            "lorenz,{},{}",
            csv_number(Some(p.population_share)),
            csv_number(Some(p.cost_share))
        );
    }
    s
}

fn to_table(c: &Concentration, warnings: &[String], lang: Lang) -> String {
    let da = lang == Lang::Da;
    let mut s = String::new();
    let _ = writeln!(
        s,
        "{} {} {}, {} {} kr.",
        if da { "Udgifter til" } else { "Costs of" },
        number(c.n as f64, 0, lang),
        if da { "personer" } else { "persons" },
        if da { "i alt" } else { "in total" },
        kr(c.total, lang)
    );
    for t in &c.top_shares {
        let _ = writeln!(
            s,
            "{} {:>5} % ({} {}): {:>5} % {}",
            if da { "De dyreste" } else { "The costliest" },
            percent(t.fraction, lang),
            number(t.persons, 1, lang),
            if da { "personer" } else { "persons" },
            percent(t.share, lang),
            if da { "af udgifterne" } else { "of the cost" }
        );
    }
    let _ = writeln!(
        s,
        "{}: {}",
        if da {
            "Gini-koefficient"
        } else {
            "Gini coefficient"
        },
        number(c.gini, 3, lang)
    );
    for w in warnings {
        let _ = writeln!(s, "{}: {w}", if da { "Advarsel" } else { "Warning" });
    }
    s
}
