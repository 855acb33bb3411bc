// Rule: mta-sts-policy-unavailable
//
// RFC 8461 §3.3: a sender that sees the `_mta-sts` TXT record fetches
// https://mta-sts.<domain>/.well-known/mta-sts.txt over HTTPS with a valid certificate,
// without following redirects, and uses the policy only if that works. A TXT record
// without a fetchable policy protects nothing, and a sender that cached an older
// policy keeps applying it (up to its max_age) because it cannot fetch a new one —
// after a move of MX hosts that old policy can make mail to the new provider fail.
// A fetch the server chose not to make (a private address) is not the domain's fault
// and gives no finding here.

use super::Rule;
use crate::Text;
use crate::findings::{Ctx, Finding, RecordKind, RuleText, Severity, Topic};
use crate::mta_sts::PolicyFetch;
use crate::text::Lang;

pub(super) static RULE: Rule = Rule {
    code: "mta-sts-policy-unavailable",
    severity: Severity::Error,
    topic: Topic::MtaSts,
    kind: RecordKind::Survey,
    reference: Some("RFC 8461 §3.3"),
    text: RuleText {
        title: Text {
            ja: "MTA-STSのポリシーファイルを取得できません: {problem_ja}",
            en: "The MTA-STS policy file cannot be fetched: {problem_en}",
        },
        why: Text {
            ja: "_mta-sts のTXTレコードがあるのに {url} からポリシーを取得できないため、MTA-STSは機能していません。以前のポリシーを保存している送信側は、その期限(max_age)まで古いポリシーを使い続けます。MXを変更すると、古いポリシーに載っていない新しいMXへの配送が失敗することがあります。",
            en: "The _mta-sts TXT record is published but the policy cannot be fetched from {url}, so MTA-STS does nothing. Senders that cached an earlier policy keep applying it until its max_age runs out; after an MX change, delivery to new MX hosts that policy does not list can fail.",
        },
        fix: Text {
            ja: "{url} を、ホスト名 mta-sts.<ドメイン> に有効な証明書で、リダイレクトなしに、Content-Type: text/plain で公開してください。MTA-STSを使わないなら、_mta-sts のTXTレコードを削除する前に mode: none のポリシーを公開し、max_age の間待ってください。",
            en: "Serve {url} with a certificate valid for mta-sts.<domain>, without redirects, as Content-Type: text/plain. To stop using MTA-STS, publish a policy with mode: none and wait out its max_age before removing the _mta-sts TXT record.",
        },
    },
    check,
};

fn check(acc: &mut Vec<Finding>, ctx: &Ctx<'_>, rule: &Rule) {
    let Some(report) = ctx.report else { return };
    let Some(PolicyFetch::Failed { url, error }) = &report.mta_sts_policy else {
        return;
    };
    if error.is_could_not_check() {
        return;
    }
    acc.push(
        Finding::new(rule, ctx.owner, None)
            .param("url", url)
            .param("problem_ja", error.message(Lang::Ja))
            .param("problem_en", error.message(Lang::En)),
    );
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::findings::rules::check_report;
    use crate::mta_sts::{FetchError, PolicyFetch, policy_url};
    use crate::survey::report::empty;

    fn with(fetch: Option<PolicyFetch>) -> crate::survey::Report {
        let mut report = empty("example.jp");
        report.mta_sts = Some("v=STSv1; id=20261128".into());
        report.mta_sts_policy = fetch;
        report
    }

    #[test]
    fn a_failed_fetch_is_an_error_with_the_reason() {
        let report = with(Some(PolicyFetch::Failed {
            url: policy_url("example.jp"),
            error: FetchError::Status { code: 404 },
        }));
        let findings = check_report(&RULE, &report);
        assert_eq!(findings.len(), 1);
        assert!(findings[0].params["problem_en"].contains("404"));
        assert!(findings[0].params["url"].starts_with("https://mta-sts.example.jp/"));
    }

    #[test]
    fn nothing_when_fetched_not_tried_or_not_asked() {
        let fetched = Some(PolicyFetch::Fetched {
            url: policy_url("example.jp"),
            body: "version: STSv1\nmode: testing\nmx: mx.example.jp\nmax_age: 86400\n".into(),
        });
        assert!(check_report(&RULE, &with(fetched)).is_empty());
        assert!(check_report(&RULE, &with(None)).is_empty());
        let not_asked = Some(PolicyFetch::Failed {
            url: policy_url("example.jp"),
            error: FetchError::NotAsked,
        });
        assert!(check_report(&RULE, &with(not_asked)).is_empty());
    }
}
