use sea_orm::entity::prelude::*;

/// 企业 — one enterprise of the directory, keyed by its 统一社会信用代码.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "enterprises")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    #[sea_orm(unique)]
    pub uscc: String,
    pub name: String,
    pub province_code: String,
    pub prefecture_code: String,
    pub division_code: String,
    pub industry: String,
    pub employees: Option<i64>,
    /// 营业收入, whole yuan.
    pub operating_revenue: Option<i64>,
    /// 主营业务收入, whole yuan.
    pub main_revenue: Option<i64>,
    /// 资产总额, whole yuan.
    pub total_assets: Option<i64>,
    pub operating_status: String,
    pub contact_name: Option<String>,
    pub contact_phone: Option<String>,
    pub size_class: Option<String>,
    /// Screening verdict under the current rules; None = not screened yet.
    pub eligible: Option<bool>,
    /// Failed rule keys between commas: ",size_class,contact,".
    pub failed_rules: Option<String>,
    pub screened_at: Option<DateTimeUtc>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
