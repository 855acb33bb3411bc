//! What a shell needs to drive a survey: the tasks to start now (DNS questions and
//! the MTA-STS policy fetch, in one list), what finished, the deadline, and the counts
//! to show. The shell only starts tasks, waits for the next one to finish (or the
//! deadline), and feeds it back; the survey keeps track of everything else.
//!
//! The loop every shell runs (`server/src/survey.rs` on tokio, `web/src/engine.rs`
//! in the browser):
//!
//! ```text
//! loop {
//!     for task in survey.next_tasks() { start(task) }
//!     if !survey.is_waiting() { break }
//!     match next finished task or the deadline {
//!         finished => survey.feed(finished) (and every other one already finished),
//!         deadline => break,
//!     }
//! }
//! survey.expire();
//! ```

use super::{PolicyState, Survey};
use crate::dns::{Outcome, Query};
use crate::mta_sts::{FetchError, PolicyFetch};

/// Something the shell should start now.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Task {
    /// Ask this DNS question (a `server` in it means that server directly).
    Lookup(Query),
    /// Fetch the domain's MTA-STS policy file from `url` (RFC 8461 §3.3), over HTTPS.
    FetchPolicy {
        /// The domain whose policy it is.
        domain: String,
        /// Where the file is.
        url: String,
    },
}

/// A task's result, to feed back with [`Survey::feed`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Finished {
    /// The outcome of a [`Task::Lookup`].
    Lookup(Query, Outcome),
    /// The outcome of a [`Task::FetchPolicy`].
    Policy(PolicyFetch),
}

impl Survey {
    /// Everything to start now: the DNS questions [`Survey::wanted`] hands out, and
    /// the policy fetch once the MTA-STS record announces one. Calling it marks them
    /// as started.
    pub fn next_tasks(&mut self) -> Vec<Task> {
        let mut tasks: Vec<Task> = self.wanted().into_iter().map(Task::Lookup).collect();
        if let Some(url) = self.wanted_policy() {
            tasks.push(Task::FetchPolicy {
                domain: self.domain.as_str().to_owned(),
                url,
            });
        }
        tasks
    }

    /// Feeds one finished task.
    pub fn feed(&mut self, finished: Finished) {
        match finished {
            Finished::Lookup(query, outcome) => self.answer(query, outcome),
            Finished::Policy(fetch) => self.answer_policy(fetch),
        }
    }

    /// Whether a started task has not finished yet.
    pub fn is_waiting(&self) -> bool {
        !self.pending.is_empty() || matches!(self.policy, PolicyState::Pending)
    }

    /// The deadline: every question still out counts as timed out, and so does a
    /// policy fetch still running. The counts stay as they were: a timeout fed here
    /// is no answer.
    pub fn expire(&mut self) {
        for query in std::mem::take(&mut self.pending) {
            self.answers.insert(query, Outcome::Timeout);
        }
        if matches!(self.policy, PolicyState::Pending) {
            self.policy = PolicyState::Done(PolicyFetch::Failed {
                url: crate::mta_sts::policy_url(self.domain.as_str()),
                error: FetchError::Timeout,
            });
        }
    }

    /// DNS questions handed out so far.
    pub fn asked(&self) -> usize {
        self.asked
    }

    /// DNS answers fed so far (timeouts at the deadline not counted).
    pub fn answered(&self) -> usize {
        self.answered
    }
}
