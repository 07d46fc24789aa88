//! Vietnamese text in the legacy 8-bit encodings that old school files still carry — TCVN3
//! (ABC, the `.VnTime`/`.VnArial` fonts) and VNI-Windows (the `VNI-Times` fonts) — detected and
//! converted to Unicode NFC.
//!
//! Those encodings were "fonts, not encodings": the file holds Windows-1252 text and only the
//! font makes it look Vietnamese. So an XLSX cell typed in `.VnTime` holds the characters Excel
//! would show in Arial ("NguyÔn V¨n An" for "Nguyễn Văn An"), and a CSV saved by old software
//! holds the raw bytes. Both are read here: the `&str` functions take the Windows-1252/Latin-1
//! reading, [`tcvn3_bytes_to_unicode`] and [`vni_bytes_to_unicode`] take bytes.
//!
//! Tables:
//! - TCVN3 is TCVN 5712:1993 VN3, a subset of VN1. The decoder uses the full VN1 table as glibc
//!   ships it (charmap `TCVN5712-1`, checked byte by byte with `iconv -f TCVN5712-1`): 67 lower-case
//!   letters, the 7 upper-case letters without tone in 0xA1-0xA7 (both VN3), and the 60 upper-case
//!   letters with tone that only VN1 has (in 0x01-0x17, 0x80-0x9F and a few places above 0xA0).
//!   The VN3 part agrees with UniKey's `vnconv` TCVN3 table and with the common JS/C# converters.
//! - VNI-Windows: base letter plus a separate mark character; table as in UniKey's VNI-WIN and the
//!   `vietnamese-conversion` npm package (both agree).
//!
//! Limits:
//! - VN3 has no upper-case letters with a tone mark: people wrote capitals with the `.VnTimeH`
//!   font, which draws the *lower-case* code points as capitals. A word or cell that is otherwise
//!   all capitals ("NGUYÔN" → "NGUYỄN") gets its capitals back; a lone capital toned letter cannot
//!   be told from a lower-case one, so VN3 "¸nh" stays "ánh" (a name "Trần Thị Ánh" typed in VN3
//!   comes out "Trần Thị ánh"; title-case names afterwards if that matters).
//! - In 0x80-0x9F VN1 capitals share code points with Windows-1252 punctuation (“ ” – … •). Such a
//!   character is read as a letter only inside a word that then is a valid Vietnamese syllable
//!   ("§…NG" → "ĐẶNG"); otherwise it stays punctuation ("“Tr­êng”" → "“Trường”"). The VN1
//!   combining tone marks (0xB0-0xB4, "°±²³´") are read as marks only after a letter in a valid
//!   syllable.
//! - A short cell can be valid both ways ("Tõ" is Unicode "tõ" and TCVN3 "Từ"); [`detect`] then
//!   answers Unicode. Files are in one encoding: decide per column with [`detect_many`] and
//!   convert every cell with [`convert`].
//! - VISCII, VPS, VNI-Mac and Windows-1258 are not handled (Windows-1258 text arrives as Unicode
//!   with combining marks, which NFC already fixes).

use std::fmt;

use unicode_normalization::UnicodeNormalization;

/// How a text is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Encoding {
    Unicode,
    /// TCVN 5712:1993 (VN3, "ABC"; VN1 capitals accepted).
    Tcvn3,
    /// VNI-Windows.
    Vni,
}

impl Encoding {
    pub fn label(self) -> &'static str {
        match self {
            Encoding::Unicode => "Unicode",
            Encoding::Tcvn3 => "TCVN3",
            Encoding::Vni => "VNI",
        }
    }
}

impl fmt::Display for Encoding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

/// Detects the encoding of one cell or field and converts it to Unicode NFC.
pub fn to_unicode(text: &str) -> (String, Encoding) {
    let encoding = detect(text);
    (convert(text, encoding), encoding)
}

/// Converts `text` written in `from` to Unicode NFC (for `Unicode`, just NFC).
pub fn convert(text: &str, from: Encoding) -> String {
    match from {
        Encoding::Unicode => text.nfc().collect(),
        Encoding::Tcvn3 => tcvn3_to_unicode(text),
        Encoding::Vni => vni_to_unicode(text),
    }
}

/// The encoding of one text: legacy only when it contains characters a legacy font produces
/// (nothing outside Latin-1/Windows-1252) and reading it that way yields more valid Vietnamese
/// syllables than reading it as Unicode. Ambiguous texts answer `Unicode`.
pub fn detect(text: &str) -> Encoding {
    assess(text).0
}

/// One encoding for a whole column or file, by majority of the texts that show evidence either
/// way (ASCII-only and ambiguous cells abstain). Ties go to Unicode.
pub fn detect_many<'a>(texts: impl IntoIterator<Item = &'a str>) -> Encoding {
    let mut unicode = 0usize;
    let mut tcvn3 = (0usize, 0isize);
    let mut vni = (0usize, 0isize);
    for text in texts {
        match assess(text) {
            (Encoding::Unicode, Evidence::Some(_)) => unicode += 1,
            (Encoding::Tcvn3, Evidence::Some(gain)) => {
                tcvn3.0 += 1;
                tcvn3.1 += gain;
            }
            (Encoding::Vni, Evidence::Some(gain)) => {
                vni.0 += 1;
                vni.1 += gain;
            }
            (_, Evidence::None) => {}
        }
    }
    let (legacy, votes) = if tcvn3 >= vni {
        (Encoding::Tcvn3, tcvn3.0)
    } else {
        (Encoding::Vni, vni.0)
    };
    if votes > unicode {
        legacy
    } else {
        Encoding::Unicode
    }
}

