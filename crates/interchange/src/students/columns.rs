//! The columns of a student list, with the spellings real school files use.

pub const ORDINAL: &[&str] = &["STT", "TT", "Số TT", "Số thứ tự"];
pub const FULL_NAME: &[&str] = &[
    "Họ và tên",
    "Họ tên",
    "Họ, chữ đệm và tên",
    "Họ chữ đệm và tên",
    "Họ và tên học sinh",
    "Họ tên học sinh",
];
pub const FAMILY_MIDDLE: &[&str] = &[
    "Họ",
    "Họ và chữ đệm",
    "Họ đệm",
    "Họ và tên đệm",
    "Họ và đệm",
];
pub const GIVEN: &[&str] = &["Tên"];
pub const BIRTH: &[&str] = &[
    "Ngày sinh",
    "Ngày, tháng, năm sinh",
    "Ngày tháng năm sinh",
    "Ngày/tháng/năm sinh",
    "NS",
];
pub const GENDER: &[&str] = &["Giới tính", "Phái", "Nam/Nữ"];
pub const FEMALE_TICK: &[&str] = &["Nữ"];
pub const MALE_TICK: &[&str] = &["Nam"];
pub const MOET_ID: &[&str] = &[
    "Mã học sinh",
    "Mã định danh",
    "Mã HS",
    "Mã định danh học sinh",
    "Mã số học sinh",
    "Mã định danh Bộ GD&ĐT",
];
pub const CLASS: &[&str] = &["Lớp"];
pub const ETHNICITY: &[&str] = &["Dân tộc"];
pub const RESIDENCE: &[&str] = &[
    "Mã xã thường trú",
    "Xã thường trú",
    "Nơi thường trú",
    "Xã/phường thường trú",
    "Mã xã",
];
pub const ACADEMIC: &[&str] = &["Học tập", "Kết quả học tập", "Học lực"];
pub const CONDUCT: &[&str] = &["Rèn luyện", "Kết quả rèn luyện", "Hạnh kiểm"];
pub const EXAM_SAT: &[&str] = &[
    "Dự thi lớp 10",
    "Dự thi vào lớp 10",
    "Thi vào lớp 10",
    "Dự thi tuyển sinh lớp 10",
];
pub const EXAM_PASSED: &[&str] = &[
    "Trúng tuyển lớp 10",
    "Đỗ lớp 10",
    "Trúng tuyển",
    "Trúng tuyển vào lớp 10",
];
pub const WISHES: &[&str] = &["Nguyện vọng", "Nguyện vọng học nghề, học tiếp"];
pub const DESTINATION: &[&str] = &[
    "Hướng đi sau tốt nghiệp",
    "Kết quả phân luồng",
    "Hướng đi",
    "Phân luồng",
    "Hướng đi (chọn trong danh sách)",
];
pub const DESTINATION_INSTITUTION: &[&str] = &[
    "Nơi học/làm việc",
    "Cơ sở tiếp nhận",
    "Mã cơ sở tiếp nhận",
    "Trường/cơ sở theo học",
    "Nơi học, làm việc",
];
pub const DESTINATION_DATE: &[&str] = &["Ngày ghi nhận", "Ngày cập nhật", "Ngày ghi nhận hướng đi"];
pub const NOTE: &[&str] = &["Ghi chú"];

pub const ALL: &[&[&str]] = &[
    ORDINAL,
    FULL_NAME,
    FAMILY_MIDDLE,
    GIVEN,
    BIRTH,
    GENDER,
    FEMALE_TICK,
    MALE_TICK,
    MOET_ID,
    CLASS,
    ETHNICITY,
    RESIDENCE,
    ACADEMIC,
    CONDUCT,
    EXAM_SAT,
    EXAM_PASSED,
    WISHES,
    DESTINATION,
    DESTINATION_INSTITUTION,
    DESTINATION_DATE,
    NOTE,
];

/// Where each column sits in one file.
#[derive(Debug, Clone, Copy, Default)]
pub struct ColumnMap {
    pub full_name: Option<usize>,
    pub family_middle: Option<usize>,
    pub given: Option<usize>,
    pub birth: Option<usize>,
    pub gender: Option<usize>,
    pub female_tick: Option<usize>,
    pub male_tick: Option<usize>,
    pub moet_id: Option<usize>,
    pub class: Option<usize>,
    pub ethnicity: Option<usize>,
    pub residence: Option<usize>,
    pub academic: Option<usize>,
    pub conduct: Option<usize>,
    pub exam_sat: Option<usize>,
    pub exam_passed: Option<usize>,
    pub wishes: Option<usize>,
    pub destination: Option<usize>,
    pub destination_institution: Option<usize>,
    pub destination_date: Option<usize>,
}

impl ColumnMap {
    pub fn of(table: &crate::Table) -> ColumnMap {
        let c = |aliases: &[&str]| table.column(aliases);
        ColumnMap {
            full_name: c(FULL_NAME),
            family_middle: c(FAMILY_MIDDLE),
            given: c(GIVEN),
            birth: c(BIRTH),
            gender: c(GENDER),
            female_tick: c(FEMALE_TICK),
            male_tick: c(MALE_TICK),
            moet_id: c(MOET_ID),
            class: c(CLASS),
            ethnicity: c(ETHNICITY),
            residence: c(RESIDENCE),
            academic: c(ACADEMIC),
            conduct: c(CONDUCT),
            exam_sat: c(EXAM_SAT),
            exam_passed: c(EXAM_PASSED),
            wishes: c(WISHES),
            destination: c(DESTINATION),
            destination_institution: c(DESTINATION_INSTITUTION),
            destination_date: c(DESTINATION_DATE),
        }
    }

    /// The required columns that are missing, named as the user should write them.
    pub fn missing(&self) -> Vec<&'static str> {
        let mut missing = Vec::new();
        if self.full_name.is_none() && (self.family_middle.is_none() || self.given.is_none()) {
            missing.push(FULL_NAME[0]);
        }
        if self.birth.is_none() {
            missing.push(BIRTH[0]);
        }
        if self.gender.is_none() && self.female_tick.is_none() {
            missing.push(GENDER[0]);
        }
        missing
    }
}
