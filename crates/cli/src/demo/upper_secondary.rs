//! After the THCS: the upper-secondary schools and the district GDNN-GDTX centres, the two
//! doors a lower-secondary graduate is streamed towards besides vocational schools and work.

use anyhow::Context;
use domain::{InstitutionKind, Ownership};
use rand::seq::IndexedRandom;

use super::generator::{Draft, Generator, SCHOOL_MAIL_DOMAIN, slug};
use super::names::UPPER_SECONDARY;

pub(super) fn add(generator: &mut Generator) -> anyhow::Result<()> {
    let long_an = generator.long_an;
    for listed in &UPPER_SECONDARY {
        let district = long_an
            .districts
            .iter()
            .find(|d| d.code() == listed.district)
            .with_context(|| format!("không có huyện mã {} trong tỉnh Long An", listed.district))?;
        // A school named after its commune stands there; the others stand in a ward or
        // township of their district, where the roads meet.
        let commune = match listed.commune {
            Some(name) => district.commune(name)?,
            None => *district
                .urban_communes()
                .choose(&mut generator.rng)
                .unwrap_or(&district.seat()),
        };
        generator.add(Draft {
            kind: InstitutionKind::Thpt,
            ownership: if listed.public {
                Ownership::Public
            } else {
                Ownership::NonPublic
            },
            name: format!("Trường THPT {}", listed.name),
            district,
            commune,
            mailbox: format!("thpt.{}@{SCHOOL_MAIL_DOMAIN}", slug(listed.name)),
            site: None,
        })?;
    }
    for district in &long_an.districts {
        generator.add(Draft {
            kind: InstitutionKind::GdnnGdtx,
            ownership: Ownership::Public,
            name: format!("Trung tâm GDNN-GDTX {}", district.short_name()),
            district,
            commune: district.seat(),
            mailbox: format!(
                "gdnngdtx.{}@{SCHOOL_MAIL_DOMAIN}",
                slug(district.short_name())
            ),
            site: None,
        })?;
    }
    Ok(())
}
