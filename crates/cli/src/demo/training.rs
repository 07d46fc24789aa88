//! Where a graduate learns a trade or goes to work: the province's colleges and intermediate
//! schools, and enterprises of the industrial parks that take apprentices. The enterprises are
//! invented and stand for no real company.

use anyhow::Context;
use domain::{InstitutionKind, Ownership};

use super::generator::{Draft, Generator, slug};
use super::province::District;

pub(super) fn add(generator: &mut Generator) -> anyhow::Result<()> {
    let long_an = generator.long_an;
    let district_of = |code: &str| -> anyhow::Result<&District> {
        long_an
            .districts
            .iter()
            .find(|d| d.code() == code)
            .with_context(|| format!("không có huyện mã {code} trong tỉnh Long An"))
    };
    for listed in &TRAINING_SCHOOLS {
        let district = district_of(listed.district)?;
        generator.add(Draft {
            kind: listed.kind,
            ownership: if listed.public {
                Ownership::Public
            } else {
                Ownership::NonPublic
            },
            name: listed.name.to_string(),
            district,
            commune: district.commune(listed.commune)?,
            mailbox: format!("tuyensinh@{}", listed.domain),
            site: None,
        })?;
    }
    for listed in &ENTERPRISES {
        let district = district_of(listed.district)?;
        // The trade name, without the legal form, makes the company's web domain.
        let trade_name = ["Công ty TNHH ", "Công ty CP "]
            .iter()
            .find_map(|form| listed.name.strip_prefix(form))
            .unwrap_or(listed.name);
        generator.add(Draft {
            kind: InstitutionKind::Enterprise,
            ownership: Ownership::NonPublic,
            name: listed.name.to_string(),
            district,
            commune: district.commune(listed.commune)?,
            mailbox: format!("tuyendung@{}.com.vn", slug(trade_name)),
            site: Some(listed.park),
        })?;
    }
    Ok(())
}

/// A vocational school run by the province: where it stands and its website's domain.
struct TrainingSchool {
    kind: InstitutionKind,
    name: &'static str,
    district: &'static str,
    commune: &'static str,
    public: bool,
    domain: &'static str,
}

/// The college the demo's vocational-school account belongs to.
pub(super) const DEMO_COLLEGE: &str = "Trường Cao đẳng Long An";

const TRAINING_SCHOOLS: [TrainingSchool; 6] = [
    TrainingSchool {
        kind: InstitutionKind::College,
        name: DEMO_COLLEGE,
        district: "794",
        commune: "Phường Khánh Hậu",
        public: true,
        domain: "cdlongan.edu.vn",
    },
    TrainingSchool {
        kind: InstitutionKind::College,
        name: "Trường Cao đẳng nghề Long An",
        district: "794",
        commune: "Phường 4",
        public: true,
        domain: "cdnlongan.edu.vn",
    },
    TrainingSchool {
        kind: InstitutionKind::Intermediate,
        name: "Trường Trung cấp Việt Nhật",
        district: "794",
        commune: "Phường 6",
        public: false,
        domain: "tcvietnhat.edu.vn",
    },
    TrainingSchool {
        kind: InstitutionKind::Intermediate,
        name: "Trường Trung cấp Kỹ thuật - Nghiệp vụ Long An",
        district: "794",
        commune: "Phường 3",
        public: true,
        domain: "tcktnvlongan.edu.vn",
    },
    TrainingSchool {
        kind: InstitutionKind::Intermediate,
        name: "Trường Trung cấp nghề Đức Hòa",
        district: "802",
        commune: "Thị trấn Hậu Nghĩa",
        public: true,
        domain: "tcnduchoa.edu.vn",
    },
    TrainingSchool {
        kind: InstitutionKind::Intermediate,
        name: "Trường Trung cấp nghề Kiến Tường",
        district: "795",
        commune: "Phường 1",
        public: true,
        domain: "tcnkientuong.edu.vn",
    },
];

/// An invented enterprise in one of the industrial parks along the roads to Hồ Chí Minh City.
struct Enterprise {
    name: &'static str,
    park: &'static str,
    district: &'static str,
    commune: &'static str,
}

/// The enterprise the demo's enterprise account belongs to.
pub(super) const DEMO_ENTERPRISE: &str = "Công ty TNHH Giày da Việt Vinh";

const fn enterprise(
    name: &'static str,
    park: &'static str,
    district: &'static str,
    commune: &'static str,
) -> Enterprise {
    Enterprise {
        name,
        park,
        district,
        commune,
    }
}

const ENTERPRISES: [Enterprise; 12] = [
    enterprise(DEMO_ENTERPRISE, "KCN Tân Đức", "802", "Xã Đức Hòa Hạ"),
    enterprise(
        "Công ty TNHH May mặc Phú An Long",
        "KCN Xuyên Á",
        "802",
        "Xã Mỹ Hạnh Bắc",
    ),
    enterprise(
        "Công ty CP Cơ khí Chính xác Hòa Khánh",
        "KCN Đức Hòa 1",
        "802",
        "Xã Đức Hòa Đông",
    ),
    enterprise(
        "Công ty TNHH Bao bì Tân Phát Lợi",
        "KCN Hải Sơn",
        "802",
        "Xã Đức Hòa Hạ",
    ),
    enterprise(
        "Công ty TNHH Điện tử Sao Phương Nam",
        "KCN Tân Đô",
        "802",
        "Xã Đức Hòa Hạ",
    ),
    enterprise(
        "Công ty CP Thực phẩm Vàm Cỏ Đông",
        "KCN Thuận Đạo",
        "803",
        "Xã Long Hiệp",
    ),
    enterprise(
        "Công ty TNHH Kết cấu Thép Bến Lức Phát",
        "KCN Phúc Long",
        "803",
        "Xã Long Hiệp",
    ),
    enterprise(
        "Công ty TNHH Nội thất Gỗ Nhựt Chánh",
        "KCN Nhựt Chánh",
        "803",
        "Xã Nhựt Chánh",
    ),
    enterprise(
        "Công ty TNHH Dệt may Thạnh Đức",
        "KCN Thạnh Đức",
        "803",
        "Xã Thạnh Đức",
    ),
    enterprise(
        "Công ty CP Kho vận Long Hậu Xanh",
        "KCN Long Hậu",
        "807",
        "Xã Long Hậu",
    ),
    enterprise(
        "Công ty TNHH Dược phẩm Mê Kông Xanh",
        "KCN Long Hậu",
        "807",
        "Xã Long Hậu",
    ),
    enterprise(
        "Công ty TNHH Linh kiện Ô tô Tân Kim",
        "KCN Tân Kim",
        "807",
        "Thị trấn Cần Giuộc",
    ),
];
