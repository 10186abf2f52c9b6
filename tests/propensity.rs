//! Propensity scores: logistic regression by IRLS against R's `glm(family = binomial)`
//! (matching_sim), closed forms, and the errors a propensity model must name.

use crate::common::{matching_sim, numbers};
use crate::tolerance::{assert_close, CLOSED_FORM};
use indsats::effects::{propensity_scores, Logit};

/// IRLS stops on the relative change in deviance, as glm does: iterative numbers are
/// compared at the peer's 1e-8 (CASE.md), not the closed-form policy.
const IRLS: f64 = 1e-8;

fn error(r: indsats::Result<indsats::effects::LogitFit>) -> String {
    r.expect_err("the fit should be refused").to_string()
}

#[test]
fn propensity_model_matches_glm_binomial_on_matching_sim() {
    let sim = matching_sim();
    let fit = propensity_scores(&sim.treat, &sim.x).unwrap();
    let e = &sim.expected["propensity_model"];
    assert_eq!(fit.n, 2000);
    assert!(fit.converged);
    // glm reports iter = 3 on this data set; the same start and rule give the same count
    assert_eq!(fit.iterations, 3);
    for term in ["(Intercept)", "x1", "x2", "x3", "x4", "x5"] {
        let c = fit.coef(term).unwrap();
        assert_close(
            &format!("{term} coef"),
            c.coef,
            e["coef"][term].as_f64().unwrap(),
            IRLS,
        );
        assert_close(
            &format!("{term} se"),
            c.std_error,
            e["se"][term].as_f64().unwrap(),
            IRLS,
        );
        assert_close(&format!("{term} z"), c.z, c.coef / c.std_error, CLOSED_FORM);
    }
    assert_close(
        "deviance",
        fit.deviance,
        e["deviance"].as_f64().unwrap(),
        IRLS,
    );
    assert_close(
        "null deviance",
        fit.null_deviance,
        e["null_deviance"].as_f64().unwrap(),
        IRLS,
    );
    // glm: AIC = deviance + 2k for a 0/1 outcome
    assert_close("aic", fit.aic, fit.deviance + 12.0, CLOSED_FORM);
    let ps = numbers(&sim.expected["propensity_score"]);
    assert_eq!(fit.fitted.len(), ps.len());
    for (i, (got, want)) in fit.fitted.iter().zip(&ps).enumerate() {
        assert_close(
            &format!("propensity score row {}", i + 1),
            *got,
            *want,
            IRLS,
        );
        let eta = fit.linear_predictor[i];
        assert_close(
            &format!("linear predictor row {}", i + 1),
            1.0 / (1.0 + (-eta).exp()),
            *got,
            CLOSED_FORM,
        );
    }
}

#[test]
fn the_fit_serialises_with_its_coefficients() {
    let sim = matching_sim();
    let fit = propensity_scores(&sim.treat, &sim.x).unwrap();
    let json = serde_json::to_value(&fit).unwrap();
    assert_eq!(json["coefficients"][1]["term"], "x1");
    assert!(json["coefficients"][1]["p_value"].as_f64().unwrap() < 1e-10);
    assert_eq!(json["fitted"].as_array().unwrap().len(), 2000);
}

/// x = 0: 1 of 4 treated; x = 1: 3 of 4 treated.
fn two_by_two() -> (Vec<f64>, Vec<f64>) {
    (
        vec![1.0, 0.0, 0.0, 0.0, 1.0, 1.0, 1.0, 0.0],
        vec![0.0, 0.0, 0.0, 0.0, 1.0, 1.0, 1.0, 1.0],
    )
}

#[test]
fn one_binary_covariate_gives_the_log_odds_ratio_of_the_two_by_two_table() {
    let (treat, x) = two_by_two();
    let fit = propensity_scores(&treat, &[("x", x)]).unwrap();
    // closed form: β₀ = log(1/3), β₁ = log(3 / (1/3)) = log 9; glm stops on the deviance,
    // so its estimate is ~3e-12 from the limit (R: 2.1972245773302848)
    assert_close("slope", fit.coef("x").unwrap().coef, 9f64.ln(), CLOSED_FORM);
    assert_close(
        "intercept",
        fit.coef("(Intercept)").unwrap().coef,
        (1.0f64 / 3.0).ln(),
        CLOSED_FORM,
    );
    assert_close(
        "slope as R",
        fit.coef("x").unwrap().coef,
        2.1972245773302848,
        IRLS,
    );
    // fitted = the cell shares; deviance = −2 Σ log-likelihood of the saturated cells
    for (i, p) in fit.fitted.iter().enumerate() {
        assert_close(
            &format!("fitted {i}"),
            *p,
            if i < 4 { 0.25 } else { 0.75 },
            1e-10,
        );
    }
    let dev = -2.0 * (2.0 * 0.25f64.ln() + 6.0 * 0.75f64.ln());
    assert_close("deviance", fit.deviance, dev, 1e-10);
    assert_close(
        "null deviance",
        fit.null_deviance,
        16.0 * 2f64.ln(),
        CLOSED_FORM,
    );
    // glm's SE uses the weights of the last iteration (one step short of the limit):
    // R gives 1.6329917553096702, √(1 + 1/3 + 1/3 + 1) = 1.6329931618554521 at the limit
    let se = fit.coef("x").unwrap().std_error;
    assert_close("se as R", se, 1.6329917553096702, IRLS);
    assert_close("se near the limit", se, (8.0f64 / 3.0).sqrt(), 1e-5);
    assert_close("aic as R", fit.aic, 12.99736, 1e-6);
}

