//! Distribution functions to full double precision: statrs' functions, with the
//! Student t quantile polished by Newton steps on its CDF (statrs' inverse is good to
//! about 1e-9; peers agree to 1e-12).

use statrs::distribution::{Continuous, ContinuousCDF, Normal, StudentsT};

/// The standard normal distribution.
pub(crate) fn normal() -> Normal {
    Normal::new(0.0, 1.0).expect("the standard normal is valid")
}

/// Two-sided p-value of a z statistic.
pub(crate) fn normal_p_two_sided(z: f64) -> f64 {
    2.0 * normal().sf(z.abs())
}

/// Two-sided p-value of a t statistic on `df` degrees of freedom; NaN for a NaN statistic
/// (0/0 from an exact fit, as R's `pt` gives), where statrs would panic.
pub(crate) fn t_p_two_sided(t: f64, df: f64) -> f64 {
    if t.is_nan() {
        return f64::NAN;
    }
    let d = StudentsT::new(0.0, 1.0, df).expect("df > 0");
    2.0 * d.sf(t.abs())
}

/// The `p` quantile of Student's t on `df` degrees of freedom.
pub(crate) fn t_quantile(p: f64, df: f64) -> f64 {
    let d = StudentsT::new(0.0, 1.0, df).expect("df > 0");
    let mut x = d.inverse_cdf(p);
    for _ in 0..3 {
        let f = d.pdf(x);
        if f <= 0.0 || !f.is_finite() {
            break;
        }
        // Work in the tail nearer x so the difference keeps its digits.
        // Newton on F(x) = p: x - (F(x) - p) / f(x), with F(x) - p = (1 - p) - sf(x) when x > 0.
        let step = if x > 0.0 {
            (d.sf(x) - (1.0 - p)) / f
        } else {
            (p - d.cdf(x)) / f
        };
        let next = x + step;
        if !next.is_finite() {
            break;
        }
        x = next;
    }
    x
}

/// Checks a confidence level: it must lie strictly between 0 and 1.
pub(crate) fn check_ci_level(level: f64) -> crate::error::Result<()> {
    if level > 0.0 && level < 1.0 {
        Ok(())
    } else {
        Err(crate::error::Error::parameter(
            "ci_level",
            format!("must lie in (0, 1), not {level}"),
        ))
    }
}

/// The p-quantile of sorted, non-empty data by linear interpolation (R's type 7).
pub(crate) fn quantile7(sorted: &[f64], p: f64) -> f64 {
    let h = (sorted.len() - 1) as f64 * p;
    let lo = h.floor() as usize;
    let hi = (lo + 1).min(sorted.len() - 1);
    sorted[lo] + (h - lo as f64) * (sorted[hi] - sorted[lo])
}
