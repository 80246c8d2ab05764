//! A whole campaign through the HTML forms, as the real roles take it: the province sets
//! it up and opens it; fourteen cities look at their candidates, fill in the 推荐表,
//! correct what the rules refuse, adopt a self-application and submit their lists; the
//! enterprises' contacts confirm (one declines); the province compares the cities, returns
//! one recommendation (its city replaces it), selects fifty with their bodies, keeps a
//! waiting list, withdraws one and promotes the first in line; the bodies find their
//! enterprises waiting; the 推荐表 prints, the list exports, the timeline tells the story;
//! closing the campaign makes it read-only. Browsers' same-origin headers, cookies, the
//! post/redirect/get of every form.

use axum::http::StatusCode;
use uplift_domain::division::{self, DivisionCode};
use uplift_domain::money::Money;
use uplift_domain::role::{OrganisationKind, Role};
use uplift_domain::sme::Industry;
use uplift_domain::uscc::Uscc;
use uplift_store::audit::Actor;
use uplift_store::enterprises::{self, NewEnterprise};
use uplift_store::entity::participation;
use uplift_store::organisations::{self, NewOrganisation};
use uplift_store::sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use uplift_store::users::{self, NewUser};

use crate::harness::{Client, PASSWORD, Resp, TestApp};
use crate::write_matrix::wait_for_jobs;

/// Hunan's fourteen cities, with enterprises to recommend and every account the story needs.
pub struct Province {
    /// (city code, its enterprises' credit codes), in code order.
    pub cities: Vec<(String, Vec<String>)>,
    /// 株洲's enterprise below the revenue rule (主营业务收入 1,000 万元).
    pub ineligible: String,
    pub bodies: Vec<i64>,
    pub unit: i64,
}

fn new_enterprise(uscc: &Uscc, name: &str, division: &str, main_wan: i64) -> NewEnterprise {
    NewEnterprise {
        uscc: uscc.clone(),
        uscc_warnings: Vec::new(),
        name: name.to_string(),
        division: DivisionCode::parse(division).unwrap(),
        industry: Industry::Industry,
        employees: Some(90),
        operating_revenue: Some(Money::from_wan(main_wan + 500)),
        main_revenue: Some(Money::from_wan(main_wan)),
        total_assets: Some(Money::from_wan(3000)),
        operating_status: uplift_domain::directory::OperatingStatus::Operating,
        contact_name: Some("赵磊".into()),
        contact_phone: Some("13912345678".into()),
    }
}

/// The harness's two cities become fourteen: a regulator and an account for each city,
/// two more certification bodies, six enterprises per city with their contacts' accounts.
pub async fn province_of_fourteen(app: &TestApp, per_city: u32) -> Province {
    let hash = uplift_store::accounts::hash_blocking(PASSWORD.into())
        .await
        .unwrap();
    let mut tx = app.store.write(&Actor::system("test")).await.unwrap();
    let account = |username: String, role, org: Option<i64>, ent: Option<i64>| NewUser {
        display_name: username.clone(),
        username,
        password: String::new(),
        role,
        organisation_id: org,
        enterprise_id: ent,
        set_by_other: false,
    };
    let org = |kind, name: String, code: &str| NewOrganisation {
        kind,
        name,
        name_en: None,
        division_code: Some(DivisionCode::parse(code).unwrap()),
    };
    let mut bodies = vec![app.fx.body_org_id];
    for n in 2..=3 {
        let b = organisations::create(
            &mut tx,
            org(
                OrganisationKind::CertificationBody,
                format!("测试{n}号认证有限公司"),
                "430100",
            ),
        )
        .await
        .unwrap();
        users::create_with_hash(
            &mut tx,
            account(
                format!("body-{n}"),
                Role::CertificationBody,
                Some(b.id),
                None,
            ),
            hash.clone(),
        )
        .await
        .unwrap();
        bodies.push(b.id);
    }
    let mut cities = Vec::new();
    let mut ineligible = String::new();
    for (i, city) in division::prefectures_of("430000").iter().enumerate() {
        if !["430100", "430200"].contains(&city.code) {
            let o = organisations::create(
                &mut tx,
                org(
                    OrganisationKind::CityRegulator,
                    format!("{}市场监督管理局", city.name_zh),
                    city.code,
                ),
            )
            .await
            .unwrap();
            users::create_with_hash(
                &mut tx,
                account(format!("city-{}", city.code), Role::City, Some(o.id), None),
                hash.clone(),
            )
            .await
            .unwrap();
        }
        let county = division::counties_of(city.code)[0].0;
        let mut codes = Vec::new();
        for n in 0..per_city {
            let body = format!("{:08}", 5_000 + i as u32 * 100 + n);
            let uscc = Uscc::from_parts('9', '1', county, &body).unwrap();
            let e = enterprises::insert(
                &mut tx,
                new_enterprise(
                    &uscc,
                    &format!("{}测试{n}号制造有限公司", city.name_zh),
                    county,
                    5_000,
                ),
            )
            .await
            .unwrap();
            users::create_with_hash(
                &mut tx,
                account(
                    format!("enterprise-{}", e.uscc),
                    Role::Enterprise,
                    None,
                    Some(e.id),
                ),
                hash.clone(),
            )
            .await
            .unwrap();
            codes.push(e.uscc);
        }
        if city.code == "430200" {
            let uscc = Uscc::from_parts('9', '1', county, "00006999").unwrap();
            let e = enterprises::insert(
                &mut tx,
                new_enterprise(&uscc, "株洲低营收配件有限公司", county, 1_000),
            )
            .await
            .unwrap();
            users::create_with_hash(
                &mut tx,
                account(
                    format!("enterprise-{}", e.uscc),
                    Role::Enterprise,
                    None,
                    Some(e.id),
                ),
                hash.clone(),
            )
            .await
            .unwrap();
            ineligible = e.uscc;
        }
        cities.push((city.code.to_string(), codes));
    }
    tx.commit().await.unwrap();
    let unit = uplift_store::entity::organisation::Entity::find()
        .filter(uplift_store::entity::organisation::Column::Kind.eq("support_unit"))
        .one(app.store.db())
        .await
        .unwrap()
        .unwrap()
        .id;
    Province {
        cities,
        ineligible,
        bodies,
        unit,
    }
}

