//! The economic cockpit: a hand-worked ledger, the example's totals against costs.csv to
//! the øre, the workbook read back with calamine, suppression, the errors, the CLI.

use crate::common::{indsats, text};
use calamine::{open_workbook_auto_from_rs, Data, Reader};
use chrono::NaiveDate;
use indsats::data::{CostEntry, Episode, Person, YearMonth};
use indsats::economics::{Cockpit, CockpitParams};
use indsats::report::build_cockpit;
use indsats::staircase::Staircase;
use indsats::summary::{Cell, CostSource, Count};
use indsats::Lang;
use std::collections::BTreeMap;
use std::io::Cursor;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn ym(year: i32, month: u32) -> YearMonth {
    YearMonth { year, month }
}

fn ep(person: &str, measure: &str, start: NaiveDate, end: Option<NaiveDate>) -> Episode {
    Episode {
        person_id: person.into(),
        measure: measure.into(),
        level: String::new(),
        legal_basis: None,
        provider: None,
        start_date: start,
        end_date: end,
        end_reason: None,
        daily_cost: Some(100.0),
        monthly_cost: None,
        row: 2,
    }
}

fn line(month: u32, measure: &str, person: Option<&str>, amount: f64) -> CostEntry {
    CostEntry {
        month: ym(2024, month),
        measure: measure.into(),
        person_id: person.map(String::from),
        amount,
        row: 2,
    }
}

fn person(id: &str, birth_date: Option<NaiveDate>, birth_year: Option<i32>) -> Person {
    Person {
        person_id: id.into(),
        birth_date,
        birth_year,
        sex: None,
        district: None,
        covariates: Vec::new(),
        dates: Vec::new(),
        row: 2,
    }
}

/// Three persons, two measures, January to March 2024 (cut-off 31 March):
/// ```text
/// a (born 15 Jun 2010)  plejefamilie       10 Jan – 20 Feb   ledger: Jan 10 000, Feb 8 000
/// b (born 1 Jan 2000)   familiebehandling   1 Feb – ongoing  ledger: Feb 3 000, Mar 3 000
/// c (born 2015)         plejefamilie        5 Mar – 31 Mar   ledger: Mar 5 000
/// no person             plejefamilie                         ledger: Mar 500
/// a                     plejefamilie                         ledger: Apr 999 (after the cut-off)
/// ```
fn hand_case() -> (Vec<Episode>, Vec<CostEntry>, Vec<Person>) {
    let episodes = vec![
        ep("a", "plejefamilie", d(2024, 1, 10), Some(d(2024, 2, 20))),
        ep("b", "familiebehandling", d(2024, 2, 1), None),
        ep("c", "plejefamilie", d(2024, 3, 5), Some(d(2024, 3, 31))),
    ];
    let costs = vec![
        line(1, "plejefamilie", Some("a"), 10_000.0),
        line(2, "plejefamilie", Some("a"), 8_000.0),
        line(2, "familiebehandling", Some("b"), 3_000.0),
        line(3, "familiebehandling", Some("b"), 3_000.0),
        line(3, "plejefamilie", Some("c"), 5_000.0),
        line(3, "plejefamilie", None, 500.0),
        line(4, "plejefamilie", Some("a"), 999.0),
    ];
    let persons = vec![
        person("a", Some(d(2010, 6, 15)), Some(2010)),
        person("b", Some(d(2000, 1, 1)), Some(2000)),
        person("c", None, Some(2015)),
    ];
    (episodes, costs, persons)
}

fn hand_cockpit(params: CockpitParams) -> indsats::Result<Cockpit> {
    let (e, c, p) = hand_case();
    params.fit_parts(
        &e,
        &c,
        &p,
        &Staircase::danish_default(),
        d(2024, 1, 1),
        d(2024, 3, 31),
    )
}

