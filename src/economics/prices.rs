//! Current or constant prices: a price index by year and its base year.

use crate::error::{Error, Result};
use serde::Serialize;
use std::collections::BTreeMap;
use std::path::Path;

/// A price index by calendar year with a base year, to turn current kroner into constant
/// kroner of the base year (e.g. Danmarks Statistik's PRIS112, or the municipal P/L index).
///
/// ```text
/// amount_constant = amount × index[base year] / index[year of the month booked]
/// ```
///
/// ```
/// use indsats::economics::PriceIndex;
/// let idx = PriceIndex::from_csv_str("year,index\n2020,100\n2021,102\n2022,110.16\n", "pl.csv", 2022)
///     .unwrap();
/// // 1,000 kr. booked in 2020 is 1,101.60 kr. in 2022 prices
/// assert!((1000.0 * idx.factor(2020).unwrap() - 1101.6).abs() < 1e-9);
/// assert_eq!(idx.factor(2019), None);
/// ```
///
/// # Errors
/// A file without `year` and `index` columns, a year or index that does not parse
/// (naming file, row, column and value), an index that is not positive, a year given
/// twice, a base year the index does not have.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PriceIndex {
    /// Where the index came from (a file name), for messages.
    pub source: String,
    /// The base year: amounts are expressed in its prices.
    pub base_year: i32,
    /// The index by year.
    pub index: BTreeMap<i32, f64>,
}

impl PriceIndex {
    /// An index from its values.
    ///
    /// # Errors
    /// See [`PriceIndex`].
    pub fn new(
        source: impl Into<String>,
        index: BTreeMap<i32, f64>,
        base_year: i32,
    ) -> Result<PriceIndex> {
        let source = source.into();
        for (y, v) in &index {
            if !(v.is_finite() && *v > 0.0) {
                return Err(Error::format(
                    &source,
                    format!("price index for {y} is {v}; it must be a positive number"),
                ));
            }
        }
        if !index.contains_key(&base_year) {
            return Err(Error::parameter(
                "base_year",
                format!(
                    "the price index {source} has no {base_year} (it has {})",
                    years_text(&index)
                ),
            ));
        }
        Ok(PriceIndex {
            source,
            base_year,
            index,
        })
    }

    /// index\[base year\] / index\[year\], or `None` when the index has no such year.
    pub fn factor(&self, year: i32) -> Option<f64> {
        let base = self.index.get(&self.base_year)?;
        self.index.get(&year).map(|v| base / v)
    }

    /// Reads `year,index` from CSV text (comma or semicolon; a decimal comma is allowed
    /// with semicolons).
    ///
    /// # Errors
    /// See [`PriceIndex`].
    pub fn from_csv_str(text: &str, source: &str, base_year: i32) -> Result<PriceIndex> {
        let mut lines = text
            .lines()
            .enumerate()
            .filter(|(_, l)| !l.trim().is_empty());
        let Some((_, header)) = lines.next() else {
            return Err(Error::format(
                source,
                "is empty; expected columns year,index",
            ));
        };
        let sep = if header.contains(';') { ';' } else { ',' };
        let cols: Vec<String> = header
            .trim_start_matches('\u{feff}')
            .split(sep)
            .map(|c| c.trim().trim_matches('"').to_lowercase())
            .collect();
        let find = |name: &str| cols.iter().position(|c| c == name);
        let (Some(cy), Some(ci)) = (find("year"), find("index")) else {
            return Err(Error::format(
                source,
                format!(
                    "needs the columns year and index (it has: {})",
                    cols.join(", ")
                ),
            ));
        };
        let mut index = BTreeMap::new();
        for (i, line) in lines {
            let row = i + 1;
            let cells: Vec<&str> = line
                .split(sep)
                .map(|c| c.trim().trim_matches('"'))
                .collect();
            let cell = |c: usize| cells.get(c).copied().unwrap_or("");
            let year: i32 = cell(cy).parse().map_err(|_| {
                Error::format(
                    source,
                    format!("row {row}, column year: \"{}\" is not a year", cell(cy)),
                )
            })?;
            let value = crate::data::parse_number(cell(ci)).ok_or_else(|| {
                Error::format(
                    source,
                    format!("row {row}, column index: \"{}\" is not a number", cell(ci)),
                )
            })?;
            if index.insert(year, value).is_some() {
                return Err(Error::format(
                    source,
                    format!("row {row}, column year: {year} is given twice"),
                ));
            }
        }
        PriceIndex::new(source, index, base_year)
    }

