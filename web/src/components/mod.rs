//! One component per file.

mod accounts;
mod breakable;
mod check_form;
mod embed;
mod lang_switch;
mod monitor;
mod plan_step_page;
mod plan_steps;
pub(crate) mod planner;
mod records;
pub mod report;
mod server_status;

pub use accounts::AccountsPage;
pub use check_form::CheckForm;
pub use embed::{EmbedApp, SnippetPage, accent_colour, ink_for};
pub use lang_switch::LangSwitch;
pub use monitor::MonitorPage;
pub use planner::PlannerPage;
pub use records::RecordsPage;
pub use server_status::ServerStatus;
