//! Who a user is in the programme, and what part of it they may see.
//!
//! The scope is derived from the user's account alone (role + organisation + its division),
//! never from anything in a request: a forged city code in a query string changes nothing.

use serde::{Deserialize, Serialize};

use crate::Lang;

/// The roles of the programme (see the mission's role table), plus the two separated
/// administrative duties that 等保 L3 (GB/T 22239-2019 8.1.4.2 d, 8.1.5) asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// 省市场监督管理局 / 省工业和信息化厅 — sees the whole province.
    Province,
    /// 市州市场监管局 — sees its own city and its counties.
    City,
    /// 认证机构 staff — sees the enterprises assigned to its organisation.
    CertificationBody,
    /// 技术支撑单位 — sees the enterprises assigned to its organisation.
    SupportUnit,
    /// 专家 — sees what it is assigned to review (nothing until assignments exist).
    Expert,
    /// 小微企业 contact person — sees its own enterprise only.
    Enterprise,
    /// 系统管理员 — manages users and organisations; reads no audit log, no enterprise data.
    SystemAdmin,
    /// 审计管理员 — reads the audit log and nothing else.
    AuditAdmin,
}

impl Role {
    pub const ALL: [Role; 8] = [
        Role::Province,
        Role::City,
        Role::CertificationBody,
        Role::SupportUnit,
        Role::Expert,
        Role::Enterprise,
        Role::SystemAdmin,
        Role::AuditAdmin,
    ];

    pub fn key(self) -> &'static str {
        match self {
            Role::Province => "province",
            Role::City => "city",
            Role::CertificationBody => "certification_body",
            Role::SupportUnit => "support_unit",
            Role::Expert => "expert",
            Role::Enterprise => "enterprise",
            Role::SystemAdmin => "system_admin",
            Role::AuditAdmin => "audit_admin",
        }
    }

    pub fn from_key(key: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.key() == key)
    }

    pub fn name(self, lang: Lang) -> &'static str {
        match self {
            Role::Province => lang.pick("省级管理员", "Province administrator"),
            Role::City => lang.pick("市州管理员", "City administrator"),
            Role::CertificationBody => lang.pick("认证机构", "Certification body"),
            Role::SupportUnit => lang.pick("技术支撑单位", "Technical support unit"),
            Role::Expert => lang.pick("专家", "Expert"),
            Role::Enterprise => lang.pick("企业联系人", "Enterprise contact"),
            Role::SystemAdmin => lang.pick("系统管理员", "System administrator"),
            Role::AuditAdmin => lang.pick("审计管理员", "Audit administrator"),
        }
    }

    /// The organisation kind an account of this role must belong to; `None` for the
    /// enterprise contact, whose account is tied to an enterprise instead.
    pub fn organisation_kind(self) -> Option<OrganisationKind> {
        match self {
            Role::Province => Some(OrganisationKind::ProvinceRegulator),
            Role::City => Some(OrganisationKind::CityRegulator),
            Role::CertificationBody => Some(OrganisationKind::CertificationBody),
            Role::SupportUnit => Some(OrganisationKind::SupportUnit),
            Role::Expert => Some(OrganisationKind::ExpertGroup),
            Role::SystemAdmin | Role::AuditAdmin => Some(OrganisationKind::ProvinceRegulator),
            Role::Enterprise => None,
        }
    }

    /// Must an account of this role pass a second factor (TOTP) to get a session?
    ///
    /// Every staff account does: regulators, certification bodies, support units, experts
    /// and both administrators see many enterprises' records or run the system, and 等保
    /// L3-CES1-04 asks for two combined authentication techniques, one cryptographic; ASVS
    /// 4.0.3 4.3.1 asks for MFA on administrative interfaces (checklist AUTH-05). Enterprise
    /// contacts see one enterprise, their own, and many share a computer or have no
    /// smartphone at hand: they may enrol, but are not made to.
    ///
    /// No wildcard arm: a new role must be decided here.
    pub fn requires_second_factor(self) -> bool {
        match self {
            Role::Province
            | Role::City
            | Role::CertificationBody
            | Role::SupportUnit
            | Role::Expert
            | Role::SystemAdmin
            | Role::AuditAdmin => true,
            Role::Enterprise => false,
        }
    }
}

/// The kinds of organisation that take part in the programme.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OrganisationKind {
    /// 省市场监督管理局, 省工业和信息化厅
    ProvinceRegulator,
    /// 市州市场监管局
    CityRegulator,
    /// 认证机构
    CertificationBody,
    /// 技术支撑单位
    SupportUnit,
    /// 专家组
    ExpertGroup,
}

impl OrganisationKind {
    pub const ALL: [OrganisationKind; 5] = [
        OrganisationKind::ProvinceRegulator,
        OrganisationKind::CityRegulator,
        OrganisationKind::CertificationBody,
        OrganisationKind::SupportUnit,
        OrganisationKind::ExpertGroup,
    ];

