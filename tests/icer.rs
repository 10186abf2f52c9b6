//! Cost per outcome and the ICER: R's boot on icer_sim (point estimates exactly, the
//! bootstrap within Monte-Carlo tolerance), BCa exactly on R's own replicates, hand cases,
//! determinism, coverage of a known truth, errors, the charts and the CLI.

use crate::common::{indsats, text};
use crate::tolerance::{assert_close, CLOSED_FORM};
use indsats::economics::{CostPerOutcome, Icer, IcerFit, Quadrant, Uncertain};
use indsats::effects::{bca_interval, jackknife_influence};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rand_distr::{Distribution, Gamma};
use serde_json::Value;

/// The icer_sim persons: programme, cost, effect, district.
struct Persons {
    programme: Vec<bool>,
    cost: Vec<f64>,
    effect: Vec<f64>,
    district: Vec<String>,
}

fn persons() -> Persons {
    let mut p = Persons {
        programme: vec![],
        cost: vec![],
        effect: vec![],
        district: vec![],
    };
    for line in include_str!("reference/icer_sim/persons.csv")
        .lines()
        .skip(1)
    {
        let f: Vec<&str> = line.split(',').collect();
        p.programme.push(f[1] == "1");
        p.cost.push(f[2].parse().unwrap());
        p.effect.push(f[3].parse().unwrap());
        p.district.push(f[4].to_string());
    }
    p
}

fn expected() -> Value {
    serde_json::from_str(include_str!("reference/icer_sim/expected.json")).unwrap()
}

fn f(v: &Value) -> f64 {
    v.as_f64().unwrap_or_else(|| panic!("{v} is not a number"))
}

fn pair(v: &Value) -> [f64; 2] {
    [f(&v[0]), f(&v[1])]
}

/// B = 20000 as R's reference, so the Monte-Carlo error of both is small.
const B: usize = 20_000;

fn icer_fit() -> IcerFit {
    let p = persons();
    let wtp: Vec<f64> = expected()["wtp"]
        .as_array()
        .unwrap()
        .iter()
        .map(f)
        .collect();
    Icer::new()
        .replicates(B)
        .seed(11)
        .wtp(wtp)
        .fit(&p.programme, &p.cost, &p.effect)
        .unwrap()
}

// Monte-Carlo tolerance. Our replicates and R's are independent draws of the same
// bootstrap distribution, each of B = 20000.
// - A standard error estimated from B replicates has relative sd ≈ √((κ − 1)/(4B)) with κ
//   the kurtosis (3 for a normal statistic): 0.5 %; the difference of two such estimates
//   has sd 0.71 %. We allow 4 %, over 5 sd, which leaves room for some excess kurtosis.
// - The α-quantile of B draws has sd √(α(1 − α)/B)/f(q_α); for a near-normal statistic at
//   α = 0.025 that is 0.019 SE, and 0.027 SE for the difference of two. We allow 0.12 SE
//   (4.4 sd). R interpolates between order statistics on the normal scale (norm.inter)
//   where we take type-7 quantiles: at B = 20000 the two differ by far less than one
//   lattice step. A lattice statistic (a difference of shares of persons, in steps of
//   0.005) may land one step to either side, so one step is added for it.
// - A share of replicates (the acceptability curve, the quadrants) has sd √(p(1 − p)/B);
//   the difference of two, √(2p(1 − p)/B) ≤ 0.005. We allow 4.5 sd + 0.001.
const SE_REL: f64 = 0.04;
const QUANTILE_SE: f64 = 0.12;

#[track_caller]
fn assert_mc_interval(what: &str, ours: Option<[f64; 2]>, r: [f64; 2], se: f64, step: f64) {
    let ours = ours.unwrap_or_else(|| panic!("{what}: no interval"));
    for k in 0..2 {
        let tol = QUANTILE_SE * se + step;
        assert!(
            (ours[k] - r[k]).abs() <= tol,
            "{what}[{k}]: ours {}, R {}, tolerance {tol}",
            ours[k],
            r[k]
        );
    }
}

#[track_caller]
fn assert_share(what: &str, ours: f64, r: f64) {
    let tol = 4.5 * (2.0 * r * (1.0 - r) / B as f64).sqrt() + 0.001;
    assert!(
        (ours - r).abs() <= tol,
        "{what}: ours {ours}, R {r}, tolerance {tol}"
    );
}

/// Checks one quantity against R's `ci(j)`: the estimate exactly, SE, percentile and BCa
/// within Monte-Carlo tolerance.
#[track_caller]
fn assert_like_r(what: &str, u: &Uncertain, r: &Value, step: f64, check_se: bool) {
    assert_close(
        &format!("{what} estimate"),
        u.estimate.unwrap(),
        f(&r["estimate"]),
        CLOSED_FORM,
    );
    let se_r = f(&r["std_error"]);
    if check_se {
        assert_close(
            &format!("{what} std_error"),
            u.std_error.unwrap(),
            se_r,
            SE_REL,
        );
    }
    assert_mc_interval(
        &format!("{what} percentile"),
        u.ci,
        pair(&r["percentile_ci"]),
        se_r,
        step,
    );
    assert_mc_interval(
        &format!("{what} bca"),
        u.bca_ci,
        pair(&r["bca_ci"]),
        se_r,
        step,
    );
}

