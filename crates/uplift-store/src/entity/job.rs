use sea_orm::entity::prelude::*;

/// A background job (an import, a re-screening), visible to the user who started it.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "jobs")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub kind: String,
    pub status: String,
    pub owner_user_id: Option<i64>,
    pub file_name: Option<String>,
    pub params: String,
    pub total: i64,
    pub processed: i64,
    pub counts: String,
    pub error_report: Option<String>,
    pub message: Option<String>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub finished_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
