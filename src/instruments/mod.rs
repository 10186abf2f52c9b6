//! Questionnaires and their scoring: SDQ, ORS/CORS, SRS/CSRS, WHO-5, and any instrument a
//! municipality describes in the same TOML format.
//!
//! An instrument is data, not code. Its file names the items and their allowed answers,
//! the reverse-keyed items, the scales and each scale's missing-item rule, the forms by
//! informant and age, band tables with their norm population, reliable-change thresholds,
//! and flags. The built-ins are such files, shipped inside the crate and read through the
//! same code path ([`Instrument::from_toml_str`]) as a user's file, so a user-defined
//! instrument is scored exactly as the built-ins are.
//!
//! Scoring is exact: answers are read as the decimals they are written as, and sums,
//! prorating and half-up rounding use rational arithmetic (SDQ's `(10·s + n) div (2·n)`).
//! An answer outside an item's allowed answers is an error naming the item and value, never
//! a missing answer; an empty answer is missing.
//!
//! # The format
//! ```toml
//! id = "trivsel"                       # what `indsats score` and the instrument column use
//! name = "Trivselsskema (eksempel)"
//! source = "where the scoring rules come from"
//! licence = "terms of use"              # optional
//! default_norms = ["local"]             # norm systems to band with, in order of preference
//! age_outside = "warn"                  # or "error": an age outside every form's range
//!
//! [response.five]                       # a response set: codes ...
//! values = [1, 2, 3, 4, 5]
//! # scores = [...]                      #   ... optionally recoded (SDQ impact: [0, 0, 1, 2])
//! # or: min = 0, max = 10, step = 0.1   #   ... or a range (ORS: min = 0, max = 10)
//!
//! [[item]]
//! id = "t1"                             # the column name in the data
//! response = "five"
//! [[item]]
//! id = "t2"
//! response = "five"
//! reverse = true                        # scores min + max − answer (here 6 − answer)
//! [[item]]
//! id = "t3"
//! response = "five"
//! optional = true                       # the column may be absent from a file
//!
//! [[scale]]
//! id = "trivsel"
//! higher_is = "better"                  # or "worse": the direction of reliable change
//! items = ["t1", "t2", "t3"]            # or scales = [...] for a composite (all required)
//! combine = "mean"                      # or "sum" (the default)
//! min_answered = 2                      # fewest answered items (default: all)
//! missing = "prorate"                   # or "zero": what unanswered items count as
//! rounding = "none"                     # or "half_up": floor(x + 0.5)
//! # multiplier = 4                      # WHO-5 percentage
//! # gate = { item = "x", when = [0], score = 0 }   # SDQ impact's "no difficulties"
//! # given_as = "t_total"                # a column that may carry the score instead (ORS)
//!
//! [[version]]                           # forms; none means one form for everyone
//! id = "elev"
//! informant = "self"
//! age = { min = 9, max = 16 }
//! default = true                        # the informant's form when the age is unknown
//! # absent = ["t3"]                     # items this form lacks: an answer is an error
//!
//! [[norms]]                             # a band table, the norm population named
//! system = "local"
//! population = "pupils in the municipality, 2023"
//! status = "U"                          # V, P or U: verified, partly, not verified
//! versions = ["elev"]                   # optional, as are informant, age = {...}, sex = "female"
//! [norms.bands]                         # [label, min, max] (both included), or tables
//! trivsel = [{ band = "low", min = 1, below = 3 }, { band = "ok", min = 3, max = 5 }]
//!
//! [[change]]                            # reliable change: published points ...
//! id = "local"
//! scale = "trivsel"
//! threshold = 0.5
//! # or Jacobson–Truax: sd = 0.8, reliability = 0.85 (z = 1.96)
//!
//! [[flag]]                              # raised by any of items, or by a scale
//! id = "any_lowest"
//! items = ["t1", "t2"]
//! at_most = 1                           # or below, at_least, above
//!
//! [label.low]                           # names of band labels for people
//! da = "lav"
//! en = "low"
//! ```
//! Every table rejects unknown keys, and [`InstrumentDef::check`] proves the definition
//! holds together: names resolve, numbers are in range, and each band table puts every
//! possible score of its scale in exactly one band. Errors name the key.
//!
//! # Formula
//! ```text
//! item score   = the response set's score for the answer (a recode, or the answer itself),
//!                then min + max − score if the item is reversed (SDQ: 2 − raw)
//! subscale     = when answered ≥ min_answered (default: all items on the form):
//!                  sum,  prorate:  Σ answered · n_items / n_answered
//!                  sum,  zero:     Σ answered                (unanswered count 0)
//!                  mean, prorate:  Σ answered / n_answered
//!                  mean, zero:     Σ answered / n_items
//!                × multiplier, then rounding (half up: floor(x + ½))
//!                otherwise no score (reason: too_few_items)
//!                a closed gate (answer ∈ when) fixes the score first (SDQ impact: 0)
//! composite    = sum or mean of earlier scales; no score if any is missing
//! form         = the `version` column's form; else the informant's first form whose ages
//!                hold the age (completed years); else the informant's default form (with a
//!                warning when the age is unknown or outside)
//! band         = the first norm table, in the order of the norm systems (`--norms`, else
//!                `default_norms`), for the form, age and sex; the band holding the score
//! SDQ subscale = round_half_up(5 · s / n) = (10·s + n) div (2·n), n ≥ 3 of 5
//! ```
//!
//! # Example: one response set
//! ```
//! use indsats::instruments::{builtin, Instrument};
//! let sdq = builtin("sdq").unwrap();
//! // CASES 4: teacher form, item 18 missing (conduct 2 of 4 items → 2.5 → 3, half up)
//! let items = [1., 2., 0., 1., 1., 1., 2., 0., 1., 2., 1., 1., 0., 1., 2., 0., 1., -1., 1., 0., 0., 0., 1., 0., 0.];
//! let answers: Vec<Option<f64>> = items.iter().map(|&x| (x >= 0.0).then_some(x)).collect();
//! let scores = sdq
//!     .responses_from(&answers)?
//!     .with("sdq_impact_difficulties", Some(3.0))?
//!     .with("sdq_impact_distress", Some(3.0))?
//!     .with("sdq_impact_classroom", Some(2.0))?
//!     .informant("teacher")
//!     .age(9)
//!     .score()?;
//! assert_eq!(scores.value("conduct"), Some(3.0));
//! assert_eq!(scores.value("total_difficulties"), Some(18.0));
//! assert_eq!(scores.value("impact"), Some(3.0));
//! assert_eq!(scores.band("total_difficulties"), Some("high"));
//!
//! // A user-defined instrument goes through the same code.
//! let mine = Instrument::from_toml_str(r#"
//!     id = "mini"
//!     name = "Two items"
//!     source = "a worked example"
//!     [response.r]
//!     values = [0, 1, 2]
//!     [[item]]
//!     id = "a"
//!     response = "r"
//!     [[item]]
//!     id = "b"
//!     response = "r"
//!     reverse = true
//!     [[scale]]
//!     id = "sum"
//!     higher_is = "worse"
//!     items = ["a", "b"]
//! "#, "mini.toml")?;
//! let s = mine.responses_from(&[Some(2.0), Some(0.0)])?.score()?;
//! assert_eq!(s.value("sum"), Some(4.0));
//! # Ok::<(), indsats::Error>(())
//! ```
//!
//! # Errors
//! Definitions: [`ErrorKind::Format`](crate::ErrorKind::Format) naming the line or key.
//! Scoring one response set: [`ErrorKind::InvalidParameter`](crate::ErrorKind::InvalidParameter)
//! naming `instrument.item` and the value. Scoring a file ([`score_table`]):
//! [`ErrorKind::Cell`](crate::ErrorKind::Cell) naming file, row, column and value.
//!
//! # References
//! The rules, their sources and their verification status are in
//! `shared/reference/instruments/SPEC.md`; each built-in file cites the section it follows.
//! SDQ scoring matches Youthinmind's official Stata and R syntax (sdqinfo.org), except that
//! an out-of-range code is an error where the syntax recodes it to missing (SPEC §0.1).