#[test]
fn icer_sim_point_estimates_match_r_exactly() {
    let e = expected();
    let r = &e["icer"];
    let fit = icer_fit();
    assert_eq!((fit.n_programme, fit.n_comparison), (200, 200));
    for k in 0..2 {
        assert_close(
            "mean cost",
            fit.mean_cost[k],
            f(&r["mean_cost"][k]),
            CLOSED_FORM,
        );
        assert_close(
            "mean effect",
            fit.mean_effect[k],
            f(&r["mean_effect"][k]),
            CLOSED_FORM,
        );
    }
    assert_close(
        "ΔC",
        fit.delta_cost.estimate.unwrap(),
        f(&r["delta_cost"]["estimate"]),
        CLOSED_FORM,
    );
    assert_close(
        "ΔE",
        fit.delta_effect.estimate.unwrap(),
        f(&r["delta_effect"]["estimate"]),
        CLOSED_FORM,
    );
    assert_close(
        "ICER",
        fit.icer.estimate.unwrap(),
        f(&r["icer"]["estimate"]),
        CLOSED_FORM,
    );
    for (k, w) in fit.acceptability.iter().enumerate() {
        assert_close(
            "NMB",
            w.nmb.estimate.unwrap(),
            f(&r["acceptability"][k]["nmb"]["estimate"]),
            CLOSED_FORM,
        );
    }
    let fieller = fit.fieller_ci.unwrap();
    let fr = pair(&r["fieller_ci"]);
    assert_close("Fieller lower", fieller[0], fr[0], CLOSED_FORM);
    assert_close("Fieller upper", fieller[1], fr[1], CLOSED_FORM);
    assert_eq!(fit.quadrant, Quadrant::NorthEast);
}

#[test]
fn icer_sim_bootstrap_agrees_with_r_within_monte_carlo_error() {
    let e = expected();
    let r = &e["icer"];
    let fit = icer_fit();
    assert_like_r("ΔC", &fit.delta_cost, &r["delta_cost"], 0.0, true);
    assert_like_r("ΔE", &fit.delta_effect, &r["delta_effect"], 0.005, true);
    // The ICER's SE is ruled by the few replicates with ΔE* near 0 (heavy tails), so only
    // its quantiles are compared, on the scale of the central 68 % of R's replicates.
    let icer_r = &r["icer"];
    let spread = (f(&icer_r["percentile_ci"][1]) - f(&icer_r["percentile_ci"][0])) / 3.92;
    assert_close(
        "ICER",
        fit.icer.estimate.unwrap(),
        f(&icer_r["estimate"]),
        CLOSED_FORM,
    );
    // The upper tail of a ratio is stretched: its quantile density is lower, so the
    // tolerance there is twice as wide (still under 0.25 of the interval's half-width).
    assert_mc_interval(
        "ICER percentile",
        fit.icer.ci,
        pair(&icer_r["percentile_ci"]),
        2.0 * spread,
        0.0,
    );
    assert_mc_interval(
        "ICER bca",
        fit.icer.bca_ci,
        pair(&icer_r["bca_ci"]),
        2.0 * spread,
        0.0,
    );
    for (k, w) in fit.acceptability.iter().enumerate() {
        let rw = &r["acceptability"][k];
        assert_eq!(w.wtp, f(&rw["wtp"]));
        assert_share(
            &format!("CEAC at {}", w.wtp),
            w.probability_cost_effective,
            f(&rw["probability_cost_effective"]),
        );
        // NMB = λΔE − ΔC is a lattice in ΔE with step 0.005·λ.
        assert_like_r(
            &format!("NMB at {}", w.wtp),
            &w.nmb,
            &rw["nmb"],
            0.005 * w.wtp,
            true,
        );
    }
    let m = B as f64;
    let q = &fit.quadrants;
    let shares = [
        ("north_east", q.north_east),
        ("north_west", q.north_west),
        ("south_east", q.south_east),
        ("south_west", q.south_west),
    ];
    for (name, count) in shares {
        assert_share(name, count as f64 / m, f(&r["quadrant_shares"][name]));
    }
}

#[test]
fn icer_adjusted_for_age_matches_rs_lm_and_boot() {
    let e = expected();
    let r = &e["icer_adjusted"];
    let p = persons();
    let age: Vec<f64> = include_str!("reference/icer_sim/persons.csv")
        .lines()
        .skip(1)
        .map(|l| l.split(',').nth(5).unwrap().parse().unwrap())
        .collect();
    let fit = Icer::new()
        .replicates(B)
        .seed(8)
        .wtp(vec![50000.0])
        .fit_adjusted(&p.programme, &p.cost, &p.effect, &[("age", age)])
        .unwrap();
    assert_eq!(fit.adjusted_for, vec!["age".to_string()]);
    // lm's coefficients: least squares by QR here and in R agree to 1e-10
    assert_like_r("adjusted ΔC", &fit.delta_cost, &r["delta_cost"], 0.0, true);
    assert_like_r(
        "adjusted ΔE",
        &fit.delta_effect,
        &r["delta_effect"],
        0.0,
        true,
    );
    assert_like_r(
        "adjusted NMB",
        &fit.acceptability[0].nmb,
        &r["nmb_50000"],
        0.0,
        true,
    );
    assert_close(
        "adjusted ICER",
        fit.icer.estimate.unwrap(),
        f(&r["icer"]["estimate"]),
        CLOSED_FORM,
    );
    let fr = pair(&r["fieller_ci"]);
    let fo = fit.fieller_ci.unwrap();
    assert_close("adjusted Fieller lower", fo[0], fr[0], CLOSED_FORM);
    assert_close("adjusted Fieller upper", fo[1], fr[1], CLOSED_FORM);
    assert_share(
        "adjusted CEAC at 50000",
        fit.acceptability[0].probability_cost_effective,
        f(&r["probability_cost_effective_50000"]),
    );
    // without covariates it is the plain fit
    let plain = Icer::new()
        .replicates(50)
        .fit(&p.programme, &p.cost, &p.effect)
        .unwrap();
    let none = Icer::new()
        .replicates(50)
        .fit_adjusted(&p.programme, &p.cost, &p.effect, &[])
        .unwrap();
    assert_eq!(plain, none);
    // a covariate that is the programme itself cannot be separated from it
    let same: Vec<f64> = p
        .programme
        .iter()
        .map(|t| f64::from(u8::from(*t)))
        .collect();
    assert!(Icer::new()
        .replicates(50)
        .fit_adjusted(&p.programme, &p.cost, &p.effect, &[("copy", same)])
        .is_err());
}

