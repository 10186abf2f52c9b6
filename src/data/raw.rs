//! A table as read from a file, before any typing: column names and cells as text.

/// A table as read: every cell as text, column by column; an empty string is an empty cell.
///
/// Row `i` of the data (0-based) is row `header_row + 1 + i` of the file as a spreadsheet
/// shows it; see [`RawTable::file_row`].
#[derive(Debug, Clone, PartialEq)]
pub struct RawTable {
    /// The file as the user named it (with `:Sheet` for Excel), used in every message.
    pub source: String,
    /// Column names as in the header, trimmed.
    pub columns: Vec<String>,
    /// Cells, column-major: `cells[c][i]` is column `c` of data row `i`, trimmed.
    pub cells: Vec<Vec<String>>,
    /// The header's row in the file as a spreadsheet shows it: 1 for CSV and Parquet; in
    /// a sheet whose first rows are empty, the first row with content.
    pub header_row: usize,
}

impl RawTable {
    /// Number of data rows.
    pub fn n_rows(&self) -> usize {
        self.cells.first().map_or(0, Vec::len)
    }

    /// Position of a column by name: exact first, then ignoring case.
    pub fn column_index(&self, name: &str) -> Option<usize> {
        self.columns.iter().position(|c| c == name).or_else(|| {
            self.columns
                .iter()
                .position(|c| c.eq_ignore_ascii_case(name))
        })
    }

    /// The cells of a column by name.
    pub fn column(&self, name: &str) -> Option<&[String]> {
        self.column_index(name).map(|i| self.cells[i].as_slice())
    }

    /// The row number a spreadsheet shows for data row `i` (0-based): `header_row + 1 + i`.
    pub fn file_row(&self, i: usize) -> usize {
        self.header_row + 1 + i
    }
}
