//! The report, built from small hand-made datasets with numbers worked out by hand.

use chrono::NaiveDate;
use indsats::data::{
    CostEntry, Costs, Dataset, EndReason, Episode, Episodes, Issue, IssueKind, TableCount,
    TableKind, ValidationReport, YearMonth,
};
use indsats::report::{build_report, Block, Report, ReportOptions};
use indsats::staircase::Staircase;
use indsats::summary::{Cell, ColumnKind, Count, Table};
use indsats::Lang;
use serde_json::Value;
use std::collections::BTreeMap;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn ep(
    person: &str,
    measure: &str,
    level: &str,
    start: NaiveDate,
    end: Option<NaiveDate>,
    reason: Option<EndReason>,
    daily: f64,
) -> Episode {
    Episode {
        person_id: person.into(),
        measure: measure.into(),
        level: level.into(),
        legal_basis: None,
        provider: None,
        start_date: start,
        end_date: end,
        end_reason: reason,
        daily_cost: Some(daily),
        monthly_cost: None,
        row: 2,
    }
}

fn dataset(episodes: Vec<Episode>, costs: Vec<CostEntry>, cutoff: NaiveDate) -> Dataset {
    Dataset {
        persons: Default::default(),
        episodes: Episodes { rows: episodes },
        assessments: Default::default(),
        costs: Costs { rows: costs },
        outcomes: Default::default(),
        staircase: Staircase::danish_default(),
        start: NaiveDate::MIN,
        cutoff,
        validation: ValidationReport::default(),
    }
}

/// `n` persons named `{prefix}{i}`, each with a copy of `episode`.
fn group(prefix: &str, n: usize, episode: Episode) -> Vec<Episode> {
    (0..n)
        .map(|i| Episode {
            person_id: format!("{prefix}{i}"),
            ..episode.clone()
        })
        .collect()
}

/// 2023–2024, cut-off 31 December 2024:
/// - 10 in foster care (1000 kr./day) from 1 Jan 2023, ongoing
/// - 6 in residential care (3000 kr./day) from 1 Jun 2023, ongoing
/// - 7 in family treatment (500 kr./day) 1 Mar – 31 Oct 2023, ended: home
/// - 20 in family treatment (500 kr./day) from 1 Feb 2024, ongoing
fn two_years() -> Dataset {
    let mut e = group(
        "f",
        10,
        ep(
            "",
            "plejefamilie",
            "foster",
            d(2023, 1, 1),
            None,
            None,
            1000.0,
        ),
    );
    e.extend(group(
        "r",
        6,
        ep(
            "",
            "opholdssted",
            "residential",
            d(2023, 6, 1),
            None,
            None,
            3000.0,
        ),
    ));
    e.extend(group(
        "h",
        7,
        ep(
            "",
            "familiebehandling",
            "home",
            d(2023, 3, 1),
            Some(d(2023, 10, 31)),
            Some(EndReason::Home),
            500.0,
        ),
    ));
    e.extend(group(
        "n",
        20,
        ep(
            "",
            "familiebehandling",
            "home",
            d(2024, 2, 1),
            None,
            None,
            500.0,
        ),
    ));
    dataset(e, Vec::new(), d(2024, 12, 31))
}

fn summary_items(r: &Report) -> Vec<String> {
    match &r.section("summary").unwrap().blocks[0] {
        Block::List { items } => items.clone(),
        other => panic!("summary is not a list: {other:?}"),
    }
}

fn column(t: &Table, key: &str) -> usize {
    t.columns
        .iter()
        .position(|c| c.key == key)
        .unwrap_or_else(|| panic!("{}: no column {key}", t.id))
}

fn row<'a>(t: &'a Table, label: &str) -> &'a [Cell] {
    &t.rows
        .iter()
        .find(|r| r.cells[0] == Cell::text(label))
        .unwrap_or_else(|| panic!("{}: no row {label}", t.id))
        .cells
}

