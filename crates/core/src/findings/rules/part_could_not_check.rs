// Rules: mx-could-not-check, spf-could-not-check, dmarc-could-not-check, dkim-could-not-check, mta-sts-could-not-check, tls-rpt-could-not-check, bimi-could-not-check
//
// One family, one text: the lookups of one part of the report (its topic) got no
// usable answer, so that part is unknown — never "missing". Said in the part itself,
// with the reason (timed out, server error, refused), so that the DMARC section says
// "DMARC could not be checked" instead of a generic DNS line. The lookups no part
// claims (NS, SOA, DNSSEC, direct questions, client settings) stay with
// `dns-could-not-check`. (An exception to one rule per file: seven rules that differ
// only in their topic read better as one.)

use super::Rule;
use crate::Text;
use crate::dns::{Query, RecordType};
use crate::findings::{Ctx, Finding, RecordKind, RuleText, Severity, Topic};
use crate::survey::{Report, spf_tree};

const TEXT: RuleText = RuleText {
    title: Text {
        ja: "{part_ja}を確認できませんでした: {reason_ja}",
        en: "{part_en} could not be checked: {reason_en}",
    },
    why: Text {
        ja: "{names} の問い合わせに有効な応答がありませんでした。レコードが無い・間違っているという意味ではなく、今は分からないということです。",
        en: "The lookup of {names} got no usable answer. That does not mean the record is missing or wrong: it is unknown for now.",
    },
    fix: Text {
        ja: "時間をおいて再度確認してください。続く場合は、DNSの管理会社にネームサーバーの状態を確認してください。",
        en: "Check again later. If it persists, ask your DNS host about the state of its name servers.",
    },
};

const fn part(code: &'static str, topic: Topic) -> Rule {
    Rule {
        code,
        severity: Severity::Warning,
        topic,
        kind: RecordKind::Survey,
        reference: None,
        text: TEXT,
        check,
    }
}

pub(super) static MX: Rule = part("mx-could-not-check", Topic::Mx);
pub(super) static SPF: Rule = part("spf-could-not-check", Topic::Spf);
pub(super) static DMARC: Rule = part("dmarc-could-not-check", Topic::Dmarc);
pub(super) static DKIM: Rule = part("dkim-could-not-check", Topic::Dkim);
pub(super) static MTA_STS: Rule = part("mta-sts-could-not-check", Topic::MtaSts);
pub(super) static TLS_RPT: Rule = part("tls-rpt-could-not-check", Topic::TlsRpt);
pub(super) static BIMI: Rule = part("bimi-could-not-check", Topic::Bimi);

/// What each part is called in a title.
fn part_name(topic: Topic) -> (&'static str, &'static str) {
    match topic {
        Topic::Mx => (
            "MXレコード(メールの届け先)",
            "The MX records (where mail is delivered)",
        ),
        Topic::Spf => ("SPFレコード", "SPF"),
        Topic::Dmarc => ("DMARCレコード", "DMARC"),
        Topic::Dkim => ("DKIMの公開鍵", "The DKIM keys"),
        Topic::MtaSts => ("MTA-STSの設定", "MTA-STS"),
        Topic::TlsRpt => ("TLS-RPT(暗号化の失敗レポート)の設定", "TLS-RPT"),
        Topic::Bimi => ("BIMI(ブランドロゴ)の設定", "BIMI"),
        Topic::Dns | Topic::Provider => ("DNS", "DNS"),
    }
}

/// The part of the report an unanswered lookup belongs to, or `None` for the
/// lookups that stay with `dns-could-not-check`.
pub(crate) fn topic_of(query: &Query, report: &Report) -> Option<Topic> {
    if query.server.is_some() {
        return None;
    }
    let name = query.name.as_str();
    let domain = report.domain.as_str();
    let is_exchanger = report.mx.iter().any(|host| host.host == name);
    Some(match query.rtype {
        RecordType::Mx if name == domain => Topic::Mx,
        RecordType::A | RecordType::Aaaa if is_exchanger => Topic::Mx,
        RecordType::Txt if name == domain || spf_tree::contains(&report.spf_tree, name) => {
            Topic::Spf
        }
        RecordType::Txt if name.starts_with("_dmarc.") || name.contains("._report._dmarc.") => {
            Topic::Dmarc
        }
        RecordType::Txt if name.contains("._domainkey.") => Topic::Dkim,
        RecordType::Txt if name.starts_with("_mta-sts.") => Topic::MtaSts,
        RecordType::Txt if name.starts_with("_smtp._tls.") => Topic::TlsRpt,
        RecordType::Txt if name.contains("._bimi.") => Topic::Bimi,
        _ => return None,
    })
}

fn check(acc: &mut Vec<Finding>, ctx: &Ctx<'_>, rule: &Rule) {
    let Some(report) = ctx.report else { return };
    let mine: Vec<usize> = (0..report.could_not_check.len())
        .filter(|idx| topic_of(&report.could_not_check[*idx], report) == Some(rule.topic))
        .collect();
    let Some(first) = mine.first() else {
        if rule.topic == Topic::MtaSts {
            policy_could_not_check(acc, report, rule);
        }
        return;
    };
    let (part_ja, part_en) = part_name(rule.topic);
    let (reason_ja, reason_en) = report
        .failures
        .get(*first)
        .map_or(("-", "-"), |failure| failure.reason());
    let names: Vec<String> = mine
        .iter()
        .take(3)
        .map(|idx| {
            let query = &report.could_not_check[*idx];
            format!("{} {}", query.name, query.rtype)
        })
        .collect();
    let more = mine.len().saturating_sub(names.len());
    let names = if more > 0 {
        format!("{} (+{more})", names.join(", "))
    } else {
        names.join(", ")
    };
    let owner = &report.could_not_check[*first].name;
    acc.push(
        Finding::new(rule, owner, None)
            .param("part_ja", part_ja)
            .param("part_en", part_en)
            .param("reason_ja", reason_ja)
            .param("reason_en", reason_en)
            .param("names", names),
    );
}

