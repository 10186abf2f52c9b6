//! Cumulative incidence of competing exits: the Aalen–Johansen fit against R's survfit
//! (survival_veteran), hand cases named after their situation, and `indsats survival cif`
//! as a process.

// The R numbers are pasted as R printed them (`options(digits = 17)`), so they can be
// checked against its output by eye; some carry a digit more than an f64 holds.
#![allow(clippy::excessive_precision)]

use crate::common::{indsats, text};
use crate::tolerance::{assert_close, CLOSED_FORM};
use indsats::survival::{crude_share, CifFit, CumulativeIncidence};
use serde_json::Value;
use std::path::PathBuf;

/// CASE.md allows 1e-6 · max(1, |x|) and says 1e-9 is achievable; the Aalen–Johansen
/// quantities are closed forms and meet the house bound for those (1e-10 relative; they
/// agree with R to 1e-13 here). A value R gives as 0 must be 0 to 1e-15.
const REL: f64 = CLOSED_FORM;

/// veteran.csv as (trt, time, cr_event as Option).
fn veteran() -> Vec<(String, f64, Option<String>)> {
    let text = include_str!("reference/survival_veteran/veteran.csv");
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    let col = |name: &str| header.iter().position(|h| *h == name).unwrap();
    let (trt, time, ev) = (col("trt"), col("time"), col("cr_event"));
    lines
        .map(|l| {
            let f: Vec<&str> = l.split(',').collect();
            let e = match f[ev] {
                "censor" => None,
                c => Some(c.to_string()),
            };
            (f[trt].to_string(), f[time].parse().unwrap(), e)
        })
        .collect()
}

fn expected() -> Value {
    serde_json::from_str(include_str!("reference/survival_veteran/expected.json")).unwrap()
}

fn close(what: &str, got: f64, want: f64) {
    if want == 0.0 {
        assert!(got.abs() <= 1e-15, "{what}: got {got:e}, expected 0");
    } else {
        assert_close(what, got, want, REL);
    }
}

fn option(what: &str, got: Option<f64>, want: &Value) {
    match (got, want.as_f64()) {
        (None, None) => {}
        (Some(g), Some(w)) => close(what, g, w),
        _ => panic!("{what}: got {got:?}, expected {want}"),
    }
}

/// Every column of an `aalen_johansen_*` block against a fit.
fn check_block(name: &str, fit: &CifFit, e: &Value) {
    let times = e["time"].as_array().unwrap();
    assert_eq!(fit.causes, ["cause1", "cause2"]);
    assert_eq!(fit.table.len(), times.len(), "{name}: rows");
    let n = |v: &Value| v.as_u64().unwrap() as usize;
    for (i, row) in fit.table.iter().enumerate() {
        let at = |col: &str| &e[col][i];
        let w = |what: &str| format!("{name} row {i} (time {}) {what}", row.time);
        assert_eq!(row.time, at("time").as_f64().unwrap(), "{}", w("time"));
        assert_eq!(row.n_risk, n(at("n_risk_s0")), "{}", w("n_risk"));
        assert_eq!(
            row.n_event[0],
            n(at("n_event_cause1")),
            "{}",
            w("n_event 1")
        );
        assert_eq!(
            row.n_event[1],
            n(at("n_event_cause2")),
            "{}",
            w("n_event 2")
        );
        assert_eq!(row.n_censor, n(at("n_censor")), "{}", w("n_censor"));
        close(&w("p_s0"), row.p_initial, at("p_s0").as_f64().unwrap());
        close(&w("cif 1"), row.cif[0], at("cif_cause1").as_f64().unwrap());
        close(&w("cif 2"), row.cif[1], at("cif_cause2").as_f64().unwrap());
        close(
            &w("se s0"),
            row.std_error_initial,
            at("se_s0").as_f64().unwrap(),
        );
        close(
            &w("se 1"),
            row.std_error[0],
            at("se_cause1").as_f64().unwrap(),
        );
        close(
            &w("se 2"),
            row.std_error[1],
            at("se_cause2").as_f64().unwrap(),
        );
        let ci = |c: Option<[f64; 2]>, k: usize| c.map(|c| c[k]);
        option(&w("lower s0"), ci(row.ci_initial, 0), at("lower_s0"));
        option(&w("upper s0"), ci(row.ci_initial, 1), at("upper_s0"));
        for (j, cause) in ["cause1", "cause2"].iter().enumerate() {
            option(&w("lower"), ci(row.ci[j], 0), at(&format!("lower_{cause}")));
            option(&w("upper"), ci(row.ci[j], 1), at(&format!("upper_{cause}")));
        }
    }
    let r = &e["rmean_time_in_state_tau365"];
    assert_eq!(fit.rmean.tau, 365.0);
    close(
        &format!("{name} rmean s0"),
        fit.rmean.initial,
        r["s0"].as_f64().unwrap(),
    );
    close(
        &format!("{name} rmean 1"),
        fit.rmean.causes[0],
        r["cause1"].as_f64().unwrap(),
    );
    close(
        &format!("{name} rmean 2"),
        fit.rmean.causes[1],
        r["cause2"].as_f64().unwrap(),
    );
}

