//! The data of a Cox fit, checked and laid out once: rows sorted by stratum and exit
//! time, covariates centred and scaled, and each row's place among the event times.
//!
//! Event times are *slots*. Stratum s owns slots `base..=top`: `base` stands for "before
//! the first event time" and `base + g` is its g-th distinct event time (ascending). A
//! row is at risk at the event times in slots `lo + 1 ..= hi`, where `hi` counts the
//! event times at or before its exit and `lo` those at or before its entry (so the risk
//! set at t is {entry < t ≤ exit}, as R's `Surv(start, stop, event)`).

use super::CoxData;
use crate::error::{Error, Result};
use rayon::prelude::*;
use std::collections::HashMap;
use std::ops::Range;

/// One stratum's rows and slots.
#[derive(Debug, Clone)]
pub(super) struct Stratum {
    /// The label, when the fit is stratified.
    pub label: Option<String>,
    /// Sorted positions of its rows.
    pub rows: Range<usize>,
    /// Its "before any event" slot; its event slots are `base + 1 ..= top`.
    pub base: usize,
    /// Its last event slot (`== base` when it has no events).
    pub top: usize,
    /// Events in the stratum.
    pub events: usize,
}

/// Cluster codes in sorted order.
#[derive(Debug, Clone)]
pub(super) struct Clusters {
    /// The cluster of each sorted row, numbered from 0.
    pub code: Vec<u32>,
    /// How many clusters.
    pub count: usize,
}

/// The checked, sorted data.
#[derive(Debug, Clone)]
pub(super) struct Layout {
    /// Rows.
    pub n: usize,
    /// Covariates.
    pub k: usize,
    /// Covariate names.
    pub names: Vec<String>,
    /// Sorted position → row of the data as given.
    pub order: Vec<usize>,
    /// Covariates in sorted order, row-major n × k, as (x − mean)·scale.
    pub x: Vec<f64>,
    /// Column means (over all rows).
    pub means: Vec<f64>,
    /// 1 / mean absolute deviation per column (coxph's scaling).
    pub scale: Vec<f64>,
    /// Exit times, sorted order.
    pub stop: Vec<f64>,
    /// Entry times, sorted order (counting-process data only).
    pub entry: Option<Vec<f64>>,
    /// Event indicator, sorted order.
    pub event: Vec<bool>,
    /// Slot of the last event time at or before the exit.
    pub hi: Vec<u32>,
    /// Slot of the last event time at or before the entry (the stratum's base without entry).
    pub lo: Vec<u32>,
    /// Strata in order (one unlabelled stratum when the fit is not stratified).
    pub strata: Vec<Stratum>,
    /// The time of each slot (the base slots hold −∞).
    pub slot_time: Vec<f64>,
    /// Events at each slot.
    pub slot_deaths: Vec<u32>,
    /// Σ over events of the scaled covariates.
    pub death_x: Vec<f64>,
    /// Clusters for robust errors, if any.
    pub clusters: Option<Clusters>,
    /// Total events.
    pub events: usize,
}

impl Layout {
    /// Slots in all.
    pub fn slots(&self) -> usize {
        self.slot_time.len()
    }

    /// Whether the row at sorted position `p` is at risk at any event time.
    pub fn active(&self, p: usize) -> bool {
        self.hi[p] != self.lo[p]
    }

