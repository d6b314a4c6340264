//! Read-only connections to the store, shared by the request handlers.
//!
//! A SQLite connection serves one thread at a time, so each query runs on a blocking
//! thread with a connection taken from the pool and given back after. At most
//! `connections` queries run at once; a request that cannot get a connection within the
//! queue time limit fails with 503, and a query running past its time limit is
//! interrupted by SQLite and fails with 504.

use crate::{ApiError, Config};
use annalist_store::{Location, Result as StoreResult, Store};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::sync::Semaphore;

/// The pool; cheap to clone.
#[derive(Clone)]
pub struct Pool {
    inner: Arc<Inner>,
}

struct Inner {
    location: Location,
    idle: Mutex<Vec<Store>>,
    permits: Semaphore,
    query_time_limit: Duration,
    queue_time_limit: Duration,
}

impl Drop for Inner {
    /// The idle connections are closed on a thread of their own (see [`Pool::open`]):
    /// the last clone of the pool may go on an async task.
    fn drop(&mut self) {
        let idle = std::mem::take(self.idle.get_mut().unwrap_or_else(|e| e.into_inner()));
        if !idle.is_empty() {
            let _ = std::thread::spawn(move || drop(idle)).join();
        }
    }
}

impl Pool {
    /// Opens the store read-only once, so that a missing or unreadable store fails at
    /// start-up rather than at the first request.
    pub fn open(config: &Config) -> StoreResult<Pool> {
        // On a thread of its own: the PostgreSQL client runs a runtime of its own, which
        // cannot be started (nor dropped) on a thread that drives async tasks.
        let first = std::thread::scope(|scope| {
            scope
                .spawn(|| Store::open_location_read_only(&config.db))
                .join()
                .expect("opening the store panicked")
        })?;
        let connections = config.connections.max(1);
        Ok(Pool {
            inner: Arc::new(Inner {
                location: config.db.clone(),
                idle: Mutex::new(vec![first]),
                permits: Semaphore::new(connections),
                query_time_limit: config.query_time_limit,
                queue_time_limit: config.queue_time_limit,
            }),
        })
    }

    /// Runs `f` on a connection in a blocking thread, under the time limits.
    pub async fn run<T, F>(&self, f: F) -> Result<T, ApiError>
    where
        T: Send + 'static,
        F: FnOnce(&Store) -> StoreResult<T> + Send + 'static,
    {
        let permit =
            tokio::time::timeout(self.inner.queue_time_limit, self.inner.permits.acquire())
                .await
                .map_err(|_| ApiError::unavailable("the server is busy; try again"))?
                .map_err(|_| ApiError::unavailable("the server is stopping"))?;
        let inner = Arc::clone(&self.inner);
        let outcome = tokio::task::spawn_blocking(move || {
            let store = match inner.idle.lock().map(|mut idle| idle.pop()) {
                Ok(Some(store)) => store,
                _ => Store::open_location_read_only(&inner.location)?,
            };
            let result = store.with_time_limit(inner.query_time_limit, f);
            let keep = match &result {
                Err(error) => !error.is_unavailable(),
                Ok(_) => true,
            };
            if keep {
                if let Ok(mut idle) = inner.idle.lock() {
                    idle.push(store);
                }
            }
            result
        })
        .await;
        drop(permit);
        match outcome {
            Ok(result) => result.map_err(ApiError::from),
            Err(join) => {
                eprintln!("annalist serve: a query panicked: {join}");
                Err(ApiError {
                    status: axum::http::StatusCode::INTERNAL_SERVER_ERROR,
                    message: "internal error (see the server's log)".to_string(),
                })
            }
        }
    }
}
