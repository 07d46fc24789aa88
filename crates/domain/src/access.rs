//! Roles, their scope, and the one decision every handler asks: may this user do this to that?
//! A user is scoped to a unit subtree or to one institution and never reaches past it.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Admin,
    ProvinceOfficer,
    DistrictOfficer,
    CommuneOfficer,
    LabourOfficer,
    SchoolStaff,
    VocationalSchool,
    Enterprise,
    Student,
    Parent,
}

impl Role {
    pub const ALL: [Role; 10] = [
        Role::Admin,
        Role::ProvinceOfficer,
        Role::DistrictOfficer,
        Role::CommuneOfficer,
        Role::LabourOfficer,
        Role::SchoolStaff,
        Role::VocationalSchool,
        Role::Enterprise,
        Role::Student,
        Role::Parent,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::ProvinceOfficer => "province_officer",
            Role::DistrictOfficer => "district_officer",
            Role::CommuneOfficer => "commune_officer",
            Role::LabourOfficer => "labour_officer",
            Role::SchoolStaff => "school_staff",
            Role::VocationalSchool => "vocational_school",
            Role::Enterprise => "enterprise",
            Role::Student => "student",
            Role::Parent => "parent",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|role| role.code() == code)
    }

    /// Whether the role is scoped to one institution rather than to a unit subtree.
    pub fn is_institution_scoped(self) -> bool {
        matches!(
            self,
            Role::SchoolStaff
                | Role::VocationalSchool
                | Role::Enterprise
                | Role::Student
                | Role::Parent
        )
    }

    /// What the role may do anywhere inside its scope.
    pub fn can(self, action: Action) -> bool {
        use Action::*;
        use Role::*;
        match action {
            ViewUnit => matches!(
                self,
                Admin | ProvinceOfficer | DistrictOfficer | CommuneOfficer | LabourOfficer
            ),
            ViewInstitution => !matches!(self, Student | Parent),
            EditInstitution => matches!(
                self,
                Admin
                    | ProvinceOfficer
                    | DistrictOfficer
                    | SchoolStaff
                    | VocationalSchool
                    | Enterprise
            ),
            ImportInstitutions | ManageUsers => {
                matches!(self, Admin | ProvinceOfficer | DistrictOfficer)
            }
            ImportUnits => matches!(self, Admin),
            ViewAudit => matches!(self, Admin | ProvinceOfficer),
            // Personal data of minors: the school that keeps it and the education offices above
            // it. Labour offices, vocational schools and enterprises receive lists only through
            // recorded consent, never by browsing.
            ViewPersons => matches!(
                self,
                Admin | ProvinceOfficer | DistrictOfficer | CommuneOfficer | SchoolStaff
            ),
            EditGraduate => matches!(self, Admin | DistrictOfficer | SchoolStaff),
            // Communes follow up the young people who left all education (Kon Rẫy plan).
            AddFollowUp => matches!(self, Admin | DistrictOfficer | CommuneOfficer | SchoolStaff),
            // Schools and communes report to the district (the province after 2025); districts
            // report to the province.
            // Labour offices send and review the quarterly labour reports (seed 003).
            SubmitReport => matches!(
                self,
                SchoolStaff | CommuneOfficer | DistrictOfficer | LabourOfficer
            ),
            ReviewReports => matches!(
                self,
                Admin | ProvinceOfficer | DistrictOfficer | LabourOfficer
            ),
        }
    }

    /// Whether the role reports (and reviews) in this kind of period: the labour side quarterly,
    /// the education side every six months and every year; administrators in all.
    pub fn reports_in(self, period: crate::period::PeriodKind) -> bool {
        use crate::period::PeriodKind;
        match self {
            Role::Admin => true,
            Role::LabourOfficer => matches!(period, PeriodKind::Quarter(_)),
            _ => !matches!(period, PeriodKind::Quarter(_)),
        }
    }

    /// Whether a user of this role may create a user of `other`: never one's own office's role
    /// or one above it (only the unit above, or an administrator, creates a unit's officers; the
    /// scope check then asks for a unit strictly below the creator's).
    pub fn may_grant(self, other: Role) -> bool {
        match self {
            Role::Admin => true,
            Role::ProvinceOfficer | Role::DistrictOfficer => {
                !matches!(other, Role::Admin | Role::ProvinceOfficer)
            }
            _ => false,
        }
    }
}

