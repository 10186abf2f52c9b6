//! Costs per person and period (hand-worked, from the ledger and from episodes), constant
//! prices, every error, and the programme's cost effect on the example municipality
//! against `datasets/example/truth.json`.

use crate::common::{indsats, text};
use crate::tolerance::{assert_close, CLOSED_FORM};
use chrono::NaiveDate;
use indsats::data::{CostEntry, Dataset, Episode, ValidationReport, YearMonth};
use indsats::economics::{
    BusinessCase, CostDesign, CostEffect, CostEffectSpec, CostParams, Periods, PersonWindow,
    PriceIndex, Prices, Refunds, UnknownMeasures,
};
use indsats::simulate::{leave_dates, SimulationParams};
use indsats::staircase::Staircase;
use indsats::summary::CostSource;
use serde_json::Value;
use std::collections::BTreeMap;
use std::sync::OnceLock;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn ym(year: i32, month: u32) -> YearMonth {
    YearMonth { year, month }
}

fn dataset(start: NaiveDate, cutoff: NaiveDate) -> Dataset {
    Dataset {
        persons: Default::default(),
        episodes: Default::default(),
        assessments: Default::default(),
        costs: Default::default(),
        outcomes: Default::default(),
        staircase: Staircase::danish_default(),
        start,
        cutoff,
        validation: ValidationReport::default(),
    }
}

fn line(
    row: usize,
    month: YearMonth,
    measure: &str,
    person: Option<&str>,
    amount: f64,
) -> CostEntry {
    CostEntry {
        month,
        measure: measure.into(),
        person_id: person.map(String::from),
        amount,
        row,
    }
}

/// Nov 2023 – Mar 2024: A in a foster family, then family treatment; B in both; one
/// unallocated administration line.
fn ledger() -> Dataset {
    let mut data = dataset(d(2023, 1, 1), d(2024, 12, 31));
    data.costs.rows = vec![
        line(2, ym(2023, 11), "plejefamilie", Some("A"), 30_000.0),
        line(3, ym(2023, 12), "plejefamilie", Some("A"), 31_000.0),
        line(4, ym(2024, 1), "familiebehandling", Some("A"), 5_000.0),
        line(5, ym(2024, 1), "Plejefamilie", Some("B"), 12_000.0),
        line(6, ym(2024, 2), "administration", None, 700.0),
        line(7, ym(2024, 3), "familiebehandling", Some("B"), 3_000.0),
    ];
    data
}

fn episode(
    row: usize,
    id: &str,
    measure: &str,
    start: NaiveDate,
    end: Option<NaiveDate>,
    daily: Option<f64>,
    monthly: Option<f64>,
) -> Episode {
    Episode {
        person_id: id.into(),
        measure: measure.into(),
        level: String::new(),
        legal_basis: None,
        provider: None,
        start_date: start,
        end_date: end,
        end_reason: None,
        daily_cost: daily,
        monthly_cost: monthly,
        row,
    }
}

/// A: 1,000 kr./day 30 Jan – 2 Feb 2024; B: 31,000 kr./month from 17 March, ongoing to
/// the cut-off 15 April 2024; C: no rate.
fn episodes() -> Dataset {
    let mut data = dataset(d(2024, 1, 1), d(2024, 4, 15));
    data.episodes.rows = vec![
        episode(
            2,
            "A",
            "plejefamilie",
            d(2024, 1, 30),
            Some(d(2024, 2, 2)),
            Some(1000.0),
            None,
        ),
        episode(
            3,
            "B",
            "familiebehandling",
            d(2024, 3, 17),
            None,
            None,
            Some(31_000.0),
        ),
        episode(4, "C", "familiebehandling", d(2024, 3, 1), None, None, None),
    ];
    data
}

