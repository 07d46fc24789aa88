//! Institutions: general-education schools, vocational schools, higher education and
//! enterprises, each located in a commune and managed by a unit.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum InstitutionKind {
    /// Trường THCS.
    Thcs,
    /// Trường THPT.
    Thpt,
    /// Trường TH&THCS (primary and lower secondary).
    ThThcs,
    /// Trường THCS&THPT.
    ThcsThpt,
    /// Trường PT dân tộc nội trú.
    Dtnt,
    /// Trung tâm GDNN-GDTX of a district.
    GdnnGdtx,
    /// Trường trung cấp.
    Intermediate,
    /// Trường cao đẳng.
    College,
    /// Đại học.
    University,
    /// Doanh nghiệp.
    Enterprise,
}

impl InstitutionKind {
    pub const ALL: [InstitutionKind; 10] = [
        InstitutionKind::Thcs,
        InstitutionKind::Thpt,
        InstitutionKind::ThThcs,
        InstitutionKind::ThcsThpt,
        InstitutionKind::Dtnt,
        InstitutionKind::GdnnGdtx,
        InstitutionKind::Intermediate,
        InstitutionKind::College,
        InstitutionKind::University,
        InstitutionKind::Enterprise,
    ];

    pub fn code(self) -> &'static str {
        match self {
            InstitutionKind::Thcs => "thcs",
            InstitutionKind::Thpt => "thpt",
            InstitutionKind::ThThcs => "th_thcs",
            InstitutionKind::ThcsThpt => "thcs_thpt",
            InstitutionKind::Dtnt => "dtnt",
            InstitutionKind::GdnnGdtx => "gdnn_gdtx",
            InstitutionKind::Intermediate => "intermediate",
            InstitutionKind::College => "college",
            InstitutionKind::University => "university",
            InstitutionKind::Enterprise => "enterprise",
        }
    }

    /// The Vietnamese label, as written in lists and import files.
    pub fn label(self) -> &'static str {
        match self {
            InstitutionKind::Thcs => "THCS",
            InstitutionKind::Thpt => "THPT",
            InstitutionKind::ThThcs => "TH&THCS",
            InstitutionKind::ThcsThpt => "THCS&THPT",
            InstitutionKind::Dtnt => "PT DTNT",
            InstitutionKind::GdnnGdtx => "Trung tâm GDNN-GDTX",
            InstitutionKind::Intermediate => "Trường trung cấp",
            InstitutionKind::College => "Trường cao đẳng",
            InstitutionKind::University => "Đại học",
            InstitutionKind::Enterprise => "Doanh nghiệp",
        }
    }

    /// Reads a kind from its code or its Vietnamese label, as people write it in a file.
    pub fn parse(raw: &str) -> Option<Self> {
        let squeeze = |text: &str| crate::text::fold(text).replace(['-', '&', ' ', '_'], "");
        let key = squeeze(raw);
        Self::ALL
            .into_iter()
            .find(|kind| key == squeeze(kind.code()) || key == squeeze(kind.label()))
    }

    /// Schools whose graduates the programme follows (they hold THCS or THPT classes).
    pub fn is_general_school(self) -> bool {
        matches!(
            self,
            InstitutionKind::Thcs
                | InstitutionKind::Thpt
                | InstitutionKind::ThThcs
                | InstitutionKind::ThcsThpt
                | InstitutionKind::Dtnt
                | InstitutionKind::GdnnGdtx
        )
    }

    /// Institutions that train for an occupation (GDNN).
    pub fn is_vocational(self) -> bool {
        matches!(
            self,
            InstitutionKind::GdnnGdtx | InstitutionKind::Intermediate | InstitutionKind::College
        )
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Ownership {
    /// Công lập.
    Public,
    /// Ngoài công lập (tư thục, dân lập).
    NonPublic,
}

impl Ownership {
    pub fn code(self) -> &'static str {
        match self {
            Ownership::Public => "public",
            Ownership::NonPublic => "non_public",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Ownership::Public => "Công lập",
            Ownership::NonPublic => "Ngoài công lập",
        }
    }

    pub fn parse(raw: &str) -> Option<Self> {
        match crate::text::fold(raw).as_str() {
            "public" | "cong lap" => Some(Ownership::Public),
            "non_public" | "ngoai cong lap" | "tu thuc" | "dan lap" => Some(Ownership::NonPublic),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_are_read_from_codes_and_from_labels_as_written() {
        assert_eq!(InstitutionKind::parse("THCS"), Some(InstitutionKind::Thcs));
        assert_eq!(
            InstitutionKind::parse("thcs_thpt"),
            Some(InstitutionKind::ThcsThpt)
        );
        assert_eq!(
            InstitutionKind::parse("THCS & THPT"),
            Some(InstitutionKind::ThcsThpt)
        );
        assert_eq!(
            InstitutionKind::parse("Trung tâm GDNN - GDTX"),
            Some(InstitutionKind::GdnnGdtx)
        );
        assert_eq!(
            InstitutionKind::parse("trường cao đẳng"),
            Some(InstitutionKind::College)
        );
        assert_eq!(InstitutionKind::parse("tiểu học"), None);
    }

    #[test]
    fn ownership_accepts_the_vietnamese_words() {
        assert_eq!(Ownership::parse("Công lập"), Some(Ownership::Public));
        assert_eq!(Ownership::parse("Tư thục"), Some(Ownership::NonPublic));
        assert_eq!(Ownership::parse("x"), None);
    }
}
