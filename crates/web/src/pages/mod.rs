//! The web UI: server-rendered Vietnamese pages, one module per page, no client-side framework.

mod audit_log;
mod audit_words;
mod dashboard;
pub mod failure_page;
pub mod feedback;
mod form;
mod graduates;
mod home;
mod institutions;
mod reporting;
mod reports;
mod review;
mod signin;
mod tokens;
mod units;
mod upload;
mod upload_form;
mod upload_job;
mod users;

use crate::extract::Path;
use askama::Template;
use axum::Router;
use axum::extract::State;
use axum::http::header;
use axum::response::{Html, IntoResponse, Response};
use axum::routing::{get, post};
use domain::{Action, Role, Scope};

use crate::auth::Caller;
use crate::i18n::{Lang, Tr, role_label};
use crate::state::AppState;

pub use form::Form;

/// Links to the units that took over the work of a unit that ended (`reporting::heirs_of`).
pub async fn heir_links(
    state: &AppState,
    unit: &store::Unit,
) -> Result<Vec<Link>, crate::failure::Failure> {
    Ok(crate::reporting::heirs_of(state, unit)
        .await?
        .into_iter()
        .map(|h| Link {
            href: units::href(&h),
            label: h.name,
        })
        .collect())
}

/// The address of a unit's page, pinned to a day on which that version of its code is valid.
pub fn unit_href(unit: &store::Unit) -> String {
    units::href(unit)
}

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/", get(home::show))
        .route("/dang-nhap", get(signin::form).post(signin::submit))
        .route("/dang-xuat", post(signin::sign_out))
        .route("/don-vi", get(units::provinces))
        .route("/don-vi/{code}", get(units::show))
        .route("/don-vi/{code}/chi-tieu", get(dashboard::show))
        .route("/co-so/{code}", get(institutions::show))
        .route("/co-so/{code}/tot-nghiep", get(graduates::list))
        .route(
            "/co-so/{code}/nhap",
            get(upload::form)
                .post(upload::start)
                // The file is streamed to disk under the cap of `jobs::ImportLimits`, which
                // answers a clear 413; axum's whole-body limit would cut it without a word.
                .layer(axum::extract::DefaultBodyLimit::disable()),
        )
        .route("/co-so/{code}/mau-phan-luong", get(graduates::workbook))
        .route("/co-so/{code}/nhap/{job}", get(upload_job::status))
        .route(
            "/co-so/{code}/nhap/{job}/loi.csv",
            get(upload_job::errors_csv),
        )
        .route("/hoc-sinh/{id}", get(graduates::show))
        .route("/hoc-sinh/{id}/huong-di", post(graduates::set_destination))
        .route("/hoc-sinh/{id}/ten", post(graduates::set_name))
        .route("/hoc-sinh/{id}/theo-doi", post(graduates::add_follow_up))
        .route("/don-vi/{code}/bao-cao/{file}", get(reports::of_unit))
        .route("/co-so/{code}/bao-cao/{file}", get(reports::of_school))
        .route("/bao-cao-dinh-ky", get(reporting::show))
        .route("/bao-cao-dinh-ky/{period}/gui", post(reporting::submit))
        .route("/don-vi/{code}/tong-hop/{period}", get(review::show))
        .route("/bao-cao-nop/{id}/duyet", post(review::approve))
        .route("/bao-cao-nop/{id}/tra-lai", post(review::send_back))
        .route("/dieu-chinh/{id}/duyet", post(review::approve_correction))
        .route("/dieu-chinh/{id}/tu-choi", post(review::reject_correction))
        .route("/nguoi-dung", get(users::list).post(users::create))
        .route("/nguoi-dung/{id}/chuyen", post(users::move_to_heir))
        .route("/nhat-ky", get(audit_log::show))
        .route(
            "/tai-khoan/ma-truy-cap",
            get(tokens::list).post(tokens::create),
        )
        .route("/tai-khoan/ma-truy-cap/{id}/thu-hoi", post(tokens::revoke))
        .route("/static/app.css", get(stylesheet))
        .route("/ngon-ngu/{code}", get(choose_language))
}

/// Switches the interface language (Vietnamese first, English second) and returns to the page
/// the user came from, when it is one of ours.
async fn choose_language(
    State(state): State<AppState>,
    Path(code): Path<String>,
    headers: axum::http::HeaderMap,
) -> Response {
    let lang = Lang::from_code(&code);
    let referred_path = headers
        .get(header::REFERER)
        .and_then(|v| v.to_str().ok())
        .and_then(|referer| referer.split_once("://").map(|(_, rest)| rest))
        .and_then(|rest| rest.find('/').map(|i| &rest[i..]))
        .unwrap_or("/");
    let cookie = crate::auth::cookies::preference_cookie(
        crate::auth::caller::LANG_COOKIE,
        lang.code(),
        31_536_000,
        crate::auth::cookies::over_https(&state, &headers),
    );
    (
        [(header::SET_COOKIE, cookie)],
        axum::response::Redirect::to(local_path(referred_path, "/")),
    )
        .into_response()
}

/// A redirect target taken from the request, kept on this site: a path that begins with a
/// single `/`, not `//` nor `/\` (browsers read both as "another host"), with no backslash or
/// control character anywhere; anything else gives `fallback`. Every redirect built from user
/// input goes through here.
pub fn local_path<'a>(raw: &'a str, fallback: &'a str) -> &'a str {
    let local = raw.starts_with('/')
        && !raw.starts_with("//")
        && !raw.contains('\\')
        && !raw.chars().any(char::is_control);
    if local { raw } else { fallback }
}

async fn stylesheet() -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        include_str!("../../static/app.css"),
    )
}

/// A link with its label, the unit of most lists on the pages.
#[derive(Debug, Clone)]
pub struct Link {
    pub href: String,
    pub label: String,
}

