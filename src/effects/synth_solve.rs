//! The numerical parts of synthetic control: the donor-weight QP on the simplex (solved
//! exactly by an active-set method), a symmetric eigen-decomposition for it, and the
//! deterministic Nelder–Mead search used for the predictor weights V.

/// The eigenvalues and eigenvectors (columns, row-major `n × n`) of a symmetric matrix
/// `a` (row-major `n × n`), by cyclic Jacobi rotations.
pub(crate) fn symmetric_eigen(a: &[f64], n: usize) -> (Vec<f64>, Vec<f64>) {
    let mut a = a.to_vec();
    let mut v = vec![0.0; n * n];
    for i in 0..n {
        v[i * n + i] = 1.0;
    }
    for _sweep in 0..100 {
        let off: f64 = (0..n)
            .flat_map(|i| (0..n).filter(move |&j| j != i).map(move |j| (i, j)))
            .map(|(i, j)| a[i * n + j] * a[i * n + j])
            .sum();
        let diag: f64 = (0..n).map(|i| a[i * n + i] * a[i * n + i]).sum();
        if off <= 1e-30 * diag.max(1e-300) || off == 0.0 {
            break;
        }
        for p in 0..n {
            for q in (p + 1)..n {
                let apq = a[p * n + q];
                if apq == 0.0 {
                    continue;
                }
                let theta = (a[q * n + q] - a[p * n + p]) / (2.0 * apq);
                let t = theta.signum() / (theta.abs() + (theta * theta + 1.0).sqrt());
                let t = if theta == 0.0 { 1.0 } else { t };
                let c = 1.0 / (t * t + 1.0).sqrt();
                let s = t * c;
                for k in 0..n {
                    let akp = a[k * n + p];
                    let akq = a[k * n + q];
                    a[k * n + p] = c * akp - s * akq;
                    a[k * n + q] = s * akp + c * akq;
                }
                for k in 0..n {
                    let apk = a[p * n + k];
                    let aqk = a[q * n + k];
                    a[p * n + k] = c * apk - s * aqk;
                    a[q * n + k] = s * apk + c * aqk;
                }
                for k in 0..n {
                    let vkp = v[k * n + p];
                    let vkq = v[k * n + q];
                    v[k * n + p] = c * vkp - s * vkq;
                    v[k * n + q] = s * vkp + c * vkq;
                }
            }
        }
    }
    ((0..n).map(|i| a[i * n + i]).collect(), v)
}

/// The answer of [`simplex_qp`].
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct QpSolution {
    /// The weights (non-negative, summing to 1).
    pub w: Vec<f64>,
    /// Whether the minimiser is unique: the reduced Hessian on the optimal face is
    /// positive definite and every donor left out has a positive multiplier (strict
    /// complementarity; a zero one is read as possibly not unique).
    pub unique: bool,
}

/// The weight problem: minimise Σ_i v_i (b_i − Σ_j A_ij w_j)² over the simplex, i.e.
/// `0.5 w'Pw − q'w` with `P = A' diag(v) A`, `q = A' diag(v) b` (up to a factor 2 and a
/// constant). `a` holds one row per predictor.
pub(crate) struct SimplexLsq<'a> {
    pub a: &'a [Vec<f64>],
    pub b: &'a [f64],
    pub v: &'a [f64],
}

impl SimplexLsq<'_> {
    fn p(&self, i: usize, j: usize) -> f64 {
        self.a
            .iter()
            .zip(self.v)
            .map(|(row, v)| v * row[i] * row[j])
            .sum()
    }

    /// The gradient `Pw − q` = A' diag(v) (A w − b), without forming P.
    fn gradient(&self, w: &[f64]) -> Vec<f64> {
        let r: Vec<f64> = self
            .a
            .iter()
            .zip(self.b)
            .zip(self.v)
            .map(|((row, b), v)| v * (row.iter().zip(w).map(|(x, w)| x * w).sum::<f64>() - b))
            .collect();
        let n = w.len();
        (0..n)
            .map(|j| self.a.iter().zip(&r).map(|(row, r)| row[j] * r).sum())
            .collect()
    }
}