enum Evidence {
    None,
    /// How many more valid syllables the chosen reading gives (0 for Unicode evidence).
    Some(isize),
}

fn assess(text: &str) -> (Encoding, Evidence) {
    if text.is_ascii() {
        return (Encoding::Unicode, Evidence::None);
    }
    // Legacy fonts only ever produce Latin-1/Windows-1252 characters, so anything else (ư, ơ,
    // đ, ă, ĩ, ũ, the U+1EA0 block, combining marks, CJK...) means the text is Unicode.
    if text.chars().any(|c| legacy_byte(c).is_none()) {
        return (Encoding::Unicode, Evidence::Some(0));
    }
    let as_is = count_syllables(text) as isize;
    let tcvn3 = count_syllables(&tcvn3_to_unicode(text)) as isize - as_is;
    let vni = count_syllables(&vni_to_unicode(text)) as isize - as_is;
    if tcvn3 > 0 && tcvn3 > vni {
        (Encoding::Tcvn3, Evidence::Some(tcvn3))
    } else if vni > 0 && vni > tcvn3 {
        (Encoding::Vni, Evidence::Some(vni))
    } else if tcvn3 < 0 || vni < 0 {
        // Reading it as legacy would break valid words: the text is Unicode.
        (Encoding::Unicode, Evidence::Some(0))
    } else {
        (Encoding::Unicode, Evidence::None)
    }
}

/// Words of two or more letters that are valid Vietnamese syllables. One-letter words ("ở", "ý")
/// are too easy to hit by chance to count as evidence.
fn count_syllables(text: &str) -> usize {
    text.split(|c: char| c.is_whitespace() || c.is_ascii_punctuation() || c.is_ascii_digit())
        .filter(|word| word.chars().nth(1).is_some() && is_syllable(word))
        .count()
}

// ---------------------------------------------------------------------------------------------
// Windows-1252

/// Windows-1252 0x80-0x9F; the five undefined positions keep their C1 control code point, as
/// Windows and Excel do.
const CP1252_C1: [char; 32] = [
    '\u{20AC}', '\u{81}', '\u{201A}', '\u{192}', '\u{201E}', '\u{2026}', '\u{2020}', '\u{2021}',
    '\u{2C6}', '\u{2030}', '\u{160}', '\u{2039}', '\u{152}', '\u{8D}', '\u{17D}', '\u{8F}',
    '\u{90}', '\u{2018}', '\u{2019}', '\u{201C}', '\u{201D}', '\u{2022}', '\u{2013}', '\u{2014}',
    '\u{2DC}', '\u{2122}', '\u{161}', '\u{203A}', '\u{153}', '\u{9D}', '\u{17E}', '\u{178}',
];

/// The byte a legacy font saw for a character Excel shows: U+0000-U+00FF are the byte itself,
/// the Windows-1252 extras go back to 0x80-0x9F; anything else cannot come from a legacy font.
fn legacy_byte(c: char) -> Option<u8> {
    match u8::try_from(u32::from(c)) {
        Ok(byte) => Some(byte),
        Err(_) => CP1252_C1
            .iter()
            .position(|&known| known == c)
            .map(|i| 0x80 + i as u8),
    }
}

/// What Windows shows for a byte.
fn cp1252_char(byte: u8) -> char {
    match byte {
        0x80..=0x9F => CP1252_C1[usize::from(byte - 0x80)],
        _ => char::from(byte),
    }
}

// ---------------------------------------------------------------------------------------------
// TCVN3 (TCVN 5712:1993)

/// VN1 capitals placed on C0 control codes (glibc `TCVN5712-1`).
const TCVN_C0: [(u8, char); 12] = [
    (0x01, 'Ú'),
    (0x02, 'Ụ'),
    (0x04, 'Ừ'),
    (0x05, 'Ử'),
    (0x06, 'Ữ'),
    (0x11, 'Ứ'),
    (0x12, 'Ự'),
    (0x13, 'Ỳ'),
    (0x14, 'Ỷ'),
    (0x15, 'Ỹ'),
    (0x16, 'Ý'),
    (0x17, 'Ỵ'),
];

/// Bytes 0x80-0xFF (glibc `TCVN5712-1`, i.e. VN1). VN3 — what `.VnTime` fonts and the ABC
/// keyboard produce — is 0xA0-0xFE without the VN1-only capitals at 0xAF, 0xBA, 0xBF, 0xC0-0xC5,
/// 0xCD, 0xD9-0xDB, 0xE0, 0xF0 and without the combining marks at 0xB0-0xB4; 0x80-0x9F and 0xFF
/// are VN1 only too.
const TCVN_HIGH: [char; 128] = [
    'À', 'Ả', 'Ã', 'Á', 'Ạ', 'Ặ', 'Ậ', 'È', // 0x80
    'Ẻ', 'Ẽ', 'É', 'Ẹ', 'Ệ', 'Ì', 'Ỉ', 'Ĩ', // 0x88
    'Í', 'Ị', 'Ò', 'Ỏ', 'Õ', 'Ó', 'Ọ', 'Ộ', // 0x90
    'Ờ', 'Ở', 'Ỡ', 'Ớ', 'Ợ', 'Ù', 'Ủ', 'Ũ', // 0x98
    '\u{A0}', 'Ă', 'Â', 'Ê', 'Ô', 'Ơ', 'Ư', 'Đ', // 0xA0
    'ă', 'â', 'ê', 'ô', 'ơ', 'ư', 'đ', 'Ằ', // 0xA8
    '\u{300}', '\u{309}', '\u{303}', '\u{301}', '\u{323}', 'à', 'ả', 'ã', // 0xB0
    'á', 'ạ', 'Ẳ', 'ằ', 'ẳ', 'ẵ', 'ắ', 'Ẵ', // 0xB8
    'Ắ', 'Ầ', 'Ẩ', 'Ẫ', 'Ấ', 'Ề', 'ặ', 'ầ', // 0xC0
    'ẩ', 'ẫ', 'ấ', 'ậ', 'è', 'Ể', 'ẻ', 'ẽ', // 0xC8
    'é', 'ẹ', 'ề', 'ể', 'ễ', 'ế', 'ệ', 'ì', // 0xD0
    'ỉ', 'Ễ', 'Ế', 'Ồ', 'ĩ', 'í', 'ị', 'ò', // 0xD8
    'Ổ', 'ỏ', 'õ', 'ó', 'ọ', 'ồ', 'ổ', 'ỗ', // 0xE0
    'ố', 'ộ', 'ờ', 'ở', 'ỡ', 'ớ', 'ợ', 'ù', // 0xE8
    'Ỗ', 'ủ', 'ũ', 'ú', 'ụ', 'ừ', 'ử', 'ữ', // 0xF0
    'ứ', 'ự', 'ỳ', 'ỷ', 'ỹ', 'ý', 'ỵ', 'Ố', // 0xF8
];

