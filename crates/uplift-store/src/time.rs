use chrono::{DateTime, SubsecRound, Utc};

/// The current time, truncated to microseconds: PostgreSQL keeps microseconds, so a
/// timestamp read back must equal the one written (the audit hash chain depends on it).
pub fn now() -> DateTime<Utc> {
    Utc::now().trunc_subsecs(6)
}
