//! Cox regression against R's coxph (survival_veteran, and R values computed for the
//! proportional-hazards check), hand cases, and `indsats survival cox` as a process.
// R's numbers are pasted as `options(digits = 17)` printed them.
#![allow(clippy::excessive_precision)]

use crate::common::{indsats, numbers, text};
use crate::tolerance::assert_close;
use indsats::survival::{Cox, CoxData, CoxFit, Ties, ZphTransform};
use serde_json::Value;
use std::path::PathBuf;

/// The survival_veteran CASE.md tolerance: |x − expected| ≤ 1e-6·max(1, |expected|).
/// coxph stops Newton–Raphson on a relative log-likelihood change of 1e-9, so its
/// coefficients carry ~1e-8 of iteration error; this fit and R's agree far closer than
/// the bound (see the tighter checks below).
const CASE: f64 = 1e-6;

/// Asserts `|actual − expected| ≤ tol·max(1, |expected|)`, the CASE's rule.
#[track_caller]
fn close(what: &str, actual: f64, expected: f64, tol: f64) {
    let bound = tol * expected.abs().max(1.0);
    assert!(
        (actual - expected).abs() <= bound,
        "{what}: got {actual:e}, expected {expected:e} (difference {:e} > {bound:e})",
        (actual - expected).abs()
    );
}

