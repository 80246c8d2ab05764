//! Searching the directory by a piece of a name or the start of a credit code: every match
//! inside the caller's scope and nothing outside it, the same rows the list would show,
//! with the list's other filters applied as the stored columns say, and a renamed or
//! re-screened enterprise found as it is now at once — also when another instance made
//! the change.

use crate::import::hunan;
use uplift_domain::eligibility::{EligibilityRules, Rule};
use uplift_domain::money::Money;
use uplift_domain::role::Scope;
use uplift_domain::sme::{Industry, SizeClass};
use uplift_sheets::{Format, TextEncoding};
use uplift_store::audit::Actor;
use uplift_store::enterprises::{self, Enterprise, EnterpriseFilter, Sort};
use uplift_store::{PageRequest, Store, screening};

use crate::harness::TestApp;
use crate::import::{good_rows, run_import, temp_dir, write_file};

fn province() -> Scope {
    Scope::Province("430000".into())
}

fn changsha() -> Scope {
    Scope::City("430100".into())
}

fn searching(q: &str) -> EnterpriseFilter {
    EnterpriseFilter {
        q: Some(q.into()),
        ..EnterpriseFilter::default()
    }
}

/// Names found, sorted, and the list's total.
async fn found(store: &Store, scope: &Scope, filter: &EnterpriseFilter) -> (Vec<String>, u64) {
    let page = enterprises::list(store, scope, filter, PageRequest::new(None, Some(100)))
        .await
        .unwrap();
    let mut names: Vec<String> = page.items.into_iter().map(|e| e.name).collect();
    names.sort();
    (names, page.total)
}

/// The fixture's four enterprises plus the import's four.
async fn app_with_directory(tag: &str) -> (TestApp, std::path::PathBuf) {
    let app = TestApp::new().await;
    let dir = temp_dir(tag);
    let file = write_file(&dir, "a.csv", Format::Csv, TextEncoding::Utf8, &good_rows());
    run_import(&app.store, &file, hunan(), &dir).await;
    (app, dir)
}