mod change;
mod check;
mod definition;
mod exact;
mod instrument;
mod score;
mod sdq;
mod table;

pub use change::{ChangeMethod, ChangeRule};
pub use definition::{
    AgePolicy, AgeRange, BandDef, ChangeDef, Combine, Compare, FlagDef, GateDef, HigherIs,
    InstrumentDef, ItemDef, LabelDef, MissingRule, NormsDef, ResponseDef, Rounding, ScaleDef,
    Status, VersionDef,
};
pub use instrument::{Band, Flag, Instrument, Item, NormTable, Scale, Version};
pub use score::{
    Context, NormsUsed, Responses, ScaleScore, ScoreNote, ScoreOptions, Scores, Unscored,
};
pub use sdq::AddedValue;
pub use table::{
    score_table, Counts, Layout, ScaleCounts, ScoreCounts, ScoredRow, ScoredTable, TableOptions,
    Warning, COLUMN_ROLES,
};

use crate::error::{Error, Result};
use serde::Serialize;
use std::sync::OnceLock;

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

/// The built-in instruments (case-insensitive names as the `instrument` column holds them).
pub const BUILTIN: [&str; 6] = ["sdq", "ors", "cors", "srs", "csrs", "who5"];

/// The built-in definitions, in the order of [`BUILTIN`].
const BUILTIN_TOML: [(&str, &str); 6] = [
    ("sdq", include_str!("builtin/sdq.toml")),
    ("ors", include_str!("builtin/ors.toml")),
    ("cors", include_str!("builtin/cors.toml")),
    ("srs", include_str!("builtin/srs.toml")),
    ("csrs", include_str!("builtin/csrs.toml")),
    ("who5", include_str!("builtin/who5.toml")),
];

