//! Difference in differences and the TWFE event study: statsmodels' cluster-robust OLS on
//! did_staggered_sim under each small-sample convention, hand-worked cases, a seeded
//! simulation with parallel trends, the errors, and `indsats estimate did|event-study`.

use crate::common::{indsats, numbers, text};
use crate::tolerance::assert_close;
use indsats::effects::{Did, EventStudy, EventStudyFit, Panel, Post, SmallSample};
use rand::SeedableRng;
use rand_distr::{Distribution, Normal};
use serde_json::Value;
use std::path::PathBuf;

/// The case's coefficients: relative 1e-9 (CASE.md).
const COEF: f64 = 1e-9;
/// The case's standard errors: relative 1e-8 (CASE.md); t, p and intervals follow them.
const SE: f64 = 1e-8;

/// did_staggered_sim's panel.csv: id, period, cohort, d, y.
struct Sim {
    id: Vec<String>,
    period: Vec<f64>,
    cohort: Vec<f64>,
    y: Vec<f64>,
    expected: Value,
}

fn sim() -> Sim {
    let mut s = Sim {
        id: vec![],
        period: vec![],
        cohort: vec![],
        y: vec![],
        expected: serde_json::from_str(include_str!("reference/did_staggered_sim/expected.json"))
            .unwrap(),
    };
    for line in include_str!("reference/did_staggered_sim/panel.csv")
        .lines()
        .skip(1)
    {
        let f: Vec<&str> = line.split(',').collect();
        s.id.push(f[0].to_string());
        s.period.push(f[1].parse().unwrap());
        s.cohort.push(f[2].parse().unwrap());
        s.y.push(f[4].parse().unwrap());
    }
    s
}

fn reference_csv() -> String {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/reference/did_staggered_sim/panel.csv")
        .to_string_lossy()
        .into_owned()
}

impl Sim {
    /// The rows where `keep` holds, as a panel, with the cohort of each row.
    fn panel(&self, keep: impl Fn(usize) -> bool) -> (Panel, Vec<f64>) {
        let rows: Vec<usize> = (0..self.y.len()).filter(|&i| keep(i)).collect();
        let panel = Panel {
            outcome: "y".into(),
            id: rows.iter().map(|&i| self.id[i].clone()).collect(),
            time: rows.iter().map(|&i| self.period[i]).collect(),
            y: rows.iter().map(|&i| self.y[i]).collect(),
            ..Panel::default()
        };
        (panel, rows.iter().map(|&i| self.cohort[i]).collect())
    }
}

/// Checks coefficients, SEs, t, p and 95% intervals of `got` (coef, se, t, p, lo, hi) against
/// the expected block, with `se_key` naming the convention.
fn check_block(what: &str, got: &[(f64, f64, f64, f64, f64, f64)], e: &Value, se_key: &str) {
    let coef = numbers(&e["coef"]);
    let se = numbers(&e[se_key]);
    assert_eq!(got.len(), coef.len(), "{what}: number of coefficients");
    for (j, g) in got.iter().enumerate() {
        assert_close(&format!("{what} coef {j}"), g.0, coef[j], COEF);
        assert_close(&format!("{what} {se_key} {j}"), g.1, se[j], SE);
    }
    // t, p and the interval are given for the statsmodels convention only.
    if se_key == "se_crv1_statsmodels" {
        let (t, p) = (numbers(&e["t"]), numbers(&e["p_value"]));
        let (lo, hi) = (numbers(&e["ci95_lower"]), numbers(&e["ci95_upper"]));
        for (j, g) in got.iter().enumerate() {
            assert_close(&format!("{what} t {j}"), g.2, t[j], SE);
            // p-values far out in the tail: statrs' t tail is good to ~1e-6 relative there
            let p_tol = if p[j] < 1e-10 { 1e-5 } else { 1e-7 };
            assert_close(&format!("{what} p {j}"), g.3, p[j], p_tol);
            assert_close(&format!("{what} ci lower {j}"), g.4, lo[j], SE);
            assert_close(&format!("{what} ci upper {j}"), g.5, hi[j], SE);
        }
    }
}

fn rows_of(c: &[indsats::effects::Coefficient]) -> Vec<(f64, f64, f64, f64, f64, f64)> {
    c.iter()
        .map(|c| (c.coef, c.std_error, c.t, c.p_value, c.ci[0], c.ci[1]))
        .collect()
}

const CONVENTIONS: [(SmallSample, &str); 3] = [
    (SmallSample::Crv1, "se_crv1_statsmodels"),
    (SmallSample::GOnly, "se_cluster_G_adjust_only"),
    (SmallSample::Slopes, "se_cluster_K_slopes_only"),
];

