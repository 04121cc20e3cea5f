//! The `storywatch` command line.

use anyhow::{Context, Result};
use clap::{Parser, Subcommand};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use storywatch::config::Config;
use storywatch::model::{Event, EventBody, StoryId};
use storywatch::replay::{self, Outcome};
use storywatch::store::Store;

mod extract_cli;

#[derive(Parser)]
#[command(
    name = "storywatch",
    version,
    about = "Watches news feeds and tracks how a story evolves"
)]
struct Cli {
    /// Config file (see config/storywatch.toml); built-in defaults without it.
    #[arg(long, global = true, value_name = "PATH")]
    config: Option<PathBuf>,
    /// Show debug logs (for replay: the verdict on every sentence).
    #[arg(short, long, global = true)]
    verbose: bool,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Replays a directory of saved articles, in file-name order, as newly arrived items.
    Replay {
        /// The corpus directory.
        #[arg(default_value = "seeds")]
        dir: PathBuf,
        /// The store to write to (default: the config's, else the user's data directory).
        #[arg(long, value_name = "PATH")]
        store: Option<PathBuf>,
    },
    /// Prints the change log.
    Log {
        #[arg(long, value_name = "PATH")]
        store: Option<PathBuf>,
        /// One JSON object per line (the format documented in the README).
        #[arg(long)]
        json: bool,
        /// Only events of this story.
        #[arg(long, value_name = "ID")]
        story: Option<String>,
        /// Only events from this sequence number on.
        #[arg(long, value_name = "SEQ", default_value_t = 1)]
        since: u64,
    },
    /// Extracts the article from saved pages (HTML, .html.gz or text) and prints its text.
    Extract {
        /// The page file, or - for standard input; with --out-dir, any number of files.
        #[arg(required = true, value_name = "FILE|-")]
        inputs: Vec<String>,
        /// Print every field (title, authors, dates, canonical URL, ...) as JSON.
        #[arg(long)]
        json: bool,
        /// Write DIR/<file stem>.txt for each FILE instead of printing.
        #[arg(long, value_name = "DIR")]
        out_dir: Option<PathBuf>,
        /// The page's URL, to resolve its relative links (one input only).
        #[arg(long, value_name = "URL")]
        url: Option<String>,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let filter = if cli.verbose {
        "storywatch=debug"
    } else {
        "storywatch=info"
    };
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new(filter)),
        )
        .with_writer(std::io::stderr)
        .init();
    match run(cli) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("storywatch: {e:#}");
            ExitCode::FAILURE
        }
    }
}

