//! A table as read from a file, before any typing: column names and cells as text.

use std::fmt;
use std::ops::Index;

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
    pub cells: Vec<TextColumn>,
    /// The header's row in the file as a spreadsheet shows it: 1 for CSV and Parquet; in
    /// a sheet whose first rows are empty, the first row with content.
    pub header_row: usize,
}

impl RawTable {
    /// A table from columns of strings, the header in row 1.
    ///
    /// ```
    /// let t = indsats::data::RawTable::new("p.csv", ["id", "sex"], [vec!["P1", "P2"], vec!["m", ""]]);
    /// assert_eq!((t.n_rows(), &t.cells[1][0], t.file_row(0)), (2, "m", 2));
    /// ```
    pub fn new<C, S>(
        source: &str,
        columns: impl IntoIterator<Item = S>,
        cells: impl IntoIterator<Item = C>,
    ) -> RawTable
    where
        C: IntoIterator,
        C::Item: AsRef<str>,
        S: Into<String>,
    {
        RawTable {
            source: source.to_string(),
            columns: columns.into_iter().map(Into::into).collect(),
            cells: cells.into_iter().map(|c| c.into_iter().collect()).collect(),
            header_row: 1,
        }
    }

    /// Number of data rows.
    pub fn n_rows(&self) -> usize {
        self.cells.first().map_or(0, TextColumn::len)
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
    pub fn column(&self, name: &str) -> Option<&TextColumn> {
        self.column_index(name).map(|i| &self.cells[i])
    }

    /// The row number a spreadsheet shows for data row `i` (0-based): `header_row + 1 + i`.
    pub fn file_row(&self, i: usize) -> usize {
        self.header_row + 1 + i
    }
}

/// One column of text cells, held compactly: the cells' text back to back in one buffer,
/// and where each cell ends. A million-row export costs its text plus 8 bytes a cell,
/// not a heap allocation a cell.
///
/// ```
/// use indsats::data::TextColumn;
/// let mut c = TextColumn::default();
/// c.push("Nord");
/// c.push("");
/// assert_eq!(c.len(), 2);
/// assert_eq!(&c[0], "Nord");
/// assert!(c[1].is_empty());
/// assert_eq!(c, ["Nord", ""]);
/// ```
#[derive(Clone, Default, PartialEq, Eq)]
pub struct TextColumn {
    text: String,
    ends: Vec<usize>,
}

impl TextColumn {
    /// An empty column with room for `cells` cells of `bytes` bytes in all.
    pub fn with_capacity(cells: usize, bytes: usize) -> TextColumn {
        TextColumn {
            text: String::with_capacity(bytes),
            ends: Vec::with_capacity(cells),
        }
    }

    /// Adds a cell at the end.
    pub fn push(&mut self, cell: &str) {
        self.text.push_str(cell);
        self.ends.push(self.text.len());
    }

    /// Adds every cell of `other` at the end.
    pub fn append(&mut self, other: &TextColumn) {
        let offset = self.text.len();
        self.text.push_str(&other.text);
        self.ends.extend(other.ends.iter().map(|e| e + offset));
    }

    /// Number of cells.
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    /// Whether the column has no cells.
    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    /// The cell at `i`, if there is one.
    pub fn get(&self, i: usize) -> Option<&str> {
        let end = *self.ends.get(i)?;
        let start = if i == 0 { 0 } else { self.ends[i - 1] };
        Some(&self.text[start..end])
    }

    /// The cells in order.
    pub fn iter(&self) -> impl ExactSizeIterator<Item = &str> + DoubleEndedIterator + '_ {
        (0..self.len()).map(move |i| &self[i])
    }

    /// Keeps the first `n` cells.
    pub fn truncate(&mut self, n: usize) {
        if n < self.len() {
            let end = if n == 0 { 0 } else { self.ends[n - 1] };
            self.text.truncate(end);
            self.ends.truncate(n);
        }
    }

    /// The same column with every cell passed through `f`.
    pub fn map(&self, mut f: impl FnMut(&str) -> String) -> TextColumn {
        let mut out = TextColumn::with_capacity(self.len(), self.text.len());
        for cell in self.iter() {
            out.push(&f(cell));
        }
        out
    }
}

impl Index<usize> for TextColumn {
    type Output = str;

    fn index(&self, i: usize) -> &str {
        match self.get(i) {
            Some(cell) => cell,
            None => panic!("cell {i} of a column of {}", self.len()),
        }
    }
}

impl<S: AsRef<str>> FromIterator<S> for TextColumn {
    fn from_iter<I: IntoIterator<Item = S>>(iter: I) -> TextColumn {
        let mut c = TextColumn::default();
        for s in iter {
            c.push(s.as_ref());
        }
        c
    }
}

impl From<Vec<String>> for TextColumn {
    fn from(v: Vec<String>) -> TextColumn {
        let bytes = v.iter().map(String::len).sum();
        let mut c = TextColumn::with_capacity(v.len(), bytes);
        for s in &v {
            c.push(s);
        }
        c
    }
}

impl fmt::Debug for TextColumn {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

impl<S: AsRef<str>> PartialEq<[S]> for TextColumn {
    fn eq(&self, other: &[S]) -> bool {
        self.len() == other.len() && self.iter().zip(other).all(|(a, b)| a == b.as_ref())
    }
}

impl<S: AsRef<str>, const N: usize> PartialEq<[S; N]> for TextColumn {
    fn eq(&self, other: &[S; N]) -> bool {
        *self == other[..]
    }
}

impl<S: AsRef<str>> PartialEq<Vec<S>> for TextColumn {
    fn eq(&self, other: &Vec<S>) -> bool {
        *self == other[..]
    }
}

impl<S: AsRef<str>, const N: usize> PartialEq<[S; N]> for &TextColumn {
    fn eq(&self, other: &[S; N]) -> bool {
        **self == other[..]
    }
}

impl<S: AsRef<str>> PartialEq<Vec<S>> for &TextColumn {
    fn eq(&self, other: &Vec<S>) -> bool {
        **self == other[..]
    }
}

impl<'a> IntoIterator for &'a TextColumn {
    type Item = &'a str;
    type IntoIter = Box<dyn ExactSizeIterator<Item = &'a str> + 'a>;

    fn into_iter(self) -> Self::IntoIter {
        Box::new(self.iter())
    }
}
