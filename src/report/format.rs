//! Numbers and dates as people read them: Danish (`1.234.567 kr.`, `12,5 %`,
//! `31. december 2024`) or English (`DKK 1,234,567`, `12.5%`, `31 December 2024`).
//!
//! Formatting only: nothing here computes a statistic.

use super::text::{month_abbr, month_name, Key};
use crate::data::YearMonth;
use crate::summary::{Amount, AmountUnit, Cell, Count, Share};
use crate::Lang;
use chrono::{Datelike, NaiveDate};

/// Digits with the language's thousands separator.
pub(crate) fn integer(v: i64, lang: Lang) -> String {
    let sep = match lang {
        Lang::Da => '.',
        Lang::En => ',',
    };
    let digits = v.unsigned_abs().to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(sep);
        }
        out.push(c);
    }
    if v < 0 {
        format!("-{out}")
    } else {
        out
    }
}

/// A number with `decimals` decimals and the language's separators.
pub(crate) fn decimal(v: f64, decimals: usize, lang: Lang) -> String {
    if !v.is_finite() {
        return "–".into();
    }
    let s = format!("{:.*}", decimals, v.abs());
    let (int, frac) = s.split_once('.').unwrap_or((&s, ""));
    let int: i64 = int.parse().unwrap_or(0);
    let mut out = integer(int, lang);
    if !frac.is_empty() {
        out.push(match lang {
            Lang::Da => ',',
            Lang::En => '.',
        });
        out.push_str(frac);
    }
    // no "-0,0"
    if v < 0.0 && out.chars().any(|c| c.is_ascii_digit() && c != '0') {
        out.insert(0, '-');
    }
    out
}

/// Kroner, rounded to whole kroner: `1.234.567 kr.` or `DKK 1,234,567`.
pub(crate) fn kroner(v: f64, lang: Lang) -> String {
    let n = decimal(v, 0, lang);
    match lang {
        Lang::Da => format!("{n} kr."),
        Lang::En => format!("DKK {n}"),
    }
}

/// Kroner for sentences: millions with one decimal from 1 million up.
pub(crate) fn kroner_short(v: f64, lang: Lang) -> String {
    if v.abs() >= 1e6 {
        let n = decimal(v / 1e6, 1, lang);
        match lang {
            Lang::Da => format!("{n} mio. kr."),
            Lang::En => format!("DKK {n} million"),
        }
    } else {
        kroner(v, lang)
    }
}

/// A share (fraction) as a percentage with one decimal: `12,5 %` or `12.5%`.
pub(crate) fn percent(share: f64, lang: Lang) -> String {
    let n = decimal(share * 100.0, 1, lang);
    match lang {
        Lang::Da => format!("{n} %"),
        Lang::En => format!("{n}%"),
    }
}

/// A relative change with its sign: `+8,2 %`.
pub(crate) fn percent_change(change: f64, lang: Lang) -> String {
    let p = percent(change, lang);
    if change > 0.0 && !p.starts_with('-') {
        format!("+{p}")
    } else {
        p
    }
}

/// A date in words: `31. december 2024` or `31 December 2024`.
pub(crate) fn date(d: NaiveDate, lang: Lang) -> String {
    match lang {
        Lang::Da => format!("{}. {} {}", d.day(), month_name(d.month(), lang), d.year()),
        Lang::En => format!("{} {} {}", d.day(), month_name(d.month(), lang), d.year()),
    }
}

/// A month for axes and column heads: `jan. 2024` or `Jan 2024`.
pub(crate) fn month_short(m: YearMonth, lang: Lang) -> String {
    format!("{} {}", month_abbr(m.month, lang), m.year)
}

/// A count as shown in tables and chart labels: `<5` when small, `x` when hidden to
/// protect another cell.
pub(crate) fn count(c: Count, threshold: usize, lang: Lang) -> String {
    match c {
        Count::Shown(v) => integer(v as i64, lang),
        Count::Suppressed { secondary: false } => format!("<{threshold}"),
        Count::Suppressed { secondary: true } => "x".into(),
    }
}

/// A count in a sentence: `færre end 5` when hidden.
pub(crate) fn count_words(c: Count, threshold: usize, lang: Lang) -> String {
    match c {
        Count::Shown(v) => integer(v as i64, lang),
        Count::Suppressed { .. } => {
            super::text::fill(Key::FewerThan.get(lang), &[("t", threshold.to_string())])
        }
    }
}

/// A table cell as text, amounts in the table's unit.
pub(crate) fn cell(c: &Cell, threshold: usize, lang: Lang, unit: AmountUnit) -> String {
    match c {
        Cell::Text(t) => t.clone(),
        Cell::Count(c) => count(*c, threshold, lang),
        Cell::Integer(v) => integer(*v, lang),
        Cell::Amount(Amount { value, few_persons }) => {
            let k = match unit {
                AmountUnit::Kroner => kroner(*value, lang),
                AmountUnit::Thousands => decimal(value / 1000.0, 0, lang),
            };
            if *few_persons {
                format!("{k}*")
            } else {
                k
            }
        }
        Cell::Share(Share::Shown(v)) => percent(*v, lang),
        Cell::Share(Share::Suppressed) => "x".into(),
        Cell::Share(Share::Undefined) | Cell::Empty => "–".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn danish_numbers_use_dots_for_thousands_and_commas_for_decimals() {
        assert_eq!(kroner(1_234_567.4, Lang::Da), "1.234.567 kr.");
        assert_eq!(kroner(1_234_567.4, Lang::En), "DKK 1,234,567");
        assert_eq!(kroner(-950.0, Lang::Da), "-950 kr.");
        assert_eq!(percent(0.125, Lang::Da), "12,5 %");
        assert_eq!(percent(0.125, Lang::En), "12.5%");
        assert_eq!(percent_change(0.082, Lang::Da), "+8,2 %");
        assert_eq!(percent_change(-0.031, Lang::Da), "-3,1 %");
        assert_eq!(kroner_short(12_345_678.0, Lang::Da), "12,3 mio. kr.");
        assert_eq!(kroner_short(12_345_678.0, Lang::En), "DKK 12.3 million");
        assert_eq!(integer(999, Lang::Da), "999");
        assert_eq!(integer(1000, Lang::Da), "1.000");
        assert_eq!(decimal(-0.01, 1, Lang::Da), "0,0");
    }

    #[test]
    fn dates_in_words() {
        let d = NaiveDate::from_ymd_opt(2024, 12, 31).unwrap();
        assert_eq!(date(d, Lang::Da), "31. december 2024");
        assert_eq!(date(d, Lang::En), "31 December 2024");
        assert_eq!(
            month_short(
                YearMonth {
                    year: 2024,
                    month: 5
                },
                Lang::Da
            ),
            "maj 2024"
        );
    }

    #[test]
    fn hidden_counts_read_as_less_than_the_threshold_or_x() {
        assert_eq!(
            count(Count::Suppressed { secondary: false }, 5, Lang::Da),
            "<5"
        );
        assert_eq!(
            count(Count::Suppressed { secondary: true }, 5, Lang::Da),
            "x"
        );
        assert_eq!(
            count_words(Count::Suppressed { secondary: false }, 5, Lang::Da),
            "færre end 5"
        );
        assert_eq!(count(Count::Shown(0), 5, Lang::Da), "0");
    }
}
