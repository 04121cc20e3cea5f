//! `storywatch demo`: the whole path, on this machine, with no internet.
//!
//! A small HTTP server on 127.0.0.1 serves the seed corpus as a news site: an RSS feed
//! that shows one more report at each poll, and an HTML page per report (seed 002 inside
//! the kind of site furniture a real news page has: menus, share buttons, related
//! headlines, a cookie notice). The real daemon polls it, fetches and extracts each
//! page, matches and stores it, and the change log is printed as it grows. The site's
//! pages and feed are written with maud, as the daemon's own pages are, text from the
//! seeds escaped (`web::Printable`).

use anyhow::{Context, Result};
use chrono::Utc;
use maud::{html, Markup, PreEscaped, DOCTYPE};
use std::io::Write;
use std::path::Path;
use std::process::ExitCode;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;
use storywatch::config::{Config, FeedConfig, StoryConfig};
use storywatch::model::{Article, BlockKind, EventBody, ItemId, Paragraph, RawDocument, StoryId};
use storywatch::store::Store;
use storywatch::web::Printable;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::broadcast;

/// The seed corpus, built in so that the demo needs no files.
const SEEDS: [(&str, &str); 5] = [
    ("000", include_str!("../../seeds/000_ee459bdfdea0fd13.txt")),
    ("001", include_str!("../../seeds/001_3b7a4773e1d3e93a.txt")),
    ("002", include_str!("../../seeds/002_42fdb5741ca79799.txt")),
    ("003", include_str!("../../seeds/003_777be51a4515d054.txt")),
    ("004", include_str!("../../seeds/004_3622f00dcd344a76.txt")),
];

/// The seed whose page is served inside site furniture.
const FURNISHED: &str = "002";

/// Longer than the demo ever needs; it stops with an error rather than hang.
const GIVE_UP_AFTER: Duration = Duration::from_secs(120);

/// One report of the demo site.
struct Page {
    id: &'static str,
    article: Article,
    html: String,
}

/// Runs the demo; `stories` (the `[[story]]` entries of `--config`, if any) are declared
/// in the demo daemon's config too, so they are seeded before the site is polled.
pub fn demo_command(
    store: Option<&Path>,
    serve_after: bool,
    stories: &[StoryConfig],
) -> Result<ExitCode> {
    let pages = Arc::new(build_pages()?);
    let (store_path, temporary) = match store {
        Some(path) => (path.to_path_buf(), false),
        None => (
            std::env::temp_dir().join(format!("storywatch-demo-{}", std::process::id())),
            true,
        ),
    };
    let runtime = storywatch::daemon::runtime().context("cannot start the async runtime")?;
    let result = runtime.block_on(run_demo(pages, &store_path, serve_after, stories));
    drop(runtime);
    if temporary {
        let _ = std::fs::remove_dir_all(&store_path);
    }
    result
}

