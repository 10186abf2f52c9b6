//! Small-cell suppression (diskretionering) of counts of persons.
//!
//! # The rule
//! ```text
//! primary:    a count c with 1 <= c < threshold is not shown (shown as "<5" when the
//!             threshold is 5); 0 is shown as 0, as Statistics Denmark does
//! secondary:  where cells add up (parts that sum to a total: levels to all persons,
//!             placement levels to all placed), a reader who knows every shown cell,
//!             that a primary cell lies in [1, threshold-1] and that a secondary cell is
//!             >= threshold, must not be able to work out any primary cell exactly.
//!             While some primary cell can be, one more shown cell is suppressed (shown
//!             as "x"): the cheapest single cell that protects it (a part before a
//!             total, then the smallest), or, if no single cell does, the smallest part
//!             of a line that holds it
//! ```
//! "Work out" is checked over all lines together, as a reader with pen and paper would:
//! every line is an equation in the hidden cells; a primary cell is exposed when the
//! equations alone fix it (Gaussian elimination), or when they fix it together with the
//! known ranges (bounds propagation over the lines and their eliminated forms, so that
//! `1 + 1 = 2` and `1 + 5 = 6` are caught). This catches chains across lines (a subtotal
//! giving away a secondary cell, which then gives away a primary one). It is not a full
//! linear-programming audit, which the small tables of a report do not need.
//!
//! # Example
//! ```
//! use indsats::summary::{suppress, Line, Suppression};
//! // levels 3, 12, 40 with total 55: the 3 is suppressed, and, as the total would give
//! // it away, so is the 12
//! let s = suppress(&[3, 12, 40, 55], &[Line { parts: vec![0, 1, 2], total: 3 }], 5);
//! assert_eq!(s, vec![Suppression::Primary, Suppression::Secondary, Suppression::Shown, Suppression::Shown]);
//! ```

use serde::Serialize;

/// The default threshold: counts of 1 to 4 persons are not shown.
pub const DEFAULT_THRESHOLD: usize = 5;

/// Whether and why a cell is hidden.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Suppression {
    /// Shown.
    Shown,
    /// Hidden because it is between 1 and the threshold − 1.
    Primary,
    /// Hidden so that a primary cell cannot be worked out from a total.
    Secondary,
}

impl Suppression {
    /// Whether the cell is hidden.
    pub fn is_suppressed(self) -> bool {
        self != Suppression::Shown
    }
}

/// Cells (indices into the values) that add up to a total cell.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    /// The parts.
    pub parts: Vec<usize>,
    /// The total.
    pub total: usize,
}

/// Whether a single count is below the threshold (and not zero).
pub fn is_small(value: usize, threshold: usize) -> bool {
    value > 0 && value < threshold
}

/// Suppresses `values` (counts of persons) with the primary and secondary rule of the
/// module docs; `lines` lists the additive relations between cells. A threshold of 0
/// or 1 suppresses nothing. The result is deterministic: ties are broken by index.
///
/// # Panics
/// If a line refers to an index outside `values`.
pub fn suppress(values: &[usize], lines: &[Line], threshold: usize) -> Vec<Suppression> {
    suppress_keeping(values, lines, threshold, &[])
}

