//! One person: baseline draws (birth, residence, covariates, risk, enrolment) and the walk
//! on the staircase.

use super::catalogue::*;
use super::util::{
    birthday, date, day, exp1, logit, normal, piecewise_time, round_to, sigmoid, time_to_event,
    uniform, Day,
};
use crate::data::{EndReason, Provider, Sex};
use rand::Rng;

/// What the whole simulation shares: dates as day numbers, districts, the programme.
#[derive(Debug, Clone)]
pub(crate) struct Ctx {
    pub seed: u64,
    pub start: Day,
    pub cutoff: Day,
    /// Cumulative district size weights (last = 1).
    pub district_cum: Vec<f64>,
    /// District effects on the logit of risk.
    pub district_effect: Vec<f64>,
    /// Programme start per district (0-based), if any.
    pub programme_start: Vec<Option<Day>>,
    pub reach_logit: f64,
    pub selection: f64,
    pub programme_months: u32,
    pub programme_cost_per_day: f64,
    pub hr_down: f64,
    pub hr_place: f64,
    pub sdq_effect: f64,
}

/// The reference risk at which [`Ctx::reach_logit`] is the enrolment logit.
pub(crate) const REACH_RISK: f64 = 0.1;

/// A person's baseline.
#[derive(Debug, Clone)]
pub(crate) struct Baseline {
    pub birth: Day,
    pub sex: Sex,
    /// District, 0-based.
    pub district: usize,
    /// Latent risk in (0, 1), already rounded to 3 decimals (as written).
    pub risk: f64,
    pub parental_education: u8,
    pub single_parent: bool,
    /// First day living in the municipality (birth, or the day moved in).
    pub res_start: Day,
    /// Last day living in the municipality, if before the cutoff.
    pub leave: Option<Day>,
    /// Day enrolled in the programme.
    pub enrol: Option<Day>,
    /// First day simulated on the staircase.
    pub sim_start: Day,
    pub age6: Day,
    pub age12: Day,
    pub age14: Day,
    pub age18: Day,
    pub age23: Day,
}

impl Baseline {
    /// Last day observed: the day the person left, or the cutoff.
    pub fn end_obs(&self, ctx: &Ctx) -> Day {
        self.leave.unwrap_or(ctx.cutoff)
    }

    /// Age in years (fractional) on a day.
    pub fn age(&self, d: Day) -> f64 {
        (d - self.birth) as f64 / DAYS_PER_YEAR
    }
}

/// Draws a person's baseline.
pub(crate) fn baseline<R: Rng>(ctx: &Ctx, rng: &mut R) -> Baseline {
    let start = date(ctx.start);
    // Born so that the person is at most 22 on some day of the window.
    let lo = day(start
        .checked_sub_months(chrono::Months::new(12 * 23))
        .expect("valid"))
        + 1;
    let hi = ctx.cutoff;
    let birth = lo + (uniform(rng) * (hi - lo + 1) as f64) as Day;
    let b = date(birth);
    let sex = if uniform(rng) < 0.512 {
        Sex::Male
    } else {
        Sex::Female
    };
    let u = uniform(rng);
    let parental_education = if u < 0.25 {
        0
    } else if u < 0.70 {
        1
    } else {
        2
    };
    let single_parent = uniform(rng) < 0.18 + if parental_education == 0 { 0.10 } else { 0.0 };
    let u = uniform(rng);
    let district = ctx
        .district_cum
        .iter()
        .position(|&c| u < c)
        .unwrap_or(ctx.district_cum.len() - 1);
    let eta = -2.7 + if parental_education == 0 { 0.6 } else { 0.0 }
        - if parental_education == 2 { 0.5 } else { 0.0 }
        + if single_parent { 0.7 } else { 0.0 }
        + ctx.district_effect[district]
        + normal(rng);
    let risk = round_to(sigmoid(eta), 3).clamp(0.001, 0.999);

    let age23 = day(birthday(b, 23));
    let u_in = uniform(rng);
    let u_when = uniform(rng);
    let res_start = if u_in < P_MOVED_IN {
        let last = (age23 - 1).min(ctx.cutoff);
        birth + (u_when * (last - birth + 1) as f64) as Day
    } else {
        birth
    };
    let age18 = day(birthday(b, 18));
    let present_from = res_start.max(ctx.start);
    let e = exp1(rng);
    let t = piecewise_time(
        e,
        present_from as f64,
        &[
            (age18 as f64, MOVE_OUT[0] / DAYS_PER_YEAR),
            (f64::INFINITY, MOVE_OUT[1] / DAYS_PER_YEAR),
        ],
    );
    let leave = if t.floor() <= ctx.cutoff as f64 {
        Some(t.floor() as Day)
    } else {
        None
    };
    let end_obs = leave.unwrap_or(ctx.cutoff);

    let u_delay = uniform(rng);
    let u_enrol = uniform(rng);
    let enrol = ctx.programme_start[district].and_then(|d| {
        let from = d.max(res_start);
        let e = from + (u_delay * 365.0) as Day;
        let p = sigmoid(ctx.reach_logit + ctx.selection * (logit(risk) - logit(REACH_RISK)));
        (u_enrol < p && e < age18 && e <= end_obs).then_some(e)
    });
    let burn_in = day(start
        .checked_sub_months(chrono::Months::new(12 * BURN_IN_YEARS))
        .expect("valid"));
    Baseline {
        birth,
        sex,
        district,
        risk,
        parental_education,
        single_parent,
        res_start,
        leave,
        enrol,
        sim_start: res_start.max(burn_in),
        age6: day(birthday(b, 6)),
        age12: day(birthday(b, 12)),
        age14: day(birthday(b, 14)),
        age18,
        age23,
    }
}

