//! 企业名录 — one row of a city's enterprise directory, as imported from XLSX or CSV.
//!
//! The programme's step 2 ("摸清辖区内小微企业基本情况") starts from a list the city already
//! holds: credit code, name, division, industry, the three 划型 figures of
//! 《中小企业划型标准规定》 (从业人员, 营业收入, 资产总额), the notice's own 主营业务收入,
//! the 经营状态 of the registration system and a contact person. This module knows those
//! columns, matches the headers people actually type, and validates a row, reporting *every*
//! problem of the row in the words of the downloadable error report.
//!
//! Decisions worth knowing:
//! - Headers are matched as whole names after normalisation ([`normalise_header`]), never as
//!   substrings: "营业收入" is a suffix of "主营业务收入", and must not catch it.
//! - Money columns are in 万元 unless the header names another unit: "营业收入(元)",
//!   "资产总额(千元)" or "(亿元)" are converted exactly (a unit is never guessed from the
//!   figures). A unit the platform does not know ("(美元)") leaves the header unmatched
//!   and the column ignored (listed by [`ColumnMap::ignored`]).
//! - A division must lie in a prefecture (an enterprise is never "in a province" only); where a
//!   province's prefectures are tabulated (today only Hunan, the pilot), the prefecture must be
//!   one of them. Other provinces are checked at province granularity until their prefecture
//!   tables are added to [`crate::division`].

mod column;
mod error;
mod row;
mod status;

pub use column::{Column, ColumnMap, HeaderError};
pub use error::{RowError, RowErrorKind};
pub use row::{DirectoryRow, MAX_CONTACT_NAME_CHARS, MAX_NAME_CHARS, parse_row};
pub use status::OperatingStatus;

// Header normalisation is shared by every kind of import and lives in `crate::header`;
// it stays reachable here, where the directory's header rules are described.
pub use crate::header::normalise_header;
