//! The identifier guard: indsats never reads, keeps or writes a CPR number.
//!
//! A Danish CPR number is ten digits, `DDMMYY-SSSS`, the first six a date of birth. Any table
//! read from a municipality's exports passes [`guard_table`] before it is used: a column that
//! holds CPR-like values is refused, unless the user gives a key file, in which case the column
//! is replaced by keyed pseudonyms ([`PseudonymKey`]). Outputs are scanned with
//! [`contains_cpr_like`] (or cleaned with [`redact`]) before they are written.
//!
//! No CPR-like value is ever put into an error, a log line or a report: errors name the file,
//! the column and the row, never the value.

use rayon::prelude::*;
use std::borrow::Cow;
use std::fmt;
use std::path::Path;

use hmac::{Hmac, Mac};
use sha2::Sha256;

use crate::data::RawTable;
use crate::error::{Error, ErrorKind, Result};

/// Whether six ASCII digits `DDMMYY` are a calendar date in some century.
///
/// 29 February counts when `YY` is divisible by 4 (including `00`, since 2000 was a leap year).
fn is_ddmmyy(d: &[u8]) -> bool {
    debug_assert!(d.len() == 6 && d.iter().all(u8::is_ascii_digit));
    let two = |i: usize| u32::from(d[i] - b'0') * 10 + u32::from(d[i + 1] - b'0');
    let (day, month, year) = (two(0), two(2), two(4));
    let days_in_month = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if year % 4 == 0 => 29,
        2 => 28,
        _ => return false,
    };
    (1..=days_in_month).contains(&day)
}

fn all_digits(b: &[u8]) -> bool {
    b.iter().all(u8::is_ascii_digit)
}

/// The ten digits of a value shaped like a CPR number (`DDMMYYSSSS`, `DDMMYY-SSSS` or
/// `DDMMYY SSSS`), whether or not the first six are a date.
fn cpr_shape_digits(s: &str) -> Option<[u8; 10]> {
    let b = s.as_bytes();
    let mut out = [0u8; 10];
    match b.len() {
        10 if all_digits(b) => out.copy_from_slice(b),
        11 if matches!(b[6], b'-' | b' ') && all_digits(&b[..6]) && all_digits(&b[7..]) => {
            out[..6].copy_from_slice(&b[..6]);
            out[6..].copy_from_slice(&b[7..]);
        }
        _ => return None,
    }
    Some(out)
}

/// Whether a value looks like a CPR number.
///
/// The rule:
/// ```text
/// after trimming surrounding whitespace and removing one optional "-" or " " after the
/// sixth digit, the value is exactly 10 ASCII digits DDMMYYSSSS, and DDMMYY is a calendar
/// date in some century (29 February when YY is divisible by 4, 00 included)
/// ```
/// The check errs towards flagging: a ten-digit account or case number whose first six digits
/// happen to be a date is CPR-like too. Substitute numbers (day + 60) are not flagged.
///
/// # Example
/// ```
/// use indsats::data::is_cpr_like;
/// assert!(is_cpr_like("010100-1234"));
/// assert!(is_cpr_like("0101001234"));
/// assert!(is_cpr_like("290200 1234")); // 29 February 2000 (or 1900 in a century without)
/// assert!(!is_cpr_like("290201-1234")); // 29 February 2001 never existed
/// assert!(!is_cpr_like("01010012345")); // eleven digits
/// ```
pub fn is_cpr_like(s: &str) -> bool {
    cpr_shape_digits(s.trim()).is_some_and(|d| is_ddmmyy(&d[..6]))
}

/// Whether a byte can continue a word (so a `p…` pseudonym ends where a word ends).
fn is_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

/// If a pseudonym (`p` and 16 lowercase hex digits, a whole word) starts at `i`, its end.
fn pseudonym_at(b: &[u8], i: usize) -> Option<usize> {
    let end = i + 17;
    let is_hex = |c: &u8| c.is_ascii_digit() || (b'a'..=b'f').contains(c);
    (b[i] == b'p'
        && (i == 0 || !is_word_byte(b[i - 1]))
        && end <= b.len()
        && b[i + 1..end].iter().all(is_hex)
        && (end == b.len() || !is_word_byte(b[end])))
    .then_some(end)
}