/// What a user wants to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Action {
    ViewUnit,
    ViewInstitution,
    EditInstitution,
    ImportInstitutions,
    ImportUnits,
    ManageUsers,
    ViewAudit,
    /// See the records of graduates (names, dates of birth, ethnicity, destinations).
    ViewPersons,
    /// Correct a graduate's record or destination.
    EditGraduate,
    /// Add a dated follow-up status to a graduate's record.
    AddFollowUp,
    /// Send the period's report of one's school or unit up for review.
    SubmitReport,
    /// Approve or return the reports (and corrections) of the schools and units below.
    ReviewReports,
}

/// Where a user's rights reach.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Scope {
    /// The whole country (administrators).
    Everywhere,
    /// A unit and everything below it, and the old units it carries; for personal records, in
    /// the tree of the record's own period (the store resolves the succession).
    Unit { unit_id: i64 },
    /// One institution.
    Institution { code: String },
}

/// The thing acted upon, described by where it sits: every unit that contains it, in any era,
/// and the institution it belongs to, if any.
#[derive(Debug, Clone, Default)]
pub struct Subject {
    pub containing_units: Vec<i64>,
    pub institution: Option<String>,
}

impl Scope {
    pub fn covers(&self, subject: &Subject) -> bool {
        match self {
            Scope::Everywhere => true,
            Scope::Unit { unit_id } => subject.containing_units.contains(unit_id),
            Scope::Institution { code } => subject.institution.as_deref() == Some(code.as_str()),
        }
    }
}

/// The decision: the role must be able to do the action, and the scope must cover the subject.
pub fn permits(role: Role, scope: &Scope, action: Action, subject: &Subject) -> bool {
    role.can(action) && scope.covers(subject)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_unit_scope_covers_what_lies_inside_the_unit_only() {
        let scope = Scope::Unit { unit_id: 7 };
        let inside = Subject {
            containing_units: vec![1, 7, 42],
            institution: None,
        };
        let outside = Subject {
            containing_units: vec![1, 8, 43],
            institution: None,
        };
        assert!(scope.covers(&inside));
        assert!(!scope.covers(&outside));
    }

    #[test]
    fn an_institution_scope_covers_that_institution_only() {
        let scope = Scope::Institution {
            code: "80001".into(),
        };
        let own = Subject {
            containing_units: vec![1],
            institution: Some("80001".into()),
        };
        let other = Subject {
            containing_units: vec![1],
            institution: Some("80002".into()),
        };
        assert!(scope.covers(&own));
        assert!(!scope.covers(&other));
    }

    #[test]
    fn students_and_parents_see_no_institution_administration() {
        assert!(!Role::Student.can(Action::ViewInstitution));
        assert!(!Role::Parent.can(Action::EditInstitution));
    }

    #[test]
    fn personal_data_stays_with_schools_and_education_offices() {
        assert!(Role::SchoolStaff.can(Action::ViewPersons));
        assert!(Role::CommuneOfficer.can(Action::ViewPersons));
        assert!(!Role::LabourOfficer.can(Action::ViewPersons));
        assert!(!Role::Enterprise.can(Action::ViewPersons));
        assert!(!Role::VocationalSchool.can(Action::ViewPersons));
        assert!(!Role::Parent.can(Action::ViewPersons));
    }

    #[test]
    fn officers_cannot_create_users_above_themselves() {
        assert!(!Role::DistrictOfficer.may_grant(Role::Admin));
        assert!(!Role::DistrictOfficer.may_grant(Role::ProvinceOfficer));
        assert!(Role::DistrictOfficer.may_grant(Role::SchoolStaff));
        assert!(!Role::ProvinceOfficer.may_grant(Role::ProvinceOfficer));
        assert!(Role::ProvinceOfficer.may_grant(Role::DistrictOfficer));
        assert!(!Role::SchoolStaff.may_grant(Role::SchoolStaff));
    }
}
