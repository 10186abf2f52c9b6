//! Outcome payments by milestone: the rate card of a social impact investment.

use crate::error::{Error, Result};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// A rate card: for each outcome, the payment due when a participant has achieved it at each
/// milestone (months after start). Configure with [`RateCard::new`] and
/// [`RateCard::outcome`], then [`RateCard::pay`] a cohort; the card is checked first.
///
/// ```text
/// payment(participant) = Σ_outcome Σ_{milestone m achieved} rate[outcome][m]
/// payment(outcome)     = Σ_participant  payment of that outcome
/// total                = Σ_participant payment(participant)
/// ```
///
/// ```
/// use indsats::economics::{Participant, RateCard};
/// use std::collections::BTreeMap;
/// let card = RateCard::new(vec![6, 12, 18, 24, 36])
///     .outcome("employment", vec![22_500.0, 22_500.0, 22_500.0, 22_500.0, 45_000.0]);
/// let a = Participant {
///     id: "A".into(),
///     achieved: BTreeMap::from([("employment".to_string(), vec![24, 36])]),
/// };
/// let paid = card.pay(&[a]).unwrap();
/// assert_eq!(paid.total, 67_500.0);
/// ```
///
/// # Errors
/// No milestones, milestones not strictly increasing, no outcomes, a payment list whose length
/// differs from the milestones, a negative or non-finite payment; when paying: an empty cohort,
/// an outcome or a milestone the card does not have (named, with the participant), a
/// milestone listed twice for one outcome.
///
/// # References
/// Den Sociale Investeringsfond and Aarhus Kommune, rate card (Tabel 1);
/// `tests/reference/seeds/aarhus_rate_card.json`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RateCard {
    milestones_months: Vec<u32>,
    outcomes: BTreeMap<String, Vec<f64>>,
}

/// One participant's achieved outcomes: outcome name → the milestones (months) achieved.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Participant {
    /// The participant's identifier.
    pub id: String,
    /// Outcome name → milestones achieved, in months.
    pub achieved: BTreeMap<String, Vec<u32>>,
}

/// What is paid for one participant.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ParticipantPayment {
    /// The participant's identifier.
    pub id: String,
    /// Payment per outcome achieved (outcomes with nothing achieved are left out).
    pub by_outcome: BTreeMap<String, f64>,
    /// The participant's total.
    pub total: f64,
}

/// Payments for a cohort under a rate card.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RateCardPayments {
    /// The milestones, in months.
    pub milestones_months: Vec<u32>,
    /// Per participant, in the order given.
    pub by_participant: Vec<ParticipantPayment>,
    /// Per outcome on the card (zero when no one achieved it).
    pub by_outcome: BTreeMap<String, f64>,
    /// Per milestone, in the order of `milestones_months`.
    pub by_milestone: Vec<f64>,
    /// Everything paid.
    pub total: f64,
}

impl RateCard {
    /// A card with these milestones (months after start) and no outcomes yet.
    pub fn new(milestones_months: Vec<u32>) -> Self {
        RateCard {
            milestones_months,
            outcomes: BTreeMap::new(),
        }
    }

    /// Adds (or replaces) an outcome with its payment at each milestone.
    pub fn outcome(mut self, name: impl Into<String>, payments: Vec<f64>) -> Self {
        self.outcomes.insert(name.into(), payments);
        self
    }

    /// The milestones, in months.
    pub fn milestones_months(&self) -> &[u32] {
        &self.milestones_months
    }

    /// Checks the card.
    ///
    /// # Errors
    /// See [`RateCard`].
    pub fn check(&self) -> Result<()> {
        if self.milestones_months.is_empty() {
            return Err(Error::parameter(
                "milestones",
                "a rate card needs at least one milestone",
            ));
        }
        if self.milestones_months.windows(2).any(|w| w[0] >= w[1]) {
            return Err(Error::parameter(
                "milestones",
                format!(
                    "milestones must be strictly increasing; found {:?}",
                    self.milestones_months
                ),
            ));
        }
        if self.outcomes.is_empty() {
            return Err(Error::parameter(
                "outcomes",
                "a rate card needs at least one outcome",
            ));
        }
        for (name, pay) in &self.outcomes {
            if pay.len() != self.milestones_months.len() {
                return Err(Error::parameter(
                    "outcomes",
                    format!(
                        "outcome \"{name}\" has {} payments for {} milestones",
                        pay.len(),
                        self.milestones_months.len()
                    ),
                ));
            }
            if let Some((i, p)) = pay
                .iter()
                .enumerate()
                .find(|(_, p)| !p.is_finite() || **p < 0.0)
            {
                return Err(Error::parameter(
                    "outcomes",
                    format!("outcome \"{name}\" payment {} ({} months): {p} is not a non-negative amount", i + 1, self.milestones_months[i]),
                ));
            }
        }
        Ok(())
    }

    /// Pays a cohort: what each participant, each outcome and each milestone earns.
    ///
    /// # Errors
    /// See [`RateCard`].
    pub fn pay(&self, cohort: &[Participant]) -> Result<RateCardPayments> {
        self.check()?;
        if cohort.is_empty() {
            return Err(Error::parameter("cohort", "no participants to pay for"));
        }
        let mut by_outcome: BTreeMap<String, f64> =
            self.outcomes.keys().map(|k| (k.clone(), 0.0)).collect();
        let mut by_milestone = vec![0.0; self.milestones_months.len()];
        let mut by_participant = Vec::with_capacity(cohort.len());
        for p in cohort {
            let mut mine = BTreeMap::new();
            for (outcome, months) in &p.achieved {
                let rates = self.outcomes.get(outcome).ok_or_else(|| {
                    Error::parameter(
                        "achieved",
                        format!(
                            "participant \"{}\": outcome \"{outcome}\" is not on the rate card (known: {})",
                            p.id,
                            self.outcomes.keys().cloned().collect::<Vec<_>>().join(", ")
                        ),
                    )
                })?;
                let mut seen = vec![false; rates.len()];
                let mut sum = 0.0;
                for &m in months {
                    let j = self.milestones_months.iter().position(|&x| x == m).ok_or_else(|| {
                        Error::parameter(
                            "achieved",
                            format!(
                                "participant \"{}\", outcome \"{outcome}\": {m} months is not a milestone (milestones: {:?})",
                                p.id, self.milestones_months
                            ),
                        )
                    })?;
                    if seen[j] {
                        return Err(Error::parameter(
                            "achieved",
                            format!("participant \"{}\", outcome \"{outcome}\": milestone {m} months listed twice", p.id),
                        ));
                    }
                    seen[j] = true;
                    sum += rates[j];
                    by_milestone[j] += rates[j];
                }
                if !months.is_empty() {
                    *by_outcome.get_mut(outcome).expect("outcome is on the card") += sum;
                    mine.insert(outcome.clone(), sum);
                }
            }
            let total = mine.values().fold(0.0, |a, b| a + b); // not sum(): an empty one is -0.0
            by_participant.push(ParticipantPayment {
                id: p.id.clone(),
                by_outcome: mine,
                total,
            });
        }
        let total = by_participant.iter().fold(0.0, |a, p| a + p.total);
        Ok(RateCardPayments {
            milestones_months: self.milestones_months.clone(),
            by_participant,
            by_outcome,
            by_milestone,
            total,
        })
    }
}
