//! A scripted fixture server: a closure decides each response from the request (and how many
//! times the same path and query was asked for), and every request is logged with its time
//! and headers.

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::extract::State;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::Router;
use tokio::time::Instant;

/// One request as the handler sees it.
pub(super) struct Request {
    pub path: String,
    pub query: HashMap<String, String>,
    pub headers: HeaderMap,
    /// How many times this path and query was requested, this one included.
    pub nth: usize,
    /// `http://IP:PORT` of this server.
    pub base: String,
}

impl Request {
    pub fn query(&self, key: &str) -> Option<&str> {
        self.query.get(key).map(String::as_str)
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|value| value.to_str().ok())
    }
}

/// A response, possibly after a delay.
pub(super) enum Reply {
    Now(Response),
    After(Duration, Response),
}

impl From<Response> for Reply {
    fn from(response: Response) -> Self {
        Reply::Now(response)
    }
}

/// A request the server saw.
#[derive(Debug, Clone)]
pub(super) struct Seen {
    pub at: Instant,
    /// Path and query as sent.
    pub target: String,
    pub headers: HeaderMap,
}

type Handler = dyn Fn(&Request) -> Reply + Send + Sync;

/// A running scripted server.
pub(super) struct Scripted {
    pub addr: SocketAddr,
    seen: Mutex<Vec<Seen>>,
    handler: Box<Handler>,
}

impl Scripted {
    pub fn base(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// `IP:PORT`, the crawler's host key.
    pub fn host_key(&self) -> String {
        self.addr.to_string()
    }

    /// Requests whose path (and query) starts with `prefix`, in order.
    pub fn seen(&self, prefix: &str) -> Vec<Seen> {
        self.seen
            .lock()
            .unwrap()
            .iter()
            .filter(|seen| seen.target.starts_with(prefix))
            .cloned()
            .collect()
    }

    pub fn count(&self, prefix: &str) -> usize {
        self.seen(prefix).len()
    }

    /// Every request except robots.txt.
    pub fn requests(&self) -> Vec<String> {
        self.seen
            .lock()
            .unwrap()
            .iter()
            .map(|seen| seen.target.clone())
            .filter(|target| target != "/robots.txt")
            .collect()
    }
}

/// Starts a server on a loopback port answering with `handler`.
pub(super) async fn serve(
    handler: impl Fn(&Request) -> Reply + Send + Sync + 'static,
) -> Arc<Scripted> {
    serve_on(std::net::Ipv4Addr::LOCALHOST.into(), handler).await
}

/// Starts a server on a free port of `ip` (e.g. `127.0.0.2`, another loopback address).
pub(super) async fn serve_on(
    ip: std::net::IpAddr,
    handler: impl Fn(&Request) -> Reply + Send + Sync + 'static,
) -> Arc<Scripted> {
    let listener = tokio::net::TcpListener::bind((ip, 0)).await.unwrap();
    let server = Arc::new(Scripted {
        addr: listener.local_addr().unwrap(),
        seen: Mutex::new(Vec::new()),
        handler: Box::new(handler),
    });
    let app = Router::new()
        .fallback(handle)
        .with_state(Arc::clone(&server));
    tokio::spawn(async move {
        axum::serve(listener, app).await.unwrap();
    });
    server
}

async fn handle(State(server): State<Arc<Scripted>>, uri: Uri, headers: HeaderMap) -> Response {
    let target = uri
        .path_and_query()
        .map(|pq| pq.as_str().to_string())
        .unwrap_or_default();
    let nth = {
        let mut seen = server.seen.lock().unwrap();
        seen.push(Seen {
            at: Instant::now(),
            target: target.clone(),
            headers: headers.clone(),
        });
        seen.iter()
            .filter(|earlier| earlier.target == target)
            .count()
    };
    let request = Request {
        path: uri.path().to_string(),
        query: uri
            .query()
            .map(|query| {
                url::form_urlencoded::parse(query.as_bytes())
                    .into_owned()
                    .collect()
            })
            .unwrap_or_default(),
        headers,
        nth,
        base: server.base(),
    };
    match (server.handler)(&request) {
        Reply::Now(response) => response,
        Reply::After(delay, response) => {
            tokio::time::sleep(delay).await;
            response
        }
    }
}

/// robots.txt that allows everything.
pub(super) fn robots_allow_all() -> Response {
    "User-agent: *\nAllow: /\n".into_response()
}

pub(super) fn html(body: impl Into<Body>) -> Response {
    (
        [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
        body.into(),
    )
        .into_response()
}

pub(super) fn json(body: impl Into<Body>) -> Response {
    (
        [(header::CONTENT_TYPE, "application/json; charset=utf-8")],
        body.into(),
    )
        .into_response()
}

pub(super) fn atom(body: impl Into<Body>) -> Response {
    (
        [(header::CONTENT_TYPE, "application/atom+xml; charset=UTF-8")],
        body.into(),
    )
        .into_response()
}

pub(super) fn status(code: u16) -> Response {
    (
        StatusCode::from_u16(code).unwrap(),
        [(header::CONTENT_TYPE, "text/plain")],
        "error",
    )
        .into_response()
}

pub(super) fn not_found() -> Response {
    status(404)
}

/// The response with an `ETag`, or a bare 304 when the request's `If-None-Match` matches it.
pub(super) fn with_etag(
    request: &Request,
    etag: &str,
    fresh: impl FnOnce() -> Response,
) -> Response {
    if request.header("if-none-match") == Some(etag) {
        let mut response = StatusCode::NOT_MODIFIED.into_response();
        response
            .headers_mut()
            .insert(header::ETAG, HeaderValue::from_str(etag).unwrap());
        return response;
    }
    let mut response = fresh();
    response
        .headers_mut()
        .insert(header::ETAG, HeaderValue::from_str(etag).unwrap());
    response
}

/// A body that sends `head` and then breaks the connection.
pub(super) fn truncated(head: &'static [u8]) -> Response {
    let chunks: Vec<Result<Bytes, std::io::Error>> = vec![
        Ok(Bytes::from_static(head)),
        Err(std::io::Error::other("connection dropped")),
    ];
    (
        [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
        Body::from_stream(futures::stream::iter(chunks)),
    )
        .into_response()
}

/// `data` as a gzip member (stored deflate blocks: no compressor needed, any gzip reader
/// accepts it).
pub(super) fn gzip(data: &[u8]) -> Vec<u8> {
    let mut out = vec![0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff];
    let chunks: Vec<&[u8]> = if data.is_empty() {
        vec![&[]]
    } else {
        data.chunks(65_535).collect()
    };
    let last = chunks.len() - 1;
    for (index, chunk) in chunks.iter().enumerate() {
        out.push(u8::from(index == last));
        let length = chunk.len() as u16;
        out.extend_from_slice(&length.to_le_bytes());
        out.extend_from_slice(&(!length).to_le_bytes());
        out.extend_from_slice(chunk);
    }
    out.extend_from_slice(&crc32(data).to_le_bytes());
    out.extend_from_slice(&(data.len() as u32).to_le_bytes());
    out
}

fn crc32(data: &[u8]) -> u32 {
    let mut crc = 0xffff_ffffu32;
    for byte in data {
        crc ^= u32::from(*byte);
        for _ in 0..8 {
            let mask = (crc & 1).wrapping_neg();
            crc = (crc >> 1) ^ (0xedb8_8320 & mask);
        }
    }
    !crc
}

#[test]
fn crc32_matches_the_standard_check_value() {
    assert_eq!(crc32(b"123456789"), 0xcbf4_3926);
}
