//! Results as data through the public API: spending, suppression, tables.

use chrono::NaiveDate;
use indsats::data::{CostEntry, Episode, YearMonth};
use indsats::staircase::{population, Staircase};
use indsats::summary::{spending, suppress, Cell, CostSource, Count, Line, Share, Suppression};

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn ep(
    person: &str,
    measure: &str,
    start: NaiveDate,
    end: Option<NaiveDate>,
    daily: Option<f64>,
) -> Episode {
    Episode {
        person_id: person.into(),
        measure: measure.into(),
        level: Staircase::danish_default()
            .measure(measure)
            .map_or("home".into(), |m| m.level.clone()),
        legal_basis: None,
        provider: None,
        start_date: start,
        end_date: end,
        end_reason: None,
        daily_cost: daily,
        monthly_cost: None,
        row: 2,
    }
}

#[test]
fn spending_from_episodes_by_month_and_year() {
    // a: 100 kr./day 15-20 Dec 2023 (6 days); b: 200 kr./day from 31 Dec 2023, ongoing to 2 Jan 2024
    let eps = vec![
        ep(
            "a",
            "kontaktperson",
            d(2023, 12, 15),
            Some(d(2023, 12, 20)),
            Some(100.0),
        ),
        ep("b", "kontaktperson", d(2023, 12, 31), None, Some(200.0)),
    ];
    let s = spending(
        &eps,
        &[],
        &Staircase::danish_default(),
        NaiveDate::MIN,
        d(2024, 1, 2),
    );
    assert_eq!(s.source, CostSource::Episodes);
    assert_eq!(s.months.len(), 2);
    assert_eq!(s.months[0].total, 600.0 + 200.0);
    assert_eq!(s.months[0].cases, vec![2]);
    assert_eq!(s.months[1].total, 400.0);
    assert_eq!(s.months[1].cases, vec![1]);
    assert_eq!(
        s.years.iter().map(|y| y.total).collect::<Vec<_>>(),
        vec![800.0, 400.0]
    );
    assert_eq!(
        s.period_total(
            YearMonth {
                year: 2023,
                month: 12
            },
            YearMonth {
                year: 2024,
                month: 1
            }
        ),
        Some(1200.0)
    );
}

#[test]
fn spending_from_the_ledger_with_aliases() {
    let cost = |m: u32, measure: &str, amount: f64| CostEntry {
        month: YearMonth {
            year: 2024,
            month: m,
        },
        measure: measure.into(),
        person_id: None,
        amount,
        row: 2,
    };
    // "PLEJEFAMILIE" is the same measure as "plejefamilie"; a refund counts negative
    let costs = vec![
        cost(1, "plejefamilie", 100.0),
        cost(1, "PLEJEFAMILIE", 50.0),
        cost(2, "plejefamilie", -30.0),
    ];
    let s = spending(
        &[],
        &costs,
        &Staircase::danish_default(),
        NaiveDate::MIN,
        d(2024, 2, 29),
    );
    assert_eq!(s.source, CostSource::Ledger);
    assert_eq!(s.measures, vec!["plejefamilie"]);
    assert_eq!(s.months[0].amounts, vec![150.0]);
    assert_eq!(s.months[1].amounts, vec![-30.0]);
    assert_eq!(s.years[0].total, 120.0);
}

#[test]
fn population_and_suppression_together() {
    // 3 persons on early help and 9 on home-based help on 31 Dec 2024
    let mut eps: Vec<Episode> = (0..3)
        .map(|i| {
            ep(
                &format!("e{i}"),
                "familieraadgivning",
                d(2024, 1, 1),
                None,
                None,
            )
        })
        .collect();
    eps.extend((0..9).map(|i| {
        ep(
            &format!("h{i}"),
            "familiebehandling",
            d(2024, 1, 1),
            None,
            None,
        )
    }));
    let s = Staircase::danish_default();
    let pop = population(&eps, &s, NaiveDate::MIN, d(2024, 12, 31));
    let y = &pop.years[0];
    let (early, home) = (
        s.level_position("early").unwrap(),
        s.level_position("home").unwrap(),
    );
    assert_eq!(
        (y.on_date[early], y.on_date[home], y.on_date_total),
        (3, 9, 12)
    );
    let mut values = y.on_date.clone();
    values.push(y.on_date_total);
    let k = s.levels().len();
    let sup = suppress(
        &values,
        &[Line {
            parts: (0..k).collect(),
            total: k,
        }],
        5,
    );
    assert_eq!(sup[early], Suppression::Primary);
    assert_eq!(sup[home], Suppression::Secondary);
    assert_eq!(sup[k], Suppression::Shown);
    assert_eq!(
        Count::new(values[home], sup[home]),
        Count::Suppressed { secondary: true }
    );
}

#[test]
fn shares_follow_their_counts() {
    let hidden = Count::Suppressed { secondary: false };
    assert_eq!(
        Share::of(Count::Shown(3), Count::Shown(12)).shown(),
        Some(0.25)
    );
    assert_eq!(Share::of(hidden, Count::Shown(12)), Share::Suppressed);
    assert_eq!(
        serde_json::to_string(&Cell::Share(Share::Suppressed)).unwrap(),
        r#"{"value":null,"suppressed":true}"#
    );
}

#[test]
fn years_and_months_before_the_data_start_are_not_counted() {
    // An extract from 2015 on holds a placement begun in 2012, but not the ones that
    // ended before 2015: counting 2012-2014 would undercount them.
    let eps = vec![
        ep(
            "a",
            "plejefamilie",
            d(2012, 3, 1),
            Some(d(2016, 6, 30)),
            Some(1000.0),
        ),
        ep("b", "kontaktperson", d(2015, 2, 1), None, Some(100.0)),
    ];
    let s = Staircase::danish_default();
    let pop = population(&eps, &s, d(2015, 1, 1), d(2016, 12, 31));
    let years: Vec<i32> = pop.years.iter().map(|y| y.year).collect();
    assert_eq!(years, [2015, 2016]);
    assert_eq!(pop.year(2015).unwrap().on_date_total, 2);
    assert_eq!(pop.year(2016).unwrap().on_date_total, 1);
    let sp = spending(&eps, &[], &s, d(2015, 1, 1), d(2016, 12, 31));
    assert_eq!(
        sp.months.first().unwrap().month,
        YearMonth {
            year: 2015,
            month: 1
        }
    );
    assert_eq!(
        sp.months.first().unwrap().amounts.iter().sum::<f64>(),
        31.0 * 1000.0
    );
}

#[test]
fn ledger_accounts_of_the_staircase_are_named_not_flagged() {
    let s = Staircase::danish_default();
    let costs = vec![CostEntry {
        month: YearMonth {
            year: 2024,
            month: 1,
        },
        measure: "Administration".into(),
        person_id: None,
        amount: 10.0,
        row: 2,
    }];
    let sp = spending(&[], &costs, &s, d(2024, 1, 1), d(2024, 1, 31));
    assert_eq!(sp.measures, ["administration"]);
    assert!(sp.unknown_measures.is_empty());
    assert_eq!(
        s.measure_name("administration", indsats::Lang::Da),
        "Administration og koordinering"
    );
}