#[test]
fn ledger_costs_per_person_and_calendar_year_by_hand() {
    let fit = CostParams::new().fit(&ledger()).unwrap();
    assert_eq!(fit.source, CostSource::Ledger);
    // coverage: the ledger's first to last month
    assert_eq!((fit.from, fit.to), (d(2023, 11, 1), d(2024, 3, 31)));
    let a: Vec<_> = fit.person("A").collect();
    assert_eq!(a.len(), 2);
    assert_eq!(a[0].year, Some(2023));
    assert_eq!(a[0].days, 61); // November and December
    assert_eq!(a[0].total, 61_000.0);
    assert_eq!(a[0].by_measure["plejefamilie"], 61_000.0);
    assert_close(
        "A 2023 per person-year",
        a[0].cost_per_person_year.unwrap(),
        61_000.0 / (61.0 / 365.25),
        CLOSED_FORM,
    );
    assert_eq!((a[1].days, a[1].total), (91, 5_000.0));
    let b: Vec<_> = fit.person("B").collect();
    assert_eq!(b.len(), 1);
    // "Plejefamilie" is the staircase's plejefamilie
    assert_eq!(b[0].by_measure["plejefamilie"], 12_000.0);
    assert_eq!(b[0].by_measure["familiebehandling"], 3_000.0);
    assert_eq!(fit.totals.total, 81_000.0);
    // the unallocated line is counted and reported, not dropped
    assert_eq!(fit.totals.unallocated_lines, 1);
    assert_eq!(fit.totals.unallocated_amount, 700.0);
    assert_eq!(fit.totals.unallocated_by_measure["administration"], 700.0);
    assert_eq!(fit.n.rows_read, 6);
    assert_eq!(fit.n.rows_used, 5);
    assert_eq!(fit.n.excluded["unallocated"], 1);
    assert!(fit
        .warnings
        .iter()
        .any(|w| w.contains("1 ledger lines without a person")));
}

#[test]
fn ledger_costs_over_a_persons_window_take_the_months_it_overlaps() {
    let windows = vec![
        PersonWindow {
            person_id: "A".into(),
            from: d(2023, 12, 15),
            to: d(2024, 1, 10),
        },
        // no costs: a row of zeros with its person-time
        PersonWindow {
            person_id: "Z".into(),
            from: d(2024, 1, 1),
            to: d(2024, 3, 31),
        },
    ];
    let fit = CostParams::new()
        .periods(Periods::Windows(windows))
        .fit(&ledger())
        .unwrap();
    assert_eq!(fit.rows.len(), 2);
    assert_eq!(fit.rows[0].days, 27);
    assert_eq!(fit.rows[0].total, 36_000.0);
    assert_eq!(fit.rows[1].total, 0.0);
    assert_eq!(fit.rows[1].days, 91);
    assert_eq!(fit.rows[1].cost_per_person_year, Some(0.0));
    // B has no window
    assert_eq!(fit.n.excluded["person_without_window"], 2);
    // A's November and March lines fall outside A's window
    assert_eq!(fit.n.excluded["outside_period"], 1);
}

#[test]
fn ledger_costs_over_one_period_per_person_with_from_and_to() {
    let fit = CostParams::new()
        .periods(Periods::Whole)
        .from(d(2024, 1, 1))
        .to(d(2024, 3, 31))
        .fit(&ledger())
        .unwrap();
    let totals: Vec<(&str, f64, i64)> = fit
        .rows
        .iter()
        .map(|r| (r.person_id.as_str(), r.total, r.days))
        .collect();
    assert_eq!(totals, vec![("A", 5_000.0, 91), ("B", 15_000.0, 91)]);
    assert_eq!(fit.n.excluded["outside_period"], 2);
}

#[test]
fn episode_costs_are_rates_times_days_active_in_each_period() {
    let fit = CostParams::new().fit(&episodes()).unwrap();
    assert_eq!(fit.source, CostSource::Episodes);
    assert_eq!((fit.from, fit.to), (d(2024, 1, 1), d(2024, 4, 15)));
    let a: Vec<_> = fit.person("A").collect();
    // 4 days at 1,000 kr.
    assert_eq!(a[0].total, 4_000.0);
    assert_eq!(a[0].days, 106);
    let b: Vec<_> = fit.person("B").collect();
    // March: 15 of 31 days of 31,000; April to the cut-off: 15 of 30 days
    assert_close("B", b[0].total, 15_000.0 + 15_500.0, CLOSED_FORM);
    assert_eq!(fit.n.excluded["no_rate"], 1);
    assert_eq!(fit.n.rows_used, 2);

    let fit = CostParams::new()
        .periods(Periods::Whole)
        .from(d(2024, 2, 1))
        .to(d(2024, 3, 31))
        .fit(&episodes())
        .unwrap();
    assert_eq!(fit.rows[0].total, 2_000.0); // A: 1 and 2 February
    assert_close("B March", fit.rows[1].total, 15_000.0, CLOSED_FORM);
    assert_eq!(fit.rows[0].days, 60);
}