#[test]
fn hand_worked_ledger_gives_monthly_totals_averages_starts_and_stops() {
    let c =
        hand_cockpit(CockpitParams::new().cost_band_edges(vec![0.0, 10_000.0, 20_000.0])).unwrap();
    assert_eq!(c.source, CostSource::Ledger);
    assert_eq!(c.months.len(), 3);
    let (pf, fb) = (
        c.measure_index("plejefamilie").unwrap(),
        c.measure_index("familiebehandling").unwrap(),
    );
    let totals: Vec<f64> = c.months.iter().map(|m| m.total).collect();
    assert_eq!(totals, vec![10_000.0, 11_000.0, 8_500.0]);
    assert_eq!(c.amount(ym(2024, 3), "plejefamilie").unwrap(), 5_500.0);
    assert_eq!(c.amount(ym(2024, 2), "familiebehandling").unwrap(), 3_000.0);
    assert_eq!(c.amount(ym(2024, 1), "familiebehandling").unwrap(), 0.0);

    let avg = c.average(2024).unwrap();
    assert_eq!(avg.months, 3);
    assert_eq!(avg.amounts[pf], 23_500.0 / 3.0);
    assert_eq!(avg.amounts[fb], 2_000.0);
    assert_eq!(avg.total, 29_500.0 / 3.0);

    let starts: Vec<(usize, usize)> = c
        .months
        .iter()
        .map(|m| (m.starts[pf], m.starts[fb]))
        .collect();
    let stops: Vec<(usize, usize)> = c
        .months
        .iter()
        .map(|m| (m.stops[pf], m.stops[fb]))
        .collect();
    assert_eq!(starts, vec![(1, 0), (0, 1), (1, 0)]);
    assert_eq!(stops, vec![(0, 0), (1, 0), (1, 0)]);
    assert_eq!(c.months[1].starts_total, 1);
    assert_eq!(c.months[2].stops_total, 1);

    // active cases: the ledger line without a person adds nobody
    let cases: Vec<(usize, usize, usize)> = c
        .months
        .iter()
        .map(|m| (m.cases[pf], m.cases[fb], m.cases_total))
        .collect();
    assert_eq!(cases, vec![(1, 0, 1), (1, 1, 2), (1, 1, 2)]);
    assert_eq!(c.active_cases(ym(2024, 2), "familiebehandling").unwrap(), 1);

    // the year's distribution
    let dist = &c.distribution;
    assert_eq!(dist.year, 2024);
    assert_eq!(dist.rows[pf].cases, 2);
    assert_eq!(dist.rows[fb].cases, 1);
    assert_eq!(dist.cases_total, 3);
    assert_eq!(dist.rows[pf].case_share, Some(2.0 / 3.0));
    assert_eq!(dist.rows[pf].amount, 23_500.0);
    assert_eq!(dist.rows[fb].amount_share, Some(6_000.0 / 29_500.0));
    assert_eq!(dist.amount_total, 29_500.0);

    // cost bands: a 18 000 in [10 000, 20 000); b 6 000 and c 5 000 in [0, 10 000)
    let bands = c.cost_bands.as_ref().unwrap();
    assert_eq!(bands.years, vec![2024]);
    let counts: Vec<u64> = bands.bands.iter().map(|b| b.counts[0]).collect();
    assert_eq!(counts, vec![2, 1, 0]);
    assert_eq!(bands.totals, vec![3]);

    // age on the cut-off 31 March 2024: a 13, b 24, c 8 (born 2015, birthday unknown)
    let ages = c.age_groups.as_ref().unwrap();
    assert_eq!(ages.age_on, d(2024, 3, 31));
    let by: BTreeMap<&str, (Option<usize>, f64)> = ages
        .groups
        .iter()
        .map(|g| (g.group.as_str(), (g.persons, g.spend)))
        .collect();
    assert_eq!(by["0-6"], (Some(0), 0.0));
    assert_eq!(by["7-12"], (Some(1), 5_000.0));
    assert_eq!(by["13-17"], (Some(1), 18_000.0));
    assert_eq!(by["18-22"], (Some(0), 0.0));
    assert_eq!(by["23+"], (Some(1), 6_000.0));
    assert_eq!(by["no_person"], (None, 500.0));
    assert!(!by.contains_key("unknown_age"));
    assert_eq!(ages.total, 29_500.0);
    assert_eq!(ages.persons_total, 3);

    assert_eq!(c.n.ledger_rows, 7);
    assert_eq!(c.n.ledger_rows_used, 6);
    assert_eq!(c.n.ledger_rows_after_cutoff, 1);
    assert_eq!(c.n.ledger_amount_after_cutoff, 999.0);
    assert_eq!(c.n.ledger_rows_without_person, 1);
}

