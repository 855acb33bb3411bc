//! Entry point of the planner's records page: a bundle of its own, so the plan's page
//! does not carry the record views, the DNS hosts' guides and the zone writer.

fn main() {
    console_error_panic_hook::set_once();
    mailmove_web::idn::register();
    leptos::mount::mount_to_body(mailmove_web::RecordsApp);
}
