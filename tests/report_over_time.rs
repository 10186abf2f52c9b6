//! The report's section on the effect over time (`[effect_over_time]`, interrupted time
//! series on the ledger's kroner per month): on the example municipality against
//! `Its::fit` on the ledger summed here from costs.csv, hand-made ledgers (an exact line,
//! a series too short, a chosen measure, a partial last month), and bad plans.

use super::tolerance::{assert_close, CLOSED_FORM};
use chrono::NaiveDate;
use indsats::data::{CostEntry, Costs, Dataset, ValidationReport, YearMonth};
use indsats::effects::{Its, Series};
use indsats::plan::{EffectOverTimeSection, Plan, TimeDesign, TimeSeriesKind};
use indsats::report::{build_report, Block, Report, ReportOptions, Section};
use indsats::staircase::Staircase;
use indsats::summary::{AmountUnit, Cell};
use indsats::Lang;
use std::collections::BTreeMap;
use std::path::Path;

fn example(lang: Lang) -> Report {
    let plan = indsats::datasets::example_plan();
    let data = indsats::datasets::example_dataset(&plan.load_options().unwrap()).unwrap();
    let mut opts = ReportOptions::from_plan(&plan);
    opts.lang = lang;
    build_report(&data, &opts).unwrap()
}

fn paragraphs(s: &Section) -> Vec<String> {
    s.blocks
        .iter()
        .filter_map(|b| match b {
            Block::Paragraph { text } => Some(text.clone()),
            _ => None,
        })
        .collect()
}

fn text(c: &Cell) -> String {
    match c {
        Cell::Text(s) => s.clone(),
        c => panic!("not text: {c:?}"),
    }
}

/// Whole kroner as the Danish report writes them: `188.711 kr.`, `-2.325 kr.`.
fn kroner_da(v: f64) -> String {
    let r = v.round();
    let digits = format!("{}", r.abs() as i64);
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push('.');
        }
        out.push(c);
    }
    if r < 0.0 {
        format!("-{out} kr.")
    } else {
        format!("{out} kr.")
    }
}

/// No NaN, no infinity anywhere in the section, in any form a writer could give it.
fn assert_finite_words(what: &str, s: &str) {
    for word in s.split(|c: char| !c.is_alphanumeric()) {
        assert!(
            !matches!(word, "NaN" | "nan" | "inf" | "Inf" | "infinity"),
            "{what} holds {word}"
        );
    }
    assert!(!s.contains('∞'), "{what} holds ∞");
}

/// The ledger summed by month straight from the CSV (no indsats reader).
fn ledger_by_month() -> BTreeMap<String, f64> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("datasets/example/costs.csv");
    let text = std::fs::read_to_string(path).unwrap();
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    let (mi, ai) = (
        header.iter().position(|h| *h == "month").unwrap(),
        header.iter().position(|h| *h == "amount").unwrap(),
    );
    let mut out = BTreeMap::new();
    for line in lines.filter(|l| !l.trim().is_empty()) {
        let f: Vec<&str> = line.split(',').collect();
        *out.entry(f[mi].to_string()).or_insert(0.0) += f[ai].parse::<f64>().unwrap();
    }
    out
}

#[test]
fn the_example_report_says_in_danish_and_english_whether_the_trend_changed() {
    for (lang, heading, lead_word) in [
        (Lang::Da, "Har udviklingen ændret sig?", "konfidensinterval"),
        (Lang::En, "Did the trend change?", "confidence interval"),
    ] {
        let r = example(lang);
        let s = r
            .section("effect_over_time")
            .expect("the example plan asks for the effect over time");
        assert_eq!(s.heading, heading);
        // after the cross-sectional effect, before the data appendix
        let ids: Vec<&str> = r.sections.iter().map(|s| s.id.as_str()).collect();
        let at = |id: &str| ids.iter().position(|x| *x == id).unwrap();
        assert!(at("effect") < at("effect_over_time") && at("effect_over_time") < at("data"));
        let ps = paragraphs(s);
        assert!(ps[1].contains(lead_word), "{}", ps[1]);
        // the lead is in "in brief" too
        assert!(paragraphs(r.section("summary").unwrap()).contains(&ps[1]));
        // the chart with its data table, and the table of coefficients
        let chart = r
            .charts()
            .find(|c| c.id == "chart-effect-over-time")
            .unwrap();
        assert_eq!(chart.data_table.as_deref(), Some("effect-over-time-path"));
        assert!(chart.svg.starts_with("<svg") && chart.svg.contains("2018-01"));
        assert_eq!(chart.categories.len(), 120);
        assert_eq!(r.table("effect-over-time-path").unwrap().rows.len(), 120);
        assert_eq!(r.table("effect-over-time").unwrap().rows.len(), 5);
        // what the design cannot show, and the districts' staggered starts
        let can = if lang == Lang::Da {
            "sammenligningsserie"
        } else {
            "comparison series"
        };
        assert!(ps.iter().any(|p| p.contains(can)));
        assert!(ps.iter().any(|p| p.contains("D03") || p.contains("2021")));
        // nothing that is not a number
        let json = serde_json::to_string(s).unwrap();
        assert_finite_words("the section's JSON", &json);
        let html = r.to_html();
        assert!(html.contains(heading));
        assert!(html.contains("id=\"chart-effect-over-time\""));
        assert_finite_words("the HTML", &html);
        assert_finite_words("the Markdown", &r.to_markdown());
    }
}

