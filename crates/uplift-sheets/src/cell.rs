//! Typed cells for exports: numbers that add up and dates that sort in Excel,
//! and the same values as plain text in CSV.

use std::borrow::Cow;

use chrono::{Datelike, NaiveDate, NaiveDateTime, Timelike};

/// One cell of a row written with [`SheetWriter::write_cells`](crate::SheetWriter::write_cells).
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    /// Text, kept as typed: in XLSX a string cell (never a formula), in CSV
    /// defused if it starts like a formula. Codes with leading zeros, credit
    /// codes and phone numbers belong here, not in [`Cell::Integer`].
    Text(String),
    /// A whole number, as a number cell. Excel keeps 15 significant digits,
    /// so an integer with more digits is written as text rather than rounded.
    Integer(i64),
    /// The fixed-point number `units × 10^-scale`: `Decimal { units: 12345,
    /// scale: 2 }` is 123.45. In XLSX a number cell shown with exactly `scale`
    /// decimals; in CSV the exact digits, without binary rounding. (Money in
    /// yuan is `Decimal { units: yuan, scale: 0 }`; in 万元 with four decimals,
    /// `Decimal { units: yuan, scale: 4 }`.) More than 15 significant digits,
    /// or a scale above 15, is written as text, exact.
    Decimal { units: i64, scale: u8 },
    /// A date, shown as `yyyy-mm-dd` in Excel and written as such in CSV.
    Date(NaiveDate),
    /// A local date and time (convert from UTC before), shown as
    /// `yyyy-mm-dd hh:mm` in Excel and written `yyyy-mm-dd hh:mm:ss` in CSV,
    /// as the reader renders it.
    DateTime(NaiveDateTime),
    /// Nothing.
    Empty,
}

impl Cell {
    pub(crate) fn as_ref(&self) -> CellRef<'_> {
        match self {
            Cell::Text(s) => CellRef::Text(s),
            Cell::Integer(i) => CellRef::Integer(*i),
            Cell::Decimal { units, scale } => CellRef::Decimal {
                units: *units,
                scale: *scale,
            },
            Cell::Date(d) => CellRef::Date(*d),
            Cell::DateTime(dt) => CellRef::DateTime(*dt),
            Cell::Empty => CellRef::Empty,
        }
    }
}

impl From<&str> for Cell {
    fn from(s: &str) -> Cell {
        Cell::Text(s.to_owned())
    }
}

impl From<String> for Cell {
    fn from(s: String) -> Cell {
        Cell::Text(s)
    }
}

impl From<i64> for Cell {
    fn from(i: i64) -> Cell {
        Cell::Integer(i)
    }
}

impl From<i32> for Cell {
    fn from(i: i32) -> Cell {
        Cell::Integer(i64::from(i))
    }
}

impl From<u32> for Cell {
    fn from(i: u32) -> Cell {
        Cell::Integer(i64::from(i))
    }
}

impl From<NaiveDate> for Cell {
    fn from(d: NaiveDate) -> Cell {
        Cell::Date(d)
    }
}

impl From<NaiveDateTime> for Cell {
    fn from(dt: NaiveDateTime) -> Cell {
        Cell::DateTime(dt)
    }
}

/// `None` is an empty cell.
impl<T: Into<Cell>> From<Option<T>> for Cell {
    fn from(value: Option<T>) -> Cell {
        value.map_or(Cell::Empty, Into::into)
    }
}

/// A cell borrowed from either kind of row, so string rows need no copies.
#[derive(Debug, Clone, Copy)]
pub(crate) enum CellRef<'a> {
    Text(&'a str),
    Integer(i64),
    Decimal { units: i64, scale: u8 },
    Date(NaiveDate),
    DateTime(NaiveDateTime),
    Empty,
}

/// The largest magnitude whose digits Excel keeps (15 significant digits).
const EXCEL_DIGITS: u64 = 999_999_999_999_999;

impl<'a> CellRef<'a> {
    /// The text of the cell in CSV, and whether it is text people typed,
    /// which must be defused; the numbers and dates written here never start
    /// a formula, and a negative number must stay a number.
    pub(crate) fn csv_text(self) -> (Cow<'a, str>, bool) {
        match self {
            CellRef::Text(s) => (Cow::Borrowed(s), true),
            CellRef::Integer(i) => (Cow::Owned(i.to_string()), false),
            CellRef::Decimal { units, scale } => (Cow::Owned(decimal_text(units, scale)), false),
            CellRef::Date(d) => (Cow::Owned(date_text(d)), false),
            CellRef::DateTime(dt) => (Cow::Owned(datetime_text(dt)), false),
            CellRef::Empty => (Cow::Borrowed(""), false),
        }
    }