#[test]
fn a_tighter_tolerance_reaches_the_closed_form_standard_error() {
    let (treat, x) = two_by_two();
    let design = [("(Intercept)", vec![1.0; 8]), ("x", x)];
    let fit = Logit::default()
        .tolerance(1e-15)
        .fit(&design, &treat)
        .unwrap();
    let se = fit.coef("x").unwrap().std_error;
    assert_close("se", se, (8.0f64 / 3.0).sqrt(), CLOSED_FORM);
    let se0 = fit.coef("(Intercept)").unwrap().std_error;
    assert_close("intercept se", se0, (4.0f64 / 3.0).sqrt(), CLOSED_FORM);
}

#[test]
fn prior_weights_match_glm_with_weights() {
    // R: glm(y ~ x, family = binomial, weights = c(1, 2, 3, 1, 2, 1, 1, 3))
    let (treat, x) = two_by_two();
    let design = [("(Intercept)", vec![1.0; 8]), ("x", x)];
    let w = [1.0, 2.0, 3.0, 1.0, 2.0, 1.0, 1.0, 3.0];
    let fit = Logit::default().fit_weighted(&design, &treat, &w).unwrap();
    // closed form: x = 0 has 1 of 7 weighted units treated, x = 1 has 4 of 7
    assert_close("slope", fit.coef("x").unwrap().coef, 8f64.ln(), 1e-10);
    assert_close(
        "slope as R",
        fit.coef("x").unwrap().coef,
        2.0794415415891763,
        IRLS,
    );
    assert_close(
        "intercept as R",
        fit.coef("(Intercept)").unwrap().coef,
        -1.791759469228053,
        IRLS,
    );
    assert_close(
        "se as R",
        fit.coef("x").unwrap().std_error,
        1.3228745054150597,
        IRLS,
    );
    assert_close("aic as R", fit.aic, 19.30234, 1e-6);
    // a weight of 2 on a row is the row twice
    let (mut t2, mut x2) = (Vec::new(), Vec::new());
    for i in 0..8 {
        for _ in 0..w[i] as usize {
            t2.push(treat[i]);
            x2.push(design[1].1[i]);
        }
    }
    let twice = propensity_scores(&t2, &[("x", x2)]).unwrap();
    assert_close(
        "weights as rows",
        twice.coef("x").unwrap().coef,
        fit.coef("x").unwrap().coef,
        1e-10,
    );
    assert_close("deviance as rows", twice.deviance, fit.deviance, 1e-10);
}

#[test]
fn a_constant_covariate_is_named() {
    let treat = [0.0, 1.0, 0.0, 1.0, 1.0];
    let err = error(propensity_scores(
        &treat,
        &[
            ("age", vec![10.0, 12.0, 11.0, 15.0, 9.0]),
            ("region", vec![3.0; 5]),
        ],
    ));
    assert!(err.contains("\"region\" is constant"), "{err}");
}

#[test]
fn two_identical_covariates_name_the_second() {
    let treat = [0.0, 1.0, 0.0, 1.0, 1.0, 0.0];
    let age = vec![10.0, 12.0, 11.0, 15.0, 9.0, 13.0];
    let err = error(propensity_scores(
        &treat,
        &[("age", age.clone()), ("age_again", age)],
    ));
    assert!(
        err.contains("\"age_again\" is a linear combination"),
        "{err}"
    );
}

#[test]
fn a_covariate_that_is_a_sum_of_others_is_named() {
    let treat = [0.0, 1.0, 0.0, 1.0, 1.0, 0.0, 1.0];
    let a = vec![1.0, 0.0, 2.0, 1.0, 3.0, 0.0, 2.0];
    let b = vec![4.0, 1.0, 0.0, 2.0, 1.0, 3.0, 5.0];
    let total: Vec<f64> = a.iter().zip(&b).map(|(a, b)| a + b + 1.0).collect();
    let err = error(propensity_scores(
        &treat,
        &[("total", total), ("a", a), ("b", b)],
    ));
    // the last of the three is the one that the ones before it (and the intercept) explain
    assert!(err.contains("\"b\" is a linear combination"), "{err}");
    assert!(err.contains("\"total\", \"a\""), "{err}");
}

