//! The inventory's entity table as data: columns (built-in fields or any label), free-text
//! search, facet filters with counts, sorting and grouping — pure functions over indices, so
//! 10,000+ rows stay fast and the UI only renders what is visible.

use std::borrow::Cow;
use std::collections::BTreeMap;

use super::inventory::Entity;

mod column;
mod index;
pub use column::Column;
pub use index::{EntityIndex, IndexBuilder, Selection};

/// Facet counts: column → (value, rows), most frequent first.
pub type Counts = BTreeMap<String, Vec<(String, usize)>>;

/// Built-in columns; any other column is `label:<key>`.
pub const COLUMNS: [&str; 14] = [
    "kind",
    "name",
    "namespace",
    "service",
    "owner",
    "system",
    "lifecycle",
    "environment",
    "cluster",
    "version",
    "image",
    "replicas",
    "health",
    "source",
];

/// Columns offered as facets.
pub const FACETS: [&str; 9] = [
    "kind",
    "owner",
    "lifecycle",
    "environment",
    "cluster",
    "version",
    "health",
    "source",
    "namespace",
];

/// The text of one cell.
pub fn cell(e: &Entity, col: &str) -> String {
    cell_ref(e, col).into_owned()
}

/// The text of one cell, borrowed when the entity holds it as is.
pub fn cell_ref<'a>(e: &'a Entity, col: &str) -> Cow<'a, str> {
    Field::of(col).read(e)
}

/// An entity's row as HTML (`<tr class="entity-row vrow">` with a `<td title="…">…</td>` per
/// column), every value escaped, appended to `out`: the table parses the rows a change brings
/// into view in one step (`web::rows`). The cells cut long values themselves (CSS): a `<span>`
/// in each, cut as an inline block, made laying the rows out a third slower.
pub fn push_row_html(out: &mut String, e: &Entity, cols: &[String]) {
    let mut text = String::new();
    out.push_str("<tr class=\"entity-row vrow\">");
    for col in cols {
        text.clear();
        super::text::push_escaped(&mut text, &Field::of(col).read(e));
        out.push_str("<td title=\"");
        out.push_str(&text);
        out.push_str("\">");
        out.push_str(&text);
        out.push_str("</td>");
    }
    out.push_str("</tr>");
}

/// A group's header row as HTML: its value (as shown) and its number of rows, across `span`
/// columns.
pub fn push_group_row_html(out: &mut String, value: &str, rows: usize, span: usize) {
    out.push_str("<tr class=\"group-row vrow\"><td colspan=\"");
    out.push_str(&span.to_string());
    out.push_str("\"><b>");
    super::text::push_escaped(out, value);
    out.push_str("</b> · ");
    out.push_str(&rows.to_string());
    out.push_str("</td></tr>");
}

/// A column resolved once (which field, or which label, it reads), so reading it for every
/// row does not compare the column's name with every field's.
#[derive(Clone, Copy, Debug)]
enum Field<'c> {
    Kind,
    Name,
    Namespace,
    Service,
    Owner,
    System,
    Lifecycle,
    Environment,
    Cluster,
    Version,
    Image,
    Replicas,
    Health,
    Source,
    Label(&'c str),
    Nothing,
}

impl<'c> Field<'c> {
    fn of(col: &'c str) -> Field<'c> {
        match col {
            "kind" => Field::Kind,
            "name" => Field::Name,
            "namespace" => Field::Namespace,
            "service" => Field::Service,
            "owner" => Field::Owner,
            "system" => Field::System,
            "lifecycle" => Field::Lifecycle,
            "environment" => Field::Environment,
            "cluster" => Field::Cluster,
            "version" => Field::Version,
            "image" => Field::Image,
            "replicas" => Field::Replicas,
            "health" => Field::Health,
            "source" => Field::Source,
            other => other
                .strip_prefix("label:")
                .map_or(Field::Nothing, Field::Label),
        }
    }

    fn read<'a>(self, e: &'a Entity) -> Cow<'a, str> {
        let o = |v: &'a Option<String>| Cow::Borrowed(v.as_deref().unwrap_or_default());
        match self {
            Field::Kind => Cow::Borrowed(&e.kind),
            Field::Name => Cow::Borrowed(&e.name),
            Field::Namespace => Cow::Borrowed(&e.namespace),
            Field::Service => o(&e.service),
            Field::Owner => o(&e.owner),
            Field::System => o(&e.system),
            Field::Lifecycle => o(&e.lifecycle),
            Field::Environment => o(&e.environment),
            Field::Cluster => o(&e.cluster),
            Field::Version => o(&e.version),
            Field::Image => o(&e.image),
            Field::Replicas => match (e.replicas_available, e.replicas_desired) {
                (Some(a), Some(d)) => Cow::Owned(format!("{a}/{d}")),
                _ => Cow::Borrowed(""),
            },
            Field::Health => Cow::Borrowed(e.health.label()),
            Field::Source => Cow::Borrowed(&e.source),
            Field::Label(k) => Cow::Borrowed(e.labels.get(k).map_or("", String::as_str)),
            Field::Nothing => Cow::Borrowed(""),
        }
    }
}