fn tcvn_high(byte: u8) -> char {
    TCVN_HIGH[usize::from(byte - 0x80)]
}

/// TCVN3 text as Excel shows it (Windows-1252/Latin-1 characters) to Unicode NFC. Characters
/// no legacy font produces (e.g. real Vietnamese Unicode letters) pass through.
pub fn tcvn3_to_unicode(text: &str) -> String {
    decode_tcvn(text.chars())
}

/// Raw TCVN3 bytes (e.g. a CSV saved by old software) to Unicode NFC.
pub fn tcvn3_bytes_to_unicode(bytes: &[u8]) -> String {
    decode_tcvn(bytes.iter().map(|&b| cp1252_char(b)))
}

/// A decoded character, or — where VN1 and everyday Windows-1252 text disagree — both readings,
/// settled per word.
#[derive(Clone, Copy)]
enum Piece {
    Fixed(char),
    Choice { letter: char, other: char },
}

impl Piece {
    fn in_word(self) -> bool {
        match self {
            Piece::Fixed(c) => c.is_alphabetic(),
            Piece::Choice { .. } => true,
        }
    }
}

fn decode_tcvn(chars: impl Iterator<Item = char>) -> String {
    let mut pieces: Vec<Piece> = Vec::new();
    for c in chars {
        let piece = match legacy_byte(c) {
            None => Piece::Fixed(c),
            Some(byte @ 0x00..=0x7F) => Piece::Fixed(
                TCVN_C0
                    .iter()
                    .find(|(b, _)| *b == byte)
                    .map_or(c, |(_, letter)| *letter),
            ),
            Some(byte @ 0x80..=0x9F) => Piece::Choice {
                letter: tcvn_high(byte),
                other: c,
            },
            Some(byte @ 0xB0..=0xB4) if pieces.last().is_some_and(|p| p.in_word()) => {
                Piece::Choice {
                    letter: tcvn_high(byte),
                    other: c,
                }
            }
            Some(byte @ 0xB0..=0xB4) => Piece::Fixed(char::from(byte)),
            Some(byte) => Piece::Fixed(tcvn_high(byte)),
        };
        pieces.push(piece);
    }

    let mut out = String::with_capacity(pieces.len() * 2);
    let mut rest = pieces.as_slice();
    while let Some(first) = rest.first() {
        if !first.in_word() {
            if let Piece::Fixed(c) = first {
                out.push(*c);
            }
            rest = &rest[1..];
            continue;
        }
        let len = rest.iter().take_while(|p| p.in_word()).count();
        let (word, tail) = rest.split_at(len);
        push_word(&mut out, word);
        rest = tail;
    }
    let nfc: String = out.nfc().collect();
    restore_capitals(&nfc)
}

/// Takes the VN1 letters of a word only if the word has ordinary letters too and then reads as a
/// Vietnamese syllable; else the Windows-1252 punctuation the user typed.
fn push_word(out: &mut String, word: &[Piece]) {
    let has_choice = word.iter().any(|p| matches!(p, Piece::Choice { .. }));
    let has_fixed = word.iter().any(|p| matches!(p, Piece::Fixed(_)));
    let letters = |p: &Piece| match *p {
        Piece::Fixed(c) | Piece::Choice { letter: c, .. } => c,
    };
    let take_letters = !has_choice
        || (has_fixed && is_syllable(&word.iter().map(letters).nfc().collect::<String>()));
    out.extend(word.iter().map(|p| match *p {
        Piece::Fixed(c) => c,
        Piece::Choice { letter, other } => {
            if take_letters {
                letter
            } else {
                other
            }
        }
    }));
}

/// `.VnTimeH` capitals: a word with no lower-case ASCII letter, at least two capitals and some
/// lower-case Vietnamese letter was typed in the all-capitals font ("NGUYễN" → "NGUYỄN"). If the
/// whole text has no lower-case ASCII letter, all of it was ("Đà NẴNG" → "ĐÀ NẴNG").
fn restore_capitals(text: &str) -> String {
    let typed_in_capitals = |word: &str| {
        !word.chars().any(|c| c.is_ascii_lowercase())
            && word.chars().filter(|c| c.is_uppercase()).count() >= 2
            && word.chars().any(char::is_lowercase)
    };
    let words = text.split(|c: char| !c.is_alphabetic());
    if !words.clone().any(typed_in_capitals) {
        return text.to_string();
    }
    if !text.chars().any(|c| c.is_ascii_lowercase()) {
        return text.to_uppercase();
    }
    let mut out = String::with_capacity(text.len());
    let mut word = String::new();
    for c in text.chars().chain(std::iter::once('\0')) {
        if c.is_alphabetic() {
            word.push(c);
            continue;
        }
        if typed_in_capitals(&word) {
            out.push_str(&word.to_uppercase());
        } else {
            out.push_str(&word);
        }
        word.clear();
        if c != '\0' {
            out.push(c);
        }
    }
    out
}

