//! The daemon's counters, served at `/metrics` in the OpenMetrics text format (which
//! Prometheus reads): polls by outcome, HTTP answers by status, webhook deliveries, and
//! extraction and matching latency; the store's record counts and size are read at each
//! scrape.
//!
//! Entry point: [`Metrics`], shared by the poller, the daemon and the API. The format
//! is `prometheus-client`'s; this module only names the metrics and says what they count.

use crate::store::StoreStats;
use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::Histogram;
use prometheus_client::registry::Registry;
use std::sync::atomic::AtomicU64;
use std::time::Duration;

/// The media type of [`Metrics::render`]'s text.
pub const CONTENT_TYPE: &str = "application/openmetrics-text; version=1.0.0; charset=utf-8";

/// Poll outcomes, in the order they are reported.
pub const POLL_OUTCOMES: [&str; 4] = ["not_modified", "parsed", "failed", "deferred"];

/// HTTP answers by class; errors without an answer get their own names.
const HTTP_CLASSES: [&str; 9] = [
    "2xx", "304", "3xx", "4xx", "429", "5xx", "timeout", "refused", "network",
];

/// Latency bucket bounds, in seconds.
const BUCKETS: [f64; 10] = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1.0, 5.0];

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct PollLabels {
    outcome: &'static str,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct HttpLabels {
    status: &'static str,
}

/// A gauge of a whole number.
type Count = Gauge<u64, AtomicU64>;

/// The store's figures, set from [`StoreStats`] at each scrape.
#[derive(Default)]
struct StoreGauges {
    feeds: Count,
    items: Count,
    versions: Count,
    stories: Count,
    claims: Count,
    log_events: Count,
    bytes: Count,
}

pub struct Metrics {
    /// Every metric below, registered under its name; without the store's gauges, which
    /// `store_registry` holds so that a render without the store leaves them out.
    registry: Registry,
    store_registry: Registry,
    polls: Family<PollLabels, Counter>,
    http: Family<HttpLabels, Counter>,
    /// Events the store holds: set at start from the store, counted as written.
    pub events: Counter,
    pub webhook_deliveries: Counter,
    pub webhook_failures: Counter,
    extract: Histogram,
    matcher: Histogram,
    store: StoreGauges,
}

impl Default for Metrics {
    fn default() -> Self {
        let histogram = || Histogram::new(BUCKETS);
        let metrics = Metrics {
            registry: Registry::default(),
            store_registry: Registry::default(),
            polls: Family::default(),
            http: Family::default(),
            events: Counter::default(),
            webhook_deliveries: Counter::default(),
            webhook_failures: Counter::default(),
            extract: histogram(),
            matcher: histogram(),
            store: StoreGauges::default(),
        };
        metrics.registered()
    }
}

impl Metrics {
    /// Registers every metric (counters get `_total` after their names) and creates
    /// every label value, so that a scrape lists the zeros too.
    fn registered(mut self) -> Self {
        for outcome in POLL_OUTCOMES {
            drop(self.polls.get_or_create(&PollLabels { outcome }));
        }
        for status in HTTP_CLASSES {
            drop(self.http.get_or_create(&HttpLabels { status }));
        }
        let r = &mut self.registry;
        r.register(
            "storywatch_polls",
            "Feed polls by outcome",
            self.polls.clone(),
        );
        r.register(
            "storywatch_http_responses",
            "Feed and page requests by answer (status class, or why there was none)",
            self.http.clone(),
        );
        r.register(
            "storywatch_events",
            "Change-log events the store holds (its last sequence number)",
            self.events.clone(),
        );
        r.register(
            "storywatch_webhook_deliveries",
            "Events delivered to webhooks",
            self.webhook_deliveries.clone(),
        );
        r.register(
            "storywatch_webhook_failures",
            "Webhook delivery attempts that failed (each retried)",
            self.webhook_failures.clone(),
        );
        r.register(
            "storywatch_extract_seconds",
            "Time to extract an article from a page",
            self.extract.clone(),
        );
        r.register(
            "storywatch_match_seconds",
            "Time to match and store an article",
            self.matcher.clone(),
        );
        let s = &self.store;
        for (name, help, gauge) in [
            ("storywatch_feeds", "Feeds with polling state", &s.feeds),
            ("storywatch_items", "Articles stored", &s.items),
            (
                "storywatch_versions",
                "Article versions stored",
                &s.versions,
            ),
            ("storywatch_stories", "Stories", &s.stories),
            ("storywatch_claims", "Claims logged", &s.claims),
            (
                "storywatch_log_events",
                "Events in the change log",
                &s.log_events,
            ),
            (
                "storywatch_store_bytes",
                "Size of the store on disk",
                &s.bytes,
            ),
        ] {
            self.store_registry.register(name, help, gauge.clone());
        }
        self
    }

