//! The codes Danish and English exports use for sex, end reasons, providers,
//! informants and yes/no outcomes.

use super::super::read::parse_number;
use super::super::tables::{EndReason, Provider, Sex};

/// Parses a person's sex from the codes Danish and English exports use.
pub fn parse_sex(s: &str) -> Option<Sex> {
    match s.trim().to_lowercase().as_str() {
        "m" | "male" | "mand" | "dreng" | "d" | "1" | "man" | "boy" => Some(Sex::Male),
        "f" | "k" | "female" | "kvinde" | "pige" | "p" | "2" | "woman" | "girl" => {
            Some(Sex::Female)
        }
        _ => None,
    }
}

/// Parses an end reason from its code or a Danish word for it.
pub fn parse_end_reason(s: &str) -> Option<EndReason> {
    let s = s.trim().to_lowercase().replace(['-', ' '], "_");
    Some(match s.as_str() {
        "home" | "hjem" | "hjemgivelse" | "hjemgivet" | "afsluttet" => EndReason::Home,
        "step_down" | "trin_ned" | "nedtrapning" | "nedtrappet" => EndReason::StepDown,
        "step_up" | "trin_op" | "optrapning" | "optrappet" => EndReason::StepUp,
        "breakdown" | "sammenbrud" => EndReason::Breakdown,
        "moved" | "fraflytning" | "fraflyttet" | "flyttet" => EndReason::Moved,
        "aged_out" | "aldersgrænse" | "alder" | "fyldt_18" | "fyldt_23" => EndReason::AgedOut,
        "other" | "andet" | "anden" => EndReason::Other,
        _ => return None,
    })
}

/// Parses a provider: own (egen drift) or external.
pub fn parse_provider(s: &str) -> Option<Provider> {
    match s.trim().to_lowercase().as_str() {
        "own" | "egen" | "egen drift" | "intern" | "kommunal" => Some(Provider::Own),
        "external" | "ekstern" | "privat" | "region" | "anden kommune" | "købt" => {
            Some(Provider::External)
        }
        _ => None,
    }
}

/// Normalises an informant: Danish words become `parent`, `teacher`, `self`.
pub fn normalise_informant(s: &str) -> String {
    let l = s.trim().to_lowercase();
    match l.as_str() {
        "forælder" | "foraelder" | "forældre" | "foraeldre" | "mor" | "far" | "p" => {
            "parent".into()
        }
        "lærer" | "laerer" | "pædagog" | "paedagog" | "t" => "teacher".into(),
        "selv" | "barn" | "ung" | "s" | "youth" => "self".into(),
        _ => l,
    }
}

/// Parses an outcome value: a number, or yes/no (ja/nej, true/false) as 1/0.
pub fn parse_outcome_value(s: &str) -> Option<f64> {
    match s.trim().to_lowercase().as_str() {
        "ja" | "yes" | "true" | "sand" | "j" | "y" => Some(1.0),
        "nej" | "no" | "false" | "falsk" | "n" => Some(0.0),
        other => parse_number(other),
    }
}
