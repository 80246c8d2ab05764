//! The audit log for the person who reads it: every action named in both languages (and a
//! new one fails here until it is), summaries in words, filters by category, user and
//! date, and an XLSX export of what is filtered, itself recorded.

use axum::http::StatusCode;
use calamine::{Data, Reader, Xlsx};
use uplift_domain::audit_log::{ACTIONS, action};
use uplift_store::entity::audit_log;
use uplift_store::sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

use crate::harness::TestApp;
use crate::import::{multipart, temp_dir, write_file};

/// The string literals of a call's first argument, for every `.audit(` and
/// `audit::append(` in the workspace's sources: the action keys the code writes.
fn action_keys_in_sources() -> Vec<(String, String)> {
    let crates = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut found = Vec::new();
    let mut dirs = vec![crates];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            let name = path.file_name().unwrap().to_string_lossy().to_string();
            if path.is_dir() {
                if name != "target" && name != "tests" && !name.starts_with('.') {
                    dirs.push(path);
                }
                continue;
            }
            if !name.ends_with(".rs") {
                continue;
            }
            let source = std::fs::read_to_string(&path).unwrap();
            for marker in [".audit(", "audit::append("] {
                for (at, _) in source.match_indices(marker) {
                    // Not in a comment that mentions a call.
                    let line = source[..at].rsplit('\n').next().unwrap_or("");
                    if line.contains("//") {
                        continue;
                    }
                    let call = &source[at + marker.len()..];
                    // The first argument runs to the first comma outside braces.
                    let mut depth = 0i32;
                    let mut end = call.len();
                    for (i, ch) in call.char_indices() {
                        match ch {
                            '{' | '(' | '[' => depth += 1,
                            '}' | ')' | ']' if depth == 0 => {
                                end = i;
                                break;
                            }
                            '}' | ')' | ']' => depth -= 1,
                            ',' if depth == 0 => {
                                end = i;
                                break;
                            }
                            _ => {}
                        }
                    }
                    let argument = &call[..end];
                    for literal in argument.split('"').skip(1).step_by(2) {
                        found.push((literal.to_string(), path.display().to_string()));
                    }
                }
            }
        }
    }
    found
}

#[test]
fn every_action_key_the_code_writes_has_a_name_in_both_languages() {
    let keys = action_keys_in_sources();
    // The scan finds the store's, the use cases' and the demo's keys.
    for known in [
        "login.success",
        "enterprise.export",
        "demo.load",
        "user.disable",
    ] {
        assert!(keys.iter().any(|(k, _)| k == known), "{known} not found");
    }
    // A key built with `format!` names a family (`participation.{}` for every move of the
    // workflow): the family must be in the table; the domain's own test checks each member.
    let missing: Vec<&(String, String)> = keys
        .iter()
        .filter(|(key, _)| match key.split_once("{}") {
            Some((prefix, _)) => !ACTIONS.iter().any(|a| a.key.starts_with(prefix)),
            None => action(key).is_none(),
        })
        .collect();
    assert!(
        missing.is_empty(),
        "audit actions without a name in uplift_domain::audit_log::ACTIONS: {missing:?}"
    );
    for a in ACTIONS {
        assert!(!a.zh.is_empty() && !a.en.is_empty(), "{}", a.key);
    }
}

