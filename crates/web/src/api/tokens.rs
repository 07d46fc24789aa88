//! `GET /api/v1/auth/tokens`, `DELETE /api/v1/auth/tokens/{id}`, `POST /api/v1/auth/sign-out`:
//! a user's API tokens listed and revoked (any user's, for an administrator), and the calling
//! token ended by itself.

use crate::extract::{Path, Query};
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::auth::{ApiCaller, tokens};
use crate::failure::{ApiFailure, Failure};
use crate::state::AppState;

/// A token as listed: never the token itself.
#[derive(Serialize, ToSchema)]
pub struct TokenItem {
    /// The token's number, for `DELETE /api/v1/auth/tokens/{id}`.
    pub id: i64,
    /// Its owner's username.
    pub username: String,
    /// The owner's note; empty for tokens obtained with username and password.
    pub label: String,
    /// `session`: created on the account page, ends with that browser session;
    /// `password`: obtained from `POST /api/v1/auth/token`.
    pub origin: String,
    pub created_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
}

impl From<store::TokenInfo> for TokenItem {
    fn from(token: store::TokenInfo) -> Self {
        TokenItem {
            id: token.id,
            username: token.username,
            label: token.label,
            origin: if token.from_session {
                "session"
            } else {
                "password"
            }
            .into(),
            created_at: token.created_at,
            expires_at: token.expires_at,
        }
    }
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct TokenListQuery {
    /// `true`: the tokens of every user (administrators only).
    #[serde(default)]
    pub all: bool,
}

#[utoipa::path(
    get,
    path = "/api/v1/auth/tokens",
    tag = "auth",
    params(TokenListQuery),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Các mã truy cập còn hiệu lực, mới nhất trước", body = [TokenItem]),
        (status = 401, description = "Chưa đăng nhập", body = crate::failure::ErrorBody),
        (status = 403, description = "Chỉ quản trị viên xem được mã của mọi người", body = crate::failure::ErrorBody)
    )
)]
pub async fn list_tokens(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Query(query): Query<TokenListQuery>,
) -> Result<Json<Vec<TokenItem>>, ApiFailure> {
    let listed = tokens::list(&state, &caller, query.all).await?;
    Ok(Json(listed.into_iter().map(TokenItem::from).collect()))
}

#[utoipa::path(
    delete,
    path = "/api/v1/auth/tokens/{id}",
    tag = "auth",
    params(("id" = i64, Path, description = "Số của mã truy cập")),
    security(("bearer" = [])),
    responses(
        (status = 204, description = "Đã thu hồi; mã không còn dùng được"),
        (status = 401, description = "Chưa đăng nhập", body = crate::failure::ErrorBody),
        (status = 403, description = "Mã của người khác", body = crate::failure::ErrorBody),
        (status = 404, description = "Không có mã này (hoặc đã hết hạn, đã thu hồi)", body = crate::failure::ErrorBody)
    )
)]
pub async fn revoke_token(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path(id): Path<String>,
) -> Result<StatusCode, ApiFailure> {
    let id = id
        .parse::<i64>()
        .map_err(|_| Failure::NotFound("mã truy cập này".into()))?;
    tokens::revoke(&state, &caller, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(
    post,
    path = "/api/v1/auth/sign-out",
    tag = "auth",
    security(("bearer" = [])),
    responses(
        (status = 204, description = "Mã truy cập của yêu cầu này đã bị thu hồi"),
        (status = 400, description = "Yêu cầu không dùng mã truy cập", body = crate::failure::ErrorBody),
        (status = 401, description = "Chưa đăng nhập", body = crate::failure::ErrorBody)
    )
)]
pub async fn sign_out(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
) -> Result<StatusCode, ApiFailure> {
    tokens::sign_out_token(&state, &caller).await?;
    Ok(StatusCode::NO_CONTENT)
}
