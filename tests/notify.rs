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

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn matching_events_reach_the_webhook_once_each_signed_even_after_a_500() {
    let site = serve(|req| match req.path.as_str() {
        "/feed.xml" => {
            let host = req.header("Host").unwrap_or("");
            Reply::ok(&format!(
                "<rss version=\"2.0\"><channel><title>News</title><item><guid>a1</guid><title>US offers air support</title><link>http://{host}/article</link></item></channel></rss>"
            ))
        }
        _ => Reply::ok(ARTICLE),
    })
    .await;
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
    let wanted: Vec<Event> = store
        .events(1)
        .map(Result::unwrap)
        .filter(|e| {
            matches!(
                e.body,
                EventBody::StoryCreated { .. } | EventBody::Claim { .. }
            )
        })
        .collect();
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
