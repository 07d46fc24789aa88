//! Running a store scenario on a fresh database of each backend: a temporary SQLite file and a
//! PostgreSQL database of its own (dropped afterwards). Shared by the store's test suites.
//!
//! The PostgreSQL half connects to `postgres://postgres@127.0.0.1:5432/postgres` (override with
//! `HN_TEST_POSTGRES`), creates a database of its own and drops it afterwards. When the server
//! cannot be reached the PostgreSQL half is skipped with a message, unless
//! `HN_REQUIRE_POSTGRES=1` (as in CI), where it fails.

#![allow(dead_code)]

pub mod fixtures;

use std::future::Future;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use hn_store::{Backend, Store};
use sqlx::{AssertSqlSafe, Connection, PgConnection};

// --- one test per backend for every scenario ---

/// `scenario => name_sqlite, name_postgres;` makes both tests; attributes written before the
/// scenario (such as `#[ignore = "…"]`) go on both.
#[macro_export]
macro_rules! on_both_backends {
    ($($(#[$attr:meta])* $scenario:ident => $sqlite:ident, $postgres:ident;)+) => {$(
        #[tokio::test]
        $(#[$attr])*
        async fn $sqlite() {
            $crate::support::on_sqlite($scenario).await;
        }

        #[tokio::test]
        $(#[$attr])*
        async fn $postgres() {
            $crate::support::on_postgres($scenario).await;
        }
    )+};
}

// --- running a scenario on a fresh database of each backend ---

const DEFAULT_POSTGRES: &str = "postgres://postgres@127.0.0.1:5432/postgres";

/// A name no other test of this or a concurrent run uses.
pub fn unique_name() -> String {
    static NEXT: AtomicU32 = AtomicU32::new(0);
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_nanos() % 1_000_000_000_000)
        .unwrap_or_default();
    format!(
        "{}_{nanos}_{}",
        std::process::id(),
        NEXT.fetch_add(1, Ordering::Relaxed)
    )
}

pub async fn on_sqlite<S, F>(scenario: S)
where
    S: FnOnce(Arc<dyn Store>) -> F,
    F: Future<Output = ()> + Send + 'static,
{
    let path = std::env::temp_dir().join(format!("hn_store_test_{}.db", unique_name()));
    let store = hn_store::open(&format!("sqlite://{}", path.display()))
        .await
        .expect("mở cơ sở dữ liệu SQLite tạm");
    assert_eq!(store.backend(), Backend::Sqlite);
    let outcome = tokio::spawn(scenario(store)).await;
    for suffix in ["", "-wal", "-shm"] {
        let mut file = path.clone().into_os_string();
        file.push(suffix);
        let _ = std::fs::remove_file(PathBuf::from(file));
    }
    finish(outcome);
}

pub async fn on_postgres<S, F>(scenario: S)
where
    S: FnOnce(Arc<dyn Store>) -> F,
    F: Future<Output = ()> + Send + 'static,
{
    let server = std::env::var("HN_TEST_POSTGRES").unwrap_or_else(|_| DEFAULT_POSTGRES.to_string());
    let required = std::env::var("HN_REQUIRE_POSTGRES").is_ok_and(|v| v == "1");
    let connected = tokio::time::timeout(Duration::from_secs(10), PgConnection::connect(&server))
        .await
        .map_err(|_| "hết thời gian chờ".to_string())
        .and_then(|r| r.map_err(|e| e.to_string()));
    let mut admin = match connected {
        Ok(connection) => connection,
        Err(reason) if required => {
            panic!("PostgreSQL không truy cập được ({server}: {reason}) mà HN_REQUIRE_POSTGRES=1")
        }
        Err(reason) => {
            println!("PostgreSQL không truy cập được, bỏ qua ({server}: {reason})");
            return;
        }
    };

    let name = format!("hn_test_{}", unique_name());
    sqlx::raw_sql(AssertSqlSafe(format!("create database {name}")))
        .execute(&mut admin)
        .await
        .expect("tạo cơ sở dữ liệu thử");
    let store = hn_store::open(&database_url(&server, &name))
        .await
        .expect("mở cơ sở dữ liệu PostgreSQL thử");
    assert_eq!(store.backend(), Backend::Postgres);
    let outcome = tokio::spawn(scenario(store)).await;
    // The scenario's pool may still hold connections; `force` ends them.
    if let Err(error) = sqlx::raw_sql(AssertSqlSafe(format!(
        "drop database if exists {name} with (force)"
    )))
    .execute(&mut admin)
    .await
    {
        eprintln!("không xóa được cơ sở dữ liệu thử {name}: {error}");
    }
    let _ = admin.close().await;
    finish(outcome);
}

/// The server URL with its database replaced by `database`, keeping any query string.
fn database_url(server: &str, database: &str) -> String {
    let (scheme, rest) = server.split_once("://").unwrap_or(("postgres", server));
    let (authority, path) = rest.split_once('/').unwrap_or((rest, ""));
    let query = path.split_once('?').map(|(_, q)| q);
    match query {
        Some(query) => format!("{scheme}://{authority}/{database}?{query}"),
        None => format!("{scheme}://{authority}/{database}"),
    }
}

/// Re-raises a scenario's panic once the database is cleaned up.
fn finish(outcome: Result<(), tokio::task::JoinError>) {
    if let Err(error) = outcome {
        match error.try_into_panic() {
            Ok(panic) => std::panic::resume_unwind(panic),
            Err(error) => panic!("kịch bản không chạy xong: {error}"),
        }
    }
}
