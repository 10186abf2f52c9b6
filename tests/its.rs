//! Interrupted time series: segmented regression with Newey–West errors against statsmodels
//! (its_sim, its_seasonal, its_controlled), the Newey–West covariance by its definition,
//! recovery of a planted effect, every refusal, and `indsats estimate its` as a process.

use crate::common::{indsats, text};
use crate::tolerance::{assert_close, CLOSED_FORM};
use indsats::effects::{ols, Covariance, Inference, Its, ItsFit, Series};
use rand::SeedableRng;
use rand_distr::{Distribution, Normal};
use serde_json::Value;

/// Standard errors, statistics and intervals: CASE.md asks for 1e-9 relative.
const SE_TOL: f64 = 1e-9;
/// p-values: 1e-8 relative, or 1e-12 absolute when tiny.
const P_TOL: f64 = 1e-8;

fn json(text: &str) -> Value {
    serde_json::from_str(text).expect("expected.json parses")
}

/// A CSV with a header as columns of text.
fn columns(csv: &str) -> Vec<(String, Vec<String>)> {
    let mut lines = csv.lines();
    let mut cols: Vec<(String, Vec<String>)> = lines
        .next()
        .unwrap()
        .split(',')
        .map(|h| (h.to_string(), Vec::new()))
        .collect();
    for line in lines {
        for (c, v) in cols.iter_mut().zip(line.split(',')) {
            c.1.push(v.to_string());
        }
    }
    cols
}

fn col<'a>(cols: &'a [(String, Vec<String>)], name: &str) -> &'a [String] {
    &cols.iter().find(|(n, _)| n == name).unwrap().1
}

fn nums(v: &[String]) -> Vec<f64> {
    v.iter().map(|x| x.parse().unwrap()).collect()
}

fn its_sim() -> (Series, Value) {
    let cols = columns(include_str!("reference/its_sim/series.csv"));
    let time: Vec<i64> = col(&cols, "time")
        .iter()
        .map(|v| v.parse().unwrap())
        .collect();
    let s = Series::new("y", time, nums(col(&cols, "y")));
    (s, json(include_str!("reference/its_sim/expected.json")))
}

/// The reference's names for our terms.
const TERMS: [(&str, &str); 4] = [
    ("intercept", "const"),
    ("time", "time"),
    ("level_change", "post"),
    ("slope_change", "time_after"),
];

fn p_close(what: &str, actual: Option<f64>, expected: f64) {
    let a = actual.expect("a p-value");
    if expected.abs() < 1e-12 {
        assert!(
            (a - expected).abs() <= 1e-12,
            "{what}: got {a:e}, expected {expected:e}"
        );
    } else {
        assert_close(what, a, expected, P_TOL);
    }
}

fn check_spec(fit: &ItsFit, spec: &Value, dist: &str) {
    let d = &spec[dist];
    for (ours, theirs) in TERMS {
        let c = fit.coef(ours).unwrap();
        let what = |q: &str| format!("{dist} {ours} {q}");
        assert_close(
            &what("se"),
            c.std_error,
            d["se"][theirs].as_f64().unwrap(),
            SE_TOL,
        );
        assert_close(
            &what("stat"),
            c.z.unwrap(),
            d["stat"][theirs].as_f64().unwrap(),
            SE_TOL,
        );
        p_close(
            &what("p"),
            c.p_value,
            d["p_value"][theirs].as_f64().unwrap(),
        );
        assert_close(
            &what("ci low"),
            c.ci[0],
            d["ci95_lower"][theirs].as_f64().unwrap(),
            SE_TOL,
        );
        assert_close(
            &what("ci high"),
            c.ci[1],
            d["ci95_upper"][theirs].as_f64().unwrap(),
            SE_TOL,
        );
    }
    for (i, row) in spec["vcov"].as_array().unwrap().iter().enumerate() {
        for (j, v) in row.as_array().unwrap().iter().enumerate() {
            assert_close(
                &format!("vcov[{i}][{j}]"),
                fit.vcov[i][j],
                v.as_f64().unwrap(),
                SE_TOL,
            );
        }
    }
}

#[test]
fn its_sim_coefficients_fit_and_diagnostics_match_statsmodels() {
    let (s, e) = its_sim();
    let fit = Its::new(61).fit(&s).unwrap();
    for (ours, theirs) in TERMS {
        let c = fit.coef(ours).unwrap();
        assert_close(
            ours,
            c.coef,
            e["coef"][theirs].as_f64().unwrap(),
            CLOSED_FORM,
        );
        assert_close(
            &format!("{ours} classical se"),
            c.classical_std_error,
            e["classical"]["se"][theirs].as_f64().unwrap(),
            SE_TOL,
        );
    }
    let d = &fit.diagnostics;
    assert_close(
        "r2",
        d.r_squared.unwrap(),
        e["r_squared"].as_f64().unwrap(),
        CLOSED_FORM,
    );
    assert_close("sigma", d.sigma, e["sigma"].as_f64().unwrap(), CLOSED_FORM);
    assert_close(
        "dw",
        d.durbin_watson.unwrap(),
        e["durbin_watson"].as_f64().unwrap(),
        CLOSED_FORM,
    );
    assert_close(
        "lag-1 r",
        d.residual_lag1_autocorrelation.unwrap(),
        e["residual_lag1_autocorrelation"].as_f64().unwrap(),
        CLOSED_FORM,
    );
    assert_eq!((fit.n.pre, fit.n.post, fit.hac.lags), (60, 36, 3));
    assert_eq!(fit.estimate, fit.coef("level_change").unwrap().coef);
    assert!(fit.warnings.is_empty(), "{:?}", fit.warnings);
}

