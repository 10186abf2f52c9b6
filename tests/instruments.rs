//! Questionnaire scoring through the library: every worked case in
//! `tests/reference/instruments/cases.toml` (copied from CASES.md), the rejections of
//! CASES 6, the definition checks, and small hand-worked situations.

use indsats::instruments::{
    builtin, builtin_item_range, builtin_toml, builtins, is_builtin, AddedValue, Instrument,
    InstrumentDef, ScoreOptions, Scores, Unscored, BUILTIN,
};
use indsats::progress::{ChangeClass, CutoffCriterion, Direction};
use indsats::ErrorKind;
use std::path::PathBuf;
use toml::Value;

fn cases() -> Value {
    let p =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/reference/instruments/cases.toml");
    toml::from_str(&std::fs::read_to_string(p).unwrap()).unwrap()
}

fn list<'a>(v: &'a Value, key: &str) -> &'a Vec<Value> {
    v.get(key)
        .and_then(Value::as_array)
        .unwrap_or_else(|| panic!("{key} in cases.toml"))
}

fn num(v: &Value) -> Option<f64> {
    match v {
        Value::Integer(i) => Some(*i as f64),
        Value::Float(f) => Some(*f),
        Value::String(s) if s == "missing" => None,
        other => panic!("not a number or \"missing\": {other:?}"),
    }
}

/// "0 1 _ 2" → answers, `_` missing.
fn answers(s: &str) -> Vec<Option<f64>> {
    s.split_whitespace()
        .map(|x| {
            if x == "_" {
                None
            } else {
                Some(x.parse().unwrap())
            }
        })
        .collect()
}

fn score_sdq_case(case: &Value, norms: Option<&str>) -> Scores {
    let sdq = builtin("sdq").unwrap();
    let mut r = sdq
        .responses_from(&answers(case["items"].as_str().unwrap()))
        .unwrap()
        .informant(case["informant"].as_str().unwrap())
        .age(case["age"].as_integer().unwrap() as u32);
    if let Some(v) = case.get("version") {
        r = r.version(v.as_str().unwrap());
    }
    for (k, v) in case["impact"].as_table().unwrap() {
        r.set(k, num(v)).unwrap();
    }
    r.score_with(&ScoreOptions {
        norms: norms.map(str::to_string),
        ..ScoreOptions::default()
    })
    .unwrap()
}

#[test]
fn every_sdq_case_scores_and_bands_as_worked_by_hand() {
    let all = cases();
    for case in list(&all, "sdq") {
        let name = case["case"].as_str().unwrap();
        let s = score_sdq_case(case, None);
        for (scale, want) in case["expected"].as_table().unwrap() {
            assert_eq!(
                s.value(scale),
                num(want),
                "case {name} scale {scale}: {:?}\ninput: {case}",
                s.get(scale)
            );
        }
        for system in ["uk4", "uk3"] {
            let Some(bands) = case.get(system) else {
                continue;
            };
            let s = score_sdq_case(case, Some(system));
            assert_eq!(s.norms.as_ref().unwrap().system, system, "case {name}");
            for (scale, want) in bands.as_table().unwrap() {
                assert_eq!(
                    s.band(scale),
                    want.as_str(),
                    "case {name} {system} band of {scale} (score {:?})",
                    s.value(scale)
                );
            }
        }
    }
}

#[test]
fn all_not_true_is_not_zero_because_five_items_are_reversed() {
    let sdq = builtin("sdq").unwrap();
    let s = sdq
        .responses_from(&[Some(0.0); 25])
        .unwrap()
        .informant("parent")
        .score()
        .unwrap();
    assert_eq!(s.value("total_difficulties"), Some(10.0));
    // the pitfall CASES 1 guards against: summing raw items gives 0
    assert_ne!(s.value("total_difficulties"), Some(0.0));
}

#[test]
fn four_year_olds_get_the_verified_4_17_norms_and_three_year_olds_the_provisional_2_4() {
    let sdq = builtin("sdq").unwrap();
    let r = sdq
        .responses_from(&[Some(0.0); 25])
        .unwrap()
        .informant("parent");
    let four = r.clone().age(4).score().unwrap();
    assert_eq!(four.version, "P4-17");
    assert_eq!(four.norms.unwrap().system, "uk4");
    let three = r.age(3).score().unwrap();
    assert_eq!(three.version, "P2-4");
    assert_eq!(three.norms.as_ref().unwrap().system, "uk3");
    assert!(three
        .norms
        .as_ref()
        .unwrap()
        .population
        .contains("provisional"));
    // no impact bands exist for 2-4
    assert_eq!(three.band("impact"), None);
}

