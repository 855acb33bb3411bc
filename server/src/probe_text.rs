//! `mailmove probe`'s text report, from the same [`json::ProbeJson`] the API answers.

use mailmove_core::Lang;
use mailmove_core::api as json;
use mailmove_core::smtp::{CertificateCheck, PolicyState, TlsOutcome, Unknown, Verdict};

/// Writes `probe` for people; `now` (Unix seconds) dates the certificates' expiry.
pub fn write_text(
    out: &mut impl std::io::Write,
    probe: &json::ProbeJson,
    lang: Lang,
    now: i64,
) -> std::io::Result<()> {
    let pick = |ja: String, en: String| if lang == Lang::Ja { ja } else { en };
    write_policy(out, &probe.mta_sts, lang)?;
    for exchanger in &probe.exchangers {
        let report = &exchanger.report;
        let at = report.connected_to.as_deref().unwrap_or("-");
        writeln!(out, "{} ({at})", report.host)?;
        if let Some(failure) = &exchanger.failure_message {
            writeln!(out, "  {}", failure.get(lang))?;
        }
        if let Some(banner) = &report.banner {
            let label = pick("バナー".into(), "Banner".into());
            writeln!(out, "  {label}: {}", banner.one_line())?;
        }
        writeln!(out, "  TLS: {}", exchanger.tls_message.get(lang))?;
        if let TlsOutcome::Established { facts } = &report.tls {
            writeln!(out, "       {} {}", facts.version, facts.cipher)?;
            if let CertificateCheck::NotVerified { why } = &facts.verification {
                writeln!(out, "       {}: {why}", pick("理由".into(), "Why".into()))?;
            }
            let label = pick("証明書の名前".into(), "Certificate names".into());
            writeln!(out, "       {label}: {}", facts.names.join(", "))?;
            if let Some(not_after) = facts.not_after {
                let days = (not_after - now).div_euclid(86_400);
                let date = mailmove_core::monitor::format_time(not_after.max(0) as u64, 0);
                let line = pick(
                    format!("有効期限: {date}(あと{days}日)"),
                    format!("Expires: {date} (in {days} days)"),
                );
                writeln!(out, "       {line}")?;
            }
        }
        if let Some(policy) = &exchanger.mta_sts {
            writeln!(out, "  MTA-STS: {}", policy.message.get(lang))?;
            if !policy.certificate_names.is_empty() {
                let names: Vec<String> = policy
                    .certificate_names
                    .iter()
                    .map(|name| format!("{} {}", if name.matches { "✓" } else { "✗" }, name.name))
                    .collect();
                let label = pick(
                    "ポリシーのmxと証明書の名前".into(),
                    "Certificate names against the policy's mx".into(),
                );
                writeln!(out, "       {label}: {}", names.join(", "))?;
            }
        }
        if let Some(probe) = &report.catch_all_probe
            && probe.verdict.is_accepted()
        {
            let line = pick(
                format!("存在しないアドレス {} も受け付けました。", probe.address),
                format!("It accepted the made-up address {} too.", probe.address),
            );
            writeln!(out, "  {line}")?;
        }
    }
    writeln!(out)?;
    for address in &probe.addresses {
        let (mark, word) = match &address.verdict {
            Verdict::Accepted { .. } => ("✓", pick("受け付け".into(), "accepted".into())),
            Verdict::Refused { .. } => ("✗", pick("拒否".into(), "refused".into())),
            Verdict::CouldNotTell { .. } => ("?", pick("不明".into(), "could not tell".into())),
        };
        writeln!(out, "{mark} {}: {word}", address.address)?;
        match &address.verdict {
            Verdict::Refused { reply }
            | Verdict::CouldNotTell {
                why: Unknown::Temporary { reply } | Unknown::SessionRefused { reply, .. },
            } => writeln!(out, "    {}", reply.one_line())?,
            _ => {}
        }
        if !address.verdict.is_accepted() {
            writeln!(out, "    {}", address.message.get(lang))?;
        }
    }
    Ok(())
}

fn write_policy(
    out: &mut impl std::io::Write,
    policy: &json::PolicyJson,
    lang: Lang,
) -> std::io::Result<()> {
    write!(out, "MTA-STS: {}", policy.message.get(lang))?;
    match &policy.state {
        PolicyState::Published { mode, mx, max_age } => {
            let mode = mode.map_or("-".to_owned(), |mode| mode.to_string());
            let max_age = max_age.map_or("-".to_owned(), |age| age.to_string());
            writeln!(out, " mode {mode}, mx {}, max_age {max_age}", mx.join(" "))?;
        }
        PolicyState::Unavailable { error } => writeln!(out, " {}", error.message(lang))?,
        PolicyState::CouldNotCheck { reason } => writeln!(out, " {}", reason.get(lang))?,
        PolicyState::NotPublished => writeln!(out)?,
    }
    Ok(())
}