#[test]
fn its_sim_newey_west_each_lag_correction_and_distribution_match_statsmodels() {
    let (s, e) = its_sim();
    for (key, lags, correction) in [
        ("HAC_maxlags3_uncorrected", None, false),
        ("HAC_maxlags3_corrected", Some(3), true),
        ("HAC_maxlags6_uncorrected", Some(6), false),
    ] {
        let spec = &e[key];
        for (dist, inference) in [("normal", Inference::Normal), ("t_dist", Inference::T)] {
            let fit = Its::new(61)
                .hac_lags(lags)
                .hac_correction(correction)
                .inference(inference)
                .fit(&s)
                .unwrap();
            check_spec(&fit, spec, dist);
            if inference == Inference::T {
                assert_eq!(fit.df, Some(92.0));
            }
        }
        // the contrasts are given with normal inference
        let fit = Its::new(61)
            .hac_lags(lags)
            .hac_correction(correction)
            .fit(&s)
            .unwrap();
        let c = &spec["contrasts"];
        let slope = fit.contrast("post_slope").unwrap();
        assert_close(
            "post slope",
            slope.estimate,
            c["post_slope"]["estimate"].as_f64().unwrap(),
            CLOSED_FORM,
        );
        assert_close(
            "post slope se",
            slope.std_error,
            c["post_slope"]["se"].as_f64().unwrap(),
            SE_TOL,
        );
        let end = fit.contrast("effect_at_end").unwrap();
        let ce = &c["effect_at_last_period (post + 36*time_after)"];
        assert_eq!(end.horizon, Some(36));
        assert_close(
            "end",
            end.estimate,
            ce["estimate"].as_f64().unwrap(),
            CLOSED_FORM,
        );
        assert_close("end se", end.std_error, ce["se"].as_f64().unwrap(), SE_TOL);
        // the last period's effect in the path is the same contrast
        let last = fit.counterfactual.last().unwrap();
        assert_close(
            "path effect",
            last.effect.unwrap(),
            end.estimate,
            CLOSED_FORM,
        );
        assert_close(
            "path se",
            last.effect_std_error.unwrap(),
            end.std_error,
            CLOSED_FORM,
        );
    }
}

/// Newey–West by its definition, written out with plain loops, on a small design with
/// weights that vary in sign of residual: B S B, S = Σ_l w_l Σ_t (u_t u_{t−l}' + u_{t−l} u_t').
#[test]
fn newey_west_covariance_equals_its_definition_on_a_small_series() {
    let x1: Vec<f64> = (1..=10).map(f64::from).collect();
    let y = [1.0, 2.5, 2.2, 4.1, 4.0, 6.3, 6.1, 7.9, 9.4, 9.0];
    let design = [("(Intercept)", vec![1.0; 10]), ("x", x1.clone())];
    let lags = 2;
    let fit = ols(
        &design,
        &y,
        &Covariance::NeweyWest {
            lags,
            correction: true,
            panels: None,
        },
        0.95,
    )
    .unwrap();
    // by hand
    let n = 10.0;
    let (sx, sxx) = (
        x1.iter().sum::<f64>(),
        x1.iter().map(|v| v * v).sum::<f64>(),
    );
    let det = n * sxx - sx * sx;
    let b = [[sxx / det, -sx / det], [-sx / det, n / det]];
    let e = &fit.residuals;
    let u: Vec<[f64; 2]> = (0..10).map(|t| [e[t], e[t] * x1[t]]).collect();
    let mut s = [[0.0; 2]; 2];
    for l in 0..=lags {
        let w = 1.0 - l as f64 / (lags as f64 + 1.0);
        for t in l..10 {
            for p in 0..2 {
                for q in 0..2 {
                    let v = u[t][p] * u[t - l][q];
                    let v2 = u[t - l][p] * u[t][q];
                    s[p][q] += w * if l == 0 { v } else { v + v2 };
                }
            }
        }
    }
    for p in 0..2 {
        for q in 0..2 {
            let mut v = 0.0;
            for a in 0..2 {
                for c in 0..2 {
                    v += b[p][a] * s[a][c] * b[c][q];
                }
            }
            v *= n / (n - 2.0);
            assert_close(&format!("V[{p}][{q}]"), fit.vcov[p][q], v, 1e-12);
        }
    }
    // zero lags is HC0 (times the correction: HC1)
    let nw0 = ols(
        &design,
        &y,
        &Covariance::NeweyWest {
            lags: 0,
            correction: true,
            panels: None,
        },
        0.95,
    )
    .unwrap();
    let hc1 = ols(&design, &y, &Covariance::Hc1, 0.95).unwrap();
    assert_close("NW(0) = HC1", nw0.vcov[1][1], hc1.vcov[1][1], 1e-12);
}