#[test]
fn veteran_overall_matches_survfit_aalen_johansen() {
    let d = veteran();
    let time: Vec<f64> = d.iter().map(|r| r.1).collect();
    let cause: Vec<Option<String>> = d.iter().map(|r| r.2.clone()).collect();
    let fit = CumulativeIncidence::default()
        .tau(365.0)
        .fit(&time, &cause)
        .unwrap();
    assert_eq!(
        (fit.n, fit.n_censored, fit.n_events.clone()),
        (137, 9, vec![91, 37])
    );
    check_block("overall", &fit, &expected()["aalen_johansen_overall"]);
}

#[test]
fn veteran_by_treatment_matches_survfit_aalen_johansen() {
    let d = veteran();
    let time: Vec<f64> = d.iter().map(|r| r.1).collect();
    let cause: Vec<Option<String>> = d.iter().map(|r| r.2.clone()).collect();
    let group: Vec<String> = d.iter().map(|r| r.0.clone()).collect();
    let fits = CumulativeIncidence::default()
        .tau(365.0)
        .fit_by_group(&time, &cause, &group)
        .unwrap();
    assert_eq!(fits.len(), 2);
    let e = expected();
    for g in &fits {
        check_block(
            &format!("trt {}", g.group),
            &g.fit,
            &e["aalen_johansen_by_trt"][&g.group],
        );
    }
}

// ---------------------------------------------------------------------------------------
// Hand cases. The R numbers beside them come from R 4.2.2 with survival 3.5.3:
//   d <- data.frame(time = TIME, st = factor(EXIT, levels = c("censor", ...)), id = seq_along(TIME))
//   fit <- survfit(Surv(time, st) ~ 1, data = d, id = id)
//   fit$pstate; fit$std.err; fit$lower; fit$upper; summary(fit, rmean = TAU)$table[, "rmean"]
// ---------------------------------------------------------------------------------------

fn exits(e: &[&str]) -> Vec<Option<String>> {
    e.iter()
        .map(|e| (*e != "censor").then(|| e.to_string()))
        .collect()
}

/// The columns of a fit as (state probabilities, standard errors), states first-initial.
fn states(fit: &CifFit) -> (Vec<Vec<f64>>, Vec<Vec<f64>>) {
    let p = fit
        .table
        .iter()
        .map(|r| std::iter::once(r.p_initial).chain(r.cif.clone()).collect())
        .collect();
    let se = fit
        .table
        .iter()
        .map(|r| {
            std::iter::once(r.std_error_initial)
                .chain(r.std_error.clone())
                .collect()
        })
        .collect();
    (p, se)
}

#[track_caller]
fn check_matrix(what: &str, got: &[Vec<f64>], want: &[&[f64]]) {
    assert_eq!(got.len(), want.len(), "{what}: rows");
    for (i, (g, w)) in got.iter().zip(want).enumerate() {
        assert_eq!(g.len(), w.len(), "{what} row {i}: columns");
        for (j, (g, w)) in g.iter().zip(w.iter()).enumerate() {
            close(&format!("{what} [{i}, {j}]"), *g, *w);
        }
    }
}

