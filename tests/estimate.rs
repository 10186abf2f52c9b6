//! `indsats estimate` as a process: the contract's JSON against the peers' numbers
//! (matching_sim, effect_sizes_sim), the pairs file, determinism, formats, and bad input.

use crate::common::{indsats, text};
use crate::tolerance::assert_close;
use serde_json::Value;
use std::path::{Path, PathBuf};

/// A path under tests/reference.
fn reference(rel: &str) -> String {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/reference")
        .join(rel)
        .to_string_lossy()
        .into_owned()
}

fn expected_matching() -> Value {
    serde_json::from_str(include_str!("reference/matching_sim/expected.json")).unwrap()
}

fn num(v: &Value) -> f64 {
    v.as_f64()
        .unwrap_or_else(|| panic!("expected a number, got {v}"))
}

/// Runs `indsats` and returns the JSON it printed, checking the exit status is 0, stdout is
/// exactly one JSON object and no NaN or infinity appears in it.
#[track_caller]
fn run_json(args: &[&str]) -> Value {
    let o = indsats(args);
    let (out, err) = text(&o);
    assert_eq!(
        o.status.code(),
        Some(0),
        "indsats {}\nstdout:\n{out}\nstderr:\n{err}",
        args.join(" ")
    );
    assert_no_nan(&out);
    let v: Value = serde_json::from_str(&out)
        .unwrap_or_else(|e| panic!("stdout is not one JSON value ({e}):\n{out}"));
    assert!(v.is_object(), "stdout is not a JSON object:\n{out}");
    v
}

/// Runs `indsats` expecting it to fail with `code`; returns stderr. Nothing may go to
/// stdout, and the process must not panic.
#[track_caller]
fn run_fail(args: &[&str], code: i32) -> String {
    let o = indsats(args);
    let (out, err) = text(&o);
    assert_eq!(
        o.status.code(),
        Some(code),
        "indsats {}\nstdout:\n{out}\nstderr:\n{err}",
        args.join(" ")
    );
    assert!(out.is_empty(), "stdout should be empty on failure:\n{out}");
    assert!(!err.contains("panicked"), "a panic:\n{err}");
    assert!(err.starts_with("indsats: error: ") || code == 2, "{err}");
    err
}

/// No NaN or infinity, in any spelling Rust, serde or a formatter would use (as a word:
/// "influence" is fine).
#[track_caller]
fn assert_no_nan(s: &str) {
    let words = s.split(|c: char| !c.is_ascii_alphabetic());
    for w in words {
        let w = w.to_ascii_lowercase();
        assert!(
            !matches!(w.as_str(), "nan" | "inf" | "infinity"),
            "output contains {w}:\n{s}"
        );
    }
    assert!(!s.contains('∞'), "output contains ∞:\n{s}");
}

const OBS: &str = "matching_sim/obs.csv";
const COVARIATES: &str = "x1,x2,x3,x4,x5";

/// `estimate METHOD` on matching_sim with the reference's propensity model, plus `extra`.
fn sim_json(method: &str, extra: &[&str]) -> Value {
    let obs = reference(OBS);
    let mut args = vec![
        "estimate",
        method,
        "--data",
        &obs,
        "--treatment",
        "treat",
        "--outcome",
        "y",
        "--covariates",
        COVARIATES,
        "--format",
        "json",
    ];
    args.extend_from_slice(extra);
    run_json(&args)
}

/// The estimate, SE, CI and p of `got` equal the peer's to `rel`.
#[track_caller]
fn assert_inference(what: &str, got: &Value, estimate: &Value, se: &Value, rel: f64) {
    assert_close(
        &format!("{what} estimate"),
        num(&got["estimate"]),
        num(estimate),
        rel,
    );
    assert_close(
        &format!("{what} std_error"),
        num(&got["std_error"]),
        num(&se["se"]),
        rel,
    );
    for k in 0..2 {
        assert_close(
            &format!("{what} ci[{k}]"),
            num(&got["ci"][k]),
            num(&se["ci95"][k]),
            rel,
        );
    }
    assert_close(
        &format!("{what} p_value"),
        num(&got["p_value"]),
        num(&se["p_value"]),
        rel,
    );
    assert_eq!(got["ci_level"], 0.95, "{what}");
}

// ---------------------------------------------------------------------------------------
// 1. The contract: psm against MatchIt
// ---------------------------------------------------------------------------------------

/// Matching is closed-form given the scores, but the scores come from an iterative glm fit
/// (IRLS to convergence); the brief's 1e-9 leaves room for that.
const MATCHED: f64 = 1e-9;

