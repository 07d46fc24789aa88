//! Vietnamese text: NFC normalisation, whitespace clean-up, accent folding for search, and the
//! `vi` collation used for every list a user reads.

use std::cmp::Ordering;
use std::sync::OnceLock;

use icu_collator::options::{CollatorOptions, Strength};
use icu_collator::{Collator, CollatorBorrowed};
use icu_locale_core::Locale;
use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfc_quick};

/// NFC-normalises `raw`, trims it, collapses runs of whitespace (including non-breaking spaces
/// that Excel users paste, tabs and line breaks) into one space, and removes the characters that
/// are invisible yet change what is shown or matched (`is_hidden_control`). Every text that
/// enters the store goes through here: the import cells, the web forms, the command line.
///
/// Every field is one line (names, codes, notes, comments), so a tab or a line break is a space
/// here; a multi-line field would need its own variant keeping `\n`.
pub fn clean(raw: &str) -> String {
    // Most cells are already clean; checking is much cheaper than rebuilding (imports call this
    // for every cell of files with 100,000 rows).
    let trimmed = raw.trim_matches(|c: char| c.is_whitespace() || is_hidden_control(c));
    let tidy = !trimmed.contains("  ")
        && !trimmed
            .chars()
            .any(|c| (c.is_whitespace() && c != ' ') || is_hidden_control(c));
    if tidy && is_nfc_quick(trimmed.chars()) == IsNormalized::Yes {
        return trimmed.to_string();
    }
    // Removed before composing, so that a mark after a removed control still joins its letter.
    let nfc: String = raw
        .chars()
        .filter(|c| !is_hidden_control(*c))
        .nfc()
        .collect();
    nfc.split(char::is_whitespace)
        .filter(|part| !part.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Characters removed at the boundary: control characters other than whitespace (C0 with NUL,
/// DEL, C1), the bidirectional controls that reorder what follows them on screen
/// (U+202A–U+202E embeddings and overrides, U+2066–U+2069 isolates, the marks U+200E, U+200F and
/// U+061C) and the byte-order mark U+FEFF left inside text by joined files. A name carrying
/// U+202E shows reversed on every page and report; a NUL is cut off by some programs and not by
/// others. No letter, tone mark or ordinary punctuation is among them.
pub fn is_hidden_control(c: char) -> bool {
    (c.is_control() && !c.is_whitespace())
        || matches!(
            c,
            '\u{202a}'..='\u{202e}'
                | '\u{2066}'..='\u{2069}'
                | '\u{200e}'
                | '\u{200f}'
                | '\u{061c}'
                | '\u{feff}'
        )
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
    fn clean_keeps_vietnamese_letters_and_tones_and_composes_nfd() {
        let composed = "Đặng Thị Ánh Tuyết, Huỳnh Đức Hòa, Nguyễn Văn Ơn";
        assert_eq!(clean(composed), composed);
        let decomposed: String = composed.nfd().collect();
        assert_ne!(decomposed, composed);
        assert_eq!(clean(&decomposed), composed);
        // đ is a letter of its own (U+0111), not d with a mark: it stays.
        assert_eq!(clean("đ Đ"), "đ Đ");
    }

    #[test]
    fn clean_removes_control_and_bidirectional_characters() {
        assert_eq!(clean("Nguy\u{0}ễn\u{7f} An\u{85}"), "Nguyễn An");
        assert_eq!(clean("\u{202e}nA \u{202c}nễyugN"), "nA nễyugN");
        assert_eq!(
            clean("Lê\u{2066}\u{2067}\u{2068}\u{2069} Văn\u{200e}\u{200f}\u{61c} Duy"),
            "Lê Văn Duy"
        );
        assert_eq!(clean("\u{feff}Trần\u{1b}[31m Đức"), "Trần[31m Đức");
        // C1 controls, and a tone mark after a removed control still joins its letter.
        assert_eq!(clean("A\u{0}\u{301}nh\u{9b}"), "Ánh");
        // Tabs and line breaks are spaces: every field is one line.
        assert_eq!(clean("Ghi\tchú\r\ndài"), "Ghi chú dài");
        assert_eq!(clean("\u{0}\u{202e}"), "");
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
