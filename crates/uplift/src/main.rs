//! `uplift`: the service platform of the 小微企业质量管理体系认证提升行动.
//!
//! One binary: the server (`serve`), a demo province (`demo`), the schema (`migrate`),
//! accounts (`user …`), the audit chain (`audit-log verify`) and the rules as tools
//! (`check uscc`, `check sme`). Every flag can also be set by an environment variable.

mod check;
mod cli;
mod demo;
mod serve;
mod user;

use std::process::ExitCode;

use clap::Parser;

use cli::{AuditCommand, Cli, Command};

fn main() -> ExitCode {
    let cli = Cli::parse();
    // The checks are pure and instant: no runtime, no logging noise.
    if let Command::Check(cmd) = &cli.command {
        return check::run(cmd);
    }
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("UPLIFT_LOG")
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info")),
        )
        .with_writer(std::io::stderr)
        .init();
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("cannot start the async runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(run(cli)) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}

async fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    match cli.command {
        Command::Serve(args) => serve::serve(&args, None).await,
        Command::Demo(args) => demo::run(&args).await,
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
