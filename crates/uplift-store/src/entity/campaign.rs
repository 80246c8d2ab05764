use sea_orm::entity::prelude::*;

/// 提升行动 — one campaign of a province and year.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "campaigns")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub province_code: String,
    pub year: i32,
    pub name: String,
    /// `CampaignStatus::key`.
    pub status: String,
    pub quota: i32,
    /// `RecommendationRanges` as JSON.
    pub ranges: String,
    pub recommendation_deadline: Option<Date>,
    /// Dates as a JSON array.
    pub report_deadlines: String,
    /// `EligibilityRules` as JSON.
    pub rules: String,
    pub created_at: DateTimeUtc,
    pub opened_at: Option<DateTimeUtc>,
    pub closed_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
