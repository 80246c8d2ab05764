//! Reading `enterprises` rows on SQLite through the fast reader (`sqlite_read`).

use sea_orm::EntityTrait;

use crate::entity::enterprise;
use crate::{Store, StoreError, StoreResult};

/// The enterprises a built SELECT returns: on SQLite through the fast reader, on a
/// blocking thread (a filtered, sorted page may take a while); otherwise through SeaORM.
pub(super) async fn rows(
    store: &Store,
    statement: sea_orm::Statement,
) -> StoreResult<Vec<enterprise::Model>> {
    if let Some(reader) = store.reader.clone() {
        return tokio::task::spawn_blocking(move || reader.query(&statement, decode))
            .await
            .map_err(|e| StoreError::Internal(format!("read task: {e}")))?;
    }
    Ok(enterprise::Entity::find()
        .from_raw_sql(statement)
        .all(store.db())
        .await?)
}

/// Decodes `enterprises` rows from the fast reader, columns found once per query.
fn decode(
    columns: &crate::sqlite_read::Columns,
) -> rusqlite::Result<impl FnMut(&rusqlite::Row<'_>) -> rusqlite::Result<enterprise::Model> + use<>>
{
    use crate::sqlite_read::{timestamp, timestamp_required};
    let at = |name: &str| columns.at(name);
    let (id, uscc, name, province, prefecture, division, industry) = (
        at("id")?,
        at("uscc")?,
        at("name")?,
        at("province_code")?,
        at("prefecture_code")?,
        at("division_code")?,
        at("industry")?,
    );
    let (employees, operating_revenue, main_revenue, total_assets, status) = (
        at("employees")?,
        at("operating_revenue")?,
        at("main_revenue")?,
        at("total_assets")?,
        at("operating_status")?,
    );
    let (contact_name, contact_phone, size_class, eligible, failed_rules) = (
        at("contact_name")?,
        at("contact_phone")?,
        at("size_class")?,
        at("eligible")?,
        at("failed_rules")?,
    );
    let (screened_at, created_at, updated_at) =
        (at("screened_at")?, at("created_at")?, at("updated_at")?);
    Ok(move |row: &rusqlite::Row<'_>| {
        Ok(enterprise::Model {
            id: row.get(id)?,
            uscc: row.get(uscc)?,
            name: row.get(name)?,
            province_code: row.get(province)?,
            prefecture_code: row.get(prefecture)?,
            division_code: row.get(division)?,
            industry: row.get(industry)?,
            employees: row.get(employees)?,
            operating_revenue: row.get(operating_revenue)?,
            main_revenue: row.get(main_revenue)?,
            total_assets: row.get(total_assets)?,
            operating_status: row.get(status)?,
            contact_name: row.get(contact_name)?,
            contact_phone: row.get(contact_phone)?,
            size_class: row.get(size_class)?,
            eligible: row.get(eligible)?,
            failed_rules: row.get(failed_rules)?,
            screened_at: timestamp(row, screened_at)?,
            created_at: timestamp_required(row, created_at)?,
            updated_at: timestamp_required(row, updated_at)?,
        })
    })
}
