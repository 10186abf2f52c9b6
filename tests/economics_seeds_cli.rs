//! `indsats economics scenario`, `rate-card` and `concentration` as processes: each
//! reproduces its municipal seed (Housing First, Aarhus, the quoted cost shares) from files
//! an evaluator would write, in JSON, table and CSV, and names the place of bad input.

use crate::common::{indsats, numbers, text};
use crate::tolerance::{assert_close, CLOSED_FORM};
use serde_json::Value;

fn seed(name: &str) -> Value {
    let path = format!(
        "{}/tests/reference/seeds/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn run(args: &[&str]) -> (Option<i32>, String, String) {
    let out = indsats(args);
    let (o, e) = text(&out);
    (out.status.code(), o, e)
}

/// Files in a temp dir kept alive by the returned guard.
struct Files {
    dir: tempfile::TempDir,
}

impl Files {
    fn new() -> Files {
        Files {
            dir: tempfile::tempdir().unwrap(),
        }
    }
    fn write(&self, name: &str, body: &str) -> String {
        let p = self.dir.path().join(name);
        std::fs::write(&p, body).unwrap();
        p.to_string_lossy().into_owned()
    }
}

// ---- scenario ----

const HOUSING_FIRST: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/economics/housing_first.toml"
);

#[test]
fn cli_scenario_reproduces_housing_first() {
    let s = seed("housing_first_scenario.json");
    let (code, out, err) = run(&[
        "economics",
        "scenario",
        "--config",
        HOUSING_FIRST,
        "--format",
        "json",
    ]);
    assert_eq!(code, Some(0), "{err}");
    let j: Value = serde_json::from_str(&out).unwrap();
    // The fixture holds the seed's inputs.
    let costs: Vec<f64> = j["states"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["annual_cost"].as_f64().unwrap())
        .collect();
    assert_eq!(costs, numbers(&s["model"]["annual_cost_by_group"]));
    assert_eq!(j["n"]["people"], 100.0);
    assert_eq!(j["n"]["states"], 5);
    // The document prints kroner to two decimals: compare at that rounding.
    let want = numbers(&s["expected"]["saving_by_year"]);
    let got = numbers(&j["saving"]);
    assert_eq!(got.len(), 5);
    for (g, w) in got.iter().zip(&want) {
        assert_eq!((g * 100.0).round() / 100.0, *w, "{g}");
    }
    let total = j["total_saving"].as_f64().unwrap();
    assert_eq!(
        (total * 100.0).round() / 100.0,
        s["expected"]["total_5_years"].as_f64().unwrap()
    );
    assert_eq!(j["warnings"], serde_json::json!([]));
    for t in 0..5 {
        assert_close(
            "with + saving",
            j["cost_with"][t].as_f64().unwrap() + got[t],
            j["cost_without"][t].as_f64().unwrap(),
            CLOSED_FORM,
        );
    }
}

#[test]
fn cli_scenario_table_and_csv_in_both_languages() {
    let (code, da, _) = run(&["economics", "scenario", "--config", HOUSING_FIRST]);
    assert_eq!(code, Some(0));
    assert!(da.contains("Besparelse over 5 år: 4.959.914 kr."), "{da}");
    assert!(da.contains("1.348.000"), "{da}");
    let (_, en, _) = run(&[
        "economics",
        "scenario",
        "--config",
        HOUSING_FIRST,
        "--lang",
        "en",
    ]);
    assert!(en.contains("Saving over 5 years: 4,959,914 kr."), "{en}");
    let (_, csv, _) = run(&[
        "economics",
        "scenario",
        "--config",
        HOUSING_FIRST,
        "--format",
        "csv",
    ]);
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(
        lines[0],
        "year,participants,successes,cost_without,cost_with,saving"
    );
    assert_eq!(lines[1], "1,100,16,8300000,6952000,1348000");
    assert_eq!(lines.len(), 7);
    assert!(lines[6].starts_with("total,,,,,4959913.6"));
}

