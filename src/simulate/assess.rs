//! Questionnaires: SDQ at intake and every six months, FIT (ORS and SRS) during family
//! treatment, WHO-5 for young adults in measures.

use super::catalogue::{DAYS_PER_YEAR, FAMILIEBEHANDLING};
use super::person::{Baseline, Ctx, Ep};
use super::util::{date, normal, round_to, uniform, Day};
use crate::data::{Assessment, Sex};
use rand::Rng;

/// The assessment table's item columns, in order.
pub(crate) fn item_names() -> Vec<String> {
    let mut v: Vec<String> = (1..=25).map(|i| format!("sdq{i}")).collect();
    v.extend(IMPACT.iter().map(|s| s.to_string()));
    v.extend((1..=4).map(|i| format!("ors{i}")));
    v.extend((1..=4).map(|i| format!("srs{i}")));
    v.extend((1..=5).map(|i| format!("who5_{i}")));
    v
}

/// The SDQ impact supplement's columns.
pub(crate) const IMPACT: [&str; 6] = [
    "sdq_impact_difficulties",
    "sdq_impact_distress",
    "sdq_impact_home",
    "sdq_impact_friends",
    "sdq_impact_classroom",
    "sdq_impact_leisure",
];

pub(crate) const N_ITEMS: usize = 44;
const IMPACT_AT: usize = 25;
const ORS_AT: usize = 31;
const SRS_AT: usize = 35;
const WHO5_AT: usize = 39;

/// Scale of each SDQ item in printed order: 0 emotional, 1 conduct, 2 hyperactivity,
/// 3 peer problems, 4 prosocial.
pub(crate) const SDQ_SCALE: [u8; 25] = [
    4, 2, 0, 4, 1, 3, 1, 0, 4, 2, 3, 1, 0, 3, 2, 0, 4, 1, 3, 4, 2, 1, 3, 0, 2,
];
/// Items printed positively and reversed when scored (7, 11, 14, 21, 25; 1-based).
pub(crate) const SDQ_REVERSED: [usize; 5] = [7, 11, 14, 21, 25];
/// Within-scale item weights (mean 1): an item's probability of "somewhat/certainly true"
/// is D × weight × profile / 40, so that the expected total difficulties is D.
const ITEM_WEIGHT: [f64; 5] = [0.7, 0.85, 1.0, 1.15, 1.3];

/// Natural improvement of total difficulties per year since first intake (for two years).
pub(crate) const SDQ_NATURAL_CHANGE: f64 = -1.0;

#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Informant {
    Parent,
    Teacher,
    SelfReport,
}

impl Informant {
    fn code(self) -> &'static str {
        match self {
            Informant::Parent => "parent",
            Informant::Teacher => "teacher",
            Informant::SelfReport => "self",
        }
    }
}

/// One person's latent SDQ state.
struct SdqPerson {
    d0: f64,
    prosocial: f64,
    profile: [f64; 4],
    first_intake: Option<Day>,
}

impl SdqPerson {
    /// Latent total difficulties (parent scale, before clamping) at `t`, without occasion
    /// noise; the programme term separately.
    fn latent(&self, t: Day, enrol: Option<Day>, effect: f64) -> (f64, f64) {
        let nat = match self.first_intake {
            Some(fi) if t > fi => SDQ_NATURAL_CHANGE * ((t - fi) as f64 / DAYS_PER_YEAR).min(2.0),
            _ => 0.0,
        };
        let prog = match enrol {
            Some(e) if t >= e => effect * ((t - e) as f64 / 365.0).min(1.0),
            _ => 0.0,
        };
        (self.d0 + nat, prog)
    }
}

/// What one person's questionnaires add to the truth.
#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct SdqTruth {
    /// Clamped latent parent total at 12 months after enrolment, with minus without the
    /// programme, when that questionnaire is in the data.
    pub realised_12m: Option<f64>,
}

fn new_row(
    pid: &str,
    d: Day,
    instrument: &str,
    informant: &str,
    session: Option<u32>,
) -> Assessment {
    Assessment {
        person_id: pid.to_string(),
        date: date(d),
        instrument: instrument.to_string(),
        informant: Some(informant.to_string()),
        session,
        items: vec![None; N_ITEMS],
        row: 0,
    }
}

