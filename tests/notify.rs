//! Webhooks as an operator uses them: the daemon POSTs each matching event once, in log
//! order, signed, and a transient failure is retried rather than lost. Both the news
//! site and the webhook receiver are servers this test starts on 127.0.0.1.

mod common;

use common::path;
use common::server::{serve, Reply};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;
use storywatch::config::Config;
use storywatch::model::{Event, EventBody};
use storywatch::notify::{signature, SIGNATURE_HEADER};

const ARTICLE: &str = "<html><head><title>US offers air support</title></head><body><article><h1>US offers air support</h1>\
<p>The United States is prepared to provide air defence and intelligence support for a European-led security force in Ukraine, officials in Washington said on Tuesday.</p>\
<p>Defence ministers from twelve European countries met in Brussels to discuss how many troops each could send, according to two diplomats briefed on the talks.</p>\
</article></body></html>";

/// The events the tests' webhooks ask for (`story_created` and `claim`), in log order.
fn story_and_claims(store: &storywatch::store::Store) -> Vec<Event> {
    store
        .events(1)
        .map(Result::unwrap)
        .filter(|e| {
            matches!(
                e.body,
                EventBody::StoryCreated { .. } | EventBody::Claim { .. }
            )
        })
        .collect()
}

/// A site whose feed links one article.
async fn news_site() -> common::server::TestServer {
    serve(|req| match req.path.as_str() {
        "/feed.xml" => {
            let host = req.header("Host").unwrap_or("");
            Reply::ok(&format!(
                "<rss version=\"2.0\"><channel><title>News</title><item><guid>a1</guid><title>US offers air support</title><link>http://{host}/article</link></item></channel></rss>"
            ))
        }
        _ => Reply::ok(ARTICLE),
    })
    .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn matching_events_reach_the_webhook_once_each_signed_even_after_a_500() {
    let site = news_site().await;
    let answered = Arc::new(AtomicUsize::new(0));
    let receiver = {
        let answered = Arc::clone(&answered);
        serve(move |_| {
            // The first delivery meets a receiver that is restarting.
            if answered.fetch_add(1, Ordering::SeqCst) == 0 {
                Reply::new(500, b"restarting".to_vec())
            } else {
                Reply::new(204, Vec::new())
            }
        })
        .await
    };
    let dir = tempfile::tempdir().unwrap();
    let store_dir = dir.path().join("store");
    let config = Config::parse(&format!(
        "[store]\npath = \"{}\"\n[http]\nallow_networks = [\"127.0.0.1/32\"]\n[api]\nlisten = \"127.0.0.1:0\"\n[poller]\njitter = 0.0\n\n[[feed]]\nurl = \"{}\"\n\n[[notify]]\nurl = \"{}\"\nkinds = [\"story_created\", \"claim\"]\nsecret = \"s3cret\"\n",
        path(&store_dir),
        site.url("/feed.xml"),
        receiver.url("/hook")
    ))
    .unwrap();
    let (running, mut listen) = common::daemon::start(config, &store_dir);
    let store = Arc::clone(&running.store);

    // The article's events are written...
    let limit = Duration::from_secs(60);
    let written = async {
        loop {
            let event = listen.recv().await.unwrap();
            if matches!(event.body, EventBody::Claim { .. }) {
                break;
            }
        }
    };
    tokio::time::timeout(limit, written)
        .await
        .expect("the article is stored");
    let wanted = story_and_claims(&store);
    assert!(wanted.len() >= 3, "{wanted:?}");
    // ...and every matching one is delivered: one refused attempt, then each once.
    let delivered = async {
        while receiver.received().len() < wanted.len() + 1 {
            tokio::task::yield_now().await;
        }
    };
    tokio::time::timeout(limit, delivered)
        .await
        .expect("every matching event is delivered");
    let summary = running.stop().await;
    assert_eq!(summary.webhook_failures, 1);

    let requests = receiver.received();
    assert_eq!(requests.len(), wanted.len() + 1, "nothing delivered twice");
    let mut accepted: Vec<Event> = Vec::new();
    for (n, request) in requests.iter().enumerate() {
        assert_eq!(request.method, "POST");
        assert_eq!(request.header("Content-Type"), Some("application/json"));
        assert_eq!(
            request.header(SIGNATURE_HEADER),
            Some(signature("s3cret", &request.body).as_str()),
            "each body is signed"
        );
        let event: Event = serde_json::from_slice(&request.body).unwrap();
        assert_eq!(
            request.header("X-Storywatch-Event"),
            Some(event.body.kind())
        );
        if n > 0 {
            accepted.push(event);
        } else {
            assert_eq!(event, wanted[0], "the refused event is the one retried");
        }
    }
    assert_eq!(accepted, wanted, "in log order, each once, nothing else");
    assert_eq!(
        store.notify_cursor(&receiver.url("/hook")).unwrap(),
        Some(store.last_seq().unwrap()),
        "a restart resumes after the last delivered event"
    );
}

/// Runs `storywatch run --config CONFIG` with its log on stderr discarded.
fn run_daemon(config: &std::path::Path) -> std::process::Child {
    std::process::Command::new(env!("CARGO_BIN_EXE_storywatch"))
        .args(["run", "--config", path(config)])
        .env_remove("RUST_LOG")
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap()
}

fn signal(daemon: &std::process::Child, signal: &str) {
    let sent = std::process::Command::new("kill")
        .args([signal, &daemon.id().to_string()])
        .status()
        .unwrap();
    assert!(sent.success());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_crash_mid_delivery_loses_nothing_and_repeats_only_the_event_in_flight() {
    // The daemon is killed (SIGKILL) while the receiver holds its answer to the second
    // delivery; started again, it delivers the rest. Delivery is at least once: the event
    // in flight may come twice (its X-Storywatch-Delivery says so), no other.
    let site = news_site().await;
    let (delivered_tx, delivered) = std::sync::mpsc::channel::<u64>();
    let answered = Arc::new(AtomicUsize::new(0));
    let receiver = {
        let answered = Arc::clone(&answered);
        let delivered_tx = std::sync::Mutex::new(delivered_tx);
        serve(move |req| {
            let seq: u64 = req
                .header("X-Storywatch-Delivery")
                .unwrap()
                .parse()
                .unwrap();
            let _ = delivered_tx.lock().unwrap().send(seq);
            if answered.fetch_add(1, Ordering::SeqCst) == 1 {
                // The second delivery: answered long after the daemon is killed.
                Reply::new(204, Vec::new()).after(Duration::from_secs(5))
            } else {
                Reply::new(204, Vec::new())
            }
        })
        .await
    };
    let dir = tempfile::tempdir().unwrap();
    let store_dir = dir.path().join("store");
    let config = dir.path().join("storywatch.toml");
    std::fs::write(
        &config,
        format!(
            "[store]\npath = \"{}\"\n[http]\nallow_networks = [\"127.0.0.1/32\"]\n[api]\nenabled = false\n[poller]\njitter = 0.0\n\n[[feed]]\nurl = \"{}\"\n\n[[notify]]\nurl = \"{}\"\nkinds = [\"story_created\", \"claim\"]\n",
            path(&store_dir),
            site.url("/feed.xml"),
            receiver.url("/hook")
        ),
    )
    .unwrap();
    let limit = Duration::from_secs(60);

    let mut first = run_daemon(&config);
    let _first_delivered = delivered.recv_timeout(limit).expect("a first delivery");
    let in_flight = delivered.recv_timeout(limit).expect("a second delivery");
    signal(&first, "-KILL");
    first.wait().unwrap();

    let wanted: Vec<u64> = {
        let store = storywatch::store::Store::open(&store_dir).unwrap();
        story_and_claims(&store).iter().map(|e| e.seq).collect()
    };
    assert!(
        wanted.len() >= 3 && wanted.contains(&in_flight),
        "{wanted:?}"
    );

    // What the first run delivered, read before the second starts delivering.
    let mut got: Vec<u64> = receiver
        .received()
        .iter()
        .map(|r| r.header("X-Storywatch-Delivery").unwrap().parse().unwrap())
        .collect();
    let mut second = run_daemon(&config);
    while !wanted
        .iter()
        .all(|seq| got.iter().filter(|s| *s == seq).count() > usize::from(*seq == in_flight))
    {
        got.push(
            delivered
                .recv_timeout(limit)
                .expect("every event is delivered"),
        );
    }
    signal(&second, "-TERM");
    assert!(second.wait().unwrap().success());
    got.extend(delivered.try_iter());

    let repeated: Vec<u64> = wanted
        .iter()
        .copied()
        .filter(|seq| got.iter().filter(|s| *s == seq).count() > 1)
        .collect();
    assert_eq!(
        repeated,
        [in_flight],
        "only the event in flight comes twice: {got:?}"
    );
}
