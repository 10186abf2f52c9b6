//! `indsats economics projection`: spending projected to a target year, with intervals.

use super::kroner::{kr, number, percent};
use crate::cli::output::{csv_number, json, Format, Output};
use crate::cli::CliError;
use indsats::data::{self, Role, Wanted};
use indsats::economics::{
    yearly_totals, BackTransform, Band, Projection, ProjectionFit, ProjectionModel, YearTotal,
};
use indsats::{Error, ErrorKind, Lang};
use serde::Serialize;
use std::collections::BTreeMap;
use std::fmt::Write as _;

/// Spending projected to a target year: a linear or log-linear trend with intervals.
///
/// The file holds spending by year (one or more rows per year, added up) or by month
/// (`2021-03`, `03-2021`, `2021-03-01`; added up to years, counting the months with data). A
/// first or last year with fewer than 12 months is left out with a warning; fewer than 5
/// years warn, fewer than 3 are refused, and a target further ahead than twice the years
/// the data span warns.
///
/// linear: spending = a + b·year (the same kroner added each year); log-linear:
/// log spending = a + b·year (the same percentage each year). For every year to the target:
/// the trend, its confidence interval (where the trend lies) and its prediction interval
/// (where the year's actual spending will lie), as R's predict(lm, interval =
/// "confidence"/"prediction"). Log-linear points are medians, exp(fit), unless
/// --back-transform asks for a mean; its intervals are the exponentiated ones.
///
/// --children COL models spending per child 0–17 (the column holds the year's number of
/// children, the same on every row of a year); --future-children gives the municipality's
/// own forecast of children for future years, to turn the per-child projection into totals.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:\n  \
indsats economics projection --data spending.csv --year year --amount amount --target 2030\n  \
indsats economics projection --data costs.csv --year month --amount amount --model both --format json\n  \
indsats economics projection --data spending.csv --year year --amount amount --model log-linear --chart trend.svg\n  \
indsats economics projection --data spending.csv --year year --amount amount --children children_0_17 --future-children 2026=10500,2027=10450")]
pub struct ProjectionArgs {
    /// The spending (CSV, Parquet or FILE.xlsx[:Sheet])
    #[arg(long)]
    data: String,
    /// The column with the year (2021) or the month (2021-03)
    #[arg(long, value_name = "COL")]
    year: String,
    /// The column with the amount in kroner
    #[arg(long, value_name = "COL")]
    amount: String,
    /// The column with the number of children 0–17 that year: project spending per child
    #[arg(long, value_name = "COL")]
    children: Option<String>,
    /// The last year to project to (default: 5 years after the last full year)
    #[arg(long, value_name = "YEAR")]
    target: Option<i32>,
    /// The trend
    #[arg(long, value_enum, default_value = "linear")]
    model: ModelArg,
    /// The level of the intervals
    #[arg(long, default_value_t = 0.95)]
    level: f64,
    /// Log-linear: report the median exp(fit) (default) or a mean
    #[arg(long, value_enum, default_value = "median")]
    back_transform: BackTransformArg,
    /// Children 0–17 expected in future years, YEAR=N,YEAR=N (needs --children)
    #[arg(long, value_name = "YEAR=N,...")]
    future_children: Option<String>,
    /// Also write the chart (observed years, trend, prediction band) of the first model as SVG
    #[arg(long, value_name = "FILE.svg")]
    chart: Option<std::path::PathBuf>,
    #[command(flatten)]
    common: crate::cli::output::Common,
}

/// `--model`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum ModelArg {
    /// spending = a + b·year
    Linear,
    /// log spending = a + b·year
    LogLinear,
    /// Both, side by side
    Both,
}

/// `--back-transform`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum BackTransformArg {
    /// exp(fit), the median
    Median,
    /// exp(fit + σ²/2), the mean under lognormal errors
    MeanLognormal,
    /// exp(fit) · mean(exp(residuals)), Duan's smearing mean
    MeanSmearing,
}

/// Rows and years read, used and left out.
#[derive(Debug, Serialize)]
struct Counts {
    rows: usize,
    rows_excluded: usize,
    years: usize,
    years_used: usize,
    years_excluded: usize,
}

/// The JSON result.
#[derive(Debug, Serialize)]
struct Report<'a> {
    target_year: i32,
    level: f64,
    per_child: bool,
    models: &'a [ProjectionFit],
    n: Counts,
    warnings: Vec<String>,
}

