//! Economics tables against the municipal seeds in `tests/reference/seeds/`: the Aarhus rate
//! card, cost concentration, the botilbud cost bands, Hørsholm's spending by age and the
//! Høje-Taastrup unit-cost comparison; hand cases for the Gini and top shares; the errors.

use indsats::economics::{Participant, RateCard};
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
