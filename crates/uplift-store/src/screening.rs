//! Screening (资格审查): every enterprise gets a verdict under the campaign's eligibility
//! rules, stored with the keys of the rules it fails, and recomputed when the enterprise,
//! the dishonest list or the rules change. The rules themselves are the domain's
//! (`uplift_domain::eligibility`); this module feeds them facts and keeps the results.

use std::collections::HashMap;

use chrono::NaiveDate;
use sea_orm::sea_query::Expr;
use sea_orm::sea_query::Query;
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
    QuerySelect, Statement,
};
use uplift_domain::directory::OperatingStatus;
use uplift_domain::eligibility::{self, DishonestHit, EligibilityRules, Facts, Verdict, screen};
use uplift_domain::money::Money;
use uplift_domain::sme::{self, Industry, SmeFigures};
use uplift_domain::text::normalise_name;

use crate::audit::WriteTx;
use crate::enterprises::Enterprise;
use crate::entity::{dishonest_entry, enterprise, enterprise_history};
use crate::{Store, StoreResult, now};

/// The rule set in force: the stored one, or the notice's defaults when none was ever
/// saved. A stored set that cannot be read is an error: screening a province under
/// rules nobody chose would be worse than stopping.
pub async fn load_rules<C: ConnectionTrait>(conn: &C) -> StoreResult<EligibilityRules> {
    Ok(load_versioned(conn).await?.0)
}

/// The rule set and its version (0 before the first save; every save adds one).
pub async fn load_versioned<C: ConnectionTrait>(conn: &C) -> StoreResult<(EligibilityRules, i64)> {
    let row = conn
        .query_one_raw(Statement::from_string(
            conn.get_database_backend(),
            "SELECT rules, version FROM eligibility_rules WHERE id = 1",
        ))
        .await?;
    match row {
        Some(r) => {
            let text: String = r.try_get("", "rules")?;
            let version: i64 = r.try_get("", "version")?;
            let rules = serde_json::from_str(&text).map_err(|e| {
                crate::StoreError::Internal(format!("stored eligibility rules unreadable: {e}"))
            })?;
            Ok((rules, version))
        }
        None => Ok((EligibilityRules::default(), 0)),
    }
}

/// Replace the rule set; returns its new version, which the re-screening that follows
/// carries so that newer rules can overtake it.
pub async fn save_rules(tx: &mut WriteTx, rules: &EligibilityRules) -> StoreResult<i64> {
    let (before, version) = load_versioned(tx.conn()).await?;
    let version = version + 1;
    let text = serde_json::to_string(rules)
        .map_err(|e| crate::StoreError::Internal(format!("rules: {e}")))?;
    let backend = tx.conn().get_database_backend();
    let at = now();
    tx.conn()
        .execute_raw(Statement::from_string(
            backend,
            "DELETE FROM eligibility_rules WHERE id = 1",
        ))
        .await?;
    let insert = Query::insert()
        .into_table("eligibility_rules")
        .columns(["id", "rules", "version", "updated_at"])
        .values([1.into(), text.clone().into(), version.into(), at.into()])
        .map_err(|e| crate::StoreError::Internal(format!("rules insert: {e}")))?
        .to_owned();
    tx.conn().execute(&insert).await?;
    tx.audit(
        "eligibility_rules.update",
        "eligibility_rules:1",
        &format!(
            "{} -> {}",
            serde_json::to_string(&before).unwrap_or_default(),
            text
        ),
    )
    .await?;
    Ok(version)
}

/// An active entry, owned, as the index keeps it.
#[derive(Debug, Clone)]
pub struct ActiveEntry {
    pub listed_on: NaiveDate,
    pub reason: String,
    pub authority: String,
}

/// The active dishonest-list entries in memory, by credit code and by normalised name
/// (for old entries that carry only a registration number). A list has thousands of
/// entries, not millions, so this is small.
#[derive(Debug, Clone, Default)]
pub struct DishonestIndex {
    by_uscc: HashMap<String, ActiveEntry>,
    by_name: HashMap<String, ActiveEntry>,
}

impl DishonestIndex {
    /// An index over given entries (the few that concern one enterprise); removed entries
    /// are left out as `load` does.
    pub fn from_entries(rows: Vec<dishonest_entry::Model>) -> DishonestIndex {
        let mut index = DishonestIndex::default();
        for r in rows.into_iter().filter(|r| r.removed_on.is_none()) {
            let entry = ActiveEntry {
                listed_on: r.listed_on,
                reason: r.reason,
                authority: r.authority,
            };
            match r.uscc {
                Some(code) => {
                    index.by_uscc.insert(code, entry);
                }
                None => {
                    index.by_name.insert(r.name_key, entry);
                }
            }
        }
        index
    }