/// As [`suppress`], but never hides the cells in `keep` as secondary: cells whose value
/// the reader can get elsewhere (a total that the data-quality section shows), which the
/// audit must treat as known.
///
/// # Panics
/// If a line or `keep` refers to an index outside `values`.
pub fn suppress_keeping(
    values: &[usize],
    lines: &[Line],
    threshold: usize,
    keep: &[usize],
) -> Vec<Suppression> {
    let mut s: Vec<Suppression> = values
        .iter()
        .map(|&v| {
            if is_small(v, threshold) {
                Suppression::Primary
            } else {
                Suppression::Shown
            }
        })
        .collect();
    if threshold <= 1 || lines.is_empty() {
        return s;
    }
    let is_total: Vec<bool> = (0..values.len())
        .map(|i| lines.iter().any(|l| l.total == i))
        .collect();
    let in_lines: Vec<bool> = (0..values.len())
        .map(|i| lines.iter().any(|l| l.total == i || l.parts.contains(&i)))
        .collect();
    while let Some(exposed) = first_exposed(values, &s, lines, threshold) {
        let mut candidates: Vec<usize> = (0..values.len())
            .filter(|&i| {
                in_lines[i] && s[i] == Suppression::Shown && values[i] > 0 && !keep.contains(&i)
            })
            .collect();
        candidates.sort_by_key(|&i| (is_total[i], values[i], i));
        let protects = |hide: &[usize]| {
            let mut trial = s.clone();
            for &i in hide {
                trial[i] = Suppression::Secondary;
            }
            !is_exposed(values, &trial, lines, threshold, exposed)
        };
        let in_line = |l: &Line, i: usize| l.total == i || l.parts.contains(&i);
        let share_a_line =
            |a: usize, b: usize| lines.iter().any(|l| in_line(l, a) && in_line(l, b));
        let holds_exposed = |i: usize| share_a_line(exposed, i);
        let parts: Vec<usize> = candidates
            .iter()
            .copied()
            .filter(|&i| !is_total[i])
            .collect();
        // 1. one part; 2. two cells, at most one a total, fewest totals then smallest sum;
        // 3. one total; 4. no single step protects: the smallest part next to the cell
        let pick: Vec<usize> = if let Some(&i) = parts.iter().find(|&&i| protects(&[i])) {
            vec![i]
        } else if let Some(pair) = parts
            .iter()
            .filter(|&&i| holds_exposed(i))
            .flat_map(|&i| {
                // the partner shares a line with the cell or with the first pick
                candidates
                    .iter()
                    .filter(move |&&j| j != i && (holds_exposed(j) || share_a_line(i, j)))
                    .map(move |&j| [i, j])
            })
            .filter(|pair| protects(pair))
            .min_by_key(|&[i, j]| (is_total[j], values[i] + values[j], i.min(j), i.max(j)))
        {
            pair.to_vec()
        } else if let Some(&i) = candidates.iter().find(|&&i| is_total[i] && protects(&[i])) {
            vec![i]
        } else if let Some(&i) = parts
            .iter()
            .find(|&&i| holds_exposed(i))
            .or(candidates.first())
        {
            vec![i]
        } else {
            // every cell in a line is hidden or zero: nothing is left to hide
            break;
        };
        for i in pick {
            s[i] = Suppression::Secondary;
        }
    }
    s
}

/// One equation over hidden cells: `sum(coef * x) = rhs`.
struct Equation {
    terms: Vec<(usize, f64)>,
    rhs: f64,
}

const EPS: f64 = 1e-9;

/// The equations the lines give in the hidden cells, with shown cells moved to the right.
fn equations(values: &[usize], s: &[Suppression], lines: &[Line]) -> Vec<Equation> {
    let mut out = Vec::new();
    for line in lines {
        let mut terms = Vec::new();
        let mut rhs = 0.0;
        for &i in &line.parts {
            if s[i].is_suppressed() {
                terms.push((i, 1.0));
            } else {
                rhs -= values[i] as f64;
            }
        }
        if s[line.total].is_suppressed() {
            terms.push((line.total, -1.0));
        } else {
            rhs += values[line.total] as f64;
        }
        if !terms.is_empty() {
            out.push(Equation { terms, rhs });
        }
    }
    out
}

