//! The home page: what each role has to do or to look at first. The province sees each
//! city's eligible share (符合率) as a chart drawn here (SVG, no script); a city its
//! counties and its latest imports; a certification body or support unit the enterprises
//! assigned to it; an expert what the expert's work will be; every user their previous
//! login.

use askama::Template;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use uplift_app::CurrentUser;
use uplift_app::enterprises::{self, EnterpriseFilter};
use uplift_app::imports;
use uplift_app::sessions;
use uplift_domain::Lang;
use uplift_domain::division;
use uplift_domain::permission::Permission;
use uplift_domain::role::Scope;

use crate::AppState;
use crate::context::Ctx;
use crate::error::AppResult;
use crate::i18n::t;
use crate::render::{Frame, minute, render, thousands};

/// One place (a city, or a county of a city) with its enterprises and eligible share.
pub struct PlaceRow {
    /// The list's filter for the place: `city` or `county`, and the code.
    pub param: &'static str,
    pub code: String,
    pub name: String,
    pub count: String,
    pub eligible: String,
    /// 符合率: eligible of the place's own enterprises, `62.5%`.
    pub rate: String,
}

/// A horizontal bar of the chart, in the SVG's own units.
pub struct Bar {
    pub y: u32,
    pub text_y: u32,
    pub label: String,
    pub full_label: String,
    pub width: u32,
    pub value_x: u32,
    pub value: String,
}

pub struct Chart {
    pub height: u32,
    pub axis_y: u32,
    pub bars: Vec<Bar>,
    /// Gridlines at 0, 25, 50, 75 and 100 %: (x, label).
    pub ticks: Vec<(u32, String)>,
}

pub struct ImportRow {
    pub id: i64,
    pub file: String,
    pub status: &'static str,
    pub badge: &'static str,
    pub at: String,
}

