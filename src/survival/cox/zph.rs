//! The proportional-hazards check as R's `cox.zph` (survival ≥ 3.0): for each covariate
//! the score test of β_j(t) = β_j + θ_j g(t) at the fitted β, where g is a transform of
//! time centred over the events, and the global test of all θ = 0; with the scaled
//! Schoenfeld residuals one plots against g(t).
//!
//! ```text
//! U_θ = Σ_t g_t (Σ_D x − (α S1 − β D1))                    (the score for θ at θ = 0)
//! I   = [ Σ_t I_t      Σ_t g_t I_t  ]
//!       [ Σ_t g_t I_t  Σ_t g_t² I_t ]                      (2k × 2k; I_t as in riskset.rs)
//! chisq_j = u' I_(j)⁻¹ u  with u = (0, …, 0, U_θj) on the rows {1..k, k + j};  global: all
//! scaled Schoenfeld residual of event i: (x_i − x̄(t_i)) V d + β̂   (per stratum, V from
//! the information over the events that inform each covariate, as cox.zph's `vmean`)
//! ```

use super::layout::Layout;
use super::ldl::{Ldl, TOLER_CHOL};
use super::residuals::SlotMeans;
use super::riskset::{weighted_cross, Work};
use super::{chisq_p, ScaledSchoenfeld, Zph, ZphTest, ZphTransform};
use crate::error::{Error, Result};

/// Inputs at the fitted β.
pub(super) struct AtFit<'a> {
    pub layout: &'a Layout,
    pub work: &'a Work,
    /// The information at β̂, scaled coordinates, k × k.
    pub imat: &'a [f64],
    /// β̂ in the covariates' own units.
    pub coef: &'a [f64],
}

/// The transformed time g(t) of each event slot (not yet centred).
fn transformed(l: &Layout, transform: ZphTransform) -> Result<Vec<f64>> {
    let g = l.slots();
    let mut tt = vec![0.0; g];
    let mut stops = l.stop.clone();
    stops.sort_unstable_by(f64::total_cmp);
    let below = |v: &[f64], t: f64| v.partition_point(|s| *s < t) as f64;
    match transform {
        ZphTransform::Identity => tt.copy_from_slice(&l.slot_time),
        ZphTransform::Log => {
            for st in &l.strata {
                for s in st.base + 1..=st.top {
                    let t = l.slot_time[s];
                    if t <= 0.0 {
                        return Err(Error::parameter(
                            "zph",
                            format!(
                                "the log transform needs event times above 0, and there are \
                                 events at time {t}; use the km or rank transform"
                            ),
                        ));
                    }
                    tt[s] = t.ln();
                }
            }
        }
        ZphTransform::Rank => {
            // rank(time) over every row, ties averaged
            for st in &l.strata {
                for s in st.base + 1..=st.top {
                    let t = l.slot_time[s];
                    let less = below(&stops, t);
                    let upto = stops.partition_point(|v| *v <= t) as f64;
                    tt[s] = less + (upto - less + 1.0) / 2.0;
                }
            }
        }
        ZphTransform::Km => {
            // 1 − S(t−) of the Kaplan–Meier of all rows together (strata pooled)
            let mut events: Vec<(f64, u32)> = Vec::new();
            for st in &l.strata {
                for s in st.base + 1..=st.top {
                    events.push((l.slot_time[s], l.slot_deaths[s]));
                }
            }
            events.sort_unstable_by(|a, b| a.0.total_cmp(&b.0));
            let mut entries = l.entry.clone().unwrap_or_default();
            entries.sort_unstable_by(f64::total_cmp);
            let n = stops.len() as f64;
            let mut times: Vec<f64> = Vec::new();
            let mut before: Vec<f64> = Vec::new(); // S(t−) at each pooled event time
            let mut surv = 1.0;
            let mut i = 0;
            while i < events.len() {
                let t = events[i].0;
                let mut d = 0u64;
                while i < events.len() && events[i].0 == t {
                    d += events[i].1 as u64;
                    i += 1;
                }
                let at_risk = (n - below(&stops, t))
                    - (entries.len() as f64 - entries.partition_point(|e| *e < t) as f64);
                times.push(t);
                before.push(surv);
                surv *= 1.0 - d as f64 / at_risk;
            }
            for st in &l.strata {
                for s in st.base + 1..=st.top {
                    let at = times.partition_point(|v| *v < l.slot_time[s]);
                    tt[s] = 1.0 - before[at];
                }
            }
        }
    }
    Ok(tt)
}