#[test]
fn did_2x2_cohort5_periods4_5_matches_statsmodels_and_cell_means() {
    let s = sim();
    let e = &s.expected["did_2x2_cohort5_vs_never_periods4_5"];
    let keep =
        |i: usize| (s.cohort[i] == 5.0 || s.cohort[i] == 0.0) && [4.0, 5.0].contains(&s.period[i]);
    let (panel, cohort) = s.panel(keep);
    let treated: Vec<f64> = cohort
        .iter()
        .map(|g| f64::from(u8::from(*g == 5.0)))
        .collect();
    for (conv, key) in &CONVENTIONS[..2] {
        let fit = Did::new()
            .small_sample(*conv)
            .fit(&panel, &treated)
            .unwrap();
        check_block(&format!("2x2 {key}"), &rows_of(&fit.coefficients), e, key);
        assert_close("estimate", fit.estimate, num(&e["coef"][3]), COEF);
        assert_eq!(fit.df, 289.0);
        assert_eq!(fit.n.clusters, 290);
        assert_eq!(fit.n.rows, 580);
        assert_eq!((fit.n.treated, fit.n.control), (120, 170));
        assert!(fit.n.balanced);
        if *conv == SmallSample::Crv1 {
            assert_close(
                "crv1 factor",
                fit.small_sample_factor,
                num(&e["crv1_factor"]),
                1e-12,
            );
        }
        let cells = &e["cell_means"];
        for c in &fit.cell_means {
            let key = format!("treated={},post={}", u8::from(c.treated), u8::from(c.post));
            assert_close(&key, c.mean, num(&cells[&key]), COEF);
        }
        assert_close(
            "did of means",
            fit.did_of_means,
            num(&e["did_from_means"]),
            COEF,
        );
    }
    // Slopes: nothing absorbed, so the same K and the same errors as CRV1.
    let a = Did::new().fit(&panel, &treated).unwrap();
    let b = Did::new()
        .small_sample(SmallSample::Slopes)
        .fit(&panel, &treated)
        .unwrap();
    assert_eq!(a.std_error, b.std_error);
    // The post period told by a column or a start time gives the same fit.
    let post: Vec<f64> = panel
        .time
        .iter()
        .map(|t| f64::from(u8::from(*t == 5.0)))
        .collect();
    let c = Did::new()
        .post(Post::Column(post))
        .fit(&panel, &treated)
        .unwrap();
    let d = Did::new()
        .post(Post::From(5.0))
        .fit(&panel, &treated)
        .unwrap();
    assert_eq!((a.estimate, a.std_error), (c.estimate, c.std_error));
    assert_eq!((a.estimate, a.std_error), (d.estimate, d.std_error));
}

fn num(v: &Value) -> f64 {
    v.as_f64().unwrap_or_else(|| panic!("a number, not {v}"))
}

#[test]
fn did_pooled_cohort5_all_periods_matches_statsmodels() {
    let s = sim();
    let e = &s.expected["did_2x2_pooled_cohort5_vs_never_all_periods"];
    let (panel, cohort) = s.panel(|i| s.cohort[i] == 5.0 || s.cohort[i] == 0.0);
    let treated: Vec<f64> = cohort
        .iter()
        .map(|g| f64::from(u8::from(*g == 5.0)))
        .collect();
    for (conv, key) in &CONVENTIONS[..2] {
        let fit = Did::new()
            .post(Post::From(5.0))
            .small_sample(*conv)
            .fit(&panel, &treated)
            .unwrap();
        check_block(
            &format!("pooled {key}"),
            &rows_of(&fit.coefficients),
            e,
            key,
        );
        let cells = &e["cell_means"];
        for c in &fit.cell_means {
            let key = format!("treated={},post={}", u8::from(c.treated), u8::from(c.post));
            assert_close(&key, c.mean, num(&cells[&key]), COEF);
        }
        assert_eq!(fit.n.rows, 2320);
    }
}

fn event_study(conv: SmallSample) -> EventStudyFit {
    let s = sim();
    let (panel, cohort) = s.panel(|_| true);
    EventStudy::new()
        .small_sample(conv)
        .fit(&panel, &cohort)
        .unwrap()
}

