//! `demarche serve`: the analyst's desk. An HTTP JSON API under `/api/…`
//! (documented in `openapi.json`, served at `/openapi.json`) and a web UI
//! (static files in `ui/`, embedded) over one store, read-only unless
//! started writable.
//!
//! Hardening: the server listens on a loopback address unless told it may
//! be public ([`Options::public`]); the endpoints that change data (naming
//! and removing crises, `write`) answer 403 unless it was started with a
//! token ([`Options::token`]), then 401 without `Authorization: Bearer
//! <token>` (compared in constant time). Request bodies are limited to
//! [`BODY_LIMIT`] bytes (413), each request to [`TIME_LIMIT`] (503), and
//! at most [`BLOCKING`] queries run at once in blocking tasks (the others
//! wait their turn).
//!
//! Every list is paged (`limit`, default 100, at most 1000; `offset`), and
//! every aggregate (entities, event clusters, the network) is computed over a
//! bounded window of the newest matching records (`window`), so no call reads
//! the whole store. Queries run on a small pool of read-only connections in
//! blocking tasks.
//!
//! The desk's analyses (crises, response matrices, silence windows, patron
//! reports, claims and contradictions) read every record: they run over a
//! snapshot built once and kept until the store changes (`cache`).
//!
//! Modules: `params` (query strings → store filters), `api` (the handlers),
//! `views` (what the handlers compute from records: search sentences,
//! entities, the network, cluster summaries), `cache` (the desk snapshot),
//! `desk` (the desk's handlers).

mod api;
mod cache;
mod desk;
mod params;
mod views;
mod write;

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, MethodRouter};
use axum::{Json, Router};
use demarche_analysis::{ClusterOptions, Wires};
use demarche_kb::Kb;
use demarche_store::{Store, StoreError, StoreLocation};
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::sync::Semaphore;

/// The hand-written OpenAPI 3.1 description of the API.
pub const OPENAPI: &str = include_str!("../openapi.json");

const INDEX_HTML: &str = include_str!("../ui/index.html");
const APP_JS: &str = include_str!("../ui/app.js");
const APP_CSS: &str = include_str!("../ui/app.css");

/// The Content-Security-Policy of every response: scripts and styles only
/// from the server's own files, nothing inline, no frames, no forms.
pub const CSP: &str = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; \
connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/// Read-only connections kept for reuse.
const POOL: usize = 8;

/// The largest request body accepted (413 beyond).
pub const BODY_LIMIT: usize = 64 * 1024;

/// The longest a request may take (503 beyond).
pub const TIME_LIMIT: Duration = Duration::from_secs(10);

/// Queries (and writes) that run at once in blocking tasks; the others wait.
pub const BLOCKING: usize = 16;

/// How the server is exposed.
#[derive(Clone, Debug, Default)]
pub struct Options {
    /// May listen on an address other than loopback (`--public`).
    pub public: bool,
    /// The endpoints that change data are on, behind this bearer token
    /// (`--writable`); `None`: read-only.
    pub token: Option<String>,
}

/// A fresh random token: 32 bytes from the operating system, in hex.
pub fn random_token() -> Result<String, ServeError> {
    let mut b = [0u8; 32];
    getrandom::fill(&mut b)
        .map_err(|e| ServeError::Io(std::io::Error::other(format!("no randomness: {e}"))))?;
    Ok(b.iter().map(|x| format!("{x:02x}")).collect())
}

/// What every handler shares: the store's path, a pool of read-only
/// connections, the knowledge base and the clustering options built from it.
#[derive(Clone)]
pub struct AppState {
    inner: Arc<Inner>,
}

struct Inner {
    db: StoreLocation,
    kb: Arc<Kb>,
    clusters: ClusterOptions,
    pool: Mutex<Vec<Store>>,
    desk: cache::DeskCache,
    /// Bounds the blocking tasks running at once.
    blocking: Arc<Semaphore>,
    /// `Some`: writable, behind this token.
    token: Option<String>,
    /// Held while a write runs (one writer at a time).
    writer: Mutex<()>,
}

impl AppState {
    /// Opens the store once for writing (bringing its schema up to date) and
    /// keeps its path for read-only connections. A missing store is an
    /// error: `serve` never creates one.
    pub fn new(db: impl Into<StoreLocation>, kb: Arc<Kb>) -> Result<AppState, StoreError> {
        AppState::with_token(db, kb, None)
    }