#[test]
fn constant_prices_scale_each_month_by_its_years_index() {
    let idx = PriceIndex::from_csv_str("year,index\n2023,100\n2024,105\n", "pl.csv", 2024).unwrap();
    let fit = CostParams::new()
        .prices(Prices::Constant(idx))
        .fit(&ledger())
        .unwrap();
    let a: Vec<_> = fit.person("A").collect();
    // 61,000 kr. of 2023 is 61,000 × 105/100 in 2024 prices; 2024 stays
    assert_close("A 2023", a[0].total, 64_050.0, CLOSED_FORM);
    assert_eq!(a[1].total, 5_000.0);
    assert_eq!(fit.base_year, Some(2024));
    assert!(fit.prices.contains("constant 2024"));

    // the same index as TOML, semicolons and a decimal comma, episodes
    let toml = PriceIndex::from_toml_str(
        "base_year = 2023\n[index]\n2023 = 100\n2024 = 125.0\n",
        "pl.toml",
        None,
    )
    .unwrap();
    let fit = CostParams::new()
        .prices(Prices::Constant(toml))
        .fit(&episodes())
        .unwrap();
    assert_close(
        "A in 2023 prices",
        fit.rows[0].total,
        4_000.0 * 100.0 / 125.0,
        CLOSED_FORM,
    );
    let semi =
        PriceIndex::from_csv_str("year;index\n2023;100\n2024;102,5\n", "pl.csv", 2023).unwrap();
    assert_close(
        "decimal comma",
        semi.factor(2024).unwrap(),
        100.0 / 102.5,
        CLOSED_FORM,
    );
}

fn err(r: indsats::Result<impl std::fmt::Debug>) -> String {
    r.expect_err("an error").to_string()
}

#[test]
fn a_year_the_price_index_lacks_names_the_row_and_month_that_need_it() {
    let idx = PriceIndex::new("pl.csv", BTreeMap::from([(2024, 105.0)]), 2024).unwrap();
    let e = err(CostParams::new()
        .prices(Prices::Constant(idx))
        .fit(&ledger()));
    assert!(
        e.contains("price index has no 2023 (needed by costs.csv row 2, month 2023-11)"),
        "{e}"
    );
    // a base year the index lacks, a bad cell
    let e = err(PriceIndex::from_csv_str(
        "year,index\n2023,100\n",
        "pl.csv",
        2024,
    ));
    assert!(e.contains("no 2024"), "{e}");
    let e = err(PriceIndex::from_csv_str(
        "year,index\n2023,abc\n",
        "pl.csv",
        2023,
    ));
    assert!(
        e.contains("pl.csv") && e.contains("row 2") && e.contains("index") && e.contains("abc"),
        "{e}"
    );
    let e = err(PriceIndex::from_csv_str(
        "aar,indeks\n2023,100\n",
        "pl.csv",
        2023,
    ));
    assert!(e.contains("year and index"), "{e}");
    let e = err(PriceIndex::from_csv_str(
        "year,index\n2023,-1\n",
        "pl.csv",
        2023,
    ));
    assert!(e.contains("positive"), "{e}");
}

#[test]
fn a_period_outside_the_ledgers_coverage_is_an_error() {
    let e = err(CostParams::new().from(d(2023, 1, 1)).fit(&ledger()));
    assert!(
        e.contains("outside the ledger's coverage (2023-11 to 2024-03"),
        "{e}"
    );
    let e = err(CostParams::new().to(d(2024, 6, 30)).fit(&ledger()));
    assert!(e.contains("2024-06-30"), "{e}");
    let windows = vec![PersonWindow {
        person_id: "A".into(),
        from: d(2023, 6, 1),
        to: d(2023, 12, 31),
    }];
    let e = err(CostParams::new()
        .periods(Periods::Windows(windows))
        .fit(&ledger()));
    assert!(e.contains("person A"), "{e}");
    let e = err(CostParams::new()
        .from(d(2024, 3, 1))
        .to(d(2024, 1, 1))
        .fit(&ledger()));
    assert!(e.contains("before it starts"), "{e}");
}