#[test]
fn the_example_numbers_are_its_fit_on_the_ledger_summed_by_month() {
    let r = example(Lang::Da);
    let by_month = ledger_by_month();
    let months: Vec<&str> = by_month.keys().map(String::as_str).collect();
    assert_eq!(
        (months[0], months[months.len() - 1]),
        ("2015-01", "2024-12")
    );
    let y: Vec<f64> = by_month.values().copied().collect();
    let series = Series::months("y", &months, y.clone()).unwrap();
    let fit = Its::new(series.time_of("2018-01").unwrap())
        .seasonal(Some(12))
        .fit(&series)
        .unwrap();
    let t = r.table("effect-over-time").unwrap();
    let expect = [
        fit.coef("time").map(|c| (c.coef, c.ci)).unwrap(),
        fit.coef("level_change").map(|c| (c.coef, c.ci)).unwrap(),
        fit.coef("slope_change").map(|c| (c.coef, c.ci)).unwrap(),
        fit.contrast("post_slope")
            .map(|c| (c.estimate, c.ci))
            .unwrap(),
        fit.contrast("effect_at_end")
            .map(|c| (c.estimate, c.ci))
            .unwrap(),
    ];
    for (row, (est, ci)) in t.rows.iter().zip(expect) {
        assert_eq!(text(&row.cells[1]), kroner_da(est));
        assert_eq!(
            text(&row.cells[2]),
            format!("{} til {}", kroner_da(ci[0]), kroner_da(ci[1]))
        );
    }
    // the path: the ledger's months as read here, and the fit's lines
    let path = r.table("effect-over-time-path").unwrap();
    assert_eq!(path.amount_unit, AmountUnit::Thousands);
    for (i, row) in path.rows.iter().enumerate() {
        let amount = |c: &Cell| match c {
            Cell::Amount(a) => a.value,
            c => panic!("{c:?}"),
        };
        assert_close("observed", amount(&row.cells[1]), y[i], 1e-12);
        let p = &fit.counterfactual[i];
        assert_close("fitted", amount(&row.cells[2]), p.fitted, CLOSED_FORM);
        assert_close(
            "counterfactual",
            amount(&row.cells[3]),
            p.counterfactual,
            CLOSED_FORM,
        );
        assert_eq!(row.cells[4] == Cell::Empty, !p.post);
    }
    // the chart draws the same lines in millions
    let chart = r
        .charts()
        .find(|c| c.id == "chart-effect-over-time")
        .unwrap();
    for (i, p) in fit.counterfactual.iter().enumerate() {
        assert_close(
            "chart observed",
            chart.series[0].values[i].unwrap(),
            p.observed / 1e6,
            CLOSED_FORM,
        );
        assert_close(
            "chart fitted",
            chart.series[1].values[i].unwrap(),
            p.fitted / 1e6,
            CLOSED_FORM,
        );
    }
    // the lead: the level change with its interval, and the certainty the end's interval
    // allows (the example plants no effect on the monthly total: the text claims none
    // unless the interval excludes 0)
    let lead = &paragraphs(r.section("effect_over_time").unwrap())[1];
    let level = fit.coef("level_change").unwrap();
    assert!(
        lead.contains(&format!("+{}", kroner_da(level.coef))),
        "{lead}"
    );
    let end = fit.contrast("effect_at_end").unwrap();
    let end_excludes_zero = end.ci[0] > 0.0 || end.ci[1] < 0.0;
    assert_eq!(
        lead.contains("indeholder ikke 0"),
        end_excludes_zero,
        "{lead}"
    );
    // the diagnostics are said in words, with the numbers the fit has; strong residual
    // autocorrelation tempers the lead itself
    let r1 = fit.diagnostics.residual_lag1_autocorrelation.unwrap();
    assert_eq!(lead.contains("med forsigtighed"), r1.abs() >= 0.5, "{lead}");
    let diag = format!("korrelation {:.2}", r1).replace('.', ",");
    assert!(paragraphs(r.section("effect_over_time").unwrap())
        .iter()
        .any(|p| p.contains(&diag)));
}

fn ym(year: i32, month: u32) -> YearMonth {
    YearMonth { year, month }
}

/// Months from `first`, `n` of them.
fn months_from(first: YearMonth, n: usize) -> Vec<YearMonth> {
    let mut out = vec![first];
    while out.len() < n {
        out.push(out[out.len() - 1].next());
    }
    out
}

fn ledger(rows: Vec<(YearMonth, &str, f64)>, cutoff: NaiveDate) -> Dataset {
    Dataset {
        persons: Default::default(),
        episodes: Default::default(),
        assessments: Default::default(),
        costs: Costs {
            rows: rows
                .into_iter()
                .enumerate()
                .map(|(i, (month, measure, amount))| CostEntry {
                    month,
                    measure: measure.into(),
                    person_id: Some(format!("P{}", i % 7)),
                    amount,
                    row: i + 2,
                })
                .collect(),
        },
        outcomes: Default::default(),
        staircase: Staircase::danish_default(),
        start: NaiveDate::from_ymd_opt(2015, 1, 1).unwrap(),
        cutoff,
        validation: ValidationReport::default(),
    }
}

fn options(section: EffectOverTimeSection, lang: Lang) -> ReportOptions {
    let mut o = ReportOptions::new(lang);
    o.effect_over_time = vec![section];
    o.small_cell_threshold = 1;
    o
}

fn its_plan(interruption: YearMonth, seasonal: usize) -> EffectOverTimeSection {
    EffectOverTimeSection {
        design: TimeDesign::Its,
        series: TimeSeriesKind::Spending,
        measures: Vec::new(),
        per_child: false,
        interruption: Some(interruption),
        seasonal,
        hac_lags: None,
        ..EffectOverTimeSection::its()
    }
}