#[test]
fn twfe_event_study_matches_statsmodels_under_each_convention() {
    let s = sim();
    let e = &s.expected["twfe_event_study"];
    let names: Vec<&str> = e["names"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    for (conv, key) in CONVENTIONS {
        let fit = event_study(conv);
        let terms: Vec<&str> = fit.coefficients.iter().map(|c| c.term.as_str()).collect();
        assert_eq!(terms, names);
        check_block(
            &format!("event study {key}"),
            &rows_of(&fit.coefficients),
            e,
            key,
        );
        assert_eq!(fit.k_design, 518);
        assert_eq!(fit.k_slopes, 11);
        assert_eq!(fit.df, 499.0);
        assert_eq!((fit.n.units, fit.n.periods, fit.n.rows), (500, 8, 4000));
        assert_eq!((fit.n.treated, fit.n.control), (330, 170));
        // The static TWFE coefficient comes with it.
        let st = &s.expected["twfe_static"];
        let twfe_static = fit.twfe_static.clone().unwrap();
        assert_close("static coef", twfe_static.coef, num(&st["coef"][0]), COEF);
        assert_close("static se", twfe_static.std_error, num(&st[key][0]), SE);
        if conv == SmallSample::Crv1 {
            assert_close(
                "crv1 factor",
                fit.small_sample_factor,
                num(&e["crv1_factor"]),
                1e-12,
            );
            assert_close("static t", twfe_static.t, num(&st["t"][0]), SE);
            assert_close(
                "static lower",
                twfe_static.ci[0],
                num(&st["ci95_lower"][0]),
                SE,
            );
            assert_close(
                "static upper",
                twfe_static.ci[1],
                num(&st["ci95_upper"][0]),
                SE,
            );
        }
        // The event-study rows: the coefficients in order, with e = −1 at 0 in its place.
        let rel: Vec<i64> = fit.event_study.iter().map(|r| r.relative_time).collect();
        assert_eq!(rel, (-6..=5).collect::<Vec<_>>());
        let r = fit.event_study.iter().find(|r| r.reference).unwrap();
        assert_eq!((r.relative_time, r.estimate, r.std_error), (-1, 0.0, None));
    }
}

/// The pre-trend Wald test and the mean of the post coefficients, from the coefficients
/// and covariance statsmodels gives (`tests/reference/did_es_wald/`).
#[test]
fn pretrend_wald_and_post_mean_match_statsmodels() {
    let e: Value =
        serde_json::from_str(include_str!("reference/did_es_wald/expected.json")).unwrap();
    for (conv, key) in CONVENTIONS {
        let fit = event_study(conv);
        let x = &e[key];
        let p = fit.pretrend.as_ref().unwrap();
        assert_eq!(p.df, 5);
        assert_close("wald chi2", p.statistic, num(&x["wald_chi2"]), SE);
        assert_close("wald chi2 p", p.p_value, num(&x["wald_chi2_p"]), 1e-6);
        assert_close("wald F", p.f_statistic, num(&x["wald_f"]), SE);
        assert_close("wald F p", p.f_p_value, num(&x["wald_f_p"]), 1e-6);
        assert_eq!(p.df_denominator, num(&x["wald_f_df_denom"]));
        assert_close(
            "post mean",
            fit.estimate.unwrap(),
            num(&x["post_mean"]),
            COEF,
        );
        assert_close(
            "post mean se",
            fit.std_error.unwrap(),
            num(&x["post_mean_se"]),
            SE,
        );
    }
}

/// A balanced panel whose outcome is unit effect + period effect + a known effect by
/// relative time, without noise: every method recovers it exactly.
fn exact_panel() -> (Panel, Vec<f64>) {
    let (mut id, mut time, mut y, mut cohort) = (vec![], vec![], vec![], vec![]);
    let cohorts = [0.0, 0.0, 3.0, 3.0, 4.0, 5.0];
    for (u, g) in cohorts.iter().enumerate() {
        for t in 1..=6 {
            let t = t as f64;
            id.push(format!("u{u}"));
            time.push(t);
            cohort.push(*g);
            // 1, 1.5, then 2 from two periods after the start on
            let effect = if *g > 0.0 && t >= *g {
                1.0 + 0.5 * (t - g).min(2.0)
            } else {
                0.0
            };
            // a perturbation of ±1e-7 keeps the residuals from being exactly zero
            let wobble = if (u + t as usize) % 3 == 0 {
                1e-7
            } else {
                -1e-7
            };
            y.push(u as f64 * 0.7 + (t * 1.3).sin() + effect + wobble);
        }
    }
    let p = Panel {
        outcome: "y".into(),
        id,
        time,
        y,
        ..Panel::default()
    };
    (p, cohort)
}

#[test]
fn event_study_recovers_effects_without_noise_and_pools_the_ends() {
    let (panel, cohort) = exact_panel();
    let fit = EventStudy::new().fit(&panel, &cohort).unwrap();
    for r in &fit.event_study {
        let truth = if r.relative_time >= 0 {
            1.0 + 0.5 * r.relative_time.min(2) as f64
        } else {
            0.0
        };
        assert!((r.estimate - truth).abs() < 1e-6, "{r:?}");
    }
    // Pooling e ≥ 2 (where the effect is flat) and e ≤ −3: the same effects, rows add up.
    let pooled = EventStudy::new()
        .bin_min(Some(-3))
        .bin_max(Some(2))
        .fit(&panel, &cohort)
        .unwrap();
    let rel: Vec<i64> = pooled.event_study.iter().map(|r| r.relative_time).collect();
    assert_eq!(rel, vec![-3, -2, -1, 0, 1, 2]);
    let top = pooled.event_study.last().unwrap();
    assert!(top.pooled && !pooled.event_study[1].pooled);
    let treated_rows: usize = pooled.event_study.iter().map(|r| r.rows).sum();
    assert_eq!(treated_rows, 4 * 6);
    // e ≤ −3 pools −3 and −4 (cohort 5 at t = 1, 2 and cohort 4 at t = 1)
    assert_eq!(pooled.event_study[0].rows, 3);
    let truth = [0.0, 0.0, 0.0, 1.0, 1.5, 2.0];
    for (r, t) in pooled.event_study.iter().zip(truth) {
        assert!((r.estimate - t).abs() < 1e-6, "{r:?}");
    }
    assert_eq!(pooled.k_slopes, 5);
    assert_eq!(pooled.k_design, 6 + 6 - 1 + 5);
}

#[test]
fn hand_worked_2x2_with_covariate_and_unbalanced_panel() {
    // 4 units × 2 periods; y changes by 3 among the treated and 1 among the others.
    let panel = Panel {
        outcome: "y".into(),
        id: ["a", "a", "b", "b", "c", "c", "d", "d", "e"]
            .map(String::from)
            .to_vec(),
        time: vec![1.0, 2.0, 1.0, 2.0, 1.0, 2.0, 1.0, 2.0, 1.0],
        y: vec![1.0, 4.0, 2.0, 5.0, 0.0, 1.0, 2.0, 3.0, 1.0],
        ..Panel::default()
    };
    let treated = [1.0, 1.0, 1.0, 1.0, 0.0, 0.0, 0.0, 0.0, 0.0];
    let fit = Did::new().fit(&panel, &treated).unwrap();
    // cells: control pre (0 + 2 + 1)/3 = 1, control post 2, treated pre 1.5, post 4.5
    let means: Vec<f64> = fit.cell_means.iter().map(|c| c.mean).collect();
    assert_eq!(means, vec![1.0, 2.0, 1.5, 4.5]);
    assert!((fit.did_of_means - 2.0).abs() < 1e-12);
    assert!((fit.estimate - 2.0).abs() < 1e-12);
    assert!(!fit.n.balanced);
    assert_eq!(fit.n.unbalanced_units, 1);
    assert!(fit.warnings.iter().any(|w| w.contains("unbalanced")));
    assert!(fit.warnings.iter().any(|w| w.contains("only 5 clusters")));
}

#[test]
fn duplicate_unit_period_is_an_error_naming_rows() {
    let panel = Panel {
        outcome: "y".into(),
        id: ["a", "a", "a", "b"].map(String::from).to_vec(),
        time: vec![1.0, 2.0, 2.0, 1.0],
        y: vec![1.0, 2.0, 3.0, 4.0],
        file_rows: Some(vec![2, 3, 4, 5]),
        ..Panel::default()
    };
    let err = Did::new()
        .fit(&panel, &[1.0, 1.0, 1.0, 0.0])
        .unwrap_err()
        .to_string();
    assert!(err.contains("unit \"a\" time 2 in rows 3 and 4"), "{err}");
}

#[test]
fn bad_inputs_give_clear_errors() {
    let (panel, cohort) = exact_panel();
    // a treatment that changes within a unit
    let mut t: Vec<f64> = cohort
        .iter()
        .map(|g| f64::from(u8::from(*g > 0.0)))
        .collect();
    t[0] = 1.0;
    let err = Did::new()
        .post(Post::From(4.0))
        .fit(&panel, &t)
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("unit \"u0\"") && err.contains("row 1"),
        "{err}"
    );
    // more than two periods and no post rule
    let t: Vec<f64> = cohort
        .iter()
        .map(|g| f64::from(u8::from(*g > 0.0)))
        .collect();
    let err = Did::new().fit(&panel, &t).unwrap_err().to_string();
    assert!(err.contains("6 periods"), "{err}");
    // an empty cell
    let err = Did::new()
        .post(Post::From(99.0))
        .fit(&panel, &t)
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("no rows for the comparison group after"),
        "{err}"
    );
    // one cluster
    let mut one = panel.clone();
    one.clusters = Some(vec!["x".into(); one.y.len()]);
    let err = Did::new()
        .post(Post::From(4.0))
        .fit(&one, &t)
        .unwrap_err()
        .to_string();
    assert!(err.contains("at least 2 clusters"), "{err}");
    // event study: bins on the wrong side, no treated, no comparison at all, bad cohort
    let err = EventStudy::new()
        .bin_min(Some(-1))
        .fit(&panel, &cohort)
        .unwrap_err();
    assert!(err.to_string().contains("bin_min"), "{err}");
    let err = EventStudy::new()
        .fit(&panel, &vec![0.0; cohort.len()])
        .unwrap_err();
    assert!(err.to_string().contains("no unit is ever treated"), "{err}");
    let err = EventStudy::new()
        .fit(&panel, &vec![3.0; cohort.len()])
        .unwrap_err();
    assert!(
        err.to_string().contains("no comparison group at all"),
        "{err}"
    );
    let mut c = cohort.clone();
    c[13] = 2.5;
    let err = EventStudy::new().fit(&panel, &c).unwrap_err().to_string();
    assert!(
        err.contains("row 14") && err.contains("whole-number"),
        "{err}"
    );
    let mut c = cohort.clone();
    c[13] = 4.0;
    let err = EventStudy::new().fit(&panel, &c).unwrap_err().to_string();
    assert!(
        err.contains("unit \"u2\"") && err.contains("row 14"),
        "{err}"
    );
    let err = EventStudy::new()
        .reference(-9)
        .bin_min(Some(-10))
        .fit(&panel, &cohort)
        .unwrap_err();
    assert!(
        err.to_string().contains("reference relative time -9"),
        "{err}"
    );
}

