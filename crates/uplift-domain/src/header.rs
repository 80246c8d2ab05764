//! Matching a sheet's header row to the columns a kind of file has (a directory, the
//! dishonest list): whole-name matching, every missing required column listed, a column
//! named twice refused — one mechanism for every kind of import.

use std::fmt;
use std::marker::PhantomData;

use crate::lang::{Lang, Localized};
use crate::text::fold_full_width;

/// A column of some kind of sheet.
pub trait SheetColumn: Copy + Eq + fmt::Debug + 'static {
    /// The stable keys of the two header problems, e.g. `header.missing`.
    const MISSING_KEY: &'static str;
    const DUPLICATE_KEY: &'static str;
    /// Every column, in template order.
    fn all() -> &'static [Self];
    fn required(self) -> bool;
    /// Does this (normalised) header cell name the column?
    fn matches_header(self, normalised: &str) -> bool;
    fn name(self, lang: Lang) -> &'static str;
}

/// Normalise a header cell for matching: drop a BOM, fold full-width forms (（）, Ａ, ：) to
/// ASCII, turn 【】 and [] into (), drop whitespace, `_` and `-`, drop the `*` that templates
/// use to mark required columns, lower-case ASCII. "营业收入（万元）", "营业收入 (万元)" and
/// "Operating-Revenue" become "营业收入(万元)" and "operatingrevenue".
pub fn normalise_header(text: &str) -> String {
    let folded: String = text
        .chars()
        .filter(|c| *c != '\u{FEFF}')
        .map(fold_full_width)
        .map(|c| match c {
            '【' | '[' => '(',
            '】' | ']' => ')',
            other => other,
        })
        .filter(|c| !c.is_whitespace() && !matches!(c, '_' | '-'))
        .map(|c| c.to_ascii_lowercase())
        .collect();
    folded.trim_matches('*').to_string()
}

/// Does a normalised header name this column? Whole names only: the header must equal an
/// alias, possibly followed by bracketed units of the column or generic annotations.
pub(crate) fn header_matches(
    normalised: &str,
    aliases: &[&str],
    is_unit: impl Fn(&str) -> bool,
) -> bool {
    let named = |text: &str| aliases.iter().any(|a| normalise_header(a) == text);
    if named(normalised) {
        return true;
    }
    for (before, group) in trailing_groups(normalised) {
        let annotation = ANNOTATIONS.iter().any(|a| normalise_header(a) == group);
        if !(is_unit(group) || annotation) {
            return false;
        }
        if named(before) {
            return true;
        }
    }
    false
}

/// The bracketed groups at the end of a normalised header, last first, each with the text
/// before it: "营业收入(万元)(必填)" gives ("营业收入(万元)", "必填"), then ("营业收入",
/// "万元").
pub(crate) fn trailing_groups(normalised: &str) -> impl Iterator<Item = (&str, &str)> {
    let mut rest = normalised;
    std::iter::from_fn(move || {
        let inner = rest.strip_suffix(')')?;
        let open = inner.rfind('(')?;
        let group = inner.get(open + 1..)?;
        rest = inner.get(..open)?;
        Some((rest, group))
    })
}

/// Notes a template may put in a trailing bracket of any header: "企业名称（必填）".
#[rustfmt::skip]
const ANNOTATIONS: &[&str] = &[
    "必填", "选填", "可选", "非必填", "必录", "required", "optional",
];

/// Which header cell holds which column.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HeaderMap<C> {
    indices: Vec<Option<usize>>,
    ignored: Vec<usize>,
    columns: PhantomData<C>,
}

