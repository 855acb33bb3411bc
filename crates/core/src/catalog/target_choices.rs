//! The targets' ids and names on their own, for a page that offers the choice of
//! target without carrying the catalog: referring to [`super::targets`] pulls every
//! provider's patterns, records and notes into the check page's WebAssembly. The
//! catalog's entries take their id and name from here, so the two cannot differ.

use crate::Text;

/// A target as a choice in a form.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TargetChoice {
    /// The catalog id.
    pub id: &'static str,
    /// The name shown.
    pub name: Text,
}

/// Google Workspace.
pub const GOOGLE_WORKSPACE: TargetChoice = TargetChoice {
    id: "google-workspace",
    name: Text {
        ja: "Google Workspace",
        en: "Google Workspace",
    },
};

/// Microsoft 365.
pub const MICROSOFT_365: TargetChoice = TargetChoice {
    id: "microsoft-365",
    name: Text {
        ja: "Microsoft 365(Exchange Online)",
        en: "Microsoft 365 (Exchange Online)",
    },
};

/// Zoho Mail, global data centres.
pub const ZOHO_MAIL: TargetChoice = TargetChoice {
    id: "zoho-mail",
    name: Text {
        ja: "Zoho Mail",
        en: "Zoho Mail",
    },
};

/// Zoho Mail, Japan data centre.
pub const ZOHO_MAIL_JP: TargetChoice = TargetChoice {
    id: "zoho-mail-jp",
    name: Text {
        ja: "Zoho Mail(日本データセンター)",
        en: "Zoho Mail (Japan data centre)",
    },
};

/// Amazon WorkMail.
pub const AMAZON_WORKMAIL: TargetChoice = TargetChoice {
    id: "amazon-workmail",
    name: Text {
        ja: "Amazon WorkMail",
        en: "Amazon WorkMail",
    },
};

/// Fastmail.
pub const FASTMAIL: TargetChoice = TargetChoice {
    id: "fastmail",
    name: Text {
        ja: "Fastmail",
        en: "Fastmail",
    },
};

/// Proton Mail.
pub const PROTON_MAIL: TargetChoice = TargetChoice {
    id: "proton-mail",
    name: Text {
        ja: "Proton Mail",
        en: "Proton Mail",
    },
};

/// Every target, in the catalog's order.
pub const ALL: [TargetChoice; 7] = [
    GOOGLE_WORKSPACE,
    MICROSOFT_365,
    ZOHO_MAIL,
    ZOHO_MAIL_JP,
    AMAZON_WORKMAIL,
    FASTMAIL,
    PROTON_MAIL,
];

#[cfg(test)]
mod tests {
    #[test]
    fn the_choices_are_the_catalogs_targets_in_order() {
        let catalog: Vec<_> = super::super::targets()
            .map(|provider| (provider.id, provider.name))
            .collect();
        let choices: Vec<_> = super::ALL
            .iter()
            .map(|choice| (choice.id, choice.name))
            .collect();
        assert_eq!(choices, catalog);
    }
}
