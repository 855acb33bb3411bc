//! What each outcome means for the user, in Japanese and English.

use serde::{Deserialize, Serialize};

use super::outcome::{CertificateCheck, TlsOutcome, Unknown, Verdict};
use super::reply::Reply;
use crate::Text;

/// What a refusal is about, read from the enhanced code and the server's words.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Refusal {
    /// No such mailbox (5.1.1, "User unknown", "does not exist" …).
    UnknownUser,
    /// The server does not take mail for the domain (5.1.2, "Relay access denied"):
    /// the domain has not been added to the service yet.
    DomainNotServed,
    /// Refused for a reason about the sender or the connection (5.7.x).
    Policy,
    /// Anything else.
    Other,
}

/// Words servers use for an unknown mailbox, lower case.
const UNKNOWN_USER_WORDS: [&str; 10] = [
    "user unknown",
    "unknown user",
    "no such user",
    "does not exist",
    "unknown recipient",
    "recipient not found",
    "recipientnotfound",
    "mailbox unavailable",
    "invalid recipient",
    "no mailbox",
];

/// What `reply` (a 5yz to RCPT TO) refuses.
pub fn refusal(reply: &Reply) -> Refusal {
    let words = reply.words().to_ascii_lowercase();
    let enhanced = reply
        .enhanced
        .map(|code| (code.class, code.subject, code.detail));
    // "Relay access denied" is Postfix's, "Relay Access Denied" Microsoft's, for a
    // domain the server does not take mail for; check it before the codes, which
    // vary (5.7.1, 5.4.1, 5.7.64).
    if words.contains("relay") || enhanced == Some((5, 1, 2)) {
        return Refusal::DomainNotServed;
    }
    // 5.4.1 without "relay" is Microsoft 365's "Recipient address rejected: Access
    // denied" for an address its directory does not know.
    if matches!(enhanced, Some((5, 1, 1) | (5, 4, 1)))
        || UNKNOWN_USER_WORDS.iter().any(|word| words.contains(word))
    {
        return Refusal::UnknownUser;
    }
    if matches!(enhanced, Some((5, 7, _))) {
        return Refusal::Policy;
    }
    Refusal::Other
}

/// What `verdict` means, for people.
pub fn explain(verdict: &Verdict) -> Text {
    match verdict {
        Verdict::Accepted { .. } => Text {
            ja: "移行先のサーバーはこのアドレス宛てのメールを受け付けます。",
            en: "The new server accepts mail for this address.",
        },
        Verdict::Refused { reply } => match refusal(reply) {
            Refusal::UnknownUser => Text {
                ja: "このアドレスは移行先にまだありません。アカウントかエイリアスを作ってください。",
                en: "This address does not exist on the new service yet: create an account or an alias for it.",
            },
            Refusal::DomainNotServed => Text {
                ja: "移行先のサーバーはこのドメインのメールをまだ受け付けていません。移行先の管理画面でドメインを追加(所有権を確認)してください。",
                en: "The new server does not take mail for this domain yet: add (and verify) the domain in the new service's admin console.",
            },
            Refusal::Policy => Text {
                ja: "移行先のサーバーがポリシーにより断りました(確認に使った接続元の評価など)。サーバーの返答を確認してください。",
                en: "The new server refused by policy (for example, the reputation of the connection the probe came from); read its reply.",
            },
            Refusal::Other => Text {
                ja: "移行先のサーバーがこのアドレスを断りました。サーバーの返答を確認してください。",
                en: "The new server refused this address; read its reply.",
            },
        },
        Verdict::CouldNotTell { why } => explain_unknown(why),
    }
}

