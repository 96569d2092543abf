//! Runtime configuration: the environment variables of the API contract, also accepted as flags.

use std::net::SocketAddr;
use std::time::Duration;

use clap::{Args, Parser, Subcommand, ValueEnum};
use time::UtcOffset;

use crate::cli::{BenchCommand, BpmnCommand};

/// `workorder`: the Unified Work Order Center server.
#[derive(Debug, Clone, Parser)]
#[command(
    name = "workorder",
    version,
    about = "统一工单中心 Unified Work Order Center"
)]
#[command(args_conflicts_with_subcommands = true)]
pub struct Cli {
    /// What to do; serving is the default.
    #[command(subcommand)]
    pub command: Option<Command>,
    /// Server settings when no subcommand is given.
    #[command(flatten)]
    pub serve: Settings,
}

impl Cli {
    /// The settings to serve with, whether or not `serve` was spelled out (ignored by the
    /// other subcommands).
    pub fn into_settings(self) -> Settings {
        match self.command {
            Some(Command::Serve(settings)) => settings,
            _ => self.serve,
        }
    }
}

/// Subcommands of the binary.
#[derive(Debug, Clone, Subcommand)]
pub enum Command {
    /// Serve the web UI and the REST API (the default).
    Serve(Settings),
    /// Work with BPMN model files.
    #[command(subcommand)]
    Bpmn(BpmnCommand),
    /// Measure throughput on this machine.
    #[command(subcommand)]
    Bench(BenchCommand),
}

/// Everything the server needs to start.
#[derive(Debug, Clone, Args)]
pub struct Settings {
    /// Database: `sqlite://PATH?mode=rwc` (embedded) or `postgres://...`.
    #[arg(
        long,
        env = "WOC_DATABASE_URL",
        default_value = "sqlite://data/workorder.db?mode=rwc"
    )]
    pub database_url: String,

    /// Listen address.
    #[arg(long, env = "WOC_ADDR", default_value = "127.0.0.1:3000")]
    pub addr: SocketAddr,

    /// Password of `admin`, used only when that user is first created.
    #[arg(long, env = "WOC_ADMIN_PASSWORD", hide_env_values = true)]
    pub admin_password: Option<String>,

    /// Lifetime of REST access tokens, e.g. `8h`, `30m`, `1d`.
    #[arg(long, env = "WOC_TOKEN_TTL", default_value = "8h", value_parser = parse_duration)]
    pub token_ttl: Duration,

    /// Browser sessions end after this long without a request.
    #[arg(long, env = "WOC_SESSION_TTL", default_value = "12h", value_parser = parse_duration)]
    pub session_ttl: Duration,

    /// Zone in which times are shown, as an offset from UTC.
    #[arg(long, env = "WOC_UTC_OFFSET", default_value = "+08:00", value_parser = parse_utc_offset)]
    pub utc_offset: UtcOffset,

    /// Folder with the built site (`pkg/`, vendored bundles); cargo-leptos sets it.
    #[arg(long, env = "LEPTOS_SITE_ROOT", default_value = "target/site")]
    pub site_root: String,

    /// Log line format.
    #[arg(long, env = "WOC_LOG_FORMAT", value_enum, default_value_t = LogFormat::Text)]
    pub log_format: LogFormat,

    /// Users reach the server over https (a TLS proxy in front): the session cookie is then
    /// `Secure`, so a browser never sends it over plain HTTP, and responses ask browsers to
    /// keep using https (HSTS).
    #[arg(long, env = "WOC_HTTPS", default_value_t = false, action = clap::ArgAction::Set)]
    pub https: bool,

    /// Folder of uploaded attachments; by default `attachments/` beside the SQLite database
    /// file (`data/attachments` with PostgreSQL).
    #[arg(long, env = "WOC_ATTACHMENTS_DIR")]
    pub attachments_dir: Option<std::path::PathBuf>,

    /// Keep attachments in this S3-compatible bucket instead of a folder (credentials and
    /// region from the standard `AWS_*` variables).
    #[arg(long, env = "WOC_S3_BUCKET")]
    pub s3_bucket: Option<String>,

    /// Endpoint of an S3-compatible store other than AWS (MinIO, Ceph: `http://host:9000`).
    #[arg(long, env = "WOC_S3_ENDPOINT")]
    pub s3_endpoint: Option<String>,

    /// Largest attachment, in KiB.
    #[arg(long, env = "WOC_ATTACHMENT_MAX_KB", default_value_t = 20 * 1024)]
    pub attachment_max_kb: u64,
}