#[test]
fn a_refund_is_an_error_naming_file_row_and_column_unless_netted() {
    let mut data = ledger();
    data.costs
        .rows
        .push(line(8, ym(2024, 3), "familiebehandling", Some("B"), -500.0));
    let e = err(CostParams::new().fit(&data));
    assert!(
        e.contains("costs.csv") && e.contains("row 8, column amount") && e.contains("-500"),
        "{e}"
    );
    let fit = CostParams::new().refunds(Refunds::Net).fit(&data).unwrap();
    assert_eq!(fit.totals.total, 80_500.0);
    assert!(fit
        .warnings
        .iter()
        .any(|w| w.contains("1 negative amounts (refunds)")));

    let mut eps = episodes();
    eps.episodes.rows[0].daily_cost = Some(-10.0);
    let e = err(CostParams::new().fit(&eps));
    assert!(
        e.contains("episodes.csv") && e.contains("row 2, column daily_cost"),
        "{e}"
    );
}

#[test]
fn an_unknown_measure_is_an_error_suggesting_close_names_unless_kept() {
    let mut data = ledger();
    data.costs
        .rows
        .push(line(9, ym(2024, 3), "plejefamilei", Some("B"), 100.0));
    let e = err(CostParams::new().fit(&data));
    assert!(
        e.contains("row 9")
            && e.contains("\"plejefamilei\"")
            && e.contains("did you mean plejefamilie"),
        "{e}"
    );
    let fit = CostParams::new()
        .unknown_measures(UnknownMeasures::Keep)
        .fit(&data)
        .unwrap();
    assert_eq!(fit.totals.by_measure["plejefamilei"], 100.0);
    assert!(fit
        .warnings
        .iter()
        .any(|w| w.contains("\"plejefamilei\" is not on the staircase")));
}

/// The example municipality with each person's moving-out day (`moved_out`, from the
/// simulator: the persons table does not carry it).
fn example_with_leave() -> &'static Dataset {
    static D: OnceLock<Dataset> = OnceLock::new();
    D.get_or_init(|| {
        let mut data = indsats::datasets::example().unwrap();
        let leave = leave_dates(&SimulationParams::default().persons(5000)).unwrap();
        assert_eq!(leave.len(), data.persons.rows.len());
        data.persons.date_names.push("moved_out".into());
        for (p, l) in data.persons.rows.iter_mut().zip(leave) {
            p.dates.push(l);
        }
        data
    })
}