    /// Reads TOML: an `[index]` table of `"year" = value` (a top-level `base_year` is used
    /// when `base_year` is `None`).
    ///
    /// ```text
    /// base_year = 2024
    /// [index]
    /// 2022 = 96.1
    /// 2023 = 98.4
    /// 2024 = 100.0
    /// ```
    ///
    /// # Errors
    /// See [`PriceIndex`]; also no base year given at all.
    pub fn from_toml_str(text: &str, source: &str, base_year: Option<i32>) -> Result<PriceIndex> {
        let value: toml::Table = text
            .parse()
            .map_err(|e: toml::de::Error| Error::format(source, e.message().to_lowercase()))?;
        let table = value
            .get("index")
            .and_then(|v| v.as_table())
            .ok_or_else(|| Error::format(source, "needs an [index] table of year = value"))?;
        let mut index = BTreeMap::new();
        for (k, v) in table {
            let year: i32 = k
                .trim()
                .parse()
                .map_err(|_| Error::format(source, format!("[index]: \"{k}\" is not a year")))?;
            let num = v
                .as_float()
                .or_else(|| v.as_integer().map(|i| i as f64))
                .ok_or_else(|| {
                    Error::format(source, format!("[index] {k}: \"{v}\" is not a number"))
                })?;
            index.insert(year, num);
        }
        let file_base = value
            .get("base_year")
            .and_then(|v| v.as_integer())
            .map(|y| y as i32);
        let base = base_year.or(file_base).ok_or_else(|| {
            Error::parameter(
                "base_year",
                format!("no base year: give one, or base_year = YEAR in {source}"),
            )
        })?;
        PriceIndex::new(source, index, base)
    }

    /// Reads a `.toml` file with [`PriceIndex::from_toml_str`], anything else as CSV.
    ///
    /// # Errors
    /// The file cannot be read; see [`PriceIndex`].
    pub fn from_file(path: &Path, base_year: Option<i32>) -> Result<PriceIndex> {
        let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
        let name = path.display().to_string();
        if path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("toml"))
        {
            PriceIndex::from_toml_str(&text, &name, base_year)
        } else {
            let base = base_year.ok_or_else(|| {
                Error::parameter("base_year", "a CSV price index needs a base year")
            })?;
            PriceIndex::from_csv_str(&text, &name, base)
        }
    }
}

fn years_text(index: &BTreeMap<i32, f64>) -> String {
    match (index.keys().next(), index.keys().next_back()) {
        (Some(a), Some(b)) if a == b => a.to_string(),
        (Some(a), Some(b)) => format!("{a}-{b}"),
        _ => "no years".to_string(),
    }
}

/// Current prices, or constant prices of an index's base year.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum Prices {
    /// Kroner as booked.
    #[default]
    Current,
    /// Kroner of the index's base year.
    Constant(PriceIndex),
}

impl Prices {
    /// The factor for amounts booked in `year`: 1 at current prices.
    pub(crate) fn factor(&self, year: i32) -> Option<f64> {
        match self {
            Prices::Current => Some(1.0),
            Prices::Constant(idx) => idx.factor(year),
        }
    }

    /// "current" or "constant 2024 prices (FILE)".
    pub fn describe(&self) -> String {
        match self {
            Prices::Current => "current".into(),
            Prices::Constant(idx) => format!("constant {} prices ({})", idx.base_year, idx.source),
        }
    }

    /// The base year, for constant prices.
    pub fn base_year(&self) -> Option<i32> {
        match self {
            Prices::Current => None,
            Prices::Constant(idx) => Some(idx.base_year),
        }
    }

    /// The error for a year the index lacks.
    pub(crate) fn missing(&self, year: i32, needed_by: &str) -> Error {
        let source = match self {
            Prices::Current => "",
            Prices::Constant(idx) => idx.source.as_str(),
        };
        Error::analysis(format!(
            "price index has no {year} (needed by {needed_by}); add {year} to {source}"
        ))
    }
}
