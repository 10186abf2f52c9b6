//! `docs/cli.md` stays honest: every subcommand clap knows has a heading there, every flag its
//! `--help` lists appears in that heading's section, and the page documents no command that no
//! longer exists. The help is read from the binary itself, so a new flag or subcommand without
//! documentation fails here. (`scripts/check_cli_docs.py` goes further, outside CI: it runs each
//! documented example and compares the JSON keys.)

use crate::common::{indsats, text};
use std::collections::BTreeMap;

/// The `--help` text of `indsats <path>`.
fn help(path: &[&str]) -> String {
    let mut args: Vec<&str> = path.to_vec();
    args.push("--help");
    let o = indsats(&args);
    let (out, err) = text(&o);
    assert_eq!(o.status.code(), Some(0), "indsats {path:?} --help: {err}");
    out
}

/// The subcommands a help text lists under `Commands:` (without clap's `help`).
fn subcommands(help: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut inside = false;
    for line in help.lines() {
        if line == "Commands:" {
            inside = true;
            continue;
        }
        if !inside {
            continue;
        }
        if line.trim().is_empty() {
            break;
        }
        // a command line is indented by exactly two spaces; wrapped descriptions by more
        if line.starts_with("  ") && !line.starts_with("   ") {
            let name = line.split_whitespace().next().unwrap_or("");
            if name != "help" {
                out.push(name.to_string());
            }
        }
    }
    out
}

/// The long flags a help text lists as options (`--data <DATA>`, `-h, --help`, `--replace`).
fn flags(help: &str) -> Vec<String> {
    let mut out = Vec::new();
    for line in help.lines() {
        let indent = line.len() - line.trim_start().len();
        if !(2..=6).contains(&indent) {
            continue;
        }
        let t = line.trim_start();
        let t = match t.strip_prefix('-') {
            Some(rest) if rest.len() > 3 && rest.as_bytes()[1] == b',' => rest[2..].trim_start(),
            _ => t,
        };
        if let Some(rest) = t.strip_prefix("--") {
            let name: String = rest
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
                .collect();
            if !name.is_empty() {
                out.push(format!("--{name}"));
            }
        }
    }
    out
}

/// The possible values of a positional argument (`<WHAT> ... [possible values: a, b]`): a
/// command such as `staircase` whose first argument picks what it computes is documented
/// under one heading per value.
fn positional_values(help: &str) -> Vec<String> {
    let Some(args) = help.split("Arguments:").nth(1) else {
        return Vec::new();
    };
    let args = args.split("Options:").next().unwrap_or("");
    args.lines()
        .filter_map(|l| l.trim().strip_prefix("[possible values: "))
        .flat_map(|v| v.trim_end_matches(']').split(", ").map(str::to_string))
        .collect()
}

/// Every leaf command, as the words after `indsats`, with its help text.
fn leaves() -> Vec<(String, String)> {
    fn walk(path: Vec<String>, out: &mut Vec<(String, String)>) {
        let p: Vec<&str> = path.iter().map(String::as_str).collect();
        let h = help(&p);
        let subs = subcommands(&h);
        if subs.is_empty() {
            let values = positional_values(&h);
            if values.is_empty() {
                out.push((path.join(" "), h));
            } else {
                for v in values {
                    out.push((format!("{} {v}", path.join(" ")), h.clone()));
                }
            }
        } else {
            for s in subs {
                let mut q = path.clone();
                q.push(s);
                walk(q, out);
            }
        }
    }
    let mut out = Vec::new();
    walk(Vec::new(), &mut out);
    out
}

/// The sections of docs/cli.md by heading: `### `indsats estimate psm`` → its text.
fn doc_sections() -> BTreeMap<String, String> {
    let doc = include_str!("../docs/cli.md");
    let mut out = BTreeMap::new();
    let mut current: Option<(String, String)> = None;
    for line in doc.lines() {
        if line.starts_with("## ") || line.starts_with("### ") {
            if let Some((k, v)) = current.take() {
                out.insert(k, v);
            }
            if let Some(name) = line
                .strip_prefix("### `indsats ")
                .and_then(|r| r.strip_suffix('`'))
            {
                current = Some((name.to_string(), String::new()));
            }
            continue;
        }
        if let Some((_, body)) = current.as_mut() {
            body.push_str(line);
            body.push('\n');
        }
    }
    if let Some((k, v)) = current {
        out.insert(k, v);
    }
    out
}

#[test]
fn help_walk_finds_the_known_commands_and_flags() {
    // the parsers below are what the other tests rely on: they must see the real tree
    let names: Vec<String> = leaves().into_iter().map(|(n, _)| n).collect();
    for known in [
        "report",
        "validate",
        "estimate psm",
        "estimate its",
        "estimate staggered-did",
        "survival cox",
        "staircase mix",
        "economics business-case",
        "datasets export",
    ] {
        assert!(names.iter().any(|n| n == known), "{known} not in {names:?}");
    }
    let f = flags(&help(&["survival", "cox"]));
    for known in [
        "--data", "--time", "--event", "--ties", "--zph", "--robust", "--help",
    ] {
        assert!(f.iter().any(|x| x == known), "{known} not in {f:?}");
    }
    // short help (description on the flag's line) is read too
    let f = flags(&help(&["simulate"]));
    assert!(f.iter().any(|x| x == "--persons"), "{f:?}");
}

#[test]
fn every_subcommand_has_a_heading_in_docs_cli_md() {
    let sections = doc_sections();
    let missing: Vec<String> = leaves()
        .into_iter()
        .map(|(n, _)| n)
        .filter(|n| !sections.contains_key(n))
        .collect();
    assert!(
        missing.is_empty(),
        "docs/cli.md has no `### `indsats …`` heading for: {missing:?}"
    );
}

#[test]
fn every_flag_in_help_appears_in_its_section_of_docs_cli_md() {
    let sections = doc_sections();
    let mut missing = Vec::new();
    for (name, h) in leaves() {
        let Some(body) = sections.get(&name) else {
            continue; // reported by the heading test
        };
        for f in flags(&h) {
            if !body.contains(&format!("`{f}`")) {
                missing.push(format!("{name}: {f}"));
            }
        }
    }
    assert!(
        missing.is_empty(),
        "flags listed by --help but not in their docs/cli.md section: {missing:?}"
    );
}

#[test]
fn docs_cli_md_documents_no_command_that_does_not_exist() {
    let known: Vec<String> = leaves().into_iter().map(|(n, _)| n).collect();
    let stale: Vec<String> = doc_sections()
        .into_keys()
        .filter(|k| !known.contains(k))
        .collect();
    assert!(
        stale.is_empty(),
        "docs/cli.md documents commands the binary does not know: {stale:?}"
    );
}
