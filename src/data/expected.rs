//! What a cell should have held: the second half of every validation message, in Danish
//! and English side by side, so the report speaks the reader's language and `validate`
//! prints the same facts.

use crate::Lang;
use chrono::NaiveDate;
use serde::{Serialize, Serializer};
use std::fmt;

/// What was expected where a problem was found.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum Expected {
    /// A column (by indsats' name): absent from the file.
    Column {
        /// indsats' name for it.
        name: String,
        /// Whether the plan mapped another name onto it.
        mapped: bool,
        /// The columns the file has.
        found: Vec<String>,
    },
    /// A value in a required column.
    Required(ValueKind),
    /// A readable date.
    Date,
    /// A readable number.
    Number,
    /// A readable month.
    Month,
    /// A year between 1900 and 2100.
    Year,
    /// A whole session number.
    Session,
    /// A person id not seen before.
    UniqueId {
        /// Where it was first seen.
        first_row: usize,
    },
    /// One row per episode.
    UniqueEpisode {
        /// The row with the same person, measure, start and end.
        first_row: usize,
    },
    /// A person id that is in the persons table.
    KnownPerson,
    /// A sex code.
    SexCode,
    /// An end reason code.
    EndReasonCode,
    /// A provider code.
    ProviderCode,
    /// An end date on or after the start.
    EndAfterStart {
        /// The start date.
        start: NaiveDate,
    },
    /// One of the staircase's levels.
    Level {
        /// The levels' ids.
        levels: Vec<String>,
    },
    /// The level the staircase puts the measure on (the row is kept there).
    LevelOfMeasure {
        /// The staircase's level.
        level: String,
        /// The measure.
        measure: String,
    },
    /// A measure of the staircase; the row is kept on the level it names.
    MeasureKeptOnLevel {
        /// The level from the row.
        level: String,
    },
    /// A measure of the staircase, or a level that places it.
    Measure,
    /// A cost of 0 or more (the cost is left empty).
    NonNegativeCost,
    /// An amount of 0 or more (kept: a refund or correction?).
    NonNegativeAmount,
    /// One placement at a time: another is still running.
    OnePlacement {
        /// The other placement's row.
        row: usize,
        /// Its measure.
        measure: String,
        /// Its start.
        start: NaiveDate,
        /// Its end, `None` while ongoing.
        end: Option<NaiveDate>,
    },
    /// An answer within the item's range.
    ItemRange {
        /// The item.
        item: String,
        /// Smallest allowed answer.
        min: f64,
        /// Largest allowed answer.
        max: f64,
        /// Whole numbers only.
        integer: bool,
    },
    /// An item answer that is a number, or empty.
    ItemNumber,
    /// One answer per item per questionnaire.
    OneAnswerPerItem,
    /// A number, or yes/no.
    OutcomeValue,
    /// A date on or before the cut-off.
    NotAfterCutoff {
        /// The cut-off.
        cutoff: NaiveDate,
        /// Whether the cut-off was given (else it is today).
        given: bool,
    },
}

/// The kind of value a required column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ValueKind {
    /// Any text.
    Text,
    /// A date.
    Date,
    /// A number.
    Number,
    /// A month.
    Month,
}

fn join_or(items: &[String], or: &str) -> String {
    match items.split_last() {
        None => String::new(),
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} {or} {last}", rest.join(", ")),
    }
}

fn range(min: f64, max: f64, integer: bool, lang: Lang) -> String {
    let (or, from_to) = match lang {
        Lang::Da => ("eller", ("et helt tal fra", "til", "et tal fra")),
        Lang::En => ("or", ("a whole number from", "to", "a number from")),
    };
    if integer && max - min <= 3.0 {
        let values: Vec<String> = (min as i64..=max as i64).map(|v| v.to_string()).collect();
        join_or(&values, or)
    } else if integer {
        format!("{} {min} {} {max}", from_to.0, from_to.1)
    } else {
        let (a, b) = (format!("{min:.1}"), format!("{max:.1}"));
        let (a, b) = match lang {
            Lang::Da => (a.replace('.', ","), b.replace('.', ",")),
            Lang::En => (a, b),
        };
        format!("{} {a} {} {b}", from_to.2, from_to.1)
    }
}

