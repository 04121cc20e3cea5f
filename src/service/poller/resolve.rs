//! Host name lookups that cannot stall the daemon. The system resolver (`getaddrinfo`)
//! blocks a thread until it answers, which on a server with a broken DNS setup takes 5 to
//! 20 s; run on the runtime's blocking pool, a few such lookups would hold every thread
//! that parses, extracts, matches and writes. So each lookup runs on a thread of its own,
//! one at a time per host name (the feeds and pages of one site wait for one answer),
//! its answer is kept for a while, and the caller waits at most the connect timeout.
//!
//! Entry point: [`Resolver::resolve`], called by the fetcher's DNS hook for every host
//! name it connects to.

use std::collections::HashMap;
use std::net::{SocketAddr, ToSocketAddrs};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tokio::sync::watch;

/// How long an answer is reused: the system resolver gives no TTL, and a site's
/// addresses rarely change within minutes.
const KEEP_ANSWER: Duration = Duration::from_secs(300);
/// How long a failure (or a lookup past the timeout) is reused, so that a dead name is
/// not asked again for every page of its feed.
const KEEP_FAILURE: Duration = Duration::from_secs(60);
/// Past this many names known, answers gone stale are dropped: a daemon follows links to
/// ever more sites over months, and an old answer is never used again.
const PRUNE_ABOVE: usize = 4096;

/// Looks a host name up, blocking: the system resolver, or a test's.
pub type LookupFn = Arc<dyn Fn(&str) -> std::io::Result<Vec<SocketAddr>> + Send + Sync>;

/// How host names are looked up (`[http]` has no setting: tests inject their own).
#[derive(Clone, Default)]
pub enum Lookup {
    #[default]
    System,
    /// A blocking lookup of the caller's, run as the system's would be.
    Custom(LookupFn),
}

impl std::fmt::Debug for Lookup {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Lookup::System => "System",
            Lookup::Custom(_) => "Custom",
        })
    }
}

type Answer = Result<Vec<SocketAddr>, String>;

/// What is known of one host name.
enum Known {
    Answered {
        answer: Answer,
        until: Instant,
    },
    /// A lookup is running; its answer comes on this channel. Once a caller has waited
    /// it out, callers fail at once until `slow_until`, then wait for the same lookup
    /// again: a host never has two lookups running.
    Asking {
        answer: watch::Receiver<Option<Answer>>,
        slow_until: Option<Instant>,
    },
}

/// Why a lookup gave no addresses.
#[derive(Debug, thiserror::Error)]
pub enum LookupError {
    #[error("looking up {host} took longer than {seconds} s")]
    TooSlow { host: String, seconds: u64 },
    #[error("cannot look up {host}: {detail}")]
    Failed { host: String, detail: String },
}

/// Host name lookups on threads of their own, one per host name at a time, with their
/// answers kept (see the module documentation).
#[derive(Clone)]
pub struct Resolver {
    lookup: LookupFn,
    timeout: Duration,
    known: Arc<Mutex<HashMap<String, Known>>>,
}

impl Resolver {
    /// A resolver for connections given `timeout` (lookup and connect together): its
    /// callers wait at most nine tenths of it, so that a slow lookup fails as a slow
    /// lookup, before the connection's own timeout blames the server.
    pub fn new(lookup: Lookup, timeout: Duration) -> Resolver {
        let lookup = match lookup {
            Lookup::System => {
                Arc::new(|host: &str| (host, 0).to_socket_addrs().map(|addrs| addrs.collect()))
                    as LookupFn
            }
            Lookup::Custom(lookup) => lookup,
        };
        Resolver {
            lookup,
            timeout,
            known: Arc::new(Mutex::new(HashMap::new())),
        }
    }

