//! The bias-corrected and accelerated (BCa) bootstrap interval, as R's
//! `boot::boot.ci(type = "bca")` with jackknife influence values.

use super::dist::normal;
use crate::error::{Error, Result};
use statrs::distribution::ContinuousCDF;

/// Jackknife influence values from leave-one-out estimates, as R's `boot::empinf(type =
/// "jack")` for index resampling: `L_i = (n_k − 1)(θ̂ − θ̂_(−i))`, where `n_k` is the size
/// of the stratum of row `i` (all rows when there are no strata).
///
/// ```text
/// L_i = (n_k − 1) · (θ̂ − θ̂_(−i))
/// ```
///
/// ```
/// use indsats::effects::jackknife_influence;
/// // the mean of 1, 2, 6: leaving each out gives 4, 3.5, 1.5
/// let l = jackknife_influence(3.0, &[4.0, 3.5, 1.5], None).unwrap();
/// assert_eq!(l, vec![-2.0, -1.0, 3.0]);
/// ```
///
/// # Errors
/// Strata of another length than the estimates.
///
/// # References
/// Davison & Hinkley (1997), *Bootstrap Methods and their Application*, §2.7.3; R's
/// `boot:::usual.jack`.
pub fn jackknife_influence(
    estimate: f64,
    leave_one_out: &[f64],
    strata: Option<&[u32]>,
) -> Result<Vec<f64>> {
    let n = leave_one_out.len();
    if let Some(s) = strata {
        if s.len() != n {
            return Err(Error::parameter(
                "strata",
                format!("has {} labels for {n} rows", s.len()),
            ));
        }
    }
    let mut sizes: std::collections::HashMap<u32, usize> = std::collections::HashMap::new();
    if let Some(s) = strata {
        for l in s {
            *sizes.entry(*l).or_default() += 1;
        }
    }
    Ok((0..n)
        .map(|i| {
            let nk = strata.map_or(n, |s| sizes[&s[i]]);
            (nk as f64 - 1.0) * (estimate - leave_one_out[i])
        })
        .collect())
}

/// The BCa interval from the replicates and the influence values, as R's
/// `boot:::bca.ci`: bias correction from the share of replicates below the estimate,
/// acceleration from the influence values, and the endpoints interpolated between order
/// statistics on the normal scale (`boot:::norm.inter`).
///
/// ```text
/// w = Φ⁻¹(#{θ*_r < θ̂} / R)          (R finite replicates)
/// a = Σ L_i³ / (6 (Σ L_i²)^{3/2})
/// α̃ = Φ(w + (w + z_α) / (1 − a (w + z_α)))   for α = (1 ∓ level)/2
/// endpoint = θ*_(k) + (z_α̃ − Φ⁻¹(k/(R+1))) / (Φ⁻¹((k+1)/(R+1)) − Φ⁻¹(k/(R+1))) · (θ*_(k+1) − θ*_(k)),
///            k = ⌊(R + 1) α̃⌋  (the extreme order statistic when k is 0 or R)
/// ```
///
/// Replicates that are not finite are left out, as `boot.ci` leaves them out.
///
/// ```
/// use indsats::effects::bca_interval;
/// // half the replicates below the estimate and no skew in L: no correction, so the
/// // endpoints lie between the order statistics 50, 51 and 950, 951 as the percentile's
/// let t: Vec<f64> = (1..=1000).map(|i| i as f64).collect();
/// let ci = bca_interval(500.5, &t, &[-1.0, 1.0], 0.90).unwrap();
/// assert!(ci[0] > 50.0 && ci[0] < 51.0 && ci[1] > 950.0 && ci[1] < 951.0);
/// ```
///
/// # Errors
/// A level outside (0, 1); fewer than 2 finite replicates; every replicate on one side of
/// the estimate (the bias correction is infinite); influence values that are all 0 (the
/// acceleration is undefined).
///
/// # References
/// Efron (1987), Better bootstrap confidence intervals, *JASA* 82, 171–185; Davison &
/// Hinkley (1997), §5.3.2; R's `boot::boot.ci(type = "bca", L = empinf(b, type = "jack"))`.
pub fn bca_interval(
    estimate: f64,
    replicates: &[f64],
    influence: &[f64],
    level: f64,
) -> Result<[f64; 2]> {
    super::dist::check_ci_level(level)?;
    let mut t: Vec<f64> = replicates
        .iter()
        .copied()
        .filter(|v| v.is_finite())
        .collect();
    if t.len() < 2 {
        return Err(Error::analysis(format!(
            "the BCa interval needs at least 2 replicates, not {}",
            t.len()
        )));
    }
    let r = t.len();
    let below = t.iter().filter(|&&v| v < estimate).count();
    let nd = normal();
    let w = nd.inverse_cdf(below as f64 / r as f64);
    if !w.is_finite() {
        return Err(Error::analysis(
            "the BCa bias correction is infinite: every replicate lies on one side of the estimate",
        ));
    }
    let s2: f64 = influence.iter().map(|l| l * l).sum();
    let s3: f64 = influence.iter().map(|l| l * l * l).sum();
    let a = s3 / (6.0 * s2.powf(1.5));
    if !a.is_finite() {
        return Err(Error::analysis(
            "the BCa acceleration is undefined: every influence value is 0",
        ));
    }
    t.sort_by(f64::total_cmp);
    let mut out = [0.0; 2];
    for (k, alpha) in [(1.0 - level) / 2.0, (1.0 + level) / 2.0]
        .iter()
        .enumerate()
    {
        let z = nd.inverse_cdf(*alpha);
        let adj = nd.cdf(w + (w + z) / (1.0 - a * (w + z)));
        out[k] = norm_inter(&t, adj);
    }
    Ok(out)
}

/// R's `boot:::norm.inter` for one level on sorted, finite replicates.
fn norm_inter(sorted: &[f64], alpha: f64) -> f64 {
    let r = sorted.len();
    let rk = (r as f64 + 1.0) * alpha;
    let k = rk.trunc();
    if k <= 0.0 {
        return sorted[0];
    }
    if k >= r as f64 {
        return sorted[r - 1];
    }
    let ki = k as usize;
    if k == rk {
        return sorted[ki - 1];
    }
    let nd = normal();
    let q = nd.inverse_cdf(alpha);
    let q1 = nd.inverse_cdf(k / (r as f64 + 1.0));
    let q2 = nd.inverse_cdf((k + 1.0) / (r as f64 + 1.0));
    let (tk, tk1) = (sorted[ki - 1], sorted[ki]);
    tk + (q - q1) / (q2 - q1) * (tk1 - tk)
}
