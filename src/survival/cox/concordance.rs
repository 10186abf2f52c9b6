//! Harrell's concordance of the linear predictor with the outcome, and its
//! infinitesimal-jackknife standard error, as R's `concordancefit` (`concordance3`,
//! `concordance4`) called by `coxph` with `reverse = TRUE`.
//!
//! A pair is comparable when the shorter time is an event and both are at risk then
//! (for counting-process rows: the other row's interval covers that time); pairs of
//! events at the same time are tied on time and left out. Each stratum is walked
//! backwards in time with two Fenwick trees over the ranks of the linear predictor
//! (everyone at risk so far, and the events so far): O(n log n). Without entry times the
//! time axis is cut into blocks swept in parallel, the pairs across blocks counted from
//! the rank counts of the blocks on either side.

use super::layout::Layout;
use super::Concordance;
use rayon::prelude::*;
use std::ops::Range;

/// Rows per block at least: a stratum below twice this is swept as one block.
const MIN_BLOCK: usize = 50_000;
/// Blocks per stratum at most (each needs two rank-count arrays).
const MAX_BLOCKS: usize = 4;

/// A Fenwick tree of counts over ranks, with the count at each rank beside it.
struct Tree {
    sum: Vec<u32>,
    at: Vec<u32>,
    total: u64,
}

impl Tree {
    fn new(m: usize) -> Tree {
        Tree {
            sum: vec![0; m + 1],
            at: vec![0; m],
            total: 0,
        }
    }

    fn add(&mut self, rank: u32) {
        self.at[rank as usize] += 1;
        self.total += 1;
        let mut i = rank as usize + 1;
        while i < self.sum.len() {
            self.sum[i] += 1;
            i += i & i.wrapping_neg();
        }
    }

    fn remove(&mut self, rank: u32) {
        self.at[rank as usize] -= 1;
        self.total -= 1;
        let mut i = rank as usize + 1;
        while i < self.sum.len() {
            self.sum[i] -= 1;
            i += i & i.wrapping_neg();
        }
    }

    /// Counts (smaller, equal, larger) than `rank`.
    fn around(&self, rank: u32) -> [i64; 3] {
        let mut i = rank as usize;
        let mut less = 0u64;
        while i > 0 {
            less += self.sum[i] as u64;
            i &= i - 1;
        }
        let tied = self.at[rank as usize] as u64;
        [less as i64, tied as i64, (self.total - less - tied) as i64]
    }
}

/// Counts of a fixed set of ranks: how many lie below each rank.
struct Static {
    below: Vec<u32>,
}

impl Static {
    fn new(m: usize, ranks: impl Iterator<Item = u32>) -> Static {
        let mut below = vec![0u32; m + 1];
        for r in ranks {
            below[r as usize + 1] += 1;
        }
        for i in 1..=m {
            below[i] += below[i - 1];
        }
        Static { below }
    }

    /// Counts (smaller, equal, larger) than `rank`.
    fn around(&self, rank: u32) -> [i64; 3] {
        let (lo, hi) = (
            self.below[rank as usize] as i64,
            self.below[rank as usize + 1] as i64,
        );
        let total = *self.below.last().unwrap_or(&0) as i64;
        [lo, hi - lo, total - hi]
    }
}

/// Pair counts in concordancefit's (non-reversed) sense.
#[derive(Debug, Clone, Copy, Default)]
struct Counts {
    conc: i64,
    disc: i64,
    tied_x: i64,
    tied_y: i64,
    tied_xy: i64,
}

impl Counts {
    fn add(&mut self, o: Counts) {
        self.conc += o.conc;
        self.disc += o.disc;
        self.tied_x += o.tied_x;
        self.tied_y += o.tied_y;
        self.tied_xy += o.tied_xy;
    }
}