#[test]
fn psm_json_has_every_contract_key_and_matchit_numbers() {
    let v = sim_json("psm", &[]);
    let e = &expected_matching()["nearest_1to1"];
    assert_eq!(v["method"], "psm");
    assert_eq!(v["estimand"], "ATT");
    assert_eq!(v["outcome"], "y");
    assert_eq!(v["ci"].as_array().unwrap().len(), 2);
    assert!(v["warnings"].is_array());
    for key in [
        "treated",
        "control",
        "used_treated",
        "used_control",
        "excluded",
    ] {
        assert!(v["n"][key].is_u64(), "n.{key} in {v}");
    }
    assert_eq!(v["n"]["treated"], 657);
    assert_eq!(v["n"]["control"], 1343);
    assert_eq!(v["n"]["used_treated"], e["n_treated_matched"]);
    assert_eq!(v["n"]["used_control"], e["n_controls_used"]);
    assert_eq!(v["n"]["excluded"], 2000 - 657 - 657);
    let att = &e["att"];
    assert_inference(
        "psm 1:1",
        &v,
        &att["diff_in_weighted_means"],
        &att["cluster_subclass_HC1"],
        MATCHED,
    );
    // Balance: each covariate (and MatchIt's `distance`), before and after.
    let balance = v["balance"].as_array().unwrap();
    let names: Vec<&str> = balance
        .iter()
        .map(|b| b["covariate"].as_str().unwrap())
        .collect();
    for x in ["x1", "x2", "x3", "x4", "x5"] {
        assert!(names.contains(&x), "{x} missing from balance: {names:?}");
    }
    let smd = &e["balance"];
    for (j, name) in smd["before"]["variable"]
        .as_array()
        .unwrap()
        .iter()
        .enumerate()
    {
        // MatchIt calls the propensity score `distance`; the peer script named it `ps`.
        let name = match name.as_str().unwrap() {
            "ps" => "distance",
            n => n,
        };
        let line = balance
            .iter()
            .find(|b| b["covariate"] == name)
            .unwrap_or_else(|| panic!("no balance line for {name}"));
        for (key, when) in [("smd_before", "before"), ("smd_after", "after")] {
            assert_close(
                &format!("{key} {name}"),
                num(&line[key]),
                num(&smd[when]["std_mean_diff"][j]),
                1e-8,
            );
        }
    }
}

#[test]
fn psm_json_stdout_is_one_object_and_nothing_else() {
    let obs = reference(OBS);
    let o = indsats(&[
        "estimate",
        "psm",
        "--data",
        &obs,
        "--treatment",
        "treat",
        "--outcome",
        "y",
        "--covariates",
        COVARIATES,
        "--format",
        "json",
    ]);
    assert_eq!(o.status.code(), Some(0), "{:?}", text(&o));
    // One object and at most a trailing newline: a stream parser sees exactly one value.
    let mut values = serde_json::Deserializer::from_slice(&o.stdout).into_iter::<Value>();
    assert!(values.next().unwrap().unwrap().is_object());
    assert!(
        values.next().is_none(),
        "more than one JSON value on stdout"
    );
    assert!(o.stdout.starts_with(b"{"));
}

#[test]
fn psm_with_a_caliper_matches_matchit() {
    let v = sim_json("psm", &["--caliper", "0.1"]);
    let e = &expected_matching()["nearest_1to1_caliper01"];
    assert_eq!(v["n"]["used_treated"], 600);
    assert_eq!(v["n"]["used_control"], 600);
    assert_eq!(v["n"]["excluded"], 2000 - 1200);
    assert_close(
        "caliper_raw",
        num(&v["caliper_raw"]),
        num(&e["caliper_raw"]),
        MATCHED,
    );
    let att = &e["att"];
    assert_inference(
        "psm caliper",
        &v,
        &att["diff_in_weighted_means"],
        &att["cluster_subclass_HC1"],
        MATCHED,
    );
    // 57 treated units without a match are something the reader must be told.
    assert!(!v["warnings"].as_array().unwrap().is_empty(), "{v}");
}

#[test]
fn psm_with_replacement_matches_matchit_with_hc3() {
    let v = sim_json("psm", &["--replace"]);
    let e = &expected_matching()["nearest_1to1_replace"];
    assert_eq!(v["n"]["used_treated"], 657);
    assert_eq!(v["n"]["used_control"], e["n_controls_used"]);
    let att = &e["att"];
    assert_inference(
        "psm replace",
        &v,
        &att["diff_in_weighted_means"],
        &att["robust_HC3"],
        MATCHED,
    );
}

// ---------------------------------------------------------------------------------------
// 2. --matches
// ---------------------------------------------------------------------------------------

/// The pairs file as rows of named fields.
fn read_pairs(path: &Path) -> Vec<std::collections::HashMap<String, String>> {
    let text = std::fs::read_to_string(path).unwrap();
    let mut lines = text.lines();
    let header: Vec<String> = lines.next().unwrap().split(',').map(String::from).collect();
    lines
        .map(|l| {
            let f: Vec<&str> = l.split(',').collect();
            assert_eq!(f.len(), header.len(), "{l}");
            header
                .iter()
                .cloned()
                .zip(f.iter().map(|s| s.to_string()))
                .collect()
        })
        .collect()
}

/// (treated_row, control_row) of the peer, as spreadsheet rows (R's data row i is row i + 1).
fn expected_pairs(run: &str) -> Vec<(u64, u64)> {
    let e = expected_matching();
    let p = &e[run]["pairs"];
    let t = p["treated_row"].as_array().unwrap();
    let c = p["control_row"].as_array().unwrap();
    let mut v: Vec<(u64, u64)> = t
        .iter()
        .zip(c)
        .filter(|(_, c)| !c.is_null())
        .map(|(t, c)| (t.as_u64().unwrap() + 1, c.as_u64().unwrap() + 1))
        .collect();
    v.sort_unstable();
    v
}

fn got_pairs(rows: &[std::collections::HashMap<String, String>]) -> Vec<(u64, u64)> {
    let mut v: Vec<(u64, u64)> = rows
        .iter()
        .map(|r| {
            (
                r["treated_row"].parse().unwrap(),
                r["control_row"].parse().unwrap(),
            )
        })
        .collect();
    v.sort_unstable();
    v
}

#[test]
fn matches_file_holds_matchits_pairs_as_spreadsheet_rows() {
    let dir = tempfile::tempdir().unwrap();
    for (run, extra) in [
        ("nearest_1to1", vec![]),
        ("nearest_1to1_caliper01", vec!["--caliper", "0.1"]),
        ("nearest_1to1_replace", vec!["--replace"]),
    ] {
        let path = dir.path().join(format!("{run}.csv"));
        let p = path.to_str().unwrap();
        let mut args = vec!["--matches", p];
        args.extend(extra);
        let v = sim_json("psm", &args);
        let rows = read_pairs(&path);
        let want = expected_pairs(run);
        assert_eq!(rows.len(), want.len(), "{run}");
        assert_eq!(got_pairs(&rows), want, "{run}");
        // Without --id the id columns are there but empty.
        assert!(rows.iter().all(|r| r["treated_id"].is_empty()), "{run}");
        assert_eq!(
            v["n"]["used_treated"].as_u64().unwrap() as usize,
            rows.len()
        );
    }
}