#[test]
fn one_cause_only_gives_one_minus_kaplan_meier() {
    // TIME = c(2, 3, 3, 5, 6, 8, 9); EXIT = home, home, censor, home, censor, home, censor;
    // TAU = 7
    let time = [2.0, 3.0, 3.0, 5.0, 6.0, 8.0, 9.0];
    let exit = exits(&["home", "home", "censor", "home", "censor", "home", "censor"]);
    let fit = CumulativeIncidence::default()
        .tau(7.0)
        .fit(&time, &exit)
        .unwrap();
    assert_eq!(fit.causes, ["home"]);
    // Kaplan–Meier by hand: S = Π (1 − d/n) over the event times.
    let mut km = 1.0;
    for row in &fit.table {
        km *= 1.0 - row.n_event[0] as f64 / row.n_risk as f64;
        close("S = KM", row.p_initial, km);
        close("F = 1 − KM", row.cif[0], 1.0 - km);
        // one influence is minus the other, so the errors are equal
        close("se(F) = se(S)", row.std_error[0], row.std_error_initial);
    }
    let se = [
        0.13226001425322165,
        0.17074694419062769,
        0.20078653649124889,
        0.20078653649124889,
        0.21436541885022836,
        0.21436541885022836,
    ];
    for (row, want) in fit.table.iter().zip(se) {
        close("se as survfit", row.std_error[0], want);
    }
    let lower = [
        0.023272469098814464,
        0.088560842058407849,
        0.198916992636794299,
        0.198916992636794299,
        0.412449712167325511,
        0.412449712167325511,
    ];
    let upper = [0.87692299337270319, 0.92176916076956383, 1.0, 1.0, 1.0, 1.0];
    for ((row, lo), hi) in fit.table.iter().zip(lower).zip(upper) {
        let ci = row.ci[0].unwrap();
        close("lower", ci[0], lo);
        close("upper", ci[1], hi);
    }
    close("rmean (s0)", fit.rmean.initial, 5.3571428571428577);
    close("rmean home", fit.rmean.causes[0], 1.6428571428571428);
}

#[test]
fn all_censored_leaves_everyone_in_the_spell() {
    let time = [1.0, 4.0, 4.0, 6.0];
    let exit = exits(&["censor"; 4]);
    let fit = CumulativeIncidence::default().fit(&time, &exit).unwrap();
    assert!(fit.causes.is_empty());
    assert_eq!((fit.n, fit.n_censored), (4, 4));
    assert_eq!(fit.table.len(), 3);
    for row in &fit.table {
        assert_eq!((row.p_initial, row.std_error_initial), (1.0, 0.0));
        assert_eq!(row.ci_initial, Some([1.0, 1.0]));
    }
    assert_eq!(
        (fit.table[1].n_risk, fit.table[1].n_censor),
        (3, 2),
        "the tied censorings at 4"
    );
    assert_eq!(fit.rmean.tau, 6.0);
    assert_eq!(fit.rmean.initial, 6.0);
    assert!(
        fit.warnings[0].contains("all 4 spells are censored"),
        "{:?}",
        fit.warnings
    );

    // With causes named, each has incidence 0, error 0 and no interval.
    let fit = CumulativeIncidence::default()
        .causes(vec!["home".into(), "breakdown".into()])
        .fit(&time, &exit)
        .unwrap();
    for row in &fit.table {
        assert_eq!(row.cif, [0.0, 0.0]);
        assert_eq!(row.std_error, [0.0, 0.0]);
        assert_eq!(row.ci, [None, None]);
    }
    assert_eq!(fit.rmean.causes, [0.0, 0.0]);
}

#[test]
fn two_causes_tied_at_one_time_are_both_processed_then() {
    // TIME = c(1, 3, 3, 3, 4, 6, 7); EXIT = a, a, b, censor, b, censor, a; TAU = 5
    let time = [1.0, 3.0, 3.0, 3.0, 4.0, 6.0, 7.0];
    let exit = exits(&["a", "a", "b", "censor", "b", "censor", "a"]);
    let fit = CumulativeIncidence::default()
        .tau(5.0)
        .fit(&time, &exit)
        .unwrap();
    let at3 = &fit.table[1];
    assert_eq!(
        (at3.time, at3.n_risk, at3.n_event.clone(), at3.n_censor),
        (3.0, 6, vec![1, 1], 1)
    );
    let (p, se) = states(&fit);
    check_matrix(
        "pstate",
        &p,
        &[
            &[0.85714285714285721, 0.14285714285714285, 0.0],
            &[
                0.57142857142857151,
                0.28571428571428570,
                0.14285714285714285,
            ],
            &[
                0.38095238095238104,
                0.28571428571428570,
                0.33333333333333337,
            ],
            &[
                0.38095238095238104,
                0.28571428571428570,
                0.33333333333333337,
            ],
            &[0.0, 0.66666666666666674, 0.33333333333333337],
        ],
    );
    check_matrix(
        "std.err",
        &se,
        &[
            &[0.13226001425322165, 0.13226001425322165, 0.0],
            &[
                0.18704390591656495,
                0.17074694419062769,
                0.13226001425322167,
            ],
            &[
                0.19934023560848899,
                0.17074694419062769,
                0.19440394783993478,
            ],
            &[
                0.19934023560848899,
                0.17074694419062769,
                0.19440394783993478,
            ],
            &[0.0, 0.19440394783993478, 0.19440394783993478],
        ],
    );
    // lower/upper at t = 3 and the empty ones where p = 0
    let ci = |c: Option<[f64; 2]>| c.unwrap();
    close("lower s0 @3", ci(at3.ci_initial)[0], 0.30084364638978683);
    assert_eq!(ci(at3.ci_initial)[1], 1.0);
    close("lower a @3", ci(at3.ci[0])[0], 0.088560842058407849);
    close("upper a @3", ci(at3.ci[0])[1], 0.92176916076956383);
    close("lower b @3", ci(at3.ci[1])[0], 0.023272469098814454);
    close("upper b @3", ci(at3.ci[1])[1], 0.87692299337270363);
    assert_eq!(fit.table[0].ci[1], None, "b is 0 at t = 1");
    assert_eq!(fit.table[4].ci_initial, None, "no one left at t = 7");
    close("rmean (s0)", fit.rmean.initial, 3.66666666666666696);
    close("rmean a", fit.rmean.causes[0], 0.85714285714285710);
    close("rmean b", fit.rmean.causes[1], 0.47619047619047622);
}

