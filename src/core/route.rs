//! URL-state codec: the view and its parameters live in the URL fragment
//! (`#/slos/checkout-availability?range=7d`), so any static server at any sub-path can serve
//! the app and a copied link reopens the same view. Secrets never enter the URL.

use std::collections::BTreeMap;

/// The sections and their detail pages.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum View {
    Overview,
    Slos,
    Slo(String),
    SloEditor,
    Inventory,
    Service(String),
    Reports,
    /// DORA and CI health.
    Delivery,
    Explore,
    Sources,
    /// A page without the app's chrome, for iframes (`#/embed/…`).
    Embed(Embed),
    NotFound(String),
}

/// What an embed route shows: one panel of one SLO, the SLO table, or the overview.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Embed {
    Slo {
        name: String,
        panel: Panel,
    },
    Slos,
    Overview,
    /// `#/embed/…` naming nothing we embed (shown as a message inside the frame).
    Unknown(String),
}

/// One SLO's embeddable panels (`#/embed/slo/<name>/<panel>`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Panel {
    /// The tiles: objective, attainment, budget left, burn rate, status.
    Card,
    /// The burn-rate chart with the alert-tier thresholds.
    Burn,
    /// The error-budget burn-down chart.
    Budget,
    /// The SLI-per-day chart.
    Sli,
    /// The SVG status badge.
    Badge,
}

impl Panel {
    pub const ALL: [Panel; 5] = [
        Panel::Card,
        Panel::Burn,
        Panel::Budget,
        Panel::Sli,
        Panel::Badge,
    ];

    /// The path segment naming the panel.
    pub fn key(self) -> &'static str {
        match self {
            Panel::Card => "card",
            Panel::Burn => "burn",
            Panel::Budget => "budget",
            Panel::Sli => "sli",
            Panel::Badge => "badge",
        }
    }

    pub fn parse(key: &str) -> Option<Panel> {
        Panel::ALL.into_iter().find(|p| p.key() == key)
    }
}

impl View {
    /// The top-level section a view belongs to (for highlighting navigation).
    pub fn section(&self) -> &'static str {
        match self {
            View::Overview | View::NotFound(_) => "overview",
            View::Slos | View::Slo(_) | View::SloEditor => "slos",
            View::Inventory | View::Service(_) => "inventory",
            View::Reports => "reports",
            View::Delivery => "delivery",
            View::Explore => "explore",
            View::Sources => "sources",
            View::Embed(_) => "embed",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Route {
    pub view: View,
    pub params: BTreeMap<String, String>,
}

impl Route {
    pub fn new(view: View) -> Route {
        Route {
            view,
            params: BTreeMap::new(),
        }
    }

    pub fn with(mut self, key: &str, value: &str) -> Route {
        if value.is_empty() {
            self.params.remove(key);
        } else {
            self.params.insert(key.to_string(), value.to_string());
        }
        self
    }

    pub fn param(&self, key: &str) -> Option<&str> {
        self.params.get(key).map(String::as_str)
    }
}

/// Parses `location.hash` (with or without the leading `#`).
pub fn parse_hash(hash: &str) -> Route {
    let h = hash.strip_prefix('#').unwrap_or(hash);
    let (path, query) = h.split_once('?').unwrap_or((h, ""));
    let segs: Vec<String> = path
        .split('/')
        .filter(|s| !s.is_empty())
        .map(decode_segment)
        .collect();
    let view = match segs
        .iter()
        .map(String::as_str)
        .collect::<Vec<_>>()
        .as_slice()
    {
        [] | ["overview"] => View::Overview,
        ["slos"] => View::Slos,
        ["slo-editor"] => View::SloEditor,
        ["slos", name] => View::Slo(name.to_string()),
        ["inventory"] => View::Inventory,
        ["inventory", name] => View::Service(name.to_string()),
        ["reports"] => View::Reports,
        ["delivery"] => View::Delivery,
        ["explore"] => View::Explore,
        ["sources"] => View::Sources,
        ["embed", "slos"] => View::Embed(Embed::Slos),
        ["embed", "overview"] => View::Embed(Embed::Overview),
        // A bare SLO embed shows its card.
        ["embed", "slo", name] => View::Embed(Embed::Slo {
            name: name.to_string(),
            panel: Panel::Card,
        }),
        ["embed", "slo", name, panel] => View::Embed(match Panel::parse(panel) {
            Some(panel) => Embed::Slo {
                name: name.to_string(),
                panel,
            },
            None => Embed::Unknown(path.to_string()),
        }),
        ["embed", ..] => View::Embed(Embed::Unknown(path.to_string())),
        _ => View::NotFound(path.to_string()),
    };
    let params = query
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            (decode(k), decode(v))
        })
        .collect();
    Route { view, params }
}

