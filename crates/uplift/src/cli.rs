//! The command line. Every option has an environment variable, so a service manager can
//! configure the server without a command line.

use clap::{Args, Parser, Subcommand};

#[derive(Parser, Debug)]
#[command(
    name = "uplift",
    version,
    about = "小微企业质量管理体系认证提升行动服务平台 — the service platform"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Run the web platform.
    Serve(ServeArgs),
    /// Load the demo province (Hunan 2022) if it is not there yet, then serve it.
    Demo(DemoArgs),
    /// Import an enterprise directory or the dishonest list (CSV in UTF-8 or GBK, or XLSX).
    #[command(subcommand)]
    Import(ImportCommand),
    /// Bring the database schema up to date.
    Migrate(DbArgs),
    /// Manage accounts.
    #[command(subcommand)]
    User(UserCommand),
    /// The audit log.
    #[command(subcommand, name = "audit-log")]
    AuditLog(AuditCommand),
    /// Take an online backup of the database (SQLite: a checked snapshot file; PostgreSQL:
    /// a pg_dump archive) while the platform keeps running.
    Backup(BackupArgs),
    /// Restore a backup into an empty database (a database holding data is refused).
    Restore(RestoreArgs),
    /// The programme's rules as tools.
    #[command(subcommand)]
    Check(CheckCommand),
}

#[derive(Args, Debug, Clone)]
pub struct DbArgs {
    /// `sqlite://FILE` (created if missing) or `postgres://user:password@host:port/db`.
    #[arg(long, env = "DATABASE_URL", default_value = "sqlite://uplift.db")]
    pub database_url: String,
}

impl DbArgs {
    /// Connect and migrate: every command that touches the database wants both.
    pub async fn open(&self) -> anyhow::Result<uplift_app::App> {
        self.open_with(uplift_app::Settings::default()).await
    }

    pub async fn open_with(
        &self,
        settings: uplift_app::Settings,
    ) -> anyhow::Result<uplift_app::App> {
        Ok(uplift_app::App::open(&self.database_url, settings).await?)
    }

    pub fn redacted(&self) -> String {
        match self.database_url.split_once('@') {
            Some((_, host)) => format!("…@{host}"),
            None => self.database_url.clone(),
        }
    }
}

#[derive(Args, Debug, Clone)]
pub struct BackupArgs {
    /// Where the backup goes (must not exist yet).
    pub dest: std::path::PathBuf,
    #[command(flatten)]
    pub db: DbArgs,
}

#[derive(Args, Debug, Clone)]
pub struct RestoreArgs {
    /// The backup file to restore.
    pub src: std::path::PathBuf,
    #[command(flatten)]
    pub db: DbArgs,
}

#[derive(Args, Debug, Clone)]
#[command(args_conflicts_with_subcommands = true)]
pub struct DemoArgs {
    #[command(subcommand)]
    pub command: Option<DemoCommand>,
    #[command(flatten)]
    pub serve: ServeArgs,
}

#[derive(Subcommand, Debug, Clone)]
pub enum DemoCommand {
    /// Write a realistic synthetic enterprise directory (valid credit codes, real division
    /// codes, a plausible industry and size mix, a share of dirty rows) for imports and
    /// benchmarks.
    GenerateDirectory(GenerateArgs),
}

#[derive(Args, Debug, Clone)]
pub struct GenerateArgs {
    /// How many data rows.
    #[arg(long, default_value_t = 1000)]
    pub rows: u64,
    /// The file to write; `.xlsx` writes XLSX, anything else CSV.
    #[arg(long, default_value = "directory.csv")]
    pub output: std::path::PathBuf,
    /// CSV encoding: utf8 (with BOM, as Excel saves "CSV UTF-8") or gbk (as Excel and WPS
    /// save "CSV" on Chinese Windows).
    #[arg(long, default_value = "utf8")]
    pub encoding: String,
    /// Percent of rows with a mistake an official would make (bad check character,
    /// unknown division, negative figure, unknown industry, missing name, …).
    #[arg(long, default_value_t = 0.5)]
    pub dirty_percent: f64,
    #[arg(long, default_value_t = 2022)]
    pub seed: u64,
}

#[derive(Subcommand, Debug)]
pub enum ImportCommand {
    /// An enterprise directory: 统一社会信用代码, 企业名称, 行政区划代码, 行业, 从业人员, 营业收入(万元), …
    Enterprises(ImportArgs),
    /// The 严重违法失信名单: 企业名称, 统一社会信用代码/注册号, 列入日期, 列入事由, 作出决定机关, 移出日期, …
    Dishonest(ImportArgs),
}

#[derive(Args, Debug)]
pub struct ImportArgs {
    pub file: std::path::PathBuf,
    /// The province the directory is for (GB/T 2260 code, e.g. 430000); required for
    /// enterprises: only rows in it are taken, and only its enterprises are changed.
    #[arg(long)]
    pub province: Option<String>,
    /// XLSX: the sheet to read (default: the first).
    #[arg(long)]
    pub sheet: Option<String>,
    /// CSV: utf8 or gbk (default: detected).
    #[arg(long)]
    pub encoding: Option<String>,
    /// Rows per transaction (default: 5000 on SQLite, 20000 on PostgreSQL).
    #[arg(long)]
    pub batch_size: Option<usize>,
    /// Where the error report goes.
    #[arg(long, env = "UPLIFT_DATA_DIR", default_value = "uplift-data")]
    pub data_dir: std::path::PathBuf,
    #[command(flatten)]
    pub db: DbArgs,
}