#[test]
fn zero_length_spell_is_at_risk_and_ends_at_time_zero() {
    // TIME = c(0, 0, 2, 4, 5, 7); EXIT = a, censor, b, a, censor, b; TAU = 6
    let time = [0.0, 0.0, 2.0, 4.0, 5.0, 7.0];
    let exit = exits(&["a", "censor", "b", "a", "censor", "b"]);
    let fit = CumulativeIncidence::default()
        .tau(6.0)
        .fit(&time, &exit)
        .unwrap();
    let first = &fit.table[0];
    assert_eq!(
        (
            first.time,
            first.n_risk,
            first.n_event.clone(),
            first.n_censor
        ),
        (0.0, 6, vec![1, 0], 1)
    );
    let (p, se) = states(&fit);
    check_matrix(
        "pstate",
        &p,
        &[
            &[0.83333333333333337, 0.16666666666666666, 0.0],
            &[0.625, 0.16666666666666666, 0.20833333333333334],
            &[0.41666666666666674, 0.375, 0.20833333333333334],
            &[0.41666666666666674, 0.375, 0.20833333333333334],
            &[0.0, 0.375, 0.62500000000000011],
        ],
    );
    check_matrix(
        "std.err",
        &se,
        &[
            &[0.15214515486254615, 0.15214515486254615, 0.0],
            &[
                0.21347814095749165,
                0.15214515486254615,
                0.18438775065766322,
            ],
            &[
                0.22178776975932377,
                0.21347814095749165,
                0.18438775065766322,
            ],
            &[
                0.22178776975932377,
                0.21347814095749165,
                0.18438775065766322,
            ],
            &[0.0, 0.21347814095749165, 0.21347814095749165],
        ],
    );
    close("lower a @0", first.ci[0].unwrap()[0], 0.027849128299274488);
    close("upper a @0", first.ci[0].unwrap()[1], 0.99743796212470426);
    close("rmean (s0)", fit.rmean.initial, 3.75);
    close("rmean a", fit.rmean.causes[0], 1.41666666666666652);
    close("rmean b", fit.rmean.causes[1], 0.83333333333333337);
    assert!(
        fit.warnings
            .iter()
            .any(|w| w.contains("2 spell(s) have length 0")),
        "{:?}",
        fit.warnings
    );
}

#[test]
fn exit_not_among_the_causes_is_an_error_naming_it_and_its_row() {
    let time = [1.0, 2.0, 3.0];
    let exit = exits(&["home", "censor", "moved"]);
    let err = CumulativeIncidence::default()
        .causes(vec!["home".into(), "breakdown".into()])
        .fit(&time, &exit)
        .unwrap_err()
        .to_string();
    assert!(err.contains("row 3"), "{err}");
    assert!(err.contains("\"moved\""), "{err}");
    assert!(err.contains("home, breakdown"), "{err}");
}

#[test]
fn causes_in_a_given_order_reorder_every_column() {
    let time = [1.0, 2.0, 2.0, 3.0, 5.0];
    let exit = exits(&["b", "a", "censor", "b", "a"]);
    let sorted = CumulativeIncidence::default().fit(&time, &exit).unwrap();
    let given = CumulativeIncidence::default()
        .causes(vec!["b".into(), "a".into(), "c".into()])
        .fit(&time, &exit)
        .unwrap();
    assert_eq!(sorted.causes, ["a", "b"]);
    assert_eq!(given.causes, ["b", "a", "c"]);
    assert_eq!(given.n_events, [2, 2, 0]);
    for (s, g) in sorted.table.iter().zip(&given.table) {
        assert_eq!((g.cif[0], g.cif[1], g.cif[2]), (s.cif[1], s.cif[0], 0.0));
        assert_eq!(
            (g.std_error[0], g.std_error[1]),
            (s.std_error[1], s.std_error[0])
        );
        assert_eq!(g.p_initial, s.p_initial);
    }
    assert_eq!(
        given.rmean.causes[..2],
        [sorted.rmean.causes[1], sorted.rmean.causes[0]]
    );
    assert!(given
        .warnings
        .iter()
        .any(|w| w.contains("\"c\" has no exits")));
}

