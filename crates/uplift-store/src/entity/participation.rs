use sea_orm::entity::prelude::*;

/// 参与 — one enterprise in one campaign, with the city's 推荐表.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "participations")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub campaign_id: i64,
    pub enterprise_id: i64,
    pub city_code: String,
    /// `ParticipationState::key`.
    pub state: String,
    /// `recommended` or `applied`.
    pub origin: String,
    pub application_id: Option<i64>,
    pub city_rank: Option<i32>,
    pub reason: Option<String>,
    pub industry_chain: Option<String>,
    pub contact_name: Option<String>,
    pub contact_phone: Option<String>,
    pub commitment_person: Option<String>,
    pub commitment_people: Option<String>,
    pub commitment_time: Option<String>,
    pub commitment_arrangements: Option<String>,
    pub commitment_equipment: Option<String>,
    pub justification: Option<String>,
    pub verdict_eligible: Option<bool>,
    /// The failed rules' keys as a JSON array, when recommended.
    pub verdict_failed: Option<String>,
    /// `Consent::key`.
    pub consent: String,
    pub consent_person: Option<String>,
    pub consent_reason: Option<String>,
    pub consent_at: Option<DateTimeUtc>,
    pub selection_rank: Option<i32>,
    pub waitlist_rank: Option<i32>,
    pub selected_at: Option<DateTimeUtc>,
    pub certification_body_id: Option<i64>,
    pub support_unit_id: Option<i64>,
    /// Why it was returned, declined or withdrawn.
    pub state_reason: Option<String>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
