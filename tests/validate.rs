//! Every validation kind on tables built here, with the row and column it must name.

use chrono::NaiveDate;
use indsats::data::{from_raw, Dataset, IssueKind, LoadOptions, RawSource, RawTable, TableKind};
use std::collections::BTreeMap;

fn table(source: &str, csv: &str) -> RawTable {
    let mut lines = csv.lines();
    let columns: Vec<String> = lines
        .next()
        .unwrap()
        .split(',')
        .map(str::to_string)
        .collect();
    let mut cells = vec![Vec::new(); columns.len()];
    for line in lines {
        for (c, v) in line.split(',').enumerate() {
            cells[c].push(v.to_string());
        }
    }
    RawTable {
        source: source.into(),
        columns,
        cells: cells.into_iter().map(Into::into).collect(),
        header_row: 1,
    }
}

fn opts() -> LoadOptions {
    LoadOptions {
        cutoff: NaiveDate::from_ymd_opt(2024, 12, 31),
        ..LoadOptions::default()
    }
}

fn load(tables: &[(TableKind, &str)]) -> Dataset {
    let raws = tables
        .iter()
        .map(|(k, csv)| {
            (
                *k,
                RawSource {
                    table: table(&format!("{}.csv", k.name()), csv),
                    columns: BTreeMap::new(),
                },
            )
        })
        .collect();
    from_raw(raws, &opts()).unwrap()
}

/// (row, column) of every problem of `kind`.
fn places(d: &Dataset, kind: IssueKind) -> Vec<(Option<usize>, Option<String>, bool)> {
    d.validation
        .examples
        .iter()
        .filter(|i| i.kind == kind)
        .map(|i| (i.row, i.column.clone(), i.excluded))
        .collect()
}

const PERSONS: &str =
    "person_id,birth_date,sex,district\nP1,2010-05-01,m,Nord\nP2,2011-06-01,f,Syd";

#[test]
fn clean_tables_have_no_problems_and_use_every_row() {
    let d = load(&[
        (TableKind::Persons, PERSONS),
        (
            TableKind::Episodes,
            "person_id,measure,start_date,end_date\nP1,plejefamilie,2019-01-01,2019-12-31",
        ),
    ]);
    assert!(d.validation.is_clean(), "{:?}", d.validation);
    assert_eq!(d.persons.rows.len(), 2);
    assert_eq!(d.episodes.rows[0].level, "foster");
    assert_eq!(d.episodes.rows[0].row, 2);
    let t = d.validation.table(TableKind::Episodes).unwrap();
    assert_eq!((t.rows_read, t.rows_used, t.rows_excluded()), (1, 1, 0));
}

#[test]
fn missing_required_column_excludes_every_row_and_names_the_column() {
    let d = load(&[(
        TableKind::Episodes,
        "person_id,measure\nP1,plejefamilie\nP2,opholdssted",
    )]);
    assert_eq!(
        places(&d, IssueKind::MissingColumn),
        vec![(None, Some("start_date".into()), true)]
    );
    let t = d.validation.table(TableKind::Episodes).unwrap();
    assert_eq!(
        (
            t.rows_read,
            t.rows_used,
            t.excluded[&IssueKind::MissingColumn]
        ),
        (2, 0, 2)
    );
    assert!(indsats::data::require_tables(&d, &[TableKind::Episodes])
        .unwrap_err()
        .to_string()
        .contains("start_date"));
}

#[test]
fn end_before_start_is_excluded_at_its_row() {
    let d = load(&[(
        TableKind::Episodes,
        "person_id,measure,start_date,end_date\nP1,aflastning,2020-03-01,2020-01-31",
    )]);
    assert_eq!(
        places(&d, IssueKind::EndBeforeStart),
        vec![(Some(2), Some("end_date".into()), true)]
    );
    assert!(d.episodes.rows.is_empty());
}

#[test]
fn overlapping_placements_are_flagged_but_kept_and_other_measures_may_overlap() {
    let d = load(&[(
        TableKind::Episodes,
        "person_id,measure,start_date,end_date\n\
         P1,plejefamilie,2019-01-01,2019-12-31\n\
         P1,opholdssted,2019-06-01,2020-06-30\n\
         P1,kontaktperson,2019-02-01,2019-08-01\n\
         P2,plejefamilie,2019-01-01,2019-05-31\n\
         P2,opholdssted,2019-06-01,",
    )]);
    assert_eq!(
        places(&d, IssueKind::OverlappingEpisodes),
        vec![(Some(3), Some("start_date".into()), false)]
    );
    assert_eq!(d.episodes.rows.len(), 5);
}

