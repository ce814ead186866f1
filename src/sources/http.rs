//! HTTP as adapters see it: plain request/response values and a [`Fetcher`] that performs
//! them. Also URL joining and the auth headers built from a source's config and secret.

use super::{LocalBoxFuture, Secret};
use crate::core::config::{AuthMode, SourceConfig};
use crate::core::time::parse_duration;

#[derive(Clone, Debug, PartialEq)]
pub struct HttpRequest {
    pub method: &'static str,
    pub url: String,
    pub headers: Vec<(String, String)>,
    /// Form-encoded body for POST.
    pub body: Option<String>,
    pub timeout_ms: i64,
    /// Responses larger than this are refused (bytes).
    pub max_bytes: usize,
}

#[derive(Clone, Debug, PartialEq, Default)]
pub struct HttpResponse {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl HttpResponse {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// Failures below HTTP: the request produced no status at all.
#[derive(Clone, Debug, PartialEq)]
pub enum FetchError {
    /// The browser reported a network error: refused, unknown host, or CORS (indistinguishable
    /// from script); `detail` is whatever the platform said.
    Network { detail: String },
    /// The server answered, but the browser withheld the response: the server does not allow
    /// this page's origin (CORS), or refused the preflight.
    Cors { detail: String },
    /// Aborted after the source's timeout.
    Timeout { after_ms: i64 },
    /// An https page asked for an http URL; the browser blocks that without trying.
    MixedContent,
    /// The body exceeded the size cap.
    TooLarge { limit: usize },
    /// The request could not even be made (a malformed URL, an invalid header name or value).
    Invalid { detail: String },
    /// Not sent: the load it belonged to was replaced (config change, refresh).
    Cancelled,
    /// A request carrying credentials was answered with a redirect, which was not followed.
    Redirected,
}

impl std::fmt::Display for FetchError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            FetchError::Network { detail } => write!(f, "network error ({detail})"),
            FetchError::Cors { detail } => write!(f, "response withheld by CORS ({detail})"),
            FetchError::Timeout { after_ms } => write!(f, "no answer within {after_ms} ms"),
            FetchError::MixedContent => {
                f.write_str("plain http from an https page (mixed content)")
            }
            FetchError::TooLarge { limit } => write!(f, "response larger than {limit} bytes"),
            FetchError::Invalid { detail } => write!(f, "the request could not be made ({detail})"),
            FetchError::Cancelled => f.write_str("not sent: the load was replaced"),
            FetchError::Redirected => f.write_str("redirect not followed with credentials"),
        }
    }
}

impl std::error::Error for FetchError {}

/// Performs HTTP requests. The app's implementation uses the browser's fetch with an
/// AbortController; native tests use a small blocking client.
pub trait Fetcher {
    fn fetch<'a>(
        &'a self,
        req: HttpRequest,
    ) -> LocalBoxFuture<'a, Result<HttpResponse, FetchError>>;
    /// The page's origin scheme (`https:` pages cannot fetch `http:` URLs).
    fn page_is_https(&self) -> bool {
        false
    }
}

pub const DEFAULT_TIMEOUT_MS: i64 = 30_000;
/// The largest answer a source may send (bytes). A body is held in JS while it arrives, then
/// once in Wasm memory, which never shrinks: a 30 MB exposition file of 300,000 series took
/// 58 MB of it once parsed (the body is where its series keys are kept), before any view.
/// Prometheus answers stay far below the cap (ranges are split at 11,000 points per series); a
/// larger answer means a query or file to narrow or split. (At 64 MB a 60 MB answer was
/// accepted and froze the page 0.7 s per request.)
pub const DEFAULT_MAX_BYTES: usize = 32 * 1024 * 1024;

/// URLs of files the user opened in this tab (`local:metrics.txt`): the browser fetcher
/// serves them from memory.
pub const LOCAL_SCHEME: &str = "local:";

/// Joins a source URL (absolute or page-relative) and a path.
pub fn join(base_url: &str, source_url: &str, path: &str) -> String {
    let root = if source_url.contains("://")
        || source_url.starts_with('/')
        || source_url.starts_with(LOCAL_SCHEME)
        || base_url.is_empty()
    {
        source_url.to_string()
    } else {
        format!(
            "{}/{}",
            base_url.trim_end_matches('/'),
            source_url.trim_start_matches("./")
        )
    };
    if path.is_empty() {
        return root;
    }
    format!(
        "{}/{}",
        root.trim_end_matches('/'),
        path.trim_start_matches('/')
    )
}

pub use crate::core::url::origin;

