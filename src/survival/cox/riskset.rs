//! The partial log-likelihood, its score and information at one β, from risk-set sums.
//!
//! At an event time t with d events, risk set R and events D (risk r_i = exp(η_i)):
//!
//! ```text
//! S0 = Σ_R r,  S1 = Σ_R r x,  D0 = Σ_D r,  D1 = Σ_D r x,  f_l = l/d
//! Efron:   D_l = S0 − f_l D0  (l = 0..d−1);  Breslow: D_l = S0 for every l
//! loglik  += Σ_D η − Σ_l log D_l
//! score   += Σ_D x − (α S1 − β D1),         α = Σ_l 1/D_l,  β = Σ_l f_l/D_l
//! info    += α S2 − β D2 − (γ0 S1S1' − γ1 (S1D1' + D1S1') + γ2 D1D1'),
//!            γ_m = Σ_l f_l^m / D_l²
//! ```
//!
//! The S2 terms summed over event times are Σ_i r_i (H_i − δ_i β_(t_i)) x_i x_i', with
//! H_i the sum of α over the event times in the row's risk interval (its Efron cumulative
//! hazard). So only S0 and S1 are carried per event time (a serial pass of O(n k)), and
//! the O(n k²) part is one parallel pass over rows. This is coxph's `coxfit6`/`agfit4`
//! rearranged, not a different estimator.

use super::layout::Layout;
use super::Ties;
use rayon::prelude::*;

/// Rows per parallel task.
pub(super) const CHUNK: usize = 8192;

/// Buffers reused across iterations, and the per-event-time quantities of the last
/// evaluation (which residuals, zph and the baseline hazard read).
#[derive(Debug, Clone)]
pub(super) struct Work {
    /// exp(η − shift) per sorted row.
    pub r: Vec<f64>,
    /// The shift per stratum (0 unless |max η| > 500).
    pub shift: Vec<f64>,
    /// Per slot: Σ of (r, r x) over rows whose exit slot it is.
    add: Vec<f64>,
    /// Per slot: Σ of (r, r x) over rows whose entry slot it is.
    sub: Vec<f64>,
    /// Per slot: (D0, D1).
    pub dead: Vec<f64>,
    /// Per slot: (S0, S1).
    pub s: Vec<f64>,
    /// α per slot: the hazard increment with these risk scores (Efron's or Breslow's).
    pub alpha: Vec<f64>,
    /// Efron's β weight per slot.
    pub beta: Vec<f64>,
    /// γ0 per slot.
    pub g0: Vec<f64>,
    /// γ1 per slot.
    pub g1: Vec<f64>,
    /// γ2 per slot.
    pub g2: Vec<f64>,
    /// Σ α up to and including each slot, within its stratum (0 at the base slot).
    pub h: Vec<f64>,
}

/// The log-likelihood, score and information at one β (scaled coordinates).
#[derive(Debug, Clone)]
pub(super) struct Eval {
    pub loglik: f64,
    pub u: Vec<f64>,
    /// k × k, row-major, symmetric.
    pub imat: Vec<f64>,
    /// Whether all of them are finite.
    pub finite: bool,
}

impl Work {
    pub fn new(l: &Layout) -> Work {
        let (g, w) = (l.slots(), l.k + 1);
        Work {
            r: vec![0.0; l.n],
            shift: vec![0.0; l.strata.len()],
            add: vec![0.0; g * w],
            sub: if l.entry.is_some() {
                vec![0.0; g * w]
            } else {
                Vec::new()
            },
            dead: vec![0.0; g * w],
            s: vec![0.0; g * w],
            alpha: vec![0.0; g],
            beta: vec![0.0; g],
            g0: vec![0.0; g],
            g1: vec![0.0; g],
            g2: vec![0.0; g],
            h: vec![0.0; g],
        }
    }
}

/// The tie scalars at one event time: α, β, γ0, γ1, γ2 and Σ_l log D_l.
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct Tied {
    pub alpha: f64,
    pub beta: f64,
    pub g0: f64,
    pub g1: f64,
    pub g2: f64,
    pub logsum: f64,
}

/// The scalars for d events with risk-set sum `s0` and event sum `d0`.
pub(super) fn tied(ties: Ties, d: u32, s0: f64, d0: f64) -> Tied {
    let df = d as f64;
    if d == 1 || ties == Ties::Breslow {
        let inv = 1.0 / s0;
        return Tied {
            alpha: df * inv,
            beta: 0.0,
            g0: df * inv * inv,
            g1: 0.0,
            g2: 0.0,
            logsum: df * s0.ln(),
        };
    }
    let mut t = Tied::default();
    // Σ log D_l as the log of running products, renormalised before they leave range
    let mut prod = 1.0f64;
    for l in 0..d {
        let f = l as f64 / df;
        let den = s0 - f * d0;
        let inv = 1.0 / den;
        t.alpha += inv;
        t.beta += f * inv;
        t.g0 += inv * inv;
        t.g1 += f * inv * inv;
        t.g2 += f * f * inv * inv;
        prod *= den;
        if !(1e-150..=1e150).contains(&prod.abs()) {
            t.logsum += prod.ln();
            prod = 1.0;
        }
    }
    t.logsum += prod.ln();
    t
}