fn truth() -> Value {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/datasets/example/truth.json");
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

#[test]
fn the_programmes_ledger_cost_per_child_year_reproduces_the_truth_to_the_cent_rounding() {
    let t = truth();
    let cf = &t["counterfactual"];
    let (child_years, programme_cost) = (
        cf["child_years"].as_f64().unwrap(),
        cf["programme_cost"].as_f64().unwrap(),
    );
    assert_eq!(cf["participants"], 219);
    let data = example_with_leave();
    let mut spec = CostEffectSpec::example();
    spec.end_column = Some("moved_out".into());
    let fit = CostEffect::new(spec).replicates(2).fit(data).unwrap();
    assert_eq!(fit.n.used_participants, 219);
    // child-years: programme_start to the day the child left, or the cut-off (municipality.rs)
    assert_close("child-years", fit.child_years, child_years, 1e-12);
    // the ledger books each month's programme cost rounded to the øre: at most ½ øre a line
    let lines = data
        .costs
        .rows
        .iter()
        .filter(|c| c.measure == "tidlig_indsats" && c.person_id.is_some())
        .count();
    let bound = 0.005 * lines as f64;
    assert!(
        (fit.programme_cost - programme_cost).abs() <= bound,
        "{} vs {programme_cost} (± {bound})",
        fit.programme_cost
    );
    assert!(
        (fit.programme_cost_per_child_year - programme_cost / child_years).abs()
            <= bound / child_years
    );
    // without the moving-out day every child is followed to the cut-off: more child-years
    let plain = CostEffect::new(CostEffectSpec::example())
        .replicates(2)
        .fit(data)
        .unwrap();
    assert_eq!(plain.programme_cost, fit.programme_cost);
    assert!(
        plain.child_years > child_years + 40.0,
        "{}",
        plain.child_years
    );
    assert!(plain
        .warnings
        .iter()
        .any(|w| w.contains("no moving-out date")));
}

#[test]
fn the_cost_effects_intervals_cover_the_example_truth() {
    let t = truth();
    let measures = t["effects"]["measure_cost_per_child_year"]["value"]
        .as_f64()
        .unwrap();
    let total = t["effects"]["cost_per_child_year"]["value"]
        .as_f64()
        .unwrap();
    assert_close("truth", measures, -2109.6957267008756, CLOSED_FORM);
    let designs = [
        (None, CostDesign::Weighting),
        (Some("moved_out"), CostDesign::Weighting),
        (Some("moved_out"), CostDesign::DoublyRobust),
    ];
    for (end, design) in designs {
        let mut spec = CostEffectSpec::example();
        spec.end_column = end.map(String::from);
        let fit = CostEffect::new(spec)
            .design(design)
            .replicates(200)
            .seed(11)
            .fit(example_with_leave())
            .unwrap();
        let covers = |ci: [f64; 2], v: f64| ci[0] <= v && v <= ci[1];
        assert!(
            covers(fit.ci, measures),
            "{end:?}: {} {:?}",
            fit.estimate,
            fit.ci
        );
        assert!(
            covers(fit.total_effect.ci, total),
            "{end:?}: {:?}",
            fit.total_effect
        );
        assert_eq!(fit.ci_level, 0.95);
        assert!(fit.std_error > 0.0 && fit.failed_replicates == 0);
        // total − measures = the programme's own cost per child-year (the comparison has none)
        assert_close(
            "total = measures + programme",
            fit.total_effect.estimate,
            fit.estimate + fit.programme_cost_per_child_year,
            1e-9,
        );
        assert_eq!(fit.n.participants, 219);
        assert!(fit.n.used_comparison > 1000, "{:?}", fit.n);
        assert!(fit.n.excluded["in_programme_district"] > 0);
        // the years add up to the totals, and make a business case
        let py: f64 = fit.years.iter().map(|y| y.participant_years).sum();
        assert_close("participant-years", py, fit.child_years, 1e-12);
        let spent: f64 = fit.years.iter().map(|y| y.programme_spending).sum();
        assert_close("programme spending", spent, fit.programme_cost, 1e-12);
        let years = fit.business_years();
        assert_eq!(years.first().unwrap().year, 2018);
        assert_close(
            "gross savings",
            years[2].gross_savings,
            -fit.estimate * fit.years[2].participant_years,
            1e-12,
        );
        BusinessCase::new().fit(&years).unwrap();
    }
}

#[test]
fn the_cost_effect_names_missing_columns_and_empty_groups() {
    let data = example_with_leave();
    let mut spec = CostEffectSpec::example();
    spec.start_column = "start".into();
    let e = err(CostEffect::new(spec).fit(data));
    assert!(
        e.contains("no date column \"start\"") && e.contains("programme_start"),
        "{e}"
    );
    let mut spec = CostEffectSpec::example();
    spec.covariates.push("income".into());
    let e = err(CostEffect::new(spec).fit(data));
    assert!(e.contains("\"income\""), "{e}");
    let mut spec = CostEffectSpec::example();
    spec.programme_districts = (1..=12).map(|d| format!("D{d:02}")).collect();
    let e = err(CostEffect::new(spec).replicates(2).fit(data));
    assert!(e.contains("0 comparison persons"), "{e}");
    let e = err(CostEffect::new(CostEffectSpec::example())
        .replicates(1)
        .fit(data));
    assert!(e.contains("at least 2 replicates"), "{e}");
}

#[test]
fn cli_costs_gives_rows_totals_counts_and_warnings() {
    let costs = concat!(env!("CARGO_MANIFEST_DIR"), "/datasets/example/costs.csv");
    let out = indsats(&[
        "economics",
        "costs",
        "--data",
        costs,
        "--by",
        "person",
        "--from",
        "2020-01-01",
        "--to",
        "2020-12-31",
        "--format",
        "json",
    ]);
    let (stdout, stderr) = text(&out);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    let j: Value = serde_json::from_str(&stdout).unwrap();
    for key in ["source", "prices", "rows", "totals", "n", "warnings"] {
        assert!(j.get(key).is_some(), "{key} missing");
    }
    assert_eq!(j["n"]["rows_read"], 17618);
    assert!(j["n"]["excluded"]["unallocated"].as_u64().unwrap() > 0);
    assert!(j["rows"]
        .as_array()
        .unwrap()
        .iter()
        .all(|r| r["days"] == 366));
    // refunds: a negative line is an error with exit 1, naming the row
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("costs.csv");
    std::fs::write(
        &f,
        "month,measure,person_id,amount\n2024-01,plejefamilie,A,100\n2024-02,plejefamilie,A,-40\n",
    )
    .unwrap();
    let f = f.to_str().unwrap();
    let out = indsats(&["economics", "costs", "--data", f, "--format", "json"]);
    let (_, stderr) = text(&out);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("row 3, column amount"), "{stderr}");
    let out = indsats(&[
        "economics",
        "costs",
        "--data",
        f,
        "--allow-refunds",
        "--format",
        "json",
    ]);
    let (stdout, stderr) = text(&out);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    let j: Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(j["totals"]["total"], 60.0);
    // constant prices
    let idx = dir.path().join("pl.csv");
    std::fs::write(&idx, "year,index\n2024,100\n2025,110\n").unwrap();
    let out = indsats(&[
        "economics",
        "costs",
        "--data",
        f,
        "--allow-refunds",
        "--price-index",
        idx.to_str().unwrap(),
        "--base-year",
        "2025",
        "--format",
        "json",
    ]);
    let (stdout, stderr) = text(&out);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    let j: Value = serde_json::from_str(&stdout).unwrap();
    assert!((j["totals"]["total"].as_f64().unwrap() - 66.0).abs() < 1e-9);
    assert_eq!(j["base_year"], 2025);
    // a negative rate in the episodes: an error naming the row, or no rate when allowed
    let eps = dir.path().join("episodes.csv");
    std::fs::write(
        &eps,
        "person_id,measure,start_date,end_date,daily_cost\nA,plejefamilie,2024-01-01,2024-01-10,100\nB,plejefamilie,2024-01-01,2024-01-10,-5\n",
    )
    .unwrap();
    let eps = eps.to_str().unwrap();
    let args = [
        "economics",
        "costs",
        "--data",
        eps,
        "--table",
        "episodes",
        "--cutoff",
        "2024-01-31",
        "--format",
        "json",
    ];
    let out = indsats(&args);
    let (_, stderr) = text(&out);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("row 3") && stderr.contains("negative rate"),
        "{stderr}"
    );
    let out = indsats(&[&args[..], &["--allow-refunds"]].concat());
    let (stdout, stderr) = text(&out);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    let j: Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(j["totals"]["total"], 1000.0);
    assert_eq!(j["n"]["excluded"]["no_rate"], 1);
}

