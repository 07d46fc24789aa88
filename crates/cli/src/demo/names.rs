//! The names general schools draw from: historical figures, the names private schools give
//! themselves, and the upper-secondary schools of each district.

/// Historical figures for lower-secondary schools of numbered wards (a "Trường THCS 3" would
/// mean nothing to anyone) and for second schools in district seats.
pub(super) const FIGURES: [&str; 18] = [
    "Nguyễn Thị Bảy",
    "Lê Quý Đôn",
    "Nguyễn Du",
    "Huỳnh Văn Nhứt",
    "Võ Văn Tần",
    "Nguyễn Trung Trực",
    "Trương Định",
    "Nguyễn Đình Chiểu",
    "Thủ Khoa Huân",
    "Lý Tự Trọng",
    "Võ Thị Sáu",
    "Nguyễn Văn Trỗi",
    "Trần Quốc Toản",
    "Chu Văn An",
    "Lương Thế Vinh",
    "Nguyễn Huệ",
    "Phan Bội Châu",
    "Nguyễn Thông",
];

/// Names private schools choose for themselves.
pub(super) const PRIVATE_SCHOOLS: [&str; 22] = [
    "Ngôi Sao",
    "Hoa Sen",
    "Tuệ Đức",
    "Bình Minh",
    "Thế Hệ Mới",
    "Trí Việt",
    "Ánh Dương",
    "Sao Mai",
    "Nam Việt",
    "Tri Thức",
    "Đức Trí",
    "Khai Trí",
    "Thiên Ân",
    "Việt Úc",
    "Hòa Bình",
    "Tân Trí",
    "Hy Vọng",
    "Trí Đức",
    "Việt Anh",
    "Phương Nam",
    "Hồng Đức",
    "Tương Lai",
];

/// An upper-secondary school of a district: its name after "Trường THPT ", and its commune
/// when the name says where it stands; otherwise the seed places it in a ward or township.
pub(super) struct UpperSchool {
    pub district: &'static str,
    pub name: &'static str,
    pub commune: Option<&'static str>,
    pub public: bool,
}

const fn thpt(
    district: &'static str,
    name: &'static str,
    commune: Option<&'static str>,
) -> UpperSchool {
    UpperSchool {
        district,
        name,
        commune,
        public: true,
    }
}

const fn private_thpt(
    district: &'static str,
    name: &'static str,
    commune: &'static str,
) -> UpperSchool {
    UpperSchool {
        district,
        name,
        commune: Some(commune),
        public: false,
    }
}

/// Sixty schools, three to five a district, more where more people live.
pub(super) const UPPER_SECONDARY: [UpperSchool; 60] = [
    thpt("794", "chuyên Long An", None),
    thpt("794", "Tân An", None),
    thpt("794", "Lê Quý Đôn", None),
    thpt("794", "Hùng Vương", None),
    thpt("794", "Nguyễn Trãi", None),
    thpt("795", "Kiến Tường", None),
    thpt("795", "Bình Hiệp", Some("Xã Bình Hiệp")),
    thpt("795", "Lý Thường Kiệt", None),
    thpt("796", "Tân Hưng", None),
    thpt("796", "Hưng Điền B", Some("Xã Hưng Điền B")),
    thpt("796", "Vĩnh Châu", Some("Xã Vĩnh Châu A")),
    thpt("797", "Vĩnh Hưng", None),
    thpt("797", "Khánh Hưng", Some("Xã Khánh Hưng")),
    thpt("797", "Tuyên Bình", Some("Xã Tuyên Bình")),
    thpt("798", "Mộc Hóa", None),
    thpt("798", "Bình Hòa Đông", Some("Xã Bình Hòa Đông")),
    thpt("798", "Tân Lập", Some("Xã Tân Lập")),
    thpt("799", "Tân Thạnh", None),
    thpt("799", "Hậu Thạnh Đông", Some("Xã Hậu Thạnh Đông")),
    thpt("799", "Nhơn Hòa Lập", Some("Xã Nhơn Hòa Lập")),
    thpt("799", "Kiến Bình", Some("Xã Kiến Bình")),
    thpt("800", "Thạnh Hóa", None),
    thpt("800", "Thủy Đông", Some("Xã Thủy Đông")),
    thpt("800", "Tân Đông", Some("Xã Tân Đông")),
    thpt("801", "Đức Huệ", None),
    thpt("801", "Mỹ Quý", Some("Xã Mỹ Quý Tây")),
    thpt("801", "Bình Thành", Some("Xã Bình Thành")),
    thpt("801", "Mỹ Thạnh Bắc", Some("Xã Mỹ Thạnh Bắc")),
    thpt("802", "Đức Hòa", Some("Thị trấn Đức Hòa")),
    thpt("802", "Hậu Nghĩa", Some("Thị trấn Hậu Nghĩa")),
    thpt("802", "Võ Văn Tần", None),
    thpt("802", "An Ninh", Some("Xã An Ninh Tây")),
    private_thpt("802", "Tân Đức", "Xã Đức Hòa Hạ"),
    thpt("803", "Bến Lức", None),
    thpt("803", "Gò Đen", Some("Xã Phước Lợi")),
    thpt("803", "Nguyễn Hữu Thọ", None),
    thpt("803", "Thạnh Lợi", Some("Xã Thạnh Lợi")),
    private_thpt("803", "Hoàng Gia", "Xã Long Hiệp"),
    thpt("804", "Thủ Thừa", None),
    thpt("804", "Mỹ Lạc", Some("Xã Mỹ Lạc")),
    thpt("804", "Thủ Khoa Thừa", None),
    thpt("804", "Mỹ An", Some("Xã Mỹ An")),
    thpt("805", "Tân Trụ", None),
    thpt("805", "Nguyễn Trung Trực", Some("Xã Bình Lãng")),
    thpt("805", "Nhựt Tảo", Some("Xã Nhựt Ninh")),
    thpt("805", "Lạc Tấn", Some("Xã Lạc Tấn")),
    thpt("806", "Cần Đước", None),
    thpt("806", "Rạch Kiến", Some("Xã Long Hòa")),
    thpt("806", "Chu Văn An", None),
    thpt("806", "Long Hựu", Some("Xã Long Hựu Đông")),
    thpt("806", "Tân Lân", Some("Xã Tân Lân")),
    thpt("807", "Cần Giuộc", None),
    thpt("807", "Đông Thạnh", Some("Xã Đông Thạnh")),
    thpt("807", "Nguyễn Đình Chiểu", None),
    thpt("807", "Long Thượng", Some("Xã Long Thượng")),
    thpt("807", "Long Hậu", Some("Xã Long Hậu")),
    thpt("808", "Châu Thành", None),
    thpt("808", "Nguyễn Thông", None),
    thpt("808", "Phan Văn Đạt", Some("Xã Phú Ngãi Trị")),
    thpt("808", "Dương Xuân Hội", Some("Xã Dương Xuân Hội")),
];
