//! The programme year, as the notice runs it: the province opens the campaign, cities
//! recommend within their range, enterprises confirm, the province selects up to its quota
//! with a waiting list and assigns bodies; a closed campaign changes no more.

use axum::http::StatusCode;
use uplift_app::campaigns::{
    self, ApplicationForm, Campaign, CampaignForm, ConsentDecision, RecommendationForm, Selection,
};
use uplift_app::sessions::{self, LoginOutcome, SessionKind};
use uplift_app::{CurrentUser, Error, Refusal};
use uplift_domain::division::DivisionCode;
use uplift_domain::money::Money;
use uplift_domain::sme::Industry;
use uplift_domain::uscc::Uscc;
use uplift_domain::workflow::{self, ParticipationState};
use uplift_store::audit::Actor;
use uplift_store::enterprises::{self, NewEnterprise};
use uplift_store::entity::organisation;
use uplift_store::sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

use crate::harness::{PASSWORD, TestApp};

async fn user(app: &TestApp, username: &str) -> CurrentUser {
    match sessions::login(
        &app.app,
        username,
        PASSWORD,
        None,
        SessionKind::Api,
        None,
        None,
    )
    .await
    .unwrap()
    {
        LoginOutcome::Success { user, .. } => *user,
        LoginOutcome::Refused => panic!("{username} could not log in"),
    }
}

/// `n` more eligible enterprises in a county of a city; their credit codes.
async fn more_enterprises(app: &TestApp, division: &str, n: u32, from: u32) -> Vec<String> {
    let mut tx = app.store.write(&Actor::system("test")).await.unwrap();
    let mut codes = Vec::new();
    for i in from..from + n {
        let uscc = Uscc::from_parts('9', '1', division, &format!("{:08}", 7_000 + i)).unwrap();
        enterprises::insert(
            &mut tx,
            NewEnterprise {
                uscc: uscc.clone(),
                uscc_warnings: Vec::new(),
                name: format!("测试{i}号制造有限公司"),
                division: DivisionCode::parse(division).unwrap(),
                industry: Industry::Industry,
                employees: Some(80),
                operating_revenue: Some(Money::from_wan(6000)),
                main_revenue: Some(Money::from_wan(5000)),
                total_assets: Some(Money::from_wan(3000)),
                operating_status: uplift_domain::directory::OperatingStatus::Operating,
                contact_name: Some("刘洋".into()),
                contact_phone: Some("13912345678".into()),
            },
        )
        .await
        .unwrap();
        codes.push(uscc.as_str().to_string());
    }
    tx.commit().await.unwrap();
    codes
}

fn form(year: u16, quota: u32, min: u32, max: u32) -> CampaignForm {
    CampaignForm {
        year,
        name: None,
        quota,
        recommend_min: min,
        recommend_max: max,
        city_ranges: Vec::new(),
        recommendation_deadline: None,
        report_deadlines: None,
        certification_body_ids: None,
        support_unit_ids: None,
        from_campaign: None,
    }
}

async fn open_campaign(app: &TestApp, year: u16, quota: u32, min: u32, max: u32) -> Campaign {
    let province = user(app, "province").await;
    let c = campaigns::create(&app.app, &province, &form(year, quota, min, max))
        .await
        .unwrap();
    let c = campaigns::open(&app.app, &province, c.id).await.unwrap();
    crate::write_matrix::wait_for_jobs(&app.store).await;
    c
}

fn reason() -> RecommendationForm {
    RecommendationForm {
        reason: Some("本地优势产业链骨干企业".into()),
        commitment_person: Some("王总".into()),
        ..RecommendationForm::default()
    }
}

fn refused(e: Error) -> Refusal {
    match e {
        Error::Refused(r) => r,
        other => panic!("expected a refusal, got {other:?}"),
    }
}

#[tokio::test]
async fn a_city_recommends_within_its_range_and_never_beyond_its_maximum() {
    let app = TestApp::new().await;
    let codes = more_enterprises(&app, "430102", 4, 0).await;
    let c = open_campaign(&app, 2023, 50, 2, 3).await;
    let city = user(&app, "city-430100").await;
    // Submitting an empty list is refused: below the minimum.
    let r = refused(campaigns::submit(&app.app, &city, c.id).await.unwrap_err());
    assert!(matches!(
        r,
        Refusal::Workflow(workflow::Refusal::ListOutOfRange { count: 0, .. })
    ));
    for code in &codes[..3] {
        campaigns::recommend(&app.app, &city, c.id, code, &reason())
            .await
            .unwrap();
    }
    let fourth = campaigns::recommend(&app.app, &city, c.id, &codes[3], &reason())
        .await
        .unwrap_err();
    assert!(matches!(
        refused(fourth),
        Refusal::Workflow(workflow::Refusal::CityMaximumReached { max: 3 })
    ));
    assert!(!campaigns::submit(&app.app, &city, c.id).await.unwrap());
}