#[derive(Args, Debug, Clone)]
pub struct ServeArgs {
    /// Address to listen on.
    #[arg(long, env = "UPLIFT_LISTEN", default_value = "127.0.0.1:8080")]
    pub listen: String,
    #[command(flatten)]
    pub db: DbArgs,
    /// Failed logins in a row before an account locks (等保 practice: 5).
    #[arg(long, env = "UPLIFT_LOCKOUT_FAILURES", default_value_t = 5)]
    pub lockout_failures: i32,
    /// Minutes a locked account stays locked.
    #[arg(long, env = "UPLIFT_LOCKOUT_MINUTES", default_value_t = 30)]
    pub lockout_minutes: i64,
    /// Minutes of inactivity after which a session ends.
    #[arg(long, env = "UPLIFT_SESSION_IDLE_MINUTES", default_value_t = 30)]
    pub session_idle_minutes: i64,
    /// Hours after which a session ends however active it is.
    #[arg(long, env = "UPLIFT_SESSION_ABSOLUTE_HOURS", default_value_t = 12)]
    pub session_absolute_hours: i64,
    /// Mark cookies Secure and send HSTS (set when TLS terminates in front of uplift).
    #[arg(long, env = "UPLIFT_SECURE_COOKIES", default_value_t = false)]
    pub secure_cookies: bool,
    /// Trust X-Forwarded-For / X-Forwarded-Proto from a reverse proxy.
    #[arg(long, env = "UPLIFT_TRUST_PROXY", default_value_t = false)]
    pub trust_proxy: bool,
    /// Where uploads and error reports are kept.
    #[arg(long, env = "UPLIFT_DATA_DIR", default_value = "uplift-data")]
    pub data_dir: std::path::PathBuf,
    /// Staff accounts need a second factor (TOTP) to log in: on by default for `serve`,
    /// off for `demo` (so the printed passwords work); `--require-second-factor=true|false`.
    #[arg(long, env = "UPLIFT_REQUIRE_SECOND_FACTOR")]
    pub require_second_factor: Option<bool>,
    /// Days an import's error report and rejected rows are kept.
    #[arg(long, env = "UPLIFT_REPORT_DAYS", default_value_t = 30)]
    pub report_days: u64,
}

#[derive(Subcommand, Debug)]
pub enum UserCommand {
    /// Create an account. The password comes from UPLIFT_PASSWORD or standard input.
    Create(UserCreateArgs),
    /// Disable an account (its sessions end at once).
    Disable(UserNameArgs),
    /// Enable a disabled account.
    Enable(UserNameArgs),
    /// Set a new password (from UPLIFT_PASSWORD or standard input); lifts a lockout.
    ResetPassword(UserNameArgs),
}

#[derive(Args, Debug)]
pub struct UserCreateArgs {
    pub username: String,
    /// province | city | certification_body | support_unit | expert | enterprise | system_admin | audit_admin
    #[arg(long)]
    pub role: String,
    /// The organisation's id (see the organisations page), for every role but enterprise.
    #[arg(long)]
    pub organisation_id: Option<i64>,
    /// The enterprise's credit code, for the enterprise role.
    #[arg(long)]
    pub enterprise_uscc: Option<String>,
    #[arg(long, default_value = "")]
    pub display_name: String,
    #[command(flatten)]
    pub db: DbArgs,
}

#[derive(Args, Debug)]
pub struct UserNameArgs {
    pub username: String,
    #[command(flatten)]
    pub db: DbArgs,
}

#[derive(Subcommand, Debug)]
pub enum AuditCommand {
    /// Walk the hash chain; exit non-zero naming the first broken row.
    Verify(DbArgs),
}

#[derive(Subcommand, Debug)]
pub enum CheckCommand {
    /// Check a 统一社会信用代码 (GB 32100-2015). Exit 0 when valid, 1 when not.
    Uscc(CheckUsccArgs),
    /// Classify an enterprise under 《中小企业划型标准规定》(2011).
    Sme(CheckSmeArgs),
}

#[derive(Args, Debug)]
pub struct CheckUsccArgs {
    pub code: String,
    #[arg(long)]
    pub json: bool,
    /// zh-CN or en.
    #[arg(long, env = "UPLIFT_LANG", default_value = "zh-CN")]
    pub lang: String,
}

#[derive(Args, Debug)]
pub struct CheckSmeArgs {
    /// Industry key (industry, retail, software_it, …) or Chinese name (工业, 零售业, …).
    #[arg(long)]
    pub industry: String,
    /// 从业人员
    #[arg(long)]
    pub employees: Option<String>,
    /// 营业收入, 万元
    #[arg(long)]
    pub revenue_wan: Option<String>,
    /// 资产总额, 万元
    #[arg(long)]
    pub assets_wan: Option<String>,
    #[arg(long)]
    pub json: bool,
    #[arg(long, env = "UPLIFT_LANG", default_value = "zh-CN")]
    pub lang: String,
}