#[derive(Template)]
#[template(path = "home.html")]
struct HomePage {
    frame: Frame,
    welcome: String,
    previous_login: Option<String>,
    failures_warning: Option<String>,
    total: Option<String>,
    total_label: &'static str,
    /// Of those, the enterprises the screening finds eligible: the number the
    /// programme's first step is after (摸清 … 小微企业基本情况).
    eligible: Option<String>,
    rate: Option<String>,
    chart: Option<Chart>,
    places: Vec<PlaceRow>,
    places_title: &'static str,
    place_label: &'static str,
    imports: Vec<ImportRow>,
    links: Vec<(String, &'static str)>,
    note: Option<&'static str>,
    /// What an expert's work will be, before anything is assigned.
    expert_work: Vec<&'static str>,
    own: Option<Own>,
    /// 待办: what waits on the user, deadlines first (`templates/todo.html`).
    todos: Vec<super::todo::TodoRow>,
    /// Say "nothing waits" to the roles that have campaign work.
    show_todo_empty: bool,
}

/// An enterprise contact's own enterprise: name, credit code, verdict badge.
pub struct Own {
    pub name: String,
    pub uscc: String,
    pub verdict: Option<(String, String)>,
}

/// `62.5%` — one decimal, rounded to the nearest, of a share.
fn rate(part: u64, whole: u64) -> String {
    let per_mille = part
        .saturating_mul(2000)
        .saturating_add(whole)
        .checked_div(whole.saturating_mul(2))
        .unwrap_or(0);
    format!("{}.{}%", per_mille / 10, per_mille % 10)
}

/// The province's chart: one bar per city, its length the city's 符合率.
fn chart(lang: Lang, rows: &[(String, u64, u64)]) -> Chart {
    const TOP: u32 = 8;
    const ROW: u32 = 26;
    const BAR: u32 = 16;
    const LEFT: u32 = 170;
    const LENGTH: u32 = 400;
    let bars = rows
        .iter()
        .enumerate()
        .map(|(i, (code, total, eligible))| {
            let y = TOP + ROW * i as u32;
            let full = super::enterprises::city_label(lang, code);
            // Long English names ("Xiangxi Tujia and Miao Autonomous Prefecture") keep
            // their first word on the chart; the tooltip has the whole.
            let label = if full.chars().count() > 22 {
                full.split(' ').next().unwrap_or(&full).to_string()
            } else {
                full.clone()
            };
            let width = u32::try_from(
                eligible
                    .saturating_mul(u64::from(LENGTH))
                    .checked_div(*total)
                    .unwrap_or(0),
            )
            .unwrap_or(LENGTH)
            .min(LENGTH);
            Bar {
                y,
                text_y: y + BAR - 3,
                label,
                full_label: full,
                width,
                value_x: LEFT + width + 6,
                value: format!(
                    "{}  ({} / {})",
                    rate(*eligible, *total),
                    thousands(*eligible),
                    thousands(*total)
                ),
            }
        })
        .collect::<Vec<_>>();
    let axis_y = TOP + ROW * bars.len() as u32;
    Chart {
        height: axis_y + 22,
        axis_y,
        ticks: (0..=4)
            .map(|q| (LEFT + LENGTH * q / 4, format!("{}%", q * 25)))
            .collect(),
        bars,
    }
}

fn welcome(lang: Lang, name: &str) -> String {
    format!("{}{}{name}", t(lang, "home.welcome"), lang.pick("，", ", "))
}

pub async fn home(State(state): State<AppState>, ctx: Ctx) -> AppResult<Response> {
    let Some(user) = ctx.user.clone() else {
        return Ok(Redirect::to("/login").into_response());
    };
    if user.second_factor_pending() {
        return Ok(Redirect::to("/login/second-factor").into_response());
    }
    if user.must_change_password() {
        return Ok(Redirect::to("/account/password").into_response());
    }
    let lang = ctx.lang;
    let mut page = HomePage {
        frame: Frame::new(&ctx, "home.title", "/"),
        welcome: welcome(lang, user.display_name()),
        previous_login: None,
        failures_warning: None,
        total: None,
        total_label: "home.enterprises_in_scope",
        eligible: None,
        rate: None,
        chart: None,
        places: Vec::new(),
        places_title: "home.by_city",
        place_label: "field.city",
        imports: Vec::new(),
        links: Vec::new(),
        note: None,
        expert_work: Vec::new(),
        own: None,
        todos: super::todo::rows(&state, &user, ctx.lang).await?,
        show_todo_empty: user
            .role()
            .may(uplift_domain::permission::Permission::ReadCampaigns),
    };
    if let Some(previous) = sessions::previous_login(&state.app, &user).await? {
        let ip = previous.client_ip.unwrap_or_else(|| "—".into());
        page.previous_login = Some(
            t(lang, "home.previous_login")
                .replace("{at}", &minute(previous.at))
                .replace("{ip}", &ip),
        );
        if previous.failures_since > 0 {
            page.failures_warning = Some(
                t(lang, "home.failures_since").replace("{n}", &thousands(previous.failures_since)),
            );
        }
    } else {
        page.previous_login = Some(t(lang, "home.first_login").to_string());
    }
    let role = user.role();
    if role.may(Permission::ManageAccounts) {
        page.links = vec![
            ("/admin/users".into(), "nav.users"),
            ("/admin/organisations".into(), "nav.organisations"),
        ];
        page.note = Some("home.note_sysadmin");
    } else if role.may(Permission::ReadAuditLog) {
        let today = uplift_domain::cst::date_cst(uplift_app::now());
        page.links = vec![
            ("/audit-log".into(), "nav.audit_log"),
            (
                format!("/audit-log?category=login&from={today}"),
                "home.todays_logins",
            ),
            (
                format!("/audit-log?category=export&from={today}"),
                "home.todays_exports",
            ),
        ];
        page.note = Some("home.note_auditadmin");
    } else if let Scope::Enterprise(_) = user.scope() {
        if let Some(own) = enterprises::own(&state.app, &user).await? {
            let verdict = own.eligible.map(|ok| {
                if ok {
                    ("good".to_string(), t(lang, "verdict.eligible").to_string())
                } else {
                    ("bad".to_string(), t(lang, "verdict.ineligible").to_string())
                }
            });
            page.links = vec![(format!("/enterprises/{}", own.uscc), "home.own_record")];
            page.own = Some(Own {
                name: own.name.clone(),
                uscc: own.uscc.clone(),
                verdict,
            });
        }
    } else if role.may(Permission::ReadEnterprises) {
        directory_home(&state, &user, lang, &mut page).await?;
    }
    Ok(render(&page)?.into_response())
}

/// The roles that read the directory: the numbers of their scope, and for regulators the
/// places within it and their latest imports.
async fn directory_home(
    state: &AppState,
    user: &CurrentUser,
    lang: Lang,
    page: &mut HomePage,
) -> AppResult<()> {
    let app = &state.app;
    if matches!(user.scope(), Scope::Nothing) {
        // An expert before any assignment exists: what the work will be, not a dead end.
        page.note = Some("home.note_expert");
        page.expert_work = [
            "home.expert_work_diagnosis",
            "home.expert_work_plan",
            "home.expert_work_review",
        ]
        .into_iter()
        .map(|key| t(lang, key))
        .collect();
        page.links = vec![("/account/password".into(), "nav.password")];
        return Ok(());
    }
    let total = enterprises::count(app, user, &EnterpriseFilter::default()).await?;
    let eligible = eligible_count(state, user, None).await?;
    page.total = Some(thousands(total));
    page.eligible = Some(thousands(eligible));
    page.rate = Some(rate(eligible, total));
    page.links = vec![("/enterprises".into(), "nav.enterprises")];
    match user.scope() {
        Scope::Province(_) => {
            let counts = enterprises::count_by_city(app, user).await?;
            let mut rows = Vec::with_capacity(counts.len());
            for (code, n) in counts {
                let eligible = eligible_count(state, user, Some(&code)).await?;
                rows.push((code, n, eligible));
            }
            page.places = rows
                .iter()
                .map(|(code, n, eligible)| PlaceRow {
                    param: "city",
                    code: code.clone(),
                    name: super::enterprises::city_label(lang, code),
                    count: thousands(*n),
                    eligible: thousands(*eligible),
                    rate: rate(*eligible, *n),
                })
                .collect();
            page.chart = (!rows.is_empty()).then(|| chart(lang, &rows));
            page.links.push(("/imports".into(), "nav.imports"));
            page.links.push(("/screening/rules".into(), "nav.rules"));
        }
        Scope::City(city) => {
            page.places_title = "home.by_county";
            page.place_label = "field.county";
            page.places = enterprises::count_by_county(app, user, city)
                .await?
                .into_iter()
                .map(|(code, n, eligible)| PlaceRow {
                    param: "county",
                    name: division::county_name(&code)
                        .map_or_else(|| division::full_name(&code), str::to_string),
                    code,
                    count: thousands(n),
                    eligible: thousands(eligible),
                    rate: rate(eligible, n),
                })
                .collect();
            page.links.push(("/imports".into(), "nav.imports"));
        }
        Scope::Assigned(_) => {
            page.total_label = "home.assigned_enterprises";
            page.note = Some("home.note_assigned");
        }
        Scope::Enterprise(_) | Scope::Nothing => {}
    }
    if user.role().may(Permission::ImportEnterprises) {
        page.imports = imports::recent(app, user)
            .await?
            .iter()
            .take(5)
            .map(|j| {
                let (status, badge) = super::imports::status_text(lang, j.status);
                ImportRow {
                    id: j.id,
                    file: j.file_name.clone().unwrap_or_default(),
                    status,
                    badge,
                    at: minute(j.created_at),
                }
            })
            .collect();
    }
    Ok(())
}

/// Eligible enterprises in the scope, or in one of its cities: the count of the very list
/// the number links to.
async fn eligible_count(
    state: &AppState,
    user: &CurrentUser,
    city: Option<&str>,
) -> AppResult<u64> {
    let filter = EnterpriseFilter {
        prefecture: city.map(str::to_string),
        eligible: Some(true),
        ..Default::default()
    };
    Ok(enterprises::count(&state.app, user, &filter).await?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_share_has_one_decimal_and_survives_an_empty_place() {
        assert_eq!(rate(5, 8), "62.5%");
        assert_eq!(rate(1, 3), "33.3%");
        assert_eq!(rate(4, 15), "26.7%");
        assert_eq!(rate(0, 0), "0.0%");
        assert_eq!(rate(7, 7), "100.0%");
    }

    #[test]
    fn every_bar_is_as_long_as_its_citys_own_share() {
        let c = chart(
            Lang::Zh,
            &[("430100".into(), 200, 100), ("430200".into(), 10, 10)],
        );
        assert_eq!(c.bars[0].width, 200);
        assert_eq!(c.bars[1].width, 400, "the smaller city is not scaled down");
        assert_eq!(c.bars[0].label, "长沙市");
        assert!(c.bars[0].value.starts_with("50.0%"));
    }
}
