//! Excel that works in Excel: exports hold numbers as numbers under a name that says what
//! and when; the import template imports as it stands; rejected rows are shown with their
//! reasons and given back in the input's format, to fix and upload again.

use axum::http::StatusCode;
use calamine::{Data, DataType, Reader, Xlsx};
use uplift_domain::directory::Column;
use uplift_sheets::{Format, OpenOptions, SheetReader, TextEncoding};

use crate::harness::{Client, TestApp};
use crate::import::{HEADER, multipart, temp_dir, write_file};

fn workbook(bytes: &[u8]) -> Xlsx<std::io::Cursor<Vec<u8>>> {
    Xlsx::new(std::io::Cursor::new(bytes.to_vec())).unwrap()
}

fn disposition(res: &crate::harness::Resp) -> String {
    res.headers
        .get("content-disposition")
        .unwrap()
        .to_str()
        .unwrap()
        .to_string()
}

#[tokio::test]
async fn an_xlsx_export_holds_numbers_as_numbers_under_a_name_that_says_what_and_when() {
    let app = TestApp::new().await;
    let mut province = app.logged_in("province").await;
    let res = province.get("/enterprises/export.xlsx?city=430100").await;
    assert_eq!(res.status, StatusCode::OK);
    let today = uplift_domain::cst::date_cst(uplift_app::now());
    let name = disposition(&res);
    assert!(
        name.contains(&format!("filename=\"enterprises_430100_{today}.xlsx\"")),
        "{name}"
    );
    // 企业名录_长沙市_<date>.xlsx, as RFC 6266 / 8187 write it.
    assert!(
        name.contains(&format!(
            "filename*=UTF-8''%E4%BC%81%E4%B8%9A%E5%90%8D%E5%BD%95_%E9%95%BF%E6%B2%99%E5%B8%82_{today}.xlsx"
        )),
        "{name}"
    );

    let mut book = workbook(&res.bytes);
    let table = book.worksheet_range("企业名录").unwrap();
    let header: Vec<String> = table
        .rows()
        .next()
        .unwrap()
        .iter()
        .map(|c| c.to_string())
        .collect();
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    let rows: Vec<&[Data]> = table.rows().skip(1).collect();
    assert_eq!(rows.len(), 2);
    for row in &rows {
        // Credit codes stay text; figures are numbers that add up.
        assert!(matches!(row[col("统一社会信用代码")], Data::String(_)));
        assert_eq!(row[col("从业人员")], Data::Float(120.0));
        assert_eq!(row[col("营业收入(万元)")], Data::Float(5000.0));
        assert_eq!(row[col("主营业务收入(万元)")], Data::Float(4500.0));
        assert_eq!(row[col("资产总额(万元)")], Data::Float(3000.0));
    }
    let total: f64 = rows
        .iter()
        .filter_map(|r| r[col("营业收入(万元)")].as_f64())
        .sum();
    assert_eq!(total, 10_000.0, "SUM works");
    let places: Vec<String> = rows
        .iter()
        .map(|r| r[col("行政区划名称")].to_string())
        .collect();
    assert!(places.contains(&"长沙市岳麓区".to_string()), "{places:?}");

    // The CSV has the same name, and the figures as plain numbers.
    let csv = province.get("/enterprises/export.csv?city=430100").await;
    assert!(disposition(&csv).contains(&format!("enterprises_430100_{today}.csv")));
    assert!(csv.body.contains(",120,5000,4500,3000,"), "{}", csv.body);
}

