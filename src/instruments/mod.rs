//! Questionnaires: the response range of each built-in instrument's items.
//!
//! Validation uses these ranges to reject out-of-range answers (an SDQ item of 3, a
//! WHO-5 item of 6) rather than turning them into missing answers, as the scoring
//! specification asks. Scoring itself (subscales, prorating, bands, reliable change)
//! builds on the same definitions.

use serde::Serialize;

/// The allowed answers to one item.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct ItemRange {
    /// Smallest allowed answer.
    pub min: f64,
    /// Largest allowed answer.
    pub max: f64,
    /// Whether only whole numbers are allowed.
    pub integer: bool,
}

impl ItemRange {
    /// Whether `value` is an allowed answer.
    ///
    /// ```
    /// use indsats::instruments::builtin_item_range;
    /// let r = builtin_item_range("sdq", "sdq7").unwrap();
    /// assert!(r.contains(2.0) && !r.contains(3.0) && !r.contains(1.5));
    /// ```
    pub fn contains(&self, value: f64) -> bool {
        value >= self.min && value <= self.max && (!self.integer || value.fract() == 0.0)
    }

    /// What validation expects of an answer to `item`.
    pub fn expected(&self, item: &str) -> crate::data::Expected {
        crate::data::Expected::ItemRange {
            item: item.to_string(),
            min: self.min,
            max: self.max,
            integer: self.integer,
        }
    }

    /// The range as text for messages, e.g. `0, 1 or 2` or `0.0 to 10.0`.
    pub fn describe(&self) -> String {
        if self.integer && self.max - self.min <= 3.0 {
            let vals: Vec<String> = (self.min as i64..=self.max as i64)
                .map(|v| v.to_string())
                .collect();
            let (last, first) = vals.split_last().expect("a range has values");
            format!("{} or {}", first.join(", "), last)
        } else if self.integer {
            format!("a whole number from {} to {}", self.min, self.max)
        } else {
            format!("a number from {:.1} to {:.1}", self.min, self.max)
        }
    }
}

const SDQ_ITEM: ItemRange = ItemRange {
    min: 0.0,
    max: 2.0,
    integer: true,
};
const SDQ_IMPACT: ItemRange = ItemRange {
    min: 0.0,
    max: 3.0,
    integer: true,
};
const FIT_ITEM: ItemRange = ItemRange {
    min: 0.0,
    max: 10.0,
    integer: false,
};
const WHO5_ITEM: ItemRange = ItemRange {
    min: 0.0,
    max: 5.0,
    integer: true,
};

/// The built-in instruments (case-insensitive names as the `instrument` column holds them).
pub const BUILTIN: [&str; 6] = ["sdq", "ors", "cors", "srs", "csrs", "who5"];

/// The response range of a built-in instrument's item, by the item column's name.
///
/// Items: SDQ `sdq1`…`sdq25` (0/1/2 as printed) and the impact supplement
/// `sdq_impact_*` (0–3); ORS/CORS `ors1`…`ors4` and SRS/CSRS `srs1`…`srs4` (0.0–10.0,
/// the mark on a 10 cm line); WHO-5 `who5_1`…`who5_5` (0–5). Returns `None` for an
/// unknown instrument, or a column that is not one of the instrument's items (those
/// are left to the instrument definitions of the scoring module).
///
/// ```
/// use indsats::instruments::builtin_item_range;
/// assert_eq!(builtin_item_range("WHO5", "who5_3").unwrap().max, 5.0);
/// assert!(builtin_item_range("sdq", "ors1").is_none());
/// ```
pub fn builtin_item_range(instrument: &str, item: &str) -> Option<ItemRange> {
    let item = item.to_ascii_lowercase();
    let numbered = |prefix: &str, n: u32| {
        item.strip_prefix(prefix)
            .and_then(|k| k.parse::<u32>().ok())
            .is_some_and(|k| (1..=n).contains(&k))
    };
    match instrument.to_ascii_lowercase().as_str() {
        "sdq" if item.starts_with("sdq_impact_") => Some(SDQ_IMPACT),
        "sdq" if numbered("sdq", 25) => Some(SDQ_ITEM),
        "ors" | "cors" if numbered("ors", 4) => Some(FIT_ITEM),
        "srs" | "csrs" if numbered("srs", 4) => Some(FIT_ITEM),
        "who5" if numbered("who5_", 5) => Some(WHO5_ITEM),
        _ => None,
    }
}

/// Whether the instrument is one of the built-ins.
pub fn is_builtin(instrument: &str) -> bool {
    BUILTIN.iter().any(|b| b.eq_ignore_ascii_case(instrument))
}
