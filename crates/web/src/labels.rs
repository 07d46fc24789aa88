//! The labels of the domain's coded things (destinations, genders, levels, statuses, periods,
//! reports, indicators, institution kinds, results) in the page's language. The domain's own
//! `label()` stays the Vietnamese text that files and the official reports (XLSX, PDF) use —
//! those are official documents and stay Vietnamese whatever the page's language; the pages ask
//! here.

use domain::indicator::Status;
use domain::period::{Period, PeriodKind};
use domain::report::ReportKind;
use domain::{Destination, Gender, InstitutionKind, Level, Ownership};
use store::{CorrectionStatus, SubmissionStatus};

use crate::i18n::Lang;

/// Vietnamese from the domain, English from `en`.
fn pick(lang: Lang, vi: &'static str, en: &'static str) -> &'static str {
    match lang {
        Lang::Vi => vi,
        Lang::En => en,
    }
}

pub fn destination(lang: Lang, d: Destination) -> &'static str {
    use Destination::*;
    let en = match d {
        ThptPublic => "Public upper secondary (THPT)",
        ThptPrivate => "Non-public upper secondary (THPT)",
        Gdtx => "Continuing education, upper secondary (GDTX)",
        GdtxVocational => "9+ (GDTX + intermediate vocational)",
        Elementary => "Elementary vocational",
        Intermediate => "Intermediate vocational",
        College => "College",
        University => "University",
        Working => "Working",
        WorkingAbroad => "Working abroad",
        Military => "Military or police service",
        NotContinuing => "Not continuing studies",
        Unknown => "Unknown",
    };
    pick(lang, d.label(), en)
}

pub fn gender(lang: Lang, g: Gender) -> &'static str {
    let en = match g {
        Gender::Male => "Male",
        Gender::Female => "Female",
    };
    pick(lang, g.label(), en)
}

pub fn level(lang: Lang, l: Level) -> &'static str {
    let en = match l {
        Level::Thcs => "Lower secondary (THCS)",
        Level::Thpt => "Upper secondary (THPT)",
    };
    pick(lang, l.label(), en)
}

pub fn status(lang: Lang, s: Status) -> &'static str {
    let en = match s {
        Status::Met => "Met",
        Status::NotMet => "Not met",
        Status::NoTarget => "No target set",
        Status::NoData => "No data",
    };
    pick(lang, s.label(), en)
}

pub fn submission_status(lang: Lang, s: SubmissionStatus) -> &'static str {
    let en = match s {
        SubmissionStatus::Submitted => "Sent, awaiting review",
        SubmissionStatus::Returned => "Returned",
        SubmissionStatus::Approved => "Approved (figures locked)",
    };
    pick(lang, s.label(), en)
}

/// A report not sent (no submission at all).
pub fn not_sent(lang: Lang) -> &'static str {
    pick(lang, "Chưa gửi", "Not sent")
}

pub fn correction_status(lang: Lang, s: CorrectionStatus) -> &'static str {
    let en = match s {
        CorrectionStatus::Pending => "Awaiting review",
        CorrectionStatus::Approved => "Approved",
        CorrectionStatus::Rejected => "Refused",
    };
    pick(lang, s.label(), en)
}

/// "6 tháng đầu năm 2025" / "First half of 2025".
pub fn period(lang: Lang, p: &Period) -> String {
    match lang {
        Lang::Vi => p.label(),
        Lang::En => match p.kind {
            PeriodKind::FirstHalf => format!("First half of {}", p.year),
            PeriodKind::Year => format!("Year {}", p.year),
            PeriodKind::Quarter(q) => format!("Q{q} {}", p.year),
        },
    }
}

/// A period by its code; an unknown code is shown as it is (it is data then).
pub fn period_code(lang: Lang, code: &str) -> String {
    Period::parse(code).map_or_else(|| code.to_string(), |p| period(lang, &p))
}

pub fn report(lang: Lang, k: ReportKind) -> &'static str {
    let en = match k {
        ReportKind::Targets => "Target registration table",
        ReportKind::Streaming => "Report on the streaming of students",
        ReportKind::NotContinuing => "List of students not continuing their studies",
    };
    pick(lang, k.label(), en)
}

pub fn institution_kind(lang: Lang, k: InstitutionKind) -> &'static str {
    use InstitutionKind::*;
    let en = match k {
        Thcs => "Lower secondary school (THCS)",
        Thpt => "Upper secondary school (THPT)",
        ThThcs => "Primary and lower secondary school",
        ThcsThpt => "Lower and upper secondary school",
        Dtnt => "Ethnic boarding school",
        GdnnGdtx => "Vocational and continuing education centre",
        Intermediate => "Intermediate vocational school",
        College => "College",
        University => "University",
        Enterprise => "Enterprise",
    };
    pick(lang, k.label(), en)
}