#[test]
fn newey_west_refuses_as_many_lags_as_points() {
    let design = [
        ("(Intercept)", vec![1.0; 5]),
        ("x", vec![1.0, 2.0, 3.0, 4.0, 5.0]),
    ];
    let err = ols(
        &design,
        &[1.0, 2.0, 2.5, 4.5, 5.0],
        &Covariance::NeweyWest {
            lags: 5,
            correction: false,
            panels: None,
        },
        0.95,
    )
    .unwrap_err()
    .to_string();
    assert!(err.contains("lags") && err.contains("5 points"), "{err}");
}

#[test]
fn its_seasonal_month_dummies_match_statsmodels() {
    let cols = columns(include_str!("reference/its_seasonal/series.csv"));
    let months: Vec<&str> = col(&cols, "month").iter().map(String::as_str).collect();
    let s = Series::months("y", &months, nums(col(&cols, "y"))).unwrap();
    let e = json(include_str!("reference/its_seasonal/expected.json"));
    let t = s.time_of("2019-01").unwrap();
    assert_eq!(t, 49);
    let fit = Its::new(t).seasonal(Some(12)).fit(&s).unwrap();
    let spec = &e["HAC_maxlags3_uncorrected_normal"];
    assert_eq!(fit.hac.lags, 3);
    for name in e["names"].as_array().unwrap() {
        let name = name.as_str().unwrap();
        let c = fit.coef(name).unwrap_or_else(|| panic!("term {name}"));
        assert_close(name, c.coef, e["coef"][name].as_f64().unwrap(), CLOSED_FORM);
        assert_close(
            &format!("{name} se"),
            c.std_error,
            spec["se"][name].as_f64().unwrap(),
            SE_TOL,
        );
        assert_close(
            &format!("{name} classical"),
            c.classical_std_error,
            e["classical_se"][name].as_f64().unwrap(),
            SE_TOL,
        );
        p_close(
            &format!("{name} p"),
            c.p_value,
            spec["p_value"][name].as_f64().unwrap(),
        );
        assert_close(
            &format!("{name} lo"),
            c.ci[0],
            spec["ci95_lower"][name].as_f64().unwrap(),
            SE_TOL,
        );
    }
    let end = fit.contrast("effect_at_end").unwrap();
    assert_close(
        "end",
        end.estimate,
        spec["effect_at_last_period"]["estimate"].as_f64().unwrap(),
        CLOSED_FORM,
    );
    assert_close(
        "end se",
        end.std_error,
        spec["effect_at_last_period"]["se"].as_f64().unwrap(),
        SE_TOL,
    );
    assert_eq!(fit.coefficients.len(), 15);
    // the planted truth lies within 3 standard errors for the intervention's terms
    for term in ["level_change", "slope_change", "time"] {
        let c = fit.coef(term).unwrap();
        let truth = e["truth"][term].as_f64().unwrap();
        assert!(
            (c.coef - truth).abs() < 3.0 * c.std_error,
            "{term}: {} vs {truth}",
            c.coef
        );
    }
    // the months are named in the path
    assert_eq!(fit.counterfactual[0].label, "2015-01");
    assert_eq!(fit.interruption.label, "2019-01");
}

#[test]
fn its_controlled_stacked_series_match_statsmodels_hac_panel() {
    let cols = columns(include_str!("reference/its_controlled/series.csv"));
    let time: Vec<i64> = col(&cols, "time")
        .iter()
        .map(|v| v.parse().unwrap())
        .collect();
    let s = Series::new("treated", time, nums(col(&cols, "treated")))
        .control("control", nums(col(&cols, "control")));
    let e = json(include_str!("reference/its_controlled/expected.json"));
    for (key, corr, inf) in [
        (
            "HAC_panel_maxlags3_uncorrected_normal",
            false,
            Inference::Normal,
        ),
        ("HAC_panel_maxlags3_uncorrected_t", false, Inference::T),
        (
            "HAC_panel_maxlags3_corrected_normal",
            true,
            Inference::Normal,
        ),
        ("HAC_panel_maxlags3_corrected_t", true, Inference::T),
    ] {
        let fit = Its::new(37)
            .hac_correction(corr)
            .inference(inf)
            .fit(&s)
            .unwrap();
        let spec = &e[key];
        assert_eq!(
            (fit.hac.lags, fit.n.rows, fit.design.as_str()),
            (3, 144, "controlled")
        );
        for name in e["names"].as_array().unwrap() {
            let name = name.as_str().unwrap();
            let c = fit.coef(name).unwrap();
            assert_close(name, c.coef, e["coef"][name].as_f64().unwrap(), CLOSED_FORM);
            assert_close(
                &format!("{key} {name} se"),
                c.std_error,
                spec["se"][name].as_f64().unwrap(),
                SE_TOL,
            );
            p_close(
                &format!("{key} {name} p"),
                c.p_value,
                spec["p_value"][name].as_f64().unwrap(),
            );
            assert_close(
                &format!("{key} {name} hi"),
                c.ci[1],
                spec["ci95_upper"][name].as_f64().unwrap(),
                SE_TOL,
            );
        }
        assert_eq!(fit.estimate, fit.coef("group_level_change").unwrap().coef);
        let slope = fit.contrast("post_slope").unwrap();
        let cs = &spec["contrasts"]["post_slope_treated"];
        assert_close(
            "slope",
            slope.estimate,
            cs["estimate"].as_f64().unwrap(),
            CLOSED_FORM,
        );
        assert_close(
            "slope se",
            slope.std_error,
            cs["se"].as_f64().unwrap(),
            SE_TOL,
        );
        let end = fit.contrast("effect_at_end").unwrap();
        let ce = &spec["contrasts"]
            ["effect_at_last_period (group_level_change + 36*group_slope_change)"];
        assert_close(
            "end",
            end.estimate,
            ce["estimate"].as_f64().unwrap(),
            CLOSED_FORM,
        );
        assert_close("end se", end.std_error, ce["se"].as_f64().unwrap(), SE_TOL);
        p_close("end p", end.p_value, ce["p_value"].as_f64().unwrap());
    }
}