#[test]
fn event_study_without_pre_periods_has_a_null_pretrend_and_a_warning() {
    // every cohort starts in period 2: only e = −1 before, the reference
    let (panel, mut cohort) = exact_panel();
    for g in cohort.iter_mut().filter(|g| **g > 0.0) {
        *g = 2.0;
    }
    let fit = EventStudy::new().fit(&panel, &cohort).unwrap();
    assert!(fit.pretrend.is_none());
    assert!(fit
        .warnings
        .iter()
        .any(|w| w.contains("pre-trend test is not available")));
    let json = serde_json::to_string(&fit).unwrap();
    assert!(json.contains("\"pretrend\":null") && !json.contains("NaN"));
}

/// Units in cohorts 0, 4, 6 over 8 periods with parallel trends and effects 2 + 0.5e; the
/// noise is independent, so the pre-period coefficients are zero in truth.
fn simulated(seed: u64) -> (Panel, Vec<f64>) {
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(seed);
    let noise = Normal::new(0.0, 1.0).unwrap();
    let (mut id, mut time, mut y, mut cohort) = (vec![], vec![], vec![], vec![]);
    for u in 0..300 {
        let g = [0.0, 4.0, 6.0][u % 3];
        let alpha = noise.sample(&mut rng);
        for t in 1..=8 {
            let t = t as f64;
            let effect = if g > 0.0 && t >= g {
                2.0 + 0.5 * (t - g)
            } else {
                0.0
            };
            id.push(u.to_string());
            time.push(t);
            cohort.push(g);
            y.push(alpha + 0.3 * t + effect + noise.sample(&mut rng));
        }
    }
    let p = Panel {
        outcome: "y".into(),
        id,
        time,
        y,
        ..Panel::default()
    };
    (p, cohort)
}

