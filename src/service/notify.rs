//! Notifications: each change-log event a `[[notify]]` entry asks for is POSTed to its
//! webhook as JSON, in log order, at least once.
//!
//! Entry point: [`run_webhook`], one task per webhook, started by the daemon. It reads
//! the log from the store (not from the in-memory event stream, which may drop events
//! for a slow listener) from a cursor kept in the store, so a webhook that is down for a
//! day, or a daemon restart, loses nothing: an event is retried with backoff until its
//! webhook accepts it (2xx), and only then does the cursor move past it, durably. A crash
//! between the webhook's answer and that write repeats the one event in flight, so
//! receivers use `X-Storywatch-Delivery` (its sequence number) to drop a repeat. Only
//! events already on disk are sent: a crash never takes back an event a webhook has
//! seen, nor gives its number to another. A new webhook starts at the end of the log.
//! Deliveries never block polling.
//!
//! Besides the poller, this is the only module that makes requests; webhook URLs come
//! from the operator's config, not from feeds, so the address guard does not apply.
//!
//! Guide: `docs/api.md` (webhooks as their receivers see them).

use crate::metrics::Metrics;
use crate::model::Event;
use crate::store::{Store, StoreError};
use crate::timeline::EventFilter;
use hmac::{Hmac, Mac};
use sha2::Sha256;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::Notify;

/// The header carrying `sha256=<hex HMAC of the body>` when a secret is configured.
pub const SIGNATURE_HEADER: &str = "X-Storywatch-Signature";

/// The first retry comes after this; each next one after twice as long, up to
/// [`LONGEST_BACKOFF`].
const FIRST_BACKOFF: Duration = Duration::from_secs(1);
const LONGEST_BACKOFF: Duration = Duration::from_secs(300);

/// One webhook, from the config.
#[derive(Debug, Clone)]
pub struct Webhook {
    pub url: String,
    pub filter: EventFilter,
    /// Only events of these stories (all when empty).
    pub stories: Vec<String>,
    pub secret: Option<String>,
    pub timeout: Duration,
}

impl Webhook {
    fn wants(&self, event: &Event) -> bool {
        self.filter.matches(event)
            && (self.stories.is_empty()
                || event
                    .body
                    .story()
                    .is_some_and(|s| self.stories.contains(&s.0)))
    }
}

/// What a webhook task did, for the closing log line and tests.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Deliveries {
    pub delivered: u64,
    pub failed_attempts: u64,
}

/// Delivers the webhook's events until `stop` is notified. `wake` is notified whenever
/// the daemon writes events.
pub async fn run_webhook(
    webhook: Webhook,
    store: Arc<Store>,
    metrics: Arc<Metrics>,
    wake: Arc<Notify>,
    stop: Arc<Notify>,
) -> Result<Deliveries, StoreError> {
    let url = webhook.url.clone();
    let delivered = deliver_until_stopped(webhook, store, metrics, wake, stop).await;
    if let Err(e) = &delivered {
        // Said now: the daemon reads the task's result only when it stops.
        tracing::error!(webhook = %url, "deliveries stopped until the next start: {e}");
    }
    delivered
}

async fn deliver_until_stopped(
    webhook: Webhook,
    store: Arc<Store>,
    metrics: Arc<Metrics>,
    wake: Arc<Notify>,
    stop: Arc<Notify>,
) -> Result<Deliveries, StoreError> {
    let client = match reqwest::Client::builder()
        .timeout(webhook.timeout)
        .user_agent(concat!("storywatch/", env!("CARGO_PKG_VERSION")))
        .build()
    {
        Ok(client) => client,
        Err(e) => {
            tracing::error!(webhook = %webhook.url, "cannot set up the webhook client: {e}");
            return Ok(Deliveries::default());
        }
    };
    let mut cursor = match store.notify_cursor(&webhook.url)? {
        Some(cursor) => cursor,
        None => {
            let end = store.last_seq()?;
            store.set_notify_cursor(&webhook.url, end)?;
            end
        }
    };
    let mut done = Deliveries::default();
    loop {
        let pending: Vec<Event> = store
            .events(cursor + 1)
            .take(256)
            .collect::<Result<_, _>>()?;
        if pending.is_empty() {
            tokio::select! {
                _ = wake.notified() => continue,
                _ = stop.notified() => return Ok(done),
            }
        }
        // Sent only once on disk (the flush also keeps the cursor written before it).
        if pending.iter().any(|e| webhook.wants(e)) && !flush(&store).await? {
            return Ok(done);
        }
        for event in pending {
            if webhook.wants(&event) {
                let mut backoff = FIRST_BACKOFF;
                loop {
                    match deliver(&client, &webhook, &event).await {
                        Ok(()) => break,
                        Err(error) => {
                            done.failed_attempts += 1;
                            metrics.webhook_failures.inc();
                            tracing::warn!(webhook = %webhook.url, seq = event.seq, "delivery failed, retrying in {} s: {error}", backoff.as_secs());
                            tokio::select! {
                                _ = tokio::time::sleep(backoff) => {}
                                _ = stop.notified() => return Ok(done),
                            }
                            backoff = (backoff * 2).min(LONGEST_BACKOFF);
                        }
                    }
                }
                done.delivered += 1;
                metrics.webhook_deliveries.inc();
            }
            cursor = event.seq;
            store.set_notify_cursor(&webhook.url, cursor)?;
            if webhook.wants(&event) {
                // So that a crash repeats at most the next delivery, not every one since
                // the daemon's last flush.
                if !flush(&store).await? {
                    return Ok(done);
                }
            }
        }
    }
}

