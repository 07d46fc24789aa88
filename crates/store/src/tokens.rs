//! API tokens as kept: listed by their owner and by an administrator, revoked by either, and
//! ended with the browser session that created them. Only a token's SHA-256 is stored; what a
//! list shows (number, label, origin, times) opens nothing.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::Result;

/// A token opened on behalf of a signed-in browser session ("Tạo mã truy cập").
#[derive(Debug, Clone)]
pub struct NewToken {
    pub token_hash: String,
    pub user_id: i64,
    /// The browser session that creates it: signing out of that session revokes the token.
    pub parent_session_id: i64,
    /// Unused by bearer requests, but never empty, so no empty secret can ever match.
    pub csrf_token: String,
    /// The owner's note ("Script báo cáo tháng"); may be empty.
    pub label: String,
    pub created_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
}

/// What a list of tokens shows: never the token nor its hash.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TokenInfo {
    pub id: i64,
    pub user_id: i64,
    pub username: String,
    pub label: String,
    /// Created from a browser session (and ending with it), rather than with username and
    /// password through the API.
    pub from_session: bool,
    pub created_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
}

#[async_trait]
pub trait TokenStore {
    /// Opens an API token under a browser session; returns its number.
    async fn create_session_token(&self, token: &NewToken) -> Result<i64>;
    /// The live API tokens of one user, or of everyone (`None`), newest first.
    async fn tokens(&self, owner: Option<i64>, now: DateTime<Utc>) -> Result<Vec<TokenInfo>>;
    /// One live API token by its number.
    async fn token(&self, id: i64, now: DateTime<Utc>) -> Result<Option<TokenInfo>>;
    /// Revokes an API token, only if it belongs to `owner` (any owner with `None`, for an
    /// administrator); whether a token was revoked. The owner is checked by the statement
    /// itself, so no check-then-delete race exists.
    async fn revoke_token(&self, id: i64, owner: Option<i64>) -> Result<bool>;
}

pub(crate) const TOKEN_COLUMNS: &str = "s.id, s.user_id, u.username, s.label, s.parent_id, \
     s.created_at, s.expires_at";

#[derive(sqlx::FromRow)]
pub(crate) struct TokenRow {
    pub id: i64,
    pub user_id: i64,
    pub username: String,
    pub label: String,
    pub parent_id: Option<i64>,
    pub created_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
}

impl From<TokenRow> for TokenInfo {
    fn from(row: TokenRow) -> Self {
        TokenInfo {
            id: row.id,
            user_id: row.user_id,
            username: row.username,
            label: row.label,
            from_session: row.parent_id.is_some(),
            created_at: row.created_at,
            expires_at: row.expires_at,
        }
    }
}
