//! The directory's import template: the header row the importer reads, one example row
//! that imports as it stands (placed in the downloader's own jurisdiction), and in XLSX a
//! sheet of instructions — every column, whether it is required, its unit and the values
//! it accepts. The same as CSV is the header and the example alone.

use uplift_domain::Lang;
use uplift_domain::directory::Column;
use uplift_domain::division::{counties_of, prefectures_of};
use uplift_domain::permission::Permission;
use uplift_domain::role::Scope;
use uplift_domain::sme::Industry;
use uplift_domain::uscc::Uscc;
use uplift_sheets::{Format, SheetLayout, SheetWriter, TextEncoding};

use crate::exports::{FileName, file_name};
use crate::{AppResult, CurrentUser, Error, require};

/// A template to send: its bytes and its name.
pub struct Template {
    pub bytes: Vec<u8>,
    pub format: Format,
    pub name: FileName,
}

/// A county-level code inside the user's jurisdiction for the example row: the first
/// listed county of the city, or of the province's first city.
fn example_division(scope: &Scope) -> String {
    let city = match scope {
        Scope::City(code) => code.clone(),
        Scope::Province(code) => prefectures_of(code)
            .first()
            .map_or_else(|| code.clone(), |d| d.code.to_string()),
        _ => "430100".to_string(),
    };
    counties_of(&city)
        .first()
        .map_or(city, |(code, _)| code.to_string())
}

fn example_row(division: &str) -> Vec<String> {
    let uscc = Uscc::from_parts('9', '1', division, "MA4L7K01")
        .map(|u| u.as_str().to_string())
        .unwrap_or_default();
    [
        uscc.as_str(),
        "示例精密机械有限公司",
        division,
        "工业",
        "120",
        "5000",
        "4500",
        "3000",
        "存续",
        "张伟",
        "13812345678",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect()
}

/// What the instructions say about a column: (unit and accepted values) in `lang`.
fn explain(column: Column, lang: Lang) -> String {
    let money = lang.pick(
        "单位万元，可有至多 4 位小数；表头写“(元)”“(千元)”或“(亿元)”时按所写单位换算",
        "in 万元 (10,000 CNY), up to 4 decimals; a header naming (元), (千元) or (亿元) is read in that unit",
    );
    match column {
        Column::Uscc => lang
            .pick(
                "18 位统一社会信用代码（GB 32100-2015），校验位须正确；平台按它识别企业，重复导入只更新、不重复",
                "the 18-character code (GB 32100-2015) with a valid check character; it identifies the enterprise, so importing again updates rather than duplicates",
            )
            .into(),
        Column::Name => lang.pick("营业执照上的名称", "the name on the business licence").into(),
        Column::Division => lang
            .pick(
                "6 位行政区划代码（GB/T 2260），填到县市区，例如 430102 表示长沙市芙蓉区；须在本辖区内",
                "the 6-digit GB/T 2260 code of the county, e.g. 430102 for 长沙市芙蓉区; it must lie in your jurisdiction",
            )
            .into(),
        Column::Industry => {
            let names: Vec<&str> = Industry::ALL.iter().map(|i| i.name_zh()).collect();
            format!(
                "{}{}",
                lang.pick(
                    "《中小企业划型标准规定》的行业之一：",
                    "one of the industries of the SME classification standard: "
                ),
                names.join(lang.pick("、", ", "))
            )
        }
        Column::Employees => lang.pick("人数，整数", "a whole number of persons").into(),
        Column::OperatingRevenue | Column::MainRevenue | Column::TotalAssets => money.into(),
        Column::OperatingStatus => lang
            .pick(
                "存续、在业、开业、正常；或注销、吊销、撤销、停业、歇业、清算、迁出；留空为未知",
                "存续, 在业, 开业 or 正常 (operating); 注销, 吊销, 撤销, 停业, 歇业, 清算 or 迁出 (not operating); empty for unknown",
            )
            .into(),
        Column::ContactName => lang
            .pick(
                "企业指定的负责人（遴选条件要求指定专人负责）",
                "the person the enterprise designates (the eligibility rules ask for one)",
            )
            .into(),
        Column::ContactPhone => lang
            .pick("手机号码或固定电话", "a mobile or landline number")
            .into(),
    }
}

fn instructions(lang: Lang, example: &[String]) -> Vec<Vec<String>> {
    let mut rows = vec![
        vec![
            lang.pick(
                "企业名录导入模板：填写说明",
                "Enterprise directory import template: how to fill it in",
            )
            .to_string(),
        ],
        Vec::new(),
        [
            lang.pick("列名", "Column"),
            lang.pick("是否必填", "Required"),
            lang.pick("说明（单位、可填的值）", "Unit and accepted values"),
            lang.pick("示例", "Example"),
        ]
        .iter()
        .map(|s| s.to_string())
        .collect(),
    ];
    for (column, value) in Column::ALL.iter().zip(example) {
        rows.push(vec![
            column.header_zh().to_string(),
            if column.required() {
                lang.pick("必填", "required")
            } else {
                lang.pick("选填", "optional")
            }
            .to_string(),
            explain(*column, lang),
            value.clone(),
        ]);
    }
    rows.push(Vec::new());
    for note in [
        lang.pick(
            "第 2 行是示例，可直接导入；导入本辖区数据前请删除或改写这一行。",
            "Row 2 is an example that imports as it stands; delete or overwrite it before importing your own data.",
        ),
        lang.pick(
            "列的顺序不限；表头上方可以有标题行；平台不读取的列会在导入结束时列出。",
            "Columns may come in any order; a title above the header is skipped; columns the platform does not read are named when the import ends.",
        ),
        lang.pick(
            "可保存为 XLSX、XLS 或 CSV（UTF-8 或 GBK）上传。有问题的行不影响其他行，导入后可下载被拒绝的行，修改后重新上传。",
            "Upload it as XLSX, XLS or CSV (UTF-8 or GBK). A bad row never stops the good ones; after the import, download the rejected rows, fix them and upload that file again.",
        ),
    ] {
        rows.push(vec![note.to_string()]);
    }
    rows
}

/// The template for the user's imports, as XLSX (with instructions) or CSV.
pub fn template(user: &CurrentUser, format: Format, lang: Lang) -> AppResult<Template> {
    require(user, Permission::ImportEnterprises)?;
    let header: Vec<&str> = Column::ALL.iter().map(|c| c.header_zh()).collect();
    let example = example_row(&example_division(user.scope()));
    let build = || -> Result<Vec<u8>, uplift_sheets::SheetError> {
        let mut w = SheetWriter::in_memory(format, TextEncoding::Utf8, Some("企业名录"))?;
        w.write_row(&header)?;
        w.write_row(&example)?;
        w.add_sheet(lang.pick("填写说明", "Instructions"), SheetLayout::Notes)?;
        for row in instructions(lang, &example) {
            w.write_row(&row)?;
        }
        w.finish_to_vec()
    };
    let bytes = build().map_err(|e| Error::internal(format!("template: {e}")))?;
    Ok(Template {
        bytes,
        format,
        name: file_name(("企业名录导入模板", "directory-template"), ("", ""), format),
    })
}
