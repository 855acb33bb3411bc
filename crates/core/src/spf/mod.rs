//! SPF (RFC 7208): the record's model, its parser, macro expansion and `check_host()`.
//!
//! ```text
//! record           = version terms *SP
//! version          = "v=spf1"
//! terms            = *( 1*SP ( directive / modifier ) )
//! directive        = [ qualifier ] mechanism
//! qualifier        = "+" / "-" / "?" / "~"
//! mechanism        = ( all / include / a / mx / ptr / ip4 / ip6 / exists )
//! modifier         = redirect / explanation / unknown-modifier
//! ```

mod addresses;
mod eval;
mod macros;
mod outcome;
mod parse;
#[cfg(test)]
mod proptests;

use std::fmt;
use std::net::{Ipv4Addr, Ipv6Addr};
use std::ops::Range;

use serde::{Deserialize, Serialize};

pub(crate) use addresses::is_valid_domain;
pub use eval::{
    CheckHost, MAX_DNS_TERMS, MAX_VOID_LOOKUPS, Progress, SpfOutcome, SpfResult, TraceStep,
};
pub use macros::{MacroLetter, MacroPart, MacroString};
pub use parse::{SpfIssue, is_spf_record, parse};

/// A parsed SPF record: its terms in order (`v=spf1` is implied).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SpfRecord {
    /// Directives and modifiers, in record order.
    pub terms: Vec<Term>,
}

/// One term, with the bytes of the record it came from.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Term {
    /// What the term is.
    pub kind: TermKind,
    /// Where it stands in the record text.
    pub span: Range<usize>,
}

/// A directive or a modifier.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum TermKind {
    /// `[qualifier] mechanism`.
    Directive(Qualifier, Mechanism),
    /// `name=value`.
    Modifier(Modifier),
}

/// `qualifier = "+" / "-" / "?" / "~"` (RFC 7208 §4.6.2).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Qualifier {
    /// `+` (the default): pass.
    Pass,
    /// `-`: fail.
    Fail,
    /// `~`: softfail.
    SoftFail,
    /// `?`: neutral.
    Neutral,
}

/// Mechanisms (RFC 7208 §5).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Mechanism {
    /// `all`
    All,
    /// `include:<domain-spec>`
    Include(MacroString),
    /// `a[:<domain-spec>][<dual-cidr-length>]`
    A(Option<MacroString>, DualCidr),
    /// `mx[:<domain-spec>][<dual-cidr-length>]`
    Mx(Option<MacroString>, DualCidr),
    /// `ptr[:<domain-spec>]` (do not use, RFC 7208 §5.5)
    Ptr(Option<MacroString>),
    /// `ip4:<ip4-network>[<ip4-cidr-length>]`
    Ip4(Ipv4Addr, Option<u8>),
    /// `ip6:<ip6-network>[<ip6-cidr-length>]`
    Ip6(Ipv6Addr, Option<u8>),
    /// `exists:<domain-spec>`
    Exists(MacroString),
}

impl Mechanism {
    /// Whether evaluating this mechanism queries DNS (and so counts towards the
    /// limit of 10, RFC 7208 §4.6.4).
    pub fn queries_dns(&self) -> bool {
        matches!(
            self,
            Mechanism::Include(_)
                | Mechanism::A(..)
                | Mechanism::Mx(..)
                | Mechanism::Ptr(_)
                | Mechanism::Exists(_)
        )
    }
}

/// `dual-cidr-length = [ ip4-cidr-length ] [ "/" ip6-cidr-length ]`
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DualCidr {
    /// Prefix length applied to IPv4 addresses (0–32).
    pub v4: Option<u8>,
    /// Prefix length applied to IPv6 addresses (0–128).
    pub v6: Option<u8>,
}

/// Modifiers (RFC 7208 §6).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Modifier {
    /// `redirect=<domain-spec>`
    Redirect(MacroString),
    /// `exp=<domain-spec>`
    Exp(MacroString),
    /// Any other `name=macro-string`: ignored, but must be well formed.
    Unknown {
        /// The name as written.
        name: String,
        /// The value.
        value: MacroString,
    },
}

impl SpfRecord {
    /// The directives, in order.
    pub fn directives(&self) -> impl Iterator<Item = (&Term, Qualifier, &Mechanism)> {
        self.terms.iter().filter_map(|term| match &term.kind {
            TermKind::Directive(qualifier, mechanism) => Some((term, *qualifier, mechanism)),
            TermKind::Modifier(_) => None,
        })
    }

    /// The `redirect=` target, if any.
    pub fn redirect(&self) -> Option<&MacroString> {
        self.terms.iter().find_map(|term| match &term.kind {
            TermKind::Modifier(Modifier::Redirect(target)) => Some(target),
            _ => None,
        })
    }

    /// The `exp=` target, if any.
    pub fn exp(&self) -> Option<&MacroString> {
        self.terms.iter().find_map(|term| match &term.kind {
            TermKind::Modifier(Modifier::Exp(target)) => Some(target),
            _ => None,
        })
    }
}

impl fmt::Display for Qualifier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Qualifier::Pass => "",
            Qualifier::Fail => "-",
            Qualifier::SoftFail => "~",
            Qualifier::Neutral => "?",
        })
    }
}

impl fmt::Display for DualCidr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(v4) = self.v4 {
            write!(f, "/{v4}")?;
        }
        if let Some(v6) = self.v6 {
            write!(f, "//{v6}")?;
        }
        Ok(())
    }
}

fn write_target(
    f: &mut fmt::Formatter<'_>,
    name: &str,
    target: Option<&MacroString>,
) -> fmt::Result {
    f.write_str(name)?;
    if let Some(target) = target {
        write!(f, ":{target}")?;
    }
    Ok(())
}

impl fmt::Display for Mechanism {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Mechanism::All => f.write_str("all"),
            Mechanism::Include(target) => write!(f, "include:{target}"),
            Mechanism::A(target, cidr) => {
                write_target(f, "a", target.as_ref())?;
                write!(f, "{cidr}")
            }
            Mechanism::Mx(target, cidr) => {
                write_target(f, "mx", target.as_ref())?;
                write!(f, "{cidr}")
            }
            Mechanism::Ptr(target) => write_target(f, "ptr", target.as_ref()),
            Mechanism::Ip4(addr, prefix) => {
                write!(f, "ip4:{addr}")?;
                prefix.map_or(Ok(()), |prefix| write!(f, "/{prefix}"))
            }
            Mechanism::Ip6(addr, prefix) => {
                write!(f, "ip6:{addr}")?;
                prefix.map_or(Ok(()), |prefix| write!(f, "/{prefix}"))
            }
            Mechanism::Exists(target) => write!(f, "exists:{target}"),
        }
    }
}

impl fmt::Display for Modifier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Modifier::Redirect(target) => write!(f, "redirect={target}"),
            Modifier::Exp(target) => write!(f, "exp={target}"),
            Modifier::Unknown { name, value } => write!(f, "{name}={value}"),
        }
    }
}

impl fmt::Display for TermKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TermKind::Directive(qualifier, mechanism) => write!(f, "{qualifier}{mechanism}"),
            TermKind::Modifier(modifier) => write!(f, "{modifier}"),
        }
    }
}

impl fmt::Display for SpfRecord {
    /// Canonical form: `v=spf1`, terms separated by one space, `+` left out.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("v=spf1")?;
        for term in &self.terms {
            write!(f, " {}", term.kind)?;
        }
        Ok(())
    }
}
