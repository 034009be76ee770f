//! The only network code of the crawler: one HTTP GET attempt with a user agent, connect and
//! total timeouts, gzip/brotli decoding, optional conditional headers (`If-None-Match`,
//! `If-Modified-Since`) and a capped, streamed body. Redirects are not followed here but
//! reported, so that the caller can check every hop against robots.txt and politeness; retries
//! and backoff wrap this attempt in `session.rs` with the policy of `retry.rs`. Every attempt
//! obeys the config's [`AddressPolicy`]: an IP-literal host is checked before connecting, a
//! host name is resolved by [`PolicyResolver`], and a refusal is a per-URL error.

use std::error::Error as StdError;
use std::net::IpAddr;
use std::sync::Arc;

use chrono::Utc;
use reqwest::header::{
    HeaderMap, ACCEPT, CACHE_CONTROL, CONTENT_LENGTH, CONTENT_TYPE, ETAG, IF_MODIFIED_SINCE,
    IF_NONE_MATCH, LAST_MODIFIED, LINK, LOCATION, RETRY_AFTER,
};
use serde::{Deserialize, Serialize};
use url::Url;

use crate::address::{AddressPolicy, AddressRefused, PolicyResolver};
use crate::config::CrawlConfig;
use crate::error::{CrawlError, FetchError};
use crate::retry::parse_retry_after;

/// What a request asks for, as an `Accept` header.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Accept {
    Json,
    Html,
    Xml,
    Text,
}

impl Accept {
    fn header_value(self) -> &'static str {
        match self {
            Accept::Json => "application/json",
            Accept::Html => "text/html,application/xhtml+xml;q=0.9,*/*;q=0.5",
            Accept::Xml => "application/atom+xml,application/xml;q=0.9,text/xml;q=0.8,*/*;q=0.5",
            Accept::Text => "text/plain,*/*;q=0.5",
        }
    }
}

/// The validators of a response, sent back on the next request for a conditional GET.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Validators {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub etag: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_modified: Option<String>,
}

impl Validators {
    pub(crate) fn is_empty(&self) -> bool {
        self.etag.is_none() && self.last_modified.is_none()
    }
}

/// One HTTP response. The body is read only for 2xx responses.
#[derive(Debug, Clone)]
pub(crate) struct Response {
    pub url: Url,
    pub status: u16,
    pub content_type: Option<String>,
    /// The `Location` header of a redirect.
    pub location: Option<String>,
    /// The raw `Link` header (Mastodon pagination).
    pub link: Option<String>,
    /// `ETag` and `Last-Modified`, for the next conditional request.
    pub validators: Validators,
    /// `Retry-After` of a 429 or 503, as a delay from now.
    pub retry_after: Option<std::time::Duration>,
    /// How long the response may be reused (`Cache-Control`: `max-age`, or 0 for `no-store`
    /// and `no-cache`).
    pub max_age: Option<std::time::Duration>,
    pub body: Vec<u8>,
}

impl Response {
    /// An empty response with the given status (tests and synthetic cases).
    #[cfg(test)]
    pub(crate) fn empty(url: Url, status: u16) -> Self {
        Response {
            url,
            status,
            content_type: None,
            location: None,
            link: None,
            validators: Validators::default(),
            retry_after: None,
            max_age: None,
            body: Vec::new(),
        }
    }

    pub(crate) fn is_not_modified(&self) -> bool {
        self.status == 304
    }

    pub(crate) fn is_success(&self) -> bool {
        (200..300).contains(&self.status)
    }

    pub(crate) fn is_redirect(&self) -> bool {
        matches!(self.status, 301 | 302 | 303 | 307 | 308)
    }
}

/// An HTTP client configured for polite crawling.
#[derive(Debug, Clone)]
pub(crate) struct Fetcher {
    client: reqwest::Client,
    max_body_bytes: usize,
    addresses: AddressPolicy,
}

impl Fetcher {
    pub(crate) fn new(config: &CrawlConfig) -> Result<Self, CrawlError> {
        let mut builder = reqwest::Client::builder()
            .user_agent(config.user_agent.clone())
            .timeout(config.request_timeout)
            .connect_timeout(config.connect_timeout.min(config.request_timeout))
            .redirect(reqwest::redirect::Policy::none())
            .gzip(true)
            .brotli(true);
        if !config.address_policy.allows_all() {
            // Names are resolved here, through the policy; a proxy would resolve them itself.
            builder = builder
                .no_proxy()
                .dns_resolver(Arc::new(PolicyResolver::new(config.address_policy.clone())));
        }
        let client = builder
            .build()
            .map_err(|error| CrawlError::HttpClient(error_chain(&error)))?;
        Ok(Fetcher {
            client,
            max_body_bytes: config.max_body_bytes,
            addresses: config.address_policy.clone(),
        })
    }

