//! The report's staggered difference-in-differences (`[[effect_over_time]] design =
//! "staggered_did"`): a yearly district panel in the schema of the school survey
//! (`district,year,first_treated,pupils,respondents,wellbeing`) with a planted effect,
//! against `StaggeredDid` run here on the same rows; a cohort of one district, no
//! never-treated district, heterogeneous effects that make TWFE disagree; bad plans and bad
//! panels; the CLI. Then `design = "event_study"` on the same panel against `EventStudy`.

use chrono::NaiveDate;
use indsats::data::{Costs, Dataset, ValidationReport};
use indsats::effects::{ControlGroup, StaggeredDid, StaggeredFit, StaggeredPanel};
use indsats::plan::{EffectOverTimeSection, Plan, StaggeredControl, TimeDesign};
use indsats::report::{build_report, Block, Report, ReportOptions, Section};
use indsats::staircase::Staircase;
use indsats::summary::Cell;
use indsats::Lang;
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use rand_distr::{Distribution, Normal};
use std::path::Path;

const SECTION: &str = "effect_over_time_staggered_did";
const TABLE: &str = "effect-over-time-staggered-did-event";
const CHART: &str = "chart-effect-over-time-staggered-did-event";

/// One row of the survey panel.
#[derive(Debug, Clone)]
struct Row {
    district: String,
    year: i64,
    first_treated: i64,
    wellbeing: f64,
}

/// The planted effect e years after the start: 0.05 in the first treated year, 0.10 after
/// (`dynamic`: 0.05 × (e + 1), growing every year).
fn planted(e: i64, dynamic: bool) -> f64 {
    match (e, dynamic) {
        (e, _) if e < 0 => 0.0,
        (e, true) => 0.05 * (e + 1) as f64,
        (0, false) => 0.05,
        (_, false) => 0.10,
    }
}

/// Districts D01…, years 2015–2024: `cohorts[k]` is district k's first treated year (0
/// never); well-being = district level + year effect + planted effect + N(0, 0.03²) noise
/// (seed 20241123; about the sampling error of a mean of 300 answers on the 1–5 scale).
fn survey(cohorts: &[i64], dynamic: bool) -> Vec<Row> {
    let mut rng = ChaCha8Rng::seed_from_u64(20_241_123);
    let noise = Normal::new(0.0, 0.03).unwrap();
    let mut rows = Vec::new();
    for (k, &g) in cohorts.iter().enumerate() {
        let level = 3.70 + 0.04 * (k % 5) as f64 + 0.01 * k as f64;
        for year in 2015..=2024 {
            let t = (year - 2015) as f64;
            let year_effect = 0.015 * t + if year % 2 == 0 { 0.02 } else { -0.01 };
            let effect = if g > 0 {
                planted(year - g, dynamic)
            } else {
                0.0
            };
            rows.push(Row {
                district: format!("D{:02}", k + 1),
                year,
                first_treated: g,
                wellbeing: level + year_effect + effect + noise.sample(&mut rng),
            });
        }
    }
    rows
}

/// 40 districts: 5 start in 2018, 5 in 2020, 5 in 2022, 25 never.
const COHORTS: [i64; 40] = [
    2018, 2018, 2018, 2018, 2018, 2020, 2020, 2020, 2020, 2020, 2022, 2022, 2022, 2022, 2022, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
];

/// 12 districts: 2 start in 2018, 2 in 2020, 2 in 2022, 6 never — too few for the
/// pre-test's 12 pre-start cells (their covariance is singular, as in R's did).
const SMALL: [i64; 12] = [2018, 2018, 2020, 2020, 2022, 2022, 0, 0, 0, 0, 0, 0];

/// The planted simple ATT: the mean over the 15 post cells (equal cohort sizes) of
/// 0.05 + 0.10 × (cells after the first): (0.65 + 0.45 + 0.25) / 15.
const PLANTED_SIMPLE: f64 = 0.09;

fn csv(rows: &[Row]) -> String {
    let mut s = String::from("district,year,first_treated,pupils,respondents,wellbeing\n");
    for (i, r) in rows.iter().enumerate() {
        s.push_str(&format!(
            "{},{},{},{},{},{:.6}\n",
            r.district,
            r.year,
            r.first_treated,
            400 + (i % 7) * 13,
            300 + (i % 5) * 11,
            r.wellbeing
        ));
    }
    s
}

/// `StaggeredDid` on the rows as written to the CSV (six decimals), as the section fits it.
fn direct(rows: &[Row], control: ControlGroup) -> StaggeredFit {
    let panel = StaggeredPanel {
        outcome: "wellbeing".into(),
        id: rows.iter().map(|r| r.district.clone()).collect(),
        time: rows.iter().map(|r| r.year as f64).collect(),
        cohort: rows.iter().map(|r| r.first_treated as f64).collect(),
        y: rows
            .iter()
            .map(|r| format!("{:.6}", r.wellbeing).parse().unwrap())
            .collect(),
        ..Default::default()
    };
    StaggeredDid::new()
        .control(control)
        .bootstrap(Some(999))
        .seed(1)
        .fit(&panel)
        .unwrap()
}

/// A number as the report writes it in `lang`: `0,091`, `-0.004`.
fn number(v: f64, decimals: usize, lang: Lang) -> String {
    let s = format!("{:.*}", decimals, v.abs());
    let s = match lang {
        Lang::Da => s.replace('.', ","),
        Lang::En => s,
    };
    if v < 0.0 && s.chars().any(|c| c.is_ascii_digit() && c != '0') {
        format!("-{s}")
    } else {
        s
    }
}

/// The section's decimals: to the first digit of the simple ATT's standard error.
fn decimals(fit: &StaggeredFit) -> usize {
    (-fit.std_error.unwrap().log10().floor()).clamp(0.0, 4.0) as usize
}

fn plan_text(extra: &str) -> String {
    format!(
        "[report]\ntitle = \"x\"\nmunicipality = \"y\"\n[data]\ncosts = {{ file = \"c.csv\" }}\n\
         [intervention]\nname = \"Trivselsindsatsen\"\n\
         [[effect_over_time]]\ndesign = \"staggered_did\"\n\
         panel = {{ file = \"school_survey.csv\" }}\noutcome = \"wellbeing\"\n{extra}"
    )
}

fn plan(dir: &Path, extra: &str) -> Result<Plan, indsats::Error> {
    Plan::from_toml_str(&plan_text(extra), "plan.toml", dir)
}

