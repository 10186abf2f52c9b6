//! `indsats economics`: what measures cost and what they save. One file per subcommand;
//! each adds a variant to [`Command`] and a line to [`run`].

use super::CliError;

mod business_case;
mod cockpit;
mod concentration;
mod cost_effect;
mod cost_per_outcome;
mod costs;
mod icer;
mod kroner;
mod projection;
mod rate_card;
mod scenario;

/// Economics: business cases, scenarios, rate cards, cost concentration, projections,
/// cost per outcome and the monthly cockpit.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, clap::Subcommand)]
enum Command {
    // The help text is BusinessCaseArgs' doc comment (summary, then the long text).
    BusinessCase(business_case::BusinessCaseArgs),
    Projection(projection::ProjectionArgs),
    Scenario(scenario::ScenarioArgs),
    RateCard(rate_card::RateCardArgs),
    Concentration(concentration::ConcentrationArgs),
    // The help text is CockpitArgs' doc comment.
    Cockpit(cockpit::CockpitArgs),
    CostPerOutcome(cost_per_outcome::CostPerOutcomeArgs),
    Icer(icer::IcerArgs),
    // The help texts are the Args structs' doc comments.
    Costs(costs::CostsArgs),
    CostEffect(cost_effect::CostEffectArgs),
}

/// Runs the subcommand.
pub fn run(args: Args) -> Result<(), CliError> {
    match args.command {
        Command::BusinessCase(a) => business_case::run(a),
        Command::Projection(a) => projection::run(a),
        Command::Scenario(a) => scenario::run(a),
        Command::RateCard(a) => rate_card::run(a),
        Command::Concentration(a) => concentration::run(a),
        Command::Cockpit(a) => cockpit::run(a),
        Command::CostPerOutcome(a) => cost_per_outcome::run(a),
        Command::Icer(a) => icer::run(a),
        Command::Costs(a) => costs::run(a),
        Command::CostEffect(a) => cost_effect::run(a),
    }
}