#[test]
fn an_exact_line_gives_its_jump_and_slope_and_says_the_fit_is_exact() {
    // 24 months, 12 before 2020-01: 100 000 + 1 000 t, then a jump of 50 000 and 2 000 more
    // a month (worked by hand: at the end, h = 12: 50 000 + 12 · 2 000 = 74 000).
    let months = months_from(ym(2019, 1), 24);
    let rows = months
        .iter()
        .enumerate()
        .map(|(i, m)| {
            let t = (i + 1) as f64;
            let (l, s) = if i >= 12 {
                (1.0, (i - 11) as f64)
            } else {
                (0.0, 0.0)
            };
            (
                *m,
                "plejefamilie",
                100_000.0 + 1_000.0 * t + 50_000.0 * l + 2_000.0 * s,
            )
        })
        .collect();
    let data = ledger(rows, NaiveDate::from_ymd_opt(2020, 12, 31).unwrap());
    let r = build_report(&data, &options(its_plan(ym(2020, 1), 0), Lang::Da)).unwrap();
    let t = r.table("effect-over-time").unwrap();
    let est: Vec<String> = t.rows.iter().map(|r| text(&r.cells[1])).collect();
    assert_eq!(
        est,
        [
            "1.000 kr.",
            "50.000 kr.",
            "2.000 kr.",
            "3.000 kr.",
            "74.000 kr."
        ]
    );
    let s = r.section("effect_over_time").unwrap();
    let ps = paragraphs(s);
    assert!(ps[1].contains("74.000 kr. højere"), "{}", ps[1]);
    assert!(ps.iter().any(|p| p.contains("passer præcist")));
    // few months on each side are warned about
    let items: Vec<String> = s
        .blocks
        .iter()
        .filter_map(|b| match b {
            Block::List { items } => Some(items.clone()),
            _ => None,
        })
        .flatten()
        .collect();
    assert!(
        !items.iter().any(|i| i.contains("kun 12")),
        "12 months is not few"
    );
    assert!(items.iter().any(|i| i.contains("præcist")));
    assert_finite_words("the report", &r.to_json().unwrap());
}

#[test]
fn a_series_too_short_gives_a_paragraph_not_a_failed_report() {
    // two months before the interruption
    let rows = months_from(ym(2017, 11), 8)
        .into_iter()
        .map(|m| (m, "plejefamilie", 10_000.0 + f64::from(m.month)))
        .collect();
    let data = ledger(rows, NaiveDate::from_ymd_opt(2018, 6, 30).unwrap());
    for (lang, words) in [
        (Lang::Da, "2 måneder før januar 2018 og 6 fra og med"),
        (Lang::En, "2 months before January 2018 and 6 from it on"),
    ] {
        let r = build_report(&data, &options(its_plan(ym(2018, 1), 12), lang)).unwrap();
        let s = r.section("effect_over_time").unwrap();
        assert!(paragraphs(s).iter().any(|p| p.contains(words)), "{s:?}");
        assert!(r.table("effect-over-time").is_none());
        assert!(!r.charts().any(|c| c.id == "chart-effect-over-time"));
        assert!(r.to_html().contains(&s.heading));
    }
    // an interruption after the last month: nothing after it
    let r = build_report(&data, &options(its_plan(ym(2019, 1), 0), Lang::Da)).unwrap();
    assert!(paragraphs(r.section("effect_over_time").unwrap())
        .iter()
        .any(|p| p.contains("8 måneder før januar 2019 og 0 fra og med")));
    // enough on each side but more season dummies than the months can carry: the reason
    // is given, the report still made
    let rows = months_from(ym(2017, 10), 8)
        .into_iter()
        .map(|m| (m, "plejefamilie", 10_000.0 + f64::from(m.month * m.month)))
        .collect();
    let data = ledger(rows, NaiveDate::from_ymd_opt(2018, 5, 31).unwrap());
    let r = build_report(&data, &options(its_plan(ym(2018, 1), 12), Lang::Da)).unwrap();
    assert!(paragraphs(r.section("effect_over_time").unwrap())
        .iter()
        .any(|p| p.starts_with("Udviklingen kunne ikke beregnes: ")));
}

#[test]
fn chosen_measures_and_a_partial_last_month_shape_the_series() {
    // two measures; the plan follows one. The cut-off falls mid-month: that month is out.
    let months = months_from(ym(2019, 1), 25);
    let mut rows = Vec::new();
    let wiggle = [3.0, -2.0, 5.0, -4.0, 1.0, 0.0, -3.0, 2.0];
    for (i, m) in months.iter().enumerate() {
        let step = if i >= 12 { 900.0 } else { 0.0 };
        rows.push((
            *m,
            "plejefamilie",
            1_000.0 + 10.0 * i as f64 + step + wiggle[i % 8],
        ));
        rows.push((*m, "familiebehandling", 7_777.0 * (i % 3) as f64));
    }
    let data = ledger(rows, NaiveDate::from_ymd_opt(2021, 1, 15).unwrap());
    let mut plan = its_plan(ym(2020, 1), 0);
    plan.measures = vec!["Plejefamilie".into(), "ukendt_konto".into()];
    let r = build_report(&data, &options(plan, Lang::Da)).unwrap();
    let months24: Vec<String> = months[..24].iter().map(ToString::to_string).collect();
    let refs: Vec<&str> = months24.iter().map(String::as_str).collect();
    let y: Vec<f64> = (0..24)
        .map(|i| 1_000.0 + 10.0 * i as f64 + if i >= 12 { 900.0 } else { 0.0 } + wiggle[i % 8])
        .collect();
    let series = Series::months("y", &refs, y).unwrap();
    let fit = Its::new(13).fit(&series).unwrap();
    let t = r.table("effect-over-time").unwrap();
    assert_eq!(
        text(&t.rows[1].cells[1]),
        kroner_da(fit.coef("level_change").unwrap().coef)
    );
    assert_eq!(r.table("effect-over-time-path").unwrap().rows.len(), 24);
    let s = r.section("effect_over_time").unwrap();
    let all = serde_json::to_string(s).unwrap();
    assert!(all.contains("januar 2021 er udeladt"), "{all}");
    assert!(all.contains("ukendt_konto har ingen linjer"), "{all}");
    assert!(all.contains("til plejefamilie"), "{all}");
    // none of the measures in the ledger: said so
    let mut plan = its_plan(ym(2020, 1), 0);
    plan.measures = vec!["ukendt_konto".into()];
    let r = build_report(&data, &options(plan, Lang::Da)).unwrap();
    assert!(paragraphs(r.section("effect_over_time").unwrap())[0].contains("Ingen af de valgte"));
    // no ledger: said so
    let mut empty = data.clone();
    empty.costs.rows.clear();
    let r = build_report(&empty, &options(its_plan(ym(2020, 1), 0), Lang::En)).unwrap();
    assert!(paragraphs(r.section("effect_over_time").unwrap())[0].contains("ledger has no lines"));
}