#[test]
fn prorating_rounds_half_up_where_bankers_rounding_would_round_down() {
    // CASES 4 regression trap: conduct s = 2 from n = 4 → 2.5 → 3, so total 18, not 17
    let all = cases();
    let case4 = list(&all, "sdq")
        .iter()
        .find(|c| c["case"].as_str() == Some("4"))
        .unwrap();
    let s = score_sdq_case(case4, None);
    assert_eq!(s.value("conduct"), Some(3.0));
    assert_eq!(s.value("total_difficulties"), Some(18.0));
}

#[test]
fn a_subscale_with_two_answers_is_missing_and_says_why() {
    let mut items = vec![Some(1.0); 25];
    for k in [6, 11, 14] {
        items[k - 1] = None; // peer items 6, 11, 14
    }
    let sdq = builtin("sdq").unwrap();
    let s = sdq
        .responses_from(&items)
        .unwrap()
        .informant("parent")
        .score()
        .unwrap();
    assert_eq!(s.value("peer"), None);
    assert_eq!(
        s.unscored("peer"),
        Some(&Unscored::TooFewItems {
            answered: 2,
            required: 3,
            items: 5
        })
    );
    assert_eq!(
        s.unscored("total_difficulties"),
        Some(&Unscored::ComponentsMissing {
            scales: vec!["peer".into()]
        })
    );
    assert!(s.value("externalising").is_some());
}

#[test]
fn the_impact_gate_and_missing_impact_items_follow_the_stata_syntax() {
    let all = cases();
    let sdq = builtin("sdq").unwrap();
    for case in list(&all, "impact_gate") {
        let mut r = sdq
            .responses_from(&[Some(0.0); 25])
            .unwrap()
            .informant("parent");
        for (k, v) in case["impact"].as_table().unwrap() {
            r.set(k, num(v)).unwrap();
        }
        let s = r.score().unwrap();
        assert_eq!(
            s.value("impact"),
            num(&case["expected"]),
            "{}",
            case["situation"]
        );
    }
    // a closed gate wins over answered items
    let s = sdq
        .responses_from(&[Some(0.0); 25])
        .unwrap()
        .with("sdq_impact_difficulties", Some(0.0))
        .unwrap()
        .with("sdq_impact_distress", Some(3.0))
        .unwrap()
        .informant("parent")
        .score()
        .unwrap();
    assert_eq!(s.value("impact"), Some(0.0));
}

fn kind_name(e: &indsats::Error) -> (String, String) {
    match e.kind() {
        ErrorKind::InvalidParameter { name, message } => (name.clone(), message.clone()),
        other => panic!("expected InvalidParameter, got {other:?}"),
    }
}

#[test]
fn out_of_range_answers_are_errors_naming_instrument_item_and_value() {
    let sdq = builtin("sdq").unwrap();
    let mut items = vec![Some(0.0); 25];
    items[11] = Some(3.0);
    let e = sdq
        .responses_from(&items)
        .unwrap()
        .informant("parent")
        .score()
        .unwrap_err();
    let (name, msg) = kind_name(&e);
    assert_eq!(name, "sdq.sdq12");
    assert!(msg.starts_with("3 is not an allowed answer"), "{msg}");
    assert!(msg.contains("0, 1 or 2"), "{msg}");

    items[11] = Some(0.0);
    items[4] = Some(-1.0);
    let e = sdq
        .responses_from(&items)
        .unwrap()
        .informant("parent")
        .score()
        .unwrap_err();
    assert_eq!(kind_name(&e).0, "sdq.sdq5");

    items[4] = Some(1.5);
    assert!(sdq
        .responses_from(&items)
        .unwrap()
        .informant("parent")
        .score()
        .is_err());
    items[4] = Some(0.0);

    for (item, v) in [("sdq_impact_home", 4.0), ("sdq_impact_difficulties", 4.0)] {
        let e = sdq
            .responses_from(&items)
            .unwrap()
            .with(item, Some(v))
            .unwrap()
            .informant("parent")
            .score()
            .unwrap_err();
        assert_eq!(kind_name(&e).0, format!("sdq.{item}"));
    }

    let who5 = builtin("who5").unwrap();
    for v in [6.0, -1.0] {
        let e = who5
            .responses_from(&[Some(v), Some(1.0), Some(1.0), Some(1.0), Some(1.0)])
            .unwrap()
            .score()
            .unwrap_err();
        assert_eq!(kind_name(&e).0, "who5.who5_1");
    }

    let ors = builtin("ors").unwrap();
    for v in [10.3, -0.1] {
        let e = ors
            .responses_from(&[Some(5.0), Some(5.0), Some(5.0), Some(v)])
            .unwrap()
            .score()
            .unwrap_err();
        let (name, msg) = kind_name(&e);
        assert_eq!(name, "ors.ors4");
        assert!(msg.contains(&format!("{v}")), "{msg}");
    }
}