    /// Like [`AppState::new`]; with a token, the endpoints that change data
    /// are on, behind it.
    ///
    /// Opening a PostgreSQL store blocks: call this outside an async task
    /// (as [`Server::bind_with`] does).
    pub fn with_token(
        db: impl Into<StoreLocation>,
        kb: Arc<Kb>,
        token: Option<String>,
    ) -> Result<AppState, StoreError> {
        let db = db.into();
        if let Some(path) = db.sqlite_path() {
            if !path.exists() {
                return Err(StoreError::Open {
                    path: path.display().to_string(),
                    reason: "no such database (ingest articles first)".into(),
                });
            }
        }
        drop(Store::open(&db)?);
        let first = Store::open_read_only(&db)?;
        let clusters = ClusterOptions {
            wires: Wires::from_kb(&kb),
            ..ClusterOptions::default()
        };
        Ok(AppState {
            inner: Arc::new(Inner {
                db,
                desk: cache::DeskCache::new(kb.clone()),
                kb,
                clusters,
                pool: Mutex::new(vec![first]),
                blocking: Arc::new(Semaphore::new(BLOCKING)),
                token: token.filter(|t| !t.is_empty()),
                writer: Mutex::new(()),
            }),
        })
    }

    /// The knowledge base.
    pub fn kb(&self) -> &Kb {
        &self.inner.kb
    }

    /// Runs `f` on a pooled read-only connection in a blocking task.
    pub(crate) async fn with_store<T: Send + 'static>(
        &self,
        f: impl FnOnce(&Store, &ClusterOptions) -> Result<T, ApiError> + Send + 'static,
    ) -> Result<T, ApiError> {
        let inner = self.inner.clone();
        let permit = self.permit().await?;
        tokio::task::spawn_blocking(move || {
            let _permit = permit;
            let taken = inner.pool.lock().ok().and_then(|mut p| p.pop());
            let store = match taken {
                Some(s) => s,
                None => Store::open_read_only(&inner.db).map_err(ApiError::from)?,
            };
            let out = f(&store, &inner.clusters);
            if let Ok(mut p) = inner.pool.lock() {
                if p.len() < POOL {
                    p.push(store);
                }
            }
            out
        })
        .await
        .map_err(|e| ApiError::Internal(format!("query task failed: {e}")))?
    }

    /// A turn among the blocking tasks (held until the task ends, even
    /// when its request timed out).
    async fn permit(&self) -> Result<tokio::sync::OwnedSemaphorePermit, ApiError> {
        self.inner
            .blocking
            .clone()
            .acquire_owned()
            .await
            .map_err(|_| ApiError::Internal("the server is stopping".into()))
    }

    /// Whether the endpoints that change data are on.
    pub fn writable(&self) -> bool {
        self.inner.token.is_some()
    }

    /// Runs `f` on a read-write connection (one writer at a time) in a
    /// blocking task.
    pub(crate) async fn with_writer<T: Send + 'static>(
        &self,
        f: impl FnOnce(&mut Store) -> Result<T, ApiError> + Send + 'static,
    ) -> Result<T, ApiError> {
        let inner = self.inner.clone();
        let permit = self.permit().await?;
        tokio::task::spawn_blocking(move || {
            let _permit = permit;
            let _one = inner
                .writer
                .lock()
                .map_err(|_| ApiError::Internal("a write failed earlier".into()))?;
            let mut store = Store::open(&inner.db)?;
            f(&mut store)
        })
        .await
        .map_err(|e| ApiError::Internal(format!("write task failed: {e}")))?
    }
}

impl AppState {
    /// Runs `f` over the desk and the snapshot of the store as it is now
    /// (built, or rebuilt after a change, by the first request that needs
    /// it) in a blocking task.
    pub(crate) async fn with_desk<T: Send + 'static>(
        &self,
        f: impl FnOnce(
                &demarche_analysis::desk::Desk,
                &cache::Snapshot,
                &ClusterOptions,
            ) -> Result<T, ApiError>
            + Send
            + 'static,
    ) -> Result<T, ApiError> {
        let state = self.clone();
        self.with_store(move |s, opts| {
            let snap = state.inner.desk.snapshot(s, opts)?;
            f(&state.inner.desk.desk, &snap, opts)
        })
        .await
    }

    /// Builds the desk snapshot now (so the first request does not wait
    /// for it); returns how long loading and indexing took.
    pub async fn warm(&self) -> Result<std::time::Duration, ApiError> {
        self.with_desk(|_, snap, _| Ok(snap.built)).await
    }
}

