//! The home page: who you are, what is due for you (reports to send or review, corrections,
//! class lists expected), one tap from each; an account whose unit ended is told where the work
//! went.

use askama::Template;
use axum::extract::State;
use axum::response::Response;
use domain::{Action, Scope};

use super::{Chrome, Link, render, scope_label};
use crate::auth::PageCaller;
use crate::due::{Due, due_for};
use crate::failure::PageFailure;
use crate::i18n::Tr;
use crate::lookup;
use crate::state::AppState;

#[derive(Template)]
#[template(path = "home.html")]
struct HomePage {
    tr: Tr,
    chrome: Option<Chrome>,
    scope_label: String,
    start: Option<Link>,
    due: Vec<Due>,
    /// Officials see the due list (empty or not); students and parents do not have one.
    official: bool,
    ended: Option<String>,
    heirs: Vec<Link>,
}

pub async fn show(
    State(state): State<AppState>,
    PageCaller(caller): PageCaller,
) -> Result<Response, PageFailure> {
    let role = caller.user.role;
    let tr = Tr(caller.lang);
    let mut ended = None;
    let mut heirs = Vec::new();
    let start = match &caller.user.scope {
        Scope::Institution { code } if role.can(Action::ViewInstitution) => {
            state.store.institution(code).await?.map(|i| Link {
                href: format!("/co-so/{}", i.code),
                label: i.name,
            })
        }
        Scope::Institution { .. } => None,
        scope => match crate::access::scope_unit(&state, scope).await? {
            Some(unit) => {
                if let Some(end) = unit.validity.to
                    && end < lookup::today()
                {
                    ended = Some(format!(
                        "{} {} {}.",
                        unit.name,
                        tr.t("home.ended"),
                        interchange::dates::format_vi(end)
                    ));
                    heirs = super::heir_links(&state, &unit).await?;
                }
                Some(Link {
                    href: super::units::href(&unit),
                    label: unit.name,
                })
            }
            None => None,
        },
    };
    let official = !matches!(role, domain::Role::Student | domain::Role::Parent);
    let due = if official {
        due_for(&state, &caller).await?
    } else {
        Vec::new()
    };
    let page = HomePage {
        tr,
        scope_label: scope_label(&state, caller.lang, &caller.user.scope).await,
        chrome: Some(Chrome::of(&state, &caller).await),
        start,
        due,
        official,
        ended,
        heirs,
    };
    Ok(render(&page))
}
