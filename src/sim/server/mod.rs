//! Serving a world over loopback: one listener per virtual host, each speaking its host's
//! formats, with HTTP validators on every answer, optional fault injection, a request log that
//! flags robots.txt violations, and counters of requests in flight per host.

mod bluesky;
mod bluesky_json;
mod faults;
mod html;
mod layers;
mod mastodon;
mod mastodon_json;
mod robots;
mod state;
mod status_ref;
mod validators;
mod video;
mod video_feed;
mod webpages;

pub use faults::{FaultConfig, FaultKind};

use std::collections::HashMap;
use std::io;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware;
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, Utc};
use tokio::net::TcpListener;
use tokio::sync::watch;
use tokio::task::JoinHandle;

use crate::sim::content::CreatorContent;
use crate::sim::creator::SimCreator;
use crate::sim::ids;
use crate::sim::world::{HostKind, World};
use layers::{FaultContext, Metrics, TrackContext, ValidatorContext};
use state::{HostState, RequestLog, Shared};
use validators::LastModified;

/// How long [`SimServer::shutdown`] waits for open connections before cutting them.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(5);

/// One virtual host as served.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VirtualHostInfo {
    /// Which formats the host serves.
    pub kind: HostKind,
    /// Where the host answers, e.g. `http://127.0.0.1:8080` (no trailing slash).
    pub base_url: String,
    /// The host's canonical domain (Mastodon LOCAL_DOMAIN or the site's canonical host).
    pub domain: String,
}

/// One answered request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoggedRequest {
    /// [`VirtualHostInfo::base_url`] of the host that answered.
    pub host_base_url: String,
    /// HTTP method, e.g. `GET`.
    pub method: String,
    /// Path with its query string, as requested.
    pub path_and_query: String,
    /// Status code of the response.
    pub status: u16,
    /// The injected fault ([`FaultKind::as_str`]), if one was.
    pub fault: Option<&'static str>,
    /// When the request arrived, on a monotonic clock started with the server.
    pub at: Duration,
}

/// A running simulated web; dropping it stops the hosts too.
pub struct SimServer {
    hosts: Vec<VirtualHostInfo>,
    seeds: Vec<String>,
    log: Arc<RequestLog>,
    metrics: Arc<Metrics>,
    faults: Arc<FaultConfig>,
    shared: Arc<Shared>,
    stop: watch::Sender<bool>,
    tasks: Vec<JoinHandle<()>>,
}

impl SimServer {
    /// Shows the world as it was `days` before its anchor (at most
    /// [`crate::sim::params::HISTORY_DAYS`]; 0 shows it as generated): followers and post engagement follow
    /// each account's history (`history.rs`), everything else stays. Pages rendered before are
    /// dropped, so the next visit sees the new day.
    pub fn show_days_before(&self, days: u32) {
        self.shared.show_days_before(days);
    }

    /// The time the hosts show the world at: its anchor less the days of
    /// [`SimServer::show_days_before`]. Public, like the date of an archive's copy: a crawl
    /// files what it sees under it (`scout eval`), no ground truth involved.
    pub fn shown_at(&self) -> DateTime<Utc> {
        self.shared.world.anchor() - chrono::Duration::days(i64::from(self.shared.days_before()))
    }

    /// Crawl seeds: a profile URL per Mastodon instance, the directory root per creator site,
    /// a profile URL and a search URL (`/search?q=TERM`) for the Bluesky host, a channel URL
    /// and the channel directory (`/channels`) for the video site.
    pub fn seeds(&self) -> Vec<String> {
        self.seeds.clone()
    }

    /// Every request received so far, on every host (not bounded by the log's capacity).
    pub fn request_count(&self) -> u64 {
        self.metrics.requests()
    }

    /// The most requests any single host had in flight at once (from arrival until the body
    /// was sent).
    pub fn max_concurrency_per_host(&self) -> usize {
        self.metrics.peaks().into_iter().max().unwrap_or(0)
    }