async fn run_demo(
    pages: Arc<Vec<Page>>,
    store_path: &Path,
    serve_after: bool,
    stories: &[StoryConfig],
) -> Result<ExitCode> {
    let listener = TcpListener::bind("127.0.0.1:0")
        .await
        .context("cannot open a port on 127.0.0.1 for the demo site")?;
    let address = listener.local_addr()?;
    let base = format!("http://{address}");
    let feed_polls = Arc::new(AtomicUsize::new(0));
    tokio::spawn(serve(
        listener,
        Arc::clone(&pages),
        base.clone(),
        feed_polls,
    ));

    let mut config = demo_config(&base)?;
    config.stories = stories.to_vec();
    let store = Arc::new(Store::open(store_path)?);
    let (events, mut listen) = broadcast::channel(1024);
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    println!("demo site: {base}/feed.xml (one more report at each poll, every second)");
    println!("store: {}", store_path.display());
    println!();

    let daemon = {
        let store = Arc::clone(&store);
        tokio::spawn(async move {
            let shutdown = async {
                let _ = stopped.await;
            };
            storywatch::daemon::run(&config, store, shutdown, events).await
        })
    };

    let mut placed = 0;
    // The story the site's reports went to (the first report's), for its page's address.
    let mut story: Option<StoryId> = None;
    let watching = async {
        while placed < pages.len() {
            match listen.recv().await {
                Ok(event) => {
                    // Seeds of declared stories are placed before the site is polled.
                    let seed = event.body.item().is_some_and(|i| i.0.starts_with("seed:"));
                    if is_placement(&event.body) && !seed {
                        placed += 1;
                        if story.is_none() {
                            story = event.body.story().cloned();
                        }
                    }
                    show(&event);
                }
                Err(broadcast::error::RecvError::Lagged(n)) => lagged(n),
                Err(broadcast::error::RecvError::Closed) => break,
            }
        }
    };
    let finished = tokio::time::timeout(GIVE_UP_AFTER, watching).await.is_ok();
    if serve_after && finished {
        // The story's page, its feed and the API stay up for a browser until Ctrl-C.
        if let Some(api) = Store::api_address(store_path) {
            println!();
            let story = story.unwrap_or_else(|| StoryId("story-1".to_string()));
            println!("timeline page: {api}/stories/{story}");
            println!("Atom feed:     {api}/stories/{story}/atom.xml");
            println!("API:           {api}/api/stories");
            println!("(Ctrl-C or SIGTERM stops the demo)");
            let _ = std::io::stdout().flush();
        }
        let mut terminate =
            tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
                .context("cannot listen for SIGTERM")?;
        tokio::select! {
            _ = tokio::signal::ctrl_c() => {}
            _ = terminate.recv() => {}
        }
    }
    let _ = stop.send(());
    let summary = daemon
        .await
        .context("the daemon task failed")?
        .context("the daemon stopped")?;
    // The last report's claims were sent with its placement; show them too.
    loop {
        match listen.try_recv() {
            Ok(event) => show(&event),
            Err(broadcast::error::TryRecvError::Lagged(n)) => lagged(n),
            Err(_) => break,
        }
    }
    let stats = store.stats()?;
    println!();
    println!(
        "{} polls, {} items, {} versions, {} claims, {} events in the change log",
        summary.polls, stats.items, stats.versions, stats.claims, stats.events
    );
    if !finished || placed < pages.len() {
        eprintln!(
            "storywatch: the demo stopped after {} s with {placed} of {} reports placed",
            GIVE_UP_AFTER.as_secs(),
            pages.len()
        );
        return Ok(ExitCode::FAILURE);
    }
    Ok(ExitCode::SUCCESS)
}

fn is_placement(body: &EventBody) -> bool {
    matches!(
        body,
        EventBody::StoryCreated { .. }
            | EventBody::ItemLinked { .. }
            | EventBody::ItemUnmatched { .. }
    )
}

fn show(event: &storywatch::model::Event) {
    let _ = writeln!(
        std::io::stdout(),
        "{}",
        storywatch::report::event_line(event)
    );
}

fn lagged(n: u64) {
    let _ = writeln!(
        std::io::stdout(),
        "({n} events not shown; `storywatch log` has them)"
    );
}

fn demo_config(base: &str) -> Result<Config> {
    let mut config = Config::parse(
        r#"
[http]
allow_networks = ["127.0.0.1/32"]
timeout_secs = 10

[api]
# The demo prints the log itself; port 0 so that it never collides with a daemon.
listen = "127.0.0.1:0"

[poller]
min_interval = "1s"
jitter = 0.0
"#,
    )
    .map_err(|e| anyhow::anyhow!("the demo's own config is invalid: {e}"))?;
    config.feeds.push(FeedConfig {
        url: format!("{base}/feed.xml"),
        name: Some("storywatch demo".to_string()),
        interval: Some(Duration::from_secs(1)),
    });
    Ok(config)
}

