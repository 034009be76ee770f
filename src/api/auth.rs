//! API keys and scopes. A key is `scout_<id>_<secret>`: a public id (listed and revoked by
//! `scout keys`) and 256 random bits. The store keeps only the key's SHA-256 — a fast hash is
//! enough for a random 256-bit secret, which cannot be guessed from a dictionary — so a
//! leaked store leaks no usable key.
//!
//! Every `/v1` route needs a key with the route's scope ([`required_scope`]); health,
//! readiness, metrics and other routes outside `/v1` are open. The server keeps the keys in
//! memory and, on every request, reads the store's key version counter (one indexed row on a
//! connection it holds); when it moved it reloads the keys. So a key created or revoked by
//! `scout keys` while the server runs counts from the next request, with no restart and no
//! window of staleness.

use std::collections::HashMap;
use std::fmt;
use std::path::Path;
use std::str::FromStr;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Instant;

use axum::extract::{MatchedPath, Request, State};
use axum::http::{header, HeaderMap, Method};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use chrono::Utc;
use rand::TryRngCore;
use scout_index::{ApiKeyRecord, IndexError, Store};
use sha2::{Digest, Sha256};

use crate::api::limits::{is_v1, RateLimit, RateLimiter};
use crate::api::ApiError;

/// Every key starts with this, so that secret scanners and people can recognise one.
const KEY_PREFIX: &str = "scout_";

/// Random bytes of a key's public id (hex in the key).
const ID_BYTES: usize = 6;

/// Random bytes of a key's secret: 256 bits.
const SECRET_BYTES: usize = 32;

/// The longest name a key may carry.
const MAX_NAME_CHARS: usize = 100;

/// What a key may do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Scope {
    /// Search, creators, recommendations, models.
    Read,
    /// Shortlists and feedback.
    Write,
    /// Crawl jobs and removal requests (`DELETE /v1/creators/{id}`).
    Admin,
}

impl Scope {
    pub const ALL: [Scope; 3] = [Scope::Read, Scope::Write, Scope::Admin];

    pub fn as_str(self) -> &'static str {
        match self {
            Scope::Read => "read",
            Scope::Write => "write",
            Scope::Admin => "admin",
        }
    }
}

impl fmt::Display for Scope {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str(self.as_str())
    }
}

impl FromStr for Scope {
    type Err = String;

    fn from_str(raw: &str) -> Result<Self, Self::Err> {
        Scope::ALL
            .into_iter()
            .find(|scope| scope.as_str() == raw.trim())
            .ok_or_else(|| format!("unknown scope {raw:?}: expected read, write or admin"))
    }
}

/// Parses a comma-separated scope list such as `read,write`; at least one, no repeats kept.
pub fn parse_scopes(raw: &str) -> Result<Vec<Scope>, String> {
    let mut scopes = Vec::new();
    for part in raw.split(',').filter(|part| !part.trim().is_empty()) {
        let scope: Scope = part.parse()?;
        if !scopes.contains(&scope) {
            scopes.push(scope);
        }
    }
    if scopes.is_empty() {
        return Err("no scopes: give one or more of read, write, admin".to_string());
    }
    scopes.sort();
    Ok(scopes)
}

/// The scope a route needs, or `None` for an open route (anything outside `/v1`).
///
/// Scopes are independent: an admin key that also searches needs `read` too. A `/v1` route
/// not classified here needs `admin`, so a new route is never open by accident.
pub fn required_scope(method: &Method, route: &str) -> Option<Scope> {
    if !is_v1(route) {
        return None;
    }
    let under = |prefix: &str| {
        route
            .strip_prefix(prefix)
            .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
    };
    let scope = if under("/v1/crawl")
        || under("/v1/jobs")
        || (method == Method::DELETE && under("/v1/creators"))
    {
        Scope::Admin
    } else if under("/v1/shortlists") || under("/v1/feedback") {
        Scope::Write
    } else if under("/v1/search")
        || under("/v1/recommendations")
        || under("/v1/creators")
        || under("/v1/models")
    {
        Scope::Read
    } else {
        Scope::Admin
    };
    Some(scope)
}

/// What `scout keys create` asks for.
#[derive(Debug, Clone)]
pub struct NewKey {
    pub scopes: Vec<Scope>,
    /// `None` uses the server's default rate limit.
    pub rate_limit: Option<RateLimit>,
    pub name: Option<String>,
}

/// A freshly created key: the key itself exists only here, never in the store.
#[derive(Debug)]
pub struct IssuedKey {
    pub key: String,
    pub record: ApiKeyRecord,
}

