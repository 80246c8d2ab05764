use sea_orm::entity::prelude::*;
use serde::Serialize;

/// 审计日志 — one row of the platform's own audit trail (not a certification audit).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize)]
#[sea_orm(table_name = "audit_log")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: i64,
    pub at: DateTimeUtc,
    pub user_id: Option<i64>,
    pub username: Option<String>,
    pub role: Option<String>,
    pub organisation_id: Option<i64>,
    pub client_ip: Option<String>,
    pub action: String,
    pub object: String,
    pub summary: String,
    pub prev_hash: String,
    pub hash: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