    /// Refuses a URL whose host is an IP address the policy forbids (names are checked when
    /// they are resolved).
    fn check_literal_host(&self, url: &Url) -> Result<(), FetchError> {
        let address: IpAddr = match url.host() {
            Some(url::Host::Ipv4(ip)) => ip.into(),
            Some(url::Host::Ipv6(ip)) => ip.into(),
            _ => return Ok(()),
        };
        let host = url.host_str().unwrap_or_default();
        match self.addresses.refusal(host, address) {
            Some(refusal) => Err(FetchError::AddressRefused {
                url: url.to_string(),
                refusal,
            }),
            None => Ok(()),
        }
    }

    /// Sends one GET, conditional when `validators` are given. Non-2xx statuses are returned
    /// (not errors) so that callers can tell a missing robots.txt from a broken one, and a 304
    /// from a change; the body is streamed and aborted past the cap.
    pub(crate) async fn get(
        &self,
        url: &Url,
        accept: Accept,
        validators: Option<&Validators>,
    ) -> Result<Response, FetchError> {
        self.check_literal_host(url)?;
        let mut request = self
            .client
            .get(url.clone())
            .header(ACCEPT, accept.header_value());
        if let Some(validators) = validators {
            if let Some(etag) = &validators.etag {
                request = request.header(IF_NONE_MATCH, etag.as_str());
            }
            if let Some(last_modified) = &validators.last_modified {
                request = request.header(IF_MODIFIED_SINCE, last_modified.as_str());
            }
        }
        let response = request
            .send()
            .await
            .map_err(|error| request_error(url, &error))?;
        let status = response.status().as_u16();
        let headers = response.headers();
        let mut fetched = Response {
            url: url.clone(),
            status,
            content_type: header_string(headers, CONTENT_TYPE),
            location: header_string(headers, LOCATION),
            link: header_string(headers, LINK),
            validators: Validators {
                etag: header_string(headers, ETAG),
                last_modified: header_string(headers, LAST_MODIFIED),
            },
            retry_after: header_string(headers, RETRY_AFTER)
                .and_then(|raw| parse_retry_after(&raw, Utc::now())),
            max_age: header_string(headers, CACHE_CONTROL).and_then(|raw| parse_max_age(&raw)),
            body: Vec::new(),
        };
        if !fetched.is_success() {
            return Ok(fetched);
        }
        let declared_length = header_string(response.headers(), CONTENT_LENGTH)
            .and_then(|length| length.parse::<u64>().ok());
        if declared_length.is_some_and(|length| length > self.max_body_bytes as u64) {
            return Err(FetchError::BodyTooLarge {
                limit: self.max_body_bytes,
            });
        }
        fetched.body = self.read_capped(response, url).await?;
        Ok(fetched)
    }

    async fn read_capped(
        &self,
        mut response: reqwest::Response,
        url: &Url,
    ) -> Result<Vec<u8>, FetchError> {
        let mut body = Vec::new();
        while let Some(chunk) = response
            .chunk()
            .await
            .map_err(|error| request_error(url, &error))?
        {
            if body.len() + chunk.len() > self.max_body_bytes {
                return Err(FetchError::BodyTooLarge {
                    limit: self.max_body_bytes,
                });
            }
            body.extend_from_slice(&chunk);
        }
        Ok(body)
    }
}

fn header_string(headers: &HeaderMap, name: reqwest::header::HeaderName) -> Option<String> {
    headers
        .get(name)
        .and_then(|value| value.to_str().ok())
        .map(str::to_string)
}

fn request_error(url: &Url, error: &reqwest::Error) -> FetchError {
    if let Some(refusal) = refusal_in(error) {
        FetchError::AddressRefused {
            url: url.to_string(),
            refusal,
        }
    } else if error.is_timeout() {
        FetchError::Timeout(url.to_string())
    } else {
        FetchError::Network {
            url: url.to_string(),
            message: error_chain(error),
        }
    }
}

