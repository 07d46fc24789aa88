//! The audit trail: sign-ins, changes, refusals and every view or export of a person's data.
//! Events name their subject by kind and identifier only; personal data never enters them.

use chrono::Utc;
use store::{NewAuditEvent, UserRecord};

use crate::state::AppState;

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
    if let Err(error) = state.store.audit(&event).await {
        // The operator must know the trail has a gap; the action itself has already happened.
        tracing::error!(error = ?error, action, "không ghi được nhật ký");
    }
}
