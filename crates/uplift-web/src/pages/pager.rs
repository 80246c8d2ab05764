//! Links to the previous and next page that keep every filter in the URL (so a filtered
//! list can be bookmarked and shared).

pub struct Pager {
    pub prev_href: Option<String>,
    pub next_href: Option<String>,
    pub pages: u64,
}

/// `params` are the current filters (empty values dropped); `page` replaces any page.
pub fn pager(path: &str, params: &[(&str, String)], page: u64, pages: u64) -> Pager {
    let href = |p: u64| {
        let mut pairs: Vec<(&str, String)> = params
            .iter()
            .filter(|(k, v)| !v.is_empty() && *k != "page")
            .cloned()
            .collect();
        pairs.push(("page", p.to_string()));
        format!(
            "{path}?{}",
            serde_urlencoded::to_string(&pairs).unwrap_or_default()
        )
    };
    Pager {
        prev_href: (page > 1).then(|| href(page - 1)),
        next_href: (page < pages).then(|| href(page + 1)),
        pages,
    }
}

/// The filters as a query string (with its `?`), or empty.
pub fn query_string(params: &[(&str, String)]) -> String {
    let pairs: Vec<&(&str, String)> = params.iter().filter(|(_, v)| !v.is_empty()).collect();
    if pairs.is_empty() {
        String::new()
    } else {
        format!(
            "?{}",
            serde_urlencoded::to_string(pairs).unwrap_or_default()
        )
    }
}
