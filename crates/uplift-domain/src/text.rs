//! Text as people type it into spreadsheets: Chinese input methods produce full-width forms
//! ("１２３", "（", "Ａ") and ideographic spaces that must compare equal to their ASCII
//! spellings before any rule looks at a cell.

/// Full-width ASCII forms (U+FF01–U+FF5E) to ASCII, the ideographic space U+3000 to a space.
pub(crate) fn fold_full_width(c: char) -> char {
    match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(u32::from(c) - 0xFEE0).unwrap_or(c),
        '\u{3000}' => ' ',
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn full_width_forms_and_the_ideographic_space_fold_to_ascii() {
        let folded: String = "（１２Ａｚ，－＋）\u{3000}万"
            .chars()
            .map(fold_full_width)
            .collect();
        assert_eq!(folded, "(12Az,-+) 万");
    }
}
