//! Paging a list: previous and next, a page to jump to and a page size, all keeping every
//! filter in the URL (so a filtered list can be bookmarked and shared). A page beyond the
//! last is answered with the last by the use cases; the pager shows where one landed.

use crate::render::thousands;

/// The page sizes a reader may choose.
pub const SIZES: [u64; 4] = [20, 50, 100, 200];

pub struct Pager {
    pub prev_href: Option<String>,
    pub next_href: Option<String>,
    pub page: u64,
    pub pages: u64,
    /// The page count with thousands separators.
    pub pages_text: String,
    /// The list's path, for the jump form.
    pub path: String,
    /// The filters, carried by the jump form as hidden fields.
    pub hidden: Vec<(String, String)>,
    /// The page sizes offered, the current one marked.
    pub sizes: Vec<(u64, bool)>,
}

/// `params` are the current filters (empty values dropped); `page` replaces any page, and
/// a page size other than the default travels with every link.
pub fn pager(path: &str, params: &[(&str, String)], page: u64, pages: u64, per_page: u64) -> Pager {
    let mut kept: Vec<(String, String)> = params
        .iter()
        .filter(|(k, v)| !v.is_empty() && *k != "page" && *k != "per_page")
        .map(|(k, v)| (k.to_string(), v.clone()))
        .collect();
    if per_page != uplift_app::PageRequest::default().per_page {
        kept.push(("per_page".into(), per_page.to_string()));
    }
    let href = |p: u64| {
        let mut pairs = kept.clone();
        pairs.push(("page".into(), p.to_string()));
        format!(
            "{path}?{}",
            serde_urlencoded::to_string(&pairs).unwrap_or_default()
        )
    };
    let mut sizes = SIZES.to_vec();
    if !sizes.contains(&per_page) {
        sizes.push(per_page);
        sizes.sort_unstable();
    }
    Pager {
        prev_href: (page > 1).then(|| href(page - 1)),
        next_href: (page < pages).then(|| href(page + 1)),
        page,
        pages,
        pages_text: thousands(pages),
        path: path.to_string(),
        hidden: kept.into_iter().filter(|(k, _)| k != "per_page").collect(),
        sizes: sizes.into_iter().map(|n| (n, n == per_page)).collect(),
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_keep_the_filters_and_a_chosen_page_size() {
        let p = pager(
            "/enterprises",
            &[("city", "430100".into()), ("q", String::new())],
            2,
            5,
            100,
        );
        assert_eq!(
            p.prev_href.as_deref(),
            Some("/enterprises?city=430100&per_page=100&page=1")
        );
        assert_eq!(p.hidden, vec![("city".to_string(), "430100".to_string())]);
        let first = pager("/enterprises", &[], 1, 1, 50);
        assert_eq!(first.prev_href, None);
        assert_eq!(first.next_href, None);
    }
}
