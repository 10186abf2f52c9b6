//! The questionnaire format: an instrument definition as written in TOML, before it is
//! checked.
//!
//! These structs are the *configuration* half of configure → check → use: they mirror the
//! file one to one, every table rejects unknown keys, and nothing here is trusted until
//! [`InstrumentDef::check`] turns it into an [`Instrument`](super::Instrument). The format
//! is documented with an example in the [module docs](super).

use crate::data::Sex;
use serde::de::{self, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt;

/// An instrument as written in its TOML file (unchecked).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InstrumentDef {
    /// Short identifier: what `indsats score ID` and the data's `instrument` column use.
    pub id: String,
    /// Full name.
    pub name: String,
    /// Where the scoring rules come from (paper, manual, official syntax).
    pub source: String,
    /// Terms of use: who may administer it, and on paper or electronically.
    #[serde(default)]
    pub licence: Option<String>,
    /// Other names the data's `instrument` column may use for it (case-insensitive).
    #[serde(default)]
    pub aliases: Vec<String>,
    /// Norm systems to band with, in order of preference: each response set uses the first
    /// system that has a table for its version, age and sex.
    #[serde(default)]
    pub default_norms: Vec<String>,
    /// What to do when a respondent's age is outside every form's age range for the
    /// informant: warn and score on the informant's default form, or refuse.
    #[serde(default)]
    pub age_outside: AgePolicy,
    /// Named response sets that items refer to.
    pub response: BTreeMap<String, ResponseDef>,
    /// The items, in the form's printed order.
    pub item: Vec<ItemDef>,
    /// The scales: subscales from items, composites from earlier scales.
    pub scale: Vec<ScaleDef>,
    /// Forms by informant and age (none: one form for everyone).
    #[serde(default)]
    pub version: Vec<VersionDef>,
    /// Band tables (norms and cut-offs).
    #[serde(default)]
    pub norms: Vec<NormsDef>,
    /// Reliable (or meaningful) change thresholds.
    #[serde(default)]
    pub change: Vec<ChangeDef>,
    /// Flags raised by single items or scale scores.
    #[serde(default)]
    pub flag: Vec<FlagDef>,
    /// Danish and English names (and a short code) for band labels.
    #[serde(default)]
    pub label: BTreeMap<String, LabelDef>,
}

/// The allowed answers to an item: a list of codes, or a range.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ResponseDef {
    /// The allowed codes, e.g. `[0, 1, 2]`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub values: Option<Vec<f64>>,
    /// What each code scores, in the order of `values` (a recode such as SDQ impact's
    /// `[0, 0, 1, 2]`); the codes themselves when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scores: Option<Vec<f64>>,
    /// Smallest allowed answer of a range.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min: Option<f64>,
    /// Largest allowed answer of a range.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max: Option<f64>,
    /// Answers must be whole multiples of this step (e.g. `1` for whole numbers); any
    /// number in the range when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub step: Option<f64>,
}

/// One item.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ItemDef {
    /// Column name in the data (`sdq1`).
    pub id: String,
    /// The response set's name in `[response]`.
    pub response: String,
    /// Reverse-keyed: scores `min + max − score` of its response set (SDQ: `2 − raw`).
    #[serde(default)]
    pub reverse: bool,
    /// The column may be absent from a file (a supplement); other items' columns must exist.
    #[serde(default)]
    pub optional: bool,
    /// A short variable name for documentation (`consid`); never the item's wording.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub var: Option<String>,
}

/// How a scale combines its parts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Combine {
    /// The sum.
    #[default]
    Sum,
    /// The mean.
    Mean,
}

/// What happens to unanswered items when at least `min_answered` are answered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MissingRule {
    /// Scale up to the full number of items: a sum becomes `sum · n_items / n_answered`, a
    /// mean is the mean of the answered items (SDQ subscales).
    #[default]
    Prorate,
    /// Unanswered items count as 0 (SDQ impact).
    Zero,
}

/// Rounding of the final score.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Rounding {
    /// Exact.
    #[default]
    None,
    /// To a whole number, .5 up: `floor(x + 0.5)` (SDQ).
    HalfUp,
}

/// Which way is good, as a definition writes it: `higher_is = "better"` or `"worse"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum HigherIs {
    /// Higher scores are better (prosocial, ORS, WHO-5).
    Better,
    /// Higher scores are worse (SDQ difficulties, impact).
    Worse,
}