// ---------------------------------------------------------------------------------------------
// VNI-Windows

const ACUTE: char = '\u{301}';
const GRAVE: char = '\u{300}';
const HOOK: char = '\u{309}';
const TILDE: char = '\u{303}';
const DOT: char = '\u{323}';
const CIRCUMFLEX: char = '\u{302}';
const BREVE: char = '\u{306}';

/// VNI mark characters (lower-case form, upper-case form) → (vowel modifier, tone) they add to the
/// letter before them. Circumflex marks go on a/e/o only, breve marks on a only.
const VNI_MARKS: [(char, char, Option<char>, Option<char>); 17] = [
    ('ù', 'Ù', None, Some(ACUTE)),
    ('ø', 'Ø', None, Some(GRAVE)),
    ('û', 'Û', None, Some(HOOK)),
    ('õ', 'Õ', None, Some(TILDE)),
    ('ï', 'Ï', None, Some(DOT)),
    ('â', 'Â', Some(CIRCUMFLEX), None),
    ('á', 'Á', Some(CIRCUMFLEX), Some(ACUTE)),
    ('à', 'À', Some(CIRCUMFLEX), Some(GRAVE)),
    ('å', 'Å', Some(CIRCUMFLEX), Some(HOOK)),
    ('ã', 'Ã', Some(CIRCUMFLEX), Some(TILDE)),
    ('ä', 'Ä', Some(CIRCUMFLEX), Some(DOT)),
    ('ê', 'Ê', Some(BREVE), None),
    ('é', 'É', Some(BREVE), Some(ACUTE)),
    ('è', 'È', Some(BREVE), Some(GRAVE)),
    ('ú', 'Ú', Some(BREVE), Some(HOOK)),
    ('ü', 'Ü', Some(BREVE), Some(TILDE)),
    ('ë', 'Ë', Some(BREVE), Some(DOT)),
];

/// VNI characters that are whole letters: ơ, ư, đ, the toned i's and ỵ.
const VNI_LETTERS: [(char, char); 18] = [
    ('ô', 'ơ'),
    ('Ô', 'Ơ'),
    ('ö', 'ư'),
    ('Ö', 'Ư'),
    ('ñ', 'đ'),
    ('Ñ', 'Đ'),
    ('í', 'í'),
    ('Í', 'Í'),
    ('ì', 'ì'),
    ('Ì', 'Ì'),
    ('æ', 'ỉ'),
    ('Æ', 'Ỉ'),
    ('ó', 'ĩ'),
    ('Ó', 'Ĩ'),
    ('ò', 'ị'),
    ('Ò', 'Ị'),
    ('î', 'ỵ'),
    ('Î', 'Ỵ'),
];

/// VNI text as Excel shows it to Unicode NFC.
pub fn vni_to_unicode(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    // The last vowel pushed (lower-cased, and whether it was a capital) while it can still take
    // a mark.
    let mut open_vowel: Option<(char, bool)> = None;
    for c in text.chars() {
        // VNI has a lower-case and an upper-case form of each mark; a capital may carry either
        // (the font draws both), a small letter only the small one.
        if let Some((base, capital)) = open_vowel
            && let Some(&(_, _, modifier, tone)) = VNI_MARKS
                .iter()
                .find(|(lower, upper, ..)| c == *lower || (capital && c == *upper))
            && match modifier {
                Some(CIRCUMFLEX) => matches!(base, 'a' | 'e' | 'o'),
                Some(_) => base == 'a',
                None => true,
            }
        {
            out.extend(modifier);
            out.extend(tone);
            open_vowel = None;
            continue;
        }
        let letter = VNI_LETTERS
            .iter()
            .find(|(vni, _)| *vni == c)
            .map_or(c, |(_, unicode)| *unicode);
        out.push(letter);
        let lower = letter.to_lowercase().next().unwrap_or(letter);
        open_vowel = matches!(lower, 'a' | 'e' | 'i' | 'o' | 'u' | 'y' | 'ơ' | 'ư')
            .then_some((lower, letter.is_uppercase()));
    }
    out.nfc().collect()
}

/// Raw VNI bytes to Unicode NFC.
pub fn vni_bytes_to_unicode(bytes: &[u8]) -> String {
    vni_to_unicode(&bytes.iter().map(|&b| cp1252_char(b)).collect::<String>())
}

// ---------------------------------------------------------------------------------------------
// Vietnamese syllables, the yardstick for detection

const TONES: [char; 5] = [GRAVE, ACUTE, TILDE, HOOK, DOT];
const ALPHABET: &str = "aăâbcdđeêghiklmnoôơpqrstuưvxy";
const ONSETS: [&str; 28] = [
    "", "b", "c", "ch", "d", "đ", "g", "gh", "gi", "h", "k", "kh", "l", "m", "n", "ng", "ngh",
    "nh", "p", "ph", "qu", "r", "s", "t", "th", "tr", "v", "x",
];
const FINALS: [&str; 9] = ["ng", "nh", "ch", "c", "m", "n", "p", "t", ""];
/// Vowel groups that may end a syllable or take a final consonant.
const NUCLEI_ANY: [&str; 14] = [
    "a", "e", "ê", "i", "o", "ô", "ơ", "u", "ư", "y", "oa", "oe", "uê", "uy",
];
/// Vowel groups that need a final consonant (ăn, ân, iên, uôn, ươn, oăn, uân, uyên, xoong).
const NUCLEI_CLOSED: [&str; 10] = ["ă", "â", "iê", "yê", "uô", "ươ", "oă", "uâ", "uyê", "oo"];
/// Vowel groups that end in a semivowel and so take no final consonant.
const NUCLEI_OPEN: [&str; 31] = [
    "ai", "ao", "au", "ay", "âu", "ây", "eo", "êu", "ia", "iu", "oi", "ôi", "ơi", "ua", "ui", "ưa",
    "ưi", "ưu", "uya", "uyu", "oai", "oay", "oao", "oeo", "uây", "uôi", "ươi", "ươu", "iêu", "yêu",
    "uơ",
];

