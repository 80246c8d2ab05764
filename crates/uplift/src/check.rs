//! `uplift check uscc|sme`: the domain rules on the command line, same answers as the API.

use std::process::ExitCode;

use uplift_domain::Lang;
use uplift_web::tools::{SmeInput, sme_report, uscc_report};

use crate::cli::CheckCommand;

fn to_json<T: serde::Serialize>(value: &T) -> String {
    serde_json::to_string(value).unwrap_or_else(|e| format!("{{\"error\":\"{e}\"}}"))
}

pub fn run(cmd: &CheckCommand) -> ExitCode {
    match cmd {
        CheckCommand::Uscc(args) => {
            let lang = Lang::from_code(&args.lang).unwrap_or_default();
            let report = uscc_report(&args.code, lang);
            if args.json {
                println!("{}", to_json(&report));
            } else if report.valid {
                println!("{} ✓", report.code);
                for w in &report.warnings {
                    println!("  ! {w}");
                }
            } else {
                println!(
                    "{} ✗ {}",
                    report.code,
                    report.error.as_deref().unwrap_or("")
                );
            }
            if report.valid {
                ExitCode::SUCCESS
            } else {
                ExitCode::FAILURE
            }
        }
        CheckCommand::Sme(args) => {
            let lang = Lang::from_code(&args.lang).unwrap_or_default();
            let input = SmeInput {
                industry: &args.industry,
                employees: args.employees.as_deref(),
                revenue_wan: args.revenue_wan.as_deref(),
                assets_wan: args.assets_wan.as_deref(),
            };
            match sme_report(&input, lang) {
                Ok(r) => {
                    if args.json {
                        println!("{}", to_json(&r));
                    } else {
                        println!("{}: {}", r.class, r.reason);
                    }
                    ExitCode::SUCCESS
                }
                Err(r) => {
                    if args.json {
                        println!("{}", to_json(&r));
                    } else {
                        eprintln!("{}", r.error);
                    }
                    ExitCode::FAILURE
                }
            }
        }
    }
}