fn plan_error(section: &str) -> String {
    let text = format!(
        "[report]\ntitle = \"x\"\nmunicipality = \"y\"\n[data]\ncosts = {{ file = \"costs.csv\" }}\n\
         [intervention]\nname = \"Tidlig indsats\"\nstart_dates = {{ D03 = 2018-01-01, D05 = 2018-07-01 }}\n\
         [effect_over_time]\n{section}"
    );
    Plan::from_toml_str(&text, "plan.toml", Path::new("."))
        .unwrap_err()
        .to_string()
}

#[test]
fn a_good_effect_over_time_plan_reads_with_its_defaults() {
    let text = "[report]\ntitle = \"x\"\nmunicipality = \"y\"\n[data]\ncosts = { file = \"c.csv\" }\n\
                [intervention]\nname = \"T\"\nstart_dates = { D05 = 2018-07-01, D03 = 2018-01-15 }\n\
                [effect_over_time]\ndesign = \"its\"\n";
    let plan = Plan::from_toml_str(text, "plan.toml", Path::new(".")).unwrap();
    let o = plan.effect_over_time[0].clone();
    assert_eq!(o.design, TimeDesign::Its);
    assert_eq!(o.series, TimeSeriesKind::Spending);
    assert_eq!(o.seasonal, 12);
    assert_eq!(o.hac_lags, None);
    assert_eq!(o.interruption, None);
    assert_eq!(
        o.interruption_month(plan.intervention.as_ref()),
        Some(ym(2018, 1))
    );
    assert_eq!(
        ReportOptions::from_plan(&plan).effect_over_time,
        plan.effect_over_time
    );
    // a month as text or as a TOML date
    for v in ["\"2019-03\"", "2019-03-01"] {
        let p = Plan::from_toml_str(
            &text.replace(
                "design = \"its\"",
                &format!("design = \"its\"\ninterruption = {v}"),
            ),
            "plan.toml",
            Path::new("."),
        )
        .unwrap();
        assert_eq!(p.effect_over_time[0].interruption, Some(ym(2019, 3)));
    }
}

#[test]
fn a_bad_effect_over_time_section_gives_a_clear_plan_error() {
    for (section, words) in [
        ("design = \"did\"", "unknown variant `did`"),
        ("interruption = \"2018-01\"", "missing field `design`"),
        ("design = \"its\"\nseasonal = 1", "seasonal must be 0"),
        (
            "design = \"its\"\nper_child = true",
            "no move-in or move-out dates",
        ),
        (
            "design = \"its\"\ninterruption = \"januar\"",
            "\"januar\" is not a month",
        ),
        ("design = \"its\"\ninteruption = \"2018-01\"", "interuption"),
        (
            "design = \"its\"\nmeasures = [\"plejefamilie\", \"Plejefamilie\"]",
            "names \"Plejefamilie\" twice",
        ),
        ("design = \"its\"\nmeasures = [\" \"]", "empty name"),
        (
            "design = \"its\"\nseries = \"children\"",
            "unknown variant `children`",
        ),
    ] {
        let e = plan_error(section);
        assert!(e.contains(words), "{section}: {e}");
        assert!(e.contains("plan.toml"), "{e}");
    }
    // no ledger, no interruption
    let no_ledger =
        "[report]\ntitle = \"x\"\nmunicipality = \"y\"\n[data]\nepisodes = { file = \"e.csv\" }\n\
                     [effect_over_time]\ndesign = \"its\"\ninterruption = \"2018-01\"\n";
    let e = Plan::from_toml_str(no_ledger, "plan.toml", Path::new("."))
        .unwrap_err()
        .to_string();
    assert!(e.contains("follows the ledger"), "{e}");
    let no_start =
        "[report]\ntitle = \"x\"\nmunicipality = \"y\"\n[data]\ncosts = { file = \"c.csv\" }\n\
                    [effect_over_time]\ndesign = \"its\"\n";
    let e = Plan::from_toml_str(no_start, "plan.toml", Path::new("."))
        .unwrap_err()
        .to_string();
    assert!(e.contains("interruption is missing"), "{e}");
}

#[test]
fn the_cli_writes_the_section_to_report_json_and_refuses_a_bad_section() {
    use super::common::{indsats, text as output};
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("rapport");
    let o = indsats(&["report", "--example", "--out", out.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{:?}", output(&o));
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("report.json")).unwrap()).unwrap();
    let section = json["sections"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["id"] == "effect_over_time")
        .expect("report.json holds the section");
    // and the synthetic control's, its panel read from the bundled dataset
    assert!(json["sections"]
        .as_array()
        .unwrap()
        .iter()
        .any(|s| s["id"] == "effect_over_time_synth"));
    let blocks = section["blocks"].as_array().unwrap();
    assert!(blocks
        .iter()
        .any(|b| b["type"] == "chart" && b["data_table"] == "effect-over-time-path"));
    assert!(blocks
        .iter()
        .any(|b| b["type"] == "table" && b["id"] == "effect-over-time"));
    // a plan whose section is wrong: the report is refused with the plan's message
    let example = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/example_plan.toml");
    let plan = std::fs::read_to_string(&example)
        .unwrap()
        .replace("seasonal = 12", "seasonal = 1")
        .replace(
            "../datasets/",
            &format!("{}/datasets/", env!("CARGO_MANIFEST_DIR")),
        );
    let path = dir.path().join("plan.toml");
    std::fs::write(&path, plan).unwrap();
    let o = indsats(&[
        "report",
        "--plan",
        path.to_str().unwrap(),
        "--out",
        dir.path().join("x").to_str().unwrap(),
    ]);
    let (_, err) = output(&o);
    assert_ne!(o.status.code(), Some(0));
    assert!(err.contains("effect_over_time.seasonal must be 0"), "{err}");
    assert!(!dir.path().join("x").join("report.html").exists());
}

