//! The scoring engine: one response set in, a score per scale (or the reason there is
//! none), bands and flags out.
//!
//! ```text
//! item score   = recode(raw) per the response set's `scores`, then min + max − score if reversed
//! subscale     = combine(answered item scores)          when answered ≥ min_answered
//!                  sum, prorate:  Σ · n_items / n_answered
//!                  sum, zero:     Σ (unanswered count 0)
//!                  mean:          Σ / n_answered (prorate) or Σ / n_items (zero)
//!                then × multiplier, then rounding (half up: floor(x + ½))
//!                a closed gate (e.g. SDQ "no difficulties") fixes the score first
//! composite    = sum or mean of earlier scales, all required
//! band         = the first table, in the chosen norm systems' order, for the form, age and sex
//! ```
//! All arithmetic is exact (see `exact.rs`); SDQ's prorated subscale is therefore the
//! official `(10·s + n) div (2·n)`.

use super::definition::{AgePolicy, Combine, MissingRule, Rounding};
use super::exact::Exact;
use super::instrument::{Instrument, Parts};
use crate::data::Sex;
use crate::error::{Error, Result};
use crate::Lang;
use serde::Serialize;

/// Who answered, and about whom: what picks the form and the norms.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Context {
    /// `parent`, `teacher`, `self` (Danish words are understood: `forælder`, `lærer`, `selv`).
    pub informant: Option<String>,
    /// Age in completed years.
    pub age: Option<u32>,
    /// Sex, for sex-specific norms.
    pub sex: Option<Sex>,
    /// The form, when the data say which was used (`P2-4`); otherwise chosen by informant
    /// and age.
    pub version: Option<String>,
}

/// Options for scoring.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ScoreOptions {
    /// Band with this norm system only (`uk3`); the instrument's `default_norms` otherwise.
    pub norms: Option<String>,
    /// Override the instrument's policy for ages outside every form's range.
    pub age_outside: Option<AgePolicy>,
}

impl ScoreOptions {
    /// Checks the options against an instrument.
    ///
    /// # Errors
    /// [`ErrorKind::InvalidParameter`](crate::ErrorKind::InvalidParameter) for a norm
    /// system the instrument does not have.
    pub fn check(&self, instrument: &Instrument) -> Result<()> {
        if let Some(n) = &self.norms {
            if !instrument.systems.iter().any(|s| s.eq_ignore_ascii_case(n)) {
                return Err(Error::parameter(
                    "norms",
                    format!(
                        "{} has no norm system \"{n}\" (it has: {})",
                        instrument.id(),
                        if instrument.systems.is_empty() {
                            "none".to_string()
                        } else {
                            instrument.systems.join(", ")
                        }
                    ),
                ));
            }
        }
        Ok(())
    }
}

/// One response set being filled in for an instrument.
///
/// ```
/// use indsats::instruments::builtin;
/// let sdq = builtin("sdq").unwrap();
/// // CASES 1: every item "not true" on the parent form. Reversed items score 2.
/// let scores = sdq.responses_from(&[Some(0.0); 25])?.informant("parent").age(10).score()?;
/// assert_eq!(scores.value("conduct"), Some(2.0));
/// assert_eq!(scores.value("total_difficulties"), Some(10.0));
/// assert_eq!(scores.band("peer"), Some("high"));
/// assert_eq!(scores.value("impact"), None);
/// # Ok::<(), indsats::Error>(())
/// ```
#[derive(Debug, Clone)]
pub struct Responses<'a> {
    instrument: &'a Instrument,
    pub(crate) values: Vec<Option<f64>>,
    pub(crate) given: Vec<Option<f64>>,
    /// Who answered, and about whom.
    pub context: Context,
}