    /// The addresses of `host`: a kept answer, the answer of a lookup already running,
    /// or a new lookup's; an error past the timeout.
    pub async fn resolve(&self, host: &str) -> Result<Vec<SocketAddr>, LookupError> {
        let mut asking = match self.known_or_ask(host) {
            Ok(answer) => return answer.map_err(|detail| failed(host, detail)),
            Err(asking) => asking,
        };
        let wait = self.timeout.mul_f64(0.9);
        let answered = tokio::time::timeout(wait, asking.wait_for(Option::is_some))
            .await
            .map(|waited| waited.map(|answer| answer.clone()));
        match answered {
            Ok(Ok(answer)) => answer
                .expect("waited for an answer")
                .map_err(|detail| failed(host, detail)),
            // The thread answers even when the lookup panics; only a failed spawn gets here.
            Ok(Err(_)) => Err(failed(host, "the lookup ended without an answer".into())),
            Err(_) => {
                // Later callers fail at once for a while rather than each wait the
                // timeout; the lookup's late answer replaces this when it comes.
                let mut known = lock(&self.known);
                if let Some(Known::Asking { answer, slow_until }) = known.get_mut(host) {
                    if answer.same_channel(&asking) {
                        *slow_until = Some(Instant::now() + KEEP_FAILURE);
                    }
                }
                Err(LookupError::TooSlow {
                    host: host.to_string(),
                    seconds: self.timeout.as_secs().max(1),
                })
            }
        }
    }

    /// A kept answer for `host`, or a channel to wait on for one (starting a lookup
    /// when none runs).
    fn known_or_ask(&self, host: &str) -> Result<Answer, watch::Receiver<Option<Answer>>> {
        let mut known = lock(&self.known);
        let now = Instant::now();
        match known.get(host) {
            Some(Known::Answered { answer, until }) if *until > now => return Ok(answer.clone()),
            Some(Known::Asking {
                slow_until: Some(until),
                ..
            }) if *until > now => {
                let seconds = self.timeout.as_secs().max(1);
                return Ok(Err(format!(
                    "a lookup still running took longer than {seconds} s"
                )));
            }
            Some(Known::Asking { answer, .. }) => return Err(answer.clone()),
            _ => {}
        }
        let (tell, asking) = watch::channel(None);
        let running = Known::Asking {
            answer: asking.clone(),
            slow_until: None,
        };
        known.insert(host.to_string(), running);
        drop(known);
        let (lookup, resolver, name) = (Arc::clone(&self.lookup), self.clone(), host.to_string());
        let started = std::thread::Builder::new()
            .name("storywatch-lookup".into())
            .spawn(move || {
                // A lookup that panics answers as a failure, so that its host is asked
                // again later rather than never.
                let looked_up =
                    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| lookup(&name)));
                let answer = looked_up
                    .unwrap_or_else(|_| Err(std::io::Error::other("the lookup crashed")))
                    .map_err(|e| e.to_string());
                let keep_for = if answer.is_ok() {
                    KEEP_ANSWER
                } else {
                    KEEP_FAILURE
                };
                resolver.keep(&name, answer.clone(), keep_for);
                let _ = tell.send(Some(answer));
            });
        if let Err(e) = started {
            let answer = Err(format!("cannot start a lookup thread: {e}"));
            self.keep(host, answer.clone(), KEEP_FAILURE);
            return Ok(answer);
        }
        Err(asking)
    }

    fn keep(&self, host: &str, answer: Answer, keep_for: Duration) {
        let now = Instant::now();
        let mut known = lock(&self.known);
        if known.len() > PRUNE_ABOVE {
            known.retain(|_, k| !matches!(k, Known::Answered { until, .. } if *until <= now));
        }
        known.insert(
            host.to_string(),
            Known::Answered {
                answer,
                until: now + keep_for,
            },
        );
    }

    /// How many host names it knows (answered, failed or being asked).
    #[cfg(test)]
    fn known(&self) -> usize {
        lock(&self.known).len()
    }
}

fn failed(host: &str, detail: String) -> LookupError {
    LookupError::Failed {
        host: host.to_string(),
        detail,
    }
}

