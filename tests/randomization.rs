//! Randomization inference for the staggered designs (`StaggeredDid::permutations`,
//! `EventStudy::permutations`): every deal of the start dates against an independent
//! Python computation (`tests/reference/ri_staggered`), sampled deals, determinism, the
//! test's size where parallel trends hold by construction, errors and the CLI.

use crate::common::{indsats, text};
use crate::tolerance::assert_close;
use indsats::effects::{EventStudy, Panel, StaggeredDid, StaggeredPanel};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde_json::Value;

const PANEL: &str = include_str!("reference/ri_staggered/panel.csv");

fn expected() -> Value {
    serde_json::from_str(include_str!("reference/ri_staggered/expected.json")).unwrap()
}

fn num(v: &Value) -> f64 {
    v.as_f64().unwrap()
}

/// (unit, period, first_treated, y) rows.
fn rows(text: &str) -> Vec<(String, f64, f64, f64)> {
    text.lines()
        .skip(1)
        .map(|l| {
            let f: Vec<&str> = l.split(',').collect();
            (
                f[0].to_string(),
                f[1].parse().unwrap(),
                f[2].parse().unwrap(),
                f[3].parse().unwrap(),
            )
        })
        .collect()
}

fn staggered(rows: &[(String, f64, f64, f64)]) -> StaggeredPanel {
    StaggeredPanel {
        outcome: "y".into(),
        id: rows.iter().map(|r| r.0.clone()).collect(),
        time: rows.iter().map(|r| r.1).collect(),
        cohort: rows.iter().map(|r| r.2).collect(),
        y: rows.iter().map(|r| r.3).collect(),
        ..Default::default()
    }
}

fn twfe(rows: &[(String, f64, f64, f64)]) -> (Panel, Vec<f64>) {
    let p = Panel {
        outcome: "y".into(),
        id: rows.iter().map(|r| r.0.clone()).collect(),
        time: rows.iter().map(|r| r.1).collect(),
        y: rows.iter().map(|r| r.3).collect(),
        ..Panel::default()
    };
    (p, rows.iter().map(|r| r.2).collect())
}

#[test]
fn every_deal_of_the_start_dates_matches_the_python_reference() {
    let e = expected();
    let rows = rows(PANEL);
    // 105 deals; asking for 105 or more uses each once (an exact test)
    for asked in [105, 999] {
        let fit = StaggeredDid::new()
            .permutations(Some(asked))
            .fit(&staggered(&rows))
            .unwrap();
        let ri = fit.randomization.unwrap();
        assert!(ri.exhaustive);
        assert_eq!((ri.permutations, ri.failed), (105, 0));
        assert_eq!(ri.assignments, 105.0);
        assert_close(
            "att",
            ri.statistic,
            num(&e["staggered"]["statistic"]),
            1e-10,
        );
        assert_eq!(ri.p_value, num(&e["staggered"]["p_value"]));
        assert!(ri.pretrend_statistic.is_some() && ri.pretrend_p_value.is_some());

        let (panel, cohort) = twfe(&rows);
        let fit = EventStudy::new()
            .permutations(Some(asked))
            .fit(&panel, &cohort)
            .unwrap();
        let ri = fit.randomization.unwrap();
        let es = &e["event_study"];
        assert!(ri.exhaustive);
        assert_eq!(ri.permutations, 105);
        assert_close("post mean", ri.statistic, num(&es["statistic"]), 1e-10);
        assert_close(
            "W",
            ri.pretrend_statistic.unwrap(),
            num(&es["pretrend_statistic"]),
            1e-9,
        );
        assert_eq!(ri.p_value, num(&es["p_value"]));
        assert_eq!(ri.pretrend_p_value.unwrap(), num(&es["pretrend_p_value"]));
    }
}

#[test]
fn fewer_deals_than_possible_are_a_seeded_sample() {
    let rows = rows(PANEL);
    let fit = |seed: u64| {
        StaggeredDid::new()
            .permutations(Some(50))
            .seed(seed)
            .fit(&staggered(&rows))
            .unwrap()
            .randomization
            .unwrap()
    };
    let a = fit(3);
    assert!(!a.exhaustive);
    assert_eq!(a.permutations, 50);
    // (1 + #at least as large) / (1 + B)
    let k = (a.p_value * 51.0).round();
    assert!((a.p_value - k / 51.0).abs() < 1e-15 && k >= 1.0);
    assert_eq!(a, fit(3));
    let b = fit(4);
    assert_eq!(b.seed, 4);
    // the exact p is 2/105: a sample of 50 is near it
    assert!(a.p_value < 0.15 && b.p_value < 0.15);
}

#[test]
fn the_test_is_the_same_on_one_thread_and_on_two() {
    let rows = rows(PANEL);
    let run = |threads: usize| {
        rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap()
            .install(|| {
                let (panel, cohort) = twfe(&rows);
                EventStudy::new()
                    .permutations(Some(60))
                    .seed(9)
                    .fit(&panel, &cohort)
                    .unwrap()
                    .randomization
            })
    };
    assert_eq!(run(1), run(2));
}

