//! Cost per outcome and the ICER: R's boot on icer_sim (point estimates exactly, the
//! bootstrap within Monte-Carlo tolerance), BCa exactly on R's own replicates, hand cases,
//! determinism, coverage of a known truth, errors, the charts and the CLI.

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