impl Instrument {
    /// An empty response set (every item unanswered).
    pub fn responses(&self) -> Responses<'_> {
        Responses {
            instrument: self,
            values: vec![None; self.items.len()],
            given: vec![None; self.scales.len()],
            context: Context::default(),
        }
    }

    /// A response set from the answers to the core (non-optional) items in printed order,
    /// e.g. SDQ's 25 items; add supplement items with [`Responses::set`].
    ///
    /// # Errors
    /// [`ErrorKind::InvalidParameter`](crate::ErrorKind::InvalidParameter) when the number
    /// of answers is not the number of core items.
    pub fn responses_from(&self, core: &[Option<f64>]) -> Result<Responses<'_>> {
        let idx: Vec<usize> = (0..self.items.len())
            .filter(|&i| !self.items[i].optional)
            .collect();
        if core.len() != idx.len() {
            let first = idx
                .first()
                .map(|&i| self.items[i].id.as_str())
                .unwrap_or("");
            let last = idx.last().map(|&i| self.items[i].id.as_str()).unwrap_or("");
            return Err(Error::parameter(
                self.id(),
                format!(
                    "expected {} answers ({first} … {last}), got {}",
                    idx.len(),
                    core.len()
                ),
            ));
        }
        let mut r = self.responses();
        for (&i, &v) in idx.iter().zip(core) {
            r.values[i] = v;
        }
        Ok(r)
    }
}

impl<'a> Responses<'a> {
    /// Sets the answer to an item (or a scale's `given_as` total); `None` is unanswered.
    /// The value is checked when scoring.
    ///
    /// # Errors
    /// [`ErrorKind::InvalidParameter`](crate::ErrorKind::InvalidParameter) for a name that
    /// is neither an item nor a `given_as` column.
    pub fn set(&mut self, name: &str, value: Option<f64>) -> Result<&mut Self> {
        if let Some(i) = self.instrument.item_index(name) {
            self.values[i] = value;
            return Ok(self);
        }
        if let Some(s) = self.instrument.scales.iter().position(|s| {
            s.given_as
                .as_deref()
                .is_some_and(|g| g.eq_ignore_ascii_case(name.trim()))
        }) {
            self.given[s] = value;
            return Ok(self);
        }
        Err(Error::parameter(
            name,
            format!("is not an item of {}", self.instrument.id()),
        ))
    }

    /// [`Responses::set`], by value.
    ///
    /// # Errors
    /// As [`Responses::set`].
    pub fn with(mut self, name: &str, value: Option<f64>) -> Result<Self> {
        self.set(name, value)?;
        Ok(self)
    }

    /// Sets the informant.
    pub fn informant(mut self, informant: &str) -> Self {
        self.context.informant = Some(informant.to_string());
        self
    }

    /// Sets the age in completed years.
    pub fn age(mut self, age: u32) -> Self {
        self.context.age = Some(age);
        self
    }

    /// Sets the sex.
    pub fn sex(mut self, sex: Sex) -> Self {
        self.context.sex = Some(sex);
        self
    }

    /// Names the form used.
    pub fn version(mut self, version: &str) -> Self {
        self.context.version = Some(version.to_string());
        self
    }

    /// Scores with the instrument's defaults.
    ///
    /// # Errors
    /// As [`Responses::score_with`].
    pub fn score(&self) -> Result<Scores> {
        self.score_with(&ScoreOptions::default())
    }

    /// Scores the response set.
    ///
    /// # Errors
    /// [`ErrorKind::InvalidParameter`](crate::ErrorKind::InvalidParameter) naming the
    /// instrument and item for an answer outside the item's allowed answers (an SDQ item of
    /// 3, a WHO-5 item of 6, an ORS mark of 10.3): such answers are errors, never
    /// "missing"; an answer to an item the form does not have (`sdq_impact_home` on the
    /// teacher form); a `given_as` total mixed with some of its items; an informant with
    /// no form; an age outside every form's range when the policy is `error`; an unknown
    /// norm system.
    pub fn score_with(&self, opts: &ScoreOptions) -> Result<Scores> {
        opts.check(self.instrument)?;
        score(
            self.instrument,
            &self.values,
            &self.given,
            &self.context,
            opts,
        )
        .map_err(|e| e.into_error(self.instrument))
    }
}

/// Scores of one response set.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Scores {
    /// Instrument id.
    pub instrument: String,
    /// The form scored.
    pub version: String,
    /// The informant (normalised), if known.
    pub informant: Option<String>,
    /// The band table used, if any.
    pub norms: Option<NormsUsed>,
    /// One entry per scale, in the instrument's order.
    pub scales: Vec<ScaleScore>,
    /// Flags raised.
    pub flags: Vec<String>,
    /// What the reader should know (age unknown, no norms).
    pub notes: Vec<ScoreNote>,
}

