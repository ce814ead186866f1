//! Support for unit tests that read the interop fixtures in `../shared/fixtures/interop/`
//! beside the repository (real files from other projects). Without that folder the tests are
//! skipped with one line on stderr naming it — unless `CI=true`, where a missing folder fails.

use std::io::Write;
use std::path::PathBuf;
use std::sync::Once;

/// `../shared/fixtures/interop/<sub>`, or `None` (test skipped) when the folder is missing
/// outside CI.
pub fn interop(sub: &str) -> Option<PathBuf> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/fixtures/interop");
    if root.is_dir() {
        return Some(root.join(sub));
    }
    let shown = root.display().to_string();
    assert!(
        std::env::var("CI").as_deref() != Ok("true"),
        "{shown} is missing; CI must have the shared fixtures beside the repository"
    );
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        // Written to stderr directly: libtest captures eprintln! of passing tests.
        let _ = writeln!(std::io::stderr(), "note: {shown} is missing: the interop fixture tests are skipped (CI=true fails instead)");
    });
    None
}