/// One simulated episode.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Ep {
    pub measure: MeasureId,
    pub start: Day,
    pub end: Option<Day>,
    pub reason: Option<EndReason>,
    pub provider: Provider,
    pub daily_cost: f64,
    /// Main chain number (1, 2, …), or 0 for a contact person alongside a placement.
    pub chain: u32,
}

impl Ep {
    pub fn level(&self) -> u8 {
        MEASURES[self.measure as usize].level
    }
}

/// Draws a measure on a level for a child of the given age (years).
fn measure_on(level: u8, age: f64, u: f64) -> MeasureId {
    match level {
        UNIVERSAL => AABENT_TILBUD,
        EARLY => {
            if u < 0.6 {
                FAMILIERAADGIVNING
            } else {
                KONSULENTBISTAND
            }
        }
        HOME => {
            if age >= 18.0 {
                return KONTAKTPERSON;
            }
            let w = [
                (FAMILIEBEHANDLING, 0.45),
                (PRAKTISK_STOETTE, 0.25),
                (AFLASTNING, if age < 15.0 { 0.15 } else { 0.0 }),
                (KONTAKTPERSON, if age >= 12.0 { 0.30 } else { 0.0 }),
            ];
            pick(&w, u)
        }
        KINSHIP => NETVAERKSPLEJE,
        FOSTER => PLEJEFAMILIE,
        OWN_ROOM => {
            if (14.0..18.0).contains(&age) && (u < 0.5 || age < 15.0) {
                KOST_EFTERSKOLE
            } else {
                EGET_VAERELSE
            }
        }
        _ => {
            if u < 0.55 {
                OPHOLDSSTED
            } else {
                DOEGNINSTITUTION
            }
        }
    }
}

fn pick(w: &[(MeasureId, f64)], u: f64) -> MeasureId {
    let total: f64 = w.iter().map(|x| x.1).sum();
    let mut acc = 0.0;
    for &(m, x) in w {
        acc += x / total;
        if u < acc {
            return m;
        }
    }
    w.iter()
        .rev()
        .find(|x| x.1 > 0.0)
        .map(|x| x.0)
        .unwrap_or(w[0].0)
}

/// The placement level for a child entering care from home.
fn placement_level(age: f64, risk: f64, u: f64) -> u8 {
    let resid = 0.18 * (2.0 * (risk - RISK_REF)).exp() * if age >= 12.0 { 1.4 } else { 0.6 };
    let own = if age >= 14.0 { 0.12 } else { 0.0 };
    let w = [
        (KINSHIP, 0.15),
        (FOSTER, 0.50),
        (OWN_ROOM, own),
        (RESIDENTIAL, resid),
    ];
    let total: f64 = w.iter().map(|x| x.1).sum();
    let mut acc = 0.0;
    for &(l, x) in &w {
        acc += x / total;
        if u < acc {
            return l;
        }
    }
    RESIDENTIAL
}

