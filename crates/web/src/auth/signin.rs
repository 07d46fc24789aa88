//! Signing in: password check, throttling of repeated failures, and the session or token that
//! results. Every attempt is audited (by username, never by password).

use std::net::IpAddr;

use chrono::{Duration, Utc};
use store::{NewSession, SessionKind, UserRecord};

use super::secrets::{hash_password, new_token, token_hash, verify_password};
use crate::audit;
use crate::cpu;
use crate::failure::{Failure, Msg};
use crate::state::AppState;

/// Attempts allowed within the window; later ones are refused until the window has passed
/// since the last attempt. A successful sign-in clears the count.
pub const MAX_FAILURES: i64 = 5;
pub const FAILURE_WINDOW_MINUTES: i64 = 15;
pub const BROWSER_SESSION_HOURS: i64 = 8;
pub const API_TOKEN_HOURS: i64 = 24;

/// A new session: the secret to hand to the client once, and its expiry.
pub struct Issued {
    pub token: String,
    pub expires_at: chrono::DateTime<Utc>,
    pub user: UserRecord,
}

/// Checks the credentials and, when they hold, opens a session of the given kind.
pub async fn sign_in(
    state: &AppState,
    username: &str,
    password: &str,
    client: Option<IpAddr>,
    kind: SessionKind,
) -> Result<Issued, Failure> {
    let username = domain::text::clean(username);
    let now = Utc::now();
    let window_start = now - Duration::minutes(FAILURE_WINDOW_MINUTES);
    // Throttled per account and address, so one attacker cannot lock a user out everywhere.
    let key = token_hash(&format!(
        "{}|{}",
        username.to_lowercase(),
        client.map(|ip| ip.to_string()).unwrap_or_default()
    ));
    // The attempt is counted before the password is looked at, in one statement of the store:
    // a hundred attempts sent at once get the numbers 1 to 100, and only the first five are
    // checked. Counting after the check would let them all pass a count of zero.
    let attempt = state
        .store
        .count_sign_in_attempt(&key, now, window_start)
        .await?;
    if attempt > MAX_FAILURES {
        audit::record_anonymous(state, &username, "sign_in_throttled").await;
        return Err(Failure::TooManyAttempts);
    }
    let user = state.store.user_by_username(&username).await?;
    let stored_hash = user
        .as_ref()
        .filter(|user| user.active)
        .map(|user| user.password_hash.clone());
    let verified = password_matches(password, stored_hash).await?;
    let Some(user) = user.filter(|_| verified) else {
        audit::record_anonymous(state, &username, "sign_in_failed").await;
        return Err(Failure::BadRequest(Msg::new(
            "Tên đăng nhập hoặc mật khẩu không đúng.",
            "Wrong username or password.",
        )));
    };
    state.store.clear_sign_in_attempts(&key).await?;
    let token = new_token();
    let hours = match kind {
        SessionKind::Browser => BROWSER_SESSION_HOURS,
        SessionKind::Api => API_TOKEN_HOURS,
    };
    let expires_at = now + Duration::hours(hours);
    state
        .store
        .create_session(&NewSession {
            token_hash: token_hash(&token),
            user_id: user.id,
            csrf_token: new_token(),
            kind,
            created_at: now,
            expires_at,
        })
        .await?;
    audit::record_user(state, &user, "sign_in", "session", kind.code(), "").await;
    Ok(Issued {
        token,
        expires_at,
        user,
    })
}

/// Checks a password against a stored hash off the async workers (Argon2 takes tens of
/// milliseconds of a core), under the bound on CPU work. Without a hash (no such account, or a
/// disabled one) a hash is computed all the same, so timing does not reveal which names exist.
async fn password_matches(password: &str, stored_hash: Option<String>) -> Result<bool, Failure> {
    let password = password.to_string();
    cpu::run(move || match stored_hash {
        Some(hash) => verify_password(&password, &hash),
        None => {
            let _ = hash_password(&password);
            false
        }
    })
    .await
}
