//! The report as Markdown: the same text and tables as the HTML page (pipe tables);
//! charts are given by title and caption and referred to the HTML report.

use super::format as fmt;
use super::text::{fill, Key};
use super::{Block, Report};
use crate::summary::{ColumnKind, Table};
use crate::Lang;
use std::fmt::Write;

/// Escapes text so Markdown shows it as written: no emphasis, links, HTML or table
/// breaks from data values.
fn md(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            // `<` starts HTML only before a letter or `/`, `!`, `?`: "<5" stays as it is
            '<' if chars
                .peek()
                .is_some_and(|n| n.is_ascii_alphabetic() || "/!?".contains(*n)) =>
            {
                out.push_str("\\<");
            }
            '\\' | '`' | '*' | '_' | '[' | ']' | '>' | '|' | '#' | '~' | '&' | '!' => {
                out.push('\\');
                out.push(c);
            }
            '\n' | '\r' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

pub(crate) fn render(r: &Report) -> String {
    let lang = r.lang;
    let t = |k: Key| k.get(lang);
    let mut m = String::new();
    let _ = writeln!(m, "# {}\n", md(&r.title));
    let frame: Vec<&str> = [r.municipality.as_str(), r.meeting.as_str()]
        .into_iter()
        .filter(|s| !s.is_empty())
        .collect();
    if !frame.is_empty() {
        let _ = writeln!(m, "{}\n", md(&frame.join(" · ")));
    }
    let mut dates = vec![fill(
        t(Key::DataAsOf),
        &[("date", fmt::date(r.cutoff, lang))],
    )];
    if let Some(d) = r.report_date {
        dates.push(fill(t(Key::ReportDate), &[("date", fmt::date(d, lang))]));
    }
    let _ = writeln!(m, "{}\n", md(&dates.join(" · ")));
    let mut figure = 0;
    for s in &r.sections {
        let _ = writeln!(m, "## {}\n", md(&s.heading));
        for b in &s.blocks {
            match b {
                Block::Paragraph { text } => {
                    let _ = writeln!(m, "{}\n", md(text));
                }
                Block::List { items } => {
                    for i in items {
                        let _ = writeln!(m, "- {}", md(i));
                    }
                    m.push('\n');
                }
                Block::Table(table) => table_md(&mut m, table, r.small_cell_threshold, lang),
                Block::Chart(c) => {
                    figure += 1;
                    let _ = writeln!(
                        m,
                        "*{} {figure}: {}.* {} {}\n",
                        md(t(Key::Figure)),
                        md(&c.title),
                        md(&c.caption),
                        md(t(Key::SeeHtml))
                    );
                }
                Block::Definitions { items } => {
                    for d in items {
                        let _ = writeln!(m, "- **{}**: {}", md(&d.term), md(&d.text));
                    }
                    m.push('\n');
                }
            }
        }
        if s.id == "summary" && !r.warnings.is_empty() {
            let _ = writeln!(m, "> **{}**\n>", md(t(Key::WarningsHeading)));
            for w in &r.warnings {
                let _ = writeln!(m, "> - {}", md(w));
            }
            m.push('\n');
        }
    }
    let _ = writeln!(m, "---\n\n{}", md(&r.software));
    m
}

fn table_md(m: &mut String, table: &Table, threshold: usize, lang: Lang) {
    let _ = writeln!(m, "**{}**\n", md(&table.title));
    let head: Vec<String> = table.columns.iter().map(|c| md(&c.label)).collect();
    let _ = writeln!(m, "| {} |", head.join(" | "));
    let rule: Vec<&str> = table
        .columns
        .iter()
        .map(|c| {
            if matches!(c.kind, ColumnKind::Text) {
                "---"
            } else {
                "---:"
            }
        })
        .collect();
    let _ = writeln!(m, "| {} |", rule.join(" | "));
    for row in &table.rows {
        let cells: Vec<String> = row
            .cells
            .iter()
            .map(|c| {
                let s = md(&fmt::cell(c, threshold, lang, table.amount_unit));
                if row.total && !s.is_empty() {
                    format!("**{s}**")
                } else {
                    s
                }
            })
            .collect();
        let _ = writeln!(m, "| {} |", cells.join(" | "));
    }
    m.push('\n');
    for n in &table.notes {
        let _ = writeln!(m, "*{}*  ", md(n));
    }
    if !table.notes.is_empty() {
        m.push('\n');
    }
}