/// A seeded series with a planted level change of −4 and slope change of 0.3 under AR(1)
/// noise (φ = 0.5): over 200 replicates the estimates centre on the truth. The 95%
/// Newey–West interval covers the truth far more often than the classical one, though less
/// than 95% of the time: with positive autocorrelation and the default 4 lags for 120
/// points, Newey–West is known to cover too rarely (here about 80%).
#[test]
fn a_planted_effect_is_recovered_on_seeded_series() {
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(20240607);
    let noise = Normal::new(0.0, 1.0).unwrap();
    let (reps, n, big_t) = (200, 120, 61);
    let (mut sum_level, mut sum_slope, mut covered, mut covered_classical) = (0.0, 0.0, 0, 0);
    for _ in 0..reps {
        let mut u = noise.sample(&mut rng) / (1.0f64 - 0.25).sqrt();
        let mut y = Vec::with_capacity(n);
        for t in 1..=n as i64 {
            if t > 1 {
                u = 0.5 * u + noise.sample(&mut rng);
            }
            let (l, s) = if t >= big_t {
                (1.0, (t - big_t + 1) as f64)
            } else {
                (0.0, 0.0)
            };
            y.push(20.0 + 0.1 * t as f64 - 4.0 * l + 0.3 * s + u);
        }
        let fit = Its::new(big_t)
            .fit(&Series::new("y", (1..=n as i64).collect(), y))
            .unwrap();
        sum_level += fit.estimate;
        sum_slope += fit.coef("slope_change").unwrap().coef;
        covered += usize::from(fit.ci[0] <= -4.0 && -4.0 <= fit.ci[1]);
        let se = fit.coef("level_change").unwrap().classical_std_error;
        covered_classical += usize::from((fit.estimate + 4.0).abs() <= 1.959963984540054 * se);
    }
    let (ml, ms) = (sum_level / reps as f64, sum_slope / reps as f64);
    assert!((ml + 4.0).abs() < 0.15, "mean level change {ml}");
    assert!((ms - 0.3).abs() < 0.01, "mean slope change {ms}");
    assert!(
        (150..=195).contains(&covered),
        "coverage {covered} of {reps}"
    );
    assert!(
        covered > covered_classical + 10,
        "HAC {covered}, classical {covered_classical}"
    );
}

/// A controlled design removes a shock that hits both series at the interruption.
#[test]
fn a_comparison_series_removes_a_shared_shock() {
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(7);
    let noise = Normal::new(0.0, 0.3).unwrap();
    let n = 60;
    let big_t = 31;
    let (mut yt, mut yc) = (Vec::new(), Vec::new());
    for t in 1..=n as i64 {
        let (l, s) = if t >= big_t {
            (1.0, (t - big_t + 1) as f64)
        } else {
            (0.0, 0.0)
        };
        let shock = 5.0 * l + 0.2 * s; // hits both
        yc.push(10.0 + 0.05 * t as f64 + shock + noise.sample(&mut rng));
        yt.push(12.0 + 0.05 * t as f64 + shock - 2.0 * l - 0.1 * s + noise.sample(&mut rng));
    }
    let s = Series::new("y", (1..=n as i64).collect(), yt.clone());
    let single = Its::new(big_t).fit(&s).unwrap();
    let controlled = Its::new(big_t).fit(&s.clone().control("c", yc)).unwrap();
    assert!(
        (single.estimate - 3.0).abs() < 0.5,
        "single {}",
        single.estimate
    );
    assert!(
        (controlled.estimate + 2.0).abs() < 0.5,
        "controlled {}",
        controlled.estimate
    );
    let gs = controlled.coef("group_slope_change").unwrap().coef;
    assert!((gs + 0.1).abs() < 0.03, "group slope {gs}");
    // the counterfactual of the treated series includes the comparison series' shock
    let last = controlled.counterfactual.last().unwrap();
    assert!((last.fitted - last.counterfactual - last.effect.unwrap()).abs() < 1e-12);
    assert!(last.control_fitted.is_some());
}

