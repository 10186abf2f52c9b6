//! A checked instrument and its parts: what [`InstrumentDef::check`] (in `check.rs`)
//! builds, and what scoring reads.

use super::change::ChangeRule;
use super::definition::*;
use super::exact::Exact;
use super::ItemRange;
use crate::data::Sex;
use crate::error::{Error, Result};
use std::collections::HashMap;
use std::path::Path;

/// Column names with a meaning of their own in score input; no item may take one.
pub(crate) const RESERVED: [&str; 12] = [
    "person_id",
    "date",
    "instrument",
    "informant",
    "session",
    "item",
    "value",
    "age",
    "birth_date",
    "sex",
    "version",
    "row",
];

/// A checked instrument: items, scales, forms, bands, change thresholds and flags.
///
/// Built-ins come from [`builtin`](super::builtin); others from
/// [`Instrument::from_toml_str`] or [`Instrument::from_file`], which go through the same
/// checks. Score one response set with [`Instrument::responses`], a file with
/// [`score_table`](super::score_table).
#[derive(Debug, Clone)]
pub struct Instrument {
    pub(crate) def: InstrumentDef,
    pub(crate) origin: String,
    pub(crate) items: Vec<Item>,
    pub(crate) scales: Vec<Scale>,
    pub(crate) versions: Vec<Version>,
    pub(crate) norms: Vec<NormTable>,
    pub(crate) changes: Vec<ChangeRule>,
    pub(crate) flags: Vec<Flag>,
    pub(crate) item_index: HashMap<String, usize>,
    pub(crate) systems: Vec<String>,
}

/// One checked item.
#[derive(Debug, Clone)]
pub struct Item {
    pub(crate) id: String,
    pub(crate) var: Option<String>,
    pub(crate) reverse: bool,
    pub(crate) optional: bool,
    pub(crate) response_name: String,
    pub(crate) response: Response,
}

impl Item {
    /// Column name in the data.
    pub fn id(&self) -> &str {
        &self.id
    }
    /// The short variable name, if the definition gives one.
    pub fn var(&self) -> Option<&str> {
        self.var.as_deref()
    }
    /// Whether the item is reverse-keyed.
    pub fn is_reversed(&self) -> bool {
        self.reverse
    }
    /// The name of its response set in the definition.
    pub fn response(&self) -> &str {
        &self.response_name
    }
    /// Whether its column may be absent from a file.
    pub fn is_optional(&self) -> bool {
        self.optional
    }
    /// The allowed answers as a range (what validation checks).
    pub fn range(&self) -> ItemRange {
        self.response.item_range()
    }
    /// The allowed answers as text: `0, 1 or 2`, `a number from 0 to 10`.
    pub fn describe(&self) -> String {
        self.response.describe()
    }
}

/// A checked response set.
#[derive(Debug, Clone)]
pub(crate) enum Response {
    Codes {
        values: Vec<Exact>,
        scores: Vec<Exact>,
    },
    Range {
        min: Exact,
        max: Exact,
        step: Option<Exact>,
    },
}

impl Response {
    /// The score of an allowed raw answer (recoded, not yet reversed); `None` if not allowed.
    pub(crate) fn score(&self, raw: Exact) -> Option<Exact> {
        match self {
            Response::Codes { values, scores } => {
                values.iter().position(|v| *v == raw).map(|k| scores[k])
            }
            Response::Range { min, max, step } => {
                let on_step = step.is_none_or(|s| (raw - *min).is_multiple_of(s));
                (raw >= *min && raw <= *max && on_step).then_some(raw)
            }
        }
    }

    /// Lowest and highest score.
    pub(crate) fn score_bounds(&self) -> (Exact, Exact) {
        match self {
            Response::Codes { scores, .. } => (
                *scores.iter().min().expect("checked non-empty"),
                *scores.iter().max().expect("checked non-empty"),
            ),
            Response::Range { min, max, .. } => (*min, *max),
        }
    }

    /// A step every score is a multiple of, if there is one.
    pub(crate) fn lattice(&self) -> Option<Exact> {
        match self {
            Response::Codes { scores, .. } => lattice_of(scores.iter().copied()),
            Response::Range { min, step, .. } => {
                step.and_then(|s| lattice_of([s, *min].into_iter()))
            }
        }
    }

    fn item_range(&self) -> ItemRange {
        match self {
            Response::Codes { values, .. } => {
                let min = values.iter().min().expect("checked non-empty");
                let max = values.iter().max().expect("checked non-empty");
                ItemRange {
                    min: min.to_f64(),
                    max: max.to_f64(),
                    integer: values.iter().all(|v| v.is_integer()),
                }
            }
            Response::Range { min, max, step } => ItemRange {
                min: min.to_f64(),
                max: max.to_f64(),
                integer: step.is_some_and(|s| s.is_integer() && min.is_integer()),
            },
        }
    }

