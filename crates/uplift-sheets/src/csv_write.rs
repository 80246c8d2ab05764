//! Formatting one CSV line: RFC 4180 quoting plus formula defusing.

use std::borrow::Cow;

/// Neutralises spreadsheet formula injection: a cell that starts with a
/// character Excel or WPS would treat as the start of a formula (or a tab or
/// CR, which some of them skip before looking) gets a leading apostrophe, so
/// it is shown as text. Exported data is typed by the public, so it must
/// never run as a formula on an official's machine.
pub(crate) fn defuse(cell: &str) -> Cow<'_, str> {
    match cell.as_bytes().first() {
        Some(b'=' | b'+' | b'-' | b'@' | b'\t' | b'\r') => Cow::Owned(format!("'{cell}")),
        _ => Cow::Borrowed(cell),
    }
}

/// Appends one field, quoted only when RFC 4180 requires it.
fn push_field(line: &mut String, cell: &str) {
    if cell.contains([',', '"', '\r', '\n']) {
        line.push('"');
        line.push_str(&cell.replace('"', "\"\""));
        line.push('"');
    } else {
        line.push_str(cell);
    }
}

/// A whole record of text cells, defused and quoted, ending in CRLF.
#[cfg(test)]
pub(crate) fn csv_line<S: AsRef<str>>(cells: &[S]) -> String {
    csv_record(cells.iter().map(|c| (Cow::Borrowed(c.as_ref()), true)))
}

/// A whole record, ending in CRLF: each field quoted as needed, and defused
/// when the flag says it is text people typed.
pub(crate) fn csv_record<'a>(cells: impl Iterator<Item = (Cow<'a, str>, bool)>) -> String {
    let mut line = String::new();
    for (i, (cell, is_text)) in cells.enumerate() {
        if i > 0 {
            line.push(',');
        }
        if is_text {
            push_field(&mut line, &defuse(&cell));
        } else {
            push_field(&mut line, &cell);
        }
    }
    line.push_str("\r\n");
    line
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoting() {
        assert_eq!(
            csv_line(&["a", "b,c", "say \"hi\"", "x\ny", ""]),
            "a,\"b,c\",\"say \"\"hi\"\"\",\"x\ny\",\r\n"
        );
        assert_eq!(csv_line::<&str>(&[]), "\r\n");
    }

    #[test]
    fn formulas_are_defused() {
        assert_eq!(
            csv_line(&["=1+1", "+86", "-5", "@SUM(A1)", "\tx", "a=b"]),
            "'=1+1,'+86,'-5,'@SUM(A1),'\tx,a=b\r\n"
        );
        // A defused cell that needs quoting is quoted after the apostrophe.
        assert_eq!(
            csv_line(&["=HYPERLINK(\"x\",\"y\")"]),
            "\"'=HYPERLINK(\"\"x\"\",\"\"y\"\")\"\r\n"
        );
    }
}
