//! `indsats economics rate-card`: outcome payments by milestone, per participant and in total.

use super::kroner::kr;
use crate::cli::output::{csv_field, csv_number, json, Format, Output};
use crate::cli::CliError;
use indsats::data::RawTable;
use indsats::economics::{Participant, RateCard, RateCardPayments};
use indsats::{Error, ErrorKind, Lang};
use serde::Serialize;
use std::collections::BTreeMap;
use std::fmt::Write as _;

/// Outcome payments of a social impact investment: what a rate card pays for a cohort.
///
/// --card is the rate card, one row per outcome: the first column names the outcome, the
/// others are the milestones, a header each with the months after start (`6`, `12`, `18`,
/// or `6 mdr.`), and each cell the payment in kroner when a participant has achieved the
/// outcome at that milestone.
///
/// --data lists the milestones participants achieved, one row per participant, outcome and
/// milestone (months), in the columns --id, --outcome and --milestone. A participant who
/// achieved nothing is a row with the outcome and milestone empty (so the cohort is
/// counted in full).
///
/// payment per participant = the sum of the card's payments for each outcome and milestone
/// achieved; the totals per outcome, per milestone and over all follow.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:\n  \
indsats economics rate-card --data achieved.csv --card rate_card.csv\n  \
indsats economics rate-card --data achieved.csv --card rate_card.csv --id deltager --format json")]
pub struct RateCardArgs {
    /// The milestones achieved: one row per participant, outcome and milestone
    #[arg(long)]
    data: String,
    /// The rate card: outcome, then one column of payments per milestone (months)
    #[arg(long)]
    card: String,
    /// The participant column of --data
    #[arg(long, value_name = "COL", default_value = "person_id")]
    id: String,
    /// The outcome column of --data
    #[arg(long, value_name = "COL", default_value = "outcome")]
    outcome: String,
    /// The milestone column of --data (months after start)
    #[arg(long, value_name = "COL", default_value = "milestone")]
    milestone: String,
    #[command(flatten)]
    common: crate::cli::output::Common,
}

/// Rows and participants.
#[derive(Debug, Serialize)]
struct Counts {
    rows: usize,
    participants: usize,
    milestones_achieved: usize,
    outcomes_on_card: usize,
}

/// The JSON result.
#[derive(Debug, Serialize)]
struct Report<'a> {
    #[serde(flatten)]
    payments: &'a RateCardPayments,
    n: Counts,
    warnings: Vec<String>,
}

fn cell_error(t: &RawTable, r: usize, column: &str, message: String) -> Error {
    Error::new(ErrorKind::Cell {
        file: t.source.clone(),
        row: t.file_row(r),
        column: column.to_string(),
        message,
    })
}

/// The months in a milestone header: its digits (`6`, `6 mdr.`, `m6`).
fn months_of(header: &str) -> Option<u32> {
    let digits: String = header
        .chars()
        .skip_while(|c| !c.is_ascii_digit())
        .take_while(char::is_ascii_digit)
        .collect();
    digits.parse().ok()
}

