//! Effects: each estimator against its peer's numbers (tests/reference/<case>/).

use crate::tolerance::{assert_close, CLOSED_FORM};
use indsats::effects::PrePost;

fn paired() -> (Vec<f64>, Vec<f64>) {
    let text = include_str!("reference/effect_sizes_sim/paired.csv");
    let (mut pre, mut post) = (Vec::new(), Vec::new());
    for line in text.lines().skip(1) {
        let f: Vec<&str> = line.split(',').collect();
        pre.push(f[1].parse().unwrap());
        post.push(f[2].parse().unwrap());
    }
    (pre, post)
}

#[test]
fn prepost_matches_r_t_test_wilcox_test_and_effect_sizes() {
    let expected: serde_json::Value =
        serde_json::from_str(include_str!("reference/effect_sizes_sim/expected.json")).unwrap();
    let e = &expected["paired"];
    let num = |v: &serde_json::Value| v.as_f64().unwrap();
    let (pre, post) = paired();
    let fit = PrePost::default().fit(&pre, &post).unwrap();
    assert_eq!(fit.n, 40);
    for (what, got, want) in [
        ("mean_pre", fit.mean_pre, &e["mean_pre"]),
        ("mean_post", fit.mean_post, &e["mean_post"]),
        ("sd_pre", fit.sd_pre, &e["sd_pre"]),
        ("sd_post", fit.sd_post, &e["sd_post"]),
        ("mean_diff", fit.mean_change, &e["mean_diff"]),
        ("sd_diff", fit.sd_change, &e["sd_diff"]),
        (
            "correlation",
            fit.correlation.unwrap(),
            &e["correlation_pre_post"],
        ),
        ("t", fit.paired_t.unwrap().t, &e["paired_t"]["t"]),
        ("df", fit.paired_t.unwrap().df, &e["paired_t"]["df"]),
        (
            "p",
            fit.paired_t.unwrap().p_value,
            &e["paired_t"]["p_value"],
        ),
        ("ci low", fit.ci.unwrap()[0], &e["paired_t"]["ci95"][0]),
        ("ci high", fit.ci.unwrap()[1], &e["paired_t"]["ci95"][1]),
        ("d_z", fit.effect_sizes.d_z.unwrap(), &e["cohens_d_z"]),
        ("d_av", fit.effect_sizes.d_av.unwrap(), &e["cohens_d_av"]),
        ("d_rm", fit.effect_sizes.d_rm.unwrap(), &e["cohens_d_rm"]),
        ("g_av", fit.effect_sizes.g_av.unwrap(), &e["hedges_g_av"]),
    ] {
        assert_close(what, got, num(want), CLOSED_FORM);
    }
    let w = fit.wilcoxon.unwrap();
    let ew = &e["wilcoxon_signed_rank"];
    assert_close("V", w.statistic, num(&ew["V"]), CLOSED_FORM);
    assert_close("z", w.z, num(&ew["z"]), CLOSED_FORM);
    assert_close("sigma", w.sigma, num(&ew["sigma"]), CLOSED_FORM);
    assert_close("wilcoxon p", w.p_value, num(&ew["p_value"]), CLOSED_FORM);
    assert_eq!(
        (w.n_nonzero, w.n_zero, w.n_tie_groups),
        (
            ew["n_nonzero"].as_u64().unwrap() as usize,
            2,
            ew["n_tie_groups"].as_u64().unwrap() as usize
        )
    );
}

#[test]
fn two_pairs_by_hand() {
    // d = (1, 3): mean 2, sd √2, SE 1, t = 2 on 1 df, p = 2·(1 − F(2)) = 0.2951672353...
    let fit = PrePost::default().fit(&[0.0, 0.0], &[1.0, 3.0]).unwrap();
    assert_close("t", fit.paired_t.unwrap().t, 2.0, CLOSED_FORM);
    // On 1 df, t is Cauchy: p = 1 − 2·atan(2)/π.
    let p = 1.0 - 2.0 * 2.0f64.atan() / std::f64::consts::PI;
    assert_close("p", fit.paired_t.unwrap().p_value, p, CLOSED_FORM);
    // The 97.5 % quantile of t on 1 df is tan(0.475π).
    let q = (0.475 * std::f64::consts::PI).tan();
    assert_close("ci high", fit.ci.unwrap()[1], 2.0 + q, CLOSED_FORM);
    // sd(pre) = 0 and sd(post) = √2, so d_av = 2 / (√2 / 2) = 2√2; with no pre spread the
    // correlation, and so d_rm, do not exist.
    assert_close(
        "d_av",
        fit.effect_sizes.d_av.unwrap(),
        2.0 * 2.0f64.sqrt(),
        CLOSED_FORM,
    );
    assert_eq!((fit.correlation, fit.effect_sizes.d_rm), (None, None));
}