/// A browser of the platform's own pages: cookies, and the same-origin header every
/// modern browser sends with a form it posts.
pub async fn browser(app: &TestApp, username: &str) -> Client {
    let mut c = app.logged_in(username).await;
    c.headers
        .push(("sec-fetch-site".into(), "same-origin".into()));
    c
}

/// A form answered with a redirect (post/redirect/get): where to.
fn redirected(res: &Resp, what: &str) -> String {
    assert_eq!(
        res.status,
        StatusCode::SEE_OTHER,
        "{what}: {}",
        &res.body[..res.body.len().min(3000)]
    );
    res.location().unwrap().to_string()
}

fn ok(res: &Resp, what: &str) {
    assert_eq!(
        res.status,
        StatusCode::OK,
        "{what}: {}",
        &res.body[..res.body.len().min(3000)]
    );
}

fn recommendation_form(uscc: &str, n: usize) -> Vec<(&'static str, String)> {
    vec![
        ("uscc", uscc.to_string()),
        ("reason", format!("本地优势产业链骨干企业，第{n}家")),
        ("industry_chain", "工程机械".into()),
        ("contact_name", "赵磊".into()),
        ("contact_phone", "13912345678".into()),
        ("commitment_person", "赵磊 总经理".into()),
        ("commitment_people", "质量负责人1名专职".into()),
        ("commitment_time", "每月4个工作日".into()),
        ("commitment_arrangements", "成立认证工作小组".into()),
        ("commitment_equipment", "文件管理电脑1台".into()),
        ("justification", String::new()),
    ]
}

async fn post(c: &mut Client, path: &str, form: &[(&str, String)]) -> Resp {
    let pairs: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
    c.post_form(path, &pairs).await
}

async fn participations(app: &TestApp, campaign: i64) -> Vec<participation::Model> {
    participation::Entity::find()
        .filter(participation::Column::CampaignId.eq(campaign))
        .order_by_asc(participation::Column::Id)
        .all(app.store.db())
        .await
        .unwrap()
}

async fn uscc_of(app: &TestApp, enterprise_id: i64) -> String {
    uplift_store::entity::enterprise::Entity::find_by_id(enterprise_id)
        .one(app.store.db())
        .await
        .unwrap()
        .unwrap()
        .uscc
}

