//! `POST /api/v1/auth/token`: a bearer token for scripts.

use axum::Json;
use axum::extract::State;
use axum::extract::rejection::JsonRejection;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use store::SessionKind;
use utoipa::ToSchema;

use crate::auth::caller::ClientAddr;
use crate::auth::signin::sign_in;
use crate::failure::{ApiFailure, Failure};
use crate::state::AppState;

#[derive(Deserialize, ToSchema)]
pub struct TokenRequest {
    pub username: String,
    pub password: String,
}

#[derive(Serialize, ToSchema)]
pub struct TokenResponse {
    /// Send as `Authorization: Bearer <token>`.
    pub token: String,
    pub expires_at: DateTime<Utc>,
}

#[utoipa::path(
    post,
    path = "/api/v1/auth/token",
    tag = "auth",
    request_body = TokenRequest,
    responses(
        (status = 200, description = "Mã truy cập", body = TokenResponse),
        (status = 400, description = "Sai tên đăng nhập hoặc mật khẩu", body = crate::failure::ErrorBody),
        (status = 429, description = "Sai quá nhiều lần, tạm khóa", body = crate::failure::ErrorBody),
        (status = 503, description = "Hệ thống đang bận (có header Retry-After), vui lòng thử lại sau", body = crate::failure::ErrorBody)
    )
)]
pub async fn issue_token(
    State(state): State<AppState>,
    ClientAddr(client): ClientAddr,
    body: Result<Json<TokenRequest>, JsonRejection>,
) -> Result<Json<TokenResponse>, ApiFailure> {
    let Json(request) = body.map_err(|_| {
        Failure::BadRequest(
            "Nội dung yêu cầu phải là JSON {\"username\": …, \"password\": …}.".into(),
        )
    })?;
    let issued = sign_in(
        &state,
        &request.username,
        &request.password,
        client,
        SessionKind::Api,
    )
    .await?;
    Ok(Json(TokenResponse {
        token: issued.token,
        expires_at: issued.expires_at,
    }))
}