/// How a cell sorts: numbers (the part before a `/`: replicas by available) numerically,
/// before text.
fn sort_key(c: &str) -> (bool, i64, &str) {
    let n = c.split('/').next().and_then(|x| x.parse::<f64>().ok());
    (n.is_none(), n.map(|x| (x * 1000.0) as i64).unwrap_or(0), c)
}

/// What the user asked for; all of it lives in the URL.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Query {
    pub text: String,
    /// column → accepted values (a row matches when its cell is one of them).
    pub filters: BTreeMap<String, Vec<String>>,
    /// (column, descending)
    pub sort: Option<(String, bool)>,
}

impl Query {
    /// Reads `q`, `f.<column>=a,b` and `sort=[-]column` parameters.
    pub fn from_params(params: &BTreeMap<String, String>) -> Query {
        let filters = params
            .iter()
            .filter_map(|(k, v)| {
                Some((
                    k.strip_prefix("f.")?.to_string(),
                    v.split(',')
                        .filter(|x| !x.is_empty())
                        .map(str::to_string)
                        .collect::<Vec<_>>(),
                ))
            })
            .filter(|(_, v)| !v.is_empty())
            .collect();
        let sort =
            params
                .get("sort")
                .filter(|s| !s.is_empty())
                .map(|s| match s.strip_prefix('-') {
                    Some(c) => (c.to_string(), true),
                    None => (s.clone(), false),
                });
        Query {
            text: params.get("q").cloned().unwrap_or_default(),
            filters,
            sort,
        }
    }
}

fn text_match(e: &Entity, needle: &str) -> bool {
    needle.is_empty()
        || COLUMNS
            .iter()
            .any(|c| cell_ref(e, c).to_lowercase().contains(needle))
        || e.labels.values().any(|v| v.to_lowercase().contains(needle))
}

/// The rows passing the search and filters, each facet's counts, built in one pass (the UI
/// keeps the index between changes; this builds one for a single answer).
fn selection(entities: &[Entity], q: &Query, columns: &[&str]) -> (EntityIndex, Selection) {
    let index = EntityIndex::new(entities);
    let hits = index.search(entities, &q.text.to_lowercase());
    let selection = index.select(entities, &hits, &q.filters, columns);
    (index, selection)
}

/// Indices of the matching rows, sorted. Numbers sort numerically (replicas by available).
pub fn apply(entities: &[Entity], q: &Query) -> Vec<usize> {
    let (index, s) = selection(entities, q, &[]);
    index.ordered(entities, &s.pass, q.sort.as_ref())
}

/// For each facet column, the values with their counts among rows that pass every *other*
/// filter (so choosing a value never hides its siblings), most frequent first.
pub fn facets(entities: &[Entity], q: &Query, columns: &[&str]) -> Counts {
    selection(entities, q, columns).1.counts
}

