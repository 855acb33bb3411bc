//! The files of `mailmove accounts`: the input decoded, passwords from the OS, where
//! each output file goes, the old IMAP server and the migration batch.

use std::path::{Path, PathBuf};

use anyhow::Context as _;
use mailmove_core::accounts::{AccountList, Destination, Passwords};

use super::{AccountsArgs, ImapSecurity};

/// Why the old IMAP server is not complete: what is missing, for people.
pub fn missing_imap_server(
    args: &AccountsArgs,
    domain: &mailmove_core::DomainName,
) -> Result<mailmove_core::accounts::migration::ImapServer, mailmove_core::Message> {
    use mailmove_core::accounts::migration::ImapServer;
    use mailmove_core::catalog::client_settings::{MailProtocol, Security, prefill};
    let prefilled = args
        .source
        .as_deref()
        .map(|id| prefill(id, domain.as_str(), &[]))
        .unwrap_or_default()
        .into_iter()
        .find(|server| server.protocol == MailProtocol::Imap);
    let host = args
        .imap_host
        .clone()
        .or_else(|| prefilled.as_ref().and_then(|server| server.host.clone()));
    let port = args
        .imap_port
        .or_else(|| prefilled.as_ref().and_then(|server| server.port));
    let security = match args.imap_security {
        Some(ImapSecurity::Starttls) => Some(Security::StartTls),
        Some(ImapSecurity::Ssl) => Some(Security::SslTls),
        None => prefilled.as_ref().and_then(|server| server.security),
    };
    match (host, port, security) {
        (Some(host), Some(port), Some(security)) => {
            ImapServer::new(&host, port, security).map_err(|error| error.message())
        }
        (host, port, security) => {
            let mut missing = Vec::new();
            if host.is_none() {
                let hint = prefilled
                    .as_ref()
                    .and_then(|server| server.host_example.clone())
                    .map(|example| format!(" ({example})"))
                    .unwrap_or_default();
                missing.push(format!("--imap-host{hint}"));
            }
            if port.is_none() {
                missing.push("--imap-port".to_owned());
            }
            if security.is_none() {
                missing.push("--imap-security".to_owned());
            }
            let missing = missing.join(", ");
            Err(mailmove_core::Message {
                ja: format!(
                    "旧サーバーのIMAP設定がわかりません。メールソフトの設定を確認して指定してください: {missing}"
                ),
                en: format!(
                    "The old IMAP server is not known: check a mail client's settings and give {missing}"
                ),
            })
        }
    }
}

/// Writes the migration batch's files beside `path` and prints what to enter, the
/// limits and the mailboxes moved from the mail client.
pub fn write_migration_batch(
    out: &mut impl std::io::Write,
    batch: &mailmove_core::accounts::migration::MigrationBatch,
    path: &Path,
    lang: mailmove_core::Lang,
) -> anyhow::Result<()> {
    let (settings, limits, client, nothing) = match lang {
        mailmove_core::Lang::Ja => (
            "入力する設定:",
            "上限:",
            "PCのメールソフトから移すメールボックス(POP、サーバーにコピーなし):",
            "旧サーバーに移すメールがないメールボックス:",
        ),
        mailmove_core::Lang::En => (
            "Settings to enter:",
            "Limits:",
            "Mailboxes moved from the PC's mail client (POP, no copy on the server):",
            "Mailboxes with nothing on the old server:",
        ),
    };
    for (index, file) in batch.files.iter().enumerate() {
        let target = path_for(path, index, file.part, &file.name);
        std::fs::write(&target, &file.content)
            .with_context(|| format!("cannot write {}", target.display()))?;
        writeln!(out, "{}", target.display())?;
        for note in &file.notes {
            writeln!(out, "  {}", note.get(lang))?;
        }
    }
    writeln!(out, "{settings}")?;
    for line in &batch.settings {
        writeln!(out, "  {}", line.get(lang))?;
    }
    writeln!(out, "{limits}")?;
    for line in &batch.limits {
        writeln!(out, "  {}", line.get(lang))?;
    }
    if !batch.client_import.is_empty() {
        writeln!(out, "{client}")?;
        for mailbox in &batch.client_import {
            writeln!(out, "  {}", mailbox.address)?;
            for (number, step) in mailbox.steps.iter().enumerate() {
                writeln!(out, "    {}. {}", number + 1, step.get(lang))?;
            }
        }
    }
    if !batch.nothing_to_move.is_empty() {
        writeln!(out, "{nothing} {}", batch.nothing_to_move.join(", "))?;
    }
    Ok(())
}

