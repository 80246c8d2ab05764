//! Settings of the web layer. The binary fills them from flags and environment variables.

use uplift_store::accounts::LockoutPolicy;
use uplift_store::sessions::SessionPolicy;

#[derive(Debug, Clone)]
pub struct WebConfig {
    pub lockout: LockoutPolicy,
    pub session: SessionPolicy,
    /// Mark cookies `Secure` always (set when TLS terminates in front of us).
    pub secure_cookies: bool,
    /// Believe `X-Forwarded-For` / `X-Forwarded-Proto` (only behind a reverse proxy we run).
    pub trust_proxy: bool,
    /// Where uploaded files and error reports are kept.
    pub data_dir: std::path::PathBuf,
}

impl Default for WebConfig {
    fn default() -> Self {
        WebConfig {
            lockout: LockoutPolicy::default(),
            session: SessionPolicy::default(),
            secure_cookies: false,
            trust_proxy: false,
            data_dir: std::path::PathBuf::from("uplift-data"),
        }
    }
}