#[test]
fn a_vector_of_24_or_26_sdq_items_is_refused() {
    let sdq = builtin("sdq").unwrap();
    for n in [24, 26] {
        let e = sdq.responses_from(&vec![Some(0.0); n]).unwrap_err();
        let (_, msg) = kind_name(&e);
        assert!(msg.contains("expected 25 answers"), "{msg}");
    }
}

#[test]
fn the_teacher_form_has_no_home_or_leisure_impact_items() {
    let sdq = builtin("sdq").unwrap();
    for item in ["sdq_impact_home", "sdq_impact_leisure"] {
        let e = sdq
            .responses_from(&[Some(0.0); 25])
            .unwrap()
            .with(item, Some(1.0))
            .unwrap()
            .informant("teacher")
            .score()
            .unwrap_err();
        let (name, msg) = kind_name(&e);
        assert_eq!(name, format!("sdq.{item}"));
        assert!(msg.contains("form T4-17 has no item"), "{msg}");
    }
}

#[test]
fn ors_items_mixed_with_a_total_are_refused_but_a_total_alone_is_scored() {
    let ors = builtin("ors").unwrap();
    let e = ors
        .responses_from(&[Some(5.0), Some(5.0), Some(5.0), None])
        .unwrap()
        .with("ors_total", Some(20.0))
        .unwrap()
        .score()
        .unwrap_err();
    let (name, msg) = kind_name(&e);
    assert_eq!(name, "ors.ors_total");
    assert!(msg.contains("never a mix"), "{msg}");

    let total_only = ors
        .responses()
        .with("ors_total", Some(21.5))
        .unwrap()
        .age(15)
        .score()
        .unwrap();
    assert_eq!(total_only.value("total"), Some(21.5));
    assert_eq!(total_only.band("total"), Some("clinical"));

    // all four items and a matching total are fine; a total that does not match is not
    let both = ors
        .responses_from(&[Some(5.0); 4])
        .unwrap()
        .with("ors_total", Some(20.0))
        .unwrap();
    assert_eq!(both.score().unwrap().value("total"), Some(20.0));
    let wrong = ors
        .responses_from(&[Some(5.0); 4])
        .unwrap()
        .with("ors_total", Some(21.0))
        .unwrap();
    assert!(wrong.score().is_err());
    // and a total above 40 is not a total
    assert!(ors
        .responses()
        .with("ors_total", Some(40.1))
        .unwrap()
        .score()
        .is_err());
}

#[test]
fn ors_with_a_missing_item_and_no_total_is_missing_not_prorated() {
    let ors = builtin("ors").unwrap();
    let s = ors
        .responses_from(&[Some(5.0), Some(5.0), Some(5.0), None])
        .unwrap()
        .score()
        .unwrap();
    assert_eq!(s.value("total"), None);
    assert_eq!(
        s.unscored("total"),
        Some(&Unscored::TooFewItems {
            answered: 3,
            required: 4,
            items: 4
        })
    );
}

#[test]
fn a_self_report_for_a_nine_year_old_warns_by_default_and_can_be_refused() {
    let sdq = builtin("sdq").unwrap();
    let r = sdq
        .responses_from(&[Some(0.0); 25])
        .unwrap()
        .informant("self")
        .age(9);
    let s = r.score().unwrap();
    assert_eq!(s.version, "S11-17");
    assert_eq!(s.notes[0].code(), "age_outside");
    let e = r
        .score_with(&ScoreOptions {
            age_outside: Some(indsats::instruments::AgePolicy::Error),
            ..ScoreOptions::default()
        })
        .unwrap_err();
    assert!(
        e.to_string()
            .contains("age 9 is outside the ages of form S11-17 (11–17)"),
        "{e}"
    );
}

