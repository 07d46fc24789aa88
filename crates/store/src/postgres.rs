//! The PostgreSQL store, for provincial and national installations.

use sqlx::Postgres;
use sqlx::postgres::{PgPool, PgPoolOptions};

use crate::figure_queries::impl_figure_store;
use crate::graduate_queries::impl_graduate_store;
use crate::queries::impl_store;
use crate::reporting_queries::impl_report_store;
use crate::tally_queries::impl_tally_store;
use crate::token_queries::impl_token_store;
use sqlx::ConnectOptions;

use crate::{Backend, Result, SLOW_STATEMENT, SLOW_STATEMENTS_LEVEL};

/// The schema changes of the PostgreSQL store, compiled into the binary.
pub(crate) static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/postgres");

/// The first key of the advisory locks of cohorts (the second is the year).
const COHORT_LOCKS: i32 = 522;

pub struct PgStore {
    pub(crate) pool: PgPool,
}

impl PgStore {
    /// Connects to the database `url` names and migrates it.
    pub async fn connect(url: &str) -> Result<Self> {
        let pool = PgPoolOptions::new()
            .max_connections(16)
            .connect_with(
                url.parse::<sqlx::postgres::PgConnectOptions>()?
                    .log_slow_statements(SLOW_STATEMENTS_LEVEL, SLOW_STATEMENT),
            )
            .await?;
        MIGRATOR.run(&pool).await?;
        let store = PgStore { pool };
        store.ensure_figures_built().await?;
        Ok(store)
    }

    /// The writes of a cohort hold this lock shared, an approval of that cohort holds it alone
    /// (`guard_approval`): under READ COMMITTED, the approval waits for the writes under way,
    /// and a write after it sees the approval when it asks for the lock of its records.
    pub(crate) async fn guard_cohort(
        tx: &mut sqlx::Transaction<'static, Postgres>,
        year: i32,
    ) -> Result<()> {
        sqlx::query("select pg_advisory_xact_lock_shared($1, $2)")
            .bind(COHORT_LOCKS)
            .bind(year)
            .execute(&mut **tx)
            .await?;
        Ok(())
    }

    pub(crate) async fn guard_approval(
        tx: &mut sqlx::Transaction<'static, Postgres>,
        submission_id: i64,
    ) -> Result<()> {
        sqlx::query(
            "select pg_advisory_xact_lock($1, cohort_year) from report_submission where id = $2",
        )
        .bind(COHORT_LOCKS)
        .bind(submission_id)
        .execute(&mut **tx)
        .await?;
        Ok(())
    }

    /// One consistent view for a check, however long it reads.
    pub(crate) async fn begin_snapshot(&self) -> Result<sqlx::Transaction<'static, Postgres>> {
        let mut tx = self.pool.begin().await?;
        sqlx::query("set transaction isolation level repeatable read, read only")
            .execute(&mut *tx)
            .await?;
        Ok(tx)
    }

    /// PostgreSQL locks rows, not the database: its writers need no queue (see `busy`).
    pub(crate) fn write_queue(&self) -> Option<&crate::busy::WriteQueue> {
        None
    }

    pub fn pool(&self) -> &PgPool {
        &self.pool
    }
}

impl_store!(PgStore, Postgres, Backend::Postgres);
impl_graduate_store!(PgStore, Postgres);
impl_figure_store!(PgStore, Postgres);
impl_report_store!(PgStore, Postgres);
impl_token_store!(PgStore, Postgres);
impl_tally_store!(PgStore, Postgres);
