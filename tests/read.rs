//! Readers: CSV variants, Parquet and Excel into RawTable; number, date and month parsing.

use chrono::NaiveDate;
use indsats::data::{
    parse_date, parse_month, parse_number, parse_number_with, read_table, read_table_from_bytes,
    write_csv, DecimalMark, FileKind, RawTable,
};
use indsats::ErrorKind;
use std::path::{Path, PathBuf};

/// Writes `bytes` to `name` in `dir` and returns the path as text.
fn put(dir: &Path, name: &str, bytes: &[u8]) -> String {
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path.to_str().unwrap().to_owned()
}

fn csv(bytes: &[u8]) -> RawTable {
    read_table_from_bytes("test.csv", bytes.to_vec()).unwrap()
}

fn csv_err(bytes: &[u8]) -> String {
    read_table_from_bytes("test.csv", bytes.to_vec())
        .unwrap_err()
        .to_string()
}

fn strings(v: &[&str]) -> Vec<String> {
    v.iter().map(|s| s.to_string()).collect()
}

// ---------------------------------------------------------------- CSV

#[test]
fn csv_comma_separated() {
    let t = csv(b"person_id,measure\nA1,foster_care\nA2,home\n");
    assert_eq!(t.source, "test.csv");
    assert_eq!(t.columns, ["person_id", "measure"]);
    assert_eq!(
        t.cells,
        [strings(&["A1", "A2"]), strings(&["foster_care", "home"])]
    );
    assert_eq!(t.n_rows(), 2);
}

#[test]
fn csv_semicolon_separated_keeps_decimal_commas_as_text() {
    let t = csv(b"id;takst\n1;1.234,50\n2;99,5\n");
    assert_eq!(t.columns, ["id", "takst"]);
    assert_eq!(t.column("takst").unwrap(), ["1.234,50", "99,5"]);
}

#[test]
fn csv_tab_separated() {
    let t = csv(b"id\tnavn\tby\n1\tAnne, Marie\tAarhus\n");
    assert_eq!(t.columns, ["id", "navn", "by"]);
    assert_eq!(t.column("navn").unwrap(), ["Anne, Marie"]);
}

#[test]
fn csv_separator_tie_goes_to_semicolon() {
    // One ; and one , in the header: Danish Excel's ; wins.
    let t = csv(b"id;pris, kr\n1;12,5\n");
    assert_eq!(t.columns, ["id", "pris, kr"]);
    assert_eq!(t.cells[1], ["12,5"]);
}

#[test]
fn csv_separator_is_judged_outside_quotes() {
    let t = csv(b"\"a;b;c\",d\n1,2\n");
    assert_eq!(t.columns, ["a;b;c", "d"]);
}

#[test]
fn csv_single_column() {
    let t = csv(b"person_id\nA1\n\nA3\n");
    assert_eq!(t.columns, ["person_id"]);
    assert_eq!(t.cells[0], ["A1", "", "A3"]);
}

#[test]
fn csv_utf8_with_bom() {
    let t = csv(b"\xEF\xBB\xBFid;by\n1;\xC3\x86r\xC3\xB8\n");
    assert_eq!(t.columns, ["id", "by"]);
    assert_eq!(t.cells[1], ["Ærø"]);
}

#[test]
fn csv_windows_1252_is_detected_and_transcoded() {
    let t = csv(b"Takst pr. d\xf8gn;Slutdato;By\r\n1.234,50;31-03-2021;\xc6r\xf8sk\xf8bing\r\n0,5;;K\xf8ge \xe6\xf8\xe5\r\n");
    assert_eq!(t.columns, ["Takst pr. døgn", "Slutdato", "By"]);
    assert_eq!(t.column("By").unwrap(), ["Ærøskøbing", "Køge æøå"]);
    assert_eq!(t.column("Slutdato").unwrap(), ["31-03-2021", ""]);
}

