//! The poller's two paths (poll a feed, refetch an article) against servers this test
//! starts on 127.0.0.1, with the clock passed in: conditional GET across restarts,
//! Retry-After, backoff and broken feeds, timeouts, redirects, oversize and compressed
//! bodies, charsets, the address guard, moved feeds and silent edits.

mod common;

use chrono::{DateTime, TimeZone, Utc};
use common::server::{serve, Body, Reply, Request};
use std::io::Write;
use std::path::Path;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;
use storywatch::config::{Config, FeedConfig};
use storywatch::model::{EventBody, ItemId};
use storywatch::poller::handler::{PollOutcome, PollReport, Poller};
use storywatch::store::Store;

fn config(extra: &str) -> Config {
    Config::parse(&format!(
        "[http]\nallow_networks = [\"127.0.0.1/32\"]\ntimeout_secs = 2\nconnect_timeout_secs = 2\n{extra}\n[poller]\njitter = 0.0\n"
    ))
    .unwrap()
}

fn poller(config: &Config, dir: &Path) -> Poller {
    let store = Arc::new(Store::open(dir).unwrap());
    Poller::new(config, store).unwrap()
}

fn feed(url: String) -> FeedConfig {
    FeedConfig {
        url,
        name: None,
        interval: None,
    }
}

fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2025, 8, 28, 12, 0, 0).unwrap()
}

fn hours(h: i64) -> chrono::Duration {
    chrono::Duration::hours(h)
}

/// A news page with enough text to be an article.
fn article_page(title: &str, paragraphs: &[&str]) -> String {
    let body: String = paragraphs.iter().map(|p| format!("<p>{p}</p>\n")).collect();
    format!(
        "<html><head><title>{title}</title></head><body><nav><a href=\"/\">Home</a> <a href=\"/world\">World</a></nav><article><h1>{title}</h1>\n{body}</article><footer>© Example News</footer></body></html>"
    )
}

const PARAGRAPHS: [&str; 3] = [
    "The United States is prepared to provide air defence and intelligence support for a European-led security force in Ukraine, officials in Washington said on Tuesday.",
    "Defence ministers from twelve European countries met in Brussels to discuss how many troops each could send, according to two diplomats briefed on the talks.",
    "The Kremlin said any deployment of NATO troops to Ukraine would be unacceptable, and warned that it would treat such forces as legitimate targets.",
];

fn rss(items: &[(&str, &str, &str)]) -> String {
    let items: String = items
        .iter()
        .map(|(guid, title, link)| {
            format!(
                "<item><guid isPermaLink=\"false\">{guid}</guid><title>{title}</title><link>{link}</link><description>{title}: summary of the report with enough words to stand in for the article when its page cannot be fetched at all.</description></item>"
            )
        })
        .collect();
    format!("<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Example News</title><link>http://example.org/</link>{items}</channel></rss>")
}

fn outcome(report: &PollReport) -> &PollOutcome {
    &report.outcome
}

fn kinds(report: &PollReport) -> Vec<&'static str> {
    report.events.iter().map(|e| e.body.kind()).collect()
}

/// A site with one feed (`/feed.xml`, ETag "v1") linking to one article.
async fn news_site() -> common::server::TestServer {
    serve(|req: &Request| match req.path.as_str() {
        "/feed.xml" if req.header("If-None-Match") == Some("\"v1\"") => Reply::new(304, Vec::new()),
        "/feed.xml" => {
            let link = format!(
                "http://{}/world/guarantees",
                req.header("Host").unwrap_or("")
            );
            Reply::ok(&rss(&[("g1", "US offers air support", &link)])).with("ETag", "\"v1\"")
        }
        "/world/guarantees" => Reply::ok(&article_page("US offers air support", &PARAGRAPHS))
            .with("Content-Type", "text/html; charset=utf-8"),
        _ => Reply::new(404, b"not found".to_vec()),
    })
    .await
}

