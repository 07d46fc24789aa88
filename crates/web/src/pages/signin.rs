//! Sign-in and sign-out pages. The sign-in form is protected against cross-site posting by a
//! double-submit token (cookie and hidden field), since no session exists yet.

use askama::Template;
use axum::extract::State;
use axum::http::header::SET_COOKIE;
use axum::http::request::Parts;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use store::SessionKind;

use super::{Chrome, Form, render};
use crate::auth::caller::ClientAddr;
use crate::auth::caller::{SESSION_COOKIE, cookie, lang_of};
use crate::auth::cookies::{over_https, secret_cookie};
use crate::auth::secrets::{new_token, same_secret, token_hash};
use crate::auth::signin::sign_in;
use crate::auth::{PageCaller, signin::BROWSER_SESSION_HOURS};
use crate::failure::{Failure, PageFailure};
use crate::i18n::Tr;
use crate::state::AppState;

const LOGIN_CSRF_COOKIE: &str = "hn_login_csrf";

#[derive(Template)]
#[template(path = "signin.html")]
struct SignInPage {
    tr: Tr,
    chrome: Option<Chrome>,
    csrf: String,
    username: String,
    message: Option<String>,
    /// The page to open after sign-in (one of ours), when the user came from one.
    next: String,
}

/// The page asked for before sign-in, kept on this site.
fn next_of(raw: &str) -> String {
    super::local_path(raw, "/").to_string()
}

fn page(
    state: &AppState,
    parts: &Parts,
    username: String,
    message: Option<String>,
    next: &str,
) -> Response {
    let csrf = new_token();
    let body = render(&SignInPage {
        tr: Tr(lang_of(parts)),
        chrome: None,
        csrf: csrf.clone(),
        username,
        message,
        next: next_of(next),
    });
    let cookie = secret_cookie(
        LOGIN_CSRF_COOKIE,
        &csrf,
        3600,
        over_https(state, &parts.headers),
    );
    ([(SET_COOKIE, cookie)], body).into_response()
}

#[derive(Deserialize, Default)]
pub struct NextQuery {
    #[serde(default)]
    tiep: String,
}

pub async fn form(State(state): State<AppState>, parts: Parts) -> Response {
    let next = parts
        .uri
        .query()
        .and_then(|q| serde_urlencoded::from_str::<NextQuery>(q).ok())
        .unwrap_or_default();
    page(&state, &parts, String::new(), None, &next.tiep)
}

#[derive(Deserialize)]
pub struct SignInForm {
    csrf: String,
    username: String,
    password: String,
    #[serde(default)]
    tiep: String,
}

pub async fn submit(
    State(state): State<AppState>,
    ClientAddr(client): ClientAddr,
    parts: Parts,
    Form(form): Form<SignInForm>,
) -> Response {
    let expected = cookie(&parts, LOGIN_CSRF_COOKIE).unwrap_or_default();
    if expected.is_empty() || !same_secret(expected, &form.csrf) {
        let message = Tr(lang_of(&parts)).t("login.expired").to_string();
        return page(&state, &parts, form.username, Some(message), &form.tiep);
    }
    match sign_in(
        &state,
        &form.username,
        &form.password,
        client,
        SessionKind::Browser,
    )
    .await
    {
        Ok(issued) => {
            let cookie = secret_cookie(
                SESSION_COOKIE,
                &issued.token,
                BROWSER_SESSION_HOURS * 3600,
                over_https(&state, &parts.headers),
            );
            ([(SET_COOKIE, cookie)], Redirect::to(&next_of(&form.tiep))).into_response()
        }
        Err(failure @ (Failure::BadRequest(_) | Failure::TooManyAttempts)) => {
            let status = failure.status();
            (
                status,
                page(
                    &state,
                    &parts,
                    form.username,
                    Some(failure.message_in(lang_of(&parts))),
                    &form.tiep,
                ),
            )
                .into_response()
        }
        Err(other) => PageFailure(other).into_response(),
    }
}

#[derive(Deserialize)]
pub struct SignOutForm {
    csrf: String,
}

pub async fn sign_out(
    State(state): State<AppState>,
    PageCaller(caller): PageCaller,
    parts: Parts,
    Form(form): Form<SignOutForm>,
) -> Result<Response, PageFailure> {
    super::check_csrf(&caller, &form.csrf)?;
    // Ends the session and the API tokens created from it.
    if let Some(token) = cookie(&parts, SESSION_COOKIE) {
        state.store.delete_session(&token_hash(token)).await?;
    }
    crate::audit::record_user(&state, &caller.user, "sign_out", "session", "browser", "").await;
    let cookie = secret_cookie(SESSION_COOKIE, "", 0, over_https(&state, &parts.headers));
    Ok(([(SET_COOKIE, cookie)], Redirect::to("/dang-nhap")).into_response())
}