/// Calls `hit(start, end)` for each CPR-like substring of `text`, in order; stops early when
/// `hit` returns false.
fn scan(text: &str, mut hit: impl FnMut(usize, usize) -> bool) {
    let b = text.as_bytes();
    let n = b.len();
    let mut i = 0;
    while i < n {
        if b[i] == b'p' {
            if let Some(end) = pseudonym_at(b, i) {
                i = end;
                continue;
            }
        }
        if !b[i].is_ascii_digit() {
            i += 1;
            continue;
        }
        // A maximal run of digits [i, j).
        let start = i;
        let mut j = i;
        while j < n && b[j].is_ascii_digit() {
            j += 1;
        }
        // Digits after "<digit>." are the decimals of a number, not an identifier.
        let decimals = start >= 2 && b[start - 1] == b'.' && b[start - 2].is_ascii_digit();
        // Digits before ".<digit>" are the whole part of a number (an amount in kroner
        // written by indsats, e.g. 2101991234.5), not an identifier.
        let whole_part = j + 1 < n && b[j] == b'.' && b[j + 1].is_ascii_digit();
        if !decimals && !whole_part {
            if j - start == 10 && is_ddmmyy(&b[start..start + 6]) {
                if !hit(start, j) {
                    return;
                }
            } else if j - start == 6
                && j + 5 <= n
                && matches!(b[j], b'-' | b' ')
                && all_digits(&b[j + 1..j + 5])
                && (j + 5 == n || !b[j + 5].is_ascii_digit())
                && is_ddmmyy(&b[start..j])
            {
                if !hit(start, j + 5) {
                    return;
                }
                i = j + 5;
                continue;
            }
        }
        i = j;
    }
}

/// Whether free text contains a CPR-like substring; use it on every output before writing.
///
/// The rule: a run of exactly 10 digits, or 6 digits, a `-` or a space, and 4 digits, not part
/// of a longer run of digits, whose first six digits are a date as in [`is_cpr_like`]. Two
/// kinds of digit runs are passed over, since none can be a CPR number written by a person:
/// the decimals of a number (digits after `<digit>.`, as in `0.3101991234`), the whole part
/// of a decimal number (digits before `.<digit>`, as in the amount `2101991234.5`), and
/// indsats's own pseudonyms (`p` and 16 hex digits as one word, see
/// [`PseudonymKey::pseudonymise`]).
///
/// # Example
/// ```
/// use indsats::data::contains_cpr_like;
/// assert!(contains_cpr_like("borger 010100-1234 flyttede"));
/// assert!(contains_cpr_like("id=0101001234;"));
/// assert!(!contains_cpr_like("sag 01010012345")); // eleven digits
/// assert!(!contains_cpr_like("estimate 0.0101001234"));
/// assert!(!contains_cpr_like("\"amount\": 2101991234.5"));
/// assert!(contains_cpr_like("cpr 2101991234."));
/// ```
pub fn contains_cpr_like(text: &str) -> bool {
    let mut found = false;
    scan(text, |_, _| {
        found = true;
        false
    });
    found
}

/// Replaces each CPR-like substring of `text` (as [`contains_cpr_like`] finds them) by `[cpr]`.
///
/// # Example
/// ```
/// use indsats::data::redact;
/// assert_eq!(redact("ring om 010100-1234 og 0202021234."), "ring om [cpr] og [cpr].");
/// assert_eq!(redact("intet her"), "intet her");
/// ```
pub fn redact(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut last = 0;
    scan(text, |start, end| {
        out.push_str(&text[last..start]);
        out.push_str("[cpr]");
        last = end;
        true
    });
    out.push_str(&text[last..]);
    out
}

/// HMAC-SHA-256 of `message` under `key` (RFC 2104 with SHA-256), the primitive behind
/// [`PseudonymKey::pseudonymise`].
///
/// # Example
/// RFC 4231, test case 2:
/// ```
/// use indsats::data::hmac_sha256;
/// let mac = hmac_sha256(b"Jefe", b"what do ya want for nothing?");
/// let hex: String = mac.iter().map(|b| format!("{b:02x}")).collect();
/// assert_eq!(hex, "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
/// ```
pub fn hmac_sha256(key: &[u8], message: &[u8]) -> [u8; 32] {
    let mut mac = Hmac::<Sha256>::new_from_slice(key).expect("HMAC takes a key of any length");
    mac.update(message);
    mac.finalize().into_bytes().into()
}