#[test]
fn cli_cost_effect_prints_the_estimate_json() {
    let out = indsats(&[
        "economics",
        "cost-effect",
        "--example",
        "--replicates",
        "20",
        "--format",
        "json",
    ]);
    let (stdout, stderr) = text(&out);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    let j: Value = serde_json::from_str(&stdout).unwrap();
    for key in [
        "estimate",
        "std_error",
        "ci",
        "ci_level",
        "programme_cost_per_child_year",
        "total_effect",
        "child_years",
        "n",
        "years",
        "warnings",
    ] {
        assert!(j.get(key).is_some(), "{key} missing");
    }
    assert_eq!(j["n"]["participants"], 219);
    let out = indsats(&[
        "economics",
        "cost-effect",
        "--example",
        "--design",
        "doubly-robust",
        "--replicates",
        "20",
        "--format",
        "json",
    ]);
    let (stdout, stderr) = text(&out);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    let j: Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(j["method"], "aipw");
    // the plan's covariates, overridden
    let plan = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/example_plan.toml");
    let out = indsats(&[
        "economics",
        "cost-effect",
        "--plan",
        plan,
        "--covariates",
        "logit(risk_score),parental_education,single_parent,age,female",
        "--replicates",
        "20",
        "--format",
        "json",
    ]);
    let (plan_out, stderr) = text(&out);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    let p: Value = serde_json::from_str(&plan_out).unwrap();
    let out = indsats(&[
        "economics",
        "cost-effect",
        "--example",
        "--replicates",
        "20",
        "--format",
        "json",
    ]);
    let e: Value = serde_json::from_str(&text(&out).0).unwrap();
    // the plan's files are the example's: the same estimate
    assert_eq!(p["estimate"], e["estimate"]);
    let out = indsats(&["economics", "cost-effect", "--example", "--replicates", "1"]);
    assert_eq!(out.status.code(), Some(2));
}

