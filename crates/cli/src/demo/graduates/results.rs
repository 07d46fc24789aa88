//! How graduates did and what they wished for: learning and conduct under the circular of their
//! cohort, and the wish a pupil gave before graduating.

use domain::{Destination, Level};
use rand::RngExt;
use rand_chacha::ChaCha8Rng;

use crate::demo::people::pick;

/// The first cohorts assessed under Circular 22/2021 (Tốt / Khá / Đạt / Chưa đạt) graduate in
/// 2025, at both levels; earlier ones under Circular 58/2011.
const FIRST_CIRCULAR_22_YEAR: i32 = 2025;

/// Categories and their weights.
type Table = &'static [(&'static str, u32)];

/// Learning and conduct: Circular 22 codes for the cohorts of 2025, Circular 58 before.
pub(super) fn results(
    year: i32,
    strong: bool,
    rng: &mut ChaCha8Rng,
) -> (&'static str, &'static str) {
    let (academic, conduct): (Table, Table) = match (year >= FIRST_CIRCULAR_22_YEAR, strong) {
        (true, true) => (
            &[("tot", 40), ("kha", 45), ("dat", 15)],
            &[("tot", 90), ("kha", 9), ("dat", 1)],
        ),
        (true, false) => (
            &[("tot", 5), ("kha", 35), ("dat", 59), ("chua_dat", 1)],
            &[("tot", 65), ("kha", 27), ("dat", 8)],
        ),
        (false, true) => (
            &[("gioi", 38), ("kha", 45), ("trung_binh", 17)],
            &[("tot", 88), ("kha", 10), ("trung_binh", 2)],
        ),
        (false, false) => (
            &[("gioi", 4), ("kha", 30), ("trung_binh", 63), ("yeu", 3)],
            &[("tot", 62), ("kha", 28), ("trung_binh", 10)],
        ),
    };
    (pick(rng, academic), pick(rng, conduct))
}

/// What a pupil said they wished for before graduating; mostly what they did.
pub(super) fn wish(level: Level, destination: Destination, rng: &mut ChaCha8Rng) -> &'static str {
    use Destination::*;
    let wishes: &[&'static str] = match (level, destination) {
        (Level::Thcs, ThptPublic | ThptPrivate) => &[
            "Thi vào THPT",
            "Học tiếp lên THPT rồi thi đại học",
            "Thi vào lớp 10 trường gần nhà",
        ],
        (Level::Thcs, Gdtx) => &["Học bổ túc văn hóa", "Vừa học vừa làm"],
        (Level::Thcs, GdtxVocational | Intermediate | Elementary) => &[
            "Học nghề điện công nghiệp",
            "Học nghề sửa chữa ô tô",
            "Học nghề may",
            "Học trung cấp kế toán",
            "Học nghề hàn",
            "Học 9+ tại trung tâm GDNN-GDTX",
            "Học nghề điện tử dân dụng",
            "Thi vào THPT",
        ],
        (Level::Thcs, Working | NotContinuing) => &[
            "Đi làm phụ giúp gia đình",
            "Làm công nhân ở khu công nghiệp",
            "Ở nhà phụ giúp gia đình làm ruộng",
            "Học nghề may",
        ],
        (Level::Thpt, University) => &[
            "Thi đại học ngành công nghệ thông tin",
            "Học ngành sư phạm",
            "Thi vào ngành y",
            "Học ngành kinh tế",
            "Thi đại học ngành luật",
        ],
        (Level::Thpt, College | Intermediate | Elementary) => &[
            "Học cao đẳng điều dưỡng",
            "Học nghề công nghệ ô tô",
            "Học cao đẳng kế toán",
            "Học nghề điện công nghiệp",
            "Thi đại học ngành công nghệ thông tin",
        ],
        (Level::Thpt, Working) => &["Làm việc tại khu công nghiệp", "Đi làm phụ giúp gia đình"],
        (Level::Thpt, WorkingAbroad) => {
            &["Đi xuất khẩu lao động Nhật Bản", "Đi làm việc ở Hàn Quốc"]
        }
        (Level::Thpt, Military) => &["Đi nghĩa vụ quân sự", "Thi vào trường công an"],
        _ => &["Chưa quyết định", "Đi làm phụ giúp gia đình"],
    };
    wishes[rng.random_range(0..wishes.len())]
}
