//! `uplift demo generate-directory`: a synthetic directory file like the ones cities send
//! — Chinese headers, GBK or UTF-8 CSV or XLSX — with a share of the mistakes officials
//! make, for trying the importer and for benchmarks.

use std::process::ExitCode;

use uplift_domain::directory::{Column, OperatingStatus};
use uplift_domain::division::prefectures_of;
use uplift_domain::money::Money;
use uplift_sheets::{Format, SheetWriter, TextEncoding};

use crate::cli::GenerateArgs;
use crate::import::parse_encoding;
use uplift_app::demo::synthetic::{Generator, Rng};

/// A directory row as the cells of a file.
fn cells(e: &uplift_domain::directory::DirectoryRow, rng: &mut Rng) -> Vec<String> {
    let wan = |m: Option<Money>| m.map(Money::to_wan_string).unwrap_or_default();
    let status = match e.operating_status {
        OperatingStatus::Operating => *rng.pick(&["存续", "存续", "在业", "开业"]),
        OperatingStatus::NotOperating => *rng.pick(&["注销", "吊销", "停业"]),
        OperatingStatus::Unknown => "",
    };
    vec![
        e.uscc.as_str().to_string(),
        e.name.clone(),
        e.division.as_str().to_string(),
        // Officials write the industry's Chinese name; some files carry the key.
        if rng.chance(90) {
            e.industry.name_zh().to_string()
        } else {
            e.industry.key().to_string()
        },
        e.employees.map(|n| n.to_string()).unwrap_or_default(),
        wan(e.operating_revenue),
        wan(e.main_revenue),
        wan(e.total_assets),
        status.to_string(),
        e.contact_name.clone().unwrap_or_default(),
        e.contact_phone.clone().unwrap_or_default(),
    ]
}

/// One mistake of the kinds a real file has.
fn spoil(row: &mut [String], rng: &mut Rng) {
    match rng.range(0, 6) {
        0 => {
            // A mistyped check character.
            let last = row[0].pop().unwrap_or('0');
            row[0].push(if last == '1' { '2' } else { '1' });
        }
        1 => row[2] = "439999".into(),
        2 => row[4] = "-5".into(),
        3 => row[3] = "互联网+".into(),
        4 => row[1].clear(),
        5 => row[8] = "正在筹建".into(),
        _ => row[5] = "约2000".into(),
    }
}

pub fn run(args: &GenerateArgs) -> anyhow::Result<ExitCode> {
    let format = match args.output.extension().and_then(|e| e.to_str()) {
        Some(ext) if ext.eq_ignore_ascii_case("xlsx") => Format::Xlsx,
        _ => Format::Csv,
    };
    let encoding = parse_encoding(Some(&args.encoding))?.unwrap_or(TextEncoding::Utf8);
    let mut writer = SheetWriter::create(&args.output, format, encoding, Some("企业名录"))?;
    let header: Vec<&str> = Column::ALL.iter().map(|c| c.header_zh()).collect();
    writer.write_row(&header)?;
    let cities = prefectures_of("430000");
    let mut noise = Rng::new(args.seed ^ 0x5eed);
    let dirty_per_million = (args.dirty_percent.clamp(0.0, 100.0) * 10_000.0) as u64;
    let mut dirty = 0u64;
    for e in Generator::new(cities, args.seed).take(args.rows as usize) {
        let mut row = cells(&e, &mut noise);
        if noise.range(1, 1_000_000) <= dirty_per_million {
            spoil(&mut row, &mut noise);
            dirty += 1;
        }
        writer.write_row(&row)?;
    }
    writer.finish()?;
    println!(
        "wrote {} rows ({dirty} with a mistake) to {}",
        args.rows,
        args.output.display()
    );
    Ok(ExitCode::SUCCESS)
}
