//! The daemon's HTTP server (axum), bound to 127.0.0.1 by default. The JSON API: stories,
//! a story's timeline and events, an item's versions with diffs, the change log from a
//! sequence number, and a server-sent-events stream of new events. For people and feed
//! readers: a timeline page per story and Atom feeds of changes (rendered by
//! [`crate::web`]).
//!
//! Entry point: [`serve`], started by the daemon with the store it holds (sled admits one
//! process per store, so while the daemon runs, reading goes through here).
//! Bad parameters get a 400 and unknown ids a 404, both with a JSON `{"error": ...}`.
//!
//! Guide: `docs/api.md` (the endpoints, the page and the feeds).

use crate::diff;
use crate::model::{Event, ItemId, StoryId, Version};
use crate::store::{Store, StoreError};
use crate::timeline::{self, EventFilter, Since};
use crate::web;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::sse::{Event as SseEvent, KeepAlive, Sse};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use serde::{Deserialize, Serialize};
use std::convert::Infallible;
use std::future::Future;
use std::sync::Arc;
use tokio::sync::broadcast;

/// At most this many events per `/api/events` answer; `next` says where to go on.
const PAGE: usize = 1000;

#[derive(Clone)]
pub struct ApiState {
    pub store: Arc<Store>,
    pub events: broadcast::Sender<Event>,
    /// Turns true when the daemon stops: open event streams end then, so that they do
    /// not hold the shutdown up.
    pub closing: tokio::sync::watch::Receiver<bool>,
    pub metrics: Arc<crate::metrics::Metrics>,
    /// The bearer token every request must carry (`[api] token`), if one is set.
    pub token: Option<Arc<str>>,
}

/// Serves the API on `listener` until `shutdown` completes.
pub async fn serve(
    listener: tokio::net::TcpListener,
    state: ApiState,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    axum::serve(listener, router(state))
        .with_graceful_shutdown(shutdown)
        .await
}

pub fn router(state: ApiState) -> Router {
    Router::new()
        .route("/api/stories", get(stories))
        .route("/api/stories/{id}", get(story))
        .route("/api/stories/{id}/events", get(story_events))
        .route("/api/items/versions", get(item_versions))
        .route("/api/events", get(events))
        .route("/api/events/stream", get(stream))
        .route("/metrics", get(metrics))
        .route("/", get(index_html))
        .route("/stories/{id}", get(story_html))
        .route("/stories/{id}/atom.xml", get(story_atom))
        .route("/atom.xml", get(all_atom))
        .fallback(|| async { ApiError::NotFound("no such endpoint (see the README)".into()) })
        .layer(axum::middleware::from_fn_with_state(
            state.token.clone(),
            require_token,
        ))
        .layer(axum::middleware::from_fn(json_errors))
        .with_state(state)
}

