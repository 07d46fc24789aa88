//! The home page: who you are, where your scope starts.

use askama::Template;
use axum::extract::State;
use axum::response::Response;
use domain::Scope;

use super::{Chrome, Link, render, scope_label};
use crate::auth::PageCaller;
use crate::failure::PageFailure;
use crate::i18n::Tr;
use crate::state::AppState;

#[derive(Template)]
#[template(path = "home.html")]
struct HomePage {
    tr: Tr,
    chrome: Option<Chrome>,
    scope_label: String,
    start: Option<Link>,
}

pub async fn show(
    State(state): State<AppState>,
    PageCaller(caller): PageCaller,
) -> Result<Response, PageFailure> {
    let start = match &caller.user.scope {
        Scope::Institution { code } => state.store.institution(code).await?.map(|i| Link {
            href: format!("/co-so/{}", i.code),
            label: i.name,
        }),
        scope => crate::access::scope_unit(&state, scope)
            .await?
            .map(|u| Link {
                href: super::units::href(&u),
                label: u.name,
            }),
    };
    let page = HomePage {
        tr: Tr(caller.lang),
        scope_label: scope_label(&state, caller.lang, &caller.user.scope).await,
        chrome: Some(Chrome::of(&state, &caller).await),
        start,
    };
    Ok(render(&page))
}