/// The rows `rows` names, with their indices (an index past the end names no row).
fn picked<'a>(
    entities: &'a [Entity],
    rows: &'a [usize],
) -> impl Iterator<Item = (usize, &'a Entity)> + 'a {
    rows.iter().filter_map(|&i| Some((i, entities.get(i)?)))
}

/// CSV of exactly these rows and columns.
pub fn to_csv(entities: &[Entity], rows: &[usize], columns: &[String]) -> String {
    let body: Vec<Vec<String>> = picked(entities, rows)
        .map(|(_, e)| columns.iter().map(|c| cell(e, c)).collect())
        .collect();
    let head: Vec<&str> = columns.iter().map(String::as_str).collect();
    super::csv::write(&head, &body)
}

/// JSON (array of objects) of exactly these rows and columns.
pub fn to_json(entities: &[Entity], rows: &[usize], columns: &[String]) -> String {
    let v: Vec<serde_json::Value> = picked(entities, rows)
        .map(|(_, e)| {
            columns
                .iter()
                .map(|c| (c.clone(), serde_json::Value::String(cell(e, c))))
                .collect::<serde_json::Map<_, _>>()
                .into()
        })
        .collect();
    serde_json::to_string_pretty(&v).unwrap_or_default()
}

/// A synthetic fleet for benchmarks and tests: `n` deployments over clusters, teams, versions.
pub fn synthetic(n: usize) -> Vec<Entity> {
    (0..n)
        .map(|i| Entity {
            kind: if i % 10 == 0 {
                "Node".into()
            } else {
                "Deployment".into()
            },
            name: format!("svc-{i}"),
            namespace: format!("ns-{}", i % 40),
            service: Some(format!("svc-{}", i % 700)),
            owner: Some(format!("team-{}", i % 23)),
            lifecycle: ["production", "experimental", "deprecated"]
                .get(i % 3)
                .map(|l| l.to_string()),
            environment: ["prod", "staging"].get(i % 2).map(|e| e.to_string()),
            cluster: Some(format!("cluster-{}", i % 7)),
            version: Some(format!("1.{}.{}", i % 5, i % 3)),
            replicas_desired: Some((i % 9) as u64 + 1),
            replicas_available: Some((i % 9) as u64),
            labels: [("tier".to_string(), format!("{}", i % 3))].into(),
            source: format!("k8s-{}", i % 7),
            ..Default::default()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn row_html_escapes_every_value() {
        let mut labels = crate::core::model::Labels::new();
        labels.insert("x".into(), "\"><img src=x onerror=alert(1)>".into());
        let e = Entity {
            name: "a&b <script>'".into(),
            labels,
            ..Default::default()
        };
        let cols = ["name".to_string(), "label:x".into(), "owner".into()];
        let mut out = String::from("<tr>before</tr>");
        push_row_html(&mut out, &e, &cols);
        assert_eq!(
            out,
            concat!(
                "<tr>before</tr><tr class=\"entity-row vrow\">",
                "<td title=\"a&amp;b &lt;script&gt;&apos;\">a&amp;b &lt;script&gt;&apos;</td>",
                "<td title=\"&quot;&gt;&lt;img src=x onerror=alert(1)&gt;\">&quot;&gt;&lt;img src=x onerror=alert(1)&gt;</td>",
                "<td title=\"\"></td>",
                "</tr>",
            )
        );
    }

    #[test]
    fn group_row_html_escapes_its_value() {
        let mut out = String::new();
        push_group_row_html(&mut out, "<b>team</b> & co", 12, 4);
        assert_eq!(
            out,
            "<tr class=\"group-row vrow\"><td colspan=\"4\"><b>&lt;b&gt;team&lt;/b&gt; &amp; co</b> · 12</td></tr>"
        );
    }

    #[test]
    fn filters_facets_sort_and_exports() {
        let es = synthetic(1000);
        let mut params = BTreeMap::new();
        params.insert("f.owner".to_string(), "team-1,team-2".to_string());
        params.insert("f.kind".to_string(), "Deployment".to_string());
        params.insert("sort".to_string(), "-replicas".to_string());
        let q = Query::from_params(&params);
        let rows = apply(&es, &q);
        let want = es
            .iter()
            .filter(|e| {
                (e.owner.as_deref() == Some("team-1") || e.owner.as_deref() == Some("team-2"))
                    && e.kind == "Deployment"
            })
            .count();
        assert_eq!(rows.len(), want);
        assert!(rows
            .windows(2)
            .all(|w| es[w[0]].replicas_available >= es[w[1]].replicas_available));
        let f = facets(&es, &q, &["owner", "kind"]);
        // The owner facet ignores the owner filter: every team is offered, with its count.
        assert_eq!(f["owner"].len(), 23);
        let t1 = f["owner"].iter().find(|(v, _)| v == "team-1").unwrap().1;
        assert_eq!(
            t1,
            es.iter()
                .filter(|e| e.owner.as_deref() == Some("team-1") && e.kind == "Deployment")
                .count()
        );
        let kinds: usize = f["kind"].iter().map(|x| x.1).sum();
        assert_eq!(
            kinds,
            es.iter()
                .filter(|e| matches!(e.owner.as_deref(), Some("team-1" | "team-2")))
                .count()
        );
        let cols = vec![
            "name".to_string(),
            "owner".to_string(),
            "label:tier".to_string(),
        ];
        let csv = to_csv(&es, &rows, &cols);
        assert_eq!(csv.lines().count(), rows.len() + 1);
        assert!(csv.starts_with("name,owner,label:tier\n"));
        let json: Vec<serde_json::Value> =
            serde_json::from_str(&to_json(&es, &rows[..2], &cols)).unwrap();
        assert_eq!(json.len(), 2);
        assert_eq!(EntityIndex::new(&es).group(&es, &rows, "owner").len(), 2);
        let text = apply(
            &es,
            &Query {
                text: "SVC-99".into(),
                ..Default::default()
            },
        );
        assert!(
            !text.is_empty()
                && text.iter().all(|&i| es[i].name.contains("svc-99")
                    || es[i]
                        .service
                        .as_deref()
                        .is_some_and(|s| s.contains("svc-99")))
        );
    }
}
