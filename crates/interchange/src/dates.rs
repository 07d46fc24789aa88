//! Dates as Vietnamese files write them: day first, always. "05/09/2009", "5/9/09",
//! "05-09-2009", "05.09.2009", ISO "2009-09-05", or an Excel serial number.

use chrono::{Datelike, NaiveDate};

/// Why a text is not a date: its form, or the calendar (a user who wrote "31/02/2011" wrote a
/// day, a month and a year, and must be told that this day does not exist, not how to write one).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NotADate {
    /// Not day/month/year (nor ISO): "hôm qua", "2011/02/31", "31/02".
    Form,
    /// Day/month/year, but no such day: "31/02/2011", "01/13/2011".
    Calendar,
}

impl NotADate {
    /// What is wrong, in Vietnamese, naming the text: "“31/02/2011” không có trong lịch".
    pub fn message(self, raw: &str) -> String {
        let raw = raw.trim();
        match self {
            NotADate::Form => format!("“{raw}” không phải ngày dạng ngày/tháng/năm (dd/mm/yyyy)"),
            NotADate::Calendar => format!("{raw} không có trong lịch"),
        }
    }

    /// The same in English, for the pages shown in English.
    pub fn message_en(self, raw: &str) -> String {
        let raw = raw.trim();
        match self {
            NotADate::Form => format!("“{raw}” is not a date written day/month/year (dd/mm/yyyy)"),
            NotADate::Calendar => format!("{raw} is not a day of the calendar"),
        }
    }
}

/// Reads a date written day first. Two-digit years are taken in the window 1950-2049.
pub fn parse_day_first(raw: &str) -> Option<NaiveDate> {
    read_day_first(raw).ok()
}

/// Reads a date written day first, or says why it is not one.
pub fn read_day_first(raw: &str) -> Result<NaiveDate, NotADate> {
    let text = raw.trim();
    if let Ok(iso) = NaiveDate::parse_from_str(text, "%Y-%m-%d") {
        return Ok(iso);
    }
    let parts: Vec<&str> = text.split(['/', '-', '.']).map(str::trim).collect();
    let [day, month, year] = parts.as_slice() else {
        return Err(NotADate::Form);
    };
    let number = |part: &str| {
        if part.is_empty() || part.len() > 4 || !part.chars().all(|c| c.is_ascii_digit()) {
            return Err(NotADate::Form);
        }
        part.parse::<u32>().map_err(|_| NotADate::Form)
    };
    let (day, month, year_number) = (number(day)?, number(month)?, number(year)?);
    if day > 99 || month > 99 {
        return Err(NotADate::Form);
    }
    let year = match year.len() {
        2 if year_number < 50 => 2000 + year_number as i32,
        2 => 1900 + year_number as i32,
        4 => year_number as i32,
        _ => return Err(NotADate::Form),
    };
    NaiveDate::from_ymd_opt(year, month, day).ok_or(NotADate::Calendar)
}

/// Converts an Excel serial day number (1900 date system) to a date.
pub fn from_excel_serial(serial: f64) -> Option<NaiveDate> {
    if !(1.0..2_958_466.0).contains(&serial) {
        return None;
    }
    // Excel counts 1900-02-29, which never existed; day 0 is therefore 1899-12-30.
    let base = NaiveDate::from_ymd_opt(1899, 12, 30)?;
    base.checked_add_days(chrono::Days::new(serial.trunc() as u64))
}

/// Formats a date the way Vietnamese users read it: dd/mm/yyyy.
pub fn format_vi(day: NaiveDate) -> String {
    format!("{:02}/{:02}/{:04}", day.day(), day.month(), day.year())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(y, m, d)
    }

    #[test]
    fn dates_are_read_day_first_in_every_written_form() {
        assert_eq!(parse_day_first("05/09/2009"), day(2009, 9, 5));
        assert_eq!(parse_day_first("5/9/09"), day(2009, 9, 5));
        assert_eq!(parse_day_first("05-09-2009"), day(2009, 9, 5));
        assert_eq!(parse_day_first("2009-09-05"), day(2009, 9, 5));
    }

    #[test]
    fn a_date_that_only_works_month_first_is_refused() {
        assert_eq!(parse_day_first("09/25/2009"), None);
        assert_eq!(parse_day_first("31/02/2009"), None);
        assert_eq!(parse_day_first("hôm qua"), None);
    }

    #[test]
    fn a_day_month_year_that_is_not_in_the_calendar_is_told_apart_from_a_wrong_form() {
        assert_eq!(read_day_first("31/02/2011"), Err(NotADate::Calendar));
        assert_eq!(read_day_first("01/13/2011"), Err(NotADate::Calendar));
        assert_eq!(read_day_first("hôm qua"), Err(NotADate::Form));
        assert_eq!(read_day_first("31/02"), Err(NotADate::Form));
        assert_eq!(read_day_first("31/02/201"), Err(NotADate::Form));
        assert_eq!(
            NotADate::Calendar.message(" 31/02/2011 "),
            "31/02/2011 không có trong lịch"
        );
    }

    #[test]
    fn excel_serials_count_from_the_1900_system() {
        assert_eq!(from_excel_serial(40061.0), day(2009, 9, 5));
        assert_eq!(from_excel_serial(-3.0), None);
    }

    #[test]
    fn dates_are_shown_day_first_with_leading_zeros() {
        assert_eq!(
            day(2025, 7, 1).map(format_vi).as_deref(),
            Some("01/07/2025")
        );
    }
}
