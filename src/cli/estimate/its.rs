//! `indsats estimate its`: an interrupted time series by segmented regression with
//! Newey–West standard errors, as statsmodels' `OLS(...).fit(cov_type="HAC")`.

use crate::cli::output::{csv_field, csv_number, json, Format, Output};
use crate::cli::CliError;
use indsats::data::{self, parse_month, Role, Wanted, YearMonth};
use indsats::effects::{Inference, Its, ItsFit, Series, TimeScale};
use indsats::{Error, Lang};
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::PathBuf;

/// Interrupted time series: the level and slope change at an interruption, against the
/// trend before it, with Newey–West standard errors.
///
/// One row per period (--time: whole numbers, or months such as 2021-03, which are
/// numbered from 1 and said so), the outcome in --outcome. The model is
/// y = b0 + b1·time + b2·level_change + b3·slope_change, where level_change is 1 from the
/// interruption T on and slope_change is time − T + 1 from T on. The effect h periods after
/// the interruption is b2 + h·b3; the counterfactual extends the trend before T.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:\n  \
indsats estimate its --data series.csv --time month --outcome y --interruption 2020-01\n  \
indsats estimate its --data series.csv --time t --outcome y --interruption 61 --hac-lags 6 --use-t\n  \
indsats estimate its --data series.csv --time month --outcome y --interruption 2020-01 --seasonal 12 --chart its.svg\n  \
indsats estimate its --data wide.csv --time month --outcome treated --control-series control --interruption 2019-01\n  \
indsats estimate its --data costs.csv --time month --outcome amount --sum --interruption 2018-01 --seasonal 12")]
pub struct Args {
    // boxed: the estimate subcommands' Args live in one enum
    #[command(flatten)]
    flags: Box<Flags>,
}

/// The flags of `estimate its`.
#[derive(Debug, clap::Args)]
struct Flags {
    /// The data (CSV, Parquet or FILE.xlsx[:Sheet]), one row per period
    #[arg(long)]
    data: String,
    /// The time column: whole numbers, or months (2021-03)
    #[arg(long, value_name = "COL")]
    time: String,
    /// The outcome column
    #[arg(long, value_name = "COL")]
    outcome: String,
    /// The first period after the interruption, in the time column's units (61, 2020-01)
    #[arg(long, value_name = "T")]
    interruption: String,
    /// Newey–West lags [default: floor(4(n/100)^(2/9)), n periods per series]
    #[arg(long, value_name = "L")]
    hac_lags: Option<usize>,
    /// Multiply the Newey–West covariance by n/(n − k) (statsmodels' use_correction)
    #[arg(long)]
    hac_correction: bool,
    /// Season dummies for this period (12: calendar months for monthly data; the first
    /// season is the reference)
    #[arg(long, value_name = "PERIOD")]
    seasonal: Option<usize>,
    /// A comparison series (a column measured in the same periods): controlled ITS
    #[arg(long, value_name = "COL")]
    control_series: Option<String>,
    /// t tests and intervals on n − k degrees of freedom instead of the normal
    #[arg(long)]
    use_t: bool,
    /// Also report the effect this many periods after the interruption (1 = the first)
    #[arg(long, value_delimiter = ',', value_name = "H,H")]
    horizons: Vec<i64>,
    /// Add up the outcome (and comparison series) over rows with the same time value, as
    /// in a ledger with one row per payment; rows with an empty amount are left out
    #[arg(long)]
    sum: bool,
    /// Write a chart of the series, the fitted segments and the counterfactual (SVG) here
    #[arg(long, value_name = "FILE.svg")]
    chart: Option<PathBuf>,
    /// Confidence level
    #[arg(long, default_value_t = 0.95)]
    ci_level: f64,
    #[command(flatten)]
    common: crate::cli::output::Common,
}

fn usage(m: impl Into<String>) -> CliError {
    CliError::Usage(m.into())
}

fn failure(m: String) -> CliError {
    CliError::Failure(Error::analysis(m))
}

/// The time values of a column: whole numbers, or months.
enum Times {
    Integer(Vec<i64>),
    Month(Vec<YearMonth>),
}

