use sea_orm::DbErr;
use uplift_domain::division::DivisionError;
use uplift_domain::money::MoneyError;
use uplift_domain::password::PasswordError;
use uplift_domain::uscc::UsccError;

/// What can go wrong in the store and the use cases above it. `NotFound` covers "outside
/// your scope" too, on purpose.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("database error: {0}")]
    Db(#[from] DbErr),
    #[error("not found")]
    NotFound,
    /// Input or an act that the programme's rules refuse; the refusal names which.
    #[error("refused: {0:?}")]
    Refused(Refusal),
    #[error("internal error: {0}")]
    Internal(String),
}

pub type StoreResult<T> = Result<T, StoreError>;

/// Why an act was refused, as a code the interface translates (`refusal.<code>` in the
/// translations) with the parameters it names. Refusals that carry a domain error show
/// the domain's own explanation. No text for users is made here.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// A unique key is already taken.
    UsernameTaken,
    UsccTaken,
    UsernameInvalid,
    RoleRequired,
    OrganisationRequired,
    OrganisationUnknown,
    OrganisationKindMismatch,
    EnterpriseRequired,
    EnterpriseUnknown,
    OrganisationNameRequired,
    OrganisationDivisionRequired,
    AssignmentNotABody,
    /// A division that is a province where a city or county is needed.
    DivisionIsAProvince,
    /// An administrator may not disable the account it is using.
    CannotDisableSelf,
    /// The current password given to change it was wrong.
    WrongCurrentPassword,
    /// A list filter names a city or county outside the user's jurisdiction.
    FilterOutsideScope,
    /// An upload without a file, or with an empty one.
    NoFile,
    EmptyFile,
    UploadBroken,
    /// A command-line import needs the province it loads into.
    ProvinceRequired,
    Password(PasswordError),
    Division(DivisionError),
    Uscc(UsccError),
    Money(MoneyError),
    /// A province has one campaign per year.
    CampaignYearTaken,
    /// Another campaign of the province is open: one programme year at a time.
    AnotherCampaignOpen,
    /// A campaign's settings that cannot stand: a zero quota, a range with min > max.
    CampaignSettingsInvalid,
    /// The enterprise takes part in this campaign already.
    AlreadyInCampaign,
    /// A form's fields refused, each with the domain's reason (the public application form
    /// is checked by the importer's rules).
    Form(Vec<uplift_domain::directory::RowError>),
    /// A restore goes into an empty database only.
    RestoreTargetNotEmpty,
    /// The credit code belongs to an enterprise of another jurisdiction.
    RegisteredElsewhere,
    /// Too many requests from one address; try again later.
    Throttled,
    /// A form field the programme requires was left empty.
    FieldRequired,
    /// The programme's workflow refuses the move (closed campaign, full quota, …).
    Workflow(uplift_domain::workflow::Refusal),
    /// A file the import cannot read: the sheet reader's explanation, in Chinese (the
    /// sheets crate explains itself in Chinese only).
    Sheet(String),
}

impl Refusal {
    /// The stable key of the refusal: the API's error code and the translation key's tail.
    pub fn code(&self) -> &'static str {
        match self {
            Refusal::UsernameTaken => "username_taken",
            Refusal::UsccTaken => "uscc_taken",
            Refusal::UsernameInvalid => "username_invalid",
            Refusal::RoleRequired => "role_required",
            Refusal::OrganisationRequired => "organisation_required",
            Refusal::OrganisationUnknown => "organisation_unknown",
            Refusal::OrganisationKindMismatch => "organisation_kind_mismatch",
            Refusal::EnterpriseRequired => "enterprise_required",
            Refusal::EnterpriseUnknown => "enterprise_unknown",
            Refusal::OrganisationNameRequired => "organisation_name_required",
            Refusal::OrganisationDivisionRequired => "organisation_division_required",
            Refusal::AssignmentNotABody => "assignment_not_a_body",
            Refusal::DivisionIsAProvince => "division_is_a_province",
            Refusal::CannotDisableSelf => "cannot_disable_self",
            Refusal::WrongCurrentPassword => "wrong_current_password",
            Refusal::FilterOutsideScope => "filter_outside_scope",
            Refusal::NoFile => "no_file",
            Refusal::EmptyFile => "empty_file",
            Refusal::UploadBroken => "upload_broken",
            Refusal::ProvinceRequired => "province_required",
            Refusal::Password(_) => "password_rule",
            Refusal::Division(_) => "division_invalid",
            Refusal::Uscc(_) => "uscc_invalid",
            Refusal::Money(_) => "amount_invalid",
            Refusal::Sheet(_) => "file_unreadable",
            Refusal::CampaignYearTaken => "campaign_year_taken",
            Refusal::AnotherCampaignOpen => "another_campaign_open",
            Refusal::CampaignSettingsInvalid => "campaign_settings_invalid",
            Refusal::AlreadyInCampaign => "already_in_campaign",
            Refusal::Throttled => "throttled",
            Refusal::RegisteredElsewhere => "registered_elsewhere",
            Refusal::Form(_) => "form_invalid",
            Refusal::RestoreTargetNotEmpty => "restore_target_not_empty",
            Refusal::FieldRequired => "field_required",
            Refusal::Workflow(r) => r.key().trim_start_matches("workflow."),
        }
    }

    /// Every refusal without a domain error inside, for the test that each has a text.
    pub const PLAIN: [Refusal; 28] = [
        Refusal::RestoreTargetNotEmpty,
        Refusal::RegisteredElsewhere,
        Refusal::CampaignYearTaken,
        Refusal::AnotherCampaignOpen,
        Refusal::CampaignSettingsInvalid,
        Refusal::AlreadyInCampaign,
        Refusal::Throttled,
        Refusal::FieldRequired,
        Refusal::UsernameTaken,
        Refusal::UsccTaken,
        Refusal::UsernameInvalid,
        Refusal::RoleRequired,
        Refusal::OrganisationRequired,
        Refusal::OrganisationUnknown,
        Refusal::OrganisationKindMismatch,
        Refusal::EnterpriseRequired,
        Refusal::EnterpriseUnknown,
        Refusal::OrganisationNameRequired,
        Refusal::OrganisationDivisionRequired,
        Refusal::AssignmentNotABody,
        Refusal::DivisionIsAProvince,
        Refusal::CannotDisableSelf,
        Refusal::WrongCurrentPassword,
        Refusal::FilterOutsideScope,
        Refusal::NoFile,
        Refusal::EmptyFile,
        Refusal::UploadBroken,
        Refusal::ProvinceRequired,
    ];
}

impl From<Refusal> for StoreError {
    fn from(r: Refusal) -> StoreError {
        StoreError::Refused(r)
    }
}

impl StoreError {
    /// Map a unique-constraint violation to the refusal naming the key, leave other
    /// errors alone.
    pub(crate) fn unique_as(err: DbErr, taken: Refusal) -> StoreError {
        let text = err.to_string().to_ascii_lowercase();
        if text.contains("unique") || text.contains("duplicate key") {
            StoreError::Refused(taken)
        } else {
            StoreError::Db(err)
        }
    }
}
