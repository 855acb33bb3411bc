//! The two sides of a move, from the survey alone: the target (chosen, or the catalog
//! target the MX already points at) and what mail moves away from (the old providers
//! and exchangers). The stage and the migration-hazard rules share this judgement, so
//! they never disagree about which exchanger is "old".
//!
//! **Invariant:** without a chosen target, only what the catalog recognises counts as
//! old: a mailbox provider that is no migration target (a rental server, an ISP),
//! found through MX, an exchanger's name or SPF. An exchanger the catalog does not
//! know is old only when a target was chosen and it is not the target's, so a domain
//! on its own unrecognised server, checked without a target, gets no hazard.

use crate::catalog::{self, CatalogEntry as _, Detection, MailProvider, Signal, normalize_host};
use crate::survey::{MxHost, Report};

/// The sides of the move.
#[derive(Clone, Debug)]
pub struct Sides<'a> {
    /// The target, chosen or detected.
    pub target: Option<&'static MailProvider>,
    /// Whether the user chose it (`--target`); otherwise the MX already points at it.
    pub target_chosen: bool,
    /// Mailbox providers mail moves away from, with their evidence.
    pub old: Vec<Detection<MailProvider>>,
    /// Exchangers that are not the target's (see the module's invariant).
    pub old_exchangers: Vec<&'a MxHost>,
    /// Whether an exchanger is the target's.
    pub mx_at_target: bool,
}

impl Sides<'_> {
    /// Whether a move away from something is known: an old provider or exchanger.
    pub fn has_old_side(&self) -> bool {
        !self.old.is_empty() || !self.old_exchangers.is_empty()
    }

    /// Whether mail is still delivered to the old side: before the cutover, or in
    /// the middle of it.
    pub fn mail_still_on_old_side(&self) -> bool {
        self.has_old_side() && (!self.mx_at_target || !self.old_exchangers.is_empty())
    }

    /// The old providers' names, joined, in Japanese and English.
    pub fn old_names(&self) -> (String, String) {
        let ja: Vec<&str> = self
            .old
            .iter()
            .map(|found| found.provider.name.ja)
            .collect();
        let en: Vec<&str> = self
            .old
            .iter()
            .map(|found| found.provider.name.en)
            .collect();
        (ja.join("、"), en.join(", "))
    }
}

/// Whether `host` is one of `provider`'s exchangers (its MX patterns, or the MX its
/// set-up asks for).
pub fn is_exchanger_of(provider: &MailProvider, host: &str) -> bool {
    // Normalised once, not once per pattern: the stage asks this of every catalog
    // target for every exchanger, on every survey.
    let Some(host) = normalize_host(host) else {
        return false;
    };
    let host = host.as_str();
    provider
        .mx
        .iter()
        .any(|pattern| pattern.matches_normalized(host))
        || provider.setup.is_some_and(|setup| {
            setup
                .mx
                .iter()
                .chain(setup.legacy_mx)
                .any(|mx| mx.host.matches(host))
        })
}

/// The sides of the move the report describes.
pub fn sides(report: &Report) -> Sides<'_> {
    let chosen = report
        .readiness
        .as_ref()
        .and_then(|readiness| MailProvider::find(&readiness.target));
    let exchangers: Vec<&MxHost> = report
        .mx
        .iter()
        .filter(|host| !host.host.is_empty())
        .collect();
    // Without a choice, the target is the catalog target that receives the most
    // preferred mail (the MX list is sorted by preference).
    let detected = || {
        exchangers
            .iter()
            .find_map(|host| catalog::targets().find(|target| is_exchanger_of(target, &host.host)))
    };
    let target = chosen.or_else(detected);
    // The providers the report's observations point at, detected once when it was
    // built (`Report::providers`): the stage and several rules ask for the sides of
    // one report, and detecting again each time was most of a cached survey's work.
    let old: Vec<Detection<MailProvider>> = report
        .providers
        .mail
        .iter()
        .filter(|found| Some(found.provider.id) != target.map(|target| target.id))
        .filter(|found| target.is_some() || !found.provider.is_target())
        // The name servers alone say where DNS is hosted, not where mail is.
        .filter(|found| {
            found
                .evidence
                .iter()
                .any(|evidence| evidence.signal != Signal::NameServer)
        })
        .cloned()
        .collect();
    let at_target =
        |host: &&MxHost| target.is_some_and(|target| is_exchanger_of(target, &host.host));
    let mx_at_target = exchangers.iter().any(at_target);
    let old_exchangers: Vec<&MxHost> = match target {
        Some(_) => exchangers
            .iter()
            .copied()
            .filter(|host| !at_target(host))
            .collect(),
        None if !old.is_empty() => exchangers
            .iter()
            .copied()
            .filter(|host| !catalog::targets().any(|target| is_exchanger_of(target, &host.host)))
            .collect(),
        None => Vec::new(),
    };
    Sides {
        target,
        target_chosen: chosen.is_some(),
        old,
        old_exchangers,
        mx_at_target,
    }
}

pub(crate) use crate::survey::providers::with_observed;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::stage::tests::{report, with_spf_includes, with_target};

    #[test]
    fn the_sides_read_the_providers_detected_when_the_report_was_built() {
        let report = with_spf_includes(report(&["mx01.lolipop.jp"]), &["_spf.google.com"]);
        // What the survey stored is what detecting again would find.
        assert_eq!(
            report.providers.mail,
            with_observed(&report, catalog::detect_mail_providers)
        );
        let old: Vec<&str> = sides(&report)
            .old
            .iter()
            .map(|found| found.provider.id)
            .collect();
        assert_eq!(old, ["lolipop"]);
        // Detected once: the sides do not detect again from the facts.
        let mut undetected = report.clone();
        undetected.providers = Default::default();
        assert!(sides(&undetected).old.is_empty());
    }

    #[test]
    fn a_chosen_target_makes_every_other_exchanger_old() {
        let report = with_target(
            report(&["smtp.google.com", "mail.example.jp"]),
            "google-workspace",
        );
        let sides = sides(&report);
        assert!(sides.target_chosen);
        assert!(sides.mx_at_target);
        let old: Vec<&str> = sides
            .old_exchangers
            .iter()
            .map(|host| host.host.as_str())
            .collect();
        assert_eq!(old, ["mail.example.jp"]);
        assert!(sides.mail_still_on_old_side());
    }

    #[test]
    fn without_a_target_an_unknown_server_is_not_old() {
        let report = report(&["mail.example.jp"]);
        let sides = sides(&report);
        assert!(sides.target.is_none());
        assert!(!sides.has_old_side());
    }

    #[test]
    fn without_a_target_a_recognised_source_is_old_and_a_target_mx_is_the_target() {
        let at_lolipop = report(&["mx01.lolipop.jp"]);
        let sides_of_lolipop = sides(&at_lolipop);
        let names: Vec<&str> = sides_of_lolipop
            .old
            .iter()
            .map(|found| found.provider.id)
            .collect();
        assert_eq!(names, ["lolipop"]);
        assert_eq!(sides_of_lolipop.old_exchangers.len(), 1);

        let at_google = report(&["smtp.google.com"]);
        let sides = sides(&at_google);
        assert_eq!(
            sides.target.map(|target| target.id),
            Some("google-workspace")
        );
        assert!(!sides.target_chosen);
        assert!(sides.mx_at_target);
        assert!(!sides.has_old_side());
    }
}
