//! Readers: CSV, Parquet and Excel files into a [`RawTable`] of text cells, and a CSV writer.
//!
//! The kind of file is told by its extension ([`FileKind::of`]). Every reader gives the same
//! thing: trimmed column names, trimmed text cells, an empty string for an empty cell, and
//! trailing empty rows dropped. Typing the cells is later work; [`parse_number`],
//! [`parse_date`] and [`parse_month`] are what it uses.

mod csv;
mod excel;
mod parquet;
mod parse;

pub use parse::{parse_date, parse_month, parse_number, parse_number_with, DecimalMark};

use std::collections::HashMap;
use std::io::Write;
use std::path::Path;

use crate::data::ident;
use crate::data::{RawTable, TextColumn};
use crate::error::{Error, Result};

/// The kinds of file indsats reads, told by the file's extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FileKind {
    /// `.csv`, `.txt`, `.tsv`: comma, semicolon or tab separated text.
    Csv,
    /// `.parquet`, `.pq`.
    Parquet,
    /// `.xlsx`, `.xlsm`, `.xls`, `.xlsb`, `.ods`: a workbook, read one sheet at a time.
    Excel,
}

const ACCEPTED: &str = "use .csv, .txt or .tsv (comma, semicolon or tab separated), .parquet or .pq, \
                        or .xlsx, .xlsm or .xls (FILE.xlsx reads the first sheet, FILE.xlsx:Sheet a named one)";

impl FileKind {
    /// The kind of a file from its extension, in any letter case; `None` for others.
    ///
    /// # Example
    /// ```
    /// use indsats::data::FileKind;
    /// assert_eq!(FileKind::of("udtræk/episoder.CSV"), Some(FileKind::Csv));
    /// assert_eq!(FileKind::of("costs.parquet"), Some(FileKind::Parquet));
    /// assert_eq!(FileKind::of("data.xlsx"), Some(FileKind::Excel));
    /// assert_eq!(FileKind::of("notes.json"), None);
    /// ```
    pub fn of(path: impl AsRef<Path>) -> Option<FileKind> {
        let ext = path.as_ref().extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "csv" | "txt" | "tsv" => Some(FileKind::Csv),
            "parquet" | "pq" => Some(FileKind::Parquet),
            "xlsx" | "xlsm" | "xls" | "xlsb" | "ods" => Some(FileKind::Excel),
            _ => None,
        }
    }
}

/// Splits `FILE.xlsx:Sheet` into the file and the sheet; other specs are a file alone.
fn split_spec(spec: &str) -> (&str, Option<&str>) {
    for (k, _) in spec.match_indices(':') {
        let file = &spec[..k];
        if FileKind::of(file) == Some(FileKind::Excel) {
            let sheet = &spec[k + 1..];
            return (file, (!sheet.is_empty()).then_some(sheet));
        }
    }
    (spec, None)
}

fn kind_of(spec: &str, file: &str) -> Result<FileKind> {
    FileKind::of(file).ok_or_else(|| {
        let ext = Path::new(file)
            .extension()
            .and_then(|e| e.to_str())
            .unwrap_or("");
        let what = if ext.is_empty() {
            "a file without an extension".to_owned()
        } else {
            format!("\".{ext}\"")
        };
        Error::format(
            spec,
            format!(
                "indsats tells a file's kind by its extension and cannot read {what}: {ACCEPTED}"
            ),
        )
    })
}

