//! Later news of some THCS graduates who left school: a visit in the spring after, sometimes a
//! second in the autumn, with what became of them and a note.

use chrono::NaiveDate;
use domain::{Destination, Level};
use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;
use store::GraduateData;

use super::day;
use crate::demo::people::pick;

/// Mixed into the seed so that the follow-ups draw from a stream of their own, apart from the
/// graduates' and the institutions' ("followup" in ASCII).
const FOLLOW_UP_STREAM: u64 = 0x666f_6c6c_6f77_7570;

/// A graduate to follow up, found by MOET id once written.
#[derive(Debug, Clone, PartialEq)]
pub(in crate::demo) struct FollowUpDraft {
    pub moet_id: String,
    pub year: i32,
    pub on_date: NaiveDate,
    pub status: Destination,
    pub note: &'static str,
}

/// Later news of some THCS graduates of 2022-2024 who went to work or stayed at home: one visit
/// in the spring after, sometimes a second in the autumn.
pub(in crate::demo) fn follow_ups(graduates: &[GraduateData], seed: u64) -> Vec<FollowUpDraft> {
    let mut rng = ChaCha8Rng::seed_from_u64(seed ^ FOLLOW_UP_STREAM);
    let mut drafts = Vec::new();
    for graduate in graduates {
        let followed = graduate.level == Level::Thcs
            && (2022..=2024).contains(&graduate.year)
            && matches!(
                graduate.destination,
                Destination::NotContinuing | Destination::Working
            );
        if !followed || !rng.random_bool(0.1) {
            continue;
        }
        let Some(moet_id) = graduate.moet_id.clone() else {
            continue;
        };
        let next_year = graduate.year + 1;
        let spring = day(next_year, 3, rng.random_range(5..=25));
        let first = next_status(graduate.destination, &mut rng);
        drafts.push(FollowUpDraft {
            moet_id: moet_id.clone(),
            year: graduate.year,
            on_date: spring,
            status: first,
            note: note(graduate.destination, first, &mut rng),
        });
        if rng.random_bool(0.4) {
            let second = next_status(first, &mut rng);
            drafts.push(FollowUpDraft {
                moet_id,
                year: graduate.year,
                on_date: day(next_year, 10, rng.random_range(1..=20)),
                status: second,
                note: note(first, second, &mut rng),
            });
        }
    }
    drafts
}

fn next_status(from: Destination, rng: &mut ChaCha8Rng) -> Destination {
    use Destination::*;
    let choices: &[(Destination, u32)] = match from {
        NotContinuing => &[
            (Intermediate, 20),
            (Elementary, 15),
            (GdtxVocational, 5),
            (Working, 30),
            (NotContinuing, 30),
        ],
        Working => &[
            (Elementary, 20),
            (Intermediate, 10),
            (Working, 60),
            (NotContinuing, 10),
        ],
        Intermediate | Elementary | GdtxVocational => &[(from, 85), (NotContinuing, 15)],
        _ => &[(from, 1)],
    };
    pick(rng, choices)
}

fn note(from: Destination, to: Destination, rng: &mut ChaCha8Rng) -> &'static str {
    use Destination::*;
    let notes: &[&'static str] = match (from == to, to) {
        (false, Intermediate) => &[
            "Đã nhập học trung cấp nghề điện công nghiệp",
            "Đã đăng ký học trung cấp nghề hàn",
            "Gia đình cho đi học trung cấp kế toán",
        ],
        (false, Elementary) => &[
            "Đã học lớp sơ cấp nghề may công nghiệp",
            "Học sơ cấp sửa chữa xe máy tại trung tâm GDNN-GDTX",
            "Học sơ cấp kỹ thuật trồng trọt",
        ],
        (false, GdtxVocational) => &["Đã vào học 9+ tại trung tâm GDNN-GDTX"],
        (false, Working) => &[
            "Làm công nhân ở khu công nghiệp",
            "Làm thợ phụ hồ cùng người nhà",
            "Bán hàng ở chợ phụ giúp gia đình",
        ],
        (false, NotContinuing) => &["Đã nghỉ học, ở nhà phụ giúp gia đình"],
        (true, Working) => &["Vẫn đi làm", "Vẫn làm công nhân, chưa muốn đi học lại"],
        (true, NotContinuing) => &[
            "Vẫn ở nhà, chưa đi học lại",
            "Gia đình khó khăn, chưa đi học",
        ],
        (true, _) => &["Vẫn đang học"],
        _ => &["Đã gặp gia đình học sinh"],
    };
    notes[rng.random_range(0..notes.len())]
}