/// Generates every questionnaire of one person into `out`, sorted by date.
pub(crate) fn assessments<R: Rng>(
    pid: &str,
    b: &Baseline,
    eps: &[Ep],
    ctx: &Ctx,
    rng: &mut R,
    out: &mut Vec<Assessment>,
) -> SdqTruth {
    let first = out.len();
    let end_obs = b.end_obs(ctx);
    // chains of main episodes: (start, last day in a measure)
    let mut chains: Vec<(Day, Day)> = Vec::new();
    for ep in eps.iter().filter(|e| e.chain > 0) {
        let last = ep.end.unwrap_or(end_obs).min(end_obs);
        match chains.last_mut() {
            Some(c) if ep.start <= c.1 + 1 => c.1 = c.1.max(last),
            _ => chains.push((ep.start, last)),
        }
    }
    let first_chain = chains.first().map(|c| c.0);
    let first_intake = match (first_chain, b.enrol) {
        (Some(a), Some(e)) => Some(a.min(e)),
        (a, e) => a.or(e),
    };
    let male = b.sex == Sex::Male;
    let mut profile = [0.0; 4];
    for (k, p) in profile.iter_mut().enumerate() {
        let tilt = match (male, k) {
            (true, 1) | (true, 2) => 0.2,
            (true, 0) => -0.2,
            (false, 0) => 0.2,
            (false, 1) | (false, 2) => -0.2,
            _ => 0.0,
        };
        *p = (tilt + 0.3 * normal(rng)).exp();
    }
    let mean = profile.iter().sum::<f64>() / 4.0;
    profile.iter_mut().for_each(|p| *p /= mean);
    let sp = SdqPerson {
        d0: (5.0 + 30.0 * b.risk + 3.0 * normal(rng)).clamp(0.0, 40.0),
        prosocial: (8.5 - 4.0 * b.risk + 1.2 * normal(rng)).clamp(0.0, 10.0),
        profile,
        first_intake,
    };

    let sdq_age_ok = |d: Day| b.age(d) >= 2.0 && d < b.age18;
    let in_window = |d: Day| d >= ctx.start && d <= end_obs && d <= ctx.cutoff;

    // programme questionnaires at enrolment, 6 and 12 months
    let mut dates: Vec<(Day, bool)> = Vec::new();
    if let Some(e) = b.enrol {
        for (k, d) in [e, e + 182, e + 365].into_iter().enumerate() {
            if in_window(d) && sdq_age_ok(d) {
                dates.push((d, k == 2));
            }
        }
    }
    let programme_dates: Vec<Day> = dates.iter().map(|x| x.0).collect();
    for &(cs, ce) in &chains {
        let mut d = cs + (uniform(rng) * 22.0) as Day;
        while d <= ce {
            let jitter = (uniform(rng) * 21.0) as Day - 10;
            if in_window(d) && sdq_age_ok(d) && programme_dates.iter().all(|&p| (p - d).abs() > 30)
            {
                dates.push((d, false));
            }
            d += 182 + jitter;
        }
    }
    let mut truth = SdqTruth::default();
    for (d, twelve_months) in dates {
        let age = b.age(d);
        let forms = [
            (Informant::Parent, 0.92),
            (Informant::Teacher, if age >= 6.0 { 0.75 } else { 0.0 }),
            (Informant::SelfReport, if age >= 11.0 { 0.65 } else { 0.0 }),
        ];
        for (informant, p_answer) in forms {
            let answered = uniform(rng) < p_answer;
            let noise = normal(rng);
            if !answered {
                continue;
            }
            let (base, prog) = sp.latent(d, b.enrol, ctx.sdq_effect);
            let parent_scale = base + noise;
            let with = parent_scale + prog;
            if twelve_months && informant == Informant::Parent {
                truth.realised_12m = Some(with.clamp(0.0, 40.0) - parent_scale.clamp(0.0, 40.0));
            }
            let total = match informant {
                Informant::Parent => with,
                Informant::Teacher => 0.85 * with,
                Informant::SelfReport => with + 1.0,
            }
            .clamp(0.0, 40.0);
            let mut row = new_row(pid, d, "sdq", informant.code(), None);
            sdq_items(
                total,
                sp.prosocial + 0.8 * normal(rng),
                &sp.profile,
                informant,
                rng,
                &mut row.items,
            );
            out.push(row);
        }
    }

    // FIT: ORS and SRS at family-treatment sessions
    for ep in eps.iter().filter(|e| e.measure == FAMILIEBEHANDLING) {
        let last = ep.end.unwrap_or(ctx.cutoff).min(end_obs);
        let ors0 = 22.0 - 10.0 * b.risk + 4.0 * normal(rng);
        let gain = 7.0 + 4.0 * normal(rng);
        let every = if uniform(rng) < 0.6 { 7 } else { 14 };
        let informant = if b.age(ep.start) >= 12.0 {
            "self"
        } else {
            "parent"
        };
        let mut d = ep.start + (uniform(rng) * 15.0) as Day;
        let mut session = 1u32;
        while d <= last && session <= 40 {
            let attended = uniform(rng) < 0.9;
            let jitter = (uniform(rng) * 3.0) as Day;
            if attended {
                let total =
                    ors0 + gain * (1.0 - (-((session - 1) as f64) / 4.0).exp()) + 2.0 * normal(rng);
                let srs_given = uniform(rng) < 0.9;
                if d >= ctx.start {
                    let mut row = new_row(pid, d, "ors", informant, Some(session));
                    for k in 0..4 {
                        let v = (total / 4.0 + 0.8 * normal(rng)).clamp(0.0, 10.0);
                        if uniform(rng) >= 0.02 {
                            row.items[ORS_AT + k] = Some(round_to(v, 1));
                        }
                    }
                    out.push(row);
                    if srs_given {
                        let mut row = new_row(pid, d, "srs", informant, Some(session));
                        for k in 0..4 {
                            let v = (8.6 + 0.04 * session.min(10) as f64 + 0.7 * normal(rng))
                                .clamp(0.0, 10.0);
                            if uniform(rng) >= 0.02 {
                                row.items[SRS_AT + k] = Some(round_to(v, 1));
                            }
                        }
                        out.push(row);
                    }
                }
                session += 1;
            }
            d += every + jitter;
        }
    }

    // WHO-5 for young adults (18-22) in a measure
    let w0 = 14.0 - 6.0 * b.risk + 3.0 * normal(rng);
    for &(cs, ce) in &chains {
        if ce < b.age18 {
            continue;
        }
        let mut d = cs.max(b.age18) + (uniform(rng) * 22.0) as Day;
        while d <= ce && d < b.age23 {
            let answered = uniform(rng) < 0.8;
            let jitter = (uniform(rng) * 21.0) as Day - 10;
            let w = (w0 + 0.5 * (b.age(d) - 18.0) + 2.0 * normal(rng)).clamp(0.0, 25.0);
            if answered && in_window(d) {
                let mut row = new_row(pid, d, "who5", "self", None);
                for k in 0..5 {
                    let v = (0..5).filter(|_| uniform(rng) < w / 25.0).count();
                    if uniform(rng) >= 0.02 {
                        row.items[WHO5_AT + k] = Some(v as f64);
                    }
                }
                out.push(row);
            }
            d += 182 + jitter;
        }
    }
    out[first..].sort_by(|a, b| {
        (
            a.date,
            instrument_rank(&a.instrument),
            &a.informant,
            a.session,
        )
            .cmp(&(
                b.date,
                instrument_rank(&b.instrument),
                &b.informant,
                b.session,
            ))
    });
    truth
}

