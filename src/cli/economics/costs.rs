//! `indsats economics costs`: costs per person and period from the ledger or the episodes.

use super::kroner::kr;
use crate::cli::output::{csv_field, csv_number, json, Format, Output};
use crate::cli::CliError;
use chrono::NaiveDate;
use indsats::data::{self, RawSource, TableKind};
use indsats::economics::{
    CostParams, Periods, PersonCosts, PriceIndex, Prices, Refunds, UnknownMeasures,
};
use indsats::staircase::Staircase;
use indsats::summary::CostSource;
use indsats::Lang;
use serde::Serialize;
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::PathBuf;

/// Costs per person and period: kroner by measure, days observed, cost per person-year.
///
/// From the monthly ledger (--table costs: month, measure, person_id, amount) or from the
/// episodes' rates (--table episodes: daily_cost × days active, or monthly_cost × days
/// active / days in the month). Ledger lines without a person are counted and reported as
/// unallocated, never given to anyone. --by person-year (default) gives a row per person
/// and calendar year, --by person one row per person over --from … --to, --by year the
/// totals per calendar year. A ledger line counts in a period when its month overlaps it.
///
/// Constant prices: --price-index FILE (columns year,index, or TOML with an [index] table)
/// and --base-year Y give amount × index[Y] / index[year of the month]. A negative amount
/// (a refund) is an error unless --allow-refunds nets it; a measure the staircase does not
/// know is an error naming the row, unless --keep-unknown-measures keeps it.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:\n  \
indsats economics costs --data costs.csv --format json\n  \
indsats economics costs --data costs.csv --by person --from 2022-01-01 --to 2023-12-31\n  \
indsats economics costs --data episodes.csv --table episodes --price-index pl.csv --base-year 2024")]
pub struct CostsArgs {
    /// The ledger or the episodes (CSV, Parquet or FILE.xlsx[:Sheet])
    #[arg(long)]
    data: String,
    /// Which table the file is
    #[arg(long, value_enum, default_value_t = TableArg::Costs)]
    table: TableArg,
    /// Rows per person and calendar year, per person over the period, or per year
    #[arg(long, value_enum, default_value_t = ByArg::PersonYear)]
    by: ByArg,
    /// First day of the period (default: the start of the data)
    #[arg(long, value_name = "DATE")]
    from: Option<NaiveDate>,
    /// Last day of the period (default: the end of the data)
    #[arg(long, value_name = "DATE")]
    to: Option<NaiveDate>,
    /// The data's cut-off date (default: the last date in the file)
    #[arg(long, value_name = "DATE")]
    cutoff: Option<NaiveDate>,
    /// A price index by year (CSV year,index or TOML [index]) for constant prices
    #[arg(long, value_name = "FILE", requires = "base_year")]
    price_index: Option<PathBuf>,
    /// The price index's base year
    #[arg(long, value_name = "YEAR")]
    base_year: Option<i32>,
    /// Net negative amounts (refunds) against the costs instead of stopping
    #[arg(long)]
    allow_refunds: bool,
    /// Keep measures the staircase does not know under their own name
    #[arg(long)]
    keep_unknown_measures: bool,
    /// A staircase (TOML) instead of the default Danish one
    #[arg(long, value_name = "FILE")]
    staircase: Option<PathBuf>,
    #[command(flatten)]
    common: crate::cli::output::Common,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum TableArg {
    /// The monthly ledger
    Costs,
    /// Episodes with daily or monthly rates
    Episodes,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum ByArg {
    /// One row per person and calendar year
    PersonYear,
    /// One row per person over the period
    Person,
    /// One row per calendar year (all persons)
    Year,
}

/// One output row.
#[derive(Debug, Serialize)]
struct Row {
    person_id: Option<String>,
    year: Option<i32>,
    from: NaiveDate,
    to: NaiveDate,
    persons: usize,
    days: i64,
    person_years: f64,
    total: f64,
    by_measure: BTreeMap<String, f64>,
    cost_per_person_year: Option<f64>,
}

#[derive(Debug, Serialize)]
struct Report<'a> {
    source: CostSource,
    prices: &'a str,
    base_year: Option<i32>,
    by: &'static str,
    from: NaiveDate,
    to: NaiveDate,
    rows: Vec<Row>,
    totals: &'a indsats::economics::CostTotals,
    n: &'a indsats::economics::CostCounts,
    warnings: &'a [String],
}

fn rows(fit: &PersonCosts, by: ByArg) -> Vec<Row> {
    match by {
        ByArg::PersonYear | ByArg::Person => fit
            .rows
            .iter()
            .map(|r| Row {
                person_id: Some(r.person_id.clone()),
                year: r.year,
                from: r.from,
                to: r.to,
                persons: 1,
                days: r.days,
                person_years: r.person_years,
                total: r.total,
                by_measure: r.by_measure.clone(),
                cost_per_person_year: r.cost_per_person_year,
            })
            .collect(),
        ByArg::Year => {
            let mut years: BTreeMap<i32, Row> = BTreeMap::new();
            for r in &fit.rows {
                let y = r.year.expect("yearly rows");
                let e = years.entry(y).or_insert_with(|| Row {
                    person_id: None,
                    year: Some(y),
                    from: r.from,
                    to: r.to,
                    persons: 0,
                    days: r.days,
                    person_years: 0.0,
                    total: 0.0,
                    by_measure: BTreeMap::new(),
                    cost_per_person_year: None,
                });
                e.persons += 1;
                e.total += r.total;
                for (m, v) in &r.by_measure {
                    *e.by_measure.entry(m.clone()).or_default() += v;
                }
            }
            years
                .into_values()
                .map(|mut r| {
                    // person-years: the persons with costs that year, each over the year's days
                    r.person_years =
                        r.persons as f64 * r.days as f64 / indsats::economics::DAYS_PER_YEAR;
                    r.cost_per_person_year =
                        (r.person_years > 0.0).then(|| r.total / r.person_years);
                    r
                })
                .collect()
        }
    }
}

pub(super) fn run(a: CostsArgs) -> Result<(), CliError> {
    if let (Some(f), Some(t)) = (a.from, a.to) {
        if t < f {
            return Err(CliError::Usage(format!("--to {t} is before --from {f}")));
        }
    }
    let staircase = match &a.staircase {
        None => Staircase::danish_default(),
        Some(p) => {
            let text = std::fs::read_to_string(p).map_err(|e| indsats::Error::io(p, e))?;
            Staircase::from_toml_str(&text, &p.display().to_string())?
        }
    };
    let prices = match &a.price_index {
        None => Prices::Current,
        Some(p) => Prices::Constant(PriceIndex::from_file(p, a.base_year)?),
    };
    let (table, guard_notes) = a.common.read_guarded(&a.data)?;
    let kind = match a.table {
        TableArg::Costs => TableKind::Costs,
        TableArg::Episodes => TableKind::Episodes,
    };
    let raws = BTreeMap::from([(
        kind,
        RawSource {
            table,
            columns: BTreeMap::new(),
        },
    )]);
    let opts = data::LoadOptions {
        staircase,
        cutoff: a.cutoff,
        start: None,
        ..data::LoadOptions::default()
    };
    let dataset = data::from_raw(raws, &opts)?;
    // the episodes reader empties a negative rate; a refund there must not pass unseen
    let negative_rates = dataset
        .validation
        .counts
        .get(&TableKind::Episodes)
        .and_then(|c| c.get(&data::IssueKind::NegativeCost))
        .copied()
        .unwrap_or(0);
    let mut rate_notes = Vec::new();
    if negative_rates > 0 {
        let first =
            dataset.validation.examples.iter().find(|i| {
                i.table == TableKind::Episodes && i.kind == data::IssueKind::NegativeCost
            });
        if !a.allow_refunds {
            let place = first.map_or_else(String::new, |i| {
                format!(
                    "row {}, column {}: {} ",
                    i.row.unwrap_or(0),
                    i.column.as_deref().unwrap_or("daily_cost"),
                    i.value.as_deref().unwrap_or("")
                )
            });
            return Err(indsats::Error::format(
                first.map_or(a.data.as_str(), |i| i.file.as_str()),
                format!(
                    "{place}is a negative rate (a refund; {negative_rates} in all); with --allow-refunds these episodes count as having no rate"
                ),
            )
            .into());
        }
        rate_notes.push(format!(
            "{negative_rates} episodes with a negative rate count as having no rate"
        ));
    }
    let mut params = CostParams::new()
        .source(match a.table {
            TableArg::Costs => CostSource::Ledger,
            TableArg::Episodes => CostSource::Episodes,
        })
        .periods(match a.by {
            ByArg::Person => Periods::Whole,
            ByArg::PersonYear | ByArg::Year => Periods::Years,
        })
        .prices(prices)
        .refunds(if a.allow_refunds {
            Refunds::Net
        } else {
            Refunds::Error
        })
        .unknown_measures(if a.keep_unknown_measures {
            UnknownMeasures::Keep
        } else {
            UnknownMeasures::Error
        });
    if let Some(f) = a.from {
        params = params.from(f);
    }
    if let Some(t) = a.to {
        params = params.to(t);
    }
    let mut fit = params.fit(&dataset)?;
    let mut warnings = guard_notes;
    warnings.append(&mut rate_notes);
    for t in &dataset.validation.tables {
        for (why, n) in &t.excluded {
            warnings.push(format!(
                "{}: {n} rows left out on reading ({})",
                t.file,
                why.code()
            ));
        }
    }
    warnings.append(&mut fit.warnings);
    fit.warnings = warnings;
    let by = match a.by {
        ByArg::PersonYear => "person_year",
        ByArg::Person => "person",
        ByArg::Year => "year",
    };
    let out_rows = rows(&fit, a.by);
    let text = match a.common.format {
        Format::Json => json(&Report {
            source: fit.source,
            prices: &fit.prices,
            base_year: fit.base_year,
            by,
            from: fit.from,
            to: fit.to,
            rows: out_rows,
            totals: &fit.totals,
            n: &fit.n,
            warnings: &fit.warnings,
        })?,
        Format::Csv => to_csv(&out_rows),
        Format::Table => to_table(&fit, &out_rows, a.common.lang.into()),
    };
    for w in &fit.warnings {
        if a.common.format != Format::Json {
            eprintln!("indsats: {w}");
        }
    }
    Output::new(a.common.out.as_deref()).write(&text)
}

/// Long: one line per row and measure, then the row's total (measure `total`).
fn to_csv(rows: &[Row]) -> String {
    let mut s = String::from(
        "person_id,year,from,to,days,person_years,measure,amount,cost_per_person_year\n",
    );
    for r in rows {
        let lead = format!(
            "{},{},{},{},{},{}",
            csv_field(r.person_id.as_deref().unwrap_or("")),
            r.year.map(|y| y.to_string()).unwrap_or_default(),
            r.from,
            r.to,
            r.days,
            csv_number(Some(r.person_years)),
        );
        for (m, v) in &r.by_measure {
            let _ = writeln!(s, "{lead},{},{},", csv_field(m), csv_number(Some(*v)));
        }
        let _ = writeln!(
            s,
            "{lead},total,{},{}",
            csv_number(Some(r.total)),
            csv_number(r.cost_per_person_year)
        );
    }
    s
}

fn to_table(fit: &PersonCosts, rows: &[Row], lang: Lang) -> String {
    let da = lang == Lang::Da;
    let mut s = String::new();
    let prices = match fit.base_year {
        Some(y) if da => format!("faste {y}-priser"),
        Some(y) => format!("constant {y} prices"),
        None if da => "løbende priser".into(),
        None => "current prices".into(),
    };
    let _ = writeln!(
        s,
        "{} {} – {} ({prices})",
        if da { "Udgifter" } else { "Costs" },
        fit.from,
        fit.to
    );
    let _ = writeln!(
        s,
        "{:<14} {:>6} {:>7} {:>14} {:>14}",
        "Person",
        if da { "År" } else { "Year" },
        if da { "Dage" } else { "Days" },
        if da { "Kr. i alt" } else { "Kr. total" },
        if da { "Kr. pr. år" } else { "Kr. per year" },
    );
    for r in rows {
        let _ = writeln!(
            s,
            "{:<14} {:>6} {:>7} {:>14} {:>14}",
            r.person_id
                .as_deref()
                .unwrap_or(if da { "alle" } else { "all" }),
            r.year.map(|y| y.to_string()).unwrap_or_default(),
            r.days,
            kr(r.total, lang),
            r.cost_per_person_year.map_or("–".into(), |v| kr(v, lang)),
        );
    }
    let _ = writeln!(
        s,
        "{}: {} kr.; {}: {} kr. ({} {})",
        if da { "I alt" } else { "Total" },
        kr(fit.totals.total, lang),
        if da {
            "ikke fordelt på personer"
        } else {
            "not allocated to persons"
        },
        kr(fit.totals.unallocated_amount, lang),
        fit.totals.unallocated_lines,
        if da { "linjer" } else { "lines" },
    );
    s
}