/// Creates a random key with `new`'s scopes and stores its hash.
pub fn issue_key(store: &mut Store, new: &NewKey) -> Result<IssuedKey, IssueError> {
    if new.scopes.is_empty() {
        return Err(IssueError::Invalid {
            field: "scopes",
            message: "give one or more of read, write, admin".to_string(),
        });
    }
    let name = new
        .name
        .as_deref()
        .map(str::trim)
        .filter(|name| !name.is_empty());
    if let Some(name) = name {
        if name.chars().count() > MAX_NAME_CHARS || name.chars().any(char::is_control) {
            return Err(IssueError::Invalid {
                field: "name",
                message: format!("at most {MAX_NAME_CHARS} characters without control characters"),
            });
        }
    }
    let mut id_bytes = [0u8; ID_BYTES];
    let mut secret_bytes = [0u8; SECRET_BYTES];
    let mut rng = rand::rngs::OsRng;
    rng.try_fill_bytes(&mut id_bytes)
        .and_then(|()| rng.try_fill_bytes(&mut secret_bytes))
        .map_err(|error| IssueError::Random(error.to_string()))?;
    let id = hex(&id_bytes);
    let key = format!("{KEY_PREFIX}{id}_{}", hex(&secret_bytes));
    let record = ApiKeyRecord {
        id,
        name: name.map(str::to_string),
        secret_hash: hash_key(&key),
        scopes: new
            .scopes
            .iter()
            .map(|scope| scope.as_str().to_string())
            .collect(),
        rate_limit_per_second: new.rate_limit.map(|limit| limit.as_per_second()),
        created_at: Utc::now(),
        revoked_at: None,
    };
    store.insert_api_key(&record)?;
    Ok(IssuedKey { key, record })
}

/// Why a key could not be issued.
#[derive(Debug, thiserror::Error)]
pub enum IssueError {
    #[error("{field}: {message}")]
    Invalid {
        field: &'static str,
        message: String,
    },
    #[error("cannot draw random bytes from the operating system: {0}")]
    Random(String),
    #[error(transparent)]
    Store(#[from] IndexError),
}

/// Lower-case hex SHA-256 of a presented key, as the store keeps it.
pub fn hash_key(key: &str) -> String {
    hex(&Sha256::digest(key.as_bytes()))
}

fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write;
    bytes.iter().fold(String::new(), |mut out, byte| {
        let _ = write!(out, "{byte:02x}");
        out
    })
}

/// A valid key as a request sees it (added to the request's extensions).
#[derive(Debug, Clone)]
pub struct ApiKey {
    pub id: String,
    pub scopes: Vec<Scope>,
    /// `None` uses the server's default.
    pub rate_limit: Option<RateLimit>,
}

/// The server's view of the stored keys, reloaded whenever the store's key version moves.
#[derive(Debug)]
pub struct KeyRing {
    cache: Mutex<KeyCache>,
}

#[derive(Debug)]
struct KeyCache {
    store: Store,
    /// The store's key version the keys below were loaded at.
    version: Option<i64>,
    /// Unrevoked keys by the hash of the key.
    by_hash: HashMap<String, Arc<ApiKey>>,
}

impl KeyRing {
    /// Opens the store at `path` (migrating it if needed) and loads its keys.
    pub fn open(path: &Path) -> Result<KeyRing, IndexError> {
        drop(Store::open(path)?);
        let ring = KeyRing {
            cache: Mutex::new(KeyCache {
                store: Store::open_read_only(path)?,
                version: None,
                by_hash: HashMap::new(),
            }),
        };
        drop(ring.refresh()?);
        Ok(ring)
    }

    /// How many unrevoked keys the store holds.
    pub fn active_keys(&self) -> Result<usize, IndexError> {
        Ok(self.refresh()?.by_hash.len())
    }

    /// The unrevoked key `presented` is, if any.
    pub fn authenticate(&self, presented: &str) -> Result<Option<Arc<ApiKey>>, IndexError> {
        let hash = hash_key(presented);
        Ok(self.refresh()?.by_hash.get(&hash).cloned())
    }

    /// Reloads the keys when the store's key version differs from the one held.
    fn refresh(&self) -> Result<std::sync::MutexGuard<'_, KeyCache>, IndexError> {
        let mut cache = self.cache.lock().unwrap_or_else(PoisonError::into_inner);
        let version = cache.store.api_keys_version()?;
        if cache.version != Some(version) {
            let records = cache.store.api_keys()?;
            cache.by_hash = records
                .into_iter()
                .filter(|record| record.revoked_at.is_none())
                .map(|record| (record.secret_hash.clone(), Arc::new(active_key(record))))
                .collect();
            cache.version = Some(version);
            tracing::debug!(version, keys = cache.by_hash.len(), "API keys loaded");
        }
        Ok(cache)
    }
}