impl Settings {
    /// Where attachments go when no folder or bucket is named: beside the SQLite file.
    pub fn default_attachments_dir(&self) -> std::path::PathBuf {
        let file = self
            .database_url
            .strip_prefix("sqlite://")
            .map(|rest| rest.split('?').next().unwrap_or(rest));
        match file.and_then(|f| std::path::Path::new(f).parent()) {
            Some(dir) if !dir.as_os_str().is_empty() => dir.join("attachments"),
            _ => std::path::PathBuf::from("data/attachments"),
        }
    }
}

/// How log lines are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LogFormat {
    /// Human-readable lines.
    Text,
    /// One JSON object per line, for log collectors.
    Json,
}

/// Parses `90s`, `30m`, `8h`, `7d` (a bare number is seconds).
pub fn parse_duration(text: &str) -> Result<Duration, String> {
    let text = text.trim();
    let split = text
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(text.len());
    let (digits, unit) = text.split_at(split);
    let value: u64 = digits
        .parse()
        .map_err(|_| format!("`{text}` is not a duration like 30m, 8h or 7d"))?;
    let seconds_per_unit = match unit {
        "" | "s" => 1,
        "m" => 60,
        "h" => 3600,
        "d" => 86_400,
        _ => return Err(format!("`{text}`: unit must be s, m, h or d")),
    };
    if value == 0 {
        return Err(format!("`{text}` must be longer than zero"));
    }
    value
        .checked_mul(seconds_per_unit)
        .map(Duration::from_secs)
        .ok_or_else(|| format!("`{text}` is too long"))
}

/// Parses `+08:00`, `-05:30` or `Z`.
pub fn parse_utc_offset(text: &str) -> Result<UtcOffset, String> {
    let text = text.trim();
    if text == "Z" || text == "UTC" {
        return Ok(UtcOffset::UTC);
    }
    let bad = || format!("`{text}` is not an offset like +08:00");
    let (sign, rest) = match text.as_bytes().first() {
        Some(b'+') => (1i8, &text[1..]),
        Some(b'-') => (-1i8, &text[1..]),
        _ => return Err(bad()),
    };
    let (hours, minutes) = rest.split_once(':').unwrap_or((rest, "0"));
    let hours: i8 = hours.parse().map_err(|_| bad())?;
    let minutes: i8 = minutes.parse().map_err(|_| bad())?;
    UtcOffset::from_hms(sign * hours, sign * minutes, 0).map_err(|_| bad())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_with_units() {
        assert_eq!(parse_duration("8h"), Ok(Duration::from_secs(8 * 3600)));
        assert_eq!(parse_duration("30m"), Ok(Duration::from_secs(1800)));
        assert_eq!(parse_duration("45"), Ok(Duration::from_secs(45)));
        assert_eq!(parse_duration("2d"), Ok(Duration::from_secs(172_800)));
    }

    #[test]
    fn bad_durations_are_refused() {
        assert!(parse_duration("").is_err());
        assert!(parse_duration("h").is_err());
        assert!(parse_duration("5w").is_err());
        assert!(parse_duration("0h").is_err());
        assert!(parse_duration("99999999999999999999d").is_err());
    }

    #[test]
    fn offsets() {
        assert_eq!(parse_utc_offset("+08:00").unwrap().whole_hours(), 8);
        assert_eq!(parse_utc_offset("-05:30").unwrap().whole_minutes(), -330);
        assert_eq!(parse_utc_offset("Z"), Ok(UtcOffset::UTC));
        assert!(parse_utc_offset("8").is_err());
        assert!(parse_utc_offset("+30:00").is_err());
    }

    #[test]
    fn defaults_follow_the_contract() {
        let cli = Cli::try_parse_from(["workorder"]).unwrap();
        let settings = cli.into_settings();
        assert_eq!(settings.database_url, "sqlite://data/workorder.db?mode=rwc");
        assert_eq!(settings.addr.to_string(), "127.0.0.1:3000");
        assert_eq!(settings.token_ttl, Duration::from_secs(8 * 3600));
    }

    #[test]
    fn serve_subcommand_takes_the_same_flags() {
        let cli = Cli::try_parse_from(["workorder", "serve", "--addr", "127.0.0.1:0"]).unwrap();
        assert_eq!(cli.into_settings().addr.port(), 0);
    }
}
