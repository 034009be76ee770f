//! Serving a world over loopback: one listener per virtual host, each speaking its host's
//! formats, with a request log that flags robots.txt violations.

mod html;
mod mastodon;
mod mastodon_json;
mod robots;
mod state;
mod webpages;

use std::io;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::sync::Arc;
use std::time::Duration;

use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use tokio::net::TcpListener;
use tokio::sync::watch;
use tokio::task::JoinHandle;

use crate::sim::world::{HostKind, World};
use state::{HostState, RequestLog, Shared};

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
}

/// A running simulated web; dropping it stops the hosts too.
pub struct SimServer {
    hosts: Vec<VirtualHostInfo>,
    seeds: Vec<String>,
    log: Arc<RequestLog>,
    stop: watch::Sender<bool>,
    tasks: Vec<JoinHandle<()>>,
}

impl SimServer {
    /// Crawl seeds: a profile URL per Mastodon instance, the directory root per creator site.
    pub fn seeds(&self) -> Vec<String> {
        self.seeds.clone()
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
/// ports (or on ephemeral ports when `addr`'s port is 0).
pub async fn serve(world: Arc<World>, addr: SocketAddr) -> io::Result<SimServer> {
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
    let shared = Arc::new(Shared::new(Arc::clone(&world), hosts.clone()));
    let (stop, stopped) = watch::channel(false);
    let mut tasks = Vec::with_capacity(listeners.len());
    let mut seeds = Vec::new();
    for (position, listener) in listeners.into_iter().enumerate() {
        let state = Arc::new(HostState::new(Arc::clone(&shared), position));
        if let Some(seed) = seed_of(&state) {
            seeds.push(seed);
        }
        let context = LogContext {
            base_url: state.base_url.clone(),
            kind: state.kind,
            log: Arc::clone(&log),
        };
        let router = match state.kind {
            HostKind::Mastodon => mastodon::router(state),
            HostKind::CreatorSite => webpages::router(state),
        }
        .layer(middleware::from_fn_with_state(context, log_request));
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

fn seed_of(state: &HostState) -> Option<String> {
    match state.kind {
        HostKind::Mastodon => {
            let world = state.world();
            let creator = world
                .creators_on(state.host)
                .iter()
                .filter_map(|index| world.creator(*index))
                .find(|creator| creator.discoverable)?;
            Some(format!("{}/@{}", state.base_url, creator.username))
        }
        HostKind::CreatorSite => Some(format!("{}/", state.base_url)),
    }
}

#[derive(Clone)]
struct LogContext {
    base_url: String,
    kind: HostKind,
    log: Arc<RequestLog>,
}

async fn log_request(State(context): State<LogContext>, request: Request, next: Next) -> Response {
    let method = request.method().to_string();
    let path_and_query = request.uri().path_and_query().map_or_else(
        || request.uri().path().to_string(),
        |value| value.as_str().to_string(),
    );
    let response = next.run(request).await;
    let violation = robots::is_disallowed(context.kind, &path_and_query);
    context.log.record(
        LoggedRequest {
            host_base_url: context.base_url.clone(),
            method,
            path_and_query,
            status: response.status().as_u16(),
        },
        violation,
    );
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
