//! `indsats economics business-case`: net cost by year, break-even year, NPV, sensitivity.

use super::kroner::kr;
use crate::cli::output::{csv_number, json, Format, Output};
use crate::cli::CliError;
use indsats::data::{self, Role, Wanted};
use indsats::economics::{BusinessCase, BusinessCaseFit, BusinessYear, SensitivityInput};
use indsats::{Error, ErrorKind, Lang};
use serde::Serialize;
use std::fmt::Write as _;

/// A social-investment business case: net cost by year, break-even year, NPV, sensitivity.
///
/// One row per budget year. The file has the columns year, investment (the municipality's own money), external_funding
/// (grants; spent but not the municipality's cost) and gross_savings (positive numbers are
/// savings, a negative one is a loss and is warned about). Every cell needs a value (write 0
/// for none); years must increase.
///
/// net = investment − gross savings; cumulative_net is its running sum; the break-even year
/// is the first year the cumulative net is at or below 0. npv is the present value of gross
/// savings − investment over the given years, the first year undiscounted. --extend-years
/// continues the last year's figures to find a later break-even year. sensitivity gives the
/// NPV with the investment, the gross savings and the discount rate each scaled by
/// ± --sensitivity, for a tornado chart.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:\n  \
indsats economics business-case --data business_case.csv --discount-rate 0.035\n  \
indsats economics business-case --data business_case.csv --discount-rate 0.035 --extend-years 5 --format json")]
pub struct BusinessCaseArgs {
    /// The years (CSV, Parquet or FILE.xlsx[:Sheet]): year, investment, external_funding,
    /// gross_savings
    #[arg(long)]
    data: String,
    /// The yearly discount rate as a fraction (the Ministry of Finance's 3.5 % is 0.035)
    #[arg(long, value_name = "R", allow_negative_numbers = true, default_value_t = indsats::economics::MINISTRY_OF_FINANCE_DISCOUNT_RATE)]
    discount_rate: f64,
    /// Continue the last year's figures this many years to find the break-even year
    #[arg(long, value_name = "N", default_value_t = 0)]
    extend_years: u32,
    /// One-way sensitivity: scale each input by ± this share (0 for none)
    #[arg(long, value_name = "X", default_value_t = 0.1)]
    sensitivity: f64,
    #[command(flatten)]
    common: crate::cli::output::Common,
}

/// Rows read and used.
#[derive(Debug, Serialize)]
struct Counts {
    rows: usize,
    years: usize,
}

/// The JSON result: the fit's fields (the contract's keys among them) and the counts.
#[derive(Debug, Serialize)]
struct Report<'a> {
    #[serde(flatten)]
    fit: &'a BusinessCaseFit,
    n: Counts,
}

const COLUMNS: [&str; 4] = ["year", "investment", "external_funding", "gross_savings"];