/// The address refusal of the policy resolver among an error's causes.
fn refusal_in(error: &(dyn StdError + 'static)) -> Option<AddressRefused> {
    let mut cause = Some(error);
    while let Some(current) = cause {
        if let Some(refusal) = current.downcast_ref::<AddressRefused>() {
            return Some(refusal.clone());
        }
        cause = current.source();
    }
    None
}

/// An error with its causes, `outer: inner: root`.
fn error_chain(error: &dyn StdError) -> String {
    let mut message = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        let text = cause.to_string();
        if !message.contains(&text) {
            message.push_str(": ");
            message.push_str(&text);
        }
        source = cause.source();
    }
    message
}

/// How long a `Cache-Control` value lets a response be reused: `max-age=N` (or `s-maxage`),
/// zero for `no-store` / `no-cache`, `None` when it says neither.
pub(crate) fn parse_max_age(cache_control: &str) -> Option<std::time::Duration> {
    let mut max_age = None;
    for directive in cache_control.split(',') {
        let directive = directive.trim();
        let (name, value) = match directive.split_once('=') {
            Some((name, value)) => (name.trim(), Some(value.trim().trim_matches('"'))),
            None => (directive, None),
        };
        if name.eq_ignore_ascii_case("no-store") || name.eq_ignore_ascii_case("no-cache") {
            return Some(std::time::Duration::ZERO);
        }
        if name.eq_ignore_ascii_case("max-age") || name.eq_ignore_ascii_case("s-maxage") {
            if let Some(seconds) = value.and_then(|value| value.parse::<u64>().ok()) {
                max_age = Some(std::time::Duration::from_secs(seconds));
            }
        }
    }
    max_age
}

/// The `rel="next"` target of an RFC 8288 `Link` header, resolved against the request URL.
pub(crate) fn next_link(link_header: &str, base: &Url) -> Option<Url> {
    for part in split_link_values(link_header) {
        let Some((target, params)) = part.trim().split_once('>') else {
            continue;
        };
        let target = target.trim().trim_start_matches('<');
        let is_next = params.split(';').any(|param| {
            let Some((key, value)) = param.trim().split_once('=') else {
                return false;
            };
            key.trim().eq_ignore_ascii_case("rel")
                && value
                    .trim()
                    .trim_matches('"')
                    .split_whitespace()
                    .any(|rel| rel.eq_ignore_ascii_case("next"))
        });
        if is_next {
            return base.join(target).ok();
        }
    }
    None
}

/// Splits a `Link` header on the commas between values, not those inside `<…>`.
fn split_link_values(header: &str) -> Vec<&str> {
    let mut parts = Vec::new();
    let mut depth = 0i32;
    let mut start = 0;
    for (index, character) in header.char_indices() {
        match character {
            '<' => depth += 1,
            '>' => depth -= 1,
            ',' if depth <= 0 => {
                parts.push(&header[start..index]);
                start = index + 1;
            }
            _ => {}
        }
    }
    parts.push(&header[start..]);
    parts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn next_link_is_read_from_a_mastodon_link_header() {
        let base = Url::parse("https://social.example/api/v1/accounts/1/statuses").unwrap();
        let header = "<https://social.example/api/v1/accounts/1/statuses?limit=40&exclude_replies=true&max_id=112>; rel=\"next\", <https://social.example/api/v1/accounts/1/statuses?limit=40&min_id=115>; rel=\"prev\"";
        assert_eq!(
            next_link(header, &base).unwrap().as_str(),
            "https://social.example/api/v1/accounts/1/statuses?limit=40&exclude_replies=true&max_id=112"
        );
        let prev_only = "<https://social.example/x?min_id=1>; rel=\"prev\"";
        assert!(next_link(prev_only, &base).is_none());
        assert!(next_link("garbage", &base).is_none());
        assert_eq!(
            next_link("</page/2?a=1,2>; rel=next", &base)
                .unwrap()
                .as_str(),
            "https://social.example/page/2?a=1,2"
        );
    }

    #[test]
    fn max_age_is_read_from_cache_control() {
        use std::time::Duration;
        assert_eq!(
            parse_max_age("public, max-age=3600"),
            Some(Duration::from_secs(3600))
        );
        assert_eq!(
            parse_max_age("MAX-AGE=\"60\""),
            Some(Duration::from_secs(60))
        );
        assert_eq!(parse_max_age("no-store"), Some(Duration::ZERO));
        assert_eq!(parse_max_age("max-age=60, no-cache"), Some(Duration::ZERO));
        assert_eq!(parse_max_age("public"), None);
        assert_eq!(parse_max_age("max-age=soon"), None);
        assert_eq!(parse_max_age(""), None);
    }

    #[test]
    fn fetcher_builds_from_default_config() {
        let config = CrawlConfig::default();
        assert!(Fetcher::new(&config).is_ok());
    }
}
