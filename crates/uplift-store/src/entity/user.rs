use sea_orm::entity::prelude::*;

/// 用户 — an account. The role and organisation decide the scope; nothing in a request does.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "users")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    #[sea_orm(unique)]
    pub username: String,
    pub display_name: String,
    pub password_hash: String,
    pub role: String,
    pub organisation_id: Option<i64>,
    pub enterprise_id: Option<i64>,
    pub disabled: bool,
    pub failed_logins: i32,
    pub locked_until: Option<DateTimeUtc>,
    pub password_changed_at: DateTimeUtc,
    /// Set when someone other than the owner chose the password (an administrator, the
    /// operator): the owner must change it before anything else works.
    pub must_change_password: bool,
    pub totp_secret: Option<String>,
    pub totp_pending_secret: Option<String>,
    pub totp_enrolled_at: Option<DateTimeUtc>,
    pub totp_last_step: Option<i64>,
    /// The argon2 hashes of the last passwords, newest first (JSON).
    pub password_history: Option<String>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