#[test]
fn sdq_needs_an_informant_and_understands_danish_ones() {
    let sdq = builtin("sdq").unwrap();
    let e = sdq
        .responses_from(&[Some(0.0); 25])
        .unwrap()
        .score()
        .unwrap_err();
    assert!(e.to_string().contains("informant is needed"), "{e}");
    let s = sdq
        .responses_from(&[Some(0.0); 25])
        .unwrap()
        .informant("Pædagog")
        .score()
        .unwrap();
    assert_eq!(s.version, "T4-17");
    let e = sdq
        .responses_from(&[Some(0.0); 25])
        .unwrap()
        .informant("nabo")
        .score()
        .unwrap_err();
    assert!(
        e.to_string().contains("no form for informant \"nabo\""),
        "{e}"
    );
}

#[test]
fn who5_raw_percentage_cut_offs_and_flags_match_case_7() {
    let all = cases();
    let who5 = builtin("who5").unwrap();
    for case in list(&all, "who5") {
        let name = case["case"].as_str().unwrap();
        let s = who5
            .responses_from(&answers(case["items"].as_str().unwrap()))
            .unwrap()
            .score()
            .unwrap();
        assert_eq!(s.value("raw"), num(&case["raw"]), "case {name}");
        assert_eq!(
            s.value("percentage"),
            num(&case["percentage"]),
            "case {name}"
        );
        if let Some(b) = case.get("band") {
            assert_eq!(s.band("raw"), b.as_str(), "case {name}");
            assert_eq!(s.band("percentage"), b.as_str(), "case {name}");
        }
        let flags: Vec<&str> = case["flags"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f.as_str().unwrap())
            .collect();
        assert_eq!(s.flags, flags, "case {name}");
    }
    let rule = who5.change_rule("percentage", None, None).unwrap();
    for c in list(&all, "who5_change") {
        let class = rule.classify(num(&c["pre"]).unwrap(), num(&c["post"]).unwrap(), None);
        assert_eq!(
            class_name(class),
            c["class"].as_str().unwrap(),
            "{}",
            c["situation"]
        );
    }
    // the smallest qualifying change in steps of 4 is 12
    assert_eq!(rule.classify(48.0, 56.0, None), ChangeClass::Unchanged);
    assert_eq!(rule.classify(48.0, 60.0, None), ChangeClass::Improved);
    // with the poor-well-being cut-off (52 is the first score above it), 48 → 60 recovers
    assert_eq!(
        rule.classify(48.0, 60.0, Some(52.0)),
        ChangeClass::Recovered
    );
}

#[test]
fn who5_raw_below_13_is_the_same_as_percentage_at_most_50() {
    let who5 = builtin("who5").unwrap();
    for raw in 0..=25u32 {
        let mut items = vec![Some(0.0); 5];
        let mut left = raw;
        for it in items.iter_mut() {
            let v = left.min(5);
            *it = Some(v as f64);
            left -= v;
        }
        let s = who5.responses_from(&items).unwrap().score().unwrap();
        let poor = raw < 13;
        assert_eq!(s.band("raw") == Some("poor"), poor, "raw {raw}");
        assert_eq!(
            s.band("percentage") == Some("poor"),
            (raw * 4) <= 50,
            "raw {raw}"
        );
    }
}

fn class_name(c: ChangeClass) -> &'static str {
    match c {
        ChangeClass::Recovered => "recovered",
        ChangeClass::Improved => "improved",
        ChangeClass::Deteriorated => "deteriorated",
        ChangeClass::Unchanged => "unchanged",
    }
}

#[test]
fn fit_totals_cut_offs_and_reliable_change_match_case_8() {
    let all = cases();
    for case in list(&all, "fit") {
        let name = case["case"].as_str().unwrap();
        let ins = builtin(case["instrument"].as_str().unwrap()).unwrap();
        let items: Vec<Option<f64>> = case["items"].as_array().unwrap().iter().map(num).collect();
        let s = ins
            .responses_from(&items)
            .unwrap()
            .age(case["age"].as_integer().unwrap() as u32)
            .score()
            .unwrap();
        assert_eq!(s.value("total"), num(&case["total"]), "case {name}");
        assert_eq!(s.band("total"), case["band"].as_str(), "case {name}");
    }
    for case in list(&all, "fit_change") {
        let name = case["case"].as_str().unwrap();
        let ins = builtin(case["instrument"].as_str().unwrap()).unwrap();
        let (pre, post) = (num(&case["pre"]).unwrap(), num(&case["post"]).unwrap());
        let cutoff = case.get("cutoff").and_then(num);
        for (rule, want) in case["rules"].as_table().unwrap() {
            let r = ins.change_rule("total", None, Some(rule)).unwrap();
            assert_eq!(
                class_name(r.classify(pre, post, cutoff)),
                want.as_str().unwrap(),
                "case {name} rule {rule}"
            );
        }
        if let Some(bands) = case.get("bands") {
            let age = case["age"].as_integer().unwrap() as u32;
            for (x, want) in [pre, post].iter().zip(bands.as_array().unwrap()) {
                let total = ins.scale("total").unwrap().given_as().unwrap();
                let s = ins
                    .responses()
                    .with(total, Some(*x))
                    .unwrap()
                    .age(age)
                    .score()
                    .unwrap();
                assert_eq!(s.band("total"), want.as_str(), "case {name} score {x}");
            }
        }
    }
}