#[test]
fn without_a_ledger_the_cockpit_uses_the_episodes_rates() {
    let (e, _, p) = hand_case();
    let c = CockpitParams::new()
        .fit_parts(
            &e,
            &[],
            &p,
            &Staircase::danish_default(),
            d(2024, 1, 1),
            d(2024, 3, 31),
        )
        .unwrap();
    assert_eq!(c.source, CostSource::Episodes);
    // a: 22 days in January, 20 in February at 100 kr.; b: 29 + 31 days; c: 27 days
    assert_eq!(c.amount(ym(2024, 1), "plejefamilie").unwrap(), 2_200.0);
    assert_eq!(c.amount(ym(2024, 2), "plejefamilie").unwrap(), 2_000.0);
    assert_eq!(c.amount(ym(2024, 3), "plejefamilie").unwrap(), 2_700.0);
    assert_eq!(c.amount(ym(2024, 3), "familiebehandling").unwrap(), 3_100.0);
    let bands = c.cost_bands.as_ref().unwrap();
    assert_eq!(bands.totals, vec![3]); // a 4 200, b 6 000, c 2 700
}

#[test]
fn refunds_larger_than_costs_leave_the_citizen_out_of_the_bands_and_are_counted() {
    let (e, mut costs, p) = hand_case();
    costs.push(line(3, "familiebehandling", Some("b"), -7_000.0));
    let c = CockpitParams::new()
        .fit_parts(
            &e,
            &costs,
            &p,
            &Staircase::danish_default(),
            d(2024, 1, 1),
            d(2024, 3, 31),
        )
        .unwrap();
    assert_eq!(c.cost_bands.as_ref().unwrap().totals, vec![2]);
    assert_eq!(c.n.negative_annual_costs[0].count, 1);
    // b's age group is negative, so spending by age group has no shares: a warning, not a panic
    assert!(c.age_groups.is_none());
    assert!(c.warnings.iter().any(|w| w.contains("age group")));
    // one citizen: hidden in what is shown
    let r = build_cockpit(&c, Lang::Da).unwrap();
    assert_eq!(
        r.n.negative_annual_costs[0].count,
        Cell::Count(Count::Suppressed { secondary: false })
    );
    let bands = r.table("cost_bands").unwrap();
    assert!(
        bands.notes.iter().any(|n| n.contains("<5 borgere")),
        "{:?}",
        bands.notes
    );
}

#[test]
fn small_counts_are_hidden_in_the_renderings_and_kept_in_the_result() {
    let c = hand_cockpit(CockpitParams::new()).unwrap();
    assert_eq!(c.months[0].cases_total, 1);
    let r = build_cockpit(&c, Lang::Da).unwrap();
    let cases = r.table("active_cases").unwrap();
    assert!(cases
        .rows
        .iter()
        .flat_map(|r| &r.cells)
        .all(|cell| !matches!(
            cell,
            Cell::Count(Count::Shown(v)) if (1..5).contains(v)
        )));
    assert!(matches!(
        cases.rows[0].cells.last().unwrap(),
        Cell::Count(Count::Suppressed { secondary: false })
    ));
    assert!(cases.notes.iter().any(|n| n.contains("<5")));
    // zero is shown as zero
    let fb = 1 + c.measure_index("familiebehandling").unwrap();
    assert_eq!(cases.rows[0].cells[fb], Cell::Count(Count::Shown(0)));
    // the JSON holds no hidden count
    let json = r.to_json().unwrap();
    assert!(json.contains("\"suppressed\": true"));

    // with threshold 1 nothing is hidden
    let c1 = hand_cockpit(CockpitParams::new().small_cell_threshold(1)).unwrap();
    let r1 = build_cockpit(&c1, Lang::En).unwrap();
    let cases = r1.table("active_cases").unwrap();
    assert_eq!(
        cases.rows[1].cells.last().unwrap(),
        &Cell::Count(Count::Shown(2))
    );
    assert!(!r1.to_json().unwrap().contains("\"suppressed\""));

    // threshold 3: no start or stop of 1 or 2 is shown, nor can one be worked out
    let c3 = hand_cockpit(CockpitParams::new().small_cell_threshold(3)).unwrap();
    let r3 = build_cockpit(&c3, Lang::Da).unwrap();
    let flow = r3.table("starts_stops").unwrap();
    for row in &flow.rows {
        assert!(row.cells.iter().all(|cell| !matches!(
            cell,
            Cell::Count(Count::Shown(v)) if (1..3).contains(v)
        )));
    }
}

