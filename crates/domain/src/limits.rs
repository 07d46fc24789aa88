//! The most characters each text field may hold, defined once for the imports, the web forms and
//! the command line. Without them one 100,000-character name made every workbook of its school
//! fail (Excel holds at most 32,767 characters in a cell) and filled pages and reports. The
//! limits are generous for real data: the longest Vietnamese full names are about 40 characters.
//!
//! Lengths are counted in characters (Unicode scalar values) of the cleaned, NFC text, so that
//! "Nguyễn" counts 6 whether it was typed composed or decomposed.

use crate::report::format_count;

/// A text field: what users call it, and the most characters it may hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TextLimit {
    /// The field's name as a sentence starts with it ("Họ và tên").
    pub label: &'static str,
    /// The same in English, for the pages shown in English ("The full name").
    pub label_en: &'static str,
    pub max_chars: usize,
}

/// A text longer than its field allows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TooLong {
    pub label: &'static str,
    pub label_en: &'static str,
    pub chars: usize,
    pub max_chars: usize,
}

impl std::fmt::Display for TooLong {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} quá dài ({} ký tự) — tối đa {} ký tự",
            self.label,
            format_count(self.chars as u64),
            format_count(self.max_chars as u64)
        )
    }
}

impl TooLong {
    /// The same as `Display` in English, for the pages shown in English.
    pub fn message_en(&self) -> String {
        format!(
            "{} is too long ({} characters); at most {} characters",
            self.label_en, self.chars, self.max_chars
        )
    }
}

impl std::error::Error for TooLong {}

impl TextLimit {
    const fn new(label: &'static str, label_en: &'static str, max_chars: usize) -> TextLimit {
        TextLimit {
            label,
            label_en,
            max_chars,
        }
    }

    /// Refuses a text longer than the field allows.
    pub fn check(self, text: &str) -> Result<(), TooLong> {
        // A byte length within the limit is a character count within it too: cheap for the
        // millions of short cells of an import.
        if text.len() <= self.max_chars {
            return Ok(());
        }
        let chars = text.chars().count();
        if chars <= self.max_chars {
            return Ok(());
        }
        Err(TooLong {
            label: self.label,
            label_en: self.label_en,
            chars,
            max_chars: self.max_chars,
        })
    }
}

// A graduate's record.
/// The whole name in one cell; its parts are checked too once it is split.
pub const FULL_NAME: TextLimit = TextLimit::new("Họ và tên", "The full name", 100);
pub const FAMILY_MIDDLE: TextLimit =
    TextLimit::new("Họ và chữ đệm", "The family and middle names", 100);
pub const GIVEN: TextLimit = TextLimit::new("Tên", "The given name", 50);
pub const MOET_ID: TextLimit = TextLimit::new("Mã học sinh", "The student id", 32);
pub const CLASS: TextLimit = TextLimit::new("Lớp", "The class", 20);
pub const ETHNICITY: TextLimit = TextLimit::new("Dân tộc", "The ethnicity", 50);
pub const WISHES: TextLimit = TextLimit::new("Nguyện vọng", "The wishes", 500);
pub const DESTINATION_INSTITUTION: TextLimit =
    TextLimit::new("Nơi học, làm việc", "The institution or employer", 200);
pub const FOLLOW_UP_NOTE: TextLimit =
    TextLimit::new("Ghi chú theo dõi", "The follow-up note", 1000);

// Institutions and administrative units.
pub const INSTITUTION_NAME: TextLimit = TextLimit::new("Tên cơ sở", "The institution's name", 200);
pub const INSTITUTION_ADDRESS: TextLimit = TextLimit::new("Địa chỉ", "The address", 300);
pub const INSTITUTION_PHONE: TextLimit = TextLimit::new("Điện thoại", "The phone number", 50);
/// The longest address a mail system accepts (RFC 5321).
pub const INSTITUTION_EMAIL: TextLimit = TextLimit::new("Email", "The email address", 254);
pub const UNIT_NAME: TextLimit = TextLimit::new("Tên đơn vị", "The unit's name", 150);
pub const UNIT_KIND: TextLimit = TextLimit::new("Loại đơn vị", "The unit's kind", 50);

// Accounts.
pub const USERNAME: TextLimit = TextLimit::new("Tên đăng nhập", "The username", 40);
pub const DISPLAY_NAME: TextLimit =
    TextLimit::new("Họ và tên người dùng", "The user's full name", 100);

// The reporting cycle.
pub const SUBMISSION_NOTE: TextLimit =
    TextLimit::new("Ghi chú của báo cáo", "The report's note", 1000);
pub const REVIEW_COMMENT: TextLimit = TextLimit::new("Ý kiến", "The comment", 1000);
pub const CORRECTION_REASON: TextLimit =
    TextLimit::new("Lý do điều chỉnh", "The reason for the correction", 1000);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_text_within_the_limit_passes_whatever_its_accents() {
        assert_eq!(GIVEN.check("Ánh Tuyết"), Ok(()));
        // 50 letters with two marks each: 150 bytes in UTF-8, still 50 characters.
        assert_eq!(GIVEN.check(&"ễ".repeat(50)), Ok(()));
    }

    #[test]
    fn a_text_over_the_limit_is_refused_with_its_length_and_the_limit() {
        let error = FULL_NAME.check(&"a".repeat(100_000));
        assert_eq!(
            error.as_ref().map_err(ToString::to_string),
            Err("Họ và tên quá dài (100.000 ký tự) — tối đa 100 ký tự".to_string())
        );
        assert_eq!(
            error.map_err(|e| e.message_en()),
            Err(
                "The full name is too long (100000 characters); at most 100 characters".to_string()
            )
        );
        assert!(GIVEN.check(&"ễ".repeat(51)).is_err());
    }
}
