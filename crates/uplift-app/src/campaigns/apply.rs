//! 企业申报: an enterprise that heard of the programme applies on its own, without an
//! account, through the public form. The application is screened at once against the open
//! campaign's rules, gets a reference number, and lands with its city, which adopts it as
//! a recommendation or declines it with a reason. The applicant follows it with the
//! reference number and its credit code together; nothing about any other enterprise can
//! be learned from the form.

use chrono::Duration;
use rand::Rng;
use uplift_domain::directory::{Column, ColumnMap, DirectoryRow, parse_row};
use uplift_domain::permission::Permission;
use uplift_domain::workflow::{self, Action, Consent, Facts, ParticipationState, Party};
use uplift_store::applications::{self as stored, ADOPTED, Application, DECLINED, PENDING};
use uplift_store::audit::Actor;
use uplift_store::entity::{application, participation};
use uplift_store::participations::{self as parts, NewEvent};
use uplift_store::screening::{Inputs, Screener};
use uplift_store::sea_orm::Set;
use uplift_store::{campaigns, throttle};

use super::{Participation, city_of, counts, facts, record, text, transition, visible};
use crate::{App, AppResult, CurrentUser, Error, Refusal, require};

/// Applications a client address may send per hour (a real enterprise sends one; a
/// script filling the cities' desks with noise is stopped early).
const APPLICATIONS_PER_HOUR: u64 = 5;
/// Status checks a client address may make per hour (guessing reference numbers is
/// slowed to a crawl).
const STATUS_CHECKS_PER_HOUR: u64 = 30;

/// The public form, as typed. Figures in 万元, as on every form of the programme.
#[derive(Debug, Clone, Default)]
pub struct ApplicationForm {
    pub uscc: String,
    pub name: String,
    pub division_code: String,
    pub industry: String,
    pub employees: String,
    pub operating_revenue_wan: String,
    pub main_revenue_wan: String,
    pub total_assets_wan: String,
    pub contact_name: String,
    pub contact_phone: String,
    pub motivation: String,
}

/// What an applicant may learn with its reference number and credit code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApplicationStatus {
    pub reference: String,
    pub name: String,
    /// `pending`, `adopted` or `declined`.
    pub status: String,
    pub reason: Option<String>,
}

/// The form's fields as a directory row, checked by the importer's own rules (credit
/// code, division, industry, figures, phone): one set of rules for every way in.
fn row(form: &ApplicationForm) -> AppResult<DirectoryRow> {
    let header: Vec<&str> = Column::ALL.iter().map(|c| c.header_zh()).collect();
    let map = ColumnMap::from_header(&header).map_err(|_| Error::internal("directory header"))?;
    let cell = |c: Column| -> String {
        match c {
            Column::Uscc => form.uscc.clone(),
            Column::Name => form.name.clone(),
            Column::Division => form.division_code.clone(),
            Column::Industry => form.industry.clone(),
            Column::Employees => form.employees.clone(),
            Column::OperatingRevenue => form.operating_revenue_wan.clone(),
            Column::MainRevenue => form.main_revenue_wan.clone(),
            Column::TotalAssets => form.total_assets_wan.clone(),
            // An applicant is operating: a dissolved firm does not apply.
            Column::OperatingStatus => "存续".to_string(),
            Column::ContactName => form.contact_name.clone(),
            Column::ContactPhone => form.contact_phone.clone(),
        }
    };
    let cells: Vec<String> = Column::ALL.iter().map(|c| cell(*c)).collect();
    parse_row(&map, &cells).map_err(|errors| Error::Refused(Refusal::Form(errors)))
}

fn reference() -> String {
    // No 0/O or 1/I: read aloud over the phone to a city official.
    const ALPHABET: &[u8] = b"23456789ABCDEFGHJKLMNPQRSTUVWXYZ";
    let mut rng = rand::rng();
    let tail: String = (0..10)
        .map(|_| char::from(ALPHABET[rng.random_range(0..ALPHABET.len())]))
        .collect();
    format!("SQ{tail}")
}

