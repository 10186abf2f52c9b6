//! `indsats` as a process: exit codes, output formats, and the defect fixture end to end.

use crate::common::{fixture, indsats, text};

#[test]
fn validate_names_every_defect_kind_with_row_and_column_and_exits_1() {
    let plan = fixture("defects/plan.toml");
    let o = indsats(&[
        "validate",
        "--plan",
        plan.to_str().unwrap(),
        "--examples",
        "20",
        "--lang",
        "en",
    ]);
    let (out, err) = text(&o);
    assert_eq!(o.status.code(), Some(1), "stdout:\n{out}\nstderr:\n{err}");
    assert!(!err.contains("panicked"), "{err}");
    for needle in [
        "persons: unparseable (1)",
        "row 3, column \"birth_date\": \"2011-02-30\"",
        "persons: duplicate_id (1)",
        "row 4, column \"person_id\"",
        "persons: missing_value (1)",
        "persons: future_date (1)",
        "persons: unknown_code (1)",
        "episodes: end_before_start (1)",
        "row 4, column \"end_date\": \"2020-01-31\"",
        "episodes: overlapping_episodes (1)",
        "row 3, column \"start_date\"",
        "episodes: unknown_person (1)",
        "row 5, column \"person_id\": \"P9\"",
        "episodes: unknown_measure (1)",
        "row 6, column \"measure\": \"trylleri\"",
        "episodes: unknown_level (1)",
        "row 7, column \"level\": \"mellemtrin\"",
        "episodes: unparseable (1)",
        "row 8, column \"start_date\": \"2020-13-01\"",
        "episodes: negative_cost (1)",
        "row 9, column \"daily_cost\": \"-50\"",
        "episodes: future_date (1)",
        "row 10, column \"start_date\": \"2031-01-01\"",
        "episodes: duplicate_id (1)",
        "assessments: item_out_of_range (2)",
        "row 3, column \"sdq1\": \"3\"",
        "row 4, column \"who5_1\": \"6\"",
        "assessments: unparseable (1)",
        "costs: negative_cost (1)",
        "costs: unparseable (1)",
        "row 4, column \"month\": \"2020-13\"",
    ] {
        assert!(out.contains(needle), "missing {needle:?} in:\n{out}");
    }
}

#[test]
fn validate_speaks_danish_by_default() {
    let plan = fixture("defects/plan.toml");
    let o = indsats(&["validate", "--plan", plan.to_str().unwrap()]);
    let (out, _) = text(&o);
    assert_eq!(o.status.code(), Some(1));
    for needle in [
        "datoudtræk: 2024-12-31",
        "række 4, kolonne \"end_date\": \"2020-01-31\"; forventet en slutdato på eller efter startdatoen 2020-03-01 (rækken udeladt)",
        "række 3, kolonne \"sdq1\": \"3\"; forventet for sdq1: 0, 1 eller 2 (rækken udeladt)",
        "forventet én anbringelse ad gangen: række 2 (plejefamilie, 2019-01-01 til 2019-12-31) er stadig i gang (rækken beholdt)",
    ] {
        assert!(out.contains(needle), "missing {needle:?} in:\n{out}");
    }
}

#[test]
fn validate_json_is_one_object_with_counts() {
    let plan = fixture("defects/plan.toml");
    let o = indsats(&[
        "validate",
        "--plan",
        plan.to_str().unwrap(),
        "--format",
        "json",
    ]);
    assert_eq!(o.status.code(), Some(1));
    let v: serde_json::Value =
        serde_json::from_slice(&o.stdout).expect("stdout is one JSON object");
    assert_eq!(v["ok"], false);
    assert_eq!(v["counts"]["episodes"]["overlapping_episodes"], 1);
    assert_eq!(v["counts"]["assessments"]["item_out_of_range"], 2);
    assert_eq!(v["n"]["rows_read"], 23);
    assert_eq!(v["n"]["rows_used"], 12);
    assert_eq!(v["n"]["rows_excluded"], 11);
    assert!(v["warnings"].is_array());
}

