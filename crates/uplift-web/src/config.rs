//! Settings of the web layer. The binary fills them from flags and environment variables
//! (the use cases' own settings live in `uplift_app::Settings`).

#[derive(Debug, Clone, Default)]
pub struct WebConfig {
    /// Mark cookies `Secure` always (set when TLS terminates in front of us).
    pub secure_cookies: bool,
    /// Believe `X-Forwarded-For` / `X-Forwarded-Proto` (only behind a reverse proxy we run).
    pub trust_proxy: bool,
}