#[test]
fn an_ongoing_placement_overlaps_everything_after_it() {
    let d = load(&[(
        TableKind::Episodes,
        "person_id,measure,start_date,end_date\nP1,netvaerkspleje,2018-01-01,\nP1,plejefamilie,2022-01-01,2022-02-01",
    )]);
    assert_eq!(d.validation.count(IssueKind::OverlappingEpisodes), 1);
}

#[test]
fn duplicate_person_ids_exclude_the_later_row() {
    let d = load(&[(TableKind::Persons, "person_id,sex\nP1,m\nP2,f\nP1,m")]);
    assert_eq!(
        places(&d, IssueKind::DuplicateId),
        vec![(Some(4), Some("person_id".into()), true)]
    );
    assert_eq!(d.persons.rows.len(), 2);
}

#[test]
fn episodes_for_unknown_persons_are_excluded_but_ledger_lines_kept() {
    let d = load(&[
        (TableKind::Persons, PERSONS),
        (
            TableKind::Episodes,
            "person_id,measure,start_date\nP1,aflastning,2020-01-01\nP9,aflastning,2020-01-01",
        ),
        (
            TableKind::Costs,
            "month,measure,person_id,amount\n2020-01,aflastning,P9,100",
        ),
    ]);
    let unknown = places(&d, IssueKind::UnknownPerson);
    assert_eq!(
        unknown,
        vec![
            (Some(3), Some("person_id".into()), true),
            (Some(2), Some("person_id".into()), false)
        ]
    );
    assert_eq!(
        d.validation
            .examples
            .iter()
            .filter(|i| i.kind == IssueKind::UnknownPerson)
            .map(|i| i.table)
            .collect::<Vec<_>>(),
        [TableKind::Episodes, TableKind::Costs]
    );
    assert_eq!(d.episodes.rows.len(), 1);
    assert_eq!(d.costs.rows.len(), 1);
}

#[test]
fn dates_after_the_cutoff_are_flagged_and_kept() {
    let d = load(&[
        (
            TableKind::Episodes,
            "person_id,measure,start_date\nP1,aflastning,2025-01-01",
        ),
        (
            TableKind::Costs,
            "month,measure,amount\n2025-01,aflastning,100",
        ),
    ]);
    assert_eq!(d.validation.count(IssueKind::FutureDate), 2);
    assert_eq!(d.episodes.rows.len(), 1);
}

#[test]
fn negative_costs_are_flagged_and_episode_costs_emptied() {
    let d = load(&[
        (
            TableKind::Episodes,
            "person_id,measure,start_date,daily_cost\nP1,aflastning,2020-01-01,-5",
        ),
        (
            TableKind::Costs,
            "month,measure,amount\n2020-01,aflastning,-100",
        ),
    ]);
    assert_eq!(d.validation.count(IssueKind::NegativeCost), 2);
    assert_eq!(d.episodes.rows[0].daily_cost, None);
    assert_eq!(d.costs.rows[0].amount, -100.0);
}

#[test]
fn unknown_measures_and_levels() {
    let d = load(&[(
        TableKind::Episodes,
        "person_id,measure,level,start_date\n\
         P1,trylleri,,2020-01-01\n\
         P1,trylleri,home,2020-01-01\n\
         P1,kontaktperson,mellemtrin,2020-01-01\n\
         P1,kontaktperson,residential,2020-02-01\n\
         P1,trylleri,mellemtrin,2020-01-01",
    )]);
    assert_eq!(
        places(&d, IssueKind::UnknownMeasure),
        vec![
            (Some(2), Some("measure".into()), true),
            (Some(3), Some("measure".into()), false)
        ]
    );
    assert_eq!(
        places(&d, IssueKind::UnknownLevel),
        vec![
            (Some(4), Some("level".into()), false),
            (Some(5), Some("level".into()), false),
            (Some(6), Some("level".into()), true)
        ]
    );
    let levels: Vec<&str> = d.episodes.rows.iter().map(|e| e.level.as_str()).collect();
    assert_eq!(levels, ["home", "home", "home"]);
}

