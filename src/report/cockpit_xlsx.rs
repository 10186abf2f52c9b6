//! The cockpit as an Excel workbook (rust_xlsxwriter): one sheet per table and "Om data".
//!
//! ```text
//! row 1            the column headings, bold, frozen
//! rows 2 ...       one row per table row: numbers as numbers (amounts with a kr. format,
//!                  shares with a percent format, counts as whole numbers); a hidden count
//!                  is the text "<5" or "x"; a missing value is an empty cell
//! total row        where every cell above in the column is a number: =SUM(...) with the
//!                  computed value stored as the formula's cached result; else the value
//! total column     (key "total", amounts): =SUM(...) of the amount columns just before it
//!                  in the row, with the computed value stored
//! ```

use super::cockpit::{about_sheet, sheet_name, CockpitReport};
use crate::error::{Error, Result};
use crate::summary::{Cell, ColumnKind, Count, Share, Table};
use crate::Lang;
use rust_xlsxwriter::{Format, FormatAlign, Formula, Workbook, Worksheet, XlsxError};

fn xlsx_error(e: XlsxError) -> Error {
    Error::analysis(format!("could not write the workbook: {e}"))
}

/// `A`, `B`, …, `Z`, `AA`, … for a 0-based column.
fn column_letters(mut col: u16) -> String {
    let mut out = Vec::new();
    loop {
        out.push(b'A' + (col % 26) as u8);
        if col < 26 {
            break;
        }
        col = col / 26 - 1;
    }
    out.reverse();
    String::from_utf8(out).expect("ASCII letters")
}

/// The number in a cell, if it holds one.
fn number(cell: &Cell) -> Option<f64> {
    match cell {
        Cell::Count(Count::Shown(v)) => Some(*v as f64),
        Cell::Integer(v) => Some(*v as f64),
        Cell::Amount(a) => Some(a.value),
        Cell::Share(Share::Shown(v)) => Some(*v),
        _ => None,
    }
}

struct Formats {
    header: Format,
    text: Format,
    amount: Format,
    share: Format,
    count: Format,
    hidden: Format,
}

impl Formats {
    fn new(lang: Lang, bold: bool) -> Formats {
        let base = || {
            let f = Format::new();
            if bold {
                f.set_bold()
            } else {
                f
            }
        };
        let kr = match lang {
            Lang::Da => "#,##0.00 \"kr.\"",
            Lang::En => "\"DKK \"#,##0.00",
        };
        Formats {
            header: Format::new()
                .set_bold()
                .set_text_wrap()
                .set_align(FormatAlign::Top),
            text: base(),
            amount: base().set_num_format(kr),
            share: base().set_num_format("0.0%"),
            count: base().set_num_format("#,##0"),
            hidden: base().set_align(FormatAlign::Right),
        }
    }
}

fn write_table(ws: &mut Worksheet, table: &Table, threshold: usize, lang: Lang) -> Result<()> {
    let plain = Formats::new(lang, false);
    let bold = Formats::new(lang, true);
    let ncols = table.columns.len();
    for (c, col) in table.columns.iter().enumerate() {
        ws.write_string_with_format(0, c as u16, &col.label, &plain.header)
            .map_err(xlsx_error)?;
        let longest = table
            .rows
            .iter()
            .filter_map(|r| match &r.cells[c] {
                Cell::Text(s) => Some(s.chars().count()),
                _ => None,
            })
            .max()
            .unwrap_or(0);
        let width = match col.kind {
            ColumnKind::Text => longest.clamp(10, 60) as f64 + 2.0,
            ColumnKind::Amount => 17.0,
            _ => 12.0,
        };
        let width = width.max((col.label.chars().count() as f64 / 2.0).min(24.0));
        ws.set_column_width(c as u16, width).map_err(xlsx_error)?;
    }
    ws.set_row_height(0, 45).map_err(xlsx_error)?;
    ws.set_freeze_panes(1, 0).map_err(xlsx_error)?;

    // non-total rows come first; a column is summable when every one of them is a number
    let body = table.rows.iter().take_while(|r| !r.total).count();
    let summable: Vec<bool> = (0..ncols)
        .map(|c| {
            matches!(
                table.columns[c].kind,
                ColumnKind::Amount | ColumnKind::Share | ColumnKind::Integer
            ) && body > 0
                && table.rows[..body]
                    .iter()
                    .all(|r| number(&r.cells[c]).is_some())
        })
        .collect();
    for (i, row) in table.rows.iter().enumerate() {
        let r = (i + 1) as u32;
        let f = if row.total { &bold } else { &plain };
        for (c, cell) in row.cells.iter().enumerate() {
            let col = c as u16;
            let format = match cell {
                Cell::Amount(_) => &f.amount,
                Cell::Share(Share::Shown(_)) => &f.share,
                Cell::Count(Count::Shown(_)) | Cell::Integer(_) => &f.count,
                _ => &f.text,
            };
            // a formula, if this cell is a total of numbers
            let formula = match number(cell) {
                Some(_) if row.total && i >= body && summable[c] => Some(format!(
                    "=SUM({l}2:{l}{})",
                    body + 1,
                    l = column_letters(col)
                )),
                Some(_)
                    if !row.total
                        && table.columns[c].key == "total"
                        && table.columns[c].kind == ColumnKind::Amount =>
                {
                    let first = (0..c)
                        .rev()
                        .take_while(|&j| {
                            table.columns[j].kind == ColumnKind::Amount
                                && number(&row.cells[j]).is_some()
                        })
                        .last();
                    first.map(|j| {
                        format!(
                            "=SUM({}{n}:{}{n})",
                            column_letters(j as u16),
                            column_letters(col - 1),
                            n = r + 1
                        )
                    })
                }
                _ => None,
            };
            match (cell, formula) {
                (_, Some(fm)) => {
                    let v = number(cell).expect("a number");
                    ws.write_formula_with_format(
                        r,
                        col,
                        Formula::new(fm).set_result(v.to_string()),
                        format,
                    )
                    .map_err(xlsx_error)?;
                }
                (Cell::Text(s), None) => {
                    ws.write_string_with_format(r, col, s, format)
                        .map_err(xlsx_error)?;
                }
                (Cell::Count(Count::Suppressed { secondary }), None) => {
                    let s = if *secondary {
                        "x".to_string()
                    } else {
                        format!("<{threshold}")
                    };
                    ws.write_string_with_format(r, col, s, &f.hidden)
                        .map_err(xlsx_error)?;
                }
                (Cell::Share(Share::Suppressed), None) => {
                    ws.write_string_with_format(r, col, "x", &f.hidden)
                        .map_err(xlsx_error)?;
                }
                (cell, None) => {
                    if let Some(v) = number(cell) {
                        ws.write_number_with_format(r, col, v, format)
                            .map_err(xlsx_error)?;
                    }
                }
            }
        }
    }
    Ok(())
}