pub(super) fn run(a: BusinessCaseArgs) -> Result<(), CliError> {
    let case = BusinessCase::new()
        .discount_rate(a.discount_rate)
        .extend_years(a.extend_years)
        .sensitivity(a.sensitivity);
    case.check()
        .map_err(|e| CliError::Usage(format!("--{e}")))?;
    let (table, guard_notes) = a.common.read_guarded(&a.data)?;
    let cell = |r: usize, column: &str, message: String| {
        Error::new(ErrorKind::Cell {
            file: table.source.clone(),
            row: table.file_row(r),
            column: column.to_string(),
            message,
        })
    };
    // A year left out would silently change the case: an empty cell is an error here,
    // not a row dropped as other analyses drop it.
    for name in COLUMNS {
        if let Some(col) = table.column(name) {
            if let Some(r) =
                (0..table.n_rows()).find(|&r| col.get(r).unwrap_or("").trim().is_empty())
            {
                return Err(cell(
                    r,
                    name,
                    "empty; every year needs an amount (write 0 for none)".into(),
                )
                .into());
            }
        }
    }
    let wanted: Vec<Wanted> = COLUMNS
        .iter()
        .map(|name| Wanted {
            name,
            role: Role::Number,
        })
        .collect();
    let frame = data::frame(&table, &wanted)?;
    if frame.n_excluded() > 0 {
        // Cells such as "NA" or "." read as missing: name the first.
        let kept: std::collections::HashSet<usize> = frame.file_rows.iter().copied().collect();
        let r = (0..table.n_rows())
            .find(|&r| !kept.contains(&table.file_row(r)))
            .expect("a row was left out");
        let column = COLUMNS
            .iter()
            .find(|c| {
                let v = table
                    .column(c)
                    .and_then(|col| col.get(r))
                    .unwrap_or("")
                    .trim();
                ["NA", "na", "."].contains(&v)
            })
            .copied()
            .unwrap_or("year");
        return Err(cell(
            r,
            column,
            "missing; every year needs an amount (write 0 for none)".into(),
        )
        .into());
    }
    let col = |name: &str| frame.number(name).expect("read");
    let (years, inv, ext, sav) = (
        col("year"),
        col("investment"),
        col("external_funding"),
        col("gross_savings"),
    );
    let mut rows = Vec::with_capacity(years.len());
    for i in 0..years.len() {
        let y = years[i];
        if y.fract() != 0.0 || y.abs() > 1e6 {
            return Err(cell(i, "year", format!("{y} is not a whole year")).into());
        }
        if let Some(prev) = rows.last().map(|p: &BusinessYear| p.year) {
            if y as i32 <= prev {
                return Err(cell(
                    i,
                    "year",
                    format!("{y} follows {prev}; years must increase"),
                )
                .into());
            }
        }
        rows.push(BusinessYear {
            year: y as i32,
            investment: inv[i],
            external_funding: ext[i],
            gross_savings: sav[i],
        });
    }
    let mut fit = case.fit(&rows)?;
    let mut warnings = guard_notes;
    warnings.append(&mut fit.warnings);
    fit.warnings = warnings;
    let text = match a.common.format {
        Format::Json => json(&Report {
            fit: &fit,
            n: Counts {
                rows: frame.n_read,
                years: rows.len(),
            },
        })?,
        Format::Csv => to_csv(&fit),
        Format::Table => to_table(&fit, a.common.lang.into()),
    };
    Output::new(a.common.out.as_deref()).write(&text)
}

/// One row per year: the given years, then any continued ones (`continued` = 1). The
/// discounted net gains of the given years sum to the NPV.
fn to_csv(f: &BusinessCaseFit) -> String {
    let mut s = String::from(
        "year,continued,investment,external_funding,gross_savings,total_expenditure,net,cumulative_net,discounted_net_gain\n",
    );
    let base = f.years[0];
    for i in 0..f.years.len() {
        let pv = (f.gross_savings[i] - f.investment[i])
            / (1.0 + f.discount_rate).powi(f.years[i] - base);
        let _ = writeln!(
            s,
            "{},0,{},{},{},{},{},{},{}",
            f.years[i],
            csv_number(Some(f.investment[i])),
            csv_number(Some(f.external_funding[i])),
            csv_number(Some(f.gross_savings[i])),
            csv_number(Some(f.total_expenditure[i])),
            csv_number(Some(f.net[i])),
            csv_number(Some(f.cumulative_net[i])),
            csv_number(Some(pv)),
        );
    }
    if let Some(e) = &f.extension {
        let last = f.years.len() - 1;
        for i in f.years.len()..e.years.len() {
            let _ = writeln!(
                s,
                "{},1,{},{},{},{},{},{},",
                e.years[i],
                csv_number(Some(f.investment[last])),
                csv_number(Some(f.external_funding[last])),
                csv_number(Some(f.gross_savings[last])),
                csv_number(Some(f.total_expenditure[last])),
                csv_number(Some(e.net[i])),
                csv_number(Some(e.cumulative_net[i])),
            );
        }
    }
    s
}