/// The header of every signed-in page: who is there, and the menu their role allows.
pub struct Chrome {
    pub display_name: String,
    pub role_label: &'static str,
    pub nav: Vec<Link>,
    pub csrf: String,
}

impl Chrome {
    pub async fn of(state: &AppState, caller: &Caller) -> Chrome {
        let tr = Tr(caller.lang);
        let role = caller.user.role;
        let mut nav = vec![Link {
            href: "/".into(),
            label: tr.t("nav.home").into(),
        }];
        match &caller.user.scope {
            Scope::Institution { code } => {
                if role.can(Action::ViewInstitution) {
                    nav.push(Link {
                        href: format!("/co-so/{code}"),
                        label: tr.t("nav.institution").into(),
                    });
                }
                if role.can(Action::ViewPersons) {
                    nav.push(Link {
                        href: format!("/co-so/{code}/tot-nghiep"),
                        label: tr.t("nav.graduates").into(),
                    });
                }
                if role.can(Action::EditGraduate) {
                    nav.push(Link {
                        href: format!("/co-so/{code}/nhap"),
                        label: tr.t("nav.upload").into(),
                    });
                }
            }
            scope => {
                if role.can(Action::ViewUnit)
                    && let Ok(Some(unit)) = crate::access::scope_unit(state, scope).await
                {
                    nav.push(Link {
                        href: format!(
                            "/don-vi/{}/chi-tieu?ngay={}",
                            unit.code,
                            interchange::dates::format_vi(crate::lookup::day_within(&unit))
                        ),
                        label: tr.t("nav.dashboard").into(),
                    });
                    nav.push(Link {
                        href: units::href(&unit),
                        label: tr.t("nav.units").into(),
                    });
                }
                if role.can(Action::ViewUnit) && *scope == Scope::Everywhere {
                    nav.push(Link {
                        href: "/don-vi".into(),
                        label: tr.t("nav.units").into(),
                    });
                }
            }
        }
        if role.can(Action::SubmitReport) || role.can(Action::ReviewReports) {
            nav.push(Link {
                href: "/bao-cao-dinh-ky".into(),
                label: tr.t("nav.reporting").into(),
            });
        }
        if role.can(Action::ManageUsers) {
            nav.push(Link {
                href: "/nguoi-dung".into(),
                label: tr.t("nav.users").into(),
            });
        }
        if role.can(Action::ViewAudit) {
            nav.push(Link {
                href: "/nhat-ky".into(),
                label: tr.t("nav.audit").into(),
            });
        }
        nav.push(Link {
            href: "/tai-khoan/ma-truy-cap".into(),
            label: tr.t("tokens.nav").into(),
        });
        Chrome {
            display_name: caller.user.display_name.clone(),
            role_label: role_label(caller.lang, role),
            nav,
            csrf: caller.csrf_token.clone(),
        }
    }
}

/// Renders a template into a response; a template that fails to render is a bug, shown as a
/// plain error page rather than a stack trace.
pub fn render(template: &impl Template) -> Response {
    match template.render() {
        Ok(body) => Html(body).into_response(),
        Err(error) => {
            tracing::error!(error = %error, "không dựng được trang");
            error_page(crate::failure::Failure::Internal)
        }
    }
}

/// The page of a failure outside any request handler (the caller's menu is added by
/// `failure_page::dress`).
pub fn error_page(failure: crate::failure::Failure) -> Response {
    failure_page::bare(&failure)
}

/// The label of a scope: "Huyện Bến Lức", "Trường THCS …" (names, data), or the whole country
/// in the page's language.
pub async fn scope_label(state: &AppState, lang: Lang, scope: &Scope) -> String {
    let tr = Tr(lang);
    match scope {
        Scope::Everywhere => tr.t("scope.everywhere").into(),
        Scope::Unit { unit_id } => match state.store.unit(*unit_id).await {
            Ok(Some(unit)) => unit.name,
            _ => format!("{} #{unit_id}", tr.t("scope.unit")),
        },
        Scope::Institution { code } => match state.store.institution(code).await {
            Ok(Some(institution)) => institution.name,
            _ => format!("{} {code}", tr.t("scope.institution")),
        },
    }
}

/// Roles offered in forms, with their Vietnamese labels.
pub fn role_choices(lang: Lang, granter: Role) -> Vec<(&'static str, &'static str)> {
    Role::ALL
        .into_iter()
        .filter(|role| granter.may_grant(*role))
        .map(|role| (role.code(), role_label(lang, role)))
        .collect()
}

/// Every form of a signed-in page carries the session's CSRF token; a mismatch is refused.
pub fn check_csrf(caller: &Caller, sent: &str) -> Result<(), crate::failure::Failure> {
    if crate::auth::secrets::same_secret(&caller.csrf_token, sent) {
        Ok(())
    } else {
        Err(csrf_refusal())
    }
}

/// The answer to a form without the session's CSRF token, or with a stale one: possibly sent by
/// another site, so refused (403) whatever it asks.
pub fn csrf_refusal() -> crate::failure::Failure {
    crate::failure::Failure::StaleForm
}

#[cfg(test)]
mod tests {
    use super::local_path;

    #[test]
    fn only_paths_of_this_site_are_redirect_targets() {
        for local in ["/", "/don-vi/80", "/bao-cao-dinh-ky?ky=2024"] {
            assert_eq!(local_path(local, "/x"), local);
        }
        for foreign in [
            "//evil.example/",
            "/\\evil.example/",
            "/a\\b",
            "https://evil.example/",
            "evil.example",
            "",
            "/\tevil",
            "/a\nb",
        ] {
            assert_eq!(local_path(foreign, "/x"), "/x", "{foreign:?}");
        }
    }
}
