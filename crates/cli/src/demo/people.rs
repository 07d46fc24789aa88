//! Vietnamese names as the class lists of Long An show them: family names by how often they are
//! borne in the South (Nguyễn for nearly two in five, Huỳnh and Võ where the North has Hoàng and
//! Vũ), a middle name that tells boys from girls, sometimes two (the mother's family name, or
//! "Ngọc Bảo"), and a given name. Hoa and Khmer pupils carry the family names of their
//! communities.

use domain::{Gender, PersonName};
use rand::RngExt;
use rand_chacha::ChaCha8Rng;

/// A Khmer pupil (Khơ-me, code 05) and a Hoa pupil (code 04), the two minorities of Long An.
pub(super) const KHMER: &str = "05";
pub(super) const HOA: &str = "04";

/// One pupil's name.
pub(super) fn name(
    rng: &mut ChaCha8Rng,
    gender: Gender,
    ethnicity: &str,
    birth_year: i32,
) -> PersonName {
    let family = match ethnicity {
        KHMER => pick(rng, &KHMER_FAMILIES),
        HOA => pick(rng, &HOA_FAMILIES),
        _ => pick(rng, &FAMILIES),
    };
    let (singles, pairs, givens) = match gender {
        Gender::Male => (&BOY_MIDDLES[..], &BOY_PAIRS[..], &BOY_GIVENS[..]),
        Gender::Female => (&GIRL_MIDDLES[..], &GIRL_PAIRS[..], &GIRL_GIVENS[..]),
    };
    // Parents of the later cohorts give "Văn" and "Thị" less often than their own parents did.
    let fading = f64::from((birth_year - 2002).clamp(0, 10)) * 0.04;
    let middle = if rng.random_bool(0.12) {
        pick(rng, pairs)
    } else {
        let weight = |&(m, w): &(&str, u32)| {
            if m == "Văn" || m == "Thị" {
                (f64::from(w) * (1.0 - fading)).round() as u32
            } else {
                w
            }
        };
        pick_by(rng, singles, weight)
    };
    // "Nguyễn Minh Minh" is no one's name: draw again when the given name repeats the middle.
    let last_middle = middle.rsplit(' ').next().unwrap_or(middle);
    let mut given = pick(rng, givens);
    while given == last_middle {
        given = pick(rng, givens);
    }
    PersonName {
        family_middle: format!("{family} {middle}"),
        given: given.to_string(),
    }
}

/// One item, drawn by its weight; the tables are never empty.
pub(super) fn pick<T: Copy>(rng: &mut ChaCha8Rng, items: &[(T, u32)]) -> T {
    pick_by(rng, items, |&(_, weight)| weight)
}

/// One item, drawn by the weight a function gives it.
fn pick_by<T: Copy>(
    rng: &mut ChaCha8Rng,
    items: &[(T, u32)],
    weight: impl Fn(&(T, u32)) -> u32,
) -> T {
    // Plain loops: the demo is loaded by debug builds too, where iterator adapters cost.
    let mut total = 0;
    for item in items {
        total += weight(item);
    }
    let mut x = rng.random_range(0..total.max(1));
    for item in items {
        let w = weight(item);
        if x < w {
            return item.0;
        }
        x -= w;
    }
    items[items.len() - 1].0
}

/// Family names, in tenths of a percent of the people of the South.
const FAMILIES: [(&str, u32); 43] = [
    ("Nguyễn", 380),
    ("Trần", 110),
    ("Lê", 95),
    ("Phạm", 70),
    ("Huỳnh", 38),
    ("Hoàng", 12),
    ("Phan", 45),
    ("Võ", 34),
    ("Vũ", 6),
    ("Đặng", 20),
    ("Bùi", 20),
    ("Đỗ", 14),
    ("Hồ", 13),
    ("Ngô", 13),
    ("Dương", 10),
    ("Lý", 5),
    ("Trương", 12),
    ("Đoàn", 8),
    ("Lâm", 8),
    ("Mai", 6),
    ("Đinh", 6),
    ("Châu", 6),
    ("Lương", 6),
    ("Đào", 6),
    ("Cao", 5),
    ("Tô", 5),
    ("Trịnh", 5),
    ("Hà", 5),
    ("Lưu", 4),
    ("Thái", 4),
    ("Tạ", 3),
    ("La", 3),
    ("Quách", 3),
    ("Tăng", 3),
    ("Phùng", 3),
    ("Từ", 3),
    ("Lữ", 3),
    ("Triệu", 3),
    ("Kiều", 2),
    ("Hứa", 2),
    ("Âu", 2),
    ("Ông", 2),
    ("Ung", 2),
];

const KHMER_FAMILIES: [(&str, u32); 7] = [
    ("Thạch", 5),
    ("Danh", 4),
    ("Sơn", 4),
    ("Kim", 3),
    ("Lâm", 2),
    ("Châu", 2),
    ("Huỳnh", 1),
];

const HOA_FAMILIES: [(&str, u32); 10] = [
    ("Lâm", 5),
    ("Trương", 4),
    ("Lý", 4),
    ("Quách", 3),
    ("Tăng", 3),
    ("Lưu", 3),
    ("Hứa", 2),
    ("Diệp", 2),
    ("Mạch", 1),
    ("Giang", 1),
];

const BOY_MIDDLES: [(&str, u32); 15] = [
    ("Văn", 28),
    ("Minh", 14),
    ("Hoàng", 10),
    ("Quốc", 9),
    ("Gia", 8),
    ("Thanh", 7),
    ("Đức", 6),
    ("Hữu", 6),
    ("Tấn", 6),
    ("Nhật", 4),
    ("Trọng", 3),
    ("Anh", 3),
    ("Tuấn", 3),
    ("Công", 3),
    ("Thành", 3),
];

