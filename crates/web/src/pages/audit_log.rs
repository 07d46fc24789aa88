//! The audit log page, for administrators and provincial officers.

use askama::Template;
use axum::extract::State;
use axum::response::Response;
use std::collections::HashMap;

use chrono::FixedOffset;
use domain::{Action, Scope};

use super::users::inside_scope;
use super::{Chrome, audit_words, render};
use crate::access::require_role;
use crate::auth::PageCaller;
use crate::failure::PageFailure;
use crate::i18n::Tr;
use crate::state::AppState;

#[derive(Template)]
#[template(path = "audit.html")]
struct AuditPage {
    tr: Tr,
    chrome: Option<Chrome>,
    rows: Vec<AuditRow>,
}

struct AuditRow {
    at: String,
    username: String,
    action: String,
    /// "×123" when a repeated refusal was counted on this row; empty for a single event.
    times: String,
    subject: String,
}

pub async fn show(
    State(state): State<AppState>,
    PageCaller(caller): PageCaller,
) -> Result<Response, PageFailure> {
    require_role(&state, &caller, Action::ViewAudit).await?;
    // Times are shown in Vietnam's time zone (UTC+7), day first.
    let vietnam = FixedOffset::east_opt(7 * 3600).expect("UTC+7 is a valid offset");
    let mut rows = Vec::new();
    // A provincial officer sees the trail of the accounts inside the province only.
    let mut inside: HashMap<Option<i64>, bool> = HashMap::new();
    for event in state.store.audit_events(500).await? {
        let visible = match inside.get(&event.user_id) {
            Some(known) => *known,
            None => {
                let known = match event.user_id {
                    _ if caller.user.scope == Scope::Everywhere => true,
                    Some(id) => match state.store.user(id).await? {
                        Some(user) => inside_scope(&state, &caller.user.scope, &user.scope).await?,
                        None => false,
                    },
                    None => false,
                };
                inside.insert(event.user_id, known);
                known
            }
        };
        if visible {
            rows.push(event);
        }
    }
    let rows = rows
        .into_iter()
        .map(|e| AuditRow {
            at: e
                .at
                .with_timezone(&vietnam)
                .format("%d/%m/%Y %H:%M:%S")
                .to_string(),
            username: e.username,
            action: audit_words::action(caller.lang, &e.action),
            times: if e.occurrences > 1 {
                format!("×{}", e.occurrences)
            } else {
                String::new()
            },
            subject: {
                let subject = audit_words::subject(caller.lang, &e.subject_kind, &e.subject_id);
                match audit_words::detail(caller.lang, &e.action, &e.detail) {
                    detail if detail.is_empty() => subject,
                    detail => format!("{subject} — {detail}"),
                }
            },
        })
        .collect();
    let page = AuditPage {
        tr: Tr(caller.lang),
        rows,
        chrome: Some(Chrome::of(&state, &caller).await),
    };
    Ok(render(&page))
}
