//! `GET /api/v1/institutions/{code}/graduates`: a school's graduates in Vietnamese list order.
//! Personal data of minors: allowed to the school and the education offices above it, audited.

use crate::extract::{Path, Query};
use axum::Json;
use axum::extract::State;
use chrono::NaiveDate;
use domain::{Action, Level};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::access::require_records;
use crate::auth::ApiCaller;
use crate::failure::{ApiFailure, Failure};
use crate::state::AppState;
use crate::{audit, lookup};

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct GraduateQuery {
    /// The year the cohort graduates (2024 = school year 2023-2024); the latest by default.
    pub year: Option<i32>,
    /// thcs or thpt; the school's own level by default.
    pub level: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct GraduateView {
    pub id: i64,
    pub moet_id: Option<String>,
    /// Family and middle names ("Nguyễn Văn").
    pub family_middle: String,
    /// Given name ("An").
    pub given: String,
    pub full_name: String,
    pub birth_date: NaiveDate,
    /// male or female.
    pub gender: String,
    /// 01-54, 55 foreigner, 00 unknown.
    pub ethnicity: String,
    pub class_name: String,
    pub academic: Option<String>,
    pub conduct: Option<String>,
    pub exam_sat: Option<bool>,
    pub exam_passed: Option<bool>,
    pub wishes: String,
    /// A destination code: thpt_public, thpt_private, gdtx, gdtx_vocational, elementary,
    /// intermediate, college, university, working, working_abroad, military, not_continuing, unknown.
    pub destination: String,
    pub destination_institution: Option<String>,
    pub destination_date: Option<NaiveDate>,
}

impl From<&store::Graduate> for GraduateView {
    fn from(g: &store::Graduate) -> Self {
        let d = &g.data;
        GraduateView {
            id: g.id,
            moet_id: d.moet_id.clone(),
            family_middle: d.name.family_middle.clone(),
            given: d.name.given.clone(),
            full_name: d.name.full(),
            birth_date: d.birth_date,
            gender: d.gender.code().into(),
            ethnicity: d.ethnicity.clone(),
            class_name: d.class_name.clone(),
            academic: d.academic.clone(),
            conduct: d.conduct.clone(),
            exam_sat: d.exam_sat,
            exam_passed: d.exam_passed,
            wishes: d.wishes.clone(),
            destination: d.destination.code().into(),
            destination_institution: d.destination_institution.clone(),
            destination_date: d.destination_date,
        }
    }
}

#[utoipa::path(
    get,
    path = "/api/v1/institutions/{code}/graduates",
    tag = "institutions",
    params(("code" = String, Path, description = "Mã trường"), GraduateQuery),
    responses(
        (status = 200, description = "Học sinh tốt nghiệp, theo lớp rồi theo tên, tên đệm, họ (thứ tự tiếng Việt)", body = [GraduateView]),
        (status = 400, description = "Cấp học không hợp lệ", body = crate::failure::ErrorBody),
        (status = 403, description = "Ngoài phạm vi quản lý hoặc không được xem dữ liệu cá nhân", body = crate::failure::ErrorBody),
        (status = 404, description = "Không có trường", body = crate::failure::ErrorBody)
    ),
    security(("bearer" = []))
)]
pub async fn school_graduates(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path(code): Path<String>,
    Query(query): Query<GraduateQuery>,
) -> Result<Json<Vec<GraduateView>>, ApiFailure> {
    let school = lookup::institution(&state, &code).await?;
    let level = match query.level.as_deref() {
        None | Some("") => lookup::default_level(school.kind),
        Some(raw) => Level::parse(raw).ok_or_else(|| {
            Failure::BadRequest(format!("Cấp học “{raw}” không hợp lệ (thcs, thpt).").into())
        })?,
    };
    let year = match query.year {
        Some(year) => year,
        None => lookup::latest_cohort_for(&state, &caller.user.scope).await?,
    };
    require_records(&state, &caller, Action::ViewPersons, &school, year).await?;
    let graduates = lookup::graduates_in_order(&state, &school.code, year, level).await?;
    let subject = format!("{}/{}/{}", school.code, year, level.code());
    audit::record_user(
        &state,
        &caller.user,
        "view_persons",
        "graduates",
        &subject,
        &format!("{} hồ sơ", graduates.len()),
    )
    .await;
    Ok(Json(graduates.iter().map(GraduateView::from).collect()))
}
