use super::old_mail::{Method, advise};
use super::*;
use crate::catalog::targets::{GOOGLE_WORKSPACE, MICROSOFT_365};
use crate::catalog::targets_other::{FASTMAIL, ZOHO_MAIL_JP};

fn mailbox(read_via: ReadVia, size_mb: Option<u32>) -> Mailbox {
    Mailbox { read_via, size_mb }
}

fn all_text(reasons: &[crate::Message]) -> (String, String) {
    (
        reasons
            .iter()
            .map(|r| r.ja.as_str())
            .collect::<Vec<_>>()
            .join("\n"),
        reasons
            .iter()
            .map(|r| r.en.as_str())
            .collect::<Vec<_>>()
            .join("\n"),
    )
}

#[test]
fn pop_without_a_copy_means_importing_from_the_client() {
    let pop = ReadVia::Pop {
        keeps_copy_on_server: false,
    };
    let advice = advise(&mailbox(pop, None), &GOOGLE_WORKSPACE);
    assert_eq!(advice.method, Method::ClientImport);
    assert_eq!(advice.estimate_hours, None);
    let (ja, en) = all_text(&advice.reasons);
    assert!(ja.contains("PC") && ja.contains("Outlook"), "{ja}");
    assert!(en.contains("nothing on the server to move"), "{en}");
    assert!(!en.contains("still reports"));
    // Mail still on the server is pointed out, but the method stays the same.
    let advice = advise(&mailbox(pop, Some(40)), &MICROSOFT_365);
    assert_eq!(advice.method, Method::ClientImport);
    assert!(all_text(&advice.reasons).1.contains("still reports 40 MB"));
}

#[test]
fn imap_with_a_size_uses_the_targets_tool_and_estimates_a_range() {
    let advice = advise(&mailbox(ReadVia::Imap, Some(2048)), &GOOGLE_WORKSPACE);
    let tool = &GOOGLE_WORKSPACE.setup.unwrap().migration[0];
    assert_eq!(
        advice.method,
        Method::TargetTool {
            name: tool.name.into()
        }
    );
    // 2 GB at 1 GB/h to 256 MB/h.
    assert_eq!(
        advice.estimate_hours,
        Some((Hours::from_tenths(20), Hours::from_tenths(80)))
    );
    let (ja, en) = all_text(&advice.reasons);
    let limit = tool.max_message_mb.unwrap();
    assert!(en.contains(&format!("larger than {limit} MB")), "{en}");
    assert!(ja.contains(&format!("{limit} MBを超える")), "{ja}");
    assert!(en.contains("256 MB to 1 GB per hour"), "{en}");
    assert!(en.contains("2.0–8.0 hours"), "{en}");
    // A tiny mailbox still gets a non-zero range.
    let advice = advise(&mailbox(ReadVia::Imap, Some(1)), &GOOGLE_WORKSPACE);
    assert_eq!(
        advice.estimate_hours,
        Some((Hours::from_tenths(1), Hours::from_tenths(1)))
    );
}

#[test]
fn webmail_uses_the_targets_imap_tool_with_its_limits() {
    let advice = advise(&mailbox(ReadVia::Webmail, None), &MICROSOFT_365);
    let tool = &MICROSOFT_365.setup.unwrap().migration[0];
    assert_eq!(
        advice.method,
        Method::TargetTool {
            name: tool.name.into()
        }
    );
    assert_eq!(advice.estimate_hours, None);
    let en = all_text(&advice.reasons).1;
    assert!(en.contains("webmail"), "{en}");
    assert!(
        en.contains(&format!("larger than {} MB", tool.max_message_mb.unwrap())),
        "{en}"
    );
    assert!(
        en.contains(&format!(
            "at most {} items",
            tool.max_items_per_mailbox.unwrap()
        )),
        "{en}"
    );
}

#[test]
fn pop_with_a_copy_uses_the_tool_and_mentions_pc_folders() {
    let pop = ReadVia::Pop {
        keeps_copy_on_server: true,
    };
    let advice = advise(&mailbox(pop, Some(512)), &ZOHO_MAIL_JP);
    assert!(matches!(advice.method, Method::TargetTool { .. }));
    let en = all_text(&advice.reasons).1;
    assert!(en.contains("exist only on the PC"), "{en}");
    // Zoho's catalog entry names no size limit: none is invented.
    assert!(!en.contains("leaves behind"), "{en}");
    assert_eq!(
        advice.estimate_hours,
        Some((Hours::from_tenths(5), Hours::from_tenths(20)))
    );
}

#[test]
fn targets_without_a_tool_get_an_imap_copy_and_empty_mailboxes_nothing() {
    let advice = advise(&mailbox(ReadVia::Imap, Some(100)), &FASTMAIL);
    assert_eq!(advice.method, Method::ImapSync);
    assert!(all_text(&advice.reasons).1.contains("imapsync"));
    assert!(advice.estimate_hours.is_some());
    let advice = advise(&mailbox(ReadVia::Imap, Some(0)), &GOOGLE_WORKSPACE);
    assert_eq!(advice.method, Method::NothingOnServer);
    assert_eq!(advice.estimate_hours, None);
}

#[test]
fn an_unknown_reading_method_is_flagged() {
    let advice = advise(&Mailbox::default(), &GOOGLE_WORKSPACE);
    assert!(matches!(advice.method, Method::TargetTool { .. }));
    assert!(
        all_text(&advice.reasons)
            .1
            .starts_with("How the mailbox is read is unknown")
    );
}

/// A target outside the catalog: an IMAP copy, with a time range, and no tool named.
#[test]
fn a_custom_target_gets_an_imap_copy() {
    let advice = super::old_mail::advise_for_target_id(
        &mailbox(ReadVia::Imap, Some(512)),
        crate::records::CUSTOM_TARGET,
    );
    assert_eq!(advice.method, Method::ImapSync);
    assert!(advice.estimate_hours.is_some());
    assert!(
        advice
            .reasons
            .iter()
            .any(|reason| reason.ja.contains("プロバイダーに確認"))
    );
}