/// `YEAR=N,YEAR=N` as a map.
fn parse_future(s: &str) -> Result<BTreeMap<i32, f64>, CliError> {
    let mut out = BTreeMap::new();
    for part in s.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        let bad = || {
            CliError::Usage(format!(
                "--future-children: \"{part}\" is not YEAR=N (e.g. 2026=10500)"
            ))
        };
        let (y, n) = part.split_once('=').ok_or_else(bad)?;
        let y: i32 = y.trim().parse().map_err(|_| bad())?;
        let n = data::parse_number(n.trim()).ok_or_else(bad)?;
        if out.insert(y, n).is_some() {
            return Err(CliError::Usage(format!(
                "--future-children: {y} is given twice"
            )));
        }
    }
    Ok(out)
}

pub(super) fn run(a: ProjectionArgs) -> Result<(), CliError> {
    let future = a
        .future_children
        .as_deref()
        .map(parse_future)
        .transpose()?
        .unwrap_or_default();
    let back = match a.back_transform {
        BackTransformArg::Median => BackTransform::Median,
        BackTransformArg::MeanLognormal => BackTransform::MeanLognormal,
        BackTransformArg::MeanSmearing => BackTransform::MeanSmearing,
    };
    let models: &[ProjectionModel] = match a.model {
        ModelArg::Linear => &[ProjectionModel::Linear],
        ModelArg::LogLinear => &[ProjectionModel::LogLinear],
        ModelArg::Both => &[ProjectionModel::Linear, ProjectionModel::LogLinear],
    };
    let configure = |model: ProjectionModel| {
        let mut p = Projection::new(model)
            .level(a.level)
            .back_transform(back)
            .per_child(a.children.is_some())
            .future_children(future.clone());
        if let Some(t) = a.target {
            p = p.target_year(t);
        }
        p
    };
    configure(models[0]).check().map_err(|e| {
        let m = e.to_string().replace("future_children", "future-children");
        CliError::Usage(format!("--{m}"))
    })?;
    let (table, guard_notes) = a.common.read_guarded(&a.data)?;
    let mut wanted = vec![
        Wanted {
            name: &a.year,
            role: Role::Label,
        },
        Wanted {
            name: &a.amount,
            role: Role::Number,
        },
    ];
    if let Some(c) = &a.children {
        wanted.push(Wanted {
            name: c,
            role: Role::Number,
        });
    }
    let frame = data::frame(&table, &wanted)?;
    let cell = |i: usize, column: &str, message: String| {
        Error::new(ErrorKind::Cell {
            file: table.source.clone(),
            row: frame.file_rows[i],
            column: column.to_string(),
            message,
        })
    };
    let labels = frame.label(&a.year).expect("read");
    let amounts = frame.number(&a.amount).expect("read");
    let children = a
        .children
        .as_deref()
        .map(|c| frame.number(c).expect("read"));
    if labels.is_empty() {
        return Err(Error::analysis(format!(
            "{}: no rows with a year and an amount",
            table.source
        ))
        .into());
    }
    // Whole years, or months when any cell is not a plain year.
    let plain_year = |s: &str| {
        // 2021, or 2021.0 as spreadsheets store a year typed as a number.
        data::parse_number(s.trim())
            .filter(|v| v.fract() == 0.0 && (1000.0..=9999.0).contains(v))
            .map(|v| v as i32)
    };
    // The first row decides: years (2021) or months (2021-03).
    let monthly = plain_year(&labels[0]).is_none();
    let mut years_of_rows = Vec::with_capacity(labels.len());
    let mut totals: Vec<YearTotal> = if monthly {
        let mut rows = Vec::with_capacity(labels.len());
        for (i, l) in labels.iter().enumerate() {
            let (y, m) = data::parse_month(l).ok_or_else(|| {
                cell(
                    i,
                    &a.year,
                    format!("\"{l}\" is not a year (2021) or a month (2021-03)"),
                )
            })?;
            years_of_rows.push(y);
            rows.push((y, m, amounts[i]));
        }
        yearly_totals(&rows)?
    } else {
        let mut by_year: BTreeMap<i32, f64> = BTreeMap::new();
        for (i, l) in labels.iter().enumerate() {
            let y = plain_year(l).ok_or_else(|| {
                cell(
                    i,
                    &a.year,
                    format!(
                        "\"{l}\" is not a year (the first row has the year {})",
                        labels[0].trim()
                    ),
                )
            })?;
            years_of_rows.push(y);
            *by_year.entry(y).or_insert(0.0) += amounts[i];
        }
        by_year
            .into_iter()
            .map(|(year, amount)| YearTotal {
                year,
                amount,
                months: None,
                children: None,
            })
            .collect()
    };
    if let (Some(col), Some(name)) = (children, a.children.as_deref()) {
        let mut by_year: BTreeMap<i32, (usize, f64)> = BTreeMap::new();
        for (i, (&y, &c)) in years_of_rows.iter().zip(col).enumerate() {
            if !(c.is_finite() && c > 0.0) {
                return Err(
                    cell(i, name, format!("{c} is not a positive number of children")).into(),
                );
            }
            match by_year.get(&y) {
                Some(&(j, prev)) if prev != c => {
                    return Err(cell(
                        i,
                        name,
                        format!(
                            "{c} children in {y}, but row {} says {prev}; give one number per year",
                            frame.file_rows[j]
                        ),
                    )
                    .into())
                }
                Some(_) => {}
                None => {
                    by_year.insert(y, (i, c));
                }
            }
        }
        for t in &mut totals {
            t.children = by_year.get(&t.year).map(|x| x.1);
        }
    }
    let mut fits = Vec::with_capacity(models.len());
    for &m in models {
        let fit = configure(m).fit(&totals).map_err(|e| match e.kind() {
            ErrorKind::InvalidParameter { name, .. } if name == "target_year" => {
                CliError::Usage(format!("--target: {}", strip_name(&e.to_string())))
            }
            _ => CliError::Failure(e),
        })?;
        fits.push(fit);
    }
    let mut warnings = guard_notes;
    warnings.extend(frame.missing_warnings());
    for f in &fits {
        for w in &f.warnings {
            if !warnings.contains(w) {
                warnings.push(w.clone());
            }
        }
    }
    let first = &fits[0];
    let target_year = first.projections.last().map_or(0, |p| p.year);
    let text = match a.common.format {
        Format::Json => json(&Report {
            target_year,
            level: a.level,
            per_child: a.children.is_some(),
            models: &fits,
            n: Counts {
                rows: frame.n_read,
                rows_excluded: frame.n_excluded(),
                years: first.n.years,
                years_used: first.n.used,
                years_excluded: first.n.excluded,
            },
            warnings,
        })?,
        Format::Csv => to_csv(&fits),
        Format::Table => to_table(&fits, &warnings, a.common.lang.into()),
    };
    if let Some(path) = &a.chart {
        let svg = indsats::report::charts_projection::projection_chart(
            "projection",
            first,
            a.common.lang.into(),
        )?;
        Output::new(Some(path)).write(&svg)?;
    }
    Output::new(a.common.out.as_deref()).write(&text)
}

