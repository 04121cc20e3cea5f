//! The fetcher against servers this test starts on 127.0.0.1: conditional GET, the body
//! cap, decompression, redirects, the address guard and timeouts.

mod common;

use common::server::{serve, serve_on, Body, Reply};
use std::io::Write;
use std::sync::Arc;
use std::time::Duration;
use storywatch::poller::fetch::{
    FetchError, FetchOutcome, Fetcher, HttpLimits, Lookup, TimeoutStage, Validators,
};
use storywatch::poller::guard::{AddressGuard, Refusal};

fn limits(allowed: &[&str]) -> HttpLimits {
    HttpLimits {
        user_agent: "storywatch-test/1".into(),
        connect_timeout: Duration::from_secs(5),
        total_timeout: Duration::from_secs(10),
        max_body_bytes: 1024 * 1024,
        guard: AddressGuard::allowing(allowed.iter().map(|n| n.parse().unwrap()).collect()),
        lookup: Lookup::System,
    }
}

fn loopback_fetcher() -> Fetcher {
    Fetcher::new(limits(&["127.0.0.1/32"])).unwrap()
}

fn fetched(outcome: Result<FetchOutcome, FetchError>) -> storywatch::poller::fetch::Fetched {
    match outcome {
        Ok(FetchOutcome::Fetched(f)) => f,
        other => panic!("expected a body, got {other:?}"),
    }
}

#[tokio::test]
async fn a_second_fetch_sends_the_validators_and_a_304_costs_nothing() {
    let server = serve(|req| match req.header("If-None-Match") {
        Some("\"v1\"") => Reply::new(304, Vec::new()),
        _ => Reply::ok("<rss/>")
            .with("ETag", "\"v1\"")
            .with("Last-Modified", "Tue, 19 Aug 2025 10:00:00 GMT")
            .with("Cache-Control", "max-age=600"),
    })
    .await;
    let fetcher = loopback_fetcher();
    let first = fetched(
        fetcher
            .fetch(&server.url("/feed"), &Validators::default())
            .await,
    );
    assert_eq!(first.body, b"<rss/>");
    assert_eq!(first.validators.etag.as_deref(), Some("\"v1\""));
    assert_eq!(first.max_age, Some(Duration::from_secs(600)));

    let second = fetcher.fetch(&server.url("/feed"), &first.validators).await;
    assert!(
        matches!(second, Ok(FetchOutcome::NotModified { .. })),
        "{second:?}"
    );
    let received = server.received();
    assert_eq!(
        received[1].header("If-Modified-Since"),
        Some("Tue, 19 Aug 2025 10:00:00 GMT")
    );
    assert_eq!(received[1].header("User-Agent"), Some("storywatch-test/1"));
}

#[tokio::test]
async fn an_endless_body_is_cut_at_the_cap() {
    let server = serve(|_| Reply {
        status: 200,
        headers: Vec::new(),
        body: Body::Endless,
        delay: None,
        gate: None,
    })
    .await;
    let mut limits = limits(&["127.0.0.1/32"]);
    limits.max_body_bytes = 100_000;
    let fetcher = Fetcher::new(limits).unwrap();
    let page = fetched(
        fetcher
            .fetch(&server.url("/huge"), &Validators::default())
            .await,
    );
    assert_eq!(page.body.len(), 100_000);
    assert!(page.truncated);
}

#[tokio::test]
async fn gzip_bodies_are_decoded_and_the_cap_applies_to_the_decoded_size() {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    encoder.write_all(&vec![b'a'; 5_000_000]).unwrap();
    let bomb = encoder.finish().unwrap();
    let small = {
        let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        e.write_all("Привет, мир".as_bytes()).unwrap();
        e.finish().unwrap()
    };
    let server = serve(move |req| {
        let body = if req.path == "/bomb" {
            bomb.clone()
        } else {
            small.clone()
        };
        Reply::new(200, body).with("Content-Encoding", "gzip")
    })
    .await;
    let fetcher = loopback_fetcher();
    let page = fetched(
        fetcher
            .fetch(&server.url("/small"), &Validators::default())
            .await,
    );
    assert_eq!(page.body, "Привет, мир".as_bytes());
    let bomb = fetched(
        fetcher
            .fetch(&server.url("/bomb"), &Validators::default())
            .await,
    );
    assert_eq!(
        bomb.body.len(),
        1024 * 1024,
        "5 MB of gzip output cut at the 1 MB cap"
    );
    assert!(bomb.truncated);
}

#[tokio::test]
async fn a_redirect_loop_stops_after_five_hops() {
    let server = serve(|_| Reply::redirect(302, "/loop")).await;
    let outcome = loopback_fetcher()
        .fetch(&server.url("/loop"), &Validators::default())
        .await;
    assert!(
        matches!(outcome, Err(FetchError::TooManyRedirects { .. })),
        "{outcome:?}"
    );
    assert_eq!(
        server.received().len(),
        6,
        "the first request and five redirects"
    );
}

#[tokio::test]
async fn a_permanent_redirect_gives_the_new_address_and_a_temporary_one_does_not() {
    let server = serve(|req| match req.path.as_str() {
        "/old" => Reply::redirect(301, "/new"),
        "/moved-for-now" => Reply::redirect(302, "/new"),
        _ => Reply::ok("here"),
    })
    .await;
    let fetcher = loopback_fetcher();
    let moved = fetched(
        fetcher
            .fetch(&server.url("/old"), &Validators::default())
            .await,
    );
    assert_eq!(moved.url, server.url("/new"));
    assert_eq!(moved.moved_permanently_to, Some(server.url("/new")));
    let temporary = fetched(
        fetcher
            .fetch(&server.url("/moved-for-now"), &Validators::default())
            .await,
    );
    assert_eq!(temporary.body, b"here");
    assert_eq!(temporary.moved_permanently_to, None);
}

