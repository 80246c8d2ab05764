//! What each role may do, by name. Every use case asks [`Role::may`] for one of these;
//! no code outside this file compares roles to decide a permission.
//!
//! Two rules shape the table:
//! - the programme's roles (mission README, role table): regulators see and screen their
//!   jurisdiction, bodies and support units their assigned enterprises, an enterprise
//!   contact itself;
//! - separated duties (等保 L3, GB/T 22239-2019 8.1.4.2 d and 8.1.5): the system
//!   administrator manages accounts but reads no enterprise data and no audit log; the
//!   audit administrator reads the audit log and nothing else; neither can make itself or
//!   the other, or the province.

use crate::division::{DivisionCode, DivisionLevel};
use crate::role::{Role, Scope};

/// A named permission. Scope (which objects) is checked separately: a permission says
/// what kind of act a role may perform at all.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Permission {
    /// See enterprise records within the scope (lists, pages, the API, exports).
    ReadEnterprises,
    /// Export a filtered list of enterprises.
    ExportEnterprises,
    /// Load a directory of enterprises (摸清辖区内小微企业基本情况).
    ImportEnterprises,
    /// Move an enterprise from one city of the province to another (a relocation).
    MoveEnterpriseBetweenCities,
    /// Read the 严重违法失信名单 as loaded into the platform.
    ReadDishonestList,
    /// Load the 严重违法失信名单.
    ImportDishonestList,
    /// Set the eligibility rules (遴选条件) and re-screen.
    EditEligibilityRules,
    /// Create organisations (bodies, units, bureaus).
    ManageOrganisations,
    /// Create and administer accounts — of the roles [`Role::manages_account_of`] allows.
    ManageAccounts,
    /// Read the platform's audit log (审计日志).
    ReadAuditLog,
    /// See a contact's phone number in full (PIPL art. 6: only who must reach the
    /// enterprise).
    SeeContactPhone,
    /// Create, set up, open and close the year's campaign (提升行动).
    ManageCampaigns,
    /// See the campaigns one takes part in, and one's own participations in them.
    ReadCampaigns,
    /// Recommend enterprises of one's city and review the applications that land there.
    Recommend,
    /// Select, wait-list, return and assign the cities' recommendations.
    SelectEnterprises,
    /// Confirm or decline the enterprise's own participation (企业承诺).
    GiveConsent,
}

impl Permission {
    pub const ALL: [Permission; 16] = [
        Permission::ManageCampaigns,
        Permission::ReadCampaigns,
        Permission::Recommend,
        Permission::SelectEnterprises,
        Permission::GiveConsent,
        Permission::ReadEnterprises,
        Permission::ExportEnterprises,
        Permission::ImportEnterprises,
        Permission::MoveEnterpriseBetweenCities,
        Permission::ReadDishonestList,
        Permission::ImportDishonestList,
        Permission::EditEligibilityRules,
        Permission::ManageOrganisations,
        Permission::ManageAccounts,
        Permission::ReadAuditLog,
        Permission::SeeContactPhone,
    ];

    /// The roles holding this permission: the whole table, in one place.
    pub fn roles(self) -> &'static [Role] {
        use Role::*;
        match self {
            Permission::ReadEnterprises | Permission::ExportEnterprises => &[
                Province,
                City,
                CertificationBody,
                SupportUnit,
                Expert,
                Enterprise,
            ],
            Permission::ImportEnterprises | Permission::ReadDishonestList => &[Province, City],
            Permission::MoveEnterpriseBetweenCities
            | Permission::ImportDishonestList
            | Permission::EditEligibilityRules => &[Province],
            Permission::ManageOrganisations | Permission::ManageAccounts => &[SystemAdmin],
            Permission::ReadAuditLog => &[AuditAdmin],
            Permission::SeeContactPhone => &[Province, City, CertificationBody, Enterprise],
            Permission::ManageCampaigns | Permission::SelectEnterprises => &[Province],
            Permission::ReadCampaigns => {
                &[Province, City, CertificationBody, SupportUnit, Enterprise]
            }
            Permission::Recommend => &[City],
            Permission::GiveConsent => &[Enterprise],
        }
    }
}

impl Role {
    /// May this role perform acts of this kind at all?
    pub fn may(self, permission: Permission) -> bool {
        permission.roles().contains(&self)
    }

    /// Separated duties: the accounts an account manager may create, change, reset,
    /// enable or disable. The province, the system administrator and the audit
    /// administrator are made and reset only by an operator on the server
    /// (`uplift user create|reset-password`), so that no web account can give itself or
    /// anyone the powers its duty denies it.
    pub fn manages_account_of(self, target: Role) -> bool {
        self.may(Permission::ManageAccounts)
            && matches!(
                target,
                Role::City
                    | Role::CertificationBody
                    | Role::SupportUnit
                    | Role::Expert
                    | Role::Enterprise
            )
    }
}