fn active_key(record: ApiKeyRecord) -> ApiKey {
    let scopes = record
        .scopes
        .iter()
        .filter_map(|raw| match raw.parse::<Scope>() {
            Ok(scope) => Some(scope),
            Err(error) => {
                tracing::warn!(key_id = %record.id, %error, "ignoring a stored scope");
                None
            }
        })
        .collect();
    ApiKey {
        rate_limit: record
            .rate_limit_per_second
            .and_then(|rate| RateLimit::per_second(rate).ok()),
        scopes,
        id: record.id,
    }
}

/// Whether and how the server checks keys: off (loopback only; the CLI enforces that) or
/// with the stored keys.
#[derive(Debug, Clone, Default)]
pub struct Auth {
    keys: Option<Arc<KeyCheck>>,
}

#[derive(Debug)]
struct KeyCheck {
    ring: KeyRing,
    default_rate_limit: RateLimit,
    limiter: RateLimiter,
}

impl Auth {
    /// No keys needed.
    pub fn off() -> Self {
        Auth::default()
    }

    /// Every `/v1` request needs one of `ring`'s keys; a key without its own limit gets
    /// `default_rate_limit`.
    pub fn with_keys(ring: KeyRing, default_rate_limit: RateLimit) -> Self {
        Auth {
            keys: Some(Arc::new(KeyCheck {
                ring,
                default_rate_limit,
                limiter: RateLimiter::default(),
            })),
        }
    }

    pub fn is_on(&self) -> bool {
        self.keys.is_some()
    }

    /// The unrevoked key `presented` is, for keys sent another way than the bearer header
    /// (the web pages' cookie); `None` when it is unknown or auth is off.
    pub fn authenticate(&self, presented: &str) -> Result<Option<Arc<ApiKey>>, IndexError> {
        match &self.keys {
            Some(keys) => keys.ring.authenticate(presented),
            None => Ok(None),
        }
    }

    /// Spends one request of `key`'s rate limit; `Err` holds the wait before the next one.
    pub fn spend_rate_limit(&self, key: &ApiKey) -> Result<(), std::time::Duration> {
        match &self.keys {
            Some(keys) => keys.limiter.check(
                &key.id,
                key.rate_limit.unwrap_or(keys.default_rate_limit),
                Instant::now(),
            ),
            None => Ok(()),
        }
    }
}

/// Middleware (a route layer): on `/v1` routes, checks the bearer key (401), the route's
/// scope (403) and the key's rate limit (429), and records the key's id — never the key —
/// in the request's log span.
pub async fn authorize(State(auth): State<Auth>, mut request: Request, next: Next) -> Response {
    let Some(keys) = &auth.keys else {
        return next.run(request).await;
    };
    let scope = request
        .extensions()
        .get::<MatchedPath>()
        .and_then(|route| required_scope(request.method(), route.as_str()));
    let Some(scope) = scope else {
        return next.run(request).await;
    };
    let presented = match bearer_token(request.headers()) {
        Ok(presented) => presented,
        Err(error) => return error.into_response(),
    };
    let key = match keys.ring.authenticate(presented) {
        Ok(Some(key)) => key,
        Ok(None) => return ApiError::InvalidApiKey.into_response(),
        Err(error) => {
            return ApiError::Internal {
                message: format!("cannot read API keys: {error}"),
            }
            .into_response()
        }
    };
    tracing::Span::current().record("key_id", key.id.as_str());
    if !key.scopes.contains(&scope) {
        return ApiError::MissingScope {
            scope: scope.as_str(),
        }
        .into_response();
    }
    let limit = key.rate_limit.unwrap_or(keys.default_rate_limit);
    if let Err(retry_after) = keys.limiter.check(&key.id, limit, Instant::now()) {
        return ApiError::RateLimited { retry_after }.into_response();
    }
    request.extensions_mut().insert(key);
    next.run(request).await
}

