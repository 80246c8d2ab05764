//! Serving the platform.

use std::net::SocketAddr;
use std::process::ExitCode;

use uplift_app::sessions::{LockoutPolicy, SessionPolicy};
use uplift_app::{App, Settings};
use uplift_web::{AppState, WebConfig};

use crate::cli::ServeArgs;

/// The use cases' settings from the command line and the environment. `demo` decides
/// the default of the second factor: required on a server, off in the demo.
pub fn settings(args: &ServeArgs, demo: bool) -> Settings {
    Settings {
        lockout: LockoutPolicy {
            max_failures: args.lockout_failures.max(1),
            lock_for: chrono::Duration::minutes(args.lockout_minutes.max(1)),
            ..LockoutPolicy::default()
        },
        session: SessionPolicy {
            idle: chrono::Duration::minutes(args.session_idle_minutes.max(1)),
            absolute: chrono::Duration::hours(args.session_absolute_hours.max(1)),
        },
        data_dir: args.data_dir.clone(),
        require_second_factor: args.require_second_factor.unwrap_or(!demo),
        report_retention_days: args.report_days,
    }
}

pub fn web_config(args: &ServeArgs) -> WebConfig {
    WebConfig {
        secure_cookies: args.secure_cookies,
        trust_proxy: args.trust_proxy,
    }
}

/// Open the platform with the settings of `args`.
pub async fn open(args: &ServeArgs, demo: bool) -> anyhow::Result<App> {
    args.db.open_with(settings(args, demo)).await
}

/// Bind, print where we are, serve until Ctrl-C. `app` is reused when the caller has one
/// open already (the demo).
pub async fn serve(args: &ServeArgs, app: Option<App>) -> anyhow::Result<ExitCode> {
    let app = match app {
        Some(a) => a,
        None => open(args, false).await?,
    };
    // Jobs left running by a process that is gone will never finish: say so.
    let abandoned = uplift_app::operator::mark_abandoned_jobs(&app).await?;
    if abandoned > 0 {
        tracing::warn!(abandoned, "jobs from an earlier run were interrupted");
    }
    // Expired reports and leftover files go at start and every hour after.
    let sweeping = app.clone();
    tokio::spawn(async move {
        let mut every = tokio::time::interval(std::time::Duration::from_secs(60 * 60));
        loop {
            every.tick().await;
            if let Err(e) = uplift_app::housekeeping::sweep(&sweeping).await {
                tracing::warn!(error = %e, "housekeeping failed");
            }
        }
    });
    // The first search would otherwise wait for the directory's names to load.
    let warming = app.clone();
    tokio::spawn(async move {
        let started = std::time::Instant::now();
        match warming.warm_search_index().await {
            Ok(()) => tracing::info!(elapsed = ?started.elapsed(), "search index loaded"),
            Err(e) => tracing::warn!(error = %e, "search index not loaded; the first search will"),
        }
    });
    let listener = tokio::net::TcpListener::bind(&args.listen)
        .await
        .map_err(|e| anyhow::anyhow!("cannot listen on {}: {e}", args.listen))?;
    let addr = listener.local_addr()?;
    let router = uplift_web::router(AppState::new(app, web_config(args)));
    println!("uplift is serving on http://{addr}/  (Ctrl-C to stop)");
    tracing::info!(%addr, database = %args.db.redacted(), "serving");
    axum::serve(
        listener,
        router.into_make_service_with_connect_info::<SocketAddr>(),
    )
    .with_graceful_shutdown(async {
        let _ = tokio::signal::ctrl_c().await;
    })
    .await?;
    Ok(ExitCode::SUCCESS)
}
