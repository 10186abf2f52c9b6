//! Economics: the business case (Hørsholm) and the cohort scenario (Housing First) against
//! the municipal documents' own figures, hand cases, and `indsats economics` as a process.

use crate::common::{indsats, numbers, text};
use crate::tolerance::{assert_close, CLOSED_FORM};
use indsats::economics::{
    BusinessCase, BusinessYear, Scenario, SensitivityInput, MINISTRY_OF_FINANCE_DISCOUNT_RATE,
};
use serde_json::Value;

fn seed(name: &str) -> Value {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/reference/seeds")
        .join(name);
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn ints(v: &Value) -> Vec<i32> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|x| x.as_i64().unwrap() as i32)
        .collect()
}

/// The Hørsholm inputs as business-case years.
fn hoersholm_years(s: &Value) -> Vec<BusinessYear> {
    let years = ints(&s["years"]);
    let grant = numbers(&s["external_grant"]);
    let own = numbers(&s["municipal_investment"]);
    let savings = numbers(&s["gross_savings"]);
    (0..years.len())
        .map(|i| BusinessYear {
            year: years[i],
            investment: own[i],
            external_funding: grant[i],
            gross_savings: savings[i],
        })
        .collect()
}

fn y(year: i32, investment: f64, gross_savings: f64) -> BusinessYear {
    BusinessYear {
        year,
        investment,
        external_funding: 0.0,
        gross_savings,
    }
}

#[test]
fn hoersholm_business_case_reproduces_the_strategy_table() {
    let s = seed("hoersholm_business_case.json");
    let fit = BusinessCase::new()
        .extend_years(5)
        .fit(&hoersholm_years(&s))
        .unwrap();
    // Sums and differences of whole kroner: exact.
    assert_eq!(fit.years, ints(&s["years"]));
    assert_eq!(fit.total_expenditure, numbers(&s["total_expenditure"]));
    assert_eq!(fit.net, numbers(&s["net_municipal"]));
    assert_eq!(fit.cumulative_net, numbers(&s["cumulative_net"]));
    assert_eq!(fit.discount_rate, MINISTRY_OF_FINANCE_DISCOUNT_RATE);
    assert_close(
        "npv at 3.5 %, base 2018",
        fit.npv,
        s["npv_of_net_gain_at_3_5pct_base_2018"].as_f64().unwrap(),
        CLOSED_FORM,
    );
    let ext = fit.extension.as_ref().unwrap();
    let want = &s["extension"];
    assert_eq!(ext.years, ints(&want["years"]));
    assert_eq!(ext.net, numbers(&want["net"]));
    assert_eq!(ext.cumulative_net, numbers(&want["cumulative_net"]));
    assert_eq!(
        fit.break_even_year,
        Some(want["break_even_year"].as_i64().unwrap() as i32)
    );
    assert!(fit.warnings.is_empty(), "{:?}", fit.warnings);
}

#[test]
fn hoersholm_without_continuing_never_breaks_even() {
    let s = seed("hoersholm_business_case.json");
    let fit = BusinessCase::new().fit(&hoersholm_years(&s)).unwrap();
    assert_eq!(fit.break_even_year, None);
    assert!(fit.extension.is_none());
    assert_eq!(fit.warnings.len(), 1, "{:?}", fit.warnings);
    // Too few continued years: still none.
    let short = BusinessCase::new()
        .extend_years(1)
        .fit(&hoersholm_years(&s))
        .unwrap();
    assert_eq!(short.break_even_year, None);
}

#[test]
fn a_rate_of_zero_gives_the_plain_sum_of_savings_less_investment() {
    let years = [
        y(2020, 500.0, 10.0),
        y(2021, 300.0, 200.0),
        y(2022, 0.0, 700.0),
    ];
    let fit = BusinessCase::new().discount_rate(0.0).fit(&years).unwrap();
    assert_eq!(fit.npv, (10.0 - 500.0) + (200.0 - 300.0) + (700.0 - 0.0));
    assert_eq!(fit.cumulative_net, vec![490.0, 590.0, -110.0]);
    assert_eq!(fit.break_even_year, Some(2022));
}

#[test]
fn the_first_year_is_undiscounted_and_later_years_are() {
    let years = [y(2030, 100.0, 0.0), y(2031, 0.0, 110.0)];
    let fit = BusinessCase::new().discount_rate(0.10).fit(&years).unwrap();
    assert_close("npv", fit.npv, 0.0 + -100.0 + 110.0 / 1.1, CLOSED_FORM);
    assert!(fit.npv.abs() < 1e-9);
}

