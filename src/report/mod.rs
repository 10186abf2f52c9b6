//! The report for the council's theme meeting: HTML, Markdown and JSON.