    /// The most requests each host had in flight at once, by [`VirtualHostInfo::base_url`].
    pub fn concurrency_peaks(&self) -> Vec<(String, usize)> {
        self.hosts
            .iter()
            .map(|host| host.base_url.clone())
            .zip(self.metrics.peaks())
            .collect()
    }

    /// The faults this server injects ([`FaultConfig::default`] for [`serve`]).
    pub fn faults(&self) -> &FaultConfig {
        &self.faults
    }

    /// The served hosts, in [`World::hosts`] order.
    pub fn hosts(&self) -> Vec<VirtualHostInfo> {
        self.hosts.clone()
    }

    /// Every request answered so far (the newest [`crate::sim::params::REQUEST_LOG_CAPACITY`]).
    pub fn request_log(&self) -> Vec<LoggedRequest> {
        self.log.entries()
    }

    /// Requests to paths the host's own robots.txt disallows.
    pub fn robots_violations(&self) -> Vec<LoggedRequest> {
        self.log.violations()
    }

    /// Stops every host and waits for them (at most a few seconds for open connections).
    pub async fn shutdown(self) {
        let SimServer { stop, tasks, .. } = self;
        // Receivers outlive the send; an error only means every host already stopped.
        let _ = stop.send(true);
        for mut task in tasks {
            if tokio::time::timeout(SHUTDOWN_GRACE, &mut task)
                .await
                .is_err()
            {
                task.abort();
            }
        }
    }
}

/// Serves `world`: the first host at `addr`, the others at the same IP on the following
/// ports (or on ephemeral ports when `addr`'s port is 0). No faults are injected.
pub async fn serve(world: Arc<World>, addr: SocketAddr) -> io::Result<SimServer> {
    serve_with_faults(world, addr, FaultConfig::default()).await
}

/// Serves `world` like [`serve`], injecting `faults`.
pub async fn serve_with_faults(
    world: Arc<World>,
    addr: SocketAddr,
    faults: FaultConfig,
) -> io::Result<SimServer> {
    let specs = world.hosts();
    let mut listeners = Vec::with_capacity(specs.len());
    for position in 0..specs.len() {
        let port = if addr.port() == 0 {
            0
        } else {
            u16::try_from(position)
                .ok()
                .and_then(|offset| addr.port().checked_add(offset))
                .ok_or_else(|| {
                    io::Error::new(
                        io::ErrorKind::InvalidInput,
                        "not enough ports above the requested one",
                    )
                })?
        };
        listeners.push(TcpListener::bind(SocketAddr::new(addr.ip(), port)).await?);
    }
    let mut hosts = Vec::with_capacity(specs.len());
    for (listener, spec) in listeners.iter().zip(specs) {
        let local = listener.local_addr()?;
        let reachable = SocketAddr::new(reachable_ip(local.ip()), local.port());
        hosts.push(VirtualHostInfo {
            kind: spec.kind,
            base_url: format!("http://{reachable}"),
            domain: spec.domain.to_string(),
        });
    }
    let log = Arc::new(RequestLog::new());
    let started = tokio::time::Instant::now();
    let metrics = Arc::new(Metrics::new(specs.len()));
    let faults = Arc::new(faults);
    let shared = Arc::new(Shared::new(Arc::clone(&world), hosts.clone()));
    let (stop, stopped) = watch::channel(false);
    let mut tasks = Vec::with_capacity(listeners.len());
    let mut seeds = Vec::new();
    for (position, listener) in listeners.into_iter().enumerate() {
        let state = Arc::new(HostState::new(Arc::clone(&shared), position));
        seeds.extend(seeds_of(&state));
        let fault_context = FaultContext {
            base_url: state.base_url.clone(),
            domain: state.domain,
            kind: state.kind,
            log: Arc::clone(&log),
            faults: Arc::clone(&faults),
            attempts: Arc::new(Mutex::new(HashMap::new())),
            started,
        };
        let track_context = TrackContext {
            metrics: Arc::clone(&metrics),
            host: position,
        };
        let validator_context = ValidatorContext {
            default_last_modified: world.anchor(),
        };
        let router = match state.kind {
            HostKind::Mastodon => mastodon::router(state),
            HostKind::CreatorSite => webpages::router(state),
            HostKind::Bluesky => bluesky::router(state),
            HostKind::VideoSite => video::router(state),
        }
        .layer(middleware::from_fn_with_state(
            validator_context,
            layers::validators,
        ))
        .layer(middleware::from_fn_with_state(
            fault_context,
            layers::faults_and_log,
        ))
        .layer(middleware::from_fn_with_state(track_context, layers::track));
        let mut stopped = stopped.clone();
        tasks.push(tokio::spawn(async move {
            let signal = async move {
                // Either a stop was sent or the server handle was dropped: stop in both cases.
                let _ = stopped.wait_for(|stop| *stop).await;
            };
            if let Err(error) = axum::serve(listener, router)
                .with_graceful_shutdown(signal)
                .await
            {
                tracing::warn!(%error, "simulated host stopped with an error");
            }
        }));
    }
    Ok(SimServer {
        hosts,
        seeds,
        log,
        metrics,
        faults,
        shared,
        stop,
        tasks,
    })
}