#[test]
fn matches_file_names_the_ids_with_id() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("pairs.csv");
    sim_json("psm", &["--id", "id", "--matches", path.to_str().unwrap()]);
    let rows = read_pairs(&path);
    let e = expected_matching();
    let p = &e["nearest_1to1"]["pairs"];
    let mut want: Vec<(String, String)> = p["treated_id"]
        .as_array()
        .unwrap()
        .iter()
        .zip(p["control_id"].as_array().unwrap())
        .map(|(t, c)| (t.as_str().unwrap().into(), c.as_str().unwrap().into()))
        .collect();
    want.sort();
    let mut got: Vec<(String, String)> = rows
        .iter()
        .map(|r| (r["treated_id"].clone(), r["control_id"].clone()))
        .collect();
    got.sort();
    assert_eq!(got, want);
    // The ids agree with the rows: u0004 is data row 4, spreadsheet row 5.
    for r in &rows {
        let row: usize = r["treated_row"].parse().unwrap();
        assert_eq!(r["treated_id"], format!("u{:04}", row - 1));
    }
}

#[test]
fn exact_matching_and_clusters_on_a_covariate() {
    // MatchIt's `exact = ~x3` with x3 also in the propensity model: x3 is read once, as a
    // number, and its values are the strata.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("pairs.csv");
    let v = sim_json(
        "psm",
        &["--exact", "x3", "--matches", path.to_str().unwrap()],
    );
    let sim = crate::common::matching_sim();
    let x3 = &sim.x[2].1;
    let rows = read_pairs(&path);
    assert_eq!(rows.len() as u64, v["n"]["used_treated"].as_u64().unwrap());
    for r in &rows {
        let t: usize = r["treated_row"].parse().unwrap();
        let c: usize = r["control_row"].parse().unwrap();
        assert_eq!(x3[t - 2], x3[c - 2], "pair {t}–{c} crosses strata");
    }
    // Cluster-robust ANCOVA and IPW by a covariate's values.
    for m in ["ancova", "ipw"] {
        let v = sim_json(m, &["--cluster", "x5"]);
        assert!(
            v["std_error_method"].as_str().unwrap().contains("cluster"),
            "{m}: {v}"
        );
    }
}

#[test]
fn matches_file_rows_stay_the_files_rows_when_rows_are_left_out() {
    let dir = tempfile::tempdir().unwrap();
    let (h, mut rows) = small();
    for i in [0, 3, 4, 17, 30] {
        rows[i][col(&h, "x2")] = String::new();
    }
    let f = write_csv(dir.path(), "holes.csv", &h, &rows);
    let pairs = dir.path().join("pairs.csv");
    let v = run_json(&small_args(
        "psm",
        &f,
        &["--id", "id", "--matches", pairs.to_str().unwrap()],
    ));
    let got = read_pairs(&pairs);
    assert_eq!(got.len() as u64, v["n"]["used_treated"].as_u64().unwrap());
    for r in &got {
        for (row, id) in [("treated_row", "treated_id"), ("control_row", "control_id")] {
            let k: usize = r[row].parse().unwrap();
            // Spreadsheet row k is data row k - 2 (0-based), the header being row 1.
            assert_eq!(rows[k - 2][0], r[id], "{row} {k}");
            assert!(
                !rows[k - 2][col(&h, "x2")].is_empty(),
                "a left-out row was matched"
            );
        }
        let t: usize = r["treated_row"].parse().unwrap();
        assert_eq!(rows[t - 2][1], "1");
    }
}

// ---------------------------------------------------------------------------------------
// 3. ipw and aipw
// ---------------------------------------------------------------------------------------

/// The propensity score is refitted by IRLS; iterative fits get 1e-8.
const REFITTED: f64 = 1e-8;

#[test]
fn ipw_ate_and_att_match_r_with_hc0() {
    let e = expected_matching();
    for (estimand, key, label) in [("ate", "ipw_ate", "ATE"), ("att", "ipw_att", "ATT")] {
        let v = sim_json("ipw", &["--estimand", estimand]);
        assert_eq!(v["method"], "ipw");
        assert_eq!(v["estimand"], label);
        assert_inference(key, &v, &e[key]["estimate"], &e[key]["HC0"], REFITTED);
        assert_eq!(v["n"]["excluded"], 0);
        assert_eq!(v["balance"].as_array().unwrap().len(), 6, "{v}");
    }
    // ATE is the default.
    let v = sim_json("ipw", &[]);
    assert_eq!(v["estimand"], "ATE");
    // --se hc1 gives R's HC1.
    let v = sim_json("ipw", &["--se", "hc1"]);
    assert_inference(
        "ipw HC1",
        &v,
        &e["ipw_ate"]["estimate"],
        &e["ipw_ate"]["HC1"],
        REFITTED,
    );
}

