//! Where graduates went and when: the school, centre, college, university, enterprise or
//! country, and the day the destination was taken up.

use chrono::NaiveDate;
use domain::Destination;
use rand::RngExt;
use rand_chacha::ChaCha8Rng;

use super::cohorts::School;
use super::day;
use super::map::Map;
use crate::demo::people::pick;

/// Where a graduate went to learn or work, when the school knows it.
pub(super) fn place(
    school: &School,
    residence: i64,
    destination: Destination,
    map: &Map,
    rng: &mut ChaCha8Rng,
) -> Option<String> {
    use Destination::*;
    let district = school.district;
    let one = |items: &[&str], rng: &mut ChaCha8Rng| -> Option<String> {
        if items.is_empty() {
            None
        } else {
            Some(items[rng.random_range(0..items.len())].to_string())
        }
    };
    let centre = map.centres[district].map(str::to_string);
    match destination {
        ThptPublic => {
            let schools = &map.public_thpt[district];
            match schools.iter().find(|(_, commune)| *commune == residence) {
                Some((name, _)) if rng.random_bool(0.7) => Some(name.to_string()),
                _ if schools.is_empty() => None,
                _ => Some(schools[rng.random_range(0..schools.len())].0.to_string()),
            }
        }
        ThptPrivate => one(&map.private_thpt, rng),
        Gdtx | GdtxVocational => centre,
        Intermediate => map.vocational.choose(district, rng),
        Elementary if rng.random_bool(0.6) => centre,
        Elementary => map.vocational.choose(district, rng),
        College if rng.random_bool(0.7) => one(&map.colleges, rng),
        College => Some(pick(rng, &OUTSIDE_COLLEGES).to_string()),
        University if rng.random_bool(0.92) => Some(pick(rng, &UNIVERSITIES).to_string()),
        Working if rng.random_bool(0.5) => map.enterprises.choose(district, rng),
        WorkingAbroad => Some(
            pick(
                rng,
                &[
                    ("Nhật Bản", 6),
                    ("Hàn Quốc", 3),
                    ("Đài Loan (Trung Quốc)", 2),
                ],
            )
            .to_string(),
        ),
        Military => Some(
            pick(
                rng,
                &[
                    ("Bộ Chỉ huy Quân sự tỉnh Long An", 4),
                    ("Công an tỉnh Long An", 1),
                ],
            )
            .to_string(),
        ),
        _ => None,
    }
}

/// Where most of Long An's graduates study at university: the two universities of the province,
/// those of Hồ Chí Minh City next door, and some of the Mekong delta.
const UNIVERSITIES: [(&str, u32); 16] = [
    ("Trường Đại học Kinh tế Công nghiệp Long An", 8),
    ("Trường Đại học Tân Tạo", 3),
    ("Trường Đại học Kinh tế TP. Hồ Chí Minh", 6),
    ("Trường Đại học Sư phạm TP. Hồ Chí Minh", 5),
    ("Trường Đại học Công nghiệp TP. Hồ Chí Minh", 7),
    ("Trường Đại học Nông Lâm TP. Hồ Chí Minh", 5),
    ("Trường Đại học Tôn Đức Thắng", 5),
    ("Trường Đại học Cần Thơ", 3),
    ("Trường Đại học Y Dược TP. Hồ Chí Minh", 2),
    ("Trường Đại học Bách khoa - ĐHQG TP. Hồ Chí Minh", 3),
    ("Trường Đại học Sài Gòn", 4),
    ("Trường Đại học Văn Lang", 4),
    ("Trường Đại học Nguyễn Tất Thành", 4),
    ("Trường Đại học Mở TP. Hồ Chí Minh", 3),
    ("Trường Đại học Tiền Giang", 2),
    ("Trường Đại học Công nghệ TP. Hồ Chí Minh", 4),
];

const OUTSIDE_COLLEGES: [(&str, u32); 2] = [
    ("Trường Cao đẳng Kỹ thuật Cao Thắng", 2),
    ("Trường Cao đẳng Công Thương TP. Hồ Chí Minh", 1),
];

/// When the destination was taken up: the first school day of September for the schools, the
/// middle of September for vocational schools and universities, the call-up of February for
/// the army; none while unknown.
pub(super) fn destination_date(year: i32, destination: Destination) -> Option<NaiveDate> {
    use Destination::*;
    match destination {
        Unknown => None,
        ThptPublic | ThptPrivate | Gdtx | GdtxVocational => Some(day(year, 9, 5)),
        Working => Some(day(year, 8, 1)),
        WorkingAbroad => Some(day(year, 12, 1)),
        Military => Some(day(year + 1, 2, 15)),
        _ => Some(day(year, 9, 15)),
    }
}
