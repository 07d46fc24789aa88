//! Writes while the database is busy. SQLite has one writer at a time: while a large import
//! commits, another write waits up to the connection's `busy_timeout` and then fails with
//! SQLITE_BUSY; a transaction whose snapshot went stale fails at once.
//!
//! So the short writes of requests (a session, an audit line, the sign-in counter) queue for
//! their turn without holding a connection (`queued`): however many wait, the readers still find
//! free connections in the pool and keep answering. In their turn they are tried again after a
//! growing, slightly random pause (`retry`), which lets a sign-in pass once the import has
//! committed. Past all that the caller gets `StoreError::Busy`, answered "busy, try again" (503).

use std::future::Future;
use std::time::Duration;

use tokio::sync::Semaphore;

use crate::{Result, StoreError};

/// Pauses between attempts; with the busy timeout of each attempt (5 s for SQLite), a short
/// write waits up to about 45 s in all: a 150,000-row import holds SQLite for a few seconds, a
/// million rows for about half a minute.
const PAUSES_MS: [u64; 6] = if cfg!(test) {
    [1; 6]
} else {
    [100, 250, 500, 1_000, 2_000, 4_000]
};
/// Writers let to the database at once (SQLite takes one; the next waits inside SQLite).
const WRITERS_AT_ONCE: usize = 2;
/// How long a write waits for its turn in the queue.
const QUEUE_WAIT: Duration = Duration::from_secs(45);

/// The queue of SQLite's short writers.
pub(crate) struct WriteQueue(Semaphore);

impl WriteQueue {
    pub(crate) fn new() -> Self {
        WriteQueue(Semaphore::new(WRITERS_AT_ONCE))
    }
}

/// Runs a short write in its turn of `queue` (none for PostgreSQL, which locks rows, not the
/// database), with `retry`.
pub(crate) async fn queued<T, F, Fut>(
    queue: Option<&WriteQueue>,
    what: &'static str,
    attempt: F,
) -> Result<T>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<T>>,
{
    let _turn = match queue {
        Some(queue) => Some(
            tokio::time::timeout(QUEUE_WAIT, queue.0.acquire())
                .await
                .map_err(|_| StoreError::Busy)?
                .map_err(|_| StoreError::Busy)?,
        ),
        None => None,
    };
    retry(what, attempt).await
}

/// Runs `attempt` until it succeeds, fails for another reason than a busy database, or the
/// pauses are used up (then the last busy error is returned).
pub async fn retry<T, F, Fut>(what: &'static str, mut attempt: F) -> Result<T>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<T>>,
{
    for pause in PAUSES_MS {
        match attempt().await {
            Err(error) if error.is_busy() => {
                // The statement's name only: its data may be personal.
                tracing::warn!(statement = what, "cơ sở dữ liệu bận; thử lại");
                tokio::time::sleep(Duration::from_millis(pause + jitter_ms(pause))).await;
            }
            done => return done,
        }
    }
    attempt().await
}

/// Up to a quarter of the pause, so that writers refused together do not come back together.
fn jitter_ms(pause: u64) -> u64 {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| u64::from(d.subsec_nanos()))
        .unwrap_or_default();
    nanos % (pause / 4 + 1)
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicUsize, Ordering};

    use super::*;

    #[tokio::test]
    async fn a_busy_write_is_tried_again_until_it_passes() {
        let tries = AtomicUsize::new(0);
        let outcome = retry("test", || async {
            if tries.fetch_add(1, Ordering::SeqCst) < 2 {
                Err(StoreError::Busy)
            } else {
                Ok(7)
            }
        })
        .await;
        assert_eq!(outcome.ok(), Some(7));
        assert_eq!(tries.load(Ordering::SeqCst), 3);
    }

    #[tokio::test]
    async fn other_errors_and_lasting_busyness_are_returned() {
        let tries = AtomicUsize::new(0);
        let outcome: Result<()> = retry("test", || async {
            tries.fetch_add(1, Ordering::SeqCst);
            Err(StoreError::NotFound("x".into()))
        })
        .await;
        assert!(matches!(outcome, Err(StoreError::NotFound(_))));
        assert_eq!(tries.load(Ordering::SeqCst), 1);
        let outcome: Result<()> = retry("test", || async { Err(StoreError::Busy) }).await;
        assert!(outcome.is_err_and(|e| e.is_busy()));
    }
}