/// Why a probe could not tell, for people.
pub fn explain_unknown(why: &Unknown) -> Text {
    match why {
        Unknown::Temporary { .. } => Text {
            ja: "一時的に断られました(グレイリスティングなど)。数分後にもう一度確認してください。",
            en: "Refused for now (greylisting or a temporary problem): probe again in a few minutes.",
        },
        Unknown::CatchAll { .. } => Text {
            ja: "確かめられません。このサーバーは存在しないアドレスも受け付けます(どのアドレスでも受け付けるサーバー)。",
            en: "Could not tell: the server accepts any address, even a made-up one.",
        },
        Unknown::SessionRefused { .. } => Text {
            ja: "アドレスを尋ねる前にサーバーが接続を断りました。サーバーの返答を確認してください。",
            en: "The server refused the session before any address could be asked; read its reply.",
        },
        Unknown::Timeout { .. } => Text {
            ja: "サーバーの返答が時間内にありませんでした。",
            en: "The server did not answer in time.",
        },
        Unknown::ConnectionClosed { .. } => Text {
            ja: "サーバーが途中で接続を切りました。",
            en: "The server closed the connection before answering.",
        },
        Unknown::BadReply { .. } => Text {
            ja: "サーバーの返答をSMTPとして読めませんでした(長すぎる、または形式が違う)。",
            en: "The server's reply could not be read as SMTP (too long, or not a reply).",
        },
        Unknown::TlsFailed { .. } => Text {
            ja: "STARTTLSの後のTLS接続に失敗しました。",
            en: "The TLS handshake after STARTTLS failed.",
        },
        Unknown::ConnectTimeout => Text {
            ja: "ポート25への接続がタイムアウトしました。多くの日本のオフィス・家庭回線は外向きの25番ポートを塞いでいます (OP25B)。サーバー上で実行してください。",
            en: "Connecting to port 25 timed out. Many Japanese office and home networks block outgoing port 25 (OP25B): run the probe on a server.",
        },
        Unknown::ConnectFailed { .. } => Text {
            ja: "サーバーに接続できませんでした。",
            en: "Could not connect to the server.",
        },
        Unknown::NotAllowed { .. } => Text {
            ja: "このサーバーのアドレスはプライベートやループバックなど公開されていないものなので、接続しませんでした。",
            en: "The exchanger's address is not public (private, loopback …), so it was not contacted.",
        },
        Unknown::UnusableAddress => Text {
            ja: "SMTPのコマンドに書けないアドレスなので、尋ねていません(空白、制御文字、日本語など)。",
            en: "The address cannot be written in an SMTP command (spaces, control characters, non-ASCII), so it was not asked.",
        },
    }
}

/// What the exchanger's TLS means, for people.
pub fn explain_tls(tls: &TlsOutcome) -> Text {
    match tls {
        TlsOutcome::NotOffered => Text {
            ja: "STARTTLSがありません。このサーバーへのメールは暗号化されずに届きます。",
            en: "No STARTTLS: mail to this server travels unencrypted.",
        },
        TlsOutcome::Refused { .. } => Text {
            ja: "STARTTLSを提供していますが、コマンドを断りました。メールは暗号化されずに届きます。",
            en: "STARTTLS is offered but the command was refused: mail travels unencrypted.",
        },
        TlsOutcome::Failed { .. } => Text {
            ja: "STARTTLSの後のTLS接続に失敗しました。",
            en: "The TLS handshake after STARTTLS failed.",
        },
        TlsOutcome::Established { facts } => match facts.verification {
            CertificateCheck::Verified => Text {
                ja: "TLSで接続でき、証明書はこのサーバー名に対して有効です。",
                en: "TLS works and the certificate is valid for this server's name.",
            },
            CertificateCheck::NotVerified { .. } => Text {
                ja: "TLSで接続できますが、証明書を検証できません。MTA-STSやDANEで暗号化を求める送信元はこのサーバーに届けません。",
                en: "TLS works but the certificate does not verify: senders that require TLS (MTA-STS, DANE) will not deliver to this server.",
            },
        },
        TlsOutcome::NotReached => Text {
            ja: "STARTTLSの前に接続が終わりました。",
            en: "The session ended before STARTTLS.",
        },
    }
}
