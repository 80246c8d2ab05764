//! Credit codes and division codes compare byte by byte on PostgreSQL.
//!
//! They are ASCII codes, so the language-aware collation of a database created as
//! `C.UTF-8` or `zh_CN.UTF-8` only makes every comparison a `strcoll` call: rebuilding the
//! two directory indexes after a province's first load sorted a million codes that way
//! (2.4 s and 2.2 s; 1.4 s and 1.7 s with `COLLATE "C"`, BENCHMARKS.md). SQLite compares
//! bytes already.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// The code columns of `enterprises` with their types.
const CODES: [(&str, &str); 4] = [
    ("uscc", "varchar(18)"),
    ("province_code", "varchar(6)"),
    ("prefecture_code", "varchar(6)"),
    ("division_code", "varchar(6)"),
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        collate(m, r#" COLLATE "C""#).await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        collate(m, r#" COLLATE "default""#).await
    }
}

async fn collate(m: &SchemaManager<'_>, collation: &str) -> Result<(), DbErr> {
    if m.get_database_backend() != sea_orm::DbBackend::Postgres {
        return Ok(());
    }
    let columns: Vec<String> = CODES
        .iter()
        .map(|(column, ty)| format!("ALTER COLUMN {column} TYPE {ty}{collation}"))
        .collect();
    m.get_connection()
        .execute_unprepared(&format!("ALTER TABLE enterprises {}", columns.join(", ")))
        .await?;
    Ok(())
}
