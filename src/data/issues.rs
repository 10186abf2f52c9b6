//! Problems found in the data, counted per kind, with the first examples kept.
//!
//! Every row an analysis cannot use is excluded *and counted here*; nothing is dropped
//! silently. A problem that leaves the row usable (an overlap, a future date) is kept as
//! a problem but the row stays in.

use super::tables::TableKind;
use serde::Serialize;
use std::collections::BTreeMap;

/// The kinds of problem a municipal export really has.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum IssueKind {
    /// A required column is absent.
    MissingColumn,
    /// A value could not be read as the type the column holds.
    Unparseable,
    /// A required value is empty.
    MissingValue,
    /// An episode ends before it starts.
    EndBeforeStart,
    /// Two placement episodes of one person overlap in time.
    OverlappingEpisodes,
    /// An identifier appears twice where it must be unique.
    DuplicateId,
    /// A row refers to a person who is not in the persons table.
    UnknownPerson,
    /// A date lies after the data's cut-off date.
    FutureDate,
    /// A cost or amount is negative.
    NegativeCost,
    /// A measure that the staircase does not know.
    UnknownMeasure,
    /// A level that the staircase does not know, or that disagrees with the measure's level.
    UnknownLevel,
    /// An item response outside the instrument's range.
    ItemOutOfRange,
    /// A value that is readable but not one of the allowed codes.
    UnknownCode,
}

impl IssueKind {
    /// All kinds, in the order the report lists them.
    pub const ALL: [IssueKind; 13] = [
        IssueKind::MissingColumn,
        IssueKind::Unparseable,
        IssueKind::MissingValue,
        IssueKind::EndBeforeStart,
        IssueKind::OverlappingEpisodes,
        IssueKind::DuplicateId,
        IssueKind::UnknownPerson,
        IssueKind::FutureDate,
        IssueKind::NegativeCost,
        IssueKind::UnknownMeasure,
        IssueKind::UnknownLevel,
        IssueKind::ItemOutOfRange,
        IssueKind::UnknownCode,
    ];

    /// The kind's code, as JSON spells it.
    pub fn code(self) -> &'static str {
        match self {
            IssueKind::MissingColumn => "missing_column",
            IssueKind::Unparseable => "unparseable",
            IssueKind::MissingValue => "missing_value",
            IssueKind::EndBeforeStart => "end_before_start",
            IssueKind::OverlappingEpisodes => "overlapping_episodes",
            IssueKind::DuplicateId => "duplicate_id",
            IssueKind::UnknownPerson => "unknown_person",
            IssueKind::FutureDate => "future_date",
            IssueKind::NegativeCost => "negative_cost",
            IssueKind::UnknownMeasure => "unknown_measure",
            IssueKind::UnknownLevel => "unknown_level",
            IssueKind::ItemOutOfRange => "item_out_of_range",
            IssueKind::UnknownCode => "unknown_code",
        }
    }
}

/// One problem at one place.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Issue {
    /// The table.
    pub table: TableKind,
    /// The file as the user named it.
    pub file: String,
    /// What kind of problem.
    pub kind: IssueKind,
    /// Row as a spreadsheet shows it (header = 1); `None` for a whole-file problem.
    pub row: Option<usize>,
    /// The column's name in the file.
    pub column: Option<String>,
    /// The offending value (CPR-like values are never stored).
    pub value: Option<String>,
    /// What was expected.
    pub expected: super::Expected,
    /// Whether the row is left out of analyses because of this.
    pub excluded: bool,
}

/// A note on how the data were read that is not a problem with a row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum LoadNote {
    /// A free column of the persons table holds text, so it is not a numeric covariate.
    TextColumn {
        /// The file.
        file: String,
        /// The column.
        column: String,
    },
    /// A free column of the persons table holds dates, so it is not a numeric covariate.
    DateColumn {
        /// The file.
        file: String,
        /// The column.
        column: String,
    },
    /// CPR-like values in a column were replaced by keyed pseudonyms.
    Pseudonymised {
        /// The file.
        file: String,
        /// The column.
        column: String,
        /// How many values.
        values: usize,
    },
    /// CPR-like numbers inside free text were replaced by `[cpr]`.
    Redacted {
        /// The file.
        file: String,
        /// The column.
        column: String,
        /// How many values.
        values: usize,
    },
}