#[test]
fn fixture_windows_1252_export() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/read/episoder_cp1252.csv"
    );
    let t = read_table(path).unwrap();
    assert_eq!(t.source, path);
    assert_eq!(
        t.columns,
        [
            "person_id",
            "Foranstaltning",
            "Startdato",
            "Slutdato",
            "Takst pr. døgn",
            "Bemærkning"
        ]
    );
    assert_eq!(t.n_rows(), 4);
    assert_eq!(&t.column("Foranstaltning").unwrap()[3], "Døgninstitution");
    assert_eq!(
        t.column("Bemærkning").unwrap(),
        [
            "",
            "Flyttet; ny kommune",
            "Mor siger: \"det går godt\"",
            "Ærø"
        ]
    );
    let starts: Vec<_> = t
        .column("Startdato")
        .unwrap()
        .iter()
        .map(parse_date)
        .collect();
    let d = |y, m, d| NaiveDate::from_ymd_opt(y, m, d);
    assert_eq!(
        starts,
        [d(2020, 2, 1), d(2020, 6, 15), d(2021, 1, 4), d(2021, 5, 3)]
    );
    let takst = t.column("Takst pr. døgn").unwrap();
    let mark = DecimalMark::detect(takst.iter());
    assert_eq!(mark, DecimalMark::Comma);
    let takst: Vec<_> = takst.iter().map(|s| parse_number_with(s, mark)).collect();
    assert_eq!(
        takst,
        [Some(1234.5), Some(2950.0), Some(450.75), Some(3100.0)]
    );
}

#[test]
fn csv_utf16_with_bom_as_excel_unicode_text() {
    let text = "id\tby\r\n1\tÆrø\r\n";
    let mut bytes = vec![0xFF, 0xFE];
    for unit in text.encode_utf16() {
        bytes.extend_from_slice(&unit.to_le_bytes());
    }
    let t = csv(&bytes);
    assert_eq!(t.columns, ["id", "by"]);
    assert_eq!(t.cells[1], ["Ærø"]);
}

#[test]
fn csv_crlf_and_lone_cr_line_ends() {
    let t = csv(b"a;b\r\n1;2\r\n3;4\r\n\r\n");
    assert_eq!(t.cells, [strings(&["1", "3"]), strings(&["2", "4"])]);
    let t = csv(b"a;b\r1;2\r3;4");
    assert_eq!(t.cells, [strings(&["1", "3"]), strings(&["2", "4"])]);
}

#[test]
fn csv_quoted_fields_with_separators_quotes_and_newlines() {
    let t = csv(b"id,note\n1,\"a, b\"\n2,\"he said \"\"hi\"\"\"\n3,\"line one\r\nline two\"\n4, \"  padded \" \n5,\"\"\n");
    assert_eq!(
        t.column("note").unwrap(),
        [
            "a, b",
            "he said \"hi\"",
            "line one\r\nline two",
            "padded",
            ""
        ]
    );
    assert_eq!(t.column("id").unwrap(), ["1", "2", "3", "4", "5"]);
}

#[test]
fn csv_a_quote_inside_an_unquoted_field_is_text() {
    let t = csv(b"id;size\n1;5\" screen\n");
    assert_eq!(t.cells[1], ["5\" screen"]);
}

#[test]
fn csv_cells_and_header_names_are_trimmed() {
    let t = csv(b" id ;  start_date\n  A1 ;\t2021-03-31  \n");
    assert_eq!(t.columns, ["id", "start_date"]);
    assert_eq!(t.cells, [strings(&["A1"]), strings(&["2021-03-31"])]);
}

#[test]
fn csv_trailing_empty_lines_and_empty_rows_are_dropped() {
    let t = csv(b"a;b\n1;2\n;\n\n  \n ; \n");
    assert_eq!(t.n_rows(), 1);
    let t = csv(b"a;b\n1;2\n\n\n");
    assert_eq!(t.n_rows(), 1);
    let t = csv(b"a;b\n1;2\n;\n;\n");
    assert_eq!(t.n_rows(), 1);
}

#[test]
fn csv_blank_line_in_the_middle_is_an_empty_row_so_row_numbers_hold() {
    let t = csv(b"a;b\n1;2\n\n5;6\n");
    assert_eq!(
        t.cells,
        [strings(&["1", "", "5"]), strings(&["2", "", "6"])]
    );
}