/// The concordance of `lp` (linear predictor per sorted row) with the outcome.
pub(super) fn concordance(l: &Layout, lp: &[f64]) -> Concordance {
    let n = l.n;
    let mut rank = vec![0u32; n];
    // per row, in the non-reversed sense of concordancefit: [concordant, discordant, tied x]
    let mut infl = vec![[0i64; 3]; n];
    let mut total = Counts::default();
    for st in &l.strata {
        let rows = st.rows.clone();
        let m = local_ranks(lp, rows.clone(), &mut rank[rows.clone()]);
        let pieces = if l.entry.is_none() {
            (rows.len() / MIN_BLOCK).clamp(1, MAX_BLOCKS)
        } else {
            1
        };
        let blocks = blocks(l, rows.clone(), pieces);
        // counting-process rows entering at or after the first event time left the risk
        // set during the sweep, and met their events then
        let first_event = (st.top > st.base).then(|| l.slot_time[st.base + 1]);
        let stayed = |p: usize| match (&l.entry, first_event) {
            (Some(e), Some(t)) => e[p] < t,
            _ => true,
        };
        // split the stratum's influence rows by block and sweep each block
        let mut parts: Vec<(Range<usize>, &mut [[i64; 3]])> = Vec::new();
        let mut rest = &mut infl[rows.clone()];
        for b in &blocks {
            let (here, tail) = rest.split_at_mut(b.len());
            parts.push((b.clone(), here));
            rest = tail;
        }
        let rank = &rank;
        let counts: Vec<Counts> = parts
            .into_par_iter()
            .map(|(b, infl)| sweep(l, b, rank, m, infl))
            .collect();
        counts.iter().for_each(|c| total.add(*c));

        // the pairs across blocks, and the events before each row within its block
        let deaths_upto: Vec<Static> = (0..blocks.len())
            .into_par_iter()
            .map(|b| {
                let r = rows.start..blocks[b].end;
                Static::new(m, r.filter(|p| l.event[*p]).map(|p| rank[p]))
            })
            .collect();
        let later_rows: Vec<Static> = (0..blocks.len() - 1)
            .into_par_iter()
            .map(|b| Static::new(m, (blocks[b].end..rows.end).map(|p| rank[p])))
            .collect();
        let mut parts: Vec<(usize, &mut [[i64; 3]])> = Vec::new();
        let mut rest = &mut infl[rows.clone()];
        for (i, b) in blocks.iter().enumerate() {
            let (here, tail) = rest.split_at_mut(b.len());
            parts.push((i, here));
            rest = tail;
        }
        let across: Vec<Counts> = parts
            .into_par_iter()
            .map(|(bi, infl)| {
                let b = blocks[bi].clone();
                let mut c = Counts::default();
                for (p, f) in b.clone().zip(infl.iter_mut()) {
                    if stayed(p) {
                        let [less, tied, more] = deaths_upto[bi].around(rank[p]);
                        f[0] += less;
                        f[1] += more;
                        f[2] += tied;
                    }
                    if l.event[p] && bi + 1 < blocks.len() {
                        let [less, tied, more] = later_rows[bi].around(rank[p]);
                        c.conc += more;
                        c.disc += less;
                        c.tied_x += tied;
                        f[0] += more;
                        f[1] += less;
                        f[2] += tied;
                    }
                }
                c
            })
            .collect();
        across.iter().for_each(|c| total.add(*c));
    }
    total.tied_y -= total.tied_xy;
    finish(l, &infl, total)
}

/// Ranks of the distinct values of `lp` over `rows`, written to `rank`; returns how many.
fn local_ranks(lp: &[f64], rows: Range<usize>, rank: &mut [u32]) -> usize {
    // an order-preserving integer for each value (−0 and +0 alike), with the row
    let key = |p: usize| {
        let b = (lp[p] + 0.0).to_bits();
        let k = if b >> 63 == 1 { !b } else { b | (1 << 63) };
        ((k as u128) << 32) | (p - rows.start) as u128
    };
    let mut keys: Vec<u128> = rows.clone().map(key).collect();
    keys.par_sort_unstable();
    let mut m = 0u32;
    for (i, k) in keys.iter().enumerate() {
        if i > 0 && k >> 32 != keys[i - 1] >> 32 {
            m += 1;
        }
        rank[(*k & 0xffff_ffff) as usize] = m;
    }
    if keys.is_empty() {
        0
    } else {
        m as usize + 1
    }
}

/// Cuts `rows` (ascending time) into about `pieces` blocks at changes of time.
fn blocks(l: &Layout, rows: Range<usize>, pieces: usize) -> Vec<Range<usize>> {
    let size = rows.len().div_ceil(pieces.max(1));
    let mut out = Vec::with_capacity(pieces);
    let mut start = rows.start;
    while start < rows.end {
        let mut end = (start + size).min(rows.end);
        while end < rows.end && l.stop[end] == l.stop[end - 1] {
            end += 1;
        }
        out.push(start..end);
        start = end;
    }
    if out.is_empty() {
        out.push(rows);
    }
    out
}

