//! URL facts the trust rules need: the origin a URL belongs to (where a kept secret may go),
//! and which origins a config will make the browser contact.

use super::config::Config;

/// The origin of an absolute http(s) URL — `scheme://host[:port]`, lower-cased, default port
/// dropped — which is what a kept secret is bound to. Parsed as browsers do (a `\\` ends the
/// host like `/`; user info before `@` is not the host). `None` for anything else.
pub fn origin(url: &str) -> Option<String> {
    let (scheme, rest) = url.trim().split_once("://")?;
    let scheme = scheme.to_ascii_lowercase();
    let default_port = match scheme.as_str() {
        "https" => ":443",
        "http" => ":80",
        _ => return None,
    };
    let authority = rest.split(['/', '\\', '?', '#']).next().unwrap_or("");
    let host = authority
        .rsplit_once('@')
        .map_or(authority, |(_, h)| h)
        .to_ascii_lowercase();
    let host = host.strip_suffix(default_port).unwrap_or(&host);
    if host.is_empty() || host.starts_with(':') {
        return None;
    }
    Some(format!("{scheme}://{host}"))
}

/// The origin of a page-relative or absolute URL, resolved against the page's directory.
/// Resolved as browsers do: `//host/x` (or `\\\\host/x`) takes the page's scheme, `/x` and `x`
/// stay on the page's origin, other schemes (`local:`, `data:`) have none.
pub fn origin_on_page(url: &str, page_base: &str) -> Option<String> {
    let u = url.trim().replace('\\', "/");
    if let Some(rest) = u.strip_prefix("//") {
        let (scheme, _) = page_base.split_once("://")?;
        return origin(&format!("{scheme}://{rest}"));
    }
    let scheme = u.split_once(':').map(|(s, _)| s).filter(|s| {
        !s.is_empty()
            && s.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"+-.".contains(&b))
    });
    match scheme {
        Some(_) => origin(&u),
        None => origin(page_base),
    }
}

/// Whether a `?config=` address may be loaded without asking the user: it is on the page's own
/// origin, or the page's own config lists its origin in `config_origins`.
pub fn config_is_trusted(config_url: &str, page_base: &str, approved: &[String]) -> bool {
    match (origin_on_page(config_url, page_base), origin(page_base)) {
        (Some(c), Some(page)) => {
            c == page
                || approved
                    .iter()
                    .any(|a| origin(a).as_deref() == Some(c.as_str()))
        }
        // A page not on http(s) (file:) has no origin to compare: ask.
        _ => false,
    }
}

/// The origins a config makes the browser contact (its sources and definition files), sorted;
/// files opened in the tab are not contacted.
pub fn contacted_origins(cfg: &Config, page_base: &str) -> Vec<String> {
    let urls = cfg
        .sources
        .iter()
        .map(|s| s.url.as_str())
        .chain(cfg.slo_files.iter().map(|f| f.url.as_str()));
    let mut out: Vec<String> = urls.filter_map(|u| origin_on_page(u, page_base)).collect();
    out.sort();
    out.dedup();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn origins_as_browsers_see_them() {
        assert_eq!(
            origin("https://Prom.example:443/api/v1"),
            Some("https://prom.example".into())
        );
        assert_eq!(
            origin("http://prom.example:9090"),
            Some("http://prom.example:9090".into())
        );
        assert_eq!(
            origin("http://evil.example\\@prom.example/"),
            Some("http://evil.example".into())
        );
        assert_eq!(
            origin("https://user:pw@prom.example/x"),
            Some("https://prom.example".into())
        );
        assert_eq!(
            origin("http://[::1]:9090/"),
            Some("http://[::1]:9090".into())
        );
        assert_eq!(origin("local:metrics.txt"), None);
        assert_eq!(origin("demo/prom"), None);
        assert_eq!(origin("ftp://h/"), None);
    }

    #[test]
    fn configs_from_other_origins_need_consent() {
        let page = "https://tools.acme.example/headroom/";
        assert!(config_is_trusted("team.json", page, &[]));
        assert!(config_is_trusted(
            "https://tools.acme.example/x/team.json",
            page,
            &[]
        ));
        assert!(!config_is_trusted(
            "https://elsewhere.example/evil.json",
            page,
            &[]
        ));
        for sneaky in [
            "//elsewhere.example/evil.json",
            "\\\\elsewhere.example/evil.json",
            "/\\elsewhere.example/x",
            "data:application/json,{}",
            "HTTPS://elsewhere.example/x",
        ] {
            assert!(!config_is_trusted(sneaky, page, &[]), "{sneaky}");
        }
        assert_eq!(
            origin_on_page("//elsewhere.example/x", page).as_deref(),
            Some("https://elsewhere.example")
        );
        assert!(config_is_trusted("/other/team.json", page, &[]));
        assert!(config_is_trusted(
            "https://configs.acme.example/a.json",
            page,
            &["https://configs.acme.example".into()]
        ));
        assert!(!config_is_trusted(
            "http://configs.acme.example/a.json",
            page,
            &["https://configs.acme.example".into()]
        ));
        assert!(!config_is_trusted(
            "team.json",
            "file:///tmp/index.html",
            &[]
        ));
        let cfg: Config = serde_json::from_str(r#"{"sources":[{"name":"a","kind":"prometheus","url":"https://prom.example:9090"},{"name":"b","kind":"kubernetes","url":"demo/k8s.json"},{"name":"c","kind":"prometheus","url":"https://prom.example:9090/other"}]}"#).unwrap();
        assert_eq!(
            contacted_origins(&cfg, page),
            ["https://prom.example:9090", "https://tools.acme.example"]
        );
    }
}