#[test]
fn complete_separation_by_a_binary_covariate_names_it() {
    let treat = [1.0, 1.0, 1.0, 0.0, 0.0, 0.0, 0.0];
    let err = error(propensity_scores(
        &treat,
        &[
            ("age", vec![10.0, 12.0, 11.0, 15.0, 9.0, 13.0, 11.0]),
            ("x3", vec![1.0, 1.0, 1.0, 0.0, 0.0, 0.0, 0.0]),
        ],
    ));
    assert!(
        err.contains(
            "covariate \"x3\" separates the groups completely: every unit with x3 = 1 is \
             treated and every unit with x3 = 0 is a control"
        ),
        "{err}"
    );
}

#[test]
fn quasi_complete_separation_by_a_binary_covariate_names_the_empty_cell() {
    // every unit with x = 1 is treated, but x = 0 holds both groups; R's glm "converges"
    // here without a warning, at a slope of 19.97 with SE ~ 4000
    let x = vec![0.0, 0.0, 0.0, 0.0, 1.0, 1.0, 1.0, 1.0, 1.0, 0.0];
    let treat = [0.0, 1.0, 0.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 0.0];
    let err = error(propensity_scores(&treat, &[("x", x)]));
    assert!(
        err.contains(
            "covariate \"x\" separates the groups quasi-completely: every unit with x = 1 is \
             treated;"
        ),
        "{err}"
    );
    // and the other way: every unit with x = 0 is a control
    let x = vec![0.0, 0.0, 0.0, 1.0, 1.0, 1.0, 1.0];
    let treat = [0.0, 0.0, 0.0, 1.0, 0.0, 1.0, 1.0];
    let err = error(propensity_scores(&treat, &[("x", x)]));
    assert!(err.contains("every unit with x = 0 is a control;"), "{err}");
}

#[test]
fn a_continuous_covariate_that_separates_is_named_with_its_threshold() {
    let treat = [0.0, 0.0, 0.0, 1.0, 1.0, 1.0, 0.0, 1.0];
    let x1 = vec![1.5, 2.0, 4.2, 5.0, 6.1, 4.3, 0.2, 7.0];
    let x2 = vec![1.0, 0.0, 1.0, 0.0, 1.0, 1.0, 0.0, 0.0];
    let err = error(propensity_scores(&treat, &[("x2", x2), ("x1", x1.clone())]));
    assert!(
        err.contains(
            "covariate \"x1\" separates the groups completely: all treated have x1 above 4.2 \
             and all controls at or below it"
        ),
        "{err}"
    );
    // ranges that touch at one value separate quasi-completely
    let mut touching = x1;
    touching[5] = 4.2;
    let err = error(propensity_scores(&treat, &[("x1", touching)]));
    assert!(
        err.contains(
            "quasi-completely: all treated have x1 of at least 4.2 and all controls at most 4.2"
        ),
        "{err}"
    );
}

#[test]
fn separation_by_a_combination_lists_the_covariates_that_diverge() {
    // treated exactly when x1 + x2 > 0.5; each covariate alone overlaps between groups
    // (R: glm "converges" in 24 iterations with fitted probabilities numerically 0 or 1)
    let x1 = vec![
        -2.0, -1.0, 0.0, 1.0, 2.0, -2.0, -1.0, 0.0, 1.0, 2.0, 0.5, -0.5,
    ];
    let x2 = vec![
        3.0, 2.0, 1.0, 0.0, -1.0, 1.0, 0.0, -1.0, -2.0, -3.0, 0.2, -0.2,
    ];
    let treat: Vec<f64> = x1
        .iter()
        .zip(&x2)
        .map(|(a, b)| if a + b > 0.5 { 1.0 } else { 0.0 })
        .collect();
    let err = error(propensity_scores(&treat, &[("x1", x1), ("x2", x2)]));
    assert!(
        err.contains("the covariates together separate the groups"),
        "{err}"
    );
    assert!(err.contains("\"x1\"") && err.contains("\"x2\""), "{err}");
}

#[test]
fn quasi_separation_by_a_combination_is_caught_although_glm_converges() {
    // x1 + x2 ≥ 0 for every treated and ≤ 0 for every control, with ties at 0 in both
    // groups: the tie rows keep the deviance finite, the others run to 0 and 1
    let x1 = vec![
        -2.0, -1.0, 1.0, 2.0, -2.0, -1.0, 1.0, 2.0, 0.0, 0.0, 1.0, -1.0,
    ];
    let x2 = vec![
        3.0, 2.0, 0.0, -1.0, 1.0, 0.0, -2.0, -3.0, 0.0, 0.0, -1.0, 1.0,
    ];
    let treat = [1.0, 1.0, 1.0, 1.0, 0.0, 0.0, 0.0, 0.0, 1.0, 0.0, 0.0, 1.0];
    let err = error(propensity_scores(&treat, &[("x1", x1), ("x2", x2)]));
    assert!(
        err.contains("the covariates together separate the groups"),
        "{err}"
    );
}