impl CockpitReport {
    /// The cockpit as an `.xlsx` workbook: one sheet per table (in Danish: Månedligt
    /// forbrug, Gennemsnit pr. måned, Aktive sager, Tilgang og afgang, Fordeling,
    /// Omkostningsgrupper, Aldersgrupper) and "Om data" (source, period, cut-off, the
    /// suppression rule, rows left out, and each table's notes); see the module docs of
    /// `cockpit_xlsx` for the layout.
    ///
    /// # Errors
    /// If the workbook cannot be written.
    pub fn to_xlsx(&self) -> Result<Vec<u8>> {
        let lang = self.lang;
        let mut wb = Workbook::new();
        for s in &self.sheets {
            let ws = wb.add_worksheet();
            ws.set_name(sheet_name(&s.sheet)).map_err(xlsx_error)?;
            write_table(ws, &s.table, self.small_cell_threshold, lang)?;
        }
        let about_name = about_sheet(lang);
        let ws = wb.add_worksheet();
        ws.set_name(about_name).map_err(xlsx_error)?;
        let header = Format::new().set_bold();
        let wrap = Format::new().set_text_wrap().set_align(FormatAlign::Top);
        let count = Format::new()
            .set_num_format("#,##0")
            .set_align(FormatAlign::Left)
            .set_align(FormatAlign::Top);
        let (h1, h2) = match lang {
            Lang::Da => ("Emne", "Værdi"),
            Lang::En => ("Item", "Value"),
        };
        ws.write_string_with_format(0, 0, h1, &header)
            .map_err(xlsx_error)?;
        ws.write_string_with_format(0, 1, h2, &header)
            .map_err(xlsx_error)?;
        ws.set_column_width(0, 48).map_err(xlsx_error)?;
        ws.set_column_width(1, 90).map_err(xlsx_error)?;
        ws.set_freeze_panes(1, 0).map_err(xlsx_error)?;
        let mut r = 1u32;
        for a in &self.about {
            ws.write_string_with_format(r, 0, &a.term, &wrap)
                .map_err(xlsx_error)?;
            match a.count {
                Some(v) => ws.write_number_with_format(r, 1, v as f64, &count),
                None => ws.write_string_with_format(r, 1, &a.text, &wrap),
            }
            .map_err(xlsx_error)?;
            r += 1;
        }
        for w in &self.warnings {
            ws.write_string_with_format(
                r,
                0,
                match lang {
                    Lang::Da => "Bemærk",
                    Lang::En => "Note",
                },
                &wrap,
            )
            .map_err(xlsx_error)?;
            ws.write_string_with_format(r, 1, w, &wrap)
                .map_err(xlsx_error)?;
            r += 1;
        }
        for s in &self.sheets {
            for n in &s.table.notes {
                ws.write_string_with_format(r, 0, &s.sheet, &wrap)
                    .map_err(xlsx_error)?;
                ws.write_string_with_format(r, 1, n, &wrap)
                    .map_err(xlsx_error)?;
                r += 1;
            }
        }
        wb.save_to_buffer().map_err(xlsx_error)
    }
}

#[cfg(test)]
mod tests {
    use super::column_letters;

    #[test]
    fn column_letters_run_past_z() {
        assert_eq!(column_letters(0), "A");
        assert_eq!(column_letters(25), "Z");
        assert_eq!(column_letters(26), "AA");
        assert_eq!(column_letters(51), "AZ");
        assert_eq!(column_letters(52), "BA");
    }
}