/// statsmodels on the example's monthly spending (tests/reference/its_example_spending):
/// `Its::fit` on the series as written there matches it, and the report shows it.
#[test]
fn the_example_section_shows_statsmodels_numbers_for_the_monthly_spending() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/reference/its_example_spending");
    let expected: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("expected.json")).unwrap()).unwrap();
    let csv = std::fs::read_to_string(dir.join("series.csv")).unwrap();
    let (mut months, mut y) = (Vec::new(), Vec::new());
    for line in csv.lines().skip(1) {
        let f: Vec<&str> = line.split(',').collect();
        months.push(f[0].to_string());
        y.push(f[2].parse::<f64>().unwrap());
    }
    let refs: Vec<&str> = months.iter().map(String::as_str).collect();
    let series = Series::months("y", &refs, y.clone()).unwrap();
    let fit = Its::new(series.time_of("2018-01").unwrap())
        .seasonal(Some(12))
        .fit(&series)
        .unwrap();
    assert_eq!(fit.hac.lags as u64, expected["maxlags"].as_u64().unwrap());
    let num = |v: &serde_json::Value| v.as_f64().unwrap();
    for term in [
        "intercept",
        "time",
        "level_change",
        "slope_change",
        "season_7",
    ] {
        let c = fit.coef(term).unwrap();
        assert_close(term, c.coef, num(&expected["coef"][term]), CLOSED_FORM);
        assert_close(term, c.std_error, num(&expected["se"][term]), 1e-9);
        assert_close(term, c.ci[0], num(&expected["ci95_lower"][term]), 1e-9);
        assert_close(term, c.ci[1], num(&expected["ci95_upper"][term]), 1e-9);
    }
    for name in ["post_slope", "effect_at_end"] {
        let c = fit.contrast(name).unwrap();
        let e = &expected[name];
        assert_close(name, c.estimate, num(&e["estimate"]), CLOSED_FORM);
        assert_close(name, c.std_error, num(&e["se"]), 1e-9);
        assert_close(name, c.ci[0], num(&e["ci95_lower"]), 1e-9);
        assert_close(name, c.ci[1], num(&e["ci95_upper"]), 1e-9);
    }
    let d = &fit.diagnostics;
    assert_close(
        "durbin_watson",
        d.durbin_watson.unwrap(),
        num(&expected["durbin_watson"]),
        CLOSED_FORM,
    );
    assert_close(
        "lag1_r",
        d.residual_lag1_autocorrelation.unwrap(),
        num(&expected["lag1_r"]),
        CLOSED_FORM,
    );
    // the report: its monthly series is series.csv, its table statsmodels' numbers
    let r = example(Lang::Da);
    let path = r.table("effect-over-time-path").unwrap();
    for (i, row) in path.rows.iter().enumerate() {
        match &row.cells[1] {
            Cell::Amount(a) => assert_close("month", a.value, y[i], 1e-12),
            c => panic!("{c:?}"),
        }
    }
    let t = r.table("effect-over-time").unwrap();
    let row_of = |i: usize, e: (f64, f64, f64)| {
        assert_eq!(text(&t.rows[i].cells[1]), kroner_da(e.0));
        assert_eq!(
            text(&t.rows[i].cells[2]),
            format!("{} til {}", kroner_da(e.1), kroner_da(e.2))
        );
    };
    let term = |k: &str| {
        (
            num(&expected["coef"][k]),
            num(&expected["ci95_lower"][k]),
            num(&expected["ci95_upper"][k]),
        )
    };
    let contrast = |k: &str| {
        let e = &expected[k];
        (
            num(&e["estimate"]),
            num(&e["ci95_lower"]),
            num(&e["ci95_upper"]),
        )
    };
    row_of(0, term("time"));
    row_of(1, term("level_change"));
    row_of(2, term("slope_change"));
    row_of(3, contrast("post_slope"));
    row_of(4, contrast("effect_at_end"));
}

// ---- the synthetic control (`[[effect_over_time]] design = "synth"`) ----

/// A whole or decimal number as the report writes it in `lang`: `2.606`, `2,606`, `-2,00`.
fn number(v: f64, decimals: usize, lang: Lang) -> String {
    let (thousands, point) = match lang {
        Lang::Da => ('.', ','),
        Lang::En => (',', '.'),
    };
    let s = format!("{:.*}", decimals, v.abs());
    let (int, frac) = s.split_once('.').unwrap_or((&s, ""));
    let mut out = String::new();
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            out.push(thousands);
        }
        out.push(c);
    }
    if !frac.is_empty() {
        out.push(point);
        out.push_str(frac);
    }
    if v < 0.0 && out.chars().any(|c| c.is_ascii_digit() && c != '0') {
        out.insert(0, '-');
    }
    out
}