/// Runs the check.
pub(super) fn zph(fit: &AtFit<'_>, transform: ZphTransform) -> Result<Zph> {
    let (l, w) = (fit.layout, fit.work);
    let (k, wd) = (l.k, l.k + 1);
    let tt = transformed(l, transform)?;
    let mut sum = 0.0;
    for st in &l.strata {
        for s in st.base + 1..=st.top {
            sum += tt[s] * l.slot_deaths[s] as f64;
        }
    }
    let centre = sum / l.events as f64;
    let gt: Vec<f64> = tt.iter().map(|t| t - centre).collect();

    // U_θ and the g-weighted information blocks
    let mut u = vec![0.0; k];
    for p in 0..l.n {
        if l.event[p] {
            let g = gt[l.hi[p] as usize];
            for a in 0..k {
                u[a] += g * l.x[p * k + a];
            }
        }
    }
    let mut h1 = vec![0.0; l.slots()];
    let mut h2 = vec![0.0; l.slots()];
    let mut outer1 = vec![0.0; k * k];
    let mut outer2 = vec![0.0; k * k];
    for st in &l.strata {
        for s in st.base + 1..=st.top {
            let g = gt[s];
            h1[s] = h1[s - 1] + g * w.alpha[s];
            h2[s] = h2[s - 1] + g * g * w.alpha[s];
            let s1 = &w.s[s * wd + 1..(s + 1) * wd];
            let d1 = &w.dead[s * wd + 1..(s + 1) * wd];
            for a in 0..k {
                u[a] -= g * (w.alpha[s] * s1[a] - w.beta[s] * d1[a]);
                for b in a..k {
                    let o = w.g0[s] * s1[a] * s1[b] - w.g1[s] * (s1[a] * d1[b] + d1[a] * s1[b])
                        + w.g2[s] * d1[a] * d1[b];
                    outer1[a * k + b] += g * o;
                    outer2[a * k + b] += g * g * o;
                }
            }
        }
    }
    let cross = |h: &[f64], power: i32| {
        weighted_cross(l, w, |p| {
            let (hi, lo) = (l.hi[p] as usize, l.lo[p] as usize);
            let dead = if l.event[p] {
                gt[hi].powi(power) * w.beta[hi]
            } else {
                0.0
            };
            h[hi] - h[lo] - dead
        })
    };
    let i01 = cross(&h1, 1);
    let i11 = cross(&h2, 2);
    let kk = 2 * k;
    let mut big = vec![0.0; kk * kk];
    for a in 0..k {
        for b in a..k {
            let (v01, v11) = (
                i01[a * k + b] - outer1[a * k + b],
                i11[a * k + b] - outer2[a * k + b],
            );
            for (r, c, v) in [
                (a, b, fit.imat[a * k + b]),
                (a, k + b, v01),
                (k + a, b, v01),
                (k + a, k + b, v11),
            ] {
                big[r * kk + c] = v;
                big[c * kk + r] = v;
            }
        }
    }

    let mut terms = Vec::with_capacity(k);
    for j in 0..k {
        let idx: Vec<usize> = (0..k).chain([k + j]).collect();
        let m = idx.len();
        let mut sub = vec![0.0; m * m];
        for (r, &a) in idx.iter().enumerate() {
            for (c, &b) in idx.iter().enumerate() {
                sub[r * m + c] = big[a * kk + b];
            }
        }
        let mut v = vec![0.0; m];
        v[k] = u[j];
        let chisq = Ldl::new(&sub, m, TOLER_CHOL).quadratic(&v);
        terms.push(ZphTest {
            term: l.names[j].clone(),
            chisq,
            df: 1,
            p_value: chisq_p(chisq, 1),
        });
    }
    let mut v = vec![0.0; kk];
    v[k..].copy_from_slice(&u);
    let chisq = Ldl::new(&big, kk, TOLER_CHOL).quadratic(&v);
    let global = ZphTest {
        term: "GLOBAL".into(),
        chisq,
        df: k,
        p_value: chisq_p(chisq, k),
    };

    Ok(Zph {
        transform,
        terms,
        global,
        residuals: scaled_schoenfeld(fit, &tt),
    })
}

/// The scaled Schoenfeld residuals, events in stratum and time order (as cox.zph's `y`).
fn scaled_schoenfeld(fit: &AtFit<'_>, tt: &[f64]) -> ScaledSchoenfeld {
    let (l, w) = (fit.layout, fit.work);
    let k = l.k;
    let means = SlotMeans::new(l, w);
    // events per stratum that inform each covariate (0 where it is constant there)
    let used: Vec<Vec<usize>> = l
        .strata
        .iter()
        .map(|st| {
            (0..k)
                .map(|j| {
                    let first = l.x[st.rows.start * k + j];
                    let varies = st.rows.clone().any(|p| l.x[p * k + j] != first);
                    if varies {
                        st.events
                    } else {
                        0
                    }
                })
                .collect()
        })
        .collect();
    // vmean: the information in the covariates' units over the shared event counts
    let mut vmean = vec![0.0; k * k];
    for a in 0..k {
        for b in 0..k {
            let wt: usize = used.iter().map(|u| u[a].min(u[b])).sum();
            let info = fit.imat[a * k + b] / (l.scale[a] * l.scale[b]);
            vmean[a * k + b] = info / if wt == 0 { 1.0 } else { wt as f64 };
        }
    }
    let mut out = ScaledSchoenfeld {
        time: Vec::with_capacity(l.events),
        transformed_time: Vec::with_capacity(l.events),
        stratum: l.strata[0].label.as_ref().map(|_| Vec::new()),
        values: Vec::with_capacity(l.events),
    };
    for (st, used) in l.strata.iter().zip(&used) {
        let keep: Vec<usize> = (0..k).filter(|j| used[*j] > 0).collect();
        let m = keep.len();
        let mut sub = vec![0.0; m * m];
        for (r, &a) in keep.iter().enumerate() {
            for (c, &b) in keep.iter().enumerate() {
                sub[r * m + c] = vmean[a * k + b];
            }
        }
        let factor = Ldl::new(&sub, m, TOLER_CHOL);
        for p in st.rows.clone() {
            if !l.event[p] {
                continue;
            }
            let hi = l.hi[p] as usize;
            // x − x̄(t) in the covariates' units
            let mut r: Vec<f64> = keep
                .iter()
                .map(|&j| (l.x[p * k + j] - means.m3[hi * k + j]) / l.scale[j])
                .collect();
            factor.solve(&mut r);
            let mut row = vec![None; k];
            for (v, &j) in r.iter().zip(&keep) {
                row[j] = Some(v + fit.coef[j]);
            }
            out.time.push(l.stop[p]);
            out.transformed_time.push(tt[hi]);
            if let Some(s) = out.stratum.as_mut() {
                s.push(st.label.clone().unwrap_or_default());
            }
            out.values.push(row);
        }
    }
    out
}
