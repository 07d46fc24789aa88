//! The PostgreSQL store, for provincial and national installations.

use sqlx::Postgres;
use sqlx::postgres::{PgPool, PgPoolOptions};

use crate::figure_queries::impl_figure_store;
use crate::graduate_queries::impl_graduate_store;
use crate::queries::impl_store;
use crate::reporting_queries::impl_report_store;
use crate::token_queries::impl_token_store;
use crate::{Backend, Result};

/// The schema changes of the PostgreSQL store, compiled into the binary.
pub(crate) static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/postgres");

pub struct PgStore {
    pub(crate) pool: PgPool,
}

impl PgStore {
    /// Connects to the database `url` names and migrates it.
    pub async fn connect(url: &str) -> Result<Self> {
        let pool = PgPoolOptions::new()
            .max_connections(16)
            .connect(url)
            .await?;
        MIGRATOR.run(&pool).await?;
        Ok(PgStore { pool })
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
