//! Politeness: at most `per_host` requests in flight to one host, whichever feeds and
//! articles they are for, and at most `total` in all. A request takes its host's slot
//! before a global one, so that requests queued behind one slow site never hold the
//! global slots other sites need. A host that asked us to wait (429 or 503 on an article
//! page) is paused until the time it gave.

use chrono::{DateTime, Utc};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

pub struct HostLimiter {
    per_host: usize,
    total: Arc<Semaphore>,
    hosts: Mutex<HashMap<String, Arc<Semaphore>>>,
    paused: Mutex<HashMap<String, DateTime<Utc>>>,
}

/// The right to make one request; released when dropped.
pub struct Slot {
    _host: OwnedSemaphorePermit,
    _total: OwnedSemaphorePermit,
}

impl HostLimiter {
    pub fn new(total: usize, per_host: usize) -> HostLimiter {
        HostLimiter {
            per_host: per_host.max(1),
            total: Arc::new(Semaphore::new(total.max(1))),
            hosts: Mutex::new(HashMap::new()),
            paused: Mutex::new(HashMap::new()),
        }
    }

    /// Leaves the URL's host alone until `until`.
    pub fn pause(&self, url: &str, until: DateTime<Utc>) {
        let mut paused = lock(&self.paused);
        let entry = paused.entry(host_of(url)).or_insert(until);
        *entry = (*entry).max(until);
    }

    /// When the URL's host may be asked again, if it is paused at `now`.
    pub fn paused_until(&self, url: &str, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
        let mut paused = lock(&self.paused);
        paused.retain(|_, until| *until > now);
        paused.get(&host_of(url)).copied()
    }

    /// Waits for a slot on the URL's host, then for a global one.
    pub async fn acquire(&self, url: &str) -> Slot {
        let host = self.host_slot(url).await;
        let total = Arc::clone(&self.total)
            .acquire_owned()
            .await
            .expect("the global semaphore is never closed");
        Slot {
            _host: host,
            _total: total,
        }
    }

    async fn host_slot(&self, url: &str) -> OwnedSemaphorePermit {
        let host = host_of(url);
        let semaphore = {
            let mut hosts = lock(&self.hosts);
            // Forget hosts nobody is waiting on, so the map does not grow for months.
            if hosts.len() > 4096 {
                hosts.retain(|_, s| Arc::strong_count(s) > 1);
            }
            hosts
                .entry(host)
                .or_insert_with(|| Arc::new(Semaphore::new(self.per_host)))
                .clone()
        };
        semaphore
            .acquire_owned()
            .await
            .expect("host semaphores are never closed")
    }
}

fn host_of(url: &str) -> String {
    url::Url::parse(url)
        .ok()
        .and_then(|u| u.host_str().map(str::to_ascii_lowercase))
        .unwrap_or_default()
}

/// A poisoned lock only means another task panicked while holding it; the map is still
/// usable.
fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|e| e.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn one_host_is_bounded_and_others_are_not_held_up() {
        let limiter = HostLimiter::new(10, 2);
        let _a = limiter.acquire("https://slow.example/a").await;
        let _b = limiter.acquire("https://SLOW.example/b").await;
        // A third request to the slow host waits...
        let third = limiter.acquire("https://slow.example/c");
        tokio::pin!(third);
        assert!(futures_poll_once(third.as_mut()).await.is_none());
        // ...while another host is served at once.
        let other = limiter.acquire("https://fast.example/x");
        tokio::pin!(other);
        assert!(futures_poll_once(other.as_mut()).await.is_some());
        drop(_a);
        assert!(futures_poll_once(third.as_mut()).await.is_some());
    }

    #[tokio::test]
    async fn the_global_bound_holds_over_hosts() {
        let limiter = HostLimiter::new(2, 2);
        let _a = limiter.acquire("https://a.example/").await;
        let _b = limiter.acquire("https://b.example/").await;
        let c = limiter.acquire("https://c.example/");
        tokio::pin!(c);
        assert!(futures_poll_once(c.as_mut()).await.is_none());
        drop(_b);
        assert!(futures_poll_once(c.as_mut()).await.is_some());
    }

    #[test]
    fn a_paused_host_stays_paused_until_its_time() {
        use chrono::TimeZone;
        let limiter = HostLimiter::new(4, 2);
        let t = Utc.with_ymd_and_hms(2025, 8, 28, 12, 0, 0).unwrap();
        let later = t + chrono::Duration::minutes(10);
        limiter.pause("https://busy.example/a", later);
        assert_eq!(
            limiter.paused_until("https://BUSY.example/b", t),
            Some(later)
        );
        assert_eq!(limiter.paused_until("https://other.example/", t), None);
        assert_eq!(limiter.paused_until("https://busy.example/b", later), None);
    }

    /// Polls a future once: `Some` if it is ready.
    async fn futures_poll_once<F: std::future::Future + Unpin>(f: F) -> Option<F::Output> {
        let mut f = f;
        std::future::poll_fn(|cx| {
            std::task::Poll::Ready(match std::pin::Pin::new(&mut f).poll(cx) {
                std::task::Poll::Ready(v) => Some(v),
                std::task::Poll::Pending => None,
            })
        })
        .await
    }
}