/// Encodes a route as a fragment, `#/…?…`, parameters in stable (sorted) order.
pub fn to_hash(route: &Route) -> String {
    let path = match &route.view {
        View::Overview => "/".to_string(),
        View::Slos => "/slos".into(),
        View::Slo(n) => format!("/slos/{}", encode(n)),
        View::SloEditor => "/slo-editor".into(),
        View::Inventory => "/inventory".into(),
        View::Service(n) => format!("/inventory/{}", encode(n)),
        View::Reports => "/reports".into(),
        View::Delivery => "/delivery".into(),
        View::Explore => "/explore".into(),
        View::Sources => "/sources".into(),
        View::Embed(Embed::Slo { name, panel }) => {
            format!("/embed/slo/{}/{}", encode(name), panel.key())
        }
        View::Embed(Embed::Slos) => "/embed/slos".into(),
        View::Embed(Embed::Overview) => "/embed/overview".into(),
        View::Embed(Embed::Unknown(p)) | View::NotFound(p) => p.clone(),
    };
    let mut out = format!("#{path}");
    let q: Vec<String> = route
        .params
        .iter()
        .map(|(k, v)| format!("{}={}", encode(k), encode(v)))
        .collect();
    if !q.is_empty() {
        out.push('?');
        out.push_str(&q.join("&"));
    }
    out
}

/// Percent-encodes everything but unreserved characters (RFC 3986).
pub fn encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Decodes percent-escapes and `+`; invalid escapes are kept literally.
pub fn decode(s: &str) -> String {
    percent_decode(s, true)
}

/// A path segment: percent-escapes only (`+` is a plus sign in paths, e.g. `c++-build`).
pub fn decode_segment(s: &str) -> String {
    percent_decode(s, false)
}

fn percent_decode(s: &str, plus_is_space: bool) -> String {
    let mut rest = s.as_bytes();
    let mut out = Vec::with_capacity(rest.len());
    while let Some((&c, tail)) = rest.split_first() {
        rest = tail;
        match (c, tail) {
            (b'%', [hi, lo, after @ ..]) => {
                let hex = std::str::from_utf8(&[*hi, *lo])
                    .ok()
                    .and_then(|h| u8::from_str_radix(h, 16).ok());
                match hex {
                    Some(v) => {
                        out.push(v);
                        rest = after;
                    }
                    None => out.push(b'%'),
                }
            }
            (b'+', _) if plus_is_space => out.push(b' '),
            _ => out.push(c),
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_views_and_params() {
        assert_eq!(parse_hash("").view, View::Overview);
        assert_eq!(parse_hash("#/").view, View::Overview);
        assert_eq!(parse_hash("#/slos").view, View::Slos);
        assert_eq!(parse_hash("#/explore?q=up").view, View::Explore);
        let r = parse_hash("#/slos/checkout%20avail?range=7d&team=pay%26ments");
        assert_eq!(r.view, View::Slo("checkout avail".into()));
        assert_eq!(r.param("range"), Some("7d"));
        assert_eq!(r.param("team"), Some("pay&ments"));
        assert_eq!(
            parse_hash("#/nope/x").view,
            View::NotFound("/nope/x".into())
        );
    }

    #[test]
    fn round_trips_hostile_values() {
        let r = Route::new(View::Service("a/b?c#d é".into()))
            .with("q", "x=1&y=<script>")
            .with("empty", "");
        let h = to_hash(&r);
        assert!(!h.get(1..).unwrap().contains('#') && !h.contains('<'));
        assert_eq!(parse_hash(&h), r);
    }

    #[test]
    fn parses_and_round_trips_embeds() {
        let burn = parse_hash("#/embed/slo/checkout%2Favail/burn?range=7d");
        assert_eq!(
            burn.view,
            View::Embed(Embed::Slo {
                name: "checkout/avail".into(),
                panel: Panel::Burn
            })
        );
        assert_eq!(parse_hash(&to_hash(&burn)), burn);
        for panel in Panel::ALL {
            let r = Route::new(View::Embed(Embed::Slo {
                name: "a b".into(),
                panel,
            }));
            assert_eq!(parse_hash(&to_hash(&r)), r);
        }
        assert_eq!(
            parse_hash("#/embed/slo/x").view,
            View::Embed(Embed::Slo {
                name: "x".into(),
                panel: Panel::Card
            })
        );
        let slos = parse_hash("#/embed/slos?team=payments");
        assert_eq!(slos.view, View::Embed(Embed::Slos));
        assert_eq!(slos.param("team"), Some("payments"));
        assert_eq!(
            parse_hash("#/embed/overview").view,
            View::Embed(Embed::Overview)
        );
        assert_eq!(
            parse_hash("#/embed/slo/x/pie").view,
            View::Embed(Embed::Unknown("/embed/slo/x/pie".into()))
        );
        assert_eq!(
            parse_hash("#/embed").view,
            View::Embed(Embed::Unknown("/embed".into()))
        );
        assert_eq!(parse_hash("#/embed/slos").view.section(), "embed");
    }

    #[test]
    fn decode_tolerates_broken_escapes() {
        assert_eq!(decode("100%"), "100%");
        assert_eq!(decode("%zz"), "%zz");
        assert_eq!(decode("%E2%9C%93"), "✓");
        assert_eq!(
            parse_hash("#/slos/c++-build?q=a+b").view,
            View::Slo("c++-build".into())
        );
        assert_eq!(parse_hash("#/slos/c++-build?q=a+b").param("q"), Some("a b"));
    }
}
