//! When to poll a feed next: pure arithmetic over its state, what the poll found and the
//! clock, so that it can be tested without a network or a real clock.
//!
//! Entry points: [`Policy::after_success`] and [`Policy::after_failure`], which update a
//! [`FeedState`] in place and say whether the feed just broke down or recovered.
//!
//! - The interval adapts to how often the feed really publishes: half the median gap
//!   between its entries' dates, stretched when the newest entry is old, kept between
//!   the configured minimum and maximum. A feed without dates moves its interval down
//!   when a poll finds something new and up when it does not.
//! - A server's `Cache-Control: max-age` and `Retry-After` are floors: never undercut.
//! - Errors back off exponentially from the feed's interval. A feed failing without a
//!   break for `broken_after` is marked broken and then retried every `broken_retry`: a
//!   feed is never dropped, since sites come back.
//! - Every wait is lengthened by a pseudo-random fraction (up to `jitter`) so that feeds
//!   do not poll in lockstep. It only ever adds, so it never undercuts the minimum, a
//!   fixed interval or a server's floor; it is derived from the URL and the time, so a
//!   test sees the same value every run.

use crate::config::PollerConfig;
use crate::model::FeedState;
use chrono::{DateTime, Utc};
use std::time::Duration;

/// A server asking for more than this (in `max-age` or `Retry-After`) is taken to mean
/// this much: a typo on their side must not silence a feed for a year.
const LONGEST_REQUESTED_WAIT: Duration = Duration::from_secs(7 * 24 * 3600);

/// How many entry dates the publishing rhythm is estimated from.
const RHYTHM_ENTRIES: usize = 20;

#[derive(Debug, Clone)]
pub struct Policy {
    pub min_interval: Duration,
    pub max_interval: Duration,
    pub start_interval: Duration,
    pub broken_after: Duration,
    pub broken_retry: Duration,
    pub jitter: f64,
}

/// What a successful poll learnt about the feed.
#[derive(Debug, Clone, Default)]
pub struct Found<'a> {
    /// `false` for a `304 Not Modified`: nothing was parsed.
    pub modified: bool,
    /// Entries the feed had not shown before.
    pub new_entries: usize,
    /// The dates of the entries the feed holds now (published, else updated).
    pub entry_dates: &'a [DateTime<Utc>],
    pub max_age: Option<Duration>,
}

/// A change in a feed's health that the change log must hear about.
#[derive(Debug, Clone, PartialEq)]
pub enum HealthChange {
    /// The feed has failed without a break since `since`.
    Broke { since: DateTime<Utc>, failures: u32 },
    /// A broken feed answered again after `failures` failed polls.
    Recovered { failures: u32 },
}

impl Policy {
    pub fn from_config(config: &PollerConfig) -> Policy {
        Policy {
            min_interval: config.min_interval,
            max_interval: config.max_interval,
            start_interval: config.start_interval,
            broken_after: config.broken_after,
            broken_retry: config.broken_retry,
            jitter: config.jitter,
        }
    }

    /// Updates `state` after a poll that got an answer; `fixed` is the feed's configured
    /// interval, if it has one.
    pub fn after_success(
        &self,
        state: &mut FeedState,
        fixed: Option<Duration>,
        found: &Found<'_>,
        now: DateTime<Utc>,
    ) -> Option<HealthChange> {
        let change = state.broken.then_some(HealthChange::Recovered {
            failures: state.consecutive_failures,
        });
        state.consecutive_failures = 0;
        state.failing_since = None;
        state.broken = false;
        state.last_error = None;
        state.last_polled = Some(now);

        let interval = match fixed {
            Some(fixed) => fixed,
            None => self.learn_interval(state, found, now),
        };
        state.interval_secs = Some(interval.as_secs());
        let wait = self
            .jittered(interval, &state.url, now)
            .max(found.max_age.map_or(Duration::ZERO, capped));
        state.next_due = Some(now + wait);
        change
    }

    /// Updates `state` after a poll that failed (no answer, an error status, a body that
    /// is not a feed). `retry_after` is the server's `Retry-After`, if it sent one.
    pub fn after_failure(
        &self,
        state: &mut FeedState,
        fixed: Option<Duration>,
        error: String,
        retry_after: Option<Duration>,
        now: DateTime<Utc>,
    ) -> Option<HealthChange> {
        state.consecutive_failures = state.consecutive_failures.saturating_add(1);
        let since = *state.failing_since.get_or_insert(now);
        state.last_error = Some(error);
        state.last_polled = Some(now);

        let failing_for = (now - since).to_std().unwrap_or_default();
        let mut change = None;
        if failing_for >= self.broken_after && !state.broken {
            state.broken = true;
            change = Some(HealthChange::Broke {
                since,
                failures: state.consecutive_failures,
            });
        }
        let backoff = if state.broken {
            self.broken_retry
        } else {
            let base = fixed.unwrap_or_else(|| self.current_interval(state));
            let doublings = state.consecutive_failures.saturating_sub(1).min(16);
            base.saturating_mul(1 << doublings).min(self.broken_retry)
        };
        let wait = self
            .jittered(backoff, &state.url, now)
            .max(retry_after.map_or(Duration::ZERO, capped));
        state.next_due = Some(now + wait);
        change
    }