fn read_times(
    source: &str,
    col: &str,
    cells: &[String],
    rows: &[usize],
) -> Result<Times, CliError> {
    // Whole numbers, also as a spreadsheet writes them (`61.0`).
    let whole = |c: &str| -> Option<i64> {
        let c = c.trim();
        c.parse::<i64>().ok().or_else(|| {
            c.parse::<f64>()
                .ok()
                .filter(|v| v.fract() == 0.0 && v.abs() < 1e15)
                .map(|v| v as i64)
        })
    };
    let ints: Vec<Option<i64>> = cells.iter().map(|c| whole(c)).collect();
    if ints.iter().all(Option::is_some) {
        return Ok(Times::Integer(ints.into_iter().flatten().collect()));
    }
    let months: Vec<Option<(i32, u32)>> = cells.iter().map(|c| parse_month(c)).collect();
    if months.iter().all(Option::is_some) {
        return Ok(Times::Month(
            months
                .into_iter()
                .flatten()
                .map(|(year, month)| YearMonth { year, month })
                .collect(),
        ));
    }
    // Blame the first cell that fits neither reading of the column's first value.
    let want_int = ints.first().is_some_and(Option::is_some);
    let i = (0..cells.len())
        .find(|&i| {
            if want_int {
                ints[i].is_none()
            } else {
                months[i].is_none()
            }
        })
        .unwrap_or(0);
    Err(failure(format!(
        "{source}: column \"{col}\" row {}: \"{}\" is neither a whole number nor a month \
         (e.g. 2021-03); every time value must be one kind",
        rows[i], cells[i]
    )))
}

/// Runs the subcommand.
pub fn run(args: Args) -> Result<(), CliError> {
    let a = *args.flags;
    let its = Its::new(0)
        .hac_lags(a.hac_lags)
        .hac_correction(a.hac_correction)
        .seasonal(a.seasonal)
        .inference(if a.use_t {
            Inference::T
        } else {
            Inference::Normal
        })
        .ci_level(a.ci_level)
        .horizons(a.horizons.clone());
    its.check().map_err(|e| usage(format!("--{e}")))?;
    let mut named = vec![("--time", &a.time), ("--outcome", &a.outcome)];
    named.extend(a.control_series.as_ref().map(|c| ("--control-series", c)));
    for (i, (flag, col)) in named.iter().enumerate() {
        if let Some((other, _)) = named[..i].iter().find(|(_, c)| c == col) {
            return Err(usage(format!(
                "column \"{col}\" is named by both {other} and {flag}"
            )));
        }
    }
    let (table, guard_notes) = a.common.read_guarded(&a.data)?;
    let mut wanted = vec![
        Wanted {
            name: &a.time,
            role: Role::Label,
        },
        Wanted {
            name: &a.outcome,
            role: Role::Number,
        },
    ];
    if let Some(c) = &a.control_series {
        wanted.push(Wanted {
            name: c,
            role: Role::Number,
        });
    }
    let frame = data::frame(&table, &wanted)?;
    let mut warnings = guard_notes;
    if frame.n_excluded() > 0 {
        if !a.sum {
            // A period without a value is a hole in the series: said with its rows.
            let kept: std::collections::HashSet<usize> = frame.file_rows.iter().copied().collect();
            let missing: Vec<String> = (0..frame.n_read)
                .map(|r| table.file_row(r))
                .filter(|r| !kept.contains(r))
                .map(|r| r.to_string())
                .collect();
            let shown = missing
                .iter()
                .take(5)
                .cloned()
                .collect::<Vec<_>>()
                .join(", ");
            let more = if missing.len() > 5 {
                format!(" and {} more", missing.len() - 5)
            } else {
                String::new()
            };
            let cols: Vec<String> = frame
                .missing
                .iter()
                .map(|m| format!("\"{}\"", m.column))
                .collect();
            return Err(failure(format!(
                "{}: row{} {shown}{more} {} empty in column {}; an interrupted time series needs \
                 a value for every period",
                frame.source,
                if missing.len() > 1 { "s" } else { "" },
                if missing.len() > 1 { "are" } else { "is" },
                cols.join(", ")
            )));
        }
        warnings.extend(frame.missing_warnings());
    }
    let cells = frame.label(&a.time).expect("read");
    let y = frame.number(&a.outcome).expect("read").to_vec();
    let control = a
        .control_series
        .as_ref()
        .map(|c| frame.number(c).expect("read").to_vec());
    if cells.is_empty() {
        return Err(failure(format!("{}: no rows to analyse", frame.source)));
    }
    let times = read_times(&frame.source, &a.time, cells, &frame.file_rows)?;
    // A number per period for summing: the integer, or the month's count.
    let keys: Vec<i64> = match &times {
        Times::Integer(v) => v.clone(),
        Times::Month(v) => v
            .iter()
            .map(|m| i64::from(m.year) * 12 + i64::from(m.month) - 1)
            .collect(),
    };
    let mut rows = frame.file_rows.clone();
    let (keys, y, control, summed) = if a.sum {
        let mut by: BTreeMap<i64, (f64, f64, usize)> = BTreeMap::new();
        for (i, k) in keys.iter().enumerate() {
            let e = by.entry(*k).or_insert((0.0, 0.0, frame.file_rows[i]));
            e.0 += y[i];
            e.1 += control.as_ref().map_or(0.0, |c| c[i]);
        }
        rows = by.values().map(|v| v.2).collect();
        (
            by.keys().copied().collect::<Vec<_>>(),
            by.values().map(|v| v.0).collect::<Vec<_>>(),
            control.as_ref().map(|_| by.values().map(|v| v.1).collect()),
            Some(frame.n_used()),
        )
    } else {
        (keys, y, control, None)
    };
    let mut series = match &times {
        Times::Integer(_) => Series::new(&a.outcome, keys, y),
        Times::Month(_) => {
            let labels: Vec<String> = keys
                .iter()
                .map(|k| {
                    YearMonth {
                        year: k.div_euclid(12) as i32,
                        month: k.rem_euclid(12) as u32 + 1,
                    }
                    .to_string()
                })
                .collect();
            let refs: Vec<&str> = labels.iter().map(String::as_str).collect();
            Series::months(&a.outcome, &refs, y)?
        }
    }
    .rows(rows);
    if let (Some(name), Some(c)) = (&a.control_series, control) {
        series = series.control(name, c);
    }
    let t = series
        .time_of(&a.interruption)
        .map_err(|e| usage(format!("--{e}")))?;
    let mut fit = its.interruption(t).fit(&series).map_err(|e| {
        let hint = if !a.sum && e.to_string().contains("needs each time once") {
            " (with --sum the rows of each period are added up, as for a ledger)"
        } else {
            ""
        };
        CliError::Failure(Error::analysis(format!("{}: {e}{hint}", frame.source)))
    })?;
    fit.n.excluded = frame.n_excluded();
    fit.n.rows_summed = summed;
    warnings.append(&mut fit.warnings);
    fit.warnings = warnings;
    let lang: Lang = a.common.lang.into();
    if let Some(path) = &a.chart {
        let svg = indsats::report::charts_its::its_chart("its", &fit, lang)?;
        Output::new(Some(path)).write(&svg)?;
    }
    let text = match a.common.format {
        Format::Json => json(&fit)?,
        Format::Csv => to_csv(&fit),
        Format::Table => to_table(&fit, lang),
    };
    Output::new(a.common.out.as_deref()).write(&text)
}