#[test]
fn csv_trailing_separator_on_every_line_adds_no_column() {
    let t = csv(b"a;b;\n1;2;\n3;4;\n");
    assert_eq!(t.columns, ["a", "b"]);
    assert_eq!(t.n_rows(), 2);
}

#[test]
fn csv_header_only_gives_no_rows() {
    let t = csv(b"a;b\n");
    assert_eq!(t.columns, ["a", "b"]);
    assert_eq!(t.n_rows(), 0);
    assert_eq!(t.cells, [Vec::<String>::new(), Vec::new()]);
}

#[test]
fn csv_ragged_row_names_file_row_and_counts() {
    let dir = tempfile::tempdir().unwrap();
    let path = put(dir.path(), "episoder.csv", b"a;b;c\n1;2;3\n4;5\n");
    let err = read_table(&path).unwrap_err();
    assert!(matches!(err.kind(), ErrorKind::Format { .. }));
    let msg = err.to_string();
    assert!(msg.starts_with(&path), "{msg}");
    assert!(
        msg.contains("row 3 has 2 fields but the header (row 1) has 3"),
        "{msg}"
    );
    assert!(msg.contains("semicolon"), "{msg}");

    let msg = csv_err(b"a,b\n1,2,3\n");
    assert!(
        msg.contains("row 2 has 3 fields but the header (row 1) has 2"),
        "{msg}"
    );
    let msg = csv_err(b"a,b\n1\n");
    assert!(msg.contains("row 2 has 1 field but"), "{msg}");
}

#[test]
fn csv_rows_are_counted_as_records_not_lines() {
    // Row 3 spans two lines; the ragged row after it is row 4, as a spreadsheet shows it.
    let msg = csv_err(b"id,note\n1,x\n2,\"two\nlines\"\n3\n");
    assert!(msg.contains("row 4 has 1 field"), "{msg}");
}

#[test]
fn csv_unclosed_quote_is_an_error_naming_the_row() {
    let msg = csv_err(b"id,note\n1,x\n2,\"never closed\n3,y\n");
    assert!(
        msg.contains("test.csv: row 3, field 2: a quoted field is never closed"),
        "{msg}"
    );
}

#[test]
fn csv_text_after_closing_quote_is_an_error() {
    let msg = csv_err(b"id,note\n1,\"a\"b\n");
    assert!(
        msg.contains("row 2, field 2: text follows the closing quote"),
        "{msg}"
    );
}

#[test]
fn csv_repeated_or_unnamed_columns_are_errors() {
    let msg = csv_err(b"id;dato;id\n1;2;3\n");
    assert!(
        msg.contains("names column \"id\" twice (columns 1 (A) and 3 (C))"),
        "{msg}"
    );
    let msg = csv_err(b"id;;x\n1;;3\n2;5;6\n");
    assert!(
        msg.contains("column 2 (B) has values (the first at row 3) but no name"),
        "{msg}"
    );
}

#[test]
fn csv_empty_file_is_an_error() {
    assert!(csv_err(b"").contains("the file is empty"));
    assert!(csv_err(b"\n\n").contains("the file is empty"));
    assert!(csv_err(b";;\n").contains("names no columns"));
}

#[test]
fn unknown_extension_names_the_file_and_the_accepted_kinds() {
    let err = read_table("udtræk/data.json").unwrap_err();
    let msg = err.to_string();
    assert!(msg.starts_with("udtræk/data.json: "), "{msg}");
    assert!(
        msg.contains("\".json\"")
            && msg.contains(".csv")
            && msg.contains(".parquet")
            && msg.contains(".xlsx")
    );
    assert!(read_table("README")
        .unwrap_err()
        .to_string()
        .contains("without an extension"));
}

#[test]
fn missing_file_is_an_io_error() {
    let err = read_table("/nonexistent/indsats/episodes.csv").unwrap_err();
    assert!(matches!(err.kind(), ErrorKind::Io { .. }));
    assert!(err
        .to_string()
        .contains("/nonexistent/indsats/episodes.csv"));
}