/// Apply through the public form. `client` is the caller's address (for throttling and
/// the audit row). Returns the reference number.
pub async fn apply(app: &App, form: &ApplicationForm, client: Option<String>) -> AppResult<String> {
    let subject = client.clone().unwrap_or_default();
    if !throttle::admit(
        app.store(),
        "apply",
        &subject,
        APPLICATIONS_PER_HOUR,
        Duration::hours(1),
    )
    .await?
    {
        return Err(Refusal::Throttled.into());
    }
    let row = row(form)?;
    let motivation = text(&Some(form.motivation.clone()), 2000).ok_or(Refusal::FieldRequired)?;
    if row.contact_name.is_none() || row.contact_phone.is_none() {
        return Err(Refusal::FieldRequired.into());
    }
    let city = row.prefecture().ok_or(Refusal::DivisionIsAProvince)?;
    let province = row.division.province();
    // The open campaign of the enterprise's province; none open is the workflow's refusal.
    let campaign = campaigns::open_in(app.store().db(), province.as_str()).await?;
    let status = campaign.as_ref().map(|c| c.status()).unwrap_or_default();
    workflow::transition(
        None,
        Action::Apply,
        Party::Public,
        &Facts {
            campaign: status,
            ..Facts::default()
        },
    )
    .map_err(Refusal::Workflow)?;
    let campaign = campaign.ok_or(Error::NotFound)?;
    // Screened at once, by the campaign's rules.
    let screener = Screener::load(app.store().db()).await?;
    let screened = screener.stored(&Inputs {
        uscc: row.uscc.as_str(),
        name: &row.name,
        industry: row.industry,
        figures: row.sme_figures(),
        main_revenue: row.main_revenue,
        operating_status: row.operating_status,
        contact_name: row.contact_name.as_deref(),
        contact_phone: row.contact_phone.as_deref(),
    });
    let failed: Vec<&str> = screened
        .failed_rules
        .split(',')
        .filter(|k| !k.is_empty())
        .collect();
    let reference = reference();
    let actor = Actor {
        username: Some("public".into()),
        client_ip: client.clone(),
        ..Actor::default()
    };
    let mut tx = app.store().write(&actor).await?;
    let a = stored::insert(
        &tx,
        application::ActiveModel {
            campaign_id: Set(campaign.id),
            reference: Set(reference.clone()),
            uscc: Set(row.uscc.as_str().to_string()),
            name: Set(row.name.clone()),
            division_code: Set(row.division.as_str().to_string()),
            city_code: Set(city.as_str().to_string()),
            industry: Set(row.industry.key().to_string()),
            employees: Set(row.employees.and_then(|e| i64::try_from(e).ok())),
            operating_revenue: Set(row.operating_revenue.map(|m| m.yuan())),
            main_revenue: Set(row.main_revenue.map(|m| m.yuan())),
            total_assets: Set(row.total_assets.map(|m| m.yuan())),
            contact_name: Set(row.contact_name.clone().unwrap_or_default()),
            contact_phone: Set(row.contact_phone.clone().unwrap_or_default()),
            motivation: Set(motivation),
            eligible: Set(screened.eligible),
            failed_rules: Set(serde_json::to_string(&failed).map_err(Error::internal)?),
            status: Set(PENDING.into()),
            decision_reason: Set(None),
            client_ip: Set(client),
            created_at: Set(crate::now()),
            decided_at: Set(None),
            ..Default::default()
        },
    )
    .await?;
    parts::record(
        &tx,
        NewEvent {
            campaign_id: campaign.id,
            application_id: Some(a.id),
            action: Action::Apply.key().to_string(),
            to_state: Some(ParticipationState::Applied),
            ..NewEvent::default()
        },
    )
    .await?;
    tx.audit(
        "application.create",
        &format!("application:{}", a.id),
        &format!(
            "{} applied to campaign {} ({})",
            a.uscc, campaign.id, a.city_code
        ),
    )
    .await?;
    tx.commit().await?;
    Ok(reference)
}

/// The applicant's view of its application: the reference number and the credit code
/// must both match; otherwise nothing (`NotFound`), whatever exists.
pub async fn status(
    app: &App,
    reference: &str,
    uscc: &str,
    client: Option<String>,
) -> AppResult<ApplicationStatus> {
    if !throttle::admit(
        app.store(),
        "apply.status",
        &client.unwrap_or_default(),
        STATUS_CHECKS_PER_HOUR,
        Duration::hours(1),
    )
    .await?
    {
        return Err(Refusal::Throttled.into());
    }
    let a = stored::by_reference(
        app.store().db(),
        reference.trim().to_ascii_uppercase().as_str(),
        uscc.trim().to_ascii_uppercase().as_str(),
    )
    .await?
    .ok_or(Error::NotFound)?;
    Ok(ApplicationStatus {
        reference: a.reference,
        name: a.name,
        status: a.status,
        reason: a.decision_reason,
    })
}

/// The applications that landed with the city (pending ones first in the list pages).
pub async fn applications(
    app: &App,
    user: &CurrentUser,
    campaign_id: i64,
) -> AppResult<Vec<Application>> {
    let c = visible(app, user, campaign_id).await?;
    let city = match user.scope() {
        uplift_domain::role::Scope::City(code) => Some(code.clone()),
        uplift_domain::role::Scope::Province(_) => None,
        _ => return Err(Error::NotFound),
    };
    require(user, Permission::Recommend)
        .or_else(|_| require(user, Permission::SelectEnterprises))?;
    Ok(stored::for_city(app.store().db(), c.id, city.as_deref(), false).await?)
}

async fn pending_of_city(
    app: &App,
    user: &CurrentUser,
    campaign_id: i64,
    id: i64,
) -> AppResult<(super::Campaign, String, Application)> {
    require(user, Permission::Recommend)?;
    let city = city_of(user)?;
    let c = visible(app, user, campaign_id).await?;
    let a = stored::get(app.store().db(), id).await?;
    if a.campaign_id != c.id || a.city_code != city {
        return Err(Error::NotFound);
    }
    Ok((c, city, a))
}

