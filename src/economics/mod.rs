//! Economics: what a measure costs and what it saves. A business case for a social
//! investment, and a cohort scenario of the savings when people step down.

mod business_case;
mod scenario;

pub use business_case::{
    BusinessCase, BusinessCaseFit, BusinessYear, Extension, Sensitivity, SensitivityInput,
    MINISTRY_OF_FINANCE_DISCOUNT_RATE,
};
pub use scenario::{Scenario, ScenarioFit};