/// Minimises `0.5 w'Pw − q'w` (see [`SimplexLsq`]) over `w ≥ 0, Σw = 1`, by a primal
/// active-set method: Newton steps on the current face (exact, through the
/// eigen-decomposition of the reduced Hessian), a bound added when it blocks a step, a
/// bound dropped when its multiplier is negative. Directions of zero curvature (a singular
/// `P`, as when donors outnumber predictors) are followed to the next bound. `start` is
/// any feasible point to begin from (default: the best single donor).
pub(crate) fn simplex_qp(prob: &SimplexLsq<'_>, start: Option<&[f64]>) -> QpSolution {
    let n = prob.a.first().map_or(0, Vec::len);
    let mut w = vec![0.0; n];
    if n == 1 {
        w[0] = 1.0;
        return QpSolution { w, unique: true };
    }
    let diag: Vec<f64> = (0..n).map(|j| prob.p(j, j)).collect();
    let q: Vec<f64> = (0..n)
        .map(|j| {
            prob.a
                .iter()
                .zip(prob.b)
                .zip(prob.v)
                .map(|((row, b), v)| v * row[j] * b)
                .sum()
        })
        .collect();
    let scale = diag
        .iter()
        .chain(&q)
        .fold(0.0f64, |m, v| m.max(v.abs()))
        .max(1e-300);
    let tol = 1e-13 * scale;
    // the best vertex
    let j0 = (0..n)
        .min_by(|&a, &b| (0.5 * diag[a] - q[a]).total_cmp(&(0.5 * diag[b] - q[b])))
        .expect("n > 1");
    let mut free = vec![j0];
    match start
        .filter(|s| s.len() == n && s.iter().all(|x| *x >= 0.0) && s.iter().sum::<f64>() > 0.0)
    {
        // a warm start: any feasible point (e.g. the answer for a nearby V)
        Some(s) => {
            let sum: f64 = s.iter().sum();
            for (wi, si) in w.iter_mut().zip(s) {
                *wi = si / sum;
            }
            free = (0..n).filter(|&i| w[i] > 0.0).collect();
        }
        None => w[j0] = 1.0,
    }
    let mut unique = true;
    for _ in 0..(200 + 50 * n) {
        let g = prob.gradient(&w);
        let step = face_step(prob, &g, &free, tol);
        unique = step.unique;
        match step.direction {
            None => {
                let lambda = free.iter().map(|&i| g[i]).sum::<f64>() / free.len() as f64;
                let mut is_free = vec![false; n];
                for &i in &free {
                    is_free[i] = true;
                }
                let entering = (0..n)
                    .filter(|&i| !is_free[i])
                    .map(|i| (i, g[i] - lambda))
                    .min_by(|a, b| a.1.total_cmp(&b.1));
                match entering {
                    Some((i, mu)) if mu < -tol => free.push(i),
                    Some((_, mu)) => {
                        // a donor left out at no cost (a zero multiplier) could come in
                        // without changing the fit: the optimum may not be unique
                        unique = unique && mu > 1e3 * tol;
                        break;
                    }
                    None => break,
                }
            }
            Some((d, newton)) => {
                let mut alpha = if newton { 1.0 } else { f64::INFINITY };
                let mut blocking = None;
                for (k, &i) in free.iter().enumerate() {
                    if d[k] < 0.0 {
                        let r = w[i] / -d[k];
                        if r < alpha {
                            alpha = r;
                            blocking = Some(i);
                        }
                    }
                }
                if !alpha.is_finite() {
                    break;
                }
                for (k, &i) in free.iter().enumerate() {
                    w[i] += alpha * d[k];
                }
                // the blocking bound (and any that rounding pushed to zero) becomes active
                if let Some(b) = blocking {
                    w[b] = 0.0;
                }
                free.retain(|&i| w[i] > 0.0);
                if free.is_empty() {
                    // not reachable (Σw = 1 before the step); the best vertex if it were
                    w.iter_mut().for_each(|x| *x = 0.0);
                    w[j0] = 1.0;
                    free.push(j0);
                }
                for wi in w.iter_mut() {
                    if *wi < 0.0 {
                        *wi = 0.0;
                    }
                }
                let sum: f64 = free.iter().map(|&i| w[i]).sum();
                for &i in &free {
                    w[i] /= sum;
                }
            }
        }
    }
    QpSolution { w, unique }
}

struct FaceStep {
    /// The step on the free coordinates (`None`: stationary on the face), and whether it
    /// is a Newton step (length 1 reaches the face's minimum) rather than a ray.
    direction: Option<(Vec<f64>, bool)>,
    /// Whether the reduced Hessian is positive definite.
    unique: bool,
}