/// Worked by hand: y = t before, y = t + 10 from T = 4 on (no noise). The fit is exact:
/// level change 10, slope change 0, residuals 0.
#[test]
fn an_exact_jump_is_found_exactly() {
    let y = vec![1.0, 2.0, 3.0, 14.0, 15.0, 16.0];
    let fit = Its::new(4)
        .hac_lags(Some(1))
        .fit(&Series::new("y", (1..=6).collect(), y))
        .unwrap();
    assert!((fit.estimate - 10.0).abs() < 1e-10);
    assert!(fit.coef("slope_change").unwrap().coef.abs() < 1e-10);
    assert!(fit.std_error < 1e-10);
    // both sides short: a warning each, and one that the fit is exact
    assert_eq!(fit.warnings.len(), 3, "{:?}", fit.warnings);
    assert!(fit.warnings[2].contains("exactly"));
    assert_eq!(fit.diagnostics.durbin_watson, None);
    let text = serde_json::to_string(&fit).unwrap();
    assert!(!text.contains("NaN"));
    assert_eq!(
        fit.counterfactual[4].counterfactual,
        fit.counterfactual[4].fitted - fit.counterfactual[4].effect.unwrap()
    );
}

fn err_of(its: Its, s: &Series) -> String {
    its.fit(s).unwrap_err().to_string()
}

#[test]
fn bad_series_are_refused_with_the_rows_named() {
    let y: Vec<f64> = (0..12).map(|v| v as f64).collect();
    // a gap
    let mut t: Vec<i64> = (1..=12).collect();
    t[6] = 20;
    let e = err_of(Its::new(6), &Series::new("y", t, y.clone()));
    assert!(e.contains("rows 6 and 8") && e.contains("missing"), "{e}");
    // a month gap names the months
    let mut m: Vec<String> = (1..=12).map(|k| format!("2020-{k:02}")).collect();
    m[3] = "2021-04".into();
    let mr: Vec<&str> = m.iter().map(String::as_str).collect();
    let e = err_of(Its::new(6), &Series::months("y", &mr, y.clone()).unwrap());
    assert!(e.contains("2020-04 is missing"), "{e}");
    // a duplicate
    let mut t: Vec<i64> = (1..=12).collect();
    t[4] = 4;
    let e = err_of(Its::new(6), &Series::new("y", t, y.clone()));
    assert!(e.contains("rows 4 and 5 both hold time 4"), "{e}");
    // outside
    let s = Series::new("y", (1..=12).collect(), y.clone());
    let e = err_of(Its::new(13), &s);
    assert!(e.contains("outside the series (1 to 12)"), "{e}");
    assert!(err_of(Its::new(1), &s).contains("outside"));
    // too short
    let e = err_of(Its::new(11), &s);
    assert!(
        e.contains("2 points after") && e.contains("at least 3"),
        "{e}"
    );
    // not finite
    let mut yn = y.clone();
    yn[2] = f64::NAN;
    let e = err_of(Its::new(6), &Series::new("y", (1..=12).collect(), yn));
    assert!(e.contains("row 3: y is NaN"), "{e}");
    // lags ≥ n
    let e = err_of(Its::new(6).hac_lags(Some(12)), &s);
    assert!(e.contains("hac_lags") && e.contains("12 points"), "{e}");
    // a season that never occurs
    let e = err_of(Its::new(6).seasonal(Some(24)), &s);
    assert!(e.contains("season 13 never occurs"), "{e}");
    // parameters
    assert!(Its::new(6)
        .seasonal(Some(1))
        .check()
        .unwrap_err()
        .to_string()
        .contains("seasonal"));
    assert!(Its::new(6)
        .horizons(vec![0])
        .check()
        .unwrap_err()
        .to_string()
        .contains("horizons"));
    assert!(Its::new(6).ci_level(1.0).check().is_err());
    // a month that is not one
    assert!(Series::months("y", &["2020-13"], vec![1.0])
        .unwrap_err()
        .to_string()
        .contains("row 1"));
}

#[test]
fn unsorted_rows_are_put_in_time_order_and_horizons_beyond_the_end_warn() {
    let (s, _) = its_sim();
    let mut r = s.clone();
    r.time.reverse();
    r.y.reverse();
    r.rows.reverse();
    let a = Its::new(61).fit(&s).unwrap();
    let b = Its::new(61).horizons(vec![12, 48]).fit(&r).unwrap();
    assert_close("same fit", b.estimate, a.estimate, 1e-12);
    assert_close("same se", b.std_error, a.std_error, 1e-10);
    let h12 = b.contrast("effect_at_12").unwrap();
    assert_eq!(h12.horizon, Some(12));
    assert_close(
        "h12 = path",
        h12.estimate,
        b.counterfactual[60 + 11].effect.unwrap(),
        1e-12,
    );
    assert!(b
        .warnings
        .iter()
        .any(|w| w.contains("48 periods") && w.contains("extrapolates")));
}

