//! `uplift user …`: account administration from the server's shell, as the operator. The
//! province's and the administrators' accounts are made and reset only here. Audited as
//! the system actor `system:cli`; a password set here must be changed at the first login.

use std::io::Read;
use std::process::ExitCode;

use anyhow::{Context, bail};
use uplift_app::operator::{self, NewOperatorAccount, Operator};
use uplift_domain::role::Role;

use crate::cli::UserCommand;

/// A password from UPLIFT_PASSWORD, or the first line of standard input (never an
/// argument: arguments are visible to every user of the machine in `ps`).
fn read_password() -> anyhow::Result<String> {
    if let Ok(pw) = std::env::var("UPLIFT_PASSWORD") {
        return Ok(pw);
    }
    let mut input = String::new();
    std::io::stdin()
        .read_to_string(&mut input)
        .context("reading the password from standard input")?;
    Ok(input.lines().next().unwrap_or("").to_string())
}

pub async fn run(cmd: UserCommand) -> anyhow::Result<ExitCode> {
    let op = Operator::cli();
    match cmd {
        UserCommand::Create(args) => {
            let app = args.db.open().await?;
            let Some(role) = Role::from_key(&args.role) else {
                bail!("unknown role {:?}", args.role);
            };
            let password = read_password()?;
            let (id, username) = operator::create_user(
                &app,
                &op,
                NewOperatorAccount {
                    username: args.username.clone(),
                    display_name: args.display_name.clone(),
                    password,
                    role,
                    organisation_id: args.organisation_id,
                    enterprise_uscc: args.enterprise_uscc.clone(),
                },
            )
            .await
            .map_err(crate::explain)?;
            println!(
                "created user {username} (id {id}); the password must be changed at the first login"
            );
        }
        UserCommand::Disable(args) => {
            let app = args.db.open().await?;
            operator::set_disabled(&app, &op, &args.username, true)
                .await
                .map_err(crate::explain)?;
            println!("disabled {}", args.username);
        }
        UserCommand::Enable(args) => {
            let app = args.db.open().await?;
            operator::set_disabled(&app, &op, &args.username, false)
                .await
                .map_err(crate::explain)?;
            println!("enabled {}", args.username);
        }
        UserCommand::ResetPassword(args) => {
            let app = args.db.open().await?;
            let password = read_password()?;
            operator::reset_password(&app, &op, &args.username, &password)
                .await
                .map_err(crate::explain)?;
            println!(
                "password reset for {}; lockout lifted; it must be changed at the next login",
                args.username
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}