/// A small deterministic generator: spells with many ties, three causes and censoring.
fn spells(n: usize, seed: u64) -> (Vec<f64>, Vec<Option<String>>) {
    let mut state = seed;
    let mut next = || {
        state = state
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (state >> 33) as usize
    };
    let causes = ["home", "step_down", "breakdown"];
    (0..n)
        .map(|_| {
            let t = (next() % 40) as f64 / 2.0;
            let c = next() % 5;
            (t, (c < 3).then(|| causes[c].to_string()))
        })
        .unzip()
}

#[test]
fn standard_errors_match_the_influence_of_each_spell_by_its_definition() {
    // The fit carries a shared vector and a sum of outer products; here every spell's
    // influence is followed one by one, as the formula in the docs states it.
    let (time, exit) = spells(300, 7);
    let fit = CumulativeIncidence::default().fit(&time, &exit).unwrap();
    let k = fit.causes.len();
    let code: Vec<Option<usize>> = exit
        .iter()
        .map(|e| e.as_ref().map(|e| fit.cause_index(e).unwrap()))
        .collect();
    let mut u = vec![vec![0.0; k + 1]; time.len()];
    let mut s = 1.0;
    for row in &fit.table {
        let t = row.time;
        let n = row.n_risk as f64;
        let d: usize = row.n_event.iter().sum();
        if d > 0 {
            let d = d as f64;
            for (i, ui) in u.iter_mut().enumerate() {
                let at_risk = if time[i] >= t { 1.0 } else { 0.0 };
                let ends = time[i] == t;
                let old0 = ui[0];
                let dn = if ends && code[i].is_some() { 1.0 } else { 0.0 };
                ui[0] = old0 * (1.0 - d / n) - s * (dn - at_risk * d / n) / n;
                for j in 0..k {
                    let dk = row.n_event[j] as f64;
                    let dnk = if ends && code[i] == Some(j) { 1.0 } else { 0.0 };
                    ui[1 + j] += old0 * dk / n + s * (dnk - at_risk * dk / n) / n;
                }
            }
            s *= 1.0 - d / n;
        }
        let se = |j: usize| u.iter().map(|ui| ui[j] * ui[j]).sum::<f64>().sqrt();
        close(&format!("se initial at {t}"), row.std_error_initial, se(0));
        for j in 0..k {
            close(
                &format!("se {} at {t}", fit.causes[j]),
                row.std_error[j],
                se(1 + j),
            );
        }
        close(&format!("S at {t}"), row.p_initial, s);
    }
}

#[test]
fn groups_come_in_numeric_order_with_common_causes_and_tau() {
    let time = [1.0, 2.0, 3.0, 4.0, 5.0, 6.0];
    let exit = exits(&["a", "b", "a", "censor", "a", "a"]);
    let group: Vec<String> = ["10", "9", "10", "2", "2", "9"].map(String::from).to_vec();
    let fits = CumulativeIncidence::default()
        .fit_by_group(&time, &exit, &group)
        .unwrap();
    let labels: Vec<&str> = fits.iter().map(|g| g.group.as_str()).collect();
    assert_eq!(labels, ["2", "9", "10"]);
    for g in &fits {
        assert_eq!(g.fit.causes, ["a", "b"], "group {}", g.group);
        assert_eq!(g.fit.rmean.tau, 6.0, "group {}", g.group);
        assert_eq!(g.fit.n, 2);
    }
    let err = CumulativeIncidence::default()
        .fit_by_group(&time, &exit, &group[..5])
        .unwrap_err();
    assert!(err.to_string().contains("group"), "{err}");
}

#[test]
fn at_gives_the_row_in_force() {
    let time = [2.0, 5.0, 9.0];
    let exit = exits(&["a", "censor", "a"]);
    let fit = CumulativeIncidence::default().fit(&time, &exit).unwrap();
    assert!(fit.at(1.9).is_none());
    assert_eq!(fit.at(2.0).unwrap().time, 2.0);
    assert_eq!(fit.at(8.99).unwrap().time, 5.0);
    assert_eq!(fit.at(100.0).unwrap().time, 9.0);
    let r = fit.restricted_mean(4.0).unwrap();
    close("rmean to 4", r.initial, 2.0 + 2.0 * (2.0 / 3.0));
    assert!(fit.restricted_mean(f64::NAN).is_err());
}

