//! Parquet files through polars, every column turned into text.

use std::io::Cursor;

use chrono::NaiveDate;
use polars::prelude::{DataType, ParquetReader, SerReader, Series, TimeUnit};

use crate::data::RawTable;
use crate::error::{Error, Result};

use super::{finish_table, float_text};
use crate::data::TextColumn;

/// Reads a Parquet file held in `bytes`; `source` names it in messages.
pub(super) fn read_parquet_bytes(source: &str, bytes: Vec<u8>) -> Result<RawTable> {
    let df = ParquetReader::new(Cursor::new(bytes))
        .finish()
        .map_err(|e| Error::format(source, format!("cannot be read as Parquet: {e}")))?;
    let mut header = Vec::with_capacity(df.width());
    let mut cells = Vec::with_capacity(df.width());
    for column in df.columns() {
        let name = column.name().as_str();
        let series = column.as_materialized_series();
        header.push(name.trim().to_owned());
        cells.push(TextColumn::from(series_text(series).map_err(
            |message| Error::format(source, format!("column \"{name}\": {message}")),
        )?));
    }
    finish_table(source, header, cells, 0, 1)
}

const EPOCH: NaiveDate = match NaiveDate::from_ymd_opt(1970, 1, 1) {
    Some(d) => d,
    None => panic!("1970-01-01 is a date"),
};

fn iso_from_days(days: i64) -> Option<String> {
    EPOCH
        .checked_add_signed(chrono::TimeDelta::try_days(days)?)
        .map(|d| d.format("%Y-%m-%d").to_string())
}

/// A column as text: integers as integers, floats as their shortest round-trip text (NaN as
/// empty), dates as ISO `YYYY-MM-DD`, datetimes as their date, booleans as `true`/`false`,
/// strings trimmed, nulls empty. Other types are cast to text by polars where it can.
fn series_text(s: &Series) -> std::result::Result<Vec<String>, String> {
    let polars = |e: polars::error::PolarsError| e.to_string();
    let text = |v: Option<String>| v.unwrap_or_default();
    let out: Vec<String> = match s.dtype() {
        DataType::Null => vec![String::new(); s.len()],
        DataType::String => s
            .str()
            .map_err(polars)?
            .iter()
            .map(|v| v.map_or_else(String::new, |v| v.trim().to_owned()))
            .collect(),
        DataType::Boolean => s
            .bool()
            .map_err(polars)?
            .iter()
            .map(|v| text(v.map(|b| b.to_string())))
            .collect(),
        DataType::Float32 => s
            .f32()
            .map_err(polars)?
            .iter()
            // f32's own shortest text: 0.1f32 is "0.1", not 0.10000000149011612.
            .map(|v| {
                v.map_or_else(String::new, |x| {
                    if x.is_nan() {
                        String::new()
                    } else if x == 0.0 {
                        "0".to_owned()
                    } else {
                        x.to_string()
                    }
                })
            })
            .collect(),
        DataType::Float64 => s
            .f64()
            .map_err(polars)?
            .iter()
            .map(|v| v.map_or_else(String::new, float_text))
            .collect(),
        DataType::UInt64 => s
            .u64()
            .map_err(polars)?
            .iter()
            .map(|v| text(v.map(|x| x.to_string())))
            .collect(),
        dt if dt.is_integer() => {
            let ints = s.strict_cast(&DataType::Int64).map_err(polars)?;
            ints.i64()
                .map_err(polars)?
                .iter()
                .map(|v| text(v.map(|x| x.to_string())))
                .collect()
        }
        DataType::Date => {
            let days = s.to_physical_repr().into_owned();
            let days = days.strict_cast(&DataType::Int64).map_err(polars)?;
            let days = days.i64().map_err(polars)?;
            let mut out = Vec::with_capacity(days.len());
            for v in days.iter() {
                out.push(match v {
                    Some(d) => iso_from_days(d)
                        .ok_or_else(|| format!("day {d} after 1970-01-01 is out of range"))?,
                    None => String::new(),
                });
            }
            out
        }
        DataType::Datetime(unit, tz) => {
            if let Some(tz) = tz {
                let tz = tz.to_string();
                if tz != "UTC" {
                    return Err(format!(
                        "holds times in the time zone {tz}, whose dates indsats cannot work out \
                         without time-zone data; write the column as dates or as times without a zone"
                    ));
                }
            }
            let per_day: i64 = match unit {
                TimeUnit::Nanoseconds => 86_400_000_000_000,
                TimeUnit::Microseconds => 86_400_000_000,
                TimeUnit::Milliseconds => 86_400_000,
            };
            let ticks = s.to_physical_repr().into_owned();
            let ticks = ticks.i64().map_err(polars)?;
            let mut out = Vec::with_capacity(ticks.len());
            for v in ticks.iter() {
                out.push(match v {
                    Some(t) => iso_from_days(t.div_euclid(per_day))
                        .ok_or_else(|| "a datetime is out of range".to_owned())?,
                    None => String::new(),
                });
            }
            out
        }
        other => {
            let cast = s
                .strict_cast(&DataType::String)
                .map_err(|_| format!("has type {other}, which indsats cannot read as text"))?;
            cast.str()
                .map_err(polars)?
                .iter()
                .map(|v| v.map_or_else(String::new, |v| v.trim().to_owned()))
                .collect()
        }
    };
    Ok(out)
}
