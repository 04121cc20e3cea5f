//! The daemon's counters, served at `/metrics` in the Prometheus text format: polls by
//! outcome, HTTP answers by status, webhook deliveries, and extraction and matching
//! latency; the store's record counts and size are read at each scrape.
//!
//! Entry point: [`Metrics`], shared by the poller, the daemon and the API. Plain atomics:
//! recording never blocks and never allocates.

use crate::store::StoreStats;
use std::fmt::Write;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

/// Poll outcomes, in the order they are reported.
pub const POLL_OUTCOMES: [&str; 4] = ["not_modified", "parsed", "failed", "deferred"];

/// HTTP answers by class; errors without an answer get their own names.
const HTTP_CLASSES: [&str; 9] = [
    "2xx", "304", "3xx", "4xx", "429", "5xx", "timeout", "refused", "network",
];

/// Latency bucket bounds, in seconds.
const BUCKETS: [f64; 10] = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1.0, 5.0];

#[derive(Default)]
pub struct Metrics {
    polls: [AtomicU64; 4],
    http: [AtomicU64; 9],
    pub events: AtomicU64,
    pub webhook_deliveries: AtomicU64,
    pub webhook_failures: AtomicU64,
    extract: Histogram,
    matcher: Histogram,
}

#[derive(Default)]
struct Histogram {
    buckets: [AtomicU64; 10],
    count: AtomicU64,
    sum_micros: AtomicU64,
}

impl Histogram {
    fn observe(&self, took: Duration) {
        let seconds = took.as_secs_f64();
        for (bound, bucket) in BUCKETS.iter().zip(&self.buckets) {
            if seconds <= *bound {
                bucket.fetch_add(1, Ordering::Relaxed);
            }
        }
        self.count.fetch_add(1, Ordering::Relaxed);
        let micros = u64::try_from(took.as_micros()).unwrap_or(u64::MAX);
        self.sum_micros.fetch_add(micros, Ordering::Relaxed);
    }

    fn write(&self, out: &mut String, name: &str, help: &str) {
        let _ = writeln!(out, "# HELP {name} {help}\n# TYPE {name} histogram");
        for (bound, bucket) in BUCKETS.iter().zip(&self.buckets) {
            let _ = writeln!(
                out,
                "{name}_bucket{{le=\"{bound}\"}} {}",
                bucket.load(Ordering::Relaxed)
            );
        }
        let count = self.count.load(Ordering::Relaxed);
        let _ = writeln!(out, "{name}_bucket{{le=\"+Inf\"}} {count}");
        let sum = self.sum_micros.load(Ordering::Relaxed) as f64 / 1e6;
        let _ = writeln!(out, "{name}_sum {sum}\n{name}_count {count}");
    }
}

impl Metrics {
    /// Counts a poll's outcome (one of [`POLL_OUTCOMES`]).
    pub fn poll(&self, outcome: &str) {
        if let Some(i) = POLL_OUTCOMES.iter().position(|o| *o == outcome) {
            self.polls[i].fetch_add(1, Ordering::Relaxed);
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
        if let Some(i) = HTTP_CLASSES.iter().position(|c| *c == class) {
            self.http[i].fetch_add(1, Ordering::Relaxed);
        }
    }

    pub fn extracted(&self, took: Duration) {
        self.extract.observe(took);
    }

    pub fn matched(&self, took: Duration) {
        self.matcher.observe(took);
    }

    /// The text exposition format, with the store's figures read now.
    pub fn render(&self, store: Option<&StoreStats>) -> String {
        let mut out = String::new();
        let counter = |out: &mut String, name: &str, help: &str| {
            let _ = writeln!(out, "# HELP {name} {help}\n# TYPE {name} counter");
        };
        counter(&mut out, "storywatch_polls_total", "Feed polls by outcome.");
        for (outcome, n) in POLL_OUTCOMES.iter().zip(&self.polls) {
            let _ = writeln!(
                out,
                "storywatch_polls_total{{outcome=\"{outcome}\"}} {}",
                n.load(Ordering::Relaxed)
            );
        }
        counter(
            &mut out,
            "storywatch_http_responses_total",
            "Feed and page requests by answer (status class, or why there was none).",
        );
        for (class, n) in HTTP_CLASSES.iter().zip(&self.http) {
            let _ = writeln!(
                out,
                "storywatch_http_responses_total{{status=\"{class}\"}} {}",
                n.load(Ordering::Relaxed)
            );
        }
        for (name, help, value) in [
            (
                "storywatch_events_total",
                "Change-log events the store holds (its last sequence number).",
                &self.events,
            ),
            (
                "storywatch_webhook_deliveries_total",
                "Events delivered to webhooks.",
                &self.webhook_deliveries,
            ),
            (
                "storywatch_webhook_failures_total",
                "Webhook delivery attempts that failed (each retried).",
                &self.webhook_failures,
            ),
        ] {
            counter(&mut out, name, help);
            let _ = writeln!(out, "{name} {}", value.load(Ordering::Relaxed));
        }
        self.extract.write(
            &mut out,
            "storywatch_extract_seconds",
            "Time to extract an article from a page.",
        );
        self.matcher.write(
            &mut out,
            "storywatch_match_seconds",
            "Time to match and store an article.",
        );
        if let Some(stats) = store {
            for (name, help, value) in [
                (
                    "storywatch_feeds",
                    "Feeds with polling state.",
                    stats.feeds as u64,
                ),
                ("storywatch_items", "Articles stored.", stats.items as u64),
                (
                    "storywatch_versions",
                    "Article versions stored.",
                    stats.versions as u64,
                ),
                ("storywatch_stories", "Stories.", stats.stories as u64),
                ("storywatch_claims", "Claims logged.", stats.claims as u64),
                (
                    "storywatch_log_events",
                    "Events in the change log.",
                    stats.events as u64,
                ),
                (
                    "storywatch_store_bytes",
                    "Size of the store on disk.",
                    stats.bytes_on_disk,
                ),
            ] {
                let _ = writeln!(
                    out,
                    "# HELP {name} {help}\n# TYPE {name} gauge\n{name} {value}"
                );
            }
        }
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
        let text = metrics.render(None);
        assert!(text.contains("storywatch_polls_total{outcome=\"parsed\"} 2\n"));
        assert!(text.contains("storywatch_polls_total{outcome=\"failed\"} 1\n"));
        assert!(text.contains("storywatch_http_responses_total{status=\"5xx\"} 1\n"));
        assert!(text.contains("storywatch_http_responses_total{status=\"timeout\"} 1\n"));
        assert!(text.contains("storywatch_extract_seconds_bucket{le=\"0.005\"} 1\n"));
        assert!(text.contains("storywatch_extract_seconds_bucket{le=\"1\"} 2\n"));
        assert!(text.contains("storywatch_extract_seconds_bucket{le=\"+Inf\"} 2\n"));
        assert!(text.contains("storywatch_extract_seconds_count 2\n"));
        // Every sample line is `name{labels} value` or `name value`.
        for line in text.lines().filter(|l| !l.starts_with('#')) {
            let value = line.rsplit(' ').next().unwrap();
            assert!(value.parse::<f64>().is_ok(), "{line}");
        }
    }
}