impl HigherIs {
    /// The direction as the progression module takes it.
    pub fn direction(self) -> crate::progress::Direction {
        match self {
            HigherIs::Better => crate::progress::Direction::HigherIsBetter,
            HigherIs::Worse => crate::progress::Direction::LowerIsBetter,
        }
    }
}

/// One scale.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScaleDef {
    /// Identifier and output column (`emotional`).
    pub id: String,
    /// English name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Danish name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name_da: Option<String>,
    /// Whether higher scores are better or worse.
    pub higher_is: HigherIs,
    /// Items combined (a subscale); exclusive with `scales`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub items: Vec<String>,
    /// Earlier scales combined (a composite, all required); exclusive with `items`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub scales: Vec<String>,
    /// Sum or mean.
    #[serde(default)]
    pub combine: Combine,
    /// Fewest answered items for a score; all items when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_answered: Option<usize>,
    /// What unanswered items count as when at least `min_answered` are answered.
    #[serde(default)]
    pub missing: MissingRule,
    /// Multiply the combined score (WHO-5 percentage: 4).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub multiplier: Option<f64>,
    /// Rounding of the final score.
    #[serde(default)]
    pub rounding: Rounding,
    /// A gate question whose answer fixes the score (SDQ impact: "no difficulties" → 0).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gate: Option<GateDef>,
    /// A column that may carry the scale's score instead of the items (OpenFIT: all items
    /// or the total only, never a mix).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub given_as: Option<String>,
}

/// A gate question: when `item` is answered with one of `when`, the scale scores `score`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GateDef {
    /// The gate item.
    pub item: String,
    /// The raw answers that close the gate.
    pub when: Vec<f64>,
    /// The score when the gate is closed.
    pub score: f64,
}

/// An age range in completed years, both ends included.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AgeRange {
    /// Youngest (none: no lower limit).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min: Option<u32>,
    /// Oldest (none: no upper limit).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max: Option<u32>,
}

impl AgeRange {
    /// Whether `age` (completed years) is in the range.
    pub fn contains(&self, age: u32) -> bool {
        self.min.is_none_or(|m| age >= m) && self.max.is_none_or(|m| age <= m)
    }

    /// Whether every age in `other` is in `self`.
    pub fn covers(&self, other: &AgeRange) -> bool {
        let lo = match (self.min, other.min) {
            (None, _) => true,
            (Some(_), None) => false,
            (Some(a), Some(b)) => b >= a,
        };
        let hi = match (self.max, other.max) {
            (None, _) => true,
            (Some(_), None) => false,
            (Some(a), Some(b)) => b <= a,
        };
        lo && hi
    }
}

impl fmt::Display for AgeRange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.min, self.max) {
            (Some(a), Some(b)) => write!(f, "{a}–{b}"),
            (Some(a), None) => write!(f, "{a}+"),
            (None, Some(b)) => write!(f, "up to {b}"),
            (None, None) => write!(f, "any age"),
        }
    }
}

/// What to do with an age outside every form's range.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AgePolicy {
    /// Score on the informant's default form and warn.
    #[default]
    Warn,
    /// Refuse: an error naming the row.
    Error,
}

/// One form (version) of the instrument.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VersionDef {
    /// Identifier (`P4-17`).
    pub id: String,
    /// Who fills it in (`parent`, `teacher`, `self`); any informant when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub informant: Option<String>,
    /// Ages it is for.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub age: Option<AgeRange>,
    /// The informant's form when the age is unknown or outside every range.
    #[serde(default)]
    pub default: bool,
    /// Items this form does not have: an answer to one is an error.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub absent: Vec<String>,
}

/// Whether a rule was verified in its sources (SPEC's \[V\]/\[P\]/\[U\]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Status {
    /// Verified: read in scoring code or official documentation.
    V,
    /// Partly verified: secondary sources only, or part of the rule.
    P,
    /// Not verified: confirm before use in production.
    U,
}

/// A band table: cut-offs for some scales, for some forms, ages and sexes, from one norm
/// population.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NormsDef {
    /// The norm system this table belongs to (`uk4`): `--norms` and `default_norms` pick
    /// systems, and each response set uses its system's first matching table.
    pub system: String,
    /// The norm population, named (`UK general population, parent report, 4-17`).
    pub population: String,
    /// Verification status.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<Status>,
    /// Source of the cut-offs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// Forms it applies to (all when empty).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub versions: Vec<String>,
    /// Only the forms this informant fills in.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub informant: Option<String>,
    /// Ages it applies to (the form's ages when absent).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub age: Option<AgeRange>,
    /// Sex it applies to (both when absent).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sex: Option<Sex>,
    /// Bands per scale id, lowest or highest first.
    pub bands: BTreeMap<String, Vec<BandDef>>,
}

