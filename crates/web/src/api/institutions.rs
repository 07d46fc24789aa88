//! `GET /api/v1/institutions/{code}`.

use crate::extract::Path;
use axum::Json;
use axum::extract::State;
use domain::Action;
use serde::Serialize;
use store::Institution;
use utoipa::ToSchema;

use crate::access::require_institution;
use crate::auth::ApiCaller;
use crate::failure::ApiFailure;
use crate::lookup;
use crate::state::AppState;

#[derive(Serialize, ToSchema)]
pub struct InstitutionView {
    pub code: String,
    pub name: String,
    /// thcs, thpt, th_thcs, thcs_thpt, dtnt, gdnn_gdtx, intermediate, college, university, enterprise.
    pub kind: String,
    /// public or non_public.
    pub ownership: String,
    pub address: String,
    pub phone: String,
    pub email: String,
    pub province_code: String,
}

impl From<&Institution> for InstitutionView {
    fn from(i: &Institution) -> Self {
        InstitutionView {
            code: i.code.clone(),
            name: i.name.clone(),
            kind: i.kind.code().into(),
            ownership: i.ownership.code().into(),
            address: i.address.clone(),
            phone: i.phone.clone(),
            email: i.email.clone(),
            province_code: i.province_code.clone(),
        }
    }
}

#[utoipa::path(
    get,
    path = "/api/v1/institutions/{code}",
    tag = "institutions",
    params(("code" = String, Path, description = "Mã cơ sở")),
    responses(
        (status = 200, description = "Thông tin cơ sở", body = InstitutionView),
        (status = 403, description = "Ngoài phạm vi quản lý", body = crate::failure::ErrorBody),
        (status = 404, description = "Không có cơ sở mang mã này", body = crate::failure::ErrorBody)
    ),
    security(("bearer" = []))
)]
pub async fn get_institution(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path(code): Path<String>,
) -> Result<Json<InstitutionView>, ApiFailure> {
    let institution = lookup::institution(&state, &code).await?;
    require_institution(&state, &caller, Action::ViewInstitution, &institution).await?;
    Ok(Json(InstitutionView::from(&institution)))
}
