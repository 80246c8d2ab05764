use sea_orm::entity::prelude::*;

/// One step of the programme (an action on a participation or an application), for the
/// enterprise's timeline: who, when, from which state to which, and why.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "participation_events")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub campaign_id: i64,
    pub participation_id: Option<i64>,
    pub enterprise_id: Option<i64>,
    pub application_id: Option<i64>,
    /// `workflow::Action::key`, or `consent` / `assign` for the steps that are not moves.
    pub action: String,
    pub from_state: Option<String>,
    pub to_state: Option<String>,
    pub user_id: Option<i64>,
    pub username: Option<String>,
    pub role: Option<String>,
    pub note: Option<String>,
    pub at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
