//! The whole application as one router: pages, API, error pages, and the layers every request
//! passes through (panic catcher, security headers, request log without personal data).

use std::net::SocketAddr;

use axum::Router;
use axum::http::{HeaderValue, header};
use axum::response::Response;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::set_header::SetResponseHeaderLayer;

use crate::state::AppState;

pub fn router(state: AppState) -> Router {
    Router::new()
        .merge(crate::pages::router())
        .merge(crate::api::router())
        .fallback(crate::pages::failure_page::not_found)
        .with_state(state.clone())
        .layer(CatchPanicLayer::custom(|_| panic_page()))
        // Outside the panic catcher, so that its page too gets the caller's menu.
        .layer(axum::middleware::from_fn_with_state(
            state,
            crate::pages::failure_page::dress,
        ))
        .layer(SetResponseHeaderLayer::overriding(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(
                "default-src 'self'; frame-ancestors 'none'; form-action 'self'",
            ),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            header::REFERRER_POLICY,
            HeaderValue::from_static("same-origin"),
        ))
        // Pages, API answers and downloads may carry personal data of minors: no browser or
        // proxy may keep a copy. Only a response that says otherwise itself (the stylesheet)
        // is cached.
        .layer(SetResponseHeaderLayer::if_not_present(
            header::CACHE_CONTROL,
            HeaderValue::from_static("no-store"),
        ))
}

fn panic_page() -> Response {
    // The panic message may hold data of the request; it is not shown, nor logged here.
    tracing::error!("một yêu cầu gây lỗi nghiêm trọng (panic)");
    crate::pages::failure_page::internal()
}

/// Serves the application until SIGTERM or Ctrl-C; then it stops accepting connections, lets the
/// requests in flight finish, and closes the store (SQLite folds its write-ahead log back into
/// the database file, which is then a complete copy on its own).
pub async fn serve(state: AppState, listener: tokio::net::TcpListener) -> std::io::Result<()> {
    let stop = stop_requested()?;
    let store = state.store.clone();
    let app = router(state).into_make_service_with_connect_info::<SocketAddr>();
    axum::serve(listener, app)
        .with_graceful_shutdown(stop)
        .await?;
    store.close().await;
    Ok(())
}

/// Listens from now on (not from the first poll) for SIGTERM, what service managers send, and
/// for Ctrl-C; resolves on the first of them.
fn stop_requested() -> std::io::Result<impl Future<Output = ()>> {
    #[cfg(unix)]
    let signalled = {
        use tokio::signal::unix::{SignalKind, signal};
        let mut terminate = signal(SignalKind::terminate())?;
        let mut interrupt = signal(SignalKind::interrupt())?;
        async move {
            tokio::select! {
                _ = terminate.recv() => {}
                _ = interrupt.recv() => {}
            }
        }
    };
    #[cfg(not(unix))]
    let signalled = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    Ok(async move {
        signalled.await;
        tracing::info!("nhận lệnh dừng: không nhận kết nối mới, chờ các yêu cầu đang xử lý xong");
    })
}