#[test]
fn file_kinds_by_extension() {
    for (name, kind) in [
        ("a.csv", Some(FileKind::Csv)),
        ("a.TXT", Some(FileKind::Csv)),
        ("a.tsv", Some(FileKind::Csv)),
        ("a.parquet", Some(FileKind::Parquet)),
        ("a.pq", Some(FileKind::Parquet)),
        ("a.xlsx", Some(FileKind::Excel)),
        ("a.xlsm", Some(FileKind::Excel)),
        ("a.xls", Some(FileKind::Excel)),
        ("a.json", None),
        ("a", None),
    ] {
        assert_eq!(FileKind::of(name), kind, "{name}");
    }
}

#[test]
fn write_csv_round_trips_through_read_table() {
    let table = RawTable {
        source: "x".into(),
        columns: strings(&["id", "note", "beløb"]),
        cells: vec![
            strings(&["1", "2", "3"]).into(),
            strings(&["a, b", "he said \"hi\"", "two\nlines"]).into(),
            strings(&["1.234,50", "", "æøå"]).into(),
        ],
        header_row: 1,
    };
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("out.csv");
    write_csv(&table, &path).unwrap();
    let text = std::fs::read_to_string(&path).unwrap();
    assert_eq!(
        text,
        "id,note,beløb\n1,\"a, b\",\"1.234,50\"\n2,\"he said \"\"hi\"\"\",\n3,\"two\nlines\",æøå\n"
    );
    let back = read_table(path.to_str().unwrap()).unwrap();
    assert_eq!(back.columns, table.columns);
    assert_eq!(back.cells, table.cells);
}

#[test]
fn write_csv_refuses_cpr_like_values_and_writes_nothing() {
    let table = RawTable {
        source: "x".into(),
        columns: strings(&["id"]),
        cells: vec![strings(&["010100-1234"]).into()],
        header_row: 1,
    };
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("out.csv");
    let err = write_csv(&table, &path).unwrap_err();
    assert!(matches!(err.kind(), ErrorKind::CprLike { row: 2, .. }));
    assert!(!path.exists());
}

/// A file over the size at which the reader cuts it into pieces parsed in parallel, with
/// quoted fields spanning lines, literal quotes and blank lines across the cuts.
fn large_csv(rows: usize) -> String {
    use std::fmt::Write;
    let mut text = String::from("id;note;amount\n");
    for i in 0..rows {
        match i % 7 {
            0 => writeln!(text, "{i};\"two\nlines; {i}\";{i},5"),
            3 => writeln!(text, "{i};5\" screen;{i}"),
            5 => writeln!(text),
            _ => writeln!(text, "{i};plain text number {i};{i}"),
        }
        .unwrap();
    }
    text
}

#[test]
fn csv_large_file_parsed_in_pieces_keeps_every_row_in_order() {
    let rows = 200_000;
    let text = large_csv(rows);
    assert!(
        text.len() > 5 << 20,
        "the file must be large enough to be cut: {} bytes",
        text.len()
    );
    let t = csv(text.as_bytes());
    assert_eq!(t.n_rows(), rows);
    for i in 0..rows {
        let (id, note, amount) = (&t.cells[0][i], &t.cells[1][i], &t.cells[2][i]);
        match i % 7 {
            0 => assert_eq!(
                (id, note, amount),
                (
                    &*i.to_string(),
                    &*format!("two\nlines; {i}"),
                    &*format!("{i},5")
                )
            ),
            3 => assert_eq!((id, note), (&*i.to_string(), "5\" screen")),
            5 => assert!(
                id.is_empty() && note.is_empty() && amount.is_empty(),
                "row {i}"
            ),
            _ => assert_eq!(note, &format!("plain text number {i}")),
        }
    }
}

#[test]
fn csv_large_file_errors_name_the_row_as_a_one_thread_parse_would() {
    let rows = 200_000;
    let mut text = large_csv(rows);
    text.push_str("ragged\n");
    text.push_str(&large_csv(10).split_once('\n').unwrap().1.replace(";", ";;"));
    let msg = csv_err(text.as_bytes());
    // Header row 1, data rows 2..=rows+1, the ragged row next.
    assert!(
        msg.contains(&format!(
            "row {} has 1 field but the header (row 1) has 3",
            rows + 2
        )),
        "{msg}"
    );
    // An unclosed quote late in the file.
    let mut text = large_csv(rows);
    text.push_str("1;\"open\n");
    let msg = csv_err(text.as_bytes());
    assert!(
        msg.contains(&format!(
            "row {}, field 2: a quoted field is never closed",
            rows + 2
        )),
        "{msg}"
    );
}

