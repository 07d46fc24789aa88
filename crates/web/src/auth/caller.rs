//! The signed-in user behind a request: a browser session cookie or an API bearer token.

use axum::extract::FromRequestParts;
use axum::http::header::{AUTHORIZATION, COOKIE};
use axum::http::request::Parts;
use chrono::Utc;
use store::{SessionKind, UserRecord};

use crate::failure::{ApiFailure, Failure, PageFailure};
use crate::i18n::Lang;
use crate::state::AppState;

pub const SESSION_COOKIE: &str = "hn_session";
pub const LANG_COOKIE: &str = "hn_lang";

#[derive(Debug, Clone)]
pub struct Caller {
    pub user: UserRecord,
    /// The session's public number: a token created from it ends with it; the API's sign-out
    /// revokes it.
    pub session_id: i64,
    /// When the session ends by itself.
    pub expires_at: chrono::DateTime<Utc>,
    /// The session's CSRF token, which every form must send back.
    pub csrf_token: String,
    pub via: SessionKind,
    pub lang: Lang,
}

/// The value of a cookie in the request, if present.
pub fn cookie<'a>(parts: &'a Parts, name: &str) -> Option<&'a str> {
    parts
        .headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|header| header.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(key, _)| *key == name)
        .map(|(_, value)| value)
}

pub fn lang_of(parts: &Parts) -> Lang {
    cookie(parts, LANG_COOKIE)
        .map(Lang::from_code)
        .unwrap_or_default()
}

/// Pages accept the session cookie only; the API accepts a bearer token or the cookie.
async fn authenticate(
    parts: &Parts,
    state: &AppState,
    accept_bearer: bool,
) -> Result<Caller, Failure> {
    let bearer = parts
        .headers
        .get(AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .filter(|_| accept_bearer);
    let (token, expected_kind) = match bearer {
        Some(token) => (token, SessionKind::Api),
        None => (
            cookie(parts, SESSION_COOKIE).ok_or(Failure::NotSignedIn)?,
            SessionKind::Browser,
        ),
    };
    let record = state
        .store
        .session(&super::secrets::token_hash(token.trim()), Utc::now())
        .await?
        .filter(|s| s.kind == expected_kind)
        .ok_or(Failure::NotSignedIn)?;
    Ok(Caller {
        user: record.user,
        session_id: record.id,
        expires_at: record.expires_at,
        csrf_token: record.csrf_token,
        via: record.kind,
        lang: lang_of(parts),
    })
}

/// A caller of the JSON API; failures answer as JSON.
pub struct ApiCaller(pub Caller);

impl FromRequestParts<AppState> for ApiCaller {
    type Rejection = ApiFailure;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        Ok(ApiCaller(authenticate(parts, state, true).await?))
    }
}

/// A caller of a web page; a missing session sends the browser to the sign-in page.
pub struct PageCaller(pub Caller);

impl FromRequestParts<AppState> for PageCaller {
    type Rejection = axum::response::Response;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        use axum::response::IntoResponse;
        match authenticate(parts, state, false).await {
            Ok(caller) => Ok(PageCaller(caller)),
            // A page opened without a session (a bookmark, a link in a message) comes back to
            // itself after sign-in.
            Err(Failure::NotSignedIn) if parts.method == axum::http::Method::GET => {
                let wanted = parts
                    .uri
                    .path_and_query()
                    .map_or("/", |p| p.as_str())
                    .to_string();
                let query = serde_urlencoded::to_string([("tiep", wanted)]).unwrap_or_default();
                Err(axum::response::Redirect::to(&format!("/dang-nhap?{query}")).into_response())
            }
            Err(failure) => Err(PageFailure(failure).into_response()),
        }
    }
}

/// The browser session's caller, if the request carries a live one (for the page of a failure,
/// which keeps the menu of whoever is signed in).
pub async fn page_caller(parts: &Parts, state: &AppState) -> Option<Caller> {
    authenticate(parts, state, false).await.ok()
}

/// The client's address when the server knows it (sign-in throttling keys on it).
pub struct ClientAddr(pub Option<std::net::IpAddr>);

impl<S: Send + Sync> FromRequestParts<S> for ClientAddr {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        let addr = parts
            .extensions
            .get::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
            .map(|info| info.0.ip());
        Ok(ClientAddr(addr))
    }
}
