//! Importing a directory: the same content in every format gives the same result, bad
//! rows are explained and never stop good ones, re-imports are idempotent, cities stay in
//! their jurisdiction, and a killed import completes when run again.

use std::path::{Path, PathBuf};

use axum::http::StatusCode;
use uplift_domain::role::Scope;
use uplift_sheets::{Format, OpenOptions, SheetReader, SheetWriter, TextEncoding};
use uplift_store::audit::Actor;
use uplift_store::enterprises::{self, EnterpriseFilter};
use uplift_store::import::{self, ImportOptions};
use uplift_store::jobs::{self, ImportCounts};
use uplift_store::{PageRequest, Store};

use crate::harness::TestApp;

pub const HEADER: [&str; 11] = [
    "统一社会信用代码",
    "企业名称",
    "行政区划代码",
    "行业",
    "从业人员",
    "营业收入(万元)",
    "主营业务收入(万元)",
    "资产总额(万元)",
    "经营状态",
    "联系人",
    "联系电话",
];

fn code(division: &str, n: u32) -> String {
    uplift_domain::uscc::Uscc::from_parts('9', '1', division, &format!("{n:08}"))
        .unwrap()
        .as_str()
        .to_string()
}

/// Three good rows of 长沙 (one in a county), one of 株洲.
/// The province the tests' directories are for (an operator's `--province 430000`).
pub fn hunan() -> Scope {
    Scope::Province("430000".into())
}

pub fn good_rows() -> Vec<Vec<String>> {
    let row = |c: String,
               name: &str,
               div: &str,
               ind: &str,
               emp: &str,
               rev: &str,
               main: &str,
               status: &str,
               phone: &str| {
        vec![
            c,
            name.into(),
            div.into(),
            ind.into(),
            emp.into(),
            rev.into(),
            main.into(),
            "1000".into(),
            status.into(),
            "王芳".into(),
            phone.into(),
        ]
    };
    vec![
        row(
            code("430100", 101),
            "长沙一号精密机械有限公司",
            "430100",
            "工业",
            "120",
            "5000",
            "4800",
            "存续",
            "13800000001",
        ),
        row(
            code("430104", 102),
            "岳麓二号软件有限公司",
            "430104",
            "软件和信息技术服务业",
            "45",
            "3000",
            "2999.5",
            "在业",
            "13800000002",
        ),
        row(
            code("430100", 103),
            "长沙三号贸易有限公司",
            "430100",
            "wholesale",
            "8",
            "900",
            "900",
            "注销",
            "",
        ),
        row(
            code("430200", 104),
            "株洲四号材料有限公司",
            "430200",
            "工业",
            "300",
            "2000",
            "2000",
            "开业",
            "13800000004",
        ),
    ]
}

pub fn write_file(
    dir: &Path,
    name: &str,
    format: Format,
    encoding: TextEncoding,
    rows: &[Vec<String>],
) -> PathBuf {
    std::fs::create_dir_all(dir).unwrap();
    let path = dir.join(name);
    let mut w = SheetWriter::create(&path, format, encoding, Some("名录")).unwrap();
    w.write_row(&HEADER).unwrap();
    for r in rows {
        w.write_row(r).unwrap();
    }
    w.finish().unwrap();
    path
}

pub fn temp_dir(tag: &str) -> PathBuf {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos();
    std::env::temp_dir().join(format!("uplift-it-{tag}-{}-{nanos}", std::process::id()))
}

pub async fn run_import(
    store: &Store,
    path: &Path,
    scope: Scope,
    dir: &Path,
) -> import::ImportResult {
    try_import(store, path, scope, dir).await.unwrap()
}

/// An import the way an upload runs it, in batches of two rows.
pub async fn try_import(
    store: &Store,
    path: &Path,
    scope: Scope,
    dir: &Path,
) -> uplift_store::StoreResult<import::ImportResult> {
    let job = jobs::create(
        store,
        import::KIND_ENTERPRISES,
        None,
        Some("test"),
        &serde_json::json!({}),
    )
    .await
    .unwrap();
    let mut opts = ImportOptions::new(dir.join("reports"), scope);
    opts.batch_size = Some(2);
    import::run_enterprise_import(store, job.id, path, &opts, &Actor::system("test"), &|_| {}).await
}