/// An empty municipality: the section needs only its panel.
fn data() -> Dataset {
    Dataset {
        persons: Default::default(),
        episodes: Default::default(),
        assessments: Default::default(),
        costs: Costs { rows: Vec::new() },
        outcomes: Default::default(),
        staircase: Staircase::danish_default(),
        start: NaiveDate::from_ymd_opt(2015, 1, 1).unwrap(),
        cutoff: NaiveDate::from_ymd_opt(2024, 12, 31).unwrap(),
        validation: ValidationReport::default(),
    }
}

/// The report of `rows` under the plan's block with `extra` keys, in `lang`.
fn report(rows: &[Row], extra: &str, lang: Lang) -> (Report, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("school_survey.csv"), csv(rows)).unwrap();
    let plan = plan(dir.path(), extra).unwrap();
    let mut opts = ReportOptions::from_plan(&plan);
    opts.lang = lang;
    (build_report(&data(), &opts).unwrap(), dir)
}

fn paragraphs(s: &Section) -> Vec<String> {
    s.blocks
        .iter()
        .filter_map(|b| match b {
            Block::Paragraph { text } => Some(text.clone()),
            _ => None,
        })
        .collect()
}

fn list_items(s: &Section) -> Vec<String> {
    s.blocks
        .iter()
        .filter_map(|b| match b {
            Block::List { items } => Some(items.clone()),
            _ => None,
        })
        .flatten()
        .collect()
}

fn text(c: &Cell) -> String {
    match c {
        Cell::Text(s) => s.clone(),
        c => panic!("not text: {c:?}"),
    }
}

#[test]
fn the_planted_effect_is_recovered_and_the_simple_att_covers_it() {
    let rows = survey(&COHORTS, false);
    let fit = direct(&rows, ControlGroup::NeverTreated);
    let ci = fit.ci.unwrap();
    assert!(
        ci[0] <= PLANTED_SIMPLE && PLANTED_SIMPLE <= ci[1],
        "{ci:?} misses {PLANTED_SIMPLE}"
    );
    assert!(
        (fit.estimate - PLANTED_SIMPLE).abs() < 0.01,
        "{}",
        fit.estimate
    );
    for e in &fit.event_study {
        assert!(
            (e.att - planted(e.relative_time, false)).abs() < 4.0 * e.std_error,
            "e = {}: {} against {}",
            e.relative_time,
            e.att,
            planted(e.relative_time, false)
        );
    }
    // no difference is planted before the start, yet with 5 districts per start year the
    // pre-test rejects (its known small-sample size: see the next tests)
    let pretest = fit.pretest.unwrap();
    assert!(pretest.p_value < 0.05 && pretest.df == 12, "{pretest:?}");
    // equal effects across cohorts: TWFE agrees, no warning about it
    assert!(!fit.twfe.as_ref().unwrap().outside_ci);
}

#[test]
fn the_section_shows_the_fit_in_danish_and_english() {
    let rows = survey(&COHORTS, false);
    let fit = direct(&rows, ControlGroup::NeverTreated);
    let d = decimals(&fit);
    assert_eq!(d, 3, "the fixture's SE gives three decimals");
    let ci = fit.ci.unwrap();
    let p = fit.pretest.unwrap().p_value;
    for lang in [Lang::Da, Lang::En] {
        let (r, _dir) = report(
            &rows,
            "outcome_unit = \"point\"\nbootstrap = 999\nseed = 1\n",
            lang,
        );
        let s = r.section(SECTION).expect("the section is in the report");
        let ps = paragraphs(s);
        let n = |v: f64| number(v, d, lang);
        // the lead: the simple ATT and its CI, said as not chance (the CI excludes 0)
        let lead = &ps[1];
        let (words, sure) = match lang {
            Lang::Da => (
                format!(
                    "{} point højere i distrikterne i årene efter deres start, end sammenligningen tilsiger uden Trivselsindsatsen (95 % konfidensinterval {} til {})",
                    n(fit.estimate),
                    n(ci[0]),
                    n(ci[1])
                ),
                "næppe tilfældig",
            ),
            Lang::En => (
                format!(
                    "{} point higher in the districts in the years after they started than the comparison suggests without Trivselsindsatsen (95% confidence interval {} to {})",
                    n(fit.estimate),
                    n(ci[0]),
                    n(ci[1])
                ),
                "unlikely to be chance",
            ),
        };
        assert!(
            lead.contains(&words) && lead.contains(sure),
            "{lead}\n{words}"
        );
        // "in brief" carries the lead, with the randomization test's verdict in one sentence
        // (the section has it in full)
        let core = lead
            .split(" Fordeles startårene")
            .next()
            .unwrap()
            .split(" If the start years")
            .next()
            .unwrap();
        assert!(lead.contains("randomi"), "{lead}");
        assert!(
            paragraphs(r.section("summary").unwrap())
                .iter()
                .any(|p| p.starts_with(core) && p.contains("randomi") && p.len() < lead.len()),
            "{core}"
        );
        // the cohorts and the never-treated
        let cohorts = match lang {
            Lang::Da => "Distrikterne startede i 3 forskellige år: 5 distrikter i 2018, 5 distrikter i 2020 og 5 distrikter i 2022. 25 distrikter fik ikke Trivselsindsatsen i perioden.",
            Lang::En => "The districts started in 3 different years: 5 districts in 2018, 5 districts in 2020 and 5 districts in 2022. 25 districts did not have Trivselsindsatsen during the period.",
        };
        assert_eq!(ps[2], cohorts);
        // the pre-test, in plain words: the Wald test rejects (p < 0.001) though nothing
        // differed before the start, which is why the section reads the randomization test
        // (it does not reject) and says so; without it (permutations = 0) the section says
        // the Wald test is unreliable with 5 districts per start year
        assert!(p < 0.001);
        let ok = match lang {
            Lang::Da => "Der er altså ingen tegn på, at distrikterne udviklede sig anderledes, før de startede.",
            Lang::En => "So there is no sign that the districts developed differently before they started.",
        };
        assert!(
            ps[3].contains("randomi") && ps[3].ends_with(ok),
            "{}",
            ps[3]
        );
        let (r0, _dir0) = report(&rows, "permutations = 0\n", lang);
        let ps0 = paragraphs(r0.section(SECTION).unwrap());
        let pre = match lang {
            Lang::Da => "p = < 0,001). Distrikterne var altså forskellige, før de startede, så skønnet over effekten er tvivlsomt. Testen er dog upålidelig med så få distrikter pr. startår (det mindste har 5)",
            Lang::En => "p = < 0.001). So the districts differed before they started, and the estimate of the effect is doubtful. The test is unreliable with so few districts per start year, though (the smallest has 5)",
        };
        assert!(ps0[3].contains(pre), "{}\n{pre}", ps0[3]);
        // no TWFE paragraph: it agrees here
        assert!(!ps
            .iter()
            .any(|p| p.contains("faste effekter for distrikt og år")
                || p.contains("fixed effects for district and year")));
        // the table: every event time with estimate, CI and band
        let table = r.table(TABLE).unwrap();
        assert_eq!(table.rows.len(), fit.event_study.len());
        assert_eq!(table.columns.len(), 4);
        let to = if lang == Lang::Da { "til" } else { "to" };
        for (row, e) in table.rows.iter().zip(&fit.event_study) {
            let band = e.uniform_ci.unwrap();
            assert_eq!(
                row.cells.iter().map(text).collect::<Vec<_>>(),
                vec![
                    e.relative_time.to_string(),
                    n(e.att),
                    format!("{} {to} {}", n(e.ci[0]), n(e.ci[1])),
                    format!("{} {to} {}", n(band[0]), n(band[1])),
                ]
            );
            // the simultaneous band is wider than the pointwise interval
            assert!(band[0] < e.ci[0] && band[1] > e.ci[1]);
        }
        assert_eq!(
            fit.event_study.first().unwrap().relative_time,
            -6,
            "2022's cohort has 6 years before"
        );
        assert_eq!(fit.event_study.last().unwrap().relative_time, 6);
        // the chart: the event study with the bands, tied to the table
        let chart = r.charts().find(|c| c.id == CHART).unwrap();
        assert_eq!(chart.data_table.as_deref(), Some(TABLE));
        assert!(chart.svg.starts_with("<svg") && chart.svg.contains(&format!("{CHART}-title")));
        let title = match lang {
            Lang::Da => "Effekten på wellbeing år for år fra starten",
            Lang::En => "The effect on wellbeing year by year from the start",
        };
        assert!(chart.svg.contains(title), "{title}");
        assert_eq!(chart.categories.len(), fit.event_study.len());
        assert_eq!(
            chart.series[1].values[0],
            Some(fit.event_study[0].uniform_ci.unwrap()[0])
        );
        // the method: Callaway & Sant'Anna, did and csdid, the bootstrap's settings
        let defs = s
            .blocks
            .iter()
            .find_map(|b| match b {
                Block::Definitions { items } => Some(items.clone()),
                _ => None,
            })
            .unwrap();
        let all: String = defs.iter().map(|d| d.text.clone()).collect();
        assert!(all.contains("Callaway") && all.contains("csdid") && all.contains("did"));
        assert!(all.contains("999") && all.contains("seed 1"), "{all}");
        // the HTML carries it
        let html = r.to_html();
        assert!(html.contains(&format!("id=\"{CHART}\"")));
        let json = serde_json::to_string(s).unwrap();
        for word in json.split(|c: char| !c.is_alphanumeric()) {
            assert!(
                !matches!(word, "NaN" | "nan" | "inf" | "Inf" | "infinity"),
                "{word}"
            );
        }
    }
}

