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