/// veteran.csv as columns.
struct Veteran {
    id: Vec<String>,
    time: Vec<f64>,
    status: Vec<f64>,
    celltype: Vec<String>,
    x: Vec<(&'static str, Vec<f64>)>,
}

fn veteran() -> Veteran {
    let text = include_str!("reference/survival_veteran/veteran.csv");
    let mut v = Veteran {
        id: Vec::new(),
        time: Vec::new(),
        status: Vec::new(),
        celltype: Vec::new(),
        x: ["trt", "karno", "diagtime", "age", "prior"]
            .iter()
            .map(|n| (*n, Vec::new()))
            .collect(),
    };
    // id,trt,celltype,time,status,karno,diagtime,age,prior,cr_event
    for line in text.lines().skip(1) {
        let f: Vec<&str> = line.split(',').collect();
        v.id.push(f[0].to_string());
        v.celltype.push(f[2].to_string());
        v.time.push(f[3].parse().unwrap());
        v.status.push(f[4].parse().unwrap());
        for (j, col) in [1, 5, 6, 7, 8].iter().enumerate() {
            v.x[j].1.push(f[*col].parse().unwrap());
        }
    }
    v
}

fn expected() -> Value {
    serde_json::from_str(include_str!("reference/survival_veteran/expected.json")).unwrap()
}

fn num(v: &Value) -> f64 {
    v.as_f64()
        .unwrap_or_else(|| panic!("expected a number, got {v}"))
}

const TERMS: [&str; 5] = ["trt", "karno", "diagtime", "age", "prior"];

/// Every number of a `cox_efron`/`cox_breslow` block, the fit made with robust = TRUE
/// (each row its own cluster).
fn check_against_coxph(fit: &CoxFit, e: &Value, tol: f64) {
    assert_eq!(fit.n, e["n"].as_u64().unwrap() as usize);
    assert_eq!(fit.events, e["nevent"].as_u64().unwrap() as usize);
    assert_eq!(fit.iterations, e["iter"].as_u64().unwrap() as usize);
    for (j, term) in TERMS.iter().enumerate() {
        let c = fit.coef(term).unwrap();
        let at = |key: &str| num(&e[key][term]);
        close(&format!("{term} coef"), c.coef, at("coef"), tol);
        close(&format!("{term} se"), c.std_error, at("se"), tol);
        close(
            &format!("{term} robust se"),
            c.robust_std_error.unwrap(),
            at("robust_se"),
            tol,
        );
        // with robust errors, summary.coxph's z, p and interval use the robust SE
        close(&format!("{term} z"), c.z, at("robust_z"), tol);
        close(&format!("{term} p"), c.p_value, at("robust_p_value"), tol);
        close(
            &format!("{term} HR"),
            c.hazard_ratio,
            at("hazard_ratio"),
            tol,
        );
        close(
            &format!("{term} ci low"),
            c.ci[0],
            at("hr_lower95_robust"),
            tol,
        );
        close(
            &format!("{term} ci high"),
            c.ci[1],
            at("hr_upper95_robust"),
            tol,
        );
        close(
            &format!("{term} mean"),
            fit.means[j],
            num(&e["means"][term]),
            tol,
        );
        for (m, name) in TERMS.iter().enumerate() {
            close(
                &format!("vcov[{term}, {name}]"),
                fit.vcov[j][m],
                num(&e["vcov"][j][m]),
                tol,
            );
            close(
                &format!("vcov_robust[{term}, {name}]"),
                fit.vcov_robust.as_ref().unwrap()[j][m],
                num(&e["vcov_robust"][j][m]),
                tol,
            );
        }
    }
    close("loglik null", fit.loglik[0], num(&e["loglik_null"]), tol);
    close("loglik", fit.loglik[1], num(&e["loglik"]), tol);
    let t = &fit.tests;
    for (what, got, want) in [
        ("LR", t.likelihood_ratio, &e["lr_test"]),
        ("Wald", t.wald, &e["wald_test_model_based"]),
        (
            "robust Wald",
            t.robust_wald.unwrap(),
            &e["wald_test_robust"],
        ),
        ("score", t.score, &e["score_test"]),
    ] {
        close(
            &format!("{what} statistic"),
            got.statistic,
            num(&want["stat"]),
            tol,
        );
        assert_eq!(got.df as u64, want["df"].as_u64().unwrap(), "{what} df");
        close(
            &format!("{what} p"),
            got.p_value,
            num(&want["p_value"]),
            tol,
        );
    }
    let c = &fit.concordance;
    let ec = &e["concordance"];
    close(
        "concordance",
        c.concordance.unwrap(),
        num(&ec["concordance"]),
        tol,
    );
    close(
        "concordance std",
        c.std_error.unwrap(),
        num(&ec["std"]),
        tol,
    );
    assert_eq!(
        [c.concordant, c.discordant, c.tied_x, c.tied_y, c.tied_xy],
        ["concordant", "discordant", "tied_x", "tied_y", "tied_xy"]
            .map(|k| ec[k].as_u64().unwrap())
    );
    let lp = numbers(&e["linear_predictor_uncentered"]);
    for (i, (got, want)) in fit.linear_predictor.iter().zip(&lp).enumerate() {
        close(&format!("linear predictor row {}", i + 1), *got, *want, tol);
    }
    let b = &e["baseline_cumhaz_uncentered"];
    assert_eq!(fit.baseline.len(), 1);
    assert_eq!(fit.baseline[0].time, numbers(&b["time"]));
    for (i, (got, want)) in fit.baseline[0]
        .cumulative_hazard
        .iter()
        .zip(numbers(&b["cumhaz"]))
        .enumerate()
    {
        close(
            &format!("baseline cumhaz at {}", b["time"][i]),
            *got,
            want,
            tol,
        );
    }
}

fn veteran_fit(v: &Veteran, ties: Ties) -> CoxFit {
    Cox::default()
        .ties(ties)
        .fit(&CoxData::new(&v.time, &v.status, &v.x).cluster(&v.id))
        .unwrap()
}

#[test]
fn efron_matches_coxph_on_veteran() {
    let v = veteran();
    let fit = veteran_fit(&v, Ties::Efron);
    check_against_coxph(&fit, &expected()["cox_efron"], CASE);
    // far closer than the CASE asks
    check_against_coxph(&fit, &expected()["cox_efron"], 1e-9);
    assert!(fit.warnings.is_empty(), "{:?}", fit.warnings);
}

#[test]
fn breslow_matches_coxph_on_veteran() {
    let v = veteran();
    let fit = veteran_fit(&v, Ties::Breslow);
    check_against_coxph(&fit, &expected()["cox_breslow"], CASE);
    check_against_coxph(&fit, &expected()["cox_breslow"], 1e-9);
}

/// Checks a cox.zph table: rows per covariate then GLOBAL, each (chisq, df, p).
#[track_caller]
fn check_zph(fit: &CoxFit, want: &[(f64, usize, f64)], tol: f64) {
    let z = fit.zph.as_ref().expect("zph was asked for");
    let rows: Vec<_> = z.terms.iter().chain([&z.global]).collect();
    assert_eq!(rows.len(), want.len());
    for (got, (chisq, df, p)) in rows.iter().zip(want) {
        close(&format!("zph {} chisq", got.term), got.chisq, *chisq, tol);
        assert_eq!(got.df, *df, "zph {} df", got.term);
        close(&format!("zph {} p", got.term), got.p_value, *p, tol);
    }
}

// R 4.2.2, survival 3.5.3:
//   d <- read.csv("tests/reference/survival_veteran/veteran.csv")
//   fe <- coxph(Surv(time, status) ~ trt + karno + diagtime + age + prior, data = d,
//               ties = "efron")
//   cox.zph(fe)$table                          # transform = "km", the default
//   cox.zph(fe, transform = "rank")$table      # also "identity", "log"
//   head(cox.zph(fe)$y, 3); tail(cox.zph(fe)$y, 2); head(cox.zph(fe)$x, 5)
const ZPH_EFRON_KM: [(f64, usize, f64); 6] = [
    (0.247422608190859233, 1, 0.61889577372506621167),
    (12.164380865657189901, 1, 0.00048710831597068011),
    (0.059773560248638433, 1, 0.80685419628773913381),
    (2.180851536867741469, 1, 0.13973712798778401001),
    (2.049622669972363642, 1, 0.15224391777240567358),
    (25.162750127026331626, 5, 0.00012960458300778892),
];
const ZPH_EFRON_RANK: [(f64, usize, f64); 6] = [
    (0.241948777313808705, 1, 6.2280213463702838e-01),
    (12.802667010167654738, 1, 3.4612557179130817e-04),
    (0.073095182482308035, 1, 7.8688238113846543e-01),
    (2.123443260930836018, 1, 1.4506009919634147e-01),
    (2.105781507486902626, 1, 1.4674335432217778e-01),
    (26.044345664192796619, 5, 8.7486059451373209e-05),
];
const ZPH_EFRON_IDENTITY: [(f64, usize, f64); 6] = [
    (1.05603083363472128, 1, 0.304122208660639270),
    (4.79136669784302427, 1, 0.028602722703659239),
    (0.30624204702508395, 1, 0.579995423162504742),
    (0.99276999262581800, 1, 0.319066305213313972),
    (1.45420409153987062, 1, 0.227854566618443277),
    (14.09881052558729309, 5, 0.014993792418576025),
];
const ZPH_EFRON_LOG: [(f64, usize, f64); 6] = [
    (0.136945472070418878, 1, 0.71133670946819116399),
    (9.684265751979946657, 1, 0.00185852641672778519),
    (0.053526071544509307, 1, 0.81703745104810165945),
    (3.588378732076833888, 1, 0.05818498246194666462),
    (2.676616304436845173, 1, 0.10183189260653392749),
    (21.770294891497158574, 5, 0.00057894084914021692),
];
// fb <- coxph(..., ties = "breslow"); cox.zph(fb)$table
const ZPH_BRESLOW_KM: [(f64, usize, f64); 6] = [
    (0.256072994520151032, 1, 0.61283098830209581376),
    (11.958048190249598974, 1, 0.00054411838676663479),
    (0.059226751022543336, 1, 0.80772229227160341480),
    (2.178314018181948697, 1, 0.13996771896973397853),
    (2.024066799369760083, 1, 0.15482400602762352859),
    (24.824949443372830160, 5, 0.00015060598285614928),
];

fn zph_fit(v: &Veteran, ties: Ties, transform: ZphTransform) -> CoxFit {
    Cox::default()
        .ties(ties)
        .zph(transform)
        .fit(&CoxData::new(&v.time, &v.status, &v.x))
        .unwrap()
}

#[test]
fn zph_matches_cox_zph_on_veteran_for_every_transform() {
    let v = veteran();
    for (ties, transform, want) in [
        (Ties::Efron, ZphTransform::Km, &ZPH_EFRON_KM),
        (Ties::Efron, ZphTransform::Rank, &ZPH_EFRON_RANK),
        (Ties::Efron, ZphTransform::Identity, &ZPH_EFRON_IDENTITY),
        (Ties::Efron, ZphTransform::Log, &ZPH_EFRON_LOG),
        (Ties::Breslow, ZphTransform::Km, &ZPH_BRESLOW_KM),
    ] {
        check_zph(&zph_fit(&v, ties, transform), want, CASE);
        check_zph(&zph_fit(&v, ties, transform), want, 1e-9);
    }
}

#[test]
fn zph_scaled_schoenfeld_residuals_match_cox_zph() {
    let v = veteran();
    let fit = zph_fit(&v, Ties::Efron, ZphTransform::Km);
    let r = &fit.zph.as_ref().unwrap().residuals;
    assert_eq!(r.values.len(), 128);
    assert!(r.stratum.is_none());
    // events in time order; x = 1 − KM(t−)
    assert_eq!(&r.time[..5], &[1.0, 1.0, 2.0, 3.0, 4.0]);
    let x = [
        0.0,
        0.0,
        0.014598540145985384,
        0.021897810218978075,
        0.029197080291970767,
    ];
    for (i, want) in x.iter().enumerate() {
        close("zph x", r.transformed_time[i], *want, 1e-12);
    }
    // head(cox.zph(fe)$y, 3) and tail(, 2): trt, karno, diagtime, age, prior
    let y: [(usize, [f64; 5]); 5] = [
        (
            0,
            [
                2.0244826444693045,
                -0.128295711270253854,
                0.014390865596276481,
                0.026008539095313039,
                0.38301909059618089,
            ],
        ),
        (
            1,
            [
                3.0471722970785109,
                -0.051256103065670966,
                -0.021286476449413338,
                -0.278075965762065613,
                -0.19421124567326553,
            ],
        ),
        (
            2,
            [
                2.4465776819791603,
                -0.069585897550880266,
                0.173414473116265955,
                -0.163047789444254770,
                0.17063336913886762,
            ],
        ),
        (
            126,
            [
                0.36683480408004776,
                -0.062310340492045882,
                -0.0245105362635936672,
                -0.0295503937993158820,
                0.026171634641684188,
            ],
        ),
        (
            127,
            [
                0.19305311805168493,
                -0.034084486366248945,
                0.0017230262027317408,
                -0.0038828479094078338,
                -0.007764094176556967,
            ],
        ),
    ];
    for (i, want) in y {
        for (j, w) in want.iter().enumerate() {
            let got = r.values[i][j].unwrap();
            close(
                &format!("scaled Schoenfeld event {} {}", i + 1, TERMS[j]),
                got,
                *w,
                1e-8,
            );
        }
    }
}

#[test]
fn robust_score_test_matches_coxph_rscore() {
    // fit <- coxph(..., ties = "efron", robust = TRUE); fit$rscore  (R 4.2.2, survival 3.5.3)
    let v = veteran();
    for (ties, want) in [
        (Ties::Efron, 35.861427846511326),
        (Ties::Breslow, 36.001994889282777),
    ] {
        // robust = TRUE without labels: each row its own cluster, as with the id column
        let fit = Cox::default()
            .ties(ties)
            .robust(true)
            .fit(&CoxData::new(&v.time, &v.status, &v.x))
            .unwrap();
        let rs = fit.tests.robust_score.unwrap();
        close("robust score", rs.statistic, want, 1e-9);
        assert_eq!(rs.df, 5);
        assert_eq!(fit.n_clusters, Some(137));
        let by_id = veteran_fit(&v, ties);
        assert_eq!(fit.vcov_robust, by_id.vcov_robust);
    }
}

#[test]
fn strata_match_coxph_with_strata_celltype() {
    // fs <- coxph(Surv(time, status) ~ trt + karno + diagtime + age + prior +
    //             strata(celltype), data = d, robust = TRUE)     (R 4.2.2, survival 3.5.3)
    let v = veteran();
    let fit = Cox::default()
        .robust(true)
        .zph(ZphTransform::Km)
        .fit(&CoxData::new(&v.time, &v.status, &v.x).strata(&v.celltype))
        .unwrap();
    let coef = [
        0.2859016493515459389,
        -0.0382622315413510827,
        -0.0034391087983669604,
        -0.0118205305476642708,
        0.0169068516006694557,
    ];
    let se = [
        0.2100090705467414776,
        0.0059318288112058751,
        0.0090746941158223373,
        0.0098461014571885538,
        0.0235666769243343850,
    ];
    let rse = [
        0.1941641966218040360,
        0.0052885058090971580,
        0.0077923207931856519,
        0.0105195997592999850,
        0.0221496559091073214,
    ];
    for (j, c) in fit.coefficients.iter().enumerate() {
        close(&format!("{} coef", c.term), c.coef, coef[j], 1e-9);
        close(&format!("{} se", c.term), c.std_error, se[j], 1e-9);
        close(
            &format!("{} robust se", c.term),
            c.robust_std_error.unwrap(),
            rse[j],
            1e-9,
        );
    }
    close("loglik null", fit.loglik[0], -338.73620722618404, 1e-9);
    close("loglik", fit.loglik[1], -316.60130514039201, 1e-9);
    close("score", fit.tests.score.statistic, 47.005596124178027, 1e-9);
    close(
        "robust score",
        fit.tests.robust_score.unwrap().statistic,
        39.379378840986128,
        1e-9,
    );
    close(
        "robust wald",
        fit.tests.robust_wald.unwrap().statistic,
        63.843985689247589,
        1e-9,
    );
    let c = fit.concordance;
    assert_eq!(
        [c.concordant, c.discordant, c.tied_x, c.tied_y, c.tied_xy],
        [1614, 679, 0, 11, 0]
    );
    close(
        "concordance",
        c.concordance.unwrap(),
        0.70388137810728302,
        1e-9,
    );
    close(
        "concordance std",
        c.std_error.unwrap(),
        0.027324404147356644,
        1e-9,
    );
    assert_eq!(fit.iterations, 4);
    // basehaz(fs, centered = FALSE): strata in label order, all their distinct times
    let labels: Vec<_> = fit
        .baseline
        .iter()
        .map(|b| b.stratum.clone().unwrap())
        .collect();
    assert_eq!(labels, ["adeno", "large", "smallcell", "squamous"]);
    assert_eq!(
        fit.baseline
            .iter()
            .map(|b| b.time.len())
            .collect::<Vec<_>>(),
        [26, 27, 39, 33]
    );
    let adeno = &fit.baseline[0];
    assert_eq!(&adeno.time[..3], &[3.0, 7.0, 8.0]);
    for (got, want) in adeno.cumulative_hazard.iter().zip([
        0.30252306009843666,
        0.62995210600178464,
        1.35828503166322800,
    ]) {
        close("adeno cumhaz", *got, want, 1e-9);
    }
    let squamous = &fit.baseline[3];
    assert_eq!(*squamous.time.last().unwrap(), 999.0);
    close(
        "squamous cumhaz at 999",
        *squamous.cumulative_hazard.last().unwrap(),
        75.87244963288596011,
        1e-9,
    );
    assert_eq!(fit.strata.iter().map(|s| s.n).sum::<usize>(), 137);
    // cox.zph(fs)$table, and the first two scaled residuals (both adeno)
    check_zph(
        &fit,
        &[
            (0.024578237524770601, 1, 0.8754225862623234988),
            (6.623486923755324440, 1, 0.0100642603728109629),
            (0.373986923269274074, 1, 0.5408390335619210898),
            (2.408510549020557612, 1, 0.1206771369707791419),
            (1.469143440917208387, 1, 0.2254808880589158904),
            (17.244562703569478401, 5, 0.0040585885092206207),
        ],
        1e-9,
    );
    let r = &fit.zph.as_ref().unwrap().residuals;
    assert_eq!(r.stratum.as_ref().unwrap()[..2], ["adeno", "adeno"]);
    for (i, want) in [
        [
            -2.0758918837238873,
            -0.111966955318585942,
            -0.031050427236443766,
            -0.217253607346339805,
            -0.066077328843765923,
        ],
        [
            2.1979896552846356,
            -0.058746125450299821,
            -0.018354142205095510,
            -0.091867233504299844,
            -0.140239052581633300,
        ],
    ]
    .iter()
    .enumerate()
    {
        for (j, w) in want.iter().enumerate() {
            close(
                "stratified scaled Schoenfeld",
                r.values[i][j].unwrap(),
                *w,
                1e-8,
            );
        }
    }
}

/// veteran with a time-varying covariate: for odd ids followed beyond day 60, tv = 0 on
/// (0, 60] and 1 on (60, time]; otherwise one row (0, time] with tv = 0.
struct Split {
    id: Vec<String>,
    start: Vec<f64>,
    stop: Vec<f64>,
    status: Vec<f64>,
    x: Vec<(&'static str, Vec<f64>)>,
}

fn veteran_tv(v: &Veteran) -> Split {
    let mut s = Split {
        id: Vec::new(),
        start: Vec::new(),
        stop: Vec::new(),
        status: Vec::new(),
        x: vec![
            ("trt", Vec::new()),
            ("karno", Vec::new()),
            ("tv", Vec::new()),
        ],
    };
    for i in 0..v.time.len() {
        let odd = v.id[i].parse::<u32>().unwrap() % 2 == 1;
        let rows: Vec<(f64, f64, f64, f64)> = if odd && v.time[i] > 60.0 {
            vec![(0.0, 60.0, 0.0, 0.0), (60.0, v.time[i], v.status[i], 1.0)]
        } else {
            vec![(0.0, v.time[i], v.status[i], 0.0)]
        };
        for (a, b, e, tv) in rows {
            s.id.push(v.id[i].clone());
            s.start.push(a);
            s.stop.push(b);
            s.status.push(e);
            s.x[0].1.push(v.x[0].1[i]);
            s.x[1].1.push(v.x[1].1[i]);
            s.x[2].1.push(tv);
        }
    }
    s
}

#[test]
fn time_varying_covariate_matches_coxph_on_counting_process_rows() {
    // fc <- coxph(Surv(start, stop, status) ~ trt + karno + tv, data = d2, cluster = id)
    // with d2 built as veteran_tv does (176 rows)            (R 4.2.2, survival 3.5.3)
    let v = veteran();
    let s = veteran_tv(&v);
    assert_eq!(s.id.len(), 176);
    let data = CoxData::new(&s.stop, &s.status, &s.x)
        .entry(&s.start)
        .cluster(&s.id);
    let fit = Cox::default().zph(ZphTransform::Km).fit(&data).unwrap();
    let coef = [
        0.186949005207747515,
        -0.033581388913775843,
        0.283674909302995659,
    ];
    let se = [
        0.1838522445469545352,
        0.0050982954650346359,
        0.2599247958943503023,
    ];
    let rse = [
        0.1939377671705324879,
        0.0047968426099991726,
        0.3020693372471066618,
    ];
    for (j, c) in fit.coefficients.iter().enumerate() {
        close(&format!("{} coef", c.term), c.coef, coef[j], 1e-9);
        close(&format!("{} se", c.term), c.std_error, se[j], 1e-9);
        close(
            &format!("{} robust se", c.term),
            c.robust_std_error.unwrap(),
            rse[j],
            1e-9,
        );
    }
    close("loglik null", fit.loglik[0], -505.44905491805798, 1e-9);
    close("loglik", fit.loglik[1], -483.36545049625926, 1e-9);
    close("score", fit.tests.score.statistic, 47.892512264237617, 1e-9);
    close(
        "robust score",
        fit.tests.robust_score.unwrap().statistic,
        35.394348132417193,
        1e-9,
    );
    close(
        "robust wald",
        fit.tests.robust_wald.unwrap().statistic,
        56.377416606576588,
        1e-9,
    );
    assert_eq!(fit.iterations, 4);
    assert_eq!(fit.n_clusters, Some(137));
    let c = fit.concordance;
    assert_eq!(
        [c.concordant, c.discordant, c.tied_x, c.tied_y, c.tied_xy],
        [6041, 2305, 458, 36, 3]
    );
    close(
        "concordance",
        c.concordance.unwrap(),
        0.71217628350749662,
        1e-9,
    );
    close(
        "concordance std",
        c.std_error.unwrap(),
        0.021704391190532205,
        1e-9,
    );
    // basehaz(fc, centered = FALSE)
    let b = &fit.baseline[0];
    assert_eq!(&b.time[..3], &[1.0, 2.0, 3.0]);
    for (got, want) in b.cumulative_hazard.iter().zip([
        0.062381198378965989,
        0.094327299892798394,
        0.126665273225474301,
    ]) {
        close("cumhaz", *got, want, 1e-9);
    }
    close(
        "cumhaz at 999",
        *b.cumulative_hazard.last().unwrap(),
        42.198189301331190393,
        1e-9,
    );
    // cox.zph(fc)$table
    check_zph(
        &fit,
        &[
            (0.320071888627751322, 1, 0.57156444572799758319),
            (12.186400789169432812, 1, 0.00048139175961798989),
            (0.057717209029219882, 1, 0.81014105765409105686),
            (13.971854234681169160, 3, 0.00294371537587022900),
        ],
        1e-9,
    );
    // ties = "breslow"
    let fb = Cox::default().ties(Ties::Breslow).fit(&data).unwrap();
    for (c, want) in fb.coefficients.iter().zip([
        0.183118005381119581,
        -0.033382102091609127,
        0.284533834444964939,
    ]) {
        close("breslow coef", c.coef, want, 1e-9);
    }
    close("breslow loglik", fb.loglik[1], -484.01824056000476, 1e-9);
}

#[test]
fn splitting_each_row_at_an_interior_time_changes_nothing() {
    // every row (0, t] becomes (0, s] censored and (s, t] with the original status, at
    // s = t/2 (or 0.5 for t = 1)
    let v = veteran();
    let (mut id, mut start, mut stop, mut status) = (vec![], vec![], vec![], vec![]);
    let mut x: Vec<(&str, Vec<f64>)> = v.x.iter().map(|(n, _)| (*n, Vec::new())).collect();
    for i in 0..v.time.len() {
        let s = (v.time[i] / 2.0).floor().max(0.5);
        for (a, b, e) in [(0.0, s, 0.0), (s, v.time[i], v.status[i])] {
            id.push(v.id[i].clone());
            start.push(a);
            stop.push(b);
            status.push(e);
            for (j, col) in x.iter_mut().enumerate() {
                col.1.push(v.x[j].1[i]);
            }
        }
    }
    for ties in [Ties::Efron, Ties::Breslow] {
        let whole = veteran_fit(&v, ties);
        let split = Cox::default()
            .ties(ties)
            .fit(&CoxData::new(&stop, &status, &x).entry(&start).cluster(&id))
            .unwrap();
        assert_eq!(
            (split.n, split.events, split.n_clusters),
            (274, 128, Some(137))
        );
        assert_eq!(split.iterations, whole.iterations);
        for (a, b) in split.coefficients.iter().zip(&whole.coefficients) {
            close(&format!("{} coef", a.term), a.coef, b.coef, 1e-10);
            close(&format!("{} se", a.term), a.std_error, b.std_error, 1e-10);
            close(
                &format!("{} robust se", a.term),
                a.robust_std_error.unwrap(),
                b.robust_std_error.unwrap(),
                1e-10,
            );
            close(&format!("{} p", a.term), a.p_value, b.p_value, 1e-10);
        }
        for t in 0..2 {
            close("loglik", split.loglik[t], whole.loglik[t], 1e-10);
        }
        close(
            "score",
            split.tests.score.statistic,
            whole.tests.score.statistic,
            1e-10,
        );
        close(
            "robust score",
            split.tests.robust_score.unwrap().statistic,
            whole.tests.robust_score.unwrap().statistic,
            1e-10,
        );
        let (a, b) = (split.concordance, whole.concordance);
        assert_eq!(
            [a.concordant, a.discordant, a.tied_x, a.tied_y],
            [b.concordant, b.discordant, b.tied_x, b.tied_y]
        );
        close(
            "concordance std",
            a.std_error.unwrap(),
            b.std_error.unwrap(),
            1e-10,
        );
        // the split times are new exit times where the baseline hazard does not move
        let (sb, wb) = (&split.baseline[0], &whole.baseline[0]);
        for (t, h) in wb.time.iter().zip(&wb.cumulative_hazard) {
            let at = sb.time.iter().position(|s| s == t).unwrap();
            close(
                &format!("cumhaz at {t}"),
                sb.cumulative_hazard[at],
                *h,
                1e-10,
            );
        }
    }
}

#[test]
fn three_people_give_the_closed_form() {
    // x = 1 dies at 1, x = 0 dies at 2, x = 1 censored at 3: e^β̂ = 1/√2
    let (time, event) = ([1.0, 2.0, 3.0], [1.0, 1.0, 0.0]);
    let cov = [("x", vec![1.0, 0.0, 1.0])];
    let fit = Cox::default()
        .eps(1e-14)
        .fit(&CoxData::new(&time, &event, &cov))
        .unwrap();
    let c = fit.coef("x").unwrap();
    assert_close("coef", c.coef, -0.5 * 2f64.ln(), 1e-12);
    let info = 2.0 * 2f64.sqrt() / (3.0 + 2.0 * 2f64.sqrt());
    assert_close("se", c.std_error, info.sqrt().recip(), 1e-12);
    // log L(β̂) = β̂ − log(2e^β̂ + 1) − log(1 + e^β̂); log L(0) = −log 3 − log 2
    let y = 0.5f64.sqrt();
    assert_close(
        "loglik",
        fit.loglik[1],
        y.ln() - (2.0 * y + 1.0).ln() - (1.0 + y).ln(),
        1e-12,
    );
    assert_close("null loglik", fit.loglik[0], -(6f64.ln()), 1e-14);
    // score at 0: (1 − 2/3) + (0 − 1/2) = −1/6; information (2/9 + 1/4)
    let score = (1.0f64 / 6.0).powi(2) / (2.0 / 9.0 + 0.25);
    assert_close("score test", fit.tests.score.statistic, score, 1e-14);
    // Breslow = Efron: no tied times
    let b = Cox::default()
        .ties(Ties::Breslow)
        .eps(1e-14)
        .fit(&CoxData::new(&time, &event, &cov))
        .unwrap();
    assert_close("breslow coef", b.coef("x").unwrap().coef, c.coef, 1e-14);
}

#[test]
fn two_subjects_one_event_run_off_to_infinity_with_a_warning() {
    // coxph(Surv(c(1, 2), c(1, 0)) ~ c(0, 1)): log L(β) = −log(1 + e^β) rises to 0 as
    // β → −∞. R: coef −21.202894770746781, loglik (−log 2, −6.19e-10), score 1,
    // "Ran out of iterations and did not converge"         (R 4.2.2, survival 3.5.3)
    let (time, event) = ([1.0, 2.0], [1.0, 0.0]);
    let cov = [("x", vec![0.0, 1.0])];
    let fit = Cox::default()
        .fit(&CoxData::new(&time, &event, &cov))
        .unwrap();
    assert!(!fit.converged);
    assert_close("null loglik", fit.loglik[0], -(2f64.ln()), 1e-15);
    // U(0) = 0 − 1/2, I(0) = 1/4: the score test is exactly 1
    assert_close("score test", fit.tests.score.statistic, 1.0, 1e-14);
    close(
        "coef",
        fit.coef("x").unwrap().coef,
        -21.202894770746781,
        1e-6,
    );
    assert!(
        fit.loglik[1] < 0.0 && fit.loglik[1] > -1e-8,
        "{}",
        fit.loglik[1]
    );
    assert_eq!(fit.warnings.len(), 1);
    assert!(
        fit.warnings[0].contains("\"x\"") && fit.warnings[0].contains("infinite"),
        "{}",
        fit.warnings[0]
    );
    // the upper end of the interval, exp(−21 + 1.96·40193), is beyond f64: null in JSON
    let c = fit.coef("x").unwrap();
    assert_eq!(c.ci[1], f64::INFINITY);
    let json = serde_json::to_value(&fit).unwrap();
    assert!(json["coefficients"][0]["ci"][1].is_null());
    assert!(!json.to_string().contains("NaN"));
}

#[test]
fn a_covariate_with_no_events_in_one_group_is_named_as_coxph_does() {
    // d$z <- as.numeric(d$status == 0); coxph(Surv(time, status) ~ karno + z, data = d)
    // warns "Loglik converged before variable 2; coefficient may be infinite", iter 18,
    // coef karno −0.033539994898145985, z −18.064126826517597380,
    // loglik −475.55097848193697                          (R 4.2.2, survival 3.5.3)
    let v = veteran();
    let z: Vec<f64> = v
        .status
        .iter()
        .map(|s| if *s == 0.0 { 1.0 } else { 0.0 })
        .collect();
    let cov = [("karno", v.x[1].1.clone()), ("z", z)];
    let fit = Cox::default()
        .fit(&CoxData::new(&v.time, &v.status, &cov))
        .unwrap();
    assert!(fit.converged);
    assert_eq!(fit.iterations, 18);
    close(
        "karno",
        fit.coef("karno").unwrap().coef,
        -0.033539994898145985,
        1e-8,
    );
    close(
        "z",
        fit.coef("z").unwrap().coef,
        -18.064126826517597380,
        1e-6,
    );
    close("loglik", fit.loglik[1], -475.55097848193697, 1e-9);
    assert_eq!(fit.warnings.len(), 1, "{:?}", fit.warnings);
    assert!(
        fit.warnings[0].contains("\"z\"")
            && fit.warnings[0].contains("Loglik converged before variable 2")
    );
}

#[test]
fn breslow_equals_efron_without_tied_times() {
    let v = veteran();
    // break every tie: time + row/1000
    let time: Vec<f64> = v
        .time
        .iter()
        .enumerate()
        .map(|(i, t)| t + i as f64 / 1000.0)
        .collect();
    let e = Cox::default()
        .fit(&CoxData::new(&time, &v.status, &v.x))
        .unwrap();
    let b = Cox::default()
        .ties(Ties::Breslow)
        .fit(&CoxData::new(&time, &v.status, &v.x))
        .unwrap();
    for (a, c) in e.coefficients.iter().zip(&b.coefficients) {
        assert_close(&a.term, a.coef, c.coef, 1e-13);
        assert_close(&a.term, a.std_error, c.std_error, 1e-13);
    }
    assert_close("loglik", e.loglik[1], b.loglik[1], 1e-14);
    for (x, y) in e.baseline[0]
        .cumulative_hazard
        .iter()
        .zip(&b.baseline[0].cumulative_hazard)
    {
        assert_close("cumhaz", *x, *y, 1e-13);
    }
}

#[test]
fn two_copies_of_the_data_as_strata_double_the_information() {
    let v = veteran();
    let twice = |c: &[f64]| [c, c].concat();
    let time = twice(&v.time);
    let status = twice(&v.status);
    let x: Vec<(&str, Vec<f64>)> = v.x.iter().map(|(n, c)| (*n, twice(c))).collect();
    let strata: Vec<String> = (0..2 * v.time.len())
        .map(|i| {
            if i < v.time.len() {
                "a".into()
            } else {
                "b".into()
            }
        })
        .collect();
    let one = Cox::default()
        .fit(&CoxData::new(&v.time, &v.status, &v.x))
        .unwrap();
    let two = Cox::default()
        .fit(&CoxData::new(&time, &status, &x).strata(&strata))
        .unwrap();
    for (a, b) in two.coefficients.iter().zip(&one.coefficients) {
        assert_close(&a.term, a.coef, b.coef, 1e-12);
        assert_close(&a.term, a.std_error * 2f64.sqrt(), b.std_error, 1e-12);
    }
    assert_close("loglik", two.loglik[1], 2.0 * one.loglik[1], 1e-13);
    assert_eq!(two.baseline.len(), 2);
    assert_eq!(
        two.baseline[0].cumulative_hazard,
        two.baseline[1].cumulative_hazard
    );
    assert_eq!(
        two.strata
            .iter()
            .map(|s| (s.stratum.as_str(), s.events))
            .collect::<Vec<_>>(),
        [("a", 128), ("b", 128)]
    );
}

fn refused(time: &[f64], event: &[f64], cov: &[(&str, Vec<f64>)]) -> String {
    Cox::default()
        .fit(&CoxData::new(time, event, cov))
        .expect_err("the fit should be refused")
        .to_string()
}

#[test]
fn bad_data_is_refused_naming_the_covariate_or_row() {
    let t = [1.0, 2.0, 3.0, 4.0];
    let e = [1.0, 0.0, 1.0, 1.0];
    let x = vec![0.3, 1.0, 0.2, 0.9];
    let err = refused(&t, &e, &[("x", x.clone()), ("k", vec![2.0; 4])]);
    assert!(err.contains("\"k\" is constant"), "{err}");
    let err = refused(
        &t,
        &e,
        &[
            ("x", x.clone()),
            ("x2", x.iter().map(|v| 2.0 * v + 1.0).collect()),
        ],
    );
    assert!(
        err.contains("\"x2\" is a linear combination") && err.contains("\"x\""),
        "{err}"
    );
    let err = refused(&t, &[0.0; 4], &[("x", x.clone())]);
    assert!(err.starts_with("no events"), "{err}");
    let err = refused(&[1.0, -2.0, 3.0, 4.0], &e, &[("x", x.clone())]);
    assert_eq!(err, "time: row 2 is -2: times must not be negative");
    let err = refused(&t, &[1.0, 2.0, 0.0, 1.0], &[("x", x.clone())]);
    assert!(err.starts_with("event: row 2 is 2"), "{err}");
    let err = refused(&t, &e, &[("x", vec![0.3, f64::NAN, 0.2, 0.9])]);
    assert_eq!(err, "x: row 2 is NaN, not a finite number");
    let err = refused(&t, &e, &[("x", vec![0.3, 1.0])]);
    assert_eq!(err, "x: has 2 rows but time has 4");
    let err = refused(&t, &e, &[]);
    assert!(err.contains("at least one covariate"), "{err}");
    let entry = [0.0, 2.0, 1.0, 0.0];
    let err = Cox::default()
        .fit(&CoxData::new(&t, &e, &[("x", x.clone())]).entry(&entry))
        .unwrap_err()
        .to_string();
    assert!(
        err.starts_with("entry: row 2: entry 2 is not before exit 2"),
        "{err}"
    );
    let err = Cox::default()
        .max_iter(0)
        .fit(&CoxData::new(&t, &e, &[("x", x.clone())]))
        .unwrap_err()
        .to_string();
    assert!(err.starts_with("max_iter:"), "{err}");
    let v = veteran();
    let err = Cox::default()
        .max_iter(2)
        .fit(&CoxData::new(&v.time, &v.status, &v.x))
        .unwrap_err()
        .to_string();
    assert!(
        err.starts_with("the Cox model did not converge in 2 iterations"),
        "{err}"
    );
    let err = Cox::default()
        .ci_level(1.0)
        .check()
        .unwrap_err()
        .to_string();
    assert!(err.starts_with("ci_level:"), "{err}");
    // robust errors on entry/exit rows need the person
    let err = Cox::default()
        .robust(true)
        .fit(&CoxData::new(&t, &e, &[("x", x.clone())]).entry(&[0.0; 4]))
        .unwrap_err()
        .to_string();
    assert!(err.starts_with("cluster:"), "{err}");
}

#[test]
fn a_covariate_constant_within_every_stratum_is_named() {
    let v = veteran();
    let by_cell: Vec<f64> = v.celltype.iter().map(|c| c.len() as f64).collect();
    let mut x = v.x.clone();
    x.push(("cell", by_cell));
    let err = Cox::default()
        .fit(&CoxData::new(&v.time, &v.status, &x).strata(&v.celltype))
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("\"cell\" does not vary within the risk sets")
            && err.contains("within every stratum"),
        "{err}"
    );
}

#[test]
fn a_stratum_without_events_is_a_warning() {
    let v = veteran();
    let mut time = v.time.clone();
    let mut status = v.status.clone();
    let mut x = v.x.clone();
    let mut strata: Vec<String> = vec!["main".into(); time.len()];
    for i in 0..3 {
        time.push(100.0 + i as f64);
        status.push(0.0);
        for (j, col) in x.iter_mut().enumerate() {
            col.1.push(v.x[j].1[i]);
        }
        strata.push("quiet".into());
    }
    let fit = Cox::default()
        .fit(&CoxData::new(&time, &status, &x).strata(&strata))
        .unwrap();
    let plain = Cox::default()
        .fit(&CoxData::new(&v.time, &v.status, &v.x))
        .unwrap();
    assert_close(
        "coef",
        fit.coefficients[0].coef,
        plain.coefficients[0].coef,
        1e-12,
    );
    assert_eq!(
        fit.warnings,
        ["stratum \"quiet\" has no events: its 3 rows add nothing to the fit"]
    );
}

/// Covariate columns by name.
type Columns = Vec<(&'static str, Vec<f64>)>;

/// A deterministic synthetic cohort: integer times 1..400 (heavy ties), ~60 % events,
/// two discrete covariates (so the linear predictor is heavily tied too).
fn synthetic(n: usize) -> (Vec<f64>, Vec<f64>, Columns) {
    let mut state = 12345u64;
    let mut next = move || {
        state = state
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (state >> 33) as f64 / (1u64 << 31) as f64
    };
    let (mut time, mut event, mut a, mut b) = (vec![], vec![], vec![], vec![]);
    for _ in 0..n {
        let x1 = if next() < 0.4 { 1.0 } else { 0.0 };
        let x2 = (next() * 3.0).floor();
        let rate = (0.5 * x1 - 0.3 * x2).exp();
        let t = (-next().ln() / rate * 150.0).ceil().clamp(1.0, 400.0);
        let c = (next() * 500.0).ceil();
        time.push(t.min(c));
        event.push(if t <= c { 1.0 } else { 0.0 });
        a.push(x1);
        b.push(x2);
    }
    (time, event, vec![("x1", a), ("x2", b)])
}

#[test]
fn concordance_in_parallel_blocks_equals_one_sweep() {
    // 120,000 right-censored rows are cut into blocks swept in parallel; the same rows
    // with entry 0 are swept as one (the path checked against R above)
    let (time, event, x) = synthetic(120_000);
    let blocked = Cox::default()
        .fit(&CoxData::new(&time, &event, &x))
        .unwrap();
    let entry = vec![0.0; time.len()];
    let swept = Cox::default()
        .fit(&CoxData::new(&time, &event, &x).entry(&entry))
        .unwrap();
    let (a, b) = (blocked.concordance, swept.concordance);
    assert_eq!(
        [a.concordant, a.discordant, a.tied_x, a.tied_y, a.tied_xy],
        [b.concordant, b.discordant, b.tied_x, b.tied_y, b.tied_xy]
    );
    assert!(a.tied_x > 0 && a.tied_xy > 0);
    assert_close(
        "concordance",
        a.concordance.unwrap(),
        b.concordance.unwrap(),
        1e-14,
    );
    assert_close("std", a.std_error.unwrap(), b.std_error.unwrap(), 1e-10);
    for (p, q) in blocked.coefficients.iter().zip(&swept.coefficients) {
        assert_close(&p.term, p.coef, q.coef, 1e-10);
    }
    // and by cluster: pairs of rows as clusters
    let ids: Vec<String> = (0..time.len()).map(|i| (i / 2).to_string()).collect();
    let a = Cox::default()
        .fit(&CoxData::new(&time, &event, &x).cluster(&ids))
        .unwrap();
    let b = Cox::default()
        .fit(&CoxData::new(&time, &event, &x).entry(&entry).cluster(&ids))
        .unwrap();
    assert_close(
        "clustered std",
        a.concordance.std_error.unwrap(),
        b.concordance.std_error.unwrap(),
        1e-10,
    );
    assert_close(
        "robust se",
        a.coefficients[0].robust_std_error.unwrap(),
        b.coefficients[0].robust_std_error.unwrap(),
        1e-10,
    );
}

/// Times the fit on a gen_data.py `episodes` file (timing needs a release build):
/// `python3 ../shared/perf/gen_data.py episodes 1000000 1 /tmp/ep1m.csv`, then
/// `COX_EPISODES=/tmp/ep1m.csv cargo test --release --test tests survival_cox::timing --
/// --ignored --nocapture`. The treat coefficient is the peers' (PEER_TIMES.md):
/// −0.344756 at 1M rows, −0.365323 at 100k.
#[test]
#[ignore = "a timing run on a generated file; needs COX_EPISODES and a release build"]
fn timing_on_generated_episodes() {
    let path = std::env::var("COX_EPISODES").expect("COX_EPISODES names the file");
    let text = std::fs::read_to_string(&path).unwrap();
    let mut cols: Vec<Vec<f64>> = vec![Vec::new(); 9];
    for line in text.lines().skip(1) {
        for (c, f) in cols.iter_mut().zip(line.split(',')) {
            c.push(f.parse().unwrap());
        }
    }
    let names = ["x1", "x2", "x3", "x4", "x5", "treat"];
    let x: Vec<(&str, Vec<f64>)> = names
        .iter()
        .zip(cols.drain(3..))
        .map(|(n, c)| (*n, c))
        .collect();
    let (time, event) = (&cols[1], &cols[2]);
    for (what, cox) in [
        ("efron", Cox::default()),
        ("breslow", Cox::default().ties(Ties::Breslow)),
        ("efron robust", Cox::default().robust(true)),
        ("efron zph", Cox::default().zph(ZphTransform::Km)),
    ] {
        let start = std::time::Instant::now();
        let fit = cox.fit(&CoxData::new(time, event, &x)).unwrap();
        println!(
            "{what}: n = {}, events = {}, {} iterations, {:.3} s; treat {:.6}, concordance {:.6}",
            fit.n,
            fit.events,
            fit.iterations,
            start.elapsed().as_secs_f64(),
            fit.coef("treat").unwrap().coef,
            fit.concordance.concordance.unwrap()
        );
    }
}

/// veteran.csv's path.
fn veteran_csv() -> String {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/reference/survival_veteran/veteran.csv")
        .to_string_lossy()
        .into_owned()
}

/// Runs `indsats survival cox` and returns the JSON it printed (exit 0, one object, no NaN).
#[track_caller]
fn cox_json(args: &[&str]) -> Value {
    let mut all = vec!["survival", "cox", "--format", "json"];
    all.extend_from_slice(args);
    let o = indsats(&all);
    let (out, err) = text(&o);
    assert_eq!(
        o.status.code(),
        Some(0),
        "indsats {}\n{out}\n{err}",
        all.join(" ")
    );
    assert!(!out.contains("NaN"), "{out}");
    let v: Value = serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}:\n{out}"));
    assert!(v.is_object());
    v
}

/// Runs `indsats survival cox` expecting exit `code`; returns stderr (stdout must be empty).
#[track_caller]
fn cox_fails(args: &[&str], code: i32) -> String {
    let mut all = vec!["survival", "cox"];
    all.extend_from_slice(args);
    let o = indsats(&all);
    let (out, err) = text(&o);
    assert_eq!(
        o.status.code(),
        Some(code),
        "indsats {}\n{out}\n{err}",
        all.join(" ")
    );
    assert!(out.is_empty(), "{out}");
    assert!(!err.contains("panicked"), "{err}");
    err
}

const COVARIATES: &str = "trt,karno,diagtime,age,prior";

#[test]
fn cli_json_has_the_contract_shape_and_coxph_numbers() {
    let data = veteran_csv();
    let base = [
        "--data",
        &data,
        "--time",
        "time",
        "--event",
        "status",
        "--covariates",
        COVARIATES,
    ];
    let mut args = base.to_vec();
    args.extend(["--cluster", "id"]);
    let v = cox_json(&args);
    let e = &expected()["cox_efron"];
    for key in [
        "coefficients",
        "loglik",
        "concordance",
        "n",
        "events",
        "ties",
        "warnings",
        "tests",
        "n_excluded",
    ] {
        assert!(v.get(key).is_some(), "no \"{key}\" in {v}");
    }
    assert!(v.get("zph").is_none(), "zph only when asked");
    assert_eq!(v["ties"], "efron");
    assert_eq!(
        (
            v["n"].as_u64(),
            v["events"].as_u64(),
            v["n_excluded"].as_u64()
        ),
        (Some(137), Some(128), Some(0))
    );
    assert_eq!(v["warnings"], serde_json::json!([]));
    let coefs = v["coefficients"].as_array().unwrap();
    assert_eq!(coefs.len(), 5);
    for (c, term) in coefs.iter().zip(TERMS) {
        // serde_json's map sorts its keys
        let keys: Vec<&str> = c.as_object().unwrap().keys().map(|k| k.as_str()).collect();
        let mut want = [
            "term",
            "coef",
            "std_error",
            "robust_std_error",
            "hazard_ratio",
            "ci",
            "z",
            "p_value",
        ];
        want.sort_unstable();
        assert_eq!(keys, want);
        assert_eq!(c["term"], term);
        let at = |key: &str| num(&e[key][term]);
        close("coef", num(&c["coef"]), at("coef"), CASE);
        close("se", num(&c["std_error"]), at("se"), CASE);
        close(
            "robust se",
            num(&c["robust_std_error"]),
            at("robust_se"),
            CASE,
        );
        close("HR", num(&c["hazard_ratio"]), at("hazard_ratio"), CASE);
        close("ci low", num(&c["ci"][0]), at("hr_lower95_robust"), CASE);
        close("ci high", num(&c["ci"][1]), at("hr_upper95_robust"), CASE);
        close("z", num(&c["z"]), at("robust_z"), CASE);
        close("p", num(&c["p_value"]), at("robust_p_value"), CASE);
    }
    close(
        "loglik null",
        num(&v["loglik"][0]),
        num(&e["loglik_null"]),
        CASE,
    );
    close("loglik", num(&v["loglik"][1]), num(&e["loglik"]), CASE);
    close(
        "concordance",
        num(&v["concordance"]),
        num(&e["concordance"]["concordance"]),
        CASE,
    );
    close(
        "LR",
        num(&v["tests"]["likelihood_ratio"]["statistic"]),
        num(&e["lr_test"]["stat"]),
        CASE,
    );
    close(
        "robust Wald",
        num(&v["tests"]["robust_wald"]["statistic"]),
        num(&e["wald_test_robust"]["stat"]),
        CASE,
    );

    // without clusters: model-based errors, robust_std_error null; Breslow on request
    let mut args = base.to_vec();
    args.extend(["--ties", "breslow", "--zph"]);
    let v = cox_json(&args);
    let e = &expected()["cox_breslow"];
    assert_eq!(v["ties"], "breslow");
    for (c, term) in v["coefficients"].as_array().unwrap().iter().zip(TERMS) {
        assert!(c["robust_std_error"].is_null());
        close("breslow coef", num(&c["coef"]), num(&e["coef"][term]), CASE);
        close("breslow z", num(&c["z"]), num(&e["z"][term]), CASE);
        close(
            "breslow ci low",
            num(&c["ci"][0]),
            num(&e["hr_lower95"][term]),
            CASE,
        );
    }
    assert!(v["tests"]["robust_wald"].is_null());
    assert_eq!(v["zph"]["transform"], "km");
    assert_eq!(v["zph"]["terms"].as_array().unwrap().len(), 5);
    close(
        "zph global",
        num(&v["zph"]["global"]["chisq"]),
        ZPH_BRESLOW_KM[5].0,
        CASE,
    );
}

#[test]
fn cli_table_and_csv() {
    let data = veteran_csv();
    let base = [
        "survival",
        "cox",
        "--data",
        &data,
        "--time",
        "time",
        "--event",
        "status",
        "--covariates",
        "trt,karno",
    ];
    let o = indsats(&base);
    let (out, _) = text(&o);
    assert_eq!(o.status.code(), Some(0));
    assert!(
        out.starts_with("Cox-regression (efron): 137 rækker, 128 hændelser"),
        "{out}"
    );
    assert!(out.contains("karno") && out.contains("konkordans"), "{out}");
    let mut args = base.to_vec();
    args.extend(["--format", "csv"]);
    let o = indsats(&args);
    let (out, _) = text(&o);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(
        lines[0],
        "term,coef,std_error,robust_std_error,hazard_ratio,ci_low,ci_high,ci_level,z,p_value"
    );
    assert_eq!(lines.len(), 3);
    assert!(lines[2].starts_with("karno,-0.0339"), "{out}");
}

#[test]
fn cli_entry_rows_give_the_time_varying_fit() {
    let v = veteran();
    let s = veteran_tv(&v);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("tv.csv");
    let mut csv = String::from("id,start,stop,status,trt,karno,tv\n");
    for i in 0..s.id.len() {
        csv += &format!(
            "{},{},{},{},{},{},{}\n",
            s.id[i], s.start[i], s.stop[i], s.status[i], s.x[0].1[i], s.x[1].1[i], s.x[2].1[i]
        );
    }
    std::fs::write(&path, csv).unwrap();
    let p = path.to_string_lossy();
    let out = cox_json(&[
        "--data",
        &p,
        "--entry",
        "start",
        "--time",
        "stop",
        "--event",
        "status",
        "--covariates",
        "trt,karno,tv",
        "--cluster",
        "id",
    ]);
    // coxph(Surv(start, stop, status) ~ trt + karno + tv, cluster = id): see above
    close(
        "tv coef",
        num(&out["coefficients"][2]["coef"]),
        0.283674909302995659,
        1e-9,
    );
    close(
        "tv robust se",
        num(&out["coefficients"][2]["robust_std_error"]),
        0.3020693372471066618,
        1e-9,
    );
    assert_eq!(out["n_clusters"], 137);
    assert_eq!(out["n"], 176);
    // --robust on entry rows needs the person
    let err = cox_fails(
        &[
            "--data",
            &p,
            "--entry",
            "start",
            "--time",
            "stop",
            "--event",
            "status",
            "--covariates",
            "tv",
            "--robust",
        ],
        2,
    );
    assert!(err.contains("--cluster"), "{err}");
}

#[test]
fn cli_rows_with_empty_cells_are_left_out_and_counted() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("d.csv");
    let mut csv = String::from("time,event,x,k\n");
    for (i, t) in [5, 8, 3, 9, 12, 7, 4, 10].iter().enumerate() {
        let x = if i == 2 {
            String::new()
        } else {
            format!("{}", (i * 7 % 5) as f64 / 2.0)
        };
        csv += &format!("{t},{},{x},2\n", if i % 3 == 0 { 0 } else { 1 });
    }
    std::fs::write(&path, &csv).unwrap();
    let p = path.to_string_lossy();
    let v = cox_json(&[
        "--data",
        &p,
        "--time",
        "time",
        "--event",
        "event",
        "--covariates",
        "x",
    ]);
    assert_eq!(
        (v["n"].as_u64(), v["n_excluded"].as_u64()),
        (Some(7), Some(1))
    );
    let w = v["warnings"][0].as_str().unwrap();
    assert!(w.contains("1 rows left out") && w.contains("\"x\""), "{w}");