/// Every error answer is JSON `{"error": ...}`, including those axum gives before a
/// handler runs (a repeated or malformed query parameter, a path that is not UTF-8, a
/// method other than GET), whose text it sends as plain text or not at all.
async fn json_errors(request: axum::extract::Request, next: axum::middleware::Next) -> Response {
    let response = next.run(request).await;
    let status = response.status();
    let is_json = response
        .headers()
        .get(axum::http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/json"));
    if !(status.is_client_error() || status.is_server_error()) || is_json {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    // Rejection texts are a line or two; a longer body is replaced by the status's name.
    let text = axum::body::to_bytes(body, 4096).await.unwrap_or_default();
    let text = String::from_utf8_lossy(&text).trim().to_string();
    let message = match status {
        StatusCode::METHOD_NOT_ALLOWED => "this address answers GET only".to_string(),
        _ if text.is_empty() => status.canonical_reason().unwrap_or("error").to_lowercase(),
        _ => text,
    };
    parts.headers.remove(axum::http::header::CONTENT_LENGTH);
    parts.headers.insert(
        axum::http::header::CONTENT_TYPE,
        axum::http::HeaderValue::from_static("application/json"),
    );
    let body = serde_json::json!({ "error": message }).to_string();
    Response::from_parts(parts, axum::body::Body::from(body))
}

/// With `[api] token` set, lets through only requests that carry it: as
/// `Authorization: Bearer <token>`, or for the pages and Atom feeds (which browsers and
/// feed readers open by URL) as `?token=<token>`. Compared in constant time.
async fn require_token(
    State(token): State<Option<Arc<str>>>,
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> Response {
    use subtle::ConstantTimeEq;
    let Some(token) = token else {
        return next.run(request).await;
    };
    let matches = |given: &str| bool::from(given.as_bytes().ct_eq(token.as_bytes()));
    let from_header = request
        .headers()
        .get(axum::http::header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .is_some_and(|given| matches(given.trim()));
    let path = request.uri().path();
    let opened_by_url = !path.starts_with("/api/") && path != "/metrics";
    let from_query = opened_by_url
        && request.uri().query().is_some_and(|query| {
            url::form_urlencoded::parse(query.as_bytes())
                .any(|(name, value)| name == "token" && matches(&value))
        });
    if from_header || from_query {
        return next.run(request).await;
    }
    let message = if opened_by_url {
        "this storywatch needs its API token: send Authorization: Bearer <token>, or add ?token=<token> to the address"
    } else {
        "this storywatch needs its API token: send Authorization: Bearer <token> ([api] token in its config)"
    };
    let mut response = (
        StatusCode::UNAUTHORIZED,
        Json(serde_json::json!({ "error": message })),
    )
        .into_response();
    response.headers_mut().insert(
        axum::http::header::WWW_AUTHENTICATE,
        axum::http::HeaderValue::from_static("Bearer"),
    );
    response
}

enum ApiError {
    BadRequest(String),
    NotFound(String),
    Store(StoreError),
}

impl From<StoreError> for ApiError {
    fn from(e: StoreError) -> Self {
        ApiError::Store(e)
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let (status, message) = match self {
            ApiError::BadRequest(m) => (StatusCode::BAD_REQUEST, m),
            ApiError::NotFound(m) => (StatusCode::NOT_FOUND, m),
            ApiError::Store(e) => {
                tracing::error!("API: the store failed: {e}");
                (StatusCode::INTERNAL_SERVER_ERROR, e.to_string())
            }
        };
        (status, Json(serde_json::json!({ "error": message }))).into_response()
    }
}

/// Query parameters of the event endpoints, all optional.
#[derive(Debug, Default, Deserialize)]
struct EventQuery {
    since: Option<String>,
    story: Option<String>,
    /// Comma-separated kinds.
    kind: Option<String>,
    item: Option<String>,
    /// Only claims at least this novel (0..1).
    min_novelty: Option<String>,
}

impl EventQuery {
    /// The first sequence number to read and the filter, or why the query is bad.
    fn parse(&self) -> Result<(u64, EventFilter), ApiError> {
        let (first, since_time) = match self.since.as_deref().map(str::parse::<Since>) {
            None => (1, None),
            Some(Ok(Since::Seq(seq))) => (seq.max(1), None),
            Some(Ok(Since::Time(time))) => (1, Some(time)),
            Some(Err(e)) => return Err(ApiError::BadRequest(format!("since: {e}"))),
        };
        let kinds: Vec<String> = self
            .kind
            .as_deref()
            .map(|k| k.split(',').map(|s| s.trim().to_string()).collect())
            .unwrap_or_default();
        if let Some(bad) = kinds
            .iter()
            .find(|k| !crate::model::EventBody::KINDS.contains(&k.as_str()))
        {
            return Err(ApiError::BadRequest(format!(
                "kind: unknown kind \"{bad}\" (known: {})",
                crate::model::EventBody::KINDS.join(", ")
            )));
        }
        let item = match &self.item {
            Some(given) => Some(item_id(given)?),
            None => None,
        };
        let min_novelty = parse_novelty(self.min_novelty.as_deref())?;
        let filter = EventFilter {
            story: self.story.clone().map(StoryId),
            kinds,
            item,
            since_time,
            min_novelty,
        };
        Ok((first, filter))
    }
}

/// A `min_novelty` parameter: a number from 0 to 1.
fn parse_novelty(given: Option<&str>) -> Result<Option<f64>, ApiError> {
    let Some(given) = given.map(str::trim) else {
        return Ok(None);
    };
    match given.parse::<f64>() {
        Ok(n) if (0.0..=1.0).contains(&n) => Ok(Some(n)),
        _ => Err(ApiError::BadRequest(format!(
            "min_novelty: \"{given}\" is not a number from 0 to 1"
        ))),
    }
}

fn item_id(given: &str) -> Result<ItemId, ApiError> {
    ItemId::named(given).map_err(|e| ApiError::BadRequest(format!("item: {e}")))
}

#[derive(Serialize)]
struct EventPage {
    events: Vec<Event>,
    /// The `since` to ask for the events after these.
    next: u64,
}

async fn events(
    State(state): State<ApiState>,
    Query(query): Query<EventQuery>,
) -> Result<Json<EventPage>, ApiError> {
    let (first, filter) = query.parse()?;
    // Read before the events: one written meanwhile is on the next page, not skipped.
    let end = state.store.last_seq()? + 1;
    let mut next = first;
    let mut page = Vec::new();
    for event in state.store.events_of(filter.story.as_ref(), first) {
        let event = event?;
        next = event.seq + 1;
        if filter.matches(&event) {
            page.push(event);
            if page.len() == PAGE {
                return Ok(Json(EventPage { events: page, next }));
            }
        }
    }
    Ok(Json(EventPage {
        events: page,
        next: next.max(end),
    }))
}

async fn stories(
    State(state): State<ApiState>,
) -> Result<Json<Vec<timeline::StorySummary>>, ApiError> {
    Ok(Json(timeline::story_summaries(state.store.story_stats()?)))
}

async fn story(
    State(state): State<ApiState>,
    Path(id): Path<String>,
) -> Result<Json<timeline::StoryTimeline>, ApiError> {
    let story = StoryId(id.clone());
    let events = state
        .store
        .story_events(&story, 1)
        .collect::<Result<Vec<_>, _>>()?;
    timeline::story_timeline(&story, events)
        .map(Json)
        .ok_or_else(|| ApiError::NotFound(format!("no story {id}")))
}

async fn story_events(
    State(state): State<ApiState>,
    Path(id): Path<String>,
    Query(mut query): Query<EventQuery>,
) -> Result<Json<EventPage>, ApiError> {
    if state.store.story(&StoryId(id.clone()))?.is_none() {
        return Err(ApiError::NotFound(format!("no story {id}")));
    }
    query.story = Some(id);
    events(State(state), Query(query)).await
}

#[derive(Deserialize)]
struct ItemQuery {
    item: Option<String>,
}

/// One version and what changed since the one before.
#[derive(Serialize)]
struct VersionWithDiff {
    #[serde(flatten)]
    version: Version,
    #[serde(skip_serializing_if = "Option::is_none")]
    changes: Option<VersionChanges>,
}

#[derive(Serialize)]
struct VersionChanges {
    #[serde(skip_serializing_if = "Option::is_none")]
    title: Option<crate::model::TitleChange>,
    /// Each changed place: the sentences before and after.
    hunks: Vec<HunkJson>,
}

#[derive(Serialize)]
struct HunkJson {
    removed: Vec<String>,
    added: Vec<String>,
}

async fn item_versions(
    State(state): State<ApiState>,
    Query(query): Query<ItemQuery>,
) -> Result<Json<Vec<VersionWithDiff>>, ApiError> {
    let Some(given) = query.item else {
        return Err(ApiError::BadRequest(
            "item: give the article's URL (or file:NAME) as ?item=".into(),
        ));
    };
    let id = item_id(&given)?;
    let versions = state.store.versions(&id)?;
    if versions.is_empty() {
        return Err(ApiError::NotFound(format!("no item {id}")));
    }
    let mut out = Vec::with_capacity(versions.len());
    let mut previous: Option<&Version> = None;
    for version in &versions {
        let changes = previous.map(|before| {
            let (title, hunks) = diff::hunks(&before.article, &version.article);
            VersionChanges {
                title,
                hunks: hunks
                    .into_iter()
                    .map(|h| HunkJson {
                        removed: h.removed,
                        added: h.added,
                    })
                    .collect(),
            }
        });
        out.push(VersionWithDiff {
            version: version.clone(),
            changes,
        });
        previous = Some(version);
    }
    Ok(Json(out))
}

/// Server-sent events: the events from `since` on (or after `Last-Event-ID` on a
/// reconnect) from the store, then each new one as it is written. Each SSE message has
/// the event's sequence number as its id and its kind as its event name.
async fn stream(
    State(state): State<ApiState>,
    headers: HeaderMap,
    Query(mut query): Query<EventQuery>,
) -> Result<Sse<impl tokio_stream::Stream<Item = Result<SseEvent, Infallible>>>, ApiError> {
    if let Some(last) = headers.get("Last-Event-ID") {
        // A reconnecting client resumes after the last event it got; an id we never sent
        // is an error, not a reason to send the whole log again.
        let last = last
            .to_str()
            .ok()
            .and_then(|v| v.trim().parse::<u64>().ok())
            .ok_or_else(|| {
                ApiError::BadRequest(format!(
                    "Last-Event-ID {:?} is not an event's sequence number",
                    String::from_utf8_lossy(last.as_bytes())
                ))
            })?;
        query.since = Some(last.saturating_add(1).to_string());
    }
    let (first, filter) = query.parse()?;
    // Subscribed before the backlog is read, so nothing written in between is missed;
    // events already sent from the backlog are skipped by sequence number.
    let mut live = state.events.subscribe();
    // Every event up to here is committed: a story's backlog read through its index
    // holds all of the story's, so the stream goes on from here, not from its last one.
    let read_upto = state.store.last_seq()?;
    let backlog: Vec<Event> = state
        .store
        .events_of(filter.story.as_ref(), first)
        .collect::<Result<_, _>>()?;
    let store = Arc::clone(&state.store);
    let mut closing = state.closing.clone();
    let (tx, rx) = tokio::sync::mpsc::channel::<Result<SseEvent, Infallible>>(256);
    tokio::spawn(async move {
        let mut last = first.saturating_sub(1);
        for event in backlog {
            last = event.seq;
            if filter.matches(&event) && tx.send(Ok(sse(&event))).await.is_err() {
                return;
            }
        }
        last = last.max(read_upto);
        loop {
            let received = tokio::select! {
                received = live.recv() => received,
                _ = closing.wait_for(|closing| *closing) => return,
            };
            match received {
                Ok(event) if event.seq <= last => {}
                // Events are passed on as the tasks that wrote them finish, not always in
                // the order they were written, and a slow client may miss some: the
                // store, read on from the last one sent, gives every one, in order.
                // Events are committed in sequence order, so once one arrives every
                // event before it is in the store.
                received @ (Ok(_) | Err(broadcast::error::RecvError::Lagged(_))) => {
                    let story = filter.story.as_ref();
                    let missed: Vec<Event> = match store.events_of(story, last + 1).collect() {
                        Ok(missed) => missed,
                        Err(_) => return,
                    };
                    for event in missed {
                        last = last.max(event.seq);
                        if filter.matches(&event) && tx.send(Ok(sse(&event))).await.is_err() {
                            return;
                        }
                    }
                    if let Ok(event) = received {
                        last = last.max(event.seq);
                    }
                }
                Err(broadcast::error::RecvError::Closed) => return,
            }
        }
    });
    Ok(Sse::new(tokio_stream::wrappers::ReceiverStream::new(rx)).keep_alive(KeepAlive::default()))
}

/// The OpenMetrics text format, with the store's figures read now.
async fn metrics(State(state): State<ApiState>) -> Result<Response, ApiError> {
    let stats = state.store.stats()?;
    Ok((
        [(
            axum::http::header::CONTENT_TYPE,
            crate::metrics::CONTENT_TYPE,
        )],
        state.metrics.render(Some(&stats)),
    )
        .into_response())
}

/// The token a page was opened with (checked by [`require_token`]), for its links.
#[derive(Debug, Default, Deserialize)]
struct TokenQuery {
    token: Option<String>,
}

async fn index_html(
    State(state): State<ApiState>,
    Query(query): Query<TokenQuery>,
) -> Result<Html<String>, ApiError> {
    let links = web::LinkQuery::with_token(query.token.as_deref());
    Ok(Html(web::index_page(
        &timeline::story_summaries(state.store.story_stats()?),
        &links,
    )))
}

/// The timeline page of one story, with its items' edits as diffs.
/// Query parameters of a story's page: `min_novelty` shows only the claims at least this
/// novel.
#[derive(Debug, Default, Deserialize)]
struct PageQuery {
    min_novelty: Option<String>,
    token: Option<String>,
}

async fn story_html(
    State(state): State<ApiState>,
    Path(id): Path<String>,
    Query(query): Query<PageQuery>,
) -> Result<Html<String>, ApiError> {
    let filter = EventFilter {
        min_novelty: parse_novelty(query.min_novelty.as_deref())?,
        ..EventFilter::default()
    };
    let story = StoryId(id.clone());
    let events = state
        .store
        .story_events(&story, 1)
        .filter(|e| e.as_ref().map_or(true, |e| filter.matches(e)))
        .collect::<Result<Vec<_>, _>>()?;
    let Some(timeline) = timeline::story_timeline(&story, events) else {
        return Err(ApiError::NotFound(format!("no story {id}")));
    };
    let mut diffs = web::ItemDiffs::new();
    for item in timeline.items.iter().filter(|i| !i.edits.is_empty()) {
        let versions = state.store.versions(&item.item)?;
        let edits = versions
            .windows(2)
            .map(|pair| {
                let (title, hunks) = diff::hunks(&pair[0].article, &pair[1].article);
                (pair[1].number, title, hunks)
            })
            .collect();
        diffs.insert(item.item.clone(), edits);
    }
    let links = web::LinkQuery::with_token(query.token.as_deref());
    Ok(Html(web::story_page(&timeline, &diffs, &links)))
}

/// Atom feeds are small: the latest changes only; a reader that fell further behind
/// has the API and the log.
const ATOM_ENTRIES: usize = 200;

async fn story_atom(
    State(state): State<ApiState>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let story = StoryId(id.clone());
    let Some(record) = state.store.story(&story)? else {
        return Err(ApiError::NotFound(format!("no story {id}")));
    };
    let self_url = format!("{}/stories/{id}/atom.xml", origin(&headers));
    atom(
        &state,
        Some(&story),
        &format!("storywatch: {}", record.title),
        &self_url,
    )
}

async fn all_atom(State(state): State<ApiState>, headers: HeaderMap) -> Result<Response, ApiError> {
    let self_url = format!("{}/atom.xml", origin(&headers));
    atom(&state, None, "storywatch: every story", &self_url)
}

fn atom(
    state: &ApiState,
    story: Option<&StoryId>,
    title: &str,
    self_url: &str,
) -> Result<Response, ApiError> {
    // From the latest back, through the story's index for a story's feed.
    let backwards: Box<dyn Iterator<Item = Result<Event, StoreError>>> = match story {
        Some(story) => Box::new(state.store.story_events(story, 1).rev()),
        None => Box::new(state.store.events_backwards()),
    };
    let mut latest = Vec::new();
    for event in backwards {
        let event = event?;
        if web::in_feed(&event) {
            latest.push(event);
            if latest.len() == ATOM_ENTRIES {
                break;
            }
        }
    }
    latest.reverse();
    Ok((
        [(
            axum::http::header::CONTENT_TYPE,
            "application/atom+xml; charset=utf-8",
        )],
        web::atom_feed(title, self_url, &latest),
    )
        .into_response())
}

/// The address the client used, for absolute links in feeds.
fn origin(headers: &HeaderMap) -> String {
    let host = headers
        .get(axum::http::header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or("127.0.0.1:8765");
    format!("http://{host}")
}

fn sse(event: &Event) -> SseEvent {
    let data = serde_json::to_string(event).unwrap_or_default();
    SseEvent::default()
        .id(event.seq.to_string())
        .event(event.body.kind())
        .data(data)
}