#[tokio::test]
async fn internal_addresses_are_refused_unless_allowed_even_through_redirects_and_dns() {
    let inside = serve_on("127.0.0.2", |_| Reply::ok("secret")).await;
    let inside_url = inside.url("/admin");
    let metadata = "http://169.254.169.254/latest/meta-data/".to_string();
    let to_inside = inside_url.clone();
    let public = serve(move |req| match req.path.as_str() {
        "/to-inside" => Reply::redirect(302, &to_inside),
        _ => Reply::redirect(302, &metadata),
    })
    .await;

    // By default, loopback itself is refused, before any request is sent.
    let strict = Fetcher::new(limits(&[])).unwrap();
    let outcome = strict.fetch(&public.url("/"), &Validators::default()).await;
    assert!(
        matches!(
            outcome,
            Err(FetchError::Refused {
                reason: Refusal::Loopback,
                ..
            })
        ),
        "{outcome:?}"
    );
    // A name resolving to loopback is refused by the resolver.
    let port = public.addr.port();
    let outcome = strict
        .fetch(&format!("http://localhost:{port}/"), &Validators::default())
        .await;
    assert!(
        matches!(outcome, Err(FetchError::Refused { .. })),
        "{outcome:?}"
    );
    assert!(
        public.received().is_empty(),
        "no request reached the server"
    );

    // Allowing 127.0.0.1 does not allow a redirect to 127.0.0.2 or to metadata.
    let fetcher = loopback_fetcher();
    let outcome = fetcher
        .fetch(&public.url("/to-inside"), &Validators::default())
        .await;
    assert!(
        matches!(
            outcome,
            Err(FetchError::Refused {
                reason: Refusal::Loopback,
                ..
            })
        ),
        "{outcome:?}"
    );
    let outcome = fetcher
        .fetch(&public.url("/to-metadata"), &Validators::default())
        .await;
    let message = match outcome {
        Err(
            e @ FetchError::Refused {
                reason: Refusal::Metadata,
                ..
            },
        ) => e.to_string(),
        other => panic!("expected a refusal, got {other:?}"),
    };
    assert!(
        message.contains("169.254.169.254") && message.contains("allow_networks"),
        "{message}"
    );
    assert!(
        inside.received().is_empty(),
        "nothing reached the inside server"
    );
}

#[tokio::test]
async fn a_server_that_never_answers_times_out() {
    let server = serve(|_| Reply {
        status: 200,
        headers: Vec::new(),
        body: Body::Hang,
        delay: None,
        gate: None,
    })
    .await;
    let mut limits = limits(&["127.0.0.1/32"]);
    limits.total_timeout = Duration::from_millis(300);
    let outcome = Fetcher::new(limits)
        .unwrap()
        .fetch(&server.url("/slow"), &Validators::default())
        .await;
    assert!(
        matches!(outcome, Err(FetchError::Timeout { .. })),
        "{outcome:?}"
    );
}

#[tokio::test]
async fn too_many_requests_carries_retry_after() {
    let server = serve(|_| Reply::new(429, Vec::new()).with("Retry-After", "120")).await;
    let outcome = loopback_fetcher()
        .fetch(&server.url("/feed"), &Validators::default())
        .await;
    match outcome {
        Err(FetchError::Status {
            status: 429,
            retry_after,
            ..
        }) => {
            assert_eq!(retry_after, Some(Duration::from_secs(120)))
        }
        other => panic!("expected 429, got {other:?}"),
    }
}

#[tokio::test]
async fn a_lookup_that_hangs_is_named_as_the_cause_with_its_limit() {
    // The resolver does not answer while the test runs: the fetch fails at the connect
    // timeout, blaming the lookup, not the server.
    let (_answer_never, never) = std::sync::mpsc::channel::<()>();
    let never = std::sync::Mutex::new(never);
    let mut limits = limits(&["127.0.0.1/32"]);
    limits.connect_timeout = Duration::from_secs(2);
    limits.lookup = Lookup::Custom(Arc::new(move |_host: &str| {
        let _ = never.lock().unwrap().recv();
        Err(std::io::Error::other("no answer"))
    }));
    let outcome = Fetcher::new(limits)
        .unwrap()
        .fetch("http://news.example/feed.xml", &Validators::default())
        .await;
    match outcome {
        Err(
            e @ FetchError::Timeout {
                stage: TimeoutStage::Lookup,
                ..
            },
        ) => {
            let message = e.to_string();
            assert!(message.contains("looking its host name up"), "{message}");
            assert!(message.contains("connect_timeout_secs"), "{message}");
        }
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn a_server_that_answers_too_slowly_is_named_with_the_whole_exchange_limit() {
    let server = serve(|_| Reply::ok("late").after(Duration::from_millis(1500))).await;
    let mut limits = limits(&["127.0.0.1/32"]);
    limits.total_timeout = Duration::from_secs(1);
    let outcome = Fetcher::new(limits)
        .unwrap()
        .fetch(&server.url("/slow"), &Validators::default())
        .await;
    let e = outcome.expect_err("too slow");
    assert!(
        matches!(
            e,
            FetchError::Timeout {
                stage: TimeoutStage::Answer,
                seconds: 1,
                ..
            }
        ),
        "{e:?}"
    );
    assert!(e.to_string().contains("within 1 s"), "{e}");
}
