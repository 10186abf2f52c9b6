//! Spending projections: linear, log-linear and per-child trends against R's `lm` and
//! `predict.lm` (tests/reference/projection_r), the hand-worked three-year case, the
//! warnings and the errors; `indsats economics projection` as a process.

use crate::common::{indsats, text};
use crate::tolerance::{assert_close, CLOSED_FORM};
use indsats::economics::{
    yearly_totals, BackTransform, Projection, ProjectionFit, ProjectionModel, YearTotal,
};
use serde_json::Value;
use std::collections::BTreeMap;

const DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/reference/projection_r");

/// A CSV with a header as rows of name → text.
fn csv(name: &str) -> Vec<BTreeMap<String, String>> {
    let body = std::fs::read_to_string(format!("{DIR}/{name}")).unwrap();
    let mut lines = body.lines();
    let head: Vec<String> = lines
        .next()
        .unwrap()
        .split(',')
        .map(|h| h.trim_matches('"').to_string())
        .collect();
    lines
        .map(|l| {
            head.iter()
                .cloned()
                .zip(l.split(',').map(|v| v.trim().trim_matches('"').to_string()))
                .collect()
        })
        .collect()
}

fn num(row: &BTreeMap<String, String>, key: &str) -> f64 {
    row[key].parse().unwrap()
}

/// The reference input: yearly spending and children, 2015–2024.
fn yearly() -> Vec<YearTotal> {
    csv("yearly.csv")
        .iter()
        .map(|r| YearTotal {
            year: num(r, "year") as i32,
            amount: num(r, "amount"),
            months: None,
            children: Some(num(r, "children")),
        })
        .collect()
}

fn coefficients(case: &str) -> BTreeMap<String, String> {
    csv("coefficients.csv")
        .into_iter()
        .find(|r| r["case"] == case)
        .unwrap()
}

/// Compares every year of a fit (observed and projected) against R's rows for the case.
fn check_against_r(fit: &ProjectionFit, case: &str, level: f64, observed_too: bool) {
    let rows: Vec<_> = csv("predictions.csv")
        .into_iter()
        .filter(|r| r["case"] == case && (num(r, "level") - level).abs() < 1e-12)
        .collect();
    let ours: Vec<_> = if observed_too {
        fit.fitted.iter().chain(&fit.projections).collect()
    } else {
        fit.projections.iter().collect()
    };
    assert_eq!(ours.len(), rows.len(), "{case}: years");
    for (p, r) in ours.iter().zip(&rows) {
        assert_eq!(p.year, num(r, "year") as i32);
        let what = |q: &str| format!("{case} {level} {} {q}", p.year);
        assert_close(&what("fit"), p.band.fit, num(r, "fit"), CLOSED_FORM);
        assert_close(
            &what("ci lower"),
            p.band.ci[0],
            num(r, "ci_lower"),
            CLOSED_FORM,
        );
        assert_close(
            &what("ci upper"),
            p.band.ci[1],
            num(r, "ci_upper"),
            CLOSED_FORM,
        );
        assert_close(
            &what("pi lower"),
            p.band.pi[0],
            num(r, "pi_lower"),
            CLOSED_FORM,
        );
        assert_close(
            &what("pi upper"),
            p.band.pi[1],
            num(r, "pi_upper"),
            CLOSED_FORM,
        );
    }
    let c = coefficients(case);
    assert_close(
        "intercept",
        fit.intercept,
        num(&c, "intercept"),
        CLOSED_FORM,
    );
    assert_close("slope", fit.slope, num(&c, "slope"), CLOSED_FORM);
    assert_close(
        "slope se",
        fit.slope_std_error,
        num(&c, "slope_se"),
        CLOSED_FORM,
    );
    assert_close("sigma", fit.sigma, num(&c, "sigma"), CLOSED_FORM);
    assert_close(
        "r squared",
        fit.r_squared,
        num(&c, "r_squared"),
        CLOSED_FORM,
    );
    assert_eq!(fit.df, num(&c, "df") as usize);
}