#[test]
fn the_bootstrap_seed_and_control_group_reach_the_fit() {
    let rows = survey(&COHORTS, false);
    let fit = direct(&rows, ControlGroup::NotYetTreated);
    let (r, _dir) = report(&rows, "control = \"not_yet\"\n", Lang::En);
    let s = r.section(SECTION).unwrap();
    let d = decimals(&fit);
    assert!(paragraphs(s)[1].contains(&number(fit.estimate, d, Lang::En)));
    assert!(paragraphs(s)[0].contains(
        "each district is compared year by year with the districts that had not started yet"
    ));
    let band = fit.event_study[0].uniform_ci.unwrap();
    let cells = &r.table(TABLE).unwrap().rows[0].cells;
    assert_eq!(
        text(&cells[3]),
        format!(
            "{} to {}",
            number(band[0], d, Lang::En),
            number(band[1], d, Lang::En)
        )
    );
    // another seed: another band (the bootstrap is the fit's)
    let (other, _dir) = report(&rows, "control = \"not_yet\"\nseed = 7\n", Lang::En);
    assert_ne!(
        text(&other.table(TABLE).unwrap().rows[0].cells[3]),
        text(&cells[3])
    );
}

#[test]
fn a_cohort_of_one_district_says_the_intervals_are_too_narrow() {
    // one district starts in 2018, one in 2020, two in 2022
    let cohorts = [2018, 2020, 2022, 2022, 0, 0, 0, 0, 0, 0];
    let rows = survey(&cohorts, false);
    let fit = direct(&rows, ControlGroup::NeverTreated);
    assert!(fit.warnings.iter().any(|w| w.contains("one unit each")));
    // one such start year: said in the singular
    let one = survey(&[2018, 2018, 2020, 2020, 2022, 0, 0, 0, 0, 0, 0, 0], false);
    let (r, _dir) = report(&one, "", Lang::En);
    assert!(list_items(r.section(SECTION).unwrap())
        .iter()
        .any(|i| i
            .starts_with("Start year 2022 has a single district: the uncertainty is understated")));
    for (lang, lead, item) in [
        (
            Lang::Da,
            "kun ét distrikt, så intervallet er for smalt",
            "Startår 2018 og 2020 har kun ét distrikt hver: usikkerheden er undervurderet, og intervallerne er for smalle.",
        ),
        (
            Lang::En,
            "a single district, so the interval is too narrow",
            "Start years 2018 and 2020 have a single district each: the uncertainty is understated and the intervals are too narrow.",
        ),
    ] {
        let (r, _dir) = report(&rows, "", lang);
        let s = r.section(SECTION).unwrap();
        let ps = paragraphs(s);
        assert!(ps[1].contains(lead), "{}", ps[1]);
        assert!(
            ps[2].contains(if lang == Lang::Da {
                "1 distrikt i 2018, 1 distrikt i 2020 og 2 distrikter i 2022"
            } else {
                "1 district in 2018, 1 district in 2020 and 2 districts in 2022"
            }),
            "{}",
            ps[2]
        );
        let items = list_items(s);
        assert!(items.iter().any(|i| i.starts_with(item)), "{items:?}");
        // every warning is in the report's language: none passed through in English
        assert!(!items.iter().any(|i| i.contains("estimation warns")
            || i.contains("advarer (på engelsk)")));
    }
}

