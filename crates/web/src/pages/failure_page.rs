//! The page of a failure, dressed like every other page: the menu and the signed-in user, in the
//! page's language. A handler (or an extractor, the router's 404, the panic catcher) answers a
//! `PageFailure`, which leaves the failure on its response; `dress` — one layer round the whole
//! router — renders that response's page for the caller it finds in the request's cookies. The
//! handlers themselves never build an error page.

use askama::Template;
use axum::extract::{Request, State};
use axum::http::header;
use axum::http::request::Parts;
use axum::middleware::Next;
use axum::response::{Html, IntoResponse, Response};

use super::Chrome;
use crate::failure::Failure;
use crate::i18n::{Lang, Tr};
use crate::state::AppState;

/// The failure a page response stands for, left on the response for `dress`.
#[derive(Debug, Clone)]
pub struct FailureShown(pub Failure);

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage<'a> {
    tr: Tr,
    chrome: Option<Chrome>,
    message: &'a str,
}

/// The page of a failure without a caller: in Vietnamese, without the menu. `dress` replaces it
/// with the caller's; it stays only where no request is known.
pub fn bare(failure: &Failure) -> Response {
    let response = body(failure, Lang::Vi, None);
    let mut response = (failure.status(), response).into_response();
    response
        .extensions_mut()
        .insert(FailureShown(failure.clone()));
    response
}

fn body(failure: &Failure, lang: Lang, chrome: Option<Chrome>) -> Html<String> {
    let message = failure.message_in(lang);
    let page = ErrorPage {
        tr: Tr(lang),
        chrome,
        message: &message,
    };
    Html(page.render().unwrap_or(message.clone()))
}

/// Renders again, for the caller of the request, the page of any response that stands for a
/// failure; other responses pass untouched.
pub async fn dress(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let (parts, body_of_request) = request.into_parts();
    let probe = probe_of(&parts);
    let response = next.run(Request::from_parts(parts, body_of_request)).await;
    let Some(FailureShown(failure)) = response.extensions().get::<FailureShown>().cloned() else {
        return response;
    };
    let lang = crate::auth::caller::lang_of(&probe);
    let chrome = match crate::auth::caller::page_caller(&probe, &state).await {
        Some(caller) => Some(Chrome::of(&state, &caller).await),
        None => None,
    };
    let (mut head, _) = response.into_parts();
    head.headers.remove(header::CONTENT_LENGTH);
    Response::from_parts(
        head,
        body(&failure, lang, chrome).into_response().into_body(),
    )
}

/// The parts of the request that say who asks and in which language (its headers).
fn probe_of(parts: &Parts) -> Parts {
    let (mut probe, ()) = Request::new(()).into_parts();
    probe.headers = parts.headers.clone();
    probe.uri = parts.uri.clone();
    probe
}

/// The answer to an address that names nothing: JSON under `/api/`, a page elsewhere.
pub async fn not_found(request: Request) -> Response {
    let failure = Failure::NotFound(crate::failure::Msg::new(
        "trang này. Hãy kiểm tra lại địa chỉ",
        "this page. Please check the address",
    ));
    if request.uri().path().starts_with("/api/") {
        crate::failure::ApiFailure(failure).into_response()
    } else {
        crate::failure::PageFailure(failure).into_response()
    }
}

/// The page of a panic; what the panic said may hold data of the request and is not shown.
pub fn internal() -> Response {
    bare(&Failure::Internal)
}