/// An API error: a status and a one-line message, sent as
/// `{"error": "…"}`.
#[derive(Debug)]
pub enum ApiError {
    /// 400: a bad or unknown parameter.
    BadRequest(String),
    /// 401: no token, or not the server's.
    Unauthorized(String),
    /// 403: the server is read-only.
    Forbidden(String),
    /// 404: no such id or route.
    NotFound(String),
    /// 500: the store failed.
    Internal(String),
}

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ApiError::BadRequest(m)
            | ApiError::Unauthorized(m)
            | ApiError::Forbidden(m)
            | ApiError::NotFound(m)
            | ApiError::Internal(m) => write!(f, "{m}"),
        }
    }
}

impl From<StoreError> for ApiError {
    fn from(e: StoreError) -> Self {
        ApiError::Internal(e.to_string())
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let (status, msg) = match self {
            ApiError::BadRequest(m) => (StatusCode::BAD_REQUEST, m),
            ApiError::Unauthorized(m) => {
                let mut res = (
                    StatusCode::UNAUTHORIZED,
                    Json(serde_json::json!({ "error": m })),
                )
                    .into_response();
                res.headers_mut().insert(
                    header::WWW_AUTHENTICATE,
                    HeaderValue::from_static("Bearer realm=\"demarche\""),
                );
                return res;
            }
            ApiError::Forbidden(m) => (StatusCode::FORBIDDEN, m),
            ApiError::NotFound(m) => (StatusCode::NOT_FOUND, m),
            ApiError::Internal(m) => (StatusCode::INTERNAL_SERVER_ERROR, m),
        };
        (status, Json(serde_json::json!({ "error": msg }))).into_response()
    }
}

/// Every route: path (axum syntax) and handler. `openapi.json` documents
/// exactly these (a test holds them equal).
pub fn routes() -> Vec<(&'static str, MethodRouter<AppState>)> {
    vec![
        (
            "/",
            get(|| static_file("text/html; charset=utf-8", INDEX_HTML)),
        ),
        (
            "/app.js",
            get(|| static_file("text/javascript; charset=utf-8", APP_JS)),
        ),
        (
            "/app.css",
            get(|| static_file("text/css; charset=utf-8", APP_CSS)),
        ),
        (
            "/openapi.json",
            get(|| static_file("application/json", OPENAPI)),
        ),
        ("/api/stats", get(api::stats)),
        ("/api/search", get(api::search)),
        ("/api/documents", get(api::documents)),
        ("/api/documents/:id", get(api::document)),
        ("/api/records", get(api::records)),
        ("/api/records/:id", get(api::record)),
        ("/api/timeline", get(api::timeline)),
        ("/api/quotes", get(api::quotes)),
        ("/api/silences", get(api::silences)),
        ("/api/entities", get(api::entities)),
        ("/api/events", get(api::events)),
        ("/api/events/:id", get(api::event)),
        ("/api/network", get(api::network)),
        ("/api/network/edge", get(api::edge)),
        ("/api/crises", get(desk::crises).post(write::add_crisis)),
        (
            "/api/crises/:id",
            get(desk::crisis).delete(write::remove_crisis),
        ),
        ("/api/silences/windows", get(desk::windows)),
        ("/api/patrons/:code", get(desk::patron)),
        ("/api/claims", get(desk::claims)),
        ("/api/contradictions", get(desk::contradictions)),
    ]
}

async fn static_file(kind: &'static str, body: &'static str) -> Response {
    ([(header::CONTENT_TYPE, kind)], body).into_response()
}

/// Security headers on every response; the limits' plain answers (413,
/// 503, 405…) become JSON errors.
async fn headers(res: Response) -> Response {
    let json = res
        .headers()
        .get(header::CONTENT_TYPE)
        .is_some_and(|v| v.as_bytes().starts_with(b"application/json"));
    let status = res.status();
    let mut res = if !json && (status.is_client_error() || status.is_server_error()) {
        let msg = match status {
            StatusCode::PAYLOAD_TOO_LARGE => {
                format!("the request body is larger than {BODY_LIMIT} bytes")
            }
            StatusCode::SERVICE_UNAVAILABLE => format!(
                "the request took longer than {} s; narrow it (a smaller window or page)",
                TIME_LIMIT.as_secs()
            ),
            StatusCode::METHOD_NOT_ALLOWED => "method not allowed on this route".into(),
            s => s.canonical_reason().unwrap_or("error").to_string(),
        };
        let mut out = (status, Json(serde_json::json!({ "error": msg }))).into_response();
        if let Some(allow) = res.headers().get(header::ALLOW) {
            out.headers_mut().insert(header::ALLOW, allow.clone());
        }
        out
    } else {
        res
    };
    let h = res.headers_mut();
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(CSP),
    );
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    res
}

