//! A school's graduates: the class lists in Vietnamese order, and one graduate's record with its
//! destination, follow-ups and history. Every view of a person's data is audited.

use crate::extract::{Path, Query};
use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use chrono::Utc;
use domain::{Action, Destination, Level};
use interchange::dates::format_vi;
use serde::Deserialize;
use store::{Graduate, GraduatePlan, GraduateUpdate, Institution, NewFollowUp};

use super::feedback::{Confirmed, Kept, Notice};
use super::{Chrome, Form, check_csrf, render};
use crate::access::require_records;
use crate::auth::{Caller, PageCaller};
use crate::failure::Msg;
use crate::failure::{Failure, PageFailure};
use crate::i18n::{Lang, Tr};
use crate::labels;
use crate::state::AppState;
use crate::{audit, lookup};

#[derive(Deserialize)]
pub struct CohortQuery {
    nam: Option<i32>,
    cap: Option<String>,
}

struct ClassList {
    name: String,
    rows: Vec<ListRow>,
}

struct ListRow {
    id: i64,
    family_middle: String,
    given: String,
    birth: String,
    gender: &'static str,
    destination: &'static str,
}

#[derive(Template)]
#[template(path = "graduates.html")]
struct GraduatesPage {
    tr: Tr,
    chrome: Option<Chrome>,
    school_code: String,
    school_name: String,
    year: i32,
    years: Vec<i32>,
    level_code: &'static str,
    level_label: &'static str,
    levels: Vec<(&'static str, &'static str)>,
    total: usize,
    classes: Vec<ClassList>,
    can_import: bool,
}

pub async fn list(
    State(state): State<AppState>,
    PageCaller(caller): PageCaller,
    Path(code): Path<String>,
    Query(query): Query<CohortQuery>,
) -> Result<Response, PageFailure> {
    let school = lookup::institution(&state, &code).await?;
    let level = match query.cap.as_deref() {
        Some(raw) if !raw.is_empty() => Level::parse(raw)
            .ok_or_else(|| Failure::BadRequest(format!("Cấp học “{raw}” không hợp lệ.").into()))?,
        _ => lookup::default_level(school.kind),
    };
    let latest = lookup::latest_cohort_year();
    let year = match query.nam {
        Some(year) => year,
        None => lookup::latest_cohort_for(&state, &caller.user.scope).await?,
    };
    require_records(&state, &caller, Action::ViewPersons, &school, year).await?;
    let graduates = lookup::graduates_in_order(&state, &school.code, year, level).await?;
    audit::record_user(
        &state,
        &caller.user,
        "view_persons",
        "graduates",
        &format!("{}/{year}/{}", school.code, level.code()),
        "",
    )
    .await;
    let mut classes: Vec<ClassList> = Vec::new();
    for g in &graduates {
        let row = ListRow {
            id: g.id,
            family_middle: g.data.name.family_middle.clone(),
            given: g.data.name.given.clone(),
            birth: format_vi(g.data.birth_date),
            gender: labels::gender(caller.lang, g.data.gender),
            destination: labels::destination(caller.lang, g.data.destination),
        };
        match classes.last_mut() {
            Some(class) if class.name == g.data.class_name => class.rows.push(row),
            _ => classes.push(ClassList {
                name: g.data.class_name.clone(),
                rows: vec![row],
            }),
        }
    }
    let page = GraduatesPage {
        tr: Tr(caller.lang),
        school_code: school.code.clone(),
        school_name: school.name.clone(),
        year,
        years: (2018..=latest).rev().collect(),
        level_code: level.code(),
        level_label: labels::level(caller.lang, level),
        levels: Level::ALL
            .iter()
            .map(|l| (l.code(), labels::level(caller.lang, *l)))
            .collect(),
        total: graduates.len(),
        classes,
        can_import: caller.user.role.can(Action::EditGraduate),
        chrome: Some(Chrome::of(&state, &caller).await),
    };
    Ok(render(&page))
}