#[test]
fn ors_cut_offs_depend_on_age_and_the_adult_one_is_the_default() {
    let ors = builtin("ors").unwrap();
    let at = |age: Option<u32>, total: f64| {
        let mut r = ors.responses().with("ors_total", Some(total)).unwrap();
        if let Some(a) = age {
            r = r.age(a);
        }
        r.score().unwrap()
    };
    assert_eq!(at(Some(15), 27.9).band("total"), Some("clinical"));
    assert_eq!(at(Some(15), 28.0).band("total"), Some("non_clinical"));
    assert_eq!(at(Some(30), 24.9).band("total"), Some("clinical"));
    assert_eq!(at(Some(30), 25.0).band("total"), Some("non_clinical"));
    let unknown = at(None, 26.0);
    assert_eq!(unknown.version, "adult");
    assert_eq!(unknown.band("total"), Some("non_clinical"));
    assert_eq!(unknown.notes[0].code(), "age_unknown");
    assert_eq!(
        ors.change_rule("total", None, None).unwrap().threshold(),
        5.0
    );
}

#[test]
fn jacobson_truax_threshold_rci_and_classes_match_case_9() {
    let all = cases();
    let jt = &all["jacobson_truax"];
    let pair = |k: &str| {
        let a = jt[k].as_array().unwrap();
        (num(&a[0]).unwrap(), num(&a[1]).unwrap())
    };
    // the rule written in an instrument file, on a lower-is-better scale
    let ins = Instrument::from_toml_str(
        r#"
        id = "jt"
        name = "Case 9"
        source = "CASES.md case 9"
        [response.r]
        min = 0
        max = 40
        [[item]]
        id = "x"
        response = "r"
        [[scale]]
        id = "score"
        higher_is = "worse"
        items = ["x"]
        [[change]]
        id = "jt"
        scale = "score"
        sd = 6.0
        reliability = 0.80
        "#,
        "case9.toml",
    )
    .unwrap();
    let rule = ins.change_rule("score", None, None).unwrap();
    let rc = rule.reliable_change().unwrap();
    assert_eq!(rc.direction(), Direction::LowerIsBetter);
    assert!((rc.se() - num(&jt["se"]).unwrap()).abs() < 5e-5);
    assert!((rc.s_diff() - num(&jt["s_diff"]).unwrap()).abs() < 5e-5);
    // the minimum reliable change, 1.96 · SD · √(2 (1 − r)), to the 2 decimals CASES gives
    assert!((rule.threshold() - 1.96 * 6.0 * (2.0f64 * (1.0 - 0.8)).sqrt()).abs() < 1e-12);
    assert!((rule.threshold() - num(&jt["threshold"]).unwrap()).abs() < 5e-3);
    let (clinical, functional) = (pair("clinical"), pair("functional"));
    let cutoff = |c: CutoffCriterion| {
        c.cutoff(clinical, Some(functional), Direction::LowerIsBetter)
            .unwrap()
    };
    assert_eq!(cutoff(CutoffCriterion::A), num(&jt["cutoff_a"]).unwrap());
    assert_eq!(cutoff(CutoffCriterion::B), num(&jt["cutoff_b"]).unwrap());
    assert!((cutoff(CutoffCriterion::C) - num(&jt["cutoff_c"]).unwrap()).abs() < 5e-4);
    for c in jt["cases"].as_array().unwrap() {
        let (pre, post) = (num(&c["pre"]).unwrap(), num(&c["post"]).unwrap());
        let rci = rule.rci(pre, post).unwrap();
        assert!(
            (rci - num(&c["rci"]).unwrap()).abs() < 5e-4,
            "case {}: rci {rci}",
            c["case"]
        );
        for (key, criterion) in [
            ("class_a", CutoffCriterion::A),
            ("class_b", CutoffCriterion::B),
            ("class_c", CutoffCriterion::C),
        ] {
            let Some(want) = c.get(key) else { continue };
            assert_eq!(
                class_name(rule.classify(pre, post, Some(cutoff(criterion)))),
                want.as_str().unwrap(),
                "case {} {key}",
                c["case"]
            );
        }
    }
}

