//! `mailmove accounts`: the old server's addresses in (a pasted list or a CSV, UTF-8 or
//! Shift_JIS), the target's bulk-create CSV out, and every address left without a
//! destination named.

use std::path::{Path, PathBuf};

use anyhow::Context as _;
use mailmove_core::accounts::{AccountList, Destination, Passwords};

/// `mailmove accounts`.
#[derive(Debug, clap::Args)]
pub struct AccountsArgs {
    /// The domain (completes bare local parts, finds addresses outside it). Without
    /// it, the domain of the input's addresses, when they all have one.
    #[arg(long)]
    pub domain: Option<String>,
    /// The target's catalog id (microsoft-365, google-workspace, zoho-mail …).
    #[arg(long)]
    pub target: String,
    /// The old server's addresses: a list, or a CSV with a header (UTF-8 or Shift_JIS).
    #[arg(long, value_name = "FILE")]
    pub input: PathBuf,
    /// The bulk-create CSV. When the target takes fewer users per file than the list
    /// has (Microsoft 365: 249, Zoho: 200), numbered files FILE-1.csv, FILE-2.csv …
    /// are written instead; the list of aliases and groups to create by hand goes
    /// beside it under its own name.
    #[arg(long, value_name = "FILE")]
    pub output: PathBuf,
    /// Make every address the input does not assign a mailbox of its own. Without it,
    /// undecided addresses stop the export and are listed.
    #[arg(long)]
    pub unassigned_as_users: bool,
    /// Passwords: leave the column for the admin (`blank`, default) or generate strong
    /// random ones (`generate`).
    #[arg(long, default_value = "blank", value_parser = ["blank", "generate"])]
    pub passwords: String,
    /// Language of messages: ja or en (default: from LANG, else ja).
    #[arg(long)]
    pub lang: Option<String>,
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