// ---------------------------------------------------------------- Parquet

fn parquet_file(dir: &Path) -> PathBuf {
    use polars::prelude::*;
    let n = 4;
    let columns: Vec<Column> = vec![
        Series::new(
            "id".into(),
            &[Some(1i64), Some(-2), None, Some(9_007_199_254_740_993)],
        )
        .into(),
        Series::new("small".into(), &[Some(1i32), Some(2), Some(3), None]).into(),
        Series::new(
            "amount".into(),
            &[Some(1.5f64), Some(0.1), Some(12.0), Some(f64::NAN)],
        )
        .into(),
        Series::new("ratio".into(), &[Some(0.1f32), None, Some(-0.0), Some(3.0)]).into(),
        Series::new(
            "name".into(),
            &[Some(" Søren "), Some("æøå"), None, Some("")],
        )
        .into(),
        Series::new("flag".into(), &[Some(true), Some(false), None, Some(true)]).into(),
        Series::new("start".into(), &[Some(18_717i32), Some(0), None, Some(-1)])
            .cast(&DataType::Date)
            .unwrap()
            .into(),
        Series::new(
            "stamp".into(),
            &[
                Some(1_617_148_800_000i64 + 13 * 3_600_000),
                None,
                Some(-1),
                Some(0),
            ],
        )
        .cast(&DataType::Datetime(TimeUnit::Milliseconds, None))
        .unwrap()
        .into(),
    ];
    let mut df = DataFrame::new(n, columns).unwrap();
    let path = dir.join("udtræk.parquet");
    let mut file = std::fs::File::create(&path).unwrap();
    ParquetWriter::new(&mut file).finish(&mut df).unwrap();
    path
}

#[test]
fn parquet_columns_become_text() {
    let dir = tempfile::tempdir().unwrap();
    let path = parquet_file(dir.path());
    let t = read_table(path.to_str().unwrap()).unwrap();
    assert_eq!(
        t.columns,
        ["id", "small", "amount", "ratio", "name", "flag", "start", "stamp"]
    );
    assert_eq!(t.column("id").unwrap(), ["1", "-2", "", "9007199254740993"]);
    assert_eq!(t.column("small").unwrap(), ["1", "2", "3", ""]);
    assert_eq!(t.column("amount").unwrap(), ["1.5", "0.1", "12", ""]);
    assert_eq!(t.column("ratio").unwrap(), ["0.1", "", "0", "3"]);
    assert_eq!(t.column("name").unwrap(), ["Søren", "æøå", "", ""]);
    assert_eq!(t.column("flag").unwrap(), ["true", "false", "", "true"]);
    // 18717 days after 1970-01-01 is 2021-03-31.
    assert_eq!(
        t.column("start").unwrap(),
        ["2021-03-31", "1970-01-01", "", "1969-12-31"]
    );
    assert_eq!(
        t.column("stamp").unwrap(),
        ["2021-03-31", "", "1969-12-31", "1970-01-01"]
    );
}

#[test]
fn parquet_from_bytes_and_garbage_is_a_format_error() {
    let dir = tempfile::tempdir().unwrap();
    let bytes = std::fs::read(parquet_file(dir.path())).unwrap();
    let t = read_table_from_bytes("x.pq", bytes).unwrap();
    assert_eq!(t.n_rows(), 4);
    let err = read_table_from_bytes("x.parquet", b"id;x\n1;2\n".to_vec()).unwrap_err();
    assert!(matches!(err.kind(), ErrorKind::Format { .. }));
    assert!(
        err.to_string()
            .starts_with("x.parquet: cannot be read as Parquet"),
        "{err}"
    );
}

// ---------------------------------------------------------------- Excel

