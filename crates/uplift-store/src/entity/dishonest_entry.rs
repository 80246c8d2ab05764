use sea_orm::entity::prelude::*;

/// 严重违法失信名单 — one entry; listed while `removed_on` is empty.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "dishonest_entries")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub name: String,
    /// The name normalised for matching entries that carry no credit code.
    pub name_key: String,
    pub uscc: Option<String>,
    pub registration_number: Option<String>,
    pub listed_on: Date,
    pub reason: String,
    pub authority: String,
    pub removed_on: Option<Date>,
    pub removal_reason: Option<String>,
    pub removal_authority: Option<String>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