pub fn ownership(lang: Lang, o: Ownership) -> &'static str {
    let en = match o {
        Ownership::Public => "Public",
        Ownership::NonPublic => "Non-public",
    };
    pick(lang, o.label(), en)
}

/// A result of learning or conduct (Circular 22/2021 or 58/2011) by its code.
pub fn result(lang: Lang, code: &str) -> &'static str {
    let en = match code {
        "tot" => "Good",
        "kha" => "Fairly good",
        "dat" => "Pass",
        "chua_dat" => "Not passed",
        "gioi" => "Excellent",
        "trung_binh" => "Average",
        "yeu" => "Weak",
        "kem" => "Poor",
        _ => "",
    };
    pick(lang, domain::results::label(code), en)
}

/// An indicator's name: the plans' wording in Vietnamese; in English, that of the default
/// indicators (an indicator added as data, without English, keeps its own name).
pub fn indicator(lang: Lang, code: &str, name: &str) -> String {
    let en = match code {
        "schools_with_programme" => {
            "% of schools with a career-guidance programme tied to local production, business and services"
        }
        "schools_with_counsellor" => {
            "% of schools with a part-time counselling teacher meeting the professional requirements"
        }
        "thcs_to_vocational" => {
            "% of lower-secondary (THCS) graduates going on to vocational institutions at elementary or intermediate level"
        }
        "thpt_to_college" => {
            "% of upper-secondary (THPT) graduates going on to vocational institutions at college level"
        }
        "thpt_to_vocational" => {
            "% of upper-secondary (THPT) graduates entering vocational institutions"
        }
        "graduates_to_vocational" => {
            "% of THCS and THPT graduates going on to vocational education"
        }
        "graduates_to_elementary_intermediate" => {
            "% of THCS and THPT graduates studying at elementary or intermediate level"
        }
        "thcs_continuing" => "% of THCS graduates continuing in THPT, GDTX or vocational education",
        _ => return name.to_string(),
    };
    match lang {
        Lang::Vi => name.to_string(),
        Lang::En => en.to_string(),
    }
}

/// An ethnic group's name: in English without the Vietnamese marks ("Tày" → "Tay"), as English
/// texts write the names of Vietnam's peoples.
pub fn ethnicity(lang: Lang, code: &str) -> String {
    let name = domain::ethnicity::name(code);
    match lang {
        Lang::Vi => name.to_string(),
        Lang::En => without_marks(name),
    }
}

/// The text with its Vietnamese letters reduced to their base (ă â → a, đ → d, ơ → o …), case
/// kept.
pub fn without_marks(text: &str) -> String {
    text.split(' ')
        .map(|word| {
            let folded = domain::text::fold(word);
            let mut chars = folded.chars();
            match (word.chars().next(), chars.next()) {
                (Some(first), Some(base)) if first.is_uppercase() => {
                    base.to_uppercase().chain(chars).collect::<String>()
                }
                (_, Some(base)) => std::iter::once(base).chain(chars).collect(),
                _ => String::new(),
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// "Tất cả" / "All", in filters.
pub fn all(lang: Lang) -> &'static str {
    pick(lang, "Tất cả", "All")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vietnamese(text: &str) -> bool {
        text.chars()
            .any(|c| "ăâđêôơưĂÂĐÊÔƠƯ".contains(c) || !c.is_ascii() && c.is_alphabetic())
    }

    #[test]
    fn every_label_has_english_and_the_vietnamese_is_the_domains() {
        for d in Destination::ALL {
            assert_eq!(destination(Lang::Vi, d), d.label());
            assert!(!vietnamese(destination(Lang::En, d)), "{d:?}");
        }
        assert_eq!(
            destination(Lang::Vi, Destination::Intermediate),
            "Trung cấp"
        );
        assert_eq!(
            period(Lang::En, &Period::first_half(2025)),
            "First half of 2025"
        );
        assert_eq!(
            period(Lang::Vi, &Period::first_half(2025)),
            "6 tháng đầu năm 2025"
        );
        assert_eq!(without_marks("Tày"), "Tay");
        assert_eq!(without_marks("Ba Na"), "Ba Na");
        for indicator_ in domain::indicator::defaults() {
            let en = indicator(Lang::En, &indicator_.code, &indicator_.name);
            assert!(!vietnamese(&en), "{en}");
        }
        for code in [
            "tot",
            "kha",
            "dat",
            "chua_dat",
            "gioi",
            "trung_binh",
            "yeu",
            "kem",
        ] {
            assert!(!vietnamese(result(Lang::En, code)), "{code}");
        }
    }
}