#[test]
fn bad_parameters_and_data_are_named() {
    let time = [1.0, 2.0];
    let exit = exits(&["a", "censor"]);
    let err = |p: CumulativeIncidence, t: &[f64], e: &[Option<String>]| {
        p.fit(t, e).unwrap_err().to_string()
    };
    let d = CumulativeIncidence::default;
    assert!(err(d().ci_level(1.0), &time, &exit).starts_with("ci_level:"));
    assert!(err(d().tau(0.0), &time, &exit).starts_with("tau:"));
    assert!(err(d().tau(f64::INFINITY), &time, &exit).starts_with("tau:"));
    assert!(err(d().causes(vec![]), &time, &exit).contains("at least one"));
    let twice = err(d().causes(vec!["a".into(), "a".into()]), &time, &exit);
    assert!(twice.contains("\"a\" is listed twice"), "{twice}");
    let negative = err(d(), &[1.0, -2.0], &exit);
    assert!(negative.starts_with("time: row 2: -2"), "{negative}");
    let nan = err(d(), &[f64::NAN, 2.0], &exit);
    assert!(nan.starts_with("time: row 1: NaN"), "{nan}");
    let unequal = err(d(), &time, &exit[..1]);
    assert!(unequal.contains("has 1 values but time has 2"), "{unequal}");
    let empty = err(d(), &time, &[Some(String::new()), None]);
    assert!(empty.contains("row 1: an exit needs a label"), "{empty}");
    assert!(err(d(), &[], &[]).contains("no spells"));
}

#[test]
fn crude_share_equals_the_cif_of_the_eligible_when_only_the_cut_off_censors() {
    // Spells start at month s and last up to the cut-off at month 60; the only censoring
    // is the cut-off itself.
    let (length, exit) = spells(400, 11);
    let start: Vec<f64> = (0..length.len()).map(|i| (i % 60) as f64).collect();
    let cutoff = 60.0;
    let follow_up: Vec<f64> = start.iter().map(|s| cutoff - s).collect();
    let (mut time, mut cause) = (Vec::new(), Vec::new());
    for i in 0..length.len() {
        // a spell longer than its follow-up is still running at the cut-off
        let ended = exit[i].is_some() && length[i] <= follow_up[i];
        time.push(length[i].min(follow_up[i]));
        cause.push(if ended { exit[i].clone() } else { None });
    }
    let horizon = 12.0;
    let crude = crude_share(&time, &cause, &follow_up, "home", horizon).unwrap();
    assert!(crude.too_recent > 0 && crude.eligible > 0);
    let eligible: Vec<usize> = (0..time.len())
        .filter(|&i| follow_up[i] >= horizon)
        .collect();
    // censored before the horizon only if its own exit never came (these spells' exit is
    // "censored" in `spells`): count them apart
    let t: Vec<f64> = eligible.iter().map(|&i| time[i]).collect();
    let c: Vec<Option<String>> = eligible.iter().map(|&i| cause[i].clone()).collect();
    let early = t
        .iter()
        .zip(&c)
        .filter(|(t, c)| c.is_none() && **t < horizon)
        .count();
    assert_eq!(crude.censored_early, early);
    // With no early censoring among them the CIF of the eligible at the horizon is the
    // share; make it so by giving those spells a cause that is not counted.
    let c: Vec<Option<String>> = c
        .into_iter()
        .zip(&t)
        .map(|(c, t)| match c {
            None if *t < horizon => Some("other".to_string()),
            c => c,
        })
        .collect();
    let fit = CumulativeIncidence::default().fit(&t, &c).unwrap();
    let home = fit.cause_index("home").unwrap();
    let f = fit.at(horizon).unwrap().cif[home];
    let follow: Vec<f64> = eligible.iter().map(|&i| follow_up[i]).collect();
    let again = crude_share(&t, &c, &follow, "home", horizon).unwrap();
    assert_eq!(again.censored_early, 0);
    close("crude share = CIF", again.share.unwrap(), f);
}

