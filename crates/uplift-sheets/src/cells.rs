//! Cell and row clean-up shared by the CSV and XLSX readers, so both formats
//! yield identical rows for the same table.

/// Trims ASCII whitespace and the full-width space (U+3000) that Chinese
/// input methods leave around values.
pub(crate) fn trim_cell(s: &str) -> &str {
    // Most cells need nothing, and their two end bytes show it: U+3000 is E3 80 80.
    if let (Some(&first), Some(&last)) = (s.as_bytes().first(), s.as_bytes().last())
        && !first.is_ascii_whitespace()
        && first != 0xE3
        && !last.is_ascii_whitespace()
        && last != 0x80
    {
        return s;
    }
    s.trim_matches(|c: char| c.is_ascii_whitespace() || c == '\u{3000}')
}

/// Trims every cell in place, avoiding a new allocation when nothing changes.
pub(crate) fn trim_cells(cells: &mut [String]) {
    for cell in cells.iter_mut() {
        let trimmed = trim_cell(cell);
        if trimmed.len() != cell.len() {
            *cell = trimmed.to_owned();
        }
    }
}

/// Drops trailing empty cells: CSV writers and XLSX writers disagree on
/// whether they exist at all, so the normal form has none.
pub(crate) fn drop_trailing_empty(cells: &mut Vec<String>) {
    while cells.last().is_some_and(String::is_empty) {
        cells.pop();
    }
}

/// Trims and normalises a row; returns false if nothing is left.
pub(crate) fn normalise_row(cells: &mut Vec<String>) -> bool {
    trim_cells(cells);
    drop_trailing_empty(cells);
    !cells.is_empty()
}

/// Removes a UTF-8 byte order mark that survived decoding, e.g. a second
/// BOM or one in a file whose encoding was forced.
pub(crate) fn strip_bom(cell: &mut String) {
    if let Some(rest) = cell.strip_prefix('\u{feff}') {
        *cell = trim_cell(rest).to_owned();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trims_ascii_and_full_width_spaces() {
        assert_eq!(trim_cell("\u{3000} 企业\t\u{3000}"), "企业");
        assert_eq!(trim_cell("a b"), "a b");
    }

    #[test]
    fn blank_rows_are_empty() {
        let mut row = vec![" ".to_owned(), "\u{3000}".to_owned(), String::new()];
        assert!(!normalise_row(&mut row));
        let mut row = vec!["".to_owned(), "x ".to_owned(), " ".to_owned()];
        assert!(normalise_row(&mut row));
        assert_eq!(row, ["", "x"]);
    }

    #[test]
    fn bom_is_removed() {
        let mut cell = "\u{feff}名称".to_owned();
        strip_bom(&mut cell);
        assert_eq!(cell, "名称");
    }
}
