//! Weighting: IPW and AIPW against the matching_sim case (R `lm(weights)` with sandwich).

use crate::common::{matching_sim, numbers};
use crate::tolerance::{assert_close, CLOSED_FORM};
use indsats::effects::{wls, Covariance};

#[test]
fn weighted_least_squares_with_ipw_weights_matches_lm_and_vcovhc() {
    let sim = matching_sim();
    for block in ["ipw_ate", "ipw_att"] {
        let e = &sim.expected[block];
        let w = numbers(&e["weights"]);
        let design = [
            ("(Intercept)", vec![1.0; sim.y.len()]),
            ("treat", sim.treat.clone()),
        ];
        for (cov, name) in [(Covariance::Hc0, "HC0"), (Covariance::Hc1, "HC1")] {
            let fit = wls(&design, &sim.y, &w, &cov, 0.95).unwrap();
            let b = fit.coef("treat").unwrap();
            let want = &e[name];
            let what = |q: &str| format!("{block} {name} {q}");
            assert_close(
                &what("estimate"),
                b.coef,
                e["estimate"].as_f64().unwrap(),
                1e-10,
            );
            assert_close(
                &what("intercept"),
                fit.coef("(Intercept)").unwrap().coef,
                e["intercept"].as_f64().unwrap(),
                1e-10,
            );
            assert_close(
                &what("se"),
                b.std_error,
                want["se"].as_f64().unwrap(),
                CLOSED_FORM,
            );
            assert_close(&what("t"), b.t, want["t"].as_f64().unwrap(), CLOSED_FORM);
            assert_close(
                &what("p"),
                b.p_value,
                want["p_value"].as_f64().unwrap(),
                1e-8,
            );
            assert_eq!(fit.df, want["df"].as_f64().unwrap());
            let ci = numbers(&want["ci95"]);
            assert_close(&what("ci low"), b.ci[0], ci[0], CLOSED_FORM);
            assert_close(&what("ci high"), b.ci[1], ci[1], CLOSED_FORM);
        }
    }
}

#[test]
fn a_weight_that_is_not_positive_is_named() {
    let design = [("(Intercept)", vec![1.0; 3]), ("x", vec![0.0, 1.0, 2.0])];
    let err = wls(
        &design,
        &[1.0, 2.0, 3.0],
        &[1.0, 0.0, 1.0],
        &Covariance::Hc0,
        0.95,
    )
    .unwrap_err()
    .to_string();
    assert!(err.contains("row 2"), "{err}");
}

fn bools(t: &[f64]) -> Vec<bool> {
    t.iter().map(|v| *v == 1.0).collect()
}

#[test]
fn ipw_ate_and_att_match_r_with_the_reference_scores() {
    use indsats::effects::{Estimand, Ipw};
    let sim = matching_sim();
    let e = numbers(&sim.expected["propensity_score"]);
    let t = bools(&sim.treat);
    for (estimand, block) in [(Estimand::Ate, "ipw_ate"), (Estimand::Att, "ipw_att")] {
        let want = &sim.expected[block];
        for (cov, name) in [(Covariance::Hc0, "HC0"), (Covariance::Hc1, "HC1")] {
            let fit = Ipw::new(estimand)
                .covariance(cov)
                .fit(&e, &t, &sim.y)
                .unwrap();
            // The scores are given to 1e-16; the weights and estimates follow at 1e-10.
            assert_close(
                block,
                fit.estimate,
                want["estimate"].as_f64().unwrap(),
                1e-10,
            );
            assert_close(
                block,
                fit.std_error,
                want[name]["se"].as_f64().unwrap(),
                1e-10,
            );
            let ww = numbers(&want["weights"]);
            for (i, (a, b)) in fit.weights.iter().zip(&ww).enumerate() {
                assert_close(&format!("{block} weight {i}"), *a, *b, 1e-12);
            }
            assert_eq!(fit.n.used_treated + fit.n.used_control, 2000);
        }
        // Stabilising changes neither the estimate nor the SE.
        let plain = Ipw::new(estimand).fit(&e, &t, &sim.y).unwrap();
        let stable = Ipw::new(estimand)
            .stabilise(true)
            .fit(&e, &t, &sim.y)
            .unwrap();
        assert_close("stabilised", stable.estimate, plain.estimate, 1e-12);
        assert_close("stabilised se", stable.std_error, plain.std_error, 1e-10);
    }
}

