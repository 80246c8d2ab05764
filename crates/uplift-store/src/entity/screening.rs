use sea_orm::entity::prelude::*;

/// A closed campaign's verdict on one enterprise, frozen when the campaign closed.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "screenings")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub campaign_id: i64,
    #[sea_orm(primary_key, auto_increment = false)]
    pub enterprise_id: i64,
    pub city_code: String,
    pub eligible: Option<bool>,
    pub failed_rules: Option<String>,
    pub size_class: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