/// Where an episode that ended for `cause` on level `level` leads.
fn destination(cause: Cause, level: u8, age: f64, risk: f64, u: f64, u2: f64) -> MeasureId {
    let lvl = match (cause, level) {
        (Cause::Down, UNIVERSAL) | (Cause::Down, EARLY) => UNIVERSAL,
        (Cause::Down, HOME) => EARLY,
        (Cause::Down, _) => HOME,
        (Cause::WithinDown, FOSTER) => KINSHIP,
        (Cause::WithinDown, _) => {
            if age >= 15.0 && u < 0.35 {
                OWN_ROOM
            } else {
                FOSTER
            }
        }
        (Cause::Up, UNIVERSAL) => {
            if u < 0.7 {
                EARLY
            } else {
                HOME
            }
        }
        (Cause::Up, EARLY) => {
            if u < 0.75 {
                HOME
            } else {
                placement_level(age, risk, u2)
            }
        }
        (Cause::Up, HOME) => placement_level(age, risk, u),
        (Cause::Up, KINSHIP) => {
            if u < 0.7 {
                FOSTER
            } else {
                RESIDENTIAL
            }
        }
        (Cause::Up, _) => RESIDENTIAL,
        (Cause::Breakdown, l) => {
            if u < 0.7 {
                l
            } else {
                match l {
                    KINSHIP => FOSTER,
                    _ => RESIDENTIAL,
                }
            }
        }
        (Cause::Home, l) => l,
    };
    // own room is for 14-year-olds and older
    let lvl = if lvl == OWN_ROOM && age < 14.0 {
        FOSTER
    } else {
        lvl
    };
    measure_on(lvl, age, u2)
}

/// The multiplier the programme puts on a cause's hazard on a level.
fn programme_multiplier(ctx: &Ctx, level: u8, cause: Cause) -> f64 {
    match (is_placement(level), cause) {
        (false, Cause::Down) => ctx.hr_down,
        (true, Cause::Down) | (true, Cause::Home) => ctx.hr_place,
        _ => 1.0,
    }
}

fn end_cause(c: Cause) -> EndReason {
    match c {
        Cause::Down | Cause::WithinDown => EndReason::StepDown,
        Cause::Up => EndReason::StepUp,
        Cause::Home => EndReason::Home,
        Cause::Breakdown => EndReason::Breakdown,
    }
}

