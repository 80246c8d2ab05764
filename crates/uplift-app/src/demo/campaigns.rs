//! The demo province's programme years, built through the use cases as the people who
//! take each step would take it (the loader acts as each demo account in turn, so the audit log names who did what):
//!
//! - a closed **2021 pilot**: four cities recommended two enterprises each, the province
//!   selected and assigned them, then closed it (its verdicts kept);
//! - the **2022 campaign in mid-year** (quota 30, for a province of 320 synthetic
//!   enterprises): nine cities submitted their lists (邵阳 late; 株洲, short of eligible
//!   enterprises, with justified ones), others are still drafting or have not started; the province returned one
//!   recommendation, selected up to the quota with bodies assigned and put two more on
//!   the waiting list; some enterprises have not confirmed yet; a few enterprises applied
//!   on their own (one adopted, one declined, two waiting for their city).
//!
//! So every role's to-do list shows something real. The platform's clock is real, so the
//! 2022 recommendation deadline is set two weeks after the day the demo is loaded (a
//! deadline in the past would make every list late); the late city is made late by moving
//! the deadline before it submits and back afterwards, which the audit log records.

use std::collections::HashMap;

use chrono::Duration;
use uplift_domain::cst;
use uplift_domain::eligibility::Rule;
use uplift_domain::role::{OrganisationKind, Scope};
use uplift_domain::uscc::Uscc;
use uplift_store::jobs;

use crate::campaigns::{
    self, ApplicationForm, Campaign, CampaignForm, ConsentDecision, RecommendationForm, Selection,
};
use crate::enterprises::EnterpriseFilter;
use crate::{App, AppResult, CurrentUser, Error, PageRequest};

use super::PROVINCE;

/// The demo accounts the loader acts as, each found once.
struct Desk<'a> {
    app: &'a App,
    users: HashMap<String, CurrentUser>,
}

impl Desk<'_> {
    async fn as_user(&mut self, username: &str) -> AppResult<CurrentUser> {
        if let Some(user) = self.users.get(username) {
            return Ok(user.clone());
        }
        let user = uplift_store::current_user::acting_as(self.app.store(), username)
            .await?
            .ok_or_else(|| Error::internal(format!("demo: no account {username}")))?;
        self.users.insert(username.to_string(), user.clone());
        Ok(user)
    }
}