#[tokio::test]
async fn a_new_entry_is_fetched_and_stored_and_a_304_parses_nothing() {
    let site = news_site().await;
    let dir = tempfile::tempdir().unwrap();
    let poller = poller(&config(""), dir.path());
    let feed = feed(site.url("/feed.xml"));

    let first = poller.poll_feed(&feed, t0()).await.unwrap();
    assert_eq!(outcome(&first), &PollOutcome::Parsed { entries: 1, new: 1 });
    let kinds = kinds(&first);
    assert_eq!(kinds[0], "story_created");
    assert_eq!(
        kinds.iter().filter(|k| **k == "claim").count(),
        3,
        "{kinds:?}"
    );
    let item = ItemId::for_url(&site.url("/world/guarantees")).unwrap();
    let version = poller.store().version(&item, 1).unwrap().unwrap();
    assert_eq!(
        version.article.title.as_deref(),
        Some("US offers air support")
    );
    assert!(
        !version.article.text().contains("Home"),
        "navigation is not article text"
    );

    let second = poller.poll_feed(&feed, t0() + hours(1)).await.unwrap();
    assert_eq!(outcome(&second), &PollOutcome::NotModified);
    assert!(second.events.is_empty());
    let requests = site.received();
    let feed_requests: Vec<_> = requests.iter().filter(|r| r.path == "/feed.xml").collect();
    assert_eq!(feed_requests[1].header("If-None-Match"), Some("\"v1\""));
    // The article was fetched once: a 304 leads to nothing else.
    assert_eq!(
        requests
            .iter()
            .filter(|r| r.path == "/world/guarantees")
            .count(),
        1
    );
}

/// The events a store holds, in order.
fn logged(poller: &Poller) -> Vec<storywatch::model::Event> {
    poller.store().events(0).map(Result::unwrap).collect()
}

#[tokio::test]
async fn events_carry_the_time_they_were_recorded_not_the_time_the_poll_began() {
    // The second article's page takes 400 ms to answer: its events are recorded at
    // least that long after the poll began, and no event is dated before the one
    // logged before it.
    let slow = std::time::Duration::from_millis(400);
    let site = serve(move |req: &Request| {
        let host = req.header("Host").unwrap_or("").to_string();
        match req.path.as_str() {
            "/feed.xml" => Reply::ok(&rss(&[
                ("g1", "US offers air support", &format!("http://{host}/a")),
                ("g2", "Kremlin warns Europe", &format!("http://{host}/b")),
            ])),
            "/a" => Reply::ok(&article_page("US offers air support", &PARAGRAPHS[..2])),
            "/b" => Reply::ok(&article_page("Kremlin warns Europe", &PARAGRAPHS[2..])).after(slow),
            _ => Reply::new(404, Vec::new()),
        }
    })
    .await;
    let dir = tempfile::tempdir().unwrap();
    let poller = poller(&config(""), dir.path());
    poller
        .poll_feed(&feed(site.url("/feed.xml")), t0())
        .await
        .unwrap();

    let events = logged(&poller);
    assert!(events.windows(2).all(|w| w[0].at <= w[1].at), "{events:?}");
    let slow_item = ItemId::for_url(&site.url("/b")).unwrap().0;
    let of_slow_item: Vec<_> = events
        .iter()
        .filter(|e| serde_json::to_string(&e.body).unwrap().contains(&slow_item))
        .collect();
    assert!(!of_slow_item.is_empty(), "{events:?}");
    for event in of_slow_item {
        assert!(
            event.at >= t0() + chrono::Duration::milliseconds(400),
            "event {} recorded at {}, as the poll began",
            event.seq,
            event.at
        );
    }
}

#[tokio::test]
async fn retry_after_counts_from_the_answer_not_from_the_poll() {
    // The server takes 500 ms to say "come back in two hours" (longer than the backoff):
    // the next poll is due two hours after the answer.
    let site = serve(|_| {
        Reply::new(503, b"busy".to_vec())
            .with("Retry-After", "7200")
            .after(std::time::Duration::from_millis(500))
    })
    .await;
    let dir = tempfile::tempdir().unwrap();
    let poller = poller(&config(""), dir.path());
    let report = poller
        .poll_feed(&feed(site.url("/feed.xml")), t0())
        .await
        .unwrap();
    let wait = report.next_due.unwrap() - t0();
    assert!(wait >= chrono::Duration::milliseconds(7_200_500), "{wait}");
}

