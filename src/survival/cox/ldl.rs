//! The symmetric factorisation survival's C code uses (`cholesky2`, `chsolve2`, `chinv2`):
//! A = F D F' with F unit lower triangular, where a pivot below `toler` × the largest
//! diagonal marks its column as redundant (set to 0 and skipped, as R does).

/// coxph's `toler.chol`, `.Machine$double.eps^0.75`.
pub(super) const TOLER_CHOL: f64 = 1.8189894035458565e-12;

/// An F D F' factorisation of a k × k symmetric matrix (row-major).
#[derive(Debug, Clone)]
pub(super) struct Ldl {
    k: usize,
    /// F below the diagonal, D on it.
    m: Vec<f64>,
    /// Columns with a positive pivot.
    pub rank: usize,
}

impl Ldl {
    /// Factors `a` (its upper triangle is read), as `cholesky2`.
    pub fn new(a: &[f64], k: usize, toler: f64) -> Ldl {
        let mut m = a.to_vec();
        let mut eps: f64 = 0.0;
        for i in 0..k {
            if m[i * k + i] > eps {
                eps = m[i * k + i];
            }
            for j in i + 1..k {
                m[j * k + i] = m[i * k + j];
            }
        }
        eps = if eps == 0.0 { toler } else { eps * toler };
        let mut rank = 0;
        for i in 0..k {
            let pivot = m[i * k + i];
            if !pivot.is_finite() || pivot < eps {
                m[i * k + i] = 0.0;
            } else {
                rank += 1;
                for j in i + 1..k {
                    let temp = m[j * k + i] / pivot;
                    m[j * k + i] = temp;
                    m[j * k + j] -= temp * temp * pivot;
                    for l in j + 1..k {
                        m[l * k + j] -= temp * m[l * k + i];
                    }
                }
            }
        }
        Ldl { k, m, rank }
    }

    /// Columns whose pivot was declared redundant.
    pub fn dropped(&self) -> Vec<usize> {
        (0..self.k)
            .filter(|&i| self.m[i * self.k + i] == 0.0)
            .collect()
    }

    /// Solves A b = y in place (`chsolve2`: a redundant column gets 0).
    pub fn solve(&self, y: &mut [f64]) {
        let (k, m) = (self.k, &self.m);
        for i in 0..k {
            let mut t = y[i];
            for j in 0..i {
                t -= y[j] * m[i * k + j];
            }
            y[i] = t;
        }
        for i in (0..k).rev() {
            if m[i * k + i] == 0.0 {
                y[i] = 0.0;
            } else {
                let mut t = y[i] / m[i * k + i];
                for j in i + 1..k {
                    t -= y[j] * m[j * k + i];
                }
                y[i] = t;
            }
        }
    }

    /// y'A⁻¹y (the generalised inverse where columns were dropped).
    pub fn quadratic(&self, y: &[f64]) -> f64 {
        let mut s = y.to_vec();
        self.solve(&mut s);
        s.iter().zip(y).map(|(a, b)| a * b).sum()
    }

    /// A⁻¹ as a full symmetric matrix (`chinv2`; dropped rows and columns are 0).
    pub fn inverse(&self) -> Vec<f64> {
        let k = self.k;
        let mut m = self.m.clone();
        for i in 0..k {
            if m[i * k + i] > 0.0 {
                m[i * k + i] = 1.0 / m[i * k + i];
                for j in i + 1..k {
                    m[j * k + i] = -m[j * k + i];
                    for l in 0..i {
                        m[j * k + l] += m[j * k + i] * m[i * k + l];
                    }
                }
            }
        }
        for i in 0..k {
            if m[i * k + i] == 0.0 {
                for j in 0..i {
                    m[j * k + i] = 0.0;
                }
                for j in i..k {
                    m[i * k + j] = 0.0;
                }
            } else {
                for j in i + 1..k {
                    let temp = m[j * k + i] * m[j * k + j];
                    m[i * k + j] = temp;
                    for l in i..j {
                        m[i * k + l] += temp * m[j * k + l];
                    }
                }
            }
        }
        let mut out = vec![0.0; k * k];
        for i in 0..k {
            for j in i..k {
                out[i * k + j] = m[i * k + j];
                out[j * k + i] = m[i * k + j];
            }
        }
        out
    }
}
