//! Organisations, accounts, sessions, the enterprise directory, assignments and the audit log.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

use super::{index, tz};

/// The audit chain's first `prev_hash`, as it was when this migration was written. A
/// migration never imports live code: changing the application must not change what an
/// already-run migration did.
const GENESIS_HASH: &str = "0000000000000000000000000000000000000000000000000000000000000000";

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table("organisations")
                .col(big_pk_auto("id"))
                .col(string("kind"))
                .col(string("name"))
                .col(string_null("name_en"))
                // GB/T 2260 code of the organisation's jurisdiction (a regulator's) or seat.
                .col(string_len_null("division_code", 6))
                .col(tz("created_at"))
                .to_owned(),
        )
        .await?;
        m.create_index(index("idx_organisations_kind", "organisations", &["kind"]))
            .await?;

        m.create_table(
            Table::create()
                .table("enterprises")
                .col(big_pk_auto("id"))
                // Unique through the named index below (not inline), so that a bulk load
                // into an empty directory can build it once at the end.
                .col(string_len("uscc", 18))
                .col(string("name"))
                // Denormalised from division_code so that a scope filter is an equality on
                // an indexed column, and so that tables growing with the country carry the
                // province as a distribution key (architecture.md).
                .col(string_len("province_code", 6))
                .col(string_len("prefecture_code", 6))
                .col(string_len("division_code", 6))
                .col(string("industry"))
                .col(big_integer_null("employees"))
                // Money in whole yuan (see uplift_domain::money): exact threshold comparisons.
                .col(big_integer_null("operating_revenue"))
                .col(big_integer_null("main_revenue"))
                .col(big_integer_null("total_assets"))
                .col(string("operating_status"))
                .col(string_null("contact_name"))
                .col(string_null("contact_phone"))
                .col(string_null("size_class"))
                .col(tz("created_at"))
                .col(tz("updated_at"))
                .to_owned(),
        )
        .await?;
        // The directory's two indexes as they were first made (a bulk load later drops
        // and rebuilds them by name, see `directory_keys`).
        m.create_index(
            index("idx_enterprises_uscc", "enterprises", &["uscc"])
                .unique()
                .if_not_exists()
                .to_owned(),
        )
        .await?;
        m.create_index(
            index(
                "idx_enterprises_prefecture",
                "enterprises",
                &["prefecture_code", "id"],
            )
            .if_not_exists()
            .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table("users")
                .col(big_pk_auto("id"))
                .col(string_uniq("username"))
                .col(string("display_name"))
                .col(string("password_hash"))
                .col(string("role"))
                .col(big_integer_null("organisation_id"))
                .col(big_integer_null("enterprise_id"))
                .col(boolean("disabled").default(false))
                // Counted in the database so that several instances agree on a lockout.
                .col(integer("failed_logins").default(0))
                .col(timestamp_with_time_zone_null("locked_until"))
                .col(tz("password_changed_at"))
                .col(tz("created_at"))
                .foreign_key(
                    ForeignKey::create()
                        .from("users", "organisation_id")
                        .to("organisations", "id"),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from("users", "enterprise_id")
                        .to("enterprises", "id"),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "idx_users_organisation",
            "users",
            &["organisation_id"],
        ))
        .await?;

        // 分配: which certification body / support unit works with which enterprise. The
        // Selection issue will attach these to a campaign's participations.
        m.create_table(
            Table::create()
                .table("assignments")
                .col(big_pk_auto("id"))
                .col(big_integer("enterprise_id"))
                .col(big_integer("organisation_id"))
                .col(tz("created_at"))
                .foreign_key(
                    ForeignKey::create()
                        .from("assignments", "enterprise_id")
                        .to("enterprises", "id"),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from("assignments", "organisation_id")
                        .to("organisations", "id"),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            index(
                "idx_assignments_unique",
                "assignments",
                &["organisation_id", "enterprise_id"],
            )
            .unique()
            .to_owned(),
        )
        .await?;
        m.create_index(index(
            "idx_assignments_enterprise",
            "assignments",
            &["enterprise_id"],
        ))
        .await?;

        // Sessions and API tokens. Only a SHA-256 of the secret is stored, so a copy of the
        // database does not hand out live sessions.
        m.create_table(
            Table::create()
                .table("sessions")
                .col(big_pk_auto("id"))
                .col(string_len_uniq("token_hash", 64))
                .col(big_integer("user_id"))
                .col(string("kind"))
                .col(string_null("client_ip"))
                .col(tz("created_at"))
                .col(tz("last_seen_at"))
                .col(tz("expires_at"))
                .foreign_key(
                    ForeignKey::create()
                        .from("sessions", "user_id")
                        .to("users", "id"),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(index("idx_sessions_user", "sessions", &["user_id"]))
            .await?;

        // The audit log: append-only, hash-chained. Ids are assigned by the writer (the
        // chain head + 1), so a deleted row leaves a visible gap.
        m.create_table(
            Table::create()
                .table("audit_log")
                .col(big_integer("id").primary_key())
                .col(tz("at"))
                .col(big_integer_null("user_id"))
                .col(string_null("username"))
                .col(string_null("role"))
                .col(big_integer_null("organisation_id"))
                .col(string_null("client_ip"))
                .col(string("action"))
                .col(string("object"))
                .col(text("summary"))
                .col(string_len("prev_hash", 64))
                .col(string_len("hash", 64))
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "idx_audit_log_action",
            "audit_log",
            &["action", "id"],
        ))
        .await?;

        // One row: the end of the chain. Every writing transaction updates it first, which
        // takes a row lock on PostgreSQL and the write lock on SQLite, so chain appends
        // never interleave, even across instances.
        m.create_table(
            Table::create()
                .table("audit_head")
                .col(integer("id").primary_key())
                .col(big_integer("last_id"))
                .col(string_len("last_hash", 64))
                .to_owned(),
        )
        .await?;
        m.exec_stmt(
            Query::insert()
                .into_table("audit_head")
                .columns(["id", "last_id", "last_hash"])
                .values_panic([1.into(), 0i64.into(), GENESIS_HASH.into()])
                .to_owned(),
        )
        .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            "audit_head",
            "audit_log",
            "sessions",
            "assignments",
            "users",
            "enterprises",
            "organisations",
        ] {
            m.drop_table(Table::drop().table(table).to_owned()).await?;
        }
        Ok(())
    }
}