fn workbook(dir: &Path) -> String {
    use rust_xlsxwriter::{ExcelDateTime, Format, Formula, Workbook};
    let mut wb = Workbook::new();
    let date = Format::new().set_num_format("yyyy-mm-dd");
    let datetime = Format::new().set_num_format("dd-mm-yyyy hh:mm");

    let persons = wb.add_worksheet().set_name("Personer").unwrap();
    for (c, h) in ["person_id", "navn", "født", "takst", "tom", "aktiv"]
        .iter()
        .enumerate()
    {
        persons.write_string(0, c as u16, *h).unwrap();
    }
    persons.write_number(1, 0, 1).unwrap();
    persons.write_string(1, 1, "  Søren Ærø ").unwrap();
    persons
        .write_datetime_with_format(1, 2, ExcelDateTime::from_ymd(2021, 3, 31).unwrap(), &date)
        .unwrap();
    persons.write_number(1, 3, 12.0).unwrap();
    persons.write_boolean(1, 5, true).unwrap();
    persons.write_number(2, 0, 2).unwrap();
    persons.write_string(2, 1, "Åse").unwrap();
    let dt = ExcelDateTime::from_ymd(2020, 2, 29)
        .unwrap()
        .and_hms(13, 45, 0)
        .unwrap();
    persons
        .write_datetime_with_format(2, 2, dt, &datetime)
        .unwrap();
    persons.write_number(2, 3, 1234.5).unwrap();
    persons.write_boolean(2, 5, false).unwrap();

    // The second sheet starts lower down and further right: the header is the first
    // non-empty row.
    let costs = wb.add_worksheet().set_name("Udgifter 2021").unwrap();
    costs.write_string(2, 1, "måned").unwrap();
    costs.write_string(2, 2, "beløb").unwrap();
    costs.write_string(3, 1, "2021-03").unwrap();
    costs.write_number(3, 2, 0.1).unwrap();
    costs.write_string(4, 1, "2021-04").unwrap();
    costs.write_number(4, 2, -7.0).unwrap();

    let bad = wb.add_worksheet().set_name("Fejl").unwrap();
    bad.write_string(0, 0, "id").unwrap();
    bad.write_string(0, 1, "værdi").unwrap();
    bad.write_number(1, 0, 1).unwrap();
    bad.write_number(1, 1, 3).unwrap();
    bad.write_number(2, 0, 2).unwrap();
    bad.write_formula(2, 1, Formula::new("=NA()").set_result("#N/A"))
        .unwrap();

    let path = dir.join("kommune.xlsx");
    wb.save(&path).unwrap();
    path.to_str().unwrap().to_owned()
}

#[test]
fn xlsx_default_sheet_is_the_first() {
    let dir = tempfile::tempdir().unwrap();
    let path = workbook(dir.path());
    let t = read_table(&path).unwrap();
    assert_eq!(t.source, format!("{path}:Personer"));
    // The empty column "tom" has a name, so it stays.
    assert_eq!(
        t.columns,
        ["person_id", "navn", "født", "takst", "tom", "aktiv"]
    );
    assert_eq!(t.column("person_id").unwrap(), ["1", "2"]);
    assert_eq!(t.column("navn").unwrap(), ["Søren Ærø", "Åse"]);
    assert_eq!(t.column("født").unwrap(), ["2021-03-31", "2020-02-29"]);
    assert_eq!(t.column("takst").unwrap(), ["12", "1234.5"]);
    assert_eq!(t.column("tom").unwrap(), ["", ""]);
    assert_eq!(t.column("aktiv").unwrap(), ["true", "false"]);
}

#[test]
fn xlsx_named_sheet_with_header_lower_down() {
    let dir = tempfile::tempdir().unwrap();
    let path = workbook(dir.path());
    let spec = format!("{path}:Udgifter 2021");
    let t = read_table(&spec).unwrap();
    assert_eq!(t.source, spec);
    assert_eq!(t.columns, ["måned", "beløb"]);
    assert_eq!(
        t.cells,
        [strings(&["2021-03", "2021-04"]), strings(&["0.1", "-7"])]
    );
    // The header is the sheet's row 3, so the first data row is row 4, as Excel shows it.
    assert_eq!(t.header_row, 3);
    assert_eq!(t.file_row(0), 4);
    // Sheet names match without regard to letter case, as in Excel.
    let t = read_table(&format!("{path}:udgifter 2021")).unwrap();
    assert_eq!(t.n_rows(), 2);
}