/// Whether `word` is one Vietnamese syllable in ordinary casing (lower, Capitalised or ALL CAPS):
/// onset, vowel group, final consonant and at most one tone, with the usual spelling rules
/// (k/gh/ngh before i e ê y; ch/nh only after a ê i oa uê uy; c/ng never after ê i y ơ; stops
/// p t c ch take only the acute or dot tone) and the tone on the vowel that carries it.
fn is_syllable(word: &str) -> bool {
    let mut chars = word.chars();
    let Some(first) = chars.next() else {
        return false;
    };
    if !word.chars().all(char::is_alphabetic) {
        return false;
    }
    let rest_lower = chars.clone().all(char::is_lowercase);
    let all_upper = first.is_uppercase() && chars.all(char::is_uppercase);
    if !rest_lower && !all_upper {
        return false;
    }
    // The letters without tone, and the tone with the index of the letter carrying it.
    let mut tone = None;
    let mut bare = String::with_capacity(word.len());
    for (index, letter) in word.to_lowercase().chars().enumerate() {
        let mut parts = String::new();
        for c in letter.nfd() {
            if TONES.contains(&c) {
                if tone.replace((c, index)).is_some() {
                    return false;
                }
            } else {
                parts.push(c);
            }
        }
        let mut composed = parts.nfc();
        match (composed.next(), composed.next()) {
            (Some(c), None) if ALPHABET.contains(c) => bare.push(c),
            _ => return false,
        }
    }
    ONSETS.iter().any(|onset| {
        let onset_len = onset.chars().count();
        let tone_in_rime = match tone {
            None => Some(None),
            Some((mark, index)) => index.checked_sub(onset_len).map(|i| Some((mark, i))),
        };
        bare.strip_prefix(onset).is_some_and(|rime| {
            onset_fits(onset, rime)
                && tone_in_rime.is_some_and(|tone| rime_fits(rime, tone, *onset == "qu"))
        })
    })
}

fn onset_fits(onset: &str, rime: &str) -> bool {
    let front = rime.starts_with(['i', 'e', 'ê', 'y']);
    match onset {
        "k" | "gh" | "ngh" => front,
        "c" | "ng" => !front,
        "g" => !rime.starts_with(['e', 'ê']),
        "qu" => !rime.is_empty() && !rime.starts_with('u'),
        _ => true,
    }
}