#[test]
fn aipw_ate_and_att_match_the_influence_function_formulas() {
    let e = expected_matching();
    for (estimand, key, label) in [("ate", "aipw_ate", "ATE"), ("att", "aipw_att", "ATT")] {
        let v = sim_json("aipw", &["--estimand", estimand]);
        assert_eq!(v["method"], "aipw");
        assert_eq!(v["estimand"], label);
        assert_close(
            &format!("{key} estimate"),
            num(&v["estimate"]),
            num(&e[key]["estimate"]),
            REFITTED,
        );
        assert_close(
            &format!("{key} se"),
            num(&v["std_error"]),
            num(&e[key]["se_n"]),
            REFITTED,
        );
        let (est, se) = (num(&v["estimate"]), num(&v["std_error"]));
        let ci = [num(&v["ci"][0]), num(&v["ci"][1])];
        assert!(ci[0] < est && est < ci[1] && se > 0.0, "{v}");
        assert!(num(&v["p_value"]) < 1e-10, "{v}");
    }
}

// ---------------------------------------------------------------------------------------
// 4. prepost
// ---------------------------------------------------------------------------------------

#[test]
fn prepost_matches_r_t_test_wilcox_test_and_effect_sizes() {
    let paired = reference("effect_sizes_sim/paired.csv");
    let v = run_json(&[
        "estimate",
        "prepost",
        "--data",
        &paired,
        "--baseline",
        "pre",
        "--outcome",
        "post",
        "--format",
        "json",
    ]);
    let all: Value =
        serde_json::from_str(include_str!("reference/effect_sizes_sim/expected.json")).unwrap();
    let e = &all["paired"];
    let tol = crate::tolerance::CLOSED_FORM;
    assert_eq!(v["method"], "prepost");
    assert_eq!(v["outcome"], "post");
    assert_eq!(v["n"]["treated"], 40);
    assert_eq!(v["n"]["used_treated"], 40);
    assert_eq!(v["n"]["excluded"], 0);
    assert_close(
        "mean change",
        num(&v["estimate"]),
        num(&e["mean_diff"]),
        tol,
    );
    assert_close(
        "p (paired t)",
        num(&v["p_value"]),
        num(&e["paired_t"]["p_value"]),
        tol,
    );
    for k in 0..2 {
        assert_close("ci", num(&v["ci"][k]), num(&e["paired_t"]["ci95"][k]), tol);
    }
    assert_close(
        "d_z",
        num(&v["effect_sizes"]["d_z"]),
        num(&e["cohens_d_z"]),
        tol,
    );
    assert_close(
        "d_av",
        num(&v["effect_sizes"]["d_av"]),
        num(&e["cohens_d_av"]),
        tol,
    );
    let w = &e["wilcoxon_signed_rank"];
    assert_close("V", num(&v["wilcoxon"]["statistic"]), num(&w["V"]), tol);
    assert_close(
        "wilcoxon p",
        num(&v["wilcoxon"]["p_value"]),
        num(&w["p_value"]),
        tol,
    );
}

// ---------------------------------------------------------------------------------------
// 5. Determinism
// ---------------------------------------------------------------------------------------

fn bootstrap_run(seed: &str) -> Vec<u8> {
    let obs = reference(OBS);
    let o = indsats(&[
        "estimate",
        "ipw",
        "--data",
        &obs,
        "--treatment",
        "treat",
        "--outcome",
        "y",
        "--covariates",
        COVARIATES,
        "--bootstrap",
        "50",
        "--seed",
        seed,
        "--format",
        "json",
    ]);
    assert_eq!(o.status.code(), Some(0), "{:?}", text(&o));
    o.stdout
}

#[test]
fn bootstrap_with_a_seed_is_byte_identical_and_another_seed_differs() {
    let a = bootstrap_run("7");
    let b = bootstrap_run("7");
    assert!(a == b, "two runs with --seed 7 differ");
    let c = bootstrap_run("8");
    let va: Value = serde_json::from_slice(&a).unwrap();
    let vc: Value = serde_json::from_slice(&c).unwrap();
    let boot = &va["bootstrap"];
    for key in [
        "estimate",
        "replicates",
        "failed",
        "seed",
        "std_error",
        "percentile_ci",
        "normal_ci",
        "ci_level",
        "bias",
    ] {
        assert!(!boot[key].is_null(), "bootstrap.{key} missing in {boot}");
    }
    assert_eq!(boot["replicates"], 50);
    assert_eq!(boot["seed"], 7);
    assert_eq!(boot["percentile_ci"].as_array().unwrap().len(), 2);
    assert_eq!(boot["estimate"], va["estimate"]);
    assert_ne!(va["bootstrap"], vc["bootstrap"]);
    // The analytic result does not depend on the seed.
    assert_eq!(va["estimate"], vc["estimate"]);
    assert_eq!(va["std_error"], vc["std_error"]);
    let lo = num(&boot["percentile_ci"][0]);
    let hi = num(&boot["percentile_ci"][1]);
    let est = num(&va["estimate"]);
    assert!(lo < est && est < hi, "{boot}");
}

#[test]
fn prepost_bootstrap_is_deterministic() {
    let paired = reference("effect_sizes_sim/paired.csv");
    let run = |seed: &str| {
        run_json(&[
            "estimate",
            "prepost",
            "--data",
            &paired,
            "--baseline",
            "pre",
            "--outcome",
            "post",
            "--bootstrap",
            "50",
            "--seed",
            seed,
            "--format",
            "json",
        ])
    };
    let (a, b, c) = (run("7"), run("7"), run("9"));
    assert_eq!(a, b);
    assert_ne!(a["bootstrap"], c["bootstrap"]);
    assert_eq!(a["bootstrap"]["failed"], 0);
}

// ---------------------------------------------------------------------------------------
// 6. Bad input: a clear error, nothing lost
// ---------------------------------------------------------------------------------------