#[test]
fn parallel_trends_simulation_does_not_reject_and_covers_the_truth() {
    // Homogeneous effects across cohorts, so TWFE is unbiased here. Over 20 seeded panels
    // the pre-trend test rejects at 5 % rarely, and the intervals cover the true effects
    // about 95 % of the time.
    let (mut rejections, mut covered, mut total) = (0, 0, 0);
    for seed in 0..20 {
        let (panel, cohort) = simulated(seed);
        let fit = EventStudy::new().fit(&panel, &cohort).unwrap();
        if fit.pretrend.as_ref().unwrap().f_p_value < 0.05 {
            rejections += 1;
        }
        for r in fit.event_study.iter().filter(|r| !r.reference) {
            let truth = if r.relative_time >= 0 {
                2.0 + 0.5 * r.relative_time as f64
            } else {
                0.0
            };
            let ci = r.ci.unwrap();
            total += 1;
            if ci[0] <= truth && truth <= ci[1] {
                covered += 1;
            }
        }
    }
    assert!(
        rejections <= 3,
        "{rejections} of 20 pre-trend tests rejected"
    );
    let share = covered as f64 / total as f64;
    assert!((0.88..=0.99).contains(&share), "coverage {share}");
    // And one seed in particular: the pre-trend test does not reject.
    let (panel, cohort) = simulated(7);
    let fit = EventStudy::new().fit(&panel, &cohort).unwrap();
    assert!(fit.pretrend.unwrap().p_value > 0.05);
}

// ---------------------------------------------------------------------------------------
// The CLI.

#[track_caller]
fn run_json(args: &[&str]) -> Value {
    let o = indsats(args);
    let (out, err) = text(&o);
    assert_eq!(o.status.code(), Some(0), "{}\n{out}\n{err}", args.join(" "));
    assert!(!out.contains("NaN") && !out.contains("inf"), "{out}");
    serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {out}"))
}

#[test]
fn cli_event_study_json_has_the_contract_keys_and_statsmodels_numbers() {
    let data = reference_csv();
    let v = run_json(&[
        "estimate",
        "event-study",
        "--data",
        &data,
        "--id",
        "id",
        "--time",
        "period",
        "--cohort",
        "cohort",
        "--outcome",
        "y",
        "--format",
        "json",
    ]);
    for key in [
        "method",
        "estimand",
        "outcome",
        "estimate",
        "std_error",
        "ci",
        "ci_level",
        "p_value",
        "n",
        "warnings",
        "coefficients",
        "event_study",
        "pretrend",
    ] {
        assert!(v.get(key).is_some(), "missing {key}");
    }
    for key in [
        "treated",
        "control",
        "used_treated",
        "used_control",
        "excluded",
        "units",
        "periods",
        "rows",
    ] {
        assert!(v["n"].get(key).is_some(), "missing n.{key}");
    }
    let s = sim();
    let e = &s.expected["twfe_event_study"];
    let rows = v["event_study"].as_array().unwrap();
    let coef = numbers(&e["coef"]);
    let se = numbers(&e["se_crv1_statsmodels"]);
    let lo = numbers(&e["ci95_lower"]);
    let estimated: Vec<&Value> = rows.iter().filter(|r| r["reference"] == false).collect();
    for (j, r) in estimated.iter().enumerate() {
        assert_close("cli coef", num(&r["estimate"]), coef[j], COEF);
        assert_close("cli se", num(&r["std_error"]), se[j], SE);
        assert_close("cli ci", num(&r["ci"][0]), lo[j], SE);
    }
    let reference = rows.iter().find(|r| r["relative_time"] == -1).unwrap();
    assert!(reference["std_error"].is_null());
    for key in ["statistic", "df", "p_value"] {
        assert!(v["pretrend"].get(key).is_some(), "missing pretrend.{key}");
    }
}

