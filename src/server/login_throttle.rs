//! Slows down password guessing: after too many failed logins within a window, further
//! attempts for that client address or that username are refused until the window passes.
//!
//! Kept in memory, so it is per server process: several processes behind one load balancer
//! each allow the limit, and a restart forgets. That bounds guessing well enough for one
//! process; a shared limit would need a table or a cache in front.

use std::collections::{HashMap, VecDeque};
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Failed logins allowed per key within [`WINDOW`].
pub const MAX_FAILURES: usize = 10;
/// The window failures are counted in.
pub const WINDOW: Duration = Duration::from_secs(300);
/// Keys remembered at most; beyond this, idle keys are forgotten first (memory bound under
/// a spray of usernames).
const MAX_KEYS: usize = 50_000;

/// Failed login counts per key (`ip:…`, `user:…`).
#[derive(Debug, Default)]
pub struct LoginThrottle {
    failures: Mutex<HashMap<String, VecDeque<Instant>>>,
}

impl LoginThrottle {
    /// `Err(wait)` when any key is over the limit: the time until its oldest failure expires.
    pub fn check(&self, keys: &[String], now: Instant) -> Result<(), Duration> {
        let mut failures = self.failures.lock().unwrap_or_else(|p| p.into_inner());
        let mut wait = None::<Duration>;
        for key in keys {
            if let Some(times) = failures.get_mut(key) {
                prune(times, now);
                if times.len() >= MAX_FAILURES {
                    let until = times
                        .front()
                        .map(|t| (*t + WINDOW).saturating_duration_since(now));
                    wait = wait.max(until);
                }
            }
        }
        match wait {
            Some(w) => Err(w.max(Duration::from_secs(1))),
            None => Ok(()),
        }
    }

    /// Counts a failed attempt against every key.
    pub fn record_failure(&self, keys: &[String], now: Instant) {
        let mut failures = self.failures.lock().unwrap_or_else(|p| p.into_inner());
        if failures.len() >= MAX_KEYS {
            failures.retain(|_, times| {
                prune(times, now);
                !times.is_empty()
            });
        }
        for key in keys {
            if failures.len() >= MAX_KEYS && !failures.contains_key(key) {
                continue;
            }
            let times = failures.entry(key.clone()).or_default();
            prune(times, now);
            times.push_back(now);
        }
    }

    /// Forgets the failures of one key (a username after its correct password).
    pub fn clear(&self, key: &str) {
        let mut failures = self.failures.lock().unwrap_or_else(|p| p.into_inner());
        failures.remove(key);
    }
}

fn prune(times: &mut VecDeque<Instant>, now: Instant) {
    while times
        .front()
        .is_some_and(|t| now.saturating_duration_since(*t) >= WINDOW)
    {
        times.pop_front();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys() -> Vec<String> {
        vec!["ip:1.2.3.4".into(), "user:admin".into()]
    }

    #[test]
    fn the_limit_applies_within_the_window() {
        let throttle = LoginThrottle::default();
        let start = Instant::now();
        for _ in 0..MAX_FAILURES {
            assert!(throttle.check(&keys(), start).is_ok());
            throttle.record_failure(&keys(), start);
        }
        let wait = throttle.check(&keys(), start).unwrap_err();
        assert_eq!(wait, WINDOW);
        // Another address is still refused for this username, and vice versa.
        assert!(throttle.check(&["user:admin".into()], start).is_err());
        assert!(throttle
            .check(&["ip:1.2.3.4".into(), "user:other".into()], start)
            .is_err());
        assert!(throttle
            .check(&["ip:5.6.7.8".into(), "user:other".into()], start)
            .is_ok());
        // Once the window has passed, attempts are allowed again.
        assert!(throttle.check(&keys(), start + WINDOW).is_ok());
    }

    #[test]
    fn clearing_a_username_keeps_the_address_count() {
        let throttle = LoginThrottle::default();
        let now = Instant::now();
        for _ in 0..MAX_FAILURES {
            throttle.record_failure(&keys(), now);
        }
        throttle.clear("user:admin");
        assert!(throttle.check(&["user:admin".into()], now).is_ok());
        assert!(throttle.check(&keys(), now).is_err());
    }
}
