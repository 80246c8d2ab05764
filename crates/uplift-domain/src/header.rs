//! Matching a sheet's header row to the columns a kind of file has (a directory, the
//! dishonest list): whole-name matching, every missing required column listed, a column
//! named twice refused — one mechanism for every kind of import.

use std::fmt;
use std::marker::PhantomData;

use crate::directory::{cell, map_header};
use crate::lang::{Lang, Localized};

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
