//! Account management (the system administrator's work and `uplift user …`).

use sea_orm::{
    ActiveModelTrait, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, Set,
};

use crate::accounts::hash_blocking;
use crate::audit::WriteTx;
use crate::entity::{enterprise, organisation, user};
use crate::sessions::delete_for_user;
use crate::{Page, PageRequest, Refusal, Store, StoreError, StoreResult, now};
use uplift_domain::password::{self, PasswordContext};
use uplift_domain::role::Role;

#[derive(Debug, Clone)]
pub struct NewUser {
    pub username: String,
    pub display_name: String,
    pub password: String,
    pub role: Role,
    pub organisation_id: Option<i64>,
    pub enterprise_id: Option<i64>,
    /// The password was chosen by someone other than the account's owner (an
    /// administrator, the operator): the owner must change it at the first login.
    pub set_by_other: bool,
}

/// Usernames: 3–64 characters of letters, digits, `-`, `_`, `.` (they appear in URLs,
/// logs and audit rows).
pub fn valid_username(name: &str) -> bool {
    (3..=64).contains(&name.len())
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
}

/// Check the account's shape: the role's organisation kind, the enterprise link.
async fn check_links(tx: &WriteTx, new: &NewUser) -> StoreResult<()> {
    match new.role.organisation_kind() {
        Some(kind) => {
            let org_id = new.organisation_id.ok_or(Refusal::OrganisationRequired)?;
            let org = organisation::Entity::find_by_id(org_id)
                .one(tx.conn())
                .await?
                .ok_or(Refusal::OrganisationUnknown)?;
            if org.kind != kind.key() {
                return Err(Refusal::OrganisationKindMismatch.into());
            }
        }
        None => {
            let ent_id = new.enterprise_id.ok_or(Refusal::EnterpriseRequired)?;
            enterprise::Entity::find_by_id(ent_id)
                .one(tx.conn())
                .await?
                .ok_or(Refusal::EnterpriseUnknown)?;
        }
    }
    Ok(())
}

/// Create an account. The password must satisfy [`password::check_without_context`].
pub async fn create(tx: &mut WriteTx, new: NewUser) -> StoreResult<user::Model> {
    password::check(
        &new.password,
        &PasswordContext {
            username: &new.username,
            display_name: &new.display_name,
        },
    )
    .map_err(Refusal::Password)?;
    let hash = hash_blocking(new.password.clone()).await?;
    create_with_hash(tx, new, hash).await
}

/// Create an account from an already computed hash (the demo loader hashes a shared demo
/// password once instead of once per account).
pub async fn create_with_hash(
    tx: &mut WriteTx,
    new: NewUser,
    password_hash: String,
) -> StoreResult<user::Model> {
    let username = new.username.trim().to_string();
    if !valid_username(&username) {
        return Err(Refusal::UsernameInvalid.into());
    }
    check_links(tx, &new).await?;
    let at = now();
    let model = user::ActiveModel {
        username: Set(username.clone()),
        display_name: Set(if new.display_name.trim().is_empty() {
            username.clone()
        } else {
            new.display_name.trim().to_string()
        }),
        password_hash: Set(password_hash),
        role: Set(new.role.key().to_string()),
        organisation_id: Set(if new.role.organisation_kind().is_some() {
            new.organisation_id
        } else {
            None
        }),
        enterprise_id: Set(if new.role == Role::Enterprise {
            new.enterprise_id
        } else {
            None
        }),
        disabled: Set(false),
        failed_logins: Set(0),
        locked_until: Set(None),
        password_changed_at: Set(at),
        must_change_password: Set(new.set_by_other),
        created_at: Set(at),
        ..Default::default()
    }
    .insert(tx.conn())
    .await
    .map_err(|e| StoreError::unique_as(e, Refusal::UsernameTaken))?;
    tx.audit(
        "user.create",
        &format!("user:{}", model.id),
        &format!("created {} as {}", model.username, model.role),
    )
    .await?;
    Ok(model)
}

