//! The rules as command-line tools, and account administration from the shell.

use std::process::Command;

use axum::http::StatusCode;

use crate::harness::{PASSWORD, TestApp};

fn uplift(args: &[&str], envs: &[(&str, &str)]) -> (i32, String) {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_uplift"));
    cmd.args(args)
        .env_remove("DATABASE_URL")
        .env_remove("UPLIFT_PASSWORD");
    for (k, v) in envs {
        cmd.env(k, v);
    }
    let out = cmd.output().expect("run uplift");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
    )
}

#[test]
fn the_standards_worked_example_reports_the_expected_check_character() {
    let (code, out) = uplift(&["check", "uscc", "91350100M000100Y4Z", "--json"], &[]);
    assert_eq!(code, 1);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["valid"], false);
    assert_eq!(v["expected_check"], "3");
    assert_eq!(v["code"], "91350100M000100Y4Z");
    assert!(v["error"].as_str().unwrap().contains('3'));
}

#[test]
fn a_valid_code_exits_zero_and_lower_case_is_normalised() {
    let (code, out) = uplift(&["check", "uscc", " 91350100m000100y43 ", "--json"], &[]);
    assert_eq!(code, 0, "{out}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["valid"], true);
    assert_eq!(v["code"], "91350100M000100Y43");
    assert!(v["warnings"].is_array());
}

#[test]
fn the_size_class_tool_classifies_and_explains() {
    let (code, out) = uplift(
        &[
            "check",
            "sme",
            "--industry",
            "industry",
            "--employees",
            "299",
            "--revenue-wan",
            "2000",
            "--json",
        ],
        &[],
    );
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["class"], "small");
    assert!(!v["reason"].as_str().unwrap().is_empty());
    let (code, out) = uplift(
        &[
            "check",
            "sme",
            "--industry",
            "工业",
            "--employees",
            "300",
            "--revenue-wan",
            "2000",
            "--json",
        ],
        &[],
    );
    assert_eq!(code, 0);
    assert_eq!(
        serde_json::from_str::<serde_json::Value>(&out).unwrap()["class"],
        "medium"
    );
}

#[test]
fn a_missing_figure_is_named() {
    let (code, out) = uplift(
        &[
            "check",
            "sme",
            "--industry",
            "industry",
            "--employees",
            "50",
            "--json",
        ],
        &[],
    );
    assert_eq!(code, 1);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["missing"], "operating_revenue");
    assert!(v["error"].as_str().unwrap().contains("营业收入"));
}

#[tokio::test]
async fn accounts_are_created_and_reset_from_the_shell() {
    let app = TestApp::new().await;
    let url = app.db.url.clone();
    let org = app.fx.body_org_id.to_string();
    let (code, out) = uplift(
        &[
            "user",
            "create",
            "auditor-2",
            "--role",
            "certification_body",
            "--organisation-id",
            &org,
            "--database-url",
            &url,
        ],
        &[("UPLIFT_PASSWORD", "Shell-Created-1")],
    );
    assert_eq!(code, 0, "{out}");
    assert_eq!(
        app.client()
            .login("auditor-2", "Shell-Created-1")
            .await
            .status,
        StatusCode::SEE_OTHER
    );

    let mut c = app.client();
    for _ in 0..5 {
        c.login("province", "Wrong-password-1").await;
    }
    assert_eq!(
        c.login("province", PASSWORD).await.status,
        StatusCode::UNAUTHORIZED
    );
    let (code, out) = uplift(
        &["user", "reset-password", "province", "--database-url", &url],
        &[("UPLIFT_PASSWORD", "Fresh-Password-2")],
    );
    assert_eq!(code, 0, "{out}");
    assert_eq!(
        c.login("province", "Fresh-Password-2").await.status,
        StatusCode::SEE_OTHER
    );

    let (code, _) = uplift(
        &[
            "user",
            "create",
            "weak",
            "--role",
            "city",
            "--organisation-id",
            "2",
            "--database-url",
            &url,
        ],
        &[("UPLIFT_PASSWORD", "weak")],
    );
    assert_ne!(code, 0, "a weak password is refused");
}
