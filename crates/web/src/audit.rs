//! The audit trail: sign-ins, changes, refusals and every view or export of a person's data.
//! Events name their subject by kind and identifier only; personal data never enters them.

use chrono::Utc;
use store::{NewAuditEvent, UserRecord};

use crate::state::AppState;

/// The refusals a caller can repeat as fast as they like, counted per minute rather than written
/// once each. (Failed sign-ins stay one row each: throttling bounds them per account and
/// address.)
const REPEATABLE: &[&str] = &["access_denied", "sign_in_throttled"];

pub async fn record_user(
    state: &AppState,
    user: &UserRecord,
    action: &str,
    subject_kind: &str,
    subject_id: &str,
    detail: &str,
) {
    write(
        state,
        Some(user.id),
        &user.username,
        action,
        subject_kind,
        subject_id,
        detail,
    )
    .await;
}

pub async fn record_anonymous(state: &AppState, username: &str, action: &str) {
    write(state, None, username, action, "session", "", "").await;
}

async fn write(
    state: &AppState,
    user_id: Option<i64>,
    username: &str,
    action: &str,
    subject_kind: &str,
    subject_id: &str,
    detail: &str,
) {
    let event = NewAuditEvent {
        at: Utc::now(),
        user_id,
        username: username.to_string(),
        action: action.to_string(),
        subject_kind: subject_kind.to_string(),
        subject_id: subject_id.to_string(),
        detail: detail.to_string(),
    };
    // A refusal can be repeated at will (a flooded forbidden page): it is counted on one row
    // per (who, action, subject, minute) so that a flood cannot fill the trail.
    let written = if REPEATABLE.contains(&action) {
        state.store.audit_repeated(&event).await
    } else {
        state.store.audit(&event).await
    };
    if let Err(error) = written {
        // The operator must know the trail has a gap; the action itself has already happened.
        tracing::error!(error = ?error, action, "không ghi được nhật ký");
    }
}