impl<C: SheetColumn> HeaderMap<C> {
    /// Match the header row. Every required column must be present; no column may be named
    /// twice (two headers both meaning 统一社会信用代码 would make one of them silently lost).
    /// Headers that match no column are ignored. A duplicate is reported before missing
    /// columns.
    pub fn from_header<S: AsRef<str>>(header: &[S]) -> Result<HeaderMap<C>, HeaderProblem<C>> {
        let (indices, ignored) =
            map_header(header, C::all(), C::matches_header).map_err(HeaderProblem::Duplicate)?;
        let missing: Vec<C> = C::all()
            .iter()
            .zip(&indices)
            .filter(|(column, index)| column.required() && index.is_none())
            .map(|(column, _)| *column)
            .collect();
        if !missing.is_empty() {
            return Err(HeaderProblem::Missing(missing));
        }
        Ok(HeaderMap {
            indices,
            ignored,
            columns: PhantomData,
        })
    }

    /// The index of the header cell holding `col`, if any.
    pub fn index(&self, col: C) -> Option<usize> {
        C::all()
            .iter()
            .position(|&c| c == col)
            .and_then(|position| self.indices.get(position).copied().flatten())
    }

    /// The raw cell of `col` in `row`; "" when the column is absent or the row is short.
    pub fn get<'a, S: AsRef<str>>(&self, row: &'a [S], col: C) -> &'a str {
        cell(row, self.index(col))
    }

    /// Indices of header cells that matched no column (extra columns, blank headers, money
    /// columns in a unit other than 万元), so an import preview can list what it will skip.
    pub fn ignored(&self) -> &[usize] {
        &self.ignored
    }
}

/// Map header cells to columns. `matches(column, normalised_header)` says whether a header
/// names a column. Returns the index of each column (in `all`'s order) and the header cells
/// that matched none; the first column named twice is an error.
fn map_header<C: Copy, S: AsRef<str>>(
    header: &[S],
    all: &[C],
    matches: impl Fn(C, &str) -> bool,
) -> Result<(Vec<Option<usize>>, Vec<usize>), C> {
    let mut indices = vec![None; all.len()];
    let mut ignored = Vec::new();
    for (index, cell) in header.iter().enumerate() {
        let normalised = normalise_header(cell.as_ref());
        if normalised.is_empty() {
            ignored.push(index);
            continue;
        }
        let found = all
            .iter()
            .zip(indices.iter_mut())
            .find(|(column, _)| matches(**column, &normalised));
        match found {
            Some((&column, slot)) => {
                if slot.is_some() {
                    return Err(column);
                }
                *slot = Some(index);
            }
            None => ignored.push(index),
        }
    }
    Ok((indices, ignored))
}

/// The cell at `index`, or "" when there is no such column or the row is short.
pub(crate) fn cell<S: AsRef<str>>(row: &[S], index: Option<usize>) -> &str {
    index
        .and_then(|i| row.get(i))
        .map_or("", |cell| cell.as_ref())
}

/// Why a header row cannot be imported.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HeaderProblem<C> {
    /// Every missing required column, in template order.
    Missing(Vec<C>),
    /// Two header cells name the same column.
    Duplicate(C),
}

impl<C: SheetColumn> HeaderProblem<C> {
    pub fn key(&self) -> &'static str {
        match self {
            HeaderProblem::Missing(_) => C::MISSING_KEY,
            HeaderProblem::Duplicate(_) => C::DUPLICATE_KEY,
        }
    }
}

impl<C: SheetColumn> Localized for HeaderProblem<C> {
    fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            (HeaderProblem::Missing(columns), _) => {
                let names: Vec<&str> = columns.iter().map(|c| c.name(lang)).collect();
                match lang {
                    Lang::Zh => format!("缺少必填列：{}", names.join("、")),
                    Lang::En => format!("missing required columns: {}", names.join(", ")),
                }
            }
            (HeaderProblem::Duplicate(column), Lang::Zh) => {
                format!("“{}”列重复：有多个表头对应此列", column.name(lang))
            }
            (HeaderProblem::Duplicate(column), Lang::En) => format!(
                "the column '{}' appears more than once in the header",
                column.name(lang)
            ),
        }
    }
}

impl<C: SheetColumn> fmt::Display for HeaderProblem<C> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message(Lang::En))
    }
}

impl<C: SheetColumn> std::error::Error for HeaderProblem<C> {}
