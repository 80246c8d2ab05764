//! Writing one enterprise (bulk loading goes through `import`).

use sea_orm::{ActiveModelTrait, Set};
use uplift_domain::directory::DirectoryRow;
use uplift_domain::money::Money;
use uplift_domain::sme::SmeFigures;

use super::Enterprise;
use crate::audit::WriteTx;
use crate::entity::enterprise;
use crate::screening::{Inputs, Screener};
use crate::{Refusal, StoreError, StoreResult, now};

/// A validated enterprise ready to be written: a directory row.
pub type NewEnterprise = DirectoryRow;

/// Insert one enterprise, screened. (Bulk loading goes through `import`.)
pub async fn insert(tx: &mut WriteTx, new: NewEnterprise) -> StoreResult<Enterprise> {
    let screener = Screener::load(tx.conn()).await?;
    insert_with(tx, new, &screener).await
}

pub async fn insert_with(
    tx: &mut WriteTx,
    new: NewEnterprise,
    screener: &Screener,
) -> StoreResult<Enterprise> {
    let screened = screener.stored(&Inputs {
        uscc: new.uscc.as_str(),
        name: &new.name,
        industry: new.industry,
        figures: SmeFigures {
            employees: new.employees,
            operating_revenue: new.operating_revenue,
            total_assets: new.total_assets,
        },
        main_revenue: new.main_revenue,
        operating_status: new.operating_status,
        contact_name: new.contact_name.as_deref(),
        contact_phone: new.contact_phone.as_deref(),
    });
    let prefecture = new
        .division
        .prefecture()
        .ok_or(Refusal::DivisionIsAProvince)?;
    let at = now();
    let model = enterprise::ActiveModel {
        uscc: Set(new.uscc.as_str().to_string()),
        name: Set(new.name.trim().to_string()),
        province_code: Set(new.division.province().as_str().to_string()),
        prefecture_code: Set(prefecture.as_str().to_string()),
        division_code: Set(new.division.as_str().to_string()),
        industry: Set(new.industry.key().to_string()),
        employees: Set(new.employees.and_then(|e| i64::try_from(e).ok())),
        operating_revenue: Set(new.operating_revenue.map(Money::yuan)),
        main_revenue: Set(new.main_revenue.map(Money::yuan)),
        total_assets: Set(new.total_assets.map(Money::yuan)),
        operating_status: Set(new.operating_status.key().to_string()),
        contact_name: Set(new.contact_name),
        contact_phone: Set(new.contact_phone),
        size_class: Set(screened.size_class),
        eligible: Set(Some(screened.eligible)),
        failed_rules: Set(Some(screened.failed_rules)),
        screened_at: Set(Some(at)),
        created_at: Set(at),
        updated_at: Set(at),
        ..Default::default()
    }
    .insert(tx.conn())
    .await
    .map_err(|e| StoreError::unique_as(e, Refusal::UsccTaken))?;
    tx.audit(
        "enterprise.create",
        &format!("enterprise:{}", model.uscc),
        &format!("created {} in {}", model.name, model.division_code),
    )
    .await?;
    Ok(model.into())
}