#[test]
fn bad_inputs_give_clear_errors() {
    let c = hand_cockpit(CockpitParams::new()).unwrap();
    let e = c.month(ym(2023, 12)).unwrap_err().to_string();
    assert!(
        e.contains("2023-12")
            && e.contains("outside the ledger")
            && e.contains("2024-01 to 2024-03"),
        "{e}"
    );
    let e = c
        .amount(ym(2024, 4), "plejefamilie")
        .unwrap_err()
        .to_string();
    assert!(e.contains("2024-04"), "{e}");
    let e = c.amount(ym(2024, 1), "ridning").unwrap_err().to_string();
    assert!(
        e.contains("unknown measure \"ridning\"") && e.contains("plejefamilie"),
        "{e}"
    );
    let e = hand_cockpit(CockpitParams::new().year(2030))
        .unwrap_err()
        .to_string();
    assert!(
        e.contains("year 2030") && e.contains("2024-01 to 2024-03"),
        "{e}"
    );
    let e = hand_cockpit(CockpitParams::new().small_cell_threshold(0))
        .unwrap_err()
        .to_string();
    assert!(e.contains("at least 1"), "{e}");
    let e = hand_cockpit(CockpitParams::new().cost_band_edges(vec![0.0, 0.0]))
        .unwrap_err()
        .to_string();
    assert!(e.contains("strictly increasing"), "{e}");
    let e = hand_cockpit(CockpitParams::new().age_edges(vec![3, 10]))
        .unwrap_err()
        .to_string();
    assert!(e.contains("start at 0"), "{e}");
    let e = CockpitParams::new()
        .fit_parts(
            &[],
            &[],
            &[],
            &Staircase::danish_default(),
            d(2024, 1, 1),
            d(2024, 3, 31),
        )
        .unwrap_err()
        .to_string();
    assert!(e.contains("no spending"), "{e}");
    let (eps, costs, persons) = hand_case();
    let e = CockpitParams::new()
        .fit_parts(
            &eps,
            &costs,
            &persons,
            &Staircase::danish_default(),
            d(2023, 1, 1),
            d(2023, 6, 30),
        )
        .unwrap_err()
        .to_string();
    assert!(
        e.contains("all 7 ledger lines are booked after the cut-off month 2023-06"),
        "{e}"
    );
}

/// costs.csv of the example, summed per month, per measure, and per both.
struct LedgerSums {
    month: BTreeMap<String, f64>,
    measure: BTreeMap<String, f64>,
    cell: BTreeMap<(String, String), f64>,
    total: f64,
}

fn example_ledger() -> LedgerSums {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/datasets/example/costs.csv");
    let text = std::fs::read_to_string(path).unwrap();
    let mut s = LedgerSums {
        month: BTreeMap::new(),
        measure: BTreeMap::new(),
        cell: BTreeMap::new(),
        total: 0.0,
    };
    let mut lines = text.lines();
    assert_eq!(lines.next(), Some("month,measure,person_id,amount"));
    for l in lines {
        let f: Vec<&str> = l.split(',').collect();
        let a: f64 = f[3].parse().unwrap();
        *s.month.entry(f[0].into()).or_default() += a;
        *s.measure.entry(f[1].into()).or_default() += a;
        *s.cell.entry((f[0].into(), f[1].into())).or_default() += a;
        s.total += a;
    }
    s
}

/// Kroner to whole øre: the ledger's amounts have two decimals, so sums in a different
/// order differ by far less than half an øre.
fn oere(v: f64) -> i64 {
    (v * 100.0).round() as i64
}