    pub async fn load<C: ConnectionTrait>(conn: &C) -> StoreResult<DishonestIndex> {
        let rows = dishonest_entry::Entity::find()
            .filter(dishonest_entry::Column::RemovedOn.is_null())
            .all(conn)
            .await?;
        Ok(DishonestIndex::from_entries(rows))
    }

    pub fn hit(&self, uscc: &str, name: &str) -> Option<DishonestHit<'_>> {
        let entry = match self.by_uscc.get(uscc) {
            Some(entry) => entry,
            None if self.by_name.is_empty() => return None,
            None => self.by_name.get(&normalise_name(name))?,
        };
        Some(DishonestHit {
            listed_on: entry.listed_on,
            reason: &entry.reason,
            authority: &entry.authority,
        })
    }

    pub fn len(&self) -> usize {
        self.by_uscc.len() + self.by_name.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// Everything needed to screen: the rules and the active list.
#[derive(Debug, Clone, Default)]
pub struct Screener {
    pub rules: EligibilityRules,
    pub dishonest: DishonestIndex,
    /// Credit codes of enterprises selected in an earlier campaign, with its year
    /// (`participations::earlier_selections`): a few hundred, not millions.
    pub selected_before: HashMap<String, u16>,
}

/// The facts the rules look at, as plain values (from an import row or a stored row).
pub struct Inputs<'a> {
    pub uscc: &'a str,
    pub name: &'a str,
    pub industry: Industry,
    pub figures: SmeFigures,
    pub main_revenue: Option<Money>,
    pub operating_status: OperatingStatus,
    pub contact_name: Option<&'a str>,
    pub contact_phone: Option<&'a str>,
}

/// A stored verdict: eligibility and the failed rules' keys between commas.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stored {
    pub eligible: bool,
    pub failed_rules: String,
    pub size_class: Option<String>,
}

impl Screener {
    pub async fn load<C: ConnectionTrait>(conn: &C) -> StoreResult<Screener> {
        Ok(Screener {
            rules: load_rules(conn).await?,
            dishonest: DishonestIndex::load(conn).await?,
            selected_before: crate::participations::earlier_selections(conn).await?,
        })
    }

    pub fn verdict(&self, inputs: &Inputs<'_>) -> (Verdict, Option<String>) {
        let classification = sme::classify(inputs.industry, &inputs.figures);
        let facts = self.facts(inputs, &classification);
        (screen(&self.rules, &facts), size_key(&classification))
    }

    /// What is stored for a row: the failed rules' keys without their explanations, so a
    /// million-row import builds one string per row, not a verdict.
    pub fn stored(&self, inputs: &Inputs<'_>) -> Stored {
        let classification = sme::classify(inputs.industry, &inputs.figures);
        let facts = self.facts(inputs, &classification);
        let mut failed_rules = String::new();
        for rule in eligibility::failed_rules(&self.rules, &facts) {
            if failed_rules.is_empty() {
                failed_rules.push(',');
            }
            failed_rules.push_str(rule.key());
            failed_rules.push(',');
        }
        Stored {
            eligible: failed_rules.is_empty(),
            failed_rules,
            size_class: size_key(&classification),
        }
    }

    fn facts<'a>(
        &'a self,
        inputs: &Inputs<'a>,
        classification: &'a Result<sme::Classification, sme::SmeError>,
    ) -> Facts<'a> {
        Facts {
            size: classification.as_ref().map(|c| c.class),
            main_revenue: inputs.main_revenue,
            operating_status: inputs.operating_status,
            dishonest: self.dishonest.hit(inputs.uscc, inputs.name),
            contact_name: inputs.contact_name,
            contact_phone: inputs.contact_phone,
            selected_in_earlier_campaign: self.selected_before.get(inputs.uscc).copied(),
        }
    }

    /// The verdict of a stored enterprise, explained rule by rule (the enterprise page).
    pub fn explain(&self, e: &Enterprise) -> Option<Verdict> {
        let industry = e.industry()?;
        Some(self.verdict(&inputs_of(e, industry)).0)
    }
}

pub fn inputs_of(e: &Enterprise, industry: Industry) -> Inputs<'_> {
    Inputs {
        uscc: &e.uscc,
        name: &e.name,
        industry,
        figures: e.figures(),
        main_revenue: e.main_revenue,
        operating_status: OperatingStatus::from_key(&e.operating_status)
            .unwrap_or(OperatingStatus::Unknown),
        contact_name: e.contact_name.as_deref(),
        contact_phone: e.contact_phone.as_deref(),
    }
}

fn size_key(classification: &Result<sme::Classification, sme::SmeError>) -> Option<String> {
    classification
        .as_ref()
        .ok()
        .map(|c| c.class.key().to_string())
}