/// Every built-in instrument, read and checked once.
pub fn builtins() -> &'static [Instrument] {
    static ALL: OnceLock<Vec<Instrument>> = OnceLock::new();
    ALL.get_or_init(|| {
        BUILTIN_TOML
            .iter()
            .map(|(id, text)| {
                Instrument::from_toml_str(text, &format!("builtin {id}.toml"))
                    .unwrap_or_else(|e| panic!("the built-in {id}.toml is valid: {e}"))
            })
            .collect()
    })
}

/// A built-in instrument by id or alias (ignoring case).
///
/// ```
/// let who5 = indsats::instruments::builtin("WHO5").unwrap();
/// assert_eq!(who5.scales().len(), 2);
/// assert!(indsats::instruments::builtin("phq9").is_none());
/// ```
pub fn builtin(id: &str) -> Option<&'static Instrument> {
    builtins().iter().find(|i| i.is_named(id))
}

/// A built-in definition as TOML text, to copy and edit into an instrument of one's own.
pub fn builtin_toml(id: &str) -> Option<&'static str> {
    BUILTIN_TOML
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(id.trim()))
        .map(|(_, t)| *t)
}

/// A built-in by id, or an instrument file when `spec` ends in `.toml`.
///
/// # Errors
/// [`ErrorKind::InvalidParameter`](crate::ErrorKind::InvalidParameter) for a name that is
/// neither (listing the built-ins); otherwise as [`Instrument::from_file`].
pub fn resolve(spec: &str) -> Result<Instrument> {
    if spec.to_ascii_lowercase().ends_with(".toml") {
        return Instrument::from_file(spec);
    }
    builtin(spec).cloned().ok_or_else(|| {
        Error::parameter(
            "instrument",
            format!(
                "\"{spec}\" is not a built-in instrument ({}) or an instrument file (INSTRUMENT.toml)",
                BUILTIN.join(", ")
            ),
        )
    })
}

/// The response range of a built-in instrument's item, by the item column's name.
///
/// Items: SDQ `sdq1`…`sdq25` (0/1/2 as printed) and the impact supplement
/// `sdq_impact_*` (0–3); ORS/CORS `ors1`…`ors4` and SRS/CSRS `srs1`…`srs4` (0.0–10.0,
/// the mark on a 10 cm line); WHO-5 `who5_1`…`who5_5` (0–5). Read from the built-in
/// definitions, so validation and scoring agree. Returns `None` for an unknown
/// instrument, or a column that is not one of the instrument's items.
///
/// ```
/// use indsats::instruments::builtin_item_range;
/// assert_eq!(builtin_item_range("WHO5", "who5_3").unwrap().max, 5.0);
/// assert!(builtin_item_range("sdq", "ors1").is_none());
/// ```
pub fn builtin_item_range(instrument: &str, item: &str) -> Option<ItemRange> {
    builtin(instrument)?.item_range(item)
}

/// Whether the instrument is one of the built-ins.
pub fn is_builtin(instrument: &str) -> bool {
    builtin(instrument).is_some()
}