/// The message of a parameter error without its "name: " prefix.
fn strip_name(m: &str) -> String {
    m.split_once(": ").map_or(m, |(_, r)| r).to_string()
}

fn model_name(m: ProjectionModel) -> &'static str {
    match m {
        ProjectionModel::Linear => "linear",
        ProjectionModel::LogLinear => "log_linear",
    }
}

/// One row per model and year, observed years first (`projected` 0) then the projection.
fn to_csv(fits: &[ProjectionFit]) -> String {
    let mut s = String::from(
        "model,year,projected,observed,fit,ci_lower,ci_upper,pi_lower,pi_upper,children,total_fit,total_ci_lower,total_ci_upper,total_pi_lower,total_pi_upper\n",
    );
    for f in fits {
        for (projected, p) in f
            .fitted
            .iter()
            .map(|p| (0, p))
            .chain(f.projections.iter().map(|p| (1, p)))
        {
            let t = p.total;
            let _ = writeln!(
                s,
                "{},{},{projected},{},{},{},{},{},{},{},{},{},{},{},{}",
                model_name(f.model),
                p.year,
                csv_number(p.observed),
                csv_number(Some(p.band.fit)),
                csv_number(Some(p.band.ci[0])),
                csv_number(Some(p.band.ci[1])),
                csv_number(Some(p.band.pi[0])),
                csv_number(Some(p.band.pi[1])),
                csv_number(p.children),
                csv_number(t.map(|b| b.fit)),
                csv_number(t.map(|b| b.ci[0])),
                csv_number(t.map(|b| b.ci[1])),
                csv_number(t.map(|b| b.pi[0])),
                csv_number(t.map(|b| b.pi[1])),
            );
        }
    }
    s
}

