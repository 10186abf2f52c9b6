//! Typed views of text cells: numbers with a dot or a Danish decimal comma, dates and months.
//!
//! The readers keep every cell as text; these functions are what later typing uses. They are
//! strict on purpose: a value that could mean two things is rejected rather than guessed, and
//! the caller reports it with its file, row and column.

use chrono::{Datelike, NaiveDate, NaiveTime};

/// Which character a column uses as its decimal mark; see [`parse_number_with`].
///
/// A single value such as `1.234` cannot tell whether it is one thousand two hundred and
/// thirty-four (Danish thousands dot) or one point two three four. A column can:
/// [`DecimalMark::detect`] looks at all of its values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum DecimalMark {
    /// `1234.5`, `1,234.5`: a dot is the decimal mark and a comma separates thousands.
    #[default]
    Point,
    /// `1234,5`, `1.234,5`: a comma is the decimal mark and a dot separates thousands, as
    /// Danish Excel exports write numbers.
    Comma,
}

impl DecimalMark {
    /// The decimal mark of a column, judged from all of its values.
    ///
    /// The rule: [`DecimalMark::Comma`] when at least one value contains a comma and every value
    /// that contains a comma reads as a Danish number (`1.234,5`, `0,5`); otherwise
    /// [`DecimalMark::Point`]. Empty values are ignored.
    ///
    /// # Example
    /// ```
    /// use indsats::data::{parse_number_with, DecimalMark};
    /// let danish = ["1.234", "12,5", ""];
    /// let mark = DecimalMark::detect(danish);
    /// assert_eq!(mark, DecimalMark::Comma);
    /// assert_eq!(parse_number_with("1.234", mark), Some(1234.0));
    /// assert_eq!(DecimalMark::detect(["1.234", "12.5"]), DecimalMark::Point);
    /// assert_eq!(DecimalMark::detect(["1,234.5"]), DecimalMark::Point);
    /// ```
    pub fn detect<'a>(values: impl IntoIterator<Item = &'a str>) -> DecimalMark {
        let mut saw_comma = false;
        for v in values {
            if v.contains(',') {
                if parse_number_with(v, DecimalMark::Comma).is_none() {
                    return DecimalMark::Point;
                }
                saw_comma = true;
            }
        }
        if saw_comma {
            DecimalMark::Comma
        } else {
            DecimalMark::Point
        }
    }
}

/// Reads a number written with a dot or a Danish decimal comma, judged from the value alone.
///
/// The rule (unambiguous by construction):
/// ```text
/// the value contains a comma  →  the comma is the decimal mark and dots separate thousands,
///                                in groups of three:   1234,5   1.234,5   1.234.567,89   -0,5
/// it does not                 →  a dot is the decimal mark (an exponent is allowed):
///                                1234   -1234.5   1.234 (= 1.234)   1e-05
/// ```
/// Surrounding whitespace and a leading `+` or `-` are allowed. Rejected: `1,234.5` (a dot
/// after the comma), `1.23,5` (a thousands group that is not three digits), `1.234.567`
/// (several dots and no comma), `1,2,3`, `1 234`, `inf`, `NaN`, and the empty string.
///
/// **`1.234` is read as 1.234**, never as 1234: alone, the value does not say it is Danish.
/// Where a column mixes `1.234` with `12,5`, judge the column with [`DecimalMark::detect`] and
/// read it with [`parse_number_with`].
///
/// # Example
/// ```
/// use indsats::data::parse_number;
/// assert_eq!(parse_number("1.234,50"), Some(1234.5));
/// assert_eq!(parse_number("-1234.5"), Some(-1234.5));
/// assert_eq!(parse_number("1234,5"), Some(1234.5));
/// assert_eq!(parse_number("1.234"), Some(1.234));
/// assert_eq!(parse_number("1,234.5"), None);
/// ```
pub fn parse_number(s: &str) -> Option<f64> {
    let s = s.trim();
    if s.contains(',') {
        parse_comma(s)
    } else {
        parse_point(s, false)
    }
}

/// Reads a number whose decimal mark is known (for example from [`DecimalMark::detect`]).
///
/// With [`DecimalMark::Comma`]: an optional comma is the decimal mark and dots separate
/// thousands in groups of three (`1.234` is 1234, `1.234,5` is 1234.5, `1234.5` is rejected).
/// With [`DecimalMark::Point`]: an optional dot is the decimal mark and commas separate
/// thousands in groups of three (`1,234.5` is 1234.5, `1234,5` is rejected); an exponent is
/// allowed (`1e-05`, as R writes small numbers).
///
/// # Example
/// ```
/// use indsats::data::{parse_number_with, DecimalMark};
/// assert_eq!(parse_number_with("1.234", DecimalMark::Comma), Some(1234.0));
/// assert_eq!(parse_number_with("1.234", DecimalMark::Point), Some(1.234));
/// assert_eq!(parse_number_with("1,234.5", DecimalMark::Point), Some(1234.5));
/// assert_eq!(parse_number_with("1.23", DecimalMark::Comma), None);
/// ```
pub fn parse_number_with(s: &str, mark: DecimalMark) -> Option<f64> {
    let s = s.trim();
    match mark {
        DecimalMark::Comma => parse_comma(s),
        DecimalMark::Point => parse_point(s, true),
    }
}

