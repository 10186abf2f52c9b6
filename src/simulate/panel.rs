//! The municipality panel for synthetic control: spending per child in ~40 municipalities
//! over ~15 years from a two-factor model, with our municipality a convex combination of a
//! few others plus a planted effect from the treatment year on.

use super::params::CheckedParams;
use super::util::{global_rng, normal, round_to, uniform};
use serde::Serialize;

/// One municipality in one year.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PanelRow {
    /// Municipality name; ours is [`TREATED_MUNICIPALITY`].
    pub municipality: String,
    /// Calendar year.
    pub year: i32,
    /// Spending on children and young people per child aged 0–17, kroner.
    pub spending_per_child: f64,
    /// Children aged 0–17.
    pub children: u32,
    /// Whether the municipality is treated in this year (ours, from the treatment year on).
    pub treated: bool,
}

/// SD of a municipality-year's idiosyncratic noise in spending per child, kroner (small
/// against the factors' 900 kr loadings, so that a few pre-years pin down the loadings).
const PANEL_NOISE_SD: f64 = 100.0;

/// The name of our (treated) municipality in the panel.
pub const TREATED_MUNICIPALITY: &str = "synthby";

/// A donor's weight in the combination our municipality is built from.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DonorWeight {
    /// The donor municipality.
    pub municipality: String,
    /// Its weight (the weights sum to 1).
    pub weight: f64,
}

/// Builds the panel. Returns the rows (ours first, then the donors, each by year) and the
/// true donor weights.
pub(crate) fn panel(p: &CheckedParams) -> (Vec<PanelRow>, Vec<DonorWeight>) {
    let mut rng = global_rng(p.seed(), 1);
    let (first, last) = p.panel_year_range();
    let years: Vec<i32> = (first..=last).collect();
    let t0 = p.panel_treatment_year();
    // common factors: a business cycle (AR(1)) and a slower policy factor (a stationary
    // AR(1) too, so that matching the pre-years pins down the loadings: a random walk
    // would carry any loading mismatch of fitted weights ever further after treatment)
    let mut f1 = Vec::with_capacity(years.len());
    let mut f2 = Vec::with_capacity(years.len());
    let (mut a, mut w) = (normal(&mut rng), normal(&mut rng));
    for _ in &years {
        a = 0.7 * a + normal(&mut rng);
        w = 0.5 * w + normal(&mut rng);
        f1.push(a);
        f2.push(w);
    }
    let donors = p.panel_municipalities() - 1;
    struct Unit {
        alpha: f64,
        trend: f64,
        l1: f64,
        l2: f64,
        base_children: f64,
        growth: f64,
    }
    let units: Vec<Unit> = (0..donors)
        .map(|_| Unit {
            alpha: 24_000.0 + 3_500.0 * normal(&mut rng),
            trend: 450.0 + 150.0 * normal(&mut rng),
            l1: normal(&mut rng),
            l2: normal(&mut rng),
            base_children: (12_000f64.ln() + 0.7 * normal(&mut rng))
                .exp()
                .clamp(2_000.0, 80_000.0),
            growth: 0.008 * normal(&mut rng),
        })
        .collect();
    // ours: a convex combination of four donors
    let k = donors.min(4);
    let mut chosen: Vec<usize> = Vec::with_capacity(k);
    while chosen.len() < k {
        let j = (uniform(&mut rng) * donors as f64) as usize;
        if !chosen.contains(&j) {
            chosen.push(j);
        }
    }
    chosen.sort_unstable();
    let raw: Vec<f64> = (0..k).map(|_| -(1.0 - uniform(&mut rng)).ln()).collect();
    let sum: f64 = raw.iter().sum();
    let weights: Vec<f64> = raw.iter().map(|x| x / sum).collect();
    let comb = |f: &dyn Fn(&Unit) -> f64| {
        chosen
            .iter()
            .zip(&weights)
            .map(|(&j, w)| w * f(&units[j]))
            .sum::<f64>()
    };
    let ours = Unit {
        alpha: comb(&|u| u.alpha),
        trend: comb(&|u| u.trend),
        l1: comb(&|u| u.l1),
        l2: comb(&|u| u.l2),
        base_children: (9_000f64.ln() + 0.3 * normal(&mut rng)).exp(),
        growth: 0.008 * normal(&mut rng),
    };
    let name = |j: usize| format!("kommune_{:02}", j + 1);
    let mut rows = Vec::with_capacity(p.panel_municipalities() * years.len());
    let all = std::iter::once((TREATED_MUNICIPALITY.to_string(), &ours, true))
        .chain(units.iter().enumerate().map(|(j, u)| (name(j), u, false)));
    for (municipality, u, is_ours) in all {
        for (i, &year) in years.iter().enumerate() {
            let t = (year - first) as f64;
            let treated = is_ours && year >= t0;
            let y = u.alpha
                + u.trend * t
                + 900.0 * (u.l1 * f1[i] + u.l2 * f2[i])
                + PANEL_NOISE_SD * normal(&mut rng)
                + if treated { p.panel_effect() } else { 0.0 };
            rows.push(PanelRow {
                municipality: municipality.clone(),
                year,
                spending_per_child: round_to(y.max(0.0), 2),
                children: (u.base_children * (1.0 + u.growth).powf(t)).round() as u32,
                treated,
            });
        }
    }
    let dw = chosen
        .iter()
        .zip(&weights)
        .map(|(&j, &weight)| DonorWeight {
            municipality: name(j),
            weight,
        })
        .collect();
    (rows, dw)
}
