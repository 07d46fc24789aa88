//! API tokens of a user: created from a signed-in browser session (and ending with it), listed
//! and revoked by their owner or by an administrator. The account page and the API both call
//! these; each change is audited.

use chrono::{DateTime, Duration, Utc};
use domain::Role;
use store::{NewToken, SessionKind, TokenInfo};

use super::Caller;
use super::secrets::{new_token, token_hash};
use super::signin::API_TOKEN_HOURS;
use crate::audit;
use crate::failure::{Failure, Msg};
use crate::state::AppState;

/// A label is a short note for the owner ("Script báo cáo tháng").
pub const MAX_LABEL_CHARS: usize = 80;

/// A token just created: the secret is shown once and never again.
pub struct Created {
    pub id: i64,
    pub token: String,
    pub expires_at: DateTime<Utc>,
}

/// Only an administrator sees and revokes the tokens of others.
pub fn sees_every_token(caller: &Caller) -> bool {
    caller.user.role == Role::Admin
}

/// Opens a token under the caller's browser session. It lives no longer than that session: it
/// ends at the session's expiry, or at its sign-out, whichever comes first.
pub async fn create_for_session(
    state: &AppState,
    caller: &Caller,
    label: &str,
) -> Result<Created, Failure> {
    if caller.via != SessionKind::Browser {
        return Err(Failure::BadRequest(Msg::new(
            "Mã truy cập chỉ tạo được từ phiên đăng nhập trên trình duyệt \
             (hoặc bằng POST /api/v1/auth/token).",
            "An access token is created from a browser session only \
             (or with POST /api/v1/auth/token).",
        )));
    }
    let label = clean_label(label)?;
    let now = Utc::now();
    let expires_at = (now + Duration::hours(API_TOKEN_HOURS)).min(caller.expires_at);
    let token = new_token();
    let id = state
        .store
        .create_session_token(&NewToken {
            token_hash: token_hash(&token),
            user_id: caller.user.id,
            parent_session_id: caller.session_id,
            csrf_token: new_token(),
            label,
            created_at: now,
            expires_at,
        })
        .await?;
    audit::record_user(
        state,
        &caller.user,
        "create_token",
        "token",
        &id.to_string(),
        "",
    )
    .await;
    Ok(Created {
        id,
        token,
        expires_at,
    })
}

/// The caller's live tokens, or every user's when an administrator asks for all.
pub async fn list(
    state: &AppState,
    caller: &Caller,
    everyone: bool,
) -> Result<Vec<TokenInfo>, Failure> {
    if everyone && !sees_every_token(caller) {
        audit::record_user(
            state,
            &caller.user,
            "access_denied",
            "token",
            "*",
            "ListTokens",
        )
        .await;
        return Err(Failure::Forbidden);
    }
    let owner = (!everyone).then_some(caller.user.id);
    Ok(state.store.tokens(owner, Utc::now()).await?)
}

/// Revokes a token of the caller (any token, for an administrator). The owner is checked by the
/// deleting statement itself; only when nothing was deleted is the reason looked up.
pub async fn revoke(state: &AppState, caller: &Caller, id: i64) -> Result<(), Failure> {
    let owner = (!sees_every_token(caller)).then_some(caller.user.id);
    if state.store.revoke_token(id, owner).await? {
        audit::record_user(
            state,
            &caller.user,
            "revoke_token",
            "token",
            &id.to_string(),
            "",
        )
        .await;
        return Ok(());
    }
    match state.store.token(id, Utc::now()).await? {
        Some(_) => {
            audit::record_user(
                state,
                &caller.user,
                "access_denied",
                "token",
                &id.to_string(),
                "RevokeToken",
            )
            .await;
            Err(Failure::Forbidden)
        }
        None => Err(Failure::NotFound(
            "mã truy cập này (đã hết hạn hoặc đã thu hồi)".into(),
        )),
    }
}

/// Ends the token the request came with (`POST /api/v1/auth/sign-out`).
pub async fn sign_out_token(state: &AppState, caller: &Caller) -> Result<(), Failure> {
    if caller.via != SessionKind::Api {
        return Err(Failure::BadRequest(
            "Yêu cầu này dùng mã truy cập (Authorization: Bearer …); \
             trên trình duyệt hãy dùng nút Đăng xuất."
                .into(),
        ));
    }
    state
        .store
        .revoke_token(caller.session_id, Some(caller.user.id))
        .await?;
    audit::record_user(state, &caller.user, "sign_out", "session", "api", "").await;
    Ok(())
}

/// NFC, without control or bidirectional-override characters, at most `MAX_LABEL_CHARS`.
fn clean_label(raw: &str) -> Result<String, Failure> {
    let label: String = domain::text::clean(raw)
        .chars()
        .filter(|c| !c.is_control() && !is_bidi_control(*c))
        .collect();
    let label = label.trim().to_string();
    if label.chars().count() > MAX_LABEL_CHARS {
        return Err(Failure::BadRequest(Msg::new(
            format!("Ghi chú của mã truy cập dài quá {MAX_LABEL_CHARS} ký tự."),
            format!("A token's note has at most {MAX_LABEL_CHARS} characters."),
        )));
    }
    Ok(label)
}

/// The characters that reorder text on screen (U+202A–U+202E, U+2066–U+2069, U+200E/F).
fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_label_loses_control_and_reordering_characters() {
        assert_eq!(
            clean_label(" Script\u{0}báo cáo\u{202E} ").ok(),
            Some("Scriptbáo cáo".to_string())
        );
    }

    #[test]
    fn a_label_longer_than_the_limit_is_refused_with_the_limit() {
        let long = "a".repeat(MAX_LABEL_CHARS + 1);
        let refused = clean_label(&long).err().map(|f| f.message());
        assert!(refused.is_some_and(|m| m.contains("80 ký tự")));
        assert!(clean_label(&"ă".repeat(MAX_LABEL_CHARS)).is_ok());
    }
}
