//! `indsats score` as a process: the contract's CSV for SDQ, JSON, long input, a
//! user-defined instrument, and bad input that exits 1 naming the place (or 2 for usage).

use crate::common::{fixture, indsats, text};
use std::path::Path;

fn fx(name: &str) -> String {
    fixture(&format!("instruments/{name}"))
        .to_str()
        .unwrap()
        .to_string()
}

fn run(args: &[&str]) -> (i32, String, String) {
    let o = indsats(args);
    let (out, err) = text(&o);
    assert!(!err.contains("panicked"), "{err}");
    (o.status.code().unwrap(), out, err)
}

fn write(dir: &Path, name: &str, content: &str) -> String {
    let p = dir.join(name);
    std::fs::write(&p, content).unwrap();
    p.to_str().unwrap().to_string()
}

fn expected(name: &str) -> String {
    std::fs::read_to_string(fx(name)).unwrap()
}

#[test]
fn sdq_csv_has_the_contracts_columns_and_the_worked_cases_scores() {
    // CASES 1-5a as rows of one file; expected values as in tests/reference/instruments
    let (code, out, err) = run(&[
        "score",
        "sdq",
        "--data",
        &fx("sdq_cases.csv"),
        "--format",
        "csv",
    ]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(out, expected("sdq_expected.csv"));
    let header = out.lines().next().unwrap();
    assert!(header.starts_with(
        "person_id,emotional,conduct,hyperactivity,peer,prosocial,total_difficulties,externalising,internalising,impact,"
    ));
    // the reasons for the empty cells are in the warnings, on stderr
    assert!(
        err.contains(
            "peer: 1 response set(s) not scored (row 6): at least 3 of 5 items must be answered"
        ),
        "{err}"
    );
}

#[test]
fn sdq_three_band_norms_on_request() {
    let (code, out, _) = run(&[
        "score",
        "sdq",
        "--data",
        &fx("sdq_cases.csv"),
        "--format",
        "csv",
        "--norms",
        "uk3",
    ]);
    assert_eq!(code, 0);
    // CASES 2, UK 3-band parent: peer B, prosocial B, others A
    let c2 = out.lines().find(|l| l.starts_with("C2,")).unwrap();
    assert!(
        c2.ends_with(",abnormal,abnormal,abnormal,borderline,borderline,abnormal,abnormal"),
        "{c2}"
    );
}

#[test]
fn sdq_json_is_one_object_with_scores_counts_and_warnings() {
    let (code, out, err) = run(&[
        "score",
        "sdq",
        "--data",
        &fx("sdq_cases.csv"),
        "--format",
        "json",
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(
        err.is_empty(),
        "nothing but JSON, and nothing on stderr: {err}"
    );
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["instrument"], "sdq");
    let rows = v["scores"].as_array().unwrap();
    assert_eq!(rows.len(), 5);
    let c4 = &rows[3];
    assert_eq!(c4["id"], "C4");
    assert_eq!(c4["version"], "T4-17");
    assert_eq!(c4["scores"]["conduct"], 3.0);
    assert_eq!(c4["scores"]["impact"], 3.0);
    assert_eq!(c4["bands"]["total_difficulties"], "high");
    let c5 = &rows[4];
    assert!(c5["scores"]["peer"].is_null());
    assert_eq!(c5["unscored"]["peer"]["reason"], "too_few_items");
    assert_eq!(c5["unscored"]["peer"]["answered"], 2);
    assert_eq!(v["n"]["rows_read"], 5);
    assert_eq!(v["n"]["response_sets"], 5);
    assert_eq!(v["n"]["complete"], 3);
    assert_eq!(v["n"]["unscorable"]["peer"]["too_few_items"], 1);
    assert_eq!(
        v["n"]["unscorable"]["total_difficulties"]["components_missing"],
        1
    );
    assert_eq!(v["n"]["unscorable"]["impact"]["too_few_items"], 2);
    assert!(v["warnings"].as_array().unwrap().len() >= 4);
}

/// The wide fixture rewritten as one row per answer.
fn to_long(wide: &str) -> String {
    let mut lines = wide.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    let mut out = String::from("person_id,date,informant,age,item,value\n");
    for line in lines {
        let cells: Vec<&str> = line.split(',').collect();
        for (k, name) in header.iter().enumerate().skip(4) {
            // leave some missing answers out altogether, write others as empty values
            if cells[k].is_empty() && k % 2 == 0 {
                continue;
            }
            out.push_str(&format!(
                "{},{},{},{},{name},{}\n",
                cells[0], cells[1], cells[2], cells[3], cells[k]
            ));
        }
    }
    out
}

#[test]
fn long_input_scores_the_same_as_wide() {
    let dir = tempfile::tempdir().unwrap();
    let long = write(dir.path(), "long.csv", &to_long(&expected("sdq_cases.csv")));
    let (code, out, err) = run(&["score", "sdq", "--data", &long, "--format", "csv"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(out, expected("sdq_expected.csv"));
    let (_, json, _) = run(&["score", "sdq", "--data", &long, "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v["layout"], "long");
    let long_text = to_long(&expected("sdq_cases.csv"));
    let first_c2 = long_text
        .lines()
        .position(|l| l.starts_with("C2,"))
        .unwrap()
        + 1;
    assert_eq!(v["scores"][1]["row"], first_c2); // the first row of C2's answers
}

#[test]
fn a_user_defined_instrument_scores_from_its_toml_file() {
    let (code, out, err) = run(&[
        "score",
        &fx("trivsel.toml"),
        "--data",
        &fx("trivsel.csv"),
        "--format",
        "csv",
    ]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(out, expected("trivsel_expected.csv"));
    assert!(err.contains("norms marked [U]"), "{err}");
}

#[test]
fn a_broken_instrument_file_exits_1_naming_the_key() {
    let dir = tempfile::tempdir().unwrap();
    let bad = expected("trivsel.toml").replace(
        "items = [\"t4\", \"t5\", \"t6\"]",
        "items = [\"t4\", \"t5\", \"t7\"]",
    );
    let path = write(dir.path(), "bad.toml", &bad);
    let (code, _, err) = run(&["score", &path, "--data", &fx("trivsel.csv")]);
    assert_eq!(code, 1);
    assert!(
        err.contains("bad.toml: scale[1] (faglig).items: \"t7\" is not an item of trivsel"),
        "{err}"
    );
}

#[test]
fn danish_csv_with_decimal_commas_birth_dates_and_mapped_columns() {
    // CASES 8a (adolescent, cut-off 28 [P]) and the 25.0 float trap on the adult cut-off
    let (code, out, err) = run(&[
        "score",
        "ors",
        "--data",
        &fx("ors_danish.csv"),
        "--id",
        "barn",
        "--columns",
        "date=dato,birth_date=fødselsdato",
        "--format",
        "csv",
    ]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(out, expected("ors_danish_expected.csv"));
}

#[test]
fn who5_csv_carries_the_flags() {
    let dir = tempfile::tempdir().unwrap();
    let data = write(
        dir.path(),
        "who5.csv",
        "person_id,date,who5_1,who5_2,who5_3,who5_4,who5_5\nW,2023-01-01,1,1,2,1,1\nW,2023-07-01,3,2,4,2,2\nW,2024-01-01,3,,3,2,2\n",
    );
    let (code, out, _) = run(&["score", "who5", "--data", &data, "--format", "csv"]);
    assert_eq!(code, 0);
    assert_eq!(
        out,
        "person_id,raw,percentage,raw_band,percentage_band,flags\n\
         W,6,24,poor,poor,depression_assessment;likely_depression\n\
         W,13,52,not_poor,not_poor,\n\
         W,,,,,\n"
    );
}

#[test]
fn items_are_mapped_from_the_files_own_names() {
    let dir = tempfile::tempdir().unwrap();
    let data = write(dir.path(), "w.csv", "id,q1,q2,q3,q4,q5\nA,3,2,4,2,2\n");
    let (code, out, err) = run(&[
        "score",
        "who5",
        "--data",
        &data,
        "--id",
        "id",
        "--items",
        "who5_1=q1,who5_2=q2,who5_3=q3,who5_4=q4,who5_5=q5",
        "--format",
        "csv",
    ]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(out.lines().nth(1), Some("A,13,52,not_poor,not_poor,"));
}

#[test]
fn without_an_id_column_rows_are_named_by_their_row_numbers() {
    let dir = tempfile::tempdir().unwrap();
    let data = write(
        dir.path(),
        "w.csv",
        "who5_1,who5_2,who5_3,who5_4,who5_5\n3,2,4,2,2\n",
    );
    let (code, out, err) = run(&["score", "who5", "--data", &data, "--format", "csv"]);
    assert_eq!(code, 0);
    assert_eq!(
        out,
        "row,raw,percentage,raw_band,percentage_band,flags\n2,13,52,not_poor,not_poor,\n"
    );
    assert!(err.contains("no person_id column"), "{err}");
}

#[test]
fn rows_for_other_instruments_are_skipped_and_counted() {
    let dir = tempfile::tempdir().unwrap();
    let data = write(
        dir.path(),
        "mixed.csv",
        "person_id,date,instrument,informant,session,ors1,ors2,ors3,ors4,srs1,srs2,srs3,srs4\n\
         P,2023-01-01,ors,self,1,5.2,4.8,6.0,5.5,,,,\n\
         P,2023-01-01,srs,self,1,,,,,9.0,8.5,9.2,8.9\n",
    );
    let (code, out, _) = run(&["score", "srs", "--data", &data, "--format", "json"]);
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["n"]["rows_other_instrument"], 1);
    assert_eq!(v["scores"][0]["scores"]["total"], 35.6);
    assert_eq!(v["scores"][0]["bands"]["total"], "alliance_concern");
    assert_eq!(v["scores"][0]["session"], "1");
}

#[test]
fn the_table_format_speaks_danish_by_default() {
    let (code, out, _) = run(&["score", "sdq", "--data", &fx("sdq_cases.csv")]);
    assert_eq!(code, 0);
    for needle in [
        "skema",
        "7 VH",
        "VH = meget høj",
        "bemærk: peer: 1 besvarelse(r) ikke scoret (række 6)",
    ] {
        assert!(out.contains(needle), "missing {needle:?} in:\n{out}");
    }
    let (_, en, _) = run(&[
        "score",
        "sdq",
        "--data",
        &fx("sdq_cases.csv"),
        "--lang",
        "en",
    ]);
    assert!(en.contains("VH = very high"), "{en}");
}

#[test]
fn out_writes_the_file_and_nothing_to_stdout() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("sub/scores.csv");
    let (code, out, _) = run(&[
        "score",
        "sdq",
        "--data",
        &fx("sdq_cases.csv"),
        "--format",
        "csv",
        "--out",
        path.to_str().unwrap(),
    ]);
    assert_eq!(code, 0);
    assert!(out.is_empty());
    assert_eq!(
        std::fs::read_to_string(path).unwrap(),
        expected("sdq_expected.csv")
    );
}

/// Replaces one cell of the SDQ fixture: (row as a spreadsheet shows it, column name).
fn sdq_with(row: usize, column: &str, value: &str) -> String {
    let text = expected("sdq_cases.csv");
    let lines: Vec<&str> = text.lines().collect();
    let header: Vec<&str> = lines[0].split(',').collect();
    let k = header.iter().position(|h| *h == column).unwrap();
    let mut out = String::new();
    for (i, line) in lines.iter().enumerate() {
        let mut cells: Vec<String> = line.split(',').map(str::to_string).collect();
        if i + 1 == row {
            cells[k] = value.to_string();
        }
        out.push_str(&cells.join(","));
        out.push('\n');
    }
    out
}

fn fails_with(args_data: &str, extra: &[&str], needle: &str) {
    let dir = tempfile::tempdir().unwrap();
    let data = write(dir.path(), "sdq.csv", args_data);
    let mut args = vec!["score", "sdq", "--data", &data];
    args.extend_from_slice(extra);
    let (code, out, err) = run(&args);
    assert_eq!(code, 1, "stdout {out}\nstderr {err}");
    assert!(out.is_empty(), "{out}");
    assert!(err.contains(needle), "expected {needle:?} in {err}");
    assert!(err.contains("sdq.csv"), "names the file: {err}");
}

#[test]
fn bad_answers_exit_1_naming_file_row_column_and_value() {
    fails_with(
        &sdq_with(3, "sdq12", "3"),
        &[],
        "column \"sdq12\" row 3: 3 is not an allowed answer to sdq12 (0, 1 or 2)",
    );
    fails_with(
        &sdq_with(2, "sdq5", "-1"),
        &[],
        "column \"sdq5\" row 2: -1 is not an allowed answer",
    );
    fails_with(
        &sdq_with(4, "sdq3", "x"),
        &[],
        "column \"sdq3\" row 4: \"x\" is not a number (sdq3 takes 0, 1 or 2)",
    );
    fails_with(
        &sdq_with(3, "sdq_impact_home", "4"),
        &[],
        "column \"sdq_impact_home\" row 3: 4 is not an allowed answer to sdq_impact_home (0, 1, 2 or 3)",
    );
    fails_with(
        &sdq_with(3, "sdq_impact_difficulties", "4"),
        &[],
        "column \"sdq_impact_difficulties\" row 3: 4 is not an allowed answer",
    );
    // row 5 is the teacher (C4): the teacher form has no home item
    fails_with(
        &sdq_with(5, "sdq_impact_home", "1"),
        &[],
        "column \"sdq_impact_home\" row 5: form T4-17 has no item sdq_impact_home",
    );
    fails_with(
        &sdq_with(2, "date", "2023-02-30"),
        &[],
        "column \"date\" row 2: \"2023-02-30\" is not a date",
    );
    fails_with(
        &sdq_with(2, "age", "ti"),
        &[],
        "column \"age\" row 2: \"ti\" is not an age",
    );
    fails_with(
        &sdq_with(2, "person_id", ""),
        &[],
        "column \"person_id\" row 2: the id is empty",
    );
    fails_with(
        &sdq_with(2, "informant", "nabo"),
        &[],
        "column \"informant\" row 2: \"nabo\": sdq has no form for informant \"nabo\"",
    );
    // a self-report for a nine-year-old, refused on request
    fails_with(
        &sdq_with(4, "age", "9"),
        &["--age-outside", "error"],
        "column \"age\" row 4: \"9\": age 9 is outside the ages of form S11-17 (11–17)",
    );
}

#[test]
fn a_missing_item_column_exits_1_and_lists_the_columns() {
    let text = expected("sdq_cases.csv").replace(",sdq25,", ",q25,");
    fails_with(&text, &[], "required column \"sdq25\" is missing");
}

#[test]
fn a_file_without_item_columns_exits_1() {
    fails_with(
        "person_id,informant,x\nA,parent,1\n",
        &[],
        "no columns for sdq's items (sdq1, sdq2, sdq3 …)",
    );
}

#[test]
fn long_input_errors_name_the_row_of_the_answer() {
    let long = to_long(&expected("sdq_cases.csv"));
    // the 40th file row holds one of C2's answers; make it an unknown item, then a duplicate
    let mut lines: Vec<String> = long.lines().map(str::to_string).collect();
    let original = lines[39].clone();
    lines[39] = original.replacen(",sdq", ",sdqx", 1);
    fails_with(
        &(lines.join("\n") + "\n"),
        &[],
        "column \"item\" row 40: \"sdqx",
    );
    lines[39] = lines[38].clone();
    fails_with(
        &(lines.join("\n") + "\n"),
        &[],
        "is answered twice in one questionnaire (same id, date and informant; first at row 39)",
    );
    // an out-of-range value is reported at its own row, in the value column
    let bad = long.replacen(
        "C2,2023-01-10,parent,10,sdq12,1",
        "C2,2023-01-10,parent,10,sdq12,3",
        1,
    );
    assert_ne!(bad, long);
    let row = bad.lines().position(|l| l.ends_with("sdq12,3")).unwrap() + 1;
    fails_with(
        &bad,
        &[],
        &format!("column \"value\" row {row}: 3 is not an allowed answer to sdq12"),
    );
}

#[test]
fn an_unknown_instrument_exits_1_listing_the_builtins() {
    let (code, _, err) = run(&["score", "phq9", "--data", &fx("sdq_cases.csv")]);
    assert_eq!(code, 1);
    assert!(
        err.contains("\"phq9\" is not a built-in instrument (sdq, ors, cors, srs, csrs, who5)"),
        "{err}"
    );
    let (code, _, err) = run(&["score", "missing.toml", "--data", &fx("sdq_cases.csv")]);
    assert_eq!(code, 1);
    assert!(err.contains("missing.toml"), "{err}");
}

#[test]
fn mixed_ors_items_and_total_exit_1() {
    let dir = tempfile::tempdir().unwrap();
    let data = write(
        dir.path(),
        "ors.csv",
        "person_id,ors1,ors2,ors3,ors4,ors_total\nA,5,5,5,,20\nB,,,,,21.5\n",
    );
    let (code, _, err) = run(&["score", "ors", "--data", &data]);
    assert_eq!(code, 1);
    assert!(
        err.contains("column \"ors_total\" row 2: ors_total is given with 3 of the 4 items"),
        "{err}"
    );
    let ok = write(dir.path(), "ors2.csv", "person_id,ors_total\nB,21.5\n");
    let (code, out, err) = run(&["score", "ors", "--data", &ok, "--format", "csv"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(out, "person_id,total,total_band\nB,21.5,clinical\n");
}

#[test]
fn bad_usage_exits_2() {
    let data = fx("sdq_cases.csv");
    for (args, needle) in [
        (
            vec!["score", "sdq", "--data", &data, "--items", "sdq1"],
            "--items: \"sdq1\" is not NAME=COLUMN",
        ),
        (
            vec!["score", "sdq", "--data", &data, "--items", "sdq99=q"],
            "--items: \"sdq99\" is not an item of sdq",
        ),
        (
            vec!["score", "sdq", "--data", &data, "--norms", "dk"],
            "--norms: sdq has no norm system \"dk\" (it has: uk4, uk3)",
        ),
        (
            vec!["score", "sdq", "--data", &data, "--informant", "nabo"],
            "--informant: sdq has no form for \"nabo\"",
        ),
        (vec!["score", "sdq"], "--data"),
        (
            vec!["score", "sdq", "--data", &data, "--columns", "dato=date"],
            "--columns: \"dato\" is not one of person_id, date",
        ),
    ] {
        let (code, _, err) = run(&args);
        assert_eq!(code, 2, "{args:?}: {err}");
        assert!(
            err.contains(needle),
            "{args:?}: expected {needle:?} in {err}"
        );
    }
    // SDQ needs the informant to choose the form
    let dir = tempfile::tempdir().unwrap();
    let text = expected("sdq_cases.csv").replace("informant", "who");
    let no_informant = write(dir.path(), "sdq.csv", &text);
    let (code, _, err) = run(&["score", "sdq", "--data", &no_informant]);
    assert_eq!(code, 2);
    assert!(
        err.contains("give --informant parent|teacher|self or an informant column"),
        "{err}"
    );
    let (code, _, _) = run(&[
        "score",
        "sdq",
        "--data",
        &no_informant,
        "--informant",
        "forælder",
    ]);
    assert_eq!(code, 0);
}

#[test]
fn cpr_like_ids_are_refused_without_showing_them() {
    let text = expected("sdq_cases.csv").replacen("C1,", "010203-1234,", 1);
    let dir = tempfile::tempdir().unwrap();
    let data = write(dir.path(), "sdq.csv", &text);
    let (code, out, err) = run(&["score", "sdq", "--data", &data, "--format", "csv"]);
    assert_eq!(code, 1);
    assert!(out.is_empty());
    assert!(
        err.contains("column \"person_id\" holds values that look like CPR numbers"),
        "{err}"
    );
    assert!(!err.contains("1234"), "{err}");
}

#[test]
fn odd_cells_never_panic_they_score_or_exit_1() {
    for v in [
        " ",
        "1e400",
        "NaN",
        "inf",
        "-0",
        "0.0000000001",
        "2,5",
        "1.000.000",
        "１",
        "0x1",
        "1e-400",
        "99999999999999999999",
        "2.0",
        "2,0",
        "1 ",
        "½",
    ] {
        // semicolon-separated, so a decimal comma stays in its cell
        let text = sdq_with(2, "sdq3", "@").replace(',', ";").replace('@', v);
        let dir = tempfile::tempdir().unwrap();
        let data = write(dir.path(), "sdq.csv", &text);
        let (code, _, err) = run(&["score", "sdq", "--data", &data, "--format", "json"]);
        assert!(code == 0 || code == 1, "{v:?}: exit {code}: {err}");
        if code == 1 {
            assert!(err.contains("column \"sdq3\" row 2"), "{v:?}: {err}");
        }
    }
}

#[test]
fn a_builtin_definition_prints_for_copying_and_scores_the_same_from_a_file() {
    let (code, toml, _) = run(&["score", "sdq", "--definition"]);
    assert_eq!(code, 0);
    assert!(toml.contains("[[norms]]") && toml.contains("age_outside = \"warn\""));
    let dir = tempfile::tempdir().unwrap();
    // a copy that refuses out-of-range ages: the [U] design decision, configured
    let strict = write(
        dir.path(),
        "sdq_strict.toml",
        &toml.replace("age_outside = \"warn\"", "age_outside = \"error\""),
    );
    let (code, out, err) = run(&[
        "score",
        &strict,
        "--data",
        &fx("sdq_cases.csv"),
        "--format",
        "csv",
    ]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(out, expected("sdq_expected.csv"));
    let (code, _, err) = run(&[
        "score",
        &strict,
        "--data",
        &write(dir.path(), "young.csv", &sdq_with(4, "age", "9")),
    ]);
    assert_eq!(code, 1);
    assert!(
        err.contains("age 9 is outside the ages of form S11-17"),
        "{err}"
    );
}