/// Walks one block backwards in time; `infl` holds the block's rows. Leaves out what the
/// caller adds from static counts: the events at or before each row's time (for rows
/// still at risk at the end), and the rows in later blocks.
fn sweep(l: &Layout, rows: Range<usize>, rank: &[u32], m: usize, infl: &mut [[i64; 3]]) -> Counts {
    let at = |p: usize| p - rows.start;
    let mut all = Tree::new(m);
    let mut dead = Tree::new(m);
    let mut c = Counts::default();
    // entries, latest first, for counting-process rows
    let by_entry: Vec<usize> = match &l.entry {
        Some(e) => {
            let mut v: Vec<usize> = rows.clone().collect();
            v.sort_unstable_by(|a, b| e[*b].total_cmp(&e[*a]));
            v
        }
        None => Vec::new(),
    };
    let mut in_tree = vec![false; if l.entry.is_some() { rows.len() } else { 0 }];
    let mut next_out = 0;
    let mut deaths: Vec<usize> = Vec::new();
    let mut i = rows.end;
    while i > rows.start {
        let t = l.stop[i - 1];
        let mut j0 = i - 1;
        while j0 > rows.start && l.stop[j0 - 1] == t {
            j0 -= 1;
        }
        deaths.clear();
        for p in j0..i {
            if l.event[p] {
                deaths.push(p);
            } else {
                let [less, tied, more] = dead.around(rank[p]);
                let f = &mut infl[at(p)];
                f[0] -= less;
                f[1] -= more;
                f[2] -= tied;
                all.add(rank[p]);
                if let Some(x) = in_tree.get_mut(at(p)) {
                    *x = true;
                }
            }
        }
        if !deaths.is_empty() {
            if let Some(e) = &l.entry {
                while next_out < by_entry.len() && e[by_entry[next_out]] >= t {
                    let q = by_entry[next_out];
                    if in_tree[at(q)] {
                        let [less, tied, more] = dead.around(rank[q]);
                        let f = &mut infl[at(q)];
                        f[0] += less;
                        f[1] += more;
                        f[2] += tied;
                        all.remove(rank[q]);
                        in_tree[at(q)] = false;
                    }
                    next_out += 1;
                }
            }
            deaths.sort_unstable_by_key(|p| rank[*p]);
            let d = deaths.len() as i64;
            c.tied_y += d * (d - 1) / 2;
            let mut a = 0;
            while a < deaths.len() {
                let mut b = a + 1;
                while b < deaths.len() && rank[deaths[b]] == rank[deaths[a]] {
                    b += 1;
                }
                let same = (b - a) as i64;
                c.tied_xy += same * (same - 1) / 2;
                a = b;
            }
            for &p in &deaths {
                let [less, tied, more] = all.around(rank[p]);
                c.conc += more;
                c.disc += less;
                c.tied_x += tied;
                let f = &mut infl[at(p)];
                f[0] += more;
                f[1] += less;
                f[2] += tied;
            }
            for &p in &deaths {
                dead.add(rank[p]);
            }
            for &p in &deaths {
                let [less, tied, more] = dead.around(rank[p]);
                let f = &mut infl[at(p)];
                f[0] -= less;
                f[1] -= more;
                f[2] -= tied;
                all.add(rank[p]);
                if let Some(x) = in_tree.get_mut(at(p)) {
                    *x = true;
                }
            }
        }
        i = j0;
    }
    c
}

/// The concordance, its standard error and the counts, from the per-row influence.
fn finish(l: &Layout, infl: &[[i64; 3]], c: Counts) -> Concordance {
    let npair = (c.conc + c.disc + c.tied_x) as f64;
    let count = |v: i64| v as u64;
    if npair == 0.0 {
        return Concordance {
            concordance: None,
            std_error: None,
            concordant: 0,
            discordant: 0,
            tied_x: 0,
            tied_y: count(c.tied_y),
            tied_xy: count(c.tied_xy),
        };
    }
    let somer = (c.conc - c.disc) as f64 / npair;
    let dfbeta =
        |f: &[i64; 3]| (f[0] - f[1]) as f64 / npair - somer / npair * (f[0] + f[1] + f[2]) as f64;
    let var = match &l.clusters {
        Some(cl) if cl.count < l.n => {
            let mut sums = vec![0.0; cl.count];
            for (p, f) in infl.iter().enumerate() {
                sums[cl.code[p] as usize] += dfbeta(f);
            }
            sums.iter().map(|s| s * s).sum::<f64>()
        }
        _ => infl.par_iter().map(|f| dfbeta(f).powi(2)).sum::<f64>(),
    } / 4.0;
    // reverse = TRUE: a higher risk score should go with a shorter time
    Concordance {
        concordance: Some(1.0 - (somer + 1.0) / 2.0),
        std_error: Some(var.sqrt()),
        concordant: count(c.disc),
        discordant: count(c.conc),
        tied_x: count(c.tied_x),
        tied_y: count(c.tied_y),
        tied_xy: count(c.tied_xy),
    }
}
