//! Decompression bombs and oversized workbooks are refused, with the limit they
//! broke and without the memory they ask for.
//!
//! Peak memory is measured in a child process (this test binary, run for one
//! probe test) so that other tests running in parallel threads cannot move it:
//! the child resets its peak RSS (`/proc/self/clear_refs`), opens and reads one
//! file, and reports `VmHWM` minus the RSS it started from.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;

use uplift_sheets::{Limit, Limits, OpenOptions, SheetError, SheetReader};

use crate::bombs::{
    Cfb, SHEET_HEAD, SHEET_TAIL, SMALL_SHEET, SST_HEAD, Zip, compound_file, deflate_repeat,
    dimensions, label, label_sst, number, workbook_parts, workbook_stream,
};
use crate::common::{TempDir, read_all};

const MIB: u64 = 1024 * 1024;
/// The most a refused bomb may raise the process's peak memory.
const MAX_GROWTH: u64 = 128 * MIB;
const PROBE_ENV: &str = "UPLIFT_SHEETS_MEMORY_PROBE";

/// A workbook with honest small parts, `sheet_rows` in its sheet, and shared
/// strings made by `sst` (or a single "名称").
fn xlsx(path: &Path, sheet_rows: Option<(&str, u64, &str, &str)>, sst: Option<SharedStrings>) {
    let mut zip = Zip::create(path);
    workbook_parts(&mut zip);
    match sst {
        None => zip.stored(
            "xl/sharedStrings.xml",
            format!(r#"{SST_HEAD}<si><t>名称</t></si></sst>"#).as_bytes(),
        ),
        Some(s) => {
            let head = match s.unique_count {
                Some(n) => SST_HEAD.replace("main\">", &format!("main\" uniqueCount=\"{n}\">")),
                None => SST_HEAD.to_owned(),
            };
            let prefix = format!("{head}{}", s.prefix);
            let size = (prefix.len() + b"</sst>".len()) as u64 + s.unit.len() as u64 * s.count;
            let declared = s.declared.unwrap_or(size);
            zip.deflated("xl/sharedStrings.xml", declared, |out| {
                deflate_repeat(
                    out,
                    prefix.as_bytes(),
                    s.unit.as_bytes(),
                    s.count,
                    b"</sst>",
                );
            });
        }
    }
    match sheet_rows {
        None => zip.stored(
            "xl/worksheets/sheet1.xml",
            format!("{SHEET_HEAD}{SMALL_SHEET}{SHEET_TAIL}").as_bytes(),
        ),
        Some((prefix, count, unit, suffix)) => {
            let size = (SHEET_HEAD.len() + prefix.len() + suffix.len() + SHEET_TAIL.len()) as u64
                + count * unit.len() as u64;
            zip.deflated("xl/worksheets/sheet1.xml", size, |out| {
                let head = format!("{SHEET_HEAD}{SMALL_SHEET}{prefix}");
                let tail = format!("{suffix}{SHEET_TAIL}");
                deflate_repeat(
                    out,
                    head.as_bytes(),
                    unit.as_bytes(),
                    count,
                    tail.as_bytes(),
                );
            });
        }
    }
    zip.finish();
}

struct SharedStrings {
    unique_count: Option<u64>,
    prefix: String,
    unit: String,
    count: u64,
    declared: Option<u64>,
}

fn refusal(path: &Path, opts: &OpenOptions) -> SheetError {
    match SheetReader::open(path, opts) {
        Err(e) => e,
        Ok(mut reader) => match reader.by_ref().find_map(Result::err) {
            Some(e) => e,
            None => panic!("{path:?} was read in full"),
        },
    }
}

fn assert_limit(err: &SheetError, expected: Limit) {
    match err {
        SheetError::LimitExceeded { limit, max, found } => {
            assert_eq!(*limit, expected, "{err}");
            assert!(found > max, "{err}");
            let zh = err.message_zh();
            assert!(zh.contains("上限") || zh.contains("声明"), "{zh}");
        }
        other => panic!("expected {expected:?}, got {other:?}"),
    }
}

// ---------------------------------------------------------------------------
// The files.
// ---------------------------------------------------------------------------

/// Every hostile file, with the limit it must be refused for (`None`: refused
/// as a damaged file).
fn bombs(dir: &TempDir) -> Vec<(PathBuf, Option<Limit>)> {
    let mut files = Vec::new();
    let mut add = |name: &str, limit: Option<Limit>, make: &dyn Fn(&Path)| {
        let path = dir.path(name);
        make(&path);
        files.push((path, limit));
    };

    // 300 MB of shared strings in a 300 KB file, honestly declared.
    add("sst-300mb.xlsx", Some(Limit::SharedStringsBytes), &|p| {
        xlsx(
            p,
            None,
            Some(SharedStrings {
                unique_count: None,
                prefix: "<si><t>".into(),
                unit: "a".into(),
                count: 300_000_000,
                declared: None,
            }),
        );
    });
    // The same, declared as 1000 bytes.
    add("sst-lies.xlsx", Some(Limit::DeclaredSize), &|p| {
        xlsx(
            p,
            None,
            Some(SharedStrings {
                unique_count: None,
                prefix: "<si><t>".into(),
                unit: "a".into(),
                count: 300_000_000,
                declared: Some(1000),
            }),
        );
    });
    // 300,000 short strings (5 MB, inflated through the guard) claiming
    // room for four billion, which calamine would reserve before reading one.
    add("sst-unique-count.xlsx", Some(Limit::DecodedBytes), &|p| {
        xlsx(
            p,
            None,
            Some(SharedStrings {
                unique_count: Some(4_000_000_000),
                prefix: String::new(),
                unit: "<si><t>ab</t></si>".into(),
                count: 300_000,
                declared: None,
            }),
        );
    });
    // One cell of 200 MB.
    add("huge-cell.xlsx", Some(Limit::CellXmlBytes), &|p| {
        xlsx(
            p,
            Some((
                "<row r=\"3\"><c r=\"A3\" t=\"inlineStr\"><is><t>",
                200_000_000,
                "A",
                "</t></is></c></row>",
            )),
            None,
        );
    });
    // A 30,000-character shared string named by 16,384 cells of one row.
    add("wide-row.xlsx", Some(Limit::RowBytes), &|p| {
        let mut zip = Zip::create(p);
        workbook_parts(&mut zip);
        zip.stored(
            "xl/sharedStrings.xml",
            format!(
                "{SST_HEAD}<si><t>名称</t></si><si><t>{}</t></si></sst>",
                "長".repeat(30_000)
            )
            .as_bytes(),
        );
        let mut sheet = format!("{SHEET_HEAD}{SMALL_SHEET}<row r=\"3\">");
        for col in 0..16_384u32 {
            sheet.push_str(&format!(r#"<c r="{}3" t="s"><v>1</v></c>"#, column(col)));
        }
        sheet.push_str("</row>");
        sheet.push_str(SHEET_TAIL);
        zip.stored("xl/worksheets/sheet1.xml", sheet.as_bytes());
        zip.finish();
    });

    // Legacy workbooks.
    add("xls-dimensions.xls", Some(Limit::DecodedBytes), &|p| {
        let cells = [dimensions(0, u32::MAX, 256), label(0, 0, "名称")];
        std::fs::write(
            p,
            compound_file(&workbook_stream(None, &cells), Cfb::Honest),
        )
        .unwrap();
    });
    add("xls-corners.xls", Some(Limit::DecodedBytes), &|p| {
        let cells = [number(0, 0, 1.0), number(65_535, 65_535, 2.0)];
        std::fs::write(
            p,
            compound_file(&workbook_stream(None, &cells), Cfb::Honest),
        )
        .unwrap();
    });
    add("xls-sst-copies.xls", Some(Limit::DecodedBytes), &|p| {
        // 30,000 characters copied into 20,000 cells: 1.8 GB from 300 KB.
        let mut cells = vec![label(0, 0, "名称")];
        cells.extend((1..=20_000u16).map(|row| label_sst(row, 0, 0)));
        let stream = workbook_stream(Some(30_000), &cells);
        std::fs::write(p, compound_file(&stream, Cfb::Honest)).unwrap();
    });
    add("xls-stream-size.xls", Some(Limit::EntryBytes), &|p| {
        let stream = workbook_stream(None, &[label(0, 0, "名称")]);
        std::fs::write(p, compound_file(&stream, Cfb::DeclaredSize(0xFFFF_FFF0))).unwrap();
    });
    add("xls-loop.xls", None, &|p| {
        let stream = workbook_stream(None, &[label(0, 0, "名称")]);
        std::fs::write(p, compound_file(&stream, Cfb::LoopingDirectory)).unwrap();
    });
    files
}

/// Excel's column letters for a 0-based column.
fn column(mut col: u32) -> String {
    let mut name = Vec::new();
    loop {
        name.push(b'A' + (col % 26) as u8);
        if col < 26 {
            break;
        }
        col = col / 26 - 1;
    }
    name.reverse();
    String::from_utf8(name).unwrap()
}

// ---------------------------------------------------------------------------
// Tests.
// ---------------------------------------------------------------------------

#[test]
fn the_hand_made_files_are_readable_without_their_bombs() {
    // The builders make workbooks calamine reads, so a refusal below is the
    // bomb's doing, not the builder's.
    let dir = TempDir::new("limits-control");
    let path = dir.path("small.xlsx");
    xlsx(&path, None, None);
    let (reader, rows) = read_all(&path);
    assert_eq!(reader.header(), ["名称"]);
    assert_eq!(rows[0].cells, ["甲公司"]);

    let path = dir.path("small.xls");
    let cells = [
        dimensions(0, 2, 2),
        label(0, 0, "名称"),
        label(0, 1, "数量"),
        label(1, 0, "甲公司"),
        number(1, 1, 12.0),
    ];
    std::fs::write(
        &path,
        compound_file(&workbook_stream(None, &cells), Cfb::Honest),
    )
    .unwrap();
    let (reader, rows) = read_all(&path);
    assert_eq!(reader.sheet_name(), Some("名录"));
    assert_eq!(reader.header(), ["名称", "数量"]);
    assert_eq!(rows[0].cells, ["甲公司", "12"]);

    // A shared string long but legal, in a legacy workbook.
    let path = dir.path("sst.xls");
    let cells = [label(0, 0, "名称"), label_sst(1, 0, 0)];
    std::fs::write(
        &path,
        compound_file(&workbook_stream(Some(20_000), &cells), Cfb::Honest),
    )
    .unwrap();
    let (_, rows) = read_all(&path);
    assert_eq!(rows[0].cells[0].len(), 20_000);
}

#[test]
fn bombs_are_refused_for_the_limit_they_break() {
    let dir = TempDir::new("limits-bombs");
    for (path, limit) in bombs(&dir) {
        let err = refusal(&path, &OpenOptions::default());
        match limit {
            Some(limit) => assert_limit(&err, limit),
            None => assert!(matches!(err, SheetError::Xls(_)), "{path:?}: {err:?}"),
        }
    }
}

#[test]
fn bombs_stay_within_bounded_memory() {
    if !Path::new("/proc/self/status").exists() {
        return; // VmHWM is Linux's.
    }
    // The probe sees memory that is really used: 64 MiB touched shows.
    let control = probe(CONTROL);
    assert!(
        control.0 >= 60 * MIB,
        "the probe missed a 64 MiB allocation: {control:?}"
    );
    let dir = TempDir::new("limits-memory");
    for (path, _) in bombs(&dir) {
        let (growth, outcome) = probe(&path.display().to_string());
        let name = path.file_name().unwrap().to_string_lossy();
        println!(
            "{name}: peak grew {:.1} MiB; {outcome}",
            growth as f64 / MIB as f64
        );
        assert!(
            growth < MAX_GROWTH,
            "{name} grew the peak by {growth} bytes: {outcome}"
        );
        assert!(outcome.starts_with("refused"), "{name}: {outcome}");
    }
}

/// What the probe reports for `CONTROL` instead of a file.
const CONTROL: &str = "control: allocate 64 MiB";

/// Runs [`memory_probe`] in a child process for one file: (growth of the peak
/// RSS in bytes, outcome).
fn probe(target: &str) -> (u64, String) {
    let output = Command::new(std::env::current_exe().unwrap())
        .args([
            "limits::memory_probe",
            "--exact",
            "--nocapture",
            "--test-threads=1",
        ])
        .env(PROBE_ENV, target)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    // The harness prints "test … " on the line the probe's line continues.
    let line = stdout
        .lines()
        .find_map(|l| l.split_once("PROBE\t").map(|(_, rest)| rest))
        .unwrap_or_else(|| panic!("no probe output: {stdout}"));
    let (growth, outcome) = line.split_once('\t').unwrap();
    (growth.parse().unwrap(), outcome.to_owned())
}

/// Run by [`bombs_stay_within_bounded_memory`] in a child process, one file
/// per process so that heap kept from one file cannot hide another's growth;
/// does nothing in the normal run.
#[test]
fn memory_probe() {
    let Ok(target) = std::env::var(PROBE_ENV) else {
        return;
    };
    // Peak RSS back to the current RSS (Linux 4.0+); if that is not allowed,
    // growth is measured from the peak so far.
    let reset = std::fs::write("/proc/self/clear_refs", "5").is_ok();
    let before = if reset {
        status_kib("VmRSS")
    } else {
        status_kib("VmHWM")
    };
    let outcome = if target == CONTROL {
        let block = vec![1u8; 64 * MIB as usize];
        format!(
            "allocated {}",
            block.iter().map(|&b| u64::from(b)).sum::<u64>()
        )
    } else {
        format!(
            "refused: {}",
            refusal(Path::new(&target), &OpenOptions::default())
        )
    };
    let growth = status_kib("VmHWM").saturating_sub(before) * 1024;
    let mut out = std::io::stdout().lock();
    writeln!(out, "PROBE\t{growth}\t{outcome}").unwrap();
}

fn status_kib(field: &str) -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap();
    let line = status.lines().find(|l| l.starts_with(field)).unwrap();
    line.split_whitespace().nth(1).unwrap().parse().unwrap()
}

#[test]
fn callers_choose_their_own_limits() {
    let dir = TempDir::new("limits-own");
    let path = dir.path("small.xlsx");
    xlsx(&path, None, None);
    // Five parts and shared strings: more than four entries.
    let opts = OpenOptions {
        limits: Limits {
            max_zip_entries: 4,
            ..Limits::default()
        },
        ..OpenOptions::default()
    };
    let err = refusal(&path, &opts);
    assert_limit(&err, Limit::ZipEntries);

    // Row numbers, in CSV too.
    let csv = dir.path("rows.csv");
    std::fs::write(&csv, "名称\r\n甲\r\n乙\r\n丙\r\n").unwrap();
    let opts = OpenOptions {
        limits: Limits {
            max_rows: 3,
            ..Limits::default()
        },
        ..OpenOptions::default()
    };
    let mut reader = SheetReader::open(&csv, &opts).unwrap();
    assert_eq!(reader.next().unwrap().unwrap().cells, ["甲"]);
    assert_eq!(reader.next().unwrap().unwrap().cells, ["乙"]);
    match reader.next() {
        Some(Err(e)) => {
            assert_limit(&e, Limit::Rows);
            assert_eq!(
                e.message_zh(),
                "文件超出处理上限：行号为 4，上限为 3。请检查文件内容，或拆分为较小的文件后再上传"
            );
        }
        other => panic!("{other:?}"),
    }
    assert!(reader.next().is_none());

    // A cell longer than Excel allows, in CSV.
    let long = dir.path("long.csv");
    std::fs::write(&long, format!("名称\r\n{}\r\n", "字".repeat(40_000))).unwrap();
    let err = refusal(&long, &OpenOptions::default());
    assert_limit(&err, Limit::CellChars);
    assert!(matches!(
        err,
        SheetError::LimitExceeded { found: 40_000, .. }
    ));
}