    pub(crate) fn describe(&self) -> String {
        match self {
            Response::Codes { values, .. } => {
                let v: Vec<String> = values.iter().map(ToString::to_string).collect();
                match v.split_last() {
                    Some((last, rest)) if !rest.is_empty() => {
                        format!("{} or {last}", rest.join(", "))
                    }
                    _ => v.join(""),
                }
            }
            Response::Range { min, max, step } => match step {
                Some(s) if *s == Exact::int(1) => format!("a whole number from {min} to {max}"),
                Some(s) => format!("a number from {min} to {max} in steps of {s}"),
                None => format!("a number from {min} to {max}"),
            },
        }
    }
}

/// The gcd of the non-zero values: a step they are all multiples of (`None` if all are 0).
pub(crate) fn lattice_of(values: impl Iterator<Item = Exact>) -> Option<Exact> {
    values
        .filter(|v| *v != Exact::ZERO)
        .map(Exact::abs)
        .reduce(Exact::gcd)
        .or(Some(Exact::int(1)))
}

/// What a scale combines.
#[derive(Debug, Clone)]
pub(crate) enum Parts {
    Items(Vec<usize>),
    Scales(Vec<usize>),
}

/// A checked gate.
#[derive(Debug, Clone)]
pub(crate) struct Gate {
    pub(crate) item: usize,
    pub(crate) when: Vec<Exact>,
    pub(crate) score: Exact,
}

/// One checked scale.
#[derive(Debug, Clone)]
pub struct Scale {
    pub(crate) id: String,
    pub(crate) name: Option<String>,
    pub(crate) name_da: Option<String>,
    pub(crate) higher_is: HigherIs,
    pub(crate) parts: Parts,
    pub(crate) combine: Combine,
    pub(crate) min_answered: Option<usize>,
    pub(crate) missing: MissingRule,
    pub(crate) multiplier: Option<Exact>,
    pub(crate) rounding: Rounding,
    pub(crate) gate: Option<Gate>,
    pub(crate) given_as: Option<String>,
}

impl Scale {
    /// Identifier and output column.
    pub fn id(&self) -> &str {
        &self.id
    }
    /// English name (the id when none is given).
    pub fn name(&self) -> &str {
        self.name.as_deref().unwrap_or(&self.id)
    }
    /// Danish name (the English name when none is given).
    pub fn name_da(&self) -> &str {
        self.name_da.as_deref().unwrap_or_else(|| self.name())
    }
    /// Whether higher scores are better or worse, as the definition says it.
    pub fn higher_is(&self) -> HigherIs {
        self.higher_is
    }
    /// Which way is better, for [`crate::progress`].
    pub fn direction(&self) -> crate::progress::Direction {
        self.higher_is.direction()
    }
    /// The column that may carry the score instead of the items.
    pub fn given_as(&self) -> Option<&str> {
        self.given_as.as_deref()
    }
}

/// One checked form.
#[derive(Debug, Clone)]
pub struct Version {
    pub(crate) id: String,
    pub(crate) informant: Option<String>,
    pub(crate) age: Option<AgeRange>,
    pub(crate) default: bool,
    pub(crate) absent: Vec<usize>,
}

impl Version {
    /// Identifier (`P4-17`).
    pub fn id(&self) -> &str {
        &self.id
    }
    /// Who fills it in; `None` for any informant.
    pub fn informant(&self) -> Option<&str> {
        self.informant.as_deref()
    }
    /// The ages it is for.
    pub fn age(&self) -> Option<AgeRange> {
        self.age
    }
    /// Whether it is its informant's default form.
    pub fn is_default(&self) -> bool {
        self.default
    }
}

/// One band of a checked table.
#[derive(Debug, Clone, PartialEq)]
pub struct Band {
    /// The label (`very_high`).
    pub label: String,
    /// Lowest score in the band (included).
    pub min: f64,
    /// Highest score (included), or `None` when the band ends below `below`.
    pub max: Option<f64>,
    /// The band holds scores below this (excluded).
    pub below: Option<f64>,
    pub(crate) lo: Exact,
    pub(crate) hi: Exact,
    pub(crate) hi_included: bool,
}

impl Band {
    pub(crate) fn contains(&self, x: Exact) -> bool {
        x >= self.lo
            && if self.hi_included {
                x <= self.hi
            } else {
                x < self.hi
            }
    }
}

/// A checked band table.
#[derive(Debug, Clone)]
pub struct NormTable {
    pub(crate) system: String,
    pub(crate) population: String,
    pub(crate) status: Option<Status>,
    pub(crate) source: Option<String>,
    pub(crate) versions: Vec<usize>,
    pub(crate) informant: Option<String>,
    pub(crate) age: Option<AgeRange>,
    pub(crate) sex: Option<Sex>,
    pub(crate) bands: Vec<(usize, Vec<Band>)>,
}