#[test]
fn cli_scenario_bad_config_names_the_line_and_key() {
    let f = Files::new();
    let base = std::fs::read_to_string(HOUSING_FIRST).unwrap();
    let pct = f.write(
        "pct.toml",
        &base.replace("moved_down = 0.20", "moved_down = 20"),
    );
    let (code, _, err) = run(&["economics", "scenario", "--config", &pct]);
    assert_eq!(code, Some(1));
    assert!(
        err.contains("pct.toml") && err.contains("line 6") && err.contains("moved_down"),
        "{err}"
    );
    assert!(err.contains("write 0.2"), "{err}");
    let unknown = f.write("unknown.toml", &base.replace("relapse =", "relaps ="));
    let (code, _, err) = run(&["economics", "scenario", "--config", &unknown]);
    assert_eq!(code, Some(1));
    assert!(err.contains("relaps") && err.contains("line 7"), "{err}");
    let neg = f.write(
        "neg.toml",
        &base.replace(
            "people = 20\n\n[[states]]\nname = \"Gruppe 2\"",
            "people = -1\n\n[[states]]\nname = \"Gruppe 2\"",
        ),
    );
    let (code, _, err) = run(&["economics", "scenario", "--config", &neg]);
    assert_eq!(code, Some(1));
    assert!(
        err.contains("state 1") && err.contains("Gruppe 1") && err.contains("-1"),
        "{err}"
    );
    let none = f.write("none.toml", "horizon = 5\nmoved_down = 0.2\nstates = []\n");
    let (code, _, err) = run(&["economics", "scenario", "--config", &none]);
    assert_eq!(code, Some(1));
    assert!(err.contains("no [[states]]"), "{err}");
    let (code, _, err) = run(&["economics", "scenario", "--config", "/no/such.toml"]);
    assert_eq!(code, Some(1), "{err}");
}

// ---- rate card ----

/// The Aarhus card as a wide CSV and the example cohort as long rows, from the seed.
fn aarhus_files(f: &Files) -> (String, String) {
    let s = seed("aarhus_rate_card.json");
    let months = numbers(&s["milestones_months"]);
    let mut card = String::from("outcome");
    for m in &months {
        card.push_str(&format!(";{m} mdr."));
    }
    card.push('\n');
    for (name, pay) in s["outcomes"].as_object().unwrap() {
        card.push_str(name);
        for p in numbers(pay) {
            card.push_str(&format!(";{p}"));
        }
        card.push('\n');
    }
    let mut data = String::from("person_id;outcome;milestone\n");
    for p in s["example_cohort"].as_array().unwrap() {
        let id = p["id"].as_str().unwrap();
        let achieved = p["achieved"].as_object().unwrap();
        if achieved.is_empty() {
            data.push_str(&format!("{id};;\n"));
        }
        for (o, ms) in achieved {
            for m in numbers(ms) {
                data.push_str(&format!("{id};{o};{m}\n"));
            }
        }
    }
    (f.write("card.csv", &card), f.write("achieved.csv", &data))
}

