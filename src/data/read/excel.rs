//! Excel workbooks (`.xlsx`, `.xlsm`, `.xls`, `.xlsb`, `.ods`) through calamine.

use std::io::Cursor;

use calamine::{open_workbook_auto_from_rs, Data, Reader};

use crate::data::ident::redact;
use crate::data::RawTable;
use crate::error::{Error, ErrorKind, Result};

use super::{column_letter, finish_table, float_text};
use crate::data::TextColumn;

/// Reads one sheet of a workbook held in `bytes`: `sheet` by name, or the first sheet.
///
/// `file` is the workbook as the user named it; the table's source is `file:Sheet`.
pub(super) fn read_excel_bytes(
    file: &str,
    bytes: Vec<u8>,
    sheet: Option<&str>,
) -> Result<RawTable> {
    let mut workbook = open_workbook_auto_from_rs(Cursor::new(bytes))
        .map_err(|e| Error::format(file, format!("cannot be read as an Excel workbook: {e}")))?;
    let names = workbook.sheet_names();
    let name = match sheet {
        Some(wanted) => names
            .iter()
            .find(|n| n.as_str() == wanted)
            .or_else(|| {
                names
                    .iter()
                    .find(|n| n.to_lowercase() == wanted.to_lowercase())
            })
            .ok_or_else(|| {
                let listed: Vec<String> =
                    names.iter().map(|n| format!("\"{}\"", redact(n))).collect();
                Error::format(
                    file,
                    format!(
                        "there is no sheet named \"{}\" (the workbook has: {})",
                        redact(wanted),
                        listed.join(", ")
                    ),
                )
            })?
            .clone(),
        None => names
            .first()
            .cloned()
            .ok_or_else(|| Error::format(file, "the workbook has no sheets"))?,
    };
    let source = format!("{file}:{name}");
    let range = workbook
        .worksheet_range(&name)
        .map_err(|e| Error::format(source.as_str(), format!("cannot read the sheet: {e}")))?;
    let (row0, col0) = range
        .start()
        .map_or((0, 0), |(r, c)| (r as usize, c as usize));

    let mut rows = range
        .rows()
        .enumerate()
        .skip_while(|(_, r)| r.iter().all(is_blank));
    let Some((header_at, header_row)) = rows.next() else {
        return Err(Error::format(
            source,
            "the sheet is empty: there is no header row",
        ));
    };
    // The header's cells as text; a header cell with an Excel error is reported like any cell.
    let header_excel_row = row0 + header_at + 1;
    let header = header_row
        .iter()
        .enumerate()
        .map(|(c, cell)| cell_text(cell, &source, header_excel_row, &column_letter(col0 + c)))
        .collect::<Result<Vec<_>>>()?;
    // Names for messages: the header's, or the column's letter where the header is empty.
    let labels: Vec<String> = header
        .iter()
        .enumerate()
        .map(|(c, name)| {
            if name.is_empty() {
                column_letter(col0 + c)
            } else {
                name.clone()
            }
        })
        .collect();
    let mut cells: Vec<TextColumn> =
        vec![TextColumn::with_capacity(range.height(), 0); header.len()];
    for (at, row) in rows {
        let excel_row = row0 + at + 1;
        for (c, cell) in row.iter().enumerate() {
            cells[c].push(&cell_text(cell, &source, excel_row, &labels[c])?);
        }
    }
    finish_table(&source, header, cells, col0, header_excel_row)
}

fn is_blank(cell: &Data) -> bool {
    match cell {
        Data::Empty => true,
        Data::String(s) => s.trim().is_empty(),
        _ => false,
    }
}

/// One cell as text: strings trimmed, numbers as their shortest round-trip text (integral
/// values without a decimal part), dates and datetimes as the ISO date, booleans as
/// `true`/`false`, empty as the empty string, and an Excel error as an error.
fn cell_text(cell: &Data, source: &str, row: usize, column: &str) -> Result<String> {
    Ok(match cell {
        Data::Empty => String::new(),
        Data::String(s) => s.trim().to_owned(),
        Data::Int(i) => i.to_string(),
        Data::Float(x) => float_text(*x),
        Data::Bool(b) => b.to_string(),
        Data::DateTime(dt) if dt.is_datetime() => {
            let (y, m, d, ..) = dt.to_ymd_hms_milli();
            format!("{y:04}-{m:02}-{d:02}")
        }
        // A duration ([h]:mm:ss) as its number of days.
        Data::DateTime(dt) => float_text(dt.as_f64()),
        Data::DateTimeIso(s) => match super::parse_date(s) {
            Some(d) => d.format("%Y-%m-%d").to_string(),
            None => s.trim().to_owned(),
        },
        Data::DurationIso(s) => s.trim().to_owned(),
        Data::Error(e) => {
            return Err(Error::new(ErrorKind::Cell {
                file: source.to_owned(),
                row,
                column: column.to_owned(),
                message: format!("the cell holds the Excel error {e}"),
            }))
        }
    })
}
