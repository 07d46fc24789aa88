//! The audit trail in plain words: every action, subject kind and detail code the application
//! writes (`audit::record_user`) as a phrase of the page's language. The trail keeps codes (its
//! rows are read by people of either language, and by scripts); only the page translates them.
//! A code this module does not know is shown as it is.

use domain::report::ReportKind;
use domain::{Level, Role};

use crate::i18n::{Lang, role_label};

fn pick(lang: Lang, vi: &'static str, en: &'static str) -> &'static str {
    match lang {
        Lang::Vi => vi,
        Lang::En => en,
    }
}

/// What was done.
pub fn action(lang: Lang, code: &str) -> String {
    let (vi, en) = match code {
        "sign_in" => ("Đăng nhập", "Signed in"),
        "sign_in_failed" => ("Đăng nhập sai", "Failed sign-in"),
        "sign_in_throttled" => ("Đăng nhập bị tạm khóa", "Sign-in blocked for a while"),
        "sign_out" => ("Đăng xuất", "Signed out"),
        "access_denied" => ("Bị từ chối truy cập", "Access refused"),
        "create" => ("Tạo mới", "Created"),
        "update" => ("Sửa hồ sơ", "Changed a record"),
        "follow_up" => ("Thêm theo dõi", "Added a follow-up"),
        "view_person" => ("Xem hồ sơ học sinh", "Viewed a student's record"),
        "view_persons" => ("Xem danh sách học sinh", "Viewed a list of students"),
        "export_persons" => ("Tải danh sách học sinh", "Downloaded a list of students"),
        "export_report" => (
            "Tải báo cáo có danh sách học sinh",
            "Downloaded a report listing students",
        ),
        "import_students" => ("Nhập danh sách học sinh", "Imported a list of students"),
        "create_token" => ("Tạo mã truy cập", "Created an access token"),
        "revoke_token" => ("Thu hồi mã truy cập", "Revoked an access token"),
        "submit_report" => ("Gửi báo cáo định kỳ", "Sent a periodic report"),
        "approve_report" => ("Duyệt báo cáo", "Approved a report"),
        "return_report" => ("Trả lại báo cáo", "Returned a report"),
        "ask_correction" => (
            "Đề nghị điều chỉnh số liệu đã khóa",
            "Asked a correction of locked figures",
        ),
        "approve_correction" => ("Duyệt đề nghị điều chỉnh", "Approved a correction"),
        "reject_correction" => ("Không duyệt đề nghị điều chỉnh", "Refused a correction"),
        "locked_refused" => ("Bị từ chối: số liệu đã khóa", "Refused: figures locked"),
        "move_user" => (
            "Chuyển tài khoản sang đơn vị kế nhiệm",
            "Moved an account to a successor unit",
        ),
        other => return other.to_string(),
    };
    pick(lang, vi, en).to_string()
}

/// What an action permission (`domain::Action`, as the trail writes it) lets one do.
fn permission(lang: Lang, code: &str) -> Option<&'static str> {
    let (vi, en) = match code {
        "ViewUnit" => ("xem đơn vị hành chính", "view an administrative unit"),
        "ViewInstitution" => ("xem cơ sở", "view an institution"),
        "EditInstitution" => ("sửa thông tin cơ sở", "edit an institution"),
        "ImportInstitutions" => ("nhập danh sách cơ sở", "import institutions"),
        "ImportUnits" => ("nhập đơn vị hành chính", "import units"),
        "ManageUsers" => ("quản lý người dùng", "manage users"),
        "ViewAudit" => ("xem nhật ký", "view the audit log"),
        "ViewPersons" => ("xem hồ sơ học sinh", "view students' records"),
        "EditGraduate" => ("sửa hồ sơ học sinh", "edit students' records"),
        "AddFollowUp" => ("thêm theo dõi", "add follow-ups"),
        "SubmitReport" => ("gửi báo cáo", "send reports"),
        "ReviewReports" => ("duyệt báo cáo", "review reports"),
        "ListTokens" => ("xem mã truy cập của người khác", "list other users' tokens"),
        "RevokeToken" => (
            "thu hồi mã truy cập của người khác",
            "revoke other users' tokens",
        ),
        _ => return None,
    };
    Some(pick(lang, vi, en))
}

/// What the action was done on.
pub fn subject(lang: Lang, kind: &str, id: &str) -> String {
    let en = lang == Lang::En;
    match (kind, id) {
        ("session", "browser") => {
            pick(lang, "phiên đăng nhập trên trình duyệt", "browser session").into()
        }
        ("session", "api") => pick(
            lang,
            "phiên API (mã truy cập)",
            "API session (access token)",
        )
        .into(),
        ("session", _) => pick(lang, "phiên đăng nhập", "session").into(),
        ("page", "don-vi") => pick(
            lang,
            "trang danh sách tỉnh, thành phố",
            "the list of provinces",
        )
        .into(),
        ("page", code) => match permission(lang, code) {
            Some(what) if en => format!("page to {what}"),
            Some(what) => format!("trang {what}"),
            None => format!("{} {code}", pick(lang, "trang", "page")),
        },
        ("unit", code) => format!("{} {code}", pick(lang, "đơn vị mã", "unit")),
        ("institution", code) => format!("{} {code}", pick(lang, "cơ sở mã", "institution")),
        ("graduate", id) => format!("{} #{id}", pick(lang, "hồ sơ học sinh", "student record")),
        ("graduates", list) => cohort_list(lang, list),
        ("user", id) => format!("{} #{id}", pick(lang, "người dùng", "user")),
        ("token", "*") => pick(
            lang,
            "mã truy cập của mọi người dùng",
            "every user's access tokens",
        )
        .into(),
        ("token", id) => format!("{} #{id}", pick(lang, "mã truy cập", "access token")),
        ("correction", id) => format!("{} #{id}", pick(lang, "đề nghị điều chỉnh", "correction")),
        ("report", id) => match report_file(lang, id) {
            Some(described) => described,
            None => format!("{} #{id}", pick(lang, "báo cáo", "report")),
        },
        (kind, id) => format!("{kind} {id}").trim().to_string(),
    }
}

