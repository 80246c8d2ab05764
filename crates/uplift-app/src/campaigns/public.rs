//! What the public application form may say without a login: which campaigns are open
//! for applications, and where (the province whose enterprises may apply). Nothing about
//! any enterprise.

use chrono::NaiveDate;
use uplift_store::campaigns as stored;

use crate::{App, AppResult};

/// An open campaign as the public form names it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpenCampaign {
    pub name: String,
    pub year: u16,
    pub province_code: String,
    /// The cities' recommendation deadline, which an application must reach its city by.
    pub recommendation_deadline: Option<NaiveDate>,
}

/// The campaigns open for applications, one per province at most.
pub async fn open_campaigns(app: &App) -> AppResult<Vec<OpenCampaign>> {
    let db = app.store().db();
    let mut out = Vec::new();
    for province in stored::provinces(db).await? {
        if let Some(c) = stored::open_in(db, &province).await? {
            out.push(OpenCampaign {
                name: c.settings.name.clone(),
                year: c.year(),
                recommendation_deadline: c.settings.recommendation_deadline,
                province_code: c.province_code,
            });
        }
    }
    Ok(out)
}
