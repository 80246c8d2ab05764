//! Text as people type it into spreadsheets: Chinese input methods produce full-width forms
//! ("１２３", "（", "Ａ") and ideographic spaces that must compare equal to their ASCII
//! spellings before any rule looks at a cell, and enterprise names that must match however
//! they were spaced.

/// Full-width ASCII forms (U+FF01–U+FF5E) to ASCII, the ideographic space U+3000 to a space.
pub(crate) fn fold_full_width(c: char) -> char {
    match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(u32::from(c) - 0xFEE0).unwrap_or(c),
        '\u{3000}' => ' ',
        other => other,
    }
}

/// For matching entries without a credit code to enterprises by name: trim, fold full-width
/// forms to half-width (so （） become ()), drop all whitespace, upper-case ASCII.
/// "长沙某某科技有限公司（分公司）" and " 长沙某某科技有限公司 (分公司)" compare equal.
pub fn normalise_name(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    normalise_name_into(s, &mut out);
    out
}

/// [`normalise_name`] appended to `out`, for callers normalising a million names into one
/// buffer (the directory's search index). NUL characters are dropped too, so a normalised
/// name never contains the byte the index separates names with.
pub fn normalise_name_into(s: &str, out: &mut String) {
    out.extend(
        s.chars()
            .map(fold_full_width)
            .filter(|c| !c.is_whitespace() && *c != '\0')
            .map(|c| c.to_ascii_uppercase()),
    );
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

    #[test]
    fn names_are_normalised_for_matching() {
        assert_eq!(
            normalise_name(" 长沙某某科技有限公司（分公司） "),
            normalise_name("长沙某某科技有限公司 (分公司)")
        );
        assert_eq!(normalise_name("ａｂｃ 科技\u{3000}公司"), "ABC科技公司");
        assert_eq!(normalise_name("abc(Hunan)"), "ABC(HUNAN)");
    }
}