/// A secret key for pseudonymising identifiers; never printed.
///
/// The same key gives the same pseudonym for the same person in every file and every run, so
/// tables can still be joined; another key gives unrelated pseudonyms. Keep the key file out
/// of the data folder and away from anyone who holds the CPR numbers. `Debug` shows no part
/// of it, and there is no `Display`.
#[derive(Clone)]
pub struct PseudonymKey {
    bytes: Vec<u8>,
}

/// The shortest key accepted, in bytes.
pub const MIN_KEY_BYTES: usize = 16;

impl PseudonymKey {
    /// A key from its bytes.
    ///
    /// # Errors
    /// [`ErrorKind::InvalidParameter`] when the key is shorter than [`MIN_KEY_BYTES`] (16).
    ///
    /// # Example
    /// ```
    /// use indsats::data::PseudonymKey;
    /// assert!(PseudonymKey::from_bytes(b"a synthetic test key, 32 bytes.").is_ok());
    /// assert!(PseudonymKey::from_bytes(b"too short").is_err());
    /// ```
    pub fn from_bytes(bytes: &[u8]) -> Result<PseudonymKey> {
        if bytes.len() < MIN_KEY_BYTES {
            return Err(Error::parameter(
                "pseudonymisation key",
                format!(
                    "a key must be at least {MIN_KEY_BYTES} bytes long; this one has {}",
                    bytes.len()
                ),
            ));
        }
        Ok(PseudonymKey {
            bytes: bytes.to_vec(),
        })
    }

    /// A key from a file: the file's bytes, without trailing line ends (`\n`, `\r\n`).
    ///
    /// Make one with, for example, `head -c 32 /dev/urandom | base64 > indsats.key`.
    ///
    /// # Errors
    /// [`ErrorKind::Io`] when the file cannot be read; [`ErrorKind::Format`] when the key in it
    /// is shorter than [`MIN_KEY_BYTES`] (16). The key itself is never in the message.
    pub fn from_file(path: impl AsRef<Path>) -> Result<PseudonymKey> {
        let path = path.as_ref();
        let mut bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
        while matches!(bytes.last(), Some(b'\n' | b'\r')) {
            bytes.pop();
        }
        let key = PseudonymKey::from_bytes(&bytes).map_err(|_| {
            Error::format(
                path.display().to_string(),
                format!(
                    "a pseudonymisation key must be at least {MIN_KEY_BYTES} bytes long; this one has {}",
                    bytes.len()
                ),
            )
        });
        bytes.fill(0);
        key
    }

    /// The pseudonym of an identifier: `p` and 16 hex digits.
    ///
    /// ```text
    /// pseudonym = "p" + first 16 hex digits of HMAC-SHA-256(key, normalised value)
    /// normalised value = the ten digits, for a value shaped like a CPR number (DDMMYYSSSS,
    ///                      DDMMYY-SSSS, DDMMYY SSSS), so all three forms give one pseudonym;
    ///                    the value with a leading 0 restored, for nine digits that are a
    ///                      CPR-like number whose leading zero a spreadsheet dropped;
    ///                    otherwise the value without surrounding whitespace
    /// ```
    /// 16 hex digits are 64 bits: two of 10 million people share a pseudonym with probability
    /// about 3 in a million. A pseudonym starts with `p`, so it is never CPR-like itself, and
    /// [`contains_cpr_like`] passes over it.
    ///
    /// # Example
    /// ```
    /// use indsats::data::{is_cpr_like, PseudonymKey};
    /// let key = PseudonymKey::from_bytes(b"a synthetic test key, 32 bytes.").unwrap();
    /// let p = key.pseudonymise("010100-1234");
    /// assert_eq!(p, key.pseudonymise("0101001234"));
    /// assert_eq!(p.len(), 17);
    /// assert!(p.starts_with('p') && !is_cpr_like(&p));
    /// ```
    pub fn pseudonymise(&self, value: &str) -> String {
        let mac = hmac_sha256(&self.bytes, normalise(value).as_bytes());
        let mut out = String::with_capacity(17);
        out.push('p');
        for b in &mac[..8] {
            out.push(char::from(b"0123456789abcdef"[usize::from(b >> 4)]));
            out.push(char::from(b"0123456789abcdef"[usize::from(b & 15)]));
        }
        out
    }
}

