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

/// A refusal of the programme's rules in the reader's language: the domain's own
/// explanation where the refusal carries one, the translations' text otherwise.
pub fn refusal(lang: Lang, r: &uplift_app::Refusal) -> String {
    use uplift_app::Refusal;
    use uplift_domain::lang::Localized;
    match r {
        Refusal::Password(e) => e.message(lang),
        Refusal::Division(e) => e.message(lang),
        Refusal::Uscc(e) => e.message(lang),
        Refusal::Money(e) => e.message(lang),
        // The sheet reader explains itself in Chinese only; say so in English.
        Refusal::Sheet(detail) => match lang {
            Lang::Zh => detail.clone(),
            Lang::En => format!("{} ({detail})", t(lang, "refusal.file_unreadable")),
        },
        Refusal::Workflow(r) => r.message(lang),
        Refusal::Form(errors) => {
            let parts: Vec<String> = errors.iter().map(|e| e.message(lang)).collect();
            parts.join(lang.pick("；", "; "))
        }
        other => t_dyn(lang, &format!("refusal.{}", other.code())),
    }
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
            include_str!("../templates/password.html"),
            include_str!("../templates/second_factor.html"),
            include_str!("../templates/sessions.html"),
            include_str!("../templates/campaigns.html"),
            include_str!("../templates/campaign.html"),
            include_str!("../templates/campaign_form.html"),
            include_str!("../templates/recommendations.html"),
            include_str!("../templates/candidates.html"),
            include_str!("../templates/recommendation_form.html"),
            include_str!("../templates/recommendation.html"),
            include_str!("../templates/submit_confirm.html"),
            include_str!("../templates/applications.html"),
            include_str!("../templates/apply.html"),
            include_str!("../templates/apply_done.html"),
            include_str!("../templates/apply_status.html"),
            include_str!("../templates/consent.html"),
            include_str!("../templates/selection.html"),
            include_str!("../templates/assignments.html"),
            include_str!("../templates/participations.html"),
            include_str!("../templates/todo.html"),
            include_str!("../templates/timeline.html"),
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

    #[test]
    fn every_key_the_code_asks_for_exists() {
        // `t(lang, "…")` and `t(ctx.lang, "…")` in the handlers.
        let sources = [
            include_str!("pages/account.rs"),
            include_str!("pages/second_factor.rs"),
            include_str!("pages/sessions.rs"),
            include_str!("pages/audit_log.rs"),
            include_str!("pages/dishonest.rs"),
            include_str!("pages/enterprises.rs"),
            include_str!("pages/home.rs"),
            include_str!("pages/imports.rs"),
            include_str!("pages/login.rs"),
            include_str!("pages/organisations.rs"),
            include_str!("pages/rules.rs"),
            include_str!("pages/users.rs"),
            include_str!("pages/history.rs"),
            include_str!("pages/campaigns.rs"),
            include_str!("pages/recommend.rs"),
            include_str!("pages/recommendation.rs"),
            include_str!("pages/applications.rs"),
            include_str!("pages/apply.rs"),
            include_str!("pages/consent.rs"),
            include_str!("pages/selection.rs"),
            include_str!("pages/participations.rs"),
            include_str!("pages/labels.rs"),
            include_str!("pages/todo.rs"),
            include_str!("pages/timeline.rs"),
            include_str!("error.rs"),
            include_str!("render.rs"),
        ];
        let mut missing = Vec::new();
        for src in sources {
            for part in src.split("t(").skip(1) {
                let Some((args, _)) = part.split_once(')') else {
                    continue;
                };
                let Some((_, quoted)) = args.split_once(", \"") else {
                    continue;
                };
                let key = quoted.trim_end_matches('"');
                if key.contains('.') && !key.contains(['{', ' ']) && !ZH.contains_key(key) {
                    missing.push(key.to_string());
                }
            }
        }
        assert!(missing.is_empty(), "keys without text: {missing:?}");
    }

    #[test]
    fn every_refusal_has_a_text_in_both_languages() {
        for r in uplift_app::Refusal::PLAIN {
            for lang in [Lang::Zh, Lang::En] {
                let text = refusal(lang, &r);
                assert!(!text.starts_with("refusal."), "{lang:?}: {}", r.code());
            }
        }
    }
}