#[test]
fn no_never_treated_district_under_control_never_says_so_and_not_yet_estimates() {
    // every district starts: 2018, 2020 or 2022
    let cohorts = [2018, 2018, 2018, 2020, 2020, 2020, 2022, 2022, 2022];
    let rows = survey(&cohorts, false);
    for (lang, words) in [
        (Lang::Da, "sæt control = \"not_yet\" i planen"),
        (Lang::En, "set control = \"not_yet\" in the plan"),
    ] {
        let (r, _dir) = report(&rows, "", lang);
        let s = r.section(SECTION).unwrap();
        let ps = paragraphs(s);
        assert_eq!(ps.len(), 1, "{ps:?}");
        assert!(
            ps[0].contains(words) && ps[0].contains("Trivselsindsatsen"),
            "{}",
            ps[0]
        );
        assert!(r.table(TABLE).is_none());
    }
    // the not-yet-treated comparison estimates, and says what it left out
    let fit = direct(&rows, ControlGroup::NotYetTreated);
    let (r, _dir) = report(&rows, "control = \"not_yet\"\n", Lang::Da);
    let s = r.section(SECTION).unwrap();
    assert!(paragraphs(s)[1].contains(&number(fit.estimate.abs(), decimals(&fit), Lang::Da)));
    assert!(paragraphs(s)[2].contains("Alle distrikter fik Trivselsindsatsen"));
    assert!(
        list_items(s)
            .iter()
            .any(|i| i
                .starts_with("Intet distrikt er uden indsatsen i hele perioden: årene fra 2022")),
        "{:?}",
        list_items(s)
    );
}

#[test]
fn effects_that_grow_over_time_make_twfe_disagree_and_the_section_says_why() {
    // early starters carry large, growing effects: TWFE compares later starters with them
    let cohorts = [2016, 2016, 2016, 2016, 2021, 2021, 0, 0];
    let rows = survey(&cohorts, true);
    let fit = direct(&rows, ControlGroup::NeverTreated);
    let tw = fit.twfe.clone().unwrap();
    assert!(tw.outside_ci, "{tw:?} against {:?}", fit.ci);
    for (lang, words) in [
        (Lang::Da, "uden for intervallet ovenfor"),
        (Lang::En, "outside the interval above"),
    ] {
        let (r, _dir) = report(&rows, "", lang);
        let ps = paragraphs(r.section(SECTION).unwrap());
        let p = ps
            .iter()
            .find(|p| p.contains(words))
            .expect("the TWFE paragraph");
        assert!(
            p.contains(&number(tw.estimate, decimals(&fit), lang)),
            "{p}"
        );
        assert!(p.contains(&format!(
            "{} {} {}",
            tw.negative_weight_cells,
            if lang == Lang::Da { "af" } else { "of" },
            tw.treated_cells
        )));
    }
}

#[test]
fn a_staggered_plan_reads_with_its_defaults() {
    let dir = tempfile::tempdir().unwrap();
    let p = plan(dir.path(), "").unwrap();
    let o = &p.effect_over_time[0];
    assert_eq!(o.design, TimeDesign::StaggeredDid);
    assert_eq!(
        (o.unit_column(), o.time_column(), o.cohort_column()),
        ("district", "year", "first_treated")
    );
    assert_eq!(o.control_units(), StaggeredControl::Never);
    assert_eq!((o.bootstrap_replicates(), o.bootstrap_seed()), (999, 1));
    assert_eq!(
        o,
        &EffectOverTimeSection::staggered_did("school_survey.csv", "wellbeing")
    );
    let p = plan(
        dir.path(),
        "unit = \"skoledistrikt\"\ntime = \"aar\"\ncohort = \"start\"\ncontrol = \"not_yet\"\nbootstrap = 99\nseed = 5\n",
    )
    .unwrap();
    let o = &p.effect_over_time[0];
    assert_eq!(
        (o.unit_column(), o.time_column(), o.cohort_column()),
        ("skoledistrikt", "aar", "start")
    );
    assert_eq!(o.control_units(), StaggeredControl::NotYet);
    assert_eq!(o.control_units().group(), ControlGroup::NotYetTreated);
    assert_eq!((o.bootstrap_replicates(), o.bootstrap_seed()), (99, 5));
}

#[test]
fn a_bad_staggered_block_is_a_plan_error_naming_the_key() {
    let base =
        "[report]\ntitle = \"x\"\nmunicipality = \"y\"\n[data]\ncosts = { file = \"c.csv\" }\n\
                [[effect_over_time]]\ndesign = \"staggered_did\"\n";
    let full = "panel = { file = \"p.csv\" }\noutcome = \"wellbeing\"\n";
    for (block, words) in [
        ("outcome = \"wellbeing\"\n", "needs the panel of districts"),
        ("panel = { file = \"p.csv\" }\n", "needs outcome"),
        (&format!("{full}treated_unit = \"D01\"\n"), "effect_over_time.treated_unit belongs to design = \"synth\""),
        (&format!("{full}treatment_time = 2018\n"), "effect_over_time.treatment_time belongs to design = \"synth\""),
        (&format!("{full}interruption = \"2018-01\"\n"), "effect_over_time.interruption belongs to design = \"its\""),
        (&format!("{full}control = \"sometimes\"\n"), "unknown variant `sometimes`"),
        (&format!("{full}bootstrap = 1\n"), "effect_over_time.bootstrap must be at least 2"),
        (&format!("{full}cohort = \" \"\n"), "effect_over_time.cohort is empty"),
        (&format!("{full}cohort = \"wellbeing\"\n"), "effect_over_time.cohort and effect_over_time.outcome both name the column \"wellbeing\""),
        (&format!("{full}unit = \"year\"\n"), "effect_over_time.unit and effect_over_time.time both name"),
        (&format!("{full}seed = -1\n"), "seed must be a whole number"),
        (&format!("{full}bootstrap = \"many\"\n"), "bootstrap must be a whole number"),
        (&format!("{full}cohorts = \"g\"\n"), "cohorts"),
        (
            &full.replace("{ file = \"p.csv\" }", "{ file = \"p.csv\", columns = { year = \"aar\" } }"),
            "not panel.columns",
        ),
    ] {
        let e = Plan::from_toml_str(&format!("{base}{block}"), "plan.toml", Path::new("."))
            .unwrap_err()
            .to_string();
        assert!(e.contains(words) && e.contains("plan.toml"), "{block}: {e}");
    }
    // the design's own keys in the other designs' blocks
    let synth =
        "[report]\ntitle = \"x\"\nmunicipality = \"y\"\n[data]\ncosts = { file = \"c.csv\" }\n\
                 [[effect_over_time]]\ndesign = \"synth\"\npanel = { file = \"p.csv\" }\n\
                 outcome = \"y\"\ntreated_unit = \"a\"\ntreatment_time = 2003\ncohort = \"g\"\n";
    let e = Plan::from_toml_str(synth, "plan.toml", Path::new("."))
        .unwrap_err()
        .to_string();
    assert!(
        e.contains("effect_over_time.cohort belongs to design = \"staggered_did\"")
            && e.contains("synthetic control"),
        "{e}"
    );
    let its = "[report]\ntitle = \"x\"\nmunicipality = \"y\"\n[data]\ncosts = { file = \"c.csv\" }\n\
               [[effect_over_time]]\ndesign = \"its\"\ninterruption = \"2018-01\"\ncontrol = \"never\"\n";
    let e = Plan::from_toml_str(its, "plan.toml", Path::new("."))
        .unwrap_err()
        .to_string();
    assert!(
        e.contains("effect_over_time.control belongs to design = \"staggered_did\""),
        "{e}"
    );
    let its_panel = its.replace("control = \"never\"", "outcome = \"y\"");
    let e = Plan::from_toml_str(&its_panel, "plan.toml", Path::new("."))
        .unwrap_err()
        .to_string();
    assert!(
        e.contains(
            "effect_over_time.outcome belongs to design = \"synth\" and design = \"staggered_did\""
        ),
        "{e}"
    );
}

