//! One component per file.

mod check_form;
mod lang_switch;
pub mod report;
mod server_status;

pub use check_form::CheckForm;
pub use lang_switch::LangSwitch;
pub use server_status::ServerStatus;