#[test]
fn no_variation_in_change_gives_no_test_but_no_panic() {
    let fit = PrePost::default()
        .fit(&[1.0, 2.0, 3.0], &[2.0, 3.0, 4.0])
        .unwrap();
    assert_eq!(fit.mean_change, 1.0);
    assert!(fit.paired_t.is_none() && fit.ci.is_none() && fit.effect_sizes.d_z.is_none());
    assert!(!fit.warnings.is_empty());
    let fit = PrePost::default().fit(&[1.0, 2.0], &[1.0, 2.0]).unwrap();
    assert!(fit.wilcoxon.is_none());
}

#[test]
fn bad_input_is_an_error() {
    assert!(PrePost::default().fit(&[1.0], &[2.0]).is_err());
    assert!(PrePost::default().fit(&[1.0, 2.0], &[2.0]).is_err());
    assert!(PrePost::default()
        .fit(&[1.0, f64::NAN], &[2.0, 3.0])
        .is_err());
    assert!(PrePost::default()
        .ci_level(1.0)
        .fit(&[1.0, 2.0], &[2.0, 4.0])
        .is_err());
}

fn groups() -> (Vec<f64>, Vec<f64>) {
    let text = include_str!("reference/effect_sizes_sim/groups.csv");
    let (mut t, mut c) = (Vec::new(), Vec::new());
    for line in text.lines().skip(1) {
        let f: Vec<&str> = line.split(',').collect();
        let v: f64 = f[2].parse().unwrap();
        if f[1] == "treatment" {
            t.push(v)
        } else {
            c.push(v)
        }
    }
    (t, c)
}

#[test]
fn two_groups_match_r_t_tests_wilcox_test_and_effect_sizes() {
    let expected: serde_json::Value =
        serde_json::from_str(include_str!("reference/effect_sizes_sim/expected.json")).unwrap();
    let e = &expected["two_group"];
    let num = |v: &serde_json::Value| v.as_f64().unwrap();
    let (t, c) = groups();
    let fit = indsats::effects::TwoGroup::default().fit(&t, &c).unwrap();
    assert_eq!(fit.n, [35, 48]);
    let (w, s, mw) = (
        fit.welch.unwrap(),
        fit.student.unwrap(),
        fit.mann_whitney.unwrap(),
    );
    for (what, got, want) in [
        ("mean t", fit.mean[0], &e["mean_treatment"]),
        ("mean c", fit.mean[1], &e["mean_control"]),
        ("sd t", fit.sd[0], &e["sd_treatment"]),
        ("sd c", fit.sd[1], &e["sd_control"]),
        ("welch t", w.t, &e["welch_t"]["t"]),
        ("welch df", w.df, &e["welch_t"]["df"]),
        ("welch p", w.p_value, &e["welch_t"]["p_value"]),
        ("welch se", w.std_error, &e["welch_t"]["stderr"]),
        ("welch ci low", w.ci[0], &e["welch_t"]["ci95"][0]),
        ("welch ci high", w.ci[1], &e["welch_t"]["ci95"][1]),
        ("student t", s.t, &e["student_t"]["t"]),
        ("student p", s.p_value, &e["student_t"]["p_value"]),
        ("student ci low", s.ci[0], &e["student_t"]["ci95"][0]),
        ("student ci high", s.ci[1], &e["student_t"]["ci95"][1]),
        ("W", mw.statistic, &e["mann_whitney"]["W"]),
        ("W p", mw.p_value, &e["mann_whitney"]["p_value"]),
        ("d", fit.cohens_d.unwrap(), &e["cohens_d_pooled"]),
        ("g exact", fit.hedges_g.unwrap(), &e["hedges_g_exact"]),
        (
            "g approx",
            fit.hedges_g_approx.unwrap(),
            &e["hedges_g_approx"],
        ),
        (
            "glass",
            fit.glass_delta.unwrap(),
            &e["glass_delta_control_sd"],
        ),
    ] {
        assert_close(what, got, num(want), CLOSED_FORM);
    }
}