#[test]
fn the_example_cockpit_totals_equal_the_ledger_to_the_oere() {
    let data = indsats::datasets::example().unwrap();
    let c = CockpitParams::new().fit(&data).unwrap();
    let l = example_ledger();
    assert_eq!(c.months.len(), l.month.len());
    for m in &c.months {
        let key = m.month.to_string();
        assert_eq!(oere(m.total), oere(l.month[&key]), "{key}");
        for (j, measure) in c.measures.iter().enumerate() {
            let want = l
                .cell
                .get(&(key.clone(), measure.clone()))
                .copied()
                .unwrap_or(0.0);
            assert_eq!(oere(m.amounts[j]), oere(want), "{key} {measure}");
        }
    }
    for (j, measure) in c.measures.iter().enumerate() {
        let sum: f64 = c.months.iter().map(|m| m.amounts[j]).sum();
        assert_eq!(oere(sum), oere(l.measure[measure]), "{measure}");
    }
    assert_eq!(c.measures.len(), l.measure.len());
    assert_eq!(oere(c.months.iter().map(|m| m.total).sum()), oere(l.total));
    assert_eq!(c.year, 2024);
    assert_eq!(c.n.ledger_rows_used, 17_618);
}

fn col_letter(c: u32) -> char {
    assert!(c < 26);
    (b'A' + c as u8) as char
}

fn cell_f64(d: &Data) -> Option<f64> {
    match d {
        Data::Float(v) => Some(*v),
        Data::Int(v) => Some(*v as f64),
        _ => None,
    }
}

#[test]
fn the_workbook_read_back_with_calamine_has_the_sheets_headers_and_ledger_totals() {
    let data = indsats::datasets::example().unwrap();
    let c = CockpitParams::new().fit(&data).unwrap();
    let r = build_cockpit(&c, Lang::Da).unwrap();
    let bytes = r.to_xlsx().unwrap();
    let mut wb = open_workbook_auto_from_rs(Cursor::new(bytes)).unwrap();
    let names = wb.sheet_names();
    assert_eq!(
        names,
        vec![
            "Månedligt forbrug",
            "Gennemsnit pr. måned",
            "Aktive sager",
            "Tilgang og afgang",
            "Fordeling",
            "Omkostningsgrupper",
            "Aldersgrupper",
            "Om data"
        ]
    );
    assert!(names.iter().all(|n| n.chars().count() <= 31));

    let l = example_ledger();
    let range = wb.worksheet_range("Månedligt forbrug").unwrap();
    let rows: Vec<&[Data]> = range.rows().collect();
    let header: Vec<String> = rows[0].iter().map(|d| d.to_string()).collect();
    assert_eq!(header[0], "Måned");
    assert_eq!(header.last().unwrap(), "I alt");
    assert_eq!(header.len(), c.measures.len() + 2);
    assert_eq!(header[1], c.measure_names[0].da);
    assert_eq!(rows.len(), 1 + c.months.len() + 1);
    for row in &rows[1..=c.months.len()] {
        let month = row[0].to_string();
        // every amount is a number, and the month's total (a formula's cached value) is the ledger's
        for (j, measure) in c.measures.iter().enumerate() {
            let v = cell_f64(&row[j + 1])
                .unwrap_or_else(|| panic!("{month} {measure}: {:?}", row[j + 1]));
            let want = l
                .cell
                .get(&(month.clone(), measure.clone()))
                .copied()
                .unwrap_or(0.0);
            assert_eq!(oere(v), oere(want), "{month} {measure}");
        }
        let total = cell_f64(row.last().unwrap()).unwrap();
        assert_eq!(oere(total), oere(l.month[&month]), "{month}");
    }
    let totals = rows.last().unwrap();
    assert_eq!(totals[0].to_string(), "I alt");
    assert_eq!(
        oere(cell_f64(totals.last().unwrap()).unwrap()),
        oere(l.total)
    );

    // the totals are formulas
    let formulas = wb.worksheet_formula("Månedligt forbrug").unwrap();
    // (positions are the sheet's: row 0 is the header, row n + 1 the totals)
    let last_col = (c.measures.len() + 1) as u32;
    let n = c.months.len() as u32;
    let at = |r: u32, col: u32| formulas.get_value((r, col)).cloned().unwrap_or_default();
    assert_eq!(at(n + 1, 1), format!("SUM(B2:B{})", n + 1));
    assert_eq!(
        at(n + 1, last_col),
        format!("SUM({0}2:{0}{1})", col_letter(last_col), n + 1)
    );
    assert_eq!(
        at(1, last_col),
        format!("SUM(B2:{}2)", col_letter(last_col - 1))
    );
    assert_eq!(at(1, 1), "", "a month's amount is a number, not a formula");

    // hidden counts are text, others numbers
    let cases = wb.worksheet_range("Aktive sager").unwrap();
    let mut hidden = 0;
    for row in cases.rows().skip(1) {
        for cell in &row[1..] {
            match cell {
                Data::String(s) => {
                    assert_eq!(s, "<5");
                    hidden += 1;
                }
                other => {
                    let v = cell_f64(other).unwrap();
                    assert!(v == 0.0 || v >= 5.0, "{v}");
                }
            }
        }
    }
    assert!(hidden > 0);

    // "Om data": source, period, cut-off, suppression, rows left out
    let about = wb.worksheet_range("Om data").unwrap();
    let text: Vec<String> = about
        .rows()
        .map(|r| {
            r.iter()
                .map(|d| d.to_string())
                .collect::<Vec<_>>()
                .join(" | ")
        })
        .collect();
    let all = text.join("\n");
    for needle in [
        "Kilde",
        "2015-01 – 2024-12",
        "2024-12-31",
        "Diskretionering",
        "udeladt ved validering",
    ] {
        assert!(all.contains(needle), "{needle} not in {all}");
    }
}

