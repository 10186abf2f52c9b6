//! The evaluation plan: parsing, unknown keys named, relative paths, staircase overrides.

use indsats::plan::{Comparison, Plan};
use std::path::Path;

fn parse(text: &str) -> indsats::Result<Plan> {
    Plan::from_toml_str(text, "plan.toml", Path::new("/data/kommune"))
}

const MINIMAL: &str =
    "[report]\ntitle = \"T\"\nmunicipality = \"K\"\n[data]\nepisodes = { file = \"e.csv\" }\n";

#[test]
fn a_minimal_plan_takes_the_defaults() {
    let p = parse(MINIMAL).unwrap();
    assert_eq!(p.report.small_cell_threshold, 5);
    assert_eq!(p.report.lang, indsats::Lang::Da);
    assert_eq!(p.follow_up.windows_months, [6, 12, 24]);
    assert_eq!(p.follow_up.tolerance_months, 2);
    assert_eq!(p.sources().episodes.unwrap().file, "/data/kommune/e.csv");
    assert_eq!(
        p.staircase().unwrap(),
        indsats::staircase::Staircase::danish_default()
    );
    assert!(p.load_options().unwrap().key.is_none());
}

#[test]
fn the_example_plan_parses() {
    let p = indsats::datasets::example_plan();
    assert_eq!(p.report.municipality, "Eksempel Kommune");
    assert_eq!(
        p.intervention.unwrap().comparison,
        Comparison::OtherDistricts
    );
}

#[test]
fn unknown_keys_are_errors_that_name_the_key() {
    for (text, key) in [
        (
            "[report]\ntitle = \"T\"\nmunicipality = \"K\"\nlanguage = \"da\"\n",
            "language",
        ),
        (&format!("{MINIMAL}[follow_up]\nwindow = [6]\n"), "window"),
        (
            &format!(
                "{MINIMAL}[data.persons]\nfile = \"p.csv\"\ncolumn = {{ person_id = \"CPR\" }}\n"
            ),
            "column",
        ),
        (
            &format!("{MINIMAL}[intervention]\nname = \"x\"\ndistrict = [\"Nord\"]\n"),
            "district",
        ),
        (&format!("{MINIMAL}[udvalg]\nx = 1\n"), "udvalg"),
    ] {
        let e = parse(text).unwrap_err().to_string();
        assert!(
            e.contains(key) && e.starts_with("plan plan.toml: line "),
            "{e}"
        );
    }
}

#[test]
fn values_out_of_range_are_errors() {
    for (extra, needle) in [
        ("[follow_up]\nwindows_months = [12, 6]\n", "windows_months"),
        ("[follow_up]\nwindows_months = []\n", "windows_months"),
        ("[follow_up]\nwindows_months = [6, 8]\ntolerance_months = 2\n", "tolerance_months"),
        ("[intervention]\nname = \"x\"\ndistricts = [\"Nord\"]\nstart_dates = { Syd = 2020-01-01 }\n", "Syd"),
        ("[intervention]\nname = \"x\"\nstart_dates = { Syd = \"2020-02-30\" }\n", "2020-02-30"),
        ("[intervention]\nname = \"x\"\ncomparison = \"neighbours\"\n", "neighbours"),
        ("[effect]\ndesign = \"matching\"\n", "needs an [intervention]"),
        ("[intervention]\nname = \"x\"\n[effect]\ndesign = \"matching\"\n", "participant_column"),
        ("[intervention]\nname = \"x\"\nparticipant_column = \"p\"\n[effect]\ndesign = \"matching\"\ncaliper = -1\n", "caliper"),
        ("[intervention]\nname = \"x\"\nparticipant_column = \"p\"\n[effect]\ndesign = \"propensity\"\n", "propensity"),
        ("[intervention]\nname = \"x\"\nparticipant_column = \"p\"\n[effect]\ndesign = \"weighting\"\ntrim = 0.7\n", "trim"),
        ("[staircase]\nfile = \"s.toml\"\n[[staircase.level]]\nid = \"a\"\nrank = 0\nname_da = \"a\"\nname_en = \"a\"\n", "either"),
    ] {
        let e = parse(&format!("{MINIMAL}{extra}")).unwrap_err().to_string();
        assert!(e.contains(needle), "{needle}: {e}");
    }
    let e = parse("[report]\ntitle = \"T\"\nmunicipality = \"K\"\nsmall_cell_threshold = 0\n[data]\ncosts = { file = \"c.csv\" }")
        .unwrap_err()
        .to_string();
    assert!(e.contains("small_cell_threshold"), "{e}");
    let e = parse("[report]\ntitle = \"T\"\nmunicipality = \"K\"\n")
        .unwrap_err()
        .to_string();
    assert!(e.contains("data names no files"), "{e}");
}

#[test]
fn dates_may_be_toml_dates_or_danish_strings() {
    let p = parse(&format!(
        "{MINIMAL}cutoff_date = \"31-12-2024\"\nstart_date = 2015-01-01\n\
         [intervention]\nname = \"x\"\nstart_dates = {{ Nord = 2019-08-01 }}\n"
    ))
    .unwrap();
    assert_eq!(p.data.cutoff_date.unwrap().to_string(), "2024-12-31");
    assert_eq!(p.data.start_date.unwrap().to_string(), "2015-01-01");
    assert_eq!(
        p.intervention.unwrap().start_dates["Nord"].to_string(),
        "2019-08-01"
    );
}

#[test]
fn an_inline_staircase_replaces_the_default_and_is_checked() {
    let stairs = "[[staircase.level]]\nid = \"let\"\nrank = 0\nname_da = \"Let\"\nname_en = \"Light\"\n\
                  [[staircase.level]]\nid = \"tung\"\nrank = 1\nname_da = \"Tung\"\nname_en = \"Heavy\"\nplacement = true\nresidential = true\n\
                  [[staircase.measure]]\nid = \"botilbud\"\nlevel = \"tung\"\nname_da = \"Botilbud\"\nname_en = \"Supported housing\"\naliases = [\"§107\"]\n";
    let p = parse(&format!("{MINIMAL}{stairs}")).unwrap();
    let s = p.staircase().unwrap();
    assert_eq!(s.levels().len(), 2);
    assert_eq!(s.measure("§107").unwrap().id, "botilbud");
    let bad = stairs.replace("level = \"tung\"", "level = \"mellem\"");
    let e = parse(&format!("{MINIMAL}{bad}")).unwrap_err().to_string();
    assert!(e.contains("mellem"), "{e}");
}