#[test]
fn cli_rate_card_reproduces_aarhus() {
    let s = seed("aarhus_rate_card.json");
    let f = Files::new();
    let (card, data) = aarhus_files(&f);
    let (code, out, err) = run(&[
        "economics",
        "rate-card",
        "--data",
        &data,
        "--card",
        &card,
        "--format",
        "json",
    ]);
    assert_eq!(code, Some(0), "{err}");
    let j: Value = serde_json::from_str(&out).unwrap();
    let want = s["expected"]["payment_by_participant"].as_object().unwrap();
    let got = j["by_participant"].as_array().unwrap();
    assert_eq!(got.len(), want.len());
    for p in got {
        let id = p["id"].as_str().unwrap();
        assert_eq!(p["total"].as_f64(), want[id].as_f64(), "{id}");
    }
    assert_eq!(j["total"].as_f64(), s["expected"]["total"].as_f64());
    assert_eq!(j["n"]["participants"], 4);
    assert_eq!(j["n"]["milestones_achieved"], 15);
    assert_eq!(j["warnings"], serde_json::json!([]));
    assert_eq!(
        numbers(&j["milestones_months"]),
        numbers(&s["milestones_months"])
    );
    // By milestone and by outcome add up to the total.
    let by_m: f64 = numbers(&j["by_milestone"]).iter().sum();
    assert_eq!(by_m, 307_500.0);
    // C achieved nothing: paid 0 (not -0).
    assert!(out.contains("\"total\": 0.0"), "{out}");
    let (_, table, _) = run(&["economics", "rate-card", "--data", &data, "--card", &card]);
    assert!(
        table.contains("I alt: 307.500 kr.") && table.contains("157.500"),
        "{table}"
    );
    let (_, en, _) = run(&[
        "economics",
        "rate-card",
        "--data",
        &data,
        "--card",
        &card,
        "--lang",
        "en",
    ]);
    assert!(en.contains("Total: 307,500 kr."), "{en}");
    let (_, csv, _) = run(&[
        "economics",
        "rate-card",
        "--data",
        &data,
        "--card",
        &card,
        "--format",
        "csv",
    ]);
    assert!(csv.starts_with("participant,outcome,payment\n"));
    assert!(
        csv.contains("A,total,157500\n") && csv.contains("C,total,0\n"),
        "{csv}"
    );
}

#[test]
fn cli_rate_card_bad_input_names_file_row_and_column() {
    let f = Files::new();
    let (card, _) = aarhus_files(&f);
    let cases = [
        (
            "person_id,outcome,milestone\nA,employment,6\nB,housing,6\n",
            "row 3",
            "housing",
        ),
        (
            "person_id,outcome,milestone\nA,employment,7\n",
            "row 2",
            "\"milestone\"",
        ),
        (
            "person_id,outcome,milestone\nA,employment,6\nA,employment,6\n",
            "row 3",
            "row 2",
        ),
        (
            "person_id,outcome,milestone\nA,employment,\n",
            "row 2",
            "empty",
        ),
        (
            "person_id,outcome,milestone\n,employment,6\n",
            "row 2",
            "\"person_id\"",
        ),
    ];
    for (i, (body, place, what)) in cases.iter().enumerate() {
        let data = f.write(&format!("bad{i}.csv"), body);
        let (code, _, err) = run(&["economics", "rate-card", "--data", &data, "--card", &card]);
        assert_eq!(code, Some(1), "{body}");
        assert!(
            err.contains(&format!("bad{i}.csv")) && err.contains(place) && err.contains(what),
            "{body}: {err}"
        );
    }
    let data = f.write("ok.csv", "person_id,outcome,milestone\nA,employment,6\n");
    let bad_card = f.write("card2.csv", "outcome,6,12\nemployment,100,abc\n");
    let (code, _, err) = run(&[
        "economics",
        "rate-card",
        "--data",
        &data,
        "--card",
        &bad_card,
    ]);
    assert_eq!(code, Some(1));
    assert!(
        err.contains("card2.csv")
            && err.contains("row 2")
            && err.contains("\"12\"")
            && err.contains("abc"),
        "{err}"
    );
    let bad_header = f.write("card3.csv", "outcome,six months\nemployment,100\n");
    let (code, _, err) = run(&[
        "economics",
        "rate-card",
        "--data",
        &data,
        "--card",
        &bad_header,
    ]);
    assert_eq!(code, Some(1));
    assert!(err.contains("six months"), "{err}");
    let (code, _, err) = run(&[
        "economics",
        "rate-card",
        "--data",
        &data,
        "--card",
        &card,
        "--id",
        "deltager",
    ]);
    assert_eq!(code, Some(1));
    assert!(err.contains("deltager"), "{err}");
}

// ---- concentration ----