/// Flushes the store off the async threads; `false` when the flush crashed (a bug),
/// and the webhook then stops delivering until the next start rather than send events
/// that may not be on disk (its cursor is, so nothing is lost).
async fn flush(store: &Arc<Store>) -> Result<bool, StoreError> {
    let store = Arc::clone(store);
    match tokio::task::spawn_blocking(move || store.flush()).await {
        Ok(flushed) => flushed.map(|_| true),
        Err(e) => {
            tracing::error!("flushing the store for a webhook crashed (a bug; please report it); its deliveries stop until the next start: {e}");
            Ok(false)
        }
    }
}

async fn deliver(client: &reqwest::Client, webhook: &Webhook, event: &Event) -> Result<(), String> {
    let body = serde_json::to_vec(event).map_err(|e| e.to_string())?;
    let mut request = client
        .post(&webhook.url)
        .header(reqwest::header::CONTENT_TYPE, "application/json")
        .header("X-Storywatch-Event", event.body.kind())
        .header("X-Storywatch-Delivery", event.seq.to_string());
    if let Some(secret) = &webhook.secret {
        request = request.header(SIGNATURE_HEADER, signature(secret, &body));
    }
    let response = request.body(body).send().await.map_err(|e| e.to_string())?;
    if response.status().is_success() {
        Ok(())
    } else {
        Err(format!("HTTP {}", response.status().as_u16()))
    }
}

/// `sha256=` and the hex HMAC-SHA256 of `body` under `secret`, as GitHub signs webhooks:
/// the receiver recomputes it to know the request came from this daemon.
pub fn signature(secret: &str, body: &[u8]) -> String {
    // HMAC accepts keys of any length, so this cannot fail.
    let mut mac =
        Hmac::<Sha256>::new_from_slice(secret.as_bytes()).expect("HMAC takes any key length");
    mac.update(body);
    let bytes = mac.finalize().into_bytes();
    let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    format!("sha256={hex}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{ClaimId, EventBody, ItemId, StoryId};

    fn claim_in(story: &str) -> Event {
        Event {
            seq: 1,
            at: chrono::Utc::now(),
            body: EventBody::Claim {
                story: StoryId(story.into()),
                item: ItemId("file:a".into()),
                claim: ClaimId("c1".into()),
                text: "t".into(),
                atoms: Vec::new(),
                closest: None,
                novelty: None,
            },
        }
    }

    #[test]
    fn a_webhook_wants_only_its_stories_and_kinds() {
        let hook = |stories: &[&str], kinds: &[&str]| Webhook {
            url: "http://127.0.0.1:9/".into(),
            filter: EventFilter {
                kinds: kinds.iter().map(|k| k.to_string()).collect(),
                ..EventFilter::default()
            },
            stories: stories.iter().map(|s| s.to_string()).collect(),
            secret: None,
            timeout: Duration::from_secs(1),
        };
        let event = claim_in("story-1");
        assert!(hook(&[], &[]).wants(&event));
        assert!(hook(&["story-2", "story-1"], &["claim"]).wants(&event));
        assert!(!hook(&["story-2"], &[]).wants(&event));
        assert!(!hook(&[], &["version_changed"]).wants(&event));
        let feed_event = Event {
            body: EventBody::FeedRecovered {
                feed: "f".into(),
                failures: 2,
            },
            ..event
        };
        assert!(!hook(&["story-1"], &[]).wants(&feed_event));
    }

    #[test]
    fn the_signature_is_the_hmac_sha256_of_the_body() {
        // RFC 4231 test case 2.
        assert_eq!(
            signature("Jefe", b"what do ya want for nothing?"),
            "sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
    }
}
