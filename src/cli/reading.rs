//! The reading side's commands: `story list`, `story show`, `log`, `history`, `stats`,
//! `export` and `import`.

use super::{ignore_broken_pipe, item_id, open_existing_store, progress, service};
use anyhow::{Context, Result};
use std::io::Write;
use std::path::Path;
use std::process::ExitCode;
use storywatch::config::Config;
use storywatch::model::StoryId;
use storywatch::report::{self, Marks};
use storywatch::store::Store;

/// The stories: items, claims, last activity.
pub fn story_list(store: &Store, json: bool) -> Result<ExitCode> {
    let stories = storywatch::timeline::story_summaries(store.story_stats()?);
    let mut out = std::io::stdout().lock();
    let written = if json {
        stories.iter().try_for_each(|s| {
            serde_json::to_writer(&mut out, s)
                .map_err(std::io::Error::from)
                .and_then(|()| writeln!(out))
        })
    } else {
        report::write_stories(&mut out, &stories)
    };
    ignore_broken_pipe(written)?;
    Ok(ExitCode::SUCCESS)
}

/// A story's timeline: items, claims, who repeated them.
pub fn story_show(store: &Store, id: &str, json: bool) -> Result<ExitCode> {
    let story = StoryId(id.to_string());
    let events = store
        .story_events(&story, 1)
        .collect::<Result<Vec<_>, _>>()?;
    let Some(timeline) = storywatch::timeline::story_timeline(&story, events) else {
        anyhow::bail!(
            "there is no story {id} in {} (`storywatch story list` names them)",
            store.path().display()
        );
    };
    let mut out = std::io::stdout().lock();
    let written = if json {
        serde_json::to_writer_pretty(&mut out, &timeline)
            .map_err(std::io::Error::from)
            .and_then(|()| writeln!(out))
    } else {
        report::write_timeline(&mut out, &timeline)
    };
    ignore_broken_pipe(written)?;
    Ok(ExitCode::SUCCESS)
}

/// What `log` selects, as given on the command line.
pub struct LogFilter {
    pub story: Option<String>,
    pub kinds: Vec<String>,
    pub item: Option<String>,
    pub since: storywatch::timeline::Since,
    pub min_novelty: Option<f64>,
}

/// The change log, filtered; with `follow`, then each new event as the daemon writes it.
pub fn log_command(
    config: &Config,
    store: Option<&Path>,
    given: LogFilter,
    json: bool,
    follow: bool,
) -> Result<ExitCode> {
    let item = match given.item {
        Some(given) => Some(item_id(&given)?),
        None => None,
    };
    let (first, since_time) = match given.since {
        storywatch::timeline::Since::Seq(seq) => (seq, None),
        storywatch::timeline::Since::Time(time) => (1, Some(time)),
    };
    let filter = storywatch::timeline::EventFilter {
        story: given.story.map(StoryId),
        kinds: given.kinds,
        item,
        since_time,
        min_novelty: given.min_novelty,
    };
    if follow {
        let path = config.store_path(store)?;
        let token = config.api.token.as_deref();
        return service::follow_log(&path, &filter, first, json, token);
    }
    let store = open_existing_store(config, store)?;
    print_log(&store, json, &filter, first)?;
    Ok(ExitCode::SUCCESS)
}

/// The whole store as JSON Lines on standard output.
pub fn export_command(store: &Store) -> Result<ExitCode> {
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    store
        .export(&mut out)
        .and_then(|_| out.flush().map_err(Into::into))
        .with_context(|| format!("export of {} failed", store.path().display()))?;
    Ok(ExitCode::SUCCESS)
}

/// The store's counts and size.
pub fn stats_command(store: &Store, json: bool) -> Result<ExitCode> {
    let stats = store.stats()?;
    if json {
        println!("{}", serde_json::to_string(&stats)?);
    } else {
        println!("store     {}", store.path().display());
        println!("feeds     {}", stats.feeds);
        println!("items     {}", stats.items);
        println!("versions  {}", stats.versions);
        println!("stories   {}", stats.stories);
        println!("claims    {}", stats.claims);
        println!("events    {}", stats.events);
        println!("on disk   {} bytes", stats.bytes_on_disk);
    }
    Ok(ExitCode::SUCCESS)
}

pub fn history_command(store: &Store, given: &str, json: bool) -> Result<ExitCode> {
    let id = item_id(given)?;
    let versions = store.versions(&id)?;
    if versions.is_empty() {
        anyhow::bail!(
            "the store {} holds no item {id} (storywatch log lists the items it holds)",
            store.path().display()
        );
    }
    let mut out = std::io::stdout().lock();
    let written = if json {
        versions.iter().try_for_each(|v| {
            serde_json::to_writer(&mut out, v)
                .map_err(std::io::Error::from)
                .and_then(|()| writeln!(out))
        })
    } else {
        writeln!(out, "{id}: {} version(s)", versions.len())
            .and_then(|()| report::write_history(&mut out, &versions, Marks::for_stdout()))
    };
    ignore_broken_pipe(written)?;
    Ok(ExitCode::SUCCESS)
}

pub fn import_command(store: &Store, file: &Path) -> Result<ExitCode> {
    let summary = if file == Path::new("-") {
        let progress = progress::Progress::new("import", None, progress::Unit::Bytes);
        let summary = store.import(std::io::BufReader::new(
            progress.reader(std::io::stdin().lock()),
        ));
        progress.finish();
        summary
    } else {
        let input = std::fs::File::open(file)
            .with_context(|| format!("cannot open export file {}", file.display()))?;
        let size = input.metadata().ok().map(|m| m.len());
        let progress = progress::Progress::new("import", size, progress::Unit::Bytes);
        let summary = store.import(std::io::BufReader::new(progress.reader(input)));
        progress.finish();
        summary
    }
    .with_context(|| {
        format!(
            "import of {} into {} failed",
            file.display(),
            store.path().display()
        )
    })?;
    println!(
        "imported {} records ({} items, {} versions, {} events) into {}",
        summary.records,
        summary.items,
        summary.versions,
        summary.events,
        store.path().display()
    );
    Ok(ExitCode::SUCCESS)
}

fn print_log(
    store: &Store,
    json: bool,
    filter: &storywatch::timeline::EventFilter,
    since: u64,
) -> Result<()> {
    let mut out = std::io::stdout().lock();
    for event in store.events_of(filter.story.as_ref(), since) {
        let event = event?;
        if !filter.matches(&event) {
            continue;
        }
        let written = if json {
            serde_json::to_writer(&mut out, &event)
                .map_err(std::io::Error::from)
                .and_then(|()| writeln!(out))
        } else {
            writeln!(out, "{}", report::event_line(&event))
        };
        if let Err(e) = written {
            return ignore_broken_pipe(Err(e));
        }
    }
    Ok(())
}
