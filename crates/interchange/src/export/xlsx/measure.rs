//! Rough measures of text set in Times New Roman, in the unit of Excel's column widths (the
//! width of a digit at the workbook's 12-point font). Neither Excel nor LibreOffice fits the
//! height of a row to wrapped text in merged cells, so those rows are given a height from these
//! estimates; erring on the wide side leaves a little air rather than cutting a line off.

use unicode_normalization::char::is_combining_mark;

/// The point size that column widths are measured in (the workbook's default font).
const BASE_SIZE: f64 = 12.0;

/// Room taken by the cell's own padding, in characters.
const PADDING: f64 = 0.8;

/// The width of one character relative to a digit. Times New Roman capitals are much wider than
/// lower case, which matters for headings in capitals ("CỘNG HÒA XÃ HỘI…").
fn char_width(c: char) -> f64 {
    if is_combining_mark(c) {
        0.0
    } else if c.is_whitespace() || matches!(c, ',' | '.' | ';' | ':' | '\'' | '!' | '|') {
        0.5
    } else if matches!(c, '(' | ')' | '-' | '/' | '[' | ']') {
        0.67
    } else if matches!(c, '%' | '&' | '—' | 'm' | 'w' | '@') {
        1.6
    } else if c.is_ascii_digit() {
        1.0
    } else if c.is_uppercase() {
        1.4
    } else {
        0.92
    }
}

/// The width of `text` on one line, in characters of the base font.
pub(super) fn text_width(text: &str, size: f64, bold: bool) -> f64 {
    let weight = if bold { 1.08 } else { 1.0 };
    text.chars().map(char_width).sum::<f64>() * weight * size / BASE_SIZE
}

/// How many lines `text` takes when wrapped at word boundaries in a cell `width` characters
/// wide (at least one).
pub(super) fn lines(text: &str, width: f64, size: f64, bold: bool) -> usize {
    let room = (width - PADDING).max(1.0);
    let space = text_width(" ", size, bold);
    let mut count = 0;
    for paragraph in text.split('\n') {
        count += 1;
        // The width used on the current line; `None` before its first word.
        let mut used: Option<f64> = None;
        for word in paragraph.split_whitespace() {
            let word_width = text_width(word, size, bold);
            if let Some(line) = used {
                if line + space + word_width <= room {
                    used = Some(line + space + word_width);
                    continue;
                }
                count += 1;
            }
            // A word longer than the cell is broken over lines of its own.
            let over = (word_width / room).ceil().max(1.0) - 1.0;
            count += over as usize;
            used = Some(word_width - over * room);
        }
    }
    count.max(1)
}

/// The height in points of a row holding `lines` lines of text of the given size.
pub(super) fn height(lines: usize, size: f64) -> f64 {
    // 12-point Times New Roman takes 15.75 points a line in Excel.
    (lines as f64 * size * 1.32 + 2.0).max(size * 1.32 + 2.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_wraps_at_words() {
        assert_eq!(lines("Tân An", 20.0, 12.0, false), 1);
        assert_eq!(lines("", 20.0, 12.0, false), 1);
        let long = "Tỷ lệ % học sinh tốt nghiệp trung học cơ sở tiếp tục học tập tại các cơ sở";
        assert!(lines(long, 20.0, 12.0, false) >= 3);
        assert!(lines(long, 20.0, 12.0, true) >= lines(long, 20.0, 12.0, false));
        assert!(lines(&"x".repeat(100), 10.0, 12.0, false) >= 9);
    }

    #[test]
    fn capitals_are_wider_than_lower_case() {
        assert!(text_width("CỘNG HÒA", 12.0, true) > text_width("cộng hòa", 12.0, true));
        assert!(text_width("ab", 11.0, false) < text_width("ab", 12.0, false));
    }
}
