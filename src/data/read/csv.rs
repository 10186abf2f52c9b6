//! A small, strict CSV reader: encodings, separator sniffing, RFC 4180 quoting, and errors
//! that name the row.
//!
//! Written here rather than through polars' CSV reader because indsats needs three things that
//! reader does not give directly: the row of a ragged line numbered as a spreadsheet shows it,
//! Windows-1252 detection, and a separator judged from the header alone.

use std::borrow::Cow;

use rayon::prelude::*;

use crate::data::RawTable;
use crate::error::{Error, Result};

use super::finish_table;
use crate::data::TextColumn;

/// Turns the file's bytes into text: UTF-8 (a BOM is dropped), UTF-16 with a BOM (Excel's
/// "Unicode text"), or else Windows-1252 (older Danish exports), which maps every byte.
pub(super) fn decode(bytes: &[u8]) -> Cow<'_, str> {
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return match std::str::from_utf8(rest) {
            Ok(s) => Cow::Borrowed(s),
            Err(_) => {
                encoding_rs::WINDOWS_1252
                    .decode_without_bom_handling(rest)
                    .0
            }
        };
    }
    if bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF") {
        // decode() sniffs the BOM and removes it.
        return encoding_rs::UTF_8.decode(bytes).0;
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => Cow::Borrowed(s),
        Err(_) => {
            encoding_rs::WINDOWS_1252
                .decode_without_bom_handling(bytes)
                .0
        }
    }
}

/// The field separator, judged from the header line outside quotes: the most frequent of
/// `;`, tab and `,`; ties go to `;` (Danish Excel), then tab, then `,`. A header with none of
/// them is one column.
pub(super) fn sniff_separator(text: &str) -> u8 {
    let (mut semi, mut tab, mut comma) = (0usize, 0usize, 0usize);
    let mut in_quotes = false;
    for &b in text.as_bytes() {
        match b {
            b'"' => in_quotes = !in_quotes,
            b'\n' | b'\r' if !in_quotes => break,
            b';' if !in_quotes => semi += 1,
            b'\t' if !in_quotes => tab += 1,
            b',' if !in_quotes => comma += 1,
            _ => {}
        }
    }
    if semi > 0 && semi >= tab && semi >= comma {
        b';'
    } else if tab > 0 && tab >= comma {
        b'\t'
    } else {
        b','
    }
}

fn count_fields(n: usize) -> String {
    if n == 1 {
        "1 field".to_owned()
    } else {
        format!("{n} fields")
    }
}

fn separator_name(sep: u8) -> &'static str {
    match sep {
        b';' => "semicolon",
        b'\t' => "tab",
        _ => "comma",
    }
}

/// Below this many bytes of data a file is parsed on one thread.
const PARALLEL_MIN_BYTES: usize = 4 << 20;

/// Reads CSV bytes into a table; `source` names the file in messages.
///
/// Large files are cut at record boundaries (found by a first pass that allocates nothing)
/// into one piece per thread, and the pieces are parsed in parallel; rows keep their numbers.
pub(super) fn read_csv_bytes(source: &str, bytes: &[u8]) -> Result<RawTable> {
    let text = decode(bytes);
    let text: &str = &text;
    if text.trim().is_empty() {
        return Err(Error::format(
            source,
            "the file is empty: there is no header row",
        ));
    }
    let sep = sniff_separator(text);
    let mut parser = Parser::new(text, sep, source);
    let mut header = Vec::new();
    parser.record::<true>(1, &mut header)?;
    let width = header.len();

    let pieces = split_records(text, parser.pos, sep, source, rayon::current_num_threads());
    let parsed: Vec<Result<Vec<TextColumn>>> = pieces
        .par_iter()
        .map(|&(start, end, first_row)| {
            parse_rows(&text[start..end], first_row, width, sep, source)
        })
        .collect();
    // The first error in file order, as a one-thread parse would report it.
    let parts = parsed.into_iter().collect::<Result<Vec<_>>>()?;
    // The first piece's columns grow to hold the rest.
    let mut parts = parts.into_iter();
    let mut cells = parts
        .next()
        .unwrap_or_else(|| vec![TextColumn::default(); width]);
    for part in parts {
        for (col, piece) in cells.iter_mut().zip(part) {
            col.append(&piece);
        }
    }
    finish_table(source, header, cells, 0, 1)
}

/// Cuts the data (from byte `start`) into about `pieces` runs of whole records:
/// `(start, end, row of the first record)`. One run when the data is small, or when the
/// first pass meets an error (the parse then reports it, with its row).
fn split_records(
    text: &str,
    start: usize,
    sep: u8,
    source: &str,
    pieces: usize,
) -> Vec<(usize, usize, usize)> {
    let len = text.len();
    let one = vec![(start, len, 2)];
    if pieces < 2 || len - start < PARALLEL_MIN_BYTES {
        return one;
    }
    let target = (len - start) / pieces + 1;
    let mut parser = Parser::new(text, sep, source);
    parser.pos = start;
    let mut none = Vec::new();
    let mut out = Vec::with_capacity(pieces);
    let (mut piece_start, mut piece_row, mut row) = (start, 2, 1);
    while !parser.at_end() {
        row += 1;
        if parser.record::<false>(row, &mut none).is_err() {
            return one;
        }
        if parser.pos - piece_start >= target {
            out.push((piece_start, parser.pos, piece_row));
            (piece_start, piece_row) = (parser.pos, row + 1);
        }
    }
    if piece_start < len {
        out.push((piece_start, len, piece_row));
    }
    out
}