/// Reduced row echelon form of the equations (dense over the hidden cells).
fn eliminate(eqs: &[Equation], hidden: &[usize]) -> Vec<Equation> {
    let col = |cell: usize| hidden.iter().position(|&h| h == cell).expect("hidden cell");
    let n = hidden.len();
    let mut m: Vec<Vec<f64>> = eqs
        .iter()
        .map(|e| {
            let mut row = vec![0.0; n + 1];
            for &(i, c) in &e.terms {
                row[col(i)] += c;
            }
            row[n] = e.rhs;
            row
        })
        .collect();
    let mut r = 0;
    for c in 0..n {
        let Some(p) = (r..m.len()).max_by(|&a, &b| m[a][c].abs().total_cmp(&m[b][c].abs())) else {
            break;
        };
        if m[p][c].abs() < EPS {
            continue;
        }
        m.swap(r, p);
        let pivot = m[r][c];
        for v in m[r].iter_mut() {
            *v /= pivot;
        }
        let pivot_row = m[r].clone();
        for (k, row) in m.iter_mut().enumerate() {
            if k != r && row[c].abs() > EPS {
                let f = row[c];
                for (x, p) in row.iter_mut().zip(&pivot_row) {
                    *x -= f * p;
                }
            }
        }
        r += 1;
    }
    m.truncate(r);
    m.into_iter()
        .map(|row| Equation {
            terms: (0..n)
                .filter(|&j| row[j].abs() > EPS)
                .map(|j| (hidden[j], row[j]))
                .collect(),
            rhs: row[n],
        })
        .collect()
}

/// For every cell, the interval a reader can pin it to from what is shown.
fn bounds(
    values: &[usize],
    s: &[Suppression],
    lines: &[Line],
    threshold: usize,
) -> Vec<(f64, f64)> {
    let t = threshold as f64;
    let big = values.iter().sum::<usize>() as f64 + t;
    let mut b: Vec<(f64, f64)> = values
        .iter()
        .zip(s)
        .map(|(&v, &st)| match st {
            Suppression::Shown => (v as f64, v as f64),
            Suppression::Primary => (1.0, t - 1.0),
            Suppression::Secondary => (t, big.max(t)),
        })
        .collect();
    let hidden: Vec<usize> = (0..values.len())
        .filter(|&i| s[i].is_suppressed())
        .collect();
    let mut eqs = equations(values, s, lines);
    let reduced = eliminate(&eqs, &hidden);
    eqs.extend(reduced);
    // intervals only shrink; the cap is a guard against slow creeping
    for _ in 0..1_000 {
        let mut changed = false;
        for e in &eqs {
            for (k, &(i, c)) in e.terms.iter().enumerate() {
                // c * x_i = rhs - sum of the others
                let (mut lo, mut hi) = (e.rhs, e.rhs);
                for (j, &(o, co)) in e.terms.iter().enumerate() {
                    if j != k {
                        let (a, z) = (co * b[o].0, co * b[o].1);
                        lo -= a.max(z);
                        hi -= a.min(z);
                    }
                }
                let (lo, hi) = if c > 0.0 {
                    (lo / c, hi / c)
                } else {
                    (hi / c, lo / c)
                };
                let lo = (lo - EPS).ceil().max(b[i].0);
                let hi = (hi + EPS).floor().min(b[i].1);
                if lo <= hi && (lo > b[i].0 || hi < b[i].1) {
                    b[i] = (lo, hi);
                    changed = true;
                }
            }
        }
        if !changed {
            break;
        }
    }
    b
}

fn is_exposed(
    values: &[usize],
    s: &[Suppression],
    lines: &[Line],
    threshold: usize,
    cell: usize,
) -> bool {
    let b = bounds(values, s, lines, threshold);
    s[cell] == Suppression::Primary && b[cell].0 >= b[cell].1
}