#[test]
fn item_answers_out_of_range_exclude_the_questionnaire() {
    let d = load(&[(
        TableKind::Assessments,
        "person_id,date,instrument,sdq1,sdq_impact_home,who5_1,ors1\n\
         P1,2020-01-01,sdq,2,3,,\n\
         P1,2020-01-02,sdq,3,,,\n\
         P1,2020-01-03,sdq,1,4,,\n\
         P1,2020-01-04,who5,,,6,\n\
         P1,2020-01-05,ors,,,,10.5\n\
         P1,2020-01-06,ors,,,,9.7\n\
         P1,2020-01-07,sdq,1.5,,,",
    )]);
    let rows: Vec<Option<usize>> = places(&d, IssueKind::ItemOutOfRange)
        .iter()
        .map(|p| p.0)
        .collect();
    assert_eq!(rows, [Some(3), Some(4), Some(5), Some(6), Some(8)]);
    assert_eq!(d.assessments.rows.len(), 2);
    assert_eq!(
        d.assessments.item_names,
        ["sdq1", "sdq_impact_home", "who5_1", "ors1"]
    );
}

#[test]
fn long_assessments_are_pivoted_and_a_bad_answer_excludes_its_questionnaire() {
    let d = load(&[(
        TableKind::Assessments,
        "person_id,date,instrument,informant,item,value\n\
         P1,2020-01-01,sdq,forælder,sdq1,2\n\
         P1,2020-01-01,sdq,forælder,sdq2,1\n\
         P2,2020-01-01,sdq,parent,sdq1,0\n\
         P2,2020-01-01,sdq,parent,sdq2,7\n\
         P1,2020-01-01,sdq,forælder,sdq2,1",
    )]);
    assert_eq!(
        d.assessments.rows.len(),
        0,
        "P1 answers sdq2 twice; P2 has an out-of-range answer"
    );
    let t = d.validation.table(TableKind::Assessments).unwrap();
    assert_eq!(
        (t.rows_read, t.rows_used, t.rows_excluded()),
        (5, 0, 5),
        "every row accounted for: {t:?}"
    );

    let d = load(&[(
        TableKind::Assessments,
        "person_id,date,instrument,informant,item,value\nP1,2020-01-01,sdq,forælder,sdq1,2\nP1,2020-01-01,sdq,forælder,sdq2,",
    )]);
    assert_eq!(d.assessments.rows.len(), 1);
    assert_eq!(d.assessments.rows[0].informant.as_deref(), Some("parent"));
    assert_eq!(d.assessments.rows[0].items, [Some(2.0), None]);
}

#[test]
fn unparseable_values_name_row_column_and_value() {
    let d = load(&[(
        TableKind::Episodes,
        "person_id,measure,start_date,daily_cost\nP1,aflastning,2019-02-30,1x0",
    )]);
    let issues: Vec<_> = d
        .validation
        .examples
        .iter()
        .filter(|i| i.kind == IssueKind::Unparseable)
        .collect();
    assert_eq!(issues.len(), 2);
    assert_eq!(issues[0].row, Some(2));
    assert!(issues
        .iter()
        .any(|i| i.column.as_deref() == Some("start_date")
            && i.value.as_deref() == Some("2019-02-30")));
    assert!(issues
        .iter()
        .any(|i| i.column.as_deref() == Some("daily_cost") && i.value.as_deref() == Some("1x0")));
}

#[test]
fn danish_numbers_dates_and_codes_are_read() {
    let d = load(&[(
        TableKind::Episodes,
        "person_id,measure,start_date,end_date,end_reason,daily_cost,provider\n\
         P1,Plejefamilie,01.02.2020,31-03-2020,sammenbrud,1234.5,ekstern",
    )]);
    assert!(d.validation.is_clean(), "{:?}", d.validation.examples);
    let e = &d.episodes.rows[0];
    assert_eq!(e.measure, "plejefamilie");
    assert_eq!(e.start_date, NaiveDate::from_ymd_opt(2020, 2, 1).unwrap());
    assert_eq!(e.end_date, NaiveDate::from_ymd_opt(2020, 3, 31));
    assert_eq!(e.end_reason, Some(indsats::data::EndReason::Breakdown));
    assert_eq!(e.daily_cost, Some(1234.5));
    assert_eq!(e.provider, Some(indsats::data::Provider::External));
}