/// A small observational data set that every method can use: 60 rows, about a third
/// treated, overlapping covariates. Returns the header and rows as text cells.
fn small() -> (Vec<String>, Vec<Vec<String>>) {
    let header: Vec<String> = ["id", "treat", "x1", "x2", "y"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    let rows = (0..60u32)
        .map(|i| {
            let x1 = f64::from((i * 37) % 17) / 4.0 - 2.0;
            let x2 = f64::from((i * 13) % 11) - 5.0;
            // Treatment depends on x1 but not deterministically.
            let treat = u32::from((i * 7 + (x1 * 2.0) as u32 % 5) % 3 == 0);
            let y = 1.0 + 0.5 * x1 + 0.2 * x2 + 1.5 * f64::from(treat) + f64::from(i % 5) * 0.3;
            vec![
                format!("k{i:03}"),
                treat.to_string(),
                format!("{x1}"),
                format!("{x2}"),
                format!("{y:.3}"),
            ]
        })
        .collect();
    (header, rows)
}

fn write_csv(dir: &Path, name: &str, header: &[String], rows: &[Vec<String>]) -> String {
    let mut s = header.join(",");
    s.push('\n');
    for r in rows {
        s.push_str(&r.join(","));
        s.push('\n');
    }
    let path = dir.join(name);
    std::fs::write(&path, s).unwrap();
    path.to_string_lossy().into_owned()
}

fn col(header: &[String], name: &str) -> usize {
    header.iter().position(|h| h == name).unwrap()
}

/// `estimate METHOD --data FILE --treatment treat --outcome y --covariates x1,x2` + extra.
fn small_args<'a>(method: &'a str, file: &'a str, extra: &[&'a str]) -> Vec<&'a str> {
    let mut a = vec![
        "estimate",
        method,
        "--data",
        file,
        "--treatment",
        "treat",
        "--outcome",
        "y",
        "--format",
        "json",
    ];
    if method != "risk" {
        a.extend(["--covariates", "x1,x2"]);
    }
    a.extend_from_slice(extra);
    a
}

#[test]
fn the_small_data_set_works_for_every_method() {
    let dir = tempfile::tempdir().unwrap();
    let (h, rows) = small();
    let f = write_csv(dir.path(), "ok.csv", &h, &rows);
    let treated = rows.iter().filter(|r| r[1] == "1").count();
    assert!((15..=30).contains(&treated), "{treated} treated");
    for m in ["ancova", "psm", "ipw", "aipw"] {
        let v = run_json(&small_args(m, &f, &[]));
        assert_eq!(v["method"], m);
        assert_eq!(v["n"]["treated"].as_u64().unwrap() as usize, treated);
        assert_eq!(v["n"]["control"].as_u64().unwrap() as usize, 60 - treated);
    }
}

#[test]
fn a_word_in_a_covariate_names_file_row_and_column() {
    let dir = tempfile::tempdir().unwrap();
    let (h, mut rows) = small();
    rows[3][col(&h, "x2")] = "mange".into();
    let f = write_csv(dir.path(), "words.csv", &h, &rows);
    for m in ["psm", "ipw", "ancova"] {
        let err = run_fail(&small_args(m, &f, &[]), 1);
        // Data row 4 is spreadsheet row 5.
        assert!(
            err.contains("words.csv") && err.contains("row 5") && err.contains("\"x2\""),
            "{err}"
        );
        assert!(err.contains("mange"), "the offending value is shown: {err}");
    }
}

#[test]
fn a_missing_covariate_column_is_named_with_the_columns_there_are() {
    let dir = tempfile::tempdir().unwrap();
    let (h, rows) = small();
    let f = write_csv(dir.path(), "d.csv", &h, &rows);
    let err = run_fail(
        &[
            "estimate",
            "ipw",
            "--data",
            &f,
            "--treatment",
            "treat",
            "--outcome",
            "y",
            "--covariates",
            "x1,alder",
        ],
        1,
    );
    assert!(err.contains("\"alder\""), "{err}");
    assert!(err.contains("id, treat, x1, x2, y"), "{err}");
}

#[test]
fn empty_cells_leave_rows_out_counted_and_named() {
    let dir = tempfile::tempdir().unwrap();
    let (h, mut rows) = small();
    let full = write_csv(dir.path(), "full.csv", &h, &rows);
    rows[2][col(&h, "x1")] = String::new();
    rows[10][col(&h, "x1")] = "NA".into();
    rows[20][col(&h, "y")] = String::new();
    let f = write_csv(dir.path(), "holes.csv", &h, &rows);
    for m in ["ancova", "ipw", "aipw", "psm"] {
        let whole = run_json(&small_args(m, &full, &[]));
        let v = run_json(&small_args(m, &f, &[]));
        let n = &v["n"];
        let given = n["treated"].as_u64().unwrap() + n["control"].as_u64().unwrap();
        assert_eq!(given, 57, "{m}: {n}");
        let unused =
            given - n["used_treated"].as_u64().unwrap() - n["used_control"].as_u64().unwrap();
        assert_eq!(n["excluded"].as_u64().unwrap(), 3 + unused, "{m}: {n}");
        if m != "psm" {
            // Every unit given is used: the 3 rows with holes are all that is left out.
            assert_eq!(n["excluded"], 3, "{m}: {n}");
            assert_eq!(whole["n"]["excluded"], 0, "{m}");
        }
        let warnings: Vec<&str> = v["warnings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|w| w.as_str().unwrap())
            .collect();
        assert!(
            warnings
                .iter()
                .any(|w| w.contains("2 rows") && w.contains("\"x1\"")),
            "{m}: {warnings:?}"
        );
        assert!(
            warnings
                .iter()
                .any(|w| w.contains("1 rows") && w.contains("\"y\"")),
            "{m}: {warnings:?}"
        );
    }
}

#[test]
fn one_group_only_is_a_clear_error_not_a_panic() {
    let dir = tempfile::tempdir().unwrap();
    let (h, mut rows) = small();
    for r in &mut rows {
        r[1] = "1".into();
    }
    let ones = write_csv(dir.path(), "ones.csv", &h, &rows);
    for r in &mut rows {
        r[1] = "0".into();
    }
    let zeros = write_csv(dir.path(), "zeros.csv", &h, &rows);
    for f in [&ones, &zeros] {
        for m in ["ancova", "risk", "psm", "ipw", "aipw"] {
            let err = run_fail(&small_args(m, f, &[]), 1);
            assert!(
                err.contains("treated") && err.contains("comparison"),
                "{m}: {err}"
            );
            // The file and the column are named.
            assert!(err.contains(".csv: column \"treat\""), "{m}: {err}");
        }
    }
}

#[test]
fn a_covariate_that_separates_the_groups_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let (mut h, mut rows) = small();
    h.push("visiteret".into());
    for (i, r) in rows.iter_mut().enumerate() {
        let v = if r[1] == "1" { 10 + i % 3 } else { i % 3 };
        r.push(v.to_string());
    }
    let f = write_csv(dir.path(), "sep.csv", &h, &rows);
    for m in ["psm", "ipw", "aipw"] {
        let mut a = small_args(m, &f, &[]);
        let k = a.iter().position(|s| *s == "x1,x2").unwrap();
        a[k] = "x1,visiteret,x2";
        let err = run_fail(&a, 1);
        assert!(err.contains("visiteret"), "{m}: {err}");
        assert!(err.contains("separat"), "{m}: {err}");
    }
}