#[test]
fn the_acceptability_curve_at_zero_is_the_share_of_replicates_that_save_money() {
    let fit = icer_fit();
    let saving = fit.plane.iter().filter(|p| p.delta_cost < 0.0).count();
    assert_eq!(fit.plane.len(), B);
    assert_eq!(fit.acceptability[0].wtp, 0.0);
    assert_eq!(
        fit.acceptability[0].probability_cost_effective,
        saving as f64 / B as f64
    );
    // the quadrants count every replicate once
    let q = fit.quadrants;
    assert_eq!(
        q.north_east + q.north_west + q.south_east + q.south_west + q.on_axis,
        B
    );
    // at λ far above any ICER, the curve is the share of replicates with ΔE* > 0
    let p = persons();
    let far = Icer::new()
        .replicates(500)
        .wtp(vec![1e12])
        .fit(&p.programme, &p.cost, &p.effect)
        .unwrap();
    let better = far.plane.iter().filter(|p| p.delta_effect > 0.0).count();
    assert_eq!(
        far.acceptability[0].probability_cost_effective,
        better as f64 / 500.0
    );
    // the NMB at λ = 0 is −ΔC, replicate by replicate: its interval mirrors ΔC's
    let nmb0 = &fit.acceptability[0].nmb;
    let dc = fit.delta_cost.ci.unwrap();
    let n = nmb0.ci.unwrap();
    assert!((n[0] + dc[1]).abs() < 1e-6 && (n[1] + dc[0]).abs() < 1e-6);
}

#[test]
fn cost_per_outcome_matches_r_by_district() {
    let e = expected();
    let p = persons();
    let rows: Vec<usize> = (0..p.cost.len()).filter(|&i| p.programme[i]).collect();
    let cost: Vec<f64> = rows.iter().map(|&i| p.cost[i]).collect();
    let outcome: Vec<f64> = rows.iter().map(|&i| p.effect[i]).collect();
    let groups: Vec<String> = rows.iter().map(|&i| p.district[i].clone()).collect();
    let fit = CostPerOutcome::new()
        .replicates(B)
        .seed(5)
        .fit(&cost, &outcome, Some(&groups))
        .unwrap();
    let r = e["cost_per_outcome"].as_array().unwrap();
    assert_eq!(fit.groups.len(), r.len());
    for (g, rg) in fit.groups.iter().zip(r) {
        assert_eq!(g.group, rg["group"].as_str().unwrap());
        assert_eq!(g.n as u64, rg["n"].as_u64().unwrap());
        assert_close(
            "total cost",
            g.total_cost,
            f(&rg["total_cost"]),
            CLOSED_FORM,
        );
        assert_eq!(g.outcomes, f(&rg["outcomes"]));
        let what = |q: &str| format!("{} {q}", g.group);
        assert_like_r(
            &what("cost per outcome"),
            &g.cost_per_outcome,
            &rg["cost_per_outcome"],
            0.0,
            true,
        );
        // the rate is a lattice with step 1/n
        let step = 1.0 / g.n as f64;
        assert_like_r(
            &what("outcome rate"),
            &g.outcome_rate,
            &rg["outcome_rate"],
            step,
            true,
        );
        assert_like_r(
            &what("mean cost"),
            &g.mean_cost,
            &rg["mean_cost"],
            0.0,
            true,
        );
        assert_eq!(g.cost_per_outcome.undefined_replicates, 0);
    }
}

#[test]
fn bca_on_rs_own_replicates_matches_boot_ci_exactly() {
    let e = expected();
    let x = &e["bca_exact"];
    let (mut cost, mut outcome) = (vec![], vec![]);
    for line in include_str!("reference/icer_sim/small.csv").lines().skip(1) {
        let v: Vec<f64> = line.split(',').map(|s| s.parse().unwrap()).collect();
        cost.push(v[0]);
        outcome.push(v[1]);
    }
    let t: Vec<f64> = include_str!("reference/icer_sim/small_replicates.txt")
        .lines()
        .map(|s| s.parse().unwrap())
        .collect();
    assert_eq!(t.len(), 999);
    let (sc, sy) = (cost.iter().sum::<f64>(), outcome.iter().sum::<f64>());
    let est = sc / sy;
    assert_close("estimate", est, f(&x["estimate"]), CLOSED_FORM);
    let loo: Vec<f64> = (0..cost.len())
        .map(|i| (sc - cost[i]) / (sy - outcome[i]))
        .collect();
    let l = jackknife_influence(est, &loo, None).unwrap();
    for (k, li) in l.iter().enumerate() {
        // a tiny absolute floor: R's L for a person whose leaving out does not move the ratio
        let r = f(&x["influence"][k]);
        assert!(
            (li - r).abs() <= 1e-9 * r.abs().max(1.0),
            "L[{k}]: {li} vs {r}"
        );
    }
    let ci = bca_interval(est, &t, &l, f(&x["level"])).unwrap();
    let r = pair(&x["bca_ci"]);
    assert_close("BCa lower", ci[0], r[0], CLOSED_FORM);
    assert_close("BCa upper", ci[1], r[1], CLOSED_FORM);
}