#[test]
fn a_bad_panel_refuses_the_report_naming_file_row_column_and_value() {
    let rows = survey(&COHORTS, false);
    let good = csv(&rows);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("school_survey.csv");
    let opts = ReportOptions::from_plan(&plan(dir.path(), "").unwrap());
    let refuse = |text: &str| {
        std::fs::write(&path, text).unwrap();
        build_report(&data(), &opts).unwrap_err().to_string()
    };
    // a first-treated year that changes within a district (row 3 is D01's 2016)
    let lines: Vec<&str> = good.lines().collect();
    let mut bad: Vec<String> = lines.iter().map(|l| l.to_string()).collect();
    bad[2] = bad[2].replacen(",2018,", ",2019,", 1);
    let e = refuse(&(bad.join("\n") + "\n"));
    assert!(
        e.contains("school_survey.csv")
            && e.contains("\"first_treated\"")
            && e.contains("\"D01\"")
            && e.contains("2018 in row 2 but 2019 in row 3"),
        "{e}"
    );
    // a year that is not a whole number
    let mut bad: Vec<String> = lines.iter().map(|l| l.to_string()).collect();
    bad[3] = bad[3].replacen("D01,2017,", "D01,2017.5,", 1);
    let e = refuse(&(bad.join("\n") + "\n"));
    assert!(
        e.contains("school_survey.csv")
            && e.contains("row 4")
            && e.contains("\"year\"")
            && e.contains("2017.5"),
        "{e}"
    );
    // a district twice in a year
    let mut bad: Vec<String> = lines.iter().map(|l| l.to_string()).collect();
    bad[3] = bad[2].clone();
    let e = refuse(&(bad.join("\n") + "\n"));
    assert!(
        e.contains("appears twice in year 2016: rows 3 and 4"),
        "{e}"
    );
    // a negative first-treated year
    let mut bad: Vec<String> = lines.iter().map(|l| l.to_string()).collect();
    bad[1] = bad[1].replacen(",2018,", ",-1,", 1);
    let e = refuse(&(bad.join("\n") + "\n"));
    assert!(e.contains("row 2") && e.contains("-1"), "{e}");
    // a missing column: named, with the file
    let e = refuse(&good.replace("first_treated", "start"));
    assert!(
        e.contains("first_treated") && e.contains("school_survey.csv"),
        "{e}"
    );
    // a missing file
    std::fs::remove_file(&path).unwrap();
    let e = build_report(&data(), &opts).unwrap_err().to_string();
    assert!(e.contains("school_survey.csv"), "{e}");
    // an empty cell: the row is left out and counted, the report stands
    let mut holes: Vec<String> = lines.iter().map(|l| l.to_string()).collect();
    let last = holes.len() - 1;
    let cut = holes[last].rfind(',').unwrap();
    holes[last].truncate(cut + 1);
    std::fs::write(&path, holes.join("\n") + "\n").unwrap();
    let r = build_report(&data(), &opts).unwrap();
    let items = list_items(r.section(SECTION).unwrap());
    assert!(
        items
            .iter()
            .any(|i| i.contains("1 rækker i panelet med en tom celle"))
            && items
                .iter()
                .any(|i| i.contains("1 distrikter mangler data")),
        "{items:?}"
    );
    // options built by hand without a panel: an error, not a panic
    let mut bad = opts.clone();
    bad.effect_over_time[0].panel = None;
    let e = build_report(&data(), &bad).unwrap_err().to_string();
    assert!(e.contains("effect_over_time.panel"), "{e}");
}

#[test]
fn the_cli_writes_the_section_to_report_json() {
    use super::common::{indsats, text as output};
    let dir = tempfile::tempdir().unwrap();
    let panel = dir.path().join("school_survey.csv");
    std::fs::write(&panel, csv(&survey(&COHORTS, false))).unwrap();
    let example = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/example_plan.toml");
    let plan = std::fs::read_to_string(example).unwrap().replace(
        "../datasets/",
        &format!("{}/datasets/", env!("CARGO_MANIFEST_DIR")),
    ) + &format!(
        "\n[[effect_over_time]]\ndesign = \"staggered_did\"\npanel = {{ file = \"{}\" }}\n\
         outcome = \"wellbeing\"\noutcome_label = \"trivslen\"\nbootstrap = 199\n",
        panel.display()
    );
    let path = dir.path().join("plan.toml");
    std::fs::write(&path, plan).unwrap();
    let out = dir.path().join("rapport");
    let o = indsats(&[
        "report",
        "--plan",
        path.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{:?}", output(&o));
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("report.json")).unwrap()).unwrap();
    // the example plan has a staggered block of its own: this one is the second
    let second = format!("{SECTION}_2");
    let section = json["sections"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["id"] == second.as_str())
        .expect("report.json holds the section");
    assert_eq!(
        section["heading"],
        "Effekten på trivslen i distrikter, der startede i forskellige år"
    );
    let blocks = section["blocks"].as_array().unwrap();
    let table = blocks
        .iter()
        .find(|b| b["type"] == "table")
        .and_then(|b| b["id"].as_str())
        .expect("a table");
    assert!(
        table.starts_with("effect-over-time-staggered-did"),
        "{table}"
    );
    assert!(blocks
        .iter()
        .any(|b| b["type"] == "chart" && b["data_table"] == table));
    assert!(std::fs::read_to_string(out.join("report.html"))
        .unwrap()
        .contains(CHART));
}