#[test]
fn added_value_is_exact_in_tenths_as_case_10() {
    let all = cases();
    for c in list(&all, "added_value") {
        let get = |k: &str| c.get(k).and_then(num);
        let av = AddedValue::new(
            get("t1_total"),
            get("t1_impact"),
            get("t1_emotional"),
            get("t2_total"),
        )
        .unwrap();
        match num(&c["tenths"]) {
            None => assert!(av.is_none(), "case {}", c["case"]),
            Some(t) => {
                let av = av.unwrap();
                assert_eq!(av.tenths() as f64, t);
                assert_eq!(av.value(), num(&c["value"]).unwrap());
                assert_eq!(av.effect_size(), num(&c["effect_size"]).unwrap());
            }
        }
    }
    assert!(AddedValue::new(Some(20.5), Some(0.0), Some(0.0), Some(1.0)).is_err());
}

#[test]
fn sdq_reliable_change_thresholds_are_per_informant() {
    let sdq = builtin("sdq").unwrap();
    assert_eq!(
        sdq.change_rule("peer", Some("parent"), None)
            .unwrap()
            .threshold(),
        3.0
    );
    assert_eq!(
        sdq.change_rule("peer", Some("selv"), None)
            .unwrap()
            .threshold(),
        5.0
    );
    assert!(sdq.change_rule("peer", Some("teacher"), None).is_none());
    assert!(sdq
        .change_rule("total_difficulties", Some("parent"), None)
        .is_none());
    // prosocial: higher is better, so a fall is a deterioration
    let r = sdq.change_rule("prosocial", Some("parent"), None).unwrap();
    assert_eq!(r.classify(8.0, 5.0, None), ChangeClass::Deteriorated);
    assert_eq!(
        sdq.change_rule("emotional", Some("parent"), None)
            .unwrap()
            .classify(8.0, 4.0, None),
        ChangeClass::Improved
    );
}

#[test]
fn builtins_load_through_the_user_path_and_agree_with_validation_ranges() {
    assert_eq!(builtins().len(), BUILTIN.len());
    for id in BUILTIN {
        assert!(is_builtin(id));
        let text = builtin_toml(id).unwrap();
        let again = Instrument::from_toml_str(text, "copy.toml").unwrap();
        assert_eq!(again.definition(), builtin(id).unwrap().definition());
        // never item wording: the files hold numbers and short variable names only
        assert!(!text.to_lowercase().contains("considerate"), "{id}");
    }
    let sdq = builtin_item_range("sdq", "SDQ7").unwrap();
    assert_eq!((sdq.min, sdq.max, sdq.integer), (0.0, 2.0, true));
    let imp = builtin_item_range("sdq", "sdq_impact_home").unwrap();
    assert_eq!((imp.min, imp.max), (0.0, 3.0));
    let ors = builtin_item_range("cors", "ors2").unwrap();
    assert_eq!((ors.min, ors.max, ors.integer), (0.0, 10.0, false));
    assert!(builtin_item_range("csrs", "srs4").is_some());
    assert!(builtin_item_range("who5", "who5_6").is_none());
    assert!(!is_builtin("phq9"));
}

#[test]
fn a_definition_round_trips_through_its_own_struct() {
    let def: InstrumentDef = builtin("sdq").unwrap().definition().clone();
    let text = toml::to_string(&def).unwrap();
    let back = Instrument::from_toml_str(&text, "round-trip.toml").unwrap();
    assert_eq!(back.definition(), &def);
    // and checking the struct directly gives the same instrument
    let checked = def.check().unwrap();
    assert_eq!(checked.scales().len(), 9);
}

const MINI: &str = r#"
id = "mini"
name = "Mini"
source = "a test"
[response.r]
values = [0, 1, 2]
[[item]]
id = "a"
response = "r"
[[item]]
id = "b"
response = "r"
[[scale]]
id = "s"
higher_is = "worse"
items = ["a", "b"]
"#;

fn definition_error(extra: &str) -> String {
    let text = format!("{MINI}{extra}");
    Instrument::from_toml_str(&text, "mini.toml")
        .unwrap_err()
        .to_string()
}

