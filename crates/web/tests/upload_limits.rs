//! The limits of the upload: the session, the permission and the CSRF token are checked before
//! the file is read (the body below is made as it is pulled, so the test sees how much of it
//! the server read); a file over the cap is refused with a message naming the cap (413); a user
//! whose import is still running, or a server running its most imports, answers "busy" (503).

mod support;

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use axum::body::{Body, Bytes};
use axum::http::{Request, StatusCode, header};
use domain::Role;
use hn_web::jobs::{ImportLimits, Jobs};
use support::*;
use tower::ServiceExt;

const BOUNDARY: &str = "----hn-limits-boundary";
const BLOCK: usize = 64 * 1024;
/// The form parser looks one chunk ahead each time it is asked for more: reading the few small
/// fields may take a handful of blocks, never the file (a 200 MB file is 3,200 blocks).
const READ_AHEAD_BLOCKS: usize = 16;

/// The form's fields, then a file of `blocks` blocks of 64 KiB made only when the server asks
/// for them; `pulled` counts the blocks the server read.
fn lazy_form(csrf: &str, blocks: usize, pulled: Arc<AtomicUsize>) -> Body {
    let mut head = String::new();
    for (name, value) in [("csrf", csrf), ("nam", "2024"), ("cap", "thcs")] {
        head.push_str(&format!(
            "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n"
        ));
    }
    head.push_str(&format!(
        "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"tep\"; filename=\"lop9.csv\"\r\nContent-Type: text/csv\r\n\r\n"
    ));
    let tail = format!("\r\n--{BOUNDARY}--\r\n");
    let parts = std::iter::once(Bytes::from(head))
        .chain((0..blocks).map(move |_| {
            pulled.fetch_add(1, Ordering::SeqCst);
            Bytes::from(vec![b'a'; BLOCK])
        }))
        .chain(std::iter::once(Bytes::from(tail)))
        .map(Ok::<_, std::io::Error>);
    Body::from_stream(futures_stream(parts))
}

fn futures_stream<I: Iterator + Send + 'static>(
    items: I,
) -> impl futures_util::Stream<Item = I::Item> + Send {
    futures_util::stream::iter(items)
}

fn post(uri: &str, cookie: &str, body: Body) -> Request<Body> {
    Request::post(uri)
        .header(header::COOKIE, cookie)
        .header(
            header::CONTENT_TYPE,
            format!("multipart/form-data; boundary={BOUNDARY}"),
        )
        .body(body)
        .expect("request")
}

async fn form_csrf(app: &TestApp, cookie: &str) -> String {
    let form = app
        .page(&format!("/co-so/{SCHOOL_BEN_LUC}/nhap"), cookie)
        .await;
    assert_eq!(form.status, StatusCode::OK, "{}", form.body);
    csrf_of(&form)
}

const UPLOAD: &str = "/co-so/80803001/nhap";

#[tokio::test]
async fn a_forged_or_forbidden_upload_is_refused_before_its_file_is_read() {
    let app = spawn_app().await;
    // 200 MB offered by a student: refused on the permission, nothing of the file read.
    let student = app.cookie(Role::Student).await;
    let pulled = Arc::new(AtomicUsize::new(0));
    let reply = app
        .send(post(
            UPLOAD,
            &student,
            lazy_form("bogus", 3_200, pulled.clone()),
        ))
        .await;
    assert_eq!(reply.status, StatusCode::FORBIDDEN);
    assert_eq!(pulled.load(Ordering::SeqCst), 0);

    // The school's own staff with a bogus token: refused at the token, the first field.
    let staff = app.cookie(Role::SchoolStaff).await;
    let pulled = Arc::new(AtomicUsize::new(0));
    let reply = app
        .send(post(
            UPLOAD,
            &staff,
            lazy_form("bogus", 3_200, pulled.clone()),
        ))
        .await;
    assert_eq!(reply.status, StatusCode::FORBIDDEN);
    assert!(reply.body.contains("Biểu mẫu đã hết hạn"), "{}", reply.body);
    assert!(
        pulled.load(Ordering::SeqCst) <= READ_AHEAD_BLOCKS,
        "the file is not read: {} blocks",
        pulled.load(Ordering::SeqCst)
    );
}

#[tokio::test]
async fn a_file_over_the_cap_is_refused_with_the_cap_and_leaves_nothing_behind() {
    let app = spawn_app().await;
    let dir =
        std::env::temp_dir().join(format!("hn-limits-{}", hn_web::auth::secrets::new_token()));
    let mut state = app.state.clone();
    state.jobs = Jobs::new(ImportLimits {
        max_upload_bytes: 1024 * 1024,
        dir: dir.clone(),
        ..ImportLimits::default()
    });
    let router = hn_web::router(state);
    let staff = app.cookie(Role::SchoolStaff).await;
    let csrf = form_csrf(&app, &staff).await;
    let pulled = Arc::new(AtomicUsize::new(0));
    let response = router
        .oneshot(post(UPLOAD, &staff, lazy_form(&csrf, 100, pulled.clone())))
        .await
        .expect("answer");
    assert_eq!(response.status(), StatusCode::PAYLOAD_TOO_LARGE);
    let body = axum::body::to_bytes(response.into_body(), usize::MAX)
        .await
        .expect("body");
    let body = String::from_utf8_lossy(&body);
    assert!(body.contains("hệ thống chỉ nhận tệp đến 1 MB"), "{body}");
    assert!(
        pulled.load(Ordering::SeqCst) <= 16 + READ_AHEAD_BLOCKS,
        "reading stops at the cap (16 blocks): {}",
        pulled.load(Ordering::SeqCst)
    );
    let left: Vec<_> = std::fs::read_dir(&dir)
        .map(|entries| entries.flatten().collect())
        .unwrap_or_default();
    assert!(left.is_empty(), "the partial file is removed: {left:?}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test]
async fn a_user_with_an_import_running_is_told_the_server_is_busy() {
    let app = spawn_app().await;
    let staff = app.cookie(Role::SchoolStaff).await;
    let csrf = form_csrf(&app, &staff).await;
    let user = app
        .store
        .user_by_username(&username(Role::SchoolStaff))
        .await
        .expect("read")
        .expect("user");
    // The user's one import slot is taken, as by an import still running.
    let running = app.state.jobs.admit(user.id).expect("a slot");
    let pulled = Arc::new(AtomicUsize::new(0));
    let reply = app
        .send(post(
            UPLOAD,
            &staff,
            lazy_form(&csrf, 3_200, pulled.clone()),
        ))
        .await;
    assert_eq!(reply.status, StatusCode::SERVICE_UNAVAILABLE);
    assert!(reply.headers.contains_key(header::RETRY_AFTER));
    assert!(reply.body.contains("đang bận"), "{}", reply.body);
    assert!(
        pulled.load(Ordering::SeqCst) <= READ_AHEAD_BLOCKS,
        "the file is not read: {} blocks",
        pulled.load(Ordering::SeqCst)
    );
    drop(running);
}