impl Expected {
    /// The text in the language asked for.
    ///
    /// ```
    /// use indsats::data::Expected;
    /// use indsats::Lang;
    /// let e = Expected::ItemRange { item: "sdq1".into(), min: 0.0, max: 2.0, integer: true };
    /// assert_eq!(e.text(Lang::En), "for sdq1: 0, 1 or 2");
    /// assert_eq!(e.text(Lang::Da), "for sdq1: 0, 1 eller 2");
    /// ```
    pub fn text(&self, lang: Lang) -> String {
        use Expected::*;
        let da = lang == Lang::Da;
        let pick = |d: &str, e: &str| if da { d.to_string() } else { e.to_string() };
        match self {
            Column { name, mapped: true, found } => {
                if da {
                    format!("den kolonne, planen kalder »{name}« (filen har: {})", found.join(", "))
                } else {
                    format!("the column that the plan maps to \"{name}\" (the file has: {})", found.join(", "))
                }
            }
            Column { name, mapped: false, found } => {
                if da {
                    format!(
                        "en kolonne »{name}« (eller angiv filens navn for den i planen); filen har: {}",
                        found.join(", ")
                    )
                } else {
                    format!(
                        "a column \"{name}\" (or map the file's name for it in the plan); the file has: {}",
                        found.join(", ")
                    )
                }
            }
            Required(kind) => {
                let (d, e) = match kind {
                    ValueKind::Text => ("en værdi", "a value"),
                    ValueKind::Date => ("en dato", "a date"),
                    ValueKind::Number => ("et tal", "a number"),
                    ValueKind::Month => ("en måned", "a month"),
                };
                pick(&format!("{d} (kolonnen skal udfyldes)"), &format!("{e} (this column is required)"))
            }
            Date => pick(
                "en dato som 2021-03-31, 31-03-2021 eller 31.03.2021",
                "a date such as 2021-03-31, 31-03-2021 or 31.03.2021",
            ),
            Number => pick("et tal som 1234,50 eller 1234.50", "a number such as 1234,50 or 1234.50"),
            Month => pick("en måned som 2021-03", "a month such as 2021-03"),
            Year => pick("et årstal som 2012", "a year such as 2012"),
            Session => pick("et sessionsnummer 1, 2, 3, …", "a session number 1, 2, 3, …"),
            UniqueId { first_row } => pick(
                &format!("et person_id, der ikke er brugt før (også i række {first_row})"),
                &format!("a person_id not used before (also in row {first_row})"),
            ),
            UniqueEpisode { first_row } => pick(
                &format!("én række pr. forløb (række {first_row} har samme person, indsats, start og slut)"),
                &format!("one row per episode (row {first_row} has the same person, measure, start and end)"),
            ),
            KnownPerson => pick(
                "et person_id, der findes i persontabellen",
                "a person_id that is in the persons table",
            ),
            SexCode => pick(
                "en kode for køn: m/k, d/p, dreng/pige, 1/2",
                "a sex code: m/f, d/p, dreng/pige, 1/2",
            ),
            EndReasonCode => pick(
                "en slutårsag: home, step_down, step_up, breakdown, moved, aged_out, other (eller hjemgivelse, nedtrapning, optrapning, sammenbrud, fraflytning, andet)",
                "an end reason: home, step_down, step_up, breakdown, moved, aged_out, other",
            ),
            ProviderCode => pick("en leverandør: own/egen eller external/ekstern", "a provider: own or external"),
            EndAfterStart { start } => pick(
                &format!("en slutdato på eller efter startdatoen {start}"),
                &format!("an end date on or after the start date {start}"),
            ),
            Level { levels } => pick(
                &format!("et trin på indsatstrappen: {}", levels.join(", ")),
                &format!("a staircase level: {}", levels.join(", ")),
            ),
            LevelOfMeasure { level, measure } => pick(
                &format!("trinnet »{level}«, hvor indsatstrappen placerer indsatsen »{measure}« (rækken er talt dér)"),
                &format!("level \"{level}\", where the staircase puts measure \"{measure}\" (the row is counted there)"),
            ),
            MeasureKeptOnLevel { level } => pick(
                &format!("en indsats på indsatstrappen (rækken er talt på trinnet »{level}«, som rækken angiver)"),
                &format!("a measure of the staircase (kept on level \"{level}\", as the row says)"),
            ),
            Measure => pick(
                "en indsats på indsatstrappen, eller en trin-kolonne, der placerer den",
                "a measure of the staircase, or a level column that places it",
            ),
            NonNegativeCost => pick(
                "en udgift på 0 eller mere (udgiften er sat til tom)",
                "a cost of 0 or more (the cost is left empty)",
            ),
            NonNegativeAmount => pick(
                "et beløb på 0 eller mere (beløbet er talt med: en tilbagebetaling eller rettelse?)",
                "an amount of 0 or more (the amount is kept: a refund or correction?)",
            ),
            OnePlacement { row, measure, start, end } => {
                let until = end.map_or(pick("nu", "ongoing"), |d| d.to_string());
                pick(
                    &format!("én anbringelse ad gangen: række {row} ({measure}, {start} til {until}) er stadig i gang"),
                    &format!("one placement at a time: row {row} ({measure}, {start} to {until}) is still running"),
                )
            }
            ItemRange { item, min, max, integer } => format!("for {item}: {}", range(*min, *max, *integer, lang)),
            ItemNumber => pick("et svar (et tal) eller en tom celle", "an item answer (a number), or an empty cell"),
            OneAnswerPerItem => pick(
                "ét svar pr. spørgsmål pr. skema (spørgsmålet er besvaret to gange)",
                "one answer per item per questionnaire (this item is answered twice)",
            ),
            OutcomeValue => pick("et tal eller ja/nej", "a number, or ja/nej (yes/no)"),
            NotAfterCutoff { cutoff, given: true } => pick(
                &format!("en dato senest på datoudtrækket ({cutoff})"),
                &format!("a date on or before the data's cut-off date ({cutoff})"),
            ),
            NotAfterCutoff { cutoff, given: false } => pick(
                &format!("en dato senest i dag ({cutoff})"),
                &format!("a date on or before today ({cutoff})"),
            ),
        }
    }
}

impl fmt::Display for Expected {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text(Lang::En))
    }
}

/// In JSON, what was expected is its English text.
impl Serialize for Expected {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}
