//! Covariate balance: MatchIt's `summary()` on the matching_sim runs, and cases worked out
//! by hand.

use crate::common::{matching_sim, numbers};
use crate::tolerance::{assert_close, CLOSED_FORM};
use indsats::effects::{
    balance, common_support, effective_sample_size, weight_summary, Balance, BalanceTable,
    Estimand, PairRows,
};

/// Every number in one of MatchIt's balance tables (`null` ↔ `None`).
fn check_table(what: &str, got: &BalanceTable, want: &serde_json::Value) {
    let names: Vec<&str> = want["variable"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    assert_eq!(got.rows.len(), names.len(), "{what}: rows");
    for (j, name) in names.iter().enumerate() {
        let row = got
            .row(name)
            .unwrap_or_else(|| panic!("{what}: no row {name}"));
        let columns: [(&str, Option<f64>); 7] = [
            ("means_treated", Some(row.means_treated)),
            ("means_control", Some(row.means_control)),
            ("std_mean_diff", row.std_mean_diff),
            ("var_ratio", row.var_ratio),
            ("ecdf_mean", Some(row.ecdf_mean)),
            ("ecdf_max", Some(row.ecdf_max)),
            ("std_pair_dist", row.std_pair_dist),
        ];
        for (column, value) in columns {
            let expected = numbers(&want[column])[j];
            let label = format!("{what} {name} {column}");
            match value {
                Some(v) => assert_close(&label, v, expected, CLOSED_FORM),
                None => assert!(expected.is_nan(), "{label}: got None, expected {expected}"),
            }
        }
    }
}

#[test]
fn matchit_summary_of_the_three_nearest_neighbour_runs() {
    let sim = matching_sim();
    let treated: Vec<bool> = sim.treat.iter().map(|&t| t == 1.0).collect();
    let mut covariates = sim.x.clone();
    covariates.push(("ps", numbers(&sim.expected["propensity_score"])));
    for run in [
        "nearest_1to1",
        "nearest_1to1_caliper01",
        "nearest_1to1_replace",
    ] {
        let e = &sim.expected[run];
        let weights = numbers(&e["weights"]);
        // 1-based rows; an unmatched treated unit has a null control
        let pairs: Vec<PairRows> = numbers(&e["pairs"]["treated_row"])
            .iter()
            .zip(numbers(&e["pairs"]["control_row"]))
            .map(|(&t, c)| {
                let controls = if c.is_nan() {
                    vec![]
                } else {
                    vec![c as usize - 1]
                };
                (t as usize - 1, controls)
            })
            .collect();
        let s = Balance::new(Estimand::Att)
            .summary(&covariates, &treated, &weights, Some(&pairs), None)
            .unwrap();
        check_table(&format!("{run} before"), &s.before, &e["balance"]["before"]);
        check_table(&format!("{run} after"), &s.after, &e["balance"]["after"]);
        assert!(!s.before.adjusted && s.after.adjusted);

        let sizes = &e["balance"]["sample_sizes"];
        let rows: Vec<&str> = sizes["rows"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_str().unwrap())
            .collect();
        for (group, got) in [
            ("treated", s.sample_sizes.treated),
            ("control", s.sample_sizes.control),
        ] {
            let want = numbers(&sizes[group]);
            for (row, w) in rows.iter().zip(want) {
                let label = format!("{run} sample size {group} {row}");
                let v = match *row {
                    "All (ESS)" => got.all_ess,
                    "All" => got.all as f64,
                    "Matched (ESS)" => got.adjusted_ess,
                    "Matched" => got.adjusted as f64,
                    "Unmatched" => got.unmatched as f64,
                    "Discarded" => got.discarded as f64,
                    other => panic!("unknown sample-size row {other}"),
                };
                assert_close(&label, v, w, CLOSED_FORM);
            }
        }
    }
}

#[test]
fn the_caliper_run_warns_about_nothing_but_the_unmatched_run_flags_ps() {
    let sim = matching_sim();
    let treated: Vec<bool> = sim.treat.iter().map(|&t| t == 1.0).collect();
    let covariates = vec![("ps", numbers(&sim.expected["propensity_score"]))];
    let w = numbers(&sim.expected["nearest_1to1"]["weights"]);
    let s = Balance::default()
        .summary(&covariates, &treated, &w, None, None)
        .unwrap();
    // |SMD| of ps after 1:1 matching without caliper is 0.127 > 0.1
    assert_eq!(s.warnings.len(), 1, "{:?}", s.warnings);
    assert!(s.warnings[0].contains("\"ps\""), "{}", s.warnings[0]);
    let w = numbers(&sim.expected["nearest_1to1_caliper01"]["weights"]);
    let s = Balance::default()
        .summary(&covariates, &treated, &w, None, None)
        .unwrap();
    assert!(s.warnings.is_empty(), "{:?}", s.warnings);
}

#[test]
fn a_binary_covariates_smd_uses_the_square_root_of_p_times_one_minus_p() {
    // treated: 1, 1, 1, 0 (p = 0.75); controls: 1, 0, 0, 0 (p = 0.25)
    let x = vec![1.0, 1.0, 1.0, 0.0, 1.0, 0.0, 0.0, 0.0];
    let treated = [true, true, true, true, false, false, false, false];
    let t = balance(&[("x", x)], &treated, None, Estimand::Att, None).unwrap();
    let r = &t.rows[0];
    assert!(r.binary);
    let s = (0.75_f64 * 0.25).sqrt(); // not the n − 1 SD √(0.25)
    assert_close("sd", r.sd_denominator.unwrap(), s, CLOSED_FORM);
    assert_close("smd", r.std_mean_diff.unwrap(), 0.5 / s, CLOSED_FORM);
    assert_eq!(r.var_ratio, None);
    assert_eq!((r.ecdf_mean, r.ecdf_max), (0.5, 0.5));
}

#[test]
fn ate_uses_the_pooled_sd_of_the_unadjusted_sample_before_and_after() {
    // treated 1, 2, 3 (variance 1); controls 2, 4, 6 (variance 4)
    let x = vec![1.0, 2.0, 3.0, 2.0, 4.0, 6.0];
    let treated = [true, true, true, false, false, false];
    let s_pooled = ((1.0_f64 + 4.0) / 2.0).sqrt();
    let before = balance(&[("x", x.clone())], &treated, None, Estimand::Ate, None).unwrap();
    assert_close(
        "before",
        before.rows[0].std_mean_diff.unwrap(),
        (2.0 - 4.0) / s_pooled,
        CLOSED_FORM,
    );
    // weights move the control mean to (2 + 4)/2 = 3 but not the denominator
    let w = [1.0, 1.0, 1.0, 1.0, 1.0, 0.0];
    let after = balance(&[("x", x.clone())], &treated, Some(&w), Estimand::Ate, None).unwrap();
    assert_close(
        "after",
        after.rows[0].std_mean_diff.unwrap(),
        (2.0 - 3.0) / s_pooled,
        CLOSED_FORM,
    );
    // ATT and ATC take one group's SD
    let att = balance(&[("x", x.clone())], &treated, None, Estimand::Att, None).unwrap();
    assert_eq!(att.rows[0].sd_denominator, Some(1.0));
    let atc = balance(&[("x", x)], &treated, None, Estimand::Atc, None).unwrap();
    assert_eq!(atc.rows[0].sd_denominator, Some(2.0));
}

#[test]
fn weighted_variance_ratio_uses_reliability_weights() {
    // treated 1, 2, 3 with weights 1, 2, 1: m = 2, Σw(x − m)² = 2, Σw = 4, Σw² = 6
    // → 2/(4 − 6/4) = 0.8; controls 0, 4 unweighted: 8
    let x = vec![1.0, 2.0, 3.0, 0.0, 4.0];
    let treated = [true, true, true, false, false];
    let w = [1.0, 2.0, 1.0, 1.0, 1.0];
    let t = balance(&[("x", x)], &treated, Some(&w), Estimand::Att, None).unwrap();
    assert_close("var ratio", t.rows[0].var_ratio.unwrap(), 0.1, CLOSED_FORM);
}

#[test]
fn pair_distance_is_the_mean_absolute_within_pair_difference_over_s() {
    // treated 0, 2 (SD √2); pairs (0 → 3), (2 → 4, 5) differences 1; 1, 3
    let x = vec![0.0, 2.0, 1.0, 1.0, 5.0, 3.0];
    let treated = [true, true, false, false, false, false];
    let pairs: Vec<PairRows> = vec![(0, vec![3]), (1, vec![4, 5])];
    let t = balance(
        &[("x", x)],
        &treated,
        Some(&[1.0, 1.0, 0.0, 1.0, 0.5, 0.5]),
        Estimand::Att,
        Some(&pairs),
    )
    .unwrap();
    let want = (1.0 + 3.0 + 1.0) / 3.0 / 2.0_f64.sqrt();
    assert_close(
        "pair dist",
        t.rows[0].std_pair_dist.unwrap(),
        want,
        CLOSED_FORM,
    );
}

#[test]
fn equal_weights_give_an_ess_of_n() {
    assert_close("ess", effective_sample_size(&[0.3; 7]), 7.0, CLOSED_FORM);
    assert_eq!(effective_sample_size(&[1.0; 7]), 7.0);
    assert_eq!(effective_sample_size(&[]), 0.0);
    assert_eq!(effective_sample_size(&[0.0, 0.0]), 0.0);
    let x = vec![1.0, 2.0, 3.0, 4.0, 5.0, 6.0];
    let treated = [true, true, true, false, false, false];
    let s = Balance::default()
        .summary(&[("x", x)], &treated, &[2.0; 6], None, None)
        .unwrap();
    assert_eq!(s.sample_sizes.treated.adjusted_ess, 3.0);
    assert_eq!(s.sample_sizes.control.adjusted_ess, 3.0);
    assert_eq!(s.weights_control.ess, 3.0);
}

#[test]
fn a_constant_covariate_has_smd_zero_and_a_warning_never_nan() {
    let x = vec![0.1; 6];
    let treated = [true, true, true, false, false, false];
    let w = [0.3, 1.7, 1.1, 0.9, 2.3, 0.2];
    let pairs: Vec<PairRows> = vec![(0, vec![3])];
    for estimand in [Estimand::Att, Estimand::Ate, Estimand::Atc] {
        let s = Balance::new(estimand)
            .summary(&[("kommune", x.clone())], &treated, &w, Some(&pairs), None)
            .unwrap();
        for t in [&s.before, &s.after] {
            let r = &t.rows[0];
            assert_eq!(r.std_mean_diff, Some(0.0));
            assert_eq!(r.var_ratio, None);
            assert_eq!((r.ecdf_mean, r.ecdf_max), (0.0, 0.0));
            assert!(r.means_treated.is_finite() && r.means_control.is_finite());
            assert_eq!(r.sd_denominator, None);
        }
        assert_eq!(s.after.rows[0].std_pair_dist, Some(0.0));
        assert_eq!(s.warnings.len(), 1, "{:?}", s.warnings);
        assert!(s.warnings[0].contains("\"kommune\" takes one value"));
    }
    // constant zeros are binary and still fine
    let t = balance(&[("z", vec![0.0; 6])], &treated, None, Estimand::Ate, None).unwrap();
    assert_eq!(t.rows[0].std_mean_diff, Some(0.0));
}

#[test]
fn a_covariate_that_separates_the_groups_has_no_smd_and_a_warning() {
    let x = vec![1.0, 1.0, 0.0, 0.0];
    let t = balance(
        &[("born", x)],
        &[true, true, false, false],
        None,
        Estimand::Att,
        None,
    )
    .unwrap();
    assert_eq!(t.rows[0].std_mean_diff, None);
    assert_eq!(t.rows[0].ecdf_max, 1.0);
    assert!(t.warnings[0].contains("\"born\" has no spread"));
}

#[test]
fn the_treated_sd_of_zero_falls_back_to_the_pooled_sd() {
    // treated all 2; controls 1, 3: pooled √((0 + 2)/(4 − 2)) = 1
    let t = balance(
        &[("x", vec![2.0, 2.0, 1.0, 3.0])],
        &[true, true, false, false],
        None,
        Estimand::Att,
        None,
    )
    .unwrap();
    assert_eq!(t.rows[0].sd_denominator, Some(1.0));
    assert_eq!(t.rows[0].std_mean_diff, Some(0.0));
    assert_eq!(t.rows[0].var_ratio, Some(0.0));
}

#[test]
fn imbalance_after_adjustment_and_odd_variance_ratios_are_named() {
    let x = vec![1.0, 2.0, 3.0, 4.0, 0.0, 4.0, 8.0, 12.0];
    let treated = [true, true, true, true, false, false, false, false];
    let s = Balance::default()
        .summary(&[("alder", x)], &treated, &[1.0; 8], None, None)
        .unwrap();
    assert!(s
        .warnings
        .iter()
        .any(|w| w.contains("\"alder\": standardised")));
    assert!(s
        .warnings
        .iter()
        .any(|w| w.contains("\"alder\": variance ratio")));
}

#[test]
fn an_extreme_weight_is_warned_about() {
    let n = 200;
    let x: Vec<f64> = (0..n).map(|i| (i % 7) as f64).collect();
    let treated: Vec<bool> = (0..n).map(|i| i % 2 == 0).collect();
    let mut w = vec![1.0; n];
    w[1] = 60.0; // a control carrying sixty people's weight
    let s = Balance::default()
        .summary(&[("x", x.clone())], &treated, &w, None, None)
        .unwrap();
    assert_eq!(s.weights_control.above_threshold, 1);
    assert_eq!(s.weights_treated.above_threshold, 0);
    assert_close(
        "top 1 %",
        s.weights_control.top_1pct_share,
        60.0 / 159.0,
        CLOSED_FORM,
    );
    let warning = s
        .warnings
        .iter()
        .find(|w| w.starts_with("controls:"))
        .expect("an extreme-weight warning");
    assert!(warning.contains("1 weight(s) above 10 times"), "{warning}");
    // and not with the threshold raised
    let s = Balance::default()
        .extreme_weight(100.0)
        .summary(&[("x", x)], &treated, &w, None, None)
        .unwrap();
    assert!(!s.warnings.iter().any(|w| w.starts_with("controls:")));
}

#[test]
fn weight_summary_by_hand() {
    let s = weight_summary(&[0.5, 0.0, 2.0, 1.5], 1.0).unwrap();
    assert_eq!((s.n, s.positive, s.min, s.max), (4, 3, 0.5, 2.0));
    assert_eq!(s.max_over_min, 4.0);
    assert_eq!(s.top_1pct_share, 0.5);
    assert_eq!(s.above_threshold, 2);
    assert_close("ess", s.ess, 16.0 / 6.5, CLOSED_FORM);
    let e = weight_summary(&[1.0, -1.0], 1.0).unwrap_err().to_string();
    assert!(e.contains("row 2"), "{e}");
    assert!(weight_summary(&[0.0, 0.0], 1.0).is_err());
}

#[test]
fn bad_input_is_named() {
    let treated = [true, false, false];
    let x = vec![("x", vec![1.0, 2.0, 3.0])];
    let err = |r: indsats::Result<BalanceTable>| r.unwrap_err().to_string();
    let e = err(balance(
        &[("x", vec![1.0, f64::NAN, 3.0])],
        &treated,
        None,
        Estimand::Att,
        None,
    ));
    assert!(e.contains("x: row 2"), "{e}");
    let e = err(balance(
        &x,
        &treated,
        Some(&[1.0, 1.0, -0.5]),
        Estimand::Att,
        None,
    ));
    assert!(e.contains("weights: row 3"), "{e}");
    let e = err(balance(
        &x,
        &treated,
        Some(&[1.0, 0.0, 0.0]),
        Estimand::Att,
        None,
    ));
    assert!(e.contains("control group has a positive weight"), "{e}");
    let e = err(balance(
        &x,
        &treated,
        None,
        Estimand::Att,
        Some(&[(1, vec![2])]),
    ));
    assert!(e.contains("row 2 is not a treated row"), "{e}");
    let e = err(balance(
        &x,
        &treated,
        None,
        Estimand::Att,
        Some(&[(0, vec![0])]),
    ));
    assert!(e.contains("row 1 is not a control row"), "{e}");
    let e = err(balance(&x, &[true, true, true], None, Estimand::Att, None));
    assert!(e.contains("control group has no units"), "{e}");
    let e = err(Balance::default()
        .threshold(-1.0)
        .table(&x, &treated, None, None));
    assert!(e.starts_with("threshold"), "{e}");
}

#[test]
fn common_support_finds_the_overlap_and_who_lies_outside_it() {
    let score = [0.05, 0.4, 0.7, 0.95, 0.1, 0.2, 0.5, 0.6];
    let treated = [true, true, true, true, false, false, false, false];
    let cs = common_support(&score, &treated).unwrap();
    assert_eq!(cs.treated_range, [0.05, 0.95]);
    assert_eq!(cs.control_range, [0.1, 0.6]);
    assert_eq!(cs.overlap, Some([0.1, 0.6]));
    // treated 0.05, 0.7 and 0.95 lie outside; no control does
    assert_eq!((cs.treated_outside, cs.control_outside), (3, 0));
    let h = &cs.histogram;
    assert_eq!(h.edges.len(), 21);
    assert_eq!((h.edges[0], h.edges[20]), (0.05, 0.95));
    assert_eq!(h.treated.iter().sum::<usize>(), 4);
    assert_eq!(h.control.iter().sum::<usize>(), 4);
    assert_eq!((h.treated[0], h.treated[19]), (1, 1));
    let (dt, dc) = h.densities();
    let area: f64 = dt
        .iter()
        .zip(h.edges.windows(2))
        .map(|(d, e)| d * (e[1] - e[0]))
        .sum();
    assert_close("treated area", area, 1.0, CLOSED_FORM);
    assert_eq!(dc.len(), 20);
    // ranges that do not meet
    let cs = common_support(&[0.1, 0.2, 0.8, 0.9], &[false, false, true, true]).unwrap();
    assert_eq!(cs.overlap, None);
    assert_eq!((cs.treated_outside, cs.control_outside), (2, 2));
    // one score for everyone still gives one bin
    let cs = common_support(&[0.3, 0.3], &[true, false]).unwrap();
    assert_eq!(
        (cs.histogram.treated.clone(), cs.histogram.control.clone()),
        (vec![1], vec![1])
    );
}