#[tokio::test]
async fn a_two_character_term_finds_every_name_containing_it_inside_the_scope_only() {
    let (app, dir) = app_with_directory("search-scope").await;
    let (names, total) = found(&app.store, &changsha(), &searching("长沙")).await;
    assert_eq!(
        names,
        [
            "长沙一号精密机械有限公司",
            "长沙三号贸易有限公司",
            "长沙乙电子有限公司",
            "长沙甲机械有限公司"
        ]
    );
    assert_eq!(total, 4);

    // 株洲 searching a 长沙 name finds nothing; the province finds it, but not 深圳's.
    let zhuzhou = Scope::City("430200".into());
    assert_eq!(found(&app.store, &zhuzhou, &searching("长沙")).await.1, 0);
    assert_eq!(
        found(&app.store, &zhuzhou, &searching("有限公司")).await.1,
        2
    );
    assert_eq!(
        found(&app.store, &province(), &searching("有限公司"))
            .await
            .1,
        7
    );
    assert_eq!(
        found(&app.store, &province(), &searching("深圳")).await.1,
        0
    );

    // A certification body searches only its assigned enterprise.
    let body = Scope::Assigned(app.fx.body_org_id);
    let (names, _) = found(&app.store, &body, &searching("有限公司")).await;
    assert_eq!(names, ["长沙甲机械有限公司"]);
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test]
async fn a_search_combines_with_every_filter_and_sort() {
    let (app, dir) = app_with_directory("search-filters").await;
    let county = EnterpriseFilter {
        county: Some("430104".into()),
        ..searching("有限公司")
    };
    let (names, total) = found(&app.store, &changsha(), &county).await;
    assert_eq!(names, ["岳麓二号软件有限公司", "长沙乙电子有限公司"]);
    assert_eq!(total, 2);

    let machinery = EnterpriseFilter {
        industry: Some(uplift_domain::sme::Industry::Industry),
        ..searching("机械")
    };
    let (names, total) = found(&app.store, &changsha(), &machinery).await;
    assert_eq!(names, ["长沙一号精密机械有限公司", "长沙甲机械有限公司"]);
    assert_eq!(total, 2);

    let by_name = EnterpriseFilter {
        sort: Sort::Name,
        ..searching("号")
    };
    let page = enterprises::list(
        &app.store,
        &province(),
        &by_name,
        PageRequest::new(None, Some(10)),
    )
    .await
    .unwrap();
    let names: Vec<&str> = page.items.iter().map(|e| e.name.as_str()).collect();
    let mut sorted = names.clone();
    sorted.sort();
    assert_eq!(names, sorted);
    assert_eq!(page.total, 4);

    // A city filter naming another city inside a city's scope finds nothing.
    let foreign = EnterpriseFilter {
        prefecture: Some("430200".into()),
        ..searching("有限公司")
    };
    assert_eq!(found(&app.store, &changsha(), &foreign).await.1, 0);
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test]
async fn pages_of_a_search_cover_every_match_once() {
    let (app, dir) = app_with_directory("search-pages").await;
    let filter = searching("有限公司");
    let mut seen = Vec::new();
    for page in 1..=4 {
        let p = enterprises::list(
            &app.store,
            &province(),
            &filter,
            PageRequest::new(Some(page), Some(2)),
        )
        .await
        .unwrap();
        assert_eq!(p.total, 7);
        seen.extend(p.items.into_iter().map(|e| e.id));
    }
    let mut unique = seen.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(seen, unique, "pages in id order, none twice");
    assert_eq!(seen.len(), 7);

    // The export of a search writes the same rows.
    let mut exported = Vec::new();
    let mut batches = enterprises::batches(&app.store, &province(), &filter)
        .await
        .unwrap();
    while let Some(batch) = batches.next().await.unwrap() {
        exported.extend(batch.iter().map(|e| e.id));
    }
    assert_eq!(exported, seen);
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test]
async fn names_match_whatever_the_width_case_or_spacing_and_codes_by_their_start() {
    let (app, dir) = app_with_directory("search-forms").await;
    assert_eq!(
        found(&app.store, &province(), &searching(" 精密 机械 "))
            .await
            .0,
        ["长沙一号精密机械有限公司"]
    );
    let code = &good_rows()[3][0];
    assert_eq!(
        found(
            &app.store,
            &province(),
            &searching(&code[..16].to_lowercase())
        )
        .await
        .0,
        ["株洲四号材料有限公司"]
    );
    // Every code of 长沙's fixture and import begins 9143010.
    assert_eq!(
        found(&app.store, &province(), &searching("9143010"))
            .await
            .1,
        5
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test]
async fn a_renamed_enterprise_is_found_by_its_new_name_even_when_another_instance_renamed_it() {
    let (app, dir) = app_with_directory("search-rename").await;
    assert_eq!(
        found(&app.store, &changsha(), &searching("精密")).await.1,
        1
    );

    // Another instance (its own store, its own index) re-imports with a new name.
    let other = Store::connect(&app.db.url).await.unwrap();
    let mut rows = good_rows();
    rows[0][1] = "长沙一号恒信铸造有限公司".into();
    let file = write_file(&dir, "b.csv", Format::Csv, TextEncoding::Utf8, &rows);
    let again = run_import(&other, &file, hunan(), &dir).await;
    assert_eq!(again.counts.updated, 1);

    assert_eq!(
        found(&app.store, &changsha(), &searching("精密")).await.1,
        0
    );
    assert_eq!(
        found(&app.store, &changsha(), &searching("恒信铸造"))
            .await
            .0,
        ["长沙一号恒信铸造有限公司"]
    );
    // A new enterprise is found at once too.
    let mut more = good_rows();
    more.truncate(1);
    more[0][0] = {
        uplift_domain::uscc::Uscc::from_parts('9', '1', "430100", "00000999")
            .unwrap()
            .as_str()
            .to_string()
    };
    more[0][1] = "长沙新来的鑫达有限公司".into();
    let file = write_file(&dir, "c.csv", Format::Csv, TextEncoding::Utf8, &more);
    run_import(&other, &file, hunan(), &dir).await;
    assert_eq!(
        found(&app.store, &changsha(), &searching("鑫达")).await.1,
        1
    );

    // A server started after these changes loads the directory as it is now (skipping the
    // history written so far), and still follows the changes made after its start.
    let third = Store::connect(&app.db.url).await.unwrap();
    assert_eq!(
        found(&third, &changsha(), &searching("恒信铸造")).await.1,
        1
    );
    rows[0][1] = "长沙一号天成精工有限公司".into();
    let file = write_file(&dir, "d.csv", Format::Csv, TextEncoding::Utf8, &rows);
    run_import(&other, &file, hunan(), &dir).await;
    assert_eq!(
        found(&third, &changsha(), &searching("恒信铸造")).await.1,
        0
    );
    assert_eq!(
        found(&third, &changsha(), &searching("天成精工")).await.1,
        1
    );
    third.db().clone().close().await.ok();
    other.db().clone().close().await.ok();
    let _ = std::fs::remove_dir_all(&dir);
}

/// The names a search with `filter` should list, judged from the stored columns of
/// `rows` (every enterprise the term finds).
fn expected(rows: &[Enterprise], filter: &EnterpriseFilter) -> Vec<String> {
    let mut names: Vec<String> = rows
        .iter()
        .filter(|e| filter.eligible.is_none_or(|want| e.eligible == Some(want)))
        .filter(|e| filter.failed_rule.is_none_or(|r| e.failed().contains(&r)))
        .filter(|e| {
            filter
                .size_class
                .is_none_or(|c| e.size_class.as_deref() == Some(c.key()))
        })
        .filter(|e| filter.industry.is_none_or(|i| e.industry == i.key()))
        .map(|e| e.name.clone())
        .collect();
    names.sort();
    names
}

/// Checks every filter of the list beside a search against the stored columns; returns
/// the names of the eligible enterprises the search finds.
async fn filters_agree_with_the_rows(store: &Store) -> Vec<String> {
    let term = searching("有限公司");
    let rows = enterprises::list(store, &province(), &term, PageRequest::new(None, Some(100)))
        .await
        .unwrap()
        .items;
    let mut filters: Vec<EnterpriseFilter> = Vec::new();
    for eligible in [true, false] {
        filters.push(EnterpriseFilter {
            eligible: Some(eligible),
            ..term.clone()
        });
    }
    for rule in Rule::ALL {
        filters.push(EnterpriseFilter {
            failed_rule: Some(rule),
            ..term.clone()
        });
    }
    for size_class in SizeClass::ALL {
        filters.push(EnterpriseFilter {
            size_class: Some(size_class),
            ..term.clone()
        });
    }
    for industry in Industry::ALL {
        filters.push(EnterpriseFilter {
            industry: Some(industry),
            eligible: Some(false),
            ..term.clone()
        });
    }
    for filter in &filters {
        let want = expected(&rows, filter);
        assert_eq!(
            found(store, &province(), filter).await,
            (want.clone(), want.len() as u64),
            "{filter:?}"
        );
    }
    expected(
        &rows,
        &EnterpriseFilter {
            eligible: Some(true),
            ..term
        },
    )
}

#[tokio::test]
async fn a_search_filtered_by_verdict_follows_a_change_of_the_rules_at_once() {
    let (app, dir) = app_with_directory("search-verdicts").await;
    let before = filters_agree_with_the_rows(&app.store).await;
    assert!(!before.is_empty(), "the fixture has eligible enterprises");

    // A campaign demanding 100 亿元 of main-business revenue: no one is eligible now.
    let actor = Actor::system("test");
    let mut tx = app.store.write(&actor).await.unwrap();
    let rules = EligibilityRules {
        min_main_revenue: Some(Money::from_wan(1_000_000)),
        ..EligibilityRules::default()
    };
    screening::save_rules(&mut tx, &rules).await.unwrap();
    tx.commit().await.unwrap();
    screening::rescreen_all(&app.store, &actor, None)
        .await
        .unwrap();

    assert!(filters_agree_with_the_rows(&app.store).await.is_empty());
    let failing_revenue = EnterpriseFilter {
        failed_rule: Some(Rule::MainRevenue),
        ..searching(&before[0])
    };
    assert_eq!(found(&app.store, &province(), &failing_revenue).await.1, 1);
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test]
async fn list_totals_and_county_choices_from_the_index_agree_with_sql() {
    use uplift_store::entity::enterprise;
    use uplift_store::sea_orm::{
        ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QuerySelect,
    };

    let (app, dir) = app_with_directory("search-totals").await;
    let zhuzhou = Scope::City("430200".into());
    let filters = [
        EnterpriseFilter::default(),
        EnterpriseFilter {
            county: Some("430104".into()),
            ..EnterpriseFilter::default()
        },
        EnterpriseFilter {
            prefecture: Some("430200".into()),
            ..EnterpriseFilter::default()
        },
        EnterpriseFilter {
            industry: Some(Industry::Industry),
            eligible: Some(true),
            ..EnterpriseFilter::default()
        },
        EnterpriseFilter {
            failed_rule: Some(Rule::Contact),
            ..EnterpriseFilter::default()
        },
        // A blank term is no term.
        searching("  "),
    ];
    let mut nonzero = 0;
    for scope in [province(), changsha(), zhuzhou] {
        for filter in &filters {
            let total = enterprises::list(&app.store, &scope, filter, PageRequest::new(None, None))
                .await
                .unwrap()
                .total;
            let sql = enterprise::Entity::find()
                .filter(uplift_store::scope::condition(&scope))
                .filter(filter.condition())
                .count(app.store.db())
                .await
                .unwrap();
            assert_eq!(total, sql, "{scope:?} {filter:?}");
            nonzero += usize::from(total > 0);
        }
    }
    assert!(nonzero >= 8, "the comparisons are not all of empty lists");

    let from_sql: Vec<String> = enterprise::Entity::find()
        .select_only()
        .column(enterprise::Column::DivisionCode)
        .distinct()
        .filter(enterprise::Column::PrefectureCode.eq("430100"))
        .filter(enterprise::Column::DivisionCode.ne("430100"))
        .into_tuple()
        .all(app.store.db())
        .await
        .unwrap();
    let mut from_sql = from_sql;
    from_sql.sort();
    assert!(!from_sql.is_empty());
    assert_eq!(
        enterprises::counties(&app.store, "430100").await.unwrap(),
        from_sql
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test]
async fn sorting_by_a_figure_puts_unreported_figures_last_on_both_databases() {
    let (app, dir) = app_with_directory("sort-nulls").await;
    // An enterprise that reported neither its staff nor its revenue.
    let mut rows = good_rows();
    rows.truncate(1);
    rows[0][0] = uplift_domain::uscc::Uscc::from_parts('9', '1', "430100", "00000777")
        .unwrap()
        .as_str()
        .to_string();
    rows[0][1] = "长沙未报数有限公司".into();
    rows[0][4] = String::new();
    rows[0][5] = String::new();
    let file = write_file(&dir, "b.csv", Format::Csv, TextEncoding::Utf8, &rows);
    run_import(&app.store, &file, hunan(), &dir).await;
    for sort in [Sort::EmployeesDesc, Sort::RevenueDesc] {
        for q in [None, Some("有限公司".to_string())] {
            let filter = EnterpriseFilter {
                sort,
                q: q.clone(),
                ..EnterpriseFilter::default()
            };
            let items = enterprises::list(
                &app.store,
                &changsha(),
                &filter,
                PageRequest::new(None, Some(100)),
            )
            .await
            .unwrap()
            .items;
            let figures: Vec<Option<i64>> = items
                .iter()
                .map(|e| match sort {
                    Sort::EmployeesDesc => e.employees,
                    _ => e.operating_revenue.map(|m| m.yuan()),
                })
                .collect();
            let reported = figures.iter().take_while(|f| f.is_some()).count();
            assert!(reported >= 2, "{sort:?} {q:?}: {figures:?}");
            assert!(
                figures[reported..].iter().all(Option::is_none),
                "{sort:?} {q:?}: {figures:?}"
            );
            assert!(
                figures[..reported].windows(2).all(|w| w[0] >= w[1]),
                "{sort:?}: {figures:?}"
            );
            assert_eq!(
                items.last().map(|e| e.name.as_str()),
                Some("长沙未报数有限公司")
            );
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
}