#[test]
fn the_html_is_self_contained_in_danish_and_english() {
    let c = hand_cockpit(CockpitParams::new()).unwrap();
    let da = build_cockpit(&c, Lang::Da).unwrap().to_html();
    let en = build_cockpit(&c, Lang::En).unwrap().to_html();
    for h in [&da, &en] {
        assert!(h.starts_with("<!DOCTYPE html>"));
        assert!(!h.contains("<script") && !h.contains("http://") && !h.contains("https://"));
        assert_eq!(h.matches("<svg").count(), 2);
    }
    assert!(da.contains("lang=\"da\"") && da.contains("Månedligt forbrug"));
    assert!(en.contains("lang=\"en\"") && en.contains("Monthly spending"));
}

#[test]
fn cli_cockpit_writes_html_workbook_and_json() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("cockpit");
    let o = indsats(&[
        "economics",
        "cockpit",
        "--example",
        "--out",
        out.to_str().unwrap(),
        "--year",
        "2023",
        "--lang",
        "en",
        "--small-cell",
        "3",
    ]);
    let (_, stderr) = text(&o);
    assert_eq!(o.status.code(), Some(0), "{stderr}");
    for f in ["cockpit.html", "cockpit.xlsx", "cockpit.json"] {
        assert!(out.join(f).exists(), "{f}");
    }
    let j: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("cockpit.json")).unwrap()).unwrap();
    for key in [
        "title",
        "lang",
        "source",
        "cutoff",
        "first_month",
        "last_month",
        "year",
        "small_cell_threshold",
        "software",
        "n",
        "warnings",
        "about",
        "sheets",
        "charts",
    ] {
        assert!(j.get(key).is_some(), "{key}");
    }
    assert_eq!(j["year"], 2023);
    assert_eq!(j["lang"], "en");
    assert_eq!(j["small_cell_threshold"], 3);
    assert_eq!(j["source"], "ledger");
    assert_eq!(j["sheets"][0]["sheet"], "Monthly spending");
    assert_eq!(j["n"]["ledger_rows_used"], 17_618);

    let o = indsats(&[
        "economics",
        "cockpit",
        "--example",
        "--out",
        out.to_str().unwrap(),
        "--year",
        "2031",
    ]);
    let (_, stderr) = text(&o);
    assert_eq!(o.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("year 2031"), "{stderr}");

    let o = indsats(&[
        "economics",
        "cockpit",
        "--example",
        "--out",
        out.to_str().unwrap(),
        "--small-cell",
        "0",
    ]);
    assert_eq!(o.status.code(), Some(2));
    // the same data through the plan
    let plan = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/example_plan.toml");
    let o = indsats(&[
        "economics",
        "cockpit",
        "--plan",
        plan,
        "--out",
        out.to_str().unwrap(),
    ]);
    let (_, stderr) = text(&o);
    assert_eq!(o.status.code(), Some(0), "{stderr}");
    let j: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("cockpit.json")).unwrap()).unwrap();
    assert_eq!(j["lang"], "da");
    assert_eq!(j["year"], 2024);
    assert_eq!(j["sheets"][0]["sheet"], "Månedligt forbrug");

    let o = indsats(&["economics", "cockpit", "--example"]);
    assert_eq!(o.status.code(), Some(2), "--out is required");
}
