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

/// The score residual of each sorted row (n × k, scaled coordinates).
pub(super) fn score_residuals(l: &Layout, w: &Work) -> Vec<f64> {
    let k = l.k;
    let sm = SlotMeans::new(l, w);
    let mut out = vec![0.0; l.n * k];
    out.par_chunks_mut(CHUNK * k)
        .enumerate()
        .for_each(|(c, chunk)| {
            for (o, res) in chunk.chunks_exact_mut(k).enumerate() {
                let p = c * CHUNK + o;
                if !l.active(p) {
                    continue;
                }
                let (hi, lo) = (l.hi[p] as usize, l.lo[p] as usize);
                let r = w.r[p];
                let x = &l.x[p * k..(p + 1) * k];
                let h = w.h[hi] - w.h[lo];
                for a in 0..k {
                    let m = sm.m1_cum[hi * k + a] - sm.m1_cum[lo * k + a];
                    res[a] = -r * (x[a] * h - m);
                    if l.event[p] {
                        res[a] +=
                            x[a] - sm.m3[hi * k + a] + r * x[a] * w.beta[hi] - r * sm.q[hi * k + a];
                    }
                }
            }
        });
    out
}

/// Score residuals summed within each cluster (count × k, scaled coordinates).
pub(super) fn cluster_sums(l: &Layout, w: &Work, c: &Clusters) -> Vec<f64> {
    let k = l.k;
    let res = score_residuals(l, w);
    let mut sums = vec![0.0; c.count * k];
    for (p, code) in c.code.iter().enumerate() {
        let s = &mut sums[*code as usize * k..(*code as usize + 1) * k];
        for (s, r) in s.iter_mut().zip(&res[p * k..(p + 1) * k]) {
            *s += r;
        }
    }
    sums
}

/// Σ over clusters of U_c U_c' (k × k).
pub(super) fn crossprod(sums: &[f64], k: usize) -> Vec<f64> {
    let mut m = vec![0.0; k * k];
    for u in sums.chunks_exact(k) {
        for a in 0..k {
            for b in a..k {
                m[a * k + b] += u[a] * u[b];
            }
        }
    }
    for a in 0..k {
        for b in 0..a {
            m[a * k + b] = m[b * k + a];
        }
    }
    m
}
