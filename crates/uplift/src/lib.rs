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

/// A use case's refusal for the terminal, in the operator's words (Chinese and English,
/// as the command line speaks both).
pub fn explain(err: uplift_app::Error) -> anyhow::Error {
    match &err {
        uplift_app::Error::NotFound => anyhow::anyhow!("没有找到 / not found"),
        uplift_app::Error::Refused(r) => anyhow::anyhow!(
            "{} / {}",
            uplift_web::i18n::refusal(uplift_domain::Lang::Zh, r),
            uplift_web::i18n::refusal(uplift_domain::Lang::En, r)
        ),
        _ => anyhow::Error::new(err),
    }
}

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
            let app = db.open().await?;
            println!("database migrated: {}", db.redacted());
            app.close().await?;
            Ok(ExitCode::SUCCESS)
        }
        Command::User(cmd) => user::run(cmd).await,
        Command::AuditLog(AuditCommand::Verify(db)) => {
            let app = db.open().await?;
            let report = uplift_app::operator::verify_audit_log(&app).await?;
            app.close().await?;
            match report {
                uplift_app::audit_log::ChainReport::Intact { rows } => {
                    println!("audit log intact: {rows} rows verified");
                    Ok(ExitCode::SUCCESS)
                }
                uplift_app::audit_log::ChainReport::Broken { row_id, reason } => {
                    println!("audit log BROKEN at row {row_id}: {reason}");
                    Ok(ExitCode::FAILURE)
                }
            }
        }
        Command::Backup(args) => {
            let app = args.db.open().await?;
            uplift_app::operator::backup(
                &app,
                &uplift_app::operator::Operator::cli(),
                &args.db.database_url,
                &args.dest,
            )
            .await
            .map_err(explain)?;
            app.close().await?;
            println!("backup written to {}", args.dest.display());
            Ok(ExitCode::SUCCESS)
        }
        Command::Restore(args) => {
            uplift_app::operator::restore(&args.src, &args.db.database_url)
                .await
                .map_err(explain)?;
            // Bring the restored schema up to date, as every start does.
            let app = args.db.open().await?;
            app.close().await?;
            println!(
                "restored {} into {}",
                args.src.display(),
                args.db.redacted()
            );
            Ok(ExitCode::SUCCESS)
        }
        Command::Check(_) => Ok(ExitCode::SUCCESS),
    }
}
