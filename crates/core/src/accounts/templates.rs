//! The bulk user-creation templates of the targets, as providers.md §2 records them,
//! and which target takes which.

/// Microsoft 365 admin center, "Add multiple users": the headers must match the sample
/// exactly and keep their order (providers.md §2, H). User Name and Display Name are
/// required.
///
/// Source: Microsoft, "Add several users at the same time to Microsoft 365 - Admin
/// Help", https://support.office.com/en-us/article/add-multiple-users-using-bulk-import-1f5767ed-e717-4f24-969c-6ea9d412ca88
/// (the English page; its sample has these 16 columns, `Alternate email address`
/// included), checked 2026-12-06. The older copy in MicrosoftDocs/microsoft-365-docs
/// (`microsoft-365/enterprise/add-several-users-at-the-same-time.md`, ms.date
/// 2020-08-10) and its localized copies lack `Alternate email address`: do not go back
/// to 15 columns.
pub(crate) const MICROSOFT_365_HEADER: [&str; 16] = [
    "User Name",
    "First Name",
    "Last Name",
    "Display Name",
    "Job Title",
    "Department",
    "Office Number",
    "Office Phone",
    "Mobile Phone",
    "Fax",
    "Alternate email address",
    "Address",
    "City",
    "State or Province",
    "ZIP or Postal Code",
    "Country or Region",
];

/// Microsoft 365 takes at most this many users in one "Add multiple users" file
/// (providers.md §2: 249 users, 250 rows with the header; checked 2026-12-06). The
/// 2020 copy of Microsoft's page said "no more than 251 rows"; 249 fits both, so
/// longer lists are split into numbered files.
pub const MICROSOFT_365_USERS_PER_CSV: usize = 249;

/// Google Workspace Admin console bulk upload: the first six columns of the downloaded
/// template (providers.md §2, M). The template goes on for twenty-odd columns, and its
/// tail varies by version (`New Licenses…` in one copy, `Advanced Protection…` in
/// another; every copy seen was cut off), so only the stable head is written; minimal
/// uploads of the first columns are common. `Change Password at Next Sign-In` is left
/// out because it is column 26, not 7: a user who wants it should download the live
/// template and copy these columns into it (a note on the file says so).
///
/// Source: Google, "Add or update multiple users from a CSV file",
/// https://support.google.com/a/answer/40057 (read through stored copies, checked
/// 2026-12-06): the required columns are First Name, Last Name, Email Address, Password
/// and Org Unit Path (`/` for the top-level unit); non-ASCII names need UTF-8 with BOM;
/// Recovery Phone must be E.164 (`+81…`). The page does not print the header row: the
/// exact spellings with `[Required]` / `[UPLOAD ONLY]` come from downloaded templates
/// that people published (providers.md §2), not from Google's page.
pub(crate) const GOOGLE_WORKSPACE_HEADER: [&str; 6] = [
    "First Name [Required]",
    "Last Name [Required]",
    "Email Address [Required]",
    "Password [Required]",
    "Password Hash Function [UPLOAD ONLY]",
    "Org Unit Path [Required]",
];

/// Zoho Mail (zoho.com and zoho.jp data centres): headers from an old Zoho wiki
/// (providers.md §2, **L**: low confidence, old).
///
/// Source: Zoho, "Importing Users", https://adminconsole.wiki.zoho.com/users/Importing-Users.html
/// ("Give the header as 'Username', 'Password', 'First Name' and 'Last Name'"), checked
/// 2026-12-06. Zoho's current page, https://www.zoho.com/mail/help/adminconsole/adding-users.html,
/// gives the 200-user limit but, in the copy read, no column list; no Japanese
/// (zoho.jp) page with a column list was found. The file carries a note to compare
/// with the sample in the admin console.
pub(crate) const ZOHO_HEADER: [&str; 4] = ["Username", "Password", "First Name", "Last Name"];

/// Zoho Mail's CSV adds up to 200 users at a time (providers.md §2, H:
/// https://www.zoho.com/mail/help/adminconsole/adding-users.html, checked 2026-12-06).
/// The catalog has no bulk-CSV data, so the number lives here with its source.
pub const ZOHO_USERS_PER_CSV: usize = 200;

/// The worklist of addresses that are not users.
pub(crate) const OTHER_HEADER: [&str; 3] = [
    "アドレス / Address",
    "種別 / Kind",
    "配信先・理由 / Delivers to or reason",
];

/// Which template a target takes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum CsvFormat {
    /// Microsoft 365 "Add multiple users".
    Microsoft365,
    /// Google Workspace bulk upload.
    GoogleWorkspace,
    /// Zoho Mail (both data centres).
    Zoho,
}

impl CsvFormat {
    /// Users per file: the target's limit, or `usize::MAX` where none is known.
    pub(crate) fn users_per_file(self) -> usize {
        match self {
            CsvFormat::Microsoft365 => MICROSOFT_365_USERS_PER_CSV,
            CsvFormat::GoogleWorkspace => usize::MAX,
            CsvFormat::Zoho => ZOHO_USERS_PER_CSV,
        }
    }
}

impl CsvFormat {
    /// The format for a catalog target id; `None` where providers.md knows none.
    pub(crate) fn for_target(id: &str) -> Option<CsvFormat> {
        match id {
            "microsoft-365" => Some(CsvFormat::Microsoft365),
            "google-workspace" => Some(CsvFormat::GoogleWorkspace),
            "zoho-mail" | "zoho-mail-jp" => Some(CsvFormat::Zoho),
            _ => None,
        }
    }
}