// ---------------------------------------------------------------- the CLI

fn its_json(args: &[&str]) -> Value {
    let out = indsats(args);
    let (stdout, stderr) = text(&out);
    assert!(out.status.success(), "{args:?}: {stderr}");
    serde_json::from_str(&stdout).unwrap_or_else(|e| panic!("{e}: {stdout}"))
}

fn reference(path: &str) -> String {
    format!("{}/tests/reference/{path}", env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn cli_estimate_its_reproduces_its_sim_by_month_and_by_integer_time() {
    let data = reference("its_sim/series.csv");
    let e = its_sim().1;
    for (time, interruption) in [("month", "2020-01"), ("time", "61")] {
        let v = its_json(&[
            "estimate",
            "its",
            "--data",
            &data,
            "--time",
            time,
            "--outcome",
            "y",
            "--interruption",
            interruption,
            "--hac-lags",
            "3",
            "--hac-correction",
            "--use-t",
            "--format",
            "json",
        ]);
        let spec = &e["HAC_maxlags3_corrected"]["t_dist"];
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
            "contrasts",
            "diagnostics",
            "counterfactual",
        ] {
            assert!(v.get(key).is_some(), "key {key} missing");
        }
        assert_eq!(v["method"], "its");
        let coefs = v["coefficients"].as_array().unwrap();
        let terms: Vec<&str> = coefs.iter().map(|c| c["term"].as_str().unwrap()).collect();
        assert_eq!(terms, ["intercept", "time", "level_change", "slope_change"]);
        for (c, (_, theirs)) in coefs.iter().zip(TERMS) {
            assert_close(
                theirs,
                c["coef"].as_f64().unwrap(),
                e["coef"][theirs].as_f64().unwrap(),
                CLOSED_FORM,
            );
            assert_close(
                theirs,
                c["std_error"].as_f64().unwrap(),
                spec["se"][theirs].as_f64().unwrap(),
                SE_TOL,
            );
            p_close(
                theirs,
                c["p_value"].as_f64(),
                spec["p_value"][theirs].as_f64().unwrap(),
            );
        }
        assert_close(
            "estimate",
            v["estimate"].as_f64().unwrap(),
            e["coef"]["post"].as_f64().unwrap(),
            CLOSED_FORM,
        );
        assert_close(
            "std_error",
            v["std_error"].as_f64().unwrap(),
            spec["se"]["post"].as_f64().unwrap(),
            SE_TOL,
        );
        assert_close(
            "dw",
            v["diagnostics"]["durbin_watson"].as_f64().unwrap(),
            e["durbin_watson"].as_f64().unwrap(),
            CLOSED_FORM,
        );
        assert_eq!(v["n"]["pre"], 60);
        assert_eq!(v["counterfactual"].as_array().unwrap().len(), 96);
        if time == "month" {
            assert_eq!(v["time_scale"]["kind"], "month");
            assert_eq!(v["interruption"]["time"], 61);
        }
    }
}

#[test]
fn cli_estimate_its_controlled_and_defaults_match_statsmodels() {
    let data = reference("its_controlled/series.csv");
    let e = json(include_str!("reference/its_controlled/expected.json"));
    let v = its_json(&[
        "estimate",
        "its",
        "--data",
        &data,
        "--time",
        "month",
        "--outcome",
        "treated",
        "--control-series",
        "control",
        "--interruption",
        "2019-01",
        "--format",
        "json",
    ]);
    let spec = &e["HAC_panel_maxlags3_uncorrected_normal"];
    assert_close(
        "estimate",
        v["estimate"].as_f64().unwrap(),
        e["coef"]["group_level_change"].as_f64().unwrap(),
        CLOSED_FORM,
    );
    assert_close(
        "se",
        v["std_error"].as_f64().unwrap(),
        spec["se"]["group_level_change"].as_f64().unwrap(),
        SE_TOL,
    );
    assert_eq!(v["design"], "controlled");
    assert_eq!(v["n"]["control"], 72);
}

#[test]
fn cli_estimate_its_tables_in_danish_and_english() {
    let data = reference("its_sim/series.csv");
    let run = |lang: &str| {
        let out = indsats(&[
            "estimate",
            "its",
            "--data",
            &data,
            "--time",
            "month",
            "--outcome",
            "y",
            "--interruption",
            "2020-01",
            "--lang",
            lang,
        ]);
        assert!(out.status.success());
        text(&out).0
    };
    let da = run("da");
    assert!(da.contains("niveauskift") && da.contains("4,325"), "{da}");
    let en = run("en");
    assert!(
        en.contains("level change") && en.contains("4.325") && en.contains("Durbin"),
        "{en}"
    );
    let csv = indsats(&[
        "estimate",
        "its",
        "--data",
        &data,
        "--time",
        "month",
        "--outcome",
        "y",
        "--interruption",
        "2020-01",
        "--format",
        "csv",
    ]);
    let csv = text(&csv).0;
    assert!(csv.starts_with("term,coef,std_error"), "{csv}");
    assert_eq!(csv.lines().count(), 5);
}

#[test]
fn cli_estimate_its_refuses_bad_input_with_exit_codes() {
    let dir = tempfile::tempdir().unwrap();
    let gap = dir.path().join("gap.csv");
    std::fs::write(&gap, "t,y\n1,1\n2,2\n3,3\n5,5\n6,6\n7,7\n8,8\n").unwrap();
    let g = gap.to_str().unwrap();
    let out = indsats(&[
        "estimate",
        "its",
        "--data",
        g,
        "--time",
        "t",
        "--outcome",
        "y",
        "--interruption",
        "5",
    ]);
    let (_, err) = text(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains("rows 4 and 5") && err.contains("4 is missing"),
        "{err}"
    );
    // a time value that is neither a number nor a month
    let bad = dir.path().join("bad.csv");
    std::fs::write(&bad, "t,y\n1,1\n2,2\nx,3\n").unwrap();
    let out = indsats(&[
        "estimate",
        "its",
        "--data",
        bad.to_str().unwrap(),
        "--time",
        "t",
        "--outcome",
        "y",
        "--interruption",
        "2",
    ]);
    let (_, err) = text(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("row 4") && err.contains("\"x\""), "{err}");
    // an empty outcome is a missing period, named
    let empty = dir.path().join("empty.csv");
    std::fs::write(&empty, "t,y\n1,1\n2,2\n3,\n4,4\n5,5\n6,6\n7,7\n").unwrap();
    let out = indsats(&[
        "estimate",
        "its",
        "--data",
        empty.to_str().unwrap(),
        "--time",
        "t",
        "--outcome",
        "y",
        "--interruption",
        "4",
    ]);
    let (_, err) = text(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("row 4") && err.contains("empty"), "{err}");
    // a ledger without --sum: each month many times
    let ledger = format!("{}/datasets/example/costs.csv", env!("CARGO_MANIFEST_DIR"));
    let out = indsats(&[
        "estimate",
        "its",
        "--data",
        &ledger,
        "--time",
        "month",
        "--outcome",
        "amount",
        "--interruption",
        "2018-01",
    ]);
    let (_, err) = text(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains("rows 2 and 3 both hold time 2015-01") && err.contains("--sum"),
        "{err}"
    );
    // bad usage
    let out = indsats(&[
        "estimate",
        "its",
        "--data",
        g,
        "--time",
        "t",
        "--outcome",
        "y",
        "--interruption",
        "5",
        "--seasonal",
        "1",
    ]);
    assert_eq!(out.status.code(), Some(2));
    let out = indsats(&[
        "estimate",
        "its",
        "--data",
        g,
        "--time",
        "t",
        "--outcome",
        "y",
        "--interruption",
        "2021-01",
    ]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out).1);
}

