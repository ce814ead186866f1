//! The GitHub adapter's tests: workflow runs and their times, Link headers, and a next page on
//! another origin not followed (nor sent the token).
use super::*;

#[test]
fn link_headers() {
    let l = "<https://api.github.com/repositories/1/actions/runs?page=2>; rel=\"next\", <https://api.github.com/repositories/1/actions/runs?page=5>; rel=\"last\"";
    assert_eq!(
        next_link(l).as_deref(),
        Some("https://api.github.com/repositories/1/actions/runs?page=2")
    );
    assert_eq!(next_link("<x>; rel=\"prev\""), None);
    // Hostile headers: '>' before '<', nothing closed, non-ASCII around the brackets.
    assert_eq!(next_link("x>y<z; rel=\"next\""), None);
    assert_eq!(next_link("<é; rel=\"next\""), None);
    assert_eq!(next_link("é<ü>é; rel=\"next\"").as_deref(), Some("ü"));
}

/// Answers every GET with one page of runs whose `Link` points to `next`; records URLs.
struct OnePage {
    next: String,
    asked: std::cell::RefCell<Vec<(String, bool)>>,
}

impl crate::sources::Fetcher for OnePage {
    fn fetch<'a>(
        &'a self,
        req: crate::sources::HttpRequest,
    ) -> LocalBoxFuture<'a, Result<HttpResponse, crate::sources::http::FetchError>> {
        let token = req.headers.iter().any(|(k, _)| k == "Authorization");
        self.asked.borrow_mut().push((req.url, token));
        let link = format!("<{}>; rel=\"next\"", self.next);
        Box::pin(async move {
            Ok(HttpResponse {
                status: 200,
                headers: vec![("Link".into(), link)],
                body: br#"{"total_count":0,"workflow_runs":[]}"#.to_vec(),
            })
        })
    }
}

#[test]
fn next_pages_on_another_origin_are_not_followed() {
    let src = crate::core::config::SourceConfig {
        name: "gh".into(),
        kind: "github-actions".into(),
        url: "https://api.github.com/repos/a/b/actions/runs".into(),
        auth: crate::core::config::AuthConfig {
            mode: crate::core::config::AuthMode::Bearer,
            username: None,
        },
        headers: Default::default(),
        timeout: None,
    };
    let secret = crate::sources::Secret(Some("t0ken".into()));
    let f = OnePage {
        next: "https://evil.example/steal?page=2".into(),
        asked: Default::default(),
    };
    let cx = Context::new(&src, &secret, &f, "https://app.example/");
    let e = crate::sources::block_on(GithubActions.load(&cx, &Request::Runs)).unwrap_err();
    assert_eq!(
        e,
        SourceError::OtherOrigin {
            url: "https://evil.example/steal?page=2".into()
        }
    );
    assert_eq!(e.to_string(), "The answer pointed to https://evil.example/steal, on another origin than this source's; Headroom did not follow it, so the source's credentials were not sent there.");
    assert_eq!(
        *f.asked.borrow(),
        vec![(
            "https://api.github.com/repos/a/b/actions/runs".to_string(),
            true
        )]
    );
}

#[test]
fn rfc3339() {
    assert_eq!(
        parse_rfc3339("2023-11-14T22:13:20Z"),
        Some(1_700_000_000_000)
    );
    assert_eq!(
        parse_rfc3339("2023-11-14T23:13:20.5+01:00"),
        Some(1_700_000_000_500)
    );
    assert_eq!(parse_rfc3339("2023-11-14"), None);
    // Offsets with multi-byte characters where digits belong: no time, no panic.
    assert_eq!(parse_rfc3339("2023-11-14T22:13:20+0é00"), None);
    assert_eq!(parse_rfc3339("2023-11-14T22:13:20+é:00"), None);
    assert_eq!(parse_rfc3339("2023-11-14T22:13:20+01é0"), None);
    assert_eq!(parse_rfc3339("2023-11-14T22:13:20.é+01:00"), None);
}

#[test]
fn numbers_that_are_not_times() {
    use crate::core::time::parse_time;
    for s in ["NaN", "nan", "inf", "-inf", "1e300", "-1e300", "1e20"] {
        assert_eq!(parse_time(s), None, "{s}");
    }
    assert_eq!(parse_time("1700000000"), Some(1_700_000_000_000));
    assert_eq!(parse_time("1700000000000"), Some(1_700_000_000_000));
}

#[test]
fn runs_with_durations() {
    let body = br#"{"total_count":1,"workflow_runs":[{"id":1,"name":"ci","head_branch":"main","event":"push","status":"completed","conclusion":"failure","created_at":"2023-11-14T22:13:20Z","run_started_at":"2023-11-14T22:14:20Z","updated_at":"2023-11-14T22:20:20Z","html_url":"h","repository":{"full_name":"acme/cart"}}]}"#;
    let r = parse(body).unwrap();
    assert_eq!((r[0].queue_ms(), r[0].duration_ms()), (60_000, 360_000));
    assert_eq!(
        (r[0].repo.as_str(), r[0].conclusion.as_str()),
        ("acme/cart", "failure")
    );
    assert!(
        parse(br#"{"workflow_runs":[{"created_at":"x","updated_at":"y"}]}"#)
            .unwrap_err()
            .contains("workflow_runs[0]")
    );
}
