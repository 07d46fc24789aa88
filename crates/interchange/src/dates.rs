//! Dates as Vietnamese files write them: day first, always. "05/09/2009", "5/9/09",
//! "05-09-2009", "05.09.2009", ISO "2009-09-05", or an Excel serial number.

use chrono::{Datelike, NaiveDate};

/// Reads a date written day first. Two-digit years are taken in the window 1950-2049.
pub fn parse_day_first(raw: &str) -> Option<NaiveDate> {
    let text = raw.trim();
    if let Ok(iso) = NaiveDate::parse_from_str(text, "%Y-%m-%d") {
        return Some(iso);
    }
    let parts: Vec<&str> = text.split(['/', '-', '.']).map(str::trim).collect();
    let [day, month, year] = parts.as_slice() else {
        return None;
    };
    let day: u32 = day.parse().ok()?;
    let month: u32 = month.parse().ok()?;
    let year: i32 = match year.len() {
        2 => {
            let short: i32 = year.parse().ok()?;
            if short < 50 {
                2000 + short
            } else {
                1900 + short
            }
        }
        4 => year.parse().ok()?,
        _ => return None,
    };
    NaiveDate::from_ymd_opt(year, month, day)
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