#[test]
fn savings_that_never_catch_up_give_no_break_even_year() {
    let years = [y(2020, 100.0, 10.0), y(2021, 100.0, 20.0)];
    let fit = BusinessCase::new().extend_years(50).fit(&years).unwrap();
    assert_eq!(fit.break_even_year, None);
    assert_eq!(fit.extension.as_ref().unwrap().years.len(), 52);
    assert!(fit
        .warnings
        .iter()
        .any(|w| w.contains("does not break even")));
}

#[test]
fn breaking_even_in_a_given_year_ignores_the_extension() {
    let years = [y(2020, 100.0, 150.0), y(2021, 100.0, 0.0)];
    let fit = BusinessCase::new().extend_years(3).fit(&years).unwrap();
    assert_eq!(fit.break_even_year, Some(2020));
}

#[test]
fn a_negative_saving_is_a_loss_with_a_warning() {
    let years = [y(2020, 100.0, -50.0)];
    let fit = BusinessCase::new().fit(&years).unwrap();
    assert_eq!(fit.net, vec![150.0]);
    assert!(
        fit.warnings.iter().any(|w| w.contains("a loss")),
        "{:?}",
        fit.warnings
    );
}

#[test]
fn sensitivity_scales_each_input_and_orders_by_range() {
    let years = [
        y(2020, 1000.0, 0.0),
        y(2021, 0.0, 600.0),
        y(2022, 0.0, 600.0),
    ];
    let case = BusinessCase::new().discount_rate(0.05).sensitivity(0.2);
    let fit = case.fit(&years).unwrap();
    assert_eq!(fit.sensitivity.len(), 3);
    let get = |a: SensitivityInput| fit.sensitivity.iter().find(|s| s.assumption == a).unwrap();
    let inv = get(SensitivityInput::Investment);
    assert_close(
        "investment −20 %",
        inv.npv_low_input,
        fit.npv + 200.0,
        CLOSED_FORM,
    );
    assert_close(
        "investment +20 %",
        inv.npv_high_input,
        fit.npv - 200.0,
        CLOSED_FORM,
    );
    let sav = get(SensitivityInput::GrossSavings);
    let pv_savings = 600.0 / 1.05 + 600.0 / 1.05f64.powi(2);
    assert_close(
        "savings +20 %",
        sav.npv_high_input,
        fit.npv + 0.2 * pv_savings,
        CLOSED_FORM,
    );
    let rate = get(SensitivityInput::DiscountRate);
    let at = |r: f64| -1000.0 + 600.0 / (1.0 + r) + 600.0 / (1.0 + r).powi(2);
    assert_close("rate 4 %", rate.npv_low_input, at(0.04), CLOSED_FORM);
    assert_close("rate 6 %", rate.npv_high_input, at(0.06), CLOSED_FORM);
    for w in fit.sensitivity.windows(2) {
        assert!(w[0].npv_max - w[0].npv_min >= w[1].npv_max - w[1].npv_min);
    }
    assert!(BusinessCase::new()
        .sensitivity(0.0)
        .fit(&years)
        .unwrap()
        .sensitivity
        .is_empty());
}

#[test]
fn bad_business_cases_are_refused() {
    assert!(BusinessCase::new().fit(&[]).is_err());
    let e = BusinessCase::new()
        .fit(&[y(2021, 1.0, 0.0), y(2020, 1.0, 0.0)])
        .unwrap_err();
    assert!(e.to_string().contains("2020 follows 2021"), "{e}");
    assert!(BusinessCase::new().discount_rate(-1.0).check().is_err());
    assert!(BusinessCase::new().discount_rate(f64::NAN).check().is_err());
    assert!(BusinessCase::new().sensitivity(1.0).check().is_err());
    assert!(BusinessCase::new()
        .fit(&[y(2020, f64::INFINITY, 0.0)])
        .is_err());
}

