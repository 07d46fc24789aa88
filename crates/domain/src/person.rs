//! A person's name as Vietnamese lists use it: family and middle names, then the given name; lists
//! sorted by given name, then middle name, then family name. And gender.

use std::cmp::Ordering;

use serde::{Deserialize, Serialize};

use crate::limits::{self, TooLong};
use crate::text::{clean, collator};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PersonName {
    /// "Nguyễn Văn" in "Nguyễn Văn An": the family name and any middle names.
    pub family_middle: String,
    /// "An"; may be two syllables ("Ánh Tuyết") when a user corrects it.
    pub given: String,
}

impl PersonName {
    /// Splits a full name, taking the last word as the given name (the user may correct a
    /// two-syllable given name later).
    pub fn split_full(full: &str) -> Option<PersonName> {
        let full = clean(full);
        let (family_middle, given) = match full.rsplit_once(' ') {
            Some((rest, last)) => (rest.to_string(), last.to_string()),
            None => (String::new(), full.clone()),
        };
        if given.is_empty() || !given.chars().any(char::is_alphabetic) {
            return None;
        }
        Some(PersonName {
            family_middle,
            given,
        })
    }

    /// From separate "Họ" (family and middle) and "Tên" (given) columns.
    pub fn from_parts(family_middle: &str, given: &str) -> Option<PersonName> {
        let given = clean(given);
        if given.is_empty() || !given.chars().any(char::is_alphabetic) {
            return None;
        }
        Some(PersonName {
            family_middle: clean(family_middle),
            given,
        })
    }

    /// Refuses a name whose parts are longer than a record holds (see `limits`).
    pub fn check_length(&self) -> Result<(), TooLong> {
        limits::FAMILY_MIDDLE.check(&self.family_middle)?;
        limits::GIVEN.check(&self.given)
    }

    pub fn full(&self) -> String {
        if self.family_middle.is_empty() {
            self.given.clone()
        } else {
            format!("{} {}", self.family_middle, self.given)
        }
    }

    pub fn family(&self) -> &str {
        self.family_middle.split(' ').next().unwrap_or_default()
    }

    pub fn middle(&self) -> &str {
        self.family_middle
            .split_once(' ')
            .map(|(_, middle)| middle)
            .unwrap_or_default()
    }

    /// Vietnamese list order: given name, then middle name, then family name.
    pub fn list_order(&self, other: &PersonName) -> Ordering {
        let c = collator();
        c.compare(&self.given, &other.given)
            .then_with(|| c.compare(self.middle(), other.middle()))
            .then_with(|| c.compare(self.family(), other.family()))
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Gender {
    Male,
    Female,
}

impl Gender {
    pub fn code(self) -> &'static str {
        match self {
            Gender::Male => "male",
            Gender::Female => "female",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Gender::Male => "Nam",
            Gender::Female => "Nữ",
        }
    }

    pub fn parse(raw: &str) -> Option<Self> {
        match crate::text::fold(raw).as_str() {
            "nam" | "male" | "m" | "trai" => Some(Gender::Male),
            "nu" | "female" | "f" | "gai" => Some(Gender::Female),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn name(full: &str) -> PersonName {
        PersonName::split_full(full).unwrap_or(PersonName {
            family_middle: String::new(),
            given: String::new(),
        })
    }

    #[test]
    fn the_last_word_is_the_given_name_by_default() {
        let n = name("  Nguyễn  Văn   An ");
        assert_eq!(
            (n.family_middle.as_str(), n.given.as_str()),
            ("Nguyễn Văn", "An")
        );
        assert_eq!((n.family(), n.middle()), ("Nguyễn", "Văn"));
        assert_eq!(n.full(), "Nguyễn Văn An");
    }

    #[test]
    fn lists_sort_by_given_then_middle_then_family_name_in_vietnamese_order() {
        let mut people = [
            name("Trần Đức"),
            name("Lê Văn Duy"),
            name("Phạm Thị Ân"),
            name("Võ Ngọc Ăn"),
            name("Nguyễn Thị Ánh"),
            name("Bùi Văn Anh"),
            name("Đỗ Thị An"),
            name("Nguyễn Văn An"),
        ];
        people.sort_by(|a, b| a.list_order(b));
        let full: Vec<String> = people.iter().map(PersonName::full).collect();
        assert_eq!(
            full,
            [
                "Đỗ Thị An",
                "Nguyễn Văn An",
                "Bùi Văn Anh",
                "Nguyễn Thị Ánh",
                "Võ Ngọc Ăn",
                "Phạm Thị Ân",
                "Lê Văn Duy",
                "Trần Đức",
            ]
        );
    }

    #[test]
    fn a_name_without_letters_is_refused() {
        assert!(PersonName::split_full("123").is_none());
        assert!(PersonName::split_full("   ").is_none());
    }
}