mod ols {
    use crate::tolerance::{assert_close, CLOSED_FORM};
    use indsats::effects::{ols, ClusterAdjust, ClusterDf, Covariance};
    use serde_json::Value;
    use statrs::distribution::{ContinuousCDF, StudentsT};

    const TERMS: [&str; 4] = ["(Intercept)", "x1", "x2", "x3"];

    /// The design's named columns.
    type Design = Vec<(&'static str, Vec<f64>)>;

    fn data() -> (Design, Vec<f64>, Vec<String>) {
        let text = include_str!("reference/ols_robust_sim/ols.csv");
        let (mut y, mut x1, mut x2, mut x3, mut g) = (vec![], vec![], vec![], vec![], vec![]);
        for line in text.lines().skip(1) {
            let f: Vec<&str> = line.split(',').collect();
            g.push(f[1].to_string());
            y.push(f[2].parse().unwrap());
            x1.push(f[3].parse().unwrap());
            x2.push(f[4].parse().unwrap());
            x3.push(f[5].parse().unwrap());
        }
        let n = y.len();
        (
            vec![
                ("(Intercept)", vec![1.0; n]),
                ("x1", x1),
                ("x2", x2),
                ("x3", x3),
            ],
            y,
            g,
        )
    }

    fn check(block: &Value, cov: Covariance) {
        let (x, y, _) = data();
        let fit = ols(&x, &y, &cov, 0.95).unwrap();
        let num = |v: &Value| v.as_f64().unwrap();
        assert_close("df", fit.df, num(&block["df"]), CLOSED_FORM);
        for (j, term) in TERMS.iter().enumerate() {
            let c = fit.coef(term).unwrap();
            assert_close(
                &format!("se {term}"),
                c.std_error,
                num(&block["se"][term]),
                CLOSED_FORM,
            );
            assert_close(
                &format!("t {term}"),
                c.t,
                num(&block["t"][term]),
                CLOSED_FORM,
            );
            // p-values: 1e-8 relative, as the case says
            assert_close(
                &format!("p {term}"),
                c.p_value,
                num(&block["p_value"][term]),
                1e-8,
            );
            assert_close(
                &format!("ci low {term}"),
                c.ci[0],
                num(&block["ci95_lower"][term]),
                CLOSED_FORM,
            );
            assert_close(
                &format!("ci high {term}"),
                c.ci[1],
                num(&block["ci95_upper"][term]),
                CLOSED_FORM,
            );
            for (q, v) in block["vcov"][j].as_array().unwrap().iter().enumerate() {
                assert_close(
                    &format!("vcov[{j}][{q}]"),
                    fit.vcov[j][q],
                    num(v),
                    CLOSED_FORM,
                );
            }
        }
    }

    fn expected() -> Value {
        serde_json::from_str(include_str!("reference/ols_robust_sim/expected.json")).unwrap()
    }

    #[test]
    fn coefficients_and_fit_statistics_match_r_lm() {
        let e = expected();
        let (x, y, _) = data();
        let fit = ols(&x, &y, &Covariance::Classical, 0.95).unwrap();
        let num = |v: &Value| v.as_f64().unwrap();
        for term in TERMS {
            assert_close(
                term,
                fit.coef(term).unwrap().coef,
                num(&e["coef"][term]),
                CLOSED_FORM,
            );
        }
        assert_close("sigma", fit.sigma, num(&e["sigma"]), CLOSED_FORM);
        assert_close("r2", fit.r_squared, num(&e["r_squared"]), CLOSED_FORM);
        assert_close(
            "adj r2",
            fit.adj_r_squared,
            num(&e["adj_r_squared"]),
            CLOSED_FORM,
        );
        assert_close(
            "F",
            fit.f_statistic.unwrap(),
            num(&e["f_statistic"]),
            CLOSED_FORM,
        );
        for (i, h) in e["leverage"].as_array().unwrap().iter().enumerate() {
            assert_close(&format!("h[{i}]"), fit.leverage[i], num(h), CLOSED_FORM);
        }
    }

    #[test]
    fn classical_and_hc0_to_hc3_match_sandwich() {
        let e = expected();
        check(&e["classical"], Covariance::Classical);
        check(&e["HC0"], Covariance::Hc0);
        check(&e["HC1"], Covariance::Hc1);
        check(&e["HC2"], Covariance::Hc2);
        check(&e["HC3"], Covariance::Hc3);
    }

    #[test]
    fn cluster_robust_matches_vcovcl_and_stata() {
        let e = expected();
        let (_, _, g) = data();
        let cl = |adjust, df| Covariance::Cluster {
            clusters: g.clone(),
            adjust,
            df,
        };
        check(
            &e["cluster_HC1"],
            cl(ClusterAdjust::Stata, ClusterDf::Residual),
        );
        check(
            &e["cluster_HC1_dfG1"],
            cl(ClusterAdjust::Stata, ClusterDf::ClustersMinusOne),
        );
        check(&e["cluster_HC0"], cl(ClusterAdjust::G, ClusterDf::Residual));
    }

    #[test]
    fn cr2_matches_clubsandwich_vcovcr_with_residual_df() {
        let e = expected();
        let (_, _, g) = data();
        // clubSandwich's CR2 matrix, tested by lmtest::coeftest on n − k df
        check(
            &e["cluster_CR2_clubSandwich"],
            Covariance::Cr2 {
                clusters: g,
                df: ClusterDf::Residual,
            },
        );
    }

    #[test]
    fn cr2_satterthwaite_matches_clubsandwich_coef_test_and_estimatr() {
        let e = expected();
        let (x, y, g) = data();
        let cov = Covariance::Cr2 {
            clusters: g,
            df: ClusterDf::Satterthwaite,
        };
        let fit = ols(&x, &y, &cov, 0.95).unwrap();
        let num = |v: &Value| v.as_f64().unwrap();
        let (club, estimatr) = (&e["cluster_CR2_satterthwaite"], &e["estimatr_CR2"]);
        assert_eq!(fit.n_clusters, Some(40));
        assert!(fit.warnings.is_empty(), "{:?}", fit.warnings);
        for term in TERMS {
            let c = fit.coef(term).unwrap();
            let df = c.df.expect("a Satterthwaite df per coefficient");
            for (peer, block) in [("clubSandwich", club), ("estimatr", estimatr)] {
                let what = |q: &str| format!("{peer} {q} {term}");
                assert_close(
                    &what("se"),
                    c.std_error,
                    num(&block["se"][term]),
                    CLOSED_FORM,
                );
                // df and p: 1e-8 relative, as the case says. estimatr's CR2 df (Bell and
                // McCaffrey's) equal clubSandwich's Satterthwaite df for this working model.
                assert_close(&what("df"), df, num(&block["df"][term]), 1e-8);
                assert_close(&what("p"), c.p_value, num(&block["p_value"][term]), 1e-8);
            }
            assert_close(
                &format!("t {term}"),
                c.t,
                num(&club["t"][term]),
                CLOSED_FORM,
            );
            // the interval uses the coefficient's own df: its half-width is the 97.5 % point
            let half = (c.ci[1] - c.ci[0]) / 2.0;
            let t_df = StudentsT::new(0.0, 1.0, df).unwrap();
            assert_close(
                &format!("ci {term}"),
                t_df.cdf(half / c.std_error),
                0.975,
                CLOSED_FORM,
            );
        }
    }

    #[test]
    fn collinear_terms_are_named() {
        let x = vec![
            ("(Intercept)", vec![1.0; 4]),
            ("a", vec![1.0, 2.0, 3.0, 4.0]),
            ("b", vec![2.0, 4.0, 6.0, 8.0]),
        ];
        let err = ols(&x, &[1.0, 2.0, 2.0, 3.0], &Covariance::Classical, 0.95)
            .unwrap_err()
            .to_string();
        assert!(err.contains("\"b\"") && err.contains("collinear"), "{err}");
        assert!(
            ols(&x[..2], &[1.0, 2.0], &Covariance::Classical, 0.95).is_err(),
            "n must exceed k"
        );
    }
}

/// ANCOVA is the treatment coefficient of a least-squares fit: the ols_robust_sim model
/// `y ~ x1 + x2 + x3` read with x3 as the treatment and x1 as the baseline.
mod ancova {
    use crate::tolerance::{assert_close, CLOSED_FORM};
    use indsats::effects::{Ancova, ClusterAdjust, ClusterDf, Covariance};
    use serde_json::Value;

