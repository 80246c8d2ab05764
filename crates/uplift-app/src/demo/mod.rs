//! The demo province — Hunan 2022 (430000), its 14 市州, the regulators, three
//! certification bodies, a technical support unit, an expert group, synthetic enterprises
//! and an account for every role — loaded by the operator (`uplift demo`).
//!
//! Loading twice is refused by `ensure_loaded`: nothing is wiped or loaded twice, and
//! passwords stay as they are unless the operator gives one (`UPLIFT_DEMO_PASSWORD`),
//! which then becomes every demo account's password again.

use rand::Rng as _;
use uplift_domain::audit_log::AuditNote;
use uplift_domain::division::{self, DivisionCode};
use uplift_domain::role::{OrganisationKind, Role};
use uplift_store::accounts;
use uplift_store::audit::{Actor, WriteTx};
use uplift_store::enterprises;
use uplift_store::organisations::{self, NewOrganisation};
use uplift_store::sea_orm::{ActiveModelTrait, Set};
use uplift_store::users::{self, NewUser};

use crate::operator::Operator;
use crate::{App, AppResult, Error, Refusal};

pub mod campaigns;
pub mod synthetic;

pub const PROVINCE: &str = "430000";
pub const PROVINCE_BUREAU: &str = "湖南省市场监督管理局";
pub const ENTERPRISE_COUNT: usize = 320;
const SEED: u64 = 2022;

pub const BODIES: &[&str] = &[
    "湘江质量认证有限公司（示例）",
    "岳麓认证中心有限公司（示例）",
    "洞庭标准认证有限公司（示例）",
];

/// Demo passwords: one given by UPLIFT_DEMO_PASSWORD for every account, or random ones.
pub enum Passwords {
    Shared(String),
    Random,
}

fn random_password() -> String {
    const ALNUM: &[u8] = b"abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    let mut rng = rand::rng();
    let tail: String = (0..12)
        .map(|_| char::from(ALNUM[rng.random_range(0..ALNUM.len())]))
        .collect();
    // "Up-" guarantees upper, lower and a symbol whatever the tail holds.
    format!("Up-{tail}")
}

/// The demo province is recognised by its provincial bureau.
pub async fn is_loaded(app: &App) -> AppResult<bool> {
    let store = app.store();
    Ok(organisations::find_by_name(store, PROVINCE_BUREAU)
        .await?
        .is_some())
}

/// Load the demo province unless it is there already. `None` means it was there.
/// `shared_password` (UPLIFT_DEMO_PASSWORD) is every account's password; without it
/// random ones are made and printed.
///
/// When the province is there already and a shared password is given, every demo
/// account gets it again (and keeps it: no change is asked for), so that the command a
/// newcomer reads in the README works on every run, not only the first.
pub async fn ensure_loaded(
    app: &App,
    _operator: &Operator,
    shared_password: Option<String>,
) -> AppResult<Option<Created>> {
    let passwords = match shared_password {
        Some(pw) if !pw.is_empty() => {
            uplift_domain::password::check_without_context(&pw).map_err(Refusal::Password)?;
            Passwords::Shared(pw)
        }
        _ => Passwords::Random,
    };
    if is_loaded(app).await? {
        if let Passwords::Shared(pw) = &passwords {
            set_demo_passwords(app, pw).await?;
        }
        // A demo loaded before the programme years existed gets them now.
        campaigns::load(app, None).await?;
        return Ok(None);
    }
    Ok(Some(load(app, &passwords).await?))
}

/// The demo's accounts, by the names `load` gives them.
fn is_demo_account(username: &str) -> bool {
    const NAMED: [&str; 6] = [
        "province",
        "province-miit",
        "support-1",
        "expert-1",
        "sysadmin",
        "auditlog",
    ];
    NAMED.contains(&username)
        || ["city-43", "body-", "enterprise-"]
            .iter()
            .any(|prefix| username.starts_with(prefix))
}

/// Give every demo account (the named ones and the enterprise contacts) `password`.
async fn set_demo_passwords(app: &App, password: &str) -> AppResult<()> {
    let hash = accounts::hash_blocking(password.to_string()).await?;
    let mut tx = app.store().write(&Actor::system("demo")).await?;
    let changed = users::set_password_hash_where(&mut tx, is_demo_account, &hash).await?;
    let note = AuditNote::DemoPasswords { accounts: changed };
    tx.audit("demo.passwords", "province:430000", &note.to_json())
        .await?;
    tx.commit().await?;
    Ok(())
}

/// Every account created, with the password to print (or None when it is the shared one).
pub struct Created {
    pub named: Vec<(String, String, Option<String>)>,
    pub enterprise_example: Option<String>,
    pub enterprise_password: Option<String>,
}