/// A GET request for `url` with the source's headers, auth and timeout.
pub fn get(source: &SourceConfig, secret: &Secret, url: String) -> HttpRequest {
    let mut headers: Vec<(String, String)> = source
        .headers
        .iter()
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    if let Some(value) = auth_header(source, secret) {
        headers.push(("Authorization".into(), value));
    }
    let timeout_ms = source
        .timeout
        .as_deref()
        .and_then(|t| parse_duration(t).ok())
        .unwrap_or(DEFAULT_TIMEOUT_MS);
    HttpRequest {
        method: "GET",
        url,
        headers,
        body: None,
        timeout_ms,
        max_bytes: DEFAULT_MAX_BYTES,
    }
}

fn auth_header(source: &SourceConfig, secret: &Secret) -> Option<String> {
    let s = secret.0.as_deref().filter(|s| !s.is_empty())?;
    match source.auth.mode {
        AuthMode::None => None,
        AuthMode::Bearer => Some(format!("Bearer {s}")),
        AuthMode::Basic => Some(format!(
            "Basic {}",
            base64(&format!(
                "{}:{s}",
                source.auth.username.as_deref().unwrap_or("")
            ))
        )),
    }
}

fn base64(input: &str) -> String {
    const T: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let b = input.as_bytes();
    let mut out = String::new();
    for chunk in b.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |acc, (i, &x)| acc | (x as u32) << (16 - 8 * i));
        for i in 0..4 {
            if i <= chunk.len() {
                // Six bits: always in the table.
                let sextet = T.get(((n >> (18 - 6 * i)) & 63) as usize);
                out.push(sextet.copied().map_or('=', char::from));
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// `application/x-www-form-urlencoded` encoding of key/value pairs (the WHATWG serializer:
/// `*-._` and alphanumerics kept, space as `+`, every other byte `%XX`).
pub fn form(pairs: &[(&str, &str)]) -> String {
    fn enc(s: &str) -> String {
        let mut out = String::with_capacity(s.len());
        for b in s.bytes() {
            match b {
                b' ' => out.push('+'),
                b if b.is_ascii_alphanumeric() || b"*-._".contains(&b) => out.push(b as char),
                b => out.push_str(&format!("%{b:02X}")),
            }
        }
        out
    }
    pairs
        .iter()
        .map(|(k, v)| format!("{}={}", enc(k), enc(v)))
        .collect::<Vec<_>>()
        .join("&")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::config::AuthConfig;

    fn src(mode: AuthMode) -> SourceConfig {
        SourceConfig {
            name: "p".into(),
            kind: "prometheus".into(),
            url: "http://h:9090".into(),
            auth: AuthConfig {
                mode,
                username: Some("ann".into()),
            },
            headers: [("X-Scope-OrgID".to_string(), "acme".to_string())].into(),
            timeout: Some("5s".into()),
        }
    }

    #[test]
    fn form_encoding_is_the_whatwg_serializer() {
        assert_eq!(
            form(&[("query", "sum(rate(x{a=\"b c\"}[5m]))+1"), ("t", "~é")]),
            "query=sum%28rate%28x%7Ba%3D%22b+c%22%7D%5B5m%5D%29%29%2B1&t=%7E%C3%A9"
        );
    }

    #[test]
    fn joins_relative_and_absolute() {
        assert_eq!(
            join("http://x/app/", "demo/prom", "index.json"),
            "http://x/app/demo/prom/index.json"
        );
        assert_eq!(
            join("http://x/app/", "http://h:9090/", "/api/v1/query"),
            "http://h:9090/api/v1/query"
        );
        assert_eq!(join("http://x/app/", "./a.json", ""), "http://x/app/a.json");
        assert_eq!(
            join("http://x/app/", "local:metrics.txt", ""),
            "local:metrics.txt"
        );
    }

    #[test]
    fn auth_headers_per_mode() {
        let secret = Secret(Some("s3cret".into()));
        let r = get(&src(AuthMode::Bearer), &secret, "u".into());
        assert!(r
            .headers
            .contains(&("Authorization".into(), "Bearer s3cret".into())));
        assert!(r.headers.contains(&("X-Scope-OrgID".into(), "acme".into())));
        assert_eq!(r.timeout_ms, 5000);
        let r = get(&src(AuthMode::Basic), &secret, "u".into());
        assert!(r
            .headers
            .contains(&("Authorization".into(), "Basic YW5uOnMzY3JldA==".into())));
        let r = get(&src(AuthMode::None), &secret, "u".into());
        assert_eq!(r.headers.len(), 1);
    }

    #[test]
    fn base64_padding() {
        assert_eq!(base64("a"), "YQ==");
        assert_eq!(base64("ab"), "YWI=");
        assert_eq!(base64("abc"), "YWJj");
    }
}
