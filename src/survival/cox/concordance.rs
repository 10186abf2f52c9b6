//! Harrell's concordance of the linear predictor with the outcome, and its
//! infinitesimal-jackknife standard error, as R's `concordancefit` (`concordance3`,
//! `concordance4`) called by `coxph` with `reverse = TRUE`.
//!
//! A pair is comparable when the shorter time is an event and both are at risk then
//! (for counting-process rows: the other row's interval covers that time); pairs of
//! events at the same time are tied on time and left out. Counted with two Fenwick trees
//! over the ranks of the linear predictor (everyone at risk, and the events so far),
//! walking each stratum backwards in time: O(n log n).

use super::layout::Layout;
use super::Concordance;
use rayon::prelude::*;

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

    fn add(&mut self, rank: u32, up: bool) {
        let mut i = rank as usize + 1;
        let n = self.sum.len();
        if up {
            self.at[rank as usize] += 1;
            self.total += 1;
            while i < n {
                self.sum[i] += 1;
                i += i & i.wrapping_neg();
            }
        } else {
            self.at[rank as usize] -= 1;
            self.total -= 1;
            while i < n {
                self.sum[i] -= 1;
                i += i & i.wrapping_neg();
            }
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

/// The concordance of `lp` (linear predictor per sorted row) with the outcome.
pub(super) fn concordance(l: &Layout, lp: &[f64]) -> Concordance {
    let n = l.n;
    // ranks of the distinct values
    let mut idx: Vec<u32> = (0..n as u32).collect();
    idx.par_sort_unstable_by(|a, b| lp[*a as usize].total_cmp(&lp[*b as usize]));
    let mut rank = vec![0u32; n];
    let mut m = 0u32;
    for (i, &p) in idx.iter().enumerate() {
        if i > 0 && lp[p as usize] != lp[idx[i - 1] as usize] {
            m += 1;
        }
        rank[p as usize] = m;
    }
    drop(idx);
    let mut all = Tree::new(m as usize + 1);
    let mut dead = Tree::new(m as usize + 1);
    // per row, in the non-reversed sense of concordancefit: [concordant, discordant, tied x]
    let mut infl = vec![[0i64; 3]; n];
    let (mut conc, mut disc, mut tied_x, mut tied_y, mut tied_xy) = (0i64, 0i64, 0i64, 0i64, 0i64);
    let mut in_tree = vec![false; n];
    let mut deaths: Vec<usize> = Vec::new();
    for st in &l.strata {
        let rows = st.rows.clone();
        // entries, latest first, for counting-process rows
        let by_entry: Vec<usize> = match &l.entry {
            Some(e) => {
                let mut v: Vec<usize> = rows.clone().collect();
                v.sort_unstable_by(|a, b| e[*b].total_cmp(&e[*a]));
                v
            }
            None => Vec::new(),
        };
        let mut next_out = 0;
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
                    infl[p][0] -= less;
                    infl[p][1] -= more;
                    infl[p][2] -= tied;
                    all.add(rank[p], true);
                    in_tree[p] = true;
                }
            }
            if !deaths.is_empty() {
                if let Some(e) = &l.entry {
                    while next_out < by_entry.len() && e[by_entry[next_out]] >= t {
                        let q = by_entry[next_out];
                        if in_tree[q] {
                            let [less, tied, more] = dead.around(rank[q]);
                            infl[q][0] += less;
                            infl[q][1] += more;
                            infl[q][2] += tied;
                            all.add(rank[q], false);
                            in_tree[q] = false;
                        }
                        next_out += 1;
                    }
                }
                deaths.sort_unstable_by_key(|p| rank[*p]);
                let d = deaths.len() as i64;
                tied_y += d * (d - 1) / 2;
                let mut a = 0;
                while a < deaths.len() {
                    let mut b = a + 1;
                    while b < deaths.len() && rank[deaths[b]] == rank[deaths[a]] {
                        b += 1;
                    }
                    let c = (b - a) as i64;
                    tied_xy += c * (c - 1) / 2;
                    a = b;
                }
                for &p in &deaths {
                    let [less, tied, more] = all.around(rank[p]);
                    conc += more;
                    disc += less;
                    tied_x += tied;
                    infl[p][0] += more;
                    infl[p][1] += less;
                    infl[p][2] += tied;
                }
                for &p in &deaths {
                    dead.add(rank[p], true);
                }
                for &p in &deaths {
                    let [less, tied, more] = dead.around(rank[p]);
                    infl[p][0] -= less;
                    infl[p][1] -= more;
                    infl[p][2] -= tied;
                    all.add(rank[p], true);
                    in_tree[p] = true;
                }
            }
            i = j0;
        }
        // rows still in the tree meet the events before them; then empty the trees
        for p in rows.clone() {
            if in_tree[p] {
                let [less, tied, more] = dead.around(rank[p]);
                infl[p][0] += less;
                infl[p][1] += more;
                infl[p][2] += tied;
                all.add(rank[p], false);
                in_tree[p] = false;
            }
        }
        for p in rows {
            if l.event[p] {
                dead.add(rank[p], false);
            }
        }
    }
    tied_y -= tied_xy;

    let npair = (conc + disc + tied_x) as f64;
    let counts = |c: i64| c as u64;
    if npair == 0.0 {
        return Concordance {
            concordance: None,
            std_error: None,
            concordant: 0,
            discordant: 0,
            tied_x: 0,
            tied_y: counts(tied_y),
            tied_xy: counts(tied_xy),
        };
    }
    let somer = (conc - disc) as f64 / npair;
    let dfbeta =
        |f: &[i64; 3]| (f[0] - f[1]) as f64 / npair - somer / npair * (f[0] + f[1] + f[2]) as f64;
    let var = match &l.clusters {
        Some(c) => {
            let mut sums = vec![0.0; c.count];
            for (p, f) in infl.iter().enumerate() {
                sums[c.code[p] as usize] += dfbeta(f);
            }
            sums.iter().map(|s| s * s).sum::<f64>()
        }
        None => infl.iter().map(|f| dfbeta(f).powi(2)).sum::<f64>(),
    } / 4.0;
    // reverse = TRUE: a higher risk score should go with a shorter time
    Concordance {
        concordance: Some(1.0 - (somer + 1.0) / 2.0),
        std_error: Some(var.sqrt()),
        concordant: counts(disc),
        discordant: counts(conc),
        tied_x: counts(tied_x),
        tied_y: counts(tied_y),
        tied_xy: counts(tied_xy),
    }
}