#[test]
fn every_row_read_is_used_or_counted_as_excluded() {
    let d = indsats::data::load(
        &indsats::plan::Plan::from_file(&crate::common::fixture("defects/plan.toml"))
            .unwrap()
            .sources(),
        &opts(),
    )
    .unwrap();
    for t in &d.validation.tables {
        assert_eq!(t.rows_read, t.rows_used + t.rows_excluded(), "{t:?}");
    }
    let counts: Vec<(TableKind, usize, usize)> = d
        .validation
        .tables
        .iter()
        .map(|t| (t.table, t.rows_read, t.rows_used))
        .collect();
    assert_eq!(
        counts,
        [
            (TableKind::Persons, 6, 4),
            (TableKind::Episodes, 10, 5),
            (TableKind::Assessments, 4, 1),
            (TableKind::Costs, 3, 2)
        ]
    );
}

#[test]
fn the_data_dictionary_documents_every_schema_column() {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/datasets/DICTIONARY.md"
    ))
    .unwrap();
    for t in TableKind::ALL {
        assert!(
            text.contains(&format!("## {}", t.name())),
            "no section for {t}"
        );
        for c in indsats::data::schema::columns(t) {
            let required = if c.required { "yes" } else { "no" };
            let line = format!(
                "| `{}` | {} | {required} | {} |",
                c.name,
                format!("{:?}", c.kind).to_lowercase(),
                c.meaning
            );
            assert!(text.contains(&line), "DICTIONARY.md lacks the line {line}");
        }
    }
}

#[test]
fn an_empty_end_date_is_an_ongoing_episode_and_an_unreadable_one_is_excluded() {
    let d = load(&[(
        TableKind::Episodes,
        "person_id,measure,start_date,end_date\nP1,aflastning,2020-01-01,\nP2,aflastning,2020-01-01,snart",
    )]);
    assert_eq!(d.episodes.rows.len(), 1);
    assert_eq!(d.episodes.rows[0].end_date, None);
    assert_eq!(
        places(&d, IssueKind::Unparseable),
        vec![(Some(3), Some("end_date".into()), true)]
    );
}

#[test]
fn the_data_start_is_the_first_ledger_month_unless_given() {
    let d = load(&[
        (
            TableKind::Episodes,
            "person_id,measure,start_date\nP1,aflastning,2012-05-01",
        ),
        (
            TableKind::Costs,
            "month,measure,amount\n2015-03,aflastning,100\n2015-01,aflastning,100",
        ),
    ]);
    assert_eq!(d.start, NaiveDate::from_ymd_opt(2015, 1, 1).unwrap());
    let d = load(&[(
        TableKind::Episodes,
        "person_id,measure,start_date\nP1,aflastning,2012-05-01",
    )]);
    assert_eq!(d.start, NaiveDate::from_ymd_opt(2012, 5, 1).unwrap());
}

#[test]
fn free_person_columns_are_numeric_covariates_or_noted() {
    let d = load(&[(
        TableKind::Persons,
        "person_id,risk,school,enrolled\nP1,0.5,Nord,2020-01-01\nP2,0.25,Syd,\nP3,,Syd,01-02-2021",
    )]);
    assert_eq!(d.persons.covariate_names, ["risk"]);
    assert_eq!(
        d.persons
            .rows
            .iter()
            .map(|p| p.covariates[0])
            .collect::<Vec<_>>(),
        [Some(0.5), Some(0.25), None]
    );
    use indsats::data::LoadNote;
    assert_eq!(
        d.validation.notes,
        [
            LoadNote::TextColumn {
                file: "persons.csv".into(),
                column: "school".into()
            },
            LoadNote::DateColumn {
                file: "persons.csv".into(),
                column: "enrolled".into()
            },
        ]
    );
    assert!(d.validation.is_clean(), "notes are not problems");
}

#[test]
fn pseudonymised_columns_are_noted() {
    let raws = [(
        TableKind::Persons,
        RawSource {
            table: table("persons.csv", "person_id,sex\n010203-1234,m\n020304-5678,f"),
            columns: BTreeMap::new(),
        },
    )]
    .into_iter()
    .collect();
    let key = indsats::data::PseudonymKey::from_bytes(b"a synthetic key of enough length").unwrap();
    let d = from_raw(
        raws,
        &LoadOptions {
            key: Some(key),
            ..opts()
        },
    )
    .unwrap();
    assert!(d
        .persons
        .rows
        .iter()
        .all(|p| p.person_id.starts_with('p') && !p.person_id.contains("0102")));
    assert_eq!(
        d.validation.notes,
        [indsats::data::LoadNote::Pseudonymised {
            file: "persons.csv".into(),
            column: "person_id".into(),
            values: 2
        }]
    );
}
