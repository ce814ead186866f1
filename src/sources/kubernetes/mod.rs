//! Kubernetes List JSON (`kubectl get … -o json`, or API `*List` responses): Deployments,
//! StatefulSets, DaemonSets, Nodes, Pods, Namespaces. The source's name is the cluster name.
//!
//! A List is cut into its items first (each a slice of the body: `split`), then read a piece
//! of items at a time, pausing between pieces: 100,000 items never block the page for long. Each item
//! is checked as a JSON tree would check it (`check`), then read into typed structs holding
//! only what Headroom reads (`item`), then made an entity (`entity`).

mod check;
mod entity;
#[cfg(test)]
mod equivalence;
mod item;
pub mod quantity;
#[cfg(test)]
mod reference;
mod split;
#[cfg(test)]
mod tests;

use std::fmt;

use serde_json::Value;

use super::{
    Adapter, AdapterInfo, Capabilities, Context, LocalBoxFuture, Payload, ProbeInfo, Request,
    SourceError,
};
use crate::core::inventory::Entity;
use crate::core::model::{Notice, NoticeLevel};

pub struct Kubernetes;

static INFO: AdapterInfo = AdapterInfo {
    kind: "kubernetes",
    describe: "Kubernetes List JSON (kubectl get … -o json, or an API list response)",
    capabilities: Capabilities {
        metrics: false,
        promql: false,
        inventory: true,
        runs: false,
        incidents: false,
    },
};

impl Adapter for Kubernetes {
    fn info(&self) -> &'static AdapterInfo {
        &INFO
    }
    fn load<'a>(
        &'a self,
        cx: &'a Context<'a>,
        req: &'a Request,
    ) -> LocalBoxFuture<'a, Result<Payload, SourceError>> {
        Box::pin(async move {
            let (url, resp) = crate::sources::fetch_ok(cx, "").await?;
            let (entities, notices) = read_list(&resp.body, &cx.source.name, cx.pause)
                .await
                .map_err(|e| SourceError::Malformed {
                    url,
                    detail: e.to_string(),
                })?;
            match req {
                Request::Probe => Ok(Payload::Probe(ProbeInfo {
                    summary: format!("read {} Kubernetes objects", entities.len()),
                    ..Default::default()
                })),
                Request::Inventory => Ok(Payload::Entities { entities, notices }),
                other => Err(other.unsupported("kubernetes")),
            }
        })
    }
}

/// Why a document is not a List Headroom reads (the source's error says so, with its URL).
#[derive(Debug)]
pub enum ListError {
    /// Not JSON, not an object with a string `kind`, or `items` not an array.
    NotAList(serde_json::Error),
    /// A `kind` other than `List` or `*List`.
    Kind(String),
}

impl fmt::Display for ListError {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        match self {
            ListError::NotAList(e) => write!(f, "not a Kubernetes List: {e}"),
            ListError::Kind(kind) => write!(f, "kind is \"{kind}\", expected List or a *List"),
        }
    }
}

impl std::error::Error for ListError {}

/// Entities and the notices about items that were not read (or not wholly).
pub type Parsed = (Vec<Entity>, Vec<Notice>);

/// Awaited between two pieces of work.
type Pause<'a> = Option<&'a dyn Fn() -> LocalBoxFuture<'static, ()>>;

/// Item bytes (and costs) read between two pauses: about 10 ms in the browser.
const PIECE: usize = 1 << 19;

/// Bytes scanned for items between two pauses: about 10 ms in the browser.
const SCAN_PIECE: usize = 1 << 20;

/// What reading an item costs beyond its bytes (making its entity), in bytes.
const ITEM_COST: usize = 200;

/// Parses a `List`/`*List` document into entities; `cluster` names where they run.
pub fn parse_list(body: &[u8], cluster: &str) -> Result<Parsed, ListError> {
    crate::sources::block_on(read_list(body, cluster, None))
}

/// [`parse_list`], awaiting `pause` after each piece of items and before the first.
pub async fn read_list(body: &[u8], cluster: &str, pause: Pause<'_>) -> Result<Parsed, ListError> {
    let mut scan = split::Scan::default();
    loop {
        if let Some(pause) = pause {
            pause().await;
        }
        if !scan.step(body, SCAN_PIECE) {
            break;
        }
    }
    let list = scan.finish(body).map_err(|e| refused(body, e))?;
    if !list.kind.ends_with("List") {
        // A tree would have refused a malformed item before looking at the kind.
        return Err(match serde_json::from_slice::<check::List>(body) {
            Err(e) => ListError::NotAList(e),
            Ok(_) => ListError::Kind(list.kind),
        });
    }
    let item_kind = list.kind.strip_suffix("List").filter(|k| !k.is_empty());
    let (mut out, mut notices) = (Vec::with_capacity(list.items.len()), Vec::new());
    let mut work = 0;
    for (i, range) in list.items.iter().enumerate() {
        if let (true, Some(pause)) = (work >= PIECE, pause) {
            work = 0;
            pause().await;
        }
        let raw = body.get(range.clone()).unwrap_or_default();
        work += raw.len() + ITEM_COST;
        let mut item = read_item(raw).map_err(|e| refused(body, e))?;
        let own_kind = item.kind.0.take();
        let kind = own_kind.as_deref().or(item_kind).unwrap_or("");
        let mut refused = Vec::new();
        let found = entity::entity(kind, item, cluster, &mut refused);
        notices.extend(refused.into_iter().map(|text| Notice {
            level: NoticeLevel::Warning,
            text: format!("items[{i}]: {text}"),
        }));
        match found {
            Some(e) => out.push(e),
            None => notices.push(Notice { level: NoticeLevel::Warning, text: format!("items[{i}]: kind \"{kind}\" is not read by Headroom (Deployment, StatefulSet, DaemonSet, Node, Pod, Namespace are)") }),
        }
    }
    Ok((out, notices))
}

/// One item's fields, after checking it as a tree would be checked. Serde refuses a field
/// given twice, where a tree keeps the last: such an item is read again from its tree
/// written out (each field once; reading the tree itself would add a copy of every reader).
fn read_item(raw: &[u8]) -> Result<item::Item, serde_json::Error> {
    check::item(raw)?;
    let read = |bytes: &[u8]| serde_json::from_slice::<item::Obj<item::Item>>(bytes);
    match read(raw) {
        Ok(item) => Ok(item.0),
        Err(_) => {
            let tree: Value = serde_json::from_slice(raw)?;
            read(&serde_json::to_vec(&tree)?).map(|item| item.0)
        }
    }
}

/// The error for a document a step refused with `e`: the one reading the whole document as a
/// tree gives (its position in the document, not in an item).
fn refused(body: &[u8], e: serde_json::Error) -> ListError {
    ListError::NotAList(
        serde_json::from_slice::<check::List>(body)
            .err()
            .unwrap_or(e),
    )
}
