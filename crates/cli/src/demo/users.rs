//! One demo account per role, all of them around one place (Bến Lức, the commune of Lương Hòa
//! and its THCS) so that a presenter can follow the same pupils from the province down to the
//! school and see each role's scope cut the same data differently.

use anyhow::{Context, bail};
use domain::text::strip_unit_type;
use domain::{InstitutionKind, Ownership, Role, Scope};
use store::{NewInstitution, NewUser, Store};

use super::DemoUser;
use super::generator::slug;
use super::province::LongAn;
use super::training::{DEMO_COLLEGE, DEMO_ENTERPRISE};

const DEMO_DISTRICT: &str = "Huyện Bến Lức";
const DEMO_COMMUNE: &str = "Xã Lương Hòa";

/// An account before its password is hashed.
pub(super) struct Account {
    username: String,
    display_name: String,
    role: Role,
    scope: Scope,
    scope_label: String,
}

/// Refuses to go on when an account of the demo's name already exists.
pub(super) async fn ensure_names_free(
    store: &dyn Store,
    accounts: &[Account],
) -> anyhow::Result<()> {
    let mut taken = Vec::new();
    for account in accounts {
        if store.user_by_username(&account.username).await?.is_some() {
            taken.push(account.username.as_str());
        }
    }
    if !taken.is_empty() {
        bail!(
            "đã có tài khoản {}; không nạp dữ liệu mẫu",
            taken.join(", ")
        );
    }
    Ok(())
}

pub(super) async fn create(
    store: &dyn Store,
    accounts: Vec<Account>,
) -> anyhow::Result<Vec<DemoUser>> {
    let mut users = Vec::new();
    for account in accounts {
        // Known to everyone who reads the demo's summary: the demo is for showing, never for
        // real data.
        let password = format!("demo-{}", account.username);
        let password_hash =
            web::auth::secrets::hash_password(&password).map_err(anyhow::Error::msg)?;
        store
            .create_user(&NewUser {
                username: account.username.clone(),
                display_name: account.display_name,
                password_hash,
                role: account.role,
                scope: account.scope,
            })
            .await?;
        users.push(DemoUser {
            username: account.username,
            password,
            role: account.role,
            scope_label: account.scope_label,
        });
    }
    Ok(users)
}

/// The units of today's tree that carry the demo's place since 01/07/2025: the new Tây Ninh
/// (code 80 again) and the new commune Lương Hòa went into.
pub(super) struct Reformed {
    pub province: store::Unit,
    pub commune: store::Unit,
}

impl Reformed {
    pub(super) async fn find(store: &dyn Store, long_an: &LongAn<'_>) -> anyhow::Result<Self> {
        let old = long_an.district(DEMO_DISTRICT)?.commune(DEMO_COMMUNE)?;
        let day = domain::unit::reform_date();
        let mut commune = None;
        for succession in store.successions_from(old.id).await? {
            if let Some(unit) = store.unit(succession.new_unit_id).await?
                && unit.validity.contains(day)
            {
                commune = Some(unit);
                break;
            }
        }
        let commune =
            commune.with_context(|| format!("{DEMO_COMMUNE} không có đơn vị kế nhiệm năm 2025"))?;
        let province = store
            .unit(commune.parent_id.context("xã mới không có tỉnh")?)
            .await?
            .context("không tìm thấy tỉnh của xã mới")?;
        Ok(Reformed { province, commune })
    }
}

/// The accounts of the reformed tree, beside those of the old one (which outlive their units,
/// as real accounts did on 01/07/2025): the new province's officer, who reviews what Long An's
/// districts and communes left waiting, and the officer of the new commune.
fn reformed_accounts(reformed: &Reformed) -> Vec<Account> {
    let province_slug = slug(strip_unit_type(&reformed.province.name));
    let commune_slug = slug(strip_unit_type(&reformed.commune.name));
    vec![
        Account {
            username: format!("so.gddt.{province_slug}"),
            display_name: format!(
                "Chuyên viên Sở GD&ĐT {}",
                strip_unit_type(&reformed.province.name)
            ),
            role: Role::ProvinceOfficer,
            scope: Scope::Unit {
                unit_id: reformed.province.id,
            },
            scope_label: format!("{} (từ 01/07/2025)", reformed.province.name),
        },
        Account {
            username: format!("xa.{commune_slug}.moi"),
            display_name: format!("Cán bộ UBND {} (từ 01/07/2025)", reformed.commune.name),
            role: Role::CommuneOfficer,
            scope: Scope::Unit {
                unit_id: reformed.commune.id,
            },
            scope_label: format!("{}, {}", reformed.commune.name, reformed.province.name),
        },
    ]
}

