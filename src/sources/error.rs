//! Source failures with messages that say what happened and what to do about it. Shown where
//! the data would have been; never with secrets in them.

use super::http::{FetchError, HttpResponse};

#[derive(Clone, Debug, PartialEq)]
pub enum SourceError {
    Unreachable {
        url: String,
        detail: String,
    },
    /// The browser refused to make the request at all.
    InvalidRequest {
        url: String,
        detail: String,
    },
    CorsRefused {
        url: String,
    },
    Timeout {
        url: String,
        after_ms: i64,
    },
    MixedContent {
        url: String,
    },
    TooLarge {
        url: String,
        limit: usize,
    },
    Unauthorized {
        url: String,
        status: u16,
    },
    RateLimited {
        url: String,
        retry_after_s: Option<u64>,
    },
    NotFound {
        url: String,
    },
    Http {
        url: String,
        status: u16,
        excerpt: String,
    },
    /// The API answered `status: error`.
    Api {
        error_type: String,
        error: String,
    },
    /// The body could not be read as what the source should return.
    Malformed {
        url: String,
        detail: String,
    },
    /// The request is not something this kind of source answers.
    Unsupported {
        kind: String,
        what: String,
    },
    /// A recorded source (snapshot) holds no answer to this query.
    NotRecorded {
        query: String,
        recorded: usize,
    },
    /// A newer load (config change, refresh) replaced the one this request belonged to.
    Cancelled,
    /// An answer pointed to another origin than the source's (a next page, a status URL):
    /// not followed, so the source's credentials never go there.
    OtherOrigin {
        url: String,
    },
    /// A request with the source's credentials was redirected; not followed.
    Redirected {
        url: String,
    },
}

impl std::error::Error for SourceError {}

impl std::fmt::Display for SourceError {
    /// The message, with every URL shown without its query string and fragment (they may carry
    /// tokens).
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut shown = self.clone();
        if let Some(url) = shown.url_mut() {
            let end = url.find(['?', '#']).unwrap_or(url.len());
            url.truncate(end);
        }
        shown.describe(f)
    }
}

impl SourceError {
    /// The URL the error is about, if it names one.
    fn url_mut(&mut self) -> Option<&mut String> {
        use SourceError::*;
        match self {
            Unreachable { url, .. }
            | InvalidRequest { url, .. }
            | CorsRefused { url }
            | Timeout { url, .. }
            | MixedContent { url }
            | TooLarge { url, .. }
            | Unauthorized { url, .. }
            | RateLimited { url, .. }
            | NotFound { url }
            | Http { url, .. }
            | Malformed { url, .. }
            | OtherOrigin { url }
            | Redirected { url } => Some(url),
            Api { .. } | Unsupported { .. } | NotRecorded { .. } | Cancelled => None,
        }
    }

    fn describe(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SourceError::Unreachable { url, detail } => write!(f, "Could not connect to {url} ({detail}): the connection was refused, the host is unknown or the network is down. Check the address and that the server is running."),
            SourceError::CorsRefused { url } => write!(
                f,
                "{url} answered, but the browser blocked the response (CORS): the server does not allow this page's origin. For Prometheus, start it with --web.cors.origin matching this page's origin (the default '.*' allows all). If Prometheus itself does basic auth, the browser's CORS preflight is refused: put a reverse proxy in front that answers OPTIONS."
            ),
            SourceError::Timeout { url, after_ms } => write!(f, "{url} did not answer within {}s; the request was cancelled. Raise the source's timeout or narrow the query.", after_ms / 1000),
            SourceError::InvalidRequest { url, detail } => write!(f, "The browser refused to make a request to {url} ({detail}). Check the URL and the header names and values of this source."),
            SourceError::MixedContent { url } => write!(f, "This page is served over https, so the browser blocks the plain-http URL {url} (mixed content). Serve the source over https, or open Headroom over http."),
            SourceError::TooLarge { url, limit } => write!(f, "The response from {url} exceeded {} MB and was dropped. Narrow the query or the range.", limit / (1024 * 1024)),
            SourceError::Unauthorized { url, status } => write!(f, "HTTP {status} from {url}: {}. Check the credential for this source in Sources.", if *status == 401 { "not authenticated" } else { "access denied" }),
            SourceError::RateLimited { url, retry_after_s } => match retry_after_s {
                Some(s) => write!(f, "HTTP 429 from {url}: rate limited; retry after {s}s."),
                None => write!(f, "HTTP 429 from {url}: rate limited; try again later."),
            },
            SourceError::NotFound { url } => write!(f, "HTTP 404: nothing at {url}. Check the source URL."),
            SourceError::Http { url, status, excerpt } => {
                write!(f, "HTTP {status} from {url}")?;
                if !excerpt.is_empty() {
                    write!(f, ": {excerpt}")?;
                }
                Ok(())
            }
            SourceError::Api { error_type, error } => write!(f, "The query failed ({error_type}): {error}"),
            SourceError::Malformed { url, detail } => write!(f, "{url} returned data Headroom cannot read: {detail}"),
            SourceError::Unsupported { kind, what } => write!(f, "A {kind} source cannot answer {what}."),
            SourceError::NotRecorded { query, recorded } => write!(f, "This snapshot holds no recording of `{query}`; it has {recorded} other queries."),
            SourceError::Cancelled => write!(f, "The load was replaced by a newer one before it finished."),
            SourceError::Redirected { url } => write!(f, "{url} answered with a redirect. Headroom does not follow redirects with this source's credentials (they could lead to another host): put the address it redirects to in the source's URL."),
            SourceError::OtherOrigin { url } => write!(f, "The answer pointed to {url}, on another origin than this source's; Headroom did not follow it, so the source's credentials were not sent there."),
        }
    }
}

