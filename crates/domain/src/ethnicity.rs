//! The 54 ethnic groups of Vietnam with their official codes (Decision 121-TCTK/PPCĐ), plus
//! foreigners and unknown. Ethnicity is sensitive personal data: stored as a code, shown only to
//! those who may see the record.

use crate::text::fold;

/// (code, name) in the official order; 01 is Kinh.
pub const GROUPS: [(&str, &str); 54] = [
    ("01", "Kinh"),
    ("02", "Tày"),
    ("03", "Thái"),
    ("04", "Hoa"),
    ("05", "Khơ-me"),
    ("06", "Mường"),
    ("07", "Nùng"),
    ("08", "Mông"),
    ("09", "Dao"),
    ("10", "Gia-rai"),
    ("11", "Ngái"),
    ("12", "Ê-đê"),
    ("13", "Ba-na"),
    ("14", "Xơ-đăng"),
    ("15", "Sán Chay"),
    ("16", "Cơ-ho"),
    ("17", "Chăm"),
    ("18", "Sán Dìu"),
    ("19", "Hrê"),
    ("20", "Mnông"),
    ("21", "Ra-glai"),
    ("22", "Xtiêng"),
    ("23", "Bru-Vân Kiều"),
    ("24", "Thổ"),
    ("25", "Giáy"),
    ("26", "Cơ-tu"),
    ("27", "Gié-Triêng"),
    ("28", "Mạ"),
    ("29", "Khơ-mú"),
    ("30", "Co"),
    ("31", "Tà-ôi"),
    ("32", "Chơ-ro"),
    ("33", "Kháng"),
    ("34", "Xinh-mun"),
    ("35", "Hà Nhì"),
    ("36", "Chu-ru"),
    ("37", "Lào"),
    ("38", "La Chí"),
    ("39", "La Ha"),
    ("40", "Phù Lá"),
    ("41", "La Hủ"),
    ("42", "Lự"),
    ("43", "Lô Lô"),
    ("44", "Chứt"),
    ("45", "Mảng"),
    ("46", "Pà Thẻn"),
    ("47", "Cờ Lao"),
    ("48", "Cống"),
    ("49", "Bố Y"),
    ("50", "Si La"),
    ("51", "Pu Péo"),
    ("52", "Brâu"),
    ("53", "Ơ Đu"),
    ("54", "Rơ-măm"),
];

pub const FOREIGNER: &str = "55";
pub const UNKNOWN: &str = "00";

/// Names people write for some groups, beside the official ones.
const ALIASES: [(&str, &str); 10] = [
    ("khmer", "05"),
    ("hmong", "08"),
    ("hmông", "08"),
    ("h'mong", "08"),
    ("jrai", "10"),
    ("bahnar", "13"),
    ("sedang", "14"),
    ("kho mu", "29"),
    ("van kieu", "23"),
    ("stieng", "22"),
];

fn squeeze(text: &str) -> String {
    fold(text).chars().filter(|c| c.is_alphanumeric()).collect()
}

/// Reads an ethnicity from a code ("01", "1") or a name ("Kinh", "Khmer", "Ê Đê"); an empty
/// value is unknown.
pub fn parse(raw: &str) -> Option<&'static str> {
    let trimmed = raw.trim();
    if trimmed.is_empty() {
        return Some(UNKNOWN);
    }
    if let Ok(number) = trimmed.parse::<u32>() {
        return match number {
            0 => Some(UNKNOWN),
            1..=54 => GROUPS.get(number as usize - 1).map(|(code, _)| *code),
            55 => Some(FOREIGNER),
            _ => None,
        };
    }
    let key = squeeze(
        trimmed
            .trim_start_matches("Dân tộc ")
            .trim_start_matches("dân tộc "),
    );
    if key == "nuocngoai" || key == "nguoinuocngoai" {
        return Some(FOREIGNER);
    }
    if key == "khongro" || key == "chuaro" {
        return Some(UNKNOWN);
    }
    GROUPS
        .iter()
        .find(|(_, name)| squeeze(name) == key)
        .map(|(code, _)| *code)
        .or_else(|| {
            ALIASES
                .iter()
                .find(|(alias, _)| squeeze(alias) == key)
                .map(|(_, code)| *code)
        })
}

/// The name of a code, for display.
pub fn name(code: &str) -> &'static str {
    match code {
        FOREIGNER => "Người nước ngoài",
        UNKNOWN => "Chưa rõ",
        _ => GROUPS
            .iter()
            .find(|(c, _)| *c == code)
            .map(|(_, n)| *n)
            .unwrap_or("Chưa rõ"),
    }
}

/// Whether a code is an ethnic minority (DTTS): any group but Kinh, foreigners and unknown excluded.
pub fn is_minority(code: &str) -> bool {
    code != "01" && code != FOREIGNER && code != UNKNOWN && GROUPS.iter().any(|(c, _)| *c == code)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ethnicities_are_read_from_codes_and_names_as_written() {
        assert_eq!(parse("Kinh"), Some("01"));
        assert_eq!(parse("1"), Some("01"));
        assert_eq!(parse("Khmer"), Some("05"));
        assert_eq!(parse("Khơ Me"), Some("05"));
        assert_eq!(parse("Ê Đê"), Some("12"));
        assert_eq!(parse("Dân tộc Tày"), Some("02"));
        assert_eq!(parse(""), Some(UNKNOWN));
        assert_eq!(parse("Người nước ngoài"), Some(FOREIGNER));
        assert_eq!(parse("Elf"), None);
    }

    #[test]
    fn kinh_is_not_a_minority_and_the_others_are() {
        assert!(!is_minority("01"));
        assert!(is_minority("05"));
        assert!(!is_minority(UNKNOWN));
    }
}
