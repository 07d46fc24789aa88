//! Fixtures shared by the store's test suites: a tiny hand-made unit plan across the 2025
//! reform, a school in one of its communes, a user, and dates and small helpers.

use std::sync::Arc;

use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use domain::{InstitutionKind, Ownership, Role, Scope, SuccessionKind, UnitLevel, Validity};
use hn_store::{NewInstitution, NewUser, Store, Succession, Unit, UnitPlan};

// --- the fixture: a tiny plan across the 2025 reform ---

/// Long An (code 80) before the reform, Tây Ninh (code 80 reused) after, and an unrelated
/// Hồ Chí Minh City commune in both eras. The commune 27994 keeps its code through the
/// reform; 27868 is split and only a part of it goes into the new 27994.
pub struct Fixture {
    pub plan: UnitPlan,
    pub long_an: Unit,
    pub thanh_hoa: Unit,
    pub thanh_loi_old: Unit,
    pub tan_hiep_old: Unit,
    pub hcm_old: Unit,
    pub quan_1: Unit,
    pub tan_dinh_old: Unit,
    pub tay_ninh: Unit,
    pub thanh_loi_new: Unit,
    pub hcm_new: Unit,
    pub tan_dinh_new: Unit,
}

impl Fixture {
    pub fn plan() -> Self {
        let legacy = Validity::legacy();
        let reformed = Validity::reformed();
        let long_an = province(1, "80", "Tỉnh Long An", "Tỉnh", legacy);
        let thanh_hoa = below(&long_an, 2, "800", UnitLevel::District, "Huyện Thạnh Hóa");
        let thanh_loi_old = below(&thanh_hoa, 3, "27994", UnitLevel::Commune, "Xã Thạnh Lợi");
        let tan_hiep_old = below(&thanh_hoa, 4, "27868", UnitLevel::Commune, "Xã Tân Hiệp");
        let hcm_old = province(5, "79", "Thành phố Hồ Chí Minh", "Thành phố", legacy);
        let quan_1 = below(&hcm_old, 6, "760", UnitLevel::District, "Quận 1");
        let tan_dinh_old = below(&quan_1, 7, "26734", UnitLevel::Commune, "Phường Tân Định");
        let tay_ninh = province(11, "80", "Tỉnh Tây Ninh", "Tỉnh", reformed);
        let thanh_loi_new = below(&tay_ninh, 12, "27994", UnitLevel::Commune, "Xã Thạnh Lợi");
        let hcm_new = province(13, "79", "Thành phố Hồ Chí Minh", "Thành phố", reformed);
        let tan_dinh_new = below(&hcm_new, 14, "26737", UnitLevel::Commune, "Phường Tân Định");

        let plan = UnitPlan {
            units: vec![
                long_an.clone(),
                thanh_hoa.clone(),
                thanh_loi_old.clone(),
                tan_hiep_old.clone(),
                hcm_old.clone(),
                quan_1.clone(),
                tan_dinh_old.clone(),
                tay_ninh.clone(),
                thanh_loi_new.clone(),
                hcm_new.clone(),
                tan_dinh_new.clone(),
            ],
            successions: vec![
                succession(&long_an, &tay_ninh, SuccessionKind::Whole),
                succession(&thanh_loi_old, &thanh_loi_new, SuccessionKind::Whole),
                succession(&tan_hiep_old, &thanh_loi_new, SuccessionKind::Part),
                succession(&hcm_old, &hcm_new, SuccessionKind::Whole),
                succession(&tan_dinh_old, &tan_dinh_new, SuccessionKind::Whole),
            ],
        };
        Fixture {
            plan,
            long_an,
            thanh_hoa,
            thanh_loi_old,
            tan_hiep_old,
            hcm_old,
            quan_1,
            tan_dinh_old,
            tay_ninh,
            thanh_loi_new,
            hcm_new,
            tan_dinh_new,
        }
    }

    pub async fn applied(store: &Arc<dyn Store>) -> Self {
        let fixture = Fixture::plan();
        store
            .apply_units(&fixture.plan)
            .await
            .expect("áp dụng kế hoạch đơn vị");
        fixture
    }

    /// A school in `commune`, managed by the commune's parent (district or province).
    pub fn school(&self, code: &str, kind: InstitutionKind, commune: &Unit) -> NewInstitution {
        NewInstitution {
            code: code.to_string(),
            kind,
            ownership: Ownership::Public,
            name: format!("Trường {} {}", kind.code().to_uppercase(), commune.name),
            address: format!("Ấp 1, {}", commune.name),
            phone: "0272 3 888 888".to_string(),
            email: format!("{code}@truong.edu.vn"),
            province_code: commune.province_code.clone(),
            commune_unit_id: commune.id,
            managing_unit_id: commune.parent_id.unwrap_or(commune.id),
        }
    }
}

pub fn province(id: i64, code: &str, name: &str, kind: &str, validity: Validity) -> Unit {
    Unit {
        id,
        code: code.to_string(),
        level: UnitLevel::Province,
        name: name.to_string(),
        kind: kind.to_string(),
        province_code: code.to_string(),
        parent_id: None,
        validity,
    }
}

/// A unit under `parent`, in the same province and era; its kind is the first word of its name.
pub fn below(parent: &Unit, id: i64, code: &str, level: UnitLevel, name: &str) -> Unit {
    Unit {
        id,
        code: code.to_string(),
        level,
        name: name.to_string(),
        kind: name.split(' ').next().unwrap_or_default().to_string(),
        province_code: parent.province_code.clone(),
        parent_id: Some(parent.id),
        validity: parent.validity,
    }
}

pub fn succession(old: &Unit, new: &Unit, kind: SuccessionKind) -> Succession {
    Succession {
        old_unit_id: old.id,
        new_unit_id: new.id,
        kind,
    }
}

// --- users, dates and small helpers ---

pub fn new_user(username: &str, role: Role, scope: Scope) -> NewUser {
    NewUser {
        username: username.to_string(),
        display_name: format!("Người dùng {username}"),
        password_hash: format!("$argon2id$v=19$m=19456,t=2,p=1$muối${username}"),
        role,
        scope,
    }
}

pub fn day(year: i32, month: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(year, month, day).expect("ngày hợp lệ")
}

pub fn at(year: i32, month: u32, day: u32, hour: u32, minute: u32, second: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(year, month, day, hour, minute, second)
        .single()
        .expect("thời điểm hợp lệ")
}

pub fn sorted<T: Ord>(mut items: Vec<T>) -> Vec<T> {
    items.sort();
    items
}

pub fn count(len: usize) -> i64 {
    i64::try_from(len).expect("số dòng vừa i64")
}