#[tokio::test]
async fn the_etag_is_kept_across_a_restart() {
    let site = news_site().await;
    let dir = tempfile::tempdir().unwrap();
    let feed = feed(site.url("/feed.xml"));
    {
        let poller = poller(&config(""), dir.path());
        poller.poll_feed(&feed, t0()).await.unwrap();
        poller.store().flush().unwrap();
    }
    let poller = poller(&config(""), dir.path());
    let after_restart = poller.poll_feed(&feed, t0() + hours(1)).await.unwrap();
    assert_eq!(outcome(&after_restart), &PollOutcome::NotModified);
    let state = poller.store().feed(&feed.url).unwrap().unwrap();
    assert_eq!(state.etag.as_deref(), Some("\"v1\""));
    assert_eq!(state.seen, vec!["g1".to_string()]);
}

#[tokio::test]
async fn a_429_with_retry_after_is_not_polled_again_sooner() {
    let site = serve(|_| Reply::new(429, b"slow down".to_vec()).with("Retry-After", "7200")).await;
    let dir = tempfile::tempdir().unwrap();
    let poller = poller(&config(""), dir.path());
    let feed = feed(site.url("/feed.xml"));
    let report = poller.poll_feed(&feed, t0()).await.unwrap();
    match outcome(&report) {
        PollOutcome::Failed { error } => assert!(error.contains("429"), "{error}"),
        other => panic!("{other:?}"),
    }
    let wait = report.next_due.unwrap() - t0();
    assert!(wait >= chrono::Duration::seconds(7200), "{wait}");
    let state = poller.store().feed(&feed.url).unwrap().unwrap();
    assert_eq!(state.consecutive_failures, 1);
    assert!(state.last_error.unwrap().contains("429"));
}

#[tokio::test]
async fn errors_back_off_then_the_feed_breaks_and_recovers_with_events() {
    let healthy = Arc::new(AtomicBool::new(false));
    let site = {
        let healthy = Arc::clone(&healthy);
        serve(move |_| {
            if healthy.load(Ordering::SeqCst) {
                Reply::ok(&rss(&[]))
            } else {
                Reply::new(500, b"oops".to_vec())
            }
        })
        .await
    };
    let dir = tempfile::tempdir().unwrap();
    let config = config("");
    let poller = poller(&config, dir.path());
    let feed = feed(site.url("/feed.xml"));

    let mut now = t0();
    let mut waits = Vec::new();
    let mut broke_at = None;
    for poll in 0..30 {
        let report = poller.poll_feed(&feed, now).await.unwrap();
        assert!(matches!(outcome(&report), PollOutcome::Failed { .. }));
        let next = report.next_due.unwrap();
        waits.push((next - now).num_seconds());
        if kinds(&report) == ["feed_broken"] {
            broke_at = Some(poll);
            now = next;
            break;
        }
        assert!(report.events.is_empty(), "{:?}", report.events);
        now = next;
    }
    // 30 min doubling from the start interval, capped at a day.
    assert_eq!(&waits[..4], &[1800, 3600, 7200, 14400]);
    assert!(waits.iter().all(|w| *w <= 86400));
    assert!(broke_at.is_some(), "never marked broken: {waits:?}");
    let state = poller.store().feed(&feed.url).unwrap().unwrap();
    assert!(state.broken);
    assert!(now - state.failing_since.unwrap() >= chrono::Duration::days(3));

    // Still polled, and when it answers again the log says so.
    healthy.store(true, Ordering::SeqCst);
    let report = poller.poll_feed(&feed, now).await.unwrap();
    assert_eq!(kinds(&report), ["feed_recovered"]);
    let state = poller.store().feed(&feed.url).unwrap().unwrap();
    assert!(!state.broken && state.consecutive_failures == 0);
}