async fn snapshot(
    store: &Store,
) -> Vec<(
    String,
    String,
    String,
    Option<i64>,
    Option<String>,
    Option<bool>,
    Option<String>,
)> {
    let page = enterprises::list(
        store,
        &Scope::Province("430000".into()),
        &EnterpriseFilter::default(),
        PageRequest::new(None, Some(500)),
    )
    .await
    .unwrap();
    let mut rows: Vec<_> = page
        .items
        .into_iter()
        .map(|e| {
            (
                e.uscc,
                e.name,
                e.division_code,
                e.main_revenue.map(|m| m.yuan()),
                e.size_class,
                e.eligible,
                e.failed_rules,
            )
        })
        .collect();
    rows.sort();
    rows
}

#[tokio::test]
async fn gbk_utf8_tab_separated_and_xlsx_files_with_the_same_content_give_the_same_result() {
    let dir = temp_dir("formats");
    let rows = good_rows();
    let files = [
        write_file(&dir, "utf8.csv", Format::Csv, TextEncoding::Utf8, &rows),
        write_file(&dir, "gbk.csv", Format::Csv, TextEncoding::Gb18030, &rows),
        write_file(&dir, "book.xlsx", Format::Xlsx, TextEncoding::Utf8, &rows),
    ];
    // A UTF-8 file without a BOM, as some tools write it.
    let plain = dir.join("plain.csv");
    let with_bom = std::fs::read(&files[0]).unwrap();
    std::fs::write(&plain, &with_bom[3..]).unwrap();
    // Tab-separated text, as "文本文件（制表符分隔）" exports are.
    let tsv = dir.join("export.txt");
    let text: String = std::iter::once(HEADER.join("\t"))
        .chain(rows.iter().map(|r| r.join("\t")))
        .map(|line| line + "\r\n")
        .collect();
    std::fs::write(&tsv, text).unwrap();
    let mut results = Vec::new();
    for file in files.iter().chain([&plain, &tsv]) {
        let app = TestApp::new().await;
        let r = run_import(&app.store, file, hunan(), &dir).await;
        assert_eq!(
            r.counts,
            ImportCounts {
                read: 4,
                inserted: 4,
                updated: 0,
                unchanged: 0,
                rejected: 0
            },
            "{}",
            file.display()
        );
        results.push(snapshot(&app.store).await);
    }
    assert!(
        results.windows(2).all(|w| w[0] == w[1]),
        "every format gives the same rows"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

/// Government sheets open with a title and a "填报单位" line above the header: they are
/// skipped, and the error report still names the spreadsheet's own row numbers.
#[tokio::test]
async fn a_title_above_the_header_is_skipped_and_rows_keep_their_numbers() {
    let dir = temp_dir("title");
    std::fs::create_dir_all(&dir).unwrap();
    let mut rows = good_rows();
    rows[1][10] = "12".into(); // a bad phone on spreadsheet row 6
    for format in [Format::Csv, Format::Xlsx] {
        let app = TestApp::new().await;
        let path = dir.join(match format {
            Format::Csv => "titled.csv",
            Format::Xlsx => "titled.xlsx",
        });
        let mut w = SheetWriter::create(&path, format, TextEncoding::Gb18030, None).unwrap();
        w.write_row(&["长沙市2022年小微企业名录"]).unwrap();
        w.write_row(&[""]).unwrap();
        w.write_row(&["填报单位：长沙市市场监督管理局", "", "金额单位：万元"])
            .unwrap();
        w.write_row(&HEADER).unwrap();
        for r in &rows {
            w.write_row(r).unwrap();
        }
        w.finish().unwrap();
        let r = run_import(&app.store, &path, hunan(), &dir).await;
        assert_eq!(
            (r.counts.read, r.counts.inserted, r.counts.rejected),
            (4, 3, 1)
        );
        let report = r.error_report.expect("an error report");
        let mut reader = SheetReader::open(&report, &OpenOptions::default()).unwrap();
        let lines: Vec<Vec<String>> = reader.by_ref().map(|l| l.unwrap().cells).collect();
        assert_eq!(lines.len(), 1);
        assert_eq!(lines[0][0], "6", "{format:?}: {lines:?}");
    }
    let _ = std::fs::remove_dir_all(&dir);
}

/// A sheet with no recognisable header within its first rows is refused with the
/// missing columns named, as before.
#[tokio::test]
async fn a_sheet_without_a_header_names_the_missing_columns() {
    let app = TestApp::new().await;
    let dir = temp_dir("no-header");
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("no-header.csv");
    std::fs::write(&path, "名称,电话\n长沙一号,13800000001\n").unwrap();
    let err = try_import(&app.store, &path, hunan(), &dir)
        .await
        .unwrap_err();
    assert!(err.to_string().contains("统一社会信用代码"), "{err}");
    let _ = std::fs::remove_dir_all(&dir);
}

/// A directory exported from accounts gives its figures in 元 and says so in the header:
/// it imports to exactly the directory its 万元 template twin gives.
#[tokio::test]
async fn figures_in_yuan_import_as_the_same_figures_in_wan() {
    let dir = temp_dir("yuan");
    std::fs::create_dir_all(&dir).unwrap();
    let rows = good_rows();
    let in_wan = write_file(&dir, "wan.csv", Format::Csv, TextEncoding::Utf8, &rows);
    let in_yuan = dir.join("yuan.csv");
    let mut w = SheetWriter::create(&in_yuan, Format::Csv, TextEncoding::Utf8, None).unwrap();
    let mut header = HEADER.map(String::from);
    for cell in &mut header[5..8] {
        *cell = cell.replace("(万元)", "(元)");
    }
    w.write_row(&header).unwrap();
    for r in &rows {
        let mut r = r.clone();
        for cell in &mut r[5..8] {
            let yuan = uplift_domain::money::Money::parse_wan(cell).unwrap().yuan();
            *cell = format!("{yuan}.40"); // 分 round down to the yuan
        }
        w.write_row(&r).unwrap();
    }
    w.finish().unwrap();
    let mut results = Vec::new();
    for file in [&in_wan, &in_yuan] {
        let app = TestApp::new().await;
        let r = run_import(&app.store, file, hunan(), &dir).await;
        assert_eq!(
            (r.counts.inserted, r.counts.rejected),
            (4, 0),
            "{}",
            file.display()
        );
        results.push(snapshot(&app.store).await);
    }
    assert_eq!(results[0], results[1]);
    assert!(
        results[0].iter().any(|r| r.5 == Some(true)),
        "some pass the revenue rule"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

/// Columns the platform does not read are named on the finished job, so an official sees
/// at once that "营业收入(美元)" went nowhere; a clean file says nothing.
#[tokio::test]
async fn columns_not_imported_are_named_on_the_finished_job() {
    let app = TestApp::new().await;
    let dir = temp_dir("ignored");
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("extra.csv");
    let mut w = SheetWriter::create(&path, Format::Csv, TextEncoding::Utf8, None).unwrap();
    let mut header = HEADER.map(String::from).to_vec();
    header[5] = "营业收入(美元)".into();
    header.push("备注".into());
    header.insert(0, "序号".into()); // the sheet's own numbering: not worth a word
    w.write_row(&header).unwrap();
    for (n, r) in good_rows().into_iter().enumerate() {
        let mut r = r;
        r.insert(0, (n + 1).to_string());
        w.write_row(&r).unwrap();
    }
    w.finish().unwrap();
    let r = run_import(&app.store, &path, hunan(), &dir).await;
    assert_eq!(r.ignored_columns, ["营业收入(美元)", "备注"]);
    let job = jobs::get(&app.store, r.job_id).await.unwrap();
    let note = jobs::JobNote::parse(&job.message.unwrap_or_default());
    assert_eq!(
        note,
        Ok(jobs::JobNote::IgnoredColumns {
            columns: vec!["营业收入(美元)".into(), "备注".into()]
        })
    );

    let clean = write_file(
        &dir,
        "clean.csv",
        Format::Csv,
        TextEncoding::Utf8,
        &good_rows(),
    );
    let r = run_import(&app.store, &clean, hunan(), &dir).await;
    assert!(r.ignored_columns.is_empty());
    assert_eq!(jobs::get(&app.store, r.job_id).await.unwrap().message, None);
    let _ = std::fs::remove_dir_all(&dir);
}

/// A legacy Excel 97–2003 workbook (made with xlwt from `directory-6.csv`: codes and
/// names as text, divisions, staff, money and phones as number cells, a blank row in the
/// middle, a second sheet of notes) imports exactly as the CSV of the same table does.
#[tokio::test]
async fn a_legacy_xls_workbook_imports_as_its_csv_does() {
    let dir = temp_dir("xls");
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut results = Vec::new();
    for name in ["directory-6.csv", "directory-6.xls"] {
        let app = TestApp::new().await;
        let r = run_import(&app.store, &fixtures.join(name), hunan(), &dir).await;
        assert_eq!(r.counts.inserted, 6, "{name}: {:?}", r.counts);
        assert_eq!(r.counts.rejected, 0, "{name}");
        results.push(snapshot(&app.store).await);
    }
    assert_eq!(results[0], results[1]);
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test]
async fn every_kind_of_bad_row_is_rejected_with_its_reason_and_good_rows_still_go_in() {
    let app = TestApp::new().await;
    let dir = temp_dir("rejects");
    let mut rows = good_rows();
    let mut bad = |f: &dyn Fn(&mut Vec<String>)| {
        let mut r = good_rows()[0].clone();
        r[0] = code("430100", 900 + rows.len() as u32);
        f(&mut r);
        rows.push(r);
    };
    bad(&|r| {
        let mut c = r[0].clone();
        let last = c.pop().unwrap();
        c.push(if last == '1' { '2' } else { '1' });
        r[0] = c;
    });
    bad(&|r| r[1].clear());
    bad(&|r| r[2] = "439900".into());
    bad(&|r| r[3] = "互联网+".into());
    bad(&|r| r[4] = "-3".into());
    bad(&|r| r[5] = "很多".into());
    bad(&|r| r[8] = "正在筹建".into());
    bad(&|r| r[10] = "12".into());
    bad(&|r| r[0] = code("430100", 101)); // the same code as row 2
    bad(&|r| r[0] = "9.14301E+17".into()); // a number cell, saved to CSV by Excel
    let file = write_file(&dir, "mixed.csv", Format::Csv, TextEncoding::Gb18030, &rows);
    let r = run_import(&app.store, &file, hunan(), &dir).await;
    assert_eq!(r.counts.read, 14);
    assert_eq!(r.counts.inserted, 4);
    assert_eq!(r.counts.rejected, 10);
    let report = r.error_report.expect("an error report");
    assert!(report.extension().unwrap() == "csv");
    let mut reader = SheetReader::open(&report, &OpenOptions::default()).unwrap();
    assert_eq!(
        reader.encoding(),
        Some(TextEncoding::Gb18030),
        "the report speaks the input's encoding"
    );
    assert_eq!(reader.header(), ["行号", "列", "值", "错误说明"]);
    let lines: Vec<Vec<String>> = reader.by_ref().map(|r| r.unwrap().cells).collect();
    let text = lines
        .iter()
        .map(|l| l.join("|"))
        .collect::<Vec<_>>()
        .join("\n");
    for expected in [
        "校验",
        "必填",
        "行政区划",
        "行业",
        "从业人员",
        "金额",
        "经营状态",
        "联系电话",
        "重复",
        "存成了数字",
    ] {
        assert!(
            text.contains(expected),
            "report mentions {expected}:\n{text}"
        );
    }
    // Row numbers are the spreadsheet's: the header is row 1, the first bad row is 6.
    assert!(lines.iter().any(|l| l[0] == "6"), "{text}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test]
async fn importing_the_same_file_twice_changes_nothing_and_a_changed_figure_is_kept_in_history() {
    let app = TestApp::new().await;
    let dir = temp_dir("idempotent");
    let rows = good_rows();
    let file = write_file(&dir, "a.csv", Format::Csv, TextEncoding::Utf8, &rows);
    let first = run_import(&app.store, &file, hunan(), &dir).await;
    assert_eq!(first.counts.inserted, 4);
    let before = snapshot(&app.store).await;
    let again = run_import(&app.store, &file, hunan(), &dir).await;
    assert_eq!(
        again.counts,
        ImportCounts {
            read: 4,
            inserted: 0,
            updated: 0,
            unchanged: 4,
            rejected: 0
        }
    );
    assert_eq!(snapshot(&app.store).await, before);

    let mut changed = rows.clone();
    changed[0][4] = "130".into(); // employees 120 -> 130
    let file2 = write_file(&dir, "b.csv", Format::Csv, TextEncoding::Utf8, &changed);
    let third = run_import(&app.store, &file2, hunan(), &dir).await;
    assert_eq!(third.counts.updated, 1);
    assert_eq!(third.counts.unchanged, 3);
    let e = enterprises::get_by_uscc(&app.store, &Scope::Province("430000".into()), &rows[0][0])
        .await
        .unwrap();
    assert_eq!(e.employees, Some(130));
    let history = enterprises::history(&app.store, e.id).await.unwrap();
    assert_eq!(history.len(), 1);
    assert!(
        history[0].changes.contains("employees")
            && history[0].changes.contains("120")
            && history[0].changes.contains("130")
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test]
async fn a_city_cannot_import_rows_of_another_city() {
    let app = TestApp::new().await;
    let dir = temp_dir("city");
    let file = write_file(
        &dir,
        "mixed.csv",
        Format::Csv,
        TextEncoding::Utf8,
        &good_rows(),
    );
    let r = run_import(&app.store, &file, Scope::City("430100".into()), &dir).await;
    assert_eq!(r.counts.inserted, 3);
    assert_eq!(r.counts.rejected, 1, "the 株洲 row");
    let report = std::fs::read_to_string(r.error_report.unwrap()).unwrap();
    assert!(report.contains("不在本辖区"), "{report}");
    assert!(
        enterprises::get_by_uscc(
            &app.store,
            &Scope::Province("430000".into()),
            &good_rows()[3][0]
        )
        .await
        .is_err()
    );
    let _ = std::fs::remove_dir_all(&dir);
}

/// A multipart body with one file field, as a browser sends it.
pub fn multipart(file_name: &str, bytes: &[u8]) -> (String, Vec<u8>) {
    let boundary = "----upliftTestBoundary7MA4YWxk";
    let mut body = Vec::new();
    body.extend_from_slice(
        format!("--{boundary}\r\nContent-Disposition: form-data; name=\"encoding\"\r\n\r\n\r\n")
            .as_bytes(),
    );
    body.extend_from_slice(
        format!("--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{file_name}\"\r\nContent-Type: text/csv\r\n\r\n").as_bytes(),
    );
    body.extend_from_slice(bytes);
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}

#[tokio::test]
async fn a_city_uploads_its_directory_and_follows_the_job_which_only_it_can_see() {
    let dir = temp_dir("upload");
    let app = TestApp::with_settings(uplift_app::Settings {
        data_dir: dir.clone(),
        ..Default::default()
    })
    .await;
    let file = write_file(
        &dir,
        "upload.csv",
        Format::Csv,
        TextEncoding::Gb18030,
        &good_rows(),
    );
    let bytes = std::fs::read(&file).unwrap();
    let (content_type, body) = multipart("长沙名录.csv", &bytes);
    let mut city = app.logged_in("city-430100").await;
    let res = city
        .send(
            axum::http::Request::post("/imports/enterprises").header("content-type", content_type),
            axum::body::Body::from(body),
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    let job_url = res.location().unwrap().to_string();
    // The job runs in the background; follow it like the page does.
    let mut page = String::new();
    for _ in 0..100 {
        page = city.get(&job_url).await.body;
        if !page.contains("http-equiv=\"refresh\"") {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    assert!(page.contains("已完成"), "{page}");
    // The job is marked done a moment before its upload is removed.
    let mut left = usize::MAX;
    for _ in 0..100 {
        left = std::fs::read_dir(dir.join("uploads")).unwrap().count();
        if left == 0 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    assert_eq!(left, 0, "the uploaded file is removed once imported");
    assert!(page.contains("下载错误清单"), "the 株洲 row was rejected");
    assert!(page.contains("下载被拒绝的行"), "and given back to fix");
    let report = city.get(&format!("{job_url}/errors")).await;
    assert_eq!(report.status, StatusCode::OK);
    // Another account cannot see the job or its report.
    let mut other = app.logged_in("province").await;
    assert_eq!(other.get(&job_url).await.status, StatusCode::NOT_FOUND);
    assert_eq!(
        other.get(&format!("{job_url}/errors")).await.status,
        StatusCode::NOT_FOUND
    );
    // Roles that do not import cannot upload.
    let mut body_user = app.logged_in("body-1").await;
    assert_eq!(
        body_user.get("/imports").await.status,
        StatusCode::NOT_FOUND
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test]
async fn the_history_on_an_enterprise_page_reads_as_before_and_after_and_masks_phones() {
    let app = TestApp::new().await;
    let dir = temp_dir("history-page");
    // A new figure and a new phone for the enterprise support-1 is assigned.
    let mut row = good_rows()[0].clone();
    row[0] = app.fx.changsha_b.clone();
    row[10] = "13912345678".into();
    let file = write_file(&dir, "a.csv", Format::Csv, TextEncoding::Utf8, &[row]);
    let done = run_import(&app.store, &file, hunan(), &dir).await;
    assert_eq!(done.counts.updated, 1);

    let page = format!("/enterprises/{}", app.fx.changsha_b);
    let support = app.logged_in("support-1").await.get(&page).await;
    assert_eq!(support.status, StatusCode::OK);
    assert!(support.body.contains("联系电话：") && support.body.contains("→ 139****5678"));
    assert!(
        !support.body.contains("13912345678"),
        "the support unit sees phones masked"
    );
    assert!(
        !support.body.contains("contact_phone"),
        "no stored JSON on the page"
    );
    let city = app.logged_in("city-430100").await.get(&page).await;
    assert!(city.body.contains("→ 13912345678"));
    let _ = std::fs::remove_dir_all(&dir);
}
