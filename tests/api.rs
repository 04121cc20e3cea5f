//! The daemon's HTTP API as a client uses it: status codes, JSON shapes, and the
//! server-sent-events stream delivering an event written after the client connected.
//! The news site is a server this test starts on 127.0.0.1; the API listens there too.

mod common;

use common::path;
use common::server::{serve, Reply};
use serde_json::Value;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;
use storywatch::config::Config;
use storywatch::model::EventBody;
use storywatch::store::Store;
use tokio::sync::broadcast;

fn page(title: &str, first: &str) -> String {
    format!(
        "<html><head><title>{title}</title></head><body><article><h1>{title}</h1><p>{first}</p>\
<p>Defence ministers from twelve European countries met in Brussels to discuss how many troops each could send, according to two diplomats briefed on the talks.</p>\
</article></body></html>"
    )
}

/// A news site whose feed shows a second article once `second` is set, and the daemon
/// polling it every second, its API on a free loopback port; returns once the first
/// article has founded a story.
struct Running {
    site: common::server::TestServer,
    second: Arc<AtomicBool>,
    /// Set to edit the first article; it is refetched a second after it was first seen.
    edited: Arc<AtomicBool>,
    listen: broadcast::Receiver<storywatch::model::Event>,
    _dir: tempfile::TempDir,
    store_dir: std::path::PathBuf,
    store: Arc<Store>,
    daemon: common::daemon::Running,
}

const LIMIT: Duration = Duration::from_secs(60);