/// How a re-screening ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rescreened {
    /// Verdicts changed.
    pub changed: u64,
    /// Enterprises looked at.
    pub screened: u64,
    /// Newer rules were saved meanwhile; the re-screening they started does the rest.
    pub superseded: bool,
}

/// Re-screen every enterprise (after the rules or the list changed), in id order and
/// bounded batches, each batch one transaction with its audit row and, under a job, its
/// progress.
///
/// Two rule changes never interleave their verdicts: each batch checks, inside its
/// writing transaction (which holds the write lock), that the rules it screens with are
/// still the newest; when they are not, it stops, and the newer rules' own re-screening
/// covers every enterprise.
pub async fn rescreen_all(
    store: &Store,
    actor: &crate::audit::Actor,
    job_id: Option<i64>,
) -> StoreResult<Rescreened> {
    const BATCH: u64 = 5_000;
    let (rules, version) = load_versioned(store.db()).await?;
    let screener = Screener {
        rules,
        dishonest: DishonestIndex::load(store.db()).await?,
        selected_before: crate::participations::earlier_selections(store.db()).await?,
    };
    let total = enterprise::Entity::find().count(store.db()).await?;
    let mut after = 0i64;
    let mut changed = 0u64;
    let mut screened = 0u64;
    loop {
        let rows = enterprise::Entity::find()
            .filter(enterprise::Column::Id.gt(after))
            .order_by_asc(enterprise::Column::Id)
            .limit(BATCH)
            .all(store.db())
            .await?;
        let n = rows.len() as u64;
        screened += n;
        let mut updates = Vec::new();
        for row in rows {
            after = row.id;
            let e = Enterprise::from(row.clone());
            let Some(industry) = e.industry() else {
                continue;
            };
            let s = screener.stored(&inputs_of(&e, industry));
            // What changed, as {"field": [before, after]} like an import's history.
            let mut changes = serde_json::Map::new();
            if row.eligible != Some(s.eligible) {
                changes.insert(
                    "eligible".into(),
                    serde_json::json!([row.eligible, s.eligible]),
                );
            }
            if row.failed_rules.as_deref() != Some(s.failed_rules.as_str()) {
                changes.insert(
                    "failed_rules".into(),
                    serde_json::json!([row.failed_rules, s.failed_rules]),
                );
            }
            if row.size_class != s.size_class {
                changes.insert(
                    "size_class".into(),
                    serde_json::json!([row.size_class, s.size_class]),
                );
            }
            if !changes.is_empty() {
                updates.push((row.id, s, serde_json::Value::Object(changes)));
            }
        }
        let mut tx = store.write(actor).await?;
        if load_versioned(tx.conn()).await?.1 != version {
            tx.commit().await?;
            return Ok(Rescreened {
                changed,
                screened,
                superseded: true,
            });
        }
        if let Some(job) = job_id {
            let counts = crate::jobs::ImportCounts {
                read: screened,
                updated: changed + updates.len() as u64,
                ..Default::default()
            };
            crate::jobs::progress(tx.conn(), job, screened, total, &counts).await?;
        }
        if !updates.is_empty() {
            let at = now();
            for (id, s, _) in &updates {
                enterprise::Entity::update_many()
                    .col_expr(enterprise::Column::Eligible, Expr::value(Some(s.eligible)))
                    .col_expr(
                        enterprise::Column::FailedRules,
                        Expr::value(Some(s.failed_rules.clone())),
                    )
                    .col_expr(
                        enterprise::Column::SizeClass,
                        Expr::value(s.size_class.clone()),
                    )
                    .col_expr(enterprise::Column::ScreenedAt, Expr::value(Some(at)))
                    .filter(enterprise::Column::Id.eq(*id))
                    .exec(tx.conn())
                    .await?;
            }
            // Every change to an enterprise leaves a history row: the enterprise page
            // shows it, and the search index learns of the new verdict from it. One
            // INSERT per 1,000 rows (4 values each, far below SQLite's 32,766).
            for chunk in updates.chunks(1_000) {
                let history =
                    chunk
                        .iter()
                        .map(|(id, _, changes)| enterprise_history::ActiveModel {
                            enterprise_id: sea_orm::Set(*id),
                            job_id: sea_orm::Set(None),
                            changed_at: sea_orm::Set(at),
                            changes: sea_orm::Set(changes.to_string()),
                            ..Default::default()
                        });
                enterprise_history::Entity::insert_many(history)
                    .exec(tx.conn())
                    .await?;
            }
            tx.audit(
                "screening.rescreen",
                "enterprises",
                &format!(
                    "{} verdicts changed up to enterprise {after}",
                    updates.len()
                ),
            )
            .await?;
            changed += updates.len() as u64;
        }
        tx.commit().await?;
        if n < BATCH {
            return Ok(Rescreened {
                changed,
                screened,
                superseded: false,
            });
        }
    }
}
