//! Numbers for people in the economics tables: kroner with thousands separators, shares as
//! percentages, in Danish or English style.

use indsats::Lang;

/// A number with `decimals` decimals and thousands separators (`.` and `,` in Danish,
/// `,` and `.` in English); `–` when not finite.
pub(super) fn number(v: f64, decimals: usize, lang: Lang) -> String {
    if !v.is_finite() {
        return "–".into();
    }
    let text = format!("{:.*}", decimals, v.abs());
    let (int, frac) = text.split_once('.').unwrap_or((&text, ""));
    let (sep, dec) = if lang == Lang::Da {
        ('.', ',')
    } else {
        (',', '.')
    };
    let mut out = String::new();
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            out.push(sep);
        }
        out.push(c);
    }
    if !frac.is_empty() {
        out.push(dec);
        out.push_str(frac);
    }
    if v < 0.0 && text.chars().any(|c| c.is_ascii_digit() && c != '0') {
        out.insert(0, '-');
    }
    out
}

/// Whole kroner.
pub(super) fn kr(v: f64, lang: Lang) -> String {
    number(v, 0, lang)
}

/// A fraction as a percentage with one decimal (0.305 → 30,5 in Danish).
pub(super) fn percent(v: f64, lang: Lang) -> String {
    number(v * 100.0, 1, lang)
}