#[test]
fn linear_trend_matches_predict_lm_at_both_levels() {
    for level in [0.95, 0.80] {
        let fit = Projection::new(ProjectionModel::Linear)
            .target_year(2030)
            .level(level)
            .fit(&yearly())
            .unwrap();
        check_against_r(&fit, "linear", level, true);
        assert_eq!(fit.warnings, Vec::<String>::new());
        assert_eq!((fit.n.years, fit.n.used, fit.n.excluded), (10, 10, 0));
        assert_eq!(fit.back_transform, None);
    }
}

#[test]
fn log_linear_trend_matches_exponentiated_predict_lm() {
    for level in [0.95, 0.80] {
        let fit = Projection::new(ProjectionModel::LogLinear)
            .target_year(2030)
            .level(level)
            .fit(&yearly())
            .unwrap();
        check_against_r(&fit, "log_linear", level, true);
        assert_eq!(fit.back_transform, Some(BackTransform::Median));
        assert_close(
            "annual growth",
            fit.annual_change,
            fit.slope.exp() - 1.0,
            CLOSED_FORM,
        );
    }
}

#[test]
fn log_linear_means_match_the_lognormal_and_smearing_corrections() {
    let means = csv("log_linear_means.csv");
    for (b, key) in [
        (BackTransform::MeanLognormal, "mean_lognormal"),
        (BackTransform::MeanSmearing, "smearing"),
    ] {
        let fit = Projection::new(ProjectionModel::LogLinear)
            .target_year(2030)
            .back_transform(b)
            .fit(&yearly())
            .unwrap();
        assert_eq!(fit.projections.len(), means.len());
        for (p, r) in fit.projections.iter().zip(&means) {
            assert_eq!(p.year, num(r, "year") as i32);
            assert_close(key, p.band.fit, num(r, key), CLOSED_FORM);
            // The intervals stay the median-scale ones, and the mean is above the median.
            assert!(p.band.fit > (p.band.ci[0] * p.band.ci[1]).sqrt());
        }
    }
}

#[test]
fn spending_per_child_matches_r_and_multiplies_by_the_given_population() {
    let future = BTreeMap::from([(2026, 10_500.0), (2030, 10_600.0)]);
    let fit = Projection::new(ProjectionModel::Linear)
        .target_year(2030)
        .per_child(true)
        .future_children(future)
        .fit(&yearly())
        .unwrap();
    check_against_r(&fit, "per_child_linear", 0.95, false);
    assert!(fit.per_child);
    let p2026 = &fit.projections[1];
    let total = p2026.total.expect("children given for 2026");
    assert_eq!(p2026.children, Some(10_500.0));
    assert_close("total", total.fit, p2026.band.fit * 10_500.0, CLOSED_FORM);
    assert_close(
        "total pi",
        total.pi[1],
        p2026.band.pi[1] * 10_500.0,
        CLOSED_FORM,
    );
    assert!(
        fit.projections[0].total.is_none(),
        "no children given for 2025"
    );
}

#[test]
fn three_years_by_hand() {
    // y = 10, 14, 15 in 2020–2022: b = 2.5, fit(2023) = 18, σ² = 1.5 on 1 df,
    // se_mean² = 1.5 (1/3 + 2²/2) = 3.5, se_new² = 5, t = tan(0.475π) (Cauchy quantile).
    // R (fitting on raw years) agrees to 2e-12 relative: PI −10.411937526135787 to 46.411937526137606.
    let years: Vec<YearTotal> = [(2020, 10.0), (2021, 14.0), (2022, 15.0)]
        .iter()
        .map(|&(year, amount)| YearTotal {
            year,
            amount,
            months: None,
            children: None,
        })
        .collect();
    let fit = Projection::new(ProjectionModel::Linear)
        .target_year(2023)
        .fit(&years)
        .unwrap();
    let p = &fit.projections[0];
    let t = (0.475 * std::f64::consts::PI).tan();
    assert_eq!(p.band.fit, 18.0);
    assert_close("slope", fit.slope, 2.5, CLOSED_FORM);
    assert_close("sigma", fit.sigma, 1.5f64.sqrt(), CLOSED_FORM);
    assert_close(
        "pi lower",
        p.band.pi[0],
        18.0 - t * 5f64.sqrt(),
        CLOSED_FORM,
    );
    assert_close(
        "pi upper",
        p.band.pi[1],
        18.0 + t * 5f64.sqrt(),
        CLOSED_FORM,
    );
    assert_close(
        "ci lower",
        p.band.ci[0],
        18.0 - t * 3.5f64.sqrt(),
        CLOSED_FORM,
    );
    assert_close(
        "ci upper",
        p.band.ci[1],
        18.0 + t * 3.5f64.sqrt(),
        CLOSED_FORM,
    );
    assert_close("pi lower (R)", p.band.pi[0], -10.411937526135787, 1e-11);
    assert_eq!(fit.df, 1);
    // Three years are allowed, with a warning.
    assert!(fit.warnings.iter().any(|w| w.contains("only 3 years")));
}

