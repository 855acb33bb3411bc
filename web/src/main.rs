//! Entry point of the browser app: set up panics, mount the app.

fn main() {
    console_error_panic_hook::set_once();
    mailmove_web::idn::register();
    leptos::mount::mount_to_body(mailmove_web::App);
}