impl NormTable {
    /// The norm system (`uk4`).
    pub fn system(&self) -> &str {
        &self.system
    }
    /// The norm population.
    pub fn population(&self) -> &str {
        &self.population
    }
    /// Verification status.
    pub fn status(&self) -> Option<Status> {
        self.status
    }
    /// Source.
    pub fn source(&self) -> Option<&str> {
        self.source.as_deref()
    }
    /// Ages it applies to (`None`: the form's ages).
    pub fn age(&self) -> Option<AgeRange> {
        self.age
    }
    /// The informant it applies to.
    pub fn informant(&self) -> Option<&str> {
        self.informant.as_deref()
    }
    /// Sex it applies to.
    pub fn sex(&self) -> Option<Sex> {
        self.sex
    }
    /// Whether the table is for a form (by index in [`Instrument::versions`]): it names the
    /// form, or names none.
    pub fn matches_form(&self, version: usize) -> bool {
        self.versions.is_empty() || self.versions.contains(&version)
    }
    /// The bands of a scale by index in [`Instrument::scales`].
    pub fn bands_of(&self, scale: usize) -> Option<&[Band]> {
        self.bands
            .iter()
            .find(|(s, _)| *s == scale)
            .map(|(_, b)| b.as_slice())
    }

    pub(crate) fn matches(
        &self,
        version: usize,
        versions: &[Version],
        age: Option<u32>,
        sex: Option<Sex>,
    ) -> bool {
        if !self.versions.is_empty() && !self.versions.contains(&version) {
            return false;
        }
        if self.informant.is_some() && versions[version].informant != self.informant {
            return false;
        }
        if let Some(range) = &self.age {
            let ok = match age {
                Some(a) => range.contains(a),
                None => versions[version].age.is_some_and(|v| range.covers(&v)),
            };
            if !ok {
                return false;
            }
        }
        match self.sex {
            Some(s) => sex == Some(s),
            None => true,
        }
    }
}

/// How a flag compares.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Cmp {
    AtMost,
    Below,
    AtLeast,
    Above,
}

impl Cmp {
    pub(crate) fn holds(self, x: Exact, t: Exact) -> bool {
        match self {
            Cmp::AtMost => x <= t,
            Cmp::Below => x < t,
            Cmp::AtLeast => x >= t,
            Cmp::Above => x > t,
        }
    }
}

/// A checked flag.
#[derive(Debug, Clone)]
pub struct Flag {
    pub(crate) id: String,
    pub(crate) items: Vec<usize>,
    pub(crate) scale: Option<usize>,
    pub(crate) cmp: Cmp,
    pub(crate) threshold: Exact,
    pub(crate) status: Option<Status>,
}

impl Flag {
    /// Identifier.
    pub fn id(&self) -> &str {
        &self.id
    }
    /// Verification status.
    pub fn status(&self) -> Option<Status> {
        self.status
    }
}

impl Instrument {
    /// Reads and checks an instrument from TOML text; `origin` names it in messages.
    ///
    /// # Errors
    /// [`ErrorKind::Format`](crate::ErrorKind::Format) naming the line for TOML that does
    /// not parse or an unknown key, and the key for a definition that does not hold
    /// together (see [`InstrumentDef::check`]).
    pub fn from_toml_str(text: &str, origin: &str) -> Result<Instrument> {
        let def: InstrumentDef = toml::from_str(text).map_err(|e| {
            let place = e
                .span()
                .map(|s| {
                    let line = text[..s.start.min(text.len())].matches('\n').count() + 1;
                    format!("line {line}: ")
                })
                .unwrap_or_default();
            Error::format(
                origin,
                format!(
                    "{place}{}",
                    e.message().trim_end_matches('.').replace('\n', " ")
                ),
            )
        })?;
        def.check_as(origin)
    }

    /// Reads and checks an instrument file.
    ///
    /// # Errors
    /// [`ErrorKind::Io`](crate::ErrorKind::Io) when it cannot be read; otherwise as
    /// [`Instrument::from_toml_str`].
    pub fn from_file(path: impl AsRef<Path>) -> Result<Instrument> {
        let path = path.as_ref();
        let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
        Instrument::from_toml_str(&text, &path.display().to_string())
    }

