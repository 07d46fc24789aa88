//! Running a store scenario on a fresh database of each backend: a temporary SQLite file and a
//! PostgreSQL database of its own (dropped afterwards). Shared by the store's test suites.
//!
//! The PostgreSQL half connects to `postgres://postgres@127.0.0.1:5432/postgres` (override with
//! `HN_TEST_POSTGRES`), creates a database of its own and drops it afterwards. When the server
//! cannot be reached the test fails, unless the developer set `HN_SKIP_POSTGRES=1` by hand.

#![allow(dead_code)]

pub mod fixtures;

use std::future::Future;
use std::sync::Arc;

use hn_store::{Backend, Store};

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

#[allow(unused_imports)] // not every test binary names databases itself
pub use hn_testkit::unique_name;

pub async fn on_sqlite<S, F>(scenario: S)
where
    S: FnOnce(Arc<dyn Store>) -> F,
    F: Future<Output = ()> + Send + 'static,
{
    on_backend(hn_testkit::Backend::Sqlite, Backend::Sqlite, scenario).await;
}

pub async fn on_postgres<S, F>(scenario: S)
where
    S: FnOnce(Arc<dyn Store>) -> F,
    F: Future<Output = ()> + Send + 'static,
{
    on_backend(hn_testkit::Backend::Postgres, Backend::Postgres, scenario).await;
}

async fn on_backend<S, F>(kind: hn_testkit::Backend, expected: Backend, scenario: S)
where
    S: FnOnce(Arc<dyn Store>) -> F,
    F: Future<Output = ()> + Send + 'static,
{
    let Some(db) = hn_testkit::TestDb::fresh(kind).await else {
        return;
    };
    let store = hn_store::open(&db.url).await.expect("mở cơ sở dữ liệu thử");
    assert_eq!(store.backend(), expected);
    let outcome = tokio::spawn(scenario(store)).await;
    drop(db);
    finish(outcome);
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