#[tokio::test]
async fn a_server_that_never_answers_is_a_timeout_on_that_feed() {
    let site = serve(|_| Reply {
        status: 200,
        headers: Vec::new(),
        body: Body::Hang,
        delay: None,
        gate: None,
    })
    .await;
    let dir = tempfile::tempdir().unwrap();
    let poller = poller(&config(""), dir.path());
    let feed = feed(site.url("/feed.xml"));
    let report = poller.poll_feed(&feed, t0()).await.unwrap();
    match outcome(&report) {
        PollOutcome::Failed { error } => {
            assert!(
                error.contains("did not finish answering within 2 s"),
                "{error}"
            );
            assert!(
                error.contains(&feed.url),
                "the error names the feed: {error}"
            );
        }
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn a_redirect_loop_fails_the_poll() {
    let site = serve(|req| {
        let next = if req.path == "/a" { "/b" } else { "/a" };
        Reply::redirect(302, next)
    })
    .await;
    let dir = tempfile::tempdir().unwrap();
    let poller = poller(&config(""), dir.path());
    let report = poller.poll_feed(&feed(site.url("/a")), t0()).await.unwrap();
    match outcome(&report) {
        PollOutcome::Failed { error } => {
            assert!(error.contains("redirected more than 5"), "{error}")
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(
        site.received().len(),
        6,
        "the first request and five redirects"
    );
}

/// A feed of 200 entries (g0..g199) linking to pages on `host`.
/// A feed of `count` entries linking to `/0`, `/1`, ... on `host`.
fn entries(host: &str, count: usize) -> String {
    let many: Vec<(String, String, String)> = (0..count)
        .map(|i| {
            (
                format!("g{i}"),
                format!("Headline {i}"),
                format!("http://{host}/{i}"),
            )
        })
        .collect();
    let items: Vec<(&str, &str, &str)> = many
        .iter()
        .map(|(a, b, c)| (a.as_str(), b.as_str(), c.as_str()))
        .collect();
    rss(&items)
}

#[tokio::test]
async fn an_oversize_feed_is_cut_at_the_cap_and_only_whole_entries_are_taken() {
    let site = serve(|req| {
        if req.path != "/feed.xml" {
            return Reply::new(404, b"gone".to_vec());
        }
        Reply::ok(&entries(req.header("Host").unwrap_or(""), 200))
    })
    .await;
    let dir = tempfile::tempdir().unwrap();
    let poller = poller(&config("max_body_bytes = 20000"), dir.path());
    let feed = feed(site.url("/feed.xml"));
    let report = poller.poll_feed(&feed, t0()).await.unwrap();
    let taken = match outcome(&report) {
        PollOutcome::Parsed { entries, new } => {
            assert_eq!(entries, new);
            *entries
        }
        other => panic!("{other:?}"),
    };
    // Exactly the entries complete before the cut are taken: the one the cut went through
    // is not, since its link may be cut short.
    let sent = site.received();
    assert_eq!(sent[0].path, "/feed.xml");
    let host = sent[0].header("Host").unwrap().to_string();
    let whole_body = entries(&host, 200);
    let within_cap = &whole_body[..20_000];
    let complete = within_cap.matches("</item>").count();
    assert!(
        !within_cap.ends_with("</item>"),
        "the test needs the cut inside an entry"
    );
    assert_eq!(taken, complete);
    let state = poller.store().feed(&feed.url).unwrap().unwrap();
    let expected: Vec<String> = (0..taken).map(|i| format!("g{i}")).collect();
    assert_eq!(state.seen, expected);
}

#[tokio::test]
async fn a_gzip_feed_and_a_windows_1251_page_are_decoded() {
    let page = article_page(
        "Гарантии безопасности для Украины",
        &[
            "Соединённые Штаты готовы предоставить разведывательные данные и поддержку с воздуха европейским силам в Украине, сообщили в Вашингтоне во вторник.",
            "Министры обороны двенадцати европейских стран встретились в Брюсселе, чтобы обсудить, сколько военных может направить каждая из них.",
            "В Кремле заявили, что любое размещение войск НАТО на Украине неприемлемо.",
        ],
    );
    let page_1251 = encoding_rs::WINDOWS_1251.encode(&page).0.into_owned();
    let site = serve(move |req| match req.path.as_str() {
        "/feed.xml" => {
            let link = format!("http://{}/ru/1", req.header("Host").unwrap_or(""));
            let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
            gz.write_all(rss(&[("ru1", "Гарантии", &link)]).as_bytes())
                .unwrap();
            Reply::new(200, gz.finish().unwrap()).with("Content-Encoding", "gzip")
        }
        _ => Reply::new(200, page_1251.clone())
            .with("Content-Type", "text/html; charset=windows-1251"),
    })
    .await;
    let dir = tempfile::tempdir().unwrap();
    let poller = poller(&config(""), dir.path());
    let report = poller
        .poll_feed(&feed(site.url("/feed.xml")), t0())
        .await
        .unwrap();
    assert_eq!(
        outcome(&report),
        &PollOutcome::Parsed { entries: 1, new: 1 }
    );
    let item = ItemId::for_url(&site.url("/ru/1")).unwrap();
    let version = poller.store().version(&item, 1).unwrap().unwrap();
    assert_eq!(
        version.article.title.as_deref(),
        Some("Гарантии безопасности для Украины")
    );
    assert!(version.article.text().contains("Министры обороны"));
}

#[tokio::test]
async fn links_to_private_addresses_are_refused_and_the_entry_text_stands_in() {
    let site = serve(|_| {
        Reply::ok(&rss(&[(
            "m1",
            "Metadata grab",
            "http://169.254.169.254/latest/meta-data/",
        )]))
    })
    .await;
    let dir = tempfile::tempdir().unwrap();
    let poller = poller(&config(""), dir.path());
    let report = poller
        .poll_feed(&feed(site.url("/feed.xml")), t0())
        .await
        .unwrap();
    let unavailable = report
        .events
        .iter()
        .find_map(|e| match &e.body {
            EventBody::PageUnavailable { error, used, .. } => Some((error.clone(), used.clone())),
            _ => None,
        })
        .expect("a page_unavailable event");
    assert!(unavailable.0.contains("refused"), "{}", unavailable.0);
    assert_eq!(unavailable.1, "summary");
    assert!(
        kinds(&report).contains(&"story_created"),
        "the summary was recorded"
    );

    // A feed on a loopback address the config does not allow is refused too.
    let refused = poller
        .poll_feed(&feed("http://127.0.0.2:9/feed.xml".to_string()), t0())
        .await
        .unwrap();
    match outcome(&refused) {
        PollOutcome::Failed { error } => assert!(error.contains("refused"), "{error}"),
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn a_permanent_redirect_moves_the_feed_with_an_event() {
    let site = serve(|req| match req.path.as_str() {
        "/old.xml" => Reply::redirect(301, "/new.xml"),
        _ => Reply::ok(&rss(&[])),
    })
    .await;
    let dir = tempfile::tempdir().unwrap();
    let poller = poller(&config(""), dir.path());
    let feed = feed(site.url("/old.xml"));
    let report = poller.poll_feed(&feed, t0()).await.unwrap();
    assert_eq!(kinds(&report), ["feed_moved"]);
    match &report.events[0].body {
        EventBody::FeedMoved { from, to, .. } => {
            assert_eq!(from, &site.url("/old.xml"));
            assert_eq!(to, &site.url("/new.xml"));
        }
        other => panic!("{other:?}"),
    }
    let again = poller.poll_feed(&feed, t0() + hours(1)).await.unwrap();
    assert!(again.events.is_empty(), "a move is reported once");
    let paths: Vec<String> = site.received().into_iter().map(|r| r.path).collect();
    assert_eq!(paths, ["/old.xml", "/new.xml", "/new.xml"]);
}

#[tokio::test]
async fn refetches_catch_a_silent_edit_then_stop() {
    let edited = Arc::new(AtomicBool::new(false));
    let page_requests = Arc::new(AtomicUsize::new(0));
    let site = {
        let edited = Arc::clone(&edited);
        let page_requests = Arc::clone(&page_requests);
        serve(move |req| match req.path.as_str() {
            "/feed.xml" => {
                let link = format!("http://{}/a", req.header("Host").unwrap_or(""));
                Reply::ok(&rss(&[("a1", "US offers air support", &link)]))
            }
            _ => {
                page_requests.fetch_add(1, Ordering::SeqCst);
                let mut paragraphs = PARAGRAPHS.to_vec();
                if edited.load(Ordering::SeqCst) {
                    paragraphs[1] = "Defence ministers from fifteen European countries met in Brussels on Wednesday and agreed to send up to 30,000 troops, two diplomats said.";
                }
                Reply::ok(&article_page("US offers air support", &paragraphs))
            }
        })
        .await
    };
    let dir = tempfile::tempdir().unwrap();
    let poller = poller(&config(""), dir.path());
    poller
        .poll_feed(&feed(site.url("/feed.xml")), t0())
        .await
        .unwrap();
    let watch = poller
        .store()
        .watches()
        .unwrap()
        .pop()
        .expect("the article is watched");
    assert_eq!(watch.next_due, t0() + hours(1));

    edited.store(true, Ordering::SeqCst);
    let events = poller.refetch(watch, t0() + hours(1)).await.unwrap();
    let changed = events
        .iter()
        .find_map(|e| match &e.body {
            EventBody::VersionChanged { version, added, .. } => Some((*version, added.clone())),
            _ => None,
        })
        .expect("the edit is a new version");
    assert_eq!(changed.0, 2);
    assert!(changed.1[0].contains("fifteen"), "{:?}", changed.1);

    // 6 h, 24 h, 72 h after first seen; then the article is no longer watched.
    let mut dues = Vec::new();
    while let Some(watch) = poller.store().watches().unwrap().pop() {
        dues.push((watch.next_due - t0()).num_hours());
        let at = watch.next_due;
        let events = poller.refetch(watch, at).await.unwrap();
        assert!(events.is_empty(), "no further change: {events:?}");
    }
    assert_eq!(dues, [6, 24, 72]);
    assert_eq!(page_requests.load(Ordering::SeqCst), 5);
}

#[tokio::test]
async fn an_entry_with_no_page_and_no_text_is_tried_again_at_the_next_poll() {
    let page_up = Arc::new(AtomicBool::new(false));
    let site = {
        let page_up = Arc::clone(&page_up);
        serve(move |req| match req.path.as_str() {
            // The feed never changes and answers 304 to its ETag.
            "/feed.xml" if req.header("If-None-Match") == Some("\"f1\"") => {
                Reply::new(304, Vec::new())
            }
            "/feed.xml" => {
                let link = format!("http://{}/late", req.header("Host").unwrap_or(""));
                Reply::ok(&format!(
                    "<rss version=\"2.0\"><channel><title>T</title><item><guid>late1</guid><title>Late</title><link>{link}</link></item></channel></rss>"
                ))
                .with("ETag", "\"f1\"")
            }
            _ if page_up.load(Ordering::SeqCst) => {
                Reply::ok(&article_page("US offers air support", &PARAGRAPHS))
            }
            // Published in the feed before the page is live.
            _ => Reply::new(404, b"not found".to_vec()),
        })
        .await
    };
    let dir = tempfile::tempdir().unwrap();
    let poller = poller(&config(""), dir.path());
    let feed = feed(site.url("/feed.xml"));
    let first = poller.poll_feed(&feed, t0()).await.unwrap();
    assert_eq!(outcome(&first), &PollOutcome::Parsed { entries: 1, new: 1 });
    assert!(
        first.events.is_empty(),
        "nothing to record: {:?}",
        first.events
    );
    assert!(poller
        .store()
        .feed(&feed.url)
        .unwrap()
        .unwrap()
        .seen
        .is_empty());

    page_up.store(true, Ordering::SeqCst);
    let second = poller.poll_feed(&feed, t0() + hours(1)).await.unwrap();
    assert_eq!(
        outcome(&second),
        &PollOutcome::Parsed { entries: 1, new: 1 }
    );
    assert_eq!(kinds(&second)[0], "story_created");
    assert_eq!(
        poller.store().feed(&feed.url).unwrap().unwrap().seen,
        ["late1"]
    );
}

#[tokio::test]
async fn a_304_renews_the_validators_and_its_max_age_is_a_floor() {
    let site = serve(|req| match req.header("If-None-Match") {
        Some(_) => Reply::new(304, Vec::new())
            .with("ETag", "\"v2\"")
            .with("Cache-Control", "public, max-age=21600"),
        None => Reply::ok(&rss(&[])).with("ETag", "\"v1\""),
    })
    .await;
    let dir = tempfile::tempdir().unwrap();
    let config =
        Config::parse("[http]\nallow_networks = [\"127.0.0.1/32\"]\n[poller]\njitter = 0.3\n")
            .unwrap();
    let poller = poller(&config, dir.path());
    let feed = feed(site.url("/feed.xml"));
    poller.poll_feed(&feed, t0()).await.unwrap();
    let report = poller.poll_feed(&feed, t0() + hours(1)).await.unwrap();
    assert_eq!(outcome(&report), &PollOutcome::NotModified);
    let wait = report.next_due.unwrap() - (t0() + hours(1));
    assert!(wait >= chrono::Duration::hours(6), "{wait}");
    let state = poller.store().feed(&feed.url).unwrap().unwrap();
    assert_eq!(state.etag.as_deref(), Some("\"v2\""));
}

#[tokio::test]
async fn a_page_answering_429_pauses_its_host_and_the_entry_waits() {
    let busy = Arc::new(AtomicBool::new(true));
    let site = {
        let busy = Arc::clone(&busy);
        serve(move |req| match req.path.as_str() {
            "/feed.xml" => {
                let host = req.header("Host").unwrap_or("").to_string();
                let a = format!("http://{host}/a");
                let b = format!("http://{host}/b");
                Reply::ok(&rss(&[
                    ("a", "First report", &a),
                    ("b", "Second report", &b),
                ]))
            }
            _ if busy.load(Ordering::SeqCst) => {
                Reply::new(429, b"slow down".to_vec()).with("Retry-After", "600")
            }
            _ => Reply::ok(&article_page("US offers air support", &PARAGRAPHS)),
        })
        .await
    };
    let dir = tempfile::tempdir().unwrap();
    let poller = poller(&config(""), dir.path());
    let feed = feed(site.url("/feed.xml"));
    let first = poller.poll_feed(&feed, t0()).await.unwrap();
    assert_eq!(outcome(&first), &PollOutcome::Parsed { entries: 2, new: 2 });
    assert!(
        first.events.is_empty(),
        "nothing settles for the summary: {:?}",
        first.events
    );
    let pages = |site: &common::server::TestServer| {
        site.received()
            .iter()
            .filter(|r| r.path != "/feed.xml")
            .count()
    };
    assert_eq!(
        pages(&site),
        1,
        "after the 429 the second page is not asked for"
    );

    // Still within the pause: no page request at all.
    poller
        .poll_feed(&feed, t0() + chrono::Duration::minutes(5))
        .await
        .unwrap();
    assert_eq!(pages(&site), 1);

    busy.store(false, Ordering::SeqCst);
    let later = poller.poll_feed(&feed, t0() + hours(1)).await.unwrap();
    assert_eq!(
        kinds(&later)
            .iter()
            .filter(|k| **k == "story_created" || **k == "item_linked")
            .count(),
        2
    );
}

#[tokio::test]
async fn a_feed_moved_to_a_page_that_is_not_a_feed_stays_where_it_was() {
    let site = serve(|req| match req.path.as_str() {
        "/old.xml" => Reply::redirect(301, "/"),
        _ => Reply::ok("<html><body><h1>Welcome to our new website</h1></body></html>"),
    })
    .await;
    let dir = tempfile::tempdir().unwrap();
    let poller = poller(&config(""), dir.path());
    let feed = feed(site.url("/old.xml"));
    let report = poller.poll_feed(&feed, t0()).await.unwrap();
    assert!(matches!(outcome(&report), PollOutcome::Failed { .. }));
    assert!(report.events.is_empty(), "{:?}", report.events);
    let state = poller.store().feed(&feed.url).unwrap().unwrap();
    assert_eq!(state.moved_to, None);
    assert_eq!(state.fetch_url(), site.url("/old.xml"));
}

#[tokio::test]
async fn an_entry_that_never_becomes_readable_is_given_up_after_five_polls() {
    let site = serve(|req| match req.path.as_str() {
        "/feed.xml" if req.header("If-None-Match") == Some("\"f1\"") => {
            Reply::new(304, Vec::new())
        }
        "/feed.xml" => {
            let link = format!("http://{}/dead", req.header("Host").unwrap_or(""));
            Reply::ok(&format!(
                "<rss version=\"2.0\"><channel><title>T</title><item><guid>dead1</guid><title>Dead</title><link>{link}</link></item></channel></rss>"
            ))
            .with("ETag", "\"f1\"")
        }
        _ => Reply::new(410, b"gone".to_vec()),
    })
    .await;
    let dir = tempfile::tempdir().unwrap();
    let poller = poller(&config(""), dir.path());
    let feed = feed(site.url("/feed.xml"));
    for poll in 0..5 {
        let report = poller.poll_feed(&feed, t0() + hours(poll)).await.unwrap();
        assert_eq!(
            outcome(&report),
            &PollOutcome::Parsed { entries: 1, new: 1 }
        );
        let state = poller.store().feed(&feed.url).unwrap().unwrap();
        if poll < 4 {
            assert_eq!(state.failed_entries.get("dead1"), Some(&(poll as u32 + 1)));
            assert!(
                state.etag.is_none(),
                "the feed is read again while the entry is pending"
            );
        } else {
            assert!(state.failed_entries.is_empty());
            assert_eq!(state.seen, ["dead1"]);
            assert_eq!(state.etag.as_deref(), Some("\"f1\""));
        }
    }
    let after = poller.poll_feed(&feed, t0() + hours(6)).await.unwrap();
    assert_eq!(outcome(&after), &PollOutcome::NotModified);
    let page_requests = site.received().iter().filter(|r| r.path == "/dead").count();
    assert_eq!(page_requests, 5);
}

#[tokio::test]
async fn an_absurd_retry_after_on_a_page_pauses_its_host_for_a_day_at_most() {
    let site = serve(|req| match req.path.as_str() {
        "/feed.xml" => {
            let link = format!("http://{}/a", req.header("Host").unwrap_or(""));
            Reply::ok(&rss(&[("a", "Report", &link)]))
        }
        _ => Reply::new(503, Vec::new()).with("Retry-After", "99999999999999"),
    })
    .await;
    let dir = tempfile::tempdir().unwrap();
    let poller = poller(&config(""), dir.path());
    let feed = feed(site.url("/feed.xml"));
    poller.poll_feed(&feed, t0()).await.unwrap();
    // The feed shares the paused host, so it is not polled either until the pause ends.
    let deferred = poller.poll_feed(&feed, t0() + hours(1)).await.unwrap();
    match outcome(&deferred) {
        // A day from the answer, which came a moment after the poll began.
        PollOutcome::Deferred { until } => {
            let pause = *until - t0();
            assert!(pause >= hours(24) && pause < hours(24) + chrono::Duration::minutes(1));
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(site.received().len(), 2, "no request while paused");
}

#[test]
fn lookups_that_hang_hold_up_no_feed_of_another_host() {
    // Twelve feeds on hosts whose lookups hang (as a broken resolver's do, for many
    // seconds each) are polled at once with a feed on 127.0.0.1, on the daemon's own
    // runtime: the local feed's articles are all stored while those lookups still wait.
    // (Run on the runtime's blocking threads, the lookups held every thread the local
    // feed needed to parse, extract and match.)
    let runtime = storywatch::daemon::runtime().unwrap();
    runtime.block_on(async {
        let site = serve(|req: &Request| {
            let host = req.header("Host").unwrap_or("").to_string();
            match req.path.as_str() {
                "/feed.xml" => Reply::ok(&entries(&host, 10)),
                path => Reply::ok(&article_page(&format!("Report {path}"), &PARAGRAPHS)),
            }
        })
        .await;
        let (_release, hold) = std::sync::mpsc::channel::<()>();
        let hold = std::sync::Mutex::new(hold);
        let mut config = config("");
        config.http.connect_timeout_secs = 30;
        config.http.timeout_secs = 60;
        config.http.lookup =
            storywatch::poller::fetch::Lookup::Custom(Arc::new(move |_host: &str| {
                // Blocks until the test ends, as a resolver that takes its time to fail.
                let _ = hold.lock().unwrap().recv();
                Err(std::io::Error::other("no answer"))
            }));
        let dir = tempfile::tempdir().unwrap();
        let poller = Arc::new(poller(&config, dir.path()));
        let slow: Vec<_> = (0..12)
            .map(|n| {
                let poller = Arc::clone(&poller);
                tokio::spawn(async move {
                    poller
                        .poll_feed(&feed(format!("http://slow-{n}.example/feed.xml")), t0())
                        .await
                })
            })
            .collect();
        let local = tokio::time::timeout(
            std::time::Duration::from_secs(25),
            poller.poll_feed(&feed(site.url("/feed.xml")), t0()),
        )
        .await
        .expect("the local feed is not held up by the lookups")
        .unwrap();
        assert_eq!(
            outcome(&local),
            &PollOutcome::Parsed {
                entries: 10,
                new: 10
            }
        );
        assert!(
            slow.iter().all(|task| !task.is_finished()),
            "the lookups still wait"
        );
        for task in slow {
            task.abort();
        }
    });
}
