//! The names the evaluator looks up or writes: domain-specs expanded with their
//! macros (RFC 7208 §7), the client's validated names for `ptr` and `%{p}` (§5.5),
//! and the `exp=` explanation (§6.2).

use super::{Eval, Flow, Found, MAX_NAMES};
use crate::dns::{Query, RecordData, RecordType};
use crate::spf::DualCidr;
use crate::spf::MacroString;
use crate::spf::addresses::{
    address_type, any_address_matches, is_same_or_subdomain, is_valid_domain, ptr_names,
    reverse_query,
};
use crate::spf::macros::{MacroContext, MacroLetter};

impl Eval<'_> {
    /// The PTR names whose forward lookup includes the client's address
    /// (RFC 7208 §5.5), looking at the first 10 names only.
    pub(super) fn validated_names(&self, names: &[String]) -> Flow<Vec<String>> {
        let ip = self.params.ip;
        let queries: Vec<Query> = names
            .iter()
            .take(MAX_NAMES)
            .map(|name| Query::new(name, address_type(ip)))
            .collect();
        let mut validated = Vec::new();
        for (idx, query) in queries.iter().enumerate() {
            if let Found::Records(records) = self.answer_or_prefetch(query, &queries[idx..])?
                && any_address_matches(records, ip, DualCidr::default())
            {
                validated.push(query.name.clone());
            }
        }
        Ok(validated)
    }

    pub(super) fn target(&mut self, spec: Option<&MacroString>, domain: &str) -> Flow<String> {
        match spec {
            Some(spec) => self.expand_domain(spec, domain),
            None => Ok(domain.to_owned()),
        }
    }

    /// Expands a domain-spec and shortens it to 253 octets from the left (RFC 7208 §7.3).
    pub(super) fn expand_domain(&mut self, spec: &MacroString, domain: &str) -> Flow<String> {
        let mut expanded = self.expand(spec, domain)?;
        while expanded.len() > 253 {
            match expanded.split_once('.') {
                Some((_, rest)) => expanded = rest.to_owned(),
                None => break,
            }
        }
        Ok(expanded
            .strip_suffix('.')
            .unwrap_or(&expanded)
            .to_ascii_lowercase())
    }

    pub(super) fn expand(&mut self, spec: &MacroString, domain: &str) -> Flow<String> {
        let validated = if spec.uses(MacroLetter::ValidatedName) {
            self.validated_name(domain)?
        } else {
            String::new()
        };
        let params = self.params;
        let context = MacroContext {
            sender_local: &params.local,
            sender_domain: &params.sender_domain,
            domain,
            ip: params.ip,
            helo: &params.helo,
            validated_name: &validated,
            receiver: &params.receiver,
            timestamp: params.timestamp,
        };
        Ok(spec.expand(&context))
    }

    /// `%{p}`: a validated name of the client, preferring `domain` or its subdomains;
    /// `unknown` when there is none (RFC 7208 §7.3).
    pub(super) fn validated_name(&self, domain: &str) -> Flow<String> {
        let names = match self.answer(reverse_query(self.params.ip))? {
            Found::Records(records) => ptr_names(records),
            Found::Void | Found::Error => return Ok("unknown".into()),
        };
        let validated = self.validated_names(&names)?;
        let preferred = validated
            .iter()
            .find(|name| is_same_or_subdomain(name, domain));
        Ok(preferred
            .or(validated.first())
            .cloned()
            .unwrap_or_else(|| "unknown".into()))
    }

    /// The `exp=` text (RFC 7208 §6.2). Every failure means "no explanation".
    pub(super) fn explanation(&mut self, exp: &MacroString, domain: &str) -> Flow<Option<String>> {
        let target = self.expand_domain(exp, domain)?;
        if !is_valid_domain(&target) {
            return Ok(None);
        }
        let records = match self.answer(Query::new(&target, RecordType::Txt))? {
            Found::Records(records) => records,
            Found::Void | Found::Error => return Ok(None),
        };
        // Resolvers keep the CNAMEs on the way in the answer: look at the TXT records
        // only, and there must be exactly one (RFC 7208 §6.2).
        let texts: Vec<String> = records
            .iter()
            .filter_map(|record| match &record.data {
                RecordData::Txt { strings } => Some(strings.concat()),
                _ => None,
            })
            .collect();
        let [text] = texts.as_slice() else {
            return Ok(None);
        };
        match MacroString::parse(text, 0, true) {
            Ok(explain) => self.expand(&explain, domain).map(Some),
            Err(_) => Ok(None),
        }
    }
}