#[test]
fn housing_first_scenario_reproduces_the_savings() {
    let s = seed("housing_first_scenario.json");
    let m = &s["model"];
    let groups = m["groups"].as_u64().unwrap() as usize;
    let per_group = m["per_group"].as_f64().unwrap();
    let fit = Scenario::new(numbers(&m["annual_cost_by_group"]), vec![per_group; groups])
        .share_moved_down(0.20)
        .relapse(0.10)
        .migration(0.06)
        .horizon(5)
        .fit()
        .unwrap();
    let want = numbers(&s["expected"]["saving_by_year"]);
    assert_eq!(fit.saving.len(), want.len());
    // The document prints kroner to two decimals (øre): compare at that rounding.
    for (t, (got, want)) in fit.saving.iter().zip(&want).enumerate() {
        assert_eq!(
            (got * 100.0).round() / 100.0,
            *want,
            "year {}: {got}",
            t + 1
        );
    }
    let total = s["expected"]["total_5_years"].as_f64().unwrap();
    assert_eq!(
        (fit.total_saving * 100.0).round() / 100.0,
        total,
        "{}",
        fit.total_saving
    );
    // Years 1 and 2 are whole kroner: exact.
    assert_eq!(fit.saving[..2], [1_348_000.0, 1_140_408.0]);
    assert_eq!(fit.successes[0], 16.0);
    assert_eq!(fit.participants[0], 100.0);
    for t in 0..5 {
        assert_close(
            "cost with + saving",
            fit.cost_with[t] + fit.saving[t],
            fit.cost_without[t],
            CLOSED_FORM,
        );
    }
}

#[test]
fn a_scenario_with_nobody_moved_saves_nothing() {
    let fit = Scenario::new(vec![1.0, 2.0, 3.0], vec![5.0, 5.0, 5.0])
        .migration(0.5)
        .fit()
        .unwrap();
    assert!(fit.saving.iter().all(|s| *s == 0.0));
    assert_eq!(fit.cost_without, vec![30.0, 15.0, 7.5, 3.75, 1.875]);
}

#[test]
fn bad_scenarios_are_refused() {
    assert!(Scenario::new(vec![], vec![]).fit().is_err());
    assert!(Scenario::new(vec![1.0], vec![1.0, 2.0]).fit().is_err());
    assert!(Scenario::new(vec![1.0], vec![-1.0]).fit().is_err());
    assert!(Scenario::new(vec![1.0], vec![1.0])
        .relapse(1.5)
        .fit()
        .is_err());
    assert!(Scenario::new(vec![1.0], vec![1.0])
        .horizon(0)
        .fit()
        .is_err());
    let w = Scenario::new(vec![5.0, 1.0], vec![1.0, 1.0]).fit().unwrap();
    assert_eq!(w.warnings.len(), 1);
}

/// Writes `body` as `name` in a fresh temp dir; returns the dir (kept alive) and the path.
fn csv_file(name: &str, body: &str) -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(name);
    std::fs::write(&path, body).unwrap();
    (dir, path.to_string_lossy().into_owned())
}

/// The Hørsholm inputs as a municipality would export them from Excel (`;`-separated).
fn hoersholm_csv() -> String {
    let s = seed("hoersholm_business_case.json");
    let mut body = String::from("year;investment;external_funding;gross_savings\n");
    for y in hoersholm_years(&s) {
        body.push_str(&format!(
            "{};{};{};{}\n",
            y.year, y.investment, y.external_funding, y.gross_savings
        ));
    }
    body
}

#[test]
fn cli_business_case_json_reproduces_hoersholm() {
    let s = seed("hoersholm_business_case.json");
    let (_dir, path) = csv_file("hoersholm.csv", &hoersholm_csv());
    let out = indsats(&[
        "economics",
        "business-case",
        "--data",
        &path,
        "--discount-rate",
        "0.035",
        "--extend-years",
        "5",
        "--format",
        "json",
    ]);
    let (stdout, stderr) = text(&out);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    let j: Value = serde_json::from_str(&stdout).expect("one JSON object");
    assert_eq!(ints(&j["years"]), ints(&s["years"]));
    assert_eq!(
        numbers(&j["total_expenditure"]),
        numbers(&s["total_expenditure"])
    );
    assert_eq!(numbers(&j["net"]), numbers(&s["net_municipal"]));
    assert_eq!(numbers(&j["cumulative_net"]), numbers(&s["cumulative_net"]));
    assert_close(
        "npv",
        j["npv"].as_f64().unwrap(),
        s["npv_of_net_gain_at_3_5pct_base_2018"].as_f64().unwrap(),
        CLOSED_FORM,
    );
    assert_eq!(j["break_even_year"], s["extension"]["break_even_year"]);
    assert_eq!(j["warnings"], serde_json::json!([]));
    assert_eq!(j["sensitivity"].as_array().unwrap().len(), 3);
    assert_eq!(j["n"]["years"], 4);
}