/// Each seed as its article (the same extraction `replay` does) and as an HTML page.
fn build_pages() -> Result<Vec<Page>> {
    SEEDS
        .iter()
        .map(|(id, text)| {
            let doc = RawDocument {
                item: ItemId::for_file(id),
                bytes: text.as_bytes().to_vec(),
                content_type: Some("text/plain; charset=utf-8".to_string()),
                fetched_at: Utc::now(),
            };
            let article = storywatch::extract::extract(&doc)
                .with_context(|| format!("built-in seed {id} does not extract"))?;
            let html = if *id == FURNISHED {
                furnished_page(&article)
            } else {
                plain_page(&article)
            };
            Ok(Page { id, article, html })
        })
        .collect()
}

/// A feed item's title: the article's headline, or (the plain-text seeds have none) its
/// opening words, as agencies headline a brief.
fn headline(article: &Article, id: &str) -> String {
    if let Some(title) = &article.title {
        return title.clone();
    }
    let Some(first) = article.paragraphs.first() else {
        return format!("Report {id}");
    };
    let mut words = String::new();
    for word in first.text.split_whitespace() {
        if words.len() + word.len() > 80 {
            return format!("{words}…");
        }
        if !words.is_empty() {
            words.push(' ');
        }
        words.push_str(word);
    }
    words
}

/// The article as the page's body: its headline, date and blocks, list items in lists.
fn body_html(article: &Article) -> Markup {
    let is_item = |block: &Paragraph| block.kind == BlockKind::ListItem;
    html! {
        @if let Some(title) = &article.title {
            h1 { (Printable(title)) }
        }
        @if let Some(date) = article.published {
            time datetime=(date) { (date) }
        }
        @for run in article.paragraphs.chunk_by(|a, b| is_item(a) == is_item(b)) {
            @if is_item(&run[0]) {
                ul {
                    @for block in run {
                        li { (Printable(&block.text)) }
                    }
                }
            } @else {
                @for block in run {
                    @let text = Printable(&block.text);
                    @match block.kind {
                        BlockKind::Heading => h2 { (text) },
                        BlockKind::Quote => blockquote { p { (text) } },
                        _ => p { (text) },
                    }
                }
            }
        }
    }
}

fn plain_page(article: &Article) -> String {
    html! {
        (DOCTYPE)
        html lang="en" {
            head {
                meta charset="utf-8";
                // A page without a headline says so by having none, as the text did.
                @if let Some(title) = &article.title {
                    title { (Printable(title)) }
                }
            }
            body { article { (body_html(article)) } }
        }
    }
    .into_string()
}

/// A page as news sites serve it: the article among menus, share buttons, related
/// headlines and notices that the extractor has to leave out.
fn furnished_page(article: &Article) -> String {
    let title = article.title.as_deref().unwrap_or("Report");
    html! {
        (DOCTYPE)
        html lang="en" {
            head {
                meta charset="utf-8";
                title { (Printable(title)) " | Caliber.az" }
                meta property="og:site_name" content="Caliber.az";
            }
            body {
                div class="cookie-banner" {
                    "We use cookies to improve your experience. " button { "Accept" }
                }
                header class="site-header" {
                    nav class="social" {
                        a href="/tw" { "twitter" } " " a href="/yt" { "youtube" } " "
                        a href="/ig" { "instagram" } " " a href="/fb" { "facebook" } " "
                        a href="/tg" { "telegram" }
                    }
                    nav class="apps" {
                        a href="/ios" { "apple store" } " " a href="/android" { "play market" }
                    }
                    form class="search" {
                        label { "WHAT ARE YOU LOOKING FOR ?" } input name="q";
                    }
                    ul class="menu" {
                        li { a href="/world" { "WORLD" } }
                        li { a href="/politics" { "POLITICS" } }
                        li { a href="/economy" { "ECONOMY" } }
                        li { a href="/ru" { "ru" } }
                    }
                }
                main {
                    div class="font-size" { button { "A+" } button { "A-" } }
                    article class="news-article" {
                        (body_html(article))
                        p class="author" { "By Tamilla Hasanova" }
                    }
                    div class="share" {
                        "Liked the story? Share it on social media! "
                        a href="/print" { "print" } " " a href="/copy" { "copy link" }
                    }
                    aside class="related" {
                        h2 { "The most important world news" }
                        ul {
                            li { a href="/world/1" { "FT: Security guarantees for Ukraine — the US ready to provide intelligence capabilities" } }
                            li { a href="/world/2" { "Zelensky meets European leaders in Washington" } }
                            li { a href="/world/3" { "Oil prices rise on supply concerns" } }
                        }
                    }
                }
                footer {
                    p { "Any use of materials is allowed only if there is a hyperlink to Caliber.az" }
                    p { "Caliber.az © 2025." }
                }
            }
        }
    }
    .into_string()
}

