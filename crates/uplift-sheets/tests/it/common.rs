//! Fixtures: a temp dir per test and the reference table.

use std::path::{Path, PathBuf};

use uplift_sheets::{OpenOptions, SheetReader, SourceRow};

/// A directory under the system temp dir, removed when dropped.
pub struct TempDir(PathBuf);

impl TempDir {
    pub fn new(test: &str) -> TempDir {
        let dir = std::env::temp_dir().join(format!("uplift-sheets-{}-{test}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        TempDir(dir)
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.0.join(name)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// The reference table as a CSV text: Chinese, a quoted comma, escaped
/// quotes, a multi-line cell, an empty cell, padded values, a blank row in
/// the middle and a trailing empty row.
pub const TABLE_CSV: &str = "统一社会信用代码,企业名称,地址,联系人\r\n\
91110105MA01ABCD1X,北京小微科技有限公司,\"北京市朝阳区,建国路1号\",张三\r\n\
91310000123456789A,上海质量管理咨询有限公司,,李四\r\n\
,,,\r\n\
91440300MA5XYZ0001,\"深圳\"\"引号\"\"公司\",\"多行\n备注\",\u{3000}王五 \r\n\
,,,\r\n";

/// The same table as (0-based row, cells) for writing an XLSX; row 3 is
/// left out (blank) and row 5 has only blank cells.
pub fn table_cells() -> Vec<(u32, Vec<&'static str>)> {
    vec![
        (0, vec!["统一社会信用代码", "企业名称", "地址", "联系人"]),
        (
            1,
            vec![
                "91110105MA01ABCD1X",
                "北京小微科技有限公司",
                "北京市朝阳区,建国路1号",
                "张三",
            ],
        ),
        (
            2,
            vec!["91310000123456789A", "上海质量管理咨询有限公司", "", "李四"],
        ),
        (
            4,
            vec![
                "91440300MA5XYZ0001",
                "深圳\"引号\"公司",
                "多行\n备注",
                "\u{3000}王五 ",
            ],
        ),
    ]
}

pub fn expected_header() -> Vec<String> {
    strings(&["统一社会信用代码", "企业名称", "地址", "联系人"])
}

pub fn expected_rows() -> Vec<SourceRow> {
    vec![
        SourceRow {
            number: 2,
            cells: strings(&[
                "91110105MA01ABCD1X",
                "北京小微科技有限公司",
                "北京市朝阳区,建国路1号",
                "张三",
            ]),
        },
        SourceRow {
            number: 3,
            cells: strings(&["91310000123456789A", "上海质量管理咨询有限公司", "", "李四"]),
        },
        SourceRow {
            number: 5,
            cells: strings(&[
                "91440300MA5XYZ0001",
                "深圳\"引号\"公司",
                "多行\n备注",
                "王五",
            ]),
        },
    ]
}

pub fn strings(cells: &[&str]) -> Vec<String> {
    cells.iter().map(|s| s.to_string()).collect()
}

/// Opens with defaults and collects every row.
pub fn read_all(path: &Path) -> (SheetReader, Vec<SourceRow>) {
    read_with(path, &OpenOptions::default())
}

pub fn read_with(path: &Path, opts: &OpenOptions) -> (SheetReader, Vec<SourceRow>) {
    let mut reader = SheetReader::open(path, opts).unwrap();
    let rows = reader.by_ref().collect::<Result<Vec<_>, _>>().unwrap();
    (reader, rows)
}