/// The synthetic municipality's ledger summed by month, interrupted at the programme start
/// (2018-01): the CLI runs and gives finite numbers of a sensible size. No effect on
/// spending is planted there, so none is asserted.
#[test]
fn cli_estimate_its_runs_on_the_example_ledger_summed_by_month() {
    let data = format!("{}/datasets/example/costs.csv", env!("CARGO_MANIFEST_DIR"));
    let v = its_json(&[
        "estimate",
        "its",
        "--data",
        &data,
        "--time",
        "month",
        "--outcome",
        "amount",
        "--sum",
        "--interruption",
        "2018-01",
        "--seasonal",
        "12",
        "--format",
        "json",
    ]);
    let n = &v["n"];
    assert!(
        n["pre"].as_u64().unwrap() >= 24 && n["post"].as_u64().unwrap() >= 24,
        "{n}"
    );
    assert!(n["rows_summed"].as_u64().unwrap() > 10_000, "{n}");
    let text = v.to_string();
    assert!(!text.contains("NaN") && !text.contains("null,\"std_error\""));
    for c in v["coefficients"].as_array().unwrap() {
        assert!(
            c["coef"].as_f64().unwrap().is_finite() && c["std_error"].as_f64().unwrap() > 0.0,
            "{c}"
        );
    }
    // monthly spending is in the hundreds of thousands to millions of kroner
    let first = v["counterfactual"][0]["observed"].as_f64().unwrap();
    assert!(first > 1e4 && first < 1e9, "{first}");
    let dw = v["diagnostics"]["durbin_watson"].as_f64().unwrap();
    assert!(dw > 0.0 && dw < 4.0);
    assert_eq!(v["coefficients"].as_array().unwrap().len(), 15);
}

