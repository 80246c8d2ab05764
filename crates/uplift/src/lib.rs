//! `uplift`: the service platform of the 小微企业质量管理体系认证提升行动.
//!
//! One binary: the server (`serve`), a demo province (`demo`), the schema (`migrate`),
//! accounts (`user …`), the audit chain (`audit-log verify`) and the rules as tools
//! (`check uscc`, `check sme`). Every flag can also be set by an environment variable.
//! The commands live in this library so that the integration tests drive them directly.

pub mod check;
pub mod cli;
pub mod demo;
pub mod import;
pub mod serve;
pub mod user;

use std::process::ExitCode;

use cli::{AuditCommand, Cli, Command};

/// Run one command (other than `check`, which needs no runtime).
pub async fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    match cli.command {
        Command::Serve(args) => serve::serve(&args, None).await,
        Command::Demo(args) => match &args.command {
            Some(cli::DemoCommand::GenerateDirectory(g)) => demo::generate::run(g),
            None => demo::run(&args.serve).await,
        },
        Command::Import(cmd) => import::run(cmd).await,
        Command::Migrate(db) => {
            let store = db.open().await?;
            println!("database migrated: {}", db.redacted());
            store.close().await?;
            Ok(ExitCode::SUCCESS)
        }
        Command::User(cmd) => user::run(cmd).await,
        Command::AuditLog(AuditCommand::Verify(db)) => {
            let store = db.open().await?;
            let report = uplift_store::audit::verify_chain(&store).await?;
            store.close().await?;
            match report {
                uplift_store::audit::ChainReport::Intact { rows } => {
                    println!("audit log intact: {rows} rows verified");
                    Ok(ExitCode::SUCCESS)
                }
                uplift_store::audit::ChainReport::Broken { row_id, reason } => {
                    println!("audit log BROKEN at row {row_id}: {reason}");
                    Ok(ExitCode::FAILURE)
                }
            }
        }
        Command::Check(_) => Ok(ExitCode::SUCCESS),
    }
}
