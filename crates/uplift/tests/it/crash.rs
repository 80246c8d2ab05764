//! Killed at any moment, an import leaves whole batches or nothing; running the same file
//! again completes it with no row lost or duplicated.

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use uplift_domain::role::Scope;
use uplift_store::audit::{ChainReport, verify_chain};
use uplift_store::enterprises;

use crate::harness::TestApp;
use crate::import::temp_dir;

/// The command-line program, with no database or data directory from the environment.
pub fn uplift() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_uplift"));
    c.env_remove("DATABASE_URL").env_remove("UPLIFT_DATA_DIR");
    c
}

/// A generated directory of `rows` clean rows, in `extra` form (e.g. `--encoding gbk`).
pub fn generate(file: &std::path::Path, rows: u64, extra: &[&str]) {
    let out = uplift()
        .args(["demo", "generate-directory", "--rows", &rows.to_string()])
        .args(["--dirty-percent", "0"])
        .args(extra)
        .arg("--output")
        .arg(file)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// The directory's size as the database has it now: another process is writing, so
/// nothing this process remembers counts.
async fn fresh_count(app: &TestApp, scope: &Scope) -> u64 {
    app.store.forget_counts();
    enterprises::count(&app.store, scope).await.unwrap()
}

#[tokio::test]
async fn a_killed_import_completes_when_run_again_without_duplicates() {
    let app = TestApp::new().await;
    let dir = temp_dir("crash");
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("directory.csv");
    let rows = 6_000u64;
    generate(&file, rows, &["--encoding", "gbk"]);

    let province = Scope::Province("430000".into());
    let before = fresh_count(&app, &province).await;
    let import_args = |c: &mut Command| {
        c.args(["import", "enterprises", "--province", "430000"])
            .arg(&file)
            .args(["--batch-size", "200", "--database-url", &app.db.url])
            .arg("--data-dir")
            .arg(&dir)
            .stdout(Stdio::null())
            .stderr(Stdio::null());
    };
    let mut first = uplift();
    import_args(&mut first);
    let mut child = first.spawn().unwrap();
    // Wait until some batches are in, then kill -9 in the middle of the file.
    let deadline = Instant::now() + Duration::from_secs(60);
    let mut killed_at = 0;
    loop {
        let n = fresh_count(&app, &province).await - before;
        if n >= 600 {
            child.kill().unwrap();
            killed_at = n;
            break;
        }
        if child.try_wait().unwrap().is_some() || Instant::now() > deadline {
            break;
        }
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    let _ = child.wait();
    assert!(killed_at > 0, "the import was killed part-way");
    let partial = fresh_count(&app, &province).await - before;
    assert!(partial < rows, "killed before the end ({partial} rows in)");
    assert_eq!(partial % 200, 0, "whole batches or nothing: {partial}");
    assert!(matches!(
        verify_chain(&app.store).await.unwrap(),
        ChainReport::Intact { .. }
    ));

    let mut second = uplift();
    import_args(&mut second);
    second.stdout(Stdio::piped());
    let out = second.output().unwrap();
    assert!(out.status.success());
    let summary = String::from_utf8_lossy(&out.stdout);
    assert!(
        summary.contains(&format!("unchanged {partial}")),
        "{summary}"
    );
    assert!(
        summary.contains(&format!("inserted {}", rows - partial)),
        "{summary}"
    );
    let total = fresh_count(&app, &province).await - before;
    assert_eq!(total, rows, "every row exactly once");
    assert!(matches!(
        verify_chain(&app.store).await.unwrap(),
        ChainReport::Intact { .. }
    ));
    let _ = std::fs::remove_dir_all(&dir);
}
