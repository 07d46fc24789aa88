//! What every demo institution gets the same way: a code, a telephone number, a mailbox, an
//! address and its managing unit. The kinds of institutions are added by their own modules.

use std::collections::{BTreeMap, BTreeSet};

use anyhow::ensure;
use domain::{InstitutionKind, Ownership};
use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;
use store::{NewInstitution, Unit};

use super::province::{District, LongAn, PROVINCE_CODE};

/// The mail domain of the province's schools.
pub(super) const SCHOOL_MAIL_DOMAIN: &str = "longan.edu.vn";

/// One institution to add: what it is and where it stands.
pub(super) struct Draft<'a> {
    pub kind: InstitutionKind,
    pub ownership: Ownership,
    pub name: String,
    pub district: &'a District<'a>,
    pub commune: &'a Unit,
    /// The mailbox as wished for ("thcs.luonghoa@longan.edu.vn"); made unique when added.
    pub mailbox: String,
    /// Where inside the commune, when the commune alone does not find it (an industrial park).
    pub site: Option<&'static str>,
}

pub(super) struct Generator<'a> {
    pub long_an: &'a LongAn<'a>,
    /// ChaCha, not `StdRng`: its stream is fixed by its specification, so a seed gives the same
    /// demo with every version of `rand`.
    pub rng: ChaCha8Rng,
    rows: Vec<NewInstitution>,
    /// The last running number used per district and block of codes.
    numbers: BTreeMap<(&'a str, u32), u32>,
    phones: BTreeSet<String>,
    mailboxes: BTreeSet<String>,
}

impl<'a> Generator<'a> {
    pub fn new(long_an: &'a LongAn<'a>, seed: u64) -> Self {
        Generator {
            long_an,
            rng: ChaCha8Rng::seed_from_u64(seed),
            rows: Vec::new(),
            numbers: BTreeMap::new(),
            phones: BTreeSet::new(),
            mailboxes: BTreeSet::new(),
        }
    }

    pub fn add(&mut self, draft: Draft<'a>) -> anyhow::Result<()> {
        let code = self.next_code(draft.district, draft.kind)?;
        let phone = self.new_phone();
        let email = self.unique_mailbox(&draft.mailbox, draft.district, &code);
        let address = match draft.site {
            Some(site) => format!("{site}, {}", draft.district.address(draft.commune)),
            None => draft.district.address(draft.commune),
        };
        // Lower-secondary schools and the GDNN-GDTX centres answer to the district (Phòng
        // GD&ĐT, UBND huyện); upper-secondary and vocational schools and enterprises deal with
        // the province's departments.
        let managing_unit_id = match draft.kind {
            InstitutionKind::Thcs | InstitutionKind::ThThcs | InstitutionKind::GdnnGdtx => {
                draft.district.unit.id
            }
            _ => self.long_an.province.id,
        };
        self.rows.push(NewInstitution {
            code,
            kind: draft.kind,
            ownership: draft.ownership,
            name: draft.name,
            address,
            phone,
            email,
            province_code: PROVINCE_CODE.to_string(),
            commune_unit_id: draft.commune.id,
            managing_unit_id,
        });
        Ok(())
    }

    /// The institutions, in code order.
    pub fn finish(self) -> Vec<NewInstitution> {
        let mut rows = self.rows;
        rows.sort_by(|a, b| a.code.cmp(&b.code));
        rows
    }

    /// "80" + the district code + a three-digit number whose first digit tells the kind, so
    /// that codes are unique by construction and read the same for every seed.
    fn next_code(
        &mut self,
        district: &District<'a>,
        kind: InstitutionKind,
    ) -> anyhow::Result<String> {
        let block = match kind {
            InstitutionKind::Thcs | InstitutionKind::ThThcs => 0,
            InstitutionKind::Thpt | InstitutionKind::ThcsThpt | InstitutionKind::Dtnt => 5,
            InstitutionKind::GdnnGdtx => 7,
            InstitutionKind::Intermediate
            | InstitutionKind::College
            | InstitutionKind::University => 8,
            InstitutionKind::Enterprise => 9,
        };
        let running = self.numbers.entry((district.code(), block)).or_insert(0);
        *running += 1;
        ensure!(
            *running < 100,
            "quá 99 cơ sở loại {} trong {}",
            kind.label(),
            district.unit.name
        );
        Ok(format!(
            "{PROVINCE_CODE}{}{:03}",
            district.code(),
            block * 100 + *running
        ))
    }

    /// A fixed line in Long An (area code 0272), never handed out twice.
    fn new_phone(&mut self) -> String {
        loop {
            let phone = format!(
                "0272 3{:03} {:03}",
                self.rng.random_range(0..1000u32),
                self.rng.random_range(0..1000u32)
            );
            if self.phones.insert(phone.clone()) {
                return phone;
            }
        }
    }

    /// Two schools share a name across districts (Trường THCS Tân Thành in three of them); the
    /// second gets its district in its mailbox, as the Sở does.
    fn unique_mailbox(&mut self, wished: &str, district: &District, code: &str) -> String {
        let (local, domain) = wished
            .split_once('@')
            .unwrap_or((wished, SCHOOL_MAIL_DOMAIN));
        let candidates = [
            wished.to_string(),
            format!("{local}.{}@{domain}", slug(district.short_name())),
            format!("{local}.{code}@{domain}"),
        ];
        let chosen = candidates
            .iter()
            .find(|c| !self.mailboxes.contains(*c))
            .unwrap_or(&candidates[2])
            .clone();
        self.mailboxes.insert(chosen.clone());
        chosen
    }
}

/// ASCII letters and digits only, for mailboxes and user names: "Thạnh Đức" → "thanhduc".
pub(super) fn slug(text: &str) -> String {
    domain::text::fold(text)
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .collect()
}