/// Upload a small directory as `client` (one good row, one of another city).
async fn upload(app: &TestApp, client: &mut crate::harness::Client, file_name: &str) {
    let dir = temp_dir("audit-upload");
    let rows = crate::import::good_rows();
    let file = write_file(
        &dir,
        "x.csv",
        uplift_sheets::Format::Csv,
        uplift_sheets::TextEncoding::Utf8,
        &rows,
    );
    let (content_type, body) = multipart(file_name, &std::fs::read(&file).unwrap());
    let res = client
        .send(
            axum::http::Request::post("/imports/enterprises").header("content-type", content_type),
            axum::body::Body::from(body),
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    crate::write_matrix::wait_for_jobs(&app.store).await;
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test]
async fn the_audit_log_speaks_its_readers_language() {
    let data = temp_dir("audit-words");
    let app = TestApp::with_settings(uplift_app::Settings {
        data_dir: data.clone(),
        ..Default::default()
    })
    .await;
    let mut province = app.logged_in("province").await;
    let csv = province.get("/enterprises/export.csv?city=430100").await;
    assert_eq!(csv.status, StatusCode::OK);
    let mut city = app.logged_in("city-430100").await;
    upload(&app, &mut city, "长沙市名录2022.csv").await;
    let mut failed = app.client();
    failed.login("province", "not-the-password").await;

    let mut reader = app.logged_in("auditlog").await;
    let page = reader.get("/audit-log").await;
    assert_eq!(page.status, StatusCode::OK);
    let body = &page.body;
    for words in [
        "登录成功",
        "登录失败",
        "密码错误",
        "网页登录",
        "省级管理员",
        "审计管理员",
        "导出企业名录",
        "导出 CSV，共 2 行；筛选条件：市州 长沙市",
        "上传导入文件",
        "上传企业名录文件“长沙市名录2022.csv”",
        "导入企业名录",
        "导入任务 #",
        "时间均为北京时间",
    ] {
        assert!(body.contains(words), "{words} missing");
    }
    for code in [
        "login.success",
        "audit_admin",
        "session opened",
        "wrong password",
        "enterprise.export",
    ] {
        assert!(!body.contains(code), "{code} shown");
    }

    reader.get("/lang/en?next=/audit-log").await;
    let en = reader.get("/audit-log").await.body;
    for words in [
        "Logged in",
        "Signed in on the web",
        "Province administrator",
        "2 rows exported as CSV; filter: city Changsha",
        "Uploaded the enterprise directory file",
        "Wrong password",
    ] {
        assert!(en.contains(words), "{words} missing in English");
    }
    assert!(!en.contains("登录成功"));
    let _ = std::fs::remove_dir_all(&data);
}

#[tokio::test]
async fn the_reader_filters_by_category_user_and_date() {
    let app = TestApp::new().await;
    let mut province = app.logged_in("province").await;
    province.get("/enterprises/export.csv").await;
    app.logged_in("city-430100").await;
    let mut reader = app.logged_in("auditlog").await;

    let logins = reader.get("/audit-log?category=login").await.body;
    assert!(logins.contains("登录成功"));
    assert!(!logins.contains("导出企业名录"));

    let exports = reader.get("/audit-log?category=export").await.body;
    assert!(exports.contains("导出企业名录"));
    assert!(!exports.contains("登录成功"));

    let city = reader.get("/audit-log?user=city-430100").await.body;
    assert!(city.contains("city-430100"));
    assert!(!city.contains(">province<"));

    let today = uplift_domain::cst::date_cst(uplift_app::now());
    let tomorrow = today.succ_opt().unwrap();
    let from_today = reader.get(&format!("/audit-log?from={today}")).await.body;
    assert!(from_today.contains("登录成功"));
    let from_tomorrow = reader
        .get(&format!("/audit-log?from={tomorrow}&category=login"))
        .await
        .body;
    assert!(from_tomorrow.contains("没有符合筛选条件的记录"));
    let until_yesterday = reader
        .get(&format!(
            "/audit-log?until={}&category=login",
            today.pred_opt().unwrap()
        ))
        .await
        .body;
    assert!(until_yesterday.contains("没有符合筛选条件的记录"));

    // The filter is kept in the links and in the viewing's own record.
    let viewed = audit_log::Entity::find()
        .filter(audit_log::Column::Action.eq("audit_log.view"))
        .all(app.store.db())
        .await
        .unwrap();
    assert!(viewed.iter().any(|r| r.summary.contains("\"category\"")));
}

#[tokio::test]
async fn the_filtered_log_exports_as_xlsx_with_real_dates_and_is_recorded() {
    let app = TestApp::new().await;
    app.logged_in("province").await;
    let mut reader = app.logged_in("auditlog").await;
    let res = reader.get("/audit-log/export.xlsx?category=login").await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    let disposition = res
        .headers
        .get("content-disposition")
        .unwrap()
        .to_str()
        .unwrap()
        .to_string();
    assert!(
        disposition.contains("filename=\"audit-log_"),
        "{disposition}"
    );
    // 审计日志 in UTF-8, percent-encoded.
    assert!(
        disposition.contains("filename*=UTF-8''%E5%AE%A1%E8%AE%A1%E6%97%A5%E5%BF%97_"),
        "{disposition}"
    );

    let mut book = Xlsx::new(std::io::Cursor::new(res.bytes.clone())).unwrap();
    let sheets = book.sheet_names();
    assert_eq!(sheets, vec!["审计日志".to_string(), "说明".to_string()]);
    let table = book.worksheet_range("审计日志").unwrap();
    let header: Vec<String> = table
        .rows()
        .next()
        .unwrap()
        .iter()
        .map(|c| c.to_string())
        .collect();
    assert_eq!(header[1], "时间（北京时间）");
    let rows: Vec<&[Data]> = table.rows().skip(1).collect();
    assert!(rows.len() >= 2, "two logins at least");
    for row in &rows {
        assert!(
            matches!(row[0], Data::Float(_) | Data::Int(_)),
            "{:?}",
            row[0]
        );
        assert!(matches!(row[1], Data::DateTime(_)), "{:?}", row[1]);
        assert_eq!(row[9].to_string().split('.').next(), Some("login"));
    }
    assert!(rows.iter().any(|r| r[6] == "登录成功"));
    // The date in the cell is China's: an Excel serial (days since 1899-12-30).
    let Data::DateTime(serial) = &rows[0][1] else {
        unreachable!()
    };
    let seconds = (serial.as_f64() * 86_400.0).round() as i64;
    let first = chrono::NaiveDate::from_ymd_opt(1899, 12, 30)
        .unwrap()
        .and_hms_opt(0, 0, 0)
        .unwrap()
        + chrono::Duration::seconds(seconds);
    let newest_login = audit_log::Entity::find()
        .filter(audit_log::Column::Action.eq("login.success"))
        .all(app.store.db())
        .await
        .unwrap()
        .into_iter()
        .map(|r| r.at)
        .max()
        .unwrap();
    assert_eq!(
        first.format("%Y-%m-%d %H:%M").to_string(),
        uplift_domain::cst::format_minute(newest_login)
    );

    let recorded = audit_log::Entity::find()
        .filter(audit_log::Column::Action.eq("audit_log.export"))
        .all(app.store.db())
        .await
        .unwrap();
    assert_eq!(recorded.len(), 1);
    assert_eq!(recorded[0].username.as_deref(), Some("auditlog"));

    // Nobody else exports the log, and they learn nothing of the route.
    for other in ["province", "sysadmin", "body-1"] {
        let mut c = app.logged_in(other).await;
        assert_eq!(
            c.get("/audit-log/export.xlsx").await.status,
            StatusCode::NOT_FOUND,
            "{other}"
        );
    }
}

#[tokio::test]
async fn each_user_sees_their_previous_login_after_signing_in() {
    let app = TestApp::new().await;
    let mut first = app.logged_in("city-430100").await;
    assert!(first.get("/").await.body.contains("这是您第一次登录本平台"));
    let mut intruder = app.client();
    intruder.login("city-430100", "Wrong-Password-1").await;
    let mut second = app.logged_in("city-430100").await;
    let home = second.get("/").await.body;
    let today = uplift_domain::cst::date_cst(uplift_app::now()).to_string();
    assert!(home.contains("上次登录："), "{home}");
    assert!(home.contains(&today));
    assert!(home.contains("（北京时间）"));
    assert!(home.contains("有 1 次登录失败"), "{home}");
}
