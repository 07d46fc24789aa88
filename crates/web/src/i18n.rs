//! Every user-visible string of the web UI goes through here: Vietnamese first, English second.

/// The language of a page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    #[default]
    Vi,
    En,
}

impl Lang {
    pub fn from_code(code: &str) -> Lang {
        if code.eq_ignore_ascii_case("en") {
            Lang::En
        } else {
            Lang::Vi
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Lang::Vi => "vi",
            Lang::En => "en",
        }
    }
}

/// (key, Vietnamese, English), sorted by key so that lookups can bisect.
const TEXTS: &[(&str, &str, &str)] = &[
    (
        "app.name",
        "Hướng nghiệp – Phân luồng",
        "Career guidance – Streaming",
    ),
    (
        "app.tagline",
        "Hệ thống thông tin giáo dục hướng nghiệp và định hướng phân luồng học sinh",
        "Information system for career guidance and streaming of students",
    ),
    ("audit.action", "Thao tác", "Action"),
    ("audit.empty", "Chưa có sự kiện nào.", "No events yet."),
    ("audit.subject", "Đối tượng", "Subject"),
    ("audit.time", "Thời điểm", "Time"),
    (
        "audit.title",
        "Nhật ký truy cập và thay đổi",
        "Access and change log",
    ),
    ("audit.user", "Người dùng", "User"),
    ("common.address", "Địa chỉ", "Address"),
    ("common.code", "Mã", "Code"),
    ("common.email", "Thư điện tử", "Email"),
    ("common.kind", "Loại", "Type"),
    ("common.name", "Tên", "Name"),
    ("common.phone", "Điện thoại", "Phone"),
    ("common.save", "Lưu", "Save"),
    ("error.back", "Về trang chủ", "Back to the home page"),
    ("error.title", "Không thực hiện được", "Could not be done"),
    ("home.scope", "Phạm vi quản lý", "Scope"),
    ("home.start", "Bắt đầu từ", "Start from"),
    ("home.title", "Trang chủ", "Home"),
    ("institution.commune", "Xã, phường", "Commune"),
    ("institution.located", "Địa bàn", "Location"),
    ("institution.managed_by", "Đơn vị quản lý", "Managed by"),
    ("institution.ownership", "Loại hình", "Ownership"),
    ("login.button", "Đăng nhập", "Sign in"),
    ("login.password", "Mật khẩu", "Password"),
    ("login.title", "Đăng nhập", "Sign in"),
    ("login.username", "Tên đăng nhập", "Username"),
    ("nav.audit", "Nhật ký", "Audit log"),
    ("nav.home", "Trang chủ", "Home"),
    ("nav.institution", "Cơ sở của tôi", "My institution"),
    ("nav.menu", "Danh mục", "Menu"),
    ("nav.signout", "Đăng xuất", "Sign out"),
    ("nav.units", "Đơn vị hành chính", "Administrative units"),
    ("nav.users", "Người dùng", "Users"),
    ("unit.children", "Đơn vị trực thuộc", "Subordinate units"),
    ("unit.date", "Cây đơn vị tại ngày", "Tree as of"),
    (
        "unit.institutions",
        "Cơ sở giáo dục và doanh nghiệp trên địa bàn",
        "Institutions in the area",
    ),
    (
        "unit.no_children",
        "Không có đơn vị trực thuộc.",
        "No subordinate units.",
    ),
    (
        "unit.no_institutions",
        "Chưa có cơ sở nào trên địa bàn.",
        "No institution in this area yet.",
    ),
    ("unit.predecessors", "Hình thành từ", "Formed from"),
    ("unit.show", "Xem", "Show"),
    (
        "unit.successors",
        "Sau sắp xếp năm 2025 thuộc",
        "After the 2025 reform, part of",
    ),
    ("unit.validity", "Hiệu lực", "Valid"),
    ("users.add", "Thêm người dùng", "Add a user"),
    ("users.display_name", "Họ và tên", "Full name"),
    ("users.role", "Vai trò", "Role"),
    (
        "users.scope_institution",
        "Mã cơ sở (với vai trò thuộc trường)",
        "Institution code (for institution roles)",
    ),
    (
        "users.scope_unit",
        "Mã đơn vị hành chính (với vai trò thuộc cơ quan)",
        "Unit code (for office roles)",
    ),
    ("users.title", "Người dùng", "Users"),
];

