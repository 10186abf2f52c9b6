//! Economics tables against the municipal seeds in `tests/reference/seeds/`: the Aarhus rate
//! card, cost concentration, the botilbud cost bands, Hørsholm's spending by age and the
//! Høje-Taastrup unit-cost comparison; hand cases for the Gini and top shares; the errors.

use crate::tolerance::{assert_close, CLOSED_FORM};
use indsats::economics::{
    cost_bands, spend_by_group, spend_from_shares, unit_cost_comparison, ConcentrationParams,
    Participant, RateCard,
};
use indsats::error::ErrorKind;
use std::collections::BTreeMap;

fn seed(name: &str) -> serde_json::Value {
    let path = format!(
        "{}/tests/reference/seeds/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap()
}

fn f(v: &serde_json::Value) -> f64 {
    v.as_f64().unwrap()
}

fn message(e: indsats::Error) -> String {
    e.to_string()
}

// ---- rate card ----

fn aarhus() -> (RateCard, Vec<Participant>, serde_json::Value) {
    let v = seed("aarhus_rate_card.json");
    let milestones: Vec<u32> = serde_json::from_value(v["milestones_months"].clone()).unwrap();
    let mut card = RateCard::new(milestones);
    for (name, pay) in v["outcomes"].as_object().unwrap() {
        card = card.outcome(name, serde_json::from_value(pay.clone()).unwrap());
    }
    let cohort: Vec<Participant> = serde_json::from_value(v["example_cohort"].clone()).unwrap();
    (card, cohort, v["expected"].clone())
}

#[test]
fn aarhus_rate_card_pays_each_participant_and_the_total() {
    let (card, cohort, expected) = aarhus();
    let paid = card.pay(&cohort).unwrap();
    let by_id = expected["payment_by_participant"].as_object().unwrap();
    assert_eq!(paid.by_participant.len(), by_id.len());
    for p in &paid.by_participant {
        assert_eq!(p.total, f(&by_id[&p.id]), "participant {}", p.id);
    }
    assert_eq!(paid.total, f(&expected["total"]));
    // The other views add up to the same total.
    assert_eq!(paid.by_outcome.values().sum::<f64>(), paid.total);
    assert_eq!(paid.by_milestone.iter().sum::<f64>(), paid.total);
    // By hand: municipal no-shelter: A all five (90 000), B at 6 (15 000), D at 6, 12 (30 000).
    assert_eq!(paid.by_outcome["no_shelter_use_municipal"], 135_000.0);
    assert_eq!(paid.by_outcome["employment"], 67_500.0);
    assert_eq!(paid.by_outcome["education"], 45_000.0);
    assert_eq!(paid.by_outcome["no_shelter_use_state"], 30_000.0);
    assert_eq!(paid.by_outcome["increased_self_mastery"], 30_000.0);
    // C achieved nothing and has no outcome lines.
    let c = paid.by_participant.iter().find(|p| p.id == "C").unwrap();
    assert!(c.by_outcome.is_empty());
    let json = serde_json::to_string(&paid).unwrap();
    assert!(!json.contains("NaN"));
}

#[test]
fn rate_card_names_an_unknown_outcome_and_its_participant() {
    let (card, _, _) = aarhus();
    let p = Participant {
        id: "E".into(),
        achieved: BTreeMap::from([("housing".to_string(), vec![6])]),
    };
    let e = card.pay(&[p]).unwrap_err();
    assert!(matches!(e.kind(), ErrorKind::InvalidParameter { .. }));
    let m = message(e);
    assert!(m.contains("\"housing\"") && m.contains("\"E\""), "{m}");
}

#[test]
fn rate_card_rejects_unknown_or_repeated_milestones_and_bad_cards() {
    let (card, _, _) = aarhus();
    let at = |months: Vec<u32>| Participant {
        id: "E".into(),
        achieved: BTreeMap::from([("employment".to_string(), months)]),
    };
    assert!(message(card.pay(&[at(vec![9])]).unwrap_err()).contains("9 months"));
    assert!(message(card.pay(&[at(vec![6, 6])]).unwrap_err()).contains("twice"));
    assert!(card.pay(&[]).is_err());
    let short = RateCard::new(vec![6, 12]).outcome("x", vec![1.0]);
    assert!(message(short.check().unwrap_err()).contains("\"x\""));
    let negative = RateCard::new(vec![6, 12]).outcome("x", vec![1.0, -1.0]);
    assert!(negative.check().is_err());
    assert!(RateCard::new(vec![12, 6])
        .outcome("x", vec![1.0, 1.0])
        .check()
        .is_err());
    assert!(RateCard::new(vec![]).check().is_err());
    assert!(RateCard::new(vec![6]).check().is_err());
}

// ---- concentration ----

#[test]
fn gini_is_zero_when_everyone_costs_the_same() {
    let c = ConcentrationParams::default().fit(&[7.0; 50]).unwrap();
    assert_eq!(c.gini, 0.0);
    for t in &c.top_shares {
        assert_close("top share", t.share, t.fraction, CLOSED_FORM);
    }
    for p in &c.lorenz {
        assert_close("lorenz", p.cost_share, p.population_share, CLOSED_FORM);
    }
}

#[test]
fn gini_is_n_minus_one_over_n_when_one_person_has_everything() {
    for n in [1usize, 2, 5, 200] {
        let mut x = vec![0.0; n];
        x[n / 2] = 1_000_000.0;
        let c = ConcentrationParams::default().fit(&x).unwrap();
        assert_close(
            &format!("gini n={n}"),
            c.gini,
            (n as f64 - 1.0) / n as f64,
            CLOSED_FORM,
        );
        assert_eq!(c.lorenz.len(), n + 1);
        assert_eq!(c.lorenz[n].cost_share, 1.0);
        assert_eq!(c.lorenz[n - 1].cost_share, 0.0);
    }
}

#[test]
fn gini_of_a_small_hand_case() {
    // 1, 2, 3, 4: Σ i·x = 1 + 4 + 9 + 16 = 30; G = 2·30/(4·10) − 5/4 = 0.25.
    let c = ConcentrationParams::default()
        .fit(&[3.0, 1.0, 4.0, 2.0])
        .unwrap();
    assert_close("gini", c.gini, 0.25, CLOSED_FORM);
    let shares: Vec<f64> = c.lorenz.iter().map(|p| p.cost_share).collect();
    assert_eq!(shares, vec![0.0, 0.1, 0.3, 0.6, 1.0]);
}

#[test]
fn a_fractional_person_at_the_cut_counts_with_its_fraction() {
    // 150 persons: the top 1 % is 1.5 persons, the costliest plus half the next.
    let mut x = vec![1.0; 148];
    x.push(50.0);
    x.push(100.0);
    let total = 148.0 + 150.0;
    let c = ConcentrationParams::default().fit(&x).unwrap();
    assert_close("persons", c.top_shares[0].persons, 1.5, CLOSED_FORM);
    assert_close(
        "top 1 %",
        c.top_shares[0].share,
        (100.0 + 25.0) / total,
        CLOSED_FORM,
    );
    // 5 % is 7.5 persons: 100, 50, five of 1, and half of one more.
    assert_close(
        "top 5 %",
        c.top_shares[1].share,
        (150.0 + 5.5) / total,
        CLOSED_FORM,
    );
    // Fewer than one person: a fraction of the costliest.
    let c = ConcentrationParams::default().fit(&[10.0, 30.0]).unwrap();
    assert_close(
        "top 1 % of 2",
        c.top_shares[0].share,
        0.02 * 30.0 / 40.0,
        CLOSED_FORM,
    );
    // The whole population bears everything.
    let c = ConcentrationParams::default()
        .top_fractions(vec![1.0])
        .fit(&[10.0, 30.0])
        .unwrap();
    assert_eq!(c.top_shares[0].share, 1.0);
}

#[test]
fn concentration_reproduces_the_quoted_shares_on_costs_built_to_match() {
    // The seed quotes shares without person-level data; build 100 persons whose costliest
    // 1, 5, 10 bear 30 %, 65 %, 85 % (Frikommune network 2014) and read them back.
    let v = seed("cost_concentration.json");
    let net = &v["observed"]["frikommune_network_2014"];
    let mut x = vec![15.0 / 90.0; 90];
    x.extend([4.0; 5]);
    x.extend([8.75; 4]);
    x.push(30.0);
    let c = ConcentrationParams::default().fit(&x).unwrap();
    assert_close(
        "top 1 %",
        c.top_shares[0].share,
        f(&net["top_1pct_share"]),
        1e-9,
    );
    assert_close(
        "top 5 %",
        c.top_shares[1].share,
        f(&net["top_5pct_share"]),
        1e-9,
    );
    assert_close(
        "top 10 %",
        c.top_shares[2].share,
        f(&net["top_10pct_share"]),
        1e-9,
    );
    // Hørsholm: 39 % borne by the costliest 1 %, here 2 of 200.
    let h = f(&v["observed"]["hoersholm"]["top_1pct_share"]);
    let mut x = vec![(1.0 - h) / 198.0; 198];
    x.extend([h / 2.0; 2]);
    let c = ConcentrationParams::default().fit(&x).unwrap();
    assert_close("Hørsholm top 1 %", c.top_shares[0].share, h, 1e-9);
    assert!(!serde_json::to_string(&c).unwrap().contains("NaN"));
}

#[test]
fn concentration_errors_name_the_problem() {
    let p = ConcentrationParams::default();
    assert!(message(p.fit(&[]).unwrap_err()).contains("no costs"));
    let m = message(p.fit(&[1.0, 2.0, -3.0]).unwrap_err());
    assert!(m.contains("position 3") && m.contains("-3"), "{m}");
    assert!(message(p.fit(&[1.0, f64::NAN]).unwrap_err()).contains("position 2"));
    assert!(message(p.fit(&[0.0, 0.0]).unwrap_err()).contains("zero"));
    let bad = ConcentrationParams::default().top_fractions(vec![0.0]);
    assert!(bad.fit(&[1.0]).is_err());
    let bad = ConcentrationParams::default().top_fractions(vec![1.5]);
    assert!(bad.fit(&[1.0]).is_err());
}

// ---- tables ----

#[test]
fn botilbud_cost_bands_from_person_level_costs() {
    let v = seed("botilbud_cost_bands.json");
    let edges: Vec<f64> = serde_json::from_value(v["band_edges"].clone()).unwrap();
    let years: Vec<i32> = serde_json::from_value(v["years"].clone()).unwrap();
    let labels: Vec<String> = serde_json::from_value(v["bands_dkk"].clone()).unwrap();
    // Person-level costs that fall in each band as counted; the first citizen in each band
    // costs exactly the band's lower edge, which must put them in that band.
    let costs_by_year: Vec<(i32, Vec<f64>)> = years
        .iter()
        .enumerate()
        .map(|(y, &year)| {
            let mut costs = Vec::new();
            for (j, label) in labels.iter().enumerate() {
                let count = v["counts"][label][y].as_u64().unwrap();
                let lower = edges[j];
                let width = edges.get(j + 1).map_or(1_000_000.0, |u| u - lower);
                for i in 0..count {
                    costs.push(lower + width * i as f64 / count as f64);
                }
            }
            costs.reverse();
            (year, costs)
        })
        .collect();
    let t = cost_bands(&edges, &costs_by_year).unwrap();
    assert_eq!(t.years, years);
    for (j, label) in labels.iter().enumerate() {
        let expected: Vec<u64> = serde_json::from_value(v["counts"][label].clone()).unwrap();
        assert_eq!(t.bands[j].counts, expected, "band {label}");
        assert_eq!(t.bands[j].lower, edges[j]);
    }
    assert_eq!(t.bands[4].upper, None);
    let totals: Vec<u64> = serde_json::from_value(v["totals"].clone()).unwrap();
    assert_eq!(t.totals, totals);
}

#[test]
fn a_cost_at_an_edge_goes_to_the_band_it_starts() {
    let edges = [0.0, 500_000.0, 1_000_000.0];
    let t = cost_bands(
        &edges,
        &[(2020, vec![0.0, 500_000.0, 999_999.99, 1_000_000.0])],
    )
    .unwrap();
    let counts: Vec<u64> = t.bands.iter().map(|b| b.counts[0]).collect();
    assert_eq!(counts, vec![1, 2, 1]);
}

#[test]
fn cost_band_errors() {
    let edges = [0.0, 10.0];
    let m = message(cost_bands(&edges, &[(2019, vec![1.0, -2.0])]).unwrap_err());
    assert!(m.contains("2019") && m.contains("position 2"), "{m}");
    assert!(cost_bands(&edges, &[(2019, vec![])]).is_err());
    assert!(cost_bands(&edges, &[]).is_err());
    assert!(cost_bands(&[], &[(2019, vec![1.0])]).is_err());
    assert!(cost_bands(&[10.0, 0.0], &[(2019, vec![1.0])]).is_err());
    assert!(message(cost_bands(&[5.0], &[(2019, vec![1.0])]).unwrap_err()).contains("below"));
    assert!(cost_bands(&edges, &[(2019, vec![1.0]), (2019, vec![2.0])]).is_err());
}

#[test]
fn hoersholm_spend_by_age_and_its_shares() {
    let v = seed("hoersholm_spend_by_age.json");
    let spend: Vec<(String, f64)> = v["spend"]
        .as_object()
        .unwrap()
        .iter()
        .map(|(g, s)| (g.clone(), f(s)))
        .collect();
    let s = spend_by_group(&spend).unwrap();
    assert_eq!(s.total, f(&v["expected"]["total"]));
    for g in &s.groups {
        // The document rounds shares to four decimals.
        let stated = f(&v["expected"]["shares"][&g.group]);
        assert_eq!((g.share * 1e4).round() / 1e4, stated, "group {}", g.group);
    }
    // Back from the stated (rounded) shares: they sum to 0.9999, within rounding.
    let shares: Vec<(String, f64)> = v["expected"]["shares"]
        .as_object()
        .unwrap()
        .iter()
        .map(|(g, s)| (g.clone(), f(s)))
        .collect();
    let back = spend_from_shares(s.total, &shares, 1.5e-4).unwrap();
    for (a, b) in back.groups.iter().zip(&s.groups) {
        assert!(
            (a.spend - b.spend).abs() <= 0.5e-4 * s.total,
            "group {}",
            a.group
        );
    }
}

#[test]
fn spend_errors() {
    let e = spend_from_shares(100.0, &[("a".into(), 0.5), ("b".into(), 0.4)], 1e-3).unwrap_err();
    assert!(message(e).contains("sum to 0.9"));
    assert!(spend_from_shares(100.0, &[("a".into(), 1.2), ("b".into(), -0.2)], 1e-3).is_err());
    let m = message(spend_by_group(&[("0-6".into(), -1.0)]).unwrap_err());
    assert!(m.contains("\"0-6\""), "{m}");
    assert!(spend_by_group(&[]).is_err());
    assert!(spend_by_group(&[("a".into(), 0.0)]).is_err());
    assert!(spend_by_group(&[("a".into(), 1.0), ("a".into(), 2.0)]).is_err());
}

#[test]
fn hoeje_taastrup_unit_cost_comparison() {
    let v = seed("hoeje_taastrup_udskoling.json");
    let c = unit_cost_comparison(
        f(&v["external_place_cost_per_year"]),
        f(&v["new_place_cost_per_year"]),
        f(&v["places_full_implementation"]),
    )
    .unwrap();
    assert_eq!(
        c.annual_net_reduction,
        f(&v["expected"]["annual_net_reduction"])
    );
    assert_eq!(c.saving_per_place, 244_000.0);
    assert_eq!(c.current_total - c.new_total, c.annual_net_reduction);
    let m = message(unit_cost_comparison(684_000.0, -1.0, 12.0).unwrap_err());
    assert!(m.contains("new_unit_cost"), "{m}");
    assert!(unit_cost_comparison(684_000.0, 440_000.0, f64::NAN).is_err());
}
