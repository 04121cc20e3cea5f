//! The real daemon run in the test's own process, stopped when the test says.

use std::path::Path;
use std::sync::Arc;
use storywatch::config::Config;
use storywatch::daemon::{DaemonError, RunSummary};
use storywatch::model::Event;
use storywatch::store::Store;
use tokio::sync::{broadcast, oneshot};
use tokio::task::JoinHandle;

pub struct Running {
    pub store: Arc<Store>,
    stop: oneshot::Sender<()>,
    task: JoinHandle<Result<RunSummary, DaemonError>>,
}

/// Opens the store at `store_dir` and starts `daemon::run` on it with `config`; the
/// receiver gets every event the daemon writes, from the first.
pub fn start(config: Config, store_dir: &Path) -> (Running, broadcast::Receiver<Event>) {
    let store = Arc::new(Store::open(store_dir).unwrap());
    let (events, listen) = broadcast::channel(256);
    let (stop, stopped) = oneshot::channel::<()>();
    let task = {
        let store = Arc::clone(&store);
        tokio::spawn(async move {
            storywatch::daemon::run(
                &config,
                store,
                async { stopped.await.unwrap_or(()) },
                events,
            )
            .await
        })
    };
    let running = Running { store, stop, task };
    (running, listen)
}

impl Running {
    /// Asks the daemon to stop and waits for it; panics if it failed.
    pub async fn stop(self) -> RunSummary {
        self.stop.send(()).unwrap();
        self.task.await.unwrap().unwrap()
    }
}