#[tokio::test]
async fn a_city_cannot_recommend_outside_its_division() {
    let app = TestApp::new().await;
    let c = open_campaign(&app, 2023, 50, 1, 5).await;
    let city = user(&app, "city-430100").await;
    let err = campaigns::recommend(&app.app, &city, c.id, &app.fx.zhuzhou_c, &reason())
        .await
        .unwrap_err();
    assert!(matches!(err, Error::NotFound), "{err:?}");
    // Through the API: 404 as well.
    let token = app.token("city-430100").await;
    let res = app
        .client()
        .send(
            axum::http::Request::post(format!("/api/v1/campaigns/{}/recommendations", c.id))
                .header("content-type", "application/json")
                .header("authorization", format!("Bearer {token}")),
            axum::body::Body::from(
                serde_json::json!({"uscc": app.fx.zhuzhou_c, "reason": "x"}).to_string(),
            ),
        )
        .await;
    assert_eq!(res.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn an_ineligible_enterprise_needs_a_written_justification_and_is_flagged() {
    let app = TestApp::new().await;
    let c = open_campaign(&app, 2023, 50, 1, 5).await;
    // Make 长沙乙 fail a rule: no contact person.
    let province = user(&app, "province").await;
    let mut rules = campaigns::get(&app.app, &province, c.id)
        .await
        .unwrap()
        .rules;
    rules.min_main_revenue = Some(Money::from_wan(100_000));
    uplift_app::screening::save_rules(&app.app, &province, &rules)
        .await
        .unwrap();
    crate::write_matrix::wait_for_jobs(&app.store).await;
    let city = user(&app, "city-430100").await;
    let err = campaigns::recommend(&app.app, &city, c.id, &app.fx.changsha_b, &reason())
        .await
        .unwrap_err();
    assert_eq!(
        refused(err),
        Refusal::Workflow(workflow::Refusal::JustificationMissing)
    );
    let justified = RecommendationForm {
        justification: Some("该企业营收在统计口径调整后达标".into()),
        ..reason()
    };
    let p = campaigns::recommend(&app.app, &city, c.id, &app.fx.changsha_b, &justified)
        .await
        .unwrap();
    assert_eq!(
        p.verdict_eligible,
        Some(false),
        "the verdict is kept as evidence"
    );
    assert!(p.justification.is_some());
}

#[tokio::test]
async fn a_submission_after_the_deadline_is_accepted_and_marked_late() {
    let app = TestApp::new().await;
    let province = user(&app, "province").await;
    let mut late_form = form(2023, 50, 1, 5);
    // Yesterday, China Standard Time: its 23:59:59 has passed.
    late_form.recommendation_deadline =
        Some(uplift_domain::cst::date_cst(uplift_store::now()) - chrono::Duration::days(1));
    let c = campaigns::create(&app.app, &province, &late_form)
        .await
        .unwrap();
    campaigns::open(&app.app, &province, c.id).await.unwrap();
    crate::write_matrix::wait_for_jobs(&app.store).await;
    let city = user(&app, "city-430100").await;
    campaigns::recommend(&app.app, &city, c.id, &app.fx.changsha_a, &reason())
        .await
        .unwrap();
    assert!(
        campaigns::submit(&app.app, &city, c.id).await.unwrap(),
        "late"
    );
    let overview = campaigns::overview(&app.app, &province, c.id)
        .await
        .unwrap();
    let changsha = overview.iter().find(|o| o.city_code == "430100").unwrap();
    assert!(changsha.late && changsha.submitted_at.is_some());
    let zhuzhou = overview.iter().find(|o| o.city_code == "430200").unwrap();
    assert!(zhuzhou.submitted_at.is_none());
}

/// Recommend, submit and confirm `codes` of 长沙 and 株洲 (each its own enterprise contact
/// cannot log in: they have none; consent is given through the store's contact accounts).
async fn submitted(app: &TestApp, c: &Campaign, codes: &[String]) {
    let city = user(app, "city-430100").await;
    for code in codes {
        campaigns::recommend(&app.app, &city, c.id, code, &reason())
            .await
            .unwrap();
    }
    campaigns::submit(&app.app, &city, c.id).await.unwrap();
}

async fn confirm_all(app: &TestApp, c: &Campaign) {
    // Consent recorded as the contacts would (they have no accounts in this fixture but
    // `enterprise-a`): directly, then `enterprise-a` through the use case.
    use uplift_store::entity::participation;
    use uplift_store::sea_orm::{ActiveModelTrait, Set};
    for p in participation::Entity::find()
        .filter(participation::Column::CampaignId.eq(c.id))
        .all(app.store.db())
        .await
        .unwrap()
    {
        let mut a: participation::ActiveModel = p.into();
        a.consent = Set("confirmed".into());
        a.update(app.store.db()).await.unwrap();
    }
}

async fn body_id(app: &TestApp) -> i64 {
    organisation::Entity::find()
        .filter(organisation::Column::Kind.eq("certification_body"))
        .one(app.store.db())
        .await
        .unwrap()
        .unwrap()
        .id
}

#[tokio::test]
async fn the_province_selects_up_to_its_quota_keeps_a_waiting_list_and_promotes_from_it() {
    let app = TestApp::new().await;
    let codes = more_enterprises(&app, "430104", 4, 10).await;
    let c = open_campaign(&app, 2023, 2, 1, 5).await;
    submitted(&app, &c, &codes).await;
    let province = user(&app, "province").await;
    let body = Some(body_id(&app).await);
    let choice = |code: &str, waiting_list| Selection {
        uscc: code.to_string(),
        certification_body_id: body,
        support_unit_id: None,
        waiting_list,
    };
    // Without consent, no selection.
    let err = campaigns::select(&app.app, &province, c.id, &choice(&codes[0], false))
        .await
        .unwrap_err();
    assert!(matches!(
        refused(err),
        Refusal::Workflow(workflow::Refusal::ConsentNotConfirmed { .. })
    ));
    confirm_all(&app, &c).await;
    let first = campaigns::select(&app.app, &province, c.id, &choice(&codes[0], false))
        .await
        .unwrap();
    assert_eq!(first.selection_rank, Some(1));
    campaigns::select(&app.app, &province, c.id, &choice(&codes[1], false))
        .await
        .unwrap();
    // The quota is full: refused, unless the waiting list is asked for.
    let err = campaigns::select(&app.app, &province, c.id, &choice(&codes[2], false))
        .await
        .unwrap_err();
    assert_eq!(
        refused(err),
        Refusal::Workflow(workflow::Refusal::QuotaFull { quota: 2 })
    );
    let waiting = campaigns::select(&app.app, &province, c.id, &choice(&codes[2], true))
        .await
        .unwrap();
    assert_eq!(waiting.state, ParticipationState::Waitlisted.key());
    assert_eq!(waiting.waitlist_rank, Some(1));
    campaigns::select(&app.app, &province, c.id, &choice(&codes[3], true))
        .await
        .unwrap();
    // Withdrawing a selected enterprise frees its place and offers the first in line.
    let next = campaigns::withdraw(&app.app, &province, c.id, first.id, Some("企业停产".into()))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(next.id, waiting.id);
    let promoted = campaigns::promote(&app.app, &province, c.id, next.id, body, None)
        .await
        .unwrap();
    assert_eq!(promoted.state, ParticipationState::Selected.key());
    // The body now sees the promoted enterprise, and not the withdrawn one's neighbours.
    let mut b = app.logged_in("body-1").await;
    assert_eq!(
        b.get(&format!("/enterprises/{}", codes[2])).await.status,
        StatusCode::OK
    );
    assert_eq!(
        b.get(&format!("/enterprises/{}", codes[3])).await.status,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn a_returned_recommendation_can_be_replaced_by_its_city() {
    let app = TestApp::new().await;
    let codes = more_enterprises(&app, "430102", 3, 20).await;
    let c = open_campaign(&app, 2023, 50, 2, 2).await;
    submitted(&app, &c, &codes[..2]).await;
    let province = user(&app, "province").await;
    let all = campaigns::participations(&app.app, &province, c.id, Default::default())
        .await
        .unwrap();
    let returned = &all.items[0].participation;
    let err = campaigns::return_to_city(&app.app, &province, c.id, returned.id, None)
        .await
        .unwrap_err();
    assert_eq!(
        refused(err),
        Refusal::Workflow(workflow::Refusal::ReasonMissing)
    );
    campaigns::return_to_city(
        &app.app,
        &province,
        c.id,
        returned.id,
        Some("与省重点产业链不符".into()),
    )
    .await
    .unwrap();
    let city = user(&app, "city-430100").await;
    campaigns::recommend(&app.app, &city, c.id, &codes[2], &reason())
        .await
        .unwrap();
    campaigns::submit(&app.app, &city, c.id).await.unwrap();
    let mine = campaigns::participations(&app.app, &city, c.id, Default::default())
        .await
        .unwrap();
    let states: Vec<&str> = mine
        .items
        .iter()
        .map(|l| l.participation.state.as_str())
        .collect();
    assert_eq!(
        states.iter().filter(|s| **s == "submitted").count(),
        2,
        "{states:?}"
    );
    assert!(states.contains(&"returned"));
}

#[tokio::test]
async fn an_enterprise_confirms_or_declines_for_itself_only() {
    let app = TestApp::new().await;
    let c = open_campaign(&app, 2023, 50, 1, 5).await;
    let city = user(&app, "city-430100").await;
    campaigns::recommend(&app.app, &city, c.id, &app.fx.changsha_a, &reason())
        .await
        .unwrap();
    let contact = user(&app, "enterprise-a").await;
    let declined = campaigns::consent(
        &app.app,
        &contact,
        c.id,
        &ConsentDecision::Decline { reason: None },
    )
    .await
    .unwrap_err();
    assert_eq!(
        refused(declined),
        Refusal::Workflow(workflow::Refusal::ReasonMissing)
    );
    let p = campaigns::consent(
        &app.app,
        &contact,
        c.id,
        &ConsentDecision::Confirm {
            person_in_charge: Some("张伟 总经理".into()),
        },
    )
    .await
    .unwrap();
    assert_eq!(p.consent, "confirmed");
    // A city cannot consent for an enterprise.
    assert!(matches!(
        campaigns::consent(
            &app.app,
            &city,
            c.id,
            &ConsentDecision::Confirm {
                person_in_charge: Some("x".into())
            }
        )
        .await
        .unwrap_err(),
        Error::NotFound
    ));
    // The enterprise's timeline shows the recommendation and the consent.
    let province = user(&app, "province").await;
    let story = campaigns::timeline(&app.app, &province, &app.fx.changsha_a)
        .await
        .unwrap();
    let actions: Vec<&str> = story.iter().map(|e| e.action.as_str()).collect();
    assert_eq!(actions, ["recommend", "consent.confirmed"]);
}

#[tokio::test]
async fn a_closed_campaign_refuses_every_write_and_keeps_its_verdicts() {
    let app = TestApp::new().await;
    let c = open_campaign(&app, 2022, 50, 1, 5).await;
    let province = user(&app, "province").await;
    campaigns::close(&app.app, &province, c.id).await.unwrap();
    let city = user(&app, "city-430100").await;
    let closed = Refusal::Workflow(workflow::Refusal::CampaignClosed);
    assert_eq!(
        refused(
            campaigns::recommend(&app.app, &city, c.id, &app.fx.changsha_a, &reason())
                .await
                .unwrap_err()
        ),
        closed
    );
    assert_eq!(
        refused(campaigns::submit(&app.app, &city, c.id).await.unwrap_err()),
        closed
    );
    assert_eq!(
        refused(
            campaigns::update(&app.app, &province, c.id, &form(2022, 60, 1, 5))
                .await
                .unwrap_err()
        ),
        closed
    );
    assert!(campaigns::open(&app.app, &province, c.id).await.is_err());
    // Its candidates are the verdicts it closed with.
    let candidates = campaigns::candidates(
        &app.app,
        &city,
        c.id,
        &Default::default(),
        Default::default(),
    )
    .await
    .unwrap();
    assert!(candidates.frozen);
    assert!(
        candidates
            .page
            .items
            .iter()
            .any(|e| e.uscc == app.fx.changsha_a)
    );
}

#[tokio::test]
async fn two_campaigns_with_different_rules_give_different_verdicts_for_the_same_enterprise() {
    let app = TestApp::new().await;
    let province = user(&app, "province").await;
    let city = user(&app, "city-430100").await;
    // 2022: the notice's rules; 长沙甲 (4,500 万元) is eligible. Closed.
    let c2022 = open_campaign(&app, 2022, 50, 1, 5).await;
    campaigns::close(&app.app, &province, c2022.id)
        .await
        .unwrap();
    // 2023: the revenue threshold raised above 长沙甲's figure.
    let mut f = form(2023, 50, 1, 5);
    f.from_campaign = Some(c2022.id);
    let c2023 = campaigns::create(&app.app, &province, &f).await.unwrap();
    let mut settings_rules = c2023.rules.clone();
    settings_rules.min_main_revenue = Some(Money::from_wan(9_000));
    campaigns::open(&app.app, &province, c2023.id)
        .await
        .unwrap();
    uplift_app::screening::save_rules(&app.app, &province, &settings_rules)
        .await
        .unwrap();
    crate::write_matrix::wait_for_jobs(&app.store).await;
    let in_2022 = campaigns::candidates(
        &app.app,
        &city,
        c2022.id,
        &Default::default(),
        Default::default(),
    )
    .await
    .unwrap();
    let in_2023 = campaigns::candidates(
        &app.app,
        &city,
        c2023.id,
        &Default::default(),
        Default::default(),
    )
    .await
    .unwrap();
    assert!(
        in_2022
            .page
            .items
            .iter()
            .any(|e| e.uscc == app.fx.changsha_a)
    );
    assert!(
        !in_2023
            .page
            .items
            .iter()
            .any(|e| e.uscc == app.fx.changsha_a)
    );
    // And the open campaign keeps the rules it is screened by.
    let open = campaigns::get(&app.app, &province, c2023.id).await.unwrap();
    assert_eq!(open.rules.min_main_revenue, Some(Money::from_wan(9_000)));
}

#[tokio::test]
async fn an_enterprise_selected_in_an_earlier_campaign_is_flagged_in_the_next() {
    let app = TestApp::new().await;
    let province = user(&app, "province").await;
    let c2022 = open_campaign(&app, 2022, 50, 1, 5).await;
    submitted(&app, &c2022, std::slice::from_ref(&app.fx.changsha_a)).await;
    confirm_all(&app, &c2022).await;
    campaigns::select(
        &app.app,
        &province,
        c2022.id,
        &Selection {
            uscc: app.fx.changsha_a.clone(),
            certification_body_id: Some(body_id(&app).await),
            support_unit_id: None,
            waiting_list: false,
        },
    )
    .await
    .unwrap();
    campaigns::close(&app.app, &province, c2022.id)
        .await
        .unwrap();
    open_campaign(&app, 2023, 50, 1, 5).await;
    let e = enterprises::get_by_uscc(
        &app.store,
        &uplift_domain::role::Scope::Province("430000".into()),
        &app.fx.changsha_a,
    )
    .await
    .unwrap();
    assert_eq!(e.eligible, Some(false));
    assert!(
        e.failed()
            .contains(&uplift_domain::eligibility::Rule::SelectedBefore),
        "{:?}",
        e.failed()
    );
}

fn application() -> ApplicationForm {
    ApplicationForm {
        uscc: Uscc::from_parts('9', '1', "430103", "00009999")
            .unwrap()
            .as_str()
            .to_string(),
        name: "天心自荐精工有限公司".into(),
        division_code: "430103".into(),
        industry: "工业".into(),
        employees: "60".into(),
        operating_revenue_wan: "4000".into(),
        main_revenue_wan: "3500".into(),
        total_assets_wan: "2000".into(),
        contact_name: "周敏".into(),
        contact_phone: "13788889999".into(),
        motivation: "希望通过认证提升质量管理水平".into(),
    }
}

#[tokio::test]
async fn an_enterprise_applies_on_its_own_and_its_city_adopts_it() {
    let app = TestApp::new().await;
    let c = open_campaign(&app, 2023, 50, 1, 5).await;
    let reference = campaigns::apply(&app.app, &application(), Some("10.0.0.7".into()))
        .await
        .unwrap();
    assert!(reference.starts_with("SQ"));
    let form = application();
    let status = campaigns::status(&app.app, &reference, &form.uscc, Some("10.0.0.7".into()))
        .await
        .unwrap();
    assert_eq!(status.status, "pending");
    // The reference with another credit code tells nothing.
    assert!(
        campaigns::status(&app.app, &reference, &app.fx.changsha_a, None)
            .await
            .is_err()
    );
    // It landed with 长沙, not with 株洲.
    let zhuzhou = user(&app, "city-430200").await;
    assert!(
        campaigns::applications(&app.app, &zhuzhou, c.id)
            .await
            .unwrap()
            .is_empty()
    );
    let city = user(&app, "city-430100").await;
    let pending = campaigns::applications(&app.app, &city, c.id)
        .await
        .unwrap();
    assert_eq!(pending.len(), 1);
    assert!(pending[0].eligible);
    let p = campaigns::adopt(&app.app, &city, c.id, pending[0].id, None)
        .await
        .unwrap();
    assert_eq!(p.state, "recommended");
    assert_eq!(p.origin, "applied");
    let status = campaigns::status(&app.app, &reference, &form.uscc, None)
        .await
        .unwrap();
    assert_eq!(status.status, "adopted");
    // The enterprise entered the directory, in 长沙.
    let mut c1 = app.logged_in("city-430100").await;
    assert_eq!(
        c1.get(&format!("/enterprises/{}", form.uscc)).await.status,
        StatusCode::OK
    );
}

#[tokio::test]
async fn the_public_form_is_rate_limited_per_client_address() {
    let app = TestApp::new().await;
    open_campaign(&app, 2023, 50, 1, 5).await;
    let mut accepted = 0;
    let mut throttled = 0;
    for i in 0..8 {
        let mut f = application();
        f.uscc = Uscc::from_parts('9', '1', "430103", &format!("{:08}", 8_000 + i))
            .unwrap()
            .as_str()
            .to_string();
        match campaigns::apply(&app.app, &f, Some("10.9.9.9".into())).await {
            Ok(_) => accepted += 1,
            Err(Error::Refused(Refusal::Throttled)) => throttled += 1,
            Err(e) => panic!("{e:?}"),
        }
    }
    assert_eq!((accepted, throttled), (5, 3));
    // Another address is not held back by the first.
    assert!(
        campaigns::apply(&app.app, &application(), Some("10.1.1.1".into()))
            .await
            .is_ok()
    );
}

#[tokio::test]
async fn the_api_speaks_the_campaign_contract() {
    let app = TestApp::new().await;
    let token = app.token("province").await;
    let mut c = app.client();
    let created = c
        .send(
            axum::http::Request::post("/api/v1/campaigns")
                .header("content-type", "application/json")
                .header("authorization", format!("Bearer {token}")),
            axum::body::Body::from(
                serde_json::json!({
                    "year": 2023, "name": "2023年小微企业质量管理体系认证提升行动",
                    "quota": 50, "recommend_min": 3, "recommend_max": 5,
                    "recommendation_deadline": "2023-04-30"
                })
                .to_string(),
            ),
        )
        .await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.body);
    let id = created.json()["id"].as_i64().unwrap();
    let opened = c
        .send(
            axum::http::Request::post(format!("/api/v1/campaigns/{id}/open"))
                .header("authorization", format!("Bearer {token}")),
            axum::body::Body::empty(),
        )
        .await;
    assert_eq!(opened.json()["status"], "open");
    let listed = c.get_bearer("/api/v1/campaigns", &token).await.json();
    assert_eq!(listed["items"][0]["quota"], 50);
    // A city's refusal is a 422 with its code, in the caller's language.
    let city = app.token("city-430100").await;
    let submit = c
        .send(
            axum::http::Request::post(format!("/api/v1/campaigns/{id}/submit"))
                .header("authorization", format!("Bearer {city}")),
            axum::body::Body::empty(),
        )
        .await;
    assert_eq!(submit.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(submit.json()["error"]["code"], "list_out_of_range");
    // The province cannot recommend; the body sees no participations yet.
    let body = app.token("body-1").await;
    let parts = c
        .get_bearer(&format!("/api/v1/campaigns/{id}/participations"), &body)
        .await;
    assert_eq!(parts.status, StatusCode::OK, "{}", parts.body);
    assert_eq!(parts.json()["total"], 0);
    let me = c.get_bearer("/api/v1/me", &body).await.json();
    assert!(me["organisation_id"].as_i64().is_some());
}