    /// Identifier.
    pub fn id(&self) -> &str {
        &self.def.id
    }
    /// Full name.
    pub fn name(&self) -> &str {
        &self.def.name
    }
    /// Where the scoring rules come from.
    pub fn source(&self) -> &str {
        &self.def.source
    }
    /// Terms of use.
    pub fn licence(&self) -> Option<&str> {
        self.def.licence.as_deref()
    }
    /// Where the definition was read from (a path, or `builtin sdq.toml`).
    pub fn origin(&self) -> &str {
        &self.origin
    }
    /// The definition as written (for inspection or re-serialising).
    pub fn definition(&self) -> &InstrumentDef {
        &self.def
    }
    /// Whether the data's `instrument` value names this instrument (its id or an alias,
    /// ignoring case).
    pub fn is_named(&self, name: &str) -> bool {
        let n = name.trim();
        n.eq_ignore_ascii_case(&self.def.id)
            || self.def.aliases.iter().any(|a| a.eq_ignore_ascii_case(n))
    }
    /// The items in printed order.
    pub fn items(&self) -> &[Item] {
        &self.items
    }
    /// The scales in definition (output) order.
    pub fn scales(&self) -> &[Scale] {
        &self.scales
    }
    /// The forms (one implicit `default` form when the definition has none).
    pub fn versions(&self) -> &[Version] {
        &self.versions
    }
    /// The band tables.
    pub fn norms(&self) -> &[NormTable] {
        &self.norms
    }
    /// The norm systems, in order of first appearance.
    pub fn norm_systems(&self) -> &[String] {
        &self.systems
    }
    /// The change thresholds.
    pub fn changes(&self) -> &[ChangeRule] {
        &self.changes
    }
    /// The flags.
    pub fn flags(&self) -> &[Flag] {
        &self.flags
    }
    /// An item by id (ignoring case).
    pub fn item(&self, id: &str) -> Option<&Item> {
        self.item_index(id).map(|i| &self.items[i])
    }
    pub(crate) fn item_index(&self, id: &str) -> Option<usize> {
        self.item_index
            .get(&id.trim().to_ascii_lowercase())
            .copied()
    }
    /// A scale by id (ignoring case).
    pub fn scale(&self, id: &str) -> Option<&Scale> {
        self.scale_index(id).map(|i| &self.scales[i])
    }
    pub(crate) fn scale_index(&self, id: &str) -> Option<usize> {
        self.scales
            .iter()
            .position(|s| s.id.eq_ignore_ascii_case(id.trim()))
    }
    /// A form by id (ignoring case).
    pub fn version(&self, id: &str) -> Option<&Version> {
        self.versions
            .iter()
            .find(|v| v.id.eq_ignore_ascii_case(id.trim()))
    }
    /// Whether any band table has bands for the scale (by index).
    pub fn has_bands(&self, scale: usize) -> bool {
        self.norms.iter().any(|t| t.bands_of(scale).is_some())
    }
    /// The Danish or English name of a band label (the label itself when the definition
    /// gives none).
    pub fn band_label(&self, label: &str, lang: crate::Lang) -> String {
        match self.def.label.get(label) {
            Some(l) => match lang {
                crate::Lang::Da => l.da.clone(),
                crate::Lang::En => l.en.clone(),
            },
            None => label.replace('_', " "),
        }
    }
    /// A short code for a band label (`VH`), for tables.
    pub fn band_short(&self, label: &str) -> String {
        self.def
            .label
            .get(label)
            .and_then(|l| l.short.clone())
            .unwrap_or_else(|| label.to_string())
    }
    /// The items every file must have a column for, in printed order.
    pub fn core_items(&self) -> impl Iterator<Item = &Item> {
        self.items.iter().filter(|i| !i.optional)
    }
    /// The response range of an item (what validation checks).
    pub fn item_range(&self, item: &str) -> Option<ItemRange> {
        self.item(item).map(Item::range)
    }

    /// The change rule for a scale: the named convention, or the scale's default for the
    /// informant (a rule without an informant applies to all).
    ///
    /// ```
    /// let ors = indsats::instruments::builtin("ors").unwrap();
    /// let rule = ors.change_rule("total", None, None).unwrap();
    /// assert_eq!(rule.id(), "miller2003");
    /// assert_eq!(ors.change_rule("total", None, Some("cyp-iapt-2015")).unwrap().threshold(), 6.6);
    /// ```
    pub fn change_rule(
        &self,
        scale: &str,
        informant: Option<&str>,
        convention: Option<&str>,
    ) -> Option<&ChangeRule> {
        let s = self.scale_index(scale)?;
        let inf = informant.map(crate::data::normalise_informant);
        let fits = |r: &&ChangeRule| {
            r.scale_index == s
                && match (&r.informant, &inf) {
                    (None, _) => true,
                    (Some(a), Some(b)) => a == b,
                    (Some(_), None) => false,
                }
        };
        match convention {
            Some(c) => self
                .changes
                .iter()
                .filter(fits)
                .find(|r| r.id.eq_ignore_ascii_case(c)),
            None => {
                let mut all = self.changes.iter().filter(fits).peekable();
                let first = all.peek().copied();
                all.find(|r| r.default).or(first)
            }
        }
    }
}