/// Parses whole records into columns; the first is row `first_row` of the file.
fn parse_rows(
    text: &str,
    first_row: usize,
    width: usize,
    sep: u8,
    source: &str,
) -> Result<Vec<TextColumn>> {
    let mut parser = Parser::new(text, sep, source);
    let mut cells: Vec<TextColumn> = vec![TextColumn::default(); width];
    let mut fields = Vec::with_capacity(width);
    let mut row = first_row - 1;
    while !parser.at_end() {
        row += 1;
        parser.record::<true>(row, &mut fields)?;
        if fields.len() == 1 && fields[0].is_empty() {
            // A blank line: a row of empty cells, so that row numbers stay as a spreadsheet
            // shows them. Trailing ones are dropped by finish_table.
            for col in &mut cells {
                col.push("");
            }
            continue;
        }
        if fields.len() != width {
            return Err(Error::format(
                source,
                format!(
                    "row {row} has {} but the header (row 1) has {width}; \
                     the separator was taken to be {} from the header",
                    count_fields(fields.len()),
                    separator_name(sep),
                ),
            ));
        }
        for (col, field) in cells.iter_mut().zip(fields.drain(..)) {
            col.push(&field);
        }
    }
    Ok(cells)
}

struct Parser<'a> {
    text: &'a str,
    bytes: &'a [u8],
    pos: usize,
    sep: u8,
    source: &'a str,
}

impl<'a> Parser<'a> {
    fn new(text: &'a str, sep: u8, source: &'a str) -> Self {
        Parser {
            text,
            bytes: text.as_bytes(),
            pos: 0,
            sep,
            source,
        }
    }

    fn at_end(&self) -> bool {
        self.pos >= self.bytes.len()
    }

    /// Reads one record (which may span lines inside quotes) and moves past its line end
    /// (`\n`, `\r\n` or a lone `\r`). With `BUILD`, its fields go into `fields`, trimmed;
    /// without, the record is only checked and skipped, allocating nothing.
    fn record<const BUILD: bool>(&mut self, row: usize, fields: &mut Vec<String>) -> Result<()> {
        fields.clear();
        let (b, n, sep) = (self.bytes, self.bytes.len(), self.sep);
        let mut field = 0;
        loop {
            field += 1;
            let mut j = self.pos;
            while j < n && b[j] == b' ' {
                j += 1;
            }
            if j < n && b[j] == b'"' {
                let value = self.quoted::<BUILD>(j + 1, row, field)?;
                if BUILD {
                    fields.push(value);
                }
            } else {
                let start = self.pos;
                let mut j = start;
                while j < n && b[j] != sep && b[j] != b'\n' && b[j] != b'\r' {
                    j += 1;
                }
                if BUILD {
                    fields.push(self.text[start..j].trim().to_owned());
                }
                self.pos = j;
            }
            // Now at a separator, a line end, or the end of the text.
            let i = self.pos;
            if i < n && b[i] == sep {
                self.pos += 1;
                continue;
            }
            if i < n && b[i] == b'\r' {
                self.pos += 1;
                if self.pos < n && b[self.pos] == b'\n' {
                    self.pos += 1;
                }
            } else if i < n {
                self.pos += 1; // '\n'
            }
            return Ok(());
        }
    }

    /// A quoted field whose text starts at `start` (just after the opening quote); `""` inside
    /// is one quote. Leaves `pos` after the closing quote and any spaces that follow it.
    /// Without `BUILD` the text is not kept.
    fn quoted<const BUILD: bool>(
        &mut self,
        start: usize,
        row: usize,
        field: usize,
    ) -> Result<String> {
        let (b, n) = (self.bytes, self.bytes.len());
        let mut out = String::new();
        let mut from = start;
        let mut j = start;
        loop {
            while j < n && b[j] != b'"' {
                j += 1;
            }
            if j >= n {
                return Err(Error::format(
                    self.source,
                    format!("row {row}, field {field}: a quoted field is never closed (a \" is missing)"),
                ));
            }
            if BUILD {
                out.push_str(&self.text[from..j]);
            }
            if j + 1 < n && b[j + 1] == b'"' {
                if BUILD {
                    out.push('"');
                }
                j += 2;
                from = j;
            } else {
                j += 1;
                break;
            }
        }
        while j < n && (b[j] == b' ' || (b[j] == b'\t' && self.sep != b'\t')) {
            j += 1;
        }
        if j < n && b[j] != self.sep && b[j] != b'\n' && b[j] != b'\r' {
            return Err(Error::format(
                self.source,
                format!(
                    "row {row}, field {field}: text follows the closing quote of a quoted field \
                     (a quote inside a quoted field must be doubled: \"\")"
                ),
            ));
        }
        self.pos = j;
        let trimmed = out.trim();
        if trimmed.len() != out.len() {
            out = trimmed.to_owned();
        }
        Ok(out)
    }
}