    /// Checks `data` and lays it out. `robust` asks for robust errors: by the cluster
    /// labels when given, else one cluster per row.
    pub fn new(data: &CoxData<'_>, robust: bool) -> Result<Layout> {
        check(data)?;
        let n = data.time.len();
        let k = data.covariates.len();
        if robust && data.cluster.is_none() && data.entry.is_some() {
            return Err(Error::parameter(
                "cluster",
                "robust standard errors with entry times need cluster (person) labels: \
                 with several rows per person, one row is not one independent unit \
                 (coxph: \"one of cluster or id is needed\")",
            ));
        }

        // Strata, numbered in the sorted order of their labels (as R's factor levels).
        let (strat_code, strat_labels) = match data.strata {
            Some(s) => {
                let (codes, labels) = codes(s);
                let mut sorted: Vec<usize> = (0..labels.len()).collect();
                sorted.sort_by(|a, b| labels[*a].cmp(labels[*b]));
                let mut rank = vec![0u32; labels.len()];
                for (r, &i) in sorted.iter().enumerate() {
                    rank[i] = r as u32;
                }
                let codes: Vec<u32> = codes.iter().map(|c| rank[*c as usize]).collect();
                let labels: Vec<Option<String>> = sorted
                    .iter()
                    .map(|&i| Some(labels[i].to_string()))
                    .collect();
                (Some(codes), labels)
            }
            None => (None, vec![None]),
        };

        // Sort once by (stratum, exit, row): exits are ≥ 0, so their bits order as they do.
        let mut keys: Vec<u128> = (0..n)
            .into_par_iter()
            .map(|i| {
                let s = strat_code.as_ref().map_or(0, |c| c[i]) as u128;
                let t = (data.time[i] + 0.0).to_bits() as u128;
                (s << 96) | (t << 32) | i as u128
            })
            .collect();
        keys.par_sort_unstable();
        let order: Vec<usize> = keys.iter().map(|k| (*k & 0xffff_ffff) as usize).collect();
        drop(keys);

        let stop: Vec<f64> = order.iter().map(|&i| data.time[i] + 0.0).collect();
        let event: Vec<bool> = order.iter().map(|&i| data.event[i] == 1.0).collect();
        let entry: Option<Vec<f64>> = data
            .entry
            .map(|e| order.iter().map(|&i| e[i] + 0.0).collect());

        // Strata ranges, event slots, and each row's slots.
        let mut strata = Vec::with_capacity(strat_labels.len());
        let mut slot_time = Vec::new();
        let mut slot_deaths = Vec::new();
        let mut hi = vec![0u32; n];
        let mut lo = vec![0u32; n];
        let mut start = 0;
        for (code, label) in strat_labels.into_iter().enumerate() {
            let end = match &strat_code {
                Some(c) => {
                    let mut e = start;
                    while e < n && c[order[e]] as usize == code {
                        e += 1;
                    }
                    e
                }
                None => n,
            };
            let base = slot_time.len();
            slot_time.push(f64::NEG_INFINITY);
            slot_deaths.push(0);
            let mut events = 0;
            for p in start..end {
                if event[p] {
                    events += 1;
                    // the base slot's −∞ differs from every time
                    if slot_time[slot_time.len() - 1] != stop[p] {
                        slot_time.push(stop[p]);
                        slot_deaths.push(0);
                    }
                    let last = slot_deaths.len() - 1;
                    slot_deaths[last] += 1;
                }
            }
            let top = slot_time.len() - 1;
            let times = &slot_time[base + 1..=top];
            // exits ascend, so the slot at or before each exit only moves forward
            let mut g = 0;
            for p in start..end {
                while g < times.len() && times[g] <= stop[p] {
                    g += 1;
                }
                hi[p] = (base + g) as u32;
                lo[p] = match &entry {
                    Some(e) => (base + times.partition_point(|t| *t <= e[p])) as u32,
                    None => base as u32,
                };
            }
            strata.push(Stratum {
                label,
                rows: start..end,
                base,
                top,
                events,
            });
            start = end;
        }

        // Centre and scale as coxph does: (x − mean) · n/Σ|x − mean|.
        let nf = n as f64;
        let mut means = vec![0.0; k];
        let mut scale = vec![1.0; k];
        for (j, (_, col)) in data.covariates.iter().enumerate() {
            let m = col.iter().sum::<f64>() / nf;
            let dev = col.iter().map(|v| (v - m).abs()).sum::<f64>();
            means[j] = m;
            scale[j] = if dev > 0.0 { nf / dev } else { 1.0 };
        }
        let mut x = vec![0.0; n * k];
        x.par_chunks_mut(k).enumerate().for_each(|(p, row)| {
            let i = order[p];
            for (j, (_, col)) in data.covariates.iter().enumerate() {
                row[j] = (col[i] - means[j]) * scale[j];
            }
        });
        let mut death_x = vec![0.0; k];
        for p in 0..n {
            if event[p] {
                for j in 0..k {
                    death_x[j] += x[p * k + j];
                }
            }
        }

        let clusters = match (data.cluster, robust) {
            (Some(c), _) => {
                let (code, labels) = codes(c);
                Some(Clusters {
                    code: order.iter().map(|&i| code[i]).collect(),
                    count: labels.len(),
                })
            }
            (None, true) => Some(Clusters {
                code: order.iter().map(|&i| i as u32).collect(),
                count: n,
            }),
            (None, false) => None,
        };

        Ok(Layout {
            n,
            k,
            names: data.covariates.iter().map(|(n, _)| n.to_string()).collect(),
            order,
            x,
            means,
            scale,
            stop,
            entry,
            event,
            hi,
            lo,
            strata,
            slot_time,
            slot_deaths,
            death_x,
            clusters,
            events: data.event.iter().filter(|e| **e == 1.0).count(),
        })
    }
}