#[test]
fn too_few_districts_for_the_pre_test_say_so_instead_of_a_p_value() {
    let rows = survey(&SMALL, false);
    let fit = direct(&rows, ControlGroup::NeverTreated);
    assert!(fit.pretest.is_none());
    assert!(fit.warnings.iter().any(|w| w.contains("singular")));
    for (lang, words) in [
        (Lang::Da, "testen af årene før starten kan ikke beregnes, fordi der er for få distrikter"),
        (Lang::En, "the test of the years before the start cannot be computed because there are too few districts"),
    ] {
        // without the randomization test (permutations = 0): the analytic pre-test only
        let (r, _dir) = report(&rows, "permutations = 0\n", lang);
        let s = r.section(SECTION).unwrap();
        let ps = paragraphs(s);
        assert!(ps[3].contains(words), "{}", ps[3]);
        assert!(!ps[3].contains("p = "));
        // said once, in the paragraph, not again as a warning
        assert!(!list_items(s).iter().any(|i| i.contains("singular") || i.contains("beregnes")));
        // the estimate is still the fit's
        assert!(ps[1].contains(&number(fit.estimate, decimals(&fit), lang)));
    }
}

#[test]
fn a_large_panel_without_a_difference_before_the_start_passes_the_pre_test_in_plain_words() {
    // 20 districts per start year, 100 never
    let mut cohorts = Vec::new();
    for g in [2018, 2020, 2022] {
        cohorts.extend([g; 20]);
    }
    cohorts.extend([0; 100]);
    let rows = survey(&cohorts, false);
    let fit = direct(&rows, ControlGroup::NeverTreated);
    let p = fit.pretest.unwrap().p_value;
    assert!(p > 0.05, "{p}");
    let ci = fit.ci.unwrap();
    assert!(ci[0] <= PLANTED_SIMPLE && PLANTED_SIMPLE <= ci[1], "{ci:?}");
    for (lang, words) in [
        (Lang::Da, format!("(test af forskellene før starten: p = {}). Der er altså ingen tegn på, at distrikterne udviklede sig anderledes, før de startede.", number(p, 3, Lang::Da))),
        (Lang::En, format!("(test of the differences before the start: p = {}). So there is no sign that the districts developed differently before they started.", number(p, 3, Lang::En))),
    ] {
        let (r, _dir) = report(&rows, "permutations = 0\n", lang);
        let ps = paragraphs(r.section(SECTION).unwrap());
        assert!(ps[3].ends_with(&words), "{}\n{words}", ps[3]);
        assert!(ps[1].contains(&number(fit.estimate, decimals(&fit), lang)));
    }
}

// ---- the TWFE event study (`[[effect_over_time]] design = "event_study"`) ----

const ES_SECTION: &str = "effect_over_time_event_study";
const ES_TABLE: &str = "effect-over-time-event-study";
const ES_CHART: &str = "chart-effect-over-time-event-study";

/// `EventStudy` on the rows as written to the CSV.
fn direct_event_study(
    rows: &[Row],
    bins: (Option<i64>, Option<i64>),
) -> indsats::effects::EventStudyFit {
    use indsats::effects::{EventStudy, Panel};
    let panel = Panel {
        outcome: "wellbeing".into(),
        id: rows.iter().map(|r| r.district.clone()).collect(),
        time: rows.iter().map(|r| r.year as f64).collect(),
        y: rows
            .iter()
            .map(|r| format!("{:.6}", r.wellbeing).parse().unwrap())
            .collect(),
        ..Panel::default()
    };
    let cohort: Vec<f64> = rows.iter().map(|r| r.first_treated as f64).collect();
    EventStudy::new()
        .bin_min(bins.0)
        .bin_max(bins.1)
        .fit(&panel, &cohort)
        .unwrap()
}

/// The report of `rows` with an event-study block with `extra` keys.
fn es_report(rows: &[Row], extra: &str, lang: Lang) -> (Report, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("school_survey.csv"), csv(rows)).unwrap();
    let text = plan_text(extra).replace("design = \"staggered_did\"", "design = \"event_study\"");
    let plan = Plan::from_toml_str(&text, "plan.toml", dir.path()).unwrap();
    let mut opts = ReportOptions::from_plan(&plan);
    opts.lang = lang;
    (build_report(&data(), &opts).unwrap(), dir)
}

/// The event study's randomization pre-trend p-value as the section computes it (199 deals,
/// as the test's plan asks, seed 1).
fn direct_event_study_ri(rows: &[Row]) -> f64 {
    let panel = indsats::effects::Panel {
        outcome: "wellbeing".into(),
        id: rows.iter().map(|r| r.district.clone()).collect(),
        time: rows.iter().map(|r| r.year as f64).collect(),
        y: rows
            .iter()
            .map(|r| format!("{:.6}", r.wellbeing).parse().unwrap())
            .collect(),
        ..Default::default()
    };
    let cohort: Vec<f64> = rows.iter().map(|r| r.first_treated as f64).collect();
    indsats::effects::EventStudy::new()
        .permutations(Some(199))
        .seed(1)
        .fit(&panel, &cohort)
        .unwrap()
        .randomization
        .unwrap()
        .pretrend_p_value
        .unwrap()
}