#[test]
fn a_hand_worked_icer_of_four_persons() {
    // programme: costs 10, 12, effects 1, 1; comparison: costs 4, 6, effects 0, 1
    // ΔC = 11 − 5 = 6, ΔE = 1 − 0.5 = 0.5, ICER = 12, NMB(20) = 10 − 6 = 4.
    let fit = Icer::new()
        .replicates(300)
        .wtp(vec![0.0, 12.0, 20.0])
        .fit(
            &[true, true, false, false],
            &[10.0, 12.0, 4.0, 6.0],
            &[1.0, 1.0, 0.0, 1.0],
        )
        .unwrap();
    assert_eq!(fit.mean_cost, [11.0, 5.0]);
    assert_eq!(fit.mean_effect, [1.0, 0.5]);
    assert_eq!(fit.icer.estimate, Some(12.0));
    assert_eq!(fit.acceptability[2].nmb.estimate, Some(4.0));
    // The comparison's resamples of two persons: ΔE* is 0 (both effect 1, prob 1/4), 0.5 or 1;
    // ΔC* ≥ 10 − 6 > 0 always: no replicate saves money, none is in the south.
    assert_eq!(fit.acceptability[0].probability_cost_effective, 0.0);
    assert_eq!(fit.quadrants.south_east + fit.quadrants.south_west, 0);
    // ΔE* = 0 replicates have no ICER: counted, and on the axis
    assert!(fit.icer.undefined_replicates > 30 && fit.icer.undefined_replicates < 120);
    assert_eq!(fit.quadrants.on_axis, fit.icer.undefined_replicates);
    assert!(fit
        .warnings
        .iter()
        .any(|w| w.contains("effect difference of 0")));
    // the Fieller interval: ΔE's variance is 0 + 0.25/2 = 0.125, A = 0.25 − 3.84·0.125 < 0
    assert_eq!(fit.fieller_ci, None);
    assert!(fit.warnings.iter().any(|w| w.contains("Fieller")));
    let json = serde_json::to_string(&fit).unwrap();
    assert!(!json.contains("NaN") && !json.contains("plane"));
}

#[test]
fn a_dominant_programme_is_named_and_the_icer_is_not_read_as_a_price() {
    let fit = Icer::new()
        .replicates(200)
        .fit(
            &[true, true, true, false, false, false],
            &[1.0, 2.0, 3.0, 10.0, 11.0, 12.0],
            &[5.0, 6.0, 7.0, 1.0, 2.0, 3.0],
        )
        .unwrap();
    assert_eq!(fit.quadrant, Quadrant::SouthEast);
    assert_eq!(fit.icer.estimate, Some(-9.0 / 4.0));
    assert_eq!(fit.quadrants.south_east, 200);
    assert_eq!(fit.acceptability[0].probability_cost_effective, 1.0);
    assert!(fit.warnings.iter().any(|w| w.contains("dominant")));
}

#[test]
fn no_effect_difference_gives_no_icer_and_a_warning() {
    let fit = Icer::new()
        .replicates(100)
        .fit(
            &[true, true, false, false],
            &[5.0, 7.0, 1.0, 3.0],
            &[1.0, 1.0, 1.0, 1.0],
        )
        .unwrap();
    assert_eq!(fit.icer.estimate, None);
    assert_eq!(fit.icer.ci, None);
    assert_eq!(fit.icer.undefined_replicates, 100);
    assert!(fit.warnings.iter().any(|w| w.contains("no ICER")));
    assert_eq!(fit.delta_cost.estimate, Some(4.0));
}

#[test]
fn an_effect_interval_through_zero_says_the_icer_interval_means_nothing() {
    let mut rng = ChaCha8Rng::seed_from_u64(9);
    let n = 80;
    let programme: Vec<bool> = (0..n).map(|i| i < n / 2).collect();
    let cost: Vec<f64> = (0..n).map(|_| rng.random_range(0.0..1000.0)).collect();
    let effect: Vec<f64> = (0..n).map(|_| rng.random_range(0.0..1.0)).collect();
    let fit = Icer::new()
        .replicates(400)
        .fit(&programme, &cost, &effect)
        .unwrap();
    let [lo, hi] = fit.delta_effect.ci.unwrap();
    assert!(lo < 0.0 && hi > 0.0, "{lo} {hi}");
    assert!(fit
        .warnings
        .iter()
        .any(|w| w.contains("ICER's interval is not meaningful")));
}

#[test]
fn cost_per_outcome_of_five_persons_by_hand() {
    // 1000 kr. for 2 outcomes; one outcome counted twice (a count, not 0/1) in the second
    let fit = CostPerOutcome::new()
        .replicates(500)
        .fit(
            &[100.0, 200.0, 300.0, 150.0, 250.0],
            &[1.0, 0.0, 1.0, 0.0, 2.0],
            Some(&["a", "a", "a", "b", "b"].map(String::from)),
        )
        .unwrap();
    let all = &fit.groups[0];
    assert_eq!((all.group.as_str(), all.n), ("all", 5));
    assert_eq!(all.total_cost, 1000.0);
    assert_eq!(all.outcomes, 4.0);
    assert_eq!(all.cost_per_outcome.estimate, Some(250.0));
    assert_eq!(all.outcome_rate.estimate, Some(0.8));
    assert_eq!(all.mean_cost.estimate, Some(200.0));
    let b = &fit.groups[2];
    assert_eq!(
        (b.group.as_str(), b.cost_per_outcome.estimate),
        ("b", Some(200.0))
    );
    // group b's resamples of two: both the person without an outcome in 1/4 of them
    let u = b.cost_per_outcome.undefined_replicates as f64 / 500.0;
    assert!(u > 0.17 && u < 0.33, "{u}");
    assert!(fit.warnings.iter().any(|w| w.contains("had no outcome")));
    let [lo, hi] = all.cost_per_outcome.ci.unwrap();
    assert!(lo <= 250.0 && 250.0 <= hi);
}

#[test]
fn no_outcome_at_all_gives_no_cost_per_outcome_and_never_nan() {
    let fit = CostPerOutcome::new()
        .replicates(50)
        .fit(&[10.0, 20.0, 30.0], &[0.0, 0.0, 0.0], None)
        .unwrap();
    let all = &fit.groups[0];
    assert_eq!(all.cost_per_outcome.estimate, None);
    assert_eq!(all.cost_per_outcome.ci, None);
    assert_eq!(all.cost_per_outcome.undefined_replicates, 50);
    assert_eq!(all.mean_cost.estimate, Some(20.0));
    assert!(fit
        .warnings
        .iter()
        .any(|w| w.contains("no outcome was achieved")));
    let json = serde_json::to_string(&fit).unwrap();
    assert!(!json.contains("NaN"), "{json}");
    assert!(json.contains("\"estimate\":null"));
}

