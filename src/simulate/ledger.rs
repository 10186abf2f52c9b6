//! The monthly cost ledger: each episode's daily cost times its days in each month, the
//! programme's cost per enrolled child, and unallocated overhead lines.

use super::catalogue::MEASURES;
use super::person::{Baseline, Ctx, Ep};
use super::util::{date, day, round_to, Day};
use crate::data::YearMonth;

/// The ledger's account for the early-intervention programme (per child, and unallocated
/// coordination).
pub const ACCOUNT_PROGRAMME: &str = "tidlig_indsats";
/// The ledger's account for unallocated administration overhead.
pub const ACCOUNT_ADMINISTRATION: &str = "administration";

/// Account codes: measures are 0..13 (their index), then these.
pub(crate) const PROGRAMME: u8 = MEASURES.len() as u8;
pub(crate) const ADMINISTRATION: u8 = PROGRAMME + 1;

/// Share of the month's measure spending booked as unallocated administration.
pub(crate) const ADMINISTRATION_SHARE: f64 = 0.08;
/// Share of the month's per-child programme spending booked as unallocated coordination.
pub(crate) const COORDINATION_SHARE: f64 = 0.25;

/// The name of an account code.
pub(crate) fn account_name(code: u8) -> &'static str {
    match code {
        PROGRAMME => ACCOUNT_PROGRAMME,
        ADMINISTRATION => ACCOUNT_ADMINISTRATION,
        m => MEASURES[m as usize].id,
    }
}

/// A ledger line before it gets its person id as text.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Line {
    /// year × 12 + month − 1.
    pub month: u32,
    /// Person index, or `u32::MAX` when unallocated.
    pub person: u32,
    pub account: u8,
    pub amount: f64,
}

pub(crate) fn month_key(ym: YearMonth) -> u32 {
    ym.year as u32 * 12 + ym.month - 1
}

pub(crate) fn key_month(k: u32) -> YearMonth {
    YearMonth {
        year: (k / 12) as i32,
        month: k % 12 + 1,
    }
}

/// Books `daily` kroner a day from `a` to `z` (inclusive) month by month.
fn book(person: u32, account: u8, daily: f64, a: Day, z: Day, out: &mut Vec<Line>) {
    let mut d = a;
    while d <= z {
        let ym = YearMonth::of(date(d));
        let next = day(ym.next().first_day());
        let last = z.min(next - 1);
        let days = (last - d + 1) as f64;
        out.push(Line {
            month: month_key(ym),
            person,
            account,
            amount: round_to(daily * days, 2),
        });
        d = next;
    }
}

/// The window part of an episode: first and last day in the window, if any.
pub(crate) fn window_days(ep: &Ep, ctx: &Ctx) -> Option<(Day, Day)> {
    let a = ep.start.max(ctx.start);
    let z = ep.end.unwrap_or(ctx.cutoff).min(ctx.cutoff);
    (z >= a).then_some((a, z))
}

/// The last day the programme is paid for a child enrolled on `enrol`.
pub(crate) fn programme_last_day(b: &Baseline, enrol: Day, ctx: &Ctx) -> Day {
    let end = date(enrol)
        .checked_add_months(chrono::Months::new(ctx.programme_months))
        .map(day)
        .unwrap_or(ctx.cutoff)
        - 1;
    end.min(b.end_obs(ctx)).min(ctx.cutoff)
}

/// Every ledger line of one person.
pub(crate) fn person_lines(person: u32, b: &Baseline, eps: &[Ep], ctx: &Ctx, out: &mut Vec<Line>) {
    for ep in eps {
        if let Some((a, z)) = window_days(ep, ctx) {
            book(person, ep.measure, ep.daily_cost, a, z, out);
        }
    }
    if let Some(e) = b.enrol {
        let z = programme_last_day(b, e, ctx);
        if z >= e && ctx.programme_cost_per_day > 0.0 {
            book(person, PROGRAMME, ctx.programme_cost_per_day, e, z, out);
        }
    }
}

/// Unallocated lines for every month of the window and district (one `administration` line
/// each, and a `tidlig_indsats` coordination line where the programme spent anything), from
/// the allocated lines' totals. `district` gives each person's district.
pub(crate) fn unallocated(
    lines: &[Line],
    district: &[u16],
    districts: usize,
    ctx: &Ctx,
) -> Vec<Line> {
    let first = month_key(YearMonth::of(date(ctx.start)));
    let last = month_key(YearMonth::of(date(ctx.cutoff)));
    let n = (last - first + 1) as usize;
    let mut measures = vec![0.0; n * districts];
    let mut programme = vec![0.0; n * districts];
    for l in lines {
        let i = (l.month - first) as usize * districts + district[l.person as usize] as usize;
        if l.account == PROGRAMME {
            programme[i] += l.amount;
        } else {
            measures[i] += l.amount;
        }
    }
    let mut out = Vec::with_capacity(2 * n * districts);
    for i in 0..n * districts {
        let month = first + (i / districts) as u32;
        out.push(Line {
            month,
            person: u32::MAX,
            account: ADMINISTRATION,
            amount: round_to(ADMINISTRATION_SHARE * measures[i], 2),
        });
        if programme[i] > 0.0 {
            out.push(Line {
                month,
                person: u32::MAX,
                account: PROGRAMME,
                amount: round_to(COORDINATION_SHARE * programme[i], 2),
            });
        }
    }
    out
}