/// One band: `["label", min, max]` (both included) or
/// `{ band = "label", min = 0, below = 25 }` (`below` excluded, for continuous scores).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BandDef {
    /// The band's label (`very_high`, `clinical`).
    pub band: String,
    /// Lowest score in the band (included).
    pub min: f64,
    /// Highest score in the band (included).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max: Option<f64>,
    /// Scores below this are in the band (excluded).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub below: Option<f64>,
}

impl<'de> Deserialize<'de> for BandDef {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<BandDef, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = BandDef;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(
                    "a band: [\"label\", min, max] or { band = \"label\", min = 0, below = 25 }",
                )
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<BandDef, A::Error> {
                let band: String = seq
                    .next_element()?
                    .ok_or_else(|| de::Error::invalid_length(0, &self))?;
                let min: f64 = seq
                    .next_element()?
                    .ok_or_else(|| de::Error::invalid_length(1, &self))?;
                let max: f64 = seq
                    .next_element()?
                    .ok_or_else(|| de::Error::invalid_length(2, &self))?;
                if seq.next_element::<IgnoredAny>()?.is_some() {
                    return Err(de::Error::invalid_length(4, &self));
                }
                Ok(BandDef {
                    band,
                    min,
                    max: Some(max),
                    below: None,
                })
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<BandDef, A::Error> {
                #[derive(Deserialize)]
                #[serde(deny_unknown_fields)]
                struct Table {
                    band: String,
                    min: f64,
                    #[serde(default)]
                    max: Option<f64>,
                    #[serde(default)]
                    below: Option<f64>,
                }
                let t = Table::deserialize(de::value::MapAccessDeserializer::new(map))?;
                Ok(BandDef {
                    band: t.band,
                    min: t.min,
                    max: t.max,
                    below: t.below,
                })
            }
        }
        d.deserialize_any(V)
    }
}

/// How a change is compared with its threshold.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Compare {
    /// `|change| ≥ threshold` ("5 points or more"; the default for a points threshold).
    AtLeast,
    /// `|change| > threshold` (Jacobson–Truax `|RCI| > 1.96`, always).
    MoreThan,
}

/// A reliable (or meaningful) change threshold for one scale: published points, or
/// Jacobson–Truax from a standard deviation and a reliability.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChangeDef {
    /// The convention's name (`cyp-iapt-2015`); several may exist for a scale.
    pub id: String,
    /// The scale.
    pub scale: String,
    /// Only for this informant's forms.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub informant: Option<String>,
    /// Only for these forms (all when empty).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub versions: Vec<String>,
    /// A published threshold in score points.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub threshold: Option<f64>,
    /// Jacobson–Truax: the standard deviation (of pre scores, or a normative clinical SD).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sd: Option<f64>,
    /// Jacobson–Truax: the reliability (test–retest, or Cronbach's α).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reliability: Option<f64>,
    /// Jacobson–Truax: the critical value (1.96 when absent).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub z: Option<f64>,
    /// Whether the threshold itself counts as reliable.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub compare: Option<Compare>,
    /// The convention to use for this scale when none is named.
    #[serde(default)]
    pub default: bool,
    /// Verification status.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<Status>,
    /// Source.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
}

/// A flag: raised when any of `items` (raw answers) or `scale`'s score meets the condition.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FlagDef {
    /// Identifier (`mdi_recommended`).
    pub id: String,
    /// Items looked at (any one meeting the condition raises the flag).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub items: Vec<String>,
    /// The scale looked at; exclusive with `items`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scale: Option<String>,
    /// Raised at or below this.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub at_most: Option<f64>,
    /// Raised below this.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub below: Option<f64>,
    /// Raised at or above this.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub at_least: Option<f64>,
    /// Raised above this.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub above: Option<f64>,
    /// Verification status.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<Status>,
    /// Source.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
}

/// Names of a band label for people.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LabelDef {
    /// Danish.
    pub da: String,
    /// English.
    pub en: String,
    /// A short code for tables (`VH`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub short: Option<String>,
}