/// Splits a leading sign off.
fn split_sign(s: &str) -> (&str, &str) {
    match s.as_bytes().first() {
        Some(b'-') => ("-", &s[1..]),
        Some(b'+') => ("", &s[1..]),
        _ => ("", s),
    }
}

/// The integer part: plain digits, or digits grouped in threes by `sep`. Returns the digits.
fn integer_part(s: &str, sep: u8) -> Option<String> {
    if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit() || b == sep) {
        return None;
    }
    if !s.bytes().any(|b| b == sep) {
        return Some(s.to_owned());
    }
    let mut groups = s.split(sep as char);
    let first = groups.next()?;
    if first.is_empty() || first.len() > 3 {
        return None;
    }
    let mut digits = first.to_owned();
    for g in groups {
        if g.len() != 3 {
            return None;
        }
        digits.push_str(g);
    }
    Some(digits)
}

fn finite(x: f64) -> Option<f64> {
    x.is_finite().then_some(x)
}

/// Comma as the decimal mark (optional), dots as thousands separators.
fn parse_comma(s: &str) -> Option<f64> {
    let (sign, body) = split_sign(s);
    let (int, frac) = match body.split_once(',') {
        Some((i, f)) => (i, Some(f)),
        None => (body, None),
    };
    let mut text = String::with_capacity(body.len() + 1);
    text.push_str(sign);
    text.push_str(&integer_part(int, b'.')?);
    if let Some(f) = frac {
        if f.is_empty() || !f.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        text.push('.');
        text.push_str(f);
    }
    text.parse().ok().and_then(finite)
}

/// Dot as the decimal mark; with `thousands`, commas may group the integer part in threes.
fn parse_point(s: &str, thousands: bool) -> Option<f64> {
    let (sign, body) = split_sign(s);
    let (mantissa, exponent) = match body.find(['e', 'E']) {
        Some(k) => (&body[..k], Some(&body[k + 1..])),
        None => (body, None),
    };
    let (int, frac) = match mantissa.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (mantissa, None),
    };
    let mut text = String::with_capacity(body.len() + 1);
    text.push_str(sign);
    if thousands && int.contains(',') {
        text.push_str(&integer_part(int, b',')?);
    } else if int.bytes().all(|b| b.is_ascii_digit()) {
        text.push_str(int);
    } else {
        return None;
    }
    if let Some(f) = frac {
        if !f.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        text.push('.');
        text.push_str(f);
    }
    if int.is_empty() && frac.is_none_or(str::is_empty) {
        return None;
    }
    if let Some(e) = exponent {
        let (esign, edigits) = split_sign(e);
        if edigits.is_empty() || !edigits.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        text.push('e');
        text.push_str(esign);
        text.push_str(edigits);
    }
    text.parse().ok().and_then(finite)
}

/// Reads a date: ISO or Danish, optionally followed by a time of day that is dropped.
///
/// Accepted, with surrounding whitespace:
/// ```text
/// 2021-03-31                    ISO (four-digit year, two-digit month and day)
/// 31-03-2021  31.03.2021  31/03/2021  1.3.2021
///                               Danish day-month-year (one or two digits for day and month,
///                               four for the year, the same separator twice)
/// 2021-03-31 00:00:00  2021-03-31T14:30:00.5Z  31-03-2021 14.30
///                               any of the above, a space or T, and a time (HH:MM[:SS[.f]],
///                               or with dots); the time is dropped
/// ```
/// Rejected: impossible dates (`2019-02-30`), two-digit years (`31-03-21`: which century?),
/// month-first American dates, mixed separators (`31-03.2021`), and anything else.
///
/// # Example
/// ```
/// use chrono::NaiveDate;
/// use indsats::data::parse_date;
/// let d = NaiveDate::from_ymd_opt(2021, 3, 31).unwrap();
/// assert_eq!(parse_date("2021-03-31"), Some(d));
/// assert_eq!(parse_date("31.03.2021"), Some(d));
/// assert_eq!(parse_date("2021-03-31T00:00:00"), Some(d));
/// assert_eq!(parse_date("2019-02-30"), None);
/// ```
pub fn parse_date(s: &str) -> Option<NaiveDate> {
    let s = s.trim();
    let (date, time) = match s.find([' ', 'T']) {
        Some(k) => (&s[..k], Some(s[k + 1..].trim_start())),
        None => (s, None),
    };
    if let Some(t) = time {
        if !is_time_of_day(t) {
            return None;
        }
    }
    parse_date_only(date)
}