/// An address clients can connect to for a listener bound to `ip`.
fn reachable_ip(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V4(v4) if v4.is_unspecified() => IpAddr::V4(Ipv4Addr::LOCALHOST),
        IpAddr::V6(v6) if v6.is_unspecified() => IpAddr::V6(Ipv6Addr::LOCALHOST),
        other => other,
    }
}

/// The first discoverable creator of a host.
fn first_discoverable(state: &HostState) -> Option<&SimCreator> {
    let world = state.world();
    world
        .creators_on(state.host)
        .iter()
        .filter_map(|index| world.creator(*index))
        .find(|creator| creator.discoverable)
}

fn seeds_of(state: &HostState) -> Vec<String> {
    let base = &state.base_url;
    match state.kind {
        HostKind::Mastodon => first_discoverable(state)
            .map(|creator| format!("{base}/@{}", creator.username))
            .into_iter()
            .collect(),
        HostKind::CreatorSite => vec![format!("{base}/")],
        HostKind::Bluesky => first_discoverable(state)
            .map(|creator| {
                let term = creator.niches.first().map_or("art", |niche| niche.as_str());
                vec![
                    format!("{base}/profile/{}", creator.username),
                    format!("{base}/search?q={term}"),
                ]
            })
            .unwrap_or_default(),
        HostKind::VideoSite => {
            let mut seeds: Vec<String> = first_discoverable(state)
                .and_then(|creator| creator.channel_id.as_ref())
                .map(|channel| format!("{base}/channel/{channel}"))
                .into_iter()
                .collect();
            seeds.push(format!("{base}/channels"));
            seeds
        }
    }
}

/// When a creator's content last changed: their newest post or own reply.
fn last_modified(creator: &SimCreator, content: &CreatorContent) -> DateTime<Utc> {
    content
        .posts
        .iter()
        .flat_map(|post| {
            std::iter::once(post.id).chain(post.self_reply.as_ref().map(|reply| reply.id))
        })
        .max()
        .map_or(creator.created_at, ids::instant)
}

/// Marks when a response's content last changed (its `Last-Modified`).
fn with_modified(mut response: Response, at: DateTime<Utc>) -> Response {
    response.extensions_mut().insert(LastModified(at));
    response
}

fn typed_response(status: StatusCode, content_type: &'static str, body: String) -> Response {
    let mut response = (status, body).into_response();
    response
        .headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    response
}

fn json_response(status: StatusCode, body: String) -> Response {
    typed_response(status, "application/json; charset=utf-8", body)
}

fn html_response(status: StatusCode, body: String) -> Response {
    typed_response(status, "text/html; charset=utf-8", body)
}

fn text_response(body: &'static str) -> Response {
    typed_response(
        StatusCode::OK,
        "text/plain; charset=utf-8",
        body.to_string(),
    )
}
