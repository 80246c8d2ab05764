//! Schema migrations, written once in Rust and rendered per backend by sea-query (the
//! lldap habit), so SQLite and PostgreSQL never drift apart.

use sea_orm_migration::prelude::*;

mod m0001_foundation;
mod m0002_directory;
mod m0003_code_collation;
mod m0004_audit_append_only;
mod m0005_accounts_and_jobs;
mod m0007_campaigns;
mod m0008_identity;

pub struct Migrator;

/// A timestamp column (with time zone on PostgreSQL).
fn tz(name: &'static str) -> ColumnDef {
    sea_orm_migration::schema::timestamp_with_time_zone(name)
}

/// A plain index over `cols` of `table`.
fn index(name: &'static str, table: &'static str, cols: &[&'static str]) -> IndexCreateStatement {
    let mut idx = Index::create();
    idx.name(name).table(table);
    for c in cols {
        idx.col(*c);
    }
    idx.to_owned()
}

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m0001_foundation::Migration),
            Box::new(m0002_directory::Migration),
            Box::new(m0003_code_collation::Migration),
            Box::new(m0004_audit_append_only::Migration),
            Box::new(m0005_accounts_and_jobs::Migration),
            Box::new(m0007_campaigns::Migration),
            Box::new(m0008_identity::Migration),
        ]
    }
}