    // a constant covariate is named, exit 1
    let err = cox_fails(
        &[
            "--data",
            &p,
            "--time",
            "time",
            "--event",
            "event",
            "--covariates",
            "x,k",
        ],
        1,
    );
    assert!(
        err.starts_with("indsats: error: covariate \"k\" is constant"),
        "{err}"
    );
    // no events, exit 1
    std::fs::write(&path, csv.replace(",1,", ",0,")).unwrap();
    let err = cox_fails(
        &[
            "--data",
            &p,
            "--time",
            "time",
            "--event",
            "event",
            "--covariates",
            "x",
        ],
        1,
    );
    assert!(err.contains("no events"), "{err}");
    // a negative time is named with the file's row and column
    std::fs::write(&path, "time,event,x\n3,1,0.5\n-2,1,1.5\n4,0,1\n").unwrap();
    let err = cox_fails(
        &[
            "--data",
            &p,
            "--time",
            "time",
            "--event",
            "event",
            "--covariates",
            "x",
        ],
        1,
    );
    assert!(
        err.contains("column \"time\" row 3: -2: a time must not be negative"),
        "{err}"
    );
}

#[test]
fn cli_bad_usage_exits_2() {
    let data = veteran_csv();
    let base = [
        "--data",
        &data,
        "--time",
        "time",
        "--event",
        "status",
        "--covariates",
        "trt",
    ];
    let mut args = base.to_vec();
    args.extend(["--ties", "exact"]);
    cox_fails(&args, 2);
    let mut args = base.to_vec();
    args.extend(["--ci-level", "1.5"]);
    let err = cox_fails(&args, 2);
    assert!(err.contains("--ci-level"), "{err}");
    let err = cox_fails(
        &[
            "--data",
            &data,
            "--time",
            "time",
            "--event",
            "status",
            "--covariates",
            "time",
        ],
        2,
    );
    assert!(
        err.contains("\"time\" is named by both --time and --covariates"),
        "{err}"
    );
    cox_fails(&["--data", &data, "--time", "time", "--event", "status"], 2);
    // a column that is not there: exit 1, naming it
    let err = cox_fails(
        &[
            "--data",
            &data,
            "--time",
            "time",
            "--event",
            "status",
            "--covariates",
            "nope",
        ],
        1,
    );
    assert!(err.contains("\"nope\""), "{err}");
}