fn instrument_rank(s: &str) -> u8 {
    match s {
        "sdq" => 0,
        "ors" => 1,
        "srs" => 2,
        _ => 3,
    }
}

/// The 25 SDQ items (as printed: positively worded items not reversed) and the impact
/// supplement, with missing answers.
fn sdq_items<R: Rng>(
    total: f64,
    prosocial: f64,
    profile: &[f64; 4],
    informant: Informant,
    rng: &mut R,
    items: &mut [Option<f64>],
) {
    let missing = if uniform(rng) < 0.02 { 0.6 } else { 0.05 };
    let mut within = [0usize; 5];
    for (i, &scale) in SDQ_SCALE.iter().enumerate() {
        let k = within[scale as usize];
        within[scale as usize] += 1;
        let p = if scale == 4 {
            (prosocial / 10.0).clamp(0.0, 1.0)
        } else {
            (total * ITEM_WEIGHT[k] * profile[scale as usize] / 40.0).clamp(0.0, 1.0)
        };
        let scored = (uniform(rng) < p) as u8 + (uniform(rng) < p) as u8;
        let printed = if SDQ_REVERSED.contains(&(i + 1)) {
            2 - scored
        } else {
            scored
        };
        if uniform(rng) >= missing {
            items[i] = Some(printed as f64);
        }
    }
    let difficulties = ((total - 8.0) / 6.0 + 0.7 * normal(rng))
        .round()
        .clamp(0.0, 3.0);
    if uniform(rng) >= missing {
        items[IMPACT_AT] = Some(difficulties);
    }
    if difficulties > 0.0 {
        for k in 1..6 {
            let v = ((total - 10.0) / 7.0 + 0.8 * normal(rng))
                .round()
                .clamp(0.0, 3.0);
            // the teacher form has no home and leisure items
            let asked = !(informant == Informant::Teacher && (k == 2 || k == 5));
            if asked && uniform(rng) >= missing {
                items[IMPACT_AT + k] = Some(v);
            }
        }
    }
}