/// Reads a table from a file: CSV, Parquet or one sheet of an Excel workbook.
///
/// `spec` is a path, or for Excel `FILE.xlsx:Sheet` to pick a sheet (the first sheet
/// otherwise). The kind is told by the extension, in any letter case:
/// ```text
/// .csv .txt .tsv               CSV: the separator (";", tab or ",") is judged from the header
///                              line outside quotes, ";" winning ties; RFC 4180 quotes; UTF-8
///                              with or without a BOM, UTF-16 with a BOM, else Windows-1252;
///                              CRLF, LF or CR line ends
/// .parquet .pq                 Parquet: integers as integers, floats as their shortest
///                              round-trip text, dates as YYYY-MM-DD, datetimes as their date,
///                              booleans as true/false, nulls as empty
/// .xlsx .xlsm .xls .xlsb .ods  Excel: the header is the first non-empty row; integral numbers
///                              without ".0", dates and datetimes as YYYY-MM-DD
/// ```
/// Every reader trims names and cells, drops trailing empty rows and unnamed empty columns,
/// and keeps the text as it is (`1.234,50` stays text; see [`parse_number`]). Rows are
/// numbered as a spreadsheet shows them: the header is row 1 and a quoted field spanning
/// lines is one row. The table's `source` is `spec`, with the sheet's name for Excel.
///
/// # Example
/// ```
/// # fn main() -> indsats::Result<()> {
/// let dir = tempfile::tempdir().unwrap();
/// let path = dir.path().join("udbetalinger.csv");
/// std::fs::write(&path, "måned;beløb\n2021-03;1.234,50\n").unwrap();
/// let table = indsats::data::read_table(path.to_str().unwrap())?;
/// assert_eq!(table.columns, ["måned", "beløb"]);
/// assert_eq!(table.column("beløb").unwrap(), ["1.234,50"]);
/// # Ok(())
/// # }
/// ```
///
/// # Errors
/// [`ErrorKind::Io`](crate::ErrorKind::Io) when the file cannot be read;
/// [`ErrorKind::Format`](crate::ErrorKind::Format) for an unknown extension, a file that is
/// not what its extension says, a CSV row with more or fewer fields than the header (naming
/// the row and both counts), an unclosed quote, an unknown sheet (listing the sheets), an
/// empty file or sheet, a duplicated column name or an unnamed column with values;
/// [`ErrorKind::Cell`](crate::ErrorKind::Cell) for an Excel error value such as `#N/A`.
pub fn read_table(spec: &str) -> Result<RawTable> {
    let (file, _) = split_spec(spec);
    kind_of(spec, file)?;
    let bytes = std::fs::read(file).map_err(|e| Error::io(file, e))?;
    read_table_from_bytes(spec, bytes)
}

/// Reads a table from a file's contents, the kind told by `spec`'s extension as in
/// [`read_table`]; `spec` names the file in messages and may carry `:Sheet`.
///
/// # Example
/// ```
/// # fn main() -> indsats::Result<()> {
/// let bytes = b"person_id,start_date\r\nA1,31-03-2021\r\n".to_vec();
/// let table = indsats::data::read_table_from_bytes("episodes.csv", bytes)?;
/// assert_eq!(table.source, "episodes.csv");
/// assert_eq!(table.cells[1], ["31-03-2021"]);
/// # Ok(())
/// # }
/// ```
///
/// # Errors
/// As [`read_table`], without the I/O errors.
pub fn read_table_from_bytes(spec: &str, bytes: Vec<u8>) -> Result<RawTable> {
    let (file, sheet) = split_spec(spec);
    match kind_of(spec, file)? {
        FileKind::Csv => csv::read_csv_bytes(spec, &bytes),
        FileKind::Parquet => parquet::read_parquet_bytes(spec, bytes),
        FileKind::Excel => excel::read_excel_bytes(file, bytes, sheet),
    }
}

/// The spreadsheet letter of a 0-based column: A, B, …, Z, AA, AB, ….
fn column_letter(mut c: usize) -> String {
    let mut out = Vec::new();
    loop {
        out.push(b'A' + (c % 26) as u8);
        if c < 26 {
            break;
        }
        c = c / 26 - 1;
    }
    out.reverse();
    String::from_utf8(out).expect("ASCII letters")
}

/// A float as text: Rust's shortest round-trip form (`12` for 12.0, `0.1`), `0` for -0, and
/// empty for NaN (as pandas writes a missing value).
fn float_text(x: f64) -> String {
    if x.is_nan() {
        String::new()
    } else if x == 0.0 {
        "0".to_owned()
    } else {
        x.to_string()
    }
}