impl Scores {
    /// A scale's entry by id.
    pub fn get(&self, scale: &str) -> Option<&ScaleScore> {
        self.scales
            .iter()
            .find(|s| s.scale.eq_ignore_ascii_case(scale))
    }
    /// A scale's score; `None` if unknown or not scored.
    pub fn value(&self, scale: &str) -> Option<f64> {
        self.get(scale).and_then(|s| s.value)
    }
    /// A scale's band label.
    pub fn band(&self, scale: &str) -> Option<&str> {
        self.get(scale).and_then(|s| s.band.as_deref())
    }
    /// Why a scale was not scored.
    pub fn unscored(&self, scale: &str) -> Option<&Unscored> {
        self.get(scale).and_then(|s| s.unscored.as_ref())
    }
    /// Whether a flag was raised.
    pub fn flagged(&self, flag: &str) -> bool {
        self.flags.iter().any(|f| f == flag)
    }
}

/// The band table a response set was banded with.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NormsUsed {
    /// The norm system.
    pub system: String,
    /// The norm population.
    pub population: String,
}

/// One scale's score.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ScaleScore {
    /// Scale id.
    pub scale: String,
    /// The score; `None` when it cannot be scored.
    pub value: Option<f64>,
    /// The band, when the norms have one for this scale.
    pub band: Option<String>,
    /// Why there is no score.
    pub unscored: Option<Unscored>,
    #[serde(skip)]
    pub(crate) exact: Option<Exact>,
}

impl ScaleScore {
    /// The score as exact decimal text (`35.6`, `7`), for writing out.
    pub fn value_text(&self) -> String {
        self.exact.map(|e| e.to_string()).unwrap_or_default()
    }
}

/// Why a scale has no score.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "reason", rename_all = "snake_case")]
pub enum Unscored {
    /// Fewer answered items than the missing-item rule needs.
    TooFewItems {
        /// Items answered.
        answered: usize,
        /// Items needed.
        required: usize,
        /// Items on the form.
        items: usize,
    },
    /// A scale it is made of has no score.
    ComponentsMissing {
        /// The scales without a score.
        scales: Vec<String>,
    },
    /// The form has none of the scale's items.
    NotOnForm,
}

impl Unscored {
    /// A code for counting (`too_few_items`).
    pub fn code(&self) -> &'static str {
        match self {
            Unscored::TooFewItems { .. } => "too_few_items",
            Unscored::ComponentsMissing { .. } => "components_missing",
            Unscored::NotOnForm => "not_on_form",
        }
    }

    /// The reason in words.
    pub fn text(&self, lang: Lang) -> String {
        match (self, lang) {
            (
                Unscored::TooFewItems {
                    answered,
                    required,
                    items,
                },
                Lang::En,
            ) if required == items => {
                format!("{answered} of {items} items answered; all are needed")
            }
            (
                Unscored::TooFewItems {
                    answered,
                    required,
                    items,
                },
                Lang::En,
            ) => {
                format!("{answered} of {items} items answered; at least {required} are needed")
            }
            (
                Unscored::TooFewItems {
                    answered,
                    required,
                    items,
                },
                Lang::Da,
            ) if required == items => {
                format!("{answered} af {items} spørgsmål besvaret; alle skal være besvaret")
            }
            (
                Unscored::TooFewItems {
                    answered,
                    required,
                    items,
                },
                Lang::Da,
            ) => {
                format!("{answered} af {items} spørgsmål besvaret; mindst {required} skal være besvaret")
            }
            (Unscored::ComponentsMissing { scales }, Lang::En) => {
                format!(
                    "needs {}, which could not be scored",
                    and_list(scales, "and")
                )
            }
            (Unscored::ComponentsMissing { scales }, Lang::Da) => {
                format!("kræver {}, som ikke kunne scores", and_list(scales, "og"))
            }
            (Unscored::NotOnForm, Lang::En) => "the form has none of its items".into(),
            (Unscored::NotOnForm, Lang::Da) => "skemaet har ingen af dens spørgsmål".into(),
        }
    }
}

/// `a`, `a and b`, `a, b and c`.
fn and_list(items: &[String], and: &str) -> String {
    match items.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} {and} {last}", rest.join(", ")),
        _ => items.join(""),
    }
}

/// Something the reader of a score should know.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "note", rename_all = "snake_case")]
pub enum ScoreNote {
    /// No age: scored on the informant's default form and its norms.
    AgeUnknown {
        /// The form used.
        version: String,
    },
    /// The age is outside every form's range for the informant.
    AgeOutside {
        /// The age.
        age: u32,
        /// The form used.
        version: String,
    },
    /// The instrument has norms, but none for this form, age and sex.
    NoNorms {
        /// The form.
        version: String,
    },
}