#[test]
fn a_constant_covariate_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let (mut h, mut rows) = small();
    h.push("kommune".into());
    for r in &mut rows {
        r.push("101".into());
    }
    let f = write_csv(dir.path(), "const.csv", &h, &rows);
    for m in ["psm", "ipw", "aipw", "ancova"] {
        let mut a = small_args(m, &f, &[]);
        let k = a.iter().position(|s| *s == "x1,x2").unwrap();
        a[k] = "x1,x2,kommune";
        let err = run_fail(&a, 1);
        assert!(err.contains("kommune"), "{m}: {err}");
    }
}

#[test]
fn a_caliper_nothing_fits_in_says_to_widen_it() {
    let dir = tempfile::tempdir().unwrap();
    let (h, rows) = small();
    let f = write_csv(dir.path(), "d.csv", &h, &rows);
    let err = run_fail(&small_args("psm", &f, &["--caliper", "1e-12"]), 1);
    assert!(err.contains("caliper") && err.contains("widen"), "{err}");
}

#[test]
fn cpr_like_ids_are_refused_and_never_printed() {
    let dir = tempfile::tempdir().unwrap();
    for (k, cpr) in ["0101901234", "010190-1234"].iter().enumerate() {
        let (h, mut rows) = small();
        rows[6][0] = cpr.to_string();
        let f = write_csv(dir.path(), &format!("ids{k}.csv"), &h, &rows);
        let pairs = dir.path().join(format!("pairs{k}.csv"));
        for m in ["psm", "ipw"] {
            let mut a = small_args(m, &f, &["--id", "id"]);
            if m == "psm" {
                a.extend(["--matches", pairs.to_str().unwrap()]);
            }
            let o = indsats(&a);
            let (out, err) = text(&o);
            assert_eq!(o.status.code(), Some(1), "{m} {cpr}: {out}{err}");
            assert!(err.contains("CPR") && err.contains("\"id\""), "{err}");
            assert!(err.contains("row 8"), "{err}");
            for s in [&out, &err] {
                assert!(!s.contains("010190") && !s.contains("1234"), "{s}");
            }
            assert!(!pairs.exists(), "a pairs file was written");
        }
    }
}

#[test]
fn cpr_like_values_anywhere_in_the_file_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    // In a number column: "0101901234" would otherwise be read as the number 101901234.
    let (h, mut rows) = small();
    rows[6][col(&h, "x1")] = "0101901234".into();
    let f = write_csv(dir.path(), "num.csv", &h, &rows);
    let err = run_fail(&small_args("ipw", &f, &[]), 1);
    assert!(
        err.contains("CPR") && err.contains("\"x1\"") && err.contains("row 8"),
        "{err}"
    );
    assert!(
        !err.contains("0101901234") && !err.contains("101901234"),
        "{err}"
    );
    // In a column the analysis does not use.
    let (mut h, mut rows) = small();
    h.push("cpr".into());
    for r in &mut rows {
        r.push("010190-1234".into());
    }
    let f = write_csv(dir.path(), "unused.csv", &h, &rows);
    let err = run_fail(&small_args("ancova", &f, &[]), 1);
    assert!(err.contains("CPR") && err.contains("\"cpr\""), "{err}");
    assert!(!err.contains("010190"), "{err}");
}

#[test]
fn pseudonymise_turns_cpr_like_ids_into_pseudonyms_in_the_pairs_file() {
    let dir = tempfile::tempdir().unwrap();
    let (h, mut rows) = small();
    // Synthetic numbers: valid dates, made-up sequence digits.
    for (i, r) in rows.iter_mut().enumerate() {
        r[0] = format!("{:02}0190-{:04}", i % 28 + 1, 1000 + i);
    }
    let f = write_csv(dir.path(), "cpr.csv", &h, &rows);
    let key = dir.path().join("key.txt");
    std::fs::write(&key, "a synthetic key of enough length\n").unwrap();
    let pairs = dir.path().join("pairs.csv");
    let v = run_json(&small_args(
        "psm",
        &f,
        &[
            "--id",
            "id",
            "--pseudonymise",
            key.to_str().unwrap(),
            "--matches",
            pairs.to_str().unwrap(),
        ],
    ));
    let text = std::fs::read_to_string(&pairs).unwrap();
    assert!(!text.contains("0190-"), "{text}");
    for r in read_pairs(&pairs) {
        for k in ["treated_id", "control_id"] {
            let id = &r[k];
            assert!(id.len() == 17 && id.starts_with('p'), "{id}");
        }
    }
    let warnings = v["warnings"].to_string();
    assert!(warnings.contains("pseudonymised"), "{warnings}");
}

