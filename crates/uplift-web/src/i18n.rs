//! Interface texts in Simplified Chinese (default) and English, from two plain files
//! (`locales/zh-CN.txt`, `locales/en.txt`, one `key = value` per line) compiled into the
//! binary. A test keeps the two files' keys identical.

use std::collections::HashMap;
use std::sync::LazyLock;

use uplift_domain::Lang;

fn parse(source: &'static str) -> HashMap<&'static str, &'static str> {
    source
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .filter_map(|l| l.split_once(" = "))
        .map(|(k, v)| (k.trim(), v.trim()))
        .collect()
}

static ZH: LazyLock<HashMap<&'static str, &'static str>> =
    LazyLock::new(|| parse(include_str!("../locales/zh-CN.txt")));
static EN: LazyLock<HashMap<&'static str, &'static str>> =
    LazyLock::new(|| parse(include_str!("../locales/en.txt")));

fn table(lang: Lang) -> &'static HashMap<&'static str, &'static str> {
    match lang {
        Lang::Zh => &ZH,
        Lang::En => &EN,
    }
}

/// The text for a key; a missing key shows itself (and fails the parity test).
pub fn t(lang: Lang, key: &'static str) -> &'static str {
    table(lang).get(key).copied().unwrap_or(key)
}

/// The text for a key known only at run time (error codes from the store).
pub fn t_dyn(lang: Lang, key: &str) -> String {
    table(lang)
        .get(key)
        .map(|s| s.to_string())
        .unwrap_or_else(|| key.to_string())
}

/// Does the key exist? (For error codes that may or may not have a text.)
pub fn has(key: &str) -> bool {
    ZH.contains_key(key)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_languages_have_the_same_keys() {
        let mut zh: Vec<_> = ZH.keys().collect();
        let mut en: Vec<_> = EN.keys().collect();
        zh.sort();
        en.sort();
        let only_zh: Vec<_> = zh.iter().filter(|k| !EN.contains_key(**k)).collect();
        let only_en: Vec<_> = en.iter().filter(|k| !ZH.contains_key(**k)).collect();
        assert!(only_zh.is_empty(), "missing in en.txt: {only_zh:?}");
        assert!(only_en.is_empty(), "missing in zh-CN.txt: {only_en:?}");
    }

    #[test]
    fn every_key_used_in_templates_and_code_exists() {
        // Keys appear as t("…") in templates and as t(lang, "…") in Rust.
        let sources = [
            include_str!("../templates/base.html"),
            include_str!("../templates/login.html"),
            include_str!("../templates/home.html"),
            include_str!("../templates/enterprises.html"),
            include_str!("../templates/enterprise.html"),
            include_str!("../templates/users.html"),
            include_str!("../templates/organisations.html"),
            include_str!("../templates/audit_log.html"),
            include_str!("../templates/error.html"),
            include_str!("../templates/imports.html"),
            include_str!("../templates/import_job.html"),
            include_str!("../templates/dishonest.html"),
            include_str!("../templates/rules.html"),
            include_str!("../templates/pager.html"),
        ];
        let mut missing = Vec::new();
        for src in sources {
            for part in src.split("t(\"").skip(1) {
                if let Some(end) = part.find('"') {
                    let key = &part[..end];
                    if !ZH.contains_key(key) {
                        missing.push(key.to_string());
                    }
                }
            }
        }
        assert!(missing.is_empty(), "keys without text: {missing:?}");
    }
}
