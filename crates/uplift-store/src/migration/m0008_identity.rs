//! The second factor (TOTP, RFC 6238) and its recovery codes, password history, and
//! sessions that wait for the second factor.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

use super::{index, tz};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for col in [
            // The enrolled secret (base32), and one offered but not yet confirmed.
            string_null("totp_secret"),
            string_null("totp_pending_secret"),
            timestamp_with_time_zone_null("totp_enrolled_at"),
            // The last time step a code was accepted for: a replay is refused.
            big_integer_null("totp_last_step"),
            // The argon2 hashes of the last passwords (JSON), newest first.
            text_null("password_history"),
        ] {
            m.alter_table(Table::alter().table("users").add_column(col).to_owned())
                .await?;
        }
        // A session opened by a password alone, for an account that needs its second
        // factor: it reaches only the second-factor pages until the code is given.
        m.alter_table(
            Table::alter()
                .table("sessions")
                .add_column(boolean("second_factor_pending").default(false))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table("recovery_codes")
                .col(big_pk_auto("id"))
                .col(big_integer("user_id"))
                // Salted SHA-256 of the normalised code: `salt$hash`.
                .col(string("code_hash"))
                .col(tz("created_at"))
                .col(timestamp_with_time_zone_null("used_at"))
                .foreign_key(
                    ForeignKey::create()
                        .from("recovery_codes", "user_id")
                        .to("users", "id"),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "idx_recovery_codes_user",
            "recovery_codes",
            &["user_id"],
        ))
        .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table("recovery_codes").to_owned())
            .await?;
        m.alter_table(
            Table::alter()
                .table("sessions")
                .drop_column("second_factor_pending")
                .to_owned(),
        )
        .await?;
        for col in [
            "password_history",
            "totp_last_step",
            "totp_enrolled_at",
            "totp_pending_secret",
            "totp_secret",
        ] {
            m.alter_table(Table::alter().table("users").drop_column(col).to_owned())
                .await?;
        }
        Ok(())
    }
}
