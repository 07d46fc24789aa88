//! The embedded store: one SQLite file, created and migrated on first use, in WAL mode with
//! foreign keys enforced.

use std::str::FromStr;
use std::time::Duration;

use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{Sqlite, SqlitePool};

use sqlx::ConnectOptions;

use crate::busy::WriteQueue;
use crate::figure_queries::impl_figure_store;
use crate::graduate_queries::impl_graduate_store;
use crate::queries::impl_store;
use crate::reporting_queries::impl_report_store;
use crate::tally_queries::impl_tally_store;
use crate::token_queries::impl_token_store;
use crate::{Backend, Result};
use crate::{SLOW_STATEMENT, SLOW_STATEMENTS_LEVEL};

/// The schema changes of the SQLite store, compiled into the binary.
pub(crate) static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/sqlite");

/// How long one statement waits for the writer before it; see `open`.
pub const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

pub struct SqliteStore {
    pub(crate) pool: SqlitePool,
    /// Short writes wait their turn here, holding no connection (see `busy`).
    writers: WriteQueue,
}

impl SqliteStore {
    /// Opens the database file at `path`, creating it when missing, and migrates it.
    pub async fn open(path: &str) -> Result<Self> {
        let options = SqliteConnectOptions::from_str(&format!("sqlite://{path}"))?
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            // WAL with NORMAL is durable across application crashes, which is what an import
            // interrupted half-way needs; FULL would only add safety against power loss.
            .synchronous(SqliteSynchronous::Normal)
            .foreign_keys(true)
            // A large import touches many index pages in one transaction; with SQLite's 2 MB
            // default cache they spill to the WAL again and again. 64 MB holds them (memory is
            // taken only as pages are used).
            .pragma("cache_size", "-65536")
            .pragma("temp_store", "memory")
            // SQLite has one writer at a time. A write that finds the database held waits this
            // long inside SQLite, and the short writes of a request (session, audit, sign-in
            // counter) are then tried again with pauses (`busy::retry`), so that they outlast a
            // large import's commit; past that the request is answered "busy" (503), not 500.
            // Reads never wait: in WAL mode readers see the last commit while a writer works.
            .busy_timeout(BUSY_TIMEOUT)
            .log_slow_statements(SLOW_STATEMENTS_LEVEL, SLOW_STATEMENT);
        let pool = SqlitePoolOptions::new()
            .max_connections(8)
            .connect_with(options)
            .await?;
        MIGRATOR.run(&pool).await?;
        let store = SqliteStore {
            pool,
            writers: WriteQueue::new(),
        };
        store.ensure_figures_built().await?;
        Ok(store)
    }

    /// Nothing to take: SQLite has one writer, and a write transaction whose snapshot went stale
    /// (an approval committed after it read the lock) is refused at its first write.
    pub(crate) async fn guard_cohort(
        _tx: &mut sqlx::Transaction<'static, Sqlite>,
        _year: i32,
    ) -> Result<()> {
        Ok(())
    }

    pub(crate) async fn guard_approval(
        _tx: &mut sqlx::Transaction<'static, Sqlite>,
        _submission_id: i64,
    ) -> Result<()> {
        Ok(())
    }

    /// A read transaction: SQLite keeps its snapshot from the first read to the end.
    pub(crate) async fn begin_snapshot(&self) -> Result<sqlx::Transaction<'static, Sqlite>> {
        Ok(self.pool.begin().await?)
    }

    pub(crate) fn write_queue(&self) -> Option<&WriteQueue> {
        Some(&self.writers)
    }

    /// The pool, for tools (benchmarks, backups) that need the database beneath the trait.
    pub fn pool(&self) -> &SqlitePool {
        &self.pool
    }
}

impl_store!(SqliteStore, Sqlite, Backend::Sqlite);
impl_graduate_store!(SqliteStore, Sqlite);
impl_figure_store!(SqliteStore, Sqlite);
impl_report_store!(SqliteStore, Sqlite);
impl_token_store!(SqliteStore, Sqlite);
impl_tally_store!(SqliteStore, Sqlite);