#[test]
fn the_same_seed_gives_the_same_numbers_on_one_thread_and_many() {
    let p = persons();
    let run = || {
        Icer::new()
            .replicates(300)
            .seed(4)
            .wtp(vec![0.0, 50000.0])
            .fit(&p.programme, &p.cost, &p.effect)
            .unwrap()
    };
    let cpo = || {
        CostPerOutcome::new()
            .replicates(300)
            .seed(4)
            .fit(&p.cost, &p.effect, Some(&p.district))
            .unwrap()
    };
    let (many, many_cpo) = (run(), cpo());
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .build()
        .unwrap();
    let (one, one_cpo) = pool.install(|| (run(), cpo()));
    assert_eq!(many, one);
    assert_eq!(many_cpo, one_cpo);
    let other = Icer::new()
        .replicates(300)
        .seed(5)
        .wtp(vec![0.0, 50000.0])
        .fit(&p.programme, &p.cost, &p.effect)
        .unwrap();
    assert_ne!(many.delta_cost.std_error, other.delta_cost.std_error);
}

#[test]
fn percentile_intervals_cover_the_known_truth_about_95_percent_of_the_time() {
    // 200 municipalities of 60 + 60 persons: costs gamma with means 60000 and 50000 kr.,
    // effects 0/1 with rates 0.45 and 0.30; true ΔC = 10000, ΔE = 0.15, NMB(100000) = 5000.
    // With 200 trials the coverage's sd is 1.5 %; percentile intervals at n = 60 per arm
    // run a little short, so we ask for 0.88–0.99.
    let sims = 200;
    let (mut c_dc, mut c_de, mut c_nmb) = (0, 0, 0);
    for s in 0..sims {
        let mut rng = ChaCha8Rng::seed_from_u64(1000 + s);
        let n = 60;
        let g1 = Gamma::new(4.0, 60000.0 / 4.0).unwrap();
        let g0 = Gamma::new(4.0, 50000.0 / 4.0).unwrap();
        let mut programme = vec![];
        let mut cost = vec![];
        let mut effect = vec![];
        for i in 0..2 * n {
            let t = i < n;
            programme.push(t);
            cost.push(if t {
                g1.sample(&mut rng)
            } else {
                g0.sample(&mut rng)
            });
            let p = if t { 0.45 } else { 0.30 };
            effect.push(f64::from(u8::from(rng.random_bool(p))));
        }
        let fit = Icer::new()
            .replicates(400)
            .seed(s)
            .bca(false)
            .wtp(vec![100000.0])
            .fit(&programme, &cost, &effect)
            .unwrap();
        let inside = |u: &Uncertain, truth: f64| {
            let [lo, hi] = u.ci.unwrap();
            usize::from(lo <= truth && truth <= hi)
        };
        c_dc += inside(&fit.delta_cost, 10000.0);
        c_de += inside(&fit.delta_effect, 0.15);
        c_nmb += inside(&fit.acceptability[0].nmb, 5000.0);
    }
    for (what, c) in [("ΔC", c_dc), ("ΔE", c_de), ("NMB", c_nmb)] {
        let share = c as f64 / sims as f64;
        assert!((0.88..=0.99).contains(&share), "{what} coverage {share}");
    }
}

#[test]
fn bad_inputs_are_refused_with_a_reason() {
    let err = |r: indsats::Result<IcerFit>| r.unwrap_err().to_string();
    let t = [true, true, false, false];
    let c = [1.0, 2.0, 3.0, 4.0];
    assert!(err(Icer::new().replicates(1).fit(&t, &c, &c)).contains("replicates"));
    assert!(err(Icer::new().ci_level(1.0).fit(&t, &c, &c)).contains("ci_level"));
    assert!(err(Icer::new().wtp(vec![-1.0]).fit(&t, &c, &c)).contains("wtp"));
    assert!(err(Icer::new().wtp(vec![]).fit(&t, &c, &c)).contains("wtp"));
    assert!(err(Icer::new().fit(&t, &c[..3], &c)).contains("costs"));
    assert!(err(Icer::new().fit(&[true, false, false, false], &c, &c)).contains("at least 2"));
    assert!(err(Icer::new().fit(&t, &[1.0, f64::NAN, 3.0, 4.0], &c)).contains("person 2"));
    let cerr =
        |r: indsats::Result<indsats::economics::CostPerOutcomeFit>| r.unwrap_err().to_string();
    let p = CostPerOutcome::new();
    assert!(cerr(p.fit(&[], &[], None)).contains("no persons"));
    assert!(cerr(p.fit(&[1.0], &[1.0, 2.0], None)).contains("values"));
    assert!(cerr(p.fit(&[1.0, 2.0], &[1.0, -1.0], None)).contains("person 2"));
    assert!(cerr(p.clone().replicates(0).fit(&[1.0], &[1.0], None)).contains("replicates"));
    assert!(cerr(p.fit(&[1.0], &[1.0], Some(&["a".into(), "b".into()]))).contains("labels"));
    assert!(jackknife_influence(1.0, &[1.0, 2.0], Some(&[0])).is_err());
    assert!(bca_interval(1.0, &[2.0, 3.0], &[1.0, -1.0], 0.95)
        .unwrap_err()
        .to_string()
        .contains("one side"));
}

/// Writes `body` as `name` in a fresh temp dir; returns the dir (kept alive) and the path.
fn csv_file(name: &str, body: &str) -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(name);
    std::fs::write(&path, body).unwrap();
    (dir, path.to_string_lossy().into_owned())
}

fn sim_path() -> String {
    concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/reference/icer_sim/persons.csv"
    )
    .to_string()
}

