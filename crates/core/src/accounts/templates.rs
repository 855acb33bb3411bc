//! The bulk user-creation templates of the targets, as providers.md §2 records them,
//! and which target takes which.

/// Microsoft 365 admin center, "Add multiple users": the headers must match the sample
/// exactly (providers.md §2, H). User Name and Display Name are required.
pub(crate) const MICROSOFT_365_HEADER: [&str; 15] = [
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
    "Address",
    "City",
    "State or Province",
    "ZIP or Postal Code",
    "Country or Region",
];

/// Google Workspace Admin console bulk upload: the first six columns of the downloaded
/// template (providers.md §2, M). The template goes on for twenty-odd columns, and its
/// tail varies by version (`New Licenses…` in one copy, `Advanced Protection…` in
/// another; every copy seen was cut off), so only the stable head is written; minimal
/// uploads of the first columns are common. `Change Password at Next Sign-In` is left
/// out because it is column 26, not 7: a user who wants it should download the live
/// template and copy these columns into it (a note on the file says so).
pub(crate) const GOOGLE_WORKSPACE_HEADER: [&str; 6] = [
    "First Name [Required]",
    "Last Name [Required]",
    "Email Address [Required]",
    "Password [Required]",
    "Password Hash Function [UPLOAD ONLY]",
    "Org Unit Path [Required]",
];

/// Zoho Mail: headers from an old Zoho wiki (providers.md §2, **L**: low confidence,
/// old). The limit below is from Zoho's current page (H).
pub(crate) const ZOHO_HEADER: [&str; 4] = ["Username", "Password", "First Name", "Last Name"];

/// Zoho Mail's CSV adds up to 200 users at a time (providers.md §2, H:
/// https://www.zoho.com/mail/help/adminconsole/adding-users.html). The catalog has
/// no bulk-CSV data, so the number lives here with its source.
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
