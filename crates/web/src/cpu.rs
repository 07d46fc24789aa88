//! CPU-heavy work of a request (Argon2, typesetting a PDF, writing a workbook) runs on tokio's
//! blocking threads, never on the async workers, so that every other request keeps answering;
//! and at most one such piece of work per core runs at once, so that a flood of sign-ins or
//! report downloads queues instead of taking the whole machine. (Imports are long and have a
//! bound of their own, in `jobs`: holding one of these permits for a minute would stall every
//! sign-in behind them.)

use std::sync::{Arc, LazyLock};

use tokio::sync::Semaphore;

use crate::failure::Failure;

/// One permit per core the process may use.
static PERMITS: LazyLock<Arc<Semaphore>> = LazyLock::new(|| Arc::new(Semaphore::new(capacity())));

/// How many pieces of CPU work may run at once: the cores the process may use.
pub fn capacity() -> usize {
    std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(2)
}

/// Runs `work` on a blocking thread once a permit is free, and waits for its result. A panic in
/// the work is answered as an internal failure (its message, which may hold data, is not shown).
pub async fn run<T, F>(work: F) -> Result<T, Failure>
where
    T: Send + 'static,
    F: FnOnce() -> T + Send + 'static,
{
    let permit = PERMITS
        .clone()
        .acquire_owned()
        .await
        .map_err(|_| Failure::Internal)?;
    let outcome = tokio::task::spawn_blocking(move || {
        let result = work();
        drop(permit);
        result
    })
    .await;
    outcome.map_err(|_| {
        tracing::error!("một tác vụ tính toán bị lỗi (panic)");
        Failure::Internal
    })
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicUsize, Ordering};

    use super::*;

    #[tokio::test]
    async fn no_more_pieces_of_work_run_at_once_than_there_are_permits() {
        let running = Arc::new(AtomicUsize::new(0));
        let most = Arc::new(AtomicUsize::new(0));
        let mut tasks = Vec::new();
        for _ in 0..(capacity() * 4) {
            let (running, most) = (running.clone(), most.clone());
            tasks.push(tokio::spawn(run(move || {
                let now = running.fetch_add(1, Ordering::SeqCst) + 1;
                most.fetch_max(now, Ordering::SeqCst);
                std::thread::sleep(std::time::Duration::from_millis(20));
                running.fetch_sub(1, Ordering::SeqCst);
            })));
        }
        for task in tasks {
            assert!(matches!(task.await, Ok(Ok(()))));
        }
        assert!(most.load(Ordering::SeqCst) <= capacity());
        assert!(most.load(Ordering::SeqCst) >= 1);
    }
}