#[test]
fn aipw_and_regression_adjustment_match_the_hand_computation_in_r() {
    use indsats::effects::{Aipw, Estimand};
    let sim = matching_sim();
    let e = numbers(&sim.expected["propensity_score"]);
    let t = bools(&sim.treat);
    let x: Vec<(&str, Vec<f64>)> = sim.x.clone();
    let ate = Aipw::new(Estimand::Ate).fit(&e, &t, &sim.y, &x).unwrap();
    let want = &sim.expected["aipw_ate"];
    assert_close(
        "aipw ate",
        ate.estimate,
        want["estimate"].as_f64().unwrap(),
        1e-10,
    );
    assert_close(
        "aipw ate se",
        ate.std_error,
        want["se_n"].as_f64().unwrap(),
        1e-10,
    );
    let att = Aipw::new(Estimand::Att).fit(&e, &t, &sim.y, &x).unwrap();
    let want = &sim.expected["aipw_att"];
    assert_close(
        "aipw att",
        att.estimate,
        want["estimate"].as_f64().unwrap(),
        1e-10,
    );
    assert_close(
        "aipw att se",
        att.std_error,
        want["se_n"].as_f64().unwrap(),
        1e-10,
    );
    let ra = &sim.expected["regression_adjustment"];
    assert_close(
        "ra ate",
        ate.regression_adjustment,
        ra["ate"].as_f64().unwrap(),
        1e-10,
    );
    assert_close(
        "ra att",
        att.regression_adjustment,
        ra["att"].as_f64().unwrap(),
        1e-10,
    );
    let models = &sim.expected["outcome_models"];
    for (term, coef) in &att.outcome_model_treated {
        assert_close(
            term,
            *coef,
            models["coef_treated"][term].as_f64().unwrap(),
            1e-10,
        );
    }
    for (term, coef) in &att.outcome_model_control {
        assert_close(
            term,
            *coef,
            models["coef_control"][term].as_f64().unwrap(),
            1e-10,
        );
    }
}

#[test]
fn trimming_drops_and_counts_the_extreme_scores() {
    use indsats::effects::{Estimand, Ipw, WeightLimit};
    let e = [0.05, 0.3, 0.5, 0.7, 0.95, 0.2, 0.4, 0.6];
    let t = [true, true, true, true, false, false, false, false];
    let y = [1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0];
    let fit = Ipw::new(Estimand::Ate)
        .limit(WeightLimit::Trim { alpha: 0.1 })
        .fit(&e, &t, &y)
        .unwrap();
    assert_eq!(fit.n.excluded, 2);
    assert_eq!((fit.n.used_treated, fit.n.used_control), (3, 3));
    assert_eq!(fit.weights[0], 0.0);
    // By hand: treated 0.3, 0.5, 0.7 → weights 1/e; controls 0.2, 0.4, 0.6 → 1/(1 − e).
    let m1 = (2.0 / 0.3 + 3.0 / 0.5 + 4.0 / 0.7) / (1.0 / 0.3 + 1.0 / 0.5 + 1.0 / 0.7);
    let m0 = (6.0 / 0.8 + 7.0 / 0.6 + 8.0 / 0.4) / (1.0 / 0.8 + 1.0 / 0.6 + 1.0 / 0.4);
    assert_close("trimmed ipw", fit.estimate, m1 - m0, 1e-12);
    assert!(fit.warnings.iter().any(|w| w.contains("left out")));
}

#[test]
fn truncation_caps_the_comparison_weights_for_the_att() {
    use indsats::effects::{Estimand, Ipw, WeightLimit};
    let e = [0.5, 0.5, 0.1, 0.2, 0.5, 0.9];
    let t = [true, true, false, false, false, false];
    let y = [1.0, 2.0, 3.0, 4.0, 5.0, 6.0];
    let fit = Ipw::new(Estimand::Att)
        .limit(WeightLimit::Truncate { quantile: 0.75 })
        .fit(&e, &t, &y)
        .unwrap();
    // control odds 1/9, 1/4, 1, 9; type-7 75 % quantile = 1 + 0.25·(9 − 1) = 3
    assert_eq!(fit.weight_summary.truncated, 1);
    assert_close("cap", fit.weights[5], 3.0, 1e-12);
    assert_eq!(fit.weights[0], 1.0);
}

#[test]
fn scores_of_zero_or_one_and_missing_groups_are_clear_errors() {
    use indsats::effects::{Estimand, Ipw};
    let err = Ipw::new(Estimand::Ate)
        .fit(&[0.5, 1.0], &[true, false], &[1.0, 2.0])
        .unwrap_err()
        .to_string();
    assert!(err.contains("row 2"), "{err}");
    let err = Ipw::new(Estimand::Ate)
        .fit(&[0.5, 0.4], &[true, true], &[1.0, 2.0])
        .unwrap_err()
        .to_string();
    assert!(err.contains("comparison"), "{err}");
}
