//! The day each person left the municipality, which the persons table does not carry.

use super::municipality::context;
use super::params::SimulationParams;
use super::person;
use super::util::{date, person_rng, Stream};
use crate::error::Result;
use chrono::NaiveDate;

/// The last day each person lived in the municipality, when they moved out before the
/// cut-off (`None`: still living there at the cut-off), in the order of the persons table.
///
/// The truth's child-years (`truth.counterfactual.child_years`) run from each participant's
/// `programme_start` to this day or the cut-off; the persons table has no moving-out date,
/// so an evaluation of the data alone follows children to the cut-off. This redraws only
/// the persons' baselines (the same random streams as [`super::simulate`]), so it is cheap.
///
/// ```
/// use indsats::simulate::{leave_dates, simulate, SimulationParams};
/// let params = SimulationParams::default().persons(300).seed(3);
/// let leave = leave_dates(&params).unwrap();
/// let m = simulate(&params).unwrap();
/// assert_eq!(leave.len(), m.persons.rows.len());
/// // an episode ended by moving away ends on the day the person left
/// for e in &m.episodes.rows {
///     if e.end_reason == Some(indsats::data::EndReason::Moved) {
///         let i = m.persons.rows.iter().position(|p| p.person_id == e.person_id).unwrap();
///         assert_eq!(leave[i], e.end_date);
///     }
/// }
/// ```
///
/// # Errors
/// Parameters that do not pass [`SimulationParams::check`].
pub fn leave_dates(params: &SimulationParams) -> Result<Vec<Option<NaiveDate>>> {
    let p = params.clone().check()?;
    let ctx = context(&p);
    Ok((0..p.persons())
        .map(|i| {
            let mut rng = person_rng(ctx.seed, i, Stream::Baseline);
            person::baseline(&ctx, &mut rng).leave.map(date)
        })
        .collect())
}
