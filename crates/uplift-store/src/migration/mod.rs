//! Schema migrations, written once in Rust and rendered per backend by sea-query (the
//! lldap habit), so SQLite and PostgreSQL never drift apart.

use sea_orm_migration::prelude::*;

mod m0001_foundation;
mod m0002_directory;

pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m0001_foundation::Migration),
            Box::new(m0002_directory::Migration),
        ]
    }
}
