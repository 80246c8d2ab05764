//! `uplift import enterprises|dishonest FILE`: the same import as the upload page, with a
//! progress line on the terminal.

use std::io::{IsTerminal, Write};
use std::process::ExitCode;
use std::sync::Mutex;
use std::time::Instant;

use anyhow::bail;
use uplift_app::imports::{ImportKind, Progress};
use uplift_app::operator::{self, ImportFile, Operator};
use uplift_sheets::TextEncoding;

use crate::cli::ImportCommand;

pub fn parse_encoding(text: Option<&str>) -> anyhow::Result<Option<TextEncoding>> {
    Ok(match text.map(|t| t.trim().to_ascii_lowercase()) {
        None => None,
        Some(t) if t.is_empty() || t == "auto" => None,
        Some(t) if t == "utf8" || t == "utf-8" => Some(TextEncoding::Utf8),
        Some(t) if t == "gbk" || t == "gb18030" || t == "gb2312" => Some(TextEncoding::Gb18030),
        Some(other) => bail!("unknown encoding {other:?} (use utf8 or gbk)"),
    })
}

/// A progress line on stderr: redrawn in place on a terminal, every 10 % otherwise.
struct ProgressLine {
    started: Instant,
    tty: bool,
    last_decile: Mutex<u64>,
}

impl ProgressLine {
    fn show(&self, p: &Progress) {
        let pct = (p.bytes_done.saturating_mul(100))
            .checked_div(p.bytes_total)
            .unwrap_or(0)
            .min(100);
        let secs = self.started.elapsed().as_secs_f64().max(0.001);
        let rate = p.counts.read as f64 / secs;
        let bar: String = (0..30)
            .map(|i| if i * 100 / 30 < pct { '█' } else { '░' })
            .collect();
        let line = format!(
            "{bar} {pct:>3}%  {} rows  {:.0} rows/s  +{} ~{} ={} ✗{}",
            p.counts.read,
            rate,
            p.counts.inserted,
            p.counts.updated,
            p.counts.unchanged,
            p.counts.rejected
        );
        let mut err = std::io::stderr();
        if self.tty {
            let _ = write!(err, "\r{line}");
            let _ = err.flush();
        } else if let Ok(mut last) = self.last_decile.lock()
            && pct / 10 > *last
        {
            *last = pct / 10;
            let _ = writeln!(err, "{line}");
        }
    }
}

pub async fn run(cmd: ImportCommand) -> anyhow::Result<ExitCode> {
    let (args, kind) = match &cmd {
        ImportCommand::Enterprises(a) => (a, ImportKind::Enterprises),
        ImportCommand::Dishonest(a) => (a, ImportKind::Dishonest),
    };
    let app = args.db.open().await?;
    let file = ImportFile {
        path: args.file.clone(),
        province: args.province.clone(),
        sheet: args.sheet.clone(),
        encoding: parse_encoding(args.encoding.as_deref())?,
        batch_size: args.batch_size.map(|n| n.max(1)),
        report_dir: args.data_dir.join("reports"),
    };
    let line = ProgressLine {
        started: Instant::now(),
        tty: std::io::stderr().is_terminal(),
        last_decile: Mutex::new(0),
    };
    let started = Instant::now();
    let result = operator::import(&app, &Operator::cli(), kind, &file, &|p| line.show(p)).await;
    if line.tty {
        eprintln!();
    }
    let result = match result {
        Ok(r) => r,
        Err(e) => {
            eprintln!("导入失败 / import failed: {}", crate::explain(e));
            return Ok(ExitCode::FAILURE);
        }
    };
    let c = result.counts;
    println!(
        "read {}  inserted {}  updated {}  unchanged {}  rejected {}  ({:.1} s, job {})",
        c.read,
        c.inserted,
        c.updated,
        c.unchanged,
        c.rejected,
        started.elapsed().as_secs_f64(),
        result.job_id
    );
    if let Some(report) = &result.error_report {
        println!("error report: {}", report.display());
    }
    if let Some(rows) = uplift_app::imports::rejected_rows_file(&result) {
        println!("rejected rows, to fix and import again: {}", rows.display());
    }
    if !result.ignored_columns.is_empty() {
        println!(
            "未识别、未导入的列 / columns not imported: {}",
            result.ignored_columns.join(", ")
        );
    }
    app.close().await?;
    Ok(ExitCode::SUCCESS)
}