/// The library's fit on the bundled panel, read here without indsats' readers, with the
/// predictors the section uses (the outcome in each year before 2018).
fn example_synth_fit() -> indsats::effects::SynthFit {
    use indsats::effects::{Predictor, SynthPanel, SyntheticControl};
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("datasets/example/municipality_panel.csv");
    let text = std::fs::read_to_string(path).unwrap();
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    let col = |name: &str| header.iter().position(|h| *h == name).unwrap();
    let (u, t, y) = (col("municipality"), col("year"), col("spending_per_child"));
    let (mut units, mut years, mut values) = (Vec::new(), Vec::new(), Vec::new());
    for line in lines.filter(|l| !l.trim().is_empty()) {
        let f: Vec<&str> = line.split(',').collect();
        units.push(f[u].to_string());
        years.push(f[t].parse::<i64>().unwrap());
        values.push(f[y].parse::<f64>().unwrap());
    }
    let panel =
        SynthPanel::from_long(&units, &years, vec![("spending_per_child".into(), values)]).unwrap();
    let pre: Vec<i64> = panel
        .times()
        .iter()
        .copied()
        .filter(|t| *t < 2018)
        .collect();
    SyntheticControl::new("spending_per_child", "synthby", 2018)
        .predictors(
            pre.iter()
                .map(|t| Predictor::mean("spending_per_child", [*t]))
                .collect(),
        )
        .placebos(true)
        .fit(&panel)
        .unwrap()
}

fn cells(r: &Report, table: &str, row: usize) -> Vec<String> {
    r.table(table).unwrap().rows[row]
        .cells
        .iter()
        .map(text)
        .collect()
}

#[test]
fn the_example_synthetic_control_shows_the_librarys_gap_rank_and_fit_in_both_languages() {
    let fit = example_synth_fit();
    let ranked: Vec<_> = fit
        .placebos
        .iter()
        .filter(|p| p.included && p.ratio.is_some())
        .collect();
    let r0 = fit
        .rmspe
        .ratio
        .expect("the example's fit before is not perfect");
    let y = ranked.len() + 1;
    let x = 1 + ranked.iter().filter(|p| p.ratio.unwrap() >= r0).count();
    let p = fit.p_value.unwrap();
    assert!((x as f64 / y as f64 - p).abs() < 1e-12, "{x} of {y} vs {p}");
    assert!(fit.estimate.is_finite() && fit.rmspe.pre.is_finite());
    let mut weights = fit.weights.clone();
    weights.sort_by(|a, b| b.weight.total_cmp(&a.weight));
    let top = &weights[0];
    let capital = |u: &str| {
        let mut c = u.chars();
        c.next()
            .unwrap()
            .to_uppercase()
            .chain(c)
            .collect::<String>()
    };
    for (lang, heading, direction, rank, perc) in [
        (
            Lang::Da,
            "Synthby sammenlignet med andre kommuner",
            if fit.estimate < 0.0 {
                "lavere"
            } else {
                "højere"
            },
            format!("i {x} af {y} kommuner"),
            " %",
        ),
        (
            Lang::En,
            "Synthby compared with other municipalities",
            if fit.estimate < 0.0 {
                "lower"
            } else {
                "higher"
            },
            format!("in {x} of {y} municipalities"),
            "%",
        ),
    ] {
        let r = example(lang);
        let s = r
            .section("effect_over_time_synth")
            .expect("the example plan asks for the synthetic control");
        assert_eq!(s.heading, heading);
        let ids: Vec<&str> = r.sections.iter().map(|s| s.id.as_str()).collect();
        let at = |id: &str| ids.iter().position(|x| *x == id).unwrap();
        assert!(at("effect_over_time") < at("effect_over_time_synth"));
        assert!(at("effect_over_time_synth") < at("data"));
        let ps = paragraphs(s);
        let lead = &ps[1];
        // the gap after 2018 per child and year, its rank among the placebos, p
        let att = format!("{} kr. {direction}", number(fit.estimate.abs(), 0, lang));
        assert!(lead.contains(&att), "{att} not in {lead}");
        assert!(lead.contains(&rank), "{rank} not in {lead}");
        assert!(
            lead.contains(&format!("p = {}", number(p, 2, lang))),
            "{lead}"
        );
        assert!(paragraphs(r.section("summary").unwrap()).contains(lead));
        // the fit before against the level, and the largest donor with its rounded weight
        let level = fit
            .path
            .iter()
            .filter(|p| p.time < 2018)
            .map(|p| p.treated)
            .sum::<f64>()
            / fit.n.pre_periods as f64;
        assert!(
            ps[2].contains(&format!("{} kr.", number(fit.rmspe.pre, 0, lang))),
            "{}",
            ps[2]
        );
        assert!(
            ps[2].contains(&format!("({} kr.)", number(level, 0, lang))),
            "{}",
            ps[2]
        );
        let donor = format!(
            "{} ({}{perc})",
            capital(&top.unit),
            number(top.weight * 100.0, 0, lang)
        );
        assert!(ps[2].contains(&donor), "{donor} not in {}", ps[2]);
        // what the design can and cannot show
        assert!(ps[3].contains(if lang == Lang::Da {
            "konfidensinterval"
        } else {
            "confidence interval"
        }));
        // the path chart, the gap chart with one line per ranked placebo, the path table
        let path = r
            .charts()
            .find(|c| c.id == "chart-effect-over-time-synth-path")
            .unwrap();
        assert_eq!(
            path.data_table.as_deref(),
            Some("effect-over-time-synth-path")
        );
        assert_eq!(path.categories.len(), fit.path.len());
        assert_eq!(path.categories[0], fit.path[0].time.to_string());
        assert_eq!(
            path.series[1].values,
            fit.path
                .iter()
                .map(|p| Some(p.synthetic))
                .collect::<Vec<_>>()
        );
        assert!(path.svg.starts_with("<svg") && path.svg.contains("2018"));
        let gaps = r
            .charts()
            .find(|c| c.id == "chart-effect-over-time-synth-gaps")
            .unwrap();
        assert_eq!(gaps.series.len(), 1 + ranked.len());
        assert_eq!(
            gaps.series[0].values,
            fit.path.iter().map(|p| Some(p.gap)).collect::<Vec<_>>()
        );
        let table = r.table("effect-over-time-synth-path").unwrap();
        assert_eq!(table.rows.len(), fit.path.len());
        for (i, point) in fit.path.iter().enumerate() {
            assert_eq!(
                cells(&r, "effect-over-time-synth-path", i),
                vec![
                    point.time.to_string(),
                    number(point.treated, 0, lang),
                    number(point.synthetic, 0, lang),
                    number(point.gap, 0, lang),
                ]
            );
        }
        let json = serde_json::to_string(s).unwrap();
        assert_finite_words("the section's JSON", &json);
        let html = r.to_html();
        assert!(html.contains("id=\"chart-effect-over-time-synth-gaps\""));
        assert_finite_words("the HTML", &html);
        assert_finite_words("the Markdown", &r.to_markdown());
    }
}

