//! Who holds the streamed-survey slots: at most `MAX_STREAMED_SURVEYS` in all
//! (`survey_stream`), `MAX_STREAMED_PER_CLIENT` per client and
//! `MAX_STREAMED_PER_SITE` per IPv6 /48, so a handful of addresses cannot take every
//! slot (six did, and everyone else got 503 for 15 s).
//!
//! The counts are this instance's; with `--redis-url` the per-client and per-site
//! caps are also checked across every instance (`shared_limits::acquire_slot`), while
//! the total stays per instance, since it protects this process's resources.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::{Arc, Mutex};

use tokio::sync::{OwnedSemaphorePermit, Semaphore};

use crate::AppState;
use crate::rate_limit::ClientKeys;
use crate::shared_limits::{SharedSlot, acquire_slot, release_slot};

/// Streamed surveys one client (an IPv4 address or an IPv6 /64) may run at once.
pub const MAX_STREAMED_PER_CLIENT: usize = 4;
/// Streamed surveys one IPv6 /48 may run at once.
pub const MAX_STREAMED_PER_SITE: usize = 8;
/// Seconds a client at its cap is told to wait: surveys usually end within a few.
pub const STREAM_RETRY_AFTER: u64 = 5;

/// Why no slot was given.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NoSlot {
    /// Every slot of the server is taken.
    Busy,
    /// The client (or its /48) runs its share already.
    ClientAtCap,
}

/// The slots held per client and per site; an entry exists only while it holds a slot,
/// so the table never has more than `MAX_STREAMED_SURVEYS` × 2 entries.
#[derive(Debug, Default)]
pub struct ClientSlots {
    held: Mutex<HashMap<SlotKey, usize>>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
enum SlotKey {
    Client(IpAddr),
    Site(IpAddr),
}

impl ClientSlots {
    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<SlotKey, usize>> {
        self.held
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Counts one more slot for `keys` unless that would pass a cap.
    fn try_take(&self, keys: ClientKeys) -> bool {
        let mut held = self.lock();
        let client = SlotKey::Client(keys.client);
        let site = keys.site.map(SlotKey::Site);
        if held.get(&client).copied().unwrap_or(0) >= MAX_STREAMED_PER_CLIENT
            || site
                .is_some_and(|site| held.get(&site).copied().unwrap_or(0) >= MAX_STREAMED_PER_SITE)
        {
            return false;
        }
        for key in std::iter::once(client).chain(site) {
            *held.entry(key).or_insert(0) += 1;
        }
        true
    }

    fn give_back(&self, keys: ClientKeys) {
        let mut held = self.lock();
        for key in std::iter::once(SlotKey::Client(keys.client)).chain(keys.site.map(SlotKey::Site))
        {
            if let Some(count) = held.get_mut(&key) {
                *count -= 1;
                if *count == 0 {
                    held.remove(&key);
                }
            }
        }
    }

    /// Slots `client` holds on this instance.
    pub fn held_by(&self, client: IpAddr) -> usize {
        let keys = ClientKeys::of(client);
        self.lock()
            .get(&SlotKey::Client(keys.client))
            .copied()
            .unwrap_or(0)
    }
}

/// A slot: given back (locally at once, in Redis by a task) when dropped.
#[derive(Debug)]
pub struct StreamSlot {
    _permit: OwnedSemaphorePermit,
    keys: ClientKeys,
    clients: Arc<ClientSlots>,
    shared: Option<(Arc<crate::redis::Redis>, SharedSlot)>,
}

impl Drop for StreamSlot {
    fn drop(&mut self) {
        self.clients.give_back(self.keys);
        if let Some((redis, slot)) = self.shared.take()
            && let Ok(runtime) = tokio::runtime::Handle::try_current()
        {
            runtime.spawn(async move { release_slot(&redis, slot).await });
        }
    }
}

/// A slot for `client`, or why not.
pub async fn acquire(
    state: &AppState,
    total: &Arc<Semaphore>,
    client: IpAddr,
) -> Result<StreamSlot, NoSlot> {
    let permit = total
        .clone()
        .try_acquire_owned()
        .map_err(|_| NoSlot::Busy)?;
    let keys = ClientKeys::of(client);
    if !state.stream_slots.try_take(keys) {
        return Err(NoSlot::ClientAtCap);
    }
    let mut slot = StreamSlot {
        _permit: permit,
        keys,
        clients: state.stream_slots.clone(),
        shared: None,
    };
    if let Some(redis) = &state.redis {
        // Held at most until the survey's deadline, plus a margin for the last line.
        let hold = crate::survey::SURVEY_DEADLINE + std::time::Duration::from_secs(5);
        match acquire_slot(
            redis,
            keys,
            (MAX_STREAMED_PER_CLIENT, MAX_STREAMED_PER_SITE),
            hold,
        )
        .await
        {
            // Dropping `slot` gives the local count back.
            Some(None) => return Err(NoSlot::ClientAtCap),
            Some(Some(shared)) => slot.shared = Some((redis.clone(), shared)),
            // Redis cannot be asked: the local count decides.
            None => {}
        }
    }
    Ok(slot)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn caps_per_client_and_per_site() {
        let slots = ClientSlots::default();
        let v4 = ClientKeys::of(IpAddr::from([192, 0, 2, 1]));
        for _ in 0..MAX_STREAMED_PER_CLIENT {
            assert!(slots.try_take(v4));
        }
        assert!(!slots.try_take(v4));
        slots.give_back(v4);
        assert!(slots.try_take(v4));

        // Two /64s of one /48 reach the site cap together.
        let in_site = |n: u16| {
            ClientKeys::of(IpAddr::from(std::net::Ipv6Addr::new(
                0x2001, 0xdb8, 5, n, 0, 0, 0, 1,
            )))
        };
        for n in 0..2 {
            for _ in 0..MAX_STREAMED_PER_CLIENT {
                assert!(slots.try_take(in_site(n)));
            }
        }
        assert!(!slots.try_take(in_site(2)), "the /48 is at its cap");
        // Everything given back leaves no entry behind.
        for n in 0..2 {
            for _ in 0..MAX_STREAMED_PER_CLIENT {
                slots.give_back(in_site(n));
            }
        }
        for _ in 0..MAX_STREAMED_PER_CLIENT {
            slots.give_back(v4);
        }
        assert!(slots.lock().is_empty());
    }
}