/// `tone` is the tone mark and the index, within `rime`, of the vowel carrying it. After "qu"
/// the u is part of the onset, so "y" there behaves like "uy" (quýt, quỳnh).
fn rime_fits(rime: &str, tone: Option<(char, usize)>, after_qu: bool) -> bool {
    FINALS.iter().any(|last| {
        let Some(nucleus) = rime.strip_suffix(last) else {
            return false;
        };
        let vowels = nucleus.chars().count();
        if vowels == 0 {
            return false;
        }
        let stop = matches!(*last, "c" | "ch" | "p" | "t");
        if stop && !matches!(tone, Some((ACUTE | DOT, _))) {
            return false;
        }
        let spelled = match *last {
            "" => NUCLEI_ANY.contains(&nucleus) || NUCLEI_OPEN.contains(&nucleus),
            "ch" | "nh" => {
                matches!(nucleus, "a" | "ê" | "i" | "oa" | "uê" | "uy")
                    || after_qu && nucleus == "y"
            }
            "c" | "ng" if matches!(nucleus, "ê" | "i" | "ơ" | "uê" | "uy") => false,
            // "y" alone is only ever open (yên and uyn are other groups).
            _ if nucleus == "y" => after_qu,
            _ => NUCLEI_ANY.contains(&nucleus) || NUCLEI_CLOSED.contains(&nucleus),
        };
        // Where the tone goes: on the last vowel before a final consonant; in open syllables on
        // the first of a falling pair (mái, màu, mùa), the middle of three (người, ngoài), and
        // on either vowel of oa/oe/uy (hòa and hoà are both written).
        let placed = match tone {
            None => true,
            Some((_, at)) if !last.is_empty() => at == vowels - 1,
            Some((_, at)) => match nucleus {
                "oa" | "oe" | "uy" => at <= 1,
                "uê" | "uơ" => at == 1,
                _ if vowels == 3 => at == 1,
                _ => at == 0,
            },
        };
        spelled && placed
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    // Encoders for the tests: Unicode → what Excel shows for a legacy-font cell, built from the
    // inverse of the decoding tables.

    /// Positions of TCVN_HIGH that VN3 (what `.VnTime` fonts have) does not use.
    fn vn1_only(byte: u8) -> bool {
        matches!(
            byte,
            0x80..=0x9F
                | 0xAF
                | 0xB0..=0xB4
                | 0xBA
                | 0xBF
                | 0xC0..=0xC5
                | 0xCD
                | 0xD9..=0xDB
                | 0xE0
                | 0xF0
                | 0xFF
        )
    }

    fn tcvn_byte(c: char, vn1: bool) -> Option<u8> {
        if vn1 && let Some((byte, _)) = TCVN_C0.iter().find(|(_, letter)| *letter == c) {
            return Some(*byte);
        }
        (0xA0..=0xFF_u8)
            .chain(0x80..=0x9F)
            .filter(|&b| !(0xB0..=0xB4).contains(&b))
            .filter(|&b| vn1 || !vn1_only(b))
            .find(|&b| tcvn_high(b) == c)
    }

    /// Unicode → TCVN3 as typed with the ABC keyboard in `.VnTime`/`.VnTimeH`: capitals with a
    /// tone mark do not exist, so the lower-case code point is written.
    fn encode_vn3(text: &str) -> String {
        text.nfc()
            .map(|c| {
                if c.is_ascii() {
                    return c;
                }
                let lower = c.to_lowercase().next().unwrap();
                let byte = tcvn_byte(c, false).or_else(|| tcvn_byte(lower, false));
                cp1252_char(byte.unwrap_or_else(|| panic!("no TCVN3 for {c}")))
            })
            .collect()
    }

    /// Unicode → TCVN 5712 VN1 (capitals with tone marks included).
    fn encode_vn1(text: &str) -> String {
        text.nfc()
            .map(|c| match tcvn_byte(c, true) {
                _ if c.is_ascii() => c,
                Some(byte) if byte < 0x20 => char::from(byte),
                Some(byte) => cp1252_char(byte),
                None => panic!("no VN1 for {c}"),
            })
            .collect()
    }

    fn encode_vni(text: &str) -> String {
        let mut out = String::new();
        for c in text.nfc() {
            if c.is_ascii() {
                out.push(c);
                continue;
            }
            if let Some((vni, _)) = VNI_LETTERS.iter().find(|(_, unicode)| *unicode == c) {
                out.push(*vni);
                continue;
            }
            let parts: Vec<char> = c.nfd().collect();
            let mut base = parts[0];
            let upper = base.is_uppercase();
            let mut modifier = None;
            let mut tone = None;
            for &mark in &parts[1..] {
                match mark {
                    '\u{31B}' => {
                        let horned: String =
                            [base, mark].iter().collect::<String>().nfc().collect();
                        let horned = horned.chars().next().unwrap();
                        base = VNI_LETTERS
                            .iter()
                            .find(|(_, unicode)| *unicode == horned)
                            .unwrap()
                            .0;
                    }
                    CIRCUMFLEX | BREVE => modifier = Some(mark),
                    _ => tone = Some(mark),
                }
            }
            out.push(base);
            if modifier.is_some() || tone.is_some() {
                let (lower_mark, upper_mark, ..) = VNI_MARKS
                    .iter()
                    .find(|(_, _, m, t)| *m == modifier && *t == tone)
                    .unwrap_or_else(|| panic!("no VNI for {c}"));
                out.push(if upper { *upper_mark } else { *lower_mark });
            }
        }
        out
    }

    /// What VN3 can keep of a text: capitals with a tone mark become lower case.
    fn vn3_reachable(text: &str) -> String {
        text.nfc()
            .map(|c| {
                if c.is_ascii() || tcvn_byte(c, false).is_some() {
                    c
                } else {
                    c.to_lowercase().next().unwrap()
                }
            })
            .collect()
    }

    const NAMES: &[&str] = &[
        "Nguyễn Văn An",
        "Trần Thị Ánh Tuyết",
        "Đặng Đức Thắng",
        "Lê Hoàng Yến",
        "Phạm Ngọc Ẩn",
        "Huỳnh Thị Bích Ngọc",
        "Võ Minh Ươc",
        "Võ Minh Ước",
        "Bùi Thị Xuân",
        "Dương Quốc Việt",
        "Hồ Thị Mỹ Duyên",
        "Ngô Gia Tự",
        "Đỗ Thị Ửng",
        "Ông Ích Khiêm",
        "Nguyên phi Ỷ Lan",
        "Thạnh Hóa",
        "Bến Lức",
        "Cần Giuộc",
        "Đức Huệ",
        "Thủ Thừa",
        "Tân Trụ",
        "Trường THCS Thị trấn Hậu Nghĩa",
        "Trường THPT Nguyễn Hữu Thọ",
        "Trường Tiểu học Lương Hòa",
        "NGUYỄN VĂN AN",
        "ĐẶNG ĐỨC THẮNG",
        "TRƯỜNG THCS ĐỨC HÒA",
    ];

    #[test]
    fn every_vn1_letter_has_its_own_code_and_decodes_back() {
        let letters: Vec<char> = TCVN_C0
            .iter()
            .map(|(_, c)| *c)
            .chain(
                (0x80..=0xFF_u8)
                    .filter(|b| !(0xB0..=0xB4).contains(b))
                    .map(tcvn_high),
            )
            .filter(|c| *c != '\u{A0}')
            .collect();
        assert_eq!(letters.len(), 134);
        let mut unique = letters.clone();
        unique.sort_unstable();
        unique.dedup();
        assert_eq!(unique.len(), 134);
        assert_eq!(
            letters.iter().filter(|c| c.is_lowercase()).count(),
            67,
            "lower case"
        );
    }

    #[test]
    fn vn3_has_all_67_lower_case_letters_and_7_plain_capitals() {
        let vn3: Vec<char> = (0xA1..=0xFE_u8)
            .filter(|b| !vn1_only(*b))
            .map(tcvn_high)
            .collect();
        assert_eq!(vn3.iter().filter(|c| c.is_lowercase()).count(), 67);
        let capitals: String = vn3.iter().filter(|c| c.is_uppercase()).collect();
        assert_eq!(capitals, "ĂÂÊÔƠƯĐ");
    }

    #[test]
    fn names_round_trip_through_tcvn_vn1() {
        for name in NAMES {
            assert_eq!(tcvn3_to_unicode(&encode_vn1(name)), *name, "{name}");
        }
    }

    #[test]
    fn names_round_trip_through_tcvn3_with_lower_case_for_toned_capitals() {
        for name in NAMES {
            let expected = if name.chars().any(|c| c.is_ascii_lowercase()) {
                vn3_reachable(name)
            } else {
                // Typed in .VnTimeH: the capitals come back.
                name.to_string()
            };
            assert_eq!(tcvn3_to_unicode(&encode_vn3(name)), expected, "{name}");
        }
        assert_eq!(
            tcvn3_to_unicode(&encode_vn3("Trần Thị Ánh Tuyết")),
            "Trần Thị ánh Tuyết"
        );
    }

    #[test]
    fn names_round_trip_through_vni() {
        for name in NAMES {
            assert_eq!(vni_to_unicode(&encode_vni(name)), *name, "{name}");
        }
    }

    #[test]
    fn the_test_encoders_write_what_real_files_hold() {
        assert_eq!(encode_vn3("Nguyễn Văn An"), "NguyÔn V¨n An");
        assert_eq!(encode_vn3("Trường THCS"), "Tr\u{AD}êng THCS");
        assert_eq!(encode_vni("Nguyễn Văn An"), "Nguyeãn Vaên An");
        assert_eq!(encode_vni("Đức"), "Ñöùc");
        assert_eq!(encode_vni("Trường"), "Tröôøng");
    }

    #[test]
    fn tcvn3_strings_from_real_files_convert() {
        let cases = [
            ("NguyÔn V¨n An", "Nguyễn Văn An"),
            ("TrÇn ThÞ BÝch", "Trần Thị Bích"),
            ("§Æng", "Đặng"),
            ("§øc", "Đức"),
            (
                "Tr\u{AD}êng THCS ThÞ trÊn HËu NghÜa",
                "Trường THCS Thị trấn Hậu Nghĩa",
            ),
            ("Th¹nh Hãa", "Thạnh Hóa"),
            ("BÕn Løc", "Bến Lức"),
            ("CÇn Giuéc", "Cần Giuộc"),
            ("§øc HuÖ", "Đức Huệ"),
            ("Huúnh ThÞ BÝch Ngäc", "Huỳnh Thị Bích Ngọc"),
            ("Lª Hoµng YÕn", "Lê Hoàng Yến"),
            ("Vâ Minh ¦íc", "Võ Minh Ước"),
            ("Hµ Néi", "Hà Nội"),
        ];
        for (tcvn3, unicode) in cases {
            assert_eq!(tcvn3_to_unicode(tcvn3), unicode, "{tcvn3}");
            assert_eq!(to_unicode(tcvn3), (unicode.to_string(), Encoding::Tcvn3));
        }
    }

    #[test]
    fn vntimeh_capitals_come_back_for_whole_words_and_cells() {
        assert_eq!(tcvn3_to_unicode("NGUYÔN V¨N AN"), "NGUYỄN VĂN AN");
        assert_eq!(tcvn3_to_unicode("§µ N½NG"), "ĐÀ NẴNG");
        assert_eq!(
            tcvn3_to_unicode("Tr\u{AD}êng THCS NGUYÔN DU"),
            "Trường THCS NGUYỄN DU"
        );
        // A single capital cannot be told apart: "Hà" stays as written.
        assert_eq!(tcvn3_to_unicode("THPT Hµ Tiªn"), "THPT Hà Tiên");
    }

    #[test]
    fn windows_1252_punctuation_stays_punctuation_in_tcvn3_text() {
        assert_eq!(
            tcvn3_to_unicode("“Tr\u{AD}êng” – THCS…"),
            "“Trường” – THCS…"
        );
        assert_eq!(tcvn3_to_unicode("Hµ–Néi"), "Hà–Nội");
        assert_eq!(tcvn3_to_unicode("25°C"), "25°C");
        // …but VN1 capitals inside a word are letters.
        assert_eq!(tcvn3_to_unicode("§…NG"), "ĐẶNG");
        assert_eq!(tcvn3_to_unicode("ƒnh"), "Ánh");
    }

    #[test]
    fn tcvn3_bytes_convert_like_the_excel_reading() {
        assert_eq!(
            tcvn3_bytes_to_unicode(b"Nguy\xD4n V\xA8n An"),
            "Nguyễn Văn An"
        );
        assert_eq!(
            tcvn3_bytes_to_unicode(b"Tr\xAD\xEAng \xA7\xF8c H\xE3a"),
            "Trường Đức Hóa"
        );
        assert_eq!(tcvn3_bytes_to_unicode(b"\xA7\x85NG"), "ĐẶNG");
        assert_eq!(tcvn3_bytes_to_unicode(b"\x93Tr\xAD\xEAng\x94"), "“Trường”");
        for name in NAMES {
            let bytes: Vec<u8> = encode_vn1(name)
                .chars()
                .map(|c| legacy_byte(c).unwrap())
                .collect();
            assert_eq!(tcvn3_bytes_to_unicode(&bytes), *name, "{name}");
        }
    }

    #[test]
    fn vni_strings_from_real_files_convert() {
        let cases = [
            ("Nguyeãn Vaên An", "Nguyễn Văn An"),
            ("Traàn Thò Bích", "Trần Thị Bích"),
            ("Ñöùc", "Đức"),
            ("Tröôøng", "Trường"),
            ("Ñaëng Ñöùc Thaéng", "Đặng Đức Thắng"),
            ("Thaïnh Hoùa", "Thạnh Hóa"),
            ("Beán Löùc", "Bến Lức"),
            ("Caàn Giuoäc", "Cần Giuộc"),
            ("Ñöùc Hueä", "Đức Huệ"),
            (
                "Tröôøng THCS Thò traán Haäu Nghóa",
                "Trường THCS Thị trấn Hậu Nghĩa",
            ),
            ("NGUYEÃN VAÊN AN", "NGUYỄN VĂN AN"),
            ("Phaïm Ngoïc AÅn", "Phạm Ngọc Ẩn"),
            ("Huyønh Thò Bích Ngoïc", "Huỳnh Thị Bích Ngọc"),
        ];
        for (vni, unicode) in cases {
            assert_eq!(vni_to_unicode(vni), unicode, "{vni}");
            assert_eq!(to_unicode(vni), (unicode.to_string(), Encoding::Vni));
        }
        assert_eq!(
            vni_bytes_to_unicode(b"Nguye\xE3n Va\xEAn An"),
            "Nguyễn Văn An"
        );
    }

    const UNICODE_TEXTS: &[&str] = &[
        "Nguyễn Thị Ánh",
        "Trường THCS Đức Hòa",
        "Hướng nghiệp",
        "Hà Nội",
        "Hòa",
        "Ánh",
        "Bích",
        "Tâm",
        "Bà",
        "Cô",
        "Ông",
        "Tô Thị Ân",
        "Châu Thành",
        "Tân An",
        "Cà Mau",
        "Hoà Bình",
        "Khánh Hòa",
        "Hồ Chí Minh",
        "Tôn Đức Thắng",
        "Lê Văn Tám",
        "Bùi Thị Xuân",
        "Trần Hưng Đạo",
        "Lý Thái Tổ",
        "Thuý Kiều",
        "Khoá học 2024–2025",
        "Sóc Trăng",
        "Trà Vinh",
        "Bình Chánh",
        "Nguye\u{302}\u{303}n Va\u{306}n An",
        "Hello world",
        "Student list 2024",
        "Café au lait",
        "José García",
        "Peña Nieto",
        "naïve résumé",
        "Crème brûlée",
        "São Paulo",
        "Müller",
        "Señor Ñandú",
        "Zoë Saldaña",
        "Côte d'Ivoire",
        "Hôtel de Ville",
        "Fête",
        "Crêpe",
        "Ñ",
        "ê ô ñ",
        "“Quoted” – text…",
        "",
        "12/05/2008",
    ];

    #[test]
    fn unicode_and_english_texts_stay_unicode() {
        for text in UNICODE_TEXTS {
            assert_eq!(detect(text), Encoding::Unicode, "{text}");
            let nfc: String = text.nfc().collect();
            assert_eq!(to_unicode(text), (nfc, Encoding::Unicode), "{text}");
        }
    }

    #[test]
    fn names_written_in_tcvn3_are_detected() {
        for name in NAMES.iter().filter(|n| !n.is_ascii()) {
            assert_eq!(detect(&encode_vn3(name)), Encoding::Tcvn3, "{name}");
            assert_eq!(detect(&encode_vn1(name)), Encoding::Tcvn3, "{name}");
        }
    }

    #[test]
    fn names_written_in_vni_are_detected() {
        for name in NAMES.iter().filter(|n| !n.is_ascii()) {
            assert_eq!(detect(&encode_vni(name)), Encoding::Vni, "{name}");
        }
    }

    #[test]
    fn a_short_cell_valid_both_ways_is_left_as_unicode() {
        // TCVN3 "Tõ" is "Từ", but "tõ" is a Unicode syllable too.
        assert_eq!(detect("Tõ"), Encoding::Unicode);
        assert_eq!(detect("Thò"), Encoding::Unicode);
    }

    #[test]
    fn a_column_is_decided_by_majority() {
        let tcvn3 = ["Tõ", "NguyÔn V¨n An", "Lª Hoµng YÕn", "An", "", "§øc HuÖ"];
        assert_eq!(detect_many(tcvn3), Encoding::Tcvn3);
        assert_eq!(convert("Tõ", Encoding::Tcvn3), "Từ");

        let vni = ["Thò", "Nguyeãn Vaên An", "Traàn Thò Bích", "Minh"];
        assert_eq!(detect_many(vni.iter().copied()), Encoding::Vni);

        assert_eq!(
            detect_many(UNICODE_TEXTS.iter().copied()),
            Encoding::Unicode
        );
        let names: Vec<String> = NAMES.iter().map(|n| encode_vn3(n)).collect();
        assert_eq!(
            detect_many(names.iter().map(String::as_str)),
            Encoding::Tcvn3
        );
        let names: Vec<String> = NAMES.iter().map(|n| encode_vni(n)).collect();
        assert_eq!(detect_many(names.iter().map(String::as_str)), Encoding::Vni);
        assert_eq!(detect_many(["Tõ", "An"]), Encoding::Unicode);
    }

    #[test]
    fn syllable_check_follows_vietnamese_spelling() {
        for word in [
            "nguyễn",
            "Trường",
            "ĐỨC",
            "khuya",
            "quốc",
            "giữa",
            "gì",
            "nghiêng",
            "kiếm",
            "xoong",
            "oanh",
            "huỳnh",
            "ước",
            "yến",
            "thuở",
            "Quỳnh",
            "quýt",
            "hoà",
            "hòa",
        ] {
            assert!(is_syllable(word), "{word}");
        }
        for word in [
            "NguyÔn",
            "nguyeãn",
            "vaên",
            "kan",
            "ngi",
            "bac",
            "ânh",
            "ễng",
            "tr\u{AD}êng",
            "café",
            "ăn2",
            "baù",
            "ỹn",
            "maủ",
            "ngưòi",
        ] {
            assert!(!is_syllable(word), "{word}");
        }
    }
}