/// A fraction as a percentage for people, without floating-point noise (0.035 → 3,5).
fn percent(v: f64, lang: Lang) -> String {
    let p = ((v * 1e8).round() / 1e6).to_string();
    if lang == Lang::Da {
        p.replace('.', ",")
    } else {
        p
    }
}

fn to_table(f: &BusinessCaseFit, lang: Lang) -> String {
    let da = lang == Lang::Da;
    let mut s = String::new();
    let head = if da {
        [
            "År",
            "Investering",
            "Ekstern",
            "Udgift i alt",
            "Bruttobesp.",
            "Netto",
            "Akk. netto",
        ]
    } else {
        [
            "Year",
            "Investment",
            "External",
            "Total exp.",
            "Gross sav.",
            "Net",
            "Cum. net",
        ]
    };
    let _ = writeln!(
        s,
        "{:<6}{:>14}{:>14}{:>14}{:>14}{:>14}{:>14}",
        head[0], head[1], head[2], head[3], head[4], head[5], head[6]
    );
    let row = |s: &mut String, year: String, v: [f64; 6]| {
        let _ = writeln!(
            s,
            "{:<6}{:>14}{:>14}{:>14}{:>14}{:>14}{:>14}",
            year,
            kr(v[0], lang),
            kr(v[1], lang),
            kr(v[2], lang),
            kr(v[3], lang),
            kr(v[4], lang),
            kr(v[5], lang)
        );
    };
    for i in 0..f.years.len() {
        row(
            &mut s,
            f.years[i].to_string(),
            [
                f.investment[i],
                f.external_funding[i],
                f.total_expenditure[i],
                f.gross_savings[i],
                f.net[i],
                f.cumulative_net[i],
            ],
        );
    }
    if let Some(e) = &f.extension {
        let last = f.years.len() - 1;
        for i in f.years.len()..e.years.len() {
            row(
                &mut s,
                format!("{}*", e.years[i]),
                [
                    f.investment[last],
                    f.external_funding[last],
                    f.total_expenditure[last],
                    f.gross_savings[last],
                    e.net[i],
                    e.cumulative_net[i],
                ],
            );
        }
        let _ = writeln!(
            s,
            "{}",
            if da {
                "* sidste års tal videreført"
            } else {
                "* the last year's figures continued"
            }
        );
    }
    let rate = percent(f.discount_rate, lang);
    let _ = writeln!(s);
    let _ = writeln!(
        s,
        "{} {} % ({} {}): {} kr.",
        if da {
            "Nutidsværdi (NPV) ved"
        } else {
            "Net present value at"
        },
        rate,
        if da { "basisår" } else { "base year" },
        f.years[0],
        kr(f.npv, lang)
    );
    let be = match f.break_even_year {
        Some(y) => y.to_string(),
        None if da => "ikke i perioden".into(),
        None => "not within the period".into(),
    };
    let _ = writeln!(
        s,
        "{}: {be}",
        if da {
            "Break-even år"
        } else {
            "Break-even year"
        }
    );
    if !f.sensitivity.is_empty() {
        let _ = writeln!(
            s,
            "\n{} ±{} %:",
            if da {
                "Følsomhed for NPV,"
            } else {
                "NPV sensitivity,"
            },
            percent(f.sensitivity[0].change, lang)
        );
        for x in &f.sensitivity {
            let name = match (x.assumption, da) {
                (SensitivityInput::Investment, true) => "investering",
                (SensitivityInput::Investment, false) => "investment",
                (SensitivityInput::GrossSavings, true) => "bruttobesparelse",
                (SensitivityInput::GrossSavings, false) => "gross savings",
                (SensitivityInput::DiscountRate, true) => "diskonteringsrente",
                (SensitivityInput::DiscountRate, false) => "discount rate",
            };
            let _ = writeln!(
                s,
                "  {name:<20}{:>14} – {}",
                kr(x.npv_min, lang),
                kr(x.npv_max, lang)
            );
        }
    }
    for w in &f.warnings {
        let _ = writeln!(s, "{}: {w}", if da { "Advarsel" } else { "Warning" });
    }
    s
}