#[test]
fn flags_that_do_not_apply_are_usage_errors() {
    let dir = tempfile::tempdir().unwrap();
    let (h, rows) = small();
    let f = write_csv(dir.path(), "d.csv", &h, &rows);
    let cases: Vec<(&str, Vec<&str>)> = vec![
        ("ipw", vec!["--caliper", "0.1"]),
        ("aipw", vec!["--replace"]),
        ("ipw", vec!["--matches", "p.csv"]),
        ("ancova", vec!["--trim", "0.05"]),
        ("psm", vec!["--trim", "0.05"]),
        ("aipw", vec!["--stabilise"]),
        ("psm", vec!["--estimand", "ate"]),
        ("ancova", vec!["--estimand", "att"]),
        ("psm", vec!["--cluster", "id"]),
        ("ipw", vec!["--trim", "0.05", "--truncate", "0.99"]),
        ("psm", vec!["--ratio", "0"]),
        ("ipw", vec!["--bootstrap", "1"]),
        // Out of range: the estimators' own checks, asked before reading any data.
        ("ancova", vec!["--ci-level", "1.5"]),
        ("ipw", vec!["--trim", "0.7"]),
        ("aipw", vec!["--trim", "0"]),
        ("ipw", vec!["--truncate", "1.5"]),
        ("aipw", vec!["--truncate", "0.99"]),
        ("psm", vec!["--caliper=-1"]),
        ("psm", vec!["--caliper", "inf"]),
        // A column in two parts, or twice.
        ("ancova", vec!["--baseline", "y"]),
        ("ipw", vec!["--covariates", "x1,treat"]),
        ("ipw", vec!["--covariates", "x1,y"]),
        ("psm", vec!["--covariates", "x1,x2,x1"]),
        // Risk is unadjusted.
        ("risk", vec!["--baseline", "x1"]),
        ("risk", vec!["--covariates", "x1"]),
    ];
    for (m, extra) in cases {
        let mut a = small_args(m, &f, &extra);
        // A case's own --covariates stands alone (clap would add it to x1,x2).
        if let Some(k) = a.iter().position(|s| *s == "x1,x2") {
            if extra.contains(&"--covariates") {
                a.drain(k - 1..=k);
            }
        }
        let err = run_fail(&a, 2);
        assert!(err.starts_with("indsats: error: "), "{m} {extra:?}: {err}");
    }
    // prepost needs a baseline, and has no treatment or covariates (read, they would only
    // drop rows); psm needs a treatment and covariates.
    run_fail(&["estimate", "prepost", "--data", &f, "--outcome", "y"], 2);
    for extra in [["--treatment", "treat"], ["--covariates", "x2"]] {
        let mut a = vec![
            "estimate",
            "prepost",
            "--data",
            &f,
            "--baseline",
            "x1",
            "--outcome",
            "y",
        ];
        a.extend(extra);
        let err = run_fail(&a, 2);
        assert!(err.contains(extra[0]) && err.contains("prepost"), "{err}");
    }
    run_fail(
        &[
            "estimate",
            "psm",
            "--data",
            &f,
            "--outcome",
            "y",
            "--covariates",
            "x1",
        ],
        2,
    );
    run_fail(
        &[
            "estimate",
            "psm",
            "--data",
            &f,
            "--treatment",
            "treat",
            "--outcome",
            "y",
        ],
        2,
    );
    // No such method.
    run_fail(&["estimate", "magic", "--data", &f, "--outcome", "y"], 2);
}

#[test]
fn an_exact_fit_gives_no_p_value_not_a_panic() {
    let dir = tempfile::tempdir().unwrap();
    let (mut h, mut rows) = small();
    // The baseline is a copy of the outcome: ANCOVA fits exactly, t = 0/0.
    h.push("y_start".into());
    for r in &mut rows {
        let y = r[4].clone();
        r.push(y);
    }
    let f = write_csv(dir.path(), "copy.csv", &h, &rows);
    let v = run_json(&small_args("ancova", &f, &["--baseline", "y_start"]));
    assert!(v["p_value"].is_null() || v["p_value"].is_number(), "{v}");
    // A constant outcome: the AIPW outcome models fit exactly.
    for r in &mut rows {
        r[4] = "3".into();
    }
    let f = write_csv(dir.path(), "flat.csv", &h, &rows);
    for m in ["ancova", "ipw", "aipw"] {
        let v = run_json(&small_args(m, &f, &[]));
        assert!(num(&v["estimate"]).abs() < 1e-12, "{m}: {v}");
    }
    let err = run_fail(&small_args("psm", &f, &[]), 1);
    assert!(err.contains("every matched row"), "{err}");
}

#[test]
fn danish_csv_with_semicolons_and_decimal_commas_gives_the_same_numbers() {
    let dir = tempfile::tempdir().unwrap();
    let (h, rows) = small();
    let f = write_csv(dir.path(), "en.csv", &h, &rows);
    let mut s = h.join(";");
    s.push('\n');
    for r in &rows {
        let cells: Vec<String> = r.iter().map(|c| c.replace('.', ",")).collect();
        s.push_str(&cells.join(";"));
        s.push('\n');
    }
    let da = dir.path().join("da.csv");
    std::fs::write(&da, s).unwrap();
    let da = da.to_string_lossy().into_owned();
    for m in ["ancova", "psm", "ipw", "aipw"] {
        let a = run_json(&small_args(m, &f, &[]));
        let b = run_json(&small_args(m, &da, &[]));
        for key in ["estimate", "std_error", "ci", "p_value", "n", "balance"] {
            assert_eq!(a[key], b[key], "{m} {key}");
        }
    }
}