#[test]
fn definition_errors_name_the_key() {
    for (extra, needle) in [
        ("colour = \"red\"\n", "unknown field `colour`"),
        ("[[scale]]\nid = \"t\"\nhigher_is = \"worse\"\nitems = [\"zz\"]\n", "scale[1] (t).items: \"zz\" is not an item of mini"),
        ("[[scale]]\nid = \"t\"\nhigher_is = \"worse\"\nscales = [\"u\"]\n", "\"u\" is not a scale defined before t"),
        ("[[scale]]\nid = \"t\"\nhigher_is = \"worse\"\nitems = [\"a\"]\nmin_answered = 2\n", "min_answered: 2 is not between 1"),
        ("[[norms]]\nsystem = \"x\"\npopulation = \"p\"\n[norms.bands]\ns = [[\"lo\", 0, 1], [\"hi\", 3, 4]]\n", "score 2 is in no band"),
        ("[[norms]]\nsystem = \"x\"\npopulation = \"p\"\n[norms.bands]\ns = [[\"lo\", 0, 2], [\"hi\", 2, 4]]\n", "score 2 is in more than one band (lo, hi)"),
        ("[[norms]]\nsystem = \"x\"\npopulation = \"\"\n[norms.bands]\ns = [[\"lo\", 0, 4]]\n", "population is empty"),
        ("[[change]]\nid = \"c\"\nscale = \"s\"\nsd = 5\nreliability = 1.2\n", "reliability"),
        ("[[change]]\nid = \"c\"\nscale = \"s\"\nthreshold = 2\nsd = 5\n", "give either threshold"),
        ("[[flag]]\nid = \"f\"\nscale = \"s\"\n", "give exactly one of at_most"),
        ("[[item]]\nid = \"age\"\nresponse = \"r\"\n", "\"age\" is a column with its own meaning"),
        ("[[item]]\nid = \"c\"\nresponse = \"nope\"\n", "\"nope\" is not a response set"),
    ] {
        let msg = definition_error(extra);
        assert!(msg.contains(needle), "for {extra:?}:\n{msg}\nexpected {needle:?}");
        assert!(msg.starts_with("mini.toml: "), "{msg}");
    }
    let top = format!("default_norms = [\"uk9\"]\n{MINI}");
    let msg = Instrument::from_toml_str(&top, "mini.toml")
        .unwrap_err()
        .to_string();
    assert!(
        msg.contains("default_norms: \"uk9\" is not a norm system"),
        "{msg}"
    );
}

#[test]
fn continuous_scores_need_bands_that_meet_exactly() {
    let text = MINI.replace("values = [0, 1, 2]", "min = 0\nmax = 2");
    let err = Instrument::from_toml_str(
        &format!("{text}[[norms]]\nsystem = \"x\"\npopulation = \"p\"\n[norms.bands]\ns = [[\"lo\", 0, 1], [\"hi\", 2, 4]]\n"),
        "cont.toml",
    )
    .unwrap_err()
    .to_string();
    assert!(err.contains("must meet exactly"), "{err}");
    Instrument::from_toml_str(
        &format!("{text}[[norms]]\nsystem = \"x\"\npopulation = \"p\"\n[norms.bands]\ns = [{{ band = \"lo\", min = 0, below = 1.5 }}, {{ band = \"hi\", min = 1.5, max = 4 }}]\n"),
        "cont.toml",
    )
    .unwrap();
}

#[test]
fn a_mean_scale_with_at_least_half_answered_like_the_national_survey() {
    let ins = Instrument::from_toml_str(
        r#"
        id = "trivsel"
        name = "A well-being index in the national survey's style"
        source = "hand-worked test"
        [response.five]
        values = [1, 2, 3, 4, 5]
        [[item]]
        id = "t1"
        response = "five"
        [[item]]
        id = "t2"
        response = "five"
        reverse = true
        [[item]]
        id = "t3"
        response = "five"
        [[item]]
        id = "t4"
        response = "five"
        [[scale]]
        id = "social"
        higher_is = "better"
        items = ["t1", "t2", "t3", "t4"]
        combine = "mean"
        min_answered = 2
        "#,
        "trivsel.toml",
    )
    .unwrap();
    // t2 reversed: 6 − 1 = 5; mean of 4, 5 = 4.5 (t3, t4 unanswered)
    let s = ins
        .responses_from(&[Some(4.0), Some(1.0), None, None])
        .unwrap()
        .score()
        .unwrap();
    assert_eq!(s.value("social"), Some(4.5));
    // one answer of four is not enough
    let s = ins
        .responses_from(&[Some(4.0), None, None, None])
        .unwrap()
        .score()
        .unwrap();
    assert_eq!(s.value("social"), None);
    // 1, 2, 2 → (1 + 4 + 2) / 3 = 7/3
    let s = ins
        .responses_from(&[Some(1.0), Some(2.0), Some(2.0), None])
        .unwrap()
        .score()
        .unwrap();
    assert_eq!(s.get("social").unwrap().value_text(), "2.3333333333333335");
}

