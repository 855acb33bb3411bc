//! Secure mail gateways. When MX names one, the MX says nothing about where the
//! mailboxes are: the gateway relays to them.
//!
//! Facts from the research notes (`providers.md`) §3.3. HENNGE was not found in the research.

use super::{Gateway, HostPattern};
use crate::Text;

/// Every gateway.
pub static ALL: &[&Gateway] = &[
    &PROOFPOINT,
    &PROOFPOINT_ESSENTIALS,
    &MIMECAST,
    &BARRACUDA,
    &CISCO_SECURE_EMAIL,
    &TREND_MICRO,
    &SOPHOS,
    &SYMANTEC_MESSAGELABS,
    &FORCEPOINT,
    &FIREEYE,
    &APPRIVER,
    &MCAFEE_MXLOGIC,
    &SPAMEXPERTS,
    &HORNETSECURITY,
    &FORTIMAIL,
    &SPAMHERO,
];

/// A gateway recognised by MX alone.
const fn mx_only(id: &'static str, name: Text, mx: &'static [HostPattern]) -> Gateway {
    Gateway {
        id,
        name,
        mx,
        spf_includes: &[],
    }
}

/// A name that reads the same in both languages (product names).
const fn same_in_both(name: &'static str) -> Text {
    Text { ja: name, en: name }
}

// Source: https://github.com/jace/mxsniff (file mxsniff/providers.py), checked 2026-11-28 (M).
// Source: https://github.com/customeros/mailsherpa (file internal/mx/knownFirewalls.go), checked 2026-11-28 (M).
// Source: providers.md §3.3, real SPF records (no URL), checked 2026-11-28 (M: spf-<hex>.pphosted.com).
/// Proofpoint.
pub static PROOFPOINT: Gateway = Gateway {
    id: "proofpoint",
    name: same_in_both("Proofpoint"),
    mx: &[HostPattern("*.pphosted.com")],
    spf_includes: &[HostPattern("spf-*.pphosted.com")],
};

// Source: https://github.com/customeros/mailsherpa (file internal/mx/knownFirewalls.go), checked 2026-11-28 (M/L: mailsherpa labels it "broadcom", other detectors Proofpoint Essentials).
// Source: providers.md §3.3, an unattributed detector (no URL), checked 2026-11-28.
/// Proofpoint Essentials.
pub static PROOFPOINT_ESSENTIALS: Gateway = mx_only(
    "proofpoint-essentials",
    same_in_both("Proofpoint Essentials"),
    &[HostPattern("*.ppe-hosted.com")],
);

// Source: https://github.com/jace/mxsniff (file mxsniff/providers.py), checked 2026-11-28 (M).
// Source: providers.md §3.3, unattributed scripts (no URL), checked 2026-11-28 (M: _netblocks.mimecast.com).
/// Mimecast.
pub static MIMECAST: Gateway = Gateway {
    id: "mimecast",
    name: same_in_both("Mimecast"),
    mx: &[
        HostPattern("*.mimecast.com"),
        HostPattern("*.mimecast.co.za"),
        HostPattern("*.mimecast-offshore.com"),
    ],
    spf_includes: &[HostPattern("_netblocks.mimecast.com")],
};

// Source: https://github.com/customeros/mailsherpa (file internal/mx/knownFirewalls.go), checked 2026-11-28 (M).
// Source: providers.md §3.3, unattributed (no URL), checked 2026-11-28 (M).
/// Barracuda Email Security Service.
pub static BARRACUDA: Gateway = Gateway {
    id: "barracuda",
    name: same_in_both("Barracuda"),
    mx: &[
        HostPattern("*.barracudanetworks.com"),
        HostPattern("ess.barracuda.com"),
    ],
    spf_includes: &[HostPattern("*.barracudanetworks.com")],
};

// Source: https://github.com/customeros/mailsherpa (file internal/mx/knownFirewalls.go), checked 2026-11-28 (M).
/// Cisco Secure Email (IronPort).
pub static CISCO_SECURE_EMAIL: Gateway = mx_only(
    "cisco-secure-email",
    same_in_both("Cisco Secure Email (IronPort)"),
    &[HostPattern("*.iphmx.com")],
);

