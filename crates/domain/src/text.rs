//! Vietnamese text: NFC normalisation, whitespace clean-up, accent folding for search, and the
//! `vi` collation used for every list a user reads.

use std::cmp::Ordering;
use std::sync::OnceLock;

use icu_collator::options::{CollatorOptions, Strength};
use icu_collator::{Collator, CollatorBorrowed};
use icu_locale_core::Locale;
use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfc_quick};

/// NFC-normalises `raw`, trims it and collapses runs of whitespace (including non-breaking spaces
/// that Excel users paste) into one space. Every text that enters the store goes through here.
pub fn clean(raw: &str) -> String {
    // Most cells are already clean; checking is much cheaper than rebuilding (imports call this
    // for every cell of files with 100,000 rows).
    let trimmed = raw.trim_matches(|c: char| c.is_whitespace() || c == '\u{a0}');
    let single_spaced = !trimmed.contains("  ") && !trimmed.contains(['\u{a0}', '\t', '\n', '\r']);
    if single_spaced && is_nfc_quick(trimmed.chars()) == IsNormalized::Yes {
        return trimmed.to_string();
    }
    let nfc: String = raw.nfc().collect();
    nfc.split(|c: char| c.is_whitespace() || c == '\u{a0}')
        .filter(|part| !part.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Folds text for accent-insensitive matching: lower case, no tone or vowel marks, đ → d.
/// "Đức Hòa" and "duc hoa" fold to the same key. Removing combining marks alone is not enough,
/// because đ is a letter of its own, not d with a mark.
pub fn fold(text: &str) -> String {
    text.nfd()
        .filter(|c| !is_combining_mark(*c))
        .map(|c| match c {
            'đ' | 'Đ' => 'd',
            other => other,
        })
        .flat_map(char::to_lowercase)
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

fn is_combining_mark(c: char) -> bool {
    matches!(c, '\u{0300}'..='\u{036f}')
}

/// The Vietnamese collator (a ă â b c d đ e ê …, tones as secondary differences), built once.
pub fn collator() -> &'static CollatorBorrowed<'static> {
    static COLLATOR: OnceLock<CollatorBorrowed<'static>> = OnceLock::new();
    COLLATOR.get_or_init(|| {
        let mut options = CollatorOptions::default();
        options.strength = Some(Strength::Tertiary);
        let locale: Locale = "vi".parse().unwrap_or(Locale::UNKNOWN);
        match Collator::try_new(locale.into(), options) {
            Ok(collator) => collator,
            // The baked data always carries `vi`; the root collation is a safe fallback anyway.
            Err(_) => match Collator::try_new(Locale::UNKNOWN.into(), CollatorOptions::default()) {
                Ok(root) => root,
                Err(_) => unreachable_collator(),
            },
        }
    })
}

#[allow(clippy::panic)]
fn unreachable_collator() -> CollatorBorrowed<'static> {
    panic!("ICU baked collation data is compiled into the binary")
}

/// Compares two texts in Vietnamese order.
pub fn compare(a: &str, b: &str) -> Ordering {
    collator().compare(a, b)
}

/// Sorts items in Vietnamese order of the key the closure gives.
pub fn sort_by_vi<T>(items: &mut [T], key: impl Fn(&T) -> &str) {
    let collator = collator();
    items.sort_by(|a, b| collator.compare(key(a), key(b)));
}

/// The name a unit is known by without its type word, as people write it in plans and tables:
/// "Huyện Thạnh Hóa" → "Thạnh Hóa", "Thành phố Tân An" → "Tân An".
pub fn strip_unit_type(name: &str) -> &str {
    const TYPES: [&str; 9] = [
        "Thành phố ",
        "Thị xã ",
        "Thị trấn ",
        "Huyện ",
        "Quận ",
        "Phường ",
        "Xã ",
        "Tỉnh ",
        "Đặc khu ",
    ];
    TYPES
        .iter()
        .find_map(|prefix| name.strip_prefix(prefix))
        .unwrap_or(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clean_turns_decomposed_text_into_composed_and_collapses_spaces() {
        let nfd = "Nguye\u{302}\u{303}n  \u{a0}Va\u{306}n   A\u{301}nh ";
        assert_eq!(clean(nfd), "Nguyễn Văn Ánh");
    }

    #[test]
    fn fold_removes_marks_and_turns_d_with_stroke_into_d() {
        assert_eq!(fold("Đức Hòa"), "duc hoa");
        assert_eq!(fold("ĐỨC  HOÀ"), "duc hoa");
        assert_eq!(fold("Thạnh Hóa"), fold("thanh hoa"));
    }

    #[test]
    fn vietnamese_order_puts_each_letter_after_its_base() {
        let mut words = vec!["Đức", "Duy", "Ân", "Ăn", "Ánh", "Anh", "An", "Bình"];
        sort_by_vi(&mut words, |w| w);
        assert_eq!(
            words,
            ["An", "Anh", "Ánh", "Ăn", "Ân", "Bình", "Duy", "Đức"]
        );
    }

    #[test]
    fn unit_type_word_is_stripped_from_the_front_only() {
        assert_eq!(strip_unit_type("Huyện Thạnh Hóa"), "Thạnh Hóa");
        assert_eq!(strip_unit_type("Thành phố Tân An"), "Tân An");
        assert_eq!(strip_unit_type("Long Hựu Đông"), "Long Hựu Đông");
    }
}