/// The form of an identifier that is hashed; see [`PseudonymKey::pseudonymise`].
fn normalise(value: &str) -> Cow<'_, str> {
    let v = value.trim();
    if let Some(d) = cpr_shape_digits(v) {
        return Cow::Owned(String::from_utf8(d.to_vec()).expect("ASCII digits"));
    }
    if v.len() == 9 && all_digits(v.as_bytes()) {
        let padded = format!("0{v}");
        if is_cpr_like(&padded) {
            return Cow::Owned(padded);
        }
    }
    Cow::Borrowed(v)
}

impl fmt::Debug for PseudonymKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("PseudonymKey(<secret>)")
    }
}

impl Drop for PseudonymKey {
    /// Overwrites the key's bytes (best effort: the allocator may have copied them before).
    fn drop(&mut self) {
        self.bytes.fill(0);
        std::hint::black_box(&self.bytes);
    }
}

/// What the guard did to one column.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum GuardAction {
    /// The column holds identifiers: every non-empty value was replaced by its pseudonym.
    Pseudonymised,
    /// The column holds text with CPR-like numbers inside it: each was replaced by `[cpr]`.
    Redacted,
}

/// One column the guard changed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GuardedColumn {
    /// The column's name.
    pub column: String,
    /// What was done.
    pub action: GuardAction,
    /// How many values were changed.
    pub values: usize,
}

impl fmt::Display for GuardedColumn {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let what = match self.action {
            GuardAction::Pseudonymised => "pseudonymised",
            GuardAction::Redacted => "with CPR-like numbers redacted",
        };
        write!(
            f,
            "column \"{}\": {} value(s) {what}",
            redact(&self.column),
            self.values
        )
    }
}

/// What [`guard_table`] did to a table that passed it.
#[derive(Debug, Clone, PartialEq)]
pub struct GuardOutcome {
    /// The table to use from here on when the guard changed it (pseudonyms, redactions);
    /// `None` when the table held nothing CPR-like and the input is to be used as it is (so a
    /// clean table is never copied).
    pub table: Option<RawTable>,
    /// The columns that were changed, in table order; empty when nothing was.
    pub columns: Vec<GuardedColumn>,
    /// The same as `columns`, one sentence each (`column "cpr": 1204 value(s)
    /// pseudonymised`), for a report's warnings.
    pub notes: Vec<String>,
}

impl GuardOutcome {
    /// Whether the table held nothing CPR-like (and so is unchanged).
    pub fn is_unchanged(&self) -> bool {
        self.columns.is_empty()
    }
}

/// Where a column first shows a CPR-like value, and in what way.
struct Finding {
    column: usize,
    /// 0-based data row.
    first: usize,
    action: GuardAction,
}

fn refuse(table: &RawTable, column: &str, row: usize) -> Error {
    Error::new(ErrorKind::CprLike {
        file: redact(&table.source),
        column: redact(column),
        row,
    })
}

/// Checks the header (always refused: a header cannot be pseudonymised) and finds the
/// columns that hold CPR-like values.
fn scan_table(table: &RawTable) -> Result<Vec<Finding>> {
    if let Some(name) = table.columns.iter().find(|c| contains_cpr_like(c)) {
        return Err(refuse(table, name, 1));
    }
    // One pass per column, columns in parallel; a cell shorter than ten characters cannot
    // hold the ten digits of a CPR number.
    let found: Vec<Finding> = table
        .cells
        .par_iter()
        .enumerate()
        .filter_map(|(c, cells)| {
            let mut first_inside = None;
            for (i, cell) in cells.iter().enumerate() {
                if cell.len() < 10 {
                    continue;
                }
                if is_cpr_like(cell) {
                    return Some(Finding {
                        column: c,
                        first: i,
                        action: GuardAction::Pseudonymised,
                    });
                }
                if first_inside.is_none() && contains_cpr_like(cell) {
                    first_inside = Some(i);
                }
            }
            first_inside.map(|first| Finding {
                column: c,
                first,
                action: GuardAction::Redacted,
            })
        })
        .collect();
    Ok(found)
}

