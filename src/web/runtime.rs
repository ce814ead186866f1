//! The browser as the workspace layer's [`Runtime`]: the page's clock and `setTimeout`.

use crate::sources::LocalBoxFuture;
use crate::workspace::Runtime;

pub struct BrowserRuntime;

impl Runtime for BrowserRuntime {
    fn now_ms(&self) -> i64 {
        super::now_ms()
    }

    fn sleep(&self, ms: i64) -> LocalBoxFuture<'static, ()> {
        Box::pin(super::fetch::sleep(ms))
    }

    /// A `setTimeout(0)`: the browser paints and handles input before the load goes on.
    fn pause(&self) -> LocalBoxFuture<'static, ()> {
        Box::pin(super::fetch::sleep(0))
    }
}
