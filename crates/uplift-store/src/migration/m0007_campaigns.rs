//! The programme year: campaigns, the organisations confirmed for them, participations
//! (campaign × enterprise, with the city's recommendation form), the cities' submitted
//! lists, self-applications, frozen verdicts of closed campaigns, the timeline of every
//! step, and throttling counters for the public form.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

use super::{index, tz};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        // 提升行动: one per province and year.
        m.create_table(
            Table::create()
                .table("campaigns")
                .col(big_pk_auto("id"))
                .col(string_len("province_code", 6))
                .col(integer("year"))
                .col(string("name"))
                .col(string("status"))
                .col(integer("quota"))
                // RecommendationRanges as JSON: the default range and per-city overrides.
                .col(text("ranges"))
                .col(date_null("recommendation_deadline"))
                .col(text("report_deadlines"))
                // The campaign's eligibility rules (EligibilityRules as JSON); frozen on close.
                .col(text("rules"))
                .col(tz("created_at"))
                .col(timestamp_with_time_zone_null("opened_at"))
                .col(timestamp_with_time_zone_null("closed_at"))
                .to_owned(),
        )
        .await?;
        m.create_index(
            index(
                "idx_campaigns_province_year",
                "campaigns",
                &["province_code", "year"],
            )
            .unique()
            .to_owned(),
        )
        .await?;

        // The certification bodies and support units confirmed for a campaign.
        m.create_table(
            Table::create()
                .table("campaign_organisations")
                .col(big_integer("campaign_id"))
                .col(big_integer("organisation_id"))
                .primary_key(Index::create().col("campaign_id").col("organisation_id"))
                .foreign_key(
                    ForeignKey::create()
                        .from("campaign_organisations", "campaign_id")
                        .to("campaigns", "id"),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from("campaign_organisations", "organisation_id")
                        .to("organisations", "id"),
                )
                .to_owned(),
        )
        .await?;

        // 参与: one enterprise in one campaign, its state in the workflow, and the city's
        // 推荐表 (one per participation, so its fields live here).
        m.create_table(
            Table::create()
                .table("participations")
                .col(big_pk_auto("id"))
                .col(big_integer("campaign_id"))
                .col(big_integer("enterprise_id"))
                .col(string_len("city_code", 6))
                .col(string("state"))
                // "recommended" by the city, or "applied" by the enterprise itself.
                .col(string("origin"))
                .col(big_integer_null("application_id"))
                .col(integer_null("city_rank"))
                // 推荐表
                .col(text_null("reason"))
                .col(text_null("industry_chain"))
                .col(string_null("contact_name"))
                .col(string_null("contact_phone"))
                .col(string_null("commitment_person"))
                .col(text_null("commitment_people"))
                .col(text_null("commitment_time"))
                .col(text_null("commitment_arrangements"))
                .col(text_null("commitment_equipment"))
                .col(text_null("justification"))
                // The verdict when recommended, kept as evidence (rule keys as JSON).
                .col(boolean_null("verdict_eligible"))
                .col(text_null("verdict_failed"))
                // 企业承诺 / 确认参与
                .col(string("consent"))
                .col(string_null("consent_person"))
                .col(text_null("consent_reason"))
                .col(timestamp_with_time_zone_null("consent_at"))
                // The province's decision.
                .col(integer_null("selection_rank"))
                .col(integer_null("waitlist_rank"))
                .col(timestamp_with_time_zone_null("selected_at"))
                .col(big_integer_null("certification_body_id"))
                .col(big_integer_null("support_unit_id"))
                .col(text_null("state_reason"))
                .col(tz("created_at"))
                .col(tz("updated_at"))
                .foreign_key(
                    ForeignKey::create()
                        .from("participations", "campaign_id")
                        .to("campaigns", "id"),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            index(
                "idx_participations_campaign_enterprise",
                "participations",
                &["campaign_id", "enterprise_id"],
            )
            .unique()
            .to_owned(),
        )
        .await?;
        m.create_index(index(
            "idx_participations_city",
            "participations",
            &["campaign_id", "city_code"],
        ))
        .await?;
        m.create_index(index(
            "idx_participations_enterprise",
            "participations",
            &["enterprise_id"],
        ))
        .await?;

        // A city's submitted list (上报推荐名单): once, marked late after the deadline.
        m.create_table(
            Table::create()
                .table("city_submissions")
                .col(big_integer("campaign_id"))
                .col(string_len("city_code", 6))
                .col(tz("submitted_at"))
                .col(boolean("late"))
                .col(big_integer_null("user_id"))
                .primary_key(Index::create().col("campaign_id").col("city_code"))
                .to_owned(),
        )
        .await?;

        // 企业申报: an enterprise applying through the public form, landing with its city.
        m.create_table(
            Table::create()
                .table("applications")
                .col(big_pk_auto("id"))
                .col(big_integer("campaign_id"))
                .col(string_len_uniq("reference", 16))
                .col(string_len("uscc", 18))
                .col(string("name"))
                .col(string_len("division_code", 6))
                .col(string_len("city_code", 6))
                .col(string("industry"))
                .col(big_integer_null("employees"))
                .col(big_integer_null("operating_revenue"))
                .col(big_integer_null("main_revenue"))
                .col(big_integer_null("total_assets"))
                .col(string("contact_name"))
                .col(string("contact_phone"))
                .col(text("motivation"))
                .col(boolean("eligible"))
                .col(text("failed_rules"))
                .col(string("status"))
                .col(text_null("decision_reason"))
                .col(string_null("client_ip"))
                .col(tz("created_at"))
                .col(timestamp_with_time_zone_null("decided_at"))
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "idx_applications_campaign_city",
            "applications",
            &["campaign_id", "city_code", "status"],
        ))
        .await?;

        // The verdicts of a closed campaign, frozen when it closed (an open campaign's
        // verdicts are the directory's own, kept current).
        m.create_table(
            Table::create()
                .table("screenings")
                .col(big_integer("campaign_id"))
                .col(big_integer("enterprise_id"))
                .col(string_len("city_code", 6))
                .col(boolean_null("eligible"))
                .col(text_null("failed_rules"))
                .col(string_null("size_class"))
                .primary_key(Index::create().col("campaign_id").col("enterprise_id"))
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "idx_screenings_city",
            "screenings",
            &["campaign_id", "city_code", "enterprise_id"],
        ))
        .await?;

        // Every step of the programme, for the enterprise's timeline.
        m.create_table(
            Table::create()
                .table("participation_events")
                .col(big_pk_auto("id"))
                .col(big_integer("campaign_id"))
                .col(big_integer_null("participation_id"))
                .col(big_integer_null("enterprise_id"))
                .col(big_integer_null("application_id"))
                .col(string("action"))
                .col(string_null("from_state"))
                .col(string_null("to_state"))
                .col(big_integer_null("user_id"))
                .col(string_null("username"))
                .col(string_null("role"))
                .col(text_null("note"))
                .col(tz("at"))
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "idx_participation_events_enterprise",
            "participation_events",
            &["enterprise_id", "id"],
        ))
        .await?;

        // Requests counted per client for throttling public forms (several instances agree).
        m.create_table(
            Table::create()
                .table("throttle_events")
                .col(big_pk_auto("id"))
                .col(string("kind"))
                .col(string("subject"))
                .col(tz("at"))
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "idx_throttle_events",
            "throttle_events",
            &["kind", "subject", "at"],
        ))
        .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            "throttle_events",
            "participation_events",
            "screenings",
            "applications",
            "city_submissions",
            "participations",
            "campaign_organisations",
            "campaigns",
        ] {
            m.drop_table(Table::drop().table(table).to_owned()).await?;
        }
        Ok(())
    }
}
