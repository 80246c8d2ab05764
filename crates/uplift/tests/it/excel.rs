//! Excel that works in Excel: exports hold numbers as numbers under a name that says what
//! and when.

use axum::http::StatusCode;
use calamine::{Data, DataType, Reader, Xlsx};

use crate::harness::TestApp;

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