    pub fn key(self) -> &'static str {
        match self {
            OrganisationKind::ProvinceRegulator => "province_regulator",
            OrganisationKind::CityRegulator => "city_regulator",
            OrganisationKind::CertificationBody => "certification_body",
            OrganisationKind::SupportUnit => "support_unit",
            OrganisationKind::ExpertGroup => "expert_group",
        }
    }

    pub fn from_key(key: &str) -> Option<OrganisationKind> {
        OrganisationKind::ALL.into_iter().find(|k| k.key() == key)
    }

    pub fn name(self, lang: Lang) -> &'static str {
        match self {
            OrganisationKind::ProvinceRegulator => {
                lang.pick("省级主管部门", "Provincial regulator")
            }
            OrganisationKind::CityRegulator => lang.pick("市州市场监管局", "City regulator"),
            OrganisationKind::CertificationBody => lang.pick("认证机构", "Certification body"),
            OrganisationKind::SupportUnit => lang.pick("技术支撑单位", "Technical support unit"),
            OrganisationKind::ExpertGroup => lang.pick("专家组", "Expert group"),
        }
    }
}

/// What part of the enterprise directory a user may see. Repositories filter by it; rows
/// outside it are invisible (a 404, never a 403, so that existence does not leak).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Scope {
    /// Every enterprise whose province is this code (e.g. `430000`).
    Province(String),
    /// Every enterprise whose prefecture is this code (e.g. `430100`), counties included.
    City(String),
    /// Enterprises assigned to this organisation (a certification body or support unit).
    Assigned(i64),
    /// One enterprise: the contact person's own.
    Enterprise(i64),
    /// No enterprise at all (system and audit administrators, unassigned experts).
    Nothing,
}

impl Scope {
    /// Derive the scope from an account. `division` is the organisation's division code.
    pub fn for_account(
        role: Role,
        organisation_id: Option<i64>,
        division: Option<&str>,
        enterprise_id: Option<i64>,
    ) -> Scope {
        match (role, organisation_id, division, enterprise_id) {
            (Role::Province, _, Some(code), _) if code.len() == 6 => {
                Scope::Province(format!("{}0000", &code[..2]))
            }
            (Role::City, _, Some(code), _) if code.len() == 6 => {
                Scope::City(format!("{}00", &code[..4]))
            }
            (Role::CertificationBody | Role::SupportUnit, Some(org), _, _) => Scope::Assigned(org),
            (Role::Enterprise, _, _, Some(id)) => Scope::Enterprise(id),
            // A misconfigured account (a city without a division, …) sees nothing rather
            // than everything.
            _ => Scope::Nothing,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn role_keys_round_trip() {
        for role in Role::ALL {
            assert_eq!(Role::from_key(role.key()), Some(role));
        }
        for kind in OrganisationKind::ALL {
            assert_eq!(OrganisationKind::from_key(kind.key()), Some(kind));
        }
    }

    #[test]
    fn a_city_administrator_sees_its_prefecture_whatever_county_its_bureau_sits_in() {
        assert_eq!(
            Scope::for_account(Role::City, Some(3), Some("430102"), None),
            Scope::City("430100".into())
        );
    }

    #[test]
    fn a_province_administrator_sees_the_province() {
        assert_eq!(
            Scope::for_account(Role::Province, Some(1), Some("430000"), None),
            Scope::Province("430000".into())
        );
    }

    #[test]
    fn a_misconfigured_account_sees_nothing() {
        assert_eq!(
            Scope::for_account(Role::City, Some(3), None, None),
            Scope::Nothing
        );
        assert_eq!(
            Scope::for_account(Role::Enterprise, None, None, None),
            Scope::Nothing
        );
        assert_eq!(
            Scope::for_account(Role::SystemAdmin, Some(1), Some("430000"), None),
            Scope::Nothing
        );
        assert_eq!(
            Scope::for_account(Role::AuditAdmin, Some(1), Some("430000"), None),
            Scope::Nothing
        );
    }

    #[test]
    fn every_staff_account_needs_a_second_factor_and_an_enterprise_contact_may_opt_in() {
        for role in Role::ALL {
            let expected = role != Role::Enterprise;
            assert_eq!(role.requires_second_factor(), expected, "{}", role.key());
        }
        assert!(Role::Province.requires_second_factor());
        assert!(Role::City.requires_second_factor());
        assert!(Role::CertificationBody.requires_second_factor());
        assert!(Role::SupportUnit.requires_second_factor());
        assert!(Role::Expert.requires_second_factor());
        assert!(Role::SystemAdmin.requires_second_factor());
        assert!(Role::AuditAdmin.requires_second_factor());
        assert!(!Role::Enterprise.requires_second_factor());
    }
}
