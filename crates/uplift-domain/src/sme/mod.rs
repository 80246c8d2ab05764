//! Enterprise size classes under 《中小企业划型标准规定》(工信部联企业〔2011〕300号).
//!
//! 第四条 gives, per industry, the ceiling of the whole SME band and the lower bounds of the
//! 中型 and 小型 tiers. The text's logic: the SME ceiling uses 或 (an enterprise below *any*
//! ceiling is an SME, so "large" means *every* ceiling is reached); the 中型 and 小型 bounds
//! use 且 (all must be met); 微型 uses 或 (below any 小型 bound). The 2017 statistical method
//! states the same: "须同时满足所列指标的下限，否则下划一档".
//!
//! So: `Large` if every ceiling is reached; else `Medium` if all 中型 bounds are met; else
//! `Small` if all 小型 bounds are met; else `Micro`.

mod classification;
mod figures;
mod industry;
mod size_class;
mod table;

pub use classification::{Classification, SmeError, classify};
pub use figures::{Figure, SmeFigures};
pub use industry::Industry;
pub use size_class::SizeClass;
