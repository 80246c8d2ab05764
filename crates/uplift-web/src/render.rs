//! The frame around every page (top bar, navigation by role, language switch) and the
//! one function that renders a template.

use askama::Template;
use axum::response::Html;
use uplift_app::CurrentUser;
use uplift_domain::Lang;
use uplift_domain::permission::Permission;

use crate::context::Ctx;
use crate::error::{AppError, AppResult};
use crate::i18n::{self, t};

pub struct NavItem {
    pub href: &'static str,
    pub label: &'static str,
    pub active: bool,
}

/// What the base template needs on every page.
pub struct Frame {
    pub lang: Lang,
    pub title: String,
    pub user: Option<CurrentUser>,
    pub role_name: &'static str,
    pub nav: Vec<NavItem>,
    /// The current path and query, for the language switch to come back to.
    pub here: String,
    /// A confirmation after a POST/redirect/GET ("saved").
    pub flash: Option<String>,
    /// What waits on the user, for the top bar (its to-do list is on the home page).
    pub todo_count: Option<u64>,
}

impl Frame {
    pub fn new(ctx: &Ctx, title_key: &'static str, here: &str) -> Frame {
        let lang = ctx.lang;
        let user = ctx.user.clone();
        let section = here.split(['?', '#']).next().unwrap_or("/");
        let mut nav = Vec::new();
        if let Some(u) = &user {
            let mut add = |href: &'static str, key: &'static str| {
                let active = if href == "/" {
                    section == "/"
                } else if let Some(page) = href.strip_prefix("/campaigns/current") {
                    // A link to the current campaign's page lands on `/campaigns/{id}/…`.
                    section.starts_with("/campaigns/") && section.ends_with(page)
                } else {
                    section.starts_with(href)
                };
                nav.push(NavItem {
                    href,
                    label: t(lang, key),
                    active,
                });
            };
            let role = u.role();
            add("/", "nav.home");
            if role.may(Permission::ReadEnterprises) {
                add("/enterprises", "nav.enterprises");
            }
            if role.may(Permission::ReadCampaigns) {
                add("/campaigns", "nav.campaigns");
            }
            if role.may(Permission::Recommend) {
                add("/campaigns/current/recommendations", "nav.recommendations");
                add("/campaigns/current/applications", "nav.applications");
            }
            if role.may(Permission::SelectEnterprises) {
                add("/campaigns/current/selection", "nav.selection");
                add("/campaigns/current/assignments", "nav.assignments");
            }
            if role.may(Permission::GiveConsent) {
                add("/campaigns/current/consent", "nav.consent");
            }
            if role.may(Permission::ReadCampaigns) {
                add("/campaigns/current/participations", "nav.participations");
            }
            if role.may(Permission::ImportEnterprises) {
                add("/imports", "nav.imports");
            }
            if role.may(Permission::ReadDishonestList) {
                add("/dishonest", "nav.dishonest");
            }
            if role.may(Permission::EditEligibilityRules) {
                add("/screening/rules", "nav.rules");
            }
            if role.may(Permission::ManageAccounts) {
                add("/admin/users", "nav.users");
            }
            if role.may(Permission::ManageOrganisations) {
                add("/admin/organisations", "nav.organisations");
            }
            if role.may(Permission::ReadAuditLog) {
                add("/audit-log", "nav.audit_log");
            }
            add("/account/password", "nav.password");
            add("/account/sessions", "nav.sessions");
            // One page, one highlighted link: a campaign's own page keeps "提升行动".
            if nav
                .iter()
                .any(|i| i.active && i.href.starts_with("/campaigns/current"))
            {
                for item in nav.iter_mut().filter(|i| i.href == "/campaigns") {
                    item.active = false;
                }
            }
        }
        let flash = ctx
            .request_uri
            .split_once("done=")
            .map(|(_, rest)| rest.split('&').next().unwrap_or(""))
            .map(|k| format!("done.{k}"))
            .filter(|k| i18n::has(k))
            .map(|k| i18n::t_dyn(lang, &k));
        Frame {
            lang,
            title: t(lang, title_key).to_string(),
            role_name: user.as_ref().map(|u| u.role().name(lang)).unwrap_or(""),
            user,
            nav,
            here: here.to_string(),
            flash,
            todo_count: ctx.todo_count.filter(|n| *n > 0),
        }
    }

    pub fn t(&self, key: &'static str) -> &'static str {
        t(self.lang, key)
    }

    /// Punctuation around words from the translations: full-width in Chinese.
    pub fn colon(&self) -> &'static str {
        self.lang.pick("：", ": ")
    }

    /// A space between words in English, none in Chinese.
    pub fn space(&self) -> &'static str {
        self.lang.pick("", " ")
    }

    pub fn lp(&self) -> &'static str {
        self.lang.pick("（", " (")
    }

    pub fn rp(&self) -> &'static str {
        self.lang.pick("）", ")")
    }

    pub fn other_lang_code(&self) -> &'static str {
        match self.lang {
            Lang::Zh => "en",
            Lang::En => "zh-CN",
        }
    }

    pub fn other_lang_label(&self) -> &'static str {
        match self.lang {
            Lang::Zh => "English",
            Lang::En => "中文",
        }
    }

    pub fn here_encoded(&self) -> String {
        serde_urlencoded::to_string([("next", self.here.as_str())]).unwrap_or_default()
    }

    pub fn lang_attr(&self) -> &'static str {
        self.lang.code()
    }
}

pub fn render<T: Template>(page: &T) -> AppResult<Html<String>> {
    page.render().map(Html).map_err(AppError::internal)
}

/// Thousands separators for counts (`12,345`), the domain's rule.
pub fn thousands(n: u64) -> String {
    uplift_domain::number::thousands(n)
}

/// A moment as every page shows it: the minute, China time (`2026-11-29 22:50`).
pub fn minute(at: chrono::DateTime<chrono::Utc>) -> String {
    uplift_domain::cst::format_minute(at)
}