#[test]
fn all_treated_is_refused() {
    let err = error(propensity_scores(
        &[1.0; 4],
        &[("x", vec![1.0, 2.0, 3.0, 4.0])],
    ));
    assert!(err.contains("no unit is a control"), "{err}");
    let err = error(propensity_scores(
        &[0.0; 4],
        &[("x", vec![1.0, 2.0, 3.0, 4.0])],
    ));
    assert!(err.contains("no unit is treated"), "{err}");
}

#[test]
fn a_treatment_coded_2_is_named_with_its_row() {
    let err = error(propensity_scores(
        &[0.0, 1.0, 2.0, 1.0],
        &[("x", vec![1.0, 2.0, 3.0, 4.0])],
    ));
    assert_eq!(err, "treatment: row 3 is 2; it must be coded 0 or 1");
}

#[test]
fn a_missing_value_and_a_short_column_are_named() {
    let treat = [0.0, 1.0, 0.0, 1.0];
    let err = error(propensity_scores(
        &treat,
        &[("age", vec![1.0, f64::NAN, 3.0, 4.0])],
    ));
    assert_eq!(err, "age: row 2 is NaN, not a finite number");
    let err = error(propensity_scores(&treat, &[("age", vec![1.0, 2.0, 3.0])]));
    assert!(
        err.starts_with("age: has 3 rows but the treatment has 4"),
        "{err}"
    );
}

#[test]
fn too_few_iterations_is_an_error_not_a_fit() {
    let sim = matching_sim();
    let design: Vec<(&str, Vec<f64>)> = std::iter::once(("(Intercept)", vec![1.0; 2000]))
        .chain(sim.x.iter().cloned())
        .collect();
    let err = error(Logit::default().max_iter(2).fit(&design, &sim.treat));
    assert!(
        err.starts_with("the logistic regression did not converge in 2 iterations"),
        "{err}"
    );
    let err = Logit::default()
        .tolerance(0.0)
        .check()
        .unwrap_err()
        .to_string();
    assert!(err.starts_with("tolerance:"), "{err}");
}

#[test]
fn covariates_on_a_large_scale_fit_as_well_as_centred_ones() {
    // a calendar year around 2020 beside the intercept: centring inside the fit keeps
    // X'WX well conditioned, and the slope and its SE do not depend on the shift
    let sim = matching_sim();
    let shifted: Vec<(&str, Vec<f64>)> = sim
        .x
        .iter()
        .map(|(n, c)| (*n, c.iter().map(|v| v + 2020.0).collect()))
        .collect();
    let a = propensity_scores(&sim.treat, &sim.x).unwrap();
    let b = propensity_scores(&sim.treat, &shifted).unwrap();
    for term in ["x1", "x2", "x3", "x4", "x5"] {
        let (ca, cb) = (a.coef(term).unwrap(), b.coef(term).unwrap());
        assert_close(&format!("{term} coef"), cb.coef, ca.coef, 1e-10);
        assert_close(&format!("{term} se"), cb.std_error, ca.std_error, 1e-10);
    }
    assert_close("deviance", b.deviance, a.deviance, 1e-12);
}

#[test]
fn a_model_without_an_intercept_has_the_half_null_model() {
    let (treat, x) = two_by_two();
    let fit = Logit::default().fit(&[("x", x)], &treat).unwrap();
    // through the origin: x = 0 rows sit at p = ½, the slope fits the x = 1 cell
    assert_close("slope", fit.coef("x").unwrap().coef, 3f64.ln(), CLOSED_FORM);
    assert_close(
        "null deviance",
        fit.null_deviance,
        16.0 * 2f64.ln(),
        CLOSED_FORM,
    );
}

#[test]
fn an_outlier_fitted_at_probability_one_is_refused_though_no_covariate_separates() {
    // x = 1000 gets log odds ~426 at glm's MLE (slope 0.427, intercept −1.376), so its
    // fitted probability is numerically 1: glm warns, a propensity score cannot be used
    let x: Vec<f64> = (0..10).map(f64::from).chain([1000.0]).collect();
    let treat = [0.0, 1.0, 0.0, 0.0, 1.0, 1.0, 0.0, 1.0, 1.0, 1.0, 1.0];
    let err = error(propensity_scores(&treat, &[("x", x)]));
    assert!(
        err.starts_with(
            "fitted probabilities are numerically 0 or 1 for 1 unit (the first at row 11)"
        ),
        "{err}"
    );
}