#[test]
fn an_exact_exponential_is_recovered_by_the_log_linear_trend() {
    let years: Vec<YearTotal> = (0..6)
        .map(|i| YearTotal {
            year: 2018 + i,
            amount: 1000.0 * 1.05f64.powi(i),
            months: None,
            children: None,
        })
        .collect();
    let fit = Projection::new(ProjectionModel::LogLinear)
        .target_year(2026)
        .fit(&years)
        .unwrap();
    assert_close("growth", fit.annual_change, 0.05, 1e-12);
    let last = fit.projections.last().unwrap();
    assert_close("2026", last.band.fit, 1000.0 * 1.05f64.powi(8), 1e-12);
    assert_eq!(fit.r_squared, 1.0);
}

fn months_of(
    year: i32,
    months: std::ops::RangeInclusive<u32>,
    amount: f64,
) -> Vec<(i32, u32, f64)> {
    months.map(|m| (year, m, amount)).collect()
}

#[test]
fn an_incomplete_last_year_of_months_is_left_out_with_a_warning() {
    let mut rows = Vec::new();
    for (i, y) in (2018..=2022).enumerate() {
        rows.extend(months_of(y, 1..=12, 100.0 + i as f64));
    }
    rows.extend(months_of(2023, 1..=4, 110.0));
    let totals = yearly_totals(&rows).unwrap();
    assert_eq!(totals.last().unwrap().months, Some(4));
    let fit = Projection::new(ProjectionModel::Linear)
        .fit(&totals)
        .unwrap();
    assert_eq!((fit.n.years, fit.n.used, fit.n.excluded), (6, 5, 1));
    assert_eq!(fit.excluded[0].year, 2023);
    assert!(
        fit.warnings[0].contains("4 of 12 months"),
        "{:?}",
        fit.warnings
    );
    // The default target is 5 years after the last year used.
    assert_eq!(fit.projections.first().unwrap().year, 2023);
    assert_eq!(fit.projections.last().unwrap().year, 2027);
    assert_close("slope", fit.slope, 12.0, CLOSED_FORM);
}

#[test]
fn far_extrapolation_and_gaps_are_warned_about() {
    let years: Vec<YearTotal> = [(2019, 10.0), (2020, 12.0), (2022, 13.0), (2023, 16.0)]
        .iter()
        .map(|&(year, amount)| YearTotal {
            year,
            amount,
            months: None,
            children: None,
        })
        .collect();
    let fit = Projection::new(ProjectionModel::Linear)
        .target_year(2032)
        .fit(&years)
        .unwrap();
    let all = fit.warnings.join(" | ");
    assert!(all.contains("only 4 years"), "{all}");
    assert!(all.contains("no data for 2021"), "{all}");
    assert!(all.contains("9 years beyond the data"), "{all}");
    // Up to twice the span (4 years) there is no such warning.
    let near = Projection::new(ProjectionModel::Linear)
        .target_year(2031)
        .fit(&years)
        .unwrap();
    assert!(!near.warnings.join(" ").contains("beyond the data"));
}

fn plain(pairs: &[(i32, f64)]) -> Vec<YearTotal> {
    pairs
        .iter()
        .map(|&(year, amount)| YearTotal {
            year,
            amount,
            months: None,
            children: None,
        })
        .collect()
}