/// Serves the demo site until the process ends.
async fn serve(
    listener: TcpListener,
    pages: Arc<Vec<Page>>,
    base: String,
    feed_polls: Arc<AtomicUsize>,
) {
    loop {
        let Ok((stream, _)) = listener.accept().await else {
            continue;
        };
        let pages = Arc::clone(&pages);
        let base = base.clone();
        let feed_polls = Arc::clone(&feed_polls);
        tokio::spawn(async move {
            let _ = answer(stream, &pages, &base, &feed_polls).await;
        });
    }
}

async fn answer(
    mut stream: TcpStream,
    pages: &[Page],
    base: &str,
    feed_polls: &AtomicUsize,
) -> std::io::Result<()> {
    let mut head = Vec::new();
    let mut buf = [0u8; 2048];
    while !head.windows(4).any(|w| w == b"\r\n\r\n") && head.len() < 16 * 1024 {
        let n = stream.read(&mut buf).await?;
        if n == 0 {
            return Ok(());
        }
        head.extend_from_slice(&buf[..n]);
    }
    let request = String::from_utf8_lossy(&head);
    let path = request.split_whitespace().nth(1).unwrap_or("/");
    let (status, content_type, body) = if path == "/feed.xml" {
        let shown = (feed_polls.fetch_add(1, Ordering::SeqCst) + 1).min(pages.len());
        (
            "200 OK",
            "application/rss+xml; charset=utf-8",
            rss(&pages[..shown], base),
        )
    } else if let Some(page) = path
        .strip_prefix("/reports/")
        .and_then(|p| p.strip_suffix(".html"))
        .and_then(|id| pages.iter().find(|p| p.id == id))
    {
        ("200 OK", "text/html; charset=utf-8", page.html.clone())
    } else {
        ("404 Not Found", "text/plain", "not found\n".to_string())
    };
    let response = format!(
        "HTTP/1.1 {status}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    stream.write_all(response.as_bytes()).await?;
    stream.shutdown().await
}

/// The feed, newest report first as feeds list them.
fn rss(pages: &[Page], base: &str) -> String {
    html! {
        (PreEscaped("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"))
        rss version="2.0" {
            channel {
                title { "storywatch demo: Ukraine security guarantees" }
                link { (base) "/" }
                description { "The seed corpus, one report at a time" }
                @for page in pages.iter().rev() {
                    @let article = &page.article;
                    @let date = article
                        .published
                        .and_then(|d| d.and_hms_opt(12, 0, 0))
                        .map(|d| d.and_utc().to_rfc2822())
                        .unwrap_or_default();
                    @let summary = article.paragraphs.first().map_or("", |p| p.text.as_str());
                    item {
                        title { (Printable(&headline(article, page.id))) }
                        link { (base) "/reports/" (page.id) ".html" }
                        guid isPermaLink="false" { "demo-" (page.id) }
                        pubDate { (date) }
                        description { (Printable(summary)) }
                    }
                }
            }
        }
    }
    .into_string()
}