#[test]
fn validate_a_missing_required_column() {
    let f = fixture("missing/episodes.csv");
    let o = indsats(&[
        "validate",
        "--data",
        f.to_str().unwrap(),
        "--table",
        "episodes",
    ]);
    let (out, _) = text(&o);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        out.contains("missing_column") && out.contains("\"start_date\""),
        "{out}"
    );
}

#[test]
fn validate_maps_column_names() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("udtraek.csv");
    std::fs::write(&f, "Barn-ID;Foranstaltning;Startdato;Slutdato;Takst pr. døgn\nA1;Plejefamilie;01-02-2020;31-12-2020;1.234,50\n")
        .unwrap();
    let o = indsats(&[
        "validate",
        "--data",
        f.to_str().unwrap(),
        "--table",
        "episodes",
        "--columns",
        "person_id=Barn-ID,measure=Foranstaltning,start_date=Startdato,end_date=Slutdato,daily_cost=Takst pr. døgn",
        "--format",
        "json",
    ]);
    let (out, err) = text(&o);
    assert_eq!(o.status.code(), Some(0), "{out}{err}");
}

#[test]
fn bad_usage_exits_2() {
    assert_eq!(indsats(&["validate"]).status.code(), Some(2));
    assert_eq!(indsats(&["no-such-command"]).status.code(), Some(2));
    assert_eq!(
        indsats(&["report", "--example", "--lang", "fr"])
            .status
            .code(),
        Some(2)
    );
}

#[test]
fn a_file_that_does_not_exist_exits_1_naming_it() {
    let o = indsats(&[
        "validate",
        "--data",
        "nowhere/episodes.csv",
        "--table",
        "episodes",
    ]);
    let (_, err) = text(&o);
    assert_eq!(o.status.code(), Some(1));
    assert!(err.contains("nowhere/episodes.csv"), "{err}");
}

#[test]
fn cpr_like_identifiers_are_refused_and_never_printed() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("persons.csv");
    // Synthetic numbers: valid dates, made-up sequence digits.
    std::fs::write(&f, "person_id,sex\n010203-1234,m\n311299-0000,f\n").unwrap();
    let o = indsats(&[
        "validate",
        "--data",
        f.to_str().unwrap(),
        "--table",
        "persons",
    ]);
    let (out, err) = text(&o);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        err.contains("CPR") && err.contains("person_id") && err.contains("row 2"),
        "{err}"
    );
    for s in [&out, &err] {
        assert!(
            !s.contains("010203") && !s.contains("1234") && !s.contains("311299"),
            "{s}"
        );
    }
    let key = dir.path().join("key.txt");
    std::fs::write(&key, "a synthetic key of enough length\n").unwrap();
    let run = || {
        let o = indsats(&[
            "validate",
            "--data",
            f.to_str().unwrap(),
            "--table",
            "persons",
            "--pseudonymise",
            key.to_str().unwrap(),
            "--format",
            "json",
        ]);
        assert_eq!(o.status.code(), Some(0), "{:?}", text(&o));
        o.stdout
    };
    let (a, b) = (run(), run());
    assert_eq!(a, b, "pseudonymisation is deterministic");
    assert!(!String::from_utf8_lossy(&a).contains("010203"));
}

#[test]
fn the_example_report_is_written_the_same_twice_in_danish_and_english() {
    let dir = tempfile::tempdir().unwrap();
    let run = |out: &str, lang: &str| {
        let out = dir.path().join(out);
        let o = indsats(&[
            "report",
            "--example",
            "--out",
            out.to_str().unwrap(),
            "--lang",
            lang,
        ]);
        assert_eq!(o.status.code(), Some(0), "{:?}", text(&o));
        out
    };
    let (a, b, en) = (run("a", "da"), run("b", "da"), run("en", "en"));
    for f in ["report.html", "report.md", "report.json"] {
        let x = std::fs::read(a.join(f)).unwrap();
        assert_eq!(
            x,
            std::fs::read(b.join(f)).unwrap(),
            "{f} differs between two runs"
        );
        assert!(!indsats::data::contains_cpr_like(&String::from_utf8_lossy(
            &x
        )));
    }
    let html = std::fs::read_to_string(a.join("report.html")).unwrap();
    assert!(html.contains("<html lang=\"da\">") && html.contains("Indsatstrappen år for år"));
    assert!(html.matches("<svg").count() >= 3);
    let html = std::fs::read_to_string(en.join("report.html")).unwrap();
    assert!(html.contains("<html lang=\"en\">") && html.contains("The staircase year by year"));
    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(a.join("report.json")).unwrap()).unwrap();
    assert!(json["warnings"].is_array());
    assert_eq!(json["n"]["problems"], 0);
}

