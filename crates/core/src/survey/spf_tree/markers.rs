//! The SPF tree's markers: how a record was reached, what went wrong at it, and what
//! looking up a term's target found. Their names are the wire names of the survey's
//! JSON (`facts.spf.tree`).

use crate::wire_enum::wire_enum;

wire_enum! {
    /// How a record of the tree was reached.
    pub enum SpfVia {
        /// The surveyed domain's own record: no term led there.
        Root = "root",
        /// An `include:` mechanism.
        Include = "include",
        /// The `redirect=` modifier.
        Redirect = "redirect",
    }
}

wire_enum! {
    /// What went wrong at a node of the tree.
    pub enum SpfProblem {
        /// No SPF record at the name (NXDOMAIN, no TXT records, or none that is SPF).
        NotFound = "not-found",
        /// More than one SPF record (a permerror, RFC 7208 §4.5).
        Multiple = "multiple",
        /// The TXT lookup failed (timeout, SERVFAIL, refused).
        CouldNotCheck = "could-not-check",
        /// The name is already on the path from the root: the chain loops.
        Loop = "loop",
        /// Nested deeper than the tree follows.
        TooDeep = "too-deep",
        /// The target has macros: it depends on the sender.
        Macro = "macro",
        /// The survey's question budget ran out before this record was asked for.
        NotAsked = "not-asked",
    }
}

wire_enum! {
    /// The mechanisms whose targets the tree looks up.
    pub enum SpfTargetMechanism {
        /// `a`: the target's addresses.
        A = "a",
        /// `mx`: the target's exchangers and their addresses.
        Mx = "mx",
        /// `exists`: the target's A record.
        Exists = "exists",
    }
}

wire_enum! {
    /// What looking up a term's target found (see the tree's notes on void lookups).
    pub enum SpfTargetStatus {
        /// What the term looks for is there.
        Found = "found",
        /// NXDOMAIN or no records: a void lookup (RFC 7208 §4.6.4).
        Void = "void",
        /// Nothing it could match, yet no void lookup: an `mx` whose exchangers have no
        /// address, an `a` answered with an alias but no address.
        NoAddress = "no-address",
        /// A lookup failed (timeout, SERVFAIL, refused).
        CouldNotCheck = "could-not-check",
        /// Past the first `MAX_TARGET_NAMES` names, or the question budget ran out.
        NotAsked = "not-asked",
    }
}