fn run(cli: Cli) -> Result<ExitCode> {
    let config = match &cli.config {
        Some(path) => Config::load(path)?,
        None => Config::default(),
    };
    match cli.command {
        Command::Replay { dir, store } => replay_command(&config, &dir, store.as_deref()),
        Command::Log {
            store,
            json,
            story,
            since,
        } => {
            let store = open_store(&config, store.as_deref())?;
            print_log(&store, json, story.map(StoryId).as_ref(), since)?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Extract {
            inputs,
            json,
            out_dir,
            url,
        } => extract_command(&inputs, json, out_dir.as_deref(), url),
    }
}

fn extract_command(
    inputs: &[String],
    json: bool,
    out_dir: Option<&Path>,
    url: Option<String>,
) -> Result<ExitCode> {
    if let Some(given) = inputs.iter().find(|i| is_url(i)) {
        anyhow::bail!(
            "{given}: extract reads saved pages; fetching a URL needs the HTTP client the \
             poller will bring. Save the page (e.g. curl -o page.html URL) and run \
             storywatch extract page.html --url URL"
        );
    }
    let Some(dir) = out_dir else {
        let [input] = inputs else {
            anyhow::bail!("extract prints one page; to extract many, add --out-dir DIR");
        };
        let article = extract_input(input, url)?;
        let mut out = std::io::stdout().lock();
        let written = if json {
            serde_json::to_writer_pretty(&mut out, &extract_cli::ArticleJson::from(&article))
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
        let stem = extract_cli::file_stem(input);
        if !stems.insert(stem.clone()) {
            failed += 1;
            eprintln!(
                "storywatch: {input}: another input already wrote {stem}.txt; \
                 extract same-named files into separate directories"
            );
            continue;
        }
        let written = extract_input(input, url.clone()).and_then(|article| {
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

/// Reads one input (a file, or - for standard input) and extracts its article.
fn extract_input(input: &str, url: Option<String>) -> Result<storywatch::model::Article> {
    let bytes = extract_cli::read_input(input)?;
    let item = match url {
        Some(url) => storywatch::model::ItemId(url),
        None => storywatch::model::ItemId::for_file(input),
    };
    let doc = storywatch::model::RawDocument {
        item,
        bytes,
        content_type: extract_cli::content_type_for(input),
        fetched_at: chrono::Utc::now(),
    };
    storywatch::extract::extract(&doc).with_context(|| input.to_string())
}

fn open_store(config: &Config, given: Option<&Path>) -> Result<Store> {
    let path = config.store_path(given)?;
    Ok(Store::open(&path)?)
}

fn replay_command(config: &Config, dir: &Path, store: Option<&Path>) -> Result<ExitCode> {
    if !dir.is_dir() {
        anyhow::bail!(
            "corpus directory {} does not exist (run from the project folder, or name a directory: storywatch replay DIR)",
            dir.display()
        );
    }
    let store = open_store(config, store)?;
    let params = config.match_params();
    let mut failed = 0usize;
    let mut out = std::io::stdout().lock();
    replay::replay_dir(dir, &store, &params, chrono::Utc::now, |path, outcome| {
        let name = path.file_name().map_or_else(
            || path.display().to_string(),
            |n| n.to_string_lossy().into_owned(),
        );
        match outcome {
            Ok(Outcome::Unchanged) => {
                let _ = writeln!(out, "{name}: unchanged, already in the store");
            }
            Ok(Outcome::Recorded(events)) => {
                let _ = write_item_summary(&mut out, &name, events);
            }
            Err(e) => {
                failed += 1;
                eprintln!("storywatch: skipped {}", error_chain(e));
            }
        }
    })
    .with_context(|| format!("replay of {} stopped", dir.display()))?;
    writeln!(out, "store: {}", store.path().display())?;
    if failed > 0 {
        eprintln!("storywatch: {failed} file(s) could not be replayed (see above); the others were recorded");
        return Ok(ExitCode::FAILURE);
    }
    Ok(ExitCode::SUCCESS)
}

/// An error and its causes on one line: "seeds/x.txt: not UTF-8 text ...".
fn error_chain(e: &dyn std::error::Error) -> String {
    let mut line = e.to_string();
    let mut cause = e.source();
    while let Some(c) = cause {
        line.push_str(": ");
        line.push_str(&c.to_string());
        cause = c.source();
    }
    line
}

fn write_item_summary(out: &mut impl Write, name: &str, events: &[Event]) -> std::io::Result<()> {
    let claims: Vec<&str> = events
        .iter()
        .filter_map(|e| match &e.body {
            EventBody::Claim { text, .. } => Some(text.as_str()),
            _ => None,
        })
        .collect();
    for event in events {
        match &event.body {
            EventBody::StoryCreated { story, title, .. } => {
                writeln!(out, "{name}: founded {story} \"{title}\"")?
            }
            EventBody::ItemLinked { story, score, .. } => {
                writeln!(out, "{name}: joined {story} (similarity {score:.2})")?
            }
            EventBody::ItemUnmatched {
                closest_story,
                score,
                ..
            } => match closest_story {
                Some(s) => writeln!(
                    out,
                    "{name}: matched no story (closest {s}, similarity {score:.2})"
                )?,
                None => writeln!(out, "{name}: matched no story")?,
            },
            EventBody::VersionChanged { version, .. } => {
                writeln!(out, "{name}: changed, now version {version}")?
            }
            EventBody::Claim { .. } => {}
        }
    }
    if events.iter().any(|e| {
        matches!(
            e.body,
            EventBody::StoryCreated { .. }
                | EventBody::ItemLinked { .. }
                | EventBody::VersionChanged { .. }
        )
    }) {
        writeln!(out, "  {} new claim(s)", claims.len())?;
        for claim in claims {
            writeln!(out, "  + {claim}")?;
        }
    }
    Ok(())
}

fn print_log(store: &Store, json: bool, story: Option<&StoryId>, since: u64) -> Result<()> {
    let mut out = std::io::stdout().lock();
    for event in store.events(since) {
        let event = event?;
        if story.is_some_and(|s| event.body.story() != Some(s)) {
            continue;
        }
        let written = if json {
            serde_json::to_writer(&mut out, &event)
                .map_err(std::io::Error::from)
                .and_then(|()| writeln!(out))
        } else {
            writeln!(out, "{}", human_line(&event))
        };
        if let Err(e) = written {
            // A closed pipe (`storywatch log | head`) is the reader's choice, not an error.
            if e.kind() == std::io::ErrorKind::BrokenPipe {
                return Ok(());
            }
            return Err(e.into());
        }
    }
    Ok(())
}

fn human_line(event: &Event) -> String {
    let head = format!("#{:<5} {}", event.seq, event.at.format("%Y-%m-%d %H:%M:%S"));
    match &event.body {
        EventBody::StoryCreated { story, item, title } => {
            format!("{head}  {story}  story created by {item}: {title}")
        }
        EventBody::ItemLinked { story, item, score } => {
            format!("{head}  {story}  {item} joined (similarity {score:.2})")
        }
        EventBody::ItemUnmatched {
            item,
            closest_story,
            score,
        } => match closest_story {
            Some(s) => format!("{head}  -  {item} matched no story (closest {s}, {score:.2})"),
            None => format!("{head}  -  {item} matched no story"),
        },
        EventBody::Claim {
            story,
            item,
            claim,
            text,
        } => {
            format!("{head}  {story}  claim {claim} from {item}: {text}")
        }
        EventBody::VersionChanged {
            item,
            version,
            story,
        } => {
            let story = story.as_ref().map_or("-".to_string(), |s| s.to_string());
            format!("{head}  {story}  {item} changed: version {version}")
        }
    }
}
