//! The account's API tokens ("Mã truy cập API"): the live tokens of the signed-in user (of every
//! user, for an administrator) with a "Thu hồi" button each, and a button that creates a token
//! tied to this browser session. A new token is shown once, on the answer to its creation.

use crate::extract::Path;
use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use chrono::{DateTime, FixedOffset, Utc};
use serde::Deserialize;

use super::feedback::{Confirmed, Notice};
use super::{Chrome, Form, check_csrf, render};
use crate::auth::tokens::{self, Created, MAX_LABEL_CHARS};
use crate::auth::{Caller, PageCaller};
use crate::failure::{Failure, Msg, PageFailure};
use crate::i18n::Tr;
use crate::state::AppState;

const PAGE: &str = "/tai-khoan/ma-truy-cap";

#[derive(Template)]
#[template(path = "tokens.html")]
struct TokensPage {
    tr: Tr,
    chrome: Option<Chrome>,
    csrf: String,
    /// An administrator sees every user's tokens, with their owner.
    everyone: bool,
    rows: Vec<TokenRow>,
    max_label: usize,
    created: Option<CreatedToken>,
    /// What is wrong with the note typed, shown beside it (kept in `label`).
    error: Option<String>,
    label: String,
    /// The confirmation of what was just done.
    notice: Option<&'static str>,
}

struct TokenRow {
    id: i64,
    owner: String,
    label: String,
    origin: &'static str,
    created_at: String,
    expires_at: String,
}

struct CreatedToken {
    token: String,
    expires_at: String,
}

pub async fn list(
    State(state): State<AppState>,
    PageCaller(caller): PageCaller,
    confirmed: Confirmed,
) -> Result<Response, PageFailure> {
    page(&state, &caller, None, None, confirmed.0).await
}

#[derive(Deserialize)]
pub struct CreateForm {
    csrf: String,
    #[serde(default)]
    label: String,
}

pub async fn create(
    State(state): State<AppState>,
    PageCaller(caller): PageCaller,
    Form(form): Form<CreateForm>,
) -> Result<Response, PageFailure> {
    check_csrf(&caller, &form.csrf)?;
    match tokens::create_for_session(&state, &caller, &form.label).await {
        Ok(created) => page(&state, &caller, Some(created), None, None).await,
        Err(failure @ Failure::BadRequest(_)) => {
            let refused = Refused {
                message: failure.message_in(caller.lang),
                label: form.label,
            };
            let answer = page(&state, &caller, None, Some(refused), None).await?;
            Ok((StatusCode::BAD_REQUEST, answer).into_response())
        }
        Err(other) => Err(other.into()),
    }
}

#[derive(Deserialize)]
pub struct RevokeForm {
    csrf: String,
}

pub async fn revoke(
    State(state): State<AppState>,
    PageCaller(caller): PageCaller,
    Path(id): Path<String>,
    Form(form): Form<RevokeForm>,
) -> Result<Response, PageFailure> {
    check_csrf(&caller, &form.csrf)?;
    let id = id
        .parse::<i64>()
        .map_err(|_| Failure::NotFound(Msg::new("mã truy cập này", "this access token")))?;
    tokens::revoke(&state, &caller, id).await?;
    Ok(Redirect::to(&Notice::TokenRevoked.after(PAGE)).into_response())
}

/// A note refused, with what was typed.
struct Refused {
    message: String,
    label: String,
}

async fn page(
    state: &AppState,
    caller: &Caller,
    created: Option<Created>,
    refused: Option<Refused>,
    notice: Option<Notice>,
) -> Result<Response, PageFailure> {
    let (error, label) = match refused {
        Some(Refused { message, label }) => (Some(message), label),
        None => (None, String::new()),
    };
    let tr = Tr(caller.lang);
    let everyone = tokens::sees_every_token(caller);
    let rows = tokens::list(state, caller, everyone)
        .await?
        .into_iter()
        .map(|token| TokenRow {
            id: token.id,
            owner: token.username,
            label: token.label,
            origin: tr.t(if token.from_session {
                "tokens.origin_session"
            } else {
                "tokens.origin_password"
            }),
            created_at: vietnam_time(token.created_at),
            expires_at: vietnam_time(token.expires_at),
        })
        .collect();
    Ok(render(&TokensPage {
        tr,
        chrome: Some(Chrome::of(state, caller).await),
        csrf: caller.csrf_token.clone(),
        everyone,
        rows,
        max_label: MAX_LABEL_CHARS,
        created: created.map(|c| CreatedToken {
            token: c.token,
            expires_at: vietnam_time(c.expires_at),
        }),
        error,
        label,
        notice: notice.map(|n| n.text(caller.lang)),
    }))
}

/// dd/mm/yyyy hh:mm in Vietnam's time zone (UTC+7).
fn vietnam_time(at: DateTime<Utc>) -> String {
    let vietnam = FixedOffset::east_opt(7 * 3600).expect("UTC+7 is a valid offset");
    at.with_timezone(&vietnam)
        .format("%d/%m/%Y %H:%M")
        .to_string()
}