// ---------------------------------------------------------------------------------------
// 7. Formats
// ---------------------------------------------------------------------------------------

#[test]
fn csv_format_is_a_header_and_one_line() {
    let dir = tempfile::tempdir().unwrap();
    let (h, rows) = small();
    let f = write_csv(dir.path(), "d.csv", &h, &rows);
    let mut a = small_args("ipw", &f, &[]);
    let k = a.iter().position(|s| *s == "json").unwrap();
    a[k] = "csv";
    let o = indsats(&a);
    let (out, err) = text(&o);
    assert_eq!(o.status.code(), Some(0), "{err}");
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 2, "{out}");
    assert!(
        lines[0].starts_with("method,estimand,outcome,estimate,std_error"),
        "{out}"
    );
    let head: Vec<&str> = lines[0].split(',').collect();
    let row: Vec<&str> = lines[1].split(',').collect();
    assert_eq!(head.len(), row.len(), "{out}");
    assert_eq!(&row[..3], ["ipw", "ATE", "y"]);
    let json = run_json(&small_args("ipw", &f, &[]));
    let est: f64 = row[col_str(&head, "estimate")].parse().unwrap();
    assert_eq!(est, num(&json["estimate"]), "CSV keeps full precision");
}

fn col_str(header: &[&str], name: &str) -> usize {
    header.iter().position(|h| *h == name).unwrap()
}

#[test]
fn table_format_is_danish_by_default_and_english_on_request() {
    let obs = reference(OBS);
    let base = [
        "estimate",
        "psm",
        "--data",
        &obs,
        "--treatment",
        "treat",
        "--outcome",
        "y",
        "--covariates",
        COVARIATES,
    ];
    let o = indsats(&base);
    let (da, err) = text(&o);
    assert_eq!(o.status.code(), Some(0), "{err}");
    assert!(da.contains("Effekt"), "{da}");
    // 1.8919560… as 1,892
    assert!(da.contains("1,892"), "{da}");
    assert!(!da.contains("1.892"), "{da}");
    assert_no_nan(&da);
    let mut en_args = base.to_vec();
    en_args.extend(["--lang", "en"]);
    let o = indsats(&en_args);
    let (en, _) = text(&o);
    assert_eq!(o.status.code(), Some(0));
    assert!(en.contains("Effect") && en.contains("1.892"), "{en}");
    assert!(!en.contains("Effekt"), "{en}");
}

#[test]
fn out_writes_the_file_and_leaves_stdout_empty() {
    let dir = tempfile::tempdir().unwrap();
    let (h, rows) = small();
    let f = write_csv(dir.path(), "d.csv", &h, &rows);
    let out = dir.path().join("sub/result.json");
    let o = indsats(&small_args("aipw", &f, &["--out", out.to_str().unwrap()]));
    assert_eq!(o.status.code(), Some(0), "{:?}", text(&o));
    assert!(o.stdout.is_empty());
    let v: Value = serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    assert_eq!(v["method"], "aipw");
}

// ---------------------------------------------------------------------------------------
// 8. No NaN, ever
// ---------------------------------------------------------------------------------------

#[test]
fn degenerate_results_are_null_never_nan() {
    let dir = tempfile::tempdir().unwrap();
    // Every change is exactly +2: the SD of the changes is 0, so t, d_z and the signed-rank
    // z do not exist.
    let same = dir.path().join("same.csv");
    std::fs::write(&same, "pre,post\n1,3\n2,4\n5,7\n4,6\n").unwrap();
    // A single pair: nothing but the mean change exists.
    let one = dir.path().join("one.csv");
    std::fs::write(&one, "pre,post\n1,3\n").unwrap();
    for f in [&same, &one] {
        for fmt in ["json", "csv", "table"] {
            let o = indsats(&[
                "estimate",
                "prepost",
                "--data",
                f.to_str().unwrap(),
                "--baseline",
                "pre",
                "--outcome",
                "post",
                "--format",
                fmt,
            ]);
            let (out, err) = text(&o);
            assert!(!err.contains("panicked"), "{err}");
            if o.status.code() == Some(0) {
                assert_no_nan(&out);
                if fmt == "json" {
                    let v: Value = serde_json::from_str(&out).unwrap();
                    assert_eq!(num(&v["estimate"]), 2.0);
                }
            } else {
                assert_eq!(o.status.code(), Some(1), "{out}{err}");
            }
        }
    }
    // Every method on the small and the reference data.
    let (h, rows) = small();
    let f = write_csv(dir.path(), "d.csv", &h, &rows);
    for m in ["ancova", "psm", "ipw", "aipw"] {
        for extra in [vec![], vec!["--bootstrap", "20"]] {
            run_json(&small_args(m, &f, &extra));
        }
    }
    // risk with a yes/no outcome where one group never has the event: ratios undefined.
    let mut s = String::from("treat,event\n");
    for i in 0..20 {
        s.push_str(&format!(
            "{},{}\n",
            i % 2,
            u8::from(i % 2 == 1 && i % 3 == 0)
        ));
    }
    let risk = dir.path().join("risk.csv");
    std::fs::write(&risk, s).unwrap();
    let o = indsats(&[
        "estimate",
        "risk",
        "--data",
        risk.to_str().unwrap(),
        "--treatment",
        "treat",
        "--outcome",
        "event",
        "--format",
        "json",
    ]);
    let (out, err) = text(&o);
    assert!(!err.contains("panicked"), "{err}");
    assert_no_nan(&out);
}