    #[test]
    fn the_treatment_coefficient_matches_lm_with_classical_and_cluster_errors() {
        let text = include_str!("reference/ols_robust_sim/ols.csv");
        let (mut y, mut x1, mut x2, mut t, mut cl) = (vec![], vec![], vec![], vec![], vec![]);
        for line in text.lines().skip(1) {
            let f: Vec<&str> = line.split(',').collect();
            cl.push(f[1].to_string());
            y.push(f[2].parse::<f64>().unwrap());
            x1.push(f[3].parse::<f64>().unwrap());
            x2.push(f[4].parse::<f64>().unwrap());
            t.push(f[5] == "1");
        }
        let e: Value =
            serde_json::from_str(include_str!("reference/ols_robust_sim/expected.json")).unwrap();
        for (cov, block) in [
            (Covariance::Classical, "classical"),
            (
                Covariance::Cluster {
                    clusters: cl.clone(),
                    adjust: ClusterAdjust::Stata,
                    df: ClusterDf::Residual,
                },
                "cluster_HC1",
            ),
        ] {
            let fit = Ancova::default()
                .covariance(cov)
                .fit(&y, &t, Some(&x1), &[("x2", x2.clone())])
                .unwrap();
            assert_close(
                "coef",
                fit.estimate,
                e["coef"]["x3"].as_f64().unwrap(),
                CLOSED_FORM,
            );
            assert_close(
                block,
                fit.std_error,
                e[block]["se"]["x3"].as_f64().unwrap(),
                CLOSED_FORM,
            );
            assert_close(
                "p",
                fit.p_value,
                e[block]["p_value"]["x3"].as_f64().unwrap(),
                1e-8,
            );
        }
    }