impl ScoreNote {
    /// A code for counting.
    pub fn code(&self) -> &'static str {
        match self {
            ScoreNote::AgeUnknown { .. } => "age_unknown",
            ScoreNote::AgeOutside { .. } => "age_outside",
            ScoreNote::NoNorms { .. } => "no_norms",
        }
    }
}

/// A response set that cannot be scored at all, and where.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Invalid {
    pub(crate) input: Input,
    pub(crate) value: Option<f64>,
    pub(crate) message: String,
}

/// Which input an [`Invalid`] is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Input {
    Item(usize),
    Given(usize),
    Informant,
    Age,
    Version,
}

impl Invalid {
    pub(crate) fn into_error(self, ins: &Instrument) -> Error {
        let name = match self.input {
            Input::Item(i) => format!("{}.{}", ins.id(), ins.items[i].id),
            Input::Given(s) => format!(
                "{}.{}",
                ins.id(),
                ins.scales[s].given_as.as_deref().unwrap_or("")
            ),
            Input::Informant => format!("{}: informant", ins.id()),
            Input::Age => format!("{}: age", ins.id()),
            Input::Version => format!("{}: version", ins.id()),
        };
        Error::parameter(name, self.message)
    }
}

fn fmt_value(x: f64) -> String {
    format!("{x}")
}

