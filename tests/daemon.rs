//! The daemon as people run it: several feeds at once where some are broken, a SIGTERM
//! in the middle of a poll, the demo, and OPML import. Servers are started by the test
//! on 127.0.0.1.

mod common;

use common::server::{serve, Body, Reply};
use common::{path, stderr, stdout, storywatch};
use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use storywatch::config::Config;
use storywatch::model::EventBody;
use storywatch::store::Store;

const ARTICLE: &str = "<html><head><title>US offers air support</title></head><body><article><h1>US offers air support</h1>\
<p>The United States is prepared to provide air defence and intelligence support for a European-led security force in Ukraine, officials in Washington said on Tuesday.</p>\
<p>Defence ministers from twelve European countries met in Brussels to discuss how many troops each could send, according to two diplomats briefed on the talks.</p>\
</article></body></html>";

fn good_feed(host: &str) -> String {
    format!(
        "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Good</title><item><guid>a1</guid><title>US offers air support</title><link>http://{host}/article</link></item></channel></rss>"
    )
}

/// One site with a good feed, a malformed one and one that never answers.
async fn mixed_site(hang_seen: Option<mpsc::Sender<()>>) -> common::server::TestServer {
    let hang_seen = Mutex::new(hang_seen);
    serve(move |req| {
        let host = req.header("Host").unwrap_or("").to_string();
        match req.path.as_str() {
            "/good.xml" => Reply::ok(&good_feed(&host)),
            "/article" => Reply::ok(ARTICLE),
            // A maintenance page where the feed should be, and bytes that are no markup.
            "/broken.xml" => Reply::ok("<html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1><hr>nginx</body></html>"),
            "/garbage.xml" => Reply::ok("\u{0}\u{1}not xml at all <<<>>> &&&"),
            "/hang.xml" => {
                if let Some(tx) = hang_seen.lock().unwrap().as_ref() {
                    let _ = tx.send(());
                }
                Reply {
                    status: 200,
                    headers: Vec::new(),
                    body: Body::Hang,
                    delay: None,
                    gate: None,
                }
            }
            _ => Reply::new(404, Vec::new()),
        }
    })
    .await
}