/// Codes for labels in order of first appearance, and the distinct labels.
fn codes(labels: &[String]) -> (Vec<u32>, Vec<&str>) {
    let mut map: HashMap<&str, u32> = HashMap::new();
    let mut distinct = Vec::new();
    let code = labels
        .iter()
        .map(|l| {
            *map.entry(l.as_str()).or_insert_with(|| {
                distinct.push(l.as_str());
                (distinct.len() - 1) as u32
            })
        })
        .collect();
    (code, distinct)
}

/// Every check on the data before anything is computed.
fn check(d: &CoxData<'_>) -> Result<()> {
    let n = d.time.len();
    let same = |name: &str, len: usize| {
        if len == n {
            Ok(())
        } else {
            Err(Error::parameter(
                name,
                format!("has {len} rows but time has {n}"),
            ))
        }
    };
    same("event", d.event.len())?;
    if let Some(e) = d.entry {
        same("entry", e.len())?;
    }
    if let Some(s) = d.strata {
        same("strata", s.len())?;
    }
    if let Some(c) = d.cluster {
        same("cluster", c.len())?;
    }
    for (name, col) in d.covariates {
        same(name, col.len())?;
    }
    if n == 0 {
        return Err(Error::analysis("a Cox model needs data: there are no rows"));
    }
    if n > u32::MAX as usize {
        return Err(Error::analysis(format!(
            "a Cox model here takes at most {} rows, found {n}",
            u32::MAX
        )));
    }
    if d.covariates.is_empty() {
        return Err(Error::parameter(
            "covariates",
            "a Cox model needs at least one covariate",
        ));
    }
    for (j, (name, _)) in d.covariates.iter().enumerate() {
        if name.is_empty() {
            return Err(Error::parameter(
                "covariates",
                format!("covariate {} has an empty name", j + 1),
            ));
        }
        if d.covariates[..j].iter().any(|(other, _)| other == name) {
            return Err(Error::parameter(
                *name,
                "is named twice among the covariates",
            ));
        }
    }
    for (i, t) in d.time.iter().enumerate() {
        if !t.is_finite() {
            return Err(Error::parameter(
                "time",
                format!("row {} is {t}, not a finite number", i + 1),
            ));
        }
        if *t < 0.0 {
            return Err(Error::parameter(
                "time",
                format!("row {} is {t}: times must not be negative", i + 1),
            ));
        }
    }
    if let Some(entry) = d.entry {
        for (i, (a, t)) in entry.iter().zip(d.time).enumerate() {
            if !a.is_finite() {
                return Err(Error::parameter(
                    "entry",
                    format!("row {} is {a}, not a finite number", i + 1),
                ));
            }
            if *a < 0.0 {
                return Err(Error::parameter(
                    "entry",
                    format!("row {} is {a}: times must not be negative", i + 1),
                ));
            }
            if a >= t {
                return Err(Error::parameter(
                    "entry",
                    format!(
                        "row {}: entry {a} is not before exit {t}; a row must cover an interval \
                         (entry, exit] of positive length",
                        i + 1
                    ),
                ));
            }
        }
    }
    if let Some(i) = d.event.iter().position(|e| *e != 0.0 && *e != 1.0) {
        return Err(Error::parameter(
            "event",
            format!(
                "row {} is {}; it must be 1 (the event happened) or 0 (censored)",
                i + 1,
                d.event[i]
            ),
        ));
    }
    for (name, col) in d.covariates {
        if let Some(i) = col.iter().position(|v| !v.is_finite()) {
            return Err(Error::parameter(
                *name,
                format!("row {} is {}, not a finite number", i + 1, col[i]),
            ));
        }
    }
    if !d.event.contains(&1.0) {
        return Err(Error::analysis(format!(
            "no events: all {n} rows are censored, so a Cox model has nothing to fit \
             (its likelihood has no terms)"
        )));
    }
    for (name, col) in d.covariates {
        if col.iter().all(|v| *v == col[0]) {
            return Err(Error::analysis(format!(
                "covariate \"{name}\" is constant ({} in every row): it carries no information \
                 about the hazard; drop it",
                col[0]
            )));
        }
    }
    Ok(())
}