/// 12 districts over 8 periods, cohorts of two in periods 4 and 6, eight never treated,
/// district and period effects and iid noise, an effect of `effect` from the start.
fn simulated(seed: u64, effect: f64) -> Vec<(String, f64, f64, f64)> {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut normal = || {
        // Box–Muller
        let (u, v): (f64, f64) = (rng.random(), rng.random());
        (-2.0 * (1.0 - u).ln()).sqrt() * (std::f64::consts::TAU * v).cos()
    };
    let period: Vec<f64> = (0..8).map(|_| normal()).collect();
    let mut out = Vec::new();
    for u in 0..12 {
        let g = match u {
            0 | 1 => 4.0,
            2 | 3 => 6.0,
            _ => 0.0,
        };
        let a = normal();
        for t in 1..=8 {
            let on = g > 0.0 && f64::from(t) >= g;
            let y = a + period[t as usize - 1] + normal() + if on { effect } else { 0.0 };
            out.push((format!("d{u:02}"), f64::from(t), g, y));
        }
    }
    out
}

/// Where parallel trends hold by construction, the randomization pre-trend tests reject
/// about as often as their level says, while the cluster-robust F test of the event study
/// (12 clusters, two treated per cohort) rejects far more often; with an effect of 1.5 SD
/// the effect test rejects in most panels.
#[test]
fn the_randomization_pre_tests_keep_their_size_where_the_analytic_ones_do_not() {
    let n = 40;
    let (mut ri_es, mut ri_cs, mut f_test) = (0, 0, 0);
    for seed in 0..n {
        let rows = simulated(seed, 0.0);
        let (panel, cohort) = twfe(&rows);
        let es = EventStudy::new()
            .permutations(Some(49))
            .seed(seed)
            .fit(&panel, &cohort)
            .unwrap();
        ri_es += usize::from(es.randomization.unwrap().pretrend_p_value.unwrap() <= 0.05);
        f_test += usize::from(es.pretrend.unwrap().f_p_value <= 0.05);
        let cs = StaggeredDid::new()
            .permutations(Some(49))
            .seed(seed)
            .fit(&staggered(&rows))
            .unwrap();
        ri_cs += usize::from(cs.randomization.unwrap().pretrend_p_value.unwrap() <= 0.05);
    }
    // 5 % of 40 is 2; P(Binomial(40, 0.05) ≥ 7) < 0.01
    assert!(ri_es <= 6 && ri_cs <= 6, "{ri_es} {ri_cs} of {n}");
    assert!(f_test > ri_es, "F {f_test} vs randomization {ri_es}");
    let mut power = 0;
    for seed in 100..120 {
        let rows = simulated(seed, 1.5);
        let cs = StaggeredDid::new()
            .permutations(Some(49))
            .fit(&staggered(&rows))
            .unwrap();
        power += usize::from(cs.randomization.unwrap().p_value <= 0.05);
    }
    assert!(power >= 14, "{power} of 20");
}

#[test]
fn too_few_deals_are_a_parameter_error() {
    let rows = rows(PANEL);
    let e = StaggeredDid::new()
        .permutations(Some(5))
        .fit(&staggered(&rows))
        .unwrap_err()
        .to_string();
    assert!(e.starts_with("permutations:") && e.contains("19"), "{e}");
    let (panel, cohort) = twfe(&rows);
    let e = EventStudy::new()
        .permutations(Some(0))
        .fit(&panel, &cohort)
        .unwrap_err()
        .to_string();
    assert!(e.starts_with("permutations:"), "{e}");
}

#[test]
fn the_cli_adds_the_randomization_block() {
    let file = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/reference/ri_staggered/panel.csv"
    );
    let e = expected();
    for (cmd, key) in [
        ("staggered-did", "staggered"),
        ("event-study", "event_study"),
    ] {
        let run = |extra: &[&str]| {
            let mut args = vec![
                "estimate",
                cmd,
                "--data",
                file,
                "--id",
                "unit",
                "--time",
                "period",
                "--cohort",
                "first_treated",
                "--outcome",
                "y",
            ];
            args.extend_from_slice(extra);
            indsats(&args)
        };
        let out = run(&["--permutations", "999", "--format", "json"]);
        let (stdout, stderr) = text(&out);
        assert_eq!(out.status.code(), Some(0), "{stderr}");
        let j: Value = serde_json::from_str(&stdout).unwrap();
        let ri = &j["randomization"];
        for k in [
            "statistic",
            "p_value",
            "pretrend_definition",
            "pretrend_statistic",
            "pretrend_p_value",
            "permutations",
            "exhaustive",
            "assignments",
            "failed",
            "seed",
        ] {
            assert!(ri.get(k).is_some(), "{cmd}: {k}");
        }
        assert_eq!(ri["p_value"], e[key]["p_value"]);
        assert_eq!(ri["exhaustive"], true);
        let (table, _) = text(&run(&["--permutations", "999"]));
        assert!(table.contains("randomiseringstest, effekt"), "{table}");
        assert!(
            table.contains("alle 105 fordelinger af startårene"),
            "{table}"
        );
        assert_eq!(
            run(&["--permutations", "3"]).status.code(),
            Some(2),
            "{cmd}"
        );
    }
}