    fn current_interval(&self, state: &FeedState) -> Duration {
        state
            .interval_secs
            .map_or(self.start_interval, Duration::from_secs)
            .clamp(self.min_interval, self.max_interval)
    }

    fn learn_interval(&self, state: &FeedState, found: &Found<'_>, now: DateTime<Utc>) -> Duration {
        let current = self.current_interval(state);
        let estimate = if found.modified {
            rhythm(found.entry_dates, now)
        } else {
            None
        };
        let learnt = match estimate {
            Some(estimate) => estimate,
            // No dates to go by: something new pulls the interval down, nothing new
            // lets it grow, each step modest so that one quiet hour changes little.
            None if found.new_entries > 0 => current.mul_f64(0.75),
            None => current.mul_f64(1.25),
        };
        learnt.clamp(self.min_interval, self.max_interval)
    }

    fn jittered(&self, wait: Duration, url: &str, now: DateTime<Utc>) -> Duration {
        if self.jitter <= 0.0 {
            return wait;
        }
        // A fraction in [0, jitter], the same for the same feed at the same time.
        let unit = (stable_hash(url, now.timestamp()) % 1001) as f64 / 1000.0;
        wait.mul_f64(1.0 + unit * self.jitter)
    }
}

/// Half the median gap between the newest entries, or a quarter of the time since the
/// newest one when that is longer (a feed gone quiet is polled less). `None` with fewer
/// than two dates.
fn rhythm(dates: &[DateTime<Utc>], now: DateTime<Utc>) -> Option<Duration> {
    let mut dates: Vec<DateTime<Utc>> = dates.iter().copied().filter(|d| *d <= now).collect();
    if dates.len() < 2 {
        return None;
    }
    dates.sort_unstable_by(|a, b| b.cmp(a));
    dates.truncate(RHYTHM_ENTRIES);
    let mut gaps: Vec<i64> = dates
        .windows(2)
        .map(|pair| (pair[0] - pair[1]).num_seconds())
        .collect();
    gaps.sort_unstable();
    let median = gaps[gaps.len() / 2].max(0) as u64;
    let idle = (now - dates[0]).num_seconds().max(0) as u64;
    Some(Duration::from_secs((median / 2).max(idle / 4)))
}

fn capped(requested: Duration) -> Duration {
    requested.min(LONGEST_REQUESTED_WAIT)
}