/// `HH:MM`, `HH:MM:SS`, `HH:MM:SS.fff` (or with dots), optionally with `Z` or `+01:00`.
fn is_time_of_day(t: &str) -> bool {
    let t = t.strip_suffix('Z').unwrap_or(t);
    // An offset such as +01:00 or -0200 after the seconds.
    let t = match t.rfind(['+', '-']) {
        Some(k) if k > 0 => &t[..k],
        _ => t,
    };
    ["%H:%M:%S%.f", "%H:%M", "%H.%M.%S", "%H.%M"]
        .iter()
        .any(|f| NaiveTime::parse_from_str(t, f).is_ok())
}

fn parse_date_only(s: &str) -> Option<NaiveDate> {
    let sep = s.bytes().find(|b| !b.is_ascii_digit())?;
    if !matches!(sep, b'-' | b'.' | b'/') {
        return None;
    }
    let mut parts = s.split(sep as char);
    let (a, b, c) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some()
        || [a, b, c]
            .iter()
            .any(|p| p.is_empty() || !p.bytes().all(|x| x.is_ascii_digit()))
    {
        return None;
    }
    let (y, m, d) = if a.len() == 4 && sep == b'-' && b.len() == 2 && c.len() == 2 {
        (a, b, c)
    } else if c.len() == 4 && a.len() <= 2 && b.len() <= 2 {
        (c, b, a)
    } else {
        return None;
    };
    NaiveDate::from_ymd_opt(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?)
}

const MONTH_NAMES: &[(&str, u32)] = &[
    ("januar", 1),
    ("january", 1),
    ("februar", 2),
    ("february", 2),
    ("marts", 3),
    ("march", 3),
    ("april", 4),
    ("maj", 5),
    ("may", 5),
    ("juni", 6),
    ("june", 6),
    ("juli", 7),
    ("july", 7),
    ("august", 8),
    ("september", 9),
    ("sept", 9),
    ("oktober", 10),
    ("october", 10),
    ("okt", 10),
    ("oct", 10),
    ("november", 11),
    ("december", 12),
    ("jan", 1),
    ("feb", 2),
    ("mar", 3),
    ("apr", 4),
    ("jun", 6),
    ("jul", 7),
    ("aug", 8),
    ("sep", 9),
    ("nov", 11),
    ("dec", 12),
];

fn month_by_name(name: &str) -> Option<u32> {
    let name = name.strip_suffix('.').unwrap_or(name);
    MONTH_NAMES
        .iter()
        .find(|(n, _)| *n == name)
        .map(|&(_, m)| m)
}

/// Reads a calendar month as `(year, month)`, month 1 to 12.
///
/// Accepted, with surrounding whitespace and any letter case:
/// ```text
/// 2021-03   2021/03   2021-3          year first
/// 03-2021   03.2021   03/2021  3-2021 month first
/// 2021-03-01  01-03-2021  01.03.2021  a date (any form parse_date takes) on the first of a
///                                     month; other days are rejected, since a month column
///                                     holding 2021-03-17 is more likely a mistake than a month
/// marts 2021  mar. 2021  mar-2021  march 2021
///                                     a Danish or English month name or abbreviation
/// ```
/// Rejected: two-digit years, month 0 or 13, and anything else. The result converts to
/// [`YearMonth`](crate::data::YearMonth) as `YearMonth { year, month }`.
///
/// # Example
/// ```
/// use indsats::data::parse_month;
/// assert_eq!(parse_month("2021-03"), Some((2021, 3)));
/// assert_eq!(parse_month("03-2021"), Some((2021, 3)));
/// assert_eq!(parse_month("2021-03-01"), Some((2021, 3)));
/// assert_eq!(parse_month("Marts 2021"), Some((2021, 3)));
/// assert_eq!(parse_month("2021-03-17"), None);
/// assert_eq!(parse_month("2021-13"), None);
/// ```
pub fn parse_month(s: &str) -> Option<(i32, u32)> {
    let s = s.trim();
    if let Some(d) = parse_date(s) {
        return (d.day() == 1).then(|| (d.year(), d.month()));
    }
    let lower = s.to_lowercase();
    let (a, b) = lower
        .split_once(['-', '/', '.', ' '])
        .map(|(a, b)| (a, b.trim_start_matches(['.', ' '])))?;
    let digits = |x: &str| !x.is_empty() && x.bytes().all(|c| c.is_ascii_digit());
    let (year, month) = if digits(a) && digits(b) {
        if a.len() == 4 && b.len() <= 2 {
            (a, b.parse().ok()?)
        } else if b.len() == 4 && a.len() <= 2 {
            (b, a.parse().ok()?)
        } else {
            return None;
        }
    } else if digits(b) && b.len() == 4 {
        (b, month_by_name(a)?)
    } else {
        return None;
    };
    let year: i32 = year.parse().ok()?;
    (1..=12).contains(&month).then_some((year, month))
}