/// Two middle names: often the mother's family name before the father's choice.
const BOY_PAIRS: [(&str, u32); 12] = [
    ("Minh Gia", 3),
    ("Hoàng Gia", 3),
    ("Nguyễn Minh", 3),
    ("Trần Quốc", 2),
    ("Lê Hoàng", 2),
    ("Phạm Minh", 2),
    ("Huỳnh Gia", 2),
    ("Ngọc Gia", 1),
    ("Trọng Minh", 1),
    ("Hoàng Minh", 2),
    ("Võ Minh", 1),
    ("Đức Minh", 1),
];

const GIRL_MIDDLES: [(&str, u32); 15] = [
    ("Thị", 30),
    ("Ngọc", 16),
    ("Thanh", 6),
    ("Bảo", 6),
    ("Kim", 6),
    ("Mỹ", 6),
    ("Thu", 5),
    ("Minh", 5),
    ("Khánh", 4),
    ("Phương", 4),
    ("Hoàng", 3),
    ("Thảo", 3),
    ("Huỳnh", 2),
    ("Yến", 2),
    ("Quỳnh", 2),
];

const GIRL_PAIRS: [(&str, u32); 12] = [
    ("Ngọc Bảo", 3),
    ("Thị Ngọc", 3),
    ("Thị Thanh", 2),
    ("Thị Mỹ", 2),
    ("Ngọc Anh", 2),
    ("Ngọc Gia", 2),
    ("Trần Bảo", 1),
    ("Lê Ngọc", 2),
    ("Nguyễn Thảo", 1),
    ("Huỳnh Ngọc", 1),
    ("Thị Thu", 2),
    ("Phương Bảo", 1),
];

const BOY_GIVENS: [(&str, u32); 63] = [
    ("An", 3),
    ("Ân", 2),
    ("Ẩn", 1),
    ("Bảo", 3),
    ("Bình", 2),
    ("Cường", 2),
    ("Công", 1),
    ("Danh", 2),
    ("Duy", 3),
    ("Dũng", 2),
    ("Dương", 2),
    ("Đạt", 3),
    ("Đức", 2),
    ("Định", 1),
    ("Đông", 1),
    ("Giang", 1),
    ("Hải", 2),
    ("Hào", 2),
    ("Hậu", 2),
    ("Hiếu", 3),
    ("Hòa", 2),
    ("Hoàng", 2),
    ("Huy", 3),
    ("Hùng", 2),
    ("Khang", 3),
    ("Khánh", 2),
    ("Khoa", 3),
    ("Khôi", 2),
    ("Kiệt", 3),
    ("Lâm", 2),
    ("Lộc", 2),
    ("Long", 3),
    ("Luân", 2),
    ("Minh", 3),
    ("Nam", 3),
    ("Nghĩa", 2),
    ("Nguyên", 2),
    ("Nhân", 3),
    ("Nhật", 2),
    ("Phát", 3),
    ("Phong", 2),
    ("Phúc", 3),
    ("Phước", 2),
    ("Quân", 3),
    ("Quang", 2),
    ("Sang", 2),
    ("Sơn", 2),
    ("Tài", 3),
    ("Tâm", 2),
    ("Tân", 2),
    ("Thành", 3),
    ("Thắng", 2),
    ("Thiện", 2),
    ("Thịnh", 3),
    ("Tín", 2),
    ("Toàn", 2),
    ("Trí", 3),
    ("Trung", 2),
    ("Tuấn", 3),
    ("Vinh", 2),
    ("Vũ", 2),
    ("Ưng", 1),
    ("Ơn", 1),
];

const GIRL_GIVENS: [(&str, u32); 61] = [
    ("An", 2),
    ("Anh", 3),
    ("Ánh", 2),
    ("Ái", 1),
    ("Ân", 1),
    ("Bích", 1),
    ("Châu", 2),
    ("Chi", 2),
    ("Diễm", 2),
    ("Diệu", 1),
    ("Dung", 1),
    ("Duyên", 2),
    ("Đào", 1),
    ("Đan", 1),
    ("Giang", 2),
    ("Hà", 2),
    ("Hạnh", 2),
    ("Hân", 3),
    ("Hằng", 2),
    ("Hiền", 2),
    ("Hoa", 1),
    ("Huyền", 2),
    ("Hương", 2),
    ("Hồng", 1),
    ("Khuê", 1),
    ("Lan", 2),
    ("Linh", 3),
    ("Loan", 1),
    ("Ly", 2),
    ("Mai", 2),
    ("My", 3),
    ("Ngân", 3),
    ("Nghi", 2),
    ("Ngọc", 2),
    ("Nhi", 3),
    ("Nhung", 1),
    ("Như", 3),
    ("Oanh", 1),
    ("Phương", 2),
    ("Quyên", 2),
    ("Quỳnh", 3),
    ("Tâm", 2),
    ("Thảo", 3),
    ("Thanh", 1),
    ("Thơ", 2),
    ("Thư", 3),
    ("Thủy", 2),
    ("Tiên", 3),
    ("Trâm", 3),
    ("Trang", 3),
    ("Trinh", 2),
    ("Trúc", 2),
    ("Tuyết", 1),
    ("Uyên", 2),
    ("Vân", 2),
    ("Vi", 2),
    ("Vy", 3),
    ("Xuân", 1),
    ("Yến", 3),
    ("Ơn", 1),
    ("Ý", 1),
];