#[test]
fn bad_projections_are_refused_with_the_reason() {
    let lin = Projection::new(ProjectionModel::Linear);
    let two = plain(&[(2020, 1.0), (2021, 2.0)]);
    let m = lin.fit(&two).unwrap_err().to_string();
    assert!(
        m.contains("at least 3 years") && m.contains("found 2"),
        "{m}"
    );
    let with_zero = plain(&[(2020, 1.0), (2021, 0.0), (2022, 2.0)]);
    let m = Projection::new(ProjectionModel::LogLinear)
        .fit(&with_zero)
        .unwrap_err()
        .to_string();
    assert!(m.contains("year 2021") && m.contains("not positive"), "{m}");
    let twice = plain(&[(2020, 1.0), (2020, 2.0), (2022, 2.0)]);
    assert!(lin
        .fit(&twice)
        .unwrap_err()
        .to_string()
        .contains("2020 is given twice"));
    let three = plain(&[(2020, 1.0), (2021, 2.0), (2022, 2.0)]);
    let m = lin
        .clone()
        .target_year(2022)
        .fit(&three)
        .unwrap_err()
        .to_string();
    assert!(m.contains("2022 is not after"), "{m}");
    assert!(lin.clone().level(1.0).fit(&three).is_err());
    let m = lin
        .clone()
        .per_child(true)
        .fit(&three)
        .unwrap_err()
        .to_string();
    assert!(m.contains("year 2020") && m.contains("children"), "{m}");
    let m = lin
        .clone()
        .future_children(BTreeMap::from([(2025, 100.0)]))
        .fit(&three)
        .unwrap_err()
        .to_string();
    assert!(m.contains("per child"), "{m}");
    let m = lin
        .clone()
        .per_child(true)
        .future_children(BTreeMap::from([(2040, 100.0)]))
        .fit(&three)
        .unwrap_err()
        .to_string();
    assert!(m.contains("2040"), "{m}");
    let nan = plain(&[(2020, 1.0), (2021, f64::NAN), (2022, 2.0)]);
    assert!(lin.fit(&nan).unwrap_err().to_string().contains("year 2021"));
    assert!(yearly_totals(&[(2020, 13, 1.0)]).is_err());
}

// ---- `indsats economics projection` as a process ----

fn run(args: &[&str]) -> (Option<i32>, String, String) {
    let mut all = vec!["economics", "projection"];
    all.extend_from_slice(args);
    let out = indsats(&all);
    let (o, e) = text(&out);
    (out.status.code(), o, e)
}

fn temp_csv(body: &str) -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("spending.csv");
    std::fs::write(&path, body).unwrap();
    (dir, path.to_string_lossy().into_owned())
}

#[test]
fn cli_projection_json_matches_r_for_both_models() {
    let data = format!("{DIR}/yearly.csv");
    let (code, out, err) = run(&[
        "--data", &data, "--year", "year", "--amount", "amount", "--target", "2030", "--model",
        "both", "--format", "json",
    ]);
    assert_eq!(code, Some(0), "{err}");
    let j: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(j["target_year"], 2030);
    assert_eq!(j["warnings"], serde_json::json!([]));
    assert_eq!(j["n"]["rows"], 10);
    assert_eq!(j["n"]["years_used"], 10);
    let rows = csv("predictions.csv");
    for (m, case) in [(0, "linear"), (1, "log_linear")] {
        let model = &j["models"][m];
        assert_eq!(model["model"], case);
        let last = &model["projections"][5];
        let r = rows
            .iter()
            .find(|r| r["case"] == case && r["year"] == "2030" && r["level"].starts_with("0.94"))
            .unwrap();
        assert_close(
            "fit",
            last["fit"].as_f64().unwrap(),
            num(r, "fit"),
            CLOSED_FORM,
        );
        assert_close(
            "pi",
            last["pi"][1].as_f64().unwrap(),
            num(r, "pi_upper"),
            CLOSED_FORM,
        );
        assert_close(
            "ci",
            last["ci"][0].as_f64().unwrap(),
            num(r, "ci_lower"),
            CLOSED_FORM,
        );
    }
}

