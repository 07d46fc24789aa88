//! Text cells made safe for the spreadsheet programs that open what the product writes: every
//! CSV writer neutralises a text cell that a spreadsheet would run as a formula, and every XLSX
//! writer cuts a text at the most a cell can hold rather than fail.

use std::borrow::Cow;

/// The most a cell of Excel holds, in UTF-16 code units (what Excel and rust_xlsxwriter count).
pub const EXCEL_MAX_UNITS: usize = 32_767;

/// A text cell of a CSV file, neutralised against formula injection: a cell beginning with `=`,
/// `+`, `-`, `@`, a tab or a carriage return is run as a formula by Excel and LibreOffice
/// (`=HYPERLINK(…)` sends a click to an attacker's site, `=cmd|…` ran programs), so it is
/// prefixed with a single quote, as OWASP recommends ("CSV Injection"): the program then shows
/// the text as it was typed.
///
/// For text only. The figures the product writes itself (counts, percentages — a negative gap
/// "-3,5" included —, dates) must stay numbers for the program that reads the file, and they
/// carry no user text, so the writers call this for text cells alone.
pub fn csv_text(text: &str) -> Cow<'_, str> {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        Cow::Owned(format!("'{text}"))
    } else {
        Cow::Borrowed(text)
    }
}

/// A text cut to what one Excel cell holds, ending in "…" when cut. Field lengths are limited
/// on input, but a record stored before the limits existed must still export: a workbook that
/// fails for one over-long name fails for its whole school, for good.
pub fn excel_text(text: &str) -> Cow<'_, str> {
    // A UTF-8 byte is never fewer than one UTF-16 unit per character, so a short text in bytes
    // is short in units too: no count for the ordinary cell.
    if text.len() <= EXCEL_MAX_UNITS || text.encode_utf16().count() <= EXCEL_MAX_UNITS {
        return Cow::Borrowed(text);
    }
    let room = EXCEL_MAX_UNITS - '…'.len_utf16();
    let mut used = 0;
    let mut cut = String::with_capacity(room + 3);
    for c in text.chars() {
        used += c.len_utf16();
        if used > room {
            break;
        }
        cut.push(c);
    }
    cut.push('…');
    Cow::Owned(cut)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_text_a_spreadsheet_would_run_as_a_formula_gets_a_quote_before_it() {
        for dangerous in [
            "=HYPERLINK(\"http://evil.example\",\"Bấm\")",
            "+1",
            "-2",
            "@SUM(A1:A2)",
            "\tx",
            "\rx",
        ] {
            assert_eq!(csv_text(dangerous), format!("'{dangerous}"));
        }
    }

    #[test]
    fn ordinary_text_is_written_as_it_is() {
        for text in [
            "Nguyễn Văn An",
            "Đặng Thị Ánh",
            "9A1",
            "35,09",
            "",
            "'=x",
            " =1",
            "x=1",
        ] {
            assert_eq!(csv_text(text), text);
        }
    }

    #[test]
    fn an_over_long_text_is_cut_at_excels_limit_with_an_ellipsis() {
        assert_eq!(excel_text("Nguyễn Văn An"), "Nguyễn Văn An");
        let exact = "ễ".repeat(EXCEL_MAX_UNITS);
        assert!(matches!(excel_text(&exact), Cow::Borrowed(_)));
        let long = "Nguyễn ".repeat(20_000);
        let cut = excel_text(&long);
        assert_eq!(cut.encode_utf16().count(), EXCEL_MAX_UNITS);
        assert!(cut.ends_with('…') && long.starts_with(cut.trim_end_matches('…')));
        // A character outside the BMP takes two units and is never split.
        let emoji = "😀".repeat(20_000);
        let cut = excel_text(&emoji);
        assert!(cut.encode_utf16().count() <= EXCEL_MAX_UNITS);
        assert!(cut.trim_end_matches('…').chars().all(|c| c == '😀'));
    }
}