/// The walk on the staircase: every episode from `sim_start` to the end of observation.
///
/// With `effects` false the programme's hazard ratios are switched off; with the same
/// random stream this gives the enrolled child's counterfactual history.
pub(crate) fn trajectory<R: Rng>(b: &Baseline, ctx: &Ctx, effects: bool, rng: &mut R) -> Vec<Ep> {
    let mut eps = Vec::new();
    let end_obs = b.end_obs(ctx);
    let enrol = if effects { b.enrol } else { None };
    let mut t = b.sim_start;
    let mut had_help = false;
    let mut chain = 0u32;
    'free: loop {
        if t >= b.age18 || t > end_obs {
            break;
        }
        // referral
        let e = exp1(rng);
        let base = ENTRY_SCALE * b.risk.powf(ENTRY_POWER) / DAYS_PER_YEAR
            * if had_help { REENTRY_FACTOR } else { 1.0 };
        let x = piecewise_time(
            e,
            t as f64,
            &[
                (b.age6 as f64, base * ENTRY_AGE_FACTOR[0]),
                (b.age12 as f64, base * ENTRY_AGE_FACTOR[1]),
                (b.age18 as f64, base * ENTRY_AGE_FACTOR[2]),
            ],
        );
        let u_level = uniform(rng);
        let u_measure = uniform(rng);
        let u_place = uniform(rng);
        if !x.is_finite() {
            break;
        }
        let entry = x.floor() as Day;
        if entry > end_obs || entry >= b.age18 {
            break;
        }
        let age = b.age(entry);
        let p_place = 0.03 + 0.30 * b.risk;
        let p_home = 0.25 + 0.20 * b.risk;
        let level = if u_level < p_place {
            placement_level(age, b.risk, u_place)
        } else if u_level < p_place + p_home {
            HOME
        } else {
            EARLY
        };
        let mut measure = measure_on(level, age, u_measure);
        had_help = true;
        chain += 1;
        let mut s = entry;
        let mut adult_ok = false;
        loop {
            let level = MEASURES[measure as usize].level;
            let (provider, daily_cost) = price(measure, uniform(rng), uniform(rng), uniform(rng));
            let clocks: [f64; 5] = std::array::from_fn(|_| exp1(rng));
            let u_dest = uniform(rng);
            let u_dest2 = uniform(rng);
            let u_after = uniform(rng);
            let u_add: [f64; 6] = std::array::from_fn(|_| uniform(rng));

            // forced end by age: episodes started before 18 end the day before the 18th
            // birthday, except placements that continue as aftercare (efterværn) to 23
            let continues = s >= b.age18 || (is_placement(level) && u_after < P_AFTERCARE_CONTINUE);
            let aged_out = if continues { b.age23 - 1 } else { b.age18 - 1 };
            if continues {
                adult_ok = true;
            }
            // random causes
            let switch = enrol.map(|e| (e - s) as f64);
            let mut best: Option<(Day, Cause)> = None;
            for (k, &cause) in CAUSES.iter().enumerate() {
                let rate = BASE_HAZARD[level as usize][k]
                    * (RISK_SLOPE[k] * (b.risk - RISK_REF)).exp()
                    / DAYS_PER_YEAR;
                let mult = programme_multiplier(ctx, level, cause);
                let tt = time_to_event(clocks[k], rate, switch, mult);
                if tt < 1e7 {
                    let d = s + tt.floor() as Day;
                    if best.is_none_or(|(bd, _)| d < bd) {
                        best = Some((d, cause));
                    }
                }
            }
            // what happens first
            let mut end: Option<(Day, EndReason, Option<Cause>)> = None;
            if let Some(l) = b.leave {
                end = Some((l, EndReason::Moved, None));
            }
            if end.is_none_or(|(d, _, _)| aged_out < d) {
                end = Some((aged_out, EndReason::AgedOut, None));
            }
            if let Some((d, c)) = best {
                if end.is_none_or(|(e, _, _)| d < e) && d < ctx.cutoff {
                    end = Some((d, end_cause(c), Some(c)));
                }
            }
            let end = end.filter(|(d, _, _)| *d <= ctx.cutoff);
            let ep = Ep {
                measure,
                start: s,
                end: end.map(|e| e.0),
                reason: end.map(|e| e.1),
                provider,
                daily_cost,
                chain,
            };
            if is_placement(level) && s < b.age18 && s >= b.age12 && u_add[0] < P_ADDON_CONTACT {
                if let Some(add) = contact_alongside(&ep, &u_add, ctx) {
                    eps.push(add);
                }
            }
            eps.push(ep);
            let Some((end_day, reason, cause)) = end else {
                break 'free;
            };
            match reason {
                EndReason::Moved => break 'free,
                EndReason::AgedOut => {
                    if end_day >= b.age23 - 1 {
                        break 'free;
                    }
                    // aged out at 18: aftercare contact person, or nothing more
                    let p = if is_placement(level) {
                        P_AFTERCARE_CONTACT_PLACED
                    } else if level == HOME {
                        P_AFTERCARE_CONTACT_HOME
                    } else {
                        0.0
                    };
                    if u_dest < p && end_day < end_obs {
                        measure = KONTAKTPERSON;
                        s = end_day + 1;
                        adult_ok = true;
                        continue;
                    }
                    break 'free;
                }
                EndReason::Home => {
                    t = end_day + 1;
                    continue 'free;
                }
                _ => {
                    let next = end_day + 1;
                    if next > end_obs || (next >= b.age18 && !adult_ok) {
                        break 'free;
                    }
                    let cause = cause.expect("a random cause");
                    measure = destination(cause, level, b.age(next), b.risk, u_dest, u_dest2);
                    if MEASURES[measure as usize].level == OWN_ROOM && next < b.age14 {
                        measure = PLEJEFAMILIE;
                    }
                    s = next;
                }
            }
        }
    }
    eps
}

/// A contact person alongside a placement, from a few weeks after it starts, for an
/// exponential time (mean a year), never longer than the placement.
/// `u` holds six uniforms: whether (used by the caller), start, length, and three for the price.
fn contact_alongside(placement: &Ep, u: &[f64; 6], ctx: &Ctx) -> Option<Ep> {
    let start = placement.start + (u[1] * 60.0) as Day;
    let natural_end = start + (-(1.0 - u[2]).ln() * 365.0) as Day;
    let (provider, daily_cost) = price(KONTAKTPERSON, u[3], u[4], u[5]);
    let (end, reason) = match placement.end {
        Some(pe) => {
            if start > pe {
                return None;
            }
            if natural_end < pe {
                (Some(natural_end), Some(EndReason::Home))
            } else {
                let r = match placement.reason {
                    Some(EndReason::Moved) => EndReason::Moved,
                    Some(EndReason::AgedOut) => EndReason::AgedOut,
                    _ => EndReason::Other,
                };
                (Some(pe), Some(r))
            }
        }
        None => {
            if start > ctx.cutoff {
                return None;
            }
            if natural_end <= ctx.cutoff {
                (Some(natural_end), Some(EndReason::Home))
            } else {
                (None, None)
            }
        }
    };
    Some(Ep {
        measure: KONTAKTPERSON,
        start,
        end,
        reason,
        provider,
        daily_cost,
        chain: 0,
    })
}