pub async fn find_by_username(store: &Store, username: &str) -> StoreResult<Option<user::Model>> {
    Ok(user::Entity::find()
        .filter(user::Column::Username.eq(username.trim()))
        .one(store.db())
        .await?)
}

pub async fn get(store: &Store, id: i64) -> StoreResult<user::Model> {
    user::Entity::find_by_id(id)
        .one(store.db())
        .await?
        .ok_or(StoreError::NotFound)
}

/// The password rule for this account: common passwords and its own names refused, and
/// none of its last five passwords again (the current one and the four before it).
async fn check_for(account: &user::Model, password: &str) -> StoreResult<()> {
    password::check(
        password,
        &PasswordContext {
            username: &account.username,
            display_name: &account.display_name,
        },
    )
    .map_err(Refusal::Password)?;
    let recent: Vec<String> = std::iter::once(account.password_hash.clone())
        .chain(history(account))
        .take(password::HISTORY_DEPTH)
        .collect();
    let candidate = password.to_string();
    // Argon2 is slow on purpose: five verifications on a blocking thread.
    let reused = tokio::task::spawn_blocking(move || {
        password::check_not_reused(
            &candidate,
            recent
                .iter()
                .map(|hash| move |pw: &str| crate::accounts::verify_password(pw, hash)),
        )
    })
    .await
    .map_err(|e| StoreError::Internal(format!("password history: {e}")))?;
    reused.map_err(|e| Refusal::Password(e).into())
}

/// The account's earlier password hashes, newest first.
fn history(account: &user::Model) -> Vec<String> {
    account
        .password_history
        .as_deref()
        .and_then(|h| serde_json::from_str(h).ok())
        .unwrap_or_default()
}

/// The history after a change: the replaced hash in front, at most the rule's depth.
fn pushed(account: &user::Model) -> String {
    let mut hashes = vec![account.password_hash.clone()];
    hashes.extend(history(account));
    hashes.truncate(password::HISTORY_DEPTH);
    serde_json::to_string(&hashes).unwrap_or_default()
}

pub async fn get_in(tx: &WriteTx, id: i64) -> StoreResult<user::Model> {
    load_in(tx, id).await
}

async fn load_in(tx: &WriteTx, id: i64) -> StoreResult<user::Model> {
    user::Entity::find_by_id(id)
        .one(tx.conn())
        .await?
        .ok_or(StoreError::NotFound)
}

/// Disable or re-enable an account. Disabling ends its sessions at once.
pub async fn set_disabled(tx: &mut WriteTx, id: i64, disabled: bool) -> StoreResult<()> {
    let account = load_in(tx, id).await?;
    let was = account.disabled;
    let mut active: user::ActiveModel = account.into();
    active.disabled = Set(disabled);
    active.update(tx.conn()).await?;
    if disabled {
        delete_for_user(tx.conn(), id).await?;
    }
    tx.audit(
        if disabled {
            "user.disable"
        } else {
            "user.enable"
        },
        &format!("user:{id}"),
        &format!("disabled: {was} -> {disabled}"),
    )
    .await
}

/// Set a new password chosen by someone else (an administrator or the operator): lifts
/// a lockout, ends the account's sessions, and makes the owner change it at the next
/// login.
pub async fn reset_password(tx: &mut WriteTx, id: i64, new_password: &str) -> StoreResult<()> {
    let account = load_in(tx, id).await?;
    check_for(&account, new_password).await?;
    let hash = hash_blocking(new_password.to_string()).await?;
    let history = pushed(&account);
    let mut active: user::ActiveModel = account.into();
    active.password_history = Set(Some(history));
    active.password_hash = Set(hash);
    active.failed_logins = Set(0);
    active.locked_until = Set(None);
    active.password_changed_at = Set(now());
    active.must_change_password = Set(true);
    active.update(tx.conn()).await?;
    delete_for_user(tx.conn(), id).await?;
    tx.audit(
        "user.reset_password",
        &format!("user:{id}"),
        "password reset; lockout cleared; sessions ended; change required at next login",
    )
    .await
}

