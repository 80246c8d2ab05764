//! `uplift user …`: account administration from the server's shell (the first system
//! administrator is made here). Audited as the system actor `system:cli`.

use std::io::Read;
use std::process::ExitCode;

use anyhow::{Context, bail};
use uplift_domain::role::Role;
use uplift_domain::uscc::Uscc;
use uplift_store::audit::Actor;
use uplift_store::{enterprises, users};

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
    let actor = Actor::system("cli");
    match cmd {
        UserCommand::Create(args) => {
            let store = args.db.open().await?;
            let Some(role) = Role::from_key(&args.role) else {
                bail!("unknown role {:?}", args.role);
            };
            let enterprise_id = match &args.enterprise_uscc {
                Some(code) => {
                    let parsed = Uscc::parse(code).map_err(|e| anyhow::anyhow!("{e}"))?;
                    Some(
                        enterprises::id_for_account_link(&store, &parsed.uscc)
                            .await?
                            .context("no enterprise with that credit code")?,
                    )
                }
                None => None,
            };
            let password = read_password()?;
            let mut tx = store.write(&actor).await?;
            let user = users::create(
                &mut tx,
                users::NewUser {
                    username: args.username.clone(),
                    display_name: args.display_name.clone(),
                    password,
                    role,
                    organisation_id: args.organisation_id,
                    enterprise_id,
                },
            )
            .await?;
            tx.commit().await?;
            println!("created user {} (id {})", user.username, user.id);
        }
        UserCommand::Disable(args) => {
            let store = args.db.open().await?;
            let user = users::find_by_username(&store, &args.username)
                .await?
                .context("no such user")?;
            let mut tx = store.write(&actor).await?;
            users::set_disabled(&mut tx, user.id, true).await?;
            tx.commit().await?;
            println!("disabled {}", user.username);
        }
        UserCommand::Enable(args) => {
            let store = args.db.open().await?;
            let user = users::find_by_username(&store, &args.username)
                .await?
                .context("no such user")?;
            let mut tx = store.write(&actor).await?;
            users::set_disabled(&mut tx, user.id, false).await?;
            tx.commit().await?;
            println!("enabled {}", user.username);
        }
        UserCommand::ResetPassword(args) => {
            let store = args.db.open().await?;
            let user = users::find_by_username(&store, &args.username)
                .await?
                .context("no such user")?;
            let password = read_password()?;
            let mut tx = store.write(&actor).await?;
            users::reset_password(&mut tx, user.id, &password).await?;
            tx.commit().await?;
            println!("password reset for {}; lockout lifted", user.username);
        }
    }
    Ok(ExitCode::SUCCESS)
}