/// The application: the API, the UI and the OpenAPI file.
pub fn router(state: AppState) -> Router {
    let mut r = Router::new();
    for (path, handler) in routes() {
        r = r.route(path, handler);
    }
    r.fallback(|| async { ApiError::NotFound("no such route".into()) })
        .layer(tower_http::timeout::TimeoutLayer::with_status_code(
            StatusCode::SERVICE_UNAVAILABLE,
            TIME_LIMIT,
        ))
        .layer(tower_http::limit::RequestBodyLimitLayer::new(BODY_LIMIT))
        .layer(axum::middleware::map_response(headers))
        .with_state(state)
}

/// A bound server, ready to run.
pub struct Server {
    listener: tokio::net::TcpListener,
    state: AppState,
}

impl Server {
    /// Opens the store, builds the desk snapshot and binds `addr` (port 0
    /// picks a free port), read-only and on loopback only.
    pub async fn bind(
        addr: SocketAddr,
        db: impl Into<StoreLocation>,
        kb: Arc<Kb>,
    ) -> Result<Server, ServeError> {
        Server::bind_with(addr, db, kb, Options::default()).await
    }

    /// Like [`Server::bind`], with options: an address other than loopback
    /// is refused unless `public`; a token makes the server writable.
    pub async fn bind_with(
        addr: SocketAddr,
        db: impl Into<StoreLocation>,
        kb: Arc<Kb>,
        options: Options,
    ) -> Result<Server, ServeError> {
        if !addr.ip().is_loopback() && !options.public {
            return Err(ServeError::NotLoopback(addr));
        }
        // Opening blocks (PostgreSQL's client runs its own runtime).
        let db = db.into();
        let state =
            tokio::task::spawn_blocking(move || AppState::with_token(db, kb, options.token))
                .await
                .map_err(|e| ServeError::Io(std::io::Error::other(e.to_string())))??;
        state.warm().await.map_err(ServeError::Desk)?;
        let listener = tokio::net::TcpListener::bind(addr)
            .await
            .map_err(|e| ServeError::Bind(addr, e))?;
        Ok(Server { listener, state })
    }

    /// The address actually bound.
    pub fn local_addr(&self) -> Result<SocketAddr, ServeError> {
        self.listener.local_addr().map_err(ServeError::Io)
    }

    /// Serves until the process ends.
    pub async fn run(self) -> Result<(), ServeError> {
        axum::serve(self.listener, router(self.state))
            .await
            .map_err(ServeError::Io)
    }
}

/// Binds `addr` over the store at `db` and serves until the process ends.
pub async fn serve(
    addr: SocketAddr,
    db: impl Into<StoreLocation>,
    kb: Arc<Kb>,
) -> Result<(), ServeError> {
    Server::bind(addr, db, kb).await?.run().await
}

/// Why the server could not start or stopped.
#[derive(Debug)]
pub enum ServeError {
    Store(StoreError),
    Bind(SocketAddr, std::io::Error),
    /// A non-loopback address without `public`.
    NotLoopback(SocketAddr),
    Io(std::io::Error),
    /// The desk snapshot could not be built.
    Desk(ApiError),
}

impl From<StoreError> for ServeError {
    fn from(e: StoreError) -> Self {
        ServeError::Store(e)
    }
}

impl std::fmt::Display for ServeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ServeError::Store(e) => write!(f, "{e}"),
            ServeError::Bind(a, e) => write!(f, "cannot listen on {a}: {e}"),
            ServeError::NotLoopback(a) => write!(
                f,
                "{a} is not a loopback address: the desk would be open to the network \
                 (pass --public to allow it, or listen on 127.0.0.1)"
            ),
            ServeError::Io(e) => write!(f, "{e}"),
            ServeError::Desk(e) => write!(f, "cannot build the desk: {e}"),
        }
    }
}

impl std::error::Error for ServeError {}