pub async fn load(app: &App, passwords: &Passwords) -> AppResult<Created> {
    let store = app.store();
    let actor = Actor::system("demo");
    let mut tx = store.write(&actor).await?;
    let province = DivisionCode::parse(PROVINCE).map_err(Refusal::Division)?;
    let org = |kind, name: &str, code: Option<&str>| NewOrganisation {
        kind,
        name: name.to_string(),
        name_en: None,
        division_code: code.and_then(|c| DivisionCode::parse(c).ok()),
    };
    let bureau = organisations::create(
        &mut tx,
        org(
            OrganisationKind::ProvinceRegulator,
            PROVINCE_BUREAU,
            Some(PROVINCE),
        ),
    )
    .await?;
    let miit = organisations::create(
        &mut tx,
        org(
            OrganisationKind::ProvinceRegulator,
            "湖南省工业和信息化厅",
            Some(PROVINCE),
        ),
    )
    .await?;
    let cities = division::prefectures_of(province.as_str());
    if cities.len() != 14 {
        return Err(Error::internal(
            "the division table does not list Hunan's 14 prefectures",
        ));
    }
    let mut city_orgs = Vec::new();
    for city in cities {
        let o = organisations::create(
            &mut tx,
            org(
                OrganisationKind::CityRegulator,
                &format!("{}市场监督管理局", city.name_zh),
                Some(city.code),
            ),
        )
        .await?;
        city_orgs.push((city, o));
    }
    let mut bodies = Vec::new();
    for name in BODIES {
        bodies.push(
            organisations::create(
                &mut tx,
                org(OrganisationKind::CertificationBody, name, Some("430100")),
            )
            .await?,
        );
    }
    let support = organisations::create(
        &mut tx,
        org(
            OrganisationKind::SupportUnit,
            "湖南省质量认证技术支撑中心（示例）",
            Some("430100"),
        ),
    )
    .await?;
    let experts = organisations::create(
        &mut tx,
        org(
            OrganisationKind::ExpertGroup,
            "湖南省小微企业认证提升行动专家组",
            Some(PROVINCE),
        ),
    )
    .await?;

    // Hash once per distinct password: argon2 is meant to be slow.
    let shared_hash = match passwords {
        Passwords::Shared(pw) => Some(accounts::hash_blocking(pw.clone()).await?),
        Passwords::Random => None,
    };
    let mut named = Vec::new();
    let add = async |tx: &mut WriteTx,
                     username: String,
                     display: String,
                     role: Role,
                     org_id: Option<i64>,
                     ent_id: Option<i64>,
                     fixed: Option<(&str, &str)>|
           -> AppResult<Option<String>> {
        let (hash, shown) = match (&shared_hash, fixed) {
            (Some(h), _) => (h.clone(), None),
            (None, Some((pw, h))) => (h.to_string(), Some(pw.to_string())),
            (None, None) => {
                let pw = random_password();
                (accounts::hash_blocking(pw.clone()).await?, Some(pw))
            }
        };
        users::create_with_hash(
            tx,
            NewUser {
                username,
                display_name: display,
                password: String::new(),
                role,
                organisation_id: org_id,
                enterprise_id: ent_id,
                // The operator printed or chose these for trying the platform.
                set_by_other: false,
            },
            hash,
        )
        .await?;
        Ok(shown)
    };
    let mut named_account = async |tx: &mut WriteTx,
                                   username: &str,
                                   display: &str,
                                   role: Role,
                                   org_id: i64|
           -> AppResult<()> {
        let shown = add(
            tx,
            username.to_string(),
            display.to_string(),
            role,
            Some(org_id),
            None,
            None,
        )
        .await?;
        named.push((username.to_string(), display.to_string(), shown));
        Ok(())
    };
    named_account(
        &mut tx,
        "province",
        "省市场监管局管理员",
        Role::Province,
        bureau.id,
    )
    .await?;
    named_account(
        &mut tx,
        "province-miit",
        "省工信厅管理员",
        Role::Province,
        miit.id,
    )
    .await?;
    for (city, o) in &city_orgs {
        named_account(
            &mut tx,
            &format!("city-{}", city.code),
            &format!("{}管理员", city.name_zh),
            Role::City,
            o.id,
        )
        .await?;
    }
    for (i, b) in bodies.iter().enumerate() {
        named_account(
            &mut tx,
            &format!("body-{}", i + 1),
            &b.name,
            Role::CertificationBody,
            b.id,
        )
        .await?;
    }
    named_account(
        &mut tx,
        "support-1",
        &support.name,
        Role::SupportUnit,
        support.id,
    )
    .await?;
    named_account(
        &mut tx,
        "expert-1",
        "专家（示例）",
        Role::Expert,
        experts.id,
    )
    .await?;
    named_account(
        &mut tx,
        "sysadmin",
        "系统管理员",
        Role::SystemAdmin,
        bureau.id,
    )
    .await?;
    named_account(
        &mut tx,
        "auditlog",
        "审计管理员",
        Role::AuditAdmin,
        bureau.id,
    )
    .await?;

    // Enterprise contacts share one password when none was given (printing 320 random
    // passwords would help no one).
    let enterprise_pw = match passwords {
        Passwords::Shared(_) => None,
        Passwords::Random => {
            let pw = random_password();
            let h = accounts::hash_blocking(pw.clone()).await?;
            Some((pw, h))
        }
    };
    let directory = synthetic::enterprises(cities, ENTERPRISE_COUNT, SEED);
    let screener = uplift_store::screening::Screener::load(tx.conn()).await?;
    let mut example = None;
    let mut named_enterprises: Vec<(String, String)> = Vec::new();
    let mut ids = Vec::new();
    for new in directory {
        let contact = new.contact_name.clone();
        // A directory imported before the demo may hold the same synthetic codes.
        if enterprises::id_for_account_link(store, &new.uscc)
            .await?
            .is_some()
        {
            continue;
        }
        let e = enterprises::insert_with(&mut tx, new, &screener).await?;
        let username = format!("enterprise-{}", e.uscc);
        add(
            &mut tx,
            username.clone(),
            contact.unwrap_or_else(|| e.name.clone()),
            Role::Enterprise,
            None,
            Some(e.id),
            enterprise_pw
                .as_ref()
                .map(|(pw, h)| (pw.as_str(), h.as_str())),
        )
        .await?;
        named_enterprises.push((e.uscc.clone(), e.name.clone()));
        // The showcase account: an eligible 长沙 enterprise with a contact person, so that
        // a newcomer logging in sees a record worth looking at.
        if example.is_none()
            && e.prefecture_code == "430100"
            && e.eligible == Some(true)
            && e.contact_name.is_some()
        {
            example = Some(username);
        }
        ids.push((e.id, e.prefecture_code.clone()));
    }
    // A few assignments so that the certification bodies' scope is visible in the demo.
    let changsha: Vec<i64> = ids
        .iter()
        .filter(|(_, p)| p == "430100")
        .map(|(id, _)| *id)
        .collect();
    let zhuzhou: Vec<i64> = ids
        .iter()
        .filter(|(_, p)| p == "430200")
        .map(|(id, _)| *id)
        .collect();
    for id in changsha.iter().take(6) {
        organisations::assign(&mut tx, bodies[0].id, *id).await?;
    }
    for id in zhuzhou.iter().take(4) {
        organisations::assign(&mut tx, bodies[1].id, *id).await?;
    }
    for id in changsha.iter().skip(6).take(3) {
        organisations::assign(&mut tx, support.id, *id).await?;
    }
    // A dishonest list for the demo: two entries in force, one removed (facts.md §9).
    let listed = [
        ("2021-06-18", "提供虚假材料骗取登记", None),
        ("2022-03-05", "拒不履行行政处罚决定", None),
        ("2019-11-20", "隐瞒真实情况", Some("2024-11-20")),
    ];
    for ((listed_on, reason, removed_on), (uscc, name)) in
        listed.iter().zip(named_enterprises.iter().step_by(97))
    {
        let date = |d: &str| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").ok();
        let (Some(listed_on), removed_on) = (date(listed_on), removed_on.and_then(date)) else {
            continue;
        };
        uplift_store::entity::dishonest_entry::ActiveModel {
            name: Set(name.clone()),
            name_key: Set(uplift_domain::text::normalise_name(name)),
            uscc: Set(Some(uscc.clone())),
            registration_number: Set(None),
            listed_on: Set(listed_on),
            reason: Set(reason.to_string()),
            authority: Set("湖南省市场监督管理局".into()),
            removed_on: Set(removed_on),
            removal_reason: Set(removed_on.map(|_| "期满移出".to_string())),
            removal_authority: Set(removed_on.map(|_| "湖南省市场监督管理局".to_string())),
            created_at: Set(uplift_store::now()),
            updated_at: Set(uplift_store::now()),
            ..Default::default()
        }
        .insert(tx.conn())
        .await
        .map_err(|e| Error::internal(format!("demo dishonest list: {e}")))?;
    }
    let note = AuditNote::DemoLoaded {
        enterprises: ids.len() as u64,
    };
    tx.audit("demo.load", "province:430000", &note.to_json())
        .await?;
    tx.commit().await?;
    // The list changed after the enterprises were screened.
    uplift_store::screening::rescreen_all(store, &actor, None).await?;
    // The programme years, taken step by step by the demo's own accounts.
    let showcase = example
        .as_deref()
        .and_then(|u| u.strip_prefix("enterprise-"));
    campaigns::load(app, showcase).await?;
    Ok(Created {
        named,
        enterprise_example: example,
        enterprise_password: enterprise_pw.map(|(pw, _)| pw),
    })
}