fn first_exposed(
    values: &[usize],
    s: &[Suppression],
    lines: &[Line],
    threshold: usize,
) -> Option<usize> {
    let b = bounds(values, s, lines, threshold);
    (0..values.len()).find(|&i| s[i] == Suppression::Primary && b[i].0 >= b[i].1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use Suppression::{Primary as P, Secondary as S, Shown as O};

    fn line(parts: &[usize], total: usize) -> Line {
        Line {
            parts: parts.to_vec(),
            total,
        }
    }

    #[test]
    fn zero_is_shown_and_one_to_four_are_suppressed() {
        let s = suppress(&[0, 1, 4, 5, 100], &[], 5);
        assert_eq!(s, vec![O, P, P, O, O]);
    }

    #[test]
    fn a_single_small_cell_in_a_line_takes_the_smallest_other_nonzero_cell_with_it() {
        let s = suppress(&[0, 3, 40, 12, 55], &[line(&[0, 1, 2, 3], 4)], 5);
        assert_eq!(s, vec![O, P, O, S, O]);
    }

    #[test]
    fn one_and_five_are_not_enough_when_the_rest_is_six() {
        // hiding the 5 would leave 1 + x = 6 with x >= 5, which pins the 1; the 9 does not
        let s = suppress(&[1, 5, 9, 15], &[line(&[0, 1, 2], 3)], 5);
        assert_eq!(s, vec![P, O, S, O]);
    }

    #[test]
    fn two_small_cells_that_sum_to_two_are_protected() {
        // 1 + 1 = 2 would pin both
        let s = suppress(&[1, 1, 20, 22], &[line(&[0, 1, 2], 3)], 5);
        assert_eq!(s, vec![P, P, S, O]);
    }

    #[test]
    fn two_small_cells_with_room_to_move_need_nothing_more() {
        // 2 + 3 = 5 could be 1+4, 2+3, 3+2, 4+1
        let s = suppress(&[2, 3, 20, 25], &[line(&[0, 1, 2], 3)], 5);
        assert_eq!(s, vec![P, P, O, O]);
    }

    #[test]
    fn a_small_total_is_itself_suppressed_and_needs_no_partner() {
        let s = suppress(&[3, 0, 3], &[line(&[0, 1], 2)], 5);
        assert_eq!(s, vec![P, O, P]);
    }

    #[test]
    fn a_partner_leaves_at_least_two_possible_values() {
        // parts 2 and 5 with total 7: with the 5 hidden, 2 + x = 7 and x >= 5 leave the
        // 2 anywhere in {1, 2}
        let lines = [line(&[0, 1], 2)];
        let s = suppress(&[2, 5, 7], &lines, 5);
        assert_eq!(s, vec![P, S, O]);
        let b = bounds(&[2, 5, 7], &s, &lines, 5);
        assert_eq!(b[0], (1.0, 2.0));
    }

    #[test]
    fn a_subtotal_that_gives_away_a_secondary_cell_is_caught() {
        // cells: a=3, b=10, c=20, total=33, placed=30 with a+b+c = total, b+c = placed.
        // Hiding b alone is not enough: placed - c = b, then total - b - c = a.
        // Hiding c does not help either (b + c = placed is still known). Hiding the
        // grand total alone would, but two cells with the smaller total are preferred.
        let s = suppress(
            &[3, 10, 20, 33, 30],
            &[line(&[0, 1, 2], 3), line(&[1, 2], 4)],
            5,
        );
        assert_eq!(s, vec![P, S, O, O, S]);
    }

    #[test]
    fn family_plus_residential_equals_placed_is_audited() {
        // levels: home 50, kinship 8, foster 30, own_room 3, residential 12
        // total 103, placed 53, family 41, residential total 12
        let v = [50, 8, 30, 3, 12, 103, 53, 41, 12];
        let lines = [
            line(&[0, 1, 2, 3, 4], 5),
            line(&[1, 2, 3, 4], 6),
            line(&[1, 2, 3], 7),
            line(&[4], 8),
            line(&[7, 8], 6),
        ];
        let s = suppress(&v, &lines, 5);
        assert_eq!(s[3], P);
        assert_eq!(s[1], S, "kinship (the smallest partner) goes with own room");
        assert_eq!(s.iter().filter(|x| x.is_suppressed()).count(), 2);
        let b = bounds(&v, &s, &lines, 5);
        assert!(b[3].0 < b[3].1, "own room is not pinned: {:?}", b[3]);
    }

    #[test]
    fn kept_cells_are_never_hidden() {
        // the 5 would be the partner of the 2; kept, the 30 goes instead
        let lines = [line(&[0, 1, 2], 3)];
        assert_eq!(suppress(&[2, 5, 30, 37], &lines, 5), vec![P, S, O, O]);
        assert_eq!(
            suppress_keeping(&[2, 5, 30, 37], &lines, 5, &[1]),
            vec![P, O, S, O]
        );
    }

    #[test]
    fn threshold_one_suppresses_nothing() {
        assert_eq!(suppress(&[1, 2, 3], &[line(&[0, 1], 2)], 1), vec![O, O, O]);
    }
}
