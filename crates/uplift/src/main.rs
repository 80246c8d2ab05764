//! The `uplift` command; see the library for the commands themselves.

use std::process::ExitCode;

use clap::Parser;
use uplift::check;
use uplift::cli::{Cli, Command};

/// The import pipeline allocates on three threads at once; glibc's allocator contends on
/// its arenas there (measured: a third of the reader thread's time), mimalloc does not.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;
fn main() -> ExitCode {
    let cli = Cli::parse();
    // The checks are pure and instant: no runtime, no logging noise.
    if let Command::Check(cmd) = &cli.command {
        return check::run(cmd);
    }
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("UPLIFT_LOG")
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info,sqlx=warn")),
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
    match runtime.block_on(uplift::run(cli)) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}