/// The input's text: UTF-8 (with or without BOM) or Shift_JIS (what Japanese Excel
/// writes), decided for the whole file by core; a file mixing both is refused.
pub fn decode(bytes: &[u8]) -> Result<String, mailmove_core::accounts::MixedEncoding> {
    use mailmove_core::accounts::{FileEncoding, file_encoding};
    Ok(match file_encoding(bytes)? {
        FileEncoding::Utf8 => String::from_utf8_lossy(bytes)
            .trim_start_matches('\u{feff}')
            .to_owned(),
        FileEncoding::ShiftJis => encoding_rs::SHIFT_JIS.decode(bytes).0.into_owned(),
    })
}

/// Every undecided address becomes a mailbox named from what the list knows (see
/// [`mailmove_core::accounts::Account::as_mailbox`]).
pub fn unassigned_as_users(list: &mut AccountList) {
    for account in &mut list.accounts {
        if account.destination == Destination::Unassigned {
            account.destination = account.as_mailbox();
        }
    }
}

/// Strong passwords from the operating system's randomness, one per user.
pub fn generate_passwords(list: &AccountList) -> anyhow::Result<Passwords> {
    use std::io::Read as _;
    let mut random = std::fs::File::open("/dev/urandom").context("cannot open /dev/urandom")?;
    let mut given = std::collections::BTreeMap::new();
    for account in &list.accounts {
        if matches!(account.destination, Destination::User { .. }) {
            let mut bytes = [0_u8; 16];
            random.read_exact(&mut bytes)?;
            given.insert(
                account.address.clone(),
                mailmove_core::accounts::password_from_random(&bytes),
            );
        }
    }
    Ok(Passwords::Given(given))
}

/// Where a file of the export goes: a numbered upload file (`part`) to `output` with
/// `-N` before its extension (`users.csv` → `users-1.csv`), the first other file to
/// `output`, the rest in its directory under their own names.
pub fn path_for(output: &Path, index: usize, part: Option<usize>, name: &str) -> PathBuf {
    if let Some(part) = part {
        let stem = output
            .file_stem()
            .map(|stem| stem.to_string_lossy().into_owned())
            .unwrap_or_default();
        let numbered = match output.extension() {
            Some(extension) => format!("{stem}-{part}.{}", extension.to_string_lossy()),
            None => format!("{stem}-{part}"),
        };
        output.with_file_name(numbered)
    } else if index == 0 {
        output.to_path_buf()
    } else {
        output.parent().unwrap_or_else(|| Path::new(".")).join(name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbered_files_follow_the_output_name() {
        let output = Path::new("/tmp/out/users.csv");
        assert_eq!(
            path_for(output, 0, Some(1), "x-users-1.csv"),
            Path::new("/tmp/out/users-1.csv")
        );
        assert_eq!(
            path_for(output, 1, Some(2), "x-users-2.csv"),
            Path::new("/tmp/out/users-2.csv")
        );
        assert_eq!(path_for(output, 0, None, "x-users.csv"), output);
        assert_eq!(
            path_for(output, 2, None, "x-other-addresses.csv"),
            Path::new("/tmp/out/x-other-addresses.csv")
        );
        assert_eq!(
            path_for(Path::new("users"), 0, Some(3), "x"),
            Path::new("users-3")
        );
    }
}