impl LoadNote {
    /// The note in the language asked for.
    pub fn text(&self, lang: crate::Lang) -> String {
        let da = lang == crate::Lang::Da;
        match self {
            LoadNote::TextColumn { file, column } if da => {
                format!("{file}: kolonnen »{column}« indeholder tekst og bruges derfor ikke som talvariabel")
            }
            LoadNote::TextColumn { file, column } => {
                format!("{file}: column \"{column}\" holds text, so it is not used as a numeric covariate")
            }
            LoadNote::DateColumn { file, column } if da => {
                format!("{file}: kolonnen »{column}« indeholder datoer og bruges derfor ikke som talvariabel")
            }
            LoadNote::DateColumn { file, column } => {
                format!("{file}: column \"{column}\" holds dates, so it is not used as a numeric covariate")
            }
            LoadNote::Pseudonymised {
                file,
                column,
                values,
            } if da => {
                format!("{file}: {values} CPR-lignende værdier i kolonnen »{column}« er erstattet af pseudonymer")
            }
            LoadNote::Pseudonymised {
                file,
                column,
                values,
            } => {
                format!("{file}: column \"{column}\": {values} CPR-like value(s) replaced by keyed pseudonyms")
            }
            LoadNote::Redacted {
                file,
                column,
                values,
            } if da => {
                format!("{file}: CPR-lignende numre i {values} værdier i kolonnen »{column}« er erstattet af [cpr]")
            }
            LoadNote::Redacted {
                file,
                column,
                values,
            } => {
                format!("{file}: column \"{column}\": CPR-like numbers in {values} value(s) replaced by [cpr]")
            }
        }
    }
}

impl std::fmt::Display for LoadNote {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.text(crate::Lang::En))
    }
}

/// Rows read, used and left out, for one table.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TableCount {
    /// The table.
    pub table: TableKind,
    /// The file as the user named it.
    pub file: String,
    /// Data rows in the file.
    pub rows_read: usize,
    /// Rows that analyses use.
    pub rows_used: usize,
    /// Rows left out, by the kind of problem that first excluded them.
    pub excluded: BTreeMap<IssueKind, usize>,
}

impl TableCount {
    /// Total rows left out.
    pub fn rows_excluded(&self) -> usize {
        self.excluded.values().sum()
    }
}

/// How many examples of each kind per table are kept in full.
pub const EXAMPLES_PER_KIND: usize = 20;

/// Everything validation found: counts per table and kind, and the first examples.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct ValidationReport {
    /// Rows read, used and excluded per table.
    pub tables: Vec<TableCount>,
    /// Problems per table and kind.
    pub counts: BTreeMap<TableKind, BTreeMap<IssueKind, usize>>,
    /// The first [`EXAMPLES_PER_KIND`] problems of each kind per table, in row order.
    pub examples: Vec<Issue>,
    /// Notes on how the data were read that are not problems with a row (e.g. a text
    /// column kept out of the numeric covariates, a column pseudonymised).
    pub notes: Vec<LoadNote>,
}

impl ValidationReport {
    /// Records a problem: counts it, and keeps it if it is among the first of its kind.
    pub fn push(&mut self, issue: Issue) {
        let n = self
            .counts
            .entry(issue.table)
            .or_default()
            .entry(issue.kind)
            .or_insert(0);
        *n += 1;
        if *n <= EXAMPLES_PER_KIND {
            self.examples.push(issue);
        }
    }

    /// Total number of problems.
    pub fn total(&self) -> usize {
        self.counts.values().flat_map(|m| m.values()).sum()
    }

    /// Problems of one kind, over all tables.
    pub fn count(&self, kind: IssueKind) -> usize {
        self.counts.values().filter_map(|m| m.get(&kind)).sum()
    }

    /// True when nothing was found.
    pub fn is_clean(&self) -> bool {
        self.total() == 0
    }

    /// The counts for one table, if it was read.
    pub fn table(&self, table: TableKind) -> Option<&TableCount> {
        self.tables.iter().find(|t| t.table == table)
    }
}