/// The owner changes their own password, proving the current one. Other sessions of the
/// account end; the one in use stays.
pub async fn change_own_password(
    tx: &mut WriteTx,
    id: i64,
    current: &str,
    new_password: &str,
    keep_session: Option<&str>,
) -> StoreResult<()> {
    let account = load_in(tx, id).await?;
    if !crate::accounts::verify_blocking(current.to_string(), Some(account.password_hash.clone()))
        .await
    {
        return Err(Refusal::WrongCurrentPassword.into());
    }
    check_for(&account, new_password).await?;
    let hash = hash_blocking(new_password.to_string()).await?;
    let history = pushed(&account);
    let mut active: user::ActiveModel = account.into();
    active.password_history = Set(Some(history));
    active.password_hash = Set(hash);
    active.password_changed_at = Set(now());
    active.must_change_password = Set(false);
    active.update(tx.conn()).await?;
    crate::sessions::delete_others(tx.conn(), id, keep_session).await?;
    tx.audit(
        "user.change_password",
        &format!("user:{id}"),
        "password changed by its owner; other sessions ended",
    )
    .await
}

/// Give the accounts whose names pass `which` one password hash (the demo's shared
/// password), lifting any lockout. No change is required afterwards: the operator set it
/// for trying the platform. Returns how many accounts changed.
pub async fn set_password_hash_where(
    tx: &mut WriteTx,
    which: impl Fn(&str) -> bool,
    hash: &str,
) -> StoreResult<u64> {
    let accounts = user::Entity::find().all(tx.conn()).await?;
    let mut changed = 0;
    for account in accounts.into_iter().filter(|a| which(&a.username)) {
        let mut active: user::ActiveModel = account.into();
        active.password_hash = Set(hash.to_string());
        active.failed_logins = Set(0);
        active.locked_until = Set(None);
        active.must_change_password = Set(false);
        active.password_changed_at = Set(now());
        active.update(tx.conn()).await?;
        changed += 1;
    }
    Ok(changed)
}

/// Lift a lockout without touching the password.
pub async fn unlock(tx: &mut WriteTx, id: i64) -> StoreResult<()> {
    let account = load_in(tx, id).await?;
    let before = format!("failed_logins {}", account.failed_logins);
    let mut active: user::ActiveModel = account.into();
    active.failed_logins = Set(0);
    active.locked_until = Set(None);
    active.update(tx.conn()).await?;
    tx.audit(
        "user.unlock",
        &format!("user:{id}"),
        &format!("{before} -> 0; lock lifted"),
    )
    .await
}

#[derive(Debug, Clone, Default)]
pub struct UserFilter {
    pub role: Option<Role>,
    pub q: Option<String>,
}

pub async fn list(
    store: &Store,
    filter: &UserFilter,
    page: PageRequest,
) -> StoreResult<Page<user::Model>> {
    let mut query = user::Entity::find();
    if let Some(role) = filter.role {
        query = query.filter(user::Column::Role.eq(role.key()));
    }
    if let Some(q) = filter.q.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        query = query.filter(
            sea_orm::Condition::any()
                .add(user::Column::Username.contains(q))
                .add(user::Column::DisplayName.contains(q)),
        );
    }
    let total = query.clone().count(store.db()).await?;
    let items = query
        .order_by_asc(user::Column::Id)
        .paginate(store.db(), page.per_page)
        .fetch_page(page.page - 1)
        .await?;
    Ok(Page {
        items,
        page: page.page,
        per_page: page.per_page,
        total,
    })
}

pub async fn count(store: &Store) -> StoreResult<u64> {
    Ok(user::Entity::find().count(store.db()).await?)
}
