//! The enterprise directory's indexes and keys, and how a bulk load into an empty
//! directory takes them down and puts them back.
//!
//! Sorting once is far cheaper than inserting a million random credit codes into a live
//! B-tree, so a bulk load drops the directory's indexes and builds them at the end. On
//! PostgreSQL it also drops the primary key and the foreign keys that point at it: keeping
//! `enterprises_pkey` live was about a fifth of the COPY's time (a million rows: 4.2–4.5 s
//! without it against 5.5–6.2 s with it), and building it afterwards takes 0.6 s beside
//! the other two builds (BENCHMARKS.md). Whatever a killed load leaves missing,
//! [`Store::ensure_indexes`] puts back, and every start runs it (`Store::migrate`).

use sea_orm::{ConnectionTrait, TransactionTrait};
use sea_orm_migration::prelude::{Index, IndexCreateStatement};

use crate::{Backend, Store, StoreResult};

/// The indexes of the enterprise directory a bulk load drops and rebuilds.
pub fn directory_indexes() -> Vec<IndexCreateStatement> {
    vec![
        Index::create()
            .name("idx_enterprises_uscc")
            .table("enterprises")
            .col("uscc")
            .unique()
            .if_not_exists()
            .to_owned(),
        Index::create()
            .name("idx_enterprises_prefecture")
            .table("enterprises")
            .col("prefecture_code")
            .col("id")
            .if_not_exists()
            .to_owned(),
    ]
}

pub const DIRECTORY_INDEX_NAMES: [&str; 2] = ["idx_enterprises_uscc", "idx_enterprises_prefecture"];

/// PostgreSQL: the primary key's constraint, and the unique index under it.
pub const PRIMARY_KEY: &str = "enterprises_pkey";

/// PostgreSQL: the foreign keys that point at `enterprises(id)`, as (table, constraint),
/// each on the table's `enterprise_id`. A test checks this list against the migrated
/// schema; a reference not listed here keeps the primary key up during a bulk load.
pub const ENTERPRISE_REFERENCES: [(&str, &str); 3] = [
    ("users", "users_enterprise_id_fkey"),
    ("assignments", "assignments_enterprise_id_fkey"),
    (
        "enterprise_history",
        "enterprise_history_enterprise_id_fkey",
    ),
];

/// The primary key's index as a build of its own, so that it is sorted beside the others.
pub(crate) fn primary_key_index() -> IndexCreateStatement {
    Index::create()
        .name(PRIMARY_KEY)
        .table("enterprises")
        .col("id")
        .unique()
        .if_not_exists()
        .to_owned()
}

/// Serialises restorations of the primary key (a server starting while a command-line
/// bulk load finishes would otherwise race it). Any fixed number: "UPLK".
const RESTORE_LOCK: i64 = 0x5550_4c4b;

impl Store {
    /// Create any directory index, and on PostgreSQL the primary key and the foreign keys
    /// pointing at it, that a killed bulk load left missing.
    pub async fn ensure_indexes(&self) -> StoreResult<()> {
        for stmt in directory_indexes() {
            self.db().execute(&stmt).await?;
        }
        if self.backend() == Backend::Postgres {
            self.ensure_keys_pg().await?;
        }
        Ok(())
    }

    /// PostgreSQL: put back the primary key (over its index, built here if missing) and
    /// the foreign keys, each only if it is missing.
    pub(crate) async fn ensure_keys_pg(&self) -> StoreResult<()> {
        let tx = self.db().begin().await?;
        tx.execute_unprepared(&format!("SELECT pg_advisory_xact_lock({RESTORE_LOCK})"))
            .await?;
        let present = constraint_names(&tx).await?;
        if !present.iter().any(|n| n == PRIMARY_KEY) {
            tx.execute(&primary_key_index()).await?;
            tx.execute_unprepared(&format!(
                "ALTER TABLE enterprises ADD CONSTRAINT {PRIMARY_KEY} \
                 PRIMARY KEY USING INDEX {PRIMARY_KEY}"
            ))
            .await?;
        }
        for (table, name) in ENTERPRISE_REFERENCES {
            if !present.iter().any(|n| n == name) {
                tx.execute_unprepared(&format!(
                    "ALTER TABLE {table} ADD CONSTRAINT {name} \
                     FOREIGN KEY (enterprise_id) REFERENCES enterprises (id)"
                ))
                .await?;
            }
        }
        tx.commit().await?;
        Ok(())
    }
}

/// PostgreSQL, inside a bulk load's first transaction: drop the foreign keys pointing at
/// the directory and its primary key, unless some other reference exists (then the key
/// stays and the load is merely slower). True when they were dropped.
pub(crate) async fn drop_keys_pg(conn: &impl ConnectionTrait) -> StoreResult<bool> {
    let known = ENTERPRISE_REFERENCES
        .iter()
        .map(|(_, name)| format!("'{name}'"))
        .collect::<Vec<_>>()
        .join(", ");
    let others = conn
        .query_one_raw(sea_orm::Statement::from_string(
            conn.get_database_backend(),
            format!(
                "SELECT count(*) AS n FROM pg_constraint \
                 WHERE confrelid = 'enterprises'::regclass AND conname NOT IN ({known})"
            ),
        ))
        .await?
        .map(|row| row.try_get::<i64>("", "n"))
        .transpose()?
        .unwrap_or(0);
    if others > 0 {
        return Ok(false);
    }
    for (table, name) in ENTERPRISE_REFERENCES {
        conn.execute_unprepared(&format!(
            "ALTER TABLE {table} DROP CONSTRAINT IF EXISTS {name}"
        ))
        .await?;
    }
    conn.execute_unprepared(&format!(
        "ALTER TABLE enterprises DROP CONSTRAINT IF EXISTS {PRIMARY_KEY}"
    ))
    .await?;
    Ok(true)
}

/// PostgreSQL: the names of the directory's primary key and of the constraints that
/// reference it, sorted.
pub async fn constraint_names(conn: &impl ConnectionTrait) -> StoreResult<Vec<String>> {
    let rows = conn
        .query_all_raw(sea_orm::Statement::from_string(
            conn.get_database_backend(),
            "SELECT conname::text AS name FROM pg_constraint \
             WHERE conrelid = 'enterprises'::regclass AND contype = 'p' \
                OR confrelid = 'enterprises'::regclass"
                .to_string(),
        ))
        .await?;
    let mut names = rows
        .iter()
        .map(|row| row.try_get::<String>("", "name"))
        .collect::<Result<Vec<_>, _>>()?;
    names.sort();
    Ok(names)
}