#[test]
fn xlsx_unknown_sheet_lists_the_sheets() {
    let dir = tempfile::tempdir().unwrap();
    let path = workbook(dir.path());
    let msg = read_table(&format!("{path}:Borgere"))
        .unwrap_err()
        .to_string();
    assert!(msg.starts_with(&path), "{msg}");
    assert!(
        msg.contains("there is no sheet named \"Borgere\" (the workbook has: \"Personer\", \"Udgifter 2021\", \"Fejl\")"),
        "{msg}"
    );
}

#[test]
fn xlsx_error_cell_names_sheet_row_and_column() {
    let dir = tempfile::tempdir().unwrap();
    let path = workbook(dir.path());
    let err = read_table(&format!("{path}:Fejl")).unwrap_err();
    match err.kind() {
        ErrorKind::Cell {
            file,
            row,
            column,
            message,
        } => {
            assert_eq!(file, &format!("{path}:Fejl"));
            assert_eq!(*row, 3);
            assert_eq!(column, "værdi");
            assert_eq!(message, "the cell holds the Excel error #N/A");
        }
        other => panic!("expected a cell error, got {other:?}"),
    }
}

#[test]
fn xlsx_from_bytes_and_garbage_is_a_format_error() {
    let dir = tempfile::tempdir().unwrap();
    let bytes = std::fs::read(workbook(dir.path())).unwrap();
    let t = read_table_from_bytes("kommune.xlsx:Personer", bytes).unwrap();
    assert_eq!(t.source, "kommune.xlsx:Personer");
    let err = read_table_from_bytes("kommune.xlsx", b"not a workbook".to_vec()).unwrap_err();
    assert!(
        err.to_string()
            .starts_with("kommune.xlsx: cannot be read as an Excel workbook"),
        "{err}"
    );
}

// ---------------------------------------------------------------- parsing

#[test]
fn numbers_table_of_cases() {
    let cases: &[(&str, Option<f64>)] = &[
        ("0", Some(0.0)),
        ("1234", Some(1234.0)),
        ("-1234.5", Some(-1234.5)),
        ("+12.5", Some(12.5)),
        ("1234,5", Some(1234.5)),
        ("1.234,5", Some(1234.5)),
        ("1.234,50", Some(1234.5)),
        ("-1.234.567,89", Some(-1_234_567.89)),
        ("0,5", Some(0.5)),
        ("  7,25 ", Some(7.25)),
        // No comma: the dot is the decimal mark, so this is 1.234 and not 1234.
        ("1.234", Some(1.234)),
        (".5", Some(0.5)),
        ("1e-05", Some(1e-5)),
        ("2.5E3", Some(2500.0)),
        // Rejected.
        ("1,234.5", None),
        ("1.23,5", None),
        ("1234.567,8", None),
        (".234,5", None),
        ("1,2,3", None),
        ("1,", None),
        (",5", None),
        ("1.234.567", None),
        ("1 234", None),
        ("12 kr", None),
        ("", None),
        ("-", None),
        (".", None),
        ("inf", None),
        ("NaN", None),
        ("1e400", None),
        ("1,5e3", None),
    ];
    for &(s, want) in cases {
        assert_eq!(parse_number(s), want, "parse_number({s:?})");
    }
}

#[test]
fn numbers_with_a_known_decimal_mark() {
    let comma = DecimalMark::Comma;
    let point = DecimalMark::Point;
    assert_eq!(parse_number_with("1.234", comma), Some(1234.0));
    assert_eq!(parse_number_with("1.234.567", comma), Some(1_234_567.0));
    assert_eq!(parse_number_with("12,5", comma), Some(12.5));
    assert_eq!(parse_number_with("12.5", comma), None);
    assert_eq!(parse_number_with("1.234", point), Some(1.234));
    assert_eq!(parse_number_with("1,234.5", point), Some(1234.5));
    assert_eq!(parse_number_with("1,234", point), Some(1234.0));
    assert_eq!(parse_number_with("12,5", point), None);
    assert_eq!(DecimalMark::detect(["1.234", "", "99,5"]), comma);
    assert_eq!(DecimalMark::detect(["1.234", "99.5"]), point);
    assert_eq!(DecimalMark::detect(["1,234.5", "2,5"]), point);
    assert_eq!(DecimalMark::detect(Vec::<&str>::new()), point);
}

