//! Entry point of the planner's accounts page: a bundle of its own, so the plan's page
//! does not carry the importer, the per-address decisions and the old-mail advice.

fn main() {
    console_error_panic_hook::set_once();
    mailmove_web::idn::register();
    leptos::mount::mount_to_body(mailmove_web::AccountsApp);
}
