//! `uplift demo`: the demo province — Hunan 2022 (430000), its 14 市州, the regulators,
//! three certification bodies, a technical support unit, an expert group, 320 synthetic
//! enterprises and an account for every role — loaded once, then served.
//!
//! Running it again keeps what was changed: nothing is wiped or loaded twice; the
//! passwords stay as they are unless UPLIFT_DEMO_PASSWORD gives one for every account.

pub mod generate;

use std::process::ExitCode;

use uplift_app::demo::{self, Created};
use uplift_app::operator::Operator;

use crate::cli::ServeArgs;

pub use uplift_app::demo::{ENTERPRISE_COUNT, PROVINCE};

pub async fn run(args: &ServeArgs) -> anyhow::Result<ExitCode> {
    let app = crate::serve::open(args, true).await?;
    let shared = std::env::var("UPLIFT_DEMO_PASSWORD").ok();
    let given = shared.as_deref().is_some_and(|pw| !pw.is_empty());
    match demo::ensure_loaded(&app, &Operator::cli(), shared)
        .await
        .map_err(crate::explain)?
    {
        None => {
            println!(
                "The demo province is already loaded in {}; nothing was changed.",
                args.db.redacted()
            );
            if given {
                println!("Every demo account's password is now the value of UPLIFT_DEMO_PASSWORD.");
            } else {
                println!(
                    "Passwords are as they were (set them all with UPLIFT_DEMO_PASSWORD, or one \
                     with `uplift user reset-password NAME`)."
                );
            }
            print_accounts(None);
        }
        Some(created) => print_accounts(Some(&created)),
    }
    crate::serve::serve(args, Some(app)).await
}

fn print_accounts(created: Option<&Created>) {
    println!();
    println!("Demo province: 湖南省 (430000), 14 市州, {ENTERPRISE_COUNT} synthetic enterprises.");
    println!("Demo logins (username — who):");
    match created {
        None => {
            println!("  province, province-miit, city-430100 … city-433100, body-1 … body-3,");
            println!("  support-1, expert-1, sysadmin, auditlog, enterprise-<USCC>");
        }
        Some(c) => {
            let shared = std::env::var("UPLIFT_DEMO_PASSWORD").ok();
            for (user, who, pw) in &c.named {
                match pw {
                    Some(pw) => println!("  {user:<16} {pw:<18} {who}"),
                    None => println!("  {user:<16} {who}"),
                }
            }
            if let Some(example) = &c.enterprise_example {
                match &c.enterprise_password {
                    Some(pw) => println!(
                        "  {example}  {pw}  (every enterprise-<USCC> account has this password)"
                    ),
                    None => println!("  {example}  (one of enterprise-<USCC>, one per enterprise)"),
                }
            }
            if shared.is_some() {
                println!("  Every account's password is the value of UPLIFT_DEMO_PASSWORD.");
            }
        }
    }
    println!();
}