#[test]
fn dates_table_of_cases() {
    let d = |y, m, d| NaiveDate::from_ymd_opt(y, m, d);
    let cases: &[(&str, Option<NaiveDate>)] = &[
        ("2021-03-31", d(2021, 3, 31)),
        ("31-03-2021", d(2021, 3, 31)),
        ("31.03.2021", d(2021, 3, 31)),
        ("31/03/2021", d(2021, 3, 31)),
        ("1.3.2021", d(2021, 3, 1)),
        (" 2021-03-31 ", d(2021, 3, 31)),
        ("2021-03-31 00:00:00", d(2021, 3, 31)),
        ("2021-03-31T00:00:00", d(2021, 3, 31)),
        ("2021-03-31T14:30:00.250Z", d(2021, 3, 31)),
        ("2021-03-31T14:30:00+02:00", d(2021, 3, 31)),
        ("31-03-2021 14:30", d(2021, 3, 31)),
        ("31-03-2021 14.30.00", d(2021, 3, 31)),
        ("2020-02-29", d(2020, 2, 29)),
        ("2000-02-29", d(2000, 2, 29)),
        // Rejected.
        ("2019-02-30", None),
        ("2019-02-29", None),
        ("1900-02-29", None),
        ("2021-13-01", None),
        ("2021-3-31", None),
        ("31-03-21", None),
        ("03/31/2021", None),
        ("31-03.2021", None),
        ("2021/03/31", None),
        ("20210331", None),
        ("2021-03-31 noon", None),
        ("2021-03-31 25:00", None),
        ("marts", None),
        ("", None),
    ];
    for &(s, want) in cases {
        assert_eq!(parse_date(s), want, "parse_date({s:?})");
    }
}

#[test]
fn months_table_of_cases() {
    let cases: &[(&str, Option<(i32, u32)>)] = &[
        ("2021-03", Some((2021, 3))),
        ("2021-3", Some((2021, 3))),
        ("2021/03", Some((2021, 3))),
        ("03-2021", Some((2021, 3))),
        ("3.2021", Some((2021, 3))),
        ("12/2021", Some((2021, 12))),
        ("2021-03-01", Some((2021, 3))),
        ("01-03-2021", Some((2021, 3))),
        ("01.03.2021 00:00:00", Some((2021, 3))),
        ("marts 2021", Some((2021, 3))),
        ("Marts 2021", Some((2021, 3))),
        ("mar. 2021", Some((2021, 3))),
        ("okt-2021", Some((2021, 10))),
        ("maj 2021", Some((2021, 5))),
        ("December 2021", Some((2021, 12))),
        // Rejected.
        ("2021-03-17", None),
        ("2021-13", None),
        ("2021-00", None),
        ("03-21", None),
        ("202103", None),
        ("marts", None),
        ("marts 21", None),
        ("foo 2021", None),
        ("", None),
    ];
    for &(s, want) in cases {
        assert_eq!(parse_month(s), want, "parse_month({s:?})");
    }
}

#[test]
fn text_columns_append_truncate_and_map_cell_by_cell() {
    use indsats::data::TextColumn;
    let mut a: TextColumn = ["", "Nord", "æø"].into_iter().collect();
    let b: TextColumn = ["Syd", ""].into_iter().collect();
    a.append(&b);
    assert_eq!(a, ["", "Nord", "æø", "Syd", ""]);
    assert_eq!(a.get(5), None);
    assert_eq!(a.map(|s| s.to_uppercase()), ["", "NORD", "ÆØ", "SYD", ""]);
    a.truncate(3);
    assert_eq!(a, ["", "Nord", "æø"]);
    assert_eq!(a.iter().rev().collect::<Vec<_>>(), ["æø", "Nord", ""]);
    a.truncate(0);
    assert!(a.is_empty());
}