#[test]
fn cli_icer_json_gives_rs_point_estimates_counts_and_the_plane() {
    let e = expected();
    let r = &e["icer"];
    let dir = tempfile::tempdir().unwrap();
    let plane = dir.path().join("plane.csv");
    let out = indsats(&[
        "economics",
        "icer",
        "--data",
        &sim_path(),
        "--treatment",
        "programme",
        "--cost",
        "cost",
        "--effect",
        "effect",
        "--wtp",
        "0,50000,100000",
        "--bootstrap",
        "400",
        "--seed",
        "3",
        "--plane",
        plane.to_str().unwrap(),
        "--format",
        "json",
    ]);
    let (stdout, stderr) = text(&out);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    let j: Value = serde_json::from_str(&stdout).expect("one JSON object");
    for (key, rkey) in [
        ("delta_cost", "delta_cost"),
        ("delta_effect", "delta_effect"),
        ("icer", "icer"),
    ] {
        assert_close(
            key,
            f(&j[key]["estimate"]),
            f(&r[rkey]["estimate"]),
            CLOSED_FORM,
        );
        assert!(
            j[key]["ci"].is_array() && j[key]["std_error"].is_number(),
            "{key}"
        );
    }
    assert_close(
        "fieller",
        f(&j["fieller_ci"][0]),
        f(&r["fieller_ci"][0]),
        CLOSED_FORM,
    );
    assert_eq!(j["quadrant"], "north_east");
    let acc = j["acceptability"].as_array().unwrap();
    assert_eq!(acc.len(), 3);
    assert_eq!(f(&acc[1]["wtp"]), 50000.0);
    assert!(acc[1]["probability_cost_effective"].is_number() && acc[1]["nmb"]["ci"].is_array());
    assert_eq!(j["n"]["rows_read"], 400);
    assert_eq!(j["n"]["rows_used"], 400);
    assert_eq!(j["n"]["excluded"], 0);
    assert_eq!(
        (j["n"]["programme"].as_u64(), j["n"]["comparison"].as_u64()),
        (Some(200), Some(200))
    );
    assert_eq!(j["replicates"], 400);
    assert!(j["warnings"].is_array());
    assert!(!stdout.contains("NaN"));
    // the plane: one row per replicate, and the acceptability at λ = 0 is its share saving money
    let plane = std::fs::read_to_string(plane).unwrap();
    let rows: Vec<Vec<&str>> = plane
        .lines()
        .skip(1)
        .map(|l| l.split(',').collect())
        .collect();
    assert_eq!(
        plane.lines().next(),
        Some("replicate,delta_effect,delta_cost,quadrant")
    );
    assert_eq!(rows.len(), 400);
    let saving = rows
        .iter()
        .filter(|r| r[2].parse::<f64>().unwrap() < 0.0)
        .count();
    assert_eq!(
        f(&acc[0]["probability_cost_effective"]),
        saving as f64 / 400.0
    );
    // the same seed gives the same numbers
    let again = indsats(&[
        "economics",
        "icer",
        "--data",
        &sim_path(),
        "--treatment",
        "programme",
        "--cost",
        "cost",
        "--effect",
        "effect",
        "--wtp",
        "0,50000,100000",
        "--bootstrap",
        "400",
        "--seed",
        "3",
        "--format",
        "json",
    ]);
    assert_eq!(text(&again).0, stdout);
}

#[test]
fn cli_icer_adjusts_for_covariates() {
    let e = expected();
    let r = &e["icer_adjusted"];
    let out = indsats(&[
        "economics",
        "icer",
        "--data",
        &sim_path(),
        "--treatment",
        "programme",
        "--cost",
        "cost",
        "--effect",
        "effect",
        "--covariates",
        "age",
        "--bootstrap",
        "100",
        "--format",
        "json",
    ]);
    let (stdout, stderr) = text(&out);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    let j: Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(j["adjusted_for"], serde_json::json!(["age"]));
    assert_close(
        "ΔC",
        f(&j["delta_cost"]["estimate"]),
        f(&r["delta_cost"]["estimate"]),
        CLOSED_FORM,
    );
    assert_close(
        "ΔE",
        f(&j["delta_effect"]["estimate"]),
        f(&r["delta_effect"]["estimate"]),
        CLOSED_FORM,
    );
    let table = indsats(&[
        "economics",
        "icer",
        "--data",
        &sim_path(),
        "--treatment",
        "programme",
        "--cost",
        "cost",
        "--effect",
        "effect",
        "--covariates",
        "age",
        "--bootstrap",
        "100",
        "--lang",
        "en",
    ]);
    assert!(text(&table).0.contains("adjusted (least squares) for: age"));
    let clash = indsats(&[
        "economics",
        "icer",
        "--data",
        &sim_path(),
        "--treatment",
        "programme",
        "--cost",
        "cost",
        "--effect",
        "effect",
        "--covariates",
        "cost",
    ]);
    assert_eq!(clash.status.code(), Some(2));
}

#[test]
fn cli_icer_table_csv_and_the_default_grid() {
    let base = [
        "economics",
        "icer",
        "--data",
        &sim_path(),
        "--treatment",
        "programme",
        "--cost",
        "cost",
        "--effect",
        "effect",
        "--bootstrap",
        "200",
    ]
    .map(String::from)
    .to_vec();
    let run = |extra: &[&str]| {
        let mut a = base.clone();
        a.extend(extra.iter().map(|s| s.to_string()));
        let a: Vec<&str> = a.iter().map(String::as_str).collect();
        let o = indsats(&a);
        let (so, se) = text(&o);
        assert_eq!(o.status.code(), Some(0), "{se}");
        so
    };
    let da = run(&[]);
    assert!(
        da.contains("Kr. pr. ekstra effektenhed (ICER)") && da.contains("44.000"),
        "{da}"
    );
    // default grid: 0 to 2 × 44 000 rounded up to 100 000, in 20 steps of 5 000
    assert!(da.contains("100.000") && da.contains("  5.000"), "{da}");
    let en = run(&["--lang", "en", "--wtp-max", "200000", "--wtp-steps", "4"]);
    assert!(
        en.contains("Kr. per extra unit of effect (ICER)") && en.contains("150,000"),
        "{en}"
    );
    let csv = run(&["--format", "csv", "--wtp", "0,100000"]);
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(
        lines[0],
        "quantity,wtp,estimate,std_error,ci_lower,ci_upper,bca_lower,bca_upper,undefined_replicates,probability_cost_effective"
    );
    assert_eq!(lines.len(), 1 + 3 + 2);
    assert!(lines[3].starts_with("icer,,43999.71388888"));
    assert!(lines[5].starts_with("nmb,100000,"));
}