/// Opening a campaign re-screens the province in the background; the demo's next steps
/// read the verdicts, so wait for it.
async fn wait_for_rescreen(app: &App) -> AppResult<()> {
    for _ in 0..2400 {
        let running = jobs::recent_of_kind(app.store(), jobs::KIND_RESCREEN, 5)
            .await?
            .iter()
            .any(|j| j.status == jobs::RUNNING);
        if !running {
            return Ok(());
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    Err(Error::internal("demo: the re-screening did not finish"))
}

fn form(c: &Campaign) -> CampaignForm {
    CampaignForm {
        year: c.year(),
        name: Some(c.settings.name.clone()),
        quota: c.settings.quota,
        recommend_min: c.settings.ranges.default.min,
        recommend_max: c.settings.ranges.default.max,
        city_ranges: c
            .settings
            .ranges
            .per_city
            .iter()
            .map(|(city, r)| (city.clone(), r.min, r.max))
            .collect(),
        recommendation_deadline: c.settings.recommendation_deadline,
        report_deadlines: Some(c.settings.report_deadlines.clone()),
        certification_body_ids: None,
        support_unit_ids: None,
        from_campaign: None,
    }
}

/// The demo's bodies and support unit, by kind.
async fn organisations(app: &App, province: &CurrentUser) -> AppResult<(Vec<i64>, Vec<i64>)> {
    let all = campaigns::organisation_choices(app, province).await?;
    let of = |kind| {
        all.iter()
            .filter(|o| o.kind == kind)
            .map(|o| o.id)
            .collect::<Vec<_>>()
    };
    Ok((
        of(OrganisationKind::CertificationBody),
        of(OrganisationKind::SupportUnit),
    ))
}

fn recommendation(n: usize, city: &str) -> RecommendationForm {
    const CHAINS: [&str; 6] = [
        "工程机械",
        "先进储能材料",
        "轨道交通装备",
        "食品加工",
        "电子信息",
        "生物医药",
    ];
    const PEOPLE: [&str; 4] = ["王建国", "李红", "陈志强", "刘芳"];
    RecommendationForm {
        reason: Some(format!(
            "{}重点培育的{}企业，质量管理基础较好，有意愿通过认证提升管理水平。",
            city,
            CHAINS[n % CHAINS.len()]
        )),
        industry_chain: Some(CHAINS[n % CHAINS.len()].to_string()),
        commitment_person: Some(format!("{} 总经理", PEOPLE[n % PEOPLE.len()])),
        commitment_people: Some("质量负责人1名专职，各部门内审员3名".into()),
        commitment_time: Some("每月不少于4个工作日，持续6个月".into()),
        commitment_arrangements: Some("成立认证工作小组，总经理任组长，每周例会".into()),
        commitment_equipment: Some("检测设备校准，配置文件管理电脑1台".into()),
        ..RecommendationForm::default()
    }
}

/// A city recommends `wanted` of its candidates: the showcase enterprise first when
/// `showcase` says so (2022), or never (the pilot leaves it for 2022); returns their
/// credit codes.
async fn recommend(
    app: &App,
    city: &CurrentUser,
    c: &Campaign,
    wanted: usize,
    showcase: Option<(&str, bool)>,
) -> AppResult<Vec<String>> {
    let Scope::City(code) = city.scope() else {
        return Ok(Vec::new());
    };
    let name = uplift_domain::division::known_prefecture(code)
        .map(|d| d.name_zh)
        .unwrap_or_default();
    let found = campaigns::candidates(
        app,
        city,
        c.id,
        &EnterpriseFilter::default(),
        PageRequest::new(None, Some(100)),
    )
    .await?;
    let mut codes: Vec<String> = found.page.items.iter().map(|e| e.uscc.clone()).collect();
    if let Some((uscc, first)) = showcase
        && let Some(i) = codes.iter().position(|u| u == uscc)
    {
        let found = codes.remove(i);
        if first {
            codes.insert(0, found);
        }
    }
    let mut done = Vec::new();
    for (n, uscc) in codes.into_iter().take(wanted).enumerate() {
        campaigns::recommend(app, city, c.id, &uscc, &recommendation(n, name)).await?;
        done.push(uscc);
    }
    if done.len() < wanted {
        // Too few eligible: the city fills its list with enterprises just below the revenue
        // line, saying why (the province sees them flagged).
        let below = crate::enterprises::list(
            app,
            city,
            &EnterpriseFilter {
                eligible: Some(false),
                failed_rule: Some(Rule::MainRevenue),
                ..EnterpriseFilter::default()
            },
            PageRequest::new(None, Some(100)),
        )
        .await?;
        for e in below
            .items
            .iter()
            .filter(|e| e.failed() == [Rule::MainRevenue])
            .take(wanted - done.len())
        {
            let form = RecommendationForm {
                justification: Some(
                    "主营业务收入略低于2000万元，但属本地优势产业链骨干配套企业，管理层参与意愿强烈。"
                        .into(),
                ),
                ..recommendation(done.len(), name)
            };
            campaigns::recommend(app, city, c.id, &e.uscc, &form).await?;
            done.push(e.uscc.clone());
        }
    }
    Ok(done)
}

async fn consent(desk: &mut Desk<'_>, c: &Campaign, uscc: &str, confirm: bool) -> AppResult<()> {
    let contact = desk.as_user(&format!("enterprise-{uscc}")).await?;
    let decision = if confirm {
        ConsentDecision::Confirm {
            person_in_charge: Some("企业负责人".into()),
        }
    } else {
        ConsentDecision::Decline {
            reason: Some("今年企业搬迁新厂区，暂无精力参加".into()),
        }
    };
    campaigns::consent(desk.app, &contact, c.id, &decision).await?;
    Ok(())
}

/// Load both programme years unless the province has campaigns already.
pub async fn load(app: &App, showcase: Option<&str>) -> AppResult<()> {
    if !uplift_store::campaigns::for_province(app.store().db(), PROVINCE)
        .await?
        .is_empty()
    {
        return Ok(());
    }
    let mut desk = Desk {
        app,
        users: HashMap::new(),
    };
    years(&mut desk, showcase).await
}

async fn years(desk: &mut Desk<'_>, showcase: Option<&str>) -> AppResult<()> {
    let app = desk.app;
    let province = desk.as_user("province").await?;
    let (bodies, units) = organisations(app, &province).await?;
    let body = |n: usize| bodies.get(n % bodies.len().max(1)).copied();

    // 2021: the pilot, closed.
    let pilot = campaigns::create(
        app,
        &province,
        &CampaignForm {
            year: 2021,
            name: Some("2021年小微企业质量管理体系认证提升行动（试点）".into()),
            quota: 8,
            recommend_min: 1,
            recommend_max: 3,
            city_ranges: Vec::new(),
            recommendation_deadline: None,
            report_deadlines: None,
            certification_body_ids: Some(bodies.iter().take(2).copied().collect()),
            support_unit_ids: Some(units.clone()),
            from_campaign: None,
        },
    )
    .await?;
    let pilot = campaigns::open(app, &province, pilot.id).await?;
    wait_for_rescreen(app).await?;
    let mut piloted = Vec::new();
    for city in ["430100", "430200", "430300", "430400"] {
        let user = desk.as_user(&format!("city-{city}")).await?;
        let codes = recommend(app, &user, &pilot, 2, showcase.map(|u| (u, false))).await?;
        if !codes.is_empty() {
            campaigns::submit(app, &user, pilot.id).await?;
        }
        piloted.extend(codes);
    }
    for (n, uscc) in piloted.iter().enumerate() {
        consent(desk, &pilot, uscc, true).await?;
        campaigns::select(
            app,
            &province,
            pilot.id,
            &Selection {
                uscc: uscc.clone(),
                certification_body_id: body(n % 2),
                support_unit_id: None,
                waiting_list: false,
            },
        )
        .await?;
    }
    campaigns::close(app, &province, pilot.id).await?;

    // 2022: in mid-year. Its enterprises selected in 2021 are flagged by the re-screening.
    let today = cst::date_cst(crate::now());
    let deadline = today + Duration::days(14);
    let c = campaigns::create(
        app,
        &province,
        &CampaignForm {
            year: 2022,
            name: None,
            quota: 30,
            recommend_min: 3,
            recommend_max: 5,
            city_ranges: vec![("430100".into(), 4, 6)],
            recommendation_deadline: Some(deadline),
            report_deadlines: None,
            certification_body_ids: Some(bodies.clone()),
            support_unit_ids: Some(units.clone()),
            from_campaign: Some(pilot.id),
        },
    )
    .await?;
    let c = campaigns::open(app, &province, c.id).await?;
    wait_for_rescreen(app).await?;

    // Self-applications: one that 长沙 adopts, one it declines, two left waiting.
    let applicant =
        |division: &str, body: &str, name: &str, revenue: &str| -> AppResult<ApplicationForm> {
            let uscc = Uscc::from_parts('9', '1', division, body)
                .ok_or_else(|| Error::internal("demo application credit code"))?;
            Ok(ApplicationForm {
                uscc: uscc.as_str().to_string(),
                name: name.into(),
                division_code: division.into(),
                industry: "工业".into(),
                employees: "85".into(),
                operating_revenue_wan: revenue.into(),
                main_revenue_wan: revenue.into(),
                total_assets_wan: "2600".into(),
                contact_name: "周敏".into(),
                contact_phone: "13788889999".into(),
                motivation: "希望通过认证提升质量管理水平，总经理亲自负责。".into(),
            })
        };
    let applications = [
        applicant(
            "430104",
            "80000011",
            "岳麓自荐精密制造有限公司（示例）",
            "4200",
        )?,
        applicant(
            "430111",
            "80000022",
            "雨花自荐包装材料有限公司（示例）",
            "900",
        )?,
        applicant(
            "430103",
            "80000033",
            "天心自荐电子科技有限公司（示例）",
            "3100",
        )?,
        applicant("430802", "80000044", "永定自荐茶业有限公司（示例）", "2500")?,
    ];
    for a in &applications {
        let taken = uplift_store::enterprises::id_for_account_link(
            app.store(),
            &Uscc::parse(&a.uscc)
                .map_err(|e| Error::internal(format!("{e:?}")))?
                .uscc,
        )
        .await?
        .is_some();
        if !taken {
            campaigns::apply(app, a, Some("demo".into())).await?;
        }
    }

    // The cities: (code, how many recommended, submitted, late).
    let plan: [(&str, usize, bool, bool); 14] = [
        ("430100", 4, true, false),
        ("430200", 5, true, false),
        ("430300", 4, true, false),
        ("430400", 5, true, false),
        ("430500", 5, true, true),
        ("430600", 5, true, false),
        ("430700", 5, true, false),
        ("430900", 5, true, false),
        ("431000", 5, true, false),
        ("430800", 2, false, false),
        ("431100", 1, false, false),
        ("431200", 0, false, false),
        ("431300", 3, false, false),
        ("433100", 0, false, false),
    ];
    let mut submitted: Vec<String> = Vec::new();
    for (city, wanted, submit, late) in plan {
        let user = desk.as_user(&format!("city-{city}")).await?;
        let first = showcase.filter(|_| city == "430100").map(|u| (u, true));
        let codes = recommend(app, &user, &c, wanted, first).await?;
        if city == "430100" {
            // 长沙 adopts one application and declines the one below the revenue rule.
            for a in campaigns::applications(app, &user, c.id).await? {
                if a.uscc == applications[0].uscc {
                    campaigns::adopt(app, &user, c.id, a.id, None).await?;
                } else if a.uscc == applications[1].uscc {
                    campaigns::decline(
                        app,
                        &user,
                        c.id,
                        a.id,
                        Some("主营业务收入未达2000万元，暂不符合遴选条件".into()),
                    )
                    .await?;
                }
            }
        }
        let range = c.settings.range_for(city);
        let on_list = codes.len() + usize::from(city == "430100");
        if !submit || !u32::try_from(on_list).is_ok_and(|n| range.contains(n)) {
            continue;
        }
        if late {
            // The deadline passes for this city: yesterday, China time; then back.
            let mut f = form(&campaigns::get(app, &province, c.id).await?);
            f.certification_body_ids = Some(bodies.clone());
            f.support_unit_ids = Some(units.clone());
            f.recommendation_deadline = Some(today - Duration::days(1));
            campaigns::update(app, &province, c.id, &f).await?;
            campaigns::submit(app, &user, c.id).await?;
            f.recommendation_deadline = Some(deadline);
            campaigns::update(app, &province, c.id, &f).await?;
        } else {
            campaigns::submit(app, &user, c.id).await?;
        }
        submitted.extend(codes);
    }
    // (The adopted applicant has no contact account yet: its consent stays pending.)

    // Consent: most confirm; a few have not answered yet; one declines.
    // The showcase enterprise's contact finds its consent waiting (its to-do list).
    let pending: Vec<&String> = submitted
        .iter()
        .skip(2)
        .step_by(9)
        .chain(submitted.iter().filter(|u| Some(u.as_str()) == showcase))
        .collect();
    for (n, uscc) in submitted.iter().enumerate() {
        if pending.contains(&uscc) {
            continue;
        }
        consent(desk, &c, uscc, n != 5).await?;
    }

    // The province: one return, then selection in the cities' order up to the quota,
    // then the waiting list.
    let board = campaigns::board(app, &province, c.id).await?;
    let mut returned = false;
    let mut waiting = 0;
    let mut n = 0;
    for city in &board.cities {
        for p in &city.recommendations {
            if p.state != "submitted" {
                continue;
            }
            if !returned && city.city_code == "430200" {
                campaigns::return_to_city(
                    app,
                    &province,
                    c.id,
                    p.id,
                    Some("该企业已被列入省级其他专项帮扶名单，请替换推荐。".into()),
                )
                .await?;
                returned = true;
                continue;
            }
            if p.consent != "confirmed" {
                continue;
            }
            let full = board.campaign.settings.quota as usize <= n;
            if full && waiting >= 2 {
                continue;
            }
            let Some(e) = board.enterprises.get(&p.enterprise_id) else {
                continue;
            };
            campaigns::select(
                app,
                &province,
                c.id,
                &Selection {
                    uscc: e.uscc.clone(),
                    certification_body_id: body(n),
                    support_unit_id: units.first().copied().filter(|_| n % 4 == 0),
                    waiting_list: full,
                },
            )
            .await?;
            if full {
                waiting += 1;
            } else {
                n += 1;
            }
        }
    }
    Ok(())
}