/// The key of an `Authorization: Bearer <key>` header.
fn bearer_token(headers: &HeaderMap) -> Result<&str, ApiError> {
    let Some(value) = headers.get(header::AUTHORIZATION) else {
        return Err(ApiError::MissingApiKey {
            message: "this route needs an API key: send `Authorization: Bearer <key>` (create one with `scout keys create`)".to_string(),
        });
    };
    let value = value.to_str().unwrap_or_default().trim();
    match value.split_once(' ') {
        Some((scheme, token))
            if scheme.eq_ignore_ascii_case("bearer") && !token.trim().is_empty() =>
        {
            Ok(token.trim())
        }
        _ => Err(ApiError::MissingApiKey {
            message: "the Authorization header must be `Bearer <key>`".to_string(),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn routes_map_to_the_scopes_of_the_design() {
        let get = Method::GET;
        let post = Method::POST;
        let delete = Method::DELETE;
        assert_eq!(required_scope(&get, "/healthz"), None);
        assert_eq!(required_scope(&get, "/metrics"), None);
        assert_eq!(required_scope(&get, "/openapi.json"), None);
        assert_eq!(required_scope(&get, "/v1/search"), Some(Scope::Read));
        assert_eq!(required_scope(&post, "/v1/search"), Some(Scope::Read));
        assert_eq!(
            required_scope(&post, "/v1/recommendations"),
            Some(Scope::Read)
        );
        assert_eq!(required_scope(&get, "/v1/creators/{id}"), Some(Scope::Read));
        assert_eq!(
            required_scope(&get, "/v1/creators/{id}/similar"),
            Some(Scope::Read)
        );
        assert_eq!(required_scope(&get, "/v1/models"), Some(Scope::Read));
        assert_eq!(required_scope(&get, "/v1/shortlists"), Some(Scope::Write));
        assert_eq!(
            required_scope(&post, "/v1/shortlists/{id}/items"),
            Some(Scope::Write)
        );
        assert_eq!(required_scope(&post, "/v1/feedback"), Some(Scope::Write));
        assert_eq!(required_scope(&post, "/v1/crawl"), Some(Scope::Admin));
        assert_eq!(required_scope(&get, "/v1/jobs/{id}"), Some(Scope::Admin));
        assert_eq!(
            required_scope(&delete, "/v1/creators/{id}"),
            Some(Scope::Admin)
        );
        // Unclassified routes need the strongest scope; look-alike prefixes are not matched.
        assert_eq!(required_scope(&get, "/v1/searchable"), Some(Scope::Admin));
        assert_eq!(required_scope(&get, "/v1/new-thing"), Some(Scope::Admin));
    }

    #[test]
    fn scope_lists_parse_sorted_without_repeats() {
        assert_eq!(
            parse_scopes("admin, read,read").unwrap(),
            vec![Scope::Read, Scope::Admin]
        );
        assert!(parse_scopes("").is_err());
        assert!(parse_scopes("read,root").unwrap_err().contains("root"));
    }

    #[test]
    fn bearer_tokens_are_read_from_the_authorization_header_only() {
        let mut headers = HeaderMap::new();
        assert!(matches!(
            bearer_token(&headers),
            Err(ApiError::MissingApiKey { .. })
        ));
        headers.insert(header::AUTHORIZATION, "Basic abc".parse().unwrap());
        assert!(bearer_token(&headers).is_err());
        headers.insert(header::AUTHORIZATION, "bearer  scout_x_y ".parse().unwrap());
        assert_eq!(bearer_token(&headers).unwrap(), "scout_x_y");
    }

    #[test]
    fn issued_keys_are_random_stored_as_hashes_and_authenticate_until_revoked() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("store.sqlite");
        let mut store = Store::open(&path).unwrap();
        let ring = KeyRing::open(&path).unwrap();
        let new = NewKey {
            scopes: vec![Scope::Read],
            rate_limit: Some("5/s".parse().unwrap()),
            name: Some(" ci ".to_string()),
        };
        let first = issue_key(&mut store, &new).unwrap();
        let second = issue_key(&mut store, &new).unwrap();
        assert_ne!(first.key, second.key);
        assert!(first
            .key
            .starts_with(&format!("scout_{}_", first.record.id)));
        assert_eq!(first.key.len(), KEY_PREFIX.len() + 12 + 1 + 64);
        assert_eq!(first.record.name.as_deref(), Some("ci"));
        let stored = store.api_keys().unwrap();
        assert!(stored
            .iter()
            .all(|record| !record.secret_hash.contains(&first.key[20..])));

        let key = ring.authenticate(&first.key).unwrap().unwrap();
        assert_eq!(key.id, first.record.id);
        assert_eq!(key.scopes, vec![Scope::Read]);
        assert_eq!(key.rate_limit.unwrap().as_per_second(), 5.0);
        assert!(ring.authenticate("scout_nope").unwrap().is_none());
        assert_eq!(ring.active_keys().unwrap(), 2);

        store
            .revoke_api_key(&first.record.id, Utc::now())
            .unwrap()
            .unwrap();
        assert!(ring.authenticate(&first.key).unwrap().is_none());
        assert!(ring.authenticate(&second.key).unwrap().is_some());

        let bad_name = NewKey {
            name: Some("a\nb".to_string()),
            ..new
        };
        assert!(matches!(
            issue_key(&mut store, &bad_name),
            Err(IssueError::Invalid { field: "name", .. })
        ));
    }
}
