//! A long writer does not make the others fail, on both backends: while another connection
//! holds the writers back for longer than SQLite's busy timeout (a large import committing), the
//! readers keep answering, and the short writes of requests (here audit lines) wait their turn
//! and all land once it is over, instead of failing with "database is locked".

use std::time::Duration;

use chrono::Utc;
use hn_store::{Backend, NewAuditEvent};
use sqlx::Connection;

/// Longer than SQLite's busy timeout, so that the writers must be tried again.
const HELD_FOR: Duration = Duration::from_secs(7);
const WRITERS: usize = 20;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn readers_answer_and_short_writes_land_while_a_long_writer_holds_sqlite() {
    readers_answer_and_short_writes_land_while_a_long_writer_holds(hn_testkit::Backend::Sqlite)
        .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn readers_answer_and_short_writes_land_while_a_long_writer_holds_postgres() {
    readers_answer_and_short_writes_land_while_a_long_writer_holds(hn_testkit::Backend::Postgres)
        .await;
}

async fn readers_answer_and_short_writes_land_while_a_long_writer_holds(kind: hn_testkit::Backend) {
    let Some(db) = hn_testkit::TestDb::fresh(kind).await else {
        return;
    };
    let store = hn_store::open(&db.url).await.expect("store opens");
    let (release, holder) = hold_the_writers(&db.url, store.backend()).await;

    let writers: Vec<_> = (0..WRITERS)
        .map(|i| {
            let store = store.clone();
            tokio::spawn(async move { store.audit(&event(i)).await })
        })
        .collect();
    // Every reader answers while the writers wait (the lock is released only after them).
    for _ in 0..20 {
        store.unit_count().await.expect("a read while writers wait");
        store
            .audit_events(10)
            .await
            .expect("a read of the table being written");
        tokio::time::sleep(HELD_FOR / 20).await;
    }
    release.send(()).expect("holder");
    holder.await.expect("the long writer commits");

    for writer in writers {
        writer
            .await
            .expect("task")
            .expect("the write lands once the long writer is done");
    }
    let written = store.audit_events(100).await.expect("read");
    assert_eq!(
        written.iter().filter(|e| e.action == "busy_test").count(),
        WRITERS
    );
    assert_eq!(
        written.iter().filter(|e| e.action == "long_writer").count(),
        1
    );
    store.close().await;
}

fn event(i: usize) -> NewAuditEvent {
    NewAuditEvent {
        at: Utc::now(),
        user_id: None,
        username: format!("nguoi{i}"),
        action: "busy_test".into(),
        subject_kind: "session".into(),
        subject_id: String::new(),
        detail: String::new(),
    }
}

/// Another connection does what a large import does: a transaction that has written and stays
/// open (on SQLite it holds the database's one write lock; PostgreSQL locks only its rows) until
/// told to commit.
async fn hold_the_writers(
    url: &str,
    backend: Backend,
) -> (
    tokio::sync::oneshot::Sender<()>,
    tokio::task::JoinHandle<()>,
) {
    let (release, released) = tokio::sync::oneshot::channel::<()>();
    let (held, is_held) = tokio::sync::oneshot::channel::<()>();
    let url = url.to_string();
    let write = "insert into audit_event (created_at, user_id, username, action, subject_kind, \
                 subject_id, detail) values ('2026-01-15T08:00:00Z', null, 'nhap', 'long_writer', \
                 'graduates', '', '')";
    let holder = tokio::spawn(async move {
        match backend {
            Backend::Sqlite => {
                let mut conn = sqlx::SqliteConnection::connect(&url)
                    .await
                    .expect("connect");
                sqlx::raw_sql("begin immediate")
                    .execute(&mut conn)
                    .await
                    .expect("begin");
                sqlx::raw_sql(write)
                    .execute(&mut conn)
                    .await
                    .expect("write");
                let _ = held.send(());
                let _ = released.await;
                sqlx::raw_sql("commit")
                    .execute(&mut conn)
                    .await
                    .expect("commit");
            }
            Backend::Postgres => {
                let mut conn = sqlx::PgConnection::connect(&url).await.expect("connect");
                let mut tx = conn.begin().await.expect("begin");
                sqlx::raw_sql(write).execute(&mut *tx).await.expect("write");
                let _ = held.send(());
                let _ = released.await;
                tx.commit().await.expect("commit");
            }
        }
    });
    is_held.await.expect("the long writer has started");
    (release, holder)
}