#[test]
fn risk_scores_beyond_exp_range_are_handled_within_strata() {
    // karno + 100,000 in one stratum: within strata nothing changes, but the linear
    // predictor there is ~ −3,400 (exp underflows) and the other stratum's ~ +3,400
    let v = veteran();
    let groups: Vec<String> = v.x[0].1.iter().map(|t| t.to_string()).collect();
    let mut x = v.x[1..].to_vec();
    let plain = Cox::default()
        .fit(&CoxData::new(&v.time, &v.status, &x).strata(&groups))
        .unwrap();
    for (k, g) in x[0].1.iter_mut().zip(&groups) {
        if g == "2" {
            *k += 1e5;
        }
    }
    let far = Cox::default()
        .fit(&CoxData::new(&v.time, &v.status, &x).strata(&groups))
        .unwrap();
    for (a, b) in far.coefficients.iter().zip(&plain.coefficients) {
        close(&format!("{} coef", a.term), a.coef, b.coef, 1e-7);
        close(&format!("{} se", a.term), a.std_error, b.std_error, 1e-7);
    }
    close("loglik", far.loglik[1], plain.loglik[1], 1e-9);
    close(
        "score",
        far.tests.score.statistic,
        plain.tests.score.statistic,
        1e-7,
    );
    // at karno = 0 the hazard in stratum 2 is exp(0.038·100,000) times the data's: beyond
    // f64, so infinite (null in JSON), never NaN
    assert!(far.baseline[1]
        .cumulative_hazard
        .iter()
        .all(|h| *h == f64::INFINITY));
    close(
        "stratum 1 cumhaz",
        far.baseline[0].cumulative_hazard[3],
        plain.baseline[0].cumulative_hazard[3],
        1e-7,
    );
}
