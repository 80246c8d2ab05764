//! Serving the platform.

use std::net::SocketAddr;
use std::process::ExitCode;

use uplift_store::Store;
use uplift_store::accounts::LockoutPolicy;
use uplift_store::sessions::SessionPolicy;
use uplift_web::{AppState, WebConfig};

use crate::cli::ServeArgs;

pub fn web_config(args: &ServeArgs) -> WebConfig {
    WebConfig {
        lockout: LockoutPolicy {
            max_failures: args.lockout_failures.max(1),
            lock_for: chrono::Duration::minutes(args.lockout_minutes.max(1)),
        },
        session: SessionPolicy {
            idle: chrono::Duration::minutes(args.session_idle_minutes.max(1)),
            absolute: chrono::Duration::hours(args.session_absolute_hours.max(1)),
        },
        secure_cookies: args.secure_cookies,
        trust_proxy: args.trust_proxy,
        data_dir: args.data_dir.clone(),
    }
}

/// Bind, print where we are, serve until Ctrl-C. `store` is reused when the caller has
/// one open already (the demo).
pub async fn serve(args: &ServeArgs, store: Option<Store>) -> anyhow::Result<ExitCode> {
    let store = match store {
        Some(s) => s,
        None => args.db.open().await?,
    };
    // Jobs left running by a process that is gone will never finish: say so.
    let abandoned =
        uplift_store::jobs::mark_abandoned(&store, chrono::Duration::minutes(2)).await?;
    if abandoned > 0 {
        tracing::warn!(abandoned, "jobs from an earlier run were interrupted");
    }
    // The first search would otherwise wait for the directory's names to load.
    let warming = store.clone();
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
    let app = uplift_web::router(AppState::new(store, web_config(args)));
    println!("uplift is serving on http://{addr}/  (Ctrl-C to stop)");
    tracing::info!(%addr, database = %args.db.redacted(), "serving");
    axum::serve(
        listener,
        app.into_make_service_with_connect_info::<SocketAddr>(),
    )
    .with_graceful_shutdown(async {
        let _ = tokio::signal::ctrl_c().await;
    })
    .await?;
    Ok(ExitCode::SUCCESS)
}