/// Refuses a table that holds CPR-like values unless they can be pseudonymised; the check
/// every caller makes before using a table it has read (and, without a key, the one
/// [`write_csv`](crate::data::write_csv) makes before writing one).
///
/// The rule, column by column, over every column:
/// ```text
/// some value is CPR-like (is_cpr_like)      → an identifier column: refused without a key;
///                                              with a key every non-empty value of the column
///                                              (CPR-like or not, so the column stays one kind
///                                              of identifier) becomes its pseudonym
/// else some value contains a CPR-like       → a text column: refused without a key; with a
///   substring (contains_cpr_like)              key each such substring becomes "[cpr]"
/// a column name contains a CPR-like number  → refused, key or not (the file probably has no
///                                              header row)
/// ```
/// Empty cells stay empty.
///
/// # Errors
/// [`ErrorKind::CprLike`] naming the file, the first such column and the row (as a
/// spreadsheet shows it) of its first CPR-like value. Neither the error nor anything else
/// shows the value; a CPR-like number in the file or column name is shown as `[cpr]`.
///
/// # Example
/// ```
/// use indsats::data::{guard_table, GuardAction, PseudonymKey, RawTable};
/// let table = RawTable::new("persons.csv", ["cpr", "district"], [["010100-1234", ""], ["Nord", "Syd"]]);
/// let refused = guard_table(&table, None).unwrap_err();
/// assert!(refused.to_string().contains("column \"cpr\""));
/// assert!(!refused.to_string().contains("1234"));
///
/// let key = PseudonymKey::from_bytes(b"a synthetic test key, 32 bytes.").unwrap();
/// let outcome = guard_table(&table, Some(&key)).unwrap();
/// assert_eq!(outcome.columns[0].action, GuardAction::Pseudonymised);
/// assert_eq!(outcome.columns[0].values, 1);
/// let guarded = outcome.table.unwrap();
/// assert_eq!(guarded.cells[0][0], key.pseudonymise("0101001234"));
/// assert_eq!(&guarded.cells[0][1], "");
/// assert_eq!(guarded.cells[1], table.cells[1]);
/// ```
pub fn guard_table(table: &RawTable, key: Option<&PseudonymKey>) -> Result<GuardOutcome> {
    let found = scan_table(table)?;
    let Some(key) = key else {
        return match found.first() {
            Some(f) => Err(refuse(
                table,
                &table.columns[f.column],
                table.file_row(f.first),
            )),
            None => Ok(GuardOutcome {
                table: None,
                columns: Vec::new(),
                notes: Vec::new(),
            }),
        };
    };
    if found.is_empty() {
        return Ok(GuardOutcome {
            table: None,
            columns: Vec::new(),
            notes: Vec::new(),
        });
    }
    let mut out = table.clone();
    let mut columns = Vec::with_capacity(found.len());
    for f in found {
        let mut values = 0;
        out.cells[f.column] = table.cells[f.column].map(|cell| match f.action {
            GuardAction::Pseudonymised if !cell.is_empty() => {
                values += 1;
                key.pseudonymise(cell)
            }
            GuardAction::Redacted if contains_cpr_like(cell) => {
                values += 1;
                redact(cell)
            }
            _ => cell.to_string(),
        });
        columns.push(GuardedColumn {
            column: out.columns[f.column].clone(),
            action: f.action,
            values,
        });
    }
    let notes = columns.iter().map(ToString::to_string).collect();
    Ok(GuardOutcome {
        table: Some(out),
        columns,
        notes,
    })
}

/// Checks that a table holds nothing CPR-like: [`guard_table`] without a key, the check made
/// before any table is written.
///
/// # Errors
/// As [`guard_table`] without a key.
pub fn check_table(table: &RawTable) -> Result<()> {
    guard_table(table, None).map(drop)
}