pub(super) fn accounts(
    long_an: &LongAn,
    institutions: &[NewInstitution],
    reformed: &Reformed,
) -> anyhow::Result<Vec<Account>> {
    let province = long_an.province;
    let district = long_an.district(DEMO_DISTRICT)?;
    let commune = district.commune(DEMO_COMMUNE)?;
    // The commune's own public school, not a private one that may stand in the same commune.
    let school = institutions
        .iter()
        .find(|i| {
            i.kind == InstitutionKind::Thcs
                && i.ownership == Ownership::Public
                && i.commune_unit_id == commune.id
        })
        .with_context(|| format!("không có trường THCS công lập ở {}", commune.name))?;
    let named = |name: &str| {
        institutions
            .iter()
            .find(|i| i.name == name)
            .with_context(|| format!("không có {name} trong dữ liệu mẫu"))
    };
    let college = named(DEMO_COLLEGE)?;
    let enterprise = named(DEMO_ENTERPRISE)?;

    let unit_scope = |unit: &store::Unit| Scope::Unit { unit_id: unit.id };
    let institution_scope = |institution: &NewInstitution| Scope::Institution {
        code: institution.code.clone(),
    };
    let commune_slug = slug(strip_unit_type(&commune.name));
    // A match over the roles, not a list: a new role will not compile until it has its account.
    let account = |role: Role| match role {
        Role::Admin => Account {
            username: "admin".into(),
            display_name: "Quản trị hệ thống".into(),
            role,
            scope: Scope::Everywhere,
            scope_label: "Toàn quốc".into(),
        },
        Role::ProvinceOfficer => Account {
            username: "so.gddt".into(),
            display_name: "Chuyên viên Sở GD&ĐT Long An".into(),
            role,
            scope: unit_scope(province),
            scope_label: province.name.clone(),
        },
        Role::DistrictOfficer => Account {
            username: format!("phong.{}", slug(district.short_name())),
            display_name: format!("Chuyên viên Phòng GD&ĐT {}", district.short_name()),
            role,
            scope: unit_scope(district.unit),
            scope_label: district.unit.name.clone(),
        },
        Role::CommuneOfficer => Account {
            username: format!("xa.{commune_slug}"),
            display_name: format!("Cán bộ UBND {}", commune.name),
            role,
            scope: unit_scope(commune),
            scope_label: format!("{}, {}", commune.name, district.unit.name),
        },
        Role::LabourOfficer => Account {
            username: "ldtbxh.longan".into(),
            display_name: "Chuyên viên Sở LĐ-TB&XH Long An".into(),
            role,
            scope: unit_scope(province),
            scope_label: province.name.clone(),
        },
        Role::SchoolStaff => Account {
            username: format!("truong.{commune_slug}"),
            display_name: format!("Giáo viên tư vấn hướng nghiệp, {}", school.name),
            role,
            scope: institution_scope(school),
            scope_label: school.name.clone(),
        },
        Role::VocationalSchool => Account {
            username: "truong.caodang".into(),
            display_name: format!("Phòng Tuyển sinh, {}", college.name),
            role,
            scope: institution_scope(college),
            scope_label: college.name.clone(),
        },
        Role::Enterprise => Account {
            username: "doanhnghiep".into(),
            display_name: format!("Phòng Nhân sự, {}", enterprise.name),
            role,
            scope: institution_scope(enterprise),
            scope_label: enterprise.name.clone(),
        },
        Role::Student => Account {
            username: "hocsinh".into(),
            display_name: "Nguyễn Ngọc Anh Thư".into(),
            role,
            scope: institution_scope(school),
            scope_label: school.name.clone(),
        },
        Role::Parent => Account {
            username: "phuhuynh".into(),
            display_name: "Nguyễn Văn Phúc".into(),
            role,
            scope: institution_scope(school),
            scope_label: school.name.clone(),
        },
    };
    let mut accounts: Vec<Account> = Role::ALL.into_iter().map(account).collect();
    accounts.extend(reformed_accounts(reformed));
    Ok(accounts)
}