// Source: https://success.trendmicro.com/jp/solution/1311358, checked 2026-11-28 (H: include:spf.hes.trendmicro.com).
// Source: https://github.com/eriktechwriter/ai-docs-poc (file docs/mx-records.md), checked 2026-11-28 (M: MX hosts).
/// Trend Micro Email Security. The exact MX host comes from the welcome e-mail.
pub static TREND_MICRO: Gateway = Gateway {
    id: "trend-micro",
    name: Text {
        ja: "トレンドマイクロ Email Security",
        en: "Trend Micro Email Security",
    },
    mx: &[
        HostPattern("*.trendmicro.com"),
        HostPattern("tmes.trendmicro.eu"),
    ],
    spf_includes: &[HostPattern("spf.hes.trendmicro.com")],
};

// Source: providers.md §3.3, an unattributed observed MX (no URL), checked 2026-11-28 (M).
/// Sophos Email.
pub static SOPHOS: Gateway = mx_only(
    "sophos",
    same_in_both("Sophos"),
    &[HostPattern("*.sophos.com")],
);

// Source: https://github.com/jace/mxsniff (file mxsniff/providers.py), checked 2026-11-28 (M).
/// Symantec / Broadcom Email Security (MessageLabs).
pub static SYMANTEC_MESSAGELABS: Gateway = mx_only(
    "symantec-messagelabs",
    same_in_both("Symantec / Broadcom (MessageLabs)"),
    &[
        HostPattern("*.*.messagelabs.com"),
        HostPattern("*.inboundmx.com"),
    ],
);

// Source: https://github.com/jace/mxsniff (file mxsniff/providers.py), checked 2026-11-28 (L).
/// Forcepoint Email Security.
pub static FORCEPOINT: Gateway = mx_only(
    "forcepoint",
    same_in_both("Forcepoint"),
    &[HostPattern("*.*.mailcontrol.com")],
);

// Source: https://github.com/jace/mxsniff (file mxsniff/providers.py), checked 2026-11-28 (L).
/// FireEye Email Security.
pub static FIREEYE: Gateway = mx_only(
    "fireeye",
    same_in_both("FireEye"),
    &[HostPattern("*.email.fireeyecloud.com")],
);

// Source: https://github.com/jace/mxsniff (file mxsniff/providers.py), checked 2026-11-28 (L).
/// AppRiver.
pub static APPRIVER: Gateway = mx_only(
    "appriver",
    same_in_both("AppRiver"),
    &[HostPattern("*.arsmtp.com")],
);

// Source: https://github.com/jace/mxsniff (file mxsniff/providers.py), checked 2026-11-28 (L).
/// McAfee MXLogic.
pub static MCAFEE_MXLOGIC: Gateway = mx_only(
    "mcafee-mxlogic",
    same_in_both("McAfee MXLogic"),
    &[HostPattern("*.mxlogic.net")],
);

// Source: https://github.com/jace/mxsniff (file mxsniff/providers.py), checked 2026-11-28 (L).
/// SpamExperts.
pub static SPAMEXPERTS: Gateway = mx_only(
    "spamexperts",
    same_in_both("SpamExperts"),
    &[HostPattern("mx.spamexperts.com")],
);

// Source: providers.md §3.3, unattributed detectors (no URL), checked 2026-11-28 (L).
/// Hornetsecurity.
pub static HORNETSECURITY: Gateway = mx_only(
    "hornetsecurity",
    same_in_both("Hornetsecurity"),
    &[HostPattern("*.hornetsecurity.com")],
);

// Source: providers.md §3.3, unattributed detectors (no URL), checked 2026-11-28 (L).
/// Fortinet FortiMail Cloud.
pub static FORTIMAIL: Gateway = mx_only(
    "fortimail",
    same_in_both("Fortinet FortiMail"),
    &[HostPattern("*.fortimail.com")],
);

// Source: providers.md §3.3, unattributed detectors (no URL), checked 2026-11-28 (L).
/// SpamHero.
pub static SPAMHERO: Gateway = mx_only(
    "spamhero",
    same_in_both("SpamHero"),
    &[HostPattern("*.spamh.com")],
);