#[test]
fn the_chart_draws_points_segments_and_a_dashed_counterfactual_in_both_languages() {
    use indsats::report::charts_its::{its_chart, its_chart_text};
    use indsats::Lang;
    let cols = columns(include_str!("reference/its_controlled/series.csv"));
    let months: Vec<&str> = col(&cols, "month").iter().map(String::as_str).collect();
    let s = Series::months("treated", &months, nums(col(&cols, "treated")))
        .unwrap()
        .control("control", nums(col(&cols, "control")));
    let fit = Its::new(37).fit(&s).unwrap();
    let da = its_chart("its", &fit, Lang::Da).unwrap();
    let en = its_chart("its", &fit, Lang::En).unwrap();
    assert!(
        da.starts_with("<svg")
            && da.contains("<title id=\"its-title\">treated før og efter 2019-01</title>")
    );
    assert!(
        en.contains("n = 72 periods (36 before, 36 after)"),
        "caption with n"
    );
    // the counterfactual (orange) is drawn as dashes: many short segments
    assert!(
        en.matches("stroke=\"#BE5000\"").count() > 10,
        "the counterfactual is dashed"
    );
    assert!(en.contains("<circle"), "the points are drawn");
    assert!(en.contains("comparison: control") && en.contains("2019-01"));
    assert!(!en.contains("NaN"));
    assert_eq!(its_chart_text(&fit, Lang::En).x_label, "Month");
    // the same fit gives the same SVG
    assert_eq!(en, its_chart("its", &fit, Lang::En).unwrap());
}

#[test]
fn cli_estimate_its_writes_the_chart() {
    let dir = tempfile::tempdir().unwrap();
    let svg = dir.path().join("its.svg");
    let data = reference("its_sim/series.csv");
    let out = indsats(&[
        "estimate",
        "its",
        "--data",
        &data,
        "--time",
        "month",
        "--outcome",
        "y",
        "--interruption",
        "2020-01",
        "--chart",
        svg.to_str().unwrap(),
        "--lang",
        "en",
        "--format",
        "json",
    ]);
    assert!(out.status.success(), "{}", text(&out).1);
    let s = std::fs::read_to_string(&svg).unwrap();
    assert!(s.contains("y before and after 2020-01"));
}

/// Times as a spreadsheet writes whole numbers (`3.0`), a semicolon file with decimal
/// commas, and short sides: the fit runs and warns that each side has fewer than 8 points.
#[test]
fn cli_estimate_its_reads_spreadsheet_times_and_warns_on_short_sides() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("short.csv");
    let rows: String = (1..=10)
        .map(|t| {
            let y = 2.0
                + 0.5 * t as f64
                + if t >= 6 { 3.0 } else { 0.0 }
                + [0.1, -0.2, 0.15, -0.05, 0.0][t % 5];
            format!("{t}.0;{}\n", format!("{y:.2}").replace('.', ","))
        })
        .collect();
    std::fs::write(&path, format!("t;y\n{rows}")).unwrap();
    let v = its_json(&[
        "estimate",
        "its",
        "--data",
        path.to_str().unwrap(),
        "--time",
        "t",
        "--outcome",
        "y",
        "--interruption",
        "6",
        "--hac-lags",
        "1",
        "--format",
        "json",
    ]);
    assert_eq!(v["n"]["pre"], 5);
    assert_eq!(v["time_scale"]["kind"], "integer");
    let w = v["warnings"].as_array().unwrap();
    assert_eq!(
        w.iter()
            .filter(|w| w.as_str().unwrap().contains("fewer")
                || w.as_str().unwrap().contains("only 5 points"))
            .count(),
        2,
        "{w:?}"
    );
    assert!((v["estimate"].as_f64().unwrap() - 3.0).abs() < 0.5);
}

/// A constant series fits exactly: every standard error is 0, and what does not exist
/// (z, p) is null in the JSON, never NaN.
#[test]
fn a_constant_series_gives_null_not_nan() {
    let fit = Its::new(5)
        .fit(&Series::new("y", (1..=10).collect(), vec![7.0; 10]))
        .unwrap();
    // serde_json would write a NaN as null silently, so the values are checked themselves
    let ok = |v: f64| v.is_finite();
    let some_ok = |v: Option<f64>| v.is_none_or(f64::is_finite);
    for c in &fit.coefficients {
        assert!(
            ok(c.coef) && ok(c.std_error) && ok(c.ci[0]) && ok(c.ci[1]),
            "{c:?}"
        );
        assert!(some_ok(c.z) && some_ok(c.p_value), "{c:?}");
    }
    for c in &fit.contrasts {
        assert!(
            ok(c.estimate) && ok(c.std_error) && some_ok(c.z) && some_ok(c.p_value),
            "{c:?}"
        );
    }
    let d = &fit.diagnostics;
    assert!(
        ok(d.sigma) && some_ok(d.durbin_watson) && some_ok(d.r_squared),
        "{d:?}"
    );
    assert!(
        some_ok(d.residual_lag1_autocorrelation) && some_ok(d.adj_r_squared),
        "{d:?}"
    );
    assert!(fit.coef("level_change").unwrap().coef.abs() < 1e-9);
    assert!(fit
        .counterfactual
        .iter()
        .all(|p| ok(p.fitted) && ok(p.counterfactual)));
    assert_eq!(d.durbin_watson, None);
    assert!(fit.warnings.iter().any(|w| w.contains("exactly")));
}