/// Looks up the text of `key` in `lang`. A missing key shows as itself, which the tests catch.
pub fn text(lang: Lang, key: &str) -> &'static str {
    match TEXTS.binary_search_by(|(k, _, _)| k.cmp(&key)) {
        Ok(i) => match lang {
            Lang::Vi => TEXTS[i].1,
            Lang::En => TEXTS[i].2,
        },
        Err(_) => "??",
    }
}

/// The label of a role, for menus and lists.
pub fn role_label(lang: Lang, role: domain::Role) -> &'static str {
    use domain::Role::*;
    match (lang, role) {
        (Lang::Vi, Admin) => "Quản trị hệ thống",
        (Lang::Vi, ProvinceOfficer) => "Cán bộ Sở GD&ĐT",
        (Lang::Vi, DistrictOfficer) => "Cán bộ Phòng GD&ĐT",
        (Lang::Vi, CommuneOfficer) => "Cán bộ UBND xã",
        (Lang::Vi, LabourOfficer) => "Cán bộ ngành Lao động",
        (Lang::Vi, SchoolStaff) => "Cán bộ, giáo viên nhà trường",
        (Lang::Vi, VocationalSchool) => "Cơ sở giáo dục nghề nghiệp",
        (Lang::Vi, Enterprise) => "Doanh nghiệp",
        (Lang::Vi, Student) => "Học sinh",
        (Lang::Vi, Parent) => "Cha mẹ học sinh",
        (Lang::En, Admin) => "Administrator",
        (Lang::En, ProvinceOfficer) => "Provincial education officer",
        (Lang::En, DistrictOfficer) => "District education officer",
        (Lang::En, CommuneOfficer) => "Commune officer",
        (Lang::En, LabourOfficer) => "Labour officer",
        (Lang::En, SchoolStaff) => "School staff",
        (Lang::En, VocationalSchool) => "Vocational school",
        (Lang::En, Enterprise) => "Enterprise",
        (Lang::En, Student) => "Student",
        (Lang::En, Parent) => "Parent",
    }
}

/// A page's handle on the strings, passed to every template as `tr`.
#[derive(Debug, Clone, Copy, Default)]
pub struct Tr(pub Lang);

impl Tr {
    pub fn t(&self, key: &str) -> &'static str {
        text(self.0, key)
    }

    pub fn lang(&self) -> &'static str {
        self.0.code()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_text_table_is_sorted_so_every_key_is_found() {
        assert!(
            TEXTS.windows(2).all(|w| w[0].0 < w[1].0),
            "TEXTS must stay sorted by key"
        );
        for (key, vi, en) in TEXTS {
            assert_eq!(text(Lang::Vi, key), *vi);
            assert_eq!(text(Lang::En, key), *en);
        }
    }

    #[test]
    fn every_key_used_by_a_template_exists() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/templates");
        let entries = std::fs::read_dir(dir)
            .map(|d| d.flatten().collect::<Vec<_>>())
            .unwrap_or_default();
        assert!(!entries.is_empty());
        for entry in entries {
            let body = std::fs::read_to_string(entry.path()).unwrap_or_default();
            for piece in body.split("tr.t(\"").skip(1) {
                let key = piece.split('"').next().unwrap_or_default();
                assert_ne!(
                    text(Lang::Vi, key),
                    "??",
                    "{:?} uses the unknown key {key}",
                    entry.path()
                );
            }
        }
    }
}