#[test]
fn crude_share_counts_early_censoring_as_no_exit() {
    // Four spells watched for two years; one moved away (censored) after 2 months.
    let time = [3.0, 2.0, 20.0, 24.0];
    let exit = exits(&["home", "censor", "home", "censor"]);
    let follow_up = [24.0; 4];
    let s = crude_share(&time, &exit, &follow_up, "home", 12.0).unwrap();
    assert_eq!((s.eligible, s.events, s.censored_early), (4, 1, 1));
    assert_eq!(s.share, Some(0.25));
    // The CIF lets the move leave the risk set: 1 of the 3 still watched at month 3.
    let fit = CumulativeIncidence::default().fit(&time, &exit).unwrap();
    close("CIF at 12", fit.at(12.0).unwrap().cif[0], 1.0 / 3.0);
    // Had the move come after the exit home, the two would agree.
    let time = [3.0, 5.0, 20.0, 24.0];
    let fit = CumulativeIncidence::default().fit(&time, &exit).unwrap();
    let s = crude_share(&time, &exit, &follow_up, "home", 12.0).unwrap();
    close("CIF at 12", fit.at(12.0).unwrap().cif[0], 0.25);
    assert_eq!(s.share, Some(0.25));
    let err = crude_share(&[5.0], &exits(&["home"]), &[4.0], "home", 12.0).unwrap_err();
    assert!(err.to_string().contains("row 1"), "{err}");
}

// ---------------------------------------------------------------------------------------
// `indsats survival cif` as a process
// ---------------------------------------------------------------------------------------

fn veteran_csv() -> String {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/reference/survival_veteran/veteran.csv")
        .to_string_lossy()
        .into_owned()
}

#[track_caller]
fn run(args: &[&str], code: i32) -> (String, String) {
    let o = indsats(args);
    let (out, err) = text(&o);
    assert_eq!(
        o.status.code(),
        Some(code),
        "indsats {}\nstdout:\n{out}\nstderr:\n{err}",
        args.join(" ")
    );
    assert!(!err.contains("panicked"), "{err}");
    (out, err)
}

#[test]
fn cli_json_by_treatment_matches_survfit() {
    let data = veteran_csv();
    let (out, _) = run(
        &[
            "survival", "cif", "--data", &data, "--time", "time", "--event", "cr_event", "--group",
            "trt", "--tau", "365", "--format", "json",
        ],
        0,
    );
    // No NaN or infinity as a word ("infinitesimal jackknife" is fine).
    for w in out.split(|c: char| !c.is_ascii_alphabetic()) {
        let w = w.to_ascii_lowercase();
        assert!(
            !matches!(w.as_str(), "nan" | "inf" | "infinity"),
            "{w} in the JSON"
        );
    }
    let v: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["warnings"], serde_json::json!([]));
    assert_eq!(v["n"]["read"], 137);
    assert_eq!(v["n"]["used"], 137);
    assert_eq!(v["n"]["censored"], 9);
    assert_eq!(v["n"]["events"]["cause1"], 91);
    assert_eq!(v["causes"], serde_json::json!(["cause1", "cause2"]));
    let e = expected();
    let groups = v["groups"].as_array().unwrap();
    assert_eq!(groups.len(), 2);
    for g in groups {
        let label = g["group"].as_str().unwrap();
        let want = &e["aalen_johansen_by_trt"][label];
        let table = g["table"].as_array().unwrap();
        assert_eq!(table.len(), want["time"].as_array().unwrap().len());
        for (i, row) in table.iter().enumerate() {
            let at = |col: &str| &want[col][i];
            let what = |c: &str| format!("trt {label} row {i} {c}");
            assert_eq!(row["time"].as_f64(), at("time").as_f64());
            assert_eq!(row["n_risk"], *at("n_risk_s0"));
            assert_eq!(row["n_censor"], *at("n_censor"));
            assert_eq!(row["n_event"]["cause2"], *at("n_event_cause2"));
            let num = |v: &Value| v.as_f64().unwrap();
            close(&what("p_s0"), num(&row["p_initial"]), num(at("p_s0")));
            close(
                &what("se_s0"),
                num(&row["std_error_initial"]),
                num(at("se_s0")),
            );
            for c in ["cause1", "cause2"] {
                close(&what(c), num(&row["cif"][c]), num(at(&format!("cif_{c}"))));
                close(
                    &what("se"),
                    num(&row["std_error"][c]),
                    num(at(&format!("se_{c}"))),
                );
                let ci = &row["ci"][c];
                option(&what("lower"), ci[0].as_f64(), at(&format!("lower_{c}")));
                option(&what("upper"), ci[1].as_f64(), at(&format!("upper_{c}")));
            }
        }
        let r = &want["rmean_time_in_state_tau365"];
        assert_eq!(g["rmean"]["tau"], 365.0);
        close(
            "rmean s0",
            g["rmean"]["initial"].as_f64().unwrap(),
            r["s0"].as_f64().unwrap(),
        );
        close(
            "rmean cause1",
            g["rmean"]["causes"]["cause1"].as_f64().unwrap(),
            r["cause1"].as_f64().unwrap(),
        );
    }
}