fn to_csv(f: &ItsFit) -> String {
    let mut s = String::from("term,coef,std_error,classical_std_error,z,p_value,ci_low,ci_high\n");
    for c in &f.coefficients {
        let _ = writeln!(
            s,
            "{},{},{},{},{},{},{},{}",
            csv_field(&c.term),
            csv_number(Some(c.coef)),
            csv_number(Some(c.std_error)),
            csv_number(Some(c.classical_std_error)),
            csv_number(c.z),
            csv_number(c.p_value),
            csv_number(Some(c.ci[0])),
            csv_number(Some(c.ci[1]))
        );
    }
    s
}

fn dec(v: f64, digits: usize, lang: Lang) -> String {
    if !v.is_finite() {
        return "–".into();
    }
    let s = format!("{v:.digits$}");
    match lang {
        Lang::Da => s.replace('.', ","),
        Lang::En => s,
    }
}

fn p_text(p: Option<f64>, lang: Lang) -> String {
    match p {
        None => "–".into(),
        Some(p) if p < 0.001 => match lang {
            Lang::Da => "< 0,001".into(),
            Lang::En => "< 0.001".into(),
        },
        Some(p) => dec(p, 3, lang),
    }
}

fn term_name(term: &str, da: bool) -> String {
    let known = match (term, da) {
        ("intercept", true) => "skæring",
        ("intercept", false) => "intercept",
        ("time", true) => "hældning før",
        ("time", false) => "slope before",
        ("level_change", true) => "niveauskift",
        ("level_change", false) => "level change",
        ("slope_change", true) => "hældningsskift",
        ("slope_change", false) => "slope change",
        ("group", true) => "gruppe",
        ("group", false) => "group",
        ("group_time", true) => "gruppe × tid",
        ("group_time", false) => "group × time",
        ("group_level_change", true) => "gruppe × niveauskift",
        ("group_level_change", false) => "group × level change",
        ("group_slope_change", true) => "gruppe × hældningsskift",
        ("group_slope_change", false) => "group × slope change",
        _ => "",
    };
    if known.is_empty() {
        match term.strip_prefix("season_") {
            Some(k) if da => format!("sæson {k}"),
            Some(k) => format!("season {k}"),
            None => term.to_string(),
        }
    } else {
        known.to_string()
    }
}