/// The step on the face where the coordinates in `free` move and sum to zero. The face is
/// parametrised by `u ∈ R^{m−1}`: `d_0 = −Σu`, `d_k = u_{k−1}`.
fn face_step(prob: &SimplexLsq<'_>, g: &[f64], free: &[usize], tol: f64) -> FaceStep {
    let m = free.len();
    if m == 1 {
        return FaceStep {
            direction: None,
            unique: true,
        };
    }
    let k = m - 1;
    let f0 = free[0];
    // the free columns relative to the first: Z'P_FF Z = Σ_i v_i c_i c_i'
    let cols: Vec<Vec<f64>> = prob
        .a
        .iter()
        .map(|row| (0..k).map(|a| row[free[a + 1]] - row[f0]).collect())
        .collect();
    let mut h = vec![0.0; k * k];
    for (c, v) in cols.iter().zip(prob.v) {
        for a in 0..k {
            for b in a..k {
                h[a * k + b] += v * c[a] * c[b];
            }
        }
    }
    for a in 0..k {
        for b in 0..a {
            h[a * k + b] = h[b * k + a];
        }
    }
    let r: Vec<f64> = (0..k).map(|a| g[free[a + 1]] - g[f0]).collect();
    let (vals, vecs) = symmetric_eigen(&h, k);
    let top = vals.iter().fold(0.0f64, |m, v| m.max(v.abs()));
    let threshold = 1e-10 * top.max(1e-300);
    let unique = vals.iter().all(|&v| v > threshold);
    if r.iter().all(|v| v.abs() <= tol) {
        return FaceStep {
            direction: None,
            unique,
        };
    }
    // project r on the eigenvectors
    let mut u = vec![0.0; k];
    let mut null_part = vec![0.0; k];
    for e in 0..k {
        let coef: f64 = (0..k).map(|a| vecs[a * k + e] * r[a]).sum();
        for a in 0..k {
            if vals[e] > threshold {
                u[a] -= coef / vals[e] * vecs[a * k + e];
            } else {
                null_part[a] -= coef * vecs[a * k + e];
            }
        }
    }
    let null_norm = null_part.iter().map(|v| v.abs()).fold(0.0, f64::max);
    let (u, newton) = if null_norm > tol {
        (null_part, false)
    } else {
        (u, true)
    };
    let mut d = Vec::with_capacity(m);
    d.push(-u.iter().sum::<f64>());
    d.extend_from_slice(&u);
    if d.iter().all(|v| v.abs() <= 1e-300) {
        return FaceStep {
            direction: None,
            unique,
        };
    }
    FaceStep {
        direction: Some((d, newton)),
        unique,
    }
}