#[test]
fn cli_projection_adds_months_up_and_leaves_out_a_part_year() {
    // 2019–2023 full years of 12 months, 2024 with three months.
    let mut body = String::from("month;amount\n");
    for y in 2019..=2023 {
        for m in 1..=12 {
            body.push_str(&format!("{y}-{m:02};{}\n", 100 + (y - 2019) * 10));
        }
    }
    for m in 1..=3 {
        body.push_str(&format!("2024-{m:02};5\n"));
    }
    let (_d, path) = temp_csv(&body);
    let (code, out, err) = run(&[
        "--data", &path, "--year", "month", "--amount", "amount", "--format", "json",
    ]);
    assert_eq!(code, Some(0), "{err}");
    let j: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(j["n"]["years"], 6);
    assert_eq!(j["n"]["years_excluded"], 1);
    assert_eq!(j["target_year"], 2028);
    let w = j["warnings"].to_string();
    assert!(w.contains("2024") && w.contains("3 of 12 months"), "{w}");
    let m = &j["models"][0];
    assert_close("slope", m["slope"].as_f64().unwrap(), 120.0, CLOSED_FORM);
    // Table and CSV in both languages.
    let (code, table, _) = run(&[
        "--data", &path, "--year", "month", "--amount", "amount", "--lang", "en",
    ]);
    assert_eq!(code, Some(0));
    assert!(
        table.contains("Linear trend 2019–2023") && table.contains("+120 DKK a year"),
        "{table}"
    );
    let (_, table_da, _) = run(&["--data", &path, "--year", "month", "--amount", "amount"]);
    assert!(
        table_da.contains("Lineær trend") && table_da.contains("Advarsel"),
        "{table_da}"
    );
    let (_, csv_out, _) = run(&[
        "--data", &path, "--year", "month", "--amount", "amount", "--format", "csv",
    ]);
    let lines: Vec<&str> = csv_out.lines().collect();
    assert!(lines[0].starts_with("model,year,projected,observed,fit"));
    assert_eq!(lines.len(), 1 + 5 + 5);
    assert!(
        lines[1].starts_with("linear,2019,0,1200,1200,"),
        "{}",
        lines[1]
    );
}

#[test]
fn cli_projection_per_child_with_future_children_gives_totals() {
    let data = format!("{DIR}/yearly.csv");
    let (code, out, err) = run(&[
        "--data",
        &data,
        "--year",
        "year",
        "--amount",
        "amount",
        "--children",
        "children",
        "--target",
        "2030",
        "--future-children",
        "2030=10600",
        "--format",
        "json",
    ]);
    assert_eq!(code, Some(0), "{err}");
    let j: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(j["per_child"], true);
    // --chart writes the SVG beside the result.
    let dir = tempfile::tempdir().unwrap();
    let svg_path = dir.path().join("trend.svg");
    let svg_arg = svg_path.to_string_lossy().into_owned();
    let (code, _, err) = run(&[
        "--data",
        &data,
        "--year",
        "year",
        "--amount",
        "amount",
        "--children",
        "children",
        "--lang",
        "en",
        "--chart",
        &svg_arg,
    ]);
    assert_eq!(code, Some(0), "{err}");
    let svg = std::fs::read_to_string(&svg_path).unwrap();
    assert!(svg.starts_with("<svg") && svg.contains("Spending per child projected to 2029"));
    let p = &j["models"][0]["projections"][5];
    let r = csv("predictions.csv")
        .into_iter()
        .find(|r| {
            r["case"] == "per_child_linear" && r["year"] == "2030" && r["level"].starts_with("0.94")
        })
        .unwrap();
    assert_close(
        "per child",
        p["fit"].as_f64().unwrap(),
        num(&r, "fit"),
        CLOSED_FORM,
    );
    assert_close(
        "total",
        p["total"]["fit"].as_f64().unwrap(),
        num(&r, "fit") * 10_600.0,
        CLOSED_FORM,
    );
}

