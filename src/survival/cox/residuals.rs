//! Score residuals, summed by cluster: the pieces of the robust (sandwich) variance and
//! of the robust score test, as R's `residuals(fit, type = "score")` (`coxscore2`,
//! `agscore2`).
//!
//! ```text
//! L_i = −r_i Σ_t (x_i α_t − m1_t)         over the event times t in (entry_i, exit_i]
//!       + δ_i (x_i − m3_t + r_i x_i β_t − r_i q_t)   at the row's own event time t
//! m1 = γ0 S1 − γ1 D1,  m3 = (α S1 − β D1)/d,  q = γ1 S1 − γ2 D1   (the terms of riskset.rs)
//! ```
//!
//! (Breslow: β = γ1 = γ2 = 0, α = d/S0, m1 = α S1/S0, m3 = S1/S0, giving
//! (x_i − x̄)(δ_i − r_i Σ dΛ) as usual.)

use super::layout::{Clusters, Layout};
use super::riskset::{Work, CHUNK};
use rayon::prelude::*;

/// Per slot: the cumulative Σ m1 within the stratum, m3 and q (each k wide).
#[derive(Debug, Clone)]
pub(super) struct SlotMeans {
    /// Σ m1 up to and including the slot (0 at the base slot).
    pub m1_cum: Vec<f64>,
    /// The Efron mean of the event times' covariate means, (α S1 − β D1)/d.
    pub m3: Vec<f64>,
    /// γ1 S1 − γ2 D1.
    pub q: Vec<f64>,
}

impl SlotMeans {
    /// From the per-slot sums left in `w` by the last evaluation.
    pub fn new(l: &Layout, w: &Work) -> SlotMeans {
        let (k, wd) = (l.k, l.k + 1);
        let g = l.slots();
        let mut m1_cum = vec![0.0; g * k];
        let mut m3 = vec![0.0; g * k];
        let mut q = vec![0.0; g * k];
        for st in &l.strata {
            for s in st.base + 1..=st.top {
                let s1 = &w.s[s * wd + 1..(s + 1) * wd];
                let d1 = &w.dead[s * wd + 1..(s + 1) * wd];
                let d = l.slot_deaths[s] as f64;
                for a in 0..k {
                    let m1 = w.g0[s] * s1[a] - w.g1[s] * d1[a];
                    m1_cum[s * k + a] = m1_cum[(s - 1) * k + a] + m1;
                    m3[s * k + a] = (w.alpha[s] * s1[a] - w.beta[s] * d1[a]) / d;
                    q[s * k + a] = w.g1[s] * s1[a] - w.g2[s] * d1[a];
                }
            }
        }
        SlotMeans { m1_cum, m3, q }
    }
}

/// The score residual of the row at sorted position `p` (scaled coordinates).
fn residual(l: &Layout, w: &Work, sm: &SlotMeans, p: usize, res: &mut [f64]) {
    let k = l.k;
    res.iter_mut().for_each(|r| *r = 0.0);
    if !l.active(p) {
        return;
    }
    let (hi, lo) = (l.hi[p] as usize, l.lo[p] as usize);
    let r = w.r[p];
    let x = &l.x[p * k..(p + 1) * k];
    let h = w.h[hi] - w.h[lo];
    for a in 0..k {
        let m = sm.m1_cum[hi * k + a] - sm.m1_cum[lo * k + a];
        res[a] = -r * (x[a] * h - m);
        if l.event[p] {
            res[a] += x[a] - sm.m3[hi * k + a] + r * x[a] * w.beta[hi] - r * sm.q[hi * k + a];
        }
    }
}

/// The score residuals summed by cluster, reduced to what the robust variance and the
/// robust score test need: Σ_c U_c U_c' (k × k) and Σ_c U_c (k).
pub(super) fn meat(l: &Layout, w: &Work, c: &Clusters) -> (Vec<f64>, Vec<f64>) {
    let k = l.k;
    let sm = SlotMeans::new(l, w);
    let outer = |acc: &mut (Vec<f64>, Vec<f64>), u: &[f64]| {
        for a in 0..k {
            acc.1[a] += u[a];
            for b in a..k {
                acc.0[a * k + b] += u[a] * u[b];
            }
        }
    };
    let zero = || (vec![0.0; k * k], vec![0.0; k]);
    let merge = |mut a: (Vec<f64>, Vec<f64>), b: (Vec<f64>, Vec<f64>)| {
        a.0.iter_mut().zip(&b.0).for_each(|(x, y)| *x += y);
        a.1.iter_mut().zip(&b.1).for_each(|(x, y)| *x += y);
        a
    };
    let (mut m, u) = if c.count == l.n {
        // one row per cluster: no sums to form
        (0..l.n.div_ceil(CHUNK))
            .into_par_iter()
            .map(|ch| {
                let mut acc = zero();
                let mut res = vec![0.0; k];
                for p in ch * CHUNK..((ch + 1) * CHUNK).min(l.n) {
                    residual(l, w, &sm, p, &mut res);
                    outer(&mut acc, &res);
                }
                acc
            })
            .reduce(zero, merge)
    } else {
        let mut res = vec![0.0; l.n * k];
        res.par_chunks_mut(CHUNK * k)
            .enumerate()
            .for_each(|(ch, chunk)| {
                for (o, r) in chunk.chunks_exact_mut(k).enumerate() {
                    residual(l, w, &sm, ch * CHUNK + o, r);
                }
            });
        let mut sums = vec![0.0; c.count * k];
        for (p, code) in c.code.iter().enumerate() {
            let s = &mut sums[*code as usize * k..(*code as usize + 1) * k];
            for (s, r) in s.iter_mut().zip(&res[p * k..(p + 1) * k]) {
                *s += r;
            }
        }
        sums.par_chunks(CHUNK * k)
            .map(|chunk| {
                let mut acc = zero();
                chunk.chunks_exact(k).for_each(|u| outer(&mut acc, u));
                acc
            })
            .reduce(zero, merge)
    };
    for a in 0..k {
        for b in 0..a {
            m[a * k + b] = m[b * k + a];
        }
    }
    (m, u)
}
