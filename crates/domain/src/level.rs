//! The two levels whose graduates the programme follows.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Level {
    /// Trung học cơ sở (grades 6-9).
    Thcs,
    /// Trung học phổ thông (grades 10-12).
    Thpt,
}

impl Level {
    pub const ALL: [Level; 2] = [Level::Thcs, Level::Thpt];

    pub fn code(self) -> &'static str {
        match self {
            Level::Thcs => "thcs",
            Level::Thpt => "thpt",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Level::Thcs => "THCS",
            Level::Thpt => "THPT",
        }
    }

    pub fn parse(raw: &str) -> Option<Self> {
        match crate::text::fold(raw).as_str() {
            "thcs" | "trung hoc co so" => Some(Level::Thcs),
            "thpt" | "trung hoc pho thong" => Some(Level::Thpt),
            _ => None,
        }
    }
}