/// Checks the header and tidies the table every reader returns: unnamed columns without
/// values are dropped, an unnamed column with values or a repeated name is an error, and
/// trailing rows whose cells are all empty are dropped. `first_col` is the 0-based sheet
/// column of the first column, for messages.
fn finish_table(
    source: &str,
    header: Vec<String>,
    cells: Vec<TextColumn>,
    first_col: usize,
    header_row: usize,
) -> Result<RawTable> {
    debug_assert_eq!(header.len(), cells.len());
    let mut columns = Vec::with_capacity(header.len());
    let mut kept = Vec::with_capacity(header.len());
    let mut seen: HashMap<&str, usize> = HashMap::new();
    for (c, (name, col)) in header.iter().zip(cells).enumerate() {
        let position = first_col + c;
        if name.is_empty() {
            if let Some(r) = col.iter().position(|v| !v.is_empty()) {
                return Err(Error::format(
                    source,
                    format!(
                        "column {} ({}) has values (the first at row {}) but no name in the header row",
                        position + 1,
                        column_letter(position),
                        header_row + 1 + r
                    ),
                ));
            }
            continue;
        }
        if let Some(&before) = seen.get(name.as_str()) {
            return Err(Error::format(
                source,
                format!(
                    "the header names column \"{}\" twice (columns {} ({}) and {} ({}))",
                    ident::redact(name),
                    before + 1,
                    column_letter(before),
                    position + 1,
                    column_letter(position)
                ),
            ));
        }
        seen.insert(name, position);
        columns.push(name.clone());
        kept.push(col);
    }
    if columns.is_empty() {
        return Err(Error::format(source, "the header row names no columns"));
    }
    let rows = kept
        .iter()
        .map(|col| col.iter().rposition(|v| !v.is_empty()).map_or(0, |r| r + 1))
        .max()
        .unwrap_or(0);
    for col in &mut kept {
        col.truncate(rows);
    }
    Ok(RawTable {
        source: source.to_owned(),
        columns,
        cells: kept,
        header_row,
    })
}

/// Writes a table as CSV: comma separated, UTF-8 without a BOM, `\n` line ends, a field
/// quoted (RFC 4180, `"` doubled) when it holds a comma, a quote or a line end.
///
/// [`read_table`] reads what this writes back to the same table, except trailing rows whose
/// cells are all empty, which readers drop.
///
/// # Errors
/// [`ErrorKind::CprLike`](crate::ErrorKind::CprLike) when the table holds anything CPR-like
/// (checked first, as [`check_table`](crate::data::check_table); nothing is written then);
/// [`ErrorKind::Io`](crate::ErrorKind::Io) when the file cannot be written.
///
/// # Example
/// ```
/// # fn main() -> indsats::Result<()> {
/// use indsats::data::{read_table, write_csv, RawTable};
/// let table = RawTable::new("ud.csv", ["measure", "note"], [["foster_care"], ["a, \"b\""]]);
/// let dir = tempfile::tempdir().unwrap();
/// let path = dir.path().join("ud.csv");
/// write_csv(&table, &path)?;
/// assert_eq!(std::fs::read_to_string(&path).unwrap(), "measure,note\nfoster_care,\"a, \"\"b\"\"\"\n");
/// assert_eq!(read_table(path.to_str().unwrap())?.cells, table.cells);
/// # Ok(())
/// # }
/// ```
pub fn write_csv(table: &RawTable, path: impl AsRef<Path>) -> Result<()> {
    let path = path.as_ref();
    ident::check_table(table)?;
    let file = std::fs::File::create(path).map_err(|e| Error::io(path, e))?;
    let mut out = std::io::BufWriter::new(file);
    write_rows(table, &mut out)
        .and_then(|()| out.flush())
        .map_err(|e| Error::io(path, e))
}

/// [`write_csv`] to any writer, such as standard output.
///
/// # Errors
/// As [`write_csv`]; an I/O error names the path `-`.
pub fn write_csv_to(table: &RawTable, out: &mut impl Write) -> Result<()> {
    ident::check_table(table)?;
    write_rows(table, out).map_err(|e| Error::io("-", e))
}

fn write_rows(table: &RawTable, out: &mut impl Write) -> std::io::Result<()> {
    fn field(out: &mut impl Write, v: &str) -> std::io::Result<()> {
        if v.contains([',', '"', '\n', '\r']) {
            out.write_all(b"\"")?;
            out.write_all(v.replace('"', "\"\"").as_bytes())?;
            out.write_all(b"\"")
        } else {
            out.write_all(v.as_bytes())
        }
    }
    for (c, name) in table.columns.iter().enumerate() {
        if c > 0 {
            out.write_all(b",")?;
        }
        field(out, name)?;
    }
    out.write_all(b"\n")?;
    for r in 0..table.n_rows() {
        for (c, col) in table.cells.iter().enumerate() {
            if c > 0 {
                out.write_all(b",")?;
            }
            field(out, &col[r])?;
        }
        out.write_all(b"\n")?;
    }
    Ok(())
}