/// "80803001/2024/thcs" → "danh sách học sinh THCS năm 2024 của cơ sở mã 80803001".
fn cohort_list(lang: Lang, list: &str) -> String {
    let parts: Vec<&str> = list.split('/').collect();
    let [school, year, level] = parts.as_slice() else {
        return format!("{} {list}", pick(lang, "danh sách", "list"));
    };
    let level = Level::parse(level).map_or(*level, |l| crate::labels::level(lang, l));
    match lang {
        Lang::Vi => format!("danh sách học sinh {level} năm {year} của cơ sở mã {school}"),
        Lang::En => format!("list of {level} graduates of {year}, institution {school}"),
    }
}

/// "streaming/80/2024" (a report exported) → its name, unit and year.
fn report_file(lang: Lang, id: &str) -> Option<String> {
    let parts: Vec<&str> = id.split('/').collect();
    let [kind, code, year] = parts.as_slice() else {
        return None;
    };
    let kind = ReportKind::parse(kind)?;
    let name = crate::labels::report(lang, kind);
    Some(match lang {
        Lang::Vi => format!("“{name}” của mã {code}, năm {year}"),
        Lang::En => format!("“{name}” of {code}, {year}"),
    })
}

/// The detail of an event, by the action that wrote it.
pub fn detail(lang: Lang, action: &str, detail: &str) -> String {
    if detail.is_empty() {
        return String::new();
    }
    let en = lang == Lang::En;
    match action {
        "access_denied" => match permission(lang, detail) {
            Some(what) if en => format!("asked to {what}"),
            Some(what) => format!("thao tác: {what}"),
            None => detail.to_string(),
        },
        "create" => match Role::parse(detail) {
            Some(role) if en => format!("role: {}", role_label(lang, role)),
            Some(role) => format!("vai trò: {}", role_label(lang, role)),
            None => detail.to_string(),
        },
        "submit_report" | "approve_report" | "return_report" => {
            let label = crate::labels::period_code(lang, detail);
            format!("{} {label}", pick(lang, "kỳ", "period"))
        }
        "ask_correction" | "approve_correction" | "reject_correction" => {
            match detail.strip_prefix("đề nghị #") {
                Some(id) => format!("{} #{id}", pick(lang, "đề nghị", "request")),
                None => detail.to_string(),
            }
        }
        "view_persons" | "export_persons" => match detail.strip_suffix(" hồ sơ") {
            Some(count) => format!("{count} {}", pick(lang, "hồ sơ", "records")),
            None => detail.to_string(),
        },
        "export_report" => match detail.split_once(" dòng, ") {
            Some((rows, format)) => format!(
                "{rows} {}, {}",
                pick(lang, "dòng", "rows"),
                format.to_uppercase()
            ),
            None => detail.to_string(),
        },
        "import_students" => match detail.split_once('/') {
            Some((year, level)) => {
                let level = Level::parse(level).map_or(level, |l| crate::labels::level(lang, l));
                format!("{} {year}, {level}", pick(lang, "năm", "year"))
            }
            None => detail.to_string(),
        },
        "locked_refused" => locked_detail(lang, detail),
        _ => detail.to_string(),
    }
}

/// "kỳ 2024-y (báo cáo #3)" → the period's label and the report.
fn locked_detail(lang: Lang, detail: &str) -> String {
    let parsed = detail
        .strip_prefix("kỳ ")
        .and_then(|rest| rest.split_once(" (báo cáo #"))
        .and_then(|(period, rest)| Some((period, rest.strip_suffix(')')?)));
    match parsed {
        Some((period, id)) => {
            let label = crate::labels::period_code(lang, period);
            match lang {
                Lang::Vi => format!("kỳ {label} (báo cáo #{id})"),
                Lang::En => format!("period {label} (report #{id})"),
            }
        }
        None => detail.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_read_as_plain_words() {
        assert_eq!(
            subject(Lang::Vi, "page", "ManageUsers"),
            "trang quản lý người dùng"
        );
        assert_eq!(
            subject(Lang::Vi, "session", "browser"),
            "phiên đăng nhập trên trình duyệt"
        );
        assert_eq!(subject(Lang::En, "session", "browser"), "browser session");
        assert_eq!(
            detail(Lang::Vi, "access_denied", "ViewPersons"),
            "thao tác: xem hồ sơ học sinh"
        );
        assert_eq!(
            detail(Lang::En, "locked_refused", "kỳ 2024-y (báo cáo #3)"),
            "period Year 2024 (report #3)"
        );
        assert_eq!(
            subject(Lang::Vi, "graduates", "80803001/2024/thcs"),
            "danh sách học sinh THCS năm 2024 của cơ sở mã 80803001"
        );
        assert_eq!(
            detail(Lang::En, "create", "school_staff"),
            "role: School staff"
        );
    }
}
