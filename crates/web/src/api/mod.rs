//! The JSON API under `/api/v1/`, described by the OpenAPI document at `/api/openapi.json`.

mod figures;
mod graduates;
mod institutions;
mod token;
mod tokens;
mod units;

use axum::Json;
use axum::Router;
use axum::routing::{delete, get, post};
use utoipa::OpenApi;

use crate::state::AppState;

#[derive(OpenApi)]
#[openapi(
    modifiers(&BearerAuth),
    info(
        title = "Huongnghiep API",
        license(name = "MIT"),
        description = "API của hệ thống thông tin giáo dục hướng nghiệp và định hướng phân luồng học sinh. \
                       Xác thực bằng `Authorization: Bearer <token>` lấy từ `POST /api/v1/auth/token`; \
                       thu hồi bằng `DELETE /api/v1/auth/tokens/{id}` hoặc `POST /api/v1/auth/sign-out`. \
                       Lỗi trả về `{\"error\": {\"code\", \"message\"}}`; ngày theo ISO 8601."
    ),
    paths(
        token::issue_token,
        tokens::list_tokens,
        tokens::revoke_token,
        tokens::sign_out,
        units::get_unit,
        units::unit_institutions,
        institutions::get_institution,
        graduates::school_graduates,
        figures::streaming,
        figures::indicators,
    ),
    components(schemas(crate::failure::ErrorBody)),
    tags(
        (name = "auth", description = "Xác thực"),
        (name = "units", description = "Đơn vị hành chính qua các thời kỳ"),
        (name = "institutions", description = "Cơ sở giáo dục, cơ sở GDNN và doanh nghiệp"),
        (name = "figures", description = "Số liệu phân luồng và chỉ tiêu, tính trực tiếp")
    )
)]
pub struct ApiDoc;

/// Declares the bearer-token scheme the endpoints' `security` refers to.
struct BearerAuth;

impl utoipa::Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
        );
    }
}

pub fn router() -> Router<AppState> {
    Router::new()
        .route(
            "/api/openapi.json",
            get(|| async { Json(ApiDoc::openapi()) }),
        )
        .route("/api/v1/auth/token", post(token::issue_token))
        .route("/api/v1/auth/tokens", get(tokens::list_tokens))
        .route("/api/v1/auth/tokens/{id}", delete(tokens::revoke_token))
        .route("/api/v1/auth/sign-out", post(tokens::sign_out))
        .route("/api/v1/units/{code}", get(units::get_unit))
        .route(
            "/api/v1/units/{code}/institutions",
            get(units::unit_institutions),
        )
        .route(
            "/api/v1/institutions/{code}",
            get(institutions::get_institution),
        )
        .route(
            "/api/v1/institutions/{code}/graduates",
            get(graduates::school_graduates),
        )
        .route("/api/v1/units/{code}/streaming", get(figures::streaming))
        .route("/api/v1/units/{code}/indicators", get(figures::indicators))
        .fallback(|| async {
            crate::failure::ApiFailure(crate::failure::Failure::NotFound("địa chỉ API này".into()))
        })
}
