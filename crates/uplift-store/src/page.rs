//! Pagination shared by the pages and the API: 1-based pages, a default and a ceiling.

use serde::Serialize;

pub const DEFAULT_PER_PAGE: u64 = 50;
pub const MAX_PER_PAGE: u64 = 500;
/// No list has this many pages (a billion rows at the smallest page size); beyond it a
/// page number is a probe, and would overflow the offset the database is asked for.
pub const MAX_PAGE: u64 = 1_000_000_000 / MAX_PER_PAGE * MAX_PER_PAGE;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PageRequest {
    pub page: u64,
    pub per_page: u64,
}

impl PageRequest {
    /// Clamp what a client asked for: 1 ≤ page ≤ MAX_PAGE, 1 ≤ per_page ≤ 500, default 50.
    pub fn new(page: Option<u64>, per_page: Option<u64>) -> PageRequest {
        PageRequest {
            page: page.unwrap_or(1).clamp(1, MAX_PAGE),
            per_page: per_page.unwrap_or(DEFAULT_PER_PAGE).clamp(1, MAX_PER_PAGE),
        }
    }

    pub fn offset(&self) -> u64 {
        (self.page - 1).saturating_mul(self.per_page)
    }
}

impl Default for PageRequest {
    fn default() -> Self {
        PageRequest::new(None, None)
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Page<T> {
    pub items: Vec<T>,
    pub page: u64,
    pub per_page: u64,
    pub total: u64,
}

impl<T> Page<T> {
    pub fn pages(&self) -> u64 {
        self.total.div_ceil(self.per_page.max(1)).max(1)
    }
}
