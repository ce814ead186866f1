//! Test support: a blocking HTTP/1.1 client behind the adapters' `Fetcher` interface (so the
//! real adapters talk to the real Prometheus natively), and where to find that Prometheus.

#![allow(dead_code)]

pub mod slos;

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::Duration;

use headroom::core::config::SourceConfig;
use headroom::sources::http::{FetchError, Fetcher, HttpRequest, HttpResponse};
use headroom::sources::{
    block_on, prometheus::Prometheus, Adapter, Context, LocalBoxFuture, Payload, Request, Secret,
    SourceError,
};

pub struct TcpFetcher;

impl Fetcher for TcpFetcher {
    fn fetch<'a>(
        &'a self,
        req: HttpRequest,
    ) -> LocalBoxFuture<'a, Result<HttpResponse, FetchError>> {
        Box::pin(async move { send(&req) })
    }
}

fn send(req: &HttpRequest) -> Result<HttpResponse, FetchError> {
    let rest = req
        .url
        .strip_prefix("http://")
        .ok_or_else(|| FetchError::Network {
            detail: format!("only http:// in tests: {}", req.url),
        })?;
    let (host, path) = rest
        .split_once('/')
        .map(|(h, p)| (h, format!("/{p}")))
        .unwrap_or((rest, "/".into()));
    let mut s = TcpStream::connect(host).map_err(|e| FetchError::Network {
        detail: e.to_string(),
    })?;
    s.set_read_timeout(Some(Duration::from_millis(req.timeout_ms as u64)))
        .ok();
    let mut head = format!(
        "{} {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\nAccept: application/json\r\n",
        req.method
    );
    for (k, v) in &req.headers {
        head.push_str(&format!("{k}: {v}\r\n"));
    }
    if let Some(b) = &req.body {
        head.push_str(&format!("Content-Length: {}\r\n", b.len()));
    }
    head.push_str("\r\n");
    s.write_all(head.as_bytes())
        .map_err(|e| FetchError::Network {
            detail: e.to_string(),
        })?;
    if let Some(b) = &req.body {
        s.write_all(b.as_bytes()).map_err(|e| FetchError::Network {
            detail: e.to_string(),
        })?;
    }
    let mut raw = Vec::new();
    s.read_to_end(&mut raw).map_err(|e| {
        if e.kind() == std::io::ErrorKind::WouldBlock {
            FetchError::Timeout {
                after_ms: req.timeout_ms,
            }
        } else {
            FetchError::Network {
                detail: e.to_string(),
            }
        }
    })?;
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .ok_or(FetchError::Network {
            detail: "no HTTP header".into(),
        })?;
    let head = String::from_utf8_lossy(&raw[..split]).to_string();
    let mut body = raw[split + 4..].to_vec();
    let mut lines = head.lines();
    let status: u16 = lines
        .next()
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|c| c.parse().ok())
        .unwrap_or(0);
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))
        .collect();
    if headers
        .iter()
        .any(|(k, v)| k.eq_ignore_ascii_case("transfer-encoding") && v.contains("chunked"))
    {
        body = dechunk(&body);
    }
    if body.len() > req.max_bytes {
        return Err(FetchError::TooLarge {
            limit: req.max_bytes,
        });
    }
    Ok(HttpResponse {
        status,
        headers,
        body,
    })
}

fn dechunk(mut b: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    while let Some(eol) = b.windows(2).position(|w| w == b"\r\n") {
        let size = usize::from_str_radix(
            String::from_utf8_lossy(&b[..eol])
                .split(';')
                .next()
                .unwrap_or("0")
                .trim(),
            16,
        )
        .unwrap_or(0);
        if size == 0 {
            break;
        }
        let start = eol + 2;
        out.extend_from_slice(&b[start..start + size]);
        b = &b[start + size + 2..];
    }
    out
}

/// The test Prometheus started by `tests/prometheus/up.sh` (via `make test`): its URL from
/// `HEADROOM_PROM_URL` or `target/prom/url`, waiting while it is still being prepared.
pub fn prometheus_url() -> String {
    if let Ok(u) = std::env::var("HEADROOM_PROM_URL") {
        return u;
    }
    let file = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("target/prom/url");
    for _ in 0..600 {
        if let Ok(u) = std::fs::read_to_string(&file) {
            return u.trim().to_string();
        }
        std::thread::sleep(Duration::from_millis(500));
    }
    panic!("no test Prometheus: run `make test`, or `tests/prometheus/up.sh target/prom` first");
}

/// `curl -s URL` — the independent reference client.
pub fn curl(url: &str) -> serde_json::Value {
    let out = std::process::Command::new("curl")
        .args(["-s", "--max-time", "60", url])
        .output()
        .expect("curl is installed");
    assert!(out.status.success(), "curl {url} failed");
    serde_json::from_slice(&out.stdout).expect("Prometheus answers JSON")
}

/// The test Prometheus as a source.
pub fn prom_source(url: &str) -> SourceConfig {
    SourceConfig {
        name: "test-prom".into(),
        kind: "prometheus".into(),
        url: url.into(),
        auth: Default::default(),
        headers: Default::default(),
        timeout: Some("60s".into()),
    }
}

/// One request to the test Prometheus through the real adapter.
pub fn prom_load(req: Request) -> Result<Payload, SourceError> {
    let url = prometheus_url();
    let src = prom_source(&url);
    let secret = Secret::default();
    let cx = Context::new(&src, &secret, &TcpFetcher, "");
    block_on(Prometheus.load(&cx, &req))
}