fn to_table(f: &ItsFit, lang: Lang) -> String {
    let da = lang == Lang::Da;
    let mut s = String::new();
    let level = dec(f.ci_level * 100.0, 0, lang);
    let to = if da { "til" } else { "to" };
    let _ = writeln!(
        s,
        "{}: {}{}",
        if da {
            "Afbrudt tidsserie"
        } else {
            "Interrupted time series"
        },
        f.outcome,
        f.control_series.as_ref().map_or(String::new(), |c| {
            if da {
                format!(" mod sammenligningsserien {c}")
            } else {
                format!(" against the comparison series {c}")
            }
        })
    );
    let first = f
        .counterfactual
        .first()
        .map_or(String::new(), |p| p.label.clone());
    let last = f
        .counterfactual
        .last()
        .map_or(String::new(), |p| p.label.clone());
    let _ = writeln!(
        s,
        "  {} {first} {to} {last}: {} {} {} {} {} ({})",
        if da { "perioder" } else { "periods" },
        f.n.pre,
        if da { "før og" } else { "before and" },
        f.n.post,
        if da { "fra" } else { "from" },
        if da {
            "afbrydelsen"
        } else {
            "the interruption"
        },
        f.interruption.label
    );
    let h = &f.hac;
    let method = if da {
        format!(
            "Newey–West (HAC), Bartlett-vægte, {} lag, {}, {}",
            h.lags,
            if h.correction {
                "med korrektionen n/(n − k)"
            } else {
                "uden småstikprøvekorrektion"
            },
            match f.df {
                Some(df) => format!("t-fordeling med {} frihedsgrader", dec(df, 0, lang)),
                None => "normalfordeling".to_string(),
            }
        )
    } else {
        f.std_error_method.clone()
    };
    let _ = writeln!(
        s,
        "  {}: {method}",
        if da {
            "standardfejl"
        } else {
            "standard errors"
        }
    );
    // One table of terms and contrasts, each column as wide as its widest cell.
    let ci = |c: [f64; 2]| format!("{} {to} {}", dec(c[0], 3, lang), dec(c[1], 3, lang));
    let mut rows: Vec<[String; 6]> = vec![[
        (if da { "led" } else { "term" }).to_string(),
        (if da { "estimat" } else { "estimate" }).to_string(),
        "SE (NW)".to_string(),
        (if da { "SE (klass.)" } else { "SE (class.)" }).to_string(),
        format!("{level} %-{}", if da { "KI" } else { "CI" }),
        "p".to_string(),
    ]];
    for c in &f.coefficients {
        rows.push([
            term_name(&c.term, da),
            dec(c.coef, 3, lang),
            dec(c.std_error, 3, lang),
            dec(c.classical_std_error, 3, lang),
            ci(c.ci),
            p_text(c.p_value, lang),
        ]);
    }
    let n_terms = rows.len();
    for c in &f.contrasts {
        let name = match (c.name.as_str(), c.horizon) {
            ("post_slope", _) => (if da { "hældning efter" } else { "slope after" }).to_string(),
            (_, Some(h)) if da => format!("effekt efter {h} perioder"),
            (_, Some(h)) => format!("effect after {h} periods"),
            (n, None) => n.to_string(),
        };
        rows.push([
            name,
            dec(c.estimate, 3, lang),
            dec(c.std_error, 3, lang),
            String::new(),
            ci(c.ci),
            p_text(c.p_value, lang),
        ]);
    }
    let mut width = [0usize; 6];
    for r in &rows {
        for (w, cell) in width.iter_mut().zip(r) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let _ = writeln!(s);
    for (i, r) in rows.iter().enumerate() {
        if i == n_terms {
            let _ = writeln!(s);
        }
        let mut line = format!("  {:<w$}", r[0], w = width[0]);
        for (cell, w) in r[1..].iter().zip(&width[1..]) {
            let pad = w.saturating_sub(cell.chars().count());
            let _ = write!(line, "  {}{cell}", " ".repeat(pad));
        }
        let _ = writeln!(s, "{line}");
    }
    let d = &f.diagnostics;
    let opt = |v: Option<f64>| v.map_or("–".to_string(), |v| dec(v, 3, lang));
    let _ = writeln!(
        s,
        "\n  Durbin–Watson {}, {} {}, R² {}",
        opt(d.durbin_watson),
        if da {
            "autokorrelation (lag 1) i residualerne"
        } else {
            "residual autocorrelation (lag 1)"
        },
        opt(d.residual_lag1_autocorrelation),
        opt(d.r_squared)
    );
    if let TimeScale::Month { first } = f.time_scale {
        let note = if da {
            format!(
                "månederne er nummereret fra 1 ({first} = 1): skæringen er niveauet i måneden \
                 før {first}, hældningerne er pr. måned, og afbrydelsen {} er periode {}",
                f.interruption.label, f.interruption.time
            )
        } else {
            f.notes.join("; ")
        };
        let _ = writeln!(s, "{}: {note}", if da { "bemærk" } else { "note" });
    }
    for w in &f.warnings {
        let _ = writeln!(s, "{}: {w}", if da { "advarsel" } else { "warning" });
    }
    s
}