/// tests/reference/cost_effect_hand: ten children over one window, against R's glm.
#[test]
fn the_cost_effect_on_a_hand_case_matches_glm_weights_in_r() {
    use indsats::data::{Person, Persons};
    let x = [0.3, 0.5, 0.6, 0.8, 0.1, 0.2, 0.35, 0.4, 0.55, 0.7];
    let a = [
        10000.0, 50000.0, 0.0, 30000.0, 0.0, 5000.0, 20000.0, 0.0, 60000.0, 40000.0,
    ];
    let mut data = dataset(d(2020, 1, 1), d(2020, 12, 31));
    data.persons = Persons {
        covariate_names: vec!["programme".into(), "risk_score".into()],
        date_names: vec!["programme_start".into()],
        rows: (0..10)
            .map(|i| Person {
                person_id: format!("K{i}"),
                birth_date: Some(d(2010, 1, 1)),
                birth_year: Some(2010),
                sex: None,
                district: Some(if i < 4 { "P" } else { "Q" }.into()),
                covariates: vec![Some(f64::from(u8::from(i < 4))), Some(x[i])],
                dates: vec![(i < 4).then(|| d(2020, 7, 1))],
                row: i + 2,
            })
            .collect(),
    };
    let mut rows = vec![
        line(2, ym(2020, 7), "administration", None, 10.0),
        line(3, ym(2020, 12), "administration", None, 10.0),
    ];
    for (i, amount) in a.iter().enumerate() {
        let id = format!("K{i}");
        rows.push(line(
            rows.len() + 2,
            ym(2020, 9),
            "plejefamilie",
            Some(&id),
            *amount,
        ));
        if i < 4 {
            rows.push(line(
                rows.len() + 2,
                ym(2020, 8),
                "tidlig_indsats",
                Some(&id),
                1000.0,
            ));
        }
    }
    data.costs.rows = rows;
    let spec = CostEffectSpec {
        participant_column: "programme".into(),
        start_column: "programme_start".into(),
        programme_account: "tidlig_indsats".into(),
        programme_districts: vec!["P".into()],
        covariates: vec!["risk_score".into()],
        end_column: None,
        end_age: None,
        infer_moves: true,
    };
    let fit = CostEffect::new(spec.clone())
        .replicates(50)
        .fit(&data)
        .unwrap();
    let rel = 1e-9;
    assert_close("effect", fit.estimate, -23776.1570869942, rel);
    assert_close(
        "rate_1",
        fit.participants_measure_cost_per_child_year,
        44663.722826087,
        rel,
    );
    assert_close(
        "rate_0",
        fit.comparison_measure_cost_per_child_year,
        68439.8799130811,
        rel,
    );
    assert_close(
        "programme",
        fit.programme_cost_per_child_year,
        1985.05434782609,
        rel,
    );
    assert_close(
        "child-years",
        fit.child_years,
        4.0 * 184.0 / 365.25,
        CLOSED_FORM,
    );
    assert_eq!((fit.n.used_participants, fit.n.used_comparison), (4, 6));
    assert_eq!(fit.years.len(), 1);
    assert_eq!(fit.years[0].programme_unallocated, 0.0);
    let dr = CostEffect::new(spec)
        .design(CostDesign::DoublyRobust)
        .replicates(50)
        .fit(&data)
        .unwrap();
    assert_close("doubly robust", dr.estimate, -24756.5877293916, rel);
    assert_eq!(dr.method, "aipw");
}
