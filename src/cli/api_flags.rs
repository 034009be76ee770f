//! The flags `scout serve` and `scout demo` share to guard the API, and the rule that auth can
//! only be off on a loopback address.

use std::net::SocketAddr;
use std::time::Duration;

use anyhow::{bail, Context, Result};
use clap::Args;
use scout_index::Store;

use crate::api::auth::{Auth, KeyRing};
use crate::api::limits::{self, CorsOrigin, RateLimit};
use crate::api::ServeOptions;
use crate::paths::DataDir;

/// Limits and CORS of the API.
#[derive(Debug, Args)]
pub struct ApiLimitArgs {
    /// Rate limit of keys created without --rate-limit: N/s, N/min or N/h.
    #[arg(long, default_value = "100/s")]
    pub default_rate_limit: RateLimit,
    /// How long a /v1 request may take, reading its body included (e.g. 30s, 500ms); past it
    /// the server answers 503.
    #[arg(long, default_value = "30s", value_parser = parse_request_timeout)]
    pub request_timeout: Duration,
    /// /v1 requests in flight at once; more are shed at once with 503 and Retry-After.
    #[arg(long, default_value_t = limits::DEFAULT_MAX_IN_FLIGHT)]
    pub max_concurrent_requests: usize,
    /// A browser origin allowed to call the API (scheme://host[:port], or * for any);
    /// repeatable or comma-separated. Without it, only same-origin pages can.
    #[arg(long = "cors-origin", value_delimiter = ',')]
    pub cors_origins: Vec<CorsOrigin>,
    /// Let `POST /v1/crawl` seeds reach loopback, private, link-local, unique-local and
    /// unspecified addresses (a local simulated web, an intranet). Off by default: such
    /// seeds are refused with 400 (server-side request forgery guard).
    #[arg(long)]
    pub crawl_allow_private: bool,
    /// Search answers kept for repeated queries (the same query, index commit and ranker get
    /// the same answer for up to 5 minutes); 0 turns the cache off.
    #[arg(long, default_value_t = crate::pipeline::DEFAULT_SEARCH_CACHE)]
    pub search_cache: usize,
}

/// Fails when auth would be off on an address other machines can reach.
pub fn ensure_auth_allowed(addr: SocketAddr, auth_on: bool) -> Result<()> {
    if !auth_on && !addr.ip().is_loopback() {
        bail!(
            "addr: {addr} is not a loopback address, and auth cannot be off there: \
             serve with API keys (drop --no-auth for `scout serve`, add --auth for `scout demo`) \
             or listen on 127.0.0.1"
        );
    }
    Ok(())
}

/// The server's options, with the store's keys when `auth_on`; migrates the store first so
/// that request-time read-only connections find the current schema.
pub async fn serve_options(
    data: &DataDir,
    addr: SocketAddr,
    auth_on: bool,
    args: &ApiLimitArgs,
) -> Result<ServeOptions> {
    ensure_auth_allowed(addr, auth_on)?;
    let store_path = data.store_path();
    let default_rate_limit = args.default_rate_limit;
    let auth = tokio::task::spawn_blocking(move || -> Result<Auth> {
        if !auth_on {
            drop(Store::open(&store_path)?);
            return Ok(Auth::off());
        }
        let ring = KeyRing::open(&store_path)
            .with_context(|| format!("cannot read API keys from {}", store_path.display()))?;
        if ring.active_keys()? == 0 {
            eprintln!(
                "warning: auth is on and the store has no API keys yet: create one with \
                 `scout --data {} keys create --scopes read`",
                store_path.parent().unwrap_or(&store_path).display()
            );
        }
        Ok(Auth::with_keys(ring, default_rate_limit))
    })
    .await??;
    Ok(ServeOptions {
        auth,
        max_in_flight: args.max_concurrent_requests.max(1),
        request_timeout: args.request_timeout,
        cors_origins: args.cors_origins.clone(),
        crawl_allow_private: args.crawl_allow_private,
        search_cache: args.search_cache,
    })
}

/// How the start-up line describes auth.
pub fn auth_summary(options: &ServeOptions) -> &'static str {
    if options.auth.is_on() {
        "auth on: every /v1 route needs an API key"
    } else {
        "auth off: loopback only"
    }
}

/// Parses a duration with its unit: `500ms`, `30s`, `1.5m`, `6h`, `2d`.
pub fn parse_duration(raw: &str) -> Result<Duration, String> {
    let raw = raw.trim();
    let units = [
        ("ms", 0.001),
        ("s", 1.0),
        ("m", 60.0),
        ("h", 3_600.0),
        ("d", 86_400.0),
    ];
    let Some((number, seconds_per_unit)) = units
        .iter()
        .find_map(|(unit, seconds)| raw.strip_suffix(unit).map(|number| (number, *seconds)))
    else {
        return Err(format!("{raw:?}: give a unit: ms, s, m, h or d (e.g. 30s)"));
    };
    let number: f64 = number
        .trim()
        .parse()
        .map_err(|_| format!("{raw:?}: {number:?} is not a number"))?;
    let seconds = number * seconds_per_unit;
    if !(seconds.is_finite() && seconds > 0.0 && seconds <= 365.0 * 86_400.0) {
        return Err(format!("{raw:?}: must be more than 0 and at most a year"));
    }
    Ok(Duration::from_secs_f64(seconds))
}

/// A request time limit: a duration of at most a day.
fn parse_request_timeout(raw: &str) -> Result<Duration, String> {
    let duration = parse_duration(raw)?;
    if duration > Duration::from_secs(86_400) {
        return Err(format!("{:?}: must be at most a day", raw.trim()));
    }
    Ok(duration)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_need_a_unit_and_a_sane_size() {
        assert_eq!(parse_duration("500ms").unwrap(), Duration::from_millis(500));
        assert_eq!(parse_duration("30s").unwrap(), Duration::from_secs(30));
        assert_eq!(parse_duration("1.5 m").unwrap(), Duration::from_secs(90));
        assert_eq!(parse_duration("6h").unwrap(), Duration::from_secs(21_600));
        assert_eq!(parse_duration("2d").unwrap(), Duration::from_secs(172_800));
        for bad in ["30", "0s", "-1s", "xs", "3w", "400d"] {
            assert!(parse_duration(bad).is_err(), "{bad} parsed");
        }
        assert_eq!(
            parse_request_timeout("2m").unwrap(),
            Duration::from_secs(120)
        );
        for bad in ["2d", "100000m"] {
            assert!(parse_request_timeout(bad).is_err(), "{bad} parsed");
        }
    }

    #[test]
    fn auth_can_be_off_only_on_loopback() {
        let loopback: SocketAddr = "127.0.0.1:8080".parse().unwrap();
        let loopback6: SocketAddr = "[::1]:8080".parse().unwrap();
        let everywhere: SocketAddr = "0.0.0.0:8080".parse().unwrap();
        assert!(ensure_auth_allowed(loopback, false).is_ok());
        assert!(ensure_auth_allowed(loopback6, false).is_ok());
        assert!(ensure_auth_allowed(everywhere, true).is_ok());
        let error = ensure_auth_allowed(everywhere, false).unwrap_err();
        assert!(error.to_string().contains("loopback"), "{error}");
    }
}