#[test]
fn a_simulated_municipality_validates_cleanly_and_is_the_same_for_the_same_seed() {
    let dir = tempfile::tempdir().unwrap();
    let sim = |name: &str, seed: &str| {
        let out = dir.path().join(name);
        let o = indsats(&[
            "simulate",
            "--persons",
            "400",
            "--seed",
            seed,
            "--out",
            out.to_str().unwrap(),
        ]);
        assert_eq!(o.status.code(), Some(0), "{:?}", text(&o));
        out
    };
    let (a, b, c) = (sim("a", "11"), sim("b", "11"), sim("c", "12"));
    for f in [
        "persons.csv",
        "episodes.csv",
        "assessments.csv",
        "costs.csv",
        "outcomes.csv",
        "truth.json",
    ] {
        assert_eq!(
            std::fs::read(a.join(f)).unwrap(),
            std::fs::read(b.join(f)).unwrap(),
            "{f}"
        );
    }
    assert_ne!(
        std::fs::read(a.join("episodes.csv")).unwrap(),
        std::fs::read(c.join("episodes.csv")).unwrap()
    );
    let plan = a.join("plan.toml");
    std::fs::write(
        &plan,
        "[report]\ntitle = \"Sim\"\nmunicipality = \"Synthby\"\n[data]\ncutoff_date = 2024-12-31\n\
         persons = { file = \"persons.csv\" }\nepisodes = { file = \"episodes.csv\" }\n\
         assessments = { file = \"assessments.csv\" }\ncosts = { file = \"costs.csv\" }\n\
         outcomes = { file = \"outcomes.csv\" }\n",
    )
    .unwrap();
    let o = indsats(&[
        "validate",
        "--plan",
        plan.to_str().unwrap(),
        "--format",
        "json",
    ]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(o.status.code(), Some(0), "{v}");
    assert_eq!(v["ok"], true);
    let truth: serde_json::Value =
        serde_json::from_slice(&std::fs::read(a.join("truth.json")).unwrap()).unwrap();
    assert_eq!(truth["effects"]["step_down_hazard_ratio"]["value"], 1.5);
}

#[test]
fn datasets_are_listed_and_exported() {
    let o = indsats(&["datasets", "list"]);
    let (out, _) = text(&o);
    assert_eq!(o.status.code(), Some(0));
    assert!(
        out.contains("example") && out.contains("episodes.csv"),
        "{out}"
    );
    let dir = tempfile::tempdir().unwrap();
    let o = indsats(&[
        "datasets",
        "export",
        "example",
        "--out",
        dir.path().to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(0));
    let exported = std::fs::read(dir.path().join("episodes.csv")).unwrap();
    let bundled = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/datasets/example/episodes.csv"
    ))
    .unwrap();
    assert_eq!(exported, bundled);
    assert_eq!(
        indsats(&["datasets", "export", "nonesuch", "--out", "x"])
            .status
            .code(),
        Some(2)
    );
}

