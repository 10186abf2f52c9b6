//! The report as one self-contained HTML page: inline CSS and SVG, no scripts, no
//! fonts or images fetched, print-friendly (A4, each section on a new page).

use super::charts::escape;
use super::format as fmt;
use super::text::{fill, Key};
use super::{Block, Report};
use crate::summary::{ColumnKind, Table};
use crate::Lang;
use std::fmt::Write;

pub(super) const CSS: &str = r#"@page { size: A4; margin: 18mm 16mm; }
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, Helvetica, Arial, sans-serif;
  color: #1a1a1a; background: #fff; max-width: 62rem; margin: 0 auto; padding: 1.5rem;
  line-height: 1.5; font-size: 11pt; }
header .meta { color: #444; margin: 0; }
h1 { font-size: 1.9rem; line-height: 1.2; margin: .3rem 0; }
h2 { font-size: 1.4rem; border-bottom: 2px solid #1a1a1a; padding-bottom: .2rem; margin-top: 2.5rem; }
table { border-collapse: collapse; margin: 1rem 0 .3rem; font-size: .9rem; font-variant-numeric: tabular-nums; }
caption { caption-side: top; text-align: left; font-weight: 700; padding-bottom: .3rem; }
th, td { padding: .25rem .5rem; border-bottom: 1px solid #bbb; text-align: left; vertical-align: top; }
thead th { border-bottom: 2px solid #1a1a1a; vertical-align: bottom; }
th.num, td.num { text-align: right; }
td.num { white-space: nowrap; }
@page wide { size: A4 landscape; }
tr.total th, tr.total td { font-weight: 700; border-top: 2px solid #1a1a1a; }
.table-wrap { overflow-x: auto; }
.table-wrap.wide table { font-size: .8rem; }
ul.notes { font-size: .82rem; color: #333; margin: 0 0 1.4rem; padding-left: 1.1rem; }
figure { margin: 1.4rem 0; }
figure svg { display: block; width: 100%; max-width: 880px; height: auto; }
figcaption { font-size: .88rem; color: #333; max-width: 880px; }
aside.warnings { border: 2px solid #1a1a1a; padding: .4rem 1rem; margin: 1rem 0; }
aside.warnings h3 { font-size: 1.05rem; margin: .3rem 0; }
dt { font-weight: 700; margin-top: .6rem; }
dd { margin-left: 0; }
footer { margin-top: 3rem; font-size: .85rem; color: #444; }
@media print {
  body { max-width: none; padding: 0; font-size: 10pt; }
  main > section { break-before: page; }
  table, figure, aside { break-inside: avoid; }
  h2, caption { break-after: avoid; }
  .table-wrap { overflow: visible; }
  .table-wrap.wide { page: wide; }
  table { font-size: 8.5pt; }
  a { color: inherit; text-decoration: none; }
}
"#;

pub(crate) fn render(r: &Report) -> String {
    let lang = r.lang;
    let t = |k: Key| k.get(lang);
    let mut h = String::new();
    let code = match lang {
        Lang::Da => "da",
        Lang::En => "en",
    };
    let _ = writeln!(
        h,
        "<!DOCTYPE html>\n<html lang=\"{code}\">\n<head>\n<meta charset=\"utf-8\">"
    );
    let _ = writeln!(
        h,
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
    );
    let mut head_title = r.title.clone();
    if !r.municipality.is_empty() {
        head_title = format!("{head_title} – {}", r.municipality);
    }
    let _ = writeln!(
        h,
        "<title>{}</title>\n<style>\n{CSS}</style>\n</head>\n<body>\n<header>",
        escape(&head_title)
    );
    let frame: Vec<&str> = [r.municipality.as_str(), r.meeting.as_str()]
        .into_iter()
        .filter(|s| !s.is_empty())
        .collect();
    if !frame.is_empty() {
        let _ = writeln!(h, "<p class=\"meta\">{}</p>", escape(&frame.join(" · ")));
    }
    let _ = writeln!(h, "<h1>{}</h1>", escape(&r.title));
    let mut dates = vec![fill(
        t(Key::DataAsOf),
        &[("date", fmt::date(r.cutoff, lang))],
    )];
    if let Some(d) = r.report_date {
        dates.push(fill(t(Key::ReportDate), &[("date", fmt::date(d, lang))]));
    }
    let _ = writeln!(
        h,
        "<p class=\"meta\">{}</p>\n</header>",
        escape(&dates.join(" · "))
    );

    let _ = writeln!(
        h,
        "<nav aria-labelledby=\"toc\">\n<h2 id=\"toc\">{}</h2>\n<ol>",
        escape(t(Key::Contents))
    );
    for s in &r.sections {
        let _ = writeln!(
            h,
            "<li><a href=\"#{}\">{}</a></li>",
            escape(&s.id),
            escape(&s.heading)
        );
    }
    let _ = writeln!(h, "</ol>\n</nav>");
    let _ = writeln!(h, "<main>");
    let mut figure = 0;
    for s in &r.sections {
        let _ = writeln!(
            h,
            "<section id=\"{id}\" aria-labelledby=\"h-{id}\">\n<h2 id=\"h-{id}\">{}</h2>",
            escape(&s.heading),
            id = escape(&s.id)
        );
        for b in &s.blocks {
            match b {
                Block::Paragraph { text } => {
                    let _ = writeln!(h, "<p>{}</p>", escape(text));
                }
                Block::List { items } => {
                    let _ = writeln!(h, "<ul>");
                    for i in items {
                        let _ = writeln!(h, "<li>{}</li>", escape(i));
                    }
                    let _ = writeln!(h, "</ul>");
                }
                Block::Table(table) => table_html(&mut h, table, r.small_cell_threshold, lang),
                Block::Chart(c) => {
                    figure += 1;
                    let _ = writeln!(
                        h,
                        "<figure id=\"{}\">\n{}<figcaption><strong>{} {figure}: {}.</strong> {}</figcaption>\n</figure>",
                        escape(&c.id),
                        c.svg,
                        escape(t(Key::Figure)),
                        escape(&c.title),
                        escape(&c.caption)
                    );
                }
                Block::Definitions { items } => {
                    let _ = writeln!(h, "<dl>");
                    for d in items {
                        let _ = writeln!(
                            h,
                            "<dt>{}</dt>\n<dd>{}</dd>",
                            escape(&d.term),
                            escape(&d.text)
                        );
                    }
                    let _ = writeln!(h, "</dl>");
                }
            }
        }
        if s.id == "summary" && !r.warnings.is_empty() {
            let _ = writeln!(
                h,
                "<aside class=\"warnings\" role=\"note\">\n<h3>{}</h3>\n<ul>",
                escape(t(Key::WarningsHeading))
            );
            for w in &r.warnings {
                let _ = writeln!(h, "<li>{}</li>", escape(w));
            }
            let _ = writeln!(h, "</ul>\n</aside>");
        }
        let _ = writeln!(h, "</section>");
    }
    let _ = writeln!(
        h,
        "</main>\n<footer>\n<p>{}</p>\n</footer>\n</body>\n</html>",
        escape(&r.software)
    );
    h
}

/// Tables with more columns than this print on a landscape page.
const WIDE: usize = 8;

fn is_numeric(kind: ColumnKind) -> bool {
    !matches!(kind, ColumnKind::Text)
}

pub(super) fn table_html(h: &mut String, table: &Table, threshold: usize, lang: Lang) {
    let _ =
        writeln!(
        h,
        "<div class=\"table-wrap{}\">\n<table id=\"t-{}\">\n<caption>{}</caption>\n<thead>\n<tr>",
        if table.columns.len() > WIDE { " wide" } else { "" },
        escape(&table.id),
        escape(&table.title)
    );
    for c in &table.columns {
        let class = if is_numeric(c.kind) {
            " class=\"num\""
        } else {
            ""
        };
        let _ = writeln!(h, "<th scope=\"col\"{class}>{}</th>", escape(&c.label));
    }
    let _ = writeln!(h, "</tr>\n</thead>\n<tbody>");
    for row in &table.rows {
        let _ = write!(
            h,
            "{}",
            if row.total {
                "<tr class=\"total\">"
            } else {
                "<tr>"
            }
        );
        for (i, (cell, col)) in row.cells.iter().zip(&table.columns).enumerate() {
            let text = escape(&fmt::cell(cell, threshold, lang, table.amount_unit));
            let class = if is_numeric(col.kind) {
                " class=\"num\""
            } else {
                ""
            };
            if i == 0 {
                let _ = write!(h, "<th scope=\"row\"{class}>{text}</th>");
            } else {
                let _ = write!(h, "<td{class}>{text}</td>");
            }
        }
        let _ = writeln!(h, "</tr>");
    }
    let _ = writeln!(h, "</tbody>\n</table>\n</div>");
    if !table.notes.is_empty() {
        let _ = writeln!(h, "<ul class=\"notes\">");
        for n in &table.notes {
            let _ = writeln!(h, "<li>{}</li>", escape(n));
        }
        let _ = writeln!(h, "</ul>");
    }
}