fn to_table(fits: &[ProjectionFit], warnings: &[String], lang: Lang) -> String {
    let da = lang == Lang::Da;
    let mut s = String::new();
    for f in fits {
        let unit = if f.per_child {
            if da {
                "kr. pr. barn"
            } else {
                "DKK per child"
            }
        } else if da {
            "kr."
        } else {
            "DKK"
        };
        let amount = |v: f64| {
            if f.per_child {
                number(v, 0, lang)
            } else {
                kr(v, lang)
            }
        };
        let first = f.fitted.first().map_or(0, |p| p.year);
        let last = f.fitted.last().map_or(0, |p| p.year);
        let (title, change) = match (f.model, da) {
            (ProjectionModel::Linear, true) => (
                "Lineær trend",
                format!(
                    "{} {unit} om året",
                    signed(amount(f.annual_change), f.annual_change)
                ),
            ),
            (ProjectionModel::Linear, false) => (
                "Linear trend",
                format!(
                    "{} {unit} a year",
                    signed(amount(f.annual_change), f.annual_change)
                ),
            ),
            (ProjectionModel::LogLinear, true) => (
                "Log-lineær trend",
                format!(
                    "{} % om året",
                    signed(percent(f.annual_change, lang), f.annual_change)
                ),
            ),
            (ProjectionModel::LogLinear, false) => (
                "Log-linear trend",
                format!(
                    "{} % a year",
                    signed(percent(f.annual_change, lang), f.annual_change)
                ),
            ),
        };
        let _ = writeln!(
            s,
            "{title} {first}–{last} ({} {}): {change}, R² {}",
            f.n.used,
            if da { "år" } else { "years" },
            number(f.r_squared, 2, lang)
        );
        let lvl = number(f.level * 100.0, 0, lang);
        let point = match (f.back_transform, da) {
            (None, true) => "Fremskrevet",
            (None, false) => "Projected",
            (Some(BackTransform::Median), true) => "Median",
            (Some(BackTransform::Median), false) => "Median",
            (Some(_), true) => "Middel",
            (Some(_), false) => "Mean",
        };
        let ci = if da { "KI" } else { "CI" };
        let pi = "PI";
        let _ = writeln!(
            s,
            "{:<6}{:>28}{:>30}{:>30}",
            if da { "År" } else { "Year" },
            format!("{point} ({unit})"),
            format!("{lvl} % {ci}"),
            format!("{lvl} % {pi}")
        );
        let interval = |v: [f64; 2]| format!("{} – {}", amount(v[0]), amount(v[1]));
        let line = |s: &mut String, year: String, b: &Band| {
            let _ = writeln!(
                s,
                "{year:<6}{:>28}{:>30}{:>30}",
                amount(b.fit),
                interval(b.ci),
                interval(b.pi)
            );
        };
        for p in &f.projections {
            line(&mut s, p.year.to_string(), &p.band);
        }
        if f.projections.iter().any(|p| p.total.is_some()) {
            let _ = writeln!(
                s,
                "{}",
                if da {
                    "I alt (pr. barn × forventet antal børn):"
                } else {
                    "In total (per child × children expected):"
                }
            );
            for p in &f.projections {
                if let Some(t) = &p.total {
                    let _ = writeln!(
                        s,
                        "{:<6}{:>28}{:>30}{:>30}",
                        p.year,
                        kr(t.fit, lang),
                        format!("{} – {}", kr(t.ci[0], lang), kr(t.ci[1], lang)),
                        format!("{} – {}", kr(t.pi[0], lang), kr(t.pi[1], lang))
                    );
                }
            }
        }
        let _ = writeln!(s);
    }
    let _ = writeln!(
        s,
        "{}",
        if da {
            "KI: hvor trenden ligger. PI: hvor det enkelte års faktiske udgift ventes at ligge."
        } else {
            "CI: where the trend lies. PI: where a single year's actual spending is expected to lie."
        }
    );
    for w in warnings {
        let _ = writeln!(s, "{}: {w}", if da { "Advarsel" } else { "Warning" });
    }
    s
}

/// A formatted number with an explicit + when positive.
fn signed(text: String, v: f64) -> String {
    if v > 0.0 {
        format!("+{text}")
    } else {
        text
    }
}