/// Upload `bytes` as `file_name` and wait for the job; its page and id.
async fn upload(
    app: &TestApp,
    client: &mut Client,
    file_name: &str,
    bytes: &[u8],
) -> (i64, String) {
    let (content_type, body) = multipart(file_name, bytes);
    let res = client
        .send(
            axum::http::Request::post("/imports/enterprises").header("content-type", content_type),
            axum::body::Body::from(body),
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    let job = res.location().unwrap().to_string();
    crate::write_matrix::wait_for_jobs(&app.store).await;
    let id = job.rsplit('/').next().unwrap().parse().unwrap();
    // The rejected rows are copied out of the upload a moment after the job ends.
    let mut page = String::new();
    for _ in 0..100 {
        page = client.get(&job).await.body;
        if !page.contains("http-equiv=\"refresh\"") {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    (id, page)
}

/// The number in the stat box labelled `label` on a job page.
fn count(page: &str, label: &str) -> String {
    let at = page.find(&format!(">{label}<")).unwrap();
    let before = &page[..at];
    let start = before.rfind("stat-number\">").unwrap() + "stat-number\">".len();
    before[start..].split('<').next().unwrap().to_string()
}

#[tokio::test]
async fn the_template_has_the_importers_header_and_its_example_row_imports() {
    let data = temp_dir("template");
    let app = TestApp::with_settings(uplift_app::Settings {
        data_dir: data.clone(),
        ..Default::default()
    })
    .await;
    let mut city = app.logged_in("city-430100").await;

    let xlsx = city.get("/imports/template.xlsx").await;
    assert_eq!(xlsx.status, StatusCode::OK);
    assert!(disposition(&xlsx).contains("directory-template"));
    let mut book = workbook(&xlsx.bytes);
    assert_eq!(
        book.sheet_names(),
        vec!["企业名录".to_string(), "填写说明".to_string()]
    );
    let table = book.worksheet_range("企业名录").unwrap();
    let header: Vec<String> = table
        .rows()
        .next()
        .unwrap()
        .iter()
        .map(|c| c.to_string())
        .collect();
    let expected: Vec<String> = Column::ALL
        .iter()
        .map(|c| c.header_zh().to_string())
        .collect();
    assert_eq!(header, expected);
    assert_eq!(table.rows().count(), 2, "the header and one example");
    let notes = book.worksheet_range("填写说明").unwrap();
    let text: Vec<String> = notes
        .rows()
        .flat_map(|r| r.iter().map(|c| c.to_string()))
        .collect();
    assert!(
        text.iter().any(|t| t.contains("软件和信息技术服务业")),
        "accepted industries"
    );
    assert!(text.iter().any(|t| t.contains("万元")), "units");

    let (_, page) = upload(&app, &mut city, "模板.xlsx", &xlsx.bytes).await;
    assert_eq!(count(&page, "新增"), "1", "{page}");
    assert_eq!(count(&page, "拒绝"), "0", "{page}");

    // The CSV template is the same table and imports too (the same row: unchanged).
    let csv = city.get("/imports/template.csv").await;
    assert!(csv.body.starts_with('\u{feff}'));
    assert_eq!(csv.body.lines().count(), 2);
    let (_, page) = upload(&app, &mut city, "模板.csv", &csv.bytes).await;
    assert_eq!(count(&page, "未变化"), "1", "{page}");
    assert_eq!(count(&page, "拒绝"), "0", "{page}");

    // A role that does not import has no template.
    let mut body = app.logged_in("body-1").await;
    assert_eq!(
        body.get("/imports/template.xlsx").await.status,
        StatusCode::NOT_FOUND
    );
    let _ = std::fs::remove_dir_all(&data);
}

#[tokio::test]
async fn rejected_rows_are_shown_with_reasons_and_given_back_in_the_inputs_format() {
    let dir = temp_dir("rejected");
    let app = TestApp::with_settings(uplift_app::Settings {
        data_dir: dir.clone(),
        ..Default::default()
    })
    .await;
    let good = uplift_domain::uscc::Uscc::from_parts('9', '1', "430102", "00000777")
        .unwrap()
        .as_str()
        .to_string();
    let fixable = uplift_domain::uscc::Uscc::from_parts('9', '1', "430103", "00000888")
        .unwrap()
        .as_str()
        .to_string();
    let row = |code: &str, name: &str, industry: &str| -> Vec<String> {
        [
            code,
            name,
            "430102",
            industry,
            "50",
            "3000",
            "2800",
            "1000",
            "存续",
            "李雷",
            "13800000009",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect()
    };
    let rows = vec![
        row(&good, "长沙好行有限公司", "工业"),
        row(&fixable, "长沙待改有限公司", "造船"),
        row("91430100XXXXXXXXXX", "长沙坏码有限公司", "工业"),
    ];
    // GBK, as Excel on Chinese Windows saves CSV.
    let file = write_file(&dir, "in.csv", Format::Csv, TextEncoding::Gb18030, &rows);
    let mut city = app.logged_in("city-430100").await;
    let (id, page) = upload(
        &app,
        &mut city,
        "长沙名录.csv",
        &std::fs::read(&file).unwrap(),
    )
    .await;
    assert_eq!(count(&page, "拒绝"), "2");
    // The first problems on the page, with their reasons.
    assert!(page.contains("被拒绝的行及原因"), "{page}");
    assert!(page.contains("造船"));
    assert!(page.contains("91430100XXXXXXXXXX"));
    assert!(page.contains("下载被拒绝的行"));

    let rejected = city.get(&format!("/imports/{id}/rejected")).await;
    assert_eq!(rejected.status, StatusCode::OK);
    assert!(disposition(&rejected).contains("filename*=UTF-8''"));
    let back = dir.join("back.csv");
    std::fs::write(&back, &rejected.bytes).unwrap();
    let reader = SheetReader::open(&back, &OpenOptions::default()).unwrap();
    assert_eq!(
        reader.encoding(),
        Some(TextEncoding::Gb18030),
        "the input's encoding"
    );
    assert_eq!(reader.header(), HEADER.map(String::from).as_slice());
    let back_rows: Vec<Vec<String>> = reader.map(|r| r.unwrap().cells).collect();
    assert_eq!(back_rows, vec![rows[1].clone(), rows[2].clone()]);

    // Fixed and uploaded again: the fixed row goes in.
    let mut fixed = back_rows.clone();
    fixed[0][3] = "工业".into();
    fixed.truncate(1);
    let again = write_file(
        &dir,
        "fixed.csv",
        Format::Csv,
        TextEncoding::Gb18030,
        &fixed,
    );
    let (_, page) = upload(
        &app,
        &mut city,
        "长沙名录_改.csv",
        &std::fs::read(&again).unwrap(),
    )
    .await;
    assert_eq!(count(&page, "新增"), "1", "{page}");
    assert_eq!(count(&page, "拒绝"), "0");

    // Only the uploader downloads them; the download is recorded.
    let mut other = app.logged_in("province").await;
    assert_eq!(
        other.get(&format!("/imports/{id}/rejected")).await.status,
        StatusCode::NOT_FOUND
    );
    use uplift_store::sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
    let downloads = uplift_store::entity::audit_log::Entity::find()
        .filter(uplift_store::entity::audit_log::Column::Action.eq("import.rejected_rows.download"))
        .all(app.store.db())
        .await
        .unwrap();
    assert_eq!(downloads.len(), 1);
    let _ = std::fs::remove_dir_all(&dir);
}
