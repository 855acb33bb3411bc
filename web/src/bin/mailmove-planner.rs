//! Entry point of the planner: a bundle of its own, so neither the check page nor the
//! monitor carries its code (the largest of the three).

fn main() {
    console_error_panic_hook::set_once();
    mailmove_web::idn::register();
    leptos::mount::mount_to_body(mailmove_web::PlannerApp);
}