#[test]
fn the_event_study_section_shows_the_twfe_fit_in_danish_and_english() {
    let rows = survey(&COHORTS, false);
    let fit = direct_event_study(&rows, (None, None));
    let est = fit.estimate.unwrap();
    let ci = fit.ci.unwrap();
    let d = (-fit.std_error.unwrap().log10().floor()).clamp(0.0, 4.0) as usize;
    // equal effects in every cohort: the TWFE event study recovers the planted path
    for e in fit.event_study.iter().filter(|e| !e.reference) {
        assert!(
            (e.estimate - planted(e.relative_time, false)).abs() < 4.0 * e.std_error.unwrap(),
            "{e:?}"
        );
    }
    let f_p = fit.pretrend.as_ref().unwrap().f_p_value;
    for lang in [Lang::Da, Lang::En] {
        let (r, _dir) = es_report(
            &rows,
            "outcome_unit = \"point\"\npermutations = 199\n",
            lang,
        );
        let s = r.section(ES_SECTION).expect("the event-study section");
        let ps = paragraphs(s);
        let n = |v: f64| number(v, d, lang);
        let lead = match lang {
            Lang::Da => format!(
                "I årene fra starten lå wellbeing i gennemsnit {} point højere i distrikterne med Trivselsindsatsen end ud fra sammenligningen (95 % konfidensinterval {} til {}).",
                n(est), n(ci[0]), n(ci[1])
            ),
            Lang::En => format!(
                "In the years from the start, wellbeing was on average {} point higher in the districts with Trivselsindsatsen than the comparison suggests (95% confidence interval {} to {}).",
                n(est), n(ci[0]), n(ci[1])
            ),
        };
        assert!(ps[1].starts_with(&lead), "{}\n{lead}", ps[1]);
        assert!(paragraphs(r.section("summary").unwrap()).contains(&ps[1]));
        // the years before the start: the randomization test (199 deals, seed 1) …
        let ri = direct_event_study_ri(&rows);
        assert!(
            ps[3].contains(&format!("p = {})", p_words(ri, lang))) && ps[3].contains("randomi"),
            "{}",
            ps[3]
        );
        // … or, with permutations = 0, the F test
        let (r0, _dir0) = es_report(&rows, "outcome_unit = \"point\"\npermutations = 0\n", lang);
        let ps0 = paragraphs(r0.section(ES_SECTION).unwrap());
        assert!(
            ps0[3].contains(&format!("p = {}", p_words(f_p, lang))),
            "{}",
            ps0[3]
        );
        assert!(ps[4].contains("Sun"));
        // the fit's warnings in the report's language: 40 clusters, and the cohorts said
        // in the paragraph above, so none is passed through in English
        assert!(fit
            .warnings
            .iter()
            .any(|w| w.contains("cohorts start at different times")));
        assert!(!list_items(s)
            .iter()
            .any(|i| i.contains("estimation warns") || i.contains("advarer (på engelsk)")));
        let table = r.table(ES_TABLE).unwrap();
        assert_eq!(table.rows.len(), fit.event_study.len());
        let to = if lang == Lang::Da { "til" } else { "to" };
        for (row, e) in table.rows.iter().zip(&fit.event_study) {
            let cells: Vec<String> = row.cells.iter().map(text).collect();
            assert_eq!(cells[0], e.relative_time.to_string());
            assert_eq!(cells[1], n(e.estimate));
            match e.ci {
                Some(c) => assert_eq!(cells[2], format!("{} {to} {}", n(c[0]), n(c[1]))),
                None => assert!(e.reference && cells[2] == "–"),
            }
        }
        let chart = r.charts().find(|c| c.id == ES_CHART).unwrap();
        assert_eq!(chart.data_table.as_deref(), Some(ES_TABLE));
        assert!(chart.svg.contains(if lang == Lang::Da {
            "Referenceår (fastsat til 0)"
        } else {
            "Reference year (fixed at 0)"
        }));
    }
}

/// A p-value as the section writes it.
fn p_words(p: f64, lang: Lang) -> String {
    if p < 0.001 {
        format!("< {}", number(0.001, 3, lang))
    } else {
        number(p, 3, lang)
    }
}

#[test]
fn the_event_study_pools_the_ends_the_plan_names() {
    let rows = survey(&COHORTS, false);
    let fit = direct_event_study(&rows, (Some(-3), Some(3)));
    let (r, _dir) = es_report(
        &rows,
        "bin_min = -3\nbin_max = 3\npermutations = 0\n",
        Lang::En,
    );
    let table = r.table(ES_TABLE).unwrap();
    let first: Vec<String> = table.rows[0].cells.iter().map(text).collect();
    let last: Vec<String> = table.rows[table.rows.len() - 1]
        .cells
        .iter()
        .map(text)
        .collect();
    assert_eq!(table.rows.len(), 7, "≤-3, -2, -1, 0, 1, 2, ≥3");
    let d = (-fit.std_error.unwrap().log10().floor()).clamp(0.0, 4.0) as usize;
    assert_eq!(first[0], "≤-3");
    assert_eq!(first[1], number(fit.event_study[0].estimate, d, Lang::En));
    assert_eq!(last[0], "≥3");
    assert!(table.notes[0].contains("Ends marked ≤ and ≥ pool"));
}

#[test]
fn a_bad_event_study_block_is_a_plan_error_naming_the_key() {
    let base =
        "[report]\ntitle = \"x\"\nmunicipality = \"y\"\n[data]\ncosts = { file = \"c.csv\" }\n\
                [[effect_over_time]]\n";
    let full = "panel = { file = \"p.csv\" }\noutcome = \"wellbeing\"\n";
    let ok = Plan::from_toml_str(
        &format!("{base}design = \"event_study\"\n{full}"),
        "plan.toml",
        Path::new("."),
    )
    .unwrap();
    let o = &ok.effect_over_time[0];
    assert_eq!(o, &EffectOverTimeSection::event_study("p.csv", "wellbeing"));
    assert_eq!(
        (o.unit_column(), o.cohort_column(), o.reference_time()),
        ("district", "first_treated", -1)
    );
    for (block, words) in [
        (
            format!("design = \"event_study\"\n{full}control = \"never\"\n"),
            "effect_over_time.control belongs to design = \"staggered_did\"; the event study",
        ),
        (
            format!("design = \"event_study\"\n{full}seed = 3\n"),
            "effect_over_time.seed belongs to design = \"staggered_did\"",
        ),
        (
            format!("design = \"staggered_did\"\n{full}bin_min = -3\n"),
            "effect_over_time.bin_min belongs to design = \"event_study\"; the staggered",
        ),
        (
            "design = \"its\"\ninterruption = \"2018-01\"\nreference = -2\n".to_string(),
            "effect_over_time.reference belongs to design = \"event_study\"",
        ),
        (
            format!("design = \"event_study\"\n{full}bin_min = 2\n"),
            "effect_over_time (reference, bin_min, bin_max)",
        ),
        (
            format!("design = \"event_study\"\n{full}bin_max = \"3\"\n"),
            "bin_max must be a whole number",
        ),
        (
            format!("design = \"event_study\"\n{full}treated_unit = \"D01\"\n"),
            "effect_over_time.treated_unit belongs to design = \"synth\"",
        ),
        (
            "design = \"event_study\"\noutcome = \"wellbeing\"\n".to_string(),
            "design = \"event_study\" needs the panel of districts",
        ),
    ] {
        let e = Plan::from_toml_str(&format!("{base}{block}"), "plan.toml", Path::new("."))
            .unwrap_err()
            .to_string();
        assert!(e.contains(words) && e.contains("plan.toml"), "{block}: {e}");
    }
}

