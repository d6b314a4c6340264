//! annalist's HTTP interface: a read-only JSON API over the store and the web workbench
//! (timeline, documents with their facts highlighted, quotes, entities, map), served by
//! one binary with its assets embedded.
//!
//! The server is an interface over the store, like the CLI: it opens the store read-only,
//! never analyses text and knows nothing of the recognisers. Each request runs its
//! queries on a pooled read-only connection in a blocking thread, under a time limit.
//!
//! - [`pool`]: the read-only connections and the time limit;
//! - [`params`]: query-string parsing and validation (bad parameters are 400s);
//! - [`error`]: JSON errors;
//! - [`api`]: one module per resource;
//! - [`assets`]: the embedded web page;
//! - [`security`]: headers and limits every response carries.

pub mod api;
pub mod assets;
pub mod error;
pub mod params;
pub mod pool;
pub mod security;

use annalist_store::Location;
use axum::Router;
use std::net::SocketAddr;
use std::time::Duration;

pub use error::ApiError;
pub use pool::Pool;

/// How the server is set up.
#[derive(Clone, Debug)]
pub struct Config {
    /// The store (a SQLite file or a PostgreSQL database), opened read-only.
    pub db: Location,
    /// Where to listen; loopback unless told otherwise.
    pub addr: SocketAddr,
    /// The longest a request's queries may run before it fails with 504.
    pub query_time_limit: Duration,
    /// Read-only connections, hence queries running at once.
    pub connections: usize,
    /// The longest a request may wait for a connection before it fails with 503.
    pub queue_time_limit: Duration,
}

impl Config {
    pub fn new(db: impl Into<Location>) -> Config {
        Config {
            db: db.into(),
            addr: SocketAddr::from(([127, 0, 0, 1], 8080)),
            query_time_limit: Duration::from_secs(5),
            connections: std::thread::available_parallelism().map_or(2, |n| n.get() * 2),
            queue_time_limit: Duration::from_secs(10),
        }
    }
}

/// The whole application: API, OpenAPI description and web page, with the security
/// headers and limits.
pub fn app(pool: Pool) -> Router {
    let router = Router::new()
        .nest("/api", api::router())
        .merge(assets::router())
        .with_state(pool);
    security::wrap(router)
}

/// Serves `config.db` on `config.addr` until Ctrl-C (or SIGTERM); `ready` is called with
/// the bound address once the server accepts connections.
pub async fn serve(config: Config, ready: impl FnOnce(SocketAddr)) -> Result<(), ServeError> {
    let pool = Pool::open(&config)?;
    let listener = tokio::net::TcpListener::bind(config.addr)
        .await
        .map_err(|source| ServeError::Bind {
            addr: config.addr,
            source,
        })?;
    let addr = listener.local_addr().map_err(|source| ServeError::Bind {
        addr: config.addr,
        source,
    })?;
    ready(addr);
    axum::serve(listener, app(pool))
        .with_graceful_shutdown(shutdown_signal())
        .await
        .map_err(ServeError::Io)
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = terminate => {},
    }
}

/// Why the server could not start or stopped.
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    #[error("cannot open the store")]
    Store(#[from] annalist_store::StoreError),
    #[error("cannot listen on {addr}")]
    Bind {
        addr: SocketAddr,
        #[source]
        source: std::io::Error,
    },
    #[error("the server stopped")]
    Io(#[source] std::io::Error),
}