#[test]
fn cli_did_json_matches_statsmodels_with_post_from() {
    let dir = tempfile::tempdir().unwrap();
    // cohort 5 and never treated, a 0/1 group column
    let mut csv = String::from("id;period;group;y\n");
    let s = sim();
    for i in 0..s.y.len() {
        if s.cohort[i] == 5.0 || s.cohort[i] == 0.0 {
            csv.push_str(&format!(
                "{};{};{};{}\n",
                s.id[i],
                s.period[i],
                u8::from(s.cohort[i] == 5.0),
                s.y[i].to_string().replace('.', ",")
            ));
        }
    }
    let path = dir.path().join("d.csv");
    std::fs::write(&path, csv).unwrap();
    let p = path.to_string_lossy();
    let v = run_json(&[
        "estimate",
        "did",
        "--data",
        &p,
        "--id",
        "id",
        "--time",
        "period",
        "--treatment",
        "group",
        "--post-from",
        "5",
        "--outcome",
        "y",
        "--format",
        "json",
    ]);
    let e = &s.expected["did_2x2_pooled_cohort5_vs_never_all_periods"];
    assert_close("did", num(&v["estimate"]), num(&e["coef"][3]), COEF);
    assert_close(
        "se",
        num(&v["std_error"]),
        num(&e["se_crv1_statsmodels"][3]),
        SE,
    );
    assert_close("lower", num(&v["ci"][0]), num(&e["ci95_lower"][3]), SE);
    assert_eq!(v["method"], "did");
    assert_eq!(v["n"]["treated"], 120);
    assert_eq!(v["n"]["rows"], 2320);
    assert!(v["cell_means"].is_array());
    let g = run_json(&[
        "estimate",
        "did",
        "--data",
        &p,
        "--id",
        "id",
        "--time",
        "period",
        "--treatment",
        "group",
        "--post-from",
        "5",
        "--outcome",
        "y",
        "--format",
        "json",
        "--small-sample",
        "g-only",
    ]);
    assert_close(
        "g-only se",
        num(&g["std_error"]),
        num(&e["se_cluster_G_adjust_only"][3]),
        SE,
    );
    // table output in both languages
    for (lang, word) in [
        ("da", "Forskel i forskelle"),
        ("en", "Difference in differences"),
    ] {
        let o = indsats(&[
            "estimate",
            "did",
            "--data",
            &p,
            "--id",
            "id",
            "--time",
            "period",
            "--treatment",
            "group",
            "--post-from",
            "5",
            "--outcome",
            "y",
            "--lang",
            lang,
        ]);
        let (out, err) = text(&o);
        assert_eq!(o.status.code(), Some(0), "{err}");
        assert!(out.contains(word), "{out}");
    }
}

