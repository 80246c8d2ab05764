//! Organisations of the programme: regulators, certification bodies, support units,
//! expert groups. Managed by the system administrator.

use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, QueryOrder, Set};

use crate::audit::WriteTx;
use crate::entity::{assignment, organisation};
use crate::{Refusal, Store, StoreError, StoreResult, now};
use uplift_domain::division::DivisionCode;
use uplift_domain::role::OrganisationKind;

#[derive(Debug, Clone)]
pub struct NewOrganisation {
    pub kind: OrganisationKind,
    pub name: String,
    pub name_en: Option<String>,
    pub division_code: Option<DivisionCode>,
}

pub async fn create(tx: &mut WriteTx, new: NewOrganisation) -> StoreResult<organisation::Model> {
    let name = new.name.trim().to_string();
    if name.is_empty() {
        return Err(Refusal::OrganisationNameRequired.into());
    }
    // A regulator without a jurisdiction would give its users an empty scope: refuse it.
    if matches!(
        new.kind,
        OrganisationKind::ProvinceRegulator | OrganisationKind::CityRegulator
    ) && new.division_code.is_none()
    {
        return Err(Refusal::OrganisationDivisionRequired.into());
    }
    let model = organisation::ActiveModel {
        kind: Set(new.kind.key().to_string()),
        name: Set(name),
        name_en: Set(new.name_en.filter(|s| !s.trim().is_empty())),
        division_code: Set(new.division_code.map(|d| d.as_str().to_string())),
        created_at: Set(now()),
        ..Default::default()
    }
    .insert(tx.conn())
    .await?;
    tx.audit(
        "organisation.create",
        &format!("organisation:{}", model.id),
        &format!(
            "created {} {} ({})",
            model.kind,
            model.name,
            model.division_code.as_deref().unwrap_or("-")
        ),
    )
    .await?;
    Ok(model)
}

pub async fn list(store: &Store) -> StoreResult<Vec<organisation::Model>> {
    Ok(organisation::Entity::find()
        .order_by_asc(organisation::Column::Id)
        .all(store.db())
        .await?)
}

pub async fn get(store: &Store, id: i64) -> StoreResult<organisation::Model> {
    organisation::Entity::find_by_id(id)
        .one(store.db())
        .await?
        .ok_or(StoreError::NotFound)
}

pub async fn find_by_name(store: &Store, name: &str) -> StoreResult<Option<organisation::Model>> {
    Ok(organisation::Entity::find()
        .filter(organisation::Column::Name.eq(name))
        .one(store.db())
        .await?)
}

/// 分配: assign an enterprise to a certification body or support unit. Idempotent.
pub async fn assign(tx: &mut WriteTx, organisation_id: i64, enterprise_id: i64) -> StoreResult<()> {
    let existing = assignment::Entity::find()
        .filter(assignment::Column::OrganisationId.eq(organisation_id))
        .filter(assignment::Column::EnterpriseId.eq(enterprise_id))
        .one(tx.conn())
        .await?;
    if existing.is_some() {
        return Ok(());
    }
    let org = organisation::Entity::find_by_id(organisation_id)
        .one(tx.conn())
        .await?
        .ok_or(StoreError::NotFound)?;
    if !matches!(
        OrganisationKind::from_key(&org.kind),
        Some(OrganisationKind::CertificationBody | OrganisationKind::SupportUnit)
    ) {
        return Err(Refusal::AssignmentNotABody.into());
    }
    assignment::ActiveModel {
        enterprise_id: Set(enterprise_id),
        organisation_id: Set(organisation_id),
        created_at: Set(now()),
        ..Default::default()
    }
    .insert(tx.conn())
    .await?;
    tx.audit(
        "assignment.create",
        &format!("enterprise:{enterprise_id}"),
        &format!("assigned to organisation {organisation_id} ({})", org.name),
    )
    .await
}