#[test]
fn progress_follows_the_example_children_and_reports_attrition() {
    let root = env!("CARGO_MANIFEST_DIR");
    let data = format!("{root}/datasets/example/assessments.csv");
    let o = indsats(&[
        "progress",
        "--data",
        &data,
        "--instrument",
        "sdq",
        "--informant",
        "parent",
        "--scale",
        "total_difficulties,emotional",
        "--episodes",
        &format!("{root}/datasets/example/episodes.csv"),
        "--persons",
        &format!("{root}/datasets/example/persons.csv"),
        "--baseline-days-after",
        "21",
        "--format",
        "json",
    ]);
    let (out, err) = text(&o);
    assert_eq!(o.status.code(), Some(0), "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["start"], "first_measure");
    let total = &v["scales"][0];
    assert_eq!(total["scale"], "total_difficulties");
    for w in total["windows"].as_array().unwrap() {
        let (b, f, l) = (
            w["n_baseline"].as_u64().unwrap(),
            w["n_followed"].as_u64().unwrap(),
            w["n_lost"].as_u64().unwrap(),
        );
        assert_eq!(b, f + l, "every baseline is followed or counted as lost");
    }
    assert!(total["windows"][0]["change"]["mean_change"].is_number());
    assert!(total["scored"]["unscored"].is_object());
    // The emotional scale has a reliable-change rule for parents, so its classes add up.
    let emo = &v["scales"][1]["windows"][0];
    let classes: u64 = emo["classes"]
        .as_object()
        .unwrap()
        .values()
        .map(|n| n.as_u64().unwrap())
        .sum();
    assert_eq!(classes, emo["n_followed"].as_u64().unwrap());
}

#[test]
fn progress_reads_a_file_of_one_instrument_with_its_own_column_names() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("ors.csv");
    let mut csv = String::from("barn;dato;ors1;ors2;ors3;ors4\n");
    for (i, (a, b)) in [(4.0, 7.5), (5.0, 8.0), (3.5, 6.0)].iter().enumerate() {
        csv.push_str(
            &format!("B{i};01-01-2023;{a};{a};{a};{a}\nB{i};01-07-2023;{b};{b};{b};{b}\n")
                .replace('.', ","),
        );
    }
    std::fs::write(&f, csv).unwrap();
    let o = indsats(&[
        "progress",
        "--data",
        f.to_str().unwrap(),
        "--instrument",
        "ors",
        "--id",
        "barn",
        "--date",
        "dato",
        "--format",
        "csv",
    ]);
    let (out, err) = text(&o);
    assert_eq!(o.status.code(), Some(0), "{err}");
    // 6 months: totals 16→30, 20→32, 14→24: mean change (14 + 12 + 10)/3 = 12
    let six = out.lines().find(|l| l.starts_with("total,6,")).expect(&out);
    assert!(six.starts_with("total,6,3,3,3,0,12,"), "{six}");
}

#[test]
fn progress_bad_input_and_usage() {
    let root = env!("CARGO_MANIFEST_DIR");
    let data = format!("{root}/datasets/example/assessments.csv");
    assert_eq!(
        indsats(&["progress", "--data", &data, "--instrument", "nonesuch"])
            .status
            .code(),
        Some(1)
    );
    assert_eq!(
        indsats(&[
            "progress",
            "--data",
            &data,
            "--instrument",
            "sdq",
            "--scale",
            "happiness"
        ])
        .status
        .code(),
        Some(2)
    );
    assert_eq!(
        indsats(&[
            "progress",
            "--data",
            &data,
            "--instrument",
            "sdq",
            "--windows",
            "12,6"
        ])
        .status
        .code(),
        Some(2)
    );
    assert_eq!(
        indsats(&["progress", "--data", "nowhere.csv", "--instrument", "sdq"])
            .status
            .code(),
        Some(1)
    );
}

#[test]
fn progress_stops_at_a_bad_answer_naming_the_place() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("who5.csv");
    std::fs::write(&f, "person_id,date,who5_1,who5_2,who5_3,who5_4,who5_5\nA,2023-01-01,3,3,3,3,3\nA,2023-07-01,3,7,3,3,3\n").unwrap();
    let o = indsats(&[
        "progress",
        "--data",
        f.to_str().unwrap(),
        "--instrument",
        "who5",
    ]);
    let (_, err) = text(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(
        err.contains("who5.csv")
            && err.contains("row 3")
            && err.contains("who5_2")
            && err.contains("\"7\""),
        "{err}"
    );
    std::fs::write(&f, "person_id,date,who5_1\nA,2023-02-30,3\n").unwrap();
    let o = indsats(&[
        "progress",
        "--data",
        f.to_str().unwrap(),
        "--instrument",
        "who5",
    ]);
    let (_, err) = text(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(
        err.contains("row 2") && err.contains("date") && err.contains("2023-02-30"),
        "{err}"
    );
}