#[test]
fn cli_business_case_that_never_breaks_even_gives_null() {
    let (_dir, path) = csv_file("h.csv", &hoersholm_csv());
    let out = indsats(&[
        "economics",
        "business-case",
        "--data",
        &path,
        "--discount-rate",
        "0",
        "--format",
        "json",
    ]);
    let (stdout, stderr) = text(&out);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    let j: Value = serde_json::from_str(&stdout).unwrap();
    assert!(j["break_even_year"].is_null());
    assert_eq!(j["npv"].as_f64().unwrap(), -1_880_000.0);
    assert_eq!(j["warnings"].as_array().unwrap().len(), 1);
}

#[test]
fn cli_business_case_table_and_csv() {
    let (dir, path) = csv_file("h.csv", &hoersholm_csv());
    let out = indsats(&[
        "economics",
        "business-case",
        "--data",
        &path,
        "--extend-years",
        "5",
    ]);
    let (stdout, stderr) = text(&out);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(stdout.contains("-1.904.313"), "{stdout}");
    assert!(stdout.contains("3,5 %"), "{stdout}");
    assert!(stdout.contains("2023"), "{stdout}");
    let csv = dir.path().join("out.csv");
    let out = indsats(&[
        "economics",
        "business-case",
        "--data",
        &path,
        "--format",
        "csv",
        "--out",
        csv.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out).1);
    let written = std::fs::read_to_string(csv).unwrap();
    let lines: Vec<&str> = written.lines().collect();
    assert_eq!(lines.len(), 5);
    assert!(lines[0].starts_with("year,continued,investment"));
    assert_eq!(
        lines[4],
        "2021,0,2055000,0,3000000,2055000,-945000,1880000,852335.8568562812"
    );
}

#[test]
fn cli_business_case_names_the_bad_cell() {
    let body = "year,investment,external_funding,gross_savings\n2020,100,0,0\n2021,abc,0,50\n";
    let (_dir, path) = csv_file("bad.csv", body);
    let out = indsats(&[
        "economics",
        "business-case",
        "--data",
        &path,
        "--format",
        "json",
    ]);
    let (stdout, stderr) = text(&out);
    assert_eq!(out.status.code(), Some(1));
    assert!(stdout.is_empty());
    assert!(
        stderr.contains("bad.csv") && stderr.contains("row 3") && stderr.contains("investment"),
        "{stderr}"
    );

    let body = "year,investment,external_funding,gross_savings\n2020,100,,0\n";
    let (_dir2, path) = csv_file("empty.csv", body);
    let out = indsats(&["economics", "business-case", "--data", &path]);
    let stderr = text(&out).1;
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr.contains("row 2") && stderr.contains("external_funding"),
        "{stderr}"
    );

    let body = "year,investment,external_funding,gross_savings\n2021,100,0,0\n2020,100,0,0\n";
    let (_dir3, path) = csv_file("order.csv", body);
    let out = indsats(&["economics", "business-case", "--data", &path]);
    let stderr = text(&out).1;
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr.contains("row 3") && stderr.contains("\"year\""),
        "{stderr}"
    );

    let body = "year,investment,gross_savings\n2020,100,0\n";
    let (_dir4, path) = csv_file("missing.csv", body);
    let out = indsats(&["economics", "business-case", "--data", &path]);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out).1.contains("external_funding"));
}

#[test]
fn cli_business_case_warns_about_a_loss_and_refuses_a_bad_rate() {
    let body = "year,investment,external_funding,gross_savings\n2020,100,0,-20\n";
    let (_dir, path) = csv_file("loss.csv", body);
    let out = indsats(&[
        "economics",
        "business-case",
        "--data",
        &path,
        "--format",
        "json",
    ]);
    assert_eq!(out.status.code(), Some(0));
    let j: Value = serde_json::from_str(&text(&out).0).unwrap();
    assert!(
        j["warnings"].to_string().contains("a loss"),
        "{}",
        j["warnings"]
    );
    assert_eq!(numbers(&j["net"]), vec![120.0]);

    let out = indsats(&[
        "economics",
        "business-case",
        "--data",
        &path,
        "--discount-rate",
        "-2",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out).1.contains("discount-rate"));
}