#[test]
fn few_districts_in_the_event_study_say_the_intervals_are_unreliable() {
    let rows = survey(&SMALL, false);
    let fit = direct_event_study(&rows, (None, None));
    assert_eq!(fit.n.clusters, 12);
    assert!(fit.warnings.iter().any(|w| w.contains("only 12 clusters")));
    let (r, _dir) = es_report(&rows, "permutations = 0\n", Lang::Da);
    assert!(list_items(r.section(ES_SECTION).unwrap()).iter().any(|i| i
        == "Der er kun 12 distrikter: standardfejl, der tager højde for, at målingerne i et distrikt hænger sammen, er upålidelige med færre end omkring 30, så læs intervallerne med forsigtighed."));
}

// ---- the randomization test in the staggered section (`permutations`, default 999) ----

/// The section's randomization sentences carry the fit's own test: the deals, the share,
/// the p-values of the effect and of the years before the start; the methods name it.
#[test]
fn the_randomization_test_is_in_the_lead_the_pre_test_and_the_methods() {
    let rows = survey(&COHORTS, false);
    // as the section fits it: the rows as written to the CSV (six decimals)
    let panel = StaggeredPanel {
        outcome: "wellbeing".into(),
        id: rows.iter().map(|r| r.district.clone()).collect(),
        time: rows.iter().map(|r| r.year as f64).collect(),
        cohort: rows.iter().map(|r| r.first_treated as f64).collect(),
        y: rows
            .iter()
            .map(|r| format!("{:.6}", r.wellbeing).parse().unwrap())
            .collect(),
        ..Default::default()
    };
    let fit = StaggeredDid::new()
        .bootstrap(Some(999))
        .permutations(Some(999))
        .seed(1)
        .fit(&panel)
        .unwrap();
    let ri = fit.randomization.unwrap();
    assert!(!ri.exhaustive);
    for lang in [Lang::Da, Lang::En] {
        let (r, _dir) = report(&rows, "", lang);
        let s = r.section(SECTION).unwrap();
        let ps = paragraphs(s);
        let p = |v: f64| {
            if v < 0.001 {
                match lang {
                    Lang::Da => "< 0,001".to_string(),
                    Lang::En => "< 0.001".to_string(),
                }
            } else {
                number(v, 3, lang)
            }
        };
        let (test, pre) = match lang {
            Lang::Da => (
                "randomiseringstest, p = ",
                "Før starten: fordeles startårene",
            ),
            Lang::En => (
                "randomization test, p = ",
                "Before the start: if the start years",
            ),
        };
        assert!(
            ps[1].contains(&format!("{test}{})", p(ri.p_value))),
            "{}",
            ps[1]
        );
        assert!(ps[1].contains("999"), "{}", ps[1]);
        assert!(ps[3].starts_with(pre), "{}", ps[3]);
        assert!(
            ps[3].contains(&format!("{test}{})", p(ri.pretrend_p_value.unwrap()))),
            "{}",
            ps[3]
        );
        let methods = format!("{:?}", s.blocks.last().unwrap());
        assert!(methods.contains("MacKinnon"), "{methods}");
    }
    // 0 turns it off
    let (r, _dir) = report(&rows, "permutations = 0\n", Lang::Da);
    let ps = paragraphs(r.section(SECTION).unwrap());
    assert!(!ps[1].contains("randomiseringstest"), "{}", ps[1]);
}

#[test]
fn too_few_deals_or_a_deal_key_in_another_design_are_plan_errors() {
    let dir = tempfile::tempdir().unwrap();
    let e = plan(dir.path(), "permutations = 5\n")
        .unwrap_err()
        .to_string();
    assert!(e.contains("permutations") && e.contains("19"), "{e}");
    let e = plan(dir.path(), "permutations = -1\n")
        .unwrap_err()
        .to_string();
    assert!(e.contains("permutations"), "{e}");
    let its =
        "[report]\ntitle = \"x\"\nmunicipality = \"y\"\n[data]\ncosts = { file = \"c.csv\" }\n\
               [[effect_over_time]]\ndesign = \"its\"\npermutations = 99\n";
    std::fs::write(dir.path().join("its.toml"), its).unwrap();
    let e = Plan::from_file(&dir.path().join("its.toml"))
        .unwrap_err()
        .to_string();
    assert!(
        e.contains("effect_over_time.permutations belongs to"),
        "{e}"
    );
}

/// `outcome_label_en` names the outcome in an English report; the Danish report keeps
/// `outcome_label`; an interrupted time series does not take it.
#[test]
fn the_outcome_has_its_words_in_each_language() {
    let rows = survey(&COHORTS, false);
    let extra =
        "outcome_label = \"trivslen\"\noutcome_label_en = \"well-being\"\npermutations = 0\n";
    let (r, _dir) = report(&rows, extra, Lang::En);
    let s = r.section(SECTION).unwrap();
    assert!(
        s.heading.contains("well-being") && !s.heading.contains("trivslen"),
        "{}",
        s.heading
    );
    let (r, _dir) = report(&rows, extra, Lang::Da);
    let s = r.section(SECTION).unwrap();
    assert!(s.heading.contains("trivslen"), "{}", s.heading);
    let dir = tempfile::tempdir().unwrap();
    let its =
        "[report]\ntitle = \"x\"\nmunicipality = \"y\"\n[data]\ncosts = { file = \"c.csv\" }\n\
               [[effect_over_time]]\ndesign = \"its\"\noutcome_label_en = \"spending\"\n";
    std::fs::write(dir.path().join("its.toml"), its).unwrap();
    let e = Plan::from_file(&dir.path().join("its.toml"))
        .unwrap_err()
        .to_string();
    assert!(
        e.contains("effect_over_time.outcome_label_en belongs to"),
        "{e}"
    );
}