/// A poisoned lock only means a lookup thread panicked while holding it; the map is sound.
fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|e| e.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    fn counting(answer: Vec<SocketAddr>) -> (Lookup, Arc<AtomicUsize>) {
        let asked = Arc::new(AtomicUsize::new(0));
        let counter = Arc::clone(&asked);
        let lookup = Lookup::Custom(Arc::new(move |_host: &str| {
            counter.fetch_add(1, Ordering::SeqCst);
            Ok(answer.clone())
        }));
        (lookup, asked)
    }

    #[tokio::test]
    async fn an_answer_is_kept_and_each_name_asked_once() {
        let address: SocketAddr = "127.0.0.1:0".parse().unwrap();
        let (lookup, asked) = counting(vec![address]);
        let resolver = Resolver::new(lookup, Duration::from_secs(5));
        for _ in 0..3 {
            assert_eq!(resolver.resolve("a.example").await.unwrap(), [address]);
        }
        assert_eq!(asked.load(Ordering::SeqCst), 1);
        resolver.resolve("b.example").await.unwrap();
        assert_eq!(asked.load(Ordering::SeqCst), 2);
    }

    #[tokio::test]
    async fn answers_gone_stale_are_dropped_once_many_names_are_known() {
        let address: SocketAddr = "127.0.0.1:0".parse().unwrap();
        let (lookup, _) = counting(vec![address]);
        let resolver = Resolver::new(lookup, Duration::from_secs(5));
        for n in 0..=PRUNE_ABOVE {
            resolver.keep(
                &format!("old-{n}.example"),
                Ok(vec![address]),
                Duration::ZERO,
            );
        }
        resolver.resolve("new.example").await.unwrap();
        assert!(
            resolver.known() <= 2,
            "{} names still known",
            resolver.known()
        );
    }

    #[tokio::test]
    async fn a_lookup_that_hangs_fails_at_the_timeout_and_then_at_once() {
        let (hung_tx, hung_rx) = std::sync::mpsc::channel::<()>();
        let hung_rx = Mutex::new(hung_rx);
        // Blocks its thread until the test ends, as a resolver that never answers.
        let lookup = Lookup::Custom(Arc::new(move |_host: &str| {
            let _ = lock(&hung_rx).recv();
            Err(std::io::Error::other("never"))
        }));
        let resolver = Resolver::new(lookup, Duration::from_millis(200));
        let first = resolver.resolve("slow.example").await;
        assert!(
            matches!(first, Err(LookupError::TooSlow { .. })),
            "{first:?}"
        );
        let again = tokio::time::timeout(Duration::from_secs(5), resolver.resolve("slow.example"))
            .await
            .expect("a name known to be slow fails without waiting again");
        assert!(
            matches!(again, Err(LookupError::Failed { .. })),
            "{again:?}"
        );
        drop(hung_tx);
    }

    #[tokio::test]
    async fn a_host_never_has_two_lookups_running_and_a_panic_is_a_failure() {
        let (release, hold) = std::sync::mpsc::channel::<()>();
        let hold = Mutex::new(hold);
        let running = Arc::new(AtomicUsize::new(0));
        let most = Arc::new(AtomicUsize::new(0));
        let (now_running, at_most) = (Arc::clone(&running), Arc::clone(&most));
        let lookup = Lookup::Custom(Arc::new(move |host: &str| {
            if host == "panics.example" {
                panic!("a resolver bug");
            }
            let n = now_running.fetch_add(1, Ordering::SeqCst) + 1;
            at_most.fetch_max(n, Ordering::SeqCst);
            let _ = lock(&hold).recv();
            now_running.fetch_sub(1, Ordering::SeqCst);
            Err(std::io::Error::other("no answer"))
        }));
        let resolver = Resolver::new(lookup.clone(), Duration::from_millis(100));
        for _ in 0..3 {
            // Past its slow mark, a caller waits for the same lookup, not a new one.
            if let Some(Known::Asking { slow_until, .. }) =
                lock(&resolver.known).get_mut("slow.example")
            {
                *slow_until = None;
            }
            assert!(resolver.resolve("slow.example").await.is_err());
        }
        assert_eq!(most.load(Ordering::SeqCst), 1, "one lookup at a time");
        // Given time to answer (a panic's report takes a while to print).
        let crashed = Resolver::new(lookup, Duration::from_secs(30))
            .resolve("panics.example")
            .await;
        assert!(
            matches!(&crashed, Err(LookupError::Failed { detail, .. }) if detail.contains("crashed")),
            "{crashed:?}"
        );
        drop(release);
    }
}