/// The MTA-STS policy fetch learnt nothing (its host's address could not be looked
/// up, this side's network could not reach it, no answer in time): the policy is
/// unknown, said like an unanswered lookup of the part. A fetch this side chose not to
/// make says nothing.
fn policy_could_not_check(acc: &mut Vec<Finding>, report: &Report, rule: &Rule) {
    let Some(crate::mta_sts::PolicyFetch::Failed { url, error }) = &report.mta_sts_policy else {
        return;
    };
    let Some((reason_ja, reason_en)) = error.could_not_check_reason() else {
        return;
    };
    let host = format!("mta-sts.{}", report.domain);
    let names = match error {
        crate::mta_sts::FetchError::LookupFailed { .. } => format!("{host} A/AAAA"),
        _ => url.clone(),
    };
    let (part_ja, part_en) = part_name(rule.topic);
    acc.push(
        Finding::new(rule, &host, None)
            .param("part_ja", part_ja)
            .param("part_en", part_en)
            .param("reason_ja", reason_ja)
            .param("reason_en", reason_en)
            .param("names", names),
    );
}

#[cfg(test)]
mod tests {
    use super::{DMARC, MTA_STS, MX, SPF, topic_of};
    use crate::dns::{Query, RecordType};
    use crate::findings::Topic;
    use crate::findings::rules::check_report;
    use crate::survey::Failure;
    use crate::survey::report::empty;

    #[test]
    fn a_dmarc_timeout_is_said_in_the_dmarc_part() {
        let mut report = empty("example.jp");
        report
            .could_not_check
            .push(Query::new("_dmarc.example.jp", RecordType::Txt));
        report.failures.push(Failure::Timeout);
        let findings = check_report(&DMARC, &report);
        assert_eq!(findings.len(), 1);
        assert_eq!(findings[0].topic, Topic::Dmarc);
        assert_eq!(
            findings[0].title(crate::Lang::En),
            "DMARC could not be checked: the DNS server did not answer in time (timeout)"
        );
        assert!(
            findings[0]
                .why(crate::Lang::Ja)
                .contains("_dmarc.example.jp TXT")
        );
        assert!(check_report(&MX, &report).is_empty());
        assert!(check_report(&SPF, &report).is_empty());
    }

    #[test]
    fn a_servfail_says_so() {
        let mut report = empty("example.jp");
        report
            .could_not_check
            .push(Query::new("example.jp", RecordType::Mx));
        report.failures.push(Failure::ServFail);
        let title = check_report(&MX, &report)[0].title(crate::Lang::Ja);
        assert!(title.contains("SERVFAIL"), "{title}");
    }

    #[test]
    fn the_domain_s_own_name_servers_stay_generic() {
        let report = empty("example.jp");
        for (name, rtype) in [
            ("example.jp", RecordType::Ns),
            ("example.jp", RecordType::Soa),
            ("example.jp", RecordType::Dnskey),
            ("_autodiscover._tcp.example.jp", RecordType::Srv),
        ] {
            assert_eq!(topic_of(&Query::new(name, rtype), &report), None, "{name}");
        }
        assert_eq!(
            topic_of(
                &Query::new("s1._domainkey.example.jp", RecordType::Txt),
                &report
            ),
            Some(Topic::Dkim)
        );
    }

    #[test]
    fn a_policy_host_that_could_not_be_looked_up_is_could_not_check_not_no_address() {
        use crate::mta_sts::{FetchError, PolicyFetch, policy_url};
        let with = |error: FetchError| {
            let mut report = empty("example.jp");
            report.mta_sts = Some("v=STSv1; id=1".into());
            report.mta_sts_policy = Some(PolicyFetch::Failed {
                url: policy_url("example.jp"),
                error,
            });
            report
        };
        let unavailable = &crate::findings::rules::mta_sts_policy_unavailable::RULE;
        for (error, reason) in [
            (
                FetchError::LookupFailed {
                    failure: Failure::Timeout,
                },
                "timeout",
            ),
            (
                FetchError::LookupFailed {
                    failure: Failure::ServFail,
                },
                "SERVFAIL",
            ),
            (FetchError::Timeout, "in time"),
            (
                FetchError::Network {
                    detail: "Network is unreachable".into(),
                },
                "Network is unreachable",
            ),
        ] {
            let report = with(error.clone());
            assert!(check_report(unavailable, &report).is_empty(), "{error:?}");
            let findings = check_report(&MTA_STS, &report);
            assert_eq!(findings.len(), 1, "{error:?}");
            assert_eq!(findings[0].code.0, "mta-sts-could-not-check");
            let title = findings[0].title(crate::Lang::En);
            assert!(title.starts_with("MTA-STS could not be checked"), "{title}");
            assert!(title.contains(reason), "{title}");
            assert!(!title.contains("no address"), "{title}");
            assert!(
                findings[0]
                    .title(crate::Lang::Ja)
                    .contains("確認できませんでした")
            );
        }
        // The domain's own failures stay the domain's; a fetch not made says nothing.
        for error in [FetchError::NoAddress, FetchError::Status { code: 404 }] {
            let report = with(error.clone());
            assert_eq!(check_report(unavailable, &report).len(), 1, "{error:?}");
            assert!(check_report(&MTA_STS, &report).is_empty(), "{error:?}");
        }
        assert!(check_report(&MTA_STS, &with(FetchError::NotAsked)).is_empty());
        assert!(check_report(unavailable, &with(FetchError::NotAsked)).is_empty());
    }
}
