//! Staggered DiD (Callaway & Sant'Anna): did_staggered_sim against csdid (R did's
//! conventions), hand cases, the errors, the multiplier bootstrap, the TWFE check, the CLI.

use crate::common::{indsats, numbers, text};
use crate::tolerance::assert_close;
use indsats::effects::{ControlGroup, Panel, StaggeredDid, StaggeredFit};
use serde_json::Value;

const PANEL: &str = "tests/reference/did_staggered_sim/panel.csv";

fn reference_panel() -> Panel {
    let text = include_str!("reference/did_staggered_sim/panel.csv");
    let mut p = Panel {
        outcome: "y".into(),
        ..Default::default()
    };
    for line in text.lines().skip(1) {
        let f: Vec<&str> = line.split(',').collect();
        p.id.push(f[0].to_string());
        p.time.push(f[1].parse().unwrap());
        p.cohort.push(f[2].parse().unwrap());
        p.y.push(f[4].parse().unwrap());
    }
    p
}

fn expected() -> Value {
    serde_json::from_str(include_str!("reference/did_staggered_sim/expected.json")).unwrap()
}

fn reference_fit() -> StaggeredFit {
    StaggeredDid::new().fit(&reference_panel()).unwrap()
}

// ATT(g,t), aggregates: 1e-9 relative (CASE.md); SEs 1e-8.
const ATT: f64 = 1e-9;
const SE: f64 = 1e-8;

#[test]
fn group_time_effects_match_csdid_on_did_staggered_sim() {
    let fit = reference_fit();
    let e = &expected()["callaway_santanna"]["group_time"];
    let (g, t) = (numbers(&e["group"]), numbers(&e["time"]));
    let (att, se) = (numbers(&e["att"]), numbers(&e["se"]));
    let (lo, hi) = (numbers(&e["ci95_lower"]), numbers(&e["ci95_upper"]));
    assert_eq!(fit.att_gt.len(), g.len());
    for (k, c) in fit.att_gt.iter().enumerate() {
        assert_eq!((c.cohort as f64, c.time as f64), (g[k], t[k]));
        let what = format!("ATT({}, {})", c.cohort, c.time);
        assert_close(&what, c.att, att[k], ATT);
        assert_close(&format!("se {what}"), c.std_error, se[k], SE);
        assert_close(&format!("lower {what}"), c.ci[0], lo[k], SE);
        assert_close(&format!("upper {what}"), c.ci[1], hi[k], SE);
        // varying base: g − 1 after the start, t − 1 before
        let base = if c.time >= c.cohort { c.cohort - 1 } else { c.time - 1 };
        assert_eq!(c.base_period, base, "{what}");
    }
    assert_eq!(fit.n.units, 500);
    assert_eq!(fit.n.control, 170);
    assert_eq!(fit.n.treated, 330);
    assert!(fit.warnings.is_empty(), "{:?}", fit.warnings);
}

#[test]
fn the_four_aggregations_match_csdid_aggte() {
    let fit = reference_fit();
    let e = &expected()["callaway_santanna"]["aggregations"];
    let a = &fit.aggregations;
    assert_close("simple", a.simple.att, e["simple"]["overall_att"].as_f64().unwrap(), ATT);
    assert_close("simple se", a.simple.std_error, e["simple"]["overall_se"].as_f64().unwrap(), SE);
    assert_eq!(fit.estimate, a.simple.att);
    assert_eq!(fit.std_error, Some(a.simple.std_error));
    for (name, agg) in [("dynamic", &a.dynamic), ("group", &a.group), ("calendar", &a.calendar)] {
        let x = &e[name];
        assert_close(name, agg.overall.att, x["overall_att"].as_f64().unwrap(), ATT);
        assert_close(
            &format!("{name} se"),
            agg.overall.std_error,
            x["overall_se"].as_f64().unwrap(),
            SE,
        );
        let (at, att, se) = (numbers(&x["e"]), numbers(&x["att_e"]), numbers(&x["se_e"]));
        assert_eq!(agg.by.len(), at.len(), "{name}");
        for (k, r) in agg.by.iter().enumerate() {
            assert_eq!(r.at as f64, at[k], "{name}");
            assert_close(&format!("{name} {}", r.at), r.att, att[k], ATT);
            assert_close(&format!("{name} se {}", r.at), r.std_error, se[k], SE);
        }
    }
    // the event study is the dynamic aggregation, negative event times included
    assert_eq!(fit.event_study.len(), a.dynamic.by.len());
    assert_eq!(fit.event_study[0].relative_time, -5);
    for (es, d) in fit.event_study.iter().zip(&a.dynamic.by) {
        assert_eq!((es.relative_time, es.att, es.std_error), (d.at, d.att, d.std_error));
    }
}

#[test]
fn the_wald_pretest_matches_csdid() {
    let fit = reference_fit();
    let e = &expected()["callaway_santanna"]["pretest_wald"];
    let p = fit.pretest.unwrap();
    assert_close("W", p.statistic, e["W"].as_f64().unwrap(), 1e-8);
    // the peer rounds p to 5 decimals
    assert!((p.p_value - e["p_value"].as_f64().unwrap()).abs() <= 1e-5, "{}", p.p_value);
    // pre-treatment cells: cohort 3 has 1, cohort 5 has 3, cohort 7 has 5
    assert_eq!(p.df, 9);
}

#[test]
fn the_twfe_check_matches_the_static_regression_of_statsmodels() {
    let fit = reference_fit();
    let e = &expected()["twfe_static"];
    let tw = fit.twfe.unwrap();
    assert_close("twfe", tw.estimate, numbers(&e["coef"])[0], ATT);
    // absorbed fixed effects, K = 1 slope: G/(G − 1)·(N − 1)/(N − 1)
    assert_close("twfe se", tw.std_error, numbers(&e["se_cluster_K_slopes_only"])[0], SE);
    // 1.199 lies inside the CS interval [1.145, 1.336]: no warning
    assert!(!tw.outside_ci);
    // cohort 3 treated from period 3 of 8: its late periods carry negative weight
    assert!(tw.negative_weight_cells > 0 && tw.negative_weight_sum < 0.0);
    assert_eq!(tw.treated_cells, 100 * 6 + 120 * 4 + 110 * 2);
}
