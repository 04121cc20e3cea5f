//! `storywatch extract`: one page printed as text or JSON, many pages written to a
//! directory (the benchmark's way in), and clear errors for what it cannot read.

mod common;

use common::server::{serve, Reply};
use common::{path, stderr, stdout, storywatch};
use std::io::Write;
use std::process::{Command, Stdio};

const PAGE: &str = r#"<html lang="en"><head><title>Bridge reopens | City News</title>
<meta property="og:site_name" content="City News"></head><body>
<nav><a href="/">Home</a> <a href="/sport">Sport</a></nav>
<article><h1>Bridge reopens</h1>
<p>The harbour bridge reopened to traffic on Monday after three months of repairs, the council said.</p>
<p>Engineers replaced the deck joints and repainted the arches, two months ahead of the original plan.</p>
</article></body></html>"#;

const FIRST: &str =
    "The harbour bridge reopened to traffic on Monday after three months of repairs, the council said.";
const SECOND: &str =
    "Engineers replaced the deck joints and repainted the arches, two months ahead of the original plan.";

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    encoder.write_all(bytes).unwrap();
    encoder.finish().unwrap()
}

#[test]
fn prints_the_paragraphs_separated_by_blank_lines() {
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("page.html");
    std::fs::write(&file, PAGE).unwrap();
    let out = storywatch(&["extract", path(&file)]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(stdout(&out), format!("{FIRST}\n\n{SECOND}\n"));
}

#[test]
fn reads_standard_input() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_storywatch"))
        .args(["extract", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(PAGE.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).starts_with(FIRST));
}

#[test]
fn json_prints_every_field_empty_ones_included() {
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("page.html");
    std::fs::write(&file, PAGE).unwrap();
    let out = storywatch(&[
        "extract",
        "--json",
        path(&file),
        "--url",
        "https://news.example/2024/05/02/bridge",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let json: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    for field in [
        "title",
        "authors",
        "published",
        "updated",
        "canonical_url",
        "language",
        "site_name",
        "image",
        "paragraphs",
    ] {
        assert!(json.get(field).is_some(), "no {field} in {json}");
    }
    assert_eq!(json["title"], "Bridge reopens");
    assert_eq!(json["published"], "2024-05-02");
    assert_eq!(json["updated"], serde_json::Value::Null);
    assert_eq!(json["site_name"], "City News");
    assert_eq!(json["paragraphs"][1]["kind"], "paragraph");
    assert_eq!(json["paragraphs"][1]["text"], SECOND);
}

#[test]
fn out_dir_writes_one_text_file_per_page_and_names_the_ones_that_failed() {
    let tmp = tempfile::tempdir().unwrap();
    let plain = tmp.path().join("one.html");
    std::fs::write(&plain, PAGE).unwrap();
    let gz = tmp.path().join("two.html.gz");
    std::fs::write(&gz, gzip(PAGE.as_bytes())).unwrap();
    let truncated = tmp.path().join("cut.html.gz");
    let whole = gzip(PAGE.repeat(20).as_bytes());
    std::fs::write(&truncated, &whole[..whole.len() / 2]).unwrap();
    let empty = tmp.path().join("empty.html");
    std::fs::write(&empty, "").unwrap();
    let same_stem = tmp.path().join("sub").join("one.htm");
    std::fs::create_dir(tmp.path().join("sub")).unwrap();
    std::fs::write(
        &same_stem,
        "<html><body><p>Another page entirely.</p></body></html>",
    )
    .unwrap();
    let out_dir = tmp.path().join("out");

    let out = storywatch(&[
        "extract",
        "--out-dir",
        path(&out_dir),
        path(&plain),
        path(&truncated),
        path(&gz),
        path(&empty),
        path(&same_stem),
    ]);
    assert!(!out.status.success(), "three inputs failed");
    let err = stderr(&out);
    assert!(
        err.contains("cut.html.gz") && err.contains("truncated or corrupt"),
        "{err}"
    );
    assert!(
        err.contains("empty.html") && err.contains("no article text"),
        "{err}"
    );
    assert!(
        err.contains("one.htm") && err.contains("already wrote one.txt"),
        "{err}"
    );
    for stem in ["one", "two"] {
        let text = std::fs::read_to_string(out_dir.join(format!("{stem}.txt"))).unwrap();
        assert_eq!(text, format!("{FIRST}\n\n{SECOND}"));
    }
    assert!(!out_dir.join("cut.txt").exists());
}

/// Runs `storywatch ARGS` off the async runtime, so the test's server keeps serving.
async fn storywatch_async(args: Vec<String>) -> std::process::Output {
    tokio::task::spawn_blocking(move || {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        storywatch(&args)
    })
    .await
    .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_url_is_fetched_within_the_configured_limits() {
    let server = serve(|_| Reply::ok(PAGE).with("Content-Type", "text/html; charset=utf-8")).await;
    let url = server.url("/news/bridge?utm_source=rss");
    let tmp = tempfile::tempdir().unwrap();
    let config = tmp.path().join("storywatch.toml");
    std::fs::write(&config, "[http]\nallow_networks = [\"127.0.0.1/32\"]\n").unwrap();

    let out = storywatch_async(vec![
        "--config".into(),
        path(&config).into(),
        "extract".into(),
        url.clone(),
    ])
    .await;
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(stdout(&out), format!("{FIRST}\n\n{SECOND}\n"));
    assert_eq!(server.received()[0].path, "/news/bridge?utm_source=rss");

    // Without the config's permission, a loopback address is refused and never asked.
    let out = storywatch_async(vec!["extract".into(), url]).await;
    assert!(!out.status.success());
    let err = stderr(&out);
    assert!(
        err.contains("loopback") && err.contains("allow_networks"),
        "{err}"
    );
    assert_eq!(server.received().len(), 1);
}

#[test]
fn a_missing_file_is_named() {
    let out = storywatch(&["extract", "/no/such/page.html"]);
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains("/no/such/page.html"),
        "{}",
        stderr(&out)
    );
}