#[test]
fn cli_icer_refuses_bad_usage_and_one_armed_data() {
    let (_dir, path) = csv_file(
        "d.csv",
        "arm;cost;effect\n1;100;1\n1;200;0\n1;150;1\n0;;1\n0;90;0\n",
    );
    let run = |extra: &[&str]| {
        let mut a = vec![
            "economics",
            "icer",
            "--data",
            &path,
            "--treatment",
            "arm",
            "--cost",
            "cost",
            "--effect",
            "effect",
        ];
        a.extend_from_slice(extra);
        let o = indsats(&a);
        let (_, se) = text(&o);
        (o.status.code(), se)
    };
    // one comparison row left after the empty cost: exit 1, naming the column
    let (code, err) = run(&[]);
    assert_eq!(code, Some(1), "{err}");
    assert!(
        err.contains("\"arm\"") && err.contains("1 comparison"),
        "{err}"
    );
    assert_eq!(run(&["--bootstrap", "1"]).0, Some(2));
    assert_eq!(run(&["--wtp", "-5"]).0, Some(2));
    assert_eq!(run(&["--wtp-max", "0"]).0, Some(2));
    assert_eq!(run(&["--wtp", "1", "--wtp-max", "10"]).0, Some(2));
    assert_eq!(run(&["--ci-level", "95"]).0, Some(2));
    let o = indsats(&[
        "economics",
        "icer",
        "--data",
        &path,
        "--treatment",
        "arm",
        "--cost",
        "arm",
        "--effect",
        "effect",
    ]);
    assert_eq!(o.status.code(), Some(2));
    let o = indsats(&[
        "economics",
        "icer",
        "--data",
        &path,
        "--treatment",
        "arm",
        "--cost",
        "price",
        "--effect",
        "effect",
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(text(&o).1.contains("price"));
}

#[test]
fn cli_cost_per_outcome_json_by_group_with_excluded_rows_and_ja_nej() {
    let (_dir, path) = csv_file(
        "p.csv",
        "id;udgift;i_job;bydel\n1;1000;ja;Nord\n2;2000;nej;Nord\n3;3000;ja;Syd\n4;;ja;Syd\n5;4000;nej;Syd\n6;500;ja;Nord\n",
    );
    let out = indsats(&[
        "economics",
        "cost-per-outcome",
        "--data",
        &path,
        "--cost",
        "udgift",
        "--outcome",
        "i_job",
        "--group",
        "bydel",
        "--bootstrap",
        "300",
        "--seed",
        "2",
        "--format",
        "json",
    ]);
    let (stdout, stderr) = text(&out);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    let j: Value = serde_json::from_str(&stdout).unwrap();
    let g = j["groups"].as_array().unwrap();
    assert_eq!(g.len(), 3);
    // all: 10500 kr. / 3 outcomes; Nord: 3500 / 2; Syd: 7000 / 1
    assert_eq!(g[0]["group"], "all");
    assert_close(
        "all",
        f(&g[0]["cost_per_outcome"]["estimate"]),
        3500.0,
        CLOSED_FORM,
    );
    assert_eq!(
        (
            g[1]["group"].as_str(),
            f(&g[1]["cost_per_outcome"]["estimate"])
        ),
        (Some("Nord"), 1750.0)
    );
    assert_eq!(
        (
            g[2]["group"].as_str(),
            f(&g[2]["cost_per_outcome"]["estimate"])
        ),
        (Some("Syd"), 7000.0)
    );
    assert_close(
        "rate",
        f(&g[0]["outcome_rate"]["estimate"]),
        0.6,
        CLOSED_FORM,
    );
    assert_eq!(f(&g[0]["mean_cost"]["estimate"]), 2100.0);
    // Syd's resamples of two persons hold no outcome in about 1/4 of them
    assert!(
        g[2]["cost_per_outcome"]["undefined_replicates"]
            .as_u64()
            .unwrap()
            > 30
    );
    assert_eq!(j["n"]["rows_read"], 6);
    assert_eq!(j["n"]["rows_used"], 5);
    assert_eq!(j["n"]["excluded"], 1);
    assert_eq!(j["n"]["excluded_because_empty"][0]["column"], "udgift");
    let w: Vec<&str> = j["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w.as_str().unwrap())
        .collect();
    assert!(
        w.iter()
            .any(|w| w.contains("1 rows left out") && w.contains("udgift")),
        "{w:?}"
    );
    assert!(
        w.iter()
            .any(|w| w.contains("Syd") && w.contains("had no outcome")),
        "{w:?}"
    );
    assert!(!stdout.contains("NaN"));
}

#[test]
fn cli_cost_per_outcome_table_csv_and_errors() {
    let (_dir, path) = csv_file("p.csv", "cost,n_jobs\n100,1\n200,0\n300,2\n400,1\n");
    let run = |extra: &[&str]| {
        let mut a = vec![
            "economics",
            "cost-per-outcome",
            "--data",
            &path,
            "--cost",
            "cost",
            "--outcome",
            "n_jobs",
            "--bootstrap",
            "200",
        ];
        a.extend_from_slice(extra);
        let o = indsats(&a);
        let (so, se) = text(&o);
        (o.status.code(), so, se)
    };
    let (code, da, err) = run(&[]);
    assert_eq!(code, Some(0), "{err}");
    assert!(
        da.contains("Kr. pr. resultat") && da.contains("Alle") && da.contains("250"),
        "{da}"
    );
    let (_, en, _) = run(&["--lang", "en"]);
    assert!(
        en.contains("Kr. per outcome") && en.contains("Rows read: 4"),
        "{en}"
    );
    let (_, csv, _) = run(&["--format", "csv"]);
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines.len(), 4);
    assert!(
        lines[1].starts_with("all,4,1000,4,cost_per_outcome,250,"),
        "{csv}"
    );
    assert_eq!(run(&["--bootstrap", "0"]).0, Some(2));
    assert_eq!(run(&["--ci-level", "0"]).0, Some(2));
    let (_dir2, bad) = csv_file("b.csv", "cost,y\n100,1\n200,-1\n");
    let o = indsats(&[
        "economics",
        "cost-per-outcome",
        "--data",
        &bad,
        "--cost",
        "cost",
        "--outcome",
        "y",
    ]);
    let (_, se) = text(&o);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        se.contains("\"y\"") && se.contains("row 3") && se.contains("negative"),
        "{se}"
    );
    let (_dir3, text_cell) = csv_file("c.csv", "cost,y\nmange,1\n");
    let o = indsats(&[
        "economics",
        "cost-per-outcome",
        "--data",
        &text_cell,
        "--cost",
        "cost",
        "--outcome",
        "y",
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(text(&o).1.contains("mange"));
}

/// Checks an SVG is one well-formed element: opens and closes once, tags balanced.
#[track_caller]
fn assert_svg(svg: &str, title: &str, caption: &str) {
    assert!(
        svg.starts_with("<svg") && svg.trim_end().ends_with("</svg>"),
        "{svg:.200}"
    );
    assert_eq!(svg.matches("<svg").count(), 1);
    assert_eq!(svg.matches("<text").count(), svg.matches("</text>").count());
    assert!(svg.contains("<title id=") && svg.contains(title), "{title}");
    assert!(svg.contains(caption), "{caption}");
    assert!(!svg.contains("NaN"));
}

#[test]
fn the_plane_and_the_acceptability_curve_render_in_both_languages() {
    use indsats::report::charts_economics::{icer_charts, PLANE_MAX_POINTS};
    let p = persons();
    let fit = Icer::new()
        .replicates(3000)
        .wtp(Icer::wtp_grid(100000.0, 10))
        .fit(&p.programme, &p.cost, &p.effect)
        .unwrap();
    let [plane, ceac] = icer_charts(&fit, "unit of effect", indsats::Lang::En).unwrap();
    let caption = "n = 400 persons (200 in the programme, 200 in the comparison group); 3,000 bootstrap replicates, 2,000 shown";
    assert_svg(
        &plane,
        "What the programme costs and achieves beyond the comparison group",
        caption,
    );
    assert_svg(
        &ceac,
        "How likely is the programme worth its cost?",
        caption,
    );
    assert!(
        plane.contains("Extra cost per person (kr.)") && plane.contains("More effect, costs more")
    );
    assert!(plane.contains("Willingness to pay 50,000"));
    // the replicates drawn: at most PLANE_MAX_POINTS dots plus the estimate's two circles
    assert_eq!(plane.matches("<circle").count(), PLANE_MAX_POINTS + 2);
    assert!(ceac.contains("Willingness to pay per extra unit of effect (kr.)"));
    let [plane_da, ceac_da] = icer_charts(&fit, "effektenhed", indsats::Lang::Da).unwrap();
    assert_svg(
        &plane_da,
        "Hvad programmet koster ekstra, og hvad det opnår ekstra",
        "3.000 bootstrap-genudtræk",
    );
    assert_svg(
        &ceac_da,
        "Hvor sandsynligt er det, at programmet er pengene værd?",
        "n = 400 personer",
    );
    assert!(plane_da.contains("Merudgift pr. person (kr.)"));
}

#[test]
fn charts_refuse_what_they_cannot_draw() {
    use indsats::report::charts::ChartText;
    use indsats::report::charts_economics::{
        acceptability_curve, cost_effectiveness_plane, PlaneLabels,
    };
    let text = ChartText {
        title: "t".into(),
        x_label: "x".into(),
        y_label: "y".into(),
        description: "n = 1".into(),
    };
    let id = |v: f64| v.to_string();
    assert!(acceptability_curve("c", &text, &[0.0, 1.0], &[0.5], "s", &id, &id).is_err());
    assert!(acceptability_curve("c", &text, &[1.0, 0.0], &[0.5, 0.5], "s", &id, &id).is_err());
    assert!(acceptability_curve("c", &text, &[0.0, 1.0], &[0.5, 1.5], "s", &id, &id).is_err());
    let labels = PlaneLabels {
        replicates: "r".into(),
        estimate: "e".into(),
        wtp_line: "l".into(),
        quadrants: ["a".into(), "b".into(), "c".into(), "d".into()],
    };
    let plane = |pts: &[(f64, f64)], est: (f64, f64), wtp: Option<f64>| {
        cost_effectiveness_plane("p", &text, pts, est, wtp, &labels, &id, &id)
    };
    assert!(plane(&[(f64::NAN, 1.0)], (0.0, 0.0), None).is_err());
    assert!(plane(&[(1.0, 1.0)], (f64::INFINITY, 0.0), None).is_err());
    assert!(plane(&[(1.0, 1.0)], (0.5, 0.5), Some(-1.0)).is_err());
    // one point and no spread still draws
    assert_svg(&plane(&[], (0.0, 0.0), Some(0.0)).unwrap(), "t", "n = 1");
    assert_svg(
        &acceptability_curve("c", &text, &[0.0], &[0.0], "s", &id, &id).unwrap(),
        "t",
        "n = 1",
    );
}

#[test]
fn cli_icer_draws_its_charts() {
    let dir = tempfile::tempdir().unwrap();
    let out = indsats(&[
        "economics",
        "icer",
        "--data",
        &sim_path(),
        "--treatment",
        "programme",
        "--cost",
        "cost",
        "--effect",
        "effect",
        "--bootstrap",
        "300",
        "--charts",
        dir.path().to_str().unwrap(),
        "--format",
        "json",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out).1);
    let plane = std::fs::read_to_string(dir.path().join("ce_plane.svg")).unwrap();
    let ceac = std::fs::read_to_string(dir.path().join("acceptability.svg")).unwrap();
    assert_svg(
        &plane,
        "Hvad programmet koster ekstra",
        "300 bootstrap-genudtræk",
    );
    assert_svg(&ceac, "pengene værd", "n = 400 personer");
}