/// Picks the form: named, or by informant and age.
fn resolve_version(
    ins: &Instrument,
    ctx: &Context,
    policy: AgePolicy,
    notes: &mut Vec<ScoreNote>,
) -> std::result::Result<usize, Invalid> {
    let informant = ctx
        .informant
        .as_deref()
        .map(crate::data::normalise_informant);
    let invalid = |input, message: String| Invalid {
        input,
        value: None,
        message,
    };
    // `choice`: whether the age chose between forms (only then is an unknown age worth a note)
    let age_check =
        |vi: usize, choice: bool, notes: &mut Vec<ScoreNote>| -> std::result::Result<(), Invalid> {
            let v = &ins.versions[vi];
            match (ctx.age, v.age) {
                (Some(a), Some(r)) if !r.contains(a) => match policy {
                    AgePolicy::Error => Err(invalid(
                        Input::Age,
                        format!("age {a} is outside the ages of form {} ({r})", v.id),
                    )),
                    AgePolicy::Warn => {
                        notes.push(ScoreNote::AgeOutside {
                            age: a,
                            version: v.id.clone(),
                        });
                        Ok(())
                    }
                },
                (None, Some(_)) if choice => {
                    notes.push(ScoreNote::AgeUnknown {
                        version: v.id.clone(),
                    });
                    Ok(())
                }
                _ => Ok(()),
            }
        };
    if let Some(name) = &ctx.version {
        let vi = ins
            .versions
            .iter()
            .position(|v| v.id.eq_ignore_ascii_case(name.trim()))
            .ok_or_else(|| {
                invalid(
                    Input::Version,
                    format!(
                        "\"{name}\" is not a form of {} ({})",
                        ins.id(),
                        ins.versions
                            .iter()
                            .map(|v| v.id.as_str())
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                )
            })?;
        if let (Some(vf), Some(i)) = (&ins.versions[vi].informant, &informant) {
            if vf != i {
                return Err(invalid(
                    Input::Informant,
                    format!("form {} is filled in by {vf}, not {i}", ins.versions[vi].id),
                ));
            }
        }
        age_check(vi, false, notes)?;
        return Ok(vi);
    }
    let candidates: Vec<usize> = (0..ins.versions.len())
        .filter(|&k| match (&ins.versions[k].informant, &informant) {
            (None, _) => true,
            (Some(a), Some(b)) => a == b,
            (Some(_), None) => false,
        })
        .collect();
    if candidates.is_empty() {
        let known: Vec<&str> = {
            let mut v: Vec<&str> = ins
                .versions
                .iter()
                .filter_map(|v| v.informant.as_deref())
                .collect();
            v.dedup();
            v
        };
        return Err(invalid(
            Input::Informant,
            match &informant {
                Some(i) => format!(
                    "{} has no form for informant \"{i}\" (it has: {})",
                    ins.id(),
                    known.join(", ")
                ),
                None => format!(
                    "the informant is needed to choose the form ({})",
                    known.join(", ")
                ),
            },
        ));
    }
    let default = candidates
        .iter()
        .copied()
        .find(|&k| ins.versions[k].default)
        .unwrap_or(candidates[0]);
    let chosen = match ctx.age {
        Some(a) => candidates
            .iter()
            .copied()
            .find(|&k| ins.versions[k].age.is_none_or(|r| r.contains(a))),
        None => None,
    };
    let vi = chosen.unwrap_or(default);
    age_check(vi, candidates.len() > 1, notes)?;
    Ok(vi)
}

/// The engine. `values` per item, `given` per scale.
pub(crate) fn score(
    ins: &Instrument,
    values: &[Option<f64>],
    given: &[Option<f64>],
    ctx: &Context,
    opts: &ScoreOptions,
) -> std::result::Result<Scores, Invalid> {
    let mut notes = Vec::new();
    let policy = opts.age_outside.unwrap_or(ins.def.age_outside);
    let vi = resolve_version(ins, ctx, policy, &mut notes)?;
    let form = &ins.versions[vi];

    // items: raw and scored, exactly
    let mut raw: Vec<Option<Exact>> = vec![None; ins.items.len()];
    let mut scored: Vec<Option<Exact>> = vec![None; ins.items.len()];
    for (i, v) in values.iter().enumerate() {
        let Some(x) = *v else { continue };
        let item = &ins.items[i];
        let not_allowed = || Invalid {
            input: Input::Item(i),
            value: Some(x),
            message: format!(
                "{} is not an allowed answer to {} ({})",
                fmt_value(x),
                item.id,
                item.response.describe()
            ),
        };
        let e = Exact::from_f64(x).ok_or_else(not_allowed)?;
        let s = item.response.score(e).ok_or_else(not_allowed)?;
        if form.absent.contains(&i) {
            return Err(Invalid {
                input: Input::Item(i),
                value: Some(x),
                message: format!("form {} has no item {}: leave it empty", form.id, item.id),
            });
        }
        let s = if item.reverse {
            let (lo, hi) = item.response.score_bounds();
            lo + hi - s
        } else {
            s
        };
        raw[i] = Some(e);
        scored[i] = Some(s);
    }

    let shape = super::check::Shape {
        items: &ins.items,
        scales: &ins.scales,
    };
    let mut out: Vec<ScaleScore> = Vec::with_capacity(ins.scales.len());
    for (si, sc) in ins.scales.iter().enumerate() {
        let result: std::result::Result<Exact, Unscored> = match &sc.parts {
            Parts::Items(ids) => {
                let on: Vec<usize> = ids
                    .iter()
                    .copied()
                    .filter(|i| !form.absent.contains(i))
                    .collect();
                let answered: Vec<Exact> = on.iter().filter_map(|&i| scored[i]).collect();
                // a total given instead of the items (OpenFIT: all items or the total only)
                let given_total = match given.get(si).copied().flatten() {
                    Some(g) => {
                        let bad = |m: String| Invalid {
                            input: Input::Given(si),
                            value: Some(g),
                            message: m,
                        };
                        let col = sc.given_as.as_deref().unwrap_or("");
                        let span = shape.span(si, form);
                        let e = Exact::from_f64(g).filter(|e| {
                            span.is_some_and(|sp| {
                                *e >= sp.lo
                                    && *e <= sp.hi
                                    && sp.step.is_none_or(|st| e.is_multiple_of(st))
                            })
                        });
                        let Some(e) = e else {
                            let range = span
                                .map(|sp| format!("from {} to {}", sp.lo, sp.hi))
                                .unwrap_or_default();
                            return Err(bad(format!(
                                "{} is not a possible {} total ({range})",
                                fmt_value(g),
                                sc.id
                            )));
                        };
                        if !answered.is_empty() && answered.len() < on.len() {
                            return Err(bad(format!(
                                "{col} is given with {} of the {} items: give all items or the total only, never a mix",
                                answered.len(),
                                on.len()
                            )));
                        }
                        Some(e)
                    }
                    None => None,
                };
                let gate_closed = sc
                    .gate
                    .as_ref()
                    .and_then(|g| raw[g.item].filter(|r| g.when.contains(r)).map(|_| g.score));
                if let Some(s) = gate_closed {
                    Ok(s)
                } else if on.is_empty() {
                    Err(Unscored::NotOnForm)
                } else {
                    let n = on.len();
                    let required = sc.min_answered.unwrap_or(ids.len()).min(n);
                    if answered.len() < required {
                        match given_total {
                            Some(g) => Ok(g),
                            None => Err(Unscored::TooFewItems {
                                answered: answered.len(),
                                required,
                                items: n,
                            }),
                        }
                    } else {
                        let sum: Exact = answered.iter().copied().sum();
                        let k = answered.len() as i64;
                        let combined = match (sc.combine, sc.missing) {
                            (Combine::Sum, MissingRule::Prorate) => {
                                sum.mul_int(n as i64).div_int(k)
                            }
                            (Combine::Sum, MissingRule::Zero) => sum,
                            (Combine::Mean, MissingRule::Prorate) => sum.div_int(k),
                            (Combine::Mean, MissingRule::Zero) => sum.div_int(n as i64),
                        };
                        let v = finish(combined, sc.multiplier, sc.rounding);
                        if let Some(g) = given_total {
                            if g != v {
                                return Err(Invalid {
                                    input: Input::Given(si),
                                    value: Some(g.to_f64()),
                                    message: format!(
                                        "the given total {g} is not the sum of the items ({v})"
                                    ),
                                });
                            }
                        }
                        Ok(v)
                    }
                }
            }
            Parts::Scales(ids) => {
                let missing: Vec<String> = ids
                    .iter()
                    .filter(|&&k| out[k].exact.is_none())
                    .map(|&k| ins.scales[k].id.clone())
                    .collect();
                if !missing.is_empty() {
                    Err(Unscored::ComponentsMissing { scales: missing })
                } else {
                    let sum: Exact = ids.iter().map(|&k| out[k].exact.expect("checked")).sum();
                    let combined = match sc.combine {
                        Combine::Sum => sum,
                        Combine::Mean => sum.div_int(ids.len() as i64),
                    };
                    Ok(finish(combined, sc.multiplier, sc.rounding))
                }
            }
        };
        out.push(match result {
            Ok(e) => ScaleScore {
                scale: sc.id.clone(),
                value: Some(e.to_f64()),
                band: None,
                unscored: None,
                exact: Some(e),
            },
            Err(u) => ScaleScore {
                scale: sc.id.clone(),
                value: None,
                band: None,
                unscored: Some(u),
                exact: None,
            },
        });
    }

    // bands
    let systems: Vec<&str> = match &opts.norms {
        Some(n) => vec![n.as_str()],
        None if !ins.def.default_norms.is_empty() => {
            ins.def.default_norms.iter().map(String::as_str).collect()
        }
        None => ins.systems.iter().map(String::as_str).collect(),
    };
    let table = systems.iter().find_map(|sys| {
        ins.norms.iter().find(|t| {
            t.system.eq_ignore_ascii_case(sys) && t.matches(vi, &ins.versions, ctx.age, ctx.sex)
        })
    });
    let norms = match table {
        Some(t) => {
            for (si, bands) in &t.bands {
                if let Some(x) = out[*si].exact {
                    out[*si].band = bands
                        .iter()
                        .find(|b| b.contains(x))
                        .map(|b| b.label.clone());
                }
            }
            Some(NormsUsed {
                system: t.system.clone(),
                population: t.population.clone(),
            })
        }
        None => {
            if !ins.norms.is_empty() {
                notes.push(ScoreNote::NoNorms {
                    version: form.id.clone(),
                });
            }
            None
        }
    };

    // flags
    let flags = ins
        .flags
        .iter()
        .filter(|f| match f.scale {
            Some(s) => out[s].exact.is_some_and(|x| f.cmp.holds(x, f.threshold)),
            None => f
                .items
                .iter()
                .any(|&i| raw[i].is_some_and(|x| f.cmp.holds(x, f.threshold))),
        })
        .map(|f| f.id.clone())
        .collect();

    Ok(Scores {
        instrument: ins.id().to_string(),
        version: form.id.clone(),
        informant: form.informant.clone().or_else(|| {
            ctx.informant
                .as_deref()
                .map(crate::data::normalise_informant)
        }),
        norms,
        scales: out,
        flags,
        notes,
    })
}

fn finish(x: Exact, multiplier: Option<Exact>, rounding: Rounding) -> Exact {
    let x = match multiplier {
        Some(m) => x * m,
        None => x,
    };
    match rounding {
        Rounding::None => x,
        Rounding::HalfUp => x.round_half_up(),
    }
}