async fn start() -> Running {
    let second_published = Arc::new(AtomicBool::new(false));
    let edited = Arc::new(AtomicBool::new(false));
    let site = {
        let second = Arc::clone(&second_published);
        let edited = Arc::clone(&edited);
        serve(move |req| {
            let host = req.header("Host").unwrap_or("").to_string();
            match req.path.as_str() {
                "/feed.xml" => {
                    let mut items = format!("<item><guid>a1</guid><title>US offers air support</title><link>http://{host}/a1</link></item>");
                    if second.load(Ordering::SeqCst) {
                        items.push_str(&format!("<item><guid>a2</guid><title>Ministers meet</title><link>http://{host}/a2</link></item>"));
                    }
                    Reply::ok(&format!("<rss version=\"2.0\"><channel><title>News</title>{items}</channel></rss>"))
                }
                "/a1" if edited.load(Ordering::SeqCst) => Reply::ok(&page("US offers air support", "The United States is prepared to provide air defence, intelligence and <b>satellite</b> support for a European-led security force in Ukraine, officials in Washington said on Thursday.")),
                "/a1" => Reply::ok(&page("US offers air support", "The United States is prepared to provide air defence and intelligence support for a European-led security force in Ukraine, officials in Washington said on Tuesday.")),
                _ => Reply::ok(&page("Ministers meet", "Twelve European defence ministers agreed in Brussels on Wednesday to send up to 30,000 troops to Ukraine, the Dutch minister Ruben Brekelmans said.")),
            }
        })
        .await
    };
    let dir = tempfile::tempdir().unwrap();
    let store_dir = dir.path().join("store");
    let config = Config::parse(&format!(
        "[store]\npath = \"{}\"\n[http]\nallow_networks = [\"127.0.0.1/32\"]\n[api]\nlisten = \"127.0.0.1:0\"\n[poller]\nmin_interval = \"1s\"\njitter = 0.0\nrefetch_after = [\"1s\", \"2s\", \"4s\", \"8s\"]\n\n[[feed]]\nurl = \"{}\"\ninterval = \"1s\"\n",
        path(&store_dir),
        site.url("/feed.xml")
    ))
    .unwrap();
    let (daemon, mut listen) = common::daemon::start(config, &store_dir);
    let store = Arc::clone(&daemon.store);
    tokio::time::timeout(LIMIT, async {
        loop {
            if let EventBody::StoryCreated { .. } = listen.recv().await.unwrap().body {
                break;
            }
        }
    })
    .await
    .expect("the first article founds a story");
    Running {
        site,
        second: second_published,
        edited,
        listen,
        _dir: dir,
        store_dir,
        store,
        daemon,
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_api_serves_stories_events_versions_and_a_live_stream() {
    let Running {
        site,
        second: second_published,
        edited,
        mut listen,
        _dir,
        store_dir,
        store,
        daemon,
    } = start().await;
    let limit = LIMIT;
    // The first article is edited now; its refetches (1 s, 2 s, 4 s, 8 s after it was
    // first seen) catch the edit whatever the pace of the checks below.
    edited.store(true, Ordering::SeqCst);
    let api = Store::api_address(&store_dir).expect("the daemon says where its API is");
    let client = reqwest::Client::new();
    let get = |url: String| {
        let client = client.clone();
        async move {
            let response = client.get(&url).send().await.unwrap();
            let status = response.status().as_u16();
            let body: Value = serde_json::from_slice(&response.bytes().await.unwrap()).unwrap();
            (status, body)
        }
    };

    let (status, stories) = get(format!("{api}/api/stories")).await;
    assert_eq!(status, 200);
    assert_eq!(stories[0]["story"], "story-1");
    assert_eq!(stories[0]["items"], 1);
    let (status, story) = get(format!("{api}/api/stories/story-1")).await;
    assert_eq!(status, 200);
    assert_eq!(story["items"][0]["item"], site.url("/a1"));
    assert!(!story["items"][0]["claims"].as_array().unwrap().is_empty());
    let (status, missing) = get(format!("{api}/api/stories/story-9")).await;
    assert_eq!(status, 404);
    assert!(missing["error"].as_str().unwrap().contains("story-9"));

    let (status, page) = get(format!("{api}/api/events?since=1&kind=claim")).await;
    assert_eq!(status, 200);
    let claims = page["events"].as_array().unwrap();
    assert!(!claims.is_empty() && claims.iter().all(|e| e["kind"] == "claim"));
    assert!(page["next"].as_u64().unwrap() > claims.last().unwrap()["seq"].as_u64().unwrap());
    // Every claim carries its novelty; min_novelty keeps the claims at least that novel.
    let novelty: Vec<f64> = claims
        .iter()
        .map(|c| c["novelty"].as_f64().unwrap())
        .collect();
    assert!(
        novelty.iter().all(|n| (0.0..=1.0).contains(n)),
        "{novelty:?}"
    );
    let least = novelty.iter().copied().fold(f64::INFINITY, f64::min);
    let above = novelty.iter().filter(|&&n| n > least).count();
    let (status, novel) = get(format!(
        "{api}/api/events?kind=claim&min_novelty={}",
        least + 1e-4
    ))
    .await;
    assert_eq!(status, 200);
    assert_eq!(novel["events"].as_array().unwrap().len(), above, "{novel}");
    let (status, story_events) = get(format!("{api}/api/stories/story-1/events")).await;
    assert_eq!(status, 200);
    assert!(story_events["events"].as_array().unwrap().len() > claims.len());
    for bad in [
        "since=yesterday",
        "kind=claims",
        "item=ftp://x",
        "min_novelty=2",
        "min_novelty=high",
    ] {
        let (status, error) = get(format!("{api}/api/events?{bad}")).await;
        assert_eq!(status, 400, "{bad}");
        assert!(error["error"].is_string(), "{bad}: {error}");
    }

    let a1 = site.url("/a1");
    let (status, versions) = get(format!("{api}/api/items/versions?item={a1}")).await;
    assert_eq!(status, 200);
    assert_eq!(versions[0]["number"], 1);
    assert!(versions[0]["article"]["paragraphs"].is_array());
    let (status, _) = get(format!("{api}/api/items/versions")).await;
    assert_eq!(status, 400);
    let (status, _) = get(format!(
        "{api}/api/items/versions?item={}",
        site.url("/nope")
    ))
    .await;
    assert_eq!(status, 404);

    // The stream, from the end of the log: an article published after connecting.
    let last = store.last_seq().unwrap();
    let mut stream = client
        .get(format!("{api}/api/events/stream?since={}", last + 1))
        .send()
        .await
        .unwrap();
    assert_eq!(stream.status().as_u16(), 200);
    assert!(stream.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/event-stream"));
    second_published.store(true, Ordering::SeqCst);
    let a2 = site.url("/a2");
    // The first event about the new article (the edit of the first one may come before it).
    let first_streamed = tokio::time::timeout(
        limit,
        read_stream_until(&mut stream, |events| {
            events.iter().find(|event| event["item"] == a2).cloned()
        }),
    )
    .await
    .expect("an event written after connecting is streamed");
    assert!(first_streamed["seq"].as_u64().unwrap() > last);
    assert_eq!(first_streamed["item"], site.url("/a2"));

    // The pages: a story list, and the story's timeline with its claims and sources.
    let html = |url: String| {
        let client = client.clone();
        async move {
            let response = client.get(&url).send().await.unwrap();
            let status = response.status().as_u16();
            (status, response.text().await.unwrap())
        }
    };
    let (status, index) = html(format!("{api}/")).await;
    assert_eq!(status, 200);
    assert!(index.contains("href=\"/stories/story-1\""), "{index}");
    // The edit of the first article is shown as a diff, with the page's markup as text,
    // never as markup.
    tokio::time::timeout(limit, async {
        loop {
            if let EventBody::VersionChanged { .. } = listen.recv().await.unwrap().body {
                break;
            }
        }
    })
    .await
    .expect("the edit is caught by the refetch");
    let (status, story_html) = html(format!("{api}/stories/story-1")).await;
    assert_eq!(status, 200);
    assert!(story_html.contains("<meta name=\"viewport\""));
    let first_claim = story["items"][0]["claims"][0]["text"].as_str().unwrap();
    assert!(story_html.contains(first_claim), "claims are on the page");
    assert!(
        story_html.contains("<ins>"),
        "the edit is a diff: {story_html}"
    );
    assert!(story_html.contains("satellite"));
    assert!(!story_html.contains("<b>satellite</b>"));
    // The page shows only the claims at least as novel as asked.
    let (status, novel_only) = html(format!("{api}/stories/story-1?min_novelty=1")).await;
    assert_eq!(status, 200);
    assert!(!story_html.contains(" 0 claims,"), "{story_html}");
    assert!(novel_only.contains(" 0 claims,"), "{novel_only}");
    let (status, _) = html(format!("{api}/stories/story-1?min_novelty=x")).await;
    assert_eq!(status, 400);
    let (status, _) = html(format!("{api}/stories/story-9")).await;
    assert_eq!(status, 404);

    // The Atom feed: every claim, repeat and edit is an entry carrying its text.
    let (status, atom) = html(format!("{api}/stories/story-1/atom.xml")).await;
    assert_eq!(status, 200);
    assert!(atom.starts_with("<?xml"));
    let entries = atom.matches("<entry>").count();
    let changes = store
        .events(1)
        .map(Result::unwrap)
        .filter(|e| e.body.story().is_some_and(|s| s.0 == "story-1"))
        .filter(|e| {
            matches!(
                e.body,
                EventBody::Claim { .. }
                    | EventBody::VersionChanged { .. }
                    | EventBody::ClaimCorroborated { .. }
                    | EventBody::ClaimWithdrawn { .. }
            )
        })
        .count();
    assert_eq!(entries, changes);
    assert!(atom.contains("edited its article"), "{atom}");
    let parsed = storywatch::feed::parse(atom.as_bytes(), Some("application/atom+xml"), None)
        .expect("our own feed parses");
    assert_eq!(parsed.entries.len(), entries);

    // Metrics, in the OpenMetrics text format that Prometheus reads.
    let response = client.get(format!("{api}/metrics")).send().await.unwrap();
    assert_eq!(response.status().as_u16(), 200);
    assert!(response.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("application/openmetrics-text; version=1.0.0"));
    let text = response.text().await.unwrap();
    let sample = |name: &str| -> f64 {
        text.lines()
            .find_map(|l| l.strip_prefix(name).and_then(|v| v.strip_prefix(' ')))
            .unwrap_or_else(|| panic!("{name} missing from:\n{text}"))
            .parse()
            .unwrap()
    };
    assert!(sample("storywatch_polls_total{outcome=\"parsed\"}") >= 2.0);
    assert!(sample("storywatch_http_responses_total{status=\"2xx\"}") >= 4.0);
    assert_eq!(sample("storywatch_items"), 2.0);
    assert_eq!(
        sample("storywatch_versions"),
        3.0,
        "two articles and one edit"
    );
    assert!(sample("storywatch_extract_seconds_count") >= 3.0);
    assert!(sample("storywatch_match_seconds_count") >= 3.0);
    assert!(sample("storywatch_store_bytes") > 0.0);

    daemon.stop().await;
    assert!(
        Store::api_address(&store_dir).is_none(),
        "the address is removed at exit"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn log_follow_prints_an_event_written_after_it_started() {
    let Running {
        site,
        second: second_published,
        _dir,
        store_dir,
        daemon,
        ..
    } = start().await;
    let limit = LIMIT;

    // The daemon holds the store: the follower reads through its API without being told.
    let mut follower = std::process::Command::new(env!("CARGO_BIN_EXE_storywatch"))
        .args([
            "log",
            "--follow",
            "--json",
            "--kind",
            "story_created,item_linked,item_unmatched",
            "--store",
            path(&store_dir),
        ])
        .env_remove("RUST_LOG")
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let (line_tx, line_rx) = std::sync::mpsc::channel::<Value>();
    let out = follower.stdout.take().unwrap();
    std::thread::spawn(move || {
        use std::io::BufRead;
        for line in std::io::BufReader::new(out).lines().map_while(Result::ok) {
            if line_tx.send(serde_json::from_str(&line).unwrap()).is_err() {
                break;
            }
        }
    });
    let first = line_rx.recv_timeout(limit).expect("the log so far");
    assert_eq!(first["kind"], "story_created");
    assert_eq!(first["item"], site.url("/a1"));
    second_published.store(true, Ordering::SeqCst);
    let next = line_rx
        .recv_timeout(limit)
        .expect("the event written after it started");
    assert_eq!(next["item"], site.url("/a2"));
    assert!(next["seq"].as_u64().unwrap() > first["seq"].as_u64().unwrap());
    follower.kill().unwrap();
    let _ = follower.wait();
    daemon.stop().await;
}

/// Two events written one after the other may be passed on in the other order (each by
/// the task that wrote it, as it finishes): the stream still sends both, in order.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_stream_sends_events_passed_on_out_of_order() {
    let Served {
        api,
        store,
        events,
        stop,
        server,
        // Bound, not `..`: what is left out is dropped at once (the store's directory).
        _listening,
        _closing,
        _dir,
    } = serve_with_token(None).await;
    let mut stream = reqwest::Client::new()
        .get(format!("{api}/api/events/stream?since=1"))
        .send()
        .await
        .unwrap();
    assert_eq!(stream.status().as_u16(), 200);
    let moved = |n: u32| EventBody::FeedMoved {
        feed: format!("http://127.0.0.1/{n}.xml"),
        from: format!("http://127.0.0.1/{n}.xml"),
        to: format!("http://127.0.0.1/{n}-new.xml"),
    };
    let now = chrono::Utc::now();
    let first = store.log_event(moved(1), now).unwrap();
    let second = store.log_event(moved(2), now).unwrap();
    events.send(second.clone()).unwrap();
    events.send(first.clone()).unwrap();

    let seqs = tokio::time::timeout(
        LIMIT,
        read_stream_until(&mut stream, |events| {
            let seqs: Vec<u64> = events.iter().map(|e| e["seq"].as_u64().unwrap()).collect();
            (seqs.len() >= 2).then_some(seqs)
        }),
    )
    .await
    .expect("both events are streamed");
    assert_eq!(seqs, [first.seq, second.seq]);
    drop(stream);
    stop.send(()).unwrap();
    server.await.unwrap().unwrap();
}

/// Reads a server-sent-events stream until `found` finds what it waits for among the
/// events received so far (the `data:` lines, as JSON).
async fn read_stream_until<T>(
    stream: &mut reqwest::Response,
    mut found: impl FnMut(&[Value]) -> Option<T>,
) -> T {
    let mut text = String::new();
    loop {
        let chunk = stream
            .chunk()
            .await
            .unwrap()
            .expect("the stream stays open");
        text.push_str(&String::from_utf8_lossy(&chunk));
        let events: Vec<Value> = text
            .lines()
            .filter_map(|l| l.strip_prefix("data:"))
            .map(|data| serde_json::from_str::<Value>(data.trim()).unwrap())
            .collect();
        if let Some(out) = found(&events) {
            return out;
        }
    }
}

/// The API of an empty store, served with `[api] token = token`.
struct Served {
    api: String,
    store: Arc<Store>,
    /// What the daemon passes each event it writes on to.
    events: broadcast::Sender<storywatch::model::Event>,
    stop: tokio::sync::oneshot::Sender<()>,
    server: tokio::task::JoinHandle<std::io::Result<()>>,
    /// Keeps `events` open when no client listens.
    _listening: broadcast::Receiver<storywatch::model::Event>,
    /// Dropped, it would end every event stream at once.
    _closing: tokio::sync::watch::Sender<bool>,
    _dir: tempfile::TempDir,
}

async fn serve_with_token(token: Option<&str>) -> Served {
    let dir = tempfile::tempdir().unwrap();
    let store = Arc::new(Store::open(&dir.path().join("store")).unwrap());
    let (events, listening) = broadcast::channel(16);
    let (closing, closing_rx) = tokio::sync::watch::channel(false);
    let state = storywatch::api::ApiState {
        store: Arc::clone(&store),
        events: events.clone(),
        closing: closing_rx,
        metrics: Arc::new(storywatch::metrics::Metrics::default()),
        token: token.map(Arc::from),
    };
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let api = format!("http://{}", listener.local_addr().unwrap());
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(storywatch::api::serve(listener, state, async {
        stopped.await.unwrap_or(())
    }));
    Served {
        api,
        store,
        events,
        stop,
        server,
        _listening: listening,
        _closing: closing,
        _dir: dir,
    }
}

#[tokio::test]
async fn with_a_token_every_endpoint_wants_it_and_pages_and_feeds_take_it_in_the_url() {
    let served = serve_with_token(Some("s3cret")).await;
    let api = served.api.clone();
    let client = reqwest::Client::new();
    let status = |url: String, bearer: Option<&'static str>| {
        let client = client.clone();
        async move {
            let mut request = client.get(url);
            if let Some(token) = bearer {
                request = request.bearer_auth(token);
            }
            let response = request.send().await.unwrap();
            let status = response.status().as_u16();
            let body = response.text().await.unwrap();
            (status, body)
        }
    };
    for path in [
        "/api/stories",
        "/api/events",
        "/metrics",
        "/",
        "/atom.xml",
        "/nowhere",
    ] {
        let (code, body) = status(format!("{api}{path}"), None).await;
        assert_eq!(code, 401, "{path} without the token");
        let error: Value = serde_json::from_str(&body).expect("a JSON error");
        assert!(error["error"].as_str().unwrap().contains("token"), "{body}");
        let (code, _) = status(format!("{api}{path}"), Some("wrong")).await;
        assert_eq!(code, 401, "{path} with another token");
    }
    for path in ["/api/stories", "/api/events", "/metrics", "/", "/atom.xml"] {
        let (code, _) = status(format!("{api}{path}"), Some("s3cret")).await;
        assert_eq!(code, 200, "{path} with the token");
    }
    // Browsers and feed readers open pages and feeds by URL; the JSON API takes the
    // header only (a token in a URL ends up in logs and histories).
    let (code, page) = status(format!("{api}/?token=s3cret"), None).await;
    assert_eq!(code, 200);
    assert!(page.contains("/atom.xml?token=s3cret"), "{page}");
    assert_eq!(
        status(format!("{api}/atom.xml?token=s3cret"), None).await.0,
        200
    );
    assert_eq!(
        status(format!("{api}/api/stories?token=s3cret"), None)
            .await
            .0,
        401
    );
    served.stop.send(()).unwrap();
}

#[tokio::test]
async fn without_a_token_the_api_answers_everyone_on_loopback() {
    let served = serve_with_token(None).await;
    let api = served.api.clone();
    let response = reqwest::get(format!("{api}/api/stories")).await.unwrap();
    assert_eq!(response.status().as_u16(), 200);
    served.stop.send(()).unwrap();
}

#[test]
fn an_api_open_to_other_machines_needs_a_token_or_an_explicit_waiver() {
    let refused = Config::parse("[api]\nlisten = \"0.0.0.0:8765\"\n").unwrap_err();
    assert!(
        refused.contains("token") && refused.contains("0.0.0.0:8765"),
        "{refused}"
    );
    assert!(Config::parse("[api]\nlisten = \"0.0.0.0:8765\"\ntoken = \"s3cret\"\n").is_ok());
    assert!(
        Config::parse("[api]\nlisten = \"0.0.0.0:8765\"\nallow_unauthenticated = true\n").is_ok()
    );
    assert!(Config::parse("[api]\nlisten = \"0.0.0.0:8765\"\nenabled = false\n").is_ok());
    assert!(
        Config::parse("[api]\ntoken = \"\"\n").is_err(),
        "an empty token"
    );
    assert!(Config::parse("[api]\nlisten = \"127.0.0.1:8765\"\n").is_ok());
}

#[tokio::test]
async fn since_includes_its_event_and_every_error_is_json() {
    let served = serve_with_token(None).await;
    let (api, store) = (served.api.clone(), Arc::clone(&served.store));
    let client = reqwest::Client::new();
    let answer = |request: reqwest::RequestBuilder| async move {
        let response = request.send().await.unwrap();
        let status = response.status().as_u16();
        let json = response
            .headers()
            .get("content-type")
            .is_some_and(|v| v.to_str().unwrap().starts_with("application/json"));
        let body = response.text().await.unwrap();
        (status, json, body)
    };
    for n in 1..=3 {
        let body = EventBody::FeedRecovered {
            feed: format!("http://127.0.0.1/{n}.xml"),
            failures: n,
        };
        store.log_event(body, chrono::Utc::now()).unwrap();
    }
    let (status, _, body) = answer(client.get(format!("{api}/api/events?since=2"))).await;
    assert_eq!(status, 200, "{body}");
    let page: Value = serde_json::from_str(&body).unwrap();
    let seqs: Vec<u64> = page["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["seq"].as_u64().unwrap())
        .collect();
    assert_eq!(
        seqs,
        [2, 3],
        "since=2 starts at event 2, as the README says"
    );
    for (request, expected) in [
        (client.get(format!("{api}/api/events?since=1&since=2")), 400),
        (client.get(format!("{api}/api/events?since=yesterday")), 400),
        (client.get(format!("{api}/api/stories/%FF%FE")), 400),
        (client.post(format!("{api}/api/stories")), 405),
        (client.delete(format!("{api}/stories/story-1")), 405),
        (
            client
                .get(format!("{api}/api/events/stream"))
                .header("Last-Event-ID", "not-a-number"),
            400,
        ),
    ] {
        let (status, json, body) = answer(request).await;
        assert_eq!(status, expected, "{body}");
        assert!(json, "a JSON error body: {body}");
        let error: Value = serde_json::from_str(&body).unwrap();
        assert!(!error["error"].as_str().unwrap().is_empty(), "{body}");
    }
    served.stop.send(()).unwrap();
}

/// A daemon polling one feed of two articles, `a2` taken first (the feed lists it
/// last), whose `a1` page answers only once `gate` lets it through (at once without
/// one), with `logged` events already in its store; returns it with its store directory.
async fn daemon_with_a_held_page(
    gate: Option<Arc<tokio::sync::Semaphore>>,
    logged: u32,
) -> (
    common::server::TestServer,
    common::daemon::Running,
    broadcast::Receiver<storywatch::model::Event>,
    tempfile::TempDir,
) {
    let site = serve(move |req| {
        let host = req.header("Host").unwrap_or("").to_string();
        match req.path.as_str() {
            "/feed.xml" => Reply::ok(&format!(
                "<rss version=\"2.0\"><channel><title>News</title>\
                 <item><guid>a1</guid><title>US offers air support</title><link>http://{host}/a1</link></item>\
                 <item><guid>a2</guid><title>Ministers meet</title><link>http://{host}/a2</link></item></channel></rss>"
            )),
            "/a1" => {
                let reply = Reply::ok(&page("US offers air support", "The United States is prepared to provide air defence and intelligence support for a European-led security force in Ukraine, officials in Washington said on Tuesday."));
                match &gate {
                    Some(gate) => reply.when_let_through(gate.clone()),
                    None => reply,
                }
            }
            _ => Reply::ok(&page("Ministers meet", "Twelve European defence ministers agreed in Brussels on Wednesday to send up to 30,000 troops to Ukraine, the Dutch minister Ruben Brekelmans said.")),
        }
    })
    .await;
    let dir = tempfile::tempdir().unwrap();
    let store_dir = dir.path().join("store");
    {
        let store = Store::open(&store_dir).unwrap();
        for n in 0..logged {
            let body = EventBody::FeedRecovered {
                feed: format!("http://127.0.0.1/{n}.xml"),
                failures: n,
            };
            store.log_event(body, chrono::Utc::now()).unwrap();
        }
        store.flush().unwrap();
    }
    let config = Config::parse(&format!(
        "[store]\npath = \"{}\"\n[http]\nallow_networks = [\"127.0.0.1/32\"]\ntimeout_secs = 30\n[api]\nlisten = \"127.0.0.1:0\"\n[poller]\njitter = 0.0\n\n[[feed]]\nurl = \"{}\"\n",
        path(&store_dir),
        site.url("/feed.xml")
    ))
    .unwrap();
    let (daemon, listen) = common::daemon::start(config, &store_dir);
    (site, daemon, listen, dir)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_event_reaches_listeners_when_it_is_recorded_not_when_its_poll_ends() {
    // The page taken second is held back until the first article's story is heard of:
    // its events are passed on while the poll still waits (the feed's own state is saved
    // only when the poll ends). Its story is founded by a2, the article taken first.
    let gate = Arc::new(tokio::sync::Semaphore::new(0));
    let (site, daemon, mut listen, _dir) = daemon_with_a_held_page(Some(gate.clone()), 0).await;
    let feed = site.url("/feed.xml");
    let created = tokio::time::timeout(LIMIT, async {
        loop {
            let event = listen.recv().await.unwrap();
            if let EventBody::StoryCreated { .. } = event.body {
                return event;
            }
        }
    })
    .await
    .expect("the first article founds a story");
    assert!(
        daemon.store.feed(&feed).unwrap().is_none(),
        "event {} was passed on only after its poll ended",
        created.seq
    );
    // Let through, the held article is taken in and the poll ends.
    gate.add_permits(1);
    tokio::time::timeout(LIMIT, async {
        loop {
            match listen.recv().await.unwrap().body {
                EventBody::StoryCreated { item, .. } | EventBody::ItemLinked { item, .. }
                    if item.0.ends_with("/a1") =>
                {
                    return;
                }
                _ => {}
            }
        }
    })
    .await
    .expect("the held article is taken in once its page answers");
    daemon.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_events_counter_says_what_the_store_holds() {
    // Seven events were in the store before this run; the counter counts them too, and
    // each event as it is written.
    let (_site, daemon, mut listen, dir) = daemon_with_a_held_page(None, 7).await;
    let store_dir = dir.path().join("store");
    tokio::time::timeout(LIMIT, async {
        while !matches!(
            listen.recv().await.unwrap().body,
            EventBody::StoryCreated { .. }
        ) {}
    })
    .await
    .expect("an article founds a story");
    let api = Store::api_address(&store_dir).expect("the API runs");
    let metrics = reqwest::get(format!("{api}/metrics"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let counted: u64 = metrics
        .lines()
        .find_map(|l| l.strip_prefix("storywatch_events_total "))
        .expect("the counter is served")
        .trim()
        .parse()
        .unwrap();
    let held = daemon.store.last_seq().unwrap();
    assert!(
        counted >= 8,
        "{counted}: the 7 before this run, and the story founded"
    );
    assert!(counted <= held, "counted {counted}, the store holds {held}");
    daemon.stop().await;
}
