//! What a check of the domain tells a new plan: today's MX TTL, the DNS host and the
//! service mail moves away from. The check page's link to the planner and
//! `mailmove plan --from-survey` both seed a plan with this, so they agree.

use crate::api::SurveyJson;

/// A plan's facts from a survey of its domain.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Seed {
    /// Today's MX TTL in seconds, as the zone gives it. What a resolver's cache had left
    /// (`mx_ttl_source` `resolver`) is not used: it is shorter than what other caches
    /// may hold, so the lead time planned from it would be too short.
    pub current_mx_ttl: Option<u32>,
    /// Where the records are edited: the first DNS host detected.
    pub dns_host: Option<String>,
    /// The service mail moves away from: the first mail provider detected that is not
    /// the target (a domain already partly on the target moves from the other one).
    pub source: Option<String>,
}

impl Seed {
    /// The seed `survey` gives a plan moving to `target` (a catalog id), if known.
    pub fn from_survey(survey: &SurveyJson, target: Option<&str>) -> Seed {
        let facts = &survey.facts;
        Seed {
            current_mx_ttl: facts
                .mx_ttl
                .filter(|_| facts.mx_ttl_source.as_deref() != Some("resolver")),
            dns_host: survey
                .providers
                .dns_hosts
                .first()
                .map(|host| host.id.clone()),
            source: survey
                .providers
                .mail
                .iter()
                .find(|provider| Some(provider.id.as_str()) != target)
                .map(|provider| provider.id.clone()),
        }
    }
}

impl super::Plan {
    /// Fills what the plan does not say yet from `seed`; what the user gave stays.
    pub fn seed(&mut self, seed: Seed) {
        self.current_mx_ttl = self.current_mx_ttl.or(seed.current_mx_ttl);
        self.dns_host = self.dns_host.take().or(seed.dns_host);
        self.source = self.source.take().or(seed.source);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Message;
    use crate::api::ProviderJson;

    fn provider(id: &str) -> ProviderJson {
        ProviderJson {
            id: id.to_owned(),
            name: Message {
                ja: id.to_owned(),
                en: id.to_owned(),
            },
            evidence: Vec::new(),
        }
    }

    fn survey(ttl: u32, ttl_source: &str, mail: &[&str]) -> SurveyJson {
        let mut survey = crate::api::survey_json(&crate::findings::review(
            crate::survey::report::empty("example.jp"),
        ));
        survey.facts.mx_ttl = Some(ttl);
        survey.facts.mx_ttl_source = Some(ttl_source.to_owned());
        survey.providers.mail = mail.iter().map(|id| provider(id)).collect();
        survey.providers.dns_hosts = vec![provider("onamae-dns")];
        survey
    }

    #[test]
    fn takes_the_zone_ttl_the_dns_host_and_a_source_other_than_the_target() {
        let seed = Seed::from_survey(
            &survey(3600, "zone", &["google-workspace", "xserver"]),
            Some("google-workspace"),
        );
        assert_eq!(
            seed,
            Seed {
                current_mx_ttl: Some(3600),
                dns_host: Some("onamae-dns".into()),
                source: Some("xserver".into()),
            }
        );
        let unknown_target = Seed::from_survey(&survey(3600, "zone", &["xserver"]), None);
        assert_eq!(unknown_target.source.as_deref(), Some("xserver"));
    }

    #[test]
    fn leaves_out_what_a_cache_had_left() {
        let seed = Seed::from_survey(&survey(120, "resolver", &[]), None);
        assert_eq!(seed.current_mx_ttl, None);
        assert_eq!(seed.source, None);
    }

    #[test]
    fn keeps_what_the_plan_already_says() {
        let mut plan = crate::plan::Plan::new(
            &crate::DomainName::parse("example.jp").expect("a name"),
            "google-workspace",
            crate::calendar::DateTime::new(
                crate::calendar::Date::new(2027, 1, 19).expect("a date"),
                19,
                0,
            )
            .expect("a time"),
        );
        plan.current_mx_ttl = Some(300);
        plan.seed(Seed::from_survey(
            &survey(3600, "zone", &["sakura"]),
            Some(&plan.target.clone()),
        ));
        assert_eq!(plan.current_mx_ttl, Some(300));
        assert_eq!(plan.source.as_deref(), Some("sakura"));
        assert_eq!(plan.dns_host.as_deref(), Some("onamae-dns"));
    }
}