impl SourceError {
    pub fn from_fetch(url: &str, e: FetchError) -> SourceError {
        let url = url.to_string();
        match e {
            FetchError::Network { detail } => SourceError::Unreachable { url, detail },
            FetchError::Cors { .. } => SourceError::CorsRefused { url },
            FetchError::Timeout { after_ms } => SourceError::Timeout { url, after_ms },
            FetchError::MixedContent => SourceError::MixedContent { url },
            FetchError::Invalid { detail } => SourceError::InvalidRequest { url, detail },
            FetchError::TooLarge { limit } => SourceError::TooLarge { url, limit },
            FetchError::Cancelled => SourceError::Cancelled,
            FetchError::Redirected => SourceError::Redirected { url },
        }
    }

    /// Whether retrying the same request soon could succeed (rate limits, gateway errors).
    /// Timeouts are not retried: the same query would most likely time out again.
    pub fn is_transient(&self) -> bool {
        match self {
            SourceError::RateLimited { .. } => true,
            SourceError::Http { status, .. } => matches!(status, 502..=504),
            _ => false,
        }
    }
}

/// Maps non-2xx statuses whose body is not a JSON API error to specific errors.
pub fn check_status(url: &str, resp: &HttpResponse) -> Result<(), SourceError> {
    let url = url.to_string();
    match resp.status {
        200..=299 => Ok(()),
        401 | 403 => Err(SourceError::Unauthorized {
            url,
            status: resp.status,
        }),
        404 => Err(SourceError::NotFound { url }),
        429 => Err(SourceError::RateLimited {
            url,
            retry_after_s: resp
                .header("retry-after")
                .and_then(|v| v.trim().parse().ok()),
        }),
        status => Err(SourceError::Http {
            url,
            status,
            excerpt: excerpt(&resp.body),
        }),
    }
}

/// The first 200 characters of a body as text, with HTML tags and runs of white space removed.
pub fn excerpt(body: &[u8]) -> String {
    let text = String::from_utf8_lossy(body.get(..4096).unwrap_or(body));
    let mut out = String::new();
    let mut in_tag = false;
    for c in text.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => {
                in_tag = false;
                out.push(' ');
            }
            _ if in_tag => {}
            c => out.push(c),
        }
    }
    let words: Vec<&str> = out.split_whitespace().collect();
    let joined = words.join(" ");
    if joined.chars().count() > 200 {
        format!("{}…", joined.chars().take(200).collect::<String>())
    } else {
        joined
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn resp(status: u16, body: &str, headers: &[(&str, &str)]) -> HttpResponse {
        HttpResponse {
            status,
            headers: headers
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
            body: body.as_bytes().to_vec(),
        }
    }

    #[test]
    fn statuses_become_specific_errors() {
        assert_eq!(check_status("u", &resp(200, "", &[])), Ok(()));
        assert_eq!(
            check_status("u", &resp(403, "", &[])),
            Err(SourceError::Unauthorized {
                url: "u".into(),
                status: 403
            })
        );
        assert_eq!(
            check_status("u", &resp(429, "", &[("Retry-After", "30")])),
            Err(SourceError::RateLimited {
                url: "u".into(),
                retry_after_s: Some(30)
            })
        );
        let e = check_status(
            "u",
            &resp(
                502,
                "<html><body><h1>502 Bad Gateway</h1>\n<p>nginx</p></body></html>",
                &[],
            ),
        )
        .unwrap_err();
        assert_eq!(e.to_string(), "HTTP 502 from u: 502 Bad Gateway nginx");
        assert!(e.is_transient());
    }

    #[test]
    fn excerpt_is_short() {
        let long = "x ".repeat(500);
        assert!(excerpt(long.as_bytes()).chars().count() <= 201);
    }
}