fn config_text(
    site: &common::server::TestServer,
    store: &std::path::Path,
    feeds: &[&str],
) -> String {
    let mut text = format!(
        "[store]\npath = \"{}\"\n\n[http]\nallow_networks = [\"127.0.0.1/32\"]\ntimeout_secs = 30\n\n[api]\nlisten = \"127.0.0.1:0\"\n\n[poller]\njitter = 0.0\n",
        path(store)
    );
    for feed in feeds {
        text.push_str(&format!("\n[[feed]]\nurl = \"{}\"\n", site.url(feed)));
    }
    text
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_feeds_are_reported_and_the_good_one_keeps_going() {
    let site = mixed_site(None).await;
    let dir = tempfile::tempdir().unwrap();
    let store_dir = dir.path().join("store");
    let config = Config::parse(&config_text(
        &site,
        &store_dir,
        &["/broken.xml", "/garbage.xml", "/hang.xml", "/good.xml"],
    ))
    .unwrap();
    let (running, mut listen) = common::daemon::start(config, &store_dir);
    let store = Arc::clone(&running.store);
    // The good feed's article arrives although three feeds before it are broken and
    // one of them never answers.
    loop {
        let event = listen.recv().await.unwrap();
        if let EventBody::StoryCreated { item, .. } = &event.body {
            assert_eq!(item.0, site.url("/article"));
            break;
        }
    }
    // Wait for the two malformed feeds to be recorded as failing.
    for feed in ["/broken.xml", "/garbage.xml"] {
        loop {
            if let Some(state) = store.feed(&site.url(feed)).unwrap() {
                if state.last_polled.is_some() {
                    let error = state
                        .last_error
                        .expect("a malformed feed records its error");
                    assert!(error.contains(&site.url(feed)), "{error}");
                    assert!(error.contains("is not a feed"), "{error}");
                    break;
                }
            }
            tokio::task::yield_now().await;
        }
    }
    let summary = running.stop().await;
    assert!(summary.polls >= 3, "{summary:?}");
    let good = store.feed(&site.url("/good.xml")).unwrap().unwrap();
    assert_eq!(good.consecutive_failures, 0);
    assert_eq!(good.seen, vec!["a1".to_string()]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigterm_during_a_poll_exits_cleanly_and_keeps_everything() {
    let (hang_tx, hang_rx) = mpsc::channel();
    let site = mixed_site(Some(hang_tx)).await;
    let dir = tempfile::tempdir().unwrap();
    let store_dir = dir.path().join("store");
    let config_file = dir.path().join("storywatch.toml");
    std::fs::write(
        &config_file,
        config_text(&site, &store_dir, &["/good.xml", "/hang.xml"]),
    )
    .unwrap();

    let mut daemon = Command::new(env!("CARGO_BIN_EXE_storywatch"))
        .args([
            "run",
            "--config",
            path(&config_file),
            "--log-format",
            "json",
        ])
        .env_remove("RUST_LOG")
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Read the JSON log until the good feed's article is stored.
    let logs = BufReader::new(daemon.stderr.take().unwrap());
    let (line_tx, line_rx) = mpsc::channel::<serde_json::Value>();
    std::thread::spawn(move || {
        for line in logs.lines().map_while(Result::ok) {
            let value: serde_json::Value = serde_json::from_str(&line).unwrap_or_else(|e| {
                panic!("--log-format json wrote a line that is not JSON ({e}): {line}")
            });
            if line_tx.send(value).is_err() {
                break;
            }
        }
    });
    let wait = Duration::from_secs(60);
    loop {
        let line = line_rx
            .recv_timeout(wait)
            .expect("the daemon logs a new item");
        if line["fields"]["message"] == "new item" {
            assert_eq!(line["level"], "INFO");
            break;
        }
    }
    // The other feed's request is in flight and will never be answered.
    hang_rx
        .recv_timeout(wait)
        .expect("the hanging feed is polled");

    let pid = daemon.id().to_string();
    let killed = Command::new("kill").args(["-TERM", &pid]).status().unwrap();
    assert!(killed.success());
    let (done_tx, done_rx) = mpsc::channel();
    std::thread::spawn(move || {
        let _ = done_tx.send(daemon.wait());
    });
    let status = done_rx
        .recv_timeout(Duration::from_secs(30))
        .expect("the daemon exits after SIGTERM")
        .unwrap();
    assert!(status.success(), "exit status {status:?}");
    let mut closing = None;
    while let Ok(line) = line_rx.try_recv() {
        if line["fields"]["message"] == "stopped; store flushed" {
            closing = Some(line["fields"].clone());
        }
    }
    let closing = closing.expect("the daemon says it flushed the store");

    // Everything the good feed brought is in the store, which opens cleanly, and the
    // closing line counts what it holds (the store was new).
    let log = common::json_log(&store_dir);
    let last = log.last().expect("events were written")["seq"].clone();
    assert_eq!(closing["last_event"], last, "{closing}");
    assert_eq!(closing["events"], last, "{closing}");
    let created: Vec<_> = common::events_of_kind(&log, "story_created");
    assert_eq!(created.len(), 1);
    assert!(!common::events_of_kind(&log, "claim").is_empty());
    let store = Store::open(&store_dir).unwrap();
    let good = store.feed(&site.url("/good.xml")).unwrap().unwrap();
    assert_eq!(good.seen, vec!["a1".to_string()]);
}

#[test]
fn the_demo_logs_the_claims_replay_logs() {
    let dir = tempfile::tempdir().unwrap();
    let demo_store = dir.path().join("demo");
    let out = storywatch(&["demo", "--store", path(&demo_store)]);
    assert!(out.status.success(), "demo failed: {}", stderr(&out));
    assert!(stdout(&out).contains("5 items"), "{}", stdout(&out));

    let replay_store = dir.path().join("replay");
    common::replay(&common::seeds_dir(), &replay_store);
    let claims = |store: &std::path::Path| -> Vec<String> {
        let log = common::json_log(store);
        common::events_of_kind(&log, "claim")
            .iter()
            .map(|e| e["text"].as_str().unwrap().to_string())
            .collect()
    };
    let from_demo = claims(&demo_store);
    assert_eq!(from_demo, claims(&replay_store));
    // Seed 002 came wrapped in site furniture; none of it became a claim.
    for furniture in [
        "Share it on social media",
        "Any use of materials",
        "cookies",
    ] {
        assert!(
            !from_demo.iter().any(|c| c.contains(furniture)),
            "{furniture}"
        );
    }
}

#[test]
fn opml_import_appends_new_feeds_to_the_config_once() {
    let dir = tempfile::tempdir().unwrap();
    let opml = dir.path().join("subscriptions.opml");
    std::fs::write(
        &opml,
        r#"<?xml version="1.0" encoding="UTF-8"?>
<opml version="1.0"><head><title>Feeds</title></head><body>
<outline text="News"><outline type="rss" text="Kyiv Independent" xmlUrl="https://kyivindependent.com/feed/"/>
<outline type="rss" text="Meduza &amp; co" xmlUrl="https://meduza.io/rss/en/all"/></outline>
<outline type="rss" text="Gopher" xmlUrl="gopher://old.example/feed"/>
</body></opml>"#,
    )
    .unwrap();
    // The config is a symlink, as with configs kept in a dotfiles repository: the import
    // writes where it points and leaves the link a link.
    let real = dir.path().join("real.toml");
    std::fs::write(&real, "[[feed]]\nurl = \"https://meduza.io/rss/en/all\"\n").unwrap();
    let config = dir.path().join("storywatch.toml");
    std::os::unix::fs::symlink(&real, &config).unwrap();

    let out = storywatch(&["feeds", "import", path(&opml), "--config", path(&config)]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains("1 feed(s) added"), "{}", stdout(&out));
    assert!(
        stderr(&out).contains("gopher://old.example/feed"),
        "{}",
        stderr(&out)
    );
    let loaded = Config::load(&config).unwrap();
    let urls: Vec<&str> = loaded.feeds.iter().map(|f| f.url.as_str()).collect();
    assert_eq!(
        urls,
        [
            "https://meduza.io/rss/en/all",
            "https://kyivindependent.com/feed/"
        ]
    );
    assert_eq!(loaded.feeds[1].name.as_deref(), Some("Kyiv Independent"));
    assert!(std::fs::symlink_metadata(&config)
        .unwrap()
        .file_type()
        .is_symlink());
    assert!(std::fs::symlink_metadata(&config)
        .unwrap()
        .file_type()
        .is_symlink());
    assert_eq!(Config::load(&real).unwrap().feeds.len(), 2);

    let again = storywatch(&["feeds", "import", path(&opml), "--config", path(&config)]);
    assert!(
        stdout(&again).contains("0 feed(s) added"),
        "{}",
        stdout(&again)
    );
    assert_eq!(Config::load(&config).unwrap().feeds.len(), 2);

    // Without a config the entries are printed, ready to paste.
    let printed = storywatch(&["feeds", "import", path(&opml)]);
    assert!(printed.status.success());
    let parsed = Config::parse(&stdout(&printed)).unwrap();
    assert_eq!(parsed.feeds.len(), 2);
}

#[test]
fn run_without_feeds_says_how_to_add_them() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("empty.toml");
    std::fs::write(&config, "").unwrap();
    let out = storywatch(&[
        "run",
        "--config",
        path(&config),
        "--store",
        path(&dir.path().join("s")),
    ]);
    assert!(!out.status.success());
    assert!(stderr(&out).contains("[[feed]]"), "{}", stderr(&out));
}

#[test]
fn feeds_list_shows_every_configured_feed_even_before_its_first_poll_ends() {
    // A feed being polled for the first time has no state in the store yet; it is listed
    // as pending, in the config's order, and a feed the config dropped is still shown.
    let tmp = tempfile::tempdir().unwrap();
    let store_dir = tmp.path().join("store");
    let polled = |url: &str| storywatch::model::FeedState {
        last_polled: Some(chrono::Utc::now()),
        ..storywatch::model::FeedState::new(url)
    };
    {
        let store = Store::open(&store_dir).unwrap();
        for url in ["http://a.example/feed", "http://dropped.example/feed"] {
            store
                .record_feed(&polled(url), Vec::new(), chrono::Utc::now())
                .unwrap();
        }
        store.flush().unwrap();
    }
    let config = tmp.path().join("storywatch.toml");
    std::fs::write(
        &config,
        "[[feed]]\nurl = \"http://a.example/feed\"\n\n[[feed]]\nurl = \"http://new.example/feed\"\n",
    )
    .unwrap();
    let args = |json: bool| {
        let mut args = vec![
            "--config",
            path(&config),
            "feeds",
            "list",
            "--store",
            path(&store_dir),
        ];
        if json {
            args.push("--json");
        }
        storywatch(&args.iter().map(|s| &**s).collect::<Vec<&str>>())
    };
    let text = args(false);
    assert!(text.status.success(), "{}", stderr(&text));
    let lines: Vec<String> = stdout(&text).lines().map(str::to_string).collect();
    assert_eq!(lines.len(), 3, "{lines:?}");
    assert!(
        lines[0].starts_with("ok") && lines[0].contains("a.example"),
        "{lines:?}"
    );
    assert!(
        lines[1].starts_with("pending") && lines[1].contains("new.example"),
        "{lines:?}"
    );
    assert!(lines[2].contains("dropped.example"), "{lines:?}");
    let json = args(true);
    let urls: Vec<String> = stdout(&json)
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap()["url"].to_string())
        .collect();
    assert_eq!(urls.len(), 3, "{urls:?}");
    assert!(urls[1].contains("new.example"), "{urls:?}");
}