#[derive(Template)]
#[template(path = "graduate.html")]
struct GraduatePage {
    tr: Tr,
    chrome: Option<Chrome>,
    csrf: String,
    id: i64,
    school_code: String,
    school_name: String,
    year: i32,
    level_code: &'static str,
    full_name: String,
    family_middle: String,
    given: String,
    moet_id: String,
    birth: String,
    gender: &'static str,
    ethnicity: String,
    class_name: String,
    results: String,
    exam: String,
    wishes: String,
    destination: &'static str,
    destination_code: &'static str,
    destination_institution: String,
    destination_date: String,
    destinations: Vec<(&'static str, &'static str)>,
    follow_ups: Vec<(String, &'static str, String)>,
    history: Vec<HistoryRow>,
    can_edit: bool,
    can_follow_up: bool,
    /// "Kỳ báo cáo … đã duyệt": the figures are locked, the destination form asks a correction.
    locked_by: Option<String>,
    corrections: Vec<(String, &'static str, String)>,
    /// The confirmation of what was just done.
    notice: Option<&'static str>,
    /// A refused form: what was typed, and the error beside each wrong field.
    form: Kept,
    refused: bool,
}

struct HistoryRow {
    at: String,
    who: String,
    field: String,
    old: String,
    new: String,
}

/// The graduate and its school, once the caller may do `action` on them.
async fn graduate_for(
    state: &AppState,
    caller: &Caller,
    id: i64,
    action: Action,
) -> Result<(Graduate, Institution), Failure> {
    let graduate = state.store.graduate(id).await?.ok_or_else(|| {
        Failure::NotFound(Msg::new("hồ sơ học sinh này", "this student's record"))
    })?;
    let school = lookup::institution(state, &graduate.data.school_code).await?;
    require_records(state, caller, action, &school, graduate.data.year).await?;
    Ok((graduate, school))
}

pub async fn show(
    State(state): State<AppState>,
    PageCaller(caller): PageCaller,
    Path(id): Path<i64>,
    Confirmed(notice): Confirmed,
) -> Result<Response, PageFailure> {
    record_page(&state, &caller, id, notice, Kept::default()).await
}

/// The record page; with a refused form (`form`), its errors beside the fields, what was typed
/// kept, and the status 400.
async fn record_page(
    state: &AppState,
    caller: &Caller,
    id: i64,
    notice: Option<Notice>,
    form: Kept,
) -> Result<Response, PageFailure> {
    let (graduate, school) = graduate_for(state, caller, id, Action::ViewPersons).await?;
    audit::record_user(
        state,
        &caller.user,
        "view_person",
        "graduate",
        &id.to_string(),
        "",
    )
    .await;
    let d = &graduate.data;
    let follow_ups = state
        .store
        .follow_ups(id)
        .await?
        .into_iter()
        .map(|f| {
            (
                format_vi(f.on_date),
                labels::destination(caller.lang, f.status),
                f.note,
            )
        })
        .collect();
    let vietnam = chrono::FixedOffset::east_opt(7 * 3600).expect("UTC+7 is a valid offset");
    let history = state
        .store
        .graduate_changes(id)
        .await?
        .into_iter()
        .map(|c| HistoryRow {
            at: c
                .at
                .with_timezone(&vietnam)
                .format("%d/%m/%Y %H:%M")
                .to_string(),
            who: format!("{} ({})", c.username, source_label(caller.lang, &c.source)),
            field: field_label(caller.lang, &c.field).to_string(),
            old: history_value(caller.lang, &c.field, &c.old_value),
            new: history_value(caller.lang, &c.field, &c.new_value),
        })
        .collect();
    let result_text = [d.academic.as_deref(), d.conduct.as_deref()]
        .iter()
        .map(|r| {
            r.map(|code| labels::result(caller.lang, code))
                .unwrap_or("—")
        })
        .collect::<Vec<_>>()
        .join(" / ");
    let tr = Tr(caller.lang);
    let exam = match (d.exam_sat, d.exam_passed) {
        (Some(true), Some(true)) => tr.t("graduates.exam_passed"),
        (Some(true), Some(false)) => tr.t("graduates.exam_failed"),
        (Some(true), None) => tr.t("graduates.exam_sat"),
        (Some(false), _) => tr.t("graduates.exam_not_sat"),
        (None, _) => "—",
    };
    let locked_by = crate::reporting::lock_of(state, &school, d.year)
        .await?
        .map(|lock| labels::period_code(caller.lang, &lock.period));
    let corrections = state
        .store
        .corrections_for(id)
        .await?
        .into_iter()
        .map(|c| {
            (
                format!(
                    "{} → {}",
                    Destination::parse(&c.old_value)
                        .map_or("?", |d| labels::destination(caller.lang, d)),
                    Destination::parse(&c.new_value)
                        .map_or("?", |d| labels::destination(caller.lang, d))
                ),
                labels::correction_status(caller.lang, c.status),
                c.reason,
            )
        })
        .collect();
    let page = GraduatePage {
        tr: Tr(caller.lang),
        csrf: caller.csrf_token.clone(),
        id,
        school_code: school.code.clone(),
        school_name: school.name.clone(),
        year: d.year,
        level_code: d.level.code(),
        full_name: d.name.full(),
        family_middle: d.name.family_middle.clone(),
        given: d.name.given.clone(),
        moet_id: d.moet_id.clone().unwrap_or_default(),
        birth: format_vi(d.birth_date),
        gender: labels::gender(caller.lang, d.gender),
        ethnicity: labels::ethnicity(caller.lang, &d.ethnicity),
        class_name: d.class_name.clone(),
        results: result_text,
        exam: exam.into(),
        wishes: d.wishes.clone(),
        destination: labels::destination(caller.lang, d.destination),
        destination_code: d.destination.code(),
        destination_institution: d.destination_institution.clone().unwrap_or_default(),
        destination_date: d.destination_date.map(format_vi).unwrap_or_default(),
        destinations: Destination::for_level(d.level)
            .iter()
            .map(|x| (x.code(), labels::destination(caller.lang, *x)))
            .collect(),
        follow_ups,
        history,
        can_edit: caller.user.role.can(Action::EditGraduate),
        can_follow_up: caller.user.role.can(Action::AddFollowUp),
        locked_by,
        corrections,
        notice: notice.map(|n| n.text(caller.lang)),
        refused: form.is_refused(),
        form,
        chrome: Some(Chrome::of(state, caller).await),
    };
    if page.refused {
        return Ok((StatusCode::BAD_REQUEST, render(&page)).into_response());
    }
    Ok(render(&page))
}

/// The name of a record's field in its history, in the page's language.
fn field_label(lang: Lang, field: &str) -> &str {
    if lang == Lang::En {
        return field_label_en(field);
    }
    match field {
        "moet_id" => "Mã học sinh",
        "family_middle" => "Họ và chữ đệm",
        "given" => "Tên",
        "birth_date" => "Ngày sinh",
        "gender" => "Giới tính",
        "ethnicity" => "Dân tộc",
        "residence_commune_id" => "Xã thường trú",
        "class_name" => "Lớp",
        "academic" => "Học tập",
        "conduct" => "Rèn luyện",
        "exam_sat" => "Dự thi lớp 10",
        "exam_passed" => "Trúng tuyển lớp 10",
        "wishes" => "Nguyện vọng",
        "destination" => "Hướng đi",
        "destination_institution" => "Nơi học, làm việc",
        "destination_date" => "Ngày ghi nhận",
        "destination_source" => "Nguồn",
        other => other,
    }
}

/// A value of the history as the page shows it. The history keeps what the store wrote
/// (`store::diff`): the Vietnamese label of a gender or a destination, "có"/"không", the code of
/// a result or an ethnic group, the source of a destination; they are read back into the
/// page's language. Anything else (names, dates, free text) is data and shown as it is.
fn history_value(lang: Lang, field: &str, value: &str) -> String {
    if value.is_empty() {
        return String::new();
    }
    match field {
        "gender" => domain::Gender::parse(value).map_or_else(
            || value.to_string(),
            |g| labels::gender(lang, g).to_string(),
        ),
        "destination" => Destination::parse(value).map_or_else(
            || value.to_string(),
            |d| labels::destination(lang, d).to_string(),
        ),
        "academic" | "conduct" => match labels::result(lang, value) {
            "" => value.to_string(),
            label => label.to_string(),
        },
        "ethnicity" => labels::ethnicity(lang, value),
        "exam_sat" | "exam_passed" => match (lang, value) {
            (Lang::En, "có") => "yes".into(),
            (Lang::En, "không") => "no".into(),
            _ => value.to_string(),
        },
        "destination_source" => destination_source(lang, value),
        _ => value.to_string(),
    }
}

/// "cập nhật trên web bởi X", "điều chỉnh #3 (đề nghị của A, duyệt bởi B)", "nhập tệp F".
fn destination_source(lang: Lang, source: &str) -> String {
    if lang == Lang::Vi {
        return source.to_string();
    }
    if let Some(who) = source.strip_prefix("cập nhật trên web bởi ") {
        return format!("updated on the web by {who}");
    }
    if let Some(rest) = source.strip_prefix("điều chỉnh #")
        && let Some((id, rest)) = rest.split_once(" (đề nghị của ")
        && let Some((asked, approved)) = rest.trim_end_matches(')').split_once(", duyệt bởi ")
    {
        return format!("correction #{id} (asked by {asked}, approved by {approved})");
    }
    source_label(lang, source)
}

/// Where a change came from ("web", "nhập tệp lop9.csv", "điều chỉnh #3"), in the page's
/// language; the file's name is the user's and stays as it is.
fn source_label(lang: Lang, source: &str) -> String {
    if lang == Lang::Vi {
        return source.to_string();
    }
    if let Some(file) = source.strip_prefix("nhập tệp ") {
        return format!("import of {file}");
    }
    if let Some(id) = source.strip_prefix("điều chỉnh #") {
        return format!("correction #{id}");
    }
    source.to_string()
}

fn field_label_en(field: &str) -> &str {
    match field {
        "moet_id" => "Student id",
        "family_middle" => "Family and middle names",
        "given" => "Given name",
        "birth_date" => "Date of birth",
        "gender" => "Gender",
        "ethnicity" => "Ethnicity",
        "residence_commune_id" => "Commune of residence",
        "class_name" => "Class",
        "academic" => "Learning",
        "conduct" => "Conduct",
        "exam_sat" => "Sat the grade-10 exam",
        "exam_passed" => "Passed the grade-10 exam",
        "wishes" => "Wishes",
        "destination" => "Destination",
        "destination_institution" => "Institution or employer",
        "destination_date" => "Recorded on",
        "destination_source" => "Source",
        other => other,
    }
}

#[derive(Deserialize)]
pub struct DestinationForm {
    csrf: String,
    destination: String,
    institution: String,
    date: String,
    /// Why a locked record must change: the form then asks a correction instead of saving.
    #[serde(default)]
    reason: String,
}

/// Writes one corrected record with its history, through the same path as an import, and moves
/// the live counts. Returns whether anything changed.
/// The plan of one record's edit (its changed fields and history), `None` when nothing changes.
pub(super) fn edit_plan(
    username: &str,
    graduate: &Graduate,
    data: store::GraduateData,
    source: &str,
) -> Option<GraduatePlan> {
    let changes = store::diff(&graduate.data, &data);
    if changes.is_empty() {
        return None;
    }
    Some(GraduatePlan {
        inserts: Vec::new(),
        updates: vec![GraduateUpdate {
            id: graduate.id,
            data,
            changes,
            previous: graduate.data.clone(),
        }],
        username: username.to_string(),
        source: source.to_string(),
        at: Utc::now(),
    })
}

pub(super) async fn write_record(
    state: &AppState,
    username: &str,
    graduate: &Graduate,
    data: store::GraduateData,
    source: &str,
) -> Result<bool, Failure> {
    let Some(plan) = edit_plan(username, graduate, data, source) else {
        return Ok(false);
    };
    state.store.apply_graduates(&plan).await?;
    Ok(true)
}

/// Writes the record; returns whether anything changed.
async fn save(
    state: &AppState,
    caller: &Caller,
    graduate: &Graduate,
    data: store::GraduateData,
) -> Result<bool, Failure> {
    let written = match write_record(state, &caller.user.username, graduate, data, "web").await {
        Err(Failure::Locked(why)) => {
            // Approved between the page's check and the write, which asked again in its own
            // transaction and wrote nothing: refused and recorded like any locked write.
            let lock = match state.store.institution(&graduate.data.school_code).await? {
                Some(school) => {
                    crate::reporting::lock_of(state, &school, graduate.data.year).await?
                }
                None => None,
            };
            return Err(match lock {
                Some(lock) => {
                    crate::reporting::refuse_locked(
                        state,
                        caller,
                        &lock,
                        "graduate",
                        &graduate.id.to_string(),
                    )
                    .await
                }
                None => Failure::Locked(why),
            });
        }
        other => other?,
    };
    if written {
        audit::record_user(
            state,
            &caller.user,
            "update",
            "graduate",
            &graduate.id.to_string(),
            "",
        )
        .await;
    }
    Ok(written)
}

pub async fn set_destination(
    State(state): State<AppState>,
    PageCaller(caller): PageCaller,
    Path(id): Path<i64>,
    Form(form): Form<DestinationForm>,
) -> Result<Response, PageFailure> {
    check_csrf(&caller, &form.csrf)?;
    let (graduate, school) = graduate_for(&state, &caller, id, Action::EditGraduate).await?;
    let tr = Tr(caller.lang);
    let mut kept = Kept::default();
    kept.keep("destination.destination", &form.destination);
    kept.keep("destination.institution", &form.institution);
    kept.keep("destination.date", &form.date);
    kept.keep("destination.reason", &form.reason);
    let level = graduate.data.level;
    let destination =
        Destination::parse(&form.destination).filter(|d| Destination::for_level(level).contains(d));
    if destination.is_none() {
        kept.refuse("destination.destination", tr.t("field.destination_invalid"));
    }
    let date = match form.date.trim() {
        "" => None,
        raw => match interchange::dates::read_day_first(raw) {
            Ok(day) => Some(day),
            Err(why) => {
                kept.refuse("destination.date", date_problem(caller.lang, why, raw));
                None
            }
        },
    };
    let institution = domain::text::clean(&form.institution);
    if let Err(too_long) = domain::limits::DESTINATION_INSTITUTION.check(&institution) {
        kept.refuse(
            "destination.institution",
            too_long_text(caller.lang, &too_long),
        );
    }
    let reason = domain::text::clean(&form.reason);
    if let Err(too_long) = domain::limits::CORRECTION_REASON.check(&reason) {
        kept.refuse("destination.reason", too_long_text(caller.lang, &too_long));
    }
    let Some(destination) = destination.filter(|_| !kept.is_refused()) else {
        return record_page(&state, &caller, id, None, kept).await;
    };
    if let Some(lock) = crate::reporting::lock_of(&state, &school, graduate.data.year).await? {
        if reason.is_empty() || destination == graduate.data.destination {
            return Err(crate::reporting::refuse_locked(
                &state,
                &caller,
                &lock,
                "graduate",
                &id.to_string(),
            )
            .await
            .into());
        }
        let asked = state
            .store
            .ask_correction(&store::NewCorrection {
                province_code: graduate.data.province_code.clone(),
                submission_id: lock.id,
                graduate_id: id,
                field: "destination".into(),
                old_value: graduate.data.destination.code().into(),
                new_value: destination.code().into(),
                reason,
                username: caller.user.username.clone(),
                at: Utc::now(),
            })
            .await?;
        audit::record_user(
            &state,
            &caller.user,
            "ask_correction",
            "graduate",
            &id.to_string(),
            &format!("đề nghị #{}", asked.id),
        )
        .await;
        return Ok(landing(id, Notice::CorrectionAsked));
    }
    let mut data = graduate.data.clone();
    data.destination = destination;
    data.destination_institution = Some(institution).filter(|t| !t.is_empty());
    data.destination_date = date;
    data.destination_source = format!("cập nhật trên web bởi {}", caller.user.username);
    let written = save(&state, &caller, &graduate, data).await?;
    Ok(landing(id, changed_or(written, Notice::DestinationSaved)))
}

/// The record page after a save, with its confirmation.
fn landing(id: i64, notice: Notice) -> Response {
    Redirect::to(&notice.after(&format!("/hoc-sinh/{id}"))).into_response()
}

fn changed_or(written: bool, notice: Notice) -> Notice {
    if written { notice } else { Notice::Unchanged }
}

/// What is wrong with a date typed in a form, in the page's language.
fn date_problem(lang: Lang, why: interchange::dates::NotADate, raw: &str) -> String {
    let said = match lang {
        Lang::Vi => why.message(raw),
        Lang::En => why.message_en(raw),
    };
    format!("{said}.")
}

/// A text over its field's limit, said in the page's language.
fn too_long_text(lang: Lang, too_long: &domain::limits::TooLong) -> String {
    crate::failure::Failure::from(too_long.clone()).message_in(lang)
}

#[derive(Deserialize)]
pub struct NameForm {
    csrf: String,
    family_middle: String,
    given: String,
}

pub async fn set_name(
    State(state): State<AppState>,
    PageCaller(caller): PageCaller,
    Path(id): Path<i64>,
    Form(form): Form<NameForm>,
) -> Result<Response, PageFailure> {
    check_csrf(&caller, &form.csrf)?;
    let (graduate, _) = graduate_for(&state, &caller, id, Action::EditGraduate).await?;
    let mut kept = Kept::default();
    kept.keep("name.family_middle", &form.family_middle);
    kept.keep("name.given", &form.given);
    let Some(name) = domain::PersonName::from_parts(&form.family_middle, &form.given) else {
        kept.refuse("name.given", Tr(caller.lang).t("field.name_empty"));
        return record_page(&state, &caller, id, None, kept).await;
    };
    if let Err(too_long) = name.check_length() {
        let field = if too_long.label == domain::limits::GIVEN.label {
            "name.given"
        } else {
            "name.family_middle"
        };
        kept.refuse(field, too_long_text(caller.lang, &too_long));
        return record_page(&state, &caller, id, None, kept).await;
    }
    let mut data = graduate.data.clone();
    data.name = name;
    let written = save(&state, &caller, &graduate, data).await?;
    Ok(landing(id, changed_or(written, Notice::NameSaved)))
}

#[derive(Deserialize)]
pub struct FollowUpForm {
    csrf: String,
    date: String,
    status: String,
    note: String,
}

pub async fn add_follow_up(
    State(state): State<AppState>,
    PageCaller(caller): PageCaller,
    Path(id): Path<i64>,
    Form(form): Form<FollowUpForm>,
) -> Result<Response, PageFailure> {
    check_csrf(&caller, &form.csrf)?;
    let (graduate, _) = graduate_for(&state, &caller, id, Action::AddFollowUp).await?;
    let mut kept = Kept::default();
    kept.keep("follow_up.date", &form.date);
    kept.keep("follow_up.status", &form.status);
    kept.keep("follow_up.note", &form.note);
    let on_date = match interchange::dates::read_day_first(&form.date) {
        Ok(day) => Some(day),
        Err(why) => {
            kept.refuse("follow_up.date", date_problem(caller.lang, why, &form.date));
            None
        }
    };
    let status = Destination::parse(&form.status);
    if status.is_none() {
        kept.refuse(
            "follow_up.status",
            Tr(caller.lang).t("field.status_invalid"),
        );
    }
    let note = domain::text::clean(&form.note);
    if let Err(too_long) = domain::limits::FOLLOW_UP_NOTE.check(&note) {
        kept.refuse("follow_up.note", too_long_text(caller.lang, &too_long));
    }
    let (Some(on_date), Some(status), false) = (on_date, status, kept.is_refused()) else {
        return record_page(&state, &caller, id, None, kept).await;
    };
    state
        .store
        .add_follow_up(&NewFollowUp {
            province_code: graduate.data.province_code.clone(),
            graduate_id: id,
            on_date,
            status,
            note,
            username: caller.user.username.clone(),
            created_at: Utc::now(),
        })
        .await?;
    audit::record_user(
        &state,
        &caller.user,
        "follow_up",
        "graduate",
        &id.to_string(),
        "",
    )
    .await;
    Ok(landing(id, Notice::FollowUpAdded))
}

/// The pre-filled workbook of a cohort, to fill in and import back. An export of personal data:
/// audited like a view.
pub async fn workbook(
    State(state): State<AppState>,
    PageCaller(caller): PageCaller,
    Path(code): Path<String>,
    Query(query): Query<CohortQuery>,
) -> Result<Response, PageFailure> {
    let school = lookup::institution(&state, &code).await?;
    let level = query
        .cap
        .as_deref()
        .and_then(Level::parse)
        .unwrap_or_else(|| lookup::default_level(school.kind));
    let year = match query.nam {
        Some(year) => year,
        None => lookup::latest_cohort_for(&state, &caller.user.scope).await?,
    };
    require_records(&state, &caller, Action::ViewPersons, &school, year).await?;
    let graduates = lookup::graduates_in_order(&state, &school.code, year, level).await?;
    let bytes = interchange::workbook::streaming_workbook(&school, year, level, &graduates)
        .map_err(|error| {
            tracing::error!(error = %error, "không tạo được tệp Excel");
            Failure::Internal
        })?;
    let subject = format!("{}/{year}/{}", school.code, level.code());
    audit::record_user(
        &state,
        &caller.user,
        "export_persons",
        "graduates",
        &subject,
        &format!("{} hồ sơ", graduates.len()),
    )
    .await;
    let disposition = format!(
        "attachment; filename=\"phan-luong-{}-{year}-{}.xlsx\"",
        school.code,
        level.code()
    );
    Ok((
        [
            (
                axum::http::header::CONTENT_TYPE,
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet".to_string(),
            ),
            (axum::http::header::CONTENT_DISPOSITION, disposition),
        ],
        bytes,
    )
        .into_response())
}