    /// How the cell goes into an XLSX file.
    pub(crate) fn xlsx_value(self) -> XlsxValue<'a> {
        match self {
            CellRef::Text(s) => XlsxValue::Text(Cow::Borrowed(s)),
            CellRef::Empty => XlsxValue::Empty,
            CellRef::Integer(i) if i.unsigned_abs() <= EXCEL_DIGITS => XlsxValue::Number(i as f64),
            CellRef::Integer(i) => XlsxValue::Text(Cow::Owned(i.to_string())),
            CellRef::Decimal { units, scale }
                if units.unsigned_abs() <= EXCEL_DIGITS && scale <= 15 =>
            {
                XlsxValue::Decimal(units as f64 / 10f64.powi(i32::from(scale)), scale)
            }
            CellRef::Decimal { units, scale } => {
                XlsxValue::Text(Cow::Owned(decimal_text(units, scale)))
            }
            CellRef::Date(d) => XlsxValue::Date(d),
            CellRef::DateTime(dt) => XlsxValue::DateTime(dt),
        }
    }

    /// Width in Excel's columns (one per character of the default font; CJK
    /// and other full-width characters take two). Multi-line text counts its
    /// longest line; dates count as Excel shows them.
    pub(crate) fn width(self) -> usize {
        match self {
            CellRef::Text(s) => s.split('\n').map(text_width).max().unwrap_or(0),
            CellRef::Integer(i) => i.to_string().len(),
            CellRef::Decimal { units, scale } => decimal_text(units, scale).len(),
            CellRef::Date(_) => "yyyy-mm-dd".len(),
            CellRef::DateTime(_) => "yyyy-mm-dd hh:mm".len(),
            CellRef::Empty => 0,
        }
    }
}

/// A cell's value for the XLSX writer.
pub(crate) enum XlsxValue<'a> {
    Text(Cow<'a, str>),
    Number(f64),
    /// A number and the decimals to show.
    Decimal(f64, u8),
    Date(NaiveDate),
    DateTime(NaiveDateTime),
    Empty,
}

/// `units × 10^-scale` in exact decimal digits.
pub(crate) fn decimal_text(units: i64, scale: u8) -> String {
    let sign = if units < 0 { "-" } else { "" };
    let digits = units.unsigned_abs().to_string();
    let scale = usize::from(scale);
    if scale == 0 {
        return format!("{sign}{digits}");
    }
    // Enough leading zeros for one digit before the point.
    let padded = format!("{digits:0>width$}", width = scale + 1);
    let (whole, fraction) = padded.split_at(padded.len() - scale);
    format!("{sign}{whole}.{fraction}")
}

fn date_text(d: NaiveDate) -> String {
    format!("{:04}-{:02}-{:02}", d.year(), d.month(), d.day())
}

fn datetime_text(dt: NaiveDateTime) -> String {
    format!(
        "{} {:02}:{:02}:{:02}",
        date_text(dt.date()),
        dt.hour(),
        dt.minute(),
        dt.second()
    )
}

fn text_width(line: &str) -> usize {
    line.chars().map(|c| if is_wide(c) { 2 } else { 1 }).sum()
}

/// East Asian wide and full-width characters: Hangul Jamo, CJK radicals to
/// Yi, Hangul syllables, compatibility ideographs, vertical and full-width
/// forms, and the supplementary ideograph planes.
fn is_wide(c: char) -> bool {
    matches!(
        u32::from(c),
        0x1100..=0x115F
            | 0x2E80..=0xA4CF
            | 0xAC00..=0xD7A3
            | 0xF900..=0xFAFF
            | 0xFE30..=0xFE4F
            | 0xFF00..=0xFF60
            | 0xFFE0..=0xFFE6
            | 0x20000..=0x3FFFD
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimals_are_exact() {
        assert_eq!(decimal_text(12345, 2), "123.45");
        assert_eq!(decimal_text(5, 3), "0.005");
        assert_eq!(decimal_text(-50, 4), "-0.0050");
        assert_eq!(decimal_text(7, 0), "7");
        assert_eq!(decimal_text(i64::MIN, 2), "-92233720368547758.08");
    }

    #[test]
    fn widths_count_cjk_double() {
        assert_eq!(CellRef::Text("企业名称").width(), 8);
        assert_eq!(CellRef::Text("ab\n统一社会信用代码").width(), 16);
        assert_eq!(CellRef::Text("９１ＡＢ").width(), 8);
        assert_eq!(CellRef::Integer(-120).width(), 4);
        assert_eq!(CellRef::Decimal { units: 5, scale: 2 }.width(), 4);
    }

    #[test]
    fn csv_text_of_each_kind() {
        let day = NaiveDate::from_ymd_opt(2026, 11, 29).unwrap_or_default();
        let moment = day.and_hms_opt(8, 5, 3).unwrap_or_default();
        assert_eq!(CellRef::Date(day).csv_text().0, "2026-11-29");
        assert_eq!(
            CellRef::DateTime(moment).csv_text().0,
            "2026-11-29 08:05:03"
        );
        assert_eq!(
            CellRef::Integer(-5).csv_text(),
            (Cow::Borrowed("-5"), false)
        );
        assert!(CellRef::Text("-5").csv_text().1);
    }

    #[test]
    fn too_many_digits_for_excel_become_text() {
        assert!(matches!(
            CellRef::Integer(913_301_001_234_567_890).xlsx_value(),
            XlsxValue::Text(t) if t == "913301001234567890"
        ));
        assert!(matches!(
            CellRef::Integer(999_999_999_999_999).xlsx_value(),
            XlsxValue::Number(_)
        ));
        assert!(matches!(
            CellRef::Decimal { units: 1, scale: 20 }.xlsx_value(),
            XlsxValue::Text(t) if t == "0.00000000000000000001"
        ));
    }
}