#[test]
fn decimals_are_exact_so_twenty_five_is_not_clinical() {
    // 6.1 + 4.0 + 8.2 + 6.7 is 24.999999999999996 in floating point: "clinical" if summed so
    let f: f64 = [6.1, 4.0, 8.2, 6.7].iter().sum();
    assert!(f < 25.0);
    let ors = builtin("ors").unwrap();
    let s = ors
        .responses_from(&[Some(6.1), Some(4.0), Some(8.2), Some(6.7)])
        .unwrap()
        .age(30)
        .score()
        .unwrap();
    assert_eq!(s.value("total"), Some(25.0));
    assert_eq!(s.band("total"), Some("non_clinical"));
    let s = ors
        .responses_from(&[Some(6.1), Some(6.3), Some(6.2), Some(6.3)])
        .unwrap()
        .age(30)
        .score()
        .unwrap();
    assert_eq!(s.get("total").unwrap().value_text(), "24.9");
    assert_eq!(s.band("total"), Some("clinical"));
}

#[test]
fn danish_norms_by_sex_can_be_added_in_a_users_copy() {
    let text = builtin_toml("sdq").unwrap().to_string()
        + r#"
[[norms]]
system = "dk57"
population = "Danish parents, 5-7 years, boys (example values for the test, not a norm)"
status = "U"
informant = "forælder"
age = { min = 5, max = 7 }
sex = "male"
[norms.bands]
total_difficulties = [["normal", 0, 9], ["borderline", 10, 13], ["abnormal", 14, 40]]
"#;
    let ins = Instrument::from_toml_str(&text, "sdq_dk.toml").unwrap();
    let r = ins
        .responses_from(&[Some(0.0); 25])
        .unwrap()
        .informant("parent")
        .age(6);
    let opts = ScoreOptions {
        norms: Some("dk57".into()),
        ..ScoreOptions::default()
    };
    // sex unknown: no table matches
    let s = r.score_with(&opts).unwrap();
    assert_eq!(s.band("total_difficulties"), None);
    assert_eq!(s.notes[0].code(), "no_norms");
    let s = r
        .clone()
        .sex(indsats::data::Sex::Male)
        .score_with(&opts)
        .unwrap();
    assert_eq!(s.band("total_difficulties"), Some("borderline"));
    // an unknown norm system is refused
    let bad = ScoreOptions {
        norms: Some("dk99".into()),
        ..ScoreOptions::default()
    };
    assert!(r
        .score_with(&bad)
        .unwrap_err()
        .to_string()
        .contains("no norm system \"dk99\""));
}

#[test]
fn the_builtin_sdq_bands_are_specs_uk_tables_exactly() {
    let path =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/reference/instruments/sdq_bands.csv");
    let text = std::fs::read_to_string(path).unwrap();
    let sdq = builtin("sdq").unwrap();
    let mut checked = 0;
    for line in text.lines().skip(1) {
        let f: Vec<&str> = line.split(',').collect();
        let (system, version, scale, label) = (f[0], f[1], f[2], f[3]);
        let (lo, hi): (f64, f64) = (f[4].parse().unwrap(), f[5].parse().unwrap());
        let form = sdq
            .versions()
            .iter()
            .position(|v| v.id() == version)
            .unwrap();
        let table = sdq
            .norms()
            .iter()
            .find(|t| t.system() == system && t.matches_form(form))
            .unwrap_or_else(|| panic!("no {system} table for {version}"));
        let si = sdq.scales().iter().position(|s| s.id() == scale).unwrap();
        let band = table
            .bands_of(si)
            .unwrap()
            .iter()
            .find(|b| b.label == label)
            .unwrap_or_else(|| panic!("{line}: no band {label}"));
        assert_eq!(
            (band.min, band.max, band.below),
            (lo, Some(hi), None),
            "{line}"
        );
        checked += 1;
    }
    assert_eq!(checked, 147);
    // and the built-in has no 4-17 band the SPEC does not
    let n: usize = sdq
        .norms()
        .iter()
        .filter(|t| t.status() == Some(indsats::instruments::Status::V))
        .map(|t| {
            (0..sdq.scales().len())
                .filter_map(|k| t.bands_of(k))
                .map(<[_]>::len)
                .sum::<usize>()
        })
        .sum();
    assert_eq!(n, 147);
}