    #[test]
    fn everyone_treated_is_a_clear_error() {
        let err = Ancova::default()
            .fit(&[1.0, 2.0, 3.0], &[true; 3], None, &[])
            .unwrap_err()
            .to_string();
        assert!(err.contains("0 in the comparison group"), "{err}");
    }
}

/// Risks: checked against R (`prop.test(correct = FALSE)$conf.int` for the difference; the
/// Katz and Woolf log intervals computed in R from their formulas, R 4.2.2):
/// 17 of 43 treated against 9 of 61.
mod risk {
    use crate::tolerance::{assert_close, CLOSED_FORM};
    use indsats::effects::RiskComparison;

    #[test]
    fn difference_ratio_and_odds_ratio_match_r() {
        let fit = RiskComparison::default().fit(17, 43, 9, 61).unwrap();
        let rd = fit.risk_difference;
        assert_close("rd low", rd.ci[0], 0.076_705_068_642_515_17, CLOSED_FORM);
        assert_close("rd high", rd.ci[1], 0.418_910_638_562_974_7, CLOSED_FORM);
        let rr = fit.risk_ratio.unwrap();
        assert_close("rr low", rr.ci[0], 1.3207664444808875, CLOSED_FORM);
        assert_close("rr high", rr.ci[1], 5.4363768706133015, CLOSED_FORM);
        assert_close("rr p", rr.p_value, 0.006_319_225_492_115_465, 1e-10);
        let or = fit.odds_ratio.unwrap();
        assert_close("or low", or.ci[0], 1.4829478786886592, CLOSED_FORM);
        assert_close("or high", or.ci[1], 9.623_807_514_321_875, CLOSED_FORM);
    }

    #[test]
    fn no_events_in_a_group_gives_no_ratio_and_says_so() {
        let fit = RiskComparison::default().fit(0, 20, 5, 20).unwrap();
        assert!(fit.risk_ratio.is_none() && fit.odds_ratio.is_none());
        assert_eq!(fit.risk_difference.estimate, -0.25);
        assert_eq!(fit.warnings.len(), 2);
    }

    #[test]
    fn an_outcome_that_is_not_zero_or_one_is_named_by_row() {
        let err = RiskComparison::default()
            .fit_outcomes(&[0.0, 1.0, 2.0], &[true, false, true])
            .unwrap_err()
            .to_string();
        assert!(err.contains("row 3"), "{err}");
    }
}