#[test]
fn cli_empty_exit_is_censored_and_na_is_left_out() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("spells.csv");
    std::fs::write(
        &path,
        "id;months;exit\n1;3,5;home\n2;6;\n3;12;breakdown\n4;;home\n5;7;NA\n6;9;censored\n",
    )
    .unwrap();
    let data = path.to_string_lossy();
    let (out, _) = run(
        &[
            "survival", "cif", "--data", &data, "--time", "months", "--event", "exit", "--format",
            "json",
        ],
        0,
    );
    let v: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["n"]["read"], 6);
    assert_eq!(v["n"]["used"], 4);
    assert_eq!(v["n"]["excluded"], 2);
    assert_eq!(v["n"]["censored"], 2);
    assert_eq!(v["groups"][0]["group"], "all");
    assert_eq!(v["causes"], serde_json::json!(["breakdown", "home"]));
    let warnings = v["warnings"].to_string();
    assert!(
        warnings.contains("column \\\"months\\\" is empty"),
        "{warnings}"
    );
    assert!(
        warnings.contains("column \\\"exit\\\" is NA or ."),
        "{warnings}"
    );
    let table = v["groups"][0]["table"].as_array().unwrap();
    let times: Vec<f64> = table.iter().map(|r| r["time"].as_f64().unwrap()).collect();
    assert_eq!(times, [3.5, 6.0, 9.0, 12.0]);
    assert_eq!(table[1]["n_censor"], 1);
    // The last spell breaks down: no one left in the spell, so no interval there.
    assert_eq!(table[3]["p_initial"], 0.0);
    assert_eq!(table[3]["ci_initial"], Value::Null);
}

#[test]
fn cli_exit_not_in_causes_names_file_row_and_column() {
    let data = veteran_csv();
    let (out, err) = run(
        &[
            "survival", "cif", "--data", &data, "--time", "time", "--event", "cr_event",
            "--causes", "cause1",
        ],
        1,
    );
    assert!(out.is_empty());
    assert!(
        err.contains("veteran.csv: column \"cr_event\" row 3: exit \"cause2\""),
        "{err}"
    );
}

#[test]
fn cli_csv_has_one_row_per_time_and_state() {
    let data = veteran_csv();
    let (out, _) = run(
        &[
            "survival",
            "cif",
            "--data",
            &data,
            "--time",
            "time",
            "--event",
            "cr_event",
            "--causes",
            "cause2,cause1",
            "--format",
            "csv",
        ],
        0,
    );
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(
        lines[0],
        "group,time,n_risk,n_censor,state,n_event,probability,std_error,ci_low,ci_high"
    );
    assert_eq!(lines.len(), 1 + 101 * 3);
    assert!(
        lines[1].starts_with("all,1,137,0,(initial),,0.98540145985401"),
        "{}",
        lines[1]
    );
    assert!(
        lines[2].starts_with("all,1,137,0,cause2,1,"),
        "{}",
        lines[2]
    );
    assert!(
        lines[3].starts_with("all,1,137,0,cause1,1,"),
        "{}",
        lines[3]
    );
}

#[test]
fn cli_table_speaks_danish_by_default_and_bad_usage_exits_2() {
    let data = veteran_csv();
    let (out, _) = run(
        &[
            "survival", "cif", "--data", &data, "--time", "time", "--event", "cr_event",
        ],
        0,
    );
    assert!(
        out.starts_with("Kumulativ incidens af afslutninger"),
        "{out}"
    );
    assert!(
        out.contains("gennemsnitlig tid i hver tilstand op til 999"),
        "{out}"
    );
    let base = ["survival", "cif", "--data", &data, "--time", "time"];
    let with = |extra: &[&'static str]| -> Vec<String> {
        base.iter()
            .map(|s| s.to_string())
            .chain(extra.iter().map(|s| s.to_string()))
            .collect()
    };
    for (extra, needle) in [
        (&["--event", "cr_event", "--tau", "-1"][..], "--tau"),
        (
            &["--event", "cr_event", "--ci-level", "1.5"][..],
            "--ci-level",
        ),
        (&["--event", "time"][..], "--time and --event"),
        (
            &["--event", "cr_event", "--causes", "cause1,censor"][..],
            "censored spell",
        ),
        (
            &["--event", "cr_event", "--causes", "cause1,cause1"][..],
            "listed twice",
        ),
    ] {
        let args = with(extra);
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let (_, err) = run(&args, 2);
        assert!(err.contains(needle), "{needle}: {err}");
    }
    let (_, err) = run(
        &[
            "survival", "cif", "--data", &data, "--time", "time", "--event", "exit",
        ],
        1,
    );
    assert!(err.contains("required column \"exit\" is missing"), "{err}");
}