#[test]
fn the_summary_says_in_danish_what_the_numbers_are() {
    let r = build_report(&two_years(), &ReportOptions::new(Lang::Da)).unwrap();
    let k = &r.key_figures;
    // 31 Dec 2024: 10 foster + 6 residential + 20 home; 31 Dec 2023: 10 + 6
    assert_eq!(k.persons_on_staircase, Some(Count::Shown(36)));
    assert_eq!(k.persons_on_staircase_previous, Some(Count::Shown(16)));
    assert_eq!(k.placed, Some(Count::Shown(16)));
    assert_eq!(k.residential, Some(Count::Shown(6)));
    assert_eq!(k.starts, Some(Count::Shown(20)));
    assert_eq!(k.ends, Some(Count::Shown(0)));
    // 2024 (366 days): 10*1000*366 + 6*3000*366 + 20*500*335 (1 Feb - 31 Dec)
    // 2023: 10*1000*365 + 6*3000*214 (1 Jun - 31 Dec) + 7*500*245 (1 Mar - 31 Oct)
    let s = k.spending.as_ref().unwrap();
    assert_eq!(s.amount, 13_598_000.0);
    assert_eq!(s.previous_amount, Some(8_359_500.0));
    assert_eq!(
        s.from,
        YearMonth {
            year: 2024,
            month: 1
        }
    );

    let items = summary_items(&r);
    assert_eq!(
        items[0],
        "Pr. 31. december 2024 modtog 36 børn og unge en indsats på indsatstrappen, mod 16 pr. 31. december 2023."
    );
    assert!(
        items[1].starts_with(
            "16 af dem var anbragt uden for hjemmet: 62,5 % i netværkspleje, plejefamilie"
        ),
        "{}",
        items[1]
    );
    assert!(
        items[1].contains("plejefamilie eller eget værelse"),
        "{}",
        items[1]
    );
    assert!(
        items[1].contains("37,5 % i opholdssted og døgninstitution."),
        "{}",
        items[1]
    );
    assert!(
        items[1].contains("Et år tidligere var andelen i opholdssted og døgninstitution 37,5 %.")
    );
    assert_eq!(
        items[2],
        "I 2024 blev 20 indsatser påbegyndt og 0 afsluttet."
    );
    assert_eq!(
        items[3],
        "Udgifterne var 13,6 mio. kr. i 2024, mod 8,4 mio. kr. i 2023 (+62,7 %)."
    );
    assert!(
        items[4].contains("takster"),
        "the cost source is named: {}",
        items[4]
    );
}

#[test]
fn the_tables_hold_the_hand_worked_numbers() {
    let r = build_report(&two_years(), &ReportOptions::new(Lang::Da)).unwrap();
    let t = r.table("staircase_on_date").unwrap();
    let y23 = row(t, "2023");
    assert_eq!(y23[column(t, "foster")], Cell::Count(Count::Shown(10)));
    assert_eq!(y23[column(t, "residential")], Cell::Count(Count::Shown(6)));
    assert_eq!(y23[column(t, "home")], Cell::Count(Count::Shown(0)));
    assert_eq!(y23[column(t, "total")], Cell::Count(Count::Shown(16)));
    // during 2023 also the 7 in family treatment
    assert_eq!(y23[column(t, "during_year")], Cell::Count(Count::Shown(23)));

    let t = r.table("ends_by_reason").unwrap();
    assert_eq!(
        row(t, "2023")[column(t, "home")],
        Cell::Count(Count::Shown(7))
    );
    let t = r.table("starts_by_level").unwrap();
    assert_eq!(
        row(t, "2023")[column(t, "total")],
        Cell::Count(Count::Shown(23))
    );
    assert_eq!(
        row(t, "I alt")[column(t, "total")],
        Cell::Count(Count::Shown(43))
    );

    let t = r.table("spending_by_year").unwrap();
    let total = row(t, "I alt");
    assert!(
        matches!(total[column(t, "2024")], Cell::Amount(a) if a.value == 13_598_000.0 && !a.few_persons)
    );
    let t = r.table("placements").unwrap();
    assert!(
        matches!(row(t, "2024")[column(t, "residential_share")], Cell::Share(s) if s.shown() == Some(0.375))
    );

    let html = r.to_html();
    assert!(html.contains("Udgifter pr. år, fordelt på indsats (1.000 kr.)"));
    assert!(html.contains(">13.598</td>"));
    assert!(html.contains("37,5 %"));
}

