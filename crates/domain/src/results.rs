//! School results: Circular 22/2021 (học tập, rèn luyện: Tốt / Khá / Đạt / Chưa đạt) and, for
//! earlier cohorts, Circular 58/2011 (học lực, hạnh kiểm: Giỏi / Khá / Trung bình / Yếu / Kém, and
//! hạnh kiểm Tốt / Khá / Trung bình / Yếu).

use crate::text::fold;

/// The stable codes of every result category of both circulars.
pub const CATEGORIES: [(&str, &str); 8] = [
    ("tot", "Tốt"),
    ("kha", "Khá"),
    ("dat", "Đạt"),
    ("chua_dat", "Chưa đạt"),
    ("gioi", "Giỏi"),
    ("trung_binh", "Trung bình"),
    ("yeu", "Yếu"),
    ("kem", "Kém"),
];

/// A result that is none of the categories of either circular.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UnknownResult;

/// Reads a result as written ("Tốt", "T", "Chưa đạt", "TB", "Giỏi") into its code; empty is none.
pub fn parse(raw: &str) -> Result<Option<&'static str>, UnknownResult> {
    let key = fold(raw);
    if key.is_empty() {
        return Ok(None);
    }
    let code = match key.as_str() {
        "t" => "tot",
        "k" => "kha",
        "d" => "dat",
        "cd" => "chua_dat",
        "g" => "gioi",
        "tb" => "trung_binh",
        "y" => "yeu",
        other => CATEGORIES
            .iter()
            .find(|(code, label)| *code == other || fold(label) == other)
            .map(|(code, _)| *code)
            .ok_or(UnknownResult)?,
    };
    Ok(Some(code))
}

pub fn label(code: &str) -> &'static str {
    CATEGORIES
        .iter()
        .find(|(c, _)| *c == code)
        .map(|(_, l)| *l)
        .unwrap_or("")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_of_both_circulars_are_read() {
        assert_eq!(parse("Tốt"), Ok(Some("tot")));
        assert_eq!(parse("Chưa đạt"), Ok(Some("chua_dat")));
        assert_eq!(parse("TB"), Ok(Some("trung_binh")));
        assert_eq!(parse("Giỏi"), Ok(Some("gioi")));
        assert_eq!(parse(""), Ok(None));
        assert_eq!(parse("xuất sắc"), Err(UnknownResult));
    }
}
