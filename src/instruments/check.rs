//! Checking a definition: the *check* step of configure → check → use.
//!
//! [`InstrumentDef::check`] resolves every name (items, response sets, scales, forms,
//! norm systems), reads every number exactly, and proves each band table covers its
//! scale's possible scores once and only once. Whatever is wrong is reported with the key
//! that holds it: `sdq.toml: norms[2] (uk4) bands.peer: on form P4-17: score 3 is in no band`.

use super::change::{ChangeMethod, ChangeRule};
use super::definition::*;
use super::exact::Exact;
use super::instrument::*;
use crate::error::{Error, Result};
use std::collections::{HashMap, HashSet};

/// Error in a definition, naming the key.
fn bad(origin: &str, key: impl std::fmt::Display, msg: impl std::fmt::Display) -> Error {
    Error::format(origin, format!("{key}: {msg}"))
}

/// A number of the definition, read exactly. Definitions are questionnaires: their numbers
/// are bounded (|x| ≤ 10^6, at most 9 decimals), which keeps exact arithmetic far from
/// overflow.
fn exact(origin: &str, key: &str, x: f64) -> Result<Exact> {
    Exact::from_f64(x)
        .filter(|_| x.abs() <= 1e6)
        .ok_or_else(|| {
            bad(
                origin,
                key,
                format!("{x} is not a number indsats reads exactly here (at most 1000000 in size, 9 decimals)"),
            )
        })
}

impl InstrumentDef {
    /// Checks the definition and builds the instrument.
    ///
    /// # Errors
    /// [`ErrorKind::Format`](crate::ErrorKind::Format) naming the key: an unknown response
    /// set, item, scale, form or norm system; a duplicate id; an item named like a column
    /// with its own meaning (`person_id`, `date`, `age`, …); a scale with both or neither
    /// of `items` and `scales`, or naming a later scale; `min_answered` outside 1..=items;
    /// a band table that leaves a possible score in no band or in two; a change threshold
    /// that is not positive, a reliability outside [0, 1); a flag without exactly one
    /// condition.
    pub fn check(self) -> Result<Instrument> {
        let origin = format!("instrument {}", self.id);
        self.check_as(&origin)
    }