#[test]
fn english_reports_use_english_words_and_numbers() {
    let r = build_report(&two_years(), &ReportOptions::new(Lang::En)).unwrap();
    let html = r.to_html();
    assert!(html.contains("<html lang=\"en\">"));
    assert!(html.contains("In brief"));
    // amounts in the millions are shown in thousands, the unit in the title
    assert!(html.contains("Spending per year, by measure (DKK thousand)"));
    assert!(html.contains(">13,598</td>"));
    assert!(!html.contains("Kort fortalt"));
    let items = summary_items(&r);
    assert_eq!(
        items[0],
        "On 31 December 2024, 36 children and young people received a measure on the staircase, against 16 on 31 December 2023."
    );
    assert_eq!(
        items[3],
        "Spending was DKK 13.6 million in 2024, against DKK 8.4 million in 2023 (+62.7%)."
    );
    let md = r.to_markdown();
    assert!(md.contains("## In brief"));
}

/// 2024 only: 20 home, 10 foster, 3 own room, 6 residential, all from 1 Feb 2024.
fn with_a_small_level() -> Dataset {
    let mut e = group(
        "h",
        20,
        ep(
            "",
            "familiebehandling",
            "home",
            d(2024, 2, 1),
            None,
            None,
            500.0,
        ),
    );
    e.extend(group(
        "f",
        10,
        ep(
            "",
            "plejefamilie",
            "foster",
            d(2024, 2, 1),
            None,
            None,
            1000.0,
        ),
    ));
    e.extend(group(
        "o",
        3,
        ep(
            "",
            "eget_vaerelse",
            "own_room",
            d(2024, 2, 1),
            None,
            None,
            800.0,
        ),
    ));
    e.extend(group(
        "r",
        6,
        ep(
            "",
            "opholdssted",
            "residential",
            d(2024, 2, 1),
            None,
            None,
            3000.0,
        ),
    ));
    dataset(e, Vec::new(), d(2024, 12, 31))
}

/// Every line that adds up to a shown total has no suppressed cell alone.
fn assert_no_lone_suppressed(t: &Table, parts: &[usize], total: usize) {
    for r in &t.rows {
        if matches!(r.cells[total], Cell::Count(Count::Shown(_))) {
            let hidden = parts
                .iter()
                .filter(|&&c| matches!(r.cells[c], Cell::Count(Count::Suppressed { .. })))
                .count();
            assert_ne!(
                hidden, 1,
                "{}: row {:?} has one hidden cell next to a shown total",
                t.id, r.cells[0]
            );
        }
    }
}

