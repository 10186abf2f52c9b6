//! Writing the municipality as CSV files and truth.json.

use super::municipality::{Municipality, FILES};
use crate::data::{Provider, Sex};
use crate::error::{Error, Result};
use chrono::{Datelike, NaiveDate};
use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::Path;

fn write_date<W: Write>(w: &mut W, d: NaiveDate) -> io::Result<()> {
    write!(w, "{:04}-{:02}-{:02}", d.year(), d.month(), d.day())
}

/// Writes a text field, quoted when it holds a comma, quote or line break.
fn write_text<W: Write>(w: &mut W, s: &str) -> io::Result<()> {
    if s.contains([',', '"', '\n', '\r']) {
        write!(w, "\"{}\"", s.replace('"', "\"\""))
    } else {
        w.write_all(s.as_bytes())
    }
}

fn create(dir: &Path, name: &str) -> Result<(BufWriter<File>, std::path::PathBuf)> {
    let path = dir.join(name);
    let f = File::create(&path).map_err(|e| Error::io(&path, e))?;
    Ok((BufWriter::with_capacity(1 << 20, f), path))
}

fn finish(mut w: BufWriter<File>, path: &Path, r: io::Result<()>) -> Result<()> {
    r.and_then(|_| w.flush()).map_err(|e| Error::io(path, e))
}

pub(crate) fn write_dir(m: &Municipality, dir: &Path) -> Result<()> {
    std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;

    let (mut w, path) = create(dir, FILES[0])?;
    let r = (|| {
        writeln!(
            w,
            "person_id,birth_date,sex,district,risk_score,parental_education,single_parent,programme,programme_start"
        )?;
        for (p, start) in m.persons.rows.iter().zip(&m.programme_start) {
            write_text(&mut w, &p.person_id)?;
            w.write_all(b",")?;
            if let Some(d) = p.birth_date {
                write_date(&mut w, d)?;
            }
            let sex = match p.sex {
                Some(Sex::Female) => "f",
                Some(Sex::Male) => "m",
                None => "",
            };
            write!(w, ",{sex},")?;
            write_text(&mut w, p.district.as_deref().unwrap_or(""))?;
            let c = |k: usize| p.covariates[k].unwrap_or(f64::NAN);
            write!(w, ",{:.3},{},{},{},", c(0), c(1), c(2), c(3))?;
            if let Some(d) = start {
                write_date(&mut w, *d)?;
            }
            w.write_all(b"\n")?;
        }
        Ok(())
    })();
    finish(w, &path, r)?;

    let (mut w, path) = create(dir, FILES[1])?;
    let r = (|| {
        writeln!(w, "person_id,measure,level,legal_basis,provider,start_date,end_date,end_reason,daily_cost")?;
        for e in &m.episodes.rows {
            write_text(&mut w, &e.person_id)?;
            w.write_all(b",")?;
            write_text(&mut w, &e.measure)?;
            w.write_all(b",")?;
            write_text(&mut w, &e.level)?;
            w.write_all(b",")?;
            write_text(&mut w, e.legal_basis.as_deref().unwrap_or(""))?;
            let provider = match e.provider {
                Some(Provider::Own) => "own",
                Some(Provider::External) => "external",
                None => "",
            };
            write!(w, ",{provider},")?;
            write_date(&mut w, e.start_date)?;
            w.write_all(b",")?;
            if let Some(d) = e.end_date {
                write_date(&mut w, d)?;
            }
            write!(w, ",{},", e.end_reason.map(|r| r.code()).unwrap_or(""))?;
            if let Some(c) = e.daily_cost {
                write!(w, "{c:.2}")?;
            }
            w.write_all(b"\n")?;
        }
        Ok(())
    })();
    finish(w, &path, r)?;

    let (mut w, path) = create(dir, FILES[2])?;
    let r = (|| {
        w.write_all(b"person_id,date,instrument,informant,session")?;
        for name in &m.assessments.item_names {
            write!(w, ",{name}")?;
        }
        w.write_all(b"\n")?;
        // ORS and SRS items carry one decimal; the others are whole numbers
        let decimal: Vec<bool> = m
            .assessments
            .item_names
            .iter()
            .map(|n| n.starts_with("ors") || n.starts_with("srs"))
            .collect();
        for a in &m.assessments.rows {
            write_text(&mut w, &a.person_id)?;
            w.write_all(b",")?;
            write_date(&mut w, a.date)?;
            w.write_all(b",")?;
            write_text(&mut w, &a.instrument)?;
            w.write_all(b",")?;
            write_text(&mut w, a.informant.as_deref().unwrap_or(""))?;
            w.write_all(b",")?;
            if let Some(s) = a.session {
                write!(w, "{s}")?;
            }
            for (v, &dec) in a.items.iter().zip(&decimal) {
                match (v, dec) {
                    (Some(x), true) => write!(w, ",{x:.1}")?,
                    (Some(x), false) => write!(w, ",{}", *x as i64)?,
                    (None, _) => w.write_all(b",")?,
                }
            }
            w.write_all(b"\n")?;
        }
        Ok(())
    })();
    finish(w, &path, r)?;

    let (mut w, path) = create(dir, FILES[3])?;
    let r = (|| {
        writeln!(w, "month,measure,person_id,amount")?;
        for c in &m.costs.rows {
            write!(w, "{},", c.month)?;
            write_text(&mut w, &c.measure)?;
            w.write_all(b",")?;
            write_text(&mut w, c.person_id.as_deref().unwrap_or(""))?;
            writeln!(w, ",{:.2}", c.amount)?;
        }
        Ok(())
    })();
    finish(w, &path, r)?;

    let (mut w, path) = create(dir, FILES[4])?;
    let r = (|| {
        writeln!(w, "person_id,date,outcome,value")?;
        for o in &m.outcomes.rows {
            write_text(&mut w, &o.person_id)?;
            w.write_all(b",")?;
            write_date(&mut w, o.date)?;
            w.write_all(b",")?;
            write_text(&mut w, &o.outcome)?;
            writeln!(w, ",{}", o.value)?;
        }
        Ok(())
    })();
    finish(w, &path, r)?;

    let (mut w, path) = create(dir, FILES[5])?;
    let r = (|| {
        writeln!(w, "municipality,year,spending_per_child,children,treated")?;
        for p in &m.panel {
            write_text(&mut w, &p.municipality)?;
            writeln!(
                w,
                ",{},{:.2},{},{}",
                p.year, p.spending_per_child, p.children, p.treated as u8
            )?;
        }
        Ok(())
    })();
    finish(w, &path, r)?;

    let (mut w, path) = create(dir, FILES[6])?;
    let r = (|| {
        writeln!(
            w,
            "district,year,first_treated,pupils,respondents,wellbeing"
        )?;
        for s in &m.survey {
            write_text(&mut w, &s.district)?;
            write!(
                w,
                ",{},{},{},{},",
                s.year, s.first_treated, s.pupils, s.respondents
            )?;
            if let Some(v) = s.wellbeing {
                write!(w, "{v:.3}")?;
            }
            writeln!(w)?;
        }
        Ok(())
    })();
    finish(w, &path, r)?;

    let (mut w, path) = create(dir, FILES[7])?;
    let r = serde_json::to_writer_pretty(&mut w, &m.truth)
        .map_err(io::Error::other)
        .and_then(|_| w.write_all(b"\n"));
    finish(w, &path, r)
}
