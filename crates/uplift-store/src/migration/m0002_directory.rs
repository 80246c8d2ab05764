//! The directory at provincial scale: screening verdicts on each enterprise, the history of
//! changed figures, the dishonest list, the eligibility rules as data, and background jobs.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

use super::{index, tz};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        // Screening (资格审查) under the current rule set. `failed_rules` holds the keys of
        // the failed rules between commas (",size_class,contact,") so that a list can be
        // filtered by one failing reason with a LIKE; NULL `eligible` = not screened yet.
        for col in [
            boolean_null("eligible"),
            string_null("failed_rules"),
            timestamp_with_time_zone_null("screened_at"),
        ] {
            m.alter_table(
                Table::alter()
                    .table("enterprises")
                    .add_column(col)
                    .to_owned(),
            )
            .await?;
        }
        // No further indexes on enterprises: a city's list walks (prefecture_code, id) and
        // filters verdicts and counties on the way, which stays cheap because a city's
        // share of a province is small; every extra index slows a bulk load.

        // History of changed figures: one row per enterprise and change, with the old and
        // new values of what changed (JSON), and the import job that changed it.
        m.create_table(
            Table::create()
                .table("enterprise_history")
                .col(big_pk_auto("id"))
                .col(big_integer("enterprise_id"))
                .col(big_integer_null("job_id"))
                .col(tz("changed_at"))
                .col(text("changes"))
                .foreign_key(
                    ForeignKey::create()
                        .from("enterprise_history", "enterprise_id")
                        .to("enterprises", "id"),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "idx_enterprise_history_enterprise",
            "enterprise_history",
            &["enterprise_id", "id"],
        ))
        .await?;

        // 严重违法失信名单 entries (facts.md §9): listed while `removed_on` is empty.
        m.create_table(
            Table::create()
                .table("dishonest_entries")
                .col(big_pk_auto("id"))
                .col(string("name"))
                .col(string("name_key"))
                .col(string_len_null("uscc", 18))
                .col(string_null("registration_number"))
                .col(date("listed_on"))
                .col(text("reason"))
                .col(string("authority"))
                .col(date_null("removed_on"))
                .col(text_null("removal_reason"))
                .col(string_null("removal_authority"))
                .col(tz("created_at"))
                .col(tz("updated_at"))
                .to_owned(),
        )
        .await?;
        m.create_index(index("idx_dishonest_uscc", "dishonest_entries", &["uscc"]))
            .await?;
        m.create_index(index(
            "idx_dishonest_name_key",
            "dishonest_entries",
            &["name_key"],
        ))
        .await?;

        // The eligibility rules, as data (one row until campaigns exist).
        m.create_table(
            Table::create()
                .table("eligibility_rules")
                .col(integer("id").primary_key())
                .col(text("rules"))
                .col(tz("updated_at"))
                .to_owned(),
        )
        .await?;

        // Background jobs (imports, re-screening): in the database so that progress
        // survives a page reload and any instance can show it.
        m.create_table(
            Table::create()
                .table("jobs")
                .col(big_pk_auto("id"))
                .col(string("kind"))
                .col(string("status"))
                .col(big_integer_null("owner_user_id"))
                .col(string_null("file_name"))
                .col(text("params"))
                .col(big_integer("total").default(0))
                .col(big_integer("processed").default(0))
                .col(text("counts"))
                .col(text_null("error_report"))
                .col(text_null("message"))
                .col(tz("created_at"))
                .col(tz("updated_at"))
                .col(timestamp_with_time_zone_null("finished_at"))
                .to_owned(),
        )
        .await?;
        m.create_index(index("idx_jobs_owner", "jobs", &["owner_user_id", "id"]))
            .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            "jobs",
            "eligibility_rules",
            "dishonest_entries",
            "enterprise_history",
        ] {
            m.drop_table(Table::drop().table(table).to_owned()).await?;
        }
        Ok(())
    }
}