    pub(crate) fn check_as(self, origin: &str) -> Result<Instrument> {
        let o = origin;
        let valid_id = |s: &str| {
            !s.is_empty()
                && s.chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.'))
        };
        if !valid_id(&self.id) {
            return Err(bad(
                o,
                "id",
                format!(
                    "{:?} must be letters, digits, '_', '-' or '.' (no spaces)",
                    self.id
                ),
            ));
        }
        if self.name.trim().is_empty() {
            return Err(bad(o, "name", "is empty"));
        }
        if self.source.trim().is_empty() {
            return Err(bad(
                o,
                "source",
                "is empty: say where the scoring rules come from",
            ));
        }

        // response sets
        let mut responses: HashMap<&str, Response> = HashMap::new();
        for (name, r) in &self.response {
            let key = format!("response.{name}");
            let resp = match (&r.values, r.min, r.max) {
                (Some(values), None, None) => {
                    if r.step.is_some() {
                        return Err(bad(o, &key, "step goes with min and max, not values"));
                    }
                    if values.is_empty() {
                        return Err(bad(o, &key, "values is empty"));
                    }
                    let vals = values
                        .iter()
                        .map(|&v| exact(o, &format!("{key}.values"), v))
                        .collect::<Result<Vec<_>>>()?;
                    let set: HashSet<Exact> = vals.iter().copied().collect();
                    if set.len() != vals.len() {
                        return Err(bad(o, format!("{key}.values"), "lists a value twice"));
                    }
                    let scores = match &r.scores {
                        Some(s) if s.len() != vals.len() => {
                            return Err(bad(
                                o,
                                format!("{key}.scores"),
                                format!(
                                    "has {} entries for {} values: give one score per value",
                                    s.len(),
                                    vals.len()
                                ),
                            ))
                        }
                        Some(s) => s
                            .iter()
                            .map(|&v| exact(o, &format!("{key}.scores"), v))
                            .collect::<Result<Vec<_>>>()?,
                        None => vals.clone(),
                    };
                    Response::Codes {
                        values: vals,
                        scores,
                    }
                }
                (None, Some(min), Some(max)) => {
                    if r.scores.is_some() {
                        return Err(bad(o, &key, "scores goes with values, not min and max"));
                    }
                    let (lo, hi) = (exact(o, &key, min)?, exact(o, &key, max)?);
                    if lo >= hi {
                        return Err(bad(o, &key, format!("min {min} is not below max {max}")));
                    }
                    let step = match r.step {
                        Some(s) => {
                            let s = exact(o, &format!("{key}.step"), s)?;
                            if s <= Exact::ZERO {
                                return Err(bad(o, format!("{key}.step"), "must be above 0"));
                            }
                            Some(s)
                        }
                        None => None,
                    };
                    Response::Range {
                        min: lo,
                        max: hi,
                        step,
                    }
                }
                _ => {
                    return Err(bad(
                        o,
                        &key,
                        "give either values = [...] or both min and max",
                    ))
                }
            };
            responses.insert(name.as_str(), resp);
        }

        // items
        if self.item.is_empty() {
            return Err(bad(o, "item", "the instrument has no items"));
        }
        let mut items = Vec::with_capacity(self.item.len());
        let mut item_index = HashMap::new();
        for (k, it) in self.item.iter().enumerate() {
            let key = format!("item[{k}] ({})", it.id);
            if !valid_id(&it.id) {
                return Err(bad(o, &key, "id must be letters, digits, '_', '-' or '.'"));
            }
            let lower = it.id.to_ascii_lowercase();
            if RESERVED.contains(&lower.as_str()) {
                return Err(bad(
                    o,
                    &key,
                    format!(
                        "\"{}\" is a column with its own meaning; name the item otherwise",
                        it.id
                    ),
                ));
            }
            if item_index.insert(lower, k).is_some() {
                return Err(bad(o, &key, "is defined twice"));
            }
            let response = responses
                .get(it.response.as_str())
                .cloned()
                .ok_or_else(|| {
                    bad(
                        o,
                        format!("{key}.response"),
                        format!(
                            "\"{}\" is not a response set (defined: {})",
                            it.response,
                            self.response.keys().cloned().collect::<Vec<_>>().join(", ")
                        ),
                    )
                })?;
            items.push(Item {
                id: it.id.clone(),
                var: it.var.clone(),
                reverse: it.reverse,
                optional: it.optional,
                response_name: it.response.clone(),
                response,
            });
        }
        let find_item = |key: &str, id: &str| {
            item_index
                .get(&id.to_ascii_lowercase())
                .copied()
                .ok_or_else(|| bad(o, key, format!("\"{id}\" is not an item of {}", self.id)))
        };

        // scales
        if self.scale.is_empty() {
            return Err(bad(o, "scale", "the instrument has no scales"));
        }
        let mut scales: Vec<Scale> = Vec::with_capacity(self.scale.len());
        let mut given_names: HashSet<String> = HashSet::new();
        for (k, s) in self.scale.iter().enumerate() {
            let key = format!("scale[{k}] ({})", s.id);
            if !valid_id(&s.id) {
                return Err(bad(o, &key, "id must be letters, digits, '_', '-' or '.'"));
            }
            if scales.iter().any(|x| x.id.eq_ignore_ascii_case(&s.id)) {
                return Err(bad(o, &key, "is defined twice"));
            }
            let parts =
                match (s.items.is_empty(), s.scales.is_empty()) {
                    (false, true) => {
                        let mut v = Vec::new();
                        for id in &s.items {
                            let i = find_item(&format!("{key}.items"), id)?;
                            if v.contains(&i) {
                                return Err(bad(
                                    o,
                                    format!("{key}.items"),
                                    format!("lists {id} twice"),
                                ));
                            }
                            v.push(i);
                        }
                        Parts::Items(v)
                    }
                    (true, false) => {
                        let mut v = Vec::new();
                        for id in &s.scales {
                            let i = scales
                                .iter()
                                .position(|x| x.id.eq_ignore_ascii_case(id))
                                .ok_or_else(|| {
                                    bad(
                                        o,
                                        format!("{key}.scales"),
                                        format!("\"{id}\" is not a scale defined before {}", s.id),
                                    )
                                })?;
                            if v.contains(&i) {
                                return Err(bad(
                                    o,
                                    format!("{key}.scales"),
                                    format!("lists {id} twice"),
                                ));
                            }
                            v.push(i);
                        }
                        Parts::Scales(v)
                    }
                    _ => return Err(bad(
                        o,
                        &key,
                        "give either items = [...] (a subscale) or scales = [...] (a composite)",
                    )),
                };
            let n = match &parts {
                Parts::Items(v) | Parts::Scales(v) => v.len(),
            };
            if let Some(m) = s.min_answered {
                if matches!(parts, Parts::Scales(_)) {
                    return Err(bad(
                        o,
                        format!("{key}.min_answered"),
                        "applies to items; a composite needs all of its scales",
                    ));
                }
                if m == 0 || m > n {
                    return Err(bad(
                        o,
                        format!("{key}.min_answered"),
                        format!("{m} is not between 1 and the scale's {n} items"),
                    ));
                }
            }
            let multiplier = match s.multiplier {
                Some(m) => {
                    let x = exact(o, &format!("{key}.multiplier"), m)?;
                    if x <= Exact::ZERO {
                        return Err(bad(o, format!("{key}.multiplier"), "must be above 0"));
                    }
                    Some(x)
                }
                None => None,
            };
            let gate = match &s.gate {
                Some(g) => {
                    if matches!(parts, Parts::Scales(_)) {
                        return Err(bad(o, format!("{key}.gate"), "applies to a scale of items"));
                    }
                    let item = find_item(&format!("{key}.gate.item"), &g.item)?;
                    let mut when = Vec::new();
                    for &w in &g.when {
                        let x = exact(o, &format!("{key}.gate.when"), w)?;
                        if items[item].response.score(x).is_none() {
                            return Err(bad(
                                o,
                                format!("{key}.gate.when"),
                                format!(
                                    "{w} is not an answer to {} ({})",
                                    g.item,
                                    items[item].response.describe()
                                ),
                            ));
                        }
                        when.push(x);
                    }
                    if when.is_empty() {
                        return Err(bad(o, format!("{key}.gate.when"), "is empty"));
                    }
                    Some(Gate {
                        item,
                        when,
                        score: exact(o, &format!("{key}.gate.score"), g.score)?,
                    })
                }
                None => None,
            };
            if let Some(g) = &s.given_as {
                let lower = g.to_ascii_lowercase();
                if !valid_id(g)
                    || item_index.contains_key(&lower)
                    || RESERVED.contains(&lower.as_str())
                    || !given_names.insert(lower)
                {
                    return Err(bad(
                        o,
                        format!("{key}.given_as"),
                        format!("\"{g}\" must be a column name of its own, not an item's or another scale's"),
                    ));
                }
            }
            scales.push(Scale {
                id: s.id.clone(),
                name: s.name.clone(),
                name_da: s.name_da.clone(),
                higher_is: s.higher_is,
                parts,
                combine: s.combine,
                min_answered: s.min_answered,
                missing: s.missing,
                multiplier,
                rounding: s.rounding,
                gate,
                given_as: s.given_as.clone(),
            });
        }

        // versions
        let mut versions: Vec<Version> = Vec::new();
        for (k, v) in self.version.iter().enumerate() {
            let key = format!("version[{k}] ({})", v.id);
            if v.id.trim().is_empty() {
                return Err(bad(o, &key, "id is empty"));
            }
            if versions.iter().any(|x| x.id.eq_ignore_ascii_case(&v.id)) {
                return Err(bad(o, &key, "is defined twice"));
            }
            if let Some(AgeRange {
                min: Some(a),
                max: Some(b),
            }) = v.age
            {
                if a > b {
                    return Err(bad(
                        o,
                        format!("{key}.age"),
                        format!("min {a} is above max {b}"),
                    ));
                }
            }
            let informant = v.informant.as_deref().map(crate::data::normalise_informant);
            if v.default
                && versions
                    .iter()
                    .any(|x| x.default && x.informant == informant)
            {
                return Err(bad(o, &key, "a second default form for the same informant"));
            }
            let absent = v
                .absent
                .iter()
                .map(|id| find_item(&format!("{key}.absent"), id))
                .collect::<Result<Vec<_>>>()?;
            versions.push(Version {
                id: v.id.clone(),
                informant,
                age: v.age,
                default: v.default,
                absent,
            });
        }
        if versions.is_empty() {
            versions.push(Version {
                id: "default".into(),
                informant: None,
                age: None,
                default: true,
                absent: Vec::new(),
            });
        }

        // gate items on forms that lack them, given scales and items: checked at use.
        let shape = Shape {
            items: &items,
            scales: &scales,
        };

        // norms
        let mut norms = Vec::new();
        let mut systems: Vec<String> = Vec::new();
        for (k, t) in self.norms.iter().enumerate() {
            let key = format!("norms[{k}] ({})", t.system);
            if t.system.trim().is_empty() {
                return Err(bad(o, &key, "system is empty"));
            }
            if t.population.trim().is_empty() {
                return Err(bad(
                    o,
                    &key,
                    "population is empty: name the norm population",
                ));
            }
            let vs = t
                .versions
                .iter()
                .map(|id| {
                    versions
                        .iter()
                        .position(|v| v.id.eq_ignore_ascii_case(id))
                        .ok_or_else(|| {
                            bad(
                                o,
                                format!("{key}.versions"),
                                format!("\"{id}\" is not a form of {}", self.id),
                            )
                        })
                })
                .collect::<Result<Vec<_>>>()?;
            let norm_informant = t.informant.as_deref().map(crate::data::normalise_informant);
            if let Some(i) = &norm_informant {
                if !versions.iter().any(|v| v.informant.as_ref() == Some(i)) {
                    return Err(bad(
                        o,
                        format!("{key}.informant"),
                        format!("no form is filled in by \"{i}\""),
                    ));
                }
            }
            let mut bands = Vec::new();
            for (scale_id, defs) in &t.bands {
                let bkey = format!("{key} bands.{scale_id}");
                let si = scales
                    .iter()
                    .position(|s| s.id.eq_ignore_ascii_case(scale_id))
                    .ok_or_else(|| bad(o, &bkey, format!("\"{scale_id}\" is not a scale")))?;
                if defs.is_empty() {
                    return Err(bad(o, &bkey, "has no bands"));
                }
                let mut checked = Vec::new();
                for b in defs {
                    if b.band.trim().is_empty() {
                        return Err(bad(o, &bkey, "a band has an empty label"));
                    }
                    let lo = exact(o, &bkey, b.min)?;
                    let (hi, inc) = match (b.max, b.below) {
                        (Some(m), None) => (exact(o, &bkey, m)?, true),
                        (None, Some(m)) => (exact(o, &bkey, m)?, false),
                        _ => {
                            return Err(bad(
                                o,
                                &bkey,
                                format!("band {}: give max (included) or below (excluded)", b.band),
                            ))
                        }
                    };
                    if hi < lo || (!inc && hi == lo) {
                        return Err(bad(
                            o,
                            &bkey,
                            format!("band {}: the upper limit is below min {}", b.band, b.min),
                        ));
                    }
                    checked.push(Band {
                        label: b.band.clone(),
                        min: b.min,
                        max: b.max,
                        below: b.below,
                        lo,
                        hi,
                        hi_included: inc,
                    });
                }
                // coverage on every form the table applies to
                let applies: Vec<usize> = (0..versions.len())
                    .filter(|k| vs.is_empty() || vs.contains(k))
                    .filter(|&k| {
                        norm_informant.is_none() || versions[k].informant == norm_informant
                    })
                    .collect();
                for &vi in &applies {
                    if let Some(msg) = shape.coverage(si, &versions[vi], &checked) {
                        return Err(bad(o, &bkey, format!("on form {}: {msg}", versions[vi].id)));
                    }
                }
                bands.push((si, checked));
            }
            bands.sort_by_key(|(s, _)| *s);
            if !systems.contains(&t.system) {
                systems.push(t.system.clone());
            }
            norms.push(NormTable {
                system: t.system.clone(),
                population: t.population.clone(),
                status: t.status,
                source: t.source.clone(),
                versions: vs,
                informant: norm_informant,
                age: t.age,
                sex: t.sex,
                bands,
            });
        }
        for s in &self.default_norms {
            if !systems.contains(s) {
                return Err(bad(
                    o,
                    "default_norms",
                    format!(
                        "\"{s}\" is not a norm system of {} ({})",
                        self.id,
                        systems.join(", ")
                    ),
                ));
            }
        }

        // change thresholds
        let informants: HashSet<String> = versions
            .iter()
            .filter_map(|v| v.informant.clone())
            .collect();
        let mut changes: Vec<ChangeRule> = Vec::new();
        for (k, c) in self.change.iter().enumerate() {
            let key = format!("change[{k}] ({})", c.id);
            let si = scales
                .iter()
                .position(|s| s.id.eq_ignore_ascii_case(&c.scale))
                .ok_or_else(|| {
                    bad(
                        o,
                        format!("{key}.scale"),
                        format!("\"{}\" is not a scale", c.scale),
                    )
                })?;
            let informant = c.informant.as_deref().map(crate::data::normalise_informant);
            if let Some(i) = &informant {
                if !informants.contains(i) {
                    return Err(bad(
                        o,
                        format!("{key}.informant"),
                        format!("no form is filled in by \"{i}\""),
                    ));
                }
            }
            for id in &c.versions {
                if !versions.iter().any(|v| v.id.eq_ignore_ascii_case(id)) {
                    return Err(bad(
                        o,
                        format!("{key}.versions"),
                        format!("\"{id}\" is not a form"),
                    ));
                }
            }
            let method = match (c.threshold, c.sd, c.reliability) {
                (Some(t), None, None) => {
                    if c.z.is_some() {
                        return Err(bad(
                            o,
                            &key,
                            "z goes with sd and reliability, not a threshold",
                        ));
                    }
                    let x = exact(o, &format!("{key}.threshold"), t)?;
                    if x <= Exact::ZERO {
                        return Err(bad(o, format!("{key}.threshold"), "must be above 0"));
                    }
                    ChangeMethod::Points { threshold: t }
                }
                (None, Some(sd), Some(r)) => {
                    if c.compare == Some(Compare::AtLeast) {
                        return Err(bad(
                            o,
                            format!("{key}.compare"),
                            "Jacobson–Truax change is reliable when |RCI| > z: leave compare out",
                        ));
                    }
                    let rc = crate::progress::ReliableChange::new(
                        sd,
                        r,
                        scales[si].higher_is.direction(),
                    )
                    .and_then(|rc| rc.critical(c.z.unwrap_or(1.96)))
                    .map_err(|e| bad(o, &key, e.to_string()))?;
                    ChangeMethod::JacobsonTruax { rc }
                }
                _ => return Err(bad(
                    o,
                    &key,
                    "give either threshold (points) or both sd and reliability (Jacobson–Truax)",
                )),
            };
            let duplicate = changes.iter().any(|r| {
                r.scale_index == si && r.informant == informant && r.id.eq_ignore_ascii_case(&c.id)
            });
            if duplicate {
                return Err(bad(
                    o,
                    &key,
                    "is defined twice for this scale and informant",
                ));
            }
            if c.default
                && changes
                    .iter()
                    .any(|r| r.default && r.scale_index == si && r.informant == informant)
            {
                return Err(bad(
                    o,
                    &key,
                    "a second default for this scale and informant",
                ));
            }
            changes.push(ChangeRule::new(
                c.id.clone(),
                scales[si].id.clone(),
                si,
                scales[si].higher_is,
                informant,
                c.versions.clone(),
                method,
                c.compare,
                c.default,
                c.status,
                c.source.clone(),
            ));
        }

        // flags
        let mut flags = Vec::new();
        for (k, f) in self.flag.iter().enumerate() {
            let key = format!("flag[{k}] ({})", f.id);
            let conds: Vec<(Cmp, f64)> = [
                (Cmp::AtMost, f.at_most),
                (Cmp::Below, f.below),
                (Cmp::AtLeast, f.at_least),
                (Cmp::Above, f.above),
            ]
            .into_iter()
            .filter_map(|(c, v)| v.map(|v| (c, v)))
            .collect();
            let [(cmp, t)] = conds[..] else {
                return Err(bad(
                    o,
                    &key,
                    "give exactly one of at_most, below, at_least, above",
                ));
            };
            let (fitems, fscale) = match (f.items.is_empty(), &f.scale) {
                (false, None) => (
                    f.items
                        .iter()
                        .map(|id| find_item(&format!("{key}.items"), id))
                        .collect::<Result<Vec<_>>>()?,
                    None,
                ),
                (true, Some(s)) => (
                    Vec::new(),
                    Some(
                        scales
                            .iter()
                            .position(|x| x.id.eq_ignore_ascii_case(s))
                            .ok_or_else(|| {
                                bad(o, format!("{key}.scale"), format!("\"{s}\" is not a scale"))
                            })?,
                    ),
                ),
                _ => return Err(bad(o, &key, "give either items = [...] or scale = \"...\"")),
            };
            flags.push(Flag {
                id: f.id.clone(),
                items: fitems,
                scale: fscale,
                cmp,
                threshold: exact(o, &key, t)?,
                status: f.status,
            });
        }

        Ok(Instrument {
            def: self,
            origin: origin.to_string(),
            items,
            scales,
            versions,
            norms,
            changes,
            flags,
            item_index,
            systems,
        })
    }
}