/// Evaluates the partial likelihood at β (scaled coordinates); leaves the per-slot
/// quantities in `w`.
pub(super) fn evaluate(l: &Layout, beta: &[f64], ties: Ties, w: &mut Work) -> Eval {
    let k = l.k;
    let wd = k + 1;
    linear_predictor(l, beta, w);

    // Bin r and r x at each row's exit slot (and entry slot), and at its event.
    w.add.iter_mut().for_each(|v| *v = 0.0);
    w.sub.iter_mut().for_each(|v| *v = 0.0);
    w.dead.iter_mut().for_each(|v| *v = 0.0);
    let counting = !w.sub.is_empty();
    for p in 0..l.n {
        if !l.active(p) {
            continue;
        }
        let r = w.r[p];
        let x = &l.x[p * k..(p + 1) * k];
        let hi = l.hi[p] as usize;
        bin(&mut w.add[hi * wd..(hi + 1) * wd], r, x);
        if counting {
            let lo = l.lo[p] as usize;
            bin(&mut w.sub[lo * wd..(lo + 1) * wd], r, x);
        }
        if l.event[p] {
            bin(&mut w.dead[hi * wd..(hi + 1) * wd], r, x);
        }
    }

    // Walk each stratum's event times backwards, carrying S0 and S1.
    let mut loglik: f64 = beta.iter().zip(&l.death_x).map(|(b, x)| b * x).sum();
    let mut u = l.death_x.clone();
    let mut outer = vec![0.0; k * k];
    let mut s = vec![0.0; wd];
    for (si, st) in l.strata.iter().enumerate() {
        s.iter_mut().for_each(|v| *v = 0.0);
        for g in (st.base + 1..=st.top).rev() {
            for c in 0..wd {
                s[c] += w.add[g * wd + c];
                if counting {
                    s[c] -= w.sub[g * wd + c];
                }
            }
            w.s[g * wd..(g + 1) * wd].copy_from_slice(&s);
            let dead = &w.dead[g * wd..(g + 1) * wd];
            let d = l.slot_deaths[g];
            let t = tied(ties, d, s[0], dead[0]);
            w.alpha[g] = t.alpha;
            w.beta[g] = t.beta;
            w.g0[g] = t.g0;
            w.g1[g] = t.g1;
            w.g2[g] = t.g2;
            loglik -= t.logsum + d as f64 * w.shift[si];
            let (s1, d1) = (&s[1..], &dead[1..]);
            for a in 0..k {
                u[a] -= t.alpha * s1[a] - t.beta * d1[a];
                for b in a..k {
                    outer[a * k + b] += t.g0 * s1[a] * s1[b]
                        - t.g1 * (s1[a] * d1[b] + d1[a] * s1[b])
                        + t.g2 * d1[a] * d1[b];
                }
            }
        }
        w.h[st.base] = 0.0;
        for g in st.base + 1..=st.top {
            w.h[g] = w.h[g - 1] + w.alpha[g];
        }
    }

    let mut imat = weighted_cross(l, w, |p| {
        let (hi, lo) = (l.hi[p] as usize, l.lo[p] as usize);
        let dead = if l.event[p] { w.beta[hi] } else { 0.0 };
        w.h[hi] - w.h[lo] - dead
    });
    for a in 0..k {
        for b in a..k {
            imat[a * k + b] -= outer[a * k + b];
            imat[b * k + a] = imat[a * k + b];
        }
    }
    let finite =
        loglik.is_finite() && u.iter().all(|v| v.is_finite()) && imat.iter().all(|v| v.is_finite());
    Eval {
        loglik,
        u,
        imat,
        finite,
    }
}

/// η = x̃β and r = exp(η − shift), with the shift per stratum keeping exp in range.
pub(super) fn linear_predictor(l: &Layout, beta: &[f64], w: &mut Work) {
    let k = l.k;
    w.r.par_chunks_mut(CHUNK)
        .zip(l.x.par_chunks(CHUNK * k))
        .for_each(|(r, x)| {
            for (r, x) in r.iter_mut().zip(x.chunks_exact(k)) {
                *r = x.iter().zip(beta).map(|(x, b)| x * b).sum();
            }
        });
    for (si, st) in l.strata.iter().enumerate() {
        let top = w.r[st.rows.clone()]
            .par_iter()
            .copied()
            .reduce(|| f64::NEG_INFINITY, f64::max);
        let shift = if top.abs() > 500.0 { top } else { 0.0 };
        w.shift[si] = shift;
        w.r[st.rows.clone()]
            .par_iter_mut()
            .for_each(|r| *r = (*r - shift).exp());
    }
}

fn bin(acc: &mut [f64], r: f64, x: &[f64]) {
    acc[0] += r;
    for (a, x) in acc[1..].iter_mut().zip(x) {
        *a += r * x;
    }
}

/// Σ over active rows of r_p · weight(p) · x_p x_p' (upper triangle of a k × k matrix).
pub(super) fn weighted_cross<F>(l: &Layout, w: &Work, weight: F) -> Vec<f64>
where
    F: Fn(usize) -> f64 + Sync,
{
    let k = l.k;
    let r = &w.r;
    (0..l.n.div_ceil(CHUNK))
        .into_par_iter()
        .map(|c| {
            let mut acc = vec![0.0; k * k];
            for p in c * CHUNK..((c + 1) * CHUNK).min(l.n) {
                if !l.active(p) {
                    continue;
                }
                let wp = r[p] * weight(p);
                let x = &l.x[p * k..(p + 1) * k];
                for a in 0..k {
                    let wa = wp * x[a];
                    let row = &mut acc[a * k..(a + 1) * k];
                    for b in a..k {
                        row[b] += wa * x[b];
                    }
                }
            }
            acc
        })
        .reduce(
            || vec![0.0; k * k],
            |mut a, b| {
                a.iter_mut().zip(&b).for_each(|(a, b)| *a += b);
                a
            },
        )
}