    /// Counts a poll's outcome (one of [`POLL_OUTCOMES`]).
    pub fn poll(&self, outcome: &str) {
        if let Some(&outcome) = POLL_OUTCOMES.iter().find(|o| **o == outcome) {
            self.polls.get_or_create(&PollLabels { outcome }).inc();
        }
    }

    /// Counts an HTTP answer by its status, or a request that got none.
    pub fn http_status(&self, status: u16) {
        let class = match status {
            304 => "304",
            429 => "429",
            200..=299 => "2xx",
            300..=399 => "3xx",
            400..=499 => "4xx",
            _ => "5xx",
        };
        self.http_class(class);
    }

    /// Counts a request that got no answer: "timeout", "refused" or "network".
    pub fn http_class(&self, class: &str) {
        if let Some(&status) = HTTP_CLASSES.iter().find(|c| **c == class) {
            self.http.get_or_create(&HttpLabels { status }).inc();
        }
    }

    pub fn extracted(&self, took: Duration) {
        self.extract.observe(took.as_secs_f64());
    }

    pub fn matched(&self, took: Duration) {
        self.matcher.observe(took.as_secs_f64());
    }

    /// The text exposition format, with the store's figures read now.
    pub fn render(&self, store: Option<&StoreStats>) -> String {
        let mut out = String::new();
        // Writing to a String does not fail.
        let _ = prometheus_client::encoding::text::encode_registry(&mut out, &self.registry);
        if let Some(stats) = store {
            let s = &self.store;
            s.feeds.set(stats.feeds as u64);
            s.items.set(stats.items as u64);
            s.versions.set(stats.versions as u64);
            s.stories.set(stats.stories as u64);
            s.claims.set(stats.claims as u64);
            s.log_events.set(stats.events as u64);
            s.bytes.set(stats.bytes_on_disk);
            let _ =
                prometheus_client::encoding::text::encode_registry(&mut out, &self.store_registry);
        }
        let _ = prometheus_client::encoding::text::encode_eof(&mut out);
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counters_and_histograms_render_in_the_text_format() {
        let metrics = Metrics::default();
        metrics.poll("parsed");
        metrics.poll("parsed");
        metrics.poll("failed");
        metrics.http_status(200);
        metrics.http_status(503);
        metrics.http_class("timeout");
        metrics.extracted(Duration::from_millis(3));
        metrics.extracted(Duration::from_millis(300));
        metrics.events.inc_by(7);
        let text = metrics.render(None);
        assert!(text.contains("storywatch_polls_total{outcome=\"parsed\"} 2\n"));
        assert!(text.contains("storywatch_polls_total{outcome=\"failed\"} 1\n"));
        assert!(text.contains("storywatch_polls_total{outcome=\"deferred\"} 0\n"));
        assert!(text.contains("storywatch_http_responses_total{status=\"5xx\"} 1\n"));
        assert!(text.contains("storywatch_http_responses_total{status=\"timeout\"} 1\n"));
        assert!(text.contains("storywatch_events_total 7\n"));
        assert!(text.contains("storywatch_extract_seconds_bucket{le=\"0.005\"} 1\n"));
        assert!(text.contains("storywatch_extract_seconds_bucket{le=\"1.0\"} 2\n"));
        assert!(text.contains("storywatch_extract_seconds_bucket{le=\"+Inf\"} 2\n"));
        assert!(text.contains("storywatch_extract_seconds_count 2\n"));
        assert!(
            !text.contains("storywatch_items"),
            "no store, no store figures"
        );
        assert!(text.ends_with("# EOF\n"));
        // Every sample line is `name{labels} value` or `name value`.
        for line in text.lines().filter(|l| !l.starts_with('#')) {
            let value = line.rsplit(' ').next().unwrap();
            assert!(value.parse::<f64>().is_ok(), "{line}");
        }
    }

    #[test]
    fn the_store_figures_are_read_at_each_scrape() {
        let metrics = Metrics::default();
        let stats = StoreStats {
            feeds: 1,
            items: 2,
            versions: 3,
            stories: 1,
            claims: 5,
            events: 9,
            bytes_on_disk: 4096,
        };
        let text = metrics.render(Some(&stats));
        assert!(text.contains("# TYPE storywatch_items gauge\n"));
        assert!(text.contains("storywatch_items 2\n"));
        assert!(text.contains("storywatch_store_bytes 4096\n"));
        assert_eq!(text.matches("# EOF").count(), 1);
    }
}