/// The shape of an instrument's scores, for proving that band tables cover them.
pub(crate) struct Shape<'a> {
    pub(crate) items: &'a [Item],
    pub(crate) scales: &'a [Scale],
}

/// Possible scores of a scale on one form: bounds, and a step they all lie on if known.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Span {
    pub(crate) lo: Exact,
    pub(crate) hi: Exact,
    pub(crate) step: Option<Exact>,
}

impl Shape<'_> {
    /// The scores scale `s` can take on a form; `None` when it has no items on the form.
    pub(crate) fn span(&self, s: usize, form: &Version) -> Option<Span> {
        let sc = &self.scales[s];
        let mut span = match &sc.parts {
            Parts::Items(ids) => {
                let on: Vec<usize> = ids
                    .iter()
                    .copied()
                    .filter(|i| !form.absent.contains(i))
                    .collect();
                if on.is_empty() {
                    return None;
                }
                let n = on.len() as i64;
                let partial = sc.min_answered.is_some_and(|m| m < ids.len());
                let mut lo = Exact::ZERO;
                let mut hi = Exact::ZERO;
                let mut step = lattice_of(std::iter::empty());
                for &i in &on {
                    let (a, b) = self.items[i].response.score_bounds();
                    let (a, b) = if sc.missing == MissingRule::Zero && partial {
                        (a.min(Exact::ZERO), b.max(Exact::ZERO))
                    } else {
                        (a, b)
                    };
                    lo = lo + a;
                    hi = hi + b;
                    step = match (step, self.items[i].response.lattice()) {
                        (Some(x), Some(y)) => Some(x.gcd(y)),
                        _ => None,
                    };
                }
                if sc.combine == Combine::Mean {
                    lo = lo.div_int(n);
                    hi = hi.div_int(n);
                    step = None;
                }
                if partial && sc.missing == MissingRule::Prorate {
                    step = None;
                }
                Span { lo, hi, step }
            }
            Parts::Scales(ids) => {
                let spans: Vec<Span> = ids
                    .iter()
                    .map(|&i| self.span(i, form))
                    .collect::<Option<_>>()?;
                let lo: Exact = spans.iter().map(|x| x.lo).sum();
                let hi: Exact = spans.iter().map(|x| x.hi).sum();
                let step = spans
                    .iter()
                    .map(|x| x.step)
                    .reduce(|a, b| a.zip(b).map(|(x, y)| x.gcd(y)))
                    .flatten();
                if sc.combine == Combine::Mean {
                    let n = spans.len() as i64;
                    Span {
                        lo: lo.div_int(n),
                        hi: hi.div_int(n),
                        step: None,
                    }
                } else {
                    Span { lo, hi, step }
                }
            }
        };
        if let Some(m) = sc.multiplier {
            span.lo = span.lo * m;
            span.hi = span.hi * m;
            span.step = span.step.map(|x| x * m);
        }
        if sc.rounding == Rounding::HalfUp {
            span.lo = span.lo.round_half_up();
            span.hi = span.hi.round_half_up();
            span.step = Some(Exact::int(1));
        }
        if let Some(g) = &sc.gate {
            span.lo = span.lo.min(g.score);
            span.hi = span.hi.max(g.score);
            span.step = span.step.map(|x| {
                if g.score == Exact::ZERO {
                    x
                } else {
                    x.gcd(g.score.abs())
                }
            });
        }
        Some(span)
    }

    /// Why `bands` do not cover scale `s`'s scores on `form` exactly once; `None` if they do.
    fn coverage(&self, s: usize, form: &Version, bands: &[Band]) -> Option<String> {
        let span = self.span(s, form)?;
        if let Some(step) = span.step {
            let count = ((span.hi - span.lo) / step).to_f64();
            if count <= 100_000.0 {
                let first = (span.lo / step).to_f64().ceil() as i64;
                let mut k = first;
                loop {
                    let p = step.mul_int(k);
                    if p > span.hi {
                        break;
                    }
                    let inside: Vec<&str> = bands
                        .iter()
                        .filter(|b| b.contains(p))
                        .map(|b| b.label.as_str())
                        .collect();
                    match inside.len() {
                        1 => {}
                        0 => return Some(format!("score {p} is in no band")),
                        _ => {
                            return Some(format!(
                                "score {p} is in more than one band ({})",
                                inside.join(", ")
                            ))
                        }
                    }
                    k += 1;
                }
                return None;
            }
        }
        // continuous scores: the bands must tile [lo, hi] without gaps or overlaps
        let mut sorted: Vec<&Band> = bands.iter().collect();
        sorted.sort_by_key(|b| b.lo);
        if sorted[0].lo > span.lo {
            return Some(format!(
                "scores from {} to {} are in no band",
                span.lo, sorted[0].lo
            ));
        }
        for w in sorted.windows(2) {
            let (a, b) = (w[0], w[1]);
            let tiles = !a.hi_included && a.hi == b.lo;
            if !tiles {
                return Some(format!(
                    "bands {} and {} must meet exactly: the scores are continuous, so end {} with below = {}",
                    a.label, b.label, a.label, b.lo
                ));
            }
        }
        let last = sorted[sorted.len() - 1];
        if last.hi < span.hi || (last.hi == span.hi && !last.hi_included) {
            return Some(format!("scores up to {} are not all in a band", span.hi));
        }
        None
    }
}