impl Scope {
    /// Does a place lie within this jurisdiction? Only regulators' scopes are places; an
    /// assignment or one enterprise is not a territory, so nothing lies "within" it.
    pub fn contains_division(&self, division: &DivisionCode) -> bool {
        match self {
            Scope::Province(code) => division.province().as_str() == code,
            Scope::City(code) => division
                .prefecture()
                .is_some_and(|city| city.as_str() == code),
            Scope::Assigned(_) | Scope::Enterprise(_) | Scope::Nothing => false,
        }
    }

    /// Does this jurisdiction reach the whole of a place (a city or county asked for as a
    /// filter)? A province reaches its cities and counties, a city its own counties; a
    /// filter for anything else asks for what the user may not see.
    pub fn reaches(&self, place: &DivisionCode) -> bool {
        match place.level() {
            DivisionLevel::Province => matches!(self, Scope::Province(p) if p == place.as_str()),
            DivisionLevel::Prefecture | DivisionLevel::County => self.contains_division(place),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn code(c: &str) -> DivisionCode {
        DivisionCode::parse(c).unwrap_or_else(|e| unreachable!("{c}: {e}"))
    }

    #[test]
    fn only_the_province_and_cities_import_enterprises() {
        for role in Role::ALL {
            assert_eq!(
                role.may(Permission::ImportEnterprises),
                matches!(role, Role::Province | Role::City),
                "{role:?}"
            );
        }
    }

    #[test]
    fn the_administrators_read_no_enterprise_data() {
        for role in [Role::SystemAdmin, Role::AuditAdmin] {
            assert!(!role.may(Permission::ReadEnterprises));
            assert!(!role.may(Permission::SeeContactPhone));
        }
    }

    #[test]
    fn only_the_audit_administrator_reads_the_audit_log() {
        for role in Role::ALL {
            assert_eq!(
                role.may(Permission::ReadAuditLog),
                role == Role::AuditAdmin,
                "{role:?}"
            );
        }
    }

    #[test]
    fn the_system_administrator_cannot_manage_the_province_or_the_administrators() {
        for target in [Role::Province, Role::SystemAdmin, Role::AuditAdmin] {
            assert!(!Role::SystemAdmin.manages_account_of(target), "{target:?}");
        }
        for target in [
            Role::City,
            Role::CertificationBody,
            Role::SupportUnit,
            Role::Expert,
            Role::Enterprise,
        ] {
            assert!(Role::SystemAdmin.manages_account_of(target), "{target:?}");
        }
    }

    #[test]
    fn nobody_but_the_system_administrator_manages_accounts() {
        for role in Role::ALL.into_iter().filter(|r| *r != Role::SystemAdmin) {
            for target in Role::ALL {
                assert!(!role.manages_account_of(target), "{role:?} -> {target:?}");
            }
        }
    }

    #[test]
    fn only_the_province_runs_the_campaign_and_selects_and_only_a_city_recommends() {
        for role in Role::ALL {
            assert_eq!(
                role.may(Permission::ManageCampaigns),
                role == Role::Province
            );
            assert_eq!(
                role.may(Permission::SelectEnterprises),
                role == Role::Province
            );
            assert_eq!(role.may(Permission::Recommend), role == Role::City);
            assert_eq!(role.may(Permission::GiveConsent), role == Role::Enterprise);
        }
    }

    #[test]
    fn every_permission_names_at_least_one_role() {
        for p in Permission::ALL {
            assert!(!p.roles().is_empty(), "{p:?}");
        }
    }

    #[test]
    fn a_city_contains_its_counties_and_nothing_of_another_city() {
        let changsha = Scope::City("430100".into());
        assert!(changsha.contains_division(&code("430102")));
        assert!(changsha.contains_division(&code("430100")));
        assert!(!changsha.contains_division(&code("430202")));
        assert!(changsha.reaches(&code("430104")));
        assert!(!changsha.reaches(&code("430200")));
        assert!(!changsha.reaches(&code("430000")));
    }

    #[test]
    fn a_province_reaches_its_cities_and_not_another_province() {
        let hunan = Scope::Province("430000".into());
        assert!(hunan.reaches(&code("430200")));
        assert!(hunan.reaches(&code("430000")));
        assert!(hunan.contains_division(&code("433101")));
        assert!(!hunan.reaches(&code("440300")));
    }

    #[test]
    fn an_assignment_is_not_a_territory() {
        for scope in [Scope::Assigned(3), Scope::Enterprise(9), Scope::Nothing] {
            assert!(!scope.contains_division(&code("430102")));
            assert!(!scope.reaches(&code("430100")));
        }
    }
}