#[tokio::test]
async fn a_whole_campaign_walks_through_the_forms_as_the_real_roles() {
    let app = TestApp::new().await;
    let p = province_of_fourteen(&app, 6).await;
    let deadline = (uplift_domain::cst::date_cst(uplift_store::now()) + chrono::Duration::days(30))
        .format("%Y-%m-%d")
        .to_string();

    // ---- The province sets the campaign up and opens it.
    let mut province = browser(&app, "province").await;
    ok(
        &province.get("/campaigns/new").await,
        "the new campaign form",
    );
    let mut form: Vec<(&str, String)> = vec![
        ("year", "2023".into()),
        ("name", "2023年小微企业质量管理体系认证提升行动".into()),
        ("quota", "50".into()),
        ("recommend_min", "3".into()),
        ("recommend_max", "5".into()),
        // 长沙 is asked for more.
        ("min_430100", "5".into()),
        ("max_430100", "6".into()),
        ("recommendation_deadline", deadline.clone()),
        ("report_deadlines", "2023-05-20, 2023-11-20".into()),
        ("unit", p.unit.to_string()),
        ("from_campaign", String::new()),
    ];
    for b in &p.bodies {
        form.push(("body", b.to_string()));
    }
    // A mistyped quota is refused beside its field, the values kept.
    let mut typo = form.clone();
    typo[2].1 = "五十".into();
    let refused = post(&mut province, "/campaigns", &typo).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.body.contains("请填写整数"), "{}", refused.body);
    assert!(refused.body.contains("value=\"2023-05-20, 2023-11-20\""));
    let at = redirected(&post(&mut province, "/campaigns", &form).await, "create");
    let id: i64 = at
        .trim_start_matches("/campaigns/")
        .split('?')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    let page = province.get(&at).await;
    ok(&page, "the campaign page");
    assert!(page.body.contains("提升行动已创建"));
    assert!(page.body.contains("长沙市 5～6家"), "the override is shown");
    redirected(
        &province
            .post_form(&format!("/campaigns/{id}/open"), &[])
            .await,
        "open",
    );
    wait_for_jobs(&app.store).await;

    // ---- A self-application from a visitor without an account, to 湘潭.
    let mut visitor = app.client();
    visitor
        .headers
        .push(("sec-fetch-site".into(), "same-origin".into()));
    let form_page = visitor.get("/apply").await;
    ok(&form_page, "the public form");
    assert!(
        form_page
            .body
            .contains("2023年小微企业质量管理体系认证提升行动")
    );
    let applicant = Uscc::from_parts('9', '1', "430302", "00008801").unwrap();
    let apply: Vec<(&str, String)> = vec![
        ("uscc", applicant.as_str().into()),
        ("name", "雨湖自荐机电有限公司".into()),
        ("division_code", "430302".into()),
        ("industry", "industry".into()),
        ("employees", "70".into()),
        ("operating_revenue", "4200".into()),
        ("main_revenue", "3900".into()),
        ("total_assets", "2500".into()),
        ("contact_name", "孙丽".into()),
        ("contact_phone", "13711112222".into()),
        ("motivation", String::new()),
    ];
    let missing = post(&mut visitor, "/apply", &apply).await;
    assert_eq!(missing.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        missing.body.contains("value=\"雨湖自荐机电有限公司\""),
        "kept"
    );
    let mut apply = apply;
    apply[10].1 = "希望通过认证提升质量管理水平".into();
    let done = redirected(&post(&mut visitor, "/apply", &apply).await, "apply");
    let reference = done.split("reference=").nth(1).unwrap().to_string();
    ok(&visitor.get(&done).await, "the reference page");
    let status = post(
        &mut visitor,
        "/apply/status",
        &[
            ("reference", reference.clone()),
            ("uscc", applicant.as_str().into()),
        ],
    )
    .await;
    ok(&status, "status");
    assert!(status.body.contains("正在审核"));
    // The reference with another enterprise's code tells nothing.
    let other = post(
        &mut visitor,
        "/apply/status",
        &[
            ("reference", reference.clone()),
            ("uscc", p.cities[0].1[0].clone()),
        ],
    )
    .await;
    assert_eq!(other.status, StatusCode::NOT_FOUND);
    assert!(!other.body.contains("雨湖自荐"));

    // ---- Fourteen cities recommend and submit.
    for (code, codes) in &p.cities {
        let mut city = browser(&app, &format!("city-{code}")).await;
        let home = city.get("/").await;
        ok(&home, "a city's home");
        assert!(home.body.contains("家企业待推荐或上报"), "{code}: to-do");
        let list = city.get("/campaigns/current/recommendations").await;
        assert_eq!(
            redirected(&list, "current"),
            format!("/campaigns/{id}/recommendations")
        );
        let candidates = city.get(&format!("/campaigns/{id}/candidates")).await;
        ok(&candidates, "candidates");
        assert!(candidates.body.contains(&codes[0]));
        // Only its own division's enterprises.
        let foreign = &p.cities.iter().find(|(c, _)| c != code).unwrap().1[0];
        assert!(!candidates.body.contains(foreign.as_str()));
        let wanted = if code == "430100" { 6 } else { 5 };
        let mut n = 0;
        let recommend = async |city: &mut Client, uscc: &str, n: usize| {
            ok(
                &city
                    .get(&format!("/campaigns/{id}/recommend?uscc={uscc}"))
                    .await,
                "the 推荐表",
            );
            redirected(
                &post(
                    city,
                    &format!("/campaigns/{id}/recommendations"),
                    &recommendation_form(uscc, n),
                )
                .await,
                "recommend",
            );
        };
        match code.as_str() {
            "430200" => {
                // An enterprise below the revenue rule: refused without a justification,
                // beside the justification field; accepted with one, and flagged.
                let mut f = recommendation_form(&p.ineligible, 0);
                let refused =
                    post(&mut city, &format!("/campaigns/{id}/recommendations"), &f).await;
                assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
                assert!(refused.body.contains("须说明理由"), "{}", refused.body);
                assert!(
                    refused.body.contains("本地优势产业链骨干企业，第0家"),
                    "kept"
                );
                f[10].1 = "该企业为本地龙头企业的配套厂，营收统计口径调整后达标".into();
                redirected(
                    &post(&mut city, &format!("/campaigns/{id}/recommendations"), &f).await,
                    "justified",
                );
                n += 1;
            }
            "430300" => {
                // 湘潭 adopts the self-application.
                let apps = city.get(&format!("/campaigns/{id}/applications")).await;
                ok(&apps, "applications");
                assert!(apps.body.contains("雨湖自荐机电有限公司"));
                let aid: i64 = apps
                    .body
                    .split("/applications/")
                    .nth(1)
                    .unwrap()
                    .split('/')
                    .next()
                    .unwrap()
                    .parse()
                    .unwrap();
                redirected(
                    &city
                        .post_form(&format!("/campaigns/{id}/applications/{aid}/adopt"), &[])
                        .await,
                    "adopt",
                );
                n += 1;
            }
            "430400" => {
                // 衡阳 tries to submit two: refused, with the domain's words.
                for uscc in &codes[..2] {
                    recommend(&mut city, uscc, n).await;
                    n += 1;
                }
                ok(
                    &city.get(&format!("/campaigns/{id}/submit")).await,
                    "confirm",
                );
                let early = city
                    .post_form(&format!("/campaigns/{id}/submit"), &[])
                    .await;
                assert_eq!(early.status, StatusCode::UNPROCESSABLE_ENTITY);
                assert!(
                    early.body.contains("推荐名单应为3～5家，当前为2家"),
                    "{}",
                    early.body
                );
            }
            "430700" => {
                // 常德 withdraws one and edits another before submitting.
                recommend(&mut city, &codes[5], 9).await;
                let own = participations(&app, id).await;
                let pid = own.iter().find(|x| x.city_code == "430700").unwrap().id;
                let edit = city.get(&format!("/recommendations/{pid}/edit")).await;
                ok(&edit, "edit form");
                let mut f = recommendation_form(&codes[5], 9);
                f[1].1 = "修改后的推荐理由".into();
                redirected(
                    &post(&mut city, &format!("/recommendations/{pid}"), &f).await,
                    "edit",
                );
                redirected(
                    &city
                        .post_form(&format!("/recommendations/{pid}/withdraw"), &[])
                        .await,
                    "withdraw",
                );
            }
            _ => {}
        }
        for uscc in codes.iter().skip(if code == "430400" { 2 } else { 0 }) {
            if n >= wanted {
                break;
            }
            recommend(&mut city, uscc, n).await;
            n += 1;
        }
        if code == "430600" {
            // 岳阳's sixth is refused: the maximum is five.
            let sixth = post(
                &mut city,
                &format!("/campaigns/{id}/recommendations"),
                &recommendation_form(&codes[5], 6),
            )
            .await;
            assert_eq!(sixth.status, StatusCode::UNPROCESSABLE_ENTITY);
            assert!(sixth.body.contains("已达上限（5家）"));
        }
        let confirm = city.get(&format!("/campaigns/{id}/submit")).await;
        ok(&confirm, "the confirmation step");
        assert!(confirm.body.contains("data-confirm"));
        let after = redirected(
            &city
                .post_form(&format!("/campaigns/{id}/submit"), &[])
                .await,
            "submit",
        );
        assert!(after.contains("done=list_submitted"), "{after}");
        let list = city.get(&after).await;
        assert!(list.body.contains("推荐名单已上报省局"));
        // The list as the city sends it up.
        let sheet = city
            .get(&format!("/campaigns/{id}/recommendations.xlsx"))
            .await;
        ok(&sheet, "xlsx");
        assert!(
            sheet
                .headers
                .get("content-disposition")
                .unwrap()
                .to_str()
                .unwrap()
                .contains("filename*=UTF-8''")
        );
    }
    let all = participations(&app, id).await;
    assert_eq!(all.iter().filter(|x| x.state == "submitted").count(), 71);

    // ---- Consent: every contact confirms, one declines.
    let declining = p.cities[4].1[1].clone();
    for x in all.iter().filter(|x| x.origin != "applied") {
        let uscc = uscc_of(&app, x.enterprise_id).await;
        let mut contact = browser(&app, &format!("enterprise-{uscc}")).await;
        if uscc == p.cities[0].1[0] {
            let home = contact.get("/").await;
            assert!(home.body.contains("项参与确认待您办理"), "{}", home.body);
            assert!(home.body.contains("todo-badge-count"));
        }
        let page = contact.get(&format!("/campaigns/{id}/consent")).await;
        ok(&page, "consent page");
        let answer = if uscc == declining {
            vec![
                ("decision", "decline".to_string()),
                ("reason", "今年搬迁新厂区".into()),
            ]
        } else {
            vec![
                ("decision", "confirm".to_string()),
                ("person_in_charge", "赵磊 总经理".into()),
                ("commits", "on".into()),
            ]
        };
        let done = redirected(
            &post(&mut contact, &format!("/campaigns/{id}/consent"), &answer).await,
            "consent",
        );
        assert!(done.contains("done=consent_"));
    }

    // ---- The province compares the cities, returns one, selects fifty, waits three.
    let board = province.get(&format!("/campaigns/{id}/selection")).await;
    ok(&board, "the selection board");
    for city in division::prefectures_of("430000") {
        assert!(board.body.contains(city.name_zh), "{}", city.name_zh);
    }
    assert!(board.body.contains("14 / 14"));
    assert!(board.body.contains("不符合条件，已说明理由"));
    let all = participations(&app, id).await;
    let returned = all
        .iter()
        .find(|x| x.city_code == "430100" && x.consent == "confirmed")
        .unwrap();
    let no_reason = province
        .post_form(
            &format!("/campaigns/{id}/participations/{}/return", returned.id),
            &[("reason", "")],
        )
        .await;
    assert_eq!(no_reason.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(no_reason.body.contains("请填写原因"));
    redirected(
        &province
            .post_form(
                &format!("/campaigns/{id}/participations/{}/return", returned.id),
                &[("reason", "与省重点产业链不符")],
            )
            .await,
        "return",
    );
    // 长沙 sees why and replaces it before the deadline.
    let mut changsha = browser(&app, "city-430100").await;
    let list = changsha
        .get(&format!("/campaigns/{id}/recommendations"))
        .await;
    assert!(list.body.contains("与省重点产业链不符"));
    let replacement = app.fx.changsha_a.clone();
    redirected(
        &post(
            &mut changsha,
            &format!("/campaigns/{id}/recommendations"),
            &recommendation_form(&replacement, 7),
        )
        .await,
        "replacement",
    );
    redirected(
        &changsha
            .post_form(&format!("/campaigns/{id}/submit"), &[])
            .await,
        "resubmit",
    );
    let mut contact_a = browser(&app, "enterprise-a").await;
    redirected(
        &post(
            &mut contact_a,
            &format!("/campaigns/{id}/consent"),
            &[
                ("decision", "confirm".into()),
                ("person_in_charge", "张伟".into()),
                ("commits", "on".into()),
            ],
        )
        .await,
        "enterprise-a confirms",
    );

    let confirmed: Vec<participation::Model> = participations(&app, id)
        .await
        .into_iter()
        .filter(|x| x.state == "submitted" && x.consent == "confirmed")
        .collect();
    assert!(confirmed.len() >= 54, "{}", confirmed.len());
    // Without consent there is no selection: the adopted applicant has not confirmed.
    let unconfirmed = participations(&app, id)
        .await
        .into_iter()
        .find(|x| x.origin == "applied")
        .unwrap();
    let refused = post(
        &mut province,
        &format!("/campaigns/{id}/selections"),
        &[
            ("pid", unconfirmed.id.to_string()),
            ("uscc", uscc_of(&app, unconfirmed.enterprise_id).await),
            ("certification_body_id", p.bodies[0].to_string()),
        ],
    )
    .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.body.contains("企业尚未确认参与"));
    let select =
        async |province: &mut Client, x: &participation::Model, n: usize, waiting: bool| {
            let mut f = vec![
                ("pid", x.id.to_string()),
                ("uscc", uscc_of(&app, x.enterprise_id).await),
                ("certification_body_id", p.bodies[n % 3].to_string()),
                (
                    "support_unit_id",
                    if n.is_multiple_of(5) {
                        p.unit.to_string()
                    } else {
                        String::new()
                    },
                ),
            ];
            if waiting {
                f.push(("waiting_list", "on".into()));
            }
            post(province, &format!("/campaigns/{id}/selections"), &f).await
        };
    for (n, x) in confirmed.iter().take(50).enumerate() {
        let done = redirected(&select(&mut province, x, n, false).await, "select");
        assert!(done.contains("done=selected"), "{done}");
    }
    let over = select(&mut province, &confirmed[50], 50, false).await;
    assert_eq!(over.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(over.body.contains("遴选名额已满（共50家）"));
    for (n, x) in confirmed.iter().enumerate().skip(50).take(3) {
        let done = redirected(&select(&mut province, x, n, true).await, "waitlist");
        assert!(done.contains("done=waitlisted"), "{done}");
    }
    let now = participations(&app, id).await;
    assert_eq!(now.iter().filter(|x| x.state == "selected").count(), 50);
    assert_eq!(now.iter().filter(|x| x.state == "waitlisted").count(), 3);

    // Withdrawing a selected enterprise offers the place to the first in line.
    let first_waiting = now
        .iter()
        .filter(|x| x.state == "waitlisted")
        .min_by_key(|x| x.waitlist_rank)
        .unwrap()
        .clone();
    let leaving = now.iter().find(|x| x.state == "selected").unwrap().clone();
    let offer = redirected(
        &province
            .post_form(
                &format!("/campaigns/{id}/participations/{}/withdraw", leaving.id),
                &[("reason", "企业停产整顿")],
            )
            .await,
        "withdraw",
    );
    assert!(
        offer.contains(&format!("offer={}", first_waiting.id)),
        "{offer}"
    );
    let assignments = province.get(&offer).await;
    ok(&assignments, "assignments");
    assert!(assignments.body.contains("可递补"));
    redirected(
        &province
            .post_form(
                &format!(
                    "/campaigns/{id}/participations/{}/promote",
                    first_waiting.id
                ),
                &[("certification_body_id", &p.bodies[1].to_string())],
            )
            .await,
        "promote",
    );
    // A selected enterprise changes body.
    let moved = participations(&app, id)
        .await
        .into_iter()
        .find(|x| x.state == "selected" && x.certification_body_id == Some(p.bodies[0]))
        .unwrap();
    redirected(
        &province
            .post_form(
                &format!("/campaigns/{id}/participations/{}/assign", moved.id),
                &[
                    ("certification_body_id", &p.bodies[2].to_string()),
                    ("support_unit_id", &p.unit.to_string()),
                ],
            )
            .await,
        "assign",
    );
    let end = participations(&app, id).await;
    assert_eq!(end.iter().filter(|x| x.state == "selected").count(), 50);
    assert_eq!(end.iter().filter(|x| x.state == "waitlisted").count(), 2);
    assert!(
        end.iter()
            .filter(|x| x.state == "selected")
            .all(|x| x.certification_body_id.is_some())
    );

    // ---- The bodies find exactly their enterprises waiting.
    for (n, body) in p.bodies.iter().enumerate() {
        let username = if n == 0 {
            "body-1".to_string()
        } else {
            format!("body-{}", n + 1)
        };
        let mine: Vec<&participation::Model> = end
            .iter()
            .filter(|x| x.state == "selected" && x.certification_body_id == Some(*body))
            .collect();
        let mut b = browser(&app, &username).await;
        let home = b.get("/").await;
        assert!(
            home.body.contains(&format!(
                "<span class=\"todo-count-number\">{}</span>家新分配给您的企业",
                mine.len()
            )),
            "{username}: {}",
            home.body
        );
        let list = b.get(&format!("/campaigns/{id}/participations")).await;
        ok(&list, "a body's participants");
        for x in &end {
            let uscc = uscc_of(&app, x.enterprise_id).await;
            let assigned =
                x.certification_body_id == Some(*body) || x.support_unit_id == Some(*body);
            assert_eq!(list.body.contains(&uscc), assigned, "{username} {uscc}");
        }
        let one = uscc_of(&app, mine[0].enterprise_id).await;
        ok(
            &b.get(&format!("/enterprises/{one}")).await,
            "assigned record",
        );
    }

    // ---- The 推荐表 prints; the timeline tells the story; the province's list exports.
    let chosen = end.iter().find(|x| x.state == "selected").unwrap();
    let sheet = province
        .get(&format!("/recommendations/{}", chosen.id))
        .await;
    ok(&sheet, "the 推荐表");
    assert!(sheet.body.contains("推荐表") && sheet.body.contains("data-print"));
    let record = province
        .get(&format!(
            "/enterprises/{}",
            uscc_of(&app, chosen.enterprise_id).await
        ))
        .await;
    for step in ["推荐", "上报推荐名单", "企业确认", "遴选", "资格审查"] {
        assert!(record.body.contains(step), "timeline lacks {step}");
    }
    let xlsx = province
        .get(&format!("/campaigns/{id}/recommendations.xlsx"))
        .await;
    ok(&xlsx, "the province's list");
    assert!(xlsx.body.starts_with("PK"));

    // ---- Closing: read-only everywhere.
    redirected(
        &province
            .post_form(&format!("/campaigns/{id}/close"), &[])
            .await,
        "close",
    );
    let late = post(
        &mut changsha,
        &format!("/campaigns/{id}/recommendations"),
        &recommendation_form(&app.fx.changsha_b, 8),
    )
    .await;
    assert_eq!(late.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(late.body.contains("已结束"));
    assert!(matches!(
        uplift_store::audit::verify_chain(&app.store).await.unwrap(),
        uplift_store::audit::ChainReport::Intact { .. }
    ));
}

#[tokio::test]
async fn the_campaign_pages_show_nothing_outside_the_readers_reach() {
    let app = TestApp::new().await;
    let p = province_of_fourteen(&app, 3).await;
    let mut province = browser(&app, "province").await;
    let mut form: Vec<(&str, String)> = vec![
        ("year", "2023".into()),
        ("quota", "50".into()),
        ("recommend_min", "1".into()),
        ("recommend_max", "5".into()),
        ("report_deadlines", String::new()),
        ("from_campaign", String::new()),
    ];
    for b in &p.bodies {
        form.push(("body", b.to_string()));
    }
    let at = redirected(&post(&mut province, "/campaigns", &form).await, "create");
    let id: i64 = at
        .trim_start_matches("/campaigns/")
        .split('?')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    redirected(
        &province
            .post_form(&format!("/campaigns/{id}/open"), &[])
            .await,
        "open",
    );
    wait_for_jobs(&app.store).await;
    // 长沙 recommends one of its enterprises.
    let mut changsha = browser(&app, "city-430100").await;
    redirected(
        &post(
            &mut changsha,
            &format!("/campaigns/{id}/recommendations"),
            &recommendation_form(&app.fx.changsha_a, 0),
        )
        .await,
        "recommend",
    );
    let pid = participations(&app, id).await[0].id;

    // Another city, a body, another enterprise's contact: the form and every campaign page
    // of another role answer 404.
    let mut zhuzhou = browser(&app, "city-430200").await;
    for path in [
        format!("/recommendations/{pid}"),
        format!("/recommendations/{pid}/edit"),
        format!("/campaigns/{id}/selection"),
        format!("/campaigns/{id}/assignments"),
        format!("/campaigns/{id}/consent"),
        format!("/campaigns/{id}/recommend?uscc={}", app.fx.changsha_a),
    ] {
        assert_eq!(
            zhuzhou.get(&path).await.status,
            StatusCode::NOT_FOUND,
            "{path}"
        );
    }
    // Its own list and sheet hold only its own.
    let own = zhuzhou
        .get(&format!("/campaigns/{id}/recommendations"))
        .await;
    ok(&own, "株洲's list");
    assert!(!own.body.contains(&app.fx.changsha_a));
    let sheet = zhuzhou
        .get(&format!("/campaigns/{id}/recommendations.xlsx?city=430100"))
        .await;
    ok(&sheet, "株洲's sheet, whatever it asks");
    assert!(
        sheet
            .headers
            .get("content-disposition")
            .unwrap()
            .to_str()
            .unwrap()
            .contains("%E6%A0%AA%E6%B4%B2"),
        "named 株洲"
    );
    let mut body = browser(&app, "body-1").await;
    for path in [
        format!("/recommendations/{pid}"),
        format!("/campaigns/{id}/selection"),
        format!("/campaigns/{id}/candidates"),
        format!("/campaigns/{id}/applications"),
        format!("/campaigns/{id}/recommendations.xlsx"),
    ] {
        assert_eq!(
            body.get(&path).await.status,
            StatusCode::NOT_FOUND,
            "{path}"
        );
    }
    let list = body.get(&format!("/campaigns/{id}/participations")).await;
    ok(&list, "a body's empty list");
    assert!(!list.body.contains(&app.fx.changsha_a));
    let mut stranger = browser(&app, &format!("enterprise-{}", p.cities[1].1[0])).await;
    for path in [
        format!("/recommendations/{pid}"),
        format!("/campaigns/{id}/consent"),
        format!("/campaigns/{id}"),
    ] {
        assert_eq!(
            stranger.get(&path).await.status,
            StatusCode::NOT_FOUND,
            "{path}"
        );
    }
    // The province asks for a city outside its province: nothing.
    assert_eq!(
        province
            .get(&format!("/campaigns/{id}/recommendations.xlsx?city=440300"))
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    // The contact of 长沙甲 sees its own form, with the phone it gave.
    let mut own_contact = browser(&app, "enterprise-a").await;
    ok(
        &own_contact.get(&format!("/recommendations/{pid}")).await,
        "its own 推荐表",
    );
}

#[tokio::test]
async fn the_demo_province_has_a_closed_pilot_and_a_campaign_in_mid_year_with_work_for_every_role()
{
    let db = crate::harness::TestDb::new().await;
    let store = uplift_store::Store::connect(&db.url).await.unwrap();
    store.migrate().await.unwrap();
    let platform = uplift_app::App::from_store(store.clone(), Default::default());
    const PW: &str = "Demo-Password-2022";
    uplift_app::demo::ensure_loaded(
        &platform,
        &uplift_app::operator::Operator::cli(),
        Some(PW.into()),
    )
    .await
    .unwrap()
    .unwrap();
    let router = uplift_web::router(uplift_web::AppState::new(platform, Default::default()));
    let campaigns = uplift_store::campaigns::for_province(store.db(), "430000")
        .await
        .unwrap();
    let years: Vec<(u16, &str)> = campaigns
        .iter()
        .map(|c| (c.year(), c.status().key()))
        .collect();
    assert_eq!(years, [(2022, "open"), (2021, "closed")]);
    let open = &campaigns[0];
    let all = participation::Entity::find()
        .filter(participation::Column::CampaignId.eq(open.id))
        .all(store.db())
        .await
        .unwrap();
    let count = |state: &str| all.iter().filter(|p| p.state == state).count();
    assert_eq!(count("selected"), open.settings.quota as usize);
    assert!(count("waitlisted") >= 1 && count("returned") == 1);
    assert!(all.iter().any(|p| p.consent == "pending"));
    let submissions = uplift_store::participations::submissions(store.db(), open.id)
        .await
        .unwrap();
    assert!(submissions.iter().filter(|s| s.late).count() == 1);
    assert!(submissions.len() < 14, "some cities have not submitted");
    // Every role finds something on its to-do list.
    let showcase = all
        .iter()
        .find(|p| p.state == "submitted" && p.consent == "pending" && p.origin != "applied")
        .unwrap();
    let showcase = uplift_store::entity::enterprise::Entity::find_by_id(showcase.enterprise_id)
        .one(store.db())
        .await
        .unwrap()
        .unwrap()
        .uscc;
    for (user, todo) in [
        ("province".to_string(), "家市州推荐企业待遴选"),
        ("city-430100".into(), "份企业申报待审核"),
        ("city-433100".into(), "家企业待推荐或上报"),
        ("body-1".into(), "家新分配给您的企业"),
        (format!("enterprise-{showcase}"), "项参与确认待您办理"),
    ] {
        let mut c = Client::new(router.clone());
        assert_eq!(c.login(&user, PW).await.status, StatusCode::SEE_OTHER);
        let home = c.get("/").await;
        assert!(home.body.contains(todo), "{user}: {}", home.body);
        assert!(
            home.body.contains("todo-badge-count"),
            "{user}: the top bar"
        );
    }
}
