//! Reporting periods of the reporting regime: the 6-monthly and yearly reports that schools and
//! communes send up (seeds 000, 003: "báo cáo định kỳ 6 tháng, năm") and the quarters of labour
//! data. Figures close on the dates of Decree 09/2019/NĐ-CP, art. 12 (the 15th of the month before
//! to the 14th of the last month), and each period reports one cohort of graduates.

use chrono::{Datelike, Days, NaiveDate};
use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PeriodKind {
    /// 6 tháng đầu năm.
    FirstHalf,
    Year,
    /// Labour data (seed 003: "hằng quý, 6 tháng, năm").
    Quarter(u8),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub struct Period {
    pub kind: PeriodKind,
    pub year: i32,
}

/// Days between the closing of the figures and the day the report is due above: the plans leave
/// the day to the office that asks; five days is what the seeds' district offices give schools.
pub const DAYS_TO_SUBMIT: u64 = 5;

const ROMAN: [&str; 4] = ["I", "II", "III", "IV"];

impl Period {
    pub fn first_half(year: i32) -> Period {
        Period {
            kind: PeriodKind::FirstHalf,
            year,
        }
    }

    pub fn year(year: i32) -> Period {
        Period {
            kind: PeriodKind::Year,
            year,
        }
    }

    /// The stable code: "2024-h1", "2024-y", "2024-q3".
    pub fn code(&self) -> String {
        match self.kind {
            PeriodKind::FirstHalf => format!("{}-h1", self.year),
            PeriodKind::Year => format!("{}-y", self.year),
            PeriodKind::Quarter(q) => format!("{}-q{q}", self.year),
        }
    }

    pub fn parse(code: &str) -> Option<Period> {
        let (year, kind) = code.trim().split_once('-')?;
        let year: i32 = year.parse().ok().filter(|y| (1990..=2100).contains(y))?;
        let kind = match kind.to_ascii_lowercase().as_str() {
            "h1" => PeriodKind::FirstHalf,
            "y" => PeriodKind::Year,
            q => match q.strip_prefix('q')?.parse::<u8>().ok()? {
                n @ 1..=4 => PeriodKind::Quarter(n),
                _ => return None,
            },
        };
        Some(Period { kind, year })
    }

    /// "6 tháng đầu năm 2024", "Năm 2024", "Quý III/2024".
    pub fn label(&self) -> String {
        match self.kind {
            PeriodKind::FirstHalf => format!("6 tháng đầu năm {}", self.year),
            PeriodKind::Year => format!("Năm {}", self.year),
            PeriodKind::Quarter(q) => {
                format!(
                    "Quý {}/{}",
                    ROMAN[usize::from(q.clamp(1, 4) - 1)],
                    self.year
                )
            }
        }
    }

    /// The first day whose events the period's figures count.
    pub fn starts_on(&self) -> NaiveDate {
        let (year, month) = match self.kind {
            PeriodKind::FirstHalf | PeriodKind::Year => (self.year - 1, 12),
            PeriodKind::Quarter(1) => (self.year - 1, 12),
            PeriodKind::Quarter(q) => (self.year, u32::from(q) * 3 - 3),
        };
        NaiveDate::from_ymd_opt(year, month, 15).unwrap_or_default()
    }

    /// The day the figures close.
    pub fn ends_on(&self) -> NaiveDate {
        let month = match self.kind {
            PeriodKind::FirstHalf => 6,
            PeriodKind::Year => 12,
            PeriodKind::Quarter(q) => u32::from(q.clamp(1, 4)) * 3,
        };
        NaiveDate::from_ymd_opt(self.year, month, 14).unwrap_or_default()
    }

    /// The last day a report for the period is on time.
    pub fn due_on(&self) -> NaiveDate {
        self.ends_on()
            .checked_add_days(Days::new(DAYS_TO_SUBMIT))
            .unwrap_or_default()
    }

    /// The cohort whose figures the period reports: the latest to have graduated (in May-June)
    /// and been placed by the closing day — the 6-month report of 2024 reports the graduates of
    /// 2023, the yearly report of 2024 those of 2024.
    pub fn cohort_year(&self) -> i32 {
        if self.ends_on().month() >= 7 {
            self.year
        } else {
            self.year - 1
        }
    }

    /// Days late of a report sent on `sent` (0 when on time).
    pub fn days_late(&self, sent: NaiveDate) -> i64 {
        (sent - self.due_on()).num_days().max(0)
    }

    /// The 6-monthly and yearly periods whose closing day is at most a year before `today`, and
    /// the one under way, newest first.
    pub fn recent(today: NaiveDate, with_quarters: bool) -> Vec<Period> {
        let mut periods = Vec::new();
        for year in (today.year() - 1..=today.year()).rev() {
            let mut of_year = vec![Period::year(year), Period::first_half(year)];
            if with_quarters {
                for q in (1..=4).rev() {
                    of_year.push(Period {
                        kind: PeriodKind::Quarter(q),
                        year,
                    });
                }
            }
            of_year.sort_by_key(|p| std::cmp::Reverse(p.ends_on()));
            periods.extend(
                of_year
                    .into_iter()
                    .filter(|p| p.starts_on() <= today && (today - p.ends_on()).num_days() <= 366),
            );
        }
        periods
    }
}

/// The day a cohort's records belong to: the last day of the school year it graduated in
/// (30/06). The administrative tree of that day decides who may see the records — the cohort
/// of 2025 graduated in the old tree (its communes' officers keep it), that of 2026 in the new.
pub fn cohort_day(year: i32) -> NaiveDate {
    NaiveDate::from_ymd_opt(year, 6, 30).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cohort_belongs_to_the_tree_of_the_school_year_it_graduated_in() {
        assert!(crate::unit::Validity::legacy().contains(cohort_day(2025)));
        assert!(!crate::unit::Validity::reformed().contains(cohort_day(2025)));
        assert!(crate::unit::Validity::reformed().contains(cohort_day(2026)));
    }

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()
    }

    #[test]
    fn periods_close_on_the_days_of_decree_09() {
        let half = Period::first_half(2024);
        assert_eq!(half.starts_on(), day(2023, 12, 15));
        assert_eq!(half.ends_on(), day(2024, 6, 14));
        assert_eq!(Period::year(2024).ends_on(), day(2024, 12, 14));
        let q3 = Period::parse("2024-q3").unwrap_or(half);
        assert_eq!(
            (q3.starts_on(), q3.ends_on()),
            (day(2024, 6, 15), day(2024, 9, 14))
        );
    }

    #[test]
    fn the_half_year_report_counts_the_cohort_of_the_year_before() {
        assert_eq!(Period::first_half(2024).cohort_year(), 2023);
        assert_eq!(Period::year(2024).cohort_year(), 2024);
    }

    #[test]
    fn codes_and_labels_round_trip() {
        for code in ["2024-h1", "2024-y", "2025-q4"] {
            assert_eq!(Period::parse(code).map(|p| p.code()).as_deref(), Some(code));
        }
        assert_eq!(Period::parse("2025-q5"), None);
        assert_eq!(
            Period::parse("2024-q3").map(|p| p.label()).as_deref(),
            Some("Quý III/2024")
        );
        assert_eq!(Period::year(2023).label(), "Năm 2023");
    }

    #[test]
    fn lateness_counts_days_after_the_due_day() {
        let half = Period::first_half(2024);
        assert_eq!(half.due_on(), day(2024, 6, 19));
        assert_eq!(half.days_late(day(2024, 6, 19)), 0);
        assert_eq!(half.days_late(day(2024, 6, 30)), 11);
    }

    #[test]
    fn recent_periods_are_newest_first() {
        let recent = Period::recent(day(2024, 11, 23), false);
        assert_eq!(recent[0], Period::year(2024));
        assert_eq!(recent[1], Period::first_half(2024));
        assert!(recent.contains(&Period::year(2023)));
    }
}