/// The city adopts an application as one of its recommendations. An enterprise not yet in
/// the directory is added from the application; one registered in another jurisdiction
/// cannot be adopted here.
pub async fn adopt(
    app: &App,
    user: &CurrentUser,
    campaign_id: i64,
    id: i64,
    justification: Option<String>,
) -> AppResult<Participation> {
    let (c, city, a) = pending_of_city(app, user, campaign_id, id).await?;
    let from = (a.status == PENDING).then_some(ParticipationState::Applied);
    let mut tx = app.store().write(&user.actor()).await?;
    let n = counts(&tx, &c, &city).await?;
    let justification = text(&justification, 2000);
    let facts = Facts {
        eligible: a.eligible,
        reason: justification.as_deref(),
        ..facts(&c, &city, &n)
    };
    let to = transition(from, Action::Adopt, user, &facts)?
        .ok_or_else(|| Error::internal("adopting leads to no state"))?;
    let enterprise =
        match uplift_store::enterprises::get_by_uscc(app.store(), user.scope(), &a.uscc).await {
            Ok(e) => e,
            Err(uplift_store::StoreError::NotFound) => {
                if uplift_store::enterprises::id_for_account_link(
                    app.store(),
                    &uplift_domain::uscc::Uscc::parse(&a.uscc)
                        .map_err(Refusal::Uscc)?
                        .uscc,
                )
                .await?
                .is_some()
                {
                    return Err(Refusal::RegisteredElsewhere.into());
                }
                uplift_store::enterprises::insert(&mut tx, directory_row(&a)?).await?
            }
            Err(e) => return Err(e.into()),
        };
    if parts::find(tx.conn(), c.id, enterprise.id).await?.is_some() {
        return Err(Refusal::AlreadyInCampaign.into());
    }
    let at = crate::now();
    let p = parts::insert(
        &tx,
        participation::ActiveModel {
            campaign_id: Set(c.id),
            enterprise_id: Set(enterprise.id),
            city_code: Set(city.clone()),
            state: Set(to.key().to_string()),
            origin: Set("applied".into()),
            application_id: Set(Some(a.id)),
            city_rank: Set(Some(i32::try_from(n.city_count + 1).unwrap_or(i32::MAX))),
            reason: Set(Some(a.motivation.clone())),
            contact_name: Set(Some(a.contact_name.clone())),
            contact_phone: Set(Some(a.contact_phone.clone())),
            justification: Set(justification.clone()),
            verdict_eligible: Set(Some(a.eligible)),
            verdict_failed: Set(Some(a.failed_rules.clone())),
            consent: Set(Consent::Pending.key().to_string()),
            created_at: Set(at),
            updated_at: Set(at),
            ..Default::default()
        },
    )
    .await?;
    stored::decide(&tx, a, ADOPTED, None).await?;
    record(&mut tx, &p, Action::Adopt, from, Some(to), justification).await?;
    tx.commit().await?;
    Ok(p)
}

fn directory_row(a: &Application) -> AppResult<DirectoryRow> {
    let wan = |yuan: Option<i64>| {
        yuan.map(|y| uplift_domain::money::Money::from_yuan(y).to_wan_string())
            .unwrap_or_default()
    };
    row(&ApplicationForm {
        uscc: a.uscc.clone(),
        name: a.name.clone(),
        division_code: a.division_code.clone(),
        industry: a.industry.clone(),
        employees: a.employees.map(|e| e.to_string()).unwrap_or_default(),
        operating_revenue_wan: wan(a.operating_revenue),
        main_revenue_wan: wan(a.main_revenue),
        total_assets_wan: wan(a.total_assets),
        contact_name: a.contact_name.clone(),
        contact_phone: a.contact_phone.clone(),
        motivation: a.motivation.clone(),
    })
}

/// The city declines an application, saying why (the applicant reads the reason).
pub async fn decline(
    app: &App,
    user: &CurrentUser,
    campaign_id: i64,
    id: i64,
    reason: Option<String>,
) -> AppResult<()> {
    let (c, city, a) = pending_of_city(app, user, campaign_id, id).await?;
    let from = (a.status == PENDING).then_some(ParticipationState::Applied);
    let mut tx = app.store().write(&user.actor()).await?;
    let n = counts(&tx, &c, &city).await?;
    let reason = text(&reason, 2000);
    let facts = Facts {
        reason: reason.as_deref(),
        ..facts(&c, &city, &n)
    };
    let to = transition(from, Action::Decline, user, &facts)?;
    let a = stored::decide(&tx, a, DECLINED, reason.clone()).await?;
    parts::record(
        &tx,
        NewEvent {
            campaign_id: c.id,
            application_id: Some(a.id),
            action: Action::Decline.key().to_string(),
            from_state: from,
            to_state: to,
            note: reason,
            ..NewEvent::default()
        },
    )
    .await?;
    tx.audit(
        "application.decline",
        &format!("application:{}", a.id),
        &format!("{} declined by the city", a.uscc),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}