#[test]
fn cli_projection_bad_input_names_file_row_and_column() {
    let (_d, path) = temp_csv("year,amount\n2020,10\n2021,12\nlast year,13\n");
    let (code, _, err) = run(&["--data", &path, "--year", "year", "--amount", "amount"]);
    assert_eq!(code, Some(1));
    assert!(
        err.contains("row 4") && err.contains("\"year\"") && err.contains("last year"),
        "{err}"
    );
    let (_d2, path2) = temp_csv("year,amount\n2020,10\n2021,0\n2022,13\n");
    let (code, _, err) = run(&[
        "--data",
        &path2,
        "--year",
        "year",
        "--amount",
        "amount",
        "--model",
        "log-linear",
    ]);
    assert_eq!(code, Some(1));
    assert!(
        err.contains("year 2021") && err.contains("not positive"),
        "{err}"
    );
    let (code, _, err) = run(&["--data", &path2, "--year", "year", "--amount", "beløb"]);
    assert_eq!(code, Some(1));
    assert!(err.contains("beløb"), "{err}");
    let (code, _, err) = run(&[
        "--data", &path2, "--year", "year", "--amount", "amount", "--target", "2020",
    ]);
    assert_eq!(code, Some(2), "{err}");
    let (code, _, err) = run(&[
        "--data",
        &path2,
        "--year",
        "year",
        "--amount",
        "amount",
        "--future-children",
        "2026:5",
    ]);
    assert_eq!(code, Some(2), "{err}");
    let (_d3, path3) =
        temp_csv("year,amount,kids\n2020,10,100\n2020,11,101\n2021,12,100\n2022,13,100\n");
    let (code, _, err) = run(&[
        "--data",
        &path3,
        "--year",
        "year",
        "--amount",
        "amount",
        "--children",
        "kids",
    ]);
    assert_eq!(code, Some(1));
    assert!(
        err.contains("row 3") && err.contains("kids") && err.contains("one number per year"),
        "{err}"
    );
    let (_d4, path4) = temp_csv("year,amount\n2020,10\n2021,12\n");
    let (code, _, err) = run(&["--data", &path4, "--year", "year", "--amount", "amount"]);
    assert_eq!(code, Some(1));
    assert!(err.contains("at least 3 years"), "{err}");
}

// ---- the chart ----

#[test]
fn projection_chart_draws_points_trend_and_band_in_both_languages() {
    use indsats::report::charts_projection::projection_chart;
    use indsats::Lang;
    let fit = Projection::new(ProjectionModel::LogLinear)
        .target_year(2030)
        .fit(&yearly())
        .unwrap();
    let da = projection_chart("proj", &fit, Lang::Da).unwrap();
    assert!(da.starts_with("<svg"), "{}", &da[..80]);
    assert!(da.contains("<title id=\"proj-title\">Udgifterne fremskrevet til 2030</title>"));
    assert!(da.contains("n = 10 år") && da.contains("Udgift (mio. kr.)"));
    assert!(da.contains("95 % prædiktionsinterval"));
    // Ten observed points, and one shaded band.
    assert_eq!(
        da.matches("<circle").count(),
        11,
        "points (and the legend's)"
    );
    assert_eq!(da.matches("<polygon").count(), 1, "band");
    // The y axis is in millions: 30–60, not 30000000.
    assert!(!da.contains("30000000"));
    let en = projection_chart("proj", &fit, Lang::En).unwrap();
    assert!(en.contains("Spending projected to 2030") && en.contains("Spending (DKK million)"));
    assert!(en.contains("n = 10 years") && en.contains("constant percentage growth"));
    // Per child, in kroner per child.
    let pc = Projection::new(ProjectionModel::Linear)
        .per_child(true)
        .target_year(2027)
        .fit(&yearly())
        .unwrap();
    let svg = projection_chart("pc", &pc, Lang::En).unwrap();
    assert!(svg.contains("Spending per child projected to 2027") && svg.contains("DKK per child"));
}

#[test]
fn projection_chart_refuses_what_it_cannot_draw() {
    use indsats::report::charts::ChartText;
    use indsats::report::charts_projection::{projection, ProjectionSeries};
    let text = ChartText {
        title: "t".into(),
        x_label: "x".into(),
        y_label: "y".into(),
        description: "d".into(),
    };
    let names = ["a".to_string(), "b".to_string(), "c".to_string()];
    let empty = ProjectionSeries {
        observed: vec![],
        trend: vec![(1.0, 1.0), (2.0, 2.0)],
        band: vec![],
        names: names.clone(),
    };
    assert!(projection("x", &text, &empty, &|v| v.to_string()).is_err());
    let nan = ProjectionSeries {
        observed: vec![(1.0, 1.0)],
        trend: vec![(1.0, 1.0), (2.0, f64::NAN)],
        band: vec![],
        names,
    };
    assert!(projection("x", &text, &nan, &|v| v.to_string()).is_err());
}
