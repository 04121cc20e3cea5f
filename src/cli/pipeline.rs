//! The pipeline's commands: `replay` (a corpus directory, a JSON Lines stream, and the
//! stories declared in the config) and `extract` (a page's article text).

use super::{error_chain, ignore_broken_pipe, open_store, progress};
use anyhow::{Context, Result};
use std::io::Write;
use std::path::Path;
use std::process::ExitCode;
use storywatch::config::Config;
use storywatch::pipeline::{Matching, Outcome};
use storywatch::replay;
use storywatch::report;
use storywatch::store::Store;

pub fn extract_command(
    config: &Config,
    inputs: &[String],
    json: bool,
    out_dir: Option<&Path>,
    url: Option<String>,
) -> Result<ExitCode> {
    let Some(dir) = out_dir else {
        let [input] = inputs else {
            anyhow::bail!("extract prints one page; to extract many, add --out-dir DIR");
        };
        let article = extract_input(config, input, url)?;
        let mut out = std::io::stdout().lock();
        let written = if json {
            serde_json::to_writer_pretty(&mut out, &super::extract::ArticleJson::from(&article))
                .map_err(std::io::Error::from)
                .and_then(|()| writeln!(out))
        } else {
            writeln!(out, "{}", article.text())
        };
        match written {
            Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => return Err(e.into()),
            _ => return Ok(ExitCode::SUCCESS),
        }
    };
    if url.is_some() && inputs.len() > 1 {
        anyhow::bail!("--url names one page; give it with a single FILE");
    }
    std::fs::create_dir_all(dir)
        .with_context(|| format!("cannot create output directory {}", dir.display()))?;
    let mut failed = 0usize;
    let mut stems = std::collections::HashSet::new();
    for input in inputs {
        let stem = super::extract::file_stem(input);
        if !stems.insert(stem.clone()) {
            failed += 1;
            eprintln!(
                "storywatch: {input}: another input already wrote {stem}.txt; \
                 extract same-named files into separate directories"
            );
            continue;
        }
        let written = extract_input(config, input, url.clone()).and_then(|article| {
            let target = dir.join(format!("{stem}.txt"));
            std::fs::write(&target, article.text())
                .with_context(|| format!("cannot write {}", target.display()))
        });
        if let Err(e) = written {
            failed += 1;
            eprintln!("storywatch: {e:#}");
        }
    }
    if failed > 0 {
        eprintln!(
            "storywatch: {failed} of {} file(s) gave no article (see above); the others were written to {}",
            inputs.len(),
            dir.display()
        );
        return Ok(ExitCode::FAILURE);
    }
    Ok(ExitCode::SUCCESS)
}

fn is_url(input: &str) -> bool {
    let lower = input.to_ascii_lowercase();
    lower.starts_with("http://") || lower.starts_with("https://")
}

/// Reads one input (a URL, a file, or - for standard input) and extracts its article.
fn extract_input(
    config: &Config,
    input: &str,
    url: Option<String>,
) -> Result<storywatch::model::Article> {
    let doc = if is_url(input) {
        fetch_page(config, input)?
    } else {
        storywatch::model::RawDocument {
            item: match url {
                Some(url) => storywatch::model::ItemId(url),
                None => storywatch::model::ItemId::for_file(input),
            },
            bytes: super::extract::read_input(input)?,
            content_type: super::extract::content_type_for(input),
            fetched_at: chrono::Utc::now(),
        }
    };
    storywatch::extract::extract(&doc).with_context(|| input.to_string())
}

/// Fetches a page with the poller's fetcher and the config's `[http]` limits (the
/// address guard included: internal addresses need `allow_networks`).
fn fetch_page(config: &Config, url: &str) -> Result<storywatch::model::RawDocument> {
    use storywatch::poller::fetch::{FetchOutcome, Fetcher, Validators};
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .context("cannot start the async runtime")?;
    let fetcher = Fetcher::new(config.http_limits())?;
    let outcome = runtime.block_on(fetcher.fetch(url, &Validators::default()))?;
    let FetchOutcome::Fetched(page) = outcome else {
        anyhow::bail!("{url} answered 304 Not Modified to a request without validators");
    };
    if page.truncated {
        eprintln!(
            "storywatch: {url}: the page was cut at {} bytes ([http] max_body_bytes)",
            page.body.len()
        );
    }
    Ok(storywatch::model::RawDocument {
        // The id is the page's address: the extractor resolves relative links with it.
        item: storywatch::model::ItemId::for_url(&page.url)
            .unwrap_or_else(|_| storywatch::model::ItemId(page.url.clone())),
        bytes: page.body,
        content_type: page.content_type,
        fetched_at: chrono::Utc::now(),
    })
}