/// Reads the card; returns it with its outcomes in the card's order.
fn read_card(t: &RawTable) -> Result<(RateCard, Vec<String>), CliError> {
    if t.columns.len() < 2 {
        return Err(Error::format(
            t.source.clone(),
            "a rate card needs an outcome column and at least one milestone column",
        )
        .into());
    }
    let mut months = Vec::with_capacity(t.columns.len() - 1);
    for h in &t.columns[1..] {
        let m = months_of(h).ok_or_else(|| {
            Error::format(
                t.source.clone(),
                format!("column \"{h}\": a milestone column's header must hold its months after start (e.g. 6 or \"6 mdr.\")"),
            )
        })?;
        months.push(m);
    }
    if let Some(w) = months.windows(2).find(|w| w[0] >= w[1]) {
        return Err(Error::format(
            t.source.clone(),
            format!(
                "milestone columns must increase; {} months follows {} months",
                w[1], w[0]
            ),
        )
        .into());
    }
    let mut card = RateCard::new(months);
    let mut seen = BTreeMap::new();
    let name_col = &t.columns[0];
    for r in 0..t.n_rows() {
        let name = t.cells[0][r].trim().to_string();
        if name.is_empty() {
            return Err(
                cell_error(t, r, name_col, "empty; every row needs an outcome".into()).into(),
            );
        }
        if let Some(prev) = seen.insert(name.clone(), r) {
            return Err(cell_error(
                t,
                r,
                name_col,
                format!("outcome \"{name}\" is also on row {}", t.file_row(prev)),
            )
            .into());
        }
        let mut pay = Vec::with_capacity(t.columns.len() - 1);
        for c in 1..t.columns.len() {
            let v = t.cells[c][r].trim();
            let p = indsats::data::parse_number(v)
                .filter(|p| p.is_finite() && *p >= 0.0)
                .ok_or_else(|| {
                    cell_error(
                        t,
                        r,
                        &t.columns[c],
                        format!("\"{v}\" is not a payment in kroner (write 0 for none)"),
                    )
                })?;
            pay.push(p);
        }
        card = card.outcome(name, pay);
    }
    card.check()
        .map_err(|e| Error::format(t.source.clone(), e.to_string()))?;
    let mut names: Vec<(usize, String)> = seen.into_iter().map(|(n, r)| (r, n)).collect();
    names.sort();
    Ok((card, names.into_iter().map(|(_, n)| n).collect()))
}

