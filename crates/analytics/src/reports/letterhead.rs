//! Who issues a report and who signs it, from the unit it is about (Decree 30/2020/NĐ-CP): the
//! People's Committee for the registered targets (the plan's appendix), the education office of
//! the province or district for the streaming figures, the commune's committee for a commune,
//! the principal for a school.

use domain::UnitLevel;
use domain::report::{Issuer, Signature};
use domain::text::strip_unit_type;
use store::{Institution, Unit};

/// "Tỉnh Long An" → "TỈNH LONG AN".
fn upper(name: &str) -> String {
    name.to_uppercase()
}

/// The letterhead of a report issued by the People's Committee of `unit`.
pub fn committee(unit: &Unit) -> (Issuer, Signature, String) {
    let chair = match unit.level {
        UnitLevel::Commune => vec!["TM. ỦY BAN NHÂN DÂN".into(), "CHỦ TỊCH".into()],
        _ => vec![
            "TM. ỦY BAN NHÂN DÂN".into(),
            "KT. CHỦ TỊCH".into(),
            "PHÓ CHỦ TỊCH".into(),
        ],
    };
    (
        Issuer {
            above: None,
            name: format!("ỦY BAN NHÂN DÂN {}", upper(&unit.name)),
        },
        Signature {
            lines: chair,
            signer: None,
        },
        "UBND".into(),
    )
}

/// The letterhead of a report on the figures of `unit`: its education office, or for a commune
/// (which has none) its committee. The third part is the code after "Số: …/BC-".
pub fn education_office(unit: &Unit) -> (Issuer, Signature, String) {
    match unit.level {
        UnitLevel::Province => (
            Issuer {
                above: Some(format!("UBND {}", upper(&unit.name))),
                name: "SỞ GIÁO DỤC VÀ ĐÀO TẠO".into(),
            },
            Signature {
                lines: vec!["KT. GIÁM ĐỐC".into(), "PHÓ GIÁM ĐỐC".into()],
                signer: None,
            },
            "SGDĐT".into(),
        ),
        UnitLevel::District => (
            Issuer {
                above: Some(format!("UBND {}", upper(&unit.name))),
                name: "PHÒNG GIÁO DỤC VÀ ĐÀO TẠO".into(),
            },
            Signature {
                lines: vec!["TRƯỞNG PHÒNG".into()],
                signer: None,
            },
            "PGDĐT".into(),
        ),
        UnitLevel::Commune => committee(unit),
    }
}

/// The letterhead of a school's report: the office that manages it above, the school below.
pub fn school(institution: &Institution, managing: Option<&Unit>) -> (Issuer, Signature, String) {
    let above = managing.map(|unit| match unit.level {
        UnitLevel::Province => format!("SỞ GD&ĐT {}", upper(strip_unit_type(&unit.name))),
        _ => format!("PHÒNG GD&ĐT {}", upper(strip_unit_type(&unit.name))),
    });
    (
        Issuer {
            above,
            name: upper(&institution.name),
        },
        Signature {
            lines: vec!["HIỆU TRƯỞNG".into()],
            signer: None,
        },
        "".into(),
    )
}

/// "Số:      /BC-SGDĐT": the number is left for the office to write when it registers the report.
pub fn number(kind: &str, office: &str) -> String {
    if office.is_empty() {
        format!("Số:        /{kind}")
    } else {
        format!("Số:        /{kind}-{office}")
    }
}

/// The place in the date line: the unit's own name without its type word.
pub fn place(unit: &Unit) -> String {
    strip_unit_type(&unit.name).to_string()
}