pub fn replay_command(config: &Config, dir: &Path, store: Option<&Path>) -> Result<ExitCode> {
    if !dir.is_dir() {
        anyhow::bail!(
            "corpus directory {} does not exist (run from the project folder, or name a directory: storywatch replay DIR)",
            dir.display()
        );
    }
    let store = open_store(config, store)?;
    let matching = Matching::new(config.match_params());
    let mut failed = 0usize;
    let mut out = std::io::stdout().lock();
    seed_declared(config, &store, &matching, &mut out)?;
    let total = replay::corpus_files(dir)
        .ok()
        .map(|files| files.len() as u64);
    let progress = progress::Progress::new("replay", total, progress::Unit::Files);
    replay::replay_dir(dir, &store, &matching, chrono::Utc::now, |path, outcome| {
        let name = path.file_name().map_or_else(
            || path.display().to_string(),
            |n| n.to_string_lossy().into_owned(),
        );
        progress.print(|| {
            if let Some(e) = print_outcome(&mut out, &name, outcome) {
                failed += 1;
                eprintln!("storywatch: skipped {}", error_chain(e));
            }
        });
        progress.advance(1);
    })
    .with_context(|| format!("replay of {} stopped", dir.display()))?;
    progress.finish();
    ignore_broken_pipe(writeln!(out, "store: {}", store.path().display()))?;
    if failed > 0 {
        eprintln!("storywatch: {failed} file(s) could not be replayed (see above); the others were recorded");
        return Ok(ExitCode::FAILURE);
    }
    Ok(ExitCode::SUCCESS)
}

pub fn replay_jsonl_command(
    config: &Config,
    stream: &Path,
    store: Option<&Path>,
) -> Result<ExitCode> {
    let (input, progress): (Box<dyn std::io::BufRead>, progress::Progress) =
        if stream == Path::new("-") {
            let progress = progress::Progress::new("replay", None, progress::Unit::Bytes);
            let input = std::io::BufReader::new(progress.reader(std::io::stdin().lock()));
            (Box::new(input), progress)
        } else {
            let file = std::fs::File::open(stream)
                .with_context(|| format!("cannot open stream {}", stream.display()))?;
            let size = file.metadata().ok().map(|m| m.len());
            let progress = progress::Progress::new("replay", size, progress::Unit::Bytes);
            (
                Box::new(std::io::BufReader::new(progress.reader(file))),
                progress,
            )
        };
    let store = open_store(config, store)?;
    let matching = Matching::new(config.match_params());
    let mut failed = 0usize;
    let mut out = std::io::stdout().lock();
    seed_declared(config, &store, &matching, &mut out)?;
    replay::replay_jsonl(
        input,
        &store,
        &matching,
        chrono::Utc::now,
        |line, id, outcome| {
            let name = id.map_or_else(|| format!("line {line}"), str::to_string);
            progress.print(|| {
                if let Some(e) = print_outcome(&mut out, &name, outcome) {
                    failed += 1;
                    match id {
                        Some(_) => eprintln!(
                            "storywatch: {}: line {line}: skipped {}",
                            stream.display(),
                            error_chain(e)
                        ),
                        None => eprintln!(
                            "storywatch: {}: skipped {}",
                            stream.display(),
                            error_chain(e)
                        ),
                    }
                }
            })
        },
    )
    .with_context(|| format!("replay of {} stopped", stream.display()))?;
    progress.finish();
    ignore_broken_pipe(writeln!(out, "store: {}", store.path().display()))?;
    if failed > 0 {
        eprintln!(
            "storywatch: {failed} line(s) could not be replayed (see above); the others were recorded"
        );
        return Ok(ExitCode::FAILURE);
    }
    Ok(ExitCode::SUCCESS)
}

/// Seeds the stories the config declares that the store lacks (and any seed added or
/// changed since), printing each seed document's outcome as `replay` prints a file's.
fn seed_declared(
    config: &Config,
    store: &Store,
    matching: &Matching,
    out: &mut impl Write,
) -> Result<()> {
    replay::seed_stories(
        store,
        matching,
        &config.stories,
        chrono::Utc::now(),
        |_, item, outcome| {
            // A closed pipe is the reader's choice; the seeding itself goes on.
            let _ = write_outcome(out, &item.0, outcome);
        },
    )
    .context("cannot seed the stories declared in the config; nothing was replayed")
}

/// Prints what happened to one replayed item; returns the error, if it failed, for the
/// caller to report with the input's name.
fn print_outcome<'a>(
    out: &mut impl Write,
    name: &str,
    outcome: &'a std::result::Result<Outcome, replay::ReplayError>,
) -> Option<&'a replay::ReplayError> {
    match outcome {
        Ok(done) => {
            // A closed pipe is the reader's choice; the replay itself goes on.
            let _ = write_outcome(out, name, done);
            None
        }
        Err(e) => Some(e),
    }
}

fn write_outcome(out: &mut impl Write, name: &str, outcome: &Outcome) -> std::io::Result<()> {
    match outcome {
        Outcome::Unchanged => writeln!(out, "{name}: unchanged, already in the store"),
        Outcome::SuspectAgain => writeln!(
            out,
            "{name}: still most of its text gone (extraction suspected, already reported); not recorded"
        ),
        Outcome::Recorded(events) => report::write_arrival(out, name, events),
    }
}