pub(super) fn run(a: RateCardArgs) -> Result<(), CliError> {
    let (card_table, mut warnings) = a.common.read_guarded(&a.card)?;
    let (card, on_card) = read_card(&card_table)?;
    let (t, notes) = a.common.read_guarded(&a.data)?;
    warnings.extend(notes);
    let col = |name: &str| {
        t.column(name).ok_or_else(|| {
            Error::new(ErrorKind::MissingColumn {
                file: t.source.clone(),
                column: name.to_string(),
                found: t.columns.clone(),
            })
        })
    };
    let (ids, outcomes, milestones) = (col(&a.id)?, col(&a.outcome)?, col(&a.milestone)?);
    // Participants in the order first seen, each with its achieved milestones and the row
    // that named each, to place a duplicate.
    let mut order: Vec<String> = Vec::new();
    let mut achieved: BTreeMap<String, BTreeMap<String, Vec<(u32, usize)>>> = BTreeMap::new();
    let mut n_achieved = 0;
    for r in 0..t.n_rows() {
        let id = ids.get(r).unwrap_or("").trim();
        if id.is_empty() {
            return Err(
                cell_error(&t, r, &a.id, "empty; every row needs a participant".into()).into(),
            );
        }
        if !achieved.contains_key(id) {
            order.push(id.to_string());
            achieved.insert(id.to_string(), BTreeMap::new());
        }
        let outcome = outcomes.get(r).unwrap_or("").trim();
        let month = milestones.get(r).unwrap_or("").trim();
        match (outcome.is_empty(), month.is_empty()) {
            (true, true) => continue,
            (true, false) => {
                return Err(cell_error(
                    &t,
                    r,
                    &a.outcome,
                    format!("empty, but the milestone is {month}"),
                )
                .into())
            }
            (false, true) => {
                return Err(cell_error(
                    &t,
                    r,
                    &a.milestone,
                    format!("empty, but the outcome is \"{outcome}\""),
                )
                .into())
            }
            _ => {}
        }
        if !on_card.iter().any(|o| o == outcome) {
            return Err(cell_error(
                &t,
                r,
                &a.outcome,
                format!(
                    "\"{outcome}\" is not on the rate card (it has: {})",
                    on_card.join(", ")
                ),
            )
            .into());
        }
        let m = indsats::data::parse_number(month)
            .filter(|m| m.fract() == 0.0 && *m >= 0.0 && *m <= 1e6)
            .map(|m| m as u32)
            .filter(|m| card.milestones_months().contains(m))
            .ok_or_else(|| {
                cell_error(
                    &t,
                    r,
                    &a.milestone,
                    format!(
                        "\"{month}\" is not one of the card's milestones ({} months)",
                        card.milestones_months()
                            .iter()
                            .map(u32::to_string)
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                )
            })?;
        let list = achieved
            .get_mut(id)
            .expect("inserted")
            .entry(outcome.to_string())
            .or_default();
        if let Some((_, prev)) = list.iter().find(|(x, _)| *x == m) {
            return Err(cell_error(
                &t,
                r,
                &a.milestone,
                format!(
                    "participant \"{id}\" achieved \"{outcome}\" at {m} months already on row {}",
                    t.file_row(*prev)
                ),
            )
            .into());
        }
        list.push((m, r));
        n_achieved += 1;
    }
    if order.is_empty() {
        return Err(Error::analysis(format!("{}: no participants", t.source)).into());
    }
    let cohort: Vec<Participant> = order
        .iter()
        .map(|id| Participant {
            id: id.clone(),
            achieved: achieved[id]
                .iter()
                .map(|(o, ms)| (o.clone(), ms.iter().map(|(m, _)| *m).collect()))
                .collect(),
        })
        .collect();
    let paid = card.pay(&cohort)?;
    let lang: Lang = a.common.lang.into();
    let text = match a.common.format {
        Format::Json => json(&Report {
            payments: &paid,
            n: Counts {
                rows: t.n_rows(),
                participants: cohort.len(),
                milestones_achieved: n_achieved,
                outcomes_on_card: paid.by_outcome.len(),
            },
            warnings,
        })?,
        Format::Csv => to_csv(&paid),
        Format::Table => to_table(&paid, &warnings, lang),
    };
    Output::new(a.common.out.as_deref()).write(&text)
}

/// One row per participant and outcome paid, then the total per participant.
fn to_csv(p: &RateCardPayments) -> String {
    let mut s = String::from("participant,outcome,payment\n");
    for q in &p.by_participant {
        for (o, v) in &q.by_outcome {
            let _ = writeln!(
                s,
                "{},{},{}",
                csv_field(&q.id),
                csv_field(o),
                csv_number(Some(*v))
            );
        }
        let _ = writeln!(
            s,
            "{},total,{}",
            csv_field(&q.id),
            csv_number(Some(q.total))
        );
    }
    s
}

fn to_table(p: &RateCardPayments, warnings: &[String], lang: Lang) -> String {
    let da = lang == Lang::Da;
    let mut s = String::new();
    let _ = writeln!(
        s,
        "{:<24}{:>16}",
        if da { "Deltager" } else { "Participant" },
        if da {
            "Udbetaling (kr.)"
        } else {
            "Payment (DKK)"
        }
    );
    for q in &p.by_participant {
        let _ = writeln!(s, "{:<24}{:>16}", q.id, kr(q.total, lang));
    }
    let _ = writeln!(
        s,
        "\n{:<32}{:>16}",
        if da { "Effekt" } else { "Outcome" },
        ""
    );
    for (o, v) in &p.by_outcome {
        let _ = writeln!(s, "{o:<32}{:>16}", kr(*v, lang));
    }
    let _ = writeln!(s, "\n{}", if da { "Milepæl" } else { "Milestone" });
    for (m, v) in p.milestones_months.iter().zip(&p.by_milestone) {
        let label = if da {
            format!("{m} mdr.")
        } else {
            format!("{m} months")
        };
        let _ = writeln!(s, "{label:<32}{:>16}", kr(*v, lang));
    }
    let _ = writeln!(
        s,
        "\n{}: {} kr.",
        if da { "I alt" } else { "Total" },
        kr(p.total, lang)
    );
    for w in warnings {
        let _ = writeln!(s, "{}: {w}", if da { "Advarsel" } else { "Warning" });
    }
    s
}