/// 100 persons whose costliest 1, 5, 10 bear 30 %, 65 %, 85 % (the Frikommune network's
/// figures in the seed), as in tests/economics_tables.rs.
fn frikommune_costs() -> Vec<f64> {
    let mut x = vec![15.0 / 90.0 * 1000.0; 90];
    x.extend([4000.0; 5]);
    x.extend([8750.0; 4]);
    x.push(30_000.0);
    x
}

fn check_frikommune(j: &Value) {
    let s = seed("cost_concentration.json");
    let net = &s["observed"]["frikommune_network_2014"];
    for (i, key) in ["top_1pct_share", "top_5pct_share", "top_10pct_share"]
        .iter()
        .enumerate()
    {
        assert_close(
            key,
            j["top_shares"][i]["share"].as_f64().unwrap(),
            net[key].as_f64().unwrap(),
            1e-9,
        );
    }
    assert_eq!(j["n"]["persons"], 100);
    let lorenz = j["lorenz"].as_array().unwrap();
    assert_eq!(lorenz.len(), 101);
    assert_eq!(lorenz[100]["cost_share"], 1.0);
}

#[test]
fn cli_concentration_reproduces_the_quoted_shares_from_costs_per_person() {
    let f = Files::new();
    let mut body = String::from("borger,aarsudgift\n");
    for (i, c) in frikommune_costs().iter().enumerate() {
        body.push_str(&format!("B{i:03},{c}\n"));
    }
    let data = f.write("persons.csv", &body);
    let (code, out, err) = run(&[
        "economics",
        "concentration",
        "--data",
        &data,
        "--amount",
        "aarsudgift",
        "--format",
        "json",
    ]);
    assert_eq!(code, Some(0), "{err}");
    let j: Value = serde_json::from_str(&out).unwrap();
    check_frikommune(&j);
    assert_eq!(j["warnings"], serde_json::json!([]));
    // Gini by its formula on the sorted costs.
    let mut x = frikommune_costs();
    x.sort_by(f64::total_cmp);
    let n = x.len() as f64;
    let total: f64 = x.iter().sum();
    let w: f64 = x.iter().enumerate().map(|(i, v)| (i + 1) as f64 * v).sum();
    assert_close(
        "gini",
        j["gini"].as_f64().unwrap(),
        2.0 * w / (n * total) - (n + 1.0) / n,
        CLOSED_FORM,
    );
    let (_, table, _) = run(&[
        "economics",
        "concentration",
        "--data",
        &data,
        "--amount",
        "aarsudgift",
    ]);
    assert!(
        table.contains("30,0 % af udgifterne") && table.contains("Gini-koefficient"),
        "{table}"
    );
    let (_, en, _) = run(&[
        "economics",
        "concentration",
        "--data",
        &data,
        "--amount",
        "aarsudgift",
        "--lang",
        "en",
    ]);
    assert!(en.contains("30.0 % of the cost"), "{en}");
    let (_, csv, _) = run(&[
        "economics",
        "concentration",
        "--data",
        &data,
        "--amount",
        "aarsudgift",
        "--format",
        "csv",
    ]);
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines[0], "kind,population_share,cost_share");
    assert!(lines[1].starts_with("top,0.01,0.3"), "{}", lines[1]);
    assert!(lines[4].starts_with("gini,,"));
    assert_eq!(lines.len(), 1 + 3 + 1 + 101);
}

