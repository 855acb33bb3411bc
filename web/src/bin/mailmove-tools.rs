//! Entry point of the tools bundle (the cutover monitor and the embed snippet page): a
//! separate bundle, so the public check page does not carry their code.

fn main() {
    console_error_panic_hook::set_once();
    mailmove_web::idn::register();
    leptos::mount::mount_to_body(mailmove_web::ToolsApp);
}
