//! From a target, the user's inputs and today's records to the list of changes: one
//! step per kind of record, each in its own module, then every planned record against
//! today's (`against_today`).

use super::against_today::finish;
use super::request::{Current, RecordRequest};
use super::spf_merge::warning;
use super::spf_records::{merged_spf, spf_records};
use super::{Generated, PlannedRecord, cutover, dkim, reporting, target};
use crate::DomainName;
use crate::catalog::{CatalogEntry as _, MailProvider};

/// The changes for `domain` moving to `request.target`. An unknown target or one
/// Mailmove cannot plan for is a warning and no changes.
pub fn generate(domain: &DomainName, request: &RecordRequest, current: Current<'_>) -> Generated {
    let mut warnings = Vec::new();
    let mut planned: Vec<PlannedRecord> = Vec::new();
    let mut deletions: Vec<(PlannedRecord, String)> = Vec::new();
    let Some(target) = target::resolve(domain, request, &mut warnings) else {
        return finish(
            domain,
            request,
            Vec::new(),
            Vec::new(),
            Vec::new(),
            warnings,
            current,
        );
    };
    let ttl = request.ttl.or(target.recommended_ttl).unwrap_or(3600);
    let apex = domain.as_str();

    // 1. Verification.
    super::verification::verification(
        domain,
        &target,
        request,
        ttl,
        &mut planned,
        &mut deletions,
        &mut warnings,
    );

    // 2. SPF, merged.
    let source = request
        .source
        .as_deref()
        .and_then(MailProvider::find)
        .filter(|source| source.id != target.id);
    let spf_versions = merged_spf(apex, request, &current, &target, source, &mut warnings);
    spf_records(
        apex,
        &target,
        &spf_versions,
        ttl,
        &mut planned,
        &mut warnings,
    );

    // 3. DKIM.
    if let Some(input) = &request.dkim {
        planned.extend(dkim::records(domain, input, ttl, &mut warnings));
    } else if target.has_dkim {
        warnings.push(warning(
            "dkim-not-given",
            format!(
                "DKIM の値が未入力です。{} の管理コンソールで生成し、貼り付けてください。",
                target.name_ja
            ),
            format!(
                "No DKIM value given: generate it in {}'s admin console and paste it.",
                target.name_en
            ),
        ));
    }

    // 4. DMARC: report first, then tighten; and TLS-RPT.
    reporting::dmarc(domain, request, &current, ttl, &mut planned, &mut warnings);
    reporting::tls_rpt(apex, request, ttl, &mut planned);

    // 5. The cutover: the new MX set, and every old exchanger deleted in the same edit.
    let new_mx = target.mx.clone();
    let mx_ttl = request.lowered_mx_ttl.unwrap_or(ttl);
    cutover::mx(
        apex,
        &new_mx,
        &current,
        mx_ttl,
        &mut planned,
        &mut deletions,
    );
    // Today's MX unknown: delete the old service's exchangers by name, and every MX
    // but the new ones, in the same edit.
    let mut unknown_deletions = Vec::new();
    if !current.known && !new_mx.is_empty() {
        unknown_deletions = cutover::old_mx_unknown(apex, source, ttl);
    }

    // 6. The target's other records (autodiscover …), at the cutover: clients follow
    // them to the new service.
    cutover::target_records(domain, request, &target, ttl, &mut planned);
    if !current.known {
        warnings.push(warning(
            "records-today-unknown",
            "今の DNS レコードを読んでいないため、SPF・DMARC・MX は「変更(なければ追加)」で書いています。今あるレコードを書き換え、同じ種類のレコードを 2 つ目として追加しないでください(SPF が 2 つあると、すべての受信側で認証に失敗します)。今の SPF にほかの送信サービス(メール配信サービスなど)が書かれていれば、その部分も残してください。ドメインをチェックすると、今のレコードとの差分が表示されます。".into(),
            "Today's DNS records were not read, so SPF, DMARC and MX are written as “change (add if none)”: edit the record that is there instead of adding a second one of the same kind (with two SPF records, every receiver fails authentication). If today's SPF names other senders (a newsletter service, for example), keep them too. Check the domain to see the difference from today's records.".into(),
        ));
    }
    let mut generated = finish(
        domain,
        request,
        planned,
        deletions,
        spf_versions,
        warnings,
        current,
    );
    generated.changes.extend(unknown_deletions);
    generated
        .changes
        .extend(super::mx_ttl::changes(apex, request, &current, &new_mx));
    crate::sort::sort_by_key(&mut generated.changes, |change| change.record.step);
    generated
}