/// FNV-1a over the URL and the time: stable across runs and platforms, unlike std's
/// hasher.
fn stable_hash(url: &str, time: i64) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in url.bytes().chain(time.to_le_bytes()) {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    hash
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn policy(jitter: f64) -> Policy {
        Policy {
            min_interval: Duration::from_secs(600),
            max_interval: Duration::from_secs(12 * 3600),
            start_interval: Duration::from_secs(1800),
            broken_after: Duration::from_secs(3 * 86400),
            broken_retry: Duration::from_secs(86400),
            jitter,
        }
    }

    fn t0() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2025, 8, 28, 12, 0, 0).unwrap()
    }

    fn wait(state: &FeedState, now: DateTime<Utc>) -> i64 {
        (state.next_due.unwrap() - now).num_seconds()
    }

    #[test]
    fn the_interval_follows_how_often_the_feed_publishes() {
        let now = t0();
        // An entry every hour, the newest ten minutes ago: poll every half hour.
        let hourly: Vec<_> = (0..10)
            .map(|i| now - chrono::Duration::minutes(10 + 60 * i))
            .collect();
        let mut state = FeedState::new("https://example.org/rss");
        let found = Found {
            modified: true,
            new_entries: 3,
            entry_dates: &hourly,
            max_age: None,
        };
        policy(0.0).after_success(&mut state, None, &found, now);
        assert_eq!(wait(&state, now), 1800);

        // A feed with one entry a day, the newest two days old: the maximum.
        let daily: Vec<_> = (0..10)
            .map(|i| now - chrono::Duration::days(2 + i))
            .collect();
        let found = Found {
            entry_dates: &daily,
            ..found
        };
        policy(0.0).after_success(&mut state, None, &found, now);
        assert_eq!(wait(&state, now), 12 * 3600);

        // A busy wire feed (an entry a minute): the minimum.
        let busy: Vec<_> = (0..20)
            .map(|i| now - chrono::Duration::minutes(i))
            .collect();
        let found = Found {
            entry_dates: &busy,
            ..found
        };
        policy(0.0).after_success(&mut state, None, &found, now);
        assert_eq!(wait(&state, now), 600);
    }

    #[test]
    fn without_dates_nothing_new_stretches_the_interval_and_news_shrinks_it() {
        let now = t0();
        let mut state = FeedState::new("https://example.org/rss");
        let quiet = Found {
            modified: false,
            ..Found::default()
        };
        policy(0.0).after_success(&mut state, None, &quiet, now);
        assert_eq!(wait(&state, now), 2250); // 30 min × 1.25
        policy(0.0).after_success(&mut state, None, &quiet, now);
        assert!(wait(&state, now) > 2250);
        let news = Found {
            modified: true,
            new_entries: 2,
            ..Found::default()
        };
        let before = state.interval_secs.unwrap();
        policy(0.0).after_success(&mut state, None, &news, now);
        assert!(state.interval_secs.unwrap() < before);
    }

    #[test]
    fn max_age_and_a_fixed_interval_are_honoured_whatever_the_jitter() {
        let now = t0();
        for n in 0..50 {
            let mut state = FeedState::new(&format!("https://example.org/rss/{n}"));
            let found = Found {
                modified: true,
                max_age: Some(Duration::from_secs(5 * 3600)),
                ..Found::default()
            };
            let fixed = Some(Duration::from_secs(900));
            policy(0.1).after_success(&mut state, fixed, &found, now);
            assert!(wait(&state, now) >= 5 * 3600);
            let found = Found {
                max_age: Some(Duration::from_secs(60)),
                ..found
            };
            policy(0.1).after_success(&mut state, fixed, &found, now);
            assert!((900..=990).contains(&wait(&state, now)));
        }
    }

    #[test]
    fn failures_back_off_exponentially_then_break_and_recover() {
        let p = policy(0.0);
        let mut state = FeedState::new("https://example.org/rss");
        let mut now = t0();
        let mut waits = Vec::new();
        let mut broke = None;
        for _ in 0..40 {
            let change = p.after_failure(&mut state, None, "HTTP 500".into(), None, now);
            waits.push(wait(&state, now));
            if change.is_some() {
                broke = change;
                break;
            }
            now = state.next_due.unwrap();
        }
        assert_eq!(&waits[..4], &[1800, 3600, 7200, 14400]);
        assert!(waits.iter().all(|w| *w <= 86400), "{waits:?}");
        match broke {
            Some(HealthChange::Broke { since, failures }) => {
                assert_eq!(since, t0());
                assert_eq!(failures, state.consecutive_failures);
            }
            other => panic!("the feed should have broken: {other:?}"),
        }
        assert!(state.broken);
        // Broken feeds are still polled, once a day; a second failure reports nothing.
        assert_eq!(wait(&state, now), 86400);
        now = state.next_due.unwrap();
        assert_eq!(
            p.after_failure(&mut state, None, "HTTP 500".into(), None, now),
            None
        );
        let failures = state.consecutive_failures;
        let change = p.after_success(&mut state, None, &Found::default(), now);
        assert_eq!(change, Some(HealthChange::Recovered { failures }));
        assert_eq!(state.consecutive_failures, 0);
        assert!(!state.broken && state.failing_since.is_none());
    }

    #[test]
    fn retry_after_is_a_floor() {
        let now = t0();
        let mut state = FeedState::new("https://example.org/rss");
        let retry = Some(Duration::from_secs(4 * 3600));
        policy(0.1).after_failure(&mut state, None, "HTTP 429".into(), retry, now);
        assert!(wait(&state, now) >= 4 * 3600);
        let retry = Some(Duration::from_secs(400 * 86400));
        policy(0.0).after_failure(&mut state, None, "HTTP 503".into(), retry, now);
        assert_eq!(wait(&state, now), 7 * 86400);
    }

    #[test]
    fn jitter_spreads_feeds_within_its_bound() {
        let now = t0();
        let mut waits = std::collections::HashSet::new();
        for n in 0..50 {
            let mut state = FeedState::new(&format!("https://example.org/feed/{n}"));
            let found = Found::default();
            policy(0.1).after_success(&mut state, Some(Duration::from_secs(1000)), &found, now);
            let w = wait(&state, now);
            assert!((1000..=1100).contains(&w), "{w}");
            waits.insert(w);
        }
        assert!(waits.len() > 20, "jitter should spread 50 feeds: {waits:?}");
    }
}