#[test]
fn cli_concentration_adds_the_ledger_up_per_person_within_a_year() {
    // Each person's cost split over months of 2023, with 2022 rows and rows without a
    // person that must not count.
    let f = Files::new();
    let mut body = String::from("month,measure,person_id,amount\n");
    for (i, c) in frikommune_costs().iter().enumerate() {
        body.push_str(&format!("2023-01,plejefamilie,P{i:03},{}\n", c / 4.0));
        body.push_str(&format!("2023-07,plejefamilie,P{i:03},{}\n", c * 3.0 / 4.0));
        body.push_str(&format!(
            "2022-12,plejefamilie,P{i:03},{}\n",
            1000.0 * (i % 7) as f64
        ));
    }
    body.push_str("2023-03,administration,,5000\n");
    let data = f.write("costs.csv", &body);
    let (code, out, err) = run(&[
        "economics",
        "concentration",
        "--data",
        &data,
        "--from-ledger",
        "--year",
        "2023",
        "--format",
        "json",
    ]);
    assert_eq!(code, Some(0), "{err}");
    let j: Value = serde_json::from_str(&out).unwrap();
    check_frikommune(&j);
    assert_eq!(j["n"]["rows"], 301);
    assert_eq!(j["n"]["rows_excluded"], 101);
    let w = j["warnings"].to_string();
    assert!(
        w.contains("100 ledger rows outside 2023") && w.contains("5000.00 kr. not attributed"),
        "{w}"
    );
}

#[test]
fn cli_concentration_bad_input_names_file_row_and_column() {
    let f = Files::new();
    let neg = f.write("neg.csv", "cost\n10\n-5\n");
    let (code, _, err) = run(&[
        "economics",
        "concentration",
        "--data",
        &neg,
        "--amount",
        "cost",
    ]);
    assert_eq!(code, Some(1));
    assert!(
        err.contains("neg.csv")
            && err.contains("row 3")
            && err.contains("\"cost\"")
            && err.contains("-5"),
        "{err}"
    );
    let text = f.write("text.csv", "cost\n10\nmange\n");
    let (code, _, err) = run(&[
        "economics",
        "concentration",
        "--data",
        &text,
        "--amount",
        "cost",
    ]);
    assert_eq!(code, Some(1));
    assert!(err.contains("row 3") && err.contains("mange"), "{err}");
    let refund = f.write("refund.csv", "id,cost\nA,10\nB,5\nB,-8\n");
    let (code, _, err) = run(&[
        "economics",
        "concentration",
        "--data",
        &refund,
        "--amount",
        "cost",
        "--id",
        "id",
    ]);
    assert_eq!(code, Some(1));
    assert!(
        err.contains("\"B\"") && err.contains("negative total"),
        "{err}"
    );
    let zero = f.write("zero.csv", "cost\n0\n0\n");
    let (code, _, err) = run(&[
        "economics",
        "concentration",
        "--data",
        &zero,
        "--amount",
        "cost",
    ]);
    assert_eq!(code, Some(1));
    assert!(err.contains("zero"), "{err}");
    let (code, _, _) = run(&["economics", "concentration", "--data", &zero]);
    assert_eq!(code, Some(2));
    let (code, _, _) = run(&[
        "economics",
        "concentration",
        "--data",
        &zero,
        "--amount",
        "cost",
        "--top",
        "1.5",
    ]);
    assert_eq!(code, Some(2));
    let (code, _, err) = run(&[
        "economics",
        "concentration",
        "--data",
        &zero,
        "--amount",
        "beloeb",
    ]);
    assert_eq!(code, Some(1));
    assert!(err.contains("beloeb"), "{err}");
}

#[test]
fn cli_rate_card_and_concentration_refuse_cpr_like_ids() {
    let f = Files::new();
    let (card, _) = aarhus_files(&f);
    let data = f.write(
        "cpr.csv",
        "person_id,outcome,milestone\n0102031234,employment,6\n",
    );
    let (code, out, err) = run(&["economics", "rate-card", "--data", &data, "--card", &card]);
    assert_eq!(code, Some(1), "{err}");
    assert!(
        !out.contains("0102031234") && !err.contains("0102031234"),
        "{err}"
    );
    assert!(err.contains("person_id"), "{err}");
    let costs = f.write("cpr_costs.csv", "id,cost\n0102031234,10\n0203041234,5\n");
    let (code, _, err) = run(&[
        "economics",
        "concentration",
        "--data",
        &costs,
        "--amount",
        "cost",
        "--id",
        "id",
    ]);
    assert_eq!(code, Some(1), "{err}");
    assert!(!err.contains("0102031234"), "{err}");
}