#[test]
fn small_counts_are_hidden_everywhere_and_cannot_be_worked_out() {
    let r = build_report(&with_a_small_level(), &ReportOptions::new(Lang::Da)).unwrap();
    let t = r.table("staircase_on_date").unwrap();
    let y = row(t, "2024");
    assert_eq!(
        y[column(t, "own_room")],
        Cell::Count(Count::Suppressed { secondary: false })
    );
    // family-based = foster + own room + kinship = 13 would give the 3 away: foster goes too
    assert_eq!(
        y[column(t, "foster")],
        Cell::Count(Count::Suppressed { secondary: true })
    );
    assert_eq!(y[column(t, "total")], Cell::Count(Count::Shown(39)));
    let level_cols: Vec<usize> = (1..=7).collect();
    assert_no_lone_suppressed(t, &level_cols, column(t, "total"));
    let p = r.table("placements").unwrap();
    assert_eq!(
        row(p, "2024")[column(p, "family_based")],
        Cell::Count(Count::Shown(13))
    );

    let starts = r.table("starts_by_level").unwrap();
    assert_no_lone_suppressed(starts, &level_cols, column(starts, "total"));
    for c in level_cols.iter().chain([&column(starts, "total")]) {
        let col: Vec<&Cell> = starts.rows.iter().map(|r| &r.cells[*c]).collect();
        let hidden = col[..col.len() - 1]
            .iter()
            .filter(|c| matches!(c, Cell::Count(Count::Suppressed { .. })))
            .count();
        if matches!(col[col.len() - 1], Cell::Count(Count::Shown(_))) {
            assert_ne!(hidden, 1, "column {c} of starts has one hidden cell");
        }
    }

    // the per-measure persons table: 3 in own room is <5
    let cases = r.table("cases_by_year").unwrap();
    assert_eq!(
        row(cases, "Eget værelse")[1],
        Cell::Count(Count::Suppressed { secondary: false })
    );
    // and the amount resting on 3 persons is flagged
    let spend = r.table("spending_by_year").unwrap();
    assert!(matches!(row(spend, "Eget værelse")[1], Cell::Amount(a) if a.few_persons));

    let html = r.to_html();
    assert!(html.contains("&lt;5"));
    assert!(
        html.contains("*</td>"),
        "an amount resting on few persons is marked"
    );
    let md = r.to_markdown();
    assert!(
        md.contains("| <5 |") || md.contains("<5 |"),
        "markdown shows <5"
    );

    // no chart draws the hidden level
    let chart = r.charts().find(|c| c.id == "chart-staircase").unwrap();
    let own = chart
        .series
        .iter()
        .find(|s| s.name == "Eget værelse, kost- og efterskole")
        .unwrap();
    assert_eq!(own.values, vec![None]);
    // foster (10, hidden as x) and own room (3) are drawn together as the hidden part
    let hidden = chart.series.last().unwrap();
    assert_eq!(hidden.name, "Skjult af hensyn til diskretion");
    assert_eq!(hidden.values, vec![Some(13.0)]);

    // JSON: null with a marker
    let json: Value = serde_json::from_str(&r.to_json().unwrap()).unwrap();
    let table = json["sections"][1]["blocks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|b| b["type"] == "table" && b["id"] == "staircase_on_date")
        .unwrap();
    let own_room = &table["rows"][0]["cells"][column(t, "own_room")];
    assert_eq!(
        own_room,
        &serde_json::json!({"value": null, "suppressed": true})
    );
    let foster = &table["rows"][0]["cells"][column(t, "foster")];
    assert_eq!(
        foster,
        &serde_json::json!({"value": null, "suppressed": true, "secondary": true})
    );
    assert!(!r.to_json().unwrap().contains("NaN"));
}

#[test]
fn a_higher_threshold_hides_more() {
    let r = build_report(
        &with_a_small_level(),
        &ReportOptions::new(Lang::Da).small_cell_threshold(11),
    )
    .unwrap();
    let t = r.table("staircase_on_date").unwrap();
    assert_eq!(
        row(t, "2024")[column(t, "foster")],
        Cell::Count(Count::Suppressed { secondary: false })
    );
    assert!(r.to_html().contains("&lt;11"));
    let r = build_report(
        &with_a_small_level(),
        &ReportOptions::new(Lang::Da).small_cell_threshold(1),
    )
    .unwrap();
    let t = r.table("staircase_on_date").unwrap();
    assert_eq!(
        row(t, "2024")[column(t, "own_room")],
        Cell::Count(Count::Shown(3))
    );
    assert!(build_report(
        &with_a_small_level(),
        &ReportOptions::new(Lang::Da).small_cell_threshold(0)
    )
    .is_err());
}

fn hostile() -> Dataset {
    let mut data = two_years();
    data.costs = Costs {
        rows: vec![
            CostEntry {
                month: YearMonth {
                    year: 2024,
                    month: 3,
                },
                measure: "<script>alert('x')</script>".into(),
                person_id: None,
                amount: 1000.0,
                row: 2,
            },
            CostEntry {
                month: YearMonth {
                    year: 2024,
                    month: 4,
                },
                measure: "plejefamilie".into(),
                person_id: None,
                amount: 5000.0,
                row: 3,
            },
        ],
    };
    let mut v = ValidationReport::default();
    v.tables.push(TableCount {
        table: TableKind::Costs,
        file: "udgifter<img src=x>.csv".into(),
        rows_read: 3,
        rows_used: 2,
        excluded: BTreeMap::from([(IssueKind::Unparseable, 1)]),
    });
    v.push(Issue {
        table: TableKind::Costs,
        file: "udgifter<img src=x>.csv".into(),
        kind: IssueKind::Unparseable,
        row: Some(4),
        column: Some("beløb".into()),
        value: Some("\"><iframe>".into()),
        expected: indsats::data::Expected::Number,
        excluded: true,
    });
    data.validation = v;
    data
}

#[test]
fn text_from_the_data_cannot_inject_html_or_markdown() {
    let opts = ReportOptions::new(Lang::Da)
        .municipality("Kommune <b>X</b>")
        .title("Tal & fakta");
    let r = build_report(&hostile(), &opts).unwrap();
    let html = r.to_html();
    for bad in ["<script", "<img", "<iframe", "<b>"] {
        assert!(!html.contains(bad), "html contains {bad}");
    }
    assert!(html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"));
    assert!(html.contains("Tal &amp; fakta"));
    assert!(html.contains("&quot;&gt;&lt;iframe&gt;"));
    let md = r.to_markdown();
    assert!(md.contains("\\<script\\>"), "markdown escapes the tag");
    assert_eq!(
        md.matches("<script").count(),
        md.matches("\\<script").count(),
        "every tag is escaped"
    );
    // the data quality section counts the bad row
    let p = r.table("data_problems").unwrap();
    assert_eq!(p.rows[0].cells[2], Cell::Integer(1));
    let ex = r.table("data_examples").unwrap();
    assert_eq!(ex.rows[0].cells[2], Cell::Integer(4));
}

#[test]
fn the_html_is_self_contained_and_accessible() {
    let r = build_report(&hostile(), &ReportOptions::new(Lang::Da)).unwrap();
    let html = r.to_html();
    assert!(html.starts_with("<!DOCTYPE html>\n<html lang=\"da\">"));
    for bad in [
        "http://",
        "https://",
        "<script",
        "<link",
        "<img",
        "@import",
        "url(",
        "@font-face",
    ] {
        assert!(!html.contains(bad), "html contains {bad}");
    }
    assert!(html.contains("@media print"));
    assert!(html.contains("break-before: page"));
    assert!(html.contains("<th scope=\"col\""));
    assert!(html.contains("<th scope=\"row\""));
    // staircase, flow, spending, how placements end, moves between steps
    assert_eq!(html.matches("<svg").count(), 5);
    assert_eq!(html.matches("<figcaption>").count(), 5);
    let md = r.to_markdown();
    assert!(!md.contains("http"));
    assert!(!r.to_json().unwrap().contains("http"));
}

#[test]
fn the_ledger_is_used_when_it_has_rows() {
    let r = build_report(&hostile(), &ReportOptions::new(Lang::Da)).unwrap();
    assert_eq!(
        serde_json::to_value(r.key_figures.cost_source).unwrap(),
        "ledger"
    );
    let t = r.table("spending_by_year").unwrap();
    assert!(matches!(row(t, "I alt")[1], Cell::Amount(a) if a.value == 6000.0));
    assert!(!r.warnings.iter().any(|w| w.contains("takster")));
    assert!(
        r.warnings
            .iter()
            .any(|w| w.starts_with("Problemer registreret i data: 1.")),
        "{:?}",
        r.warnings
    );
}

#[test]
fn report_json_has_numbers_warnings_and_n() {
    let dir = tempfile::tempdir().unwrap();
    let r = build_report(&two_years(), &ReportOptions::new(Lang::Da)).unwrap();
    let paths = r.write_dir(dir.path().join("out")).unwrap();
    let names: Vec<String> = paths
        .iter()
        .map(|p| p.file_name().unwrap().to_string_lossy().into())
        .collect();
    assert_eq!(names, ["report.html", "report.md", "report.json"]);
    let json: Value = serde_json::from_str(&std::fs::read_to_string(&paths[2]).unwrap()).unwrap();
    assert!(json["warnings"].is_array());
    assert_eq!(json["n"]["episodes"], 43);
    assert_eq!(json["cutoff"], "2024-12-31");
    assert_eq!(json["lang"], "da");
    assert_eq!(json["small_cell_threshold"], 5);
    assert_eq!(json["key_figures"]["persons_on_staircase"]["value"], 36);
    assert_eq!(json["key_figures"]["spending"]["amount"], 13_598_000.0);
    let ids: Vec<&str> = json["sections"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["id"].as_str().unwrap())
        .collect();
    assert_eq!(
        ids,
        [
            "summary",
            "staircase",
            "flow",
            "spending",
            "placements",
            "data",
            "method"
        ]
    );
    let chart = &json["sections"][1]["blocks"][1];
    assert_eq!(chart["type"], "chart");
    assert!(chart.get("svg").is_none(), "the SVG stays out of the JSON");
    assert_eq!(chart["categories"], serde_json::json!(["2023", "2024"]));
}

#[test]
fn the_same_data_give_byte_identical_files() {
    let opts = ReportOptions::new(Lang::Da)
        .meeting("Temamøde 2025")
        .report_date(d(2025, 3, 1));
    let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let pa = build_report(&hostile(), &opts)
        .unwrap()
        .write_dir(a.path())
        .unwrap();
    let pb = build_report(&hostile(), &opts)
        .unwrap()
        .write_dir(b.path())
        .unwrap();
    for (x, y) in pa.iter().zip(&pb) {
        assert_eq!(
            std::fs::read(x).unwrap(),
            std::fs::read(y).unwrap(),
            "{} differs",
            x.display()
        );
    }
    let html = std::fs::read_to_string(&pa[0]).unwrap();
    assert!(html.contains("Rapportdato: 1. marts 2025"));
}

#[test]
fn a_dataset_without_episodes_still_gives_a_report() {
    let r = build_report(
        &dataset(Vec::new(), Vec::new(), d(2024, 12, 31)),
        &ReportOptions::new(Lang::Da),
    )
    .unwrap();
    assert_eq!(r.charts().count(), 0);
    assert!(!r.warnings.is_empty());
    assert!(r.to_html().contains("Datagrundlag og datakvalitet"));
}

#[test]
fn a_partial_latest_year_compares_the_same_months() {
    // 10 in foster care at 1000 kr./day from 1 Jan 2023; cut-off 15 June 2024:
    // January-May 2024 (152 days) against January-May 2023 (151 days)
    let e = group(
        "f",
        10,
        ep(
            "",
            "plejefamilie",
            "foster",
            d(2023, 1, 1),
            None,
            None,
            1000.0,
        ),
    );
    let r = build_report(
        &dataset(e, Vec::new(), d(2024, 6, 15)),
        &ReportOptions::new(Lang::Da),
    )
    .unwrap();
    let s = r.key_figures.spending.as_ref().unwrap();
    assert_eq!((s.from.month, s.to.month), (1, 5));
    assert_eq!(s.amount, 1_520_000.0);
    assert_eq!(s.previous_amount, Some(1_510_000.0));
    let items = summary_items(&r);
    assert!(
        items[0].starts_with("Pr. 15. juni 2024 modtog 10 børn"),
        "{}",
        items[0]
    );
    assert!(
        items.iter().any(|i| i.contains("januar–maj 2024")),
        "{items:?}"
    );
    assert!(r.warnings.iter().any(|w| w.contains("ikke et helt år")));
    let t = r.table("spending_by_year").unwrap();
    assert_eq!(t.columns[2].label, "2024 (jan.–jun.)");
}

#[test]
fn a_moderate_municipality_renders_every_chart_with_a_title() {
    let levels = [
        ("familieraadgivning", "early", 150.0),
        ("familiebehandling", "home", 700.0),
        ("kontaktperson", "home", 400.0),
        ("netvaerkspleje", "kinship", 900.0),
        ("plejefamilie", "foster", 1400.0),
        ("kost_efterskole", "own_room", 1100.0),
        ("opholdssted", "residential", 3500.0),
        ("doegninstitution", "residential", 4500.0),
    ];
    let mut e = Vec::new();
    for i in 0..500usize {
        let (measure, level, rate) = levels[(i * 7 + i / 13) % levels.len()];
        let start = d(
            2019 + (i % 6) as i32,
            1 + (i % 12) as u32,
            1 + (i % 28) as u32,
        );
        let end = if i % 3 == 0 {
            None
        } else {
            start.checked_add_days(chrono::Days::new(60 + (i as u64 * 37) % 900))
        };
        let reason = end.map(|_| EndReason::ALL[i % EndReason::ALL.len()]);
        e.push(ep(
            &format!("p{i:03}"),
            measure,
            level,
            start,
            end,
            reason,
            rate,
        ));
        if i % 5 == 0 {
            e.push(ep(
                &format!("p{i:03}"),
                "familiebehandling",
                "home",
                start,
                None,
                None,
                700.0,
            ));
        }
    }
    let r = build_report(
        &dataset(e, Vec::new(), d(2024, 9, 30)),
        &ReportOptions::new(Lang::Da),
    )
    .unwrap();
    // staircase, flow, spending, how long placements last, how they end, moves between
    // steps
    assert_eq!(r.charts().count(), 6);
    for c in r.charts() {
        assert!(c.svg.starts_with("<svg"), "{}", c.id);
        assert!(c.svg.contains("<title"), "{}", c.id);
        assert!(
            c.svg
                .contains(&format!("\n{}\n</text>", c.title.replace('&', "&amp;"))),
            "{}: visible title",
            c.id
        );
        assert!(
            !c.caption.is_empty() && c.caption.contains("n = "),
            "{}: caption with n",
            c.id
        );
        assert!(!c.x_label.is_empty() && !c.y_label.is_empty());
    }
    let spend = r.charts().find(|c| c.id == "chart-spending").unwrap();
    assert!(spend.y_label.contains("kr."), "{}", spend.y_label);
    assert!(spend.categories.iter().any(|c| c == "jan. 2024"));
    let json = r.to_json().unwrap();
    assert!(!json.contains("NaN") && !json.contains("inf"));
    let html = r.to_html();
    assert!(html.len() < 2_000_000, "html is {} bytes", html.len());
    // every table has one cell per column, and counts never show 1 to 4
    for t in r.tables() {
        for row in &t.rows {
            assert_eq!(row.cells.len(), t.columns.len());
            for (c, col) in row.cells.iter().zip(&t.columns) {
                if col.kind == ColumnKind::Count {
                    if let Cell::Count(Count::Shown(v)) = c {
                        assert!(*v == 0 || *v >= 5, "{}: {v} shown", t.id);
                    }
                }
            }
        }
    }
}

#[test]
fn a_report_that_would_show_a_cpr_like_number_is_not_written() {
    // Data built in code pass no identifier guard; the writer is the last line of defence.
    let mut data = two_years();
    data.costs = Costs {
        rows: vec![CostEntry {
            month: YearMonth {
                year: 2024,
                month: 3,
            },
            measure: "sag 0101991234".into(),
            person_id: None,
            amount: 1000.0,
            row: 2,
        }],
    };
    let report = build_report(&data, &ReportOptions::new(Lang::Da)).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let err = report.write_dir(dir.path()).unwrap_err().to_string();
    assert!(
        err.contains("CPR-like") && !err.contains("0101991234"),
        "{err}"
    );
    assert_eq!(
        std::fs::read_dir(dir.path()).unwrap().count(),
        0,
        "nothing is written"
    );
}

#[test]
fn the_progression_section_follows_the_example_childrens_sdq_and_hides_small_means() {
    let data = indsats::datasets::example().unwrap();
    let plan = indsats::datasets::example_plan();
    let report = build_report(&data, &ReportOptions::from_plan(&plan)).unwrap();
    let section = report
        .sections
        .iter()
        .find(|s| s.id == "progress")
        .expect("a progression section");
    assert_eq!(section.heading, "Udvikling hos børn og unge");
    let table = report.table("progress-sdq").expect("an SDQ table");
    let count = |c: &Cell| match c {
        Cell::Count(Count::Shown(n)) => Some(*n),
        _ => None,
    };
    for row in &table.rows {
        let (b, f, l) = (
            count(&row.cells[1]),
            count(&row.cells[2]),
            count(&row.cells[3]),
        );
        if let (Some(b), Some(f), Some(l)) = (b, f, l) {
            assert_eq!(b, f + l, "every baseline is followed or lost");
        }
        // A mean is shown only when at least 5 were followed up.
        let shown_mean = !matches!(&row.cells[4], Cell::Text(t) if t == "–");
        assert_eq!(shown_mean, f.is_some_and(|f| f >= 5), "{row:?}");
    }
    let html = report.to_html();
    assert!(html.contains("chart-progress-sdq") && html.contains("chart-progress-ors"));
    // FIT is followed session by session: persons, those with two sessions or more.
    let ors = report.table("progress-ors").expect("an ORS table");
    let (persons, two) = (
        count(&ors.rows[0].cells[0]).unwrap(),
        count(&ors.rows[0].cells[1]).unwrap(),
    );
    assert!(two <= persons && two >= 5, "{persons} {two}");
    // better + unchanged + worse = at least two sessions: one hidden count alone could be
    // worked out, so either none or at least two are hidden.
    let hidden = [4, 6, 7]
        .iter()
        .filter(|&&i| matches!(ors.rows[0].cells[i], Cell::Count(Count::Suppressed { .. })))
        .count();
    assert_ne!(hidden, 1, "{:?}", ors.rows[0]);
    // In English too.
    let mut opts = ReportOptions::from_plan(&plan);
    opts.lang = Lang::En;
    let en = build_report(&data, &opts).unwrap();
    assert!(en
        .sections
        .iter()
        .any(|s| s.heading == "How children and young people progressed"));
}

/// The example plan's `[effect]`: matching leads; every design and the plain difference
/// stand beside it, with the numbers the library gives for the same study.
#[test]
fn the_effect_section_leads_with_the_plans_design_and_shows_the_others() {
    use indsats::effects::{cohort, CohortSpec, NearestNeighbour};
    let plan = indsats::datasets::example_plan();
    let data = indsats::datasets::example_dataset(&plan.load_options().unwrap()).unwrap();
    let r = build_report(&data, &ReportOptions::from_plan(&plan)).unwrap();
    let s = r
        .section("effect")
        .expect("the example plan asks for an effect");
    let t = r.table("effect-designs").unwrap();
    assert_eq!(t.rows.len(), 6, "five designs and the plain difference");
    let label = |i: usize| match &t.rows[i].cells[0] {
        Cell::Text(s) => s.clone(),
        c => panic!("{c:?}"),
    };
    assert!(label(0).contains("Matchning") && label(0).contains("hovedresultat"));
    assert!(label(5).contains("Simpel forskel"));
    // The same study through the library.
    let e = plan.effect.clone().unwrap();
    let i = plan.intervention.clone().unwrap();
    let spec = CohortSpec {
        participant_column: i.participant_column.clone().unwrap(),
        participant_start_column: e.participant_start_column.clone(),
        comparison_districts: ["D01", "D02", "D04", "D06", "D09", "D11"]
            .map(String::from)
            .to_vec(),
        instrument: e.instrument.clone(),
        scale: e.scale.clone(),
        informant: e.informant.clone(),
        months: e.months,
        windows: plan.follow_up.windows(),
        covariates: e.covariates.clone(),
    };
    let (study, _) = cohort(&data, &spec).unwrap();
    let m = study
        .psm(
            &NearestNeighbour::default()
                .caliper(e.caliper)
                .replace(e.replace),
        )
        .unwrap();
    let shown = |v: f64| format!("{v:.1}").replace('.', ",");
    assert_eq!(t.rows[0].cells[1], Cell::Text(shown(m.estimate.estimate)));
    // In brief carries the lead, and the section explains what the design cannot show.
    let lead = match &s.blocks[1] {
        Block::Paragraph { text } => text.clone(),
        b => panic!("{b:?}"),
    };
    assert!(lead.contains("point lavere"), "{lead}");
    let summary = r.section("summary").unwrap();
    assert!(summary
        .blocks
        .iter()
        .any(|b| matches!(b, Block::Paragraph { text } if *text == lead)));
    assert!(s.blocks.iter().any(
        |b| matches!(b, Block::Paragraph { text } if text.contains("ikke tage højde for forhold, der ikke er målt"))
    ));
    let charts: Vec<&str> = r.charts().map(|c| c.id.as_str()).collect();
    assert!(charts.contains(&"chart-effect-balance") && charts.contains(&"chart-effect-overlap"));
    // English, too.
    let mut opts = ReportOptions::from_plan(&plan);
    opts.lang = Lang::En;
    let en = build_report(&data, &opts).unwrap();
    assert_eq!(
        en.section("effect").unwrap().heading,
        "Does the intervention work?"
    );
}