/// Minimises `f` by Nelder–Mead (reflection 1, expansion 2, contraction ½, shrink ½) from
/// `x0`, with the initial simplex `x0 + step·e_i` (5 % of a non-zero coordinate, 0.00025
/// for a zero one, as scipy), restarted from the best point until a restart no longer
/// improves. Deterministic. Returns the best point and its value.
pub(crate) fn nelder_mead(
    f: &dyn Fn(&[f64]) -> f64,
    x0: &[f64],
    max_evals: usize,
) -> (Vec<f64>, f64) {
    let n = x0.len();
    let mut evals = 0usize;
    let eval = |x: &[f64], evals: &mut usize| {
        *evals += 1;
        let v = f(x);
        if v.is_finite() {
            v
        } else {
            f64::INFINITY
        }
    };
    let mut best_x = x0.to_vec();
    let mut best_f = eval(x0, &mut evals);
    loop {
        let start_f = best_f;
        let mut simplex: Vec<(Vec<f64>, f64)> = vec![(best_x.clone(), best_f)];
        for i in 0..n {
            let mut x = best_x.clone();
            x[i] = if x[i] != 0.0 { x[i] * 1.05 } else { 0.00025 };
            let fx = eval(&x, &mut evals);
            simplex.push((x, fx));
        }
        while evals < max_evals {
            simplex.sort_by(|a, b| a.1.total_cmp(&b.1));
            let spread_f = simplex[n].1 - simplex[0].1;
            let spread_x = simplex[1..]
                .iter()
                .flat_map(|(x, _)| x.iter().zip(&simplex[0].0).map(|(a, b)| (a - b).abs()))
                .fold(0.0, f64::max);
            let scale_x = simplex[0].0.iter().fold(0.0f64, |m, v| m.max(v.abs()));
            if spread_f <= 1e-10 * simplex[0].1.abs().max(1e-300) + 1e-300
                && spread_x <= 1e-6 * scale_x.max(1e-300)
                || spread_x <= 1e-12 * scale_x.max(1e-300)
            {
                break;
            }
            let centroid: Vec<f64> = (0..n)
                .map(|j| simplex[..n].iter().map(|(x, _)| x[j]).sum::<f64>() / n as f64)
                .collect();
            let worst = simplex[n].clone();
            let along = |t: f64| -> Vec<f64> {
                centroid
                    .iter()
                    .zip(&worst.0)
                    .map(|(c, w)| c + t * (c - w))
                    .collect()
            };
            let xr = along(1.0);
            let fr = eval(&xr, &mut evals);
            if fr < simplex[0].1 {
                let xe = along(2.0);
                let fe = eval(&xe, &mut evals);
                simplex[n] = if fe < fr { (xe, fe) } else { (xr, fr) };
            } else if fr < simplex[n - 1].1 {
                simplex[n] = (xr, fr);
            } else {
                let (xc, fc) = if fr < worst.1 {
                    let xc = along(0.5);
                    let fc = eval(&xc, &mut evals);
                    (xc, fc)
                } else {
                    let xc = along(-0.5);
                    let fc = eval(&xc, &mut evals);
                    (xc, fc)
                };
                if fc < worst.1.min(fr) {
                    simplex[n] = (xc, fc);
                } else {
                    let x_best = simplex[0].0.clone();
                    for s in simplex.iter_mut().skip(1) {
                        let x: Vec<f64> = x_best
                            .iter()
                            .zip(&s.0)
                            .map(|(b, x)| b + 0.5 * (x - b))
                            .collect();
                        let fx = eval(&x, &mut evals);
                        *s = (x, fx);
                    }
                }
            }
        }
        simplex.sort_by(|a, b| a.1.total_cmp(&b.1));
        if simplex[0].1 < best_f {
            best_f = simplex[0].1;
            best_x = simplex[0].0.clone();
        }
        if evals >= max_evals || best_f >= start_f - 1e-12 * start_f.abs() {
            break;
        }
    }
    (best_x, best_f)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn eigen_of_a_diagonal_and_a_rotated_matrix() {
        let (vals, _) = symmetric_eigen(&[2.0, 1.0, 1.0, 2.0], 2);
        let mut v = vals.clone();
        v.sort_by(f64::total_cmp);
        assert!((v[0] - 1.0).abs() < 1e-14 && (v[1] - 3.0).abs() < 1e-14);
    }

    #[test]
    fn simplex_qp_finds_the_projection_of_a_point_inside_and_outside() {
        // minimise |x − X0 w|² with X0 = identity in 3-d: the projection onto the simplex
        let a = vec![
            vec![1.0, 0.0, 0.0],
            vec![0.0, 1.0, 0.0],
            vec![0.0, 0.0, 1.0],
        ];
        let v = [1.0; 3];
        let x = [0.5, 0.3, 0.2];
        let s = simplex_qp(
            &SimplexLsq {
                a: &a,
                b: &x,
                v: &v,
            },
            None,
        );
        for (a, b) in s.w.iter().zip(&x) {
            assert!((a - b).abs() < 1e-15);
        }
        // outside: (1, 1, −1) projects to (0.5, 0.5, 0), from any start
        for start in [None, Some(&[0.0, 0.0, 1.0][..]), Some(&[0.2, 0.3, 0.5][..])] {
            let b = [1.0, 1.0, -1.0];
            let s = simplex_qp(
                &SimplexLsq {
                    a: &a,
                    b: &b,
                    v: &v,
                },
                start,
            );
            assert!((s.w[0] - 0.5).abs() < 1e-15 && (s.w[1] - 0.5).abs() < 1e-15 && s.w[2] == 0.0);
            assert!(s.unique);
        }
    }

    #[test]
    fn simplex_qp_with_duplicated_donors_is_flagged_not_unique() {
        // two identical donors: any split between them is optimal
        let a = vec![vec![1.0, 1.0, 0.0], vec![0.0, 0.0, 1.0]];
        let s = simplex_qp(
            &SimplexLsq {
                a: &a,
                b: &[0.5, 0.5],
                v: &[1.0, 1.0],
            },
            None,
        );
        assert!((s.w[0] + s.w[1] - 0.5).abs() < 1e-14 && (s.w[2] - 0.5).abs() < 1e-14);
        let s = simplex_qp(
            &SimplexLsq {
                a: &a,
                b: &[0.5, 0.5],
                v: &[1.0, 1.0],
            },
            Some(&[0.3, 0.3, 0.4]),
        );
        assert!((s.w[0] + s.w[1] - 0.5).abs() < 1e-14 && (s.w[2] - 0.5).abs() < 1e-14);
        assert!(!s.unique);
    }

    #[test]
    fn nelder_mead_finds_a_quadratic_minimum() {
        let f = |x: &[f64]| (x[0] - 1.0).powi(2) + 10.0 * (x[1] + 2.0).powi(2);
        let (x, v) = nelder_mead(&f, &[0.0, 0.0], 10_000);
        assert!((x[0] - 1.0).abs() < 1e-6 && (x[1] + 2.0).abs() < 1e-6 && v < 1e-11);
    }
}
