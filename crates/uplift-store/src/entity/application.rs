use sea_orm::entity::prelude::*;

/// 企业申报 — an enterprise's own application through the public form.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "applications")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub campaign_id: i64,
    #[sea_orm(unique)]
    pub reference: String,
    pub uscc: String,
    pub name: String,
    pub division_code: String,
    pub city_code: String,
    pub industry: String,
    pub employees: Option<i64>,
    pub operating_revenue: Option<i64>,
    pub main_revenue: Option<i64>,
    pub total_assets: Option<i64>,
    pub contact_name: String,
    pub contact_phone: String,
    pub motivation: String,
    pub eligible: bool,
    /// Failed rule keys as a JSON array.
    pub failed_rules: String,
    /// `pending`, `adopted` or `declined`.
    pub status: String,
    pub decision_reason: Option<String>,
    pub client_ip: Option<String>,
    pub created_at: DateTimeUtc,
    pub decided_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