/// The panel of the library's doctest: before 2003 the treated unit `a` is exactly the
/// mean of `d1` and `d2` (the only such mix: worked by hand, year 2002 against 2001 rules
/// out `d3`), then falls 2 below it: the gap in 2003 is 2 − (4 + 4) / 2 = −2.
const SMALL_PANEL: &str = "kommune,aar,y\n\
a,2000,2\na,2001,3\na,2002,3\na,2003,2\n\
d1,2000,1\nd1,2001,2\nd1,2002,2\nd1,2003,4\n\
d2,2000,3\nd2,2001,4\nd2,2002,4\nd2,2003,4\n\
d3,2000,9\nd3,2001,9\nd3,2002,8\nd3,2003,9\n";

fn small_plan(dir: &Path, extra: &str) -> Result<Plan, indsats::Error> {
    let text = format!(
        "[report]\ntitle = \"x\"\nmunicipality = \"y\"\n[data]\ncosts = {{ file = \"c.csv\" }}\n\
         [[effect_over_time]]\ndesign = \"synth\"\npanel = {{ file = \"panel.csv\" }}\n\
         unit = \"kommune\"\ntime = \"aar\"\noutcome = \"y\"\ntreated_unit = \"a\"\n\
         treatment_time = 2003\n{extra}"
    );
    Plan::from_toml_str(&text, "plan.toml", dir)
}

#[test]
fn a_small_panel_relative_to_the_plan_gives_the_hand_worked_gap_and_says_the_fit_is_exact() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("panel.csv"), SMALL_PANEL).unwrap();
    let plan = small_plan(dir.path(), "").unwrap();
    let mut opts = ReportOptions::from_plan(&plan);
    assert!(opts.effect_over_time[0]
        .panel
        .as_ref()
        .unwrap()
        .file
        .starts_with(dir.path().to_str().unwrap()));
    let data = ledger(
        vec![(ym(2019, 1), "familiebehandling", 1000.0)],
        NaiveDate::from_ymd_opt(2019, 1, 31).unwrap(),
    );
    for (lang, words, exact) in [
        (Lang::Da, "2,00 lavere", "helt præcist"),
        (Lang::En, "2.00 lower", "exactly"),
    ] {
        opts.lang = lang;
        let r = build_report(&data, &opts).unwrap();
        let s = r.section("effect_over_time_synth").unwrap();
        let ps = paragraphs(s);
        assert!(ps[1].contains(words) && ps[1].contains(exact), "{}", ps[1]);
        assert!(ps[1].starts_with(if lang == Lang::Da {
            "Fra 2003 til 2003"
        } else {
            "From 2003 to 2003"
        }));
        // the mix is d1 and d2, half each
        assert!(
            ps[2].contains("D1 (50") && ps[2].contains("D2 (50"),
            "{}",
            ps[2]
        );
        let table = r.table("effect-over-time-synth-path").unwrap();
        assert_eq!(table.rows.len(), 4);
        assert_eq!(
            cells(&r, "effect-over-time-synth-path", 3),
            vec![
                "2003".to_string(),
                number(2.0, 2, lang),
                number(4.0, 2, lang),
                number(-2.0, 2, lang)
            ]
        );
        // few years before: a warning in the report's language
        assert!(paragraphs(s).iter().any(|p| p
            == if lang == Lang::Da {
                "Vær opmærksom på:"
            } else {
                "Please note:"
            }));
        assert_finite_words("the section", &serde_json::to_string(s).unwrap());
    }
    // a treated unit the panel does not have: the section says why, the report stands
    let mut bad = opts.clone();
    bad.lang = Lang::En;
    bad.effect_over_time[0].treated_unit = Some("zz".into());
    let r = build_report(&data, &bad).unwrap();
    let ps = paragraphs(r.section("effect_over_time_synth").unwrap());
    assert!(
        ps[0].contains("could not be estimated") && ps[0].contains("\"zz\""),
        "{ps:?}"
    );
    // options built by hand without a panel: an error, not a panic
    let mut bad = opts.clone();
    bad.effect_over_time[0].panel = None;
    let e = build_report(&data, &bad).unwrap_err().to_string();
    assert!(e.contains("effect_over_time.panel"), "{e}");
    // a missing column or file: the report is refused, naming it
    let mut bad = opts.clone();
    bad.effect_over_time[0].outcome = Some("udgift".into());
    let e = build_report(&data, &bad).unwrap_err().to_string();
    assert!(e.contains("udgift") && e.contains("panel.csv"), "{e}");
    let mut bad = opts.clone();
    bad.effect_over_time[0].panel.as_mut().unwrap().file =
        dir.path().join("nej.csv").display().to_string();
    let e = build_report(&data, &bad).unwrap_err().to_string();
    assert!(e.contains("nej.csv"), "{e}");
    // an unbalanced panel: the report is refused, naming the file, the unit and the year
    std::fs::write(
        dir.path().join("panel.csv"),
        SMALL_PANEL.replace("d3,2001,9\n", ""),
    )
    .unwrap();
    let e = build_report(&data, &opts).unwrap_err().to_string();
    assert!(
        e.contains("panel.csv") && e.contains("\"d3\"") && e.contains("2001"),
        "{e}"
    );
}

