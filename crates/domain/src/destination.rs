//! Where a graduate went: the fixed, coded list of DESIGN §1, per level.

use serde::{Deserialize, Serialize};

use crate::level::Level;
use crate::text::fold;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Destination {
    ThptPublic,
    ThptPrivate,
    Gdtx,
    GdtxVocational,
    Elementary,
    Intermediate,
    College,
    University,
    Working,
    WorkingAbroad,
    Military,
    NotContinuing,
    Unknown,
}

impl Destination {
    pub const ALL: [Destination; 13] = [
        Destination::ThptPublic,
        Destination::ThptPrivate,
        Destination::Gdtx,
        Destination::GdtxVocational,
        Destination::Elementary,
        Destination::Intermediate,
        Destination::College,
        Destination::University,
        Destination::Working,
        Destination::WorkingAbroad,
        Destination::Military,
        Destination::NotContinuing,
        Destination::Unknown,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Destination::ThptPublic => "thpt_public",
            Destination::ThptPrivate => "thpt_private",
            Destination::Gdtx => "gdtx",
            Destination::GdtxVocational => "gdtx_vocational",
            Destination::Elementary => "elementary",
            Destination::Intermediate => "intermediate",
            Destination::College => "college",
            Destination::University => "university",
            Destination::Working => "working",
            Destination::WorkingAbroad => "working_abroad",
            Destination::Military => "military",
            Destination::NotContinuing => "not_continuing",
            Destination::Unknown => "unknown",
        }
    }

    /// The Vietnamese label, as schools write it and as the drop-down lists show it.
    pub fn label(self) -> &'static str {
        match self {
            Destination::ThptPublic => "THPT công lập",
            Destination::ThptPrivate => "THPT ngoài công lập",
            Destination::Gdtx => "GDTX cấp THPT",
            Destination::GdtxVocational => "9+ (GDTX + trung cấp)",
            Destination::Elementary => "Sơ cấp",
            Destination::Intermediate => "Trung cấp",
            Destination::College => "Cao đẳng",
            Destination::University => "Đại học",
            Destination::Working => "Làm việc",
            Destination::WorkingAbroad => "Đi làm việc ở nước ngoài",
            Destination::Military => "Nghĩa vụ quân sự/công an",
            Destination::NotContinuing => "Không tiếp tục học",
            Destination::Unknown => "Chưa rõ",
        }
    }

    /// The destinations open to the graduates of a level, in the order of DESIGN §1.
    pub fn for_level(level: Level) -> &'static [Destination] {
        use Destination::*;
        match level {
            Level::Thcs => &[
                ThptPublic,
                ThptPrivate,
                Gdtx,
                GdtxVocational,
                Intermediate,
                Elementary,
                Working,
                NotContinuing,
                Unknown,
            ],
            Level::Thpt => &[
                University,
                College,
                Intermediate,
                Elementary,
                Working,
                WorkingAbroad,
                Military,
                NotContinuing,
                Unknown,
            ],
        }
    }

    /// Reads a destination from its code or its label as people write it ("trung cấp",
    /// "THPT cong lap", "9+", "Học nghề trung cấp" …).
    pub fn parse(raw: &str) -> Option<Self> {
        let key = fold(raw);
        if key.is_empty() {
            return None;
        }
        // Imports call this for every row; the labels are folded once.
        static FOLDED: std::sync::OnceLock<Vec<(String, Destination)>> = std::sync::OnceLock::new();
        let folded =
            FOLDED.get_or_init(|| Self::ALL.iter().map(|d| (fold(d.label()), *d)).collect());
        if let Some(found) = Self::ALL.into_iter().find(|d| key == d.code()) {
            return Some(found);
        }
        if let Some((_, found)) = folded.iter().find(|(label, _)| *label == key) {
            return Some(*found);
        }
        let squeezed: String = key
            .chars()
            .filter(|c| c.is_alphanumeric() || *c == '+')
            .collect();
        let aliases: &[(&str, Destination)] = &[
            ("9+", Destination::GdtxVocational),
            ("mohinh9+", Destination::GdtxVocational),
            ("thptcl", Destination::ThptPublic),
            ("thptngoaicl", Destination::ThptPrivate),
            ("thpttuthuc", Destination::ThptPrivate),
            ("gdtx", Destination::Gdtx),
            ("gdtxcapthpt", Destination::Gdtx),
            ("hocnghetrungcap", Destination::Intermediate),
            ("hocnghesocap", Destination::Elementary),
            ("hoccaodang", Destination::College),
            ("hocdaihoc", Destination::University),
            ("dilam", Destination::Working),
            ("xuatkhaulaodong", Destination::WorkingAbroad),
            ("nghiavuquansu", Destination::Military),
            ("nghiavucongan", Destination::Military),
            ("nghihoc", Destination::NotContinuing),
            ("khongtieptuchoc", Destination::NotContinuing),
            ("chuaro", Destination::Unknown),
            ("khongro", Destination::Unknown),
        ];
        aliases
            .iter()
            .find(|(alias, _)| *alias == squeezed)
            .map(|(_, d)| *d)
    }

    /// Whether the destination continues in some education or training.
    pub fn is_continuing(self) -> bool {
        !matches!(
            self,
            Destination::Working
                | Destination::WorkingAbroad
                | Destination::Military
                | Destination::NotContinuing
                | Destination::Unknown
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn destinations_are_read_from_labels_codes_and_common_spellings() {
        assert_eq!(
            Destination::parse("THPT công lập"),
            Some(Destination::ThptPublic)
        );
        assert_eq!(
            Destination::parse("thpt cong lap"),
            Some(Destination::ThptPublic)
        );
        assert_eq!(
            Destination::parse("9+ (GDTX + trung cấp)"),
            Some(Destination::GdtxVocational)
        );
        assert_eq!(Destination::parse("9+"), Some(Destination::GdtxVocational));
        assert_eq!(
            Destination::parse("Trung cấp"),
            Some(Destination::Intermediate)
        );
        assert_eq!(
            Destination::parse("intermediate"),
            Some(Destination::Intermediate)
        );
        assert_eq!(
            Destination::parse("Không tiếp tục học"),
            Some(Destination::NotContinuing)
        );
        assert_eq!(Destination::parse("đi chơi"), None);
    }

    #[test]
    fn each_level_offers_only_its_own_destinations() {
        assert!(Destination::for_level(Level::Thcs).contains(&Destination::ThptPublic));
        assert!(!Destination::for_level(Level::Thcs).contains(&Destination::University));
        assert!(Destination::for_level(Level::Thpt).contains(&Destination::Military));
        assert!(!Destination::for_level(Level::Thpt).contains(&Destination::GdtxVocational));
    }
}
