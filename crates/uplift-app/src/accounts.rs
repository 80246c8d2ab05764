//! Accounts and organisations: the system administrator's work (separated duties).
//!
//! The system administrator manages the accounts of cities, bodies, support units,
//! experts and enterprise contacts ([`Role::manages_account_of`]). The accounts of the
//! province, the system administrator and the audit administrator are not there for it:
//! creating, changing, resetting or enabling one answers `NotFound`, as for anything
//! outside a user's reach. Those accounts are made and reset by the operator on the
//! server (`operator`).

use uplift_domain::permission::Permission;
use uplift_domain::role::Role;
use uplift_domain::uscc::Uscc;
use uplift_store::entity::{organisation, user};
use uplift_store::organisations;
use uplift_store::users::{self, NewUser, UserFilter};

pub use uplift_store::organisations::NewOrganisation;

use crate::{App, AppResult, CurrentUser, Error, Page, PageRequest, Refusal, require};

/// An account as the administrator's list shows it.
#[derive(Debug, Clone)]
pub struct Account {
    pub id: i64,
    pub username: String,
    pub display_name: String,
    pub role: Option<Role>,
    pub disabled: bool,
    pub locked: bool,
    /// May the viewing administrator act on it (separated duties)?
    pub manageable: bool,
}

/// An organisation as the administrator's list shows it.
pub type Organisation = organisation::Model;

/// An account to create, as the form gives it.
#[derive(Debug, Clone)]
pub struct NewAccount {
    pub username: String,
    pub display_name: String,
    pub password: String,
    pub role: Role,
    pub organisation_id: Option<i64>,
    /// For an enterprise contact: the enterprise's credit code.
    pub enterprise_uscc: Option<String>,
}

/// What an administrator does to an account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AccountAction {
    Disable,
    Enable,
    Unlock,
    ResetPassword(String),
    /// End every session and API token of the account.
    EndSessions,
}

fn account(viewer: &CurrentUser, u: user::Model) -> Account {
    let role = Role::from_key(&u.role);
    Account {
        manageable: role.is_some_and(|r| viewer.role().manages_account_of(r)),
        locked: uplift_store::accounts::is_locked(&u, crate::now()),
        id: u.id,
        username: u.username,
        display_name: u.display_name,
        role,
        disabled: u.disabled,
    }
}

pub async fn list(
    app: &App,
    viewer: &CurrentUser,
    q: Option<String>,
    page: PageRequest,
) -> AppResult<Page<Account>> {
    require(viewer, Permission::ManageAccounts)?;
    let found = users::list(app.store(), &UserFilter { role: None, q }, page).await?;
    Ok(Page {
        items: found
            .items
            .into_iter()
            .map(|u| account(viewer, u))
            .collect(),
        page: found.page,
        per_page: found.per_page,
        total: found.total,
    })
}

/// The roles this administrator may create accounts for, in the order of the form.
pub fn creatable_roles(viewer: &CurrentUser) -> Vec<Role> {
    Role::ALL
        .into_iter()
        .filter(|r| viewer.role().manages_account_of(*r))
        .collect()
}

/// Create an account. The password is the administrator's choice, so its owner must
/// change it at the first login.
pub async fn create(app: &App, viewer: &CurrentUser, new: NewAccount) -> AppResult<i64> {
    require(viewer, Permission::ManageAccounts)?;
    if !viewer.role().manages_account_of(new.role) {
        return Err(Error::NotFound);
    }
    let enterprise_id = match (new.role, new.enterprise_uscc.as_deref()) {
        (Role::Enterprise, Some(code)) => {
            let parsed = Uscc::parse(code).map_err(Refusal::Uscc)?;
            Some(
                uplift_store::enterprises::id_for_account_link(app.store(), &parsed.uscc)
                    .await?
                    .ok_or(Refusal::EnterpriseUnknown)?,
            )
        }
        (Role::Enterprise, None) => return Err(Refusal::EnterpriseRequired.into()),
        _ => None,
    };
    let mut tx = app.store().write(&viewer.actor()).await?;
    let created = users::create(
        &mut tx,
        NewUser {
            username: new.username,
            display_name: new.display_name,
            password: new.password,
            role: new.role,
            organisation_id: new.organisation_id,
            enterprise_id,
            set_by_other: true,
        },
    )
    .await?;
    tx.commit().await?;
    Ok(created.id)
}

/// Disable, enable, unlock or reset an account the administrator may manage.
pub async fn act(
    app: &App,
    viewer: &CurrentUser,
    target: i64,
    action: AccountAction,
) -> AppResult<()> {
    require(viewer, Permission::ManageAccounts)?;
    let mut tx = app.store().write(&viewer.actor()).await?;
    let account = users::get_in(&tx, target).await?;
    let manageable =
        Role::from_key(&account.role).is_some_and(|r| viewer.role().manages_account_of(r));
    if !manageable {
        return Err(Error::NotFound);
    }
    match action {
        AccountAction::Disable if target == viewer.user_id() => {
            return Err(Refusal::CannotDisableSelf.into());
        }
        AccountAction::Disable => users::set_disabled(&mut tx, target, true).await?,
        AccountAction::Enable => users::set_disabled(&mut tx, target, false).await?,
        AccountAction::Unlock => users::unlock(&mut tx, target).await?,
        AccountAction::ResetPassword(password) => {
            users::reset_password(&mut tx, target, &password).await?
        }
        AccountAction::EndSessions => {
            uplift_store::sessions::end_all(&mut tx, target).await?;
        }
    }
    tx.commit().await?;
    Ok(())
}

pub async fn organisations(app: &App, viewer: &CurrentUser) -> AppResult<Vec<Organisation>> {
    require(viewer, Permission::ManageOrganisations)?;
    Ok(organisations::list(app.store()).await?)
}

pub async fn create_organisation(
    app: &App,
    viewer: &CurrentUser,
    new: NewOrganisation,
) -> AppResult<i64> {
    require(viewer, Permission::ManageOrganisations)?;
    let mut tx = app.store().write(&viewer.actor()).await?;
    let created = organisations::create(&mut tx, new).await?;
    tx.commit().await?;
    Ok(created.id)
}
