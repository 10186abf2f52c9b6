//! The identifier guard: CPR-like values, text scanning, refusal, pseudonyms, HMAC wiring.
//!
//! Every number here is synthetic: built from dates and serial digits chosen for the test.

use indsats::data::{
    check_table, contains_cpr_like, guard_table, hmac_sha256, is_cpr_like, read_table_from_bytes,
    redact, GuardAction, PseudonymKey, RawTable,
};
use indsats::ErrorKind;

const KEY: &[u8] = b"synthetic test key number one, 32";
const OTHER_KEY: &[u8] = b"synthetic test key number two, 32";

fn key() -> PseudonymKey {
    PseudonymKey::from_bytes(KEY).unwrap()
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn table(columns: &[&str], cells: &[&[&str]]) -> RawTable {
    RawTable {
        source: "persons.csv".into(),
        columns: columns.iter().map(|s| s.to_string()).collect(),
        cells: cells
            .iter()
            .map(|c| c.iter().map(|s| s.to_string()).collect())
            .collect(),
        header_row: 1,
    }
}

// ---------------------------------------------------------------- is_cpr_like

#[test]
fn cpr_like_needs_a_calendar_date_in_the_first_six_digits() {
    // 31 Dec 99, 31 Jan 99, 30 Apr 99: real dates.
    assert!(is_cpr_like("3112991234"));
    assert!(is_cpr_like("3101991234"));
    assert!(is_cpr_like("3004991234"));
    // 30 Feb, 31 Apr, day 0, day 32, month 0, month 13: not dates.
    for s in [
        "3002991234",
        "3104991234",
        "0001991234",
        "3201991234",
        "0100991234",
        "0113991234",
    ] {
        assert!(!is_cpr_like(s), "{s}");
    }
}

#[test]
fn cpr_like_29_february_only_when_some_century_has_it() {
    assert!(is_cpr_like("290200-1234")); // 2000 was a leap year
    assert!(is_cpr_like("290296-1234"));
    assert!(!is_cpr_like("290201-1234"));
    assert!(!is_cpr_like("290299-1234"));
    assert!(is_cpr_like("280299-1234"));
}

#[test]
fn cpr_like_dash_space_and_surrounding_whitespace() {
    assert!(is_cpr_like("010100-1234"));
    assert!(is_cpr_like("010100 1234"));
    assert!(is_cpr_like(" 0101001234 "));
    assert!(!is_cpr_like("0101-001234")); // the dash must follow the sixth digit
    assert!(!is_cpr_like("010100--1234"));
    assert!(!is_cpr_like("010100_1234"));
    assert!(!is_cpr_like("010100-123"));
}

#[test]
fn cpr_like_is_exactly_ten_digits() {
    assert!(!is_cpr_like("01010012345"));
    assert!(!is_cpr_like("010100123"));
    assert!(!is_cpr_like("x0101001234"));
    assert!(!is_cpr_like(""));
    assert!(!is_cpr_like("０１０１００１２３４")); // full-width digits are not ASCII
}

// ---------------------------------------------------------------- free text

#[test]
fn text_scanning_finds_ten_digit_runs_and_dashed_forms() {
    assert!(contains_cpr_like("0101001234"));
    assert!(contains_cpr_like("borger 010100-1234 flyttede"));
    assert!(contains_cpr_like("borger 010100 1234 flyttede"));
    assert!(contains_cpr_like("cpr:0101001234,"));
    assert!(contains_cpr_like("A0101001234B"));
    assert!(contains_cpr_like("{\"id\": \"010100-1234\"}"));
    assert!(contains_cpr_like("1,0101001234,x")); // a CSV row
}

#[test]
fn text_scanning_ignores_longer_runs_and_non_dates() {
    assert!(!contains_cpr_like("sag 01010012345"));
    assert!(!contains_cpr_like("sag 901010012345"));
    assert!(!contains_cpr_like("10101001-1234"));
    assert!(!contains_cpr_like("010100-12345"));
    assert!(!contains_cpr_like("3102991234"));
    assert!(!contains_cpr_like("n = 1234567"));
    assert!(!contains_cpr_like("2021-03-31"));
    assert!(!contains_cpr_like(""));
}

#[test]
fn text_scanning_passes_over_decimals_and_pseudonyms() {
    assert!(!contains_cpr_like("\"estimate\": 0.0101001234"));
    assert!(!contains_cpr_like("12.3101991234"));
    // A pseudonym whose hex digits happen to hold a CPR-like run.
    assert!(!contains_cpr_like("person p0101001234abcdef gik"));
    // Not a pseudonym: too long, or glued to a word.
    assert!(contains_cpr_like("p0101001234abcdef0"));
    assert!(contains_cpr_like("xp0101001234abcdef"));
}

#[test]
fn redact_replaces_each_occurrence_and_nothing_else() {
    assert_eq!(redact("0101001234"), "[cpr]");
    assert_eq!(
        redact("a 010100-1234, b 020202 1234; c 01010012345."),
        "a [cpr], b [cpr]; c 01010012345."
    );
    assert_eq!(redact("intet her, 2021-03-31"), "intet her, 2021-03-31");
    assert_eq!(redact("æøå 0101001234 æøå"), "æøå [cpr] æøå");
}

// ---------------------------------------------------------------- guard_table

#[test]
fn guard_passes_a_clean_table_unchanged() {
    let t = table(
        &["person_id", "start_date"],
        &[&["P0001", "P0002"], &["2021-03-31", ""]],
    );
    let outcome = guard_table(&t, None).unwrap();
    assert!(outcome.is_unchanged());
    assert_eq!(outcome.table, None);
    assert!(outcome.notes.is_empty());
    check_table(&t).unwrap();
}

#[test]
fn guard_refuses_a_cpr_column_naming_file_column_and_first_row_but_not_the_value() {
    let t = table(
        &["district", "cpr"],
        &[&["Nord", "Syd", "Øst"], &["", "ukendt", "010100-1234"]],
    );
    let err = guard_table(&t, None).unwrap_err();
    match err.kind() {
        ErrorKind::CprLike { file, column, row } => {
            assert_eq!(file, "persons.csv");
            assert_eq!(column, "cpr");
            assert_eq!(*row, 4);
        }
        other => panic!("expected CprLike, got {other:?}"),
    }
    let msg = err.to_string();
    assert!(
        msg.contains("persons.csv") && msg.contains("\"cpr\"") && msg.contains("row 4"),
        "{msg}"
    );
    assert!(!msg.contains("010100") && !msg.contains("1234"), "{msg}");
    assert!(!format!("{err:?}").contains("1234"));
    assert!(check_table(&t).is_err());
}

#[test]
fn guard_scans_every_column_and_reports_the_first() {
    let t = table(
        &["a", "b", "c"],
        &[&["x"], &["0202021234"], &["0101001234"]],
    );
    let err = guard_table(&t, None).unwrap_err();
    assert!(matches!(err.kind(), ErrorKind::CprLike { column, row: 2, .. } if column == "b"));
}

#[test]
fn guard_refuses_cpr_numbers_inside_free_text() {
    let t = table(
        &["id", "note"],
        &[&["1", "2"], &["ok", "ring til 010100-1234"]],
    );
    let err = guard_table(&t, None).unwrap_err();
    assert!(matches!(err.kind(), ErrorKind::CprLike { column, row: 3, .. } if column == "note"));
    assert!(!err.to_string().contains("1234"));
}

#[test]
fn guard_refuses_a_cpr_like_header_even_with_a_key_and_does_not_show_it() {
    // A file without a header row: its first data row became the header.
    let t = table(&["0101001234", "Nord"], &[&["0202021234"], &["Syd"]]);
    let err = guard_table(&t, Some(&key())).unwrap_err();
    assert!(matches!(err.kind(), ErrorKind::CprLike { row: 1, .. }));
    let msg = err.to_string();
    assert!(msg.contains("\"[cpr]\"") && !msg.contains("1234"), "{msg}");
}

#[test]
fn guard_does_not_show_a_cpr_like_file_name() {
    let mut t = table(&["id"], &[&["0101001234"]]);
    t.source = "udtræk_0202021234.csv".into();
    let msg = guard_table(&t, None).unwrap_err().to_string();
    assert!(msg.starts_with("udtræk_[cpr].csv: "), "{msg}");
}

#[test]
fn guard_with_a_key_pseudonymises_the_whole_column() {
    let t = table(
        &["cpr", "district", "note"],
        &[
            &[
                "010100-1234",
                "0101001234",
                "ukendt",
                "",
                "  020202 1234 ",
                "10100123",
            ],
            &["Nord", "Syd", "Øst", "Vest", "Nord", "Syd"],
            &["", "ring 030303-1234", "", "", "", ""],
        ],
    );
    let k = key();
    let outcome = guard_table(&t, Some(&k)).unwrap();
    assert_eq!(outcome.columns.len(), 2);
    let cpr = &outcome.columns[0];
    assert_eq!(
        (cpr.column.as_str(), cpr.action, cpr.values),
        ("cpr", GuardAction::Pseudonymised, 5)
    );
    let note = &outcome.columns[1];
    assert_eq!(
        (note.column.as_str(), note.action, note.values),
        ("note", GuardAction::Redacted, 1)
    );
    assert_eq!(cpr.to_string(), "column \"cpr\": 5 value(s) pseudonymised");
    assert_eq!(outcome.notes, [cpr.to_string(), note.to_string()]);

    let guarded = outcome.table.clone().unwrap();
    let out = &guarded.cells;
    // The dash form and the bare form are one person.
    assert_eq!(out[0][0], out[0][1]);
    assert_eq!(out[0][0], k.pseudonymise("0101001234"));
    // Values that are not CPR-like are pseudonymised too, so the column is one kind of value.
    assert_eq!(out[0][2], k.pseudonymise("ukendt"));
    assert_eq!(&out[0][3], "");
    assert_eq!(out[0][4], k.pseudonymise("0202021234"));
    assert_eq!(out[0][5], k.pseudonymise("10100123"));
    assert_eq!(out[1], t.cells[1]);
    assert_eq!(&out[2][1], "ring [cpr]");
    // Nothing CPR-like is left.
    check_table(&guarded).unwrap();
    assert!(out.iter().flatten().all(|v| !contains_cpr_like(v)));
    // Guarding again changes nothing: pseudonyms are not CPR-like.
    assert!(guard_table(&guarded, Some(&k)).unwrap().is_unchanged());
}

#[test]
fn guard_after_reading_a_file() {
    let t = read_table_from_bytes("borgere.csv", b"cpr;by\n010100-1234;Aarhus\n".to_vec()).unwrap();
    assert!(guard_table(&t, None).is_err());
    let outcome = guard_table(&t, Some(&key())).unwrap();
    assert!(outcome.table.unwrap().cells[0][0].starts_with('p'));
}

// ---------------------------------------------------------------- pseudonyms

#[test]
fn pseudonyms_are_deterministic_and_shaped() {
    let a = key();
    let b = PseudonymKey::from_bytes(KEY).unwrap();
    let p = a.pseudonymise("0101001234");
    assert_eq!(p, b.pseudonymise("0101001234"));
    assert_eq!(p, a.pseudonymise("010100-1234"));
    assert_eq!(p, a.pseudonymise(" 010100 1234 "));
    assert_eq!(p.len(), 17);
    assert!(p.starts_with('p'));
    assert!(p[1..]
        .bytes()
        .all(|c| c.is_ascii_digit() || (b'a'..=b'f').contains(&c)));
    assert!(!is_cpr_like(&p));
    assert!(!contains_cpr_like(&p));
    assert_ne!(p, a.pseudonymise("0202021234"));
}

#[test]
fn pseudonyms_depend_on_the_key() {
    let a = key();
    let b = PseudonymKey::from_bytes(OTHER_KEY).unwrap();
    for v in ["0101001234", "ukendt", "P0001"] {
        assert_ne!(a.pseudonymise(v), b.pseudonymise(v), "{v}");
    }
}

#[test]
fn pseudonym_restores_a_leading_zero_a_spreadsheet_dropped() {
    let k = key();
    assert_eq!(k.pseudonymise("101001234"), k.pseudonymise("0101001234"));
    // Nine digits that are not a CPR number without their zero stay as they are.
    assert_ne!(k.pseudonymise("991001234"), k.pseudonymise("0991001234"));
}

#[test]
fn pseudonym_is_the_truncated_hmac_of_the_normalised_value() {
    // RFC 4231 test case 1: key = 20 bytes of 0x0b, data = "Hi There".
    let k = PseudonymKey::from_bytes(&[0x0b; 20]).unwrap();
    assert_eq!(k.pseudonymise("Hi There"), "pb0344c61d8db3853");
    assert_eq!(k.pseudonymise("  Hi There "), "pb0344c61d8db3853");
}

#[test]
fn hmac_sha256_matches_rfc_4231() {
    // Test case 2.
    let mac = hmac_sha256(b"Jefe", b"what do ya want for nothing?");
    assert_eq!(
        hex(&mac),
        "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
    );
    // Test case 1.
    let mac = hmac_sha256(&[0x0b; 20], b"Hi There");
    assert_eq!(
        hex(&mac),
        "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7"
    );
}

#[test]
fn key_must_be_at_least_16_bytes() {
    assert!(PseudonymKey::from_bytes(&[7; 16]).is_ok());
    let err = PseudonymKey::from_bytes(&[7; 15]).unwrap_err();
    assert!(err.to_string().contains("at least 16 bytes"), "{err}");
}

#[test]
fn key_from_file_trims_the_trailing_newline() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("indsats.key");
    std::fs::write(&path, [KEY, b"\r\n"].concat()).unwrap();
    let from_file = PseudonymKey::from_file(&path).unwrap();
    assert_eq!(
        from_file.pseudonymise("0101001234"),
        key().pseudonymise("0101001234")
    );

    std::fs::write(&path, b"short secret\n").unwrap();
    let err = PseudonymKey::from_file(&path).unwrap_err();
    assert!(matches!(err.kind(), ErrorKind::Format { .. }));
    let msg = err.to_string();
    assert!(
        msg.contains("indsats.key") && msg.contains("at least 16 bytes"),
        "{msg}"
    );
    assert!(!msg.contains("short secret"), "{msg}");

    let err = PseudonymKey::from_file(dir.path().join("missing.key")).unwrap_err();
    assert!(matches!(err.kind(), ErrorKind::Io { .. }));
}

#[test]
fn key_debug_shows_nothing_of_the_key() {
    let shown = format!("{:?}", key());
    assert_eq!(shown, "PseudonymKey(<secret>)");
    assert!(!shown.contains("synthetic"));
}