#[test]
fn a_single_table_and_an_array_of_tables_both_read_and_a_bad_synth_block_is_a_plan_error() {
    let dir = tempfile::tempdir().unwrap();
    // one block as a table and two as an array
    let one = small_plan(dir.path(), "").unwrap();
    assert_eq!(one.effect_over_time.len(), 1);
    let single =
        "[report]\ntitle = \"x\"\nmunicipality = \"y\"\n[data]\ncosts = { file = \"c.csv\" }\n\
                  [effect_over_time]\ndesign = \"synth\"\npanel = { file = \"p.csv\" }\n\
                  outcome = \"y\"\ntreated_unit = \"a\"\ntreatment_time = 2003\n";
    let p = Plan::from_toml_str(single, "plan.toml", Path::new(".")).unwrap();
    let o = &p.effect_over_time[0];
    assert_eq!(
        (o.design, o.unit_column(), o.time_column()),
        (TimeDesign::Synth, "municipality", "year")
    );
    assert_eq!(o, &EffectOverTimeSection::synth("p.csv", "y", "a", 2003));
    let two = small_plan(
        dir.path(),
        "[[effect_over_time]]\ndesign = \"its\"\ninterruption = \"2018-01\"\n",
    )
    .unwrap();
    assert_eq!(
        two.effect_over_time
            .iter()
            .map(|o| o.design)
            .collect::<Vec<_>>(),
        vec![TimeDesign::Synth, TimeDesign::Its]
    );
    // bad blocks
    let base =
        "[report]\ntitle = \"x\"\nmunicipality = \"y\"\n[data]\ncosts = { file = \"c.csv\" }\n\
                [[effect_over_time]]\ndesign = \"synth\"\n";
    let full = "panel = { file = \"p.csv\" }\noutcome = \"y\"\ntreated_unit = \"a\"\ntreatment_time = 2003\n";
    for (block, words) in [
        (
            "outcome = \"y\"\ntreated_unit = \"a\"\ntreatment_time = 2003\n",
            "needs the panel",
        ),
        (
            "panel = { file = \"p.csv\" }\ntreated_unit = \"a\"\ntreatment_time = 2003\n",
            "needs outcome",
        ),
        (
            "panel = { file = \"p.csv\" }\noutcome = \"y\"\ntreatment_time = 2003\n",
            "needs treated_unit",
        ),
        (
            "panel = { file = \"p.csv\" }\noutcome = \"y\"\ntreated_unit = \"a\"\n",
            "needs treatment_time",
        ),
        (
            &format!("{full}interruption = \"2018-01\"\n"),
            "interruption belongs to design = \"its\"",
        ),
        (
            &format!("{full}predictors = [\"children\", \"Children\"]\n"),
            "names \"Children\" twice",
        ),
        (&format!("{full}predictors = [\"y\"]\n"), "outcome column"),
        (&format!("{full}treatment_time = 2003\n"), "duplicate key"),
        (&format!("{full}treated = \"a\"\n"), "treated"),
        (
            &format!("{full}unit = \" \"\n"),
            "effect_over_time.unit is empty",
        ),
        (
            &full.replace(
                "{ file = \"p.csv\" }",
                "{ file = \"p.csv\", columns = { year = \"aar\" } }",
            ),
            "not panel.columns",
        ),
        (
            &full.replace("2003", "\"2003\""),
            "treatment_time must be a whole-number period",
        ),
    ] {
        let e = Plan::from_toml_str(&format!("{base}{block}"), "plan.toml", Path::new("."))
            .unwrap_err()
            .to_string();
        assert!(e.contains(words) && e.contains("plan.toml"), "{block}: {e}");
    }
    // a synth key in an its block
    let e = plan_error("design = \"its\"\ntreated_unit = \"a\"");
    assert!(
        e.contains("treated_unit belongs to design = \"synth\""),
        "{e}"
    );
    // the second of two blocks is named in the message
    let e = Plan::from_toml_str(
        &format!("{base}{full}[[effect_over_time]]\ndesign = \"did\"\n"),
        "plan.toml",
        Path::new("."),
    )
    .unwrap_err()
    .to_string();
    assert!(e.contains("block 2") && e.contains("did"), "{e}");
}

#[test]
fn two_blocks_of_one_design_give_sections_charts_and_tables_with_their_own_ids() {
    let months = months_from(ym(2019, 1), 24);
    let rows = months
        .iter()
        .enumerate()
        .map(|(i, m)| {
            (
                *m,
                "familiebehandling",
                100_000.0 + 1_000.0 * i as f64 + (i % 3) as f64 * 500.0,
            )
        })
        .collect();
    let data = ledger(rows, NaiveDate::from_ymd_opt(2020, 12, 31).unwrap());
    let mut o = options(its_plan(ym(2020, 1), 0), Lang::Da);
    o.effect_over_time.push(its_plan(ym(2020, 4), 0));
    let r = build_report(&data, &o).unwrap();
    let ids: Vec<&str> = r.sections.iter().map(|s| s.id.as_str()).collect();
    assert!(
        ids.contains(&"effect_over_time") && ids.contains(&"effect_over_time_2"),
        "{ids:?}"
    );
    let charts: Vec<&str> = r.charts().map(|c| c.id.as_str()).collect();
    assert!(
        charts.contains(&"chart-effect-over-time") && charts.contains(&"chart-effect-over-time-2"),
        "{charts:?}"
    );
    let second = r
        .charts()
        .find(|c| c.id == "chart-effect-over-time-2")
        .unwrap();
    assert_eq!(
        second.data_table.as_deref(),
        Some("effect-over-time-path-2")
    );
    assert!(
        second.svg.contains("chart-effect-over-time-2")
            && r.table("effect-over-time-path-2").is_some()
    );
    assert!(r.table("effect-over-time-2").is_some());
}
