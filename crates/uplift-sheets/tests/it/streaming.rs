//! Large inputs are streamed, not loaded.

use std::io::{BufWriter, Write};

use uplift_sheets::{Format, OpenOptions, SheetReader, SheetWriter, TextEncoding};

use crate::common::TempDir;

const ROWS: u64 = 200_000;

#[test]
fn a_200k_row_gb18030_csv_is_streamed() {
    let dir = TempDir::new("stream-csv");
    let path = dir.path("big.csv");
    // Written line by line so the test itself never holds the file either.
    // The Chinese parts are encoded once: encoding_rs is slow unoptimised.
    let gb = |s: &str| encoding_rs::GB18030.encode(s).0.into_owned();
    let (di, hao_company, hao) = (
        gb("第"),
        gb("号小微企业有限公司,\"某省某市,某区"),
        gb("号\"\r\n"),
    );
    let mut out = BufWriter::new(std::fs::File::create(&path).unwrap());
    out.write_all(&gb("序号,企业名称,地址\r\n")).unwrap();
    for i in 0..ROWS {
        let n = i.to_string();
        for part in [
            n.as_bytes(),
            b",",
            &di,
            n.as_bytes(),
            &hao_company,
            n.as_bytes(),
            &hao,
        ] {
            out.write_all(part).unwrap();
        }
    }
    out.into_inner().unwrap().sync_all().unwrap();
    let size = std::fs::metadata(&path).unwrap().len();

    let mut reader = SheetReader::open(&path, &OpenOptions::default()).unwrap();
    assert_eq!(reader.encoding(), Some(TextEncoding::Gb18030));
    let mut count = 0u64;
    let mut last = None;
    while let Some(row) = reader.next() {
        let row = row.unwrap();
        count += 1;
        if count == 1_000 {
            // Only buffers' worth of the file has been read after 1000 rows.
            let (done, total) = reader.progress();
            assert_eq!(total, size);
            assert!(
                done < 512 * 1024,
                "read {done} of {total} bytes for 1000 rows"
            );
        }
        last = Some(row);
    }
    assert_eq!(count, ROWS);
    let last = last.unwrap();
    assert_eq!(last.number, ROWS + 1);
    assert_eq!(last.cells[1], format!("第{}号小微企业有限公司", ROWS - 1));
    assert_eq!(reader.progress(), (size, size));
}

#[test]
fn a_large_xlsx_is_streamed_with_coarse_progress() {
    let dir = TempDir::new("stream-xlsx");
    let path = dir.path("big.xlsx");
    let rows = 30_000u64;
    let mut writer = SheetWriter::create(&path, Format::Xlsx, TextEncoding::Utf8, None).unwrap();
    writer.write_row(&["序号", "企业名称"]).unwrap();
    for i in 0..rows {
        writer
            .write_row(&[i.to_string(), format!("企业{i}")])
            .unwrap();
    }
    writer.finish().unwrap();

    let mut reader = SheetReader::open(&path, &OpenOptions::default()).unwrap();
    let (_, total) = reader.progress();
    let mut count = 0u64;
    let mut mid = None;
    while let Some(row) = reader.next() {
        let row = row.unwrap();
        count += 1;
        assert_eq!(row.number, count + 1);
        if count == rows / 2 {
            mid = Some(reader.progress());
        }
    }
    assert_eq!(count, rows);
    let (done, _) = mid.unwrap();
    assert!(
        done > total / 4 && done < total * 3 / 4,
        "{done} of {total}"
    );
    assert_eq!(reader.progress(), (total, total));
}

#[test]
fn dropping_an_xlsx_reader_early_is_clean() {
    let dir = TempDir::new("stream-drop");
    let path = dir.path("drop.xlsx");
    let mut writer = SheetWriter::create(&path, Format::Xlsx, TextEncoding::Utf8, None).unwrap();
    for i in 0..5_000 {
        writer.write_row(&[i.to_string()]).unwrap();
    }
    writer.finish().unwrap();
    let mut reader = SheetReader::open(&path, &OpenOptions::default()).unwrap();
    assert!(reader.next().is_some());
    // The worker is blocked on a full channel; dropping must release it.
    drop(reader);
}
