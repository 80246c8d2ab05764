//! The one error type of the crate, with Chinese text for the upload page.

use thiserror::Error;

use crate::limits::{self, Limit};

/// Anything that can go wrong reading or writing a sheet.
#[derive(Debug, Error)]
pub enum SheetError {
    #[error("I/O error: {0}")]
    Io(#[from] std::io::Error),
    /// Malformed CSV. The reader itself recovers from bad quoting the way
    /// Excel does and reports oversized rows as `RowTooLarge`, so this is
    /// for callers that check CSV structure of their own.
    #[error("CSV error: {0}")]
    Csv(String),
    /// calamine or rust_xlsxwriter failed; the text is theirs.
    #[error("XLSX error: {0}")]
    Xlsx(String),
    /// calamine could not read a legacy .xls workbook (or the OLE2 file is not one).
    #[error("XLS error: {0}")]
    Xls(String),
    #[error("no sheet named {name:?} (available: {available:?})")]
    NoSuchSheet {
        name: String,
        available: Vec<String>,
    },
    /// The file has no non-empty row to use as the header.
    #[error("the file has no header row")]
    Empty,
    #[error("unknown file format: expected CSV, XLSX or XLS")]
    UnknownFormat,
    /// A CSV row grew past the size limit; almost always an unclosed quote,
    /// which would otherwise swallow the rest of the file into one cell.
    #[error("row {row} is too large (an unclosed quote?)")]
    RowTooLarge { row: u64 },
    /// An XLSX sheet cannot hold more rows than this.
    #[error("too many rows for XLSX (the limit is {limit})")]
    TooManyRows { limit: u32 },
    /// The upload goes past one of the [`Limits`](crate::Limits), found before it
    /// could take the memory or time it asks for. `found` is what was measured or
    /// estimated; when counting stopped at the limit it is the point where it
    /// stopped, just past `max`.
    #[error("{}", limits::message_en(.limit, .max, .found))]
    LimitExceeded { limit: Limit, max: u64, found: u64 },
}

impl SheetError {
    /// A message for officials on the upload or export page.
    pub fn message_zh(&self) -> String {
        match self {
            SheetError::Io(e) => format!("读写文件失败：{e}"),
            SheetError::Csv(m) => format!("CSV 文件格式有误：{m}"),
            SheetError::Xlsx(m) => format!("XLSX 文件处理失败：{m}"),
            SheetError::Xls(m) => {
                format!("XLS 文件无法读取（{m}）；请在 Excel 或 WPS 中另存为 .xlsx 或 CSV 后再上传")
            }
            SheetError::NoSuchSheet { name, available } => {
                format!("找不到工作表“{name}”（可用：{}）", available.join("、"))
            }
            SheetError::Empty => "文件中没有表头行".to_owned(),
            SheetError::UnknownFormat => {
                "无法识别的文件格式：请上传 CSV、XLSX 或 XLS 文件".to_owned()
            }
            SheetError::RowTooLarge { row } => {
                format!("第 {row} 行过长，可能有未闭合的引号，请检查文件")
            }
            SheetError::TooManyRows { limit } => {
                format!("XLSX 文件最多只能容纳 {limit} 行，请改用 CSV 格式")
            }
            SheetError::LimitExceeded { limit, max, found } => {
                limits::message_zh(*limit, *max, *found)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_messages() {
        assert_eq!(SheetError::Empty.message_zh(), "文件中没有表头行");
        let e = SheetError::NoSuchSheet {
            name: "企业".into(),
            available: vec!["Sheet1".into(), "名录".into()],
        };
        assert_eq!(e.message_zh(), "找不到工作表“企业”（可用：Sheet1、名录）");
        assert_eq!(
            SheetError::UnknownFormat.message_zh(),
            "无法识别的文件格式：请上传 CSV、XLSX 或 XLS 文件"
        );
        let e = SheetError::LimitExceeded {
            limit: Limit::CellChars,
            max: 32_767,
            found: 40_000,
        };
        assert_eq!(
            e.message_zh(),
            "文件超出处理上限：单元格字数为 40000 字，上限为 32767 字。请检查文件内容，或拆分为较小的文件后再上传"
        );
        assert_eq!(
            e.to_string(),
            "characters in one cell: 40000 characters (the limit is 32767 characters)"
        );
    }
}