#[test]
fn cli_errors_exit_1_for_data_and_2_for_usage() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("dup.csv");
    std::fs::write(
        &path,
        "id,t,g,y\n1,1,1,2\n1,1,1,3\n2,1,0,1\n2,2,0,1\n1,2,1,5\n",
    )
    .unwrap();
    let p = path.to_string_lossy();
    let o = indsats(&[
        "estimate",
        "did",
        "--data",
        &p,
        "--id",
        "id",
        "--time",
        "t",
        "--treatment",
        "g",
        "--outcome",
        "y",
    ]);
    let (_, err) = text(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(err.contains("rows 2 and 3"), "{err}");
    let o = indsats(&[
        "estimate",
        "did",
        "--data",
        &p,
        "--id",
        "id",
        "--time",
        "t",
        "--treatment",
        "g",
        "--outcome",
        "y",
        "--post",
        "g",
        "--post-from",
        "2",
    ]);
    assert_eq!(o.status.code(), Some(2));
    let o = indsats(&[
        "estimate",
        "event-study",
        "--data",
        &p,
        "--id",
        "id",
        "--time",
        "t",
        "--cohort",
        "g",
        "--outcome",
        "y",
        "--bin-min",
        "0",
    ]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn event_study_chart_draws_points_whiskers_reference_and_start() {
    use indsats::report::charts::ChartText;
    use indsats::report::charts_time::{event_study_plot, EventPoint};
    let fit = event_study(SmallSample::Crv1);
    let points: Vec<EventPoint> = fit
        .event_study
        .iter()
        .map(|r| EventPoint {
            relative_time: r.relative_time,
            estimate: r.estimate,
            ci: r.ci,
            reference: r.reference,
            pooled: r.pooled,
        })
        .collect();
    let text = ChartText {
        title: "Effect on y before & after the start".into(),
        x_label: "Periods since the start".into(),
        y_label: "Difference in y from period −1".into(),
        description: "330 treated and 170 comparison units, 4000 rows".into(),
    };
    let svg = event_study_plot(
        "es",
        &text,
        &points,
        ["Estimate", "Reference", "Start"],
        &|v| format!("{v:.2}"),
    )
    .unwrap();
    assert!(svg.starts_with("<svg") && !svg.contains("http"));
    assert!(svg.contains("<title id=\"es-title\">Effect on y before &amp; after the start</title>"));
    assert!(svg.contains("4000 rows"), "the caption with n is drawn");
    // 11 filled points and one hollow (the reference, stroked and unfilled)
    assert_eq!(
        svg.matches("<circle").count(),
        12 + 2,
        "points and the two legend marks"
    );
    for tick in ["-6", "-1", "0", "5"] {
        assert!(
            svg.contains(&format!(">\n{tick}\n<")) || svg.contains(&format!(">{tick}<")),
            "tick {tick}"
        );
    }
    // a point without a finite value, or twice the same relative time, is refused
    let mut bad = points.clone();
    bad[0].estimate = f64::NAN;
    assert!(event_study_plot("es", &text, &bad, ["a", "b", "c"], &|v| v.to_string()).is_err());
    let mut twice = points.clone();
    twice[1].relative_time = twice[0].relative_time;
    let err = event_study_plot("es", &text, &twice, ["a", "b", "c"], &|v| v.to_string());
    assert!(err
        .unwrap_err()
        .to_string()
        .contains("two points at relative time -6"));
}

#[test]
fn cli_event_study_writes_the_chart_and_a_table_in_both_languages() {
    let dir = tempfile::tempdir().unwrap();
    let svg = dir.path().join("es.svg");
    let data = reference_csv();
    for (lang, words) in [
        (
            "da",
            [
                "Event study (to-vejs faste effekter)",
                "test af trend før start",
                "≤-4",
            ],
        ),
        (
            "en",
            [
                "Event study (two-way fixed effects)",
                "pre-trend test",
                "≥3",
            ],
        ),
    ] {
        let o = indsats(&[
            "estimate",
            "event-study",
            "--data",
            &data,
            "--id",
            "id",
            "--time",
            "period",
            "--cohort",
            "cohort",
            "--outcome",
            "y",
            "--bin-min",
            "-4",
            "--bin-max",
            "3",
            "--chart",
            &svg.to_string_lossy(),
            "--lang",
            lang,
        ]);
        let (out, err) = text(&o);
        assert_eq!(o.status.code(), Some(0), "{err}");
        for w in words {
            assert!(out.contains(w), "{lang}: {w} missing in\n{out}");
        }
        let chart = std::fs::read_to_string(&svg).unwrap();
        assert!(chart.contains("<svg") && chart.contains("4000"));
        assert!(
            chart.contains("≤-4") && chart.contains("≥3"),
            "pooled ends on the ticks"
        );
    }
    // CSV: one row per relative time, the reference with empty errors
    let o = indsats(&[
        "estimate",
        "event-study",
        "--data",
        &data,
        "--id",
        "id",
        "--time",
        "period",
        "--cohort",
        "cohort",
        "--outcome",
        "y",
        "--format",
        "csv",
    ]);
    let (out, _) = text(&o);
    assert_eq!(out.lines().count(), 1 + 12);
    assert!(out.lines().any(|l| l.starts_with("y,-1,0,,,,")), "{out}");
}

/// The rows of the unbalanced case (did_es_wald): (7 id + 3 period) mod 11 ≠ 0, with the
/// covariate x = ((31 id + 17 period) mod 13)/13.
fn unbalanced(s: &Sim, keep: impl Fn(usize) -> bool) -> (Panel, Vec<f64>) {
    let id = |i: usize| s.id[i].parse::<i64>().unwrap();
    let rows = |i: usize| (7 * id(i) + 3 * s.period[i] as i64) % 11 != 0 && keep(i);
    let (mut panel, cohort) = s.panel(rows);
    let x = panel
        .id
        .iter()
        .zip(&panel.time)
        .map(|(u, t)| ((31 * u.parse::<i64>().unwrap() + 17 * *t as i64) % 13) as f64 / 13.0)
        .collect();
    panel.covariates = vec![("x".into(), x)];
    (panel, cohort)
}

#[test]
fn unbalanced_panel_with_a_covariate_matches_statsmodels() {
    let s = sim();
    let e: Value =
        serde_json::from_str(include_str!("reference/did_es_wald/expected.json")).unwrap();
    let (panel, cohort) = unbalanced(&s, |_| true);
    let fit = EventStudy::new().fit(&panel, &cohort).unwrap();
    let x = &e["unbalanced_event_study"];
    assert_eq!(fit.n.rows, 3637);
    assert!(!fit.n.balanced && fit.n.unbalanced_units > 0);
    assert!(fit.warnings.iter().any(|w| w.contains("unbalanced")));
    assert_eq!(fit.k_design, 519);
    let (coef, se) = (numbers(&x["coef"]), numbers(&x["se_crv1_statsmodels"]));
    assert_eq!(fit.coefficients.len(), coef.len());
    for (j, c) in fit.coefficients.iter().enumerate() {
        assert_close(&format!("{} coef", c.term), c.coef, coef[j], COEF);
        assert_close(&format!("{} se", c.term), c.std_error, se[j], SE);
    }
    assert_eq!(fit.coefficients[11].term, "x");
    // the 2×2 with the covariate
    let (panel, cohort) = unbalanced(&s, |i| s.cohort[i] == 5.0 || s.cohort[i] == 0.0);
    let treated: Vec<f64> = cohort
        .iter()
        .map(|g| f64::from(u8::from(*g == 5.0)))
        .collect();
    let fit = Did::new()
        .post(Post::From(5.0))
        .fit(&panel, &treated)
        .unwrap();
    let x = &e["unbalanced_did_2x2_covariate"];
    let (coef, se) = (numbers(&x["coef"]), numbers(&x["se_crv1_statsmodels"]));
    assert_eq!(fit.n.rows, num(&x["n_obs"]) as usize);
    for (j, c) in fit.coefficients.iter().enumerate() {
        assert_close(&format!("{} coef", c.term), c.coef, coef[j], COEF);
        assert_close(&format!("{} se", c.term), c.std_error, se[j], SE);
    }
    // with a covariate the regression estimate is no longer the difference of cell means
    assert!((fit.estimate - fit.did_of_means).abs() > 1e-6);
}

#[test]
fn cluster_bootstrap_is_seeded_and_near_the_cluster_robust_error() {
    use indsats::effects::Bootstrap;
    let s = sim();
    let (panel, cohort) = s.panel(|i| s.cohort[i] == 5.0 || s.cohort[i] == 0.0);
    let treated: Vec<f64> = cohort
        .iter()
        .map(|g| f64::from(u8::from(*g == 5.0)))
        .collect();
    let did = Did::new().post(Post::From(5.0));
    let fit = did.fit(&panel, &treated).unwrap();
    let boot = Bootstrap::new(200).seed(11);
    let a = did.bootstrap(&panel, &treated, &boot).unwrap();
    let b = did.bootstrap(&panel, &treated, &boot).unwrap();
    assert_eq!(a, b, "the same seed gives the same replicates");
    assert_eq!(a.estimate, fit.estimate);
    assert_eq!(a.failed, 0);
    // the bootstrap SE estimates the same thing as the cluster-robust SE (0.0489): within 20 %
    let ratio = a.std_error / fit.std_error;
    assert!(
        (0.8..1.2).contains(&ratio),
        "bootstrap SE {} vs {}",
        a.std_error,
        fit.std_error
    );
    assert!(a.percentile_ci[0] < fit.estimate && fit.estimate < a.percentile_ci[1]);
}

#[test]
fn cli_did_bootstrap_and_estimand() {
    // cohort 5 against the never treated, the group as a 0/1 column
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("g.csv");
    let mut csv = String::from("id,period,group,y\n");
    let s = sim();
    for i in 0..s.y.len() {
        if s.cohort[i] == 5.0 || s.cohort[i] == 0.0 {
            csv.push_str(&format!(
                "{},{},{},{}\n",
                s.id[i],
                s.period[i],
                u8::from(s.cohort[i] == 5.0),
                s.y[i]
            ));
        }
    }
    std::fs::write(&path, csv).unwrap();
    let p = path.to_string_lossy();
    let base = [
        "estimate",
        "did",
        "--data",
        &p,
        "--id",
        "id",
        "--time",
        "period",
        "--treatment",
        "group",
        "--post-from",
        "5",
        "--outcome",
        "y",
    ];
    let mut args = base.to_vec();
    args.extend(["--bootstrap", "40", "--seed", "3", "--format", "json"]);
    let v = run_json(&args);
    assert_eq!(v["bootstrap"]["replicates"], 40);
    assert_eq!(v["bootstrap"]["seed"], 3);
    let mut args = base.to_vec();
    args.extend(["--estimand", "ate"]);
    let o = indsats(&args);
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o).1.contains("--estimand att"));
}

#[test]
fn event_study_without_never_treated_says_why_it_cannot_separate_the_times() {
    let (panel, cohort) = exact_panel();
    let staggered_only: Vec<f64> = cohort
        .iter()
        .map(|g| if *g == 0.0 { 5.0 } else { *g })
        .collect();
    let err = EventStudy::new()
        .fit(&panel, &staggered_only)
        .unwrap_err()
        .to_string();
    assert!(err.contains("without never-treated units"), "{err}");
    assert!(
        err.contains("term \"rel_p3\" cannot be told apart"),
        "{err}"
    );
    // pooling the ends identifies it, with a warning that no unit is never treated
    let fit = EventStudy::new()
        .bin_min(Some(-2))
        .bin_max(Some(1))
        .fit(&panel, &staggered_only)
        .unwrap();
    assert!(fit
        .warnings
        .iter()
        .any(|w| w.contains("no never-treated units")));
}
